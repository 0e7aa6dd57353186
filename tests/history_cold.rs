//! The history cache (`.git/taskforce-history`) built cold (after a clone: from git's
//! commit-graph and the packs, commits stored whole or as deltas) lists exactly what a read
//! without the cache lists, and a warm read of it the same: on a history with a merge, hand
//! commits (trailers written by hand, none, a message ending in non-ASCII text, CRLF line
//! ends) and commits newer than the graph.

mod support;

use support::TempPlan;

const HISTORY: &str = ".git/taskforce-history";

fn set(p: &TempPlan, today: &str, args: &[&str]) {
    let r = p.run_on(today, args);
    assert_eq!(r.code, 0, "{args:?}: {r:?}");
}

/// A commit made with git alone, its message as given.
fn hand_commit(p: &TempPlan, message: &str) {
    p.git(&[
        "commit",
        "-q",
        "--allow-empty",
        "--cleanup=verbatim",
        "-m",
        message,
    ]);
}

/// For each item, `log ID --json` and `log ID` with the cache off, then built cold, then
/// warm; all the same. Returns the JSON lines seen across the items (to check the test
/// reads real entries).
fn cold_and_warm_agree(p: &TempPlan, items: &[&str], when: &str) -> usize {
    let mut entries = 0;
    for item in items {
        for json in [true, false] {
            let mut args = vec!["log", *item];
            if json {
                args.push("--json");
            }
            let off = p.run_caches(false, &args);
            assert_eq!(off.code, 0, "{item}: {off:?}");
            let _ = std::fs::remove_file(p.path().join(HISTORY));
            let cold = p.run_caches(true, &args);
            assert!(
                p.path().join(HISTORY).exists(),
                "{when}: the cache is written"
            );
            let warm = p.run_caches(true, &args);
            assert_eq!(cold.stdout, off.stdout, "{item} cold ({when})");
            assert_eq!(warm.stdout, off.stdout, "{item} warm ({when})");
            assert_eq!((cold.code, warm.code), (0, 0), "{item} ({when})");
            if json {
                let list: Vec<serde_json::Value> = serde_json::from_str(&off.stdout).expect("json");
                entries += list.len();
            }
        }
    }
    entries
}

/// How many commits the packs store as deltas (`git verify-pack -v`: a delta's line ends
/// with its depth and base).
fn commit_deltas(p: &TempPlan) -> usize {
    let mut n = 0;
    for e in std::fs::read_dir(p.path().join(".git/objects/pack")).expect("packs") {
        let path = e.expect("entry").path();
        if path.extension().is_some_and(|x| x == "idx") {
            let out = p.git(&["verify-pack", "-v", path.to_str().expect("utf-8")]);
            n += out
                .lines()
                .filter(|l| {
                    let f: Vec<&str> = l.split_whitespace().collect();
                    f.get(1) == Some(&"commit") && f.len() == 7
                })
                .count();
        }
    }
    n
}

#[test]
fn a_cold_history_cache_lists_what_a_read_without_it_lists() {
    let p = TempPlan::new();
    // Enough commits naming the same items that repacking stores many as deltas.
    for n in 0..12 {
        let day = format!("2026-10-{:02}", n + 1);
        let progress = format!("第{n}次报送：按计划推进");
        set(
            &p,
            &day,
            &["set", "A3-02", "--cycle", "weekly", "--progress", &progress],
        );
        set(
            &p,
            &day,
            &[
                "set",
                "A4-01",
                "--cycle",
                "monthly",
                "--progress",
                &progress,
            ],
        );
    }
    // Hand commits: trailers naming an item, none, non-ASCII at the end, CRLF line ends,
    // a trailer block broken by a free line.
    hand_commit(
        &p,
        "手工记录\n\n说明\n\nItem: A3-02\nField: progress\nFrom: null\nTo: \"手写\"\n",
    );
    hand_commit(&p, "没有尾注的手工提交\n\n正文以中文结尾");
    hand_commit(
        &p,
        "crlf\r\n\r\nItem: A4-01\r\nField: progress\r\nFrom: null\r\nTo: \"回车\"\r\n",
    );
    hand_commit(&p, "broken\n\nItem: A3-02\nnot a trailer\n");
    hand_commit(
        &p,
        "trailing spaces\n\nItem: A4-01\nField: x\nFrom: 1\nTo: 2\n \t\n\n",
    );
    // A side branch merged back.
    p.git(&["checkout", "-q", "-b", "side", "HEAD~3"]);
    set(
        &p,
        "2026-10-20",
        &["set", "A3-02", "--cycle", "weekly", "--progress", "旁支"],
    );
    p.git(&["checkout", "-q", "main"]);
    p.git(&["merge", "-q", "--no-edit", "side"]);
    let items = ["A3-02", "A4-01", "A5-01"];

    // Packed with deltas between commits, and a commit-graph of all of it.
    p.git(&[
        "repack",
        "-a",
        "-d",
        "-f",
        "-q",
        "--window=250",
        "--depth=50",
    ]);
    p.git(&["commit-graph", "write", "--reachable"]);
    assert!(commit_deltas(&p) > 5, "commits stored as deltas");
    let packed = cold_and_warm_agree(&p, &items, "packed, with a graph");
    assert!(packed > 25, "entries compared: {packed}");

    // Newer commits than the graph (loose objects), one of them a merge.
    set(
        &p,
        "2026-10-21",
        &["set", "A4-01", "--cycle", "weekly", "--progress", "图后"],
    );
    p.git(&["checkout", "-q", "-b", "late", "HEAD~1"]);
    hand_commit(
        &p,
        "late\n\nItem: A3-02\nField: progress\nFrom: null\nTo: \"晚\"\n",
    );
    p.git(&["checkout", "-q", "main"]);
    p.git(&["merge", "-q", "--no-edit", "late"]);
    let newer = cold_and_warm_agree(&p, &items, "newer than the graph");
    assert!(newer > packed, "entries compared: {newer}");
    // The graph over all of it: commits in several packs (each `set` writes one) and loose.
    p.git(&["commit-graph", "write", "--reachable"]);
    let packs = std::fs::read_dir(p.path().join(".git/objects/pack"))
        .expect("packs")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "idx"))
        })
        .count();
    assert!(packs > 1, "packs: {packs}");
    assert_eq!(cold_and_warm_agree(&p, &items, "several packs"), newer);

    // Bases named by id instead of by offset, and no graph at all.
    p.git(&[
        "-c",
        "repack.useDeltaBaseOffset=false",
        "repack",
        "-a",
        "-d",
        "-f",
        "-q",
        "--window=250",
    ]);
    p.git(&["commit-graph", "write", "--reachable"]);
    assert_eq!(cold_and_warm_agree(&p, &items, "bases by id"), newer);
    std::fs::remove_file(p.path().join(".git/objects/info/commit-graph")).expect("graph");
    assert_eq!(cold_and_warm_agree(&p, &items, "no graph"), newer);

    // One line per commit in the cache built cold.
    let text = std::fs::read_to_string(p.path().join(HISTORY)).expect("cache");
    assert_eq!(text.lines().count(), p.commit_count() + 3);
    p.fsck();
}
