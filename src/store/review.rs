//! The review between two commits: what changed in the plan (fields, lights, overdue
//! measures, decisions), who changed it, and why each light changed. Used by `diff` and by
//! the minutes.
//!
//! Incremental: the items whose files differ between the two trees come from a tree diff;
//! attribution uses a map from each item to the commits that touched it, built once from the
//! history cache, so a review costs what changed, not the size of history times changes.

use std::collections::HashMap;

use chrono::{NaiveDate, TimeZone};
use git2::Oid;

use super::error::{Field, Rejection};
use super::history::{FieldChange, Since};
use super::{Error, Result, Store, layout};
use crate::meeting::{self, Cause, Change, ChangeKind, Fired, Step, Touch};
use crate::model::{Cycle, Id, Meeting, Period, Plan, Report, Rule};

fn bad_id(e: crate::model::IdError) -> Error {
    Rejection::BadId {
        value: e.to_string(),
    }
    .into()
}

/// Where a review starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewFrom {
    /// The last closed meeting of this kind (its tag); the first commit when there is none.
    LastMeeting(Cycle),
    /// A revision: commit, tag or branch.
    Rev(String),
    /// The state at the start of this day.
    Date(NaiveDate),
    /// The open meeting's baseline, else the last closed meeting of any kind, else the first commit.
    Default,
}

impl ReviewFrom {
    /// Parses `last-weekly`, `last-monthly`, `last-quarterly`, a date or a revision.
    pub fn parse(text: &str) -> ReviewFrom {
        if let Some(kind) = text.strip_prefix("last-").and_then(Cycle::parse) {
            return ReviewFrom::LastMeeting(kind);
        }
        match text.parse::<NaiveDate>() {
            Ok(d) => ReviewFrom::Date(d),
            Err(_) => ReviewFrom::Rev(text.to_string()),
        }
    }
}

/// The typed review between two commits.
pub struct Review {
    pub base: Oid,
    pub base_date: NaiveDate,
    pub head: Oid,
    pub head_date: NaiveDate,
    pub old: Plan,
    pub new: Plan,
    pub changes: Vec<Change>,
}

impl Store {
    pub(super) fn head_oid(&self) -> Result<Oid> {
        Ok(self.repo.head()?.peel_to_commit()?.id())
    }

    /// The plan as committed at `oid`; fails only when it cannot be read at all.
    pub(super) fn plan_at(&self, oid: Oid, _today: NaiveDate) -> Result<Plan> {
        self.plan_of_commit(oid, true)
    }

    /// The first commit of the history (the plan as created).
    pub fn root_commit(&self) -> Result<Oid> {
        let mut commit = self.repo.head()?.peel_to_commit()?;
        while let Ok(parent) = commit.parent(0) {
            commit = parent;
        }
        Ok(commit.id())
    }

    /// Every meeting tag: (kind, period, commit).
    pub fn meeting_tags(&self) -> Result<Vec<(Cycle, Period, Oid)>> {
        let mut out = Vec::new();
        for name in self
            .repo
            .tag_names(Some("meeting/*"))?
            .iter()
            .flatten()
            .flatten()
        {
            let mut parts = name.split('/').skip(1);
            let (Some(kind), Some(period)) = (
                parts.next().and_then(Cycle::parse),
                parts.next().and_then(|p| Period::parse(p).ok()),
            ) else {
                continue;
            };
            let oid = self
                .repo
                .revparse_single(&format!("refs/tags/{name}"))?
                .peel_to_commit()?
                .id();
            out.push((kind, period, oid));
        }
        out.sort_by_key(|(k, p, _)| (*k, *p));
        Ok(out)
    }

    /// The tag of the last closed meeting of `kind`.
    pub fn last_meeting_tag(&self, kind: Cycle) -> Result<Option<(Period, Oid)>> {
        Ok(self
            .meeting_tags()?
            .into_iter()
            .filter(|(k, _, _)| *k == kind)
            .map(|(_, p, o)| (p, o))
            .max_by_key(|(p, _)| *p))
    }

    pub(super) fn commit_date(&self, oid: Oid) -> Result<NaiveDate> {
        let t = self.repo.find_commit(oid)?.time();
        let offset = chrono::FixedOffset::east_opt(t.offset_minutes() * 60)
            .unwrap_or(chrono::FixedOffset::east_opt(0).expect("zero"));
        Ok(offset
            .timestamp_opt(t.seconds(), 0)
            .single()
            .map(|d| d.date_naive())
            .unwrap_or_default())
    }

    /// The day a baseline stands for: the date of the meeting whose tag points at it, else
    /// the commit's date.
    pub(super) fn baseline_date(&self, oid: Oid) -> Result<NaiveDate> {
        for (kind, period, tagged) in self.meeting_tags()? {
            if tagged == oid {
                let id = Meeting::id_for(period);
                let path = layout::meeting(&Id::parse(&id).map_err(bad_id)?, kind);
                if let Some(bytes) = self.blob_at(oid, &path)?
                    && let Ok(m) = super::codec::parse::<Meeting>("meeting", &bytes)
                {
                    return Ok(m.time.date());
                }
            }
        }
        self.commit_date(oid)
    }

    pub(super) fn blob_at(&self, oid: Oid, path: &str) -> Result<Option<Vec<u8>>> {
        let tree = self.repo.find_commit(oid)?.tree()?;
        match tree.get_path(std::path::Path::new(path)) {
            Ok(entry) => Ok(Some(self.repo.find_blob(entry.id())?.content().to_vec())),
            Err(_) => Ok(None),
        }
    }

    /// The typed review from `base` (its lights on `base_date`) to `head` (on `head_date`),
    /// each change attributed to the commit after `base` that made it.
    pub fn review_between(
        &self,
        base: Oid,
        base_date: NaiveDate,
        head: Oid,
        head_date: NaiveDate,
    ) -> Result<Review> {
        // A baseline is never later than the day reviewed (the first commit may be newer
        // than a back-dated meeting).
        let base_date = base_date.min(head_date);
        let (old, new) = self.plans_between(base, head)?;
        let mut changes = meeting::diff(&old, base_date, &new, head_date);
        let entries = if base == head {
            Vec::new()
        } else {
            self.history_from(Some(head), None, Some(&Since::Commit(base)))?
        };
        let touches: Vec<Touch> = entries
            .iter()
            .flat_map(|e| {
                e.changes.iter().map(move |c| Touch {
                    commit: e.commit.clone(),
                    author: e.author.clone(),
                    time: e.time,
                    id: c.id.clone(),
                    period: if c.cycle.is_some() {
                        None
                    } else {
                        c.period.clone()
                    },
                    field: c.field.clone(),
                })
            })
            .collect();
        meeting::attribute(&mut changes, &touches);
        self.find_causes(&mut changes, &old, base_date, &new, head_date, &entries)?;
        // Conflicts resolved at a sync since the baseline.
        let merges: Vec<(meeting::Attribution, Vec<(String, String)>)> = entries
            .iter()
            .filter(|e| e.trailer("Concurrent-Edit").is_some())
            .map(|e| {
                (
                    meeting::Attribution {
                        commit: e.commit.clone(),
                        author: e.author.clone(),
                        time: e.time,
                    },
                    e.trailers.clone(),
                )
            })
            .collect();
        changes.extend(meeting::concurrent_edits(&new, &merges));
        meeting::sort_changes(&new, &mut changes);
        Ok(Review {
            base,
            base_date,
            head,
            head_date,
            old,
            new,
            changes,
        })
    }

    /// Gives each light change its cause (the commit that changed an input, or the rule that
    /// fired with time), and each newly overdue measure its day, from the states of the
    /// measure after each commit that touched it.
    pub(super) fn find_causes(
        &self,
        changes: &mut [Change],
        old: &Plan,
        base_date: NaiveDate,
        new: &Plan,
        head_date: NaiveDate,
        entries: &[super::Entry],
    ) -> Result<()> {
        let meetings = new.meeting_days();
        // The commits that touched each item (newest first): built once, looked up per change.
        let mut by_item: HashMap<&str, Vec<&super::Entry>> = HashMap::new();
        for e in entries {
            let mut seen: Vec<&str> = Vec::new();
            for f in &e.changes {
                if !seen.contains(&f.id.as_str()) {
                    seen.push(f.id.as_str());
                    by_item.entry(f.id.as_str()).or_default().push(e);
                }
            }
        }
        let none: Vec<&super::Entry> = Vec::new();
        let mut trees = Trees {
            repo: &self.repo,
            trees: HashMap::new(),
        };
        for c in changes.iter_mut() {
            let mine = by_item.get(c.id.as_str()).unwrap_or(&none);
            let Ok(id) = Id::parse(&c.id) else { continue };
            match c.kind {
                ChangeKind::Light | ChangeKind::NewRed => {
                    let (Some(o), Some(n)) = (old.measure(&id), new.measure(&id)) else {
                        continue;
                    };
                    let start_reports: Vec<Report> =
                        old.reports_of(&id).into_iter().cloned().collect();
                    let end_reports: Vec<Report> =
                        new.reports_of(&id).into_iter().cloned().collect();
                    let steps = super::cache::with(self.repo.path(), |cache| {
                        self.light_steps((&mut trees, cache), &id, mine, n, end_reports)
                    })?;
                    match meeting::light_cause(
                        (o, &start_reports),
                        base_date,
                        &steps,
                        &meetings,
                        head_date,
                    ) {
                        Some(Cause::Commit(by)) => {
                            c.by = Some(by);
                            c.fired = None;
                        }
                        Some(Cause::Time(fired)) => {
                            c.by = None;
                            c.fired = Some(fired);
                        }
                        None => {}
                    }
                }
                ChangeKind::NewlyOverdue => {
                    let deadline = match (new.measure(&id), new.items.iter().find(|i| i.id == id)) {
                        (Some(m), _) => m.deadline,
                        (None, Some(i)) => i.deadline,
                        _ => continue,
                    };
                    let passed = deadline + chrono::Duration::days(1);
                    // A deadline edit made after the new deadline had passed is the cause;
                    // otherwise time is.
                    let edit = mine.iter().find(|e| {
                        e.changes
                            .iter()
                            .any(|f| f.id == c.id && f.field == "deadline" && f.cycle.is_none())
                    });
                    match edit {
                        Some(e) if e.time.date_naive() >= passed => {
                            c.by = Some(meeting::Attribution {
                                commit: e.commit.clone(),
                                author: e.author.clone(),
                                time: e.time,
                            });
                        }
                        _ => {
                            c.by = None;
                            c.fired = Some(Fired {
                                rule: Rule::Overdue,
                                date: passed,
                            });
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// The measure and its reports after each commit of `entries` (newest first, as the
    /// history walk returns them) that touched it, oldest first: read back from the final
    /// state by replacing what each commit wrote with its parent's version.
    fn light_steps(
        &self,
        (trees, cache): (&mut Trees<'_>, &mut super::cache::Cache),
        id: &Id,
        entries: &[&super::Entry],
        measure: &crate::model::Measure,
        reports: Vec<Report>,
    ) -> Result<Vec<Step>> {
        let mut steps = Vec::new();
        let mut measure = measure.clone();
        let mut reports = reports;
        for e in entries {
            let touched: Vec<&FieldChange> =
                e.changes.iter().filter(|c| c.id == id.as_str()).collect();
            if touched.is_empty() {
                continue;
            }
            steps.push(Step {
                by: meeting::Attribution {
                    commit: e.commit.clone(),
                    author: e.author.clone(),
                    time: e.time,
                },
                measure: measure.clone(),
                reports: reports.clone(),
            });
            let commit = self.repo.find_commit(Oid::from_str(&e.commit)?)?;
            let parent = match commit.parent(0) {
                Ok(p) => Some(p.tree_id()),
                Err(_) => None,
            };
            let mut at_parent = |path: &str| -> Option<Oid> { trees.blob(parent?, path) };
            if touched.iter().any(|c| c.cycle.is_none())
                && let Some(blob) = at_parent(&layout::measure(id))
            {
                let path = layout::measure(id);
                if let Some(m) = super::load::blob_value(&self.repo, cache, &path, blob) {
                    measure = m;
                }
            }
            let mut periods: Vec<Period> = touched
                .iter()
                .filter(|c| c.cycle.is_some())
                .filter_map(|c| c.period.as_deref().and_then(|p| Period::parse(p).ok()))
                .collect();
            periods.dedup();
            for period in periods {
                reports.retain(|r| r.period != period);
                let path = layout::report(id, period);
                if let Some(blob) = at_parent(&path)
                    && let Some(r) =
                        super::load::blob_value::<Report>(&self.repo, cache, &path, blob)
                {
                    reports.push(r);
                }
            }
        }
        steps.reverse();
        Ok(steps)
    }

    /// The review from `from` to HEAD, with HEAD's lights on `today`.
    pub fn review(&self, from: &ReviewFrom, today: NaiveDate) -> Result<Review> {
        let head = self.head_oid()?;
        let (base, base_date) = match from {
            ReviewFrom::LastMeeting(kind) => match self.last_meeting_tag(*kind)? {
                Some((_, oid)) => (oid, self.baseline_date(oid)?),
                None => {
                    let root = self.root_commit()?;
                    (root, self.commit_date(root)?)
                }
            },
            ReviewFrom::Rev(rev) => {
                let oid = self
                    .repo
                    .revparse_single(rev)
                    .and_then(|o| o.peel_to_commit())
                    .map_err(|_| Rejection::BadDate {
                        field: Field::Since,
                        value: rev.clone(),
                    })?
                    .id();
                (oid, self.baseline_date(oid)?)
            }
            ReviewFrom::Date(date) => {
                let since = self.since(&date.to_string())?;
                let Since::Time(t) = since else {
                    return Err(Rejection::BadDate {
                        field: Field::Since,
                        value: date.to_string(),
                    }
                    .into());
                };
                // The newest commit made before the day began; the first commit if none was.
                let mut walk = self.repo.revwalk()?;
                walk.push(head)?;
                walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME)?;
                let mut found = None;
                for oid in walk {
                    let oid = oid?;
                    if self.repo.find_commit(oid)?.time().seconds() < t.timestamp() {
                        found = Some(oid);
                        break;
                    }
                }
                (found.map(Ok).unwrap_or_else(|| self.root_commit())?, *date)
            }
            ReviewFrom::Default => {
                let plan = self.plan_at(head, today)?;
                let open: Vec<&Meeting> = plan.meetings.iter().filter(|m| !m.closed).collect();
                if let [m] = open.as_slice() {
                    let oid = Oid::from_str(&m.baseline)?;
                    (oid, self.baseline_date(oid)?)
                } else {
                    let tags = self.meeting_tags()?;
                    let latest = tags.iter().max_by_key(|(_, p, _)| p.last_day());
                    match latest {
                        Some((_, _, oid)) => (*oid, self.baseline_date(*oid)?),
                        None => {
                            let root = self.root_commit()?;
                            (root, self.commit_date(root)?)
                        }
                    }
                }
            }
        };
        self.review_between(base, base_date, head, today)
    }
}

/// How many trees [`Trees`] keeps at most.
const TREES_KEPT: usize = 256;

/// Trees read during one review, by id: looking up paths in nearby commits reads each tree
/// once.
struct Trees<'r> {
    repo: &'r git2::Repository,
    trees: HashMap<Oid, git2::Tree<'r>>,
}

impl Trees<'_> {
    /// The id of the plain file at `path` in the tree `root`.
    fn blob(&mut self, root: Oid, path: &str) -> Option<Oid> {
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
    /// `list` with the edit applied; `None` when an object to remove is not in it.
    fn apply<K: std::hash::Hash + Eq>(self, list: Vec<T>, key: impl Fn(&T) -> K) -> Option<Vec<T>> {
        if self.remove.is_empty() && self.add.is_empty() {
            return Some(list);
        }
        let mut index: HashMap<K, Vec<usize>> = HashMap::new();
        for (i, x) in list.iter().enumerate() {
            index.entry(key(x)).or_default().push(i);
        }
        let mut gone = vec![false; list.len()];
        for r in &self.remove {
            let i = *index
                .get(&key(r))?
                .iter()
                .find(|&&i| !gone[i] && list[i] == *r)?;
            gone[i] = true;
        }
        let mut out: Vec<T> = list
            .into_iter()
            .zip(gone)
            .filter_map(|(x, g)| (!g).then_some(x))
            .collect();
        out.extend(self.add);
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
    fn plan_of_commit(&self, commit: Oid, keep: bool) -> Result<Plan> {
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
        let mut changed = Vec::new();
        self.tree_diff(Some(from), Some(to), "", &mut changed)?;
        let mut edits = Edits::default();
        let ok = super::cache::with(self.repo.path(), |cache| {
            for (path, before, after) in &changed {
                let Some(kind) = super::load::kind_of(path) else {
                    continue;
                };
                // Without a plan header or roster the plan is unusable: load it whole to say
                // why.
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
        e.actions.apply(actions, |a| a.id.clone())?,
        e.measures.apply(measures, |m| m.id.clone())?,
        e.indicators.apply(indicators, |i| i.id.clone())?,
        e.landmarks.apply(landmarks, |l| l.id.clone())?,
        e.meetings.apply(meetings, |m| m.id.clone())?,
        e.items.apply(items, |i| i.id.clone())?,
        e.observations
            .apply(observations, |o| (o.indicator.clone(), o.period))?,
        e.reports.apply(reports, |r| (r.item.clone(), r.period))?,
    );
    out.targets = e
        .targets
        .apply(targets, |t| (t.indicator.clone(), t.year))?;
    out.targets
        .sort_by(|a, b| (&a.indicator, a.year).cmp(&(&b.indicator, b.year)));
    Some(out)
}
