//! Selective undo through the real binary: any earlier change is reverted field by field as a
//! new commit, later changes to other fields survive, a field changed again later stops the
//! revert with the commits in the way, and undoing a meeting's close removes its tag.

mod support;
#[path = "support/tmux.rs"]
mod tmux;

use support::TempPlan;
use tmux::Tmux;

const TODAY: &str = "2026-11-27";
const REPORT: &str = "status/monthly/2026-11/A3/A3-02.ron";

fn ok(plan: &TempPlan, args: &[&str]) -> String {
    let r = plan.run_on(TODAY, args);
    assert_eq!(r.code, 0, "{args:?}: {r:?}");
    r.stdout
}

fn head(plan: &TempPlan) -> String {
    plan.git(&["rev-parse", "HEAD"]).trim().to_string()
}

#[test]
fn an_earlier_change_is_reverted_field_by_field_and_later_ones_survive() {
    let plan = TempPlan::new();
    ok(
        &plan,
        &["set", "A3-02", "--cycle", "monthly", "--light", "red"],
    );
    ok(
        &plan,
        &["set", "A3-02", "--cycle", "monthly", "--percent", "40"],
    );
    let wrong = head(&plan);
    ok(
        &plan,
        &[
            "set",
            "A3-02",
            "--cycle",
            "monthly",
            "--problems",
            "资金未到位",
        ],
    );
    ok(
        &plan,
        &["set", "A1-01", "--cycle", "monthly", "--light", "yellow"],
    );
    let before = plan.commit_count();

    let r = plan.run_on(TODAY, &["undo", &wrong[..10], "--yes"]);
    assert_eq!(r.code, 0, "{r:?}");
    // The preview says what the revert does, in words.
    assert!(
        r.stderr.contains(&format!("将撤销 {}", &wrong[..8])),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("完成比例"), "{}", r.stderr);
    assert_eq!(plan.commit_count(), before + 1, "one new commit");

    // The reverted field is back; the later fields of the same report and the other
    // measure's report are kept.
    let report = plan.read(REPORT);
    assert!(report.contains("percent: None"), "{report}");
    assert!(report.contains("light: Some(Red)"), "{report}");
    assert!(report.contains("problems: \"资金未到位\""), "{report}");
    assert!(
        plan.read("status/monthly/2026-11/A1/A1-01.ron")
            .contains("Some(Yellow)")
    );
    let msg = plan.git(&["log", "-1", "--format=%B"]);
    assert!(msg.starts_with("撤销：月报 2026-11 A3-02"), "{msg}");
    assert!(
        msg.lines().any(|l| l == format!("Undo-Of: {wrong}")),
        "{msg}"
    );
    assert!(msg.lines().any(|l| l == "Field: percent"), "{msg}");
    assert_eq!(plan.git(&["status", "--porcelain"]), "");
    plan.fsck();
    assert_eq!(plan.run_on(TODAY, &["check"]).code, 0);
}

#[test]
fn a_field_changed_again_later_stops_the_revert_and_names_the_later_change() {
    let plan = TempPlan::new();
    ok(
        &plan,
        &["set", "A3-02", "--cycle", "monthly", "--light", "red"],
    );
    ok(
        &plan,
        &["set", "A3-02", "--cycle", "monthly", "--percent", "40"],
    );
    let wrong = head(&plan);
    ok(
        &plan,
        &["set", "A3-02", "--cycle", "monthly", "--percent", "55"],
    );
    let later = head(&plan);
    let snapshot = plan.snapshot();

    let r = plan.run_on(TODAY, &["undo", &wrong, "--yes"]);
    assert_ne!(r.code, 0, "{r:?}");
    assert!(
        r.stderr
            .contains("无法撤销 A3-02 2026-11 完成比例：之后又被修改"),
        "{}",
        r.stderr
    );
    // The later commit in the way, by its short id and summary.
    assert!(r.stderr.contains(&later[..8]), "{}", r.stderr);
    assert!(r.stderr.contains("月报 2026-11 A3-02"), "{}", r.stderr);
    plan.assert_unchanged(&snapshot, "a refused revert");

    // Reverting the later change first, then the earlier one, works.
    ok(&plan, &["undo", &later, "--yes"]);
    ok(&plan, &["undo", &wrong, "--yes"]);
    assert!(plan.read(REPORT).contains("percent: None"));
    plan.fsck();
}

#[test]
fn unknown_changes_and_the_first_version_are_refused_in_words() {
    let plan = TempPlan::new();
    let r = plan.run_on(TODAY, &["undo", "feedbeef", "--yes"]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("历史中没有修改 feedbeef"), "{}", r.stderr);
    let first = head(&plan);
    let r = plan.run_on(TODAY, &["undo", &first, "--yes"]);
    assert_ne!(r.code, 0);
    assert!(r.stderr.contains("初始版本"), "{}", r.stderr);
    let r = plan.run_on(TODAY, &["--lang", "en", "undo", &first, "--yes"]);
    assert!(r.stderr.contains("first version"), "{}", r.stderr);
}

#[test]
fn undoing_a_meeting_close_removes_its_tag_and_redoing_tags_the_redo() {
    let plan = TempPlan::new();
    ok(
        &plan,
        &["meeting", "new", "monthly", "--date", "2026-11-27 09:00"],
    );
    ok(&plan, &["meeting", "close"]);
    let close = head(&plan);
    let tag = "meeting/monthly/2026-11";
    assert_eq!(
        plan.git(&["rev-parse", &format!("{tag}^{{commit}}")])
            .trim(),
        close
    );
    // A later, unrelated change: the close is no longer the last commit.
    ok(
        &plan,
        &["set", "A3-02", "--cycle", "monthly", "--light", "red"],
    );

    let r = plan.run_on(TODAY, &["undo", &close, "--yes"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stderr.contains(&format!("删除标签 {tag}")),
        "{}",
        r.stderr
    );
    assert_eq!(
        plan.git(&["tag", "--list", "meeting/*"]),
        "",
        "the tag is gone"
    );
    assert!(!plan.path().join("minutes/M2026-11.md").exists());
    let meeting = plan.read("meetings/monthly/M2026-11.ron");
    assert!(meeting.contains("closed: false"), "{meeting}");
    // The report after the close is kept.
    assert!(plan.read(REPORT).contains("Some(Red)"));

    let r = plan.run_on(TODAY, &["redo", "--yes"]);
    assert_eq!(r.code, 0, "{r:?}");
    let redo = head(&plan);
    assert_eq!(
        plan.git(&["rev-parse", &format!("{tag}^{{commit}}")])
            .trim(),
        redo
    );
    assert!(plan.path().join("minutes/M2026-11.md").exists());
    assert!(
        plan.read("meetings/monthly/M2026-11.ron")
            .contains("closed: true")
    );
    plan.fsck();
}

#[test]
fn the_tui_undoes_a_change_picked_in_the_history_and_shows_what_stands_in_the_way() {
    let plan = TempPlan::new();
    ok(
        &plan,
        &["set", "A3-02", "--cycle", "monthly", "--light", "red"],
    );
    ok(
        &plan,
        &["set", "A3-02", "--cycle", "monthly", "--percent", "40"],
    );
    let wrong = head(&plan);
    ok(
        &plan,
        &["set", "A1-01", "--cycle", "monthly", "--light", "yellow"],
    );
    ok(
        &plan,
        &["set", "A3-02", "--cycle", "monthly", "--light", "yellow"],
    );
    let tui = Tmux::start(
        support::bin(),
        plan.home.path(),
        TODAY,
        "undo",
        &format!("--repo '{}'", plan.path().display()),
    );
    tui.wait_for_text("2026-W48 2026-11 2026-Q4");
    tui.keys(&["H"]);
    tui.wait_for_text("u 撤销所选修改");
    // The first red light is under a later light change: it cannot be undone, and the later
    // change is named.
    tui.keys(&["j", "j", "j", "u"]);
    let screen = tui.wait_for_text("无法撤销");
    assert!(
        screen.contains("A3-02 2026-11 整条记录：之后又被修改"),
        "{screen}"
    );
    assert!(screen.contains("月报 2026-11 A3-02 红→黄"), "{screen}");
    tui.keys(&["y"]);
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(tui.screen().contains("无法撤销"), "y does nothing here");
    tui.keys(&["Escape"]);
    // Wait for the dialog to close before the next key (Esc and a key at once read as Alt).
    tui.wait_until("the dialog closed", |s| !s.contains("无法撤销"));
    // The wrong percent, two commits down: undone on its own.
    tui.keys(&["k", "u"]);
    let screen = tui.wait_for_text(&format!("将撤销 {}", &wrong[..8]));
    assert!(screen.contains("完成比例"), "{screen}");
    tui.keys(&["y"]);
    tui.wait_for_text("已提交");
    tui.keys(&["Escape"]);
    tui.wait_until("the tree again", |s| !s.contains("历史 ("));
    tui.keys(&["q"]);
    tui.wait_for_text("EXIT=0");

    let msg = plan.git(&["log", "-1", "--format=%B"]);
    assert!(
        msg.lines().any(|l| l == format!("Undo-Of: {wrong}")),
        "{msg}"
    );
    let report = plan.read(REPORT);
    assert!(report.contains("percent: None"), "{report}");
    assert!(report.contains("light: Some(Yellow)"), "{report}");
    assert!(
        plan.read("status/monthly/2026-11/A1/A1-01.ron")
            .contains("Some(Yellow)")
    );
    plan.fsck();
}
