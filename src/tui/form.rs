//! The forms: the report, measure, item, decision and meeting forms on one field type, their
//! text editing (caret, words, undo) and the edits they produce. Pure, like `app`.

use chrono::NaiveDate;

use crate::model::{
    ActionItem, Cycle, Id, ItemStatus, Lang, Light, LightOverride, Measure, Meeting, Report, Status,
};
use crate::store::{Decision, ItemEdit, MeasureEdit, NewMeeting, ReportEdit};

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
    pub(crate) undo: Vec<(Field, String, usize)>,
    /// What the last edit was, so a run of typing or deleting is undone at once.
    pub(crate) last_edit: Option<(Field, EditKind)>,
    /// Esc was pressed once on a changed form: a second Esc discards it.
    pub discard_asked: bool,
}

/// The kinds of edit that group into one undo step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EditKind {
    Typing,
    Deleting,
    Other,
}

/// Word classes for word motions: spaces and punctuation, Latin letters and digits, the rest
/// (Chinese runs up to punctuation).
pub(crate) fn word_class(c: char) -> u8 {
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
    pub(crate) fn new(id: Id, cycle: Cycle, report: Option<&Report>) -> Form {
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

    pub(crate) fn for_measure(m: &Measure) -> Form {
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
    pub(crate) fn for_item(item: &ActionItem, kind: Cycle) -> Form {
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
    pub(crate) fn for_decision(meeting: &Meeting, measure: Option<&Id>) -> Form {
        let mut form = Form::new(meeting.id.clone(), meeting.kind, None);
        form.kind = FormKind::Decision;
        form.measure_ref = measure.map(|m| m.to_string()).unwrap_or_default();
        form.focus(Field::Text);
        form
    }

    /// A new meeting of `kind`, held today at 09:00 unless changed.
    /// (The id is the one a meeting of `kind` held today would get; the store decides the
    /// real one from the time entered.)
    pub(crate) fn for_meeting(kind: Cycle, today: NaiveDate) -> Result<Form, String> {
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
    pub(crate) fn focus(&mut self, field: Field) {
        self.field = field;
        self.cursor = self.text(field).chars().count();
    }

    /// Byte offset of the cursor in the current field's text.
    pub(crate) fn cursor_byte(&self) -> usize {
        let text = self.text(self.field);
        text.char_indices()
            .nth(self.cursor)
            .map_or(text.len(), |(i, _)| i)
    }

    /// Remembers the current text before an edit of `kind`.
    pub(crate) fn remember(&mut self, kind: EditKind) {
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
    pub(crate) fn undo(&mut self) -> bool {
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
    pub(crate) fn word_left_of(&self) -> usize {
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
    pub(crate) fn word_right_of(&self) -> usize {
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

    pub(crate) fn delete_after_cursor(&mut self) {
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

    pub(crate) fn delete_word_before(&mut self) {
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

    pub(crate) fn insert(&mut self, c: char) {
        self.remember(EditKind::Typing);
        let at = self.cursor_byte();
        if let Some(text) = self.text_mut(self.field) {
            text.insert(at, c);
            self.cursor += 1;
            self.touched = true;
        }
    }

    pub(crate) fn delete_before_cursor(&mut self) {
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

    pub(crate) fn fill(&mut self, report: Option<&Report>) {
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

    pub(crate) fn text_mut(&mut self, field: Field) -> Option<&mut String> {
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
