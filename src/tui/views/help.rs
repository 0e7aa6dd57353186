//! The help overlay and the filter menu, both built from the key tables.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::{Block, Widget};

use crate::model::Light;
use crate::tui::app::App;
use crate::tui::keymap::{self, FILTER_KEYS, SECTIONS};
use crate::tui::widgets::{centered, clip, fit, width};

/// What each light means (DOMAIN.md §2.3), for the help and the legend under the tree.
pub const LEGEND: [(Light, &str, &str); 5] = [
    (Light::Green, "按序时推进", "on schedule"),
    (
        Light::Blue,
        "时限15天内（提醒）",
        "deadline within 15 days (a reminder)",
    ),
    (
        Light::Unreported,
        "从未报送（首期已结束）",
        "never reported (first period over)",
    ),
    (
        Light::Yellow,
        "节点逾期、落后序时10–30个百分点、连续两期未报或报黄",
        "milestone late, 10–30 points behind, two periods silent or reported yellow",
    ),
    (
        Light::Red,
        "逾期、落后序时超30个百分点、节点逾期超一月、两次会议黄灯或报红",
        "overdue, over 30 points behind, milestone a month late, yellow at two meetings or reported red",
    ),
];

/// Every section of the help, as (text, is heading) lines.
fn help_lines(app: &App) -> Vec<(String, bool)> {
    let lang = app.lang;
    let mut lines = vec![(lang.pick("亮灯", "Lights").to_string(), true)];
    for (light, zh, en) in LEGEND {
        lines.push((
            format!("{} {}", fit(light.label(lang), 12), lang.pick(zh, en)),
            false,
        ));
    }
    let global = (lang.pick("任何时候", "Anywhere"), keymap::GLOBAL_KEYS);
    let sections = SECTIONS
        .iter()
        .map(|(mode, zh, en)| (lang.pick(zh, en), keymap::table(*mode)))
        .chain([global]);
    for (title, table) in sections {
        lines.push((title.to_string(), true));
        for b in table {
            lines.push((
                format!("{} {}", fit(&b.keys_label(), 12), b.label(lang)),
                false,
            ));
        }
    }
    lines
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    crate::tui::widgets::clear(area, buf);
    let block = Block::bordered()
        .title(app.lang.pick(
            " 帮助（? 关闭，j/k 翻动） ",
            " Help (? closes, j/k scroll) ",
        ))
        .border_style(Style::default().fg(Color::Cyan));
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height == 0 {
        return;
    }
    let lines = help_lines(app);
    let col_width = lines.iter().map(|(t, _)| width(t)).max().unwrap_or(10) + 2;
    let height = inner.height as usize;
    let columns = (inner.width as usize / col_width).max(1);
    // Scrolling stops once the last line is on screen.
    let last_start = lines.len().saturating_sub(columns * height);
    let start = app.help_scroll.min(last_start);
    let mut x = inner.x;
    for column in lines[start..].chunks(height).take(columns) {
        let room = ((inner.x + inner.width - x) as usize).min(col_width);
        for (row, (text, heading)) in column.iter().enumerate() {
            let style = if *heading {
                Style::default()
                    .add_modifier(Modifier::BOLD)
                    .fg(Color::Yellow)
            } else {
                Style::default()
            };
            buf.set_stringn(x, inner.y + row as u16, clip(text, room), room, style);
        }
        x += col_width as u16;
    }
}

pub fn render_filters(app: &App, area: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let h = FILTER_KEYS.len() as u16 + 4;
    let popup = centered(area, 44, h);
    crate::tui::widgets::clear(popup, buf);
    let block = Block::bordered()
        .title(lang.pick(" 筛选 ", " Filters "))
        .border_style(Style::default().fg(Color::Magenta));
    let inner = block.inner(popup);
    block.render(popup, buf);
    let w = inner.width as usize;
    let summary = if app.filters.active() {
        crate::tui::widgets::clean(&app.filters.summary(lang))
    } else {
        lang.pick("（无）", "(none)").to_string()
    };
    buf.set_stringn(
        inner.x,
        inner.y,
        clip(&summary, w),
        w,
        Style::default().fg(Color::Magenta),
    );
    for (i, b) in FILTER_KEYS.iter().enumerate() {
        let y = inner.y + 2 + i as u16;
        if y >= inner.y + inner.height {
            break;
        }
        let text = format!("{} {}", fit(&b.keys_label(), 12), b.label(lang));
        buf.set_stringn(inner.x, y, clip(&text, w), w, Style::default());
    }
}
