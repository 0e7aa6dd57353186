//! The minutes preview: the open meeting's minutes as they would be written now, over the
//! meeting screen.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use std::cell::Cell;

use ratatui::style::{Color, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Widget};

use super::{Notice, Outcome, Screen};
use crate::model::{Cycle, Id};
use crate::tui::action::{Action, Effect, MeetingData};
use crate::tui::ctx::Ctx;
use crate::tui::keys::{Binding, Key, Section, bind, more};

/// A meeting's minutes laid out as text, scrolled.
#[derive(Debug, Clone)]
pub struct MinutesScreen {
    /// The kind whose open meeting this previews (it follows HEAD); `None` for the minutes of
    /// a meeting opened from the tree.
    pub kind: Option<Cycle>,
    pub meeting: Id,
    /// Whether the meeting is closed (its minutes are final).
    pub closed: bool,
    pub minutes: String,
    /// The first line shown.
    pub scroll: usize,
    /// The width last drawn at, for the number of lines the text takes.
    width: Cell<u16>,
}

impl MinutesScreen {
    /// The minutes of `data`'s open meeting, as they would be written now, from the top.
    pub fn new(kind: Cycle, data: &MeetingData) -> MinutesScreen {
        MinutesScreen {
            kind: Some(kind),
            meeting: data.meeting.id.clone(),
            closed: false,
            minutes: data.minutes.clone(),
            scroll: 0,
            width: Cell::new(80),
        }
    }

    /// The minutes of meeting `id` (its record when closed), from the top.
    pub fn of(id: Id, closed: bool, minutes: String) -> MinutesScreen {
        MinutesScreen {
            kind: None,
            meeting: id,
            closed,
            minutes,
            scroll: 0,
            width: Cell::new(80),
        }
    }

    fn laid_out(&self, width: u16) -> Vec<Line<'static>> {
        crate::tui::markdown::render(&self.minutes, width)
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
        if matches!(action, Action::Cancel) {
            return Outcome::pop();
        }
        super::scroll(&mut self.scroll, &action, ctx.page, ctx.lines);
        Outcome::none()
    }

    fn notify(&mut self, notice: &Notice, _ctx: &Ctx) -> Option<Effect> {
        if let Notice::MeetingLoaded(kind, meeting) = notice
            && Some(*kind) == self.kind
        {
            // The preview follows HEAD; the meeting screen below asks for it.
            self.minutes = meeting.map(|m| m.minutes.clone()).unwrap_or_default();
        }
        None
    }

    fn lines(&self, _ctx: &Ctx) -> usize {
        self.laid_out(self.width.get()).len()
    }

    fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let lang = ctx.lang;
        crate::tui::widgets::clear(area, buf);
        let width = area.width.saturating_sub(2);
        self.width.set(width);
        let lines = self.laid_out(width);
        let height = area.height.saturating_sub(2) as usize;
        let total = lines.len();
        let scroll = self.scroll.min(total.saturating_sub(height));
        let title = if self.closed {
            lang.pick("会议纪要", "Minutes")
        } else {
            lang.pick("纪要预览", "Minutes (preview)")
        };
        let block = Block::bordered()
            .title(format!(
                " {title} {} ({}/{total}) ",
                self.meeting,
                (scroll + 1).min(total)
            ))
            .border_style(Style::default().fg(Color::Cyan));
        Paragraph::new(
            lines
                .into_iter()
                .skip(scroll)
                .take(height)
                .collect::<Vec<_>>(),
        )
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
    zh: "纪要（会议界面 p；树中会议 e）",
    en: "Minutes (p on the meeting screen; e on a meeting in the tree)",
    keys: MINUTES_KEYS,
};
