//! The shared write pipeline: what a write produced ([`Outcome`]), a checked write ready to
//! commit, and the helpers every kind of write uses (canonical bytes, field changes, checks).
//! Each write is lock → read → validate → write → one commit (`git::commit`).

use serde::Serialize;

use super::codec::to_canonical;
use super::error::{Field, Rejection};
use super::git::FileChange;
use super::history::{FieldChange, diff_fields};
use super::{Error, Result, Store, layout};
use crate::model::{Id, Measure, Period, Roster};

/// A new object checked and described, ready to commit.
pub(super) struct Prepared<T> {
    pub(super) file: FileChange,
    pub(super) value: T,
    pub(super) summary: String,
    pub(super) msg: String,
    pub(super) changes: Vec<FieldChange>,
}

/// What a write did.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// One commit was made.
    Committed {
        commit: String,
        summary: String,
        changes: Vec<FieldChange>,
        note: Option<String>,
    },
    /// Nothing differed, so nothing was committed.
    Unchanged,
}

pub(super) fn to_bytes<T: Serialize>(value: &T) -> Result<Vec<u8>> {
    to_canonical(value)
        .map(String::into_bytes)
        .map_err(|e| Error::Refused(format!("cannot serialize: {e}")))
}

pub(super) fn changes_for<T: Serialize>(
    id: &Id,
    report: Option<Period>,
    old: Option<&T>,
    new: &T,
) -> Vec<FieldChange> {
    diff_fields(old, Some(new))
        .into_iter()
        .filter(|(field, _, _)| {
            !(report.is_some()
                && matches!(
                    field.as_str(),
                    "item" | "period" | "reported_on" | "reported_by"
                ))
        })
        .map(|(field, from, to)| FieldChange {
            id: id.to_string(),
            cycle: report.map(|p| p.cycle().key().to_string()),
            period: report.map(|p| p.to_string()),
            field,
            from,
            to,
        })
        .collect()
}

pub(super) fn object_changes<T: Serialize>(
    id: &str,
    period: Option<Period>,
    old: Option<&T>,
    new: Option<&T>,
) -> Vec<FieldChange> {
    diff_fields(old, new)
        .into_iter()
        .map(|(field, from, to)| FieldChange {
            id: id.to_string(),
            cycle: None,
            period: period.map(|p| p.to_string()),
            field,
            from,
            to,
        })
        .collect()
}

pub(super) fn bad_id(e: crate::model::IdError) -> Error {
    Rejection::BadId {
        value: e.to_string(),
    }
    .into()
}

pub(super) fn clean(field: Field, text: &str) -> Result<String> {
    Ok(super::error::clean(field, text)?)
}

pub(super) fn check_unit(roster: &Roster, field: Field, unit: &str) -> Result<()> {
    if roster.has_unit(unit) {
        Ok(())
    } else {
        Err(Rejection::UnknownUnit {
            field,
            name: unit.to_string(),
        }
        .into())
    }
}

pub(super) fn short(text: &str) -> String {
    let one = text.replace('\n', " ");
    if one.chars().count() > 30 {
        format!("{}…", one.chars().take(30).collect::<String>())
    } else {
        one
    }
}

impl Store {
    pub(super) fn measure_at(&self, id: &Id) -> Result<Measure> {
        let path = layout::measure(id);
        self.read::<Measure>(&path)?
            .ok_or_else(|| Error::NotFound(id.clone()))
    }

    pub(super) fn roster(&self) -> Result<Roster> {
        self.read::<Roster>(layout::UNITS)?
            .ok_or_else(|| Error::Refused("units.ron is missing".into()))
    }
}
