//! Meetings in git: meeting records, their sign-off and notes, minutes (the review between
//! two commits is in `review.rs`) and meeting tags. Each write is lock → read → validate →
//! write → one commit.

use chrono::{NaiveDate, NaiveDateTime};
use git2::Oid;

use super::error::clean;
use super::error::{Field, Rejection};
use super::git::{FileChange, Identity};
use super::recover::TagOp;
use super::write::{
    Outcome, Prepared, Scope, bad_id, check_unit, field_changes, meeting_trailer, put, short,
};
use super::{Error, Reports, Result, Store, layout};
use crate::meeting::{self, MinutesInput};
use crate::model::{
    Cycle, Id, Lang, Meeting, MeetingNote, NoteKind, Period, Plan, SCHEMA, SignOff,
    meeting_kind_label,
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

/// `meeting/monthly/2026-10`.
pub fn meeting_tag(kind: Cycle, period: Period) -> String {
    format!("meeting/{}/{period}", kind.key())
}

impl Store {
    pub(super) fn open_meeting(&self, plan: &Plan, id: Option<&Id>) -> Result<Meeting> {
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
        let changes = field_changes(id.as_str(), Scope::Object, None, Some(&meeting));
        let kind = meeting_kind_label(new.kind, Lang::Zh);
        let summary = format!("召开{kind} {id}（{year}年第{issue}期）");
        let body = format!("基线 {}", &meeting.baseline[..12]);
        let file = put(path, &meeting)?;
        let extra = vec![meeting_trailer(&id)];
        Ok(Prepared::new(vec![file], summary, &body, changes, extra).with_value(meeting))
    }

    /// The commit summary `new_meeting` would write, after the same checks; nothing is written.
    pub fn preview_meeting(&self, new: &NewMeeting) -> Result<String> {
        Ok(self.prepare_meeting(new)?.summary)
    }

    /// Opens a meeting record; its baseline is the last closed meeting of its kind (or the
    /// first commit). One commit.
    pub fn new_meeting(&self, new: &NewMeeting, author: &Identity) -> Result<(Outcome, Meeting)> {
        self.write_new(author, || self.prepare_meeting(new))
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
        let (outcome, (closed, minutes_path)) =
            self.write_new(author, || self.prepare_close(id, lang))?;
        Ok((outcome, closed, minutes_path))
    }

    /// Checks a close and builds its two files (the minutes and the closed meeting), message
    /// and tag; the value is the closed meeting and the minutes' path.
    fn prepare_close(&self, id: Option<&Id>, lang: Lang) -> Result<Prepared<(Meeting, String)>> {
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
        let changes = field_changes(
            meeting.id.as_str(),
            Scope::Object,
            Some(&meeting),
            Some(&closed),
        );
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
        let files = vec![
            FileChange {
                path: minutes_path.clone(),
                bytes: Some(minutes.into_bytes()),
            },
            put(meeting_path, &closed)?,
        ];
        let extra = vec![meeting_trailer(&meeting.id)];
        let mut p = Prepared::new(files, summary, "", changes, extra);
        // The tag is part of the journaled write: made before the journal is removed, and made
        // by the next command when this one is killed after its commit.
        p.tag = Some(TagOp::Make(tag, format!("{kind} {}\n", meeting.id)));
        p.note = moved;
        Ok(p.with_value((closed, minutes_path)))
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
        self.write(author, || {
            let plan = self.load_valid(Reports::All)?;
            let meeting = self.open_meeting(&plan, id)?;
            let path = layout::meeting(&meeting.id, meeting.kind);
            self.ensure_clean(&path)?;
            let mut changed = meeting.clone();
            edit(&mut changed.sign_off);
            changed.sign_off = clean_sign_off(&changed.sign_off)?;
            let changes = field_changes(
                meeting.id.as_str(),
                Scope::Object,
                Some(&meeting),
                Some(&changed),
            );
            if changes.is_empty() {
                return Ok(None);
            }
            let kind = meeting_kind_label(meeting.kind, Lang::Zh);
            let summary = format!("{kind} {} {what}", meeting.id);
            let file = put(path, &changed)?;
            let extra = vec![meeting_trailer(&meeting.id)];
            Ok(Some(Prepared::new(vec![file], summary, "", changes, extra)))
        })
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
