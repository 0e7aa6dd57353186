//! The observation form: an indicator's value, or its full-year estimate (预计), for one
//! period, with a note. A period already recorded shows what was recorded.

use super::field::{Choice, Field, Input, Inputs, Pick};
use super::{Form, Spec, Submission, title};
use crate::model::{Cycle, Id, Indicator, Lang, Observation, Period};
use crate::store::IndicatorWrite;
use crate::tui::action::Effect;
use crate::tui::ctx::Ctx;
use crate::tui::widgets::clip;

/// A name in the form's title is cut to this many columns, so the title fits its border.
const TITLE_COLS: usize = 30;

/// The fields, in order.
const FIELDS: [Field; 4] = [Field::Period, Field::Estimate, Field::Value, Field::Note];

/// A value of one indicator.
#[derive(Debug, Clone)]
pub struct ObservationForm {
    pub indicator: Id,
}

impl Form {
    /// A value of `ind` for this quarter (an earlier one, or a month already recorded, with
    /// ◂▸), filled with what is recorded for it.
    pub fn observation(ind: &Indicator, ctx: &Ctx) -> Form {
        let lang = ctx.lang;
        let recorded: Vec<&Observation> = ctx
            .plan
            .observations
            .iter()
            .filter(|o| o.indicator == ind.id)
            .collect();
        let current = current_quarter(ctx);
        let periods = periods(ctx, &recorded)
            .into_iter()
            .map(|p| {
                let mark = if recorded.iter().any(|o| o.period == p) {
                    lang.pick(" · 已记录", " · recorded")
                } else {
                    ""
                };
                (Pick::Period(p), format!("{p}{mark}"))
            })
            .collect();
        let estimates = vec![
            (
                Pick::Estimate(false),
                lang.pick("实际值", "actual").to_string(),
            ),
            (
                Pick::Estimate(true),
                lang.pick("预计全年值", "full-year estimate").to_string(),
            ),
        ];
        let mut inputs = Inputs(vec![
            Input::choice(Field::Period, periods, Pick::Period(current)),
            Input::choice(Field::Estimate, estimates, Pick::Estimate(false)),
            Input::text(Field::Value, ""),
            Input::text(Field::Note, ""),
        ]);
        fill(
            &mut inputs,
            recorded.iter().find(|o| o.period == current).copied(),
        );
        let spec = ObservationForm {
            indicator: ind.id.clone(),
        };
        Form::new(spec, inputs, Field::Value)
    }
}

/// This quarter, kept within the plan's years.
fn current_quarter(ctx: &Ctx) -> Period {
    let meta = &ctx.plan.meta;
    let day = ctx.today.clamp(meta.start, meta.end.max(meta.start));
    Cycle::Quarterly.period_of(day)
}

/// The periods offered, newest first: every quarter from the plan's start to this one, and
/// any other period already recorded (a month).
fn periods(ctx: &Ctx, recorded: &[&Observation]) -> Vec<Period> {
    let current = current_quarter(ctx);
    let mut out = Vec::new();
    let mut p = Cycle::Quarterly.period_of(ctx.plan.meta.start);
    while p.first_day() <= current.first_day() && out.len() < 64 {
        out.push(p);
        p = p.next();
    }
    for o in recorded {
        if !out.contains(&o.period) {
            out.push(o.period);
        }
    }
    out.sort_by_key(|p| std::cmp::Reverse((p.last_day(), p.first_day())));
    out
}

/// Fills the value, its kind and the note from `obs` (or empties them).
fn fill(inputs: &mut Inputs, obs: Option<&Observation>) {
    if let Some(c) = inputs.choice_mut(Field::Estimate) {
        let pick = Pick::Estimate(obs.is_some_and(|o| o.estimated));
        *c = Choice::new(std::mem::take(&mut c.options), pick);
    }
    inputs.set_text(
        Field::Value,
        obs.map(|o| o.value.to_string()).unwrap_or_default(),
    );
    inputs.set_text(Field::Note, obs.map(|o| o.note.clone()).unwrap_or_default());
}

impl ObservationForm {
    /// The write, or a message about an invalid value.
    pub fn write(&self, inputs: &Inputs, lang: Lang) -> Result<IndicatorWrite, String> {
        let Pick::Period(period) = inputs.pick(Field::Period) else {
            return Err(lang
                .pick("请选择期次（◂▸）", "choose the period (◂▸)")
                .into());
        };
        let text = inputs.text(Field::Value).trim();
        if text.is_empty() {
            return Err(lang.pick("请填写数值", "the value is empty").into());
        }
        let value = parse_number(text).ok_or_else(|| match lang {
            Lang::Zh => format!("数值须为数字（如 560 或 66.7）：{text}"),
            Lang::En => format!("the value must be a number (560 or 66.7): {text}"),
        })?;
        Ok(IndicatorWrite::Observation {
            indicator: self.indicator.clone(),
            period,
            value,
            estimated: inputs.pick(Field::Estimate) == Pick::Estimate(true),
            note: inputs.text(Field::Note).trim().to_string(),
        })
    }
}

/// A decimal number as typed: ASCII or full-width digits, one point, a sign; no exponent,
/// no `inf` or `NaN`.
fn parse_number(text: &str) -> Option<f64> {
    let ascii: String = text
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            '－' => '-',
            c => c,
        })
        .collect();
    let digits = ascii.strip_prefix(['-', '+']).unwrap_or(&ascii);
    let ok = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|&c| c == '.').count() <= 1
        && digits.chars().any(|c| c.is_ascii_digit());
    ok.then(|| ascii.parse().ok()).flatten()
}

impl Spec for ObservationForm {
    fn title(&self, ctx: &Ctx) -> String {
        let name = ctx
            .plan
            .indicator(&self.indicator)
            .map(|i| match ctx.lang {
                Lang::Zh => format!("{}（{}）", clip(&i.name, TITLE_COLS), i.unit),
                Lang::En => format!("{} ({})", clip(&i.name, TITLE_COLS), i.unit),
            })
            .unwrap_or_default();
        title(
            ctx.lang.pick("记录监测值", "Record a value"),
            self.indicator.as_str(),
            &name,
        )
    }

    fn fields(&self, _inputs: &Inputs) -> Vec<Field> {
        FIELDS.to_vec()
    }

    fn chosen(&self, field: Field, inputs: &mut Inputs, touched: bool, ctx: &Ctx) -> bool {
        if field != Field::Period {
            return true;
        }
        // Another period shows what is recorded for it, until the form is changed.
        if !touched && let Pick::Period(period) = inputs.pick(Field::Period) {
            let obs = ctx
                .plan
                .observations
                .iter()
                .find(|o| o.indicator == self.indicator && o.period == period);
            fill(inputs, obs);
        }
        false
    }

    fn hint(&self, _inputs: &Inputs, lang: Lang) -> Option<&'static str> {
        Some(lang.pick(
            "统计数未出时选“预计全年值”；◂▸ 选期次，已记录的期次带出原值，再次提交即更正",
            "choose the full-year estimate while the statistic is not out; ◂▸ picks the period, a recorded one shows its value and submitting corrects it",
        ))
    }

    fn submit(&self, inputs: &Inputs, ctx: &Ctx) -> Result<Submission, String> {
        let write = self.write(inputs, ctx.lang)?;
        Ok(Submission {
            preview: Effect::PreviewIndicator(write.clone()),
            commit: Effect::WriteIndicator(write),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::parse_number;

    #[test]
    fn numbers_are_read_as_typed_and_nothing_else() {
        assert_eq!(parse_number("560"), Some(560.0));
        assert_eq!(parse_number("66.7"), Some(66.7));
        assert_eq!(parse_number("-3"), Some(-3.0));
        assert_eq!(parse_number("５６０．５"), Some(560.5));
        for bad in ["", "abc", "1e3", "inf", "NaN", "1.2.3", "-", ".", "60%"] {
            assert_eq!(parse_number(bad), None, "{bad}");
        }
    }
}
