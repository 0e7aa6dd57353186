//! The app state and `App::update`: pure, in memory, testable without a terminal or git.
//!
//! It never touches the store: anything that needs IO is returned as an `Effect`.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::action::{Action, Effect, MeetingData, RepoInfo, ReviewData, Snapshot};
use super::keymap::Mode;
use crate::model::{
    Cycle, Id, ItemStatus, Lang, Light, LightCounts, Measure, Meeting, Plan, Status,
};
use crate::store::undo::Revert;

pub use super::form::{Field, Form, FormKind, list_entries};
use crate::store::Entry;

/// A section of the tree below the actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    Indicators,
    Landmarks,
    Meetings,
}

impl Section {
    pub const ALL: [Section; 3] = [Section::Indicators, Section::Landmarks, Section::Meetings];

    /// Display label.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Section::Indicators => lang.pick("指标", "Indicators"),
            Section::Landmarks => lang.pick("标志性成果", "Landmarks"),
            Section::Meetings => lang.pick("会议", "Meetings"),
        }
    }
}

/// What a tree row shows; the selection is kept as a `Node`, so a reload never moves it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Node {
    Action(Id),
    Measure(Id),
    Section(Section),
    Indicator(Id),
    Landmark(Id),
    Meeting(Id),
    /// An action item (议定事项) decided at a meeting.
    Item(Id),
}

/// A visible tree row: an index into the plan's vectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Action(usize),
    Measure(usize),
    Section(Section),
    Indicator(usize),
    Landmark(usize),
    Meeting(usize),
    Item(usize),
}

/// The active filters; all of them must hold for a measure to show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub light: Option<Light>,
    pub status: Option<Status>,
    pub overdue: bool,
    pub not_reported: bool,
    /// The cycle for "not reported"; `None` means each measure's own cadence.
    pub cycle: Option<Cycle>,
    pub action: Option<Id>,
    pub lead_unit: Option<String>,
    pub owner: Option<String>,
}

impl Filters {
    /// Whether any filter is set.
    pub fn active(&self) -> bool {
        *self != Filters::default()
    }

    /// The one-line summary shown while filters are active.
    pub fn summary(&self, lang: Lang) -> String {
        let mut parts = Vec::new();
        if let Some(l) = self.light {
            parts.push(format!("{}{}", lang.pick("灯=", "light="), l.label(lang)));
        }
        if let Some(s) = self.status {
            parts.push(format!(
                "{}{}",
                lang.pick("状态=", "status="),
                s.label(lang)
            ));
        }
        if self.overdue {
            parts.push(lang.pick("逾期", "overdue").to_string());
        }
        if self.not_reported {
            let cycle = match self.cycle {
                Some(c) => crate::model::meeting_kind_label(c, lang).to_string(),
                None => lang.pick("报送频次", "cadence").to_string(),
            };
            parts.push(format!(
                "{}({cycle})",
                lang.pick("本期未报", "not reported")
            ));
        } else if let Some(c) = self.cycle {
            parts.push(format!("{}{}", lang.pick("周期=", "cycle="), c.key()));
        }
        if let Some(a) = &self.action {
            parts.push(format!("{}{a}", lang.pick("行动=", "action=")));
        }
        if let Some(u) = &self.lead_unit {
            parts.push(format!("{}{u}", lang.pick("牵头=", "lead=")));
        }
        if let Some(o) = &self.owner {
            parts.push(format!("{}{o}", lang.pick("责任人=", "owner=")));
        }
        parts.join(" · ")
    }
}

/// A one-line message at the bottom of the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

/// Values computed once per load so that a frame never assesses every measure.
#[derive(Debug, Clone, Default)]
struct Cache {
    lights: Vec<Light>,
    unreported: Vec<bool>,
    by_action: Vec<Vec<usize>>,
    counts: Vec<LightCounts>,
}

/// The whole state of the TUI.
#[derive(Debug, Clone)]
pub struct App {
    pub lang: Lang,
    pub today: NaiveDate,
    pub plan: Plan,
    pub history: Vec<Entry>,
    pub repo: RepoInfo,
    pub mode: Mode,
    /// The mode under the help overlay.
    pub under_help: Mode,
    pub rows: Vec<Row>,
    pub cursor: usize,
    pub offset: usize,
    /// Rows the tree pane shows (set from the terminal size).
    pub page: usize,
    pub selected: Option<Node>,
    pub expanded: HashSet<Node>,
    pub query: String,
    pub filters: Filters,
    pub form: Option<Form>,
    /// The summary the store will commit, while confirming.
    pub pending_summary: Option<String>,
    pub pending_revert: Option<Box<Revert>>,
    pub history_cursor: usize,
    /// First line shown in the detail pane.
    pub detail_scroll: u16,
    /// First line shown in the help overlay.
    pub help_scroll: usize,
    pub message: Option<Message>,
    /// The screen forms and confirmations return to (the tree, or the meeting screen).
    pub home: Mode,
    /// The meeting kind of the review and meeting screens.
    pub kind: Cycle,
    /// The review shown on the review screen, once loaded.
    pub review: Option<ReviewData>,
    /// The open meeting of `kind`, once loaded (`None` also when none is open).
    pub meeting: Option<MeetingData>,
    /// Whether the meeting screen has its data for `kind`.
    pub meeting_loaded: bool,
    /// First line shown on the review and meeting screens.
    pub screen_scroll: usize,
    /// Lines of the review or meeting screen as last drawn: the run loop measures the view and
    /// sets it, so state never calls view code.
    pub content_lines: usize,
    /// First line shown in the minutes preview.
    pub minutes_scroll: usize,
    /// The selected row of the indicators screen.
    pub indicator_cursor: usize,
    /// The 催办 screen's cycle, selected unit and scroll.
    pub remind: super::remind::RemindState,
    /// The import screen's files and preview.
    pub import: super::import::ImportState,
    cache: Cache,
}

impl App {
    /// An app showing `snapshot`, with every action collapsed and the first row selected.
    pub fn new(snapshot: Snapshot, lang: Lang, today: NaiveDate) -> App {
        let mut app = App {
            lang,
            today,
            plan: snapshot.plan,
            history: snapshot.history,
            repo: snapshot.repo,
            mode: Mode::Tree,
            under_help: Mode::Tree,
            rows: Vec::new(),
            cursor: 0,
            offset: 0,
            page: 20,
            selected: None,
            expanded: HashSet::new(),
            query: String::new(),
            filters: Filters::default(),
            form: None,
            pending_summary: None,
            pending_revert: None,
            history_cursor: 0,
            detail_scroll: 0,
            help_scroll: 0,
            message: None,
            home: Mode::Tree,
            kind: Cycle::Monthly,
            review: None,
            meeting: None,
            meeting_loaded: false,
            screen_scroll: 0,
            content_lines: 0,
            minutes_scroll: 0,
            indicator_cursor: 0,
            remind: Default::default(),
            import: Default::default(),
            cache: Cache::default(),
        };
        app.message = problems_message(&snapshot.problems, lang);
        app.compute_cache();
        app.rebuild();
        app
    }

    fn compute_cache(&mut self) {
        let plan = &self.plan;
        let today = self.today;
        let lights: Vec<Light> = plan
            .measures
            .iter()
            .map(|m| plan.assess(m, today).light)
            .collect();
        let unreported: Vec<bool> = plan
            .measures
            .iter()
            .map(|m| !plan.reported(&m.id, m.cadence, today))
            .collect();
        let mut by_action = vec![Vec::new(); plan.actions.len()];
        for (i, m) in plan.measures.iter().enumerate() {
            if let Some(a) = plan.actions.iter().position(|a| a.id == m.action) {
                by_action[a].push(i);
            }
        }
        let counts = by_action
            .iter()
            .map(|ms| {
                let mut c = LightCounts::default();
                for &i in ms {
                    match lights[i] {
                        Light::Green => c.green += 1,
                        Light::Blue => c.blue += 1,
                        Light::Unreported => c.unreported += 1,
                        Light::Yellow => c.yellow += 1,
                        Light::Red => c.red += 1,
                    }
                }
                c
            })
            .collect();
        self.cache = Cache {
            lights,
            unreported,
            by_action,
            counts,
        };
    }

    /// The light of the measure at index `i`.
    pub fn light(&self, i: usize) -> Light {
        self.cache.lights.get(i).copied().unwrap_or(Light::Green)
    }

    /// Whether the measure at index `i` has no report for its cadence's current period.
    pub fn unreported(&self, i: usize) -> bool {
        self.cache.unreported.get(i).copied().unwrap_or(false)
    }

    /// Light counts (未报 included) for the action at index `i`.
    pub fn action_counts(&self, i: usize) -> LightCounts {
        self.cache.counts.get(i).copied().unwrap_or_default()
    }

    /// Light counts (未报 included) over every measure of the plan.
    pub fn totals(&self) -> LightCounts {
        let mut total = LightCounts::default();
        for c in &self.cache.counts {
            total.green += c.green;
            total.blue += c.blue;
            total.unreported += c.unreported;
            total.yellow += c.yellow;
            total.red += c.red;
        }
        total
    }

    /// The node a row shows.
    pub fn node(&self, row: Row) -> Node {
        match row {
            Row::Action(i) => Node::Action(self.plan.actions[i].id.clone()),
            Row::Measure(i) => Node::Measure(self.plan.measures[i].id.clone()),
            Row::Section(s) => Node::Section(s),
            Row::Indicator(i) => Node::Indicator(self.plan.indicators[i].id.clone()),
            Row::Landmark(i) => Node::Landmark(self.plan.landmarks[i].id.clone()),
            Row::Meeting(i) => Node::Meeting(self.plan.meetings[i].id.clone()),
            Row::Item(i) => Node::Item(self.plan.items[i].id.clone()),
        }
    }

    fn row_is(&self, row: Row, node: &Node) -> bool {
        match (row, node) {
            (Row::Action(i), Node::Action(id)) => &self.plan.actions[i].id == id,
            (Row::Measure(i), Node::Measure(id)) => &self.plan.measures[i].id == id,
            (Row::Section(s), Node::Section(t)) => s == *t,
            (Row::Indicator(i), Node::Indicator(id)) => &self.plan.indicators[i].id == id,
            (Row::Landmark(i), Node::Landmark(id)) => &self.plan.landmarks[i].id == id,
            (Row::Meeting(i), Node::Meeting(id)) => &self.plan.meetings[i].id == id,
            (Row::Item(i), Node::Item(id)) => &self.plan.items[i].id == id,
            _ => false,
        }
    }

    /// The selected measure, if the selection is one.
    pub fn selected_measure(&self) -> Option<&Measure> {
        match &self.selected {
            Some(Node::Measure(id)) => self.plan.measure(id),
            _ => None,
        }
    }

    /// Whether the search or the filters narrow the tree.
    pub fn narrowed(&self) -> bool {
        !self.query.is_empty() || self.filters.active()
    }

    fn measure_matches(&self, i: usize, query: &str) -> bool {
        let m = &self.plan.measures[i];
        let found = query.is_empty()
            || m.id.as_str().to_lowercase().contains(query)
            || m.title.to_lowercase().contains(query)
            || m.source_text.to_lowercase().contains(query);
        if !found {
            return false;
        }
        let f = &self.filters;
        if f.light.is_some_and(|l| self.light(i) != l) {
            return false;
        }
        if f.status.is_some_and(|s| m.status != s) {
            return false;
        }
        let overdue = m.deadline < self.today && !m.status.is_done();
        if f.overdue && !overdue {
            return false;
        }
        if f.not_reported {
            let reported = match f.cycle {
                Some(c) => self.plan.reported(&m.id, c, self.today),
                None => !self.unreported(i),
            };
            if reported {
                return false;
            }
        }
        if f.action.as_ref().is_some_and(|a| &m.action != a) {
            return false;
        }
        if f.lead_unit.as_ref().is_some_and(|u| &m.lead_unit != u) {
            return false;
        }
        if f.owner
            .as_ref()
            .is_some_and(|o| m.owner.as_ref() != Some(o))
        {
            return false;
        }
        true
    }

    /// Rebuilds the visible rows after a change of plan, expansion, search or filters, keeping
    /// the selection on the same node when it is still visible.
    pub fn rebuild(&mut self) {
        let query = self.query.to_lowercase();
        let narrowed = self.narrowed();
        let mut rows = Vec::new();
        for (a, action) in self.plan.actions.iter().enumerate() {
            let open = self.expanded.contains(&Node::Action(action.id.clone()));
            if !narrowed {
                rows.push(Row::Action(a));
                if open {
                    rows.extend(self.cache.by_action[a].iter().map(|&i| Row::Measure(i)));
                }
                continue;
            }
            let matching: Vec<usize> = self.cache.by_action[a]
                .iter()
                .copied()
                .filter(|&i| self.measure_matches(i, &query))
                .collect();
            let title_hit = !query.is_empty()
                && !self.filters.active()
                && (action.id.as_str().to_lowercase().contains(&query)
                    || action.title.to_lowercase().contains(&query));
            if matching.is_empty() && !title_hit {
                continue;
            }
            rows.push(Row::Action(a));
            rows.extend(matching.into_iter().map(Row::Measure));
        }
        if !self.filters.active() {
            for section in Section::ALL {
                let items: Vec<Row> = match section {
                    Section::Indicators => (0..self.plan.indicators.len())
                        .filter(|&i| {
                            let x = &self.plan.indicators[i];
                            query.is_empty()
                                || x.id.as_str().to_lowercase().contains(&query)
                                || x.name.to_lowercase().contains(&query)
                        })
                        .map(Row::Indicator)
                        .collect(),
                    Section::Landmarks => (0..self.plan.landmarks.len())
                        .filter(|&i| {
                            query.is_empty()
                                || self.plan.landmarks[i].title.to_lowercase().contains(&query)
                        })
                        .map(Row::Landmark)
                        .collect(),
                    Section::Meetings => self.meeting_rows(&query),
                };
                if narrowed && items.is_empty() {
                    continue;
                }
                rows.push(Row::Section(section));
                if narrowed || self.expanded.contains(&Node::Section(section)) {
                    rows.extend(items);
                }
            }
        }
        self.rows = rows;
        self.reselect();
    }

    /// Each meeting followed by its action items; with a query, the items that match it.
    fn meeting_rows(&self, query: &str) -> Vec<Row> {
        let mut rows = Vec::new();
        for (m, meeting) in self.plan.meetings.iter().enumerate() {
            let items: Vec<Row> = (0..self.plan.items.len())
                .filter(|&i| {
                    let item = &self.plan.items[i];
                    item.meeting == meeting.id
                        && (query.is_empty()
                            || item.id.as_str().to_lowercase().contains(query)
                            || item.text.to_lowercase().contains(query))
                })
                .map(Row::Item)
                .collect();
            if query.is_empty() || !items.is_empty() {
                rows.push(Row::Meeting(m));
                rows.extend(items);
            }
        }
        rows
    }

    /// Puts the cursor on the selected node, or selects the row under the cursor.
    fn reselect(&mut self) {
        if let Some(node) = &self.selected
            && let Some(pos) = self.rows.iter().position(|&r| self.row_is(r, node))
        {
            self.cursor = pos;
        } else if let Some(Node::Measure(id)) = &self.selected
            && let Some(m) = self.plan.measure(id)
            && let Some(pos) = self
                .rows
                .iter()
                .position(|&r| self.row_is(r, &Node::Action(m.action.clone())))
        {
            // A measure hidden by collapsing its action: select the action.
            self.cursor = pos;
        } else {
            self.cursor = self.cursor.min(self.rows.len().saturating_sub(1));
        }
        self.selected = self.rows.get(self.cursor).map(|&r| self.node(r));
        self.scroll_to_cursor();
    }

    fn scroll_to_cursor(&mut self) {
        let page = self.page.max(1);
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + page {
            self.offset = self.cursor + 1 - page;
        }
        self.offset = self.offset.min(self.rows.len().saturating_sub(page));
    }

    fn move_to(&mut self, cursor: usize) {
        if self.rows.is_empty() {
            return;
        }
        self.cursor = cursor.min(self.rows.len() - 1);
        self.selected = Some(self.node(self.rows[self.cursor]));
        self.detail_scroll = 0;
        self.scroll_to_cursor();
    }

    fn expandable(&self) -> Option<Node> {
        match self.selected.clone()? {
            n @ (Node::Action(_) | Node::Section(_)) => Some(n),
            _ => None,
        }
    }

    fn set_expanded(&mut self, open: bool) {
        if self.narrowed() {
            return;
        }
        match self.expandable() {
            Some(node) => {
                if open {
                    self.expanded.insert(node);
                } else {
                    self.expanded.remove(&node);
                }
            }
            None if !open => {
                // Collapsing on a child goes to its parent.
                let parent = match &self.selected {
                    Some(Node::Measure(id)) => self
                        .plan
                        .measure(id)
                        .map(|m| Node::Action(m.action.clone())),
                    Some(Node::Indicator(_)) => Some(Node::Section(Section::Indicators)),
                    Some(Node::Landmark(_)) => Some(Node::Section(Section::Landmarks)),
                    Some(Node::Meeting(_)) => Some(Node::Section(Section::Meetings)),
                    Some(Node::Item(_)) => Some(Node::Section(Section::Meetings)),
                    _ => None,
                };
                if let Some(p) = parent {
                    self.expanded.remove(&p);
                    self.selected = Some(p);
                }
            }
            None => {}
        }
        self.rebuild();
    }

    fn set_message(&mut self, text: impl Into<String>, error: bool) {
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
        match action {
            Action::Resize(_, height) => {
                self.page = tree_rows(height);
                self.scroll_to_cursor();
                None
            }
            Action::RepoChanged(repo) => {
                self.repo = repo;
                None
            }
            Action::Reloaded(snapshot) => {
                self.apply_snapshot(*snapshot);
                // The meeting screens follow HEAD too.
                match self.mode {
                    Mode::Review => Some(Effect::LoadReview(self.kind)),
                    Mode::Meeting | Mode::Minutes | Mode::ConfirmClose => {
                        Some(Effect::LoadMeeting(self.kind))
                    }
                    Mode::Help if self.under_help == Mode::Review => {
                        Some(Effect::LoadReview(self.kind))
                    }
                    Mode::Help if self.under_help == Mode::Meeting => {
                        Some(Effect::LoadMeeting(self.kind))
                    }
                    _ => None,
                }
            }
            Action::ReviewLoaded(review) => {
                if review.kind == self.kind {
                    self.review = Some(*review);
                }
                None
            }
            Action::MeetingLoaded(kind, meeting) => {
                if kind == self.kind {
                    self.meeting = meeting.map(|m| *m);
                    self.meeting_loaded = true;
                    let lines = self
                        .meeting
                        .as_ref()
                        .map_or(0, |m| m.minutes.lines().count());
                    self.minutes_scroll = self.minutes_scroll.min(lines.saturating_sub(1));
                }
                None
            }
            Action::Previewed(summary) => {
                self.pending_summary = Some(summary);
                self.mode = Mode::Confirm;
                None
            }
            Action::Committed { commit, summary } => {
                let short = commit.get(..8).unwrap_or(&commit).to_string();
                self.form = None;
                self.pending_summary = None;
                self.pending_revert = None;
                self.mode = match self.mode {
                    Mode::ConfirmUndo => Mode::History,
                    Mode::ConfirmClose => Mode::Meeting,
                    Mode::Indicators => Mode::Indicators,
                    _ => self.home,
                };
                self.set_message(
                    format!(
                        "{} {short} {summary}",
                        self.lang.pick("已提交", "committed")
                    ),
                    false,
                );
                Some(Effect::Reload)
            }
            Action::Synced(text) => {
                self.set_message(text, false);
                Some(Effect::Reload)
            }
            Action::Wrote(path) => {
                self.set_message(
                    format!("{}{path}", self.lang.pick("已写入：", "wrote ")),
                    false,
                );
                None
            }
            Action::Unchanged => {
                self.pending_summary = None;
                self.set_message(
                    self.lang
                        .pick("没有变化，未提交。", "nothing changed; no commit made."),
                    false,
                );
                if self.mode == Mode::Confirm {
                    self.mode = Mode::Form;
                }
                None
            }
            Action::Failed(text) => {
                self.pending_summary = None;
                match self.mode {
                    Mode::Confirm => self.mode = Mode::Form,
                    Mode::ConfirmUndo => {
                        self.pending_revert = None;
                        self.mode = Mode::History;
                    }
                    Mode::ConfirmClose => self.mode = Mode::Meeting,
                    _ => {}
                }
                self.set_message(text, true);
                None
            }
            Action::UndoPlanned(revert) => {
                match revert {
                    Some(r) => {
                        self.pending_revert = Some(r);
                        self.mode = Mode::ConfirmUndo;
                    }
                    None => self.set_message(
                        self.lang.pick("没有可撤销的修改。", "nothing to undo."),
                        true,
                    ),
                }
                None
            }
            Action::EditedExternally(text) => {
                if let Some(form) = &mut self.form
                    && let Some(t) = form.text_mut(form.field)
                {
                    *t = text.trim_end_matches('\n').to_string();
                    form.touched = true;
                    form.focus(form.field);
                }
                None
            }
            Action::ToggleHelp => {
                if self.mode == Mode::Help {
                    self.mode = self.under_help;
                } else {
                    self.help_scroll = 0;
                    self.under_help = self.mode;
                    self.mode = Mode::Help;
                }
                None
            }
            Action::Quit => Some(Effect::Quit),
            action => match self.mode {
                Mode::Tree => self.update_tree(action),
                Mode::Search => self.update_search(action),
                Mode::Filter => self.update_filter(action),
                Mode::Form => self.update_form(action),
                Mode::Confirm => self.update_confirm(action),
                Mode::History => self.update_history(action),
                Mode::ConfirmUndo => self.update_confirm_undo(action),
                Mode::Review => self.update_review(action),
                Mode::Meeting => self.update_meeting(action),
                Mode::Minutes => self.update_minutes(action),
                Mode::ConfirmClose => self.update_confirm_close(action),
                Mode::Indicators => self.update_indicators(action),
                Mode::Remind => self.update_remind(action),
                Mode::Import => {
                    let mut back = false;
                    let effect = self.import.update(action, &mut back);
                    if back {
                        self.mode = Mode::Tree;
                    }
                    effect
                }
                Mode::Help => {
                    match action {
                        Action::MoveDown => self.help_scroll += 1,
                        Action::MoveUp => self.help_scroll = self.help_scroll.saturating_sub(1),
                        Action::PageDown => self.help_scroll += 10,
                        Action::PageUp => self.help_scroll = self.help_scroll.saturating_sub(10),
                        _ => {}
                    }
                    None
                }
            },
        }
    }

    fn apply_snapshot(&mut self, snapshot: Snapshot) {
        self.plan = snapshot.plan;
        self.history = snapshot.history;
        self.repo = snapshot.repo;
        if let Some(m) = problems_message(&snapshot.problems, self.lang) {
            self.message = Some(m);
        }
        self.history_cursor = self
            .history_cursor
            .min(self.history.len().saturating_sub(1));
        self.compute_cache();
        self.rebuild();
    }

    fn update_tree(&mut self, action: Action) -> Option<Effect> {
        match action {
            Action::MoveUp => self.move_to(self.cursor.saturating_sub(1)),
            Action::MoveDown => self.move_to(self.cursor + 1),
            Action::PageUp => self.move_to(self.cursor.saturating_sub(self.page.max(1))),
            Action::PageDown => self.move_to(self.cursor + self.page.max(1)),
            Action::Home => self.move_to(0),
            Action::End => self.move_to(self.rows.len().saturating_sub(1)),
            Action::Expand => self.set_expanded(true),
            Action::Collapse => self.set_expanded(false),
            Action::Toggle => {
                if let Some(node) = self.expandable() {
                    let open = !self.expanded.contains(&node);
                    self.set_expanded(open);
                }
            }
            Action::ExpandAll => {
                let nodes: Vec<Node> = self
                    .plan
                    .actions
                    .iter()
                    .map(|a| Node::Action(a.id.clone()))
                    .chain(Section::ALL.into_iter().map(Node::Section))
                    .collect();
                self.expanded.extend(nodes);
                self.rebuild();
            }
            Action::CollapseAll => {
                if let Some(Node::Measure(id)) = &self.selected
                    && let Some(m) = self.plan.measure(id)
                {
                    self.selected = Some(Node::Action(m.action.clone()));
                }
                self.expanded.clear();
                self.rebuild();
            }
            Action::ScrollDetailDown => self.detail_scroll = self.detail_scroll.saturating_add(3),
            Action::ScrollDetailUp => self.detail_scroll = self.detail_scroll.saturating_sub(3),
            Action::StartSearch => self.mode = Mode::Search,
            Action::OpenFilters => self.mode = Mode::Filter,
            Action::Cancel if self.narrowed() => {
                self.query.clear();
                self.filters = Filters::default();
                self.reveal_selection();
            }
            Action::Refresh => return Some(Effect::Reload),
            Action::Sync => {
                self.set_message(self.lang.pick("正在同步…", "syncing…"), false);
                return Some(Effect::Sync);
            }
            Action::OpenForm if matches!(self.selected, Some(Node::Item(_))) => {
                self.open_item_form()
            }
            Action::OpenForm => self.open_form(),
            Action::OpenMeasureForm => self.open_measure_form(),
            Action::OpenItemForm => self.open_item_form(),
            Action::ShowHistory => {
                self.mode = Mode::History;
                self.history_cursor = 0;
            }
            Action::ShowReview => return self.show_review(),
            Action::ShowMeeting => return self.show_meeting(),
            Action::ShowImport => {
                self.mode = Mode::Import;
                self.import.preview = None;
                return Some(Effect::ListImportFiles);
            }
            Action::ShowRemind => {
                self.mode = Mode::Remind;
                self.remind.scroll = 0;
            }
            Action::ShowIndicators => {
                self.mode = Mode::Indicators;
                // Start on the indicator selected in the tree, if one is.
                if let Some(Node::Indicator(id)) = &self.selected
                    && let Some(i) = self.plan.indicators.iter().position(|x| &x.id == id)
                {
                    self.indicator_cursor = i;
                }
            }
            _ => {}
        }
        None
    }

    fn show_review(&mut self) -> Option<Effect> {
        self.mode = Mode::Review;
        self.screen_scroll = 0;
        if self.review.as_ref().is_none_or(|r| r.kind != self.kind) {
            self.review = None;
        }
        Some(Effect::LoadReview(self.kind))
    }

    fn show_meeting(&mut self) -> Option<Effect> {
        self.mode = Mode::Meeting;
        self.home = Mode::Meeting;
        self.screen_scroll = 0;
        if self
            .meeting
            .as_ref()
            .is_none_or(|m| m.meeting.kind != self.kind)
        {
            self.meeting = None;
            self.meeting_loaded = false;
        }
        Some(Effect::LoadMeeting(self.kind))
    }

    fn next_kind(&mut self) {
        self.kind = match self.kind {
            Cycle::Weekly => Cycle::Monthly,
            Cycle::Monthly => Cycle::Quarterly,
            Cycle::Quarterly => Cycle::Weekly,
        };
    }

    fn scroll(&mut self, action: &Action) -> bool {
        let page = self.page.max(1);
        let last = self.content_lines.saturating_sub(page);
        let s = &mut self.screen_scroll;
        match action {
            Action::MoveUp => *s = s.saturating_sub(1),
            Action::MoveDown => *s = (*s + 1).min(last),
            Action::PageUp => *s = s.saturating_sub(page),
            Action::PageDown => *s = (*s + page).min(last),
            _ => return false,
        }
        true
    }

    fn update_review(&mut self, action: Action) -> Option<Effect> {
        if self.scroll(&action) {
            return None;
        }
        match action {
            Action::SwitchKind => {
                self.next_kind();
                self.show_review()
            }
            Action::ShowMeeting => self.show_meeting(),
            Action::Refresh => Some(Effect::Reload),
            Action::Cancel => {
                self.mode = Mode::Tree;
                None
            }
            _ => None,
        }
    }

    /// The open meeting on the meeting screen, or a message saying how to open one.
    fn open_meeting_or_say(&mut self) -> Option<Meeting> {
        if let Some(m) = &self.meeting {
            return Some(m.meeting.clone());
        }
        let kind = crate::model::meeting_kind_label(self.kind, self.lang);
        let text = if self.meeting_loaded {
            match self.lang {
                Lang::Zh => format!("没有进行中的{kind}：按 n 召开"),
                Lang::En => format!("no {kind} is open: press n to open one"),
            }
        } else {
            self.lang
                .pick("会议尚在载入", "the meeting is loading")
                .into()
        };
        self.set_message(text, true);
        None
    }

    fn update_meeting(&mut self, action: Action) -> Option<Effect> {
        if self.scroll(&action) {
            return None;
        }
        match action {
            Action::SwitchKind => {
                self.next_kind();
                return self.show_meeting();
            }
            Action::ShowReview => return self.show_review(),
            Action::OpenMeetingForm => {
                if let Some(m) = &self.meeting {
                    let text = match self.lang {
                        Lang::Zh => format!("会议 {} 尚未结束：先按 x 结束", m.meeting.id),
                        Lang::En => {
                            format!("meeting {} is still open: close it first (x)", m.meeting.id)
                        }
                    };
                    self.set_message(text, true);
                } else {
                    match Form::for_meeting(self.kind, self.today) {
                        Ok(form) => {
                            self.form = Some(form);
                            self.home = Mode::Meeting;
                            self.mode = Mode::Form;
                        }
                        Err(e) => self.set_message(e, true),
                    }
                }
            }
            Action::OpenDecisionForm => {
                if let Some(m) = self.open_meeting_or_say() {
                    let measure = match &self.selected {
                        Some(Node::Measure(id)) => Some(id.clone()),
                        _ => None,
                    };
                    self.form = Some(Form::for_decision(&m, measure.as_ref()));
                    self.home = Mode::Meeting;
                    self.mode = Mode::Form;
                }
            }
            Action::ShowMinutes | Action::CloseMeeting => {
                let open = self.open_meeting_or_say().is_some();
                if open && matches!(action, Action::ShowMinutes) {
                    self.minutes_scroll = 0;
                    self.mode = Mode::Minutes;
                } else if open {
                    self.mode = Mode::ConfirmClose;
                }
            }
            Action::Refresh => return Some(Effect::Reload),
            Action::Cancel => {
                self.mode = Mode::Tree;
                self.home = Mode::Tree;
            }
            _ => {}
        }
        None
    }

    fn update_minutes(&mut self, action: Action) -> Option<Effect> {
        let lines = self
            .meeting
            .as_ref()
            .map_or(0, |m| m.minutes.lines().count());
        let last = lines.saturating_sub(1);
        let page = self.page.max(1);
        let s = &mut self.minutes_scroll;
        match action {
            Action::MoveUp => *s = s.saturating_sub(1),
            Action::MoveDown => *s = (*s + 1).min(last),
            Action::PageUp => *s = s.saturating_sub(page),
            Action::PageDown => *s = (*s + page).min(last),
            Action::Cancel => self.mode = Mode::Meeting,
            _ => {}
        }
        None
    }

    fn update_confirm_close(&mut self, action: Action) -> Option<Effect> {
        match action {
            Action::Confirm => self
                .meeting
                .as_ref()
                .map(|m| Effect::CloseMeeting(m.meeting.id.clone())),
            Action::Cancel => {
                self.mode = Mode::Meeting;
                None
            }
            _ => None,
        }
    }

    fn update_indicators(&mut self, action: Action) -> Option<Effect> {
        let last = self.plan.indicators.len().saturating_sub(1);
        let c = &mut self.indicator_cursor;
        match action {
            Action::MoveUp => *c = c.saturating_sub(1),
            Action::MoveDown => *c = (*c + 1).min(last),
            Action::Home => *c = 0,
            Action::End => *c = last,
            Action::Cancel => self.mode = Mode::Tree,
            Action::ConfirmSuggestedTarget => {
                let ind = self.plan.indicators.get(self.indicator_cursor)?;
                let (year, _) = year_quarter(self.today);
                let source =
                    crate::meeting::year_target(ind, year, &self.plan.targets).map(|(_, s)| s);
                if source == Some(crate::meeting::TargetSource::Suggested) {
                    return Some(Effect::ConfirmTarget {
                        indicator: ind.id.clone(),
                        year,
                    });
                }
                let text = match self.lang {
                    Lang::Zh => format!("{} {year}年目标不是建议值，无需确认", ind.id),
                    Lang::En => format!(
                        "{}'s {year} target is not a suggestion; nothing to confirm",
                        ind.id
                    ),
                };
                self.set_message(text, true);
            }
            _ => {}
        }
        None
    }

    fn update_remind(&mut self, action: Action) -> Option<Effect> {
        let units = super::remind::list(self).len();
        let r = &mut self.remind;
        match action {
            Action::MoveUp => {
                r.cursor = r.cursor.saturating_sub(1);
                r.scroll = 0;
            }
            Action::MoveDown => {
                r.cursor = (r.cursor + 1).min(units.saturating_sub(1));
                r.scroll = 0;
            }
            Action::PageDown => r.scroll = r.scroll.saturating_add(10),
            Action::PageUp => r.scroll = r.scroll.saturating_sub(10),
            Action::SwitchKind => r.switch(),
            Action::WriteNotices => {
                let name = format!(
                    "{}-{}.txt",
                    self.lang.pick("催办通知", "reminders"),
                    super::remind::period(self)
                );
                return Some(Effect::WriteFile(name, super::remind::notices(self)));
            }
            Action::Cancel => self.mode = Mode::Tree,
            _ => {}
        }
        None
    }

    /// After clearing a search, opens the action of the selected measure so it stays selected.
    fn reveal_selection(&mut self) {
        if let Some(Node::Measure(id)) = &self.selected
            && let Some(m) = self.plan.measure(id)
        {
            self.expanded.insert(Node::Action(m.action.clone()));
        }
        self.rebuild();
    }

    /// While typing a search, selects the first measure whose id or title matches (a match in
    /// the source clause only comes after), so Enter lands on what was searched for.
    fn select_best_match(&mut self) {
        let query = self.query.to_lowercase();
        if query.is_empty() {
            return;
        }
        let measure = |r: &Row| match r {
            Row::Measure(i) => Some(&self.plan.measures[*i]),
            _ => None,
        };
        let best = self
            .rows
            .iter()
            .position(|r| {
                measure(r).is_some_and(|m| {
                    m.id.as_str().to_lowercase().contains(&query)
                        || m.title.to_lowercase().contains(&query)
                })
            })
            .or_else(|| self.rows.iter().position(|r| measure(r).is_some()))
            .or_else(|| {
                self.rows
                    .iter()
                    .position(|r| !matches!(r, Row::Action(_) | Row::Section(_)))
            });
        if let Some(i) = best {
            self.move_to(i);
        }
    }

    fn update_search(&mut self, action: Action) -> Option<Effect> {
        match action {
            Action::Input(c) => {
                self.query.push(c);
                self.rebuild();
                self.select_best_match();
            }
            Action::Paste(text) => {
                self.query.extend(text.chars().filter(|c| !c.is_control()));
                self.rebuild();
                self.select_best_match();
            }
            Action::DeleteChar => {
                self.query.pop();
                self.rebuild();
                self.select_best_match();
            }
            Action::AcceptSearch => self.mode = Mode::Tree,
            Action::Cancel => {
                self.query.clear();
                self.mode = Mode::Tree;
                self.reveal_selection();
            }
            Action::MoveUp => self.move_to(self.cursor.saturating_sub(1)),
            Action::MoveDown => self.move_to(self.cursor + 1),
            _ => {}
        }
        None
    }

    fn update_filter(&mut self, action: Action) -> Option<Effect> {
        let f = &mut self.filters;
        match action {
            Action::FilterLight(l) => f.light = if f.light == Some(l) { None } else { Some(l) },
            Action::FilterStatus => {
                f.status = match f.status {
                    None => Some(Status::ALL[0]),
                    Some(s) => Status::ALL
                        .iter()
                        .position(|&x| x == s)
                        .and_then(|i| Status::ALL.get(i + 1).copied()),
                }
            }
            Action::FilterOverdue => f.overdue = !f.overdue,
            Action::FilterNotReported => f.not_reported = !f.not_reported,
            Action::FilterCycle => {
                f.cycle = match f.cycle {
                    None => Some(Cycle::Weekly),
                    Some(Cycle::Weekly) => Some(Cycle::Monthly),
                    Some(Cycle::Monthly) => Some(Cycle::Quarterly),
                    Some(Cycle::Quarterly) => None,
                }
            }
            Action::FilterAction => {
                let action = match &self.selected {
                    Some(Node::Action(id)) => Some(id.clone()),
                    Some(Node::Measure(id)) => self.plan.measure(id).map(|m| m.action.clone()),
                    _ => None,
                };
                let f = &mut self.filters;
                f.action = if f.action.is_some() { None } else { action };
            }
            Action::FilterLead => {
                let unit = self.selected_measure().map(|m| m.lead_unit.clone());
                let f = &mut self.filters;
                f.lead_unit = if f.lead_unit.is_some() { None } else { unit };
            }
            Action::FilterOwner => {
                let owner = self.selected_measure().and_then(|m| m.owner.clone());
                if owner.is_none() && self.filters.owner.is_none() {
                    self.set_message(
                        self.lang
                            .pick("所选举措没有责任人", "the selected measure has no owner"),
                        true,
                    );
                }
                let f = &mut self.filters;
                f.owner = if f.owner.is_some() { None } else { owner };
            }
            Action::ClearFilters => *f = Filters::default(),
            Action::Cancel => {
                self.mode = Mode::Tree;
                return None;
            }
            _ => return None,
        }
        self.rebuild();
        None
    }

    fn open_form(&mut self) {
        let Some(m) = self.selected_measure() else {
            self.set_message(
                self.lang.pick("请先选择一项举措", "select a measure first"),
                true,
            );
            return;
        };
        let id = m.id.clone();
        let cycle = m.cadence;
        let report = self.plan.report(&id, cycle.period_of(self.today)).cloned();
        self.form = Some(Form::new(id, cycle, report.as_ref()));
        self.home = Mode::Tree;
        self.mode = Mode::Form;
    }

    fn open_measure_form(&mut self) {
        let Some(m) = self.selected_measure() else {
            self.set_message(
                self.lang.pick("请先选择一项举措", "select a measure first"),
                true,
            );
            return;
        };
        self.form = Some(Form::for_measure(m));
        self.home = Mode::Tree;
        self.mode = Mode::Form;
    }

    fn open_item_form(&mut self) {
        let item = match &self.selected {
            Some(Node::Item(id)) => self.plan.items.iter().find(|i| &i.id == id),
            _ => None,
        };
        let Some(item) = item else {
            self.set_message(
                self.lang.pick(
                    "请先选择一项议定事项（会议下）",
                    "select an action item first (under Meetings)",
                ),
                true,
            );
            return;
        };
        let kind = self
            .plan
            .meetings
            .iter()
            .find(|m| m.id == item.meeting)
            .map_or(Cycle::Monthly, |m| m.kind);
        self.form = Some(Form::for_item(item, kind));
        self.home = Mode::Tree;
        self.mode = Mode::Form;
    }

    fn update_form(&mut self, action: Action) -> Option<Effect> {
        let lang = self.lang;
        let today = self.today;
        let Some(form) = self.form.as_mut() else {
            self.mode = self.home;
            return None;
        };
        form.error = None;
        let fields = form.fields();
        let position = fields.iter().position(|&f| f == form.field).unwrap_or(0);
        match action {
            Action::NextField => form.focus(fields[(position + 1) % fields.len()]),
            Action::PrevField => form.focus(fields[(position + fields.len() - 1) % fields.len()]),
            Action::Home => form.cursor = 0,
            Action::End => form.cursor = form.text(form.field).chars().count(),
            Action::ChoiceNext | Action::ChoicePrev => {
                let forward = matches!(action, Action::ChoiceNext);
                match form.field {
                    Field::Cycle => {
                        let i = Cycle::ALL
                            .iter()
                            .position(|&c| c == form.cycle)
                            .unwrap_or(0);
                        form.cycle = Cycle::ALL[if forward { (i + 1) % 3 } else { (i + 2) % 3 }];
                        if !form.touched {
                            let report = self.plan.report(&form.id, form.cycle.period_of(today));
                            form.fill(report);
                        }
                    }
                    Field::Light => {
                        form.light = step(&Light::REPORTABLE, form.light, forward);
                        form.touched = true;
                    }
                    Field::Status => {
                        form.status = step(&Status::ALL, form.status, forward);
                        form.touched = true;
                    }
                    Field::ItemStatus => {
                        const ALL: [ItemStatus; 3] = [
                            ItemStatus::Open,
                            ItemStatus::DoneAwaitingReview,
                            ItemStatus::Closed,
                        ];
                        let i = ALL.iter().position(|&s| s == form.item_status).unwrap_or(0);
                        form.item_status = ALL[if forward { (i + 1) % 3 } else { (i + 2) % 3 }];
                        form.touched = true;
                    }
                    Field::Override => {
                        form.override_light =
                            step(&Light::REPORTABLE, form.override_light, forward);
                        form.touched = true;
                    }
                    Field::Kind | Field::Cadence => {
                        let i = Cycle::ALL
                            .iter()
                            .position(|&c| c == form.cycle)
                            .unwrap_or(0);
                        form.cycle = Cycle::ALL[if forward { (i + 1) % 3 } else { (i + 2) % 3 }];
                        form.touched = true;
                    }
                    f if f.is_list() => {
                        // The last entry of a list cycles through the roster's units; type 、
                        // to start another.
                        let names: Vec<&str> = self
                            .plan
                            .roster
                            .units
                            .iter()
                            .map(|u| u.name.as_str())
                            .collect();
                        if let Some(text) = form.text_mut(f)
                            && !names.is_empty()
                        {
                            let cut = text
                                .char_indices()
                                .filter(|(_, c)| matches!(c, '、' | ',' | '，' | ';' | '；'))
                                .map(|(i, c)| i + c.len_utf8())
                                .next_back()
                                .unwrap_or(0);
                            let last = text[cut..].trim().to_string();
                            let n = names.len();
                            let next = match names.iter().position(|&x| x == last) {
                                Some(i) if forward => (i + 1) % n,
                                Some(i) => (i + n - 1) % n,
                                None if forward => 0,
                                None => n - 1,
                            };
                            text.truncate(cut);
                            text.push_str(names[next]);
                            form.touched = true;
                            form.focus(f);
                        }
                    }
                    Field::Owner
                    | Field::Lead
                    | Field::Chair
                    | Field::ApprovedBy
                    | Field::Liaison => {
                        // Owner and lead unit cycle through the roster's names.
                        let names: Vec<&str> = if matches!(
                            form.field,
                            Field::Owner | Field::Chair | Field::ApprovedBy | Field::Liaison
                        ) {
                            self.plan
                                .roster
                                .people
                                .iter()
                                .map(|p| p.name.as_str())
                                .collect()
                        } else {
                            self.plan
                                .roster
                                .units
                                .iter()
                                .map(|u| u.name.as_str())
                                .collect()
                        };
                        if let Some(text) = form.text_mut(form.field)
                            && !names.is_empty()
                        {
                            let n = names.len();
                            let next = match names.iter().position(|&x| x == text.as_str()) {
                                Some(i) if forward => (i + 1) % n,
                                Some(i) => (i + n - 1) % n,
                                None if forward => 0,
                                None => n - 1,
                            };
                            *text = names[next].to_string();
                            form.touched = true;
                            form.focus(form.field);
                        }
                    }
                    _ => {
                        let end = form.text(form.field).chars().count();
                        form.cursor = if forward {
                            (form.cursor + 1).min(end)
                        } else {
                            form.cursor.saturating_sub(1)
                        };
                    }
                }
            }
            Action::Input(c) => form.insert(c),
            Action::Paste(text) => {
                // Only the long fields take line breaks; elsewhere they become spaces.
                let long = form.field.is_long();
                for c in text.replace("\r\n", "\n").chars() {
                    match c {
                        '\n' | '\r' if !long => form.insert(' '),
                        '\r' => form.insert('\n'),
                        c => form.insert(c),
                    }
                }
            }
            Action::DeleteChar => form.delete_before_cursor(),
            Action::DeleteForward => form.delete_after_cursor(),
            Action::DeleteWord => form.delete_word_before(),
            Action::WordLeft => form.cursor = form.word_left_of(),
            Action::WordRight => form.cursor = form.word_right_of(),
            Action::Undo if !form.undo() => {
                form.error = Some(lang.pick("没有可撤销的输入", "nothing to undo").into());
            }
            Action::NewLine if form.field.is_long() => form.insert('\n'),
            Action::EditExternally if form.field.is_text() => {
                return Some(Effect::EditExternally(form.text(form.field).to_string()));
            }
            Action::Submit => match form.kind {
                FormKind::Report => match form.edit(lang) {
                    Ok(edit) => {
                        let period = form.cycle.period_of(today);
                        return Some(Effect::PreviewReport {
                            id: form.id.clone(),
                            period,
                            edit,
                        });
                    }
                    Err(e) => form.error = Some(e),
                },
                FormKind::Measure => match form.measure_edit(lang, today) {
                    Ok(edit) => {
                        return Some(Effect::PreviewMeasure {
                            id: form.id.clone(),
                            edit,
                        });
                    }
                    Err(e) => form.error = Some(e),
                },
                FormKind::Decision => match form.decision_edit(lang) {
                    Ok(d) => return Some(Effect::PreviewDecision(d)),
                    Err(e) => form.error = Some(e),
                },
                FormKind::Meeting => match form.meeting_edit(lang) {
                    Ok(m) => return Some(Effect::PreviewMeeting(m)),
                    Err(e) => form.error = Some(e),
                },
                FormKind::Item => match form.item_edit(lang) {
                    Ok(edit) => {
                        return Some(Effect::PreviewItem {
                            id: form.id.clone(),
                            edit,
                        });
                    }
                    Err(e) => form.error = Some(e),
                },
            },
            Action::Cancel if form.touched && !form.discard_asked => {
                form.discard_asked = true;
                form.error = Some(
                    lang.pick(
                        "表单已修改：再按 Esc 放弃修改，按其他键继续编辑",
                        "the form has changes: press Esc again to discard them, any other key to go on",
                    )
                    .into(),
                );
                return None;
            }
            Action::Cancel => {
                self.form = None;
                self.mode = self.home;
                return None;
            }
            _ => {}
        }
        if let Some(form) = self.form.as_mut() {
            form.discard_asked = false;
        }
        None
    }

    fn update_confirm(&mut self, action: Action) -> Option<Effect> {
        match action {
            Action::Confirm => {
                let form = self.form.as_ref()?;
                match form.kind {
                    FormKind::Report => {
                        let edit = form.edit(self.lang).ok()?;
                        let period = form.cycle.period_of(self.today);
                        Some(Effect::CommitReport {
                            id: form.id.clone(),
                            period,
                            edit,
                        })
                    }
                    FormKind::Measure => {
                        let edit = form.measure_edit(self.lang, self.today).ok()?;
                        Some(Effect::CommitMeasure {
                            id: form.id.clone(),
                            edit,
                        })
                    }
                    FormKind::Decision => form
                        .decision_edit(self.lang)
                        .ok()
                        .map(Effect::CommitDecision),
                    FormKind::Meeting => form.meeting_edit(self.lang).ok().map(Effect::OpenMeeting),
                    FormKind::Item => {
                        let edit = form.item_edit(self.lang).ok()?;
                        Some(Effect::CommitItem {
                            id: form.id.clone(),
                            edit,
                        })
                    }
                }
            }
            Action::Cancel => {
                self.pending_summary = None;
                self.mode = Mode::Form;
                None
            }
            _ => None,
        }
    }

    fn update_history(&mut self, action: Action) -> Option<Effect> {
        let last = self.history.len().saturating_sub(1);
        match action {
            Action::MoveUp => self.history_cursor = self.history_cursor.saturating_sub(1),
            Action::MoveDown => self.history_cursor = (self.history_cursor + 1).min(last),
            Action::PageUp => self.history_cursor = self.history_cursor.saturating_sub(5),
            Action::PageDown => self.history_cursor = (self.history_cursor + 5).min(last),
            Action::PlanUndo => return Some(Effect::PlanUndo),
            Action::Cancel => self.mode = Mode::Tree,
            _ => {}
        }
        None
    }

    fn update_confirm_undo(&mut self, action: Action) -> Option<Effect> {
        match action {
            Action::Confirm => self.pending_revert.clone().map(Effect::ApplyRevert),
            Action::Cancel => {
                self.pending_revert = None;
                self.mode = Mode::History;
                None
            }
            _ => None,
        }
    }

    /// The history entries that change `id`, newest first.
    pub fn history_of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Entry> + 'a {
        self.history
            .iter()
            .filter(move |e| e.changes.iter().any(|c| c.id == id))
    }
}

fn step<T: Copy + PartialEq>(all: &[T], current: Option<T>, forward: bool) -> Option<T> {
    // The choices wrap through "none".
    let n = all.len() + 1;
    let i = current
        .and_then(|c| all.iter().position(|&x| x == c))
        .map_or(0, |i| i + 1);
    let j = if forward {
        (i + 1) % n
    } else {
        (i + n - 1) % n
    };
    if j == 0 { None } else { Some(all[j - 1]) }
}

fn problems_message(problems: &[String], lang: Lang) -> Option<Message> {
    let first = problems.first()?;
    let text = match lang {
        Lang::Zh => format!("计划有{}处问题：{first}", problems.len()),
        Lang::En => format!("the plan has {} problem(s): {first}", problems.len()),
    };
    Some(Message { text, error: true })
}

fn is_key_action(action: &Action) -> bool {
    !matches!(
        action,
        Action::Resize(..)
            | Action::Reloaded(_)
            | Action::RepoChanged(_)
            | Action::Previewed(_)
            | Action::Committed { .. }
            | Action::Unchanged
            | Action::Failed(_)
            | Action::UndoPlanned(_)
            | Action::EditedExternally(_)
            | Action::ReviewLoaded(_)
            | Action::MeetingLoaded(..)
    )
}

/// Rows of the tree pane in a terminal `height` rows high (borders, footer and status excluded).
pub fn tree_rows(height: u16) -> usize {
    usize::from(height).saturating_sub(4)
}

/// This year and quarter, as of `today`.
pub fn year_quarter(today: NaiveDate) -> (i32, u8) {
    use chrono::Datelike;
    (today.year(), (today.month0() / 3 + 1) as u8)
}

#[cfg(test)]
#[path = "app_tests.rs"]
mod tests;
