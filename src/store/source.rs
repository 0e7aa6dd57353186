//! Where files are read from: the work tree, or a git tree at some revision.

use std::io;
use std::path::{Path, PathBuf};

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
}

/// Files of a folder on disk.
pub struct DirSource {
    root: PathBuf,
}

impl DirSource {
    /// Reads below `root`.
    pub fn new(root: &Path) -> DirSource {
        DirSource {
            root: root.to_path_buf(),
        }
    }
}

impl Source for DirSource {
    fn list(&self, dir: &str) -> Vec<Entry> {
        let Ok(entries) = std::fs::read_dir(self.root.join(dir)) else {
            return Vec::new();
        };
        let mut out: Vec<Entry> = entries
            .filter_map(Result::ok)
            .map(|e| Entry {
                name: e.file_name().to_string_lossy().into_owned(),
                is_dir: e.file_type().is_ok_and(|t| t.is_dir()),
            })
            .filter(|e| !e.name.starts_with('.'))
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    fn read(&self, path: &str) -> io::Result<Vec<u8>> {
        std::fs::read(self.root.join(path))
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
