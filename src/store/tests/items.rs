//! Decisions (议定事项) and their updates.

use super::*;
use crate::model::{ActionItem, ItemStatus, Lang};
use crate::store::{Decision, Field, ItemEdit, Limit, Purpose};

fn decision(text: &str) -> Decision {
    Decision {
        meeting: None,
        text: text.into(),
        lead: "市教育局".into(),
        co: vec!["市人社局".into(), "市教育局".into(), "市人社局".into()],
        deadline: date("2026-12-31"),
        measure: Some(id("A3-02")),
    }
}

fn item_file(t: &TempStore, path: &str) -> ActionItem {
    ron::from_str(&t.committed(path)).expect("an item file")
}

#[test]
fn a_decision_is_a_numbered_item_of_the_open_meeting() {
    let t = TempStore::new();
    t.open_meeting(20);
    let before = t.commits();
    let text = "加快推进基层就业服务站点建设，年底前完成选址";
    let preview = t.store.preview_decision(&decision(text)).expect("preview");
    assert_eq!(t.commits(), before, "a preview writes nothing");
    let (outcome, item) = t.store.decide(&decision(text), &who()).expect("decide");
    assert_eq!(
        summary(&outcome),
        "议定事项 D2026-11-01：加快推进基层就业服务站点建设，年底前完成选址（市教育局牵头，2026-12-31前）"
    );
    assert_eq!(preview, summary(&outcome));
    assert_eq!(t.changed(), ["A items/M2026-11/D2026-11-01.ron"]);
    let message = t.message();
    assert!(
        message.contains(&format!("\n\n{text}\n\n")),
        "the text is the body"
    );
    assert!(message.contains("\nMeeting: M2026-11\n"), "{message}");
    let file = item_file(&t, "items/M2026-11/D2026-11-01.ron");
    assert_eq!(file, item);
    assert_eq!(
        file.co_units,
        ["市人社局"],
        "the lead and repeats are not co-units"
    );
    assert_eq!(file.status, ItemStatus::Open);
    let (_, second) = t.store.decide(&decision("第二项"), &who()).expect("second");
    assert_eq!(second.id.as_str(), "D2026-11-02");
    assert_eq!(second.number, 2);
    t.assert_clean();
}

#[test]
fn a_decision_is_refused_without_an_open_meeting_or_with_bad_fields() {
    let t = TempStore::new();
    assert_eq!(
        rejection(t.store.decide(&decision("无会议"), &who())),
        Rejection::NoMeetingOpen { kind: None }
    );
    t.open_meeting(20);
    let before = t.commits();
    let mut d = decision("事项");
    d.lead = "市不存在局".into();
    assert_eq!(
        rejection(t.store.decide(&d, &who())),
        Rejection::UnknownUnit {
            field: Field::Lead,
            name: "市不存在局".into()
        }
    );
    let mut d = decision("事项");
    d.deadline = date("2026-11-01");
    assert_eq!(
        rejection(t.store.decide(&d, &who())),
        Rejection::DateBefore {
            field: Field::Deadline,
            date: date("2026-11-01"),
            limit: date("2026-11-20"),
            of: Limit::Meeting,
        }
    );
    let mut d = decision("事项");
    d.measure = Some(id("A9-99"));
    assert_eq!(
        rejection(t.store.decide(&d, &who())),
        Rejection::NoSuchMeasure {
            field: Field::Measure,
            id: "A9-99".into()
        }
    );
    assert_eq!(
        rejection(t.store.decide(&decision(" \n "), &who())),
        Rejection::Empty {
            field: Field::Decision
        }
    );
    assert_eq!(t.commits(), before, "nothing written by a refusal");
}

#[test]
fn an_item_is_updated_and_closed_with_its_approver() {
    let t = TempStore::new();
    t.open_meeting(20);
    let (_, item) = t
        .store
        .decide(&decision("完成选址"), &who())
        .expect("decide");
    let path = "items/M2026-11/D2026-11-01.ron";
    let today = date("2026-12-10");
    let done = ItemEdit {
        status: Some(ItemStatus::DoneAwaitingReview),
        feedback: Some("已完成选址12处".into()),
        ..Default::default()
    };
    let outcome = t
        .store
        .set_item(&item.id, &done, &who(), today)
        .expect("done");
    assert_eq!(
        summary(&outcome),
        "议定事项 D2026-11-01 状态 推进中→已办结待销号，落实情况 →已完成选址12处"
    );
    assert_eq!(t.changed(), [format!("M {path}")]);
    let before = t.commits();
    assert_eq!(
        t.store
            .set_item(&item.id, &done, &who(), today)
            .expect("same"),
        Outcome::Unchanged
    );
    assert_eq!(
        t.store
            .preview_item(&item.id, &done, today)
            .expect("preview"),
        None
    );
    let close = ItemEdit {
        status: Some(ItemStatus::Closed),
        ..Default::default()
    };
    assert_eq!(
        rejection(t.store.set_item(&item.id, &close, &who(), today)),
        Rejection::Required {
            field: Field::Approver,
            purpose: Purpose::Closing
        }
    );
    let approve_only = ItemEdit {
        approved_by: Some("陈市长".into()),
        ..Default::default()
    };
    assert_eq!(
        rejection(t.store.set_item(&item.id, &approve_only, &who(), today)),
        Rejection::OnlyWhenClosing
    );
    assert_eq!(t.commits(), before, "nothing written by a refusal");
    let close = ItemEdit {
        approved_by: Some("陈市长".into()),
        basis: Some("12月例会审议".into()),
        ..close
    };
    t.store
        .set_item(&item.id, &close, &who(), today)
        .expect("close");
    let file = item_file(&t, path);
    assert_eq!(file.status, ItemStatus::Closed);
    let closure = file.closure.expect("a closure");
    assert_eq!(closure.approved_by, "陈市长");
    assert_eq!(closure.basis, "12月例会审议");
    assert_eq!(closure.date, today, "closed today unless told");
    assert!(t.message().contains(&format!("\nItem: {}\n", item.id)));
    assert_eq!(
        item.status.label(Lang::Zh),
        "推进中",
        "the item returned was the one decided"
    );
    t.assert_clean();
}
