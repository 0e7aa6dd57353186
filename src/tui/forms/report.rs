//! The report form: a measure's report for one period (light, status, percent, the texts).
//! The cycle is the one of the screen it was opened from (the measure's own cadence from the
//! tree, the meeting's kind from a meeting or review screen); an earlier period with its own
//! report date is a late report (补报).

use chrono::NaiveDate;

use super::field::{Choice, Field, Input, Inputs, Pick, cycle_options, light_options};
use super::{Form, Spec, Submission, title};
use crate::model::{Cycle, Id, Lang, Measure, Period, Report, Status, is_late};
use crate::store::ReportEdit;
use crate::tui::action::Effect;
use crate::tui::component::Outcome;
use crate::tui::ctx::Ctx;
use crate::tui::node::Node;
use crate::tui::widgets::cycle_label;

/// The fields, in order.
const FIELDS: [Field; 10] = [
    Field::Cycle,
    Field::Period,
    Field::ReportedOn,
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
    /// The first day a period can be reported for (the measure's start).
    start: NaiveDate,
}

impl Form {
    /// The report of `m` for its own cadence's current period, filled with what is reported.
    pub fn report(m: &Measure, ctx: &Ctx) -> Form {
        Form::report_in(m, m.cadence, ctx)
    }

    /// The report of `m` for the current period of `cycle` (the cycle of the screen it is
    /// opened from), filled with what is reported.
    pub fn report_in(m: &Measure, cycle: Cycle, ctx: &Ctx) -> Form {
        let lang = ctx.lang;
        let cycles = cycle_options(|c| cycle_label(c, lang).to_string());
        let statuses = std::iter::once((Pick::None, lang.pick("（不变）", "(unchanged)").into()))
            .chain(
                Status::ALL
                    .iter()
                    .map(|&s| (Pick::Status(s), s.label(lang).to_string())),
            )
            .collect();
        let spec = ReportForm {
            id: m.id.clone(),
            start: m.start,
        };
        let current = cycle.period_of(ctx.today);
        let mut inputs = Inputs(vec![
            Input::choice(Field::Cycle, cycles, Pick::Cycle(cycle)),
            Input::choice(Field::Period, Vec::new(), Pick::None),
            Input::text(Field::ReportedOn, ""),
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
        spec.set_periods(&mut inputs, cycle, ctx);
        fill(&mut inputs, ctx.plan.report(&m.id, current), ctx.today);
        Form::new(spec, inputs, Field::Light)
    }
}

/// `e` on a meeting or review screen of `kind`: the report form of the measure selected in the
/// tree, on that kind's cycle (周报 at a 周调度).
pub fn open_in(kind: Cycle, ctx: &Ctx) -> Outcome {
    let measure = match ctx.selected {
        Some(Node::Measure(id)) => ctx.plan.measure(id),
        _ => None,
    };
    match measure {
        Some(m) => Outcome::push(Form::report_in(m, kind, ctx)),
        None => Outcome::error(ctx.lang.pick(
            "请先在计划树中选择一项举措（Esc 返回计划树）",
            "select a measure in the tree first (Esc goes back to it)",
        )),
    }
}

/// `2026-10`, `2026-11（本期）`; a week with its days: `2026-W46（11-09～11-15）`.
fn period_label(p: Period, current: bool, lang: Lang) -> String {
    let days = |zh: &str, en: &str| {
        let (first, last) = (p.first_day().format("%m-%d"), p.last_day().format("%m-%d"));
        match lang {
            Lang::Zh => format!("（{zh}{first}～{last}）"),
            Lang::En => format!(" ({en}{first} to {last})"),
        }
    };
    match (p.cycle(), current) {
        (Cycle::Weekly, true) => format!("{p}{}", days("本期，", "this period, ")),
        (Cycle::Weekly, false) => format!("{p}{}", days("", "")),
        (_, true) => format!("{p}{}", lang.pick("（本期）", " (this period)")),
        (_, false) => p.to_string(),
    }
}

impl ReportForm {
    /// The periods of `cycle` a report can be for: from the measure's start to the current one
    /// (chosen), oldest first, so ◂ goes back in time.
    fn set_periods(&self, inputs: &mut Inputs, cycle: Cycle, ctx: &Ctx) {
        let current = cycle.period_of(ctx.today);
        let mut periods = vec![current];
        let first = cycle.period_of(self.start.min(ctx.today));
        while let Some(&p) = periods.last()
            && p > first
        {
            periods.push(p.previous());
        }
        periods.reverse();
        let options = periods
            .into_iter()
            .map(|p| (Pick::Period(p), period_label(p, p == current, ctx.lang)))
            .collect();
        if let Some(c) = inputs.choice_mut(Field::Period) {
            *c = Choice::new(options, Pick::Period(current)).bounded();
        }
    }

    /// The period chosen (the current one of the cycle when none is).
    fn period(inputs: &Inputs, today: NaiveDate) -> Period {
        inputs.period(Field::Period).unwrap_or_else(|| {
            inputs
                .cycle(Field::Cycle)
                .unwrap_or(Cycle::Weekly)
                .period_of(today)
        })
    }
}

/// Fills the form from `report` (or empties it); the report date is the report's, else today.
fn fill(inputs: &mut Inputs, report: Option<&Report>, today: NaiveDate) {
    let light = report.and_then(|r| r.light).map_or(Pick::None, Pick::Light);
    let status = report
        .and_then(|r| r.status)
        .map_or(Pick::None, Pick::Status);
    for (field, pick) in [(Field::Light, light), (Field::Status, status)] {
        if let Some(c) = inputs.choice_mut(field) {
            *c = Choice::new(std::mem::take(&mut c.options), pick);
        }
    }
    inputs.set_text(
        Field::ReportedOn,
        report.map_or(today, |r| r.reported_on).to_string(),
    );
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
            reported_on: inputs.date(Field::ReportedOn, lang)?,
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
        let cycle = inputs.cycle(Field::Cycle).unwrap_or(Cycle::Weekly);
        match field {
            Field::Cycle => self.set_periods(inputs, cycle, ctx),
            Field::Period => {}
            _ => return true,
        }
        // Another cycle or period shows what is reported for it, until the form is changed.
        if !touched {
            let period = ReportForm::period(inputs, ctx.today);
            fill(inputs, ctx.plan.report(&self.id, period), ctx.today);
        }
        false
    }

    fn hint(&self, inputs: &Inputs, lang: Lang) -> Option<&'static str> {
        let on = inputs.text(Field::ReportedOn).trim().parse::<NaiveDate>();
        match (inputs.period(Field::Period), on) {
            (Some(p), Ok(on)) if is_late(p, on) => Some(lang.pick(
                "报送日期晚于所报期次的结束日：记为补报",
                "the report date is after the period's end: it is recorded as late",
            )),
            _ => None,
        }
    }

    fn submit(&self, inputs: &Inputs, ctx: &Ctx) -> Result<Submission, String> {
        let edit = ReportForm::edit(inputs, ctx.lang)?;
        let period = ReportForm::period(inputs, ctx.today);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::action::{Action, Effect};
    use crate::tui::app::App;
    use crate::tui::tests::{app, id, meeting_data, red_report, select, today, with_reports};

    fn form(app: &App) -> &Form {
        app.form().expect("the report form")
    }

    fn go_to(app: &mut App, field: Field) {
        for _ in 0..20 {
            if app.form().map(|f| f.field) == Some(field) {
                return;
            }
            app.update(Action::PrevField);
        }
        panic!("{field:?} not reached");
    }

    fn period(text: &str) -> Period {
        Period::parse(text).expect("period")
    }

    #[test]
    fn an_earlier_period_is_a_late_report_with_its_own_date() {
        let mut app = app();
        // A monthly report for October, filed in November (late).
        let mut october = red_report("A3-02");
        october.period = period("2026-10");
        october.progress = "十月完成选址".into();
        october.reported_on = "2026-11-03".parse().expect("date");
        let plan = with_reports(app.data.plan.clone(), vec![october]);
        app.data.plan = plan;
        select(&mut app, "A3-02");
        app.update(Action::OpenForm);
        let f = form(&app);
        assert_eq!(
            f.inputs.cycle(Field::Cycle),
            Some(Cycle::Monthly),
            "the measure's cadence"
        );
        assert_eq!(f.inputs.period(Field::Period), Some(period("2026-11")));
        assert_eq!(
            f.text(Field::ReportedOn),
            "2026-11-25",
            "a new report is dated today"
        );
        assert_eq!(
            f.spec::<ReportForm>()
                .and_then(|s| s.hint(&f.inputs, Lang::Zh)),
            None
        );
        // ▸ stops at this period: no report for the future.
        go_to(&mut app, Field::Period);
        app.update(Action::ChoiceNext);
        assert_eq!(
            form(&app).inputs.period(Field::Period),
            Some(period("2026-11"))
        );
        // ◂ goes back a month and shows what was reported for it, with its date.
        app.update(Action::ChoicePrev);
        let f = form(&app);
        assert_eq!(f.inputs.period(Field::Period), Some(period("2026-10")));
        assert_eq!(f.text(Field::Progress), "十月完成选址");
        assert_eq!(f.text(Field::ReportedOn), "2026-11-03");
        assert!(!f.touched, "choosing a period is not a change");
        let hint = f
            .spec::<ReportForm>()
            .and_then(|s| s.hint(&f.inputs, Lang::Zh));
        assert!(hint.is_some_and(|h| h.contains("补报")), "{hint:?}");
        // Another month back: nothing reported, dated today.
        app.update(Action::ChoicePrev);
        assert_eq!(form(&app).text(Field::Progress), "");
        assert_eq!(form(&app).text(Field::ReportedOn), "2026-11-25");
        app.update(Action::NextField);
        for _ in 0..10 {
            app.update(Action::DeleteChar);
        }
        for c in "2026-10-08".chars() {
            app.update(Action::Input(c));
        }
        let effect = app.update(Action::Submit);
        let Some(Effect::PreviewReport {
            id: item,
            period: p,
            edit,
        }) = effect
        else {
            panic!("expected a report preview, got {effect:?}");
        };
        assert_eq!((item, p), (id("A3-02"), period("2026-09")));
        assert_eq!(edit.reported_on, "2026-10-08".parse().ok());
        // A date that is not one is named.
        app.update(Action::DeleteChar);
        app.update(Action::Input('x'));
        assert!(app.update(Action::Submit).is_none());
        let error = form(&app).error.clone().unwrap_or_default();
        assert!(error.contains("报送日期"), "{error}");
    }

    #[test]
    fn the_periods_follow_the_cycle_and_go_back_to_the_measures_start() {
        let mut app = app();
        select(&mut app, "A3-02");
        app.update(Action::OpenForm);
        go_to(&mut app, Field::Cycle);
        app.update(Action::ChoicePrev);
        let f = form(&app);
        assert_eq!(f.inputs.cycle(Field::Cycle), Some(Cycle::Weekly));
        let choice = f.inputs.choice(Field::Period).expect("periods");
        assert_eq!(choice.pick(), Pick::Period(period("2026-W48")));
        assert_eq!(choice.label(), "2026-W48（本期，11-23～11-29）");
        // The measure starts on 2025-01-01 (ISO week 2025-W01).
        assert_eq!(
            choice.options.first().map(|o| o.0),
            Some(Pick::Period(period("2025-W01")))
        );
        assert!(choice.bounded);
    }

    #[test]
    fn a_meeting_or_review_screen_reports_in_its_own_cycle() {
        let mut app = app();
        // Without a measure selected in the tree, it says how to pick one.
        app.update(Action::ShowMeeting);
        app.update(Action::SwitchKind);
        app.update(Action::SwitchKind);
        app.update(Action::MeetingLoaded(
            Cycle::Weekly,
            Some(Box::new(meeting_data(Cycle::Weekly))),
        ));
        app.update(Action::OpenForm);
        assert!(app.form().is_none());
        assert!(
            app.message
                .as_ref()
                .is_some_and(|m| m.error && m.text.contains("计划树"))
        );
        app.update(Action::Cancel);
        select(&mut app, "A3-02");
        for screen in [Action::ShowMeeting, Action::ShowReview] {
            assert_eq!(app.data.kind, Cycle::Weekly, "the kind shown last");
            app.update(screen);
            app.update(Action::OpenForm);
            let f = form(&app);
            assert_eq!(
                f.inputs.cycle(Field::Cycle),
                Some(Cycle::Weekly),
                "周报 at a 周调度"
            );
            assert_eq!(
                f.inputs.period(Field::Period),
                Some(Cycle::Weekly.period_of(today()))
            );
            app.update(Action::Cancel);
            app.update(Action::Cancel);
        }
        // From the tree it is the measure's own cadence again.
        app.update(Action::OpenForm);
        assert_eq!(form(&app).inputs.cycle(Field::Cycle), Some(Cycle::Monthly));
    }
}
