//! The 催办 screen's state and what it computes from the plan: the period it chases, the units
//! that have not reported, the notices. Pure; `views::remind` draws it.

use crate::model::{Cycle, Period};
use crate::office::remind::{self, UnitReminder};
use crate::tui::app::App;

/// What the screen shows: a cycle, the selected unit and how far the notice is scrolled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RemindState {
    pub cycle: Cycle,
    pub cursor: usize,
    pub scroll: u16,
}

impl Default for RemindState {
    fn default() -> RemindState {
        RemindState {
            cycle: Cycle::Weekly,
            cursor: 0,
            scroll: 0,
        }
    }
}

impl RemindState {
    /// The next cycle: weekly → monthly → quarterly → weekly.
    pub fn switch(&mut self) {
        let i = Cycle::ALL
            .iter()
            .position(|c| *c == self.cycle)
            .unwrap_or(0);
        self.cycle = Cycle::ALL[(i + 1) % Cycle::ALL.len()];
        self.cursor = 0;
        self.scroll = 0;
    }
}

/// The period the screen chases.
pub fn period(app: &App) -> Period {
    app.remind.cycle.period_of(app.today)
}

/// The list of the screen, as `taskforce remind` gives it.
pub fn list(app: &App) -> Vec<UnitReminder> {
    remind::build(&app.plan, period(app), app.today)
}

/// Every unit's notice, as `taskforce remind -o FILE` writes them.
pub fn notices(app: &App) -> String {
    let p = period(app);
    let by = remind::next_working_day(app.today);
    list(app)
        .iter()
        .map(|u| remind::notice(&app.plan, u, p, app.today, by, app.lang))
        .collect::<Vec<_>>()
        .join("\n\n")
}
