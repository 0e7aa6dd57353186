//! Cycle reports (周报, 月报, 季报): one report or a returned ledger of several, each one commit,
//! with the light the write gives the measure.

use chrono::NaiveDate;

use super::error::{Field, Rejection, clean};
use super::git::Identity;
use super::labels::{describe_changes, field_label};
use super::write::{LightPreview, Outcome, Prepared, Scope, field_changes, put};
use super::{FieldChange, Result, Store, layout};
use crate::model::{
    Assessment, Cycle, Id, Lang, Light, MeetingDay, Period, Report, SCHEMA, Status, assess,
    report_kind_label,
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
    /// The day the report came in (default: the day of the write). After the period's end the
    /// report is late (补报); it cannot be in the future or before the period begins.
    pub reported_on: Option<NaiveDate>,
}

impl Store {
    /// Every report of `id` in the work tree and the meetings held: the inputs of its light
    /// besides the measure itself.
    pub(super) fn light_inputs(&self, id: &Id) -> Result<(Vec<Report>, Vec<MeetingDay>)> {
        let mut reports = Vec::new();
        // Every report below is read in one open beneath the top (links refused on the way).
        let top = super::durable::Top::open(&self.root);
        let parse = |path: &str, bytes: Option<Vec<u8>>| -> Result<Option<Report>> {
            bytes
                .map(|b| super::codec::parse(path, &b).map_err(super::Error::Invalid))
                .transpose()
        };
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
                if period.cycle() == cycle {
                    let path = layout::report(id, period);
                    if let Some(r) = parse(&path, self.work_bytes(Some(&top), &path)?)? {
                        reports.push(r);
                    }
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
                let path = format!("{dir}/{name}");
                if name.ends_with(".ron")
                    && let Some(bytes) = self.work_bytes(Some(&top), &path)?
                {
                    let m: crate::model::Meeting =
                        super::codec::parse(&path, &bytes).map_err(super::Error::Invalid)?;
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
        Ok(self
            .set_report_with_light(id, period, edit, author, today)?
            .0)
    }

    /// [`Store::set_report`], also giving the measure's light once the report is committed
    /// (`None` when nothing was committed). It is computed from the reads the write made under
    /// the writer lock, so it is what [`Store::assess_measure`] would say after the write,
    /// without reading every report of the measure again.
    pub fn set_report_with_light(
        &self,
        id: &Id,
        period: Period,
        edit: &ReportEdit,
        author: &Identity,
        today: NaiveDate,
    ) -> Result<(Outcome, Option<Assessment>)> {
        let (outcome, light) = self.write_with_light(author, || {
            self.prepare_report(id, period, edit, author, today)
        })?;
        Ok((outcome, light.map(|l| l.after)))
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
        let reported_on = edit.reported_on.unwrap_or(today);
        if reported_on > today {
            return Err(Rejection::ReportedInFuture {
                date: reported_on,
                today,
            }
            .into());
        }
        if reported_on < period.first_day() {
            return Err(Rejection::ReportedBeforePeriod {
                date: reported_on,
                period: period.to_string(),
                first: period.first_day(),
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
            reported_on,
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
        let mut changes = field_changes(
            id.as_str(),
            Scope::Report(period),
            old.as_ref(),
            Some(&report),
        );
        // The day a late report (补报) came in is part of what the commit records; a date
        // given on its own is a change then.
        let late = crate::model::is_late(period, reported_on);
        let old_date = old.as_ref().map(|o| o.reported_on);
        let dated =
            old_date != Some(reported_on) && (late || old.as_ref().is_some_and(Report::is_late));
        if changes.is_empty()
            && !(dated && edit.reported_on.is_some())
            && old.is_some()
            && edit.status.is_none_or(|s| s == measure.status)
        {
            return Ok(None);
        }
        report.reported_by = author.name.clone();
        report.reported_on = reported_on;
        if dated {
            changes.push(FieldChange {
                id: id.to_string(),
                cycle: Some(period.cycle().key().to_string()),
                period: Some(period.to_string()),
                field: "reported_on".into(),
                from: old_date.map_or(serde_json::Value::Null, |d| d.to_string().into()),
                to: reported_on.to_string().into(),
            });
        }

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
        // The new report takes the old one's place (the order the folder listing gives, as a
        // read after the write would), or comes last when it is new.
        let mut after_reports = before_reports;
        match after_reports.iter_mut().find(|r| r.period == period) {
            Some(r) => *r = report.clone(),
            None => after_reports.push(report.clone()),
        }
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
        changes.extend(field_changes(
            id.as_str(),
            Scope::Object,
            Some(&old_measure),
            Some(&measure),
        ));

        let mut files = vec![put(report_path, &report)?];
        if measure != old_measure {
            files.push(put(measure_path, &measure)?);
        }
        let kind = report_kind_label(period.cycle(), Lang::Zh);
        let tail = if before != after {
            format!("{}→{}", before.label(Lang::Zh), after.label(Lang::Zh))
        } else {
            let mut labels: Vec<&str> = Vec::new();
            // The 补报 mark says the date already, unless the date is all that changed.
            let date_only = changes.iter().all(|c| c.field == "reported_on");
            for c in changes
                .iter()
                .filter(|c| c.field != "assumed" && (date_only || c.field != "reported_on"))
            {
                let l = field_label(&c.field, Lang::Zh);
                if !labels.contains(&l) {
                    labels.push(l);
                }
            }
            format!("{}（{}灯）", labels.join("、"), after.label(Lang::Zh))
        };
        let summary = if late {
            let mark = crate::model::late_word(Lang::Zh);
            format!("{kind} {period}（{mark}）{id} {tail}")
        } else {
            format!("{kind} {period} {id} {tail}")
        };
        let body = format!("{id} {}\n{}", measure.title, describe_changes(&changes));
        let light = format!("{}→{}", before.key(), after.key());
        let mut p = Prepared::new(
            files,
            summary,
            &body,
            changes,
            vec![("Light".into(), light)],
        );
        p.light = Some(preview);
        Ok(Some(p))
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
        self.write(author, || {
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
                return Ok(None);
            }
            lights.extend(extra.iter().cloned());
            Ok(Some(Prepared::new(
                files,
                summary.to_string(),
                &lines.join("\n"),
                changes,
                lights,
            )))
        })
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
}
