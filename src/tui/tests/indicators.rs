//! The indicators screen's acts (a value, a target, the detail) and the landmarks screen:
//! actions in, forms, effects and screens out.

use super::*;
use crate::model::{Landmark, Observation, Period, Printed, SetTarget, Status};
use crate::store::{IndicatorWrite, LandmarkWrite};
use crate::tui::action::Effect;
use crate::tui::forms::landmark::{LandmarkForm, measure_ids};
use crate::tui::forms::observation::ObservationForm;
use crate::tui::forms::target::{TargetForm, YearState};
use crate::tui::forms::{Field, Pick};
use crate::tui::screens::confirm::ConfirmScreen;
use crate::tui::screens::indicator_detail::IndicatorDetailScreen;
use crate::tui::screens::indicators::IndicatorsScreen;
use crate::tui::screens::landmarks::LandmarksScreen;

fn period(text: &str) -> Period {
    Period::parse(text).expect("period")
}

fn observation(indicator: &str, p: &str, value: f64, estimated: bool) -> Observation {
    Observation {
        schema: 1,
        indicator: id(indicator),
        period: period(p),
        value,
        estimated,
        note: format!("{p}说明"),
        recorded_by: "王芳".into(),
    }
}

fn landmark(n: u32, year: i32) -> Landmark {
    Landmark {
        schema: 1,
        id: id(&format!("L{year}-{n:02}")),
        year,
        title: format!("标志性成果{n}"),
        measures: vec![id("A3-02")],
        lead_unit: "市人社局".into(),
        evidence: vec!["会议纪要".into()],
        status: Status::InProgress,
    }
}

/// The bundled plan with I08's values for 2026-Q2 and Q3 (an estimate), I09's 2026 target set
/// by the taskforce, and `landmarks`.
fn app_with(landmarks: Vec<Landmark>) -> App {
    let p = plan();
    let mut plan = Plan::new(
        p.meta,
        p.roster,
        p.actions,
        p.measures,
        p.indicators,
        landmarks,
        p.meetings,
        p.items,
        vec![
            observation("I08", "2026-Q2", 520.0, false),
            observation("I08", "2026-Q3", 560.0, true),
        ],
        p.reports,
    );
    plan.targets = vec![SetTarget {
        schema: 1,
        indicator: id("I09"),
        year: 2026,
        target: Printed::from_text("≥92").expect("target"),
        basis: "11月月例会议定".into(),
        set_by: "王芳".into(),
    }];
    let snapshot = Snapshot {
        plan,
        history: Vec::new(),
        repo: RepoInfo::default(),
        problems: Vec::new(),
    };
    App::new(snapshot, Lang::Zh, today())
}

/// The indicators screen on `indicator`.
fn on_indicator(app: &mut App, indicator: &str) {
    app.update(Action::ShowIndicators);
    while app.data.plan.indicators[super::indicator(app)].id != id(indicator) {
        let before = super::indicator(app);
        app.update(Action::MoveDown);
        assert_ne!(before, super::indicator(app), "{indicator} not reachable");
    }
}

fn submit(app: &mut App) -> Effect {
    let effect = app.update(Action::Submit);
    effect.unwrap_or_else(|| panic!("no effect; form: {:?}", app.form().map(|f| &f.error)))
}

#[test]
fn e_records_a_value_for_this_quarter_and_a_recorded_period_shows_its_value() {
    let mut app = app_with(Vec::new());
    on_indicator(&mut app, "I08");
    app.update(Action::OpenForm);
    let form = app.form().expect("the observation form");
    assert!(form.spec::<ObservationForm>().is_some());
    assert_eq!(form.field, Field::Value, "the value is where typing goes");
    assert_eq!(
        form.inputs.pick(Field::Period),
        Pick::Period(period("2026-Q4"))
    );
    assert_eq!(form.text(Field::Value), "", "nothing recorded for Q4");
    // ◂ on the period: the newest is first, so the next one back is Q3, shown as recorded.
    app.update(Action::PrevField);
    app.update(Action::PrevField);
    app.update(Action::ChoiceNext);
    let form = app.form().expect("form");
    assert_eq!(
        form.inputs.pick(Field::Period),
        Pick::Period(period("2026-Q3"))
    );
    assert_eq!(form.text(Field::Value), "560");
    assert_eq!(form.text(Field::Note), "2026-Q3说明");
    assert_eq!(form.inputs.pick(Field::Estimate), Pick::Estimate(true));
    assert!(!form.touched, "moving the period is no change of the form");
    // The choice lists every quarter of the plan up to this one, newest first.
    let periods: Vec<String> = form
        .inputs
        .choice(Field::Period)
        .expect("choice")
        .options
        .iter()
        .map(|(_, l)| l.clone())
        .collect();
    assert_eq!(periods.len(), 8, "{periods:?}");
    assert_eq!(periods[1], "2026-Q3 · 已记录");
    assert_eq!(periods[7], "2025-Q1");

    app.update(Action::NextField);
    app.update(Action::ChoicePrev);
    app.update(Action::NextField);
    type_text(&mut app, "0");
    app.update(Action::NextField);
    type_text(&mut app, "，已核实");
    let effect = submit(&mut app);
    let Effect::PreviewIndicator(write) = effect else {
        panic!("expected the preview, got {effect:?}");
    };
    assert_eq!(
        write,
        IndicatorWrite::Observation {
            indicator: id("I08"),
            period: period("2026-Q3"),
            value: 5600.0,
            estimated: false,
            note: "2026-Q3说明，已核实".into(),
        }
    );
    app.update(Action::Previewed(
        "指标 I08 基层就业服务站点 2026-Q3：5600个".into(),
    ));
    let confirm = app.top_as::<ConfirmScreen>().expect("the confirmation");
    assert!(matches!(confirm.effect(), Effect::WriteIndicator(w) if *w == write));
    // The commit closes the form and its confirmation: back on the indicators.
    app.update(Action::Committed {
        commit: "a".repeat(40),
        summary: "指标".into(),
    });
    assert!(app.on::<IndicatorsScreen>());
}

#[test]
fn a_value_that_is_not_a_number_stays_in_the_form() {
    let mut app = app_with(Vec::new());
    on_indicator(&mut app, "I08");
    app.update(Action::OpenForm);
    assert!(app.update(Action::Submit).is_none(), "an empty value");
    type_text(&mut app, "六百");
    assert!(app.update(Action::Submit).is_none());
    let error = app.form().and_then(|f| f.error.clone()).expect("an error");
    assert!(error.contains("数值须为数字"), "{error}");
}

#[test]
fn t_left_at_the_suggestion_confirms_it_and_a_new_value_sets_it() {
    let mut app = app_with(Vec::new());
    on_indicator(&mut app, "I08");
    app.update(Action::OpenTargetForm);
    let form = app.form().expect("the target form");
    let spec = form.spec::<TargetForm>().expect("target form");
    assert_eq!(spec.years, vec![(2026, YearState::Suggested)]);
    assert_eq!(form.inputs.pick(Field::Year), Pick::Year(2026));
    assert_eq!(form.text(Field::Target), "615", "the 建议值 is filled in");
    app.update(Action::NextField);
    type_text(&mut app, "第12次月例会");
    let Effect::PreviewIndicator(write) = submit(&mut app) else {
        panic!("a preview");
    };
    assert_eq!(
        write,
        IndicatorWrite::Confirm {
            indicator: id("I08"),
            year: 2026,
            basis: Some("第12次月例会".into()),
        }
    );
    app.update(Action::PrevField);
    app.update(Action::DeleteChar);
    type_text(&mut app, "8");
    let Effect::PreviewIndicator(write) = submit(&mut app) else {
        panic!("a preview");
    };
    assert_eq!(
        write,
        IndicatorWrite::Target {
            indicator: id("I08"),
            year: 2026,
            text: "618".into(),
            basis: "第12次月例会".into(),
        }
    );
}

#[test]
fn t_shows_a_target_set_and_an_indicator_without_a_suggestion_can_get_one() {
    let mut app = app_with(Vec::new());
    on_indicator(&mut app, "I09");
    app.update(Action::OpenTargetForm);
    let form = app.form().expect("form");
    assert_eq!(
        form.spec::<TargetForm>().expect("spec").years,
        vec![(2026, YearState::Set)]
    );
    assert_eq!(form.text(Field::Target), "≥92");
    assert_eq!(form.text(Field::TargetBasis), "11月月例会议定");
    app.update(Action::Cancel);
    app.update(Action::Cancel);

    // I16 prints `/` for 2025 and 完成下达指标 for 2027: nothing to interpolate for 2026, and
    // 2027 takes the assigned figure.
    on_indicator(&mut app, "I16");
    app.update(Action::OpenTargetForm);
    let form = app.form().expect("form");
    assert_eq!(
        form.spec::<TargetForm>().expect("spec").years,
        vec![(2026, YearState::Open), (2027, YearState::Assigned)]
    );
    assert_eq!(form.inputs.pick(Field::Year), Pick::Year(2026), "this year");
    assert_eq!(form.text(Field::Target), "");
    assert!(app.update(Action::Submit).is_none(), "no target typed");
    type_text(&mut app, "1200");
    let Effect::PreviewIndicator(IndicatorWrite::Target { text, basis, .. }) = submit(&mut app)
    else {
        panic!("a target");
    };
    assert_eq!((text.as_str(), basis.as_str()), ("1200", ""));
}

#[test]
fn enter_shows_every_value_and_its_keys_act_on_the_same_indicator() {
    let mut app = app_with(Vec::new());
    on_indicator(&mut app, "I08");
    app.update(Action::Toggle);
    let detail = app
        .top_as::<IndicatorDetailScreen>()
        .expect("the indicator's detail");
    assert_eq!(detail.id, id("I08"));
    let text: String = crate::tui::screens::indicator_detail::detail_lines(
        app.data.plan.indicator(&id("I08")).expect("I08"),
        &app.ctx(),
    )
    .iter()
    .map(|l| format!("{l}\n"))
    .collect();
    for expected in [
        "全省2024 / · 温州2024 455 · 2025目标 580 · 2027目标 650",
        "2026年 615（建议值",
        "监测值（2项，新的在前）",
        "2026-Q3 预计全年 560个  王芳",
        "说明：2026-Q3说明",
        "2026-Q2 520个  王芳",
        "A3-02",
    ] {
        assert!(text.contains(expected), "{expected}\n{text}");
    }
    app.update(Action::OpenForm);
    let form = app.form().expect("form");
    assert_eq!(
        form.spec::<ObservationForm>().expect("spec").indicator,
        id("I08")
    );
    app.update(Action::Cancel);
    assert!(matches!(
        app.update(Action::ConfirmSuggestedTarget),
        Some(Effect::ConfirmTarget { year: 2026, .. })
    ));
    app.update(Action::Cancel);
    assert!(app.on::<IndicatorsScreen>());
}

#[test]
fn e_on_an_indicator_or_a_landmark_in_the_tree_opens_its_form() {
    let mut app = app_with(vec![landmark(1, 2026)]);
    let App { data, tree, .. } = &mut app;
    tree.expanded.insert(Node::Section(Section::Indicators));
    tree.expanded.insert(Node::Section(Section::Landmarks));
    tree.selected = Some(Node::Indicator(id("I08")));
    tree.rebuild(&Ctx {
        data,
        selected: None,
        top: true,
    });
    app.update(Action::OpenForm);
    let form = app.form().expect("a form for the indicator");
    assert_eq!(
        form.spec::<ObservationForm>()
            .expect("observation")
            .indicator,
        id("I08")
    );
    app.update(Action::Cancel);
    while app.tree.selected != Some(Node::Landmark(id("L2026-01"))) {
        let before = app.tree.cursor;
        app.update(Action::MoveDown);
        assert_ne!(before, app.tree.cursor, "the landmark is not reachable");
    }
    app.update(Action::OpenForm);
    let form = app.form().expect("a form for the landmark");
    assert_eq!(
        form.spec::<LandmarkForm>().expect("landmark").id,
        Some(id("L2026-01"))
    );
    assert_eq!(form.text(Field::Title), "标志性成果1");
    assert_eq!(
        form.inputs.pick(Field::Status),
        Pick::Status(Status::InProgress)
    );
    assert_eq!(form.text(Field::Evidence), "会议纪要");
    // L opens the landmarks of that landmark's year on it.
    app.update(Action::Cancel);
    app.update(Action::ShowLandmarks);
    let screen = app.top_as::<LandmarksScreen>().expect("landmarks");
    assert_eq!((screen.year, screen.cursor), (2026, 0));
}

#[test]
fn a_adds_a_landmark_linked_to_the_measure_selected_and_edits_send_the_lists_whole() {
    let mut app = app_with(vec![landmark(1, 2026)]);
    select(&mut app, "A3-05");
    app.update(Action::ShowLandmarks);
    app.update(Action::NewLandmark);
    let form = app.form().expect("the landmark form");
    assert_eq!(form.text(Field::Measures), "A3-05");
    assert_eq!(form.text(Field::Lead), "市人社局");
    assert!(app.update(Action::Submit).is_none(), "no title");
    type_text(&mut app, "零工市场全覆盖");
    app.update(Action::NextField);
    app.update(Action::NextField);
    type_text(&mut app, "、a3-02 A3-05");
    app.update(Action::NextField);
    app.update(Action::NextField);
    type_text(&mut app, "市政府专题会议纪要");
    app.update(Action::NewLine);
    type_text(&mut app, "  ");
    app.update(Action::NewLine);
    type_text(&mut app, "省级推广案例");
    let Effect::PreviewLandmark(write) = submit(&mut app) else {
        panic!("a preview");
    };
    let LandmarkWrite::Add { year, edit } = write else {
        panic!("an add: {write:?}");
    };
    assert_eq!(year, 2026);
    assert_eq!(edit.title.as_deref(), Some("零工市场全覆盖"));
    assert_eq!(edit.measures, Some(vec![id("A3-05"), id("A3-02")]));
    assert_eq!(edit.lead.as_deref(), Some("市人社局"));
    assert_eq!(
        edit.evidence,
        Some(vec!["市政府专题会议纪要".into(), "省级推广案例".into()])
    );
    assert_eq!(edit.status, Some(Status::InProgress));
    let measures = measure_ids("A3-02，x/y", Lang::Zh);
    assert!(
        measures.is_err_and(|e| e.contains("关联举措须为举措编号")),
        "a bad id is named"
    );
}

#[test]
fn the_eleventh_landmark_of_a_year_is_refused_before_its_form_opens() {
    let ten = (1..=10).map(|n| landmark(n, 2026)).collect();
    let mut app = app_with(ten);
    app.update(Action::ShowLandmarks);
    assert!(app.update(Action::NewLandmark).is_none());
    assert!(app.on::<LandmarksScreen>(), "no form opened");
    let m = app.message.clone().expect("a message");
    assert!(
        m.error && m.text.contains("2026年已有10项标志性成果"),
        "{m:?}"
    );
    // Another year has room.
    app.update(Action::NextYear);
    assert_eq!(app.top_as::<LandmarksScreen>().expect("screen").year, 2027);
    app.update(Action::NewLandmark);
    let form = app.form().expect("a form for 2027");
    assert_eq!(form.spec::<LandmarkForm>().expect("spec").year, 2027);
}

#[test]
fn years_stay_within_the_plan_and_x_removes_after_its_preview() {
    let mut app = app_with(vec![
        landmark(1, 2026),
        landmark(2, 2026),
        landmark(1, 2025),
    ]);
    app.update(Action::ShowLandmarks);
    for _ in 0..5 {
        app.update(Action::NextYear);
    }
    assert_eq!(app.top_as::<LandmarksScreen>().expect("s").year, 2027);
    for _ in 0..5 {
        app.update(Action::PrevYear);
    }
    let screen = app.top_as::<LandmarksScreen>().expect("s");
    assert_eq!(screen.year, 2025);
    assert_eq!(screen.of_year(&app.ctx()).len(), 1);
    app.update(Action::NextYear);
    app.update(Action::MoveDown);
    let effect = app.update(Action::RemoveLandmark);
    assert!(
        matches!(&effect, Some(Effect::PreviewLandmark(LandmarkWrite::Remove { id: x })) if *x == id("L2026-02")),
        "{effect:?}"
    );
    app.update(Action::Previewed(
        "删除标志性成果 L2026-02：标志性成果2".into(),
    ));
    let confirm = app.top_as::<ConfirmScreen>().expect("the confirmation");
    assert_eq!(
        confirm.summary(),
        Some("删除标志性成果 L2026-02：标志性成果2")
    );
    assert!(matches!(
        confirm.effect(),
        Effect::WriteLandmark(LandmarkWrite::Remove { id: x }) if *x == id("L2026-02")
    ));
    app.update(Action::Committed {
        commit: "b".repeat(40),
        summary: "删除".into(),
    });
    assert!(app.on::<LandmarksScreen>());
    // Reloaded without it, the cursor stays in the list; with a new one, it is selected.
    let reload = |app: &mut App, landmarks: Vec<Landmark>| {
        let mut plan = app.data.plan.clone();
        let p = plan.clone();
        plan = Plan::new(
            p.meta,
            p.roster,
            p.actions,
            p.measures,
            p.indicators,
            landmarks,
            p.meetings,
            p.items,
            p.observations,
            p.reports,
        );
        app.update(Action::Reloaded(Box::new(Snapshot {
            plan,
            history: Vec::new(),
            repo: RepoInfo::default(),
            problems: Vec::new(),
        })));
    };
    reload(&mut app, vec![landmark(1, 2026)]);
    assert_eq!(app.top_as::<LandmarksScreen>().expect("s").cursor, 0);
    reload(
        &mut app,
        vec![landmark(1, 2026), landmark(2, 2026), landmark(3, 2026)],
    );
    // Both new ones were unknown; the first new one is selected.
    let screen = app.top_as::<LandmarksScreen>().expect("s");
    assert_eq!(
        screen.selected(&app.ctx()).map(|l| l.id.clone()),
        Some(id("L2026-02"))
    );
}
