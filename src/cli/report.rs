//! Measure detail text and (in the write commands) cycle reports.

use super::{Context, Failure};
use crate::model::{Assumed, Lang, Measure, Period, Plan, Report, report_kind_label};
use crate::store::Store;

pub(super) fn read_report(
    store: &Store,
    id: &crate::model::Id,
    period: Period,
) -> Result<Option<Report>, Failure> {
    Ok(store.read_report(id, period)?)
}

/// The `show` text of a measure: fields, light with reasons, and the reports of the periods.
pub(super) fn describe_measure(
    plan: &Plan,
    m: &Measure,
    reports: &[(Period, Option<Report>)],
    ctx: &Context,
) -> String {
    let lang = ctx.lang;
    let a = plan.assess(m, ctx.today);
    let mut t = String::new();
    let l = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    t.push_str(&format!("{} {}\n", m.id, m.title));
    t.push_str(&format!("{}: {}\n", l("方案原文", "source"), m.source_text));
    if let Some(r) = &m.requirement {
        t.push_str(&format!("{}: {}\n", l("目标要求", "target"), r));
    }
    let inferred = if m.lead_source.is_inferred() {
        l("（推定）", " (inferred)")
    } else {
        ""
    };
    t.push_str(&format!(
        "{}: {}{}\n",
        l("牵头单位", "lead unit"),
        m.lead_unit,
        inferred
    ));
    if !m.co_units.is_empty() {
        t.push_str(&format!(
            "{}: {}\n",
            l("配合单位", "co-units"),
            m.co_units.join("、")
        ));
    }
    let none = l("未指定", "not set");
    t.push_str(&format!(
        "{}: {}\n",
        l("责任人", "owner"),
        m.owner.as_deref().unwrap_or(none)
    ));
    t.push_str(&format!(
        "{}: {}\n",
        l("联络员", "liaison"),
        m.liaison.as_deref().unwrap_or(none)
    ));
    t.push_str(&format!(
        "{}: {}{}\n",
        l("开始日期", "start"),
        m.start,
        m.marker(Assumed::Start, lang)
    ));
    let left = (m.deadline - ctx.today).num_days();
    let due = if left >= 0 {
        match lang {
            Lang::Zh => format!("剩{left}天"),
            Lang::En => format!("{left} days left"),
        }
    } else {
        match lang {
            Lang::Zh => format!("已逾期{}天", -left),
            Lang::En => format!("{} days overdue", -left),
        }
    };
    t.push_str(&format!(
        "{}: {}{} ({due})\n",
        l("完成时限", "deadline"),
        m.deadline,
        m.marker(Assumed::Deadline, lang)
    ));
    t.push_str(&format!(
        "{}: {}{}\n",
        l("状态", "status"),
        m.status.label(lang),
        m.marker(Assumed::Status, lang)
    ));
    if let Some(c) = &m.closure {
        t.push_str(&format!(
            "{}: {} {} ({}: {})\n",
            l("销号", "closed"),
            c.date,
            c.approved_by,
            l("依据", "basis"),
            c.basis
        ));
    }
    t.push_str(&format!(
        "{}: {}{}\n",
        l("报送频次", "reporting cadence"),
        crate::store::cadence_label(m.cadence, lang),
        m.marker(Assumed::Cadence, lang)
    ));
    if !m.assumed.is_empty() {
        t.push_str(l(
            "（默认：方案未载明，待专班确认；用 set 设定后取消标记）\n",
            "(default: not given by the plan, to be confirmed by the taskforce; setting it with set removes the mark)\n",
        ));
    }
    let reasons: Vec<String> = a.reasons.iter().map(|(_, r)| r.describe(lang)).collect();
    t.push_str(&format!(
        "{}: {} ({})\n",
        l("亮灯", "light"),
        a.light.label(lang),
        reasons.join(l("；", "; "))
    ));
    for ms in &m.milestones {
        let done = ms.done_on.map(|d| format!(" ✓ {d}")).unwrap_or_default();
        t.push_str(&format!(
            "{}: {} {}{}\n",
            l("节点", "milestone"),
            ms.due,
            ms.what,
            done
        ));
    }
    for (p, r) in reports {
        t.push_str(&format!(
            "\n[{} {}] ",
            report_kind_label(p.cycle(), lang),
            p
        ));
        match r {
            None => t.push_str(l("未报送\n", "not reported\n")),
            Some(r) => {
                t.push_str(&format!(
                    "{} {} {}\n",
                    r.reported_by,
                    r.reported_on,
                    r.light.map(|x| x.label(lang)).unwrap_or("")
                ));
                for (label, text) in [
                    (l("进展情况", "progress"), &r.progress),
                    (l("存在问题", "problems"), &r.problems),
                    (l("下一步", "next steps"), &r.next_steps),
                    (l("需协调事项", "asks"), &r.asks),
                ] {
                    if !text.is_empty() {
                        t.push_str(&format!("  {label}: {}\n", text.replace('\n', "\n    ")));
                    }
                }
            }
        }
    }
    super::plan::printable_block(&t)
}
