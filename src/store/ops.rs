//! Write operations: each is read → write → one commit, under the writer lock.

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;

use super::codec::{clean_text, to_canonical};
use super::git::{FileChange, Identity};
use super::history::{FieldChange, change_trailers, diff_fields, message};
use super::{Error, Result, Store, layout};
use crate::model::{
    Assessment, Cycle, Id, Lang, Light, Measure, MeetingDay, Period, Report, Roster, SCHEMA,
    Status, assess, report_kind_label,
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
    /// The measure's light before and after, when the write can change it.
    light: Option<LightPreview>,
}

/// The light a write gives a measure: before, after (with its reasons), and the light the
/// unit reported, so a front end can show both when the computed one differs.
#[derive(Debug, Clone, PartialEq)]
pub struct LightPreview {
    pub reported: Option<Light>,
    pub before: Light,
    pub after: Assessment,
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

    /// Every report of `id` in the work tree and the meetings held: the inputs of its light
    /// besides the measure itself.
    pub(super) fn light_inputs(&self, id: &Id) -> Result<(Vec<Report>, Vec<MeetingDay>)> {
        let mut reports = Vec::new();
        for cycle in Cycle::ALL {
            let dir = self.root.join(layout::cycle_dir(cycle));
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in entries.filter_map(std::result::Result::ok) {
                let Ok(period) = Period::parse(&e.file_name().to_string_lossy()) else {
                    continue;
                };
                if period.cycle() == cycle
                    && let Some(r) = self.read_report(id, period)?
                {
                    reports.push(r);
                }
            }
        }
        let mut meetings = Vec::new();
        for kind in Cycle::ALL {
            let dir = format!("{}/{}", layout::MEETINGS, kind.key());
            let Ok(entries) = std::fs::read_dir(self.root.join(&dir)) else {
                continue;
            };
            for e in entries.filter_map(std::result::Result::ok) {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.ends_with(".ron")
                    && let Some(m) = self.read::<crate::model::Meeting>(&format!("{dir}/{name}"))?
                {
                    meetings.push(MeetingDay {
                        kind: m.kind,
                        date: m.time.date(),
                    });
                }
            }
        }
        Ok((reports, meetings))
    }

    /// The light of measure `id` on `today`, from the work tree.
    pub fn assess_measure(&self, id: &Id, today: NaiveDate) -> Result<Assessment> {
        let measure = self.measure_at(id)?;
        let (reports, meetings) = self.light_inputs(id)?;
        Ok(assess(
            &measure,
            &reports.iter().collect::<Vec<_>>(),
            &meetings,
            today,
        ))
    }

    /// The light a report edit would give (and the light the unit reports), without writing.
    pub fn preview_report_light(
        &self,
        id: &Id,
        period: Period,
        edit: &ReportEdit,
        author: &Identity,
        today: NaiveDate,
    ) -> Result<Option<LightPreview>> {
        Ok(self
            .prepare_report(id, period, edit, author, today)?
            .and_then(|p| p.light))
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

        let (before_reports, meetings) = self.light_inputs(id)?;
        let before = assess(
            &measure,
            &before_reports.iter().collect::<Vec<_>>(),
            &meetings,
            today,
        );
        let old_measure = measure.clone();
        if let Some(s) = edit.status {
            measure.status = s;
        }
        let mut after_reports: Vec<Report> = before_reports
            .into_iter()
            .filter(|r| r.period != period)
            .collect();
        after_reports.push(report.clone());
        let after = assess(
            &measure,
            &after_reports.iter().collect::<Vec<_>>(),
            &meetings,
            today,
        );
        let preview = LightPreview {
            reported: report.light,
            before: before.light,
            after,
        };
        let (before, after) = (preview.before, preview.after.light);
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
        let kind = report_kind_label(period.cycle(), Lang::Zh);
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
        trailers.push(("Light".into(), format!("{}→{}", before.key(), after.key())));
        let message = message(&summary, &body, &trailers);
        Ok(Some(Prepared {
            files,
            message,
            summary,
            changes,
            light: Some(preview),
        }))
    }

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
        let mut lock = self.lock()?;
        let Some(p) = self.prepare_measure(id, edit, today)? else {
            return Ok(Outcome::Unchanged);
        };
        self.record(
            &mut lock, &p.files, &p.message, p.summary, p.changes, author,
        )
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

    /// The light a measure edit would give, without writing.
    pub fn preview_measure_light(
        &self,
        id: &Id,
        edit: &MeasureEdit,
        today: NaiveDate,
    ) -> Result<Option<LightPreview>> {
        Ok(self
            .prepare_measure(id, edit, today)?
            .and_then(|p| p.light))
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
        let (reports, meetings) = self.light_inputs(id)?;
        let reports: Vec<&Report> = reports.iter().collect();
        let before = assess(&old, &reports, &meetings, today).light;
        let after = assess(&measure, &reports, &meetings, today);
        let mut summary = format!("调整 {id} {}", parts.join("，"));
        let mut trailers = change_trailers(&changes);
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
        let message = message(&summary, &body, &trailers);
        let files = vec![FileChange {
            path,
            bytes: Some(to_bytes(&measure)?),
        }];
        Ok(Some(Prepared {
            files,
            message,
            summary,
            changes,
            light: Some(LightPreview {
                reported: None,
                before,
                after,
            }),
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
        let old = roster.clone();
        roster.people.push(crate::model::Person {
            name: name.clone(),
            unit: person.unit.clone(),
            role,
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
