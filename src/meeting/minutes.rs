//! Minutes (会议纪要) as GitHub-flavoured markdown, following DOMAIN.md §4.2.
//!
//! Rendering is a pure function of the plans, the meeting and the review, so the same data
//! always gives the same bytes.

use chrono::NaiveDate;
use serde_json::Value;

use super::diff::{Change, ChangeKind};
use super::markdown::{cell, inline, table};
use crate::model::{
    ActionItem, ItemStatus, Lang, Light, LightCounts, Meeting, Plan, Report, Status,
    meeting_kind_label,
};

/// Everything the minutes are made from.
pub struct MinutesInput<'a> {
    /// The plan as it stood when the meeting was held (or now, for an open meeting).
    pub plan: &'a Plan,
    /// The plan at the baseline (the previous meeting of the kind).
    pub baseline: &'a Plan,
    /// The day the baseline's lights are assessed on.
    pub base_date: NaiveDate,
    pub meeting: &'a Meeting,
    /// The review from the baseline to the meeting.
    pub changes: &'a [Change],
    pub lang: Lang,
}

/// An action item of an earlier meeting heard again, with how often it has been carried.
#[derive(Debug, Clone, PartialEq)]
pub struct CarriedItem<'a> {
    pub item: &'a ActionItem,
    /// The meeting that raised it.
    pub raised_in: &'a Meeting,
    /// How many later meetings, up to and including this one, it has appeared in.
    pub carried: usize,
}

/// The items of earlier meetings heard in `meeting`: every item not yet struck off, and those
/// struck off since the baseline (so each closure is reported once).
pub fn carried_items<'a>(
    plan: &'a Plan,
    baseline: &Plan,
    meeting: &Meeting,
) -> Vec<CarriedItem<'a>> {
    let key = |m: &Meeting| (m.time, m.id.clone());
    let mut out = Vec::new();
    for item in &plan.items {
        let Some(raised) = plan.meetings.iter().find(|m| m.id == item.meeting) else {
            continue;
        };
        if key(raised) >= key(meeting) {
            continue;
        }
        let closed_before = baseline
            .items
            .iter()
            .any(|o| o.id == item.id && o.status == ItemStatus::Closed);
        if item.status == ItemStatus::Closed && closed_before {
            continue;
        }
        let carried = plan
            .meetings
            .iter()
            .filter(|m| key(m) > key(raised) && key(m) <= key(meeting))
            .count();
        out.push(CarriedItem {
            item,
            raised_in: raised,
            carried,
        });
    }
    out.sort_by(|a, b| {
        (key(a.raised_in), a.item.number, &a.item.id).cmp(&(
            key(b.raised_in),
            b.item.number,
            &b.item.id,
        ))
    });
    out
}

/// `2026年12月31日` or `2026-12-31`.
pub fn date_text(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Zh => d.format("%Y年%-m月%-d日").to_string(),
        Lang::En => d.format("%Y-%m-%d").to_string(),
    }
}

fn deadline_text(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}前", date_text(d, lang)),
        Lang::En => format!("by {}", date_text(d, lang)),
    }
}

/// Display of a JSON value of a change (lights, statuses and dates by their labels).
pub fn value_text(v: &Value, lang: Lang) -> String {
    match v {
        Value::Null => "—".into(),
        Value::Bool(true) => lang.pick("是", "yes").into(),
        Value::Bool(false) => lang.pick("否", "no").into(),
        Value::String(s) => {
            if let Some(l) = Light::ALL.into_iter().find(|l| format!("{l:?}") == *s) {
                return format!("{}{}", l.label(lang), lang.pick("灯", ""));
            }
            if let Some(st) = Status::ALL.into_iter().find(|x| format!("{x:?}") == *s) {
                return st.label(lang).into();
            }
            if let Some(st) = [
                ItemStatus::Open,
                ItemStatus::DoneAwaitingReview,
                ItemStatus::Closed,
            ]
            .into_iter()
            .find(|x| format!("{x:?}") == *s)
            {
                return st.label(lang).into();
            }
            if let Ok(d) = s.parse::<NaiveDate>() {
                return date_text(d, lang);
            }
            s.clone()
        }
        Value::Number(n) => n
            .as_f64()
            .map_or_else(|| n.to_string(), super::quarterly::number_text),
        other => other.to_string(),
    }
}

/// The latest report of a measure: the one that speaks for the latest day (a late report
/// for an earlier period does not replace a newer one), as the light reads them.
pub fn latest_report<'a>(plan: &'a Plan, id: &crate::model::Id) -> Option<&'a Report> {
    plan.reports_of(id).into_iter().max_by_key(|r| {
        (
            r.reported_on
                .clamp(r.period.first_day(), r.period.last_day()),
            r.reported_on,
        )
    })
}

fn counts_text(c: LightCounts, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "绿灯{}项、蓝灯{}项、黄灯{}项、红灯{}项、未报送{}项",
            c.green, c.blue, c.yellow, c.red, c.unreported
        ),
        Lang::En => format!(
            "{} green, {} blue, {} yellow, {} red, {} not reported",
            c.green, c.blue, c.yellow, c.red, c.unreported
        ),
    }
}

fn signed(n: i64) -> String {
    if n > 0 {
        format!("+{n}")
    } else {
        n.to_string()
    }
}

fn item_state(item: &ActionItem, today: NaiveDate, lang: Lang) -> String {
    if item.is_overdue(today) {
        lang.pick("逾期", "overdue").into()
    } else {
        item.status.label(lang).into()
    }
}

/// Renders the minutes of `input.meeting`.
pub fn render_minutes(input: &MinutesInput) -> String {
    let lang = input.lang;
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let plan = input.plan;
    let m = input.meeting;
    let today = m.time.date();
    let year = m.time.date().format("%Y").to_string();
    let kind = meeting_kind_label(m.kind, lang);
    let mut t = String::new();

    // Title and issue number.
    match lang {
        Lang::Zh => {
            t.push_str(&format!(
                "# {} 第{}次{}纪要\n\n",
                inline(&plan.meta.taskforce),
                m.issue,
                kind
            ));
            t.push_str(&format!("（{year}年第{}期）\n\n", m.issue));
        }
        Lang::En => {
            t.push_str(&format!(
                "# {}: minutes of {kind} no. {}\n\n",
                inline(&plan.meta.taskforce),
                m.issue
            ));
            t.push_str(&format!(
                "(issue {} of {year}, meeting {})\n\n",
                m.issue, m.id
            ));
        }
    }

    // 一、会议概况
    t.push_str(&format!("## {}\n\n", l("一、会议概况", "1. The meeting")));
    let time = match lang {
        Lang::Zh => format!("{} {}", date_text(today, lang), m.time.format("%H:%M")),
        Lang::En => m.time.format("%Y-%m-%d %H:%M").to_string(),
    };
    let sep = l("、", ", ");
    let none = l("（未填写）", "(not recorded)");
    let or_none = |s: &str| {
        if s.trim().is_empty() {
            none.to_string()
        } else {
            inline(s)
        }
    };
    t.push_str(&format!("- {}{time}\n", l("时间：", "Time: ")));
    t.push_str(&format!(
        "- {}{}\n",
        l("地点：", "Place: "),
        or_none(&m.place)
    ));
    t.push_str(&format!(
        "- {}{}\n",
        l("主持：", "Chair: "),
        or_none(&m.chair)
    ));
    let attendees: Vec<String> = m.attendees.iter().map(|a| inline(a)).collect();
    t.push_str(&format!(
        "- {}{}\n",
        l("参会单位：", "Attending units: "),
        if attendees.is_empty() {
            none.to_string()
        } else {
            attendees.join(sep)
        }
    ));
    t.push_str(&format!(
        "- {}{} {}\n",
        l("审阅基线：", "Reviewed since: "),
        &m.baseline[..m.baseline.len().min(12)],
        date_text(input.base_date, lang)
    ));
    t.push_str(&format!(
        "- {}\n\n",
        l("记录：专班办公室", "Minutes: the taskforce office")
    ));

    // 二、上次会议议定事项落实情况
    t.push_str(&format!(
        "## {}\n\n",
        l(
            "二、上次会议议定事项落实情况",
            "2. Follow-up of earlier decisions"
        )
    ));
    let carried = carried_items(plan, input.baseline, m);
    if carried.is_empty() {
        t.push_str(&format!(
            "{}\n\n",
            l(
                "无前次会议议定事项。",
                "No decisions of earlier meetings are open."
            )
        ));
    } else {
        let open = carried
            .iter()
            .filter(|c| c.item.status != ItemStatus::Closed)
            .count();
        match lang {
            Lang::Zh => t.push_str(&format!(
                "前次会议议定事项{}项，已销号{}项，仍在推进{}项。\n\n",
                carried.len(),
                carried.len() - open,
                open
            )),
            Lang::En => t.push_str(&format!(
                "{} earlier decisions: {} closed, {} still open.\n\n",
                carried.len(),
                carried.len() - open,
                open
            )),
        }
        let header = [
            l("编号", "No."),
            l("事项", "Decision"),
            l("责任单位", "Lead unit"),
            l("时限", "Deadline"),
            l("提出会议", "Raised in"),
            l("结转次数", "Carried"),
            l("落实情况", "Feedback"),
            l("状态", "Status"),
        ];
        let rows: Vec<Vec<String>> = carried
            .iter()
            .map(|c| {
                vec![
                    c.item.id.to_string(),
                    cell(&c.item.text),
                    cell(&c.item.lead_unit),
                    deadline_text(c.item.deadline, lang),
                    c.raised_in.id.to_string(),
                    c.carried.to_string(),
                    cell(&c.item.feedback),
                    item_state(c.item, today, lang),
                ]
            })
            .collect();
        t.push_str(&table(&header, &rows));
        t.push('\n');
    }

    // 三、会议听取
    t.push_str(&format!("## {}\n\n", l("三、会议听取", "3. Reports heard")));
    let now = plan.light_counts(plan.measures.iter(), today);
    let before = input
        .baseline
        .light_counts(input.baseline.measures.iter(), input.base_date);
    let new_reds = input
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::NewRed)
        .count();
    match lang {
        Lang::Zh => t.push_str(&format!(
            "会议听取了专班办公室关于“9+70+10”改革任务推进情况的汇报：{}项改革举措中{}（上次会议时{}；较上次新增红灯{}项）。\n\n",
            plan.measures.len(),
            counts_text(now, lang),
            counts_text(before, lang),
            new_reds
        )),
        Lang::En => t.push_str(&format!(
            "The meeting heard the office's report on the reform measures: of {} measures, {} (at the last meeting: {}; {} new red).\n\n",
            plan.measures.len(),
            counts_text(now, lang),
            counts_text(before, lang),
            new_reds
        )),
    }
    if let Some(text) = crate::model::AssumedCounts::of(&plan.measures).sentence(lang) {
        t.push_str(&format!("{text}\n\n"));
    }
    t.push_str(&format!(
        "### {}\n\n",
        l("（一）各行动亮灯情况", "3.1 Lights by action")
    ));
    let header = [
        l("行动", "Action"),
        l("举措", "Measures"),
        l("绿", "Green"),
        l("蓝", "Blue"),
        l("黄", "Yellow"),
        l("红", "Red"),
        l("未报", "Unreported"),
        l("红灯较上次", "Red change"),
    ];
    let mut rows = Vec::new();
    for a in &plan.actions {
        let c = plan.light_counts(plan.measures_of(&a.id), today);
        let b = input
            .baseline
            .light_counts(input.baseline.measures_of(&a.id), input.base_date);
        let n = plan.measures_of(&a.id).count();
        rows.push(vec![
            format!("{} {}", a.id, cell(&a.title)),
            n.to_string(),
            c.green.to_string(),
            c.blue.to_string(),
            c.yellow.to_string(),
            c.red.to_string(),
            c.unreported.to_string(),
            signed(c.red as i64 - b.red as i64),
        ]);
    }
    rows.push(vec![
        l("合计", "Total").to_string(),
        plan.measures.len().to_string(),
        now.green.to_string(),
        now.blue.to_string(),
        now.yellow.to_string(),
        now.red.to_string(),
        now.unreported.to_string(),
        signed(now.red as i64 - before.red as i64),
    ]);
    t.push_str(&table(&header, &rows));
    t.push('\n');

    t.push_str(&format!(
        "### {}\n\n",
        l(
            "（二）上次会议以来的变化",
            "3.2 Changes since the last meeting"
        )
    ));
    // This meeting's own decisions are section 四, not news heard in the meeting.
    let own = |c: &&Change| {
        matches!(
            c.kind,
            ChangeKind::ItemNew
                | ChangeKind::ItemClosed
                | ChangeKind::ItemStatus
                | ChangeKind::NewlyOverdue
        ) && plan
            .items
            .iter()
            .any(|i| i.id.as_str() == c.id && i.meeting == m.id)
    };
    let heard: Vec<&Change> = input.changes.iter().filter(|c| !own(c)).collect();
    if heard.is_empty() {
        t.push_str(&format!(
            "{}\n\n",
            l(
                "上次会议以来无变化。",
                "Nothing changed since the last meeting."
            )
        ));
    }
    let mut groups: Vec<(Option<&crate::model::Id>, Vec<&Change>)> = Vec::new();
    for c in heard {
        match groups.last_mut() {
            Some((a, list)) if *a == c.action.as_ref() => list.push(c),
            _ => groups.push((c.action.as_ref(), vec![c])),
        }
    }
    for (action, list) in groups {
        let heading = match action.and_then(|a| plan.action(a)) {
            Some(a) => format!("{} {}", a.id, inline(&a.title)),
            None => l("综合事项", "Not tied to one action").to_string(),
        };
        t.push_str(&format!("#### {heading}\n\n"));
        let header = [
            l("类别", "Kind"),
            l("编号", "Id"),
            l("变化", "Change"),
            l("修改人", "By"),
            l("时间", "When"),
        ];
        let rows: Vec<Vec<String>> = list.iter().map(|c| change_row(plan, c, lang)).collect();
        t.push_str(&table(&header, &rows));
        t.push('\n');
    }

    t.push_str(&format!(
        "### {}\n\n",
        l("（三）红灯、黄灯举措", "3.3 Red and yellow measures")
    ));
    let mut flagged: Vec<(Light, &crate::model::Measure)> = plan
        .measures
        .iter()
        .map(|ms| (plan.assess(ms, today).light, ms))
        .filter(|(light, _)| matches!(light, Light::Red | Light::Yellow))
        .collect();
    flagged.sort_by_key(|f| std::cmp::Reverse(f.0));
    if flagged.is_empty() {
        t.push_str(&format!(
            "{}\n\n",
            l("目前无红灯、黄灯举措。", "No measure is red or yellow.")
        ));
    } else {
        let header = [
            l("编号", "Id"),
            l("举措", "Measure"),
            l("牵头单位", "Lead unit"),
            l("亮灯", "Light"),
            l("原因", "Why"),
            l("存在问题", "Problems"),
            l("需协调事项", "Asks"),
        ];
        let rows: Vec<Vec<String>> = flagged
            .iter()
            .map(|(light, ms)| {
                let a = plan.assess(ms, today);
                let why: Vec<String> = a
                    .reasons
                    .iter()
                    .filter(|(rl, _)| rl == light)
                    .map(|(_, r)| r.describe(lang))
                    .collect();
                let report = latest_report(plan, &ms.id);
                vec![
                    ms.id.to_string(),
                    cell(&ms.title),
                    cell(&ms.lead_unit),
                    format!("{}{}", light.label(lang), l("灯", "")),
                    cell(&why.join(l("；", "; "))),
                    cell(report.map(|r| r.problems.as_str()).unwrap_or("")),
                    cell(report.map(|r| r.asks.as_str()).unwrap_or("")),
                ]
            })
            .collect();
        t.push_str(&table(&header, &rows));
        t.push('\n');
    }

    // 四、会议议定事项
    t.push_str(&format!("## {}\n\n", l("四、会议议定事项", "4. Decisions")));
    let mut decided: Vec<&ActionItem> = plan.items.iter().filter(|i| i.meeting == m.id).collect();
    decided.sort_by_key(|i| i.number);
    if decided.is_empty() {
        t.push_str(&format!(
            "{}\n",
            l("本次会议未形成议定事项。", "The meeting took no decisions.")
        ));
    } else {
        t.push_str(&format!(
            "{}\n\n",
            l("会议研究，议定如下：", "The meeting decided:")
        ));
        for (n, i) in decided.iter().enumerate() {
            let text = inline(&i.text);
            let co: Vec<String> = i.co_units.iter().map(|u| inline(u)).collect();
            let measure = i
                .measure
                .as_ref()
                .map(|id| format!("{}{id}", l("；关联举措", "; measure ")))
                .unwrap_or_default();
            let line = match lang {
                Lang::Zh => {
                    let co = if co.is_empty() {
                        String::new()
                    } else {
                        format!("，{}配合", co.join("、"))
                    };
                    format!(
                        "{text}。由{}牵头{co}，于{}完成（{}{measure}）。",
                        inline(&i.lead_unit),
                        deadline_text(i.deadline, lang),
                        i.id
                    )
                }
                Lang::En => {
                    let co = if co.is_empty() {
                        String::new()
                    } else {
                        format!(", with {}", co.join(", "))
                    };
                    format!(
                        "{text} Lead: {}{co}; {} ({}{measure}).",
                        inline(&i.lead_unit),
                        deadline_text(i.deadline, lang),
                        i.id
                    )
                }
            };
            t.push_str(&format!("{}. {line}\n", n + 1));
        }
    }
    t
}

fn change_row(plan: &Plan, c: &Change, lang: Lang) -> Vec<String> {
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let name = match c.kind {
        ChangeKind::ItemNew | ChangeKind::ItemClosed | ChangeKind::ItemStatus => plan
            .items
            .iter()
            .find(|i| i.id.as_str() == c.id)
            .map(|i| i.text.clone()),
        ChangeKind::Observation => plan
            .indicators
            .iter()
            .find(|i| i.id.as_str() == c.id)
            .map(|i| i.name.clone()),
        ChangeKind::Landmark => plan
            .landmarks
            .iter()
            .find(|x| x.id.as_str() == c.id)
            .map(|x| x.title.clone()),
        _ => plan
            .measures
            .iter()
            .find(|m| m.id.as_str() == c.id)
            .map(|m| m.title.clone()),
    };
    let what = match c.kind {
        ChangeKind::ItemNew => format!("{}{}", l("新增：", "new: "), value_text(&c.to, lang)),
        ChangeKind::NewlyOverdue => l("已超过完成时限", "past its deadline").to_string(),
        ChangeKind::Observation => format!(
            "{} {} → {}",
            c.period.as_deref().unwrap_or(""),
            value_text(&c.from, lang),
            value_text(&c.to, lang)
        ),
        _ => format!(
            "{} → {}",
            value_text(&c.from, lang),
            value_text(&c.to, lang)
        ),
    };
    let what = match (&name, c.kind) {
        (Some(n), k) if k != ChangeKind::ItemNew => format!("{n}{}{what}", l("：", ": ")),
        _ => what,
    };
    let (by, when) = match &c.by {
        Some(b) => (cell(&b.author), b.time.format("%Y-%m-%d %H:%M").to_string()),
        None => match &c.fired {
            Some(f) => (
                format!("{}{}", f.rule.label(lang), l("（时间推移）", " (time)")),
                f.date.to_string(),
            ),
            None => (
                l("（随时间变化）", "(time passing)").to_string(),
                "—".to_string(),
            ),
        },
    };
    vec![
        c.kind.label(lang).to_string(),
        c.id.clone(),
        cell(&what),
        by,
        when,
    ]
}
