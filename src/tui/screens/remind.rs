//! The 催办 screen: by lead unit, what has not reported or is overdue for a cycle's period,
//! with each unit's notice as `taskforce remind` writes it; `w` writes every notice to a file.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use crate::model::{Cycle, Lang, Period, meeting_kind_label};
use crate::office::remind::{self, UnitReminder};
use crate::tui::widgets::{clean, fit, wrap_lines};

use super::{Outcome, Screen};
use crate::tui::action::{Action, Effect};
use crate::tui::ctx::Ctx;
use crate::tui::keys::{Binding, Key, Section, bind, more};

/// What the screen shows: a cycle, the selected unit and how far the notice is scrolled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RemindScreen {
    pub cycle: Cycle,
    pub cursor: usize,
    pub scroll: u16,
}

impl Default for RemindScreen {
    fn default() -> RemindScreen {
        RemindScreen {
            cycle: Cycle::Weekly,
            cursor: 0,
            scroll: 0,
        }
    }
}

impl RemindScreen {
    /// The next cycle: weekly → monthly → quarterly → weekly.
    pub fn switch(&mut self) {
        let i = Cycle::ALL
            .iter()
            .position(|c| *c == self.cycle)
            .unwrap_or(0);
        self.cycle = Cycle::ALL[(i + 1) % Cycle::ALL.len()];
        self.cursor = 0;
        self.scroll = 0;
    }

    /// The period the screen chases.
    pub fn period(&self, ctx: &Ctx) -> Period {
        self.cycle.period_of(ctx.today)
    }

    /// The list of the screen, as `taskforce remind` gives it.
    pub fn list(&self, ctx: &Ctx) -> Vec<UnitReminder> {
        remind::build(&ctx.plan, self.period(ctx), ctx.today)
    }

    /// Every unit's notice, as `taskforce remind -o FILE` writes them.
    pub fn notices(&self, ctx: &Ctx) -> String {
        let p = self.period(ctx);
        let by = remind::next_working_day(ctx.today);
        self.list(ctx)
            .iter()
            .map(|u| remind::notice(&ctx.plan, u, p, ctx.today, by, ctx.lang))
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

impl Screen for RemindScreen {
    fn keys(&self) -> &'static [Binding] {
        REMIND_KEYS
    }

    fn update(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        match action {
            Action::MoveUp => {
                self.cursor = self.cursor.saturating_sub(1);
                self.scroll = 0;
            }
            Action::MoveDown => {
                let units = self.list(ctx).len();
                self.cursor = (self.cursor + 1).min(units.saturating_sub(1));
                self.scroll = 0;
            }
            Action::PageDown => self.scroll = self.scroll.saturating_add(10),
            Action::PageUp => self.scroll = self.scroll.saturating_sub(10),
            Action::SwitchKind => self.switch(),
            Action::WriteNotices => {
                let name = format!(
                    "{}-{}.txt",
                    ctx.lang.pick("催办通知", "reminders"),
                    self.period(ctx)
                );
                return Outcome::effect(Effect::WriteFile(name, self.notices(ctx)));
            }
            Action::Cancel => return Outcome::pop(),
            _ => {}
        }
        Outcome::none()
    }

    fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let lang = ctx.lang;
        let units = self.list(ctx);
        let p = self.period(ctx);
        let total: usize = units.iter().map(|u| u.entries.len()).sum();
        let title = match lang {
            Lang::Zh => format!(" 催办 {} {p} ", meeting_kind_label(p.cycle(), lang)),
            Lang::En => format!(" Chase: {} {p} ", meeting_kind_label(p.cycle(), lang)),
        };
        let summary = match lang {
            Lang::Zh => format!("{}个单位，{total}项", units.len()),
            Lang::En => format!("{} unit(s), {total} item(s)", units.len()),
        };
        let [left, right] =
            Layout::horizontal([Constraint::Length(28), Constraint::Min(20)]).areas(area);
        let block = Block::bordered().title(title);
        let inner = block.inner(left);
        block.render(left, buf);
        buf.set_stringn(
            inner.x,
            inner.y,
            fit(&summary, inner.width as usize),
            inner.width as usize,
            Style::default().add_modifier(Modifier::BOLD),
        );
        let inner = Rect {
            y: inner.y + 1,
            height: inner.height.saturating_sub(1),
            ..inner
        };
        if units.is_empty() {
            Paragraph::new(lang.pick(
                "全部已报送，无逾期事项。",
                "Everything reported, nothing overdue.",
            ))
            .render(inner, buf);
            return;
        }
        let cursor = self.cursor.min(units.len() - 1);
        let first = cursor.saturating_sub(inner.height.saturating_sub(1) as usize);
        for (row, (i, u)) in units
            .iter()
            .enumerate()
            .skip(first)
            .take(inner.height as usize)
            .enumerate()
        {
            let style = if i == cursor {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                Style::default()
            };
            let text = fit(
                &format!("{} {}", clean(&u.unit), u.entries.len()),
                inner.width as usize,
            );
            buf.set_stringn(
                inner.x,
                inner.y + row as u16,
                text,
                inner.width as usize,
                style,
            );
        }

        let u = &units[cursor];
        let mut lines: Vec<Line> = Vec::new();
        let contacts: Vec<String> = u
            .contacts
            .iter()
            .map(|c| clean(&remind::contact_text(c, lang)))
            .collect();
        lines.push(Line::from(vec![
            Span::styled(
                lang.pick("联系人：", "Contacts: "),
                Style::default().add_modifier(Modifier::BOLD),
            ),
            Span::raw(if contacts.is_empty() {
                lang.pick("名册中无联系人", "none in the roster")
                    .to_string()
            } else {
                contacts.join(lang.pick("；", "; "))
            }),
        ]));
        lines.push(Line::default());
        for e in &u.entries {
            let color = if e.days_overdue().is_some() {
                Color::Red
            } else {
                Color::Yellow
            };
            lines.push(Line::from(vec![
                Span::styled(format!("{} ", e.id), Style::default().fg(Color::Cyan)),
                Span::raw(clean(&e.title)),
                Span::styled(
                    format!("  {}", e.why_text(lang)),
                    Style::default().fg(color),
                ),
            ]));
        }
        lines.push(Line::default());
        let by = remind::next_working_day(ctx.today);
        for l in remind::notice(&ctx.plan, u, p, ctx.today, by, lang).lines() {
            lines.push(Line::from(clean(l)));
        }
        Paragraph::new(wrap_lines(lines, right.width.saturating_sub(2)))
            .block(Block::bordered().title(format!(" {} ", clean(&u.unit))))
            .scroll((self.scroll, 0))
            .render(right, buf);
    }
}

/// The 催办 screen.
pub const REMIND_KEYS: &[Binding] = &[
    bind(
        &[Key::ch('k'), Key::plain(KeyCode::Up)],
        Action::MoveUp,
        "上一单位",
        "previous unit",
    ),
    bind(
        &[Key::ch('j'), Key::plain(KeyCode::Down)],
        Action::MoveDown,
        "下一单位",
        "next unit",
    ),
    more(
        &[Key::plain(KeyCode::PageDown), Key::ctrl('f')],
        Action::PageDown,
        "通知下翻",
        "scroll the notice down",
    ),
    more(
        &[Key::plain(KeyCode::PageUp), Key::ctrl('b')],
        Action::PageUp,
        "通知上翻",
        "scroll the notice up",
    ),
    bind(
        &[Key::ch('c'), Key::plain(KeyCode::Tab)],
        Action::SwitchKind,
        "切换周/月/季",
        "weekly/monthly/quarterly",
    ),
    bind(
        &[Key::ch('w')],
        Action::WriteNotices,
        "写入催办通知文件",
        "write the notices to a file",
    ),
    bind(
        &[Key::plain(KeyCode::Esc), Key::ch('q'), Key::ch('U')],
        Action::Cancel,
        "返回",
        "back",
    ),
    bind(&[Key::ch('?')], Action::ToggleHelp, "帮助", "help"),
];

/// The 催办 screen in the help.
pub const SECTION: Section = Section {
    zh: "催办（U）",
    en: "Reminders (U)",
    keys: REMIND_KEYS,
};
