//! The indicator and landmark tasks driven from the TUI in tmux, as a coordinator does them:
//! record a value, set and confirm a year's target, add, change and remove a landmark
//! achievement; each commit is then read back with `git` (summary, trailers, the file).
//!
//! tmux is required (CI installs it). Raise the wait with `TASKFORCE_E2E_TIMEOUT=<seconds>`.

mod support;
#[path = "support/tmux.rs"]
mod tmux;

use support::{TempPlan, bin};
use tmux::Tmux;

const TODAY: &str = "2026-11-27";

fn start(plan: &TempPlan, name: &str) -> Tmux {
    let tui = Tmux::start(
        bin(),
        plan.home.path(),
        TODAY,
        name,
        &format!("--repo '{}'", plan.path().display()),
    );
    // The status line (with this week, month and quarter) is drawn once the plan is loaded.
    tui.wait_for_text("2026-W48 2026-11 2026-Q4");
    tui
}

/// The last commit's summary and its whole message.
fn last_commit(plan: &TempPlan) -> (String, String) {
    (
        plan.git(&["log", "-1", "--format=%s"]).trim().to_string(),
        plan.git(&["log", "-1", "--format=%B"]),
    )
}

/// Sends `keys`, then waits for the confirmation and answers `y`; waits for the commit.
fn submit_and_confirm(tui: &Tmux, summary: &str) {
    tui.keys(&["C-s"]);
    tui.wait_until(&format!("the confirmation of {summary:?}"), |s| {
        s.contains("将提交一次修改") && s.contains(summary)
    });
    tui.keys(&["y"]);
    tui.wait_for_text("已提交");
}

/// From the tree, the indicators screen on I08 (the eighth row).
fn indicators_on_i08(tui: &Tmux) {
    tui.keys(&["i"]);
    tui.wait_for_text("指标（24项）");
    for _ in 0..7 {
        tui.keys(&["j"]);
    }
    tui.wait_for_text("┌ I08 基层就业服务站点");
}

#[test]
fn a_value_is_recorded_from_the_indicators_screen_and_shown_in_its_detail() {
    let plan = TempPlan::new();
    let before = plan.commit_count();
    let tui = start(&plan, "value");
    indicators_on_i08(&tui);
    tui.keys(&["e"]);
    tui.wait_for_text("记录监测值 I08 基层就业服务站点（个）");
    tui.type_text("600");
    // Up to the kind of value: the full-year estimate; down past the value to the note.
    tui.keys(&["Up", "Right", "Down", "Down"]);
    tui.type_text("按在建站点测算");
    submit_and_confirm(&tui, "指标 I08 基层就业服务站点 2026-Q4：600个（预计全年）");

    assert_eq!(plan.commit_count(), before + 1);
    let (summary, message) = last_commit(&plan);
    assert_eq!(
        summary,
        "指标 I08 基层就业服务站点 2026-Q4：600个（预计全年）"
    );
    for trailer in [
        "Item: I08",
        "Period: 2026-Q4",
        "Field: value\nFrom: null\nTo: 600.0",
        "Field: estimated\nFrom: null\nTo: true",
        "Field: note\nFrom: null\nTo: \"按在建站点测算\"",
        "Field: recorded_by\nFrom: null\nTo: \"王芳\"",
    ] {
        assert!(message.contains(trailer), "{trailer}:\n{message}");
    }
    let file = plan.read("observations/I08/2026-Q4.ron");
    for line in [
        "indicator: \"I08\"",
        "period: \"2026-Q4\"",
        "value: 600.0",
        "estimated: true",
        "note: \"按在建站点测算\"",
        "recorded_by: \"王芳\"",
    ] {
        assert!(file.contains(line), "{line}:\n{file}");
    }

    // The table shows the estimate; Enter lists it with who recorded it.
    let screen = tui.wait_for_text("预计600（2026-Q4）");
    assert!(screen.contains("按 c 确认建议值，t 设定目标"), "{screen}");
    tui.keys(&["Enter"]);
    let screen = tui.wait_for_text("监测值（1项，新的在前）");
    assert!(
        screen.contains("2026-Q4 预计全年 600个  王芳 · "),
        "{screen}"
    );
    assert!(screen.contains("说明：按在建站点测算"), "{screen}");
    // A correction from the detail: the period recorded shows its value, a new one replaces it.
    tui.keys(&["e"]);
    tui.wait_for_text("2026-Q4 · 已记录");
    tui.keys(&["BSpace", "BSpace", "BSpace"]);
    tui.type_text("580");
    submit_and_confirm(&tui, "指标 I08 基层就业服务站点 2026-Q4：580个（预计全年）");
    let (_, message) = last_commit(&plan);
    assert!(
        message.contains("Field: value\nFrom: 600.0\nTo: 580.0"),
        "{message}"
    );
    assert!(
        plan.read("observations/I08/2026-Q4.ron")
            .contains("value: 580.0")
    );
    tui.wait_for_text("2026-Q4 预计全年 580个");
    plan.fsck();
}

#[test]
fn a_target_is_confirmed_or_set_with_its_basis_from_the_indicators_screen() {
    let plan = TempPlan::new();
    let tui = start(&plan, "target");
    indicators_on_i08(&tui);
    // Left at the 建议值, with where it was agreed: the suggestion confirmed.
    tui.keys(&["t"]);
    tui.wait_for_text("2026年 · 建议值 615");
    tui.keys(&["Tab"]);
    tui.type_text("第12次月例会");
    submit_and_confirm(
        &tui,
        "指标 I08 基层就业服务站点 2026年目标（专班确认建议值）：615",
    );
    let (summary, message) = last_commit(&plan);
    assert_eq!(
        summary,
        "指标 I08 基层就业服务站点 2026年目标（专班确认建议值）：615"
    );
    assert!(message.contains("Item: I08\nField: indicator"), "{message}");
    let file = plan.read("targets/I08/2026.ron");
    assert!(file.contains("text: \"615\""), "{file}");
    assert!(
        file.contains(
            "basis: \"线性插值：2025年目标580→2027年目标650；专班确认建议值；第12次月例会\""
        ),
        "{file}"
    );
    assert!(file.contains("set_by: \"王芳\""), "{file}");

    // I16 has no suggestion: a target of its own needs a basis, refused without one.
    for _ in 0..8 {
        tui.keys(&["j"]);
    }
    tui.wait_for_text("┌ I16 提供就业帮扶重点群体数");
    let before = plan.snapshot();
    tui.keys(&["t"]);
    tui.wait_for_text("本年无建议值");
    tui.type_text("1.2");
    tui.keys(&["C-s"]);
    tui.wait_for_text("设定目标须写明依据");
    plan.assert_unchanged(&before, "a target without a basis");
    tui.keys(&["Tab"]);
    tui.type_text("市人社局来函");
    submit_and_confirm(
        &tui,
        "指标 I16 提供就业帮扶重点群体数 2026年目标（专班设定）：1.2",
    );
    let file = plan.read("targets/I16/2026.ron");
    assert!(file.contains("text: \"1.2\""), "{file}");
    assert!(file.contains("basis: \"市人社局来函\""), "{file}");
    let (_, message) = last_commit(&plan);
    assert!(
        message.contains("Field: basis\nFrom: null\nTo: \"市人社局来函\""),
        "{message}"
    );
    // The table shows it as set by the taskforce.
    tui.wait_for_text("目标1.2（专班设定）");
    plan.fsck();
}

#[test]
fn e_on_an_indicator_in_the_tree_records_its_value() {
    let plan = TempPlan::new();
    let tui = start(&plan, "tree-e");
    tui.keys(&["/"]);
    tui.type_text("I08");
    tui.keys(&["Enter"]);
    tui.wait_for_text("┌ I08 ");
    tui.keys(&["e"]);
    tui.wait_for_text("记录监测值 I08");
    tui.type_text("560");
    submit_and_confirm(&tui, "指标 I08 基层就业服务站点 2026-Q4：560个");
    assert!(
        plan.read("observations/I08/2026-Q4.ron")
            .contains("estimated: false")
    );
}

#[test]
fn a_landmark_is_added_changed_and_removed_from_its_screen() {
    let plan = TempPlan::new();
    let tui = start(&plan, "landmark");
    tui.keys(&["L"]);
    tui.wait_for_text("2026年尚无标志性成果：按 a 新增");
    tui.keys(&["a"]);
    tui.wait_for_text("新增标志性成果 2026年");
    tui.type_text("“15分钟就业服务圈”全域覆盖");
    tui.keys(&["Tab"]);
    tui.type_text("市人社局");
    tui.keys(&["Tab"]);
    tui.type_text("a3-02、A3-05");
    // Past the status (推进中) to the evidence: two pieces, one a line.
    tui.keys(&["Tab", "Tab"]);
    tui.type_text("市政府常务会议纪要");
    tui.keys(&["C-j"]);
    tui.type_text("浙江日报报道");
    submit_and_confirm(&tui, "标志性成果 L2026-01：“15分钟就业服务圈”全域覆盖");
    let (summary, message) = last_commit(&plan);
    assert_eq!(summary, "标志性成果 L2026-01：“15分钟就业服务圈”全域覆盖");
    assert!(
        message.contains("Item: L2026-01")
            && message.contains("Field: measures\nFrom: null\nTo: [\"A3-02\",\"A3-05\"]"),
        "{message}"
    );
    let file = plan.read("landmarks/2026/L2026-01.ron");
    for line in [
        "title: \"“15分钟就业服务圈”全域覆盖\"",
        "\"A3-02\",\n        \"A3-05\",",
        "lead_unit: \"市人社局\"",
        "\"市政府常务会议纪要\",\n        \"浙江日报报道\",",
        "status: InProgress",
    ] {
        assert!(file.contains(line), "{line}:\n{file}");
    }
    // The list and the pane show it.
    let screen = tui.wait_for_text("标志性成果 · 2026年 · 1/10项");
    assert!(screen.contains("· 浙江日报报道"), "{screen}");

    // Its status and a third piece of evidence.
    tui.keys(&["e"]);
    tui.wait_for_text("标志性成果 L2026-01");
    tui.keys(&["Right", "Tab", "End", "C-j"]);
    tui.type_text("省级推广案例");
    submit_and_confirm(&tui, "标志性成果 L2026-01 调整 佐证材料、状态");
    let (_, message) = last_commit(&plan);
    assert!(
        message.contains("Field: status\nFrom: \"InProgress\"\nTo: \"DoneAwaitingClose\""),
        "{message}"
    );
    let file = plan.read("landmarks/2026/L2026-01.ron");
    assert!(file.contains("\"省级推广案例\""), "{file}");
    assert!(file.contains("status: DoneAwaitingClose"), "{file}");

    // Removed after its preview.
    tui.keys(&["x"]);
    submit_and_confirm_removal(&tui);
    assert_eq!(
        last_commit(&plan).0,
        "删除标志性成果 L2026-01：“15分钟就业服务圈”全域覆盖"
    );
    assert_eq!(plan.git(&["ls-files", "landmarks"]), "");
    tui.wait_for_text("2026年尚无标志性成果");
    plan.fsck();
}

fn submit_and_confirm_removal(tui: &Tmux) {
    tui.wait_for_text("删除标志性成果 L2026-01");
    tui.keys(&["y"]);
    tui.wait_for_text("已提交");
}

#[test]
fn an_eleventh_landmark_is_refused_and_e_in_the_tree_opens_a_landmark() {
    let plan = TempPlan::new();
    for n in 1..=10 {
        let title = format!("标志性成果{n:02}");
        let r = plan.run(&[
            "landmark",
            "add",
            "--year",
            "2026",
            "--title",
            &title,
            "--measure",
            "A3-02",
            "--lead",
            "市人社局",
        ]);
        assert_eq!(r.code, 0, "{r:?}");
    }
    let before = plan.snapshot();
    let tui = start(&plan, "eleventh");
    tui.keys(&["L"]);
    tui.wait_for_text("标志性成果 · 2026年 · 10/10项");
    tui.keys(&["a"]);
    let screen = tui.wait_for_text("2026年已有10项标志性成果");
    assert!(!screen.contains("新增标志性成果"), "no form: {screen}");
    plan.assert_unchanged(&before, "the eleventh landmark");

    // In the tree: searched for, then e.
    // Esc alone: followed at once by another key, a terminal reads it as Alt.
    tui.keys(&["Escape"]);
    tui.wait_until("the tree", |s| !s.contains("10/10项"));
    tui.keys(&["/"]);
    tui.type_text("成果03");
    tui.keys(&["Enter"]);
    tui.wait_for_text("┌ L2026-03 ");
    tui.keys(&["e"]);
    tui.wait_for_text("标志性成果 L2026-03 标志性成果03");
    tui.keys(&["Right", "Right"]);
    submit_and_confirm(&tui, "标志性成果 L2026-03 调整 状态");
    assert!(
        plan.read("landmarks/2026/L2026-03.ron")
            .contains("status: DoneAwaitingClose")
    );
}
