//! The review screen: the typed changes since the last meeting of a kind, grouped by action.
//! Its change list is also the meeting agenda's last part.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::meeting::MeetingScreen;
use super::{Notice, Outcome, Screen, scroll};
use crate::meeting::minutes::value_text;
use crate::meeting::{Change, ChangeKind};
use crate::model::{Cycle, Lang, meeting_kind_label};
use crate::tui::action::{Action, Effect, ReviewData};
use crate::tui::ctx::Ctx;
use crate::tui::keys::{Binding, DOWN, Key, PAGE_DOWN, PAGE_UP, Section, UP, bind, more};
use crate::tui::widgets::{clean, clip, fit};

/// The review of one meeting kind.
#[derive(Debug, Clone)]
pub struct ReviewScreen {
    pub kind: Cycle,
    /// The review, once loaded.
    pub review: Option<ReviewData>,
    /// The first line shown.
    pub scroll: usize,
}

impl ReviewScreen {
    /// The review since the last meeting of `kind`, loading.
    pub fn new(kind: Cycle) -> ReviewScreen {
        ReviewScreen {
            kind,
            review: None,
            scroll: 0,
        }
    }
}

/// The next meeting kind: weekly → monthly → quarterly → weekly.
pub fn next_kind(kind: Cycle) -> Cycle {
    match kind {
        Cycle::Weekly => Cycle::Monthly,
        Cycle::Monthly => Cycle::Quarterly,
        Cycle::Quarterly => Cycle::Weekly,
    }
}

impl Screen for ReviewScreen {
    fn keys(&self) -> &'static [Binding] {
        REVIEW_KEYS
    }

    fn update(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        if scroll(&mut self.scroll, &action, ctx.page, ctx.lines) {
            return Outcome::none();
        }
        match action {
            Action::SwitchKind => {
                let kind = next_kind(self.kind);
                *self = ReviewScreen::new(kind);
                Outcome::effect(Effect::LoadReview(kind)).with_app(Action::KindChosen(kind))
            }
            Action::ShowMeeting => Outcome::replace(MeetingScreen::new(self.kind))
                .with_effect(Effect::LoadMeeting(self.kind)),
            Action::OpenForm => crate::tui::forms::report::open_in(self.kind, ctx),
            Action::Refresh => Outcome::effect(Effect::Reload),
            Action::Cancel => Outcome::pop(),
            _ => Outcome::none(),
        }
    }

    fn notify(&mut self, notice: &Notice, _ctx: &Ctx) -> Option<Effect> {
        match notice {
            // The review follows HEAD.
            Notice::Reloaded => Some(Effect::LoadReview(self.kind)),
            Notice::ReviewLoaded(r) if r.kind == self.kind => {
                self.review = Some((*r).clone());
                None
            }
            _ => None,
        }
    }

    fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let lang = ctx.lang;
        let kind = meeting_kind_label(self.kind, lang);
        let title = match &self.review {
            Some(r) => format!(
                " {} · {}{kind}{} · {} ",
                lang.pick("会前审阅", "Review"),
                lang.pick("自上次", "since the last "),
                lang.pick("以来", ""),
                since_text(ctx, r)
            ),
            None => format!(" {} · {kind} ", lang.pick("会前审阅", "Review")),
        };
        let block = Block::bordered().title(clean(&title));
        let inner = block.inner(area);
        block.render(area, buf);
        let lines = match &self.review {
            Some(r) => change_lines(ctx, &r.changes),
            None => vec![Line::raw(lang.pick("载入中……", "loading…"))],
        };
        scrolled(lines, self.scroll, inner, buf);
    }

    fn lines(&self, ctx: &Ctx) -> usize {
        self.review
            .as_ref()
            .map_or(0, |r| change_lines(ctx, &r.changes).len())
    }
}

pub(super) fn heading(text: String) -> Line<'static> {
    Line::from(Span::styled(
        format!("── {text} ──"),
        Style::default()
            .fg(Color::Cyan)
            .add_modifier(Modifier::BOLD),
    ))
}

fn kind_color(kind: ChangeKind) -> Color {
    match kind {
        ChangeKind::NewRed | ChangeKind::NewlyOverdue => Color::Red,
        ChangeKind::Light | ChangeKind::DeadlineMoved => Color::Yellow,
        ChangeKind::ItemClosed => Color::Green,
        _ => Color::Magenta,
    }
}

pub(super) fn short(commit: &str) -> &str {
    commit.get(..8).unwrap_or(commit)
}

/// The changes grouped by action: a heading per action, a line per change with its kind, id,
/// from → to, author and time.
pub(super) fn change_lines(ctx: &Ctx, changes: &[Change]) -> Vec<Line<'static>> {
    let lang = ctx.lang;
    let mut lines = Vec::new();
    if changes.is_empty() {
        lines.push(Line::raw(
            lang.pick("  （没有变化）", "  (no changes)").to_string(),
        ));
        return lines;
    }
    let mut group: Option<Option<&crate::model::Id>> = None;
    for c in changes {
        if group != Some(c.action.as_ref()) {
            group = Some(c.action.as_ref());
            let n = changes.iter().filter(|x| x.action == c.action).count();
            let title = match &c.action {
                Some(a) => {
                    let t = ctx
                        .plan
                        .actions
                        .iter()
                        .find(|x| &x.id == a)
                        .map(|x| x.title.as_str())
                        .unwrap_or("");
                    format!("{a} {t}")
                }
                None => lang
                    .pick("其他（指标、标志性成果、议定事项）", "Other")
                    .to_string(),
            };
            let count = match lang {
                Lang::Zh => format!("（{n}项）"),
                Lang::En => format!(" ({n})"),
            };
            lines.push(Line::from(vec![
                Span::styled(clean(&title), Style::default().add_modifier(Modifier::BOLD)),
                Span::raw(count),
            ]));
        }
        let id = match &c.period {
            Some(p) => format!("{} {p}", c.id),
            None => c.id.clone(),
        };
        let value = |v: &serde_json::Value| clip(&clean(&value_text(v, lang)), 20);
        let from_to = if c.kind == ChangeKind::ItemNew {
            value(&c.to)
        } else {
            format!("{} → {}", value(&c.from), value(&c.to))
        };
        let by = match &c.by {
            Some(b) => format!(
                "{} {} {}",
                clean(&b.author),
                b.time.format("%m-%d %H:%M"),
                short(&b.commit)
            ),
            None => match &c.fired {
                Some(f) => f.describe(lang),
                None => lang.pick("（时间推移）", "(time)").to_string(),
            },
        };
        lines.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(
                fit(
                    c.kind.label(lang),
                    match lang {
                        Lang::Zh => 12,
                        Lang::En => 18,
                    },
                ),
                Style::default().fg(kind_color(c.kind)),
            ),
            Span::raw(" "),
            Span::raw(fit(&clean(&id), 13)),
            Span::raw(" "),
            Span::raw(from_to),
            Span::raw("  "),
            Span::styled(by, Style::default().fg(Color::DarkGray)),
        ]));
    }
    lines
}

pub(super) fn since_text(ctx: &Ctx, r: &ReviewData) -> String {
    let lang = ctx.lang;
    match lang {
        Lang::Zh => format!(
            "基线 {}（{}）→ {} · {}项变化",
            short(&r.base),
            r.base_date,
            short(&r.head),
            r.changes.len()
        ),
        Lang::En => format!(
            "base {} ({}) → {} · {} changes",
            short(&r.base),
            r.base_date,
            short(&r.head),
            r.changes.len()
        ),
    }
}

/// Draws `lines` in `inner` from `scroll`, keeping the last page in view.
pub(super) fn scrolled(lines: Vec<Line<'static>>, scroll: usize, inner: Rect, buf: &mut Buffer) {
    let height = inner.height as usize;
    let scroll = scroll.min(lines.len().saturating_sub(height));
    let visible: Vec<Line> = lines.into_iter().skip(scroll).take(height).collect();
    Paragraph::new(visible).render(inner, buf);
}

/// The review screen.
pub const REVIEW_KEYS: &[Binding] = &[
    UP,
    DOWN,
    PAGE_UP,
    PAGE_DOWN,
    bind(
        &[Key::ch('c'), Key::plain(KeyCode::Tab)],
        Action::SwitchKind,
        "切换周/月/季",
        "weekly/monthly/quarterly",
    ),
    bind(&[Key::ch('M')], Action::ShowMeeting, "会议", "meeting"),
    more(
        &[Key::ch('e')],
        Action::OpenForm,
        "填报所选举措（本会议周期）",
        "report on the selected measure (this cycle)",
    ),
    more(&[Key::ch('R')], Action::Refresh, "重新载入", "reload"),
    bind(
        &[Key::plain(KeyCode::Esc), Key::ch('q')],
        Action::Cancel,
        "返回",
        "back",
    ),
    bind(&[Key::ch('?')], Action::ToggleHelp, "帮助", "help"),
];

/// The review in the help.
pub const SECTION: Section = Section {
    zh: "会前审阅（r）",
    en: "Review (r)",
    keys: REVIEW_KEYS,
};
