//! The import screen: the returned ledger workbooks of the current folder, the preview of
//! one (what it would commit, what conflicts) and its commit.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use crate::model::Lang;
use crate::tui::widgets::{clean, fit, wrap_lines};

use super::{Closes, Outcome, Screen};
use crate::tui::action::{Action, Effect, ImportPreview};
use crate::tui::ctx::Ctx;
use crate::tui::keys::{Binding, Key, Section, bind, more};

/// The import screen: the workbooks found, the cursor and the preview of the chosen one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportScreen {
    pub files: Vec<String>,
    pub cursor: usize,
    pub preview: Option<ImportPreview>,
    pub scroll: u16,
}

impl Screen for ImportScreen {
    fn keys(&self) -> &'static [Binding] {
        IMPORT_KEYS
    }

    fn closes(&self) -> Closes {
        Closes::OnCommit
    }

    fn update(&mut self, action: Action, _ctx: &Ctx) -> Outcome {
        match action {
            Action::ImportFilesListed(files) => {
                self.files = files;
                self.cursor = self.cursor.min(self.files.len().saturating_sub(1));
            }
            Action::ImportPreviewed(p) => {
                self.preview = Some(*p);
                self.scroll = 0;
            }
            Action::MoveUp if self.preview.is_none() => self.cursor = self.cursor.saturating_sub(1),
            Action::MoveDown if self.preview.is_none() => {
                self.cursor = (self.cursor + 1).min(self.files.len().saturating_sub(1));
            }
            Action::MoveUp | Action::PageUp => self.scroll = self.scroll.saturating_sub(5),
            Action::MoveDown | Action::PageDown => self.scroll = self.scroll.saturating_add(5),
            Action::Toggle if self.preview.is_none() => {
                return self
                    .files
                    .get(self.cursor)
                    .map(|f| Effect::PreviewImport(f.clone()))
                    .into();
            }
            Action::Confirm => {
                if let Some(p) = &self.preview
                    && p.committable()
                {
                    return Outcome::effect(Effect::CommitImport(p.file.clone()));
                }
            }
            Action::Refresh => return Outcome::effect(Effect::ListImportFiles),
            Action::Cancel if self.preview.is_some() => self.preview = None,
            Action::Cancel => return Outcome::pop(),
            _ => {}
        }
        Outcome::none()
    }

    fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let lang = ctx.lang;
        let [left, right] = Layout::horizontal([
            Constraint::Length((area.width / 3).clamp(20, 34)),
            Constraint::Min(20),
        ])
        .areas(area);
        let block =
            Block::bordered().title(lang.pick(" 导入回收台账 ", " Import returned ledgers "));
        let inner = block.inner(left);
        block.render(left, buf);
        if self.files.is_empty() {
            Paragraph::new(wrap_lines(vec![Line::raw(lang.pick(
            "当前文件夹中没有 .xlsx 工作簿。请把各单位报回的台账放到启动 taskforce 的文件夹。",
            "No .xlsx workbook in the current folder: put the returned ledgers in the folder taskforce was started from.",
        ))], inner.width))
        .render(inner, buf);
        }
        for (i, f) in self.files.iter().enumerate().take(inner.height as usize) {
            let style = if i == self.cursor {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                Style::default()
            };
            buf.set_stringn(
                inner.x,
                inner.y + i as u16,
                fit(&clean(f), inner.width as usize),
                inner.width as usize,
                style,
            );
        }
        let mut lines: Vec<Line> = Vec::new();
        let title = match &self.preview {
            None => {
                lines.push(Line::from(lang.pick(
                "Enter 预览所选文件将提交的内容；预览后按 y 提交（每个文件一次提交）。",
                "Enter previews what the chosen file would commit; then y commits it (one commit per file).",
            )));
                lang.pick(" 预览 ", " Preview ").to_string()
            }
            Some(p) => {
                let bold = Style::default().add_modifier(Modifier::BOLD);
                lines.push(Line::from(Span::styled(
                    match lang {
                        Lang::Zh => format!(
                            "{}：{}项有变化，{}项与已报送一致",
                            p.period,
                            p.changes.len(),
                            p.unchanged
                        ),
                        Lang::En => format!(
                            "{}: {} change(s), {} already recorded",
                            p.period,
                            p.changes.len(),
                            p.unchanged
                        ),
                    },
                    bold,
                )));
                for problem in &p.problems {
                    lines.push(Line::from(Span::styled(
                        clean(problem),
                        Style::default().fg(Color::Red),
                    )));
                }
                for (summary, conflict) in &p.changes {
                    let (mark, style) = if *conflict {
                        ("！", Style::default().fg(Color::Yellow))
                    } else {
                        ("  ", Style::default())
                    };
                    lines.push(Line::from(Span::styled(
                        format!("{mark}{}", clean(summary)),
                        style,
                    )));
                }
                lines.push(Line::default());
                let hint = if !p.problems.is_empty() {
                    lang.pick(
                        "有问题的文件不会提交任何内容：请单位改正后重新报回。",
                        "A file with problems commits nothing: have the unit correct it.",
                    )
                    .to_string()
                } else if p.changes.is_empty() {
                    lang.pick(
                        "没有变化，无需提交。",
                        "Nothing changed; nothing to commit.",
                    )
                    .to_string()
                } else if p.conflicts() > 0 {
                    match lang {
                        Lang::Zh => format!(
                            "！标记的{}项在导出后已被修改，请核对；按 y 确认并提交，Esc 返回。",
                            p.conflicts()
                        ),
                        Lang::En => format!(
                            "The {} row(s) marked ! changed since the export; check them, y confirms and commits, Esc goes back.",
                            p.conflicts()
                        ),
                    }
                } else {
                    lang.pick("按 y 提交，Esc 返回。", "y commits, Esc goes back.")
                        .to_string()
                };
                lines.push(Line::from(Span::styled(hint, bold)));
                format!(" {} ", clean(&p.file))
            }
        };
        Paragraph::new(wrap_lines(lines, right.width.saturating_sub(2)))
            .block(Block::bordered().title(title))
            .scroll((self.scroll, 0))
            .render(right, buf);
    }
}

/// The import screen.
pub const IMPORT_KEYS: &[Binding] = &[
    bind(
        &[Key::ch('k'), Key::plain(KeyCode::Up)],
        Action::MoveUp,
        "上移",
        "up",
    ),
    bind(
        &[Key::ch('j'), Key::plain(KeyCode::Down)],
        Action::MoveDown,
        "下移",
        "down",
    ),
    bind(
        &[Key::plain(KeyCode::Enter)],
        Action::Toggle,
        "预览",
        "preview",
    ),
    bind(&[Key::ch('y')], Action::Confirm, "提交", "commit"),
    more(
        &[Key::ch('R')],
        Action::Refresh,
        "重新查找文件",
        "look for files again",
    ),
    bind(
        &[Key::plain(KeyCode::Esc), Key::ch('q')],
        Action::Cancel,
        "返回",
        "back",
    ),
    bind(&[Key::ch('?')], Action::ToggleHelp, "帮助", "help"),
];

/// The import screen in the help.
pub const SECTION: Section = Section {
    zh: "导入回收台账（I）",
    en: "Import returned ledgers (I)",
    keys: IMPORT_KEYS,
};
