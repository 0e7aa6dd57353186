//! The component contract every screen and form follows: a visible building block with its own
//! state, keys and view (`Screen`), what handling an action asks of the app (`Outcome`, `Nav`),
//! what every screen hears about (`Notice`) and which answers close it (`Closes`). It sits below
//! both `screens/` and `forms/`, so neither imports the other's framework.

use std::any::Any;
use std::fmt::Debug;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::action::{Action, Effect, MeetingData, ReviewData};
use super::ctx::{Ctx, Message};
use super::keys::Binding;
use crate::model::Cycle;

/// A visible building block with its own state, keys and view.
pub trait Screen: Any + Debug {
    /// The key table in force now; the footer hints and the help are built from it.
    fn keys(&self) -> &'static [Binding];

    /// Whether unbound characters are typed into the screen (forms, the search line).
    fn takes_text(&self) -> bool {
        false
    }

    /// Whether the screen floats over the one below it (forms, dialogs, help).
    fn overlay(&self) -> bool {
        false
    }

    /// Which answers of the store close the screen.
    fn closes(&self) -> Closes {
        Closes::Never
    }

    /// Handles a key's action or the store's answer to this screen's effect.
    fn update(&mut self, action: Action, ctx: &Ctx) -> Outcome;

    /// A reload, a resize or loaded data, offered to every screen on the stack, bottom first.
    fn notify(&mut self, _notice: &Notice, _ctx: &Ctx) -> Option<Effect> {
        None
    }

    /// Draws the screen into `area` (the main area, above the footer).
    fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx);

    /// How many lines the screen's content has, for scrolling; measured by its view after a
    /// draw and handed back through `Ctx::lines`.
    fn lines(&self, _ctx: &Ctx) -> usize {
        0
    }
}

/// What every screen on the stack hears about.
#[derive(Debug, Clone, Copy)]
pub enum Notice<'a> {
    /// The plan was loaded again (HEAD moved, or a commit was made).
    Reloaded,
    /// The terminal changed size (`Ctx::page` is new).
    Resized,
    /// The review of a kind arrived.
    ReviewLoaded(&'a ReviewData),
    /// The open meeting of a kind arrived (`None`: no meeting of it is open).
    MeetingLoaded(Cycle, Option<&'a MeetingData>),
}

/// When the store's answer closes a screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closes {
    Never,
    /// A commit closes it (forms, the import).
    OnCommit,
    /// Any answer closes it: a commit, nothing to commit, or a failure (confirmations go back
    /// to what they confirm).
    OnAnswer,
}

/// A change of the screen stack.
#[derive(Debug)]
pub enum Nav {
    Push(Box<dyn Screen>),
    Pop,
    /// The top screen gives way to another (review ↔ meeting).
    Replace(Box<dyn Screen>),
}

/// What handling an action asks of the app.
#[derive(Debug, Default)]
pub struct Outcome {
    pub nav: Option<Nav>,
    /// IO for the run loop.
    pub effect: Option<Effect>,
    pub message: Option<Message>,
    /// An action for the app itself.
    pub app: Option<Action>,
}

impl Outcome {
    /// Nothing to do.
    pub fn none() -> Outcome {
        Outcome::default()
    }

    /// IO for the run loop.
    pub fn effect(effect: Effect) -> Outcome {
        Outcome {
            effect: Some(effect),
            ..Outcome::default()
        }
    }

    /// A screen on top of this one.
    pub fn push(screen: impl Screen) -> Outcome {
        Outcome {
            nav: Some(Nav::Push(Box::new(screen))),
            ..Outcome::default()
        }
    }

    /// This screen closed.
    pub fn pop() -> Outcome {
        Outcome {
            nav: Some(Nav::Pop),
            ..Outcome::default()
        }
    }

    /// Another screen in this one's place.
    pub fn replace(screen: impl Screen) -> Outcome {
        Outcome {
            nav: Some(Nav::Replace(Box::new(screen))),
            ..Outcome::default()
        }
    }

    /// A message at the bottom.
    pub fn say(message: Message) -> Outcome {
        Outcome {
            message: Some(message),
            ..Outcome::default()
        }
    }

    /// An error message at the bottom.
    pub fn error(text: impl Into<String>) -> Outcome {
        Outcome::say(Message::error(text))
    }

    /// An action for the app.
    pub fn app(action: Action) -> Outcome {
        Outcome {
            app: Some(action),
            ..Outcome::default()
        }
    }

    /// The same, with a message at the bottom too.
    pub fn with_message(mut self, message: Message) -> Outcome {
        self.message = Some(message);
        self
    }

    /// The same, with `effect` too.
    pub fn with_effect(mut self, effect: Effect) -> Outcome {
        self.effect = Some(effect);
        self
    }

    /// The same, with an action for the app too.
    pub fn with_app(mut self, action: Action) -> Outcome {
        self.app = Some(action);
        self
    }
}

impl From<Option<Effect>> for Outcome {
    fn from(effect: Option<Effect>) -> Outcome {
        Outcome {
            effect,
            ..Outcome::default()
        }
    }
}
