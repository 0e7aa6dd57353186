//! A write sets its entries in git's index file directly (not through a whole libgit2 parse):
//! the index must stay what git itself would have: clean status, the cached trees git trusts
//! right, racily clean entries smudged, and other index forms handled by libgit2.

mod support;

use support::TempPlan;

/// The index agrees with HEAD in every way git checks.
fn assert_index_matches_head(p: &TempPlan, what: &str) {
    assert_eq!(p.git(&["status", "--porcelain"]), "", "{what}: status");
    assert_eq!(
        p.git(&["diff-index", "--cached", "HEAD"]),
        "",
        "{what}: index against HEAD"
    );
    // `write-tree` uses every cached tree the index still calls valid: a stale one left
    // valid along a changed path gives a tree other than HEAD's.
    assert_eq!(
        p.git(&["write-tree"]).trim(),
        p.git(&["rev-parse", "HEAD^{tree}"]).trim(),
        "{what}: the index's tree"
    );
    let staged: Vec<String> = p
        .git(&["ls-files", "-s"])
        .lines()
        .map(|l| {
            let (meta, path) = l.split_once('\t').expect("tab");
            let id = meta.split(' ').nth(1).expect("id");
            format!("{id} {path}")
        })
        .collect();
    let committed: Vec<String> = p
        .git(&["ls-tree", "-r", "HEAD"])
        .lines()
        .map(|l| {
            let (meta, path) = l.split_once('\t').expect("tab");
            let id = meta.split(' ').nth(2).expect("id");
            format!("{id} {path}")
        })
        .collect();
    assert_eq!(staged, committed, "{what}: entries");
    p.fsck();
}

/// Makes every cached tree of the index valid (as after `git read-tree`), with stat data.
fn prime_cache_tree(p: &TempPlan) {
    p.git(&["read-tree", "HEAD"]);
    p.git(&["update-index", "-q", "--refresh"]);
    assert_eq!(p.git(&["status", "--porcelain"]), "");
}

fn set(p: &TempPlan, args: &[&str]) -> String {
    let r = p.run(args);
    assert_eq!(r.code, 0, "{r:?}");
    r.stderr
}

#[test]
fn new_and_changed_entries_keep_the_index_git_would_write() {
    let p = TempPlan::new();
    prime_cache_tree(&p);
    // A new report (a new entry and a new folder), then the same report changed with the
    // measure's status (two entries replaced), then a second new report beside it.
    set(
        &p,
        &["set", "A3-02", "--cycle", "weekly", "--progress", "一"],
    );
    assert_index_matches_head(&p, "new entry");
    prime_cache_tree(&p);
    set(
        &p,
        &[
            "set",
            "A3-02",
            "--cycle",
            "weekly",
            "--status",
            "in-progress",
            "--progress",
            "二",
        ],
    );
    assert_index_matches_head(&p, "replaced entries");
    prime_cache_tree(&p);
    set(
        &p,
        &["set", "A3-01", "--cycle", "weekly", "--progress", "三"],
    );
    assert_index_matches_head(&p, "entry inserted beside another");
    // Undo removes the report the last write added: an entry removed.
    let r = p.run(&["undo", "--yes"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_index_matches_head(&p, "removed entry");
    assert_eq!(p.commit_count(), 5);
}

#[test]
fn a_racily_clean_entry_is_smudged_not_trusted() {
    let p = TempPlan::new();
    // An entry whose file time is after the index's own (a file that may have changed in the
    // same tick the index was written): git compares its content rather than its times.
    let racy = "units.ron";
    let future = p.path().join(racy);
    let f = std::fs::File::options()
        .write(true)
        .open(&future)
        .expect("open");
    f.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(3600))
        .expect("mtime");
    drop(f);
    p.git(&["update-index", "-q", "--refresh"]);
    let size_of = |p: &TempPlan| -> String {
        let debug = p.git(&["ls-files", "--debug", racy]);
        debug
            .lines()
            .find_map(|l| l.trim().strip_prefix("size: "))
            .expect("size line")
            .split_whitespace()
            .next()
            .expect("size")
            .to_string()
    };
    assert_ne!(size_of(&p), "0");
    set(
        &p,
        &["set", "A3-02", "--cycle", "weekly", "--progress", "一"],
    );
    assert_eq!(size_of(&p), "0", "the racy entry's size is zeroed");
    assert_index_matches_head(&p, "after smudging");
}

#[test]
fn an_index_in_a_form_left_to_libgit2_still_ends_clean() {
    let p = TempPlan::new();
    // Version 4 (compressed paths) is not edited directly.
    p.git(&["update-index", "--index-version", "4"]);
    set(
        &p,
        &["set", "A3-02", "--cycle", "weekly", "--progress", "一"],
    );
    assert_index_matches_head(&p, "index version 4");
}

#[test]
fn the_verdict_after_a_write_is_the_light_a_fresh_read_gives() {
    let p = TempPlan::new();
    let args = [
        "set",
        "A3-02",
        "--cycle",
        "monthly",
        "--light",
        "yellow",
        "--percent",
        "5",
        "--problems",
        "选址难",
    ];
    // The write's verdict comes from its own reads; the same set again changes nothing and
    // assesses the measure from the work tree.
    let written = set(&p, &args);
    let again = set(&p, &args);
    let verdict = |s: &str| {
        s.lines()
            .find(|l| l.contains("计算："))
            .unwrap_or_else(|| panic!("no verdict in {s:?}"))
            .to_string()
    };
    assert!(again.contains("没有变化"), "{again}");
    assert_eq!(verdict(&written), verdict(&again));
}
