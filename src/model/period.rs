//! Reporting cycles and their periods: ISO weeks, months and quarters.

use std::fmt;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The three rhythms of the taskforce: 周调度, 月例会, 季总结.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Cycle {
    Weekly,
    Monthly,
    Quarterly,
}

impl Cycle {
    /// All cycles, shortest first.
    pub const ALL: [Cycle; 3] = [Cycle::Weekly, Cycle::Monthly, Cycle::Quarterly];

    /// The lower-case name used on the command line and in paths.
    pub fn key(self) -> &'static str {
        match self {
            Cycle::Weekly => "weekly",
            Cycle::Monthly => "monthly",
            Cycle::Quarterly => "quarterly",
        }
    }

    /// Parses `weekly`, `monthly` or `quarterly`.
    pub fn parse(text: &str) -> Option<Cycle> {
        Cycle::ALL.into_iter().find(|c| c.key() == text)
    }

    /// The period of this cycle that contains `date`.
    pub fn period_of(self, date: NaiveDate) -> Period {
        match self {
            Cycle::Weekly => {
                let w = date.iso_week();
                Period::Week(w.year(), w.week() as u8)
            }
            Cycle::Monthly => Period::Month(date.year(), date.month() as u8),
            Cycle::Quarterly => Period::Quarter(date.year(), date.month0() as u8 / 3 + 1),
        }
    }
}

/// One reporting period: `2026-W48`, `2026-11` or `2026-Q4`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    Week(i32, u8),
    Month(i32, u8),
    Quarter(i32, u8),
}

/// A period string that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a period (expected 2026-W48, 2026-11 or 2026-Q4)")]
pub struct PeriodError(pub String);

impl Period {
    /// Parses `2026-W48`, `2026-11` or `2026-Q4`.
    pub fn parse(text: &str) -> Result<Period, PeriodError> {
        let bad = || PeriodError(text.to_string());
        let (year, rest) = text.split_once('-').ok_or_else(bad)?;
        if year.len() != 4 {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        let number = |digits: &str, max: u8| -> Result<u8, PeriodError> {
            if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit())
            {
                return Err(bad());
            }
            let n: u8 = digits.parse().map_err(|_| bad())?;
            if n == 0 || n > max { Err(bad()) } else { Ok(n) }
        };
        let period = if let Some(w) = rest.strip_prefix('W') {
            let week = number(w, 53)?;
            if NaiveDate::from_isoywd_opt(year, week as u32, Weekday::Mon).is_none() {
                return Err(bad());
            }
            Period::Week(year, week)
        } else if let Some(q) = rest.strip_prefix('Q') {
            Period::Quarter(year, number(q, 4)?)
        } else {
            if rest.len() != 2 {
                return Err(bad());
            }
            Period::Month(year, number(rest, 12)?)
        };
        Ok(period)
    }

    /// The cycle this period belongs to.
    pub fn cycle(self) -> Cycle {
        match self {
            Period::Week(..) => Cycle::Weekly,
            Period::Month(..) => Cycle::Monthly,
            Period::Quarter(..) => Cycle::Quarterly,
        }
    }

    /// First day of the period.
    pub fn first_day(self) -> NaiveDate {
        let date = match self {
            Period::Week(y, w) => NaiveDate::from_isoywd_opt(y, w as u32, Weekday::Mon),
            Period::Month(y, m) => NaiveDate::from_ymd_opt(y, m as u32, 1),
            Period::Quarter(y, q) => NaiveDate::from_ymd_opt(y, (q as u32 - 1) * 3 + 1, 1),
        };
        date.unwrap_or(NaiveDate::MIN)
    }

    /// Last day of the period.
    pub fn last_day(self) -> NaiveDate {
        self.next().first_day() - Duration::days(1)
    }

    /// The period after this one.
    pub fn next(self) -> Period {
        self.cycle().period_of(self.following_day())
    }

    fn following_day(self) -> NaiveDate {
        match self {
            Period::Week(..) => self.first_day() + Duration::days(7),
            Period::Month(y, 12) => NaiveDate::from_ymd_opt(y + 1, 1, 1).unwrap_or(NaiveDate::MAX),
            Period::Month(y, m) => {
                NaiveDate::from_ymd_opt(y, m as u32 + 1, 1).unwrap_or(NaiveDate::MAX)
            }
            Period::Quarter(y, 4) => NaiveDate::from_ymd_opt(y + 1, 1, 1).unwrap_or(NaiveDate::MAX),
            Period::Quarter(y, q) => {
                NaiveDate::from_ymd_opt(y, q as u32 * 3 + 1, 1).unwrap_or(NaiveDate::MAX)
            }
        }
    }

    /// The period before this one.
    pub fn previous(self) -> Period {
        self.cycle().period_of(self.first_day() - Duration::days(1))
    }

    /// Whether `date` falls inside the period.
    pub fn contains(self, date: NaiveDate) -> bool {
        self.first_day() <= date && date <= self.last_day()
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Period::Week(y, w) => write!(f, "{y:04}-W{w:02}"),
            Period::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            Period::Quarter(y, q) => write!(f, "{y:04}-Q{q}"),
        }
    }
}

impl std::str::FromStr for Period {
    type Err = PeriodError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Period::parse(s)
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Period::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn periods_of_a_date() {
        let d = day(2026, 11, 29);
        assert_eq!(Cycle::Weekly.period_of(d).to_string(), "2026-W48");
        assert_eq!(Cycle::Monthly.period_of(d).to_string(), "2026-11");
        assert_eq!(Cycle::Quarterly.period_of(d).to_string(), "2026-Q4");
        // ISO week-year differs from the calendar year at the turn of the year.
        assert_eq!(
            Cycle::Weekly.period_of(day(2027, 1, 1)).to_string(),
            "2026-W53"
        );
    }

    #[test]
    fn parse_round_trips_and_rejects_garbage() {
        for text in ["2026-W48", "2026-W01", "2026-11", "2026-01", "2026-Q4"] {
            assert_eq!(Period::parse(text).unwrap().to_string(), text);
        }
        for bad in [
            "2026-W54", "2025-W53", "2026-13", "2026-Q5", "2026-1", "26-11", "2026/11", "2026-W",
            "",
        ] {
            assert!(Period::parse(bad).is_err(), "{bad} should not parse");
        }
    }

    #[test]
    fn bounds_next_and_previous() {
        let q = Period::parse("2026-Q4").unwrap();
        assert_eq!(q.first_day(), day(2026, 10, 1));
        assert_eq!(q.last_day(), day(2026, 12, 31));
        assert_eq!(q.next().to_string(), "2027-Q1");
        assert_eq!(q.previous().to_string(), "2026-Q3");
        let w = Period::parse("2026-W53").unwrap();
        assert_eq!(w.next().to_string(), "2027-W01");
        assert_eq!(
            Period::parse("2026-01").unwrap().previous().to_string(),
            "2025-12"
        );
        assert!(Period::parse("2026-02").unwrap().contains(day(2026, 2, 28)));
    }
}
