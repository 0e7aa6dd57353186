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

/// The light of every measure of a plan on one day (in plan order), with counts by action.
struct Lights<'a> {
    plan: &'a Plan,
    lights: Vec<Light>,
    /// Counts and number of measures by action.
    by_action: std::collections::HashMap<&'a crate::model::Id, (LightCounts, usize)>,
}

impl<'a> Lights<'a> {
    fn of(plan: &'a Plan, today: NaiveDate) -> Lights<'a> {
        let days = plan.meeting_days();
        let lights: Vec<Light> = plan
            .measures
            .iter()
            .map(|m| crate::model::assess(m, &plan.reports_of(&m.id), &days, today).light)
            .collect();
        let mut by_action: std::collections::HashMap<_, (LightCounts, usize)> =
            std::collections::HashMap::new();
        for (m, light) in plan.measures.iter().zip(&lights) {
            let (c, n) = by_action.entry(&m.action).or_default();
            count(c, *light);
            *n += 1;
        }
        Lights {
            plan,
            lights,
            by_action,
        }
    }

    /// The counts of every measure, or of one action's.
    fn counts(&self, action: Option<&crate::model::Id>) -> LightCounts {
        match action {
            Some(a) => self.by_action.get(a).map(|(c, _)| *c).unwrap_or_default(),
            None => {
                let mut c = LightCounts::default();
                for light in &self.lights {
                    count(&mut c, *light);
                }
                debug_assert_eq!(self.lights.len(), self.plan.measures.len());
                c
            }
        }
    }

    /// How many measures an action has.
    fn measures(&self, action: &crate::model::Id) -> usize {
        self.by_action.get(action).map_or(0, |(_, n)| *n)
    }
}

fn count(c: &mut LightCounts, light: Light) {
    match light {
        Light::Green => c.green += 1,
        Light::Blue => c.blue += 1,
        Light::Unreported => c.unreported += 1,
        Light::Yellow => c.yellow += 1,
        Light::Red => c.red += 1,
    }
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
                return l.label_long(lang);
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
    plan.reports_of(id)
        .into_iter()
        .max_by_key(|r| crate::model::report_order(r))
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
            if let Some(no) = &m.sign_off.doc_no {
                t.push_str(&format!("{}\n\n", inline(no)));
            }
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
            if let Some(no) = &m.sign_off.doc_no {
                t.push_str(&format!("{}\n\n", inline(no)));
            }
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
    let people = |list: &[crate::model::Attendee]| {
        list.iter()
            .map(|a| inline(&a.text(lang)))
            .collect::<Vec<_>>()
            .join(sep)
    };
    if !m.sign_off.present.is_empty() {
        t.push_str(&format!(
            "- {}{}\n",
            l("出席：", "Present: "),
            people(&m.sign_off.present)
        ));
    }
    if !m.sign_off.observers.is_empty() {
        t.push_str(&format!(
            "- {}{}\n",
            l("列席：", "Also attending: "),
            people(&m.sign_off.observers)
        ));
    }
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
    // The baseline is named by its meeting: no commit id in a document people sign.
    let previous = plan
        .meetings
        .iter()
        .rfind(|p| p.kind == m.kind && p.closed && (p.time, &p.id) < (m.time, &m.id));
    let since = match (previous, lang) {
        (Some(p), Lang::Zh) => format!(
            "自{}年第{}期{kind}（{}）以来",
            p.period.first_day().format("%Y"),
            p.issue,
            date_text(p.time.date(), lang)
        ),
        (Some(p), Lang::En) => format!(
            "since {kind} no. {} of {} ({})",
            p.issue,
            p.period.first_day().format("%Y"),
            date_text(p.time.date(), lang)
        ),
        (None, Lang::Zh) => format!("自方案导入（{}）以来", date_text(input.base_date, lang)),
        (None, Lang::En) => format!(
            "since the plan was imported ({})",
            date_text(input.base_date, lang)
        ),
    };
    t.push_str(&format!("- {}{since}\n", l("审阅范围：", "Reviewed: ")));
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
    // Each measure's light once per plan: the counts, the table by action and the list of
    // red and yellow measures all read it.
    let lights_now = Lights::of(plan, today);
    let lights_before = Lights::of(input.baseline, input.base_date);
    let now = lights_now.counts(None);
    let before = lights_before.counts(None);
    let new_reds = input
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::NewRed)
        .count();
    let unreported = plan
        .measures
        .iter()
        .filter(|ms| !ms.status.is_done() && ms.start <= m.period.last_day())
        .filter(|ms| !crate::office::remind::reported_in(plan, &ms.id, m.period))
        .count();
    match lang {
        Lang::Zh => t.push_str(&format!(
            "会议听取了专班办公室关于“9+70+10”改革任务推进情况的汇报：{}项改革举措中{}（上次会议时{}；较上次新增红灯{}项）；本期（{}）未报送进展{unreported}项。{}\n\n",
            plan.measures.len(),
            counts_text(now, lang),
            counts_text(before, lang),
            new_reds,
            m.period,
            indicator_pace_text(plan, today, lang)
        )),
        Lang::En => t.push_str(&format!(
            "The meeting heard the office's report on the reform measures: of {} measures, {} (at the last meeting: {}; {} new red); {unreported} did not report for {}. {}\n\n",
            plan.measures.len(),
            counts_text(now, lang),
            counts_text(before, lang),
            new_reds,
            m.period,
            indicator_pace_text(plan, today, lang)
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
        let c = lights_now.counts(Some(&a.id));
        let b = lights_before.counts(Some(&a.id));
        let n = lights_now.measures(&a.id);
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
        for c in list {
            t.push_str(&format!(
                "- {}\n",
                inline(&change_sentence(plan, c, today, lang))
            ));
        }
        t.push('\n');
    }

    t.push_str(&format!(
        "### {}\n\n",
        l("（三）红灯、黄灯举措", "3.3 Red and yellow measures")
    ));
    let mut flagged: Vec<(Light, &crate::model::Measure)> = plan
        .measures
        .iter()
        .zip(&lights_now.lights)
        .map(|(ms, light)| (*light, ms))
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
        // The meetings listed once, not once per row.
        let days = plan.meeting_days();
        let rows: Vec<Vec<String>> = flagged
            .iter()
            .map(|(light, ms)| {
                let a = crate::model::assess(ms, &plan.reports_of(&ms.id), &days, today);
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

    // 四、会议指出和强调 (when the meeting has such paragraphs)
    let mut section = 4;
    if !m.sign_off.notes.is_empty() {
        let title = match lang {
            Lang::Zh => "四、会议指出和强调".to_string(),
            Lang::En => "4. The meeting's remarks".to_string(),
        };
        t.push_str(&format!("## {title}\n\n"));
        for n in &m.sign_off.notes {
            let label = n.kind.label(lang);
            let text = n.text.trim();
            let para = if text.starts_with(label) {
                text.to_string()
            } else {
                match lang {
                    Lang::Zh => format!("{label}，{text}"),
                    Lang::En => format!("{label}: {text}"),
                }
            };
            for line in para.lines().filter(|x| !x.trim().is_empty()) {
                t.push_str(&format!("{}\n\n", inline(line)));
            }
        }
        section += 1;
    }

    // 四（或五）、会议议定事项
    let title = match lang {
        Lang::Zh => format!(
            "{}、会议议定事项",
            crate::office::docx::chinese_number(section)
        ),
        Lang::En => format!("{section}. Decisions"),
    };
    t.push_str(&format!("## {title}\n\n"));
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

    // 分送、抄送 and the issuing line.
    let so = &m.sign_off;
    if !so.distribution.is_empty() || !so.copies.is_empty() {
        t.push('\n');
        let join = |v: &[String]| v.iter().map(|x| inline(x)).collect::<Vec<_>>().join(sep);
        if !so.distribution.is_empty() {
            t.push_str(&format!(
                "{}{}\n\n",
                l("分送：", "To: "),
                join(&so.distribution)
            ));
        }
        if !so.copies.is_empty() {
            t.push_str(&format!(
                "{}{}\n\n",
                l("抄送：", "Copy: "),
                join(&so.copies)
            ));
        }
        match lang {
            Lang::Zh => t.push_str(&format!(
                "{}办公室　{}印发\n",
                inline(&plan.meta.taskforce),
                date_text(today, lang)
            )),
            Lang::En => t.push_str(&format!(
                "Issued by the office of {}, {}\n",
                inline(&plan.meta.taskforce),
                date_text(today, lang)
            )),
        }
    }
    t
}

/// `24项指标中，达到序时进度3项、略低于序时1项……` for the meeting's quarter.
fn indicator_pace_text(plan: &Plan, today: NaiveDate, lang: Lang) -> String {
    use super::quarterly::{Judgement, judge_with};
    use chrono::Datelike;
    let (year, quarter) = (today.year(), today.month0() as u8 / 3 + 1);
    let observations: Vec<&crate::model::Observation> = plan.observations.iter().collect();
    let mut counts: Vec<(Judgement, usize)> = [
        Judgement::OnPace,
        Judgement::SlightlyBehind,
        Judgement::ClearlyBehind,
        Judgement::NoValue,
        Judgement::NoTarget,
        Judgement::Assigned,
    ]
    .into_iter()
    .map(|j| (j, 0))
    .collect();
    let mut behind = Vec::new();
    for ind in &plan.indicators {
        let set = plan
            .targets
            .iter()
            .find(|t| t.indicator == ind.id && t.year == year);
        let p = judge_with(ind, year, quarter, &observations, set.map(|t| &t.target));
        if let Some(c) = counts.iter_mut().find(|(j, _)| *j == p.judgement) {
            c.1 += 1;
        }
        if matches!(
            p.judgement,
            Judgement::SlightlyBehind | Judgement::ClearlyBehind
        ) {
            behind.push(format!(
                "{}{}{}{}",
                ind.name,
                lang.pick("（", " ("),
                super::quarterly::pace_text(&p, lang),
                lang.pick("）", ")")
            ));
        }
    }
    let word = |j: Judgement| match (j, lang) {
        (Judgement::OnPace, Lang::Zh) => "达到序时进度",
        (Judgement::SlightlyBehind, Lang::Zh) => "略低于序时",
        (Judgement::ClearlyBehind, Lang::Zh) => "明显滞后",
        (Judgement::NoValue, Lang::Zh) => "未报送数据",
        (Judgement::NoTarget, Lang::Zh) => "本年无目标",
        (Judgement::Assigned, Lang::Zh) => "待下达指标",
        (j, Lang::En) => j.label(lang),
    };
    let parts: Vec<String> = counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(j, n)| match lang {
            Lang::Zh => format!("{}{n}项", word(*j)),
            Lang::En => format!("{n} {}", word(*j)),
        })
        .collect();
    let mut text = match lang {
        Lang::Zh => format!("{}项指标中，{}", plan.indicators.len(), parts.join("、")),
        Lang::En => format!(
            "Of {} indicators: {}",
            plan.indicators.len(),
            parts.join(", ")
        ),
    };
    if !behind.is_empty() {
        match lang {
            Lang::Zh => text.push_str(&format!("，落后序时的有{}", behind.join("、"))),
            Lang::En => text.push_str(&format!("; behind pace: {}", behind.join(", "))),
        }
    }
    text.push_str(lang.pick("。", "."));
    text
}

/// One change since the last meeting as a sentence, without who or when (those stay in the
/// typed `diff`), with its cause: `新增红灯：加强基层就业服务站点规划（A3-02）由绿灯变为红灯
/// （逾期，2026-11-16起）。` A light changed by a commit names the reasons of its new light.
fn change_sentence(plan: &Plan, c: &Change, today: NaiveDate, lang: Lang) -> String {
    let name = change_name(plan, c);
    let subject = match (&name, lang) {
        (Some(n), Lang::Zh) => format!("{n}（{}）", c.id),
        (Some(n), Lang::En) => format!("{n} ({})", c.id),
        (None, _) => c.id.clone(),
    };
    let from = value_text(&c.from, lang);
    let to = value_text(&c.to, lang);
    let kind = c.kind.label(lang);
    let time = match (&c.fired, c.kind) {
        (Some(f), _) => match lang {
            Lang::Zh => format!("（{}，{}起）", f.rule.label(lang), f.date),
            Lang::En => format!(" ({} since {})", f.rule.label(lang), f.date),
        },
        (None, ChangeKind::Light | ChangeKind::NewRed) if c.by.is_some() => {
            match measure_by_id(plan, &c.id) {
                Some(m) => {
                    let a = plan.assess(m, today);
                    let why = a
                        .main_reasons()
                        .map(|r| r.describe(lang))
                        .collect::<Vec<_>>()
                        .join(lang.pick("；", "; "));
                    match lang {
                        Lang::Zh => format!("（{why}）"),
                        Lang::En => format!(" ({why})"),
                    }
                }
                None => String::new(),
            }
        }
        (None, _) if c.by.is_none() => lang.pick("（随时间推移）", " (time passing)").to_string(),
        _ => String::new(),
    };
    match (c.kind, lang) {
        (ChangeKind::ItemNew, Lang::Zh) => {
            format!("{kind}：{} {}。", c.id, name.unwrap_or_default())
        }
        (ChangeKind::ItemNew, Lang::En) => {
            format!("{kind}: {} {}.", c.id, name.unwrap_or_default())
        }
        (ChangeKind::NewlyOverdue, Lang::Zh) => format!("{kind}：{subject}已超过完成时限{time}。"),
        (ChangeKind::NewlyOverdue, Lang::En) => {
            format!("{kind}: {subject} passed its deadline{time}.")
        }
        (ChangeKind::Observation, Lang::Zh) if c.from.is_null() => format!(
            "{kind}：{subject}{}数值录入为{to}。",
            c.period.as_deref().unwrap_or("")
        ),
        (ChangeKind::Observation, Lang::En) if c.from.is_null() => format!(
            "{kind}: {subject} {} value recorded as {to}.",
            c.period.as_deref().unwrap_or("")
        ),
        (_, Lang::Zh) if c.from.is_null() && c.kind != ChangeKind::Observation => {
            format!("{kind}：{subject}设定为{to}{time}。")
        }
        (_, Lang::En) if c.from.is_null() && c.kind != ChangeKind::Observation => {
            format!("{kind}: {subject} set to {to}{time}.")
        }
        (ChangeKind::Observation, Lang::Zh) => format!(
            "{kind}：{subject}{}数值由{from}更新为{to}。",
            c.period.as_deref().unwrap_or("")
        ),
        (ChangeKind::Observation, Lang::En) => format!(
            "{kind}: {subject} {} value {from} → {to}.",
            c.period.as_deref().unwrap_or("")
        ),
        (_, Lang::Zh) => format!("{kind}：{subject}由{from}变为{to}{time}。"),
        (_, Lang::En) => format!("{kind}: {subject} from {from} to {to}{time}."),
    }
}

fn change_name(plan: &Plan, c: &Change) -> Option<String> {
    match c.kind {
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
        _ => measure_by_id(plan, &c.id).map(|m| m.title.clone()),
    }
}

/// The measure with the id `id` (through the plan's index, not a scan).
fn measure_by_id<'a>(plan: &'a Plan, id: &str) -> Option<&'a crate::model::Measure> {
    plan.measure(&crate::model::Id::parse(id).ok()?)
        .filter(|m| m.id.as_str() == id)
}
