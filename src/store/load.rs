//! Loading a plan from any source: the files are found (listing every folder), parsed (or
//! taken from the parsed-plan cache by blob id) and validated (or, when the cache knows the
//! outcome of exactly this snapshot, not validated again).

use std::collections::{HashMap, HashSet};

use git2::Oid;
use serde::de::DeserializeOwned;

use super::cache::{Cache, Cached, Outcome};
use super::codec::{Problem, locate, parse};
use super::finding::Finding;
use super::layout;
use super::source::{Entry, FileStat, Source};
use super::validate::{Files, validate};
use crate::model::{
    Action, ActionItem, Cycle, Id, Indicator, Landmark, Measure, Meeting, Observation, Period,
    Plan, PlanMeta, Report, Roster, SCHEMA, SetTarget,
};

/// Which cycle reports to load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reports {
    /// Every report ever filed: the light needs the whole reporting history.
    All,
}

/// A loaded file: its value, path and raw bytes (to locate fields for messages), read when
/// first needed when the value came from a cache.
pub(super) struct Loaded<T> {
    pub value: T,
    pub path: String,
    bytes: std::cell::OnceCell<Vec<u8>>,
}

/// A plan file type: parsed from RON, kept in this thread's parse memo and in the plan cache.
pub(super) trait PlanFile: Cached {
    fn cached(cache: &mut Cache, id: Oid) -> Option<(Self, bool)> {
        cache.value::<Self>(id)
    }
    fn keep(&self, cache: &mut Cache, id: Oid, crlf: bool) {
        cache.put::<Self>(id, self, crlf);
    }
}

impl<T: Cached> PlanFile for T {}

/// Parsed files of this thread, by type and blob id, with whether the file had CRLF line ends:
/// loading two trees (a review) or the same files again (a TUI reload) parses only the files
/// whose bytes differ. Never a source of truth: keyed by the bytes themselves.
type ParseMemo = HashMap<(std::any::TypeId, Oid), std::rc::Rc<dyn std::any::Any>>;

thread_local! {
    static PARSED: std::cell::RefCell<ParseMemo> = Default::default();
}

/// Past this many entries the memo starts again (a long-running TUI over changing files).
const PARSED_MAX: usize = 400_000;

fn memo_get<T: PlanFile>(id: Oid) -> Option<(T, bool)> {
    let key = (std::any::TypeId::of::<T>(), id);
    let hit = PARSED.with(|c| c.borrow().get(&key).cloned())?;
    hit.downcast_ref::<(T, bool)>().cloned()
}

fn memo_put<T: PlanFile>(id: Oid, value: &T, crlf: bool) {
    PARSED.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= PARSED_MAX {
            c.clear();
        }
        c.insert(
            (std::any::TypeId::of::<T>(), id),
            std::rc::Rc::new((value.clone(), crlf)),
        );
    });
}

/// The git blob id of `bytes`.
pub(super) fn blob_id(bytes: &[u8]) -> Oid {
    Oid::hash_object(git2::ObjectType::Blob, bytes).unwrap_or(Oid::ZERO_SHA1)
}

/// A plan file found while listing: where it is, its blob id, its bytes when they were read.
struct Found {
    path: String,
    /// The folder below the kind's folder (`A3` of `measures/A3/A3-02.ron`).
    shard: String,
    id: Oid,
    bytes: Option<Vec<u8>>,
}

pub(super) struct Loader<'s, S: Source + ?Sized> {
    source: &'s S,
    cache: Option<&'s mut Cache>,
    pub problems: Vec<Problem>,
    /// Ids of files that failed to parse: references to them are not reported again.
    pub unparsed: HashSet<String>,
    /// Style problems: the file is read, but is not in canonical form (CRLF line ends).
    style: Vec<Problem>,
    /// Everything the load observed (folder entries, file ids, read failures): its hash is the
    /// snapshot key the outcome is recorded under.
    seen: Vec<u8>,
    /// False when something may read differently next time (a failed read, a file changed
    /// while it was loaded): the outcome is then not recorded.
    lasting: bool,
    /// The blob id of every file found, by path.
    ids: Vec<(String, Oid)>,
    /// The stat of each of those files when listed (work tree only).
    stats: Vec<Option<FileStat>>,
    /// Loading part of a plan ([`Want::Part`]): files are not identified.
    part: bool,
}

impl<'s, S: Source + ?Sized> Loader<'s, S> {
    fn new(source: &'s S, cache: Option<&'s mut Cache>, part: bool) -> Self {
        Loader {
            part,
            source,
            cache,
            problems: Vec::new(),
            unparsed: HashSet::new(),
            style: Vec::new(),
            seen: Vec::new(),
            lasting: true,
            ids: Vec::new(),
            stats: Vec::new(),
        }
    }

    fn list(&mut self, dir: &str) -> Vec<Entry> {
        let entries = self.source.list(dir);
        self.note(&[b"L ", dir.as_bytes()]);
        for e in &entries {
            let kind: &[u8] = if e.is_dir { b"\td" } else { b"\tf" };
            self.note(&[e.name.as_bytes(), kind]);
        }
        entries
    }

    /// Adds a line to what the load observed.
    fn note(&mut self, parts: &[&[u8]]) {
        for p in parts {
            self.seen.extend_from_slice(p);
        }
        self.seen.push(b'\n');
    }

    /// Notes the file at `path` with its id (`None`: read it now to learn it).
    fn find(&mut self, path: &str, shard: &str, entry: Option<&Entry>) -> Option<Found> {
        let id = entry.and_then(|e| e.id);
        let (id, bytes) = match id {
            Some(id) => (id, None),
            None => match self.source.read(path) {
                // Part of a plan is read once and never cached: its ids are not needed.
                Ok(bytes) if self.part => (Oid::ZERO_SHA1, Some(bytes)),
                Ok(bytes) => (blob_id(&bytes), Some(bytes)),
                Err(e) => {
                    self.problems.push(Problem::file(
                        path,
                        Finding::CannotRead {
                            kind: e.kind(),
                            text: e.to_string(),
                        },
                    ));
                    self.note(&[b"E ", path.as_bytes(), b"\t", e.to_string().as_bytes()]);
                    // A refused link or mode reads the same next time; anything else may not.
                    if e.kind() != std::io::ErrorKind::InvalidInput {
                        self.lasting = false;
                    }
                    return None;
                }
            },
        };
        self.note(&[b"F ", path.as_bytes(), b"\t", id.as_bytes()]);
        self.ids.push((path.to_string(), id));
        self.stats.push(entry.and_then(|e| e.stat));
        Some(Found {
            path: path.to_string(),
            shard: shard.to_string(),
            id,
            bytes,
        })
    }

    /// A file at a fixed path (plan.ron, units.ron).
    fn fixed(&mut self, path: &str) -> Option<Found> {
        self.find(path, "", None)
    }

    /// Every `.ron` file of `dir`, checking that file names are safe ids.
    fn files(&mut self, dir: &str, shard: &str, out: &mut Vec<Found>) {
        for entry in self.list(dir) {
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
            match self.find(&path, shard, Some(&entry)) {
                Some(f) => out.push(f),
                None => {
                    self.unparsed.insert(stem.to_string());
                }
            }
        }
    }

    /// Every `.ron` file one level of folders below `dir` (`measures/A3/A3-02.ron`).
    fn sharded(&mut self, dir: &str) -> Vec<Found> {
        let mut out = Vec::new();
        for entry in self.list(dir) {
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
            self.files(&path, &entry.name, &mut out);
        }
        out
    }

    /// Every report file, with its period.
    fn reports(&mut self) -> Vec<(Period, Found)> {
        let mut out = Vec::new();
        for cycle in Cycle::ALL {
            let dir = layout::cycle_dir(cycle);
            let mut periods: Vec<Period> = Vec::new();
            for e in self.list(&dir) {
                match Period::parse(&e.name) {
                    Ok(p) if p.cycle() == cycle && e.is_dir => periods.push(p),
                    _ => self.problems.push(Problem::file(
                        &format!("{dir}/{}", e.name),
                        Finding::NotAPeriodFolder(cycle),
                    )),
                }
            }
            for period in periods {
                for f in self.sharded(&layout::period_dir(period)) {
                    out.push((period, f));
                }
            }
        }
        out
    }

    /// The parsed value of a found file: from this thread's memo, the plan cache, or parsed.
    fn value<T: PlanFile>(&mut self, f: Found) -> Option<Loaded<T>> {
        self.value_or(f, None)
    }

    /// The cache's values of many files of one type, decoded together (see
    /// [`Cache::values`]); empty without a cache or for a few files.
    fn prefetch<T: PlanFile + Send>(&mut self, ids: Vec<Oid>) -> Vec<Option<(T, bool)>> {
        match self.cache.as_deref_mut() {
            Some(cache) if ids.len() >= 64 => cache.values::<T>(&ids),
            _ => Vec::new(),
        }
    }

    /// [`Loader::value`], given the cache's value when it was decoded already (`pre`).
    fn value_or<T: PlanFile>(&mut self, f: Found, pre: Option<(T, bool)>) -> Option<Loaded<T>> {
        let mut hit = if self.part { None } else { memo_get::<T>(f.id) };
        if hit.is_none() {
            hit = pre;
        }
        if hit.is_none()
            && let Some(cache) = self.cache.as_deref_mut()
        {
            // Not kept in the memo as well: the cache is at hand for a second load too.
            hit = T::cached(cache, f.id);
        }
        let (value, crlf, bytes) = match hit {
            Some((value, crlf)) => (value, crlf, f.bytes),
            None => {
                let bytes = match f.bytes {
                    Some(b) => b,
                    None => match self.source.read(&f.path) {
                        Ok(b) => b,
                        Err(e) => {
                            self.problems.push(Problem::file(
                                &f.path,
                                Finding::CannotRead {
                                    kind: e.kind(),
                                    text: e.to_string(),
                                },
                            ));
                            self.lasting = false;
                            self.unparsed.insert(stem(&f.path).to_string());
                            return None;
                        }
                    },
                };
                // Changed since it was listed: parsed as it is now, but neither kept under the
                // old id nor recorded as this snapshot's outcome.
                let id = if self.part { f.id } else { blob_id(&bytes) };
                let same = id == f.id && !self.part;
                self.lasting &= same;
                let crlf = super::codec::has_crlf(&bytes);
                match parse::<T>(&f.path, &bytes) {
                    Ok(value) => {
                        if same {
                            memo_put(id, &value, crlf);
                        }
                        if same && let Some(cache) = self.cache.as_deref_mut() {
                            value.keep(cache, id, crlf);
                        }
                        (value, crlf, Some(bytes))
                    }
                    Err(problems) => {
                        self.problems.extend(problems);
                        self.unparsed.insert(stem(&f.path).to_string());
                        return None;
                    }
                }
            }
        };
        if crlf {
            self.style
                .push(Problem::file(&f.path, Finding::CrlfLineEnds));
        }
        let cell = std::cell::OnceCell::new();
        if let Some(b) = bytes {
            let _ = cell.set(b);
        }
        Some(Loaded {
            value,
            path: f.path,
            bytes: cell,
        })
    }

    fn values<T: PlanFile>(&mut self, found: Vec<Found>) -> Vec<Loaded<T>> {
        found.into_iter().filter_map(|f| self.value(f)).collect()
    }

    fn sharded_values<T: PlanFile + Send>(
        &mut self,
        found: Vec<Found>,
    ) -> Vec<(String, Loaded<T>)> {
        let mut pre = self
            .prefetch::<T>(found.iter().map(|f| f.id).collect())
            .into_iter();
        found
            .into_iter()
            .filter_map(|f| {
                let shard = f.shard.clone();
                let pre = pre.next().flatten();
                self.value_or(f, pre).map(|v| (shard, v))
            })
            .collect()
    }

    /// A problem in `l` at the first occurrence of `needle` (its line and column).
    pub fn problem<T>(&mut self, l: &Loaded<T>, needle: &str, finding: Finding) {
        let source = self.source;
        let bytes = l
            .bytes
            .get_or_init(|| source.read(&l.path).unwrap_or_default());
        self.problems
            .push(Problem::at(&l.path, locate(bytes, needle), finding));
    }
}

pub(super) fn stem(path: &str) -> &str {
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
    let Reports::All = reports;
    let out = load_observed(source, None, Want::Plan);
    (out.plan, out.outcome.problems, out.outcome.style)
}

/// What a load is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Want {
    /// The plan and its problems.
    Plan,
    /// Only the problems (`check`): nothing is parsed when the cache knows the outcome.
    Problems,
    /// Part of a plan (what one item needs): parsed, not validated, no outcome recorded.
    Part,
}

/// A load: the plan (with [`Want::Plan`]), its outcome, and what the cache needs.
pub(super) struct Observed {
    pub plan: Option<Plan>,
    pub outcome: Outcome,
    /// The snapshot key, when the load read everything it observed in a lasting way.
    pub key: Option<Oid>,
    /// The blob id of every file found, by path.
    pub ids: Vec<(String, Oid)>,
    /// The stat of each of those files when it was listed (work tree only).
    pub stats: Vec<Option<FileStat>>,
}

/// Loads from `source`, with the plan cache when given: values by blob id, and the outcome of
/// a snapshot seen before (then nothing is validated again).
pub(super) fn load_observed<S: Source + ?Sized>(
    source: &S,
    cache: Option<&mut Cache>,
    want: Want,
) -> Observed {
    let mut l = Loader::new(source, cache, want == Want::Part);
    let meta = l.fixed(layout::PLAN);
    let roster = l.fixed(layout::UNITS);
    let mut actions = Vec::new();
    l.files(layout::ACTIONS, "", &mut actions);
    let measures = l.sharded(layout::MEASURES);
    let mut indicators = Vec::new();
    l.files(layout::INDICATORS, "", &mut indicators);
    let observations = l.sharded(layout::OBSERVATIONS);
    let targets = l.sharded(layout::TARGETS);
    let landmarks = l.sharded(layout::LANDMARKS);
    let meetings = l.sharded(layout::MEETINGS);
    let items = l.sharded(layout::ITEMS);
    let reports = l.reports();
    // Minutes are rendered, not loaded; listing them still refuses links among them.
    let _ = l.list(layout::MINUTES);
    let refused = source.refused();
    for (path, why) in &refused {
        let why = why.words(crate::model::Lang::En);
        l.note(&[b"X ", path.as_bytes(), b"\t", why.as_bytes()]);
    }
    let key = (l.lasting && want != Want::Part).then(|| blob_id(&l.seen));
    let known = match (key, l.cache.as_deref_mut()) {
        (Some(key), Some(cache)) => cache.outcome(key),
        _ => None,
    };
    if want == Want::Problems
        && let Some(known) = &known
    {
        return Observed {
            plan: None,
            outcome: (**known).clone(),
            key,
            ids: l.ids,
            stats: l.stats,
        };
    }
    let files = Files {
        meta: meta.and_then(|f| l.value(f)),
        roster: roster.and_then(|f| l.value(f)),
        actions: l.values(actions),
        measures: l.sharded_values(measures),
        indicators: l.values(indicators),
        observations: l.sharded_values(observations),
        targets: l.sharded_values(targets),
        landmarks: l.sharded_values(landmarks),
        meetings: l.sharded_values(meetings),
        items: l.sharded_values(items),
        reports: {
            let mut pre = l
                .prefetch::<Report>(reports.iter().map(|(_, f)| f.id).collect())
                .into_iter();
            reports
                .into_iter()
                .filter_map(|(p, f)| {
                    let pre = pre.next().flatten();
                    l.value_or(f, pre).map(|v| (p, v))
                })
                .collect()
        },
    };
    let outcome = match &known {
        Some(known) => (**known).clone(),
        None if want == Want::Part => Outcome {
            problems: std::mem::take(&mut l.problems),
            style: std::mem::take(&mut l.style),
        },
        None => {
            validate(&mut l, &files);
            for (path, why) in refused {
                l.problems.push(Problem::file(&path, why));
            }
            let mut problems = std::mem::take(&mut l.problems);
            problems.sort();
            problems.dedup();
            Outcome {
                problems,
                style: std::mem::take(&mut l.style),
            }
        }
    };
    // A file that changed while it was loaded makes the key stand for nothing.
    let key = key.filter(|_| l.lasting);
    if known.is_none()
        && let (Some(key), Some(cache)) = (key, l.cache.as_deref_mut())
    {
        cache.record_outcome(key, outcome.clone());
    }
    let (ids, stats) = (std::mem::take(&mut l.ids), std::mem::take(&mut l.stats));
    Observed {
        plan: assemble(files),
        outcome,
        key,
        ids,
        stats,
    }
}

/// The plan of the parsed files; `None` when `plan.ron` or `units.ron` is unusable.
fn assemble(files: Files) -> Option<Plan> {
    let (Some(meta), Some(roster)) = (files.meta, files.roster) else {
        return None;
    };
    let mut plan = Plan::new(
        meta.value,
        roster.value,
        files.actions.into_iter().map(|a| a.value).collect(),
        files.measures.into_iter().map(|(_, m)| m.value).collect(),
        files.indicators.into_iter().map(|i| i.value).collect(),
        files.landmarks.into_iter().map(|(_, l)| l.value).collect(),
        files.meetings.into_iter().map(|(_, m)| m.value).collect(),
        files.items.into_iter().map(|(_, i)| i.value).collect(),
        files
            .observations
            .into_iter()
            .map(|(_, o)| o.value)
            .collect(),
        files.reports.into_iter().map(|(_, r)| r.value).collect(),
    );
    plan.targets = files.targets.into_iter().map(|(_, t)| t.value).collect();
    plan.targets
        .sort_by(|a, b| (&a.indicator, a.year).cmp(&(&b.indicator, b.year)));
    Some(plan)
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

/// The value of the git blob `id` as the plan file at `path`: from this thread's memo, the
/// plan cache, or read and parsed (then kept in both). `None` when it does not parse.
pub(super) fn blob_value<T: PlanFile>(
    repo: &git2::Repository,
    cache: &mut Cache,
    path: &str,
    id: Oid,
) -> Option<T> {
    blob_lookup(repo, cache, path, id).ok().flatten()
}

/// [`blob_value`], telling a blob that is nowhere to be found (`Err`) from one that does not
/// parse (`Ok(None)`).
fn blob_lookup<T: PlanFile>(
    repo: &git2::Repository,
    cache: &mut Cache,
    path: &str,
    id: Oid,
) -> Result<Option<T>, git2::Error> {
    if let Some((v, _)) = memo_get::<T>(id) {
        return Ok(Some(v));
    }
    if let Some((v, _)) = T::cached(cache, id) {
        return Ok(Some(v));
    }
    let blob = repo.find_blob(id)?;
    let bytes = blob.content();
    let Ok(value) = parse::<T>(path, bytes) else {
        return Ok(None);
    };
    let crlf = super::codec::has_crlf(bytes);
    memo_put(id, &value, crlf);
    value.keep(cache, id, crlf);
    Ok(Some(value))
}

/// Which kind of plan file the loader reads at `path`, if any (as `load.rs` lists folders).
pub(super) fn kind_of(path: &str) -> Option<&'static str> {
    // At most five parts (a report's path), split without allocating.
    let mut parts = [""; 5];
    let mut n = 0;
    for part in path.split('/') {
        *parts.get_mut(n)? = part;
        n += 1;
    }
    let ron = |f: &str| f.strip_suffix(".ron").is_some_and(Id::is_valid);
    let folder = |d: &str| Id::is_valid(d);
    Some(match &parts[..n] {
        [layout::PLAN] => layout::PLAN,
        [layout::UNITS] => layout::UNITS,
        [layout::ACTIONS, f] if ron(f) => layout::ACTIONS,
        [layout::INDICATORS, f] if ron(f) => layout::INDICATORS,
        [layout::MEASURES, d, f] if folder(d) && ron(f) => layout::MEASURES,
        [layout::TARGETS, d, f] if folder(d) && ron(f) => layout::TARGETS,
        [layout::OBSERVATIONS, d, f] if folder(d) && ron(f) => layout::OBSERVATIONS,
        [layout::LANDMARKS, d, f] if folder(d) && ron(f) => layout::LANDMARKS,
        [layout::MEETINGS, d, f] if folder(d) && ron(f) => layout::MEETINGS,
        [layout::ITEMS, d, f] if folder(d) && ron(f) => layout::ITEMS,
        [layout::STATUS, c, p, a, f]
            if Cycle::parse(c).is_some_and(|cycle| {
                *c == cycle.key() && Period::parse(p).is_ok_and(|p| p.cycle() == cycle)
            }) && folder(a)
                && ron(f) =>
        {
            layout::STATUS
        }
        _ => return None,
    })
}

/// The plan of the files a load found before (path, blob id), read from the plan cache or the
/// repository by blob id: the same plan the load gave, as every file is where it was. `None`
/// when a file's value is neither cached nor in the repository.
pub(super) fn plan_of_files(
    repo: &git2::Repository,
    cache: &mut Cache,
    files: &[(String, Oid)],
) -> Option<Plan> {
    fn one<T: PlanFile>(
        repo: &git2::Repository,
        cache: &mut Cache,
        (path, id): (&str, Oid),
        into: &mut Vec<T>,
    ) -> Option<()> {
        // A file that does not parse is left out, as the load left it out.
        into.extend(blob_lookup(repo, cache, path, id).ok()?);
        Some(())
    }
    let count = |kind: &str| {
        files
            .iter()
            .filter(|(p, _)| p.split('/').next() == Some(kind))
            .count()
    };
    let (mut meta, mut roster) = (Vec::new(), Vec::new());
    let (mut actions, mut indicators, mut observations, mut targets) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut landmarks, mut meetings, mut items) = (Vec::new(), Vec::new(), Vec::new());
    let mut measures = Vec::with_capacity(count(layout::MEASURES));
    let mut reports = Vec::with_capacity(count(layout::STATUS));
    // Measures and reports, nearly every file, are decoded from the cache together (on
    // several threads); what the cache does not hold is read one by one, as the rest.
    let kinds: Vec<&str> = files
        .iter()
        .map(|(p, _)| kind_of(p))
        .collect::<Option<_>>()?;
    fn many<'a, T: PlanFile + Send>(
        repo: &git2::Repository,
        cache: &mut Cache,
        files: impl Iterator<Item = (&'a str, Oid)>,
        into: &mut Vec<T>,
    ) -> Option<()> {
        let files: Vec<(&'a str, Oid)> = files.collect();
        let ids: Vec<Oid> = files.iter().map(|(_, id)| *id).collect();
        for (file, value) in files.into_iter().zip(cache.values::<T>(&ids)) {
            match value {
                Some((v, _)) => into.push(v),
                None => one(repo, cache, file, into)?,
            }
        }
        Some(())
    }
    let of_kind = |kind: &'static str| {
        files
            .iter()
            .zip(&kinds)
            .filter(move |(_, k)| **k == kind)
            .map(|((p, id), _)| (p.as_str(), *id))
    };
    many(repo, cache, of_kind(layout::MEASURES), &mut measures)?;
    many(repo, cache, of_kind(layout::STATUS), &mut reports)?;
    for ((path, id), kind) in files.iter().zip(&kinds) {
        let file = (path.as_str(), *id);
        match *kind {
            layout::MEASURES | layout::STATUS => {}
            layout::PLAN => one(repo, cache, file, &mut meta)?,
            layout::UNITS => one(repo, cache, file, &mut roster)?,
            layout::ACTIONS => one(repo, cache, file, &mut actions)?,
            layout::INDICATORS => one(repo, cache, file, &mut indicators)?,
            layout::TARGETS => one(repo, cache, file, &mut targets)?,
            layout::OBSERVATIONS => one(repo, cache, file, &mut observations)?,
            layout::LANDMARKS => one(repo, cache, file, &mut landmarks)?,
            layout::MEETINGS => one(repo, cache, file, &mut meetings)?,
            layout::ITEMS => one(repo, cache, file, &mut items)?,
            _ => one(repo, cache, file, &mut reports)?,
        }
    }
    let (Some(meta), Some(roster)) = (meta.pop(), roster.pop()) else {
        return None;
    };
    let mut plan = Plan::new(
        meta,
        roster,
        actions,
        measures,
        indicators,
        landmarks,
        meetings,
        items,
        observations,
        reports,
    );
    plan.targets = targets;
    plan.targets
        .sort_by(|a: &SetTarget, b| (&a.indicator, a.year).cmp(&(&b.indicator, b.year)));
    Some(plan)
}
