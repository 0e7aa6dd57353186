//! Pack maintenance: each write stores one small pack; they are merged geometrically by
//! `taskforce gc` and automatically once they pile up, never losing an object.

mod support;

use support::TempPlan;

fn packs(p: &TempPlan) -> Vec<String> {
    let dir = p.path().join(".git/objects/pack");
    let mut out: Vec<String> = std::fs::read_dir(&dir)
        .expect("pack folder")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".pack"))
        .collect();
    out.sort();
    out
}

fn set(p: &TempPlan, i: usize) {
    let id = format!("A3-{:02}", 1 + i % 5);
    let r = p.run(&[
        "set",
        &id,
        "--cycle",
        "weekly",
        "--progress",
        &format!("第{i}次"),
    ]);
    assert_eq!(r.code, 0, "set {i}: {}", r.stderr);
}

#[test]
fn small_packs_merge_automatically_and_by_gc_and_every_commit_stays_readable() {
    let p = TempPlan::new();
    let before = p.commit_count();
    for i in 0..30 {
        set(&p, i);
    }
    assert_eq!(p.commit_count(), before + 30);
    // Thirty writes, one pack each: the automatic merge (run before the command returns in
    // debug builds) kept the count at or below the threshold.
    let n = packs(&p).len();
    assert!((1..=25).contains(&n), "{n} packs after 30 writes");
    p.fsck();
    // Every commit's report is still readable after the merges.
    let log = p.git(&["log", "--format=%s"]);
    assert_eq!(log.lines().filter(|l| l.contains("A3-0")).count(), 30);

    for i in 30..40 {
        set(&p, i);
    }
    let r = p.run(&["gc"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("整理完成："), "{}", r.stdout);
    let after = packs(&p).len();
    assert!(after < n + 10, "gc merged: {after} packs");
    p.fsck();
    // A second gc finds the packs geometric already and merges nothing.
    let r = p.run(&["--lang", "en", "gc"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("gc: merged 0 of "), "{}", r.stdout);
    assert_eq!(packs(&p).len(), after);
    let r = p.run(&["check"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}
