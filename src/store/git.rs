//! Git plumbing: durable writes, the writer lock, one commit per change, typed trailers.
//!
//! A write runs under two locks: the writer lock (`.git/taskforce.lock`, between taskforce
//! processes) and git's own `.git/index.lock` (against a plain `git add` or `git commit`), which
//! this process creates with its pid inside, so a lock a killed writer left is provably its own.
//! Before the first file is written, a journal (`.git/taskforce-journal`) names the paths, the
//! bytes they will get and the HEAD the write started from; the next command that takes the
//! writer lock finishes or rolls back whatever a killed writer left (see `recover.rs`).

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Once;
use std::time::{Duration, Instant};

use git2::{Oid, Repository, Signature};

use super::durable::{self, failpoint, process_alive, sync, sync_dir};
use super::recover::Journal;
use super::{Error, Result, Store, io_error};

pub use super::durable::write_atomic;

/// Makes libgit2 fsync objects, refs and the index; git2 has no switch for it.
pub fn enable_fsync() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        if !durable::fsync_on() {
            return;
        }
        // SAFETY: git_libgit2_opts is variadic; this option takes one int and is set before any
        // repository is opened by this process.
        unsafe {
            libgit2_sys::init();
            libgit2_sys::git_libgit2_opts(
                libgit2_sys::GIT_OPT_ENABLE_FSYNC_GITDIR as std::ffi::c_int,
                1 as std::ffi::c_int,
            );
        }
    });
}

/// Turns libgit2's own fsync off until dropped, for writes `core.fsync=committed` does not
/// cover (reflogs, the index); the ref itself is then synced by [`sync_ref`].
struct NoGitFsync;

impl NoGitFsync {
    fn new() -> NoGitFsync {
        libgit2_fsync(false);
        NoGitFsync
    }
}

impl Drop for NoGitFsync {
    fn drop(&mut self) {
        libgit2_fsync(true);
    }
}

fn libgit2_fsync(on: bool) {
    enable_fsync();
    if !durable::fsync_on() {
        return;
    }
    // SAFETY: as in enable_fsync; the option is a process-wide int read at each write.
    unsafe {
        libgit2_sys::git_libgit2_opts(
            libgit2_sys::GIT_OPT_ENABLE_FSYNC_GITDIR as std::ffi::c_int,
            std::ffi::c_int::from(on),
        );
    }
}

/// Flushes a loose ref and its folder: what git's `core.fsync=committed` does for a ref.
fn sync_ref(git_dir: &Path, name: &str) -> std::io::Result<()> {
    let path = git_dir.join(name);
    match File::open(&path) {
        Ok(f) => sync(&f)?,
        // A packed ref: libgit2 wrote packed-refs (synced with its folder below).
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            sync(&File::open(git_dir.join("packed-refs"))?)?;
            return sync_dir(git_dir);
        }
        Err(e) => return Err(e),
    }
    sync_dir(path.parent().unwrap_or(git_dir))
}

/// Who a commit is by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub name: String,
    pub email: String,
}

impl Identity {
    /// Parses `Name <mail>`.
    pub fn parse(text: &str) -> Option<Identity> {
        let (name, rest) = text.split_once('<')?;
        let email = rest.strip_suffix('>')?.trim();
        let name = name.trim();
        (!name.is_empty() && !email.is_empty()).then(|| Identity {
            name: name.to_string(),
            email: email.to_string(),
        })
    }

    /// The repository's identity, then the global one.
    pub fn from_repo(repo: &Repository) -> Option<Identity> {
        let sig = repo.signature().ok()?;
        Some(Identity {
            name: sig.name().ok()?.to_string(),
            email: sig.email().ok()?.to_string(),
        })
    }

    /// The first character that may not appear in a name or mail (controls, bidi marks,
    /// invisible characters, line separators, `<` and `>`), with its position from 1.
    pub fn bad_char(&self) -> Option<(&'static str, usize, char)> {
        for (field, text) in [("name", &self.name), ("email", &self.email)] {
            if let Some((i, c)) = text.chars().enumerate().find(|&(_, c)| {
                c == '\n' || c == '<' || c == '>' || !super::codec::is_allowed_char(c)
            }) {
                return Some((field, i + 1, c));
            }
        }
        None
    }

    fn signature(&self) -> Result<Signature<'static>> {
        self.signature_at("GIT_AUTHOR_DATE")
    }

    /// A signature dated now, or at the date in `var` (`GIT_AUTHOR_DATE`, `GIT_COMMITTER_DATE`)
    /// as git allows, for importing a ledger kept elsewhere with its real dates.
    pub(super) fn signature_at(&self, var: &str) -> Result<Signature<'static>> {
        let Some(text) = std::env::var(var).ok().filter(|v| !v.trim().is_empty()) else {
            return Ok(Signature::now(&self.name, &self.email)?);
        };
        let time = chrono::DateTime::parse_from_str(text.trim(), "%Y-%m-%d %H:%M:%S %z")
            .or_else(|_| chrono::DateTime::parse_from_rfc3339(text.trim()))
            .map_err(|_| {
                super::Error::from(super::Rejection::BadEnvDate {
                    var: var.to_string(),
                    value: text.clone(),
                })
            })?;
        let when = git2::Time::new(time.timestamp(), time.offset().local_minus_utc() / 60);
        Ok(Signature::new(&self.name, &self.email, &when)?)
    }
}

/// A change to one file: new bytes, or `None` to delete it.
#[derive(Debug, Clone)]
pub struct FileChange {
    pub path: String,
    pub bytes: Option<Vec<u8>>,
}

/// Held while a writer reads, writes and commits; a second writer waits for it.
pub struct WriteLock {
    file: File,
    /// Set when something a killed process left was cleaned up (also told as a notice).
    pub recovered: Option<String>,
}

impl Drop for WriteLock {
    fn drop(&mut self) {
        self.set_stage("idle");
        let _ = self.file.unlock();
    }
}

/// How long a command waits for another writer (taskforce or git) before saying it is busy.
pub const LOCK_WAIT: Duration = Duration::from_secs(2);
/// A git lock file older than this, that no running process holds open, is stale.
pub const STALE_LOCK_AGE: Duration = Duration::from_secs(600);
/// Size of the stage record in `.git/taskforce.lock`.
const STAGE_RECORD: usize = 96;
/// How often a commit is retried when another git moved the branch meanwhile.
const REF_RETRIES: usize = 5;

/// The subcommand this process runs, for the writer-lock record (`set`, `meeting`, `tui`).
pub fn set_command_name(name: &str) {
    let _ = COMMAND.set(
        name.chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .take(24)
            .collect(),
    );
}

static COMMAND: std::sync::OnceLock<String> = std::sync::OnceLock::new();

fn command_name() -> &'static str {
    COMMAND.get().map(String::as_str).unwrap_or("taskforce")
}

impl WriteLock {
    /// Records what this writer is doing, for recovery if it is killed. One fixed-size write
    /// at offset 0: never a truncated or half-written record (the file is never shortened,
    /// so no stale bytes or holes can precede it).
    fn set_stage(&mut self, stage: &str) {
        use std::os::unix::fs::FileExt;
        let mut record = format!(
            "pid={} cmd={} stage={stage}",
            std::process::id(),
            command_name()
        )
        .into_bytes();
        record.resize(STAGE_RECORD - 1, b' ');
        record.push(b'\n');
        let _ = self.file.write_all_at(&record, 0);
    }
}

/// Git's `.git/index.lock`, created by this process with its pid inside; removed on drop.
pub(super) struct IndexLock {
    path: PathBuf,
}

impl Drop for IndexLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// The content of an index lock this tool creates: `taskforce pid=1234`.
pub(super) fn index_lock_owner(bytes: &[u8]) -> Option<u32> {
    std::str::from_utf8(bytes)
        .ok()?
        .strip_prefix("taskforce pid=")?
        .trim()
        .parse()
        .ok()
}

/// Whether a lock file is older than the stale bound and no running process has it open.
pub(super) fn stale_unheld(path: &Path) -> bool {
    let old = std::fs::symlink_metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > STALE_LOCK_AGE);
    old && !durable::held_open(path)
}

impl Store {
    /// A text in the store's language.
    pub(super) fn t(&self, zh: &str, en: &str) -> String {
        self.lang().pick(zh, en).to_string()
    }

    /// Takes the writer lock (`.git/taskforce.lock`), waiting up to two seconds for another
    /// writer, then finishes or rolls back whatever a killed writer left.
    pub fn lock(&self) -> Result<WriteLock> {
        self.lock_waiting(LOCK_WAIT)
    }

    /// [`Store::lock`] with a chosen wait (zero: only if no other writer holds it).
    pub(super) fn lock_waiting(&self, wait: Duration) -> Result<WriteLock> {
        let path = self.repo.path().join("taskforce.lock");
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| self.unwritable(&path, e))?;
        let start = Instant::now();
        // Every wait of this command (the writer lock, git's locks) ends by one deadline.
        self.deadline
            .set(Some(start + wait.max(Duration::from_millis(200))));
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < wait => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    let record = std::fs::read_to_string(&path).unwrap_or_default();
                    let field = |k: &str| {
                        record
                            .split_whitespace()
                            .find_map(|w| w.strip_prefix(k))
                            .unwrap_or("?")
                            .to_string()
                    };
                    let (pid, cmd) = (field("pid="), field("cmd="));
                    return Err(Error::Locked(match self.lang() {
                        crate::model::Lang::Zh => format!(
                            "计划仓库正忙：taskforce 进程 {pid}（{cmd}）正在写入，已等待{}秒；nothing was written，请稍后重试。",
                            LOCK_WAIT.as_secs()
                        )
                        .replace("nothing was written，", "未写入任何内容，"),
                        crate::model::Lang::En => format!(
                            "the plan repository is busy: taskforce process {pid} ({cmd}) is writing; waited {}s, nothing was written; try again",
                            LOCK_WAIT.as_secs()
                        ),
                    }));
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(io_error(&path)(e)),
            }
        }
        let mut lock = WriteLock {
            file,
            recovered: None,
        };
        lock.set_stage("locked");
        for note in self.recover_locked()? {
            self.notice(note);
        }
        Ok(lock)
    }

    /// An error for a file of `.git` that cannot be written (a read-only repository).
    pub(super) fn unwritable(&self, path: &Path, e: std::io::Error) -> Error {
        if matches!(
            e.kind(),
            std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
        ) {
            Error::Refused(match self.lang() {
                crate::model::Lang::Zh => format!(
                    "无法写入 {}（{e}）：仓库是只读的，未写入任何内容。",
                    path.display()
                ),
                crate::model::Lang::En => format!(
                    "cannot write {} ({e}): the repository is read-only; nothing was written",
                    path.display()
                ),
            })
        } else {
            io_error(path)(e)
        }
    }

    /// A full disk said plainly: nothing was committed, and what to do.
    fn explain_full_disk(&self, e: Error) -> Error {
        let full = match &e {
            Error::Io { source, .. } => source.kind() == std::io::ErrorKind::StorageFull,
            Error::Git(g) => g.message().contains("No space left"),
            _ => false,
        };
        if !full {
            return e;
        }
        Error::Refused(match self.lang() {
            crate::model::Lang::Zh => {
                format!("磁盘空间不足（{e}）：未提交任何内容，文件已复原；腾出空间后重试。")
            }
            crate::model::Lang::En => format!(
                "the disk is full ({e}): nothing was committed and the files are as they were; free some space and try again"
            ),
        })
    }

    /// When this command's waits end: two seconds after it started waiting for the writer lock
    /// (at least a moment from now, so a lock taken at the last instant can still be used).
    fn wait_deadline(&self) -> Instant {
        let soon = Instant::now() + Duration::from_millis(100);
        self.deadline
            .get()
            .map_or(Instant::now() + LOCK_WAIT, |d| d.max(soon))
    }

    /// Makes the next [`Store::commit_files`] tag its commit (as part of the journaled write).
    pub(super) fn set_pending_tag(&self, name: &str, message: &str) {
        *self.pending_tag.borrow_mut() = Some((name.to_string(), message.to_string()));
    }

    /// Takes git's `.git/index.lock`, waiting up to two seconds for a running git. A lock left
    /// by a killed taskforce (its pid inside) or older than ten minutes and held by no process
    /// is removed, with a notice.
    pub(super) fn index_lock(&self) -> Result<IndexLock> {
        let path = self.repo.path().join("index.lock");
        // The lock appears with its content at once: a hard link of a file already written,
        // which fails like an exclusive create when the lock exists. A kill can then never
        // leave an empty lock that nobody could prove is ours.
        let mine = self
            .repo
            .path()
            .join(format!("taskforce-index-lock.{}", std::process::id()));
        std::fs::write(&mine, format!("taskforce pid={}\n", std::process::id()))
            .map_err(|e| self.unwritable(&mine, e))?;
        let deadline = self.wait_deadline();
        loop {
            match std::fs::hard_link(&mine, &path) {
                Ok(()) => {
                    let _ = std::fs::remove_file(&mine);
                    return Ok(IndexLock { path });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    if self.remove_stale_git_lock(&path)? {
                        continue;
                    }
                    if Instant::now() >= deadline {
                        let _ = std::fs::remove_file(&mine);
                        return Err(Error::Locked(match self.lang() {
                            crate::model::Lang::Zh => format!(
                                "{} 存在：另一个 git 进程正在使用仓库，已等待{}秒，未写入任何内容。git 命令结束后请重试；若没有 git 在运行，该文件会在十分钟后自动清除。",
                                path.display(),
                                LOCK_WAIT.as_secs()
                            ),
                            crate::model::Lang::En => format!(
                                "{} exists: another git process is using the repository; waited {}s, nothing was written. Try again when it is done; if no git is running, the file is removed automatically after ten minutes.",
                                path.display(),
                                LOCK_WAIT.as_secs()
                            ),
                        }));
                    }
                    std::thread::sleep(Duration::from_millis(10));
                }
                Err(e) => {
                    let _ = std::fs::remove_file(&mine);
                    return Err(self.unwritable(&path, e));
                }
            }
        }
    }

    /// Removes a git lock file that provably belongs to a dead taskforce process, or that is
    /// older than ten minutes with no process holding it; says so in a notice.
    pub(super) fn remove_stale_git_lock(&self, path: &Path) -> Result<bool> {
        let bytes = std::fs::read(path).unwrap_or_default();
        let reason = match index_lock_owner(&bytes) {
            Some(pid) if !process_alive(pid) && pid != std::process::id() => {
                Some(match self.lang() {
                    crate::model::Lang::Zh => format!("被终止的 taskforce 进程 {pid} 留下"),
                    crate::model::Lang::En => {
                        format!("left by taskforce process {pid}, which was killed")
                    }
                })
            }
            Some(_) => None,
            None if stale_unheld(path) => Some(self.t(
                "超过十分钟且没有进程持有",
                "older than ten minutes and held by no process",
            )),
            None => None,
        };
        let Some(reason) = reason else {
            return Ok(false);
        };
        match std::fs::remove_file(path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(true),
            Err(e) => return Err(self.unwritable(path, e)),
        }
        let text = match self.lang() {
            crate::model::Lang::Zh => {
                format!("已删除过期的锁文件 {}（{reason}）。", path.display())
            }
            crate::model::Lang::En => {
                format!("removed the stale lock file {} ({reason}).", path.display())
            }
        };
        self.notice(text);
        Ok(true)
    }

    /// The bytes of `path` at HEAD, or `None` when it does not exist there.
    pub fn head_bytes(&self, path: &str) -> Result<Option<Vec<u8>>> {
        let head = self.repo.head()?.peel_to_tree()?;
        match head.get_path(Path::new(path)) {
            Ok(entry) => Ok(Some(self.repo.find_blob(entry.id())?.content().to_vec())),
            Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// The blob id of the work-tree file `path` (never through a link), `None` when missing.
    pub(super) fn tree_oid(&self, path: &str) -> Result<Option<Oid>> {
        durable::check_inside(&self.root, path, self.lang())?;
        let full = self.root.join(path);
        match durable::read_nofollow(&full) {
            Ok(bytes) => Ok(Some(Oid::hash_object(git2::ObjectType::Blob, &bytes)?)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io_error(&full)(e)),
        }
    }

    /// Refuses when the work tree's `path` differs from HEAD (a hand edit or a half-finished
    /// change): writing it would lose that edit. An index entry that is merely stale (the work
    /// tree equals HEAD, as a plain `git commit` beside a writer can leave it) is not an edit:
    /// the write puts the index right.
    pub fn ensure_clean(&self, path: &str) -> Result<()> {
        // Compare object ids directly: cheaper than a status scan, and exact.
        let head = self.repo.head()?.peel_to_tree()?;
        let in_head = head.get_path(Path::new(path)).ok().map(|e| e.id());
        let in_tree = self.tree_oid(path)?;
        let mut index = self.repo.index()?;
        index.read(false)?;
        let in_index = index.get_path(Path::new(path), 0).map(|e| e.id);
        if in_head == in_tree {
            return Ok(());
        }
        // A checkout with CRLF line ends (core.autocrlf, an eol=crlf attribute) of the
        // committed LF file is not an edit.
        if let Ok(bytes) = durable::read_nofollow(&self.root.join(path))
            && super::codec::has_crlf(&bytes)
        {
            let text = String::from_utf8_lossy(&bytes).replace("\r\n", "\n");
            if Some(Oid::hash_object(git2::ObjectType::Blob, text.as_bytes())?) == in_head {
                return Ok(());
            }
        }
        let staged = in_index != in_head;
        Err(Error::Refused(match self.lang() {
            crate::model::Lang::Zh => format!(
                "{path} 有未提交的{}修改（手工编辑？），未写入任何内容。\n\
                 用 `taskforce commit -m 说明` 记录这些修改，或用 `git restore --source=HEAD --staged --worktree {path}` 放弃它们（恢复为最近一次提交的内容）。",
                if staged { "已暂存" } else { "" }
            ),
            crate::model::Lang::En => format!(
                "{path} has {}changes that are not committed (edited by hand?); nothing was written.\n\
                 Record them with `taskforce commit -m MESSAGE`, or discard them with `git restore --source=HEAD --staged --worktree {path}` (back to the last commit).",
                if staged { "staged " } else { "" }
            ),
        }))
    }

    /// Sets index entries under a held [`IndexLock`]: `Some(id)` from the work-tree file's
    /// metadata, `None` removes the entry. The new index is written beside, synced, and renamed
    /// over `.git/index`, as git itself does while it holds `index.lock`.
    pub(super) fn write_index(
        &self,
        _held: &IndexLock,
        entries: &[(String, Option<Oid>)],
    ) -> Result<()> {
        use std::os::unix::fs::MetadataExt as _;
        let git = self.repo.path();
        let index_path = git.join("index");
        let tmp = git.join(format!("index.taskforce-{}", std::process::id()));
        let _ = std::fs::remove_file(&tmp);
        let _ = std::fs::remove_file(
            tmp.with_extension(format!("taskforce-{}.lock", std::process::id())),
        );
        match std::fs::copy(&index_path, &tmp) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(self.unwritable(&tmp, e)),
        }
        let result = (|| -> Result<()> {
            let mut index = git2::Index::open(&tmp)?;
            for (path, id) in entries {
                match id {
                    Some(id) => {
                        let full = self.root.join(path);
                        let md = std::fs::symlink_metadata(&full).map_err(io_error(&full))?;
                        let time = |s: i64, ns: i64| git2::IndexTime::new(s as i32, ns as u32);
                        index.add(&git2::IndexEntry {
                            ctime: time(md.ctime(), md.ctime_nsec()),
                            mtime: time(md.mtime(), md.mtime_nsec()),
                            dev: md.dev() as u32,
                            ino: md.ino() as u32,
                            mode: 0o100644,
                            uid: md.uid(),
                            gid: md.gid(),
                            file_size: md.size() as u32,
                            id: *id,
                            flags: path.len().min(0xfff) as u16,
                            flags_extended: 0,
                            path: path.as_bytes().to_vec(),
                        })?;
                    }
                    None => {
                        let _ = index.remove(Path::new(path), 0);
                    }
                }
            }
            {
                // The index is derived from HEAD and the files: like git with
                // `core.fsync=committed`, it is not flushed (a stale one after a power loss
                // shows as a staged change and is rebuilt by `git reset`).
                let _off = NoGitFsync::new();
                index.write()?;
            }
            failpoint("index").map_err(io_error(&index_path))?;
            std::fs::rename(&tmp, &index_path).map_err(|e| self.unwritable(&index_path, e))?;
            Ok(())
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        // The store's own view of the index follows the file.
        if let Ok(mut index) = self.repo.index() {
            let _ = index.read(true);
        }
        result
    }

    /// Refuses to rewrite a file that `check` rejects (a newer schema, an id that does not
    /// match its path, a link): the command would replace data it does not understand.
    fn ensure_writable(&self, change: &FileChange) -> Result<()> {
        durable::check_inside(&self.root, &change.path, self.lang())?;
        let full = self.root.join(&change.path);
        let current = match durable::read_nofollow(&full) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(io_error(&full)(e)),
        };
        let problems = super::load::file_problems(&change.path, &current);
        if problems.is_empty() {
            return Ok(());
        }
        Err(Error::Refused(match self.lang() {
            crate::model::Lang::Zh => format!(
                "{} 未通过检查，taskforce 不会改写它（先修正该文件，或用 `taskforce check` 查看）：\n{}",
                change.path,
                problems
                    .iter()
                    .map(|p| format!("  {p}"))
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
    /// one pack, fsynced before the branch moves: two files to sync instead of one file and one
    /// folder per object. Small packs are merged from time to time so their number stays low.
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
            return Err(super::Rejection::BadCommitter {
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
        let repo = Repository::open(self.repo.path())?;
        let head_ref = repo.head()?;
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
                    &repo,
                    changes,
                    message,
                    (&sig, &committer),
                    &branch,
                    start,
                    &mut written,
                )
            });
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
                Some((name, message)) => self
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
            super::gc::spawn_if_needed(self.repo.path());
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
    #[allow(clippy::too_many_arguments)]
    fn write_and_commit(
        &self,
        repo: &Repository,
        changes: &[FileChange],
        message: &str,
        (sig, committer): (&Signature<'_>, &Signature<'_>),
        branch: &str,
        start: Oid,
        written: &mut Vec<(PathBuf, Option<Vec<u8>>)>,
    ) -> Result<Oid> {
        for c in changes {
            let full = self.root.join(&c.path);
            let old = match durable::read_nofollow(&full) {
                Ok(b) => Some(b),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(e) => return Err(io_error(&full)(e)),
            };
            written.push((full.clone(), old));
            match &c.bytes {
                Some(bytes) => write_atomic(&full, bytes)?,
                None => match std::fs::remove_file(&full) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(io_error(&full)(e)),
                },
            }
        }
        let mut parent = repo.find_commit(start)?;
        for attempt in 0.. {
            let oid = self.store_commit(repo, changes, message, (sig, committer), &parent)?;
            let summary = message.lines().next().unwrap_or("");
            let reflog = format!("commit: {summary}");
            let moved = {
                // Reflogs are not flushed (as with git's `core.fsync=committed`); the ref is.
                // libgit2 reads the switch when a repository's ref store opens: a fresh one.
                let _off = NoGitFsync::new();
                let refs = Repository::open(self.repo.path())?;
                self.retry_locked(|| {
                    refs.reference_matching(branch, oid, true, parent.id(), &reflog)
                        .map(|_| ())
                })
            };
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
                    let now = repo.find_reference(branch)?.peel_to_commit()?;
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

    /// Builds the commit of `changes` on `parent` and stores its new objects as one pack.
    fn store_commit(
        &self,
        repo: &Repository,
        changes: &[FileChange],
        message: &str,
        (sig, committer): (&Signature<'_>, &Signature<'_>),
        parent: &git2::Commit<'_>,
    ) -> Result<Oid> {
        let odb = repo.odb()?;
        let mempack = odb.add_new_mempack_backend(1000)?;
        let mut update = git2::build::TreeUpdateBuilder::new();
        for c in changes {
            match &c.bytes {
                Some(bytes) => {
                    let blob = repo.blob(bytes)?;
                    update.upsert(&c.path, blob, git2::FileMode::Blob);
                }
                None => {
                    update.remove(&c.path);
                }
            }
        }
        let tree_id = update.create_updated(repo, &parent.tree()?)?;
        let tree = repo.find_tree(tree_id)?;
        let oid = repo.commit(None, sig, committer, message, &tree, &[parent])?;
        failpoint("objects").map_err(io_error(self.repo.path()))?;
        // The new objects: the blobs, every tree along the changed paths, and the commit.
        // (Mempack::dump would pack the commit's whole snapshot.)
        let mut builder = repo.packbuilder()?;
        builder.set_threads(1);
        let mut new_objects = vec![oid, tree_id];
        for c in changes {
            let mut prefix = String::new();
            let parts: Vec<&str> = c.path.split('/').collect();
            for (i, part) in parts.iter().enumerate() {
                if !prefix.is_empty() {
                    prefix.push('/');
                }
                prefix.push_str(part);
                if let Ok(entry) = tree.get_path(Path::new(&prefix))
                    && (i + 1 < parts.len() || c.bytes.is_some())
                {
                    new_objects.push(entry.id());
                }
            }
        }
        new_objects.sort();
        new_objects.dedup();
        for id in &new_objects {
            builder.insert_object(*id, None)?;
        }
        let mut pack = git2::Buf::new();
        builder.write_buf(&mut pack)?;
        {
            use std::io::Write as _;
            let mut writer = odb.packwriter()?;
            writer
                .write_all(&pack)
                .map_err(io_error(self.repo.path()))?;
            failpoint("pack").map_err(io_error(&self.repo.path().join("objects/pack")))?;
            writer.commit()?;
        }
        mempack.reset()?;
        // Never move the branch to a commit whose objects did not reach the disk: ask the
        // store's own object database, which does not see the in-memory objects.
        let disk = self.repo.odb()?;
        if new_objects.iter().any(|id| !disk.exists(*id)) {
            return Err(Error::Refused(format!(
                "the new objects could not be stored in {}; nothing was committed",
                self.repo.path().join("objects/pack").display()
            )));
        }
        Ok(oid)
    }

    /// Commits `files` with `message` and reports it as an [`Outcome`](super::Outcome).
    pub(super) fn record(
        &self,
        lock: &mut WriteLock,
        files: &[FileChange],
        message: &str,
        summary: String,
        changes: Vec<super::FieldChange>,
        author: &Identity,
    ) -> Result<super::Outcome> {
        let commit = self.commit_files(lock, files, message, author)?;
        Ok(super::Outcome::Committed {
            commit: commit.to_string(),
            summary,
            changes,
            note: self.take_note(lock),
        })
    }

    fn retry_locked<T>(&self, mut op: impl FnMut() -> Result<T, git2::Error>) -> Result<T> {
        let deadline = self.wait_deadline();
        loop {
            match op() {
                Err(e) if e.code() == git2::ErrorCode::Locked && Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(10));
                }
                Err(e) if e.code() == git2::ErrorCode::Locked => {
                    return Err(Error::Locked(match self.lang() {
                        crate::model::Lang::Zh => format!(
                            "仓库被另一个 git 进程锁定（{}），已等待{}秒，未提交任何内容；请稍后重试。",
                            e.message(),
                            LOCK_WAIT.as_secs()
                        ),
                        crate::model::Lang::En => format!(
                            "the repository is locked by another git process ({}); waited {}s, nothing was committed, try again",
                            e.message(),
                            LOCK_WAIT.as_secs()
                        ),
                    }));
                }
                other => return Ok(other?),
            }
        }
    }

    /// The first commit: the bundled plan as written by `init`.
    pub(super) fn initial_commit(&self) -> Result<Oid> {
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
