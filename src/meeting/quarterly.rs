//! The quarterly summary (季度总结, DOMAIN.md §4.2 end) and the indicator rule of §5.2:
//! pace against elapsed time for cumulative and flow indicators, the latest value against the
//! year's target for rates, counts and indices, and a judgement in the plan's own words.

use chrono::NaiveDate;

use super::markdown::{cell, inline, table};
use super::minutes::{date_text, latest_report};
use crate::model::{
    Direction, Indicator, IndicatorKind, ItemStatus, Lang, Light, Observation, Parsed, Period,
    Plan, Printed, SetTarget, Status,
};

/// The judgement of one indicator in one quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Judgement {
    /// 达到/快于序时: the target (or its elapsed share) is reached.
    OnPace,
    /// 略低于序时: behind by less than 10 points.
    SlightlyBehind,
    /// 明显滞后: behind by 10 points or more.
    ClearlyBehind,
    /// The plan sets no target for the year (and the taskforce set none): not judged.
    NoTarget,
    /// The target is 完成下达指标, whatever the province assigns: not judged until assigned.
    Assigned,
    /// No value or estimate was recorded for the year yet.
    NoValue,
}

impl Judgement {
    /// Display label.
    pub fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Judgement::OnPace => ("达到/快于序时", "on or ahead of pace"),
            Judgement::SlightlyBehind => ("略低于序时", "slightly behind"),
            Judgement::ClearlyBehind => ("明显滞后", "clearly behind"),
            Judgement::NoTarget => ("无本年目标，不作判断", "no target for the year; not judged"),
            Judgement::Assigned => (
                "待上级下达指标，不作判断",
                "awaiting the assigned target; not judged",
            ),
            Judgement::NoValue => ("未报送", "not reported"),
        };
        lang.pick(zh, en)
    }

    /// The light the judgement corresponds to (DOMAIN.md §2.2), when judged.
    pub fn light(self) -> Option<Light> {
        match self {
            Judgement::OnPace => Some(Light::Green),
            Judgement::SlightlyBehind => Some(Light::Yellow),
            Judgement::ClearlyBehind => Some(Light::Red),
            _ => None,
        }
    }
}

/// Progress of one indicator in one quarter.
#[derive(Debug, Clone, PartialEq)]
pub struct Pace {
    /// The year's target as printed, `None` when the plan has no column for the year.
    pub target: Option<Parsed>,
    pub target_text: Option<String>,
    /// The latest value or estimate of the year up to the quarter.
    pub value: Option<f64>,
    pub estimated: bool,
    /// The period of that value.
    pub period: Option<Period>,
    /// 序时进度: the share of the year elapsed, in percent (cumulative and flow indicators).
    pub elapsed: Option<f64>,
    /// 完成率: the share of the year's target (or of the year's increment) reached, in percent.
    pub progress: Option<f64>,
    /// The level the year's increment is counted from (cumulative indicators).
    pub start: Option<f64>,
    /// The target is one the taskforce set (the plan has no column for the year).
    pub set_by_taskforce: bool,
    /// Where the year's target comes from.
    pub source: TargetSource,
    /// The level the year starts from is itself a 建议值 (a cumulative indicator in 2027
    /// with no 2026 value and no confirmed 2026 target).
    pub start_suggested: bool,
    pub judgement: Judgement,
}

/// Where the target a judgement uses comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetSource {
    /// The plan's table (2025, 2027).
    Plan,
    /// Set by the taskforce for a year without a column (专班设定), or a 建议值 it confirmed.
    Set,
    /// The figure assigned for a 完成下达指标 cell (上级下达), entered with its basis.
    Assigned,
    /// The linear interpolation between the neighbouring years' targets, not yet confirmed
    /// (建议值): judgements against it say so.
    Suggested,
}

impl TargetSource {
    /// The mark after a target that is not the plan's own: `（建议值）`.
    pub fn marker(self, lang: Lang) -> &'static str {
        match self {
            TargetSource::Plan => "",
            TargetSource::Set => lang.pick("（专班设定）", " (set by the taskforce)"),
            TargetSource::Assigned => lang.pick("（上级下达）", " (assigned)"),
            TargetSource::Suggested => lang.pick("（建议值）", " (suggested)"),
        }
    }

    /// JSON spelling.
    pub fn key(self) -> &'static str {
        match self {
            TargetSource::Plan => "plan",
            TargetSource::Set => "set",
            TargetSource::Assigned => "assigned",
            TargetSource::Suggested => "suggested",
        }
    }
}

/// A target the taskforce set or entered for `ind` and `year`.
fn set_for<'a>(ind: &Indicator, year: i32, targets: &'a [SetTarget]) -> Option<&'a SetTarget> {
    targets
        .iter()
        .find(|t| t.indicator == ind.id && t.year == year)
}

/// The target of `year` that is not a suggestion: the plan's figure, the assigned figure of a
/// 完成下达指标 cell, or the taskforce's.
pub fn fixed_target(
    ind: &Indicator,
    year: i32,
    targets: &[SetTarget],
) -> Option<(Printed, TargetSource)> {
    match (ind.target(year), set_for(ind, year, targets)) {
        (Some(p), Some(t)) if p.parsed == Parsed::Assigned => {
            Some((t.target.clone(), TargetSource::Assigned))
        }
        (Some(p), _) => Some((p.clone(), TargetSource::Plan)),
        (None, Some(t)) => Some((t.target.clone(), TargetSource::Set)),
        (None, None) => None,
    }
}

/// The 建议值 for a year the plan has no column for (2026): the linear interpolation between
/// the targets of the years before and after (DOMAIN.md §5.2 rule 2), with the comparator of
/// the later one (`≥91`, `77.5以上`, `保持100`). `None` when the plan has a column for the
/// year, or a neighbour has no figure yet (完成下达指标 not yet assigned).
pub fn suggested_target(ind: &Indicator, year: i32, targets: &[SetTarget]) -> Option<Printed> {
    if ind.target(year).is_some() {
        return None;
    }
    let number = |y: i32| {
        fixed_target(ind, y, targets).and_then(|(p, _)| p.parsed.number().map(|x| (x, p.parsed)))
    };
    let (before, _) = number(year - 1)?;
    let (after, kind) = number(year + 1)?;
    let x = (before + after) / 2.0;
    let n = number_text(x);
    let text = match kind {
        Parsed::AtLeast(_) => format!("≥{n}"),
        Parsed::Above(_) => format!("{n}以上"),
        Parsed::Maintain(_) => format!("保持{n}"),
        _ => n,
    };
    Printed::from_text(&text)
}

/// The target a judgement of `year` uses, and where it comes from.
pub fn year_target(
    ind: &Indicator,
    year: i32,
    targets: &[SetTarget],
) -> Option<(Printed, TargetSource)> {
    fixed_target(ind, year, targets)
        .or_else(|| suggested_target(ind, year, targets).map(|p| (p, TargetSource::Suggested)))
}

/// The judgement in words; a judgement against a 建议值 says so: `达到/快于序时（对照建议值）`.
pub fn judgement_text(p: &Pace, lang: Lang) -> String {
    let mut t = p.judgement.label(lang).to_string();
    if p.source == TargetSource::Suggested && p.judgement.light().is_some() {
        t.push_str(lang.pick("（对照建议值）", " (against the suggested target)"));
    }
    t
}

/// The target as shown: `615（建议值）`, `8（上级下达）`.
pub fn target_label(p: &Pace, lang: Lang) -> Option<String> {
    p.target_text
        .as_ref()
        .map(|t| format!("{t}{}", p.source.marker(lang)))
}

/// Points behind that still count as "slightly" behind.
pub const SLIGHT_GAP: f64 = 10.0;

fn grade(gap: f64) -> Judgement {
    if gap <= 0.0 {
        Judgement::OnPace
    } else if gap < SLIGHT_GAP {
        Judgement::SlightlyBehind
    } else {
        Judgement::ClearlyBehind
    }
}

/// Judges `ind` at the end of `quarter` of `year` from its recorded `observations`, against
/// the plan's targets only (a year without a column is judged against the 建议值).
pub fn judge(ind: &Indicator, year: i32, quarter: u8, observations: &[&Observation]) -> Pace {
    judge_year(ind, year, quarter, observations, &[])
}

/// [`judge`], with the target the taskforce set for a year the plan has no column for.
pub fn judge_with(
    ind: &Indicator,
    year: i32,
    quarter: u8,
    observations: &[&Observation],
    set: Option<&Printed>,
) -> Pace {
    let targets: Vec<SetTarget> = set
        .map(|t| SetTarget {
            schema: crate::model::SCHEMA,
            indicator: ind.id.clone(),
            year,
            target: t.clone(),
            basis: String::new(),
            set_by: String::new(),
        })
        .into_iter()
        .collect();
    judge_year(ind, year, quarter, observations, &targets)
}

/// Judges `ind` at the end of `quarter` of `year` from its recorded `observations`, with the
/// targets the taskforce set or entered (`targets`, any indicator and year).
///
/// The year's target is the plan's, the assigned figure of a 完成下达指标 cell, the
/// taskforce's, or else the 建议值 (linear interpolation; [`TargetSource::Suggested`]).
/// Cumulative indicators count the year's increment from the level at the start of the year
/// (the latest value recorded in an earlier year, else the previous year's target, a 建议值
/// included: never the stock's share of the target); flow indicators count the year's total;
/// both are compared with the share of the year elapsed when the value was taken (an estimate
/// is of the whole year, so against 100%). Rates, counts and indices compare the latest value
/// with the target itself, in points for rates and in percent of the target otherwise; `≥`
/// and `以上` include the number. A target below the baseline (I20) is simply the target.
pub fn judge_year(
    ind: &Indicator,
    year: i32,
    quarter: u8,
    observations: &[&Observation],
    targets: &[SetTarget],
) -> Pace {
    let target = year_target(ind, year, targets);
    let source = target.as_ref().map_or(TargetSource::Plan, |(_, s)| *s);
    let end = Period::Quarter(year, quarter).last_day();
    let in_year = |o: &&&Observation| {
        o.indicator == ind.id && o.period.first_day().format("%Y").to_string() == year.to_string()
    };
    let latest = observations
        .iter()
        .filter(in_year)
        .filter(|o| o.period.last_day() <= end)
        .max_by_key(|o| (o.period.last_day(), !o.estimated, o.period.first_day()));
    let mut pace = Pace {
        target: target.as_ref().map(|(t, _)| t.parsed),
        target_text: target.as_ref().map(|(t, _)| t.text.clone()),
        value: latest.map(|o| o.value),
        estimated: latest.is_some_and(|o| o.estimated),
        period: latest.map(|o| o.period),
        elapsed: None,
        progress: None,
        start: None,
        set_by_taskforce: source == TargetSource::Set,
        source,
        start_suggested: false,
        judgement: Judgement::NoValue,
    };
    let Some(t) = target.map(|(t, _)| t.parsed) else {
        pace.judgement = Judgement::NoTarget;
        return pace;
    };
    let goal = match t {
        Parsed::Missing => {
            pace.judgement = Judgement::NoTarget;
            return pace;
        }
        Parsed::Assigned => {
            pace.judgement = Judgement::Assigned;
            return pace;
        }
        other => other.number().unwrap_or(0.0),
    };
    let Some(obs) = latest else { return pace };
    let v = obs.value;
    let lower = ind.direction == Direction::LowerBetter;
    match ind.kind {
        IndicatorKind::Cumulative | IndicatorKind::AnnualFlow => {
            // The share of the year elapsed when the value was taken (an estimate is of the
            // whole year).
            let elapsed = match obs.period {
                _ if obs.estimated => 100.0,
                Period::Quarter(_, q) => f64::from(q) * 25.0,
                Period::Month(_, m) => f64::from(m) * 100.0 / 12.0,
                Period::Week(..) => f64::from(quarter) * 25.0,
            };
            let start = if ind.kind == IndicatorKind::Cumulative {
                start_of_year(ind, year, observations, targets)
            } else {
                None
            };
            let progress = match start {
                Some((s, _)) if (goal - s).abs() > f64::EPSILON => (v - s) / (goal - s) * 100.0,
                _ if goal != 0.0 => v / goal * 100.0,
                _ => 100.0,
            };
            pace.start = start.map(|(s, _)| s);
            pace.start_suggested = start.is_some_and(|(_, suggested)| suggested);
            pace.elapsed = Some(elapsed);
            pace.progress = Some(progress);
            pace.judgement = grade(elapsed - progress);
        }
        IndicatorKind::Rate | IndicatorKind::Count | IndicatorKind::Index => {
            pace.progress = (goal != 0.0).then(|| v / goal * 100.0);
            // ≥ and 以上 include the number (DOMAIN.md §5.2).
            let met = if lower { v <= goal } else { v >= goal };
            pace.judgement = if met {
                Judgement::OnPace
            } else {
                let points = if lower { v - goal } else { goal - v };
                let gap = if ind.kind == IndicatorKind::Rate || goal == 0.0 {
                    points
                } else {
                    points / goal * 100.0
                };
                grade(gap.max(f64::MIN_POSITIVE))
            };
        }
    }
    pace
}

/// The level a cumulative indicator starts the year from, and whether it is a 建议值: the
/// latest value recorded before the year, else the 2024 figure (for 2025), else the previous
/// year's target (the plan's, the taskforce's, or the 建议值).
fn start_of_year(
    ind: &Indicator,
    year: i32,
    observations: &[&Observation],
    targets: &[SetTarget],
) -> Option<(f64, bool)> {
    let before = Period::Quarter(year, 1).first_day();
    let earlier = observations
        .iter()
        .filter(|o| o.indicator == ind.id && o.period.last_day() < before)
        .max_by_key(|o| (o.period.last_day(), !o.estimated));
    if let Some(o) = earlier {
        return Some((o.value, false));
    }
    if year == 2025 {
        return ind.city_2024.parsed.number().map(|x| (x, false));
    }
    year_target(ind, year - 1, targets).and_then(|(t, source)| {
        t.parsed
            .number()
            .map(|x| (x, source == TargetSource::Suggested))
    })
}

/// A number as people write it: at most two decimals, no trailing zeros.
pub fn number_text(x: f64) -> String {
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

/// A percentage with one decimal.
pub fn percent_text(x: f64) -> String {
    format!("{x:.1}%")
}

/// What the quarterly report is made from.
pub struct QuarterlyInput<'a> {
    pub plan: &'a Plan,
    pub year: i32,
    pub quarter: u8,
    /// The day the lights and overdue items are assessed on.
    pub today: NaiveDate,
    pub lang: Lang,
}

/// The pace column: `完成71.4%／序时75.0%` or `完成率103.8%`.
pub fn pace_text(p: &Pace, lang: Lang) -> String {
    match (p.progress, p.elapsed) {
        (Some(done), Some(elapsed)) => match lang {
            Lang::Zh => format!("完成{}／序时{}", percent_text(done), percent_text(elapsed)),
            Lang::En => format!(
                "{} done / {} elapsed",
                percent_text(done),
                percent_text(elapsed)
            ),
        },
        (Some(done), None) => format!("{}{}", lang.pick("完成率", "attained "), percent_text(done)),
        _ => "—".into(),
    }
}

/// Renders the quarterly summary.
pub fn render_quarterly(input: &QuarterlyInput) -> String {
    let lang = input.lang;
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let plan = input.plan;
    let (year, q) = (input.year, input.quarter);
    let mut t = String::new();
    match lang {
        Lang::Zh => t.push_str(&format!(
            "# {} {year}年第{q}季度工作总结\n\n",
            inline(&plan.meta.taskforce)
        )),
        Lang::En => t.push_str(&format!(
            "# {}: summary of {year} Q{q}\n\n",
            inline(&plan.meta.taskforce)
        )),
    }
    match lang {
        Lang::Zh => t.push_str(&format!("（截至{}）\n\n", date_text(input.today, lang))),
        Lang::En => t.push_str(&format!("(as of {})\n\n", date_text(input.today, lang))),
    }

    // 一、总体进展
    t.push_str(&format!(
        "## {}\n\n",
        l("一、总体进展", "1. Overall progress")
    ));
    let header = [
        l("行动", "Action"),
        l("举措", "Measures"),
        l("未启动", "Not started"),
        l("推进中", "In progress"),
        l("已完成", "Done"),
        l("已销号", "Closed"),
        l("暂缓", "Suspended"),
        l("绿", "Green"),
        l("蓝", "Blue"),
        l("未报", "Unreported"),
        l("黄", "Yellow"),
        l("红", "Red"),
    ];
    let mut rows = Vec::new();
    let status_count = |ms: &[&crate::model::Measure], s: Status| {
        ms.iter().filter(|m| m.status == s).count().to_string()
    };
    for a in &plan.actions {
        let ms: Vec<&crate::model::Measure> = plan.measures_of(&a.id).collect();
        let c = plan.light_counts(ms.iter().copied(), input.today);
        let mut row = vec![format!("{} {}", a.id, cell(&a.title)), ms.len().to_string()];
        row.extend(Status::ALL.iter().map(|s| status_count(&ms, *s)));
        row.extend(
            [c.green, c.blue, c.unreported, c.yellow, c.red]
                .iter()
                .map(ToString::to_string),
        );
        rows.push(row);
    }
    let all: Vec<&crate::model::Measure> = plan.measures.iter().collect();
    let c = plan.light_counts(all.iter().copied(), input.today);
    let mut total = vec![l("合计", "Total").to_string(), all.len().to_string()];
    total.extend(Status::ALL.iter().map(|s| status_count(&all, *s)));
    total.extend(
        [c.green, c.blue, c.unreported, c.yellow, c.red]
            .iter()
            .map(ToString::to_string),
    );
    let unreported = c.unreported;
    rows.push(total);
    t.push_str(&table(&header, &rows));
    t.push('\n');
    // Values the plan does not give are defaults until a person sets them: say so.
    if let Some(text) = crate::model::AssumedCounts::of(&plan.measures).sentence(lang) {
        t.push_str(&format!("{text}\n\n"));
    }

    // 二、指标完成情况
    t.push_str(&format!(
        "## {}\n\n",
        l("二、指标完成情况", "2. Indicators")
    ));
    let observations: Vec<&Observation> = plan.observations.iter().collect();
    let header = [
        l("序号", "No."),
        l("指标", "Indicator"),
        l("单位", "Unit"),
        l("2024基期值", "2024 baseline"),
        l("本年目标", "Target this year"),
        l("本期值（或预计）", "Latest value (or estimate)"),
        l("序时进度/完成率", "Pace"),
        l("判断", "Judgement"),
        l("牵头单位", "Lead unit"),
        l("说明", "Note"),
    ];
    let mut rows = Vec::new();
    let mut behind = Vec::new();
    let mut unjudged = 0;
    for ind in &plan.indicators {
        let set = plan
            .targets
            .iter()
            .find(|t| t.indicator == ind.id && t.year == year);
        let p = judge_year(ind, year, q, &observations, &plan.targets);
        let target = match target_label(&p, lang) {
            Some(text) => cell(&text),
            None => l("方案未设定", "not set in the plan").to_string(),
        };
        let value = match (p.value, p.period) {
            (Some(v), Some(period)) => {
                let est = if p.estimated {
                    l("（预计全年）", " (full-year estimate)")
                } else {
                    ""
                };
                format!("{}{est}（{period}）", number_text(v))
            }
            _ => l("未报送", "none").to_string(),
        };
        let mut notes = Vec::new();
        if let (Some(goal), Some(base)) = (
            p.target.and_then(Parsed::number),
            ind.city_2024.parsed.number(),
        ) && ind.direction == Direction::HigherBetter
            && goal < base
        {
            notes.push(l("本年目标低于基期值", "target below the baseline").to_string());
        }
        if ind.city_2024.parsed == Parsed::Missing {
            notes.push(l("无2024基期值", "no 2024 baseline").to_string());
        }
        if let Some(t) =
            set.filter(|_| matches!(p.source, TargetSource::Set | TargetSource::Assigned))
        {
            notes.push(format!("{}{}", l("目标依据：", "target basis: "), t.basis));
        }
        if p.source == TargetSource::Suggested {
            notes.push(
                l(
                    "方案未列本年目标，按相邻年份目标线性插值，待专班确认",
                    "no target in the plan for the year: linear interpolation of the neighbouring years, to be confirmed by the taskforce",
                )
                .to_string(),
            );
        }
        if let Some(start) = p.start {
            notes.push(format!(
                "{}{}{}",
                l("年初值", "start of year "),
                number_text(start),
                if p.start_suggested {
                    l("（上年建议值）", " (last year's suggested target)")
                } else {
                    ""
                }
            ));
        }
        if let Some(o) = plan
            .observations
            .iter()
            .find(|o| o.indicator == ind.id && Some(o.period) == p.period && !o.note.is_empty())
        {
            notes.push(o.note.clone());
        }
        if matches!(
            p.judgement,
            Judgement::ClearlyBehind | Judgement::SlightlyBehind
        ) {
            behind.push((ind, judgement_text(&p, lang)));
        }
        if p.judgement != Judgement::OnPace {
            unjudged += 1;
        }
        rows.push(vec![
            ind.number.to_string(),
            cell(&ind.name),
            cell(&ind.unit),
            cell(&ind.city_2024.text),
            target,
            value,
            pace_text(&p, lang),
            judgement_text(&p, lang),
            cell(&ind.lead_unit),
            cell(&notes.join(l("；", "; "))),
        ]);
    }
    t.push_str(&table(&header, &rows));
    t.push('\n');

    // 三、标志性成果
    t.push_str(&format!(
        "## {}\n\n",
        l("三、标志性成果", "3. Landmark achievements")
    ));
    let landmarks: Vec<_> = plan.landmarks.iter().filter(|x| x.year == year).collect();
    if landmarks.is_empty() {
        t.push_str(&format!(
            "{}\n\n",
            l(
                "本年度尚未确定标志性成果。",
                "No landmark achievements are set for the year."
            )
        ));
    } else {
        let header = [
            l("编号", "Id"),
            l("成果", "Achievement"),
            l("关联举措", "Measures"),
            l("牵头单位", "Lead unit"),
            l("佐证材料", "Evidence"),
            l("状态", "Status"),
        ];
        let rows: Vec<Vec<String>> = landmarks
            .iter()
            .map(|x| {
                vec![
                    x.id.to_string(),
                    cell(&x.title),
                    cell(
                        &x.measures
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                    cell(&x.lead_unit),
                    cell(&x.evidence.join(l("；", "; "))),
                    x.status.label(lang).to_string(),
                ]
            })
            .collect();
        t.push_str(&table(&header, &rows));
        t.push('\n');
    }

    // 四、存在问题
    t.push_str(&format!("## {}\n\n", l("四、存在问题", "4. Problems")));
    let flagged: Vec<(Light, &crate::model::Measure)> = {
        let mut v: Vec<_> = plan
            .measures
            .iter()
            .map(|m| (plan.assess(m, input.today).light, m))
            .filter(|(light, _)| matches!(light, Light::Red | Light::Yellow))
            .collect();
        v.sort_by_key(|f| std::cmp::Reverse(f.0));
        v
    };
    // Never "all on pace" without data: what was not reported or cannot be judged is said.
    if unreported > 0 {
        t.push_str(&match lang {
            Lang::Zh => format!(
                "未报送{unreported}项：这些改革举措从未报送进展，无法判断是否按序时推进。\n\n"
            ),
            Lang::En => format!(
                "{unreported} not reported: these measures never reported, so their progress cannot be judged.\n\n"
            ),
        });
    }
    if flagged.is_empty() && unreported == 0 {
        t.push_str(&format!(
            "{}\n\n",
            l("本季度无红灯、黄灯举措。", "No red or yellow measure.")
        ));
    }
    if behind.is_empty() && unjudged == 0 {
        t.push_str(&format!(
            "{}\n\n",
            l("指标均达到序时。", "Every indicator is on pace.")
        ));
    }
    if behind.is_empty() && unjudged > 0 {
        t.push_str(&match lang {
            Lang::Zh => format!(
                "{unjudged}项指标尚无本期值或本年目标，暂不能判断是否达到序时。\n\n"
            ),
            Lang::En => format!(
                "{unjudged} indicators have no value or no target for the year yet, so their pace cannot be judged.\n\n"
            ),
        });
    }
    if !flagged.is_empty() {
        let header = [
            l("编号", "Id"),
            l("举措", "Measure"),
            l("牵头单位", "Lead unit"),
            l("亮灯", "Light"),
            l("存在问题", "Problems"),
            l("需协调事项", "Asks"),
        ];
        let rows: Vec<Vec<String>> = flagged
            .iter()
            .map(|(light, m)| {
                let r = latest_report(plan, &m.id);
                vec![
                    m.id.to_string(),
                    cell(&m.title),
                    cell(&m.lead_unit),
                    format!("{}{}", light.label(lang), l("灯", "")),
                    cell(r.map(|r| r.problems.as_str()).unwrap_or("")),
                    cell(r.map(|r| r.asks.as_str()).unwrap_or("")),
                ]
            })
            .collect();
        t.push_str(&table(&header, &rows));
        t.push('\n');
    }
    for (ind, j) in &behind {
        t.push_str(&format!("- {} {}：{}\n", ind.id, inline(&ind.name), j));
    }
    if !behind.is_empty() {
        t.push('\n');
    }

    // 五、下季度工作安排
    t.push_str(&format!(
        "## {}\n\n",
        l("五、下季度工作安排", "5. Next quarter")
    ));
    let next = Period::Quarter(year, q).next();
    let decided_by_today = |i: &&crate::model::ActionItem| {
        plan.meetings
            .iter()
            .any(|m| m.id == i.meeting && m.time.date() <= input.today)
    };
    let due: Vec<_> = plan
        .items
        .iter()
        .filter(|i| i.status != ItemStatus::Closed && i.deadline <= next.last_day())
        .filter(decided_by_today)
        .collect();
    if due.is_empty() {
        t.push_str(&format!(
            "{}\n",
            l(
                "下季度无到期的议定事项。",
                "No action item falls due next quarter."
            )
        ));
    } else {
        t.push_str(&format!(
            "{}\n\n",
            l(
                "下季度到期或逾期的议定事项：",
                "Action items due by the end of next quarter, or overdue:"
            )
        ));
        let header = [
            l("编号", "Id"),
            l("事项", "Decision"),
            l("责任单位", "Lead unit"),
            l("时限", "Deadline"),
            l("状态", "Status"),
        ];
        let rows: Vec<Vec<String>> = due
            .iter()
            .map(|i| {
                let state = if i.is_overdue(input.today) {
                    l("逾期", "overdue")
                } else {
                    i.status.label(lang)
                };
                vec![
                    i.id.to_string(),
                    cell(&i.text),
                    cell(&i.lead_unit),
                    date_text(i.deadline, lang),
                    state.to_string(),
                ]
            })
            .collect();
        t.push_str(&table(&header, &rows));
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Id, Printed};

    fn indicator(kind: IndicatorKind, base: &str, t2025: &str, t2027: &str) -> Indicator {
        Indicator {
            schema: 1,
            id: Id::parse("I99").unwrap(),
            number: 99,
            printed_name: String::new(),
            name: "测试".into(),
            unit: "%".into(),
            group: String::new(),
            subgroup: None,
            lead_unit: "市民政局".into(),
            kind,
            direction: Direction::HigherBetter,
            province_2024: Printed::from_text("/").unwrap(),
            city_2024: Printed::from_text(base).unwrap(),
            target_2025: Printed::from_text(t2025).unwrap(),
            target_2027: Printed::from_text(t2027).unwrap(),
            measures: vec![],
        }
    }

    fn obs(period: &str, value: f64, estimated: bool) -> Observation {
        Observation {
            schema: 1,
            indicator: Id::parse("I99").unwrap(),
            period: Period::parse(period).unwrap(),
            value,
            estimated,
            note: String::new(),
            recorded_by: String::new(),
        }
    }

    #[test]
    fn target_below_baseline_is_judged_against_the_target() {
        let ind = indicator(IndicatorKind::Rate, "89.63", "85", "90");
        let o = obs("2025-Q3", 88.0, false);
        let p = judge(&ind, 2025, 3, &[&o]);
        assert_eq!(p.judgement, Judgement::OnPace);
        assert!((p.progress.unwrap() - 88.0 / 85.0 * 100.0).abs() < 1e-9);
        let o = obs("2025-Q3", 80.0, false);
        assert_eq!(
            judge(&ind, 2025, 3, &[&o]).judgement,
            Judgement::SlightlyBehind
        );
    }

    #[test]
    fn cumulative_counts_the_increment_and_flows_the_total() {
        let ind = indicator(IndicatorKind::Cumulative, "1.6", "3.7", "6.6");
        let o = obs("2025-Q2", 2.2, false);
        let p = judge(&ind, 2025, 2, &[&o]);
        assert_eq!(p.start, Some(1.6));
        assert!((p.progress.unwrap() - 0.6 / 2.1 * 100.0).abs() < 1e-9);
        assert_eq!(p.judgement, Judgement::ClearlyBehind);
        let ind = indicator(IndicatorKind::AnnualFlow, "2816", "2800", "2500");
        let o = obs("2025-Q3", 2000.0, false);
        let p = judge(&ind, 2025, 3, &[&o]);
        assert_eq!(p.elapsed, Some(75.0));
        assert_eq!(p.judgement, Judgement::SlightlyBehind);
        let o = obs("2025-Q3", 2900.0, true);
        assert_eq!(judge(&ind, 2025, 3, &[&o]).judgement, Judgement::OnPace);
    }

    #[test]
    fn no_column_and_assigned_targets_are_not_judged() {
        let ind = indicator(IndicatorKind::AnnualFlow, "/", "7.64", "完成下达指标");
        let o = obs("2026-Q3", 5.0, false);
        assert_eq!(judge(&ind, 2026, 3, &[&o]).judgement, Judgement::NoTarget);
        let o = obs("2027-Q1", 5.0, false);
        let p = judge(&ind, 2027, 1, &[&o]);
        assert_eq!(p.judgement, Judgement::Assigned);
        assert_eq!(p.value, Some(5.0));
    }
}
