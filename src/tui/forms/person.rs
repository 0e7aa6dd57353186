//! The person form (名册): a new person with unit, post and phone, or a person's unit, post and
//! phone changed. And the offer a form makes when it names someone (or a unit) the roster
//! lacks: add them there, then go back to the form with its input kept.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::field::{Field, Input, Inputs, list_entries};
use super::{Form, Spec, Submission};
use crate::model::{Lang, Person, Roster};
use crate::store::roster::RosterChange;
use crate::tui::action::{Action, Effect};
use crate::tui::component::{Outcome, Screen};
use crate::tui::ctx::Ctx;
use crate::tui::keys::{Binding, Key, Section, bind};
use crate::tui::widgets::{centered, clean, wrap_lines};

/// The fields of a new person.
const NEW: [Field; 4] = [Field::Name, Field::Unit, Field::Post, Field::Phone];
/// The fields of a person changed (the name says who).
const EDIT: [Field; 3] = [Field::Unit, Field::Post, Field::Phone];

/// A person of the roster, new or changed.
#[derive(Debug, Clone)]
pub struct PersonForm {
    /// The person changed; `None` for a new one.
    pub editing: Option<String>,
}

impl Form {
    /// A new person named `name` (may be empty) of `unit` (may be empty).
    pub fn new_person(name: &str, unit: &str) -> Form {
        let inputs = Inputs(vec![
            Input::text(Field::Name, name),
            Input::text(Field::Unit, unit),
            Input::text(Field::Post, ""),
            Input::text(Field::Phone, ""),
        ]);
        let focus = if name.trim().is_empty() {
            Field::Name
        } else {
            Field::Unit
        };
        Form::new(PersonForm { editing: None }, inputs, focus)
    }

    /// A change of `person`'s unit, post and phone, filled with what the roster holds.
    pub fn edit_person(person: &Person) -> Form {
        let inputs = Inputs(vec![
            Input::text(Field::Unit, person.unit.clone()),
            Input::text(Field::Post, person.role.clone().unwrap_or_default()),
            Input::text(Field::Phone, person.phone.clone().unwrap_or_default()),
        ]);
        let spec = PersonForm {
            editing: Some(person.name.clone()),
        };
        Form::new(spec, inputs, Field::Unit)
    }
}

impl PersonForm {
    /// The person the form describes, or a message about what is missing.
    pub fn person(&self, inputs: &Inputs, lang: Lang) -> Result<Person, String> {
        let Some(name) = self.editing.clone().or_else(|| inputs.some(Field::Name)) else {
            return Err(lang.pick("请填写姓名", "the name is empty").into());
        };
        let Some(unit) = inputs.some(Field::Unit) else {
            return Err(lang
                .pick("请选择所属单位（◂▸）", "choose the unit (◂▸)")
                .into());
        };
        Ok(Person {
            name,
            unit,
            role: inputs.some(Field::Post),
            phone: inputs.some(Field::Phone),
        })
    }
}

impl Spec for PersonForm {
    fn title(&self, ctx: &Ctx) -> String {
        let lang = ctx.lang;
        match &self.editing {
            Some(name) => match lang {
                Lang::Zh => format!(" 名册 修改 {name} "),
                Lang::En => format!(" Roster: change {name} "),
            },
            None => lang.pick(" 名册 新增人员 ", " Roster: new person ").into(),
        }
    }

    fn fields(&self, _inputs: &Inputs) -> Vec<Field> {
        match self.editing {
            Some(_) => EDIT.to_vec(),
            None => NEW.to_vec(),
        }
    }

    fn hint(&self, _inputs: &Inputs, lang: Lang) -> Option<&'static str> {
        Some(lang.pick(
            "所属单位用 ◂▸ 从名册中选；职务和电话可不填，电话显示在催办名单中",
            "◂▸ picks the unit from the roster; post and phone are optional (the phone shows in the reminders)",
        ))
    }

    fn submit(&self, inputs: &Inputs, ctx: &Ctx) -> Result<Submission, String> {
        let person = self.person(inputs, ctx.lang)?;
        let change = match self.editing {
            Some(_) => RosterChange::EditPerson(person),
            None => RosterChange::AddPerson(person),
        };
        Ok(Submission {
            preview: Effect::PreviewRoster(change.clone()),
            commit: Effect::CommitRoster(change),
        })
    }
}

/// A name a form holds that the roster lacks, where the store takes only names of the roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    /// A person (责任人, 联络员).
    Person { field: Field, name: String },
    /// A unit (牵头单位, 配合单位, 参会单位, a person's unit).
    Unit { field: Field, name: String },
}

/// The first name among `fields` that `roster` lacks.
pub fn missing(fields: &[Field], inputs: &Inputs, roster: &Roster) -> Option<Missing> {
    for &field in fields {
        let units = match field {
            Field::Owner | Field::Liaison => {
                if let Some(name) = inputs.some(field)
                    && !roster.has_person(&name)
                {
                    return Some(Missing::Person { field, name });
                }
                continue;
            }
            Field::Lead | Field::Unit => inputs.some(field).into_iter().collect(),
            // A pick list holds roster units only (its filter text is not an entry).
            Field::CoUnits | Field::Attendees => match inputs.picks(field) {
                Some(p) => p.picked.clone(),
                None => list_entries(inputs.text(field)),
            },
            _ => continue,
        };
        if let Some(name) = units.into_iter().find(|u| !roster.has_unit(u)) {
            return Some(Missing::Unit { field, name });
        }
    }
    None
}

/// The offer to add a missing name, when a form holds one; a new person starts in the form's
/// lead unit (a 责任人 is an official of the lead unit).
pub fn offer(fields: &[Field], inputs: &Inputs, ctx: &Ctx) -> Option<OfferScreen> {
    // While the plan reloads (after a name was just added from this form, say) the roster on
    // screen may be behind the repository: the store's preview decides instead.
    if ctx.loading.is_some() {
        return None;
    }
    let roster = &ctx.plan.roster;
    let missing = missing(fields, inputs, roster)?;
    let unit = inputs
        .some(Field::Lead)
        .filter(|u| roster.has_unit(u))
        .unwrap_or_default();
    Some(OfferScreen { missing, unit })
}

/// Asks whether to add a name the form holds to the roster; `y` opens the person (or unit)
/// form in its place, and its commit returns to the form.
#[derive(Debug, Clone)]
pub struct OfferScreen {
    pub missing: Missing,
    /// The unit a new person starts in (may be empty).
    pub unit: String,
}

impl Screen for OfferScreen {
    fn keys(&self) -> &'static [Binding] {
        OFFER_KEYS
    }

    fn overlay(&self) -> bool {
        true
    }

    fn update(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        match action {
            Action::Confirm => Outcome::replace(match &self.missing {
                Missing::Person { name, .. } => Form::new_person(name, &self.unit),
                Missing::Unit { name, .. } => Form::new_unit(name, ctx.lang),
            }),
            Action::Cancel => Outcome::pop(),
            _ => Outcome::none(),
        }
    }

    fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let lang = ctx.lang;
        let (question, then) = match &self.missing {
            Missing::Person { field, name } => (
                match lang {
                    Lang::Zh => format!("{} {name} 不在名册中。", field.label(lang)),
                    Lang::En => format!("{} {name} is not in the roster.", field.label(lang)),
                },
                lang.pick(
                    "新增此人（填写所属单位、职务、电话）后回到本表单，已填内容保留。",
                    "Add the person (unit, post, phone), then go back to this form with its input kept.",
                ),
            ),
            Missing::Unit { field, name } => (
                match lang {
                    Lang::Zh => format!("{} {name} 不在名册中。", field.label(lang)),
                    Lang::En => format!("{} {name} is not a unit of the roster.", field.label(lang)),
                },
                lang.pick(
                    "新增此单位后回到本表单，已填内容保留。",
                    "Add the unit, then go back to this form with its input kept.",
                ),
            ),
        };
        let lines = vec![
            Line::from(Span::styled(
                clean(&question),
                Style::default().add_modifier(Modifier::BOLD),
            )),
            Line::raw(then),
            Line::raw(""),
            Line::raw(lang.pick(
                "y 新增到名册   n 返回表单",
                "y add to the roster   n back to the form",
            )),
        ];
        let width = area.width.saturating_sub(8).min(90);
        let lines = wrap_lines(lines, width.saturating_sub(2));
        let popup = centered(area, width, lines.len() as u16 + 2);
        crate::tui::widgets::clear(popup, buf);
        Paragraph::new(lines)
            .block(
                Block::bordered()
                    .title(lang.pick(" 不在名册中 ", " Not in the roster "))
                    .border_style(Style::default().fg(Color::Yellow)),
            )
            .render(popup, buf);
    }
}

/// The offer to add a missing name.
pub const OFFER_KEYS: &[Binding] = &[
    bind(
        &[Key::ch('y'), Key::plain(KeyCode::Enter)],
        Action::Confirm,
        "新增到名册",
        "add to the roster",
    ),
    bind(
        &[Key::ch('n'), Key::plain(KeyCode::Esc)],
        Action::Cancel,
        "返回表单",
        "back to the form",
    ),
];

/// The offer in the help.
pub const OFFER_SECTION: Section = Section {
    zh: "表单中的新人员或新单位",
    en: "A name the roster lacks, in a form",
    keys: OFFER_KEYS,
};
