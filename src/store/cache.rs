//! The parsed-plan cache in `.git/taskforce-plan-cache`: parsed plan files by blob id, the
//! outcome (problems and style problems) of each plan snapshot a load observed, which git
//! tree gave which snapshot, and the stat of work-tree files with their blob ids.
//!
//! Never a source of truth: a parsed value is keyed by the id of the bytes it was parsed
//! from, an outcome by the id of everything the load observed (every folder entry and file
//! id), a work-tree file's id is used only while its stat is unchanged (and never for a file
//! changed in the last two seconds, git's "racily clean" case). A cache that is missing,
//! damaged (each section carries a checksum), of another format or another taskforce version
//! is ignored and rebuilt; failing to write it is not an error.

use std::collections::{HashMap, HashSet};
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use git2::Oid;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::codec::Problem;
use super::finding::Finding;
use super::source::{FileStat, KnownIds};
use super::wire;
use crate::model::{
    Action, ActionItem, Indicator, Landmark, Measure, Meeting, Observation, PlanMeta, Report,
    Roster, SetTarget,
};

/// The cache file, in the `.git` folder.
pub(super) const FILE: &str = "taskforce-plan-cache";
/// Bumped when the layout or the meaning of an entry changes: an older cache is rebuilt.
const FORMAT: u32 = 7;
/// How many snapshot outcomes and tree ids are kept.
const OUTCOMES: usize = 12;
/// The length of a value's header in the values section.
const VALUE_HEADER: usize = 1 + 20 + 1 + 8 + 8;
/// How many snapshots' file lists are kept (a review needs two, the TUI one).
const FILE_LISTS: usize = 4;
/// From this many values on, [`Cache::values`] decodes on several threads.
const PARALLEL_VALUES: usize = 2048;
/// A value not used by the last this many writes is dropped.
const KEEP_GENERATIONS: u64 = 3;

/// A plan file type whose parsed value is cached (in the compact encoding of `wire.rs`; a
/// value is kept only when it reads back equal, so anything that encoding cannot carry is
/// parsed from its file every time).
pub(super) trait Cached: Serialize + DeserializeOwned + Clone + PartialEq + 'static {
    const KIND: u8;
}

macro_rules! cached {
    ($($t:ty = $k:expr),* $(,)?) => { $(impl Cached for $t { const KIND: u8 = $k; })* };
}
cached!(
    PlanMeta = 1,
    Roster = 2,
    Action = 3,
    Measure = 4,
    Landmark = 5,
    Meeting = 6,
    ActionItem = 7,
    Report = 8,
    Indicator = 9,
    Observation = 10,
    SetTarget = 11,
);

/// The blob id of every plan file of a snapshot, by path.
pub(super) type FileList = Rc<Vec<(String, Oid)>>;

/// What a load found besides the plan: the problems and the style problems.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Outcome {
    pub problems: Vec<Problem>,
    pub style: Vec<Problem>,
}

/// Hashes a (kind, blob id) key by the id's first bytes: ids are already uniformly random.
#[derive(Default)]
struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8).take(1) {
            let mut w = [0u8; 8];
            w[..chunk.len()].copy_from_slice(chunk);
            self.0 ^= u64::from_le_bytes(w);
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.0 = self.0.rotate_left(8) ^ u64::from(n);
    }
    fn write_usize(&mut self, _: usize) {}
}

type IdMap<V> = HashMap<(u8, Oid), V, std::hash::BuildHasherDefault<IdHasher>>;

#[derive(Clone)]
enum Encoded {
    /// A range of the cache file as read.
    Stored(std::ops::Range<usize>),
    Fresh(Rc<Vec<u8>>),
}

#[derive(Clone)]
struct Slot {
    bytes: Encoded,
    /// Whether the file had CRLF line ends (a style problem).
    crlf: bool,
    /// The last write generation that used the value.
    generation: u64,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct StoredProblem(String, usize, usize, Finding);

#[derive(serde::Serialize, serde::Deserialize, Default)]
struct Outcomes {
    /// Snapshot key, problems, style problems: newest first.
    outcomes: Vec<(String, Vec<StoredProblem>, Vec<StoredProblem>)>,
    /// Root tree id and the snapshot key its load observed: newest first.
    trees: Vec<(String, String)>,
    /// The snapshot key of the work tree's last load.
    #[serde(default)]
    worktree: Option<String>,
}

/// Where the cache's sections are read from: the file as opened, or what this process wrote.
enum Backing {
    None,
    File(std::fs::File),
    Memory(Vec<u8>),
}

impl Backing {
    fn read(&self, offset: usize, len: usize) -> Option<Vec<u8>> {
        match self {
            Backing::None => None,
            Backing::File(f) => {
                use std::os::unix::fs::FileExt as _;
                let mut buf = vec![0; len];
                f.read_exact_at(&mut buf, offset as u64).ok()?;
                Some(buf)
            }
            Backing::Memory(m) => m.get(offset..offset + len).map(<[u8]>::to_vec),
        }
    }
}

/// The cache of one repository, as read (each section when first needed) and changed.
pub(super) struct Cache {
    path: PathBuf,
    backing: Backing,
    generation: u64,
    /// Section name → (offset, length, checksum), as the header lists them.
    sections: HashMap<String, (usize, usize, u64)>,
    outcomes: Option<Vec<(Oid, Rc<Outcome>)>>,
    trees: Vec<(Oid, Oid)>,
    worktree: Option<Oid>,
    known: Option<Rc<KnownIds>>,
    /// Snapshot key → the files a load of it parsed (path, blob id), newest first.
    files: Option<Vec<(Oid, FileList)>>,
    /// The values section as read, which stored values are ranges of.
    stored: Vec<u8>,
    values: Option<IdMap<Slot>>,
    used: HashSet<(u8, Oid), std::hash::BuildHasherDefault<IdHasher>>,
    dirty: bool,
    /// Never read nor written (the caches are off).
    off: bool,
    /// The stat of the file as read or last written.
    file: Option<FileStat>,
}

impl Cache {
    /// The cache of the repository whose `.git` folder is `git_dir` (empty when unusable).
    pub fn open(git_dir: &Path) -> Cache {
        let path = git_dir.join(FILE);
        let mut cache = Cache {
            path,
            backing: Backing::None,
            generation: 0,
            sections: HashMap::new(),
            outcomes: None,
            trees: Vec::new(),
            worktree: None,
            known: None,
            files: None,
            stored: Vec::new(),
            values: None,
            used: HashSet::default(),
            dirty: false,
            off: false,
            file: None,
        };
        if let Ok(mut f) = std::fs::File::open(&cache.path) {
            cache.file = f.metadata().ok().map(|m| FileStat::of(&m));
            let mut head = vec![0; 1024];
            let n = f.read(&mut head).unwrap_or(0);
            head.truncate(n);
            let size = f.metadata().map(|m| m.len() as usize).unwrap_or(0);
            if cache.read_header(&head, size) {
                cache.backing = Backing::File(f);
            } else {
                cache.sections.clear();
            }
        }
        cache
    }

    /// Reads the header: `taskforce-plan-cache FORMAT VERSION`, the generation, then one line
    /// per section (`name length checksum`), a blank line, and the sections in that order.
    fn read_header(&mut self, bytes: &[u8], size: usize) -> bool {
        let Some(end) = find(bytes, b"\n\n") else {
            return false;
        };
        let Ok(head) = std::str::from_utf8(&bytes[..end]) else {
            return false;
        };
        let mut lines = head.lines();
        if lines.next() != Some(&signature()) {
            return false;
        }
        let Some(generation) = lines.next().and_then(|g| g.parse().ok()) else {
            return false;
        };
        self.generation = generation;
        let mut offset = end + 2;
        for line in lines {
            let mut parts = line.split('\t');
            let (Some(name), Some(len), Some(sum)) = (parts.next(), parts.next(), parts.next())
            else {
                return false;
            };
            let (Ok(len), Ok(sum)) = (len.parse::<usize>(), u64::from_str_radix(sum, 16)) else {
                return false;
            };
            self.sections.insert(name.to_string(), (offset, len, sum));
            offset += len;
        }
        offset == size
    }

    /// The bytes of a section, when present and intact.
    fn section(&self, name: &str) -> Option<Vec<u8>> {
        let &(offset, len, sum) = self.sections.get(name)?;
        let bytes = self.backing.read(offset, len)?;
        (checksum(&bytes) == sum).then_some(bytes)
    }

    fn load_outcomes(&mut self) -> &mut Vec<(Oid, Rc<Outcome>)> {
        if self.outcomes.is_none() {
            let stored: Outcomes = self
                .section("outcomes")
                .and_then(|b| serde_json::from_slice(&b).ok())
                .unwrap_or_default();
            let back = |v: Vec<StoredProblem>| -> Vec<Problem> {
                v.into_iter()
                    .map(|StoredProblem(path, line, col, finding)| {
                        Problem::at(&path, (line, col), finding)
                    })
                    .collect()
            };
            self.outcomes = Some(
                stored
                    .outcomes
                    .into_iter()
                    .filter_map(|(key, problems, style)| {
                        Some((
                            Oid::from_str(&key).ok()?,
                            Rc::new(Outcome {
                                problems: back(problems),
                                style: back(style),
                            }),
                        ))
                    })
                    .collect(),
            );
            self.worktree = stored.worktree.and_then(|k| Oid::from_str(&k).ok());
            self.trees = stored
                .trees
                .iter()
                .filter_map(|(t, k)| Some((Oid::from_str(t).ok()?, Oid::from_str(k).ok()?)))
                .collect();
        }
        self.outcomes.get_or_insert_with(Vec::new)
    }

    /// The outcome recorded for the snapshot `key`.
    pub fn outcome(&mut self, key: Oid) -> Option<Rc<Outcome>> {
        self.load_outcomes()
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, o)| o.clone())
    }

    /// Records the outcome of the snapshot `key`.
    pub fn record_outcome(&mut self, key: Oid, outcome: Outcome) {
        let outcomes = self.load_outcomes();
        outcomes.retain(|(k, _)| *k != key);
        outcomes.insert(0, (key, Rc::new(outcome)));
        outcomes.truncate(OUTCOMES);
        self.dirty = true;
    }

    /// The snapshot key of the work tree's last load.
    pub fn worktree_key(&mut self) -> Option<Oid> {
        self.load_outcomes();
        self.worktree
    }

    /// Records the snapshot key of a load of the work tree, with the files it parsed.
    pub fn record_worktree(&mut self, key: Oid, files: &[(String, Oid)]) {
        if self.worktree_key() == Some(key) {
            return;
        }
        self.worktree = Some(key);
        self.record_files(key, files.to_vec());
        self.dirty = true;
    }

    /// The snapshot key a load of the git tree `tree` observed.
    pub fn tree_key(&mut self, tree: Oid) -> Option<Oid> {
        self.load_outcomes();
        self.trees.iter().find(|(t, _)| *t == tree).map(|(_, k)| *k)
    }

    /// Records that loading the git tree `tree` observed the snapshot `key`.
    pub fn record_tree(&mut self, tree: Oid, key: Oid) {
        self.load_outcomes();
        if self.trees.first() == Some(&(tree, key)) {
            return;
        }
        self.trees.retain(|(t, _)| *t != tree);
        self.trees.insert(0, (tree, key));
        self.trees.truncate(OUTCOMES);
        self.dirty = true;
    }

    fn load_files(&mut self) -> &mut Vec<(Oid, FileList)> {
        if self.files.is_none() {
            // Each list: the snapshot key (20 bytes), the number of files (8), then each
            // file's blob id (20), path length (2) and path.
            let mut lists = Vec::new();
            let section = self.section("files").unwrap_or_default();
            let mut at = 0;
            'lists: while let Some(head) = section.get(at..at + 28) {
                let (Ok(key), Ok(n)) = (
                    Oid::from_bytes(&head[..20]),
                    head[20..28].try_into().map(u64::from_le_bytes),
                ) else {
                    break;
                };
                at += 28;
                let mut list = Vec::with_capacity(usize::try_from(n).unwrap_or(0).min(1 << 20));
                for _ in 0..n {
                    let Some(entry) = section.get(at..at + 22) else {
                        lists.clear();
                        break 'lists;
                    };
                    let len = usize::from(u16::from_le_bytes([entry[20], entry[21]]));
                    let (Ok(id), Some(path)) = (
                        Oid::from_bytes(&entry[..20]),
                        section
                            .get(at + 22..at + 22 + len)
                            .and_then(|p| std::str::from_utf8(p).ok()),
                    ) else {
                        lists.clear();
                        break 'lists;
                    };
                    list.push((path.to_string(), id));
                    at += 22 + len;
                }
                lists.push((key, Rc::new(list)));
            }
            self.files = Some(lists);
        }
        self.files.get_or_insert_with(Vec::new)
    }

    /// The files a load of the snapshot `key` parsed: (path, blob id).
    pub fn files(&mut self, key: Oid) -> Option<FileList> {
        self.load_files()
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, f)| f.clone())
    }

    /// Records the files a load of the snapshot `key` parsed.
    pub fn record_files(&mut self, key: Oid, files: Vec<(String, Oid)>) {
        if files.iter().any(|(p, _)| p.len() > usize::from(u16::MAX)) {
            return;
        }
        let lists = self.load_files();
        if lists.first().is_some_and(|(k, _)| *k == key) {
            return;
        }
        lists.retain(|(k, _)| *k != key);
        lists.insert(0, (key, Rc::new(files)));
        lists.truncate(FILE_LISTS);
        self.dirty = true;
    }

    /// The recorded work-tree files: path → (stat, blob id).
    pub fn known(&mut self) -> Rc<KnownIds> {
        if self.known.is_none() {
            // Each file: path length (2 bytes), path, size, mtime, ctime, inode, device
            // (8 bytes each), blob id.
            let section = self.section("stats").unwrap_or_default();
            let mut known = KnownIds::with_capacity(section.len() / 80);
            let mut at = 0;
            let word = |at: usize| -> Option<u64> {
                Some(u64::from_le_bytes(
                    section.get(at..at + 8)?.try_into().ok()?,
                ))
            };
            while let Some(len) = section.get(at..at + 2) {
                let len = usize::from(u16::from_le_bytes([len[0], len[1]]));
                let Some(path) = section
                    .get(at + 2..at + 2 + len)
                    .and_then(|p| std::str::from_utf8(p).ok())
                else {
                    break;
                };
                let at_nums = at + 2 + len;
                let (Some(size), Some(mtime), Some(ctime), Some(ino), Some(dev)) = (
                    word(at_nums),
                    word(at_nums + 8),
                    word(at_nums + 16),
                    word(at_nums + 24),
                    word(at_nums + 32),
                ) else {
                    break;
                };
                let Some(id) = section
                    .get(at_nums + 40..at_nums + 60)
                    .and_then(|b| Oid::from_bytes(b).ok())
                else {
                    break;
                };
                let stat = FileStat {
                    size,
                    mtime: mtime as i64,
                    ctime: ctime as i64,
                    ino,
                    dev,
                };
                known.insert(path.to_string(), (stat, id));
                at = at_nums + 60;
            }
            self.known = Some(Rc::new(known));
        }
        self.known.clone().unwrap_or_default()
    }

    /// Replaces the recorded work-tree files.
    pub fn record_known(&mut self, known: KnownIds) {
        if *self.known() != known {
            self.known = Some(Rc::new(known));
            self.dirty = true;
        }
    }

    fn load_values(&mut self) -> &mut IdMap<Slot> {
        if self.values.is_none() {
            let mut values = IdMap::default();
            let bytes = self.section("values").unwrap_or_default();
            // Each value: a fixed header (kind, blob id, CRLF flag, generation, length), then
            // its encoding.
            let mut at = 0;
            while let Some(head) = bytes.get(at..at + VALUE_HEADER) {
                let kind = head[0];
                let (Ok(id), crlf) = (Oid::from_bytes(&head[1..21]), head[21] == 1) else {
                    break;
                };
                let word = |r: std::ops::Range<usize>| {
                    let mut w = [0u8; 8];
                    w.copy_from_slice(&head[r]);
                    u64::from_le_bytes(w)
                };
                let generation = word(22..30);
                let size = usize::try_from(word(30..38)).unwrap_or(usize::MAX);
                let start = at + VALUE_HEADER;
                if size > bytes.len() - start {
                    break;
                }
                values.insert(
                    (kind, id),
                    Slot {
                        bytes: Encoded::Stored(start..start + size),
                        crlf,
                        generation,
                    },
                );
                at = start + size;
            }
            self.stored = bytes;
            self.values = Some(values);
        }
        self.values.get_or_insert_with(IdMap::default)
    }

    /// The value parsed from the blob `id`, and whether that file has CRLF line ends.
    pub fn value<T: Cached>(&mut self, id: Oid) -> Option<(T, bool)> {
        let slot = self.load_values().get(&(T::KIND, id))?.clone();
        let bytes: &[u8] = match &slot.bytes {
            Encoded::Stored(range) => self.stored.get(range.clone())?,
            Encoded::Fresh(bytes) => bytes,
        };
        let value = wire::from_slice(bytes).ok()?;
        self.used.insert((T::KIND, id));
        Some((value, slot.crlf))
    }

    /// The values parsed from many blobs of one type (`None` for a blob whose value is not
    /// kept), as [`Cache::value`] gives each: decoded on up to four threads when there are
    /// many (a whole plan's measures or reports).
    pub fn values<T: Cached + Send>(&mut self, ids: &[Oid]) -> Vec<Option<(T, bool)>> {
        self.load_values();
        let (Some(values), stored) = (self.values.as_ref(), &self.stored) else {
            return ids.iter().map(|_| None).collect();
        };
        let stored: &[u8] = stored;
        let encoded: Vec<Option<(&[u8], bool)>> = ids
            .iter()
            .map(|id| {
                let slot = values.get(&(T::KIND, *id))?;
                let enc: &[u8] = match &slot.bytes {
                    Encoded::Stored(range) => stored.get(range.clone())?,
                    Encoded::Fresh(bytes) => bytes.as_slice(),
                };
                Some((enc, slot.crlf))
            })
            .collect();
        fn decode<T: Cached>(part: &[Option<(&[u8], bool)>]) -> Vec<Option<(T, bool)>> {
            part.iter()
                .map(|j| {
                    let (enc, crlf) = (*j)?;
                    Some((wire::from_slice(enc).ok()?, crlf))
                })
                .collect()
        }
        let threads = if encoded.len() < PARALLEL_VALUES {
            1
        } else {
            std::thread::available_parallelism().map_or(1, |n| n.get().min(4))
        };
        let out: Vec<Option<(T, bool)>> = if threads <= 1 {
            decode(&encoded)
        } else {
            let chunk = encoded.len().div_ceil(threads);
            std::thread::scope(|s| {
                let parts: Vec<_> = encoded
                    .chunks(chunk)
                    .map(|part| s.spawn(move || decode::<T>(part)))
                    .collect();
                // One allocation of the final size: the parts move in, none is grown.
                let mut out = Vec::with_capacity(encoded.len());
                for part in parts {
                    out.append(&mut part.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
                }
                out
            })
        };
        for (id, value) in ids.iter().zip(&out) {
            if value.is_some() {
                self.used.insert((T::KIND, *id));
            }
        }
        out
    }

    /// Keeps the value parsed from the blob `id`.
    pub fn put<T: Cached>(&mut self, id: Oid, value: &T, crlf: bool) {
        let Ok(enc) = wire::to_vec(value) else {
            return;
        };
        // A value that does not read back equal is not kept.
        if wire::from_slice::<T>(&enc).ok().as_ref() != Some(value) {
            return;
        }
        let generation = self.generation;
        self.load_values().insert(
            (T::KIND, id),
            Slot {
                bytes: Encoded::Fresh(Rc::new(enc)),
                crlf,
                generation,
            },
        );
        self.used.insert((T::KIND, id));
        self.dirty = true;
    }

    /// Writes the cache when something changed: to a temporary file renamed over the old one,
    /// so a reader sees the old or the new file, never a mix. Errors are ignored.
    pub fn save(&mut self) {
        if !self.dirty || self.off {
            return;
        }
        self.dirty = false;
        let generation = self.generation + 1;
        let outcomes = Outcomes {
            outcomes: self
                .load_outcomes()
                .iter()
                .map(|(k, o)| {
                    let store = |v: &[Problem]| -> Vec<StoredProblem> {
                        v.iter()
                            .map(|p| {
                                StoredProblem(p.path.clone(), p.line, p.col, p.finding.clone())
                            })
                            .collect()
                    };
                    (k.to_string(), store(&o.problems), store(&o.style))
                })
                .collect(),
            trees: self
                .trees
                .iter()
                .map(|(t, k)| (t.to_string(), k.to_string()))
                .collect(),
            worktree: self.worktree.map(|k| k.to_string()),
        };
        let Ok(outcomes) = serde_json::to_vec(&outcomes) else {
            return;
        };
        let mut stats: Vec<u8> = Vec::new();
        for (path, (stat, id)) in self.known().iter() {
            let Ok(len) = u16::try_from(path.len()) else {
                continue;
            };
            stats.extend_from_slice(&len.to_le_bytes());
            stats.extend_from_slice(path.as_bytes());
            for w in [
                stat.size,
                stat.mtime as u64,
                stat.ctime as u64,
                stat.ino,
                stat.dev,
            ] {
                stats.extend_from_slice(&w.to_le_bytes());
            }
            stats.extend_from_slice(id.as_bytes());
        }
        let mut files: Vec<u8> = Vec::new();
        for (key, list) in self.load_files().iter() {
            files.extend_from_slice(key.as_bytes());
            files.extend_from_slice(&(list.len() as u64).to_le_bytes());
            for (path, id) in list.iter() {
                files.extend_from_slice(id.as_bytes());
                files.extend_from_slice(&(path.len() as u16).to_le_bytes());
                files.extend_from_slice(path.as_bytes());
            }
        }
        let used = std::mem::take(&mut self.used);
        self.load_values();
        let mut values = Vec::new();
        if let Some(map) = &mut self.values {
            map.retain(|key, slot| {
                if used.contains(key) {
                    slot.generation = generation;
                }
                slot.generation + KEEP_GENERATIONS > generation
            });
            for ((kind, id), slot) in map.iter() {
                let enc: &[u8] = match &slot.bytes {
                    Encoded::Stored(range) => match self.stored.get(range.clone()) {
                        Some(b) => b,
                        None => continue,
                    },
                    Encoded::Fresh(bytes) => bytes,
                };
                values.push(*kind);
                values.extend_from_slice(id.as_bytes());
                values.push(u8::from(slot.crlf));
                values.extend_from_slice(&slot.generation.to_le_bytes());
                values.extend_from_slice(&(enc.len() as u64).to_le_bytes());
                values.extend_from_slice(enc);
            }
        }
        let mut out = format!("{}\n{generation}\n", signature()).into_bytes();
        let sections: [(&str, &[u8]); 4] = [
            ("outcomes", &outcomes),
            ("stats", &stats),
            ("files", &files),
            ("values", &values),
        ];
        for (name, bytes) in sections {
            out.extend_from_slice(
                format!("{name}\t{}\t{:016x}\n", bytes.len(), checksum(bytes)).as_bytes(),
            );
        }
        out.push(b'\n');
        for (_, bytes) in sections {
            out.extend_from_slice(bytes);
        }
        let tmp = self
            .path
            .with_file_name(format!("{FILE}.tmp-{}", std::process::id()));
        let written = std::fs::File::create(&tmp).and_then(|mut f| f.write_all(&out));
        if written.is_err() || std::fs::rename(&tmp, &self.path).is_err() {
            let _ = std::fs::remove_file(&tmp);
            return;
        }
        self.file = std::fs::metadata(&self.path).ok().map(|m| FileStat::of(&m));
        // What was written is what this process holds from now on (values are found again
        // in the new bytes when next needed).
        self.sections.clear();
        self.backing = Backing::None;
        if self.read_header(&out, out.len()) {
            self.backing = Backing::Memory(out);
            self.generation = generation;
        } else {
            self.sections.clear();
        }
        self.values = None;
        self.stored = Vec::new();
    }
}

fn signature() -> String {
    format!("{FILE}\t{FORMAT}\t{}", env!("CARGO_PKG_VERSION"))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A fast checksum against damage (not against an attacker, who could write any file in
/// `.git` anyway): four multiply-rotate lanes over 8-byte words.
pub(super) fn checksum(bytes: &[u8]) -> u64 {
    const K: [u64; 4] = [
        0x9E37_79B9_7F4A_7C15,
        0xC2B2_AE3D_27D4_EB4F,
        0x1656_67B1_9E37_79F9,
        0x85EB_CA77_C2B2_AE63,
    ];
    let mut lanes = K;
    let mut chunks = bytes.chunks_exact(32);
    for c in &mut chunks {
        for (i, lane) in lanes.iter_mut().enumerate() {
            let mut w = [0u8; 8];
            w.copy_from_slice(&c[i * 8..i * 8 + 8]);
            *lane = (*lane ^ u64::from_le_bytes(w))
                .wrapping_mul(K[i])
                .rotate_left(31);
        }
    }
    let mut h = bytes.len() as u64;
    for (i, b) in chunks.remainder().iter().enumerate() {
        h = (h ^ u64::from(*b) << ((i % 8) * 8))
            .wrapping_mul(K[0])
            .rotate_left(27);
    }
    for (i, lane) in lanes.iter().enumerate() {
        h = (h ^ lane).wrapping_mul(K[(i + 1) % 4]).rotate_left(29);
    }
    h ^ (h >> 32)
}

thread_local! {
    /// The cache of the repository last used on this thread, kept between loads (a review
    /// loads two trees; the TUI reloads).
    static OPEN: std::cell::RefCell<Option<Cache>> = const { std::cell::RefCell::new(None) };
}

/// Whether the caches are off (`TASKFORCE_TEST_NO_PLAN_CACHE=1`, debug builds only): tests
/// compare every read with the caches against the same read without them.
pub(super) fn disabled() -> bool {
    cfg!(debug_assertions)
        && std::env::var_os("TASKFORCE_TEST_NO_PLAN_CACHE").is_some_and(|v| v == "1")
}

/// Runs `f` with the cache of the repository at `git_dir` (an empty one that is never written
/// when the caches are off).
pub(super) fn with<R>(git_dir: &Path, f: impl FnOnce(&mut Cache) -> R) -> R {
    if disabled() {
        let mut none = Cache::open(Path::new("/nonexistent/taskforce-no-cache"));
        none.off = true;
        return f(&mut none);
    }
    let path = git_dir.join(FILE);
    // The cache kept from an earlier load, unless another process wrote the file since.
    let on_disk = std::fs::metadata(&path).ok().map(|m| FileStat::of(&m));
    let mut cache = OPEN
        .with(|c| c.borrow_mut().take())
        .filter(|c| c.path == path && c.file == on_disk)
        .unwrap_or_else(|| Cache::open(git_dir));
    let out = f(&mut cache);
    OPEN.with(|c| *c.borrow_mut() = Some(cache));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_values_decoded_together_are_each_value_as_read_alone() {
        use crate::model::{Id, Printed, SetTarget};
        let dir = tempfile::tempdir().expect("temp");
        let target = |n: usize| SetTarget {
            schema: 1,
            indicator: Id::parse(&format!("I{:02}", 1 + n % 40)).expect("id"),
            year: 2025 + (n % 3) as i32,
            target: Printed::from_text(&format!("≥{}", n % 97)).expect("printed"),
            basis: format!("会议决定 {n}：\"引号\" 与换行\n第二行"),
            set_by: "市统计局".into(),
        };
        // Enough values for several threads, some of them missing or of another kind.
        let count = PARALLEL_VALUES * 2 + 17;
        let ids: Vec<Oid> = (0..count)
            .map(|n| Oid::hash_object(git2::ObjectType::Blob, n.to_string().as_bytes()))
            .collect::<Result<_, _>>()
            .expect("ids");
        let mut cache = Cache::open(dir.path());
        for (n, id) in ids.iter().enumerate() {
            if n % 5 != 0 {
                cache.put(*id, &target(n), n % 7 == 0);
            }
        }
        let check = |cache: &mut Cache, round: &str| {
            let together = cache.values::<SetTarget>(&ids);
            assert_eq!(together.len(), count, "{round}");
            let mut found = 0;
            for (n, (id, value)) in ids.iter().zip(together).enumerate() {
                let alone = cache.value::<SetTarget>(*id);
                assert_eq!(value, alone, "{round}: value {n}");
                if n % 5 != 0 {
                    assert_eq!(value, Some((target(n), n % 7 == 0)), "{round}: value {n}");
                    found += 1;
                } else {
                    assert_eq!(value, None, "{round}: value {n}");
                }
            }
            assert!(found > PARALLEL_VALUES, "{round}: {found}");
        };
        check(&mut cache, "as put");
        cache.save();
        check(&mut cache, "as written");
        check(&mut Cache::open(dir.path()), "as read from the file");
    }

    #[test]
    fn the_checksum_sees_any_changed_byte() {
        let data: Vec<u8> = (0..1000u32).map(|i| (i * 7 % 251) as u8).collect();
        let sum = checksum(&data);
        for i in 0..data.len() {
            let mut d = data.clone();
            d[i] ^= 1;
            assert_ne!(checksum(&d), sum, "byte {i}");
        }
        assert_ne!(checksum(&data[..999]), sum);
    }
}
