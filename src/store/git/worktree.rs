//! The work tree against HEAD: bytes at HEAD, a file's blob id, the refusal to overwrite a hand
//! edit, and the index written under git's index lock.

use std::path::Path;

use git2::Oid;

use super::super::durable::failpoint;
use super::fsync::NoGitFsync;
use super::{Error, IndexLock, Result, Store, io_error};

impl Store {
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
    pub(in crate::store) fn tree_oid(&self, path: &str) -> Result<Option<Oid>> {
        match self.work_bytes(None, path)? {
            Some(bytes) => Ok(Some(Oid::hash_object(git2::ObjectType::Blob, &bytes)?)),
            None => Ok(None),
        }
    }

    /// Refuses when the work tree's `path` differs from HEAD (a hand edit or a half-finished
    /// change): writing it would lose that edit. An index entry that is merely stale (the work
    /// tree equals HEAD, as a plain `git commit` beside a writer can leave it) is not an edit:
    /// the write puts the index right.
    pub fn ensure_clean(&self, path: &str) -> Result<()> {
        // Compare object ids directly: cheaper than a status scan, and exact.
        let head = self.repo.find_tree(self.head_tree_id()?)?;
        let in_head = head.get_path(Path::new(path)).ok().map(|e| e.id());
        let bytes = self.work_bytes(None, path)?;
        let in_tree = match &bytes {
            Some(b) => Some(Oid::hash_object(git2::ObjectType::Blob, b)?),
            None => None,
        };
        if in_head == in_tree {
            return Ok(());
        }
        // A checkout with CRLF line ends (core.autocrlf, an eol=crlf attribute) of the
        // committed LF file is not an edit.
        if let Some(bytes) = bytes
            && super::super::codec::has_crlf(&bytes)
        {
            let text = String::from_utf8_lossy(&bytes).replace("\r\n", "\n");
            if Some(Oid::hash_object(git2::ObjectType::Blob, text.as_bytes())?) == in_head {
                return Ok(());
            }
        }
        // The index only words the refusal (a whole parse of it: read when refusing only).
        let mut index = self.repo.index()?;
        index.read(false)?;
        let in_index = index.get_path(Path::new(path), 0).map(|e| e.id);
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
    pub(in crate::store) fn write_index(
        &self,
        _held: &IndexLock,
        entries: &[(String, Option<Oid>)],
    ) -> Result<()> {
        let git = self.repo.path();
        let index_path = git.join("index");
        let tmp = git.join(format!("index.taskforce-{}", std::process::id()));
        let _ = std::fs::remove_file(&tmp);
        if self.write_index_directly(&index_path, &tmp, entries)? {
            return Ok(());
        }
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
                    Some(id) => index.add(&self.index_entry(path, *id)?.git2_entry(path))?,
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
        // The store's own view of the index is not re-read here: every reader of it
        // (`ensure_clean`, `dirty_paths`, libgit2's status) first re-reads the file when it
        // changed on disk, and a write that ends the command would parse it for nothing (a whole
        // parse and checksum of the index, a tenth of a set at 10,000 measures).
        result
    }

    /// The index entry of the work-tree file `path` holding the blob `id`: its stat, as git
    /// records it.
    fn index_entry(&self, path: &str, id: Oid) -> Result<super::index_file::EntryData> {
        use std::os::unix::fs::MetadataExt as _;
        let full = self.root.join(path);
        let md = std::fs::symlink_metadata(&full).map_err(io_error(&full))?;
        let mut oid = [0; 20];
        oid.copy_from_slice(id.as_bytes());
        Ok(super::index_file::EntryData {
            ctime: (md.ctime() as u32, md.ctime_nsec() as u32),
            mtime: (md.mtime() as u32, md.mtime_nsec() as u32),
            dev: md.dev() as u32,
            ino: md.ino() as u32,
            mode: 0o100644,
            uid: md.uid(),
            gid: md.gid(),
            size: md.size() as u32,
            id: oid,
        })
    }

    /// [`Store::write_index`] by setting the entries in the index file itself (see
    /// `index_file`): the new index is written to `tmp` and renamed over `index_path`. `false`
    /// when the index is missing or has a form that is left to libgit2 (nothing written then).
    fn write_index_directly(
        &self,
        index_path: &Path,
        tmp: &Path,
        entries: &[(String, Option<Oid>)],
    ) -> Result<bool> {
        use std::io::{Read as _, Write as _};
        use std::os::unix::fs::MetadataExt as _;
        let (old, old_mtime) = match std::fs::File::open(index_path) {
            Ok(mut f) => {
                let md = f.metadata().map_err(io_error(index_path))?;
                let mut bytes = Vec::with_capacity(md.len() as usize);
                f.read_to_end(&mut bytes).map_err(io_error(index_path))?;
                (bytes, (md.mtime() as u32, md.mtime_nsec() as u32))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(io_error(index_path)(e)),
        };
        let mut changes = Vec::with_capacity(entries.len());
        for (path, id) in entries {
            let data = match id {
                Some(id) => Some(self.index_entry(path, *id)?),
                None => None,
            };
            changes.push((path.as_str(), data));
        }
        let Some(bytes) = super::index_file::update(&old, old_mtime, &changes) else {
            return Ok(false);
        };
        let result = (|| -> Result<()> {
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(tmp)
                .map_err(|e| self.unwritable(tmp, e))?;
            // Not flushed, as with git's `core.fsync=committed` (see below).
            f.write_all(&bytes).map_err(|e| self.unwritable(tmp, e))?;
            drop(f);
            failpoint("index").map_err(io_error(index_path))?;
            std::fs::rename(tmp, index_path).map_err(|e| self.unwritable(index_path, e))
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(tmp);
        }
        result.map(|()| true)
    }
}
