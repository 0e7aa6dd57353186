//! The decision form: an action item (议定事项) decided at the open meeting.

use super::field::{Field, Input, Inputs, list_entries};
use super::item::empty_date;
use super::{Form, Spec, Submission, title};
use crate::model::{Id, Lang, Meeting};
use crate::store::Decision;
use crate::tui::action::Effect;
use crate::tui::ctx::Ctx;

/// The fields, in order.
const FIELDS: [Field; 5] = [
    Field::Text,
    Field::Lead,
    Field::CoUnits,
    Field::Deadline,
    Field::MeasureRef,
];

/// A decision of one meeting.
#[derive(Debug, Clone)]
pub struct DecisionForm {
    /// The meeting deciding it.
    pub meeting: Id,
}

impl Form {
    /// A decision of the open meeting `meeting`, about `measure` when one is given.
    pub fn decision(meeting: &Meeting, measure: Option<&Id>) -> Form {
        let inputs = Inputs(vec![
            Input::text(Field::Text, ""),
            Input::text(Field::Lead, ""),
            Input::text(Field::CoUnits, ""),
            Input::text(Field::Deadline, ""),
            Input::text(
                Field::MeasureRef,
                measure.map(|m| m.to_string()).unwrap_or_default(),
            ),
        ]);
        let spec = DecisionForm {
            meeting: meeting.id.clone(),
        };
        Form::new(spec, inputs, Field::Text)
    }
}

impl DecisionForm {
    /// The decision, or a message about an invalid value.
    pub fn decision(&self, inputs: &Inputs, lang: Lang) -> Result<Decision, String> {
        if inputs.text(Field::Text).trim().is_empty() {
            return Err(lang
                .pick("请填写议定事项", "the decision text is empty")
                .into());
        }
        let Some(lead) = inputs.some(Field::Lead) else {
            return Err(lang
                .pick("请选择牵头单位（◂▸）", "choose the lead unit (◂▸)")
                .into());
        };
        let deadline = inputs
            .date(Field::Deadline, lang)?
            .ok_or_else(|| empty_date(Field::Deadline, lang))?;
        let measure = match inputs.text(Field::MeasureRef).trim() {
            "" => None,
            m => Some(Id::parse(m).map_err(|e| format!("{}: {e}", Field::MeasureRef.label(lang)))?),
        };
        Ok(Decision {
            meeting: Some(self.meeting.clone()),
            text: inputs.text(Field::Text).trim().to_string(),
            lead,
            co: list_entries(inputs.text(Field::CoUnits)),
            deadline,
            measure,
        })
    }
}

impl Spec for DecisionForm {
    fn title(&self, ctx: &Ctx) -> String {
        let kind = ctx
            .plan
            .meetings
            .iter()
            .find(|m| m.id == self.meeting)
            .map(|m| crate::model::meeting_kind_label(m.kind, ctx.lang))
            .unwrap_or_default();
        title(
            ctx.lang.pick("议定事项", "Decision"),
            self.meeting.as_str(),
            kind,
        )
    }

    fn fields(&self, _inputs: &Inputs) -> Vec<Field> {
        FIELDS.to_vec()
    }

    fn submit(&self, inputs: &Inputs, ctx: &Ctx) -> Result<Submission, String> {
        let d = self.decision(inputs, ctx.lang)?;
        Ok(Submission {
            preview: Effect::PreviewDecision(d.clone()),
            commit: Effect::CommitDecision(d),
        })
    }
}
