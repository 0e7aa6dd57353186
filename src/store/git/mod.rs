//! Git plumbing: durable writes, the writer lock, one commit per change, typed trailers.
//!
//! A write runs under two locks: the writer lock (`.git/taskforce.lock`, between taskforce
//! processes) and git's own `.git/index.lock` (against a plain `git add` or `git commit`), which
//! this process creates with its pid inside, so a lock a killed writer left is provably its own.
//! Before the first file is written, a journal (`.git/taskforce-journal`) names the paths, the
//! bytes they will get and the HEAD the write started from; the next command that takes the
//! writer lock finishes or rolls back whatever a killed writer left (see `recover.rs`).
//!
//! Split by concern: `fsync` (what reaches the disk), `lock` (the writer lock and git's index
//! lock), `worktree` (the work tree against HEAD, and the index), `commit` (one commit per
//! write, journaled).

mod commit;
mod fsync;
mod index_file;
mod lock;
mod objects;
mod worktree;

use std::path::Path;

use git2::{Repository, Signature};

use super::{Error, Result, Store, io_error};

pub use super::durable::write_atomic;
pub(in crate::store) use commit::PACK_FOLDER;
pub use fsync::enable_fsync;
pub(in crate::store) use lock::{IndexLock, stale_unheld};
pub use lock::{LOCK_WAIT, STALE_LOCK_AGE, WriteLock, set_command_name};

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
    pub(in crate::store) fn signature_at(&self, var: &str) -> Result<Signature<'static>> {
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

impl Store {
    /// A text in the store's language.
    pub(in crate::store) fn t(&self, zh: &str, en: &str) -> String {
        self.lang().pick(zh, en).to_string()
    }

    /// An error for a file of `.git` that cannot be written (a read-only repository).
    pub(in crate::store) fn unwritable(&self, path: &Path, e: std::io::Error) -> Error {
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
}
