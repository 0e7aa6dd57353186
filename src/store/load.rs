//! Loading a plan from any source, and validating everything `check` checks.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::de::DeserializeOwned;

use super::codec::{Problem, locate, parse};
use super::finding::{DateRule, Finding, Referent};
use super::layout;
use super::source::Source;
use crate::model::{
    Action, ActionItem, Cycle, Id, Indicator, Landmark, Measure, Meeting, Observation, Parsed,
    Period, Plan, PlanMeta, Report, Roster, SCHEMA, SetTarget,
};

/// Which cycle reports to load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reports {
    /// Every report ever filed: the light needs the whole reporting history.
    All,
}

/// A loaded file: its value, path and raw bytes (to locate fields for messages).
struct Loaded<T> {
    value: T,
    path: String,
    bytes: Vec<u8>,
}

/// What a plan file parses to: kept in the parse cache, so it is cloned out of it.
trait Cacheable: DeserializeOwned + Clone + 'static {}
impl<T: DeserializeOwned + Clone + 'static> Cacheable for T {}

/// Parsed files of this thread, by type and content: loading two trees (a review) or the same
/// files again (a TUI reload) parses only the files whose bytes differ. Never a source of
/// truth: keyed by the bytes themselves, and validation still runs on every load.
type ParseCache = HashMap<(std::any::TypeId, git2::Oid), std::rc::Rc<dyn std::any::Any>>;

thread_local! {
    static PARSED: std::cell::RefCell<ParseCache> = Default::default();
}

/// Past this many entries the cache starts again (a long-running TUI over changing files).
const PARSED_MAX: usize = 400_000;

fn parse_cached<T: Cacheable>(path: &str, bytes: &[u8]) -> std::result::Result<T, Vec<Problem>> {
    let Ok(hash) = git2::Oid::hash_object(git2::ObjectType::Blob, bytes) else {
        return parse::<T>(path, bytes);
    };
    let key = (std::any::TypeId::of::<T>(), hash);
    let hit = PARSED.with(|c| c.borrow().get(&key).cloned());
    if let Some(v) = hit.and_then(|v| v.downcast_ref::<T>().cloned()) {
        return Ok(v);
    }
    let value = parse::<T>(path, bytes)?;
    PARSED.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= PARSED_MAX {
            c.clear();
        }
        c.insert(key, std::rc::Rc::new(value.clone()));
    });
    Ok(value)
}

struct Loader<'s, S: Source + ?Sized> {
    source: &'s S,
    problems: Vec<Problem>,
    /// Ids of files that failed to parse: references to them are not reported again.
    unparsed: HashSet<String>,
    /// Style problems: the file is read, but is not in canonical form (CRLF line ends).
    style: Vec<Problem>,
}

impl<S: Source + ?Sized> Loader<'_, S> {
    fn file<T: Cacheable>(&mut self, path: &str) -> Option<Loaded<T>> {
        let bytes = match self.source.read(path) {
            Ok(b) => b,
            Err(e) => {
                self.problems.push(Problem::file(
                    path,
                    Finding::CannotRead {
                        kind: e.kind(),
                        text: e.to_string(),
                    },
                ));
                return None;
            }
        };
        if super::codec::has_crlf(&bytes) {
            self.style.push(Problem::file(path, Finding::CrlfLineEnds));
        }
        match parse_cached::<T>(path, &bytes) {
            Ok(value) => Some(Loaded {
                value,
                path: path.to_string(),
                bytes,
            }),
            Err(problems) => {
                self.problems.extend(problems);
                None
            }
        }
    }

    /// Every `.ron` file of `dir`, checking that file names are safe ids.
    fn files<T: Cacheable>(&mut self, dir: &str) -> Vec<Loaded<T>> {
        let mut out = Vec::new();
        for entry in self.source.list(dir) {
            let path = format!("{dir}/{}", entry.name);
            if entry.is_dir {
                self.problems
                    .push(Problem::file(&path, Finding::UnexpectedFolder));
                continue;
            }
            let Some(stem) = entry.name.strip_suffix(".ron") else {
                self.problems
                    .push(Problem::file(&path, Finding::NotRonFile));
                continue;
            };
            if let Err(e) = Id::parse(stem) {
                self.problems
                    .push(Problem::file(&path, Finding::UnsafeFileName(e.to_string())));
                continue;
            }
            match self.file(&path) {
                Some(l) => out.push(l),
                None => {
                    self.unparsed.insert(stem.to_string());
                }
            }
        }
        out
    }

    /// Every `.ron` file one level of folders below `dir` (`measures/A3/A3-02.ron`).
    fn sharded<T: Cacheable>(&mut self, dir: &str) -> Vec<(String, Loaded<T>)> {
        let mut out = Vec::new();
        for entry in self.source.list(dir) {
            let path = format!("{dir}/{}", entry.name);
            if !entry.is_dir {
                self.problems
                    .push(Problem::file(&path, Finding::ExpectedFolder));
                continue;
            }
            if let Err(e) = Id::parse(&entry.name) {
                self.problems.push(Problem::file(
                    &path,
                    Finding::UnsafeFolderName(e.to_string()),
                ));
                continue;
            }
            for l in self.files(&path) {
                out.push((entry.name.clone(), l));
            }
        }
        out
    }

    fn problem<T>(&mut self, l: &Loaded<T>, needle: &str, finding: Finding) {
        self.problems
            .push(Problem::at(&l.path, locate(&l.bytes, needle), finding));
    }
}

fn stem(path: &str) -> &str {
    path.rsplit('/')
        .next()
        .unwrap_or(path)
        .trim_end_matches(".ron")
}

/// Loads and validates a plan. The plan is `None` only when `plan.ron` or `units.ron` is unusable;
/// every problem found is returned, not just the first.
pub fn load<S: Source + ?Sized>(source: &S, reports: Reports) -> (Option<Plan>, Vec<Problem>) {
    let (plan, problems, _) = load_with_style(source, reports);
    (plan, problems)
}

/// [`load`], plus the style problems (files read as they are, but not in canonical form).
pub fn load_with_style<S: Source + ?Sized>(
    source: &S,
    reports: Reports,
) -> (Option<Plan>, Vec<Problem>, Vec<Problem>) {
    let mut l = Loader {
        source,
        problems: Vec::new(),
        unparsed: HashSet::new(),
        style: Vec::new(),
    };
    let meta: Option<Loaded<PlanMeta>> = l.file(layout::PLAN);
    let roster: Option<Loaded<Roster>> = l.file(layout::UNITS);
    let actions: Vec<Loaded<Action>> = l.files(layout::ACTIONS);
    let measures: Vec<(String, Loaded<Measure>)> = l.sharded(layout::MEASURES);
    let indicators: Vec<Loaded<Indicator>> = l.files(layout::INDICATORS);
    let observations: Vec<(String, Loaded<Observation>)> = l.sharded(layout::OBSERVATIONS);
    let targets: Vec<(String, Loaded<SetTarget>)> = l.sharded(layout::TARGETS);
    let landmarks: Vec<(String, Loaded<Landmark>)> = l.sharded(layout::LANDMARKS);
    let meetings: Vec<(String, Loaded<Meeting>)> = l.sharded(layout::MEETINGS);
    let items: Vec<(String, Loaded<ActionItem>)> = l.sharded(layout::ITEMS);
    let report_files = load_reports(&mut l, reports);
    // Minutes are rendered, not loaded; listing them still refuses links among them.
    let _ = l.source.list(layout::MINUTES);

    let mut v = Validator::new(&mut l, roster.as_ref().map(|r| &r.value));
    if let Some(m) = &meta {
        v.schema(m, m.value.schema);
        if m.value.end < m.value.start {
            v.l.problem(m, "end:", Finding::PlanEndsBeforeStart);
        }
    }
    if let Some(r) = &roster {
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

    for a in &actions {
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
    for (shard, m) in &measures {
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
    for i in &indicators {
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
    for (shard, o) in &observations {
        v.schema(o, o.value.schema);
        v.reference(o, &o.value.indicator, &indicator_ids, Referent::Indicator);
        if shard != o.value.indicator.as_str() || stem(&o.path) != o.value.period.to_string() {
            v.l.problem(o, "period:", Finding::ObservationMisfiled);
        }
        if !o.value.value.is_finite() {
            v.l.problem(o, "value:", Finding::ValueNotANumber);
        }
    }
    for (shard, t) in &targets {
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
    for (shard, lm) in &landmarks {
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
    for (_, lm) in &landmarks {
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
    for (shard, mt) in &meetings {
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
    for (shard, it) in &items {
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
    for (period, r) in &report_files {
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

    for (path, why) in source.refused() {
        l.problems.push(Problem::file(&path, why));
    }
    let mut problems = std::mem::take(&mut l.problems);
    problems.sort();
    problems.dedup();
    let style = std::mem::take(&mut l.style);
    let (Some(meta), Some(roster)) = (meta, roster) else {
        return (None, problems, style);
    };
    let plan = Plan::new(
        meta.value,
        roster.value,
        actions.into_iter().map(|a| a.value).collect(),
        measures.into_iter().map(|(_, m)| m.value).collect(),
        indicators.into_iter().map(|i| i.value).collect(),
        landmarks.into_iter().map(|(_, l)| l.value).collect(),
        meetings.into_iter().map(|(_, m)| m.value).collect(),
        items.into_iter().map(|(_, i)| i.value).collect(),
        observations.into_iter().map(|(_, o)| o.value).collect(),
        report_files.into_iter().map(|(_, r)| r.value).collect(),
    );
    let mut plan = plan;
    plan.targets = targets.into_iter().map(|(_, t)| t.value).collect();
    plan.targets
        .sort_by(|a, b| (&a.indicator, a.year).cmp(&(&b.indicator, b.year)));
    (Some(plan), problems, style)
}

fn load_reports<S: Source + ?Sized>(
    l: &mut Loader<'_, S>,
    which: Reports,
) -> Vec<(Period, Loaded<Report>)> {
    let mut out = Vec::new();
    for cycle in Cycle::ALL {
        let dir = layout::cycle_dir(cycle);
        let mut periods: Vec<Period> = Vec::new();
        let Reports::All = which;
        for e in l.source.list(&dir) {
            match Period::parse(&e.name) {
                Ok(p) if p.cycle() == cycle && e.is_dir => periods.push(p),
                _ => l.problems.push(Problem::file(
                    &format!("{dir}/{}", e.name),
                    Finding::NotAPeriodFolder(cycle),
                )),
            }
        }
        for period in periods {
            for (_, r) in l.sharded::<Report>(&layout::period_dir(period)) {
                out.push((period, r));
            }
        }
    }
    out
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

/// Every object of `plan` as (path, canonical text): what a canonical save writes.
pub fn canonical_files(plan: &Plan) -> Result<Vec<(String, String)>, ron::Error> {
    use super::codec::to_canonical;
    let mut out = vec![
        (layout::PLAN.to_string(), to_canonical(&plan.meta)?),
        (layout::UNITS.to_string(), to_canonical(&plan.roster)?),
    ];
    for a in &plan.actions {
        out.push((layout::action(&a.id), to_canonical(a)?));
    }
    for m in &plan.measures {
        out.push((layout::measure(&m.id), to_canonical(m)?));
    }
    for i in &plan.indicators {
        out.push((layout::indicator(&i.id), to_canonical(i)?));
    }
    for o in &plan.observations {
        out.push((
            layout::observation(&o.indicator, o.period),
            to_canonical(o)?,
        ));
    }
    for t in &plan.targets {
        out.push((layout::target(&t.indicator, t.year), to_canonical(t)?));
    }
    for l in &plan.landmarks {
        out.push((layout::landmark(&l.id, l.year), to_canonical(l)?));
    }
    for m in &plan.meetings {
        out.push((layout::meeting(&m.id, m.kind), to_canonical(m)?));
    }
    for i in &plan.items {
        out.push((layout::item(&i.id, &i.meeting), to_canonical(i)?));
    }
    for r in &plan.reports {
        out.push((layout::report(&r.item, r.period), to_canonical(r)?));
    }
    Ok(out)
}

/// The canonical file text of the plan object `value` (as JSON) stored at `path`: the inverse
/// of [`typed_json`]. `None` when the path is not a plan object; an error when the value is not
/// an object of the path's kind.
pub fn canonical_from_json(path: &str, value: serde_json::Value) -> Option<Result<String, String>> {
    fn back<T: DeserializeOwned + serde::Serialize>(
        value: serde_json::Value,
    ) -> Result<String, String> {
        let typed: T = serde_json::from_value(value).map_err(|e| e.to_string())?;
        super::codec::to_canonical(&typed).map_err(|e| e.to_string())
    }
    let parts: Vec<&str> = path.split('/').collect();
    Some(match parts.as_slice() {
        [layout::PLAN] => back::<PlanMeta>(value),
        [layout::UNITS] => back::<Roster>(value),
        [layout::ACTIONS, _] => back::<Action>(value),
        [layout::MEASURES, _, _] => back::<Measure>(value),
        [layout::INDICATORS, _] => back::<Indicator>(value),
        [layout::TARGETS, _, _] => back::<SetTarget>(value),
        [layout::OBSERVATIONS, _, _] => back::<Observation>(value),
        [layout::LANDMARKS, _, _] => back::<Landmark>(value),
        [layout::MEETINGS, _, _] => back::<Meeting>(value),
        [layout::ITEMS, _, _] => back::<ActionItem>(value),
        [layout::STATUS, _, _, _, _] => back::<Report>(value),
        _ => return None,
    })
}

/// The object stored at `path` as JSON, with its id and (for reports) period, or `None` when
/// the path is not a plan object or does not parse.
pub fn typed_json(path: &str, bytes: &[u8]) -> Option<(String, Option<Period>, serde_json::Value)> {
    fn as_json<T: DeserializeOwned + serde::Serialize>(
        path: &str,
        bytes: &[u8],
    ) -> Option<serde_json::Value> {
        serde_json::to_value(parse::<T>(path, bytes).ok()?).ok()
    }
    let parts: Vec<&str> = path.split('/').collect();
    let name = stem(path).to_string();
    let value = match parts.as_slice() {
        [layout::PLAN] => ("plan".to_string(), None, as_json::<PlanMeta>(path, bytes)?),
        [layout::UNITS] => ("units".to_string(), None, as_json::<Roster>(path, bytes)?),
        [layout::ACTIONS, _] => (name, None, as_json::<Action>(path, bytes)?),
        [layout::MEASURES, _, _] => (name, None, as_json::<Measure>(path, bytes)?),
        [layout::INDICATORS, _] => (name, None, as_json::<Indicator>(path, bytes)?),
        [layout::TARGETS, ind, _] => (ind.to_string(), None, as_json::<SetTarget>(path, bytes)?),
        [layout::OBSERVATIONS, ind, _] => {
            let period = Period::parse(&name).ok()?;
            (
                ind.to_string(),
                Some(period),
                as_json::<Observation>(path, bytes)?,
            )
        }
        [layout::LANDMARKS, _, _] => (name, None, as_json::<Landmark>(path, bytes)?),
        [layout::MEETINGS, _, _] => (name, None, as_json::<Meeting>(path, bytes)?),
        [layout::ITEMS, _, _] => (name, None, as_json::<ActionItem>(path, bytes)?),
        [layout::STATUS, _, period, _, _] => {
            let period = Period::parse(period).ok()?;
            (name, Some(period), as_json::<Report>(path, bytes)?)
        }
        _ => return None,
    };
    Some(value)
}

/// The problems `check` would find in the file at `path` on its own (it parses as what its path
/// names, with this schema, and its id, item or period matches the path). A command never
/// rewrites a file with such a problem.
pub fn file_problems(path: &str, bytes: &[u8]) -> Vec<Problem> {
    if !path.ends_with(".ron") {
        return Vec::new();
    }
    let Some((name, period, value)) = typed_json(path, bytes) else {
        let mut problems = parse::<ron::Value>(path, bytes).err().unwrap_or_default();
        if problems.is_empty() {
            problems.push(Problem::file(path, Finding::NotAPlanObject));
        }
        return problems;
    };
    let mut problems = Vec::new();
    if let Some(schema) = value.get("schema").and_then(|v| v.as_u64())
        && schema != u64::from(SCHEMA)
    {
        problems.push(Problem::at(
            path,
            locate(bytes, "schema:"),
            Finding::SchemaUnsupported(schema),
        ));
    }
    let field = |k: &str| value.get(k).and_then(|v| v.as_str()).map(str::to_string);
    if let Some(p) = period {
        if field("item").is_some_and(|item| item != name) {
            problems.push(Problem::at(
                path,
                locate(bytes, "item:"),
                Finding::ReportItemMismatch,
            ));
        }
        if value.get("item").is_some() && field("period").is_some_and(|q| q != p.to_string()) {
            problems.push(Problem::at(
                path,
                locate(bytes, "period:"),
                Finding::ReportPeriodMismatch,
            ));
        }
    } else if let Some(id) = field("id")
        && id != stem(path)
    {
        problems.push(Problem::at(
            path,
            locate(bytes, "id:"),
            Finding::IdMismatch(id),
        ));
    }
    problems
}
