//! Building the history cache: every commit from HEAD, newest first by commit time (as
//! `git log` lists them), with the items its trailers name, reading each commit object once
//! (for its parents and its message together).

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
    let end = data
        .windows(2)
        .position(|w| w == b"\n\n")
        .unwrap_or(data.len());
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
    // Only the trailer block (the last paragraph) is read, and only when it names an item.
    let items = if message.windows(6).any(|w| w == b"Item: ") {
        match std::str::from_utf8(message) {
            Ok(text) => trailer_items(text),
            Err(_) => super::history::parse_trailers(&String::from_utf8_lossy(message))
                .into_iter()
                .filter(|(k, v)| k == "Item" && valid_item(v))
                .map(|(_, v)| v)
                .collect(),
        }
    } else {
        Vec::new()
    };
    Commit {
        time,
        parents,
        items,
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

    /// The commit time and parents of the commit `oid`.
    pub(super) fn commit(&self, oid: Oid) -> Option<(i64, Vec<Oid>)> {
        let at = self.commits + self.find(oid)? * 36;
        let (p1, p2) = (be32(&self.data, at + 20)?, be32(&self.data, at + 24)?);
        let (hi, lo) = (be32(&self.data, at + 28)?, be32(&self.data, at + 32)?);
        let time = (i64::from(hi & 0x3) << 32) | i64::from(lo);
        let mut parents = Vec::new();
        if p1 != NO_PARENT {
            parents.push(self.id(p1 as usize)?);
        }
        if p2 & 0x8000_0000 != 0 {
            // An octopus merge: its other parents are a run of the EDGE chunk.
            let mut at = self.edges? + (p2 & 0x7fff_ffff) as usize * 4;
            loop {
                let e = be32(&self.data, at)?;
                parents.push(self.id((e & 0x7fff_ffff) as usize)?);
                if e & 0x8000_0000 != 0 {
                    break;
                }
                at += 4;
            }
        } else if p2 != NO_PARENT {
            parents.push(self.id(p2 as usize)?);
        }
        Some((time, parents))
    }
}

/// The packs' indexes (version 2): where each object is, so a commit is read straight from
/// its pack.
struct Packs {
    /// (pack file, its index).
    packs: Vec<(std::path::PathBuf, Vec<u8>)>,
}

impl Packs {
    fn open(git_dir: &std::path::Path) -> Packs {
        let mut packs = Vec::new();
        let dir = git_dir.join("objects/pack");
        for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = e.path();
            if path.extension().is_some_and(|x| x == "idx")
                && let Ok(idx) = std::fs::read(&path)
                && idx.get(0..8) == Some(&[0xff, b't', b'O', b'c', 0, 0, 0, 2])
                && idx.len() >= 8 + 256 * 4
            {
                packs.push((path.with_extension("pack"), idx));
            }
        }
        Packs { packs }
    }

    /// Which pack holds `oid`, and where.
    fn find(&self, oid: Oid) -> Option<(usize, u64)> {
        let want = oid.as_bytes();
        for (n, (_, idx)) in self.packs.iter().enumerate() {
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
                match name.cmp(want) {
                    std::cmp::Ordering::Less => lo = mid + 1,
                    std::cmp::Ordering::Greater => hi = mid,
                    std::cmp::Ordering::Equal => {
                        let offsets = names + count * 24;
                        let small = be32(idx, offsets + mid * 4)?;
                        let offset = if small & 0x8000_0000 == 0 {
                            u64::from(small)
                        } else {
                            let at = offsets + count * 4 + (small & 0x7fff_ffff) as usize * 8;
                            u64::from_be_bytes(idx.get(at..at + 8)?.try_into().ok()?)
                        };
                        return Some((n, offset));
                    }
                }
            }
        }
        None
    }
}

/// A commit object read from its pack: `None` when it is not stored whole (a delta) or
/// anything looks wrong, so libgit2 reads it instead.
#[cfg(test)]
fn read_packed(file: &std::fs::File, offset: u64) -> Option<Vec<u8>> {
    read_packed_with(&mut Inflater::new(), file, offset)
}

/// What [`read_packed`] reuses from one object to the next on a thread: the decompressor
/// (its state and window are allocated once) and the input buffer.
pub(super) struct Inflater {
    z: flate2::Decompress,
    input: Vec<u8>,
}

impl Inflater {
    pub(super) fn new() -> Inflater {
        Inflater {
            z: flate2::Decompress::new(true),
            input: Vec::with_capacity(4096),
        }
    }
}

/// [`read_packed`] with a reused [`Inflater`].
fn read_packed_with(inf: &mut Inflater, file: &std::fs::File, offset: u64) -> Option<Vec<u8>> {
    use std::os::unix::fs::FileExt as _;
    let Inflater { z, input } = inf;
    input.clear();
    input.resize(1024, 0);
    let n = file.read_at(input, offset).ok()?;
    input.truncate(n);
    // The entry header: type in bits 4-6 of the first byte, the size in 4 + 7k bits.
    let first = *input.first()?;
    if (first >> 4) & 0x7 != 1 {
        return None;
    }
    let mut size = u64::from(first & 0x0f);
    let mut shift = 4;
    let mut at = 1;
    let mut byte = first;
    while byte & 0x80 != 0 {
        byte = *input.get(at)?;
        size |= u64::from(byte & 0x7f) << shift;
        shift += 7;
        at += 1;
        if shift > 56 {
            return None;
        }
    }
    let size = usize::try_from(size).ok().filter(|s| *s < 1 << 24)?;
    let mut out = Vec::with_capacity(size);
    z.reset(true);
    // Each round makes progress or gives up; a commit takes one or two.
    for _ in 0..64 {
        let before = z.total_in();
        let status = z
            .decompress_vec(&input[at..], &mut out, flate2::FlushDecompress::None)
            .ok()?;
        at += usize::try_from(z.total_in() - before).ok()?;
        if status == flate2::Status::StreamEnd {
            return (out.len() == size).then_some(out);
        }
        if out.len() > size {
            return None;
        }
        if at >= input.len() {
            // More of the compressed data than was read.
            let mut more = vec![0u8; 4096];
            let n = file.read_at(&mut more, offset + input.len() as u64).ok()?;
            if n == 0 {
                return None;
            }
            input.extend_from_slice(&more[..n]);
        } else if out.len() == out.capacity() {
            out.reserve(64);
        }
    }
    None
}

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
    let mut seen: HashSet<Oid> = HashSet::new();
    let mut read: std::collections::HashMap<Oid, Commit> = Default::default();
    // (commit time, reverse order of discovery, id, parents)
    let mut heap: BinaryHeap<(i64, std::cmp::Reverse<usize>, Oid, Vec<Oid>)> = BinaryHeap::new();
    let mut push = |oid: Oid,
                    heap: &mut BinaryHeap<_>,
                    read: &mut std::collections::HashMap<Oid, Commit>|
     -> Result<(), git2::Error> {
        if !seen.insert(oid) {
            return Ok(());
        }
        let (time, parents) = match graph.commit(oid) {
            Some(found) => found,
            None => {
                let commit = parse_commit(odb.read(oid)?.data());
                let found = (commit.time, commit.parents.clone());
                read.insert(oid, commit);
                found
            }
        };
        heap.push((time, std::cmp::Reverse(seen.len()), oid, parents));
        Ok(())
    };
    push(head, &mut heap, &mut read)?;
    let mut order: Vec<(Oid, Vec<Oid>)> = Vec::new();
    while let Some((_, _, oid, parents)) = heap.pop() {
        for parent in &parents {
            push(*parent, &mut heap, &mut read)?;
        }
        order.push((oid, parents));
    }
    let unread: Vec<Oid> = order
        .iter()
        .map(|(oid, _)| *oid)
        .filter(|oid| !read.contains_key(oid))
        .collect();
    let packs = Packs::open(repo.path());
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    let chunk = unread.len().div_ceil(threads).max(1);
    let found: Vec<Option<Commit>> = std::thread::scope(|s| {
        let parts: Vec<_> = unread
            .chunks(chunk)
            .map(|part| {
                let packs = &packs;
                s.spawn(move || {
                    let mut files: Vec<Option<std::fs::File>> =
                        packs.packs.iter().map(|_| None).collect();
                    let mut inflater = Inflater::new();
                    part.iter()
                        .map(|oid| {
                            let (n, offset) = packs.find(*oid)?;
                            if files[n].is_none() {
                                files[n] = std::fs::File::open(&packs.packs[n].0).ok();
                            }
                            let data = read_packed_with(&mut inflater, files[n].as_ref()?, offset)?;
                            Some(parse_commit(&data))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        parts
            .into_iter()
            .flat_map(|p| p.join().unwrap_or_default())
            .collect()
    });
    for (oid, commit) in unread
        .iter()
        .zip(found.into_iter().chain(std::iter::repeat_with(|| None)))
    {
        // Not stored whole in a pack (a delta, a loose object): libgit2 reads it.
        let commit = match commit {
            Some(c) => c,
            None => parse_commit(odb.read(*oid)?.data()),
        };
        read.insert(*oid, commit);
    }
    let mut out = Vec::with_capacity(order.len());
    for (oid, parents) in order {
        let Some(commit) = read.remove(&oid) else {
            return Ok(None);
        };
        if commit.parents != parents {
            return Ok(None);
        }
        out.push((oid, commit.items));
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
            let msg = format!(
                "change {n}\n\nItem: A{}-0{}\nField: x\nFrom: 1\nTo: 2\n",
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
        git(d, &["gc", "-q"]);
        git(d, &["commit-graph", "write", "--reachable"]);
        let repo = git2::Repository::open(d).expect("open");
        let graph = Graph::open(repo.path()).expect("a commit-graph");
        let packs = Packs::open(repo.path());
        let odb = repo.odb().expect("odb");
        let mut walk = repo.revwalk().expect("walk");
        walk.push_head().expect("head");
        let mut checked = 0;
        // One inflater for every object, as each reading thread does.
        let mut inflater = Inflater::new();
        for oid in walk {
            let oid = oid.expect("oid");
            let raw = odb.read(oid).expect("read");
            let (n, offset) = packs.find(oid).expect("packed");
            let file = std::fs::File::open(&packs.packs[n].0).expect("pack");
            assert_eq!(read_packed(&file, offset).as_deref(), Some(raw.data()));
            assert_eq!(
                read_packed_with(&mut inflater, &file, offset).as_deref(),
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
    }
}
