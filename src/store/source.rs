//! Where files are read from: the work tree, or a git tree at some revision.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use super::finding::Finding;

/// An entry of a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub is_dir: bool,
    /// The git object id of the entry when known without reading it: a git tree's entry, or a
    /// work-tree file unchanged since the plan cache recorded it.
    pub id: Option<git2::Oid>,
    /// A work-tree file's stat, taken when it was listed (before any read), when asked for.
    pub stat: Option<FileStat>,
}

/// What `lstat` says of a work-tree file: when all of it is unchanged, so is the content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStat {
    pub size: u64,
    /// Modification and change times, in nanoseconds since the epoch.
    pub mtime: i64,
    pub ctime: i64,
    pub ino: u64,
    pub dev: u64,
}

impl FileStat {
    /// The stat of `meta`.
    pub fn of(meta: &std::fs::Metadata) -> FileStat {
        use std::os::unix::fs::MetadataExt as _;
        let ns = |s: i64, n: i64| s.saturating_mul(1_000_000_000).saturating_add(n);
        FileStat {
            size: meta.len(),
            mtime: ns(meta.mtime(), meta.mtime_nsec()),
            ctime: ns(meta.ctime(), meta.ctime_nsec()),
            ino: meta.ino(),
            dev: meta.dev(),
        }
    }

    /// Whether the file changed so recently that another change in the same clock tick could
    /// leave this stat as it is (git's "racily clean" entries): such a stat is never trusted.
    pub fn is_recent(&self, now_ns: i64) -> bool {
        const MARGIN_NS: i64 = 2_000_000_000;
        self.mtime.max(self.ctime) >= now_ns.saturating_sub(MARGIN_NS)
    }
}

/// Blob ids of work-tree files by path, with the stat each was recorded at.
pub type KnownIds = HashMap<String, (FileStat, git2::Oid)>;

/// Read access to a plan's files by repository-relative path (with `/`).
pub trait Source {
    /// The entries of a folder, sorted by name; empty when the folder does not exist.
    fn list(&self, dir: &str) -> Vec<Entry>;
    /// The bytes of a file.
    fn read(&self, path: &str) -> io::Result<Vec<u8>>;
    /// Paths refused while listing (a symbolic link, a special file), with the reason.
    fn refused(&self) -> Vec<(String, Finding)> {
        Vec::new()
    }
}

/// Files of a folder on disk. Symbolic links and special files are never followed: they are
/// left out of listings and recorded as refused, so nothing outside the folder is read.
pub struct DirSource {
    root: PathBuf,
    refused: std::cell::RefCell<Vec<(String, Finding)>>,
    /// Folders already found to be real folders (not links): a load of 10,000 files checks
    /// each folder once, not once per file below it.
    folders: std::cell::RefCell<std::collections::HashSet<String>>,
    /// Ids recorded by the plan cache: a listed file whose stat matches gets its id.
    known: Option<std::rc::Rc<KnownIds>>,
    /// How many listed files got their id from `known`.
    hits: std::cell::Cell<usize>,
}

impl DirSource {
    /// Reads below `root`.
    pub fn new(root: &Path) -> DirSource {
        DirSource {
            root: root.to_path_buf(),
            refused: Default::default(),
            folders: Default::default(),
            known: None,
            hits: Default::default(),
        }
    }

    /// Reads below `root`, giving listed files the ids in `known` whose stat still matches.
    pub fn with_known(root: &Path, known: std::rc::Rc<KnownIds>) -> DirSource {
        DirSource {
            known: Some(known),
            ..DirSource::new(root)
        }
    }

    /// How many listed files got their id from the known ids.
    pub fn hits(&self) -> usize {
        self.hits.get()
    }

    fn refuse(&self, path: &str, why: Finding) {
        let mut r = self.refused.borrow_mut();
        if !r.iter().any(|(p, _)| p == path) {
            r.push((path.to_string(), why));
        }
    }

    /// Refuses `rel` when a folder or file along it is a link; records why.
    fn inside(&self, rel: &str) -> bool {
        let mut here = self.root.clone();
        let mut shown = String::new();
        for part in rel.split('/').filter(|p| !p.is_empty()) {
            here.push(part);
            if !shown.is_empty() {
                shown.push('/');
            }
            shown.push_str(part);
            if self.folders.borrow().contains(&shown) {
                continue;
            }
            match std::fs::symlink_metadata(&here) {
                Ok(m) if m.file_type().is_symlink() => {
                    self.refuse(&shown, LINK);
                    return false;
                }
                Ok(m) if !(m.is_dir() || m.is_file()) => {
                    self.refuse(&shown, SPECIAL);
                    return false;
                }
                Ok(m) => {
                    if m.is_dir() {
                        self.folders.borrow_mut().insert(shown.clone());
                    }
                }
                Err(_) => return true,
            }
        }
        true
    }
}

const LINK: Finding = Finding::Link;
const SPECIAL: Finding = Finding::SpecialFile;

impl Source for DirSource {
    fn list(&self, dir: &str) -> Vec<Entry> {
        if !self.inside(dir) {
            return Vec::new();
        }
        let Ok(entries) = std::fs::read_dir(self.root.join(dir)) else {
            return Vec::new();
        };
        let mut out: Vec<Entry> = Vec::new();
        for e in entries.filter_map(Result::ok) {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let Ok(t) = e.file_type() else { continue };
            let rel = if dir.is_empty() {
                name.clone()
            } else {
                format!("{dir}/{name}")
            };
            if t.is_symlink() {
                self.refuse(&rel, LINK);
            } else if !(t.is_dir() || t.is_file()) {
                self.refuse(&rel, SPECIAL);
            } else {
                let (mut id, mut stat) = (None, None);
                if t.is_dir() {
                    // A folder listed as one (not a link) needs no second look when read below.
                    self.folders.borrow_mut().insert(rel);
                } else if let Some(known) = &self.known
                    && let Ok(meta) = e.metadata()
                {
                    let now = FileStat::of(&meta);
                    id = known
                        .get(&rel)
                        .filter(|(s, _)| *s == now)
                        .map(|(_, id)| *id);
                    self.hits.set(self.hits.get() + usize::from(id.is_some()));
                    stat = Some(now);
                }
                out.push(Entry {
                    name,
                    is_dir: t.is_dir(),
                    id,
                    stat,
                });
            }
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        if !self.inside(path) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                LINK.words(crate::model::Lang::En),
            ));
        }
        super::durable::read_nofollow(&self.root.join(path))
    }

    fn refused(&self) -> Vec<(String, Finding)> {
        self.refused.borrow().clone()
    }
}

/// Files of a git tree (a commit's snapshot).
pub struct TreeSource<'r> {
    repo: &'r git2::Repository,
    tree: git2::Tree<'r>,
    /// Folders already listed, by path: listing below them starts there, not at the root.
    folders: std::cell::RefCell<HashMap<String, git2::Oid>>,
}

impl<'r> TreeSource<'r> {
    /// Reads from `tree` of `repo`.
    pub fn new(repo: &'r git2::Repository, tree: git2::Tree<'r>) -> TreeSource<'r> {
        TreeSource {
            repo,
            tree,
            folders: Default::default(),
        }
    }

    /// The tree at folder `dir` (the root for "").
    fn folder(&self, dir: &str) -> Option<git2::Tree<'r>> {
        if dir.is_empty() {
            return Some(self.tree.clone());
        }
        if let Some(id) = self.folders.borrow().get(dir) {
            return self.repo.find_tree(*id).ok();
        }
        let entry = self.tree.get_path(Path::new(dir)).ok()?;
        self.repo.find_tree(entry.id()).ok()
    }
}

impl Source for TreeSource<'_> {
    fn list(&self, dir: &str) -> Vec<Entry> {
        let Some(tree) = self.folder(dir) else {
            return Vec::new();
        };
        let mut out: Vec<Entry> = tree
            .iter()
            .filter_map(|e| {
                let is_dir = e.kind() == Some(git2::ObjectType::Tree);
                // Only a plain file's id stands for its content; a link or submodule is read
                // (and refused) by `read`.
                let plain = is_dir || matches!(e.filemode(), 0o100644 | 0o100755);
                Some(Entry {
                    name: e.name().ok()?.to_string(),
                    is_dir,
                    id: plain.then(|| e.id()),
                    stat: None,
                })
            })
            .filter(|e| !e.name.starts_with('.'))
            .collect();
        // Name order, as a folder on disk is listed (git orders a folder as if its name ended
        // in `/`).
        out.sort_by(|a, b| a.name.cmp(&b.name));
        let mut folders = self.folders.borrow_mut();
        for e in out.iter().filter(|e| e.is_dir) {
            if let Some(id) = e.id {
                let path = if dir.is_empty() {
                    e.name.clone()
                } else {
                    format!("{dir}/{}", e.name)
                };
                folders.insert(path, id);
            }
        }
        out
    }

    fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        let not_found =
            |e: git2::Error| io::Error::new(io::ErrorKind::NotFound, e.message().to_string());
        let entry = match path.rsplit_once('/') {
            Some((dir, name)) => match self.folder(dir) {
                Some(tree) => tree
                    .get_name(name)
                    .map(|e| e.to_owned())
                    .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, path.to_string()))?,
                None => return Err(io::Error::new(io::ErrorKind::NotFound, path.to_string())),
            },
            None => self.tree.get_path(Path::new(path)).map_err(not_found)?,
        };
        if !matches!(entry.filemode(), 0o100644 | 0o100755) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "committed as mode {:o}, not a plain file (a symbolic link or submodule is never followed)",
                    entry.filemode()
                ),
            ));
        }
        let blob = self
            .repo
            .find_blob(entry.id())
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.message().to_string()))?;
        Ok(blob.content().to_vec())
    }
}

/// Files embedded in the binary (the bundled plan).
pub struct BundledSource;

impl Source for BundledSource {
    fn list(&self, dir: &str) -> Vec<Entry> {
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let mut out: Vec<Entry> = Vec::new();
        for (path, _) in super::bundled::FILES {
            if let Some(rest) = path.strip_prefix(&prefix) {
                let (name, is_dir) = match rest.split_once('/') {
                    Some((d, _)) => (d, true),
                    None => (rest, false),
                };
                if !out.iter().any(|e| e.name == name) {
                    out.push(Entry {
                        name: name.to_string(),
                        is_dir,
                        id: None,
                        stat: None,
                    });
                }
            }
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        super::bundled::FILES
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, bytes)| bytes.to_vec())
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, path.to_string()))
    }
}
