//! The frame: the screens of the stack drawn from the topmost full screen up, the footer (a
//! message, or the top screen's key hints) and the status line. Views only read `&App`.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::Widget;

use super::app::App;
use super::ctx::Ctx;
use super::keys;
use super::widgets::{clean, clip, width, wrap};
use crate::model::Cycle;

/// Lines of the top screen's content as it draws now, for its scrolling.
pub fn content_lines(app: &App) -> usize {
    app.top().lines(&app.ctx())
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width < 20 || area.height < 6 {
            buf.set_stringn(
                area.x,
                area.y,
                clip(
                    self.data.lang.pick("终端太小", "terminal too small"),
                    area.width as usize,
                ),
                area.width as usize,
                Style::default(),
            );
            return;
        }
        // A message takes as many rows as it needs (up to three), so it is never cut; the key
        // hints one row, or two when one would cut their labels.
        let footer_rows = match &self.message {
            Some(m) => wrap(&clean(&m.text), area.width as usize).len().clamp(1, 3) as u16,
            None => keys::hint_rows(
                &keys::hints(self.keys(), self.data.lang),
                area.width as usize,
            )
            .len()
            .max(1) as u16,
        };
        let [main, footer, status] = Layout::vertical([
            Constraint::Min(3),
            Constraint::Length(footer_rows),
            Constraint::Length(1),
        ])
        .areas(area);
        // Overlays float over the screen they were opened from.
        let screens: Vec<_> = self.screens().collect();
        let base = screens.iter().rposition(|s| !s.overlay()).unwrap_or(0);
        let last = screens.len() - 1;
        for (i, screen) in screens.iter().enumerate().skip(base) {
            let ctx = Ctx {
                top: i == last,
                ..self.ctx()
            };
            screen.render(main, buf, &ctx);
        }
        render_footer(self, footer, buf);
        render_status(self, status, buf);
    }
}

/// The look of a text field's caret mark `▏`, so that a `▏` in the text is not taken for it.
pub const CARET: Style = Style::new()
    .fg(Color::LightCyan)
    .add_modifier(Modifier::BOLD);

/// Where the caret of the focused text field was drawn (the `▏` mark in the caret's look, or
/// the search line's plain one), while a form or the search line takes typing.
pub fn caret(app: &App, buf: &Buffer) -> Option<ratatui::layout::Position> {
    if !app.top().takes_text() {
        return None;
    }
    let area = buf.area;
    let marks: Vec<(u16, u16)> = (area.top()..area.bottom())
        .flat_map(|y| (area.left()..area.right()).map(move |x| (x, y)))
        .filter(|&(x, y)| buf[(x, y)].symbol() == "▏")
        .collect();
    let styled = marks.iter().find(|&&(x, y)| {
        let cell = &buf[(x, y)];
        cell.fg == Color::LightCyan && cell.modifier.contains(Modifier::BOLD)
    });
    styled
        .or(marks.first())
        .map(|&(x, y)| ratatui::layout::Position { x, y })
}

fn render_footer(app: &App, area: Rect, buf: &mut Buffer) {
    if let Some(m) = &app.message {
        let style = if m.error {
            Style::default().fg(Color::White).bg(Color::Red)
        } else {
            Style::default().fg(Color::Black).bg(Color::Green)
        };
        buf.set_style(area, style);
        let rows = wrap(&clean(&m.text), area.width as usize);
        let last = area.height as usize;
        for (i, row) in rows.iter().take(last).enumerate() {
            // The last row that fits says there is more when there is.
            let row = if i + 1 == last && rows.len() > last {
                clip(&format!("{row}…"), area.width as usize)
            } else {
                row.clone()
            };
            buf.set_stringn(area.x, area.y + i as u16, &row, area.width as usize, style);
        }
        return;
    }
    let hints = keys::hints(app.keys(), app.data.lang);
    for (row, pieces) in keys::hint_rows(&hints, area.width as usize)
        .into_iter()
        .enumerate()
        .take(area.height as usize)
    {
        for (x, text, bold) in pieces {
            let style = if bold {
                Style::default()
                    .add_modifier(Modifier::BOLD)
                    .fg(Color::Cyan)
            } else {
                Style::default()
            };
            buf.set_stringn(
                area.x + x as u16,
                area.y + row as u16,
                &text,
                width(&text),
                style,
            );
        }
    }
}

fn render_status(app: &App, area: Rect, buf: &mut Buffer) {
    let lang = app.data.lang;
    let style = Style::default().fg(Color::Black).bg(Color::Gray);
    buf.set_style(area, style);
    let r = &app.data.repo;
    let mut left = vec![(format!(" {}", clean(&r.path)), style)];
    if let Some(b) = &r.branch {
        left.push((format!("  ⎇ {}", clean(b)), style));
    }
    // Not known yet on a first paint: the worker looks next.
    if let Some(dirty) = r.dirty {
        let state = if dirty {
            lang.pick("有未提交修改", "dirty")
        } else {
            lang.pick("干净", "clean")
        };
        let state_style = if dirty { style.fg(Color::Red) } else { style };
        left.push((format!("  {state}"), state_style));
    }
    if let Some((ahead, behind)) = r.ahead_behind {
        left.push((format!("  ↑{ahead} ↓{behind}"), style));
    }
    if let Some(t) = &r.last_sync {
        left.push((
            format!("  {}{}", lang.pick("同步于", "synced "), clean(t)),
            style,
        ));
    }
    if let Some(frame) = app.data.loading {
        left.push((
            format!("  {frame} {}", lang.pick("载入中", "loading")),
            style.fg(Color::Blue),
        ));
    }
    let today = app.data.today;
    let periods = format!(
        "{} {} {} ",
        Cycle::Weekly.period_of(today),
        Cycle::Monthly.period_of(today),
        Cycle::Quarterly.period_of(today)
    );
    super::widgets::left_right(buf, area, &left, &[(periods, style)]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;
    use crate::tui::screens::{SECTIONS, help::HELP_KEYS};

    #[test]
    fn the_hint_bar_keeps_every_key_at_80_columns() {
        let tables: Vec<(&str, &[keys::Binding])> = SECTIONS
            .iter()
            .map(|s| (s.en, s.keys))
            .chain([("Help", HELP_KEYS)])
            .collect();
        let mut checked = 0;
        for lang in [Lang::Zh, Lang::En] {
            for (name, table) in &tables {
                let hints = keys::hints(table, lang);
                for cols in [80, 120] {
                    let laid = keys::hint_layout(&hints, cols);
                    let keys: Vec<&String> = laid
                        .iter()
                        .filter(|(_, _, k)| *k)
                        .map(|(_, t, _)| t)
                        .collect();
                    assert_eq!(
                        keys.len(),
                        hints.len(),
                        "{name} {lang:?} at {cols}: {laid:?}"
                    );
                    assert!(
                        laid.iter().all(|(x, t, _)| x + width(t) <= cols),
                        "{name} at {cols}: {laid:?}"
                    );
                    checked += 1;
                }
            }
        }
        // Every table, in both languages, at both widths.
        assert!(tables.len() >= 15, "{}", tables.len());
        assert_eq!(checked, tables.len() * 4);
        // The tree's hints at 80 columns keep M, i, L and P, shortened rather than dropped.
        let tree = keys::hints(crate::tui::screens::tree::TREE_KEYS, Lang::Zh);
        let laid = keys::hint_layout(&tree, 80);
        for key in ["M", "i", "L", "P", "q", "?"] {
            assert!(
                laid.iter().any(|(_, t, k)| *k && t == key),
                "{key}: {laid:?}"
            );
        }
    }
}
