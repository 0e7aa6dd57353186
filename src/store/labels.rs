//! Words of commit summaries: field labels and values as people say them.

use serde_json::Value;

use super::history::FieldChange;
use crate::model::{Cycle, Lang, Light, Status};

/// The value of a 报送频次 as people say it.
pub fn cadence_label(c: Cycle, lang: Lang) -> &'static str {
    match (c, lang) {
        (Cycle::Weekly, Lang::Zh) => "每周",
        (Cycle::Monthly, Lang::Zh) => "每月",
        (Cycle::Quarterly, Lang::Zh) => "每季度",
        (Cycle::Weekly, Lang::En) => "weekly",
        (Cycle::Monthly, Lang::En) => "monthly",
        (Cycle::Quarterly, Lang::En) => "quarterly",
    }
}

/// Chinese label of a field for summaries.
pub fn field_label(field: &str, lang: Lang) -> &str {
    let zh = match field {
        "light" => "亮灯",
        "status" => "状态",
        "percent" => "完成比例",
        "progress" => "进展",
        "problems" => "问题",
        "next_steps" => "下一步",
        "asks" => "需协调",
        "deadline" => "完成时限",
        "owner" => "责任人",
        "lead_unit" => "牵头单位",
        "lead_source" => "牵头依据",
        "light_override" => "人工亮灯",
        "start" => "开始日期",
        "cadence" => "报送频次",
        "liaison" => "联络员",
        "milestones" => "节点",
        "co_units" => "配合单位",
        "closure" => "销号",
        "assumed" => "默认值",
        "title" => "名称",
        "measures" => "关联举措",
        "evidence" => "佐证材料",
        "reported_on" => "报送日期",
        _ => field,
    };
    lang.pick(zh, field)
}

/// A value for a summary line: strings without quotes, `无` for none.
pub fn show_value(v: &Value) -> String {
    match v {
        Value::Null => "无".into(),
        Value::String(s) if s.is_empty() => "（空）".into(),
        Value::Object(o) if o.contains_key("light") && o.contains_key("reason") => {
            let light = o.get("light").map(show_value).unwrap_or_default();
            let reason = o.get("reason").and_then(Value::as_str).unwrap_or("");
            format!(
                "{light}（{}）",
                show_value(&Value::String(reason.to_string()))
            )
        }
        Value::Object(o) if o.contains_key("due") && o.contains_key("what") => {
            let due = o.get("due").and_then(Value::as_str).unwrap_or("");
            let what = o.get("what").map(show_value).unwrap_or_default();
            match o.get("done_on").and_then(Value::as_str) {
                Some(done) => format!("{due} {what} ✓{done}"),
                None => format!("{due} {what}"),
            }
        }
        Value::Object(o) if o.contains_key("approved_by") && o.contains_key("basis") => {
            let get = |k: &str| o.get(k).and_then(Value::as_str).unwrap_or("").to_string();
            format!(
                "{} {}（依据：{}）",
                get("date"),
                get("approved_by"),
                show_value(&Value::String(get("basis")))
            )
        }
        Value::Array(a) if a.is_empty() => "无".into(),
        Value::Array(a) => a.iter().map(show_value).collect::<Vec<_>>().join("、"),
        Value::String(s) if enum_label(s).is_some() => enum_label(s).unwrap_or_default().into(),
        Value::String(s) => shorten(s, 24),
        other => other.to_string(),
    }
}

pub(super) fn describe_changes(changes: &[FieldChange]) -> String {
    changes
        .iter()
        .map(|c| {
            format!(
                "{}: {} → {}",
                field_label(&c.field, Lang::Zh),
                show_value(&c.from),
                show_value(&c.to)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn enum_label(name: &str) -> Option<&'static str> {
    Light::ALL
        .into_iter()
        .find(|l| format!("{l:?}") == name)
        .map(|l| l.label(Lang::Zh))
        .or_else(|| {
            Status::ALL
                .into_iter()
                .find(|s| format!("{s:?}") == name)
                .map(|s| s.label(Lang::Zh))
        })
        .or_else(|| {
            Cycle::ALL
                .into_iter()
                .find(|c| format!("{c:?}") == name)
                .map(|c| cadence_label(c, Lang::Zh))
        })
        .or_else(|| {
            crate::model::Assumed::ALL
                .into_iter()
                .find(|f| format!("{f:?}") == name)
                .map(|f| f.label(Lang::Zh))
        })
}

pub(super) fn item_field_label(field: &str) -> &str {
    match field {
        "status" => "状态",
        "feedback" => "落实情况",
        "deadline" => "时限",
        "lead_unit" => "责任单位",
        other => other,
    }
}

/// A text on one line, cut to `max` characters with `…`: a summary names it, not all of it.
pub(super) fn shorten(text: &str, max: usize) -> String {
    let one = text.replace('\n', " ");
    if one.chars().count() > max {
        format!("{}…", one.chars().take(max).collect::<String>())
    } else {
        one
    }
}
