//! A text field of the forms: the editing model is `ratatui_textarea::TextArea` (caret, insert,
//! delete, undo and redo), with word motions that know Chinese punctuation and undo steps that
//! group a run of typing or deleting. The form draws the text itself (Chinese line breaking and
//! display widths), from `lines()` and `caret()`. Pure.

use std::fmt;
use std::ops::Deref;

use ratatui_textarea::{CursorMove, TextArea};

/// The kinds of edit that group into one undo step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Run {
    Typing,
    Deleting,
}

/// One text input: the widget's text, caret and history, its text as one string, and whether it
/// takes line breaks.
#[derive(Clone)]
pub struct TextField {
    area: TextArea<'static>,
    /// The lines joined by `\n`, kept in step with `area` after every edit.
    text: String,
    /// Whether line breaks are kept (the long fields); elsewhere they become spaces.
    multiline: bool,
    /// Undo steps, each the number of the widget's edits it takes back.
    undo: Vec<usize>,
    /// Steps undone, to redo.
    redo: Vec<usize>,
    /// The run the last edit belongs to; a caret move ends it.
    run: Option<Run>,
}

/// How many undo steps a field keeps.
const STEPS: usize = 200;
/// How many of the widget's own edits it keeps (a step may hold many).
const EDITS: usize = 20_000;

impl TextField {
    /// A one-line field holding `text` (line breaks become spaces), the caret at its end.
    pub fn line(text: impl Into<String>) -> TextField {
        TextField::with(text.into(), false)
    }

    /// A field that keeps line breaks, holding `text`, the caret at its end.
    pub fn lines_of(text: impl Into<String>) -> TextField {
        TextField::with(text.into(), true)
    }

    fn with(text: String, multiline: bool) -> TextField {
        let mut field = TextField {
            area: TextArea::default(),
            text: String::new(),
            multiline,
            undo: Vec::new(),
            redo: Vec::new(),
            run: None,
        };
        field.set(text);
        field
    }

    /// Replaces the text (not an edit to undo: the history starts again), the caret at its end.
    pub fn set(&mut self, text: impl Into<String>) {
        let text = self.shape(&text.into());
        let mut area = TextArea::new(text.split('\n').map(str::to_string).collect());
        area.set_max_histories(EDITS);
        self.area = area;
        self.undo.clear();
        self.redo.clear();
        self.run = None;
        self.sync();
        self.to_end();
    }

    /// Empties the field.
    pub fn clear(&mut self) {
        self.set("");
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether line breaks are kept.
    pub fn multiline(&self) -> bool {
        self.multiline
    }

    /// The lines of the text, as the widget holds them.
    pub fn lines(&self) -> &[String] {
        self.area.lines()
    }

    /// The caret: line and character in the line.
    pub fn caret(&self) -> (usize, usize) {
        let ratatui_textarea::DataCursor(row, col) = self.area.cursor();
        (row, col)
    }

    /// The caret as a character offset in the whole text (line breaks count one).
    pub fn cursor(&self) -> usize {
        let (row, col) = self.caret();
        self.lines()[..row]
            .iter()
            .map(|l| l.chars().count() + 1)
            .sum::<usize>()
            + col
    }

    /// Line breaks kept or turned into spaces, `\r\n` and `\r` read as line breaks.
    fn shape(&self, text: &str) -> String {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        if self.multiline {
            text
        } else {
            text.replace('\n', " ")
        }
    }

    fn sync(&mut self) {
        self.text = self.area.lines().join("\n");
    }

    /// Runs one edit of the widget; it joins the current undo step when it continues `run`.
    fn edit(&mut self, run: Option<Run>, f: impl FnOnce(&mut TextArea<'static>)) -> bool {
        let before = self.text.clone();
        f(&mut self.area);
        self.sync();
        if self.text == before {
            return false;
        }
        match self.undo.last_mut() {
            Some(n) if run.is_some() && self.run == run => *n += 1,
            _ => {
                self.undo.push(1);
                if self.undo.len() > STEPS {
                    self.undo.remove(0);
                }
            }
        }
        self.redo.clear();
        self.run = run;
        true
    }

    /// Moves the caret with the widget's motion `m`; ends a run of typing.
    fn go(&mut self, m: CursorMove) {
        self.area.cancel_selection();
        self.area.move_cursor(m);
        self.run = None;
    }

    /// Puts the caret at character `at` of the whole text.
    fn go_to(&mut self, at: usize) {
        let (row, col) = self.position(at);
        self.go(jump(row, col));
    }

    /// Line and column of character `at` of the whole text.
    fn position(&self, at: usize) -> (usize, usize) {
        let mut left = at;
        for (row, line) in self.lines().iter().enumerate() {
            let n = line.chars().count();
            if left <= n {
                return (row, left);
            }
            left -= n + 1;
        }
        let last = self.lines().len() - 1;
        (last, self.lines()[last].chars().count())
    }

    /// Types `c` at the caret; a line break only where line breaks are kept.
    pub fn insert(&mut self, c: char) -> bool {
        if matches!(c, '\n' | '\r') && !self.multiline {
            return false;
        }
        self.edit(Some(Run::Typing), |a| a.insert_char(c))
    }

    /// Pastes `text` at the caret as one undo step (line breaks as the field keeps them).
    pub fn paste(&mut self, text: &str) -> bool {
        let text = self.shape(text);
        self.edit(None, |a| {
            a.insert_str(&text);
        })
    }

    /// Backspace: the character before the caret (or the line break).
    pub fn delete_back(&mut self) -> bool {
        self.edit(Some(Run::Deleting), |a| {
            a.delete_char();
        })
    }

    /// Delete: the character after the caret (or the line break).
    pub fn delete_forward(&mut self) -> bool {
        self.edit(Some(Run::Deleting), |a| {
            a.delete_next_char();
        })
    }

    /// Ctrl-W: the word before the caret, as one undo step.
    pub fn delete_word(&mut self) -> bool {
        let (to, from) = (self.cursor(), self.word_left_of());
        if from == to {
            return false;
        }
        let (row, col) = self.position(from);
        self.edit(None, |a| {
            a.cancel_selection();
            a.start_selection();
            a.move_cursor(jump(row, col));
            a.cut();
        })
    }

    /// ◂: one character left.
    pub fn left(&mut self) {
        self.go(CursorMove::Back);
    }

    /// ▸: one character right.
    pub fn right(&mut self) {
        self.go(CursorMove::Forward);
    }

    /// Home: the start of the caret's line.
    pub fn home(&mut self) {
        self.go(CursorMove::Head);
    }

    /// End: the end of the caret's line.
    pub fn end(&mut self) {
        self.go(CursorMove::End);
    }

    /// The caret at the end of the text.
    pub fn to_end(&mut self) {
        self.go(jump(usize::MAX, usize::MAX));
    }

    /// One word left (a run of Latin letters and digits, or of Chinese up to punctuation).
    pub fn word_left(&mut self) {
        let at = self.word_left_of();
        self.go_to(at);
    }

    /// One word right.
    pub fn word_right(&mut self) {
        let at = self.word_right_of();
        self.go_to(at);
    }

    /// Takes back the last undo step; false when there is none.
    pub fn undo(&mut self) -> bool {
        let Some(n) = self.undo.pop() else {
            return false;
        };
        for _ in 0..n {
            self.area.undo();
        }
        self.redo.push(n);
        self.run = None;
        self.sync();
        true
    }

    /// Makes the last step undone again; false when there is none.
    pub fn redo(&mut self) -> bool {
        let Some(n) = self.redo.pop() else {
            return false;
        };
        for _ in 0..n {
            self.area.redo();
        }
        self.undo.push(n);
        self.run = None;
        self.sync();
        true
    }

    /// The caret position one word to the left, in characters of the whole text.
    fn word_left_of(&self) -> usize {
        let chars: Vec<char> = self.text.chars().collect();
        let mut i = self.cursor().min(chars.len());
        while i > 0 && word_class(chars[i - 1]) == 0 {
            i -= 1;
        }
        if i > 0 {
            let class = word_class(chars[i - 1]);
            while i > 0 && word_class(chars[i - 1]) == class {
                i -= 1;
            }
        }
        i
    }

    /// The caret position one word to the right.
    fn word_right_of(&self) -> usize {
        let chars: Vec<char> = self.text.chars().collect();
        let mut i = self.cursor().min(chars.len());
        if i < chars.len() {
            let class = word_class(chars[i]);
            while i < chars.len() && word_class(chars[i]) == class {
                i += 1;
            }
        }
        while i < chars.len() && word_class(chars[i]) == 0 {
            i += 1;
        }
        i
    }
}

/// The widget's jump to line `row`, character `col` (clamped to the text).
fn jump(row: usize, col: usize) -> CursorMove {
    let clamp = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
    CursorMove::Jump(clamp(row), clamp(col))
}

/// Word classes for word motions: spaces and punctuation, Latin letters and digits, the rest
/// (Chinese runs up to punctuation).
fn word_class(c: char) -> u8 {
    if c.is_whitespace()
        || c.is_ascii_punctuation()
        || "，。、；：！？（）“”‘’《》【】…".contains(c)
    {
        0
    } else if c.is_ascii_alphanumeric() {
        1
    } else {
        2
    }
}

impl Default for TextField {
    fn default() -> TextField {
        TextField::line("")
    }
}

impl Deref for TextField {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text
    }
}

impl PartialEq for TextField {
    fn eq(&self, other: &TextField) -> bool {
        self.text == other.text && self.multiline == other.multiline
    }
}

impl fmt::Debug for TextField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TextField")
            .field("text", &self.text)
            .field("caret", &self.caret())
            .finish()
    }
}

impl fmt::Display for TextField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl From<&str> for TextField {
    fn from(text: &str) -> TextField {
        TextField::line(text)
    }
}

impl From<String> for TextField {
    fn from(text: String) -> TextField {
        TextField::line(text)
    }
}
