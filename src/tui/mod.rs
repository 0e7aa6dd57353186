//! The terminal front end: the run loop, which owns the terminal and performs the app's effects
//! against the store. `App::update` stays pure; views only read `&App`.
//!
//! Keypress → the top screen's key table → `Action` → `App::update` → the top screen's
//! `update` → `Effect` (run here) → `Action` → render.
//!
//! Module map: `app` (the screen stack and routing), `ctx` (shared data), `screens/` (one
//! module per screen: state, keys, view), `forms/` (one form screen over a shared field type,
//! a file per form), `frame` (footer, status line, drawing the stack), `keys`, `widgets`.

pub mod action;
pub mod app;
pub mod component;
pub mod ctx;
mod effects;
pub mod forms;
pub mod frame;
pub mod keys;
pub mod loader;
pub mod markdown;
pub mod node;
pub mod screens;
#[cfg(test)]
mod tests;
pub mod widgets;

use std::time::{Duration, Instant};

use anyhow::Context as _;
use chrono::NaiveDate;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyEventKind,
};

pub use action::{
    Action, CarriedRow, Effect, ImportPreview, Loaded, MeetingData, RepoInfo, ReviewData, Snapshot,
};
pub use app::App;
use loader::{Job, Loader};

use crate::model::Lang;
use crate::store::{Reports, Store};

/// How often the loop looks for a moved HEAD (another process, a `git pull`).
const HEAD_POLL: Duration = Duration::from_millis(500);
/// How often the status line's clean/dirty and ahead/behind are refreshed.
const STATUS_POLL: Duration = Duration::from_secs(2);

/// Loads everything the app shows from the store.
pub fn snapshot(store: &Store) -> crate::store::Result<Snapshot> {
    let (plan, problems) = store.load(Reports::All);
    let Some(plan) = plan else {
        return Err(crate::store::Error::Invalid(problems));
    };
    let history = store.history(None, None)?;
    Ok(Snapshot {
        plan,
        history,
        repo: repo_info(store),
        problems: problems.iter().map(|p| p.words(store.lang())).collect(),
    })
}

/// Branch, clean or dirty, and ahead/behind the upstream.
pub fn repo_info(store: &Store) -> RepoInfo {
    let state = store.state();
    RepoInfo {
        path: store.root().display().to_string(),
        branch: state.branch,
        dirty: Some(state.dirty),
        ahead_behind: state.ahead_behind,
        last_sync: store.last_sync(),
    }
}

fn head_oid(store: &Store) -> Option<String> {
    store.head_commit()
}

/// Runs the TUI on `store` until the user quits, showing `notice` first if there is one; the
/// terminal is restored on every path.
/// Why the TUI could not open or ended with an error.
#[derive(Debug)]
pub enum OpenError {
    /// The plan repository could not be found, created or opened.
    Store(crate::store::Error),
    /// The terminal failed.
    Terminal(anyhow::Error),
}

/// Opens the plan repository (`repo`, else the usual places, creating it on first use) and
/// runs the TUI on it.
pub fn open(repo: Option<&std::path::Path>, lang: Lang, today: NaiveDate) -> Result<(), OpenError> {
    let (dir, created) = crate::store::resolve(repo).map_err(OpenError::Store)?;
    // The TUI shows the "created the repository" message itself: the alternate screen would
    // hide it on stderr.
    let created = created.then(|| match lang {
        Lang::Zh => format!("已用内置方案新建计划仓库：{}", dir.display()),
        Lang::En => format!(
            "created the plan repository {} from the bundled plan",
            dir.display()
        ),
    });
    crate::store::set_command_name("tui");
    // Large buffers (a file read whole, a vector of every measure while the plan is built)
    // go back to the system when freed rather than staying in the heap: the TUI stays open
    // for hours, and its peak memory is then what it holds, not what it once held.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a malloc parameter; called before the worker thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 64 * 1024);
    }
    let store = Store::open(&dir).map_err(OpenError::Store)?;
    store.set_lang(lang);
    store.recover();
    let notices = store.take_notices();
    let notice = match (created, notices.is_empty()) {
        (c, true) => c,
        (c, false) => Some(c.into_iter().chain(notices).collect::<Vec<_>>().join(" ")),
    };
    run(store, lang, today, notice).map_err(OpenError::Terminal)
}

pub fn run(
    store: Store,
    lang: Lang,
    today: NaiveDate,
    notice: Option<String>,
) -> anyhow::Result<()> {
    let mut terminal = open_terminal().context("opening the terminal")?;
    // The first frame is drawn at once; the plan loads on the worker meanwhile.
    let mut loader = Loader::start(store.root().to_path_buf(), lang, today);
    loader.submit(Job::FirstPaint);
    let result = match first_load(&mut terminal, &mut loader, lang) {
        Ok(Some(loaded)) => {
            // A first paint from the caches: the whole load follows on the worker once the
            // frame is out (not competing with drawing it), then the status line's clean or
            // dirty.
            let mut after_first_frame = Vec::new();
            if !loaded.complete {
                after_first_frame.push(Job::Reload);
            }
            after_first_frame.push(Job::Status);
            let mut app = App::loaded(loaded, lang, today);
            if let Some(text) = notice {
                app.message = Some(ctx::Message::info(text));
            }
            event_loop(
                &mut terminal,
                &store,
                &mut app,
                &mut loader,
                after_first_frame,
            )
        }
        Ok(None) => Ok(()),
        Err(e) => Err(e),
    };
    close_terminal();
    result
}

/// Spinner frames for the status line and the first frame.
const SPINNER: [char; 8] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧'];

fn spinner() -> char {
    let tick = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() / 100);
    SPINNER[(tick % SPINNER.len() as u128) as usize]
}

/// Draws the loading frame until the plan arrives; `None` when the user quit first.
fn first_load(
    terminal: &mut DefaultTerminal,
    loader: &mut Loader,
    lang: Lang,
) -> anyhow::Result<Option<Loaded>> {
    loop {
        terminal.draw(|frame| {
            let text = format!(
                " {} {}",
                spinner(),
                lang.pick("正在载入计划…（q 退出）", "loading the plan… (q quits)")
            );
            frame.render_widget(
                ratatui::widgets::Paragraph::new(text).block(
                    ratatui::widgets::Block::bordered().title(lang.pick(" 计划 ", " Plan ")),
                ),
                frame.area(),
            );
        })?;
        // Wait for the plan (it shows the moment it arrives), looking at the keys every frame.
        while let Some(action) = loader.recv_within(Duration::from_millis(16)) {
            match action {
                Action::Loaded(loaded) => return Ok(Some(*loaded)),
                Action::Failed(text) => anyhow::bail!(text),
                _ => {}
            }
        }
        if event::poll(Duration::ZERO)?
            && let Event::Key(key) = event::read()?
            && key.kind == KeyEventKind::Press
        {
            let quit = matches!(key.code, event::KeyCode::Char('q') | event::KeyCode::Esc)
                || (key.code == event::KeyCode::Char('c')
                    && key.modifiers.contains(event::KeyModifiers::CONTROL));
            if quit {
                return Ok(None);
            }
        }
    }
}

/// Raw mode, the alternate screen and bracketed paste (so pasted text arrives in one piece and
/// its newlines do not act as Enter); a panic restores the terminal before its message prints.
pub(crate) fn open_terminal() -> std::io::Result<DefaultTerminal> {
    let terminal = ratatui::try_init().inspect_err(|_| ratatui::restore())?;
    let ratatui_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = ratatui::crossterm::execute!(std::io::stdout(), DisableBracketedPaste);
        ratatui_hook(info);
    }));
    if let Err(e) = ratatui::crossterm::execute!(std::io::stdout(), EnableBracketedPaste) {
        close_terminal();
        return Err(e);
    }
    Ok(terminal)
}

pub(crate) fn close_terminal() {
    let _ = ratatui::crossterm::execute!(std::io::stdout(), DisableBracketedPaste);
    ratatui::restore();
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    store: &Store,
    app: &mut App,
    loader: &mut Loader,
    mut after_first_frame: Vec<Job>,
) -> anyhow::Result<()> {
    let size = terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    let mut head = head_oid(store);
    let mut last_poll = Instant::now();
    let mut last_status = Instant::now();
    let mut dirty = true;
    // Keys typed while the plan reloads after our own write wait for it, so a form opened
    // right after a commit shows what was just committed; they are then handled in order.
    let mut held: std::collections::VecDeque<Event> = std::collections::VecDeque::new();
    loop {
        // Answers of the worker: a loaded plan, review, agenda, minutes or status line.
        while let Some(action) = loader.try_recv() {
            dirty = true;
            // A load leaves clean or dirty to a status job, asked for at once.
            if matches!(&action, Action::Loaded(l) if l.snapshot.repo.dirty.is_none()) {
                loader.submit(Job::Status);
                last_status = Instant::now();
            }
            if dispatch(terminal, store, app, loader, action, &mut head) {
                return Ok(());
            }
        }
        let settling = app.data.settling && loader.waits_for(&Job::Reload);
        if !settling {
            app.data.settling = false;
            while let Some(event) = held.pop_front() {
                dirty = true;
                if let Some(action) = event_action(app, event)
                    && dispatch(terminal, store, app, loader, action, &mut head)
                {
                    return Ok(());
                }
                if app.data.settling {
                    break;
                }
            }
        }
        app.data.loading = loader.loading().then(spinner);
        if loader.loading() {
            dirty = true;
        }
        if dirty {
            terminal.draw(|frame| {
                frame.render_widget(&*app, frame.area());
                // The terminal cursor sits on the caret, so an input method's window follows it.
                if let Some(at) = frame::caret(app, frame.buffer_mut()) {
                    frame.set_cursor_position(at);
                }
            })?;
            app.measured(frame::content_lines(app));
            dirty = false;
            // The bench's first-paint row: the process ends with the first frame, so its peak
            // memory is what the first paint took (nothing else has started yet).
            if !after_first_frame.is_empty()
                && std::env::var_os("TASKFORCE_BENCH_FIRST_FRAME").is_some()
            {
                return Ok(());
            }
            for job in after_first_frame.drain(..) {
                loader.submit(job);
                dirty = true;
            }
        }
        // While the worker loads, wake every frame to animate the spinner and take its answer.
        let wait = if loader.busy() { 16 } else { 100 };
        if event::poll(Duration::from_millis(wait))? {
            let event = event::read()?;
            let quit = matches!(&event, Event::Key(k) if k.code == event::KeyCode::Char('c')
                && k.modifiers.contains(event::KeyModifiers::CONTROL));
            if (app.data.settling || !held.is_empty())
                && !quit
                && !matches!(event, Event::Resize(..))
            {
                held.push_back(event);
            } else if let Some(action) = event_action(app, event) {
                dirty = true;
                if dispatch(terminal, store, app, loader, action, &mut head) {
                    return Ok(());
                }
            }
        }
        if last_status.elapsed() >= STATUS_POLL {
            last_status = Instant::now();
            // Ahead/behind can take a while when far apart: the worker counts.
            loader.submit(Job::Status);
        }
        if last_poll.elapsed() >= HEAD_POLL {
            last_poll = Instant::now();
            let now = head_oid(store);
            if now != head {
                head = now;
                loader.submit(Job::Reload);
            }
        }
    }
}

/// The action of a terminal event on the app as it is now.
fn event_action(app: &mut App, event: Event) -> Option<Action> {
    match event {
        // Some terminals also send key releases.
        Event::Key(key) if key.kind == KeyEventKind::Press => {
            app.data.clock = Some(chrono::Local::now().time());
            app.action_for(&key)
        }
        Event::Resize(w, h) => Some(Action::Resize(w, h)),
        Event::Paste(text) => Some(Action::Paste(text)),
        _ => None,
    }
}

/// Feeds `action` to the app and runs the effects it asks for; true when the app quits.
fn dispatch(
    terminal: &mut DefaultTerminal,
    store: &Store,
    app: &mut App,
    loader: &mut Loader,
    action: Action,
    head: &mut Option<String>,
) -> bool {
    let mut next = Some(action);
    while let Some(action) = next.take() {
        let Some(effect) = app.update(action) else {
            break;
        };
        if matches!(effect, Effect::Quit) {
            return true;
        }
        if matches!(effect, Effect::Reload) {
            *head = head_oid(store);
        }
        // Reads go to the worker; their answers come back through the loop. After the app's
        // own write (or R, or a sync) the keys that follow wait for the new plan.
        if matches!(effect, Effect::Reload) {
            app.data.settling = true;
        }
        if let Some(job) = Job::of(&effect) {
            loader.submit(job);
            break;
        }
        // A status line the worker is reading meanwhile may see this write half done.
        loader.writing();
        next = Some(effects::perform(
            terminal,
            store,
            app.data.today,
            app.data.lang,
            effect,
        ));
    }
    false
}
