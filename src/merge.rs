//! Three-way, field-level merge of one plan object (as JSON, against the merge base).
//!
//! Changes to different fields merge silently. Lists whose meaning is a set (co-units,
//! attendees, tags, linked measures and indicators, evidence) merge as sets: what either side
//! added is kept, what either side removed is gone. Lists of named records (the roster's units
//! and people, a measure's milestones) merge record by record. Only the same field changed to
//! different values on both sides is a conflict; the merged value then holds our side, and the
//! conflict says what each side wanted, so a caller can take either.
//!
//! Pure: no files, no git. The store parses the three versions, calls [`merge`], and writes
//! the result in canonical form.

use serde::Serialize;
use serde_json::{Map, Value};

/// Which side of a conflict to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Ours,
    Theirs,
}

impl Side {
    /// Parses `ours` or `theirs`.
    pub fn parse(text: &str) -> Option<Side> {
        match text {
            "ours" => Some(Side::Ours),
            "theirs" => Some(Side::Theirs),
            _ => None,
        }
    }
}

/// One field changed to different values on both sides.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conflict {
    /// The field, with the record for lists of records: `light`, `people[刘洋].unit`;
    /// `*` when one side removed the object the other changed.
    pub field: String,
    pub base: Value,
    pub ours: Value,
    pub theirs: Value,
}

/// The merged object (`None`: removed) and the conflicts, each resolved to our side.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    pub value: Option<Value>,
    pub conflicts: Vec<Conflict>,
}

/// Fields whose list is a set of plain values.
const SET_FIELDS: [&str; 7] = [
    "co_units",
    "attendees",
    "tags",
    "measures",
    "indicators",
    "evidence",
    "assumed",
];

/// Lists of records and the field that names each record.
fn record_key(field: &str) -> Option<fn(&Value) -> String> {
    fn by_name(v: &Value) -> String {
        v.get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    }
    fn by_due_and_what(v: &Value) -> String {
        format!(
            "{} {}",
            v.get("due").and_then(Value::as_str).unwrap_or_default(),
            v.get("what").and_then(Value::as_str).unwrap_or_default()
        )
    }
    match field {
        "units" | "people" => Some(by_name),
        "milestones" => Some(by_due_and_what),
        _ => None,
    }
}

/// Merges one object: `base` is its version at the merge base, `ours` and `theirs` the two
/// sides (`None`: absent). `choose` picks a side for a conflicting field when it can.
pub fn merge(
    base: Option<&Value>,
    ours: Option<&Value>,
    theirs: Option<&Value>,
    choose: &dyn Fn(&str) -> Option<Side>,
) -> Merged {
    let mut conflicts = Vec::new();
    let value = match (base, ours, theirs) {
        (_, o, t) if o == t => o.cloned(),
        (b, o, t) if b == o => t.cloned(),
        (b, o, t) if b == t => o.cloned(),
        // Removed on one side and changed on the other: the whole object conflicts.
        (Some(b), None, Some(t)) | (Some(b), Some(t), None) => {
            let (ours, theirs) = if ours.is_none() {
                (Value::Null, t.clone())
            } else {
                (t.clone(), Value::Null)
            };
            let side = choose("*").unwrap_or(Side::Ours);
            let keep = match side {
                Side::Ours => ours.clone(),
                Side::Theirs => theirs.clone(),
            };
            if choose("*").is_none() {
                conflicts.push(Conflict {
                    field: "*".into(),
                    base: b.clone(),
                    ours,
                    theirs,
                });
            }
            (!keep.is_null()).then_some(keep)
        }
        (b, Some(Value::Object(o)), Some(Value::Object(t))) => {
            let empty = Map::new();
            let b = match b {
                Some(Value::Object(b)) => b,
                _ => &empty,
            };
            Some(Value::Object(merge_fields(
                b,
                o,
                t,
                "",
                choose,
                &mut conflicts,
            )))
        }
        (b, o, t) => {
            // Not objects (never for plan files): the whole value.
            let v = pick(
                "*",
                b.cloned().unwrap_or(Value::Null),
                o.cloned().unwrap_or(Value::Null),
                t.cloned().unwrap_or(Value::Null),
                choose,
                &mut conflicts,
            );
            (!v.is_null()).then_some(v)
        }
    };
    Merged { value, conflicts }
}

/// Fields that record who filed an object and when: never a conflict. The side filed later
/// wins (by `reported_on`), else ours.
const STAMP_FIELDS: [&str; 4] = ["reported_by", "reported_on", "recorded_by", "set_by"];

/// An empty value: what a field holds before anyone fills it in.
fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

fn merge_fields(
    base: &Map<String, Value>,
    ours: &Map<String, Value>,
    theirs: &Map<String, Value>,
    prefix: &str,
    choose: &dyn Fn(&str) -> Option<Side>,
    conflicts: &mut Vec<Conflict>,
) -> Map<String, Value> {
    let mut keys: Vec<&String> = ours.keys().collect();
    keys.extend(theirs.keys().filter(|k| !ours.contains_key(*k)));
    // Which side was filed later, for the stamp fields.
    let theirs_later = theirs.get("reported_on").and_then(Value::as_str)
        > ours.get("reported_on").and_then(Value::as_str);
    let mut out = Map::new();
    for key in keys {
        let new_object = base.is_empty();
        let b = base.get(key).cloned().unwrap_or(Value::Null);
        let o = ours.get(key).cloned().unwrap_or(Value::Null);
        let t = theirs.get(key).cloned().unwrap_or(Value::Null);
        let path = format!("{prefix}{key}");
        let merged = if o == t {
            o
        } else if b == o {
            t
        } else if b == t {
            o
        } else if STAMP_FIELDS.contains(&key.as_str()) {
            if theirs_later { t } else { o }
        } else if new_object && is_empty(&o) {
            // An object both sides created: a field one side left empty takes the other's.
            t
        } else if new_object && is_empty(&t) {
            o
        } else {
            match (&b, &o, &t) {
                (Value::Array(ba), Value::Array(oa), Value::Array(ta))
                    if SET_FIELDS.contains(&key.as_str()) =>
                {
                    Value::Array(merge_set(ba, oa, ta))
                }
                (_, Value::Array(oa), Value::Array(ta)) if record_key(key).is_some() => {
                    let empty = Vec::new();
                    let ba = b.as_array().unwrap_or(&empty);
                    let name = record_key(key).expect("checked");
                    Value::Array(merge_records(ba, oa, ta, name, &path, choose, conflicts))
                }
                _ => pick(&path, b, o, t, choose, conflicts),
            }
        };
        out.insert(key.clone(), merged);
    }
    out
}

/// A field changed to different values on both sides: the chosen side, else ours and a
/// conflict.
fn pick(
    path: &str,
    base: Value,
    ours: Value,
    theirs: Value,
    choose: &dyn Fn(&str) -> Option<Side>,
    conflicts: &mut Vec<Conflict>,
) -> Value {
    match choose(path) {
        Some(Side::Ours) => ours,
        Some(Side::Theirs) => theirs,
        None => {
            conflicts.push(Conflict {
                field: path.to_string(),
                base,
                ours: ours.clone(),
                theirs,
            });
            ours
        }
    }
}

/// Set merge: our order, then what they added; what either side removed is gone.
fn merge_set(base: &[Value], ours: &[Value], theirs: &[Value]) -> Vec<Value> {
    let removed = |v: &Value| base.contains(v) && (!ours.contains(v) || !theirs.contains(v));
    let mut out: Vec<Value> = Vec::new();
    for v in ours.iter().chain(theirs) {
        if !removed(v) && !out.contains(v) {
            out.push(v.clone());
        }
    }
    out
}

/// Record-by-record merge of a list of named records.
#[allow(clippy::too_many_arguments)]
fn merge_records(
    base: &[Value],
    ours: &[Value],
    theirs: &[Value],
    name: fn(&Value) -> String,
    path: &str,
    choose: &dyn Fn(&str) -> Option<Side>,
    conflicts: &mut Vec<Conflict>,
) -> Vec<Value> {
    let find = |list: &[Value], key: &str| list.iter().find(|v| name(v) == key).cloned();
    let mut keys: Vec<String> = Vec::new();
    for v in ours.iter().chain(theirs).chain(base) {
        let k = name(v);
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    let mut out = Vec::new();
    for key in keys {
        let (b, o, t) = (find(base, &key), find(ours, &key), find(theirs, &key));
        let prefix = format!("{path}[{key}].");
        let sub = |field: &str| choose(&format!("{prefix}{}", field.trim_start_matches('*')));
        let m = merge(b.as_ref(), o.as_ref(), t.as_ref(), &|f: &str| {
            if f == "*" {
                choose(&format!("{path}[{key}]"))
            } else {
                sub(f)
            }
        });
        for mut c in m.conflicts {
            c.field = if c.field == "*" {
                format!("{path}[{key}]")
            } else {
                format!("{prefix}{}", c.field)
            };
            conflicts.push(c);
        }
        if let Some(v) = m.value {
            out.push(v);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn none(_: &str) -> Option<Side> {
        None
    }

    #[test]
    fn different_fields_merge_and_the_same_field_conflicts() {
        let base = json!({"light": null, "problems": "", "percent": 10});
        let ours = json!({"light": "Yellow", "problems": "", "percent": 20});
        let theirs = json!({"light": null, "problems": "选址难", "percent": 30});
        let m = merge(Some(&base), Some(&ours), Some(&theirs), &none);
        let v = m.value.unwrap();
        assert_eq!(v["light"], "Yellow");
        assert_eq!(v["problems"], "选址难");
        assert_eq!(v["percent"], 20, "a conflict keeps ours until chosen");
        assert_eq!(
            m.conflicts,
            vec![Conflict {
                field: "percent".into(),
                base: json!(10),
                ours: json!(20),
                theirs: json!(30)
            }]
        );
        let theirs_side = |f: &str| (f == "percent").then_some(Side::Theirs);
        let m = merge(Some(&base), Some(&ours), Some(&theirs), &theirs_side);
        assert!(m.conflicts.is_empty());
        assert_eq!(m.value.unwrap()["percent"], 30);
    }

    #[test]
    fn sets_and_records_merge_element_by_element() {
        let base = json!({"co_units": ["市民政局", "市财政局"], "people": [
            {"name": "刘洋", "unit": "市人社局", "role": null}]});
        let ours = json!({"co_units": ["市民政局", "市财政局", "乐清市"], "people": [
            {"name": "刘洋", "unit": "市人社局", "role": "处长"},
            {"name": "王芳", "unit": "市民政局", "role": null}]});
        let theirs = json!({"co_units": ["市民政局", "瑞安市"], "people": [
            {"name": "刘洋", "unit": "市人社局", "role": null},
            {"name": "张三", "unit": "市教育局", "role": null}]});
        let m = merge(Some(&base), Some(&ours), Some(&theirs), &none);
        assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
        let v = m.value.unwrap();
        assert_eq!(v["co_units"], json!(["市民政局", "乐清市", "瑞安市"]));
        let names: Vec<&str> = v["people"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["刘洋", "王芳", "张三"]);
        assert_eq!(v["people"][0]["role"], "处长");
    }

    #[test]
    fn a_record_changed_differently_names_the_record() {
        let base = json!({"people": [{"name": "刘洋", "unit": "市人社局"}]});
        let ours = json!({"people": [{"name": "刘洋", "unit": "市民政局"}]});
        let theirs = json!({"people": [{"name": "刘洋", "unit": "市教育局"}]});
        let m = merge(Some(&base), Some(&ours), Some(&theirs), &none);
        assert_eq!(m.conflicts.len(), 1);
        assert_eq!(m.conflicts[0].field, "people[刘洋].unit");
        let take = |f: &str| (f == "people[刘洋].unit").then_some(Side::Theirs);
        let m = merge(Some(&base), Some(&ours), Some(&theirs), &take);
        assert!(m.conflicts.is_empty());
        assert_eq!(m.value.unwrap()["people"][0]["unit"], "市教育局");
    }

    #[test]
    fn an_object_created_on_both_sides_merges_what_each_filled_in() {
        let ours = json!({"light": "Yellow", "problems": "", "progress": "推进",
            "reported_by": "张三", "reported_on": "2026-12-01"});
        let theirs = json!({"light": null, "problems": "选址难", "progress": "",
            "reported_by": "李四", "reported_on": "2026-12-02"});
        let m = merge(None, Some(&ours), Some(&theirs), &none);
        assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
        let v = m.value.unwrap();
        assert_eq!(
            (&v["light"], &v["problems"], &v["progress"]),
            (&json!("Yellow"), &json!("选址难"), &json!("推进"))
        );
        assert_eq!(
            (&v["reported_by"], &v["reported_on"]),
            (&json!("李四"), &json!("2026-12-02"))
        );
        // Both filled the same field differently: a conflict.
        let theirs = json!({"light": "Red", "problems": "", "progress": "",
            "reported_by": "李四", "reported_on": "2026-12-02"});
        let m = merge(None, Some(&ours), Some(&theirs), &none);
        assert_eq!(m.conflicts.len(), 1);
        assert_eq!(m.conflicts[0].field, "light");
    }

    #[test]
    fn removed_on_one_side_and_changed_on_the_other_conflicts_whole() {
        let base = json!({"a": 1});
        let theirs = json!({"a": 2});
        let m = merge(Some(&base), None, Some(&theirs), &none);
        assert_eq!(m.value, None);
        assert_eq!(m.conflicts[0].field, "*");
        let m = merge(Some(&base), None, Some(&theirs), &|_| Some(Side::Theirs));
        assert_eq!(m.value, Some(theirs.clone()));
        // Added on both sides with the same content: no conflict.
        let m = merge(None, Some(&theirs), Some(&theirs), &none);
        assert_eq!((m.value, m.conflicts.len()), (Some(theirs), 0));
    }
}
