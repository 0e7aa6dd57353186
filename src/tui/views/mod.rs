//! Rendering: each view reads `&App` and draws into a buffer. Views never do IO.

mod detail;
mod form;
mod help;
mod history;
pub mod import;
pub(crate) mod indicators;
mod meeting;
pub mod remind;
mod tree;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::Widget;

use super::app::App;
use super::keymap::{self, Mode};
use super::widgets::{clean, clip, width, wrap};
use crate::model::{Cycle, Lang, Light};

/// Lines of the review or meeting screen (0 on other screens).
pub fn screen_lines(app: &App) -> usize {
    meeting::screen_lines(app)
}

/// The colour of a light.
pub fn light_color(light: Light) -> Color {
    match light {
        Light::Green => Color::Green,
        Light::Blue => Color::Blue,
        Light::Unreported => Color::DarkGray,
        Light::Yellow => Color::Yellow,
        Light::Red => Color::Red,
    }
}

/// The name of a cycle's report: 周报, 月报, 季报.
pub fn cycle_label(cycle: Cycle, lang: Lang) -> &'static str {
    match cycle {
        Cycle::Weekly => lang.pick("周报", "weekly"),
        Cycle::Monthly => lang.pick("月报", "monthly"),
        Cycle::Quarterly => lang.pick("季报", "quarterly"),
    }
}

/// A two-column glyph for a light: the Chinese label, or a letter in English.
pub fn light_glyph(light: Light, lang: Lang) -> &'static str {
    match (lang, light) {
        (Lang::Zh, Light::Unreported) => "未",
        (Lang::Zh, l) => l.label(Lang::Zh),
        (Lang::En, Light::Green) => "G ",
        (Lang::En, Light::Unreported) => "U ",
        (Lang::En, Light::Blue) => "B ",
        (Lang::En, Light::Yellow) => "Y ",
        (Lang::En, Light::Red) => "R ",
    }
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width < 20 || area.height < 6 {
            buf.set_stringn(
                area.x,
                area.y,
                clip(
                    self.lang.pick("终端太小", "terminal too small"),
                    area.width as usize,
                ),
                area.width as usize,
                Style::default(),
            );
            return;
        }
        // A message takes as many rows as it needs (up to three), so it is never cut.
        let footer_rows = match &self.message {
            Some(m) => wrap(&clean(&m.text), area.width as usize).len().clamp(1, 3) as u16,
            None => 1,
        };
        let [main, footer, status] = Layout::vertical([
            Constraint::Min(3),
            Constraint::Length(footer_rows),
            Constraint::Length(1),
        ])
        .areas(area);
        let base = match self.mode {
            Mode::Help => self.under_help,
            m => m,
        };
        // Forms and their confirmation float over the screen they were opened from.
        let base = match base {
            Mode::Form | Mode::Confirm => self.home,
            m => m,
        };
        if matches!(base, Mode::History | Mode::ConfirmUndo) {
            history::render(self, main, buf);
        } else if base == Mode::Review {
            meeting::render_review(self, main, buf);
        } else if matches!(base, Mode::Meeting | Mode::Minutes | Mode::ConfirmClose) {
            meeting::render_meeting(self, main, buf);
        } else if base == Mode::Indicators {
            indicators::render(self, main, buf);
        } else if base == Mode::Remind {
            remind::render(self, main, buf);
        } else if base == Mode::Import {
            import::render(self, main, buf);
        } else {
            let tree_width = if main.width >= 120 {
                60
            } else {
                main.width * 9 / 20
            };
            let [left, right] =
                Layout::horizontal([Constraint::Length(tree_width), Constraint::Min(10)])
                    .areas(main);
            tree::render(self, left, buf);
            detail::render(self, right, buf);
        }
        match self.mode {
            Mode::Filter => help::render_filters(self, main, buf),
            Mode::Form => form::render(self, main, buf),
            Mode::Confirm => {
                form::render(self, main, buf);
                form::render_confirm(self, main, buf);
            }
            Mode::ConfirmUndo => history::render_confirm(self, main, buf),
            Mode::Minutes => meeting::render_minutes(self, main, buf),
            Mode::ConfirmClose => meeting::render_confirm_close(self, main, buf),
            Mode::Help => help::render(self, main, buf),
            _ => {}
        }
        render_footer(self, footer, buf);
        render_status(self, status, buf);
    }
}

/// Where the caret of the focused text field was drawn (the `▏` mark), while a form or the
/// search line takes typing.
pub fn caret(app: &App, buf: &Buffer) -> Option<ratatui::layout::Position> {
    if !matches!(app.mode, Mode::Form | Mode::Search) {
        return None;
    }
    let area = buf.area;
    (area.top()..area.bottom())
        .flat_map(|y| (area.left()..area.right()).map(move |x| (x, y)))
        .find(|&(x, y)| buf[(x, y)].symbol() == "▏")
        .map(|(x, y)| ratatui::layout::Position { x, y })
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
    let hints: Vec<(String, &str)> = keymap::table(app.mode)
        .iter()
        .filter(|b| b.hint)
        .map(|b| {
            (
                b.keys.first().map(|k| k.label()).unwrap_or_default(),
                b.label(app.lang),
            )
        })
        .collect();
    for (x, text, bold) in hint_layout(&hints, area.width as usize) {
        let style = if bold {
            Style::default()
                .add_modifier(Modifier::BOLD)
                .fg(Color::Cyan)
        } else {
            Style::default()
        };
        buf.set_stringn(area.x + x as u16, area.y, &text, width(&text), style);
    }
}

/// Places every key of `hints` on one row of `cols` columns: full labels two apart when they
/// fit, then one apart, then labels shortened (each cut marked `…`), then keys alone.
/// Returns (column, text, is_key) pieces.
pub fn hint_layout(hints: &[(String, &str)], cols: usize) -> Vec<(usize, String, bool)> {
    let lay = |gap: usize, label_cols: Option<usize>| {
        let mut out = Vec::new();
        let mut x = 0;
        for (key, label) in hints {
            out.push((x, key.clone(), true));
            x += width(key);
            let label = match label_cols {
                Some(0) => String::new(),
                Some(n) => clip(label, n),
                None => label.to_string(),
            };
            if !label.is_empty() {
                out.push((x + 1, label.clone(), false));
                x += 1 + width(&label);
            }
            x += gap;
        }
        (out, x.saturating_sub(gap))
    };
    let longest = hints.iter().map(|(_, l)| width(l)).max().unwrap_or(0);
    let mut tries = vec![(2, None), (1, None)];
    tries.extend((2..longest).rev().map(|n| (1, Some(n))));
    tries.push((1, Some(0)));
    for (gap, label_cols) in tries {
        let (out, used) = lay(gap, label_cols);
        if used <= cols {
            return out;
        }
    }
    // Not even the keys fit: as many as there is room for.
    let (out, _) = lay(1, Some(0));
    out.into_iter()
        .filter(|(x, t, _)| x + width(t) <= cols)
        .collect()
}

fn render_status(app: &App, area: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let style = Style::default().fg(Color::Black).bg(Color::Gray);
    buf.set_style(area, style);
    let r = &app.repo;
    let mut left = vec![(format!(" {}", clean(&r.path)), style)];
    if let Some(b) = &r.branch {
        left.push((format!("  ⎇ {}", clean(b)), style));
    }
    let state = if r.dirty {
        lang.pick("有未提交修改", "dirty")
    } else {
        lang.pick("干净", "clean")
    };
    let state_style = if r.dirty { style.fg(Color::Red) } else { style };
    left.push((format!("  {state}"), state_style));
    if let Some((ahead, behind)) = r.ahead_behind {
        left.push((format!("  ↑{ahead} ↓{behind}"), style));
    }
    if let Some(t) = &r.last_sync {
        left.push((
            format!("  {}{}", lang.pick("同步于", "synced "), clean(t)),
            style,
        ));
    }
    let today = app.today;
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

    const MODES: [Mode; 16] = [
        Mode::Tree,
        Mode::Search,
        Mode::Filter,
        Mode::Form,
        Mode::Confirm,
        Mode::History,
        Mode::ConfirmUndo,
        Mode::Review,
        Mode::Meeting,
        Mode::Minutes,
        Mode::ConfirmClose,
        Mode::Indicators,
        Mode::Remind,
        Mode::Import,
        Mode::Help,
        Mode::Tree,
    ];

    #[test]
    fn the_hint_bar_keeps_every_key_at_80_columns() {
        let mut checked = 0;
        for lang in [Lang::Zh, Lang::En] {
            for mode in MODES {
                let hints: Vec<(String, &str)> = keymap::table(mode)
                    .iter()
                    .filter(|b| b.hint)
                    .map(|b| {
                        (
                            b.keys.first().map(|k| k.label()).unwrap_or_default(),
                            b.label(lang),
                        )
                    })
                    .collect();
                for cols in [80, 120] {
                    let laid = hint_layout(&hints, cols);
                    let keys: Vec<&String> = laid
                        .iter()
                        .filter(|(_, _, k)| *k)
                        .map(|(_, t, _)| t)
                        .collect();
                    assert_eq!(
                        keys.len(),
                        hints.len(),
                        "{mode:?} {lang:?} at {cols}: {laid:?}"
                    );
                    assert!(
                        laid.iter().all(|(x, t, _)| x + width(t) <= cols),
                        "{mode:?} at {cols}: {laid:?}"
                    );
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 64);
        // The tree's hints at 80 columns keep M and i, shortened rather than dropped.
        let tree: Vec<(String, &str)> = keymap::table(Mode::Tree)
            .iter()
            .filter(|b| b.hint)
            .map(|b| {
                (
                    b.keys.first().map(|k| k.label()).unwrap_or_default(),
                    b.label(Lang::Zh),
                )
            })
            .collect();
        let laid = hint_layout(&tree, 80);
        for key in ["M", "i", "q", "?"] {
            assert!(
                laid.iter().any(|(_, t, k)| *k && t == key),
                "{key}: {laid:?}"
            );
        }
    }
}
