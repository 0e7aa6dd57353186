//! Cycle reports: one file per measure per period.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Cycle, Id, Lang, Light, Period, Status};

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

    /// Whether the report came in after its period ended (补报). It still covers its own
    /// period: the light counts it there, never in the period it was filed in.
    pub fn is_late(&self) -> bool {
        is_late(self.period, self.reported_on)
    }
}

/// Whether a report for `period` that came in on `reported_on` is late (补报).
pub fn is_late(period: Period, reported_on: NaiveDate) -> bool {
    reported_on > period.last_day()
}

/// The mark of a late report: `补报` / `late`.
pub fn late_word(lang: Lang) -> &'static str {
    lang.pick("补报", "late")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(period: &str, on: &str) -> Report {
        Report {
            schema: 1,
            item: Id::parse("A3-02").expect("id"),
            period: Period::parse(period).expect("period"),
            light: None,
            status: None,
            percent: None,
            progress: String::new(),
            problems: String::new(),
            next_steps: String::new(),
            asks: String::new(),
            reported_by: "张三".into(),
            reported_on: on.parse().expect("date"),
        }
    }

    #[test]
    fn a_report_is_late_only_after_its_period_ends() {
        for (period, on, late) in [
            ("2026-10", "2026-10-31", false),
            ("2026-10", "2026-11-01", true),
            ("2026-10", "2026-10-01", false),
            ("2026-W44", "2026-11-01", false),
            ("2026-W44", "2026-11-02", true),
            ("2026-Q3", "2026-10-08", true),
            ("2026-Q4", "2026-11-20", false),
        ] {
            assert_eq!(report(period, on).is_late(), late, "{period} on {on}");
        }
        assert_eq!(late_word(Lang::Zh), "补报");
        assert_eq!(late_word(Lang::En), "late");
    }

    #[test]
    fn a_late_report_speaks_for_its_own_period() {
        let r = report("2026-10", "2026-11-20");
        assert_eq!(
            crate::model::report_order(&r).0,
            "2026-10-31".parse().unwrap()
        );
    }
}
