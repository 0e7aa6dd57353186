//! What `check` finds wrong in a plan file, as data: a [`Finding`] names the problem and carries
//! its values; the words are chosen per language here, in exhaustive matches, so a new finding
//! cannot ship in one language only. The English words are the stable ones scripts read
//! (`check --json` and the problem's `message`).

use std::borrow::Cow;
use std::io::ErrorKind;

use serde::{Deserialize, Serialize};

use crate::model::{Cycle, Lang, Parsed, SCHEMA};

/// One problem of a plan file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Finding {
    /// The file could not be read (`text`: the system's words).
    CannotRead {
        #[serde(with = "error_kind")]
        kind: ErrorKind,
        text: String,
    },
    /// CRLF line ends: read as LF, a style problem.
    CrlfLineEnds,
    /// A folder where only files belong.
    UnexpectedFolder,
    /// A file that is not `NAME.ron`.
    NotRonFile,
    /// A file where only folders belong.
    ExpectedFolder,
    /// A file name that is not a safe id (`text`: why, in English).
    UnsafeFileName(String),
    /// A folder name that is not a safe id (`text`: why, in English).
    UnsafeFolderName(String),
    /// A symbolic link: never followed.
    Link,
    /// Not a regular file or folder.
    SpecialFile,
    /// Larger than a plan file may be.
    TooLarge {
        bytes: usize,
        max: usize,
    },
    NotUtf8,
    /// A control or invisible character, written raw or as an escape.
    BadCharacter {
        code: u32,
        control: bool,
        escaped: bool,
    },
    /// `#![enable(...)]` at the top of a file.
    ExtensionAttributes,
    /// The RON parser's complaint.
    Syntax(Syntax),
    /// A file that does not parse as the object its path names.
    NotAPlanObject,
    SchemaUnsupported(u64),
    IdMismatch(String),
    DuplicateId {
        id: String,
        first: String,
    },
    /// A reference to an object that does not exist.
    Dangling {
        what: Referent,
        id: String,
    },
    UnitNotInRoster(String),
    OwnerNotInRoster(String),
    /// A unit named twice in the roster.
    UnitTwice(String),
    /// A person of the roster whose unit is not in it.
    PersonUnitUnknown {
        person: String,
        unit: String,
    },
    PlanEndsBeforeStart,
    /// A measure in another action's folder.
    MeasureMisfiled {
        id: String,
        folder: String,
    },
    /// A measure whose `action` is not the one its id names.
    MeasureActionMismatch {
        id: String,
        action: String,
    },
    /// Two dates of a measure in the wrong order.
    DateOrder {
        rule: DateRule,
        before: chrono::NaiveDate,
        after: chrono::NaiveDate,
    },
    OverrideNeedsReason,
    /// A light override of 未报, which is computed, never set.
    OverrideUnreported,
    ClosedWithoutClosure,
    ClosureIncomplete,
    ClosureNotClosed,
    /// A printed value of an indicator that does not read as its parsed form.
    PrintedMismatch {
        text: String,
        parsed: ParsedText,
    },
    ObservationMisfiled,
    ValueNotANumber,
    TargetMisfiled,
    TargetMismatch {
        text: String,
        parsed: ParsedText,
    },
    /// A taskforce target for a year the plan itself sets.
    TargetInPlan {
        indicator: String,
        year: i32,
    },
    TargetNeedsBasis,
    LandmarkMisfiled {
        year: i32,
        folder: String,
    },
    TooManyLandmarks {
        year: i32,
        count: usize,
    },
    MeetingKindMismatch,
    ItemMisfiled {
        meeting: String,
        folder: String,
    },
    ReportMisfiled {
        item: String,
        period: String,
    },
    ReportItemMismatch,
    ReportPeriodMismatch,
    NotAPeriodFolder(Cycle),
    PercentOver(u8),
    /// A report of 未报, which is computed, never reported.
    ReportedUnreported,
    ReportedBeforePeriod {
        on: chrono::NaiveDate,
        period: String,
    },
}

/// An [`ErrorKind`] by name (the plan cache keeps findings): the kinds a read of a plan file
/// can end with; any other is kept as `Other`.
mod error_kind {
    use std::io::ErrorKind;

    use serde::{Deserialize as _, Deserializer, Serializer};

    const KINDS: [(ErrorKind, &str); 12] = [
        (ErrorKind::NotFound, "NotFound"),
        (ErrorKind::PermissionDenied, "PermissionDenied"),
        (ErrorKind::InvalidInput, "InvalidInput"),
        (ErrorKind::InvalidData, "InvalidData"),
        (ErrorKind::IsADirectory, "IsADirectory"),
        (ErrorKind::NotADirectory, "NotADirectory"),
        (ErrorKind::UnexpectedEof, "UnexpectedEof"),
        (ErrorKind::Interrupted, "Interrupted"),
        (ErrorKind::OutOfMemory, "OutOfMemory"),
        (ErrorKind::Unsupported, "Unsupported"),
        (ErrorKind::TimedOut, "TimedOut"),
        (ErrorKind::Other, "Other"),
    ];

    pub fn serialize<S: Serializer>(kind: &ErrorKind, s: S) -> Result<S::Ok, S::Error> {
        let name = KINDS
            .iter()
            .find(|(k, _)| k == kind)
            .map_or("Other", |(_, n)| n);
        s.serialize_str(name)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<ErrorKind, D::Error> {
        let name = String::deserialize(d)?;
        Ok(KINDS
            .iter()
            .find(|(_, n)| *n == name)
            .map_or(ErrorKind::Other, |(k, _)| *k))
    }
}

/// What a dangling reference points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Referent {
    Action,
    Measure,
    Indicator,
    Meeting,
}

/// Which two dates are out of order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DateRule {
    DeadlineBeforeStart,
    MilestoneBeforeStart,
}

/// A parsed form of a printed value, as each language shows it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ParsedText {
    en: String,
    zh: String,
}

impl From<Parsed> for ParsedText {
    fn from(p: Parsed) -> ParsedText {
        let n = |x: f64| crate::meeting::quarterly::number_text(x);
        let zh = match p {
            Parsed::Missing => "空".to_string(),
            Parsed::Exactly(x) => format!("等于 {}", n(x)),
            Parsed::AtLeast(x) => format!("不低于 {}", n(x)),
            Parsed::Above(x) => format!("高于 {}", n(x)),
            Parsed::Maintain(x) => format!("保持 {}", n(x)),
            Parsed::Assigned => "完成下达指标".to_string(),
        };
        ParsedText {
            en: format!("{p:?}"),
            zh,
        }
    }
}

/// A complaint of the RON parser: its kind, and its own (English) words.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Syntax {
    kind: SyntaxKind,
    text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
enum SyntaxKind {
    MissingField(String),
    UnknownField(String),
    DuplicateField(String),
    UnknownVariant(String),
    WrongValue,
    Expected(Cow<'static, str>),
    Eof,
    Trailing,
    /// A value the model refused (an id, a period, a date).
    BadValue,
    Other,
}

impl From<&ron::error::Error> for Syntax {
    fn from(e: &ron::error::Error) -> Syntax {
        use ron::error::Error as E;
        let kind = match e {
            E::MissingStructField { field, .. } => SyntaxKind::MissingField(field.to_string()),
            E::NoSuchStructField { found, .. } => SyntaxKind::UnknownField(found.clone()),
            E::DuplicateStructField { field, .. } => SyntaxKind::DuplicateField(field.to_string()),
            E::NoSuchEnumVariant { found, .. } => SyntaxKind::UnknownVariant(found.clone()),
            E::InvalidValueForType { .. } | E::ExpectedDifferentLength { .. } => {
                SyntaxKind::WrongValue
            }
            E::Eof => SyntaxKind::Eof,
            E::TrailingCharacters => SyntaxKind::Trailing,
            E::Message(_) => SyntaxKind::BadValue,
            E::ExpectedComma => SyntaxKind::Expected(Cow::Borrowed("逗号“,”")),
            E::ExpectedArray => SyntaxKind::Expected(Cow::Borrowed("“[”")),
            E::ExpectedArrayEnd => SyntaxKind::Expected(Cow::Borrowed("“]”")),
            E::ExpectedMapColon => SyntaxKind::Expected(Cow::Borrowed("冒号“:”")),
            E::ExpectedMap => SyntaxKind::Expected(Cow::Borrowed("“{”")),
            E::ExpectedMapEnd => SyntaxKind::Expected(Cow::Borrowed("“}”")),
            E::ExpectedStructLike | E::ExpectedNamedStructLike(_) => {
                SyntaxKind::Expected(Cow::Borrowed("“(”"))
            }
            E::ExpectedStructLikeEnd => SyntaxKind::Expected(Cow::Borrowed("“)”")),
            E::ExpectedString => SyntaxKind::Expected(Cow::Borrowed("字符串")),
            E::ExpectedStringEnd => SyntaxKind::Expected(Cow::Borrowed("字符串结尾的引号")),
            E::ExpectedInteger => SyntaxKind::Expected(Cow::Borrowed("整数")),
            E::ExpectedFloat => SyntaxKind::Expected(Cow::Borrowed("数字")),
            E::ExpectedBoolean => SyntaxKind::Expected(Cow::Borrowed("true 或 false")),
            E::ExpectedOption | E::ExpectedOptionEnd => {
                SyntaxKind::Expected(Cow::Borrowed("Some(…) 或 None"))
            }
            E::ExpectedIdentifier => SyntaxKind::Expected(Cow::Borrowed("名称")),
            _ => SyntaxKind::Other,
        };
        Syntax {
            kind,
            text: e.to_string(),
        }
    }
}

impl Finding {
    /// The problem in `lang`.
    pub fn words(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => self.zh(),
            Lang::En => self.en(),
        }
    }

    fn zh(&self) -> String {
        match self {
            Finding::CannotRead { kind, .. } => match kind {
                ErrorKind::NotFound => "无法读取：文件不存在".into(),
                ErrorKind::PermissionDenied => "无法读取：没有权限".into(),
                _ => "无法读取".into(),
            },
            Finding::CrlfLineEnds => {
                "行尾为 CRLF（格式问题：按 LF 读取；taskforce fmt 会改写该文件）".into()
            }
            Finding::UnexpectedFolder => "此处不应有文件夹".into(),
            Finding::NotRonFile => "此处不应有该文件（应为“编号.ron”）".into(),
            Finding::ExpectedFolder => "此处不应有文件（应为文件夹）".into(),
            Finding::UnsafeFileName(_) => {
                "文件名不是有效的编号（只能用英文字母、数字、“-”和“.”）".into()
            }
            Finding::UnsafeFolderName(_) => {
                "文件夹名不是有效的编号（只能用英文字母、数字、“-”和“.”）".into()
            }
            Finding::Link => {
                "这是一个符号链接：taskforce 从不跟随计划中的链接（请换成文件或文件夹本身）".into()
            }
            Finding::SpecialFile => "不是普通文件或文件夹".into(),
            Finding::TooLarge { bytes, max } => {
                format!("文件有 {bytes} 字节；计划文件最多 {max} 字节")
            }
            Finding::NotUtf8 => "文件不是有效的 UTF-8 文本".into(),
            Finding::BadCharacter {
                code,
                control,
                escaped,
            } => format!(
                "文本中有{}{} U+{code:04X}",
                if *escaped { "转义写出的" } else { "" },
                if *control {
                    "控制字符"
                } else {
                    "不可见字符或方向控制字符"
                }
            ),
            Finding::ExtensionAttributes => {
                "计划文件中不允许 RON 扩展属性（#![enable(...)]）".into()
            }
            Finding::Syntax(s) => match &s.kind {
                SyntaxKind::MissingField(f) => format!("缺少字段 {f}"),
                SyntaxKind::UnknownField(f) => format!("不认识的字段 {f}"),
                SyntaxKind::DuplicateField(f) => format!("字段 {f} 重复"),
                SyntaxKind::UnknownVariant(v) => format!("不认识的取值 {v}"),
                SyntaxKind::WrongValue => "取值的类型不对".into(),
                SyntaxKind::Expected(what) => format!("此处应为{what}"),
                SyntaxKind::Eof => "文件意外结束".into(),
                SyntaxKind::Trailing => "内容结束后还有多余的字符".into(),
                SyntaxKind::BadValue => "取值无效".into(),
                SyntaxKind::Other => "RON 格式错误".into(),
            },
            Finding::NotAPlanObject => "无法按其路径所指的计划对象读取".into(),
            Finding::SchemaUnsupported(schema) => {
                format!("不支持数据格式版本 schema {schema}（本程序读取版本 {SCHEMA}）")
            }
            Finding::IdMismatch(id) => format!("编号 {id} 与文件名不符"),
            Finding::DuplicateId { id, first } => format!("编号 {id} 重复（另见 {first}）"),
            Finding::Dangling { what, id } => {
                let what = match what {
                    Referent::Action => "任务",
                    Referent::Measure => "举措",
                    Referent::Indicator => "指标",
                    Referent::Meeting => "会议",
                };
                format!("引用了不存在的{what} {id}")
            }
            Finding::UnitNotInRoster(name) => format!("单位 {name} 不在名册中（units.ron）"),
            Finding::OwnerNotInRoster(name) => {
                format!("责任人 {name} 不在名册中（units.ron）")
            }
            Finding::UnitTwice(name) => format!("单位 {name} 在名册中出现两次"),
            Finding::PersonUnitUnknown { person, unit } => {
                format!("{person}：单位 {unit} 不在名册中")
            }
            Finding::PlanEndsBeforeStart => "方案的结束日期早于开始日期".into(),
            Finding::MeasureMisfiled { id, folder } => {
                format!("举措 {id} 放在了 {folder}/ 文件夹下")
            }
            Finding::MeasureActionMismatch { id, action } => {
                format!("按编号，举措 {id} 属于任务 {action}")
            }
            Finding::DateOrder {
                rule,
                before,
                after,
            } => {
                let what = match rule {
                    DateRule::DeadlineBeforeStart => "完成时限早于开始日期",
                    DateRule::MilestoneBeforeStart => "节点完成日期早于举措开始日期",
                };
                format!("{what}（{after} 早于 {before}）")
            }
            Finding::OverrideNeedsReason => "人工亮灯须写明理由".into(),
            Finding::OverrideUnreported => {
                "“未报”由系统计算，不能人工设定：请用绿、蓝、黄或红".into()
            }
            Finding::ClosedWithoutClosure => {
                "状态为已销号，但缺少销号信息：日期、审批人和依据".into()
            }
            Finding::ClosureIncomplete => "销号信息须写明审批人和依据".into(),
            Finding::ClosureNotClosed => "记有销号信息，但状态不是已销号".into(),
            Finding::PrintedMismatch { text, parsed } => {
                format!("印发值“{text}”与解析结果（{}）不符", parsed.zh)
            }
            Finding::ObservationMisfiled => "文件名与该数据的指标和期次不符".into(),
            Finding::ValueNotANumber => "数值不是有效数字".into(),
            Finding::TargetMisfiled => "文件名与该目标的指标和年份不符".into(),
            Finding::TargetMismatch { text, parsed } => {
                format!("目标“{text}”与解析结果（{}）不符", parsed.zh)
            }
            Finding::TargetInPlan { indicator, year } => format!(
                "方案已设定 {indicator} 的 {year} 年目标；专班目标只能补足方案未列目标的年份，或给出“完成下达指标”的具体数值"
            ),
            Finding::TargetNeedsBasis => "专班设定的目标须写明依据".into(),
            Finding::LandmarkMisfiled { year, folder } => {
                format!("{year} 年的标志性成果放在了 {folder}/ 文件夹下")
            }
            Finding::TooManyLandmarks { year, count } => {
                format!("{year} 年有 {count} 项标志性成果；每年最多 10 项")
            }
            Finding::MeetingKindMismatch => "会议类型、期次与所在文件夹不一致".into(),
            Finding::ItemMisfiled { meeting, folder } => {
                format!("{meeting} 的议定事项放在了 {folder}/ 文件夹下")
            }
            Finding::ReportMisfiled { item, period } => {
                format!("{item} 的 {period} 报告存放路径不对")
            }
            Finding::ReportItemMismatch => "报告的举措编号与文件名不符".into(),
            Finding::ReportPeriodMismatch => "报告的期次与所在文件夹不符".into(),
            Finding::NotAPeriodFolder(cycle) => format!(
                "不是{}的期次文件夹",
                match cycle {
                    Cycle::Weekly => "周报",
                    Cycle::Monthly => "月报",
                    Cycle::Quarterly => "季报",
                }
            ),
            Finding::PercentOver(p) => format!("完成比例 {p} 超过 100"),
            Finding::ReportedUnreported => "“未报”由系统计算，不能填报：请用绿、蓝、黄或红".into(),
            Finding::ReportedBeforePeriod { on, period } => {
                format!("报送日期 {on} 早于期次 {period} 的开始")
            }
        }
    }

    fn en(&self) -> String {
        match self {
            Finding::CannotRead { text, .. } => format!("cannot read: {text}"),
            Finding::CrlfLineEnds => {
                "CRLF line ends (style: read as LF; `taskforce fmt` rewrites the file)".into()
            }
            Finding::UnexpectedFolder => "unexpected folder".into(),
            Finding::NotRonFile => "unexpected file (expected NAME.ron)".into(),
            Finding::ExpectedFolder => "unexpected file (expected a folder)".into(),
            Finding::UnsafeFileName(why) => format!("unsafe file name: {why}"),
            Finding::UnsafeFolderName(why) => format!("unsafe folder name: {why}"),
            Finding::Link => "a symbolic link: taskforce never follows links in a plan (replace it with the file or folder itself)".into(),
            Finding::SpecialFile => "not a regular file or folder".into(),
            Finding::TooLarge { bytes, max } => {
                format!("file is {bytes} bytes; plan files are at most {max} bytes")
            }
            Finding::NotUtf8 => "file is not valid UTF-8".into(),
            Finding::BadCharacter {
                code,
                control,
                escaped,
            } => match (escaped, control) {
                (true, _) => format!("control character U+{code:04X} (escaped) in text"),
                (false, true) => format!("control character U+{code:04X} in text"),
                (false, false) => {
                    format!("invisible or direction character U+{code:04X} in text")
                }
            },
            Finding::ExtensionAttributes => {
                "RON extension attributes (#![enable(...)]) are not allowed in plan files".into()
            }
            Finding::Syntax(s) => s.text.clone(),
            Finding::NotAPlanObject => "does not parse as the plan object its path names".into(),
            Finding::SchemaUnsupported(schema) => format!(
                "schema {schema} is not supported (this taskforce reads schema {SCHEMA})"
            ),
            Finding::IdMismatch(id) => format!("id {id} does not match the file name"),
            Finding::DuplicateId { id, first } => format!("duplicate id {id} (also in {first})"),
            Finding::Dangling { what, id } => {
                let what = match what {
                    Referent::Action => "action",
                    Referent::Measure => "measure",
                    Referent::Indicator => "indicator",
                    Referent::Meeting => "meeting",
                };
                format!("unknown {what} {id} (dangling reference)")
            }
            Finding::UnitNotInRoster(name) => {
                format!("unit {name} is not in the roster (units.ron)")
            }
            Finding::OwnerNotInRoster(name) => {
                format!("owner {name} is not in the roster (units.ron)")
            }
            Finding::UnitTwice(name) => format!("unit {name} is listed twice"),
            Finding::PersonUnitUnknown { person, unit } => {
                format!("{person}: unit {unit} is not in the roster")
            }
            Finding::PlanEndsBeforeStart => "the plan ends before it starts".into(),
            Finding::MeasureMisfiled { id, folder } => {
                format!("measure {id} is filed under {folder}/")
            }
            Finding::MeasureActionMismatch { id, action } => {
                format!("measure {id} belongs to action {action} by its id")
            }
            Finding::DateOrder {
                rule,
                before,
                after,
            } => {
                let what = match rule {
                    DateRule::DeadlineBeforeStart => "the deadline is before the start",
                    DateRule::MilestoneBeforeStart => {
                        "a milestone is done before the measure starts"
                    }
                };
                format!("{what} ({after} < {before})")
            }
            Finding::OverrideNeedsReason => "a light override needs a reason".into(),
            Finding::OverrideUnreported => {
                "unreported is computed, never set: override with green, blue, yellow or red".into()
            }
            Finding::ClosedWithoutClosure => {
                "status Closed needs a closure: date, approved_by and basis".into()
            }
            Finding::ClosureIncomplete => "a closure needs approved_by and basis".into(),
            Finding::ClosureNotClosed => {
                "a closure is recorded but the status is not Closed".into()
            }
            Finding::PrintedMismatch { text, parsed } => format!(
                "printed value {text:?} does not match its parsed form {}",
                parsed.en
            ),
            Finding::ObservationMisfiled => {
                "file name does not match the observation's indicator and period".into()
            }
            Finding::ValueNotANumber => "value is not a number".into(),
            Finding::TargetMisfiled => {
                "file name does not match the target's indicator and year".into()
            }
            Finding::TargetMismatch { text, parsed } => format!(
                "target {text:?} does not match its parsed form {}",
                parsed.en
            ),
            Finding::TargetInPlan { indicator, year } => format!(
                "the plan sets {indicator}'s target for {year}; a taskforce target may only fill a year without one, or give the figure of a cell the plan leaves to be assigned"
            ),
            Finding::TargetNeedsBasis => "a target set by the taskforce needs its basis".into(),
            Finding::LandmarkMisfiled { year, folder } => {
                format!("landmark of {year} is filed under {folder}/")
            }
            Finding::TooManyLandmarks { year, count } => {
                format!("{count} landmark achievements in {year}; at most 10")
            }
            Finding::MeetingKindMismatch => "meeting kind, period and folder disagree".into(),
            Finding::ItemMisfiled { meeting, folder } => {
                format!("item of {meeting} is filed under {folder}/")
            }
            Finding::ReportMisfiled { item, period } => {
                format!("report of {item} for {period} is filed at the wrong path")
            }
            Finding::ReportItemMismatch => "the report's item does not match its file name".into(),
            Finding::ReportPeriodMismatch => "the report's period does not match its folder".into(),
            Finding::NotAPeriodFolder(cycle) => format!("not a {} period folder", cycle.key()),
            Finding::PercentOver(p) => format!("percent {p} is more than 100"),
            Finding::ReportedUnreported => {
                "unreported is computed, never reported: use green, blue, yellow or red".into()
            }
            Finding::ReportedBeforePeriod { on, period } => {
                format!("reported on {on} before the period {period} began")
            }
        }
    }
}

#[cfg(test)]
#[path = "finding_tests.rs"]
mod tests;
