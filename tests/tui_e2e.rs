//! End-to-end tests of the TUI in a real terminal: the release binary runs inside tmux on a
//! temporary plan repository; the tests type keys, read the screen and check git afterwards.
//!
//! tmux is required (CI installs it). Raise the wait with `TASKFORCE_E2E_TIMEOUT=<seconds>`.

#[path = "support/tmux.rs"]
mod tmux;
#[path = "support/xlsx.rs"]
mod xlsx;

use std::path::PathBuf;
use std::process::{Command, Output};

use std::time::Duration;
use tmux::{Tmux, tree_line};

const BIN: &str = env!("CARGO_BIN_EXE_taskforce");
const TODAY: &str = "2026-11-25";

fn run(cmd: &mut Command) -> Output {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A plan repository made by `taskforce init`, with a git identity and an isolated HOME.
struct Plan {
    _dir: tempfile::TempDir,
    home: PathBuf,
    repo: PathBuf,
}

impl Plan {
    fn new() -> Plan {
        let dir = tempfile::tempdir().expect("temp dir");
        let home = dir.path().join("home");
        std::fs::create_dir_all(&home).expect("home");
        let repo = dir.path().join("plan");
        let plan = Plan {
            _dir: dir,
            home,
            repo,
        };
        run(plan.taskforce().arg("init").arg(&plan.repo));
        for (key, value) in [
            ("user.name", "测试员"),
            ("user.email", "tester@example.org"),
        ] {
            run(Command::new("git")
                .arg("-C")
                .arg(&plan.repo)
                .args(["config", key, value]));
        }
        plan
    }

    fn taskforce(&self) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.env("HOME", &self.home)
            .env("TASKFORCE_TODAY", TODAY)
            .env(
                "TASKFORCE_TEST_FSYNC",
                std::env::var("TASKFORCE_TEST_FSYNC").unwrap_or_else(|_| "0".into()),
            )
            .env_remove("TASKFORCE_REPO");
        cmd
    }

    fn git(&self, args: &[&str]) -> String {
        let out = run(Command::new("git")
            .arg("-C")
            .arg(&self.repo)
            .env("HOME", &self.home)
            .args(args));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

/// The TUI on `plan` in a tmux server of its own.
fn start(plan: &Plan, name: &str) -> Tmux {
    Tmux::start(
        BIN,
        &plan.home,
        TODAY,
        name,
        &format!("--repo '{}'", plan.repo.display()),
    )
}

/// The binary with `args` (shell words) in `home`, which is also its HOME; `env` adds
/// `NAME=value` words to its environment.
fn start_with(home: &std::path::Path, name: &str, env: &str, args: &str) -> Tmux {
    Tmux::start_with_env(BIN, home, TODAY, name, env, args)
}

/// Opens the TUI and selects A3-02 through a Chinese search.
fn find_a3_02(tui: &Tmux) {
    tui.wait_for_text("2026-W48 2026-11 2026-Q4");
    tui.keys(&["/"]);
    tui.type_text("站点规划");
    tui.wait_until("the search to narrow the tree", |s| {
        s.contains("/站点规划")
            && tree_line(s, "A3-02").is_some()
            && tree_line(s, "A1-01").is_none()
    });
    // The selection follows the best (title) match while typing.
    tui.keys(&["Enter"]);
    tui.wait_for_text("┌ A3-02 ");
}

#[test]
fn record_a_weekly_report_through_the_form() {
    let plan = Plan::new();
    let before: usize = plan
        .git(&["rev-list", "--count", "HEAD"])
        .trim()
        .parse()
        .expect("count");
    let tui = start(&plan, "report");
    find_a3_02(&tui);
    let screen = tui.screen();
    assert!(
        tree_line(&screen, "A3-02").is_some_and(|l| l.contains("未")),
        "A3-02 starts 未报:\n{screen}"
    );

    tui.keys(&["e"]);
    tui.wait_for_text("填报 A3-02");
    // Up over the report date and the period to the cycle: monthly → weekly; light: none →
    // green → blue → yellow.
    tui.keys(&[
        "Up", "Up", "Up", "Left", "Down", "Down", "Down", "Right", "Right", "Right", "Down",
        "Down", "Down",
    ]);
    tui.type_text("完成站点选址");
    tui.wait_until("the form to show the input", |s| {
        s.contains("周期      周报") && s.contains("2026-W48（本期") && s.contains("完成站点选址")
    });
    tui.keys(&["C-s"]);
    tui.wait_for_text("将提交一次修改");
    tui.wait_for_text("周报 2026-W48 A3-02 未报→黄");
    // The confirmation shows the light the measure will have and why, beside the reported one.
    tui.wait_for_text("报送：黄 · 计算：黄（周报 2026-W48报黄灯）");
    tui.keys(&["y"]);
    let screen = tui.wait_for_text("已提交");
    assert!(screen.contains("周报 2026-W48 A3-02 未报→黄"), "{screen}");
    let screen = tui.wait_until("the new light in the tree", |s| {
        tree_line(s, "A3-02").is_some_and(|l| l.contains("黄"))
    });
    assert!(
        screen.contains("完成站点选址"),
        "the detail shows the report:\n{screen}"
    );

    tui.keys(&["q"]);
    tui.wait_for_text("EXIT=0");

    let after: usize = plan
        .git(&["rev-list", "--count", "HEAD"])
        .trim()
        .parse()
        .expect("count");
    assert_eq!(after, before + 1, "exactly one commit");
    let message = plan.git(&["log", "-1", "--format=%B"]);
    assert!(
        message.starts_with("周报 2026-W48 A3-02 未报→黄\n"),
        "{message}"
    );
    for trailer in [
        "Item: A3-02",
        "Cycle: weekly",
        "Period: 2026-W48",
        "Field: light",
        "To: \"Yellow\"",
        "Light: unreported→yellow",
    ] {
        assert!(
            message.lines().any(|l| l == trailer),
            "missing trailer {trailer:?} in:\n{message}"
        );
    }
    assert_eq!(
        plan.git(&["log", "-1", "--format=%an <%ae>"]).trim(),
        "测试员 <tester@example.org>"
    );
    assert_eq!(
        plan.git(&["status", "--porcelain"]),
        "",
        "the work tree is clean"
    );
}

#[test]
fn reloads_when_another_process_commits_and_keeps_the_selection() {
    let plan = Plan::new();
    let tui = start(&plan, "reload");
    find_a3_02(&tui);
    // Clear the search: the selection stays on A3-02 in the full tree.
    tui.keys(&["Escape"]);
    tui.wait_until("the full tree", |s| {
        tree_line(s, "A3-01").is_some() && tree_line(s, "A1").is_some()
    });

    run(plan.taskforce().arg("--repo").arg(&plan.repo).args([
        "set",
        "A3-02",
        "--cycle",
        "weekly",
        "--light",
        "red",
        "--progress",
        "外部提交的进展",
    ]));

    // One screen with all of it: a capture taken mid-redraw may show the tree before the detail.
    let screen = tui.wait_until(
        "the external commit to show in the tree and the detail",
        |s| {
            tree_line(s, "A3-02").is_some_and(|l| l.contains("红") && l.starts_with("│›"))
                && s.contains("┌ A3-02 ")
                && s.contains("外部提交的进展")
        },
    );
    let line = tree_line(&screen, "A3-02").unwrap_or_default();
    assert!(line.starts_with("│›"), "A3-02 is still selected:\n{screen}");
    assert!(
        screen.contains("┌ A3-02 "),
        "the detail still shows A3-02:\n{screen}"
    );
    assert!(
        screen.contains("外部提交的进展"),
        "the detail shows the new report:\n{screen}"
    );

    tui.keys(&["q"]);
    tui.wait_for_text("EXIT=0");
}

#[test]
fn undo_the_last_change_from_the_history_screen() {
    let plan = Plan::new();
    run(plan
        .taskforce()
        .arg("--repo")
        .arg(&plan.repo)
        .args(["set", "A1-01", "--cycle", "monthly", "--light", "yellow"]));
    let before: usize = plan
        .git(&["rev-list", "--count", "HEAD"])
        .trim()
        .parse()
        .expect("count");
    let tui = start(&plan, "undo");
    tui.wait_for_text("2026-W48 2026-11 2026-Q4");
    tui.keys(&["H"]);
    let screen = tui.wait_for_text("月报 2026-11 A1-01 未报→黄");
    assert!(
        screen.contains("A1-01 月报 2026-11 亮灯：黄"),
        "typed changes are listed:\n{screen}"
    );
    tui.keys(&["u"]);
    let screen = tui.wait_for_text("将撤销");
    assert!(screen.contains("y 确认撤销"), "{screen}");
    tui.keys(&["y"]);
    tui.wait_for_text("已提交");
    tui.wait_for_text("撤销：月报 2026-11 A1-01 未报→黄");
    // Esc and q sent together would read as Alt-q.
    tui.keys(&["Escape"]);
    tui.wait_for_text("┌ 计划 ");
    tui.keys(&["q"]);
    tui.wait_for_text("EXIT=0");
    let after: usize = plan
        .git(&["rev-list", "--count", "HEAD"])
        .trim()
        .parse()
        .expect("count");
    assert_eq!(after, before + 1, "exactly one commit");
    let message = plan.git(&["log", "-1", "--format=%B"]);
    assert!(
        message.starts_with("撤销：月报 2026-11 A1-01 未报→黄"),
        "{message}"
    );
    assert!(
        message.lines().any(|l| l.starts_with("Undo-Of: ")),
        "{message}"
    );
}

/// A start after the first paints the plan as last loaded (from the caches) and then the work
/// tree as it is: a hand edit made while the TUI was closed shows once the whole load lands,
/// and the status line says the work tree is dirty.
#[test]
fn a_later_start_shows_what_changed_while_it_was_closed() {
    let plan = Plan::new();
    let tui = start(&plan, "first-paint");
    tui.wait_until("the whole first load", |s| {
        s.contains("2026-W48 2026-11 2026-Q4") && s.contains("干净")
    });
    tui.keys(&["q"]);
    tui.wait_for_text("EXIT=0");
    drop(tui);

    let file = plan.repo.join("measures/A3/A3-02.ron");
    let text = std::fs::read_to_string(&file).expect("A3-02");
    let old = "title: \"加强基层就业服务站点规划\"";
    assert!(text.contains(old), "{text}");
    std::fs::write(&file, text.replace(old, "title: \"手改标题的站点规划\"")).expect("edit");

    let tui = start(&plan, "first-paint-again");
    tui.wait_until("the work tree's state", |s| s.contains("有未提交修改"));
    tui.keys(&["/"]);
    tui.type_text("手改标题");
    let screen = tui.wait_until("the hand-edited title in the tree", |s| {
        tree_line(s, "A3-02").is_some_and(|l| l.contains("手改标题"))
    });
    assert!(tree_line(&screen, "A1-01").is_none(), "{screen}");
    tui.keys(&["Escape"]);
    tui.wait_until("the full tree", |s| tree_line(s, "A1").is_some());
    tui.keys(&["q"]);
    tui.wait_for_text("EXIT=0");
}

#[test]
fn no_subcommand_opens_the_tui_and_the_first_run_creates_the_repository() {
    let home = tempfile::tempdir().expect("temp dir");
    let tui = start_with(home.path(), "first-run", "", "");
    let screen = tui.wait_for_text("已用内置方案新建计划仓库");
    assert!(screen.contains("▸ A1 "), "the tree is shown:\n{screen}");
    tui.keys(&["q"]);
    tui.wait_for_text("EXIT=0");
    let repo = home.path().join(".local/share/taskforce/plan");
    assert!(
        repo.join("plan.ron").is_file(),
        "the repository was created in the user data folder"
    );
    let out = run(Command::new("git")
        .arg("-C")
        .arg(&repo)
        .args(["rev-list", "--count", "HEAD"]));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "1");
}

#[test]
fn a_store_error_is_a_message_and_the_form_keeps_its_input() {
    let plan = Plan::new();
    let file = plan.repo.join("measures/A3/A3-02.ron");
    let mut text = std::fs::read_to_string(&file).expect("read");
    text.push_str("// 手工修改\n");
    std::fs::write(&file, text).expect("write");
    let before = plan.git(&["rev-list", "--count", "HEAD"]);
    let tui = start(&plan, "refused");
    find_a3_02(&tui);
    tui.keys(&["e"]);
    tui.wait_for_text("填报 A3-02");
    tui.keys(&["Down", "Down", "Down"]);
    tui.type_text("不会丢失的输入");
    // A pasted line break stays in the field instead of acting as Enter.
    tui.paste("\n第二行");
    tui.wait_for_text("第二行▏");
    tui.keys(&["C-s"]);
    let screen = tui.wait_for_text("有未提交的修改");
    assert!(
        screen.contains("填报 A3-02")
            && screen.contains("不会丢失的输入")
            && screen.contains("第二行▏"),
        "the form and its input stay:\n{screen}"
    );
    assert_eq!(
        plan.git(&["rev-list", "--count", "HEAD"]),
        before,
        "nothing was committed"
    );

    // Once the hand edit is discarded, the same input commits.
    plan.git(&["checkout", "--", "measures/A3/A3-02.ron"]);
    tui.keys(&["C-s"]);
    tui.wait_for_text("将提交一次修改");
    tui.keys(&["y"]);
    tui.wait_for_text("已提交");
    tui.keys(&["q"]);
    tui.wait_for_text("EXIT=0");
    let message = plan.git(&["log", "-1", "--format=%B"]);
    assert!(
        message.contains("To: \"不会丢失的输入\\n第二行\""),
        "{message}"
    );
}

#[test]
fn long_text_from_the_editor() {
    let plan = Plan::new();
    let editor = plan.home.join("editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nprintf '编辑器里写的进展\\n第二段\\n' > \"$1\"\n",
    )
    .expect("editor");
    run(Command::new("chmod").arg("+x").arg(&editor));
    let env = format!("VISUAL= EDITOR='{}'", editor.display());
    let tui = start_with(
        &plan.home,
        "editor",
        &env,
        &format!("--repo '{}'", plan.repo.display()),
    );
    find_a3_02(&tui);
    tui.keys(&["e"]);
    tui.wait_for_text("填报 A3-02");
    tui.keys(&["Down", "Down", "Down", "C-e"]);
    let screen = tui.wait_for_text("编辑器里写的进展");
    assert!(
        screen.contains("第二段▏"),
        "the text comes back into the form:\n{screen}"
    );
    // The form has changes: the first Esc asks, the second discards them.
    tui.keys(&["Escape"]);
    tui.wait_for_text("再按 Esc 放弃修改");
    tui.keys(&["Escape"]);
    // Wait until the form is gone: an Esc still unread when `q` arrives is taken as Alt-q.
    tui.wait_until("the form to close", |s| {
        s.contains("┌ 计划 ") && !s.contains("填报 A3-02")
    });
    tui.keys(&["q"]);
    tui.wait_for_text("EXIT=0");
    assert!(
        !plan.repo.join(".git/TASKFORCE_EDIT.txt").exists(),
        "the edit file is removed"
    );
}

#[test]
fn review_decide_and_close_a_monthly_meeting() {
    let plan = Plan::new();
    let tf = |args: &[&str]| run(plan.taskforce().arg("--repo").arg(&plan.repo).args(args));
    tf(&[
        "set",
        "A3-02",
        "--cycle",
        "monthly",
        "--light",
        "red",
        "--problems",
        "站点用地未落实",
        "--asks",
        "请求协调用地指标",
    ]);
    tf(&["set", "A5-01", "--deadline", "2027-06-30"]);
    tf(&[
        "meeting",
        "new",
        "monthly",
        "--date",
        "2026-11-25 14:30",
        "--chair",
        "王五",
        "--attendee",
        "市人社局",
    ]);
    let opened = plan.git(&["rev-parse", "HEAD"]).trim().to_string();

    let tui = start(&plan, "meeting");
    tui.wait_for_text("2026-W48 2026-11 2026-Q4");

    // The review since the last monthly meeting (none yet: since the plan's first commit).
    tui.keys(&["r"]);
    let screen = tui.wait_for_text("新增红灯");
    assert!(screen.contains("会前审阅"), "{screen}");
    assert!(
        screen
            .lines()
            .any(|l| l.contains("新增红灯") && l.contains("A3-02") && l.contains("测试员")),
        "the new red with its author:\n{screen}"
    );
    assert!(
        screen
            .lines()
            .any(|l| l.contains("时限调整") && l.contains("A5-01")),
        "the moved deadline:\n{screen}"
    );

    // The meeting screen: the agenda of the open monthly meeting.
    tui.keys(&["M"]);
    let screen = tui.wait_for_text("月例会 M2026-11");
    assert!(screen.contains("红黄灯举措"), "{screen}");
    assert!(screen.contains("站点用地未落实"), "{screen}");

    // Record a decision through the form.
    tui.keys(&["d"]);
    tui.wait_for_text("议定事项 M2026-11");
    tui.type_text("落实零工市场用地");
    tui.keys(&["Tab", "Right", "Tab", "Tab"]);
    tui.type_text("2026-12-31");
    tui.keys(&["C-s"]);
    tui.wait_for_text("将提交一次修改");
    tui.wait_for_text("议定事项 D2026-11-01");
    tui.keys(&["y"]);
    tui.wait_for_text("已提交");
    let screen = tui.wait_until("the decision on the agenda", |s| {
        s.contains("本次会议议定事项（1项）") || s.contains("1. 落实零工市场用地")
    });
    assert!(!screen.contains("将提交一次修改"), "{screen}");

    // Preview the minutes, then close the meeting.
    tui.keys(&["p"]);
    tui.wait_for_text("纪要预览 M2026-11");
    std::thread::sleep(Duration::from_millis(200));
    tui.keys(&["Escape"]);
    tui.wait_for_text("x 结束会议");
    tui.keys(&["x"]);
    tui.wait_for_text("y 确认结束");
    tui.keys(&["y"]);
    let screen = tui.wait_for_text("结束：纪要");
    let head = plan
        .git(&["rev-parse", "--short=8", "HEAD"])
        .trim()
        .to_string();
    assert!(
        screen.contains(&format!("已提交 {head}")),
        "the short commit id {head} is shown:\n{screen}"
    );
    tui.wait_for_text("没有进行中的月例会");
    std::thread::sleep(Duration::from_millis(200));
    tui.keys(&["Escape"]);
    tui.wait_for_text("┌ 计划 ");
    tui.keys(&["q"]);
    tui.wait_for_text("EXIT=0");

    // Git: one commit for the decision, one for the close, the tag and the minutes.
    let commits = plan.git(&["rev-list", &format!("{opened}..HEAD")]);
    assert_eq!(commits.lines().count(), 2, "{commits}");
    let decision = plan.git(&["log", "-1", "--format=%B", "HEAD~1"]);
    assert!(
        decision.starts_with("议定事项 D2026-11-01：落实零工市场用地"),
        "{decision}"
    );
    for trailer in ["Item: D2026-11-01", "Meeting: M2026-11"] {
        assert!(
            decision.lines().any(|l| l == trailer),
            "missing trailer {trailer:?} in:\n{decision}"
        );
    }
    let close = plan.git(&["log", "-1", "--format=%B", "HEAD"]);
    assert!(close.starts_with("月例会 M2026-11 结束"), "{close}");
    assert!(close.lines().any(|l| l == "Meeting: M2026-11"), "{close}");
    assert_eq!(
        plan.git(&["rev-parse", "meeting/monthly/2026-11^{commit}"]),
        plan.git(&["rev-parse", "HEAD"]),
        "the tag is on the close commit"
    );
    let minutes = plan.git(&["show", "HEAD:minutes/M2026-11.md"]);
    assert!(minutes.contains("落实零工市场用地"), "{minutes}");
    assert!(minutes.contains("会议议定事项"), "{minutes}");
    assert_eq!(plan.git(&["status", "--porcelain"]), "", "clean work tree");
}

#[test]
fn open_a_meeting_from_the_tui() {
    let plan = Plan::new();
    let tui = start(&plan, "open-meeting");
    tui.wait_for_text("2026-W48 2026-11 2026-Q4");
    tui.keys(&["M"]);
    tui.wait_for_text("没有进行中的月例会");
    tui.keys(&["n"]);
    tui.wait_for_text("召开会议");
    // Kind stays monthly; time stays today 09:00; chair; place; the first unit of the roster.
    tui.keys(&["Tab", "Tab"]);
    tui.type_text("王五");
    tui.keys(&["Tab"]);
    tui.type_text("3号楼");
    tui.keys(&["Tab", "Right"]);
    tui.keys(&["C-s"]);
    tui.wait_for_text("将提交一次修改");
    tui.wait_for_text("召开月例会 M2026-11（2026年第1期）");
    tui.keys(&["y"]);
    tui.wait_for_text("已提交");
    let screen = tui.wait_for_text("月例会 M2026-11（2026年第1期）进行中");
    assert!(screen.contains("主持：王五"), "{screen}");
    std::thread::sleep(Duration::from_millis(200));
    tui.keys(&["Escape"]);
    tui.wait_for_text("┌ 计划 ");
    tui.keys(&["q"]);
    tui.wait_for_text("EXIT=0");

    let message = plan.git(&["log", "-1", "--format=%B"]);
    assert!(
        message.starts_with("召开月例会 M2026-11（2026年第1期）"),
        "{message}"
    );
    assert!(
        message.lines().any(|l| l == "Meeting: M2026-11"),
        "{message}"
    );
    let files = plan.git(&["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(files.lines().count(), 1, "one meeting file: {files}");
    let record = plan.git(&["show", &format!("HEAD:{}", files.trim())]);
    assert!(
        record.contains("王五") && record.contains("3号楼"),
        "{record}"
    );
}

#[test]
fn close_an_action_item_through_the_item_form() {
    let plan = Plan::new();
    let tf = |args: &[&str]| run(plan.taskforce().arg("--repo").arg(&plan.repo).args(args));
    tf(&[
        "meeting",
        "new",
        "monthly",
        "--date",
        "2026-11-25 14:30",
        "--chair",
        "王五",
        "--attendee",
        "市人社局",
    ]);
    tf(&[
        "meeting",
        "decide",
        "落实零工市场用地",
        "--lead",
        "市人社局",
        "--deadline",
        "2026-12-31",
        "--measure",
        "A3-02",
    ]);
    let before: usize = plan
        .git(&["rev-list", "--count", "HEAD"])
        .trim()
        .parse()
        .expect("count");

    let tui = start(&plan, "item");
    tui.wait_for_text("2026-W48 2026-11 2026-Q4");
    // The 会议 section is the last row: open it, then the meeting's first item.
    tui.keys(&["G"]);
    tui.wait_until("the meetings section", |s| s.contains("会议 (1)"));
    tui.keys(&["l"]);
    tui.wait_until("the item row", |s| tree_line(s, "D2026-11-01").is_some());
    tui.keys(&["j", "j"]);
    tui.wait_for_text("┌ D2026-11-01 ");
    tui.keys(&["u"]);
    tui.wait_for_text("议定事项 D2026-11-01");
    // Status: 推进中 → 已办结待销号 → 已销号; then the feedback.
    tui.keys(&["Right", "Right", "Down"]);
    tui.type_text("用地已落实");
    tui.wait_for_text("用地已落实");
    // Without an approver the form refuses and keeps the input (the error is a line of its
    // own, below the hint that starts with the same words).
    tui.keys(&["C-s"]);
    let screen = tui.wait_until("the missing approver error", |s| {
        s.lines()
            .any(|l| l.contains("销号须填写审批人") && !l.contains("；"))
    });
    assert!(screen.contains("用地已落实"), "{screen}");
    // Feedback → deadline → lead → approver.
    tui.keys(&["Down", "Down", "Down"]);
    tui.type_text("王五");
    tui.keys(&["Down"]);
    tui.type_text("现场核查");
    tui.wait_until("the form to show the input", |s| {
        s.contains("王五") && s.contains("现场核查")
    });
    tui.keys(&["C-s"]);
    tui.wait_for_text("将提交一次修改");
    let screen = tui.wait_for_text("议定事项 D2026-11-01");
    assert!(screen.contains("已销号"), "{screen}");
    tui.keys(&["y"]);
    let screen = tui.wait_for_text("已提交");
    assert!(screen.contains("议定事项 D2026-11-01"), "{screen}");
    tui.wait_until("the detail to show the closure", |s| {
        s.contains("销号 2026-11-25 王五 现场核查")
    });
    tui.keys(&["q"]);
    tui.wait_for_text("EXIT=0");

    let after: usize = plan
        .git(&["rev-list", "--count", "HEAD"])
        .trim()
        .parse()
        .expect("count");
    assert_eq!(after, before + 1, "exactly one commit");
    let message = plan.git(&["log", "-1", "--format=%B"]);
    assert!(message.contains("D2026-11-01"), "{message}");
    let changed = plan.git(&["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(
        changed.trim(),
        "items/M2026-11/D2026-11-01.ron",
        "one file changed"
    );
    let item = plan.git(&["show", "HEAD:items/M2026-11/D2026-11-01.ron"]);
    assert!(item.contains("status: Closed"), "{item}");
    assert!(item.contains("approved_by: \"王五\""), "{item}");
    assert!(item.contains("basis: \"现场核查\""), "{item}");
    assert!(item.contains("feedback: \"用地已落实\""), "{item}");
    assert_eq!(
        plan.git(&["status", "--porcelain"]),
        "",
        "the work tree is clean"
    );
}

#[test]
fn import_a_returned_ledger_and_chase_from_the_tui() {
    let plan = Plan::new();
    // The office exports 市人社局's weekly ledger; the unit fills two rows and sends it back
    // into the folder the TUI runs in.
    let sent = plan.home.join("发出.xlsx");
    run(plan
        .taskforce()
        .arg("--repo")
        .arg(&plan.repo)
        .args([
            "export",
            "ledger",
            "--cycle",
            "weekly",
            "--unit",
            "市人社局",
            "-o",
        ])
        .arg(&sent));
    let book = xlsx::read_book(&sent);
    std::fs::remove_file(&sent).expect("remove the sent copy");
    xlsx::write_filled(
        &book,
        "市人社局",
        &[
            (
                "A3-01".to_string(),
                vec![
                    ("本期亮灯", xlsx::s("绿")),
                    ("完成比例(%)", calamine::Data::Float(70.0)),
                    ("进展情况", xlsx::s("站点建成12个")),
                ],
            ),
            (
                "A3-02".to_string(),
                vec![("本期亮灯", xlsx::s("黄")), ("存在问题", xlsx::s("选址难"))],
            ),
        ],
        &plan.home.join("人社局回收.xlsx"),
    );
    let before: usize = plan
        .git(&["rev-list", "--count", "HEAD"])
        .trim()
        .parse()
        .expect("count");

    let tui = start(&plan, "import");
    tui.wait_for_text("2026-W48 2026-11 2026-Q4");
    tui.keys(&["I"]);
    tui.wait_for_text("人社局回收.xlsx");
    tui.keys(&["Enter"]);
    let screen = tui.wait_for_text("2项有变化");
    assert!(screen.contains("周报 2026-W48 A3-01"), "{screen}");
    assert!(screen.contains("按 y 提交"), "{screen}");
    tui.keys(&["y"]);
    tui.wait_for_text("已提交");
    // The 催办 screen no longer lists the two measures that reported.
    tui.keys(&["U"]);
    tui.wait_for_text("催办 周调度 2026-W48");
    tui.keys(&["Down"]);
    let screen = tui.wait_for_text("市人社局 ─");
    assert!(
        screen.contains("A3-03") && !screen.contains("A3-01 "),
        "{screen}"
    );
    tui.keys(&["Escape"]);
    tui.wait_for_text("┌ 计划 ");
    tui.keys(&["q"]);
    tui.wait_for_text("EXIT=0");

    let after: usize = plan
        .git(&["rev-list", "--count", "HEAD"])
        .trim()
        .parse()
        .expect("count");
    assert_eq!(after, before + 1, "one commit for the file");
    let message = plan.git(&["log", "-1", "--format=%B"]);
    assert!(
        message.starts_with("导入台账 周调度 2026-W48：市人社局 2项（人社局回收.xlsx）"),
        "{message}"
    );
    let files = plan.git(&["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(
        files.lines().collect::<Vec<_>>(),
        [
            "status/weekly/2026-W48/A3/A3-01.ron",
            "status/weekly/2026-W48/A3/A3-02.ron"
        ]
    );
}

#[test]
fn the_tui_recovers_a_killed_write_on_start_and_says_so() {
    let plan = Plan::new();
    // A `set` killed right after its file was renamed into place, before its commit.
    let out = plan
        .taskforce()
        .env("TASKFORCE_FAILPOINT", "rename:crash")
        .arg("--repo")
        .arg(&plan.repo)
        .args([
            "set",
            "A3-02",
            "--cycle",
            "weekly",
            "--progress",
            "中断的写入",
        ])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), None, "killed by the failpoint");
    assert!(plan.repo.join(".git/taskforce-journal").exists());
    assert!(!plan.git(&["status", "--porcelain"]).is_empty());
    let tui = start(&plan, "recover");
    let screen = tui.wait_for_text("已恢复被中断的写入");
    assert!(screen.contains("已删除过期的锁文件"), "{screen}");
    tui.keys(&["q"]);
    tui.wait_for_text("EXIT=0");
    assert_eq!(plan.git(&["status", "--porcelain", "--ignored"]), "");
    assert!(!plan.repo.join(".git/taskforce-journal").exists());
}
