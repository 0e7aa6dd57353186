//! The 督办台账 as data: one row per measure, grouped by lead unit, with the current light and
//! why, the last report and (for a period) the report already filed. Shared by the workbook
//! and the Word table.

use chrono::NaiveDate;

use crate::meeting::minutes::{date_text, latest_report};
use crate::model::{Assessment, Lang, Light, Measure, Period, Plan, Report, meeting_kind_label};

/// One measure's row.
pub struct LedgerRow<'a> {
    pub measure: &'a Measure,
    pub assessment: Assessment,
    /// The latest report of any cycle.
    pub last: Option<&'a Report>,
    /// The report already filed for the ledger's period.
    pub filed: Option<&'a Report>,
}

/// The rows of one lead unit.
pub struct UnitRows<'a> {
    pub unit: String,
    pub rows: Vec<LedgerRow<'a>>,
}

/// The whole ledger (or one unit's part).
pub struct Ledger<'a> {
    pub plan: &'a Plan,
    /// The period to fill in; `None` for the whole plan's ledger without fill-in columns.
    pub period: Option<Period>,
    pub today: NaiveDate,
    pub units: Vec<UnitRows<'a>>,
}

impl<'a> Ledger<'a> {
    /// Builds the ledger of `plan` as of `today`, for one `unit` or all.
    pub fn build(
        plan: &'a Plan,
        period: Option<Period>,
        unit: Option<&str>,
        today: NaiveDate,
    ) -> Ledger<'a> {
        let names = plan
            .measures
            .iter()
            .map(|m| m.lead_unit.as_str())
            .filter(|u| unit.is_none_or(|x| x == *u));
        let units = super::units_in_order(plan, names)
            .into_iter()
            .map(|u| {
                let rows = plan
                    .measures
                    .iter()
                    .filter(|m| m.lead_unit == u)
                    .map(|m| LedgerRow {
                        measure: m,
                        assessment: plan.assess(m, today),
                        last: latest_report(plan, &m.id),
                        filed: period.and_then(|p| plan.report(&m.id, p)),
                    })
                    .collect();
                UnitRows { unit: u, rows }
            })
            .collect();
        Ledger {
            plan,
            period,
            today,
            units,
        }
    }

    /// Every row, unit by unit.
    pub fn rows(&self) -> impl Iterator<Item = &LedgerRow<'a>> {
        self.units.iter().flat_map(|u| u.rows.iter())
    }

    /// `督办台账（周调度 2026-W48）` or `督办台账（全部举措）`.
    pub fn title(&self, lang: Lang) -> String {
        match (self.period, lang) {
            (Some(p), Lang::Zh) => format!(
                "{} 督办台账（{} {p}）",
                self.plan.meta.taskforce,
                meeting_kind_label(p.cycle(), lang)
            ),
            (Some(p), Lang::En) => format!(
                "{}: ledger ({} {p})",
                self.plan.meta.taskforce,
                meeting_kind_label(p.cycle(), lang)
            ),
            (None, Lang::Zh) => format!("{} 督办台账（全部举措）", self.plan.meta.taskforce),
            (None, Lang::En) => format!("{}: ledger (all measures)", self.plan.meta.taskforce),
        }
    }

    /// Counts by light for a set of rows, in `Light::ALL` order.
    pub fn counts<'b>(rows: impl Iterator<Item = &'b LedgerRow<'b>>) -> Vec<(Light, usize)>
    where
        'a: 'b,
    {
        let mut counts: Vec<(Light, usize)> = Light::ALL.into_iter().map(|l| (l, 0)).collect();
        for r in rows {
            if let Some(c) = counts.iter_mut().find(|(l, _)| *l == r.assessment.light) {
                c.1 += 1;
            }
        }
        counts
    }
}

/// The reasons of the row's light, as one line.
pub fn why_text(row: &LedgerRow, lang: Lang) -> String {
    row.assessment
        .reasons
        .iter()
        .filter(|(l, _)| *l == row.assessment.light)
        .map(|(_, r)| r.describe(lang))
        .collect::<Vec<_>>()
        .join(lang.pick("；", "; "))
}

/// `月报 2026-11（2026年11月20日）：完成站点规划初稿`, a late one `月报 2026-10（2026年11月20日补报）：…`,
/// or `从未报送`.
pub fn last_report_text(report: Option<&Report>, lang: Lang) -> String {
    let Some(r) = report else {
        return lang.pick("从未报送", "never reported").to_string();
    };
    let kind = match (r.period.cycle(), lang) {
        (crate::model::Cycle::Weekly, Lang::Zh) => "周报",
        (crate::model::Cycle::Monthly, Lang::Zh) => "月报",
        (crate::model::Cycle::Quarterly, Lang::Zh) => "季报",
        (c, Lang::En) => c.key(),
    };
    let when = date_text(r.reported_on, lang);
    let when = match (r.is_late(), lang) {
        (false, _) => when,
        (true, Lang::Zh) => format!("{when}{}", crate::model::late_word(lang)),
        (true, Lang::En) => format!("{when}, {}", crate::model::late_word(lang)),
    };
    let mut t = format!("{kind} {}（{when}）", r.period);
    let mut parts = Vec::new();
    if let Some(p) = r.percent {
        parts.push(format!("{p}%"));
    }
    if !r.progress.trim().is_empty() {
        parts.push(r.progress.replace('\n', " "));
    }
    if !parts.is_empty() {
        t.push_str(lang.pick("：", ": "));
        t.push_str(&parts.join(lang.pick("，", ", ")));
    }
    t
}

/// The deadline as a cell: `2027-12-31`.
pub fn deadline_text(m: &Measure) -> String {
    m.deadline.format("%Y-%m-%d").to_string()
}
