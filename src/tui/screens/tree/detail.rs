//! The detail pane of the selected node: a measure with its light, deadline, units, the three
//! reports of the current periods and its typed history; or an action, indicator, landmark or meeting.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::{Node, Section};
use crate::model::{Assumed, Cycle, Lang, Measure, meeting_kind_label};
use crate::tui::ctx::Ctx;
use crate::tui::widgets::{clean, clean_lines, wrap_lines};
use crate::tui::widgets::{cycle_label, light_color, light_glyph};
use crate::words::change_line as describe_change;

fn label(text: &str) -> Span<'static> {
    Span::styled(format!("{text} "), Style::default().fg(Color::Cyan))
}

fn heading(text: &str) -> Line<'static> {
    Line::from(Span::styled(
        format!("── {text} ──"),
        Style::default().fg(Color::DarkGray),
    ))
}

fn field(name: &str, value: String) -> Line<'static> {
    Line::from(vec![label(name), Span::raw(clean(&value))])
}

fn or_dash(value: Option<&String>) -> String {
    value
        .filter(|v| !v.is_empty())
        .cloned()
        .unwrap_or_else(|| "—".into())
}

/// The detail of `selected`, from line `scroll`.
pub fn render(selected: Option<&Node>, scroll: u16, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
    let lang = ctx.lang;
    let (title, lines) = match selected {
        Some(Node::Measure(id)) => match ctx.plan.measure(id) {
            Some(m) => (format!(" {} ", m.id), measure_lines(ctx, m)),
            None => (String::new(), Vec::new()),
        },
        Some(Node::Action(id)) => action_lines(ctx, id),
        Some(Node::Indicator(id)) => indicator_lines(ctx, id),
        Some(Node::Landmark(id)) => landmark_lines(ctx, id),
        Some(Node::Meeting(id)) => meeting_lines(ctx, id),
        Some(Node::Item(id)) => item_lines(ctx, id),
        Some(Node::Section(s)) => section_lines(ctx, *s),
        None => (
            String::new(),
            vec![Line::raw(lang.pick("（无选择）", "(nothing selected)"))],
        ),
    };
    Paragraph::new(wrap_lines(lines, area.width.saturating_sub(2)))
        .scroll((scroll, 0))
        .block(Block::bordered().title(clean(&title)))
        .render(area, buf);
}

fn deadline_text(ctx: &Ctx, m: &Measure) -> String {
    let days = (m.deadline - ctx.today).num_days();
    let lang = ctx.lang;
    let tail = if m.status.is_done() {
        lang.pick("已完成", "done").to_string()
    } else if days < 0 {
        match lang {
            Lang::Zh => format!("逾期{}天", -days),
            Lang::En => format!("{} days overdue", -days),
        }
    } else {
        match lang {
            Lang::Zh => format!("剩余{days}天"),
            Lang::En => format!("{days} days left"),
        }
    };
    let assumed = m.marker(Assumed::Deadline, lang);
    match lang {
        Lang::Zh => format!("{}{assumed}（{tail}）", m.deadline),
        Lang::En => format!("{}{assumed} ({tail})", m.deadline),
    }
}

fn measure_lines(ctx: &Ctx, m: &Measure) -> Vec<Line<'static>> {
    let lang = ctx.lang;
    let assessment = ctx.plan.assess(m, ctx.today);
    let light = assessment.light;
    let mut lines = vec![Line::from(Span::styled(
        clean(&m.title),
        Style::default().add_modifier(Modifier::BOLD),
    ))];
    lines.push(Line::from(vec![
        label(lang.pick("亮灯", "Light")),
        Span::styled(
            light.label(lang).to_string(),
            Style::default()
                .fg(light_color(light))
                .add_modifier(Modifier::BOLD),
        ),
        Span::raw("  "),
        label(lang.pick("状态", "Status")),
        Span::raw(format!(
            "{}{}",
            m.status.label(lang),
            m.marker(Assumed::Status, lang)
        )),
        Span::raw("  "),
        label(lang.pick("报送频次", "Cadence")),
        Span::raw(format!(
            "{}{}",
            cycle_label(m.cadence, lang),
            m.marker(Assumed::Cadence, lang)
        )),
    ]));
    if let Some(c) = &m.closure {
        lines.push(field(
            lang.pick("销号", "Closed"),
            match lang {
                Lang::Zh => format!("{} {}（依据：{}）", c.date, c.approved_by, c.basis),
                Lang::En => format!("{} by {} (basis: {})", c.date, c.approved_by, c.basis),
            },
        ));
    }
    if let Some(o) = &m.light_override {
        lines.push(Line::from(vec![
            label(lang.pick("人工亮灯", "Override")),
            Span::styled(
                o.light.label(lang).to_string(),
                Style::default()
                    .fg(light_color(o.light))
                    .add_modifier(Modifier::BOLD),
            ),
            Span::raw(format!(" {} {}", lang.pick("设定于", "set on"), o.set_on)),
        ]));
        lines.push(field(lang.pick("亮灯理由", "Reason"), o.reason.clone()));
    }
    for (l, reason) in &assessment.reasons {
        lines.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(
                light_glyph(*l, lang).to_string(),
                Style::default().fg(light_color(*l)),
            ),
            Span::raw(format!(" {}", clean(&reason.describe(lang)))),
        ]));
    }
    lines.push(field(lang.pick("时限", "Deadline"), deadline_text(ctx, m)));
    lines.push(field(
        lang.pick("开始", "Start"),
        format!("{}{}", m.start, m.marker(Assumed::Start, lang)),
    ));
    if !m.indicators.is_empty() {
        let ids: Vec<&str> = m.indicators.iter().map(|i| i.as_str()).collect();
        lines.push(field(lang.pick("指标", "Indicators"), ids.join(" ")));
    }
    let inferred = if m.lead_source.is_inferred() {
        lang.pick("（推定）", " (inferred)")
    } else {
        ""
    };
    lines.push(field(
        lang.pick("牵头", "Lead"),
        format!("{}{inferred}", m.lead_unit),
    ));
    let co = if m.co_units.is_empty() {
        "—".to_string()
    } else {
        m.co_units.join("、")
    };
    lines.push(field(lang.pick("协办", "Co-units"), co));
    lines.push(Line::from(vec![
        label(lang.pick("责任人", "Owner")),
        Span::raw(clean(&or_dash(m.owner.as_ref()))),
        Span::raw("  "),
        label(lang.pick("联络员", "Liaison")),
        Span::raw(clean(&or_dash(m.liaison.as_ref()))),
    ]));
    lines.push(heading(lang.pick("本期报送", "Reports this period")));
    for cycle in Cycle::ALL {
        let period = cycle.period_of(ctx.today);
        let kind = cycle_label(cycle, lang);
        let mut head = vec![label(kind), Span::raw(format!("{period} "))];
        match ctx.plan.report(&m.id, period) {
            None => {
                head.push(Span::styled(
                    lang.pick("未报送", "not reported").to_string(),
                    Style::default().fg(Color::Red),
                ));
                lines.push(Line::from(head));
            }
            Some(r) => {
                if let Some(l) = r.light {
                    head.push(Span::styled(
                        format!("{} ", l.label(lang)),
                        Style::default().fg(light_color(l)),
                    ));
                }
                if let Some(s) = r.status {
                    head.push(Span::raw(format!("{} ", s.label(lang))));
                }
                if let Some(p) = r.percent {
                    head.push(Span::raw(format!("{p}% ")));
                }
                head.push(Span::styled(
                    format!("{} {}", clean(&r.reported_by), r.reported_on),
                    Style::default().fg(Color::DarkGray),
                ));
                lines.push(Line::from(head));
                for (name, text) in [
                    (lang.pick("进展", "Progress"), &r.progress),
                    (lang.pick("问题", "Problems"), &r.problems),
                    (lang.pick("下一步", "Next"), &r.next_steps),
                    (lang.pick("需协调", "Asks"), &r.asks),
                ] {
                    if !text.is_empty() {
                        let mut parts = clean_lines(text).into_iter();
                        let first = parts.next().unwrap_or_default();
                        lines.push(Line::from(vec![
                            Span::raw("  "),
                            label(name),
                            Span::raw(first),
                        ]));
                        lines.extend(parts.map(|p| Line::raw(format!("    {p}"))));
                    }
                }
            }
        }
    }
    lines.extend(earlier_reports(ctx, m));
    if !m.milestones.is_empty() {
        lines.push(heading(lang.pick("节点", "Milestones")));
        for ms in &m.milestones {
            let state = match ms.done_on {
                Some(d) => format!("✓ {d}"),
                None if ms.due < ctx.today => lang.pick("逾期", "late").to_string(),
                None => String::new(),
            };
            lines.push(Line::raw(format!("{} {} {state}", ms.due, clean(&ms.what))));
        }
    }
    let items: Vec<_> = ctx
        .plan
        .items
        .iter()
        .filter(|i| i.measure.as_ref() == Some(&m.id))
        .collect();
    if !items.is_empty() {
        lines.push(heading(lang.pick("议定事项", "Action items")));
        lines.extend(items.into_iter().flat_map(|i| item_rows(ctx, i)));
    }
    if let Some(req) = &m.requirement {
        lines.push(field(lang.pick("要求", "Target"), req.clone()));
    }
    lines.push(field(lang.pick("原文", "Source"), m.source_text.clone()));
    let entries: Vec<_> = ctx.history_of(m.id.as_str()).take(10).collect();
    // A first paint holds only the newest entries: older ones of this measure may follow.
    let more = !ctx.history_complete && entries.len() < 10;
    if !entries.is_empty() || more {
        lines.push(heading(lang.pick("历史", "History")));
        for e in entries {
            lines.push(Line::from(vec![
                Span::styled(
                    format!("{} ", e.time.format("%Y-%m-%d %H:%M")),
                    Style::default().fg(Color::DarkGray),
                ),
                Span::raw(format!("{} {}", clean(&e.author), clean(&e.summary))),
            ]));
            for c in e.changes.iter().filter(|c| c.id == m.id.as_str()) {
                lines.push(Line::raw(format!("  {}", clean(&describe_change(c, lang)))));
            }
        }
        if more {
            lines.push(Line::styled(
                lang.pick("（更早的历史载入中…）", "(older history loading…)"),
                Style::default().fg(Color::DarkGray),
            ));
        }
    }
    lines
}

/// The latest reports for earlier periods, one line each, a late one marked 补报:
/// `月报 2026-10 黄 40% 张三 2026-11-20 补报`.
fn earlier_reports(ctx: &Ctx, m: &Measure) -> Vec<Line<'static>> {
    const SHOWN: usize = 6;
    let lang = ctx.lang;
    let current: Vec<_> = Cycle::ALL.iter().map(|c| c.period_of(ctx.today)).collect();
    let mut earlier: Vec<_> = ctx
        .plan
        .reports_of(&m.id)
        .into_iter()
        .filter(|r| !current.contains(&r.period))
        .collect();
    if earlier.is_empty() {
        return Vec::new();
    }
    earlier.sort_by_key(|r| std::cmp::Reverse(crate::model::report_order(r)));
    let mut lines = vec![heading(lang.pick("往期报送", "Earlier reports"))];
    for r in earlier.iter().take(SHOWN) {
        let mut spans = vec![
            label(cycle_label(r.cycle(), lang)),
            Span::raw(format!("{} ", r.period)),
        ];
        if let Some(l) = r.light {
            spans.push(Span::styled(
                format!("{} ", l.label(lang)),
                Style::default().fg(light_color(l)),
            ));
        }
        if let Some(p) = r.percent {
            spans.push(Span::raw(format!("{p}% ")));
        }
        spans.push(Span::styled(
            format!("{} {}", clean(&r.reported_by), r.reported_on),
            Style::default().fg(Color::DarkGray),
        ));
        if r.is_late() {
            spans.push(Span::styled(
                format!(" {}", crate::model::late_word(lang)),
                Style::default()
                    .fg(Color::Yellow)
                    .add_modifier(Modifier::BOLD),
            ));
        }
        lines.push(Line::from(spans));
    }
    if earlier.len() > SHOWN {
        lines.push(Line::styled(
            match lang {
                Lang::Zh => format!("另有{}份未列出", earlier.len() - SHOWN),
                Lang::En => format!("{} more not shown", earlier.len() - SHOWN),
            },
            Style::default().fg(Color::DarkGray),
        ));
    }
    lines
}

fn action_lines(ctx: &Ctx, id: &crate::model::Id) -> (String, Vec<Line<'static>>) {
    let lang = ctx.lang;
    let Some((i, a)) = ctx
        .plan
        .actions
        .iter()
        .enumerate()
        .find(|(_, a)| &a.id == id)
    else {
        return (String::new(), Vec::new());
    };
    let c = ctx.lights.action_counts(i);
    let mut lines = vec![Line::from(Span::styled(
        clean(&a.title),
        Style::default().add_modifier(Modifier::BOLD),
    ))];
    let counts = match lang {
        Lang::Zh => format!(
            "绿{} 蓝{} 黄{} 红{} 未报{}",
            c.green, c.blue, c.yellow, c.red, c.unreported
        ),
        Lang::En => format!(
            "green {} blue {} yellow {} red {} not reported {}",
            c.green, c.blue, c.yellow, c.red, c.unreported
        ),
    };
    lines.push(field(lang.pick("亮灯", "Lights"), counts));
    let inferred = if a.lead_source.is_inferred() {
        lang.pick("（推定）", " (inferred)")
    } else {
        ""
    };
    lines.push(field(
        lang.pick("牵头", "Lead"),
        format!("{}{inferred}", a.lead_unit),
    ));
    let co = if a.co_units.is_empty() {
        "—".to_string()
    } else {
        a.co_units.join("、")
    };
    lines.push(field(lang.pick("协办", "Co-units"), co));
    let inds: Vec<&str> = a.indicators.iter().map(|i| i.as_str()).collect();
    lines.push(field(lang.pick("指标", "Indicators"), inds.join(" ")));
    lines.push(field(lang.pick("原文", "Text"), a.text.clone()));
    (format!(" {} ", a.id), lines)
}

fn indicator_lines(ctx: &Ctx, id: &crate::model::Id) -> (String, Vec<Line<'static>>) {
    let lang = ctx.lang;
    let Some(x) = ctx.plan.indicator(id) else {
        return (String::new(), Vec::new());
    };
    let mut lines = vec![Line::from(Span::styled(
        clean(&x.name),
        Style::default().add_modifier(Modifier::BOLD),
    ))];
    lines.push(field(lang.pick("原名", "Printed"), x.printed_name.clone()));
    lines.push(field(lang.pick("单位", "Unit"), x.unit.clone()));
    lines.push(field(lang.pick("牵头", "Lead"), x.lead_unit.clone()));
    lines.push(field(
        lang.pick("全省2024", "Province 2024"),
        x.province_2024.text.clone(),
    ));
    lines.push(field(
        lang.pick("全市2024", "City 2024"),
        x.city_2024.text.clone(),
    ));
    lines.push(field(
        lang.pick("2025目标", "Target 2025"),
        x.target_2025.text.clone(),
    ));
    lines.push(field(
        lang.pick("2027目标", "Target 2027"),
        x.target_2027.text.clone(),
    ));
    let ms: Vec<&str> = x.measures.iter().map(|m| m.as_str()).collect();
    lines.push(field(lang.pick("举措", "Measures"), ms.join(" ")));
    let observed: Vec<_> = ctx
        .plan
        .observations
        .iter()
        .filter(|o| o.indicator == x.id)
        .collect();
    if !observed.is_empty() {
        lines.push(heading(lang.pick("监测值", "Observations")));
        for o in observed {
            let estimated = if o.estimated {
                lang.pick("（预计）", " (estimate)")
            } else {
                ""
            };
            lines.push(Line::raw(clean(&format!(
                "{} {}{} {}{estimated} {}",
                o.period, o.value, x.unit, o.recorded_by, o.note
            ))));
        }
    }
    (format!(" {} ", x.id), lines)
}

fn landmark_lines(ctx: &Ctx, id: &crate::model::Id) -> (String, Vec<Line<'static>>) {
    let lang = ctx.lang;
    let Some(l) = ctx.plan.landmarks.iter().find(|l| &l.id == id) else {
        return (String::new(), Vec::new());
    };
    let ms: Vec<&str> = l.measures.iter().map(|m| m.as_str()).collect();
    let lines = vec![
        Line::from(Span::styled(
            clean(&l.title),
            Style::default().add_modifier(Modifier::BOLD),
        )),
        field(lang.pick("年度", "Year"), l.year.to_string()),
        field(
            lang.pick("状态", "Status"),
            l.status.label(lang).to_string(),
        ),
        field(lang.pick("牵头", "Lead"), l.lead_unit.clone()),
        field(lang.pick("举措", "Measures"), ms.join(" ")),
    ];
    (format!(" {} ", l.id), lines)
}

fn meeting_lines(ctx: &Ctx, id: &crate::model::Id) -> (String, Vec<Line<'static>>) {
    let lang = ctx.lang;
    let Some(m) = ctx.plan.meetings.iter().find(|m| &m.id == id) else {
        return (String::new(), Vec::new());
    };
    let mut lines = vec![
        Line::from(Span::styled(
            format!("{} {}", meeting_kind_label(m.kind, lang), m.period),
            Style::default().add_modifier(Modifier::BOLD),
        )),
        field(
            lang.pick("时间", "Time"),
            m.time.format("%Y-%m-%d %H:%M").to_string(),
        ),
        field(lang.pick("地点", "Place"), m.place.clone()),
        field(lang.pick("主持", "Chair"), m.chair.clone()),
        field(lang.pick("参会", "Attendees"), m.attendees.join("、")),
        field(
            lang.pick("状态", "State"),
            lang.pick(
                if m.closed { "已结束" } else { "进行中" },
                if m.closed { "closed" } else { "open" },
            )
            .to_string(),
        ),
        Line::styled(
            lang.pick(
                if m.closed {
                    "按 e 阅读纪要"
                } else {
                    "按 e 预览纪要（按当前计划生成）"
                },
                if m.closed {
                    "e reads its minutes"
                } else {
                    "e previews its minutes (as of now)"
                },
            ),
            Style::default().fg(Color::DarkGray),
        ),
    ];
    let items: Vec<_> = ctx
        .plan
        .items
        .iter()
        .filter(|i| i.meeting == m.id)
        .collect();
    if !items.is_empty() {
        lines.push(heading(lang.pick("议定事项", "Action items")));
        lines.extend(items.into_iter().flat_map(|i| item_rows(ctx, i)));
    }
    (format!(" {} ", m.id), lines)
}

/// An action item in a list: its line, and its latest 落实情况 under it when there is one.
fn item_rows(ctx: &Ctx, item: &crate::model::ActionItem) -> Vec<Line<'static>> {
    let (glyph, color) = super::item_glyph(item, ctx.today, ctx.lang);
    let mut rows = vec![Line::from(vec![
        Span::styled(glyph.to_string(), Style::default().fg(color)),
        Span::raw(format!(
            " {} {} {} {}",
            item.id,
            item.deadline,
            clean(&item.lead_unit),
            clean(&item.text)
        )),
    ])];
    if !item.feedback.trim().is_empty() {
        rows.push(Line::styled(
            format!(
                "    {}{}",
                ctx.lang.pick("落实情况：", "Feedback: "),
                clean(&item.feedback)
            ),
            Style::default().fg(Color::DarkGray),
        ));
    }
    rows
}

fn item_lines(ctx: &Ctx, id: &crate::model::Id) -> (String, Vec<Line<'static>>) {
    let lang = ctx.lang;
    let Some(item) = ctx.plan.items.iter().find(|i| &i.id == id) else {
        return (String::new(), Vec::new());
    };
    let days = (item.deadline - ctx.today).num_days();
    let due = match (lang, item.is_overdue(ctx.today)) {
        (Lang::Zh, true) => format!("{}（逾期{}天）", item.deadline, -days),
        (Lang::En, true) => format!("{} ({} days overdue)", item.deadline, -days),
        (Lang::Zh, false) => item.deadline.to_string(),
        (Lang::En, false) => item.deadline.to_string(),
    };
    let mut lines = vec![
        Line::from(Span::styled(
            clean(&item.text),
            Style::default().add_modifier(Modifier::BOLD),
        )),
        field(
            lang.pick("状态", "Status"),
            item.status.label(lang).to_string(),
        ),
        field(lang.pick("时限", "Deadline"), due),
        field(lang.pick("牵头", "Lead"), item.lead_unit.clone()),
        field(
            lang.pick("协办", "Co-units"),
            if item.co_units.is_empty() {
                "—".to_string()
            } else {
                item.co_units.join("、")
            },
        ),
        field(lang.pick("会议", "Meeting"), item.meeting.to_string()),
    ];
    if let Some(m) = &item.measure {
        let title = ctx.plan.measure(m).map(|x| x.title.as_str()).unwrap_or("");
        lines.push(field(lang.pick("举措", "Measure"), format!("{m} {title}")));
    }
    if !item.feedback.is_empty() {
        lines.push(field(
            lang.pick("落实情况", "Feedback"),
            item.feedback.clone(),
        ));
    }
    if let Some(c) = &item.closure {
        lines.push(field(
            lang.pick("销号", "Closed"),
            format!("{} {} {}", c.date, c.approved_by, c.basis),
        ));
    }
    (format!(" {} ", item.id), lines)
}

fn section_lines(ctx: &Ctx, s: Section) -> (String, Vec<Line<'static>>) {
    let lang = ctx.lang;
    let count = match s {
        Section::Indicators => ctx.plan.indicators.len(),
        Section::Landmarks => ctx.plan.landmarks.len(),
        Section::Meetings => ctx.plan.meetings.len(),
    };
    let mut lines = vec![Line::raw(format!("{} {count}", s.label(lang)))];
    if count == 0 {
        lines.push(Line::raw(lang.pick("（暂无）", "(none yet)")));
    }
    (format!(" {} ", s.label(lang)), lines)
}
