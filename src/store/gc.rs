//! Pack maintenance, off the write path: every commit stores its objects as one small pack;
//! `taskforce gc` (or a detached `taskforce gc --auto` started after a commit when packs pile
//! up) merges the small packs geometrically, as `git repack --geometric=2` does: the packs are
//! sorted by object count, and the smallest ones are merged until every remaining pack holds
//! at least twice the objects of all smaller ones together. So a merge rewrites only the
//! recent small packs, never the large pack of a clone, and its cost stays proportional to
//! what was written since.

use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use git2::{Oid, Repository};

use super::durable::{self, sync_dir};
use super::{Error, Result, io_error};

/// Past this many packs a commit starts a background merge.
pub const AUTO_PACKS: usize = 24;
/// Each kept pack holds at least this many times the objects of all smaller ones.
const FACTOR: u64 = 2;

/// A pack on disk and its object count.
#[derive(Debug, Clone)]
struct Pack {
    path: PathBuf,
    objects: u64,
}

/// What a merge did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GcReport {
    pub packs_before: usize,
    pub merged: usize,
    pub objects: u64,
}

fn packs(git_dir: &Path) -> Result<Vec<Pack>> {
    let dir = git_dir.join("objects/pack");
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_error(&dir)(e)),
    };
    let mut out = Vec::new();
    for e in entries.filter_map(|e| e.ok()) {
        let p = e.path();
        if p.extension().is_none_or(|x| x != "pack")
            || !p.with_extension("idx").is_file()
            || p.with_extension("keep").exists()
        {
            continue;
        }
        if let Ok(objects) = pack_index_count(&p.with_extension("idx")) {
            out.push(Pack { path: p, objects });
        }
    }
    out.sort_by_key(|p| p.objects);
    Ok(out)
}

/// How many of the packs (smallest first) a geometric merge rolls up: 0 when the sequence is
/// already geometric.
fn split(counts: &[u64]) -> usize {
    let n = counts.len();
    if n < 2 {
        return 0;
    }
    // From the largest down: the first pair that breaks the progression.
    let mut i = n - 1;
    while i > 0 {
        if counts[i] < FACTOR * counts[i - 1] {
            break;
        }
        i -= 1;
    }
    if i == 0 {
        return 0;
    }
    let mut split = i + 1;
    // A pack above the split that is not twice the merged one joins the merge.
    let mut total: u64 = counts[..split].iter().sum();
    while split < n && counts[split] < FACTOR * total {
        total += counts[split];
        split += 1;
    }
    if split < 2 { 0 } else { split }
}

/// Merges small packs geometrically. Holds `.git/taskforce-gc.lock` so two never run at once.
pub fn gc(git_dir: &Path) -> Result<GcReport> {
    let lock = git_dir.join("taskforce-gc.lock");
    let held = match take_lock(&lock) {
        Some(f) => f,
        None => {
            return Err(Error::Locked(format!(
                "{}: another gc is running",
                lock.display()
            )));
        }
    };
    let result = merge(git_dir);
    drop(held);
    let _ = std::fs::remove_file(&lock);
    result
}

/// Removes `.git/taskforce-gc.lock` when the process named in it is gone.
pub(super) fn remove_dead_lock(git_dir: &Path) {
    let path = git_dir.join("taskforce-gc.lock");
    if let Some(pid) = lock_owner(&path)
        && pid != std::process::id()
        && !durable::process_alive(pid)
    {
        let _ = std::fs::remove_file(&path);
    }
    // A pid file of a gc killed before it linked it.
    for e in std::fs::read_dir(git_dir).into_iter().flatten().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if let Some(pid) = name
            .strip_prefix("taskforce-gc.")
            .and_then(|p| p.parse::<u32>().ok())
            && pid != std::process::id()
            && !durable::process_alive(pid)
        {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

fn lock_owner(path: &Path) -> Option<u32> {
    std::fs::read_to_string(path)
        .ok()?
        .trim()
        .strip_prefix("taskforce pid=")?
        .parse()
        .ok()
}

/// Takes the gc lock: the pid is written to `taskforce-gc.PID` first and linked to the lock's
/// name, so the lock never exists without its owner inside (a kill at any moment leaves either
/// nothing, a pid file, or a complete lock; recovery removes the last two when the pid is dead).
fn take_lock(path: &Path) -> Option<File> {
    let dir = path.parent()?;
    let mine = dir.join(format!("taskforce-gc.{}", std::process::id()));
    std::fs::write(&mine, format!("taskforce pid={}\n", std::process::id())).ok()?;
    let mut taken = None;
    for _ in 0..2 {
        match std::fs::hard_link(&mine, path) {
            Ok(()) => {
                taken = File::open(path).ok();
                break;
            }
            Err(_) => match lock_owner(path) {
                // A lock whose process is gone is stale.
                Some(pid) if !durable::process_alive(pid) => {
                    let _ = std::fs::remove_file(path);
                }
                _ => break,
            },
        }
    }
    let _ = std::fs::remove_file(&mine);
    taken
}

fn merge(git_dir: &Path) -> Result<GcReport> {
    let all = packs(git_dir)?;
    let counts: Vec<u64> = all.iter().map(|p| p.objects).collect();
    let n = split(&counts);
    let mut report = GcReport {
        packs_before: all.len(),
        merged: 0,
        objects: 0,
    };
    if n == 0 {
        return Ok(report);
    }
    let chosen = &all[..n];
    let repo = Repository::open(git_dir)?;
    let mut builder = repo.packbuilder()?;
    builder.set_threads(1);
    let mut ids: Vec<Oid> = Vec::new();
    for p in chosen {
        ids.extend(pack_index_ids(&p.path.with_extension("idx"))?);
    }
    ids.sort();
    ids.dedup();
    for id in &ids {
        builder.insert_object(*id, None)?;
    }
    let mut merged = git2::Buf::new();
    builder.write_buf(&mut merged)?;
    let dir = git_dir.join("objects/pack");
    let odb = repo.odb()?;
    let mut writer = odb.packwriter()?;
    writer.write_all(&merged).map_err(io_error(&dir))?;
    writer.commit()?;
    // The merged pack is on disk (libgit2 flushes it when fsync is on) before any source goes.
    sync_dir(&dir).map_err(io_error(&dir))?;
    for p in chosen {
        for ext in ["idx", "pack", "rev", "mtimes"] {
            let _ = std::fs::remove_file(p.path.with_extension(ext));
        }
    }
    report.merged = n;
    report.objects = ids.len() as u64;
    Ok(report)
}

/// Starts a detached `taskforce gc --auto` when packs have piled up; only from the taskforce
/// binary itself. Debug builds (what tests run) merge before the command returns instead, as
/// git's `gc.autoDetach=false`, so a test sees a quiescent repository and covers the merge;
/// `TASKFORCE_GC_DETACH=1` or `=0` chooses either way in any build.
pub fn spawn_if_needed(git_dir: &Path) {
    let dir = git_dir.join("objects/pack");
    let count = std::fs::read_dir(&dir)
        .map(|e| {
            e.filter_map(|e| e.ok())
                .filter(|e| e.path().extension().is_some_and(|x| x == "pack"))
                .count()
        })
        .unwrap_or(0);
    if count <= AUTO_PACKS || git_dir.join("taskforce-gc.lock").exists() {
        return;
    }
    let detach = match std::env::var("TASKFORCE_GC_DETACH").ok().as_deref() {
        Some("1") => true,
        Some("0") => false,
        _ => !cfg!(debug_assertions),
    };
    if !detach {
        let _ = gc(git_dir);
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    if exe
        .file_stem()
        .is_none_or(|s| s.to_string_lossy() != "taskforce")
    {
        return;
    }
    let mut cmd = std::process::Command::new(exe);
    cmd.arg("gc")
        .arg("--auto")
        .arg("--git-dir")
        .arg(git_dir)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    {
        use std::os::unix::process::CommandExt as _;
        // SAFETY: setsid is async-signal-safe; the child leaves our session so it outlives us
        // and is not killed with the terminal's process group.
        unsafe {
            cmd.pre_exec(|| {
                libc::setsid();
                Ok(())
            });
        }
    }
    // Reaped by init once we exit; a failure to start is only a missed merge.
    let _ = cmd.spawn();
}

/// The number of objects in a pack index (version 2).
fn pack_index_count(path: &Path) -> Result<u64> {
    let mut head = [0u8; 8 + 256 * 4];
    use std::io::Read as _;
    File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .map_err(io_error(path))?;
    if head[..4] != [0xff, b't', b'O', b'c'] || head[4..8] != [0, 0, 0, 2] {
        return Err(Error::Refused(format!(
            "{}: not a version 2 pack index",
            path.display()
        )));
    }
    let fan = &head[8 + 255 * 4..];
    Ok(u32::from_be_bytes([fan[0], fan[1], fan[2], fan[3]]) as u64)
}

/// The object ids listed in a pack index (version 2).
fn pack_index_ids(path: &Path) -> Result<Vec<Oid>> {
    let bytes = std::fs::read(path).map_err(io_error(path))?;
    let bad = || Error::Refused(format!("{}: not a version 2 pack index", path.display()));
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

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn geometric_split() {
        // Already geometric: nothing to merge.
        assert_eq!(split(&[1, 2, 4, 8]), 0);
        assert_eq!(split(&[5]), 0);
        // Twenty one-object packs beside a clone's pack: only the small ones merge.
        let mut counts = vec![1u64; 20];
        counts.push(10_000);
        assert_eq!(split(&counts), 20);
        // The small ones outgrow half of the next: it joins.
        assert_eq!(split(&[3, 3, 3, 10, 1000]), 4);
    }
}
