//! Indicator writes: observations (a period's value or full-year estimate) and the targets of
//! years the plan's table has no column for. One commit each; each can be previewed first
//! (the summary it would commit, after the same checks).

use super::error::{Field, Purpose, Rejection, clean};
use super::git::Identity;
use super::write::{Outcome, Prepared, Scope, check_plan_year, field_changes, put};
use super::{Error, Reports, Result, Store, layout};
use crate::meeting;
use crate::model::{Cycle, Id, Observation, Period, SCHEMA, SetTarget};

/// One write of an indicator, as a front end asks for it.
#[derive(Debug, Clone, PartialEq)]
pub enum IndicatorWrite {
    /// A value (or full-year estimate) for a period, with a note.
    Observation {
        indicator: Id,
        period: Period,
        value: f64,
        estimated: bool,
        note: String,
    },
    /// A target for a year the plan has no column for, or the assigned figure of a
    /// 完成下达指标 cell, with its basis.
    Target {
        indicator: Id,
        year: i32,
        text: String,
        basis: String,
    },
    /// The 建议值 of a year confirmed as the taskforce's target; `basis` adds where.
    Confirm {
        indicator: Id,
        year: i32,
        basis: Option<String>,
    },
}

impl Store {
    /// The summary `write_indicator` would commit, after the same checks; nothing is written.
    /// `None` when nothing would change.
    pub fn preview_indicator(
        &self,
        write: &IndicatorWrite,
        author: &Identity,
    ) -> Result<Option<String>> {
        Ok(self.prepare_indicator(write, author)?.map(|p| p.summary))
    }

    /// Makes one indicator write. One commit.
    pub fn write_indicator(&self, write: &IndicatorWrite, author: &Identity) -> Result<Outcome> {
        self.write(author, || self.prepare_indicator(write, author))
    }

    /// Checks an indicator write and builds its file and commit message; `None` when nothing
    /// would change.
    fn prepare_indicator(
        &self,
        write: &IndicatorWrite,
        author: &Identity,
    ) -> Result<Option<Prepared>> {
        match write {
            IndicatorWrite::Observation {
                indicator,
                period,
                value,
                estimated,
                note,
            } => self.prepare_observation(indicator, *period, *value, *estimated, note, author),
            IndicatorWrite::Target {
                indicator,
                year,
                text,
                basis,
            } => self.prepare_target(indicator, *year, text, basis, author),
            IndicatorWrite::Confirm {
                indicator,
                year,
                basis,
            } => self.prepare_confirm(indicator, *year, basis.as_deref(), author),
        }
    }

    /// Records an indicator's value (or full-year estimate) for a period. One commit.
    pub fn record_observation(
        &self,
        indicator: &Id,
        period: Period,
        value: f64,
        estimated: bool,
        note: &str,
        author: &Identity,
    ) -> Result<Outcome> {
        self.write_indicator(
            &IndicatorWrite::Observation {
                indicator: indicator.clone(),
                period,
                value,
                estimated,
                note: note.to_string(),
            },
            author,
        )
    }

    /// Checks an observation and builds its file and commit message; `None` when nothing
    /// but the recorder would change.
    fn prepare_observation(
        &self,
        indicator: &Id,
        period: Period,
        value: f64,
        estimated: bool,
        note: &str,
        author: &Identity,
    ) -> Result<Option<Prepared>> {
        let plan = self.load_valid(Reports::All)?;
        let ind = plan
            .indicator(indicator)
            .ok_or_else(|| Error::NotFound(indicator.clone()))?;
        if !value.is_finite() {
            return Err(Rejection::NotANumber {
                field: Field::Value,
                value: value.to_string(),
            }
            .into());
        }
        if period.cycle() == Cycle::Weekly {
            return Err(Rejection::WrongCycle {
                field: Field::Period,
                period: period.to_string(),
                allowed: vec![Cycle::Quarterly, Cycle::Monthly],
            }
            .into());
        }
        if period.first_day() < plan.meta.start || period.first_day() > plan.meta.end {
            return Err(Rejection::OutsidePlan {
                field: Field::Period,
                value: period.to_string(),
                start: plan.meta.start,
                end: plan.meta.end,
            }
            .into());
        }
        let path = layout::observation(indicator, period);
        self.ensure_clean(&path)?;
        let old = plan
            .observations
            .iter()
            .find(|o| &o.indicator == indicator && o.period == period)
            .cloned();
        let obs = Observation {
            schema: SCHEMA,
            indicator: indicator.clone(),
            period,
            value,
            estimated,
            note: clean(Field::Note, note)?,
            recorded_by: author.name.clone(),
        };
        let changes = field_changes(
            indicator.as_str(),
            Scope::Period(period),
            old.as_ref(),
            Some(&obs),
        );
        if changes.iter().all(|c| c.field == "recorded_by") {
            return Ok(None);
        }
        let est = if estimated { "（预计全年）" } else { "" };
        let summary = format!(
            "指标 {indicator} {} {period}：{}{}{est}",
            ind.name,
            meeting::quarterly::number_text(value),
            ind.unit
        );
        let file = put(path, &obs)?;
        Ok(Some(Prepared::new(
            vec![file],
            summary,
            &obs.note,
            changes,
            Vec::new(),
        )))
    }

    /// Sets the target of `indicator` for a year the plan's table has no column for
    /// (DOMAIN.md §5.2 rule 2), with its basis. One commit.
    pub fn set_target(
        &self,
        indicator: &Id,
        year: i32,
        text: &str,
        basis: &str,
        author: &Identity,
    ) -> Result<Outcome> {
        self.write_indicator(
            &IndicatorWrite::Target {
                indicator: indicator.clone(),
                year,
                text: text.to_string(),
                basis: basis.to_string(),
            },
            author,
        )
    }

    /// Checks a target and builds its file and commit message; `None` when nothing but who
    /// set it would change.
    fn prepare_target(
        &self,
        indicator: &Id,
        year: i32,
        text: &str,
        basis: &str,
        author: &Identity,
    ) -> Result<Option<Prepared>> {
        let plan = self.load_valid(Reports::All)?;
        let ind = plan
            .indicator(indicator)
            .ok_or_else(|| Error::NotFound(indicator.clone()))?;
        // A year without a column, or the assigned figure of a 完成下达指标 cell.
        let assigned = ind
            .target(year)
            .is_some_and(|p| p.parsed == crate::model::Parsed::Assigned);
        if let Some(p) = ind.target(year).filter(|_| !assigned) {
            return Err(Rejection::TargetInPlan {
                indicator: indicator.to_string(),
                year,
                text: p.text.clone(),
            }
            .into());
        }
        check_plan_year(&plan, year)?;
        let text = clean(Field::Value, text)?;
        let target =
            crate::model::Printed::from_text(&text).ok_or_else(|| Rejection::BadTarget {
                value: text.clone(),
            })?;
        if assigned && target.parsed.number().is_none() {
            return Err(Rejection::TargetNeedsFigure { value: text }.into());
        }
        let basis = clean(Field::Basis, basis)?;
        if basis.trim().is_empty() {
            return Err(Rejection::Required {
                field: Field::Basis,
                purpose: Purpose::Target,
            }
            .into());
        }
        let path = layout::target(indicator, year);
        self.ensure_clean(&path)?;
        let old = plan
            .targets
            .iter()
            .find(|t| &t.indicator == indicator && t.year == year)
            .cloned();
        let new = SetTarget {
            schema: SCHEMA,
            indicator: indicator.clone(),
            year,
            target,
            basis,
            set_by: author.name.clone(),
        };
        let changes = field_changes(indicator.as_str(), Scope::Object, old.as_ref(), Some(&new));
        if changes.iter().all(|c| c.field == "set_by") {
            return Ok(None);
        }
        let summary = format!(
            "指标 {indicator} {} {year}年目标（{}）：{text}",
            ind.name,
            if assigned {
                "上级下达"
            } else {
                "专班设定"
            }
        );
        let file = put(path, &new)?;
        Ok(Some(Prepared::new(
            vec![file],
            summary,
            &new.basis,
            changes,
            Vec::new(),
        )))
    }

    /// Confirms the 建议值 of `indicator` for `year` (the linear interpolation of the
    /// neighbouring years' targets, DOMAIN.md §5.2 rule 2) as the taskforce's target: one
    /// commit. `basis` adds the meeting or decision it was confirmed at.
    pub fn confirm_target(
        &self,
        indicator: &Id,
        year: i32,
        basis: Option<&str>,
        author: &Identity,
    ) -> Result<Outcome> {
        self.write_indicator(
            &IndicatorWrite::Confirm {
                indicator: indicator.clone(),
                year,
                basis: basis.map(str::to_string),
            },
            author,
        )
    }

    /// Checks a confirmation of the 建议值 and builds its file and commit message; `None`
    /// when the taskforce's target already is the suggestion.
    fn prepare_confirm(
        &self,
        indicator: &Id,
        year: i32,
        basis: Option<&str>,
        author: &Identity,
    ) -> Result<Option<Prepared>> {
        use crate::meeting::quarterly::{fixed_target, number_text, suggested_target};
        let plan = self.load_valid(Reports::All)?;
        let ind = plan
            .indicator(indicator)
            .ok_or_else(|| Error::NotFound(indicator.clone()))?;
        if let Some(p) = ind.target(year) {
            return Err(Rejection::TargetInPlan {
                indicator: indicator.to_string(),
                year,
                text: p.text.clone(),
            }
            .into());
        }
        let existing = plan
            .targets
            .iter()
            .find(|t| &t.indicator == indicator && t.year == year)
            .cloned();
        // A suggestion computed without this year's own target.
        let others: Vec<SetTarget> = plan
            .targets
            .iter()
            .filter(|t| !(&t.indicator == indicator && t.year == year))
            .cloned()
            .collect();
        let Some(suggested) = suggested_target(ind, year, &others) else {
            return Err(Rejection::NoSuggestion {
                indicator: indicator.to_string(),
                year,
            }
            .into());
        };
        if let Some(t) = &existing {
            if t.target.text == suggested.text {
                return Ok(None);
            }
            return Err(Rejection::TargetAlreadySet {
                indicator: indicator.to_string(),
                year,
                target: t.target.text.clone(),
                basis: t.basis.clone(),
                suggested: suggested.text.clone(),
            }
            .into());
        }
        let neighbour = |y: i32| {
            fixed_target(ind, y, &others)
                .and_then(|(p, _)| p.parsed.number())
                .map(number_text)
                .unwrap_or_default()
        };
        let mut why = format!(
            "线性插值：{}年目标{}→{}年目标{}；专班确认建议值",
            year - 1,
            neighbour(year - 1),
            year + 1,
            neighbour(year + 1)
        );
        if let Some(b) = basis {
            let b = clean(Field::Basis, b)?;
            if !b.trim().is_empty() {
                why.push('；');
                why.push_str(b.trim());
            }
        }
        let path = layout::target(indicator, year);
        self.ensure_clean(&path)?;
        let new = SetTarget {
            schema: SCHEMA,
            indicator: indicator.clone(),
            year,
            target: suggested.clone(),
            basis: why,
            set_by: author.name.clone(),
        };
        let changes = field_changes(indicator.as_str(), Scope::Object, None, Some(&new));
        let summary = format!(
            "指标 {indicator} {} {year}年目标（专班确认建议值）：{}",
            ind.name, suggested.text
        );
        let file = put(path, &new)?;
        Ok(Some(Prepared::new(
            vec![file],
            summary,
            &new.basis,
            changes,
            Vec::new(),
        )))
    }
}
