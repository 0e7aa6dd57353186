//! The effects the run loop performs against the store for the app: writes and their previews,
//! the sync, the external editor, workbooks, and the reads the loader runs on its thread.
//! Each comes back to the app as an `Action`.

use chrono::NaiveDate;
use ratatui::DefaultTerminal;

use super::action::{Action, CarriedRow, Effect, MeetingData, ReviewData};
use super::loader::{self, Job};
use super::{action, close_terminal, forms, open_terminal, snapshot};
use crate::model::{Cycle, Lang};
use crate::store::{Identity, Outcome, Reports, ReviewFrom, Store};

pub(super) fn reload(store: &Store) -> Action {
    match snapshot(store) {
        Ok(s) => Action::Reloaded(Box::new(s)),
        Err(e) => Action::Failed(e.for_tui(store.lang())),
    }
}

/// How many commits on top of the app's history are read one by one (a reload after the
/// app's own commits) rather than walking the whole history again.
const NEWER_LIMIT: usize = 200;

/// A reload: the plan through the caches, and of the history only the commits on top of
/// `held` (the newest commit whose history the app holds) when HEAD only moved forward from
/// it; the whole history otherwise. `held` follows what the app will hold.
pub(super) fn reload_after(
    store: &Store,
    today: NaiveDate,
    held: &mut Option<git2::Oid>,
) -> Action {
    let newer = held.and_then(|since| store.entries_since(since, NEWER_LIMIT).ok().flatten());
    let (plan, problems) = store.load(Reports::All);
    let Some(plan) = plan else {
        return Action::Failed(crate::store::Error::Invalid(problems).for_tui(store.lang()));
    };
    let (history, newer_only, newest) = match newer {
        Some((head, entries)) => (entries, true, Some(head)),
        None => match store.history(None, None) {
            Ok(history) => {
                let newest = history
                    .first()
                    .and_then(|e| git2::Oid::from_str(&e.commit).ok());
                (history, false, newest)
            }
            Err(e) => return Action::Failed(e.for_tui(store.lang())),
        },
    };
    let snapshot = action::Snapshot {
        plan,
        history,
        // Clean or dirty and ahead/behind (a status of every file: long at 10,000 measures)
        // follow as a status job, so that keys held after our own write wait for the plan
        // alone.
        repo: quick_repo_info(store),
        problems: problems.iter().map(|p| p.words(store.lang())).collect(),
    };
    *held = newest;
    loaded(snapshot, true, newer_only, today)
}

/// How many of the newest history entries a first paint reads.
const FIRST_PAINT_HISTORY: usize = 50;

/// What the screen can show before the work tree is read: the plan as last loaded and the
/// newest history entries, from the caches; the whole load when the caches cannot tell.
pub(super) fn first_paint(store: &Store, today: NaiveDate, held: &mut Option<git2::Oid>) -> Action {
    let Some((plan, problems)) = store.cached_plan() else {
        return reload_after(store, today, held);
    };
    let history = match store.recent_history(FIRST_PAINT_HISTORY) {
        Ok(h) => h,
        Err(_) => return reload_after(store, today, held),
    };
    let snapshot = action::Snapshot {
        plan,
        history,
        repo: quick_repo_info(store),
        problems: problems.iter().map(|p| p.words(store.lang())).collect(),
    };
    loaded(snapshot, false, false, today)
}

/// The status line's facts that need no look at the work tree: clean or dirty and
/// ahead/behind are left unknown (a status job tells).
fn quick_repo_info(store: &Store) -> action::RepoInfo {
    action::RepoInfo {
        path: store.root().display().to_string(),
        branch: store.branch_name(),
        dirty: None,
        ahead_behind: None,
        last_sync: store.last_sync(),
    }
}

/// A load for the app, its lights assessed here (on the worker) rather than on the UI thread.
fn loaded(
    snapshot: action::Snapshot,
    complete: bool,
    newer_only: bool,
    today: NaiveDate,
) -> Action {
    let lights = super::ctx::Lights::compute(&snapshot.plan, today);
    Action::Loaded(Box::new(action::Loaded {
        snapshot,
        lights,
        complete,
        newer_only,
    }))
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
pub(super) fn perform(
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

pub(super) fn review_data(kind: Cycle, r: &crate::store::Review) -> ReviewData {
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
pub(super) fn load_meeting(
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
