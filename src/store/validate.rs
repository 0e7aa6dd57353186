//! The rules `check` applies to a loaded plan: schemas, ids against file names, references,
//! units and people against the roster, dates, closures, and the period folders of reports.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::codec::Problem;
use super::layout;
use super::load::{Loaded, Loader, stem};
use super::source::Source;
use crate::model::{
    Action, ActionItem, Id, Indicator, Landmark, Measure, Meeting, Observation, Parsed, Period,
    PlanMeta, Report, Roster, SCHEMA, SetTarget,
};

/// Every parsed plan file of a load, by kind (with its folder for sharded kinds).
pub(super) struct Files {
    pub meta: Option<Loaded<PlanMeta>>,
    pub roster: Option<Loaded<Roster>>,
    pub actions: Vec<Loaded<Action>>,
    pub measures: Vec<(String, Loaded<Measure>)>,
    pub indicators: Vec<Loaded<Indicator>>,
    pub observations: Vec<(String, Loaded<Observation>)>,
    pub targets: Vec<(String, Loaded<SetTarget>)>,
    pub landmarks: Vec<(String, Loaded<Landmark>)>,
    pub meetings: Vec<(String, Loaded<Meeting>)>,
    pub items: Vec<(String, Loaded<ActionItem>)>,
    pub reports: Vec<(Period, Loaded<Report>)>,
}

/// Adds to `l.problems` every problem of `files` that `check` reports.
pub(super) fn validate<S: Source + ?Sized>(l: &mut Loader<'_, S>, files: &Files) {
    let Files {
        meta,
        roster,
        actions,
        measures,
        indicators,
        observations,
        targets,
        landmarks,
        meetings,
        items,
        reports: report_files,
    } = files;
    let mut v = Validator::new(l, roster.as_ref().map(|r| &r.value));
    if let Some(m) = meta {
        v.schema(m, m.value.schema);
        if m.value.end < m.value.start {
            v.l.problem(m, "end:", "the plan ends before it starts");
        }
    }
    if let Some(r) = roster {
        v.schema(r, r.value.schema);
        let mut seen = HashSet::new();
        for u in &r.value.units {
            if !seen.insert(u.name.as_str()) {
                v.l.problem(
                    r,
                    &format!("{:?}", u.name),
                    format!("unit {} is listed twice", u.name),
                );
            }
        }
        for p in &r.value.people {
            if !r.value.has_unit(&p.unit) {
                v.l.problem(
                    r,
                    &format!("{:?}", p.unit),
                    format!("{}: unit {} is not in the roster", p.name, p.unit),
                );
            }
        }
    }

    let action_ids: HashSet<Id> = actions.iter().map(|a| a.value.id.clone()).collect();
    let measure_ids: HashSet<Id> = measures.iter().map(|(_, m)| m.value.id.clone()).collect();
    let indicator_ids: HashSet<Id> = indicators.iter().map(|i| i.value.id.clone()).collect();
    let meeting_ids: HashSet<Id> = meetings.iter().map(|(_, m)| m.value.id.clone()).collect();

    for a in actions {
        v.schema(a, a.value.schema);
        v.id_matches(a, &a.value.id);
        v.unit(a, &a.value.lead_unit);
        if let crate::model::LeadSource::InferredFromIndicator(i) = &a.value.lead_source {
            v.reference(a, i, &indicator_ids, "indicator");
        }
        for u in &a.value.co_units {
            v.unit(a, u);
        }
        for i in &a.value.indicators {
            v.reference(a, i, &indicator_ids, "indicator");
        }
    }
    v.duplicates(actions.iter().map(|a| (a, &a.value.id)));
    for (shard, m) in measures {
        let mv = &m.value;
        v.schema(m, mv.schema);
        v.id_matches(m, &mv.id);
        if mv.id.action_prefix() != shard {
            v.l.problem(
                m,
                "id:",
                format!("measure {} is filed under {shard}/", mv.id),
            );
        }
        v.reference(m, &mv.action, &action_ids, "action");
        if let crate::model::LeadSource::InferredFromIndicator(i) = &mv.lead_source {
            v.reference(m, i, &indicator_ids, "indicator");
        }
        if mv.id.action_prefix() != mv.action.as_str() {
            v.l.problem(
                m,
                "action:",
                format!(
                    "measure {} belongs to action {} by its id",
                    mv.id,
                    mv.id.action_prefix()
                ),
            );
        }
        v.unit(m, &mv.lead_unit);
        for u in &mv.co_units {
            v.unit(m, u);
        }
        for p in mv.owner.iter().chain(mv.liaison.iter()) {
            v.person(m, p);
        }
        for i in &mv.indicators {
            v.reference(m, i, &indicator_ids, "indicator");
        }
        v.date_order(
            m,
            "deadline:",
            mv.start,
            mv.deadline,
            "the deadline is before the start",
        );
        for ms in &mv.milestones {
            if let Some(done) = ms.done_on {
                v.date_order(
                    m,
                    "done_on:",
                    mv.start,
                    done,
                    "a milestone is done before the measure starts",
                );
            }
        }
        if let Some(o) = &mv.light_override
            && o.reason.trim().is_empty()
        {
            v.l.problem(m, "light_override:", "a light override needs a reason");
        }
        match (&mv.status, &mv.closure) {
            (crate::model::Status::Closed, None) => v.l.problem(
                m,
                "status:",
                "status Closed (已销号) needs a closure: date, approved_by and basis",
            ),
            (crate::model::Status::Closed, Some(c))
                if c.approved_by.trim().is_empty() || c.basis.trim().is_empty() =>
            {
                v.l.problem(
                    m,
                    "closure:",
                    "a closure (销号) needs approved_by and basis",
                )
            }
            (s, Some(_)) if *s != crate::model::Status::Closed => v.l.problem(
                m,
                "closure:",
                "a closure is recorded but the status is not Closed (已销号)",
            ),
            _ => {}
        }
        if let Some(o) = &mv.light_override
            && !o.light.is_reportable()
        {
            v.l.problem(
                m,
                "light_override:",
                "未报 is computed, never set: override with green, blue, yellow or red",
            );
        }
    }
    v.duplicates(measures.iter().map(|(_, m)| (m, &m.value.id)));
    for i in indicators {
        let iv = &i.value;
        v.schema(i, iv.schema);
        v.id_matches(i, &iv.id);
        v.unit(i, &iv.lead_unit);
        for m in &iv.measures {
            v.reference(i, m, &measure_ids, "measure");
        }
        for p in [
            &iv.province_2024,
            &iv.city_2024,
            &iv.target_2025,
            &iv.target_2027,
        ] {
            if Parsed::parse(&p.text) != Some(p.parsed) {
                v.l.problem(
                    i,
                    &format!("{:?}", p.text),
                    format!(
                        "printed value {:?} does not match its parsed form {:?}",
                        p.text, p.parsed
                    ),
                );
            }
        }
    }
    v.duplicates(indicators.iter().map(|i| (i, &i.value.id)));
    for (shard, o) in observations {
        v.schema(o, o.value.schema);
        v.reference(o, &o.value.indicator, &indicator_ids, "indicator");
        if shard != o.value.indicator.as_str() || stem(&o.path) != o.value.period.to_string() {
            v.l.problem(
                o,
                "period:",
                "file name does not match the observation's indicator and period",
            );
        }
        if !o.value.value.is_finite() {
            v.l.problem(o, "value:", "value is not a number");
        }
    }
    for (shard, t) in targets {
        let tv = &t.value;
        v.schema(t, tv.schema);
        v.reference(t, &tv.indicator, &indicator_ids, "indicator");
        if shard != tv.indicator.as_str() || stem(&t.path) != tv.year.to_string() {
            v.l.problem(
                t,
                "year:",
                "file name does not match the target's indicator and year",
            );
        }
        if Parsed::parse(&tv.target.text) != Some(tv.target.parsed) {
            v.l.problem(
                t,
                "target:",
                format!(
                    "target {:?} does not match its parsed form {:?}",
                    tv.target.text, tv.target.parsed
                ),
            );
        }
        if let Some(ind) = indicators.iter().find(|i| i.value.id == tv.indicator)
            && let Some(planned) = ind.value.target(tv.year)
            && (planned.parsed != Parsed::Assigned || tv.target.parsed.number().is_none())
        {
            v.l.problem(
                t,
                "year:",
                format!("the plan sets {}'s target for {}; a taskforce target may only fill a year without one, or give the figure of a 完成下达指标 cell", tv.indicator, tv.year),
            );
        }
        if tv.basis.trim().is_empty() {
            v.l.problem(t, "basis:", "a target set by the taskforce needs its basis");
        }
    }
    for (shard, lm) in landmarks {
        let lv = &lm.value;
        v.schema(lm, lv.schema);
        v.id_matches(lm, &lv.id);
        if shard != &lv.year.to_string() {
            v.l.problem(
                lm,
                "year:",
                format!("landmark of {} is filed under {shard}/", lv.year),
            );
        }
        v.unit(lm, &lv.lead_unit);
        for m in &lv.measures {
            v.reference(lm, m, &measure_ids, "measure");
        }
    }
    v.duplicates(landmarks.iter().map(|(_, l)| (l, &l.value.id)));
    let mut per_year: HashMap<i32, usize> = HashMap::new();
    for (_, lm) in landmarks {
        *per_year.entry(lm.value.year).or_default() += 1;
    }
    for (year, n) in per_year {
        if n > 10 {
            v.l.problems.push(Problem::file(
                &format!("{}/{year}", layout::LANDMARKS),
                format!("{n} landmark achievements in {year}; at most 10"),
            ));
        }
    }
    for (shard, mt) in meetings {
        let mv = &mt.value;
        v.schema(mt, mv.schema);
        v.id_matches(mt, &mv.id);
        if shard != mv.kind.key() || mv.period.cycle() != mv.kind {
            v.l.problem(mt, "kind:", "meeting kind, period and folder disagree");
        }
        for u in &mv.attendees {
            v.unit(mt, u);
        }
    }
    v.duplicates(meetings.iter().map(|(_, m)| (m, &m.value.id)));
    for (shard, it) in items {
        let iv = &it.value;
        v.schema(it, iv.schema);
        v.id_matches(it, &iv.id);
        v.reference(it, &iv.meeting, &meeting_ids, "meeting");
        if shard != iv.meeting.as_str() {
            v.l.problem(
                it,
                "meeting:",
                format!("item of {} is filed under {shard}/", iv.meeting),
            );
        }
        v.unit(it, &iv.lead_unit);
        for u in &iv.co_units {
            v.unit(it, u);
        }
        if let Some(m) = &iv.measure {
            v.reference(it, m, &measure_ids, "measure");
        }
    }
    v.duplicates(items.iter().map(|(_, i)| (i, &i.value.id)));
    for (period, r) in report_files {
        let rv = &r.value;
        v.schema(r, rv.schema);
        v.reference(r, &rv.item, &measure_ids, "measure");
        if rv.period != *period || stem(&r.path) != rv.item.as_str() {
            v.l.problem(
                r,
                "period:",
                format!(
                    "report of {} for {} is filed at the wrong path",
                    rv.item, rv.period
                ),
            );
        }
        if let Some(p) = rv.percent
            && p > 100
        {
            v.l.problem(r, "percent:", format!("percent {p} is more than 100"));
        }
        if rv.light.is_some_and(|l| !l.is_reportable()) {
            v.l.problem(
                r,
                "light:",
                "未报 is computed, never reported: use green, blue, yellow or red",
            );
        }
        if rv.reported_on < rv.period.first_day() - chrono::Duration::days(7) {
            v.l.problem(
                r,
                "reported_on:",
                format!(
                    "reported on {} before the period {} began",
                    rv.reported_on, rv.period
                ),
            );
        }
    }
}

struct Validator<'a, 's, S: Source + ?Sized> {
    l: &'a mut Loader<'s, S>,
    roster: Option<&'a Roster>,
}

impl<'a, 's, S: Source + ?Sized> Validator<'a, 's, S> {
    fn new(l: &'a mut Loader<'s, S>, roster: Option<&'a Roster>) -> Self {
        Validator { l, roster }
    }

    fn schema<T>(&mut self, f: &Loaded<T>, schema: u32) {
        if schema != SCHEMA {
            self.l.problem(
                f,
                "schema:",
                format!("schema {schema} is not supported (this taskforce reads schema {SCHEMA})"),
            );
        }
    }

    fn id_matches<T>(&mut self, f: &Loaded<T>, id: &Id) {
        if stem(&f.path) != id.as_str() {
            self.l
                .problem(f, "id:", format!("id {id} does not match the file name"));
        }
    }

    fn reference<T>(&mut self, f: &Loaded<T>, id: &Id, known: &HashSet<Id>, what: &str) {
        if !known.contains(id) && !self.l.unparsed.contains(id.as_str()) {
            self.l.problem(
                f,
                &format!("{:?}", id.as_str()),
                format!("unknown {what} {id} (dangling reference)"),
            );
        }
    }

    fn unit<T>(&mut self, f: &Loaded<T>, name: &str) {
        if let Some(r) = self.roster
            && !r.has_unit(name)
        {
            self.l.problem(
                f,
                &format!("{name:?}"),
                format!("unit {name} is not in the roster (units.ron)"),
            );
        }
    }

    fn person<T>(&mut self, f: &Loaded<T>, name: &str) {
        if let Some(r) = self.roster
            && !r.has_person(name)
        {
            self.l.problem(
                f,
                &format!("{name:?}"),
                format!("owner {name} is not in the roster (units.ron)"),
            );
        }
    }

    fn date_order<T>(
        &mut self,
        f: &Loaded<T>,
        field: &str,
        before: NaiveDate,
        after: NaiveDate,
        message: &str,
    ) {
        if after < before {
            self.l
                .problem(f, field, format!("{message} ({after} < {before})"));
        }
    }

    fn duplicates<'x, T: 'x>(&mut self, items: impl Iterator<Item = (&'x Loaded<T>, &'x Id)>) {
        let mut seen: HashMap<&Id, &str> = HashMap::new();
        for (f, id) in items {
            if let Some(first) = seen.insert(id, &f.path) {
                self.l
                    .problem(f, "id:", format!("duplicate id {id} (also in {first})"));
            }
        }
    }
}
