//! Snapshots of the roster screen (名册), its forms, the refusal of a removal and the offer to
//! add an unknown owner, with Chinese names, at 80×24 and 120×40, drawn into a TestBackend from
//! the bundled plan on a fixed date.

#[path = "support/frames.rs"]
mod frames;
use chrono::NaiveDate;
use frames::draw;
use insta::assert_snapshot;
use taskforce::model::{Id, Lang, Person, Plan};
use taskforce::store::{BundledSource, Reports, load};
use taskforce::tui::forms::{Field, Form};
use taskforce::tui::screens::roster::RosterScreen;
use taskforce::tui::screens::tree::Node;
use taskforce::tui::{Action, App, RepoInfo, Snapshot};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).expect("date")
}

fn person(name: &str, unit: &str, role: &str, phone: &str) -> Person {
    let some = |t: &str| Some(t.to_string()).filter(|t| !t.is_empty());
    Person {
        name: name.into(),
        unit: unit.into(),
        role: some(role),
        phone: some(phone),
    }
}

/// The bundled plan with five people, one of them owner of A3-02 and liaison of A3-03.
fn plan() -> Plan {
    let (plan, problems) = load(&BundledSource, Reports::All);
    assert!(problems.is_empty(), "{problems:?}");
    let p = plan.expect("bundled plan");
    let mut roster = p.roster.clone();
    roster.people = vec![
        person(
            "张伟",
            "市人社局",
            "就业促进和失业保险处处长",
            "0577-88960001",
        ),
        person("李娜", "市民政局", "养老服务处副处长", ""),
        person("欧阳建国", "市发展改革委", "社会发展处科长", "13857712345"),
        person("陈静", "市财政局", "", "0577-88961234"),
        person("王芳", "瑞安市", "联络员", "0577-65812345"),
    ];
    let mut measures = p.measures.clone();
    for m in &mut measures {
        if m.id.as_str() == "A3-02" {
            m.owner = Some("张伟".into());
        }
        if m.id.as_str() == "A3-03" {
            m.liaison = Some("张伟".into());
        }
    }
    Plan::new(
        p.meta,
        roster,
        p.actions,
        measures,
        p.indicators,
        p.landmarks,
        p.meetings,
        p.items,
        p.observations,
        p.reports,
    )
}

fn app(lang: Lang) -> App {
    let snapshot = Snapshot {
        plan: plan(),
        history: Vec::new(),
        repo: RepoInfo {
            path: "/srv/taskforce/plan".into(),
            branch: Some("main".into()),
            dirty: Some(false),
            ahead_behind: None,
            last_sync: None,
        },
        problems: Vec::new(),
    };
    let mut app = App::new(snapshot, lang, today());
    app.update(Action::ShowRoster);
    assert!(app.on::<RosterScreen>());
    app
}

/// Draws `app` at both sizes and snapshots each as `name_WxH`.
fn snap(name: &str, app: &mut App) {
    for (w, h) in SIZES {
        let terminal = draw(app, w, h);
        assert_snapshot!(format!("{name}_{w}x{h}"), terminal.backend());
    }
}

fn select_unit(app: &mut App, name: &str) {
    app.update(Action::SwitchList);
    for _ in 0..app.data.plan.roster.units.len() {
        let screen = app.top_as::<RosterScreen>().expect("roster");
        if screen.selected_unit(&app.ctx()).map(|u| u.name.as_str()) == Some(name) {
            return;
        }
        app.update(Action::MoveDown);
    }
    panic!("{name} not in the roster");
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Action::Input(c));
    }
}

#[test]
fn roster_people_with_chinese_names() {
    let mut app = app(Lang::Zh);
    snap("roster_people", &mut app);
}

#[test]
fn roster_units_with_their_references() {
    let mut app = app(Lang::Zh);
    select_unit(&mut app, "市人社局");
    snap("roster_units", &mut app);
}

#[test]
fn roster_in_english() {
    let mut app = app(Lang::En);
    snap("roster_english", &mut app);
}

#[test]
fn roster_person_form() {
    let mut app = app(Lang::Zh);
    app.update(Action::EditEntry);
    snap("roster_person_form", &mut app);
}

#[test]
fn roster_rename_form() {
    let mut app = app(Lang::Zh);
    select_unit(&mut app, "市文广旅局");
    app.update(Action::EditEntry);
    snap("roster_rename_form", &mut app);
}

#[test]
fn roster_removal_refused_lists_the_references() {
    let mut app = app(Lang::Zh);
    select_unit(&mut app, "市体育局");
    app.update(Action::RemoveEntry);
    snap("roster_removal_refused", &mut app);
}

#[test]
fn an_unknown_owner_is_offered_for_adding() {
    let mut app = app(Lang::Zh);
    app.update(Action::Cancel);
    let a3_02 = Id::parse("A3-02").expect("id");
    for _ in 0..200 {
        if app.tree.selected == Some(Node::Measure(a3_02.clone())) {
            break;
        }
        if matches!(&app.tree.selected, Some(Node::Action(a)) if a.as_str() == "A3") {
            app.update(Action::Expand);
        }
        app.update(Action::MoveDown);
    }
    app.update(Action::OpenMeasureForm);
    while app.form().map(|f| f.field) != Some(Field::Owner) {
        app.update(Action::NextField);
    }
    for _ in 0.."张伟".chars().count() {
        app.update(Action::DeleteChar);
    }
    type_text(&mut app, "赵敏");
    assert!(app.update(Action::Submit).is_none());
    snap("roster_offer", &mut app);
    app.update(Action::Confirm);
    assert!(app.on::<Form>());
    snap("roster_offer_person_form", &mut app);
}
