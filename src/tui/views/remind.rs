//! The 催办 screen: the lead units with measures unreported for the period or overdue and
//! overdue 议定事项 (left, with counts), and the selected unit's list, contacts and ready
//! 催办通知 (right). `c` switches the cycle, `w` writes every notice to a file.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use crate::model::{Lang, meeting_kind_label};
use crate::office::remind;
use crate::tui::app::App;
use crate::tui::remind::{list, period};
use crate::tui::widgets::{clean, fit, wrap_lines};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let units = list(app);
    let p = period(app);
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
    let cursor = app.remind.cursor.min(units.len() - 1);
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
    let by = remind::next_working_day(app.today);
    for l in remind::notice(&app.plan, u, p, app.today, by, lang).lines() {
        lines.push(Line::from(clean(l)));
    }
    Paragraph::new(wrap_lines(lines, right.width.saturating_sub(2)))
        .block(Block::bordered().title(format!(" {} ", clean(&u.unit))))
        .scroll((app.remind.scroll, 0))
        .render(right, buf);
}
