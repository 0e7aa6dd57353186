//! Snapshots of every TUI screen and state at 80×24 and 160×48, drawn into a TestBackend from
//! the bundled plan plus constructed reports and history, on a fixed date.

#[path = "support/frames.rs"]
mod frames;
use chrono::{FixedOffset, NaiveDate, TimeZone};
use frames::draw;
use insta::assert_snapshot;
use serde_json::json;
use taskforce::model::{
    ActionItem, Cycle, Id, ItemStatus, Lang, Light, Meeting, Observation, Plan, Report, Status,
};
use taskforce::store::{BundledSource, Entry, FieldChange, Reports, load};
use taskforce::tui::ctx::Lights;
use taskforce::tui::forms::Form;
use taskforce::tui::screens::confirm::ConfirmScreen;
use taskforce::tui::screens::import::ImportScreen;
use taskforce::tui::screens::indicators::IndicatorsScreen;
use taskforce::tui::screens::meeting::MeetingScreen;
use taskforce::tui::screens::minutes::MinutesScreen;
use taskforce::tui::screens::remind::RemindScreen;
use taskforce::tui::screens::review::ReviewScreen;
use taskforce::tui::screens::tree::{Input, Node, Row, TreeScreen};
use taskforce::tui::{Action, App, Loaded, RepoInfo, Snapshot};

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).expect("date")
}

fn id(text: &str) -> Id {
    Id::parse(text).expect("id")
}

fn report(item: &str, cycle: Cycle, light: Light, progress: &str) -> Report {
    Report {
        schema: 1,
        item: id(item),
        period: cycle.period_of(today()),
        light: Some(light),
        status: Some(Status::InProgress),
        percent: Some(40),
        progress: progress.into(),
        problems: "部分县（市、区）选址未定".into(),
        next_steps: "月底前完成选址".into(),
        asks: String::new(),
        reported_by: "张三".into(),
        reported_on: today(),
    }
}

fn history() -> Vec<Entry> {
    let time = FixedOffset::east_opt(8 * 3600)
        .expect("offset")
        .with_ymd_and_hms(2026, 11, 24, 9, 30, 0)
        .single()
        .expect("time");
    let change = |field: &str, from: serde_json::Value, to: serde_json::Value| FieldChange {
        id: "A3-02".into(),
        cycle: Some("weekly".into()),
        period: Some("2026-W48".into()),
        field: field.into(),
        from,
        to,
    };
    vec![
        Entry {
            commit: "3f2a9c1d00000000000000000000000000000000".into(),
            author: "张三".into(),
            email: "zhang@example.org".into(),
            time,
            summary: "周调度 2026-W48 A3-02 绿→黄".into(),
            trailers: Vec::new(),
            changes: vec![
                change("light", json!(null), json!("Yellow")),
                change("progress", json!(""), json!("站点选址完成六成")),
            ],
        },
        Entry {
            commit: "99af8a4000000000000000000000000000000000".into(),
            author: "taskforce".into(),
            email: "init@example.org".into(),
            time: time - chrono::Duration::days(30),
            summary: "初始化：温州市基本公共服务一体化改革实施方案(2025-2027年)".into(),
            trailers: Vec::new(),
            changes: Vec::new(),
        },
    ]
}

fn plan() -> Plan {
    let (plan, problems) = load(&BundledSource, Reports::All);
    assert!(problems.is_empty(), "{problems:?}");
    let mut p = plan.expect("bundled plan");
    // Data must never put control characters on the screen; an emoji keeps its two columns.
    if let Some(m) = p.measures.iter_mut().find(|m| m.id == id("A9-01")) {
        m.title = format!("{} 🕊\u{1b}[2J", m.title);
    }
    let reports = vec![
        report(
            "A3-02",
            Cycle::Weekly,
            Light::Yellow,
            "站点选址完成六成\n已开工12个",
        ),
        report("A3-02", Cycle::Monthly, Light::Green, "月度推进正常"),
        report("A3-02", Cycle::Quarterly, Light::Green, "季度目标过半"),
        report("A5-01", Cycle::Monthly, Light::Red, "资金未到位"),
    ];
    let week = Cycle::Weekly.period_of(today());
    let meeting = Meeting {
        schema: 1,
        id: id(&Meeting::id_for(week)),
        kind: Cycle::Weekly,
        period: week,
        issue: 12,
        time: today().and_hms_opt(9, 0, 0).expect("time"),
        place: "市政府3号楼会议室".into(),
        chair: "王五".into(),
        attendees: vec!["市人社局".into(), "市民政局".into()],
        baseline: String::new(),
        closed: false,
        sign_off: Default::default(),
    };
    let item =
        |n: u32, text: &str, deadline: NaiveDate, measure: Option<&str>, status: ItemStatus| {
            ActionItem {
                schema: 1,
                id: id(&format!("D2026-W48-{n:02}")),
                meeting: meeting.id.clone(),
                number: n,
                text: text.into(),
                lead_unit: "市人社局".into(),
                co_units: Vec::new(),
                deadline,
                measure: measure.map(id),
                status,
                feedback: String::new(),
                closure: None,
            }
        };
    let items = vec![
        item(
            1,
            "落实基层站点选址",
            NaiveDate::from_ymd_opt(2026, 11, 20).expect("date"),
            Some("A3-02"),
            ItemStatus::Open,
        ),
        item(
            2,
            "报送零工市场名单",
            NaiveDate::from_ymd_opt(2026, 12, 5).expect("date"),
            None,
            ItemStatus::DoneAwaitingReview,
        ),
    ];
    let observations = vec![Observation {
        schema: 1,
        indicator: id("I08"),
        period: taskforce::model::Period::parse("2026-Q3").expect("period"),
        value: 420.0,
        estimated: false,
        note: "三季度末累计".into(),
        recorded_by: "市人社局".into(),
    }];
    Plan::new(
        p.meta,
        p.roster,
        p.actions,
        p.measures,
        p.indicators,
        p.landmarks,
        vec![meeting],
        items,
        observations,
        reports,
    )
}

fn app(lang: Lang) -> App {
    let repo = RepoInfo {
        path: "/srv/taskforce/plan".into(),
        branch: Some("main".into()),
        dirty: Some(false),
        ahead_behind: Some((1, 0)),
        last_sync: None,
    };
    let snapshot = Snapshot {
        plan: plan(),
        history: history(),
        repo,
        problems: Vec::new(),
    };
    App::new(snapshot, lang, today())
}

/// Draws `app` at both sizes and snapshots each as `name_WxH`.
fn snap(name: &str, app: &mut App) {
    for (w, h) in SIZES {
        let terminal = draw(app, w, h);
        assert_snapshot!(format!("{name}_{w}x{h}"), terminal.backend());
    }
}

fn select(app: &mut App, measure: &str) {
    let target = Node::Measure(id(measure));
    for _ in 0..200 {
        if app.tree.selected == Some(target.clone()) {
            return;
        }
        if let Some(Node::Action(a)) = &app.tree.selected
            && measure.starts_with(&format!("{a}-"))
        {
            app.update(Action::Expand);
        }
        app.update(Action::MoveDown);
    }
    panic!("{measure} not reachable");
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Action::Input(c));
    }
}

#[test]
fn tree_collapsed() {
    snap("tree_collapsed", &mut app(Lang::Zh));
}

#[test]
fn tree_expanded_with_all_three_reports() {
    let mut app = app(Lang::Zh);
    select(&mut app, "A3-02");
    snap("tree_expanded_reports", &mut app);
}

/// A first paint from the caches: the plan as last loaded and the newest history entries;
/// the status line does not yet say clean or dirty, and the detail says older history is on
/// its way. Then the whole load arrives and both fill in.
#[test]
fn first_paint_then_the_whole_load() {
    let plan = plan();
    let whole = history();
    let repo = RepoInfo {
        path: "/srv/taskforce/plan".into(),
        branch: Some("main".into()),
        dirty: None,
        ahead_behind: None,
        last_sync: None,
    };
    let lights = Lights::compute(&plan, today());
    let mut app = App::loaded(
        Loaded {
            snapshot: Snapshot {
                plan: plan.clone(),
                history: whole[..1].to_vec(),
                repo,
                problems: Vec::new(),
            },
            lights: lights.clone(),
            complete: false,
            newer_only: false,
        },
        Lang::Zh,
        today(),
    );
    select(&mut app, "A3-02");
    let text = format!("{}", draw(&mut app, 120, 40).backend());
    assert!(text.contains("（更早的历史载入中…）"), "{text}");
    assert!(
        !text.contains("干净") && !text.contains("有未提交修改"),
        "{text}"
    );
    snap("first_paint", &mut app);
    app.update(Action::Loaded(Box::new(Loaded {
        snapshot: Snapshot {
            plan,
            history: whole,
            repo: RepoInfo {
                path: "/srv/taskforce/plan".into(),
                branch: Some("main".into()),
                dirty: Some(false),
                ahead_behind: Some((1, 0)),
                last_sync: None,
            },
            problems: Vec::new(),
        },
        lights,
        complete: true,
        newer_only: false,
    })));
    let text = format!("{}", draw(&mut app, 120, 40).backend());
    assert!(!text.contains("载入中"), "{text}");
    assert!(text.contains("干净") && text.contains("↑1 ↓0"), "{text}");
}

#[test]
fn detail_without_reports() {
    let mut app = app(Lang::Zh);
    select(&mut app, "A1-01");
    snap("detail_no_reports", &mut app);
}

#[test]
fn control_characters_and_emoji_in_titles() {
    let mut app = app(Lang::Zh);
    select(&mut app, "A9-01");
    for (w, h) in SIZES {
        let terminal = draw(&mut app, w, h);
        let text = format!("{}", terminal.backend());
        assert!(!text.contains('\u{1b}'), "an escape reached the screen");
        assert!(text.contains("🕊"));
    }
    snap("emoji_and_control_characters", &mut app);
}

#[test]
fn filter_menu_and_active_filter() {
    let mut app = app(Lang::Zh);
    app.update(Action::OpenFilters);
    app.update(Action::FilterLight(Light::Yellow));
    snap("filter_menu", &mut app);
    app.update(Action::Cancel);
    assert!(app.on::<TreeScreen>());
    assert_eq!(app.tree.input, Input::Tree, "Esc closes the filter menu");
    let measures = app
        .tree
        .rows
        .iter()
        .filter(|r| matches!(r, Row::Measure(_)))
        .count();
    assert_eq!(measures, 1, "only A3-02 is yellow");
    snap("filter_active", &mut app);
}

#[test]
fn search_with_a_chinese_query() {
    let mut app = app(Lang::Zh);
    app.update(Action::StartSearch);
    type_text(&mut app, "托育");
    // The selection has followed the first title match while typing.
    snap("search_chinese", &mut app);
}

#[test]
fn edit_form_and_confirmation() {
    let mut app = app(Lang::Zh);
    select(&mut app, "A3-02");
    app.update(Action::OpenForm);
    // Back over the report date and the period to the cycle, then on to the progress.
    for _ in 0..3 {
        app.update(Action::PrevField);
    }
    app.update(Action::ChoicePrev);
    for _ in 0..6 {
        app.update(Action::NextField);
    }
    app.update(Action::Input('\u{7}'));
    app.update(Action::DeleteChar);
    type_text(&mut app, "；本周新增3个");
    snap("edit_form", &mut app);
    app.update(Action::Previewed(
        "周调度 2026-W48 A3-02 进展（黄灯）".into(),
    ));
    snap("confirm", &mut app);
}

#[test]
fn error_message_after_a_failed_commit() {
    let mut app = app(Lang::Zh);
    select(&mut app, "A3-02");
    app.update(Action::OpenForm);
    app.update(Action::Submit);
    app.update(Action::Previewed(
        "周调度 2026-W48 A3-02 进展（黄灯）".into(),
    ));
    app.update(Action::Failed(
        "measures/A3/A3-02.ron has uncommitted changes; commit or discard them first".into(),
    ));
    snap("error_message", &mut app);
}

#[test]
fn committed_message() {
    let mut app = app(Lang::Zh);
    select(&mut app, "A3-02");
    app.update(Action::Committed {
        commit: "3f2a9c1d0000".into(),
        summary: "周调度 2026-W48 A3-02 绿→黄".into(),
    });
    snap("committed", &mut app);
}

#[test]
fn help_overlay() {
    let mut app = app(Lang::Zh);
    app.update(Action::ToggleHelp);
    snap("help", &mut app);
}

#[test]
fn history_screen() {
    let mut app = app(Lang::Zh);
    app.update(Action::ShowHistory);
    snap("history", &mut app);
}

#[test]
fn english_labels() {
    let mut app = app(Lang::En);
    select(&mut app, "A3-02");
    snap("english", &mut app);
    app.update(Action::ToggleHelp);
    snap("english_help", &mut app);
}

#[test]
fn measure_form() {
    let mut app = app(Lang::Zh);
    select(&mut app, "A3-02");
    app.update(Action::OpenMeasureForm);
    snap("measure_form", &mut app);
}

#[test]
fn no_control_character_from_the_data_reaches_any_screen() {
    let mut p = plan();
    let bad = "\u{1b}[31m\u{7}\t\r";
    for m in p.measures.iter_mut().filter(|m| m.id == id("A3-02")) {
        m.title.push_str(bad);
        m.source_text.push_str(bad);
        m.lead_unit.push_str(bad);
        m.owner = Some(format!("李四{bad}"));
        m.co_units.push(format!("市民政局{bad}"));
    }
    let mut reports = p.reports.clone();
    for r in &mut reports {
        r.progress.push_str(bad);
        r.reported_by.push_str(bad);
    }
    let plan = Plan::new(
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
    );
    let mut history = history();
    history[0].summary.push_str(bad);
    history[0].author.push_str(bad);
    let repo = RepoInfo {
        path: format!("/srv/{bad}"),
        branch: Some(format!("main{bad}")),
        dirty: Some(true),
        ahead_behind: None,
        last_sync: None,
    };
    let mut app = App::new(
        Snapshot {
            plan,
            history,
            repo,
            problems: vec![format!("units.ron: {bad}")],
        },
        Lang::Zh,
        today(),
    );
    let assert_clean = |app: &mut App, state: &str| {
        for (w, h) in SIZES {
            let terminal = draw(app, w, h);
            let buffer = terminal.backend().buffer();
            for cell in buffer.content() {
                assert!(
                    !cell.symbol().chars().any(char::is_control),
                    "{state} at {w}x{h}: control character {:?}",
                    cell.symbol()
                );
            }
        }
    };
    assert_clean(&mut app, "problems message");
    select(&mut app, "A3-02");
    assert_clean(&mut app, "detail");
    // The views replace control characters with a visible mark (ratatui would silently drop them).
    let screen = format!("{}", draw(&mut app, 160, 48).backend());
    assert!(screen.contains("加强基层就业服务站点规划�[31m"), "{screen}");
    app.update(Action::OpenFilters);
    app.update(Action::FilterLead);
    app.update(Action::FilterOwner);
    assert_clean(&mut app, "filter menu");
    app.update(Action::Cancel);
    assert_clean(&mut app, "filter summary");
    app.update(Action::OpenForm);
    assert_clean(&mut app, "form");
    app.update(Action::Failed(format!("store error {bad}")));
    assert_clean(&mut app, "error message");
    app.update(Action::Cancel);
    app.update(Action::ShowHistory);
    assert_clean(&mut app, "history");
}

#[test]
fn history_and_undo_preview_from_a_real_store() {
    use taskforce::model::Period;
    use taskforce::store::{Identity, ReportEdit, Store};
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::init(&dir.path().join("plan")).expect("init");
    let who = Identity::parse("张三 <zhang@example.org>").expect("identity");
    let edit = ReportEdit {
        light: Some(Light::Yellow),
        progress: Some("站点选址完成六成".into()),
        ..Default::default()
    };
    let week = Period::parse("2026-W48").expect("period");
    store
        .set_report(&id("A3-02"), week, &edit, &who, today())
        .expect("set_report");
    let mut app = App::new(
        taskforce::tui::snapshot(&store).expect("snapshot"),
        Lang::Zh,
        today(),
    );
    app.data.repo.path = "/srv/taskforce/plan".into();
    app.update(Action::ShowHistory);
    let revert = store
        .plan_undo()
        .expect("plan_undo")
        .expect("something to undo");
    app.update(Action::UndoPlanned(Some(Box::new(revert))));
    assert!(app.on::<ConfirmScreen>());
    // Commit ids and times change every run: replace them by placeholders.
    let mut volatile: Vec<(String, &str)> = Vec::new();
    for e in &app.data.history {
        volatile.push((e.commit[..8].to_string(), "[commit]"));
        volatile.push((
            e.time.format("%Y-%m-%d %H:%M").to_string(),
            "[time]          ",
        ));
    }
    for (w, h) in SIZES {
        let mut text = format!("{}", draw(&mut app, w, h).backend());
        for (from, to) in &volatile {
            text = text.replace(from.as_str(), to);
        }
        assert_snapshot!(format!("undo_preview_{w}x{h}"), text);
    }
}

#[test]
fn meeting_with_action_items() {
    let mut app = app(Lang::Zh);
    app.update(Action::End);
    app.update(Action::Expand);
    app.update(Action::MoveDown);
    assert!(matches!(&app.tree.selected, Some(Node::Meeting(_))));
    snap("meeting", &mut app);
    app.update(Action::MoveDown);
    assert_eq!(app.tree.selected, Some(Node::Item(id("D2026-W48-01"))));
    snap("action_item_overdue", &mut app);
}

#[test]
fn item_form_closing_and_confirmation() {
    let mut app = app(Lang::Zh);
    app.update(Action::End);
    app.update(Action::Expand);
    app.update(Action::MoveDown);
    app.update(Action::MoveDown);
    assert_eq!(app.tree.selected, Some(Node::Item(id("D2026-W48-01"))));
    app.update(Action::OpenItemForm);
    assert!(app.on::<Form>());
    // 推进中 → 已办结待销号 → 已销号, with feedback and no approver yet: refused.
    app.update(Action::ChoiceNext);
    app.update(Action::ChoiceNext);
    app.update(Action::NextField);
    type_text(&mut app, "12个基层站点均已选址\n已开工10个");
    app.update(Action::Submit);
    snap("item_form_needs_approver", &mut app);
    for _ in 0..3 {
        app.update(Action::NextField);
    }
    type_text(&mut app, "王五");
    app.update(Action::NextField);
    type_text(&mut app, "现场核查\u{1b}[2J");
    snap("item_form", &mut app);
    assert!(matches!(
        app.update(Action::Submit),
        Some(taskforce::tui::Effect::PreviewItem { .. })
    ));
    app.update(Action::Previewed(
        "议定事项 D2026-W48-01 状态 推进中→已销号，落实情况 无→12个基层站点均已选址 已开工10个"
            .into(),
    ));
    assert!(app.on::<ConfirmScreen>());
    snap("item_confirm", &mut app);
}

#[test]
fn measure_form_with_a_light_override() {
    let mut app = app(Lang::Zh);
    select(&mut app, "A3-02");
    app.update(Action::OpenMeasureForm);
    for _ in 0..3 {
        app.update(Action::NextField);
    }
    for _ in 0..4 {
        app.update(Action::ChoiceNext);
    }
    app.update(Action::NextField);
    type_text(&mut app, "用地指标未落实，市政府专题会议定调红灯");
    snap("measure_form_override", &mut app);
}

#[test]
fn detail_shows_an_active_override() {
    let mut app = app(Lang::Zh);
    let mut plan = app.data.plan.clone();
    let m = plan
        .measures
        .iter_mut()
        .find(|m| m.id == id("A3-02"))
        .expect("A3-02");
    m.light_override = Some(taskforce::model::LightOverride {
        light: Light::Red,
        reason: "用地指标未落实".into(),
        set_on: today(),
    });
    app.update(Action::Reloaded(Box::new(Snapshot {
        plan,
        history: history(),
        repo: app.data.repo.clone(),
        problems: Vec::new(),
    })));
    select(&mut app, "A3-02");
    let screen = format!("{}", draw(&mut app, 160, 48).backend());
    assert!(
        screen.contains("人工亮灯") && screen.contains("用地指标未落实"),
        "{screen}"
    );
    snap("detail_override", &mut app);
}

#[test]
fn indicator_with_observations() {
    let mut app = app(Lang::Zh);
    app.update(Action::StartSearch);
    type_text(&mut app, "I08");
    app.update(Action::AcceptSearch);
    while !matches!(app.tree.selected, Some(Node::Indicator(_))) {
        let before = app.tree.cursor;
        app.update(Action::MoveDown);
        assert_ne!(before, app.tree.cursor, "I08 not found");
    }
    snap("indicator", &mut app);
}

#[test]
fn status_line_facts_from_a_real_repository() {
    use std::process::Command;
    use taskforce::model::Period;
    use taskforce::store::{Identity, ReportEdit, Store};
    let dir = tempfile::tempdir().expect("temp dir");
    let origin = dir.path().join("origin");
    Store::init(&origin).expect("init");
    let clone = dir.path().join("clone");
    let ok = Command::new("git")
        .arg("clone")
        .arg("-q")
        .arg(&origin)
        .arg(&clone)
        .env("HOME", dir.path())
        .status()
        .expect("git clone")
        .success();
    assert!(ok, "git clone");
    let store = Store::open(&clone).expect("open");
    let info = taskforce::tui::repo_info(&store);
    assert_eq!(info.branch.as_deref(), Some("main"));
    assert_eq!(info.dirty, Some(false));
    assert_eq!(info.ahead_behind, Some((0, 0)));

    let who = Identity::parse("张三 <zhang@example.org>").expect("identity");
    let edit = ReportEdit {
        light: Some(Light::Green),
        ..Default::default()
    };
    let week = Period::parse("2026-W48").expect("period");
    store
        .set_report(&id("A1-01"), week, &edit, &who, today())
        .expect("set_report");
    assert_eq!(taskforce::tui::repo_info(&store).ahead_behind, Some((1, 0)));

    std::fs::write(clone.join("notes.txt"), "x").expect("write");
    let info = taskforce::tui::repo_info(&store);
    assert_eq!(
        info.dirty,
        Some(true),
        "an untracked file makes the work tree dirty"
    );
    assert_eq!(info.path, store.root().display().to_string());
}

// ---- Meeting screens: review, agenda, decision form, minutes, close, indicators ----

fn at(day: u32, hour: u32) -> chrono::DateTime<FixedOffset> {
    FixedOffset::east_opt(8 * 3600)
        .expect("offset")
        .with_ymd_and_hms(2026, 11, day, hour, 15, 0)
        .single()
        .expect("time")
}

fn changes() -> Vec<taskforce::meeting::Change> {
    use taskforce::meeting::{Attribution, Change, ChangeKind};
    let by = |who: &str, day: u32, commit: &str| {
        Some(Attribution {
            commit: commit.into(),
            author: who.into(),
            time: at(day, 10),
        })
    };
    let change = |kind, action: Option<&str>, item: &str, field: &str, from, to, who| Change {
        kind,
        action: action.map(id),
        id: item.into(),
        period: None,
        field: field.into(),
        from,
        to,
        by: who,
        fired: None,
    };
    vec![
        change(
            ChangeKind::Light,
            Some("A3"),
            "A3-02",
            "light",
            json!("Green"),
            json!("Yellow"),
            by("张三", 24, "3f2a9c1d0000"),
        ),
        change(
            ChangeKind::DeadlineMoved,
            Some("A3"),
            "A3-04",
            "deadline",
            json!("2026-12-31"),
            json!("2027-06-30"),
            by("李四", 20, "77c1e0aa0000"),
        ),
        change(
            ChangeKind::NewRed,
            Some("A5"),
            "A5-01",
            "light",
            json!("Green"),
            json!("Red"),
            by("李四", 21, "a1b2c3d40000"),
        ),
        change(
            ChangeKind::Lead,
            Some("A5"),
            "A5-01",
            "lead_unit",
            json!("市民政局"),
            json!("市人社局"),
            by("李四", 21, "a1b2c3d40000"),
        ),
        change(
            ChangeKind::NewlyOverdue,
            None,
            "D2026-W48-01",
            "overdue",
            json!(false),
            json!(true),
            None,
        ),
        change(
            ChangeKind::ItemNew,
            None,
            "D2026-W48-02",
            "text",
            json!(null),
            json!("报送零工市场名单"),
            by("王五", 25, "5e6f70810000"),
        ),
        Change {
            period: Some("2026-Q3".into()),
            ..change(
                ChangeKind::Observation,
                None,
                "I08",
                "value",
                json!(null),
                json!(420.0),
                by("市人社局", 22, "99aa88bb0000"),
            )
        },
    ]
}

fn review(kind: Cycle) -> taskforce::tui::ReviewData {
    taskforce::tui::ReviewData {
        kind,
        base: "0badc0de11112222333344445555666677778888".into(),
        base_date: NaiveDate::from_ymd_opt(2026, 10, 28).expect("date"),
        head: "3f2a9c1d00000000000000000000000000000000".into(),
        changes: changes(),
    }
}

#[test]
fn review_screen() {
    let mut app = app(Lang::Zh);
    let effect = app.update(Action::ShowReview);
    assert!(matches!(
        effect,
        Some(taskforce::tui::Effect::LoadReview(Cycle::Monthly))
    ));
    assert!(app.on::<ReviewScreen>());
    snap("review_loading", &mut app);
    app.update(Action::ReviewLoaded(Box::new(review(Cycle::Monthly))));
    snap("review", &mut app);
}

/// The app on the meeting screen of the open weekly meeting, loaded with an agenda.
fn meeting_app() -> App {
    let mut app = app(Lang::Zh);
    app.update(Action::KindChosen(Cycle::Weekly));
    app.update(Action::ShowMeeting);
    let plan = app.data.plan.clone();
    let meeting = plan.meetings[0].clone();
    let earlier = ActionItem {
        schema: 1,
        id: id("D2026-W46-03"),
        meeting: id("W2026-46"),
        number: 3,
        text: "协调零工市场场地 | 含`代码`与<b>标记</b>".into(),
        lead_unit: "市民政局".into(),
        co_units: vec!["市人社局".into()],
        deadline: NaiveDate::from_ymd_opt(2026, 11, 30).expect("date"),
        measure: None,
        status: ItemStatus::Open,
        feedback: String::new(),
        closure: None,
    };
    let carried = vec![taskforce::tui::CarriedRow {
        item: earlier,
        raised_in: id("W2026-46"),
        carried: 2,
    }];
    let changes = changes();
    let minutes = taskforce::meeting::render_minutes(&taskforce::meeting::MinutesInput {
        plan: &plan,
        baseline: &plan,
        base_date: NaiveDate::from_ymd_opt(2026, 11, 18).expect("date"),
        meeting: &meeting,
        changes: &changes,
        lang: Lang::Zh,
    });
    let data = taskforce::tui::MeetingData {
        meeting,
        review: review(Cycle::Weekly),
        carried,
        minutes,
    };
    app.update(Action::MeetingLoaded(Cycle::Weekly, Some(Box::new(data))));
    app
}

#[test]
fn meeting_agenda() {
    let mut app = meeting_app();
    assert!(app.on::<MeetingScreen>());
    snap("meeting_agenda", &mut app);
    app.update(Action::Resize(80, 24));
    app.update(Action::PageDown);
    assert!(
        app.top_as::<MeetingScreen>().expect("meeting").scroll > 0,
        "the agenda is longer than a page"
    );
    snap("meeting_agenda_scrolled", &mut app);
}

#[test]
fn meeting_none_open() {
    let mut app = app(Lang::Zh);
    // M lands on the open weekly dispatch; c switches to the monthly meeting, which is not open.
    app.update(Action::ShowMeeting);
    assert_eq!(
        app.top_as::<MeetingScreen>().map(|m| m.kind),
        Some(Cycle::Weekly)
    );
    app.update(Action::SwitchKind);
    assert_eq!(
        app.top_as::<MeetingScreen>().map(|m| m.kind),
        Some(Cycle::Monthly)
    );
    app.update(Action::MeetingLoaded(Cycle::Monthly, None));
    app.update(Action::OpenDecisionForm);
    snap("meeting_none_open", &mut app);
    app.update(Action::OpenMeetingForm);
    assert!(app.on::<Form>());
    app.update(Action::NextField);
    app.update(Action::NextField);
    type_text(&mut app, "王五");
    app.update(Action::NextField);
    type_text(&mut app, "市政府3号楼");
    app.update(Action::NextField);
    app.update(Action::ChoiceNext);
    app.update(Action::Input('、'));
    app.update(Action::ChoiceNext);
    app.update(Action::ChoiceNext);
    snap("meeting_form", &mut app);
}

#[test]
fn decision_form_and_confirmation() {
    let mut app = meeting_app();
    app.update(Action::OpenDecisionForm);
    assert!(app.on::<Form>());
    type_text(&mut app, "月底前完成零工市场选址");
    app.update(Action::NextField);
    app.update(Action::ChoiceNext);
    app.update(Action::NextField);
    app.update(Action::ChoiceNext);
    app.update(Action::ChoiceNext);
    app.update(Action::Input('、'));
    app.update(Action::ChoiceNext);
    app.update(Action::ChoiceNext);
    app.update(Action::ChoiceNext);
    app.update(Action::NextField);
    type_text(&mut app, "2026-12-31");
    app.update(Action::NextField);
    type_text(&mut app, "A3-04");
    snap("decision_form", &mut app);
    let effect = app.update(Action::Submit);
    let Some(taskforce::tui::Effect::PreviewDecision(d)) = effect else {
        panic!("expected a decision preview, got {effect:?}");
    };
    assert_eq!(d.text, "月底前完成零工市场选址");
    assert_eq!(d.meeting, Some(id("W2026-48")));
    assert_eq!(d.co.len(), 2, "{:?}", d.co);
    assert!(!d.co.contains(&d.lead), "{:?}", d.co);
    assert_eq!(
        d.deadline,
        NaiveDate::from_ymd_opt(2026, 12, 31).expect("date")
    );
    assert_eq!(d.measure, Some(id("A3-04")));
    app.update(Action::Previewed(
        "议定事项 D2026-W48-03：月底前完成零工市场选址（市发展改革委牵头，2026-12-31前）".into(),
    ));
    assert!(app.on::<ConfirmScreen>());
    snap("decision_confirm", &mut app);
}

#[test]
fn minutes_preview_and_close_confirmation() {
    let mut app = meeting_app();
    app.update(Action::ShowMinutes);
    assert!(app.on::<MinutesScreen>());
    snap("minutes_preview", &mut app);
    app.update(Action::PageDown);
    snap("minutes_preview_scrolled", &mut app);
    app.update(Action::Cancel);
    app.update(Action::CloseMeeting);
    assert!(app.on::<ConfirmScreen>());
    snap("close_confirm", &mut app);
    app.update(Action::Committed {
        commit: "c105ed0000000000".into(),
        summary: "周调度 W2026-48 结束：纪要 minutes/W2026-48.md，议定事项2项".into(),
    });
    assert!(app.on::<MeetingScreen>());
    snap("meeting_closed_message", &mut app);
}

#[test]
fn indicators_screen() {
    let mut app = app(Lang::Zh);
    let obs = |ind: &str, period: &str, value: f64, estimated: bool| Observation {
        schema: 1,
        indicator: id(ind),
        period: taskforce::model::Period::parse(period).expect("period"),
        value,
        estimated,
        note: String::new(),
        recorded_by: "市人社局".into(),
    };
    let p = app.data.plan.clone();
    let mut observations = p.observations.clone();
    observations.extend([
        obs("I08", "2025-Q4", 300.0, false),
        obs("I08", "2026-Q1", 330.0, false),
        obs("I08", "2026-Q2", 370.0, false),
        obs("I01", "2026-Q3", 91.5, false),
        obs("I20", "2026-Q3", 12.0, true),
    ]);
    let plan = Plan::new(
        p.meta,
        p.roster,
        p.actions,
        p.measures,
        p.indicators,
        p.landmarks,
        p.meetings,
        p.items,
        observations,
        p.reports,
    );
    let mut plan = plan;
    plan.targets.push(taskforce::model::SetTarget {
        schema: 1,
        indicator: id("I08"),
        year: 2026,
        target: taskforce::model::Printed::from_text("500").expect("target"),
        basis: "2026年第1次月例会议定".into(),
        set_by: "专班办公室".into(),
    });
    app.update(Action::Reloaded(Box::new(Snapshot {
        plan,
        history: history(),
        repo: app.data.repo.clone(),
        problems: Vec::new(),
    })));
    assert!(app.update(Action::ShowIndicators).is_none());
    assert!(app.on::<IndicatorsScreen>());
    for _ in 0..7 {
        app.update(Action::MoveDown);
    }
    assert_eq!(
        app.data.plan.indicators[app.top_as::<IndicatorsScreen>().expect("indicators").cursor].id,
        id("I08")
    );
    snap("indicators", &mut app);
}

#[test]
fn decision_and_meeting_previews_match_their_commits_and_write_nothing() {
    use taskforce::store::{Decision, Identity, NewMeeting, ReviewFrom, Store};
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("plan");
    Store::init(&root).expect("init");
    let store = Store::open(&root).expect("open");
    let who = Identity::parse("张三 <zhang@example.org>").expect("identity");
    let head = || {
        store
            .repo()
            .head()
            .ok()
            .and_then(|h| h.target())
            .expect("head")
    };
    let new = NewMeeting {
        kind: Cycle::Monthly,
        time: today().and_hms_opt(14, 30, 0).expect("time"),
        period: None,
        chair: "王五".into(),
        attendees: vec!["市人社局".into()],
        place: "3号楼".into(),
        issue: None,
        sign_off: Default::default(),
    };
    let before = head();
    let preview = store.preview_meeting(&new).expect("preview meeting");
    assert_eq!(head(), before, "a preview commits nothing");
    let (outcome, meeting) = store.new_meeting(&new, &who).expect("new meeting");
    let taskforce::store::Outcome::Committed { summary, .. } = outcome else {
        panic!("expected a commit");
    };
    assert_eq!(preview, summary);
    assert_eq!(meeting.id, id("M2026-11"));
    // The same meeting again is refused at preview time, as the commit would be.
    assert!(store.preview_meeting(&new).is_err());

    let decision = Decision {
        meeting: None,
        text: "落实零工市场用地".into(),
        lead: "市人社局".into(),
        co: vec!["市人社局".into()],
        deadline: NaiveDate::from_ymd_opt(2026, 12, 31).expect("date"),
        measure: Some(id("A3-02")),
    };
    let before = head();
    let preview = store.preview_decision(&decision).expect("preview decision");
    assert_eq!(head(), before, "a preview commits nothing");
    assert!(
        store.repo().statuses(None).expect("status").is_empty(),
        "nor writes a file"
    );
    let (outcome, item) = store.decide(&decision, &who).expect("decide");
    let taskforce::store::Outcome::Committed { summary, .. } = outcome else {
        panic!("expected a commit");
    };
    assert_eq!(preview, summary);
    assert_eq!(item.id, id("D2026-11-01"));
    assert!(item.co_units.is_empty(), "the lead is not its own co-unit");
    let late = Decision {
        deadline: NaiveDate::from_ymd_opt(2026, 1, 1).expect("date"),
        ..decision
    };
    assert!(
        store.preview_decision(&late).is_err(),
        "a deadline before the meeting is refused before the confirmation"
    );

    // The review screen drawn from the real history.
    let review = store
        .review(&ReviewFrom::LastMeeting(Cycle::Monthly), today())
        .expect("review");
    let mut app = app(Lang::Zh);
    app.update(Action::ShowReview);
    app.update(Action::ReviewLoaded(Box::new(taskforce::tui::ReviewData {
        kind: Cycle::Monthly,
        base: review.base.to_string(),
        base_date: review.base_date,
        head: review.head.to_string(),
        changes: review.changes.clone(),
    })));
    let terminal = draw(&mut app, 160, 48);
    let screen = format!("{:?}", terminal.backend());
    assert!(
        screen.contains("新增议定事项")
            && screen.contains("D2026-11-01")
            && screen.contains("张三"),
        "{screen}"
    );
}

#[test]
fn item_preview_matches_its_commit_and_writes_nothing() {
    use taskforce::store::{Decision, Identity, ItemEdit, NewMeeting, Outcome, Store};
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("plan");
    Store::init(&root).expect("init");
    let store = Store::open(&root).expect("open");
    let who = Identity::parse("张三 <zhang@example.org>").expect("identity");
    let head = || {
        store
            .repo()
            .head()
            .ok()
            .and_then(|h| h.target())
            .expect("head")
    };
    let new = NewMeeting {
        kind: Cycle::Monthly,
        time: today().and_hms_opt(14, 30, 0).expect("time"),
        period: None,
        chair: "王五".into(),
        attendees: vec!["市人社局".into()],
        place: "3号楼".into(),
        issue: None,
        sign_off: Default::default(),
    };
    store.new_meeting(&new, &who).expect("new meeting");
    let decision = Decision {
        meeting: None,
        text: "落实零工市场用地".into(),
        lead: "市人社局".into(),
        co: Vec::new(),
        deadline: NaiveDate::from_ymd_opt(2026, 12, 31).expect("date"),
        measure: Some(id("A3-02")),
    };
    let (_, item) = store.decide(&decision, &who).expect("decide");
    let close = ItemEdit {
        status: Some(ItemStatus::Closed),
        feedback: Some("用地已落实".into()),
        ..ItemEdit::default()
    };
    assert!(
        store.preview_item(&item.id, &close, today()).is_err(),
        "销号 without an approver is refused at preview time"
    );
    let close = ItemEdit {
        approved_by: Some("王五".into()),
        basis: Some("现场核查".into()),
        ..close
    };
    let before = head();
    let preview = store
        .preview_item(&item.id, &close, today())
        .expect("preview item")
        .expect("a change");
    assert_eq!(head(), before, "a preview commits nothing");
    assert!(
        store.repo().statuses(None).expect("status").is_empty(),
        "nor writes a file"
    );
    let outcome = store
        .set_item(&item.id, &close, &who, today())
        .expect("set item");
    let Outcome::Committed { summary, .. } = outcome else {
        panic!("expected a commit");
    };
    assert_eq!(preview, summary);
    assert!(summary.contains(item.id.as_str()), "{summary}");
    // The same update again changes nothing, at preview time as at commit time.
    assert_eq!(
        store
            .preview_item(&item.id, &close, today())
            .expect("preview"),
        None
    );
    assert_eq!(
        store
            .set_item(&item.id, &close, &who, today())
            .expect("set item"),
        Outcome::Unchanged
    );
}

#[test]
fn english_review_and_indicators() {
    let mut app = app(Lang::En);
    app.update(Action::ShowReview);
    app.update(Action::ReviewLoaded(Box::new(review(Cycle::Monthly))));
    snap("english_review", &mut app);
    app.update(Action::Cancel);
    app.update(Action::ShowIndicators);
    snap("english_indicators", &mut app);
}

#[test]
fn remind_screen_lists_units_and_writes_notices() {
    let mut app = app(Lang::Zh);
    assert!(app.update(Action::ShowRemind).is_none());
    assert!(app.on::<RemindScreen>());
    app.update(Action::MoveDown);
    snap("remind", &mut app);
    let screen = format!("{:?}", draw(&mut app, 120, 36).backend());
    assert!(screen.contains("催办 周调度 2026-W48"), "{screen}");
    assert!(screen.contains("催办通知"), "{screen}");
    assert!(
        !screen.contains("--"),
        "no CLI flag in the Chinese TUI: {screen}"
    );
    // `c` switches to the monthly period; `w` asks to write every unit's notice.
    app.update(Action::SwitchKind);
    let screen = format!("{:?}", draw(&mut app, 120, 36).backend());
    assert!(screen.contains("催办 月例会 2026-11"), "{screen}");
    match app.update(Action::WriteNotices) {
        Some(taskforce::tui::Effect::WriteFile(name, text)) => {
            assert_eq!(name, "催办通知-2026-11.txt");
            assert!(text.starts_with("催办通知\n\n"), "{text}");
            assert!(
                text.matches("催办通知\n\n").count() >= 2,
                "one notice per unit"
            );
        }
        other => panic!("expected a file to write, got {other:?}"),
    }
    app.update(Action::Wrote("/tmp/催办通知-2026-11.txt".into()));
    let screen = format!("{:?}", draw(&mut app, 120, 36).backend());
    assert!(
        screen.contains("已写入：/tmp/催办通知-2026-11.txt"),
        "{screen}"
    );
    app.update(Action::Cancel);
    assert!(app.on::<TreeScreen>());
}

#[test]
fn import_screen_previews_before_it_commits() {
    use taskforce::tui::Effect;
    use taskforce::tui::ImportPreview;
    let mut app = app(Lang::Zh);
    assert!(matches!(
        app.update(Action::ShowImport),
        Some(Effect::ListImportFiles)
    ));
    assert!(app.on::<ImportScreen>());
    app.update(Action::ImportFilesListed(vec![
        "市人社局回收.xlsx".into(),
        "市民政局回收.xlsx".into(),
    ]));
    app.update(Action::MoveDown);
    match app.update(Action::Toggle) {
        Some(Effect::PreviewImport(f)) => assert_eq!(f, "市民政局回收.xlsx"),
        other => panic!("expected a preview, got {other:?}"),
    }
    app.update(Action::ImportPreviewed(Box::new(ImportPreview {
        file: "市民政局回收.xlsx".into(),
        period: "周调度 2026-W48".into(),
        changes: vec![
            (
                "周调度 2026-W48 A5-01 进展（绿灯）  [市民政局回收.xlsx!市民政局!A4]".into(),
                false,
            ),
            (
                "周调度 2026-W48 A5-02 绿→黄  [市民政局回收.xlsx!市民政局!A5]".into(),
                true,
            ),
        ],
        unchanged: 3,
        problems: Vec::new(),
    })));
    snap("import_preview", &mut app);
    let screen = format!("{:?}", draw(&mut app, 120, 36).backend());
    assert!(screen.contains("2项有变化，3项与已报送一致"), "{screen}");
    assert!(screen.contains("！周调度 2026-W48 A5-02"), "{screen}");
    assert!(screen.contains("！标记的1项在导出后已被修改"), "{screen}");
    match app.update(Action::Confirm) {
        Some(Effect::CommitImport(f)) => assert_eq!(f, "市民政局回收.xlsx"),
        other => panic!("expected a commit, got {other:?}"),
    }
    // A file with a problem commits nothing.
    app.update(Action::ImportPreviewed(Box::new(ImportPreview {
        file: "市民政局回收.xlsx".into(),
        period: "周调度 2026-W48".into(),
        changes: Vec::new(),
        unchanged: 0,
        problems: vec!["市民政局回收.xlsx!市民政局!M5: 完成比例 150 超出0–100".into()],
    })));
    assert!(app.update(Action::Confirm).is_none());
    let screen = format!("{:?}", draw(&mut app, 120, 36).backend());
    assert!(screen.contains("完成比例 150 超出0–100"), "{screen}");
    app.update(Action::Cancel);
    assert!(app.on::<ImportScreen>());
    app.update(Action::Cancel);
    assert!(app.on::<TreeScreen>());
}

/// Checks every box drawn in `buf`: from each `┌`, the top edge runs to a `┐`, both sides run
/// down unbroken to `└` and `┘`, and the bottom edge joins them. A line that overflows its
/// pane overwrites a side, so this fails; cells under a popup drawn over the box are skipped.
/// Returns how many boxes were checked.
fn boxes_intact(buf: &ratatui::buffer::Buffer, state: &str) -> usize {
    let (w, h) = (buf.area.width, buf.area.height);
    let sym = |x: u16, y: u16| buf[(x, y)].symbol().to_string();
    let mut boxes = Vec::new();
    for y in 0..h {
        for x in 0..w {
            if sym(x, y) != "┌" {
                continue;
            }
            let Some(right) = (x + 1..w).find(|&r| sym(r, y) == "┐") else {
                panic!("{state} {w}x{h}: box at ({x},{y}) has no top-right corner");
            };
            let Some(bottom) = (y + 1..h).find(|&b| sym(x, b) == "└") else {
                panic!("{state} {w}x{h}: box at ({x},{y}) has no bottom-left corner");
            };
            boxes.push((x, y, right, bottom));
        }
    }
    // What box `i` draws at a cell of its sides or bottom edge, if it draws one there.
    let edge = |i: usize, cx: u16, cy: u16| -> Option<&'static [&'static str]> {
        let (x, y, r, b) = boxes[i];
        if cy == b && (x..=r).contains(&cx) {
            Some(if cx == x {
                &["└"]
            } else if cx == r {
                &["┘"]
            } else {
                &["─", "┴"]
            })
        } else if (cx == x || cx == r) && (y + 1..b).contains(&cy) {
            Some(&["│", "├", "┤"])
        } else {
            None
        }
    };
    // Box `j` was drawn over box `i`: where their edges cross, `j`'s edge shows; with no
    // crossing, `j` starts inside `i` (a popup or a pane in a frame).
    let over = |j: usize, i: usize| {
        let (x, y, r, b) = boxes[j];
        let (ox, oy, or, ob) = boxes[i];
        if x > or || r < ox || y > ob || b < oy {
            return false;
        }
        let mut wins = 0;
        let mut crossings = 0;
        for cy in y..=b {
            for cx in x..=r {
                if let (Some(mine), Some(_)) = (edge(j, cx, cy), edge(i, cx, cy)) {
                    crossings += 1;
                    if mine.contains(&sym(cx, cy).as_str()) {
                        wins += 1;
                    }
                }
            }
        }
        if crossings > 0 {
            wins * 2 > crossings
        } else {
            (ox..=or).contains(&x) && (oy..=ob).contains(&y) && (x, y) != (ox, oy)
        }
    };
    let covered = |i: usize, cx: u16, cy: u16| {
        boxes.iter().enumerate().any(|(j, &(x, y, r, b))| {
            j != i && (x..=r).contains(&cx) && (y..=b).contains(&cy) && over(j, i)
        })
    };
    for (i, &(x, y, right, bottom)) in boxes.iter().enumerate() {
        for r in y + 1..bottom {
            assert!(
                covered(i, x, r) || matches!(sym(x, r).as_str(), "│" | "├"),
                "{state} {w}x{h}: left side of the box at ({x},{y}) broken at row {r}: {:?}",
                sym(x, r)
            );
            assert!(
                covered(i, right, r) || matches!(sym(right, r).as_str(), "│" | "┤"),
                "{state} {w}x{h}: right side of the box at ({x},{y}) broken at row {r}: {:?}",
                sym(right, r)
            );
        }
        assert!(
            covered(i, right, bottom) || sym(right, bottom) == "┘",
            "{state} {w}x{h}: box at ({x},{y})"
        );
        for c in x + 1..right {
            assert!(
                covered(i, c, bottom) || matches!(sym(c, bottom).as_str(), "─" | "┴"),
                "{state} {w}x{h}: bottom of the box at ({x},{y}) broken at column {c}: {:?}",
                sym(c, bottom)
            );
        }
    }
    boxes.len()
}

/// Every screen, form and dialog, with long Chinese text everywhere, at three sizes: no line
/// breaks out of its box.
#[test]
fn every_frame_is_intact_with_long_chinese_text() {
    let long = "县（市、区）人力社保部门会同民政、财政等部门，按照“十五分钟就业服务圈”要求，完成120个站点选址和建设，到2027年底实现全覆盖，经费由市县两级按比例分担。";
    let mut app = meeting_app();
    let p = app.data.plan.clone();
    let mut measures = p.measures.clone();
    for m in measures.iter_mut().take(40) {
        m.title = format!("{}{long}", m.title);
        m.lead_unit = format!("{}（牵头）", m.lead_unit);
        m.milestones = vec![taskforce::model::Milestone {
            due: today() - chrono::Duration::days(30),
            what: long.into(),
            done_on: None,
        }];
    }
    let mut reports = p.reports.clone();
    for r in &mut reports {
        r.progress = format!("{long}\n{long}");
        r.problems = long.into();
    }
    let mut history = history();
    history[0].summary = format!("{}{long}", history[0].summary);
    history[0].changes.push(FieldChange {
        id: "A3-02".into(),
        cycle: Some("weekly".into()),
        period: Some("2026-W48".into()),
        field: "problems".into(),
        from: json!(long),
        to: json!(format!("{long}{long}")),
    });
    let mut landmarks = p.landmarks.clone();
    landmarks.push(taskforce::model::Landmark {
        schema: 1,
        id: id("L2026-01"),
        year: 2026,
        title: long.into(),
        measures: vec![id("A3-02")],
        lead_unit: "市人社局".into(),
        evidence: vec![long.into(), long.into()],
        status: Status::InProgress,
    });
    let plan = Plan::new(
        p.meta,
        p.roster,
        p.actions,
        measures,
        p.indicators,
        landmarks,
        p.meetings,
        p.items,
        p.observations,
        reports,
    );
    app.update(Action::Reloaded(Box::new(Snapshot {
        plan,
        history,
        repo: app.data.repo.clone(),
        problems: Vec::new(),
    })));
    let mut checked = 0;
    let mut states = 0;
    let mut check = |app: &mut App, state: &str| {
        for (w, h) in [(80, 24), (120, 40), (200, 50)] {
            let terminal = draw(app, w, h);
            if std::env::var("FRAME_DUMP").is_ok_and(|v| v == state) {
                eprintln!("{}", terminal.backend());
            }
            let n = boxes_intact(terminal.backend().buffer(), state);
            assert!(n > 0, "{state} {w}x{h}: no box drawn");
            checked += n;
        }
        states += 1;
    };
    check(&mut app, "meeting");
    app.update(Action::ShowMinutes);
    check(&mut app, "minutes");
    app.update(Action::Cancel);
    app.update(Action::CloseMeeting);
    check(&mut app, "close confirmation");
    app.update(Action::Cancel);
    app.update(Action::OpenDecisionForm);
    type_text(&mut app, long);
    check(&mut app, "decision form");
    app.update(Action::Cancel);
    check(&mut app, "discard question");
    app.update(Action::Cancel);
    app.update(Action::ShowReview);
    app.update(Action::ReviewLoaded(Box::new(review(Cycle::Monthly))));
    check(&mut app, "review");
    app.update(Action::Cancel);
    app.update(Action::ShowIndicators);
    check(&mut app, "indicators");
    app.update(Action::Toggle);
    check(&mut app, "indicator detail");
    app.update(Action::OpenForm);
    app.update(Action::NextField);
    type_text(&mut app, long);
    check(&mut app, "observation form");
    app.update(Action::Cancel);
    app.update(Action::Cancel);
    app.update(Action::OpenTargetForm);
    app.update(Action::NextField);
    type_text(&mut app, long);
    check(&mut app, "target form");
    app.update(Action::Cancel);
    app.update(Action::Cancel);
    app.update(Action::Cancel);
    app.update(Action::Cancel);
    app.update(Action::ShowLandmarks);
    check(&mut app, "landmarks");
    app.update(Action::OpenForm);
    check(&mut app, "landmark form");
    app.update(Action::Cancel);
    app.update(Action::Cancel);
    app.update(Action::ShowRemind);
    check(&mut app, "remind");
    app.update(Action::Cancel);
    app.update(Action::Cancel);
    check(&mut app, "tree");
    select(&mut app, "A3-02");
    check(&mut app, "detail");
    app.update(Action::OpenFilters);
    check(&mut app, "filters");
    app.update(Action::Cancel);
    app.update(Action::OpenForm);
    type_text(&mut app, long);
    check(&mut app, "report form");
    app.update(Action::Cancel);
    app.update(Action::Cancel);
    app.update(Action::OpenMeasureForm);
    check(&mut app, "measure form");
    app.update(Action::Cancel);
    // The measure form's lists: the co-unit picker open, a milestone marked done, one typed.
    app.update(Action::OpenMeasureForm);
    while app.form().map(|f| f.field) != Some(taskforce::tui::forms::Field::CoUnits) {
        app.update(Action::NextField);
    }
    type_text(&mut app, "市");
    check(&mut app, "measure form co-units");
    app.update(Action::NextField);
    app.update(Action::ChoiceNext);
    app.update(Action::NextField);
    type_text(&mut app, &format!("2026-12-31 {long}"));
    check(&mut app, "measure form milestones");
    app.update(Action::Cancel);
    app.update(Action::Cancel);
    // A late report: the period before this one, with its note.
    app.update(Action::OpenForm);
    app.update(Action::PrevField);
    app.update(Action::PrevField);
    app.update(Action::ChoicePrev);
    check(&mut app, "late report form");
    app.update(Action::Cancel);
    app.update(Action::Failed(long.into()));
    check(&mut app, "error message");
    app.update(Action::Cancel);
    app.update(Action::ToggleHelp);
    check(&mut app, "help");
    app.update(Action::ToggleHelp);
    app.update(Action::ShowHistory);
    check(&mut app, "history");
    app.update(Action::Cancel);
    let conflict =
        |field: &str, ours: String, theirs: String| taskforce::store::sync::SyncConflict {
            file: taskforce::store::merge_file::FileConflict {
                path: "status/weekly/2026-W48/A3/A3-02.ron".into(),
                id: "A3-02".into(),
                period: Some("2026-W48".parse().expect("period")),
                conflict: taskforce::merge::Conflict {
                    field: field.into(),
                    base: json!(null),
                    ours: json!(ours),
                    theirs: json!(theirs),
                },
            },
            key: format!("A3-02@2026-W48.{field}"),
            ours_by: Some(taskforce::store::sync::SideAuthor {
                commit: "0123456789ab".into(),
                author: format!("张三{long}"),
                time: "2026-11-25 09:30".into(),
            }),
            theirs_by: None,
        };
    app.update(Action::SyncConflicts(vec![
        conflict("progress", long.repeat(2), long.into()),
        conflict("problems", long.into(), String::new()),
        conflict("light", "Red".into(), "Yellow".into()),
    ]));
    check(&mut app, "sync conflicts");
    app.update(Action::Cancel);
    app.update(Action::ShowRoster);
    check(&mut app, "roster");
    app.update(Action::AddPerson);
    type_text(&mut app, long);
    app.update(Action::NextField);
    type_text(&mut app, long);
    check(&mut app, "person form");
    app.update(Action::Submit);
    check(&mut app, "roster offer");
    app.update(Action::Confirm);
    check(&mut app, "unit form");
    app.update(Action::Cancel);
    app.update(Action::Cancel);
    app.update(Action::Cancel);
    app.update(Action::SwitchList);
    app.update(Action::MoveDown);
    app.update(Action::RemoveEntry);
    check(&mut app, "roster refusal");
    app.update(Action::Cancel);
    app.update(Action::EditEntry);
    check(&mut app, "rename form");
    assert!(states >= 25, "{states}");
    assert!(checked > states, "{checked}");
}

#[test]
#[should_panic(expected = "right side of the box")]
fn the_frame_check_sees_a_line_that_overflows_its_box() {
    use ratatui::widgets::{Block, Borders, Widget};
    let mut buf = ratatui::buffer::Buffer::empty(ratatui::layout::Rect::new(0, 0, 40, 5));
    let pane = ratatui::layout::Rect::new(0, 0, 20, 5);
    Block::default()
        .borders(Borders::ALL)
        .render(pane, &mut buf);
    buf.set_string(
        1,
        2,
        "一行超出边框的中文文字",
        ratatui::style::Style::default(),
    );
    boxes_intact(&buf, "overflow");
}

/// The undo dialog and the dialog of an undo that later changes stand in the way of, with long
/// Chinese text, at every size: no line breaks out of its box.
#[test]
fn undo_dialogs_keep_their_frames_with_long_text() {
    use taskforce::model::Period;
    use taskforce::store::{Identity, ReportEdit, Store};
    let long = "县（市、区）人力社保部门会同民政、财政等部门，按照“十五分钟就业服务圈”要求，完成120个站点选址和建设，到2027年底实现全覆盖，经费由市县两级按比例分担。";
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::init(&dir.path().join("plan")).expect("init");
    let who = Identity::parse("张三 <zhang@example.org>").expect("identity");
    let week = Period::parse("2026-W48").expect("period");
    let first = ReportEdit {
        light: Some(Light::Yellow),
        progress: Some(long.repeat(2)),
        ..Default::default()
    };
    store
        .set_report(&id("A3-02"), week, &first, &who, today())
        .expect("set_report");
    let first_commit = store.head_commit().expect("head");
    let second = ReportEdit {
        progress: Some(format!("{long}（更新）")),
        problems: Some(long.into()),
        ..Default::default()
    };
    store
        .set_report(&id("A3-02"), week, &second, &who, today())
        .expect("set_report");
    let mut app = App::new(
        taskforce::tui::snapshot(&store).expect("snapshot"),
        Lang::Zh,
        today(),
    );
    app.update(Action::ShowHistory);
    let plain = store.plan_undo().expect("plan").expect("an undo");
    let blocked = store.plan_revert_of(&first_commit).expect("a plan");
    assert!(plain.blocked.is_empty() && !blocked.blocked.is_empty());
    let mut checked = 0;
    for (revert, state) in [(plain, "undo dialog"), (blocked, "blocked undo dialog")] {
        app.update(Action::UndoPlanned(Some(Box::new(revert))));
        assert!(app.on::<ConfirmScreen>(), "{state}");
        for (w, h) in [(80, 24), (120, 40), (200, 50)] {
            let terminal = draw(&mut app, w, h);
            checked += boxes_intact(terminal.backend().buffer(), state);
        }
        app.update(Action::Cancel);
    }
    assert!(checked >= 6, "{checked}");
}
