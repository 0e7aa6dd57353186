//! The traffic light (亮灯): a pure function of a measure, its whole reporting history, the
//! meetings held and a date (DOMAIN.md §2.2 and §2.3).
//!
//! The rules, each of which gives one reason when it fires; the light is the worst of them:
//!
//! * an override set by the office wins, with its reason;
//! * finished (已完成待销号, 已销号) or suspended work is green;
//! * the final deadline passed → red (逾期未办结);
//! * an open milestone late by more than one month → red, by less → yellow (节点滞后);
//! * the latest reported percent more than 30 points behind elapsed time (序时进度) → red,
//!   more than 10 → yellow;
//! * the latest reported light counts (a reported red stays red until a later report carries
//!   another light);
//! * two or more *complete* periods of the measure's cadence without a report → yellow; the
//!   period in progress never counts, and a report in a finer cycle counts for every coarser
//!   period it falls in;
//! * never reported, once the first period of the cadence is complete → 未报 (its own state);
//! * yellow at the last two meetings of one kind, and still yellow → red;
//! * the deadline within 15 days → blue.
//!
//! Time-driven rules are evaluated at the date asked about; only reports filed by then count.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{Cycle, Lang, Measure, Period, Report, Status};

/// 绿 / 蓝 / 未报 / 黄 / 红, ordered by severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Light {
    Green,
    /// Deadline near: a reminder, not a warning (宿迁).
    Blue,
    /// Never reported although a reporting period is over (未报): a grey mark, never green.
    /// Computed only: a unit cannot report it and the office cannot set it.
    Unreported,
    Yellow,
    Red,
}

impl Light {
    /// Every light, least severe first.
    pub const ALL: [Light; 5] = [
        Light::Green,
        Light::Blue,
        Light::Unreported,
        Light::Yellow,
        Light::Red,
    ];

    /// The lights a unit can report or the office can set.
    pub const REPORTABLE: [Light; 4] = [Light::Green, Light::Blue, Light::Yellow, Light::Red];

    /// Command-line spelling.
    pub fn key(self) -> &'static str {
        match self {
            Light::Green => "green",
            Light::Blue => "blue",
            Light::Unreported => "unreported",
            Light::Yellow => "yellow",
            Light::Red => "red",
        }
    }

    /// Parses the command-line spelling or the Chinese label of a reportable light.
    pub fn parse(text: &str) -> Option<Light> {
        Light::REPORTABLE
            .into_iter()
            .find(|l| l.key() == text || l.label(Lang::Zh) == text)
    }

    /// Whether a unit can report this light (未报 is computed only).
    pub fn is_reportable(self) -> bool {
        self != Light::Unreported
    }

    /// One-word display label.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Light::Green, Lang::Zh) => "绿",
            (Light::Blue, Lang::Zh) => "蓝",
            (Light::Unreported, Lang::Zh) => "未报",
            (Light::Yellow, Lang::Zh) => "黄",
            (Light::Red, Lang::Zh) => "红",
            (Light::Green, Lang::En) => "green",
            (Light::Blue, Lang::En) => "blue",
            (Light::Unreported, Lang::En) => "unreported",
            (Light::Yellow, Lang::En) => "yellow",
            (Light::Red, Lang::En) => "red",
        }
    }

    /// The label with its light word: `红灯`, `未报`; English as `label`.
    pub fn label_long(self, lang: Lang) -> String {
        match (self, lang) {
            (Light::Unreported, _) | (_, Lang::En) => self.label(lang).to_string(),
            (_, Lang::Zh) => format!("{}灯", self.label(lang)),
        }
    }
}

/// Label of a unit's report of one cycle: 周报, 月报, 季报.
pub fn report_kind_label(cycle: Cycle, lang: Lang) -> &'static str {
    match (cycle, lang) {
        (Cycle::Weekly, Lang::Zh) => "周报",
        (Cycle::Monthly, Lang::Zh) => "月报",
        (Cycle::Quarterly, Lang::Zh) => "季报",
        (Cycle::Weekly, Lang::En) => "weekly report",
        (Cycle::Monthly, Lang::En) => "monthly report",
        (Cycle::Quarterly, Lang::En) => "quarterly report",
    }
}

/// Which rule gave a reason; the cause of a time-driven light change names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    Override,
    Finished,
    Overdue,
    MilestoneLate,
    Behind,
    Reported,
    Silent,
    NeverReported,
    YellowAtMeetings,
    DeadlineNear,
    OnTrack,
}

impl Rule {
    /// Whether the rule depends on the date alone (it can fire with no commit).
    pub fn is_time_driven(self) -> bool {
        matches!(
            self,
            Rule::Overdue
                | Rule::MilestoneLate
                | Rule::Behind
                | Rule::Silent
                | Rule::NeverReported
                | Rule::YellowAtMeetings
                | Rule::DeadlineNear
        )
    }

    /// The rule's short name, as the review names a time-driven cause.
    pub fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Rule::Override => ("人工设定", "set by hand"),
            Rule::Finished => ("已完成", "finished"),
            Rule::Overdue => ("逾期", "deadline passed"),
            Rule::MilestoneLate => ("节点滞后", "milestone late"),
            Rule::Behind => ("落后序时", "behind elapsed time"),
            Rule::Reported => ("报送亮灯", "reported light"),
            Rule::Silent => ("连续未报", "reports missing"),
            Rule::NeverReported => ("从未报送", "never reported"),
            Rule::YellowAtMeetings => ("连续两次会议黄灯", "yellow at two meetings"),
            Rule::DeadlineNear => ("临近时限", "deadline near"),
            Rule::OnTrack => ("按序时推进", "on schedule"),
        };
        lang.pick(zh, en)
    }
}

/// Why a light has its colour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// The office set the light by hand.
    Override(String),
    /// The measure is finished or suspended.
    Finished(Status),
    /// The final deadline passed this many days ago (逾期未办结).
    Overdue { deadline: NaiveDate, days: i64 },
    /// A milestone is this many days late.
    MilestoneLate {
        what: String,
        due: NaiveDate,
        days: i64,
    },
    /// The latest reported percent is this many points behind elapsed time (序时进度).
    Behind {
        points: i64,
        percent: u8,
        period: Period,
    },
    /// The latest report that carries a light gave this one.
    Reported { light: Light, period: Period },
    /// Complete periods of the cadence passed without a report.
    Silent {
        /// The period of the latest report.
        last: Period,
        /// The first and last complete period without a report, and how many there are.
        from: Period,
        to: Period,
        missed: u32,
    },
    /// Nothing ever reported although the first period of the cadence (this one) is over.
    NeverReported { first: Period },
    /// Yellow at the last two meetings of this kind, on these dates.
    YellowAtMeetings { kind: Cycle, dates: [NaiveDate; 2] },
    /// The deadline is this many days away.
    DeadlineNear(i64),
    /// Nothing is wrong: on schedule as far as the reports show.
    OnTrack,
    /// Nothing reported yet and the first period of the cadence is still open.
    FirstPeriodOpen(Period),
}

impl Reason {
    /// The rule that gave this reason.
    pub fn rule(&self) -> Rule {
        match self {
            Reason::Override(_) => Rule::Override,
            Reason::Finished(_) => Rule::Finished,
            Reason::Overdue { .. } => Rule::Overdue,
            Reason::MilestoneLate { .. } => Rule::MilestoneLate,
            Reason::Behind { .. } => Rule::Behind,
            Reason::Reported { .. } => Rule::Reported,
            Reason::Silent { .. } => Rule::Silent,
            Reason::NeverReported { .. } => Rule::NeverReported,
            Reason::YellowAtMeetings { .. } => Rule::YellowAtMeetings,
            Reason::DeadlineNear(_) => Rule::DeadlineNear,
            Reason::OnTrack | Reason::FirstPeriodOpen(_) => Rule::OnTrack,
        }
    }

    /// A short sentence for the detail pane, the CLI and the minutes.
    pub fn describe(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            Reason::Override(r) if zh => format!("人工设定：{r}"),
            Reason::Override(r) => format!("set by hand: {r}"),
            Reason::Finished(s) if zh => s.label(lang).to_string(),
            Reason::Finished(s) => s.label(lang).to_string(),
            Reason::Overdue { deadline, days } if zh => {
                format!("逾期{days}天未办结（时限{deadline}）")
            }
            Reason::Overdue { deadline, days } => {
                format!("{days} days past the deadline {deadline}")
            }
            Reason::MilestoneLate { what, due, days } if zh => {
                format!("节点“{what}”逾期{days}天（应于{due}完成）")
            }
            Reason::MilestoneLate { what, due, days } => {
                format!("milestone \"{what}\" {days} days late (due {due})")
            }
            Reason::Behind {
                points,
                percent,
                period,
            } if zh => format!(
                "落后序时进度{points}个百分点（{} {period}报完成{percent}%）",
                report_kind_label(period.cycle(), lang)
            ),
            Reason::Behind {
                points,
                percent,
                period,
            } => format!(
                "{points} points behind elapsed time ({percent}% in the {} {period})",
                report_kind_label(period.cycle(), lang)
            ),
            Reason::Reported { light, period } if zh => format!(
                "{} {period}报{}",
                report_kind_label(period.cycle(), lang),
                light.label_long(lang)
            ),
            Reason::Reported { light, period } => format!(
                "the {} {period} says {}",
                report_kind_label(period.cycle(), lang),
                light.label(lang)
            ),
            Reason::Silent {
                last,
                from,
                to,
                missed,
            } if zh => {
                let span = if from == to {
                    from.to_string()
                } else {
                    format!("{from}至{to}")
                };
                format!(
                    "连续{missed}期未报送（{span}），最近报送：{} {last}",
                    report_kind_label(last.cycle(), lang)
                )
            }
            Reason::Silent {
                last,
                from,
                to,
                missed,
            } => {
                let span = if from == to {
                    from.to_string()
                } else {
                    format!("{from} to {to}")
                };
                format!(
                    "no report for {missed} periods ({span}); last report: {} {last}",
                    report_kind_label(last.cycle(), lang)
                )
            }
            Reason::NeverReported { first } if zh => format!("从未报送（首期{first}已结束）"),
            Reason::NeverReported { first } => {
                format!("never reported (the first period {first} is over)")
            }
            Reason::YellowAtMeetings { kind, dates } if zh => format!(
                "连续两次{}黄灯（{}、{}）",
                super::meeting_kind_label(*kind, lang),
                dates[0],
                dates[1]
            ),
            Reason::YellowAtMeetings { kind, dates } => format!(
                "yellow at two {}s in a row ({}, {})",
                super::meeting_kind_label(*kind, lang),
                dates[0],
                dates[1]
            ),
            Reason::DeadlineNear(d) if zh => format!("距完成时限{d}天"),
            Reason::DeadlineNear(d) => format!("deadline in {d} days"),
            Reason::OnTrack if zh => "按序时推进".into(),
            Reason::OnTrack => "on schedule".into(),
            Reason::FirstPeriodOpen(p) if zh => format!("首期{p}尚未结束，暂无报送"),
            Reason::FirstPeriodOpen(p) => format!("no report yet; the first period {p} is open"),
        }
    }
}

/// The computed light and every reason that contributed to it, worst first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    pub light: Light,
    pub reasons: Vec<(Light, Reason)>,
}

impl Assessment {
    /// The reasons in one line, the worst first: `逾期29天未办结（…）；周报 2026-W45报红灯`.
    pub fn describe(&self, lang: Lang) -> String {
        let sep = lang.pick("；", "; ");
        self.reasons
            .iter()
            .map(|(_, r)| r.describe(lang))
            .collect::<Vec<_>>()
            .join(sep)
    }

    /// The reasons that made the light what it is (those of the worst light).
    pub fn main_reasons(&self) -> impl Iterator<Item = &Reason> {
        self.reasons
            .iter()
            .filter(|(l, _)| *l == self.light)
            .map(|(_, r)| r)
    }
}

/// The light a front end shows before and after a report: the computed light with the
/// reasons that made it, beside the light the unit reported when there is one:
/// `报送：黄 · 计算：红（落后序时进度33个百分点（月报 2026-12报完成30%））`.
pub fn verdict(reported: Option<Light>, a: &Assessment, lang: Lang) -> String {
    let reasons = a
        .main_reasons()
        .map(|r| r.describe(lang))
        .collect::<Vec<_>>()
        .join(lang.pick("；", "; "));
    let computed = match lang {
        Lang::Zh => format!("计算：{}（{reasons}）", a.light.label(lang)),
        Lang::En => format!("computed: {} ({reasons})", a.light.label(lang)),
    };
    match reported {
        Some(l) => match lang {
            Lang::Zh => format!("报送：{} · {computed}", l.label(lang)),
            Lang::En => format!("reported: {} · {computed}", l.label(lang)),
        },
        None => computed,
    }
}

/// A meeting held on a date: the input of the "yellow at two meetings in a row" rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeetingDay {
    pub kind: Cycle,
    pub date: NaiveDate,
}

/// Days before the deadline when an unfinished measure turns blue.
pub const BLUE_WINDOW_DAYS: i64 = 15;
/// Points behind elapsed time beyond which the light is yellow, and red.
pub const BEHIND_YELLOW: i64 = 10;
pub const BEHIND_RED: i64 = 30;
/// Complete silent periods that make the light yellow.
pub const SILENT_PERIODS: u32 = 2;

/// The day up to which a report speaks: its filing date, kept within its period.
pub fn covered_day(r: &Report) -> NaiveDate {
    r.reported_on
        .clamp(r.period.first_day(), r.period.last_day())
}

/// The order of reports for "the latest report that carries …": by the day they speak for,
/// then by filing date (a late report for an earlier period does not replace a newer one).
pub fn report_order(r: &Report) -> (NaiveDate, NaiveDate, std::cmp::Reverse<Cycle>) {
    (covered_day(r), r.reported_on, std::cmp::Reverse(r.cycle()))
}

/// Computes the light of `measure` on `date` from its reports (any cycle, any order; those
/// filed after `date` are ignored) and the meetings held (any kind, any order).
pub fn assess(
    measure: &Measure,
    reports: &[&Report],
    meetings: &[MeetingDay],
    date: NaiveDate,
) -> Assessment {
    let mut a = assess_base(measure, reports, date);
    if a.light != Light::Yellow {
        return a;
    }
    for kind in Cycle::ALL {
        let mut held: Vec<NaiveDate> = meetings
            .iter()
            .filter(|m| m.kind == kind && m.date <= date)
            .map(|m| m.date)
            .collect();
        held.sort();
        held.dedup();
        if let [.., first, second] = held[..]
            && assess_base(measure, reports, first).light == Light::Yellow
            && assess_base(measure, reports, second).light == Light::Yellow
        {
            a.reasons.push((
                Light::Red,
                Reason::YellowAtMeetings {
                    kind,
                    dates: [first, second],
                },
            ));
        }
    }
    finish(a.reasons)
}

fn finish(mut reasons: Vec<(Light, Reason)>) -> Assessment {
    let light = reasons
        .iter()
        .map(|(l, _)| *l)
        .max()
        .unwrap_or(Light::Green);
    if reasons.is_empty() {
        reasons.push((Light::Green, Reason::OnTrack));
    }
    // Stable: within one light, the rules keep the order they were checked in.
    reasons.sort_by_key(|r| std::cmp::Reverse(r.0));
    Assessment { light, reasons }
}

/// Every rule but the meeting rule.
fn assess_base(measure: &Measure, reports: &[&Report], date: NaiveDate) -> Assessment {
    if let Some(o) = &measure.light_override {
        return Assessment {
            light: o.light,
            reasons: vec![(o.light, Reason::Override(o.reason.clone()))],
        };
    }
    if measure.status.is_done() || measure.status == Status::Suspended {
        return Assessment {
            light: Light::Green,
            reasons: vec![(Light::Green, Reason::Finished(measure.status))],
        };
    }
    let mut reports: Vec<&Report> = reports
        .iter()
        .copied()
        .filter(|r| r.reported_on <= date)
        .collect();
    reports.sort_by_key(|r| report_order(r));

    let mut reasons = Vec::new();
    let overdue = (date - measure.deadline).num_days();
    if overdue > 0 {
        reasons.push((
            Light::Red,
            Reason::Overdue {
                deadline: measure.deadline,
                days: overdue,
            },
        ));
    }
    for m in measure.milestones.iter().filter(|m| m.done_on.is_none()) {
        let late = (date - m.due).num_days();
        if late > 0 {
            let month_late = m.due.checked_add_months(Months::new(1)).unwrap_or(m.due);
            let light = if date > month_late {
                Light::Red
            } else {
                Light::Yellow
            };
            reasons.push((
                light,
                Reason::MilestoneLate {
                    what: m.what.clone(),
                    due: m.due,
                    days: late,
                },
            ));
        }
    }
    if let Some(r) = reports.iter().rev().find(|r| r.percent.is_some()) {
        let percent = r.percent.unwrap_or(0);
        let points = elapsed_percent(measure, date) - i64::from(percent);
        let light = if points > BEHIND_RED {
            Some(Light::Red)
        } else if points > BEHIND_YELLOW {
            Some(Light::Yellow)
        } else {
            None
        };
        if let Some(light) = light {
            reasons.push((
                light,
                Reason::Behind {
                    points,
                    percent,
                    period: r.period,
                },
            ));
        }
    }
    if let Some(r) = reports.iter().rev().find(|r| r.light.is_some())
        && let Some(light) = r.light
        && light != Light::Green
    {
        reasons.push((
            light,
            Reason::Reported {
                light,
                period: r.period,
            },
        ));
    }
    if let Some(reason) = silence(measure, &reports, date) {
        let light = match reason {
            Reason::NeverReported { .. } => Light::Unreported,
            Reason::Silent { .. } => Light::Yellow,
            _ => Light::Green,
        };
        reasons.push((light, reason));
    }
    let left = (measure.deadline - date).num_days();
    if (0..=BLUE_WINDOW_DAYS).contains(&left) {
        reasons.push((Light::Blue, Reason::DeadlineNear(left)));
    }
    finish(reasons)
}

/// The silence rule: `Silent` after two complete periods without a report, `NeverReported`
/// once the first period is complete, `FirstPeriodOpen` before; `None` when reporting is
/// up to date. `reports` are those filed by `date`, in report order.
fn silence(measure: &Measure, reports: &[&Report], date: NaiveDate) -> Option<Reason> {
    let cadence = measure.cadence;
    let current = cadence.period_of(date);
    let Some(latest) = reports.iter().max_by_key(|r| covered_day(r)) else {
        if date < measure.start {
            return None;
        }
        let first = cadence.period_of(measure.start);
        return Some(if first < current {
            Reason::NeverReported { first }
        } else {
            Reason::FirstPeriodOpen(first)
        });
    };
    let reported = cadence.period_of(covered_day(latest));
    // Complete periods after the last reported one; the period in progress never counts.
    // Counted from the periods' positions in their cycle, not stepped through one by one.
    let missed = u32::try_from(ordinal(current) - ordinal(reported) - 1).unwrap_or(0);
    (missed >= SILENT_PERIODS).then(|| Reason::Silent {
        last: latest.period,
        from: reported.next(),
        to: current.previous(),
        missed,
    })
}

/// The position of a period in its cycle: consecutive periods of one cycle are one apart.
fn ordinal(p: Period) -> i64 {
    match p {
        // Weeks start on Mondays, seven days apart.
        Period::Week(..) => i64::from(p.first_day().num_days_from_ce()).div_euclid(7),
        Period::Month(y, m) => i64::from(y) * 12 + i64::from(m),
        Period::Quarter(y, q) => i64::from(y) * 4 + i64::from(q),
    }
}

/// 序时进度: the share of the measure's time span elapsed on `date`, in percent (0 to 100).
pub fn elapsed_percent(measure: &Measure, date: NaiveDate) -> i64 {
    let total = (measure.deadline - measure.start).num_days().max(1);
    let done = (date - measure.start).num_days().clamp(0, total);
    done * 100 / total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consecutive_periods_are_one_apart() {
        let mut day = NaiveDate::from_ymd_opt(2019, 12, 20).unwrap();
        while day < NaiveDate::from_ymd_opt(2028, 1, 10).unwrap() {
            for cycle in Cycle::ALL {
                let p = cycle.period_of(day);
                assert_eq!(ordinal(p.next()), ordinal(p) + 1, "{p}");
                assert_eq!(ordinal(p.previous()), ordinal(p) - 1, "{p}");
            }
            day = day.succ_opt().unwrap();
        }
    }

    #[test]
    fn light_words() {
        assert_eq!(Light::parse("红"), Some(Light::Red));
        assert_eq!(Light::parse("unreported"), None);
        assert_eq!(Light::parse("未报"), None);
        assert_eq!(Light::Red.label_long(Lang::Zh), "红灯");
        assert_eq!(Light::Unreported.label_long(Lang::Zh), "未报");
        assert!(Light::Unreported > Light::Blue && Light::Unreported < Light::Yellow);
    }
}
