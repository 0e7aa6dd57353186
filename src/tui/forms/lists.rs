//! The list inputs of the forms: a list of dated entries (a measure's milestones), each kept,
//! marked done on a date or removed, with a line to add one; and names picked from a list (the
//! roster's units). Pure state; `list_view` draws them, `field::Inputs` routes keys to them.

use chrono::NaiveDate;

use super::text::TextField;

/// What the form does with one entry of a dated list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Left as it is.
    Keep,
    /// Marked done on the date typed in the entry.
    Done,
    /// Removed.
    Remove,
    /// Added in this form.
    New,
}

/// One entry of a dated list: a milestone (due date, text, done or not) and what the form
/// does with it.
#[derive(Debug, Clone, PartialEq)]
pub struct DatedEntry {
    pub due: NaiveDate,
    pub text: String,
    /// The day it was done, when the form opened.
    pub done_on: Option<NaiveDate>,
    /// Whether it was added in this form (and is not in the record yet).
    pub added: bool,
    pub mark: Mark,
    /// The date typed for `Mark::Done` (today when marked).
    pub date: TextField,
}

impl DatedEntry {
    /// The marks ◂▸ moves through: an open entry can be marked done, a new one dropped, any
    /// removed.
    fn marks(&self) -> &'static [Mark] {
        match (self.added, self.done_on) {
            (true, _) => &[Mark::New, Mark::Remove],
            (false, Some(_)) => &[Mark::Keep, Mark::Remove],
            (false, None) => &[Mark::Keep, Mark::Done, Mark::Remove],
        }
    }
}

/// A list field of dated entries (a measure's milestones): ↑↓ go through the entries and then a
/// line to add one (`DATE TEXT`), ◂▸ changes what happens to the focused entry.
#[derive(Debug, Clone, PartialEq)]
pub struct DatedList {
    pub entries: Vec<DatedEntry>,
    /// The focused line: an entry, or `entries.len()` for the line that adds one.
    pub at: usize,
    /// The text typed on the add line.
    pub draft: TextField,
    /// The date an entry marked done starts with.
    pub today: NaiveDate,
}

/// Why the add line of a dated list cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftError {
    /// No date first, or no text after it.
    Shape,
    /// The date is not a date.
    Date,
    /// An entry is due that day already.
    Taken,
}

impl DatedList {
    /// The entries `(due, text, done on)`, sorted by due date, focused on the first line.
    pub fn new(
        entries: impl IntoIterator<Item = (NaiveDate, String, Option<NaiveDate>)>,
        today: NaiveDate,
    ) -> DatedList {
        let mut entries: Vec<DatedEntry> = entries
            .into_iter()
            .map(|(due, text, done_on)| DatedEntry {
                due,
                text,
                done_on,
                added: false,
                mark: Mark::Keep,
                date: TextField::default(),
            })
            .collect();
        entries.sort_by_key(|e| e.due);
        DatedList {
            entries,
            at: 0,
            draft: TextField::default(),
            today,
        }
    }

    /// Whether the add line is focused.
    pub fn on_draft(&self) -> bool {
        self.at >= self.entries.len()
    }

    /// The editable text of the focused line: the draft, the date of an entry marked done.
    pub(super) fn text(&self) -> Option<&TextField> {
        match self.entries.get(self.at) {
            None => Some(&self.draft),
            Some(e) if e.mark == Mark::Done => Some(&e.date),
            Some(_) => None,
        }
    }

    pub(super) fn text_mut(&mut self) -> Option<&mut TextField> {
        match self.entries.get_mut(self.at) {
            None => Some(&mut self.draft),
            Some(e) if e.mark == Mark::Done => Some(&mut e.date),
            Some(_) => None,
        }
    }

    /// Reads the add line: `2026-06-30 完成站点规划` (or with `:`/`：`); `None` when empty.
    pub fn parse_draft(&self) -> Result<Option<(NaiveDate, String)>, DraftError> {
        let draft = self.draft.trim();
        if draft.is_empty() {
            return Ok(None);
        }
        let (date, text) = draft
            .split_once([' ', ':', '：', '\u{3000}'])
            .ok_or(DraftError::Shape)?;
        let text = text.trim_start_matches([' ', ':', '：', '\u{3000}']).trim();
        let due = date
            .trim()
            .parse::<NaiveDate>()
            .map_err(|_| DraftError::Date)?;
        if text.is_empty() {
            return Err(DraftError::Shape);
        }
        if self
            .entries
            .iter()
            .any(|e| e.due == due && e.mark != Mark::Remove)
        {
            return Err(DraftError::Taken);
        }
        Ok(Some((due, text.to_string())))
    }

    /// Turns the add line into a new entry; `Ok(false)` when it is empty.
    pub fn take_draft(&mut self) -> Result<bool, DraftError> {
        let Some((due, text)) = self.parse_draft()? else {
            return Ok(false);
        };
        // A removed entry of that day gives way to the new one (its text changed).
        self.entries.push(DatedEntry {
            due,
            text,
            done_on: None,
            added: true,
            mark: Mark::New,
            date: TextField::default(),
        });
        self.entries.sort_by_key(|e| (e.due, e.added));
        self.at = self.entries.len();
        self.draft.clear();
        Ok(true)
    }

    /// ◂▸ on an entry: the next thing to do with it; false on the add line.
    pub fn step(&mut self, forward: bool) -> bool {
        let today = self.today;
        let Some(e) = self.entries.get_mut(self.at) else {
            return false;
        };
        let marks = e.marks();
        let i = marks.iter().position(|m| *m == e.mark).unwrap_or(0);
        let n = marks.len();
        e.mark = marks[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
        if e.mark == Mark::Done && e.date.is_empty() {
            e.date.set(today.to_string());
        }
        true
    }

    /// ↑↓ within the list: the previous or next line; false at the edge (the field is left).
    pub fn move_line(&mut self, forward: bool) -> bool {
        if forward && self.at < self.entries.len() {
            self.at += 1;
            true
        } else if !forward && self.at > 0 {
            self.at -= 1;
            true
        } else {
            false
        }
    }

    /// Whether anything would change.
    pub fn changed(&self) -> bool {
        !self.draft.trim().is_empty()
            || self
                .entries
                .iter()
                .any(|e| e.mark != Mark::Keep && !(e.added && e.mark == Mark::Remove))
    }
}

/// Names picked from a list (the roster's units): ◂▸ goes through the options that match what is
/// typed, Space picks or drops the one shown.
#[derive(Debug, Clone, PartialEq)]
pub struct MultiPick {
    pub options: Vec<String>,
    /// In the order picked.
    pub picked: Vec<String>,
    /// The option shown: an index into the matches of `query`.
    pub at: usize,
    /// Typed text that narrows the options.
    pub query: TextField,
}

impl MultiPick {
    /// `options` to pick from (those already `picked` among them), none shown yet.
    pub fn new(options: Vec<String>, picked: Vec<String>) -> MultiPick {
        let mut options = options;
        for p in &picked {
            if !options.contains(p) {
                options.push(p.clone());
            }
        }
        MultiPick {
            options,
            picked,
            at: 0,
            query: TextField::default(),
        }
    }

    /// The options that contain the typed text.
    pub fn matches(&self) -> Vec<&str> {
        let q = self.query.trim();
        self.options
            .iter()
            .filter(|o| o.contains(q))
            .map(String::as_str)
            .collect()
    }

    /// The option shown, if any matches.
    pub fn shown(&self) -> Option<&str> {
        let m = self.matches();
        m.get(self.at.min(m.len().saturating_sub(1))).copied()
    }

    /// ◂▸: the next or previous matching option (wrapping).
    pub fn step(&mut self, forward: bool) {
        let n = self.matches().len().max(1);
        let at = self.at.min(n - 1);
        self.at = if forward {
            (at + 1) % n
        } else {
            (at + n - 1) % n
        };
    }

    /// Space: picks the option shown, or drops it when picked; false when none matches.
    pub fn toggle(&mut self) -> bool {
        let Some(name) = self.shown().map(str::to_string) else {
            return false;
        };
        if let Some(i) = self.picked.iter().position(|p| *p == name) {
            self.picked.remove(i);
        } else {
            self.picked.push(name.clone());
        }
        // The whole list again, still showing the option just picked or dropped.
        self.query.clear();
        self.at = self.options.iter().position(|o| *o == name).unwrap_or(0);
        true
    }

    /// Whether `name` is picked.
    pub fn is_picked(&self, name: &str) -> bool {
        self.picked.iter().any(|p| p == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().expect("date")
    }

    #[test]
    fn the_add_line_of_a_dated_list_reads_date_then_text() {
        let mut list = DatedList::new(
            [(day("2026-06-30"), "选址".to_string(), None)],
            day("2026-11-25"),
        );
        for (typed, read) in [
            (
                "2026-12-31 全面建成",
                Ok(Some((day("2026-12-31"), "全面建成".to_string()))),
            ),
            (
                "2026-12-31：全面建成",
                Ok(Some((day("2026-12-31"), "全面建成".to_string()))),
            ),
            (
                "2026-12-31:  全面 建成",
                Ok(Some((day("2026-12-31"), "全面 建成".to_string()))),
            ),
            (
                "2026-12-31\u{3000}全面建成",
                Ok(Some((day("2026-12-31"), "全面建成".to_string()))),
            ),
            ("  ", Ok(None)),
            ("2026-12-31", Err(DraftError::Shape)),
            ("2026-12-31 ", Err(DraftError::Shape)),
            ("年底 全面建成", Err(DraftError::Date)),
            ("2026-06-30 重复", Err(DraftError::Taken)),
        ] {
            list.draft = typed.into();
            assert_eq!(list.parse_draft(), read, "{typed:?}");
        }
        list.draft = "2026-01-31 先行".into();
        assert_eq!(list.take_draft(), Ok(true));
        assert_eq!(list.entries[0].due, day("2026-01-31"), "kept in date order");
        assert!(list.on_draft() && list.draft.is_empty());
        assert!(list.changed());
        list.at = 0;
        list.step(true);
        assert_eq!(list.entries[0].mark, Mark::Remove, "a new entry is dropped");
        assert!(!list.changed(), "added and dropped is no change");
        // An open one goes keep → done (dated today) → remove → keep.
        list.at = 1;
        list.step(true);
        assert_eq!(
            (list.entries[1].mark, list.entries[1].date.as_str()),
            (Mark::Done, "2026-11-25")
        );
        list.step(true);
        list.step(true);
        assert_eq!(list.entries[1].mark, Mark::Keep);
    }

    #[test]
    fn a_pick_list_narrows_as_text_is_typed() {
        let mut p = MultiPick::new(
            vec!["市财政局".into(), "市民政局".into(), "市教育局".into()],
            vec!["县级单位".into()],
        );
        assert_eq!(p.options.len(), 4, "a name the record has is offered too");
        assert!(p.is_picked("县级单位"));
        p.query = "政".into();
        assert_eq!(p.matches(), vec!["市财政局", "市民政局"]);
        p.step(true);
        p.step(true);
        assert_eq!(p.shown(), Some("市财政局"), "wraps within the matches");
        p.step(false);
        assert!(p.toggle());
        assert_eq!(p.picked, vec!["县级单位", "市民政局"]);
        assert_eq!(p.shown(), Some("市民政局"));
        assert!(p.toggle());
        assert_eq!(p.picked, vec!["县级单位"]);
    }
}
