//! The history screen: commits newest first with their typed changes, and the undo preview.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use crate::tui::app::App;
use crate::tui::widgets::{centered, clean, clean_lines, wrap_lines};
use crate::words::change_line as describe_change;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let block = Block::bordered().title(format!(
        " {} ({}) ",
        lang.pick("历史", "History"),
        app.history.len()
    ));
    let inner = block.inner(area);
    block.render(area, buf);
    let mut lines: Vec<Line> = Vec::new();
    let mut selected_at = 0;
    for (i, e) in app.history.iter().enumerate() {
        let selected = i == app.history_cursor;
        if selected {
            selected_at = lines.len();
        }
        let style = if selected {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        };
        let short = e.commit.get(..8).unwrap_or(&e.commit);
        lines.push(
            Line::from(vec![
                Span::styled(format!("{short} "), Style::default().fg(Color::Yellow)),
                Span::styled(
                    format!("{} ", e.time.format("%Y-%m-%d %H:%M")),
                    Style::default().fg(Color::DarkGray),
                ),
                Span::raw(format!("{} ", clean(&e.author))),
                Span::raw(clean(&e.summary)),
            ])
            .style(style),
        );
        for c in &e.changes {
            lines.push(Line::raw(format!(
                "    {}",
                clean(&describe_change(c, lang))
            )));
        }
    }
    if lines.is_empty() {
        lines.push(Line::raw(lang.pick("（没有提交）", "(no commits)")));
    }
    let height = inner.height as usize;
    let scroll = selected_at
        .saturating_sub(height / 3)
        .min(lines.len().saturating_sub(height));
    let visible: Vec<Line> = lines.into_iter().skip(scroll).take(height).collect();
    Paragraph::new(visible).render(inner, buf);
}

pub fn render_confirm(app: &App, area: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let Some(revert) = &app.pending_revert else {
        return;
    };
    let mut lines: Vec<Line> = clean_lines(revert.preview(lang).trim_end())
        .into_iter()
        .map(Line::raw)
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::raw(
        lang.pick("y 确认撤销   n 取消", "y undo   n cancel"),
    ));
    let height = (lines.len() as u16 + 4).min(area.height);
    let popup = centered(area, area.width.saturating_sub(6).min(100), height);
    crate::tui::widgets::clear(popup, buf);
    Paragraph::new(wrap_lines(lines, popup.width.saturating_sub(2)))
        .block(
            Block::bordered()
                .title(lang.pick(" 撤销 ", " Undo "))
                .border_style(Style::default().fg(Color::Yellow)),
        )
        .render(popup, buf);
}
