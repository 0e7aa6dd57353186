//! The app state and `App::update`: pure, in memory, testable without a terminal or git.
//!
//! It never touches the store: anything that needs IO is returned as an `Effect`.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::action::{Action, Effect, MeetingData, RepoInfo, ReviewData, Snapshot};
use super::keymap::Mode;
use crate::model::{
    ActionItem, Cycle, Id, ItemStatus, Lang, Light, LightCounts, LightOverride, Measure, Meeting,
    Plan, Report, Status,
};
use crate::store::undo::Revert;
use crate::store::{Decision, Entry, ItemEdit, MeasureEdit, NewMeeting, ReportEdit};

/// A section of the tree below the actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    Indicators,
    Landmarks,
    Meetings,
}

impl Section {
    pub const ALL: [Section; 3] = [Section::Indicators, Section::Landmarks, Section::Meetings];

    /// Display label.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Section::Indicators => lang.pick("指标", "Indicators"),
            Section::Landmarks => lang.pick("标志性成果", "Landmarks"),
            Section::Meetings => lang.pick("会议", "Meetings"),
        }
    }
}

/// What a tree row shows; the selection is kept as a `Node`, so a reload never moves it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Node {
    Action(Id),
    Measure(Id),
    Section(Section),
    Indicator(Id),
    Landmark(Id),
    Meeting(Id),
    /// An action item (议定事项) decided at a meeting.
    Item(Id),
}

/// A visible tree row: an index into the plan's vectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Action(usize),
    Measure(usize),
    Section(Section),
    Indicator(usize),
    Landmark(usize),
    Meeting(usize),
    Item(usize),
}

/// The active filters; all of them must hold for a measure to show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub light: Option<Light>,
    pub status: Option<Status>,
    pub overdue: bool,
    pub not_reported: bool,
    /// The cycle for "not reported"; `None` means each measure's own cadence.
    pub cycle: Option<Cycle>,
    pub action: Option<Id>,
    pub lead_unit: Option<String>,
    pub owner: Option<String>,
}

impl Filters {
    /// Whether any filter is set.
    pub fn active(&self) -> bool {
        *self != Filters::default()
    }

    /// The one-line summary shown while filters are active.
    pub fn summary(&self, lang: Lang) -> String {
        let mut parts = Vec::new();
        if let Some(l) = self.light {
            parts.push(format!("{}{}", lang.pick("灯=", "light="), l.label(lang)));
        }
        if let Some(s) = self.status {
            parts.push(format!(
                "{}{}",
                lang.pick("状态=", "status="),
                s.label(lang)
            ));
        }
        if self.overdue {
            parts.push(lang.pick("逾期", "overdue").to_string());
        }
        if self.not_reported {
            let cycle = match self.cycle {
                Some(c) => crate::model::meeting_kind_label(c, lang).to_string(),
                None => lang.pick("报送频次", "cadence").to_string(),
            };
            parts.push(format!(
                "{}({cycle})",
                lang.pick("本期未报", "not reported")
            ));
        } else if let Some(c) = self.cycle {
            parts.push(format!("{}{}", lang.pick("周期=", "cycle="), c.key()));
        }
        if let Some(a) = &self.action {
            parts.push(format!("{}{a}", lang.pick("行动=", "action=")));
        }
        if let Some(u) = &self.lead_unit {
            parts.push(format!("{}{u}", lang.pick("牵头=", "lead=")));
        }
        if let Some(o) = &self.owner {
            parts.push(format!("{}{o}", lang.pick("责任人=", "owner=")));
        }
        parts.join(" · ")
    }
}

/// A field of the report form.
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
    /// A milestone to add to a measure: `DATE:TEXT`.
    Milestone,
}

/// What a form edits: a cycle report, the measure itself, a meeting decision, a new meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    Report,
    Measure,
    Decision,
    Meeting,
    /// An action item (议定事项): status, feedback, deadline, lead, 销号.
    Item,
}

/// The entries of a list field (units separated by 、 , ， or ；).
pub fn list_entries(text: &str) -> Vec<String> {
    text.split(['、', ',', '，', ';', '；'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

impl Field {
    /// The fields of the report form, in order.
    pub const REPORT: [Field; 8] = [
        Field::Cycle,
        Field::Light,
        Field::Status,
        Field::Percent,
        Field::Progress,
        Field::Problems,
        Field::NextSteps,
        Field::Asks,
    ];

    /// The fields of the measure form, in order.
    pub const MEASURE: [Field; 11] = [
        Field::Status,
        Field::Deadline,
        Field::Start,
        Field::Cadence,
        Field::Owner,
        Field::Liaison,
        Field::Lead,
        Field::CoUnits,
        Field::Milestone,
        Field::Override,
        Field::Reason,
    ];

    /// The measure form while the status is 已销号: the closure's approver, basis and date.
    pub const MEASURE_CLOSING: [Field; 14] = [
        Field::Status,
        Field::ApprovedBy,
        Field::Basis,
        Field::ClosedOn,
        Field::Deadline,
        Field::Start,
        Field::Cadence,
        Field::Owner,
        Field::Liaison,
        Field::Lead,
        Field::CoUnits,
        Field::Milestone,
        Field::Override,
        Field::Reason,
    ];

    /// The fields of the action item form, in order.
    pub const ITEM: [Field; 7] = [
        Field::ItemStatus,
        Field::Feedback,
        Field::Deadline,
        Field::Lead,
        Field::ApprovedBy,
        Field::Basis,
        Field::ClosedOn,
    ];

    /// The fields of the decision form, in order.
    pub const DECISION: [Field; 5] = [
        Field::Text,
        Field::Lead,
        Field::CoUnits,
        Field::Deadline,
        Field::MeasureRef,
    ];

    /// The fields of the new meeting form, in order.
    pub const MEETING: [Field; 5] = [
        Field::Kind,
        Field::When,
        Field::Chair,
        Field::Place,
        Field::Attendees,
    ];

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
            Field::Milestone => lang.pick("新增节点", "Add milestone"),
        }
    }

    /// Whether the field holds free text.
    pub fn is_text(self) -> bool {
        matches!(
            self,
            Field::Percent
                | Field::Progress
                | Field::Problems
                | Field::NextSteps
                | Field::Asks
                | Field::Deadline
                | Field::Owner
                | Field::Lead
                | Field::Text
                | Field::CoUnits
                | Field::MeasureRef
                | Field::When
                | Field::Chair
                | Field::Place
                | Field::Attendees
                | Field::Feedback
                | Field::ApprovedBy
                | Field::Basis
                | Field::ClosedOn
                | Field::Reason
                | Field::Start
                | Field::Liaison
                | Field::Milestone
        )
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
        )
    }
}

/// The form to record a cycle report for one measure, or to change the measure.
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub kind: FormKind,
    pub id: Id,
    pub cycle: Cycle,
    pub field: Field,
    pub light: Option<Light>,
    pub status: Option<Status>,
    pub percent: String,
    pub progress: String,
    pub problems: String,
    pub next_steps: String,
    pub asks: String,
    pub deadline: String,
    pub owner: String,
    pub lead_unit: String,
    pub decision: String,
    pub co_units: String,
    pub measure_ref: String,
    pub when: String,
    pub chair: String,
    pub place: String,
    pub attendees: String,
    /// An action item's status.
    pub item_status: ItemStatus,
    pub feedback: String,
    pub approved_by: String,
    pub basis: String,
    pub closed_on: String,
    /// The light set by hand; `None` is no override (clearing one the measure has).
    pub override_light: Option<Light>,
    /// Whether the measure had an override when the form opened.
    pub had_override: bool,
    pub reason: String,
    /// The measure's deadline and status when the form opened: only changed values are sent,
    /// so an untouched default stays marked 默认.
    pub initial_deadline: String,
    pub initial_status: Option<Status>,
    /// The measure's start, cadence, liaison and co-units when the form opened.
    pub start: String,
    pub initial_start: String,
    pub initial_cadence: Cycle,
    pub liaison: String,
    pub initial_liaison: String,
    pub initial_co: Vec<String>,
    /// A milestone to add, `DATE:TEXT`.
    pub milestone: String,
    /// Whether the user typed or chose anything yet.
    pub touched: bool,
    /// The text cursor in the current field, in characters.
    pub cursor: usize,
    /// A validation error shown in the form.
    pub error: Option<String>,
    /// Earlier (field, text, cursor) states, for Ctrl-Z; a run of typing is one step.
    undo: Vec<(Field, String, usize)>,
    /// What the last edit was, so a run of typing or deleting is undone at once.
    last_edit: Option<(Field, EditKind)>,
    /// Esc was pressed once on a changed form: a second Esc discards it.
    pub discard_asked: bool,
}

/// The kinds of edit that group into one undo step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EditKind {
    Typing,
    Deleting,
    Other,
}

/// Word classes for word motions: spaces and punctuation, Latin letters and digits, the rest
/// (Chinese runs up to punctuation).
fn word_class(c: char) -> u8 {
    if c.is_whitespace()
        || c.is_ascii_punctuation()
        || "，。、；：！？（）“”‘’《》【】…".contains(c)
    {
        0
    } else if c.is_ascii_alphanumeric() {
        1
    } else {
        2
    }
}

impl Form {
    fn new(id: Id, cycle: Cycle, report: Option<&Report>) -> Form {
        let mut form = Form {
            kind: FormKind::Report,
            id,
            cycle,
            field: Field::Light,
            light: None,
            status: None,
            percent: String::new(),
            progress: String::new(),
            problems: String::new(),
            next_steps: String::new(),
            asks: String::new(),
            deadline: String::new(),
            owner: String::new(),
            lead_unit: String::new(),
            decision: String::new(),
            co_units: String::new(),
            measure_ref: String::new(),
            when: String::new(),
            chair: String::new(),
            place: String::new(),
            attendees: String::new(),
            item_status: ItemStatus::Open,
            feedback: String::new(),
            approved_by: String::new(),
            basis: String::new(),
            closed_on: String::new(),
            override_light: None,
            had_override: false,
            reason: String::new(),
            initial_deadline: String::new(),
            initial_status: None,
            start: String::new(),
            initial_start: String::new(),
            initial_cadence: cycle,
            liaison: String::new(),
            initial_liaison: String::new(),
            initial_co: Vec::new(),
            milestone: String::new(),
            touched: false,
            cursor: 0,
            error: None,
            undo: Vec::new(),
            last_edit: None,
            discard_asked: false,
        };
        form.fill(report);
        form
    }

    fn for_measure(m: &Measure) -> Form {
        let mut form = Form::new(m.id.clone(), m.cadence, None);
        form.kind = FormKind::Measure;
        form.field = Field::Deadline;
        form.status = Some(m.status);
        form.deadline = m.deadline.to_string();
        form.initial_status = form.status;
        form.initial_deadline = form.deadline.clone();
        form.start = m.start.to_string();
        form.initial_start = form.start.clone();
        form.initial_cadence = m.cadence;
        form.liaison = m.liaison.clone().unwrap_or_default();
        form.initial_liaison = form.liaison.clone();
        form.co_units = m.co_units.join("、");
        form.initial_co = m.co_units.clone();
        if let Some(c) = &m.closure {
            form.approved_by = c.approved_by.clone();
            form.basis = c.basis.clone();
            form.closed_on = c.date.to_string();
        }
        form.owner = m.owner.clone().unwrap_or_default();
        form.lead_unit = m.lead_unit.clone();
        if let Some(o) = &m.light_override {
            form.override_light = Some(o.light);
            form.had_override = true;
            form.reason = o.reason.clone();
        }
        form.focus(Field::Deadline);
        form
    }

    /// An update of the action item `item`, filled with its current values.
    fn for_item(item: &ActionItem, kind: Cycle) -> Form {
        let mut form = Form::new(item.id.clone(), kind, None);
        form.kind = FormKind::Item;
        form.item_status = item.status;
        form.feedback = item.feedback.clone();
        form.deadline = item.deadline.to_string();
        form.lead_unit = item.lead_unit.clone();
        if let Some(c) = &item.closure {
            form.approved_by = c.approved_by.clone();
            form.basis = c.basis.clone();
            form.closed_on = c.date.to_string();
        }
        form.focus(Field::ItemStatus);
        form
    }

    /// The action item update, or a message about an invalid value. Closing (销号) needs an
    /// approver, as `taskforce item set --status closed --approved-by` does; the approver,
    /// basis and date are only sent when closing.
    pub fn item_edit(&self, lang: Lang) -> Result<ItemEdit, String> {
        let deadline = self.deadline.trim().parse::<NaiveDate>().map_err(|_| {
            format!(
                "{}: {}",
                lang.pick(
                    "完成时限须为日期（YYYY-MM-DD）",
                    "deadline must be a date (YYYY-MM-DD)"
                ),
                self.deadline.trim()
            )
        })?;
        let lead = self.lead_unit.trim();
        if lead.is_empty() {
            return Err(lang
                .pick("请选择牵头单位（◂▸）", "choose the lead unit (◂▸)")
                .into());
        }
        let mut edit = ItemEdit {
            status: Some(self.item_status),
            feedback: Some(self.feedback.trim_end().to_string()),
            deadline: Some(deadline),
            lead: Some(lead.to_string()),
            ..ItemEdit::default()
        };
        if self.item_status == ItemStatus::Closed {
            let approver = self.approved_by.trim();
            if approver.is_empty() {
                return Err(lang
                    .pick("销号须填写审批人", "closing (销号) needs who approved it")
                    .into());
            }
            edit.approved_by = Some(approver.to_string());
            edit.basis = Some(self.basis.trim().to_string());
            edit.closed_on = match self.closed_on.trim() {
                "" => None,
                d => Some(d.parse::<NaiveDate>().map_err(|_| {
                    format!(
                        "{}: {d}",
                        lang.pick(
                            "销号日期须为日期（YYYY-MM-DD）",
                            "closing date must be a date (YYYY-MM-DD)"
                        )
                    )
                })?),
            };
        }
        Ok(edit)
    }

    /// A decision of the open meeting `meeting`, about `measure` when one is given.
    fn for_decision(meeting: &Meeting, measure: Option<&Id>) -> Form {
        let mut form = Form::new(meeting.id.clone(), meeting.kind, None);
        form.kind = FormKind::Decision;
        form.measure_ref = measure.map(|m| m.to_string()).unwrap_or_default();
        form.focus(Field::Text);
        form
    }

    /// A new meeting of `kind`, held today at 09:00 unless changed.
    /// (The id is the one a meeting of `kind` held today would get; the store decides the
    /// real one from the time entered.)
    fn for_meeting(kind: Cycle, today: NaiveDate) -> Result<Form, String> {
        let id = Id::parse(&Meeting::id_for(kind.period_of(today))).map_err(|e| e.to_string())?;
        let mut form = Form::new(id, kind, None);
        form.kind = FormKind::Meeting;
        form.when = format!("{today} 09:00");
        form.focus(Field::Kind);
        Ok(form)
    }

    /// The decision, or a message about an invalid value.
    pub fn decision_edit(&self, lang: Lang) -> Result<Decision, String> {
        if self.decision.trim().is_empty() {
            return Err(lang
                .pick("请填写议定事项", "the decision text is empty")
                .into());
        }
        let lead = self.lead_unit.trim();
        if lead.is_empty() {
            return Err(lang
                .pick("请选择牵头单位（◂▸）", "choose the lead unit (◂▸)")
                .into());
        }
        let deadline = self.deadline.trim().parse::<NaiveDate>().map_err(|_| {
            format!(
                "{}: {}",
                lang.pick(
                    "完成时限须为日期（YYYY-MM-DD）",
                    "deadline must be a date (YYYY-MM-DD)"
                ),
                self.deadline.trim()
            )
        })?;
        let measure = match self.measure_ref.trim() {
            "" => None,
            m => Some(Id::parse(m).map_err(|e| format!("{}: {e}", Field::MeasureRef.label(lang)))?),
        };
        Ok(Decision {
            meeting: Some(self.id.clone()),
            text: self.decision.trim().to_string(),
            lead: lead.to_string(),
            co: list_entries(&self.co_units),
            deadline,
            measure,
        })
    }

    /// The new meeting, or a message about an invalid value.
    pub fn meeting_edit(&self, lang: Lang) -> Result<NewMeeting, String> {
        let time = crate::store::parse_meeting_time(&self.when).ok_or_else(|| {
            format!(
                "{}: {}",
                lang.pick(
                    "时间须为 YYYY-MM-DD 或 YYYY-MM-DD HH:MM",
                    "time must be YYYY-MM-DD or YYYY-MM-DD HH:MM"
                ),
                self.when.trim()
            )
        })?;
        Ok(NewMeeting {
            kind: self.cycle,
            time,
            period: None,
            chair: self.chair.trim().to_string(),
            attendees: list_entries(&self.attendees),
            place: self.place.trim().to_string(),
            issue: None,
            sign_off: Default::default(),
        })
    }

    /// Moves to `field` with the cursor at the end of its text.
    fn focus(&mut self, field: Field) {
        self.field = field;
        self.cursor = self.text(field).chars().count();
    }

    /// Byte offset of the cursor in the current field's text.
    fn cursor_byte(&self) -> usize {
        let text = self.text(self.field);
        text.char_indices()
            .nth(self.cursor)
            .map_or(text.len(), |(i, _)| i)
    }

    /// Remembers the current text before an edit of `kind`.
    fn remember(&mut self, kind: EditKind) {
        let key = (self.field, kind);
        if self.last_edit != Some(key) || kind == EditKind::Other {
            let text = self.text(self.field).to_string();
            if self.undo.last().map(|(f, t, _)| (f, t)) != Some((&self.field, &text)) {
                self.undo.push((self.field, text, self.cursor));
                if self.undo.len() > 200 {
                    self.undo.remove(0);
                }
            }
        }
        self.last_edit = Some(key);
    }

    /// Undoes the last edit (a run of typing counts as one).
    fn undo(&mut self) -> bool {
        let Some((field, text, cursor)) = self.undo.pop() else {
            return false;
        };
        if let Some(t) = self.text_mut(field) {
            *t = text;
        }
        self.field = field;
        self.cursor = cursor;
        self.last_edit = None;
        true
    }

    /// The cursor position one word to the left.
    fn word_left_of(&self) -> usize {
        let chars: Vec<char> = self.text(self.field).chars().collect();
        let mut i = self.cursor.min(chars.len());
        while i > 0 && word_class(chars[i - 1]) == 0 {
            i -= 1;
        }
        if i > 0 {
            let class = word_class(chars[i - 1]);
            while i > 0 && word_class(chars[i - 1]) == class {
                i -= 1;
            }
        }
        i
    }

    /// The cursor position one word to the right.
    fn word_right_of(&self) -> usize {
        let chars: Vec<char> = self.text(self.field).chars().collect();
        let mut i = self.cursor.min(chars.len());
        if i < chars.len() {
            let class = word_class(chars[i]);
            while i < chars.len() && word_class(chars[i]) == class {
                i += 1;
            }
        }
        while i < chars.len() && word_class(chars[i]) == 0 {
            i += 1;
        }
        i
    }

    fn delete_after_cursor(&mut self) {
        if self.cursor >= self.text(self.field).chars().count() {
            return;
        }
        self.remember(EditKind::Deleting);
        let at = self.cursor_byte();
        if let Some(text) = self.text_mut(self.field) {
            text.remove(at);
            self.touched = true;
        }
    }

    fn delete_word_before(&mut self) {
        let from = self.word_left_of();
        if from == self.cursor {
            return;
        }
        self.remember(EditKind::Other);
        let text = self.text(self.field);
        let start = text.char_indices().nth(from).map_or(text.len(), |(i, _)| i);
        let end = self.cursor_byte();
        if let Some(t) = self.text_mut(self.field) {
            t.replace_range(start..end, "");
            self.touched = true;
        }
        self.cursor = from;
    }

    fn insert(&mut self, c: char) {
        self.remember(EditKind::Typing);
        let at = self.cursor_byte();
        if let Some(text) = self.text_mut(self.field) {
            text.insert(at, c);
            self.cursor += 1;
            self.touched = true;
        }
    }

    fn delete_before_cursor(&mut self) {
        if self.cursor == 0 {
            return;
        }
        self.remember(EditKind::Deleting);
        self.cursor -= 1;
        let at = self.cursor_byte();
        if let Some(text) = self.text_mut(self.field) {
            text.remove(at);
            self.touched = true;
        }
    }

    /// The fields of this form, in order.
    pub fn fields(&self) -> &'static [Field] {
        match self.kind {
            FormKind::Report => &Field::REPORT,
            FormKind::Measure if self.status == Some(Status::Closed) => &Field::MEASURE_CLOSING,
            FormKind::Measure => &Field::MEASURE,
            FormKind::Decision => &Field::DECISION,
            FormKind::Meeting => &Field::MEETING,
            FormKind::Item => &Field::ITEM,
        }
    }

    /// The measure edit, or a message about an invalid value.
    pub fn measure_edit(&self, lang: Lang, today: NaiveDate) -> Result<MeasureEdit, String> {
        let deadline = match self.deadline.trim() {
            "" => None,
            d if d == self.initial_deadline.trim() => None,
            d => Some(d.parse::<NaiveDate>().map_err(|_| {
                format!(
                    "{}: {d}",
                    lang.pick(
                        "完成时限须为日期（YYYY-MM-DD）",
                        "deadline must be a date (YYYY-MM-DD)"
                    )
                )
            })?),
        };
        let some = |t: &str| Some(t.trim().to_string()).filter(|t| !t.is_empty());
        let light_override = match self.override_light {
            Some(light) => {
                let reason = self.reason.trim();
                if reason.is_empty() {
                    return Err(lang
                        .pick("人工亮灯须填写亮灯理由", "an override light needs a reason")
                        .into());
                }
                Some(Some(LightOverride {
                    light,
                    reason: reason.to_string(),
                    set_on: today,
                }))
            }
            None if self.had_override => Some(None),
            None => None,
        };
        let date = |text: &str, zh: &str, en: &str| -> Result<NaiveDate, String> {
            text.trim()
                .parse::<NaiveDate>()
                .map_err(|_| format!("{}: {}", lang.pick(zh, en), text.trim()))
        };
        let start = match self.start.trim() {
            "" => None,
            d if d == self.initial_start.trim() => None,
            d => Some(date(
                d,
                "开始日期须为日期（YYYY-MM-DD）",
                "start must be a date (YYYY-MM-DD)",
            )?),
        };
        let co = list_entries(&self.co_units);
        let add_co: Vec<String> = co
            .iter()
            .filter(|u| !self.initial_co.contains(u))
            .cloned()
            .collect();
        let remove_co: Vec<String> = self
            .initial_co
            .iter()
            .filter(|u| !co.contains(u))
            .cloned()
            .collect();
        let add_milestones = match self.milestone.trim() {
            "" => Vec::new(),
            m => {
                let (d, what) = m.split_once([':', '：']).ok_or_else(|| {
                    lang.pick(
                        "新增节点应为 日期:内容，如 2026-06-30:完成站点规划",
                        "a milestone is DATE:TEXT, e.g. 2026-06-30:完成站点规划",
                    )
                    .to_string()
                })?;
                vec![(
                    date(
                        d,
                        "节点日期须为日期（YYYY-MM-DD）",
                        "milestone date must be a date",
                    )?,
                    what.trim().to_string(),
                )]
            }
        };
        let closing = self.status == Some(Status::Closed);
        let closed_on = match self.closed_on.trim() {
            "" if closing => Some(today),
            "" => None,
            d if closing => Some(date(
                d,
                "销号日期须为日期（YYYY-MM-DD）",
                "the closing date must be a date (YYYY-MM-DD)",
            )?),
            _ => None,
        };
        let liaison = some(&self.liaison).filter(|l| *l != self.initial_liaison);
        Ok(MeasureEdit {
            deadline,
            owner: some(&self.owner),
            lead_unit: some(&self.lead_unit),
            status: self.status.filter(|s| Some(*s) != self.initial_status),
            light_override,
            start,
            cadence: Some(self.cycle).filter(|c| *c != self.initial_cadence),
            liaison,
            add_milestones,
            add_co,
            remove_co,
            approved_by: some(&self.approved_by).filter(|_| closing),
            basis: some(&self.basis).filter(|_| closing),
            closed_on,
            ..MeasureEdit::default()
        })
    }

    fn fill(&mut self, report: Option<&Report>) {
        self.light = report.and_then(|r| r.light);
        self.status = report.and_then(|r| r.status);
        self.percent = report
            .and_then(|r| r.percent)
            .map(|p| p.to_string())
            .unwrap_or_default();
        let text = |f: fn(&Report) -> &String| report.map(|r| f(r).clone()).unwrap_or_default();
        self.progress = text(|r| &r.progress);
        self.problems = text(|r| &r.problems);
        self.next_steps = text(|r| &r.next_steps);
        self.asks = text(|r| &r.asks);
    }

    /// The text of a text field.
    pub fn text(&self, field: Field) -> &str {
        match field {
            Field::Percent => &self.percent,
            Field::Progress => &self.progress,
            Field::Problems => &self.problems,
            Field::NextSteps => &self.next_steps,
            Field::Asks => &self.asks,
            Field::Deadline => &self.deadline,
            Field::Owner => &self.owner,
            Field::Lead => &self.lead_unit,
            Field::Text => &self.decision,
            Field::CoUnits => &self.co_units,
            Field::MeasureRef => &self.measure_ref,
            Field::When => &self.when,
            Field::Chair => &self.chair,
            Field::Place => &self.place,
            Field::Attendees => &self.attendees,
            Field::Feedback => &self.feedback,
            Field::ApprovedBy => &self.approved_by,
            Field::Basis => &self.basis,
            Field::ClosedOn => &self.closed_on,
            Field::Reason => &self.reason,
            Field::Start => &self.start,
            Field::Liaison => &self.liaison,
            Field::Milestone => &self.milestone,
            Field::Cycle
            | Field::Light
            | Field::Status
            | Field::Kind
            | Field::ItemStatus
            | Field::Override
            | Field::Cadence => "",
        }
    }

    fn text_mut(&mut self, field: Field) -> Option<&mut String> {
        match field {
            Field::Percent => Some(&mut self.percent),
            Field::Progress => Some(&mut self.progress),
            Field::Problems => Some(&mut self.problems),
            Field::NextSteps => Some(&mut self.next_steps),
            Field::Asks => Some(&mut self.asks),
            Field::Deadline => Some(&mut self.deadline),
            Field::Owner => Some(&mut self.owner),
            Field::Lead => Some(&mut self.lead_unit),
            Field::Text => Some(&mut self.decision),
            Field::CoUnits => Some(&mut self.co_units),
            Field::MeasureRef => Some(&mut self.measure_ref),
            Field::When => Some(&mut self.when),
            Field::Chair => Some(&mut self.chair),
            Field::Place => Some(&mut self.place),
            Field::Attendees => Some(&mut self.attendees),
            Field::Feedback => Some(&mut self.feedback),
            Field::ApprovedBy => Some(&mut self.approved_by),
            Field::Basis => Some(&mut self.basis),
            Field::ClosedOn => Some(&mut self.closed_on),
            Field::Reason => Some(&mut self.reason),
            Field::Start => Some(&mut self.start),
            Field::Liaison => Some(&mut self.liaison),
            Field::Milestone => Some(&mut self.milestone),
            Field::Cycle
            | Field::Light
            | Field::Status
            | Field::Kind
            | Field::ItemStatus
            | Field::Override
            | Field::Cadence => None,
        }
    }

    /// The store edit, or a message about an invalid value.
    pub fn edit(&self, lang: Lang) -> Result<ReportEdit, String> {
        let percent = match self.percent.trim() {
            "" => None,
            p => match p.parse::<u8>() {
                Ok(n) if n <= 100 => Some(n),
                _ => {
                    return Err(lang
                        .pick(
                            "完成比例须为0到100的整数",
                            "percent must be a whole number from 0 to 100",
                        )
                        .into());
                }
            },
        };
        Ok(ReportEdit {
            light: self.light,
            status: self.status,
            percent,
            progress: Some(self.progress.clone()),
            problems: Some(self.problems.clone()),
            next_steps: Some(self.next_steps.clone()),
            asks: Some(self.asks.clone()),
        })
    }
}

/// A one-line message at the bottom of the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

/// Values computed once per load so that a frame never assesses every measure.
#[derive(Debug, Clone, Default)]
struct Cache {
    lights: Vec<Light>,
    unreported: Vec<bool>,
    by_action: Vec<Vec<usize>>,
    counts: Vec<LightCounts>,
}

/// The whole state of the TUI.
#[derive(Debug, Clone)]
pub struct App {
    pub lang: Lang,
    pub today: NaiveDate,
    pub plan: Plan,
    pub history: Vec<Entry>,
    pub repo: RepoInfo,
    pub mode: Mode,
    /// The mode under the help overlay.
    pub under_help: Mode,
    pub rows: Vec<Row>,
    pub cursor: usize,
    pub offset: usize,
    /// Rows the tree pane shows (set from the terminal size).
    pub page: usize,
    pub selected: Option<Node>,
    pub expanded: HashSet<Node>,
    pub query: String,
    pub filters: Filters,
    pub form: Option<Form>,
    /// The summary the store will commit, while confirming.
    pub pending_summary: Option<String>,
    pub pending_revert: Option<Box<Revert>>,
    pub history_cursor: usize,
    /// First line shown in the detail pane.
    pub detail_scroll: u16,
    /// First line shown in the help overlay.
    pub help_scroll: usize,
    pub message: Option<Message>,
    /// The screen forms and confirmations return to (the tree, or the meeting screen).
    pub home: Mode,
    /// The meeting kind of the review and meeting screens.
    pub kind: Cycle,
    /// The review shown on the review screen, once loaded.
    pub review: Option<ReviewData>,
    /// The open meeting of `kind`, once loaded (`None` also when none is open).
    pub meeting: Option<MeetingData>,
    /// Whether the meeting screen has its data for `kind`.
    pub meeting_loaded: bool,
    /// First line shown on the review and meeting screens.
    pub screen_scroll: usize,
    /// First line shown in the minutes preview.
    pub minutes_scroll: usize,
    /// The selected row of the indicators screen.
    pub indicator_cursor: usize,
    /// The 催办 screen's cycle, selected unit and scroll.
    pub remind: super::views::remind::RemindState,
    /// The import screen's files and preview.
    pub import: super::views::import::ImportState,
    cache: Cache,
}

impl App {
    /// An app showing `snapshot`, with every action collapsed and the first row selected.
    pub fn new(snapshot: Snapshot, lang: Lang, today: NaiveDate) -> App {
        let mut app = App {
            lang,
            today,
            plan: snapshot.plan,
            history: snapshot.history,
            repo: snapshot.repo,
            mode: Mode::Tree,
            under_help: Mode::Tree,
            rows: Vec::new(),
            cursor: 0,
            offset: 0,
            page: 20,
            selected: None,
            expanded: HashSet::new(),
            query: String::new(),
            filters: Filters::default(),
            form: None,
            pending_summary: None,
            pending_revert: None,
            history_cursor: 0,
            detail_scroll: 0,
            help_scroll: 0,
            message: None,
            home: Mode::Tree,
            kind: Cycle::Monthly,
            review: None,
            meeting: None,
            meeting_loaded: false,
            screen_scroll: 0,
            minutes_scroll: 0,
            indicator_cursor: 0,
            remind: Default::default(),
            import: Default::default(),
            cache: Cache::default(),
        };
        app.message = problems_message(&snapshot.problems, lang);
        app.compute_cache();
        app.rebuild();
        app
    }

    fn compute_cache(&mut self) {
        let plan = &self.plan;
        let today = self.today;
        let lights: Vec<Light> = plan
            .measures
            .iter()
            .map(|m| plan.assess(m, today).light)
            .collect();
        let unreported: Vec<bool> = plan
            .measures
            .iter()
            .map(|m| !plan.reported(&m.id, m.cadence, today))
            .collect();
        let mut by_action = vec![Vec::new(); plan.actions.len()];
        for (i, m) in plan.measures.iter().enumerate() {
            if let Some(a) = plan.actions.iter().position(|a| a.id == m.action) {
                by_action[a].push(i);
            }
        }
        let counts = by_action
            .iter()
            .map(|ms| {
                let mut c = LightCounts::default();
                for &i in ms {
                    match lights[i] {
                        Light::Green => c.green += 1,
                        Light::Blue => c.blue += 1,
                        Light::Unreported => c.unreported += 1,
                        Light::Yellow => c.yellow += 1,
                        Light::Red => c.red += 1,
                    }
                }
                c
            })
            .collect();
        self.cache = Cache {
            lights,
            unreported,
            by_action,
            counts,
        };
    }

    /// The light of the measure at index `i`.
    pub fn light(&self, i: usize) -> Light {
        self.cache.lights.get(i).copied().unwrap_or(Light::Green)
    }

    /// Whether the measure at index `i` has no report for its cadence's current period.
    pub fn unreported(&self, i: usize) -> bool {
        self.cache.unreported.get(i).copied().unwrap_or(false)
    }

    /// Light counts (未报 included) for the action at index `i`.
    pub fn action_counts(&self, i: usize) -> LightCounts {
        self.cache.counts.get(i).copied().unwrap_or_default()
    }

    /// Light counts (未报 included) over every measure of the plan.
    pub fn totals(&self) -> LightCounts {
        let mut total = LightCounts::default();
        for c in &self.cache.counts {
            total.green += c.green;
            total.blue += c.blue;
            total.unreported += c.unreported;
            total.yellow += c.yellow;
            total.red += c.red;
        }
        total
    }

    /// The node a row shows.
    pub fn node(&self, row: Row) -> Node {
        match row {
            Row::Action(i) => Node::Action(self.plan.actions[i].id.clone()),
            Row::Measure(i) => Node::Measure(self.plan.measures[i].id.clone()),
            Row::Section(s) => Node::Section(s),
            Row::Indicator(i) => Node::Indicator(self.plan.indicators[i].id.clone()),
            Row::Landmark(i) => Node::Landmark(self.plan.landmarks[i].id.clone()),
            Row::Meeting(i) => Node::Meeting(self.plan.meetings[i].id.clone()),
            Row::Item(i) => Node::Item(self.plan.items[i].id.clone()),
        }
    }

    fn row_is(&self, row: Row, node: &Node) -> bool {
        match (row, node) {
            (Row::Action(i), Node::Action(id)) => &self.plan.actions[i].id == id,
            (Row::Measure(i), Node::Measure(id)) => &self.plan.measures[i].id == id,
            (Row::Section(s), Node::Section(t)) => s == *t,
            (Row::Indicator(i), Node::Indicator(id)) => &self.plan.indicators[i].id == id,
            (Row::Landmark(i), Node::Landmark(id)) => &self.plan.landmarks[i].id == id,
            (Row::Meeting(i), Node::Meeting(id)) => &self.plan.meetings[i].id == id,
            (Row::Item(i), Node::Item(id)) => &self.plan.items[i].id == id,
            _ => false,
        }
    }

    /// The selected measure, if the selection is one.
    pub fn selected_measure(&self) -> Option<&Measure> {
        match &self.selected {
            Some(Node::Measure(id)) => self.plan.measure(id),
            _ => None,
        }
    }

    /// Whether the search or the filters narrow the tree.
    pub fn narrowed(&self) -> bool {
        !self.query.is_empty() || self.filters.active()
    }

    fn measure_matches(&self, i: usize, query: &str) -> bool {
        let m = &self.plan.measures[i];
        let found = query.is_empty()
            || m.id.as_str().to_lowercase().contains(query)
            || m.title.to_lowercase().contains(query)
            || m.source_text.to_lowercase().contains(query);
        if !found {
            return false;
        }
        let f = &self.filters;
        if f.light.is_some_and(|l| self.light(i) != l) {
            return false;
        }
        if f.status.is_some_and(|s| m.status != s) {
            return false;
        }
        let overdue = m.deadline < self.today && !m.status.is_done();
        if f.overdue && !overdue {
            return false;
        }
        if f.not_reported {
            let reported = match f.cycle {
                Some(c) => self.plan.reported(&m.id, c, self.today),
                None => !self.unreported(i),
            };
            if reported {
                return false;
            }
        }
        if f.action.as_ref().is_some_and(|a| &m.action != a) {
            return false;
        }
        if f.lead_unit.as_ref().is_some_and(|u| &m.lead_unit != u) {
            return false;
        }
        if f.owner
            .as_ref()
            .is_some_and(|o| m.owner.as_ref() != Some(o))
        {
            return false;
        }
        true
    }

    /// Rebuilds the visible rows after a change of plan, expansion, search or filters, keeping
    /// the selection on the same node when it is still visible.
    pub fn rebuild(&mut self) {
        let query = self.query.to_lowercase();
        let narrowed = self.narrowed();
        let mut rows = Vec::new();
        for (a, action) in self.plan.actions.iter().enumerate() {
            let open = self.expanded.contains(&Node::Action(action.id.clone()));
            if !narrowed {
                rows.push(Row::Action(a));
                if open {
                    rows.extend(self.cache.by_action[a].iter().map(|&i| Row::Measure(i)));
                }
                continue;
            }
            let matching: Vec<usize> = self.cache.by_action[a]
                .iter()
                .copied()
                .filter(|&i| self.measure_matches(i, &query))
                .collect();
            let title_hit = !query.is_empty()
                && !self.filters.active()
                && (action.id.as_str().to_lowercase().contains(&query)
                    || action.title.to_lowercase().contains(&query));
            if matching.is_empty() && !title_hit {
                continue;
            }
            rows.push(Row::Action(a));
            rows.extend(matching.into_iter().map(Row::Measure));
        }
        if !self.filters.active() {
            for section in Section::ALL {
                let items: Vec<Row> = match section {
                    Section::Indicators => (0..self.plan.indicators.len())
                        .filter(|&i| {
                            let x = &self.plan.indicators[i];
                            query.is_empty()
                                || x.id.as_str().to_lowercase().contains(&query)
                                || x.name.to_lowercase().contains(&query)
                        })
                        .map(Row::Indicator)
                        .collect(),
                    Section::Landmarks => (0..self.plan.landmarks.len())
                        .filter(|&i| {
                            query.is_empty()
                                || self.plan.landmarks[i].title.to_lowercase().contains(&query)
                        })
                        .map(Row::Landmark)
                        .collect(),
                    Section::Meetings => self.meeting_rows(&query),
                };
                if narrowed && items.is_empty() {
                    continue;
                }
                rows.push(Row::Section(section));
                if narrowed || self.expanded.contains(&Node::Section(section)) {
                    rows.extend(items);
                }
            }
        }
        self.rows = rows;
        self.reselect();
    }

    /// Each meeting followed by its action items; with a query, the items that match it.
    fn meeting_rows(&self, query: &str) -> Vec<Row> {
        let mut rows = Vec::new();
        for (m, meeting) in self.plan.meetings.iter().enumerate() {
            let items: Vec<Row> = (0..self.plan.items.len())
                .filter(|&i| {
                    let item = &self.plan.items[i];
                    item.meeting == meeting.id
                        && (query.is_empty()
                            || item.id.as_str().to_lowercase().contains(query)
                            || item.text.to_lowercase().contains(query))
                })
                .map(Row::Item)
                .collect();
            if query.is_empty() || !items.is_empty() {
                rows.push(Row::Meeting(m));
                rows.extend(items);
            }
        }
        rows
    }

    /// Puts the cursor on the selected node, or selects the row under the cursor.
    fn reselect(&mut self) {
        if let Some(node) = &self.selected
            && let Some(pos) = self.rows.iter().position(|&r| self.row_is(r, node))
        {
            self.cursor = pos;
        } else if let Some(Node::Measure(id)) = &self.selected
            && let Some(m) = self.plan.measure(id)
            && let Some(pos) = self
                .rows
                .iter()
                .position(|&r| self.row_is(r, &Node::Action(m.action.clone())))
        {
            // A measure hidden by collapsing its action: select the action.
            self.cursor = pos;
        } else {
            self.cursor = self.cursor.min(self.rows.len().saturating_sub(1));
        }
        self.selected = self.rows.get(self.cursor).map(|&r| self.node(r));
        self.scroll_to_cursor();
    }

    fn scroll_to_cursor(&mut self) {
        let page = self.page.max(1);
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + page {
            self.offset = self.cursor + 1 - page;
        }
        self.offset = self.offset.min(self.rows.len().saturating_sub(page));
    }

    fn move_to(&mut self, cursor: usize) {
        if self.rows.is_empty() {
            return;
        }
        self.cursor = cursor.min(self.rows.len() - 1);
        self.selected = Some(self.node(self.rows[self.cursor]));
        self.detail_scroll = 0;
        self.scroll_to_cursor();
    }

    fn expandable(&self) -> Option<Node> {
        match self.selected.clone()? {
            n @ (Node::Action(_) | Node::Section(_)) => Some(n),
            _ => None,
        }
    }

    fn set_expanded(&mut self, open: bool) {
        if self.narrowed() {
            return;
        }
        match self.expandable() {
            Some(node) => {
                if open {
                    self.expanded.insert(node);
                } else {
                    self.expanded.remove(&node);
                }
            }
            None if !open => {
                // Collapsing on a child goes to its parent.
                let parent = match &self.selected {
                    Some(Node::Measure(id)) => self
                        .plan
                        .measure(id)
                        .map(|m| Node::Action(m.action.clone())),
                    Some(Node::Indicator(_)) => Some(Node::Section(Section::Indicators)),
                    Some(Node::Landmark(_)) => Some(Node::Section(Section::Landmarks)),
                    Some(Node::Meeting(_)) => Some(Node::Section(Section::Meetings)),
                    Some(Node::Item(_)) => Some(Node::Section(Section::Meetings)),
                    _ => None,
                };
                if let Some(p) = parent {
                    self.expanded.remove(&p);
                    self.selected = Some(p);
                }
            }
            None => {}
        }
        self.rebuild();
    }

    fn set_message(&mut self, text: impl Into<String>, error: bool) {
        self.message = Some(Message {
            text: text.into(),
            error,
        });
    }

    /// Applies one action; returns the IO the loop must perform, if any.
    pub fn update(&mut self, action: Action) -> Option<Effect> {
        if is_key_action(&action) {
            self.message = None;
        }
        match action {
            Action::Resize(_, height) => {
                self.page = super::views::tree_rows(height);
                self.scroll_to_cursor();
                None
            }
            Action::RepoChanged(repo) => {
                self.repo = repo;
                None
            }
            Action::Reloaded(snapshot) => {
                self.apply_snapshot(*snapshot);
                // The meeting screens follow HEAD too.
                match self.mode {
                    Mode::Review => Some(Effect::LoadReview(self.kind)),
                    Mode::Meeting | Mode::Minutes | Mode::ConfirmClose => {
                        Some(Effect::LoadMeeting(self.kind))
                    }
                    Mode::Help if self.under_help == Mode::Review => {
                        Some(Effect::LoadReview(self.kind))
                    }
                    Mode::Help if self.under_help == Mode::Meeting => {
                        Some(Effect::LoadMeeting(self.kind))
                    }
                    _ => None,
                }
            }
            Action::ReviewLoaded(review) => {
                if review.kind == self.kind {
                    self.review = Some(*review);
                }
                None
            }
            Action::MeetingLoaded(kind, meeting) => {
                if kind == self.kind {
                    self.meeting = meeting.map(|m| *m);
                    self.meeting_loaded = true;
                    let lines = self
                        .meeting
                        .as_ref()
                        .map_or(0, |m| m.minutes.lines().count());
                    self.minutes_scroll = self.minutes_scroll.min(lines.saturating_sub(1));
                }
                None
            }
            Action::Previewed(summary) => {
                self.pending_summary = Some(summary);
                self.mode = Mode::Confirm;
                None
            }
            Action::Committed { commit, summary } => {
                let short = commit.get(..8).unwrap_or(&commit).to_string();
                self.form = None;
                self.pending_summary = None;
                self.pending_revert = None;
                self.mode = match self.mode {
                    Mode::ConfirmUndo => Mode::History,
                    Mode::ConfirmClose => Mode::Meeting,
                    Mode::Indicators => Mode::Indicators,
                    _ => self.home,
                };
                self.set_message(
                    format!(
                        "{} {short} {summary}",
                        self.lang.pick("已提交", "committed")
                    ),
                    false,
                );
                Some(Effect::Reload)
            }
            Action::Wrote(path) => {
                self.set_message(
                    format!("{}{path}", self.lang.pick("已写入：", "wrote ")),
                    false,
                );
                None
            }
            Action::Unchanged => {
                self.pending_summary = None;
                self.set_message(
                    self.lang
                        .pick("没有变化，未提交。", "nothing changed; no commit made."),
                    false,
                );
                if self.mode == Mode::Confirm {
                    self.mode = Mode::Form;
                }
                None
            }
            Action::Failed(text) => {
                self.pending_summary = None;
                match self.mode {
                    Mode::Confirm => self.mode = Mode::Form,
                    Mode::ConfirmUndo => {
                        self.pending_revert = None;
                        self.mode = Mode::History;
                    }
                    Mode::ConfirmClose => self.mode = Mode::Meeting,
                    _ => {}
                }
                self.set_message(text, true);
                None
            }
            Action::UndoPlanned(revert) => {
                match revert {
                    Some(r) => {
                        self.pending_revert = Some(r);
                        self.mode = Mode::ConfirmUndo;
                    }
                    None => self.set_message(
                        self.lang.pick("没有可撤销的修改。", "nothing to undo."),
                        true,
                    ),
                }
                None
            }
            Action::EditedExternally(text) => {
                if let Some(form) = &mut self.form
                    && let Some(t) = form.text_mut(form.field)
                {
                    *t = text.trim_end_matches('\n').to_string();
                    form.touched = true;
                    form.focus(form.field);
                }
                None
            }
            Action::ToggleHelp => {
                if self.mode == Mode::Help {
                    self.mode = self.under_help;
                } else {
                    self.help_scroll = 0;
                    self.under_help = self.mode;
                    self.mode = Mode::Help;
                }
                None
            }
            Action::Quit => Some(Effect::Quit),
            action => match self.mode {
                Mode::Tree => self.update_tree(action),
                Mode::Search => self.update_search(action),
                Mode::Filter => self.update_filter(action),
                Mode::Form => self.update_form(action),
                Mode::Confirm => self.update_confirm(action),
                Mode::History => self.update_history(action),
                Mode::ConfirmUndo => self.update_confirm_undo(action),
                Mode::Review => self.update_review(action),
                Mode::Meeting => self.update_meeting(action),
                Mode::Minutes => self.update_minutes(action),
                Mode::ConfirmClose => self.update_confirm_close(action),
                Mode::Indicators => self.update_indicators(action),
                Mode::Remind => self.update_remind(action),
                Mode::Import => {
                    let mut back = false;
                    let effect = self.import.update(action, &mut back);
                    if back {
                        self.mode = Mode::Tree;
                    }
                    effect
                }
                Mode::Help => {
                    match action {
                        Action::MoveDown => self.help_scroll += 1,
                        Action::MoveUp => self.help_scroll = self.help_scroll.saturating_sub(1),
                        Action::PageDown => self.help_scroll += 10,
                        Action::PageUp => self.help_scroll = self.help_scroll.saturating_sub(10),
                        _ => {}
                    }
                    None
                }
            },
        }
    }

    fn apply_snapshot(&mut self, snapshot: Snapshot) {
        self.plan = snapshot.plan;
        self.history = snapshot.history;
        self.repo = snapshot.repo;
        if let Some(m) = problems_message(&snapshot.problems, self.lang) {
            self.message = Some(m);
        }
        self.history_cursor = self
            .history_cursor
            .min(self.history.len().saturating_sub(1));
        self.compute_cache();
        self.rebuild();
    }

    fn update_tree(&mut self, action: Action) -> Option<Effect> {
        match action {
            Action::MoveUp => self.move_to(self.cursor.saturating_sub(1)),
            Action::MoveDown => self.move_to(self.cursor + 1),
            Action::PageUp => self.move_to(self.cursor.saturating_sub(self.page.max(1))),
            Action::PageDown => self.move_to(self.cursor + self.page.max(1)),
            Action::Home => self.move_to(0),
            Action::End => self.move_to(self.rows.len().saturating_sub(1)),
            Action::Expand => self.set_expanded(true),
            Action::Collapse => self.set_expanded(false),
            Action::Toggle => {
                if let Some(node) = self.expandable() {
                    let open = !self.expanded.contains(&node);
                    self.set_expanded(open);
                }
            }
            Action::ExpandAll => {
                let nodes: Vec<Node> = self
                    .plan
                    .actions
                    .iter()
                    .map(|a| Node::Action(a.id.clone()))
                    .chain(Section::ALL.into_iter().map(Node::Section))
                    .collect();
                self.expanded.extend(nodes);
                self.rebuild();
            }
            Action::CollapseAll => {
                if let Some(Node::Measure(id)) = &self.selected
                    && let Some(m) = self.plan.measure(id)
                {
                    self.selected = Some(Node::Action(m.action.clone()));
                }
                self.expanded.clear();
                self.rebuild();
            }
            Action::ScrollDetailDown => self.detail_scroll = self.detail_scroll.saturating_add(3),
            Action::ScrollDetailUp => self.detail_scroll = self.detail_scroll.saturating_sub(3),
            Action::StartSearch => self.mode = Mode::Search,
            Action::OpenFilters => self.mode = Mode::Filter,
            Action::Cancel if self.narrowed() => {
                self.query.clear();
                self.filters = Filters::default();
                self.reveal_selection();
            }
            Action::Refresh => return Some(Effect::Reload),
            Action::OpenForm if matches!(self.selected, Some(Node::Item(_))) => {
                self.open_item_form()
            }
            Action::OpenForm => self.open_form(),
            Action::OpenMeasureForm => self.open_measure_form(),
            Action::OpenItemForm => self.open_item_form(),
            Action::ShowHistory => {
                self.mode = Mode::History;
                self.history_cursor = 0;
            }
            Action::ShowReview => return self.show_review(),
            Action::ShowMeeting => return self.show_meeting(),
            Action::ShowImport => {
                self.mode = Mode::Import;
                self.import.preview = None;
                return Some(Effect::ListImportFiles);
            }
            Action::ShowRemind => {
                self.mode = Mode::Remind;
                self.remind.scroll = 0;
            }
            Action::ShowIndicators => {
                self.mode = Mode::Indicators;
                // Start on the indicator selected in the tree, if one is.
                if let Some(Node::Indicator(id)) = &self.selected
                    && let Some(i) = self.plan.indicators.iter().position(|x| &x.id == id)
                {
                    self.indicator_cursor = i;
                }
            }
            _ => {}
        }
        None
    }

    fn show_review(&mut self) -> Option<Effect> {
        self.mode = Mode::Review;
        self.screen_scroll = 0;
        if self.review.as_ref().is_none_or(|r| r.kind != self.kind) {
            self.review = None;
        }
        Some(Effect::LoadReview(self.kind))
    }

    fn show_meeting(&mut self) -> Option<Effect> {
        self.mode = Mode::Meeting;
        self.home = Mode::Meeting;
        self.screen_scroll = 0;
        if self
            .meeting
            .as_ref()
            .is_none_or(|m| m.meeting.kind != self.kind)
        {
            self.meeting = None;
            self.meeting_loaded = false;
        }
        Some(Effect::LoadMeeting(self.kind))
    }

    fn next_kind(&mut self) {
        self.kind = match self.kind {
            Cycle::Weekly => Cycle::Monthly,
            Cycle::Monthly => Cycle::Quarterly,
            Cycle::Quarterly => Cycle::Weekly,
        };
    }

    fn scroll(&mut self, action: &Action) -> bool {
        let page = self.page.max(1);
        let last = super::views::screen_lines(self).saturating_sub(page);
        let s = &mut self.screen_scroll;
        match action {
            Action::MoveUp => *s = s.saturating_sub(1),
            Action::MoveDown => *s = (*s + 1).min(last),
            Action::PageUp => *s = s.saturating_sub(page),
            Action::PageDown => *s = (*s + page).min(last),
            _ => return false,
        }
        true
    }

    fn update_review(&mut self, action: Action) -> Option<Effect> {
        if self.scroll(&action) {
            return None;
        }
        match action {
            Action::SwitchKind => {
                self.next_kind();
                self.show_review()
            }
            Action::ShowMeeting => self.show_meeting(),
            Action::Refresh => Some(Effect::Reload),
            Action::Cancel => {
                self.mode = Mode::Tree;
                None
            }
            _ => None,
        }
    }

    /// The open meeting on the meeting screen, or a message saying how to open one.
    fn open_meeting_or_say(&mut self) -> Option<Meeting> {
        if let Some(m) = &self.meeting {
            return Some(m.meeting.clone());
        }
        let kind = crate::model::meeting_kind_label(self.kind, self.lang);
        let text = if self.meeting_loaded {
            match self.lang {
                Lang::Zh => format!("没有进行中的{kind}：按 n 召开"),
                Lang::En => format!("no {kind} is open: press n to open one"),
            }
        } else {
            self.lang
                .pick("会议尚在载入", "the meeting is loading")
                .into()
        };
        self.set_message(text, true);
        None
    }

    fn update_meeting(&mut self, action: Action) -> Option<Effect> {
        if self.scroll(&action) {
            return None;
        }
        match action {
            Action::SwitchKind => {
                self.next_kind();
                return self.show_meeting();
            }
            Action::ShowReview => return self.show_review(),
            Action::OpenMeetingForm => {
                if let Some(m) = &self.meeting {
                    let text = match self.lang {
                        Lang::Zh => format!("会议 {} 尚未结束：先按 x 结束", m.meeting.id),
                        Lang::En => {
                            format!("meeting {} is still open: close it first (x)", m.meeting.id)
                        }
                    };
                    self.set_message(text, true);
                } else {
                    match Form::for_meeting(self.kind, self.today) {
                        Ok(form) => {
                            self.form = Some(form);
                            self.home = Mode::Meeting;
                            self.mode = Mode::Form;
                        }
                        Err(e) => self.set_message(e, true),
                    }
                }
            }
            Action::OpenDecisionForm => {
                if let Some(m) = self.open_meeting_or_say() {
                    let measure = match &self.selected {
                        Some(Node::Measure(id)) => Some(id.clone()),
                        _ => None,
                    };
                    self.form = Some(Form::for_decision(&m, measure.as_ref()));
                    self.home = Mode::Meeting;
                    self.mode = Mode::Form;
                }
            }
            Action::ShowMinutes | Action::CloseMeeting => {
                let open = self.open_meeting_or_say().is_some();
                if open && matches!(action, Action::ShowMinutes) {
                    self.minutes_scroll = 0;
                    self.mode = Mode::Minutes;
                } else if open {
                    self.mode = Mode::ConfirmClose;
                }
            }
            Action::Refresh => return Some(Effect::Reload),
            Action::Cancel => {
                self.mode = Mode::Tree;
                self.home = Mode::Tree;
            }
            _ => {}
        }
        None
    }

    fn update_minutes(&mut self, action: Action) -> Option<Effect> {
        let lines = self
            .meeting
            .as_ref()
            .map_or(0, |m| m.minutes.lines().count());
        let last = lines.saturating_sub(1);
        let page = self.page.max(1);
        let s = &mut self.minutes_scroll;
        match action {
            Action::MoveUp => *s = s.saturating_sub(1),
            Action::MoveDown => *s = (*s + 1).min(last),
            Action::PageUp => *s = s.saturating_sub(page),
            Action::PageDown => *s = (*s + page).min(last),
            Action::Cancel => self.mode = Mode::Meeting,
            _ => {}
        }
        None
    }

    fn update_confirm_close(&mut self, action: Action) -> Option<Effect> {
        match action {
            Action::Confirm => self
                .meeting
                .as_ref()
                .map(|m| Effect::CloseMeeting(m.meeting.id.clone())),
            Action::Cancel => {
                self.mode = Mode::Meeting;
                None
            }
            _ => None,
        }
    }

    fn update_indicators(&mut self, action: Action) -> Option<Effect> {
        let last = self.plan.indicators.len().saturating_sub(1);
        let c = &mut self.indicator_cursor;
        match action {
            Action::MoveUp => *c = c.saturating_sub(1),
            Action::MoveDown => *c = (*c + 1).min(last),
            Action::Home => *c = 0,
            Action::End => *c = last,
            Action::Cancel => self.mode = Mode::Tree,
            Action::ConfirmSuggestedTarget => {
                let ind = self.plan.indicators.get(self.indicator_cursor)?;
                let (year, _) = crate::tui::views::indicators::year_quarter(self);
                let source =
                    crate::meeting::year_target(ind, year, &self.plan.targets).map(|(_, s)| s);
                if source == Some(crate::meeting::TargetSource::Suggested) {
                    return Some(Effect::ConfirmTarget {
                        indicator: ind.id.clone(),
                        year,
                    });
                }
                let text = match self.lang {
                    Lang::Zh => format!("{} {year}年目标不是建议值，无需确认", ind.id),
                    Lang::En => format!(
                        "{}'s {year} target is not a suggestion; nothing to confirm",
                        ind.id
                    ),
                };
                self.set_message(text, true);
            }
            _ => {}
        }
        None
    }

    fn update_remind(&mut self, action: Action) -> Option<Effect> {
        let units = super::views::remind::list(self).len();
        let r = &mut self.remind;
        match action {
            Action::MoveUp => {
                r.cursor = r.cursor.saturating_sub(1);
                r.scroll = 0;
            }
            Action::MoveDown => {
                r.cursor = (r.cursor + 1).min(units.saturating_sub(1));
                r.scroll = 0;
            }
            Action::PageDown => r.scroll = r.scroll.saturating_add(10),
            Action::PageUp => r.scroll = r.scroll.saturating_sub(10),
            Action::SwitchKind => r.switch(),
            Action::WriteNotices => {
                let name = format!(
                    "{}-{}.txt",
                    self.lang.pick("催办通知", "reminders"),
                    super::views::remind::period(self)
                );
                return Some(Effect::WriteFile(name, super::views::remind::notices(self)));
            }
            Action::Cancel => self.mode = Mode::Tree,
            _ => {}
        }
        None
    }

    /// After clearing a search, opens the action of the selected measure so it stays selected.
    fn reveal_selection(&mut self) {
        if let Some(Node::Measure(id)) = &self.selected
            && let Some(m) = self.plan.measure(id)
        {
            self.expanded.insert(Node::Action(m.action.clone()));
        }
        self.rebuild();
    }

    /// While typing a search, selects the first measure whose id or title matches (a match in
    /// the source clause only comes after), so Enter lands on what was searched for.
    fn select_best_match(&mut self) {
        let query = self.query.to_lowercase();
        if query.is_empty() {
            return;
        }
        let measure = |r: &Row| match r {
            Row::Measure(i) => Some(&self.plan.measures[*i]),
            _ => None,
        };
        let best = self
            .rows
            .iter()
            .position(|r| {
                measure(r).is_some_and(|m| {
                    m.id.as_str().to_lowercase().contains(&query)
                        || m.title.to_lowercase().contains(&query)
                })
            })
            .or_else(|| self.rows.iter().position(|r| measure(r).is_some()))
            .or_else(|| {
                self.rows
                    .iter()
                    .position(|r| !matches!(r, Row::Action(_) | Row::Section(_)))
            });
        if let Some(i) = best {
            self.move_to(i);
        }
    }

    fn update_search(&mut self, action: Action) -> Option<Effect> {
        match action {
            Action::Input(c) => {
                self.query.push(c);
                self.rebuild();
                self.select_best_match();
            }
            Action::Paste(text) => {
                self.query.extend(text.chars().filter(|c| !c.is_control()));
                self.rebuild();
                self.select_best_match();
            }
            Action::DeleteChar => {
                self.query.pop();
                self.rebuild();
                self.select_best_match();
            }
            Action::AcceptSearch => self.mode = Mode::Tree,
            Action::Cancel => {
                self.query.clear();
                self.mode = Mode::Tree;
                self.reveal_selection();
            }
            Action::MoveUp => self.move_to(self.cursor.saturating_sub(1)),
            Action::MoveDown => self.move_to(self.cursor + 1),
            _ => {}
        }
        None
    }

    fn update_filter(&mut self, action: Action) -> Option<Effect> {
        let f = &mut self.filters;
        match action {
            Action::FilterLight(l) => f.light = if f.light == Some(l) { None } else { Some(l) },
            Action::FilterStatus => {
                f.status = match f.status {
                    None => Some(Status::ALL[0]),
                    Some(s) => Status::ALL
                        .iter()
                        .position(|&x| x == s)
                        .and_then(|i| Status::ALL.get(i + 1).copied()),
                }
            }
            Action::FilterOverdue => f.overdue = !f.overdue,
            Action::FilterNotReported => f.not_reported = !f.not_reported,
            Action::FilterCycle => {
                f.cycle = match f.cycle {
                    None => Some(Cycle::Weekly),
                    Some(Cycle::Weekly) => Some(Cycle::Monthly),
                    Some(Cycle::Monthly) => Some(Cycle::Quarterly),
                    Some(Cycle::Quarterly) => None,
                }
            }
            Action::FilterAction => {
                let action = match &self.selected {
                    Some(Node::Action(id)) => Some(id.clone()),
                    Some(Node::Measure(id)) => self.plan.measure(id).map(|m| m.action.clone()),
                    _ => None,
                };
                let f = &mut self.filters;
                f.action = if f.action.is_some() { None } else { action };
            }
            Action::FilterLead => {
                let unit = self.selected_measure().map(|m| m.lead_unit.clone());
                let f = &mut self.filters;
                f.lead_unit = if f.lead_unit.is_some() { None } else { unit };
            }
            Action::FilterOwner => {
                let owner = self.selected_measure().and_then(|m| m.owner.clone());
                if owner.is_none() && self.filters.owner.is_none() {
                    self.set_message(
                        self.lang
                            .pick("所选举措没有责任人", "the selected measure has no owner"),
                        true,
                    );
                }
                let f = &mut self.filters;
                f.owner = if f.owner.is_some() { None } else { owner };
            }
            Action::ClearFilters => *f = Filters::default(),
            Action::Cancel => {
                self.mode = Mode::Tree;
                return None;
            }
            _ => return None,
        }
        self.rebuild();
        None
    }

    fn open_form(&mut self) {
        let Some(m) = self.selected_measure() else {
            self.set_message(
                self.lang.pick("请先选择一项举措", "select a measure first"),
                true,
            );
            return;
        };
        let id = m.id.clone();
        let cycle = m.cadence;
        let report = self.plan.report(&id, cycle.period_of(self.today)).cloned();
        self.form = Some(Form::new(id, cycle, report.as_ref()));
        self.home = Mode::Tree;
        self.mode = Mode::Form;
    }

    fn open_measure_form(&mut self) {
        let Some(m) = self.selected_measure() else {
            self.set_message(
                self.lang.pick("请先选择一项举措", "select a measure first"),
                true,
            );
            return;
        };
        self.form = Some(Form::for_measure(m));
        self.home = Mode::Tree;
        self.mode = Mode::Form;
    }

    fn open_item_form(&mut self) {
        let item = match &self.selected {
            Some(Node::Item(id)) => self.plan.items.iter().find(|i| &i.id == id),
            _ => None,
        };
        let Some(item) = item else {
            self.set_message(
                self.lang.pick(
                    "请先选择一项议定事项（会议下）",
                    "select an action item first (under Meetings)",
                ),
                true,
            );
            return;
        };
        let kind = self
            .plan
            .meetings
            .iter()
            .find(|m| m.id == item.meeting)
            .map_or(Cycle::Monthly, |m| m.kind);
        self.form = Some(Form::for_item(item, kind));
        self.home = Mode::Tree;
        self.mode = Mode::Form;
    }

    fn update_form(&mut self, action: Action) -> Option<Effect> {
        let lang = self.lang;
        let today = self.today;
        let Some(form) = self.form.as_mut() else {
            self.mode = self.home;
            return None;
        };
        form.error = None;
        let fields = form.fields();
        let position = fields.iter().position(|&f| f == form.field).unwrap_or(0);
        match action {
            Action::NextField => form.focus(fields[(position + 1) % fields.len()]),
            Action::PrevField => form.focus(fields[(position + fields.len() - 1) % fields.len()]),
            Action::Home => form.cursor = 0,
            Action::End => form.cursor = form.text(form.field).chars().count(),
            Action::ChoiceNext | Action::ChoicePrev => {
                let forward = matches!(action, Action::ChoiceNext);
                match form.field {
                    Field::Cycle => {
                        let i = Cycle::ALL
                            .iter()
                            .position(|&c| c == form.cycle)
                            .unwrap_or(0);
                        form.cycle = Cycle::ALL[if forward { (i + 1) % 3 } else { (i + 2) % 3 }];
                        if !form.touched {
                            let report = self.plan.report(&form.id, form.cycle.period_of(today));
                            form.fill(report);
                        }
                    }
                    Field::Light => {
                        form.light = step(&Light::REPORTABLE, form.light, forward);
                        form.touched = true;
                    }
                    Field::Status => {
                        form.status = step(&Status::ALL, form.status, forward);
                        form.touched = true;
                    }
                    Field::ItemStatus => {
                        const ALL: [ItemStatus; 3] = [
                            ItemStatus::Open,
                            ItemStatus::DoneAwaitingReview,
                            ItemStatus::Closed,
                        ];
                        let i = ALL.iter().position(|&s| s == form.item_status).unwrap_or(0);
                        form.item_status = ALL[if forward { (i + 1) % 3 } else { (i + 2) % 3 }];
                        form.touched = true;
                    }
                    Field::Override => {
                        form.override_light =
                            step(&Light::REPORTABLE, form.override_light, forward);
                        form.touched = true;
                    }
                    Field::Kind | Field::Cadence => {
                        let i = Cycle::ALL
                            .iter()
                            .position(|&c| c == form.cycle)
                            .unwrap_or(0);
                        form.cycle = Cycle::ALL[if forward { (i + 1) % 3 } else { (i + 2) % 3 }];
                        form.touched = true;
                    }
                    f if f.is_list() => {
                        // The last entry of a list cycles through the roster's units; type 、
                        // to start another.
                        let names: Vec<&str> = self
                            .plan
                            .roster
                            .units
                            .iter()
                            .map(|u| u.name.as_str())
                            .collect();
                        if let Some(text) = form.text_mut(f)
                            && !names.is_empty()
                        {
                            let cut = text
                                .char_indices()
                                .filter(|(_, c)| matches!(c, '、' | ',' | '，' | ';' | '；'))
                                .map(|(i, c)| i + c.len_utf8())
                                .next_back()
                                .unwrap_or(0);
                            let last = text[cut..].trim().to_string();
                            let n = names.len();
                            let next = match names.iter().position(|&x| x == last) {
                                Some(i) if forward => (i + 1) % n,
                                Some(i) => (i + n - 1) % n,
                                None if forward => 0,
                                None => n - 1,
                            };
                            text.truncate(cut);
                            text.push_str(names[next]);
                            form.touched = true;
                            form.focus(f);
                        }
                    }
                    Field::Owner
                    | Field::Lead
                    | Field::Chair
                    | Field::ApprovedBy
                    | Field::Liaison => {
                        // Owner and lead unit cycle through the roster's names.
                        let names: Vec<&str> = if matches!(
                            form.field,
                            Field::Owner | Field::Chair | Field::ApprovedBy | Field::Liaison
                        ) {
                            self.plan
                                .roster
                                .people
                                .iter()
                                .map(|p| p.name.as_str())
                                .collect()
                        } else {
                            self.plan
                                .roster
                                .units
                                .iter()
                                .map(|u| u.name.as_str())
                                .collect()
                        };
                        if let Some(text) = form.text_mut(form.field)
                            && !names.is_empty()
                        {
                            let n = names.len();
                            let next = match names.iter().position(|&x| x == text.as_str()) {
                                Some(i) if forward => (i + 1) % n,
                                Some(i) => (i + n - 1) % n,
                                None if forward => 0,
                                None => n - 1,
                            };
                            *text = names[next].to_string();
                            form.touched = true;
                            form.focus(form.field);
                        }
                    }
                    _ => {
                        let end = form.text(form.field).chars().count();
                        form.cursor = if forward {
                            (form.cursor + 1).min(end)
                        } else {
                            form.cursor.saturating_sub(1)
                        };
                    }
                }
            }
            Action::Input(c) => form.insert(c),
            Action::Paste(text) => {
                // Only the long fields take line breaks; elsewhere they become spaces.
                let long = form.field.is_long();
                for c in text.replace("\r\n", "\n").chars() {
                    match c {
                        '\n' | '\r' if !long => form.insert(' '),
                        '\r' => form.insert('\n'),
                        c => form.insert(c),
                    }
                }
            }
            Action::DeleteChar => form.delete_before_cursor(),
            Action::DeleteForward => form.delete_after_cursor(),
            Action::DeleteWord => form.delete_word_before(),
            Action::WordLeft => form.cursor = form.word_left_of(),
            Action::WordRight => form.cursor = form.word_right_of(),
            Action::Undo if !form.undo() => {
                form.error = Some(lang.pick("没有可撤销的输入", "nothing to undo").into());
            }
            Action::NewLine if form.field.is_long() => form.insert('\n'),
            Action::EditExternally if form.field.is_text() => {
                return Some(Effect::EditExternally(form.text(form.field).to_string()));
            }
            Action::Submit => match form.kind {
                FormKind::Report => match form.edit(lang) {
                    Ok(edit) => {
                        let period = form.cycle.period_of(today);
                        return Some(Effect::PreviewReport {
                            id: form.id.clone(),
                            period,
                            edit,
                        });
                    }
                    Err(e) => form.error = Some(e),
                },
                FormKind::Measure => match form.measure_edit(lang, today) {
                    Ok(edit) => {
                        return Some(Effect::PreviewMeasure {
                            id: form.id.clone(),
                            edit,
                        });
                    }
                    Err(e) => form.error = Some(e),
                },
                FormKind::Decision => match form.decision_edit(lang) {
                    Ok(d) => return Some(Effect::PreviewDecision(d)),
                    Err(e) => form.error = Some(e),
                },
                FormKind::Meeting => match form.meeting_edit(lang) {
                    Ok(m) => return Some(Effect::PreviewMeeting(m)),
                    Err(e) => form.error = Some(e),
                },
                FormKind::Item => match form.item_edit(lang) {
                    Ok(edit) => {
                        return Some(Effect::PreviewItem {
                            id: form.id.clone(),
                            edit,
                        });
                    }
                    Err(e) => form.error = Some(e),
                },
            },
            Action::Cancel if form.touched && !form.discard_asked => {
                form.discard_asked = true;
                form.error = Some(
                    lang.pick(
                        "表单已修改：再按 Esc 放弃修改，按其他键继续编辑",
                        "the form has changes: press Esc again to discard them, any other key to go on",
                    )
                    .into(),
                );
                return None;
            }
            Action::Cancel => {
                self.form = None;
                self.mode = self.home;
                return None;
            }
            _ => {}
        }
        if let Some(form) = self.form.as_mut() {
            form.discard_asked = false;
        }
        None
    }

    fn update_confirm(&mut self, action: Action) -> Option<Effect> {
        match action {
            Action::Confirm => {
                let form = self.form.as_ref()?;
                match form.kind {
                    FormKind::Report => {
                        let edit = form.edit(self.lang).ok()?;
                        let period = form.cycle.period_of(self.today);
                        Some(Effect::CommitReport {
                            id: form.id.clone(),
                            period,
                            edit,
                        })
                    }
                    FormKind::Measure => {
                        let edit = form.measure_edit(self.lang, self.today).ok()?;
                        Some(Effect::CommitMeasure {
                            id: form.id.clone(),
                            edit,
                        })
                    }
                    FormKind::Decision => form
                        .decision_edit(self.lang)
                        .ok()
                        .map(Effect::CommitDecision),
                    FormKind::Meeting => form.meeting_edit(self.lang).ok().map(Effect::OpenMeeting),
                    FormKind::Item => {
                        let edit = form.item_edit(self.lang).ok()?;
                        Some(Effect::CommitItem {
                            id: form.id.clone(),
                            edit,
                        })
                    }
                }
            }
            Action::Cancel => {
                self.pending_summary = None;
                self.mode = Mode::Form;
                None
            }
            _ => None,
        }
    }

    fn update_history(&mut self, action: Action) -> Option<Effect> {
        let last = self.history.len().saturating_sub(1);
        match action {
            Action::MoveUp => self.history_cursor = self.history_cursor.saturating_sub(1),
            Action::MoveDown => self.history_cursor = (self.history_cursor + 1).min(last),
            Action::PageUp => self.history_cursor = self.history_cursor.saturating_sub(5),
            Action::PageDown => self.history_cursor = (self.history_cursor + 5).min(last),
            Action::PlanUndo => return Some(Effect::PlanUndo),
            Action::Cancel => self.mode = Mode::Tree,
            _ => {}
        }
        None
    }

    fn update_confirm_undo(&mut self, action: Action) -> Option<Effect> {
        match action {
            Action::Confirm => self.pending_revert.clone().map(Effect::ApplyRevert),
            Action::Cancel => {
                self.pending_revert = None;
                self.mode = Mode::History;
                None
            }
            _ => None,
        }
    }

    /// The history entries that change `id`, newest first.
    pub fn history_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Entry> + 'a {
        self.history
            .iter()
            .filter(move |e| e.changes.iter().any(|c| c.id == id))
    }
}

fn step<T: Copy + PartialEq>(all: &[T], current: Option<T>, forward: bool) -> Option<T> {
    // The choices wrap through "none".
    let n = all.len() + 1;
    let i = current
        .and_then(|c| all.iter().position(|&x| x == c))
        .map_or(0, |i| i + 1);
    let j = if forward {
        (i + 1) % n
    } else {
        (i + n - 1) % n
    };
    if j == 0 { None } else { Some(all[j - 1]) }
}

fn problems_message(problems: &[String], lang: Lang) -> Option<Message> {
    let first = problems.first()?;
    let text = match lang {
        Lang::Zh => format!("计划有{}处问题：{first}", problems.len()),
        Lang::En => format!("the plan has {} problem(s): {first}", problems.len()),
    };
    Some(Message { text, error: true })
}

fn is_key_action(action: &Action) -> bool {
    !matches!(
        action,
        Action::Resize(..)
            | Action::Reloaded(_)
            | Action::RepoChanged(_)
            | Action::Previewed(_)
            | Action::Committed { .. }
            | Action::Unchanged
            | Action::Failed(_)
            | Action::UndoPlanned(_)
            | Action::EditedExternally(_)
            | Action::ReviewLoaded(_)
            | Action::MeetingLoaded(..)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Period;
    use crate::store::{BundledSource, Reports, load};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).expect("date")
    }

    fn id(text: &str) -> Id {
        Id::parse(text).expect("id")
    }

    fn plan() -> Plan {
        let (plan, problems) = load(&BundledSource, Reports::All);
        assert!(problems.is_empty(), "{problems:?}");
        plan.expect("bundled plan")
    }

    fn app() -> App {
        let snapshot = Snapshot {
            plan: plan(),
            history: Vec::new(),
            repo: RepoInfo::default(),
            problems: Vec::new(),
        };
        App::new(snapshot, Lang::Zh, today())
    }

    fn red_report(item: &str) -> Report {
        Report {
            schema: 1,
            item: id(item),
            period: Cycle::Weekly.period_of(today()),
            light: Some(Light::Red),
            status: None,
            percent: None,
            progress: String::new(),
            problems: String::new(),
            next_steps: String::new(),
            asks: String::new(),
            reported_by: "张三".into(),
            reported_on: today(),
        }
    }

    fn with_reports(plan: Plan, reports: Vec<Report>) -> Plan {
        let p = plan;
        Plan::new(
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
        )
    }

    fn select(app: &mut App, measure: &str) {
        while app.selected != Some(Node::Measure(id(measure))) {
            let before = app.cursor;
            if matches!(app.selected, Some(Node::Action(ref a)) if measure.starts_with(&format!("{a}-")))
            {
                app.update(Action::Expand);
            }
            app.update(Action::MoveDown);
            assert_ne!(before, app.cursor, "{measure} not reachable");
        }
    }

    #[test]
    fn starts_collapsed_on_the_first_action_with_sections_below() {
        let app = app();
        assert_eq!(app.rows.len(), 9 + 3);
        assert_eq!(app.selected, Some(Node::Action(id("A1"))));
        assert_eq!(app.rows[9], Row::Section(Section::Indicators));
    }

    #[test]
    fn expand_collapse_and_moves_stay_in_bounds() {
        let mut app = app();
        app.update(Action::MoveUp);
        assert_eq!(app.cursor, 0);
        app.update(Action::Expand);
        assert_eq!(app.rows.len(), 12 + 11);
        app.update(Action::MoveDown);
        assert_eq!(app.selected, Some(Node::Measure(id("A1-01"))));
        // Collapsing on a measure closes its action and selects it.
        app.update(Action::Collapse);
        assert_eq!(app.selected, Some(Node::Action(id("A1"))));
        assert_eq!(app.rows.len(), 12);
        app.update(Action::End);
        assert_eq!(app.selected, Some(Node::Section(Section::Meetings)));
        app.update(Action::MoveDown);
        assert_eq!(app.cursor, app.rows.len() - 1);
        app.update(Action::Home);
        assert_eq!(app.cursor, 0);
        app.update(Action::Toggle);
        app.update(Action::PageDown);
        assert_eq!(app.cursor, app.page.min(app.rows.len() - 1));
    }

    #[test]
    fn chinese_search_narrows_to_matching_measures_and_escape_keeps_the_selection() {
        let mut app = app();
        app.update(Action::StartSearch);
        assert_eq!(app.mode, Mode::Search);
        for c in "零工市场".chars() {
            app.update(Action::Input(c));
        }
        let measures: Vec<&str> = app
            .rows
            .iter()
            .filter_map(|r| match r {
                Row::Measure(i) => Some(app.plan.measures[*i].id.as_str()),
                _ => None,
            })
            .collect();
        // A3-04 by its title, A3-02 and A3-03 by their source clause.
        assert_eq!(measures, vec!["A3-02", "A3-03", "A3-04"]);
        // The selection follows the best match: the title match, not the source-clause ones.
        assert_eq!(app.selected, Some(Node::Measure(id("A3-04"))));
        app.update(Action::MoveUp);
        app.update(Action::MoveUp);
        assert_eq!(app.selected, Some(Node::Measure(id("A3-02"))));
        app.update(Action::AcceptSearch);
        assert_eq!(app.mode, Mode::Tree);
        assert_eq!(app.query, "零工市场");
        app.update(Action::Cancel);
        assert!(app.query.is_empty());
        assert_eq!(
            app.selected,
            Some(Node::Measure(id("A3-02"))),
            "selection kept after clearing"
        );
        assert!(app.rows.len() > 12);
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
        assert_eq!(app.action_counts(2).red, 1);
        app.update(Action::OpenFilters);
        app.update(Action::FilterLight(Light::Red));
        let shown: Vec<Row> = app
            .rows
            .iter()
            .copied()
            .filter(|r| matches!(r, Row::Measure(_)))
            .collect();
        assert_eq!(shown.len(), 2);
        assert_eq!(app.filters.summary(Lang::Zh), "灯=红");
        app.update(Action::Cancel);
        select(&mut app, "A3-02");
        app.update(Action::OpenFilters);
        app.update(Action::FilterAction);
        assert_eq!(app.filters.summary(Lang::Zh), "灯=红 · 行动=A3");
        assert_eq!(
            app.rows
                .iter()
                .filter(|r| matches!(r, Row::Measure(_)))
                .count(),
            1
        );
        app.update(Action::FilterNotReported);
        assert_eq!(
            app.rows
                .iter()
                .filter(|r| matches!(r, Row::Measure(_)))
                .count(),
            1,
            "A3-02 is monthly and has no monthly report"
        );
        app.update(Action::FilterCycle);
        assert!(app.rows.is_empty(), "A3-02 reported this week");
        app.update(Action::ClearFilters);
        assert!(!app.filters.active());
        app.update(Action::Cancel);
        assert_eq!(app.mode, Mode::Tree);
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
        assert_eq!(app.selected, Some(Node::Measure(id("A3-02"))));
        assert!(
            matches!(app.rows[app.cursor], Row::Measure(i) if app.plan.measures[i].id == id("A3-02"))
        );
        assert_eq!(
            app.light(
                app.plan
                    .measures
                    .iter()
                    .position(|m| m.id == id("A3-02"))
                    .expect("A3-02")
            ),
            Light::Red
        );
    }

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
        assert_eq!(app.mode, Mode::Form);
        let form = app.form.as_ref().expect("form");
        assert_eq!(
            form.cycle,
            Cycle::Monthly,
            "defaults to the measure's cadence"
        );
        app.update(Action::PrevField);
        app.update(Action::ChoicePrev);
        assert_eq!(app.form.as_ref().expect("form").cycle, Cycle::Weekly);
        app.update(Action::NextField);
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
        assert!(app.form.as_ref().expect("form").error.is_some());
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
        assert_eq!(app.mode, Mode::Confirm);
        assert!(matches!(
            app.update(Action::Confirm),
            Some(Effect::CommitReport { .. })
        ));
        // A failed commit returns to the form with the input intact.
        app.update(Action::Failed("locked".into()));
        assert_eq!(app.mode, Mode::Form);
        assert_eq!(app.form.as_ref().expect("form").progress, "站点选址完成");
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
        assert_eq!(app.mode, Mode::Tree);
        assert!(app.form.is_none());
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
        assert_eq!(app.mode, Mode::Form);
        assert_eq!(app.form.as_ref().map(|f| f.kind), Some(FormKind::Measure));
        for _ in 0..10 {
            app.update(Action::DeleteChar);
        }
        for c in "2027-06-3x".chars() {
            app.update(Action::Input(c));
        }
        assert!(app.update(Action::Submit).is_none());
        assert!(app.form.as_ref().and_then(|f| f.error.as_ref()).is_some());
        app.update(Action::DeleteChar);
        app.update(Action::Input('0'));
        while app.form.as_ref().map(|f| f.field) != Some(Field::Lead) {
            app.update(Action::NextField);
        }
        app.update(Action::ChoiceNext);
        let lead = app
            .form
            .as_ref()
            .map(|f| f.lead_unit.clone())
            .unwrap_or_default();
        let units = &app.plan.roster.units;
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
        assert_eq!(app.form.as_ref().map(|f| f.field), Some(Field::Progress));
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
        let form = app.form.as_ref().expect("form");
        assert_eq!(form.progress, "新托育圈服务二");
        assert_eq!(form.cursor, 6);
    }

    #[test]
    fn delete_word_motions_and_undo_in_a_text_field() {
        let mut app = app();
        select(&mut app, "A1-01");
        app.update(Action::OpenForm);
        for _ in 0..3 {
            app.update(Action::NextField);
        }
        let progress = |app: &App| app.form.as_ref().map(|f| (f.progress.clone(), f.cursor));
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
        assert!(app.form.as_ref().and_then(|f| f.error.as_ref()).is_some());
    }

    #[test]
    fn esc_on_a_changed_form_asks_before_discarding() {
        let mut app = app();
        select(&mut app, "A1-01");
        app.update(Action::OpenForm);
        app.update(Action::Cancel);
        assert_eq!(app.mode, Mode::Tree, "an untouched form closes at once");
        app.update(Action::OpenForm);
        for _ in 0..3 {
            app.update(Action::NextField);
        }
        app.update(Action::Input('新'));
        app.update(Action::Cancel);
        assert_eq!(app.mode, Mode::Form);
        let asked = app
            .form
            .as_ref()
            .and_then(|f| f.error.clone())
            .unwrap_or_default();
        assert!(asked.contains("再按 Esc 放弃修改"), "{asked}");
        // Any other key goes on editing; Esc must then be pressed twice again.
        app.update(Action::Input('的'));
        app.update(Action::Cancel);
        assert_eq!(app.mode, Mode::Form);
        app.update(Action::Cancel);
        assert_eq!(app.mode, Mode::Tree);
        assert!(app.form.is_none());
    }

    #[test]
    fn pasted_text_lands_in_one_field_with_its_line_breaks() {
        let mut app = app();
        app.update(Action::StartSearch);
        app.update(Action::Paste("零工\n市场".into()));
        assert_eq!(app.query, "零工市场");
        app.update(Action::Cancel);
        app.update(Action::Home);
        select(&mut app, "A1-01");
        app.update(Action::OpenForm);
        app.update(Action::Paste("12".into()));
        assert_eq!(
            app.form.as_ref().map(|f| f.field),
            Some(Field::Light),
            "no text field: ignored"
        );
        for _ in 0..3 {
            app.update(Action::NextField);
        }
        app.update(Action::Paste("第一行\r\n第二行".into()));
        app.update(Action::NextField);
        app.update(Action::Paste("甲\n乙".into()));
        let form = app.form.as_ref().expect("form");
        assert_eq!(form.progress, "第一行\n第二行");
        assert_eq!(form.field, Field::Problems);
        assert_eq!(form.problems, "甲\n乙");
        assert_eq!(app.mode, Mode::Form);
    }

    #[test]
    fn escape_leaves_the_form_and_nothing_is_committed() {
        let mut app = app();
        select(&mut app, "A1-01");
        app.update(Action::OpenForm);
        app.update(Action::Input('x'));
        assert!(app.update(Action::Cancel).is_none());
        assert_eq!(app.mode, Mode::Tree);
        assert!(app.form.is_none());
    }

    #[test]
    fn history_undo_asks_the_store_and_reports_nothing_to_undo() {
        let mut app = app();
        app.update(Action::ShowHistory);
        assert_eq!(app.mode, Mode::History);
        assert!(matches!(
            app.update(Action::PlanUndo),
            Some(Effect::PlanUndo)
        ));
        app.update(Action::UndoPlanned(None));
        assert_eq!(app.mode, Mode::History);
        assert_eq!(
            app.message.as_ref().map(|m| m.text.as_str()),
            Some("没有可撤销的修改。")
        );
        app.update(Action::Cancel);
        assert_eq!(app.mode, Mode::Tree);
    }

    #[test]
    fn help_returns_to_the_mode_below_and_quit_asks_to_quit() {
        let mut app = app();
        app.update(Action::ShowHistory);
        app.update(Action::ToggleHelp);
        assert_eq!(app.mode, Mode::Help);
        app.update(Action::ToggleHelp);
        assert_eq!(app.mode, Mode::History);
        assert!(matches!(app.update(Action::Quit), Some(Effect::Quit)));
    }

    #[test]
    fn refresh_asks_for_a_reload() {
        let mut app = app();
        assert!(matches!(app.update(Action::Refresh), Some(Effect::Reload)));
    }

    fn open_meeting(kind: Cycle) -> Meeting {
        let period = kind.period_of(today());
        Meeting {
            schema: 1,
            id: id(&Meeting::id_for(period)),
            kind,
            period,
            issue: 11,
            time: today().and_hms_opt(9, 0, 0).expect("time"),
            place: String::new(),
            chair: "王五".into(),
            attendees: Vec::new(),
            baseline: "0".repeat(40),
            closed: false,
            sign_off: Default::default(),
        }
    }

    fn review_data(kind: Cycle) -> ReviewData {
        ReviewData {
            kind,
            base: "a".repeat(40),
            base_date: today(),
            head: "b".repeat(40),
            changes: Vec::new(),
        }
    }

    /// The bundled plan with a monthly meeting and one open action item about A3-02.
    fn app_with_item() -> App {
        let meeting = open_meeting(Cycle::Monthly);
        let item = ActionItem {
            schema: 1,
            id: id("D2026-11-01"),
            meeting: meeting.id.clone(),
            number: 1,
            text: "完成零工市场选址".into(),
            lead_unit: "市人社局".into(),
            co_units: Vec::new(),
            deadline: NaiveDate::from_ymd_opt(2026, 12, 31).expect("date"),
            measure: Some(id("A3-02")),
            status: ItemStatus::Open,
            feedback: String::new(),
            closure: None,
        };
        let p = plan();
        let plan = Plan::new(
            p.meta,
            p.roster,
            p.actions,
            p.measures,
            p.indicators,
            p.landmarks,
            vec![meeting],
            vec![item],
            p.observations,
            p.reports,
        );
        let snapshot = Snapshot {
            plan,
            history: Vec::new(),
            repo: RepoInfo::default(),
            problems: Vec::new(),
        };
        let mut app = App::new(snapshot, Lang::Zh, today());
        app.expanded.insert(Node::Section(Section::Meetings));
        app.selected = Some(Node::Item(id("D2026-11-01")));
        app.rebuild();
        assert_eq!(app.selected, Some(Node::Item(id("D2026-11-01"))));
        app
    }

    fn type_text(app: &mut App, text: &str) {
        for c in text.chars() {
            app.update(Action::Input(c));
        }
    }

    #[test]
    fn item_form_closes_an_item_only_with_an_approver() {
        let mut app = app_with_item();
        // `e` on an item row opens the item form too.
        app.update(Action::OpenForm);
        assert_eq!(app.form.as_ref().map(|f| f.kind), Some(FormKind::Item));
        app.update(Action::Cancel);
        assert_eq!(app.mode, Mode::Tree);
        assert!(app.form.is_none());
        app.update(Action::OpenItemForm);
        assert_eq!(app.mode, Mode::Form);
        let form = app.form.as_ref().expect("form");
        assert_eq!(form.field, Field::ItemStatus);
        assert_eq!(form.item_status, ItemStatus::Open);
        assert_eq!(form.deadline, "2026-12-31");
        assert_eq!(form.lead_unit, "市人社局");
        // 推进中 → 已办结待销号 → 已销号
        app.update(Action::ChoiceNext);
        app.update(Action::ChoiceNext);
        assert_eq!(
            app.form.as_ref().map(|f| f.item_status),
            Some(ItemStatus::Closed)
        );
        app.update(Action::NextField);
        type_text(&mut app, "已完成选址并开业");
        assert!(
            app.update(Action::Submit).is_none(),
            "销号 without an approver is refused"
        );
        let error = app.form.as_ref().and_then(|f| f.error.clone());
        assert!(
            error.as_deref().is_some_and(|e| e.contains("审批人")),
            "{error:?}"
        );
        assert_eq!(app.mode, Mode::Form, "the input is kept");
        app.update(Action::NextField);
        app.update(Action::NextField);
        app.update(Action::NextField);
        assert_eq!(app.form.as_ref().map(|f| f.field), Some(Field::ApprovedBy));
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
        assert_eq!(app.mode, Mode::Confirm);
        assert_eq!(
            app.pending_summary.as_deref(),
            Some("议定事项 D2026-11-01 状态 推进中→已销号")
        );
        // A refusal by the store returns to the form with the input intact.
        app.update(Action::Confirm);
        app.update(Action::Failed("locked".into()));
        assert_eq!(app.mode, Mode::Form);
        assert_eq!(
            app.form.as_ref().map(|f| f.approved_by.as_str()),
            Some("王五")
        );
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
        assert_eq!(app.mode, Mode::Tree);
        assert!(app.form.is_none());
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
        assert_eq!(other.mode, Mode::Tree);
        assert!(other.message.as_ref().is_some_and(|m| m.error));
    }

    #[test]
    fn measure_form_sets_and_clears_a_light_override_with_a_reason() {
        let mut app = app();
        select(&mut app, "A3-02");
        app.update(Action::OpenMeasureForm);
        while app.form.as_ref().map(|f| f.field) != Some(Field::Override) {
            app.update(Action::NextField);
        }
        // 不设定 → 绿 → 蓝 → 黄 → 红
        for _ in 0..4 {
            app.update(Action::ChoiceNext);
        }
        assert_eq!(
            app.form.as_ref().and_then(|f| f.override_light),
            Some(Light::Red)
        );
        assert!(
            app.update(Action::Submit).is_none(),
            "an override without a reason is refused"
        );
        let error = app.form.as_ref().and_then(|f| f.error.clone());
        assert!(
            error.as_deref().is_some_and(|e| e.contains("理由")),
            "{error:?}"
        );
        app.update(Action::NextField);
        assert_eq!(app.form.as_ref().map(|f| f.field), Some(Field::Reason));
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
        assert_eq!(app.mode, Mode::Tree, "Esc leaves the form");
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
            .plan
            .measures
            .iter()
            .position(|m| m.id == id("A3-02"))
            .expect("A3-02");
        app.plan.measures[i].light_override = Some(LightOverride {
            light: Light::Yellow,
            reason: "已报市政府同意延期".into(),
            set_on: today(),
        });
        select(&mut app, "A3-02");
        app.update(Action::OpenMeasureForm);
        let form = app.form.as_ref().expect("form");
        assert!(form.had_override);
        assert_eq!(form.override_light, Some(Light::Yellow));
        assert_eq!(form.reason, "已报市政府同意延期");
        while app.form.as_ref().map(|f| f.field) != Some(Field::Override) {
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

    fn meeting_data(kind: Cycle) -> MeetingData {
        MeetingData {
            meeting: open_meeting(kind),
            review: review_data(kind),
            carried: Vec::new(),
            minutes: (1..=40).map(|i| format!("line {i}\n")).collect(),
        }
    }

    #[test]
    fn review_loads_the_chosen_kind_and_switching_reloads() {
        let mut app = app();
        assert!(matches!(
            app.update(Action::ShowReview),
            Some(Effect::LoadReview(Cycle::Monthly))
        ));
        assert_eq!(app.mode, Mode::Review);
        assert!(matches!(
            app.update(Action::SwitchKind),
            Some(Effect::LoadReview(Cycle::Quarterly))
        ));
        // A late answer for the kind no longer shown is dropped.
        app.update(Action::ReviewLoaded(Box::new(review_data(Cycle::Monthly))));
        assert!(app.review.is_none());
        app.update(Action::ReviewLoaded(Box::new(review_data(
            Cycle::Quarterly,
        ))));
        assert_eq!(app.review.as_ref().map(|r| r.kind), Some(Cycle::Quarterly));
        app.update(Action::MoveDown);
        assert_eq!(app.screen_scroll, 0, "nothing to scroll");
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
        for _ in 0..10 {
            app.update(Action::PageDown);
        }
        // A heading and 60 changes: the last page shows the last line.
        assert_eq!(app.screen_scroll, 61 - app.page);
        app.update(Action::MoveUp);
        assert_eq!(app.screen_scroll, 60 - app.page);
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
        assert_eq!(app.mode, Mode::Tree);
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
        assert_eq!(app.mode, Mode::Meeting);
        assert_eq!(
            app.message.as_ref().map(|m| m.text.as_str()),
            Some("没有进行中的月例会：按 n 召开")
        );
        app.update(Action::CloseMeeting);
        assert_eq!(app.mode, Mode::Meeting, "nothing to close");
        app.update(Action::OpenMeetingForm);
        assert_eq!(app.mode, Mode::Form);
        assert_eq!(app.form.as_ref().map(|f| f.kind), Some(FormKind::Meeting));
        app.update(Action::ChoiceNext);
        app.update(Action::NextField);
        for _ in 0.."2026-11-25 09:00".len() {
            app.update(Action::DeleteChar);
        }
        for c in "2026-11-2x".chars() {
            app.update(Action::Input(c));
        }
        assert!(app.update(Action::Submit).is_none());
        assert!(app.form.as_ref().and_then(|f| f.error.as_ref()).is_some());
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
        assert_eq!(new.attendees, vec![app.plan.roster.units[0].name.clone()]);
        app.update(Action::Previewed(
            "召开季总结 Q2026-4（2026年第1期）".into(),
        ));
        assert_eq!(app.mode, Mode::Confirm);
        assert!(matches!(
            app.update(Action::Confirm),
            Some(Effect::OpenMeeting(_))
        ));
        let effect = app.update(Action::Committed {
            commit: "0123456789".into(),
            summary: "召开季总结 Q2026-4（2026年第1期）".into(),
        });
        assert!(matches!(effect, Some(Effect::Reload)));
        assert_eq!(app.mode, Mode::Meeting, "back on the meeting screen");
    }

    #[test]
    fn decisions_preview_then_commit_and_return_to_the_meeting() {
        let mut app = app();
        app.kind = Cycle::Weekly;
        app.update(Action::ShowMeeting);
        app.update(Action::MeetingLoaded(
            Cycle::Weekly,
            Some(Box::new(meeting_data(Cycle::Weekly))),
        ));
        app.update(Action::OpenMeetingForm);
        assert_eq!(
            app.mode,
            Mode::Meeting,
            "one open meeting of a kind at a time"
        );
        assert!(app.message.as_ref().is_some_and(|m| m.error));
        app.update(Action::OpenDecisionForm);
        assert_eq!(app.mode, Mode::Form);
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
        assert_eq!(d.lead, app.plan.roster.units[0].name);
        assert!(d.co.is_empty());
        assert_eq!(d.measure, None);
        app.update(Action::Previewed("议定事项 D2026-W48-01：完成选址".into()));
        // Esc in the confirmation goes back to the form, input intact.
        app.update(Action::Cancel);
        assert_eq!(app.mode, Mode::Form);
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
        assert_eq!(app.mode, Mode::Meeting);
        assert!(app.form.is_none());
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
        app.kind = Cycle::Weekly;
        app.update(Action::ShowMeeting);
        app.update(Action::MeetingLoaded(
            Cycle::Weekly,
            Some(Box::new(meeting_data(Cycle::Weekly))),
        ));
        app.update(Action::ShowMinutes);
        assert_eq!(app.mode, Mode::Minutes);
        for _ in 0..10 {
            app.update(Action::PageDown);
        }
        assert_eq!(app.minutes_scroll, 39, "stops at the last line");
        app.update(Action::PageUp);
        app.update(Action::MoveUp);
        assert_eq!(app.minutes_scroll, 39 - app.page - 1);
        app.update(Action::Cancel);
        assert_eq!(app.mode, Mode::Meeting);
        app.update(Action::CloseMeeting);
        assert_eq!(app.mode, Mode::ConfirmClose);
        app.update(Action::Cancel);
        assert_eq!(app.mode, Mode::Meeting);
        app.update(Action::CloseMeeting);
        let effect = app.update(Action::Confirm);
        let Some(Effect::CloseMeeting(m)) = effect else {
            panic!("expected a close, got {effect:?}");
        };
        assert_eq!(m, id("W2026-48"));
        app.update(Action::Failed("locked".into()));
        assert_eq!(app.mode, Mode::Meeting);
        app.update(Action::CloseMeeting);
        app.update(Action::Confirm);
        app.update(Action::Committed {
            commit: "c105ed00aa".into(),
            summary: "周调度 W2026-48 结束".into(),
        });
        assert_eq!(app.mode, Mode::Meeting);
        assert_eq!(
            app.message.as_ref().map(|m| m.text.as_str()),
            Some("已提交 c105ed00 周调度 W2026-48 结束")
        );
        // The reload finds no open weekly meeting any more.
        app.update(Action::MeetingLoaded(Cycle::Weekly, None));
        assert!(app.meeting.is_none());
        app.update(Action::Cancel);
        assert_eq!(app.mode, Mode::Tree);
        assert_eq!(
            app.home,
            Mode::Tree,
            "a report form returns to the tree again"
        );
    }

    #[test]
    fn indicators_screen_moves_within_the_table() {
        let mut app = app();
        assert!(app.update(Action::ShowIndicators).is_none());
        assert_eq!(app.mode, Mode::Indicators);
        app.update(Action::MoveUp);
        assert_eq!(app.indicator_cursor, 0);
        app.update(Action::End);
        assert_eq!(app.indicator_cursor, app.plan.indicators.len() - 1);
        app.update(Action::MoveDown);
        assert_eq!(app.indicator_cursor, app.plan.indicators.len() - 1);
        app.update(Action::Cancel);
        assert_eq!(app.mode, Mode::Tree);
    }

    #[test]
    fn measure_form_sends_only_what_changed_and_the_new_fields() {
        let mut app = app();
        select(&mut app, "A3-02");
        app.update(Action::OpenMeasureForm);
        let edit = app
            .form
            .as_ref()
            .unwrap()
            .measure_edit(Lang::Zh, today())
            .unwrap();
        // Untouched prefilled values are not sent: a default stays a default.
        assert_eq!(
            (edit.deadline, edit.status, edit.start, edit.cadence),
            (None, None, None, None)
        );
        while app.form.as_ref().map(|f| f.field) != Some(Field::Cadence) {
            app.update(Action::NextField);
        }
        app.update(Action::ChoiceNext);
        let form = app.form.as_mut().unwrap();
        form.co_units = "市资规局、市财政局".into();
        form.milestone = "2026-06-30：完成站点规划".into();
        form.start = "2026-01-01".into();
        let edit = form.measure_edit(Lang::Zh, today()).unwrap();
        assert_eq!(edit.cadence, Some(Cycle::Quarterly));
        assert_eq!(edit.add_co, vec!["市资规局", "市财政局"]);
        assert!(edit.remove_co.is_empty());
        assert_eq!(
            edit.add_milestones,
            vec![(
                NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
                "完成站点规划".to_string()
            )]
        );
        assert_eq!(edit.start, NaiveDate::from_ymd_opt(2026, 1, 1));
        form.milestone = "六月底".into();
        assert!(form.measure_edit(Lang::Zh, today()).is_err());
        form.milestone.clear();
        // 已销号 brings the closure fields, dated today unless given.
        form.status = Some(Status::Closed);
        assert_eq!(form.fields(), &Field::MEASURE_CLOSING);
        form.approved_by = "专班办公室".into();
        form.basis = "验收意见".into();
        let edit = form.measure_edit(Lang::Zh, today()).unwrap();
        assert_eq!(edit.approved_by.as_deref(), Some("专班办公室"));
        assert_eq!(edit.closed_on, Some(today()));
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
        app.indicator_cursor = 15;
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
        assert_eq!(app.mode, Mode::Indicators);
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
        assert_eq!(step(&Light::ALL, None, true), Some(Light::Green));
        assert_eq!(step(&Light::ALL, Some(Light::Red), true), None);
        assert_eq!(step(&Light::ALL, None, false), Some(Light::Red));
    }
}
