//! Meetings in the TUI, as a coordinator uses them: a past meeting's minutes read from the
//! tree as text, the meeting screen landing on the open meeting, a meeting of another kind
//! opened from it and shown, the unit picker and the time default.

mod support;
#[path = "support/tmux.rs"]
mod tmux;

use support::TempPlan;
use tmux::{Tmux, tree_line};

const TODAY: &str = "2026-11-25";

fn ok(plan: &TempPlan, args: &[&str]) -> String {
    let r = plan.run_on(TODAY, args);
    assert_eq!(r.code, 0, "{args:?}: {r:?}");
    r.stdout
}

fn tui(plan: &TempPlan, name: &str) -> Tmux {
    let tui = Tmux::start(
        support::bin(),
        plan.home.path(),
        TODAY,
        name,
        &format!("--repo '{}'", plan.path().display()),
    );
    tui.wait_for_text("2026-W48 2026-11 2026-Q4");
    tui
}

#[test]
fn a_closed_meetings_minutes_read_as_text_from_the_tree() {
    let plan = TempPlan::new();
    ok(
        &plan,
        &["meeting", "new", "monthly", "--date", "2026-11-20 09:00"],
    );
    ok(
        &plan,
        &[
            "meeting",
            "decide",
            "月底前完成零工市场选址",
            "--lead",
            "市人社局",
            "--deadline",
            "2026-12-31",
        ],
    );
    ok(&plan, &["meeting", "close"]);
    ok(
        &plan,
        &[
            "item",
            "set",
            "D2026-11-01",
            "--feedback",
            "已完成3处选址，待审批",
        ],
    );
    let t = tui(&plan, "minutes");
    // The meetings section is the last row: open it, select the meeting.
    t.keys(&["End", "Right", "Down"]);
    let screen = t.wait_until("the meeting selected", |s| {
        tree_line(s, "M2026-11").is_some_and(|l| l.contains('›'))
    });
    // The decision and its latest 落实情况 in the detail pane, and how to read the minutes.
    assert!(
        screen.contains("落实情况：已完成3处选址，待审批"),
        "{screen}"
    );
    assert!(screen.contains("按 e 阅读纪要"), "{screen}");
    t.keys(&["e"]);
    // Wait for the whole frame (a capture can catch a redraw half done).
    let screen = t.wait_until("the minutes drawn", |s| {
        s.contains("会议纪要 M2026-11")
            && s.contains("· 记录：专班办公室")
            && s.contains("│   11 │")
    });
    assert!(
        screen.contains("温州市基本公共服务一体化改革专班 第1次月例会纪要"),
        "{screen}"
    );
    assert!(screen.contains("· 时间：2026年11月20日 09:00"), "{screen}");
    // The table laid out in columns; no markdown syntax anywhere.
    let row = screen
        .lines()
        .find(|l| l.contains("A1 “托育”普惠一体改革行动 │"))
        .unwrap_or_else(|| panic!("a table row:\n{screen}"));
    assert!(row.contains("│   11 │"), "{row}");
    for syntax in ["# ", "|---", "| A1", "- 时间"] {
        assert!(!screen.contains(syntax), "{syntax:?} on screen:\n{screen}");
    }
    // Scrolling reaches the decisions.
    t.keys(&["End"]);
    t.keys(&["PageDown", "PageDown", "PageDown"]);
    t.wait_for_text("月底前完成零工市场选址");
    t.keys(&["Escape"]);
    t.wait_until("the tree again", |s| !s.contains("会议纪要 M2026-11"));
    t.keys(&["q"]);
    t.wait_for_text("EXIT=0");
}

#[test]
fn the_meeting_screen_lands_on_the_open_meeting_and_follows_one_opened_of_another_kind() {
    let plan = TempPlan::new();
    let before = plan.commit_count();
    let t = tui(&plan, "kinds");
    t.keys(&["M"]);
    t.wait_for_text("没有进行中的月例会");
    // Open a weekly dispatch from the monthly screen: kind ◂ to 周调度, chair, two units
    // picked one after the other.
    t.keys(&["n"]);
    let screen = t.wait_until("the form's time", |s| {
        s.contains("召开会议") && s.contains("2026-11-25 ")
    });
    let when = screen
        .lines()
        .find(|l| l.contains("时间") && l.contains("2026-11-25 "))
        .unwrap_or_else(|| panic!("the time field:\n{screen}"));
    assert!(when.contains("2026-11-25 "), "{when}");
    let minutes: String = when
        .split("2026-11-25 ")
        .nth(1)
        .unwrap_or("")
        .chars()
        .take(5)
        .collect();
    assert!(
        minutes.len() == 5 && (minutes.ends_with(":00") || minutes.ends_with(":30")),
        "rounded to the half hour: {when}"
    );
    t.keys(&["Left"]);
    t.wait_until("the kind 周调度", |s| {
        s.lines()
            .any(|l| l.contains("会议类型") && l.contains("周调度"))
    });
    t.keys(&["Tab", "Tab"]);
    t.type_text("王五");
    t.keys(&["Tab", "Tab", "Right"]);
    t.type_text("、");
    t.keys(&["Right"]);
    let screen = t.wait_until("two units", |s| s.contains("市发展改革委、市教育局"));
    assert!(screen.contains("参会单位"), "{screen}");
    t.keys(&["C-s"]);
    t.wait_for_text("将提交一次修改");
    t.keys(&["y"]);
    t.wait_for_text("已提交");
    // The screen follows the meeting opened: its title, once the plan reloads.
    let screen = t.wait_until("the weekly dispatch on screen", |s| {
        s.lines()
            .next()
            .is_some_and(|l| l.contains("周调度 W2026-48") && l.contains("进行中"))
    });
    assert!(!screen.contains("没有进行中的月例会"), "{screen}");
    t.keys(&["Escape"]);
    t.wait_until("the tree again", |s| s.contains("┌ 计划 "));
    // M again: it opens on the weekly dispatch that is open.
    t.keys(&["M"]);
    t.wait_until("the weekly dispatch again", |s| {
        s.lines()
            .next()
            .is_some_and(|l| l.contains("周调度 W2026-48") && l.contains("进行中"))
    });
    t.keys(&["Escape"]);
    t.wait_until("the tree again", |s| s.contains("┌ 计划 "));
    t.keys(&["q"]);
    t.wait_for_text("EXIT=0");

    assert_eq!(plan.commit_count(), before + 1);
    let msg = plan.git(&["log", "-1", "--format=%B"]);
    assert!(msg.starts_with("召开周调度 W2026-48"), "{msg}");
    let record = plan.read("meetings/weekly/W2026-48.ron");
    assert!(record.contains("王五"), "{record}");
    assert!(
        record.contains("\"市发展改革委\"") && record.contains("\"市教育局\""),
        "{record}"
    );
    plan.fsck();
}
