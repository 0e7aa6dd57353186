//! The one-page 简报 for the leader before a 周调度: counts by light and by unit, new reds and
//! their causes, overdue 议定事项 and indicators behind pace. Markdown; `docx` makes the Word
//! version of it.

use chrono::{Datelike, NaiveDate};

use super::{light_word, units_in_order};
use crate::meeting::markdown::{cell, inline, table};
use crate::meeting::minutes::{date_text, latest_report};
use crate::meeting::quarterly::{Judgement, judge_with, pace_text};
use crate::meeting::{Change, ChangeKind};
use crate::model::{Lang, Light, Period, Plan, meeting_kind_label};

/// Everything the brief is made from.
pub struct BriefInput<'a> {
    pub plan: &'a Plan,
    /// The review since the last meeting of the kind.
    pub changes: &'a [Change],
    /// What the review runs from (`2026年第47周周调度（11月20日）` or the plan's import).
    pub since: String,
    /// The period reports are counted for.
    pub period: Period,
    pub today: NaiveDate,
    pub lang: Lang,
}

/// Renders the brief.
pub fn render(input: &BriefInput) -> String {
    let lang = input.lang;
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let plan = input.plan;
    let today = input.today;
    let kind = meeting_kind_label(input.period.cycle(), lang);
    let mut t = String::new();
    match lang {
        Lang::Zh => {
            t.push_str(&format!(
                "# {} {kind}简报\n\n",
                inline(&plan.meta.taskforce)
            ));
            t.push_str(&format!(
                "（{}　截至{}）\n\n",
                input.period,
                date_text(today, lang)
            ));
        }
        Lang::En => {
            t.push_str(&format!(
                "# {}: brief for the {kind}\n\n",
                inline(&plan.meta.taskforce)
            ));
            t.push_str(&format!("({}, as of {})\n\n", input.period, today));
        }
    }

    // 一、总体情况
    t.push_str(&format!("## {}\n\n", l("一、总体情况", "1. Overview")));
    let lights: Vec<(Light, usize)> = Light::ALL
        .into_iter()
        .map(|light| {
            let n = plan
                .measures
                .iter()
                .filter(|m| plan.assess(m, today).light == light)
                .count();
            (light, n)
        })
        .collect();
    let reported =
        |m: &crate::model::Measure| super::remind::reported_in(plan, &m.id, input.period);
    let due: Vec<&crate::model::Measure> = plan
        .measures
        .iter()
        .filter(|m| !m.status.is_done() && m.start <= input.period.last_day())
        .collect();
    let filed = due.iter().filter(|m| reported(m)).count();
    let counts: Vec<String> = lights
        .iter()
        .map(|(light, n)| match lang {
            Lang::Zh => format!("{}{n}项", light_word(*light, lang)),
            Lang::En => format!("{n} {}", light_word(*light, lang)),
        })
        .collect();
    match lang {
        Lang::Zh => t.push_str(&format!(
            "{}项改革举措中{}；本期应报送{}项，已报送{filed}项，未报送{}项。\n\n",
            plan.measures.len(),
            counts.join("、"),
            due.len(),
            due.len() - filed
        )),
        Lang::En => t.push_str(&format!(
            "Of {} measures: {}; {} due to report this period, {filed} reported, {} not.\n\n",
            plan.measures.len(),
            counts.join(", "),
            due.len(),
            due.len() - filed
        )),
    }
    let mut header: Vec<String> = vec![
        l("牵头单位", "Lead unit").into(),
        l("举措", "Measures").into(),
    ];
    header.extend(Light::ALL.iter().map(|x| x.label(lang).to_string()));
    header.push(l("本期未报", "Not reported").into());
    let units = units_in_order(plan, plan.measures.iter().map(|m| m.lead_unit.as_str()));
    let mut rows = Vec::new();
    for u in &units {
        let ms: Vec<&crate::model::Measure> =
            plan.measures.iter().filter(|m| &m.lead_unit == u).collect();
        let mut row = vec![cell(u), ms.len().to_string()];
        for light in Light::ALL {
            let n = ms
                .iter()
                .filter(|m| plan.assess(m, today).light == light)
                .count();
            row.push(n.to_string());
        }
        let missing = ms
            .iter()
            .filter(|m| !m.status.is_done() && m.start <= input.period.last_day() && !reported(m))
            .count();
        row.push(missing.to_string());
        rows.push(row);
    }
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    t.push_str(&table(&header_refs, &rows));
    t.push('\n');

    // 二、新增红灯及原因
    t.push_str(&format!(
        "## {}\n\n",
        l("二、新增红灯及原因", "2. New reds and why")
    ));
    match lang {
        Lang::Zh => t.push_str(&format!("统计范围：{}。\n\n", inline(&input.since))),
        Lang::En => t.push_str(&format!("Counted {}.\n\n", inline(&input.since))),
    }
    let reds: Vec<&Change> = input
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::NewRed)
        .collect();
    if reds.is_empty() {
        t.push_str(&format!("{}\n\n", l("无新增红灯。", "No new red.")));
    }
    for (n, c) in reds.iter().enumerate() {
        let Some(m) = plan.measures.iter().find(|m| m.id.as_str() == c.id) else {
            continue;
        };
        let a = plan.assess(m, today);
        let why: Vec<String> = a
            .reasons
            .iter()
            .filter(|(rl, _)| *rl == a.light)
            .map(|(_, r)| r.describe(lang))
            .collect();
        let by = match &c.by {
            Some(b) => match lang {
                Lang::Zh => format!("{}{}报送", b.author, date_text(b.time.date_naive(), lang)),
                Lang::En => format!("reported by {} on {}", b.author, b.time.date_naive()),
            },
            None => l("随时间推移", "time passing").to_string(),
        };
        let problems = latest_report(plan, &m.id)
            .map(|r| r.problems.trim().to_string())
            .filter(|p| !p.is_empty());
        let line = match lang {
            Lang::Zh => format!(
                "{} {}（{}）：{}（{by}）{}",
                m.id,
                m.title,
                m.lead_unit,
                why.join("；"),
                problems
                    .map(|p| format!("。存在问题：{p}"))
                    .unwrap_or_default()
            ),
            Lang::En => format!(
                "{} {} ({}): {} ({by}){}",
                m.id,
                m.title,
                m.lead_unit,
                why.join("; "),
                problems
                    .map(|p| format!(". Problems: {p}"))
                    .unwrap_or_default()
            ),
        };
        t.push_str(&format!("{}. {}\n", n + 1, inline(&line)));
    }
    if !reds.is_empty() {
        t.push('\n');
    }

    // 三、逾期议定事项
    t.push_str(&format!(
        "## {}\n\n",
        l("三、逾期议定事项", "3. Overdue decisions")
    ));
    let overdue: Vec<&crate::model::ActionItem> =
        plan.items.iter().filter(|i| i.is_overdue(today)).collect();
    if overdue.is_empty() {
        t.push_str(&format!("{}\n\n", l("无逾期议定事项。", "None.")));
    }
    for (n, i) in overdue.iter().enumerate() {
        let days = (today - i.deadline).num_days();
        let feedback = if i.feedback.trim().is_empty() {
            l("未反馈落实情况", "no feedback").to_string()
        } else {
            i.feedback.clone()
        };
        let line = match lang {
            Lang::Zh => format!(
                "{} {}（{}牵头，时限{}，已逾期{days}天）：{feedback}",
                i.id,
                i.text,
                i.lead_unit,
                date_text(i.deadline, lang)
            ),
            Lang::En => format!(
                "{} {} ({}, due {}, {days} days overdue): {feedback}",
                i.id, i.text, i.lead_unit, i.deadline
            ),
        };
        t.push_str(&format!("{}. {}\n", n + 1, inline(&line)));
    }
    if !overdue.is_empty() {
        t.push('\n');
    }

    // 四、落后序时的指标
    t.push_str(&format!(
        "## {}\n\n",
        l("四、落后序时的指标", "4. Indicators behind pace")
    ));
    let (year, quarter) = (today.year(), today.month0() as u8 / 3 + 1);
    let observations: Vec<&crate::model::Observation> = plan.observations.iter().collect();
    let mut behind = Vec::new();
    let mut no_value = 0;
    for ind in &plan.indicators {
        let set = plan
            .targets
            .iter()
            .find(|x| x.indicator == ind.id && x.year == year);
        let p = judge_with(ind, year, quarter, &observations, set.map(|x| &x.target));
        match p.judgement {
            Judgement::SlightlyBehind | Judgement::ClearlyBehind => behind.push((ind, p)),
            Judgement::NoValue => no_value += 1,
            _ => {}
        }
    }
    if behind.is_empty() {
        t.push_str(&format!(
            "{}\n\n",
            l("没有落后序时进度的指标。", "No indicator is behind pace.")
        ));
    }
    for (n, (ind, p)) in behind.iter().enumerate() {
        let line = format!(
            "{} {}（{}）：{}，{}",
            ind.id,
            ind.name,
            ind.lead_unit,
            pace_text(p, lang),
            p.judgement.label(lang)
        );
        t.push_str(&format!("{}. {}\n", n + 1, inline(&line)));
    }
    if !behind.is_empty() {
        t.push('\n');
    }
    if no_value > 0 {
        match lang {
            Lang::Zh => t.push_str(&format!("另有{no_value}项指标本年尚未报送数据。\n")),
            Lang::En => t.push_str(&format!(
                "{no_value} more indicator(s) have no value for the year yet.\n"
            )),
        }
    }
    t
}
