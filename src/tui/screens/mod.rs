//! The screens: each owns its state, handles its keys and draws itself. Full screens (the tree,
//! history, review, meeting, indicators, 催办, import) and overlays (help, confirmations,
//! minutes, the forms in `tui::forms`) live on one stack in `App`; `Esc` pops.
//!
//! A screen never does IO and never calls another screen's view: what it needs from the store
//! it returns as an `Effect`, and layout numbers (the page height, its measured lines) come in
//! through `Ctx`. Adding a screen is one file here plus its line in `SECTIONS`.

pub mod confirm;
pub mod conflicts;
pub mod help;
pub mod history;
pub mod import;
pub mod indicator_acts;
pub mod indicator_detail;
pub mod indicators;
pub mod landmarks;
pub mod meeting;
pub mod minutes;
pub mod remind;
pub mod review;
pub mod roster;
pub mod tree;

use super::action::Action;
pub use super::component::{Closes, Nav, Notice, Outcome, Screen};
use super::keys::Section;

/// Every key table with its heading, in the order the help overlay lists them.
pub const SECTIONS: &[&Section] = &[
    &tree::SECTION,
    &tree::SEARCH_SECTION,
    &tree::FILTER_SECTION,
    &super::forms::SECTION,
    &confirm::COMMIT_SECTION,
    &history::SECTION,
    &confirm::UNDO_SECTION,
    &review::SECTION,
    &meeting::SECTION,
    &minutes::SECTION,
    &confirm::CLOSE_SECTION,
    &indicators::SECTION,
    &indicator_detail::SECTION,
    &landmarks::SECTION,
    &remind::SECTION,
    &import::SECTION,
    &conflicts::SECTION,
    &roster::SECTION,
    &roster::REFUSED_SECTION,
    &super::forms::person::OFFER_SECTION,
];

/// Moves a scroll position `at` by a line or a page within `lines` lines shown `page` at a
/// time; false when `action` is not a move.
pub fn scroll(at: &mut usize, action: &Action, page: usize, lines: usize) -> bool {
    let page = page.max(1);
    let last = lines.saturating_sub(page);
    match action {
        Action::MoveUp => *at = at.saturating_sub(1),
        Action::MoveDown => *at = (*at + 1).min(last),
        Action::PageUp => *at = at.saturating_sub(page),
        Action::PageDown => *at = (*at + page).min(last),
        _ => return false,
    }
    true
}
