//! Sharing through a git remote (DESIGN.md §5): fetch, a field-level merge, push.
//!
//! Transport is the system `git` when it exists (it honours `~/.ssh/config`, agents,
//! credential helpers and proxies), git2 otherwise (local and file remotes). The merge is
//! computed in memory and checked (`check` on the merged tree) before anything is written; a
//! conflict leaves HEAD, the index and the work tree exactly as they were. Meeting tags travel
//! with the branch; the same tag pointing at two different commits is reported, never moved.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use git2::Oid;
use serde::Serialize;

use super::merge_file::{FileConflict, merge_file};
use super::source::TreeSource;
use super::{Error, Identity, Reports, Result, Store, load};
use crate::merge::Side;

use super::transport::REMOTE_TAGS;
pub use super::transport::clone;
/// How many times a push rejected because the remote moved is retried (fetch, merge, push).
const PUSH_RETRIES: usize = 3;

/// Who last changed a conflicting file on one side, and when.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SideAuthor {
    pub commit: String,
    pub author: String,
    pub time: String,
}

/// A conflict with the last change of each side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SyncConflict {
    #[serde(flatten)]
    pub file: FileConflict,
    pub key: String,
    pub ours_by: Option<SideAuthor>,
    pub theirs_by: Option<SideAuthor>,
}

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SyncReport {
    pub remote: String,
    pub branch: String,
    /// Commits received from the remote.
    pub pulled: usize,
    /// Commits sent to the remote.
    pub pushed: usize,
    /// The merge commit, when both sides had new commits.
    pub merge: Option<String>,
    /// Files both sides changed that merged field by field.
    pub merged_files: usize,
    /// Conflicts resolved with `--take`: the key and the side taken.
    pub resolved: Vec<(String, Side)>,
    /// Meeting tags received.
    pub tags_received: Vec<String>,
    /// Meeting tags that name different commits here and there (`meeting/monthly/2026-11`).
    pub tag_conflicts: Vec<String>,
    /// Why the push did not happen (offline, refused); local commits are kept to push later.
    pub not_pushed: Option<String>,
}

/// The outcome of a sync.
#[derive(Debug, Clone, PartialEq)]
pub enum Synced {
    Done(SyncReport),
    /// The same field changed both ways: nothing was written; `--take` decides.
    Conflicts(Vec<SyncConflict>),
    /// The merge would make an invalid plan: nothing was written.
    Invalid(Vec<super::codec::Problem>),
}

/// The merge of two commits, computed in memory.
struct TreeMerge {
    tree: Oid,
    conflicts: Vec<FileConflict>,
    /// Each conflict `--take` resolved, and the side taken.
    resolved: Vec<(FileConflict, Side)>,
    merged_files: usize,
}

impl Store {
    /// Refuses to sync over uncommitted changes of tracked files (a hand edit would be
    /// overwritten or merged unseen).
    fn ensure_clean_tree(&self) -> Result<()> {
        let mut opts = git2::StatusOptions::new();
        opts.include_untracked(false).include_ignored(false);
        let dirty: Vec<String> = self
            .repo
            .statuses(Some(&mut opts))?
            .iter()
            .filter(|e| e.status() != git2::Status::CURRENT)
            .filter_map(|e| e.path().ok().map(str::to_string))
            .collect();
        if dirty.is_empty() {
            return Ok(());
        }
        Err(Error::Refused(match self.lang() {
            crate::model::Lang::Zh => format!(
                "工作区有未提交的修改，未同步（先用 taskforce commit -m 提交，或撤销修改）：{}",
                dirty.join("、")
            ),
            crate::model::Lang::En => format!(
                "the work tree has uncommitted changes, so nothing was synced (commit them with taskforce commit -m, or undo them): {}",
                dirty.join(", ")
            ),
        }))
    }

    /// Moves the branch to `target` (a fast-forward or a merge commit) through the journaled
    /// write: the journal names every file that differs and its new blob, the files are
    /// written, the branch moves only if it is still where it was, then the index follows. A
    /// kill at any point is rolled back or completed by the next command.
    fn advance_to(&self, _lock: &mut super::WriteLock, target: Oid) -> Result<()> {
        let held = self.index_lock()?;
        let head = self.repo.head()?;
        let branch = head.name().unwrap_or("HEAD").to_string();
        let start = head.peel_to_commit()?.id();
        let (old, new) = (
            self.repo.find_commit(start)?.tree()?,
            self.repo.find_commit(target)?.tree()?,
        );
        let diff = self.repo.diff_tree_to_tree(Some(&old), Some(&new), None)?;
        let mut planned: Vec<(String, Option<Oid>)> = Vec::new();
        for d in diff.deltas() {
            if let Some(p) = d.old_file().path().and_then(Path::to_str)
                && d.new_file().path().and_then(Path::to_str) != Some(p)
            {
                planned.push((p.to_string(), None));
            }
            if let Some(p) = d.new_file().path().and_then(Path::to_str) {
                let id = (!d.new_file().id().is_zero()).then(|| d.new_file().id());
                planned.push((p.to_string(), id));
            }
        }
        for (path, _) in &planned {
            super::durable::check_inside(&self.root, path, self.lang())?;
        }
        let journal = super::recover::Journal {
            pid: std::process::id(),
            command: "sync".into(),
            head: start,
            branch: branch.clone(),
            paths: planned.clone(),
            tag: None,
        };
        let git = self.repo.path().to_path_buf();
        journal
            .write(&git)
            .map_err(super::io_error(&super::recover::Journal::path(&git)))?;
        let moved = (|| -> Result<()> {
            for (path, id) in &planned {
                let full = self.root.join(path);
                match id {
                    Some(id) => {
                        if let Some(parent) = full.parent() {
                            std::fs::create_dir_all(parent).map_err(super::io_error(parent))?;
                        }
                        let blob = self.repo.find_blob(*id)?;
                        super::write_atomic(&full, blob.content())?;
                    }
                    None => match std::fs::remove_file(&full) {
                        Ok(()) => {}
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                        Err(e) => return Err(super::io_error(&full)(e)),
                    },
                }
            }
            self.repo
                .reference_matching(&branch, target, true, start, "taskforce sync")?;
            Ok(())
        })();
        if let Err(e) = moved {
            // The branch did not move: put the files back as HEAD has them.
            let mut restored = true;
            for (path, _) in &planned {
                let full = self.root.join(path);
                let r = match old.get_path(Path::new(path)) {
                    Ok(entry) => self
                        .repo
                        .find_blob(entry.id())
                        .map_err(Error::from)
                        .and_then(|b| super::write_atomic(&full, b.content())),
                    Err(_) => match std::fs::remove_file(&full) {
                        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                            Err(super::io_error(&full)(e))
                        }
                        _ => Ok(()),
                    },
                };
                restored &= r.is_ok();
            }
            if restored {
                super::recover::Journal::remove(&git);
            }
            return Err(e);
        }
        // The branch moved: the index is completed now, or by the next command.
        if self.write_index(&held, &planned).is_ok() {
            super::recover::Journal::remove(&git);
        }
        Ok(())
    }

    /// The branch HEAD is on.
    fn branch(&self) -> Result<String> {
        let head = self.repo.head()?;
        head.shorthand()
            .ok()
            .filter(|_| head.is_branch())
            .map(str::to_string)
            .ok_or_else(|| {
                Error::Refused(self.t(
                    "当前不在任何分支上（HEAD 已分离），无法同步；请先切换到分支。",
                    "HEAD is not on a branch (detached), so there is nothing to sync; check out a branch first",
                ))
            })
    }

    /// Brings the remote's meeting tags in: a tag we lack is created; one that names another
    /// commit here is reported. Returns (received, conflicting) and the tags to push.
    fn reconcile_tags(&self, remote: &str) -> Result<(Vec<String>, Vec<String>, Vec<String>)> {
        let prefix = format!("{REMOTE_TAGS}/{remote}/");
        let mut theirs: HashMap<String, Oid> = HashMap::new();
        for r in self.repo.references_glob(&format!("{prefix}meeting/*"))? {
            let r = r?;
            if let (Ok(name), Some(target)) = (r.name(), r.target()) {
                theirs.insert(name.trim_start_matches(&prefix).to_string(), target);
            }
        }
        let mut received = Vec::new();
        let mut conflicts = Vec::new();
        for (name, target) in &theirs {
            let local = format!("refs/tags/{name}");
            match self.repo.refname_to_id(&local) {
                Ok(id) if id == *target => {}
                Ok(_) => conflicts.push(name.clone()),
                Err(_) => {
                    // Only a tag whose object arrived (it always does with its branch).
                    if self.repo.find_object(*target, None).is_ok() {
                        self.repo.reference(
                            &local,
                            *target,
                            false,
                            "taskforce sync: meeting tag",
                        )?;
                        received.push(name.clone());
                    }
                }
            }
        }
        let mut to_push = Vec::new();
        for r in self.repo.references_glob("refs/tags/meeting/*")? {
            let r = r?;
            if let Ok(name) = r.name() {
                let name = name.trim_start_matches("refs/tags/").to_string();
                if !theirs.contains_key(&name) {
                    to_push.push(name);
                }
            }
        }
        received.sort();
        conflicts.sort();
        to_push.sort();
        Ok((received, conflicts, to_push))
    }

    /// The paths that differ between two trees.
    fn changed_paths(&self, a: &git2::Tree, b: &git2::Tree) -> Result<BTreeSet<String>> {
        let diff = self.repo.diff_tree_to_tree(Some(a), Some(b), None)?;
        let mut out = BTreeSet::new();
        for d in diff.deltas() {
            for f in [d.old_file(), d.new_file()] {
                if let Some(p) = f.path().and_then(Path::to_str) {
                    out.insert(p.to_string());
                }
            }
        }
        Ok(out)
    }

    fn blob_in(&self, tree: &git2::Tree, path: &str) -> Result<Option<Vec<u8>>> {
        match tree.get_path(Path::new(path)) {
            Ok(e) => Ok(Some(self.repo.find_blob(e.id())?.content().to_vec())),
            Err(_) => Ok(None),
        }
    }

    /// Merges `theirs` into `ours` in memory: files one side changed come from that side,
    /// files both changed merge field by field; `take` decides conflicts by key.
    fn merge_in_memory(
        &self,
        ours: Oid,
        theirs: Oid,
        take: &HashMap<String, Side>,
    ) -> Result<TreeMerge> {
        let repo = &self.repo;
        let base = repo.merge_base(ours, theirs)?;
        let (bt, ot, tt) = (
            repo.find_commit(base)?.tree()?,
            repo.find_commit(ours)?.tree()?,
            repo.find_commit(theirs)?.tree()?,
        );
        let mut index = repo.merge_trees(&bt, &ot, &tt, None)?;
        let mut both: BTreeSet<String> = self
            .changed_paths(&bt, &ot)?
            .intersection(&self.changed_paths(&bt, &tt)?)
            .cloned()
            .collect();
        for c in index.conflicts()? {
            let c = c?;
            for e in [c.ancestor, c.our, c.their].into_iter().flatten() {
                both.insert(String::from_utf8_lossy(&e.path).into_owned());
            }
        }
        let mut conflicts = Vec::new();
        let mut resolved = Vec::new();
        let mut merged_files = 0;
        for path in &both {
            let (b, o, t) = (
                self.blob_in(&bt, path)?,
                self.blob_in(&ot, path)?,
                self.blob_in(&tt, path)?,
            );
            let open = merge_file(path, b.as_deref(), o.as_deref(), t.as_deref(), &|_| None);
            let chosen = merge_file(path, b.as_deref(), o.as_deref(), t.as_deref(), &|k| {
                take.get(k).copied()
            });
            for c in &open.conflicts {
                let key = c.key();
                if let Some(side) = take.get(&key) {
                    resolved.push((c.clone(), *side));
                }
            }
            conflicts.extend(chosen.conflicts);
            if open.conflicts.is_empty() && o != t {
                merged_files += 1;
            }
            let _ = index.conflict_remove(Path::new(path));
            let _ = index.remove_path(Path::new(path));
            if let Some(bytes) = chosen.bytes {
                let entry = git2::IndexEntry {
                    ctime: git2::IndexTime::new(0, 0),
                    mtime: git2::IndexTime::new(0, 0),
                    dev: 0,
                    ino: 0,
                    mode: 0o100644,
                    uid: 0,
                    gid: 0,
                    file_size: bytes.len() as u32,
                    id: repo.blob(&bytes)?,
                    flags: (path.len().min(0xfff)) as u16,
                    flags_extended: 0,
                    path: path.as_bytes().to_vec(),
                };
                index.add(&entry)?;
            }
        }
        let tree = index.write_tree_to(repo)?;
        Ok(TreeMerge {
            tree,
            conflicts,
            resolved,
            merged_files,
        })
    }

    /// The last commit between `base` (exclusive) and `tip` that changed `path`.
    fn last_change(&self, tip: Oid, base: Oid, path: &str) -> Result<Option<SideAuthor>> {
        let mut walk = self.repo.revwalk()?;
        walk.push(tip)?;
        walk.hide(base)?;
        for oid in walk {
            let commit = self.repo.find_commit(oid?)?;
            let here = commit
                .tree()?
                .get_path(Path::new(path))
                .ok()
                .map(|e| e.id());
            let before = match commit.parent(0) {
                Ok(p) => p.tree()?.get_path(Path::new(path)).ok().map(|e| e.id()),
                Err(_) => None,
            };
            if here != before {
                let time = chrono::DateTime::from_timestamp(commit.time().seconds(), 0)
                    .map(|t| {
                        t.with_timezone(
                            &chrono::FixedOffset::east_opt(commit.time().offset_minutes() * 60)
                                .unwrap_or(chrono::FixedOffset::east_opt(0).expect("utc")),
                        )
                        .format("%Y-%m-%d %H:%M")
                        .to_string()
                    })
                    .unwrap_or_default();
                return Ok(Some(SideAuthor {
                    commit: commit.id().to_string(),
                    author: commit.author().name().unwrap_or("").to_string(),
                    time,
                }));
            }
        }
        Ok(None)
    }

    /// `sync`: fetch from `remote`, merge field by field, push. A conflict not decided by
    /// `take` stops the sync with nothing written.
    pub fn sync(
        &self,
        remote: &str,
        take: &HashMap<String, Side>,
        author: &Identity,
    ) -> Result<Synced> {
        let mut lock = self.lock()?;
        let branch = self.branch()?;
        self.ensure_clean_tree()?;
        let mut report = SyncReport {
            remote: remote.to_string(),
            branch: branch.clone(),
            ..SyncReport::default()
        };
        for attempt in 0..=PUSH_RETRIES {
            self.fetch(remote)?;
            let (received, tag_conflicts, to_push) = self.reconcile_tags(remote)?;
            report.tags_received.extend(received);
            report.tag_conflicts = tag_conflicts;
            let head = self.repo.head()?.peel_to_commit()?.id();
            let upstream = self
                .repo
                .refname_to_id(&format!("refs/remotes/{remote}/{branch}"))
                .ok();
            let mut tip = head;
            if let Some(up) = upstream
                && up != head
            {
                let (ahead, behind) = self.repo.graph_ahead_behind(head, up)?;
                if behind > 0 {
                    report.pulled += behind;
                    if ahead == 0 {
                        self.advance_to(&mut lock, up)?;
                        tip = up;
                    } else {
                        let merged = self.merge_in_memory(head, up, take)?;
                        if !merged.conflicts.is_empty() {
                            let base = self.repo.merge_base(head, up)?;
                            let mut out = Vec::new();
                            for c in merged.conflicts {
                                out.push(SyncConflict {
                                    key: c.key(),
                                    ours_by: self.last_change(head, base, &c.path)?,
                                    theirs_by: self.last_change(up, base, &c.path)?,
                                    file: c,
                                });
                            }
                            return Ok(Synced::Conflicts(out));
                        }
                        let tree = self.repo.find_tree(merged.tree)?;
                        let (_, problems) = load(&TreeSource::new(&self.repo, tree), Reports::All);
                        if !problems.is_empty() {
                            return Ok(Synced::Invalid(problems));
                        }
                        let commit = self.merge_commit(
                            head,
                            up,
                            merged.tree,
                            remote,
                            &branch,
                            &merged,
                            author,
                        )?;
                        self.advance_to(&mut lock, commit)?;
                        report.merge = Some(commit.to_string());
                        report.merged_files += merged.merged_files;
                        report
                            .resolved
                            .extend(merged.resolved.iter().map(|(c, side)| (c.key(), *side)));
                        tip = commit;
                    }
                }
            }
            let ahead = match upstream {
                Some(up) => self.repo.graph_ahead_behind(tip, up)?.0,
                None => self.count_commits(tip)?,
            };
            if ahead == 0 && to_push.is_empty() {
                self.record_sync(&report)?;
                return Ok(Synced::Done(report));
            }
            match self.push(remote, &branch, &to_push) {
                Ok(true) => {
                    report.pushed += ahead;
                    self.record_sync(&report)?;
                    return Ok(Synced::Done(report));
                }
                Ok(false) if attempt < PUSH_RETRIES => continue,
                Ok(false) => {
                    report.not_pushed = Some(self.t(
                        "远程仓库一直在变，几次重试后仍未推送；本地提交已保留，稍后再同步。",
                        "the remote kept moving; after several tries nothing was pushed. Local commits are kept; sync again later",
                    ));
                }
                Err(Error::Refused(why)) => report.not_pushed = Some(why),
                Err(e) => return Err(e),
            }
            self.record_sync(&report)?;
            return Ok(Synced::Done(report));
        }
        unreachable!("the loop returns")
    }

    fn count_commits(&self, tip: Oid) -> Result<usize> {
        let mut walk = self.repo.revwalk()?;
        walk.push(tip)?;
        Ok(walk.count())
    }

    /// The merge commit of `ours` and `theirs` with `tree`: its message lists the conflicts
    /// resolved, one `Concurrent-Edit:` trailer each.
    #[allow(clippy::too_many_arguments)]
    fn merge_commit(
        &self,
        ours: Oid,
        theirs: Oid,
        tree: Oid,
        remote: &str,
        branch: &str,
        merged: &TreeMerge,
        author: &Identity,
    ) -> Result<Oid> {
        let summary = if merged.resolved.is_empty() {
            format!("同步合并 {remote}/{branch}")
        } else {
            format!(
                "同步合并 {remote}/{branch}（解决并发修改{}处）",
                merged.resolved.len()
            )
        };
        // `Concurrent-Edit: KEY SIDE OURS THEIRS`, the values as JSON: the review shows them.
        let trailers: Vec<(String, String)> = merged
            .resolved
            .iter()
            .map(|(c, side)| {
                let side = match side {
                    Side::Ours => "ours",
                    Side::Theirs => "theirs",
                };
                (
                    "Concurrent-Edit".to_string(),
                    format!(
                        "{} {side} {} {}",
                        c.key(),
                        super::history::encode(&c.conflict.ours),
                        super::history::encode(&c.conflict.theirs)
                    ),
                )
            })
            .collect();
        let message = super::history::message(&summary, "", &trailers);
        let sig = author.signature_at("GIT_AUTHOR_DATE")?;
        let (o, t) = (self.repo.find_commit(ours)?, self.repo.find_commit(theirs)?);
        let tree = self.repo.find_tree(tree)?;
        Ok(self
            .repo
            .commit(None, &sig, &sig, &message, &tree, &[&o, &t])?)
    }

    /// Writes `.git/taskforce-sync`: when the last sync ran and what it did (the TUI's status
    /// line shows it). An optimisation for the eye, never a source of truth.
    fn record_sync(&self, report: &SyncReport) -> Result<()> {
        let text = format!(
            "{}\n{}\n",
            chrono::Local::now().format("%Y-%m-%d %H:%M"),
            serde_json::to_string(report).unwrap_or_default()
        );
        let _ = std::fs::write(self.repo.path().join("taskforce-sync"), text);
        Ok(())
    }

    /// When the last sync ran (`2026-12-01 09:30`), if ever.
    pub fn last_sync(&self) -> Option<String> {
        std::fs::read_to_string(self.repo.path().join("taskforce-sync"))
            .ok()
            .and_then(|t| t.lines().next().map(str::to_string))
    }
}

impl Store {
    /// Registers `taskforce merge-file` as git's merge driver for plan files in this clone
    /// (`merge.taskforce.driver`, and `*.ron merge=taskforce` in `.git/info/attributes` for
    /// repositories whose committed `.gitattributes` predates it), so `git pull` and
    /// `git merge` by hand merge RON files field by field and never leave conflict markers.
    pub fn install_merge_driver(&self) -> Result<()> {
        let exe = std::env::current_exe().map_err(super::io_error(Path::new("taskforce")))?;
        let exe = exe
            .to_string_lossy()
            .replace('\\', "/")
            .replace('"', "\\\"");
        let mut config = self.repo.config()?;
        config.set_str(
            "merge.taskforce.name",
            "taskforce field-level merge of plan files",
        )?;
        config.set_str(
            "merge.taskforce.driver",
            &format!("\"{exe}\" merge-file %O %A %B %P"),
        )?;
        let info = self.repo.path().join("info");
        std::fs::create_dir_all(&info).map_err(super::io_error(&info))?;
        let path = info.join("attributes");
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if !current.lines().any(|l| l.trim() == "*.ron merge=taskforce") {
            let mut text = current;
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str("*.ron merge=taskforce\n");
            super::write_atomic(&path, text.as_bytes())?;
        }
        Ok(())
    }
}
