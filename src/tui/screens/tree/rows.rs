//! The tree's rows and filters: what a visible row points at, and which measures the active
//! filters let through. Pure data.

use crate::model::{Cycle, Id, Lang, Light, Status};
use crate::tui::node::Section;

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
