//! Action items (议定事项): decisions recorded at an open meeting, and their updates and 销号.
//! One commit each.

use chrono::NaiveDate;

use super::error::clean;
use super::error::{Field, Limit, Purpose, Rejection};
use super::git::Identity;
use super::labels::item_field_label;
use super::write::{
    Outcome, Prepared, Scope, bad_id, check_unit, field_changes, meeting_trailer, put, short,
};
use super::{Error, Reports, Result, Store, layout};
use crate::meeting;
use crate::model::{ActionItem, Closure, Id, ItemStatus, Lang, SCHEMA};

/// A decision to record as an action item.
#[derive(Debug, Clone)]
pub struct Decision {
    pub meeting: Option<Id>,
    pub text: String,
    pub lead: String,
    pub co: Vec<String>,
    pub deadline: NaiveDate,
    pub measure: Option<Id>,
}

/// Changes to an action item; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ItemEdit {
    pub status: Option<ItemStatus>,
    pub feedback: Option<String>,
    pub deadline: Option<NaiveDate>,
    pub lead: Option<String>,
    /// 销号: who approved the closure, on what basis, on which day (default today).
    pub approved_by: Option<String>,
    pub basis: Option<String>,
    pub closed_on: Option<NaiveDate>,
}

impl Store {
    /// Checks a decision and builds its action item, path and commit message.
    fn prepare_decision(&self, d: &Decision) -> Result<Prepared<ActionItem>> {
        let plan = self.load_valid(Reports::All)?;
        let meeting = self.open_meeting(&plan, d.meeting.as_ref())?;
        let text = clean(Field::Decision, &d.text)?;
        if text.trim().is_empty() {
            return Err(Rejection::Empty {
                field: Field::Decision,
            }
            .into());
        }
        check_unit(&plan.roster, Field::Lead, &d.lead)?;
        let mut co = Vec::new();
        for u in &d.co {
            check_unit(&plan.roster, Field::CoUnit, u)?;
            if u != &d.lead && !co.contains(u) {
                co.push(u.clone());
            }
        }
        if let Some(m) = &d.measure
            && plan.measure(m).is_none()
        {
            return Err(Rejection::NoSuchMeasure {
                field: Field::Measure,
                id: m.to_string(),
            }
            .into());
        }
        if d.deadline < meeting.time.date() {
            return Err(Rejection::DateBefore {
                field: Field::Deadline,
                date: d.deadline,
                limit: meeting.time.date(),
                of: Limit::Meeting,
            }
            .into());
        }
        let number = plan
            .items
            .iter()
            .filter(|i| i.meeting == meeting.id)
            .map(|i| i.number)
            .max()
            .unwrap_or(0)
            + 1;
        let id = Id::parse(&format!("D{}-{number:02}", meeting.period)).map_err(bad_id)?;
        let item = ActionItem {
            schema: SCHEMA,
            id: id.clone(),
            meeting: meeting.id.clone(),
            number,
            text,
            lead_unit: d.lead.clone(),
            co_units: co,
            deadline: d.deadline,
            measure: d.measure.clone(),
            status: ItemStatus::Open,
            feedback: String::new(),
            closure: None,
        };
        let path = layout::item(&id, &meeting.id);
        self.ensure_clean(&path)?;
        let changes = field_changes(id.as_str(), Scope::Object, None, Some(&item));
        let summary = format!(
            "议定事项 {id}：{}（{}牵头，{}前）",
            short(&item.text),
            item.lead_unit,
            item.deadline
        );
        let extra = vec![meeting_trailer(&meeting.id)];
        let file = put(path, &item)?;
        Ok(Prepared::new(vec![file], summary, &item.text, changes, extra).with_value(item))
    }

    /// The commit summary `decide` would write, after the same checks; nothing is written.
    pub fn preview_decision(&self, d: &Decision) -> Result<String> {
        Ok(self.prepare_decision(d)?.summary)
    }

    /// Adds a numbered action item to the open meeting. One commit.
    pub fn decide(&self, d: &Decision, author: &Identity) -> Result<(Outcome, ActionItem)> {
        self.write_new(author, || self.prepare_decision(d))
    }

    /// Updates an action item (status, feedback, deadline, lead; 销号 with approver). One commit.
    pub fn set_item(
        &self,
        id: &Id,
        edit: &ItemEdit,
        author: &Identity,
        today: NaiveDate,
    ) -> Result<Outcome> {
        self.write(author, || self.prepare_item(id, edit, today))
    }

    /// The commit summary `set_item` would write, after the same checks; nothing is written.
    /// `None` when nothing would change.
    pub fn preview_item(
        &self,
        id: &Id,
        edit: &ItemEdit,
        today: NaiveDate,
    ) -> Result<Option<String>> {
        Ok(self.prepare_item(id, edit, today)?.map(|p| p.summary))
    }

    /// Checks an action item update and builds the item, path and commit message; `None` when
    /// nothing would change.
    fn prepare_item(&self, id: &Id, edit: &ItemEdit, today: NaiveDate) -> Result<Option<Prepared>> {
        let plan = self.load_valid(Reports::All)?;
        let old = plan
            .items
            .iter()
            .find(|i| &i.id == id)
            .cloned()
            .ok_or_else(|| Error::NotFound(id.clone()))?;
        let path = layout::item(id, &old.meeting);
        self.ensure_clean(&path)?;
        let mut item = old.clone();
        if let Some(f) = &edit.feedback {
            item.feedback = clean(Field::Feedback, f)?;
        }
        if let Some(d) = edit.deadline {
            item.deadline = d;
        }
        if let Some(u) = &edit.lead {
            check_unit(&plan.roster, Field::Lead, u)?;
            item.lead_unit = u.clone();
        }
        let closing = edit.status == Some(ItemStatus::Closed) && old.status != ItemStatus::Closed;
        let stays_closed =
            old.status == ItemStatus::Closed && edit.status.is_none_or(|s| s == ItemStatus::Closed);
        if (edit.approved_by.is_some() || edit.basis.is_some() || edit.closed_on.is_some())
            && !(closing || stays_closed)
        {
            return Err(Rejection::OnlyWhenClosing.into());
        }
        if let Some(s) = edit.status {
            item.status = s;
        }
        if item.status == ItemStatus::Closed {
            let previous = old.closure.clone();
            let approved_by = match (&edit.approved_by, &previous) {
                (Some(a), _) => clean(Field::Approver, a)?,
                (None, Some(p)) => p.approved_by.clone(),
                (None, None) => String::new(),
            };
            if approved_by.trim().is_empty() {
                return Err(Rejection::Required {
                    field: Field::Approver,
                    purpose: Purpose::Closing,
                }
                .into());
            }
            let basis = match (&edit.basis, &previous) {
                (Some(b), _) => clean(Field::Basis, b)?,
                (None, Some(p)) => p.basis.clone(),
                (None, None) => String::new(),
            };
            let date = edit
                .closed_on
                .or(previous.as_ref().map(|p| p.date))
                .unwrap_or(today);
            item.closure = Some(Closure {
                date,
                approved_by,
                basis,
            });
        } else {
            item.closure = None;
        }
        let changes = field_changes(id.as_str(), Scope::Object, Some(&old), Some(&item));
        if changes.is_empty() {
            return Ok(None);
        }
        let parts: Vec<String> = changes
            .iter()
            .filter(|c| c.field != "closure")
            .map(|c| {
                format!(
                    "{} {}→{}",
                    item_field_label(&c.field),
                    meeting::minutes::value_text(&c.from, Lang::Zh),
                    meeting::minutes::value_text(&c.to, Lang::Zh)
                )
            })
            .map(|s| short(&s))
            .collect();
        let summary = format!(
            "议定事项 {id} {}",
            if parts.is_empty() {
                "销号信息".to_string()
            } else {
                parts.join("，")
            }
        );
        let extra = vec![meeting_trailer(&old.meeting)];
        let file = put(path, &item)?;
        Ok(Some(Prepared::new(
            vec![file],
            summary,
            &item.text,
            changes,
            extra,
        )))
    }
}
