//! A write's few index entries set directly in git's index file (format version 2 or 3), without
//! parsing every entry into memory: a `set` at 10,000 measures otherwise spends much of its time
//! in libgit2 reading (and checksumming) a whole index of that many entries only to change one
//! or two and write them all back.
//!
//! [`update`] walks the entries once (their lengths only), replaces, inserts or removes the
//! changed ones, keeps the other bytes as they are, and writes the new checksum. What it does to
//! the rest follows git and libgit2:
//!
//! - the cache tree (`TREE`) stays, with every folder along a changed path marked invalid
//!   (`-1`), as `git add` does, so git recomputes just those trees;
//! - resolve-undo (`REUC`) and conflict names (`NAME`) are kept; other optional extensions
//!   (uppercase: the untracked cache, fsmonitor, the offset tables) are dropped, as libgit2 drops
//!   them when it writes an index;
//! - an entry left as it was whose file time is not older than the old index ("racily clean":
//!   its file may have changed within the same tick) gets its size zeroed, as git does when it
//!   rewrites an index, so git compares its content next time instead of trusting its times.
//!
//! Anything else (index version 4, a required extension such as a split or sparse index, a
//! conflict or a file/folder clash on a changed path, extended flags on a changed entry, a
//! malformed file) answers `None`, and the caller lets libgit2 do the whole job.

/// The stat data and object id of an index entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct EntryData {
    pub ctime: (u32, u32),
    pub mtime: (u32, u32),
    pub dev: u32,
    pub ino: u32,
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
    pub size: u32,
    pub id: [u8; 20],
}

impl EntryData {
    /// The same entry for libgit2 (the path the index does not edit directly).
    pub(super) fn git2_entry(&self, path: &str) -> git2::IndexEntry {
        let time = |(s, ns): (u32, u32)| git2::IndexTime::new(s as i32, ns);
        git2::IndexEntry {
            ctime: time(self.ctime),
            mtime: time(self.mtime),
            dev: self.dev,
            ino: self.ino,
            mode: self.mode,
            uid: self.uid,
            gid: self.gid,
            file_size: self.size,
            id: git2::Oid::from_bytes(&self.id).expect("20 bytes"),
            flags: path.len().min(0xfff) as u16,
            flags_extended: 0,
            path: path.as_bytes().to_vec(),
        }
    }
}

/// One entry as laid out in the file.
struct Entry {
    start: usize,
    end: usize,
    name: (usize, usize),
}

fn be32(b: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// The index file `old` with `changes` applied (`Some`: set the entry of that path, `None`:
/// remove it), checksum included; `None` when the file has a form this does not handle.
/// `old_mtime` is the old file's modification time (seconds, nanoseconds).
pub(super) fn update(
    old: &[u8],
    old_mtime: (u32, u32),
    changes: &[(&str, Option<EntryData>)],
) -> Option<Vec<u8>> {
    if old.len() < 12 + 20 || &old[..4] != b"DIRC" {
        return None;
    }
    let version = be32(old, 4);
    if !(2..=3).contains(&version) {
        return None;
    }
    let count = be32(old, 8) as usize;
    let body_end = old.len() - 20;
    let mut entries = Vec::with_capacity(count);
    let mut off = 12;
    for _ in 0..count {
        if off + 62 > body_end {
            return None;
        }
        let flags = u16::from_be_bytes([old[off + 60], old[off + 61]]);
        let extended = flags & 0x4000 != 0;
        if extended && version < 3 {
            return None;
        }
        let head = if extended { 64 } else { 62 };
        let name_start = off + head;
        let name_len = old
            .get(name_start..body_end)?
            .iter()
            .position(|&b| b == 0)?;
        let flag_len = usize::from(flags & 0xfff);
        if flag_len < 0xfff && flag_len != name_len {
            return None;
        }
        let end = off + ((head + name_len + 8) & !7);
        if end > body_end {
            return None;
        }
        entries.push(Entry {
            start: off,
            end,
            name: (name_start, name_start + name_len),
        });
        off = end;
    }
    let name = |e: &Entry| &old[e.name.0..e.name.1];
    let stage = |e: &Entry| (u16::from_be_bytes([old[e.start + 60], old[e.start + 61]]) >> 12) & 3;
    // The extensions to keep: (signature, data).
    let mut extensions: Vec<(&[u8], &[u8])> = Vec::new();
    while off < body_end {
        if off + 8 > body_end {
            return None;
        }
        let sig = &old[off..off + 4];
        let size = be32(old, off + 4) as usize;
        let data = old.get(off + 8..(off + 8).checked_add(size)?)?;
        if off + 8 + size > body_end {
            return None;
        }
        match sig {
            b"TREE" | b"REUC" | b"NAME" => extensions.push((sig, data)),
            // Optional: may be dropped (libgit2 drops them too).
            _ if sig[0].is_ascii_uppercase() => {}
            // Required (a split or sparse index, or one this does not know).
            _ => return None,
        }
        off += 8 + size;
    }

    // Where each change goes: (index of the first entry not before it, replaces that entry).
    let position = |path: &[u8]| entries.partition_point(|e| name(e) < path);
    let mut paths: Vec<&str> = changes.iter().map(|(p, _)| *p).collect();
    paths.sort_unstable();
    if paths.windows(2).any(|w| w[0] == w[1]) {
        return None;
    }
    let mut plan: Vec<(usize, bool, &str, Option<EntryData>)> = Vec::new();
    for (path, data) in changes {
        let p = path.as_bytes();
        if p.is_empty() {
            return None;
        }
        let at = position(p);
        let exists = entries.get(at).is_some_and(|e| name(e) == p);
        if exists {
            let e = &entries[at];
            // A conflict (stages 1–3) or an entry with extended flags: libgit2 decides.
            if stage(e) != 0
                || entries.get(at + 1).is_some_and(|n| name(n) == p)
                || u16::from_be_bytes([old[e.start + 60], old[e.start + 61]]) & 0x4000 != 0
            {
                return None;
            }
        } else if data.is_some() {
            // A new entry must not clash with a file at one of its folders or with entries
            // below a folder of its name.
            for (i, b) in p.iter().enumerate() {
                if *b == b'/'
                    && entries
                        .get(position(&p[..i]))
                        .is_some_and(|e| name(e) == &p[..i])
                {
                    return None;
                }
            }
            let mut below = p.to_vec();
            below.push(b'/');
            if entries
                .get(position(&below))
                .is_some_and(|e| name(e).starts_with(&below))
            {
                return None;
            }
        }
        if exists || data.is_some() {
            plan.push((at, exists, path, *data));
        }
    }
    plan.sort_by(|a, b| a.0.cmp(&b.0).then(a.2.cmp(b.2)));

    let mut out = Vec::with_capacity(old.len() + 256);
    out.extend_from_slice(&old[..12]);
    let mut new_count = 0u32;
    let mut next = plan.iter().peekable();
    for (i, e) in entries.iter().enumerate() {
        let mut replaced = false;
        while let Some((_, exists, path, data)) = next.next_if(|c| c.0 == i) {
            if let Some(d) = data {
                write_entry(&mut out, path, d);
                new_count += 1;
            }
            replaced |= *exists;
        }
        if replaced {
            continue;
        }
        let at = out.len();
        out.extend_from_slice(&old[e.start..e.end]);
        new_count += 1;
        let mtime = (be32(old, e.start + 8), be32(old, e.start + 12));
        if mtime >= old_mtime {
            out[at + 36..at + 40].copy_from_slice(&[0; 4]);
        }
    }
    for (_, _, path, data) in next {
        if let Some(d) = data {
            write_entry(&mut out, path, d);
            new_count += 1;
        }
    }
    out[8..12].copy_from_slice(&new_count.to_be_bytes());

    // The folders whose cached trees the changes make stale: the root and every folder along
    // each path.
    let mut stale: Vec<&[u8]> = vec![b""];
    for (path, _) in changes {
        let p = path.as_bytes();
        for (i, b) in p.iter().enumerate() {
            if *b == b'/' {
                stale.push(&p[..i]);
            }
        }
    }
    for (sig, data) in extensions {
        let data = if sig == b"TREE" {
            let mut tree = Vec::with_capacity(data.len());
            let mut at = 0;
            let mut path = Vec::new();
            invalidate(data, &mut at, &mut path, &stale, &mut tree)?;
            if at != data.len() {
                return None;
            }
            std::borrow::Cow::Owned(tree)
        } else {
            std::borrow::Cow::Borrowed(data)
        };
        out.extend_from_slice(sig);
        out.extend_from_slice(&u32::try_from(data.len()).ok()?.to_be_bytes());
        out.extend_from_slice(&data);
    }
    let sum = sha1(&out);
    out.extend_from_slice(&sum);
    Some(out)
}

/// Appends one entry (no extended flags) in the on-disk layout.
fn write_entry(out: &mut Vec<u8>, path: &str, d: &EntryData) {
    let start = out.len();
    for v in [
        d.ctime.0, d.ctime.1, d.mtime.0, d.mtime.1, d.dev, d.ino, d.mode, d.uid, d.gid, d.size,
    ] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    out.extend_from_slice(&d.id);
    let flags = path.len().min(0xfff) as u16;
    out.extend_from_slice(&flags.to_be_bytes());
    out.extend_from_slice(path.as_bytes());
    let len = (62 + path.len() + 8) & !7;
    out.resize(start + len, 0);
}

/// Copies one node of a cache tree (and its subtrees) from `data` at `at` to `out`, marking it
/// invalid when its folder (`path` plus its own name) is in `stale`. `None` when malformed.
fn invalidate(
    data: &[u8],
    at: &mut usize,
    path: &mut Vec<u8>,
    stale: &[&[u8]],
    out: &mut Vec<u8>,
) -> Option<()> {
    let rest = data.get(*at..)?;
    let nul = rest.iter().position(|&b| b == 0)?;
    let name = &rest[..nul];
    let line = &rest[nul + 1..];
    let sp = line.iter().position(|&b| b == b' ')?;
    let nl = line.iter().position(|&b| b == b'\n')?;
    if nl < sp {
        return None;
    }
    let count: i64 = std::str::from_utf8(&line[..sp]).ok()?.parse().ok()?;
    let subtrees: usize = std::str::from_utf8(&line[sp + 1..nl]).ok()?.parse().ok()?;
    let mut next = *at + nul + 1 + nl + 1;
    let oid = if count >= 0 {
        let o = data.get(next..next + 20)?;
        next += 20;
        Some(o)
    } else {
        None
    };
    let len = path.len();
    if !name.is_empty() {
        if !path.is_empty() {
            path.push(b'/');
        }
        path.extend_from_slice(name);
    }
    out.extend_from_slice(name);
    out.push(0);
    match oid {
        Some(o) if !stale.contains(&path.as_slice()) => {
            out.extend_from_slice(&line[..nl + 1]);
            out.extend_from_slice(o);
        }
        _ => out.extend_from_slice(format!("-1 {subtrees}\n").as_bytes()),
    }
    *at = next;
    for _ in 0..subtrees {
        invalidate(data, at, path, stale, out)?;
    }
    path.truncate(len);
    Some(())
}

/// SHA-1 of `data` (the index checksum; not used for object ids, which libgit2 computes).
/// The `sha1` crate uses the x86 SHA extensions when the processor has them: the index of a
/// large plan is a megabyte or two, hashed on every write.
pub(super) fn sha1(data: &[u8]) -> [u8; 20] {
    use sha1::Digest as _;
    sha1::Sha1::digest(data).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index checksum agrees with git's SHA-1 (object ids hash `blob LEN\0` + the bytes).
    #[test]
    fn sha1_matches_git() {
        for len in [0usize, 1, 55, 56, 63, 64, 65, 119, 120, 1000, 70_000] {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 31 % 251) as u8).collect();
            let mut framed = format!("blob {len}\0").into_bytes();
            framed.extend_from_slice(&bytes);
            let ours = sha1(&framed);
            let git = git2::Oid::hash_object(git2::ObjectType::Blob, &bytes).unwrap();
            assert_eq!(&ours[..], git.as_bytes(), "length {len}");
        }
    }
}
