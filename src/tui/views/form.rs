//! The report form and the confirmation that shows the exact commit summary.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::light_color;
use crate::model::Lang;
use crate::tui::app::{App, Field, FormKind};
use crate::tui::keymap::Mode;
use crate::tui::widgets::{centered, clean, clean_lines, wrap_lines};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(form) = &app.form else {
        return;
    };
    let lang = app.lang;
    // Narrow terminals give the form the whole main area.
    let popup = if area.width < 110 {
        area
    } else {
        centered(area, 100, area.height.saturating_sub(2))
    };
    crate::tui::widgets::clear(popup, buf);
    let title = match form.kind {
        FormKind::Report | FormKind::Measure => app
            .plan
            .measure(&form.id)
            .map(|m| m.title.clone())
            .unwrap_or_default(),
        FormKind::Decision => app
            .plan
            .meetings
            .iter()
            .find(|m| m.id == form.id)
            .map(|m| crate::model::meeting_kind_label(m.kind, lang).to_string())
            .unwrap_or_default(),
        FormKind::Meeting => String::new(),
        FormKind::Item => app
            .plan
            .items
            .iter()
            .find(|i| i.id == form.id)
            .map(|i| short_text(&i.text, 24))
            .unwrap_or_default(),
    };
    let id = match form.kind {
        FormKind::Meeting => String::new(),
        _ => form.id.to_string(),
    };
    let block = Block::bordered()
        .title(clean(&format!(
            " {} {id} {title} ",
            match form.kind {
                FormKind::Report => lang.pick("填报", "Report"),
                FormKind::Measure => lang.pick("调整", "Change"),
                FormKind::Decision => lang.pick("议定事项", "Decision"),
                FormKind::Meeting => lang.pick("召开会议", "Open a meeting"),
                FormKind::Item => lang.pick("议定事项", "Action item"),
            },
        )))
        .border_style(Style::default().fg(Color::Cyan));
    let focused = app.mode == Mode::Form;
    // A value still holding the default the plan does not give is marked 默认 until changed.
    let measure = match form.kind {
        FormKind::Measure => app.plan.measure(&form.id),
        _ => None,
    };
    let default_mark = |f: Field| -> Option<Span<'static>> {
        use crate::model::Assumed;
        let m = measure?;
        let (field, unchanged) = match f {
            Field::Status => (Assumed::Status, form.status == form.initial_status),
            Field::Deadline => (Assumed::Deadline, form.deadline == form.initial_deadline),
            Field::Start => (Assumed::Start, form.start == form.initial_start),
            Field::Cadence => (Assumed::Cadence, form.cycle == form.initial_cadence),
            _ => return None,
        };
        (unchanged && m.is_assumed(field)).then(|| {
            Span::styled(
                crate::model::Assumed::marker(lang).to_string(),
                Style::default().fg(Color::DarkGray),
            )
        })
    };
    let mut lines = Vec::new();
    for &f in form.fields() {
        let active = focused && f == form.field;
        let marker = if active { "› " } else { "  " };
        let name_style = if active {
            Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::default().fg(Color::Cyan)
        };
        let mut spans = vec![
            Span::raw(marker),
            Span::styled(pad_label(f.label(lang), lang), name_style),
        ];
        let arrows = if active { " ◂▸" } else { "" };
        match f {
            Field::Cycle => {
                let period = form.cycle.period_of(app.today);
                spans.push(Span::raw(format!(
                    "{} {period}{arrows}",
                    super::cycle_label(form.cycle, lang)
                )));
            }
            Field::Light => match form.light {
                Some(l) => {
                    spans.push(Span::styled(
                        l.label(lang).to_string(),
                        Style::default()
                            .fg(light_color(l))
                            .add_modifier(Modifier::BOLD),
                    ));
                    spans.push(Span::raw(arrows));
                }
                None => spans.push(Span::raw(format!(
                    "{}{arrows}",
                    lang.pick("（不填）", "(none)")
                ))),
            },
            Field::Kind => {
                spans.push(Span::raw(format!(
                    "{}{arrows}",
                    crate::model::meeting_kind_label(form.cycle, lang)
                )));
            }
            Field::Cadence => {
                spans.push(Span::raw(format!(
                    "{}{arrows}",
                    crate::store::cadence_label(form.cycle, lang)
                )));
                spans.extend(default_mark(f));
            }
            Field::Status => {
                let s = form
                    .status
                    .map_or(lang.pick("（不变）", "(unchanged)"), |s| s.label(lang));
                spans.push(Span::raw(format!("{s}{arrows}")));
                spans.extend(default_mark(f));
            }
            Field::ItemStatus => {
                let style = if form.item_status == crate::model::ItemStatus::Closed {
                    Style::default()
                        .fg(Color::Green)
                        .add_modifier(Modifier::BOLD)
                } else {
                    Style::default()
                };
                spans.push(Span::styled(
                    form.item_status.label(lang).to_string(),
                    style,
                ));
                spans.push(Span::raw(arrows));
            }
            Field::Override => match form.override_light {
                Some(l) => {
                    spans.push(Span::styled(
                        l.label(lang).to_string(),
                        Style::default()
                            .fg(light_color(l))
                            .add_modifier(Modifier::BOLD),
                    ));
                    spans.push(Span::raw(arrows));
                }
                None if form.had_override => spans.push(Span::styled(
                    format!(
                        "{}{arrows}",
                        lang.pick("清除人工亮灯", "clear the override")
                    ),
                    Style::default().fg(Color::Yellow),
                )),
                None => spans.push(Span::raw(format!(
                    "{}{arrows}",
                    lang.pick("不设定（按规则计算）", "none (computed)")
                ))),
            },
            _ => {
                // The cursor mark goes into the text before it is split into lines.
                let text = form.text(f);
                let shown = if active {
                    let at = text
                        .char_indices()
                        .nth(form.cursor)
                        .map_or(text.len(), |(i, _)| i);
                    let hint = if f.is_list() {
                        lang.pick(" ◂▸ 选单位，、分隔", " ◂▸ pick a unit, 、 separates")
                    } else if f.picks_names() {
                        " ◂▸"
                    } else {
                        ""
                    };
                    format!("{}▏{}{hint}", &text[..at], &text[at..])
                } else {
                    text.to_string()
                };
                let suffix = if f == Field::Percent && !form.percent.is_empty() {
                    "%"
                } else {
                    ""
                };
                let mut parts = clean_lines(&shown).into_iter();
                spans.push(Span::raw(format!(
                    "{}{suffix}",
                    parts.next().unwrap_or_default()
                )));
                spans.extend(default_mark(f));
                lines.push(Line::from(spans));
                let indent = " ".repeat(2 + crate::tui::widgets::width(&pad_label("", lang)));
                lines.extend(parts.map(|p| Line::raw(format!("{indent}{p}"))));
                continue;
            }
        }
        lines.push(Line::from(spans));
    }
    if let Some(hint) = form_hint(form, lang) {
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled(
            hint,
            Style::default().fg(Color::DarkGray),
        )));
    }
    if let Some(e) = &form.error {
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled(
            clean(e),
            Style::default().fg(Color::Red),
        )));
    }
    Paragraph::new(wrap_lines(lines, popup.width.saturating_sub(2)))
        .block(block)
        .render(popup, buf);
}

/// A note under the fields of the forms whose rules are not obvious.
fn form_hint(form: &crate::tui::app::Form, lang: Lang) -> Option<&'static str> {
    match form.kind {
        FormKind::Item if form.item_status == crate::model::ItemStatus::Closed => Some(lang.pick(
            "销号须填写审批人；销号依据可选，销号日期默认今天",
            "closing needs who approved it; the basis is optional, the date defaults to today",
        )),
        FormKind::Item => Some(lang.pick(
            "审批人、依据、日期仅在状态为“已销号”时提交",
            "approver, basis and date are only sent when the status is closed",
        )),
        FormKind::Measure if form.status == Some(crate::model::Status::Closed) => Some(lang.pick(
            "销号须填写审批人和销号依据；销号日期默认今天",
            "closing needs who approved it and the basis; the date defaults to today",
        )),
        FormKind::Measure if form.override_light.is_some() => Some(lang.pick(
            "人工亮灯须填写亮灯理由；选“不设定”可取消",
            "an override needs a reason; choose none to drop it",
        )),
        _ => None,
    }
}

/// The first `n` characters of `text` on one line, with … when cut.
fn short_text(text: &str, n: usize) -> String {
    let one = text.replace('\n', " ");
    if one.chars().count() > n {
        format!("{}…", one.chars().take(n).collect::<String>())
    } else {
        one
    }
}

fn pad_label(text: &str, lang: Lang) -> String {
    let cols = match lang {
        Lang::Zh => 10,
        Lang::En => 12,
    };
    crate::tui::widgets::fit(text, cols)
}

pub fn render_confirm(app: &App, area: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    // The summary line, then (for a report or measure edit) the light it gives and why.
    let pending = app.pending_summary.as_deref().unwrap_or("");
    let (summary, light) = pending.split_once('\n').unwrap_or((pending, ""));
    let popup = centered(
        area,
        area.width.saturating_sub(8).min(90),
        if light.is_empty() { 7 } else { 9 },
    );
    crate::tui::widgets::clear(popup, buf);
    let mut lines = vec![
        Line::raw(lang.pick("将提交一次修改：", "This commit will be made:")),
        Line::from(Span::styled(
            clean(summary),
            Style::default().add_modifier(Modifier::BOLD),
        )),
    ];
    if !light.is_empty() {
        lines.push(Line::raw(clean(light)));
    }
    lines.push(Line::raw(""));
    lines.push(Line::raw(
        lang.pick("y 确认提交   n 返回修改", "y commit   n back to the form"),
    ));
    Paragraph::new(wrap_lines(lines, popup.width.saturating_sub(2)))
        .block(
            Block::bordered()
                .title(lang.pick(" 确认 ", " Confirm "))
                .border_style(Style::default().fg(Color::Yellow)),
        )
        .render(popup, buf);
}
