//! The shared field type of the forms: a text field, a choice, a list of dated entries
//! (milestones) or names picked from a list (units), named by a `Field`; every text in them is
//! a `TextField` (the editing model). Pure.

use chrono::NaiveDate;

pub use super::lists::{DatedEntry, DatedList, DraftError, Mark, MultiPick};
pub use super::text::TextField;
use crate::model::{Cycle, ItemStatus, Lang, Light, Period, Status, UnitKind};

/// A field of a form: its name, label and what kind of text it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Cycle,
    Light,
    Status,
    Percent,
    Progress,
    Problems,
    NextSteps,
    Asks,
    Deadline,
    Owner,
    Lead,
    /// A decision's text.
    Text,
    /// Co-operating units (配合单位), separated by 、
    CoUnits,
    /// The measure a decision concerns.
    MeasureRef,
    /// The kind of a new meeting.
    Kind,
    /// When a new meeting is held.
    When,
    Chair,
    Place,
    /// Attending units, separated by 、
    Attendees,
    /// An action item's status (推进中 / 已办结待销号 / 已销号).
    ItemStatus,
    /// An action item's 落实情况.
    Feedback,
    /// Who approved closing an action item (销号).
    ApprovedBy,
    /// The basis of closing an action item.
    Basis,
    /// The day an action item was closed (default today).
    ClosedOn,
    /// A measure's light set by hand (人工亮灯), or none.
    Override,
    /// Why the light is set by hand.
    Reason,
    /// A measure's start date.
    Start,
    /// A measure's reporting cadence (报送频次).
    Cadence,
    /// A measure's 联络员.
    Liaison,
    /// A measure's milestones: each kept, marked done on a date or removed, and new ones.
    Milestones,
    /// The period a report or an indicator's value is for (this one, or an earlier one for a
    /// late report; 2026-Q3).
    Period,
    /// The day a report came in (补报 when after its period).
    ReportedOn,
    /// Whether an indicator's value is measured or a full-year estimate (预计).
    Estimate,
    /// An indicator's value.
    Value,
    /// A note on an indicator's value (进展说明).
    Note,
    /// The year of a target.
    Year,
    /// A year's target, as the plan prints targets (600, ≥80, 保持100).
    Target,
    /// Why a target is what it is (a meeting, an agreement with the lead unit).
    TargetBasis,
    /// A landmark achievement's name.
    Title,
    /// A landmark achievement's linked measures, separated by 、
    Measures,
    /// A landmark achievement's evidence (佐证材料), one piece a line.
    Evidence,
    /// A person's name (名册).
    Name,
    /// The unit a person belongs to.
    Unit,
    /// A person's post (职务).
    Post,
    Phone,
    /// A unit's name in the roster.
    UnitName,
    /// A city department or a county-level division.
    UnitKind,
    /// A unit's full name where the roster uses a short one.
    FullName,
}

impl Field {
    /// Display label.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Field::Cycle => lang.pick("周期", "Cycle"),
            Field::Light => lang.pick("亮灯", "Light"),
            Field::Status => lang.pick("状态", "Status"),
            Field::Percent => lang.pick("完成比例", "Percent"),
            Field::Progress => lang.pick("进展情况", "Progress"),
            Field::Problems => lang.pick("存在问题", "Problems"),
            Field::NextSteps => lang.pick("下一步", "Next steps"),
            Field::Asks => lang.pick("需协调", "Asks"),
            Field::Deadline => lang.pick("完成时限", "Deadline"),
            Field::Owner => lang.pick("责任人", "Owner"),
            Field::Lead => lang.pick("牵头单位", "Lead unit"),
            Field::Text => lang.pick("议定事项", "Decision"),
            Field::CoUnits => lang.pick("配合单位", "Co-units"),
            Field::MeasureRef => lang.pick("关联举措", "Measure"),
            Field::Kind => lang.pick("会议类型", "Kind"),
            Field::When => lang.pick("时间", "Time"),
            Field::Chair => lang.pick("主持", "Chair"),
            Field::Place => lang.pick("地点", "Place"),
            Field::Attendees => lang.pick("参会单位", "Attending"),
            Field::ItemStatus => lang.pick("状态", "Status"),
            Field::Feedback => lang.pick("落实情况", "Feedback"),
            Field::ApprovedBy => lang.pick("审批人", "Approved by"),
            Field::Basis => lang.pick("销号依据", "Basis"),
            Field::ClosedOn => lang.pick("销号日期", "Closed on"),
            Field::Override => lang.pick("人工亮灯", "Override"),
            Field::Reason => lang.pick("亮灯理由", "Reason"),
            Field::Start => lang.pick("开始日期", "Start"),
            Field::Cadence => lang.pick("报送频次", "Cadence"),
            Field::Liaison => lang.pick("联络员", "Liaison"),
            Field::Milestones => lang.pick("节点", "Milestones"),
            Field::Period => lang.pick("期次", "Period"),
            Field::ReportedOn => lang.pick("报送日期", "Report date"),
            Field::Estimate => lang.pick("数值类型", "Actual/est."),
            Field::Value => lang.pick("数值", "Value"),
            Field::Note => lang.pick("说明", "Note"),
            Field::Year => lang.pick("年份", "Year"),
            Field::Target => lang.pick("目标值", "Target"),
            Field::TargetBasis => lang.pick("依据", "Basis"),
            Field::Title => lang.pick("名称", "Title"),
            Field::Measures => lang.pick("关联举措", "Measures"),
            Field::Evidence => lang.pick("佐证材料", "Evidence"),
            Field::Name => lang.pick("姓名", "Name"),
            Field::Unit => lang.pick("所属单位", "Unit"),
            Field::Post => lang.pick("职务", "Post"),
            Field::Phone => lang.pick("电话", "Phone"),
            Field::UnitName => lang.pick("单位名称", "Unit name"),
            Field::UnitKind => lang.pick("单位类别", "Kind"),
            Field::FullName => lang.pick("全称", "Full name"),
        }
    }

    /// Whether ◂▸ picks names from the roster in this field.
    pub fn picks_names(self) -> bool {
        matches!(
            self,
            Field::Owner
                | Field::Lead
                | Field::CoUnits
                | Field::Chair
                | Field::Attendees
                | Field::ApprovedBy
                | Field::Liaison
                | Field::Unit
        )
    }

    /// Whether the field holds a list of units.
    pub fn is_list(self) -> bool {
        matches!(self, Field::CoUnits | Field::Attendees)
    }

    /// Whether the field takes more than one line.
    pub fn is_long(self) -> bool {
        matches!(
            self,
            Field::Progress
                | Field::Problems
                | Field::NextSteps
                | Field::Asks
                | Field::Text
                | Field::Feedback
                | Field::Evidence
        )
    }

    /// Whether ◂▸ cycles through the roster's people (else its units) in this field.
    pub fn picks_people(self) -> bool {
        matches!(
            self,
            Field::Owner | Field::Chair | Field::ApprovedBy | Field::Liaison
        )
    }
}

/// The entries of a list field (units separated by 、 , ， or ；).
pub fn list_entries(text: &str) -> Vec<String> {
    text.split(['、', ',', '，', ';', '；'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// What a choice stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// Nothing chosen (no light, status unchanged, no override).
    None,
    /// Clearing what the record has (an override set by hand).
    Clear,
    Cycle(Cycle),
    Light(Light),
    Status(Status),
    Item(ItemStatus),
    Period(Period),
    /// A year (of a target).
    Year(i32),
    /// A full-year estimate (`true`) or a measured value.
    Estimate(bool),
    /// A unit's kind (名册).
    Kind(UnitKind),
}

/// A choice among labelled options, moved through with ◂▸ (wrapping, unless bounded).
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub options: Vec<(Pick, String)>,
    pub index: usize,
    /// Whether ◂▸ stops at the ends (a long ordered list, such as periods) instead of wrapping.
    pub bounded: bool,
}

impl Choice {
    /// The options, starting on `current` (or the first).
    pub fn new(options: Vec<(Pick, String)>, current: Pick) -> Choice {
        let index = options.iter().position(|(p, _)| *p == current).unwrap_or(0);
        Choice {
            options,
            index,
            bounded: false,
        }
    }

    /// The same choice, stopping at the first and last option.
    pub fn bounded(mut self) -> Choice {
        self.bounded = true;
        self
    }

    /// The chosen value.
    pub fn pick(&self) -> Pick {
        self.options.get(self.index).map_or(Pick::None, |(p, _)| *p)
    }

    /// The chosen option's label.
    pub fn label(&self) -> &str {
        self.options.get(self.index).map_or("", |(_, l)| l.as_str())
    }

    /// The next (or previous) option.
    pub fn step(&mut self, forward: bool) {
        let n = self.options.len().max(1);
        if self.bounded {
            self.index = if forward {
                (self.index + 1).min(n - 1)
            } else {
                self.index.saturating_sub(1)
            };
            return;
        }
        self.index = if forward {
            (self.index + 1) % n
        } else {
            (self.index + n - 1) % n
        };
    }
}

/// A field's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(TextField),
    Choice(Choice),
    /// Dated entries (milestones).
    Dated(DatedList),
    /// Names picked from a list.
    Picks(MultiPick),
}

/// One field of a form with its value.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    pub field: Field,
    pub value: Value,
}

impl Input {
    /// A text field holding `text` (keeping line breaks in the long fields).
    pub fn text(field: Field, text: impl Into<String>) -> Input {
        let text = if field.is_long() {
            TextField::lines_of(text)
        } else {
            TextField::line(text)
        };
        Input {
            field,
            value: Value::Text(text),
        }
    }

    /// A choice among `options`, on `current`.
    pub fn choice(field: Field, options: Vec<(Pick, String)>, current: Pick) -> Input {
        Input {
            field,
            value: Value::Choice(Choice::new(options, current)),
        }
    }

    /// Any other value.
    pub fn of(field: Field, value: Value) -> Input {
        Input { field, value }
    }
}

/// The options of a light choice: none (labelled `none`), then the lights a unit may report.
pub fn light_options(none: (Pick, &str), lang: Lang) -> Vec<(Pick, String)> {
    std::iter::once((none.0, none.1.to_string()))
        .chain(
            Light::REPORTABLE
                .iter()
                .map(|&l| (Pick::Light(l), l.label(lang).to_string())),
        )
        .collect()
}

/// The options of a cycle choice, each labelled by `label`.
pub fn cycle_options(label: impl Fn(Cycle) -> String) -> Vec<(Pick, String)> {
    Cycle::ALL
        .iter()
        .map(|&c| (Pick::Cycle(c), label(c)))
        .collect()
}

/// Every field of a form, in the form's own order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Inputs(pub Vec<Input>);

impl Inputs {
    fn get(&self, field: Field) -> Option<&Value> {
        self.0.iter().find(|i| i.field == field).map(|i| &i.value)
    }

    /// Whether the form has `field`.
    pub fn has(&self, field: Field) -> bool {
        self.get(field).is_some()
    }

    /// Whether `field` is a text field.
    pub fn is_text(&self, field: Field) -> bool {
        matches!(self.get(field), Some(Value::Text(_)))
    }

    fn get_mut(&mut self, field: Field) -> Option<&mut Value> {
        self.0
            .iter_mut()
            .find(|i| i.field == field)
            .map(|i| &mut i.value)
    }

    /// The text being edited in `field`: a text field's, the focused line's of a dated list,
    /// the filter typed in a pick list ("" for a choice).
    pub fn text(&self, field: Field) -> &str {
        match self.get(field) {
            Some(Value::Text(t)) => t,
            Some(Value::Dated(d)) => d.text().map_or("", TextField::as_str),
            Some(Value::Picks(p)) => &p.query,
            _ => "",
        }
    }

    /// The text input being edited in `field` (`None` where nothing can be typed).
    pub fn text_field(&self, field: Field) -> Option<&TextField> {
        match self.get(field) {
            Some(Value::Text(t)) => Some(t),
            Some(Value::Dated(d)) => d.text(),
            Some(Value::Picks(p)) => Some(&p.query),
            _ => None,
        }
    }

    /// The text input being edited in `field`, to change.
    pub fn text_mut(&mut self, field: Field) -> Option<&mut TextField> {
        match self.get_mut(field) {
            Some(Value::Text(t)) => Some(t),
            Some(Value::Dated(d)) => d.text_mut(),
            Some(Value::Picks(p)) => Some(&mut p.query),
            _ => None,
        }
    }

    /// The dated list in `field`.
    pub fn dated(&self, field: Field) -> Option<&DatedList> {
        match self.get(field) {
            Some(Value::Dated(d)) => Some(d),
            _ => None,
        }
    }

    /// The dated list in `field`, to change.
    pub fn dated_mut(&mut self, field: Field) -> Option<&mut DatedList> {
        match self.get_mut(field) {
            Some(Value::Dated(d)) => Some(d),
            _ => None,
        }
    }

    /// The pick list in `field`.
    pub fn picks(&self, field: Field) -> Option<&MultiPick> {
        match self.get(field) {
            Some(Value::Picks(p)) => Some(p),
            _ => None,
        }
    }

    /// The pick list in `field`, to change.
    pub fn picks_mut(&mut self, field: Field) -> Option<&mut MultiPick> {
        match self.get_mut(field) {
            Some(Value::Picks(p)) => Some(p),
            _ => None,
        }
    }

    /// ↑↓ inside a dated list; false when `field` is not one or the move leaves it.
    pub fn move_line(&mut self, field: Field, forward: bool) -> bool {
        self.dated_mut(field).is_some_and(|d| d.move_line(forward))
    }

    /// Entering `field` going forward (its first line) or back (its last).
    pub fn enter(&mut self, field: Field, forward: bool) {
        if let Some(d) = self.dated_mut(field) {
            d.at = if forward { 0 } else { d.entries.len() };
        }
    }

    /// ◂▸ on a dated list's entry or a pick list; false when `field` has no such step there.
    pub fn step_in(&mut self, field: Field, forward: bool) -> bool {
        match self.get_mut(field) {
            Some(Value::Dated(d)) => d.step(forward),
            Some(Value::Picks(p)) => {
                p.step(forward);
                true
            }
            _ => false,
        }
    }

    /// Space in a pick list: picks or drops the option shown; false elsewhere.
    pub fn toggle(&mut self, field: Field) -> bool {
        self.picks_mut(field).is_some_and(MultiPick::toggle)
    }

    /// Sets the text of a text field (its undo history starts again).
    pub fn set_text(&mut self, field: Field, text: impl Into<String>) {
        if let Some(t) = self.text_mut(field) {
            t.set(text);
        }
    }

    /// The choice of a choice field.
    pub fn choice(&self, field: Field) -> Option<&Choice> {
        match self.get(field) {
            Some(Value::Choice(c)) => Some(c),
            _ => None,
        }
    }

    /// The choice of a choice field, to change.
    pub fn choice_mut(&mut self, field: Field) -> Option<&mut Choice> {
        match self
            .0
            .iter_mut()
            .find(|i| i.field == field)
            .map(|i| &mut i.value)
        {
            Some(Value::Choice(c)) => Some(c),
            _ => None,
        }
    }

    /// What a choice field holds.
    pub fn pick(&self, field: Field) -> Pick {
        self.choice(field).map_or(Pick::None, Choice::pick)
    }

    /// The light chosen in `field`, if one is.
    pub fn light(&self, field: Field) -> Option<Light> {
        match self.pick(field) {
            Pick::Light(l) => Some(l),
            _ => None,
        }
    }

    /// The cycle chosen in `field`, if one is.
    pub fn cycle(&self, field: Field) -> Option<Cycle> {
        match self.pick(field) {
            Pick::Cycle(c) => Some(c),
            _ => None,
        }
    }

    /// The status chosen in `field`, if one is.
    pub fn status(&self, field: Field) -> Option<Status> {
        match self.pick(field) {
            Pick::Status(s) => Some(s),
            _ => None,
        }
    }

    /// The period chosen in `field`, if one is.
    pub fn period(&self, field: Field) -> Option<Period> {
        match self.pick(field) {
            Pick::Period(p) => Some(p),
            _ => None,
        }
    }

    /// The action item status chosen in `field`, if one is.
    pub fn item_status(&self, field: Field) -> Option<ItemStatus> {
        match self.pick(field) {
            Pick::Item(s) => Some(s),
            _ => None,
        }
    }

    /// The trimmed text of `field`, `None` when empty.
    pub fn some(&self, field: Field) -> Option<String> {
        Some(self.text(field).trim().to_string()).filter(|t| !t.is_empty())
    }

    /// The date in `field` (`None` when empty), or a message naming the field.
    pub fn date(&self, field: Field, lang: Lang) -> Result<Option<NaiveDate>, String> {
        match self.text(field).trim() {
            "" => Ok(None),
            d => d.parse::<NaiveDate>().map(Some).map_err(|_| {
                let label = field.label(lang);
                match lang {
                    Lang::Zh => format!("{label}须为日期（YYYY-MM-DD）: {d}"),
                    Lang::En => format!("{label} must be a date (YYYY-MM-DD): {d}"),
                }
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bounded_choice_stops_at_its_ends() {
        let options = (1..=3)
            .map(|i| (Pick::Cycle(Cycle::ALL[i - 1]), i.to_string()))
            .collect::<Vec<_>>();
        let mut c = Choice::new(options.clone(), Pick::Cycle(Cycle::Quarterly)).bounded();
        c.step(true);
        assert_eq!(c.index, 2);
        c.step(false);
        c.step(false);
        c.step(false);
        assert_eq!(c.index, 0);
        let mut wraps = Choice::new(options, Pick::Cycle(Cycle::Quarterly));
        wraps.step(true);
        assert_eq!(wraps.index, 0);
    }
}
