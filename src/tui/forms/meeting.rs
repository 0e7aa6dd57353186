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
    /// A new meeting of `kind`, held today at the current time rounded to the half hour
    /// (09:00 when the time is not known).
    pub fn meeting(kind: Cycle, ctx: &Ctx) -> Form {
        let lang = ctx.lang;
        let kinds = cycle_options(|c| crate::model::meeting_kind_label(c, lang).to_string());
        let inputs = Inputs(vec![
            Input::choice(Field::Kind, kinds, Pick::Cycle(kind)),
            Input::text(Field::When, format!("{} {}", ctx.today, rounded(ctx.clock))),
            Input::text(Field::Chair, ""),
            Input::text(Field::Place, ""),
            Input::text(Field::Attendees, ""),
        ]);
        Form::new(MeetingForm, inputs, Field::Kind)
    }
}

/// `time` rounded to the nearest half hour, kept within the day: 14:07 → 14:00, 14:20 →
/// 14:30, 23:50 → 23:30.
fn rounded(time: Option<chrono::NaiveTime>) -> String {
    use chrono::Timelike;
    let Some(t) = time else {
        return "09:00".into();
    };
    let minutes = (t.hour() * 60 + t.minute() + 15) / 30 * 30;
    let minutes = minutes.min(23 * 60 + 30);
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
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

#[cfg(test)]
mod tests {
    use super::rounded;
    use chrono::NaiveTime;

    #[test]
    fn the_time_is_now_rounded_to_the_half_hour() {
        let at = |h, m| Some(NaiveTime::from_hms_opt(h, m, 0).expect("time"));
        for (time, want) in [
            (at(14, 7), "14:00"),
            (at(14, 15), "14:30"),
            (at(14, 20), "14:30"),
            (at(8, 44), "08:30"),
            (at(8, 45), "09:00"),
            (at(0, 0), "00:00"),
            (at(23, 50), "23:30"),
            (None, "09:00"),
        ] {
            assert_eq!(rounded(time), want, "{time:?}");
        }
    }
}
