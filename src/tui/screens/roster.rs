//! The roster screen (名册): the people (name, unit, post, phone) and the units, side by side.
//! A person is added or changed, a unit added, renamed or removed, each through a form (or a
//! confirmation) and one commit. Removing a unit still referenced is refused with every
//! reference listed, before anything is sent to the store.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget};

use super::confirm::ConfirmScreen;
use super::{Notice, Outcome, Screen};
use crate::model::{Lang, Person, Unit, UnitKind};
use crate::store::roster::{RosterChange, UnitRef, unit_references};
use crate::store::{Error, Rejection};
use crate::tui::action::{Action, Effect};
use crate::tui::ctx::Ctx;
use crate::tui::forms::Form;
use crate::tui::keys::{Binding, Key, Section, bind, more};
use crate::tui::widgets::{centered, clean, clip, wrap};

/// The list the keys act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum List {
    #[default]
    People,
    Units,
}

/// The roster's two lists, their selected rows and the removal waiting for its preview.
#[derive(Debug, Clone, Default)]
pub struct RosterScreen {
    pub list: List,
    /// The selected person.
    pub person: usize,
    /// The selected unit.
    pub unit: usize,
    /// The unit whose removal was previewed, confirmed with `y`.
    removing: Option<String>,
    /// The names on the lists at the last load: a name new after a commit is selected.
    people_seen: Vec<String>,
    units_seen: Vec<String>,
}

impl RosterScreen {
    /// The roster as loaded, on the people.
    pub fn new(ctx: &Ctx) -> RosterScreen {
        let roster = &ctx.plan.roster;
        RosterScreen {
            people_seen: roster.people.iter().map(|p| p.name.clone()).collect(),
            units_seen: roster.units.iter().map(|u| u.name.clone()).collect(),
            ..RosterScreen::default()
        }
    }

    /// The selected person, if there is one.
    pub fn selected_person<'a>(&self, ctx: &'a Ctx) -> Option<&'a Person> {
        ctx.plan.roster.people.get(self.person)
    }

    /// The selected unit, if there is one.
    pub fn selected_unit<'a>(&self, ctx: &'a Ctx) -> Option<&'a Unit> {
        ctx.plan.roster.units.get(self.unit)
    }

    fn cursor(&mut self, ctx: &Ctx) -> (&mut usize, usize) {
        match self.list {
            List::People => (&mut self.person, ctx.plan.roster.people.len()),
            List::Units => (&mut self.unit, ctx.plan.roster.units.len()),
        }
    }

    fn go(&mut self, action: &Action, ctx: &Ctx) {
        let page = ctx.page.saturating_sub(4).max(1);
        let (at, len) = self.cursor(ctx);
        let last = len.saturating_sub(1);
        *at = match action {
            Action::MoveUp => at.saturating_sub(1),
            Action::MoveDown => (*at + 1).min(last),
            Action::PageUp => at.saturating_sub(page),
            Action::PageDown => (*at + page).min(last),
            Action::Home => 0,
            Action::End => last,
            _ => *at,
        };
    }

    /// `a`: a new person, of the selected unit when the units are in focus.
    fn add_person(&self, ctx: &Ctx) -> Outcome {
        let unit = match self.list {
            List::Units => self.selected_unit(ctx).map_or("", |u| u.name.as_str()),
            List::People => "",
        };
        Outcome::push(Form::new_person("", unit))
    }

    /// `e`: the selected person's details, or the selected unit's name.
    fn edit(&self, ctx: &Ctx) -> Outcome {
        let lang = ctx.lang;
        match self.list {
            List::People => match self.selected_person(ctx) {
                Some(p) => Outcome::push(Form::edit_person(p)),
                None => Outcome::error(lang.pick(
                    "名册中还没有人员：按 a 新增",
                    "nobody in the roster yet: a adds a person",
                )),
            },
            List::Units => match self.selected_unit(ctx) {
                Some(u) => Outcome::push(Form::rename_unit(u)),
                None => Outcome::none(),
            },
        }
    }

    /// `x`: removes the selected unit, or lists what still references it.
    fn remove(&mut self, ctx: &Ctx) -> Outcome {
        let lang = ctx.lang;
        if self.list == List::People {
            return Outcome::error(lang.pick(
                "x 删除的是单位（人员只能修改）：按 Tab 切换到单位",
                "x removes a unit (people can only be changed): Tab switches to the units",
            ));
        }
        let Some(unit) = self.selected_unit(ctx) else {
            return Outcome::none();
        };
        let refs = unit_references(&ctx.plan, &unit.name);
        if !refs.is_empty() {
            return Outcome::push(RefusedScreen::new(&unit.name, &refs, lang));
        }
        self.removing = Some(unit.name.clone());
        Outcome::effect(Effect::PreviewRoster(RosterChange::RemoveUnit(
            unit.name.clone(),
        )))
    }

    /// After a reload: a name new on a list is selected; the rows stay within the lists.
    fn reloaded(&mut self, ctx: &Ctx) {
        let roster = &ctx.plan.roster;
        if let Some(i) = roster
            .people
            .iter()
            .position(|p| !self.people_seen.contains(&p.name))
        {
            self.person = i;
            self.list = List::People;
        }
        if let Some(i) = roster
            .units
            .iter()
            .position(|u| !self.units_seen.contains(&u.name))
        {
            self.unit = i;
            self.list = List::Units;
        }
        self.person = self.person.min(roster.people.len().saturating_sub(1));
        self.unit = self.unit.min(roster.units.len().saturating_sub(1));
        self.people_seen = roster.people.iter().map(|p| p.name.clone()).collect();
        self.units_seen = roster.units.iter().map(|u| u.name.clone()).collect();
    }
}

impl Screen for RosterScreen {
    fn keys(&self) -> &'static [Binding] {
        ROSTER_KEYS
    }

    fn update(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        match action {
            Action::MoveUp
            | Action::MoveDown
            | Action::PageUp
            | Action::PageDown
            | Action::Home
            | Action::End => self.go(&action, ctx),
            Action::SwitchList => {
                self.list = match self.list {
                    List::People => List::Units,
                    List::Units => List::People,
                }
            }
            Action::AddPerson => return self.add_person(ctx),
            Action::AddUnit => return Outcome::push(Form::new_unit("", ctx.lang)),
            Action::EditEntry => return self.edit(ctx),
            Action::RemoveEntry => return self.remove(ctx),
            Action::Previewed(summary) => {
                if let Some(name) = self.removing.take() {
                    let commit = Effect::CommitRoster(RosterChange::RemoveUnit(name));
                    return Outcome::push(ConfirmScreen::commit(summary, commit));
                }
            }
            Action::Cancel => return Outcome::pop(),
            _ => {}
        }
        Outcome::none()
    }

    fn notify(&mut self, notice: &Notice, ctx: &Ctx) -> Option<Effect> {
        if let Notice::Reloaded = notice {
            self.reloaded(ctx);
        }
        None
    }

    fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        self.draw(area, buf, ctx);
    }
}

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
    let mut out = wrap(text, cols);
    if out.len() > rows {
        out.truncate(rows);
        if let Some(last) = out.last_mut() {
            *last = clip(&format!("{last}…"), cols);
        }
    }
    out
}

/// The widths of `constraints` laid out in `area` inside its borders, one column apart.
fn column_widths(area: Rect, constraints: &[Constraint]) -> Vec<usize> {
    let inner = Rect {
        width: area.width.saturating_sub(2),
        ..area
    };
    Layout::horizontal(constraints.to_vec())
        .spacing(1)
        .split(inner)
        .iter()
        .map(|r| r.width as usize)
        .collect()
}

impl RosterScreen {
    fn draw(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let [lists, detail] =
            Layout::vertical([Constraint::Min(5), Constraint::Length(5)]).areas(area);
        // Narrow terminals give the units just their name, kind and uses.
        let split = if area.width >= 110 {
            [Constraint::Percentage(55), Constraint::Percentage(45)]
        } else {
            [Constraint::Fill(1), Constraint::Length(28)]
        };
        let [people, units] = Layout::horizontal(split).areas(lists);
        self.draw_people(people, buf, ctx);
        self.draw_units(units, buf, ctx);
        self.draw_detail(detail, buf, ctx);
    }

    fn block(&self, list: List, title: String) -> Block<'static> {
        let block = Block::bordered().title(clean(&title));
        if self.list == list {
            block.border_style(Style::default().fg(Color::Cyan))
        } else {
            block
        }
    }

    fn table_state(&self, list: List) -> (TableState, Style) {
        let (at, focused) = match list {
            List::People => (self.person, self.list == List::People),
            List::Units => (self.unit, self.list == List::Units),
        };
        let style = if focused {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        };
        (TableState::default().with_selected(Some(at)), style)
    }

    fn draw_people(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let lang = ctx.lang;
        let people = &ctx.plan.roster.people;
        let title = match lang {
            Lang::Zh => format!(" 名册 · 人员（{}） ", people.len()),
            Lang::En => format!(" Roster · people ({}) ", people.len()),
        };
        let block = self.block(List::People, title);
        if people.is_empty() {
            let text = lang.pick(
                "名册中还没有人员。按 a 新增（姓名、所属单位、职务、电话）。",
                "Nobody in the roster yet. a adds a person (name, unit, post, phone).",
            );
            let inner = block.inner(area);
            block.render(area, buf);
            let lines: Vec<Line> = wrap(text, inner.width as usize)
                .into_iter()
                .map(|l| Line::styled(l, Style::default().fg(Color::DarkGray)))
                .collect();
            Paragraph::new(lines).render(inner, buf);
            return;
        }
        let widths = [
            Constraint::Length(8),
            Constraint::Length(12),
            Constraint::Fill(1),
            Constraint::Length(13),
        ];
        let cols = column_widths(area, &widths);
        let header = [
            lang.pick("姓名", "Name"),
            lang.pick("所属单位", "Unit"),
            lang.pick("职务", "Post"),
            lang.pick("电话", "Phone"),
        ];
        let rows = people.iter().map(|p| {
            let cells = [
                p.name.as_str(),
                p.unit.as_str(),
                p.role.as_deref().unwrap_or(""),
                p.phone.as_deref().unwrap_or(""),
            ];
            Row::new(
                cells
                    .iter()
                    .zip(&cols)
                    .map(|(t, &w)| Cell::from(clip(&clean(t), w))),
            )
        });
        self.draw_table(area, buf, List::People, block, &header, &cols, widths, rows);
    }

    fn draw_units(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let lang = ctx.lang;
        let units = &ctx.plan.roster.units;
        let title = match lang {
            Lang::Zh => format!(" 单位（{}） ", units.len()),
            Lang::En => format!(" Units ({}) ", units.len()),
        };
        let block = self.block(List::Units, title);
        // The full name gets a column when the pane has room for it.
        let full = area.width >= 50;
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
        let cols = column_widths(area, &widths);
        let rows = units.iter().map(|u| {
            let mut cells = vec![
                u.name.clone(),
                kind_short(u.kind, lang).to_string(),
                unit_references(&ctx.plan, &u.name).len().to_string(),
            ];
            if full {
                cells.push(u.full_name.clone().unwrap_or_default());
            }
            Row::new(
                cells
                    .iter()
                    .zip(&cols)
                    .map(|(t, &w)| Cell::from(clip(&clean(t), w))),
            )
        });
        self.draw_table(area, buf, List::Units, block, &header, &cols, widths, rows);
    }

    #[allow(clippy::too_many_arguments)]
    fn draw_table<'a>(
        &self,
        area: Rect,
        buf: &mut Buffer,
        list: List,
        block: Block<'a>,
        header: &[&str],
        cols: &[usize],
        widths: impl IntoIterator<Item = Constraint>,
        rows: impl IntoIterator<Item = Row<'a>>,
    ) {
        let header = Row::new(header.iter().zip(cols).map(|(h, &w)| clip(h, w)))
            .style(Style::default().add_modifier(Modifier::BOLD));
        let (mut state, highlight) = self.table_state(list);
        let table = Table::new(rows, widths)
            .header(header)
            .column_spacing(1)
            .row_highlight_style(highlight)
            .block(block);
        StatefulWidget::render(table, area, buf, &mut state);
    }

    /// The selected entry in full: a person's unit, post, phone and duties, or a unit's full
    /// name, kind and references.
    fn draw_detail(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let lang = ctx.lang;
        let cols = area.width.saturating_sub(2) as usize;
        let dim = Style::default().fg(Color::DarkGray);
        let none = lang.pick("无", "none");
        let (title, lines): (String, Vec<Line>) = match self.list {
            List::People => {
                let Some(p) = self.selected_person(ctx) else {
                    let text = lang.pick(
                        "a 新增人员 · Tab 切换到单位列表",
                        "a adds a person · Tab switches to the units",
                    );
                    Paragraph::new(Line::styled(clip(text, cols), dim))
                        .block(Block::bordered())
                        .render(area, buf);
                    return;
                };
                let facts = match lang {
                    Lang::Zh => format!(
                        "所属单位 {} · 职务 {} · 电话 {}",
                        p.unit,
                        p.role.as_deref().unwrap_or(none),
                        p.phone.as_deref().unwrap_or(none)
                    ),
                    Lang::En => format!(
                        "unit {} · post {} · phone {}",
                        p.unit,
                        p.role.as_deref().unwrap_or(none),
                        p.phone.as_deref().unwrap_or(none)
                    ),
                };
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
                    Lang::En => {
                        format!("owner of {} · liaison of {}", list(&owner), list(&liaison))
                    }
                };
                let mut lines: Vec<Line> = rows_of(&clean(&facts), cols, 1)
                    .into_iter()
                    .map(Line::raw)
                    .collect();
                lines.extend(rows_of(&clean(&duties), cols, 2).into_iter().map(Line::raw));
                (format!(" {} ", p.name), lines)
            }
            List::Units => {
                let Some(u) = self.selected_unit(ctx) else {
                    Block::bordered().render(area, buf);
                    return;
                };
                let refs = unit_references(&ctx.plan, &u.name);
                let facts = format!(
                    "{}{}",
                    u.full_name
                        .as_deref()
                        .map(|f| format!("{f} · "))
                        .unwrap_or_default(),
                    crate::tui::forms::unit::kind_label(u.kind, lang)
                );
                let mut lines: Vec<Line> = rows_of(&clean(&facts), cols, 1)
                    .into_iter()
                    .map(Line::raw)
                    .collect();
                if refs.is_empty() {
                    lines.push(Line::styled(
                        lang.pick(
                            "未被引用：按 x 可从名册删除",
                            "not referenced: x removes it from the roster",
                        ),
                        dim,
                    ));
                } else {
                    let listed = refs
                        .iter()
                        .map(|r| r.describe(lang))
                        .collect::<Vec<_>>()
                        .join(lang.pick("、", ", "));
                    let text = match lang {
                        Lang::Zh => format!("被引用{}处：{listed}", refs.len()),
                        Lang::En => format!("referenced {} times: {listed}", refs.len()),
                    };
                    lines.extend(rows_of(&clean(&text), cols, 2).into_iter().map(Line::raw));
                }
                (format!(" {} ", u.name), lines)
            }
        };
        Paragraph::new(lines)
            .block(Block::bordered().title(clean(&title)))
            .render(area, buf);
    }
}

/// The refusal to remove a unit still referenced: the store's words and every reference.
#[derive(Debug, Clone)]
pub struct RefusedScreen {
    /// The refusal, line by line (the first says why, the others name a reference each).
    pub lines: Vec<String>,
    /// The first reference shown.
    pub scroll: usize,
}

impl RefusedScreen {
    /// The refusal to remove `name`, referenced by `refs`.
    pub fn new(name: &str, refs: &[UnitRef], lang: Lang) -> RefusedScreen {
        let refusal = Error::from(Rejection::UnitReferenced {
            name: name.to_string(),
            zh: refs.iter().map(|r| r.describe(Lang::Zh)).collect(),
            en: refs.iter().map(|r| r.describe(Lang::En)).collect(),
        });
        RefusedScreen {
            lines: refusal
                .for_tui(lang)
                .lines()
                .map(|l| clean(l.trim_end()))
                .collect(),
            scroll: 0,
        }
    }
}

impl Screen for RefusedScreen {
    fn keys(&self) -> &'static [Binding] {
        REFUSED_KEYS
    }

    fn overlay(&self) -> bool {
        true
    }

    fn update(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        if matches!(action, Action::Cancel) {
            return Outcome::pop();
        }
        // The references shown: the popup's rows less its borders, the sentence, a blank
        // line and the keys (the view cuts the same way).
        let shown = ctx.page.saturating_sub(6);
        let refs = self.lines.len().saturating_sub(1);
        super::scroll(&mut self.scroll, &action, shown, refs);
        Outcome::none()
    }

    fn lines(&self, _ctx: &Ctx) -> usize {
        self.lines.len()
    }

    fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let lang = ctx.lang;
        let popup_w = area.width.saturating_sub(8).min(90);
        let cols = popup_w.saturating_sub(2) as usize;
        let (why, refs) = self
            .lines
            .split_first()
            .map_or((&[][..], &[][..]), |(w, r)| (std::slice::from_ref(w), r));
        let mut lines: Vec<Line> = why
            .iter()
            .flat_map(|w| wrap(w, cols))
            .map(|l| {
                Line::from(Span::styled(
                    l,
                    Style::default().add_modifier(Modifier::BOLD),
                ))
            })
            .collect();
        lines.push(Line::raw(""));
        // As tall as the references need, within the screen.
        let height = (lines.len() + refs.len() + 3) as u16;
        let popup = centered(area, popup_w, height.min(area.height.saturating_sub(2)));
        crate::tui::widgets::clear(popup, buf);
        // The references scroll below the sentence; the keys stay at the bottom.
        let room = (popup.height as usize).saturating_sub(2 + lines.len() + 1);
        let from = self.scroll.min(refs.len().saturating_sub(room));
        let more = refs.len() > from + room;
        for r in refs.iter().skip(from).take(room) {
            lines.push(Line::raw(clip(r, cols)));
        }
        while lines.len() < (popup.height as usize).saturating_sub(3) {
            lines.push(Line::raw(""));
        }
        let keys = if more || from > 0 {
            lang.pick("↑↓ 翻看引用   Esc 返回", "↑↓ scroll   Esc back")
        } else {
            lang.pick("Esc 返回", "Esc back")
        };
        lines.push(Line::styled(keys, Style::default().fg(Color::DarkGray)));
        let title = lang.pick(" 不能删除 ", " Not removed ");
        Paragraph::new(lines)
            .block(
                Block::bordered()
                    .title(title)
                    .border_style(Style::default().fg(Color::Red)),
            )
            .render(popup, buf);
    }
}

/// The roster screen.
pub const ROSTER_KEYS: &[Binding] = &[
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
    more(
        &[Key::plain(KeyCode::PageUp), Key::ctrl('b')],
        Action::PageUp,
        "上一页",
        "page up",
    ),
    more(
        &[Key::plain(KeyCode::PageDown), Key::ctrl('f')],
        Action::PageDown,
        "下一页",
        "page down",
    ),
    more(
        &[Key::plain(KeyCode::Home), Key::ch('g')],
        Action::Home,
        "到顶",
        "top",
    ),
    more(
        &[Key::plain(KeyCode::End), Key::ch('G')],
        Action::End,
        "到底",
        "bottom",
    ),
    bind(
        &[
            Key::plain(KeyCode::Tab),
            Key::plain(KeyCode::BackTab),
            Key::plain(KeyCode::Left),
            Key::plain(KeyCode::Right),
            Key::ch('h'),
            Key::ch('l'),
        ],
        Action::SwitchList,
        "人员/单位",
        "lists",
    ),
    bind(&[Key::ch('a')], Action::AddPerson, "新增人员", "add person"),
    bind(&[Key::ch('n')], Action::AddUnit, "新增单位", "add unit"),
    bind(
        &[Key::ch('e'), Key::plain(KeyCode::Enter)],
        Action::EditEntry,
        "修改/更名",
        "edit/rename",
    ),
    bind(
        &[Key::ch('x'), Key::plain(KeyCode::Delete)],
        Action::RemoveEntry,
        "删除单位",
        "remove unit",
    ),
    bind(
        &[Key::plain(KeyCode::Esc), Key::ch('q'), Key::ch('P')],
        Action::Cancel,
        "返回",
        "back",
    ),
    bind(&[Key::ch('?')], Action::ToggleHelp, "帮助", "help"),
];

/// The refusal to remove a unit.
pub const REFUSED_KEYS: &[Binding] = &[
    more(
        &[Key::ch('k'), Key::plain(KeyCode::Up)],
        Action::MoveUp,
        "上翻",
        "scroll up",
    ),
    more(
        &[Key::ch('j'), Key::plain(KeyCode::Down)],
        Action::MoveDown,
        "下翻",
        "scroll down",
    ),
    more(
        &[Key::plain(KeyCode::PageUp), Key::ctrl('b')],
        Action::PageUp,
        "上一页",
        "page up",
    ),
    more(
        &[Key::plain(KeyCode::PageDown), Key::ctrl('f')],
        Action::PageDown,
        "下一页",
        "page down",
    ),
    bind(
        &[
            Key::plain(KeyCode::Esc),
            Key::plain(KeyCode::Enter),
            Key::ch('q'),
        ],
        Action::Cancel,
        "返回名册",
        "back to the roster",
    ),
];

/// The roster screen in the help.
pub const SECTION: Section = Section {
    zh: "名册（P）",
    en: "Roster (P)",
    keys: ROSTER_KEYS,
};

/// The refusal to remove a unit in the help.
pub const REFUSED_SECTION: Section = Section {
    zh: "删除单位被拒（列出引用）",
    en: "Unit not removed (its references)",
    keys: REFUSED_KEYS,
};
