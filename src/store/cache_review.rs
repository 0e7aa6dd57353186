//! The incremental review's plans: the plan at one commit turned into the plan at another by
//! the files that differ between their trees (a tree diff that skips every folder whose id
//! is the same on both sides), instead of loading both whole; and the trees a review reads
//! to find each commit's parent versions.

use std::collections::HashMap;

use git2::Oid;

use super::{Error, Result, Store, layout};
use crate::model::{Plan, Report};

/// How many trees [`Trees`] keeps at most.
const TREES_KEPT: usize = 256;

/// Trees read during one review, by id: looking up paths in nearby commits reads each tree
/// once.
pub(super) struct Trees<'r> {
    pub repo: &'r git2::Repository,
    pub trees: HashMap<Oid, git2::Tree<'r>>,
}

impl Trees<'_> {
    /// The id of the plain file at `path` in the tree `root`.
    pub fn blob(&mut self, root: Oid, path: &str) -> Option<Oid> {
        let mut at = root;
        let mut parts = path.split('/').peekable();
        while let Some(name) = parts.next() {
            if !self.trees.contains_key(&at) {
                // Bounded: each commit's top trees are its own, so memory would only grow.
                if self.trees.len() >= TREES_KEPT {
                    self.trees.clear();
                }
                let tree = self.repo.find_tree(at).ok()?;
                self.trees.insert(at, tree);
            }
            let entry = self.trees.get(&at)?.get_name(name)?;
            if parts.peek().is_none() {
                return matches!(entry.filemode(), 0o100644 | 0o100755).then(|| entry.id());
            }
            if entry.kind() != Some(git2::ObjectType::Tree) {
                return None;
            }
            at = entry.id();
        }
        None
    }
}

/// The plan objects of one kind that a tree diff removes from the newer plan and adds back
/// from the older one.
struct Edit<T> {
    remove: Vec<T>,
    add: Vec<T>,
}

impl<T> Default for Edit<T> {
    fn default() -> Self {
        Edit {
            remove: Vec::new(),
            add: Vec::new(),
        }
    }
}

impl<T: PartialEq> Edit<T> {
    /// `list` with the edit applied; `None` when an object to remove is not in it. An object
    /// added under the key of one removed takes its place (a file changed in place keeps the
    /// list in the order it was, so the plan need not sort it again); the others go last.
    ///
    /// `key` is a hash of the object's key (no key is copied): objects are removed only when
    /// equal to the one named, so a collision can only change where an added object goes,
    /// and the plan sorts every list again.
    fn apply(self, list: Vec<T>, key: impl Fn(&T) -> u64) -> Option<Vec<T>> {
        if self.remove.is_empty() && self.add.is_empty() {
            return Some(list);
        }
        // The objects to remove, by key, until each is found in the list.
        let mut pending: HashMap<u64, Vec<usize>> = HashMap::new();
        for (j, r) in self.remove.iter().enumerate() {
            pending.entry(key(r)).or_default().push(j);
        }
        let mut gone = vec![false; list.len()];
        // The places freed, by key.
        let mut freed: HashMap<u64, Vec<usize>> = HashMap::new();
        let mut found = 0;
        for (i, x) in list.iter().enumerate() {
            if found == self.remove.len() {
                break;
            }
            let k = key(x);
            if let Some(js) = pending.get_mut(&k)
                && let Some(at) = js.iter().position(|&j| self.remove[j] == *x)
            {
                js.swap_remove(at);
                gone[i] = true;
                freed.entry(k).or_default().push(i);
                found += 1;
            }
        }
        if found != self.remove.len() {
            return None;
        }
        let mut slots: Vec<Option<T>> = list
            .into_iter()
            .zip(&gone)
            .map(|(x, g)| (!g).then_some(x))
            .collect();
        let mut rest = Vec::new();
        for a in self.add {
            match freed
                .get_mut(&key(&a))
                .and_then(|v| (!v.is_empty()).then(|| v.remove(0)))
            {
                Some(i) => slots[i] = Some(a),
                None => rest.push(a),
            }
        }
        let mut out: Vec<T> = slots.into_iter().flatten().collect();
        out.extend(rest);
        Some(out)
    }
}

/// The edits of every kind, and the plan header and roster when they changed.
#[derive(Default)]
struct Edits {
    meta: Option<crate::model::PlanMeta>,
    roster: Option<crate::model::Roster>,
    actions: Edit<crate::model::Action>,
    measures: Edit<crate::model::Measure>,
    indicators: Edit<crate::model::Indicator>,
    targets: Edit<crate::model::SetTarget>,
    observations: Edit<crate::model::Observation>,
    landmarks: Edit<crate::model::Landmark>,
    meetings: Edit<crate::model::Meeting>,
    items: Edit<crate::model::ActionItem>,
    reports: Edit<Report>,
}

thread_local! {
    /// The plan of the tree loaded last on this thread: a review and the command around it
    /// (the minutes, the open meeting) ask for the same tree, or a near one, more than once.
    static LAST_PLAN: std::cell::RefCell<Option<(Oid, std::rc::Rc<Plan>)>> = const { std::cell::RefCell::new(None) };
}

impl Store {
    /// The plan as committed at `commit`: the plan kept at hand when it is of the same tree,
    /// that plan changed by a tree diff when it is of another, else through the cache; with
    /// `keep`, kept at hand for the next call.
    pub(super) fn plan_of_commit(&self, commit: Oid, keep: bool) -> Result<Plan> {
        let tree = self.repo.find_object(commit, None)?.peel_to_tree()?;
        let last = LAST_PLAN
            .with(|p| p.borrow().clone())
            .filter(|_| !super::cache::disabled());
        let mut plan = None;
        if let Some((last_tree, last_plan)) = last {
            if last_tree == tree.id() {
                plan = Some((*last_plan).clone());
            } else if let Ok(from) = self.repo.find_tree(last_tree) {
                plan = self.derive_plan(&last_plan, &from, &tree)?;
            }
        }
        let plan = match plan {
            Some(plan) => plan,
            None => match self.plan_of_tree(tree.id())? {
                (Some(plan), _) => plan,
                (None, problems) => return Err(Error::Invalid(problems)),
            },
        };
        if keep {
            LAST_PLAN.with(|p| *p.borrow_mut() = Some((tree.id(), std::rc::Rc::new(plan.clone()))));
        }
        Ok(plan)
    }

    /// The plans at `base` and at `head`: head's through the cache, base's from head's by
    /// replacing the files that differ between the two trees (a tree diff, which skips every
    /// folder whose id did not change) with base's versions. Falls back to loading base
    /// whole when head's plan does not hold an object a changed file parses to.
    pub(super) fn plans_between(&self, base: Oid, head: Oid) -> Result<(Plan, Plan)> {
        let new = self.plan_of_commit(head, false)?;
        let base_tree = self.repo.find_object(base, None)?.peel_to_tree()?;
        let head_tree = self.repo.find_object(head, None)?.peel_to_tree()?;
        if base_tree.id() == head_tree.id() {
            return Ok((new.clone(), new));
        }
        let derived = if super::cache::disabled() {
            None
        } else {
            self.derive_plan(&new, &head_tree, &base_tree)?
        };
        let old = match derived {
            Some(old) => old,
            None => match self.plan_of_tree(base_tree.id())? {
                (Some(plan), _) => plan,
                (None, problems) => return Err(Error::Invalid(problems)),
            },
        };
        Ok((old, new))
    }

    /// `plan` (loaded from the tree `from`) turned into the plan of the tree `to`.
    fn derive_plan(
        &self,
        plan: &Plan,
        from: &git2::Tree<'_>,
        to: &git2::Tree<'_>,
    ) -> Result<Option<Plan>> {
        {
            let mut changed = Vec::new();
            self.tree_diff(Some(from), Some(to), "", &mut changed)?;
            let mut edits = Edits::default();
            let ok = super::cache::with(self.repo.path(), |cache| {
                for (path, before, after) in &changed {
                    let Some(kind) = super::load::kind_of(path) else {
                        continue;
                    };
                    // Without a plan header or roster the plan is unusable: load it whole to
                    // say why.
                    if after.is_none() && matches!(kind, layout::PLAN | layout::UNITS) {
                        return false;
                    }
                    for (side, adding) in [(before, false), (after, true)] {
                        if let Some(id) = side
                            && !self.edit(&mut edits, cache, kind, path, *id, adding)
                        {
                            return false;
                        }
                    }
                }
                cache.save();
                true
            });
            if !ok {
                return Ok(None);
            }
            Ok(apply(plan.clone(), edits))
        }
    }

    /// The files that differ between two trees below `prefix` (`None`: an empty tree), with
    /// each side's blob id when it is a plain file: folders with the same id on both sides are
    /// not read, and at the top only the folders a plan is loaded from.
    #[allow(clippy::type_complexity)]
    fn tree_diff(
        &self,
        from: Option<&git2::Tree<'_>>,
        to: Option<&git2::Tree<'_>>,
        prefix: &str,
        out: &mut Vec<(String, Option<Oid>, Option<Oid>)>,
    ) -> Result<()> {
        // (name, id, is a folder, is a plain file)
        let entries = |t: Option<&git2::Tree<'_>>| -> Vec<(String, Oid, bool, bool)> {
            let mut v: Vec<_> = t
                .into_iter()
                .flat_map(|t| t.iter())
                .filter_map(|e| {
                    let name = e.name().ok()?.to_string();
                    let dir = e.kind() == Some(git2::ObjectType::Tree);
                    let plain = matches!(e.filemode(), 0o100644 | 0o100755);
                    Some((name, e.id(), dir, plain))
                })
                .filter(|(name, ..)| {
                    !prefix.is_empty()
                        || [
                            layout::PLAN,
                            layout::UNITS,
                            layout::ACTIONS,
                            layout::MEASURES,
                            layout::INDICATORS,
                            layout::OBSERVATIONS,
                            layout::TARGETS,
                            layout::LANDMARKS,
                            layout::MEETINGS,
                            layout::ITEMS,
                            layout::STATUS,
                        ]
                        .contains(&name.as_str())
                })
                .collect();
            v.sort_by(|a, b| a.0.cmp(&b.0));
            v
        };
        let (a, b) = (entries(from), entries(to));
        let (mut i, mut j) = (0, 0);
        while i < a.len() || j < b.len() {
            let order = match (a.get(i), b.get(j)) {
                (Some(x), Some(y)) => x.0.cmp(&y.0),
                (Some(_), None) => std::cmp::Ordering::Less,
                _ => std::cmp::Ordering::Greater,
            };
            let (left, right) = match order {
                std::cmp::Ordering::Less => (a.get(i), None),
                std::cmp::Ordering::Greater => (None, b.get(j)),
                std::cmp::Ordering::Equal => (a.get(i), b.get(j)),
            };
            i += usize::from(left.is_some());
            j += usize::from(right.is_some());
            if let (Some(l), Some(r)) = (left, right)
                && l.1 == r.1
                && l.2 == r.2
                && l.3 == r.3
            {
                continue;
            }
            let name = left.or(right).map(|e| e.0.as_str()).unwrap_or_default();
            let path = if prefix.is_empty() {
                name.to_string()
            } else {
                format!("{prefix}/{name}")
            };
            let tree = |e: Option<&(String, Oid, bool, bool)>| -> Result<Option<git2::Tree<'_>>> {
                match e {
                    Some(e) if e.2 => Ok(Some(self.repo.find_tree(e.1)?)),
                    _ => Ok(None),
                }
            };
            let (lt, rt) = (tree(left)?, tree(right)?);
            if lt.is_some() || rt.is_some() {
                self.tree_diff(lt.as_ref(), rt.as_ref(), &path, out)?;
            }
            let blob =
                |e: Option<&(String, Oid, bool, bool)>| e.filter(|e| !e.2 && e.3).map(|e| e.1);
            let (lb, rb) = (blob(left), blob(right));
            if lb.is_some() || rb.is_some() {
                out.push((path, lb, rb));
            }
        }
        Ok(())
    }

    /// Notes the blob `id` at `path` (of `kind`) as added to or removed from the plan; false
    /// when a changed plan header or roster does not parse (the plan is then unusable).
    fn edit(
        &self,
        edits: &mut Edits,
        cache: &mut super::cache::Cache,
        kind: &str,
        path: &str,
        id: Oid,
        adding: bool,
    ) -> bool {
        use super::load::blob_value;
        fn note<T>(edit: &mut Edit<T>, value: Option<T>, adding: bool) {
            if let Some(v) = value {
                if adding {
                    edit.add.push(v);
                } else {
                    edit.remove.push(v);
                }
            }
        }
        let repo = &self.repo;
        match kind {
            layout::PLAN if adding => {
                edits.meta = blob_value(repo, cache, path, id);
                return edits.meta.is_some();
            }
            layout::UNITS if adding => {
                edits.roster = blob_value(repo, cache, path, id);
                return edits.roster.is_some();
            }
            layout::PLAN | layout::UNITS => {}
            layout::ACTIONS => note(
                &mut edits.actions,
                blob_value(repo, cache, path, id),
                adding,
            ),
            layout::MEASURES => note(
                &mut edits.measures,
                blob_value(repo, cache, path, id),
                adding,
            ),
            layout::INDICATORS => note(
                &mut edits.indicators,
                blob_value(repo, cache, path, id),
                adding,
            ),
            layout::TARGETS => note(
                &mut edits.targets,
                blob_value(repo, cache, path, id),
                adding,
            ),
            layout::OBSERVATIONS => note(
                &mut edits.observations,
                blob_value(repo, cache, path, id),
                adding,
            ),
            layout::LANDMARKS => note(
                &mut edits.landmarks,
                blob_value(repo, cache, path, id),
                adding,
            ),
            layout::MEETINGS => note(
                &mut edits.meetings,
                blob_value(repo, cache, path, id),
                adding,
            ),
            layout::ITEMS => note(&mut edits.items, blob_value(repo, cache, path, id), adding),
            _ => note(
                &mut edits.reports,
                blob_value(repo, cache, path, id),
                adding,
            ),
        }
        true
    }
}

/// A hash of an object's key, for [`Edit::apply`].
fn key(k: impl std::hash::Hash) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<std::hash::DefaultHasher>::default().hash_one(k)
}

/// `plan` with `edits` applied; `None` when an object to remove is not in it.
fn apply(plan: Plan, e: Edits) -> Option<Plan> {
    let Plan {
        meta,
        roster,
        actions,
        measures,
        indicators,
        landmarks,
        meetings,
        items,
        observations,
        targets,
        reports,
        ..
    } = plan;
    let mut out = Plan::new(
        e.meta.unwrap_or(meta),
        e.roster.unwrap_or(roster),
        e.actions.apply(actions, |a| key(&a.id))?,
        e.measures.apply(measures, |m| key(&m.id))?,
        e.indicators.apply(indicators, |i| key(&i.id))?,
        e.landmarks.apply(landmarks, |l| key(&l.id))?,
        e.meetings.apply(meetings, |m| key(&m.id))?,
        e.items.apply(items, |i| key(&i.id))?,
        e.observations
            .apply(observations, |o| key((&o.indicator, o.period)))?,
        e.reports.apply(reports, |r| key((&r.item, r.period)))?,
    );
    out.targets = e.targets.apply(targets, |t| key((&t.indicator, t.year)))?;
    out.targets
        .sort_by(|a, b| (&a.indicator, a.year).cmp(&(&b.indicator, b.year)));
    Some(out)
}
