//! The office's paperwork: the 督办台账 as a workbook (out and back in), the 催办 list, and
//! Word documents (minutes, the quarterly report, the ledger, the one-page brief).
//!
//! The row data (`ledger`, `remind`, `brief`) is pure: built from a loaded [`Plan`]. The file
//! formats (`ledger_xlsx`, `import`, `docx`) turn that data into bytes or read it back; import
//! commits through the store's own write operations.

pub mod brief;
pub mod docx;
pub mod import;
pub mod ledger;
pub mod ledger_xlsx;
pub mod remind;

use crate::model::{Lang, Light, Person, Plan};

/// The lights a unit can report in a returned ledger (not the computed-only states).
pub fn reportable_lights() -> Vec<Light> {
    Light::ALL
        .into_iter()
        .filter(|l| matches!(l, Light::Green | Light::Blue | Light::Yellow | Light::Red))
        .collect()
}

/// The statuses a unit can report: 销号 (closing) is the taskforce's decision, with an approver.
pub fn reportable_statuses() -> Vec<crate::model::Status> {
    crate::model::Status::ALL
        .into_iter()
        .filter(|s| *s != crate::model::Status::Closed)
        .collect()
}

/// `绿灯` / `green`: a light as a word in a sentence or a cell.
pub fn light_word(light: Light, lang: Lang) -> String {
    match lang {
        Lang::Zh if reportable_lights().contains(&light) => format!("{}灯", light.label(lang)),
        _ => light.label(lang).to_string(),
    }
}

/// A person of the roster by name.
pub fn person<'a>(plan: &'a Plan, name: Option<&str>) -> Option<&'a Person> {
    let name = name?;
    plan.roster.people.iter().find(|p| p.name == name)
}

/// `刘洋（就业处处长，0577-88001234）`: a name with the post and phone the roster has.
pub fn person_text(plan: &Plan, name: Option<&str>, lang: Lang) -> String {
    let Some(name) = name else {
        return String::new();
    };
    let Some(p) = person(plan, Some(name)) else {
        return name.to_string();
    };
    let extra: Vec<&str> = [p.role.as_deref(), p.phone.as_deref()]
        .into_iter()
        .flatten()
        .filter(|s| !s.trim().is_empty())
        .collect();
    if extra.is_empty() {
        name.to_string()
    } else {
        match lang {
            Lang::Zh => format!("{name}（{}）", extra.join("，")),
            Lang::En => format!("{name} ({})", extra.join(", ")),
        }
    }
}

/// Units in roster order that lead at least one of `names`, then any not in the roster.
pub fn units_in_order<'a>(plan: &Plan, names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut present: Vec<&str> = names.collect();
    present.sort_unstable();
    present.dedup();
    let mut out: Vec<String> = plan
        .roster
        .units
        .iter()
        .filter(|u| present.binary_search(&u.name.as_str()).is_ok())
        .map(|u| u.name.clone())
        .collect();
    for n in present {
        if !out.iter().any(|o| o == n) {
            out.push(n.to_string());
        }
    }
    out
}
