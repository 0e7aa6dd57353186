//! Meetings, the action items they decide, and the year's landmark achievements.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::{Closure, Cycle, Id, Lang, Period};

/// A held (or open) meeting: 周调度, 月例会 or 季总结.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    pub schema: u32,
    /// `W2026-48`, `M2026-11` or `Q2026-4`.
    pub id: Id,
    pub kind: Cycle,
    pub period: Period,
    /// 第N期: the issue number within the year.
    pub issue: u32,
    pub time: NaiveDateTime,
    pub place: String,
    pub chair: String,
    pub attendees: Vec<String>,
    /// The commit this meeting reviews from (the previous meeting of its kind).
    pub baseline: String,
    pub closed: bool,
    /// What an office needs to sign the minutes off: 文号, 出席, 列席, 会议指出/强调, 分送, 抄送.
    #[serde(default, skip_serializing_if = "SignOff::is_empty")]
    pub sign_off: SignOff,
}

/// A person at a meeting, with the post the minutes give (`王明`, `副市长`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attendee {
    pub name: String,
    pub post: String,
}

impl Attendee {
    /// Parses `NAME:POST` (or `NAME：POST`, or a name alone).
    pub fn parse(text: &str) -> Attendee {
        let (name, post) = text
            .split_once([':', '：'])
            .map_or((text, ""), |(n, p)| (n, p));
        Attendee {
            name: name.trim().to_string(),
            post: post.trim().to_string(),
        }
    }

    /// `王明（副市长）`, or the name alone.
    pub fn text(&self, lang: Lang) -> String {
        match (self.post.is_empty(), lang) {
            (true, _) => self.name.clone(),
            (false, Lang::Zh) => format!("{}（{}）", self.name, self.post),
            (false, Lang::En) => format!("{} ({})", self.name, self.post),
        }
    }
}

/// The kind of a free-text paragraph of the minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NoteKind {
    /// 会议指出.
    Pointed,
    /// 会议强调.
    Stressed,
    /// 会议要求.
    Required,
}

impl NoteKind {
    pub const ALL: [NoteKind; 3] = [NoteKind::Pointed, NoteKind::Stressed, NoteKind::Required];

    /// Command-line spelling.
    pub fn key(self) -> &'static str {
        match self {
            NoteKind::Pointed => "pointed",
            NoteKind::Stressed => "stressed",
            NoteKind::Required => "required",
        }
    }

    /// Parses the command-line spelling or the Chinese words.
    pub fn parse(text: &str) -> Option<NoteKind> {
        NoteKind::ALL
            .into_iter()
            .find(|k| k.key() == text || k.label(Lang::Zh) == text)
    }

    /// How the paragraph opens: 会议指出 / 会议强调 / 会议要求.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (NoteKind::Pointed, Lang::Zh) => "会议指出",
            (NoteKind::Stressed, Lang::Zh) => "会议强调",
            (NoteKind::Required, Lang::Zh) => "会议要求",
            (NoteKind::Pointed, Lang::En) => "The meeting noted",
            (NoteKind::Stressed, Lang::En) => "The meeting stressed",
            (NoteKind::Required, Lang::En) => "The meeting required",
        }
    }
}

/// A free-text paragraph of the minutes (`meeting note`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingNote {
    pub kind: NoteKind,
    pub text: String,
}

/// The parts of the minutes that only people can supply.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignOff {
    /// 文号 (`温公服专班纪〔2026〕12号`).
    pub doc_no: Option<String>,
    /// 出席: the leaders present, with their posts.
    pub present: Vec<Attendee>,
    /// 列席: people attending without a seat, with their posts.
    pub observers: Vec<Attendee>,
    /// 会议指出 / 会议强调 / 会议要求 paragraphs, in order.
    pub notes: Vec<MeetingNote>,
    /// 分送.
    pub distribution: Vec<String>,
    /// 抄送.
    pub copies: Vec<String>,
}

impl SignOff {
    pub fn is_empty(&self) -> bool {
        *self == SignOff::default()
    }
}

impl Meeting {
    /// The id of a meeting of `kind` for `period`.
    pub fn id_for(period: Period) -> String {
        match period {
            Period::Week(y, w) => format!("W{y:04}-{w:02}"),
            Period::Month(y, m) => format!("M{y:04}-{m:02}"),
            Period::Quarter(y, q) => format!("Q{y:04}-{q}"),
        }
    }
}

/// Label of a meeting kind.
pub fn meeting_kind_label(kind: Cycle, lang: Lang) -> &'static str {
    match (kind, lang) {
        (Cycle::Weekly, Lang::Zh) => "周调度",
        (Cycle::Monthly, Lang::Zh) => "月例会",
        (Cycle::Quarterly, Lang::Zh) => "季总结",
        (Cycle::Weekly, Lang::En) => "weekly dispatch",
        (Cycle::Monthly, Lang::En) => "monthly meeting",
        (Cycle::Quarterly, Lang::En) => "quarterly summary",
    }
}

/// Lifecycle of an action item; "overdue" is derived from the deadline, never stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ItemStatus {
    Open,
    DoneAwaitingReview,
    Closed,
}

impl ItemStatus {
    /// Command-line spelling.
    pub fn key(self) -> &'static str {
        match self {
            ItemStatus::Open => "open",
            ItemStatus::DoneAwaitingReview => "done",
            ItemStatus::Closed => "closed",
        }
    }

    /// Parses the command-line spelling.
    pub fn parse(text: &str) -> Option<ItemStatus> {
        [
            ItemStatus::Open,
            ItemStatus::DoneAwaitingReview,
            ItemStatus::Closed,
        ]
        .into_iter()
        .find(|s| s.key() == text)
    }

    /// Display label.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ItemStatus::Open, Lang::Zh) => "推进中",
            (ItemStatus::DoneAwaitingReview, Lang::Zh) => "已办结待销号",
            (ItemStatus::Closed, Lang::Zh) => "已销号",
            (ItemStatus::Open, Lang::En) => "open",
            (ItemStatus::DoneAwaitingReview, Lang::En) => "done, awaiting review",
            (ItemStatus::Closed, Lang::En) => "closed",
        }
    }
}

/// A decision of a meeting (议定事项) to be carried out by a lead unit by a deadline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionItem {
    pub schema: u32,
    /// `D2026-11-03`: the meeting's period and a sequence number.
    pub id: Id,
    pub meeting: Id,
    pub number: u32,
    pub text: String,
    pub lead_unit: String,
    pub co_units: Vec<String>,
    pub deadline: NaiveDate,
    pub measure: Option<Id>,
    pub status: ItemStatus,
    /// 落实情况: the lead unit's feedback.
    pub feedback: String,
    pub closure: Option<Closure>,
}

impl ActionItem {
    /// Whether the item is past its deadline and not yet done.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status == ItemStatus::Open && today > self.deadline
    }
}

/// One of the year's ten landmark achievements (标志性成果).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Landmark {
    pub schema: u32,
    /// `L2026-03`.
    pub id: Id,
    pub year: i32,
    pub title: String,
    pub measures: Vec<Id>,
    pub lead_unit: String,
    pub evidence: Vec<String>,
    pub status: super::Status,
}
