//! Sharing through a git remote, through the real binary: a bare remote and clones made by
//! `taskforce clone`, `sync` in every situation, `git pull` by hand with the merge driver, and
//! a seeded random run of three clones that must converge.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

#[path = "support/tmux.rs"]
mod tmux;
use tmux::{Tmux, tree_line};

/// HEAD, the index bytes and every work-tree file.
type Snapshot = (String, Vec<u8>, Vec<(PathBuf, Vec<u8>)>);

struct World {
    tmp: tempfile::TempDir,
    remote: PathBuf,
}

struct Clone {
    dir: PathBuf,
    home: PathBuf,
    name: &'static str,
}

fn taskforce(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_taskforce"));
    c.env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("TASKFORCE_TODAY", "2026-12-01")
        .env("TASKFORCE_TEST_FSYNC", "0")
        .env_remove("TASKFORCE_REPO");
    c
}

fn ok(out: Output, what: &str) -> String {
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

impl World {
    /// A plan made by `init`, pushed to a bare remote.
    fn new() -> World {
        let tmp = tempfile::tempdir().unwrap();
        let home = tmp.path().join("home0");
        std::fs::create_dir_all(&home).unwrap();
        let seed = tmp.path().join("seed");
        ok(
            taskforce(&home).arg("init").arg(&seed).output().unwrap(),
            "init",
        );
        let remote = tmp.path().join("remote.git");
        ok(
            Command::new("git")
                .args(["clone", "--quiet", "--bare"])
                .arg(&seed)
                .arg(&remote)
                .output()
                .unwrap(),
            "git clone --bare",
        );
        World { tmp, remote }
    }

    /// `taskforce clone` of the remote for a coordinator with a git identity of their own.
    fn clone(&self, name: &'static str) -> Clone {
        let home = self.tmp.path().join(format!("home-{name}"));
        std::fs::create_dir_all(&home).unwrap();
        std::fs::write(
            home.join(".gitconfig"),
            format!("[user]\n\tname = {name}\n\temail = {name}@example.cn\n"),
        )
        .unwrap();
        let dir = self.tmp.path().join(format!("clone-{name}"));
        let out = taskforce(&home)
            .arg("clone")
            .arg(&self.remote)
            .arg(&dir)
            .output()
            .unwrap();
        ok(out, "clone");
        Clone { dir, home, name }
    }
}

impl Clone {
    fn run(&self, args: &[&str]) -> Output {
        taskforce(&self.home)
            .arg("--repo")
            .arg(&self.dir)
            .args(args)
            .output()
            .unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        ok(self.run(args), &format!("{} {args:?}", self.name))
    }

    fn git(&self, args: &[&str]) -> Output {
        Command::new("git")
            .current_dir(&self.dir)
            .env("HOME", &self.home)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("TASKFORCE_TEST_FSYNC", "0")
            .args(args)
            .output()
            .unwrap()
    }

    fn git_ok(&self, args: &[&str]) -> String {
        ok(self.git(args), &format!("git {args:?}"))
    }

    fn tree(&self) -> String {
        self.git_ok(&["rev-parse", "HEAD^{tree}"])
            .trim()
            .to_string()
    }

    fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.dir.join(path)).unwrap()
    }

    fn read_opt(&self, path: &str) -> Option<String> {
        std::fs::read_to_string(self.dir.join(path)).ok()
    }

    /// HEAD, the index bytes and every work-tree file.
    fn snapshot(&self) -> Snapshot {
        fn walk(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.file_name().is_some_and(|n| n == ".git") {
                    continue;
                }
                if p.is_dir() {
                    walk(&p, out);
                } else {
                    out.push((p.clone(), std::fs::read(&p).unwrap()));
                }
            }
        }
        let mut files = Vec::new();
        walk(&self.dir, &mut files);
        files.sort();
        (
            self.git_ok(&["rev-parse", "HEAD"]),
            std::fs::read(self.dir.join(".git/index")).unwrap(),
            files,
        )
    }

    fn fsck(&self) {
        self.git_ok(&["fsck", "--full", "--strict"]);
    }

    /// No conflict marker in any tracked file (git grep finds none: exit 1, no output).
    fn no_markers(&self) {
        let out = self.git(&["grep", "-l", "-e", "^<<<<<<<", "-e", "^>>>>>>>", "--", "."]);
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        assert!(out.stdout.is_empty(), "conflict markers in {out:?}");
    }
}

impl Clone {
    fn git_grep_is_clean(&self) -> bool {
        let out = self.git(&["grep", "-l", "-e", "^<<<<<<<", "--", "*.ron"]);
        out.stdout.is_empty()
    }
}

const REPORT: &str = "status/monthly/2026-12/A3/A3-02.ron";

#[test]
fn edits_to_different_measures_sync_both_ways_to_the_same_tree() {
    let w = World::new();
    let (a, b) = (w.clone("张三"), w.clone("李四"));
    a.ok(&["set", "A3-02", "--cycle", "monthly", "--light", "yellow"]);
    b.ok(&["set", "A4-01", "--cycle", "monthly", "--light", "green"]);
    let out = a.ok(&["sync"]);
    assert!(out.contains("推送1个提交"), "{out}");
    let out = b.ok(&["sync"]);
    assert!(
        out.contains("收到1个提交") && out.contains("合并提交"),
        "{out}"
    );
    a.ok(&["sync"]);
    assert_eq!(a.tree(), b.tree());
    for c in [&a, &b] {
        assert!(c.read(REPORT).contains("Some(Yellow)"));
        assert!(
            c.read("status/monthly/2026-12/A4/A4-01.ron")
                .contains("Some(Green)")
        );
        assert_eq!(c.git_ok(&["status", "--porcelain"]), "");
        c.fsck();
    }
    // Nothing to do: no commit, nothing pushed.
    let head = a.git_ok(&["rev-parse", "HEAD"]);
    let out = a.ok(&["sync"]);
    assert!(out.contains("收到0个提交，推送0个提交"), "{out}");
    assert_eq!(a.git_ok(&["rev-parse", "HEAD"]), head);
}

#[test]
fn different_fields_of_one_report_merge_and_both_values_survive() {
    let w = World::new();
    let (a, b) = (w.clone("张三"), w.clone("李四"));
    a.ok(&["set", "A3-02", "--cycle", "monthly", "--light", "yellow"]);
    a.ok(&["sync"]);
    b.ok(&["sync"]);
    // Same report, different fields.
    a.ok(&["set", "A3-02", "--cycle", "monthly", "--problems", "选址难"]);
    b.ok(&[
        "set",
        "A3-02",
        "--cycle",
        "monthly",
        "--percent",
        "60",
        "--progress",
        "已建成12个",
    ]);
    a.ok(&["sync"]);
    let out = b.ok(&["sync"]);
    assert!(out.contains("按字段合并"), "{out}");
    a.ok(&["sync"]);
    assert_eq!(a.tree(), b.tree());
    let text = a.read(REPORT);
    for want in [
        "light: Some(Yellow)",
        "problems: \"选址难\"",
        "percent: Some(60)",
        "progress: \"已建成12个\"",
    ] {
        assert!(text.contains(want), "{want} missing:\n{text}");
    }
    assert_eq!(a.run(&["check"]).status.code(), Some(0));
    // Two people added to the roster on two clones: both stay.
    a.ok(&["roster", "add-person", "刘洋", "--unit", "市人社局"]);
    b.ok(&["roster", "add-person", "陈静", "--unit", "市民政局"]);
    a.ok(&["sync"]);
    b.ok(&["sync"]);
    a.ok(&["sync"]);
    let roster = a.read("units.ron");
    assert!(
        roster.contains("刘洋") && roster.contains("陈静"),
        "{roster}"
    );
    assert_eq!(a.tree(), b.tree());
    a.fsck();
    b.fsck();
}

#[test]
fn the_same_field_conflicts_changes_nothing_and_take_resolves_it() {
    let w = World::new();
    let (a, b) = (w.clone("张三"), w.clone("李四"));
    a.ok(&["set", "A3-02", "--cycle", "monthly", "--light", "red"]);
    a.ok(&["sync"]);
    b.ok(&["set", "A3-02", "--cycle", "monthly", "--light", "green"]);
    let before = b.snapshot();
    let out = b.run(&["sync"]);
    assert_eq!(out.status.code(), Some(3), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    for want in [
        "同步未完成：1处字段两边改得不同",
        "A3-02@2026-12.light",
        "本方：绿灯（李四",
        "对方：红灯（张三",
        "taskforce sync --take theirs A3-02@2026-12.light",
    ] {
        assert!(err.contains(want), "{want} missing:\n{err}");
    }
    let after = b.snapshot();
    assert_eq!(before.0, after.0, "HEAD moved");
    assert!(before.1 == after.1, "the index changed");
    assert!(before.2 == after.2, "work-tree files changed");
    assert!(b.git_grep_is_clean());

    // English says the same.
    let out = b.run(&["--lang", "en", "sync"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("ours:   green (李四"), "{err}");

    let out = b.ok(&["sync", "--take", "theirs", "A3-02@2026-12.light"]);
    assert!(out.contains("A3-02@2026-12.light 取对方"), "{out}");
    let message = b.git_ok(&["log", "-1", "--format=%B"]);
    assert!(
        message.contains("\nConcurrent-Edit: A3-02@2026-12.light theirs \"Green\" \"Red\"\n"),
        "{message}"
    );
    assert!(b.read(REPORT).contains("light: Some(Red)"));
    b.fsck();
    b.no_markers();
    // The other clone receives the resolution, and its review shows it.
    a.ok(&["sync"]);
    assert_eq!(a.tree(), b.tree());
    let json = a.ok(&["diff", "--json"]);
    let changes: Vec<Value> = serde_json::from_str(&json).unwrap();
    let c = changes
        .iter()
        .find(|c| c["kind"] == "concurrent_edit")
        .unwrap_or_else(|| panic!("{changes:#?}"));
    assert_eq!(
        (c["id"].as_str(), c["field"].as_str()),
        (Some("A3-02"), Some("light"))
    );
    assert_eq!(
        (c["from"].as_str(), c["to"].as_str()),
        (Some("Green"), Some("Red"))
    );
    assert_eq!(c["author"], "李四");
    // A conflict on a field of the measure itself names the measure.
    a.ok(&["set", "A3-02", "--deadline", "2027-06-30"]);
    a.ok(&["sync"]);
    b.ok(&["set", "A3-02", "--deadline", "2027-09-30"]);
    let out = b.run(&["sync"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("A3-02.deadline"));
    b.ok(&["sync", "--take", "ours", "A3-02.deadline"]);
    a.ok(&["sync"]);
    assert!(
        a.read("measures/A3/A3-02.ron")
            .contains("deadline: \"2027-09-30\"")
    );
}

#[test]
fn git_pull_by_hand_merges_field_by_field_with_the_driver() {
    let w = World::new();
    let (a, b) = (w.clone("张三"), w.clone("李四"));
    a.ok(&["set", "A3-02", "--cycle", "monthly", "--light", "yellow"]);
    a.ok(&["sync"]);
    b.ok(&["sync"]);
    a.ok(&["set", "A3-02", "--cycle", "monthly", "--problems", "选址难"]);
    a.git_ok(&["push", "--quiet", "origin", "main"]);
    b.ok(&["set", "A3-02", "--cycle", "monthly", "--percent", "60"]);
    // Plain git, as a colleague would: the driver merges the RON file field by field.
    b.git_ok(&[
        "pull",
        "--quiet",
        "--no-rebase",
        "--no-edit",
        "origin",
        "main",
    ]);
    let text = b.read(REPORT);
    assert!(
        text.contains("problems: \"选址难\"") && text.contains("percent: Some(60)"),
        "{text}"
    );
    b.no_markers();
    assert_eq!(b.run(&["check"]).status.code(), Some(0));
    // The same field both ways: git reports a conflict, the file keeps a valid value.
    a.ok(&["set", "A3-02", "--cycle", "monthly", "--light", "red"]);
    a.git_ok(&["push", "--quiet", "origin", "main"]);
    b.ok(&["set", "A3-02", "--cycle", "monthly", "--light", "green"]);
    let out = b.git(&["pull", "--no-rebase", "--no-edit", "origin", "main"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("A3-02@2026-12.light"), "{err}");
    assert!(b.git_grep_is_clean());
    assert!(b.read(REPORT).contains("light: Some(Green)"));
}

/// A seeded generator (xorshift): the seed is printed, and `SYNC_SEED` repeats a run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn three_clones_with_random_edits_syncs_and_pulls_converge() {
    let seed: u64 = std::env::var("SYNC_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    let edits: usize = std::env::var("SYNC_EDITS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(300);
    println!("seed {seed} (repeat with SYNC_SEED={seed}), {edits} edits");
    let mut rng = Rng(seed);
    let w = World::new();
    let clones = [w.clone("张三"), w.clone("李四"), w.clone("王芳")];
    let ids = ["A1-01", "A3-02", "A4-01", "A5-03", "A6-01"];
    let lights = ["green", "yellow", "red", "blue"];
    // Every acknowledged edit that changed its field, with the commit that recorded it. Percent
    // and progress values are unique per measure, so a value names the edit that wrote it.
    let mut acked: Vec<Edit> = Vec::new();
    let mut used_percents: HashMap<&str, HashSet<usize>> = HashMap::new();
    // Every conflict key a sync listed (A3-02@2026-12.light).
    let mut reported: HashSet<String> = HashSet::new();
    let (mut syncs, mut pulls, mut pull_conflicts) = (0, 0, 0);
    // Fields the oracle checked exactly, and fields it found concurrent edits of.
    let (mut exact, mut concurrent) = (0, 0);
    for n in 0..edits {
        let c = rng.below(3);
        let id = ids[rng.below(ids.len())];
        let mut kind = rng.below(3);
        let used = used_percents.entry(id).or_default();
        if kind == 1 && used.len() > 90 {
            kind = 2;
        }
        let (field, value) = match kind {
            0 => ("light", lights[rng.below(4)].to_string()),
            1 => {
                let mut p = rng.below(101);
                while used.contains(&p) {
                    p = (p + 1) % 101;
                }
                used.insert(p);
                ("percent", p.to_string())
            }
            _ => ("progress", format!("第{n}次进展")),
        };
        let path = report_path(id);
        let before = clones[c]
            .read_opt(&path)
            .and_then(|t| field_value(&t, field));
        let out = clones[c].run(&[
            "set",
            id,
            "--cycle",
            "monthly",
            &format!("--{field}"),
            &value,
        ]);
        assert!(
            out.status.success(),
            "{:?}",
            String::from_utf8_lossy(&out.stderr)
        );
        let after = field_value(&clones[c].read(&path), field);
        assert_eq!(after.as_deref(), Some(ron_value(field, &value).as_str()));
        if before != after {
            acked.push(Edit {
                id,
                field,
                value: ron_value(field, &value),
                commit: clones[c].git_ok(&["rev-parse", "HEAD"]).trim().to_string(),
            });
        }
        // Now and then one clone shares: a sync (taking theirs on a conflict) or a plain pull.
        if rng.below(3) == 0 {
            let s = rng.below(3);
            if rng.below(4) == 0 {
                pulls += 1;
                let out = clones[s].git(&[
                    "pull",
                    "--quiet",
                    "--no-rebase",
                    "--no-edit",
                    "origin",
                    "main",
                ]);
                if !out.status.success() {
                    // A field changed both ways: git stops with no marker in any file; the
                    // person aborts, and the next sync lists the conflict.
                    pull_conflicts += 1;
                    assert!(clones[s].git_grep_is_clean(), "markers after a pull");
                    clones[s].git_ok(&["merge", "--abort"]);
                }
            } else {
                syncs += 1;
                sync_resolving(&clones[s], &mut reported);
            }
            let (e, k) = oracle(&clones[s], &ids, &acked, &reported);
            exact += e;
            concurrent += k;
        }
    }
    // Settle: everyone syncs until nothing moves.
    for _ in 0..3 {
        for c in &clones {
            sync_resolving(c, &mut reported);
        }
    }
    let tree = clones[0].tree();
    for c in &clones {
        assert_eq!(c.tree(), tree, "{} differs", c.name);
        assert_eq!(c.run(&["check"]).status.code(), Some(0));
        c.fsck();
        assert!(c.git_grep_is_clean());
        assert_eq!(c.git_ok(&["status", "--porcelain"]), "");
    }
    let remote = Command::new("git")
        .args(["--git-dir"])
        .arg(&w.remote)
        .args(["fsck", "--full", "--strict"])
        .output()
        .unwrap();
    assert!(remote.status.success(), "remote fsck");

    // Every commit of every edit reached the converged history.
    let graph = Graph::of(&clones[0]);
    for e in &acked {
        assert!(
            graph.parents.contains_key(&e.commit),
            "edit {} lost",
            e.commit
        );
    }
    for c in &clones {
        let (e, k) = oracle(c, &ids, &acked, &reported);
        exact += e;
        concurrent += k;
    }
    assert!(
        exact + concurrent > 0 && !acked.is_empty(),
        "the oracle ran"
    );
    println!(
        "{} changing edits, {syncs} syncs, {pulls} plain pulls ({pull_conflicts} stopped), {} conflict keys listed and resolved, {exact} fields exact, {concurrent} fields concurrent",
        acked.len(),
        reported.len()
    );
}

/// The three-way rule of the issue, applied to the commit graph, not to the tool's output, at a
/// clone's HEAD. For each (measure, field), of the edits HEAD contains, those no other edit of
/// that field descends from are its heads. One head: nobody changed the field concurrently, so
/// its value is the field's value at HEAD. Several heads with different values: they met in
/// some merge, which must have been listed as a conflict, and HEAD holds one of them. Returns
/// how many fields were checked exactly and how many had concurrent edits.
fn oracle(c: &Clone, ids: &[&str], acked: &[Edit], reported: &HashSet<String>) -> (usize, usize) {
    let graph = Graph::of(c);
    let (mut exact, mut concurrent) = (0, 0);
    for &id in ids {
        let Some(text) = c.read_opt(&report_path(id)) else {
            continue;
        };
        for field in ["light", "percent", "progress"] {
            let of_field: Vec<&Edit> = acked
                .iter()
                .filter(|e| e.id == id && e.field == field && graph.parents.contains_key(&e.commit))
                .collect();
            if of_field.is_empty() {
                continue;
            }
            let commits: Vec<&str> = of_field.iter().map(|e| e.commit.as_str()).collect();
            let below = graph.marked_ancestors(&commits);
            // A head: no other edit of the field is or descends from it.
            let heads: Vec<&Edit> = of_field
                .iter()
                .enumerate()
                .filter(|(i, e)| {
                    !of_field
                        .iter()
                        .any(|o| o.commit != e.commit && below[&o.commit][*i])
                })
                .map(|(_, e)| *e)
                .collect();
            let now = field_value(&text, field).expect("the field at HEAD");
            let values: HashSet<&str> = heads.iter().map(|e| e.value.as_str()).collect();
            assert!(
                values.contains(now.as_str()),
                "{}: {id}.{field} = {now}, not one of its latest concurrent edits {values:?}",
                c.name
            );
            if field == "light" {
                // Four values only: a value does not name its edit, so only membership holds.
                continue;
            }
            if values.len() == 1 {
                exact += 1;
            } else {
                concurrent += 1;
                assert!(
                    reported
                        .iter()
                        .any(|k| k.starts_with(&format!("{id}@"))
                            && k.ends_with(&format!(".{field}"))),
                    "{}: {id}.{field}: concurrent edits {values:?} merged without a conflict listed",
                    c.name
                );
            }
        }
    }
    (exact, concurrent)
}

/// One acknowledged edit: the value (as RON writes it) and the commit that recorded it.
struct Edit {
    id: &'static str,
    field: &'static str,
    value: String,
    commit: String,
}

/// The commit graph of a repository, read once with `git rev-list --parents`.
struct Graph {
    parents: HashMap<String, Vec<String>>,
    /// Children before parents.
    order: Vec<String>,
}

impl Graph {
    fn of(c: &Clone) -> Graph {
        let mut parents = HashMap::new();
        let mut order = Vec::new();
        for l in c
            .git_ok(&["rev-list", "--topo-order", "--parents", "HEAD"])
            .lines()
        {
            let mut it = l.split(' ').map(str::to_string);
            let commit = it.next().unwrap();
            order.push(commit.clone());
            parents.insert(commit, it.collect());
        }
        Graph { parents, order }
    }

    /// For every commit, which of `marked` it is or descends from (one bit per marked commit).
    fn marked_ancestors(&self, marked: &[&str]) -> HashMap<String, Vec<bool>> {
        let mut out: HashMap<String, Vec<bool>> = HashMap::new();
        for commit in self.order.iter().rev() {
            let mut bits = vec![false; marked.len()];
            for p in &self.parents[commit] {
                if let Some(pb) = out.get(p) {
                    bits.iter_mut().zip(pb).for_each(|(b, p)| *b |= p);
                }
            }
            if let Some(i) = marked.iter().position(|m| m == commit) {
                bits[i] = true;
            }
            out.insert(commit.clone(), bits);
        }
        out
    }
}

fn report_path(id: &str) -> String {
    format!("status/monthly/2026-12/{}/{id}.ron", &id[..2])
}

/// A field's value as RON writes it in a report file (`Some(Red)`, `Some(20)`, `"…"`).
fn field_value(text: &str, field: &str) -> Option<String> {
    let prefix = format!("{field}: ");
    text.lines().find_map(|l| {
        let rest = l.trim().strip_prefix(&prefix)?;
        Some(rest.strip_suffix(',').unwrap_or(rest).to_string())
    })
}

/// How RON writes a value given on the command line.
fn ron_value(field: &str, value: &str) -> String {
    match field {
        "light" => format!("Some({})", capital(value)),
        "percent" => format!("Some({value})"),
        _ => format!("{value:?}"),
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// `sync`; on a conflict, every conflict is listed (exit 3), its key recorded, and resolved by
/// taking theirs.
fn sync_resolving(c: &Clone, reported: &mut HashSet<String>) {
    let out = c.run(&["sync", "--json"]);
    if out.status.success() {
        return;
    }
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listed: Vec<Value> = serde_json::from_slice(&out.stdout).expect("conflicts as JSON");
    assert!(!listed.is_empty());
    let mut args = vec!["sync".to_string()];
    for l in &listed {
        let key = l["key"].as_str().unwrap().to_string();
        args.push("--take".into());
        args.push("theirs".into());
        args.push(key.clone());
        reported.insert(key);
    }
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    c.ok(&refs);
}

#[test]
fn offline_keeps_local_commits_and_meeting_tags_travel() {
    let w = World::new();
    let (a, b) = (w.clone("张三"), w.clone("李四"));
    // A monthly meeting opened and closed on one clone: its tag travels with the sync.
    a.ok(&["meeting", "new", "monthly", "--date", "2026-12-01 09:00"]);
    a.ok(&["meeting", "close"]);
    let out = a.ok(&["sync"]);
    assert!(out.contains("推送"), "{out}");
    let out = b.ok(&["sync"]);
    assert!(
        out.contains("收到会议标签：meeting/monthly/2026-12"),
        "{out}"
    );
    assert_eq!(
        b.git_ok(&["rev-parse", "meeting/monthly/2026-12^{commit}"]),
        a.git_ok(&["rev-parse", "meeting/monthly/2026-12^{commit}"])
    );
    // Both open the same weekly meeting with different chairs: reported, not duplicated.
    a.ok(&[
        "meeting",
        "new",
        "weekly",
        "--date",
        "2026-12-02 09:00",
        "--chair",
        "王主任",
    ]);
    a.ok(&["sync"]);
    b.ok(&[
        "meeting",
        "new",
        "weekly",
        "--date",
        "2026-12-02 09:00",
        "--chair",
        "李处长",
    ]);
    let out = b.run(&["sync"]);
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("W2026-49.chair"), "{err}");
    b.ok(&["sync", "--take", "theirs", "W2026-49.chair"]);
    let meetings = b.git_ok(&["ls-files", "meetings/weekly"]);
    assert_eq!(meetings.lines().count(), 1, "{meetings}");
    assert!(b.read("meetings/weekly/W2026-49.ron").contains("王主任"));

    // Offline: the remote is gone. A clear message, the local commit kept, nothing half-done.
    let moved = w.remote.with_extension("moved");
    std::fs::rename(&w.remote, &moved).unwrap();
    a.ok(&["set", "A3-02", "--cycle", "monthly", "--light", "yellow"]);
    let before = a.snapshot();
    let out = a.run(&["sync"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("origin（")
            && err.contains("没有 git 仓库，请核对地址")
            && err.contains("本地提交都已保留"),
        "{err}"
    );
    assert!(before == a.snapshot(), "nothing changed");
    // A host that cannot be reached, and a remote that is not set up: each cause in Chinese,
    // with no git sentence in English.
    a.git_ok(&["remote", "add", "far", "ssh://plan.host.invalid/plan.git"]);
    for (remote, cause) in [
        ("far", "连不上"),
        ("nowhere", "没有名为 nowhere 的远程仓库"),
    ] {
        let out = a.run(&["sync", remote]);
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(cause) && err.contains("本地提交都已保留"),
            "{err}"
        );
        assert!(
            !err.contains("fatal") && !err.contains("Could not"),
            "{err}"
        );
        assert!(before == a.snapshot(), "nothing changed");
    }
    // Back online: the commit is pushed.
    std::fs::rename(&moved, &w.remote).unwrap();
    let out = a.ok(&["sync"]);
    assert!(out.contains("推送"), "{out}");
    b.ok(&["sync"]);
    assert!(b.read(REPORT).contains("Some(Yellow)"));
}

/// Opens the TUI of `c` and selects A3-02 through a Chinese search.
fn tui_on(c: &Clone, name: &str) -> Tmux {
    let tui = Tmux::start(
        env!("CARGO_BIN_EXE_taskforce"),
        &c.home,
        "2026-12-01",
        name,
        &format!("--repo '{}'", c.dir.display()),
    );
    tui.wait_for_text("2026-W49 2026-12 2026-Q4");
    tui.select_by_search("站点规划", "A3-02");
    tui
}

#[test]
fn two_tuis_on_two_clones_one_reports_and_syncs_the_other_syncs_with_one_key() {
    let w = World::new();
    let (a, b) = (w.clone("张三"), w.clone("李四"));
    let ta = tui_on(&a, "a");
    let tb = tui_on(&b, "b");
    assert!(
        tree_line(&tb.screen(), "A3-02").is_some_and(|l| l.contains("未")),
        "A3-02 starts 未报 on B:\n{}",
        tb.screen()
    );

    // A records a monthly report (light yellow, progress) and presses S.
    ta.keys(&["e"]);
    ta.wait_for_text("填报 A3-02");
    ta.keys(&["Right", "Right", "Right", "Down", "Down", "Down"]);
    ta.type_text("两边同步的进展");
    ta.wait_until("the form to show the input", |s| {
        s.contains("2026-12（本期）") && s.contains("两边同步的进展")
    });
    ta.keys(&["C-s"]);
    ta.wait_for_text("将提交一次修改");
    ta.keys(&["y"]);
    ta.wait_for_text("已提交");
    ta.keys(&["S"]);
    let screen = ta.wait_for_text("已同步");
    assert!(screen.contains("推送1个提交"), "{screen}");
    // The status line shows the last sync once the plan reloads (on the loader).
    ta.wait_for_text("同步于");

    // B presses S once: the report arrives, the tree and the detail show it.
    tb.keys(&["S"]);
    let screen = tb.wait_for_text("已同步");
    assert!(screen.contains("收到1个提交"), "{screen}");
    let screen = tb.wait_until("the new light on B", |s| {
        tree_line(s, "A3-02").is_some_and(|l| l.contains("黄"))
    });
    assert!(
        screen.contains("两边同步的进展"),
        "B's detail shows the report:\n{screen}"
    );
    tb.wait_for_text("同步于");

    // The same commit on both clones and the remote, authored by A.
    let head = a.git_ok(&["rev-parse", "HEAD"]);
    assert_eq!(b.git_ok(&["rev-parse", "HEAD"]), head);
    assert_eq!(b.git_ok(&["log", "-1", "--format=%an"]).trim(), "张三");
    assert!(b.read(REPORT).contains("progress: \"两边同步的进展\""));
    for (t, c) in [(&ta, &a), (&tb, &b)] {
        t.keys(&["q"]);
        t.wait_for_text("EXIT=0");
        c.fsck();
    }
}

#[test]
fn a_conflict_in_the_tui_shows_both_sides_and_records_the_choice() {
    let w = World::new();
    let (a, b) = (w.clone("张三"), w.clone("李四"));
    a.ok(&["set", "A3-02", "--cycle", "monthly", "--light", "yellow"]);
    a.ok(&["sync"]);
    b.ok(&["set", "A3-02", "--cycle", "monthly", "--light", "red"]);
    let before = b.snapshot();

    let tb = tui_on(&b, "conflict");
    tb.keys(&["S"]);
    let screen = tb.wait_until("the conflict screen drawn", |s| {
        s.contains("同步冲突") && s.contains("对方（远程）") && s.contains("李四")
    });
    // Both values side by side, with who changed each.
    let row = screen
        .lines()
        .find(|l| l.contains("本方（本机）"))
        .unwrap_or_else(|| panic!("no side titles:\n{screen}"));
    assert!(row.contains("对方（远程）"), "{screen}");
    assert!(screen.contains("A3-02 2026-12 亮灯"), "{screen}");
    let values = screen
        .lines()
        .find(|l| l.contains("红") && l.contains("黄") && !l.contains('='))
        .unwrap_or_else(|| panic!("the two values on one row:\n{screen}"));
    assert!(
        values.find("红") < values.find("黄"),
        "ours left, theirs right: {values}"
    );
    assert!(
        screen.contains("李四") && screen.contains("张三"),
        "{screen}"
    );
    // Nothing changed while the choice is open.
    assert!(before == b.snapshot(), "the repository is untouched");

    // Enter before choosing: refused in words; then take theirs and sync.
    tb.keys(&["Enter"]);
    tb.wait_for_text("还有1处未选择");
    tb.keys(&["l"]);
    tb.wait_for_text("✔ 对方（远程） 采用");
    tb.keys(&["C-s"]);
    let screen = tb.wait_for_text("已同步");
    assert!(
        !screen.contains("同步冲突"),
        "the conflict screen closed:\n{screen}"
    );
    tb.wait_until("the taken light in the tree", |s| {
        tree_line(s, "A3-02").is_some_and(|l| l.contains("黄"))
    });
    tb.keys(&["q"]);
    tb.wait_for_text("EXIT=0");

    // The merge commit records the choice; the other clone receives it.
    let msg = b.git_ok(&["log", "-1", "--format=%B"]);
    assert!(
        msg.lines()
            .any(|l| l.starts_with("Concurrent-Edit: A3-02@2026-12.light") && l.contains("theirs")),
        "{msg}"
    );
    assert_eq!(
        b.git_ok(&["rev-list", "--parents", "-1", "HEAD"])
            .split(' ')
            .count(),
        3
    );
    assert!(b.read(REPORT).contains("light: Some(Yellow)"));
    b.fsck();
    a.ok(&["sync"]);
    assert_eq!(a.tree(), b.tree());
}
