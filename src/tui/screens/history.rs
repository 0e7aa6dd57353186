//! The history screen: commits newest first with their typed changes; `u` plans an undo of the
//! selected change (any earlier one, field by field) and shows exactly what it does, and what
//! later changes stand in the way, before applying it; `U` undoes the last change.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::confirm::ConfirmScreen;
use super::{Notice, Outcome, Screen};
use crate::model::Lang;
use crate::tui::action::{Action, Effect};
use crate::tui::ctx::Ctx;
use crate::tui::keys::{Binding, Key, Section, bind, more};
use crate::tui::widgets::clean;
use crate::words::change_line as describe_change;

/// The history's selected entry.
#[derive(Debug, Clone, Default)]
pub struct HistoryScreen {
    pub cursor: usize,
}

impl Screen for HistoryScreen {
    fn keys(&self) -> &'static [Binding] {
        HISTORY_KEYS
    }

    fn update(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        let last = ctx.history.len().saturating_sub(1);
        match action {
            Action::MoveUp => self.cursor = self.cursor.saturating_sub(1),
            Action::MoveDown => self.cursor = (self.cursor + 1).min(last),
            Action::PageUp => self.cursor = self.cursor.saturating_sub(5),
            Action::PageDown => self.cursor = (self.cursor + 5).min(last),
            Action::PlanUndo => return Outcome::effect(Effect::PlanUndo),
            Action::PlanRevertSelected => {
                return match ctx.history.get(self.cursor) {
                    Some(e) => Outcome::effect(Effect::PlanRevert(e.commit.clone())),
                    None => Outcome::error(ctx.lang.pick("没有可撤销的修改。", "nothing to undo.")),
                };
            }
            Action::UndoPlanned(Some(revert)) => {
                return Outcome::push(ConfirmScreen::undo(revert, ctx.lang));
            }
            Action::UndoPlanned(None) => {
                return Outcome::error(ctx.lang.pick("没有可撤销的修改。", "nothing to undo."));
            }
            Action::Cancel => return Outcome::pop(),
            _ => {}
        }
        Outcome::none()
    }

    fn notify(&mut self, notice: &Notice, ctx: &Ctx) -> Option<Effect> {
        if let Notice::Reloaded = notice {
            self.cursor = self.cursor.min(ctx.history.len().saturating_sub(1));
        }
        None
    }

    fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let lang = ctx.lang;
        let title = if ctx.history_complete {
            format!(" {} ({}) ", lang.pick("历史", "History"), ctx.history.len())
        } else {
            // A first paint holds only the newest entries; the rest is loading.
            match lang {
                Lang::Zh => format!(" 历史（最近 {} 条，更早的载入中…） ", ctx.history.len()),
                Lang::En => format!(
                    " History (newest {}; older ones loading…) ",
                    ctx.history.len()
                ),
            }
        };
        let block = Block::bordered().title(title);
        let inner = block.inner(area);
        block.render(area, buf);
        let mut lines: Vec<Line> = Vec::new();
        let mut selected_at = 0;
        for (i, e) in ctx.history.iter().enumerate() {
            let selected = i == self.cursor;
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
}

/// The history screen.
pub const HISTORY_KEYS: &[Binding] = &[
    more(
        &[Key::ch('k'), Key::plain(KeyCode::Up)],
        Action::MoveUp,
        "上移",
        "up",
    ),
    more(
        &[Key::ch('j'), Key::plain(KeyCode::Down)],
        Action::MoveDown,
        "下移",
        "down",
    ),
    more(
        &[Key::plain(KeyCode::PageUp)],
        Action::PageUp,
        "上一页",
        "page up",
    ),
    more(
        &[Key::plain(KeyCode::PageDown)],
        Action::PageDown,
        "下一页",
        "page down",
    ),
    bind(
        &[Key::ch('u'), Key::plain(KeyCode::Enter)],
        Action::PlanRevertSelected,
        "撤销所选修改",
        "undo the selected change",
    ),
    more(
        &[Key::ch('U')],
        Action::PlanUndo,
        "撤销最近修改",
        "undo the last change",
    ),
    bind(
        &[Key::plain(KeyCode::Esc), Key::ch('H'), Key::ch('q')],
        Action::Cancel,
        "返回",
        "back",
    ),
    bind(&[Key::ch('?')], Action::ToggleHelp, "帮助", "help"),
];

/// The history in the help.
pub const SECTION: Section = Section {
    zh: "历史（H）",
    en: "History (H)",
    keys: HISTORY_KEYS,
};
