//! The roster screen (名册): the people (name, unit, post, phone) and the units, side by side.
//! A person is added or changed, a unit added, renamed or removed, each through a form (or a
//! confirmation) and one commit. Removing a unit still referenced is refused with every
//! reference listed, before anything is sent to the store.

mod refused;
mod view;

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;

pub use refused::RefusedScreen;

use super::confirm::ConfirmScreen;
use super::{Notice, Outcome, Screen};
use crate::model::{Person, Unit};
use crate::store::roster::{RosterChange, unit_references};
use crate::tui::action::{Action, Effect};
use crate::tui::ctx::Ctx;
use crate::tui::forms::Form;
use crate::tui::keys::{Binding, Key, Section, bind, more};

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
        // A removal waits for its own preview only; any other action forgets it.
        let removing = self.removing.take();
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
                if let Some(name) = removing {
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
