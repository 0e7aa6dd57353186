//! Every change is a commit: set, log, undo/redo, hand edits, refusals, concurrent writers.

mod support;

use serde_json::Value;
use support::TempPlan;

#[test]
fn three_sets_make_three_commits_with_trailers_and_typed_log() {
    let p = TempPlan::new();
    let r = p.run(&[
        "set",
        "A3-02",
        "--cycle",
        "weekly",
        "--light",
        "yellow",
        "--progress",
        "完成站点规划初稿",
        "--problems",
        "选址难",
    ]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stdout.contains("周报 2026-W48 A3-02 未报→黄"),
        "{}",
        r.stdout
    );
    let r = p.run(&[
        "set",
        "A3-02",
        "--deadline",
        "2027-06-30",
        "--author",
        "李明 <liming@example.org>",
    ]);
    assert_eq!(r.code, 0, "{r:?}");
    let r = p.run(&[
        "set",
        "A3-02",
        "--cycle",
        "monthly",
        "--status",
        "in-progress",
        "--percent",
        "55",
    ]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(p.commit_count(), 4);
    p.fsck();
    assert_eq!(
        p.git(&["status", "--porcelain"]),
        "",
        "work tree and index are clean"
    );

    let log = p.git(&["log", "--format=%an|%s", "-3"]);
    assert_eq!(
        log.lines().collect::<Vec<_>>(),
        vec![
            "王芳|月报 2026-11 A3-02 状态、完成比例（黄灯）",
            "李明|调整 A3-02 完成时限 2027-12-31→2027-06-30",
            "王芳|周报 2026-W48 A3-02 未报→黄",
        ]
    );
    let body = p.git(&["log", "--format=%B", "-1", "HEAD~2"]);
    for line in [
        "Item: A3-02",
        "Cycle: weekly",
        "Period: 2026-W48",
        "Field: light",
        "From: null",
        "To: \"Yellow\"",
        "Field: problems",
        "To: \"选址难\"",
    ] {
        assert!(
            body.lines().any(|l| l == line),
            "missing {line:?} in\n{body}"
        );
    }
    let trailers = p.git(&[
        "log",
        "-1",
        "--format=%(trailers:key=Field,valueonly)",
        "HEAD~1",
    ]);
    assert_eq!(trailers.trim(), "deadline");

    let r = p.run(&["log", "A3-02", "--json"]);
    assert_eq!(r.code, 0);
    let v: Value = serde_json::from_str(&r.stdout).expect("json");
    let changes = v.as_array().expect("array");
    let commits: std::collections::BTreeSet<&str> = changes
        .iter()
        .map(|c| c["commit"].as_str().unwrap())
        .collect();
    assert_eq!(commits.len(), 3, "three commits touch A3-02");
    let deadline = changes
        .iter()
        .find(|c| c["field"] == "deadline")
        .expect("deadline change");
    assert_eq!(
        (deadline["from"].as_str(), deadline["to"].as_str()),
        (Some("2027-12-31"), Some("2027-06-30"))
    );
    assert_eq!(deadline["author"], "李明");
    assert!(deadline["time"].as_str().unwrap().starts_with("20"));
    // Newest first: the monthly report's changes come before the deadline.
    assert_eq!(changes[0]["cycle"], "monthly");
    assert_eq!(changes.last().unwrap()["cycle"], "weekly");
    // Other items have no history.
    let other: Value =
        serde_json::from_str(&p.run(&["log", "A3-03", "--json"]).stdout).expect("json");
    assert_eq!(other, serde_json::json!([]));
}

#[test]
fn a_set_that_changes_nothing_makes_no_commit() {
    let p = TempPlan::new();
    let args = [
        "set",
        "A1-01",
        "--cycle",
        "weekly",
        "--light",
        "green",
        "--progress",
        "已完成调研",
    ];
    assert_eq!(p.run(&args).code, 0);
    let before = p.snapshot();
    let r = p.run(&args);
    assert_eq!(r.code, 0);
    assert!(r.stderr.contains("没有变化，未提交"), "{}", r.stderr);
    p.assert_unchanged(&before, "a no-op set");
    // A1-07's deadline is the plan's own (到2027年), so setting it again changes nothing; on
    // A1-01 it would confirm a default (tests/assumed.rs).
    let r = p.run(&["set", "A1-07", "--deadline", "2027-12-31"]);
    assert!(r.stderr.contains("没有变化"));
    p.assert_unchanged(&before, "a no-op deadline");
}

#[test]
fn undo_restores_previous_bytes_and_redo_restores_the_change() {
    let p = TempPlan::new();
    let path = "measures/A2/A2-05.ron";
    let original = p.read(path);
    assert_eq!(p.run(&["set", "A2-05", "--deadline", "2026-12-31"]).code, 0);
    let changed = p.read(path);
    assert_ne!(original, changed);

    let r = p.run(&["undo"]);
    assert_eq!(r.code, 2, "without a terminal undo needs --yes");
    assert!(r.stderr.contains("--yes"));
    assert_eq!(p.read(path), changed);

    let r = p.run(&["undo", "--yes"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stderr.contains("将撤销") && r.stderr.contains("完成时限"),
        "preview: {}",
        r.stderr
    );
    assert_eq!(p.read(path), original);
    assert_eq!(p.commit_count(), 3);
    assert!(p.git(&["log", "-1", "--format=%B"]).contains("Undo-Of: "));

    let r = p.run(&["redo", "--yes"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(p.read(path), changed);
    assert_eq!(p.commit_count(), 4);
    let r = p.run(&["redo", "--yes"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("没有可重做"));
    p.fsck();
    assert_eq!(p.git(&["status", "--porcelain"]), "");
}

#[test]
fn nothing_to_undo_on_a_fresh_plan() {
    let p = TempPlan::new();
    let r = p.run(&["undo", "--yes"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("没有可撤销"));
    assert_eq!(p.commit_count(), 1);
}

/// Runs a refused command and checks its exit code, message, and that nothing changed.
fn refused(p: &TempPlan, args: &[&str], code: i32, needle: &str) {
    let before = p.snapshot();
    let r = p.run(args);
    assert_eq!(r.code, code, "{args:?}: {r:?}");
    assert!(
        r.stderr.contains(needle),
        "{args:?}: expected {needle:?} in {}",
        r.stderr
    );
    p.assert_unchanged(&before, &format!("{args:?}"));
}

#[test]
fn bad_values_exit_2_and_touch_nothing() {
    let p = TempPlan::new();
    refused(
        &p,
        &["set", "A3-99", "--deadline", "2027-01-01"],
        2,
        "A3-99",
    );
    refused(
        &p,
        &["set", "../A3-02", "--deadline", "2027-01-01"],
        2,
        "“../A3-02”：不是有效的编号",
    );
    refused(&p, &["set", "A3-02", "--owner", "李四"], 2, "李四");
    refused(
        &p,
        &["set", "A3-02", "--lead", "市人力社保局"],
        2,
        "市人力社保局",
    );
    refused(
        &p,
        &["set", "A3-02", "--deadline", "2027-02-30"],
        2,
        "2027-02-30",
    );
    refused(
        &p,
        &[
            "set",
            "A3-02",
            "--cycle",
            "weekly",
            "--period",
            "2026-W60",
            "--progress",
            "x",
        ],
        2,
        "2026-W60",
    );
    refused(
        &p,
        &[
            "set",
            "A3-02",
            "--cycle",
            "weekly",
            "--period",
            "2026-11",
            "--progress",
            "x",
        ],
        2,
        "--period 2026-11：应为周次",
    );
    refused(&p, &["set", "A3-02", "--cycle", "daily"], 2, "daily");
    refused(
        &p,
        &["set", "A3-02", "--cycle", "weekly", "--light", "purple"],
        2,
        "purple",
    );
    refused(
        &p,
        &[
            "set",
            "A3-02",
            "--cycle",
            "weekly",
            "--progress",
            "bad\u{1b}[2J",
        ],
        2,
        "U+001B",
    );
}

#[test]
fn a_hand_edited_file_is_never_clobbered() {
    let p = TempPlan::new();
    let path = "measures/A3/A3-02.ron";
    let edited = p
        .read(path)
        .replace("tags: []", "tags: [\"标志性成果候选\"]");
    p.write(path, &edited);
    refused(
        &p,
        &["set", "A3-02", "--deadline", "2027-01-01"],
        1,
        "measures/A3/A3-02.ron 有未提交的修改",
    );
    refused(
        &p,
        &["set", "A3-02", "--cycle", "weekly", "--progress", "x"],
        1,
        "measures/A3/A3-02.ron",
    );
    assert_eq!(p.read(path), edited);
    // A staged (not committed) edit is detected too.
    p.git(&["add", path]);
    refused(
        &p,
        &["set", "A3-02", "--deadline", "2027-01-01"],
        1,
        "有未提交的已暂存修改",
    );
    // Other measures can still be set, and the staged edit is not swept into that commit.
    assert_eq!(p.run(&["set", "A3-03", "--deadline", "2027-01-01"]).code, 0);
    assert_eq!(
        p.git(&["show", "--name-only", "--format=", "HEAD"]).trim(),
        "measures/A3/A3-03.ron"
    );
    assert_eq!(p.read(path), edited);
    assert_eq!(p.git(&["diff", "--cached", "--name-only"]).trim(), path);
}

#[test]
fn commit_records_valid_hand_edits_and_refuses_invalid_ones() {
    let p = TempPlan::new();
    let path = "measures/A3/A3-02.ron";
    p.write(
        path,
        &p.read(path)
            .replace("tags: []", "tags: [\"标志性成果候选\"]"),
    );
    let bad = p
        .read("measures/A4/A4-01.ron")
        .replace("\"市卫健委\"", "\"卫生局\"");
    p.write("measures/A4/A4-01.ron", &bad);
    refused(
        &p,
        &["commit", "-m", "补充标签"],
        2,
        "measures/A4/A4-01.ron:8:16: 单位 卫生局 不在名册中",
    );
    p.git(&["checkout", "--", "measures/A4/A4-01.ron"]);
    let r = p.run(&["commit", "-m", "补充标签"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(p.commit_count(), 2);
    let body = p.git(&["log", "-1", "--format=%B"]);
    assert!(body.starts_with("补充标签\n"), "{body}");
    assert!(
        body.contains("Item: A3-02\nField: tags\nFrom: []\nTo: [\"标志性成果候选\"]\n"),
        "{body}"
    );
    assert!(body.contains("Hand-Edit: true"));
    assert_eq!(p.git(&["status", "--porcelain"]), "");
    let log: Value =
        serde_json::from_str(&p.run(&["log", "A3-02", "--json"]).stdout).expect("json");
    assert_eq!(log[0]["field"], "tags");
    let r = p.run(&["commit", "-m", "nothing"]);
    assert!(r.stderr.contains("没有变化"));
}

#[test]
fn no_identity_is_a_clear_error() {
    let p = TempPlan::new();
    p.git(&["config", "--unset", "user.name"]);
    p.git(&["config", "--unset", "user.email"]);
    refused(
        &p,
        &["set", "A3-02", "--deadline", "2027-01-01"],
        2,
        "没有 git 身份",
    );
    let r = p.run(&[
        "set",
        "A3-02",
        "--deadline",
        "2027-01-01",
        "--author",
        "赵六 <zhao@example.org>",
    ]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(
        p.git(&["log", "-1", "--format=%an <%ae>"]).trim(),
        "赵六 <zhao@example.org>"
    );
    refused(
        &p,
        &[
            "set",
            "A3-02",
            "--deadline",
            "2027-01-02",
            "--author",
            "nobody",
        ],
        2,
        "Name <mail>",
    );
}

#[test]
fn a_locked_index_is_retried_then_refused() {
    let p = TempPlan::new();
    let lock = p.path().join(".git/index.lock");
    std::fs::write(&lock, b"").expect("lock");
    refused(
        &p,
        &["set", "A3-02", "--deadline", "2027-01-01"],
        1,
        "index.lock 存在：另一个 git 进程正在使用仓库，已等待2秒",
    );
    assert!(lock.exists(), "someone else's lock is left alone");
    std::fs::remove_file(&lock).expect("unlock");
    assert_eq!(p.run(&["set", "A3-02", "--deadline", "2027-01-01"]).code, 0);
}

#[test]
fn a_stale_lock_of_a_killed_taskforce_is_recovered() {
    let p = TempPlan::new();
    // What a taskforce process killed while it held git's index lock leaves behind.
    std::fs::write(
        p.path().join(".git/taskforce.lock"),
        b"pid=4000000 stage=index\n",
    )
    .expect("state");
    std::fs::write(p.path().join(".git/index.lock"), b"taskforce pid=4000000\n").expect("lock");
    let r = p.run(&["set", "A3-02", "--deadline", "2027-01-01"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stderr.contains("已删除过期的锁文件") && r.stderr.contains("4000000"),
        "{}",
        r.stderr
    );
    assert_eq!(p.commit_count(), 2);
    p.fsck();
    assert_eq!(p.git(&["status", "--porcelain"]), "");
    // The stage record is rewritten in place: no stale bytes or holes before it.
    let record = std::fs::read(p.path().join(".git/taskforce.lock")).expect("lock file");
    let text = String::from_utf8(record).expect("utf-8");
    assert!(
        text.starts_with("pid=") && text.contains("stage=idle") && !text.contains('\0'),
        "{text:?}"
    );
}

#[test]
fn only_provably_stale_git_locks_are_removed_and_the_removal_is_always_said() {
    let p = TempPlan::new();
    let lock = p.path().join(".git/index.lock");
    // A fresh lock of unknown origin (a running git): waited for, then a typed busy error.
    std::fs::write(&lock, b"DIRC").expect("lock");
    let start = std::time::Instant::now();
    let r = p.run(&["--lang", "en", "set", "A3-02", "--deadline", "2027-01-01"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stderr.contains("index.lock exists"), "{}", r.stderr);
    assert!(start.elapsed() < std::time::Duration::from_secs(5));
    assert!(lock.exists(), "a fresh foreign lock is left alone");
    // The same lock, eleven minutes old and held open by no process: removed, and said so even
    // though the command then fails for another reason (a bad value).
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(660);
    std::fs::File::options()
        .write(true)
        .open(&lock)
        .and_then(|f| f.set_modified(old))
        .expect("age the lock");
    let r = p.run(&["--lang", "en", "set", "A3-02", "--deadline", "2020-01-01"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(!lock.exists());
    assert!(
        r.stderr.contains("removed the stale lock file")
            && r.stderr.contains("older than ten minutes"),
        "{}",
        r.stderr
    );
    // A lock of another branch is never touched.
    let other = p.path().join(".git/refs/heads/other.lock");
    std::fs::write(&other, b"").expect("other lock");
    assert_eq!(p.run(&["set", "A3-02", "--deadline", "2027-01-01"]).code, 0);
    assert!(other.exists());
}

#[test]
fn two_writers_at_once_lose_nothing() {
    let p = TempPlan::new();
    let per_writer = 10;
    let writers: Vec<_> = ["A3", "A4"]
        .into_iter()
        .map(|action| {
            let repo = p.path();
            let home = p.home.path().to_path_buf();
            std::thread::spawn(move || {
                let mut acknowledged = Vec::new();
                for n in 1..=per_writer {
                    let id = format!("{action}-{n:02}");
                    let text = format!("第{n}次报送 {action}");
                    let out = support::command(&home, &repo)
                        .args(["set", &id, "--cycle", "weekly", "--progress", &text])
                        .output()
                        .expect("run");
                    assert!(
                        out.status.success(),
                        "{}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                    acknowledged.push((id, text));
                }
                acknowledged
            })
        })
        .collect();
    let acknowledged: Vec<(String, String)> = writers
        .into_iter()
        .flat_map(|w| w.join().expect("writer"))
        .collect();
    assert_eq!(p.commit_count(), 1 + acknowledged.len());
    p.fsck();
    assert_eq!(p.git(&["status", "--porcelain"]), "");
    for (id, text) in &acknowledged {
        let action = &id[..2];
        let committed = p.git(&[
            "show",
            &format!("HEAD:status/weekly/2026-W48/{action}/{id}.ron"),
        ]);
        assert!(committed.contains(text.as_str()), "{id} lost its write");
    }
}

#[test]
fn pre_commit_hook_refuses_invalid_data_from_plain_git() {
    let p = TempPlan::new();
    let r = p.run(&["hooks", "install"]);
    assert_eq!(r.code, 0, "{r:?}");
    let path = "measures/A3/A3-02.ron";
    p.write(
        path,
        &p.read(path).replace("\"市人社局\"", "\"不存在的单位\""),
    );
    p.git(&["add", path]);
    let bin_dir = std::path::Path::new(support::bin())
        .parent()
        .expect("bin dir")
        .to_path_buf();
    let path_var = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = std::process::Command::new("git")
        .current_dir(p.path())
        .env("HOME", p.home.path())
        .env("GIT_CONFIG_GLOBAL", p.home.path().join(".gitconfig"))
        .env("PATH", &path_var)
        .args(["commit", "-qm", "bad"])
        .output()
        .expect("git commit");
    assert!(!out.status.success(), "the hook let invalid data in");
    assert!(String::from_utf8_lossy(&out.stderr).contains("单位 不存在的单位 不在名册中"));
    assert_eq!(p.commit_count(), 1);
    // Without taskforce on PATH, the hook checks with the binary that installed it.
    let out = std::process::Command::new("git")
        .current_dir(p.path())
        .env("HOME", p.home.path())
        .env("GIT_CONFIG_GLOBAL", p.home.path().join(".gitconfig"))
        .env("PATH", "/usr/bin:/bin")
        .args(["commit", "-qm", "bad"])
        .output()
        .expect("git commit");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("单位 不存在的单位 不在名册中"));
    // With neither, it says so plainly and refuses.
    let hook = p.path().join(".git/hooks/pre-commit");
    let text = std::fs::read_to_string(&hook).expect("hook");
    let gone = text.replace(support::bin(), "/nonexistent/taskforce");
    assert_ne!(text, gone, "the hook names the installing binary");
    std::fs::write(&hook, gone).expect("hook");
    let out = std::process::Command::new("git")
        .current_dir(p.path())
        .env("HOME", p.home.path())
        .env("GIT_CONFIG_GLOBAL", p.home.path().join(".gitconfig"))
        .env("PATH", "/usr/bin:/bin")
        .args(["commit", "-qm", "bad"])
        .output()
        .expect("git commit");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not on PATH"));
    // Valid data passes the hook.
    p.git(&["checkout", "HEAD", "--", path]);
    p.write(path, &p.read(path).replace("tags: []", "tags: [\"x\"]"));
    p.git(&["add", path]);
    let out = std::process::Command::new("git")
        .current_dir(p.path())
        .env("HOME", p.home.path())
        .env("GIT_CONFIG_GLOBAL", p.home.path().join(".gitconfig"))
        .env("PATH", &path_var)
        .args(["commit", "-qm", "good"])
        .output()
        .expect("git commit");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(p.commit_count(), 2);
}

#[test]
fn log_after_history_is_rewritten_shows_only_reachable_commits() {
    let p = TempPlan::new();
    assert_eq!(p.run(&["set", "A3-02", "--deadline", "2027-06-30"]).code, 0);
    let log: Value =
        serde_json::from_str(&p.run(&["log", "A3-02", "--json"]).stdout).expect("json");
    assert_eq!(log.as_array().unwrap().len(), 1);
    assert_eq!(p.run(&["set", "A3-02", "--deadline", "2027-03-31"]).code, 0);
    let log: Value =
        serde_json::from_str(&p.run(&["log", "A3-02", "--json"]).stdout).expect("json");
    assert_eq!(
        log.as_array().unwrap().len(),
        2,
        "the history cache is extended"
    );
    p.git(&["reset", "-q", "--hard", "HEAD~2"]);
    let log: Value =
        serde_json::from_str(&p.run(&["log", "A3-02", "--json"]).stdout).expect("json");
    assert_eq!(
        log,
        serde_json::json!([]),
        "the cache is rebuilt after a reset"
    );
    let since: Value =
        serde_json::from_str(&p.run(&["log", "--since", "HEAD", "--json"]).stdout).expect("json");
    assert_eq!(since, serde_json::json!([]));
}

#[test]
fn many_changes_keep_few_packs_and_a_sound_repository() {
    let p = TempPlan::new();
    for n in 0..40 {
        let id = format!("A2-{:02}", n % 13 + 1);
        let r = p.run(&[
            "set",
            &id,
            "--cycle",
            "weekly",
            "--progress",
            &format!("第{n}次"),
        ]);
        assert_eq!(r.code, 0, "{r:?}");
    }
    assert_eq!(p.commit_count(), 41);
    let packs = std::fs::read_dir(p.path().join(".git/objects/pack"))
        .expect("pack dir")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "pack"))
        })
        .count();
    assert!((1..=25).contains(&packs), "{packs} packs");
    p.fsck();
    assert_eq!(p.git(&["status", "--porcelain"]), "");
    assert!(
        p.git(&["show", "HEAD:status/weekly/2026-W48/A2/A2-01.ron"])
            .contains("第39次")
    );
    // Every commit's objects are readable by the git CLI.
    assert_eq!(
        p.git(&["log", "--format=%H", "--", "status"])
            .lines()
            .count(),
        40
    );
}

#[test]
fn show_includes_reports_of_asked_periods() {
    let p = TempPlan::new();
    let r = p.run(&[
        "set",
        "A3-02",
        "--cycle",
        "weekly",
        "--period",
        "2026-W40",
        "--progress",
        "十月初进展",
        "--author",
        "张三 <z@example.org>",
    ]);
    assert_eq!(r.code, 0, "{r:?}");
    let v: Value = serde_json::from_str(
        &p.run(&["show", "A3-02", "--period", "2026-W40", "--json"])
            .stdout,
    )
    .expect("json");
    let reports = v["reports"].as_array().expect("reports");
    assert_eq!(reports.len(), 4);
    assert!(reports[0]["report"].is_null(), "current week not reported");
    assert_eq!(reports[3]["period"], "2026-W40");
    assert_eq!(reports[3]["report"]["progress"], "十月初进展");
    assert_eq!(reports[3]["report"]["reported_by"], "张三");
}

#[test]
fn killed_writers_leave_a_sound_repository_and_lose_no_acknowledged_change() {
    let p = TempPlan::new();
    let mut acknowledged = Vec::new();
    let mut killed = 0;
    for n in 0..24u64 {
        let id = format!("A6-{:02}", n % 10 + 1);
        let text = format!("报送{n}");
        let mut child = support::command(p.home.path(), &p.path())
            .args(["set", &id, "--cycle", "weekly", "--progress", &text])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        // Every other write runs to the end; the rest are killed at spread-out moments: before,
        // during and after the commit.
        if n % 2 == 1 {
            std::thread::sleep(std::time::Duration::from_micros(n * 1700 % 40_000));
            let _ = child.kill();
            killed += 1;
        }
        let out = child.wait_with_output().expect("wait");
        if out.status.success() {
            acknowledged.push((id.clone(), text));
        }
        // The next command on the same item works with no manual step.
        let next = p.run(&[
            "set",
            &id,
            "--cycle",
            "weekly",
            "--progress",
            &format!("随后{n}"),
        ]);
        assert_eq!(next.code, 0, "{next:?}");
        acknowledged.push((id, format!("随后{n}")));
    }
    assert_eq!(killed, 12);
    assert!(acknowledged.len() >= 24, "{acknowledged:?}");
    p.fsck();
    let check = p.run(&["check"]);
    assert_eq!(check.code, 0, "{check:?}");
    assert_eq!(p.git(&["status", "--porcelain", "--ignored"]), "");
    let history = p.git(&["log", "--format=%B"]);
    for (id, text) in &acknowledged {
        assert!(
            history.contains(&format!("→ {text}\n")),
            "acknowledged {id} {text} is not in the history"
        );
    }
}

#[test]
fn people_added_to_the_roster_can_own_measures() {
    let p = TempPlan::new();
    refused(&p, &["set", "A3-02", "--owner", "刘洋"], 2, "刘洋");
    refused(
        &p,
        &["roster", "add-person", "刘洋", "--unit", "不存在局"],
        2,
        "不存在局",
    );
    let r = p.run(&[
        "roster",
        "add-person",
        "刘洋",
        "--unit",
        "市人社局",
        "--role",
        "就业处处长",
    ]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stdout.contains("名册 新增 刘洋（市人社局）"),
        "{}",
        r.stdout
    );
    assert!(
        p.run(&["roster", "add-person", "刘洋", "--unit", "市人社局"])
            .stderr
            .contains("没有变化")
    );
    let r = p.run(&["set", "A3-02", "--owner", "刘洋"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stdout.contains("调整 A3-02 责任人 无→刘洋"),
        "{}",
        r.stdout
    );
    assert_eq!(p.commit_count(), 3);
    let list: Value =
        serde_json::from_str(&p.run(&["list", "--owner", "刘洋", "--json"]).stdout).expect("json");
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "measure")
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec!["A3-02"]);
    let roster = p.run(&["roster"]).stdout;
    let line = roster
        .lines()
        .find(|l| l.starts_with("刘洋 "))
        .expect("person listed");
    assert_eq!(
        line.split_whitespace().collect::<Vec<_>>(),
        vec!["刘洋", "市人社局", "就业处处长"]
    );
    assert_eq!(p.run(&["check"]).code, 0);
}

#[test]
fn commit_dates_follow_git_date_variables_like_git() {
    let p = TempPlan::new();
    let out = support::command(p.home.path(), &p.path())
        .env("GIT_AUTHOR_DATE", "2026-11-03 09:30:00 +0800")
        .env("GIT_COMMITTER_DATE", "2026-11-03 09:31:00 +0800")
        .args(["set", "A3-02", "--deadline", "2027-06-30"])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        p.git(&["log", "-1", "--format=%ai|%ci"]).trim(),
        "2026-11-03 09:30:00 +0800|2026-11-03 09:31:00 +0800"
    );
    let before = p.snapshot();
    let out = support::command(p.home.path(), &p.path())
        .env("GIT_AUTHOR_DATE", "yesterday")
        .args(["set", "A3-02", "--deadline", "2027-05-31"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("GIT_AUTHOR_DATE"));
    p.assert_unchanged(&before, "a bad GIT_AUTHOR_DATE");
}

#[test]
fn a_commit_that_fails_after_writing_puts_the_files_back() {
    let p = TempPlan::new();
    // Make the object database refuse the new pack, after the work-tree file is written.
    let pack_dir = p.path().join(".git/objects/pack");
    std::fs::remove_dir_all(&pack_dir).expect("remove pack dir");
    std::fs::write(&pack_dir, b"not a folder").expect("block pack dir");
    let before = p.snapshot();
    let r = p.run(&[
        "set",
        "A3-02",
        "--cycle",
        "weekly",
        "--progress",
        "写入后失败",
    ]);
    assert_eq!(r.code, 1, "{r:?}");
    p.assert_unchanged(&before, "a failed commit");
    std::fs::remove_file(&pack_dir).expect("unblock");
    std::fs::create_dir(&pack_dir).expect("pack dir");
    let r = p.run(&[
        "set",
        "A3-02",
        "--cycle",
        "weekly",
        "--progress",
        "恢复后成功",
    ]);
    assert_eq!(r.code, 0, "{r:?}");
    p.fsck();
}

#[test]
fn a_light_override_needs_a_reason_and_can_be_cleared() {
    let p = TempPlan::new();
    refused(
        &p,
        &["set", "A4-07", "--override", "red"],
        2,
        "手工设定亮灯须写明理由（--reason）",
    );
    refused(
        &p,
        &["set", "A4-07", "--override", "purple", "--reason", "x"],
        2,
        "purple",
    );
    refused(
        &p,
        &["set", "A4-07", "--reason", "x"],
        2,
        "--reason 须配合 --override",
    );
    let r = p.run(&[
        "set",
        "A4-07",
        "--override",
        "red",
        "--reason",
        "巡回诊疗经费未列入预算",
    ]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stdout
            .contains("调整 A4-07 人工亮灯 无→红（巡回诊疗经费未列入预算）"),
        "{}",
        r.stdout
    );
    let v: Value = serde_json::from_str(&p.run(&["show", "A4-07", "--json"]).stdout).expect("json");
    assert_eq!(v["light"], "red");
    assert_eq!(
        v["light_reasons"],
        serde_json::json!(["set by hand: 巡回诊疗经费未列入预算"])
    );
    let again = p.run(&[
        "set",
        "A4-07",
        "--override",
        "red",
        "--reason",
        "巡回诊疗经费未列入预算",
    ]);
    assert!(again.stderr.contains("没有变化"), "{again:?}");
    let r = p.run(&["set", "A4-07", "--clear-override"]);
    assert_eq!(r.code, 0, "{r:?}");
    let v: Value = serde_json::from_str(&p.run(&["show", "A4-07", "--json"]).stdout).expect("json");
    // Without the override the computed light shows again: never reported.
    assert_eq!(v["light"], "unreported");
    assert_eq!(p.commit_count(), 3);
    assert_eq!(p.run(&["check"]).code, 0);
    let log: Value =
        serde_json::from_str(&p.run(&["log", "A4-07", "--json"]).stdout).expect("json");
    assert_eq!(log[0]["field"], "light_override");
    assert!(log[0]["to"].is_null() && log[0]["from"]["reason"] == "巡回诊疗经费未列入预算");
}

#[test]
fn a_stale_index_left_by_a_plain_git_is_repaired_not_called_a_hand_edit() {
    let p = TempPlan::new();
    assert_eq!(
        p.run(&["set", "A3-02", "--cycle", "weekly", "--progress", "第一次"])
            .code,
        0
    );
    // What a plain `git commit` racing a writer can leave: the index one commit behind, the
    // work tree equal to HEAD.
    p.git(&["read-tree", "HEAD~1"]);
    assert!(
        !p.git(&["diff", "--cached", "--name-only"])
            .trim()
            .is_empty()
    );
    let r = p.run(&["set", "A3-02", "--cycle", "weekly", "--progress", "第二次"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(p.git(&["status", "--porcelain"]), "");
    // `commit -m` puts a stale entry right instead of committing nothing.
    p.git(&["read-tree", "HEAD~1"]);
    let count = p.commit_count();
    let r = p.run(&["commit", "-m", "无修改"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(p.commit_count(), count, "no empty commit");
    assert_eq!(p.git(&["status", "--porcelain"]), "");
}

#[test]
fn commit_records_plan_files_only_and_names_the_rest() {
    let p = TempPlan::new();
    p.write(".env", "TOKEN=secret\n");
    p.write("build/tmp/out.bin", "\u{7f}ELF");
    // Only files that are not plan files: refused, each named.
    let r = p.run(&["commit", "-m", "杂项"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stderr.contains(".env") && r.stderr.contains("build/tmp/out.bin"),
        "{}",
        r.stderr
    );
    assert_eq!(p.commit_count(), 1);
    // With a hand-edited plan file: that one is recorded, the others named and left alone.
    let path = "measures/A3/A3-02.ron";
    let edited = p.read(path).replace("tags: []", "tags: [\"手工\"]");
    p.write(path, &edited);
    let r = p.run(&["commit", "-m", "手工调整标签"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stderr.contains("不是计划文件") && r.stderr.contains(".env"),
        "{}",
        r.stderr
    );
    assert_eq!(
        p.git(&["show", "--name-only", "--format=", "HEAD"]).trim(),
        path
    );
    let untracked = p.git(&["status", "--porcelain"]);
    assert!(
        untracked.contains(".env") && untracked.contains("build/"),
        "{untracked}"
    );
}

#[test]
fn a_busy_writer_is_named_and_the_wait_ends_within_two_seconds() {
    let p = TempPlan::new();
    let lock = p.path().join(".git/taskforce.lock");
    let mut record = b"pid=4242 cmd=meeting stage=commit".to_vec();
    record.resize(95, b' ');
    record.push(b'\n');
    std::fs::write(&lock, &record).expect("record");
    // Another process holds the writer lock (flock) for a while.
    // `-o`: the lock stays with flock itself, so killing it releases the lock.
    let mut holder = std::process::Command::new("flock")
        .arg("-o")
        .arg(&lock)
        .args(["sleep", "6"])
        .spawn()
        .expect("flock");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let before = p.snapshot();
    let start = std::time::Instant::now();
    let r = p.run(&["set", "A3-02", "--deadline", "2027-01-01"]);
    let took = start.elapsed();
    let _ = holder.kill();
    let _ = holder.wait();
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stderr.contains("正忙") && r.stderr.contains("4242") && r.stderr.contains("meeting"),
        "{}",
        r.stderr
    );
    // Bounded by the two-second wait plus start-up (a bound, not a benchmark).
    assert!(took < std::time::Duration::from_secs(5), "{took:?}");
    p.assert_unchanged(&before, "a busy repository");
    let r = p.run(&["--lang", "en", "set", "A3-02", "--deadline", "2027-01-01"]);
    assert_eq!(r.code, 0, "{r:?}");
}
