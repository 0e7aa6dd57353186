//! The rules `check` applies to a loaded plan: schemas, ids against file names, references,
//! units and people against the roster, dates, closures, and the period folders of reports.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::codec::Problem;
use super::finding::{DateRule, Finding, Referent};
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
            v.l.problem(m, "end:", Finding::PlanEndsBeforeStart);
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
                    Finding::UnitTwice(u.name.clone()),
                );
            }
        }
        for p in &r.value.people {
            if !r.value.has_unit(&p.unit) {
                v.l.problem(
                    r,
                    &format!("{:?}", p.unit),
                    Finding::PersonUnitUnknown {
                        person: p.name.clone(),
                        unit: p.unit.clone(),
                    },
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
            v.reference(a, i, &indicator_ids, Referent::Indicator);
        }
        for u in &a.value.co_units {
            v.unit(a, u);
        }
        for i in &a.value.indicators {
            v.reference(a, i, &indicator_ids, Referent::Indicator);
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
                Finding::MeasureMisfiled {
                    id: mv.id.to_string(),
                    folder: shard.clone(),
                },
            );
        }
        v.reference(m, &mv.action, &action_ids, Referent::Action);
        if let crate::model::LeadSource::InferredFromIndicator(i) = &mv.lead_source {
            v.reference(m, i, &indicator_ids, Referent::Indicator);
        }
        if mv.id.action_prefix() != mv.action.as_str() {
            v.l.problem(
                m,
                "action:",
                Finding::MeasureActionMismatch {
                    id: mv.id.to_string(),
                    action: mv.id.action_prefix().to_string(),
                },
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
            v.reference(m, i, &indicator_ids, Referent::Indicator);
        }
        v.date_order(
            m,
            "deadline:",
            mv.start,
            mv.deadline,
            DateRule::DeadlineBeforeStart,
        );
        for ms in &mv.milestones {
            if let Some(done) = ms.done_on {
                v.date_order(
                    m,
                    "done_on:",
                    mv.start,
                    done,
                    DateRule::MilestoneBeforeStart,
                );
            }
        }
        if let Some(o) = &mv.light_override
            && o.reason.trim().is_empty()
        {
            v.l.problem(m, "light_override:", Finding::OverrideNeedsReason);
        }
        match (&mv.status, &mv.closure) {
            (crate::model::Status::Closed, None) => {
                v.l.problem(m, "status:", Finding::ClosedWithoutClosure)
            }
            (crate::model::Status::Closed, Some(c))
                if c.approved_by.trim().is_empty() || c.basis.trim().is_empty() =>
            {
                v.l.problem(m, "closure:", Finding::ClosureIncomplete)
            }
            (s, Some(_)) if *s != crate::model::Status::Closed => {
                v.l.problem(m, "closure:", Finding::ClosureNotClosed)
            }
            _ => {}
        }
        if let Some(o) = &mv.light_override
            && !o.light.is_reportable()
        {
            v.l.problem(m, "light_override:", Finding::OverrideUnreported);
        }
    }
    v.duplicates(measures.iter().map(|(_, m)| (m, &m.value.id)));
    for i in indicators {
        let iv = &i.value;
        v.schema(i, iv.schema);
        v.id_matches(i, &iv.id);
        v.unit(i, &iv.lead_unit);
        for m in &iv.measures {
            v.reference(i, m, &measure_ids, Referent::Measure);
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
                    Finding::PrintedMismatch {
                        text: p.text.clone(),
                        parsed: p.parsed.into(),
                    },
                );
            }
        }
    }
    v.duplicates(indicators.iter().map(|i| (i, &i.value.id)));
    for (shard, o) in observations {
        v.schema(o, o.value.schema);
        v.reference(o, &o.value.indicator, &indicator_ids, Referent::Indicator);
        if shard != o.value.indicator.as_str() || stem(&o.path) != o.value.period.to_string() {
            v.l.problem(o, "period:", Finding::ObservationMisfiled);
        }
        if !o.value.value.is_finite() {
            v.l.problem(o, "value:", Finding::ValueNotANumber);
        }
    }
    for (shard, t) in targets {
        let tv = &t.value;
        v.schema(t, tv.schema);
        v.reference(t, &tv.indicator, &indicator_ids, Referent::Indicator);
        if shard != tv.indicator.as_str() || stem(&t.path) != tv.year.to_string() {
            v.l.problem(t, "year:", Finding::TargetMisfiled);
        }
        if Parsed::parse(&tv.target.text) != Some(tv.target.parsed) {
            v.l.problem(
                t,
                "target:",
                Finding::TargetMismatch {
                    text: tv.target.text.clone(),
                    parsed: tv.target.parsed.into(),
                },
            );
        }
        if let Some(ind) = indicators.iter().find(|i| i.value.id == tv.indicator)
            && let Some(planned) = ind.value.target(tv.year)
            && (planned.parsed != Parsed::Assigned || tv.target.parsed.number().is_none())
        {
            v.l.problem(
                t,
                "year:",
                Finding::TargetInPlan {
                    indicator: tv.indicator.to_string(),
                    year: tv.year,
                },
            );
        }
        if tv.basis.trim().is_empty() {
            v.l.problem(t, "basis:", Finding::TargetNeedsBasis);
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
                Finding::LandmarkMisfiled {
                    year: lv.year,
                    folder: shard.clone(),
                },
            );
        }
        v.unit(lm, &lv.lead_unit);
        for m in &lv.measures {
            v.reference(lm, m, &measure_ids, Referent::Measure);
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
                Finding::TooManyLandmarks { year, count: n },
            ));
        }
    }
    for (shard, mt) in meetings {
        let mv = &mt.value;
        v.schema(mt, mv.schema);
        v.id_matches(mt, &mv.id);
        if shard != mv.kind.key() || mv.period.cycle() != mv.kind {
            v.l.problem(mt, "kind:", Finding::MeetingKindMismatch);
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
        v.reference(it, &iv.meeting, &meeting_ids, Referent::Meeting);
        if shard != iv.meeting.as_str() {
            v.l.problem(
                it,
                "meeting:",
                Finding::ItemMisfiled {
                    meeting: iv.meeting.to_string(),
                    folder: shard.clone(),
                },
            );
        }
        v.unit(it, &iv.lead_unit);
        for u in &iv.co_units {
            v.unit(it, u);
        }
        if let Some(m) = &iv.measure {
            v.reference(it, m, &measure_ids, Referent::Measure);
        }
    }
    v.duplicates(items.iter().map(|(_, i)| (i, &i.value.id)));
    for (period, r) in report_files {
        let rv = &r.value;
        v.schema(r, rv.schema);
        v.reference(r, &rv.item, &measure_ids, Referent::Measure);
        if rv.period != *period || stem(&r.path) != rv.item.as_str() {
            v.l.problem(
                r,
                "period:",
                Finding::ReportMisfiled {
                    item: rv.item.to_string(),
                    period: rv.period.to_string(),
                },
            );
        }
        if let Some(p) = rv.percent
            && p > 100
        {
            v.l.problem(r, "percent:", Finding::PercentOver(p));
        }
        if rv.light.is_some_and(|l| !l.is_reportable()) {
            v.l.problem(r, "light:", Finding::ReportedUnreported);
        }
        if rv.reported_on < rv.period.first_day() - chrono::Duration::days(7) {
            v.l.problem(
                r,
                "reported_on:",
                Finding::ReportedBeforePeriod {
                    on: rv.reported_on,
                    period: rv.period.to_string(),
                },
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
            self.l
                .problem(f, "schema:", Finding::SchemaUnsupported(u64::from(schema)));
        }
    }

    fn id_matches<T>(&mut self, f: &Loaded<T>, id: &Id) {
        if stem(&f.path) != id.as_str() {
            self.l
                .problem(f, "id:", Finding::IdMismatch(id.to_string()));
        }
    }

    fn reference<T>(&mut self, f: &Loaded<T>, id: &Id, known: &HashSet<Id>, what: Referent) {
        if !known.contains(id) && !self.l.unparsed.contains(id.as_str()) {
            self.l.problem(
                f,
                &format!("{:?}", id.as_str()),
                Finding::Dangling {
                    what,
                    id: id.to_string(),
                },
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
                Finding::UnitNotInRoster(name.to_string()),
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
                Finding::OwnerNotInRoster(name.to_string()),
            );
        }
    }

    fn date_order<T>(
        &mut self,
        f: &Loaded<T>,
        field: &str,
        before: NaiveDate,
        after: NaiveDate,
        rule: DateRule,
    ) {
        if after < before {
            self.l.problem(
                f,
                field,
                Finding::DateOrder {
                    rule,
                    before,
                    after,
                },
            );
        }
    }

    fn duplicates<'x, T: 'x>(&mut self, items: impl Iterator<Item = (&'x Loaded<T>, &'x Id)>) {
        let mut seen: HashMap<&Id, &str> = HashMap::new();
        for (f, id) in items {
            if let Some(first) = seen.insert(id, &f.path) {
                self.l.problem(
                    f,
                    "id:",
                    Finding::DuplicateId {
                        id: id.to_string(),
                        first: first.to_string(),
                    },
                );
            }
        }
    }
}
