//! The tree's rows and filters: what a row shows, how the selection is kept across reloads,
//! and which measures the active filters let through. Pure data.

use crate::model::{Cycle, Id, Lang, Light, Status};

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
