//! The whole plan in memory, as loaded from one revision or the work tree.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{
    ActionItem, Assessment, Cycle, Id, Indicator, Landmark, Light, Measure, Meeting, MeetingDay,
    Observation, Period, PlanMeta, Report, Roster, assess,
};

/// Every object of a plan repository.
#[derive(Debug, Clone)]
pub struct Plan {
    pub meta: PlanMeta,
    pub roster: Roster,
    /// Sorted by number.
    pub actions: Vec<super::Action>,
    /// Sorted by id.
    pub measures: Vec<Measure>,
    pub indicators: Vec<Indicator>,
    pub landmarks: Vec<Landmark>,
    pub meetings: Vec<Meeting>,
    pub items: Vec<ActionItem>,
    pub observations: Vec<Observation>,
    /// Targets the taskforce set for years the plan has no column for.
    pub targets: Vec<super::SetTarget>,
    /// Every report filed.
    pub reports: Vec<Report>,
    index: HashMap<Id, usize>,
    /// The positions of each action's measures, in order.
    by_action: HashMap<Id, Vec<usize>>,
    /// Where each item's reports are in `reports` (sorted by item, then period).
    report_ranges: HashMap<Id, std::ops::Range<usize>>,
}

impl Plan {
    /// Builds a plan and its lookup index; sorts objects into display order.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        meta: PlanMeta,
        roster: Roster,
        mut actions: Vec<super::Action>,
        measures: Vec<Measure>,
        mut indicators: Vec<Indicator>,
        mut landmarks: Vec<Landmark>,
        mut meetings: Vec<Meeting>,
        mut items: Vec<ActionItem>,
        mut observations: Vec<Observation>,
        reports: Vec<Report>,
    ) -> Plan {
        actions.sort_by_key(|a| (a.number, a.id.clone()));
        // Natural order by keys built once per measure (not twice per comparison).
        let order = {
            let keys: Vec<Vec<(&str, u64)>> = measures
                .iter()
                .map(|m| natural_parts(m.id.as_str()).collect())
                .collect();
            order_by(&keys)
        };
        let measures = permuted(measures, order);
        indicators.sort_by_key(|i| (i.number, i.id.clone()));
        landmarks.sort_by(|a, b| a.id.cmp(&b.id));
        meetings.sort_by(|a, b| (a.time, &a.id).cmp(&(b.time, &b.id)));
        items.sort_by(|a, b| a.id.cmp(&b.id));
        observations.sort_by(|a, b| (&a.indicator, a.period).cmp(&(&b.indicator, b.period)));
        let order = {
            let keys: Vec<(&str, super::Period)> = reports
                .iter()
                .map(|r| (r.item.as_str(), r.period))
                .collect();
            order_by(&keys)
        };
        let reports = permuted(reports, order);
        let index = measures
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id.clone(), i))
            .collect();
        // Reports are sorted by item: one range per run, each id cloned once.
        let mut report_ranges: HashMap<Id, std::ops::Range<usize>> = HashMap::new();
        let mut start = 0;
        for (i, r) in reports.iter().enumerate() {
            if reports.get(i + 1).is_none_or(|next| next.item != r.item) {
                report_ranges.insert(r.item.clone(), start..i + 1);
                start = i + 1;
            }
        }
        let mut by_action: HashMap<Id, Vec<usize>> = HashMap::new();
        for (i, m) in measures.iter().enumerate() {
            match by_action.get_mut(&m.action) {
                Some(at) => at.push(i),
                None => {
                    by_action.insert(m.action.clone(), vec![i]);
                }
            }
        }
        Plan {
            meta,
            roster,
            actions,
            measures,
            indicators,
            landmarks,
            meetings,
            items,
            observations,
            targets: Vec::new(),
            reports,
            index,
            by_action,
            report_ranges,
        }
    }

    /// The measure with `id`.
    pub fn measure(&self, id: &Id) -> Option<&Measure> {
        self.index.get(id).map(|&i| &self.measures[i])
    }

    /// The action with `id`.
    pub fn action(&self, id: &Id) -> Option<&super::Action> {
        self.actions.iter().find(|a| &a.id == id)
    }

    /// The indicator with `id`.
    pub fn indicator(&self, id: &Id) -> Option<&Indicator> {
        self.indicators.iter().find(|i| &i.id == id)
    }

    /// The measures of one action, in order.
    pub fn measures_of<'a>(&'a self, action: &'a Id) -> impl Iterator<Item = &'a Measure> + 'a {
        self.by_action
            .get(action)
            .into_iter()
            .flatten()
            .filter_map(|&i| self.measures.get(i))
            .filter(move |m| &m.action == action)
    }

    /// The loaded reports of one measure.
    pub fn reports_of(&self, id: &Id) -> Vec<&Report> {
        let Some(range) = self.report_ranges.get(id) else {
            return Vec::new();
        };
        self.reports
            .get(range.clone())
            .unwrap_or_default()
            .iter()
            .filter(|r| &r.item == id)
            .collect()
    }

    /// The report of `id` for `period`, if loaded.
    pub fn report(&self, id: &Id, period: Period) -> Option<&Report> {
        self.reports_of(id).into_iter().find(|r| r.period == period)
    }

    /// Whether `id` has a report for the period of `cycle` containing `today`.
    pub fn reported(&self, id: &Id, cycle: Cycle, today: NaiveDate) -> bool {
        self.report(id, cycle.period_of(today)).is_some()
    }

    /// The meetings held (open or closed), as the light's meeting rule needs them.
    pub fn meeting_days(&self) -> Vec<MeetingDay> {
        self.meetings
            .iter()
            .map(|m| MeetingDay {
                kind: m.kind,
                date: m.time.date(),
            })
            .collect()
    }

    /// The light of a measure on `today`, from its whole reporting history and the meetings.
    pub fn assess(&self, measure: &Measure, today: NaiveDate) -> Assessment {
        assess(
            measure,
            &self.reports_of(&measure.id),
            &self.meeting_days(),
            today,
        )
    }

    /// Light counts of a set of measures: green, blue, 未报, yellow, red.
    pub fn light_counts<'a>(
        &self,
        measures: impl Iterator<Item = &'a Measure>,
        today: NaiveDate,
    ) -> LightCounts {
        let mut counts = LightCounts::default();
        for m in measures {
            match self.assess(m, today).light {
                Light::Green => counts.green += 1,
                Light::Blue => counts.blue += 1,
                Light::Unreported => counts.unreported += 1,
                Light::Yellow => counts.yellow += 1,
                Light::Red => counts.red += 1,
            }
        }
        counts
    }
}

/// How many measures show each light.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LightCounts {
    pub green: usize,
    pub blue: usize,
    /// Never reported (未报), counted apart from every light.
    pub unreported: usize,
    pub yellow: usize,
    pub red: usize,
}

/// `list` stably sorted by `cmp`, moving each (large) element at most once, in place: the
/// positions are sorted, then the elements follow them cycle by cycle.
#[cfg(test)]
fn sorted<T>(list: Vec<T>, cmp: impl Fn(&T, &T) -> std::cmp::Ordering) -> Vec<T> {
    if list.is_sorted_by(|a, b| cmp(a, b) != std::cmp::Ordering::Greater) {
        return list;
    }
    let mut order: Vec<usize> = (0..list.len()).collect();
    order.sort_by(|&a, &b| cmp(&list[a], &list[b]));
    permuted(list, Some(order))
}

/// The stable order of `keys` (position i of the sorted list holds `keys[order[i]]`);
/// `None` when they are in order already.
fn order_by<K: Ord>(keys: &[K]) -> Option<Vec<usize>> {
    if keys.is_sorted() {
        return None;
    }
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
    Some(order)
}

/// `list` in `order` (see [`order_by`]; `None`: as it is), moving each (large) element at
/// most once, in place: the elements follow the positions cycle by cycle.
fn permuted<T>(mut list: Vec<T>, order: Option<Vec<usize>>) -> Vec<T> {
    let Some(order) = order else {
        return list;
    };
    let mut done = vec![false; list.len()];
    for start in 0..list.len() {
        let mut at = start;
        while !done[at] {
            done[at] = true;
            let from = order[at];
            if from == start {
                break;
            }
            list.swap(at, from);
            at = from;
        }
    }
    list
}

/// The order of [`natural_key`], without building the keys.
#[cfg(test)]
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    natural_parts(a).cmp(natural_parts(b))
}

/// The parts of [`natural_key`]: each run of non-digits with the number after it.
fn natural_parts(id: &str) -> impl Iterator<Item = (&str, u64)> {
    let mut rest = id;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        // Digits are ASCII, so a byte position of one is a character boundary.
        let text_end = rest
            .bytes()
            .position(|b| b.is_ascii_digit())
            .unwrap_or(rest.len());
        let (text, tail) = rest.split_at(text_end);
        let digits_end = tail
            .bytes()
            .position(|b| !b.is_ascii_digit())
            .unwrap_or(tail.len());
        let (digits, after) = tail.split_at(digits_end);
        rest = after;
        done = after.is_empty();
        // As natural_key: a number too large for u64 sorts last inside an id, first at its end.
        let number = match digits.parse() {
            Ok(n) => n,
            Err(_) if done => 0,
            Err(_) => u64::MAX,
        };
        Some((text, number))
    })
}

/// Sort key that puts `A2-9` before `A2-10` and `A9` before `A10`.
pub fn natural_key(id: &str) -> Vec<(String, u64)> {
    let mut key = Vec::new();
    let mut text = String::new();
    let mut digits = String::new();
    for c in id.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            if !digits.is_empty() {
                key.push((
                    std::mem::take(&mut text),
                    digits.parse().unwrap_or(u64::MAX),
                ));
                digits.clear();
            }
            text.push(c);
        }
    }
    key.push((text, digits.parse().unwrap_or(0)));
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_cmp_orders_as_natural_key() {
        let ids = [
            "",
            "A",
            "A1",
            "A2",
            "A10",
            "A2-9",
            "A2-10",
            "A2-09",
            "A3-02",
            "A3-2",
            "12A",
            "AB",
            "A1B2",
            "A1B",
            "A-1",
            "A99999999999999999999999",
            "I08",
            "M2026-11",
            "D2026-11-03",
            "-",
            "1",
            "01",
            "A1-",
            "A1-1-1",
        ];
        for a in ids {
            for b in ids {
                assert_eq!(
                    natural_cmp(a, b),
                    natural_key(a).cmp(&natural_key(b)),
                    "{a:?} {b:?}"
                );
            }
        }
    }

    #[test]
    fn sorted_is_a_stable_sort() {
        let list: Vec<(u32, usize)> = [5, 3, 5, 1, 3, 9, 0, 5, 2, 2, 8, 1]
            .into_iter()
            .enumerate()
            .map(|(i, k)| (k, i))
            .collect();
        let mut want = list.clone();
        want.sort_by_key(|x| x.0);
        assert_eq!(sorted(list.clone(), |a, b| a.0.cmp(&b.0)), want);
        let mut reversed = list.clone();
        reversed.reverse();
        let mut want = reversed.clone();
        want.sort_by_key(|x| x.0);
        assert_eq!(sorted(reversed, |a, b| a.0.cmp(&b.0)), want);
    }
}
