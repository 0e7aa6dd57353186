//! What can be selected in the plan: a node of the tree, kept by id so that a reload never
//! moves the selection. Pure data, below every screen.

use crate::model::{Id, Lang};

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
