//! The meeting form: a new meeting of a kind (time, chair, place, attending units).

use super::field::{Field, Input, Inputs, Pick, cycle_options, list_entries};
use super::{Form, Spec, Submission, title};
use crate::model::{Cycle, Lang};
use crate::store::NewMeeting;
use crate::tui::action::Effect;
use crate::tui::ctx::Ctx;

/// The fields, in order.
const FIELDS: [Field; 5] = [
    Field::Kind,
    Field::When,
    Field::Chair,
    Field::Place,
    Field::Attendees,
];

/// A new meeting (the store gives it its id from the time entered).
#[derive(Debug, Clone)]
pub struct MeetingForm;

impl Form {
    /// A new meeting of `kind`, held today at 09:00 unless changed.
    pub fn meeting(kind: Cycle, ctx: &Ctx) -> Form {
        let lang = ctx.lang;
        let kinds = cycle_options(|c| crate::model::meeting_kind_label(c, lang).to_string());
        let inputs = Inputs(vec![
            Input::choice(Field::Kind, kinds, Pick::Cycle(kind)),
            Input::text(Field::When, format!("{} 09:00", ctx.today)),
            Input::text(Field::Chair, ""),
            Input::text(Field::Place, ""),
            Input::text(Field::Attendees, ""),
        ]);
        Form::new(MeetingForm, inputs, Field::Kind)
    }
}

impl MeetingForm {
    /// The new meeting, or a message about an invalid value.
    pub fn meeting(inputs: &Inputs, lang: Lang) -> Result<NewMeeting, String> {
        let when = inputs.text(Field::When);
        let time = crate::store::parse_meeting_time(when).ok_or_else(|| {
            format!(
                "{}: {}",
                lang.pick(
                    "时间须为 YYYY-MM-DD 或 YYYY-MM-DD HH:MM",
                    "time must be YYYY-MM-DD or YYYY-MM-DD HH:MM"
                ),
                when.trim()
            )
        })?;
        Ok(NewMeeting {
            kind: inputs.cycle(Field::Kind).unwrap_or(Cycle::Monthly),
            time,
            period: None,
            chair: inputs.text(Field::Chair).trim().to_string(),
            attendees: list_entries(inputs.text(Field::Attendees)),
            place: inputs.text(Field::Place).trim().to_string(),
            issue: None,
            sign_off: Default::default(),
        })
    }
}

impl Spec for MeetingForm {
    fn title(&self, ctx: &Ctx) -> String {
        title(ctx.lang.pick("召开会议", "Open a meeting"), "", "")
    }

    fn fields(&self, _inputs: &Inputs) -> Vec<Field> {
        FIELDS.to_vec()
    }

    fn submit(&self, inputs: &Inputs, ctx: &Ctx) -> Result<Submission, String> {
        let m = MeetingForm::meeting(inputs, ctx.lang)?;
        Ok(Submission {
            preview: Effect::PreviewMeeting(m.clone()),
            commit: Effect::OpenMeeting(m),
        })
    }
}
