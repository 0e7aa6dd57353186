//! Every refusal in Chinese: the CLI names flags, the TUI the form labels.

use super::Naming;
use super::rejection::{
    Field, MilestoneAction, Rejection, cycle_word, limit_word, list, purpose_word,
};
use crate::model::Lang;

impl Rejection {
    pub(super) fn zh(&self, naming: Naming) -> String {
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
            Rejection::ReportedInFuture { date, today } => format!(
                "{} {date}：晚于今天（{today}），报送日期不能在将来",
                n(Field::ReportedOn)
            ),
            Rejection::ReportedBeforePeriod {
                date,
                period,
                first,
            } => format!(
                "{} {date}：早于所报期次 {period} 的开始日 {first}，报送日期不能早于所报期次",
                n(Field::ReportedOn)
            ),
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
            Rejection::NoSuchChange { rev } => format!("历史中没有修改 {rev}"),
            Rejection::NotRevertible { commit } => {
                format!("{commit} 是计划的初始版本或两方修改的合并，没有单独一项修改可撤销")
            }
        }
    }
}
