//! The main screen: the plan as a tree (actions and their measures, then indicators,
//! landmarks and meetings) beside the detail of the selected node, with the search line and
//! the filter menu. It is the bottom of the screen stack and opens every other screen.

mod detail;
mod keys;
mod rows;
mod view;

use std::collections::HashSet;

pub use crate::tui::node::{Node, Section};
pub use keys::{FILTER_KEYS, FILTER_SECTION, SEARCH_KEYS, SEARCH_SECTION, SECTION, TREE_KEYS};
pub use rows::{Filters, Row};
pub use view::item_glyph;

use super::history::HistoryScreen;
use super::import::ImportScreen;
use super::indicators::IndicatorsScreen;
use super::landmarks::LandmarksScreen;
use super::meeting::MeetingScreen;
use super::minutes::MinutesScreen;
use super::remind::RemindScreen;
use super::review::ReviewScreen;
use super::{Notice, Outcome, Screen};
use crate::model::{Cycle, Measure, Status};
use crate::tui::action::{Action, Effect};
use crate::tui::ctx::{Ctx, Message};
use crate::tui::forms::Form;
use crate::tui::keys::Binding;

/// What the keys of the tree drive: the tree, the search line or the filter menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Input {
    #[default]
    Tree,
    Search,
    Filter,
}

/// The tree's state: the visible rows, the selection, what is open, the search and filters.
#[derive(Debug, Clone, Default)]
pub struct TreeScreen {
    pub rows: Vec<Row>,
    pub cursor: usize,
    /// The first row shown.
    pub offset: usize,
    pub selected: Option<Node>,
    pub expanded: HashSet<Node>,
    pub query: String,
    pub filters: Filters,
    /// The first line shown in the detail pane.
    pub detail_scroll: u16,
    pub input: Input,
}

impl TreeScreen {
    /// The tree of `ctx`'s plan, every action collapsed and the first row selected.
    pub fn new(ctx: &Ctx) -> TreeScreen {
        let mut tree = TreeScreen::default();
        tree.rebuild(ctx);
        tree
    }

    /// The node a row shows.
    pub fn node(&self, row: Row, ctx: &Ctx) -> Node {
        let plan = &ctx.plan;
        match row {
            Row::Action(i) => Node::Action(plan.actions[i].id.clone()),
            Row::Measure(i) => Node::Measure(plan.measures[i].id.clone()),
            Row::Section(s) => Node::Section(s),
            Row::Indicator(i) => Node::Indicator(plan.indicators[i].id.clone()),
            Row::Landmark(i) => Node::Landmark(plan.landmarks[i].id.clone()),
            Row::Meeting(i) => Node::Meeting(plan.meetings[i].id.clone()),
            Row::Item(i) => Node::Item(plan.items[i].id.clone()),
        }
    }

    fn row_is(row: Row, node: &Node, ctx: &Ctx) -> bool {
        let plan = &ctx.plan;
        match (row, node) {
            (Row::Action(i), Node::Action(id)) => &plan.actions[i].id == id,
            (Row::Measure(i), Node::Measure(id)) => &plan.measures[i].id == id,
            (Row::Section(s), Node::Section(t)) => s == *t,
            (Row::Indicator(i), Node::Indicator(id)) => &plan.indicators[i].id == id,
            (Row::Landmark(i), Node::Landmark(id)) => &plan.landmarks[i].id == id,
            (Row::Meeting(i), Node::Meeting(id)) => &plan.meetings[i].id == id,
            (Row::Item(i), Node::Item(id)) => &plan.items[i].id == id,
            _ => false,
        }
    }

    /// The selected measure, if the selection is one.
    pub fn selected_measure<'a>(&self, ctx: &Ctx<'a>) -> Option<&'a Measure> {
        match &self.selected {
            Some(Node::Measure(id)) => ctx.data.plan.measure(id),
            _ => None,
        }
    }

    /// Whether the search or the filters narrow the tree.
    pub fn narrowed(&self) -> bool {
        !self.query.is_empty() || self.filters.active()
    }

    fn measure_matches(&self, i: usize, query: &str, ctx: &Ctx) -> bool {
        let m = &ctx.plan.measures[i];
        let found = query.is_empty()
            || m.id.as_str().to_lowercase().contains(query)
            || m.title.to_lowercase().contains(query)
            || m.source_text.to_lowercase().contains(query);
        if !found {
            return false;
        }
        let f = &self.filters;
        if f.light.is_some_and(|l| ctx.lights.light(i) != l) {
            return false;
        }
        if f.status.is_some_and(|s| m.status != s) {
            return false;
        }
        let overdue = m.deadline < ctx.today && !m.status.is_done();
        if f.overdue && !overdue {
            return false;
        }
        if f.not_reported {
            let reported = match f.cycle {
                Some(c) => ctx.plan.reported(&m.id, c, ctx.today),
                None => !ctx.lights.unreported(i),
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
    pub fn rebuild(&mut self, ctx: &Ctx) {
        let query = self.query.to_lowercase();
        let narrowed = self.narrowed();
        let plan = &ctx.plan;
        let mut rows = Vec::new();
        for (a, action) in plan.actions.iter().enumerate() {
            let open = self.expanded.contains(&Node::Action(action.id.clone()));
            let measures = ctx.lights.measures_of(a);
            if !narrowed {
                rows.push(Row::Action(a));
                if open {
                    rows.extend(measures.iter().map(|&i| Row::Measure(i)));
                }
                continue;
            }
            let matching: Vec<usize> = measures
                .iter()
                .copied()
                .filter(|&i| self.measure_matches(i, &query, ctx))
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
                    Section::Indicators => (0..plan.indicators.len())
                        .filter(|&i| {
                            let x = &plan.indicators[i];
                            query.is_empty()
                                || x.id.as_str().to_lowercase().contains(&query)
                                || x.name.to_lowercase().contains(&query)
                        })
                        .map(Row::Indicator)
                        .collect(),
                    Section::Landmarks => (0..plan.landmarks.len())
                        .filter(|&i| {
                            query.is_empty()
                                || plan.landmarks[i].title.to_lowercase().contains(&query)
                        })
                        .map(Row::Landmark)
                        .collect(),
                    Section::Meetings => meeting_rows(&query, ctx),
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
        self.reselect(ctx);
    }

    /// Puts the cursor on the selected node, or selects the row under the cursor.
    fn reselect(&mut self, ctx: &Ctx) {
        if let Some(node) = &self.selected
            && let Some(pos) = self.rows.iter().position(|&r| Self::row_is(r, node, ctx))
        {
            self.cursor = pos;
        } else if let Some(Node::Measure(id)) = &self.selected
            && let Some(m) = ctx.plan.measure(id)
            && let Some(pos) = self
                .rows
                .iter()
                .position(|&r| Self::row_is(r, &Node::Action(m.action.clone()), ctx))
        {
            // A measure hidden by collapsing its action: select the action.
            self.cursor = pos;
        } else {
            self.cursor = self.cursor.min(self.rows.len().saturating_sub(1));
        }
        self.selected = self.rows.get(self.cursor).map(|&r| self.node(r, ctx));
        self.scroll_to_cursor(ctx.page);
    }

    /// Keeps the cursor within the `page` rows shown.
    pub fn scroll_to_cursor(&mut self, page: usize) {
        let page = page.max(1);
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + page {
            self.offset = self.cursor + 1 - page;
        }
        self.offset = self.offset.min(self.rows.len().saturating_sub(page));
    }

    fn move_to(&mut self, cursor: usize, ctx: &Ctx) {
        if self.rows.is_empty() {
            return;
        }
        self.cursor = cursor.min(self.rows.len() - 1);
        self.selected = Some(self.node(self.rows[self.cursor], ctx));
        self.detail_scroll = 0;
        self.scroll_to_cursor(ctx.page);
    }

    fn expandable(&self) -> Option<Node> {
        match self.selected.clone()? {
            n @ (Node::Action(_) | Node::Section(_)) => Some(n),
            _ => None,
        }
    }

    fn set_expanded(&mut self, open: bool, ctx: &Ctx) {
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
                    Some(Node::Measure(id)) => {
                        ctx.plan.measure(id).map(|m| Node::Action(m.action.clone()))
                    }
                    Some(Node::Indicator(_)) => Some(Node::Section(Section::Indicators)),
                    Some(Node::Landmark(_)) => Some(Node::Section(Section::Landmarks)),
                    Some(Node::Meeting(_) | Node::Item(_)) => {
                        Some(Node::Section(Section::Meetings))
                    }
                    _ => None,
                };
                if let Some(p) = parent {
                    self.expanded.remove(&p);
                    self.selected = Some(p);
                }
            }
            None => {}
        }
        self.rebuild(ctx);
    }

    /// After clearing a search, opens the action of the selected measure so it stays selected.
    fn reveal_selection(&mut self, ctx: &Ctx) {
        if let Some(Node::Measure(id)) = &self.selected
            && let Some(m) = ctx.plan.measure(id)
        {
            self.expanded.insert(Node::Action(m.action.clone()));
        }
        self.rebuild(ctx);
    }

    /// While typing a search, selects the first measure whose id or title matches (a match in
    /// the source clause only comes after), so Enter lands on what was searched for.
    fn select_best_match(&mut self, ctx: &Ctx) {
        let query = self.query.to_lowercase();
        if query.is_empty() {
            return;
        }
        let measure = |r: &Row| match r {
            Row::Measure(i) => Some(&ctx.plan.measures[*i]),
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
            self.move_to(i, ctx);
        }
    }

    fn update_tree(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        match action {
            Action::MoveUp => self.move_to(self.cursor.saturating_sub(1), ctx),
            Action::MoveDown => self.move_to(self.cursor + 1, ctx),
            Action::PageUp => self.move_to(self.cursor.saturating_sub(ctx.page.max(1)), ctx),
            Action::PageDown => self.move_to(self.cursor + ctx.page.max(1), ctx),
            Action::Home => self.move_to(0, ctx),
            Action::End => self.move_to(self.rows.len().saturating_sub(1), ctx),
            Action::Expand => self.set_expanded(true, ctx),
            Action::Collapse => self.set_expanded(false, ctx),
            Action::Toggle => {
                if let Some(node) = self.expandable() {
                    let open = !self.expanded.contains(&node);
                    self.set_expanded(open, ctx);
                }
            }
            Action::ExpandAll => {
                let nodes: Vec<Node> = ctx
                    .plan
                    .actions
                    .iter()
                    .map(|a| Node::Action(a.id.clone()))
                    .chain(Section::ALL.into_iter().map(Node::Section))
                    .collect();
                self.expanded.extend(nodes);
                self.rebuild(ctx);
            }
            Action::CollapseAll => {
                if let Some(Node::Measure(id)) = &self.selected
                    && let Some(m) = ctx.plan.measure(id)
                {
                    self.selected = Some(Node::Action(m.action.clone()));
                }
                self.expanded.clear();
                self.rebuild(ctx);
            }
            Action::ScrollDetailDown => self.detail_scroll = self.detail_scroll.saturating_add(3),
            Action::ScrollDetailUp => self.detail_scroll = self.detail_scroll.saturating_sub(3),
            Action::StartSearch => self.input = Input::Search,
            Action::OpenFilters => self.input = Input::Filter,
            Action::Cancel if self.narrowed() => {
                self.query.clear();
                self.filters = Filters::default();
                self.reveal_selection(ctx);
            }
            Action::Refresh => return Outcome::effect(Effect::Reload),
            Action::Sync => {
                return Outcome::say(Message::info(ctx.lang.pick("正在同步…", "syncing…")))
                    .with_effect(Effect::Sync);
            }
            Action::OpenForm if matches!(self.selected, Some(Node::Item(_))) => {
                return self.open_item_form(ctx);
            }
            Action::OpenForm if matches!(self.selected, Some(Node::Meeting(_))) => {
                if let Some(Node::Meeting(id)) = &self.selected {
                    return Outcome::effect(Effect::LoadMinutes(id.clone()));
                }
            }
            Action::MinutesLoaded(id, closed, text) => {
                return Outcome::push(MinutesScreen::of(id, closed, text));
            }
            Action::OpenForm => {
                // An indicator takes a value, a landmark opens its own form.
                let plan = &ctx.data.plan;
                match &self.selected {
                    Some(Node::Indicator(id)) if let Some(ind) = plan.indicator(id) => {
                        return Outcome::push(Form::observation(ind, ctx));
                    }
                    Some(Node::Landmark(id))
                        if let Some(l) = plan.landmarks.iter().find(|l| &l.id == id) =>
                    {
                        return Outcome::push(Form::landmark(l, ctx));
                    }
                    _ => return self.with_measure(ctx, |m| Form::report(m, ctx)),
                }
            }
            Action::ShowLandmarks => {
                return Outcome::push(LandmarksScreen::new(self.selected.as_ref(), ctx));
            }
            Action::OpenMeasureForm => return self.with_measure(ctx, |m| Form::measure(m, ctx)),
            Action::OpenItemForm => return self.open_item_form(ctx),
            Action::ShowHistory => return Outcome::push(HistoryScreen::default()),
            Action::ShowReview => {
                return Outcome::push(ReviewScreen::new(ctx.kind))
                    .with_effect(Effect::LoadReview(ctx.kind));
            }
            Action::ShowMeeting => {
                // Land on the open meeting when the last kind shown has none.
                let kind = MeetingScreen::landing(ctx.kind, ctx);
                return Outcome::push(MeetingScreen::new(kind))
                    .with_effect(Effect::LoadMeeting(kind))
                    .with_app(Action::KindChosen(kind));
            }
            Action::ShowImport => {
                return Outcome::push(ImportScreen::default()).with_effect(Effect::ListImportFiles);
            }
            Action::ShowRemind => return Outcome::push(RemindScreen::default()),
            Action::ShowRoster => return Outcome::push(super::roster::RosterScreen::new(ctx)),
            Action::ShowIndicators => {
                // Start on the indicator selected in the tree, if one is.
                let cursor = match &self.selected {
                    Some(Node::Indicator(id)) => {
                        ctx.plan.indicators.iter().position(|x| &x.id == id)
                    }
                    _ => None,
                };
                return Outcome::push(IndicatorsScreen::new(cursor.unwrap_or(0)));
            }
            _ => {}
        }
        Outcome::none()
    }

    /// Opens `form` on the selected measure, or says to select one.
    fn with_measure(&self, ctx: &Ctx, form: impl FnOnce(&Measure) -> Form) -> Outcome {
        match self.selected_measure(ctx) {
            Some(m) => Outcome::push(form(m)),
            None => Outcome::error(ctx.lang.pick("请先选择一项举措", "select a measure first")),
        }
    }

    fn open_item_form(&self, ctx: &Ctx) -> Outcome {
        let item = match &self.selected {
            Some(Node::Item(id)) => ctx.plan.items.iter().find(|i| &i.id == id),
            _ => None,
        };
        let Some(item) = item else {
            return Outcome::error(ctx.lang.pick(
                "请先选择一项议定事项（会议下）",
                "select an action item first (under Meetings)",
            ));
        };
        Outcome::push(Form::item(item, ctx))
    }

    fn update_search(&mut self, action: Action, ctx: &Ctx) {
        match action {
            Action::Input(c) => {
                self.query.push(c);
                self.rebuild(ctx);
                self.select_best_match(ctx);
            }
            Action::Paste(text) => {
                self.query.extend(text.chars().filter(|c| !c.is_control()));
                self.rebuild(ctx);
                self.select_best_match(ctx);
            }
            Action::DeleteChar => {
                self.query.pop();
                self.rebuild(ctx);
                self.select_best_match(ctx);
            }
            Action::AcceptSearch => self.input = Input::Tree,
            Action::Cancel => {
                self.query.clear();
                self.input = Input::Tree;
                self.reveal_selection(ctx);
            }
            Action::MoveUp => self.move_to(self.cursor.saturating_sub(1), ctx),
            Action::MoveDown => self.move_to(self.cursor + 1, ctx),
            _ => {}
        }
    }

    fn update_filter(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        let mut outcome = Outcome::none();
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
                    Some(Node::Measure(id)) => ctx.plan.measure(id).map(|m| m.action.clone()),
                    _ => None,
                };
                let f = &mut self.filters;
                f.action = if f.action.is_some() { None } else { action };
            }
            Action::FilterLead => {
                let unit = self.selected_measure(ctx).map(|m| m.lead_unit.clone());
                let f = &mut self.filters;
                f.lead_unit = if f.lead_unit.is_some() { None } else { unit };
            }
            Action::FilterOwner => {
                let owner = self.selected_measure(ctx).and_then(|m| m.owner.clone());
                if owner.is_none() && self.filters.owner.is_none() {
                    outcome = Outcome::error(
                        ctx.lang
                            .pick("所选举措没有责任人", "the selected measure has no owner"),
                    );
                }
                let f = &mut self.filters;
                f.owner = if f.owner.is_some() { None } else { owner };
            }
            Action::ClearFilters => *f = Filters::default(),
            Action::Cancel => {
                self.input = Input::Tree;
                return outcome;
            }
            _ => return outcome,
        }
        self.rebuild(ctx);
        outcome
    }
}

/// Each meeting followed by its action items; with a query, the items that match it.
fn meeting_rows(query: &str, ctx: &Ctx) -> Vec<Row> {
    let plan = &ctx.plan;
    let mut rows = Vec::new();
    for (m, meeting) in plan.meetings.iter().enumerate() {
        let items: Vec<Row> = (0..plan.items.len())
            .filter(|&i| {
                let item = &plan.items[i];
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

impl Screen for TreeScreen {
    fn keys(&self) -> &'static [Binding] {
        match self.input {
            Input::Tree => TREE_KEYS,
            Input::Search => SEARCH_KEYS,
            Input::Filter => FILTER_KEYS,
        }
    }

    fn takes_text(&self) -> bool {
        self.input == Input::Search
    }

    fn update(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        match self.input {
            Input::Tree => self.update_tree(action, ctx),
            Input::Search => {
                self.update_search(action, ctx);
                Outcome::none()
            }
            Input::Filter => self.update_filter(action, ctx),
        }
    }

    fn notify(&mut self, notice: &Notice, ctx: &Ctx) -> Option<Effect> {
        match notice {
            Notice::Reloaded => self.rebuild(ctx),
            Notice::Resized => self.scroll_to_cursor(ctx.page),
            _ => {}
        }
        None
    }

    fn render(&self, area: ratatui::layout::Rect, buf: &mut ratatui::buffer::Buffer, ctx: &Ctx) {
        self.draw(area, buf, ctx);
    }
}
