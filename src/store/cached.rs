//! Loads through the parsed-plan cache (`cache.rs`): the work tree (each file's id from its
//! unchanged stat, else read) and git trees (each file's id from the tree).

use git2::Oid;

use super::cache::{self, Outcome};
use super::codec::Problem;
use super::load::{Observed, Want, load_observed, plan_of_files};
use super::source::{DirSource, Entry, FileStat, Source, TreeSource};
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
            let now = now_ns();
            let recordable: Vec<(&String, FileStat, Oid)> = out
                .ids
                .iter()
                .zip(&out.stats)
                .filter_map(|((path, id), stat)| {
                    let stat = (*stat)?;
                    (!stat.is_recent(now)).then_some((path, stat, *id))
                })
                .collect();
            if let Some(key) = out.key {
                cache.record_worktree(key, &out.ids);
            }
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
                    stats: Vec::new(),
                };
            }
            // A tree loaded before: its files are known, so nothing is listed.
            if let Some(key) = cache.tree_key(tree.id())
                && let Some(outcome) = cache.outcome(key)
                && let Some(files) = cache.files(key)
                && let Some(plan) = plan_of_files(&self.repo, cache, &files)
            {
                cache.save();
                return Observed {
                    plan: Some(plan),
                    outcome: (*outcome).clone(),
                    key: Some(key),
                    ids: Vec::new(),
                    stats: Vec::new(),
                };
            }
            let id = tree.id();
            let out = load_observed(&TreeSource::new(&self.repo, tree), Some(cache), want);
            if let Some(key) = out.key {
                cache.record_tree(id, key);
                cache.record_files(key, out.ids.clone());
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

    /// The plan and problems of the work tree as last loaded, from the plan cache alone: no
    /// file of the work tree is read, so a change since that load is not in it. For a first
    /// paint (the TUI shows it at once, then loads the work tree off the UI thread); `None`
    /// when the cache has no whole load of the work tree.
    pub fn cached_plan(&self) -> Option<(Plan, Vec<Problem>)> {
        cache::with(self.repo.path(), |cache| {
            let key = cache.worktree_key()?;
            let outcome = cache.outcome(key)?;
            let files = cache.files(key)?;
            let plan = plan_of_files(&self.repo, cache, &files)?;
            Some((plan, outcome.problems.clone()))
        })
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

/// The work-tree files one item needs, and nothing else: plan.ron and units.ron, the item's
/// action, the item (or every measure of an action), their reports, and the meetings (the
/// light's meeting rule). A file is tried where its path says it is, not found by listing.
struct ItemSource<'a> {
    dir: &'a DirSource,
    /// The action the files belong to (`A3`).
    action: String,
    /// The measure's file name (`A3-02.ron`), or `None` for every measure of the action.
    only: Option<String>,
    /// Files read while looking for them, until the loader reads them.
    pending: std::cell::RefCell<std::collections::HashMap<String, std::io::Result<Vec<u8>>>>,
}

impl ItemSource<'_> {
    /// The file `name` of `dir` as an entry when it exists (read now, kept for `read`).
    fn try_file(&self, dir: &str, name: &str) -> Vec<Entry> {
        let path = format!("{dir}/{name}");
        let read = self.dir.read(&path);
        if matches!(&read, Err(e) if e.kind() == std::io::ErrorKind::NotFound) {
            return Vec::new();
        }
        self.pending.borrow_mut().insert(path, read);
        vec![Entry {
            name: name.to_string(),
            is_dir: false,
            id: None,
            stat: None,
        }]
    }

    fn folder(&self, name: &str) -> Vec<Entry> {
        vec![Entry {
            name: name.to_string(),
            is_dir: true,
            id: None,
            stat: None,
        }]
    }

    fn shard(&self, dir: &str) -> Vec<Entry> {
        match &self.only {
            Some(file) => self.try_file(dir, file),
            None => self.dir.list(dir),
        }
    }
}

impl Source for ItemSource<'_> {
    fn list(&self, dir: &str) -> Vec<Entry> {
        use super::layout::{ACTIONS, MEASURES, MEETINGS, STATUS};
        let parts: Vec<&str> = dir.split('/').collect();
        match parts.as_slice() {
            [ACTIONS] => self.try_file(dir, &format!("{}.ron", self.action)),
            // A folder that does not exist lists as empty.
            [MEASURES] | [STATUS, _, _] => self.folder(&self.action),
            [MEASURES, a] | [STATUS, _, _, a] if *a == self.action => self.shard(dir),
            [MEETINGS] | [MEETINGS, _] | [STATUS, _] => self.dir.list(dir),
            _ => Vec::new(),
        }
    }

    fn read(&self, path: &str) -> std::io::Result<Vec<u8>> {
        match self.pending.borrow_mut().remove(path) {
            Some(read) => read,
            None => self.dir.read(path),
        }
    }

    fn refused(&self) -> Vec<(String, super::finding::Finding)> {
        self.dir.refused()
    }
}

impl Store {
    /// A plan holding what `show ID` needs, and the problems to name: for a measure, the
    /// measure, its action, its reports and the meetings; for an action, the action, its
    /// measures and their reports; for anything else (or a measure or action whose file is
    /// missing, misfiled or unreadable) the whole work tree. The problems are those of the
    /// files read, and, for the others, those of the plan as committed (kept per tree in the
    /// cache, so nothing else is read when HEAD was seen before).
    pub fn load_item(&self, id: &crate::model::Id) -> (Option<Plan>, Vec<Problem>) {
        if super::cache::disabled() {
            return self.load(super::Reports::All);
        }
        let action = id.action_prefix().to_string();
        let measure = super::layout::measure(id);
        let only = if self.root.join(&measure).is_file() {
            Some(format!("{id}.ron"))
        } else if self.root.join(super::layout::action(id)).is_file() {
            None
        } else {
            return self.load(super::Reports::All);
        };
        let dir = DirSource::new(&self.root);
        let source = ItemSource {
            dir: &dir,
            action,
            only: only.clone(),
            pending: Default::default(),
        };
        let out = load_observed(&source, None, Want::Part);
        let found = out.plan.as_ref().is_some_and(|p| match only {
            Some(_) => p.measure(id).is_some(),
            None => p.action(id).is_some(),
        });
        if !found {
            return self.load(super::Reports::All);
        }
        let mut problems = out.outcome.problems;
        // The committed plan's problems, but for the files read here: those count as read,
        // unless a file is as committed (then its problems with other files still hold).
        let committed = self.head_problems().unwrap_or_default();
        if !committed.is_empty() {
            let head = self.repo.head().ok().and_then(|h| h.peel_to_tree().ok());
            let read: std::collections::HashSet<&str> =
                out.ids.iter().map(|(p, _)| p.as_str()).collect();
            for p in committed {
                let same = !read.contains(p.path.as_str())
                    || head
                        .as_ref()
                        .and_then(|t| t.get_path(std::path::Path::new(&p.path)).ok())
                        .zip(dir.read(&p.path).ok())
                        .is_some_and(|(e, bytes)| e.id() == super::load::blob_id(&bytes));
                if same {
                    problems.push(p);
                }
            }
            problems.sort();
            problems.dedup();
        }
        (out.plan, problems)
    }
}
