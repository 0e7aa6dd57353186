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

use super::cache_review::Trees;
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
        // The trees, blobs and commits read below are not hashed again (as git reads them).
        let _fast = super::cache_history::FastReads::start();
        // The commits since the baseline are read on a second thread (with its own handle on
        // the repository) while this one loads the two plans: neither needs the other.
        let walk = |store: &Store| store.history_from(Some(head), None, Some(&Since::Commit(base)));
        let (plans, entries) = std::thread::scope(|s| {
            let root = &self.root;
            let entries = (base != head).then(|| s.spawn(move || walk(&Store::open(root)?)));
            let plans = self.plans_between(base, head);
            let entries = match entries {
                None => Ok(Vec::new()),
                // A walk that failed on the other thread is walked again here, so its error
                // is this repository's.
                Some(h) => h
                    .join()
                    .unwrap_or_else(|_| walk(self))
                    .or_else(|_| walk(self)),
            };
            (plans, entries)
        });
        let (old, new) = plans?;
        let entries = entries?;
        let mut changes = meeting::diff(&old, base_date, &new, head_date);
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
        // Every file a light change needs from a parent commit's tree, looked up together
        // (on two threads when there are many): the trees of a thousand commits are most of
        // what a review reads.
        let mut wanted: Vec<(Oid, String)> = Vec::new();
        for c in changes.iter() {
            if !matches!(c.kind, ChangeKind::Light | ChangeKind::NewRed) {
                continue;
            }
            let Ok(id) = Id::parse(&c.id) else { continue };
            for e in by_item.get(c.id.as_str()).unwrap_or(&none) {
                let commit = Oid::from_str(&e.commit)?;
                let files = step_files(&id, e).unwrap_or_default();
                wanted.extend(files.into_iter().map(|(path, _)| (commit, path)));
            }
        }
        let found = self.parent_blobs(wanted)?;
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
                        self.light_steps((&found, cache), &id, mine, n, end_reports)
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
        (found, cache): (&ParentBlobs, &mut super::cache::Cache),
        id: &Id,
        entries: &[&super::Entry],
        measure: &crate::model::Measure,
        reports: Vec<Report>,
    ) -> Result<Vec<Step>> {
        let mut steps = Vec::new();
        let mut measure = measure.clone();
        let mut reports = reports;
        for e in entries {
            let Some(files) = step_files(id, e) else {
                continue;
            };
            steps.push(Step {
                by: meeting::Attribution {
                    commit: e.commit.clone(),
                    author: e.author.clone(),
                    time: e.time,
                },
                measure: measure.clone(),
                reports: reports.clone(),
            });
            let commit = Oid::from_str(&e.commit)?;
            let at_parent = |path: &str| found.get(&(commit, path.to_string())).copied().flatten();
            for (path, period) in files {
                match period {
                    None => {
                        if let Some(blob) = at_parent(&path)
                            && let Some(m) = super::load::blob_value(&self.repo, cache, &path, blob)
                        {
                            measure = m;
                        }
                    }
                    Some(period) => {
                        reports.retain(|r| r.period != period);
                        if let Some(blob) = at_parent(&path)
                            && let Some(r) =
                                super::load::blob_value::<Report>(&self.repo, cache, &path, blob)
                        {
                            reports.push(r);
                        }
                    }
                }
            }
        }
        steps.reverse();
        Ok(steps)
    }

    /// The blob at each (commit, path) in the commit's first parent (`None`: no such file,
    /// or a root commit). One thread: libgit2's pack windows are shared behind one lock, so a
    /// second thread with its own handle made the lookups slower, not faster.
    fn parent_blobs(&self, mut wanted: Vec<(Oid, String)>) -> Result<ParentBlobs> {
        // Sorted by commit, so each commit's parent is read once and its trees stay at hand.
        wanted.sort();
        wanted.dedup();
        let mut trees = Trees {
            repo: &self.repo,
            trees: HashMap::new(),
        };
        let mut parent: Option<(Oid, Option<Oid>)> = None;
        let mut out = ParentBlobs::with_capacity(wanted.len());
        for (commit, path) in wanted {
            let tree = match parent {
                Some((c, tree)) if c == commit => tree,
                _ => {
                    let tree = self
                        .repo
                        .find_commit(commit)?
                        .parent(0)
                        .ok()
                        .map(|p| p.tree_id());
                    parent = Some((commit, tree));
                    tree
                }
            };
            let blob = tree.and_then(|t| trees.blob(t, &path));
            out.insert((commit, path), blob);
        }
        Ok(out)
    }

    /// `REV~N` resolved through git's commit-graph (each step the first parent, as git
    /// resolves it), so `HEAD~1000` reads no commit object; `None` for any other revision,
    /// without a graph, or when a commit on the way is not in it (revparse then resolves it).
    fn first_parent_ancestor(&self, rev: &str) -> Option<Oid> {
        let (base, n) = rev.rsplit_once('~')?;
        if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) || base.contains(['~', '^', ':'])
        {
            return None;
        }
        let n: usize = n.parse().ok()?;
        let graph = super::cache_history::Graph::open(self.repo.path())?;
        let mut at = self
            .repo
            .revparse_single(base)
            .ok()?
            .peel_to_commit()
            .ok()?
            .id();
        for _ in 0..n {
            at = *graph.commit(at)?.1.first()?;
        }
        Some(at)
    }

    /// The review from `from` to HEAD, with HEAD's lights on `today`.
    pub fn review(&self, from: &ReviewFrom, today: NaiveDate) -> Result<Review> {
        // Resolving the baseline (`HEAD~1000` reads as many commits) checks no hash either.
        let _fast = super::cache_history::FastReads::start();
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
                let oid = match self.first_parent_ancestor(rev) {
                    Some(oid) => oid,
                    None => self
                        .repo
                        .revparse_single(rev)
                        .and_then(|o| o.peel_to_commit())
                        .map_err(|_| Rejection::BadDate {
                            field: Field::Since,
                            value: rev.clone(),
                        })?
                        .id(),
                };
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

/// The blob of each (commit, path) in the commit's first parent.
type ParentBlobs = HashMap<(Oid, String), Option<Oid>>;

/// The files of measure `id` that the commit `e` wrote, as its trailers name them (`None`
/// when it did not touch the measure): the measure's own file (no period) when a plan field
/// changed, then each report it wrote (its period).
fn step_files(id: &Id, e: &super::Entry) -> Option<Vec<(String, Option<Period>)>> {
    let touched: Vec<&FieldChange> = e.changes.iter().filter(|c| c.id == id.as_str()).collect();
    if touched.is_empty() {
        return None;
    }
    let mut out = Vec::new();
    if touched.iter().any(|c| c.cycle.is_none()) {
        out.push((layout::measure(id), None));
    }
    let mut periods: Vec<Period> = touched
        .iter()
        .filter(|c| c.cycle.is_some())
        .filter_map(|c| c.period.as_deref().and_then(|p| Period::parse(p).ok()))
        .collect();
    periods.dedup();
    out.extend(
        periods
            .into_iter()
            .map(|p| (layout::report(id, p), Some(p))),
    );
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parent_lookups_give_each_parent_blob() {
        let t = super::super::tests::TempStore::new();
        let root = t.store.root().to_path_buf();
        let paths: Vec<String> = t
            .git(&["ls-files", "measures"])
            .lines()
            .map(str::to_string)
            .collect();
        // Four commits, each changing a different quarter of the measures' files.
        let mut commits = Vec::new();
        for round in 0..4 {
            for p in paths.iter().skip(round).step_by(4) {
                let file = root.join(p);
                let mut text = std::fs::read_to_string(&file).expect("read");
                text.push_str(&format!("// {round}\n"));
                std::fs::write(&file, text).expect("write");
            }
            t.git(&["add", "-A"]);
            t.git(&[
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@t",
                "commit",
                "-q",
                "-m",
                "x",
            ]);
            commits.push(Oid::from_str(t.git(&["rev-parse", "HEAD"]).trim()).expect("oid"));
        }
        let mut wanted: Vec<(Oid, String)> = Vec::new();
        for c in &commits {
            for p in paths.iter().chain([&"measures/A1/A1-99.ron".to_string()]) {
                wanted.push((*c, p.clone()));
            }
        }
        let found = t.store.parent_blobs(wanted.clone()).expect("lookups");
        assert_eq!(found.len(), wanted.len());
        let repo = git2::Repository::open(&root).expect("repo");
        let mut present = 0;
        for (c, p) in &wanted {
            let parent = repo
                .find_commit(*c)
                .expect("commit")
                .parent(0)
                .expect("parent");
            let expected = parent
                .tree()
                .expect("tree")
                .get_path(std::path::Path::new(p))
                .ok()
                .map(|e| e.id());
            present += usize::from(expected.is_some());
            assert_eq!(
                found[&(*c, p.clone())],
                expected,
                "{p} at the parent of {c}"
            );
        }
        assert_eq!(present, commits.len() * paths.len());
    }
}
