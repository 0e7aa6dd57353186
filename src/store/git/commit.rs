//! One commit per write: checks first, a journal naming every path, the files, the commit's
//! objects as one pack, the branch moved, then the index and a meeting's tag. What reaches the
//! disk when, and why that is enough, is said at [`Store::write_and_commit`]; the pack's own
//! steps at [`NewPack`].

use std::path::{Path, PathBuf};

use git2::{Oid, Repository, Signature};

use super::super::durable::{self, Round, Staged, failpoint};
use super::super::recover::{Journal, TagOp};
use super::fsync::{NoGitFsync, sync_ref};
use super::lock::command_name;
use super::objects::{Builder, NewObject, pack_and_index};
use super::{Error, FileChange, Identity, Result, Store, WriteLock, io_error, write_atomic};

/// How often a commit is retried when another git moved the branch meanwhile.
const REF_RETRIES: usize = 5;

impl Store {
    /// Makes the next [`Store::commit_files`] tag its commit (as part of the journaled write).
    pub(in crate::store) fn set_pending_tag(&self, name: &str, message: &str) {
        *self.pending_tag.borrow_mut() = Some(TagOp::Make(name.to_string(), message.to_string()));
    }

    /// Makes the next [`Store::commit_files`] remove a meeting tag (as part of the journaled
    /// write): the close it marked is being undone.
    pub(in crate::store) fn set_pending_untag(&self, name: &str) {
        *self.pending_tag.borrow_mut() = Some(TagOp::Remove(name.to_string()));
    }

    /// Refuses to rewrite a file that `check` rejects (a newer schema, an id that does not
    /// match its path, a link): the command would replace data it does not understand.
    fn ensure_writable(&self, change: &FileChange) -> Result<()> {
        let Some(current) = self.work_bytes(None, &change.path)? else {
            return Ok(());
        };
        let problems = super::super::load::file_problems(&change.path, &current);
        if problems.is_empty() {
            return Ok(());
        }
        Err(Error::Refused(match self.lang() {
            crate::model::Lang::Zh => format!(
                "{} 未通过检查，taskforce 不会改写它（先修正该文件，或用 `taskforce check` 查看）：\n{}",
                change.path,
                problems
                    .iter()
                    .map(|p| format!("  {}", p.words(crate::model::Lang::Zh)))
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
            crate::model::Lang::En => format!(
                "{} fails check, so taskforce will not rewrite it (fix the file first; see `taskforce check`):\n{}",
                change.path,
                problems
                    .iter()
                    .map(|p| format!("  {p}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        }))
    }

    /// Writes the files and records them as one commit on HEAD; the index follows.
    /// Files other than `changes` are left alone, staged or not.
    ///
    /// The commit's new objects (blobs, trees, commit) are collected in memory and written as
    /// one pack, flushed before the branch moves: two files to flush instead of one file and one
    /// folder per object. Small packs are merged from time to time so their number stays low.
    /// The flushes come in three rounds, each one batch of fsyncs issued at once; what each
    /// round covers and why the order suffices: [`Store::write_and_commit`].
    ///
    /// Once the branch points at the new commit the change is recorded: a later failure (the
    /// index, merging packs) is a warning in `lock.recovered`, and the next command repairs it.
    pub fn commit_files(
        &self,
        lock: &mut WriteLock,
        changes: &[FileChange],
        message: &str,
        author: &Identity,
    ) -> Result<Oid> {
        // A tag asked for this write only (never left for a later one).
        let tag = self.pending_tag.borrow_mut().take();
        // Everything that can be refused is checked before the first file is written.
        if let Some((field, at, c)) = author.bad_char() {
            return Err(super::super::Rejection::BadCommitter {
                email: field != "name",
                code: c as u32,
                at,
            }
            .into());
        }
        let sig = author.signature()?;
        let committer = author.signature_at("GIT_COMMITTER_DATE")?;
        for c in changes {
            self.ensure_writable(c)?;
        }
        lock.set_stage("commit");
        let held = self.index_lock().map_err(|e| self.explain_full_disk(e))?;
        let head_ref = self.repo.head()?;
        let branch = head_ref.name().unwrap_or("HEAD").to_string();
        let start = head_ref.peel_to_commit()?.id();
        let mut planned = Vec::new();
        for c in changes {
            let id = match &c.bytes {
                Some(b) => Some(Oid::hash_object(git2::ObjectType::Blob, b)?),
                None => None,
            };
            planned.push((c.path.clone(), id));
        }
        let journal = Journal {
            pid: std::process::id(),
            command: command_name().to_string(),
            head: start,
            branch: branch.clone(),
            paths: planned.clone(),
            tag,
        };
        if let Err(e) = journal.write(self.repo.path()) {
            // A journal not written means no file was touched; a torn one is ignored later.
            Journal::remove(self.repo.path());
            return Err(
                self.explain_full_disk(self.unwritable(&Journal::path(self.repo.path()), e))
            );
        }
        let mut written = Vec::new();
        let result = failpoint("journal")
            .map_err(io_error(&Journal::path(self.repo.path())))
            .and_then(|()| {
                self.write_and_commit(
                    changes,
                    message,
                    (&sig, &committer),
                    &branch,
                    start,
                    &mut written,
                )
            });
        // The files have changed (or been put back): what the write read is stale now.
        self.forget_reads();
        let oid = match result {
            Ok(oid) => oid,
            Err(e) => {
                // The branch did not move: put the files back as they were, so a failed write
                // leaves nothing behind that looks like a hand edit.
                let mut restored = true;
                for (path, old) in written.into_iter().rev() {
                    // A file the failure left as it was needs no write (nor disk space).
                    if durable::read_nofollow(&path).ok() == old {
                        continue;
                    }
                    let r = match old {
                        Some(bytes) => write_atomic(&path, &bytes),
                        None => std::fs::remove_file(&path).map_err(io_error(&path)),
                    };
                    restored &= r.is_ok();
                }
                if restored {
                    Journal::remove(self.repo.path());
                }
                return Err(self.explain_full_disk(e));
            }
        };
        lock.set_stage("index");
        let mut warnings = Vec::new();
        if let Err(e) = failpoint("ref") {
            warnings.push(io_error(&self.repo.path().join(&branch))(e).to_string());
        } else if let Err(e) = self.write_index(&held, &planned) {
            warnings.push(e.to_string());
        } else {
            let tagged = match &journal.tag {
                Some(TagOp::Remove(name)) => {
                    match self.repo.find_reference(&format!("refs/tags/{name}")) {
                        Ok(mut r) => r.delete().map_err(|e| format!("{name}: {}", e.message())),
                        Err(_) => Ok(()),
                    }
                }
                Some(TagOp::Make(name, message)) => self
                    .repo
                    .find_object(oid, None)
                    .and_then(|object| {
                        let sig = Signature::now(&author.name, &author.email)?;
                        self.repo.tag(name, &object, &sig, message, true)
                    })
                    .map(|_| ())
                    .map_err(|e| format!("{name}: {}", e.message())),
                None => Ok(()),
            };
            // Pack maintenance never runs on the write path: a detached `taskforce gc --auto`
            // merges small packs when there are many.
            super::super::gc::spawn_if_needed(self.repo.path());
            match tagged {
                // The journal stays: the next command makes the tag.
                Err(e) => warnings.push(e),
                Ok(()) => Journal::remove(self.repo.path()),
            }
        }
        drop(held);
        lock.set_stage("idle");
        if !warnings.is_empty() {
            let short = &oid.to_string()[..8];
            let text = match self.lang() {
                crate::model::Lang::Zh => format!(
                    "警告：修改已提交为 {short}，但之后的收尾失败：{}；下次运行任何命令时会自动补全。",
                    warnings.join("；")
                ),
                crate::model::Lang::En => format!(
                    "warning: the change is committed as {short}, but finishing up failed: {}; the next command completes it.",
                    warnings.join("; ")
                ),
            };
            lock.recovered = Some(match lock.recovered.take() {
                Some(n) => format!("{n}\n{text}"),
                None => text,
            });
        }
        Ok(oid)
    }

    /// Writes the files, stores the commit's objects as one pack and moves the branch from
    /// `start`. `written` records each file's previous bytes, for a rollback on failure.
    ///
    /// Three rounds of flushes (see [`Round`]), each waited for before the next step:
    /// 1. contents: the files' new bytes under their temporary names, and the commit's pack and
    ///    pack index in a private folder;
    /// 2. names: the files renamed into place and the pack moved into `objects/pack`, then their
    ///    folders flushed;
    /// 3. the branch: moved, then its file and folder flushed, and only then acknowledged.
    ///
    /// Why this order keeps the promises after a power loss: a name is only created after its
    /// content is on the disk (round 1 before 2), so no file of the work tree or pack of
    /// `objects/pack` is ever found empty or torn; the branch is only moved once every object
    /// it needs and the files are on the disk (2 before 3), so it never points at missing
    /// objects and an acknowledged commit always has its files; and nothing is acknowledged
    /// before round 3. The journal is not flushed: it guards against a killed process, whose
    /// writes the page cache keeps; a power loss before round 3 acknowledged nothing, and at
    /// worst leaves a work-tree file that differs from HEAD, which every write refuses to
    /// overwrite and `check` shows, so nothing is lost.
    #[allow(clippy::too_many_arguments)]
    fn write_and_commit(
        &self,
        changes: &[FileChange],
        message: &str,
        sigs: (&Signature<'_>, &Signature<'_>),
        branch: &str,
        start: Oid,
        written: &mut Vec<(PathBuf, Option<Vec<u8>>)>,
    ) -> Result<Oid> {
        let mut staged = Vec::new();
        let result =
            self.stage_and_commit(changes, message, sigs, branch, start, written, &mut staged);
        // The temporary files of a write that failed before its renames.
        for s in &staged {
            s.discard();
        }
        result
    }

    #[allow(clippy::too_many_arguments)]
    fn stage_and_commit(
        &self,
        changes: &[FileChange],
        message: &str,
        (sig, committer): (&Signature<'_>, &Signature<'_>),
        branch: &str,
        start: Oid,
        written: &mut Vec<(PathBuf, Option<Vec<u8>>)>,
        staged: &mut Vec<Staged>,
    ) -> Result<Oid> {
        let mut contents = Round::default();
        let mut names = Round::default();
        let mut olds = Vec::new();
        for c in changes {
            let full = self.root.join(&c.path);
            // As `ensure_writable` read it (each file is read once per write).
            let old = self.work_bytes(None, &c.path)?;
            if let Some(bytes) = &c.bytes {
                let s = Staged::write(&full, bytes)?;
                contents.add(&s.tmp);
                staged.push(s);
            }
            names.add_parent(&full);
            olds.push((full, old));
        }
        let mut parent = self.repo.find_commit(start)?;
        let mut placed = false;
        for attempt in 0.. {
            let (oid, pack) = self.store_commit(changes, message, (sig, committer), &parent)?;
            contents.add(&pack.tmp("pack"));
            contents.add(&pack.tmp("idx"));
            contents.flush()?;
            if !placed {
                let mut staged_files = staged.iter();
                for (c, (full, old)) in changes.iter().zip(olds.drain(..)) {
                    written.push((full.clone(), old));
                    match &c.bytes {
                        Some(_) => staged_files.next().expect("one per write").place()?,
                        None => match std::fs::remove_file(&full) {
                            Ok(()) => {}
                            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                            Err(e) => return Err(io_error(&full)(e)),
                        },
                    }
                }
                placed = true;
            }
            pack.place()?;
            names.add(&pack.dest);
            names.flush()?;
            self.ensure_on_disk(&pack.objects)?;
            drop(pack);
            let summary = message.lines().next().unwrap_or("");
            let reflog = format!("commit: {summary}");
            // Through a ref store made with libgit2's fsync off: the ref is flushed by
            // `sync_ref` below, reflogs are not (as with git's `core.fsync=committed`).
            let moved = self.with_unsynced_refs(|| {
                self.retry_locked(|| {
                    self.repo
                        .reference_matching(branch, oid, true, parent.id(), &reflog)
                        .map(|_| ())
                })
            })?;
            match moved {
                Ok(_) => {
                    // The branch has moved: the commit stands even if this flush fails (the
                    // error cannot undo it), as the branch's file is what counts.
                    let _ = sync_ref(self.repo.path(), branch);
                    return Ok(oid);
                }
                Err(Error::Git(e))
                    if e.code() == git2::ErrorCode::Modified && attempt < REF_RETRIES =>
                {
                    // Another git moved the branch: commit on top of it, unless it changed one
                    // of our files.
                    let now = self.repo.find_reference(branch)?.peel_to_commit()?;
                    let (old_tree, new_tree) = (parent.tree()?, now.tree()?);
                    for c in changes {
                        let at =
                            |t: &git2::Tree| t.get_path(Path::new(&c.path)).ok().map(|e| e.id());
                        if at(&old_tree) != at(&new_tree) {
                            return Err(Error::Refused(match self.lang() {
                                crate::model::Lang::Zh => format!(
                                    "{} 刚被另一个 git 提交修改，未写入任何内容；请重新运行命令。",
                                    c.path
                                ),
                                crate::model::Lang::En => format!(
                                    "{} was just changed by another git commit; nothing was written, run the command again",
                                    c.path
                                ),
                            }));
                        }
                    }
                    parent = now;
                }
                // An error after the branch moved (the reflog, say) does not undo the commit:
                // what counts is where the branch points.
                Err(_)
                    if Repository::open(self.repo.path())
                        .and_then(|r| r.refname_to_id(branch))
                        .is_ok_and(|id| id == oid) =>
                {
                    return Ok(oid);
                }
                Err(e) => return Err(e),
            }
        }
        unreachable!("the loop returns")
    }

    /// Builds the commit of `changes` on `parent` and stores its new objects as one pack in a
    /// private folder (not flushed, not yet visible to git: see [`NewPack`]).
    fn store_commit(
        &self,
        changes: &[FileChange],
        message: &str,
        (sig, committer): (&Signature<'_>, &Signature<'_>),
        parent: &git2::Commit<'_>,
    ) -> Result<(Oid, NewPack)> {
        // The new objects: the blobs, every tree along the changed paths, and the commit.
        let mut objects = Builder::new(&self.repo)?;
        let mut edits = Vec::with_capacity(changes.len());
        for c in changes {
            let blob = match &c.bytes {
                Some(bytes) => Some(objects.blob(bytes)?),
                None => None,
            };
            edits.push((c.path.as_str(), blob));
        }
        let tree_id = match objects.tree(Some(parent.tree_id()), &edits)? {
            Some(id) => id,
            // Every file removed: the empty tree.
            None => objects.empty_tree()?,
        };
        let oid = objects.commit(tree_id, parent.id(), sig, committer, message)?;
        failpoint("objects").map_err(io_error(self.repo.path()))?;
        let pack = NewPack::write(self.repo.path(), &objects.objects)?;
        Ok((oid, pack))
    }

    /// Runs `f` with the repository's ref store replaced by one made with libgit2's fsync off
    /// (its ref store keeps the setting it was made with), then puts the usual one back.
    fn with_unsynced_refs<T>(&self, f: impl FnOnce() -> T) -> Result<T> {
        use git2::Binding as _;
        let usual = self.repo.refdb()?;
        let unsynced = {
            let _off = NoGitFsync::new();
            let mut raw = std::ptr::null_mut();
            // SAFETY: a valid repository; on success `raw` is a new refdb we own, freed by the
            // `Refdb` wrapper.
            let rc = unsafe { libgit2_sys::git_refdb_open(&mut raw, self.repo.raw()) };
            if rc < 0 {
                return Err(git2::Error::last_error(rc).into());
            }
            // SAFETY: `raw` was just opened and is owned by this wrapper only.
            unsafe { git2::Refdb::from_raw(raw) }
        };
        self.repo.set_refdb(&unsynced)?;
        let out = f();
        self.repo.set_refdb(&usual)?;
        Ok(out)
    }

    /// Never move the branch to a commit whose objects did not reach the disk: ask the store's
    /// own object database, which does not see the in-memory objects.
    fn ensure_on_disk(&self, objects: &[Oid]) -> Result<()> {
        let disk = self.repo.odb()?;
        if objects.iter().all(|id| disk.exists(*id)) {
            return Ok(());
        }
        let pack = self.repo.path().join("objects/pack");
        Err(Error::Refused(match self.lang() {
            crate::model::Lang::Zh => {
                format!("新对象未能存入 {}，未提交任何内容", pack.display())
            }
            crate::model::Lang::En => format!(
                "the new objects could not be stored in {}; nothing was committed",
                pack.display()
            ),
        }))
    }

    /// The first commit: the bundled plan as written by `init`.
    pub(in crate::store) fn initial_commit(&self) -> Result<Oid> {
        let mut index = self.repo.index()?;
        index.add_all(["*"].iter(), git2::IndexAddOption::DEFAULT, None)?;
        index.write()?;
        let tree = self.repo.find_tree(index.write_tree()?)?;
        // The bundled plan is imported by the tool, not changed by a person: a fixed author
        // keeps the first commit the same on every machine.
        let who = Identity {
            name: "taskforce".into(),
            email: "taskforce@localhost".into(),
        };
        let sig = who.signature()?;
        let message = "初始化：温州市基本公共服务一体化改革实施方案(2025-2027年)\n\nThe bundled plan: 9 actions, their measures, 24 indicators and the unit roster.\n";
        Ok(self
            .repo
            .commit(Some("HEAD"), &sig, &sig, message, &tree, &[])?)
    }
}

/// A commit's pack and its index (built in memory, see `objects.rs`), written into a private
/// folder (`objects/taskforce-pack-PID`, on the same filesystem as `objects/pack`) and not
/// flushed: the caller flushes both files in its contents round, then [`NewPack::place`]
/// renames them into `objects/pack` (the pack first, then the index that makes git see it, as
/// git does). The folder is removed when dropped; one left by a killed writer is removed by the
/// next command's recovery.
pub(in crate::store) struct NewPack {
    folder: PathBuf,
    name: String,
    dest: PathBuf,
    /// The objects the pack holds.
    objects: Vec<Oid>,
}

/// The private folder a pack is written in before it is moved into `objects/pack`.
pub(in crate::store) fn pack_folder(git_dir: &Path, pid: u32) -> PathBuf {
    git_dir.join(format!("objects/{PACK_FOLDER}{pid}"))
}

/// The name of [`pack_folder`] before its process id.
pub(in crate::store) const PACK_FOLDER: &str = "taskforce-pack-";

impl NewPack {
    fn write(git_dir: &Path, objects: &[NewObject<'_>]) -> Result<NewPack> {
        use std::io::Write as _;
        let folder = pack_folder(git_dir, std::process::id());
        // Only a dead process of the same id can have left one.
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(&folder).map_err(io_error(&folder))?;
        let (pack, idx, name) = pack_and_index(objects)?;
        let new = NewPack {
            folder,
            name,
            dest: git_dir.join("objects/pack"),
            objects: objects.iter().map(|o| o.id).collect(),
        };
        // Written, not flushed: the caller's contents round flushes both.
        let write = |ext: &str, bytes: &[u8]| -> Result<()> {
            let path = new.tmp(ext);
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
                .and_then(|mut f| f.write_all(bytes))
                .map_err(io_error(&path))
        };
        write("pack", &pack)?;
        failpoint("pack").map_err(io_error(&new.dest))?;
        write("idx", &idx)?;
        Ok(new)
    }

    /// The file with extension `ext` in the private folder.
    fn tmp(&self, ext: &str) -> PathBuf {
        self.folder.join(format!("pack-{}.{ext}", self.name))
    }

    /// Moves the (flushed) pack, then its index, into `objects/pack`.
    fn place(&self) -> Result<()> {
        for ext in ["pack", "idx"] {
            let to = self.dest.join(format!("pack-{}.{ext}", self.name));
            std::fs::rename(self.tmp(ext), &to).map_err(io_error(&to))?;
        }
        Ok(())
    }
}

impl Drop for NewPack {
    fn drop(&mut self) {
        // Empty once its files are placed; else (a failed write) remove what is left.
        if std::fs::remove_dir(&self.folder).is_err() {
            let _ = std::fs::remove_dir_all(&self.folder);
        }
    }
}
