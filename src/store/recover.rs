//! Recovery after a killed writer: the journal a write keeps while it runs, and the repair the
//! next command makes under the writer lock.
//!
//! A writer writes the journal before its first file: its pid and command, the HEAD it started
//! from, and each path with the blob id it is about to get (`-` for a deletion). Under the
//! writer lock a journal can only be left by a dead writer, since the lock dies with its holder.
//! Its commit landed when HEAD has every path at the journaled id: then the index is completed.
//! Otherwise the work-tree files that carry the journaled bytes are put back to HEAD's. Either
//! way the temporary files the dead writer left (`.NAME.tmp-PID`, libgit2's `pack_git2_*` and
//! `tmp_object_git2_*`, a pack index without its pack, its own index copy) are removed, and one
//! notice says what was done.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use git2::{Oid, Repository};

use super::durable::{self, process_alive, temp_owner, write_atomic};
use super::git::stale_unheld;
use super::{Error, Result, Store, io_error};
use crate::model::Lang;

const JOURNAL: &str = "taskforce-journal";
const MAGIC: &str = "taskforce-journal 1";

/// What a write is about to do.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Journal {
    pub pid: u32,
    pub command: String,
    pub head: Oid,
    pub branch: String,
    pub paths: Vec<(String, Option<Oid>)>,
    /// A meeting tag to put on the commit (a close) or to remove (the undo of a close).
    pub tag: Option<TagOp>,
}

/// What a write does to a meeting tag, as part of its journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagOp {
    /// Tag the write's commit (name, message).
    Make(String, String),
    /// Remove the tag: the close it marked was undone.
    Remove(String),
}

impl Journal {
    pub fn path(git: &Path) -> PathBuf {
        git.join(JOURNAL)
    }

    /// Writes the journal (temporary file, rename), without a flush: it guards against a killed
    /// writer, and the page cache outlives a killed process. After a power loss nothing of the
    /// write was acknowledged (see `git/commit.rs` for what is flushed when).
    pub fn write(&self, git: &Path) -> std::io::Result<()> {
        let mut text = format!(
            "{MAGIC}\npid {}\ncommand {}\nhead {}\nbranch {}\n",
            self.pid, self.command, self.head, self.branch
        );
        for (path, id) in &self.paths {
            let id = id.map_or("-".to_string(), |i| i.to_string());
            text.push_str(&format!("write {id} {path}\n"));
        }
        match &self.tag {
            Some(TagOp::Make(name, message)) => {
                let message = message.replace('\\', "\\\\").replace('\n', "\\n");
                text.push_str(&format!("tag {name} {message}\n"));
            }
            Some(TagOp::Remove(name)) => text.push_str(&format!("untag {name}\n")),
            None => {}
        }
        // Not `write_atomic`: its failpoints are for the plan files. Only the writer-lock
        // holder writes here, so a fixed temporary name is enough.
        use std::io::Write as _;
        let tmp = Self::temp(git);
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        drop(f);
        std::fs::rename(&tmp, Self::path(git))
    }

    fn temp(git: &Path) -> PathBuf {
        git.join("taskforce-journal.tmp")
    }

    /// The journal left in `git`, if any; a torn or foreign file reads as `None`.
    pub fn read(git: &Path) -> Option<Journal> {
        let text = std::fs::read_to_string(Self::path(git)).ok()?;
        let mut lines = text.lines();
        if lines.next()? != MAGIC {
            return None;
        }
        let mut j = Journal {
            pid: 0,
            command: String::new(),
            head: Oid::ZERO_SHA1,
            branch: String::new(),
            paths: Vec::new(),
            tag: None,
        };
        for line in lines {
            let (key, rest) = line.split_once(' ')?;
            match key {
                "pid" => j.pid = rest.parse().ok()?,
                "command" => j.command = rest.to_string(),
                "head" => j.head = Oid::from_str(rest).ok()?,
                "branch" => j.branch = rest.to_string(),
                "write" => {
                    let (id, path) = rest.split_once(' ')?;
                    let id = if id == "-" {
                        None
                    } else {
                        Some(Oid::from_str(id).ok()?)
                    };
                    j.paths.push((path.to_string(), id));
                }
                "tag" => {
                    let (name, message) = rest.split_once(' ')?;
                    let message = message.replace("\\n", "\n").replace("\\\\", "\\");
                    j.tag = Some(TagOp::Make(name.to_string(), message));
                }
                "untag" => j.tag = Some(TagOp::Remove(rest.to_string())),
                _ => return None,
            }
        }
        (!j.branch.is_empty() && !j.head.is_zero()).then_some(j)
    }

    pub fn remove(git: &Path) {
        let _ = std::fs::remove_file(Self::path(git));
    }
}

fn mtime(path: &Path) -> Option<SystemTime> {
    std::fs::symlink_metadata(path)
        .and_then(|m| m.modified())
        .ok()
}

impl Store {
    /// At the start of a command or the TUI: when a killed writer may have left something
    /// (a journal, git's index lock), take the writer lock and repair it. A live writer holding
    /// the lock, or a read-only repository, leaves things as they are for a later command.
    pub fn recover(&self) {
        let git = self.repo.path();
        if !Journal::path(git).exists() && !git.join("index.lock").exists() {
            return;
        }
        // A live writer holds the lock: the journal is its own, and nothing waits for it.
        match self.lock_waiting(Duration::ZERO) {
            Ok(_) => {}
            Err(Error::Locked(_)) => {}
            Err(e) => self.notice(match self.lang() {
                Lang::Zh => format!("未能恢复上次中断的写入：{e}"),
                Lang::En => format!("could not recover an interrupted write: {e}"),
            }),
        }
    }

    /// The repair proper; the caller holds the writer lock. Returns the notices to give.
    pub(super) fn recover_locked(&self) -> Result<Vec<String>> {
        let git = self.repo.path().to_path_buf();
        let mut notes = Vec::new();
        let index_lock = git.join("index.lock");
        if index_lock.exists() {
            self.remove_stale_git_lock(&index_lock)?;
        }
        let _ = std::fs::remove_file(Journal::temp(&git));
        // Files of a dead writer's index lock and index copy.
        let me = std::process::id();
        for e in std::fs::read_dir(&git).into_iter().flatten().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            // (and the plan cache's temporary file, which a reader killed while it saved the
            // cache leaves).
            let pid = name
                .strip_prefix("taskforce-index-lock.")
                .or_else(|| {
                    name.strip_prefix("index.taskforce-")
                        .map(|r| r.trim_end_matches(".lock"))
                })
                .or_else(|| name.strip_prefix("taskforce-plan-cache.tmp-"));
            if pid
                .and_then(|p| p.parse::<u32>().ok())
                .is_some_and(|p| p != me && !process_alive(p))
            {
                let _ = std::fs::remove_file(e.path());
            }
        }
        // The lock of a pack merge killed with its writer (the merge runs inside the write).
        super::gc::remove_dead_lock(&git);
        let Some(j) = Journal::read(&git) else {
            if Journal::path(&git).exists() {
                // A journal torn by a crash while it was being written: no file was written yet.
                Journal::remove(&git);
            }
            return Ok(notes);
        };
        let since = mtime(&Journal::path(&git))
            .map(|t| t - Duration::from_secs(2))
            .unwrap_or(SystemTime::UNIX_EPOCH);
        // The branch lock libgit2 holds while it moves the ref, left by the dead writer.
        let ref_lock = git.join(format!("{}.lock", j.branch));
        if ref_lock.exists()
            && (mtime(&ref_lock).is_some_and(|t| t >= since) || stale_unheld(&ref_lock))
        {
            std::fs::remove_file(&ref_lock).map_err(|e| self.unwritable(&ref_lock, e))?;
            notes.push(match self.lang() {
                Lang::Zh => format!(
                    "已删除被终止的 taskforce 进程 {} 留下的锁文件 {}。",
                    j.pid,
                    ref_lock.display()
                ),
                Lang::En => format!(
                    "removed the lock file {} left by taskforce process {}, which was killed.",
                    ref_lock.display(),
                    j.pid
                ),
            });
        }
        let held = self.index_lock()?;
        let repo = Repository::open(&git)?;
        let head = repo.head()?.peel_to_commit()?;
        let tree = head.tree()?;
        let start_tree = repo.find_commit(j.head).and_then(|c| c.tree()).ok();
        let at = |t: &git2::Tree, p: &str| t.get_path(Path::new(p)).ok().map(|e| e.id());
        let landed = j.paths.iter().all(|(p, id)| at(&tree, p) == *id);
        let mut entries = Vec::new();
        let mut restored = Vec::new();
        let mut kept = Vec::new();
        for (path, new) in &j.paths {
            let in_head = at(&tree, path);
            let in_tree = match self.tree_oid(path) {
                Ok(id) => id,
                Err(_) => {
                    kept.push(path.clone());
                    continue;
                }
            };
            let old = start_tree.as_ref().and_then(|t| at(t, path));
            let ours = in_tree == *new || in_tree == old;
            if in_tree != in_head {
                if !ours {
                    // Changed by someone after the crash: not ours to touch.
                    kept.push(path.clone());
                    continue;
                }
                let full = self.root.join(path);
                match in_head {
                    Some(id) => write_atomic(&full, repo.find_blob(id)?.content())?,
                    None => match std::fs::remove_file(&full) {
                        Ok(()) => {}
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                        Err(e) => return Err(io_error(&full)(e)),
                    },
                }
                restored.push(path.clone());
            }
            entries.push((path.clone(), in_head));
        }
        self.write_index(&held, &entries)?;
        drop(held);
        if landed && let Some(TagOp::Remove(name)) = &j.tag {
            let refname = format!("refs/tags/{name}");
            if let Ok(mut r) = repo.find_reference(&refname) {
                r.delete()?;
                notes.push(match self.lang() {
                    Lang::Zh => format!("已删除标签 {name}（它标记的会议结束已被撤销）。"),
                    Lang::En => format!("removed the tag {name} (the close it marked was undone)."),
                });
            }
        }
        if landed && let Some(TagOp::Make(name, message)) = &j.tag {
            // The commit of this write: the one on HEAD's first-parent line whose parent is
            // where the write started.
            let mut commit = Some(head.clone());
            while let Some(c) = commit.take() {
                if c.parent_id(0).ok() == Some(j.head) {
                    commit = Some(c);
                    break;
                }
                commit = c.parent(0).ok();
            }
            if let Some(c) = commit
                && repo.refname_to_id(&format!("refs/tags/{name}")).ok() != Some(c.id())
            {
                let author = c.author().to_owned();
                repo.tag(name, c.as_object(), &author, message, true)?;
                notes.push(match self.lang() {
                    Lang::Zh => format!("已补上标签 {name}。"),
                    Lang::En => format!("added the tag {name}."),
                });
            }
        }
        let removed = self.remove_dead_temp_files(&j, since);
        Journal::remove(&git);
        let short = &head.id().to_string()[..8];
        let what = match (landed, self.lang()) {
            (true, Lang::Zh) => format!("提交 {short} 已完成，已补全索引"),
            (true, Lang::En) => format!("its commit {short} had landed; the index is completed"),
            (false, Lang::Zh) => format!(
                "提交未完成，已撤回未提交的文件（{}），仓库停在 {short}",
                if restored.is_empty() {
                    "无".to_string()
                } else {
                    restored.join("、")
                }
            ),
            (false, Lang::En) => format!(
                "its commit never landed; rolled back the uncommitted files ({}), the plan stays at {short}",
                if restored.is_empty() {
                    "none".to_string()
                } else {
                    restored.join(", ")
                }
            ),
        };
        let mut text = match self.lang() {
            Lang::Zh => format!(
                "已恢复被中断的写入（进程 {}，{}）：{what}；清理临时文件 {removed} 个。",
                j.pid, j.command
            ),
            Lang::En => format!(
                "recovered an interrupted write (process {}, {}): {what}; removed {removed} temporary file(s).",
                j.pid, j.command
            ),
        };
        if !kept.is_empty() {
            text.push_str(&match self.lang() {
                Lang::Zh => format!(" 以下文件在中断后又被修改，未动：{}", kept.join("、")),
                Lang::En => format!(" Left alone, changed after the crash: {}", kept.join(", ")),
            });
        }
        notes.push(text);
        Ok(notes)
    }

    /// Removes the temporary files a dead writer left; returns how many.
    fn remove_dead_temp_files(&self, j: &Journal, since: SystemTime) -> usize {
        let me = std::process::id();
        let dead = |pid: u32| pid != me && !process_alive(pid);
        let recent_or_stale = |p: &Path| mtime(p).is_some_and(|t| t >= since) || stale_unheld(p);
        let mut doomed: Vec<PathBuf> = Vec::new();
        let mut dirs: Vec<PathBuf> = j
            .paths
            .iter()
            .filter_map(|(p, _)| self.root.join(p).parent().map(Path::to_path_buf))
            .collect();
        dirs.sort();
        dirs.dedup();
        let list = |dir: &Path| -> Vec<(String, PathBuf)> {
            std::fs::read_dir(dir)
                .map(|it| {
                    it.filter_map(|e| e.ok())
                        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
                        .collect()
                })
                .unwrap_or_default()
        };
        for dir in &dirs {
            for (name, path) in list(dir) {
                if temp_owner(&name).is_some_and(dead) {
                    doomed.push(path);
                }
            }
        }
        let git = self.repo.path();
        doomed.extend(self.dead_git_temp_files(git, dead, recent_or_stale));
        let n = doomed.len();
        for p in doomed {
            if p.is_dir() {
                let _ = std::fs::remove_dir_all(p);
            } else {
                let _ = std::fs::remove_file(p);
            }
        }
        n
    }

    /// libgit2's temporary files in `.git` left by a dead writer.
    fn dead_git_temp_files(
        &self,
        git: &Path,
        dead: impl Fn(u32) -> bool,
        recent_or_stale: impl Fn(&Path) -> bool,
    ) -> Vec<PathBuf> {
        let mut out = Vec::new();
        let list = |dir: &Path| -> Vec<(String, PathBuf)> {
            std::fs::read_dir(dir)
                .map(|it| {
                    it.filter_map(|e| e.ok())
                        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
                        .collect()
                })
                .unwrap_or_default()
        };
        for (name, path) in list(git) {
            if let Some(rest) = name.strip_prefix("index.taskforce-") {
                let pid = rest.trim_end_matches(".lock");
                if pid.parse::<u32>().is_ok_and(&dead) {
                    out.push(path);
                }
            }
        }
        let pack = git.join("objects/pack");
        let files = list(&pack);
        for (name, path) in &files {
            let orphan = |own: &str, other: &str| {
                name.starts_with("pack-")
                    && name.ends_with(own)
                    && !pack.join(name.replace(own, other)).exists()
            };
            // A pack without its index (or the reverse) is left by a killed merge of packs, whose
            // files can be old; a running git only has one for the moment between two renames.
            let settled = mtime(path)
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > Duration::from_secs(2));
            if (name.starts_with("pack_git2_") && recent_or_stale(path))
                || ((orphan(".idx", ".pack") || orphan(".pack", ".idx"))
                    && (settled || recent_or_stale(path)))
            {
                out.push(path.clone());
            }
        }
        for (name, dir) in list(&git.join("objects")) {
            // The private folder of a dead writer's pack (see `NewPack`).
            if name
                .strip_prefix(super::git::PACK_FOLDER)
                .and_then(|pid| pid.parse::<u32>().ok())
                .is_some_and(&dead)
            {
                out.push(dir.clone());
                continue;
            }
            if name.len() == 2 && name.bytes().all(|b| b.is_ascii_hexdigit()) {
                for (f, path) in list(&dir) {
                    if f.starts_with("tmp_object") && recent_or_stale(&path) {
                        out.push(path);
                    }
                }
            }
        }
        let _ = durable::sync_dir(&pack);
        out
    }
}
