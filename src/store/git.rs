//! Git plumbing: durable writes, the writer lock, one commit per change, typed trailers.

use std::fs::File;
use std::io::Write as _;
use std::path::Path;
use std::sync::Once;
use std::time::{Duration, Instant};

use git2::{Oid, Repository, Signature};

use super::{Error, Result, Store, io_error};

/// Makes libgit2 fsync objects, refs and the index; git2 has no switch for it.
pub fn enable_fsync() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
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

/// Writes `bytes` to `path` through a temporary file in the same folder, fsync and rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io_error(dir))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut f = File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)?;
        File::open(dir)?.sync_all()
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io_error(path))
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
                super::Error::BadValue(format!(
                    "{var}={text:?}: expected \"YYYY-MM-DD HH:MM:SS +ZZZZ\" or RFC 3339"
                ))
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
    /// Set when a stale lock of a killed taskforce process was cleaned up.
    pub recovered: Option<String>,
}

impl Drop for WriteLock {
    fn drop(&mut self) {
        self.set_stage("idle");
        let _ = self.file.unlock();
    }
}

const LOCK_WAIT: Duration = Duration::from_secs(10);
/// Size of the stage record in `.git/taskforce.lock`.
const STAGE_RECORD: usize = 48;
const INDEX_LOCK_WAIT: Duration = Duration::from_millis(1500);

fn process_alive(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

impl WriteLock {
    /// Records what this writer is doing, for recovery if it is killed. One fixed-size write
    /// at offset 0: never a truncated or half-written record (the file is never shortened,
    /// so no stale bytes or holes can precede it).
    fn set_stage(&mut self, stage: &str) {
        use std::os::unix::fs::FileExt;
        let mut record = format!("pid={} stage={stage}", std::process::id()).into_bytes();
        record.resize(STAGE_RECORD - 1, b' ');
        record.push(b'\n');
        let _ = self.file.write_all_at(&record, 0);
    }
}

impl Store {
    /// Takes the writer lock (`.git/taskforce.lock`), waiting up to ten seconds for another writer.
    pub fn lock(&self) -> Result<WriteLock> {
        let path = self.repo.path().join("taskforce.lock");
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io_error(&path))?;
        let start = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < LOCK_WAIT => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(Error::Locked(format!(
                        "another taskforce process has been writing to {} for over {}s; try again",
                        self.root.display(),
                        LOCK_WAIT.as_secs()
                    )));
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(io_error(&path)(e)),
            }
        }
        let previous = std::fs::read_to_string(&path).unwrap_or_default();
        let mut lock = WriteLock {
            file,
            recovered: None,
        };
        lock.recovered = self.recover_index_lock(&previous)?;
        Ok(lock)
    }

    /// Lock files of git that a writer holds while it commits.
    fn git_lock_files(&self) -> Vec<std::path::PathBuf> {
        let git = self.repo.path();
        let mut out: Vec<std::path::PathBuf> = ["index.lock", "HEAD.lock", "packed-refs.lock"]
            .iter()
            .map(|f| git.join(f))
            .collect();
        if let Ok(entries) = std::fs::read_dir(git.join("refs/heads")) {
            out.extend(
                entries
                    .filter_map(|e| e.ok())
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "lock")),
            );
        }
        out.retain(|p| p.exists());
        out
    }

    /// Waits briefly for git's lock files to go away; removes them only when a killed taskforce
    /// process provably left them (our lock file says it was committing when it died).
    fn recover_index_lock(&self, previous: &str) -> Result<Option<String>> {
        let pid = previous
            .split_whitespace()
            .find_map(|w| w.strip_prefix("pid="))
            .and_then(|p| p.parse::<u32>().ok());
        let was_writing = previous.contains("stage=index") || previous.contains("stage=commit");
        let mut locks = self.git_lock_files();
        if locks.is_empty() {
            return Ok(None);
        }
        match pid {
            Some(pid) if was_writing && !process_alive(pid) => {
                for l in &locks {
                    std::fs::remove_file(l).map_err(io_error(l))?;
                }
                let names: Vec<String> = locks.iter().map(|l| l.display().to_string()).collect();
                Ok(Some(format!(
                    "removed stale lock file(s) {} left by taskforce process {pid}, which was killed while committing; nothing it had committed is lost",
                    names.join(", ")
                )))
            }
            _ => {
                let start = Instant::now();
                while !locks.is_empty() && start.elapsed() < INDEX_LOCK_WAIT {
                    std::thread::sleep(Duration::from_millis(20));
                    locks = self.git_lock_files();
                }
                match locks.first() {
                    None => Ok(None),
                    Some(l) => Err(Error::Locked(format!(
                        "{} exists: another git process is using the repository, or one crashed. \
                         If no git command is running, remove that file and try again.",
                        l.display()
                    ))),
                }
            }
        }
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

    /// Refuses when `path` differs between HEAD, the index and the work tree (a hand edit
    /// or a half-finished change): writing it would lose that edit.
    pub fn ensure_clean(&self, path: &str) -> Result<()> {
        // Compare object ids directly: cheaper than a status scan, and exact.
        let head = self.repo.head()?.peel_to_tree()?;
        let in_head = head.get_path(Path::new(path)).ok().map(|e| e.id());
        let index = self.repo.index()?;
        let in_index = index.get_path(Path::new(path), 0).map(|e| e.id);
        let full = self.root.join(path);
        let in_tree = match std::fs::read(&full) {
            Ok(bytes) => Some(Oid::hash_object(git2::ObjectType::Blob, &bytes)?),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(io_error(&full)(e)),
        };
        if in_head == in_index && in_head == in_tree {
            return Ok(());
        }
        Err(Error::Refused(format!(
            "{path} has changes that are not committed (edited by hand?); nothing was written.\n\
             Record them with `taskforce commit -m MESSAGE`, or discard them with `git checkout -- {path}`."
        )))
    }

    /// Writes the files and records them as one commit on HEAD; the index follows.
    /// Files other than `changes` are left alone, staged or not.
    ///
    /// The commit's new objects (blobs, trees, commit) are collected in memory and written as
    /// one pack, fsynced before the branch moves: two files to sync instead of one file and one
    /// folder per object. Small packs are merged from time to time so their number stays low.
    pub fn commit_files(
        &self,
        lock: &mut WriteLock,
        changes: &[FileChange],
        message: &str,
        author: &Identity,
    ) -> Result<Oid> {
        let mut written = Vec::new();
        let result = self.write_and_commit(lock, changes, message, author, &mut written);
        if result.is_err() {
            // The branch did not move: put the files back as they were, so a failed write
            // leaves nothing behind that looks like a hand edit.
            for (path, old) in written.into_iter().rev() {
                let _ = match old {
                    Some(bytes) => write_atomic(&path, &bytes),
                    None => std::fs::remove_file(&path).map_err(io_error(&path)),
                };
            }
        }
        result
    }

    /// `commit_files` proper; `written` records each file's previous bytes until the branch
    /// has moved, and is emptied then.
    fn write_and_commit(
        &self,
        lock: &mut WriteLock,
        changes: &[FileChange],
        message: &str,
        author: &Identity,
        written: &mut Vec<(std::path::PathBuf, Option<Vec<u8>>)>,
    ) -> Result<Oid> {
        lock.set_stage("commit");
        // Everything that can be refused is checked before the first file is written.
        let sig = author.signature()?;
        let committer = author.signature_at("GIT_COMMITTER_DATE")?;
        let repo = Repository::open(self.repo.path())?;
        let odb = repo.odb()?;
        let mempack = odb.add_new_mempack_backend(1000)?;
        let head_ref = repo.head()?;
        let branch = head_ref.name().unwrap_or("HEAD").to_string();
        let head = head_ref.peel_to_commit()?;
        let mut update = git2::build::TreeUpdateBuilder::new();
        for c in changes {
            let full = self.root.join(&c.path);
            written.push((full.clone(), std::fs::read(&full).ok()));
            match &c.bytes {
                Some(bytes) => {
                    write_atomic(&full, bytes)?;
                    let blob = repo.blob(bytes)?;
                    update.upsert(&c.path, blob, git2::FileMode::Blob);
                }
                None => {
                    match std::fs::remove_file(&full) {
                        Ok(()) => {}
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                        Err(e) => return Err(io_error(&full)(e)),
                    }
                    update.remove(&c.path);
                }
            }
        }
        let tree_id = update.create_updated(&repo, &head.tree()?)?;
        let tree = repo.find_tree(tree_id)?;
        let oid = repo.commit(None, &sig, &committer, message, &tree, &[&head])?;
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
            let mut writer = odb.packwriter()?;
            writer
                .write_all(&pack)
                .map_err(io_error(self.repo.path()))?;
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
        let summary = message.lines().next().unwrap_or("");
        let reflog = format!("commit: {summary}");
        self.retry_locked(|| repo.reference_matching(&branch, oid, true, head.id(), &reflog))?;
        written.clear();
        lock.set_stage("index");
        let mut index = self.repo.index()?;
        for c in changes {
            match &c.bytes {
                Some(_) => index.add_path(Path::new(&c.path))?,
                None => {
                    let _ = index.remove_path(Path::new(&c.path));
                }
            }
        }
        self.retry_locked(|| index.write())?;
        // libgit2 does not fsync the index it renames into place.
        let index_path = self.repo.path().join("index");
        File::open(&index_path)
            .and_then(|f| f.sync_all())
            .map_err(io_error(&index_path))?;
        lock.set_stage("idle");
        if let Err(e) = self.merge_small_packs(&repo) {
            // The commit is safe; merging packs is housekeeping that the next commit retries.
            eprintln!("taskforce: could not merge packs: {e}");
        }
        Ok(oid)
    }

    /// Keeps the number of packs low: past `MAX_PACKS`, merges every pack but the largest
    /// (all of them when the others add up to half its size) into one.
    fn merge_small_packs(&self, repo: &Repository) -> Result<()> {
        const MAX_PACKS: usize = 24;
        let dir = self.repo.path().join("objects/pack");
        let mut packs: Vec<(u64, std::path::PathBuf)> = std::fs::read_dir(&dir)
            .map_err(io_error(&dir))?
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| {
                p.extension().is_some_and(|x| x == "pack") && p.with_extension("idx").is_file()
            })
            .filter(|p| !p.with_extension("keep").exists())
            .filter_map(|p| Some((std::fs::metadata(&p).ok()?.len(), p)))
            .collect();
        if packs.len() <= MAX_PACKS {
            return Ok(());
        }
        packs.sort();
        let (largest, _) = packs[packs.len() - 1];
        let rest: u64 = packs[..packs.len() - 1].iter().map(|(s, _)| s).sum();
        if rest < largest / 2 {
            packs.pop();
        }
        let mut builder = repo.packbuilder()?;
        builder.set_threads(1);
        for (_, pack) in &packs {
            for oid in pack_index_ids(&pack.with_extension("idx"))? {
                builder.insert_object(oid, None)?;
            }
        }
        let mut merged = git2::Buf::new();
        builder.write_buf(&mut merged)?;
        let odb = repo.odb()?;
        let mut writer = odb.packwriter()?;
        writer.write_all(&merged).map_err(io_error(&dir))?;
        writer.commit()?;
        for (_, pack) in &packs {
            for ext in ["idx", "pack", "rev", "mtimes"] {
                let _ = std::fs::remove_file(pack.with_extension(ext));
            }
        }
        Ok(())
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
            note: lock.recovered.take(),
        })
    }

    fn retry_locked<T>(&self, mut op: impl FnMut() -> Result<T, git2::Error>) -> Result<T> {
        let start = Instant::now();
        loop {
            match op() {
                Err(e)
                    if e.code() == git2::ErrorCode::Locked && start.elapsed() < INDEX_LOCK_WAIT =>
                {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(e) if e.code() == git2::ErrorCode::Locked => {
                    return Err(Error::Locked(format!(
                        "the repository is locked by another git process ({}); nothing was committed, try again",
                        e.message()
                    )));
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

/// The object ids listed in a pack index (version 2).
fn pack_index_ids(path: &Path) -> Result<Vec<Oid>> {
    let bytes = std::fs::read(path).map_err(io_error(path))?;
    let bad = || super::Error::Refused(format!("{}: not a version 2 pack index", path.display()));
    if bytes.len() < 8 + 256 * 4
        || bytes[..4] != [0xff, b't', b'O', b'c']
        || bytes[4..8] != [0, 0, 0, 2]
    {
        return Err(bad());
    }
    let fan = &bytes[8 + 255 * 4..8 + 256 * 4];
    let count = u32::from_be_bytes([fan[0], fan[1], fan[2], fan[3]]) as usize;
    let start = 8 + 256 * 4;
    let names = bytes.get(start..start + count * 20).ok_or_else(bad)?;
    names
        .chunks(20)
        .map(|c| Oid::from_bytes(c).map_err(Into::into))
        .collect()
}
