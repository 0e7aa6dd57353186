//! The one write pipeline every kind of write goes through: take the writer lock, prepare the
//! write under it (read, validate, build the files and the commit message: a [`Prepared`]),
//! then commit it (`git/commit.rs`) and report an [`Outcome`]. A preview runs the same
//! `prepare` without the lock and writes nothing.
//!
//! Also the helpers the kinds of write share: canonical bytes, field changes, the checks of
//! units and people, short texts for summaries.

use serde::Serialize;

use super::codec::to_canonical;
use super::error::{Field, Rejection};
use super::git::{FileChange, Identity, WriteLock};
use super::history::{FieldChange, change_trailers, diff_fields, message};
use super::recover::TagOp;
use super::{Error, Result, Store, layout};
use crate::model::{Assessment, Id, Light, Measure, Period, Roster};

/// What a write did.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// One commit was made.
    Committed {
        commit: String,
        summary: String,
        changes: Vec<FieldChange>,
        note: Option<String>,
    },
    /// Nothing differed, so nothing was committed.
    Unchanged,
}

/// The light a write gives a measure: before, after (with its reasons), and the light the
/// unit reported, so a front end can show both when the computed one differs.
#[derive(Debug, Clone, PartialEq)]
pub struct LightPreview {
    pub reported: Option<Light>,
    pub before: Light,
    pub after: Assessment,
}

/// A checked write ready to commit: its files, message and summary line, the field changes, the
/// light it gives a measure (when it can change one) and the object it writes.
pub(super) struct Prepared<T = ()> {
    pub(super) files: Vec<FileChange>,
    pub(super) message: String,
    pub(super) summary: String,
    pub(super) changes: Vec<FieldChange>,
    pub(super) light: Option<LightPreview>,
    /// A meeting tag made or removed with the commit, as part of the journaled write.
    pub(super) tag: Option<TagOp>,
    /// Something to tell the user besides the commit (a moved tag).
    pub(super) note: Option<String>,
    pub(super) value: T,
}

impl Prepared {
    /// A write of `files` whose message is `summary`, `body`, the trailers of `changes` and then
    /// `extra` trailers.
    pub(super) fn new(
        files: Vec<FileChange>,
        summary: String,
        body: &str,
        changes: Vec<FieldChange>,
        extra: Vec<(String, String)>,
    ) -> Prepared {
        let mut trailers = change_trailers(&changes);
        trailers.extend(extra);
        Prepared {
            files,
            message: message(&summary, body, &trailers),
            summary,
            changes,
            light: None,
            tag: None,
            note: None,
            value: (),
        }
    }
}

impl<T> Prepared<T> {
    /// The same write, carrying the object it writes.
    pub(super) fn with_value<U>(self, value: U) -> Prepared<U> {
        Prepared {
            files: self.files,
            message: self.message,
            summary: self.summary,
            changes: self.changes,
            light: self.light,
            tag: self.tag,
            note: self.note,
            value,
        }
    }
}

/// The work-tree files a write read under the writer lock (path → bytes, `None`: missing) and
/// HEAD's tree: the checks, the parse, the refusal of a hand edit and the rollback of one write
/// read each file once. Kept only while a write holds the lock and forgotten once it writes
/// (see [`Store::write`]); a preview, without the lock, reads afresh.
#[derive(Default)]
pub(super) struct Reads {
    files: std::collections::HashMap<String, Option<Vec<u8>>>,
    head_tree: Option<git2::Oid>,
}

/// Ends a write's [`Reads`] when dropped.
struct ReadsKept<'a>(&'a Store);

impl Drop for ReadsKept<'_> {
    fn drop(&mut self) {
        *self.0.reads.borrow_mut() = None;
    }
}

impl Store {
    /// Keeps what this write reads until the guard is dropped.
    fn keep_reads(&self) -> ReadsKept<'_> {
        *self.reads.borrow_mut() = Some(Reads::default());
        ReadsKept(self)
    }

    /// Forgets what was read: the files are about to change.
    pub(super) fn forget_reads(&self) {
        if let Some(r) = self.reads.borrow_mut().as_mut() {
            *r = Reads::default();
        }
    }

    /// The bytes of the work-tree file `path` (never through a link; `None`: missing), read
    /// once per write (through `top` when given).
    pub(super) fn work_bytes(
        &self,
        top: Option<&super::durable::Top>,
        path: &str,
    ) -> Result<Option<Vec<u8>>> {
        if let Some(kept) = self.reads.borrow().as_ref()
            && let Some(bytes) = kept.files.get(path)
        {
            return Ok(bytes.clone());
        }
        let bytes = super::durable::read_inside(&self.root, top, path, self.lang())?;
        if let Some(kept) = self.reads.borrow_mut().as_mut() {
            kept.files.insert(path.to_string(), bytes.clone());
        }
        Ok(bytes)
    }

    /// HEAD's tree, read once per write.
    pub(super) fn head_tree_id(&self) -> Result<git2::Oid> {
        if let Some(id) = self.reads.borrow().as_ref().and_then(|r| r.head_tree) {
            return Ok(id);
        }
        let id = self.repo.head()?.peel_to_commit()?.tree_id();
        if let Some(kept) = self.reads.borrow_mut().as_mut() {
            kept.head_tree = Some(id);
        }
        Ok(id)
    }
}

/// The `Meeting:` trailer that ties a commit to a meeting.
pub(super) fn meeting_trailer(id: &Id) -> (String, String) {
    ("Meeting".into(), id.to_string())
}

impl Store {
    /// Takes the writer lock, prepares the write under it and commits it; `None` from
    /// `prepare` means nothing would change, and nothing is committed.
    pub(super) fn write(
        &self,
        author: &Identity,
        prepare: impl FnOnce() -> Result<Option<Prepared>>,
    ) -> Result<Outcome> {
        let mut lock = self.lock()?;
        let _kept = self.keep_reads();
        match prepare()? {
            Some(p) => Ok(self.commit_prepared(&mut lock, p, author)?.0),
            None => Ok(Outcome::Unchanged),
        }
    }

    /// [`Store::write`] that also hands back the light the prepared write gives the measure (its
    /// [`Prepared::light`]): what the measure's light is once the write is committed, computed
    /// from the same reads as the write, so a front end need not read every report again.
    pub(super) fn write_with_light(
        &self,
        author: &Identity,
        prepare: impl FnOnce() -> Result<Option<Prepared>>,
    ) -> Result<(Outcome, Option<LightPreview>)> {
        let mut lock = self.lock()?;
        let _kept = self.keep_reads();
        match prepare()? {
            Some(mut p) => {
                let light = p.light.take();
                Ok((self.commit_prepared(&mut lock, p, author)?.0, light))
            }
            None => Ok((Outcome::Unchanged, None)),
        }
    }

    /// [`Store::write`] for a write that always changes something and returns what it wrote.
    pub(super) fn write_new<T>(
        &self,
        author: &Identity,
        prepare: impl FnOnce() -> Result<Prepared<T>>,
    ) -> Result<(Outcome, T)> {
        let mut lock = self.lock()?;
        let _kept = self.keep_reads();
        let p = prepare()?;
        self.commit_prepared(&mut lock, p, author)
    }

    /// Commits a prepared write under a held lock: its tag with it, its note after the
    /// notices of the write.
    fn commit_prepared<T>(
        &self,
        lock: &mut WriteLock,
        p: Prepared<T>,
        author: &Identity,
    ) -> Result<(Outcome, T)> {
        match &p.tag {
            Some(TagOp::Make(name, message)) => self.set_pending_tag(name, message),
            Some(TagOp::Remove(name)) => self.set_pending_untag(name),
            None => {}
        }
        let commit = self.commit_files(lock, &p.files, &p.message, author)?;
        let note = [self.take_note(lock), p.note]
            .into_iter()
            .flatten()
            .reduce(|a, b| format!("{a}\n{b}"));
        let outcome = Outcome::Committed {
            commit: commit.to_string(),
            summary: p.summary,
            changes: p.changes,
            note,
        };
        Ok((outcome, p.value))
    }

    /// The measure `id` as its file in the work tree has it.
    pub(super) fn measure_at(&self, id: &Id) -> Result<Measure> {
        let path = layout::measure(id);
        self.read::<Measure>(&path)?
            .ok_or_else(|| Error::NotFound(id.clone()))
    }

    /// The roster as `units.ron` in the work tree has it.
    pub(super) fn roster(&self) -> Result<Roster> {
        self.read::<Roster>(layout::UNITS)?
            .ok_or_else(|| Error::Refused(self.t("缺少名册文件 units.ron", "units.ron is missing")))
    }
}

/// The new content of the file at `path`: `value` in canonical RON.
pub(super) fn put<T: Serialize>(path: String, value: &T) -> Result<FileChange> {
    Ok(FileChange {
        path,
        bytes: Some(to_bytes(value)?),
    })
}

/// `value` in canonical RON.
pub(super) fn to_bytes<T: Serialize>(value: &T) -> Result<Vec<u8>> {
    to_canonical(value)
        .map(String::into_bytes)
        .map_err(|e| Error::Said {
            zh: "无法写成 RON 格式，未写入任何内容".into(),
            en: format!("cannot serialize: {e}"),
        })
}

/// What the changed fields belong to.
#[derive(Debug, Clone, Copy)]
pub(super) enum Scope {
    /// An object of the plan (a measure, a meeting, the roster).
    Object,
    /// An object of one period that is not a report (an indicator's observation).
    Period(Period),
    /// A cycle report: its bookkeeping fields (item, period, who and when) are not changes.
    Report(Period),
}

/// The fields that differ between `old` and `new` (`None`: the object is new or removed).
pub(super) fn field_changes<T: Serialize>(
    id: &str,
    scope: Scope,
    old: Option<&T>,
    new: Option<&T>,
) -> Vec<FieldChange> {
    let (cycle, period) = match scope {
        Scope::Object => (None, None),
        Scope::Period(p) => (None, Some(p.to_string())),
        Scope::Report(p) => (Some(p.cycle().key().to_string()), Some(p.to_string())),
    };
    diff_fields(old, new)
        .into_iter()
        .filter(|(field, _, _)| {
            !(matches!(scope, Scope::Report(_))
                && matches!(
                    field.as_str(),
                    "item" | "period" | "reported_on" | "reported_by"
                ))
        })
        .map(|(field, from, to)| FieldChange {
            id: id.to_string(),
            cycle: cycle.clone(),
            period: period.clone(),
            field,
            from,
            to,
        })
        .collect()
}

/// A rejection of an id built from input (a period too far off to name a meeting, say).
pub(super) fn bad_id(e: crate::model::IdError) -> Error {
    Rejection::BadId {
        value: e.to_string(),
    }
    .into()
}

/// Refuses a unit that is not in the roster.
pub(super) fn check_unit(roster: &Roster, field: Field, unit: &str) -> Result<()> {
    if roster.has_unit(unit) {
        Ok(())
    } else {
        Err(Rejection::UnknownUnit {
            field,
            name: unit.to_string(),
        }
        .into())
    }
}

/// Refuses a person who is not in the roster, naming the people it has.
pub(super) fn check_person(roster: &Roster, field: Field, name: &str) -> Result<()> {
    if roster.has_person(name) {
        Ok(())
    } else {
        Err(Rejection::UnknownPerson {
            field,
            name: name.to_string(),
            known: roster.people.iter().map(|p| p.name.clone()).collect(),
        }
        .into())
    }
}

/// Refuses a year outside the plan's years.
pub(super) fn check_plan_year(plan: &crate::model::Plan, year: i32) -> Result<()> {
    use chrono::Datelike as _;
    if year < plan.meta.start.year() || year > plan.meta.end.year() {
        return Err(Rejection::OutsidePlan {
            field: Field::Year,
            value: year.to_string(),
            start: plan.meta.start,
            end: plan.meta.end,
        }
        .into());
    }
    Ok(())
}

/// A text for a commit summary: one line of at most 30 characters.
pub(super) fn short(text: &str) -> String {
    super::labels::shorten(text, 30)
}
