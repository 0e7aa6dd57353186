//! The parsed-plan cache (`.git/taskforce-plan-cache`) and the history cache
//! (`.git/taskforce-history`) are never a source of truth: every read prints exactly what it
//! prints with the caches off (`TASKFORCE_TEST_NO_PLAN_CACHE=1`, debug builds), whether the
//! caches are warm, missing, damaged, stale, or copied from another repository; hand edits of
//! the work tree are seen at once.

mod support;

use std::path::{Path, PathBuf};

use support::TempPlan;

const CACHE: &str = ".git/taskforce-plan-cache";
const HISTORY: &str = ".git/taskforce-history";

/// The reads compared: every command that loads the plan, a review, the minutes, a history.
fn reads(first: &str) -> Vec<Vec<String>> {
    let v = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<String>>();
    vec![
        v(&["check"]),
        v(&["check", "--json"]),
        v(&["list", "--json"]),
        v(&["list"]),
        v(&["list", "--light", "red", "--json"]),
        v(&["list", "--not-reported", "--cycle", "weekly"]),
        v(&["show", "A3-02", "--json"]),
        v(&["show", "A3-02"]),
        v(&["show", "A3"]),
        v(&["show", "A4-01", "--json"]),
        v(&["show", "I08", "--json"]),
        v(&["indicators", "--json"]),
        v(&["diff", "--since", first, "--json"]),
        v(&["diff", "--since", "HEAD~2", "--json"]),
        v(&["diff"]),
        v(&["minutes", "M2026-11"]),
        v(&["log", "A3-02", "--json"]),
        v(&["log", "A4-01"]),
    ]
}

/// Every read with the caches off: what the caches must never change.
fn reference(p: &TempPlan, first: &str) -> Vec<(Vec<String>, String)> {
    reads(first)
        .into_iter()
        .map(|args| {
            let a: Vec<&str> = args.iter().map(String::as_str).collect();
            let r = p.run_caches(false, &a);
            (args, format!("{}\n{}\n{}", r.code, r.stdout, r.stderr))
        })
        .collect()
}

/// Panics, naming the read and the difference, unless every read with the caches on prints
/// what `expected` says.
fn assert_same(p: &TempPlan, expected: &[(Vec<String>, String)], when: &str) {
    assert_same_but_show_warnings(p, expected, when, false);
}

/// [`assert_same`]; with `hand_edited` (another file than the shown one was hand-edited and
/// not committed), `show` is compared by its exit code and output only: it reads its item's
/// files and names the committed plan's problems, while `check` and `list` name the hand edit.
fn assert_same_but_show_warnings(
    p: &TempPlan,
    expected: &[(Vec<String>, String)],
    when: &str,
    hand_edited: bool,
) {
    let mut compared = 0;
    for (args, want) in expected {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = p.run_caches(true, &a);
        let got = format!("{}\n{}\n{}", r.code, r.stdout, r.stderr);
        if hand_edited && args[0] == "show" {
            let got_out = format!("{}\n{}\n", r.code, r.stdout);
            assert!(
                want.starts_with(&got_out),
                "{when}: `{}` differs:\n{got}\nwanted\n{want}",
                args.join(" ")
            );
        } else {
            assert_eq!(&got, want, "{when}: `{}` differs", args.join(" "));
        }
        compared += 1;
    }
    assert_eq!(compared, expected.len());
}

/// A plan with a history: reports in three cycles, a deadline moved, a meeting with a
/// decision, closed and tagged, and reports after it.
fn plan_with_history() -> (TempPlan, String) {
    let p = TempPlan::new();
    let first = p.git(&["rev-parse", "HEAD"]).trim().to_string();
    let ok = |today: &str, args: &[&str]| {
        let r = p.run_on(today, args);
        assert_eq!(r.code, 0, "{args:?}: {r:?}");
    };
    ok(
        "2026-10-08",
        &[
            "set",
            "A3-02",
            "--cycle",
            "monthly",
            "--light",
            "yellow",
            "--progress",
            "选址难",
        ],
    );
    ok(
        "2026-10-09",
        &[
            "set",
            "A4-01",
            "--cycle",
            "weekly",
            "--progress",
            "按计划推进",
        ],
    );
    ok("2026-10-10", &["set", "A3-02", "--deadline", "2027-06-30"]);
    ok(
        "2026-11-12",
        &[
            "meeting",
            "new",
            "monthly",
            "--date",
            "2026-11-12 09:30",
            "--chair",
            "王副市长",
            "--attendee",
            "市人社局",
        ],
    );
    ok(
        "2026-11-12",
        &[
            "meeting",
            "decide",
            "加快站点用地审批",
            "--lead",
            "市人社局",
            "--deadline",
            "2026-11-20",
            "--measure",
            "A3-02",
        ],
    );
    ok("2026-11-12", &["meeting", "close"]);
    ok(
        "2026-11-20",
        &[
            "set",
            "A3-02",
            "--cycle",
            "weekly",
            "--light",
            "red",
            "--problems",
            "用地未落实",
        ],
    );
    ok(
        "2026-11-24",
        &[
            "set",
            "A4-01",
            "--cycle",
            "quarterly",
            "--status",
            "in-progress",
            "--percent",
            "40",
        ],
    );
    (p, first)
}

fn path(p: &TempPlan, rel: &str) -> PathBuf {
    p.path().join(rel)
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

#[test]
fn reads_are_the_same_with_the_caches_warm_missing_damaged_or_stale() {
    let (p, first) = plan_with_history();
    let _ = std::fs::remove_file(path(&p, CACHE));
    let expected = reference(&p, &first);
    // The reference runs write no plan cache.
    assert!(!path(&p, CACHE).exists(), "the caches are off");
    // Cold (each cache built by the run that needs it), then warm.
    let _ = std::fs::remove_file(path(&p, HISTORY));
    assert_same(&p, &expected, "cold");
    assert!(path(&p, CACHE).exists() && path(&p, HISTORY).exists());
    assert_same(&p, &expected, "warm");

    // Damaged: every byte flipped in turn would take long; flip one in each stretch of the
    // file, truncate it, and replace it with noise.
    let good = read(&path(&p, CACHE));
    let history = read(&path(&p, HISTORY));
    let step = (good.len() / 7).max(1);
    let mut damaged = 0;
    for at in (0..good.len()).step_by(step) {
        let mut bad = good.clone();
        bad[at] ^= 0x20;
        std::fs::write(path(&p, CACHE), &bad).expect("write");
        let mut bad_history = history.clone();
        let h = (at * history.len() / good.len()).min(history.len() - 1);
        bad_history[h] ^= 0x20;
        std::fs::write(path(&p, HISTORY), &bad_history).expect("write");
        assert_same(&p, &expected, &format!("byte {at} flipped"));
        damaged += 1;
    }
    assert!(damaged >= 7);
    for (what, cache, hist) in [
        (
            "truncated",
            &good[..good.len() / 2],
            &history[..history.len() / 2],
        ),
        ("empty", &b""[..], &b""[..]),
        (
            "noise",
            &b"taskforce-plan-cache\t3\t0.1.0\n1\n\nnoise"[..],
            &b"head 0\n"[..],
        ),
    ] {
        std::fs::write(path(&p, CACHE), cache).expect("write");
        std::fs::write(path(&p, HISTORY), hist).expect("write");
        assert_same(&p, &expected, what);
    }

    // Stale: the caches of an earlier state, put back after more commits and a hand edit.
    let old_cache = read(&path(&p, CACHE));
    let old_history = read(&path(&p, HISTORY));
    let r = p.run_on(
        "2026-11-26",
        &[
            "set",
            "A3-02",
            "--cycle",
            "weekly",
            "--progress",
            "用地已报批",
        ],
    );
    assert_eq!(r.code, 0, "{r:?}");
    let m = p
        .read("measures/A4/A4-01.ron")
        .replace("lead_unit: \"", "lead_unit: \"不在名册的单位");
    p.write("measures/A4/A4-01.ron", &m);
    let expected = reference(&p, &first);
    assert!(
        expected[0].1.contains("不在名册的单位"),
        "check names the hand edit: {}",
        expected[0].1
    );
    assert_same_but_show_warnings(&p, &expected, "after a commit and a hand edit", true);
    std::fs::write(path(&p, CACHE), &old_cache).expect("write");
    std::fs::write(path(&p, HISTORY), &old_history).expect("write");
    assert_same_but_show_warnings(&p, &expected, "stale caches put back", true);
    // Committed, the hand edit is named by show too.
    p.git(&["commit", "-qam", "hand edit"]);
    let expected = reference(&p, &first);
    assert!(
        expected[4].1.contains("不在名册的单位"),
        "show names the committed problem: {}",
        expected[4].1
    );
    assert_same(&p, &expected, "hand edit committed");
    p.fsck();
}

#[test]
fn a_cache_copied_from_another_repository_is_not_used() {
    let (a, first_a) = plan_with_history();
    let (b, first_b) = plan_with_history();
    // B differs from A in a measure and a report, hand-edited, and in its history.
    let r = b.run_on(
        "2026-11-25",
        &["set", "A5-01", "--cycle", "weekly", "--light", "yellow"],
    );
    assert_eq!(r.code, 0, "{r:?}");
    let m = b
        .read("measures/A3/A3-02.ron")
        .replace("deadline: \"2027-06-30\"", "deadline: \"2027-09-30\"");
    b.write("measures/A3/A3-02.ron", &m);
    b.git(&["commit", "-qam", "hand edit"]);
    let expected_b = reference(&b, &first_b);
    let expected_a = reference(&a, &first_a);
    assert_same(&a, &expected_a, "A warm");
    assert_same(&a, &expected_a, "A warm again");
    for file in [CACHE, HISTORY] {
        std::fs::copy(path(&a, file), path(&b, file)).expect("copy");
    }
    assert_same(&b, &expected_b, "B with A's caches");
    // And back: A with B's caches.
    for file in [CACHE, HISTORY] {
        std::fs::copy(path(&b, file), path(&a, file)).expect("copy");
    }
    assert_same(&a, &expected_a, "A with B's caches");
}

#[test]
fn hand_edits_are_seen_at_once_even_of_the_same_size_and_time() {
    let p = TempPlan::new();
    assert_eq!(p.run_caches(true, &["check"]).code, 0);
    // Wait until every file is older than the cache's two-second margin, so the cache records
    // their stat; then warm it.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let warm = p.run_caches(true, &["list", "--json"]);
    assert_eq!(warm.code, 0, "{warm:?}");
    assert_eq!(p.run_caches(true, &["check"]).code, 0);
    let file = path(&p, "measures/A3/A3-02.ron");
    let before = std::fs::metadata(&file).expect("stat");
    let text = String::from_utf8(read(&file)).expect("utf-8");
    // The same number of bytes, a different lead unit that is not in the roster.
    let edited = text
        .replacen("lead_unit: \"", "lead_unit: \"X", 1)
        .replacen("    ", "   ", 1);
    assert_eq!(edited.len(), text.len());
    std::fs::write(&file, &edited).expect("write");
    // Put the old modification time back: the change time still differs.
    let mtime = before.modified().expect("mtime");
    std::fs::File::options()
        .write(true)
        .open(&file)
        .and_then(|f| f.set_modified(mtime))
        .expect("set mtime");
    let check = p.run_caches(true, &["check"]);
    assert_eq!(check.code, 2, "{check:?}");
    assert!(
        check.stderr.contains("measures/A3/A3-02.ron"),
        "{}",
        check.stderr
    );
    let list = p.run_caches(true, &["list", "--json"]);
    assert!(
        list.stdout.contains("\"X"),
        "list shows the edited lead unit: {}",
        list.stdout
    );
    let show = p.run_caches(true, &["show", "A3-02", "--json"]);
    assert!(show.stdout.contains("\"X"), "{}", show.stdout);
    // Put the file back: check passes again.
    std::fs::write(&file, &text).expect("write");
    assert_eq!(p.run_caches(true, &["check"]).code, 0);
    // A new file in a folder is seen too.
    let copy = text.replace("A3-02", "A3-99");
    p.write("measures/A3/A3-99.ron", &copy);
    let list = p.run_caches(true, &["list", "--json"]);
    assert!(list.stdout.contains("A3-99"), "{}", list.stdout);
}

#[test]
fn show_names_an_invalid_committed_file_and_reads_the_work_tree_for_its_item() {
    let p = TempPlan::new();
    let bad = p
        .read("measures/A3/A3-03.ron")
        .replace("schema: 1", "schema: 9");
    p.write("measures/A3/A3-03.ron", &bad);
    p.git(&["commit", "-qam", "a newer schema"]);
    // Cold: the committed plan's problems are found and kept.
    for round in 0..2 {
        let show = p.run_caches(true, &["show", "A4-01"]);
        assert_eq!(show.code, 0, "{show:?}");
        assert!(
            show.stderr.contains("measures/A3/A3-03.ron") && show.stderr.contains("schema 9"),
            "round {round}: {}",
            show.stderr
        );
    }
    // The shown item as in the work tree, uncommitted.
    let m = p
        .read("measures/A4/A4-01.ron")
        .replace("deadline: \"", "deadline: \"2030-01-01\", // was \"");
    p.write("measures/A4/A4-01.ron", &m);
    let show = p.run_caches(true, &["show", "A4-01", "--json"]);
    let off = p.run_caches(false, &["show", "A4-01", "--json"]);
    assert_eq!(show.stdout, off.stdout);
    assert!(show.stdout.contains("2030-01-01"), "{}", show.stdout);
    // Fixed in the work tree: no longer named once the file is as valid as the rest.
    p.write(
        "measures/A3/A3-03.ron",
        &bad.replace("schema: 9", "schema: 1"),
    );
    let show = p.run_caches(true, &["show", "A3-03"]);
    assert!(!show.stderr.contains("schema 9"), "{}", show.stderr);
}

#[test]
fn the_first_paint_api_gives_the_last_loaded_plan_and_the_newest_history() {
    use taskforce::store::{Reports, Store, canonical_files};
    let (p, _) = plan_with_history();
    let _ = std::fs::remove_file(path(&p, CACHE));
    let store = Store::open(&p.path()).expect("open");
    assert!(
        store.cached_plan().is_none(),
        "no load of the work tree yet"
    );
    assert_eq!(p.run_caches(true, &["list"]).code, 0);
    let store = Store::open(&p.path()).expect("open");
    let (cached, cached_problems) = store.cached_plan().expect("a cached plan");
    let (loaded, problems) = store.load(Reports::All);
    let loaded = loaded.expect("plan");
    assert_eq!(
        canonical_files(&cached).expect("canonical"),
        canonical_files(&loaded).expect("canonical")
    );
    assert_eq!(cached_problems, problems);
    // A hand edit since: the cached plan is the one last loaded, until the next load.
    let m = p
        .read("measures/A4/A4-01.ron")
        .replace("deadline: \"", "deadline: \"2031-01-01\", // \"");
    p.write("measures/A4/A4-01.ron", &m);
    let store = Store::open(&p.path()).expect("open");
    let (stale, _) = store.cached_plan().expect("a cached plan");
    assert_eq!(
        canonical_files(&stale).expect("canonical"),
        canonical_files(&loaded).expect("canonical")
    );
    let (fresh, _) = store.load(Reports::All);
    let (after, _) = store.cached_plan().expect("a cached plan");
    assert_eq!(
        canonical_files(&after).expect("canonical"),
        canonical_files(&fresh.expect("plan")).expect("canonical")
    );
    assert!(
        after
            .measures
            .iter()
            .any(|m| m.deadline.to_string() == "2031-01-01")
    );
    // The newest entries of the history, as the whole history lists them.
    let all = store.history(None, None).expect("history");
    let recent = store.recent_history(3).expect("recent");
    assert_eq!(recent.len(), 3);
    assert_eq!(recent, all[..3].to_vec());
}

#[test]
fn the_history_cache_built_from_packs_and_the_commit_graph_lists_what_a_walk_lists() {
    let (p, _) = plan_with_history();
    // Packed, with a commit-graph; then more commits (loose objects, not in the graph), one
    // of them a merge.
    p.git(&["gc", "-q"]);
    p.git(&["commit-graph", "write", "--reachable"]);
    assert!(path(&p, ".git/objects/info/commit-graph").exists());
    let r = p.run_on(
        "2026-11-25",
        &[
            "set",
            "A3-02",
            "--cycle",
            "weekly",
            "--progress",
            "图后第一次",
        ],
    );
    assert_eq!(r.code, 0, "{r:?}");
    p.git(&["checkout", "-q", "-b", "side", "HEAD~1"]);
    let r = p.run_on(
        "2026-11-26",
        &["set", "A4-01", "--cycle", "weekly", "--progress", "旁支"],
    );
    assert_eq!(r.code, 0, "{r:?}");
    p.git(&["checkout", "-q", "main"]);
    p.git(&["merge", "-q", "--no-edit", "side"]);
    let mut compared = 0;
    for item in ["A3-02", "A4-01", "A5-01", "D2026-11-01"] {
        let off = p.run_caches(false, &["log", item, "--json"]);
        let _ = std::fs::remove_file(path(&p, HISTORY));
        let cold = p.run_caches(true, &["log", item, "--json"]);
        let warm = p.run_caches(true, &["log", item, "--json"]);
        assert_eq!(cold.stdout, off.stdout, "{item} cold");
        assert_eq!(warm.stdout, off.stdout, "{item} warm");
        assert_eq!((cold.code, warm.code), (off.code, off.code), "{item}");
        compared += 1;
    }
    assert_eq!(compared, 4);
    let text = String::from_utf8(read(&path(&p, HISTORY))).expect("utf-8");
    let commits = p.git(&["rev-list", "--count", "HEAD"]);
    assert_eq!(
        text.lines().count(),
        commits.trim().parse::<usize>().expect("count") + 3,
        "signature, head, one line per commit, checksum"
    );
    // `diff --since HEAD~N` starts where git resolves `HEAD~N` (first parents, across a
    // merge whose sides both moved a deadline): with the newest commits missing from the
    // graph, then with all of them in it.
    p.git(&["checkout", "-q", "-b", "other", "HEAD~1"]);
    assert_eq!(p.run(&["set", "A1-07", "--deadline", "2028-06-30"]).code, 0);
    p.git(&["checkout", "-q", "main"]);
    assert_eq!(p.run(&["set", "A2-05", "--deadline", "2026-12-30"]).code, 0);
    p.git(&["merge", "-q", "--no-edit", "other"]);
    let mut reviews = std::collections::BTreeSet::new();
    for graph_whole in [false, true] {
        if graph_whole {
            p.git(&["commit-graph", "write", "--reachable"]);
        }
        for n in 0..4 {
            let rev = format!("HEAD~{n}");
            let oid = p.git(&["rev-parse", &rev]).trim().to_string();
            let by_rev = p.run_caches(true, &["diff", "--since", &rev, "--json"]);
            let by_oid = p.run_caches(true, &["diff", "--since", &oid, "--json"]);
            assert_eq!(by_rev.code, 0, "{by_rev:?}");
            assert_eq!(by_rev.stdout, by_oid.stdout, "{rev} ({graph_whole})");
            reviews.insert(by_rev.stdout);
        }
    }
    assert!(
        reviews.len() >= 3,
        "each baseline its own review: {}",
        reviews.len()
    );
}

#[test]
fn list_rows_and_counts_are_what_each_measure_shows_alone() {
    // `list` assesses each measure once for its light, its row and its action's counts;
    // `show ID` builds the same row on its own. They must agree, field by field.
    let (p, _) = plan_with_history();
    let list = p.run_caches(true, &["list", "--json"]);
    assert_eq!(list.code, 0, "{list:?}");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&list.stdout).expect("json");
    let mut counts: Option<serde_json::Value> = None;
    let mut tally = std::collections::BTreeMap::<String, u64>::new();
    let check_tally = |counts: &Option<serde_json::Value>,
                       tally: &std::collections::BTreeMap<String, u64>| {
        if let Some(c) = counts {
            for key in [
                "green",
                "blue",
                "unreported",
                "yellow",
                "red",
                "not_reported",
            ] {
                assert_eq!(
                    c[key].as_u64(),
                    Some(tally.get(key).copied().unwrap_or(0)),
                    "{key} of {c}"
                );
            }
        }
    };
    let (mut shown, mut lights) = (0, std::collections::BTreeSet::new());
    for row in &rows {
        if row["kind"] == "action" {
            check_tally(&counts, &tally);
            counts = Some(row["counts"].clone());
            tally.clear();
            continue;
        }
        let light = row["light"].as_str().expect("light").to_string();
        *tally.entry(light.clone()).or_default() += 1;
        if row["reported"] == false {
            *tally.entry("not_reported".into()).or_default() += 1;
        }
        // The first measure of each light, and the first dozen measures, alone.
        let first = lights.insert(light.clone());
        if first || shown < 12 {
            let id = row["id"].as_str().expect("id");
            let show = p.run_caches(true, &["show", id, "--json"]);
            assert_eq!(show.code, 0, "{show:?}");
            let detail: serde_json::Value = serde_json::from_str(&show.stdout).expect("json");
            for (key, value) in row.as_object().expect("a row") {
                assert_eq!(&detail[key], value, "{id} {key}");
            }
            shown += 1;
        }
    }
    check_tally(&counts, &tally);
    assert!(
        shown >= 3 && lights.len() >= 2,
        "{shown} shown, lights {lights:?}"
    );
}
