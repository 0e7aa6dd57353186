//! How the list inputs of a form look: a dated list (milestones) line by line with what the
//! form will do with each entry, and a pick list (units) with the names picked and the option
//! shown. Pure drawing data: spans and lines for the form's view.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

use super::Form;
use super::field::{DatedEntry, DatedList, DraftError, Field, Mark, MultiPick, TextField};
use super::view::text_spans;
use crate::model::Lang;
use crate::tui::ctx::Ctx;
use crate::tui::widgets::clean;

/// The spans after the field's label and the lines under it.
type Rows = (Vec<Span<'static>>, Vec<Line<'static>>);

fn gray() -> Style {
    Style::default().fg(Color::DarkGray)
}

/// Why the add line of a dated list cannot be read, in the UI language.
pub(super) fn draft_error(e: DraftError, lang: Lang) -> String {
    match e {
        DraftError::Shape => lang.pick(
            "新增节点应为 日期 内容，如 2026-06-30 完成站点规划",
            "a new milestone is DATE TEXT, e.g. 2026-06-30 完成站点规划",
        ),
        DraftError::Date => lang.pick(
            "节点日期须为日期（YYYY-MM-DD），如 2026-06-30 完成站点规划",
            "a milestone's date must be a date (YYYY-MM-DD), e.g. 2026-06-30 完成站点规划",
        ),
        DraftError::Taken => lang.pick(
            "该日已有节点：如要改写，先将原节点标为删除",
            "a milestone is due that day already: to replace it, mark it removed first",
        ),
    }
    .to_string()
}

impl Form {
    /// The look of a list input in `field`; `None` for a text field or a choice.
    pub(super) fn list_lines(
        &self,
        field: Field,
        active: bool,
        indent: usize,
        ctx: &Ctx,
    ) -> Option<Rows> {
        if let Some(list) = self.inputs.dated(field) {
            return Some(self.dated_lines(list, active, indent, ctx.lang));
        }
        self.inputs
            .picks(field)
            .map(|picks| self.pick_lines(picks, active, indent, ctx.lang))
    }

    fn dated_lines(&self, list: &DatedList, active: bool, indent: usize, lang: Lang) -> Rows {
        let done = list.entries.iter().filter(|e| e.done_on.is_some()).count();
        let summary = match (list.entries.len(), lang) {
            (0, _) => lang.pick("（无）", "(none)").to_string(),
            (n, Lang::Zh) => format!("{n}个，已完成{done}个"),
            (n, Lang::En) => format!("{n}, {done} done"),
        };
        let mut lines = Vec::new();
        let pad = " ".repeat(indent.saturating_sub(2));
        for (i, e) in list.entries.iter().enumerate() {
            let focused = active && list.at == i;
            let mut spans = vec![Span::raw(format!(
                "{pad}{}",
                if focused { "› " } else { "  " }
            ))];
            spans.extend(self.entry_spans(e, focused, list, lang));
            lines.push(Line::from(spans));
        }
        if active || !list.draft.is_empty() {
            let focused = active && list.on_draft();
            let mut spans = vec![
                Span::raw(format!("{pad}{}", if focused { "› " } else { "  " })),
                Span::styled(
                    lang.pick("＋新增 ", "+ add "),
                    Style::default().fg(Color::Cyan),
                ),
            ];
            spans.extend(line_spans(&list.draft, focused, Style::default()));
            if list.draft.is_empty() {
                spans.push(Span::styled(
                    lang.pick(
                        "（日期 内容，如 2026-06-30 完成站点规划；回车加入）",
                        " (DATE TEXT, e.g. 2026-06-30 完成站点规划; Enter adds it)",
                    ),
                    gray(),
                ));
            }
            lines.push(Line::from(spans));
        }
        (vec![Span::raw(summary)], lines)
    }

    /// One entry: `2026-06-30 完成站点规划 完成于 2026-11-25`, with what happens to it.
    fn entry_spans(
        &self,
        e: &DatedEntry,
        focused: bool,
        list: &DatedList,
        lang: Lang,
    ) -> Vec<Span<'static>> {
        let removed = e.mark == Mark::Remove;
        let text_style = if removed {
            Style::default()
                .fg(Color::DarkGray)
                .add_modifier(Modifier::CROSSED_OUT)
        } else {
            Style::default()
        };
        let mut spans = vec![Span::styled(
            format!("{} {}", e.due, clean(&e.text)),
            text_style,
        )];
        let green = Style::default()
            .fg(Color::Green)
            .add_modifier(Modifier::BOLD);
        let red = Style::default().fg(Color::Red).add_modifier(Modifier::BOLD);
        match (e.mark, e.done_on) {
            (Mark::Keep, Some(d)) => spans.push(Span::styled(format!(" ✓{d}"), gray())),
            (Mark::Keep, None) if e.due < list.today => {
                spans.push(Span::styled(format!(" {}", lang.pick("逾期", "late")), red));
            }
            (Mark::Keep, None) => {}
            (Mark::Done, _) => {
                spans.push(Span::styled(
                    format!(" {}", lang.pick("完成于 ", "done on ")),
                    green,
                ));
                spans.extend(line_spans(&e.date, focused, green));
            }
            (Mark::Remove, _) => {
                spans.push(Span::styled(
                    format!(" {}", lang.pick("删除", "remove")),
                    red,
                ));
            }
            (Mark::New, _) => {
                spans.push(Span::styled(
                    format!(" {}", lang.pick("新增", "new")),
                    green,
                ));
            }
        }
        if focused {
            let hint = match (e.added, e.done_on) {
                (true, _) => lang.pick(" ◂▸ 新增/不新增", " ◂▸ add / drop"),
                (false, Some(_)) => lang.pick(" ◂▸ 删除", " ◂▸ remove"),
                (false, None) => lang.pick(" ◂▸ 标记完成/删除", " ◂▸ mark done / remove"),
            };
            spans.push(Span::styled(hint, gray()));
        }
        spans
    }

    fn pick_lines(&self, picks: &MultiPick, active: bool, indent: usize, lang: Lang) -> Rows {
        let value = if picks.picked.is_empty() {
            "—".to_string()
        } else {
            clean(&picks.picked.join("、"))
        };
        let mut lines = Vec::new();
        if active {
            let matches = picks.matches();
            let mut spans = vec![Span::raw(" ".repeat(indent))];
            match picks.shown() {
                Some(name) => {
                    let at = picks.at.min(matches.len().saturating_sub(1));
                    let (mark, style) = if picks.is_picked(name) {
                        (
                            "✓",
                            Style::default()
                                .fg(Color::Green)
                                .add_modifier(Modifier::BOLD),
                        )
                    } else {
                        ("·", Style::default().add_modifier(Modifier::BOLD))
                    };
                    spans.push(Span::raw("◂ "));
                    spans.push(Span::styled(format!("{mark}{}", clean(name)), style));
                    spans.push(Span::raw(" ▸"));
                    spans.push(Span::styled(
                        format!(" {}/{}", at + 1, matches.len()),
                        gray(),
                    ));
                }
                None => spans.push(Span::styled(
                    lang.pick("没有相符的单位", "no unit matches"),
                    Style::default().fg(Color::Yellow),
                )),
            }
            spans.push(Span::raw(format!("  {}", lang.pick("筛选：", "filter: "))));
            spans.extend(line_spans(&picks.query, true, Style::default()));
            spans.push(Span::styled(
                lang.pick("  空格 选中/取消", "  Space picks/drops"),
                gray(),
            ));
            lines.push(Line::from(spans));
        }
        (vec![Span::raw(value)], lines)
    }
}

/// A one-line text input's spans, the caret drawn when `caret`.
fn line_spans(input: &TextField, caret: bool, style: Style) -> Vec<Span<'static>> {
    text_spans(input, caret, style).concat()
}
