//! The measure form: a measure's status, dates, cadence, people, co-units (picked from the
//! roster), milestones (added, marked done on a date, removed), a light set by hand, and its
//! closing (销号). Only what changed is sent, so an untouched default stays marked 默认; the
//! confirmation shows the light the measure will have and why.

use chrono::NaiveDate;

use super::field::{
    DatedList, Field, Input, Inputs, Mark, MultiPick, Pick, Value, cycle_options, light_options,
};
use super::list_view::draft_error;
use super::{Form, Spec, Submission, title};
use crate::model::{Assumed, Cycle, Id, Lang, LightOverride, Measure, Status};
use crate::store::{LightPreview, MeasureEdit};
use crate::tui::action::Effect;
use crate::tui::ctx::Ctx;

/// The fields, in order.
pub const FIELDS: [Field; 11] = [
    Field::Status,
    Field::Deadline,
    Field::Start,
    Field::Cadence,
    Field::Owner,
    Field::Liaison,
    Field::Lead,
    Field::CoUnits,
    Field::Milestones,
    Field::Override,
    Field::Reason,
];

/// The fields while the status is 已销号: the closure's approver, basis and date too.
pub const CLOSING: [Field; 14] = [
    Field::Status,
    Field::ApprovedBy,
    Field::Basis,
    Field::ClosedOn,
    Field::Deadline,
    Field::Start,
    Field::Cadence,
    Field::Owner,
    Field::Liaison,
    Field::Lead,
    Field::CoUnits,
    Field::Milestones,
    Field::Override,
    Field::Reason,
];

/// A change of one measure, with what it held when the form opened.
#[derive(Debug, Clone)]
pub struct MeasureForm {
    pub id: Id,
    initial_status: Option<Status>,
    initial_deadline: String,
    initial_start: String,
    initial_cadence: Cycle,
    initial_liaison: String,
    initial_co: Vec<String>,
    /// Whether the measure had a light set by hand.
    pub had_override: bool,
}

impl Form {
    /// A change of `m`, filled with its current values.
    pub fn measure(m: &Measure, ctx: &Ctx) -> Form {
        let lang = ctx.lang;
        let statuses = std::iter::once((Pick::None, lang.pick("（不变）", "(unchanged)").into()))
            .chain(
                Status::ALL
                    .iter()
                    .map(|&s| (Pick::Status(s), s.label(lang).to_string())),
            )
            .collect();
        let cadences = cycle_options(|c| crate::store::cadence_label(c, lang).to_string());
        let had_override = m.light_override.is_some();
        let none = if had_override {
            (Pick::Clear, lang.pick("清除人工亮灯", "clear the override"))
        } else {
            (
                Pick::None,
                lang.pick("不设定（按规则计算）", "none (computed)"),
            )
        };
        let closure = m.closure.as_ref();
        let override_pick = m
            .light_override
            .as_ref()
            .map_or(none.0, |o| Pick::Light(o.light));
        let inputs = Inputs(vec![
            Input::choice(Field::Status, statuses, Pick::Status(m.status)),
            Input::text(
                Field::ApprovedBy,
                closure.map(|c| c.approved_by.clone()).unwrap_or_default(),
            ),
            Input::text(
                Field::Basis,
                closure.map(|c| c.basis.clone()).unwrap_or_default(),
            ),
            Input::text(
                Field::ClosedOn,
                closure.map(|c| c.date.to_string()).unwrap_or_default(),
            ),
            Input::text(Field::Deadline, m.deadline.to_string()),
            Input::text(Field::Start, m.start.to_string()),
            Input::choice(Field::Cadence, cadences, Pick::Cycle(m.cadence)),
            Input::text(Field::Owner, m.owner.clone().unwrap_or_default()),
            Input::text(Field::Liaison, m.liaison.clone().unwrap_or_default()),
            Input::text(Field::Lead, m.lead_unit.clone()),
            Input::of(
                Field::CoUnits,
                Value::Picks(MultiPick::new(
                    ctx.plan
                        .roster
                        .units
                        .iter()
                        .map(|u| u.name.clone())
                        .filter(|u| *u != m.lead_unit)
                        .collect(),
                    m.co_units.clone(),
                )),
            ),
            Input::of(
                Field::Milestones,
                Value::Dated(DatedList::new(
                    m.milestones
                        .iter()
                        .map(|ms| (ms.due, ms.what.clone(), ms.done_on)),
                    ctx.today,
                )),
            ),
            Input::choice(Field::Override, light_options(none, lang), override_pick),
            Input::text(
                Field::Reason,
                m.light_override
                    .as_ref()
                    .map(|o| o.reason.clone())
                    .unwrap_or_default(),
            ),
        ]);
        let spec = MeasureForm {
            id: m.id.clone(),
            initial_status: Some(m.status),
            initial_deadline: m.deadline.to_string(),
            initial_start: m.start.to_string(),
            initial_cadence: m.cadence,
            initial_liaison: m.liaison.clone().unwrap_or_default(),
            initial_co: m.co_units.clone(),
            had_override,
        };
        Form::new(spec, inputs, Field::Deadline)
    }
}

impl MeasureForm {
    fn closing(inputs: &Inputs) -> bool {
        inputs.status(Field::Status) == Some(Status::Closed)
    }

    /// The measure edit, or a message about an invalid value.
    pub fn edit(
        &self,
        inputs: &Inputs,
        lang: Lang,
        today: NaiveDate,
    ) -> Result<MeasureEdit, String> {
        let unchanged = |field: Field, initial: &str| inputs.text(field).trim() == initial.trim();
        let deadline = if unchanged(Field::Deadline, &self.initial_deadline) {
            None
        } else {
            inputs.date(Field::Deadline, lang)?
        };
        let light_override = match inputs.light(Field::Override) {
            Some(light) => {
                let reason = inputs.text(Field::Reason).trim();
                if reason.is_empty() {
                    return Err(lang
                        .pick("人工亮灯须填写亮灯理由", "an override light needs a reason")
                        .into());
                }
                Some(Some(LightOverride {
                    light,
                    reason: reason.to_string(),
                    set_on: today,
                }))
            }
            None if self.had_override => Some(None),
            None => None,
        };
        let start = if unchanged(Field::Start, &self.initial_start) {
            None
        } else {
            inputs.date(Field::Start, lang)?
        };
        let co = inputs
            .picks(Field::CoUnits)
            .map(|p| p.picked.clone())
            .unwrap_or_default();
        let add_co: Vec<String> = co
            .iter()
            .filter(|u| !self.initial_co.contains(u))
            .cloned()
            .collect();
        let remove_co: Vec<String> = self
            .initial_co
            .iter()
            .filter(|u| !co.contains(u))
            .cloned()
            .collect();
        let milestones = milestone_edits(inputs, lang)?;
        let closing = MeasureForm::closing(inputs);
        let closed_on = match inputs.date(Field::ClosedOn, lang) {
            _ if !closing => None,
            Ok(None) => Some(today),
            Ok(d) => d,
            Err(e) => return Err(e),
        };
        let liaison = inputs
            .some(Field::Liaison)
            .filter(|l| *l != self.initial_liaison);
        Ok(MeasureEdit {
            deadline,
            owner: inputs.some(Field::Owner),
            lead_unit: inputs.some(Field::Lead),
            status: inputs
                .status(Field::Status)
                .filter(|s| Some(*s) != self.initial_status),
            light_override,
            start,
            cadence: inputs
                .cycle(Field::Cadence)
                .filter(|c| *c != self.initial_cadence),
            liaison,
            add_milestones: milestones.add,
            done_milestones: milestones.done,
            remove_milestones: milestones.remove,
            add_co,
            remove_co,
            approved_by: inputs.some(Field::ApprovedBy).filter(|_| closing),
            basis: inputs.some(Field::Basis).filter(|_| closing),
            closed_on,
        })
    }
}

/// What the milestones field asks for.
#[derive(Debug, Default)]
struct MilestoneEdits {
    add: Vec<(NaiveDate, String)>,
    done: Vec<(NaiveDate, NaiveDate)>,
    remove: Vec<NaiveDate>,
}

/// The milestones to add (those added in the form and the one still typed), mark done and
/// remove; a message when a date cannot be read.
fn milestone_edits(inputs: &Inputs, lang: Lang) -> Result<MilestoneEdits, String> {
    let mut out = MilestoneEdits::default();
    let Some(list) = inputs.dated(Field::Milestones) else {
        return Ok(out);
    };
    for e in &list.entries {
        match e.mark {
            // An entry added and dropped again in the form was never there.
            Mark::Keep => {}
            Mark::Remove if e.added => {}
            Mark::New => out.add.push((e.due, e.text.clone())),
            Mark::Remove => out.remove.push(e.due),
            Mark::Done => {
                let on = e.date.trim().parse::<NaiveDate>().map_err(|_| match lang {
                    Lang::Zh => format!(
                        "节点 {} 的完成日期须为日期（YYYY-MM-DD）: {}",
                        e.due, e.date
                    ),
                    Lang::En => format!(
                        "the done date of the milestone {} must be a date (YYYY-MM-DD): {}",
                        e.due, e.date
                    ),
                })?;
                out.done.push((e.due, on));
            }
        }
    }
    if let Some(typed) = list.parse_draft().map_err(|e| draft_error(e, lang))? {
        out.add.push(typed);
    }
    Ok(out)
}

/// The light the measure will have after the change and why, beside the light before:
/// `亮灯：未报→黄（节点“完成站点规划”逾期8天（应于2026-11-17完成））`.
pub fn preview_line(p: &LightPreview, lang: Lang) -> String {
    let reasons = p
        .after
        .main_reasons()
        .map(|r| r.describe(lang))
        .collect::<Vec<_>>()
        .join(lang.pick("；", "; "));
    let (before, after) = (p.before.label(lang), p.after.light.label(lang));
    match (p.before == p.after.light, lang) {
        (false, Lang::Zh) => format!("亮灯：{before}→{after}（{reasons}）"),
        (false, Lang::En) => format!("light: {before} → {after} ({reasons})"),
        (true, Lang::Zh) => format!("亮灯不变：{after}（{reasons}）"),
        (true, Lang::En) => format!("light unchanged: {after} ({reasons})"),
    }
}

impl Spec for MeasureForm {
    fn title(&self, ctx: &Ctx) -> String {
        let name = ctx.plan.measure(&self.id).map_or("", |m| m.title.as_str());
        title(ctx.lang.pick("调整", "Change"), self.id.as_str(), name)
    }

    fn fields(&self, inputs: &Inputs) -> Vec<Field> {
        if MeasureForm::closing(inputs) {
            CLOSING.to_vec()
        } else {
            FIELDS.to_vec()
        }
    }

    fn hint(&self, inputs: &Inputs, lang: Lang) -> Option<&'static str> {
        if MeasureForm::closing(inputs) {
            Some(lang.pick(
                "销号须填写审批人和销号依据；销号日期默认今天",
                "closing needs who approved it and the basis; the date defaults to today",
            ))
        } else if inputs.light(Field::Override).is_some() {
            Some(lang.pick(
                "人工亮灯须填写亮灯理由；选“不设定”可取消",
                "an override needs a reason; choose none to drop it",
            ))
        } else {
            None
        }
    }

    fn assumed(&self, field: Field, inputs: &Inputs, ctx: &Ctx) -> bool {
        let Some(m) = ctx.plan.measure(&self.id) else {
            return false;
        };
        let (assumed, unchanged) = match field {
            Field::Status => (
                Assumed::Status,
                inputs.status(Field::Status) == self.initial_status,
            ),
            Field::Deadline => (
                Assumed::Deadline,
                inputs.text(Field::Deadline) == self.initial_deadline,
            ),
            Field::Start => (
                Assumed::Start,
                inputs.text(Field::Start) == self.initial_start,
            ),
            Field::Cadence => (
                Assumed::Cadence,
                inputs.cycle(Field::Cadence) == Some(self.initial_cadence),
            ),
            _ => return false,
        };
        unchanged && m.is_assumed(assumed)
    }

    fn submit(&self, inputs: &Inputs, ctx: &Ctx) -> Result<Submission, String> {
        let edit = self.edit(inputs, ctx.lang, ctx.today)?;
        let id = self.id.clone();
        Ok(Submission {
            preview: Effect::PreviewMeasure {
                id: id.clone(),
                edit: edit.clone(),
            },
            commit: Effect::CommitMeasure { id, edit },
        })
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::model::Milestone;
    use crate::tui::action::{Action, Effect};
    use crate::tui::app::App;
    use crate::tui::tests::{app, form_mut, select, type_text};

    fn day(text: &str) -> NaiveDate {
        text.parse().expect("date")
    }

    /// The bundled plan with two milestones on A3-02, its measure form open.
    fn form_with_milestones() -> App {
        let mut app = app();
        let m = app
            .data
            .plan
            .measures
            .iter_mut()
            .find(|m| m.id.as_str() == "A3-02")
            .expect("A3-02");
        m.milestones = vec![
            Milestone {
                due: day("2026-06-30"),
                what: "完成站点选址".into(),
                done_on: None,
            },
            Milestone {
                due: day("2026-09-30"),
                what: "完成站点规划".into(),
                done_on: Some(day("2026-09-20")),
            },
        ];
        select(&mut app, "A3-02");
        app.update(Action::OpenMeasureForm);
        app
    }

    fn go_to(app: &mut App, field: Field) {
        for _ in 0..40 {
            if app.form().map(|f| f.field) == Some(field) {
                return;
            }
            app.update(Action::NextField);
        }
        panic!("{field:?} not reached");
    }

    fn list(app: &App) -> &DatedList {
        app.form()
            .and_then(|f| f.inputs.dated(Field::Milestones))
            .expect("the milestones")
    }

    fn preview(app: &mut App) -> MeasureEdit {
        match app.update(Action::Submit) {
            Some(Effect::PreviewMeasure { edit, .. }) => edit,
            other => panic!(
                "expected a measure preview, got {other:?}; error {:?}",
                app.form().and_then(|f| f.error.clone())
            ),
        }
    }

    #[test]
    fn milestones_are_marked_done_removed_and_added_line_by_line() {
        let mut app = form_with_milestones();
        go_to(&mut app, Field::Milestones);
        assert_eq!(list(&app).at, 0, "the focus enters on the first milestone");
        // The open milestone: done, on today unless another date is typed.
        app.update(Action::ChoiceNext);
        assert_eq!(list(&app).entries[0].mark, Mark::Done);
        assert_eq!(
            app.form().map(|f| f.text(Field::Milestones)),
            Some("2026-11-25")
        );
        for _ in 0..2 {
            app.update(Action::DeleteChar);
        }
        type_text(&mut app, "20");
        // The done one can only be removed.
        app.update(Action::NextField);
        assert_eq!(list(&app).at, 1);
        app.update(Action::ChoiceNext);
        assert_eq!(list(&app).entries[1].mark, Mark::Remove);
        app.update(Action::ChoiceNext);
        assert_eq!(list(&app).entries[1].mark, Mark::Keep);
        app.update(Action::ChoicePrev);
        // The add line takes `DATE TEXT`; Enter adds it and stays for another.
        app.update(Action::NextField);
        assert!(list(&app).on_draft());
        type_text(&mut app, "2026-12-31 全面建成");
        app.update(Action::NextField);
        assert_eq!(app.form().map(|f| f.field), Some(Field::Milestones));
        assert!(list(&app).on_draft() && list(&app).draft.is_empty());
        assert_eq!(list(&app).entries.len(), 3);
        // A second one, typed but not entered, is sent too.
        type_text(&mut app, "2027-03-31：验收");
        let edit = preview(&mut app);
        assert_eq!(
            edit.done_milestones,
            vec![(day("2026-06-30"), day("2026-11-20"))]
        );
        assert_eq!(edit.remove_milestones, vec![day("2026-09-30")]);
        assert_eq!(
            edit.add_milestones,
            vec![
                (day("2026-12-31"), "全面建成".to_string()),
                (day("2027-03-31"), "验收".to_string())
            ]
        );
        assert!(edit.add_co.is_empty() && edit.remove_co.is_empty());
    }

    #[test]
    fn a_milestone_line_that_cannot_be_read_is_named_and_keeps_the_focus() {
        let mut app = form_with_milestones();
        go_to(&mut app, Field::Milestones);
        for _ in 0..2 {
            app.update(Action::NextField);
        }
        for (typed, word) in [
            ("六月底", "日期 内容"),
            ("2026-13-01 验收", "YYYY-MM-DD"),
            ("2026-06-30 改写", "已有节点"),
        ] {
            form_mut(&mut app)
                .inputs
                .dated_mut(Field::Milestones)
                .expect("list")
                .draft = typed.into();
            app.update(Action::NextField);
            let form = app.form().expect("form");
            assert_eq!(form.field, Field::Milestones, "{typed}");
            assert!(
                form.error.as_deref().is_some_and(|e| e.contains(word)),
                "{typed}: {:?}",
                form.error
            );
            assert!(app.update(Action::Submit).is_none(), "{typed} is not sent");
        }
        // Marking the old one removed frees its day for a new text.
        app.update(Action::PrevField);
        app.update(Action::PrevField);
        app.update(Action::ChoicePrev);
        assert_eq!(list(&app).entries[0].mark, Mark::Remove);
        app.update(Action::NextField);
        app.update(Action::NextField);
        app.update(Action::NextField);
        assert_eq!(
            list(&app).entries.len(),
            3,
            "{:?}",
            app.form().and_then(|f| f.error.clone())
        );
        // A new one dropped again is not sent (it sorts after the removed one of its day).
        app.update(Action::PrevField);
        app.update(Action::PrevField);
        let added = list(&app).at;
        assert_eq!(added, 1);
        assert!(list(&app).entries[added].added);
        app.update(Action::ChoiceNext);
        let edit = preview(&mut app);
        assert_eq!(edit.remove_milestones, vec![day("2026-06-30")]);
        assert!(edit.add_milestones.is_empty(), "{:?}", edit.add_milestones);
        // Going back up from the next field lands on the add line.
        go_to(&mut app, Field::Override);
        app.update(Action::PrevField);
        assert!(list(&app).on_draft());
    }

    #[test]
    fn a_done_date_that_is_not_a_date_is_refused() {
        let mut app = form_with_milestones();
        go_to(&mut app, Field::Milestones);
        app.update(Action::ChoiceNext);
        type_text(&mut app, "x");
        assert!(app.update(Action::Submit).is_none());
        let error = app.form().and_then(|f| f.error.clone()).unwrap_or_default();
        assert!(
            error.contains("2026-06-30") && error.contains("完成日期"),
            "{error}"
        );
    }

    #[test]
    fn co_units_are_picked_from_the_roster_and_dropped_with_space() {
        let mut app = app();
        select(&mut app, "A3-02");
        app.update(Action::OpenMeasureForm);
        go_to(&mut app, Field::CoUnits);
        let picks = |app: &App| {
            app.form()
                .and_then(|f| f.inputs.picks(Field::CoUnits))
                .cloned()
                .expect("picks")
        };
        assert!(
            !picks(&app).options.contains(&"市人社局".to_string()),
            "the lead unit is not offered"
        );
        type_text(&mut app, "财政");
        assert_eq!(picks(&app).shown(), Some("市财政局"));
        app.update(Action::Input(' '));
        assert_eq!(picks(&app).picked, vec!["市财政局"]);
        assert!(picks(&app).query.is_empty(), "the filter is cleared");
        assert_eq!(
            picks(&app).shown(),
            Some("市财政局"),
            "the option stays shown"
        );
        app.update(Action::ChoiceNext);
        let next = picks(&app).shown().map(str::to_string).expect("an option");
        app.update(Action::Input(' '));
        type_text(&mut app, "没有这个单位");
        assert_eq!(picks(&app).shown(), None);
        app.update(Action::Input(' '));
        assert_eq!(
            picks(&app).picked.len(),
            2,
            "Space with no match picks nothing"
        );
        let edit = preview(&mut app);
        assert_eq!(edit.add_co, vec!["市财政局".to_string(), next.clone()]);
        // Picked ones are dropped the same way, and a co-unit the record has is removed.
        let mut app = crate::tui::tests::app();
        let m = app
            .data
            .plan
            .measures
            .iter_mut()
            .find(|m| m.id.as_str() == "A3-02")
            .expect("A3-02");
        m.co_units = vec!["市民政局".into()];
        select(&mut app, "A3-02");
        app.update(Action::OpenMeasureForm);
        go_to(&mut app, Field::CoUnits);
        type_text(&mut app, "民政");
        app.update(Action::Input(' '));
        let edit = preview(&mut app);
        assert_eq!(edit.remove_co, vec!["市民政局".to_string()]);
        assert!(edit.add_co.is_empty());
    }

    #[test]
    fn the_preview_line_says_the_light_before_and_after_and_why() {
        use crate::model::{Assessment, Light, Reason};
        let p = LightPreview {
            reported: None,
            before: Light::Unreported,
            after: Assessment {
                light: Light::Yellow,
                reasons: vec![(
                    Light::Yellow,
                    Reason::MilestoneLate {
                        what: "完成站点选址".into(),
                        due: day("2026-11-17"),
                        days: 8,
                    },
                )],
            },
        };
        assert_eq!(
            preview_line(&p, Lang::Zh),
            "亮灯：未报→黄（节点“完成站点选址”逾期8天（应于2026-11-17完成））"
        );
        assert_eq!(
            preview_line(&p, Lang::En),
            "light: unreported → yellow (milestone \"完成站点选址\" 8 days late (due 2026-11-17))"
        );
        let same = LightPreview {
            before: Light::Yellow,
            ..p
        };
        assert!(preview_line(&same, Lang::Zh).starts_with("亮灯不变：黄（"));
    }
}
