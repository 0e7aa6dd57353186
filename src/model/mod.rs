//! The pure domain model: plan objects, periods, lights. No IO, no git, no terminal.

mod id;
mod indicator;
mod ledger;
mod light;
mod meeting;
mod period;
mod plan;
mod report;

pub use id::{Id, IdError};
pub use indicator::{Direction, Indicator, IndicatorKind, Observation, Parsed, Printed, SetTarget};
pub use ledger::{LightCounts, Plan, natural_key};
pub use light::{
    Assessment, BLUE_WINDOW_DAYS, Light, MeetingDay, Reason, Rule, assess, elapsed_percent,
    report_kind_label, report_order, verdict,
};
pub use meeting::{
    ActionItem, Attendee, ItemStatus, Landmark, Meeting, MeetingNote, NoteKind, SignOff,
    meeting_kind_label,
};
pub use period::{Cycle, Period, PeriodError};
pub use plan::{
    Action, Assumed, AssumedCounts, Closure, LeadSource, LightOverride, Measure, Milestone, Person,
    PlanMeta, Roster, SCHEMA, Status, Unit, UnitKind,
};
pub use report::{Report, is_late, late_word};

/// Language of labels, the TUI and the minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// Picks one of two texts.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}
