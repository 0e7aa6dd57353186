//! Roster writes: add a unit, rename one everywhere it is referenced, remove an unused one; add
//! a person or change one's unit, post and phone. Each is one commit with a Chinese summary
//! (`名册 新增单位 市财政局`); each can be previewed first (the same checks, nothing written).

use serde::Serialize;

use super::Reports;
use super::error::{Field, Rejection, clean};
use super::git::{FileChange, Identity};
use super::history::FieldChange;
use super::write::{Prepared, Scope, check_person, check_unit, field_changes, put};
use super::{Outcome, Result, Store, layout};
use crate::model::{Id, Lang, Person, Plan, Roster, Unit, UnitKind};

/// One change of the roster; each is one commit.
#[derive(Debug, Clone, PartialEq)]
pub enum RosterChange {
    /// A new person (责任人 or 联络员) of a unit of the roster.
    AddPerson(Person),
    /// A person's unit, post and phone, given in full (the name says who).
    EditPerson(Person),
    AddUnit(Unit),
    /// A unit renamed here and everywhere it is referenced.
    RenameUnit {
        old: String,
        new: String,
    },
    /// A unit no longer referenced anywhere.
    RemoveUnit(String),
}

/// One place a unit name is used: the object, its file and the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitRef {
    /// The referencing object (`A8-07`, `I14`, `M2026-11`, a person's name).
    pub object: String,
    pub path: String,
    /// The field: `lead_unit`, `co_units`, `attendees` or `unit` (a person's unit).
    pub field: &'static str,
}

impl UnitRef {
    /// `A8-07 牵头单位`.
    pub fn describe(&self, lang: Lang) -> String {
        let field = match (self.field, lang) {
            ("lead_unit", Lang::Zh) => "牵头单位",
            ("co_units", Lang::Zh) => "配合单位",
            ("attendees", Lang::Zh) => "参会单位",
            ("unit", Lang::Zh) => "所属单位",
            (f, _) => f,
        };
        format!("{} {field}", self.object)
    }
}

/// A refusal in both languages; the front end picks one.
/// Every reference to unit `name` in `plan`, in a stable order (roster people, actions,
/// measures, indicators, meetings, items, landmarks).
pub fn unit_references(plan: &Plan, name: &str) -> Vec<UnitRef> {
    let mut out = Vec::new();
    let mut push = |object: String, path: String, field: &'static str| {
        out.push(UnitRef {
            object,
            path,
            field,
        })
    };
    for p in &plan.roster.people {
        if p.unit == name {
            push(p.name.clone(), layout::UNITS.into(), "unit");
        }
    }
    let mut lead_co = |id: &Id, path: String, lead: &str, co: &[String]| {
        if lead == name {
            push(id.to_string(), path.clone(), "lead_unit");
        }
        if co.iter().any(|u| u == name) {
            push(id.to_string(), path, "co_units");
        }
    };
    for a in &plan.actions {
        lead_co(&a.id, layout::action(&a.id), &a.lead_unit, &a.co_units);
    }
    for m in &plan.measures {
        lead_co(&m.id, layout::measure(&m.id), &m.lead_unit, &m.co_units);
    }
    for i in &plan.indicators {
        lead_co(&i.id, layout::indicator(&i.id), &i.lead_unit, &[]);
    }
    for it in &plan.items {
        lead_co(
            &it.id,
            layout::item(&it.id, &it.meeting),
            &it.lead_unit,
            &it.co_units,
        );
    }
    for l in &plan.landmarks {
        lead_co(&l.id, layout::landmark(&l.id, l.year), &l.lead_unit, &[]);
    }
    for mt in &plan.meetings {
        if mt.attendees.iter().any(|u| u == name) {
            out.push(UnitRef {
                object: mt.id.to_string(),
                path: layout::meeting(&mt.id, mt.kind),
                field: "attendees",
            });
        }
    }
    out
}

pub(super) fn units_id() -> Id {
    Id::parse("units").expect("a valid id")
}

fn clean_name(field: Field, name: &str) -> Result<String> {
    let name = super::error::clean(field, name)?;
    let name = name.trim().to_string();
    if name.is_empty() || name.contains('\n') {
        return Err(Rejection::NotOneLine { field }.into());
    }
    Ok(name)
}

fn rename_in(list: &mut [String], old: &str, new: &str) {
    for u in list.iter_mut() {
        if u == old {
            *u = new.to_string();
        }
    }
}

/// The roster file's write: `new` replacing `old`, summarised as `summary`.
fn roster_write(old: &Roster, new: &Roster, summary: String, body: &str) -> Result<Prepared> {
    let changes = field_changes(units_id().as_str(), Scope::Object, Some(old), Some(new));
    let file = put(layout::UNITS.into(), new)?;
    Ok(Prepared::new(
        vec![file],
        summary,
        body,
        changes,
        Vec::new(),
    ))
}

/// Adds the write of one renamed object (`old` → `new`) to a rename's files and changes.
fn push_renamed<T: Serialize>(
    files: &mut Vec<FileChange>,
    changes: &mut Vec<FieldChange>,
    id: &Id,
    path: String,
    (old, new): (&T, &T),
) -> Result<()> {
    changes.extend(field_changes(
        id.as_str(),
        Scope::Object,
        Some(old),
        Some(new),
    ));
    files.push(put(path, new)?);
    Ok(())
}

impl Store {
    fn plan_for_roster(&self) -> Result<Plan> {
        self.load_valid(Reports::All)
    }

    /// The commit summary [`Store::change_roster`] would write, after the same checks (`None`:
    /// nothing would change); nothing is written.
    pub fn preview_roster(&self, change: &RosterChange) -> Result<Option<String>> {
        Ok(self.prepare_roster(change)?.map(|p| p.summary))
    }

    /// Makes one change of the roster: one commit.
    pub fn change_roster(&self, change: &RosterChange, author: &Identity) -> Result<Outcome> {
        self.write(author, || self.prepare_roster(change))
    }

    fn prepare_roster(&self, change: &RosterChange) -> Result<Option<Prepared>> {
        match change {
            RosterChange::AddPerson(p) => self.prepare_add_person(p),
            RosterChange::EditPerson(p) => self.prepare_edit_person(p),
            RosterChange::AddUnit(u) => self.prepare_add_unit(u),
            RosterChange::RenameUnit { old, new } => self.prepare_rename(old, new),
            RosterChange::RemoveUnit(name) => self.prepare_remove_unit(name),
        }
    }

    /// Adds a unit to the roster: one commit `名册 新增单位 NAME`.
    pub fn add_unit(&self, unit: Unit, author: &Identity) -> Result<Outcome> {
        self.change_roster(&RosterChange::AddUnit(unit), author)
    }

    fn prepare_add_unit(&self, unit: &Unit) -> Result<Option<Prepared>> {
        self.ensure_clean(layout::UNITS)?;
        let plan = self.plan_for_roster()?;
        let name = clean_name(Field::RosterUnit, &unit.name)?;
        let full_name = unit
            .full_name
            .as_deref()
            .map(|f| clean_name(Field::FullName, f))
            .transpose()?;
        if let Some(u) = plan.roster.units.iter().find(|u| u.name == name) {
            if u.kind == unit.kind && (full_name.is_none() || u.full_name == full_name) {
                return Ok(None);
            }
            return Err(Rejection::UnitExists { name }.into());
        }
        let mut roster = plan.roster.clone();
        // City units before the counties, as the bundled roster lists them.
        let at = match unit.kind {
            UnitKind::City => roster
                .units
                .iter()
                .position(|u| u.kind == UnitKind::County)
                .unwrap_or(roster.units.len()),
            UnitKind::County => roster.units.len(),
        };
        roster.units.insert(
            at,
            Unit {
                name: name.clone(),
                kind: unit.kind,
                full_name,
            },
        );
        let summary = format!("名册 新增单位 {name}");
        roster_write(&plan.roster, &roster, summary, "").map(Some)
    }

    /// Renames unit `old` to `new` in the roster and everywhere it is referenced (lead and
    /// co-units of actions, measures, indicators, items and landmarks, meeting attendees,
    /// people): one commit `名册 单位更名 OLD→NEW`.
    pub fn rename_unit(&self, old: &str, new: &str, author: &Identity) -> Result<Outcome> {
        self.write(author, || self.prepare_rename(old, new))
    }

    fn prepare_rename(&self, old: &str, new: &str) -> Result<Option<Prepared>> {
        let plan = self.plan_for_roster()?;
        let new = clean_name(Field::RosterUnit, new)?;
        check_unit(&plan.roster, Field::RosterUnit, old)?;
        if old == new {
            return Ok(None);
        }
        if plan.roster.has_unit(&new) {
            return Err(Rejection::UnitNameTaken {
                old: old.to_string(),
                new,
            }
            .into());
        }
        let refs = unit_references(&plan, old);
        let mut paths: Vec<String> = refs.iter().map(|r| r.path.clone()).collect();
        paths.push(layout::UNITS.into());
        paths.sort();
        paths.dedup();
        for p in &paths {
            self.ensure_clean(p)?;
        }
        let mut files = Vec::new();
        let mut changes: Vec<FieldChange> = Vec::new();
        let mut roster = plan.roster.clone();
        for u in &mut roster.units {
            if u.name == old {
                u.name = new.clone();
            }
        }
        for p in &mut roster.people {
            if p.unit == old {
                p.unit = new.clone();
            }
        }
        let (f, c) = (&mut files, &mut changes);
        push_renamed(
            f,
            c,
            &units_id(),
            layout::UNITS.into(),
            (&plan.roster, &roster),
        )?;
        let touched = |path: &str| refs.iter().any(|r| r.path == path);
        let lead = |unit: &mut String| {
            if unit == old {
                *unit = new.clone();
            }
        };
        for a in &plan.actions {
            let path = layout::action(&a.id);
            if touched(&path) {
                let mut n = a.clone();
                lead(&mut n.lead_unit);
                rename_in(&mut n.co_units, old, &new);
                push_renamed(f, c, &a.id, path, (a, &n))?;
            }
        }
        for m in &plan.measures {
            let path = layout::measure(&m.id);
            if touched(&path) {
                let mut n = m.clone();
                lead(&mut n.lead_unit);
                rename_in(&mut n.co_units, old, &new);
                push_renamed(f, c, &m.id, path, (m, &n))?;
            }
        }
        for i in &plan.indicators {
            let path = layout::indicator(&i.id);
            if touched(&path) {
                let mut n = i.clone();
                n.lead_unit = new.clone();
                push_renamed(f, c, &i.id, path, (i, &n))?;
            }
        }
        for it in &plan.items {
            let path = layout::item(&it.id, &it.meeting);
            if touched(&path) {
                let mut n = it.clone();
                lead(&mut n.lead_unit);
                rename_in(&mut n.co_units, old, &new);
                push_renamed(f, c, &it.id, path, (it, &n))?;
            }
        }
        for l in &plan.landmarks {
            let path = layout::landmark(&l.id, l.year);
            if touched(&path) {
                let mut n = l.clone();
                n.lead_unit = new.clone();
                push_renamed(f, c, &l.id, path, (l, &n))?;
            }
        }
        for mt in &plan.meetings {
            let path = layout::meeting(&mt.id, mt.kind);
            if touched(&path) {
                let mut n = mt.clone();
                rename_in(&mut n.attendees, old, &new);
                push_renamed(f, c, &mt.id, path, (mt, &n))?;
            }
        }
        let summary = if refs.is_empty() {
            format!("名册 单位更名 {old}→{new}")
        } else {
            format!("名册 单位更名 {old}→{new}（{}处引用）", refs.len())
        };
        let body = refs
            .iter()
            .map(|r| r.describe(Lang::Zh))
            .collect::<Vec<_>>()
            .join("\n");
        Ok(Some(Prepared::new(
            files,
            summary,
            &body,
            changes,
            Vec::new(),
        )))
    }

    /// Removes unit `name` from the roster: one commit `名册 删除单位 NAME`; refused while
    /// anything references it, listing the references.
    pub fn remove_unit(&self, name: &str, author: &Identity) -> Result<Outcome> {
        self.change_roster(&RosterChange::RemoveUnit(name.to_string()), author)
    }

    fn prepare_remove_unit(&self, name: &str) -> Result<Option<Prepared>> {
        self.ensure_clean(layout::UNITS)?;
        let plan = self.plan_for_roster()?;
        check_unit(&plan.roster, Field::RosterUnit, name)?;
        let refs = unit_references(&plan, name);
        if !refs.is_empty() {
            return Err(Rejection::UnitReferenced {
                name: name.to_string(),
                zh: refs.iter().map(|r| r.describe(Lang::Zh)).collect(),
                en: refs.iter().map(|r| r.describe(Lang::En)).collect(),
            }
            .into());
        }
        let mut roster = plan.roster.clone();
        roster.units.retain(|u| u.name != name);
        let summary = format!("名册 删除单位 {name}");
        roster_write(&plan.roster, &roster, summary, "").map(Some)
    }

    /// Adds a person (责任人 or 联络员) to the roster: one commit `名册 新增 NAME（UNIT）`.
    pub fn add_person(&self, person: Person, author: &Identity) -> Result<Outcome> {
        self.change_roster(&RosterChange::AddPerson(person), author)
    }

    /// Sets a person's unit, post and phone: one commit `名册 修改 NAME（单位、电话）`.
    pub fn edit_person(&self, person: Person, author: &Identity) -> Result<Outcome> {
        self.change_roster(&RosterChange::EditPerson(person), author)
    }

    fn prepare_add_person(&self, person: &Person) -> Result<Option<Prepared>> {
        self.ensure_clean(layout::UNITS)?;
        let old = self.roster()?;
        let name = clean(Field::Name, &person.name)?;
        if name.trim().is_empty() {
            return Err(Rejection::Empty { field: Field::Name }.into());
        }
        check_unit(&old, Field::Unit, &person.unit)?;
        if old.has_person(&name) {
            return Ok(None);
        }
        let role = person
            .role
            .as_deref()
            .map(|r| clean(Field::Role, r))
            .transpose()?;
        let phone = person
            .phone
            .as_deref()
            .map(|r| clean(Field::Phone, r))
            .transpose()?
            .filter(|p| !p.trim().is_empty());
        let mut roster = old.clone();
        roster.people.push(Person {
            name: name.clone(),
            unit: person.unit.clone(),
            role,
            phone,
        });
        let summary = format!("名册 新增 {name}（{}）", person.unit);
        roster_write(&old, &roster, summary, "").map(Some)
    }

    fn prepare_edit_person(&self, person: &Person) -> Result<Option<Prepared>> {
        self.ensure_clean(layout::UNITS)?;
        let old = self.roster()?;
        let Some(at) = old.people.iter().position(|p| p.name == person.name) else {
            return check_person(&old, Field::Name, &person.name).map(|()| None);
        };
        check_unit(&old, Field::Unit, &person.unit)?;
        let optional = |field: Field, text: Option<&str>| -> Result<Option<String>> {
            Ok(text
                .map(|t| clean(field, t))
                .transpose()?
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty()))
        };
        let new = Person {
            name: person.name.clone(),
            unit: person.unit.clone(),
            role: optional(Field::Role, person.role.as_deref())?,
            phone: optional(Field::Phone, person.phone.as_deref())?,
        };
        let was = &old.people[at];
        let changed: Vec<&str> = [
            (was.unit != new.unit, "单位"),
            (was.role != new.role, "职务"),
            (was.phone != new.phone, "电话"),
        ]
        .into_iter()
        .filter_map(|(c, word)| c.then_some(word))
        .collect();
        if changed.is_empty() {
            return Ok(None);
        }
        let summary = format!("名册 修改 {}（{}）", new.name, changed.join("、"));
        let mut roster = old.clone();
        roster.people[at] = new;
        roster_write(&old, &roster, summary, "").map(Some)
    }
}
