//! The 24 indicators: printed values kept exactly, parsed beside them, and observations.

use serde::{Deserialize, Serialize};

use super::{Id, Period};

/// The parsed meaning of a printed table value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Parsed {
    /// `/`: no value printed.
    Missing,
    /// `66.7`.
    Exactly(f64),
    /// `≥80`.
    AtLeast(f64),
    /// `80以上`.
    Above(f64),
    /// `保持100`.
    Maintain(f64),
    /// `完成下达指标`: the target is whatever the province assigns.
    Assigned,
}

impl Parsed {
    /// The number in the value, if any.
    pub fn number(self) -> Option<f64> {
        match self {
            Parsed::Exactly(x) | Parsed::AtLeast(x) | Parsed::Above(x) | Parsed::Maintain(x) => {
                Some(x)
            }
            Parsed::Missing | Parsed::Assigned => None,
        }
    }

    /// Parses a cell of the plan's indicator table.
    pub fn parse(text: &str) -> Option<Parsed> {
        let number = |s: &str| -> Option<f64> {
            if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
                return None;
            }
            s.parse().ok()
        };
        let text = text.trim();
        Some(match text {
            "/" => Parsed::Missing,
            "完成下达指标" => Parsed::Assigned,
            _ => {
                if let Some(rest) = text.strip_prefix('≥') {
                    Parsed::AtLeast(number(rest)?)
                } else if let Some(rest) = text.strip_prefix("保持") {
                    Parsed::Maintain(number(rest)?)
                } else if let Some(rest) = text.strip_suffix("以上") {
                    Parsed::Above(number(rest)?)
                } else {
                    Parsed::Exactly(number(text)?)
                }
            }
        })
    }
}

/// A value as printed in the plan (`≥80`) with its parsed form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Printed {
    pub text: String,
    pub parsed: Parsed,
}

impl Printed {
    /// Builds a printed value from the plan's text.
    pub fn from_text(text: &str) -> Option<Printed> {
        Some(Printed {
            text: text.to_string(),
            parsed: Parsed::parse(text)?,
        })
    }
}

/// How an indicator accumulates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum IndicatorKind {
    /// A share or rate (%), judged on its latest value.
    Rate,
    /// A running total since before the plan (累计).
    Cumulative,
    /// A count per year (新增 ... 数), judged against time elapsed in the year.
    AnnualFlow,
    /// A count of standing things (站点, 点位).
    Count,
    /// A composite score.
    Index,
}

/// Which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    HigherBetter,
    LowerBetter,
    Maintain,
}

/// One row of the plan's indicator table (基本公共服务一体化改革发展指标清单).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub schema: u32,
    pub id: Id,
    pub number: u8,
    /// The name as printed, with its unit in brackets: `县域就诊率(%)`.
    pub printed_name: String,
    pub name: String,
    pub unit: String,
    /// 类型: 效能协同, 空间协同, 群体协同, 数字协同.
    pub group: String,
    /// The second line of the 类型 cell, where printed (标准能力提升).
    pub subgroup: Option<String>,
    pub lead_unit: String,
    pub kind: IndicatorKind,
    pub direction: Direction,
    pub province_2024: Printed,
    pub city_2024: Printed,
    pub target_2025: Printed,
    pub target_2027: Printed,
    /// Measures that work towards it (DOMAIN.md §6.3).
    pub measures: Vec<Id>,
}

impl Indicator {
    /// The plan's target for `year`, if the table has a column for it.
    pub fn target(&self, year: i32) -> Option<&Printed> {
        match year {
            2025 => Some(&self.target_2025),
            2027 => Some(&self.target_2027),
            _ => None,
        }
    }
}

/// A value recorded for an indicator in a period (usually a quarter).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Observation {
    pub schema: u32,
    pub indicator: Id,
    pub period: Period,
    pub value: f64,
    /// 预计: an estimate of the year's value rather than a measured one.
    pub estimated: bool,
    pub note: String,
    pub recorded_by: String,
}

/// A target the taskforce set for a year the plan's table has no column for (2026): DOMAIN.md
/// §5.2 rule 2. Stored as set, with its basis, never computed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetTarget {
    pub schema: u32,
    pub indicator: Id,
    pub year: i32,
    pub target: Printed,
    /// Why this value: a meeting decision, an interpolation agreed with the lead unit.
    pub basis: String,
    pub set_by: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_form_printed_in_the_plan() {
        assert_eq!(Parsed::parse("/"), Some(Parsed::Missing));
        assert_eq!(Parsed::parse("≥80"), Some(Parsed::AtLeast(80.0)));
        assert_eq!(Parsed::parse("≥90.5"), Some(Parsed::AtLeast(90.5)));
        assert_eq!(Parsed::parse("保持100"), Some(Parsed::Maintain(100.0)));
        assert_eq!(Parsed::parse("80以上"), Some(Parsed::Above(80.0)));
        assert_eq!(Parsed::parse("完成下达指标"), Some(Parsed::Assigned));
        assert_eq!(Parsed::parse("24.65"), Some(Parsed::Exactly(24.65)));
        assert_eq!(Parsed::parse("abc"), None);
        assert_eq!(Parsed::parse("≥"), None);
    }
}
