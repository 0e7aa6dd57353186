//! The light as a pure function of a measure's whole reporting history and a date: dated
//! scenarios written from DOMAIN.md §2.2–2.3 and checked by hand against a calendar, not taken
//! from the code's output.
//!
//! Unless a scenario says otherwise the measure starts 2025-01-01, ends 2027-12-31 (1,094 days),
//! reports monthly and is 推进中. Elapsed time (序时进度) on 2026-12-01 is 699/1094 = 63 %.

use chrono::NaiveDate;
use taskforce::model::{
    Cycle, Lang, Light, Measure, MeetingDay, Period, Report, Rule, Status, assess,
};

fn day(s: &str) -> NaiveDate {
    s.parse().expect(s)
}

/// One dated scenario.
struct Scenario {
    name: &'static str,
    cadence: &'static str,
    start: &'static str,
    deadline: &'static str,
    status: &'static str,
    /// (due, what, done on)
    milestones: &'static [(&'static str, &'static str, Option<&'static str>)],
    /// (light, reason)
    over: Option<(&'static str, &'static str)>,
    /// (period, filed on, light, percent)
    reports: &'static [(&'static str, &'static str, Option<&'static str>, Option<u8>)],
    /// (kind, date)
    meetings: &'static [(&'static str, &'static str)],
    date: &'static str,
    light: Light,
    /// The rules that fired, worst first.
    rules: &'static [Rule],
    /// The text of the first reason, when the scenario pins it (Chinese).
    text: Option<&'static str>,
}

const BASE: Scenario = Scenario {
    name: "",
    cadence: "Monthly",
    start: "2025-01-01",
    deadline: "2027-12-31",
    status: "InProgress",
    milestones: &[],
    over: None,
    reports: &[],
    meetings: &[],
    date: "2026-12-01",
    light: Light::Green,
    rules: &[Rule::OnTrack],
    text: None,
};

fn measure(s: &Scenario) -> Measure {
    let milestones: Vec<String> = s
        .milestones
        .iter()
        .map(|(due, what, done)| {
            format!(
                "(due: {due:?}, what: {what:?}, done_on: {})",
                done.map_or("None".to_string(), |d| format!("Some({d:?})"))
            )
        })
        .collect();
    let over = s.over.map_or("None".to_string(), |(l, r)| {
        format!("Some((light: {l}, reason: {r:?}, set_on: \"2026-11-01\"))")
    });
    let closure = if s.status == "Closed" {
        r#"Some((date: "2026-11-30", approved_by: "王主任", basis: "验收通过"))"#
    } else {
        "None"
    };
    let text = format!(
        r#"(schema: 1, id: "A3-02", action: "A3", title: "加强基层就业服务站点规划", source_text: "",
        requirement: None, lead_unit: "市人社局", lead_source: Plan, co_units: [], owner: None,
        liaison: None, start: {start:?}, deadline: {deadline:?}, milestones: [{ms}], indicators: [],
        status: {status}, light_override: {over}, cadence: {cadence}, tags: [], closure: {closure})"#,
        start = s.start,
        deadline = s.deadline,
        ms = milestones.join(", "),
        status = s.status,
        cadence = s.cadence,
    );
    ron::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}\n{text}", s.name))
}

fn reports(s: &Scenario) -> Vec<Report> {
    s.reports
        .iter()
        .map(|(period, on, light, pct)| Report {
            schema: 1,
            item: taskforce::model::Id::parse("A3-02").unwrap(),
            period: Period::parse(period).unwrap(),
            light: light.map(|l| Light::parse(l).unwrap()),
            status: None,
            percent: *pct,
            progress: "推进中".into(),
            problems: String::new(),
            next_steps: String::new(),
            asks: String::new(),
            reported_by: "张三".into(),
            reported_on: day(on),
        })
        .collect()
}

fn meetings(s: &Scenario) -> Vec<MeetingDay> {
    s.meetings
        .iter()
        .map(|(kind, date)| MeetingDay {
            kind: Cycle::parse(kind).unwrap(),
            date: day(date),
        })
        .collect()
}

macro_rules! scenarios {
    ($($name:literal => { $($field:ident : $value:expr),* $(,)? })*) => {
        vec![$(Scenario { name: $name, $($field: $value,)* ..BASE }),*]
    };
}

fn table() -> Vec<Scenario> {
    use Light::*;
    use Rule::*;
    scenarios! {
        // --- silence counts complete periods of the cadence after the last reported period
        "weekly report on a monthly measure, the day it is filed (was 绿→黄)" => {
            reports: &[("2026-W48", "2026-12-01", Some("green"), None)],
            light: Green, rules: &[OnTrack]
        }
        "October report on 12-01: November is the only complete silent month" => {
            reports: &[("2026-10", "2026-10-28", Some("green"), None)],
            light: Green, rules: &[OnTrack]
        }
        "October report on 11-30: nothing complete yet" => {
            reports: &[("2026-10", "2026-10-28", None, None)],
            date: "2026-11-30", light: Green, rules: &[OnTrack]
        }
        "October report on 2027-01-01: November and December missed" => {
            reports: &[("2026-10", "2026-10-28", Some("green"), None)],
            date: "2027-01-01", light: Yellow, rules: &[Silent],
            text: Some("连续2期未报送（2026-11至2026-12），最近报送：月报 2026-10")
        }
        "late report for September filed 11-25: silence dated by the period reported" => {
            reports: &[("2026-09", "2026-11-25", None, None)],
            light: Yellow, rules: &[Silent],
            text: Some("连续2期未报送（2026-10至2026-11），最近报送：月报 2026-09")
        }
        "quarterly measure, Q2 report, on 12-01: only Q3 is complete" => {
            cadence: "Quarterly",
            reports: &[("2026-Q2", "2026-06-28", None, None)],
            light: Green, rules: &[OnTrack]
        }
        "quarterly measure, Q2 report, on 2027-01-01: Q3 and Q4 missed" => {
            cadence: "Quarterly",
            reports: &[("2026-Q2", "2026-06-28", None, None)],
            date: "2027-01-01", light: Yellow, rules: &[Silent],
            text: Some("连续2期未报送（2026-Q3至2026-Q4），最近报送：季报 2026-Q2")
        }
        "quarterly measure: an August 月报 counts for Q3" => {
            cadence: "Quarterly",
            reports: &[("2026-08", "2026-08-28", None, None)],
            date: "2027-01-02", light: Green, rules: &[OnTrack]
        }
        "quarterly measure: an August 月报, on 2027-04-01 Q4 and Q1 are missed" => {
            cadence: "Quarterly",
            reports: &[("2026-08", "2026-08-28", None, None)],
            date: "2027-04-01", light: Yellow, rules: &[Silent]
        }
        "weekly measure: W46 report, on Tue 12-01 (W49) W47 and W48 are missed" => {
            cadence: "Weekly",
            reports: &[("2026-W46", "2026-11-13", None, None)],
            light: Yellow, rules: &[Silent],
            text: Some("连续2期未报送（2026-W47至2026-W48），最近报送：周报 2026-W46")
        }
        "weekly measure: W47 report, on 12-01 only W48 is missed" => {
            cadence: "Weekly",
            reports: &[("2026-W47", "2026-11-20", None, None)],
            light: Green, rules: &[OnTrack]
        }
        "weekly measure: a 月报 filed Mon 11-30 speaks for W49" => {
            cadence: "Weekly",
            reports: &[("2026-11", "2026-11-30", None, None)],
            date: "2026-12-13", light: Green, rules: &[OnTrack]
        }
        "weekly measure: a 月报 filed Fri 11-27 speaks for W48; on Mon 12-14 W49, W50 missed" => {
            cadence: "Weekly",
            reports: &[("2026-11", "2026-11-27", None, None)],
            date: "2026-12-14", light: Yellow, rules: &[Silent]
        }
        "weekly measure across the ISO year: W52 report, on 2027-01-05 only W53 is missed" => {
            cadence: "Weekly",
            reports: &[("2026-W52", "2026-12-24", None, None)],
            date: "2027-01-05", light: Green, rules: &[OnTrack]
        }
        "weekly measure across the ISO year: on 2027-01-11 W53 and 2027-W01 missed" => {
            cadence: "Weekly",
            reports: &[("2026-W52", "2026-12-24", None, None)],
            date: "2027-01-11", light: Yellow, rules: &[Silent]
        }
        "a week spanning two months counts for the month of its last reported day" => {
            reports: &[("2026-W44", "2026-11-02", None, None)],
            date: "2027-01-01", light: Green, rules: &[OnTrack]
        }
        // --- never reported: 未报, its own state
        "never reported, bundled defaults (was 绿 按序时推进)" => {
            light: Unreported, rules: &[NeverReported],
            text: Some("从未报送（首期2025-01已结束）")
        }
        "never reported, started this month: the first period is open" => {
            start: "2026-12-01", date: "2026-12-15", light: Green, rules: &[OnTrack],
            text: Some("首期2026-12尚未结束，暂无报送")
        }
        "never reported, started 11-10: November is over on 12-01" => {
            start: "2026-11-10", light: Unreported, rules: &[NeverReported]
        }
        "weekly measure started Mon 11-30, never reported, on Sun 12-06: first week open" => {
            cadence: "Weekly", start: "2026-11-30", date: "2026-12-06",
            light: Green, rules: &[OnTrack]
        }
        "weekly measure started Mon 11-30, never reported, on Mon 12-07" => {
            cadence: "Weekly", start: "2026-11-30", date: "2026-12-07",
            light: Unreported, rules: &[NeverReported]
        }
        "not started yet: no rule about reports" => {
            start: "2027-01-01", light: Green, rules: &[OnTrack]
        }
        "never reported and overdue: red, and 未报 still named" => {
            deadline: "2026-10-31", light: Red, rules: &[Overdue, NeverReported],
            text: Some("逾期31天未办结（时限2026-10-31）")
        }
        "never reported with the deadline in 10 days: 未报 is worse than blue" => {
            deadline: "2026-12-11", light: Unreported, rules: &[NeverReported, DeadlineNear]
        }
        // --- inputs persist: the latest report that carries each input
        "a red report stays red once the unit stops reporting (was back to 绿)" => {
            reports: &[("2026-08", "2026-08-28", Some("red"), None)],
            light: Red, rules: &[Reported, Silent],
            text: Some("月报 2026-08报红灯")
        }
        "a note without light or percent after red 40% changes neither (was 红→绿)" => {
            reports: &[
                ("2026-10", "2026-10-28", Some("red"), Some(40)),
                ("2026-11", "2026-11-27", None, None),
            ],
            light: Red, rules: &[Reported, Behind],
            text: Some("月报 2026-10报红灯")
        }
        "a later percent replaces an earlier one" => {
            reports: &[
                ("2026-10", "2026-10-28", None, Some(20)),
                ("2026-11", "2026-11-27", None, Some(60)),
            ],
            light: Green, rules: &[OnTrack]
        }
        "a late report for October does not replace the November light" => {
            reports: &[
                ("2026-11", "2026-11-27", Some("green"), None),
                ("2026-10", "2026-12-01", Some("red"), None),
            ],
            light: Green, rules: &[OnTrack]
        }
        "a weekly light after a monthly one is the latest" => {
            reports: &[
                ("2026-11", "2026-11-25", Some("green"), None),
                ("2026-W48", "2026-11-27", Some("yellow"), None),
            ],
            light: Yellow, rules: &[Reported],
            text: Some("周报 2026-W48报黄灯")
        }
        "a later green report clears an earlier red" => {
            reports: &[
                ("2026-10", "2026-10-28", Some("red"), None),
                ("2026-11", "2026-11-27", Some("green"), None),
            ],
            light: Green, rules: &[OnTrack]
        }
        "a report filed after the date asked about does not count" => {
            reports: &[
                ("2026-10", "2026-10-28", Some("green"), None),
                ("2026-11", "2026-11-28", Some("red"), None),
            ],
            date: "2026-11-27", light: Green, rules: &[OnTrack]
        }
        "a unit may report blue" => {
            reports: &[("2026-11", "2026-11-27", Some("blue"), None)],
            light: Blue, rules: &[Reported]
        }
        // --- 序时进度 at the date asked about: > 10 points behind yellow, > 30 red
        "53 % on 12-01 is 10 points behind: green" => {
            reports: &[("2026-11", "2026-11-27", None, Some(53))],
            light: Green, rules: &[OnTrack]
        }
        "52 % on 12-01 is 11 points behind: yellow" => {
            reports: &[("2026-11", "2026-11-27", None, Some(52))],
            light: Yellow, rules: &[Behind],
            text: Some("落后序时进度11个百分点（月报 2026-11报完成52%）")
        }
        "33 % on 12-01 is 30 points behind: yellow" => {
            reports: &[("2026-11", "2026-11-27", None, Some(33))],
            light: Yellow, rules: &[Behind]
        }
        "30 % reported yellow on 12-01 is 33 points behind: red" => {
            reports: &[("2026-12", "2026-12-01", Some("yellow"), Some(30))],
            light: Red, rules: &[Behind, Reported],
            text: Some("落后序时进度33个百分点（月报 2026-12报完成30%）")
        }
        "the same percent falls behind as time passes (54 % on 2027-01-31: 69-54 = 15)" => {
            reports: &[("2026-12", "2026-12-20", None, Some(54))],
            date: "2027-01-31", light: Yellow, rules: &[Behind]
        }
        // --- deadline and blue
        "deadline yesterday: red" => {
            deadline: "2026-11-30",
            reports: &[("2026-11", "2026-11-27", Some("green"), None)],
            light: Red, rules: &[Overdue]
        }
        "deadline today: blue, 0 days" => {
            deadline: "2026-12-01",
            reports: &[("2026-11", "2026-11-27", Some("green"), None)],
            light: Blue, rules: &[DeadlineNear], text: Some("距完成时限0天")
        }
        "deadline in 15 days: blue" => {
            deadline: "2026-12-16",
            reports: &[("2026-11", "2026-11-27", Some("green"), None)],
            light: Blue, rules: &[DeadlineNear]
        }
        "deadline in 16 days: green" => {
            deadline: "2026-12-17",
            reports: &[("2026-11", "2026-11-27", Some("green"), None)],
            light: Green, rules: &[OnTrack]
        }
        // --- milestones: late yellow, late more than a month red
        "milestone due 11-15 open on 12-01: yellow" => {
            milestones: &[("2026-11-15", "出台规划", None)],
            reports: &[("2026-11", "2026-11-27", Some("green"), None)],
            light: Yellow, rules: &[MilestoneLate],
            text: Some("节点“出台规划”逾期16天（应于2026-11-15完成）")
        }
        "milestone due 10-31 open on 11-30: exactly one month, still yellow" => {
            milestones: &[("2026-10-31", "试点", None)],
            reports: &[("2026-11", "2026-11-27", Some("green"), None)],
            date: "2026-11-30", light: Yellow, rules: &[MilestoneLate]
        }
        "milestone due 10-31 open on 12-01: more than a month, red" => {
            milestones: &[("2026-10-31", "试点", None)],
            reports: &[("2026-11", "2026-11-27", Some("green"), None)],
            light: Red, rules: &[MilestoneLate]
        }
        "milestone done late does not count" => {
            milestones: &[("2026-10-31", "试点", Some("2026-11-20"))],
            reports: &[("2026-11", "2026-11-27", Some("green"), None)],
            light: Green, rules: &[OnTrack]
        }
        // --- status and override
        "done, awaiting close, past the deadline: green" => {
            status: "DoneAwaitingClose", deadline: "2026-10-31",
            light: Green, rules: &[Finished]
        }
        "closed with approver and basis: green" => {
            status: "Closed", deadline: "2026-10-31", light: Green, rules: &[Finished]
        }
        "suspended: green" => {
            status: "Suspended", light: Green, rules: &[Finished]
        }
        "an override wins over a passed deadline" => {
            deadline: "2026-10-31", over: Some(("Yellow", "已报市政府同意延期")),
            light: Yellow, rules: &[Override], text: Some("人工设定：已报市政府同意延期")
        }
        // --- yellow at two meetings of one kind in a row → red
        "yellow at the October and November 月例会 and still yellow: red" => {
            reports: &[
                ("2026-10", "2026-10-20", Some("yellow"), None),
                ("2026-11", "2026-11-20", Some("yellow"), None),
            ],
            meetings: &[("monthly", "2026-10-25"), ("monthly", "2026-11-25")],
            light: Red, rules: &[YellowAtMeetings, Reported],
            text: Some("连续两次月例会黄灯（2026-10-25、2026-11-25）")
        }
        "yellow at a 周调度 and a 月例会: different kinds, stays yellow" => {
            reports: &[
                ("2026-10", "2026-10-20", Some("yellow"), None),
                ("2026-11", "2026-11-20", Some("yellow"), None),
            ],
            meetings: &[("weekly", "2026-11-20"), ("monthly", "2026-11-25")],
            light: Yellow, rules: &[Reported]
        }
        "yellow, then green at the second meeting, yellow again: stays yellow" => {
            reports: &[
                ("2026-10", "2026-10-20", Some("yellow"), None),
                ("2026-11", "2026-11-20", Some("green"), None),
                ("2026-12", "2026-12-01", Some("yellow"), None),
            ],
            meetings: &[("monthly", "2026-10-25"), ("monthly", "2026-11-25")],
            light: Yellow, rules: &[Reported]
        }
        "yellow at two meetings, green now: green" => {
            reports: &[
                ("2026-10", "2026-10-20", Some("yellow"), None),
                ("2026-11", "2026-11-20", Some("yellow"), None),
                ("2026-12", "2026-12-01", Some("green"), None),
            ],
            meetings: &[("monthly", "2026-10-25"), ("monthly", "2026-11-25")],
            light: Green, rules: &[OnTrack]
        }
        "a meeting after the date asked about does not count" => {
            reports: &[
                ("2026-10", "2026-10-20", Some("yellow"), None),
                ("2026-11", "2026-11-20", Some("yellow"), None),
            ],
            meetings: &[("monthly", "2026-10-25"), ("monthly", "2026-12-20")],
            light: Yellow, rules: &[Reported]
        }
    }
}

#[test]
fn dated_scenarios() {
    let table = table();
    assert!(table.len() >= 40, "only {} scenarios", table.len());
    let mut failures = Vec::new();
    for s in &table {
        let m = measure(s);
        let rs = reports(s);
        let refs: Vec<&Report> = rs.iter().collect();
        let a = assess(&m, &refs, &meetings(s), day(s.date));
        let rules: Vec<Rule> = a.reasons.iter().map(|(_, r)| r.rule()).collect();
        let first = a.reasons[0].1.describe(Lang::Zh);
        let ok = a.light == s.light
            && rules == s.rules
            && s.text.is_none_or(|t| t == first)
            && a.reasons.iter().all(|(l, _)| *l <= a.light);
        if !ok {
            failures.push(format!(
                "{}\n  expected {:?} {:?} {:?}\n  got      {:?} {:?} {:?}",
                s.name, s.light, s.rules, s.text, a.light, rules, first
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} scenarios fail:\n{}",
        failures.len(),
        table.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_is_covered() {
    let table = table();
    for rule in [
        Rule::Override,
        Rule::Finished,
        Rule::Overdue,
        Rule::MilestoneLate,
        Rule::Behind,
        Rule::Reported,
        Rule::Silent,
        Rule::NeverReported,
        Rule::YellowAtMeetings,
        Rule::DeadlineNear,
        Rule::OnTrack,
    ] {
        assert!(
            table.iter().any(|s| s.rules.contains(&rule)),
            "no scenario for {rule:?}"
        );
    }
    // Every light appears as a result.
    for light in Light::ALL {
        assert!(table.iter().any(|s| s.light == light), "{light:?}");
    }
    let _ = Status::ALL;
}

#[test]
fn english_reasons_have_no_chinese_apart_from_data() {
    let s = &table()[3];
    let rs = reports(s);
    let refs: Vec<&Report> = rs.iter().collect();
    let a = assess(&measure(s), &refs, &[], day(s.date));
    let text = a.describe(Lang::En);
    assert_eq!(
        text,
        "no report for 2 periods (2026-11 to 2026-12); last report: monthly report 2026-10"
    );
}
