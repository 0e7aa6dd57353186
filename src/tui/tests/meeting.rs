//! The review, meeting and minutes screens, and the confirmation before closing.

use super::*;
use crate::tui::action::Effect;
use crate::tui::forms::meeting::MeetingForm;
use crate::tui::screens::confirm::ConfirmScreen;
use crate::tui::screens::tree::{Input, TreeScreen};

#[test]
fn review_loads_the_chosen_kind_and_switching_reloads() {
    let mut app = app();
    assert!(matches!(
        app.update(Action::ShowReview),
        Some(Effect::LoadReview(Cycle::Monthly))
    ));
    assert!(app.on::<ReviewScreen>());
    assert!(matches!(
        app.update(Action::SwitchKind),
        Some(Effect::LoadReview(Cycle::Quarterly))
    ));
    // A late answer for the kind no longer shown is dropped.
    app.update(Action::ReviewLoaded(Box::new(review_data(Cycle::Monthly))));
    assert!(review(&app).review.is_none());
    app.update(Action::ReviewLoaded(Box::new(review_data(
        Cycle::Quarterly,
    ))));
    assert_eq!(
        review(&app).review.as_ref().map(|r| r.kind),
        Some(Cycle::Quarterly)
    );
    app.update(Action::MoveDown);
    assert_eq!(review(&app).scroll, 0, "nothing to scroll");
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
    app.measured(crate::tui::frame::content_lines(&app));
    for _ in 0..10 {
        app.update(Action::PageDown);
    }
    // A heading and 60 changes: the last page shows the last line.
    assert_eq!(review(&app).scroll, 61 - app.data.page);
    app.update(Action::MoveUp);
    assert_eq!(review(&app).scroll, 60 - app.data.page);
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
    assert!(app.on::<TreeScreen>() && app.tree.input == Input::Tree);
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
    assert!(app.on::<MeetingScreen>());
    assert_eq!(
        app.message.as_ref().map(|m| m.text.as_str()),
        Some("没有进行中的月例会：按 n 召开")
    );
    app.update(Action::CloseMeeting);
    assert!(app.on::<MeetingScreen>(), "nothing to close");
    app.update(Action::OpenMeetingForm);
    assert!(app.on::<Form>());
    assert!(app.form().and_then(|f| f.spec::<MeetingForm>()).is_some());
    app.update(Action::ChoiceNext);
    app.update(Action::NextField);
    for _ in 0.."2026-11-25 09:00".len() {
        app.update(Action::DeleteChar);
    }
    for c in "2026-11-2x".chars() {
        app.update(Action::Input(c));
    }
    assert!(app.update(Action::Submit).is_none());
    assert!(app.form().and_then(|f| f.error.as_ref()).is_some());
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
    assert_eq!(
        new.attendees,
        vec![app.data.plan.roster.units[0].name.clone()]
    );
    app.update(Action::Previewed(
        "召开季总结 Q2026-4（2026年第1期）".into(),
    ));
    assert!(app.on::<ConfirmScreen>());
    assert!(matches!(
        app.update(Action::Confirm),
        Some(Effect::OpenMeeting(_))
    ));
    let effect = app.update(Action::Committed {
        commit: "0123456789".into(),
        summary: "召开季总结 Q2026-4（2026年第1期）".into(),
    });
    assert!(matches!(effect, Some(Effect::Reload)));
    assert!(app.on::<MeetingScreen>(), "back on the meeting screen");
}

#[test]
fn decisions_preview_then_commit_and_return_to_the_meeting() {
    let mut app = app();
    app.update(Action::KindChosen(Cycle::Weekly));
    app.update(Action::ShowMeeting);
    app.update(Action::MeetingLoaded(
        Cycle::Weekly,
        Some(Box::new(meeting_data(Cycle::Weekly))),
    ));
    app.update(Action::OpenMeetingForm);
    assert!(
        app.on::<MeetingScreen>(),
        "one open meeting of a kind at a time"
    );
    assert!(app.message.as_ref().is_some_and(|m| m.error));
    app.update(Action::OpenDecisionForm);
    assert!(app.on::<Form>());
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
    assert_eq!(d.lead, app.data.plan.roster.units[0].name);
    assert!(d.co.is_empty());
    assert_eq!(d.measure, None);
    app.update(Action::Previewed("议定事项 D2026-W48-01：完成选址".into()));
    // Esc in the confirmation goes back to the form, input intact.
    app.update(Action::Cancel);
    assert!(app.on::<Form>());
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
    assert!(app.on::<MeetingScreen>());
    assert!(app.form().is_none());
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
    app.update(Action::KindChosen(Cycle::Weekly));
    app.update(Action::ShowMeeting);
    app.update(Action::MeetingLoaded(
        Cycle::Weekly,
        Some(Box::new(meeting_data(Cycle::Weekly))),
    ));
    app.update(Action::ShowMinutes);
    assert!(app.on::<MinutesScreen>());
    // The run loop measures the minutes as laid out at the terminal's width.
    app.measured(60);
    for _ in 0..10 {
        app.update(Action::PageDown);
    }
    let last = 60 - app.data.page;
    assert_eq!(minutes(&app).scroll, last, "the last page stays full");
    app.update(Action::PageUp);
    app.update(Action::MoveUp);
    assert_eq!(minutes(&app).scroll, last - app.data.page - 1);
    app.update(Action::Cancel);
    assert!(app.on::<MeetingScreen>());
    app.update(Action::CloseMeeting);
    assert!(app.on::<ConfirmScreen>());
    app.update(Action::Cancel);
    assert!(app.on::<MeetingScreen>());
    app.update(Action::CloseMeeting);
    let effect = app.update(Action::Confirm);
    let Some(Effect::CloseMeeting(m)) = effect else {
        panic!("expected a close, got {effect:?}");
    };
    assert_eq!(m, id("W2026-48"));
    app.update(Action::Failed("locked".into()));
    assert!(app.on::<MeetingScreen>());
    app.update(Action::CloseMeeting);
    app.update(Action::Confirm);
    app.update(Action::Committed {
        commit: "c105ed00aa".into(),
        summary: "周调度 W2026-48 结束".into(),
    });
    assert!(app.on::<MeetingScreen>());
    assert_eq!(
        app.message.as_ref().map(|m| m.text.as_str()),
        Some("已提交 c105ed00 周调度 W2026-48 结束")
    );
    // The reload finds no open weekly meeting any more.
    app.update(Action::MeetingLoaded(Cycle::Weekly, None));
    assert!(
        app.top_as::<MeetingScreen>()
            .is_some_and(|m| m.meeting.is_none())
    );
    app.update(Action::Cancel);
    assert!(app.on::<TreeScreen>() && app.tree.input == Input::Tree);
    assert!(app.stack.is_empty(), "nothing is left over the tree");
}
