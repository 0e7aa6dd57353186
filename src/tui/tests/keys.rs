//! The keys: each screen's table, typing where a screen takes text, and the stack's routing.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::tui::forms::FORM_KEYS;
use crate::tui::keys::{Key, action_for};
use crate::tui::screens::SECTIONS;
use crate::tui::screens::help::{HELP_KEYS, HelpScreen};
use crate::tui::screens::tree::{SEARCH_KEYS, TREE_KEYS};

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

#[test]
fn vim_keys_and_arrows_move_in_the_tree() {
    assert!(matches!(
        action_for(TREE_KEYS, false, &key(KeyCode::Char('j'))),
        Some(Action::MoveDown)
    ));
    assert!(matches!(
        action_for(TREE_KEYS, false, &key(KeyCode::Down)),
        Some(Action::MoveDown)
    ));
    assert!(action_for(TREE_KEYS, false, &key(KeyCode::Char('x'))).is_none());
}

#[test]
fn search_types_letters_and_chinese_instead_of_moving() {
    assert!(matches!(
        action_for(SEARCH_KEYS, true, &key(KeyCode::Char('j'))),
        Some(Action::Input('j'))
    ));
    assert!(matches!(
        action_for(SEARCH_KEYS, true, &key(KeyCode::Char('托'))),
        Some(Action::Input('托'))
    ));
    let shifted = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
    assert!(matches!(
        action_for(TREE_KEYS, false, &shifted),
        Some(Action::End)
    ));
}

#[test]
fn ctrl_s_submits_the_form_and_plain_s_is_text() {
    let ctrl_s = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(matches!(
        action_for(FORM_KEYS, true, &ctrl_s),
        Some(Action::Submit)
    ));
    assert!(matches!(
        action_for(FORM_KEYS, true, &key(KeyCode::Char('s'))),
        Some(Action::Input('s'))
    ));
}

#[test]
fn ctrl_c_quits_from_every_screen() {
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    let mut checked = 0;
    for table in SECTIONS.iter().map(|s| s.keys).chain([HELP_KEYS]) {
        for text in [false, true] {
            assert!(matches!(
                action_for(table, text, &ctrl_c),
                Some(Action::Quit)
            ));
            checked += 1;
        }
    }
    assert_eq!(checked, 2 * (SECTIONS.len() + 1));
}

#[test]
fn no_key_is_bound_twice_in_a_table() {
    for (title, table) in SECTIONS
        .iter()
        .map(|s| (s.en, s.keys))
        .chain([("Help", HELP_KEYS)])
    {
        let keys: Vec<Key> = table.iter().flat_map(|b| b.keys.iter().copied()).collect();
        assert!(!keys.is_empty(), "{title}");
        for (i, k) in keys.iter().enumerate() {
            assert!(
                !keys[i + 1..].contains(k),
                "{title}: {} bound twice",
                k.label()
            );
        }
    }
}

#[test]
fn the_top_screen_reads_the_keys() {
    let mut app = app();
    let j = key(KeyCode::Char('j'));
    assert!(matches!(app.action_for(&j), Some(Action::MoveDown)));
    app.update(Action::StartSearch);
    assert!(matches!(app.action_for(&j), Some(Action::Input('j'))));
    app.update(Action::Cancel);
    app.update(Action::ShowHistory);
    app.update(Action::ToggleHelp);
    assert!(app.on::<HelpScreen>());
    assert_eq!(app.keys().len(), HELP_KEYS.len());
    // Esc closes the help, then the history.
    let esc = app.action_for(&key(KeyCode::Esc)).expect("Esc is bound");
    app.update(esc);
    let esc = app.action_for(&key(KeyCode::Esc)).expect("Esc is bound");
    app.update(esc);
    assert!(app.stack.is_empty());
}

#[test]
fn the_meeting_kind_chosen_is_where_the_next_screen_opens() {
    let mut app = app();
    app.update(Action::ShowMeeting);
    assert!(matches!(
        app.update(Action::SwitchKind),
        Some(crate::tui::action::Effect::LoadMeeting(Cycle::Quarterly))
    ));
    // Review and meeting give way to each other on the stack; Esc returns to the tree.
    assert!(matches!(
        app.update(Action::ShowReview),
        Some(crate::tui::action::Effect::LoadReview(Cycle::Quarterly))
    ));
    assert_eq!(app.stack.len(), 1);
    app.update(Action::Cancel);
    assert!(app.stack.is_empty());
    assert!(matches!(
        app.update(Action::ShowMeeting),
        Some(crate::tui::action::Effect::LoadMeeting(Cycle::Quarterly))
    ));
    assert_eq!(meeting(&app).kind, Cycle::Quarterly);
}
