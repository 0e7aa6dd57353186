//! Indicator observations and the targets the taskforce sets.

use super::*;
use crate::model::{Observation, Period, SetTarget};
use crate::store::{Field, Purpose};

#[test]
fn an_observation_is_one_commit_and_the_same_value_none() {
    let t = TempStore::new();
    let q3 = Period::Quarter(2026, 3);
    let before = t.commits();
    let outcome = t
        .store
        .record_observation(&id("I08"), q3, 598.0, false, "人社局季报", &who())
        .expect("record");
    assert_eq!(
        summary(&outcome),
        "指标 I08 基层就业服务站点 2026-Q3：598个"
    );
    assert_eq!(t.commits(), before + 1);
    assert_eq!(t.changed(), ["A observations/I08/2026-Q3.ron"]);
    let message = t.message();
    assert!(
        message.contains("\n\n人社局季报\n\n"),
        "the note is the body"
    );
    assert!(
        message.contains("Item: I08\nPeriod: 2026-Q3\nField: "),
        "{message}"
    );
    let file: Observation =
        ron::from_str(&t.committed("observations/I08/2026-Q3.ron")).expect("an observation");
    assert_eq!(file.value, 598.0);
    assert_eq!(file.recorded_by, "王芳");
    assert_eq!(
        t.store
            .record_observation(&id("I08"), q3, 598.0, false, "人社局季报", &who())
            .expect("same"),
        Outcome::Unchanged
    );
    let outcome = t
        .store
        .record_observation(&id("I08"), q3, 610.0, true, "人社局季报", &who())
        .expect("estimate");
    assert_eq!(
        summary(&outcome),
        "指标 I08 基层就业服务站点 2026-Q3：610个（预计全年）"
    );
    assert_eq!(t.changed(), ["M observations/I08/2026-Q3.ron"]);
    assert_eq!(t.commits(), before + 2);
    t.assert_clean();
}

#[test]
fn an_observation_is_refused_outside_the_plan_or_of_a_week() {
    let t = TempStore::new();
    let before = t.commits();
    let record = |period: Period, value: f64| {
        t.store
            .record_observation(&id("I08"), period, value, false, "", &who())
    };
    assert!(matches!(
        rejection(record(Period::Week(2026, 48), 1.0)),
        Rejection::WrongCycle {
            field: Field::Period,
            ..
        }
    ));
    assert!(matches!(
        rejection(record(Period::Quarter(2030, 1), 1.0)),
        Rejection::OutsidePlan {
            field: Field::Period,
            ..
        }
    ));
    assert!(matches!(
        rejection(record(Period::Quarter(2026, 1), f64::NAN)),
        Rejection::NotANumber {
            field: Field::Value,
            ..
        }
    ));
    assert!(matches!(
        t.store
            .record_observation(&id("I99"), Period::Quarter(2026, 1), 1.0, false, "", &who()),
        Err(Error::NotFound(_))
    ));
    assert_eq!(t.commits(), before, "nothing written by a refusal");
}

#[test]
fn a_target_is_set_for_a_year_without_a_column_with_its_basis() {
    let t = TempStore::new();
    let before = t.commits();
    let set = |year: i32, text: &str, basis: &str| {
        t.store.set_target(&id("I08"), year, text, basis, &who())
    };
    assert!(matches!(
        rejection(set(2025, "600", "例会")),
        Rejection::TargetInPlan { year: 2025, .. }
    ));
    assert!(matches!(
        rejection(set(2030, "600", "例会")),
        Rejection::OutsidePlan {
            field: Field::Year,
            ..
        }
    ));
    assert_eq!(
        rejection(set(2026, "600", " ")),
        Rejection::Required {
            field: Field::Basis,
            purpose: Purpose::Target
        }
    );
    assert_eq!(t.commits(), before, "nothing written by a refusal");
    let outcome = set(2026, "600", "11月例会议定").expect("set");
    assert_eq!(
        summary(&outcome),
        "指标 I08 基层就业服务站点 2026年目标（专班设定）：600"
    );
    assert_eq!(t.changed(), ["A targets/I08/2026.ron"]);
    let file: SetTarget = ron::from_str(&t.committed("targets/I08/2026.ron")).expect("a target");
    assert_eq!(file.target.text, "600");
    assert_eq!(file.basis, "11月例会议定");
    assert_eq!(file.set_by, "王芳");
    assert_eq!(
        set(2026, "600", "11月例会议定").expect("same"),
        Outcome::Unchanged
    );
    assert_eq!(t.commits(), before + 1);
    t.assert_clean();
}

#[test]
fn a_suggested_target_is_confirmed_once() {
    let t = TempStore::new();
    let outcome = t
        .store
        .confirm_target(&id("I08"), 2026, Some("11月例会"), &who())
        .expect("confirm");
    assert_eq!(
        summary(&outcome),
        "指标 I08 基层就业服务站点 2026年目标（专班确认建议值）：615"
    );
    let file: SetTarget = ron::from_str(&t.committed("targets/I08/2026.ron")).expect("a target");
    assert_eq!(file.target.text, "615");
    assert_eq!(
        file.basis,
        "线性插值：2025年目标580→2027年目标650；专班确认建议值；11月例会"
    );
    let before = t.commits();
    assert_eq!(
        t.store
            .confirm_target(&id("I08"), 2026, None, &who())
            .expect("again"),
        Outcome::Unchanged
    );
    assert_eq!(t.commits(), before);
    t.store
        .set_target(&id("I08"), 2026, "620", "调整", &who())
        .expect("set by hand");
    assert!(matches!(
        rejection(t.store.confirm_target(&id("I08"), 2026, None, &who())),
        Rejection::TargetAlreadySet { year: 2026, .. }
    ));
    t.assert_clean();
}
