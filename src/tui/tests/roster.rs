//! The roster screen and its forms, and the offer a form makes for a name the roster lacks.

use rstest::rstest;

use super::*;
use crate::model::{Person, Roster, UnitKind};
use crate::store::roster::RosterChange;
use crate::tui::action::Effect;
use crate::tui::forms::Field;
use crate::tui::forms::field::{Input, Inputs};
use crate::tui::forms::person::{Missing, OfferScreen, PersonForm, missing};
use crate::tui::forms::unit::UnitForm;
use crate::tui::screens::confirm::ConfirmScreen;
use crate::tui::screens::roster::{List, RefusedScreen, RosterScreen};

fn person(name: &str, unit: &str, role: &str, phone: &str) -> Person {
    let some = |t: &str| Some(t.to_string()).filter(|t| !t.is_empty());
    Person {
        name: name.into(),
        unit: unit.into(),
        role: some(role),
        phone: some(phone),
    }
}

fn with_roster(plan: Plan, roster: Roster) -> Plan {
    let p = plan;
    Plan::new(
        p.meta,
        roster,
        p.actions,
        p.measures,
        p.indicators,
        p.landmarks,
        p.meetings,
        p.items,
        p.observations,
        p.reports,
    )
}

/// The bundled plan with two people in the roster.
fn people() -> Vec<Person> {
    vec![
        person("张伟", "市人社局", "就业处处长", "0577-88960001"),
        person("李娜", "市民政局", "科长", ""),
    ]
}

fn roster_app() -> App {
    let plan = plan();
    let mut roster = plan.roster.clone();
    roster.people = people();
    let snapshot = Snapshot {
        plan: with_roster(plan, roster),
        history: Vec::new(),
        repo: RepoInfo::default(),
        problems: Vec::new(),
    };
    App::new(snapshot, Lang::Zh, today())
}

/// `app`'s plan loaded again with `people` in its roster (as after a commit).
fn reload_with(app: &mut App, people: Vec<Person>) {
    let mut roster = app.data.plan.roster.clone();
    roster.people = people;
    let snapshot = Snapshot {
        plan: with_roster(app.data.plan.clone(), roster),
        history: Vec::new(),
        repo: RepoInfo::default(),
        problems: Vec::new(),
    };
    app.update(Action::Reloaded(Box::new(snapshot)));
}

fn roster(app: &App) -> &RosterScreen {
    app.top_as::<RosterScreen>().expect("the roster screen")
}

fn committed(app: &mut App, summary: &str) -> Option<Effect> {
    app.update(Action::Committed {
        commit: "0123456789abcdef".into(),
        summary: summary.into(),
    })
}

/// Previews the form's submission, confirms it and returns the commit asked for.
fn submit_and_confirm(app: &mut App) -> RosterChange {
    let Some(Effect::PreviewRoster(preview)) = app.update(Action::Submit) else {
        panic!("expected a roster preview");
    };
    app.update(Action::Previewed("名册 …".into()));
    assert!(app.on::<ConfirmScreen>());
    let Some(Effect::CommitRoster(commit)) = app.update(Action::Confirm) else {
        panic!("expected a roster commit");
    };
    assert_eq!(preview, commit, "the commit is the one previewed");
    commit
}

fn select_unit(app: &mut App, name: &str) {
    if roster(app).list != List::Units {
        app.update(Action::SwitchList);
    }
    app.update(Action::Home);
    let units = app.data.plan.roster.units.len();
    for _ in 0..units {
        if roster(app)
            .selected_unit(&app.ctx())
            .map(|u| u.name.as_str())
            == Some(name)
        {
            return;
        }
        app.update(Action::MoveDown);
    }
    panic!("{name} not in the roster");
}

#[test]
fn p_opens_the_roster_and_the_keys_move_in_either_list() {
    let mut app = roster_app();
    app.update(Action::ShowRoster);
    assert_eq!(roster(&app).list, List::People);
    app.update(Action::MoveDown);
    app.update(Action::MoveDown);
    assert_eq!(roster(&app).person, 1, "stops at the last person");
    app.update(Action::SwitchList);
    app.update(Action::End);
    let units = app.data.plan.roster.units.len();
    assert_eq!(roster(&app).unit, units - 1);
    app.update(Action::PageUp);
    app.update(Action::Home);
    assert_eq!((roster(&app).list, roster(&app).unit), (List::Units, 0));
    app.update(Action::Cancel);
    assert!(app.stack.is_empty());
    // With nobody in the roster yet, it opens on the (empty) people all the same.
    let mut empty = super::app();
    empty.update(Action::ShowRoster);
    assert_eq!(roster(&empty).list, List::People);
    assert!(roster(&empty).selected_person(&empty.ctx()).is_none());
}

#[test]
fn adding_a_person_previews_then_commits_and_selects_them() {
    let mut app = roster_app();
    app.update(Action::ShowRoster);
    app.update(Action::AddPerson);
    assert!(app.form().and_then(|f| f.spec::<PersonForm>()).is_some());
    assert_eq!(app.form().map(|f| f.field), Some(Field::Name));
    type_text(&mut app, "陈静");
    app.update(Action::NextField);
    app.update(Action::ChoiceNext);
    app.update(Action::NextField);
    type_text(&mut app, "财务科科长");
    app.update(Action::NextField);
    type_text(&mut app, "0577-88961234");
    let change = submit_and_confirm(&mut app);
    let first = app.data.plan.roster.units[0].name.clone();
    assert_eq!(
        change,
        RosterChange::AddPerson(person("陈静", &first, "财务科科长", "0577-88961234"))
    );
    assert!(matches!(
        committed(&mut app, "名册 新增 陈静（市发展改革委）"),
        Some(Effect::Reload)
    ));
    assert!(app.on::<RosterScreen>(), "the roster stays open");
    let mut now = people();
    now.push(person("陈静", &first, "财务科科长", ""));
    reload_with(&mut app, now);
    assert_eq!((roster(&app).list, roster(&app).person), (List::People, 2));
}

#[test]
fn a_person_needs_a_name_and_a_unit() {
    let mut app = roster_app();
    app.update(Action::ShowRoster);
    app.update(Action::AddPerson);
    assert!(app.update(Action::Submit).is_none());
    assert_eq!(
        app.form().and_then(|f| f.error.as_deref()),
        Some("请填写姓名")
    );
    type_text(&mut app, "陈静");
    assert!(app.update(Action::Submit).is_none());
    assert_eq!(
        app.form().and_then(|f| f.error.as_deref()),
        Some("请选择所属单位（◂▸）")
    );
}

#[test]
fn a_new_person_from_the_units_list_starts_in_the_selected_unit() {
    let mut app = roster_app();
    app.update(Action::ShowRoster);
    select_unit(&mut app, "市财政局");
    app.update(Action::AddPerson);
    assert_eq!(app.form().map(|f| f.text(Field::Unit)), Some("市财政局"));
}

#[test]
fn editing_a_person_sends_their_whole_record() {
    let mut app = roster_app();
    app.update(Action::ShowRoster);
    app.update(Action::EditEntry);
    let form = app.form().expect("the person form");
    assert_eq!(
        form.spec::<PersonForm>().and_then(|s| s.editing.as_deref()),
        Some("张伟")
    );
    assert_eq!(form.fields(), vec![Field::Unit, Field::Post, Field::Phone]);
    assert_eq!(form.text(Field::Post), "就业处处长");
    app.update(Action::NextField);
    app.update(Action::NextField);
    for _ in 0..4 {
        app.update(Action::DeleteChar);
    }
    type_text(&mut app, "1234");
    let change = submit_and_confirm(&mut app);
    assert_eq!(
        change,
        RosterChange::EditPerson(person("张伟", "市人社局", "就业处处长", "0577-88961234"))
    );
}

#[test]
fn adding_a_unit_with_its_kind_and_full_name() {
    let mut app = roster_app();
    app.update(Action::ShowRoster);
    app.update(Action::AddUnit);
    assert!(app.form().and_then(|f| f.spec::<UnitForm>()).is_some());
    type_text(&mut app, "洞头新区");
    app.update(Action::NextField);
    app.update(Action::ChoiceNext);
    app.update(Action::NextField);
    type_text(&mut app, "温州市洞头新区");
    let change = submit_and_confirm(&mut app);
    let RosterChange::AddUnit(unit) = change else {
        panic!("expected a new unit, got {change:?}");
    };
    assert_eq!(unit.name, "洞头新区");
    assert_eq!(unit.kind, UnitKind::County);
    assert_eq!(unit.full_name.as_deref(), Some("温州市洞头新区"));
}

#[test]
fn renaming_a_unit_names_the_old_and_the_new() {
    let mut app = roster_app();
    app.update(Action::ShowRoster);
    select_unit(&mut app, "市文广旅局");
    app.update(Action::EditEntry);
    assert_eq!(
        app.form().map(|f| f.text(Field::UnitName)),
        Some("市文广旅局")
    );
    for _ in 0.."文广旅局".chars().count() {
        app.update(Action::DeleteChar);
    }
    type_text(&mut app, "文旅局");
    assert_eq!(
        submit_and_confirm(&mut app),
        RosterChange::RenameUnit {
            old: "市文广旅局".into(),
            new: "市文旅局".into()
        }
    );
}

#[test]
fn removing_a_referenced_unit_lists_every_reference_and_sends_nothing() {
    let mut app = roster_app();
    app.update(Action::ShowRoster);
    select_unit(&mut app, "市体育局");
    assert!(app.update(Action::RemoveEntry).is_none());
    let refused = app.top_as::<RefusedScreen>().expect("the refusal");
    assert!(
        refused.lines[0].starts_with("市体育局 仍被引用9处，未删除"),
        "{:?}",
        refused.lines
    );
    let refs: Vec<&str> = refused.lines[1..].iter().map(|l| l.trim()).collect();
    for place in [
        "A8 配合单位",
        "A2-13 配合单位",
        "A8-07 牵头单位",
        "I14 牵头单位",
    ] {
        assert!(refs.contains(&place), "{place} not in {refs:?}");
    }
    assert_eq!(refs.len(), 9);
    app.update(Action::MoveDown);
    app.update(Action::Cancel);
    assert!(app.on::<RosterScreen>());
    // A person's unit counts as a reference too.
    select_unit(&mut app, "市人社局");
    app.update(Action::RemoveEntry);
    let refused = app.top_as::<RefusedScreen>().expect("the refusal");
    assert!(refused.lines.iter().any(|l| l.trim() == "张伟 所属单位"));
}

#[test]
fn removing_an_unused_unit_is_previewed_and_confirmed() {
    let mut app = roster_app();
    app.update(Action::ShowRoster);
    select_unit(&mut app, "市统计局");
    let Some(Effect::PreviewRoster(preview)) = app.update(Action::RemoveEntry) else {
        panic!("expected a preview");
    };
    assert_eq!(preview, RosterChange::RemoveUnit("市统计局".into()));
    app.update(Action::Previewed("名册 删除单位 市统计局".into()));
    assert_eq!(
        app.top_as::<ConfirmScreen>().and_then(|c| c.summary()),
        Some("名册 删除单位 市统计局")
    );
    let Some(Effect::CommitRoster(commit)) = app.update(Action::Confirm) else {
        panic!("expected a commit");
    };
    assert_eq!(commit, preview);
    // Nothing committed (or a failure) goes back to the roster.
    app.update(Action::Failed("locked".into()));
    assert!(app.on::<RosterScreen>());
    // A removal refused at its preview is forgotten at the next key.
    app.update(Action::RemoveEntry);
    app.update(Action::Failed("locked".into()));
    app.update(Action::MoveUp);
    app.update(Action::Previewed("名册 删除单位 市统计局".into()));
    assert!(
        app.on::<RosterScreen>(),
        "no confirmation of a stale removal"
    );
}

#[test]
fn x_on_the_people_says_it_removes_units() {
    let mut app = roster_app();
    app.update(Action::ShowRoster);
    assert!(app.update(Action::RemoveEntry).is_none());
    assert!(app.on::<RosterScreen>());
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.error && m.text.contains("Tab"))
    );
}

#[test]
fn an_unknown_owner_is_offered_for_adding_then_the_form_goes_on_with_its_input() {
    let mut app = roster_app();
    select(&mut app, "A3-02");
    app.update(Action::OpenMeasureForm);
    form_mut(&mut app).inputs.set_text(Field::Owner, "赵敏");
    form_mut(&mut app)
        .inputs
        .set_text(Field::Deadline, "2027-06-30");
    assert!(app.update(Action::Submit).is_none(), "nothing sent yet");
    let offer = app.top_as::<OfferScreen>().expect("the offer");
    assert_eq!(
        offer.missing,
        Missing::Person {
            field: Field::Owner,
            name: "赵敏".into()
        }
    );
    // `n` goes back to the form as it was.
    app.update(Action::Cancel);
    assert_eq!(app.form().map(|f| f.text(Field::Owner)), Some("赵敏"));
    app.update(Action::Submit);
    app.update(Action::Confirm);
    let form = app.form().expect("the person form");
    assert!(form.spec::<PersonForm>().is_some());
    assert_eq!(form.text(Field::Name), "赵敏");
    assert_eq!(
        form.text(Field::Unit),
        "市人社局",
        "the measure's lead unit"
    );
    let change = submit_and_confirm(&mut app);
    assert_eq!(
        change,
        RosterChange::AddPerson(person("赵敏", "市人社局", "", ""))
    );
    committed(&mut app, "名册 新增 赵敏（市人社局）");
    // Submitted again before the reload arrives, the form asks the store (whose roster has
    // the person now) rather than offering the name again.
    app.data.loading = Some('⠋');
    assert!(matches!(
        app.update(Action::Submit),
        Some(Effect::PreviewMeasure { .. })
    ));
    app.data.loading = None;
    let mut now = people();
    now.push(person("赵敏", "市人社局", "", ""));
    reload_with(&mut app, now);
    let form = app.top_as::<Form>().expect("back on the measure form");
    assert!(
        form.spec::<crate::tui::forms::measure::MeasureForm>()
            .is_some()
    );
    assert_eq!(form.text(Field::Owner), "赵敏");
    assert_eq!(form.text(Field::Deadline), "2027-06-30");
    let Some(Effect::PreviewMeasure { edit, .. }) = app.update(Action::Submit) else {
        panic!("expected the measure's preview");
    };
    assert_eq!(edit.owner.as_deref(), Some("赵敏"));
    // Its own commit closes it, as any form's.
    app.update(Action::Previewed("调整 A3-02 责任人 无→赵敏".into()));
    app.update(Action::Confirm);
    committed(&mut app, "调整 A3-02 责任人 无→赵敏");
    assert!(app.stack.is_empty());
}

#[test]
fn an_unknown_lead_unit_in_the_item_form_is_offered_as_a_unit() {
    let mut app = app_with_item();
    app.update(Action::OpenItemForm);
    form_mut(&mut app).inputs.set_text(Field::Lead, "市海洋局");
    app.update(Action::Submit);
    let offer = app.top_as::<OfferScreen>().expect("the offer");
    assert_eq!(
        offer.missing,
        Missing::Unit {
            field: Field::Lead,
            name: "市海洋局".into()
        }
    );
    app.update(Action::Confirm);
    assert_eq!(
        app.form().map(|f| f.text(Field::UnitName)),
        Some("市海洋局")
    );
    let RosterChange::AddUnit(unit) = submit_and_confirm(&mut app) else {
        panic!("expected a new unit");
    };
    assert_eq!(
        (unit.name.as_str(), unit.kind),
        ("市海洋局", UnitKind::City)
    );
    committed(&mut app, "名册 新增单位 市海洋局");
    assert_eq!(
        app.form().map(|f| f.text(Field::Lead)),
        Some("市海洋局"),
        "back on the item form"
    );
    assert!(
        app.form()
            .and_then(|f| f.spec::<crate::tui::forms::item::ItemForm>())
            .is_some()
    );
}

#[rstest]
#[case::known_owner(Field::Owner, "张伟", None)]
#[case::unknown_owner(Field::Owner, "赵敏", Some(Missing::Person { field: Field::Owner, name: "赵敏".into() }))]
#[case::unknown_liaison(Field::Liaison, " 赵敏 ", Some(Missing::Person { field: Field::Liaison, name: "赵敏".into() }))]
#[case::empty_owner(Field::Owner, "", None)]
#[case::unknown_lead(Field::Lead, "市海洋局", Some(Missing::Unit { field: Field::Lead, name: "市海洋局".into() }))]
#[case::one_unknown_co_unit(Field::CoUnits, "市财政局、市海洋局", Some(Missing::Unit { field: Field::CoUnits, name: "市海洋局".into() }))]
#[case::known_attendees(Field::Attendees, "市财政局，市人社局", None)]
#[case::unknown_unit_of_a_person(Field::Unit, "市海洋局", Some(Missing::Unit { field: Field::Unit, name: "市海洋局".into() }))]
#[case::chair_is_free_text(Field::Chair, "王市长", None)]
#[case::approver_is_free_text(Field::ApprovedBy, "王市长", None)]
fn a_missing_name_is_one_the_store_would_refuse(
    #[case] field: Field,
    #[case] text: &str,
    #[case] expected: Option<Missing>,
) {
    let mut roster = plan().roster;
    roster.people = people();
    let inputs = Inputs(vec![Input::text(field, text)]);
    assert_eq!(missing(&[field], &inputs, &roster), expected);
}

#[test]
fn p_is_hinted_on_the_tree_and_the_roster_keys_are_in_the_help() {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::widgets::Widget;

    use crate::tui::keys::Key;
    use crate::tui::screens::tree::TREE_KEYS;

    let p = TREE_KEYS
        .iter()
        .find(|b| b.keys.contains(&Key::ch('P')))
        .expect("P is bound on the tree");
    assert!(p.hint && matches!(p.action, Action::ShowRoster));
    let mut app = roster_app();
    app.update(Action::ShowRoster);
    app.update(Action::ToggleHelp);
    let mut seen = Vec::new();
    for _ in 0..20 {
        let area = Rect::new(0, 0, 200, 50);
        let mut buf = Buffer::empty(area);
        (&app).render(area, &mut buf);
        // A wide glyph's second cell holds a space: the text is compared without spaces.
        let text: String = buf
            .content()
            .iter()
            .map(|c| c.symbol())
            .filter(|s| *s != " ")
            .collect();
        for wanted in [
            "名册（P）",
            "新增人员",
            "删除单位被拒（列出引用）",
            "表单中的新人员或新单位",
        ] {
            if text.contains(wanted) && !seen.contains(&wanted) {
                seen.push(wanted);
            }
        }
        app.update(Action::PageDown);
    }
    assert_eq!(seen.len(), 4, "{seen:?}");
}
