//! The report form: a measure's report for one cycle (light, status, percent, the texts).

use super::field::{Field, Input, Inputs, Pick, cycle_options, light_options};
use super::{Form, Spec, Submission, title};
use crate::model::{Cycle, Id, Lang, Measure, Report, Status};
use crate::store::ReportEdit;
use crate::tui::action::Effect;
use crate::tui::ctx::Ctx;
use crate::tui::widgets::cycle_label;

/// The fields, in order.
const FIELDS: [Field; 8] = [
    Field::Cycle,
    Field::Light,
    Field::Status,
    Field::Percent,
    Field::Progress,
    Field::Problems,
    Field::NextSteps,
    Field::Asks,
];

/// The report of one measure.
#[derive(Debug, Clone)]
pub struct ReportForm {
    pub id: Id,
}

impl Form {
    /// The report of `m` for its own cadence's current period, filled with what is reported.
    pub fn report(m: &Measure, ctx: &Ctx) -> Form {
        let lang = ctx.lang;
        let cycles =
            cycle_options(|c| format!("{} {}", cycle_label(c, lang), c.period_of(ctx.today)));
        let statuses = std::iter::once((Pick::None, lang.pick("（不变）", "(unchanged)").into()))
            .chain(
                Status::ALL
                    .iter()
                    .map(|&s| (Pick::Status(s), s.label(lang).to_string())),
            )
            .collect();
        let mut inputs = Inputs(vec![
            Input::choice(Field::Cycle, cycles, Pick::Cycle(m.cadence)),
            Input::choice(
                Field::Light,
                light_options((Pick::None, lang.pick("（不填）", "(none)")), lang),
                Pick::None,
            ),
            Input::choice(Field::Status, statuses, Pick::None),
            Input::text(Field::Percent, ""),
            Input::text(Field::Progress, ""),
            Input::text(Field::Problems, ""),
            Input::text(Field::NextSteps, ""),
            Input::text(Field::Asks, ""),
        ]);
        fill(
            &mut inputs,
            ctx.plan.report(&m.id, m.cadence.period_of(ctx.today)),
        );
        Form::new(ReportForm { id: m.id.clone() }, inputs, Field::Light)
    }
}

/// Fills the form from `report` (or empties it).
fn fill(inputs: &mut Inputs, report: Option<&Report>) {
    let light = report.and_then(|r| r.light).map_or(Pick::None, Pick::Light);
    let status = report
        .and_then(|r| r.status)
        .map_or(Pick::None, Pick::Status);
    for (field, pick) in [(Field::Light, light), (Field::Status, status)] {
        if let Some(c) = inputs.choice_mut(field) {
            *c = super::Choice::new(std::mem::take(&mut c.options), pick);
        }
    }
    inputs.set_text(
        Field::Percent,
        report
            .and_then(|r| r.percent)
            .map(|p| p.to_string())
            .unwrap_or_default(),
    );
    let text = |f: fn(&Report) -> &String| report.map(|r| f(r).clone()).unwrap_or_default();
    inputs.set_text(Field::Progress, text(|r| &r.progress));
    inputs.set_text(Field::Problems, text(|r| &r.problems));
    inputs.set_text(Field::NextSteps, text(|r| &r.next_steps));
    inputs.set_text(Field::Asks, text(|r| &r.asks));
}

impl ReportForm {
    /// The store edit, or a message about an invalid value.
    pub fn edit(inputs: &Inputs, lang: Lang) -> Result<ReportEdit, String> {
        let percent = match inputs.text(Field::Percent).trim() {
            "" => None,
            p => match p.parse::<u8>() {
                Ok(n) if n <= 100 => Some(n),
                _ => {
                    return Err(lang
                        .pick(
                            "完成比例须为0到100的整数",
                            "percent must be a whole number from 0 to 100",
                        )
                        .into());
                }
            },
        };
        Ok(ReportEdit {
            light: inputs.light(Field::Light),
            status: inputs.status(Field::Status),
            percent,
            progress: Some(inputs.text(Field::Progress).to_string()),
            problems: Some(inputs.text(Field::Problems).to_string()),
            next_steps: Some(inputs.text(Field::NextSteps).to_string()),
            asks: Some(inputs.text(Field::Asks).to_string()),
        })
    }
}

impl Spec for ReportForm {
    fn title(&self, ctx: &Ctx) -> String {
        let name = ctx.plan.measure(&self.id).map_or("", |m| m.title.as_str());
        title(ctx.lang.pick("填报", "Report"), self.id.as_str(), name)
    }

    fn fields(&self, _inputs: &Inputs) -> Vec<Field> {
        FIELDS.to_vec()
    }

    fn chosen(&self, field: Field, inputs: &mut Inputs, touched: bool, ctx: &Ctx) -> bool {
        if field != Field::Cycle {
            return true;
        }
        // Another cycle shows that cycle's report, until the form is changed.
        if !touched {
            let cycle = inputs.cycle(Field::Cycle).unwrap_or(Cycle::Weekly);
            fill(
                inputs,
                ctx.plan.report(&self.id, cycle.period_of(ctx.today)),
            );
        }
        false
    }

    fn submit(&self, inputs: &Inputs, ctx: &Ctx) -> Result<Submission, String> {
        let edit = ReportForm::edit(inputs, ctx.lang)?;
        let cycle = inputs.cycle(Field::Cycle).unwrap_or(Cycle::Weekly);
        let period = cycle.period_of(ctx.today);
        let id = self.id.clone();
        Ok(Submission {
            preview: Effect::PreviewReport {
                id: id.clone(),
                period,
                edit: edit.clone(),
            },
            commit: Effect::CommitReport { id, period, edit },
        })
    }
}
