//! `show I08`: an indicator's printed row, this year's target with where it comes from and its
//! basis, and every value recorded (period, value or estimate, note, who and when).

use chrono::Datelike;
use serde::Serialize;

use super::Context;
use super::json::IndicatorJson;
use super::table::{printable, render};
use crate::meeting::quarterly::number_text;
use crate::meeting::{TargetSource, year_target};
use crate::model::{Indicator, Lang, Observation, Plan};
use crate::store::{Entry, Store};

/// The values recorded for `ind`, newest period first, each with the time of the commit that
/// last wrote it (from the indicator's history).
fn recorded<'a>(store: &Store, plan: &'a Plan, ind: &Indicator) -> Vec<(&'a Observation, String)> {
    let mut obs: Vec<&Observation> = plan
        .observations
        .iter()
        .filter(|o| o.indicator == ind.id)
        .collect();
    obs.sort_by_key(|o| std::cmp::Reverse((o.period.last_day(), o.period.first_day())));
    // The history is read only when there is something to date; without it the time is left
    // blank rather than failing the whole command.
    let history: Vec<Entry> = if obs.is_empty() {
        Vec::new()
    } else {
        store
            .history(Some(ind.id.as_str()), None)
            .unwrap_or_default()
    };
    obs.into_iter()
        .map(|o| {
            let period = o.period.to_string();
            let at = history
                .iter()
                .find(|e| {
                    e.changes.iter().any(|c| {
                        c.id == o.indicator.as_str() && c.period.as_deref() == Some(&period)
                    })
                })
                .map(|e| e.time.format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default();
            (o, at)
        })
        .collect()
}

/// A year's target: its text, where it comes from, and the basis and who set it when the
/// taskforce set or entered it.
struct YearTarget {
    text: String,
    source: TargetSource,
    set: Option<(String, String)>,
}

/// The target of `ind` for `year`, if there is one.
fn this_year(plan: &Plan, ind: &Indicator, year: i32) -> Option<YearTarget> {
    let (p, source) = year_target(ind, year, &plan.targets)?;
    let set = plan
        .targets
        .iter()
        .find(|t| t.indicator == ind.id && t.year == year)
        .filter(|_| matches!(source, TargetSource::Set | TargetSource::Assigned))
        .map(|t| (t.basis.clone(), t.set_by.clone()));
    Some(YearTarget {
        text: p.text,
        source,
        set,
    })
}

/// `show I08 --json`: the indicator as `indicators --json` gives it, then this year's target
/// (with who set it) and every value recorded.
#[derive(Serialize)]
pub struct ShowIndicatorJson<'a> {
    #[serde(flatten)]
    pub indicator: IndicatorJson<'a>,
    pub target: ThisYearJson,
    pub observations: Vec<ObservationJson<'a>>,
}

/// This year's target; every field but the year `null` when there is none.
#[derive(Serialize)]
pub struct ThisYearJson {
    pub year: i32,
    pub text: Option<String>,
    pub source: Option<&'static str>,
    pub basis: Option<String>,
    pub set_by: Option<String>,
}

/// A value recorded, with the time of the commit that last wrote it.
#[derive(Serialize)]
pub struct ObservationJson<'a> {
    pub period: String,
    pub value: f64,
    pub estimated: bool,
    pub note: &'a str,
    pub recorded_by: &'a str,
    pub recorded_at: Option<String>,
}

/// The JSON of `show I08 --json`.
pub fn json<'a>(
    store: &Store,
    plan: &'a Plan,
    ind: &'a Indicator,
    ctx: &Context,
) -> ShowIndicatorJson<'a> {
    let year = ctx.today.year();
    let target = match this_year(plan, ind, year) {
        Some(t) => {
            let (basis, set_by) = t.set.unzip();
            ThisYearJson {
                year,
                text: Some(t.text),
                source: Some(t.source.key()),
                basis,
                set_by,
            }
        }
        None => ThisYearJson {
            year,
            text: None,
            source: None,
            basis: None,
            set_by: None,
        },
    };
    let observations = recorded(store, plan, ind)
        .into_iter()
        .map(|(o, at)| ObservationJson {
            period: o.period.to_string(),
            value: o.value,
            estimated: o.estimated,
            note: &o.note,
            recorded_by: &o.recorded_by,
            recorded_at: (!at.is_empty()).then_some(at),
        })
        .collect();
    ShowIndicatorJson {
        indicator: IndicatorJson::new(ind, plan),
        target,
        observations,
    }
}

/// The lines after the indicator's row: this year's target and the values recorded.
pub fn text(store: &Store, plan: &Plan, ind: &Indicator, ctx: &Context) -> String {
    let lang = ctx.lang;
    let year = ctx.today.year();
    let mut out = String::from("\n");
    let target = match this_year(plan, ind, year) {
        Some(YearTarget { text, source, set }) => {
            let from = match source {
                TargetSource::Plan => lang.pick("（方案）", " (plan)"),
                TargetSource::Suggested => lang.pick(
                    "（建议值：前后两年目标的线性插值，未经专班确认）",
                    " (suggested: halfway between the neighbouring years' targets, not yet confirmed)",
                ),
                s => s.marker(lang),
            };
            let mut line = match lang {
                Lang::Zh => format!("{year}年目标：{text}{from}"),
                Lang::En => format!("{year} target: {text}{from}"),
            };
            if let Some((basis, by)) = set {
                line.push_str(&match lang {
                    Lang::Zh => format!("  依据：{basis}  设定人：{by}"),
                    Lang::En => format!("  basis: {basis}  set by {by}"),
                });
            }
            line
        }
        None => match lang {
            Lang::Zh => format!("{year}年目标：未设定"),
            Lang::En => format!("{year} target: not set"),
        },
    };
    out.push_str(&printable(&target));
    out.push('\n');
    let values = recorded(store, plan, ind);
    out.push('\n');
    if values.is_empty() {
        out.push_str(lang.pick("监测值：尚无\n", "values recorded: none\n"));
        return out;
    }
    out.push_str(&match lang {
        Lang::Zh => format!("监测值（{}项）：\n", values.len()),
        Lang::En => format!("values recorded ({}):\n", values.len()),
    });
    let mut rows = vec![
        match lang {
            Lang::Zh => ["期次", "数值", "说明", "录入人", "录入时间"],
            Lang::En => ["period", "value", "note", "recorded by", "recorded at"],
        }
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>(),
    ];
    for (o, at) in values {
        let value = match (lang, o.estimated) {
            (Lang::Zh, true) => format!("预计全年{}{}", number_text(o.value), ind.unit),
            (Lang::Zh, false) => format!("{}{}", number_text(o.value), ind.unit),
            (Lang::En, true) => {
                format!("{} {} (full-year estimate)", number_text(o.value), ind.unit)
            }
            (Lang::En, false) => format!("{} {}", number_text(o.value), ind.unit),
        };
        let note = if o.note.trim().is_empty() {
            "—".to_string()
        } else {
            o.note.clone()
        };
        rows.push(vec![
            o.period.to_string(),
            value,
            note,
            o.recorded_by.clone(),
            at,
        ]);
    }
    out.push_str(&render(&rows));
    out
}
