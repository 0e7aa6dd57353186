//! The typed review: what changed between two plans, object by object and field by field,
//! grouped by action, each change attributed to the commit that made it.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use serde_json::{Value, json};

use crate::model::{
    Id, ItemStatus, Lang, Light, Measure, MeetingDay, Plan, Report, Rule, assess, natural_key,
};

/// What kind of change a review line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// A measure turned red (it was not red at the baseline).
    NewRed,
    /// Another light transition.
    Light,
    /// A measure's lifecycle status.
    Status,
    /// A measure or action item passed its deadline since the baseline.
    NewlyOverdue,
    /// A measure's or item's deadline moved (old → new).
    DeadlineMoved,
    /// A measure's owner (责任人).
    Owner,
    /// A measure's lead unit.
    Lead,
    /// An action item decided since the baseline.
    ItemNew,
    /// An action item struck off (销号).
    ItemClosed,
    /// Another action item status change (open ↔ done awaiting review).
    ItemStatus,
    /// A new or corrected indicator value.
    Observation,
    /// A landmark achievement added, removed or changed.
    Landmark,
    /// The same field changed on two clones, resolved at a sync (`Concurrent-Edit:`).
    ConcurrentEdit,
}

impl ChangeKind {
    /// The JSON and command-line spelling.
    pub fn key(self) -> &'static str {
        match self {
            ChangeKind::NewRed => "new_red",
            ChangeKind::Light => "light",
            ChangeKind::Status => "status",
            ChangeKind::NewlyOverdue => "newly_overdue",
            ChangeKind::DeadlineMoved => "deadline_moved",
            ChangeKind::Owner => "owner",
            ChangeKind::Lead => "lead",
            ChangeKind::ItemNew => "item_new",
            ChangeKind::ItemClosed => "item_closed",
            ChangeKind::ItemStatus => "item_status",
            ChangeKind::Observation => "observation",
            ChangeKind::Landmark => "landmark",
            ChangeKind::ConcurrentEdit => "concurrent_edit",
        }
    }

    /// Display label.
    pub fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            ChangeKind::NewRed => ("新增红灯", "new red"),
            ChangeKind::Light => ("亮灯变化", "light"),
            ChangeKind::Status => ("状态变化", "status"),
            ChangeKind::NewlyOverdue => ("新增逾期", "newly overdue"),
            ChangeKind::DeadlineMoved => ("时限调整", "deadline moved"),
            ChangeKind::Owner => ("责任人调整", "owner"),
            ChangeKind::Lead => ("牵头单位调整", "lead unit"),
            ChangeKind::ItemNew => ("新增议定事项", "new action item"),
            ChangeKind::ItemClosed => ("议定事项销号", "action item closed"),
            ChangeKind::ItemStatus => ("议定事项状态", "action item status"),
            ChangeKind::Observation => ("指标数据", "indicator value"),
            ChangeKind::Landmark => ("标志性成果", "landmark"),
            ChangeKind::ConcurrentEdit => ("并发修改", "concurrent edit"),
        };
        lang.pick(zh, en)
    }
}

/// The commit that made a change.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribution {
    pub commit: String,
    pub author: String,
    pub time: DateTime<FixedOffset>,
}

/// One line of the review.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub kind: ChangeKind,
    /// The action the change belongs to (`None`: not tied to one action).
    pub action: Option<Id>,
    /// The measure, item, indicator or landmark.
    pub id: String,
    /// For observations: the period of the value.
    pub period: Option<String>,
    pub field: String,
    pub from: Value,
    pub to: Value,
    /// Who changed it; `None` when time alone made the change (a deadline passing).
    pub by: Option<Attribution>,
    /// For a change time alone made: the rule and the day it fired (逾期 on 2026-11-16).
    pub fired: Option<Fired>,
}

/// A time-driven cause: a rule of the light that fired on a day, with no commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fired {
    pub rule: Rule,
    pub date: NaiveDate,
}

impl Change {
    /// The `diff --json` object.
    pub fn to_json(&self) -> Value {
        json!({
            "commit": self.by.as_ref().map(|b| b.commit.clone()),
            "author": self.by.as_ref().map(|b| b.author.clone()),
            "time": self.by.as_ref().map(|b| b.time.to_rfc3339()),
            "kind": self.kind.key(),
            "action": self.action.as_ref().map(Id::to_string),
            "id": self.id,
            "period": self.period,
            "field": self.field,
            "from": self.from,
            "to": self.to,
            "cause": match (&self.by, &self.fired) {
                (_, Some(f)) => json!({"kind": "time", "rule": f.rule, "date": f.date}),
                (Some(_), None) => json!({"kind": "commit"}),
                (None, None) => Value::Null,
            },
        })
    }
}

impl Fired {
    /// `逾期（2026-11-16起）`, `deadline passed (since 2026-11-16)`.
    pub fn describe(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!("{}（{}起）", self.rule.label(lang), self.date),
            Lang::En => format!("{} (since {})", self.rule.label(lang), self.date),
        }
    }
}

/// A measure's light inputs after one commit: the commit, then the measure and its reports.
#[derive(Debug, Clone)]
pub struct Step {
    pub by: Attribution,
    pub measure: Measure,
    pub reports: Vec<Report>,
}

/// What last changed a measure's light over a stretch of history.
#[derive(Debug, Clone, PartialEq)]
pub enum Cause {
    /// A commit changed an input (a report, a deadline, a milestone, an override, a status).
    Commit(Attribution),
    /// Time alone: a rule fired on a day.
    Time(Fired),
}

/// The cause of the latest light change of a measure between `start` (its inputs on
/// `start_date`) and `end_date`, given the commits that changed its inputs in between, oldest
/// first. Each commit is judged on its own day: a commit whose day's light differs from the
/// light the day before it is its cause; a change on a day with no commit is time's, and the
/// rule that fired is the main reason of the new light. `None` when the light never changed.
pub fn light_cause(
    start: (&Measure, &[Report]),
    start_date: NaiveDate,
    steps: &[Step],
    meetings: &[MeetingDay],
    end_date: NaiveDate,
) -> Option<Cause> {
    let light = |m: &Measure, rs: &[Report], d: NaiveDate| {
        let refs: Vec<&Report> = rs.iter().collect();
        assess(m, &refs, meetings, d)
    };
    let (mut measure, mut reports) = (start.0, start.1);
    let mut day = start_date;
    let mut current = light(measure, reports, day).light;
    let mut cause = None;
    let time_rule = |a: &crate::model::Assessment| {
        a.main_reasons()
            .map(|r| r.rule())
            .find(|r| r.is_time_driven())
            .unwrap_or(Rule::OnTrack)
    };
    // Time between commits: a day-by-day walk with the inputs fixed, days `from` (exclusive)
    // to `to` (inclusive).
    let walk = |m: &Measure, rs: &[Report], from: NaiveDate, to: NaiveDate, cur: &mut Light| {
        let mut found = None;
        let mut d = from + Duration::days(1);
        let refs: Vec<&Report> = rs.iter().collect();
        while d <= to {
            let a = assess(m, &refs, meetings, d);
            if a.light != *cur {
                *cur = a.light;
                found = Some(Cause::Time(Fired {
                    rule: time_rule(&a),
                    date: d,
                }));
            }
            d += Duration::days(1);
        }
        found
    };
    for step in steps {
        let date = step.by.time.date_naive().max(day);
        // Up to and including the commit's day, time may have changed the light already.
        if let Some(c) = walk(measure, reports, day, date, &mut current) {
            cause = Some(c);
        }
        let after = light(&step.measure, &step.reports, date).light;
        if after != current {
            current = after;
            cause = Some(Cause::Commit(step.by.clone()));
        }
        measure = &step.measure;
        reports = &step.reports;
        day = date;
    }
    if let Some(c) = walk(measure, reports, day, end_date, &mut current) {
        cause = Some(c);
    }
    cause
}

/// One field of one object touched by one commit, read from the commit's trailers.
#[derive(Debug, Clone, PartialEq)]
pub struct Touch {
    pub commit: String,
    pub author: String,
    pub time: DateTime<FixedOffset>,
    pub id: String,
    pub period: Option<String>,
    pub field: String,
}

fn light_json(l: Light) -> Value {
    Value::String(format!("{l:?}"))
}

fn enum_json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// How many measures a review assesses on one thread before it splits them.
const PARALLEL_MEASURES: usize = 2048;

/// The typed differences from `old` (assessed on `old_today`) to `new` (on `new_today`),
/// grouped by action (in plan order; changes tied to no action last), then by kind and id.
pub fn diff(old: &Plan, old_today: NaiveDate, new: &Plan, new_today: NaiveDate) -> Vec<Change> {
    diff_split(old, old_today, new, new_today, PARALLEL_MEASURES)
}

/// [`diff`], its lights assessed on two threads from `split` measures on.
fn diff_split(
    old: &Plan,
    old_today: NaiveDate,
    new: &Plan,
    new_today: NaiveDate,
    split: usize,
) -> Vec<Change> {
    let mut out = Vec::new();
    let change = |kind, action: Option<Id>, id: &str, field: &str, from: Value, to: Value| Change {
        kind,
        action,
        id: id.to_string(),
        period: None,
        field: field.to_string(),
        from,
        to,
        by: None,
        fired: None,
    };
    // Each plan's meetings listed once, not once per assessment.
    let (old_meetings, new_meetings) = (old.meeting_days(), new.meeting_days());
    // Each measure's light on both days (`None`: not in the old plan), assessed on two
    // threads when the plan is large.
    let lights_of = |part: &[crate::model::Measure]| -> Vec<Option<(Light, Light)>> {
        part.iter()
            .map(|m| {
                let o = old.measure(&m.id)?;
                Some((
                    assess(o, &old.reports_of(&o.id), &old_meetings, old_today).light,
                    assess(m, &new.reports_of(&m.id), &new_meetings, new_today).light,
                ))
            })
            .collect()
    };
    let lights: Vec<Option<(Light, Light)>> = if new.measures.len() >= split {
        let (a, b) = new.measures.split_at(new.measures.len() / 2);
        std::thread::scope(|s| {
            let second = s.spawn(|| lights_of(b));
            let mut first = lights_of(a);
            first.extend(second.join().unwrap_or_else(|_| lights_of(b)));
            first
        })
    } else {
        lights_of(&new.measures)
    };
    for (m, lights) in new.measures.iter().zip(lights) {
        let (Some(o), Some((before, after))) = (old.measure(&m.id), lights) else {
            continue;
        };
        let action = Some(m.action.clone());
        if before != after {
            let kind = if after == Light::Red {
                ChangeKind::NewRed
            } else {
                ChangeKind::Light
            };
            out.push(change(
                kind,
                action.clone(),
                m.id.as_str(),
                "light",
                light_json(before),
                light_json(after),
            ));
        }
        if o.status != m.status {
            out.push(change(
                ChangeKind::Status,
                action.clone(),
                m.id.as_str(),
                "status",
                enum_json(&o.status),
                enum_json(&m.status),
            ));
        }
        let overdue = |p: &crate::model::Measure, today: NaiveDate| {
            !p.status.is_done() && p.status != crate::model::Status::Suspended && today > p.deadline
        };
        if overdue(m, new_today) && !overdue(o, old_today) {
            out.push(change(
                ChangeKind::NewlyOverdue,
                action.clone(),
                m.id.as_str(),
                "overdue",
                json!(false),
                json!(true),
            ));
        }
        if o.deadline != m.deadline {
            out.push(change(
                ChangeKind::DeadlineMoved,
                action.clone(),
                m.id.as_str(),
                "deadline",
                json!(o.deadline),
                json!(m.deadline),
            ));
        }
        if o.owner != m.owner {
            out.push(change(
                ChangeKind::Owner,
                action.clone(),
                m.id.as_str(),
                "owner",
                json!(o.owner),
                json!(m.owner),
            ));
        }
        if o.lead_unit != m.lead_unit {
            out.push(change(
                ChangeKind::Lead,
                action.clone(),
                m.id.as_str(),
                "lead_unit",
                json!(o.lead_unit),
                json!(m.lead_unit),
            ));
        }
    }
    let item_action = |measure: &Option<Id>| {
        measure
            .as_ref()
            .and_then(|id| new.measure(id))
            .map(|m| m.action.clone())
    };
    for it in &new.items {
        let action = item_action(&it.measure);
        let old_item = old.items.iter().find(|o| o.id == it.id);
        match old_item {
            None => {
                out.push(change(
                    ChangeKind::ItemNew,
                    action.clone(),
                    it.id.as_str(),
                    "text",
                    Value::Null,
                    json!(it.text),
                ));
                if it.status == ItemStatus::Closed {
                    out.push(change(
                        ChangeKind::ItemClosed,
                        action.clone(),
                        it.id.as_str(),
                        "status",
                        Value::Null,
                        enum_json(&it.status),
                    ));
                }
            }
            Some(o) => {
                if o.status != it.status {
                    let kind = if it.status == ItemStatus::Closed {
                        ChangeKind::ItemClosed
                    } else {
                        ChangeKind::ItemStatus
                    };
                    out.push(change(
                        kind,
                        action.clone(),
                        it.id.as_str(),
                        "status",
                        enum_json(&o.status),
                        enum_json(&it.status),
                    ));
                }
                if o.deadline != it.deadline {
                    out.push(change(
                        ChangeKind::DeadlineMoved,
                        action.clone(),
                        it.id.as_str(),
                        "deadline",
                        json!(o.deadline),
                        json!(it.deadline),
                    ));
                }
                if o.lead_unit != it.lead_unit {
                    out.push(change(
                        ChangeKind::Lead,
                        action.clone(),
                        it.id.as_str(),
                        "lead_unit",
                        json!(o.lead_unit),
                        json!(it.lead_unit),
                    ));
                }
            }
        }
        let was_overdue = old_item.is_some_and(|o| o.is_overdue(old_today));
        if it.is_overdue(new_today) && !was_overdue {
            out.push(change(
                ChangeKind::NewlyOverdue,
                action,
                it.id.as_str(),
                "overdue",
                json!(false),
                json!(true),
            ));
        }
    }
    for ob in &new.observations {
        let old_ob = old
            .observations
            .iter()
            .find(|o| o.indicator == ob.indicator && o.period == ob.period);
        let (from, changed) = match old_ob {
            None => (Value::Null, true),
            Some(o) => (
                json!(o.value),
                o.value != ob.value || o.estimated != ob.estimated,
            ),
        };
        if changed {
            let action = new
                .actions
                .iter()
                .find(|a| a.indicators.contains(&ob.indicator))
                .map(|a| a.id.clone());
            let mut c = change(
                ChangeKind::Observation,
                action,
                ob.indicator.as_str(),
                "value",
                from,
                json!(ob.value),
            );
            c.period = Some(ob.period.to_string());
            out.push(c);
        }
    }
    for l in &new.landmarks {
        let action = l
            .measures
            .first()
            .and_then(|m| new.measure(m))
            .map(|m| m.action.clone());
        match old.landmarks.iter().find(|o| o.id == l.id) {
            None => out.push(change(
                ChangeKind::Landmark,
                action,
                l.id.as_str(),
                "title",
                Value::Null,
                json!(l.title),
            )),
            Some(o) if o.status != l.status => out.push(change(
                ChangeKind::Landmark,
                action,
                l.id.as_str(),
                "status",
                enum_json(&o.status),
                enum_json(&l.status),
            )),
            Some(_) => {}
        }
    }
    for l in &old.landmarks {
        if !new.landmarks.iter().any(|n| n.id == l.id) {
            out.push(change(
                ChangeKind::Landmark,
                None,
                l.id.as_str(),
                "title",
                json!(l.title),
                Value::Null,
            ));
        }
    }
    sort_changes(new, &mut out);
    out
}

/// Orders review lines: by action in plan order (lines tied to no action last), then kind,
/// id, period and field.
pub fn sort_changes(new: &Plan, changes: &mut [Change]) {
    let action_rank = |a: &Option<Id>| match a {
        Some(id) => new
            .actions
            .iter()
            .position(|x| &x.id == id)
            .unwrap_or(usize::MAX - 1),
        None => usize::MAX,
    };
    changes.sort_by(|a, b| {
        (
            action_rank(&a.action),
            a.kind,
            natural_key(&a.id),
            &a.period,
            &a.field,
        )
            .cmp(&(
                action_rank(&b.action),
                b.kind,
                natural_key(&b.id),
                &b.period,
                &b.field,
            ))
    });
}

/// The changes a sync's merge commits resolved: one per `Concurrent-Edit:` trailer
/// (`KEY SIDE OURS THEIRS`, the values as JSON), from the rejected value to the kept one, by
/// whoever made the merge. `entries` are (attribution, trailers) of the commits reviewed.
pub fn concurrent_edits(
    plan: &Plan,
    entries: &[(Attribution, Vec<(String, String)>)],
) -> Vec<Change> {
    let mut out = Vec::new();
    for (by, trailers) in entries {
        for (k, v) in trailers {
            if k != "Concurrent-Edit" {
                continue;
            }
            let mut parts = v.splitn(3, ' ');
            let (Some(key), Some(side), Some(rest)) = (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let values: Vec<Value> = serde_json::Deserializer::from_str(rest)
                .into_iter::<Value>()
                .filter_map(Result::ok)
                .collect();
            let [ours, theirs] = values.as_slice() else {
                continue;
            };
            let (object, field) = key.split_once('.').unwrap_or((key, "*"));
            let (id, period) = match object.split_once('@') {
                Some((id, p)) => (id, Some(p.to_string())),
                None => (object, None),
            };
            let (from, to) = if side == "theirs" {
                (ours.clone(), theirs.clone())
            } else {
                (theirs.clone(), ours.clone())
            };
            let action = Id::parse(id)
                .ok()
                .and_then(|i| plan.measure(&i))
                .map(|m| m.action.clone());
            out.push(Change {
                kind: ChangeKind::ConcurrentEdit,
                action,
                id: id.to_string(),
                period,
                field: field.to_string(),
                from,
                to,
                by: Some(by.clone()),
                fired: None,
            });
        }
    }
    out
}

/// Attributes each change to the newest commit (of `touches`, newest first) that touched it:
/// lights to the last change of the measure or its reports, fields to the last change of that
/// field, new items to the commit that created them, values to the commit that recorded them.
pub fn attribute(changes: &mut [Change], touches: &[Touch]) {
    // Each item's touches, in the order given: one pass over the history, then a lookup per
    // change (not a scan of every touch for every change).
    let mut by_item: std::collections::HashMap<&str, Vec<&Touch>> =
        std::collections::HashMap::new();
    for t in touches {
        by_item.entry(t.id.as_str()).or_default().push(t);
    }
    let none: Vec<&Touch> = Vec::new();
    for c in changes.iter_mut() {
        let mine = by_item.get(c.id.as_str()).unwrap_or(&none);
        let pick = |t: &&&Touch| -> bool {
            match c.kind {
                // Light changes get their cause from the light's own timeline (the review).
                ChangeKind::Light | ChangeKind::NewRed => false,
                ChangeKind::NewlyOverdue => t.field == "deadline" || t.field == "status",
                ChangeKind::Observation => t.period == c.period,
                ChangeKind::ItemNew => t.field == "text",
                ChangeKind::Landmark => true,
                _ => t.field == c.field && t.period.is_none(),
            }
        };
        let found = if c.kind == ChangeKind::ItemNew {
            mine.iter().rev().find(pick)
        } else {
            mine.iter().find(pick)
        };
        c.by = found.map(|t| Attribution {
            commit: t.commit.clone(),
            author: t.author.clone(),
            time: t.time,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(commit: &str, author: &str, id: &str, period: Option<&str>, field: &str) -> Touch {
        Touch {
            commit: commit.into(),
            author: author.into(),
            time: DateTime::parse_from_rfc3339("2026-11-20T10:00:00+08:00").unwrap(),
            id: id.into(),
            period: period.map(Into::into),
            field: field.into(),
        }
    }

    fn change(kind: ChangeKind, id: &str, period: Option<&str>, field: &str) -> Change {
        Change {
            kind,
            action: None,
            id: id.into(),
            period: period.map(Into::into),
            field: field.into(),
            from: Value::Null,
            to: Value::Null,
            by: None,
            fired: None,
        }
    }

    #[test]
    fn lights_assessed_on_two_threads_are_the_lights_assessed_on_one() {
        use crate::store::{BundledSource, Reports, load};
        let plan = load(&BundledSource, Reports::All)
            .0
            .expect("the bundled plan");
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        let (from, to) = (day("2025-04-01"), day("2027-06-30"));
        // Every other measure closed in the old plan: its light differs from the new one's.
        let mut old = plan.clone();
        for m in old.measures.iter_mut().step_by(2) {
            m.status = crate::model::Status::Closed;
        }
        let one = diff_split(&old, from, &plan, to, usize::MAX);
        let two = diff_split(&old, from, &plan, to, 2);
        let lights = one.iter().filter(|c| c.field == "light").count();
        assert!(lights > 10, "time alone changes lights: {lights}");
        assert_eq!(
            one.iter().map(|c| c.to_json()).collect::<Vec<_>>(),
            two.iter().map(|c| c.to_json()).collect::<Vec<_>>()
        );
    }

    #[test]
    fn each_change_goes_to_the_commit_that_made_it() {
        // Newest first, as the history walk returns them.
        let touches = [
            touch("c4", "李四", "D2026-10-01", None, "status"),
            touch("c3", "张三", "A3-02", None, "deadline"),
            touch("c2", "李四", "I20", Some("2026-Q3"), "value"),
            touch("c1", "张三", "D2026-10-01", None, "text"),
            touch("c0", "李四", "I20", Some("2026-Q2"), "value"),
        ];
        let mut changes = [
            change(ChangeKind::ItemNew, "D2026-10-01", None, "text"),
            change(ChangeKind::ItemClosed, "D2026-10-01", None, "status"),
            change(ChangeKind::Light, "A3-02", None, "light"),
            change(ChangeKind::Observation, "I20", Some("2026-Q2"), "value"),
            change(ChangeKind::Owner, "A3-02", None, "owner"),
            change(ChangeKind::NewlyOverdue, "D2026-10-02", None, "overdue"),
        ];
        attribute(&mut changes, &touches);
        let by: Vec<Option<&str>> = changes
            .iter()
            .map(|c| c.by.as_ref().map(|b| b.commit.as_str()))
            .collect();
        assert_eq!(
            by,
            // Light changes get their cause from the review's timeline, not from touches.
            [Some("c1"), Some("c4"), None, Some("c0"), None, None]
        );
    }
}
