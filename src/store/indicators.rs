//! Indicator writes: observations (a period's value or full-year estimate) and the targets of
//! years the plan's table has no column for. One commit each.

use super::error::{Field, Purpose, Rejection, clean};
use super::git::Identity;
use super::write::{Outcome, Prepared, Scope, check_plan_year, field_changes, put};
use super::{Error, Reports, Result, Store, layout};
use crate::meeting;
use crate::model::{Cycle, Id, Observation, Period, SCHEMA};

impl Store {
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
        self.write(author, || {
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
        })
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
        self.write(author, || {
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
            let new = crate::model::SetTarget {
                schema: SCHEMA,
                indicator: indicator.clone(),
                year,
                target,
                basis,
                set_by: author.name.clone(),
            };
            let changes =
                field_changes(indicator.as_str(), Scope::Object, old.as_ref(), Some(&new));
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
        })
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
        use crate::meeting::quarterly::{fixed_target, number_text, suggested_target};
        self.write(author, || {
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
            let others: Vec<crate::model::SetTarget> = plan
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
            let new = crate::model::SetTarget {
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
        })
    }
}
