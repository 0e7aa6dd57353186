//! The app: the shared data, the tree at the bottom, the stack of screens over it and the
//! message line. `App::update` routes an action to the screen on top (or to every screen, for
//! a reload or loaded data) and applies its outcome; it is pure, testable without a terminal
//! or git, and never calls view code. Anything that needs IO is returned as an `Effect`.

use std::any::Any;

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyEvent;

use super::action::{Action, Effect, Loaded, Snapshot};
use super::ctx::{Ctx, Data, Lights, Message, page_rows};
use super::forms::Form;
use super::keys::{self, Binding};
use super::screens::conflicts::ConflictsScreen;
use super::screens::help::HelpScreen;
use super::screens::tree::TreeScreen;
use super::screens::{Closes, Nav, Notice, Outcome, Screen};
use crate::model::Lang;

/// The whole state of the TUI.
#[derive(Debug)]
pub struct App {
    pub data: Data,
    /// The main screen, always at the bottom.
    pub tree: TreeScreen,
    /// The screens over the tree, the top one taking the keys.
    pub stack: Vec<Box<dyn Screen>>,
    pub message: Option<Message>,
}

impl App {
    /// An app showing `snapshot`, with every action collapsed and the first row selected.
    pub fn new(snapshot: Snapshot, lang: Lang, today: NaiveDate) -> App {
        let lights = Lights::compute(&snapshot.plan, today);
        App::loaded(
            Loaded {
                snapshot,
                lights,
                complete: true,
                newer_only: false,
            },
            lang,
            today,
        )
    }

    /// The app over a load from the worker (its lights assessed there).
    pub fn loaded(loaded: Loaded, lang: Lang, today: NaiveDate) -> App {
        let Loaded {
            snapshot,
            lights,
            complete,
            newer_only: _,
        } = loaded;
        let message = problems_message(&snapshot.problems, lang);
        let data = Data::assessed(snapshot, lights, complete, lang, today);
        let tree = TreeScreen::new(&Ctx {
            data: &data,
            selected: None,
            top: true,
        });
        App {
            data,
            tree,
            stack: Vec::new(),
            message,
        }
    }

    /// What the screens read, with the tree's selection.
    pub fn ctx(&self) -> Ctx<'_> {
        Ctx {
            data: &self.data,
            selected: self.tree.selected.as_ref(),
            top: false,
        }
    }

    /// Every screen, the tree first and the top one last.
    pub fn screens(&self) -> impl DoubleEndedIterator<Item = &dyn Screen> {
        std::iter::once(&self.tree as &dyn Screen).chain(self.stack.iter().map(|s| s.as_ref()))
    }

    /// The screen taking the keys.
    pub fn top(&self) -> &dyn Screen {
        self.stack
            .last()
            .map_or(&self.tree as &dyn Screen, |s| s.as_ref())
    }

    /// The top screen, if it is a `T`.
    pub fn top_as<T: Screen>(&self) -> Option<&T> {
        (self.top() as &dyn Any).downcast_ref::<T>()
    }

    /// Whether the top screen is a `T`.
    pub fn on<T: Screen>(&self) -> bool {
        self.top_as::<T>().is_some()
    }

    /// The topmost screen of type `T` on the stack, if there is one.
    pub fn find<T: Screen>(&self) -> Option<&T> {
        self.screens()
            .rev()
            .find_map(|s| (s as &dyn Any).downcast_ref::<T>())
    }

    /// The form on the stack, if one is open (under its confirmation too).
    pub fn form(&self) -> Option<&Form> {
        self.find::<Form>()
    }

    /// The key table in force.
    pub fn keys(&self) -> &'static [Binding] {
        self.top().keys()
    }

    /// The action bound to `key` on the top screen; where it takes text, an unbound character
    /// is typed.
    pub fn action_for(&self, key: &KeyEvent) -> Option<Action> {
        let top = self.top();
        keys::action_for(top.keys(), top.takes_text(), key)
    }

    /// Takes the number of lines the top screen's content has, as the run loop measured it.
    pub fn measured(&mut self, lines: usize) {
        self.data.lines = lines;
    }

    fn say(&mut self, text: impl Into<String>, error: bool) {
        self.message = Some(Message {
            text: text.into(),
            error,
        });
    }

    /// Applies one action; returns the IO the loop must perform, if any.
    pub fn update(&mut self, action: Action) -> Option<Effect> {
        if is_key_action(&action) {
            self.message = None;
        }
        let lang = self.data.lang;
        match action {
            Action::Resize(width, height) => {
                // The tree's key hints take a second row where one would cut their labels.
                let hints = keys::hints(super::screens::tree::TREE_KEYS, lang);
                let extra = keys::hint_rows(&hints, usize::from(width))
                    .len()
                    .saturating_sub(1);
                self.data.page = page_rows(height).saturating_sub(extra);
                self.notify(Notice::Resized)
            }
            Action::RepoChanged(repo) => {
                self.data.repo = repo;
                None
            }
            Action::Reloaded(snapshot) => {
                if let Some(m) = problems_message(&snapshot.problems, lang) {
                    self.message = Some(m);
                }
                self.data.load(*snapshot);
                self.notify(Notice::Reloaded)
            }
            Action::Loaded(loaded) => {
                let Loaded {
                    snapshot,
                    lights,
                    complete,
                    newer_only,
                } = *loaded;
                if let Some(m) = problems_message(&snapshot.problems, lang) {
                    self.message = Some(m);
                }
                if newer_only {
                    self.data.take_newer(snapshot, lights);
                } else {
                    self.data.take(snapshot, lights, complete);
                }
                self.notify(Notice::Reloaded)
            }
            Action::ReviewLoaded(review) => self.notify(Notice::ReviewLoaded(&review)),
            Action::MeetingLoaded(kind, meeting) => {
                self.notify(Notice::MeetingLoaded(kind, meeting.as_deref()))
            }
            Action::KindChosen(kind) => {
                self.data.kind = kind;
                None
            }
            Action::Committed { commit, summary } => {
                let short = commit.get(..8).unwrap_or(&commit).to_string();
                self.close_answered(true);
                self.say(
                    format!("{} {short} {summary}", lang.pick("已提交", "committed")),
                    false,
                );
                Some(Effect::Reload)
            }
            Action::Synced(text) => {
                self.close_answered(true);
                self.say(text, false);
                Some(Effect::Reload)
            }
            Action::SyncConflicts(conflicts) => {
                // New conflicts after choosing (the remote moved meanwhile) replace the old list.
                if self.on::<ConflictsScreen>() {
                    self.stack.pop();
                }
                self.say(
                    match lang {
                        Lang::Zh => format!(
                            "未同步：{}处字段两边改得不同，仓库未改动；请逐项选定",
                            conflicts.len()
                        ),
                        Lang::En => format!(
                            "not synced: {} fields changed both ways; nothing changed; choose each",
                            conflicts.len()
                        ),
                    },
                    true,
                );
                self.stack.push(Box::new(ConflictsScreen::new(conflicts)));
                None
            }
            Action::Wrote(path) => {
                self.say(format!("{}{path}", lang.pick("已写入：", "wrote ")), false);
                None
            }
            Action::Unchanged => {
                self.close_answered(false);
                self.say(
                    lang.pick("没有变化，未提交。", "nothing changed; no commit made."),
                    false,
                );
                None
            }
            Action::Failed(text) => {
                self.close_answered(false);
                self.say(text, true);
                None
            }
            Action::ToggleHelp => {
                if self.on::<HelpScreen>() {
                    self.stack.pop();
                } else {
                    self.stack.push(Box::new(HelpScreen::default()));
                }
                None
            }
            Action::Quit => Some(Effect::Quit),
            action => {
                let outcome = if let Some(top) = self.stack.last_mut() {
                    let ctx = Ctx {
                        data: &self.data,
                        selected: self.tree.selected.as_ref(),
                        top: true,
                    };
                    top.update(action, &ctx)
                } else {
                    let ctx = Ctx {
                        data: &self.data,
                        selected: None,
                        top: true,
                    };
                    self.tree.update(action, &ctx)
                };
                self.apply(outcome)
            }
        }
    }

    /// Closes the screens the store's answer ends: after a commit the forms, confirmations and
    /// the import; after nothing committed or a failure, the confirmation only.
    fn close_answered(&mut self, committed: bool) {
        while let Some(top) = self.stack.last() {
            match top.closes() {
                Closes::OnAnswer => {}
                Closes::OnCommit if committed => {}
                _ => break,
            }
            self.stack.pop();
        }
    }

    /// Offers `notice` to every screen, the tree first; the topmost effect asked for wins.
    fn notify(&mut self, notice: Notice) -> Option<Effect> {
        let ctx = Ctx {
            data: &self.data,
            selected: None,
            top: false,
        };
        let mut effect = self.tree.notify(&notice, &ctx);
        let ctx = Ctx {
            selected: self.tree.selected.as_ref(),
            ..ctx
        };
        for screen in &mut self.stack {
            if let Some(e) = screen.notify(&notice, &ctx) {
                effect = Some(e);
            }
        }
        effect
    }

    fn apply(&mut self, outcome: Outcome) -> Option<Effect> {
        if let Some(m) = outcome.message {
            self.message = Some(m);
        }
        match outcome.nav {
            Some(Nav::Push(screen)) => self.stack.push(screen),
            Some(Nav::Pop) => {
                self.stack.pop();
            }
            Some(Nav::Replace(screen)) => {
                self.stack.pop();
                self.stack.push(screen);
            }
            None => {}
        }
        let from_app = outcome.app.and_then(|action| self.update(action));
        outcome.effect.or(from_app)
    }
}

fn problems_message(problems: &[String], lang: Lang) -> Option<Message> {
    let first = problems.first()?;
    let text = match lang {
        Lang::Zh => format!("计划有{}处问题：{first}", problems.len()),
        Lang::En => format!("the plan has {} problem(s): {first}", problems.len()),
    };
    Some(Message::error(text))
}

fn is_key_action(action: &Action) -> bool {
    !matches!(
        action,
        Action::Resize(..)
            | Action::Reloaded(_)
            | Action::Loaded(_)
            | Action::RepoChanged(_)
            | Action::Previewed(_)
            | Action::Committed { .. }
            | Action::Unchanged
            | Action::Failed(_)
            | Action::UndoPlanned(_)
            | Action::EditedExternally(_)
            | Action::ReviewLoaded(_)
            | Action::MeetingLoaded(..)
            | Action::KindChosen(_)
            | Action::Synced(_)
            | Action::SyncConflicts(_)
            | Action::MinutesLoaded(..)
    )
}
