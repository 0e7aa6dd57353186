//! The sync's conflicts: each field both sides changed differently, our value and theirs side
//! by side with who changed it and when. The coordinator picks a side for each; `Ctrl-S` syncs
//! again with those choices (the merge commit records each as a `Concurrent-Edit` trailer).
//! `Esc` leaves everything as it was.

use std::collections::HashMap;

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::{Closes, Outcome, Screen};
use crate::merge::Side;
use crate::model::Lang;
use crate::store::sync::{SideAuthor, SyncConflict};
use crate::tui::action::{Action, Effect};
use crate::tui::ctx::Ctx;
use crate::tui::keys::{Binding, Key, Section, bind, more};
use crate::tui::widgets::{clean, fit, width, wrap};

/// The conflicts of one sync and the side chosen for each.
#[derive(Debug, Clone)]
pub struct ConflictsScreen {
    pub conflicts: Vec<SyncConflict>,
    pub chosen: Vec<Option<Side>>,
    pub cursor: usize,
}

impl ConflictsScreen {
    pub fn new(conflicts: Vec<SyncConflict>) -> ConflictsScreen {
        let chosen = vec![None; conflicts.len()];
        ConflictsScreen {
            conflicts,
            chosen,
            cursor: 0,
        }
    }

    /// The choices as the store takes them, once every conflict has one.
    fn takes(&self) -> Option<HashMap<String, Side>> {
        self.conflicts
            .iter()
            .zip(&self.chosen)
            .map(|(c, s)| s.map(|s| (c.key.clone(), s)))
            .collect()
    }
}

/// What changed, in words: `A3-02 月报 2026-12 亮灯`.
fn subject(c: &SyncConflict, lang: Lang) -> String {
    let f = &c.file;
    let field = match f.conflict.field.as_str() {
        "*" => lang.pick("整条记录", "the whole record").to_string(),
        other => {
            // A field of a record in a list: `people[刘洋].unit` → 刘洋 单位.
            match other.split_once('[') {
                Some((list, rest)) => {
                    let (name, sub) = rest.split_once(']').unwrap_or((rest, ""));
                    let sub = sub.trim_start_matches('.');
                    format!(
                        "{} {name}{}",
                        crate::words::field_label(list, lang),
                        if sub.is_empty() {
                            String::new()
                        } else {
                            format!(" {}", crate::words::field_label(sub, lang))
                        }
                    )
                }
                None => crate::words::field_label(other, lang).to_string(),
            }
        }
    };
    match &f.period {
        Some(p) => format!("{} {p} {field}", f.id),
        None => format!("{} {field}", f.id),
    }
}

fn value(c: &SyncConflict, side: Side, lang: Lang) -> String {
    let v = match side {
        Side::Ours => &c.file.conflict.ours,
        Side::Theirs => &c.file.conflict.theirs,
    };
    if c.file.conflict.field == "*" && v.is_null() {
        return lang.pick("（已删除）", "(removed)").to_string();
    }
    if c.file.conflict.field == "*" {
        return lang.pick("（已修改）", "(changed)").to_string();
    }
    let words = crate::words::value_words(&c.file.conflict.field, v, lang);
    match v {
        // Texts in full (the history's words shorten them): the choice needs every word.
        serde_json::Value::String(s) if words.ends_with('…') => clean(s),
        _ => clean(&words),
    }
}

fn by(a: Option<&SideAuthor>, lang: Lang) -> String {
    match a {
        Some(a) => format!(
            "{} {} {}",
            clean(&a.author),
            clean(&a.time),
            a.commit.get(..8).unwrap_or(&a.commit)
        ),
        None => lang.pick("（未知）", "(unknown)").to_string(),
    }
}

impl Screen for ConflictsScreen {
    fn keys(&self) -> &'static [Binding] {
        CONFLICT_KEYS
    }

    fn closes(&self) -> Closes {
        Closes::OnCommit
    }

    fn update(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        let lang = ctx.lang;
        let last = self.conflicts.len().saturating_sub(1);
        match action {
            Action::MoveUp => self.cursor = self.cursor.saturating_sub(1),
            Action::MoveDown => self.cursor = (self.cursor + 1).min(last),
            Action::TakeSide(side) => {
                if let Some(c) = self.chosen.get_mut(self.cursor) {
                    *c = Some(side);
                }
                if self.cursor < last {
                    self.cursor += 1;
                }
            }
            Action::TakeAll(side) => self.chosen.iter_mut().for_each(|c| *c = Some(side)),
            Action::Submit => {
                return match self.takes() {
                    Some(take) => Outcome::say(crate::tui::ctx::Message::info(
                        lang.pick("正在按所选同步…", "syncing with your choices…"),
                    ))
                    .with_effect(Effect::SyncTaking(take)),
                    None => {
                        let open = self.chosen.iter().filter(|c| c.is_none()).count();
                        self.cursor = self.chosen.iter().position(Option::is_none).unwrap_or(0);
                        Outcome::error(match lang {
                            Lang::Zh => format!("还有{open}处未选择：←/h 用本方，→/l 用对方"),
                            Lang::En => {
                                format!("{open} not chosen yet: ←/h keeps ours, →/l takes theirs")
                            }
                        })
                    }
                };
            }
            Action::Cancel => {
                return Outcome::pop().with_message(crate::tui::ctx::Message::info(
                    lang.pick("未同步，仓库未改动。", "not synced; nothing changed."),
                ));
            }
            _ => {}
        }
        Outcome::none()
    }

    fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let lang = ctx.lang;
        crate::tui::widgets::clear(area, buf);
        let block = Block::bordered()
            .title(match lang {
                Lang::Zh => format!(
                    " 同步冲突：{}处字段两边改得不同，逐项选定后 Ctrl-S 同步 ",
                    self.conflicts.len()
                ),
                Lang::En => format!(
                    " Sync conflicts: {} fields changed both ways; choose each, then Ctrl-S ",
                    self.conflicts.len()
                ),
            })
            .border_style(Style::default().fg(Color::Yellow));
        let inner = block.inner(area);
        block.render(area, buf);
        let cols = inner.width as usize;
        // Two columns, ours on the left and theirs on the right, after a 2-column margin.
        let half = cols.saturating_sub(3) / 2;
        let mut lines: Vec<Line> = Vec::new();
        let mut selected_at = 0;
        for (i, c) in self.conflicts.iter().enumerate() {
            let selected = i == self.cursor;
            if selected {
                selected_at = lines.len();
            }
            let marker = if selected { "▶ " } else { "  " };
            let head = Style::default().add_modifier(Modifier::BOLD);
            lines.push(Line::styled(
                crate::tui::widgets::clip(&format!("{marker}{}", subject(c, lang)), cols),
                if selected {
                    head.add_modifier(Modifier::REVERSED)
                } else {
                    head
                },
            ));
            let chosen = self.chosen[i];
            let side_title = |side: Side| {
                let name = match side {
                    Side::Ours => lang.pick("本方（本机）", "ours (here)"),
                    Side::Theirs => lang.pick("对方（远程）", "theirs (remote)"),
                };
                if chosen == Some(side) {
                    format!("✔ {name} {}", lang.pick("采用", "taken"))
                } else {
                    format!("  {name}")
                }
            };
            let column = |side: Side| -> Vec<String> {
                let mut out = vec![side_title(side)];
                out.extend(
                    wrap(&value(c, side, lang), half.saturating_sub(2).max(4))
                        .into_iter()
                        .map(|l| format!("  {l}")),
                );
                let who = match side {
                    Side::Ours => c.ours_by.as_ref(),
                    Side::Theirs => c.theirs_by.as_ref(),
                };
                out.push(format!(
                    "  {}",
                    crate::tui::widgets::clip(&by(who, lang), half.saturating_sub(2))
                ));
                out
            };
            let (left, right) = (column(Side::Ours), column(Side::Theirs));
            let style_of = |side: Side| match chosen {
                Some(s) if s == side => Style::default().fg(Color::Green),
                Some(_) => Style::default().fg(Color::DarkGray),
                None => Style::default(),
            };
            for k in 0..left.len().max(right.len()) {
                let l = left.get(k).map(String::as_str).unwrap_or("");
                let r = right.get(k).map(String::as_str).unwrap_or("");
                lines.push(Line::from(vec![
                    Span::raw("  "),
                    Span::styled(fit(l, half), style_of(Side::Ours)),
                    Span::raw(" "),
                    Span::styled(crate::tui::widgets::clip(r, half), style_of(Side::Theirs)),
                ]));
            }
            lines.push(Line::default());
        }
        let height = inner.height as usize;
        let scroll = selected_at
            .saturating_sub(height / 3)
            .min(lines.len().saturating_sub(height));
        let visible: Vec<Line> = lines.into_iter().skip(scroll).take(height).collect();
        debug_assert!(visible.iter().all(|l| width(&l.to_string()) <= cols.max(1)));
        Paragraph::new(visible).render(inner, buf);
    }
}

/// The sync-conflict screen.
pub const CONFLICT_KEYS: &[Binding] = &[
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
    bind(
        &[Key::ch('h'), Key::plain(KeyCode::Left)],
        Action::TakeSide(Side::Ours),
        "用本方",
        "keep ours",
    ),
    bind(
        &[Key::ch('l'), Key::plain(KeyCode::Right)],
        Action::TakeSide(Side::Theirs),
        "用对方",
        "take theirs",
    ),
    more(
        &[Key::ch('H')],
        Action::TakeAll(Side::Ours),
        "全部用本方",
        "keep ours for all",
    ),
    more(
        &[Key::ch('L')],
        Action::TakeAll(Side::Theirs),
        "全部用对方",
        "take theirs for all",
    ),
    bind(
        &[Key::ctrl('s'), Key::plain(KeyCode::Enter)],
        Action::Submit,
        "按所选同步",
        "sync with these",
    ),
    bind(
        &[Key::plain(KeyCode::Esc), Key::ch('q')],
        Action::Cancel,
        "取消（不改动）",
        "cancel (nothing changes)",
    ),
    bind(&[Key::ch('?')], Action::ToggleHelp, "帮助", "help"),
];

/// The conflicts in the help.
pub const SECTION: Section = Section {
    zh: "同步冲突（S 后两边改得不同时）",
    en: "Sync conflicts (after S, when both sides changed a field)",
    keys: CONFLICT_KEYS,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merge::Conflict;
    use crate::store::merge_file::FileConflict;

    fn conflict(key: &str, ours: &str, theirs: &str) -> SyncConflict {
        SyncConflict {
            file: FileConflict {
                path: "status/monthly/2026-12/A3/A3-02.ron".into(),
                id: "A3-02".into(),
                period: Some("2026-12".parse().unwrap()),
                conflict: Conflict {
                    field: "light".into(),
                    base: serde_json::Value::Null,
                    ours: serde_json::json!(ours),
                    theirs: serde_json::json!(theirs),
                },
            },
            key: key.into(),
            ours_by: None,
            theirs_by: None,
        }
    }

    #[test]
    fn nothing_is_sent_until_every_conflict_has_a_side() {
        let app = crate::tui::tests::app();
        let ctx = Ctx {
            data: &app.data,
            selected: None,
            top: true,
        };
        let mut s = ConflictsScreen::new(vec![
            conflict("A3-02@2026-12.light", "Red", "Yellow"),
            conflict("A3-02@2026-12.percent", "20", "30"),
        ]);
        let out = s.update(Action::TakeSide(Side::Theirs), &ctx);
        assert!(out.effect.is_none());
        assert_eq!(s.cursor, 1, "the next conflict is selected");
        let out = s.update(Action::Submit, &ctx);
        assert!(out.effect.is_none(), "one is still open");
        assert!(
            out.message
                .is_some_and(|m| m.error && m.text.contains("还有1处未选择"))
        );
        s.update(Action::TakeSide(Side::Ours), &ctx);
        let out = s.update(Action::Submit, &ctx);
        let Some(Effect::SyncTaking(take)) = out.effect else {
            panic!("a sync with the choices: {out:?}");
        };
        assert_eq!(take["A3-02@2026-12.light"], Side::Theirs);
        assert_eq!(take["A3-02@2026-12.percent"], Side::Ours);
        let out = s.update(Action::Cancel, &ctx);
        assert!(matches!(out.nav, Some(super::super::Nav::Pop)));
    }
}
