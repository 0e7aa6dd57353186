//! Landmark achievements (标志性成果).

use super::*;
use crate::model::{Landmark, Status};
use crate::store::{Field, LANDMARKS_PER_YEAR, LandmarkEdit, Purpose};

fn edit(title: &str) -> LandmarkEdit {
    LandmarkEdit {
        title: Some(title.into()),
        measures: Some(vec![id("A3-02")]),
        lead: Some("市教育局".into()),
        evidence: Some(vec!["市政府专题会议纪要".into()]),
        status: None,
    }
}

fn landmark_file(t: &TempStore, path: &str) -> Landmark {
    ron::from_str(&t.committed(path)).expect("a landmark file")
}

#[test]
fn a_landmark_is_added_changed_and_removed_one_commit_each() {
    let t = TempStore::new();
    let before = t.commits();
    let (outcome, first) = t
        .store
        .landmark_add(2026, &edit("教共体全域覆盖"), &who())
        .expect("add");
    assert_eq!(first.as_str(), "L2026-01");
    assert_eq!(summary(&outcome), "标志性成果 L2026-01：教共体全域覆盖");
    assert_eq!(t.changed(), ["A landmarks/2026/L2026-01.ron"]);
    let file = landmark_file(&t, "landmarks/2026/L2026-01.ron");
    assert_eq!(file.status, Status::NotStarted);
    assert_eq!(file.evidence, ["市政府专题会议纪要"]);
    let (_, second) = t
        .store
        .landmark_add(2026, &edit("医共体"), &who())
        .expect("second");
    assert_eq!(second.as_str(), "L2026-02");

    let change = LandmarkEdit {
        status: Some(Status::InProgress),
        ..Default::default()
    };
    let outcome = t
        .store
        .landmark_set(&first, &change, &who())
        .expect("change");
    assert_eq!(summary(&outcome), "标志性成果 L2026-01 调整 状态");
    assert_eq!(t.changed(), ["M landmarks/2026/L2026-01.ron"]);
    assert_eq!(
        landmark_file(&t, "landmarks/2026/L2026-01.ron").status,
        Status::InProgress
    );
    assert_eq!(
        t.store.landmark_set(&first, &change, &who()).expect("same"),
        Outcome::Unchanged
    );

    let outcome = t.store.landmark_remove(&first, &who()).expect("remove");
    assert_eq!(summary(&outcome), "删除标志性成果 L2026-01：教共体全域覆盖");
    assert_eq!(t.changed(), ["D landmarks/2026/L2026-01.ron"]);
    assert!(!exists(&t, "landmarks/2026/L2026-01.ron"));
    assert_eq!(t.commits(), before + 4);
    t.assert_clean();
}

#[test]
fn a_landmark_is_refused_without_measures_outside_the_plan_or_past_ten() {
    let t = TempStore::new();
    let before = t.commits();
    let mut none = edit("无举措");
    none.measures = Some(Vec::new());
    assert_eq!(
        rejection(t.store.landmark_add(2026, &none, &who())),
        Rejection::Required {
            field: Field::Measure,
            purpose: Purpose::Landmark
        }
    );
    let mut unknown = edit("未知单位");
    unknown.lead = Some("市不存在局".into());
    assert_eq!(
        rejection(t.store.landmark_add(2026, &unknown, &who())),
        Rejection::UnknownUnit {
            field: Field::Lead,
            name: "市不存在局".into()
        }
    );
    assert!(matches!(
        rejection(t.store.landmark_add(2031, &edit("太晚"), &who())),
        Rejection::OutsidePlan {
            field: Field::Year,
            ..
        }
    ));
    assert_eq!(t.commits(), before, "nothing written by a refusal");
    for n in 0..LANDMARKS_PER_YEAR {
        t.store
            .landmark_add(2027, &edit(&format!("成果{n}")), &who())
            .expect("within ten");
    }
    assert_eq!(t.commits(), before + LANDMARKS_PER_YEAR);
    assert_eq!(
        rejection(t.store.landmark_add(2027, &edit("第十一项"), &who())),
        Rejection::TooManyLandmarks {
            year: 2027,
            count: 10,
            max: 10
        }
    );
    t.assert_clean();
}
