//! Test helpers: a temporary plan repository driven through the real binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// HEAD, index bytes and work-tree files.
pub type Snapshot = (String, Vec<u8>, Vec<(String, Vec<u8>)>);

/// A temporary plan repository with an isolated HOME and git identity.
pub struct TempPlan {
    pub dir: tempfile::TempDir,
    pub home: tempfile::TempDir,
}

/// The result of one run of the binary.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_taskforce")
}

/// A HOME with no git identity, so tests never depend on the machine's config.
pub fn empty_home() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp home")
}

fn to_run(out: Output) -> Run {
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `0` (fsync off in the binary under test), unless the test run itself sets the variable.
pub fn test_fsync() -> String {
    std::env::var("TASKFORCE_TEST_FSYNC").unwrap_or_else(|_| "0".into())
}

/// A command with an isolated environment.
pub fn command(home: &Path, cwd: &Path) -> Command {
    let mut c = Command::new(bin());
    c.current_dir(cwd)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", home.join(".gitconfig"))
        .env("TASKFORCE_TODAY", "2026-11-27")
        // No fsync in tests (debug builds only) unless the runner sets TASKFORCE_TEST_FSYNC=1;
        // the crash tests turn it back on.
        .env("TASKFORCE_TEST_FSYNC", test_fsync())
        .env_remove("TASKFORCE_FAILPOINT")
        .env_remove("TASKFORCE_REPO");
    c
}

impl TempPlan {
    /// `taskforce init` in a temp folder, then a git identity for the repository.
    pub fn new() -> TempPlan {
        let dir = tempfile::tempdir().expect("temp dir");
        let home = empty_home();
        let plan = TempPlan { dir, home };
        let r = plan.run_in(
            plan.home.path(),
            &["init", plan.path().to_str().expect("utf-8 path")],
        );
        assert_eq!(r.code, 0, "init failed: {r:?}");
        plan.git(&["config", "user.name", "王芳"]);
        plan.git(&["config", "user.email", "wangfang@example.org"]);
        plan
    }

    /// A plan in a new temporary folder below `parent` (a small filesystem, say).
    pub fn new_in(parent: &Path) -> TempPlan {
        let dir = tempfile::tempdir_in(parent).expect("temp dir");
        let home = empty_home();
        let plan = TempPlan { dir, home };
        let r = plan.run_in(
            plan.home.path(),
            &["init", plan.path().to_str().expect("utf-8 path")],
        );
        assert_eq!(r.code, 0, "init failed: {r:?}");
        plan.git(&["config", "user.name", "王芳"]);
        plan.git(&["config", "user.email", "wangfang@example.org"]);
        plan
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().join("plan")
    }

    /// Runs taskforce with `--repo` pointing at the plan.
    pub fn run(&self, args: &[&str]) -> Run {
        let repo = self.path();
        let mut full = vec!["--repo", repo.to_str().expect("utf-8")];
        full.extend_from_slice(args);
        self.run_in(self.dir.path(), &full)
    }

    /// Runs taskforce with `--repo`, as of `today` (`TASKFORCE_TODAY`).
    pub fn run_on(&self, today: &str, args: &[&str]) -> Run {
        let repo = self.path();
        to_run(
            command(self.home.path(), self.dir.path())
                .env("TASKFORCE_TODAY", today)
                .arg("--repo")
                .arg(&repo)
                .args(args)
                .output()
                .expect("run taskforce"),
        )
    }

    /// Runs taskforce on this plan with its caches on, or off
    /// (`TASKFORCE_TEST_NO_PLAN_CACHE=1`, debug builds): a read must answer the same either way.
    pub fn run_caches(&self, caches: bool, args: &[&str]) -> Run {
        let mut c = command(self.home.path(), self.dir.path());
        c.arg("--repo").arg(self.path()).args(args);
        if !caches {
            c.env("TASKFORCE_TEST_NO_PLAN_CACHE", "1");
        }
        to_run(c.output().expect("run taskforce"))
    }

    pub fn run_in(&self, cwd: &Path, args: &[&str]) -> Run {
        to_run(
            command(self.home.path(), cwd)
                .args(args)
                .output()
                .expect("run taskforce"),
        )
    }

    /// Runs the git CLI in the plan; panics on failure.
    pub fn git(&self, args: &[&str]) -> String {
        let out = self.git_raw(args);
        assert!(
            out.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn git_raw(&self, args: &[&str]) -> Output {
        Command::new("git")
            .current_dir(self.path())
            .env("HOME", self.home.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", self.home.path().join(".gitconfig"))
            .args(args)
            .output()
            .expect("run git")
    }

    pub fn commit_count(&self) -> usize {
        self.git(&["rev-list", "--count", "HEAD"])
            .trim()
            .parse()
            .expect("count")
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }

    /// HEAD, the index bytes and every work-tree file: equal snapshots mean nothing changed.
    pub fn snapshot(&self) -> Snapshot {
        let head = self.git(&["rev-parse", "HEAD"]);
        let index = std::fs::read(self.path().join(".git/index")).unwrap_or_default();
        let mut files = Vec::new();
        walk(&self.path(), &self.path(), &mut files);
        files.sort();
        (head, index, files)
    }

    /// Panics, naming what differs, unless the repository matches `before`.
    pub fn assert_unchanged(&self, before: &Snapshot, what: &str) {
        let after = self.snapshot();
        assert_eq!(before.0, after.0, "{what}: HEAD moved");
        assert!(before.1 == after.1, "{what}: the index changed");
        let differ: Vec<&str> = before
            .2
            .iter()
            .chain(after.2.iter())
            .filter(|(p, b)| {
                before
                    .2
                    .iter()
                    .chain(after.2.iter())
                    .filter(|(q, c)| q == p && c == b)
                    .count()
                    != 2
            })
            .map(|(p, _)| p.as_str())
            .collect();
        assert!(
            differ.is_empty(),
            "{what}: work-tree files changed: {differ:?}"
        );
    }

    pub fn fsck(&self) {
        let out = self.git_raw(&["fsck", "--full", "--strict"]);
        assert!(
            out.status.success(),
            "git fsck failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    for e in std::fs::read_dir(dir).expect("read_dir") {
        let e = e.expect("entry");
        let p = e.path();
        if p.file_name().is_some_and(|n| n == ".git") {
            continue;
        }
        if p.is_dir() {
            walk(root, &p, out);
        } else {
            let rel = p
                .strip_prefix(root)
                .expect("rel")
                .to_string_lossy()
                .into_owned();
            out.push((rel, std::fs::read(&p).expect("read")));
        }
    }
}
