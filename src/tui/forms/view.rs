//! The form's view: its fields, the caret in the focused one, a note and the error.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::Form;
use super::field::{Field, Pick, TextField};
use crate::model::{ItemStatus, Lang};
use crate::tui::ctx::Ctx;
use crate::tui::frame::CARET;
use crate::tui::widgets::{centered, clean, light_color, wrap_lines};

impl Form {
    /// Draws the form; `focused` marks the focused field and its caret (not while a
    /// confirmation covers the form).
    pub(super) fn draw(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx, focused: bool) {
        let form = self;
        let lang = ctx.lang;
        // Narrow terminals give the form the whole main area.
        let popup = if area.width < 110 {
            area
        } else {
            centered(area, 100, area.height.saturating_sub(2))
        };
        crate::tui::widgets::clear(popup, buf);
        let block = Block::bordered()
            .title(clean(&self.spec.title(ctx)))
            .border_style(Style::default().fg(Color::Cyan));
        // A value still holding the default the plan does not give is marked 默认 until changed.
        let default_mark = |f: Field| -> Option<Span<'static>> {
            self.spec.assumed(f, &self.inputs, ctx).then(|| {
                Span::styled(
                    crate::model::Assumed::marker(lang).to_string(),
                    Style::default().fg(Color::DarkGray),
                )
            })
        };
        let mut lines = Vec::new();
        for f in form.fields() {
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
            let indent = 2 + crate::tui::widgets::width(&pad_label("", lang));
            if let Some((value, more)) = form.list_lines(f, active, indent, ctx) {
                spans.extend(value);
                lines.push(Line::from(spans));
                lines.extend(more);
                continue;
            }
            if let Some(choice) = form.inputs.choice(f) {
                let style = match choice.pick() {
                    Pick::Light(l) => Style::default()
                        .fg(light_color(l))
                        .add_modifier(Modifier::BOLD),
                    Pick::Item(ItemStatus::Closed) => Style::default()
                        .fg(Color::Green)
                        .add_modifier(Modifier::BOLD),
                    Pick::Clear => Style::default().fg(Color::Yellow),
                    _ => Style::default(),
                };
                spans.push(Span::styled(choice.label().to_string(), style));
                spans.push(Span::raw(arrows));
                spans.extend(default_mark(f));
                lines.push(Line::from(spans));
                continue;
            }
            // The text as the field holds it, line by line, the caret drawn where it is.
            let Some(input) = form.inputs.text_field(f) else {
                lines.push(Line::from(spans));
                continue;
            };
            let hint = if !active {
                ""
            } else if f.is_list() {
                lang.pick(" ◂▸ 选单位，、分隔", " ◂▸ pick a unit, 、 separates")
            } else if f.picks_names() {
                " ◂▸"
            } else {
                ""
            };
            let mut parts = text_spans(input, active, Style::default());
            if let Some(last) = parts.last_mut() {
                last.push(Span::raw(hint));
            }
            let mut parts = parts.into_iter();
            spans.extend(parts.next().unwrap_or_default());
            if f == Field::Percent && !input.is_empty() {
                spans.push(Span::raw("%"));
            }
            spans.extend(default_mark(f));
            let indent = " ".repeat(2 + crate::tui::widgets::width(&pad_label("", lang)));
            lines.push(Line::from(spans));
            lines.extend(parts.map(|p| {
                let mut row = vec![Span::raw(indent.clone())];
                row.extend(p);
                Line::from(row)
            }));
        }
        if let Some(hint) = self.spec.hint(&self.inputs, lang) {
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
}

fn pad_label(text: &str, lang: Lang) -> String {
    let cols = match lang {
        Lang::Zh => 10,
        Lang::En => 12,
    };
    crate::tui::widgets::fit(text, cols)
}

/// The lines of a text input, each cleaned of control characters, with the caret (`▏`, drawn
/// in the caret's style so the terminal cursor is put there) where it is when `caret`.
pub(super) fn text_spans(input: &TextField, caret: bool, style: Style) -> Vec<Vec<Span<'static>>> {
    let (row, col) = input.caret();
    input
        .lines()
        .iter()
        .enumerate()
        .map(|(r, line)| {
            if !caret || r != row {
                return vec![Span::styled(clean(line), style)];
            }
            let at = line.char_indices().nth(col).map_or(line.len(), |(i, _)| i);
            vec![
                Span::styled(clean(&line[..at]), style),
                Span::styled("▏", CARET),
                Span::styled(clean(&line[at..]), style),
            ]
        })
        .collect()
}
