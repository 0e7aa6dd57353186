//! Indicator judgements (DOMAIN.md §5.2), table-driven from the plan's own table: 以上 is
//! inclusive; I08 is cumulative; a cumulative indicator in 2027 without a 2026 value counts
//! the year's increment; 完成下达指标 takes the assigned figure of any plan year; 2026 has no
//! column, so the linear interpolation is offered as 建议值 and judgements against it say so.
//! The expected figures are computed by hand from the table in docs/plan.txt.

mod support;

use serde_json::Value;
use support::TempPlan;
use taskforce::meeting::Judgement::{self, *};
use taskforce::meeting::quarterly::{TargetSource, judge_year, judgement_text};
use taskforce::model::{Id, Lang, Observation, Period, Printed, SetTarget};

fn bundled() -> taskforce::model::Plan {
    let (plan, problems) = taskforce::store::load(
        &taskforce::store::BundledSource,
        taskforce::store::Reports::All,
    );
    assert_eq!(problems, vec![]);
    plan.expect("bundled plan")
}

struct Case {
    name: &'static str,
    indicator: &'static str,
    year: i32,
    quarter: u8,
    /// (period, value, estimated)
    observations: &'static [(&'static str, f64, bool)],
    /// (year, target as printed) set by the taskforce or assigned
    set: &'static [(i32, &'static str)],
    target: Option<&'static str>,
    source: TargetSource,
    judgement: Judgement,
    /// The level a cumulative indicator's year starts from.
    start: Option<f64>,
    /// 完成率 in percent (one decimal).
    progress: Option<f64>,
}

use TargetSource::{Assigned as Given, Plan as Printed_, Set, Suggested};

#[rustfmt::skip]
const CASES: &[Case] = &[
    Case { name: "80以上 includes 80",
        indicator: "I14", year: 2027, quarter: 4, observations: &[("2027-Q4", 80.0, false)], set: &[],
        target: Some("80以上"), source: Printed_, judgement: OnPace, start: None, progress: Some(100.0), },
    Case { name: "80以上: 79.5 is half a point short",
        indicator: "I14", year: 2027, quarter: 4, observations: &[("2027-Q4", 79.5, false)], set: &[],
        target: Some("80以上"), source: Printed_, judgement: SlightlyBehind, start: None, progress: Some(99.4), },
    Case { name: "≥90.5 includes 90.5",
        indicator: "I09", year: 2025, quarter: 4, observations: &[("2025-Q4", 90.5, false)], set: &[],
        target: Some("≥90.5"), source: Printed_, judgement: OnPace, start: None, progress: Some(100.0), },
    Case { name: "I08 cumulative 2025: increment from the 2024 level 455",
        indicator: "I08", year: 2025, quarter: 2, observations: &[("2025-Q2", 520.0, false)], set: &[],
        target: Some("580"), source: Printed_, judgement: OnPace, start: Some(455.0), progress: Some(52.0), },
    Case { name: "I08 2025 Q2 behind: 480 of 455→580",
        indicator: "I08", year: 2025, quarter: 2, observations: &[("2025-Q2", 480.0, false)], set: &[],
        target: Some("580"), source: Printed_, judgement: ClearlyBehind, start: Some(455.0), progress: Some(20.0), },
    Case { name: "I08 2026 against the 建议值 615, from the 2025 target 580",
        indicator: "I08", year: 2026, quarter: 2, observations: &[("2026-Q2", 600.0, false)], set: &[],
        target: Some("615"), source: Suggested, judgement: OnPace, start: Some(580.0), progress: Some(57.1), },
    Case { name: "I08 2026 behind the 建议值",
        indicator: "I08", year: 2026, quarter: 2, observations: &[("2026-Q2", 590.0, false)], set: &[],
        target: Some("615"), source: Suggested, judgement: ClearlyBehind, start: Some(580.0), progress: Some(28.6), },
    Case { name: "I08 2026 confirmed 600 replaces the 建议值",
        indicator: "I08", year: 2026, quarter: 2, observations: &[("2026-Q2", 600.0, false)], set: &[(2026, "600")],
        target: Some("600"), source: Set, judgement: OnPace, start: Some(580.0), progress: Some(100.0), },
    Case { name: "I08 2027 without a 2026 value: increment from the 2026 建议值, not 620/650",
        indicator: "I08", year: 2027, quarter: 2, observations: &[("2027-Q2", 620.0, false)], set: &[],
        target: Some("650"), source: Printed_, judgement: ClearlyBehind, start: Some(615.0), progress: Some(14.3), },
    Case { name: "I08 2027 Q4 reaches 650",
        indicator: "I08", year: 2027, quarter: 4, observations: &[("2027-Q4", 650.0, false)], set: &[],
        target: Some("650"), source: Printed_, judgement: OnPace, start: Some(615.0), progress: Some(100.0), },
    Case { name: "I08 2027 from the confirmed 2026 target 610",
        indicator: "I08", year: 2027, quarter: 2, observations: &[("2027-Q2", 620.0, false)], set: &[(2026, "610")],
        target: Some("650"), source: Printed_, judgement: ClearlyBehind, start: Some(610.0), progress: Some(25.0), },
    Case { name: "I08 2027 from the 2026 Q4 value 630",
        indicator: "I08", year: 2027, quarter: 2, observations: &[("2026-Q4", 630.0, false), ("2027-Q2", 640.0, false)], set: &[],
        target: Some("650"), source: Printed_, judgement: OnPace, start: Some(630.0), progress: Some(50.0), },
    Case { name: "I11 2027 without 2026: from the 建议值 5.15 万栋",
        indicator: "I11", year: 2027, quarter: 4, observations: &[("2027-Q4", 6.6, false)], set: &[],
        target: Some("6.6"), source: Printed_, judgement: OnPace, start: Some(5.15), progress: Some(100.0), },
    Case { name: "I12 2026 建议值 4.25 from 4.2→4.3",
        indicator: "I12", year: 2026, quarter: 4, observations: &[("2026-Q4", 4.25, false)], set: &[],
        target: Some("4.25"), source: Suggested, judgement: OnPace, start: Some(4.2), progress: Some(100.0), },
    Case { name: "I16 2027 完成下达指标 not yet assigned",
        indicator: "I16", year: 2027, quarter: 2, observations: &[("2027-Q2", 3.0, false)], set: &[],
        target: Some("完成下达指标"), source: Printed_, judgement: Judgement::Assigned, start: None, progress: None, },
    Case { name: "I16 2027 assigned 8 万人: 4 at mid-year is on pace",
        indicator: "I16", year: 2027, quarter: 2, observations: &[("2027-Q2", 4.0, false)], set: &[(2027, "8")],
        target: Some("8"), source: Given, judgement: OnPace, start: None, progress: Some(50.0), },
    Case { name: "I16 2027 assigned 8 万人: 3 at mid-year is behind",
        indicator: "I16", year: 2027, quarter: 2, observations: &[("2027-Q2", 3.0, false)], set: &[(2027, "8")],
        target: Some("8"), source: Given, judgement: ClearlyBehind, start: None, progress: Some(37.5), },
    Case { name: "I16 2026 with 2027 unassigned: nothing to interpolate",
        indicator: "I16", year: 2026, quarter: 3, observations: &[("2026-Q3", 5.0, false)], set: &[],
        target: None, source: Printed_, judgement: NoTarget, start: None, progress: None, },
    Case { name: "I16 2026 建议值 from 7.64 and the assigned 8",
        indicator: "I16", year: 2026, quarter: 3, observations: &[("2026-Q3", 6.0, false)], set: &[(2027, "8")],
        target: Some("7.82"), source: Suggested, judgement: OnPace, start: None, progress: Some(76.7), },
    Case { name: "I18 2025 ≥1800 reached",
        indicator: "I18", year: 2025, quarter: 4, observations: &[("2025-Q4", 1800.0, false)], set: &[],
        target: Some("≥1800"), source: Printed_, judgement: OnPace, start: None, progress: Some(100.0), },
    Case { name: "I18 2027 assigned 2000",
        indicator: "I18", year: 2027, quarter: 4, observations: &[("2027-Q4", 1900.0, false)], set: &[(2027, "2000")],
        target: Some("2000"), source: Given, judgement: SlightlyBehind, start: None, progress: Some(95.0), },
    Case { name: "I09 2026 建议值 ≥91 reached",
        indicator: "I09", year: 2026, quarter: 4, observations: &[("2026-Q4", 91.0, false)], set: &[],
        target: Some("≥91"), source: Suggested, judgement: OnPace, start: None, progress: Some(100.0), },
    Case { name: "I09 2026 建议值 ≥91 missed by half a point",
        indicator: "I09", year: 2026, quarter: 4, observations: &[("2026-Q4", 90.5, false)], set: &[],
        target: Some("≥91"), source: Suggested, judgement: SlightlyBehind, start: None, progress: Some(99.5), },
    Case { name: "I01 保持100 stays 保持100 in 2026",
        indicator: "I01", year: 2026, quarter: 4, observations: &[("2026-Q4", 100.0, false)], set: &[],
        target: Some("保持100"), source: Suggested, judgement: OnPace, start: None, progress: Some(100.0), },
    Case { name: "I20 2026 建议值 87.5 between 85 and 90",
        indicator: "I20", year: 2026, quarter: 4, observations: &[("2026-Q4", 87.0, false)], set: &[],
        target: Some("87.5"), source: Suggested, judgement: SlightlyBehind, start: None, progress: Some(99.4), },
    Case { name: "I20 2025 target below the 2024 level is still the target",
        indicator: "I20", year: 2025, quarter: 3, observations: &[("2025-Q3", 88.0, false)], set: &[],
        target: Some("85"), source: Printed_, judgement: OnPace, start: None, progress: Some(103.5), },
    Case { name: "I07 flow 2026 建议值 2650 between 2800 and 2500",
        indicator: "I07", year: 2026, quarter: 4, observations: &[("2026-Q4", 2650.0, false)], set: &[],
        target: Some("2650"), source: Suggested, judgement: OnPace, start: None, progress: Some(100.0), },
    Case { name: "I07 flow 2026 at Q3: 1500 of 2650 against 75% elapsed",
        indicator: "I07", year: 2026, quarter: 3, observations: &[("2026-Q3", 1500.0, false)], set: &[],
        target: Some("2650"), source: Suggested, judgement: ClearlyBehind, start: None, progress: Some(56.6), },
    Case { name: "I14 2026 建议值 77.5以上 (75 → 80以上), inclusive",
        indicator: "I14", year: 2026, quarter: 4, observations: &[("2026-Q4", 77.5, false)], set: &[],
        target: Some("77.5以上"), source: Suggested, judgement: OnPace, start: None, progress: Some(100.0), },
    Case { name: "I02 2026 建议值 83.35",
        indicator: "I02", year: 2026, quarter: 4, observations: &[("2026-Q4", 80.0, false)], set: &[],
        target: Some("83.35"), source: Suggested, judgement: SlightlyBehind, start: None, progress: Some(96.0), },
    Case { name: "I10 ≥400 points in 2026",
        indicator: "I10", year: 2026, quarter: 4, observations: &[("2026-Q4", 400.0, false)], set: &[],
        target: Some("≥400"), source: Suggested, judgement: OnPace, start: None, progress: Some(100.0), },
    Case { name: "I06 2026 set by the taskforce at 26.5",
        indicator: "I06", year: 2026, quarter: 4, observations: &[("2026-Q4", 26.0, false)], set: &[(2026, "26.5")],
        target: Some("26.5"), source: Set, judgement: SlightlyBehind, start: None, progress: Some(98.1), },
    Case { name: "no value yet in 2026",
        indicator: "I06", year: 2026, quarter: 1, observations: &[], set: &[],
        target: Some("26"), source: Suggested, judgement: NoValue, start: None, progress: None, },
    Case { name: "a full-year estimate counts against the whole year",
        indicator: "I08", year: 2026, quarter: 1, observations: &[("2026-Q1", 610.0, true)], set: &[],
        target: Some("615"), source: Suggested, judgement: ClearlyBehind, start: Some(580.0), progress: Some(85.7), },
];

#[test]
fn judgements_follow_domain_5_2() {
    let plan = bundled();
    assert!(CASES.len() >= 30);
    let mut ran = 0;
    for c in CASES {
        let id = Id::parse(c.indicator).unwrap();
        let ind = plan.indicator(&id).expect(c.indicator);
        let observations: Vec<Observation> = c
            .observations
            .iter()
            .map(|(period, value, estimated)| Observation {
                schema: 1,
                indicator: id.clone(),
                period: Period::parse(period).unwrap(),
                value: *value,
                estimated: *estimated,
                note: String::new(),
                recorded_by: String::new(),
            })
            .collect();
        let targets: Vec<SetTarget> = c
            .set
            .iter()
            .map(|(year, text)| SetTarget {
                schema: 1,
                indicator: id.clone(),
                year: *year,
                target: Printed::from_text(text).unwrap(),
                basis: "测试".into(),
                set_by: "测试".into(),
            })
            .collect();
        let obs: Vec<&Observation> = observations.iter().collect();
        let p = judge_year(ind, c.year, c.quarter, &obs, &targets);
        assert_eq!(p.target_text.as_deref(), c.target, "{}: target", c.name);
        assert_eq!(p.judgement, c.judgement, "{}: judgement {p:?}", c.name);
        if c.target.is_some() {
            assert_eq!(p.source, c.source, "{}: source", c.name);
        }
        match (p.start, c.start) {
            (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "{}: start {a}", c.name),
            (a, b) => assert_eq!(a, b, "{}: start", c.name),
        }
        let round = |x: f64| (x * 10.0).round() / 10.0;
        assert_eq!(p.progress.map(round), c.progress, "{}: progress", c.name);
        // Judgements against a 建议值 say so.
        let text = judgement_text(&p, Lang::Zh);
        assert_eq!(
            text.contains("建议值"),
            c.source == Suggested && c.target.is_some() && p.judgement.light().is_some(),
            "{}: {text}",
            c.name
        );
        ran += 1;
    }
    assert_eq!(ran, CASES.len());
}

#[test]
fn i08_is_cumulative_in_the_bundled_plan() {
    let plan = bundled();
    let kind = |i: &str| plan.indicator(&Id::parse(i).unwrap()).unwrap().kind;
    use taskforce::model::IndicatorKind::Cumulative;
    assert_eq!(kind("I08"), Cumulative, "到2027年累计建成650个");
    assert_eq!(kind("I11"), Cumulative);
    assert_eq!(kind("I12"), Cumulative);
}

#[test]
fn judgement_text_names_the_suggested_target() {
    let plan = bundled();
    let ind = plan.indicator(&Id::parse("I09").unwrap()).unwrap();
    let o = Observation {
        schema: 1,
        indicator: ind.id.clone(),
        period: Period::parse("2026-Q4").unwrap(),
        value: 91.0,
        estimated: false,
        note: String::new(),
        recorded_by: String::new(),
    };
    let p = judge_year(ind, 2026, 4, &[&o], &[]);
    assert_eq!(judgement_text(&p, Lang::Zh), "达到/快于序时（对照建议值）");
    assert_eq!(
        judgement_text(&p, Lang::En),
        "on or ahead of pace (against the suggested target)"
    );
}

/// Through the binary: the suggested 2026 target is shown as 建议值 until `indicator confirm`,
/// one commit, after which it is the taskforce's target; assigned figures for any plan year.
#[test]
fn confirm_the_suggested_target_and_enter_assigned_figures() {
    let p = TempPlan::new();
    let ok = |args: &[&str]| {
        let r = p.run(args);
        assert_eq!(r.code, 0, "{args:?}: {r:?}");
        r.stdout
    };
    let json: Value = serde_json::from_str(&ok(&["indicators", "--json"])).unwrap();
    let i08 = &json.as_array().unwrap()[7];
    assert_eq!(i08["id"], "I08");
    assert_eq!(i08["kind"], "Cumulative");
    assert_eq!(
        i08["targets"]["2026"],
        serde_json::json!({"text": "615", "source": "suggested", "basis": null})
    );
    assert_eq!(i08["targets"]["2025"]["source"], "plan");
    let i08_cells = |table: &str| -> Vec<String> {
        table
            .lines()
            .find(|l| l.starts_with("I08 "))
            .expect("I08 line")
            .split_whitespace()
            .map(str::to_string)
            .collect()
    };
    assert_eq!(
        i08_cells(&ok(&["indicators"]))[2..7],
        ["/", "455", "580", "615（建议值）", "650"]
    );
    ok(&[
        "indicator",
        "record",
        "I08",
        "--period",
        "2026-Q2",
        "--value",
        "600",
    ]);
    let report = ok(&["report", "quarterly", "--period", "2026-Q2"]);
    let row = report
        .lines()
        .find(|l| l.contains("基层就业服务站点"))
        .expect("I08 row");
    assert!(row.contains("615（建议值）"), "{row}");
    assert!(row.contains("达到/快于序时（对照建议值）"), "{row}");

    let commits = p.commit_count();
    let out = ok(&["indicator", "confirm", "I08", "--year", "2026"]);
    assert!(
        out.contains("指标 I08 基层就业服务站点 2026年目标（专班确认建议值）：615"),
        "{out}"
    );
    assert_eq!(p.commit_count(), commits + 1);
    let file = p.read("targets/I08/2026.ron");
    assert!(file.contains("text: \"615\""), "{file}");
    assert!(
        file.contains("线性插值：2025年目标580→2027年目标650"),
        "{file}"
    );
    let report = ok(&["report", "quarterly", "--period", "2026-Q2"]);
    let row = report
        .lines()
        .find(|l| l.contains("基层就业服务站点"))
        .expect("I08 row");
    assert!(
        row.contains("615（专班设定）") && !row.contains("建议值（"),
        "{row}"
    );
    assert_eq!(i08_cells(&ok(&["indicators"]))[5], "615（专班设定）");
    // Confirming again changes nothing; a year with a plan column has nothing to confirm.
    let again = p.run(&["indicator", "confirm", "I08", "--year", "2026"]);
    assert_eq!(again.code, 0);
    assert!(again.stderr.contains("没有变化"), "{}", again.stderr);
    let r = p.run(&["indicator", "confirm", "I08", "--year", "2025"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("方案已定I08的2025年目标（580）"),
        "{}",
        r.stderr
    );
    let r = p.run(&["indicator", "confirm", "I16", "--year", "2026"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("无建议值"), "{}", r.stderr);

    // 完成下达指标: the assigned figure for 2027 with its basis; refused where the plan has a figure.
    let out = ok(&[
        "indicator",
        "target",
        "I16",
        "--year",
        "2027",
        "--value",
        "8",
        "--basis",
        "省人社厅下达",
    ]);
    assert!(
        out.contains("指标 I16 提供就业帮扶重点群体数 2027年目标（上级下达）：8"),
        "{out}"
    );
    let r = p.run(&[
        "indicator",
        "target",
        "I16",
        "--year",
        "2025",
        "--value",
        "8",
        "--basis",
        "x",
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("7.64"), "{}", r.stderr);
    let r = p.run(&[
        "indicator",
        "target",
        "I16",
        "--year",
        "2027",
        "--value",
        "完成下达指标",
        "--basis",
        "x",
    ]);
    assert_eq!(r.code, 2, "{r:?}");
    // Now 2026 of I16 has a 建议值 between 7.64 and the assigned 8.
    let json: Value = serde_json::from_str(&ok(&["indicators", "--json"])).unwrap();
    let i16 = &json.as_array().unwrap()[15];
    assert_eq!(i16["targets"]["2026"]["text"], "7.82");
    assert_eq!(i16["targets"]["2027"]["source"], "assigned");
    assert_eq!(i16["targets"]["2027"]["basis"], "省人社厅下达");
    assert_eq!(p.run(&["check"]).code, 0);
    p.fsck();
}
