//! Words for typed changes: a history, undo or diff line as people say it
//! (`A3-02 周报 2026-W49 亮灯：黄`, `M2026-W49 会议结束`, `名册 新增单位 市财政局`), in the UI
//! language. Pure: reads a [`FieldChange`] and never JSON, Rust or field names into the text.

use serde_json::Value;

use crate::model::{Assumed, Cycle, ItemStatus, Lang, Light, NoteKind, Status, report_kind_label};
use crate::store::FieldChange;

/// Why a text is not an id, in `lang`.
pub fn id_error(e: &crate::model::IdError, lang: Lang) -> String {
    use crate::model::IdError;
    match lang {
        Lang::En => e.to_string(),
        Lang::Zh => match e {
            IdError::Empty => "编号不能为空".into(),
            IdError::TooLong(_) => "编号不能超过 64 个字符".into(),
            IdError::BadCharacter(_) => "编号只能用英文字母、数字、“-”和“.”".into(),
            IdError::Dots(_) => "编号不能以“.”开头，也不能含“..”".into(),
        },
    }
}

/// The label of a stored field, as the forms and the detail pane say it.
pub fn field_label(field: &str, lang: Lang) -> &'static str {
    let (zh, en) = match field {
        "light" => ("亮灯", "light"),
        "status" => ("状态", "status"),
        "percent" => ("完成比例", "percent done"),
        "progress" => ("进展", "progress"),
        "problems" => ("问题", "problems"),
        "next_steps" => ("下一步", "next steps"),
        "asks" => ("需协调", "support needed"),
        "deadline" => ("完成时限", "deadline"),
        "owner" => ("责任人", "owner"),
        "lead_unit" | "lead" => ("牵头单位", "lead unit"),
        "lead_source" => ("牵头依据", "lead source"),
        "light_override" => ("人工亮灯", "light set by hand"),
        "start" => ("开始日期", "start"),
        "cadence" => ("报送频次", "cadence"),
        "liaison" => ("联络员", "liaison"),
        "milestones" => ("节点", "milestones"),
        "co_units" | "co" => ("配合单位", "co-units"),
        "closure" => ("销号", "closure"),
        "assumed" => ("默认值", "defaults"),
        "feedback" => ("落实情况", "feedback"),
        "text" => ("内容", "text"),
        "title" => ("名称", "title"),
        "evidence" => ("佐证材料", "evidence"),
        "measures" | "measure" => ("关联举措", "measures"),
        "target" => ("目标", "target"),
        "basis" => ("依据", "basis"),
        "value" => ("数值", "value"),
        "estimated" => ("估算", "estimated"),
        "note" | "notes" => ("说明", "note"),
        "place" => ("地点", "place"),
        "chair" => ("主持人", "chair"),
        "attendees" => ("参会单位", "attending units"),
        "time" => ("时间", "time"),
        "issue" => ("期号", "issue"),
        "sign_off" => ("签发", "sign-off"),
        "units" => ("单位", "unit"),
        "people" => ("人员", "person"),
        "year" => ("年份", "year"),
        "period" => ("期次", "period"),
        "kind" => ("类别", "kind"),
        "meeting" => ("会议", "meeting"),
        "number" => ("序号", "number"),
        "set_by" => ("设定人", "set by"),
        "set_on" => ("设定日期", "set on"),
        "reported_by" => ("报送人", "reported by"),
        "reported_on" => ("报送日期", "reported on"),
        "recorded_by" => ("录入人", "recorded by"),
        "name" => ("名称", "name"),
        "unit" => ("单位", "unit"),
        "role" | "post" => ("职务", "post"),
        "phone" => ("电话", "phone"),
        "closed" => ("会议结束", "meeting closed"),
        "item" => ("事项", "item"),
        "indicator" => ("指标", "indicator"),
        _ => ("其他", "other"),
    };
    lang.pick(zh, en)
}

/// An enum stored by its Rust name (`InProgress`, `Yellow`), in words.
fn enum_words(field: &str, name: &str, lang: Lang) -> Option<&'static str> {
    let debug = |s: String| s == name;
    if field == "status" || field == "light" || field == "cadence" || field == "assumed" {
        if let Some(l) = Light::ALL.into_iter().find(|l| debug(format!("{l:?}"))) {
            return Some(l.label(lang));
        }
        if let Some(s) = Status::ALL.into_iter().find(|s| debug(format!("{s:?}"))) {
            return Some(s.label(lang));
        }
        if let Some(c) = Cycle::ALL.into_iter().find(|c| debug(format!("{c:?}"))) {
            return Some(crate::store::cadence_label(c, lang));
        }
        if let Some(a) = Assumed::ALL.into_iter().find(|a| debug(format!("{a:?}"))) {
            return Some(a.label(lang));
        }
    }
    if let Some(s) = [
        ItemStatus::Open,
        ItemStatus::DoneAwaitingReview,
        ItemStatus::Closed,
    ]
    .into_iter()
    .find(|s| debug(format!("{s:?}")))
    {
        return Some(s.label(lang));
    }
    if let Some(k) = NoteKind::ALL.into_iter().find(|k| debug(format!("{k:?}"))) {
        return Some(k.label(lang));
    }
    Light::ALL
        .into_iter()
        .find(|l| debug(format!("{l:?}")))
        .map(|l| l.label(lang))
        .or_else(|| {
            Status::ALL
                .into_iter()
                .find(|s| debug(format!("{s:?}")))
                .map(|s| s.label(lang))
        })
}

fn short(text: &str) -> String {
    let one = text.replace('\n', " ");
    if one.chars().count() > 24 {
        format!("{}…", one.chars().take(24).collect::<String>())
    } else {
        one
    }
}

/// One stored value in words: no quotes, no JSON.
pub fn value_words(field: &str, v: &Value, lang: Lang) -> String {
    let sep = lang.pick("、", ", ");
    let get = |o: &serde_json::Map<String, Value>, k: &str| {
        o.get(k).and_then(Value::as_str).unwrap_or("").to_string()
    };
    match v {
        Value::Null => lang.pick("无", "none").into(),
        Value::Bool(b) => lang
            .pick(if *b { "是" } else { "否" }, if *b { "yes" } else { "no" })
            .into(),
        Value::Number(n) if field == "percent" => format!("{n}%"),
        Value::Number(n) => n.to_string(),
        Value::String(s) if s.is_empty() => lang.pick("（空）", "(empty)").into(),
        Value::String(s) => match enum_words(field, s, lang) {
            Some(w) => w.into(),
            None => short(s),
        },
        Value::Array(a) if a.is_empty() => lang.pick("无", "none").into(),
        Value::Array(a) => a
            .iter()
            .map(|x| value_words(field, x, lang))
            .collect::<Vec<_>>()
            .join(sep),
        Value::Object(o) if o.contains_key("light") && o.contains_key("reason") => {
            let light = o.get("light").map(|l| value_words("light", l, lang));
            format!(
                "{}{}{}{}",
                light.unwrap_or_default(),
                lang.pick("（", " ("),
                short(&get(o, "reason")),
                lang.pick("）", ")")
            )
        }
        Value::Object(o) if o.contains_key("due") && o.contains_key("what") => {
            let base = format!("{} {}", get(o, "due"), short(&get(o, "what")));
            match o.get("done_on").and_then(Value::as_str) {
                Some(done) => format!("{base} ✓{done}"),
                None => base,
            }
        }
        Value::Object(o) if o.contains_key("approved_by") && o.contains_key("basis") => format!(
            "{} {}{}{}{}",
            get(o, "date"),
            get(o, "approved_by"),
            lang.pick("（依据：", " (basis: "),
            short(&get(o, "basis")),
            lang.pick("）", ")")
        ),
        // A printed target: its text as the plan writes it.
        Value::Object(o) if o.contains_key("text") && o.contains_key("parsed") => get(o, "text"),
        Value::Object(o) if o.contains_key("name") && o.contains_key("unit") => format!(
            "{}{}{}{}",
            get(o, "name"),
            lang.pick("（", " ("),
            get(o, "unit"),
            lang.pick("）", ")")
        ),
        Value::Object(o) if o.contains_key("name") => get(o, "name"),
        Value::Object(o) if o.contains_key("kind") && o.contains_key("text") => {
            let kind = o.get("kind").and_then(Value::as_str).unwrap_or("");
            format!(
                "{}{}{}",
                enum_words("kind", kind, lang).unwrap_or(""),
                lang.pick("：", ": "),
                short(&get(o, "text"))
            )
        }
        Value::Object(o) => o
            .iter()
            .filter(|(_, x)| !x.is_null())
            .map(|(k, x)| format!("{} {}", field_label(k, lang), value_words(k, x, lang)))
            .collect::<Vec<_>>()
            .join(sep),
    }
}

/// The items of a list added and removed between two values.
fn list_delta(from: &Value, to: &Value) -> Option<(Vec<Value>, Vec<Value>)> {
    let as_list = |v: &Value| match v {
        Value::Array(a) => Some(a.clone()),
        Value::Null => Some(Vec::new()),
        _ => None,
    };
    let (a, b) = (as_list(from)?, as_list(to)?);
    if !(from.is_array() || to.is_array()) {
        return None;
    }
    let added = b.iter().filter(|x| !a.contains(x)).cloned().collect();
    let removed = a.iter().filter(|x| !b.contains(x)).cloned().collect();
    Some((added, removed))
}

/// Who or what a change is about: `A3-02 周报 2026-W49`, `名册`.
fn scope(c: &FieldChange, lang: Lang) -> String {
    let id = match c.id.as_str() {
        "units" => lang.pick("名册", "roster").to_string(),
        other => other.to_string(),
    };
    match (c.cycle.as_deref().and_then(Cycle::parse), &c.period) {
        (Some(cy), Some(p)) => format!("{id} {} {p}", report_kind_label(cy, lang)),
        (None, Some(p)) => format!("{id} {p}"),
        _ => id,
    }
}

/// One change in words, in the UI language.
pub fn change_line(c: &FieldChange, lang: Lang) -> String {
    let at = scope(c, lang);
    let label = field_label(&c.field, lang);
    let colon = lang.pick("：", ": ");
    if c.field == "closed" {
        let closed = c.to.as_bool() == Some(true);
        return format!(
            "{at} {}",
            match closed {
                true => lang.pick("会议结束", "meeting closed"),
                false => lang.pick("会议重新开放", "meeting reopened"),
            }
        );
    }
    if c.field == "reported_on" {
        return reported_on_line(c, &at, lang);
    }
    if let Some((mut added, mut removed)) = list_delta(&c.from, &c.to) {
        let mut parts = Vec::new();
        // Milestones are keyed by their due date: one changed in place is not new.
        let due = |v: &Value| v.get("due").and_then(Value::as_str).map(str::to_string);
        let mut changed = Vec::new();
        added.retain(|a| {
            match due(a).and_then(|d| removed.iter().position(|r| due(r) == Some(d.clone()))) {
                Some(i) => {
                    changed.push((removed.remove(i), a.clone()));
                    false
                }
                None => true,
            }
        });
        for (old, new) in &changed {
            let done = new.get("done_on").and_then(Value::as_str);
            let was_done = old.get("done_on").and_then(Value::as_str);
            let d = due(new).unwrap_or_default();
            parts.push(match (done, was_done, lang) {
                (Some(on), None, Lang::Zh) => format!("{label} {d} 已完成（{on}）"),
                (Some(on), None, Lang::En) => format!("{label} {d} done on {on}"),
                (_, _, Lang::Zh) => {
                    format!("{label} {d} 改为 {}", value_words(&c.field, new, lang))
                }
                (_, _, Lang::En) => format!("{label} {d} now {}", value_words(&c.field, new, lang)),
            });
        }
        let words = |list: &[Value]| {
            list.iter()
                .map(|x| value_words(&c.field, x, lang))
                .collect::<Vec<_>>()
                .join(lang.pick("、", ", "))
        };
        if !added.is_empty() {
            parts.push(match lang {
                Lang::Zh => format!("新增{label} {}", words(&added)),
                Lang::En => format!("{label} added: {}", words(&added)),
            });
        }
        if !removed.is_empty() {
            parts.push(match lang {
                Lang::Zh => format!("删去{label} {}", words(&removed)),
                Lang::En => format!("{label} removed: {}", words(&removed)),
            });
        }
        if parts.is_empty() {
            // Same items in another order, or an item changed in place.
            parts.push(format!(
                "{label}{colon}{}",
                value_words(&c.field, &c.to, lang)
            ));
        }
        return format!("{at} {}", parts.join(lang.pick("；", "; ")));
    }
    let to = value_words(&c.field, &c.to, lang);
    let blank = |v: &Value| v.is_null() || v.as_str() == Some("");
    if blank(&c.from) {
        return format!("{at} {label}{colon}{to}");
    }
    if blank(&c.to) {
        let from = value_words(&c.field, &c.from, lang);
        return match lang {
            Lang::Zh => format!("{at} {label}{colon}删去 {from}"),
            Lang::En => format!("{at} {label}{colon}{from} removed"),
        };
    }
    let from = value_words(&c.field, &c.from, lang);
    format!("{at} {label}{colon}{from} → {to}")
}

/// A report's date, recorded when the report is (or was) late: `A3-02 月报 2026-10 补报（2026-11-20）`.
fn reported_on_line(c: &FieldChange, at: &str, lang: Lang) -> String {
    let on = c.to.as_str().unwrap_or_default();
    let late = match (
        c.period.as_deref().map(crate::model::Period::parse),
        on.parse::<chrono::NaiveDate>(),
    ) {
        (Some(Ok(p)), Ok(d)) => crate::model::is_late(p, d),
        _ => false,
    };
    let mark = crate::model::late_word(lang);
    match (late, lang) {
        (true, Lang::Zh) => format!("{at} {mark}（{on}）"),
        (true, Lang::En) => format!("{at} filed {mark} on {on}"),
        (false, _) => format!(
            "{at} {}{}{on}",
            field_label(&c.field, lang),
            lang.pick("：", ": ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn change(
        id: &str,
        cycle: Option<&str>,
        period: Option<&str>,
        field: &str,
        from: Value,
        to: Value,
    ) -> FieldChange {
        FieldChange {
            id: id.into(),
            cycle: cycle.map(str::to_string),
            period: period.map(str::to_string),
            field: field.into(),
            from,
            to,
        }
    }

    #[test]
    fn changes_read_as_words_in_both_languages() {
        let cases = [
            (
                change(
                    "A3-02",
                    Some("weekly"),
                    Some("2026-W49"),
                    "light",
                    Value::Null,
                    json!("Yellow"),
                ),
                "A3-02 周报 2026-W49 亮灯：黄",
            ),
            (
                change("M2026-W49", None, None, "closed", json!(false), json!(true)),
                "M2026-W49 会议结束",
            ),
            (
                change(
                    "D2026-W49-01",
                    None,
                    None,
                    "co_units",
                    Value::Null,
                    json!(["乐清市", "瑞安市"]),
                ),
                "D2026-W49-01 新增配合单位 乐清市、瑞安市",
            ),
            (
                change(
                    "I08",
                    None,
                    Some("2026"),
                    "target",
                    Value::Null,
                    json!({"text": "615", "parsed": {"Exactly": 615.0}}),
                ),
                "I08 2026 目标：615",
            ),
            (
                change(
                    "units",
                    None,
                    None,
                    "units",
                    json!([{"name": "市发改委", "kind": "City"}]),
                    json!([{"name": "市发改委", "kind": "City"}, {"name": "市财政局", "kind": "City"}]),
                ),
                "名册 新增单位 市财政局",
            ),
            (
                change(
                    "A3-02",
                    None,
                    None,
                    "status",
                    Value::Null,
                    json!("InProgress"),
                ),
                "A3-02 状态：推进中",
            ),
        ];
        for (c, zh) in &cases {
            assert_eq!(change_line(c, Lang::Zh), *zh);
            let en = change_line(c, Lang::En);
            for bad in ["{", "\"", "Yellow", "InProgress", "co_units", "closed:"] {
                assert!(!en.contains(bad), "{en}");
            }
        }
        assert_eq!(
            change_line(&cases[0].0, Lang::En),
            "A3-02 weekly report 2026-W49 light: yellow"
        );
        let late = change(
            "A3-02",
            Some("monthly"),
            Some("2026-10"),
            "reported_on",
            Value::Null,
            json!("2026-11-20"),
        );
        assert_eq!(
            change_line(&late, Lang::Zh),
            "A3-02 月报 2026-10 补报（2026-11-20）"
        );
        assert_eq!(
            change_line(&late, Lang::En),
            "A3-02 monthly report 2026-10 filed late on 2026-11-20"
        );
        let on_time = FieldChange {
            to: json!("2026-10-30"),
            ..late
        };
        assert_eq!(
            change_line(&on_time, Lang::Zh),
            "A3-02 月报 2026-10 报送日期：2026-10-30"
        );
    }
}
