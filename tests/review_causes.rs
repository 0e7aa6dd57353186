//! Causes in the review, through the real binary on a dated history: a red that time made
//! names its rule and day, never the last person who touched the measure; a red that a
//! deadline edit made names the edit's commit; a report is judged by the light it gives.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

const ZHANG: &str = "张三 <zhang@example.cn>";
const LI: &str = "李四 <li@example.cn>";
const WANG: &str = "王芳 <wang@example.cn>";

struct Repo {
    _tmp: tempfile::TempDir,
    home: PathBuf,
    dir: PathBuf,
}

impl Repo {
    fn new(today: &str) -> Repo {
        let tmp = tempfile::tempdir().unwrap();
        let home = tmp.path().join("home");
        std::fs::create_dir_all(&home).unwrap();
        let dir = tmp.path().join("plan");
        let repo = Repo {
            _tmp: tmp,
            home,
            dir,
        };
        repo.ok(today, &["init", repo.dir.to_str().unwrap()]);
        repo
    }

    /// Runs taskforce on `today`, its commits dated that day at 10:00 Beijing time.
    fn raw(&self, today: &str, args: &[&str]) -> Output {
        let stamp = format!("{today} 10:00:00 +0800");
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_taskforce"));
        cmd.env("HOME", &self.home)
            .env("XDG_DATA_HOME", self.home.join("data"))
            .env("TASKFORCE_TODAY", today)
            .env("GIT_AUTHOR_DATE", &stamp)
            .env("GIT_COMMITTER_DATE", &stamp)
            .env_remove("TASKFORCE_REPO")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .current_dir(&self.home);
        if args.first() != Some(&"init") {
            cmd.arg("--repo").arg(&self.dir);
        }
        cmd.args(args).output().unwrap()
    }

    /// Runs a command that must succeed; returns stdout and stderr.
    fn ok(&self, today: &str, args: &[&str]) -> (String, String) {
        let out = self.raw(today, args);
        assert!(
            out.status.success(),
            "taskforce {args:?} failed ({}):\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }

    fn git(&self, args: &[&str]) -> String {
        let out = Command::new("git")
            .current_dir(&self.dir)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", &self.home)
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}");
        String::from_utf8(out.stdout).unwrap()
    }
}

fn find<'a>(changes: &'a [Value], id: &str, kind: &str) -> &'a Value {
    changes
        .iter()
        .find(|c| c["id"] == id && c["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} change of {id} in {changes:#?}"))
}

#[test]
fn a_red_made_by_time_names_the_rule_and_a_red_made_by_an_edit_names_the_edit() {
    let repo = Repo::new("2026-09-01");
    // 10-01: 李四 moves A3-02's deadline into November.
    repo.ok(
        "2026-10-01",
        &["set", "A3-02", "--deadline", "2026-11-15", "--author", LI],
    );
    // A3-03 reports green in October, so it is green before its deadline is edited.
    repo.ok(
        "2026-10-20",
        &[
            "set", "A3-03", "--cycle", "monthly", "--light", "green", "--author", ZHANG,
        ],
    );
    // 11-03: 张三 files a green report for A3-02.
    let (_, verdict) = repo.ok(
        "2026-11-03",
        &[
            "set", "A3-02", "--cycle", "monthly", "--period", "2026-10", "--light", "green",
            "--author", ZHANG,
        ],
    );
    // The deadline is 12 days away: blue, and the CLI says so beside the reported green.
    assert!(
        verdict.contains("报送：绿 · 计算：蓝（距完成时限12天）"),
        "{verdict}"
    );
    // 11-10: 王芳 moves A3-03's deadline into the past: red on the commit's own day.
    let (out, _) = repo.ok(
        "2026-11-10",
        &["set", "A3-03", "--deadline", "2026-11-05", "--author", WANG],
    );
    assert!(
        out.contains("调整 A3-03 完成时限 2027-12-31→2026-11-05（绿→红）"),
        "{out}"
    );
    let message = repo.git(&["log", "-1", "--format=%B"]);
    assert!(message.contains("\nLight: green→red\n"), "{message}");

    // 11-20: the monthly meeting reviews everything since the plan was created.
    repo.ok(
        "2026-11-20",
        &[
            "meeting",
            "new",
            "monthly",
            "--date",
            "2026-11-20 09:00",
            "--author",
            WANG,
        ],
    );
    let (json, _) = repo.ok("2026-11-20", &["diff", "--json"]);
    let changes: Vec<Value> = serde_json::from_str(&json).unwrap();

    let red = find(&changes, "A3-02", "new_red");
    assert_eq!(red["from"], "Unreported", "{red}");
    assert_eq!(red["to"], "Red");
    assert_eq!(
        red["author"],
        Value::Null,
        "time turned it red, not 张三: {red}"
    );
    assert_eq!(red["cause"]["kind"], "time");
    assert_eq!(red["cause"]["rule"], "overdue");
    assert_eq!(red["cause"]["date"], "2026-11-16");
    let overdue = find(&changes, "A3-02", "newly_overdue");
    assert_eq!(overdue["author"], Value::Null);
    assert_eq!(overdue["cause"]["date"], "2026-11-16");
    let moved = find(&changes, "A3-02", "deadline_moved");
    assert_eq!(moved["author"], "李四");

    let red = find(&changes, "A3-03", "new_red");
    assert_eq!(red["from"], "Unreported");
    assert_eq!(
        red["author"], "王芳",
        "the deadline edit made it red: {red}"
    );
    assert_eq!(red["cause"]["kind"], "commit");
    let edit = repo.git(&["log", "-1", "--format=%H", "--grep=A3-03 完成时限"]);
    assert_eq!(red["commit"], edit.trim());
    let overdue = find(&changes, "A3-03", "newly_overdue");
    assert_eq!(overdue["author"], "王芳");

    // The text review says the same in words.
    let (text, _) = repo.ok("2026-11-20", &["diff"]);
    let line = text
        .lines()
        .find(|l| l.contains("新增红灯") && l.contains("A3-02"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(line.contains("逾期（2026-11-16起）"), "{line}");
    assert!(!line.contains("张三"), "{line}");
    let line = text
        .lines()
        .find(|l| l.contains("新增红灯") && l.contains("A3-03"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(line.contains("王芳"), "{line}");
}

#[test]
fn a_report_on_a_monthly_measure_is_not_punished_and_a_note_keeps_red() {
    let repo = Repo::new("2026-09-01");
    // A weekly report on a monthly measure on the day it is filed: 未报 → 绿, never 黄.
    let (out, verdict) = repo.ok(
        "2026-12-01",
        &[
            "set", "A3-02", "--cycle", "weekly", "--period", "2026-W48", "--light", "green",
            "--author", ZHANG,
        ],
    );
    // Filed after its week ended, it is a late report (补报) for that week.
    assert!(out.contains("周报 2026-W48（补报）A3-02 未报→绿"), "{out}");
    assert!(
        verdict.contains("报送：绿 · 计算：绿（按序时推进）"),
        "{verdict}"
    );
    // A red report with 40 %, then a note with neither light nor percent: still red.
    repo.ok(
        "2026-12-02",
        &[
            "set",
            "A3-04",
            "--cycle",
            "monthly",
            "--period",
            "2026-11",
            "--light",
            "red",
            "--percent",
            "40",
            "--author",
            ZHANG,
        ],
    );
    let (out, verdict) = repo.ok(
        "2026-12-03",
        &[
            "set",
            "A3-04",
            "--cycle",
            "weekly",
            "--progress",
            "召开推进会",
            "--author",
            LI,
        ],
    );
    assert!(out.contains("周报 2026-W49 A3-04 进展（红灯）"), "{out}");
    assert!(
        verdict.contains("计算：红（月报 2026-11报红灯）"),
        "{verdict}"
    );
    // The reported yellow and the computed red are both named.
    let (_, verdict) = repo.ok(
        "2026-12-01",
        &[
            "set",
            "A3-05",
            "--cycle",
            "monthly",
            "--light",
            "yellow",
            "--percent",
            "30",
            "--author",
            ZHANG,
        ],
    );
    assert!(
        verdict.contains("报送：黄 · 计算：红（落后序时进度33个百分点（月报 2026-12报完成30%））"),
        "{verdict}"
    );
}

#[test]
fn the_quarterly_report_of_a_fresh_plan_names_what_was_not_reported() {
    let repo = Repo::new("2026-09-01");
    let (report, _) = repo.ok(
        "2026-12-01",
        &["report", "quarterly", "--period", "2026-Q4"],
    );
    assert!(report.contains("未报送99项"), "{report}");
    assert!(!report.contains("均达到序时"), "{report}");
    assert!(!report.contains("无红灯、黄灯举措"), "{report}");
    assert!(
        report.contains("项指标尚无本期值或本年目标，暂不能判断是否达到序时"),
        "{report}"
    );
    // The 未报 column of the status table: every measure of A1 is 未报.
    let a1 = report
        .lines()
        .find(|l| l.starts_with("| A1 "))
        .unwrap_or_else(|| panic!("{report}"));
    let cells: Vec<&str> = a1.split('|').map(str::trim).collect();
    assert_eq!(cells[2], "11", "{a1}");
    assert_eq!(cells[10], "11", "{a1}");
}
