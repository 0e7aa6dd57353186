//! The refusal to remove a unit still referenced: the store's words for it and every
//! reference, scrolled when they do not fit. Nothing was sent to the store.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::super::{Outcome, Screen};
use super::REFUSED_KEYS;
use crate::model::Lang;
use crate::store::roster::UnitRef;
use crate::store::{Error, Rejection};
use crate::tui::action::Action;
use crate::tui::ctx::Ctx;
use crate::tui::keys::Binding;
use crate::tui::widgets::{centered, clean, clip, wrap};

/// The refusal to remove a unit still referenced: the store's words and every reference.
#[derive(Debug, Clone)]
pub struct RefusedScreen {
    /// The refusal, line by line (the first says why, the others name a reference each).
    pub lines: Vec<String>,
    /// The first reference shown.
    pub scroll: usize,
}

impl RefusedScreen {
    /// The refusal to remove `name`, referenced by `refs`.
    pub fn new(name: &str, refs: &[UnitRef], lang: Lang) -> RefusedScreen {
        let refusal = Error::from(Rejection::UnitReferenced {
            name: name.to_string(),
            zh: refs.iter().map(|r| r.describe(Lang::Zh)).collect(),
            en: refs.iter().map(|r| r.describe(Lang::En)).collect(),
        });
        RefusedScreen {
            lines: refusal
                .for_tui(lang)
                .lines()
                .map(|l| clean(l.trim_end()))
                .collect(),
            scroll: 0,
        }
    }
}

impl Screen for RefusedScreen {
    fn keys(&self) -> &'static [Binding] {
        REFUSED_KEYS
    }

    fn overlay(&self) -> bool {
        true
    }

    fn update(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        if matches!(action, Action::Cancel) {
            return Outcome::pop();
        }
        // The references shown: the popup's rows less its borders, the sentence, a blank
        // line and the keys (the view cuts the same way).
        let shown = ctx.page.saturating_sub(6);
        let refs = self.lines.len().saturating_sub(1);
        super::super::scroll(&mut self.scroll, &action, shown, refs);
        Outcome::none()
    }

    fn lines(&self, _ctx: &Ctx) -> usize {
        self.lines.len()
    }

    fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let lang = ctx.lang;
        let popup_w = area.width.saturating_sub(8).min(90);
        let cols = popup_w.saturating_sub(2) as usize;
        let (why, refs) = self
            .lines
            .split_first()
            .map_or((&[][..], &[][..]), |(w, r)| (std::slice::from_ref(w), r));
        let mut lines: Vec<Line> = why
            .iter()
            .flat_map(|w| wrap(w, cols))
            .map(|l| {
                Line::from(Span::styled(
                    l,
                    Style::default().add_modifier(Modifier::BOLD),
                ))
            })
            .collect();
        lines.push(Line::raw(""));
        // As tall as the references need, within the screen.
        let height = (lines.len() + refs.len() + 3) as u16;
        let popup = centered(area, popup_w, height.min(area.height.saturating_sub(2)));
        crate::tui::widgets::clear(popup, buf);
        // The references scroll below the sentence; the keys stay at the bottom.
        let room = (popup.height as usize).saturating_sub(2 + lines.len() + 1);
        let from = self.scroll.min(refs.len().saturating_sub(room));
        let more = refs.len() > from + room;
        for r in refs.iter().skip(from).take(room) {
            lines.push(Line::raw(clip(r, cols)));
        }
        while lines.len() < (popup.height as usize).saturating_sub(3) {
            lines.push(Line::raw(""));
        }
        let keys = if more || from > 0 {
            lang.pick("↑↓ 翻看引用   Esc 返回", "↑↓ scroll   Esc back")
        } else {
            lang.pick("Esc 返回", "Esc back")
        };
        lines.push(Line::styled(keys, Style::default().fg(Color::DarkGray)));
        let title = lang.pick(" 不能删除 ", " Not removed ");
        Paragraph::new(lines)
            .block(
                Block::bordered()
                    .title(title)
                    .border_style(Style::default().fg(Color::Red)),
            )
            .render(popup, buf);
    }
}
