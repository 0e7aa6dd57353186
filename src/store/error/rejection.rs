//! A refusal of bad input, as data: the [`Rejection`] and the [`Field`] it is about. The
//! wording per language is in `zh.rs` and `en.rs`.

use chrono::NaiveDate;

use super::Naming;
use crate::model::{Cycle, Lang};

/// A field of a form, or the flag that sets it on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Owner,
    Lead,
    CoUnit,
    RemoveCoUnit,
    Liaison,
    Percent,
    Deadline,
    Start,
    Status,
    Progress,
    Problems,
    NextSteps,
    Support,
    Reason,
    Approver,
    Basis,
    ClosedOn,
    Milestone,
    Attendee,
    Measure,
    Meeting,
    Period,
    Issue,
    Place,
    Chair,
    Decision,
    Feedback,
    Note,
    Value,
    Year,
    Title,
    Evidence,
    DocNo,
    Name,
    Unit,
    Role,
    Phone,
    Message,
    Since,
    Author,
    FullName,
    /// A unit named on its own (roster add-unit, rename, remove).
    RosterUnit,
    Present,
    Observer,
    Distribution,
    Copies,
    Id,
    /// The day a report came in (补报 when after its period).
    ReportedOn,
}

impl Field {
    /// The command-line flag that sets this field.
    pub fn flag(self) -> &'static str {
        match self {
            Field::Owner => "--owner",
            Field::Lead => "--lead",
            Field::CoUnit => "--co",
            Field::RemoveCoUnit => "--remove-co",
            Field::Liaison => "--liaison",
            Field::Percent => "--percent",
            Field::Deadline => "--deadline",
            Field::Start => "--start",
            Field::Status => "--status",
            Field::Progress => "--progress",
            Field::Problems => "--problems",
            Field::NextSteps => "--next",
            Field::Support => "--support",
            Field::Reason => "--reason",
            Field::Approver => "--approver",
            Field::Basis => "--basis",
            Field::ClosedOn => "--closed-on",
            Field::Milestone => "--milestone",
            Field::Attendee => "--attendee",
            Field::Measure => "--measure",
            Field::Meeting => "--meeting",
            Field::Period => "--period",
            Field::Issue => "--issue",
            Field::Place => "--place",
            Field::Chair => "--chair",
            Field::Decision => "--text",
            Field::Feedback => "--feedback",
            Field::Note => "--note",
            Field::Value => "--value",
            Field::Year => "--year",
            Field::Title => "--title",
            Field::Evidence => "--evidence",
            Field::DocNo => "--doc-no",
            Field::Name => "--name",
            Field::Unit => "--unit",
            Field::Role => "--role",
            Field::Phone => "--phone",
            Field::Message => "-m",
            Field::Since => "--since",
            Field::Author => "--author",
            Field::FullName => "--full-name",
            Field::RosterUnit => "NAME",
            Field::Present => "--present",
            Field::Observer => "--observer",
            Field::Distribution => "--to",
            Field::Copies => "--cc",
            Field::Id => "ID",
            Field::ReportedOn => "--reported-on",
        }
    }

    /// The field's label in a form.
    pub fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Field::Owner => ("责任人", "owner"),
            Field::Lead => ("牵头单位", "lead unit"),
            Field::CoUnit => ("配合单位", "co-unit"),
            Field::RemoveCoUnit => ("配合单位", "co-unit"),
            Field::Liaison => ("联络员", "liaison"),
            Field::Percent => ("完成比例", "percent done"),
            Field::Deadline => ("完成时限", "deadline"),
            Field::Start => ("开始日期", "start date"),
            Field::Status => ("状态", "status"),
            Field::Progress => ("进展", "progress"),
            Field::Problems => ("问题", "problems"),
            Field::NextSteps => ("下一步", "next steps"),
            Field::Support => ("需协调", "support needed"),
            Field::Reason => ("理由", "reason"),
            Field::Approver => ("审批人", "approver"),
            Field::Basis => ("依据", "basis"),
            Field::ClosedOn => ("销号日期", "closing date"),
            Field::Milestone => ("节点", "milestone"),
            Field::Attendee => ("参会单位", "attending unit"),
            Field::Measure => ("关联举措", "measure"),
            Field::Meeting => ("会议", "meeting"),
            Field::Period => ("期次", "period"),
            Field::Issue => ("期号", "issue number"),
            Field::Place => ("地点", "place"),
            Field::Chair => ("主持人", "chair"),
            Field::Decision => ("议定事项", "decision"),
            Field::Feedback => ("落实情况", "feedback"),
            Field::Note => ("说明", "note"),
            Field::Value => ("数值", "value"),
            Field::Year => ("年份", "year"),
            Field::Title => ("名称", "title"),
            Field::Evidence => ("佐证材料", "evidence"),
            Field::DocNo => ("文号", "document number"),
            Field::Name => ("姓名", "name"),
            Field::Unit => ("单位", "unit"),
            Field::Role => ("职务", "post"),
            Field::Phone => ("电话", "phone"),
            Field::Message => ("说明", "message"),
            Field::Since => ("起点", "since"),
            Field::Author => ("提交人", "committer"),
            Field::FullName => ("全称", "full name"),
            Field::RosterUnit => ("单位名称", "unit name"),
            Field::Present => ("出席", "present"),
            Field::Observer => ("列席", "observers"),
            Field::Distribution => ("主送", "to"),
            Field::Copies => ("抄送", "copies"),
            Field::Id => ("编号", "id"),
            Field::ReportedOn => ("报送日期", "report date"),
        };
        lang.pick(zh, en)
    }

    pub(super) fn named(self, lang: Lang, naming: Naming) -> &'static str {
        match (naming, self) {
            // Positional arguments have no flag to name.
            (Naming::Flags, Field::RosterUnit | Field::Id) | (Naming::Labels, _) => {
                self.label(lang)
            }
            (Naming::Flags, _) => self.flag(),
        }
    }
}

/// What a required field is needed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// 销号 of a measure or an item.
    Closing,
    /// A light set by hand.
    Override,
    /// A year's target set by the taskforce.
    Target,
    /// A landmark achievement.
    Landmark,
}

/// The date a given date was compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    Start,
    Deadline,
    Meeting,
}

/// What was to be done with a milestone that does not exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MilestoneAction {
    Remove,
    MarkDone,
}

/// Bad input, refused before anything is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    /// A name that is not a person of the roster.
    UnknownPerson {
        field: Field,
        name: String,
        known: Vec<String>,
    },
    /// A name that is not a unit of the roster.
    UnknownUnit { field: Field, name: String },
    /// A number outside `min..=max`.
    OutOfRange {
        field: Field,
        value: i64,
        min: i64,
        max: Option<i64>,
    },
    /// Not a number where one is needed.
    NotANumber { field: Field, value: String },
    /// A control, direction or invisible character (`at` counts characters from 1).
    BadCharacter {
        field: Field,
        code: u32,
        at: usize,
        control: bool,
    },
    /// A text that must not be empty.
    Empty { field: Field },
    /// A name that must be one line and not empty.
    NotOneLine { field: Field },
    /// A committer name (or e-mail) with a control, direction or invisible character.
    BadCommitter { email: bool, code: u32, at: usize },
    /// A malformed date in an environment variable (`GIT_COMMITTER_DATE`).
    BadEnvDate { var: String, value: String },
    /// A field needed for `purpose` is missing.
    Required { field: Field, purpose: Purpose },
    /// Approver, basis or closing date given without closing.
    OnlyWhenClosing,
    /// A date before the `of` date `limit`.
    DateBefore {
        field: Field,
        date: NaiveDate,
        limit: NaiveDate,
        of: Limit,
    },
    /// A date after the `of` date `limit`.
    DateAfter {
        field: Field,
        date: NaiveDate,
        limit: NaiveDate,
        of: Limit,
    },
    /// A period or year outside the plan's time.
    OutsidePlan {
        field: Field,
        value: String,
        start: NaiveDate,
        end: NaiveDate,
    },
    /// A period of another cycle than the ones allowed.
    WrongCycle {
        field: Field,
        period: String,
        allowed: Vec<Cycle>,
    },
    /// Not a date, or not a revision where one is allowed.
    BadDate { field: Field, value: String },
    /// A malformed id.
    BadId { value: String },
    /// A measure id that names no measure.
    NoSuchMeasure { field: Field, id: String },
    /// No meeting (of `kind`, when given) is open.
    NoMeetingOpen { kind: Option<Cycle> },
    /// Several meetings are open and none was named.
    ManyMeetingsOpen { ids: Vec<String> },
    /// The meeting is closed; its decisions and minutes are final.
    MeetingClosed { id: String },
    /// A meeting of this period exists already.
    MeetingExists { id: String },
    /// Another meeting is still open.
    MeetingStillOpen { id: String },
    /// No meeting has been held.
    NoMeetingHeld,
    /// A closed meeting's tag is missing.
    MeetingTagMissing { id: String, tag: String },
    /// The issue number is taken in that year.
    IssueTaken {
        issue: u32,
        year: i32,
        meeting: String,
    },
    /// One measure twice in one batch of reports.
    ReportedTwice { id: String },
    /// A report on a closed measure tried to change its status.
    ReportOnClosed,
    /// A report tried to close (销号) its measure.
    ClosingInReport,
    /// A report dated after today.
    ReportedInFuture { date: NaiveDate, today: NaiveDate },
    /// A report dated before the period it reports on began.
    ReportedBeforePeriod {
        date: NaiveDate,
        period: String,
        first: NaiveDate,
    },
    /// A co-unit to remove that is not one.
    NotACoUnit {
        unit: String,
        id: String,
        now: Vec<String>,
    },
    /// A co-unit that is the lead unit.
    CoUnitIsLead { unit: String },
    /// No milestone due that day.
    NoMilestone {
        id: String,
        due: NaiveDate,
        known: Vec<NaiveDate>,
        action: MilestoneAction,
    },
    /// A milestone outside the measure's time.
    MilestoneOutside {
        id: String,
        due: NaiveDate,
        start: NaiveDate,
        deadline: NaiveDate,
    },
    /// A milestone due that day exists already.
    MilestoneTaken { id: String, due: NaiveDate },
    /// The plan sets this year's target already.
    TargetInPlan {
        indicator: String,
        year: i32,
        text: String,
    },
    /// A target that cannot be read.
    BadTarget { value: String },
    /// 完成下达指标 needs the assigned figure.
    TargetNeedsFigure { value: String },
    /// No suggested target: a neighbouring year has no figure.
    NoSuggestion { indicator: String, year: i32 },
    /// The taskforce set this year's target already.
    TargetAlreadySet {
        indicator: String,
        year: i32,
        target: String,
        basis: String,
        suggested: String,
    },
    /// At most `max` landmark achievements a year.
    TooManyLandmarks { year: i32, count: usize, max: usize },
    /// The unit is in the roster already.
    UnitExists { name: String },
    /// Renaming onto a unit that exists.
    UnitNameTaken { old: String, new: String },
    /// A unit still referenced (each reference described in both languages).
    UnitReferenced {
        name: String,
        zh: Vec<String>,
        en: Vec<String>,
    },
    /// A file changed again after the commit to revert.
    ChangedLater { commit: String, path: String },
    /// The plan changed between preview and commit.
    ChangedSincePreview,
    /// No commit of that id (or tag) in the history.
    NoSuchChange { rev: String },
    /// The first commit, or a merge: there is no one change to revert.
    NotRevertible { commit: String },
}

pub(super) fn list(items: &[String], lang: Lang) -> String {
    if items.is_empty() {
        lang.pick("无", "none").to_string()
    } else {
        items.join(lang.pick("、", ", "))
    }
}

pub(super) fn cycle_word(c: Cycle, lang: Lang) -> &'static str {
    match c {
        Cycle::Weekly => lang.pick("周次（如 2026-W48）", "weekly"),
        Cycle::Monthly => lang.pick("月份（如 2026-11）", "monthly"),
        Cycle::Quarterly => lang.pick("季度（如 2026-Q4）", "quarterly"),
    }
}

pub(super) fn limit_word(l: Limit, lang: Lang) -> &'static str {
    match l {
        Limit::Start => lang.pick("开始日期", "the start"),
        Limit::Deadline => lang.pick("完成时限", "the deadline"),
        Limit::Meeting => lang.pick("会议日期", "the meeting"),
    }
}

pub(super) fn purpose_word(p: Purpose, lang: Lang) -> &'static str {
    match p {
        Purpose::Closing => lang.pick("销号", "closing"),
        Purpose::Override => lang.pick("手工设定亮灯", "setting the light by hand"),
        Purpose::Target => lang.pick("设定目标", "setting a target"),
        Purpose::Landmark => lang.pick("标志性成果", "a landmark achievement"),
    }
}

impl Rejection {
    /// The refusal in `lang`, naming fields as `naming` says.
    pub fn words(&self, lang: Lang, naming: Naming) -> String {
        match lang {
            Lang::Zh => self.zh(naming),
            Lang::En => self.en(naming),
        }
    }
}

/// Checks a value given on the command line or in a form: NFC, no control characters.
pub fn clean(field: Field, text: &str) -> Result<String, Rejection> {
    super::super::codec::check_chars(text).map_err(|(at, c)| Rejection::BadCharacter {
        field,
        code: c as u32,
        at,
        control: c.is_control(),
    })
}
