//! The main screen's view: the tree pane (actions with roll-up counts, measures with lights,
//! the other sections) beside the detail pane, and the filter menu over them. Only the visible
//! rows are built, so a frame costs the same at 99 or 10,000 measures.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::{Block, Widget};

use super::{FILTER_KEYS, Input, Node, Row, Section, TreeScreen};
use crate::tui::ctx::Ctx;
use crate::tui::widgets::{
    centered, clean, clip, fit, left_right, light_color, light_glyph, width,
};

impl TreeScreen {
    /// The tree beside the detail of the selected node, and the filter menu when it is open.
    pub(super) fn draw(&self, main: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let tree_width = if main.width >= 120 {
            60
        } else {
            main.width * 9 / 20
        };
        let [left, right] =
            Layout::horizontal([Constraint::Length(tree_width), Constraint::Min(10)]).areas(main);
        self.draw_tree(left, buf, ctx);
        super::detail::render(self.selected.as_ref(), self.detail_scroll, right, buf, ctx);
        if self.input == Input::Filter {
            self.draw_filters(main, buf, ctx);
        }
    }

    fn draw_filters(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let lang = ctx.lang;
        let h = FILTER_KEYS.len() as u16 + 4;
        let popup = centered(area, 44, h);
        crate::tui::widgets::clear(popup, buf);
        let block = Block::bordered()
            .title(lang.pick(" 筛选 ", " Filters "))
            .border_style(Style::default().fg(Color::Magenta));
        let inner = block.inner(popup);
        block.render(popup, buf);
        let w = inner.width as usize;
        let summary = if self.filters.active() {
            clean(&self.filters.summary(lang))
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

    fn draw_tree(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let lang = ctx.lang;
        let c = ctx.lights.totals();
        let title = match lang {
            crate::model::Lang::Zh => format!(
                " 计划 绿{} 蓝{} 黄{} 红{} 未报{} ",
                c.green, c.blue, c.yellow, c.red, c.unreported
            ),
            crate::model::Lang::En => format!(
                " Plan G{} B{} Y{} R{} U{} ",
                c.green, c.blue, c.yellow, c.red, c.unreported
            ),
        };
        let block = Block::bordered().title(title);
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.height == 0 || inner.width < 4 {
            return;
        }
        let mut y = inner.y;
        let mut height = inner.height as usize;
        // The legend of the lights on the last line, when there is room for the tree above it.
        if height > 8 {
            height -= 1;
            render_legend(
                ctx,
                Rect {
                    y: inner.y + inner.height - 1,
                    height: 1,
                    ..inner
                },
                buf,
            );
        }
        if self.input == Input::Search || self.narrowed() {
            let mut parts = Vec::new();
            if self.input == Input::Search || !self.query.is_empty() {
                let cursor = if self.input == Input::Search {
                    "▏"
                } else {
                    ""
                };
                parts.push((
                    format!("/{}{cursor}", clean(&self.query)),
                    Style::default().fg(Color::Yellow),
                ));
            }
            if self.filters.active() {
                let sep = if parts.is_empty() { "" } else { "  " };
                parts.push((
                    format!(
                        "{sep}{}{}",
                        lang.pick("筛选：", "filter: "),
                        clean(&self.filters.summary(lang))
                    ),
                    Style::default().fg(Color::Magenta),
                ));
            }
            let count = self
                .rows
                .iter()
                .filter(|r| matches!(r, Row::Measure(_)))
                .count();
            let right = vec![(format!(" {count}"), Style::default().fg(Color::DarkGray))];
            left_right(
                buf,
                Rect {
                    y,
                    height: 1,
                    ..inner
                },
                &parts,
                &right,
            );
            y += 1;
            height -= 1;
        }
        if self.rows.is_empty() {
            buf.set_string(
                inner.x + 1,
                y,
                lang.pick("（没有符合条件的项）", "(nothing matches)"),
                Style::default(),
            );
            return;
        }
        // The app keeps the offset; clamp it here too, in case the pane is smaller than it thinks.
        let cursor = self.cursor;
        let mut offset = self.offset.min(cursor);
        if cursor >= offset + height {
            offset = cursor + 1 - height;
        }
        for (n, &row) in self.rows.iter().enumerate().skip(offset).take(height) {
            let area = Rect {
                x: inner.x,
                y,
                width: inner.width,
                height: 1,
            };
            let selected = n == cursor;
            self.draw_row(row, selected, area, buf, ctx);
            if selected {
                buf.set_style(area, Style::default().add_modifier(Modifier::REVERSED));
            }
            y += 1;
        }
    }
}

/// `绿=正常 蓝=15天内到期 未=未报送 黄=预警 红=逾期滞后`: the short legend under the tree (the
/// help has the full one).
fn render_legend(ctx: &Ctx, area: Rect, buf: &mut Buffer) {
    use crate::model::Light;
    let lang = ctx.lang;
    let words = [
        (Light::Green, "正常", "ok"),
        (Light::Blue, "15天内到期", "due in 15 days"),
        (Light::Unreported, "未报送", "never reported"),
        (Light::Yellow, "预警", "warning"),
        (Light::Red, "逾期滞后", "late"),
    ];
    // Whole entries only: as many as fit, never one cut in half.
    let mut spans = Vec::new();
    let mut used = 0;
    for (i, (light, zh, en)) in words.into_iter().enumerate() {
        let sep = if i == 0 { "" } else { " " };
        let mark = format!("{sep}{}=", light_glyph(light, lang).trim_end());
        let word = lang.pick(zh, en).to_string();
        let w = crate::tui::widgets::width(&mark) + crate::tui::widgets::width(&word);
        if used + w > area.width as usize {
            break;
        }
        used += w;
        spans.push((mark, Style::default().fg(light_color(light))));
        spans.push((word, Style::default().fg(Color::DarkGray)));
    }
    left_right(buf, area, &spans, &[]);
}

impl TreeScreen {
    fn draw_row(&self, row: Row, selected: bool, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let lang = ctx.lang;
        let plain = Style::default();
        let dim = Style::default().fg(Color::DarkGray);
        let mark = if selected { "›" } else { " " };
        let fold = |node: Node| {
            if self.narrowed() || self.expanded.contains(&node) {
                "▾ "
            } else {
                "▸ "
            }
        };
        let wide = area.width >= 56;
        match row {
            Row::Action(i) => {
                let a = &ctx.plan.actions[i];
                let c = ctx.lights.action_counts(i);
                let left = vec![
                    (format!("{mark}{}", fold(Node::Action(a.id.clone()))), plain),
                    (
                        format!("{} ", a.id),
                        Style::default().add_modifier(Modifier::BOLD),
                    ),
                    (clean(&a.title), plain),
                ];
                let mut right = vec![(
                    format!(" {}{}", lang.pick("绿", "G"), c.green),
                    Style::default().fg(Color::Green),
                )];
                if c.blue > 0 {
                    right.push((
                        format!(" {}{}", lang.pick("蓝", "B"), c.blue),
                        Style::default().fg(Color::Blue),
                    ));
                }
                right.push((
                    format!(" {}{}", lang.pick("黄", "Y"), c.yellow),
                    Style::default().fg(Color::Yellow),
                ));
                right.push((
                    format!(" {}{}", lang.pick("红", "R"), c.red),
                    Style::default().fg(Color::Red),
                ));
                right.push((format!(" {}{}", lang.pick("未报", "U"), c.unreported), dim));
                left_right(buf, area, &left, &right);
            }
            Row::Measure(i) => {
                let m = &ctx.plan.measures[i];
                let light = ctx.lights.light(i);
                let left = vec![
                    (format!("{mark}  "), plain),
                    (
                        light_glyph(light, lang).to_string(),
                        Style::default()
                            .fg(light_color(light))
                            .add_modifier(Modifier::BOLD),
                    ),
                    (format!(" {} ", m.id), plain),
                    (clean(&m.title), plain),
                ];
                // Columns share the width by content, the title first: the deadline, then the
                // lead unit give way before the title is cut below 28 columns.
                let used: usize = left[..3].iter().map(|(t, _)| width(t)).sum();
                let wanted = width(&left[3].0).min(28);
                let right = [
                    format!(" {} {}", clean(&m.lead_unit), m.deadline),
                    format!(" {}", clean(&m.lead_unit)),
                ]
                .into_iter()
                .find(|r| wide && used + wanted + width(r) <= area.width as usize)
                .map(|r| vec![(r, dim)])
                .unwrap_or_default();
                left_right(buf, area, &left, &right);
            }
            Row::Section(s) => {
                let count = match s {
                    Section::Indicators => ctx.plan.indicators.len(),
                    Section::Landmarks => ctx.plan.landmarks.len(),
                    Section::Meetings => ctx.plan.meetings.len(),
                };
                let left = vec![
                    (format!("{mark}{}", fold(Node::Section(s))), plain),
                    (
                        format!("{} ({count})", s.label(lang)),
                        Style::default().add_modifier(Modifier::BOLD),
                    ),
                ];
                left_right(buf, area, &left, &[]);
            }
            Row::Indicator(i) => {
                let x = &ctx.plan.indicators[i];
                let left = vec![
                    (format!("{mark}  {} ", x.id), plain),
                    (clean(&x.name), plain),
                ];
                let right = if wide {
                    vec![(format!(" {}", clean(&x.target_2027.text)), dim)]
                } else {
                    Vec::new()
                };
                left_right(buf, area, &left, &right);
            }
            Row::Landmark(i) => {
                let l = &ctx.plan.landmarks[i];
                let left = vec![
                    (format!("{mark}  {} ", l.id), plain),
                    (clean(&l.title), plain),
                ];
                left_right(
                    buf,
                    area,
                    &left,
                    &[(format!(" {}", l.status.label(lang)), dim)],
                );
            }
            Row::Meeting(i) => {
                let m = &ctx.plan.meetings[i];
                let kind = crate::model::meeting_kind_label(m.kind, lang);
                let left = vec![
                    (format!("{mark}  {} ", m.id), plain),
                    (format!("{kind} {}", m.period), plain),
                ];
                let right = vec![(format!(" {}", m.time.format("%Y-%m-%d")), dim)];
                left_right(buf, area, &left, &right);
            }
            Row::Item(i) => {
                let item = &ctx.plan.items[i];
                let (glyph, color) = item_glyph(item, ctx.today, lang);
                let left = vec![
                    (format!("{mark}    "), plain),
                    (glyph.to_string(), Style::default().fg(color)),
                    (format!(" {} ", item.id), plain),
                    (clean(&item.text), plain),
                ];
                let right = if wide {
                    vec![(
                        format!(" {} {}", clean(&item.lead_unit), item.deadline),
                        dim,
                    )]
                } else {
                    Vec::new()
                };
                left_right(buf, area, &left, &right);
            }
        }
    }
}

/// A two-column mark for an action item: overdue, open, done awaiting review, or closed.
pub fn item_glyph(
    item: &crate::model::ActionItem,
    today: chrono::NaiveDate,
    lang: crate::model::Lang,
) -> (&'static str, Color) {
    use crate::model::ItemStatus;
    match item.status {
        _ if item.is_overdue(today) => (lang.pick("逾", "! "), Color::Red),
        ItemStatus::Open => (lang.pick("办", "o "), Color::Yellow),
        ItemStatus::DoneAwaitingReview => (lang.pick("结", "d "), Color::Blue),
        ItemStatus::Closed => (lang.pick("销", "x "), Color::Green),
    }
}
