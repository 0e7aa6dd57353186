//! Meetings as pure logic: the typed review diff between two plans, the minutes and the
//! quarterly report rendered to markdown, and the indicator pace and judgement rules.
//!
//! Nothing here reads files or git: the store loads the plans and the history, this module
//! compares and renders them.

pub mod diff;
pub mod markdown;
pub mod minutes;
pub mod quarterly;

pub use diff::{
    Attribution, Cause, Change, ChangeKind, Fired, Step, Touch, attribute, concurrent_edits, diff,
    light_cause, sort_changes,
};
pub use minutes::{CarriedItem, MinutesInput, carried_items, render_minutes};
pub use quarterly::{
    Judgement, Pace, QuarterlyInput, TargetSource, judge, judge_with, judge_year, judgement_text,
    render_quarterly, suggested_target, target_label, year_target,
};
