//! The store's errors: what failed, as data. A refusal of bad input is a [`Rejection`] naming
//! the [`Field`] it is about; each front end words it in the UI language, the CLI naming the
//! flag and the TUI the form field ([`Naming`]). The word tables are exhaustive matches, so a
//! new variant cannot ship untranslated or in one language only.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::codec::Problem;
use crate::model::{Cycle, Id, Lang};

/// Everything that can go wrong in the store; each variant names what failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("git: {0}")]
    Git(#[from] git2::Error),
    #[error("{0} is not a taskforce plan repository (no plan.ron at the top of a git work tree)")]
    NotAPlan(PathBuf),
    #[error("{0} exists and is not empty; choose a new folder")]
    NotEmpty(PathBuf),
    #[error("the plan has {} problem(s):\n{}", .0.len(), .0.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Problem>),
    #[error("no action, measure or indicator with id {0}")]
    NotFound(Id),
    /// Bad input, as data; see [`Rejection`].
    #[error("{}", .0.words(Lang::En, Naming::Flags))]
    Rejected(Rejection),
    /// A condition of the repository or the machine (read-only, full disk, a file edited by
    /// hand), already written in the store's language.
    #[error("{0}")]
    Refused(String),
    #[error(
        "no git identity: set one with `git config --global user.name NAME` and `git config --global user.email MAIL`, or pass --author \"Name <mail>\""
    )]
    NoIdentity,
    #[error("{0}")]
    Locked(String),
    /// A message written in both languages; `Display` gives the Chinese text.
    #[error("{zh}")]
    Said { zh: String, en: String },
}

impl From<Rejection> for Error {
    fn from(r: Rejection) -> Error {
        Error::Rejected(r)
    }
}

/// How a front end names a field: the CLI by its flag, the TUI by the form's label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Naming {
    Flags,
    Labels,
}

impl Error {
    /// The message in `lang` for the command line (fields named by their flags).
    pub fn text(&self, lang: Lang) -> String {
        self.words(lang, Naming::Flags)
    }

    /// The message in `lang` for the TUI (fields named as the forms label them).
    pub fn for_tui(&self, lang: Lang) -> String {
        self.words(lang, Naming::Labels)
    }

    /// The message in `lang`, naming fields as `naming` says.
    pub fn words(&self, lang: Lang, naming: Naming) -> String {
        let zh = lang == Lang::Zh;
        match self {
            Error::Io { path, source } => {
                let what = match (source.kind(), zh) {
                    (std::io::ErrorKind::NotFound, true) => "不存在".to_string(),
                    (std::io::ErrorKind::PermissionDenied, true) => "没有权限".to_string(),
                    (_, true) => format!("读写失败（{source}）"),
                    (_, false) => source.to_string(),
                };
                if naming == Naming::Labels {
                    if zh {
                        format!("文件{what}")
                    } else {
                        format!("a file: {what}")
                    }
                } else if zh {
                    format!("{}：{what}", path.display())
                } else {
                    format!("{}: {what}", path.display())
                }
            }
            Error::Git(e) => {
                if zh {
                    format!("git 出错：{}", e.message())
                } else {
                    format!("git: {}", e.message())
                }
            }
            Error::NotAPlan(p) => {
                if zh {
                    format!(
                        "{} 不是 taskforce 计划仓库（git 工作区顶层没有 plan.ron）",
                        p.display()
                    )
                } else {
                    self.to_string()
                }
            }
            Error::NotEmpty(p) => {
                if zh {
                    format!("{} 已存在且不为空；请换一个新文件夹", p.display())
                } else {
                    self.to_string()
                }
            }
            Error::Invalid(problems) => {
                let list = problems
                    .iter()
                    .map(|p| format!("  {p}"))
                    .collect::<Vec<_>>()
                    .join("\n");
                if zh {
                    format!("计划有 {} 处问题：\n{list}", problems.len())
                } else {
                    self.to_string()
                }
            }
            Error::NotFound(id) => {
                if zh {
                    format!("没有编号为 {id} 的任务、举措或指标")
                } else {
                    self.to_string()
                }
            }
            Error::Rejected(r) => r.words(lang, naming),
            Error::Refused(text) | Error::Locked(text) => text.clone(),
            Error::NoIdentity => match (zh, naming) {
                (true, Naming::Flags) => "没有 git 身份（提交人）：用 git config --global user.name 姓名 和 git config --global user.email 邮箱 设置，或加 --author \"姓名 <邮箱>\"".into(),
                (true, Naming::Labels) => "尚未设置提交人：请退出后在终端设置 git 的 user.name（姓名）和 user.email（邮箱），再重新打开；未写入任何内容".into(),
                (false, Naming::Flags) => self.to_string(),
                (false, Naming::Labels) => "no committer is set: quit, set git's user.name and user.email in a terminal, then open again; nothing was written".into(),
            },
            Error::Said { zh: z, en } => lang.pick(z, en).to_string(),
        }
    }
}

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
        };
        lang.pick(zh, en)
    }

    fn named(self, lang: Lang, naming: Naming) -> &'static str {
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
}

fn list(items: &[String], lang: Lang) -> String {
    if items.is_empty() {
        lang.pick("无", "none").to_string()
    } else {
        items.join(lang.pick("、", ", "))
    }
}

fn cycle_word(c: Cycle, lang: Lang) -> &'static str {
    match c {
        Cycle::Weekly => lang.pick("周次（如 2026-W48）", "weekly"),
        Cycle::Monthly => lang.pick("月份（如 2026-11）", "monthly"),
        Cycle::Quarterly => lang.pick("季度（如 2026-Q4）", "quarterly"),
    }
}

fn limit_word(l: Limit, lang: Lang) -> &'static str {
    match l {
        Limit::Start => lang.pick("开始日期", "the start"),
        Limit::Deadline => lang.pick("完成时限", "the deadline"),
        Limit::Meeting => lang.pick("会议日期", "the meeting"),
    }
}

fn purpose_word(p: Purpose, lang: Lang) -> &'static str {
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

    fn zh(&self, naming: Naming) -> String {
        let z = Lang::Zh;
        let n = |f: Field| f.named(z, naming);
        let cli = naming == Naming::Flags;
        match self {
            Rejection::UnknownPerson { field, name, known } => format!(
                "{} {name}：名册中没有此人（现有：{}；{}）",
                n(*field),
                list(known, z),
                if cli {
                    "先用 roster add-person 添加"
                } else {
                    "请先在名册中添加"
                },
            ),
            Rejection::UnknownUnit {
                field: Field::RosterUnit,
                name,
            } => format!("名册中没有单位 {name}"),
            Rejection::UnknownUnit { field, name } => {
                format!("{} {name}：名册中没有这个单位", n(*field))
            }
            Rejection::OutOfRange {
                field,
                value,
                min,
                max,
            } => match max {
                Some(max) => format!("{} {value}：应在 {min} 到 {max} 之间", n(*field)),
                None => format!("{} {value}：应不小于 {min}", n(*field)),
            },
            Rejection::NotANumber { field, value } => {
                format!("{} {value}：不是数字", n(*field))
            }
            Rejection::BadCharacter {
                field,
                code,
                at,
                control,
            } => format!(
                "{}第{at}个字符 U+{code:04X} 不允许（{}）",
                n(*field),
                if *control {
                    "控制字符"
                } else {
                    "方向控制或不可见字符"
                }
            ),
            Rejection::Empty { field } => format!("{}：不能为空", n(*field)),
            Rejection::NotOneLine { field } => format!("{}：为空或含换行", n(*field)),
            Rejection::BadCommitter { email, code, at } => format!(
                "提交人{}第{at}个字符 U+{code:04X} 不允许（控制字符、方向控制或不可见字符）；{}",
                if *email { "邮箱" } else { "姓名" },
                if cli {
                    "请用 --author \"姓名 <邮箱>\" 或 git config user.name 设置正常的名字"
                } else {
                    "请在终端用 git 设置正常的 user.name 和 user.email"
                }
            ),
            Rejection::BadEnvDate { var, value } => {
                format!("{var}={value:?}：应为 \"YYYY-MM-DD HH:MM:SS +ZZZZ\" 或 RFC 3339 格式")
            }
            Rejection::Required { field, purpose } => {
                if cli {
                    format!(
                        "{}须写明{}（{}）",
                        purpose_word(*purpose, z),
                        field.label(z),
                        field.flag()
                    )
                } else {
                    format!("{}须写明{}", purpose_word(*purpose, z), field.label(z))
                }
            }
            Rejection::OnlyWhenClosing => {
                let both = |f: Field| {
                    if cli {
                        format!("{}（{}）", f.label(z), f.flag())
                    } else {
                        f.label(z).to_string()
                    }
                };
                format!(
                    "{}、{}和{}只在状态调整为已销号时填写",
                    both(Field::Approver),
                    both(Field::Basis),
                    both(Field::ClosedOn)
                )
            }
            Rejection::DateBefore {
                field,
                date,
                limit,
                of,
            } => format!("{} {date}：早于{} {limit}", n(*field), limit_word(*of, z)),
            Rejection::DateAfter {
                field,
                date,
                limit,
                of,
            } => format!("{} {date}：晚于{} {limit}", n(*field), limit_word(*of, z)),
            Rejection::OutsidePlan {
                field,
                value,
                start,
                end,
            } => {
                format!("{} {value}：不在方案期限内（{start} 至 {end}）", n(*field))
            }
            Rejection::WrongCycle {
                field,
                period,
                allowed,
            } => format!(
                "{} {period}：应为{}",
                n(*field),
                allowed
                    .iter()
                    .map(|c| cycle_word(*c, z))
                    .collect::<Vec<_>>()
                    .join("或")
            ),
            Rejection::BadDate { field, value } => format!(
                "{} {value}：不是日期（YYYY-MM-DD）{}",
                n(*field),
                if *field == Field::Since {
                    "或已知的版本"
                } else {
                    ""
                }
            ),
            Rejection::BadId { value } => format!("{value}：不是有效的编号"),
            Rejection::NoSuchMeasure { field, id } => {
                format!("{} {id}：没有这项举措", n(*field))
            }
            Rejection::NoMeetingOpen { kind } => {
                let what = match kind {
                    Some(k) => crate::model::meeting_kind_label(*k, z),
                    None => "会议",
                };
                if cli {
                    format!("没有进行中的{what}：先用 taskforce meeting new 开会")
                } else {
                    format!("没有进行中的{what}：先开会（按 n）")
                }
            }
            Rejection::ManyMeetingsOpen { ids } => format!(
                "有 {} 个会议在进行（{}）：请用 {} 指明",
                ids.len(),
                list(ids, z),
                n(Field::Meeting)
            ),
            Rejection::MeetingClosed { id } => {
                format!("会议 {id} 已结束，议定事项和纪要不再更改")
            }
            Rejection::MeetingExists { id } => format!("会议 {id} 已存在"),
            Rejection::MeetingStillOpen { id } => format!("会议 {id} 还在进行：请先结束它"),
            Rejection::NoMeetingHeld => "还没有开过会".into(),
            Rejection::MeetingTagMissing { id, tag } => {
                format!("会议 {id} 已结束，但缺少其标记 {tag}")
            }
            Rejection::IssueTaken {
                issue,
                year,
                meeting,
            } => {
                format!(
                    "{} {issue}：{year}年第{issue}期已是会议 {meeting}",
                    n(Field::Issue)
                )
            }
            Rejection::ReportedTwice { id } => format!("{id}：同一批中报送了两次"),
            Rejection::ReportOnClosed => {
                "举措已销号，报送不能改变其状态；如需恢复，请单独调整状态".into()
            }
            Rejection::ClosingInReport => {
                "销号须经审核，不能随报送提交：请单独将状态调整为已销号，并写明审批人和销号依据"
                    .into()
            }
            Rejection::NotACoUnit { unit, id, now } => {
                format!("{unit} 不是{id}的配合单位（现有：{}）", list(now, z))
            }
            Rejection::CoUnitIsLead { unit } => format!("配合单位 {unit} 已是牵头单位"),
            Rejection::NoMilestone {
                id,
                due,
                known,
                action,
            } => format!(
                "{id}没有 {due} 的节点，无法{}（现有：{}）",
                match action {
                    MilestoneAction::Remove => "删除",
                    MilestoneAction::MarkDone => "标记完成",
                },
                list(&known.iter().map(|d| d.to_string()).collect::<Vec<_>>(), z)
            ),
            Rejection::MilestoneOutside {
                id,
                due,
                start,
                deadline,
            } => format!("节点日期 {due} 不在{id}的开始日期 {start} 与完成时限 {deadline} 之间"),
            Rejection::MilestoneTaken { id, due } => {
                format!("{id}已有 {due} 的节点；如需修改，请先删除该节点")
            }
            Rejection::TargetInPlan {
                indicator,
                year,
                text,
            } => format!(
                "方案已定{indicator}的{year}年目标（{text}），只能为方案未列目标或“完成下达指标”的年份设定"
            ),
            Rejection::BadTarget { value } => format!(
                "{} {value}：应为数字、≥N、N以上、保持N 或 完成下达指标",
                n(Field::Value)
            ),
            Rejection::TargetNeedsFigure { value } => {
                format!("{} {value}：请填上级下达的具体数值", n(Field::Value))
            }
            Rejection::NoSuggestion { indicator, year } => format!(
                "{indicator} {year}年无建议值：相邻年份的目标不全（“完成下达指标”须先录入下达数）"
            ),
            Rejection::TargetAlreadySet {
                indicator,
                year,
                target,
                basis,
                suggested,
            } => format!(
                "{indicator}的{year}年目标已由专班设定为{target}（{basis}）；如需改为建议值{suggested}，请重新设定目标"
            ),
            Rejection::TooManyLandmarks { year, count, max } => {
                format!("{year}年已有 {count} 项标志性成果；每年最多 {max} 项（请先删除一项）")
            }
            Rejection::UnitExists { name } => format!("名册中已有单位 {name}"),
            Rejection::UnitNameTaken { old, new } => {
                format!("名册中已有单位 {new}：不能把 {old} 改成已有的名称")
            }
            Rejection::UnitReferenced { name, zh, .. } => format!(
                "{name} 仍被引用{}处，未删除（先改牵头或配合单位，或给单位改名）：\n{}",
                zh.len(),
                zh.iter()
                    .map(|r| format!("  {r}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
            Rejection::ChangedLater { commit, path } => format!(
                "无法撤销 {commit}：{}之后又被修改过；请先撤销后来的修改",
                if cli { path.as_str() } else { "相关内容" }
            ),
            Rejection::ChangedSincePreview => "预览之后计划已有变化；请重新操作".into(),
        }
    }

    fn en(&self, naming: Naming) -> String {
        let e = Lang::En;
        let n = |f: Field| f.named(e, naming);
        let cli = naming == Naming::Flags;
        match self {
            Rejection::UnknownPerson { field, name, known } => format!(
                "{} {name}: not a person of the roster ({}; known: {})",
                n(*field),
                if cli { "add one with roster add-person" } else { "add them to the roster first" },
                list(known, e)
            ),
            Rejection::UnknownUnit {
                field: Field::RosterUnit,
                name,
            } => format!("{name} is not a unit of the roster"),
            Rejection::UnknownUnit { field, name } => {
                format!("{} {name}: not a unit of the roster", n(*field))
            }
            Rejection::OutOfRange { field, value, min, max } => match max {
                Some(max) => format!("{} {value}: must be {min} to {max}", n(*field)),
                None => format!("{} {value}: must be at least {min}", n(*field)),
            },
            Rejection::NotANumber { field, value } => {
                format!("{} {value}: not a number", n(*field))
            }
            Rejection::BadCharacter { field, code, at, control } => format!(
                "{}: {} U+{code:04X} at character {at} is not allowed",
                n(*field),
                if *control { "control character" } else { "invisible or direction character" }
            ),
            Rejection::Empty { field } => format!("{}: must not be empty", n(*field)),
            Rejection::NotOneLine { field } => {
                format!("{}: empty or has a line break", n(*field))
            }
            Rejection::BadCommitter { email, code, at } => format!(
                "the committer's {}: character U+{code:04X} at position {at} is not allowed (a control, direction or invisible character); {}",
                if *email { "e-mail" } else { "name" },
                if cli {
                    "set a plain one with --author \"Name <mail>\" or git config user.name"
                } else {
                    "set plain ones with git in a terminal"
                }
            ),
            Rejection::BadEnvDate { var, value } => format!(
                "{var}={value:?}: expected \"YYYY-MM-DD HH:MM:SS +ZZZZ\" or RFC 3339"
            ),
            Rejection::Required { field, purpose } => {
                if cli {
                    format!(
                        "{} needs the {} ({})",
                        purpose_word(*purpose, e),
                        field.label(e),
                        field.flag()
                    )
                } else {
                    format!("{} needs the {}", purpose_word(*purpose, e), field.label(e))
                }
            }
            Rejection::OnlyWhenClosing => format!(
                "{}, {} and {} go with closing only",
                n(Field::Approver),
                n(Field::Basis),
                n(Field::ClosedOn)
            ),
            Rejection::DateBefore { field, date, limit, of } => format!(
                "{} {date}: before {} {limit}",
                n(*field),
                limit_word(*of, e)
            ),
            Rejection::DateAfter { field, date, limit, of } => format!(
                "{} {date}: after {} {limit}",
                n(*field),
                limit_word(*of, e)
            ),
            Rejection::OutsidePlan { field, value, start, end } => {
                format!("{} {value}: outside the plan ({start} to {end})", n(*field))
            }
            Rejection::WrongCycle { field, period, allowed } => format!(
                "{} {period}: not a {} period",
                n(*field),
                allowed
                    .iter()
                    .map(|c| cycle_word(*c, e))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
            Rejection::BadDate { field, value } => format!(
                "{} {value}: not a date (YYYY-MM-DD){}",
                n(*field),
                if *field == Field::Since { " or a known revision" } else { "" }
            ),
            Rejection::BadId { value } => format!("{value}: not a valid id"),
            Rejection::NoSuchMeasure { field, id } => {
                format!("{} {id}: no such measure", n(*field))
            }
            Rejection::NoMeetingOpen { kind } => {
                let what = match kind {
                    Some(k) => crate::model::meeting_kind_label(*k, e),
                    None => "meeting",
                };
                if cli {
                    format!(
                        "no {what} is open: start one with taskforce meeting new weekly|monthly|quarterly"
                    )
                } else {
                    format!("no {what} is open: start one first (press n)")
                }
            }
            Rejection::ManyMeetingsOpen { ids } => format!(
                "{} meetings are open ({}): say which with {}",
                ids.len(),
                list(ids, e),
                n(Field::Meeting)
            ),
            Rejection::MeetingClosed { id } => {
                format!("meeting {id} is closed; its decisions and minutes are final")
            }
            Rejection::MeetingExists { id } => format!("meeting {id} exists already"),
            Rejection::MeetingStillOpen { id } => {
                format!("meeting {id} is still open: close it first")
            }
            Rejection::NoMeetingHeld => "no meeting has been held yet".into(),
            Rejection::MeetingTagMissing { id, tag } => {
                format!("meeting {id} is closed but its tag {tag} is missing")
            }
            Rejection::IssueTaken { issue, year, meeting } => format!(
                "{} {issue}: issue {issue} of {year} is meeting {meeting} already",
                n(Field::Issue)
            ),
            Rejection::ReportedTwice { id } => format!("{id}: reported twice in one batch"),
            Rejection::ReportOnClosed => {
                "the measure is closed; a report cannot change its status: reopen it first".into()
            }
            Rejection::ClosingInReport => {
                "closing needs approval and is not part of a report: change the status on its own, with the approver and basis".into()
            }
            Rejection::NotACoUnit { unit, id, now } => {
                format!("{unit}: not a co-unit of {id} (now: {})", list(now, e))
            }
            Rejection::CoUnitIsLead { unit } => format!("co-unit {unit}: it is the lead unit"),
            Rejection::NoMilestone { id, due, known, action } => format!(
                "{id} has no milestone due {due} to {} (now: {})",
                match action {
                    MilestoneAction::Remove => "remove",
                    MilestoneAction::MarkDone => "mark done",
                },
                list(&known.iter().map(|d| d.to_string()).collect::<Vec<_>>(), e)
            ),
            Rejection::MilestoneOutside { id, due, start, deadline } => {
                format!("milestone {due}: outside {id}'s start {start} and deadline {deadline}")
            }
            Rejection::MilestoneTaken { id, due } => {
                format!("milestone {due}: {id} already has a milestone due then; remove it first")
            }
            Rejection::TargetInPlan { indicator, year, text } => format!(
                "the plan sets {indicator}'s target for {year} ({text}); only a year without one, or an assigned-figure cell, can be set"
            ),
            Rejection::BadTarget { value } => format!(
                "{} {value}: expected a number, ≥N, N or more, keep N, or the assigned figure",
                n(Field::Value)
            ),
            Rejection::TargetNeedsFigure { value } => {
                format!("{} {value}: give the figure that was assigned", n(Field::Value))
            }
            Rejection::NoSuggestion { indicator, year } => format!(
                "{indicator} has no suggested target for {year}: a neighbouring year has no figure (enter the assigned figure first)"
            ),
            Rejection::TargetAlreadySet { indicator, year, target, basis, suggested } => format!(
                "{indicator}'s {year} target is already set to {target} ({basis}); to use the suggestion {suggested}, set the target again"
            ),
            Rejection::TooManyLandmarks { year, count, max } => format!(
                "{year} has {count} landmark achievements already; at most {max} a year (remove one first)"
            ),
            Rejection::UnitExists { name } => format!("{name} is already in the roster"),
            Rejection::UnitNameTaken { old, new } => {
                format!("{new} is already in the roster: {old} cannot take its name")
            }
            Rejection::UnitReferenced { name, en, .. } => format!(
                "{name} is still referenced {} time(s); not removed (change those leads or co-units first, or rename the unit):\n{}",
                en.len(),
                en.iter().map(|r| format!("  {r}")).collect::<Vec<_>>().join("\n")
            ),
            Rejection::ChangedLater { commit, path } => format!(
                "cannot revert {commit}: {} was changed again later; revert that change first",
                if cli { path.as_str() } else { "what it changed" }
            ),
            Rejection::ChangedSincePreview => {
                "the plan changed since the preview; do it again".into()
            }
        }
    }
}

/// Checks a value given on the command line or in a form: NFC, no control characters.
pub fn clean(field: Field, text: &str) -> Result<String, Rejection> {
    super::codec::check_chars(text).map_err(|(at, c)| Rejection::BadCharacter {
        field,
        code: c as u32,
        at,
        control: c.is_control(),
    })
}

#[cfg(test)]
#[path = "error_tests.rs"]
mod tests;
