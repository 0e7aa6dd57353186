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
    /// Inferred from the lead unit of an indicator row: one linked to the measure, or the
    /// table's row of the same field (体育 → I14, 残疾人 → I21, 医保 → I20).
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
    /// The cycle the measure reports on (报送频次).
    pub cadence: super::Cycle,
    pub tags: Vec<String>,
    pub closure: Option<Closure>,
    /// Fields whose value the plan does not give, stored as defaults (2025-01-01, 2027-12-31,
    /// monthly, 未启动) and shown as 默认 until a person sets them. Empty once all are set.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assumed: Vec<Assumed>,
}

/// A measure field holding a default rather than a value the plan or a person gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Assumed {
    Start,
    Deadline,
    Cadence,
    Status,
}

impl Assumed {
    /// Every assumed field, in display order.
    pub const ALL: [Assumed; 4] = [
        Assumed::Start,
        Assumed::Deadline,
        Assumed::Cadence,
        Assumed::Status,
    ];

    /// The measure's field name (as in the RON file and JSON).
    pub fn field(self) -> &'static str {
        match self {
            Assumed::Start => "start",
            Assumed::Deadline => "deadline",
            Assumed::Cadence => "cadence",
            Assumed::Status => "status",
        }
    }

    /// Display label of the field.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Assumed::Start, Lang::Zh) => "开始日期",
            (Assumed::Deadline, Lang::Zh) => "完成时限",
            (Assumed::Cadence, Lang::Zh) => "报送频次",
            (Assumed::Status, Lang::Zh) => "状态",
            (Assumed::Start, Lang::En) => "start",
            (Assumed::Deadline, Lang::En) => "deadline",
            (Assumed::Cadence, Lang::En) => "reporting cadence",
            (Assumed::Status, Lang::En) => "status",
        }
    }

    /// The marker shown after a default value: `（默认）` / ` (default)`.
    pub fn marker(lang: Lang) -> &'static str {
        lang.pick("（默认）", " (default)")
    }
}

impl Measure {
    /// Whether `field` still holds the default the plan did not give.
    pub fn is_assumed(&self, field: Assumed) -> bool {
        self.assumed.contains(&field)
    }

    /// Marks `field` as set by a person: it is no longer shown as a default.
    pub fn confirm(&mut self, field: Assumed) {
        self.assumed.retain(|f| *f != field);
    }

    /// `（默认）` after a value that is still a default, else nothing.
    pub fn marker(&self, field: Assumed, lang: Lang) -> &'static str {
        if self.is_assumed(field) {
            Assumed::marker(lang)
        } else {
            ""
        }
    }
}

/// How many measures still hold a default, per field: for the minutes and the quarterly
/// report ("99项举措的完成时限、报送频次为默认值，待专班确认").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssumedCounts {
    /// `(field, number of measures)`, in [`Assumed::ALL`] order, only fields with a count.
    pub fields: Vec<(Assumed, usize)>,
    /// Measures with at least one default.
    pub measures: usize,
}

impl AssumedCounts {
    /// Counts the defaults of `measures`.
    pub fn of<'a>(measures: impl IntoIterator<Item = &'a Measure>) -> AssumedCounts {
        let mut counts = [0usize; 4];
        let mut any = 0;
        for m in measures {
            if !m.assumed.is_empty() {
                any += 1;
            }
            for (i, f) in Assumed::ALL.iter().enumerate() {
                if m.is_assumed(*f) {
                    counts[i] += 1;
                }
            }
        }
        AssumedCounts {
            fields: Assumed::ALL
                .into_iter()
                .zip(counts)
                .filter(|(_, n)| *n > 0)
                .collect(),
            measures: any,
        }
    }

    /// One sentence for a report, `None` when every value was set by a person:
    /// `完成时限99项、报送频次99项为默认值（方案未载明），待专班确认。`
    pub fn sentence(&self, lang: Lang) -> Option<String> {
        if self.fields.is_empty() {
            return None;
        }
        Some(match lang {
            Lang::Zh => format!(
                "{}为默认值（方案未载明），待专班确认。",
                self.fields
                    .iter()
                    .map(|(f, n)| format!("{}{n}项", f.label(lang)))
                    .collect::<Vec<_>>()
                    .join("、")
            ),
            Lang::En => format!(
                "Defaults the plan does not give, awaiting the taskforce's confirmation: {}.",
                self.fields
                    .iter()
                    .map(|(f, n)| format!("{} of {n} measure(s)", f.label(lang)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        })
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assumed_counts_make_one_sentence_for_reports() {
        let (plan, _) =
            crate::store::load(&crate::store::BundledSource, crate::store::Reports::All);
        let plan = plan.expect("bundled plan");
        let counts = AssumedCounts::of(&plan.measures);
        assert_eq!(counts.measures, 99);
        assert_eq!(
            counts.fields,
            vec![
                (Assumed::Start, 99),
                (Assumed::Deadline, 93),
                (Assumed::Cadence, 99),
                (Assumed::Status, 99)
            ]
        );
        assert_eq!(
            counts.sentence(Lang::Zh).as_deref(),
            Some(
                "开始日期99项、完成时限93项、报送频次99项、状态99项为默认值（方案未载明），待专班确认。"
            )
        );
        let mut set = plan.measures.clone();
        for m in &mut set {
            m.assumed.clear();
        }
        assert_eq!(AssumedCounts::of(&set).sentence(Lang::Zh), None);
        set[0].assumed = vec![Assumed::Cadence];
        assert_eq!(
            AssumedCounts::of(&set).sentence(Lang::En).as_deref(),
            Some(
                "Defaults the plan does not give, awaiting the taskforce's confirmation: reporting cadence of 1 measure(s)."
            )
        );
    }
}
