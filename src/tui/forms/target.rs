//! The target form: a year's target of an indicator with its basis, for the years the plan's
//! table has no column for (2026) and the 完成下达指标 cells. Left at the 建议值 it confirms
//! the suggestion; any other value is the taskforce's own target and needs a basis.

use chrono::Datelike;

use super::field::{Field, Input, Inputs, Pick};
use super::{Form, Spec, Submission, title};
use crate::meeting::{TargetSource, year_target};
use crate::model::{Id, Indicator, Lang, Parsed};
use crate::store::IndicatorWrite;
use crate::tui::action::Effect;
use crate::tui::ctx::Ctx;
use crate::tui::widgets::clip;

/// A name in the form's title is cut to this many columns, so the title fits its border.
const TITLE_COLS: usize = 30;

/// The fields, in order.
const FIELDS: [Field; 3] = [Field::Year, Field::Target, Field::TargetBasis];

/// Where a year's target stands, as the form opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearState {
    /// No column in the plan, a 建议值 not yet confirmed.
    Suggested,
    /// No column in the plan, a target the taskforce set or confirmed.
    Set,
    /// The plan's cell says 完成下达指标: the assigned figure goes here.
    Assigned,
    /// No column and no suggestion: the taskforce sets one.
    Open,
}

/// A target of one indicator.
#[derive(Debug, Clone)]
pub struct TargetForm {
    pub indicator: Id,
    /// The years a target can be entered for, with where each stands.
    pub years: Vec<(i32, YearState)>,
}

impl Form {
    /// The target of `ind` for this year (another settable year with ◂▸), filled with the
    /// target set or the 建议值; `None` when the plan prints every year's target.
    pub fn target(ind: &Indicator, ctx: &Ctx) -> Option<Form> {
        let lang = ctx.lang;
        let meta = &ctx.plan.meta;
        let years: Vec<(i32, YearState)> = (meta.start.year()..=meta.end.year())
            .filter_map(|y| year_state(ind, y, ctx).map(|s| (y, s)))
            .collect();
        let this = ctx.today.year();
        let year = years
            .iter()
            .map(|(y, _)| *y)
            .find(|&y| y >= this)
            .or_else(|| years.last().map(|(y, _)| *y))?;
        let options = years
            .iter()
            .map(|&(y, state)| (Pick::Year(y), year_label(ind, y, state, ctx, lang)))
            .collect();
        let mut inputs = Inputs(vec![
            Input::choice(Field::Year, options, Pick::Year(year)),
            Input::text(Field::Target, ""),
            Input::text(Field::TargetBasis, ""),
        ]);
        fill(&mut inputs, ind, year, ctx);
        let spec = TargetForm {
            indicator: ind.id.clone(),
            years,
        };
        Some(Form::new(spec, inputs, Field::Target))
    }
}

/// Where the target of `ind` for `year` stands; `None` when the plan prints it.
fn year_state(ind: &Indicator, year: i32, ctx: &Ctx) -> Option<YearState> {
    match ind.target(year) {
        Some(p) if p.parsed == Parsed::Assigned => Some(YearState::Assigned),
        Some(_) => None,
        None => Some(match year_target(ind, year, &ctx.plan.targets) {
            Some((_, TargetSource::Suggested)) => YearState::Suggested,
            Some(_) => YearState::Set,
            None => YearState::Open,
        }),
    }
}

/// `2026年 · 建议值 615`.
fn year_label(ind: &Indicator, year: i32, state: YearState, ctx: &Ctx, lang: Lang) -> String {
    let now = year_target(ind, year, &ctx.plan.targets).map(|(p, _)| p.text);
    let (zh, en) = match state {
        YearState::Suggested => ("建议值", "suggested"),
        YearState::Set => ("专班设定", "set"),
        YearState::Assigned => ("完成下达指标", "as assigned"),
        YearState::Open => ("未设定", "not set"),
    };
    let mut text = match lang {
        Lang::Zh => format!("{year}年 · {zh}"),
        Lang::En => format!("{year} · {en}"),
    };
    if let Some(t) = now {
        text.push(' ');
        text.push_str(&t);
    }
    text
}

/// Fills the target and its basis for `year`: what is set, else the 建议值 with no basis.
fn fill(inputs: &mut Inputs, ind: &Indicator, year: i32, ctx: &Ctx) {
    let set = ctx
        .plan
        .targets
        .iter()
        .find(|t| t.indicator == ind.id && t.year == year);
    let (text, basis) = match (set, year_target(ind, year, &ctx.plan.targets)) {
        (Some(t), _) => (t.target.text.clone(), t.basis.clone()),
        (None, Some((p, TargetSource::Suggested))) => (p.text, String::new()),
        _ => (String::new(), String::new()),
    };
    inputs.set_text(Field::Target, text);
    inputs.set_text(Field::TargetBasis, basis);
}

impl TargetForm {
    fn state(&self, inputs: &Inputs) -> Option<(i32, YearState)> {
        match inputs.pick(Field::Year) {
            Pick::Year(y) => self.years.iter().find(|(x, _)| *x == y).copied(),
            _ => None,
        }
    }

    /// The write: the 建议值 confirmed when the target is left at it, else the target set;
    /// or a message about an invalid value.
    pub fn write(&self, inputs: &Inputs, ctx: &Ctx) -> Result<IndicatorWrite, String> {
        let lang = ctx.lang;
        let Some((year, state)) = self.state(inputs) else {
            return Err(lang.pick("请选择年份（◂▸）", "choose the year (◂▸)").into());
        };
        let text = inputs.text(Field::Target).trim().to_string();
        if text.is_empty() {
            return Err(lang
                .pick(
                    "请填写目标值（如 600、≥80、80以上、保持100）",
                    "the target is empty (600, ≥80, 80以上, 保持100)",
                )
                .into());
        }
        let basis = inputs.text(Field::TargetBasis).trim().to_string();
        let suggested = ctx
            .plan
            .indicator(&self.indicator)
            .and_then(|ind| year_target(ind, year, &ctx.plan.targets))
            .filter(|(_, s)| *s == TargetSource::Suggested)
            .map(|(p, _)| p.text);
        if state == YearState::Suggested && suggested.as_deref() == Some(text.as_str()) {
            return Ok(IndicatorWrite::Confirm {
                indicator: self.indicator.clone(),
                year,
                basis: Some(basis).filter(|b| !b.is_empty()),
            });
        }
        Ok(IndicatorWrite::Target {
            indicator: self.indicator.clone(),
            year,
            text,
            basis,
        })
    }
}

impl Spec for TargetForm {
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
            ctx.lang.pick("年度目标", "Year's target"),
            self.indicator.as_str(),
            &name,
        )
    }

    fn fields(&self, _inputs: &Inputs) -> Vec<Field> {
        FIELDS.to_vec()
    }

    fn chosen(&self, field: Field, inputs: &mut Inputs, touched: bool, ctx: &Ctx) -> bool {
        if field != Field::Year {
            return true;
        }
        // Another year shows its own target, until the form is changed.
        if !touched
            && let Some((year, _)) = self.state(inputs)
            && let Some(ind) = ctx.plan.indicator(&self.indicator)
        {
            fill(inputs, ind, year, ctx);
        }
        false
    }

    fn hint(&self, inputs: &Inputs, lang: Lang) -> Option<&'static str> {
        Some(match self.state(inputs).map(|(_, s)| s) {
            Some(YearState::Suggested) => lang.pick(
                "已带出建议值（前后两年方案目标的线性插值）：原样提交即确认建议值，依据可不填；改为其他值须填写依据",
                "the suggestion (halfway between the neighbouring years' targets) is filled in: submit it as is to confirm it, a basis is optional; any other value needs a basis",
            ),
            Some(YearState::Set) => lang.pick(
                "本年目标已由专班设定：修改须填写依据（如会议议定）",
                "the taskforce set this year's target: a change needs a basis (a meeting's decision)",
            ),
            Some(YearState::Assigned) => lang.pick(
                "方案为“完成下达指标”：填写上级下达的数值及其文件依据",
                "the plan says 完成下达指标: enter the assigned figure and the document it comes from",
            ),
            Some(YearState::Open) | None => lang.pick(
                "本年无建议值：填写专班设定的目标和依据（如会议议定）",
                "no suggestion for this year: enter the taskforce's target and its basis (a meeting's decision)",
            ),
        })
    }

    fn submit(&self, inputs: &Inputs, ctx: &Ctx) -> Result<Submission, String> {
        let write = self.write(inputs, ctx)?;
        Ok(Submission {
            preview: Effect::PreviewIndicator(write.clone()),
            commit: Effect::WriteIndicator(write),
        })
    }
}
