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
use super::widgets::{clean, clip, width};
use crate::model::{Cycle, Lang, Light};

/// Rows of the tree pane in a terminal `height` rows high (borders, footer and status excluded).
pub fn tree_rows(height: u16) -> usize {
    usize::from(height).saturating_sub(4)
}

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
        let [main, footer, status] = Layout::vertical([
            Constraint::Min(3),
            Constraint::Length(1),
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

fn render_footer(app: &App, area: Rect, buf: &mut Buffer) {
    if let Some(m) = &app.message {
        let style = if m.error {
            Style::default().fg(Color::White).bg(Color::Red)
        } else {
            Style::default().fg(Color::Black).bg(Color::Green)
        };
        let text = clip(&clean(&m.text), area.width as usize);
        buf.set_style(area, style);
        buf.set_stringn(area.x, area.y, &text, area.width as usize, style);
        return;
    }
    let mut x = area.x;
    let end = area.x + area.width;
    for b in keymap::table(app.mode).iter().filter(|b| b.hint) {
        let keys = b.keys.first().map(|k| k.label()).unwrap_or_default();
        let label = b.label(app.lang);
        let w = (width(&keys) + 1 + width(label) + 2) as u16;
        if x + w > end {
            break;
        }
        buf.set_string(
            x,
            area.y,
            &keys,
            Style::default()
                .add_modifier(Modifier::BOLD)
                .fg(Color::Cyan),
        );
        buf.set_string(x + width(&keys) as u16 + 1, area.y, label, Style::default());
        x += w;
    }
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
    let today = app.today;
    let periods = format!(
        "{} {} {} ",
        Cycle::Weekly.period_of(today),
        Cycle::Monthly.period_of(today),
        Cycle::Quarterly.period_of(today)
    );
    super::widgets::left_right(buf, area, &left, &[(periods, style)]);
}
