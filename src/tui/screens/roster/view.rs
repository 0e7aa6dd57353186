//! The roster's view: the people and the units side by side, each pane its full height with
//! the selected entry in full below its table (a person's unit, post, phone and duties; a
//! unit's full name, kind and every reference).

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget};

use super::{List, RosterScreen};
use crate::model::{Lang, Person, Unit, UnitKind};
use crate::store::roster::unit_references;
use crate::tui::ctx::Ctx;
use crate::tui::forms::unit::kind_label;
use crate::tui::widgets::{clean, clip, wrap};

/// A unit's kind in a table cell.
fn kind_short(kind: UnitKind, lang: Lang) -> &'static str {
    match kind {
        UnitKind::City => lang.pick("市级", "city"),
        UnitKind::County => lang.pick("县级", "county"),
    }
}

/// The measures `name` owns (责任人) and reports on (联络员).
fn duties(ctx: &Ctx, name: &str) -> (Vec<String>, Vec<String>) {
    let mut owner = Vec::new();
    let mut liaison = Vec::new();
    for m in &ctx.plan.measures {
        if m.owner.as_deref() == Some(name) {
            owner.push(m.id.to_string());
        }
        if m.liaison.as_deref() == Some(name) {
            liaison.push(m.id.to_string());
        }
    }
    (owner, liaison)
}

/// `text` in at most `rows` rows of `cols` columns, the last ending in `…` when cut.
fn rows_of(text: &str, cols: usize, rows: usize) -> Vec<String> {
    let mut out = wrap(&clean(text), cols);
    if out.len() > rows {
        out.truncate(rows);
        if let Some(last) = out.last_mut() {
            *last = clip(&format!("{last}…"), cols);
        }
    }
    out
}

/// The widths `constraints` take in `width` columns, one column apart.
fn column_widths(width: u16, constraints: &[Constraint]) -> Vec<usize> {
    Layout::horizontal(constraints.to_vec())
        .spacing(1)
        .split(Rect::new(0, 0, width, 1))
        .iter()
        .map(|r| r.width as usize)
        .collect()
}

/// A person in full: name, unit and post, phone, then the measures they own and report on.
fn person_lines(ctx: &Ctx, p: &Person, cols: usize, rows: usize) -> Vec<String> {
    let lang = ctx.lang;
    let none = lang.pick("无", "none");
    let post = match &p.role {
        Some(role) => format!("{} · {} · {role}", p.name, p.unit),
        None => format!("{} · {}", p.name, p.unit),
    };
    let phone = format!(
        "{} {}",
        lang.pick("电话", "phone"),
        p.phone.as_deref().unwrap_or(none)
    );
    let (owner, liaison) = duties(ctx, &p.name);
    let list = |ids: &[String]| {
        if ids.is_empty() {
            none.to_string()
        } else {
            ids.join(lang.pick("、", ", "))
        }
    };
    let duties = match lang {
        Lang::Zh => format!("责任人：{} · 联络员：{}", list(&owner), list(&liaison)),
        Lang::En => format!("owner of {} · liaison of {}", list(&owner), list(&liaison)),
    };
    let mut lines = rows_of(&post, cols, 1);
    lines.extend(rows_of(&phone, cols, 1));
    let left = rows.saturating_sub(lines.len());
    lines.extend(rows_of(&duties, cols, left));
    lines.truncate(rows);
    lines
}

/// A unit in full: its name and kind, full name, then what references it (or that nothing
/// does).
fn unit_lines(ctx: &Ctx, u: &Unit, cols: usize, rows: usize) -> (Vec<String>, bool) {
    let lang = ctx.lang;
    let refs = unit_references(&ctx.plan, &u.name);
    let mut lines = rows_of(
        &format!("{} · {}", u.name, kind_label(u.kind, lang)),
        cols,
        1,
    );
    if let Some(full) = &u.full_name {
        lines.extend(rows_of(full, cols, 1));
    }
    let left = rows.saturating_sub(lines.len());
    if refs.is_empty() {
        lines.extend(rows_of(
            lang.pick("未被引用，x 可删除", "not referenced: x removes it"),
            cols,
            left,
        ));
        return (lines, false);
    }
    let listed = refs
        .iter()
        .map(|r| r.describe(lang))
        .collect::<Vec<_>>()
        .join(lang.pick("、", ", "));
    let text = match lang {
        Lang::Zh => format!("被引用{}处：{listed}", refs.len()),
        Lang::En => format!("used by {}: {listed}", refs.len()),
    };
    lines.extend(rows_of(&text, cols, left));
    (lines, true)
}

impl RosterScreen {
    pub(super) fn draw(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        // Narrow terminals give the units just their name, kind and uses.
        let split = if area.width >= 110 {
            [Constraint::Percentage(55), Constraint::Percentage(45)]
        } else {
            [Constraint::Fill(1), Constraint::Length(28)]
        };
        let [people, units] = Layout::horizontal(split).areas(area);
        self.draw_people(people, buf, ctx);
        self.draw_units(units, buf, ctx);
    }

    /// The pane's box (cyan while its list takes the keys), its table area and its detail
    /// area under a rule.
    fn pane(&self, list: List, title: String, area: Rect, buf: &mut Buffer) -> (Rect, Rect) {
        let mut block = Block::bordered().title(clean(&title));
        if self.list == list {
            block = block.border_style(Style::default().fg(Color::Cyan));
        }
        let inner = block.inner(area);
        block.render(area, buf);
        // The selected entry in full takes a fifth of a tall pane, at least four rows.
        let detail_rows = (inner.height / 5).clamp(4, 8);
        let [table, rule, detail] = Layout::vertical([
            Constraint::Min(2),
            Constraint::Length(1),
            Constraint::Length(detail_rows),
        ])
        .areas(inner);
        buf.set_string(
            rule.x,
            rule.y,
            "─".repeat(rule.width as usize),
            Style::default().fg(Color::DarkGray),
        );
        (table, detail)
    }

    /// The table of `list` with its selected row: reversed while the list takes the keys, in
    /// cyan otherwise.
    fn table(
        &self,
        list: List,
        header: &[&str],
        widths: &[Constraint],
        rows: Vec<Vec<String>>,
        area: Rect,
        buf: &mut Buffer,
    ) {
        let cols = column_widths(area.width, widths);
        let row = |cells: &[String]| {
            Row::new(
                cells
                    .iter()
                    .zip(&cols)
                    .map(|(t, &w)| Cell::from(clip(&clean(t), w)))
                    .collect::<Vec<_>>(),
            )
        };
        let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
        let (at, focused) = match list {
            List::People => (self.person, self.list == List::People),
            List::Units => (self.unit, self.list == List::Units),
        };
        let highlight = if focused {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default().fg(Color::Cyan)
        };
        let table = Table::new(rows.iter().map(|r| row(r)), widths.to_vec())
            .header(row(&header).style(Style::default().add_modifier(Modifier::BOLD)))
            .column_spacing(1)
            .row_highlight_style(highlight);
        let mut state = TableState::default().with_selected(Some(at));
        StatefulWidget::render(table, area, buf, &mut state);
    }

    fn draw_people(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let lang = ctx.lang;
        let people = &ctx.plan.roster.people;
        let title = match lang {
            Lang::Zh => format!(" 名册 · 人员（{}） ", people.len()),
            Lang::En => format!(" Roster · people ({}) ", people.len()),
        };
        let (table, detail) = self.pane(List::People, title, area, buf);
        let dim = Style::default().fg(Color::DarkGray);
        let Some(selected) = people.get(self.person) else {
            let text = lang.pick(
                "名册中还没有人员。按 a 新增（姓名、所属单位、职务、电话）；Tab 切换到单位。",
                "Nobody in the roster yet. a adds a person (name, unit, post, phone); Tab switches to the units.",
            );
            let lines: Vec<Line> = wrap(text, table.width as usize)
                .into_iter()
                .map(|l| Line::styled(l, dim))
                .collect();
            Paragraph::new(lines).render(table, buf);
            return;
        };
        let widths = [
            Constraint::Length(8),
            Constraint::Length(12),
            Constraint::Fill(1),
            Constraint::Length(13),
        ];
        let header = [
            lang.pick("姓名", "Name"),
            lang.pick("所属单位", "Unit"),
            lang.pick("职务", "Post"),
            lang.pick("电话", "Phone"),
        ];
        let rows = people
            .iter()
            .map(|p| {
                vec![
                    p.name.clone(),
                    p.unit.clone(),
                    p.role.clone().unwrap_or_default(),
                    p.phone.clone().unwrap_or_default(),
                ]
            })
            .collect();
        self.table(List::People, &header, &widths, rows, table, buf);
        let lines = person_lines(ctx, selected, detail.width as usize, detail.height as usize);
        Paragraph::new(lines.into_iter().map(Line::raw).collect::<Vec<_>>()).render(detail, buf);
    }

    fn draw_units(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let lang = ctx.lang;
        let units = &ctx.plan.roster.units;
        let title = match lang {
            Lang::Zh => format!(" 单位（{}） ", units.len()),
            Lang::En => format!(" Units ({}) ", units.len()),
        };
        let (table, detail) = self.pane(List::Units, title, area, buf);
        // The full name gets a column when the pane has room for it.
        let full = table.width >= 48;
        let mut widths = vec![
            if full {
                Constraint::Length(12)
            } else {
                Constraint::Fill(1)
            },
            Constraint::Length(if lang == Lang::Zh { 4 } else { 6 }),
            Constraint::Length(4),
        ];
        let mut header = vec![
            lang.pick("单位", "Unit"),
            lang.pick("类别", "Kind"),
            lang.pick("引用", "Uses"),
        ];
        if full {
            widths.push(Constraint::Fill(1));
            header.push(lang.pick("全称", "Full name"));
        }
        let rows = units
            .iter()
            .map(|u| {
                let mut cells = vec![
                    u.name.clone(),
                    kind_short(u.kind, lang).to_string(),
                    unit_references(&ctx.plan, &u.name).len().to_string(),
                ];
                if full {
                    cells.push(u.full_name.clone().unwrap_or_default());
                }
                cells
            })
            .collect();
        self.table(List::Units, &header, &widths, rows, table, buf);
        let Some(selected) = units.get(self.unit) else {
            return;
        };
        let (lines, used) =
            unit_lines(ctx, selected, detail.width as usize, detail.height as usize);
        let mut lines: Vec<Line> = lines.into_iter().map(Line::raw).collect();
        if !used && let Some(last) = lines.last_mut() {
            *last = last.clone().style(Style::default().fg(Color::DarkGray));
        }
        Paragraph::new(lines).render(detail, buf);
    }
}
