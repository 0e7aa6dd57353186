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
    Action, CarriedRow, Effect, ImportPreview, MeetingData, RepoInfo, ReviewData, Snapshot,
};
pub use app::App;
use loader::{Job, Loader};

use crate::model::{Cycle, Lang};
use crate::store::{Identity, Outcome, Reports, ReviewFrom, Store};

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
        dirty: state.dirty,
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
    loader.submit(Job::Reload);
    let result = match first_load(&mut terminal, &mut loader, lang) {
        Ok(Some(snapshot)) => {
            let mut app = App::new(snapshot, lang, today);
            if let Some(text) = notice {
                app.message = Some(ctx::Message::info(text));
            }
            event_loop(&mut terminal, &store, &mut app, &mut loader)
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
) -> anyhow::Result<Option<Snapshot>> {
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
        while let Some(action) = loader.try_recv() {
            match action {
                Action::Reloaded(snapshot) => return Ok(Some(*snapshot)),
                Action::Failed(text) => anyhow::bail!(text),
                _ => {}
            }
        }
        if event::poll(Duration::from_millis(30))?
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
fn open_terminal() -> std::io::Result<DefaultTerminal> {
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

fn close_terminal() {
    let _ = ratatui::crossterm::execute!(std::io::stdout(), DisableBracketedPaste);
    ratatui::restore();
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    store: &Store,
    app: &mut App,
    loader: &mut Loader,
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
        app.data.loading = loader.busy().then(spinner);
        if loader.busy() {
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
        }
        // While the worker loads, wake often enough to animate the spinner and take its answer.
        let wait = if loader.busy() { 30 } else { 100 };
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
        next = Some(perform(
            terminal,
            store,
            app.data.today,
            app.data.lang,
            effect,
        ));
    }
    false
}

fn reload(store: &Store) -> Action {
    match snapshot(store) {
        Ok(s) => Action::Reloaded(Box::new(s)),
        Err(e) => Action::Failed(e.for_tui(store.lang())),
    }
}

fn identity(store: &Store) -> Result<Identity, String> {
    store
        .identity()
        .ok_or_else(|| crate::store::Error::NoIdentity.for_tui(store.lang()))
}

/// A preview's summary and, on a second line, the light the write gives and why, beside the
/// light the unit reported: `报送：黄 · 计算：红（…）`.
fn with_verdict(summary: String, light: Option<&crate::store::LightPreview>, lang: Lang) -> String {
    match light {
        Some(p) => format!(
            "{summary}\n{}",
            crate::model::verdict(p.reported, &p.after, lang)
        ),
        None => summary,
    }
}

/// `S`: the same sync as `taskforce sync origin`, with the sides chosen on the conflict
/// screen; conflicts open that screen (nothing was changed).
fn sync(
    store: &Store,
    who: &Identity,
    take: &std::collections::HashMap<String, crate::merge::Side>,
    lang: Lang,
) -> Result<Action, String> {
    use crate::store::sync::Synced;
    match store.sync("origin", take, who) {
        Ok(Synced::Done(r)) => Ok(Action::Synced(match lang {
            Lang::Zh => format!(
                "已同步 {}/{}：收到{}个提交，推送{}个提交{}",
                r.remote,
                r.branch,
                r.pulled,
                r.pushed,
                r.not_pushed.map(|w| format!("；{w}")).unwrap_or_default()
            ),
            Lang::En => format!(
                "synced with {}/{}: {} received, {} pushed{}",
                r.remote,
                r.branch,
                r.pulled,
                r.pushed,
                r.not_pushed.map(|w| format!("; {w}")).unwrap_or_default()
            ),
        })),
        Ok(Synced::Conflicts(c)) => Ok(Action::SyncConflicts(c)),
        Ok(Synced::Invalid(p)) => Err(lang
            .pick(
                &format!(
                    "未同步：合并后的计划无法通过检查（{}处问题），仓库未改动",
                    p.len()
                ),
                &format!(
                    "not synced: the merged plan fails check ({} problems); nothing changed",
                    p.len()
                ),
            )
            .to_string()),
        Err(e) => Err(e.for_tui(lang)),
    }
}

/// Runs one effect against the store; its result comes back as an action.
fn perform(
    terminal: &mut DefaultTerminal,
    store: &Store,
    today: NaiveDate,
    lang: Lang,
    effect: Effect,
) -> Action {
    let result = match effect {
        Effect::Quit => return reload(store),
        // The reads the loop hands to the worker, run here when asked directly.
        e @ (Effect::Reload
        | Effect::LoadReview(_)
        | Effect::LoadMeeting(_)
        | Effect::LoadMinutes(_)) => match Job::of(&e) {
            Some(job) => return loader::run(store, &job, lang, today),
            None => return reload(store),
        },
        Effect::Sync => {
            identity(store).and_then(|who| sync(store, &who, &Default::default(), lang))
        }
        Effect::SyncTaking(take) => identity(store).and_then(|who| sync(store, &who, &take, lang)),
        Effect::PreviewReport { id, period, edit } => identity(store).and_then(|who| {
            match store.preview_report_light(&id, period, &edit, &who, today) {
                Ok(Some((summary, light))) => Ok(Action::Previewed(with_verdict(
                    summary,
                    light.as_ref(),
                    lang,
                ))),
                Ok(None) => Ok(Action::Unchanged),
                Err(e) => Err(e.for_tui(lang)),
            }
        }),
        Effect::CommitReport { id, period, edit } => identity(store).and_then(|who| {
            store
                .set_report(&id, period, &edit, &who, today)
                .map(outcome_action)
                .map_err(|e| e.for_tui(lang))
        }),
        Effect::PreviewMeasure { id, edit } => {
            match store.preview_measure_light(&id, &edit, today) {
                Ok(Some((summary, light))) => Ok(Action::Previewed(match light {
                    Some(p) => format!("{summary}\n{}", forms::measure::preview_line(&p, lang)),
                    None => summary,
                })),
                Ok(None) => Ok(Action::Unchanged),
                Err(e) => Err(e.for_tui(lang)),
            }
        }
        Effect::CommitMeasure { id, edit } => identity(store).and_then(|who| {
            store
                .set_measure(&id, &edit, &who, today)
                .map(outcome_action)
                .map_err(|e| e.for_tui(lang))
        }),
        Effect::PreviewItem { id, edit } => match store.preview_item(&id, &edit, today) {
            Ok(Some(summary)) => Ok(Action::Previewed(summary)),
            Ok(None) => Ok(Action::Unchanged),
            Err(e) => Err(e.for_tui(lang)),
        },
        Effect::CommitItem { id, edit } => identity(store).and_then(|who| {
            store
                .set_item(&id, &edit, &who, today)
                .map(outcome_action)
                .map_err(|e| e.for_tui(lang))
        }),
        Effect::PlanUndo => store
            .plan_undo()
            .map(|r| Action::UndoPlanned(r.map(Box::new)))
            .map_err(|e| e.for_tui(lang)),
        Effect::PlanRevert(commit) => store
            .plan_revert_of(&commit)
            .map(|r| Action::UndoPlanned(Some(Box::new(r))))
            .map_err(|e| e.for_tui(lang)),
        Effect::ApplyRevert(revert) => identity(store).and_then(|who| {
            store
                .apply_revert(&revert, &who)
                .map(outcome_action)
                .map_err(|e| e.for_tui(lang))
        }),
        Effect::EditExternally(text) => {
            // Inside .git: the user's own folder, not a guessable name in a shared /tmp.
            let path = store.git_dir().join("TASKFORCE_EDIT.txt");
            edit_externally(terminal, &path, &text, lang).map(Action::EditedExternally)
        }
        Effect::PreviewDecision(d) => store
            .preview_decision(&d)
            .map(Action::Previewed)
            .map_err(|e| e.for_tui(lang)),
        Effect::CommitDecision(d) => identity(store).and_then(|who| {
            store
                .decide(&d, &who)
                .map(|(o, _)| outcome_action(o))
                .map_err(|e| e.for_tui(lang))
        }),
        Effect::PreviewMeeting(new) => store
            .preview_meeting(&new)
            .map(Action::Previewed)
            .map_err(|e| e.for_tui(lang)),
        Effect::OpenMeeting(new) => identity(store).and_then(|who| {
            store
                .new_meeting(&new, &who)
                .map(|(o, _)| outcome_action(o))
                .map_err(|e| e.for_tui(lang))
        }),
        Effect::CloseMeeting(id) => identity(store).and_then(|who| {
            store
                .close_meeting(Some(&id), lang, &who)
                .map(|(o, m, path)| match outcome_action(o) {
                    Action::Committed { commit, summary } => Action::Committed {
                        commit,
                        summary: format!(
                            "{summary} {} {path} {}",
                            lang.pick("纪要", "minutes"),
                            crate::store::meeting_tag(m.kind, m.period)
                        ),
                    },
                    other => other,
                })
                .map_err(|e| e.for_tui(lang))
        }),
        Effect::ConfirmTarget { indicator, year } => identity(store).and_then(|who| {
            store
                .confirm_target(&indicator, year, None, &who)
                .map(outcome_action)
                .map_err(|e| e.for_tui(lang))
        }),
        Effect::PreviewIndicator(w) => {
            identity(store).and_then(|who| match store.preview_indicator(&w, &who) {
                Ok(Some(summary)) => Ok(Action::Previewed(summary)),
                Ok(None) => Ok(Action::Unchanged),
                Err(e) => Err(e.for_tui(lang)),
            })
        }
        Effect::WriteIndicator(w) => identity(store).and_then(|who| {
            store
                .write_indicator(&w, &who)
                .map(outcome_action)
                .map_err(|e| e.for_tui(lang))
        }),
        Effect::PreviewLandmark(w) => match store.preview_landmark(&w) {
            Ok(Some(summary)) => Ok(Action::Previewed(summary)),
            Ok(None) => Ok(Action::Unchanged),
            Err(e) => Err(e.for_tui(lang)),
        },
        Effect::WriteLandmark(w) => identity(store).and_then(|who| {
            store
                .write_landmark(&w, &who)
                .map(outcome_action)
                .map_err(|e| e.for_tui(lang))
        }),
        Effect::ListImportFiles => list_xlsx().map(Action::ImportFilesListed),
        Effect::PreviewImport(file) => {
            import_preview(store, &file, today, lang).map(|p| Action::ImportPreviewed(Box::new(p)))
        }
        Effect::CommitImport(file) => identity(store).and_then(|who| {
            let plan = store.plan_for_report(today).map_err(|e| e.for_tui(lang))?;
            let returned = crate::office::import::read(std::path::Path::new(&file), &plan, lang);
            if !returned.problems.is_empty() {
                return Err(returned.problems.join("\n"));
            }
            let preview = crate::office::import::preview(store, &returned, &who, today)
                .map_err(|e| e.for_tui(lang))?;
            crate::office::import::commit(store, &returned, preview.changes.len(), &who, today)
                .map(outcome_action)
                .map_err(|e| e.for_tui(lang))
        }),
        Effect::PreviewRoster(change) => match store.preview_roster(&change) {
            Ok(Some(summary)) => Ok(Action::Previewed(summary)),
            Ok(None) => Ok(Action::Unchanged),
            Err(e) => Err(e.for_tui(lang)),
        },
        Effect::CommitRoster(change) => identity(store).and_then(|who| {
            store
                .change_roster(&change, &who)
                .map(outcome_action)
                .map_err(|e| e.for_tui(lang))
        }),
        Effect::WriteFile(name, text) => std::env::current_dir()
            .map(|d| d.join(name))
            .map_err(|e| e.to_string())
            .and_then(|path| {
                crate::store::write_atomic(&path, text.as_bytes())
                    .map(|()| Action::Wrote(path.display().to_string()))
                    .map_err(|e| e.for_tui(lang))
            }),
    };
    result.unwrap_or_else(Action::Failed)
}

/// The `.xlsx` files of the current folder, by name.
fn list_xlsx() -> Result<Vec<String>, String> {
    let dir = std::env::current_dir().map_err(|e| e.to_string())?;
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("xlsx"))
        })
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .filter(|n| !n.starts_with("~$"))
        .collect();
    files.sort();
    Ok(files)
}

/// What committing a returned workbook would do.
fn import_preview(
    store: &Store,
    file: &str,
    today: NaiveDate,
    lang: Lang,
) -> Result<action::ImportPreview, String> {
    use crate::office::import;
    let plan = store.plan_for_report(today).map_err(|e| e.for_tui(lang))?;
    let returned = import::read(std::path::Path::new(file), &plan, lang);
    let period = returned
        .period
        .map(|p| format!("{} {p}", crate::model::meeting_kind_label(p.cycle(), lang)))
        .unwrap_or_default();
    let mut out = action::ImportPreview {
        file: file.to_string(),
        period,
        changes: Vec::new(),
        unchanged: 0,
        problems: returned.problems.clone(),
    };
    if out.problems.is_empty() {
        let who = identity(store)?;
        let p = import::preview(store, &returned, &who, today).map_err(|e| e.for_tui(lang))?;
        out.unchanged = p.unchanged;
        out.changes = p
            .changes
            .iter()
            .map(|(id, place, summary)| {
                (
                    format!("{summary}  [{place}]"),
                    p.conflicts.iter().any(|(c, _)| c == id),
                )
            })
            .collect();
    }
    Ok(out)
}

fn review_data(kind: Cycle, r: &crate::store::Review) -> ReviewData {
    ReviewData {
        kind,
        base: r.base.to_string(),
        base_date: r.base_date,
        head: r.head.to_string(),
        changes: r.changes.clone(),
    }
}

/// The open meeting of `kind` with its review, carried items and minutes; `None` when no
/// meeting of the kind is open.
fn load_meeting(
    store: &Store,
    kind: Cycle,
    today: NaiveDate,
    lang: Lang,
) -> crate::store::Result<Option<MeetingData>> {
    let (plan, problems) = store.load(Reports::All);
    let Some(plan) = plan else {
        return Err(crate::store::Error::Invalid(problems));
    };
    let Some(meeting) = plan
        .meetings
        .iter()
        .find(|m| m.kind == kind && !m.closed)
        .cloned()
    else {
        return Ok(None);
    };
    let review = store.review(&ReviewFrom::Rev(meeting.baseline.clone()), today)?;
    let carried = crate::meeting::carried_items(&review.new, &review.old, &meeting)
        .into_iter()
        .map(|c| CarriedRow {
            item: c.item.clone(),
            raised_in: c.raised_in.id.clone(),
            carried: c.carried,
        })
        .collect();
    let minutes = store.render_minutes(&meeting, lang)?;
    Ok(Some(MeetingData {
        review: review_data(kind, &review),
        meeting,
        carried,
        minutes,
    }))
}

fn outcome_action(outcome: Outcome) -> Action {
    match outcome {
        // A warning after the commit, or a recovery made before it, follows the summary.
        Outcome::Committed {
            commit,
            summary,
            note,
            ..
        } => Action::Committed {
            commit,
            summary: match note {
                Some(n) => format!("{summary}；{}", n.replace('\n', "；")),
                None => summary,
            },
        },
        Outcome::Unchanged => Action::Unchanged,
    }
}

/// Whether `program` is an executable file on `$PATH`.
fn on_path(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|dir| {
            std::fs::metadata(dir.join(program)).is_ok_and(|m| {
                m.is_file()
                    && std::os::unix::fs::PermissionsExt::mode(&m.permissions()) & 0o111 != 0
            })
        })
    })
}

/// The editor to use: `$VISUAL`, `$EDITOR`, else `nano` (easier for a first-time user than
/// `vi`), else `vi`; `None` when there is none.
fn editor() -> Option<String> {
    // An empty $VISUAL falls through to $EDITOR, as in git.
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|e| !e.trim().is_empty())
        .or_else(|| {
            ["nano", "vi"]
                .into_iter()
                .find(|p| on_path(p))
                .map(str::to_string)
        })
}

/// Suspends the TUI, edits `text` in the [`editor`], and returns the result.
fn edit_externally(
    terminal: &mut DefaultTerminal,
    path: &std::path::Path,
    text: &str,
    lang: Lang,
) -> Result<String, String> {
    let Some(editor) = editor() else {
        return Err(lang
            .pick(
                "找不到文本编辑器（nano 或 vi）：请安装 nano，或设置环境变量 EDITOR；也可直接在表单中输入",
                "no text editor found (nano or vi): install nano or set EDITOR, or type in the form",
            )
            .into());
    };
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    close_terminal();
    let mut parts = editor.split_whitespace();
    let program = parts.next().unwrap_or("vi");
    let status = std::process::Command::new(program)
        .args(parts)
        .arg(path)
        .status();
    let reopened = open_terminal().map(|t| *terminal = t);
    let _ = terminal.clear();
    reopened.map_err(|e| e.to_string())?;
    let result = match status {
        Ok(s) if s.success() => {
            std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
        }
        Ok(s) => Err(format!("{editor}: {s}")),
        Err(e) => Err(format!("{editor}: {e}")),
    };
    let _ = std::fs::remove_file(path);
    result
}
