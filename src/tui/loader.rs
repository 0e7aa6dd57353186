//! Reads that grow with the plan and its history run on a worker thread, so the screen keeps
//! answering keys while they run: loading the plan and its history (at start, after a commit,
//! after HEAD moved), the status line's clean/dirty and ahead/behind, the review, the open
//! meeting's agenda and a meeting's minutes. The worker opens the repository itself (a `Store`
//! is not shared between threads) and only reads; every write stays on the UI thread.
//!
//! Jobs run in the order asked; the same job asked again while it waits is not queued twice.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, TryRecvError, channel};
use std::time::Duration;

use chrono::NaiveDate;

use super::action::{Action, Effect};
use crate::model::{Cycle, Id, Lang};
use crate::store::{ReviewFrom, Store};

/// A read for the worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    /// The plan as last loaded and the newest history, from the caches (the whole load when
    /// they cannot tell).
    FirstPaint,
    /// The plan, its history and the status line.
    Reload,
    /// The status line only.
    Status,
    Review(Cycle),
    Meeting(Cycle),
    Minutes(Id),
}

impl Job {
    /// The job an effect is, when it is a read the worker runs.
    pub fn of(effect: &Effect) -> Option<Job> {
        Some(match effect {
            Effect::Reload => Job::Reload,
            Effect::LoadReview(kind) => Job::Review(*kind),
            Effect::LoadMeeting(kind) => Job::Meeting(*kind),
            Effect::LoadMinutes(id) => Job::Minutes(id.clone()),
            _ => return None,
        })
    }
}

/// The worker and the jobs it has not answered yet.
pub struct Loader {
    jobs: Sender<Job>,
    results: Receiver<(Job, Action)>,
    waiting: Vec<Job>,
    /// The status line being read was asked for before one of our writes: its answer may
    /// show the write half done (a temporary file) and is dropped.
    stale_status: bool,
}

impl Loader {
    /// Starts the worker on the repository at `root`.
    pub fn start(root: PathBuf, lang: Lang, today: NaiveDate) -> Loader {
        let (jobs, inbox) = channel::<Job>();
        let (outbox, results) = channel();
        std::thread::Builder::new()
            .name("taskforce-loader".into())
            .spawn(move || {
                let store = Store::open(&root).inspect(|s| s.set_lang(lang));
                // The newest commit whose history the app holds (every answer is taken, in
                // order), so a reload reads only the commits on top of it.
                let mut held = None;
                // Ends when the loop drops its sender (the TUI quit).
                while let Ok(job) = inbox.recv() {
                    let action = match (&store, &job) {
                        (Ok(store), Job::Reload) => {
                            super::effects::reload_after(store, today, &mut held)
                        }
                        (Ok(store), Job::FirstPaint) => {
                            super::effects::first_paint(store, today, &mut held)
                        }
                        (Ok(store), _) => run(store, &job, lang, today),
                        (Err(e), _) => Action::Failed(e.for_tui(lang)),
                    };
                    if outbox.send((job, action)).is_err() {
                        break;
                    }
                }
            })
            .expect("spawn the loader thread");
        Loader {
            jobs,
            results,
            waiting: Vec::new(),
            stale_status: false,
        }
    }

    /// The UI thread is about to write (or run anything that is not a read).
    pub fn writing(&mut self) {
        self.stale_status |= self.waits_for(&Job::Status);
    }

    /// Asks for `job` unless the same job is already waiting.
    pub fn submit(&mut self, job: Job) {
        if self.waiting.contains(&job) {
            return;
        }
        if self.jobs.send(job.clone()).is_ok() {
            self.waiting.push(job);
        }
    }

    /// Whether a job of this kind waits.
    pub fn waits_for(&self, job: &Job) -> bool {
        self.waiting.contains(job)
    }

    /// Whether any answer is awaited.
    pub fn busy(&self) -> bool {
        !self.waiting.is_empty()
    }

    /// Whether something the user waits for is being loaded (the status line shows a
    /// spinner): not the status line's own refresh every two seconds.
    pub fn loading(&self) -> bool {
        self.waiting.iter().any(|j| *j != Job::Status)
    }

    /// An answer, if one arrived.
    pub fn try_recv(&mut self) -> Option<Action> {
        self.recv_within(Duration::ZERO)
    }

    /// An answer, waiting for one up to `wait` (the run loop's first load: the plan shows the
    /// moment it arrives).
    pub fn recv_within(&mut self, wait: Duration) -> Option<Action> {
        let answer = if wait.is_zero() {
            self.results
                .try_recv()
                .map_err(|e| e == TryRecvError::Disconnected)
        } else {
            self.results
                .recv_timeout(wait)
                .map_err(|e| e == RecvTimeoutError::Disconnected)
        };
        match answer {
            Ok((job, action)) => {
                if let Some(i) = self.waiting.iter().position(|j| *j == job) {
                    self.waiting.remove(i);
                }
                if job == Job::Status && std::mem::take(&mut self.stale_status) {
                    // The next refresh (or the reload after the write) tells.
                    return None;
                }
                Some(action)
            }
            Err(false) => None,
            Err(true) => {
                self.waiting.clear();
                None
            }
        }
    }
}

/// Runs one job against `store` (the worker's).
pub(super) fn run(store: &Store, job: &Job, lang: Lang, today: NaiveDate) -> Action {
    let result = match job {
        Job::FirstPaint => return super::effects::first_paint(store, today, &mut None),
        Job::Reload => return super::effects::reload_after(store, today, &mut None),
        Job::Status => return Action::RepoChanged(super::repo_info(store)),
        Job::Review(kind) => store
            .review(&ReviewFrom::LastMeeting(*kind), today)
            .map(|r| Action::ReviewLoaded(Box::new(super::effects::review_data(*kind, &r))))
            .map_err(|e| e.for_tui(lang)),
        Job::Meeting(kind) => super::effects::load_meeting(store, *kind, today, lang)
            .map(|m| Action::MeetingLoaded(*kind, m.map(Box::new)))
            .map_err(|e| e.for_tui(lang)),
        Job::Minutes(id) => store
            .find_meeting(Some(id), today)
            .and_then(|m| {
                let text = store.render_minutes(&m, lang)?;
                Ok(Action::MinutesLoaded(m.id, m.closed, text))
            })
            .map_err(|e| e.for_tui(lang)),
    };
    result.unwrap_or_else(Action::Failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_run_on_the_worker_and_come_back_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("plan");
        Store::init(&root).expect("init");
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
        let mut loader = Loader::start(root, Lang::Zh, today);
        loader.submit(Job::Reload);
        loader.submit(Job::Reload);
        loader.submit(Job::Status);
        assert!(loader.busy() && loader.waits_for(&Job::Reload));
        let mut answers = Vec::new();
        let start = std::time::Instant::now();
        while loader.busy() && start.elapsed() < std::time::Duration::from_secs(60) {
            match loader.try_recv() {
                Some(a) => answers.push(a),
                None => std::thread::sleep(std::time::Duration::from_millis(5)),
            }
        }
        assert_eq!(
            answers.len(),
            2,
            "the second reload was not queued: {answers:?}"
        );
        let Action::Loaded(loaded) = &answers[0] else {
            panic!("a reload first: {:?}", answers[0]);
        };
        assert_eq!(loaded.snapshot.plan.measures.len(), 99);
        assert!(loaded.complete);
        assert!(matches!(answers[1], Action::RepoChanged(_)));
    }

    /// Waits for every job's answer.
    fn answers(loader: &mut Loader) -> Vec<Action> {
        let mut out = Vec::new();
        let start = std::time::Instant::now();
        while loader.busy() && start.elapsed() < std::time::Duration::from_secs(60) {
            match loader.try_recv() {
                Some(a) => out.push(a),
                None => std::thread::sleep(std::time::Duration::from_millis(5)),
            }
        }
        assert!(!loader.busy(), "the worker answered within a minute");
        out
    }

    #[test]
    fn a_status_line_read_during_our_write_is_dropped() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("plan");
        Store::init(&root).expect("init");
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
        let mut loader = Loader::start(root, Lang::Zh, today);
        loader.submit(Job::Status);
        assert!(!loader.loading(), "a status refresh shows no spinner");
        loader.writing();
        assert!(
            answers(&mut loader).is_empty(),
            "the stale status line is dropped"
        );
        loader.submit(Job::Status);
        let got = answers(&mut loader);
        assert!(
            matches!(got.as_slice(), [Action::RepoChanged(_)]),
            "the next one counts: {got:?}"
        );
    }

    /// A reload after commits on top reads only those commits; after HEAD went elsewhere, the
    /// whole history. Either way the app ends up with what a whole walk lists.
    #[test]
    fn a_reload_after_commits_on_top_reads_only_them() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("plan");
        Store::init(&root).expect("init");
        let git = |args: &[&str]| {
            let ok = std::process::Command::new("git")
                .arg("-C")
                .arg(&root)
                .args(["-c", "user.name=测试员", "-c", "user.email=t@example.org"])
                .args(args)
                .output()
                .expect("git")
                .status
                .success();
            assert!(ok, "git {args:?}");
        };
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
        let mut loader = Loader::start(root.clone(), Lang::Zh, today);
        let mut held: Vec<crate::store::Entry> = Vec::new();
        let reload = |loader: &mut Loader, held: &mut Vec<crate::store::Entry>| -> bool {
            loader.submit(Job::Reload);
            let got = answers(loader);
            let [Action::Loaded(loaded)] = got.as_slice() else {
                panic!("one load: {got:?}");
            };
            let loaded = (**loaded).clone();
            if loaded.newer_only {
                let mut h = loaded.snapshot.history;
                h.append(held);
                *held = h;
            } else {
                *held = loaded.snapshot.history;
            }
            let whole = Store::open(&root)
                .expect("open")
                .history(None, None)
                .expect("history");
            assert_eq!(*held, whole, "what the app holds is the whole history");
            loaded.newer_only
        };
        assert!(
            !reload(&mut loader, &mut held),
            "the first load walks everything"
        );
        assert_eq!(held.len(), 1);
        git(&["commit", "-q", "--allow-empty", "-m", "第一次"]);
        git(&["commit", "-q", "--allow-empty", "-m", "第二次"]);
        assert!(reload(&mut loader, &mut held), "two commits on top");
        assert_eq!(held.len(), 3);
        assert_eq!(held[0].summary, "第二次");
        assert!(reload(&mut loader, &mut held), "nothing new: nothing read");
        assert_eq!(held.len(), 3);
        git(&["reset", "-q", "--hard", "HEAD~1"]);
        assert!(
            !reload(&mut loader, &mut held),
            "HEAD went back: the whole walk"
        );
        assert_eq!(held.len(), 2);
        git(&["checkout", "-q", "-b", "side", "HEAD~1"]);
        git(&["commit", "-q", "--allow-empty", "-m", "旁支"]);
        git(&["checkout", "-q", "-"]);
        git(&["merge", "-q", "--no-ff", "-m", "合并", "side"]);
        assert!(
            !reload(&mut loader, &mut held),
            "a merge came in: the whole walk"
        );
        assert_eq!(held.len(), 4);
    }

    #[test]
    fn a_first_paint_comes_from_the_caches_once_a_whole_load_filled_them() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("plan");
        Store::init(&root).expect("init");
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
        let mut loader = Loader::start(root.clone(), Lang::Zh, today);
        // Nothing cached yet: the first paint is the whole load.
        loader.submit(Job::FirstPaint);
        let first = answers(&mut loader);
        let [Action::Loaded(whole)] = first.as_slice() else {
            panic!("one load: {first:?}");
        };
        assert!(whole.complete, "no cache: the whole load");
        assert_eq!(whole.snapshot.repo.dirty, None, "a status job tells");
        loader.submit(Job::Status);
        let status = answers(&mut loader);
        let [Action::RepoChanged(repo)] = status.as_slice() else {
            panic!("the status line: {status:?}");
        };
        assert_eq!(repo.dirty, Some(false));
        // A later start paints from the caches, then loads the work tree.
        let mut loader = Loader::start(root.clone(), Lang::Zh, today);
        loader.submit(Job::FirstPaint);
        let second = answers(&mut loader);
        let [Action::Loaded(cached)] = second.as_slice() else {
            panic!("one load: {second:?}");
        };
        assert!(!cached.complete, "from the caches");
        assert_eq!(cached.snapshot.plan.measures.len(), 99);
        let (a, b) = (&cached.snapshot.plan, &whole.snapshot.plan);
        assert_eq!(
            format!("{:?}{:?}{:?}", a.measures, a.actions, a.reports),
            format!("{:?}{:?}{:?}", b.measures, b.actions, b.reports),
            "the plan as last loaded"
        );
        assert_eq!(cached.snapshot.repo.dirty, None, "not looked at yet");
        assert_eq!(cached.snapshot.repo.branch, whole.snapshot.repo.branch);
        assert!(!cached.snapshot.history.is_empty());
        assert_eq!(cached.snapshot.history, whole.snapshot.history);
        assert_eq!(
            cached.lights.totals(),
            whole.lights.totals(),
            "the worker assessed the lights"
        );
    }
}
