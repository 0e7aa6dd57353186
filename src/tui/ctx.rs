//! What every screen reads and none owns: the loaded plan, its history, the repository facts,
//! the lights computed once per load, the language and today, and the layout numbers the run
//! loop measures. Screens get it as a read-only `Ctx`; only `App` changes it.

use std::ops::Deref;

use chrono::NaiveDate;

use super::action::{RepoInfo, Snapshot};
use super::node::Node;
use crate::model::{Cycle, Lang, Light, LightCounts, Plan};
use crate::store::Entry;

/// Values computed once per load so that a frame never assesses every measure.
#[derive(Debug, Clone, Default)]
pub struct Lights {
    lights: Vec<Light>,
    unreported: Vec<bool>,
    by_action: Vec<Vec<usize>>,
    counts: Vec<LightCounts>,
}

impl Lights {
    /// Assesses every measure of `plan` as of `today`.
    pub fn compute(plan: &Plan, today: NaiveDate) -> Lights {
        let lights: Vec<Light> = plan
            .measures
            .iter()
            .map(|m| plan.assess(m, today).light)
            .collect();
        let unreported = plan
            .measures
            .iter()
            .map(|m| !plan.reported(&m.id, m.cadence, today))
            .collect();
        let mut by_action = vec![Vec::new(); plan.actions.len()];
        for (i, m) in plan.measures.iter().enumerate() {
            if let Some(a) = plan.actions.iter().position(|a| a.id == m.action) {
                by_action[a].push(i);
            }
        }
        let counts = by_action
            .iter()
            .map(|ms| {
                let mut c = LightCounts::default();
                for &i in ms {
                    match lights[i] {
                        Light::Green => c.green += 1,
                        Light::Blue => c.blue += 1,
                        Light::Unreported => c.unreported += 1,
                        Light::Yellow => c.yellow += 1,
                        Light::Red => c.red += 1,
                    }
                }
                c
            })
            .collect();
        Lights {
            lights,
            unreported,
            by_action,
            counts,
        }
    }

    /// The light of the measure at index `i`.
    pub fn light(&self, i: usize) -> Light {
        self.lights.get(i).copied().unwrap_or(Light::Green)
    }

    /// Whether the measure at index `i` has no report for its cadence's current period.
    pub fn unreported(&self, i: usize) -> bool {
        self.unreported.get(i).copied().unwrap_or(false)
    }

    /// The indexes of the measures of the action at index `a`.
    pub fn measures_of(&self, a: usize) -> &[usize] {
        self.by_action.get(a).map_or(&[], Vec::as_slice)
    }

    /// Light counts (未报 included) for the action at index `i`.
    pub fn action_counts(&self, i: usize) -> LightCounts {
        self.counts.get(i).copied().unwrap_or_default()
    }

    /// Light counts (未报 included) over every measure of the plan.
    pub fn totals(&self) -> LightCounts {
        let mut total = LightCounts::default();
        for c in &self.counts {
            total.green += c.green;
            total.blue += c.blue;
            total.unreported += c.unreported;
            total.yellow += c.yellow;
            total.red += c.red;
        }
        total
    }
}

/// The data shared by every screen.
#[derive(Debug, Clone)]
pub struct Data {
    pub lang: Lang,
    pub today: NaiveDate,
    pub plan: Plan,
    /// The plan's typed history, newest first.
    pub history: Vec<Entry>,
    /// False while `history` holds only the newest entries (a first paint from the caches).
    pub history_complete: bool,
    pub repo: RepoInfo,
    pub lights: Lights,
    /// The meeting kind the review and meeting screens showed last.
    pub kind: Cycle,
    /// Rows of the main pane (set from the terminal size).
    pub page: usize,
    /// Lines of the top screen's content as last drawn: the run loop measures the view and
    /// sets it, so state never calls view code.
    pub lines: usize,
    /// The time of day of the last key, set by the run loop (`None` in tests: forms then
    /// default to 09:00).
    pub clock: Option<chrono::NaiveTime>,
    /// The spinner's frame while the worker loads something (the status line shows it).
    pub loading: Option<char>,
    /// The plan reloads after the app's own write: keys wait for it (the run loop holds them).
    pub settling: bool,
}

impl Data {
    /// The data of `snapshot`, its lights assessed as of `today`.
    pub fn new(snapshot: Snapshot, lang: Lang, today: NaiveDate) -> Data {
        let lights = Lights::compute(&snapshot.plan, today);
        Data::assessed(snapshot, lights, true, lang, today)
    }

    /// The data of `snapshot` with its lights already assessed (by the worker).
    pub fn assessed(
        snapshot: Snapshot,
        lights: Lights,
        history_complete: bool,
        lang: Lang,
        today: NaiveDate,
    ) -> Data {
        Data {
            lang,
            today,
            plan: snapshot.plan,
            history: snapshot.history,
            history_complete,
            repo: snapshot.repo,
            lights,
            kind: Cycle::Monthly,
            page: 20,
            lines: 0,
            clock: None,
            loading: None,
            settling: false,
        }
    }

    /// Takes a newly loaded snapshot (problems aside) and assesses it again.
    pub fn load(&mut self, snapshot: Snapshot) {
        let lights = Lights::compute(&snapshot.plan, self.today);
        self.take(snapshot, lights, true);
    }

    /// Takes a snapshot whose lights the worker assessed.
    pub fn take(&mut self, snapshot: Snapshot, lights: Lights, history_complete: bool) {
        let old = (
            std::mem::replace(&mut self.lights, lights),
            std::mem::replace(&mut self.plan, snapshot.plan),
            std::mem::replace(&mut self.history, snapshot.history),
        );
        self.history_complete = history_complete;
        self.repo = snapshot.repo;
        // Freeing a large plan takes milliseconds the keys should not wait for.
        if self.plan.measures.len() > 1000 {
            let _ = std::thread::Builder::new()
                .name("taskforce-free".into())
                .spawn(move || drop(old));
        }
    }

    /// Takes a load whose history holds only the entries newer than ours: they go on top.
    pub fn take_newer(&mut self, snapshot: Snapshot, lights: Lights) {
        let mut history = snapshot.history;
        history.append(&mut self.history);
        self.take(
            Snapshot {
                history,
                ..snapshot
            },
            lights,
            true,
        );
    }

    /// The history entries that change `id`, newest first.
    pub fn history_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Entry> + 'a {
        self.history
            .iter()
            .filter(move |e| e.changes.iter().any(|c| c.id == id))
    }
}

/// What a screen reads while it updates or draws: the shared data and the tree's selection.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    pub data: &'a Data,
    /// The node selected in the tree (forms opened elsewhere start from it).
    pub selected: Option<&'a Node>,
    /// While drawing: whether the screen drawn is the top one, the one taking keys.
    pub top: bool,
}

impl Deref for Ctx<'_> {
    type Target = Data;

    fn deref(&self) -> &Data {
        self.data
    }
}

/// A message at the bottom of the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

impl Message {
    /// An information message.
    pub fn info(text: impl Into<String>) -> Message {
        Message {
            text: text.into(),
            error: false,
        }
    }

    /// An error message.
    pub fn error(text: impl Into<String>) -> Message {
        Message {
            text: text.into(),
            error: true,
        }
    }
}

/// Rows of the main pane in a terminal `height` rows high (borders, footer and status excluded).
pub fn page_rows(height: u16) -> usize {
    usize::from(height).saturating_sub(4)
}

/// This year and quarter, as of `today`.
pub fn year_quarter(today: NaiveDate) -> (i32, u8) {
    use chrono::Datelike;
    (today.year(), (today.month0() / 3 + 1) as u8)
}
