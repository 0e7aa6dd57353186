//! Loads through the parsed-plan cache (`cache.rs`): the work tree (each file's id from its
//! unchanged stat, else read) and git trees (each file's id from the tree).

use git2::Oid;

use super::cache::{self, Outcome};
use super::codec::Problem;
use super::load::{Observed, Want, load_observed};
use super::source::{DirSource, FileStat, TreeSource};
use super::{Result, Store};
use crate::model::Plan;

fn now_ns() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

impl Store {
    /// Loads the work tree through the cache.
    pub(super) fn load_worktree(&self, want: Want) -> Observed {
        cache::with(self.repo.path(), |cache| {
            let source = DirSource::with_known(&self.root, cache.known());
            let out = load_observed(&source, Some(cache), want);
            // The stat of each file was taken when it was listed, before it was read.
            let stats = source.stats();
            let now = now_ns();
            let recordable: Vec<(&String, FileStat, Oid)> = out
                .ids
                .iter()
                .filter_map(|(path, id)| {
                    let stat = stats.get(path)?;
                    (!stat.is_recent(now)).then_some((path, *stat, *id))
                })
                .collect();
            // Unchanged when every file that could be recorded was found by its record.
            let known_len = cache.known().len();
            if recordable.len() != source.hits() || known_len != source.hits() {
                cache.record_known(
                    recordable
                        .into_iter()
                        .map(|(path, stat, id)| (path.clone(), (stat, id)))
                        .collect(),
                );
            }
            drop(stats);
            cache.save();
            out
        })
    }

    /// Loads the git tree `tree` through the cache.
    pub(super) fn load_tree(&self, tree: git2::Tree<'_>, want: Want) -> Observed {
        cache::with(self.repo.path(), |cache| {
            if want == Want::Problems
                && let Some(key) = cache.tree_key(tree.id())
                && let Some(outcome) = cache.outcome(key)
            {
                return Observed {
                    plan: None,
                    outcome: (*outcome).clone(),
                    key: Some(key),
                    ids: Vec::new(),
                };
            }
            let id = tree.id();
            let out = load_observed(&TreeSource::new(&self.repo, tree), Some(cache), want);
            if let Some(key) = out.key {
                cache.record_tree(id, key);
            }
            cache.save();
            out
        })
    }

    /// The work tree's plan, its problems and its style problems (`check`, the TUI).
    pub fn load_with_style(&self) -> (Option<Plan>, Vec<Problem>, Vec<Problem>) {
        let out = self.load_worktree(Want::Plan);
        (out.plan, out.outcome.problems, out.outcome.style)
    }

    /// What `check` finds in the work tree: problems and style problems. Nothing is parsed
    /// when the cache holds the outcome of exactly these files.
    pub fn check_worktree(&self) -> (Vec<Problem>, Vec<Problem>) {
        let Outcome { problems, style } = self.load_worktree(Want::Problems).outcome;
        (problems, style)
    }

    /// The problems of the plan as committed at HEAD (kept per tree in the cache).
    pub fn head_problems(&self) -> Result<Vec<Problem>> {
        let tree = self.repo.head()?.peel_to_tree()?;
        Ok(self.load_tree(tree, Want::Problems).outcome.problems)
    }

    /// The plan of the git tree `tree` (a commit's), through the cache.
    pub(super) fn plan_of_tree(&self, tree: Oid) -> Result<(Option<Plan>, Vec<Problem>)> {
        let tree = self.repo.find_tree(tree)?;
        let out = self.load_tree(tree, Want::Plan);
        Ok((out.plan, out.outcome.problems))
    }
}
