//! The writer lock (`.git/taskforce.lock`, between taskforce processes), git's own
//! `.git/index.lock` (against a plain git), stale locks a killed writer left, and the one
//! deadline every wait of a command ends by.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::super::durable::{self, process_alive};
use super::{Error, Result, Store, io_error};

/// Held while a writer reads, writes and commits; a second writer waits for it.
pub struct WriteLock {
    pub(super) file: File,
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

pub(super) fn command_name() -> &'static str {
    COMMAND.get().map(String::as_str).unwrap_or("taskforce")
}

impl WriteLock {
    /// Records what this writer is doing, for recovery if it is killed. One fixed-size write
    /// at offset 0: never a truncated or half-written record (the file is never shortened,
    /// so no stale bytes or holes can precede it).
    pub(super) fn set_stage(&mut self, stage: &str) {
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
pub(in crate::store) struct IndexLock {
    path: PathBuf,
}

impl Drop for IndexLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// The content of an index lock this tool creates: `taskforce pid=1234`.
pub(in crate::store) fn index_lock_owner(bytes: &[u8]) -> Option<u32> {
    std::str::from_utf8(bytes)
        .ok()?
        .strip_prefix("taskforce pid=")?
        .trim()
        .parse()
        .ok()
}

/// Whether a lock file is older than the stale bound and no running process has it open.
pub(in crate::store) fn stale_unheld(path: &Path) -> bool {
    let old = std::fs::symlink_metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > STALE_LOCK_AGE);
    old && !durable::held_open(path)
}

impl Store {
    /// Takes the writer lock (`.git/taskforce.lock`), waiting up to two seconds for another
    /// writer, then finishes or rolls back whatever a killed writer left.
    pub fn lock(&self) -> Result<WriteLock> {
        self.lock_waiting(LOCK_WAIT)
    }

    /// [`Store::lock`] with a chosen wait (zero: only if no other writer holds it).
    pub(in crate::store) fn lock_waiting(&self, wait: Duration) -> Result<WriteLock> {
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

    /// When this command's waits end: two seconds after it started waiting for the writer lock
    /// (at least a moment from now, so a lock taken at the last instant can still be used).
    pub(super) fn wait_deadline(&self) -> Instant {
        let soon = Instant::now() + Duration::from_millis(100);
        self.deadline
            .get()
            .map_or(Instant::now() + LOCK_WAIT, |d| d.max(soon))
    }

    /// Takes git's `.git/index.lock`, waiting up to two seconds for a running git. A lock left
    /// by a killed taskforce (its pid inside) or older than ten minutes and held by no process
    /// is removed, with a notice.
    pub(in crate::store) fn index_lock(&self) -> Result<IndexLock> {
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
    pub(in crate::store) fn remove_stale_git_lock(&self, path: &Path) -> Result<bool> {
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

    pub(super) fn retry_locked<T>(
        &self,
        mut op: impl FnMut() -> Result<T, git2::Error>,
    ) -> Result<T> {
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
}
