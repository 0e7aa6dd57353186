//! The objects of one commit, built in memory and written as one pack with its index.
//!
//! A write adds a handful of objects: the new blobs, the trees along the changed paths and the
//! commit. They are built here byte for byte as git (and libgit2) writes them, from the raw
//! parent trees, and stored as a pack of whole objects (neither deltified nor compressed:
//! zlib's stored blocks) with a version-2 index,
//! the files `git index-pack` would make of it. No object goes through an object database on
//! the way, so nothing is looked up, freshened or re-read while they are made, and the pack
//! needs no second parse to be indexed. Small packs are merged later (`taskforce gc`), with
//! deltas.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::io::Write as _;

use git2::{ObjectType, Oid, Signature};
use sha1::{Digest as _, Sha1};

use super::{Error, Result};

/// A new object: its id, kind and content (without git's header).
pub(in crate::store) struct NewObject<'a> {
    pub id: Oid,
    pub kind: ObjectType,
    pub data: Cow<'a, [u8]>,
}

/// One entry of a raw tree.
struct Entry<'a> {
    mode: Cow<'a, [u8]>,
    name: Cow<'a, [u8]>,
    id: [u8; 20],
}

impl Entry<'_> {
    fn is_tree(&self) -> bool {
        // Octal modes: 40000 is a folder (git writes no leading zero).
        parse_mode(&self.mode) & 0o170000 == 0o040000
    }
}

fn parse_mode(mode: &[u8]) -> u32 {
    mode.iter()
        .fold(0u32, |m, d| (m << 3) | u32::from(d.wrapping_sub(b'0') & 7))
}

/// Git's order of tree entries: by name, a folder's name as if it ended in `/`.
fn tree_order(a: &[u8], a_dir: bool, b: &[u8], b_dir: bool) -> Ordering {
    let n = a.len().min(b.len());
    match a[..n].cmp(&b[..n]) {
        Ordering::Equal => {}
        other => return other,
    }
    let end = |dir: bool| if dir { b'/' } else { 0 };
    let ca = a.get(n).copied().unwrap_or(end(a_dir));
    let cb = b.get(n).copied().unwrap_or(end(b_dir));
    ca.cmp(&cb)
}

fn parse_tree(data: &[u8]) -> Result<Vec<Entry<'_>>> {
    let bad = || Error::Git(git2::Error::from_str("corrupt tree object"));
    let mut out = Vec::new();
    let mut rest = data;
    while !rest.is_empty() {
        let sp = rest.iter().position(|&b| b == b' ').ok_or_else(bad)?;
        let nul = rest.iter().position(|&b| b == 0).ok_or_else(bad)?;
        if nul < sp || rest.len() < nul + 21 {
            return Err(bad());
        }
        let mut id = [0; 20];
        id.copy_from_slice(&rest[nul + 1..nul + 21]);
        out.push(Entry {
            mode: Cow::Borrowed(&rest[..sp]),
            name: Cow::Borrowed(&rest[sp + 1..nul]),
            id,
        });
        rest = &rest[nul + 21..];
    }
    Ok(out)
}

fn tree_bytes(entries: &[Entry<'_>]) -> Vec<u8> {
    let mut out = Vec::with_capacity(entries.len() * 40);
    for e in entries {
        out.extend_from_slice(&e.mode);
        out.push(b' ');
        out.extend_from_slice(&e.name);
        out.push(0);
        out.extend_from_slice(&e.id);
    }
    out
}

/// The objects a commit of `edits` (path, new blob or `None` to remove) on a tree adds.
pub(in crate::store) struct Builder<'r, 'a> {
    odb: git2::Odb<'r>,
    pub objects: Vec<NewObject<'a>>,
}

impl<'r, 'a> Builder<'r, 'a> {
    pub fn new(repo: &'r git2::Repository) -> Result<Builder<'r, 'a>> {
        Ok(Builder {
            odb: repo.odb()?,
            objects: Vec::new(),
        })
    }

    /// Adds a blob; its id.
    pub fn blob(&mut self, bytes: &'a [u8]) -> Result<Oid> {
        let id = Oid::hash_object(ObjectType::Blob, bytes)?;
        self.objects.push(NewObject {
            id,
            kind: ObjectType::Blob,
            data: Cow::Borrowed(bytes),
        });
        Ok(id)
    }

    /// The tree `old` with `edits` applied (paths relative to it), its new trees added;
    /// `None` when it ends up empty. As libgit2's tree update: removing a missing entry and a
    /// folder where a file is are errors; an emptied folder is removed.
    pub fn tree(&mut self, old: Option<Oid>, edits: &[(&str, Option<Oid>)]) -> Result<Option<Oid>> {
        let raw = match old {
            Some(id) => {
                let o = self.odb.read(id)?;
                if o.kind() != ObjectType::Tree {
                    return Err(Error::Git(git2::Error::from_str("not a tree")));
                }
                o.data().to_vec()
            }
            None => Vec::new(),
        };
        let mut entries = parse_tree(&raw)?;
        let mut done: Vec<&str> = Vec::new();
        for (path, _) in edits {
            let name = path.split('/').next().unwrap_or("");
            if done.contains(&name) {
                continue;
            }
            done.push(name);
            if name.is_empty() {
                return Err(Error::Git(git2::Error::from_str("empty path component")));
            }
            let at = entries.iter().position(|e| *e.name == *name.as_bytes());
            let inner: Vec<(&str, Option<Oid>)> = edits
                .iter()
                .filter_map(|(p, id)| match p.split_once('/') {
                    Some((first, rest)) if first == name => Some((rest, *id)),
                    _ => None,
                })
                .collect();
            let file_edit = edits
                .iter()
                .rev()
                .find(|(p, _)| *p == name)
                .map(|(_, id)| *id);
            // A file edit of this name, applied after the edits beneath it (in the order given,
            // the last one wins, as with libgit2's updates).
            let mut new_entry: Option<Entry<'static>> = None;
            let mut remove = false;
            if !inner.is_empty() {
                let old_sub = match at.map(|i| &entries[i]) {
                    Some(e) if e.is_tree() => Some(Oid::from_bytes(&e.id)?),
                    Some(_) => {
                        return Err(Error::Git(git2::Error::from_str(
                            "D/F conflict when updating tree",
                        )));
                    }
                    None => None,
                };
                match self.tree(old_sub, &inner)? {
                    Some(id) => new_entry = Some(entry(b"40000", name, id)),
                    None => remove = true,
                }
            }
            match file_edit {
                Some(Some(id)) => new_entry = Some(entry(b"100644", name, id)),
                Some(None) => {
                    if at.is_none() && new_entry.is_none() {
                        return Err(Error::Git(git2::Error::from_str(&format!(
                            "failed to remove entry: file isn't in the tree - {name}"
                        ))));
                    }
                    new_entry = None;
                    remove = true;
                }
                None => {}
            }
            if let Some(i) = at {
                entries.remove(i);
            }
            if let Some(e) = new_entry {
                let pos = entries
                    .iter()
                    .position(|x| {
                        tree_order(&x.name, x.is_tree(), &e.name, e.is_tree()) == Ordering::Greater
                    })
                    .unwrap_or(entries.len());
                entries.insert(pos, e);
            } else {
                debug_assert!(remove || at.is_none());
            }
        }
        if entries.is_empty() {
            return Ok(None);
        }
        let bytes = tree_bytes(&entries);
        let id = Oid::hash_object(ObjectType::Tree, &bytes)?;
        self.objects.push(NewObject {
            id,
            kind: ObjectType::Tree,
            data: Cow::Owned(bytes),
        });
        Ok(Some(id))
    }

    /// Adds the empty tree; its id.
    pub fn empty_tree(&mut self) -> Result<Oid> {
        let id = Oid::hash_object(ObjectType::Tree, b"")?;
        self.objects.push(NewObject {
            id,
            kind: ObjectType::Tree,
            data: Cow::Borrowed(b""),
        });
        Ok(id)
    }

    /// Adds the commit of `tree` on `parent`; its id.
    pub fn commit(
        &mut self,
        tree: Oid,
        parent: Oid,
        author: &Signature<'_>,
        committer: &Signature<'_>,
        message: &str,
    ) -> Result<Oid> {
        let bytes = commit_bytes(tree, parent, author, committer, message);
        let id = Oid::hash_object(ObjectType::Commit, &bytes)?;
        self.objects.push(NewObject {
            id,
            kind: ObjectType::Commit,
            data: Cow::Owned(bytes),
        });
        Ok(id)
    }
}

fn entry(mode: &'static [u8], name: &str, id: Oid) -> Entry<'static> {
    let mut raw = [0; 20];
    raw.copy_from_slice(id.as_bytes());
    Entry {
        mode: Cow::Borrowed(mode),
        name: Cow::Owned(name.as_bytes().to_vec()),
        id: raw,
    }
}

/// A commit object as libgit2's `git_commit_create` writes it (no encoding header).
fn commit_bytes(
    tree: Oid,
    parent: Oid,
    author: &Signature<'_>,
    committer: &Signature<'_>,
    message: &str,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(256 + message.len());
    let _ = write!(out, "tree {tree}\nparent {parent}\n");
    signature(&mut out, b"author ", author);
    signature(&mut out, b"committer ", committer);
    out.push(b'\n');
    out.extend_from_slice(message.as_bytes());
    out
}

/// `NAME <MAIL> SECONDS ±HHMM`, as libgit2 writes a signature.
fn signature(out: &mut Vec<u8>, header: &[u8], sig: &Signature<'_>) {
    let when = sig.when();
    let offset = when.offset_minutes();
    let sign = if offset < 0 || when.sign() == '-' {
        '-'
    } else {
        '+'
    };
    let abs = offset.unsigned_abs();
    out.extend_from_slice(header);
    out.extend_from_slice(sig.name_bytes());
    out.extend_from_slice(b" <");
    out.extend_from_slice(sig.email_bytes());
    let _ = writeln!(
        out,
        "> {} {sign}{:02}{:02}",
        when.seconds() as u32,
        abs / 60,
        abs % 60
    );
}

/// A pack of `objects` (whole, zlib-compressed) and its version-2 index, as `git index-pack`
/// would write it; and the pack's name (its checksum in hex).
pub(in crate::store) fn pack_and_index(
    objects: &[NewObject<'_>],
) -> Result<(Vec<u8>, Vec<u8>, String)> {
    let mut pack = Vec::with_capacity(64 + objects.iter().map(|o| o.data.len()).sum::<usize>());
    pack.extend_from_slice(b"PACK");
    pack.extend_from_slice(&2u32.to_be_bytes());
    pack.extend_from_slice(&(objects.len() as u32).to_be_bytes());
    let mut index: Vec<([u8; 20], u32, u32)> = Vec::with_capacity(objects.len());
    for o in objects {
        let start = pack.len();
        let kind: u8 = match o.kind {
            ObjectType::Commit => 1,
            ObjectType::Tree => 2,
            ObjectType::Blob => 3,
            ObjectType::Tag => 4,
            _ => {
                return Err(Error::Git(git2::Error::from_str(
                    "object kind not packable",
                )));
            }
        };
        let mut size = o.data.len();
        let mut byte = (kind << 4) | (size & 0x0f) as u8;
        size >>= 4;
        while size > 0 {
            pack.push(byte | 0x80);
            byte = (size & 0x7f) as u8;
            size >>= 7;
        }
        pack.push(byte);
        zlib_stored(&mut pack, &o.data);
        let mut crc = flate2::Crc::new();
        crc.update(&pack[start..]);
        let offset = u32::try_from(start)
            .ok()
            .filter(|o| *o < 0x8000_0000)
            .ok_or_else(|| Error::Git(git2::Error::from_str("pack too large")))?;
        let mut id = [0; 20];
        id.copy_from_slice(o.id.as_bytes());
        index.push((id, crc.sum(), offset));
    }
    let pack_sum: [u8; 20] = Sha1::digest(&pack).into();
    pack.extend_from_slice(&pack_sum);

    index.sort_by_key(|a| a.0);
    index.dedup_by(|a, b| a.0 == b.0);
    let mut idx = Vec::with_capacity(8 + 1024 + index.len() * 28 + 40);
    idx.extend_from_slice(b"\xfftOc");
    idx.extend_from_slice(&2u32.to_be_bytes());
    for first in 0..=255u8 {
        let n = index.iter().filter(|(id, _, _)| id[0] <= first).count() as u32;
        idx.extend_from_slice(&n.to_be_bytes());
    }
    for (id, _, _) in &index {
        idx.extend_from_slice(id);
    }
    for (_, crc, _) in &index {
        idx.extend_from_slice(&crc.to_be_bytes());
    }
    for (_, _, offset) in &index {
        idx.extend_from_slice(&offset.to_be_bytes());
    }
    idx.extend_from_slice(&pack_sum);
    let idx_sum: [u8; 20] = Sha1::digest(&idx).into();
    idx.extend_from_slice(&idx_sum);
    let name = pack_sum.iter().map(|b| format!("{b:02x}")).collect();
    Ok((pack, idx, name))
}

/// `data` as a zlib stream of stored (uncompressed) blocks. A commit adds a few small objects:
/// setting up a compressor for each costs more than the bytes it would save, and the pack merge
/// (`taskforce gc`) compresses them with deltas later.
fn zlib_stored(out: &mut Vec<u8>, data: &[u8]) {
    // CMF: deflate, 32K window; FLG: no dictionary, fastest, check bits (0x7801 % 31 == 0).
    out.extend_from_slice(&[0x78, 0x01]);
    let mut chunks = data.chunks(0xffff).peekable();
    if chunks.peek().is_none() {
        out.extend_from_slice(&[0x01, 0x00, 0x00, 0xff, 0xff]);
    }
    while let Some(chunk) = chunks.next() {
        let last = chunks.peek().is_none();
        let len = chunk.len() as u16;
        out.push(u8::from(last));
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(chunk);
    }
    out.extend_from_slice(&adler32(data).to_be_bytes());
}

fn adler32(data: &[u8]) -> u32 {
    const MOD: u32 = 65521;
    let (mut a, mut b) = (1u32, 0u32);
    // 5552 bytes is the most that cannot overflow before the modulo.
    for chunk in data.chunks(5552) {
        for &x in chunk {
            a += u32::from(x);
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    (b << 16) | a
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stored zlib stream inflates back (empty, small, and over one block), checksum
    /// included.
    #[test]
    fn stored_zlib_inflates() {
        use std::io::Read as _;
        for n in [0usize, 1, 250, 0xffff, 0x1_0000, 200_000] {
            let data: Vec<u8> = (0..n).map(|i| (i * 7 % 251) as u8).collect();
            let mut z = Vec::new();
            zlib_stored(&mut z, &data);
            let mut back = Vec::new();
            flate2::read::ZlibDecoder::new(&z[..])
                .read_to_end(&mut back)
                .expect("inflate");
            assert_eq!(back, data, "{n} bytes");
            let mut d = flate2::Decompress::new(true);
            let mut sink = vec![0; n + 16];
            let status = d
                .decompress(&z, &mut sink, flate2::FlushDecompress::Finish)
                .expect("checked stream");
            assert_eq!(status, flate2::Status::StreamEnd, "{n} bytes");
        }
    }

    /// The objects built here are the ones libgit2 builds for the same change, and the pack and
    /// index are what `git index-pack` makes of them (git reads them back, `git fsck` agrees).
    #[test]
    fn objects_and_pack_match_git() {
        let dir = tempfile::tempdir().expect("tempdir");
        let repo = git2::Repository::init(dir.path()).expect("init");
        let sig = Signature::new("某人", "a@b.c", &git2::Time::new(1_700_000_000, 480)).unwrap();
        let west = Signature::new("W", "w@b.c", &git2::Time::new(1_700_000_001, -330)).unwrap();
        // A first commit by libgit2: files in nested folders, names that sort around `/`.
        let mut tb = git2::build::TreeUpdateBuilder::new();
        for (path, text) in [
            ("plan.ron", "p"),
            ("a/b.ron", "b"),
            ("a/b/c.ron", "c"),
            ("a.b", "x"),
            ("a-b/z", "z"),
            ("status/weekly/2026-W01/A1/A1-01.ron", "r1"),
        ] {
            let blob = repo.blob(text.as_bytes()).unwrap();
            tb.upsert(path, blob, git2::FileMode::Blob);
        }
        let empty = repo.treebuilder(None).unwrap().write().unwrap();
        let empty = repo.find_tree(empty).unwrap();
        let t0 = tb.create_updated(&repo, &empty).unwrap();
        let c0 = repo
            .commit(
                None,
                &sig,
                &sig,
                "first\n",
                &repo.find_tree(t0).unwrap(),
                &[],
            )
            .unwrap();
        let parent = repo.find_commit(c0).unwrap();
        let edits: Vec<(&str, Option<&[u8]>)> = vec![
            ("status/weekly/2026-W01/A1/A1-01.ron", Some(b"r2")),
            ("status/weekly/2026-W02/A1/A1-01.ron", Some(b"new")),
            ("a/b/c.ron", None),
            ("a-b/z", None),
            ("a.c", Some(b"y")),
        ];
        // libgit2's answer.
        let mut tb = git2::build::TreeUpdateBuilder::new();
        for (p, bytes) in &edits {
            match bytes {
                Some(b) => {
                    let blob = repo.blob(b).unwrap();
                    tb.upsert(*p, blob, git2::FileMode::Blob);
                }
                None => {
                    tb.remove(*p);
                }
            }
        }
        let want_tree = tb.create_updated(&repo, &parent.tree().unwrap()).unwrap();
        let msg = "周报 2026-W02 A1-01\n\nbody\n\nField: x\n";
        let want = repo
            .commit(
                None,
                &sig,
                &west,
                msg,
                &repo.find_tree(want_tree).unwrap(),
                &[&parent],
            )
            .unwrap();
        // Ours.
        let mut b = Builder::new(&repo).unwrap();
        let mut ids = Vec::new();
        for (p, bytes) in &edits {
            let id = bytes.map(|x| b.blob(x).unwrap());
            ids.push((*p, id));
        }
        let tree = b.tree(Some(parent.tree_id()), &ids).unwrap().unwrap();
        assert_eq!(tree, want_tree);
        let commit = b.commit(tree, c0, &sig, &west, msg).unwrap();
        assert_eq!(commit, want);
        // Removing what is not there fails, as with libgit2.
        assert!(
            Builder::new(&repo)
                .unwrap()
                .tree(Some(parent.tree_id()), &[("nope/x", None)])
                .is_err()
        );

        // The pack: git's own reader indexes it to the same index.
        let (pack, idx, name) = pack_and_index(&b.objects).unwrap();
        let packs = dir.path().join(".git/objects/pack");
        std::fs::create_dir_all(&packs).unwrap();
        let pack_path = packs.join(format!("pack-{name}.pack"));
        std::fs::write(&pack_path, &pack).unwrap();
        std::fs::write(packs.join(format!("pack-{name}.idx")), &idx).unwrap();
        let out = std::process::Command::new("git")
            .args(["index-pack", "-o"])
            .arg(dir.path().join("check.idx"))
            .arg(&pack_path)
            .output()
            .expect("git index-pack");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(std::fs::read(dir.path().join("check.idx")).unwrap(), idx);
        let out = std::process::Command::new("git")
            .args(["verify-pack", "-v"])
            .arg(packs.join(format!("pack-{name}.idx")))
            .output()
            .expect("git verify-pack");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // And a repository whose branch points at the commit is whole to git.
        repo.reference("refs/heads/main", commit, true, "test")
            .unwrap();
        repo.set_head("refs/heads/main").unwrap();
        let out = std::process::Command::new("git")
            .current_dir(dir.path())
            .args(["fsck", "--full", "--strict"])
            .output()
            .expect("git fsck");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let show = std::process::Command::new("git")
            .current_dir(dir.path())
            .args(["show", "HEAD:status/weekly/2026-W02/A1/A1-01.ron"])
            .output()
            .expect("git show");
        assert_eq!(show.stdout, b"new");
    }
}
