//! Building the history cache: every commit from HEAD, newest first by commit time (as
//! `git log` lists them), with the items its trailers name, reading each commit object once
//! (for its parents and its message together).
//!
//! Cold (after a clone) every commit message is inflated: the trailers that name the items
//! are at its end. With git's commit-graph the walk reads no object; the messages are read
//! straight from the mapped packs (deltas applied here, libgit2 only for what is not in a
//! pack) on every core, and only the last paragraph of each is looked at.

use std::collections::{BinaryHeap, HashSet};

use git2::Oid;

/// What the history index needs of a commit object.
pub(super) struct Commit {
    pub time: i64,
    pub parents: Vec<Oid>,
    /// The items its `Item:` trailers name.
    pub items: Vec<String>,
}

/// Reads a raw commit object: headers (`parent`, `committer`), a blank line, the message.
pub(super) fn parse_commit(data: &[u8]) -> Commit {
    let end = blank_line(data).unwrap_or(data.len());
    let (headers, message) = (&data[..end], data.get(end + 2..).unwrap_or_default());
    let mut parents = Vec::new();
    let mut time = 0;
    for line in headers.split(|&b| b == b'\n') {
        if let Some(p) = line.strip_prefix(b"parent ") {
            parents.extend(
                std::str::from_utf8(p)
                    .ok()
                    .and_then(|p| Oid::from_str(p.trim()).ok()),
            );
        } else if let Some(c) = line.strip_prefix(b"committer ") {
            // `Name <email> 1700000000 +0800`: the time is the second field from the end.
            time = c
                .rsplit(|&b| b == b' ')
                .nth(1)
                .and_then(|t| std::str::from_utf8(t).ok()?.parse().ok())
                .unwrap_or(0);
        }
    }
    Commit {
        time,
        parents,
        items: message_items(message),
    }
}

/// The items of a commit object whose `parent` lines are the graph's `parents` (by
/// position), in order, right after its `tree` line and nowhere else, as
/// [`parse_commit`] reads them; `None` when that is not plainly so (then [`parse_commit`]
/// decides).
fn items_if_parents(data: &[u8], graph: &Graph, parents: &[u32]) -> Option<Vec<String>> {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let rest = data.strip_prefix(b"tree ")?;
    let mut rest = &rest[rest.iter().position(|&b| b == b'\n')? + 1..];
    let mut want = [0u8; 40];
    for &p in parents {
        let line = rest.strip_prefix(b"parent ")?;
        for (i, b) in graph.id_bytes(p as usize)?.iter().enumerate() {
            want[2 * i] = HEX[usize::from(b >> 4)];
            want[2 * i + 1] = HEX[usize::from(b & 0xf)];
        }
        if line.get(..40)? != want || line.get(40) != Some(&b'\n') {
            return None;
        }
        rest = &line[41..];
    }
    // The other header lines, up to the blank line: none may be a `parent` line.
    let mut at = 0;
    loop {
        let line_end = at + rest.get(at..)?.iter().position(|&b| b == b'\n')?;
        if rest[at..line_end].starts_with(b"parent ") {
            return None;
        }
        if rest.get(line_end + 1) == Some(&b'\n') {
            return Some(message_items(&rest[line_end + 2..]));
        }
        at = line_end + 1;
    }
}

/// Where the first blank line (`\n\n`) of `data` starts.
fn blank_line(data: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = data.get(from..)?.iter().position(|&b| b == b'\n') {
        let at = from + i;
        if data.get(at + 1) == Some(&b'\n') {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// The items the trailer block of a commit message names, as
/// [`super::history::parse_trailers`] reads them. Only the last paragraph is looked at when
/// the message ends in ASCII (its end trimmed by bytes, the blank line before it found from
/// the end); else, or when that paragraph is not UTF-8, the whole message is decoded.
fn message_items(message: &[u8]) -> Vec<String> {
    // `str::trim_end`'s whitespace among ASCII bytes.
    let mut end = message.len();
    while end > 0 && matches!(message[end - 1], b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r') {
        end -= 1;
    }
    if end > 0 && message[end - 1] >= 0x80 {
        return message_items_whole(message);
    }
    let trimmed = &message[..end];
    // After the last `\n\n`.
    let mut start = 0;
    let mut upto = trimmed.len();
    while let Some(i) = trimmed[..upto].iter().rposition(|&b| b == b'\n') {
        if i + 1 < trimmed.len() && trimmed[i + 1] == b'\n' {
            start = i + 2;
            break;
        }
        upto = i;
    }
    let block = &trimmed[start..];
    // The block's lines as `str::lines` splits them, each `Key: value` with a key of ASCII
    // letters, digits and `-` (else there is no block); only `Item` values are decoded.
    let mut items = Vec::new();
    for line in block.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let Some(colon) = line.windows(2).position(|w| w == b": ") else {
            return Vec::new();
        };
        let key = &line[..colon];
        if key.is_empty() || !key.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-') {
            return Vec::new();
        }
        if key == b"Item" {
            let Ok(value) = std::str::from_utf8(&line[colon + 2..]) else {
                return message_items_whole(message);
            };
            if valid_item(value) {
                items.push(value.to_string());
            }
        }
    }
    items
}

/// [`message_items`] by decoding the whole message.
fn message_items_whole(message: &[u8]) -> Vec<String> {
    if !message.windows(6).any(|w| w == b"Item: ") {
        return Vec::new();
    }
    match std::str::from_utf8(message) {
        Ok(text) => trailer_items(text),
        Err(_) => super::history::parse_trailers(&String::from_utf8_lossy(message))
            .into_iter()
            .filter(|(k, v)| k == "Item" && valid_item(v))
            .map(|(_, v)| v)
            .collect(),
    }
}

fn valid_item(v: &str) -> bool {
    !v.is_empty() && !v.contains(char::is_whitespace)
}

/// The `Item:` values of the trailer block of `message`, as [`super::history::parse_trailers`]
/// reads the block (the last paragraph; no block when one of its lines is not `Key: value`),
/// without building the other trailers.
fn trailer_items(message: &str) -> Vec<String> {
    let last = message.trim_end().rsplit("\n\n").next().unwrap_or("");
    let mut items = Vec::new();
    for line in last.lines() {
        let Some((k, v)) = line.split_once(": ") else {
            return Vec::new();
        };
        if k.is_empty() || !k.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-') {
            return Vec::new();
        }
        if k == "Item" && valid_item(v) {
            items.push(v.to_string());
        }
    }
    items
}

/// Every commit reachable from `head`, newest first by commit time, with the items its
/// trailers name: from git's commit-graph and the packs, on every core, when the graph is
/// there; else by a walk that reads each commit once.
pub(super) fn index_all(
    repo: &git2::Repository,
    head: Oid,
) -> Result<Vec<(Oid, Vec<String>)>, git2::Error> {
    // Git checks no object's hash when reading either; 10,000 commit objects take a sixth
    // less time without it.
    let _fast = FastReads::start();
    if let Some(graph) = Graph::open(repo.path())
        && let Some(index) = index_with_graph(repo, head, &graph)?
    {
        return Ok(index);
    }
    index_by_walk(repo, head)
}

/// [`index_all`] by a walk that reads each commit object once.
fn index_by_walk(
    repo: &git2::Repository,
    head: Oid,
) -> Result<Vec<(Oid, Vec<String>)>, git2::Error> {
    let odb = repo.odb()?;
    let mut seen: HashSet<Oid> = HashSet::new();
    // (commit time, reverse order of discovery, id, the commit)
    let mut heap: BinaryHeap<(i64, std::cmp::Reverse<usize>, Oid)> = BinaryHeap::new();
    let mut read: std::collections::HashMap<Oid, Commit> = Default::default();
    let mut push = |oid: Oid,
                    heap: &mut BinaryHeap<_>,
                    read: &mut std::collections::HashMap<Oid, Commit>|
     -> Result<(), git2::Error> {
        if seen.insert(oid) {
            let commit = parse_commit(odb.read(oid)?.data());
            heap.push((commit.time, std::cmp::Reverse(seen.len()), oid));
            read.insert(oid, commit);
        }
        Ok(())
    };
    push(head, &mut heap, &mut read)?;
    let mut out = Vec::new();
    while let Some((_, _, oid)) = heap.pop() {
        let Some(commit) = read.remove(&oid) else {
            continue;
        };
        for parent in &commit.parents {
            push(*parent, &mut heap, &mut read)?;
        }
        out.push((oid, commit.items));
    }
    Ok(out)
}

/// Turns libgit2's hash check of objects read off while it lives (git checks no object's hash
/// when reading either). The check is a process-wide setting: it is back on when the last
/// of these (on any thread) ends.
pub(super) struct FastReads(());

static FAST_READS: std::sync::Mutex<usize> = std::sync::Mutex::new(0);

impl FastReads {
    pub(super) fn start() -> FastReads {
        let mut n = FAST_READS.lock().unwrap_or_else(|e| e.into_inner());
        if *n == 0 {
            git2::opts::strict_hash_verification(false);
        }
        *n += 1;
        FastReads(())
    }
}

impl Drop for FastReads {
    fn drop(&mut self) {
        let mut n = FAST_READS.lock().unwrap_or_else(|e| e.into_inner());
        *n = n.saturating_sub(1);
        if *n == 0 {
            git2::opts::strict_hash_verification(true);
        }
    }
}

/// Git's commit-graph file (`objects/info/commit-graph`: one file, SHA-1): every commit with
/// its parents and commit time, so a walk reads no commit object.
pub(super) struct Graph {
    data: Vec<u8>,
    count: usize,
    lookup: usize,
    commits: usize,
    edges: Option<usize>,
}

const NO_PARENT: u32 = 0x7000_0000;

fn be32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

impl Graph {
    pub(super) fn open(git_dir: &std::path::Path) -> Option<Graph> {
        let data = std::fs::read(git_dir.join("objects/info/commit-graph")).ok()?;
        // Signature, version 1, hash version 1 (SHA-1), chunk count, no base graphs.
        if data.get(0..4)? != b"CGPH" || data[4] != 1 || data[5] != 1 || data[7] != 0 {
            return None;
        }
        let mut chunks: std::collections::HashMap<[u8; 4], usize> = Default::default();
        for i in 0..usize::from(data[6]) {
            let at = 8 + i * 12;
            let id: [u8; 4] = data.get(at..at + 4)?.try_into().ok()?;
            let offset = u64::from_be_bytes(data.get(at + 4..at + 12)?.try_into().ok()?);
            chunks.insert(id, usize::try_from(offset).ok()?);
        }
        let count = be32(&data, *chunks.get(b"OIDF")? + 255 * 4)? as usize;
        let (lookup, commits) = (*chunks.get(b"OIDL")?, *chunks.get(b"CDAT")?);
        data.get(lookup..lookup.checked_add(count.checked_mul(20)?)?)?;
        data.get(commits..commits.checked_add(count.checked_mul(36)?)?)?;
        Some(Graph {
            count,
            lookup,
            commits,
            edges: chunks.get(b"EDGE").copied(),
            data,
        })
    }

    fn id(&self, pos: usize) -> Option<Oid> {
        let at = self.lookup + pos * 20;
        Oid::from_bytes(self.data.get(at..at + 20)?).ok()
    }

    /// The position of `oid` (the ids are sorted).
    fn find(&self, oid: Oid) -> Option<usize> {
        let want = oid.as_bytes();
        let (mut lo, mut hi) = (0, self.count);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let at = self.lookup + mid * 20;
            match self.data[at..at + 20].cmp(want) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// The id of the commit at `pos`, as bytes.
    fn id_bytes(&self, pos: usize) -> Option<&[u8]> {
        if pos >= self.count {
            return None;
        }
        let at = self.lookup + pos * 20;
        self.data.get(at..at + 20)
    }

    /// The commit time of the commit at `pos`.
    fn time_at(&self, pos: usize) -> Option<i64> {
        let at = self.commits + pos.checked_mul(36)?;
        let (hi, lo) = (be32(&self.data, at + 28)?, be32(&self.data, at + 32)?);
        Some((i64::from(hi & 0x3) << 32) | i64::from(lo))
    }

    /// The positions of the parents of the commit at `pos`, into `out`.
    fn parents_at(&self, pos: usize, out: &mut Vec<u32>) -> Option<()> {
        out.clear();
        if pos >= self.count {
            return None;
        }
        let at = self.commits + pos * 36;
        let (p1, p2) = (be32(&self.data, at + 20)?, be32(&self.data, at + 24)?);
        let valid = |p: u32| (p as usize) < self.count;
        if p1 != NO_PARENT {
            out.push(p1);
        }
        if p2 & 0x8000_0000 != 0 {
            // An octopus merge: its other parents are a run of the EDGE chunk.
            let mut at = self.edges? + (p2 & 0x7fff_ffff) as usize * 4;
            loop {
                let e = be32(&self.data, at)?;
                out.push(e & 0x7fff_ffff);
                if e & 0x8000_0000 != 0 {
                    break;
                }
                at += 4;
            }
        } else if p2 != NO_PARENT {
            out.push(p2);
        }
        out.iter().all(|p| valid(*p)).then_some(())
    }

    /// The commit time and parents of the commit `oid`.
    pub(super) fn commit(&self, oid: Oid) -> Option<(i64, Vec<Oid>)> {
        let pos = self.find(oid)?;
        let mut parents = Vec::new();
        self.parents_at(pos, &mut parents)?;
        let parents = parents
            .into_iter()
            .map(|p| self.id(p as usize))
            .collect::<Option<Vec<Oid>>>()?;
        Some((self.time_at(pos)?, parents))
    }
}

/// A file mapped read-only into memory (packs and their indexes: git never rewrites one in
/// place, it writes a new one and renames it).
struct Mapped {
    ptr: *const u8,
    len: usize,
}

// The mapping is read-only and lives as long as the value.
unsafe impl Send for Mapped {}
unsafe impl Sync for Mapped {}

impl Mapped {
    fn open(path: &std::path::Path) -> Option<Mapped> {
        use std::os::fd::AsRawFd as _;
        let file = std::fs::File::open(path).ok()?;
        let len = usize::try_from(file.metadata().ok()?.len()).ok()?;
        if len == 0 {
            return None;
        }
        // SAFETY: a private read-only mapping of a whole file we opened; unmapped on drop.
        let ptr = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ,
                libc::MAP_PRIVATE,
                file.as_raw_fd(),
                0,
            )
        };
        if ptr == libc::MAP_FAILED {
            return None;
        }
        Some(Mapped {
            ptr: ptr.cast(),
            len,
        })
    }

    fn bytes(&self) -> &[u8] {
        // SAFETY: `ptr` maps `len` readable bytes until `self` is dropped.
        unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
    }
}

impl Drop for Mapped {
    fn drop(&mut self) {
        // SAFETY: the mapping made in `open`, unmapped once.
        unsafe {
            libc::munmap(self.ptr.cast_mut().cast(), self.len);
        }
    }
}

/// One pack and its index (version 2), both mapped.
struct Pack {
    idx: Mapped,
    data: Mapped,
}

/// The packs: where each object is, so a commit is read straight from its pack.
struct Packs {
    packs: Vec<Pack>,
}

impl Packs {
    fn open(git_dir: &std::path::Path) -> Packs {
        let mut packs = Vec::new();
        let dir = git_dir.join("objects/pack");
        for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = e.path();
            if path.extension().is_some_and(|x| x == "idx")
                && let Some(idx) = Mapped::open(&path)
                && idx.bytes().get(0..8) == Some(&[0xff, b't', b'O', b'c', 0, 0, 0, 2])
                && idx.len >= 8 + 256 * 4
                && let Some(data) = Mapped::open(&path.with_extension("pack"))
                && data.bytes().get(0..4) == Some(b"PACK")
            {
                packs.push(Pack { idx, data });
            }
        }
        Packs { packs }
    }

    /// Which pack holds `oid`, and where.
    fn find(&self, oid: &[u8]) -> Option<(usize, usize)> {
        let want: &[u8; 20] = oid.try_into().ok()?;
        let want_head = u64::from_be_bytes(want[..8].try_into().ok()?);
        for (n, pack) in self.packs.iter().enumerate() {
            let idx = pack.idx.bytes();
            let count = be32(idx, 8 + 255 * 4)? as usize;
            let first = usize::from(want[0]);
            let lo_at = if first == 0 {
                0
            } else {
                be32(idx, 8 + (first - 1) * 4)? as usize
            };
            let (mut lo, mut hi) = (lo_at, be32(idx, 8 + first * 4)? as usize);
            let names = 8 + 256 * 4;
            while lo < hi {
                let mid = (lo + hi) / 2;
                let name = idx.get(names + mid * 20..names + mid * 20 + 20)?;
                // The first 8 bytes decide almost every comparison.
                let head = u64::from_be_bytes(name[..8].try_into().ok()?);
                match head.cmp(&want_head).then_with(|| name[8..].cmp(&want[8..])) {
                    std::cmp::Ordering::Less => lo = mid + 1,
                    std::cmp::Ordering::Greater => hi = mid,
                    std::cmp::Ordering::Equal => return Some((n, offset_at(idx, count, mid)?)),
                }
            }
        }
        None
    }

    /// Where each commit of `graph` is (pack, offset), by its position: one pass over the
    /// graph's sorted ids beside each index's sorted names, no search per commit.
    fn offsets_of(&self, graph: &Graph) -> Vec<Option<(usize, usize)>> {
        let mut out = vec![None; graph.count];
        let names = 8 + 256 * 4;
        for (n, pack) in self.packs.iter().enumerate() {
            let idx = pack.idx.bytes();
            let Some(count) = be32(idx, 8 + 255 * 4).map(|c| c as usize) else {
                continue;
            };
            if idx.len() < names + count * 28 {
                continue;
            }
            let head = |i: usize| u64::from_be_bytes(idx[i..i + 8].try_into().unwrap_or([0; 8]));
            let mut i = 0;
            for (pos, slot) in out.iter_mut().enumerate() {
                if slot.is_some() {
                    continue;
                }
                let Some(want) = graph.id_bytes(pos) else {
                    break;
                };
                let want_head = u64::from_be_bytes(want[..8].try_into().unwrap_or([0; 8]));
                while i < count {
                    let at = names + i * 20;
                    let order = head(at)
                        .cmp(&want_head)
                        .then_with(|| idx[at + 8..at + 20].cmp(&want[8..]));
                    match order {
                        std::cmp::Ordering::Less => i += 1,
                        std::cmp::Ordering::Equal => {
                            *slot = offset_at(idx, count, i).map(|o| (n, o));
                            break;
                        }
                        std::cmp::Ordering::Greater => break,
                    }
                }
                if i == count {
                    break;
                }
            }
        }
        out
    }

    /// The commit object `oid` read from its pack, whole or as a delta (against an object
    /// in the same pack or, by id, in any): `None` when it is in no pack, is not a commit or
    /// anything looks wrong, so libgit2 reads it instead.
    #[cfg(test)]
    fn read_commit(&self, inf: &mut Inflater, oid: &[u8]) -> Option<Vec<u8>> {
        let (n, offset) = self.find(oid)?;
        let mut out = Vec::new();
        self.read_commit_at(inf, n, offset, &mut out)?;
        Some(out)
    }

    /// [`Packs::read_commit`] of the entry at `offset` of pack `n`, into `out`.
    fn read_commit_at(
        &self,
        inf: &mut Inflater,
        n: usize,
        offset: usize,
        out: &mut Vec<u8>,
    ) -> Option<()> {
        (self.read_entry(inf, n, offset, 0, out)? == 1).then_some(())
    }

    /// The type of the entry at `offset` of pack `n`, its contents into `out`, its delta
    /// chain followed (at most 64 deep; git makes them 50 at most).
    fn read_entry(
        &self,
        inf: &mut Inflater,
        n: usize,
        offset: usize,
        depth: u32,
        out: &mut Vec<u8>,
    ) -> Option<u8> {
        if depth > 64 {
            return None;
        }
        let data = self.packs.get(n)?.data.bytes();
        // The entries end where the pack's trailing checksum begins.
        let data = data.get(..data.len().checked_sub(20)?)?;
        // The entry header: type in bits 4-6 of the first byte, the size in 4 + 7k bits.
        let first = *data.get(offset)?;
        let kind = (first >> 4) & 0x7;
        let mut size = u64::from(first & 0x0f);
        let mut shift = 4;
        let mut at = offset + 1;
        let mut byte = first;
        while byte & 0x80 != 0 {
            byte = *data.get(at)?;
            size |= u64::from(byte & 0x7f) << shift;
            shift += 7;
            at += 1;
            if shift > 56 {
                return None;
            }
        }
        let size = usize::try_from(size).ok().filter(|s| *s < 1 << 24)?;
        let (base_pack, base_at, delta_at) = match kind {
            1..=4 => {
                inf.inflate(data.get(at..)?, size, out)?;
                return Some(kind);
            }
            6 => {
                // OFS_DELTA: the base is this many bytes before the entry.
                let mut byte = *data.get(at)?;
                at += 1;
                let mut back = usize::from(byte & 0x7f);
                while byte & 0x80 != 0 {
                    byte = *data.get(at)?;
                    at += 1;
                    back = back.checked_add(1)?.checked_mul(128)? | usize::from(byte & 0x7f);
                }
                (n, offset.checked_sub(back).filter(|b| *b > 0)?, at)
            }
            7 => {
                // REF_DELTA: the base by its id.
                let (bn, base_at) = self.find(data.get(at..at + 20)?)?;
                (bn, base_at, at + 20)
            }
            _ => return None,
        };
        let mut delta = Vec::new();
        inf.inflate(data.get(delta_at..)?, size, &mut delta)?;
        let mut base = Vec::new();
        let kind = self.read_entry(inf, base_pack, base_at, depth + 1, &mut base)?;
        apply_delta(&base, &delta, out)?;
        Some(kind)
    }
}

/// The pack offset of the `i`th name of a pack index (version 2) of `count` objects.
fn offset_at(idx: &[u8], count: usize, i: usize) -> Option<usize> {
    let offsets = 8 + 256 * 4 + count * 24;
    let small = be32(idx, offsets + i * 4)?;
    let offset = if small & 0x8000_0000 == 0 {
        u64::from(small)
    } else {
        let at = offsets + count * 4 + (small & 0x7fff_ffff) as usize * 8;
        u64::from_be_bytes(idx.get(at..at + 8)?.try_into().ok()?)
    };
    usize::try_from(offset).ok()
}

/// Git's delta format: the base's size, the result's size, then copies from the base and
/// inserted bytes.
fn apply_delta(base: &[u8], delta: &[u8], out: &mut Vec<u8>) -> Option<()> {
    let mut at = 0;
    let varint = |at: &mut usize| -> Option<usize> {
        let mut value = 0usize;
        let mut shift = 0;
        loop {
            let byte = *delta.get(*at)?;
            *at += 1;
            value |= usize::from(byte & 0x7f).checked_shl(shift)?;
            shift += 7;
            if byte & 0x80 == 0 || shift > 56 {
                return (byte & 0x80 == 0).then_some(value);
            }
        }
    };
    if varint(&mut at)? != base.len() {
        return None;
    }
    let size = varint(&mut at)?;
    if size >= 1 << 24 {
        return None;
    }
    out.clear();
    out.reserve(size);
    while let Some(&op) = delta.get(at) {
        at += 1;
        if op & 0x80 != 0 {
            let (mut from, mut len) = (0usize, 0usize);
            for i in 0..4 {
                if op & (1 << i) != 0 {
                    from |= usize::from(*delta.get(at)?) << (8 * i);
                    at += 1;
                }
            }
            for i in 0..3 {
                if op & (0x10 << i) != 0 {
                    len |= usize::from(*delta.get(at)?) << (8 * i);
                    at += 1;
                }
            }
            if len == 0 {
                len = 0x10000;
            }
            out.extend_from_slice(base.get(from..from.checked_add(len)?)?);
        } else if op != 0 {
            let len = usize::from(op);
            out.extend_from_slice(delta.get(at..at + len)?);
            at += len;
        } else {
            return None;
        }
        if out.len() > size {
            return None;
        }
    }
    (out.len() == size).then_some(())
}

/// What reading objects from packs reuses from one object to the next on a thread: the
/// decompressor (its state and window are allocated once).
pub(super) struct Inflater {
    z: flate2::Decompress,
}

impl Inflater {
    pub(super) fn new() -> Inflater {
        Inflater {
            z: flate2::Decompress::new(true),
        }
    }

    /// The `size` bytes of the zlib stream at the start of `input`, into `out`.
    fn inflate(&mut self, input: &[u8], size: usize, out: &mut Vec<u8>) -> Option<()> {
        let z = &mut self.z;
        z.reset(true);
        out.clear();
        // Room past `size`: the fast decoder runs while 258 bytes of room are left, and the
        // stream's end is read in the same call.
        out.reserve(size + 320);
        let mut at = 0;
        // Each round makes progress or gives up; one is the rule.
        for _ in 0..64 {
            let before = z.total_in();
            let status = z
                .decompress_vec(&input[at..], out, flate2::FlushDecompress::Finish)
                .ok()?;
            at += usize::try_from(z.total_in() - before).ok()?;
            if status == flate2::Status::StreamEnd {
                return (out.len() == size).then_some(());
            }
            if out.len() > size || at >= input.len() {
                return None;
            }
            if out.capacity() - out.len() < 64 {
                out.reserve(320);
            }
        }
        None
    }
}

/// A commit in the walk of [`index_with_graph`]: its position in the commit-graph, or (at
/// `count` and after) one read because the graph does not have it.
type Node = u32;

/// [`index_all`] with the commit-graph: the order and parents from the graph (a commit not in
/// it is read to learn them), every message read from the packs by as many threads as there
/// are cores. `None` when an object's parents disagree with the graph.
#[allow(clippy::type_complexity)]
fn index_with_graph(
    repo: &git2::Repository,
    head: Oid,
    graph: &Graph,
) -> Result<Option<Vec<(Oid, Vec<String>)>>, git2::Error> {
    let odb = repo.odb()?;
    let count = graph.count;
    if count >= (u32::MAX / 2) as usize {
        return Ok(None);
    }
    // Commits the graph does not have, read by libgit2: their ids and contents.
    let mut extra: Vec<(Oid, Commit)> = Vec::new();
    let mut extra_seen: std::collections::HashMap<Oid, Node> = Default::default();
    let mut seen = vec![false; count];
    let mut discovered = 0usize;
    // (commit time, reverse order of discovery, the commit)
    let mut heap: BinaryHeap<(i64, std::cmp::Reverse<usize>, Node)> = BinaryHeap::new();
    let mut parents: Vec<u32> = Vec::new();
    let mut push = |oid: Option<Oid>,
                    pos: Option<usize>,
                    heap: &mut BinaryHeap<_>,
                    extra: &mut Vec<(Oid, Commit)>|
     -> Result<Option<()>, git2::Error> {
        let pos = match pos {
            Some(p) => Some(p),
            None => oid.and_then(|o| graph.find(o)),
        };
        if let Some(pos) = pos {
            if std::mem::replace(&mut seen[pos], true) {
                return Ok(Some(()));
            }
            discovered += 1;
            let Some(time) = graph.time_at(pos) else {
                return Ok(None);
            };
            heap.push((time, std::cmp::Reverse(discovered), pos as Node));
            return Ok(Some(()));
        }
        let Some(oid) = oid else {
            return Ok(None);
        };
        if extra_seen.contains_key(&oid) {
            return Ok(Some(()));
        }
        discovered += 1;
        let commit = parse_commit(odb.read(oid)?.data());
        let node = (count + extra.len()) as Node;
        extra_seen.insert(oid, node);
        heap.push((commit.time, std::cmp::Reverse(discovered), node));
        extra.push((oid, commit));
        Ok(Some(()))
    };
    if push(Some(head), None, &mut heap, &mut extra)?.is_none() {
        return Ok(None);
    }
    let mut order: Vec<Node> = Vec::new();
    while let Some((_, _, node)) = heap.pop() {
        let pos = node as usize;
        if pos < count {
            if graph.parents_at(pos, &mut parents).is_none() {
                return Ok(None);
            }
            for &p in &parents {
                if push(None, Some(p as usize), &mut heap, &mut extra)?.is_none() {
                    return Ok(None);
                }
            }
        } else {
            let ids = extra[pos - count].1.parents.clone();
            for p in ids {
                if push(Some(p), None, &mut heap, &mut extra)?.is_none() {
                    return Ok(None);
                }
            }
        }
        order.push(node);
    }
    // The graph's commits, read from the packs on every core (this thread reads a share).
    let in_graph: Vec<usize> = order
        .iter()
        .map(|n| *n as usize)
        .filter(|n| *n < count)
        .collect();
    let packs = Packs::open(repo.path());
    let offsets = packs.offsets_of(graph);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    // The commits are handed out in blocks as each thread asks for more, so a thread the
    // system runs less (a busy machine) takes fewer.
    const BLOCK: usize = 128;
    let next = std::sync::atomic::AtomicUsize::new(0);
    // Per commit: its items, `Some(None)` when the pack reader could not read it, `None`
    // when its parents disagree with the graph; by block.
    #[allow(clippy::type_complexity)]
    let read_blocks = || -> Vec<(usize, Vec<Option<Option<Vec<String>>>>)> {
        let mut inflater = Inflater::new();
        let mut parents = Vec::new();
        let mut data = Vec::new();
        let mut done = Vec::new();
        loop {
            let block = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(part) = in_graph.chunks(BLOCK).nth(block) else {
                return done;
            };
            let found =
                part.iter()
                    .map(|&pos| {
                        let read = offsets[pos].and_then(|(n, offset)| {
                            packs.read_commit_at(&mut inflater, n, offset, &mut data)
                        });
                        if read.is_none() {
                            return Some(None);
                        }
                        graph.parents_at(pos, &mut parents)?;
                        if let Some(items) = items_if_parents(&data, graph, &parents) {
                            return Some(Some(items));
                        }
                        let commit = parse_commit(&data);
                        let same =
                            commit.parents.len() == parents.len()
                                && commit.parents.iter().zip(&parents).all(|(a, &b)| {
                                    Some(a.as_bytes()) == graph.id_bytes(b as usize)
                                });
                        same.then_some(Some(commit.items))
                    })
                    .collect();
            done.push((block, found));
        }
    };
    let helpers = if in_graph.len() > BLOCK {
        threads - 1
    } else {
        0
    };
    let found: Option<Vec<Option<Option<Vec<String>>>>> = std::thread::scope(|s| {
        let others: Vec<_> = (0..helpers).map(|_| s.spawn(read_blocks)).collect();
        let mut blocks = read_blocks();
        for other in others {
            blocks.append(&mut other.join().ok()?);
        }
        blocks.sort_unstable_by_key(|(block, _)| *block);
        Some(blocks.into_iter().flat_map(|(_, found)| found).collect())
    });
    let Some(found) = found else {
        return Ok(None);
    };
    let mut items: Vec<Option<Vec<String>>> = vec![None; count];
    for (&pos, found) in in_graph.iter().zip(found) {
        let Some(found) = found else {
            return Ok(None);
        };
        items[pos] = match found {
            Some(i) => Some(i),
            // Not in a pack (a loose object) or not readable by hand: libgit2 reads it.
            None => {
                let oid = graph
                    .id(pos)
                    .ok_or_else(|| git2::Error::from_str("graph"))?;
                let commit = parse_commit(odb.read(oid)?.data());
                let mut expected = Vec::new();
                graph.parents_at(pos, &mut parents);
                for p in &parents {
                    expected.extend(graph.id(*p as usize));
                }
                if commit.parents != expected {
                    return Ok(None);
                }
                Some(commit.items)
            }
        };
    }
    let mut extra: Vec<Option<(Oid, Commit)>> = extra.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(order.len());
    for node in order {
        let pos = node as usize;
        if pos < count {
            let (Some(oid), Some(items)) = (graph.id(pos), items[pos].take()) else {
                return Ok(None);
            };
            out.push((oid, items));
        } else {
            let Some((oid, commit)) = extra.get_mut(pos - count).and_then(Option::take) else {
                return Ok(None);
            };
            out.push((oid, commit.items));
        }
    }
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn git(dir: &std::path::Path, args: &[&str]) {
        let out = std::process::Command::new("git")
            .current_dir(dir)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
            .args(args)
            .output()
            .expect("git");
        assert!(out.status.success(), "git {args:?}: {out:?}");
    }

    #[test]
    fn item_trailers_are_read_as_the_whole_trailer_parse_reads_them() {
        let messages = [
            "s\n\nItem: A1-01\nField: light\nFrom: null\nTo: \"Red\"\n",
            "s\n\nItem: A1-01\nField: x\nFrom: 1\nTo: 2\nItem: A2-03\nField: y\nFrom: 1\nTo: 2\n\n\n",
            // Not a trailer block: one line is not `Key: value`.
            "s\n\nItem: A1-01\nfree text\n",
            "s\n\nItem: A1-01\n键: 值\n",
            "s\n\nItem: A1-01\nBad key: v\n",
            // Values that are not an item.
            "s\n\nItem: \nItem: two words\nItem: A5-02\n",
            // The block is the last paragraph only.
            "s\n\nItem: A1-01\n\nbody after\n",
            "Item: A9-09",
            "s\r\n\r\nItem: A1-01\r\n",
            "",
            // The end trimmed as `str::trim_end` trims: ASCII, then other whitespace.
            "s\n\nItem: A1-01\nTo: 1\n \t\x0b\x0c\r\n\n",
            "s\n\nItem: A1-01\nTo: 1\u{3000}\n",
            "s\n\nItem: A1-01\nTo: 1\n\u{3000}\n\nItem: A2-02\n",
            "s\n\nItem: A1-01\n\u{a0}",
            "s\n\nItem: A1-01\nTo: 值\n",
            "s\n\n\n\nItem: A1-01\n\n\n",
            "Item: A1-01\r\nTo: 1\r\n\r\n",
            "s\n\nItem: A1\u{3000}01\nItem: A2\u{85}02\nItem: 甲-01\n",
            "s\n\nItem:A1-01\n",
            "s\n\n: x\nItem: A1-01\n",
        ];
        for m in messages {
            let expected: Vec<String> = crate::store::history::parse_trailers(m)
                .into_iter()
                .filter(|(k, v)| k == "Item" && valid_item(v))
                .map(|(_, v)| v)
                .collect();
            assert_eq!(trailer_items(m), expected, "{m:?}");
            let commit = format!("tree 0\ncommitter a <b> 1700000000 +0800\n\n{m}");
            let items = if m.contains("Item: ") {
                expected
            } else {
                Vec::new()
            };
            assert_eq!(parse_commit(commit.as_bytes()).items, items, "{m:?}");
        }
        // Messages that are not UTF-8 read as their lossy text reads.
        let bytes: [&[u8]; 5] = [
            b"s\xff\n\nItem: A1-01\nTo: 1\n",
            b"s\n\nItem: A1-01\nTo: \xff\n",
            b"s\n\nItem: A1\xff01\n",
            b"s\n\nItem: A1-01\n\xc3",
            b"s\n\nItem: A1-01\nK\xff: 1\n",
        ];
        for m in bytes {
            let expected: Vec<String> =
                crate::store::history::parse_trailers(&String::from_utf8_lossy(m))
                    .into_iter()
                    .filter(|(k, v)| k == "Item" && valid_item(v))
                    .map(|(_, v)| v)
                    .collect();
            assert_eq!(message_items(m), expected, "{m:?}");
        }
        assert_eq!(message_items(b"s\n\nItem: A1\xff01\n"), ["A1\u{fffd}01"]);
        assert_eq!(
            trailer_items("s\n\nItem: A1-01\nField: x\nItem: A2-03\n"),
            ["A1-01", "A2-03"]
        );
    }

    #[test]
    fn commits_read_from_packs_and_the_graph_match_libgit2() {
        let dir = tempfile::tempdir().expect("temp");
        let d = dir.path();
        git(d, &["init", "-q", "-b", "main"]);
        for n in 0..40 {
            std::fs::write(
                d.join(format!("f{}", n % 7)),
                format!("{n}\n").repeat(n + 1),
            )
            .expect("write");
            git(d, &["add", "-A"]);
            // A long common body: enough for git to store most commits as deltas.
            let msg = format!(
                "change {n}\n\n{}\n\nItem: A{}-0{}\nField: x\nFrom: 1\nTo: 2\n",
                "按计划推进，完成阶段任务；下一步继续落实。".repeat(12),
                n % 3,
                n % 5
            );
            git(d, &["commit", "-q", "-m", &msg]);
            if n == 20 {
                git(d, &["checkout", "-q", "-b", "side", "HEAD~3"]);
                git(
                    d,
                    &["commit", "-q", "--allow-empty", "-m", "side\n\nItem: S1\n"],
                );
                git(d, &["checkout", "-q", "main"]);
                git(d, &["merge", "-q", "--no-edit", "side"]);
            }
        }
        // Packed as `git gc` packs (few deltas), then with every commit that can be a delta
        // made one (against another commit, in chains), and with one pack's bases named by id.
        let mut deltas = Vec::new();
        for pack in [
            &["gc", "-q"][..],
            &[
                "repack",
                "-a",
                "-d",
                "-f",
                "-q",
                "--depth=20",
                "--window=250",
            ],
            &[
                "-c",
                "repack.useDeltaBaseOffset=false",
                "repack",
                "-a",
                "-d",
                "-f",
                "-q",
                "--window=250",
            ],
        ] {
            git(d, pack);
            git(d, &["commit-graph", "write", "--reachable"]);
            deltas.push(packs_match_libgit2(d));
        }
        // (by offset, by id) in each packing.
        assert!(deltas[1].0 > 20 && deltas[2].1 > 20, "deltas: {deltas:?}");
    }

    /// Checks every commit read from the packs and the graph against libgit2; the number of
    /// commits stored as deltas against a base by offset, and by id.
    fn packs_match_libgit2(d: &std::path::Path) -> (usize, usize) {
        let repo = git2::Repository::open(d).expect("open");
        let graph = Graph::open(repo.path()).expect("a commit-graph");
        let packs = Packs::open(repo.path());
        let odb = repo.odb().expect("odb");
        let mut walk = repo.revwalk().expect("walk");
        walk.push_head().expect("head");
        let (mut checked, mut deltas) = (0, (0, 0));
        // One inflater for every object, as each reading thread does.
        let mut inflater = Inflater::new();
        for oid in walk {
            let oid = oid.expect("oid");
            let raw = odb.read(oid).expect("read");
            let (n, offset) = packs.find(oid.as_bytes()).expect("packed");
            let kind = (packs.packs[n].data.bytes()[offset] >> 4) & 7;
            deltas.0 += usize::from(kind == 6);
            deltas.1 += usize::from(kind == 7);
            assert_eq!(
                packs.read_commit(&mut inflater, oid.as_bytes()).as_deref(),
                Some(raw.data())
            );
            let commit = parse_commit(raw.data());
            let (time, parents) = graph.commit(oid).expect("in the graph");
            assert_eq!(parents, commit.parents);
            assert_eq!(time, commit.time);
            checked += 1;
        }
        assert!(checked > 40, "{checked}");
        let head = repo.head().expect("head").target().expect("oid");
        let with_graph = index_with_graph(&repo, head, &graph).expect("index");
        assert_eq!(with_graph, Some(index_by_walk(&repo, head).expect("walk")));
        deltas
    }
}
