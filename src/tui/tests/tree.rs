//! The tree, its search and filters, and the screens it opens (history, help, indicators).

use super::*;
use crate::tui::action::Effect;
use crate::tui::screens::help::HelpScreen;
use crate::tui::screens::history::HistoryScreen;
use crate::tui::screens::indicators::IndicatorsScreen;
use crate::tui::screens::tree::{Input, Row, TreeScreen};

#[test]
fn starts_collapsed_on_the_first_action_with_sections_below() {
    let app = app();
    assert_eq!(app.tree.rows.len(), 9 + 3);
    assert_eq!(app.tree.selected, Some(Node::Action(id("A1"))));
    assert_eq!(app.tree.rows[9], Row::Section(Section::Indicators));
}

#[test]
fn expand_collapse_and_moves_stay_in_bounds() {
    let mut app = app();
    app.update(Action::MoveUp);
    assert_eq!(app.tree.cursor, 0);
    app.update(Action::Expand);
    assert_eq!(app.tree.rows.len(), 12 + 11);
    app.update(Action::MoveDown);
    assert_eq!(app.tree.selected, Some(Node::Measure(id("A1-01"))));
    // Collapsing on a measure closes its action and selects it.
    app.update(Action::Collapse);
    assert_eq!(app.tree.selected, Some(Node::Action(id("A1"))));
    assert_eq!(app.tree.rows.len(), 12);
    app.update(Action::End);
    assert_eq!(app.tree.selected, Some(Node::Section(Section::Meetings)));
    app.update(Action::MoveDown);
    assert_eq!(app.tree.cursor, app.tree.rows.len() - 1);
    app.update(Action::Home);
    assert_eq!(app.tree.cursor, 0);
    app.update(Action::Toggle);
    app.update(Action::PageDown);
    assert_eq!(app.tree.cursor, app.data.page.min(app.tree.rows.len() - 1));
}

#[test]
fn chinese_search_narrows_to_matching_measures_and_escape_keeps_the_selection() {
    let mut app = app();
    app.update(Action::StartSearch);
    assert_eq!(app.tree.input, Input::Search);
    for c in "零工市场".chars() {
        app.update(Action::Input(c));
    }
    let measures: Vec<&str> = app
        .tree
        .rows
        .iter()
        .filter_map(|r| match r {
            Row::Measure(i) => Some(app.data.plan.measures[*i].id.as_str()),
            _ => None,
        })
        .collect();
    // A3-04 by its title, A3-02 and A3-03 by their source clause.
    assert_eq!(measures, vec!["A3-02", "A3-03", "A3-04"]);
    // The selection follows the best match: the title match, not the source-clause ones.
    assert_eq!(app.tree.selected, Some(Node::Measure(id("A3-04"))));
    app.update(Action::MoveUp);
    app.update(Action::MoveUp);
    assert_eq!(app.tree.selected, Some(Node::Measure(id("A3-02"))));
    app.update(Action::AcceptSearch);
    assert!(app.on::<TreeScreen>() && app.tree.input == Input::Tree);
    assert_eq!(app.tree.query, "零工市场");
    app.update(Action::Cancel);
    assert!(app.tree.query.is_empty());
    assert_eq!(
        app.tree.selected,
        Some(Node::Measure(id("A3-02"))),
        "selection kept after clearing"
    );
    assert!(app.tree.rows.len() > 12);
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
    assert_eq!(app.data.lights.action_counts(2).red, 1);
    app.update(Action::OpenFilters);
    app.update(Action::FilterLight(Light::Red));
    let shown: Vec<Row> = app
        .tree
        .rows
        .iter()
        .copied()
        .filter(|r| matches!(r, Row::Measure(_)))
        .collect();
    assert_eq!(shown.len(), 2);
    assert_eq!(app.tree.filters.summary(Lang::Zh), "灯=红");
    app.update(Action::Cancel);
    select(&mut app, "A3-02");
    app.update(Action::OpenFilters);
    app.update(Action::FilterAction);
    assert_eq!(app.tree.filters.summary(Lang::Zh), "灯=红 · 行动=A3");
    assert_eq!(
        app.tree
            .rows
            .iter()
            .filter(|r| matches!(r, Row::Measure(_)))
            .count(),
        1
    );
    app.update(Action::FilterNotReported);
    assert_eq!(
        app.tree
            .rows
            .iter()
            .filter(|r| matches!(r, Row::Measure(_)))
            .count(),
        1,
        "A3-02 is monthly and has no monthly report"
    );
    app.update(Action::FilterCycle);
    assert!(app.tree.rows.is_empty(), "A3-02 reported this week");
    app.update(Action::ClearFilters);
    assert!(!app.tree.filters.active());
    app.update(Action::Cancel);
    assert!(app.on::<TreeScreen>() && app.tree.input == Input::Tree);
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
    assert_eq!(app.tree.selected, Some(Node::Measure(id("A3-02"))));
    assert!(
        matches!(app.tree.rows[app.tree.cursor], Row::Measure(i) if app.data.plan.measures[i].id == id("A3-02"))
    );
    assert_eq!(
        app.data.lights.light(
            app.data
                .plan
                .measures
                .iter()
                .position(|m| m.id == id("A3-02"))
                .expect("A3-02")
        ),
        Light::Red
    );
}

#[test]
fn history_undo_asks_the_store_and_reports_nothing_to_undo() {
    let mut app = app();
    app.update(Action::ShowHistory);
    assert!(app.on::<HistoryScreen>());
    assert!(matches!(
        app.update(Action::PlanUndo),
        Some(Effect::PlanUndo)
    ));
    app.update(Action::UndoPlanned(None));
    assert!(app.on::<HistoryScreen>());
    assert_eq!(
        app.message.as_ref().map(|m| m.text.as_str()),
        Some("没有可撤销的修改。")
    );
    app.update(Action::Cancel);
    assert!(app.on::<TreeScreen>() && app.tree.input == Input::Tree);
}

#[test]
fn help_returns_to_the_mode_below_and_quit_asks_to_quit() {
    let mut app = app();
    app.update(Action::ShowHistory);
    app.update(Action::ToggleHelp);
    assert!(app.on::<HelpScreen>());
    app.update(Action::ToggleHelp);
    assert!(app.on::<HistoryScreen>());
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

#[test]
fn indicators_screen_moves_within_the_table() {
    let mut app = app();
    assert!(app.update(Action::ShowIndicators).is_none());
    assert!(app.on::<IndicatorsScreen>());
    app.update(Action::MoveUp);
    assert_eq!(indicator(&app), 0);
    app.update(Action::End);
    assert_eq!(indicator(&app), app.data.plan.indicators.len() - 1);
    app.update(Action::MoveDown);
    assert_eq!(indicator(&app), app.data.plan.indicators.len() - 1);
    app.update(Action::Cancel);
    assert!(app.on::<TreeScreen>() && app.tree.input == Input::Tree);
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
    for _ in 0..15 {
        app.update(Action::MoveDown);
    }
    assert_eq!(indicator(&app), 15);
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
    assert!(app.on::<IndicatorsScreen>());
}

/// A load that did not look at the work tree (dirty unknown) keeps what the status line knew;
/// newer-only history goes on top of what the app holds.
#[test]
fn a_load_keeps_the_known_status_and_puts_newer_history_on_top() {
    use crate::tui::action::Loaded;
    use crate::tui::ctx::Lights;
    let entry = |commit: &str| crate::store::Entry {
        commit: commit.into(),
        author: "张三".into(),
        email: "z@example.org".into(),
        time: chrono::DateTime::parse_from_rfc3339("2026-11-24T09:30:00+08:00").expect("time"),
        summary: format!("提交 {commit}"),
        trailers: Vec::new(),
        changes: Vec::new(),
    };
    let mut app = app();
    app.data.repo.dirty = Some(true);
    app.data.repo.ahead_behind = Some((2, 1));
    app.data.history = vec![entry("b"), entry("a")];
    let loaded = |history, newer_only| {
        let plan = plan();
        let lights = Lights::compute(&plan, today());
        Action::Loaded(Box::new(Loaded {
            snapshot: Snapshot {
                plan,
                history,
                repo: RepoInfo::default(),
                problems: Vec::new(),
            },
            lights,
            complete: true,
            newer_only,
        }))
    };
    app.update(loaded(vec![entry("d"), entry("c")], true));
    assert_eq!(
        app.data.repo.dirty,
        Some(true),
        "unknown keeps the known state"
    );
    assert_eq!(app.data.repo.ahead_behind, Some((2, 1)));
    let commits: Vec<&str> = app.data.history.iter().map(|e| e.commit.as_str()).collect();
    assert_eq!(commits, ["d", "c", "b", "a"]);
    app.update(loaded(vec![entry("x")], false));
    let commits: Vec<&str> = app.data.history.iter().map(|e| e.commit.as_str()).collect();
    assert_eq!(commits, ["x"], "a whole history replaces");
}
