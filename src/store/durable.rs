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
//!   as a full disk would. The points, in write order: `journal`, `temp`, `rename`, `objects`,
//!   `pack`, `ref`, `index`.

use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::{Error, Result, io_error};

/// The steps of a write where a failpoint can fire.
pub const FAILPOINTS: [&str; 7] = [
    "journal", "temp", "rename", "objects", "pack", "ref", "index",
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
    let mut here = root.to_path_buf();
    for part in rel.split('/') {
        if part.is_empty() || part == "." || part == ".." {
            return Err(Error::Refused(format!(
                "{rel}: {}",
                lang.pick("不是计划内的普通路径", "not a plain path inside the plan")
            )));
        }
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

/// Writes `bytes` to `path` through a temporary file in the same folder, fsync and rename.
/// The temporary file is created new (never through an existing file or link).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::os::unix::fs::OpenOptionsExt as _;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io_error(dir))?;
    let tmp = temp_path(path, std::process::id());
    // A temporary file of this process id can only be left by a dead process of the same id.
    let _ = std::fs::remove_file(&tmp);
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&tmp)?;
        f.write_all(bytes)?;
        sync(&f)?;
        failpoint("temp")?;
        std::fs::rename(&tmp, path)?;
        failpoint("rename")?;
        sync_dir(dir)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io_error(path))
}
