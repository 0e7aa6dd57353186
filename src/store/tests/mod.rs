//! Store writes through a temporary plan repository: each test makes real commits and asserts
//! on the committed files (read back from git), the commit messages and the refusals.

mod indicators;
mod items;
mod landmarks;
mod meetings;

use std::path::Path;
use std::process::Command;

use chrono::{NaiveDate, NaiveDateTime};

use super::{Error, Identity, NewMeeting, Outcome, Rejection, Store};
use crate::model::{Cycle, Id, SignOff};

/// A plan repository made from the bundled plan in a temporary folder.
pub(super) struct TempStore {
    _dir: tempfile::TempDir,
    pub(super) store: Store,
}

impl TempStore {
    pub(super) fn new() -> TempStore {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::init(&dir.path().join("plan")).expect("init");
        TempStore { _dir: dir, store }
    }

    pub(super) fn git(&self, args: &[&str]) -> String {
        let out = Command::new("git")
            .arg("-C")
            .arg(self.store.root())
            .args(args)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .output()
            .expect("run git");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8")
    }

    /// The number of commits on HEAD.
    pub(super) fn commits(&self) -> usize {
        self.git(&["rev-list", "--count", "HEAD"])
            .trim()
            .parse()
            .expect("a count")
    }

    /// The full message of HEAD, as git reads it.
    pub(super) fn message(&self) -> String {
        self.git(&["log", "-1", "--format=%B"])
    }

    /// The paths HEAD changed, with git's status letter (`A`, `M`, `D`).
    pub(super) fn changed(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .git(&["show", "--format=", "--name-status", "HEAD"])
            .lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        v.sort();
        v
    }

    /// The bytes of `path` as committed at HEAD.
    pub(super) fn committed(&self, path: &str) -> String {
        self.git(&["show", &format!("HEAD:{path}")])
    }

    /// The work tree is what HEAD has, and git finds the repository sound.
    pub(super) fn assert_clean(&self) {
        assert_eq!(
            self.git(&["status", "--porcelain"]),
            "",
            "a clean work tree"
        );
        self.git(&["fsck", "--strict", "--no-dangling"]);
    }

    /// The tags pointing at HEAD.
    pub(super) fn tags_at_head(&self) -> Vec<String> {
        self.git(&["tag", "--points-at", "HEAD"])
            .lines()
            .map(str::to_string)
            .collect()
    }

    /// Opens a monthly meeting on `day` of November 2026, with one attending unit.
    pub(super) fn open_meeting(&self, day: u32) -> crate::model::Meeting {
        let (outcome, meeting) = self
            .store
            .new_meeting(&monthly(day), &who())
            .expect("new meeting");
        assert!(matches!(outcome, Outcome::Committed { .. }));
        meeting
    }
}

pub(super) fn who() -> Identity {
    Identity::parse("王芳 <wangfang@example.org>").expect("identity")
}

pub(super) fn id(text: &str) -> Id {
    Id::parse(text).expect("an id")
}

pub(super) fn date(text: &str) -> NaiveDate {
    text.parse().expect("a date")
}

fn at(day: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, day)
        .and_then(|d| d.and_hms_opt(14, 30, 0))
        .expect("a time")
}

/// A monthly meeting on `day` of November 2026.
pub(super) fn monthly(day: u32) -> NewMeeting {
    NewMeeting {
        kind: Cycle::Monthly,
        time: at(day),
        period: None,
        chair: "陈市长".into(),
        attendees: vec!["市教育局".into(), "市人社局".into(), "市教育局".into()],
        place: "市行政中心1号楼".into(),
        issue: None,
        sign_off: SignOff::default(),
    }
}

/// The rejection inside a store error.
pub(super) fn rejection<T: std::fmt::Debug>(r: super::Result<T>) -> Rejection {
    match r {
        Err(Error::Rejected(r)) => r,
        other => panic!("expected a rejection, got {other:?}"),
    }
}

/// The summary of a committed outcome.
pub(super) fn summary(o: &Outcome) -> &str {
    match o {
        Outcome::Committed { summary, .. } => summary,
        Outcome::Unchanged => panic!("expected a commit"),
    }
}

/// Whether a path exists in the work tree.
pub(super) fn exists(t: &TempStore, path: &str) -> bool {
    Path::new(t.store.root()).join(path).exists()
}
