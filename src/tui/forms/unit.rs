//! The unit forms (名册): a new unit with its kind and full name, or a unit renamed here and
//! everywhere it is referenced.

use super::field::{Field, Input, Inputs, Pick};
use super::{Form, Spec, Submission};
use crate::model::{Lang, Unit, UnitKind};
use crate::store::roster::{RosterChange, unit_references};
use crate::tui::action::Effect;
use crate::tui::ctx::Ctx;

/// The fields of a new unit.
const NEW: [Field; 3] = [Field::UnitName, Field::UnitKind, Field::FullName];
/// The field of a renamed unit.
const RENAME: [Field; 1] = [Field::UnitName];

/// A unit of the roster, new or renamed.
#[derive(Debug, Clone)]
pub struct UnitForm {
    /// The unit renamed; `None` for a new one.
    pub renaming: Option<String>,
}

/// How a unit's kind reads.
pub fn kind_label(kind: UnitKind, lang: Lang) -> &'static str {
    match kind {
        UnitKind::City => lang.pick("市级单位", "city department"),
        UnitKind::County => lang.pick("县（市、区）", "county"),
    }
}

impl Form {
    /// A new unit named `name` (may be empty), a city department unless changed.
    pub fn new_unit(name: &str, lang: Lang) -> Form {
        let kinds = [UnitKind::City, UnitKind::County]
            .into_iter()
            .map(|k| (Pick::Kind(k), kind_label(k, lang).to_string()))
            .collect();
        let inputs = Inputs(vec![
            Input::text(Field::UnitName, name),
            Input::choice(Field::UnitKind, kinds, Pick::Kind(UnitKind::City)),
            Input::text(Field::FullName, ""),
        ]);
        let focus = if name.trim().is_empty() {
            Field::UnitName
        } else {
            Field::UnitKind
        };
        Form::new(UnitForm { renaming: None }, inputs, focus)
    }

    /// A new name for `unit`.
    pub fn rename_unit(unit: &Unit) -> Form {
        let inputs = Inputs(vec![Input::text(Field::UnitName, unit.name.clone())]);
        let spec = UnitForm {
            renaming: Some(unit.name.clone()),
        };
        Form::new(spec, inputs, Field::UnitName)
    }
}

impl UnitForm {
    /// The change the form describes, or a message about what is missing.
    pub fn change(&self, inputs: &Inputs, lang: Lang) -> Result<RosterChange, String> {
        let Some(name) = inputs.some(Field::UnitName) else {
            return Err(lang.pick("请填写单位名称", "the unit name is empty").into());
        };
        Ok(match &self.renaming {
            Some(old) => RosterChange::RenameUnit {
                old: old.clone(),
                new: name,
            },
            None => RosterChange::AddUnit(Unit {
                name,
                kind: match inputs.pick(Field::UnitKind) {
                    Pick::Kind(k) => k,
                    _ => UnitKind::City,
                },
                full_name: inputs.some(Field::FullName),
            }),
        })
    }
}

impl Spec for UnitForm {
    fn title(&self, ctx: &Ctx) -> String {
        let lang = ctx.lang;
        match &self.renaming {
            Some(old) => {
                let refs = unit_references(&ctx.plan, old).len();
                match lang {
                    Lang::Zh => format!(" 名册 单位更名 {old}（{refs}处引用） "),
                    Lang::En => format!(" Roster: rename {old} ({refs} references) "),
                }
            }
            None => lang.pick(" 名册 新增单位 ", " Roster: new unit ").into(),
        }
    }

    fn fields(&self, _inputs: &Inputs) -> Vec<Field> {
        match self.renaming {
            Some(_) => RENAME.to_vec(),
            None => NEW.to_vec(),
        }
    }

    fn hint(&self, _inputs: &Inputs, lang: Lang) -> Option<&'static str> {
        Some(match self.renaming {
            Some(_) => lang.pick(
                "新名称会一并改到所有引用处，一次提交",
                "the new name replaces the old wherever it is used, in one commit",
            ),
            None => lang.pick(
                "单位类别用 ◂▸ 选择；全称可不填（名称为简称时填写）",
                "◂▸ picks the kind; the full name is optional (for a short name)",
            ),
        })
    }

    fn submit(&self, inputs: &Inputs, ctx: &Ctx) -> Result<Submission, String> {
        let change = self.change(inputs, ctx.lang)?;
        Ok(Submission {
            preview: Effect::PreviewRoster(change.clone()),
            commit: Effect::CommitRoster(change),
        })
    }
}
