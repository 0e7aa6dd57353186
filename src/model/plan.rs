//! The plan's objects: actions, measures, the unit roster and the plan header.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Id, Lang, Light};

/// Version of the file format; every file carries it.
pub const SCHEMA: u32 = 1;

/// Header of a plan repository (`plan.ron`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanMeta {
    pub schema: u32,
    /// Full title of the plan as published.
    pub title: String,
    /// Short name of the taskforce used in minutes.
    pub taskforce: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// 总体要求, the plan's opening section, verbatim.
    pub overview: String,
    /// 保障措施, the plan's closing section, verbatim.
    pub safeguards: String,
}

/// Lifecycle of a measure or action item (DOMAIN.md §2.2); the light is separate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Status {
    NotStarted,
    InProgress,
    DoneAwaitingClose,
    Closed,
    Suspended,
}

impl Status {
    /// Every status, in lifecycle order.
    pub const ALL: [Status; 5] = [
        Status::NotStarted,
        Status::InProgress,
        Status::DoneAwaitingClose,
        Status::Closed,
        Status::Suspended,
    ];

    /// Command-line spelling.
    pub fn key(self) -> &'static str {
        match self {
            Status::NotStarted => "not-started",
            Status::InProgress => "in-progress",
            Status::DoneAwaitingClose => "done",
            Status::Closed => "closed",
            Status::Suspended => "suspended",
        }
    }

    /// Parses the command-line spelling or the Chinese label.
    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL
            .into_iter()
            .find(|s| s.key() == text || s.label(Lang::Zh) == text || s.label(Lang::En) == text)
    }

    /// Display label.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Status::NotStarted, Lang::Zh) => "未启动",
            (Status::InProgress, Lang::Zh) => "推进中",
            (Status::DoneAwaitingClose, Lang::Zh) => "已完成待销号",
            (Status::Closed, Lang::Zh) => "已销号",
            (Status::Suspended, Lang::Zh) => "暂缓",
            (Status::NotStarted, Lang::En) => "not started",
            (Status::InProgress, Lang::En) => "in progress",
            (Status::DoneAwaitingClose, Lang::En) => "done, awaiting close",
            (Status::Closed, Lang::En) => "closed",
            (Status::Suspended, Lang::En) => "suspended",
        }
    }

    /// Whether the work is finished (done or struck off).
    pub fn is_done(self) -> bool {
        matches!(self, Status::DoneAwaitingClose | Status::Closed)
    }
}

/// Where a lead unit comes from: the plan names none for its measures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LeadSource {
    /// Named in the plan text.
    Plan,
    /// Inferred from the action's lead unit.
    InferredFromAction,
    /// Inferred from the lead unit of a linked indicator row.
    InferredFromIndicator(Id),
    /// Set by the taskforce (a `set --lead` or a meeting decision).
    Assigned,
}

impl LeadSource {
    /// Whether the plan itself does not name this lead unit.
    pub fn is_inferred(&self) -> bool {
        matches!(
            self,
            LeadSource::InferredFromAction | LeadSource::InferredFromIndicator(_)
        )
    }
}

/// One of the nine reform actions (行动).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    pub schema: u32,
    pub id: Id,
    /// Position in the plan, 1 to 9.
    pub number: u8,
    /// The heading, verbatim: `“托育”普惠一体改革行动`.
    pub title: String,
    /// The whole paragraph of the plan, verbatim.
    pub text: String,
    pub lead_unit: String,
    pub lead_source: LeadSource,
    pub co_units: Vec<String>,
    pub indicators: Vec<Id>,
}

/// A dated node (节点 / 形象进度) of a measure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    pub due: NaiveDate,
    pub what: String,
    pub done_on: Option<NaiveDate>,
}

/// An override of the computed light; it must say why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LightOverride {
    pub light: Light,
    pub reason: String,
    pub set_on: NaiveDate,
}

/// Closure (销号) of a finished measure or action item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Closure {
    pub date: NaiveDate,
    pub approved_by: String,
    pub basis: String,
}

/// A reform measure (改革举措), one clause of the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    pub schema: u32,
    pub id: Id,
    pub action: Id,
    /// A verbatim phrase of the plan.
    pub title: String,
    /// The clause or sentence the title comes from, verbatim, for audit.
    pub source_text: String,
    /// A quantified target stated in the plan (`到2027年托幼一体托位达80%`).
    pub requirement: Option<String>,
    pub lead_unit: String,
    pub lead_source: LeadSource,
    pub co_units: Vec<String>,
    /// 责任人: a person of the roster.
    pub owner: Option<String>,
    /// 联络员: the person who files reports.
    pub liaison: Option<String>,
    pub start: NaiveDate,
    pub deadline: NaiveDate,
    pub milestones: Vec<Milestone>,
    pub indicators: Vec<Id>,
    pub status: Status,
    pub light_override: Option<LightOverride>,
    /// The cycle the measure reports on (督办频次).
    pub cadence: super::Cycle,
    pub tags: Vec<String>,
    pub closure: Option<Closure>,
}

/// Kind of a unit of the roster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum UnitKind {
    /// A city-level department (市教育局).
    City,
    /// One of the 12 county-level divisions (鹿城区, 瑞安市, 永嘉县 ...).
    County,
}

/// A unit that can lead or co-lead work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    pub name: String,
    pub kind: UnitKind,
    /// Full name where the plan uses a short one.
    pub full_name: Option<String>,
}

/// A person who can own a measure (责任人) or report on it (联络员).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub name: String,
    pub unit: String,
    pub role: Option<String>,
    /// A phone number for 催办 (absent in files written before it existed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// The unit roster (`units.ron`): names that owner and lead fields must use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Roster {
    pub schema: u32,
    pub units: Vec<Unit>,
    pub people: Vec<Person>,
}

impl Roster {
    /// Whether `name` is a unit of the roster.
    pub fn has_unit(&self, name: &str) -> bool {
        self.units.iter().any(|u| u.name == name)
    }

    /// Whether `name` is a person of the roster.
    pub fn has_person(&self, name: &str) -> bool {
        self.people.iter().any(|p| p.name == name)
    }
}
