//! The import screen's state: the workbooks found, the preview of one, and its keys. Pure;
//! `views::import` draws it.

use crate::tui::action::{Action, Effect};

/// What importing one file would do, as the screen shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportPreview {
    pub file: String,
    /// `周调度 2026-W48`.
    pub period: String,
    /// Each report that would change: its commit summary and cell.
    pub changes: Vec<(String, bool)>,
    pub unchanged: usize,
    /// Problems: nothing can be committed while there is one.
    pub problems: Vec<String>,
}

impl ImportPreview {
    /// Rows changed since the export (shown with `！`): `y` confirms them.
    pub fn conflicts(&self) -> usize {
        self.changes.iter().filter(|(_, c)| *c).count()
    }

    /// Whether `y` would commit something.
    pub fn committable(&self) -> bool {
        self.problems.is_empty() && !self.changes.is_empty()
    }
}

/// The screen's state: the workbooks found, the cursor and the preview of the chosen one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportState {
    pub files: Vec<String>,
    pub cursor: usize,
    pub preview: Option<ImportPreview>,
    pub scroll: u16,
}

impl ImportState {
    /// Handles a key or a result while the screen is open; `back` is set when it closes.
    pub fn update(&mut self, action: Action, back: &mut bool) -> Option<Effect> {
        match action {
            Action::ImportFilesListed(files) => {
                self.files = files;
                self.cursor = self.cursor.min(self.files.len().saturating_sub(1));
            }
            Action::ImportPreviewed(p) => {
                self.preview = Some(*p);
                self.scroll = 0;
            }
            Action::MoveUp if self.preview.is_none() => self.cursor = self.cursor.saturating_sub(1),
            Action::MoveDown if self.preview.is_none() => {
                self.cursor = (self.cursor + 1).min(self.files.len().saturating_sub(1));
            }
            Action::MoveUp | Action::PageUp => self.scroll = self.scroll.saturating_sub(5),
            Action::MoveDown | Action::PageDown => self.scroll = self.scroll.saturating_add(5),
            Action::Toggle if self.preview.is_none() => {
                return self
                    .files
                    .get(self.cursor)
                    .map(|f| Effect::PreviewImport(f.clone()));
            }
            Action::Confirm => {
                if let Some(p) = &self.preview
                    && p.committable()
                {
                    return Some(Effect::CommitImport(p.file.clone()));
                }
            }
            Action::Refresh => return Some(Effect::ListImportFiles),
            Action::Cancel if self.preview.is_some() => self.preview = None,
            Action::Cancel => *back = true,
            _ => {}
        }
        None
    }
}
