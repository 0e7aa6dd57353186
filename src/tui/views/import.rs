//! The import screen: the returned ledger workbooks (`.xlsx`) in the current folder; `Enter`
//! previews what one would commit (each report's summary line, rows changed since the export
//! marked `！`, every problem with its cell), `y` commits it as one change.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use crate::model::Lang;
use crate::tui::app::App;
use crate::tui::widgets::{clean, fit, wrap_lines};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let state = &app.import;
    let [left, right] = Layout::horizontal([
        Constraint::Length((area.width / 3).clamp(20, 34)),
        Constraint::Min(20),
    ])
    .areas(area);
    let block = Block::bordered().title(lang.pick(" 导入回收台账 ", " Import returned ledgers "));
    let inner = block.inner(left);
    block.render(left, buf);
    if state.files.is_empty() {
        Paragraph::new(wrap_lines(vec![Line::raw(lang.pick(
            "当前文件夹中没有 .xlsx 工作簿。请把各单位报回的台账放到启动 taskforce 的文件夹。",
            "No .xlsx workbook in the current folder: put the returned ledgers in the folder taskforce was started from.",
        ))], inner.width))
        .render(inner, buf);
    }
    for (i, f) in state.files.iter().enumerate().take(inner.height as usize) {
        let style = if i == state.cursor {
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
    let title = match &state.preview {
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
        .scroll((state.scroll, 0))
        .render(right, buf);
}
