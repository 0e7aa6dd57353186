//! The review screen (the typed diff since the last meeting of a kind), the meeting screen
//! (the open meeting's agenda), the minutes preview and the confirmation before closing.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::{light_color, light_glyph};
use crate::meeting::minutes::{latest_report, value_text};
use crate::meeting::{Change, ChangeKind};
use crate::model::{Lang, Light, meeting_kind_label};
use crate::tui::action::{MeetingData, ReviewData};
use crate::tui::app::App;
use crate::tui::keymap::Mode;
use crate::tui::widgets::{centered, clean, clip, fit, wrap_lines};

fn heading(text: String) -> Line<'static> {
    Line::from(Span::styled(
        format!("── {text} ──"),
        Style::default()
            .fg(Color::Cyan)
            .add_modifier(Modifier::BOLD),
    ))
}

fn kind_color(kind: ChangeKind) -> Color {
    match kind {
        ChangeKind::NewRed | ChangeKind::NewlyOverdue => Color::Red,
        ChangeKind::Light | ChangeKind::DeadlineMoved => Color::Yellow,
        ChangeKind::ItemClosed => Color::Green,
        _ => Color::Magenta,
    }
}

fn short(commit: &str) -> &str {
    commit.get(..8).unwrap_or(commit)
}

/// The changes grouped by action: a heading per action, a line per change with its kind, id,
/// from → to, author and time.
pub fn change_lines(app: &App, changes: &[Change]) -> Vec<Line<'static>> {
    let lang = app.lang;
    let mut lines = Vec::new();
    if changes.is_empty() {
        lines.push(Line::raw(
            lang.pick("  （没有变化）", "  (no changes)").to_string(),
        ));
        return lines;
    }
    let mut group: Option<Option<&crate::model::Id>> = None;
    for c in changes {
        if group != Some(c.action.as_ref()) {
            group = Some(c.action.as_ref());
            let n = changes.iter().filter(|x| x.action == c.action).count();
            let title = match &c.action {
                Some(a) => {
                    let t = app
                        .plan
                        .actions
                        .iter()
                        .find(|x| &x.id == a)
                        .map(|x| x.title.as_str())
                        .unwrap_or("");
                    format!("{a} {t}")
                }
                None => lang
                    .pick("其他（指标、标志性成果、议定事项）", "Other")
                    .to_string(),
            };
            let count = match lang {
                Lang::Zh => format!("（{n}项）"),
                Lang::En => format!(" ({n})"),
            };
            lines.push(Line::from(vec![
                Span::styled(clean(&title), Style::default().add_modifier(Modifier::BOLD)),
                Span::raw(count),
            ]));
        }
        let id = match &c.period {
            Some(p) => format!("{} {p}", c.id),
            None => c.id.clone(),
        };
        let value = |v: &serde_json::Value| clip(&clean(&value_text(v, lang)), 20);
        let from_to = if c.kind == ChangeKind::ItemNew {
            value(&c.to)
        } else {
            format!("{} → {}", value(&c.from), value(&c.to))
        };
        let by = match &c.by {
            Some(b) => format!(
                "{} {} {}",
                clean(&b.author),
                b.time.format("%m-%d %H:%M"),
                short(&b.commit)
            ),
            None => match &c.fired {
                Some(f) => f.describe(lang),
                None => lang.pick("（时间推移）", "(time)").to_string(),
            },
        };
        lines.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(
                fit(
                    c.kind.label(lang),
                    match lang {
                        Lang::Zh => 12,
                        Lang::En => 18,
                    },
                ),
                Style::default().fg(kind_color(c.kind)),
            ),
            Span::raw(" "),
            Span::raw(fit(&clean(&id), 13)),
            Span::raw(" "),
            Span::raw(from_to),
            Span::raw("  "),
            Span::styled(by, Style::default().fg(Color::DarkGray)),
        ]));
    }
    lines
}

fn since_text(app: &App, r: &ReviewData) -> String {
    let lang = app.lang;
    match lang {
        Lang::Zh => format!(
            "基线 {}（{}）→ {} · {}项变化",
            short(&r.base),
            r.base_date,
            short(&r.head),
            r.changes.len()
        ),
        Lang::En => format!(
            "base {} ({}) → {} · {} changes",
            short(&r.base),
            r.base_date,
            short(&r.head),
            r.changes.len()
        ),
    }
}

/// Draws `lines` in `inner` from `scroll`, keeping the last page in view.
fn scrolled(lines: Vec<Line<'static>>, scroll: usize, inner: Rect, buf: &mut Buffer) {
    let height = inner.height as usize;
    let scroll = scroll.min(lines.len().saturating_sub(height));
    let visible: Vec<Line> = lines.into_iter().skip(scroll).take(height).collect();
    Paragraph::new(visible).render(inner, buf);
}

pub fn render_review(app: &App, area: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let kind = meeting_kind_label(app.kind, lang);
    let title = match &app.review {
        Some(r) => format!(
            " {} · {}{kind}{} · {} ",
            lang.pick("会前审阅", "Review"),
            lang.pick("自上次", "since the last "),
            lang.pick("以来", ""),
            since_text(app, r)
        ),
        None => format!(" {} · {kind} ", lang.pick("会前审阅", "Review")),
    };
    let block = Block::bordered().title(clean(&title));
    let inner = block.inner(area);
    block.render(area, buf);
    let lines = match &app.review {
        Some(r) => change_lines(app, &r.changes),
        None => vec![Line::raw(lang.pick("载入中……", "loading…"))],
    };
    scrolled(lines, app.screen_scroll, inner, buf);
}

pub fn render_meeting(app: &App, area: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let kind = meeting_kind_label(app.kind, lang);
    let Some(data) = &app.meeting else {
        let block = Block::bordered().title(format!(" {} · {kind} ", lang.pick("会议", "Meeting")));
        let inner = block.inner(area);
        block.render(area, buf);
        let mut lines = Vec::new();
        if app.meeting_loaded {
            lines.push(Line::raw(match lang {
                Lang::Zh => format!("没有进行中的{kind}。"),
                Lang::En => format!("No {kind} is open."),
            }));
            lines.push(Line::raw(lang.pick(
                "按 n 召开（类型、时间、主持、地点、参会单位），按 c 切换周调度/月例会/季总结。",
                "Press n to open one (kind, time, chair, place, attending units), c to switch kind.",
            )));
            let held: Vec<String> = app
                .plan
                .meetings
                .iter()
                .filter(|m| m.kind == app.kind)
                .rev()
                .take(5)
                .map(|m| {
                    format!(
                        "  {} {} {}",
                        m.id,
                        m.time.format("%Y-%m-%d"),
                        clean(&m.chair)
                    )
                })
                .collect();
            if !held.is_empty() {
                lines.push(Line::raw(""));
                lines.push(heading(lang.pick("已召开", "Held").to_string()));
                lines.extend(held.into_iter().map(Line::raw));
            }
        } else {
            lines.push(Line::raw(lang.pick("载入中……", "loading…")));
        }
        Paragraph::new(wrap_lines(lines, inner.width)).render(inner, buf);
        return;
    };
    let m = &data.meeting;
    let title = match lang {
        Lang::Zh => format!(
            " {kind} {}（{}年第{}期）进行中 ",
            m.id,
            m.period.first_day().format("%Y"),
            m.issue
        ),
        Lang::En => format!(" {kind} {} (issue {}) open ", m.id, m.issue),
    };
    let block = Block::bordered()
        .title(title)
        .border_style(Style::default().fg(Color::Cyan));
    let inner = block.inner(area);
    block.render(area, buf);
    scrolled(agenda_lines(app, data), app.screen_scroll, inner, buf);
}

/// The agenda of the open meeting: its facts, the carried items, the red and yellow
/// measures, the review and this meeting's decisions.
fn agenda_lines(app: &App, data: &MeetingData) -> Vec<Line<'static>> {
    let lang = app.lang;
    let kind = meeting_kind_label(app.kind, lang);
    let m = &data.meeting;
    let none = lang.pick("（未填写）", "(not recorded)");
    let or_none = |s: &str| {
        if s.trim().is_empty() {
            none.to_string()
        } else {
            clean(s)
        }
    };
    let sep = lang.pick("、", ", ");
    let mut lines = vec![
        Line::raw(format!(
            "{}{}   {}{}   {}{}",
            lang.pick("时间：", "Time: "),
            m.time.format("%Y-%m-%d %H:%M"),
            lang.pick("地点：", "Place: "),
            or_none(&m.place),
            lang.pick("主持：", "Chair: "),
            or_none(&m.chair)
        )),
        Line::raw(format!(
            "{}{}",
            lang.pick("参会单位：", "Attending: "),
            or_none(&m.attendees.join(sep))
        )),
        Line::raw(format!(
            "{}{}",
            lang.pick("审阅：", "Review: "),
            since_text(app, &data.review)
        )),
        Line::raw(""),
    ];

    // Carried items of earlier meetings.
    lines.push(heading(match lang {
        Lang::Zh => format!("上次会议议定事项落实情况（{}项）", data.carried.len()),
        Lang::En => format!("Earlier decisions ({})", data.carried.len()),
    }));
    if data.carried.is_empty() {
        lines.push(Line::raw(lang.pick("  （无）", "  (none)")));
    }
    for c in &data.carried {
        let state = if c.item.is_overdue(app.today) {
            lang.pick("逾期", "overdue")
        } else {
            c.item.status.label(lang)
        };
        let carried = match lang {
            Lang::Zh => format!("结转{}次", c.carried),
            Lang::En => format!("carried {}×", c.carried),
        };
        lines.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(
                format!("{} ", c.item.id),
                Style::default().fg(Color::Yellow),
            ),
            Span::raw(clean(&c.item.text)),
        ]));
        lines.push(Line::styled(
            format!(
                "      {} · {} {} · {}{} · {carried} · {state}",
                clean(&c.item.lead_unit),
                lang.pick("时限", "by"),
                c.item.deadline,
                lang.pick("提出于", "raised in "),
                c.raised_in
            ),
            Style::default().fg(Color::DarkGray),
        ));
    }
    lines.push(Line::raw(""));

    // Red and yellow measures with their problems and asks.
    let flagged: Vec<(usize, Light)> = app
        .plan
        .measures
        .iter()
        .enumerate()
        .map(|(i, _)| (i, app.light(i)))
        .filter(|(_, l)| matches!(l, Light::Red | Light::Yellow))
        .collect();
    lines.push(heading(match lang {
        Lang::Zh => format!("红黄灯举措（{}项）", flagged.len()),
        Lang::En => format!("Red and yellow measures ({})", flagged.len()),
    }));
    if flagged.is_empty() {
        lines.push(Line::raw(lang.pick("  （无）", "  (none)")));
    }
    let mut sorted = flagged;
    sorted.sort_by_key(|(i, l)| (*l != Light::Red, *i));
    for (i, light) in sorted {
        let measure = &app.plan.measures[i];
        lines.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(
                light_glyph(light, lang),
                Style::default()
                    .fg(light_color(light))
                    .add_modifier(Modifier::BOLD),
            ),
            Span::raw(format!(
                " {} {} · {}",
                measure.id,
                clean(&measure.title),
                clean(&measure.lead_unit)
            )),
        ]));
        if let Some(r) = latest_report(&app.plan, &measure.id) {
            for (label, text) in [
                (lang.pick("问题：", "Problems: "), &r.problems),
                (lang.pick("需协调：", "Asks: "), &r.asks),
            ] {
                if !text.trim().is_empty() {
                    lines.push(Line::raw(format!("      {label}{}", clean(text))));
                }
            }
        }
    }
    lines.push(Line::raw(""));

    // The review.
    lines.push(heading(match lang {
        Lang::Zh => format!("自上次{kind}以来的变化（{}项）", data.review.changes.len()),
        Lang::En => format!(
            "Changes since the last {kind} ({})",
            data.review.changes.len()
        ),
    }));
    lines.extend(change_lines(app, &data.review.changes));
    lines.push(Line::raw(""));

    // This meeting's decisions.
    let decided: Vec<&crate::model::ActionItem> = app
        .plan
        .items
        .iter()
        .filter(|i| i.meeting == m.id)
        .collect();
    lines.push(heading(match lang {
        Lang::Zh => format!("本次会议议定事项（{}项）", decided.len()),
        Lang::En => format!("Decisions of this meeting ({})", decided.len()),
    }));
    if decided.is_empty() {
        lines.push(Line::raw(lang.pick(
            "  （尚无；按 d 记录）",
            "  (none yet; press d to record one)",
        )));
    }
    for item in decided {
        let co = if item.co_units.is_empty() {
            String::new()
        } else {
            format!(
                "，{}{}",
                lang.pick("配合：", "with "),
                clean(&item.co_units.join(sep))
            )
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!("  {}. ", item.number),
                Style::default().add_modifier(Modifier::BOLD),
            ),
            Span::raw(clean(&item.text)),
        ]));
        lines.push(Line::styled(
            format!(
                "      {} · {}{co} · {} {}",
                item.id,
                clean(&item.lead_unit),
                lang.pick("时限", "by"),
                item.deadline
            ),
            Style::default().fg(Color::DarkGray),
        ));
    }
    lines
}

/// How many lines the review or meeting screen has, so scrolling stops at the last page.
pub fn screen_lines(app: &App) -> usize {
    match (app.mode, &app.review, &app.meeting) {
        (Mode::Review, Some(r), _) => change_lines(app, &r.changes).len(),
        (Mode::Meeting, _, Some(data)) => agenda_lines(app, data).len(),
        _ => 0,
    }
}

pub fn render_minutes(app: &App, area: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let Some(data) = &app.meeting else {
        return;
    };
    crate::tui::widgets::clear(area, buf);
    let total = data.minutes.lines().count();
    let block = Block::bordered()
        .title(format!(
            " {} {} ({}/{total}) ",
            lang.pick("纪要预览", "Minutes"),
            data.meeting.id,
            (app.minutes_scroll + 1).min(total)
        ))
        .border_style(Style::default().fg(Color::Cyan));
    let lines: Vec<Line> = data
        .minutes
        .lines()
        .skip(app.minutes_scroll)
        .map(|l| {
            let style = if l.starts_with('#') {
                Style::default().add_modifier(Modifier::BOLD)
            } else {
                Style::default()
            };
            Line::styled(clean(l), style)
        })
        .collect();
    Paragraph::new(wrap_lines(lines, area.width.saturating_sub(2)))
        .block(block)
        .render(area, buf);
}

pub fn render_confirm_close(app: &App, area: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let Some(data) = &app.meeting else {
        return;
    };
    let m = &data.meeting;
    let decided = app.plan.items.iter().filter(|i| i.meeting == m.id).count();
    let path = crate::store::layout::minutes(&m.id);
    let tag = crate::store::meeting_tag(m.kind, m.period);
    let kind = meeting_kind_label(m.kind, lang);
    let text = match lang {
        Lang::Zh => format!(
            "结束{kind} {}：写入纪要 {path}（议定事项{decided}项），提交并打标签 {tag}。结束后本次会议的议定事项和纪要不再修改。",
            m.id
        ),
        Lang::En => format!(
            "Close the {kind} {}: write the minutes to {path} ({decided} decisions), commit and tag {tag}. Its decisions and minutes are then final.",
            m.id
        ),
    };
    let popup = centered(area, area.width.saturating_sub(8).min(90), 8);
    crate::tui::widgets::clear(popup, buf);
    let lines = vec![
        Line::from(Span::styled(
            text,
            Style::default().add_modifier(Modifier::BOLD),
        )),
        Line::raw(""),
        Line::raw(lang.pick("y 确认结束   n 取消", "y close it   n cancel")),
    ];
    Paragraph::new(wrap_lines(lines, popup.width.saturating_sub(2)))
        .block(
            Block::bordered()
                .title(lang.pick(" 结束会议 ", " Close the meeting "))
                .border_style(Style::default().fg(Color::Yellow)),
        )
        .render(popup, buf);
}
