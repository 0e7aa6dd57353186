//! `sync` beside `git pull` on the same repositories, measured in the same run.
//!
//! `cargo bench --bench sync` prints wall-clock medians of whole processes and their ratios
//! for: a sync with nothing to do beside `git pull` with nothing to do, and a sync that
//! receives 100 commits beside `git pull --ff-only` of the same 100 commits (the clone is reset
//! before each run). Pairs alternate, so both see the same machine load.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().expect("spawn");
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn taskforce(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_taskforce"));
    c.env("HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("TASKFORCE_TODAY", "2026-12-01")
        .env_remove("TASKFORCE_REPO");
    c
}

fn git(home: &Path, dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.current_dir(dir)
        .env("HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1");
    c
}

fn time(cmd: &mut Command) -> Duration {
    let start = Instant::now();
    run(cmd);
    start.elapsed()
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --all-targets` only checks that this builds.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let tmp = tempfile::tempdir().expect("tmp");
    let home = tmp.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::write(
        home.join(".gitconfig"),
        "[user]\n\tname = 张三\n\temail = z@example.cn\n",
    )
    .unwrap();
    let seed = tmp.path().join("seed");
    run(taskforce(&home).arg("init").arg(&seed));
    let remote = tmp.path().join("remote.git");
    run(Command::new("git")
        .args(["clone", "--quiet", "--bare"])
        .arg(&seed)
        .arg(&remote));
    let writer = tmp.path().join("writer");
    run(taskforce(&home).arg("clone").arg(&remote).arg(&writer));
    let reader = tmp.path().join("reader");
    run(taskforce(&home).arg("clone").arg(&remote).arg(&reader));
    let old = run(git(&home, &reader).args(["rev-parse", "HEAD"]))
        .trim()
        .to_string();
    // 100 commits on the remote, as another coordinator's week of reports.
    let ids = [
        "A1-01", "A2-03", "A3-02", "A4-01", "A5-03", "A6-01", "A7-02", "A8-05",
    ];
    for n in 0..100 {
        let id = ids[n % ids.len()];
        run(taskforce(&home).arg("--repo").arg(&writer).args([
            "set",
            id,
            "--cycle",
            "weekly",
            "--progress",
            &format!("第{n}次进展"),
        ]));
    }
    run(taskforce(&home).arg("--repo").arg(&writer).arg("sync"));

    let rounds = 9;
    let (mut tf_idle, mut git_idle, mut tf_100, mut git_100) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    // Up to date first: nothing to do.
    run(taskforce(&home).arg("--repo").arg(&reader).arg("sync"));
    for _ in 0..rounds {
        tf_idle.push(time(
            taskforce(&home).arg("--repo").arg(&reader).arg("sync"),
        ));
        git_idle.push(time(git(&home, &reader).args(["pull", "--quiet"])));
    }
    for _ in 0..rounds {
        let reset = |dir: &Path| {
            run(git(&home, dir).args(["reset", "--quiet", "--hard", &old]));
            run(git(&home, dir).args(["update-ref", "refs/remotes/origin/main", &old]));
        };
        reset(&reader);
        tf_100.push(time(
            taskforce(&home).arg("--repo").arg(&reader).arg("sync"),
        ));
        reset(&reader);
        git_100.push(time(git(&home, &reader).args([
            "pull",
            "--quiet",
            "--ff-only",
        ])));
    }
    println!("sync beside git pull, {rounds} paired runs each, medians:");
    for (what, tf, g) in [
        ("nothing to do", median(tf_idle), median(git_idle)),
        ("100 incoming commits", median(tf_100), median(git_100)),
    ] {
        println!(
            "  {what:<22} taskforce sync {:>7.1} ms   git pull {:>7.1} ms   ratio {:.2}",
            ms(tf),
            ms(g),
            ms(tf) / ms(g)
        );
    }
}
