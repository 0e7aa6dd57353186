//! The minutes preview: the open meeting's minutes as they would be written now, over the
//! meeting screen.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Widget};

use super::{Notice, Outcome, Screen};
use crate::model::{Cycle, Id};
use crate::tui::action::{Action, Effect, MeetingData};
use crate::tui::ctx::Ctx;
use crate::tui::keys::{Binding, Key, Section, bind, more};
use crate::tui::widgets::{clean, wrap_lines};

/// The minutes of the open meeting of a kind, scrolled.
#[derive(Debug, Clone)]
pub struct MinutesScreen {
    pub kind: Cycle,
    pub meeting: Id,
    pub minutes: String,
    /// The first line shown.
    pub scroll: usize,
}

impl MinutesScreen {
    /// The minutes of `data`'s meeting, from the top.
    pub fn new(kind: Cycle, data: &MeetingData) -> MinutesScreen {
        MinutesScreen {
            kind,
            meeting: data.meeting.id.clone(),
            minutes: data.minutes.clone(),
            scroll: 0,
        }
    }

    fn last_line(&self) -> usize {
        self.minutes.lines().count().saturating_sub(1)
    }
}

impl Screen for MinutesScreen {
    fn keys(&self) -> &'static [Binding] {
        MINUTES_KEYS
    }

    fn overlay(&self) -> bool {
        true
    }

    fn update(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        let last = self.last_line();
        let page = ctx.page.max(1);
        let s = &mut self.scroll;
        match action {
            Action::MoveUp => *s = s.saturating_sub(1),
            Action::MoveDown => *s = (*s + 1).min(last),
            Action::PageUp => *s = s.saturating_sub(page),
            Action::PageDown => *s = (*s + page).min(last),
            Action::Cancel => return Outcome::pop(),
            _ => {}
        }
        Outcome::none()
    }

    fn notify(&mut self, notice: &Notice, _ctx: &Ctx) -> Option<Effect> {
        if let Notice::MeetingLoaded(kind, meeting) = notice
            && *kind == self.kind
        {
            // The minutes follow HEAD; the meeting screen below asks for them.
            self.minutes = meeting.map(|m| m.minutes.clone()).unwrap_or_default();
            self.scroll = self.scroll.min(self.last_line());
        }
        None
    }

    fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let lang = ctx.lang;
        crate::tui::widgets::clear(area, buf);
        let total = self.minutes.lines().count();
        let block = Block::bordered()
            .title(format!(
                " {} {} ({}/{total}) ",
                lang.pick("纪要预览", "Minutes"),
                self.meeting,
                (self.scroll + 1).min(total)
            ))
            .border_style(Style::default().fg(Color::Cyan));
        let lines: Vec<Line> = self
            .minutes
            .lines()
            .skip(self.scroll)
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
}

/// The minutes preview.
pub const MINUTES_KEYS: &[Binding] = &[
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
    bind(
        &[Key::plain(KeyCode::PageDown), Key::ctrl('f'), Key::ch(' ')],
        Action::PageDown,
        "下一页",
        "page down",
    ),
    more(
        &[Key::plain(KeyCode::PageUp), Key::ctrl('b')],
        Action::PageUp,
        "上一页",
        "page up",
    ),
    bind(
        &[Key::plain(KeyCode::Esc), Key::ch('q'), Key::ch('p')],
        Action::Cancel,
        "返回",
        "back",
    ),
];

/// The minutes preview in the help.
pub const SECTION: Section = Section {
    zh: "纪要预览（p）",
    en: "Minutes (p)",
    keys: MINUTES_KEYS,
};
