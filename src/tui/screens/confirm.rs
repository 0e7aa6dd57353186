//! The confirmations: before a form's commit (the exact summary and the light it gives),
//! before an undo (the revert's preview) and before a meeting is closed. `y` makes the effect
//! the confirmation was opened with; `n` or `Esc` goes back.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::{Closes, Outcome, Screen};
use crate::model::{Lang, Meeting, meeting_kind_label};
use crate::store::undo::Revert;
use crate::tui::action::{Action, Effect};
use crate::tui::ctx::Ctx;
use crate::tui::keys::{Binding, Key, Section, bind};
use crate::tui::widgets::{centered, clean, clean_lines, wrap_lines};

/// What is confirmed.
#[derive(Debug, Clone)]
enum Body {
    /// A form's commit: its summary and, for a report or measure, the light it gives.
    Commit { summary: String, light: String },
    /// An undo: the revert's preview, line by line.
    Undo(Vec<String>),
    /// An undo a later change stands in the way of: the preview, with no `y`.
    Blocked(Vec<String>),
    /// Closing a meeting: what closing does.
    Close(String),
}

/// A question before an effect is run.
#[derive(Debug, Clone)]
pub struct ConfirmScreen {
    body: Body,
    effect: Effect,
}

impl ConfirmScreen {
    /// Confirms a form's `commit`, whose preview said `summary` (a second line, when there is
    /// one, gives the light and why).
    pub fn commit(summary: String, commit: Effect) -> ConfirmScreen {
        let (summary, light) = match summary.split_once('\n') {
            Some((s, l)) => (s.to_string(), l.to_string()),
            None => (summary, String::new()),
        };
        ConfirmScreen {
            body: Body::Commit { summary, light },
            effect: commit,
        }
    }

    /// Confirms applying `revert`.
    pub fn undo(revert: Box<Revert>, lang: Lang) -> ConfirmScreen {
        let lines = clean_lines(revert.preview(lang).trim_end());
        ConfirmScreen {
            body: if revert.blocked.is_empty() {
                Body::Undo(lines)
            } else {
                Body::Blocked(lines)
            },
            effect: Effect::ApplyRevert(revert),
        }
    }

    /// Confirms closing the open meeting `m`.
    pub fn close(m: &Meeting, ctx: &Ctx) -> ConfirmScreen {
        let lang = ctx.lang;
        let decided = ctx.plan.items.iter().filter(|i| i.meeting == m.id).count();
        let kind = meeting_kind_label(m.kind, lang);
        let text = match lang {
            Lang::Zh => format!(
                "结束{kind} {}：生成会议纪要（议定事项{decided}项），提交并打上会议标签。结束后本次会议的议定事项和纪要不再修改。",
                m.id
            ),
            Lang::En => format!(
                "Close the {kind} {}: write its minutes ({decided} decisions), commit and tag the meeting. Its decisions and minutes are then final.",
                m.id
            ),
        };
        ConfirmScreen {
            body: Body::Close(text),
            effect: Effect::CloseMeeting(m.id.clone()),
        }
    }

    /// The effect `y` runs.
    pub fn effect(&self) -> &Effect {
        &self.effect
    }

    /// The summary of the commit confirmed, for a form's commit.
    pub fn summary(&self) -> Option<&str> {
        match &self.body {
            Body::Commit { summary, .. } => Some(summary),
            _ => None,
        }
    }
}

impl Screen for ConfirmScreen {
    fn keys(&self) -> &'static [Binding] {
        match self.body {
            Body::Commit { .. } => CONFIRM_KEYS,
            Body::Undo(_) => CONFIRM_UNDO_KEYS,
            Body::Blocked(_) => BLOCKED_UNDO_KEYS,
            Body::Close(_) => CONFIRM_CLOSE_KEYS,
        }
    }

    fn overlay(&self) -> bool {
        true
    }

    fn closes(&self) -> Closes {
        Closes::OnAnswer
    }

    fn update(&mut self, action: Action, _ctx: &Ctx) -> Outcome {
        match action {
            Action::Confirm if matches!(self.body, Body::Blocked(_)) => Outcome::none(),
            Action::Confirm => Outcome::effect(self.effect.clone()),
            Action::Cancel => Outcome::pop(),
            _ => Outcome::none(),
        }
    }

    fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let lang = ctx.lang;
        let (title, lines, popup) = match &self.body {
            Body::Commit { summary, light } => {
                let popup = centered(
                    area,
                    area.width.saturating_sub(8).min(90),
                    if light.is_empty() { 7 } else { 9 },
                );
                let mut lines = vec![
                    Line::raw(lang.pick("将提交一次修改：", "This commit will be made:")),
                    Line::from(Span::styled(
                        clean(summary),
                        Style::default().add_modifier(Modifier::BOLD),
                    )),
                ];
                if !light.is_empty() {
                    lines.push(Line::raw(clean(light)));
                }
                lines.push(Line::raw(""));
                lines.push(Line::raw(
                    lang.pick("y 确认提交   n 返回修改", "y commit   n back to the form"),
                ));
                (lang.pick(" 确认 ", " Confirm "), lines, popup)
            }
            Body::Undo(preview) => {
                let mut lines: Vec<Line> = preview.iter().cloned().map(Line::raw).collect();
                lines.push(Line::raw(""));
                lines.push(Line::raw(
                    lang.pick("y 确认撤销   n 取消", "y undo   n cancel"),
                ));
                let height = (lines.len() as u16 + 4).min(area.height);
                let popup = centered(area, area.width.saturating_sub(6).min(100), height);
                (lang.pick(" 撤销 ", " Undo "), lines, popup)
            }
            Body::Blocked(preview) => {
                let mut lines: Vec<Line> = preview.iter().cloned().map(Line::raw).collect();
                lines.push(Line::raw(""));
                lines.push(Line::styled(
                    lang.pick(
                        "有字段在之后又被修改，不能撤销；请先撤销上面列出的后来修改。n 返回",
                        "Fields were changed again later, so this cannot be undone; undo the later changes listed first. n back",
                    ),
                    Style::default().fg(Color::Red),
                ));
                let height = (lines.len() as u16 + 4).min(area.height);
                let popup = centered(area, area.width.saturating_sub(6).min(100), height);
                (lang.pick(" 无法撤销 ", " Cannot undo "), lines, popup)
            }
            Body::Close(text) => {
                let popup = centered(area, area.width.saturating_sub(8).min(90), 8);
                let lines = vec![
                    Line::from(Span::styled(
                        text.clone(),
                        Style::default().add_modifier(Modifier::BOLD),
                    )),
                    Line::raw(""),
                    Line::raw(lang.pick("y 确认结束   n 取消", "y close it   n cancel")),
                ];
                (lang.pick(" 结束会议 ", " Close the meeting "), lines, popup)
            }
        };
        crate::tui::widgets::clear(popup, buf);
        Paragraph::new(wrap_lines(lines, popup.width.saturating_sub(2)))
            .block(
                Block::bordered()
                    .title(title)
                    .border_style(Style::default().fg(Color::Yellow)),
            )
            .render(popup, buf);
    }
}

/// The confirmation before a commit.
pub const CONFIRM_KEYS: &[Binding] = &[
    bind(
        &[Key::ch('y'), Key::plain(KeyCode::Enter)],
        Action::Confirm,
        "确认提交",
        "commit",
    ),
    bind(
        &[Key::ch('n'), Key::plain(KeyCode::Esc)],
        Action::Cancel,
        "返回修改",
        "back",
    ),
];

/// The confirmation before an undo.
pub const CONFIRM_UNDO_KEYS: &[Binding] = &[
    bind(
        &[Key::ch('y'), Key::plain(KeyCode::Enter)],
        Action::Confirm,
        "确认撤销",
        "undo",
    ),
    bind(
        &[Key::ch('n'), Key::plain(KeyCode::Esc)],
        Action::Cancel,
        "取消",
        "cancel",
    ),
];

/// An undo that later changes stand in the way of: only back.
pub const BLOCKED_UNDO_KEYS: &[Binding] = &[bind(
    &[Key::ch('n'), Key::plain(KeyCode::Esc), Key::ch('q')],
    Action::Cancel,
    "返回",
    "back",
)];

/// The confirmation before a meeting is closed.
pub const CONFIRM_CLOSE_KEYS: &[Binding] = &[
    bind(
        &[Key::ch('y'), Key::plain(KeyCode::Enter)],
        Action::Confirm,
        "确认结束会议",
        "close it",
    ),
    bind(
        &[Key::ch('n'), Key::plain(KeyCode::Esc)],
        Action::Cancel,
        "取消",
        "cancel",
    ),
];

/// The confirmation of a commit in the help.
pub const COMMIT_SECTION: Section = Section {
    zh: "提交确认",
    en: "Confirm commit",
    keys: CONFIRM_KEYS,
};

/// The confirmation of an undo in the help.
pub const UNDO_SECTION: Section = Section {
    zh: "撤销确认",
    en: "Confirm undo",
    keys: CONFIRM_UNDO_KEYS,
};

/// The confirmation of closing a meeting in the help.
pub const CLOSE_SECTION: Section = Section {
    zh: "结束会议确认",
    en: "Confirm closing",
    keys: CONFIRM_CLOSE_KEYS,
};
