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
