//! taskforce: the Wenzhou basic-public-services integration plan as a git-backed ledger.
//!
//! `model` is pure data and rules; `store` reads and writes RON files and git;
//! `cli` and `tui` are two front ends over the store; `meeting` compares plans and renders
//! minutes and reports.

pub mod cli;
pub mod meeting;
pub mod merge;
pub mod model;
pub mod office;
pub mod store;
pub mod tui;
pub mod words;
