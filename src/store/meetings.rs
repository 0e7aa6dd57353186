//! Meetings in git: meeting records, decisions (action items), minutes (the review between
//! two commits is in `review.rs`), meeting tags, indicator observations and landmark achievements.
//! Each write is lock → read → validate → write → one commit.

use chrono::{NaiveDate, NaiveDateTime};
use git2::Oid;
use serde::Serialize;

use super::codec::to_canonical;
use super::error::{Field, Limit, Purpose, Rejection};
use super::git::{FileChange, Identity};
use super::history::{FieldChange, change_trailers, diff_fields, message};
use super::ops::Outcome;
use super::{Error, Reports, Result, Store, layout};
use crate::meeting::{self, MinutesInput};
use crate::model::{
    ActionItem, Closure, Cycle, Id, ItemStatus, Landmark, Lang, Meeting, MeetingNote, NoteKind,
    Observation, Period, Plan, Roster, SCHEMA, SignOff, Status, meeting_kind_label,
};

pub use super::review::{Review, ReviewFrom};

/// Fields of a new meeting.
#[derive(Debug, Clone)]
pub struct NewMeeting {
    pub kind: Cycle,
    pub time: NaiveDateTime,
    pub period: Option<Period>,
    pub chair: String,
    pub attendees: Vec<String>,
    pub place: String,
    /// 第N期: `None` for the next number of the year for its kind.
    pub issue: Option<u32>,
    /// 文号, 出席, 列席, 分送, 抄送 (and notes, usually added later with `meeting note`).
    pub sign_off: SignOff,
}

/// A decision to record as an action item.
#[derive(Debug, Clone)]
pub struct Decision {
    pub meeting: Option<Id>,
    pub text: String,
    pub lead: String,
    pub co: Vec<String>,
    pub deadline: NaiveDate,
    pub measure: Option<Id>,
}

/// Changes to an action item; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ItemEdit {
    pub status: Option<ItemStatus>,
    pub feedback: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub lead: Option<String>,
    /// 销号: who approved the closure, on what basis, on which day (default today).
    pub approved_by: Option<String>,
    pub basis: Option<String>,
    pub closed_on: Option<NaiveDate>,
}

/// Fields of a landmark achievement; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct LandmarkEdit {
    pub title: Option<String>,
    pub measures: Option<Vec<Id>>,
    pub lead: Option<String>,
    pub evidence: Option<Vec<String>>,
    pub status: Option<Status>,
}

/// A new object checked and described, ready to commit.
struct Prepared<T> {
    file: FileChange,
    value: T,
    summary: String,
    msg: String,
    changes: Vec<FieldChange>,
}

/// A meeting's time as `meeting new --date` takes it: `YYYY-MM-DD HH:MM` (or with a `T`), or a
/// day alone, held at 09:00.
pub fn parse_meeting_time(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    for f in ["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, f) {
            return Some(t);
        }
    }
    text.parse::<NaiveDate>()
        .ok()
        .and_then(|d| d.and_hms_opt(9, 0, 0))
}

/// At most this many landmark achievements a year (每年滚动打造“十大改革标志性成果”).
pub const LANDMARKS_PER_YEAR: usize = 10;

/// `meeting/monthly/2026-10`.
pub fn meeting_tag(kind: Cycle, period: Period) -> String {
    format!("meeting/{}/{period}", kind.key())
}

fn to_bytes<T: Serialize>(value: &T) -> Result<Vec<u8>> {
    to_canonical(value)
        .map(String::into_bytes)
        .map_err(|e| Error::Refused(format!("cannot serialize: {e}")))
}

fn object_changes<T: Serialize>(
    id: &str,
    period: Option<Period>,
    old: Option<&T>,
    new: Option<&T>,
) -> Vec<FieldChange> {
    diff_fields(old, new)
        .into_iter()
        .map(|(field, from, to)| FieldChange {
            id: id.to_string(),
            cycle: None,
            period: period.map(|p| p.to_string()),
            field,
            from,
            to,
        })
        .collect()
}

fn bad_id(e: crate::model::IdError) -> Error {
    Rejection::BadId {
        value: e.to_string(),
    }
    .into()
}

fn clean(field: Field, text: &str) -> Result<String> {
    Ok(super::error::clean(field, text)?)
}

fn check_unit(roster: &Roster, field: Field, unit: &str) -> Result<()> {
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

fn short(text: &str) -> String {
    let one = text.replace('\n', " ");
    if one.chars().count() > 30 {
        format!("{}…", one.chars().take(30).collect::<String>())
    } else {
        one
    }
}

impl Store {
    fn open_meeting(&self, plan: &Plan, id: Option<&Id>) -> Result<Meeting> {
        if let Some(id) = id {
            let m = plan
                .meetings
                .iter()
                .find(|m| &m.id == id)
                .ok_or_else(|| Error::NotFound(id.clone()))?;
            if m.closed {
                return Err(Rejection::MeetingClosed { id: id.to_string() }.into());
            }
            return Ok(m.clone());
        }
        let open: Vec<&Meeting> = plan.meetings.iter().filter(|m| !m.closed).collect();
        match open.as_slice() {
            [m] => Ok((*m).clone()),
            [] => Err(Rejection::NoMeetingOpen { kind: None }.into()),
            many => Err(Rejection::ManyMeetingsOpen {
                ids: many.iter().map(|m| m.id.to_string()).collect(),
            }
            .into()),
        }
    }

    /// Checks a new meeting and builds its record, path and commit message.
    fn prepare_meeting(&self, new: &NewMeeting) -> Result<Prepared<Meeting>> {
        let date = new.time.date();
        let period = new.period.unwrap_or_else(|| new.kind.period_of(date));
        if period.cycle() != new.kind {
            return Err(Rejection::WrongCycle {
                field: Field::Period,
                period: period.to_string(),
                allowed: vec![new.kind],
            }
            .into());
        }
        let id = Id::parse(&Meeting::id_for(period)).map_err(bad_id)?;
        let plan = self.load_valid(Reports::All)?;
        if plan.meetings.iter().any(|m| m.id == id) {
            return Err(Rejection::MeetingExists { id: id.to_string() }.into());
        }
        if let Some(open) = plan
            .meetings
            .iter()
            .find(|m| m.kind == new.kind && !m.closed)
        {
            return Err(Rejection::MeetingStillOpen {
                id: open.id.to_string(),
            }
            .into());
        }
        for a in &new.attendees {
            check_unit(&plan.roster, Field::Attendee, a)?;
        }
        let baseline = match self.last_meeting_tag(new.kind)? {
            Some((_, oid)) => oid,
            None => self.root_commit()?,
        };
        let year = period.first_day().format("%Y").to_string();
        let same_year: Vec<&Meeting> = plan
            .meetings
            .iter()
            .filter(|m| m.kind == new.kind && m.period.first_day().format("%Y").to_string() == year)
            .collect();
        let issue = match new.issue {
            Some(0) => {
                return Err(Rejection::OutOfRange {
                    field: Field::Issue,
                    value: 0,
                    min: 1,
                    max: None,
                }
                .into());
            }
            Some(n) => {
                if let Some(m) = same_year.iter().find(|m| m.issue == n) {
                    return Err(Rejection::IssueTaken {
                        issue: n,
                        year: year.parse().unwrap_or_default(),
                        meeting: m.id.to_string(),
                    }
                    .into());
                }
                n
            }
            None => same_year.iter().map(|m| m.issue).max().unwrap_or(0) + 1,
        };
        let mut attendees = Vec::new();
        for a in &new.attendees {
            if !attendees.contains(a) {
                attendees.push(a.clone());
            }
        }
        let meeting = Meeting {
            schema: SCHEMA,
            id: id.clone(),
            kind: new.kind,
            period,
            issue,
            time: new.time,
            place: clean(Field::Place, &new.place)?,
            chair: clean(Field::Chair, &new.chair)?,
            attendees,
            baseline: baseline.to_string(),
            closed: false,
            sign_off: clean_sign_off(&new.sign_off)?,
        };
        let path = layout::meeting(&id, new.kind);
        self.ensure_clean(&path)?;
        let changes = object_changes(id.as_str(), None, None, Some(&meeting));
        let kind = meeting_kind_label(new.kind, Lang::Zh);
        let summary = format!("召开{kind} {id}（{year}年第{issue}期）");
        let body = format!("基线 {}", &meeting.baseline[..12]);
        let mut trailers = change_trailers(&changes);
        trailers.push(("Meeting".into(), id.to_string()));
        let msg = message(&summary, &body, &trailers);
        Ok(Prepared {
            file: FileChange {
                path,
                bytes: Some(to_bytes(&meeting)?),
            },
            value: meeting,
            summary,
            msg,
            changes,
        })
    }

    /// The commit summary `new_meeting` would write, after the same checks; nothing is written.
    pub fn preview_meeting(&self, new: &NewMeeting) -> Result<String> {
        Ok(self.prepare_meeting(new)?.summary)
    }

    /// Opens a meeting record; its baseline is the last closed meeting of its kind (or the
    /// first commit). One commit.
    pub fn new_meeting(&self, new: &NewMeeting, author: &Identity) -> Result<(Outcome, Meeting)> {
        let mut lock = self.lock()?;
        let p = self.prepare_meeting(new)?;
        let outcome = self.record(&mut lock, &[p.file], &p.msg, p.summary, p.changes, author)?;
        Ok((outcome, p.value))
    }

    /// Checks a decision and builds its action item, path and commit message.
    fn prepare_decision(&self, d: &Decision) -> Result<Prepared<ActionItem>> {
        let plan = self.load_valid(Reports::All)?;
        let meeting = self.open_meeting(&plan, d.meeting.as_ref())?;
        let text = clean(Field::Decision, &d.text)?;
        if text.trim().is_empty() {
            return Err(Rejection::Empty {
                field: Field::Decision,
            }
            .into());
        }
        check_unit(&plan.roster, Field::Lead, &d.lead)?;
        let mut co = Vec::new();
        for u in &d.co {
            check_unit(&plan.roster, Field::CoUnit, u)?;
            if u != &d.lead && !co.contains(u) {
                co.push(u.clone());
            }
        }
        if let Some(m) = &d.measure
            && plan.measure(m).is_none()
        {
            return Err(Rejection::NoSuchMeasure {
                field: Field::Measure,
                id: m.to_string(),
            }
            .into());
        }
        if d.deadline < meeting.time.date() {
            return Err(Rejection::DateBefore {
                field: Field::Deadline,
                date: d.deadline,
                limit: meeting.time.date(),
                of: Limit::Meeting,
            }
            .into());
        }
        let number = plan
            .items
            .iter()
            .filter(|i| i.meeting == meeting.id)
            .map(|i| i.number)
            .max()
            .unwrap_or(0)
            + 1;
        let id = Id::parse(&format!("D{}-{number:02}", meeting.period)).map_err(bad_id)?;
        let item = ActionItem {
            schema: SCHEMA,
            id: id.clone(),
            meeting: meeting.id.clone(),
            number,
            text,
            lead_unit: d.lead.clone(),
            co_units: co,
            deadline: d.deadline,
            measure: d.measure.clone(),
            status: ItemStatus::Open,
            feedback: String::new(),
            closure: None,
        };
        let path = layout::item(&id, &meeting.id);
        self.ensure_clean(&path)?;
        let changes = object_changes(id.as_str(), None, None, Some(&item));
        let summary = format!(
            "议定事项 {id}：{}（{}牵头，{}前）",
            short(&item.text),
            item.lead_unit,
            item.deadline
        );
        let mut trailers = change_trailers(&changes);
        trailers.push(("Meeting".into(), meeting.id.to_string()));
        let msg = message(&summary, &item.text, &trailers);
        Ok(Prepared {
            file: FileChange {
                path,
                bytes: Some(to_bytes(&item)?),
            },
            value: item,
            summary,
            msg,
            changes,
        })
    }

    /// The commit summary `decide` would write, after the same checks; nothing is written.
    pub fn preview_decision(&self, d: &Decision) -> Result<String> {
        Ok(self.prepare_decision(d)?.summary)
    }

    /// Adds a numbered action item to the open meeting. One commit.
    pub fn decide(&self, d: &Decision, author: &Identity) -> Result<(Outcome, ActionItem)> {
        let mut lock = self.lock()?;
        let p = self.prepare_decision(d)?;
        let outcome = self.record(&mut lock, &[p.file], &p.msg, p.summary, p.changes, author)?;
        Ok((outcome, p.value))
    }

    /// Updates an action item (status, feedback, deadline, lead; 销号 with approver). One commit.
    pub fn set_item(
        &self,
        id: &Id,
        edit: &ItemEdit,
        author: &Identity,
        today: NaiveDate,
    ) -> Result<Outcome> {
        let mut lock = self.lock()?;
        let Some(p) = self.prepare_item(id, edit, today)? else {
            return Ok(Outcome::Unchanged);
        };
        self.record(&mut lock, &[p.file], &p.msg, p.summary, p.changes, author)
    }

    /// The commit summary `set_item` would write, after the same checks; nothing is written.
    /// `None` when nothing would change.
    pub fn preview_item(
        &self,
        id: &Id,
        edit: &ItemEdit,
        today: NaiveDate,
    ) -> Result<Option<String>> {
        Ok(self.prepare_item(id, edit, today)?.map(|p| p.summary))
    }

    /// Checks an action item update and builds the item, path and commit message; `None` when
    /// nothing would change.
    fn prepare_item(
        &self,
        id: &Id,
        edit: &ItemEdit,
        today: NaiveDate,
    ) -> Result<Option<Prepared<ActionItem>>> {
        let plan = self.load_valid(Reports::All)?;
        let old = plan
            .items
            .iter()
            .find(|i| &i.id == id)
            .cloned()
            .ok_or_else(|| Error::NotFound(id.clone()))?;
        let path = layout::item(id, &old.meeting);
        self.ensure_clean(&path)?;
        let mut item = old.clone();
        if let Some(f) = &edit.feedback {
            item.feedback = clean(Field::Feedback, f)?;
        }
        if let Some(d) = edit.deadline {
            item.deadline = d;
        }
        if let Some(u) = &edit.lead {
            check_unit(&plan.roster, Field::Lead, u)?;
            item.lead_unit = u.clone();
        }
        let closing = edit.status == Some(ItemStatus::Closed) && old.status != ItemStatus::Closed;
        let stays_closed =
            old.status == ItemStatus::Closed && edit.status.is_none_or(|s| s == ItemStatus::Closed);
        if (edit.approved_by.is_some() || edit.basis.is_some() || edit.closed_on.is_some())
            && !(closing || stays_closed)
        {
            return Err(Rejection::OnlyWhenClosing.into());
        }
        if let Some(s) = edit.status {
            item.status = s;
        }
        if item.status == ItemStatus::Closed {
            let previous = old.closure.clone();
            let approved_by = match (&edit.approved_by, &previous) {
                (Some(a), _) => clean(Field::Approver, a)?,
                (None, Some(p)) => p.approved_by.clone(),
                (None, None) => String::new(),
            };
            if approved_by.trim().is_empty() {
                return Err(Rejection::Required {
                    field: Field::Approver,
                    purpose: Purpose::Closing,
                }
                .into());
            }
            let basis = match (&edit.basis, &previous) {
                (Some(b), _) => clean(Field::Basis, b)?,
                (None, Some(p)) => p.basis.clone(),
                (None, None) => String::new(),
            };
            let date = edit
                .closed_on
                .or(previous.as_ref().map(|p| p.date))
                .unwrap_or(today);
            item.closure = Some(Closure {
                date,
                approved_by,
                basis,
            });
        } else {
            item.closure = None;
        }
        let changes = object_changes(id.as_str(), None, Some(&old), Some(&item));
        if changes.is_empty() {
            return Ok(None);
        }
        let parts: Vec<String> = changes
            .iter()
            .filter(|c| c.field != "closure")
            .map(|c| {
                format!(
                    "{} {}→{}",
                    item_field_label(&c.field),
                    meeting::minutes::value_text(&c.from, Lang::Zh),
                    meeting::minutes::value_text(&c.to, Lang::Zh)
                )
            })
            .map(|s| short(&s))
            .collect();
        let summary = format!(
            "议定事项 {id} {}",
            if parts.is_empty() {
                "销号信息".to_string()
            } else {
                parts.join("，")
            }
        );
        let mut trailers = change_trailers(&changes);
        trailers.push(("Meeting".into(), old.meeting.to_string()));
        let msg = message(&summary, &item.text, &trailers);
        Ok(Some(Prepared {
            file: FileChange {
                path,
                bytes: Some(to_bytes(&item)?),
            },
            value: item,
            summary,
            msg,
            changes,
        }))
    }

    /// The meeting `id`, or the open one, or the latest one.
    pub fn find_meeting(&self, id: Option<&Id>, today: NaiveDate) -> Result<Meeting> {
        let plan = self.plan_at(self.head_oid()?, today)?;
        if let Some(id) = id {
            return plan
                .meetings
                .iter()
                .find(|m| &m.id == id)
                .cloned()
                .ok_or_else(|| Error::NotFound(id.clone()));
        }
        let open: Vec<&Meeting> = plan.meetings.iter().filter(|m| !m.closed).collect();
        if let [m] = open.as_slice() {
            return Ok((*m).clone());
        }
        plan.meetings
            .last()
            .cloned()
            .ok_or_else(|| Rejection::NoMeetingHeld.into())
    }

    /// The minutes of `meeting`: an open meeting from HEAD, a closed one from the commit
    /// before its close (so rendering again gives the same bytes as the file written).
    pub fn render_minutes(&self, meeting: &Meeting, lang: Lang) -> Result<String> {
        let head = if meeting.closed {
            let tag = meeting_tag(meeting.kind, meeting.period);
            let closed = self
                .repo
                .revparse_single(&format!("refs/tags/{tag}"))
                .and_then(|o| o.peel_to_commit())
                .map_err(|_| {
                    Error::from(Rejection::MeetingTagMissing {
                        id: meeting.id.to_string(),
                        tag: tag.clone(),
                    })
                })?;
            closed.parent(0)?.id()
        } else {
            self.head_oid()?
        };
        self.minutes_at(meeting, head, lang)
    }

    fn minutes_at(&self, meeting: &Meeting, head: Oid, lang: Lang) -> Result<String> {
        let base = Oid::from_str(&meeting.baseline)?;
        let base_date = self.baseline_date(base)?.min(meeting.time.date());
        let review = self.review_between(base, base_date, head, meeting.time.date())?;
        let m = review
            .new
            .meetings
            .iter()
            .find(|m| m.id == meeting.id)
            .cloned()
            .unwrap_or_else(|| meeting.clone());
        Ok(meeting::render_minutes(&MinutesInput {
            plan: &review.new,
            baseline: &review.old,
            base_date,
            meeting: &m,
            changes: &review.changes,
            lang,
        }))
    }

    /// Closes the open meeting: writes `minutes/<id>.md`, marks the meeting closed (one commit)
    /// and tags that commit `meeting/<kind>/<period>`.
    pub fn close_meeting(
        &self,
        id: Option<&Id>,
        lang: Lang,
        author: &Identity,
    ) -> Result<(Outcome, Meeting, String)> {
        let mut lock = self.lock()?;
        let head = self.head_oid()?;
        let plan = self.plan_at(head, epoch())?;
        let meeting = self.open_meeting(&plan, id)?;
        let tag = meeting_tag(meeting.kind, meeting.period);
        // The meeting is open, so a tag of its kind and period marks a close that was undone:
        // the tag moves to the new close.
        let moved = self
            .repo
            .revparse_single(&format!("refs/tags/{tag}"))
            .is_ok()
            .then(|| match self.lang() {
                Lang::Zh => format!("已移动标签 {tag}：{} 先前的结束已被撤销", meeting.id),
                Lang::En => format!(
                    "moved tag {tag}: the earlier close of {} was undone",
                    meeting.id
                ),
            });
        let meeting_path = layout::meeting(&meeting.id, meeting.kind);
        let minutes_path = layout::minutes(&meeting.id);
        self.ensure_clean(&meeting_path)?;
        self.ensure_clean(&minutes_path)?;
        let minutes = self.minutes_at(&meeting, head, lang)?;
        let mut closed = meeting.clone();
        closed.closed = true;
        let changes = object_changes(meeting.id.as_str(), None, Some(&meeting), Some(&closed));
        let kind = meeting_kind_label(meeting.kind, Lang::Zh);
        let decided = plan
            .items
            .iter()
            .filter(|i| i.meeting == meeting.id)
            .count();
        let summary = format!(
            "{kind} {} 结束：纪要 {minutes_path}，议定事项{decided}项",
            meeting.id
        );
        let mut trailers = change_trailers(&changes);
        trailers.push(("Meeting".into(), meeting.id.to_string()));
        let msg = message(&summary, "", &trailers);
        let files = [
            FileChange {
                path: minutes_path.clone(),
                bytes: Some(minutes.clone().into_bytes()),
            },
            FileChange {
                path: meeting_path,
                bytes: Some(to_bytes(&closed)?),
            },
        ];
        // The tag is part of the journaled write: made before the journal is removed, and made
        // by the next command when this one is killed after its commit.
        self.set_pending_tag(&tag, &format!("{kind} {}\n", meeting.id));
        let commit = self.commit_files(&mut lock, &files, &msg, author)?;
        Ok((
            Outcome::Committed {
                commit: commit.to_string(),
                summary,
                changes,
                note: [self.take_note(&mut lock), moved]
                    .into_iter()
                    .flatten()
                    .reduce(|a, b| format!("{a}\n{b}")),
            },
            closed,
            minutes_path,
        ))
    }

    /// Records an indicator's value (or full-year estimate) for a period. One commit.
    pub fn record_observation(
        &self,
        indicator: &Id,
        period: Period,
        value: f64,
        estimated: bool,
        note: &str,
        author: &Identity,
    ) -> Result<Outcome> {
        let mut lock = self.lock()?;
        let plan = self.load_valid(Reports::All)?;
        let ind = plan
            .indicator(indicator)
            .ok_or_else(|| Error::NotFound(indicator.clone()))?;
        if !value.is_finite() {
            return Err(Rejection::NotANumber {
                field: Field::Value,
                value: value.to_string(),
            }
            .into());
        }
        if period.cycle() == Cycle::Weekly {
            return Err(Rejection::WrongCycle {
                field: Field::Period,
                period: period.to_string(),
                allowed: vec![Cycle::Quarterly, Cycle::Monthly],
            }
            .into());
        }
        if period.first_day() < plan.meta.start || period.first_day() > plan.meta.end {
            return Err(Rejection::OutsidePlan {
                field: Field::Period,
                value: period.to_string(),
                start: plan.meta.start,
                end: plan.meta.end,
            }
            .into());
        }
        let path = layout::observation(indicator, period);
        self.ensure_clean(&path)?;
        let old = plan
            .observations
            .iter()
            .find(|o| &o.indicator == indicator && o.period == period)
            .cloned();
        let obs = Observation {
            schema: SCHEMA,
            indicator: indicator.clone(),
            period,
            value,
            estimated,
            note: clean(Field::Note, note)?,
            recorded_by: author.name.clone(),
        };
        let changes = object_changes(indicator.as_str(), Some(period), old.as_ref(), Some(&obs));
        if changes.iter().all(|c| c.field == "recorded_by") {
            return Ok(Outcome::Unchanged);
        }
        let est = if estimated { "（预计全年）" } else { "" };
        let summary = format!(
            "指标 {indicator} {} {period}：{}{}{est}",
            ind.name,
            meeting::quarterly::number_text(value),
            ind.unit
        );
        let msg = message(&summary, &obs.note, &change_trailers(&changes));
        self.record(
            &mut lock,
            &[FileChange {
                path,
                bytes: Some(to_bytes(&obs)?),
            }],
            &msg,
            summary,
            changes,
            author,
        )
    }

    /// Sets the target of `indicator` for a year the plan's table has no column for
    /// (DOMAIN.md §5.2 rule 2), with its basis. One commit.
    pub fn set_target(
        &self,
        indicator: &Id,
        year: i32,
        text: &str,
        basis: &str,
        author: &Identity,
    ) -> Result<Outcome> {
        let mut lock = self.lock()?;
        let plan = self.load_valid(Reports::All)?;
        let ind = plan
            .indicator(indicator)
            .ok_or_else(|| Error::NotFound(indicator.clone()))?;
        // A year without a column, or the assigned figure of a 完成下达指标 cell.
        let assigned = ind
            .target(year)
            .is_some_and(|p| p.parsed == crate::model::Parsed::Assigned);
        if let Some(p) = ind.target(year).filter(|_| !assigned) {
            return Err(Rejection::TargetInPlan {
                indicator: indicator.to_string(),
                year,
                text: p.text.clone(),
            }
            .into());
        }
        let start = plan.meta.start.format("%Y").to_string();
        let end = plan.meta.end.format("%Y").to_string();
        if year.to_string() < start || year.to_string() > end {
            return Err(Rejection::OutsidePlan {
                field: Field::Year,
                value: year.to_string(),
                start: plan.meta.start,
                end: plan.meta.end,
            }
            .into());
        }
        let text = clean(Field::Value, text)?;
        let target =
            crate::model::Printed::from_text(&text).ok_or_else(|| Rejection::BadTarget {
                value: text.clone(),
            })?;
        if assigned && target.parsed.number().is_none() {
            return Err(Rejection::TargetNeedsFigure { value: text }.into());
        }
        let basis = clean(Field::Basis, basis)?;
        if basis.trim().is_empty() {
            return Err(Rejection::Required {
                field: Field::Basis,
                purpose: Purpose::Target,
            }
            .into());
        }
        let path = layout::target(indicator, year);
        self.ensure_clean(&path)?;
        let old = plan
            .targets
            .iter()
            .find(|t| &t.indicator == indicator && t.year == year)
            .cloned();
        let new = crate::model::SetTarget {
            schema: SCHEMA,
            indicator: indicator.clone(),
            year,
            target,
            basis,
            set_by: author.name.clone(),
        };
        let changes = object_changes(indicator.as_str(), None, old.as_ref(), Some(&new));
        if changes.iter().all(|c| c.field == "set_by") {
            return Ok(Outcome::Unchanged);
        }
        let summary = format!(
            "指标 {indicator} {} {year}年目标（{}）：{text}",
            ind.name,
            if assigned {
                "上级下达"
            } else {
                "专班设定"
            }
        );
        let msg = message(&summary, &new.basis, &change_trailers(&changes));
        self.record(
            &mut lock,
            &[FileChange {
                path,
                bytes: Some(to_bytes(&new)?),
            }],
            &msg,
            summary,
            changes,
            author,
        )
    }

    /// Confirms the 建议值 of `indicator` for `year` (the linear interpolation of the
    /// neighbouring years' targets, DOMAIN.md §5.2 rule 2) as the taskforce's target: one
    /// commit. `basis` adds the meeting or decision it was confirmed at.
    pub fn confirm_target(
        &self,
        indicator: &Id,
        year: i32,
        basis: Option<&str>,
        author: &Identity,
    ) -> Result<Outcome> {
        use crate::meeting::quarterly::{fixed_target, number_text, suggested_target};
        let mut lock = self.lock()?;
        let plan = self.load_valid(Reports::All)?;
        let ind = plan
            .indicator(indicator)
            .ok_or_else(|| Error::NotFound(indicator.clone()))?;
        if let Some(p) = ind.target(year) {
            return Err(Rejection::TargetInPlan {
                indicator: indicator.to_string(),
                year,
                text: p.text.clone(),
            }
            .into());
        }
        let existing = plan
            .targets
            .iter()
            .find(|t| &t.indicator == indicator && t.year == year)
            .cloned();
        // A suggestion computed without this year's own target.
        let others: Vec<crate::model::SetTarget> = plan
            .targets
            .iter()
            .filter(|t| !(&t.indicator == indicator && t.year == year))
            .cloned()
            .collect();
        let Some(suggested) = suggested_target(ind, year, &others) else {
            return Err(Rejection::NoSuggestion {
                indicator: indicator.to_string(),
                year,
            }
            .into());
        };
        if let Some(t) = &existing {
            if t.target.text == suggested.text {
                return Ok(Outcome::Unchanged);
            }
            return Err(Rejection::TargetAlreadySet {
                indicator: indicator.to_string(),
                year,
                target: t.target.text.clone(),
                basis: t.basis.clone(),
                suggested: suggested.text.clone(),
            }
            .into());
        }
        let neighbour = |y: i32| {
            fixed_target(ind, y, &others)
                .and_then(|(p, _)| p.parsed.number())
                .map(number_text)
                .unwrap_or_default()
        };
        let mut why = format!(
            "线性插值：{}年目标{}→{}年目标{}；专班确认建议值",
            year - 1,
            neighbour(year - 1),
            year + 1,
            neighbour(year + 1)
        );
        if let Some(b) = basis {
            let b = clean(Field::Basis, b)?;
            if !b.trim().is_empty() {
                why.push('；');
                why.push_str(b.trim());
            }
        }
        let path = layout::target(indicator, year);
        self.ensure_clean(&path)?;
        let new = crate::model::SetTarget {
            schema: SCHEMA,
            indicator: indicator.clone(),
            year,
            target: suggested.clone(),
            basis: why,
            set_by: author.name.clone(),
        };
        let changes = object_changes(indicator.as_str(), None, None, Some(&new));
        let summary = format!(
            "指标 {indicator} {} {year}年目标（专班确认建议值）：{}",
            ind.name, suggested.text
        );
        let msg = message(&summary, &new.basis, &change_trailers(&changes));
        self.record(
            &mut lock,
            &[FileChange {
                path,
                bytes: Some(to_bytes(&new)?),
            }],
            &msg,
            summary,
            changes,
            author,
        )
    }

    fn check_landmark(&self, plan: &Plan, l: &Landmark) -> Result<()> {
        if l.title.trim().is_empty() {
            return Err(Rejection::Empty {
                field: Field::Title,
            }
            .into());
        }
        check_unit(&plan.roster, Field::Lead, &l.lead_unit)?;
        for m in &l.measures {
            if plan.measure(m).is_none() {
                return Err(Rejection::NoSuchMeasure {
                    field: Field::Measure,
                    id: m.to_string(),
                }
                .into());
            }
        }
        if l.measures.is_empty() {
            return Err(Rejection::Required {
                field: Field::Measure,
                purpose: Purpose::Landmark,
            }
            .into());
        }
        Ok(())
    }

    /// Adds a landmark achievement for `year` (at most ten a year). One commit.
    pub fn landmark_add(
        &self,
        year: i32,
        edit: &LandmarkEdit,
        author: &Identity,
    ) -> Result<(Outcome, Id)> {
        let mut lock = self.lock()?;
        let plan = self.load_valid(Reports::All)?;
        let of_year: Vec<&Landmark> = plan.landmarks.iter().filter(|l| l.year == year).collect();
        if of_year.len() >= LANDMARKS_PER_YEAR {
            return Err(Rejection::TooManyLandmarks {
                year,
                count: of_year.len(),
                max: LANDMARKS_PER_YEAR,
            }
            .into());
        }
        let start = plan
            .meta
            .start
            .format("%Y")
            .to_string()
            .parse::<i32>()
            .unwrap_or(2025);
        let end = plan
            .meta
            .end
            .format("%Y")
            .to_string()
            .parse::<i32>()
            .unwrap_or(2027);
        if year < start || year > end {
            return Err(Rejection::OutsidePlan {
                field: Field::Year,
                value: year.to_string(),
                start: plan.meta.start,
                end: plan.meta.end,
            }
            .into());
        }
        let mut n = 1;
        let id = loop {
            let id = Id::parse(&format!("L{year}-{n:02}")).map_err(bad_id)?;
            if !plan.landmarks.iter().any(|l| l.id == id) {
                break id;
            }
            n += 1;
        };
        let landmark = Landmark {
            schema: SCHEMA,
            id: id.clone(),
            year,
            title: clean(Field::Title, edit.title.as_deref().unwrap_or(""))?,
            measures: edit.measures.clone().unwrap_or_default(),
            lead_unit: edit.lead.clone().ok_or(Rejection::Required {
                field: Field::Lead,
                purpose: Purpose::Landmark,
            })?,
            evidence: edit
                .evidence
                .iter()
                .flatten()
                .map(|e| clean(Field::Evidence, e))
                .collect::<Result<Vec<_>>>()?,
            status: edit.status.unwrap_or(Status::NotStarted),
        };
        self.check_landmark(&plan, &landmark)?;
        let path = layout::landmark(&id, year);
        self.ensure_clean(&path)?;
        let changes = object_changes(id.as_str(), None, None, Some(&landmark));
        let summary = format!("标志性成果 {id}：{}", short(&landmark.title));
        let msg = message(&summary, "", &change_trailers(&changes));
        let file = FileChange {
            path,
            bytes: Some(to_bytes(&landmark)?),
        };
        let outcome = self.record(&mut lock, &[file], &msg, summary, changes, author)?;
        Ok((outcome, id))
    }

    /// Changes a landmark achievement. One commit.
    pub fn landmark_set(&self, id: &Id, edit: &LandmarkEdit, author: &Identity) -> Result<Outcome> {
        let mut lock = self.lock()?;
        let plan = self.load_valid(Reports::All)?;
        let old = plan
            .landmarks
            .iter()
            .find(|l| &l.id == id)
            .cloned()
            .ok_or_else(|| Error::NotFound(id.clone()))?;
        let mut l = old.clone();
        if let Some(t) = &edit.title {
            l.title = clean(Field::Title, t)?;
        }
        if let Some(m) = &edit.measures {
            l.measures = m.clone();
        }
        if let Some(u) = &edit.lead {
            l.lead_unit = u.clone();
        }
        if let Some(e) = &edit.evidence {
            l.evidence = e
                .iter()
                .map(|x| clean(Field::Evidence, x))
                .collect::<Result<Vec<_>>>()?;
        }
        if let Some(s) = edit.status {
            l.status = s;
        }
        self.check_landmark(&plan, &l)?;
        let path = layout::landmark(id, l.year);
        self.ensure_clean(&path)?;
        let changes = object_changes(id.as_str(), None, Some(&old), Some(&l));
        if changes.is_empty() {
            return Ok(Outcome::Unchanged);
        }
        let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        let summary = format!("标志性成果 {id} 调整 {}", fields.join("、"));
        let msg = message(&summary, &l.title, &change_trailers(&changes));
        self.record(
            &mut lock,
            &[FileChange {
                path,
                bytes: Some(to_bytes(&l)?),
            }],
            &msg,
            summary,
            changes,
            author,
        )
    }

    /// Removes a landmark achievement. One commit.
    pub fn landmark_remove(&self, id: &Id, author: &Identity) -> Result<Outcome> {
        let mut lock = self.lock()?;
        let plan = self.load_valid(Reports::All)?;
        let old = plan
            .landmarks
            .iter()
            .find(|l| &l.id == id)
            .cloned()
            .ok_or_else(|| Error::NotFound(id.clone()))?;
        let path = layout::landmark(id, old.year);
        self.ensure_clean(&path)?;
        let changes = object_changes(id.as_str(), None, Some(&old), None);
        let summary = format!("删除标志性成果 {id}：{}", short(&old.title));
        let msg = message(&summary, "", &change_trailers(&changes));
        let file = FileChange { path, bytes: None };
        self.record(&mut lock, &[file], &msg, summary, changes, author)
    }

    /// The plan at HEAD with every report, for the quarterly summary.
    pub fn plan_for_report(&self, today: NaiveDate) -> Result<Plan> {
        self.plan_at(self.head_oid()?, today)
    }
}

/// A sign-off with every text checked, empty entries dropped and duplicates removed.
fn clean_sign_off(s: &SignOff) -> Result<SignOff> {
    let names =
        |flag: Field, list: &[crate::model::Attendee]| -> Result<Vec<crate::model::Attendee>> {
            let mut out: Vec<crate::model::Attendee> = Vec::new();
            for a in list {
                let a = crate::model::Attendee {
                    name: clean(flag, &a.name)?.trim().to_string(),
                    post: clean(flag, &a.post)?.trim().to_string(),
                };
                if !a.name.is_empty() && !out.iter().any(|o| o.name == a.name) {
                    out.push(a);
                }
            }
            Ok(out)
        };
    let lines = |flag: Field, list: &[String]| -> Result<Vec<String>> {
        let mut out: Vec<String> = Vec::new();
        for l in list {
            let l = clean(flag, l)?.trim().to_string();
            if !l.is_empty() && !out.contains(&l) {
                out.push(l);
            }
        }
        Ok(out)
    };
    let mut notes = Vec::new();
    for n in &s.notes {
        let text = clean(Field::Note, &n.text)?.trim().to_string();
        if !text.is_empty() {
            notes.push(MeetingNote { kind: n.kind, text });
        }
    }
    Ok(SignOff {
        doc_no: s
            .doc_no
            .as_deref()
            .map(|d| clean(Field::DocNo, d).map(|d| d.trim().to_string()))
            .transpose()?
            .filter(|d| !d.is_empty()),
        present: names(Field::Present, &s.present)?,
        observers: names(Field::Observer, &s.observers)?,
        notes,
        distribution: lines(Field::Distribution, &s.distribution)?,
        copies: lines(Field::Copies, &s.copies)?,
    })
}

impl Store {
    /// Changes the sign-off of an open meeting (文号, 出席, 列席, notes, 分送, 抄送): one commit.
    /// `edit` gets the current sign-off; `what` names the change in the summary.
    pub fn edit_sign_off(
        &self,
        id: Option<&Id>,
        what: &str,
        edit: impl FnOnce(&mut SignOff),
        author: &Identity,
    ) -> Result<Outcome> {
        let mut lock = self.lock()?;
        let plan = self.load_valid(Reports::All)?;
        let meeting = self.open_meeting(&plan, id)?;
        let path = layout::meeting(&meeting.id, meeting.kind);
        self.ensure_clean(&path)?;
        let mut changed = meeting.clone();
        edit(&mut changed.sign_off);
        changed.sign_off = clean_sign_off(&changed.sign_off)?;
        let changes = object_changes(meeting.id.as_str(), None, Some(&meeting), Some(&changed));
        if changes.is_empty() {
            return Ok(Outcome::Unchanged);
        }
        let kind = meeting_kind_label(meeting.kind, Lang::Zh);
        let summary = format!("{kind} {} {what}", meeting.id);
        let mut trailers = change_trailers(&changes);
        trailers.push(("Meeting".into(), meeting.id.to_string()));
        let msg = message(&summary, "", &trailers);
        let file = FileChange {
            path,
            bytes: Some(to_bytes(&changed)?),
        };
        self.record(&mut lock, &[file], &msg, summary, changes, author)
    }

    /// Adds a 会议指出 / 会议强调 / 会议要求 paragraph to the open meeting: one commit.
    pub fn meeting_note(
        &self,
        id: Option<&Id>,
        kind: NoteKind,
        text: &str,
        author: &Identity,
    ) -> Result<Outcome> {
        if text.trim().is_empty() {
            return Err(Rejection::Empty { field: Field::Note }.into());
        }
        let what = format!("{}：{}", kind.label(Lang::Zh), short(text));
        let note = MeetingNote {
            kind,
            text: text.to_string(),
        };
        self.edit_sign_off(id, &what, |s| s.notes.push(note), author)
    }
}

/// A day before any plan period: loads no reports.
fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()
}

fn item_field_label(field: &str) -> &str {
    match field {
        "status" => "状态",
        "feedback" => "落实情况",
        "deadline" => "时限",
        "lead_unit" => "责任单位",
        other => other,
    }
}
