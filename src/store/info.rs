//! Facts about the plan repository the front ends show or need (branch, clean or dirty, the
//! committer), so they never hold the git repository themselves.

use std::path::Path;

use super::Store;
use super::git::Identity;

/// The branch, whether the work tree has changes, and ahead/behind the upstream.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RepoState {
    pub branch: Option<String>,
    pub dirty: bool,
    /// Commits ahead of and behind the upstream branch, when there is one.
    pub ahead_behind: Option<(usize, usize)>,
}

impl Store {
    /// The committer from the repository's git configuration, if one is set.
    pub fn identity(&self) -> Option<Identity> {
        Identity::from_repo(&self.repo)
    }

    /// The commit HEAD points at (hex), to notice commits made by another process.
    pub fn head_commit(&self) -> Option<String> {
        self.repo
            .head()
            .ok()
            .and_then(|h| h.target())
            .map(|o| o.to_string())
    }

    /// The `.git` folder (hooks, the TUI's edit file).
    pub fn git_dir(&self) -> &Path {
        self.repo.path()
    }

    /// The branch HEAD is on (its short name), without looking at the work tree.
    pub fn branch_name(&self) -> Option<String> {
        let head = self.repo.head().ok()?;
        head.shorthand().ok().map(str::to_string)
    }

    /// Branch, clean or dirty, and ahead/behind the upstream.
    pub fn state(&self) -> RepoState {
        let repo = &self.repo;
        let head = repo.head().ok();
        let branch = self.branch_name();
        let mut options = git2::StatusOptions::new();
        options.include_untracked(true).include_ignored(false);
        let dirty = repo
            .statuses(Some(&mut options))
            .map(|s| !s.is_empty())
            .unwrap_or(false);
        let ahead_behind = head.as_ref().filter(|h| h.is_branch()).and_then(|h| {
            let name = h.shorthand().ok()?;
            let local = h.target()?;
            let upstream = repo
                .find_branch(name, git2::BranchType::Local)
                .ok()?
                .upstream()
                .ok()?;
            let remote = upstream.get().target()?;
            repo.graph_ahead_behind(local, remote).ok()
        });
        RepoState {
            branch,
            dirty,
            ahead_behind,
        }
    }
}
