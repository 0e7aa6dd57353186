//! Write operations: each is read → write → one commit, under the writer lock.

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;

use super::codec::to_canonical;
use super::error::{Field, Limit, MilestoneAction, Purpose, Rejection, clean};
use super::git::{FileChange, Identity};
use super::history::{FieldChange, change_trailers, diff_fields, message};
use super::roster::units_id;
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

/// The value of a 报送频次 as people say it.
pub fn cadence_label(c: Cycle, lang: Lang) -> &'static str {
    match (c, lang) {
        (Cycle::Weekly, Lang::Zh) => "每周",
        (Cycle::Monthly, Lang::Zh) => "每月",
        (Cycle::Quarterly, Lang::Zh) => "每季度",
        (Cycle::Weekly, Lang::En) => "weekly",
        (Cycle::Monthly, Lang::En) => "monthly",
        (Cycle::Quarterly, Lang::En) => "quarterly",
    }
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
        "start" => "开始日期",
        "cadence" => "报送频次",
        "liaison" => "联络员",
        "milestones" => "节点",
        "co_units" => "配合单位",
        "closure" => "销号",
        "assumed" => "默认值",
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
            // Never list a folder through a link (a pulled repository is not trusted).
            super::durable::check_inside(&self.root, &layout::cycle_dir(cycle), self.lang())?;
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
            super::durable::check_inside(&self.root, &dir, self.lang())?;
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

    /// The summary line a report edit would commit and the light it would give (beside the
    /// light the unit reports), without writing; `None` when nothing would change.
    pub fn preview_report_light(
        &self,
        id: &Id,
        period: Period,
        edit: &ReportEdit,
        author: &Identity,
        today: NaiveDate,
    ) -> Result<Option<(String, Option<LightPreview>)>> {
        Ok(self
            .prepare_report(id, period, edit, author, today)?
            .map(|p| (p.summary, p.light)))
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
            return Err(Rejection::OutOfRange {
                field: Field::Percent,
                value: i64::from(p),
                min: 0,
                max: Some(100),
            }
            .into());
        }
        if measure.status == Status::Closed && edit.status.is_some_and(|s| s != Status::Closed) {
            return Err(Rejection::ReportOnClosed.into());
        }
        if edit.status == Some(Status::Closed) && measure.status != Status::Closed {
            return Err(Rejection::ClosingInReport.into());
        }
        let clean = |field: Field, v: &Option<String>| -> Result<Option<String>> {
            Ok(v.as_deref().map(|t| clean(field, t)).transpose()?)
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
            (&mut report.progress, &edit.progress, Field::Progress),
            (&mut report.problems, &edit.problems, Field::Problems),
            (&mut report.next_steps, &edit.next_steps, Field::NextSteps),
            (&mut report.asks, &edit.asks, Field::Support),
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
            measure.confirm(crate::model::Assumed::Status);
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
            for c in changes.iter().filter(|c| c.field != "assumed") {
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
            light: Some(preview),
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
                return Err(Rejection::ReportedTwice { id: id.to_string() }.into());
            }
            let Some(p) = self.prepare_report(id, period, edit, author, today)? else {
                continue;
            };
            files.extend(p.files);
            lines.push(p.summary);
            if let Some(l) = &p.light
                && l.before != l.after.light
            {
                lights.push((
                    "Light".to_string(),
                    format!("{id} {}→{}", l.before.key(), l.after.light.key()),
                ));
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
        if let Some(owner) = &edit.owner
            && !roster.has_person(owner)
        {
            return Err(Rejection::UnknownPerson {
                field: Field::Owner,
                name: owner.clone(),
                known: roster.people.iter().map(|p| p.name.clone()).collect(),
            }
            .into());
        }
        if let Some(unit) = &edit.lead_unit
            && !roster.has_unit(unit)
        {
            return Err(Rejection::UnknownUnit {
                field: Field::Lead,
                name: unit.clone(),
            }
            .into());
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
        if let Some(l) = &edit.liaison
            && !roster.has_person(l)
        {
            return Err(Rejection::UnknownPerson {
                field: Field::Liaison,
                name: l.clone(),
                known: roster.people.iter().map(|p| p.name.clone()).collect(),
            }
            .into());
        }
        let lead_after = edit.lead_unit.as_deref().unwrap_or(&measure.lead_unit);
        for u in &edit.add_co {
            if !roster.has_unit(u) {
                return Err(Rejection::UnknownUnit {
                    field: Field::CoUnit,
                    name: u.clone(),
                }
                .into());
            }
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
        let changes = changes_for(id, None, Some(&old), &measure);
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
        Value::Object(o) if o.contains_key("due") && o.contains_key("what") => {
            let due = o.get("due").and_then(Value::as_str).unwrap_or("");
            let what = o.get("what").map(show_value).unwrap_or_default();
            match o.get("done_on").and_then(Value::as_str) {
                Some(done) => format!("{due} {what} ✓{done}"),
                None => format!("{due} {what}"),
            }
        }
        Value::Object(o) if o.contains_key("approved_by") && o.contains_key("basis") => {
            let get = |k: &str| o.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            format!(
                "{} {}（依据：{}）",
                get("date"),
                get("approved_by"),
                show_value(&Value::String(get("basis")))
            )
        }
        Value::Array(a) if a.is_empty() => "无".into(),
        Value::Array(a) => a.iter().map(show_value).collect::<Vec<_>>().join("、"),
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
        .or_else(|| {
            Cycle::ALL
                .into_iter()
                .find(|c| format!("{c:?}") == name)
                .map(|c| cadence_label(c, Lang::Zh))
        })
        .or_else(|| {
            crate::model::Assumed::ALL
                .into_iter()
                .find(|f| format!("{f:?}") == name)
                .map(|f| f.label(Lang::Zh))
        })
}

impl Store {
    /// Adds a person (责任人 or 联络员) to the roster: one commit.
    pub fn add_person(&self, person: crate::model::Person, author: &Identity) -> Result<Outcome> {
        let mut lock = self.lock()?;
        self.ensure_clean(layout::UNITS)?;
        let mut roster = self.roster()?;
        let name = clean(Field::Name, &person.name)?;
        if name.trim().is_empty() {
            return Err(Rejection::Empty { field: Field::Name }.into());
        }
        if !roster.has_unit(&person.unit) {
            return Err(Rejection::UnknownUnit {
                field: Field::Unit,
                name: person.unit.clone(),
            }
            .into());
        }
        if roster.has_person(&name) {
            return Ok(Outcome::Unchanged);
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
        let old = roster.clone();
        roster.people.push(crate::model::Person {
            name: name.clone(),
            unit: person.unit.clone(),
            role,
            phone,
        });
        let changes = changes_for(&units_id(), None, Some(&old), &roster);
        let summary = format!("名册 新增 {name}（{}）", person.unit);
        let msg = message(&summary, "", &change_trailers(&changes));
        let files = [FileChange {
            path: layout::UNITS.into(),
            bytes: Some(to_bytes(&roster)?),
        }];
        self.record(&mut lock, &files, &msg, summary, changes, author)
    }
}
