//! Cycle reports: one file per measure per period.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Cycle, Id, Light, Period, Status};

/// A measure's report for one weekly, monthly or quarterly period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    pub schema: u32,
    pub item: Id,
    /// The period reported on; its form gives the cycle.
    pub period: Period,
    pub light: Option<Light>,
    pub status: Option<Status>,
    /// Share of the work done, in percent, when the unit gives one.
    pub percent: Option<u8>,
    /// 进展情况.
    pub progress: String,
    /// 存在问题及困难.
    pub problems: String,
    /// 下一步工作.
    pub next_steps: String,
    /// 需协调事项.
    pub asks: String,
    pub reported_by: String,
    pub reported_on: NaiveDate,
}

impl Report {
    /// The cycle of the report.
    pub fn cycle(&self) -> Cycle {
        self.period.cycle()
    }
}
