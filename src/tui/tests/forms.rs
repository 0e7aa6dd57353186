//! The forms: fields, text editing, validation and the effects they submit.

use super::*;
use crate::model::{LightOverride, Period, Status};
use crate::tui::action::Effect;
use crate::tui::forms::field::light_options;
use crate::tui::forms::item::ItemForm;
use crate::tui::forms::measure::MeasureForm;
use crate::tui::forms::{Choice, Field, Pick, list_entries};
use crate::tui::screens::confirm::ConfirmScreen;
use crate::tui::screens::tree::{Input, TreeScreen};

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
    assert!(app.on::<Form>());
    let form = app.form().expect("form");
    assert_eq!(
        form.inputs.cycle(Field::Cycle),
        Some(Cycle::Monthly),
        "defaults to the measure's cadence"
    );
    while app.form().map(|f| f.field) != Some(Field::Cycle) {
        app.update(Action::PrevField);
    }
    app.update(Action::ChoicePrev);
    assert_eq!(
        app.form().expect("form").inputs.cycle(Field::Cycle),
        Some(Cycle::Weekly)
    );
    while app.form().map(|f| f.field) != Some(Field::Light) {
        app.update(Action::NextField);
    }
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
    assert!(app.form().expect("form").error.is_some());
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
    assert!(app.on::<ConfirmScreen>());
    assert!(matches!(
        app.update(Action::Confirm),
        Some(Effect::CommitReport { .. })
    ));
    // A failed commit returns to the form with the input intact.
    app.update(Action::Failed("locked".into()));
    assert!(app.on::<Form>());
    assert_eq!(
        app.form().expect("form").text(Field::Progress),
        "站点选址完成"
    );
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
    assert!(app.on::<TreeScreen>() && app.tree.input == Input::Tree);
    assert!(app.form().is_none());
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
    assert!(app.on::<Form>());
    assert!(app.form().and_then(|f| f.spec::<MeasureForm>()).is_some());
    for _ in 0..10 {
        app.update(Action::DeleteChar);
    }
    for c in "2027-06-3x".chars() {
        app.update(Action::Input(c));
    }
    assert!(app.update(Action::Submit).is_none());
    assert!(app.form().and_then(|f| f.error.as_ref()).is_some());
    app.update(Action::DeleteChar);
    app.update(Action::Input('0'));
    while app.form().map(|f| f.field) != Some(Field::Lead) {
        app.update(Action::NextField);
    }
    app.update(Action::ChoiceNext);
    let lead = app
        .form()
        .map(|f| f.text(Field::Lead).to_string())
        .unwrap_or_default();
    let units = &app.data.plan.roster.units;
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
    assert_eq!(app.form().map(|f| f.field), Some(Field::Progress));
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
    let form = app.form().expect("form");
    assert_eq!(form.text(Field::Progress), "新托育圈服务二");
    assert_eq!(form.cursor(), 6);
}

#[test]
fn delete_word_motions_and_undo_in_a_text_field() {
    let mut app = app();
    select(&mut app, "A1-01");
    app.update(Action::OpenForm);
    for _ in 0..3 {
        app.update(Action::NextField);
    }
    let progress = |app: &App| {
        app.form()
            .map(|f| (f.text(Field::Progress).to_string(), f.cursor()))
    };
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
    assert!(app.form().and_then(|f| f.error.as_ref()).is_some());
}

#[test]
fn esc_on_a_changed_form_asks_before_discarding() {
    let mut app = app();
    select(&mut app, "A1-01");
    app.update(Action::OpenForm);
    app.update(Action::Cancel);
    assert!(app.on::<TreeScreen>(), "an untouched form closes at once");
    app.update(Action::OpenForm);
    for _ in 0..3 {
        app.update(Action::NextField);
    }
    app.update(Action::Input('新'));
    app.update(Action::Cancel);
    assert!(app.on::<Form>());
    let asked = app.form().and_then(|f| f.error.clone()).unwrap_or_default();
    assert!(asked.contains("再按 Esc 放弃修改"), "{asked}");
    // Any other key goes on editing; Esc must then be pressed twice again.
    app.update(Action::Input('的'));
    app.update(Action::Cancel);
    assert!(app.on::<Form>());
    app.update(Action::Cancel);
    assert!(app.on::<TreeScreen>() && app.tree.input == Input::Tree);
    assert!(app.form().is_none());
}

#[test]
fn pasted_text_lands_in_one_field_with_its_line_breaks() {
    let mut app = app();
    app.update(Action::StartSearch);
    app.update(Action::Paste("零工\n市场".into()));
    assert_eq!(app.tree.query, "零工市场");
    app.update(Action::Cancel);
    app.update(Action::Home);
    select(&mut app, "A1-01");
    app.update(Action::OpenForm);
    app.update(Action::Paste("12".into()));
    assert_eq!(
        app.form().map(|f| f.field),
        Some(Field::Light),
        "no text field: ignored"
    );
    for _ in 0..3 {
        app.update(Action::NextField);
    }
    app.update(Action::Paste("第一行\r\n第二行".into()));
    app.update(Action::NextField);
    app.update(Action::Paste("甲\n乙".into()));
    let form = app.form().expect("form");
    assert_eq!(form.text(Field::Progress), "第一行\n第二行");
    assert_eq!(form.field, Field::Problems);
    assert_eq!(form.text(Field::Problems), "甲\n乙");
    assert!(app.on::<Form>());
}

#[test]
fn escape_leaves_the_form_and_nothing_is_committed() {
    let mut app = app();
    select(&mut app, "A1-01");
    app.update(Action::OpenForm);
    app.update(Action::Input('x'));
    assert!(app.update(Action::Cancel).is_none());
    assert!(app.on::<TreeScreen>() && app.tree.input == Input::Tree);
    assert!(app.form().is_none());
}

#[test]
fn item_form_closes_an_item_only_with_an_approver() {
    let mut app = app_with_item();
    // `e` on an item row opens the item form too.
    app.update(Action::OpenForm);
    assert!(app.form().and_then(|f| f.spec::<ItemForm>()).is_some());
    app.update(Action::Cancel);
    assert!(app.on::<TreeScreen>() && app.tree.input == Input::Tree);
    assert!(app.form().is_none());
    app.update(Action::OpenItemForm);
    assert!(app.on::<Form>());
    let form = app.form().expect("form");
    assert_eq!(form.field, Field::ItemStatus);
    assert_eq!(
        form.inputs.item_status(Field::ItemStatus),
        Some(ItemStatus::Open)
    );
    assert_eq!(form.text(Field::Deadline), "2026-12-31");
    assert_eq!(form.text(Field::Lead), "市人社局");
    // 推进中 → 已办结待销号 → 已销号
    app.update(Action::ChoiceNext);
    app.update(Action::ChoiceNext);
    assert_eq!(
        app.form()
            .and_then(|f| f.inputs.item_status(Field::ItemStatus)),
        Some(ItemStatus::Closed)
    );
    app.update(Action::NextField);
    type_text(&mut app, "已完成选址并开业");
    assert!(
        app.update(Action::Submit).is_none(),
        "销号 without an approver is refused"
    );
    let error = app.form().and_then(|f| f.error.clone());
    assert!(
        error.as_deref().is_some_and(|e| e.contains("审批人")),
        "{error:?}"
    );
    assert!(app.on::<Form>(), "the input is kept");
    app.update(Action::NextField);
    app.update(Action::NextField);
    app.update(Action::NextField);
    assert_eq!(app.form().map(|f| f.field), Some(Field::ApprovedBy));
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
    assert!(app.on::<ConfirmScreen>());
    assert_eq!(
        app.top_as::<ConfirmScreen>().and_then(|c| c.summary()),
        Some("议定事项 D2026-11-01 状态 推进中→已销号")
    );
    // A refusal by the store returns to the form with the input intact.
    app.update(Action::Confirm);
    app.update(Action::Failed("locked".into()));
    assert!(app.on::<Form>());
    assert_eq!(app.form().map(|f| f.text(Field::ApprovedBy)), Some("王五"));
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
    assert!(app.on::<TreeScreen>() && app.tree.input == Input::Tree);
    assert!(app.form().is_none());
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
    assert!(other.on::<TreeScreen>() && other.tree.input == Input::Tree);
    assert!(other.message.as_ref().is_some_and(|m| m.error));
}

#[test]
fn measure_form_sets_and_clears_a_light_override_with_a_reason() {
    let mut app = app();
    select(&mut app, "A3-02");
    app.update(Action::OpenMeasureForm);
    while app.form().map(|f| f.field) != Some(Field::Override) {
        app.update(Action::NextField);
    }
    // 不设定 → 绿 → 蓝 → 黄 → 红
    for _ in 0..4 {
        app.update(Action::ChoiceNext);
    }
    assert_eq!(
        app.form().and_then(|f| f.inputs.light(Field::Override)),
        Some(Light::Red)
    );
    assert!(
        app.update(Action::Submit).is_none(),
        "an override without a reason is refused"
    );
    let error = app.form().and_then(|f| f.error.clone());
    assert!(
        error.as_deref().is_some_and(|e| e.contains("理由")),
        "{error:?}"
    );
    app.update(Action::NextField);
    assert_eq!(app.form().map(|f| f.field), Some(Field::Reason));
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
    assert!(app.on::<TreeScreen>(), "Esc leaves the form");
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
        .data
        .plan
        .measures
        .iter()
        .position(|m| m.id == id("A3-02"))
        .expect("A3-02");
    app.data.plan.measures[i].light_override = Some(LightOverride {
        light: Light::Yellow,
        reason: "已报市政府同意延期".into(),
        set_on: today(),
    });
    select(&mut app, "A3-02");
    app.update(Action::OpenMeasureForm);
    let form = app.form().expect("form");
    assert!(
        form.spec::<MeasureForm>()
            .expect("measure form")
            .had_override
    );
    assert_eq!(form.inputs.light(Field::Override), Some(Light::Yellow));
    assert_eq!(form.text(Field::Reason), "已报市政府同意延期");
    while app.form().map(|f| f.field) != Some(Field::Override) {
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

#[test]
fn measure_form_sends_only_what_changed_and_the_new_fields() {
    let mut app = app();
    select(&mut app, "A3-02");
    app.update(Action::OpenMeasureForm);
    let edit_of = |form: &Form| {
        form.spec::<MeasureForm>()
            .expect("measure form")
            .edit(&form.inputs, Lang::Zh, today())
    };
    let edit = edit_of(app.form().expect("form")).expect("edit");
    // Untouched prefilled values are not sent: a default stays a default.
    assert_eq!(
        (edit.deadline, edit.status, edit.start, edit.cadence),
        (None, None, None, None)
    );
    while app.form().map(|f| f.field) != Some(Field::Cadence) {
        app.update(Action::NextField);
    }
    app.update(Action::ChoiceNext);
    let form = form_mut(&mut app);
    form.inputs
        .picks_mut(Field::CoUnits)
        .expect("co-units")
        .picked = vec!["市资规局".into(), "市财政局".into()];
    form.inputs
        .dated_mut(Field::Milestones)
        .expect("milestones")
        .draft = "2026-06-30：完成站点规划".into();
    form.inputs.set_text(Field::Start, "2026-01-01");
    let edit = edit_of(form).expect("edit");
    assert_eq!(edit.cadence, Some(Cycle::Quarterly));
    assert_eq!(edit.add_co, vec!["市资规局", "市财政局"]);
    assert!(edit.remove_co.is_empty());
    assert_eq!(
        edit.add_milestones,
        vec![(
            NaiveDate::from_ymd_opt(2026, 6, 30).expect("date"),
            "完成站点规划".to_string()
        )]
    );
    assert_eq!(edit.start, NaiveDate::from_ymd_opt(2026, 1, 1));
    form.inputs
        .dated_mut(Field::Milestones)
        .expect("milestones")
        .draft = "六月底".into();
    assert!(edit_of(form).is_err());
    form.inputs
        .dated_mut(Field::Milestones)
        .expect("milestones")
        .draft = String::new().into();
    // 已销号 brings the closure fields, dated today unless given.
    let status = form.inputs.choice_mut(Field::Status).expect("status");
    *status = Choice::new(
        std::mem::take(&mut status.options),
        Pick::Status(Status::Closed),
    );
    assert_eq!(form.fields(), crate::tui::forms::measure::CLOSING.to_vec());
    form.inputs.set_text(Field::ApprovedBy, "专班办公室");
    form.inputs.set_text(Field::Basis, "验收意见");
    let edit = edit_of(form).expect("edit");
    assert_eq!(edit.approved_by.as_deref(), Some("专班办公室"));
    assert_eq!(edit.closed_on, Some(today()));
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
    let mut choice = Choice::new(light_options((Pick::None, "无"), Lang::Zh), Pick::None);
    choice.step(true);
    assert_eq!(choice.pick(), Pick::Light(Light::REPORTABLE[0]));
    choice.step(false);
    choice.step(false);
    assert_eq!(
        choice.pick(),
        Pick::Light(Light::REPORTABLE[Light::REPORTABLE.len() - 1])
    );
    choice.step(true);
    assert_eq!(choice.pick(), Pick::None);
}

/// The report form of A1-01, on its 进展情况 field.
fn progress_form() -> App {
    let mut app = app();
    select(&mut app, "A1-01");
    app.update(Action::OpenForm);
    while app.form().map(|f| f.field) != Some(Field::Progress) {
        app.update(Action::NextField);
    }
    app
}

fn progress(app: &App) -> (String, usize) {
    let form = app.form().expect("form");
    (form.text(Field::Progress).to_string(), form.cursor())
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Action::Input(c));
    }
}

#[test]
fn delete_and_paste_at_a_caret_inside_chinese_text() {
    let mut app = progress_form();
    typed(&mut app, "完成站点建设");
    app.update(Action::ChoicePrev);
    app.update(Action::ChoicePrev);
    assert_eq!(progress(&app), ("完成站点建设".into(), 4));
    app.update(Action::DeleteForward);
    assert_eq!(progress(&app), ("完成站点设".into(), 4));
    // A paste lands at the caret, its line break kept in a long field, the caret after it.
    app.update(Action::Paste("，已验收\r\n下周".into()));
    assert_eq!(progress(&app), ("完成站点，已验收\n下周设".into(), 11));
    // Delete at the end of a line joins the next one.
    app.update(Action::Home);
    app.update(Action::ChoicePrev);
    assert_eq!(
        progress(&app).1,
        8,
        "◂ from a line's start goes to the end of the one above"
    );
    app.update(Action::DeleteForward);
    assert_eq!(progress(&app), ("完成站点，已验收下周设".into(), 8));
    // The paste is one undo step, and so are the two deletes around it.
    app.update(Action::Undo);
    assert_eq!(progress(&app).0, "完成站点，已验收\n下周设");
    app.update(Action::Undo);
    assert_eq!(progress(&app), ("完成站点设".into(), 4));
    // A one-line field turns line breaks into spaces.
    app.update(Action::PrevField);
    assert_eq!(app.form().map(|f| f.field), Some(Field::Percent));
    app.update(Action::Paste("3\n0".into()));
    assert_eq!(app.form().map(|f| f.text(Field::Percent)), Some("3 0"));
    app.update(Action::NewLine);
    assert_eq!(app.form().map(|f| f.text(Field::Percent)), Some("3 0"));
}

#[test]
fn word_motions_cross_lines_and_stop_at_chinese_punctuation() {
    let mut app = progress_form();
    typed(&mut app, "开工 ok");
    app.update(Action::NewLine);
    typed(&mut app, "完成（一期）");
    // 开工 ok\n完成（一期）: words start at 0, 3, 6 (完成) and 9 (一期).
    let mut stops = Vec::new();
    for _ in 0..5 {
        app.update(Action::WordLeft);
        stops.push(progress(&app).1);
    }
    assert_eq!(stops, [9, 6, 3, 0, 0]);
    stops.clear();
    for _ in 0..5 {
        app.update(Action::WordRight);
        stops.push(progress(&app).1);
    }
    assert_eq!(stops, [3, 6, 9, 12, 12]);
    // Ctrl-W at the start of a line takes the word before the line break with it.
    app.update(Action::WordLeft);
    app.update(Action::WordLeft);
    assert_eq!(progress(&app).1, 6);
    app.update(Action::DeleteWord);
    assert_eq!(progress(&app), ("开工 完成（一期）".into(), 3));
    app.update(Action::Undo);
    assert_eq!(progress(&app), ("开工 ok\n完成（一期）".into(), 6));
}

#[test]
fn undo_and_redo_go_by_runs_of_typing_and_deleting() {
    let mut app = progress_form();
    typed(&mut app, "推进顺利");
    app.update(Action::DeleteChar);
    app.update(Action::DeleteChar);
    assert_eq!(progress(&app), ("推进".into(), 2));
    app.update(Action::Undo);
    assert_eq!(progress(&app), ("推进顺利".into(), 4));
    app.update(Action::Redo);
    assert_eq!(progress(&app), ("推进".into(), 2));
    app.update(Action::Redo);
    let error = app.form().and_then(|f| f.error.clone()).unwrap_or_default();
    assert_eq!(error, "没有可重做的输入");
    app.update(Action::Undo);
    app.update(Action::Undo);
    assert_eq!(progress(&app), (String::new(), 0));
    // Typing after an undo starts a new history: nothing is left to redo.
    typed(&mut app, "新");
    app.update(Action::Redo);
    assert_eq!(progress(&app), ("新".into(), 1));
    assert!(app.form().is_some_and(|f| f.error.is_some()));
    // Each field keeps its own history: Problems has nothing to undo.
    app.update(Action::NextField);
    app.update(Action::Undo);
    let error = app.form().and_then(|f| f.error.clone()).unwrap_or_default();
    assert_eq!(error, "没有可撤销的输入");
    app.update(Action::PrevField);
    app.update(Action::Undo);
    assert_eq!(progress(&app), (String::new(), 0));
}

#[test]
fn the_terminal_cursor_sits_on_the_caret_not_on_a_bar_in_the_text() {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::widgets::Widget;
    let mut app = progress_form();
    // A bar typed in an earlier field must not be taken for the caret.
    app.update(Action::PrevField);
    app.update(Action::Paste("▏".into()));
    app.update(Action::NextField);
    typed(&mut app, "完成站点");
    app.update(Action::ChoicePrev);
    let mut buf = Buffer::empty(Rect::new(0, 0, 100, 30));
    (&app).render(buf.area, &mut buf);
    let at = crate::tui::frame::caret(&app, &buf).expect("a caret");
    assert_eq!(buf[(at.x, at.y)].symbol(), "▏");
    assert_eq!(buf[(at.x - 2, at.y)].symbol(), "站");
    assert_eq!(buf[(at.x + 1, at.y)].symbol(), "点");
    // 完成站 before it: three glyphs of two columns each.
    let text_start = (0..buf.area.width)
        .find(|&x| buf[(x, at.y)].symbol() == "完")
        .expect("the text");
    assert_eq!(at.x, text_start + 6);
    let bars = (0..buf.area.height)
        .flat_map(|y| (0..buf.area.width).map(move |x| (x, y)))
        .filter(|&p| buf[p].symbol() == "▏")
        .count();
    assert_eq!(bars, 2, "the typed bar and the caret");
}
