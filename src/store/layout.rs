//! Where each object lives in a plan repository; every path is built from validated ids.

use crate::model::{Cycle, Id, Period};

pub const PLAN: &str = "plan.ron";
pub const UNITS: &str = "units.ron";
pub const ACTIONS: &str = "actions";
pub const MEASURES: &str = "measures";
pub const INDICATORS: &str = "indicators";
pub const OBSERVATIONS: &str = "observations";
pub const TARGETS: &str = "targets";
pub const LANDMARKS: &str = "landmarks";
pub const MEETINGS: &str = "meetings";
pub const ITEMS: &str = "items";
pub const STATUS: &str = "status";
pub const MINUTES: &str = "minutes";

/// `actions/A3.ron`.
pub fn action(id: &Id) -> String {
    format!("{ACTIONS}/{id}.ron")
}

/// `measures/A3/A3-02.ron`: sharded by action so no folder grows large.
pub fn measure(id: &Id) -> String {
    format!("{MEASURES}/{}/{id}.ron", id.action_prefix())
}

/// `indicators/I08.ron`.
pub fn indicator(id: &Id) -> String {
    format!("{INDICATORS}/{id}.ron")
}

/// `observations/I08/2026-Q3.ron`.
pub fn observation(indicator: &Id, period: Period) -> String {
    format!("{OBSERVATIONS}/{indicator}/{period}.ron")
}

/// `status/weekly/2026-W48/A3/A3-02.ron`.
pub fn report(item: &Id, period: Period) -> String {
    format!("{}/{}", period_dir(period), report_in_period(item))
}

/// `status/weekly/2026-W48`.
pub fn period_dir(period: Period) -> String {
    format!("{STATUS}/{}/{period}", period.cycle().key())
}

/// `A3/A3-02.ron`, relative to a period folder.
pub fn report_in_period(item: &Id) -> String {
    format!("{}/{item}.ron", item.action_prefix())
}

/// `status/weekly`.
pub fn cycle_dir(cycle: Cycle) -> String {
    format!("{STATUS}/{}", cycle.key())
}

/// `landmarks/2026/L2026-03.ron`.
pub fn landmark(id: &Id, year: i32) -> String {
    format!("{LANDMARKS}/{year}/{id}.ron")
}

/// `meetings/monthly/M2026-11.ron`.
pub fn meeting(id: &Id, kind: Cycle) -> String {
    format!("{MEETINGS}/{}/{id}.ron", kind.key())
}

/// `items/M2026-11/D2026-11-03.ron`.
pub fn item(id: &Id, meeting: &Id) -> String {
    format!("{ITEMS}/{meeting}/{id}.ron")
}

/// `minutes/M2026-11.md`.
pub fn minutes(meeting: &Id) -> String {
    format!("{MINUTES}/{meeting}.md")
}

/// `targets/I08/2026.ron`: a target the taskforce set for a year.
pub fn target(indicator: &Id, year: i32) -> String {
    format!("{TARGETS}/{indicator}/{year}.ron")
}

/// Whether `path` is where a plan file lives (the known folders and file kinds): what
/// `taskforce commit` may record. Anything else (`.env`, a binary, a temp folder) is not.
pub fn is_plan_file(path: &str) -> bool {
    let parts: Vec<&str> = path.split('/').collect();
    let ron = |name: &str| name.len() > 4 && name.ends_with(".ron") && !name.starts_with('.');
    match parts.as_slice() {
        [PLAN] | [UNITS] | [".gitattributes"] => true,
        [ACTIONS | INDICATORS, f] => ron(f),
        [
            MEASURES | OBSERVATIONS | TARGETS | LANDMARKS | MEETINGS | ITEMS,
            d,
            f,
        ] => !d.starts_with('.') && ron(f),
        [STATUS, c, p, a, f] => [c, p, a].iter().all(|d| !d.starts_with('.')) && ron(f),
        [MINUTES, f] => f.len() > 3 && f.ends_with(".md") && !f.starts_with('.'),
        _ => false,
    }
}
