//! Durable file writes, the test-only switches (fsync off, failpoints) and the checks that keep
//! reads and writes inside the work tree (no symlink is ever followed).
//!
//! Test switches, honoured only in debug builds (`cargo test` builds the binary in the dev
//! profile); a release build ignores both, so a user's environment cannot turn off durability or
//! make a write fail on purpose:
//!
//! - `TASKFORCE_TEST_FSYNC=0`: no fsync of files, folders or git objects (like git's
//!   `GIT_TEST_FSYNC=0`). Safe only where the machine does not lose power during the test: the
//!   page cache survives a killed process, so crash tests by SIGKILL stay meaningful; the
//!   durability tests leave it on.
//! - `TASKFORCE_FAILPOINT=POINT:ACTION[,POINT:ACTION…]`: at the named step of a write, `crash`
//!   kills the process with SIGKILL (exactly there, unlike a timer) and `enospc` fails the step
//!   as a full disk would. The points, in write order: `journal`, `temp` (a file's new bytes
//!   under its temporary name), `objects`, `pack`, `rename` (after the flush of the contents),
//!   `ref`, `index`.

use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::{Error, Result, io_error};

/// The steps of a write where a failpoint can fire.
pub const FAILPOINTS: [&str; 7] = [
    "journal", "temp", "objects", "pack", "rename", "ref", "index",
];

/// Whether fsync runs: always, except in a debug build with `TASKFORCE_TEST_FSYNC=0`.
pub fn fsync_on() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| {
        !(cfg!(debug_assertions)
            && std::env::var("TASKFORCE_TEST_FSYNC").is_ok_and(|v| v.trim() == "0"))
    })
}

/// Flushes a file or folder to disk (unless the test switch turned fsync off).
pub fn sync(file: &File) -> std::io::Result<()> {
    if fsync_on() { file.sync_all() } else { Ok(()) }
}

/// Flushes the folder `dir` (its entries: a rename, a new or removed file).
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    if fsync_on() {
        File::open(dir)?.sync_all()
    } else {
        Ok(())
    }
}

/// Fires the failpoint `point` when the test switch names it (debug builds only).
pub fn failpoint(point: &str) -> std::io::Result<()> {
    if !cfg!(debug_assertions) {
        return Ok(());
    }
    static SPEC: OnceLock<Vec<(String, String)>> = OnceLock::new();
    let spec = SPEC.get_or_init(|| {
        std::env::var("TASKFORCE_FAILPOINT")
            .unwrap_or_default()
            .split(',')
            .filter_map(|s| s.split_once(':'))
            .map(|(p, a)| (p.trim().to_string(), a.trim().to_string()))
            .collect()
    });
    for (p, action) in spec {
        if p == point {
            match action.as_str() {
                "crash" => {
                    // SAFETY: kill and getpid have no preconditions.
                    unsafe {
                        libc::kill(libc::getpid(), libc::SIGKILL);
                    }
                    std::process::abort();
                }
                "enospc" => return Err(std::io::Error::from_raw_os_error(libc::ENOSPC)),
                _ => {}
            }
        }
    }
    Ok(())
}

/// Whether a process with this id is running.
pub fn process_alive(pid: u32) -> bool {
    pid != 0 && Path::new(&format!("/proc/{pid}")).exists()
}

/// Whether any running process has `path` open (a lock someone still holds).
pub fn held_open(path: &Path) -> bool {
    let Ok(target) = std::fs::canonicalize(path) else {
        return false;
    };
    let Ok(procs) = std::fs::read_dir("/proc") else {
        return false;
    };
    for p in procs.filter_map(|e| e.ok()) {
        let Ok(fds) = std::fs::read_dir(p.path().join("fd")) else {
            continue;
        };
        for fd in fds.filter_map(|e| e.ok()) {
            if std::fs::read_link(fd.path()).is_ok_and(|l| l == target) {
                return true;
            }
        }
    }
    false
}

/// Refuses `rel` when any folder or file along it below `root` is a symlink (or not a plain
/// file or folder): reading or writing through it could reach outside the work tree.
pub fn check_inside(root: &Path, rel: &str, lang: crate::model::Lang) -> Result<()> {
    for part in rel.split('/') {
        if part.is_empty() || part == "." || part == ".." {
            return Err(Error::Refused(format!(
                "{rel}: {}",
                lang.pick("不是计划内的普通路径", "not a plain path inside the plan")
            )));
        }
    }
    if plain_beneath(root, rel) {
        return Ok(());
    }
    let mut here = root.to_path_buf();
    for part in rel.split('/') {
        here.push(part);
        match std::fs::symlink_metadata(&here) {
            Ok(m) if m.file_type().is_symlink() => {
                return Err(Error::Refused(format!(
                    "{}: {}",
                    rel_of(root, &here),
                    lang.pick(
                        "是符号链接；taskforce 从不跟随计划中的链接（请删除它，或换成文件本身），未读写任何内容",
                        "is a symbolic link; taskforce never follows links in a plan (remove it, or replace it with the file itself); nothing was read or written"
                    )
                )));
            }
            Ok(m) if !(m.is_file() || m.is_dir()) => {
                return Err(Error::Refused(format!(
                    "{}: {}",
                    rel_of(root, &here),
                    lang.pick("不是普通文件或文件夹", "not a regular file or folder")
                )));
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(io_error(&here)(e)),
        }
    }
    Ok(())
}

/// The fast answer of [`check_inside`] in one path walk (Linux `openat2` with
/// `RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH`: any link along `rel`, the last part included, fails
/// the open): true when `rel` is missing at some part with only plain folders before it, or is
/// a plain file or folder. Anything else (a link, a special file, an error, an older kernel)
/// says false, and the part-by-part walk decides and names the culprit.
fn plain_beneath(root: &Path, rel: &str) -> bool {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::{AsRawFd as _, FromRawFd as _, OwnedFd};
        use std::os::unix::ffi::OsStrExt as _;
        use std::sync::atomic::{AtomicBool, Ordering};
        static UNSUPPORTED: AtomicBool = AtomicBool::new(false);
        if UNSUPPORTED.load(Ordering::Relaxed) {
            return false;
        }
        let (Ok(root_c), Ok(rel_c)) = (
            std::ffi::CString::new(root.as_os_str().as_bytes()),
            std::ffi::CString::new(rel),
        ) else {
            return false;
        };
        let open = |dir: libc::c_int, path: &std::ffi::CStr, resolve: u64| {
            /// `struct open_how` of openat2(2).
            #[repr(C)]
            struct OpenHow {
                flags: u64,
                mode: u64,
                resolve: u64,
            }
            let how = OpenHow {
                flags: (libc::O_PATH | libc::O_CLOEXEC) as u64,
                mode: 0,
                resolve,
            };
            // SAFETY: valid C strings and a valid open_how of the size passed; the result is a
            // new descriptor we own, or -1.
            let fd = unsafe {
                libc::syscall(
                    libc::SYS_openat2,
                    dir,
                    path.as_ptr(),
                    &how as *const OpenHow,
                    std::mem::size_of::<OpenHow>(),
                )
            };
            if fd < 0 {
                let e = std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
                if matches!(e, libc::ENOSYS | libc::EPERM | libc::E2BIG) {
                    UNSUPPORTED.store(true, Ordering::Relaxed);
                }
                return Err(e);
            }
            // SAFETY: fd is a descriptor the call just opened.
            Ok(unsafe { OwnedFd::from_raw_fd(fd as libc::c_int) })
        };
        let Ok(dir) = open(libc::AT_FDCWD, &root_c, 0) else {
            return false;
        };
        let resolve = libc::RESOLVE_NO_SYMLINKS | libc::RESOLVE_BENEATH;
        match open(dir.as_raw_fd(), &rel_c, resolve) {
            Ok(fd) => {
                // SAFETY: an all-zero stat is valid; fstat fills it from our descriptor.
                let mut st: libc::stat = unsafe { std::mem::zeroed() };
                // SAFETY: fd is open; st is a live local.
                if unsafe { libc::fstat(fd.as_raw_fd(), &mut st) } != 0 {
                    return false;
                }
                let kind = st.st_mode & libc::S_IFMT;
                kind == libc::S_IFREG || kind == libc::S_IFDIR
            }
            // Missing: every part before the missing one was walked as a plain folder.
            Err(e) => e == libc::ENOENT,
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (root, rel);
        false
    }
}

/// What one open beneath the work tree found (see [`Top::read`]).
#[derive(Debug)]
pub enum Found {
    /// A plain file reached through plain folders: its bytes.
    Bytes(Vec<u8>),
    /// Missing, with only plain folders before the missing part.
    Missing,
    /// Anything else (a link, a special file, an error, an older kernel): the checked path
    /// ([`check_inside`], then [`read_nofollow`]) decides and words it.
    Unsure,
}

/// The work tree's top folder, opened once for several reads beneath it.
pub struct Top {
    #[cfg(target_os = "linux")]
    fd: Option<std::os::fd::OwnedFd>,
}

impl Top {
    /// Opens `root` (never fails: without it, every read is [`Found::Unsure`]).
    pub fn open(root: &Path) -> Top {
        #[cfg(target_os = "linux")]
        {
            use std::os::fd::{FromRawFd as _, OwnedFd};
            use std::os::unix::ffi::OsStrExt as _;
            let fd = std::ffi::CString::new(root.as_os_str().as_bytes())
                .ok()
                .and_then(|c| {
                    // SAFETY: a valid C string; the result is a new descriptor we own, or -1.
                    let fd = unsafe {
                        libc::open(
                            c.as_ptr(),
                            libc::O_PATH | libc::O_CLOEXEC | libc::O_DIRECTORY,
                        )
                    };
                    // SAFETY: fd was just opened by this call.
                    (fd >= 0).then(|| unsafe { OwnedFd::from_raw_fd(fd) })
                });
            Top { fd }
        }
        #[cfg(not(target_os = "linux"))]
        {
            let _ = root;
            Top {}
        }
    }

    /// Reads `rel` in one path walk that refuses every link and never leaves the top (Linux
    /// `openat2` with `RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH`, the last part included): what
    /// [`check_inside`] and [`read_nofollow`] give together, when the answer is plain.
    pub fn read(&self, rel: &str) -> Found {
        if rel
            .split('/')
            .any(|part| part.is_empty() || part == "." || part == "..")
        {
            return Found::Unsure;
        }
        #[cfg(target_os = "linux")]
        {
            use std::io::Read as _;
            use std::os::fd::{AsRawFd as _, FromRawFd as _};
            use std::sync::atomic::Ordering;
            let Some(dir) = &self.fd else {
                return Found::Unsure;
            };
            if OPENAT2_UNSUPPORTED.load(Ordering::Relaxed) {
                return Found::Unsure;
            }
            let Ok(rel_c) = std::ffi::CString::new(rel) else {
                return Found::Unsure;
            };
            let how = OpenHow {
                // Non-blocking: a FIFO planted in the tree opens at once (and is refused below).
                flags: (libc::O_RDONLY | libc::O_CLOEXEC | libc::O_NOFOLLOW | libc::O_NONBLOCK)
                    as u64,
                mode: 0,
                resolve: libc::RESOLVE_NO_SYMLINKS | libc::RESOLVE_BENEATH,
            };
            // SAFETY: valid descriptor, C string and open_how of the size passed.
            let fd = unsafe {
                libc::syscall(
                    libc::SYS_openat2,
                    dir.as_raw_fd(),
                    rel_c.as_ptr(),
                    &how as *const OpenHow,
                    std::mem::size_of::<OpenHow>(),
                )
            };
            if fd < 0 {
                let e = std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
                if matches!(e, libc::ENOSYS | libc::EPERM | libc::E2BIG) {
                    OPENAT2_UNSUPPORTED.store(true, Ordering::Relaxed);
                }
                return if e == libc::ENOENT {
                    Found::Missing
                } else {
                    Found::Unsure
                };
            }
            // SAFETY: fd is a descriptor the call just opened, owned here only.
            let mut file = unsafe { File::from_raw_fd(fd as libc::c_int) };
            let Ok(md) = file.metadata() else {
                return Found::Unsure;
            };
            if !md.file_type().is_file() {
                return Found::Unsure;
            }
            let mut out = Vec::with_capacity(md.len() as usize + 1);
            match file.read_to_end(&mut out) {
                Ok(_) => Found::Bytes(out),
                Err(_) => Found::Unsure,
            }
        }
        #[cfg(not(target_os = "linux"))]
        Found::Unsure
    }
}

/// `struct open_how` of openat2(2).
#[cfg(target_os = "linux")]
#[repr(C)]
struct OpenHow {
    flags: u64,
    mode: u64,
    resolve: u64,
}

/// Set once openat2 is found missing or refused (an older kernel, a sandbox).
#[cfg(target_os = "linux")]
static OPENAT2_UNSUPPORTED: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

/// Reads the work-tree file `rel` below `root` (through `top` when given), never through a
/// link: its bytes, or `None` when it does not exist. One open when the path is plain; else
/// [`check_inside`] refuses a link or special file along it by name.
pub fn read_inside(
    root: &Path,
    top: Option<&Top>,
    rel: &str,
    lang: crate::model::Lang,
) -> Result<Option<Vec<u8>>> {
    let found = match top {
        Some(t) => t.read(rel),
        None => Top::open(root).read(rel),
    };
    match found {
        Found::Bytes(b) => return Ok(Some(b)),
        Found::Missing => return Ok(None),
        Found::Unsure => {}
    }
    check_inside(root, rel, lang)?;
    let full = root.join(rel);
    match read_nofollow(&full) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io_error(&full)(e)),
    }
}

fn rel_of(root: &Path, p: &Path) -> String {
    p.strip_prefix(root)
        .unwrap_or(p)
        .to_string_lossy()
        .into_owned()
}

/// Reads a file without following a symlink at its last component.
pub fn read_nofollow(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    let mut f = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW)
        .open(path)?;
    let mut out = Vec::new();
    f.read_to_end(&mut out)?;
    Ok(out)
}

/// The temporary file an atomic write of `path` by process `pid` uses.
pub fn temp_path(path: &Path, pid: u32) -> PathBuf {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    dir.join(format!(".{name}.tmp-{pid}"))
}

/// The process id in a temporary file's name (`.A3-02.ron.tmp-1234`).
pub fn temp_owner(name: &str) -> Option<u32> {
    if !name.starts_with('.') {
        return None;
    }
    let (_, pid) = name.rsplit_once(".tmp-")?;
    (!pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
        .then(|| pid.parse().ok())
        .flatten()
}

/// A file written to its temporary name and not flushed yet: [`Staged::place`] renames it over
/// its path once its bytes are flushed (by a [`Round`]), so the name never reaches the disk
/// before the content.
#[derive(Debug)]
pub struct Staged {
    pub tmp: PathBuf,
    pub path: PathBuf,
}

impl Staged {
    /// Writes `bytes` to the temporary file of `path` (created new, never through a link) and
    /// starts its writeout; no flush.
    pub fn write(path: &Path, bytes: &[u8]) -> Result<Staged> {
        let (_, tmp) = with_temp(path, bytes, |f, _| {
            start_writeout(f);
            failpoint("temp")
        })?;
        Ok(Staged {
            tmp,
            path: path.to_path_buf(),
        })
    }

    /// Renames the flushed temporary file over its path.
    pub fn place(&self) -> Result<()> {
        std::fs::rename(&self.tmp, &self.path)
            .and_then(|()| failpoint("rename"))
            .map_err(io_error(&self.path))
    }

    /// Removes the temporary file (a write that failed before [`Staged::place`]).
    pub fn discard(&self) {
        let _ = std::fs::remove_file(&self.tmp);
    }
}

/// Starts writing a file's dirty pages to the device without waiting (Linux
/// `sync_file_range`), so the flush that follows mostly waits for what is already under way.
pub fn start_writeout(f: &File) {
    if !fsync_on() {
        return;
    }
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd as _;
        // SAFETY: a valid open descriptor; the call only schedules writeback. Failure is
        // harmless: the flush that follows writes whatever is left.
        unsafe {
            libc::sync_file_range(f.as_raw_fd(), 0, 0, libc::SYNC_FILE_RANGE_WRITE);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = f;
}

/// One round of flushes: files and folders that must all be on the disk before the next step,
/// and need no order among themselves. [`Round::flush`] issues their fsyncs at once (one thread
/// each), so the device sees one round of writes and cache flushes rather than a queue of them;
/// each path still gets its own full fsync, so nothing depends on how a filesystem orders
/// its metadata.
#[derive(Debug, Default)]
pub struct Round {
    paths: Vec<PathBuf>,
}

impl Round {
    /// Adds a file or folder (once).
    pub fn add(&mut self, path: &Path) {
        if !self.paths.iter().any(|p| p == path) {
            self.paths.push(path.to_path_buf());
        }
    }

    /// Adds the folder of `path`.
    pub fn add_parent(&mut self, path: &Path) {
        self.add(path.parent().unwrap_or(Path::new(".")));
    }

    /// Flushes every path; the first error, naming its path. Empties the round.
    pub fn flush(&mut self) -> Result<()> {
        let paths = std::mem::take(&mut self.paths);
        if !fsync_on() || paths.is_empty() {
            return Ok(());
        }
        let files = paths
            .iter()
            .map(|p| File::open(p).map_err(io_error(p)))
            .collect::<Result<Vec<File>>>()?;
        let (first, rest) = files.split_first().expect("not empty");
        std::thread::scope(|s| {
            let others: Vec<_> = rest
                .iter()
                .zip(&paths[1..])
                .map(|(f, p)| s.spawn(move || f.sync_all().map_err(io_error(p))))
                .collect();
            let mut result = first.sync_all().map_err(io_error(&paths[0]));
            for h in others {
                let r = h.join().unwrap_or_else(|_| {
                    Err(io_error(&paths[0])(std::io::Error::other(
                        "flush thread panicked",
                    )))
                });
                if result.is_ok() {
                    result = r;
                }
            }
            result
        })
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder, fsync and rename.
/// The temporary file is created new (never through an existing file or link).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    with_temp(path, bytes, |f, tmp| {
        sync(f)?;
        failpoint("temp")?;
        std::fs::rename(tmp, path)?;
        failpoint("rename")?;
        sync_dir(path.parent().unwrap_or(Path::new(".")))
    })
    .map(|_| ())
}

/// Writes `bytes` to a new temporary file beside `path` (created new, never through an
/// existing file or link), then runs `then` on it; on any error the temporary file is
/// removed. Returns `then`'s value and the temporary file's path.
fn with_temp<T>(
    path: &Path,
    bytes: &[u8],
    then: impl FnOnce(&File, &Path) -> std::io::Result<T>,
) -> Result<(T, PathBuf)> {
    use std::os::unix::fs::OpenOptionsExt as _;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io_error(dir))?;
    let tmp = temp_path(path, std::process::id());
    // A temporary file of this process id can only be left by a dead process of the same id.
    let _ = std::fs::remove_file(&tmp);
    let result = (|| -> std::io::Result<T> {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&tmp)?;
        f.write_all(bytes)?;
        then(&f, &tmp)
    })();
    match result {
        Ok(v) => Ok((v, tmp)),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(io_error(path)(e))
        }
    }
}
