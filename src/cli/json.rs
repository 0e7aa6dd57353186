//! The `--json` output of every command, as typed structures: the field names and shapes
//! scripts read, in the order they are printed. Built from the plan and the store's results;
//! nothing here reads or prints.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;

use super::Context;
use crate::meeting::{Change, TargetSource};
use crate::model::{
    Action, Assessment, Closure, Direction, Id, Indicator, IndicatorKind, Lang, LightCounts,
    Measure, Milestone, Parsed, Period, Plan, Printed, Report, Rule,
};
use crate::store::{Entry, Problem};

/// A problem `check` found.
#[derive(Serialize)]
pub struct CheckProblem<'a> {
    pub path: &'a str,
    pub line: usize,
    pub col: usize,
    pub message: &'a str,
}

impl<'a> From<&'a Problem> for CheckProblem<'a> {
    fn from(p: &'a Problem) -> Self {
        CheckProblem {
            path: &p.path,
            line: p.line,
            col: p.col,
            message: &p.message,
        }
    }
}

/// A light count; `list` adds the measures without a report for the current period.
#[derive(Serialize)]
pub struct Counts {
    pub green: usize,
    pub blue: usize,
    pub unreported: usize,
    pub yellow: usize,
    pub red: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_reported: Option<usize>,
}

impl Counts {
    pub fn new(c: &LightCounts, not_reported: Option<usize>) -> Counts {
        Counts {
            green: c.green,
            blue: c.blue,
            unreported: c.unreported,
            yellow: c.yellow,
            red: c.red,
            not_reported,
        }
    }
}

/// A row of `list --json`: an action with its counts, or one of its measures.
#[derive(Serialize)]
#[serde(untagged)]
pub enum ListRow<'a> {
    Action(ActionRow<'a>),
    Measure(MeasureRow<'a>),
}

/// An action in `list --json`; the measure fields it has no value for are `null`.
#[derive(Serialize)]
pub struct ActionRow<'a> {
    pub id: &'a Id,
    pub kind: &'static str,
    pub title: &'a str,
    pub parent: Option<&'a Id>,
    pub lead_unit: &'a str,
    pub owner: Option<&'a str>,
    pub deadline: Option<NaiveDate>,
    pub status: Option<&'static str>,
    pub light: Option<&'static str>,
    pub counts: Counts,
}

impl<'a> ActionRow<'a> {
    pub fn new(a: &'a Action, counts: Counts) -> ActionRow<'a> {
        ActionRow {
            id: &a.id,
            kind: "action",
            title: &a.title,
            parent: None,
            lead_unit: &a.lead_unit,
            owner: None,
            deadline: None,
            status: None,
            light: None,
            counts,
        }
    }
}

/// A measure in `list --json`, and the head of `show MEASURE --json`.
#[derive(Serialize)]
pub struct MeasureRow<'a> {
    pub id: &'a Id,
    pub kind: &'static str,
    pub title: &'a str,
    pub parent: &'a Id,
    pub lead_unit: &'a str,
    pub lead_inferred: bool,
    pub co_units: &'a [String],
    pub owner: Option<&'a str>,
    pub deadline: NaiveDate,
    pub status: &'static str,
    pub light: &'static str,
    /// Why the light is what it is, in English (a stable text for scripts).
    pub light_reasons: Vec<String>,
    pub reported: bool,
    pub start: NaiveDate,
    pub cadence: &'static str,
    pub liaison: Option<&'a str>,
    pub assumed: Vec<&'static str>,
    pub closure: Option<&'a Closure>,
    pub overdue: bool,
}

impl<'a> MeasureRow<'a> {
    pub fn new(plan: &Plan, m: &'a Measure, ctx: &Context) -> MeasureRow<'a> {
        let a = plan.assess(m, ctx.today);
        let reported = plan.reported(&m.id, m.cadence, ctx.today);
        MeasureRow::assessed(m, &a, reported, ctx.today)
    }

    /// The row from an assessment and a reported flag already computed (`list`).
    pub fn assessed(
        m: &'a Measure,
        a: &Assessment,
        reported: bool,
        today: NaiveDate,
    ) -> MeasureRow<'a> {
        MeasureRow {
            id: &m.id,
            kind: "measure",
            title: &m.title,
            parent: &m.action,
            lead_unit: &m.lead_unit,
            lead_inferred: m.lead_source.is_inferred(),
            co_units: &m.co_units,
            owner: m.owner.as_deref(),
            deadline: m.deadline,
            status: m.status.key(),
            light: a.light.key(),
            light_reasons: a
                .reasons
                .iter()
                .map(|(_, r)| r.describe(Lang::En))
                .collect(),
            reported,
            start: m.start,
            cadence: m.cadence.key(),
            liaison: m.liaison.as_deref(),
            assumed: m.assumed.iter().map(|f| f.field()).collect(),
            closure: m.closure.as_ref(),
            overdue: m.deadline < today && !m.status.is_done(),
        }
    }
}

/// `show MEASURE --json`: the list row, the plan's text, milestones and the reports shown.
#[derive(Serialize)]
pub struct MeasureDetail<'a> {
    #[serde(flatten)]
    pub row: MeasureRow<'a>,
    pub source_text: &'a str,
    pub requirement: Option<&'a str>,
    pub indicators: &'a [Id],
    pub milestones: &'a [Milestone],
    pub reports: Vec<PeriodReport<'a>>,
}

/// One period shown by `show MEASURE`, with its report if one was filed.
#[derive(Serialize)]
pub struct PeriodReport<'a> {
    pub period: String,
    pub cycle: &'static str,
    pub report: Option<ReportJson<'a>>,
}

impl<'a> PeriodReport<'a> {
    pub fn new(period: Period, report: Option<&'a Report>) -> PeriodReport<'a> {
        PeriodReport {
            period: period.to_string(),
            cycle: period.cycle().key(),
            report: report.map(ReportJson::from),
        }
    }
}

/// A cycle report.
#[derive(Serialize)]
pub struct ReportJson<'a> {
    pub item: &'a Id,
    pub cycle: &'static str,
    pub period: String,
    pub light: Option<&'static str>,
    pub status: Option<&'static str>,
    pub percent: Option<u8>,
    pub progress: &'a str,
    pub problems: &'a str,
    pub next_steps: &'a str,
    pub asks: &'a str,
    pub reported_by: &'a str,
    pub reported_on: NaiveDate,
}

impl<'a> From<&'a Report> for ReportJson<'a> {
    fn from(r: &'a Report) -> Self {
        ReportJson {
            item: &r.item,
            cycle: r.cycle().key(),
            period: r.period.to_string(),
            light: r.light.map(|l| l.key()),
            status: r.status.map(|s| s.key()),
            percent: r.percent,
            progress: &r.progress,
            problems: &r.problems,
            next_steps: &r.next_steps,
            asks: &r.asks,
            reported_by: &r.reported_by,
            reported_on: r.reported_on,
        }
    }
}

/// `show ACTION --json`.
#[derive(Serialize)]
pub struct ActionDetail<'a> {
    pub id: &'a Id,
    pub kind: &'static str,
    pub title: &'a str,
    pub text: &'a str,
    pub lead_unit: &'a str,
    pub lead_inferred: bool,
    pub co_units: &'a [String],
    pub indicators: &'a [Id],
    pub measures: Vec<String>,
    pub counts: Counts,
}

impl<'a> ActionDetail<'a> {
    pub fn new(plan: &Plan, a: &'a Action, counts: Counts) -> ActionDetail<'a> {
        ActionDetail {
            id: &a.id,
            kind: "action",
            title: &a.title,
            text: &a.text,
            lead_unit: &a.lead_unit,
            lead_inferred: a.lead_source.is_inferred(),
            co_units: &a.co_units,
            indicators: &a.indicators,
            measures: plan.measures_of(&a.id).map(|m| m.id.to_string()).collect(),
            counts,
        }
    }
}

/// A value as the plan prints it, with what it was read as.
#[derive(Serialize)]
pub struct PrintedJson<'a> {
    pub text: &'a str,
    pub parsed: ParsedJson,
}

/// What a printed value was read as: `exactly`, `at_least`, `above`, `maintain` (with the
/// number), `missing` or `assigned` (without).
#[derive(Serialize)]
pub struct ParsedJson {
    pub kind: &'static str,
    pub value: Option<f64>,
}

impl<'a> From<&'a Printed> for PrintedJson<'a> {
    fn from(p: &'a Printed) -> Self {
        let (kind, value) = match p.parsed {
            Parsed::Missing => ("missing", None),
            Parsed::Exactly(x) => ("exactly", Some(x)),
            Parsed::AtLeast(x) => ("at_least", Some(x)),
            Parsed::Above(x) => ("above", Some(x)),
            Parsed::Maintain(x) => ("maintain", Some(x)),
            Parsed::Assigned => ("assigned", None),
        };
        PrintedJson {
            text: &p.text,
            parsed: ParsedJson { kind, value },
        }
    }
}

/// A plan year's target: the plan's, assigned, set by the taskforce, or the 建议值.
#[derive(Serialize)]
pub struct YearTarget {
    pub text: String,
    pub source: &'static str,
    /// Why it was set or assigned; `null` for the plan's own and a suggestion.
    pub basis: Option<String>,
}

/// An indicator in `indicators --json` and `show INDICATOR --json`.
#[derive(Serialize)]
pub struct IndicatorJson<'a> {
    /// Every plan year (as a string key), `null` when the year has no target.
    pub targets: BTreeMap<i32, Option<YearTarget>>,
    pub id: &'a Id,
    pub number: u8,
    pub name: &'a str,
    pub printed_name: &'a str,
    pub unit: &'a str,
    pub group: &'a str,
    pub subgroup: Option<&'a str>,
    pub lead_unit: &'a str,
    pub kind: IndicatorKind,
    pub direction: Direction,
    pub province_2024: PrintedJson<'a>,
    pub city_2024: PrintedJson<'a>,
    pub target_2025: PrintedJson<'a>,
    pub target_2027: PrintedJson<'a>,
    pub measures: &'a [Id],
}

impl<'a> IndicatorJson<'a> {
    pub fn new(i: &'a Indicator, plan: &Plan) -> IndicatorJson<'a> {
        IndicatorJson {
            targets: year_targets(i, plan),
            id: &i.id,
            number: i.number,
            name: &i.name,
            printed_name: &i.printed_name,
            unit: &i.unit,
            group: &i.group,
            subgroup: i.subgroup.as_deref(),
            lead_unit: &i.lead_unit,
            kind: i.kind,
            direction: i.direction,
            province_2024: (&i.province_2024).into(),
            city_2024: (&i.city_2024).into(),
            target_2025: (&i.target_2025).into(),
            target_2027: (&i.target_2027).into(),
            measures: &i.measures,
        }
    }
}

/// Every plan year's target of `i`.
fn year_targets(i: &Indicator, plan: &Plan) -> BTreeMap<i32, Option<YearTarget>> {
    use chrono::Datelike;
    (plan.meta.start.year()..=plan.meta.end.year())
        .map(|year| {
            let target = crate::meeting::year_target(i, year, &plan.targets).map(|(p, source)| {
                let basis = plan
                    .targets
                    .iter()
                    .find(|t| t.indicator == i.id && t.year == year)
                    .filter(|_| matches!(source, TargetSource::Set | TargetSource::Assigned))
                    .map(|t| t.basis.clone());
                YearTarget {
                    text: p.text,
                    source: source.key(),
                    basis,
                }
            });
            (year, target)
        })
        .collect()
}

/// One field change of `log --json`, with its commit.
#[derive(Serialize)]
pub struct LogChange<'a> {
    pub commit: &'a str,
    pub author: &'a str,
    pub email: &'a str,
    pub time: String,
    pub summary: &'a str,
    pub id: &'a str,
    pub cycle: Option<&'a str>,
    pub period: Option<&'a str>,
    pub field: &'a str,
    pub from: &'a Value,
    pub to: &'a Value,
}

/// The field changes of one history entry.
pub fn log_changes(e: &Entry) -> impl Iterator<Item = LogChange<'_>> {
    e.changes.iter().map(move |c| LogChange {
        commit: &e.commit,
        author: &e.author,
        email: &e.email,
        time: e.time.to_rfc3339(),
        summary: &e.summary,
        id: &c.id,
        cycle: c.cycle.as_deref(),
        period: c.period.as_deref(),
        field: &c.field,
        from: &c.from,
        to: &c.to,
    })
}

/// One change of `diff --json`.
#[derive(Serialize)]
pub struct DiffChange<'a> {
    pub commit: Option<&'a str>,
    pub author: Option<&'a str>,
    pub time: Option<String>,
    pub kind: &'static str,
    pub action: Option<String>,
    pub id: &'a str,
    pub period: Option<&'a str>,
    pub field: &'a str,
    pub from: &'a Value,
    pub to: &'a Value,
    pub cause: Option<Cause>,
}

/// What made a change: a commit, or a rule of the light that fired on a day.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Cause {
    Time { rule: Rule, date: NaiveDate },
    Commit,
}

impl<'a> From<&'a Change> for DiffChange<'a> {
    fn from(c: &'a Change) -> Self {
        DiffChange {
            commit: c.by.as_ref().map(|b| b.commit.as_str()),
            author: c.by.as_ref().map(|b| b.author.as_str()),
            time: c.by.as_ref().map(|b| b.time.to_rfc3339()),
            kind: c.kind.key(),
            action: c.action.as_ref().map(Id::to_string),
            id: &c.id,
            period: c.period.as_deref(),
            field: &c.field,
            from: &c.from,
            to: &c.to,
            cause: match (&c.by, &c.fired) {
                (_, Some(f)) => Some(Cause::Time {
                    rule: f.rule,
                    date: f.date,
                }),
                (Some(_), None) => Some(Cause::Commit),
                (None, None) => None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{BundledSource, Reports, load};

    fn bundled() -> Plan {
        load(&BundledSource, Reports::All)
            .0
            .expect("the bundled plan")
    }

    fn text<T: Serialize>(value: &T) -> String {
        serde_json::to_string(value).expect("json")
    }

    #[test]
    fn an_action_row_keeps_its_measure_fields_null_and_counts_last() {
        let plan = bundled();
        let counts = LightCounts {
            green: 1,
            blue: 2,
            unreported: 3,
            yellow: 4,
            red: 5,
        };
        let row = ListRow::Action(ActionRow::new(
            &plan.actions[2],
            Counts::new(&counts, Some(6)),
        ));
        assert_eq!(
            text(&row),
            format!(
                r#"{{"id":"A3","kind":"action","title":"{}","parent":null,"lead_unit":"{}","owner":null,"deadline":null,"status":null,"light":null,"counts":{{"green":1,"blue":2,"unreported":3,"yellow":4,"red":5,"not_reported":6}}}}"#,
                plan.actions[2].title, plan.actions[2].lead_unit
            )
        );
        assert!(
            !text(&Counts::new(&counts, None)).contains("not_reported"),
            "show ACTION has no not_reported count"
        );
    }

    #[test]
    fn an_indicator_names_every_plan_year_and_its_kinds_as_the_model_spells_them() {
        let plan = bundled();
        let i = plan.indicator(&Id::parse("I08").expect("id")).expect("I08");
        let v: Value = serde_json::to_value(IndicatorJson::new(i, &plan)).expect("json");
        let years: Vec<&String> = v["targets"].as_object().expect("targets").keys().collect();
        assert_eq!(years, ["2025", "2026", "2027"]);
        assert_eq!(v["targets"]["2026"]["text"], "615");
        assert_eq!(v["targets"]["2026"]["source"], "suggested");
        assert_eq!(v["targets"]["2026"]["basis"], Value::Null);
        assert_eq!(v["targets"]["2025"]["source"], "plan");
        assert_eq!(v["kind"], "Cumulative");
        assert_eq!(v["direction"], "HigherBetter");
        assert_eq!(v["target_2027"]["parsed"]["kind"], "exactly");
        assert_eq!(v["target_2027"]["parsed"]["value"], 650.0);
        let keys: Vec<&String> = v.as_object().expect("object").keys().collect();
        assert_eq!(keys[..3], ["targets", "id", "number"]);
    }

    #[test]
    fn a_cause_is_tagged_by_its_kind() {
        let time = Cause::Time {
            rule: Rule::Overdue,
            date: NaiveDate::from_ymd_opt(2026, 11, 16).expect("date"),
        };
        assert_eq!(
            text(&time),
            r#"{"kind":"time","rule":"overdue","date":"2026-11-16"}"#
        );
        assert_eq!(text(&Cause::Commit), r#"{"kind":"commit"}"#);
    }
}
