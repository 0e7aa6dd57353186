//! Every refusal in English: the CLI names flags, the TUI the form labels.

use super::Naming;
use super::rejection::{
    Field, MilestoneAction, Rejection, cycle_word, limit_word, list, purpose_word,
};
use crate::model::Lang;

impl Rejection {
    pub(super) fn en(&self, naming: Naming) -> String {
        let e = Lang::En;
        let n = |f: Field| f.named(e, naming);
        let cli = naming == Naming::Flags;
        match self {
            Rejection::UnknownPerson { field, name, known } => format!(
                "{} {name}: not a person of the roster ({}; known: {})",
                n(*field),
                if cli { "add one with roster add-person" } else { "add them to the roster first" },
                list(known, e)
            ),
            Rejection::UnknownUnit {
                field: Field::RosterUnit,
                name,
            } => format!("{name} is not a unit of the roster"),
            Rejection::UnknownUnit { field, name } => {
                format!("{} {name}: not a unit of the roster", n(*field))
            }
            Rejection::OutOfRange { field, value, min, max } => match max {
                Some(max) => format!("{} {value}: must be {min} to {max}", n(*field)),
                None => format!("{} {value}: must be at least {min}", n(*field)),
            },
            Rejection::NotANumber { field, value } => {
                format!("{} {value}: not a number", n(*field))
            }
            Rejection::BadCharacter { field, code, at, control } => format!(
                "{}: {} U+{code:04X} at character {at} is not allowed",
                n(*field),
                if *control { "control character" } else { "invisible or direction character" }
            ),
            Rejection::Empty { field } => format!("{}: must not be empty", n(*field)),
            Rejection::NotOneLine { field } => {
                format!("{}: empty or has a line break", n(*field))
            }
            Rejection::BadCommitter { email, code, at } => format!(
                "the committer's {}: character U+{code:04X} at position {at} is not allowed (a control, direction or invisible character); {}",
                if *email { "e-mail" } else { "name" },
                if cli {
                    "set a plain one with --author \"Name <mail>\" or git config user.name"
                } else {
                    "set plain ones with git in a terminal"
                }
            ),
            Rejection::BadEnvDate { var, value } => format!(
                "{var}={value:?}: expected \"YYYY-MM-DD HH:MM:SS +ZZZZ\" or RFC 3339"
            ),
            Rejection::Required { field, purpose } => {
                if cli {
                    format!(
                        "{} needs the {} ({})",
                        purpose_word(*purpose, e),
                        field.label(e),
                        field.flag()
                    )
                } else {
                    format!("{} needs the {}", purpose_word(*purpose, e), field.label(e))
                }
            }
            Rejection::OnlyWhenClosing => format!(
                "{}, {} and {} go with closing only",
                n(Field::Approver),
                n(Field::Basis),
                n(Field::ClosedOn)
            ),
            Rejection::DateBefore { field, date, limit, of } => format!(
                "{} {date}: before {} {limit}",
                n(*field),
                limit_word(*of, e)
            ),
            Rejection::DateAfter { field, date, limit, of } => format!(
                "{} {date}: after {} {limit}",
                n(*field),
                limit_word(*of, e)
            ),
            Rejection::OutsidePlan { field, value, start, end } => {
                format!("{} {value}: outside the plan ({start} to {end})", n(*field))
            }
            Rejection::WrongCycle { field, period, allowed } => format!(
                "{} {period}: not a {} period",
                n(*field),
                allowed
                    .iter()
                    .map(|c| cycle_word(*c, e))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
            Rejection::BadDate { field, value } => format!(
                "{} {value}: not a date (YYYY-MM-DD){}",
                n(*field),
                if *field == Field::Since { " or a known revision" } else { "" }
            ),
            Rejection::BadId { value } => format!("{value}: not a valid id"),
            Rejection::NoSuchMeasure { field, id } => {
                format!("{} {id}: no such measure", n(*field))
            }
            Rejection::NoMeetingOpen { kind } => {
                let what = match kind {
                    Some(k) => crate::model::meeting_kind_label(*k, e),
                    None => "meeting",
                };
                if cli {
                    format!(
                        "no {what} is open: start one with taskforce meeting new weekly|monthly|quarterly"
                    )
                } else {
                    format!("no {what} is open: start one first (press n)")
                }
            }
            Rejection::ManyMeetingsOpen { ids } => format!(
                "{} meetings are open ({}): say which with {}",
                ids.len(),
                list(ids, e),
                n(Field::Meeting)
            ),
            Rejection::MeetingClosed { id } => {
                format!("meeting {id} is closed; its decisions and minutes are final")
            }
            Rejection::MeetingExists { id } => format!("meeting {id} exists already"),
            Rejection::MeetingStillOpen { id } => {
                format!("meeting {id} is still open: close it first")
            }
            Rejection::NoMeetingHeld => "no meeting has been held yet".into(),
            Rejection::MeetingTagMissing { id, tag } => {
                format!("meeting {id} is closed but its tag {tag} is missing")
            }
            Rejection::IssueTaken { issue, year, meeting } => format!(
                "{} {issue}: issue {issue} of {year} is meeting {meeting} already",
                n(Field::Issue)
            ),
            Rejection::ReportedTwice { id } => format!("{id}: reported twice in one batch"),
            Rejection::ReportOnClosed => {
                "the measure is closed; a report cannot change its status: reopen it first".into()
            }
            Rejection::ClosingInReport => {
                "closing needs approval and is not part of a report: change the status on its own, with the approver and basis".into()
            }
            Rejection::ReportedInFuture { date, today } => format!(
                "{} {date}: after today ({today}); a report cannot be dated in the future",
                n(Field::ReportedOn)
            ),
            Rejection::ReportedBeforePeriod { date, period, first } => format!(
                "{} {date}: before the period {period} began on {first}; a report cannot be dated before its period",
                n(Field::ReportedOn)
            ),
            Rejection::NotACoUnit { unit, id, now } => {
                format!("{unit}: not a co-unit of {id} (now: {})", list(now, e))
            }
            Rejection::CoUnitIsLead { unit } => format!("co-unit {unit}: it is the lead unit"),
            Rejection::NoMilestone { id, due, known, action } => format!(
                "{id} has no milestone due {due} to {} (now: {})",
                match action {
                    MilestoneAction::Remove => "remove",
                    MilestoneAction::MarkDone => "mark done",
                },
                list(&known.iter().map(|d| d.to_string()).collect::<Vec<_>>(), e)
            ),
            Rejection::MilestoneOutside { id, due, start, deadline } => {
                format!("milestone {due}: outside {id}'s start {start} and deadline {deadline}")
            }
            Rejection::MilestoneTaken { id, due } => {
                format!("milestone {due}: {id} already has a milestone due then; remove it first")
            }
            Rejection::TargetInPlan { indicator, year, text } => format!(
                "the plan sets {indicator}'s target for {year} ({text}); only a year without one, or an assigned-figure cell, can be set"
            ),
            Rejection::BadTarget { value } => format!(
                "{} {value}: expected a number, ≥N, N or more, keep N, or the assigned figure",
                n(Field::Value)
            ),
            Rejection::TargetNeedsFigure { value } => {
                format!("{} {value}: give the figure that was assigned", n(Field::Value))
            }
            Rejection::NoSuggestion { indicator, year } => format!(
                "{indicator} has no suggested target for {year}: a neighbouring year has no figure (enter the assigned figure first)"
            ),
            Rejection::TargetAlreadySet { indicator, year, target, basis, suggested } => format!(
                "{indicator}'s {year} target is already set to {target} ({basis}); to use the suggestion {suggested}, set the target again"
            ),
            Rejection::TooManyLandmarks { year, count, max } => format!(
                "{year} has {count} landmark achievements already; at most {max} a year (remove one first)"
            ),
            Rejection::UnitExists { name } => format!("{name} is already in the roster"),
            Rejection::UnitNameTaken { old, new } => {
                format!("{new} is already in the roster: {old} cannot take its name")
            }
            Rejection::UnitReferenced { name, en, .. } => format!(
                "{name} is still referenced {} time(s); not removed (change those leads or co-units first, or rename the unit):\n{}",
                en.len(),
                en.iter().map(|r| format!("  {r}")).collect::<Vec<_>>().join("\n")
            ),
            Rejection::ChangedLater { commit, path } => format!(
                "cannot revert {commit}: {} was changed again later; revert that change first",
                if cli { path.as_str() } else { "what it changed" }
            ),
            Rejection::ChangedSincePreview => {
                "the plan changed since the preview; do it again".into()
            }
            Rejection::NoSuchChange { rev } => format!("no change {rev} in the history"),
            Rejection::NotRevertible { commit } => format!(
                "{commit} is the plan's first version or a merge of two lines of work; there is no single change to revert"
            ),
        }
    }
}
