//! Measure edits (举措): deadline, owner, lead unit, status and 销号, start, cadence, liaison,
//! milestones and co-units. One commit each, saying when the light changes.

use chrono::NaiveDate;
use serde_json::Value;

use super::error::{Field, Limit, MilestoneAction, Purpose, Rejection, clean};
use super::git::Identity;
use super::history::FieldChange;
use super::labels::{cadence_label, describe_changes, field_label, show_value};
use super::write::LightPreview;
use super::write::{Outcome, Prepared, Scope, check_person, check_unit, field_changes, put};
use super::{Result, Store, layout};
use crate::model::{Cycle, Id, Lang, Measure, Report, Status, assess};

/// Fields of a measure to set; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct MeasureEdit {
    pub deadline: Option<NaiveDate>,
    pub owner: Option<String>,
    pub lead_unit: Option<String>,
    pub status: Option<Status>,
    /// `Some(Some(o))` overrides the computed light (the reason is required), `Some(None)`
    /// removes an override.
    pub light_override: Option<Option<crate::model::LightOverride>>,
    pub start: Option<NaiveDate>,
    /// 报送频次.
    pub cadence: Option<Cycle>,
    /// 联络员: a person of the roster.
    pub liaison: Option<String>,
    /// Milestones to add (due date, what).
    pub add_milestones: Vec<(NaiveDate, String)>,
    /// Milestones to mark done: (due date, done on).
    pub done_milestones: Vec<(NaiveDate, NaiveDate)>,
    /// Milestones to remove, by due date.
    pub remove_milestones: Vec<NaiveDate>,
    /// Co-units (配合单位) to add and to remove.
    pub add_co: Vec<String>,
    pub remove_co: Vec<String>,
    /// 销号: who approved the closure, on what basis, on which day; required with
    /// `status: Closed`.
    pub approved_by: Option<String>,
    pub basis: Option<String>,
    pub closed_on: Option<NaiveDate>,
}

impl Store {
    /// Changes the measure itself (deadline, owner, lead unit, status): one commit.
    /// `today` is the day of the commit: the summary and the `Light:` trailer say when the
    /// edit changes the measure's light as of that day (a deadline moved into the past).
    pub fn set_measure(
        &self,
        id: &Id,
        edit: &MeasureEdit,
        author: &Identity,
        today: NaiveDate,
    ) -> Result<Outcome> {
        self.write(author, || self.prepare_measure(id, edit, today))
    }

    /// The summary line `set_measure` would commit, without writing anything; `None` when
    /// nothing would change.
    pub fn preview_measure(
        &self,
        id: &Id,
        edit: &MeasureEdit,
        today: NaiveDate,
    ) -> Result<Option<String>> {
        Ok(self.prepare_measure(id, edit, today)?.map(|p| p.summary))
    }

    /// The summary line a measure edit would commit and the light it would give, without
    /// writing; `None` when nothing would change.
    pub fn preview_measure_light(
        &self,
        id: &Id,
        edit: &MeasureEdit,
        today: NaiveDate,
    ) -> Result<Option<(String, Option<LightPreview>)>> {
        Ok(self
            .prepare_measure(id, edit, today)?
            .map(|p| (p.summary, p.light)))
    }

    /// The file and commit message of a measure edit; `None` when nothing would change.
    fn prepare_measure(
        &self,
        id: &Id,
        edit: &MeasureEdit,
        today: NaiveDate,
    ) -> Result<Option<Prepared>> {
        let path = layout::measure(id);
        let mut measure = self.measure_at(id)?;
        self.ensure_clean(&path)?;
        let roster = self.roster()?;
        if let Some(owner) = &edit.owner {
            check_person(&roster, Field::Owner, owner)?;
        }
        if let Some(unit) = &edit.lead_unit {
            check_unit(&roster, Field::Lead, unit)?;
        }
        if let Some(d) = edit.deadline
            && d < edit.start.unwrap_or(measure.start)
        {
            return Err(Rejection::DateBefore {
                field: Field::Deadline,
                date: d,
                limit: edit.start.unwrap_or(measure.start),
                of: Limit::Start,
            }
            .into());
        }
        if let Some(d) = edit.start
            && d > edit.deadline.unwrap_or(measure.deadline)
        {
            let deadline = edit.deadline.unwrap_or(measure.deadline);
            return Err(Rejection::DateAfter {
                field: Field::Start,
                date: d,
                limit: deadline,
                of: Limit::Deadline,
            }
            .into());
        }
        if let Some(l) = &edit.liaison {
            check_person(&roster, Field::Liaison, l)?;
        }
        let lead_after = edit.lead_unit.as_deref().unwrap_or(&measure.lead_unit);
        for u in &edit.add_co {
            check_unit(&roster, Field::CoUnit, u)?;
            if u == lead_after {
                return Err(Rejection::CoUnitIsLead { unit: u.clone() }.into());
            }
        }
        for u in &edit.remove_co {
            if !measure.co_units.contains(u) {
                return Err(Rejection::NotACoUnit {
                    unit: u.clone(),
                    id: id.to_string(),
                    now: measure.co_units.clone(),
                }
                .into());
            }
        }
        let light_override = match &edit.light_override {
            Some(Some(o)) => {
                let reason = clean(Field::Reason, &o.reason)?;
                if reason.trim().is_empty() {
                    return Err(Rejection::Required {
                        field: Field::Reason,
                        purpose: Purpose::Override,
                    }
                    .into());
                }
                Some(Some(crate::model::LightOverride {
                    reason,
                    ..o.clone()
                }))
            }
            other => other.clone(),
        };
        let old = measure.clone();
        if let Some(o) = light_override {
            // Re-setting the same light and reason is not a change, whatever the date.
            let same = match (&o, &measure.light_override) {
                (Some(a), Some(b)) => a.light == b.light && a.reason == b.reason,
                (None, None) => true,
                _ => false,
            };
            if !same {
                measure.light_override = o;
            }
        }
        if let Some(d) = edit.deadline {
            measure.deadline = d;
        }
        if let Some(o) = &edit.owner {
            measure.owner = Some(o.clone());
        }
        if let Some(u) = &edit.lead_unit
            && *u != measure.lead_unit
        {
            measure.lead_unit = u.clone();
            measure.lead_source = crate::model::LeadSource::Assigned;
        }
        if let Some(s) = edit.status {
            measure.status = s;
        }
        self.apply_plan_fields(id, &mut measure, edit)?;
        close_measure(&old, &mut measure, edit)?;
        // A field a person set is no longer a default, even when set to the same value.
        use crate::model::Assumed;
        for (given, field) in [
            (edit.start.is_some(), Assumed::Start),
            (edit.deadline.is_some(), Assumed::Deadline),
            (edit.cadence.is_some(), Assumed::Cadence),
            (edit.status.is_some(), Assumed::Status),
        ] {
            if given {
                measure.confirm(field);
            }
        }
        let changes = field_changes(id.as_str(), Scope::Object, Some(&old), Some(&measure));
        if changes.is_empty() {
            return Ok(None);
        }
        let parts: Vec<String> = changes
            .iter()
            .filter(|c| !matches!(c.field.as_str(), "lead_source" | "assumed" | "closure"))
            .flat_map(|c| summary_parts(c, &old, &measure))
            .collect();
        let mut parts = parts;
        if let Some(c) = &measure.closure
            && old.closure.as_ref() != Some(c)
        {
            parts.push(format!(
                "销号（{}，依据：{}，{}）",
                c.approved_by,
                show_value(&Value::String(c.basis.clone())),
                c.date
            ));
        }
        if parts.is_empty() {
            // Only defaults were confirmed: say so.
            let confirmed: Vec<&str> = old
                .assumed
                .iter()
                .filter(|f| !measure.assumed.contains(f))
                .map(|f| f.label(Lang::Zh))
                .collect();
            parts.push(format!("确认{}（原为默认值）", confirmed.join("、")));
        }
        let (reports, meetings) = self.light_inputs(id)?;
        let reports: Vec<&Report> = reports.iter().collect();
        let before = assess(&old, &reports, &meetings, today).light;
        let after = assess(&measure, &reports, &meetings, today);
        let mut summary = format!("调整 {id} {}", parts.join("，"));
        let mut trailers = Vec::new();
        if before != after.light {
            // Whatever field it edits, a commit that changes the light on its own day says so.
            summary.push_str(&format!(
                "（{}→{}）",
                before.label(Lang::Zh),
                after.light.label(Lang::Zh)
            ));
            trailers.push((
                "Light".into(),
                format!("{}→{}", before.key(), after.light.key()),
            ));
        }
        let body = format!("{id} {}\n{}", measure.title, describe_changes(&changes));
        let mut p = Prepared::new(
            vec![put(path, &measure)?],
            summary,
            &body,
            changes,
            trailers,
        );
        p.light = Some(LightPreview {
            reported: None,
            before,
            after,
        });
        Ok(Some(p))
    }
}

/// The summary parts of one changed measure field: `完成时限 2027-12-31→2026-12-31`,
/// `节点 新增 2026-12-31 完成规划`, `配合单位 新增 市资规局`.
fn summary_parts(c: &FieldChange, old: &Measure, new: &Measure) -> Vec<String> {
    let label = field_label(&c.field, Lang::Zh);
    match c.field.as_str() {
        "milestones" => {
            let mut parts = Vec::new();
            for m in &new.milestones {
                match old.milestones.iter().find(|o| o.due == m.due) {
                    None => parts.push(format!("{label} 新增 {} {}", m.due, short_text(&m.what))),
                    Some(o) if o.done_on != m.done_on => match m.done_on {
                        Some(d) => parts.push(format!("{label} {} 已完成（{d}）", m.due)),
                        None => parts.push(format!("{label} {} 改为未完成", m.due)),
                    },
                    Some(o) if o.what != m.what => {
                        parts.push(format!("{label} {} 改为 {}", m.due, short_text(&m.what)))
                    }
                    Some(_) => {}
                }
            }
            for o in &old.milestones {
                if !new.milestones.iter().any(|m| m.due == o.due) {
                    parts.push(format!("{label} 删除 {} {}", o.due, short_text(&o.what)));
                }
            }
            parts
        }
        "co_units" => {
            let added: Vec<&str> = new
                .co_units
                .iter()
                .filter(|u| !old.co_units.contains(u))
                .map(String::as_str)
                .collect();
            let removed: Vec<&str> = old
                .co_units
                .iter()
                .filter(|u| !new.co_units.contains(u))
                .map(String::as_str)
                .collect();
            let mut parts = Vec::new();
            if !added.is_empty() {
                parts.push(format!("{label} 新增 {}", added.join("、")));
            }
            if !removed.is_empty() {
                parts.push(format!("{label} 删除 {}", removed.join("、")));
            }
            parts
        }
        "cadence" => vec![format!(
            "{label} {}→{}",
            cadence_label(old.cadence, Lang::Zh),
            cadence_label(new.cadence, Lang::Zh)
        )],
        _ => vec![format!(
            "{label} {}→{}",
            show_value(&c.from),
            show_value(&c.to)
        )],
    }
}

fn short_text(text: &str) -> String {
    show_value(&Value::String(text.to_string()))
}

/// Applies a status change's closure (销号): closing needs approver and basis (and a date,
/// default today as given by the front end); leaving 已销号 drops the closure.
fn close_measure(old: &Measure, measure: &mut Measure, edit: &MeasureEdit) -> Result<()> {
    let closing = measure.status == Status::Closed;
    if (edit.approved_by.is_some() || edit.basis.is_some()) && !closing {
        return Err(Rejection::OnlyWhenClosing.into());
    }
    if !closing {
        measure.closure = None;
        return Ok(());
    }
    let previous = old.closure.clone();
    let text = |field: Field, v: &Option<String>, prev: Option<String>| -> Result<String> {
        match v {
            Some(t) => Ok(clean(field, t).map(|t| t.trim().to_string())?),
            None => Ok(prev.unwrap_or_default()),
        }
    };
    let approved_by = text(
        Field::Approver,
        &edit.approved_by,
        previous.as_ref().map(|p| p.approved_by.clone()),
    )?;
    let basis = text(
        Field::Basis,
        &edit.basis,
        previous.as_ref().map(|p| p.basis.clone()),
    )?;
    for (value, field) in [(&approved_by, Field::Approver), (&basis, Field::Basis)] {
        if value.is_empty() {
            return Err(Rejection::Required {
                field,
                purpose: Purpose::Closing,
            }
            .into());
        }
    }
    let date = edit
        .closed_on
        .or(previous.as_ref().map(|p| p.date))
        .ok_or(Rejection::Required {
            field: Field::ClosedOn,
            purpose: Purpose::Closing,
        })?;
    if date < measure.start {
        return Err(Rejection::DateBefore {
            field: Field::ClosedOn,
            date,
            limit: measure.start,
            of: Limit::Start,
        }
        .into());
    }
    measure.closure = Some(crate::model::Closure {
        date,
        approved_by,
        basis,
    });
    Ok(())
}

impl Store {
    /// Applies start, cadence, liaison, milestones and co-units of `edit` to `measure`.
    fn apply_plan_fields(&self, id: &Id, measure: &mut Measure, edit: &MeasureEdit) -> Result<()> {
        if let Some(d) = edit.start {
            measure.start = d;
        }
        if let Some(c) = edit.cadence {
            measure.cadence = c;
        }
        if let Some(l) = &edit.liaison {
            measure.liaison = Some(l.clone());
        }
        for u in &edit.remove_co {
            measure.co_units.retain(|x| x != u);
        }
        for u in &edit.add_co {
            if !measure.co_units.contains(u) {
                measure.co_units.push(u.clone());
            }
        }
        let dates = |ms: &[crate::model::Milestone]| ms.iter().map(|m| m.due).collect::<Vec<_>>();
        for d in &edit.remove_milestones {
            if !measure.milestones.iter().any(|m| m.due == *d) {
                return Err(Rejection::NoMilestone {
                    id: id.to_string(),
                    due: *d,
                    known: dates(&measure.milestones),
                    action: MilestoneAction::Remove,
                }
                .into());
            }
            measure.milestones.retain(|m| m.due != *d);
        }
        for (due, what) in &edit.add_milestones {
            let what = clean(Field::Milestone, what)?.trim().to_string();
            if what.is_empty() {
                return Err(Rejection::Empty {
                    field: Field::Milestone,
                }
                .into());
            }
            if *due < measure.start || *due > measure.deadline {
                return Err(Rejection::MilestoneOutside {
                    id: id.to_string(),
                    due: *due,
                    start: measure.start,
                    deadline: measure.deadline,
                }
                .into());
            }
            if measure.milestones.iter().any(|m| m.due == *due) {
                return Err(Rejection::MilestoneTaken {
                    id: id.to_string(),
                    due: *due,
                }
                .into());
            }
            measure.milestones.push(crate::model::Milestone {
                due: *due,
                what,
                done_on: None,
            });
        }
        for (due, done) in &edit.done_milestones {
            let known = dates(&measure.milestones);
            let Some(m) = measure.milestones.iter_mut().find(|m| m.due == *due) else {
                return Err(Rejection::NoMilestone {
                    id: id.to_string(),
                    due: *due,
                    known,
                    action: MilestoneAction::MarkDone,
                }
                .into());
            };
            if *done < measure.start {
                return Err(Rejection::DateBefore {
                    field: Field::Milestone,
                    date: *done,
                    limit: measure.start,
                    of: Limit::Start,
                }
                .into());
            }
            if m.done_on.is_none() {
                m.done_on = Some(*done);
            }
        }
        measure.milestones.sort_by_key(|m| m.due);
        Ok(())
    }
}
