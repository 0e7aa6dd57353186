//! The measure form and late reports driven in the TUI through tmux, as a coordinator would,
//! each checked in git afterwards: the commit's summary, its trailers and the file it wrote.

mod support;
#[path = "support/tmux.rs"]
mod tmux;

use support::TempPlan;
use tmux::Tmux;

const MEASURE: &str = "measures/A3/A3-02.ron";

/// The TUI on a fresh plan as of 2026-11-25, A3-02 selected through a Chinese search.
fn tui_on(p: &TempPlan, name: &str) -> Tmux {
    let tui = Tmux::start(
        support::bin(),
        p.home.path(),
        "2026-11-25",
        name,
        &format!("--repo '{}'", p.path().display()),
    );
    tui.wait_for_text("2026-W48 2026-11 2026-Q4");
    tui.select_by_search("站点规划", "A3-02");
    tui
}

/// Opens the measure form and goes to the milestones (seven fields after the deadline).
fn milestones(tui: &Tmux) {
    tui.keys(&["m"]);
    tui.wait_for_text("调整 A3-02");
    for _ in 0..7 {
        tui.keys(&["Tab"]);
    }
    tui.wait_for_text("＋新增");
}

/// Confirms the preview on screen and waits for the commit; returns the confirmation screen.
fn confirm(tui: &Tmux, preview: &[&str]) -> String {
    tui.keys(&["C-s"]);
    let screen = tui.wait_until(&format!("the preview {preview:?}"), |s| {
        s.contains("将提交一次修改") && preview.iter().all(|line| s.contains(line))
    });
    tui.keys(&["y"]);
    tui.wait_for_text("已提交");
    screen
}

fn last_message(p: &TempPlan) -> String {
    p.git(&["log", "-1", "--format=%B"])
}

fn assert_trailers(message: &str, trailers: &[&str]) {
    for t in trailers {
        assert!(message.contains(t), "{t:?} in\n{message}");
    }
}

#[test]
fn milestones_added_then_one_marked_done_on_a_date_and_one_removed() {
    let p = TempPlan::new();
    let tui = tui_on(&p, "milestones");
    milestones(&tui);
    tui.type_text("2026-11-10 完成站点选址");
    tui.keys(&["Enter"]);
    tui.type_text("2026-12-31 全面建成");
    tui.keys(&["Enter"]);
    tui.wait_until("both milestones in the list", |s| {
        s.contains("2026-11-10 完成站点选址 新增") && s.contains("2026-12-31 全面建成 新增")
    });
    confirm(
        &tui,
        &[
            "调整 A3-02 节点 新增 2026-11-10 完成站点选址，节点 新增 2026-12-31 全面建成",
            "亮灯：未报→黄（节点“完成站点选址”逾期15天（应于2026-11-10完成））",
        ],
    );
    let message = last_message(&p);
    assert!(
        message.starts_with(
            "调整 A3-02 节点 新增 2026-11-10 完成站点选址，节点 新增 2026-12-31 全面建成（未报→黄）\n"
        ),
        "{message}"
    );
    assert_trailers(
        &message,
        &[
            "Item: A3-02\n",
            "Field: milestones\n",
            "Light: unreported→yellow",
        ],
    );
    let file = p.read(MEASURE);
    for part in [
        "due: \"2026-11-10\"",
        "what: \"完成站点选址\"",
        "due: \"2026-12-31\"",
        "done_on: None",
    ] {
        assert!(file.contains(part), "{part} in\n{file}");
    }

    // Done on the 20th (the date starts as today), and the second one removed; the focus
    // enters the list on its first milestone.
    milestones(&tui);
    tui.keys(&["Right"]);
    tui.wait_for_text("完成于 2026-11-25");
    tui.keys(&["BSpace", "BSpace"]);
    tui.type_text("20");
    tui.keys(&["Down", "Right", "Right"]);
    tui.wait_until("the marks in the list", |s| {
        s.contains("完成站点选址 完成于 2026-11-20") && s.contains("全面建成 删除")
    });
    confirm(
        &tui,
        &[
            "调整 A3-02 节点 2026-11-10 已完成（2026-11-20），节点 删除 2026-12-31 全面建成",
            "亮灯：黄→未报",
        ],
    );
    let message = last_message(&p);
    assert!(
        message.starts_with(
            "调整 A3-02 节点 2026-11-10 已完成（2026-11-20），节点 删除 2026-12-31 全面建成（黄→未报）\n"
        ),
        "{message}"
    );
    assert_trailers(
        &message,
        &["Field: milestones\n", "Light: yellow→unreported"],
    );
    let file = p.read(MEASURE);
    assert!(file.contains("done_on: Some(\"2026-11-20\")"), "{file}");
    assert!(!file.contains("2026-12-31\""), "{file}");
    assert_eq!(p.commit_count(), 3);
    p.fsck();
}

#[test]
fn co_units_liaison_cadence_and_start_in_one_commit_with_the_light_it_gives() {
    let p = TempPlan::new();
    let r = p.run(&[
        "roster",
        "add-person",
        "李敏",
        "--unit",
        "市人社局",
        "--role",
        "科长",
    ]);
    assert_eq!(r.code, 0, "{r:?}");
    let tui = tui_on(&p, "co-units");
    tui.keys(&["m"]);
    tui.wait_for_text("调整 A3-02");
    // 开始日期, then 报送频次 每月 → 每周.
    tui.keys(&["Tab"]);
    for _ in 0..10 {
        tui.keys(&["BSpace"]);
    }
    tui.type_text("2026-01-01");
    tui.keys(&["Tab", "Left", "Tab", "Tab", "Right"]);
    tui.wait_until("the liaison picked from the roster", |s| {
        s.contains("联络员    李敏")
    });
    // 配合单位: typed text narrows the roster's units, Space picks.
    tui.keys(&["Tab", "Tab"]);
    tui.type_text("财政");
    tui.wait_for_text("◂ ·市财政局 ▸");
    tui.keys(&["Space"]);
    tui.type_text("资规");
    tui.keys(&["Space"]);
    tui.wait_until("two co-units picked", |s| {
        s.contains("配合单位  市财政局、市资规局")
    });
    confirm(
        &tui,
        &[
            "调整 A3-02 配合单位 新增 市财政局、市资规局，联络员 无→李敏，",
            "报送频次 每月→每周",
            "亮灯不变：未报（从未报送（首期2026-W01已结束））",
        ],
    );
    let message = last_message(&p);
    assert!(
        message.starts_with("调整 A3-02 配合单位 新增 市财政局、市资规局，联络员 无→李敏，开始日期 2025-01-01→2026-01-01，报送频次 每月→每周\n"),
        "{message}"
    );
    assert_trailers(
        &message,
        &[
            "Field: start\nFrom: \"2025-01-01\"\nTo: \"2026-01-01\"\n",
            "Field: cadence\nFrom: \"Monthly\"\nTo: \"Weekly\"\n",
            "Field: liaison\nFrom: null\nTo: \"李敏\"\n",
            "Field: co_units\n",
        ],
    );
    assert!(!message.contains("Light:"), "{message}");
    let file = p.read(MEASURE);
    for part in [
        "start: \"2026-01-01\"",
        "cadence: Weekly",
        "liaison: Some(\"李敏\")",
        "co_units: [\n        \"市财政局\",\n        \"市资规局\",\n    ],",
    ] {
        assert!(file.contains(part), "{part} in\n{file}");
    }
    // Set by a person, start and cadence are no longer defaults.
    assert!(
        file.contains("assumed: [\n        Status,\n    ],"),
        "{file}"
    );
    p.fsck();
}

#[test]
fn a_late_report_for_last_month_from_the_tree_with_its_own_date() {
    let p = TempPlan::new();
    let tui = tui_on(&p, "late");
    tui.keys(&["e"]);
    tui.wait_for_text("填报 A3-02");
    assert!(tui.screen().contains("2026-11（本期）"));
    // 期次 ◂ one month back, 报送日期 the 20th, 亮灯 黄, 进展.
    tui.keys(&["BTab", "BTab", "Left"]);
    tui.wait_for_text("2026-10 ◂▸");
    tui.keys(&["Tab"]);
    for _ in 0..10 {
        tui.keys(&["BSpace"]);
    }
    tui.type_text("2026-11-20");
    tui.keys(&["Tab", "Right", "Right", "Right", "Tab", "Tab", "Tab"]);
    tui.type_text("十月完成站点选址");
    tui.wait_for_text("记为补报");
    confirm(
        &tui,
        &[
            "月报 2026-10（补报）A3-02 未报→黄",
            "报送：黄 · 计算：黄（月报 2026-10报黄灯）",
        ],
    );
    let message = last_message(&p);
    assert!(
        message.starts_with("月报 2026-10（补报）A3-02 未报→黄\n"),
        "{message}"
    );
    assert_trailers(
        &message,
        &[
            "Item: A3-02\nCycle: monthly\nPeriod: 2026-10\n",
            "Field: light\nFrom: null\nTo: \"Yellow\"\n",
            "Field: reported_on\nFrom: null\nTo: \"2026-11-20\"\n",
            "Light: unreported→yellow",
        ],
    );
    let file = p.read("status/monthly/2026-10/A3/A3-02.ron");
    for part in [
        "period: \"2026-10\"",
        "light: Some(Yellow)",
        "progress: \"十月完成站点选址\"",
        "reported_on: \"2026-11-20\"",
    ] {
        assert!(file.contains(part), "{part} in\n{file}");
    }
    // The detail pane lists it among the earlier reports, marked late.
    let screen = tui.wait_for_text("往期报送");
    assert!(
        screen.contains("月报 2026-10 黄 王芳 2026-11-20 补报"),
        "{screen}"
    );
    p.fsck();
}

#[test]
fn the_weekly_dispatch_reports_weekly() {
    let p = TempPlan::new();
    let tui = tui_on(&p, "weekly");
    // The meeting screen opens on 月例会; c goes on to 季总结, then 周调度.
    tui.keys(&["M"]);
    tui.wait_for_text("会议 · 月例会");
    tui.keys(&["c"]);
    tui.wait_for_text("会议 · 季总结");
    tui.keys(&["c"]);
    tui.wait_for_text("没有进行中的周调度");
    tui.keys(&["e"]);
    let screen = tui.wait_for_text("填报 A3-02");
    assert!(screen.contains("周期      周报"), "{screen}");
    assert!(
        screen.contains("2026-W48（本期，11-23～11-29）"),
        "{screen}"
    );
    tui.keys(&["Right", "Tab", "Tab", "Tab"]);
    tui.type_text("本周完成选址");
    confirm(&tui, &["周报 2026-W48 A3-02"]);
    let message = last_message(&p);
    assert!(message.starts_with("周报 2026-W48 A3-02 "), "{message}");
    assert!(!message.contains("补报"), "{message}");
    assert_trailers(&message, &["Cycle: weekly\nPeriod: 2026-W48\n"]);
    let file = p.read("status/weekly/2026-W48/A3/A3-02.ron");
    assert!(file.contains("progress: \"本周完成选址\""), "{file}");
    assert!(file.contains("reported_on: \"2026-11-25\""), "{file}");
    // Back on the meeting screen the form is gone.
    tui.wait_for_text("周调度");
}
