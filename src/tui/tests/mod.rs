//! Tests of the TUI's state: actions in, state out, no terminal or git. The fixtures are here;
//! the tests sit in one file per part of the TUI (the tree, the forms, the meeting screens,
//! the keys).

mod forms;
mod indicators;
mod keys;
mod meeting;
mod roster;
mod tree;

use chrono::NaiveDate;

use super::action::{Action, MeetingData, RepoInfo, ReviewData, Snapshot};
use super::app::App;
use super::ctx::Ctx;
use super::forms::Form;
use super::screens::meeting::MeetingScreen;
use super::screens::minutes::MinutesScreen;
use super::screens::review::ReviewScreen;
use super::screens::tree::{Node, Section};
use crate::model::{ActionItem, Cycle, Id, ItemStatus, Lang, Light, Meeting, Plan, Report};
use crate::store::{BundledSource, Reports, load};

pub(super) fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).expect("date")
}

pub(super) fn id(text: &str) -> Id {
    Id::parse(text).expect("id")
}

pub(super) fn plan() -> Plan {
    let (plan, problems) = load(&BundledSource, Reports::All);
    assert!(problems.is_empty(), "{problems:?}");
    plan.expect("bundled plan")
}

pub(super) fn app() -> App {
    let snapshot = Snapshot {
        plan: plan(),
        history: Vec::new(),
        repo: RepoInfo::default(),
        problems: Vec::new(),
    };
    App::new(snapshot, Lang::Zh, today())
}

pub(super) fn red_report(item: &str) -> Report {
    Report {
        schema: 1,
        item: id(item),
        period: Cycle::Weekly.period_of(today()),
        light: Some(Light::Red),
        status: None,
        percent: None,
        progress: String::new(),
        problems: String::new(),
        next_steps: String::new(),
        asks: String::new(),
        reported_by: "张三".into(),
        reported_on: today(),
    }
}

pub(super) fn with_reports(plan: Plan, reports: Vec<Report>) -> Plan {
    let p = plan;
    Plan::new(
        p.meta,
        p.roster,
        p.actions,
        p.measures,
        p.indicators,
        p.landmarks,
        p.meetings,
        p.items,
        p.observations,
        reports,
    )
}

pub(super) fn select(app: &mut App, measure: &str) {
    while app.tree.selected != Some(Node::Measure(id(measure))) {
        let before = app.tree.cursor;
        if matches!(app.tree.selected, Some(Node::Action(ref a)) if measure.starts_with(&format!("{a}-")))
        {
            app.update(Action::Expand);
        }
        app.update(Action::MoveDown);
        assert_ne!(before, app.tree.cursor, "{measure} not reachable");
    }
}

pub(super) fn open_meeting(kind: Cycle) -> Meeting {
    let period = kind.period_of(today());
    Meeting {
        schema: 1,
        id: id(&Meeting::id_for(period)),
        kind,
        period,
        issue: 11,
        time: today().and_hms_opt(9, 0, 0).expect("time"),
        place: String::new(),
        chair: "王五".into(),
        attendees: Vec::new(),
        baseline: "0".repeat(40),
        closed: false,
        sign_off: Default::default(),
    }
}

pub(super) fn review_data(kind: Cycle) -> ReviewData {
    ReviewData {
        kind,
        base: "a".repeat(40),
        base_date: today(),
        head: "b".repeat(40),
        changes: Vec::new(),
    }
}

/// The bundled plan with a monthly meeting and one open action item about A3-02.
pub(super) fn app_with_item() -> App {
    let meeting = open_meeting(Cycle::Monthly);
    let item = ActionItem {
        schema: 1,
        id: id("D2026-11-01"),
        meeting: meeting.id.clone(),
        number: 1,
        text: "完成零工市场选址".into(),
        lead_unit: "市人社局".into(),
        co_units: Vec::new(),
        deadline: NaiveDate::from_ymd_opt(2026, 12, 31).expect("date"),
        measure: Some(id("A3-02")),
        status: ItemStatus::Open,
        feedback: String::new(),
        closure: None,
    };
    let p = plan();
    let plan = Plan::new(
        p.meta,
        p.roster,
        p.actions,
        p.measures,
        p.indicators,
        p.landmarks,
        vec![meeting],
        vec![item],
        p.observations,
        p.reports,
    );
    let snapshot = Snapshot {
        plan,
        history: Vec::new(),
        repo: RepoInfo::default(),
        problems: Vec::new(),
    };
    let mut app = App::new(snapshot, Lang::Zh, today());
    let App { data, tree, .. } = &mut app;
    tree.expanded.insert(Node::Section(Section::Meetings));
    tree.selected = Some(Node::Item(id("D2026-11-01")));
    tree.rebuild(&Ctx {
        data,
        selected: None,
        top: true,
    });
    assert_eq!(app.tree.selected, Some(Node::Item(id("D2026-11-01"))));
    app
}

pub(super) fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Action::Input(c));
    }
}

pub(super) fn meeting_data(kind: Cycle) -> MeetingData {
    MeetingData {
        meeting: open_meeting(kind),
        review: review_data(kind),
        carried: Vec::new(),
        minutes: (1..=40).map(|i| format!("line {i}\n")).collect(),
    }
}

/// The form on top, to change directly.
pub(super) fn form_mut(app: &mut App) -> &mut Form {
    let top = app.stack.last_mut().expect("a screen over the tree");
    (top.as_mut() as &mut dyn std::any::Any)
        .downcast_mut::<Form>()
        .expect("a form on top")
}

/// The review screen on top.
pub(super) fn review(app: &App) -> &ReviewScreen {
    app.top_as::<ReviewScreen>().expect("the review screen")
}

/// The minutes preview on top.
pub(super) fn minutes(app: &App) -> &MinutesScreen {
    app.top_as::<MinutesScreen>().expect("the minutes")
}

/// The meeting screen on top.
pub(super) fn meeting(app: &App) -> &MeetingScreen {
    app.top_as::<MeetingScreen>().expect("the meeting screen")
}

/// The selected row of the indicators screen on top.
pub(super) fn indicator(app: &App) -> usize {
    app.top_as::<super::screens::indicators::IndicatorsScreen>()
        .expect("the indicators screen")
        .cursor
}
