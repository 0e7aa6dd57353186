//! The action item form: an item's status, feedback (落实情况), deadline, lead unit and its
//! closing (销号).

use super::field::{Field, Input, Inputs, Pick};
use super::{Form, Spec, Submission, title};
use crate::model::{ActionItem, Id, ItemStatus, Lang};
use crate::store::ItemEdit;
use crate::tui::action::Effect;
use crate::tui::ctx::Ctx;

/// The fields, in order.
const FIELDS: [Field; 7] = [
    Field::ItemStatus,
    Field::Feedback,
    Field::Deadline,
    Field::Lead,
    Field::ApprovedBy,
    Field::Basis,
    Field::ClosedOn,
];

/// An update of one action item.
#[derive(Debug, Clone)]
pub struct ItemForm {
    pub id: Id,
}

impl Form {
    /// An update of `item`, filled with its current values.
    pub fn item(item: &ActionItem, ctx: &Ctx) -> Form {
        let lang = ctx.lang;
        let statuses = [
            ItemStatus::Open,
            ItemStatus::DoneAwaitingReview,
            ItemStatus::Closed,
        ]
        .into_iter()
        .map(|s| (Pick::Item(s), s.label(lang).to_string()))
        .collect();
        let closure = item.closure.as_ref();
        let inputs = Inputs(vec![
            Input::choice(Field::ItemStatus, statuses, Pick::Item(item.status)),
            Input::text(Field::Feedback, item.feedback.clone()),
            Input::text(Field::Deadline, item.deadline.to_string()),
            Input::text(Field::Lead, item.lead_unit.clone()),
            Input::text(
                Field::ApprovedBy,
                closure.map(|c| c.approved_by.clone()).unwrap_or_default(),
            ),
            Input::text(
                Field::Basis,
                closure.map(|c| c.basis.clone()).unwrap_or_default(),
            ),
            Input::text(
                Field::ClosedOn,
                closure.map(|c| c.date.to_string()).unwrap_or_default(),
            ),
        ]);
        let spec = ItemForm {
            id: item.id.clone(),
        };
        Form::new(spec, inputs, Field::ItemStatus)
    }
}

impl ItemForm {
    /// The action item update, or a message about an invalid value. Closing (销号) needs an
    /// approver, as `taskforce item set --status closed --approved-by` does; the approver,
    /// basis and date are only sent when closing.
    pub fn edit(inputs: &Inputs, lang: Lang) -> Result<ItemEdit, String> {
        let deadline = inputs
            .date(Field::Deadline, lang)?
            .ok_or_else(|| empty_date(Field::Deadline, lang))?;
        let Some(lead) = inputs.some(Field::Lead) else {
            return Err(lang
                .pick("请选择牵头单位（◂▸）", "choose the lead unit (◂▸)")
                .into());
        };
        let status = inputs.item_status(Field::ItemStatus);
        let mut edit = ItemEdit {
            status,
            feedback: Some(inputs.text(Field::Feedback).trim_end().to_string()),
            deadline: Some(deadline),
            lead: Some(lead),
            ..ItemEdit::default()
        };
        if status == Some(ItemStatus::Closed) {
            let Some(approver) = inputs.some(Field::ApprovedBy) else {
                return Err(lang
                    .pick("销号须填写审批人", "closing (销号) needs who approved it")
                    .into());
            };
            edit.approved_by = Some(approver);
            edit.basis = Some(inputs.text(Field::Basis).trim().to_string());
            edit.closed_on = inputs.date(Field::ClosedOn, lang)?;
        }
        Ok(edit)
    }
}

/// The message for a date field left empty where a date is needed.
pub(super) fn empty_date(field: Field, lang: Lang) -> String {
    let label = field.label(lang);
    match lang {
        Lang::Zh => format!("{label}须为日期（YYYY-MM-DD）: "),
        Lang::En => format!("{label} must be a date (YYYY-MM-DD): "),
    }
}

impl Spec for ItemForm {
    fn title(&self, ctx: &Ctx) -> String {
        let text = ctx
            .plan
            .items
            .iter()
            .find(|i| i.id == self.id)
            .map(|i| short_text(&i.text, 24))
            .unwrap_or_default();
        title(
            ctx.lang.pick("议定事项", "Action item"),
            self.id.as_str(),
            &text,
        )
    }

    fn fields(&self, _inputs: &Inputs) -> Vec<Field> {
        FIELDS.to_vec()
    }

    fn hint(&self, inputs: &Inputs, lang: Lang) -> Option<&'static str> {
        Some(
            if inputs.item_status(Field::ItemStatus) == Some(ItemStatus::Closed) {
                lang.pick(
                    "销号须填写审批人；销号依据可选，销号日期默认今天",
                    "closing needs who approved it; the basis is optional, the date defaults to today",
                )
            } else {
                lang.pick(
                    "审批人、依据、日期仅在状态为“已销号”时提交",
                    "approver, basis and date are only sent when the status is closed",
                )
            },
        )
    }

    fn submit(&self, inputs: &Inputs, ctx: &Ctx) -> Result<Submission, String> {
        let edit = ItemForm::edit(inputs, ctx.lang)?;
        let id = self.id.clone();
        Ok(Submission {
            preview: Effect::PreviewItem {
                id: id.clone(),
                edit: edit.clone(),
            },
            commit: Effect::CommitItem { id, edit },
        })
    }
}

/// The first `n` characters of `text` on one line, with … when cut.
fn short_text(text: &str, n: usize) -> String {
    let one = text.replace('\n', " ");
    if one.chars().count() > n {
        format!("{}…", one.chars().take(n).collect::<String>())
    } else {
        one
    }
}
