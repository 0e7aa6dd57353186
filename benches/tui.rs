//! TUI timings: start to first full frame on the bundled plan and on 10,000 measures, and the
//! frame time while scrolling at 10,000 measures, and how long the UI thread is busy taking a
//! load from the worker. Run with `cargo bench --bench tui`; it exits
//! non-zero when a target is missed (50 ms, 500 ms, 5 ms per redraw, 16 ms to take a load).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use taskforce::model::{Id, Measure};
use taskforce::store::{Store, layout, to_canonical};
use taskforce::tui::{self, Action, App};

const WIDTH: u16 = 160;
const HEIGHT: u16 = 48;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).expect("date")
}

/// Opens the store, loads everything the TUI shows, and draws the first frame.
fn first_frame(root: &Path) -> (Duration, App) {
    let start = Instant::now();
    let store = Store::open(root).expect("open");
    let snapshot = tui::snapshot(&store).expect("snapshot");
    let mut app = App::new(snapshot, taskforce::model::Lang::Zh, today());
    app.update(Action::Resize(WIDTH, HEIGHT));
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("terminal");
    terminal
        .draw(|f| f.render_widget(&app, f.area()))
        .expect("draw");
    (start.elapsed(), app)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Adds copies of the bundled measures until the plan has `total`, and commits them.
fn grow(store: &Store, total: usize) {
    let plan = store
        .load_valid(taskforce::store::Reports::All)
        .expect("plan");
    let base: Vec<Measure> = plan.measures.clone();
    let mut n = base.len();
    let mut k = 0;
    while n < total {
        let mut m = base[k % base.len()].clone();
        m.id = Id::parse(&format!("{}-{:05}", m.action, 100 + k)).expect("id");
        m.title = format!("{}（副本{k}）", m.title);
        let path = store.root().join(layout::measure(&m.id));
        std::fs::write(&path, to_canonical(&m).expect("ron")).expect("write");
        n += 1;
        k += 1;
    }
    let git = |args: &[&str]| {
        let ok = Command::new("git")
            .arg("-C")
            .arg(store.root())
            .args(args)
            .output()
            .expect("git")
            .status
            .success();
        assert!(ok, "git {args:?}");
    };
    git(&["add", "-A"]);
    git(&[
        "-c",
        "user.name=bench",
        "-c",
        "user.email=bench@example.org",
        "commit",
        "-qm",
        "bench: more measures",
    ]);
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    // `cargo test --all-targets` runs this without `--bench`, in a debug build: a smoke run of
    // a few hundred measures without timing targets keeps it fast and deterministic.
    let timed = std::env::args().any(|a| a == "--bench");
    let total = if timed { 10_000 } else { 300 };
    let mut failed = false;
    let mut check = |what: &str, took: Duration, target: Duration| {
        let verdict = if took <= target { "ok" } else { "MISSED" };
        println!(
            "{what:<48} {:>9.2} ms  (target {:>4} ms) {verdict}",
            took.as_secs_f64() * 1e3,
            target.as_millis()
        );
        failed |= timed && took > target;
    };

    let dir = tempfile::tempdir().expect("temp dir");
    let small = dir.path().join("small");
    Store::init(&small).expect("init");
    let runs: Vec<Duration> = (0..20).map(|_| first_frame(&small).0).collect();
    check(
        "first frame, bundled plan (median of 20)",
        median(runs),
        Duration::from_millis(50),
    );

    let big = dir.path().join("big");
    let store = Store::init(&big).expect("init");
    grow(&store, total);
    drop(store);
    let mut times = Vec::new();
    for _ in 0..5 {
        let (took, app) = first_frame(&big);
        assert_eq!(
            app.data.plan.measures.len(),
            total,
            "the big plan loaded every measure"
        );
        times.push(took);
    }
    check(
        &format!("first frame, {total} measures (median of 5)"),
        median(times),
        Duration::from_millis(500),
    );

    // The loop asks the worker for the status line every 2 s (clean or dirty, ahead/behind):
    // off the UI thread, it only bounds how fresh that line is.
    let store = Store::open(&big).expect("open");
    let polls: Vec<Duration> = (0..5)
        .map(|_| {
            let start = Instant::now();
            let _ = tui::repo_info(&store);
            start.elapsed()
        })
        .collect();
    check(
        &format!("status line poll, {total} measures"),
        median(polls),
        Duration::from_millis(50),
    );

    // A load that arrives from the worker (after a commit, a HEAD move): what the UI thread
    // does with it, the lights assessed on the worker beforehand, plus the frame that shows it.
    // Input waits for no longer than this.
    let (_, mut app) = first_frame(&big);
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("terminal");
    // The screen as it is before the load arrives.
    terminal
        .draw(|f| f.render_widget(&app, f.area()))
        .expect("draw");
    let takes: Vec<Duration> = (0..5)
        .map(|_| {
            let snapshot = tui::snapshot(&store).expect("snapshot");
            let lights = tui::ctx::Lights::compute(&snapshot.plan, today());
            let loaded = tui::Loaded {
                snapshot,
                lights,
                complete: true,
                newer_only: false,
            };
            let start = Instant::now();
            app.update(Action::Loaded(Box::new(loaded)));
            terminal
                .draw(|f| f.render_widget(&app, f.area()))
                .expect("draw");
            start.elapsed()
        })
        .collect();
    check(
        &format!("taking a load on the UI thread, {total} measures (worst of 5)"),
        *takes.iter().max().expect("takes"),
        Duration::from_millis(16),
    );

    let (_, mut app) = first_frame(&big);
    app.update(Action::ExpandAll);
    let mut terminal = Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("terminal");
    let mut frames = Vec::new();
    for i in 0..if timed { 2_000 } else { 200 } {
        let action = if i % 50 == 49 {
            Action::PageDown
        } else {
            Action::MoveDown
        };
        let start = Instant::now();
        app.update(action);
        terminal
            .draw(|f| f.render_widget(&app, f.area()))
            .expect("draw");
        frames.push(start.elapsed());
    }
    let worst = *frames.iter().max().expect("frames");
    check(
        &format!("redraw while scrolling, {total} measures (median)"),
        median(frames.clone()),
        Duration::from_millis(5),
    );
    check(
        &format!("redraw while scrolling, {total} measures (worst)"),
        worst,
        Duration::from_millis(20),
    );
    if failed {
        std::process::exit(1);
    }
}
