//! Where files are read from: the work tree, or a git tree at some revision.

use std::io;
use std::path::{Path, PathBuf};

use super::finding::Finding;

/// An entry of a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub is_dir: bool,
}

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
}

impl DirSource {
    /// Reads below `root`.
    pub fn new(root: &Path) -> DirSource {
        DirSource {
            root: root.to_path_buf(),
            refused: Default::default(),
            folders: Default::default(),
        }
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
                out.push(Entry {
                    name,
                    is_dir: t.is_dir(),
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
}

impl<'r> TreeSource<'r> {
    /// Reads from `tree` of `repo`.
    pub fn new(repo: &'r git2::Repository, tree: git2::Tree<'r>) -> TreeSource<'r> {
        TreeSource { repo, tree }
    }
}

impl Source for TreeSource<'_> {
    fn list(&self, dir: &str) -> Vec<Entry> {
        let tree = if dir.is_empty() {
            self.tree.clone()
        } else {
            match self
                .tree
                .get_path(Path::new(dir))
                .and_then(|e| self.repo.find_tree(e.id()))
            {
                Ok(t) => t,
                Err(_) => return Vec::new(),
            }
        };
        tree.iter()
            .filter_map(|e| {
                Some(Entry {
                    name: e.name().ok()?.to_string(),
                    is_dir: e.kind() == Some(git2::ObjectType::Tree),
                })
            })
            .filter(|e| !e.name.starts_with('.'))
            .collect()
    }

    fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        let entry = self
            .tree
            .get_path(Path::new(path))
            .map_err(|e| io::Error::new(io::ErrorKind::NotFound, e.message().to_string()))?;
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
