//! The traffic light (亮灯): computed from dates, milestones, progress and report silence.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Lang, Measure, Report};

/// 绿 / 蓝 / 黄 / 红, ordered by severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Light {
    Green,
    /// Deadline near: a reminder, not a warning (宿迁).
    Blue,
    Yellow,
    Red,
}

impl Light {
    /// Every light, least severe first.
    pub const ALL: [Light; 4] = [Light::Green, Light::Blue, Light::Yellow, Light::Red];

    /// Command-line spelling.
    pub fn key(self) -> &'static str {
        match self {
            Light::Green => "green",
            Light::Blue => "blue",
            Light::Yellow => "yellow",
            Light::Red => "red",
        }
    }

    /// Parses the command-line spelling or the Chinese label.
    pub fn parse(text: &str) -> Option<Light> {
        Light::ALL
            .into_iter()
            .find(|l| l.key() == text || l.label(Lang::Zh) == text)
    }

    /// One-word display label.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Light::Green, Lang::Zh) => "绿",
            (Light::Blue, Lang::Zh) => "蓝",
            (Light::Yellow, Lang::Zh) => "黄",
            (Light::Red, Lang::Zh) => "红",
            (Light::Green, Lang::En) => "green",
            (Light::Blue, Lang::En) => "blue",
            (Light::Yellow, Lang::En) => "yellow",
            (Light::Red, Lang::En) => "red",
        }
    }
}

/// Why a light has its colour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// The office set the light by hand.
    Override(String),
    /// The measure is finished or suspended.
    Finished,
    /// The final deadline passed this many days ago (逾期未办结).
    Overdue(i64),
    /// A milestone is this many days late.
    MilestoneLate { what: String, days: i64 },
    /// Reported progress is this many percentage points behind elapsed time (序时进度).
    Behind(i64),
    /// The latest report gave this light.
    Reported(Light),
    /// Nothing reported since this date for two cycles.
    Silent(NaiveDate),
    /// The deadline is this many days away.
    DeadlineNear(i64),
    /// On schedule.
    OnTrack,
}

impl Reason {
    /// A short sentence for the detail pane.
    pub fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (Reason::Override(r), Lang::Zh) => format!("人工设定：{r}"),
            (Reason::Override(r), Lang::En) => format!("set by hand: {r}"),
            (Reason::Finished, Lang::Zh) => "已完成或暂缓".into(),
            (Reason::Finished, Lang::En) => "finished or suspended".into(),
            (Reason::Overdue(d), Lang::Zh) => format!("逾期{d}天未办结"),
            (Reason::Overdue(d), Lang::En) => format!("{d} days past the deadline"),
            (Reason::MilestoneLate { what, days }, Lang::Zh) => format!("节点“{what}”逾期{days}天"),
            (Reason::MilestoneLate { what, days }, Lang::En) => {
                format!("milestone \"{what}\" {days} days late")
            }
            (Reason::Behind(p), Lang::Zh) => format!("落后序时进度{p}个百分点"),
            (Reason::Behind(p), Lang::En) => format!("{p} points behind elapsed time"),
            (Reason::Reported(l), Lang::Zh) => format!("最近报送为{}灯", l.label(lang)),
            (Reason::Reported(l), Lang::En) => format!("latest report says {}", l.label(lang)),
            (Reason::Silent(d), Lang::Zh) => format!("自{d}起连续两期未报送"),
            (Reason::Silent(d), Lang::En) => format!("no report for two cycles since {d}"),
            (Reason::DeadlineNear(d), Lang::Zh) => format!("距完成时限{d}天"),
            (Reason::DeadlineNear(d), Lang::En) => format!("deadline in {d} days"),
            (Reason::OnTrack, Lang::Zh) => "按序时推进".into(),
            (Reason::OnTrack, Lang::En) => "on schedule".into(),
        }
    }
}

/// The computed light and every reason that contributed to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    pub light: Light,
    pub reasons: Vec<(Light, Reason)>,
}

/// Days before the deadline when an unfinished measure turns blue.
pub const BLUE_WINDOW_DAYS: i64 = 15;
/// A milestone late by more than this many days makes the light red.
pub const MILESTONE_RED_DAYS: i64 = 30;

/// Computes the light of `measure` on `today` from its reports (any cycle, any order).
///
/// Rules (DOMAIN.md §2.2): an override wins; finished work is green; a passed deadline is red;
/// a milestone late by more than a month is red and a later one yellow; progress more than 30
/// points behind elapsed time is red, 10 to 30 yellow; the latest report's own light counts;
/// a measure that has reported before but not in its last two cadence periods is yellow;
/// otherwise a deadline within 15 days is blue.
pub fn assess(measure: &Measure, reports: &[&Report], today: NaiveDate) -> Assessment {
    if let Some(o) = &measure.light_override {
        return Assessment {
            light: o.light,
            reasons: vec![(o.light, Reason::Override(o.reason.clone()))],
        };
    }
    if measure.status.is_done() || measure.status == super::Status::Suspended {
        return Assessment {
            light: Light::Green,
            reasons: vec![(Light::Green, Reason::Finished)],
        };
    }
    let mut reasons = Vec::new();
    let overdue = (today - measure.deadline).num_days();
    if overdue > 0 {
        reasons.push((Light::Red, Reason::Overdue(overdue)));
    }
    for m in measure.milestones.iter().filter(|m| m.done_on.is_none()) {
        let late = (today - m.due).num_days();
        if late > 0 {
            let light = if late > MILESTONE_RED_DAYS {
                Light::Red
            } else {
                Light::Yellow
            };
            reasons.push((
                light,
                Reason::MilestoneLate {
                    what: m.what.clone(),
                    days: late,
                },
            ));
        }
    }
    let latest = reports
        .iter()
        .max_by_key(|r| (r.reported_on, r.period.first_day()));
    if let Some(latest) = latest {
        if let Some(percent) = latest.percent {
            let behind = elapsed_percent(measure, latest.reported_on) - i64::from(percent);
            if behind > 30 {
                reasons.push((Light::Red, Reason::Behind(behind)));
            } else if behind > 10 {
                reasons.push((Light::Yellow, Reason::Behind(behind)));
            }
        }
        if let Some(light) = latest.light
            && light != Light::Green
        {
            reasons.push((light, Reason::Reported(light)));
        }
        let current = measure.cadence.period_of(today);
        let previous = current.previous();
        let recent = reports
            .iter()
            .any(|r| r.period.cycle() == measure.cadence && r.period >= previous);
        if !recent {
            reasons.push((Light::Yellow, Reason::Silent(latest.reported_on)));
        }
    }
    let left = (measure.deadline - today).num_days();
    if (0..=BLUE_WINDOW_DAYS).contains(&left) {
        reasons.push((Light::Blue, Reason::DeadlineNear(left)));
    }
    let light = reasons
        .iter()
        .map(|(l, _)| *l)
        .max()
        .unwrap_or(Light::Green);
    if reasons.is_empty() {
        reasons.push((Light::Green, Reason::OnTrack));
    }
    reasons.sort_by_key(|r| std::cmp::Reverse(r.0));
    Assessment { light, reasons }
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
    use crate::model::{Cycle, Id, LeadSource, LightOverride, Milestone, Period, Status};

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn measure() -> Measure {
        Measure {
            schema: 1,
            id: Id::parse("A3-02").unwrap(),
            action: Id::parse("A3").unwrap(),
            title: "加强基层就业服务站点规划".into(),
            source_text: String::new(),
            requirement: None,
            lead_unit: "市人社局".into(),
            lead_source: LeadSource::InferredFromAction,
            co_units: vec![],
            owner: None,
            liaison: None,
            start: day("2025-01-01"),
            deadline: day("2027-12-31"),
            milestones: vec![],
            indicators: vec![],
            status: Status::InProgress,
            light_override: None,
            cadence: Cycle::Monthly,
            tags: vec![],
            closure: None,
            assumed: Vec::new(),
        }
    }

    fn report(period: &str, on: &str, light: Option<Light>, percent: Option<u8>) -> Report {
        Report {
            schema: 1,
            item: Id::parse("A3-02").unwrap(),
            period: Period::parse(period).unwrap(),
            light,
            status: None,
            percent,
            progress: "按计划推进".into(),
            problems: String::new(),
            next_steps: String::new(),
            asks: String::new(),
            reported_by: "张三".into(),
            reported_on: day(on),
        }
    }

    #[test]
    fn green_when_on_schedule() {
        let r = report("2026-11", "2026-11-20", Some(Light::Green), Some(65));
        let a = assess(&measure(), &[&r], day("2026-11-29"));
        assert_eq!(a.light, Light::Green);
        assert_eq!(a.reasons, vec![(Light::Green, Reason::OnTrack)]);
    }

    #[test]
    fn yellow_when_a_milestone_is_a_little_late_or_progress_lags() {
        let mut m = measure();
        m.milestones.push(Milestone {
            due: day("2026-11-15"),
            what: "出台规划".into(),
            done_on: None,
        });
        let r = report("2026-11", "2026-11-20", None, Some(65));
        let a = assess(&m, &[&r], day("2026-11-29"));
        assert_eq!(a.light, Light::Yellow);
        assert_eq!(
            a.reasons[0].1,
            Reason::MilestoneLate {
                what: "出台规划".into(),
                days: 14
            }
        );

        // 2026-11-20 is day 688 of 1094 (62% elapsed); 50% done is 12 points behind.
        let r = report("2026-11", "2026-11-20", None, Some(50));
        let a = assess(&measure(), &[&r], day("2026-11-29"));
        assert_eq!(a.light, Light::Yellow);
        assert_eq!(a.reasons[0].1, Reason::Behind(12));
    }

    #[test]
    fn yellow_when_silent_for_two_cycles() {
        let r = report("2026-09", "2026-09-25", Some(Light::Green), None);
        let a = assess(&measure(), &[&r], day("2026-11-29"));
        assert_eq!(a.light, Light::Yellow);
        assert_eq!(a.reasons[0].1, Reason::Silent(day("2026-09-25")));
        // Reported last month: not silent.
        let r = report("2026-10", "2026-10-25", Some(Light::Green), None);
        assert_eq!(
            assess(&measure(), &[&r], day("2026-11-29")).light,
            Light::Green
        );
    }

    #[test]
    fn red_when_overdue_far_behind_or_milestone_a_month_late() {
        let mut m = measure();
        m.deadline = day("2026-10-31");
        let a = assess(&m, &[], day("2026-11-29"));
        assert_eq!(
            (a.light, a.reasons[0].1.clone()),
            (Light::Red, Reason::Overdue(29))
        );

        let r = report("2026-11", "2026-11-20", None, Some(20));
        let a = assess(&measure(), &[&r], day("2026-11-29"));
        assert_eq!(
            (a.light, a.reasons[0].1.clone()),
            (Light::Red, Reason::Behind(42))
        );

        let mut m = measure();
        m.milestones.push(Milestone {
            due: day("2026-09-30"),
            what: "试点".into(),
            done_on: None,
        });
        assert_eq!(assess(&m, &[], day("2026-11-29")).light, Light::Red);
        m.milestones[0].done_on = Some(day("2026-09-29"));
        assert_eq!(assess(&m, &[], day("2026-11-29")).light, Light::Green);
    }

    #[test]
    fn blue_when_deadline_is_near() {
        let mut m = measure();
        m.deadline = day("2026-12-10");
        let a = assess(&m, &[], day("2026-11-29"));
        assert_eq!(
            (a.light, a.reasons[0].1.clone()),
            (Light::Blue, Reason::DeadlineNear(11))
        );
        m.deadline = day("2026-12-31");
        assert_eq!(assess(&m, &[], day("2026-11-29")).light, Light::Green);
        m.status = Status::DoneAwaitingClose;
        m.deadline = day("2026-12-10");
        assert_eq!(assess(&m, &[], day("2026-11-29")).light, Light::Green);
    }

    #[test]
    fn override_wins_and_carries_its_reason() {
        let mut m = measure();
        m.deadline = day("2026-10-31");
        m.light_override = Some(LightOverride {
            light: Light::Yellow,
            reason: "已报市政府同意延期".into(),
            set_on: day("2026-11-01"),
        });
        let a = assess(&m, &[], day("2026-11-29"));
        assert_eq!(a.light, Light::Yellow);
        assert_eq!(
            a.reasons,
            vec![(Light::Yellow, Reason::Override("已报市政府同意延期".into()))]
        );
    }

    #[test]
    fn reported_light_counts() {
        let r = report("2026-11", "2026-11-20", Some(Light::Red), None);
        let a = assess(&measure(), &[&r], day("2026-11-29"));
        assert_eq!(a.light, Light::Red);
        assert_eq!(a.reasons[0].1, Reason::Reported(Light::Red));
    }
}
