//! Write operations: each is read → write → one commit, under the writer lock.

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;

use super::codec::{clean_text, to_canonical};
use super::git::{FileChange, Identity};
use super::history::{FieldChange, change_trailers, diff_fields, message};
use super::{Error, Result, Store, layout};
use crate::model::{
    Cycle, Id, Lang, Light, Measure, Period, Report, Roster, SCHEMA, Status, assess,
    meeting_kind_label,
};

/// Fields of a cycle report to set; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ReportEdit {
    pub light: Option<Light>,
    pub status: Option<Status>,
    pub percent: Option<u8>,
    pub progress: Option<String>,
    pub problems: Option<String>,
    pub next_steps: Option<String>,
    pub asks: Option<String>,
}

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
}

/// A write ready to commit.
struct Prepared {
    files: Vec<FileChange>,
    message: String,
    summary: String,
    changes: Vec<FieldChange>,
    /// `green→yellow` when a report edit changes the computed light.
    light: Option<String>,
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

fn to_bytes<T: Serialize>(value: &T) -> Result<Vec<u8>> {
    to_canonical(value)
        .map(String::into_bytes)
        .map_err(|e| Error::Refused(format!("cannot serialize: {e}")))
}

fn changes_for<T: Serialize>(
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

/// Chinese label of a field for summaries.
pub fn field_label(field: &str, lang: Lang) -> &str {
    let zh = match field {
        "light" => "亮灯",
        "status" => "状态",
        "percent" => "完成比例",
        "progress" => "进展",
        "problems" => "问题",
        "next_steps" => "下一步",
        "asks" => "需协调",
        "deadline" => "完成时限",
        "owner" => "责任人",
        "lead_unit" => "牵头单位",
        "lead_source" => "牵头依据",
        "light_override" => "人工亮灯",
        _ => field,
    };
    lang.pick(zh, field)
}

impl Store {
    fn measure_at(&self, id: &Id) -> Result<Measure> {
        let path = layout::measure(id);
        self.read::<Measure>(&path)?
            .ok_or_else(|| Error::NotFound(id.clone()))
    }

    fn roster(&self) -> Result<Roster> {
        self.read::<Roster>(layout::UNITS)?
            .ok_or_else(|| Error::Refused("units.ron is missing".into()))
    }

    /// Reports of `id` in the periods around `today` (for the light before and after a change).
    fn recent_reports(&self, id: &Id, today: NaiveDate) -> Result<Vec<Report>> {
        let mut out = Vec::new();
        for cycle in Cycle::ALL {
            let p = cycle.period_of(today);
            for period in [p.previous().previous(), p.previous(), p] {
                if let Some(r) = self.read_report(id, period)? {
                    out.push(r);
                }
            }
        }
        Ok(out)
    }

    /// Records a cycle report for measure `id` (and its status, when given): one commit.
    pub fn set_report(
        &self,
        id: &Id,
        period: Period,
        edit: &ReportEdit,
        author: &Identity,
        today: NaiveDate,
    ) -> Result<Outcome> {
        let mut lock = self.lock()?;
        let Some(p) = self.prepare_report(id, period, edit, author, today)? else {
            return Ok(Outcome::Unchanged);
        };
        self.record(
            &mut lock, &p.files, &p.message, p.summary, p.changes, author,
        )
    }

    /// The summary line `set_report` would commit, without writing anything; `None` when
    /// nothing would change.
    pub fn preview_report(
        &self,
        id: &Id,
        period: Period,
        edit: &ReportEdit,
        author: &Identity,
        today: NaiveDate,
    ) -> Result<Option<String>> {
        Ok(self
            .prepare_report(id, period, edit, author, today)?
            .map(|p| p.summary))
    }

    /// The files and commit message of a report edit; `None` when nothing would change.
    fn prepare_report(
        &self,
        id: &Id,
        period: Period,
        edit: &ReportEdit,
        author: &Identity,
        today: NaiveDate,
    ) -> Result<Option<Prepared>> {
        let measure_path = layout::measure(id);
        let report_path = layout::report(id, period);
        let mut measure = self.measure_at(id)?;
        self.ensure_clean(&measure_path)?;
        self.ensure_clean(&report_path)?;
        if let Some(p) = edit.percent
            && p > 100
        {
            return Err(Error::BadValue(format!("--percent {p}: must be 0 to 100")));
        }
        let clean = |field: &str, v: &Option<String>| -> Result<Option<String>> {
            v.as_deref()
                .map(|t| clean_text(field, t).map_err(Error::BadValue))
                .transpose()
        };
        let old = self.read_report(id, period)?;
        let mut report = old.clone().unwrap_or_else(|| Report {
            schema: SCHEMA,
            item: id.clone(),
            period,
            light: None,
            status: None,
            percent: None,
            progress: String::new(),
            problems: String::new(),
            next_steps: String::new(),
            asks: String::new(),
            reported_by: author.name.clone(),
            reported_on: today,
        });
        if edit.light.is_some() {
            report.light = edit.light;
        }
        if edit.status.is_some() {
            report.status = edit.status;
        }
        if edit.percent.is_some() {
            report.percent = edit.percent;
        }
        for (target, value, field) in [
            (&mut report.progress, &edit.progress, "progress"),
            (&mut report.problems, &edit.problems, "problems"),
            (&mut report.next_steps, &edit.next_steps, "next_steps"),
            (&mut report.asks, &edit.asks, "asks"),
        ] {
            if let Some(v) = clean(field, value)? {
                *target = v;
            }
        }
        let mut changes = changes_for(id, Some(period), old.as_ref(), &report);
        if changes.is_empty() && old.is_some() && edit.status.is_none_or(|s| s == measure.status) {
            return Ok(None);
        }
        report.reported_by = author.name.clone();
        report.reported_on = today;

        let before_reports = self.recent_reports(id, today)?;
        let before = assess(&measure, &before_reports.iter().collect::<Vec<_>>(), today).light;
        let old_measure = measure.clone();
        if let Some(s) = edit.status {
            measure.status = s;
        }
        let mut after_reports: Vec<Report> = before_reports
            .into_iter()
            .filter(|r| r.period != period)
            .collect();
        after_reports.push(report.clone());
        let after = assess(&measure, &after_reports.iter().collect::<Vec<_>>(), today).light;
        changes.extend(changes_for(id, None, Some(&old_measure), &measure));

        let mut files = vec![FileChange {
            path: report_path,
            bytes: Some(to_bytes(&report)?),
        }];
        if measure != old_measure {
            files.push(FileChange {
                path: measure_path,
                bytes: Some(to_bytes(&measure)?),
            });
        }
        let kind = meeting_kind_label(period.cycle(), Lang::Zh);
        let tail = if before != after {
            format!("{}→{}", before.label(Lang::Zh), after.label(Lang::Zh))
        } else {
            let mut labels: Vec<&str> = Vec::new();
            for c in &changes {
                let l = field_label(&c.field, Lang::Zh);
                if !labels.contains(&l) {
                    labels.push(l);
                }
            }
            format!("{}（{}灯）", labels.join("、"), after.label(Lang::Zh))
        };
        let summary = format!("{kind} {period} {id} {tail}");
        let body = format!("{id} {}\n{}", measure.title, describe_changes(&changes));
        let mut trailers = change_trailers(&changes);
        let light = format!("{}→{}", before.key(), after.key());
        trailers.push(("Light".into(), light.clone()));
        let message = message(&summary, &body, &trailers);
        Ok(Some(Prepared {
            files,
            message,
            summary,
            changes,
            light: Some(light),
        }))
    }

    /// Records several cycle reports of one period as ONE commit (a returned ledger file).
    /// `summary` heads the message; each report's own summary line goes into the body and its
    /// changes into the trailers, followed by `extra` trailers (the unit, the file). Reports
    /// that would change nothing are left out; `Unchanged` when none would change.
    pub fn set_reports(
        &self,
        period: Period,
        edits: &[(Id, ReportEdit)],
        summary: &str,
        extra: &[(String, String)],
        author: &Identity,
        today: NaiveDate,
    ) -> Result<Outcome> {
        let mut lock = self.lock()?;
        let mut files = Vec::new();
        let mut changes = Vec::new();
        let mut lines = Vec::new();
        let mut lights = Vec::new();
        for (id, edit) in edits {
            if edits.iter().filter(|(other, _)| other == id).count() > 1 {
                return Err(Error::BadValue(format!(
                    "{id}: reported twice in one batch"
                )));
            }
            let Some(p) = self.prepare_report(id, period, edit, author, today)? else {
                continue;
            };
            files.extend(p.files);
            lines.push(p.summary);
            if let Some(light) = p.light {
                lights.push(("Light".to_string(), format!("{id} {light}")));
            }
            changes.extend(p.changes);
        }
        if files.is_empty() {
            return Ok(Outcome::Unchanged);
        }
        let mut trailers = change_trailers(&changes);
        trailers.extend(lights);
        trailers.extend(extra.iter().cloned());
        let msg = message(summary, &lines.join("\n"), &trailers);
        self.record(
            &mut lock,
            &files,
            &msg,
            summary.to_string(),
            changes,
            author,
        )
    }

    /// The summary line of each report `set_reports` would commit (`None`: no change).
    pub fn preview_reports(
        &self,
        period: Period,
        edits: &[(Id, ReportEdit)],
        author: &Identity,
        today: NaiveDate,
    ) -> Result<Vec<(Id, Option<String>)>> {
        edits
            .iter()
            .map(|(id, edit)| {
                Ok((
                    id.clone(),
                    self.prepare_report(id, period, edit, author, today)?
                        .map(|p| p.summary),
                ))
            })
            .collect()
    }

    /// Changes the measure itself (deadline, owner, lead unit, status): one commit.
    pub fn set_measure(&self, id: &Id, edit: &MeasureEdit, author: &Identity) -> Result<Outcome> {
        let mut lock = self.lock()?;
        let Some(p) = self.prepare_measure(id, edit)? else {
            return Ok(Outcome::Unchanged);
        };
        self.record(
            &mut lock, &p.files, &p.message, p.summary, p.changes, author,
        )
    }

    /// The summary line `set_measure` would commit, without writing anything; `None` when
    /// nothing would change.
    pub fn preview_measure(&self, id: &Id, edit: &MeasureEdit) -> Result<Option<String>> {
        Ok(self.prepare_measure(id, edit)?.map(|p| p.summary))
    }

    /// The file and commit message of a measure edit; `None` when nothing would change.
    fn prepare_measure(&self, id: &Id, edit: &MeasureEdit) -> Result<Option<Prepared>> {
        let path = layout::measure(id);
        let mut measure = self.measure_at(id)?;
        self.ensure_clean(&path)?;
        let roster = self.roster()?;
        if let Some(owner) = &edit.owner
            && !roster.has_person(owner)
        {
            return Err(Error::BadValue(format!(
                "--owner {owner}: not a person of the roster (units.ron); known: {}",
                if roster.people.is_empty() {
                    "none yet".to_string()
                } else {
                    roster
                        .people
                        .iter()
                        .map(|p| p.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            )));
        }
        if let Some(unit) = &edit.lead_unit
            && !roster.has_unit(unit)
        {
            return Err(Error::BadValue(format!(
                "--lead {unit}: not a unit of the roster (units.ron)"
            )));
        }
        if let Some(d) = edit.deadline
            && d < measure.start
        {
            return Err(Error::BadValue(format!(
                "--deadline {d}: before the measure's start {}",
                measure.start
            )));
        }
        let light_override = match &edit.light_override {
            Some(Some(o)) => {
                let reason = clean_text("--reason", &o.reason).map_err(Error::BadValue)?;
                if reason.trim().is_empty() {
                    return Err(Error::BadValue(
                        "--override needs --reason: say why the light differs from the computed one".into(),
                    ));
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
        let changes = changes_for(id, None, Some(&old), &measure);
        if changes.is_empty() {
            return Ok(None);
        }
        let parts: Vec<String> = changes
            .iter()
            .filter(|c| c.field != "lead_source")
            .map(|c| {
                format!(
                    "{} {}→{}",
                    field_label(&c.field, Lang::Zh),
                    show_value(&c.from),
                    show_value(&c.to)
                )
            })
            .collect();
        let summary = format!("调整 {id} {}", parts.join("，"));
        let body = format!("{id} {}\n{}", measure.title, describe_changes(&changes));
        let message = message(&summary, &body, &change_trailers(&changes));
        let files = vec![FileChange {
            path,
            bytes: Some(to_bytes(&measure)?),
        }];
        Ok(Some(Prepared {
            files,
            message,
            summary,
            changes,
            light: None,
        }))
    }
}

/// A value for a summary line: strings without quotes, `无` for none.
pub fn show_value(v: &Value) -> String {
    match v {
        Value::Null => "无".into(),
        Value::String(s) if s.is_empty() => "（空）".into(),
        Value::Object(o) if o.contains_key("light") && o.contains_key("reason") => {
            let light = o.get("light").map(show_value).unwrap_or_default();
            let reason = o.get("reason").and_then(Value::as_str).unwrap_or("");
            format!(
                "{light}（{}）",
                show_value(&Value::String(reason.to_string()))
            )
        }
        Value::String(s) if enum_label(s).is_some() => enum_label(s).unwrap_or_default().into(),
        Value::String(s) => {
            let s = s.replace('\n', " ");
            if s.chars().count() > 24 {
                format!("{}…", s.chars().take(24).collect::<String>())
            } else {
                s
            }
        }
        other => other.to_string(),
    }
}

fn describe_changes(changes: &[FieldChange]) -> String {
    changes
        .iter()
        .map(|c| {
            format!(
                "{}: {} → {}",
                field_label(&c.field, Lang::Zh),
                show_value(&c.from),
                show_value(&c.to)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn enum_label(name: &str) -> Option<&'static str> {
    Light::ALL
        .into_iter()
        .find(|l| format!("{l:?}") == name)
        .map(|l| l.label(Lang::Zh))
        .or_else(|| {
            Status::ALL
                .into_iter()
                .find(|s| format!("{s:?}") == name)
                .map(|s| s.label(Lang::Zh))
        })
}

impl Store {
    /// Adds a person (责任人 or 联络员) to the roster: one commit.
    pub fn add_person(&self, person: crate::model::Person, author: &Identity) -> Result<Outcome> {
        let mut lock = self.lock()?;
        self.ensure_clean(layout::UNITS)?;
        let mut roster = self.roster()?;
        let name = clean_text("name", &person.name).map_err(Error::BadValue)?;
        if name.trim().is_empty() {
            return Err(Error::BadValue("the person's name is empty".into()));
        }
        if !roster.has_unit(&person.unit) {
            return Err(Error::BadValue(format!(
                "--unit {}: not a unit of the roster (units.ron)",
                person.unit
            )));
        }
        if roster.has_person(&name) {
            return Ok(Outcome::Unchanged);
        }
        let role = person
            .role
            .as_deref()
            .map(|r| clean_text("role", r).map_err(Error::BadValue))
            .transpose()?;
        let phone = person
            .phone
            .as_deref()
            .map(|r| clean_text("phone", r).map_err(Error::BadValue))
            .transpose()?
            .filter(|p| !p.trim().is_empty());
        let old = roster.clone();
        roster.people.push(crate::model::Person {
            name: name.clone(),
            unit: person.unit.clone(),
            role,
            phone,
        });
        let changes = changes_for(
            &Id::parse("units").map_err(|e| Error::BadValue(e.to_string()))?,
            None,
            Some(&old),
            &roster,
        );
        let summary = format!("名册 新增 {name}（{}）", person.unit);
        let msg = message(&summary, "", &change_trailers(&changes));
        let files = [FileChange {
            path: layout::UNITS.into(),
            bytes: Some(to_bytes(&roster)?),
        }];
        self.record(&mut lock, &files, &msg, summary, changes, author)
    }
}
