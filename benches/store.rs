//! Benchmarks of the store against the git CLI, measured in the same run.
//!
//! `cargo bench --bench store` prints medians and ratios for: load + validate of the bundled
//! plan; one durable `set` on the bundled plan and on 10,000 measures beside `git add F && git
//! commit -q -m x`; `log ID` on 10,000 commits beside `git log --format=%H -- F` (packed repo).
//! Run it on an idle machine: the figures are wall-clock medians.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use taskforce::store::{self, BundledSource, Reports};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn run(cmd: &mut Command) {
    let out = cmd.output().expect("spawn");
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn taskforce(home: &Path, repo: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_taskforce"));
    c.current_dir(repo)
        .env("HOME", home)
        .env("GIT_CONFIG_GLOBAL", home.join(".gitconfig"))
        .env("TASKFORCE_TODAY", "2026-11-27");
    c
}

fn git(home: &Path, repo: &Path) -> Command {
    let mut c = Command::new("git");
    c.current_dir(repo)
        .env("HOME", home)
        .env("GIT_CONFIG_GLOBAL", home.join(".gitconfig"));
    c
}

fn identity(home: &Path, repo: &Path) {
    run(git(home, repo).args(["config", "user.name", "bench"]));
    run(git(home, repo).args(["config", "user.email", "bench@example.org"]));
}

/// Median time of one `set` and of `git add F && git commit` on a copy of the same repository.
fn set_vs_git(
    home: &Path,
    repo: &Path,
    copy: &Path,
    ids: &[String],
    rounds: usize,
) -> (Duration, Duration) {
    let mut ours = Vec::new();
    for (i, id) in ids.iter().cycle().take(rounds).enumerate() {
        let t = Instant::now();
        run(taskforce(home, repo).args([
            "set",
            id,
            "--cycle",
            "weekly",
            "--progress",
            &format!("bench {i}"),
        ]));
        ours.push(t.elapsed());
    }
    let mut theirs = Vec::new();
    for (i, id) in ids.iter().cycle().take(rounds).enumerate() {
        let action = id.split('-').next().expect("action");
        let rel = format!("measures/{action}/{id}.ron");
        let path = copy.join(&rel);
        let mut text = std::fs::read_to_string(&path).expect("read");
        text.push_str(&format!("// {i}\n"));
        std::fs::write(&path, text).expect("write");
        let t = Instant::now();
        run(git(home, copy).args(["add", &rel]));
        run(git(home, copy).args(["commit", "-q", "-m", "x"]));
        theirs.push(t.elapsed());
    }
    (median(ours), median(theirs))
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --all-targets` only checks that this builds.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let tmp = tempfile::tempdir().expect("tmp");
    let home = tmp.path().join("home");
    std::fs::create_dir_all(&home).expect("home");

    // 1. Load + validate the bundled plan, in process.
    let mut times = Vec::new();
    for _ in 0..50 {
        let t = Instant::now();
        let (plan, problems) = store::load(&BundledSource, Reports::All);
        assert!(plan.is_some() && problems.is_empty());
        times.push(t.elapsed());
    }
    println!(
        "load + validate, bundled plan (99 measures, 9 actions, 24 indicators): median {:.2} ms",
        ms(median(times))
    );
    let dir = tmp.path().join("plan");
    run(taskforce(&home, tmp.path()).args(["init", dir.to_str().expect("utf-8")]));
    let mut times = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        run(taskforce(&home, &dir).args(["check"]));
        times.push(t.elapsed());
    }
    println!(
        "`taskforce check` process, bundled plan: median {:.2} ms",
        ms(median(times))
    );

    // 2. One durable set, bundled plan and 10,000 measures.
    let rounds = 30;
    identity(&home, &dir);
    let copy = tmp.path().join("plan-git");
    run(Command::new("cp").args([
        "-r",
        dir.to_str().expect("utf-8"),
        copy.to_str().expect("utf-8"),
    ]));
    let ids: Vec<String> = (1..=10).map(|n| format!("A3-{n:02}")).collect();
    let (ours, theirs) = set_vs_git(&home, &dir, &copy, &ids, rounds);
    println!(
        "set, bundled plan: taskforce {:.2} ms, git add+commit {:.2} ms, git/taskforce = {:.2}x",
        ms(ours),
        ms(theirs),
        theirs.as_secs_f64() / ours.as_secs_f64()
    );
    let big = tmp.path().join("big");
    run(taskforce(&home, tmp.path()).args([
        "synth",
        big.to_str().expect("utf-8"),
        "--measures",
        "10000",
        "--commits",
        "0",
    ]));
    identity(&home, &big);
    let big_copy = tmp.path().join("big-git");
    run(Command::new("cp").args([
        "-r",
        big.to_str().expect("utf-8"),
        big_copy.to_str().expect("utf-8"),
    ]));
    let ids: Vec<String> = (1..=30).map(|n| format!("A{}-{:02}", n * 3, n)).collect();
    let (ours, theirs) = set_vs_git(&home, &big, &big_copy, &ids, rounds);
    println!(
        "set, 10,000 measures: taskforce {:.2} ms, git add+commit {:.2} ms, git/taskforce = {:.2}x",
        ms(ours),
        ms(theirs),
        theirs.as_secs_f64() / ours.as_secs_f64()
    );

    // 3. Per-item history on 10,000 commits.
    let hist = tmp.path().join("hist");
    let out = taskforce(&home, tmp.path())
        .args([
            "synth",
            hist.to_str().expect("utf-8"),
            "--measures",
            "1000",
            "--commits",
            "10000",
        ])
        .output()
        .expect("synth");
    let hot = String::from_utf8_lossy(&out.stdout).trim().to_string();
    run(git(&home, &hist).args(["gc", "-q"]));
    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    let mut entries = 0;
    let t = Instant::now();
    run(taskforce(&home, &hist).args(["log", "A1-01", "--json"]));
    let cold = t.elapsed();
    for _ in 0..10 {
        let t = Instant::now();
        let out = taskforce(&home, &hist)
            .args(["log", "A1-01", "--json"])
            .output()
            .expect("log");
        ours.push(t.elapsed());
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        entries = v.as_array().map_or(0, Vec::len);
        let t = Instant::now();
        let out = git(&home, &hist)
            .args(["log", "--format=%H", "--", &hot])
            .output()
            .expect("git log");
        theirs.push(t.elapsed());
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).lines().count(),
            entries,
            "same commits found"
        );
    }
    let (ours, theirs) = (median(ours), median(theirs));
    println!(
        "log A1-01 on 10,001 commits ({entries} entries, packed): taskforce {:.2} ms (first run, building the history cache: {:.2} ms), git log -- F {:.2} ms, git/taskforce = {:.2}x",
        ms(ours),
        ms(cold),
        ms(theirs),
        theirs.as_secs_f64() / ours.as_secs_f64()
    );
}
