//! Tests of `App::update`: actions in, state out, no terminal or git.

use super::*;
use crate::model::Period;
use crate::model::{ActionItem, LightOverride, Report};
use crate::store::{BundledSource, Reports, load};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).expect("date")
}

fn id(text: &str) -> Id {
    Id::parse(text).expect("id")
}

fn plan() -> Plan {
    let (plan, problems) = load(&BundledSource, Reports::All);
    assert!(problems.is_empty(), "{problems:?}");
    plan.expect("bundled plan")
}

fn app() -> App {
    let snapshot = Snapshot {
        plan: plan(),
        history: Vec::new(),
        repo: RepoInfo::default(),
        problems: Vec::new(),
    };
    App::new(snapshot, Lang::Zh, today())
}

fn red_report(item: &str) -> Report {
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

fn with_reports(plan: Plan, reports: Vec<Report>) -> Plan {
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

fn select(app: &mut App, measure: &str) {
    while app.selected != Some(Node::Measure(id(measure))) {
        let before = app.cursor;
        if matches!(app.selected, Some(Node::Action(ref a)) if measure.starts_with(&format!("{a}-")))
        {
            app.update(Action::Expand);
        }
        app.update(Action::MoveDown);
        assert_ne!(before, app.cursor, "{measure} not reachable");
    }
}

#[test]
fn starts_collapsed_on_the_first_action_with_sections_below() {
    let app = app();
    assert_eq!(app.rows.len(), 9 + 3);
    assert_eq!(app.selected, Some(Node::Action(id("A1"))));
    assert_eq!(app.rows[9], Row::Section(Section::Indicators));
}

#[test]
fn expand_collapse_and_moves_stay_in_bounds() {
    let mut app = app();
    app.update(Action::MoveUp);
    assert_eq!(app.cursor, 0);
    app.update(Action::Expand);
    assert_eq!(app.rows.len(), 12 + 11);
    app.update(Action::MoveDown);
    assert_eq!(app.selected, Some(Node::Measure(id("A1-01"))));
    // Collapsing on a measure closes its action and selects it.
    app.update(Action::Collapse);
    assert_eq!(app.selected, Some(Node::Action(id("A1"))));
    assert_eq!(app.rows.len(), 12);
    app.update(Action::End);
    assert_eq!(app.selected, Some(Node::Section(Section::Meetings)));
    app.update(Action::MoveDown);
    assert_eq!(app.cursor, app.rows.len() - 1);
    app.update(Action::Home);
    assert_eq!(app.cursor, 0);
    app.update(Action::Toggle);
    app.update(Action::PageDown);
    assert_eq!(app.cursor, app.page.min(app.rows.len() - 1));
}

#[test]
fn chinese_search_narrows_to_matching_measures_and_escape_keeps_the_selection() {
    let mut app = app();
    app.update(Action::StartSearch);
    assert_eq!(app.mode, Mode::Search);
    for c in "零工市场".chars() {
        app.update(Action::Input(c));
    }
    let measures: Vec<&str> = app
        .rows
        .iter()
        .filter_map(|r| match r {
            Row::Measure(i) => Some(app.plan.measures[*i].id.as_str()),
            _ => None,
        })
        .collect();
    // A3-04 by its title, A3-02 and A3-03 by their source clause.
    assert_eq!(measures, vec!["A3-02", "A3-03", "A3-04"]);
    // The selection follows the best match: the title match, not the source-clause ones.
    assert_eq!(app.selected, Some(Node::Measure(id("A3-04"))));
    app.update(Action::MoveUp);
    app.update(Action::MoveUp);
    assert_eq!(app.selected, Some(Node::Measure(id("A3-02"))));
    app.update(Action::AcceptSearch);
    assert_eq!(app.mode, Mode::Tree);
    assert_eq!(app.query, "零工市场");
    app.update(Action::Cancel);
    assert!(app.query.is_empty());
    assert_eq!(
        app.selected,
        Some(Node::Measure(id("A3-02"))),
        "selection kept after clearing"
    );
    assert!(app.rows.len() > 12);
}

#[test]
fn filters_combine_and_show_a_summary() {
    let reports = vec![red_report("A3-02"), red_report("A5-01")];
    let snapshot = Snapshot {
        plan: with_reports(plan(), reports),
        history: Vec::new(),
        repo: RepoInfo::default(),
        problems: Vec::new(),
    };
    let mut app = App::new(snapshot, Lang::Zh, today());
    assert_eq!(app.action_counts(2).red, 1);
    app.update(Action::OpenFilters);
    app.update(Action::FilterLight(Light::Red));
    let shown: Vec<Row> = app
        .rows
        .iter()
        .copied()
        .filter(|r| matches!(r, Row::Measure(_)))
        .collect();
    assert_eq!(shown.len(), 2);
    assert_eq!(app.filters.summary(Lang::Zh), "灯=红");
    app.update(Action::Cancel);
    select(&mut app, "A3-02");
    app.update(Action::OpenFilters);
    app.update(Action::FilterAction);
    assert_eq!(app.filters.summary(Lang::Zh), "灯=红 · 行动=A3");
    assert_eq!(
        app.rows
            .iter()
            .filter(|r| matches!(r, Row::Measure(_)))
            .count(),
        1
    );
    app.update(Action::FilterNotReported);
    assert_eq!(
        app.rows
            .iter()
            .filter(|r| matches!(r, Row::Measure(_)))
            .count(),
        1,
        "A3-02 is monthly and has no monthly report"
    );
    app.update(Action::FilterCycle);
    assert!(app.rows.is_empty(), "A3-02 reported this week");
    app.update(Action::ClearFilters);
    assert!(!app.filters.active());
    app.update(Action::Cancel);
    assert_eq!(app.mode, Mode::Tree);
}

#[test]
fn reload_keeps_the_selection_on_the_same_id() {
    let mut app = app();
    select(&mut app, "A3-02");
    let mut plan = plan();
    plan.measures
        .retain(|m| m.id != id("A1-01") && m.id != id("A3-01"));
    let snapshot = Snapshot {
        plan: with_reports(plan, vec![red_report("A3-02")]),
        history: Vec::new(),
        repo: RepoInfo::default(),
        problems: Vec::new(),
    };
    app.update(Action::Reloaded(Box::new(snapshot)));
    assert_eq!(app.selected, Some(Node::Measure(id("A3-02"))));
    assert!(
        matches!(app.rows[app.cursor], Row::Measure(i) if app.plan.measures[i].id == id("A3-02"))
    );
    assert_eq!(
        app.light(
            app.plan
                .measures
                .iter()
                .position(|m| m.id == id("A3-02"))
                .expect("A3-02")
        ),
        Light::Red
    );
}

#[test]
fn form_submit_preview_confirm_commit() {
    let mut app = app();
    assert!(app.update(Action::OpenForm).is_none());
    assert!(
        app.message.as_ref().is_some_and(|m| m.error),
        "an action has no report form"
    );
    select(&mut app, "A3-02");
    app.update(Action::OpenForm);
    assert_eq!(app.mode, Mode::Form);
    let form = app.form.as_ref().expect("form");
    assert_eq!(
        form.cycle,
        Cycle::Monthly,
        "defaults to the measure's cadence"
    );
    app.update(Action::PrevField);
    app.update(Action::ChoicePrev);
    assert_eq!(app.form.as_ref().expect("form").cycle, Cycle::Weekly);
    app.update(Action::NextField);
    for _ in 0..3 {
        app.update(Action::ChoiceNext);
    }
    app.update(Action::NextField);
    app.update(Action::NextField);
    for c in "120".chars() {
        app.update(Action::Input(c));
    }
    app.update(Action::NextField);
    for c in "站点选址完成".chars() {
        app.update(Action::Input(c));
    }
    assert!(app.update(Action::Submit).is_none(), "120% is refused");
    assert!(app.form.as_ref().expect("form").error.is_some());
    app.update(Action::PrevField);
    app.update(Action::DeleteChar);
    app.update(Action::DeleteChar);
    let effect = app.update(Action::Submit);
    let Some(Effect::PreviewReport {
        id: item,
        period,
        edit,
    }) = effect
    else {
        panic!("expected a preview, got {effect:?}");
    };
    assert_eq!(item, id("A3-02"));
    assert_eq!(period, Period::parse("2026-W48").expect("period"));
    assert_eq!(edit.light, Some(Light::Yellow));
    assert_eq!(edit.percent, Some(1));
    assert_eq!(edit.progress.as_deref(), Some("站点选址完成"));
    app.update(Action::Previewed("周调度 2026-W48 A3-02 绿→黄".into()));
    assert_eq!(app.mode, Mode::Confirm);
    assert!(matches!(
        app.update(Action::Confirm),
        Some(Effect::CommitReport { .. })
    ));
    // A failed commit returns to the form with the input intact.
    app.update(Action::Failed("locked".into()));
    assert_eq!(app.mode, Mode::Form);
    assert_eq!(app.form.as_ref().expect("form").progress, "站点选址完成");
    assert_eq!(
        app.message.as_ref().map(|m| m.text.as_str()),
        Some("locked")
    );
    app.update(Action::Submit);
    app.update(Action::Previewed("s".into()));
    app.update(Action::Confirm);
    let effect = app.update(Action::Committed {
        commit: "0123456789abcdef".into(),
        summary: "周调度 2026-W48 A3-02 绿→黄".into(),
    });
    assert!(matches!(effect, Some(Effect::Reload)));
    assert_eq!(app.mode, Mode::Tree);
    assert!(app.form.is_none());
    assert_eq!(
        app.message.as_ref().map(|m| m.text.as_str()),
        Some("已提交 01234567 周调度 2026-W48 A3-02 绿→黄")
    );
}

#[test]
fn measure_form_previews_a_measure_edit_and_validates_the_date() {
    let mut app = app();
    select(&mut app, "A3-02");
    app.update(Action::OpenMeasureForm);
    assert_eq!(app.mode, Mode::Form);
    assert_eq!(app.form.as_ref().map(|f| f.kind), Some(FormKind::Measure));
    for _ in 0..10 {
        app.update(Action::DeleteChar);
    }
    for c in "2027-06-3x".chars() {
        app.update(Action::Input(c));
    }
    assert!(app.update(Action::Submit).is_none());
    assert!(app.form.as_ref().and_then(|f| f.error.as_ref()).is_some());
    app.update(Action::DeleteChar);
    app.update(Action::Input('0'));
    while app.form.as_ref().map(|f| f.field) != Some(Field::Lead) {
        app.update(Action::NextField);
    }
    app.update(Action::ChoiceNext);
    let lead = app
        .form
        .as_ref()
        .map(|f| f.lead_unit.clone())
        .unwrap_or_default();
    let units = &app.plan.roster.units;
    let was = units
        .iter()
        .position(|u| u.name == "市人社局")
        .expect("市人社局 in the roster");
    assert_eq!(
        lead,
        units[(was + 1) % units.len()].name,
        "lead cycles through the roster"
    );
    let effect = app.update(Action::Submit);
    let Some(Effect::PreviewMeasure { id: item, edit }) = effect else {
        panic!("expected a measure preview, got {effect:?}");
    };
    assert_eq!(item, id("A3-02"));
    assert_eq!(edit.deadline, NaiveDate::from_ymd_opt(2027, 6, 30));
    assert_eq!(edit.owner, None, "an empty owner is left unset");
    assert_eq!(edit.lead_unit.as_deref(), Some(lead.as_str()));
    app.update(Action::Previewed(
        "调整 A3-02 完成时限 2027-12-31→2027-06-30".into(),
    ));
    assert!(matches!(
        app.update(Action::Confirm),
        Some(Effect::CommitMeasure { .. })
    ));
}

#[test]
fn text_fields_edit_at_the_cursor() {
    let mut app = app();
    select(&mut app, "A1-01");
    app.update(Action::OpenForm);
    for _ in 0..3 {
        app.update(Action::NextField);
    }
    assert_eq!(app.form.as_ref().map(|f| f.field), Some(Field::Progress));
    for c in "托育服务".chars() {
        app.update(Action::Input(c));
    }
    app.update(Action::ChoicePrev);
    app.update(Action::ChoicePrev);
    app.update(Action::Input('圈'));
    app.update(Action::Home);
    app.update(Action::DeleteChar);
    app.update(Action::Input('新'));
    app.update(Action::End);
    app.update(Action::NewLine);
    app.update(Action::Input('二'));
    app.update(Action::ChoicePrev);
    app.update(Action::DeleteChar);
    let form = app.form.as_ref().expect("form");
    assert_eq!(form.progress, "新托育圈服务二");
    assert_eq!(form.cursor, 6);
}

#[test]
fn delete_word_motions_and_undo_in_a_text_field() {
    let mut app = app();
    select(&mut app, "A1-01");
    app.update(Action::OpenForm);
    for _ in 0..3 {
        app.update(Action::NextField);
    }
    let progress = |app: &App| app.form.as_ref().map(|f| (f.progress.clone(), f.cursor));
    for c in "完成120个站点，开工 ok".chars() {
        app.update(Action::Input(c));
    }
    app.update(Action::WordLeft);
    assert_eq!(progress(&app), Some(("完成120个站点，开工 ok".into(), 12)));
    app.update(Action::WordLeft);
    assert_eq!(progress(&app).map(|p| p.1), Some(9));
    app.update(Action::WordLeft);
    app.update(Action::WordLeft);
    assert_eq!(progress(&app).map(|p| p.1), Some(2), "120 is one word");
    app.update(Action::DeleteForward);
    app.update(Action::DeleteForward);
    assert_eq!(progress(&app), Some(("完成0个站点，开工 ok".into(), 2)));
    app.update(Action::WordRight);
    assert_eq!(progress(&app).map(|p| p.1), Some(3));
    app.update(Action::End);
    app.update(Action::DeleteWord);
    assert_eq!(progress(&app), Some(("完成0个站点，开工 ".into(), 10)));
    // Each kind of edit is one undo step: the word, the two deletes, then the typing.
    app.update(Action::Undo);
    assert_eq!(progress(&app), Some(("完成0个站点，开工 ok".into(), 12)));
    app.update(Action::Undo);
    assert_eq!(
        progress(&app).map(|p| p.0),
        Some("完成120个站点，开工 ok".into())
    );
    app.update(Action::Undo);
    assert_eq!(progress(&app).map(|p| p.0), Some(String::new()));
    app.update(Action::Undo);
    assert!(app.form.as_ref().and_then(|f| f.error.as_ref()).is_some());
}

#[test]
fn esc_on_a_changed_form_asks_before_discarding() {
    let mut app = app();
    select(&mut app, "A1-01");
    app.update(Action::OpenForm);
    app.update(Action::Cancel);
    assert_eq!(app.mode, Mode::Tree, "an untouched form closes at once");
    app.update(Action::OpenForm);
    for _ in 0..3 {
        app.update(Action::NextField);
    }
    app.update(Action::Input('新'));
    app.update(Action::Cancel);
    assert_eq!(app.mode, Mode::Form);
    let asked = app
        .form
        .as_ref()
        .and_then(|f| f.error.clone())
        .unwrap_or_default();
    assert!(asked.contains("再按 Esc 放弃修改"), "{asked}");
    // Any other key goes on editing; Esc must then be pressed twice again.
    app.update(Action::Input('的'));
    app.update(Action::Cancel);
    assert_eq!(app.mode, Mode::Form);
    app.update(Action::Cancel);
    assert_eq!(app.mode, Mode::Tree);
    assert!(app.form.is_none());
}

#[test]
fn pasted_text_lands_in_one_field_with_its_line_breaks() {
    let mut app = app();
    app.update(Action::StartSearch);
    app.update(Action::Paste("零工\n市场".into()));
    assert_eq!(app.query, "零工市场");
    app.update(Action::Cancel);
    app.update(Action::Home);
    select(&mut app, "A1-01");
    app.update(Action::OpenForm);
    app.update(Action::Paste("12".into()));
    assert_eq!(
        app.form.as_ref().map(|f| f.field),
        Some(Field::Light),
        "no text field: ignored"
    );
    for _ in 0..3 {
        app.update(Action::NextField);
    }
    app.update(Action::Paste("第一行\r\n第二行".into()));
    app.update(Action::NextField);
    app.update(Action::Paste("甲\n乙".into()));
    let form = app.form.as_ref().expect("form");
    assert_eq!(form.progress, "第一行\n第二行");
    assert_eq!(form.field, Field::Problems);
    assert_eq!(form.problems, "甲\n乙");
    assert_eq!(app.mode, Mode::Form);
}

#[test]
fn escape_leaves_the_form_and_nothing_is_committed() {
    let mut app = app();
    select(&mut app, "A1-01");
    app.update(Action::OpenForm);
    app.update(Action::Input('x'));
    assert!(app.update(Action::Cancel).is_none());
    assert_eq!(app.mode, Mode::Tree);
    assert!(app.form.is_none());
}

#[test]
fn history_undo_asks_the_store_and_reports_nothing_to_undo() {
    let mut app = app();
    app.update(Action::ShowHistory);
    assert_eq!(app.mode, Mode::History);
    assert!(matches!(
        app.update(Action::PlanUndo),
        Some(Effect::PlanUndo)
    ));
    app.update(Action::UndoPlanned(None));
    assert_eq!(app.mode, Mode::History);
    assert_eq!(
        app.message.as_ref().map(|m| m.text.as_str()),
        Some("没有可撤销的修改。")
    );
    app.update(Action::Cancel);
    assert_eq!(app.mode, Mode::Tree);
}

#[test]
fn help_returns_to_the_mode_below_and_quit_asks_to_quit() {
    let mut app = app();
    app.update(Action::ShowHistory);
    app.update(Action::ToggleHelp);
    assert_eq!(app.mode, Mode::Help);
    app.update(Action::ToggleHelp);
    assert_eq!(app.mode, Mode::History);
    assert!(matches!(app.update(Action::Quit), Some(Effect::Quit)));
}

#[test]
fn refresh_asks_for_a_reload() {
    let mut app = app();
    assert!(matches!(app.update(Action::Refresh), Some(Effect::Reload)));
}

#[test]
fn sync_asks_the_store_then_reloads_and_says_what_it_did() {
    let mut app = app();
    assert!(matches!(app.update(Action::Sync), Some(Effect::Sync)));
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.text.contains("正在同步"))
    );
    let effect = app.update(Action::Synced(
        "已同步 origin/main：收到1个提交，推送0个提交".into(),
    ));
    assert!(matches!(effect, Some(Effect::Reload)));
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.text == "已同步 origin/main：收到1个提交，推送0个提交" && !m.error)
    );
}

fn open_meeting(kind: Cycle) -> Meeting {
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

fn review_data(kind: Cycle) -> ReviewData {
    ReviewData {
        kind,
        base: "a".repeat(40),
        base_date: today(),
        head: "b".repeat(40),
        changes: Vec::new(),
    }
}

/// The bundled plan with a monthly meeting and one open action item about A3-02.
fn app_with_item() -> App {
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
    app.expanded.insert(Node::Section(Section::Meetings));
    app.selected = Some(Node::Item(id("D2026-11-01")));
    app.rebuild();
    assert_eq!(app.selected, Some(Node::Item(id("D2026-11-01"))));
    app
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Action::Input(c));
    }
}

#[test]
fn item_form_closes_an_item_only_with_an_approver() {
    let mut app = app_with_item();
    // `e` on an item row opens the item form too.
    app.update(Action::OpenForm);
    assert_eq!(app.form.as_ref().map(|f| f.kind), Some(FormKind::Item));
    app.update(Action::Cancel);
    assert_eq!(app.mode, Mode::Tree);
    assert!(app.form.is_none());
    app.update(Action::OpenItemForm);
    assert_eq!(app.mode, Mode::Form);
    let form = app.form.as_ref().expect("form");
    assert_eq!(form.field, Field::ItemStatus);
    assert_eq!(form.item_status, ItemStatus::Open);
    assert_eq!(form.deadline, "2026-12-31");
    assert_eq!(form.lead_unit, "市人社局");
    // 推进中 → 已办结待销号 → 已销号
    app.update(Action::ChoiceNext);
    app.update(Action::ChoiceNext);
    assert_eq!(
        app.form.as_ref().map(|f| f.item_status),
        Some(ItemStatus::Closed)
    );
    app.update(Action::NextField);
    type_text(&mut app, "已完成选址并开业");
    assert!(
        app.update(Action::Submit).is_none(),
        "销号 without an approver is refused"
    );
    let error = app.form.as_ref().and_then(|f| f.error.clone());
    assert!(
        error.as_deref().is_some_and(|e| e.contains("审批人")),
        "{error:?}"
    );
    assert_eq!(app.mode, Mode::Form, "the input is kept");
    app.update(Action::NextField);
    app.update(Action::NextField);
    app.update(Action::NextField);
    assert_eq!(app.form.as_ref().map(|f| f.field), Some(Field::ApprovedBy));
    type_text(&mut app, "王五");
    app.update(Action::NextField);
    type_text(&mut app, "现场核查");
    app.update(Action::NextField);
    type_text(&mut app, "2026-11-3x");
    assert!(
        app.update(Action::Submit).is_none(),
        "a bad date is refused"
    );
    app.update(Action::DeleteChar);
    app.update(Action::DeleteChar);
    type_text(&mut app, "24");
    let effect = app.update(Action::Submit);
    let Some(Effect::PreviewItem { id: item, edit }) = effect else {
        panic!("expected an item preview, got {effect:?}");
    };
    assert_eq!(item, id("D2026-11-01"));
    assert_eq!(edit.status, Some(ItemStatus::Closed));
    assert_eq!(edit.feedback.as_deref(), Some("已完成选址并开业"));
    assert_eq!(edit.approved_by.as_deref(), Some("王五"));
    assert_eq!(edit.basis.as_deref(), Some("现场核查"));
    assert_eq!(edit.closed_on, NaiveDate::from_ymd_opt(2026, 11, 24));
    app.update(Action::Previewed(
        "议定事项 D2026-11-01 状态 推进中→已销号".into(),
    ));
    assert_eq!(app.mode, Mode::Confirm);
    assert_eq!(
        app.pending_summary.as_deref(),
        Some("议定事项 D2026-11-01 状态 推进中→已销号")
    );
    // A refusal by the store returns to the form with the input intact.
    app.update(Action::Confirm);
    app.update(Action::Failed("locked".into()));
    assert_eq!(app.mode, Mode::Form);
    assert_eq!(
        app.form.as_ref().map(|f| f.approved_by.as_str()),
        Some("王五")
    );
    app.update(Action::Submit);
    app.update(Action::Previewed("s".into()));
    let effect = app.update(Action::Confirm);
    let Some(Effect::CommitItem { id: item, edit }) = effect else {
        panic!("expected an item commit, got {effect:?}");
    };
    assert_eq!(item, id("D2026-11-01"));
    assert_eq!(edit.approved_by.as_deref(), Some("王五"));
    app.update(Action::Committed {
        commit: "0123456789abcdef".into(),
        summary: "议定事项 D2026-11-01 状态 推进中→已销号".into(),
    });
    assert_eq!(app.mode, Mode::Tree);
    assert!(app.form.is_none());
    assert_eq!(
        app.message.as_ref().map(|m| m.text.as_str()),
        Some("已提交 01234567 议定事项 D2026-11-01 状态 推进中→已销号")
    );
}

#[test]
fn item_form_sends_no_closure_unless_closing() {
    let mut app = app_with_item();
    app.update(Action::OpenItemForm);
    app.update(Action::ChoiceNext);
    for _ in 0..4 {
        app.update(Action::NextField);
    }
    type_text(&mut app, "王五");
    let effect = app.update(Action::Submit);
    let Some(Effect::PreviewItem { edit, .. }) = effect else {
        panic!("expected an item preview, got {effect:?}");
    };
    assert_eq!(edit.status, Some(ItemStatus::DoneAwaitingReview));
    assert_eq!(edit.approved_by, None);
    assert_eq!(edit.basis, None);
    // Without an item selected the form does not open.
    let mut other = self::app();
    other.update(Action::OpenItemForm);
    assert_eq!(other.mode, Mode::Tree);
    assert!(other.message.as_ref().is_some_and(|m| m.error));
}

#[test]
fn measure_form_sets_and_clears_a_light_override_with_a_reason() {
    let mut app = app();
    select(&mut app, "A3-02");
    app.update(Action::OpenMeasureForm);
    while app.form.as_ref().map(|f| f.field) != Some(Field::Override) {
        app.update(Action::NextField);
    }
    // 不设定 → 绿 → 蓝 → 黄 → 红
    for _ in 0..4 {
        app.update(Action::ChoiceNext);
    }
    assert_eq!(
        app.form.as_ref().and_then(|f| f.override_light),
        Some(Light::Red)
    );
    assert!(
        app.update(Action::Submit).is_none(),
        "an override without a reason is refused"
    );
    let error = app.form.as_ref().and_then(|f| f.error.clone());
    assert!(
        error.as_deref().is_some_and(|e| e.contains("理由")),
        "{error:?}"
    );
    app.update(Action::NextField);
    assert_eq!(app.form.as_ref().map(|f| f.field), Some(Field::Reason));
    type_text(&mut app, "选址受阻");
    let effect = app.update(Action::Submit);
    let Some(Effect::PreviewMeasure { edit, .. }) = effect else {
        panic!("expected a measure preview, got {effect:?}");
    };
    assert_eq!(
        edit.light_override,
        Some(Some(LightOverride {
            light: Light::Red,
            reason: "选址受阻".into(),
            set_on: today(),
        }))
    );
    app.update(Action::Previewed("调整 A3-02 人工亮灯 无→红".into()));
    assert!(matches!(
        app.update(Action::Confirm),
        Some(Effect::CommitMeasure { edit, .. }) if edit.light_override.is_some()
    ));
    app.update(Action::Cancel);
    app.update(Action::Cancel);
    // The form has changes: the second Esc asked, the third discards.
    app.update(Action::Cancel);
    assert_eq!(app.mode, Mode::Tree, "Esc leaves the form");
    // Untouched, the form leaves the override alone.
    app.update(Action::OpenMeasureForm);
    let Some(Effect::PreviewMeasure { edit, .. }) = app.update(Action::Submit) else {
        panic!("expected a measure preview");
    };
    assert_eq!(edit.light_override, None);
}

#[test]
fn measure_form_offers_to_clear_an_existing_override() {
    let mut app = app();
    let i = app
        .plan
        .measures
        .iter()
        .position(|m| m.id == id("A3-02"))
        .expect("A3-02");
    app.plan.measures[i].light_override = Some(LightOverride {
        light: Light::Yellow,
        reason: "已报市政府同意延期".into(),
        set_on: today(),
    });
    select(&mut app, "A3-02");
    app.update(Action::OpenMeasureForm);
    let form = app.form.as_ref().expect("form");
    assert!(form.had_override);
    assert_eq!(form.override_light, Some(Light::Yellow));
    assert_eq!(form.reason, "已报市政府同意延期");
    while app.form.as_ref().map(|f| f.field) != Some(Field::Override) {
        app.update(Action::NextField);
    }
    // 黄 → 红 → 不设定 (clears it)
    app.update(Action::ChoiceNext);
    app.update(Action::ChoiceNext);
    let Some(Effect::PreviewMeasure { edit, .. }) = app.update(Action::Submit) else {
        panic!("expected a measure preview");
    };
    assert_eq!(edit.light_override, Some(None));
}

fn meeting_data(kind: Cycle) -> MeetingData {
    MeetingData {
        meeting: open_meeting(kind),
        review: review_data(kind),
        carried: Vec::new(),
        minutes: (1..=40).map(|i| format!("line {i}\n")).collect(),
    }
}

#[test]
fn review_loads_the_chosen_kind_and_switching_reloads() {
    let mut app = app();
    assert!(matches!(
        app.update(Action::ShowReview),
        Some(Effect::LoadReview(Cycle::Monthly))
    ));
    assert_eq!(app.mode, Mode::Review);
    assert!(matches!(
        app.update(Action::SwitchKind),
        Some(Effect::LoadReview(Cycle::Quarterly))
    ));
    // A late answer for the kind no longer shown is dropped.
    app.update(Action::ReviewLoaded(Box::new(review_data(Cycle::Monthly))));
    assert!(app.review.is_none());
    app.update(Action::ReviewLoaded(Box::new(review_data(
        Cycle::Quarterly,
    ))));
    assert_eq!(app.review.as_ref().map(|r| r.kind), Some(Cycle::Quarterly));
    app.update(Action::MoveDown);
    assert_eq!(app.screen_scroll, 0, "nothing to scroll");
    let mut long = review_data(Cycle::Quarterly);
    long.changes = (1..=60)
        .map(|n| crate::meeting::Change {
            kind: crate::meeting::ChangeKind::Light,
            action: Some(id("A3")),
            id: format!("A3-{n:02}"),
            period: None,
            field: "light".into(),
            from: serde_json::json!("Green"),
            to: serde_json::json!("Yellow"),
            by: None,
            fired: None,
        })
        .collect();
    app.update(Action::ReviewLoaded(Box::new(long)));
    // The run loop measures the drawn screen.
    app.content_lines = crate::tui::views::screen_lines(&app);
    for _ in 0..10 {
        app.update(Action::PageDown);
    }
    // A heading and 60 changes: the last page shows the last line.
    assert_eq!(app.screen_scroll, 61 - app.page);
    app.update(Action::MoveUp);
    assert_eq!(app.screen_scroll, 60 - app.page);
    assert!(matches!(app.update(Action::Refresh), Some(Effect::Reload)));
    // A reload (HEAD moved) reloads the review too.
    let snapshot = Snapshot {
        plan: plan(),
        history: Vec::new(),
        repo: RepoInfo::default(),
        problems: Vec::new(),
    };
    assert!(matches!(
        app.update(Action::Reloaded(Box::new(snapshot))),
        Some(Effect::LoadReview(Cycle::Quarterly))
    ));
    app.update(Action::Cancel);
    assert_eq!(app.mode, Mode::Tree);
}

#[test]
fn meeting_screen_without_an_open_meeting_offers_to_open_one() {
    let mut app = app();
    assert!(matches!(
        app.update(Action::ShowMeeting),
        Some(Effect::LoadMeeting(Cycle::Monthly))
    ));
    app.update(Action::MeetingLoaded(Cycle::Monthly, None));
    assert!(app.update(Action::OpenDecisionForm).is_none());
    assert_eq!(app.mode, Mode::Meeting);
    assert_eq!(
        app.message.as_ref().map(|m| m.text.as_str()),
        Some("没有进行中的月例会：按 n 召开")
    );
    app.update(Action::CloseMeeting);
    assert_eq!(app.mode, Mode::Meeting, "nothing to close");
    app.update(Action::OpenMeetingForm);
    assert_eq!(app.mode, Mode::Form);
    assert_eq!(app.form.as_ref().map(|f| f.kind), Some(FormKind::Meeting));
    app.update(Action::ChoiceNext);
    app.update(Action::NextField);
    for _ in 0.."2026-11-25 09:00".len() {
        app.update(Action::DeleteChar);
    }
    for c in "2026-11-2x".chars() {
        app.update(Action::Input(c));
    }
    assert!(app.update(Action::Submit).is_none());
    assert!(app.form.as_ref().and_then(|f| f.error.as_ref()).is_some());
    app.update(Action::DeleteChar);
    for c in "6 14:30".chars() {
        app.update(Action::Input(c));
    }
    app.update(Action::NextField);
    for c in "王五".chars() {
        app.update(Action::Input(c));
    }
    app.update(Action::NextField);
    app.update(Action::NextField);
    app.update(Action::ChoiceNext);
    let effect = app.update(Action::Submit);
    let Some(Effect::PreviewMeeting(new)) = effect else {
        panic!("expected a meeting preview, got {effect:?}");
    };
    assert_eq!(new.kind, Cycle::Quarterly);
    assert_eq!(
        new.time,
        NaiveDate::from_ymd_opt(2026, 11, 26)
            .and_then(|d| d.and_hms_opt(14, 30, 0))
            .expect("time")
    );
    assert_eq!(new.chair, "王五");
    assert_eq!(new.attendees, vec![app.plan.roster.units[0].name.clone()]);
    app.update(Action::Previewed(
        "召开季总结 Q2026-4（2026年第1期）".into(),
    ));
    assert_eq!(app.mode, Mode::Confirm);
    assert!(matches!(
        app.update(Action::Confirm),
        Some(Effect::OpenMeeting(_))
    ));
    let effect = app.update(Action::Committed {
        commit: "0123456789".into(),
        summary: "召开季总结 Q2026-4（2026年第1期）".into(),
    });
    assert!(matches!(effect, Some(Effect::Reload)));
    assert_eq!(app.mode, Mode::Meeting, "back on the meeting screen");
}

#[test]
fn decisions_preview_then_commit_and_return_to_the_meeting() {
    let mut app = app();
    app.kind = Cycle::Weekly;
    app.update(Action::ShowMeeting);
    app.update(Action::MeetingLoaded(
        Cycle::Weekly,
        Some(Box::new(meeting_data(Cycle::Weekly))),
    ));
    app.update(Action::OpenMeetingForm);
    assert_eq!(
        app.mode,
        Mode::Meeting,
        "one open meeting of a kind at a time"
    );
    assert!(app.message.as_ref().is_some_and(|m| m.error));
    app.update(Action::OpenDecisionForm);
    assert_eq!(app.mode, Mode::Form);
    assert!(
        app.update(Action::Submit).is_none(),
        "empty text is refused"
    );
    for c in "完成选址".chars() {
        app.update(Action::Input(c));
    }
    app.update(Action::NextField);
    assert!(app.update(Action::Submit).is_none(), "no lead unit yet");
    app.update(Action::ChoiceNext);
    app.update(Action::NextField);
    app.update(Action::NextField);
    for c in "2026-12-31".chars() {
        app.update(Action::Input(c));
    }
    let effect = app.update(Action::Submit);
    let Some(Effect::PreviewDecision(d)) = effect else {
        panic!("expected a decision preview, got {effect:?}");
    };
    assert_eq!(d.text, "完成选址");
    assert_eq!(d.lead, app.plan.roster.units[0].name);
    assert!(d.co.is_empty());
    assert_eq!(d.measure, None);
    app.update(Action::Previewed("议定事项 D2026-W48-01：完成选址".into()));
    // Esc in the confirmation goes back to the form, input intact.
    app.update(Action::Cancel);
    assert_eq!(app.mode, Mode::Form);
    app.update(Action::Submit);
    app.update(Action::Previewed("议定事项 D2026-W48-01：完成选址".into()));
    assert!(matches!(
        app.update(Action::Confirm),
        Some(Effect::CommitDecision(_))
    ));
    app.update(Action::Committed {
        commit: "0123456789".into(),
        summary: "议定事项 D2026-W48-01：完成选址".into(),
    });
    assert_eq!(app.mode, Mode::Meeting);
    assert!(app.form.is_none());
    // The reload after the commit refreshes the agenda.
    let snapshot = Snapshot {
        plan: plan(),
        history: Vec::new(),
        repo: RepoInfo::default(),
        problems: Vec::new(),
    };
    assert!(matches!(
        app.update(Action::Reloaded(Box::new(snapshot))),
        Some(Effect::LoadMeeting(Cycle::Weekly))
    ));
}

#[test]
fn minutes_scroll_within_bounds_and_closing_asks_first() {
    let mut app = app();
    app.kind = Cycle::Weekly;
    app.update(Action::ShowMeeting);
    app.update(Action::MeetingLoaded(
        Cycle::Weekly,
        Some(Box::new(meeting_data(Cycle::Weekly))),
    ));
    app.update(Action::ShowMinutes);
    assert_eq!(app.mode, Mode::Minutes);
    for _ in 0..10 {
        app.update(Action::PageDown);
    }
    assert_eq!(app.minutes_scroll, 39, "stops at the last line");
    app.update(Action::PageUp);
    app.update(Action::MoveUp);
    assert_eq!(app.minutes_scroll, 39 - app.page - 1);
    app.update(Action::Cancel);
    assert_eq!(app.mode, Mode::Meeting);
    app.update(Action::CloseMeeting);
    assert_eq!(app.mode, Mode::ConfirmClose);
    app.update(Action::Cancel);
    assert_eq!(app.mode, Mode::Meeting);
    app.update(Action::CloseMeeting);
    let effect = app.update(Action::Confirm);
    let Some(Effect::CloseMeeting(m)) = effect else {
        panic!("expected a close, got {effect:?}");
    };
    assert_eq!(m, id("W2026-48"));
    app.update(Action::Failed("locked".into()));
    assert_eq!(app.mode, Mode::Meeting);
    app.update(Action::CloseMeeting);
    app.update(Action::Confirm);
    app.update(Action::Committed {
        commit: "c105ed00aa".into(),
        summary: "周调度 W2026-48 结束".into(),
    });
    assert_eq!(app.mode, Mode::Meeting);
    assert_eq!(
        app.message.as_ref().map(|m| m.text.as_str()),
        Some("已提交 c105ed00 周调度 W2026-48 结束")
    );
    // The reload finds no open weekly meeting any more.
    app.update(Action::MeetingLoaded(Cycle::Weekly, None));
    assert!(app.meeting.is_none());
    app.update(Action::Cancel);
    assert_eq!(app.mode, Mode::Tree);
    assert_eq!(
        app.home,
        Mode::Tree,
        "a report form returns to the tree again"
    );
}

#[test]
fn indicators_screen_moves_within_the_table() {
    let mut app = app();
    assert!(app.update(Action::ShowIndicators).is_none());
    assert_eq!(app.mode, Mode::Indicators);
    app.update(Action::MoveUp);
    assert_eq!(app.indicator_cursor, 0);
    app.update(Action::End);
    assert_eq!(app.indicator_cursor, app.plan.indicators.len() - 1);
    app.update(Action::MoveDown);
    assert_eq!(app.indicator_cursor, app.plan.indicators.len() - 1);
    app.update(Action::Cancel);
    assert_eq!(app.mode, Mode::Tree);
}

#[test]
fn measure_form_sends_only_what_changed_and_the_new_fields() {
    let mut app = app();
    select(&mut app, "A3-02");
    app.update(Action::OpenMeasureForm);
    let edit = app
        .form
        .as_ref()
        .unwrap()
        .measure_edit(Lang::Zh, today())
        .unwrap();
    // Untouched prefilled values are not sent: a default stays a default.
    assert_eq!(
        (edit.deadline, edit.status, edit.start, edit.cadence),
        (None, None, None, None)
    );
    while app.form.as_ref().map(|f| f.field) != Some(Field::Cadence) {
        app.update(Action::NextField);
    }
    app.update(Action::ChoiceNext);
    let form = app.form.as_mut().unwrap();
    form.co_units = "市资规局、市财政局".into();
    form.milestone = "2026-06-30：完成站点规划".into();
    form.start = "2026-01-01".into();
    let edit = form.measure_edit(Lang::Zh, today()).unwrap();
    assert_eq!(edit.cadence, Some(Cycle::Quarterly));
    assert_eq!(edit.add_co, vec!["市资规局", "市财政局"]);
    assert!(edit.remove_co.is_empty());
    assert_eq!(
        edit.add_milestones,
        vec![(
            NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
            "完成站点规划".to_string()
        )]
    );
    assert_eq!(edit.start, NaiveDate::from_ymd_opt(2026, 1, 1));
    form.milestone = "六月底".into();
    assert!(form.measure_edit(Lang::Zh, today()).is_err());
    form.milestone.clear();
    // 已销号 brings the closure fields, dated today unless given.
    form.status = Some(Status::Closed);
    assert_eq!(form.fields(), &Field::MEASURE_CLOSING);
    form.approved_by = "专班办公室".into();
    form.basis = "验收意见".into();
    let edit = form.measure_edit(Lang::Zh, today()).unwrap();
    assert_eq!(edit.approved_by.as_deref(), Some("专班办公室"));
    assert_eq!(edit.closed_on, Some(today()));
}

#[test]
fn c_on_the_indicators_screen_confirms_a_suggested_target() {
    let mut app = app();
    app.update(Action::ShowIndicators);
    // I01 has no 2026 column: its 建议值 (保持100) is confirmed with one key.
    match app.update(Action::ConfirmSuggestedTarget) {
        Some(Effect::ConfirmTarget { indicator, year }) => {
            assert_eq!((indicator, year), (id("I01"), 2026));
        }
        other => panic!("expected ConfirmTarget, got {other:?}"),
    }
    // I16's 2027 cell is 完成下达指标: nothing to interpolate, so nothing to confirm.
    app.indicator_cursor = 15;
    assert!(app.update(Action::ConfirmSuggestedTarget).is_none());
    let msg = app.message.as_ref().expect("a message");
    assert!(
        msg.text.contains("I16 2026年目标不是建议值"),
        "{}",
        msg.text
    );
    // After the commit the screen stays on the indicators.
    app.update(Action::Committed {
        commit: "0123456789".into(),
        summary: "指标 I01".into(),
    });
    assert_eq!(app.mode, Mode::Indicators);
}

#[test]
fn list_fields_split_on_chinese_and_latin_separators() {
    assert_eq!(
        list_entries("市人社局、 市民政局,市教育局，；"),
        vec!["市人社局", "市民政局", "市教育局"]
    );
}

#[test]
fn choices_wrap_through_none() {
    assert_eq!(step(&Light::ALL, None, true), Some(Light::Green));
    assert_eq!(step(&Light::ALL, Some(Light::Red), true), None);
    assert_eq!(step(&Light::ALL, None, false), Some(Light::Red));
}
