//! What the indicator screens share: the keys of the table and of one indicator's detail act
//! on an indicator the same way (record a value, set or confirm the year's target), and both
//! show its pace. Apart from both screens so that neither imports the other for it.

use super::Outcome;
use crate::meeting::quarterly::Pace;
use crate::meeting::{TargetSource, judge_year, year_target};
use crate::model::{Indicator, Lang, Observation};
use crate::tui::action::{Action, Effect};
use crate::tui::ctx::{Ctx, year_quarter};
use crate::tui::forms::Form;

/// What the keys shared by the table and the detail do to indicator `ind`: record a value,
/// open the target form, confirm the 建议值, open the detail.
pub fn act(action: Action, ind: &Indicator, ctx: &Ctx) -> Outcome {
    match action {
        Action::OpenForm => Outcome::push(Form::observation(ind, ctx)),
        Action::OpenTargetForm => match Form::target(ind, ctx) {
            Some(form) => Outcome::push(form),
            None => Outcome::error(match ctx.lang {
                Lang::Zh => format!("{} 各年目标均由方案印发，无需设定", ind.id),
                Lang::En => format!("{}: the plan prints every year's target", ind.id),
            }),
        },
        Action::ConfirmSuggestedTarget => confirm_target(ind, ctx),
        _ => Outcome::none(),
    }
}

/// `c`: confirms the 建议值 of `ind` for this year as the taskforce's target.
fn confirm_target(ind: &Indicator, ctx: &Ctx) -> Outcome {
    let (year, _) = year_quarter(ctx.today);
    let source = year_target(ind, year, &ctx.plan.targets).map(|(_, s)| s);
    if source == Some(TargetSource::Suggested) {
        return Outcome::effect(Effect::ConfirmTarget {
            indicator: ind.id.clone(),
            year,
        });
    }
    Outcome::error(match ctx.lang {
        Lang::Zh => format!("{} {year}年目标不是建议值，无需确认", ind.id),
        Lang::En => format!(
            "{}'s {year} target is not a suggestion; nothing to confirm",
            ind.id
        ),
    })
}

/// The pace of `ind` in this year's current quarter, with the targets the taskforce set or
/// entered, else the 建议值.
pub fn pace(ctx: &Ctx, ind: &Indicator) -> Pace {
    let (year, quarter) = year_quarter(ctx.today);
    let observations: Vec<&Observation> = ctx.plan.observations.iter().collect();
    judge_year(ind, year, quarter, &observations, &ctx.plan.targets)
}
