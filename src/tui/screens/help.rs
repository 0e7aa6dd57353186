//! The help overlay: what the lights mean and every key table with its heading, built from
//! the tables the screens declare, so it cannot drift from the bindings.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::{Block, Widget};

use super::{Outcome, SECTIONS, Screen};
use crate::model::{Lang, Light};
use crate::tui::action::Action;
use crate::tui::ctx::Ctx;
use crate::tui::keys::{self, Binding, Key, bind, more};
use crate::tui::widgets::{clip, fit, width};

/// The help's first line shown.
#[derive(Debug, Clone, Default)]
pub struct HelpScreen {
    pub scroll: usize,
}

impl Screen for HelpScreen {
    fn keys(&self) -> &'static [Binding] {
        HELP_KEYS
    }

    fn overlay(&self) -> bool {
        true
    }

    fn update(&mut self, action: Action, _ctx: &Ctx) -> Outcome {
        match action {
            Action::MoveDown => self.scroll += 1,
            Action::MoveUp => self.scroll = self.scroll.saturating_sub(1),
            Action::PageDown => self.scroll += 10,
            Action::PageUp => self.scroll = self.scroll.saturating_sub(10),
            _ => {}
        }
        Outcome::none()
    }

    fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        self.draw(area, buf, ctx.lang);
    }
}

/// What each light means (DOMAIN.md §2.3), for the help and the legend under the tree.
pub const LEGEND: [(Light, &str, &str); 5] = [
    (Light::Green, "按序时推进", "on schedule"),
    (
        Light::Blue,
        "时限15天内（提醒）",
        "deadline within 15 days (a reminder)",
    ),
    (
        Light::Unreported,
        "从未报送（首期已结束）",
        "never reported (first period over)",
    ),
    (
        Light::Yellow,
        "节点逾期、落后序时10–30个百分点、连续两期未报或报黄",
        "milestone late, 10–30 points behind, two periods silent or reported yellow",
    ),
    (
        Light::Red,
        "逾期、落后序时超30个百分点、节点逾期超一月、两次会议黄灯或报红",
        "overdue, over 30 points behind, milestone a month late, yellow at two meetings or reported red",
    ),
];

/// Every section of the help, as (text, is heading) lines.
fn help_lines(lang: Lang) -> Vec<(String, bool)> {
    let mut lines = vec![(lang.pick("亮灯", "Lights").to_string(), true)];
    for (light, zh, en) in LEGEND {
        lines.push((
            format!("{} {}", fit(light.label(lang), 12), lang.pick(zh, en)),
            false,
        ));
    }
    let global = (lang.pick("任何时候", "Anywhere"), keys::GLOBAL_KEYS);
    let sections = SECTIONS
        .iter()
        .map(|s| (s.title(lang), s.keys))
        .chain([global]);
    for (title, table) in sections {
        lines.push((title.to_string(), true));
        for b in table {
            lines.push((
                format!("{} {}", fit(&b.keys_label(), 12), b.label(lang)),
                false,
            ));
        }
    }
    lines
}

impl HelpScreen {
    fn draw(&self, area: Rect, buf: &mut Buffer, lang: Lang) {
        crate::tui::widgets::clear(area, buf);
        let block = Block::bordered()
            .title(lang.pick(
                " 帮助（? 关闭，j/k 翻动） ",
                " Help (? closes, j/k scroll) ",
            ))
            .border_style(Style::default().fg(Color::Cyan));
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.height == 0 {
            return;
        }
        let lines = help_lines(lang);
        let col_width = lines.iter().map(|(t, _)| width(t)).max().unwrap_or(10) + 2;
        let height = inner.height as usize;
        let columns = (inner.width as usize / col_width).max(1);
        // Scrolling stops once the last line is on screen.
        let last_start = lines.len().saturating_sub(columns * height);
        let start = self.scroll.min(last_start);
        let mut x = inner.x;
        for column in lines[start..].chunks(height).take(columns) {
            let room = ((inner.x + inner.width - x) as usize).min(col_width);
            for (row, (text, heading)) in column.iter().enumerate() {
                let style = if *heading {
                    Style::default()
                        .add_modifier(Modifier::BOLD)
                        .fg(Color::Yellow)
                } else {
                    Style::default()
                };
                buf.set_stringn(x, inner.y + row as u16, clip(text, room), room, style);
            }
            x += col_width as u16;
        }
    }
}

/// The help overlay.
pub const HELP_KEYS: &[Binding] = &[
    bind(
        &[Key::ch('?'), Key::plain(KeyCode::Esc), Key::ch('q')],
        Action::ToggleHelp,
        "关闭帮助",
        "close help",
    ),
    bind(
        &[Key::ch('j'), Key::plain(KeyCode::Down)],
        Action::MoveDown,
        "下翻",
        "scroll down",
    ),
    more(
        &[Key::ch('k'), Key::plain(KeyCode::Up)],
        Action::MoveUp,
        "上翻",
        "scroll up",
    ),
    more(
        &[Key::plain(KeyCode::PageDown)],
        Action::PageDown,
        "下一页",
        "page down",
    ),
    more(
        &[Key::plain(KeyCode::PageUp)],
        Action::PageUp,
        "上一页",
        "page up",
    ),
];
