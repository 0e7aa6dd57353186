//! 催办: the measures that have not reported for a period or are past their deadline, and the
//! overdue 议定事项, grouped by lead unit with the people to call and a ready notice per unit.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::Serialize;

use super::person;
use crate::meeting::minutes::date_text;
use crate::model::{Lang, Period, Plan, meeting_kind_label};

/// Why an entry is chased.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// No report for the period.
    NotReported,
    /// Past its deadline and not finished (days).
    Overdue(i64),
    /// Both.
    NotReportedAndOverdue(i64),
}

/// One measure or 议定事项 to chase.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// `measure` or `item`.
    pub kind: &'static str,
    pub id: String,
    pub title: String,
    pub deadline: NaiveDate,
    pub why: Why,
    pub owner: Option<String>,
    pub liaison: Option<String>,
}

impl Entry {
    pub fn days_overdue(&self) -> Option<i64> {
        match self.why {
            Why::NotReported => None,
            Why::Overdue(d) | Why::NotReportedAndOverdue(d) => Some(d),
        }
    }

    pub fn not_reported(&self) -> bool {
        matches!(self.why, Why::NotReported | Why::NotReportedAndOverdue(_))
    }

    /// `未报送` / `已逾期12天（完成时限2026年11月15日）`.
    pub fn why_text(&self, lang: Lang) -> String {
        let overdue = |d: i64| match lang {
            Lang::Zh => format!("已逾期{d}天（完成时限{}）", date_text(self.deadline, lang)),
            Lang::En => format!("{d} days overdue (deadline {})", self.deadline),
        };
        match self.why {
            Why::NotReported => lang.pick("未报送", "not reported").to_string(),
            Why::Overdue(d) => overdue(d),
            Why::NotReportedAndOverdue(d) => {
                format!(
                    "{}{}{}",
                    lang.pick("未报送", "not reported"),
                    lang.pick("，", "; "),
                    overdue(d)
                )
            }
        }
    }
}

/// A person to contact.
#[derive(Debug, Clone, PartialEq)]
pub struct Contact {
    pub name: String,
    /// 责任人 or 联络员 (or 单位人员 when the unit's measures name no one).
    pub duty: &'static str,
    pub role: Option<String>,
    pub phone: Option<String>,
}

/// One lead unit's list.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitReminder {
    pub unit: String,
    pub contacts: Vec<Contact>,
    pub entries: Vec<Entry>,
}

/// Whether `plan` has a report of measure `id` covering `period`: a report of that period, or
/// of a finer cycle that falls inside it (a 周报 in November counts for 2026-11).
pub fn reported_in(plan: &Plan, id: &crate::model::Id, period: Period) -> bool {
    plan.reports_of(id).iter().any(|r| {
        r.period == period
            || (r.period.cycle() < period.cycle() && period.contains(r.period.first_day()))
    })
}

/// The 催办 list for `period` as of `today`, grouped by lead unit in roster order.
pub fn build(plan: &Plan, period: Period, today: NaiveDate) -> Vec<UnitReminder> {
    let mut entries: Vec<(String, Entry)> = Vec::new();
    for m in &plan.measures {
        if m.status.is_done() || m.status == crate::model::Status::Suspended {
            continue;
        }
        // Not yet started within the period: nothing to report.
        if m.start > period.last_day() {
            continue;
        }
        let reported = reported_in(plan, &m.id, period);
        let late = (today - m.deadline).num_days();
        let why = match (reported, late > 0) {
            (true, false) => continue,
            (false, false) => Why::NotReported,
            (true, true) => Why::Overdue(late),
            (false, true) => Why::NotReportedAndOverdue(late),
        };
        entries.push((
            m.lead_unit.clone(),
            Entry {
                kind: "measure",
                id: m.id.to_string(),
                title: m.title.clone(),
                deadline: m.deadline,
                why,
                owner: m.owner.clone(),
                liaison: m.liaison.clone(),
            },
        ));
    }
    for i in plan.items.iter().filter(|i| i.is_overdue(today)) {
        entries.push((
            i.lead_unit.clone(),
            Entry {
                kind: "item",
                id: i.id.to_string(),
                title: i.text.clone(),
                deadline: i.deadline,
                why: Why::Overdue((today - i.deadline).num_days()),
                owner: None,
                liaison: None,
            },
        ));
    }
    let units = super::units_in_order(plan, entries.iter().map(|(u, _)| u.as_str()));
    units
        .into_iter()
        .map(|unit| {
            let list: Vec<Entry> = entries
                .iter()
                .filter(|(u, _)| *u == unit)
                .map(|(_, e)| e.clone())
                .collect();
            let contacts = contacts(plan, &unit, &list);
            UnitReminder {
                unit,
                contacts,
                entries: list,
            }
        })
        .collect()
}

fn contacts(plan: &Plan, unit: &str, entries: &[Entry]) -> Vec<Contact> {
    let mut out: Vec<Contact> = Vec::new();
    let mut add = |name: &str, duty: &'static str| {
        if out.iter().any(|c| c.name == name) {
            return;
        }
        let p = person(plan, Some(name));
        out.push(Contact {
            name: name.to_string(),
            duty,
            role: p.and_then(|p| p.role.clone()),
            phone: p.and_then(|p| p.phone.clone()),
        });
    };
    for e in entries {
        if let Some(l) = &e.liaison {
            add(l, "联络员");
        }
    }
    for e in entries {
        if let Some(o) = &e.owner {
            add(o, "责任人");
        }
    }
    let named = entries
        .iter()
        .any(|e| e.liaison.is_some() || e.owner.is_some());
    if !named {
        for p in plan.roster.people.iter().filter(|p| p.unit == unit) {
            add(&p.name, "单位人员");
        }
    }
    out
}

fn duty_label(duty: &str, lang: Lang) -> &str {
    match (duty, lang) {
        (d, Lang::Zh) => d,
        ("联络员", Lang::En) => "liaison",
        ("责任人", Lang::En) => "owner",
        (_, Lang::En) => "staff",
    }
}

/// `联络员 张伟（就业处科员，0577-88001235）`.
pub fn contact_text(c: &Contact, lang: Lang) -> String {
    let extra: Vec<&str> = [c.role.as_deref(), c.phone.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    let extra = if extra.is_empty() {
        String::new()
    } else {
        match lang {
            Lang::Zh => format!("（{}）", extra.join("，")),
            Lang::En => format!(" ({})", extra.join(", ")),
        }
    };
    format!("{} {}{extra}", duty_label(c.duty, lang), c.name)
}

/// The next working day after `today` (Monday to Friday).
pub fn next_working_day(today: NaiveDate) -> NaiveDate {
    let mut d = today + Duration::days(1);
    while matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
        d += Duration::days(1);
    }
    d
}

/// The ready 催办通知 of one unit.
pub fn notice(
    plan: &Plan,
    u: &UnitReminder,
    period: Period,
    today: NaiveDate,
    by: NaiveDate,
    lang: Lang,
) -> String {
    let kind = meeting_kind_label(period.cycle(), lang);
    let office = format!("{}{}", plan.meta.taskforce, lang.pick("办公室", " office"));
    let mut t = String::new();
    match lang {
        Lang::Zh => {
            t.push_str("催办通知\n\n");
            t.push_str(&format!("{}：\n", u.unit));
            t.push_str(&format!(
                "    截至{}，你单位牵头的以下{}项工作尚未报送{kind}（{period}）进展或已超过完成时限：\n",
                date_text(today, lang),
                u.entries.len()
            ));
        }
        Lang::En => {
            t.push_str("Reminder\n\n");
            t.push_str(&format!("To {}:\n", u.unit));
            t.push_str(&format!(
                "    As of {today}, the following {} item(s) led by your unit have not reported for the {kind} ({period}) or are past their deadline:\n",
                u.entries.len()
            ));
        }
    }
    for (n, e) in u.entries.iter().enumerate() {
        let label = match (e.kind, lang) {
            ("item", Lang::Zh) => format!("议定事项{}", e.id),
            ("item", Lang::En) => format!("decision {}", e.id),
            _ => e.id.clone(),
        };
        let title = e.title.replace('\n', " ");
        t.push_str(&match lang {
            Lang::Zh => format!("    {}. {label} {title}（{}）\n", n + 1, e.why_text(lang)),
            Lang::En => format!("    {}. {label} {title} ({})\n", n + 1, e.why_text(lang)),
        });
    }
    match lang {
        Lang::Zh => {
            t.push_str(&format!(
                "    请于{}前通过督办台账报送进展情况、存在问题和下一步工作；已逾期事项请一并说明原因和预计完成时间。逾期未报的，将在{kind}时通报。\n",
                date_text(by, lang)
            ));
            if !u.contacts.is_empty() {
                let c: Vec<String> = u.contacts.iter().map(|c| contact_text(c, lang)).collect();
                t.push_str(&format!("    你单位联系人：{}。\n", c.join("；")));
            }
            t.push_str(&format!("\n{office}\n{}\n", date_text(today, lang)));
        }
        Lang::En => {
            t.push_str(&format!(
                "    Please report progress, problems and next steps through the ledger by {by}; for overdue items give the cause and the expected completion date. Units that do not report are named at the {kind}.\n"
            ));
            if !u.contacts.is_empty() {
                let c: Vec<String> = u.contacts.iter().map(|c| contact_text(c, lang)).collect();
                t.push_str(&format!("    Contacts: {}.\n", c.join("; ")));
            }
            t.push_str(&format!("\n{office}\n{today}\n"));
        }
    }
    t
}

/// The list as scripts read it (`remind --json`).
#[derive(Serialize)]
pub struct RemindJson<'a> {
    pub period: String,
    pub date: String,
    pub reply_by: String,
    pub units: Vec<UnitJson<'a>>,
}

/// One lead unit's list, with its notice.
#[derive(Serialize)]
pub struct UnitJson<'a> {
    pub unit: &'a str,
    pub contacts: Vec<ContactJson<'a>>,
    pub items: Vec<EntryJson<'a>>,
    pub notice: String,
}

/// A person to call.
#[derive(Serialize)]
pub struct ContactJson<'a> {
    pub name: &'a str,
    pub duty: &'static str,
    pub role: Option<&'a str>,
    pub phone: Option<&'a str>,
}

/// A measure or 议定事项 to chase.
#[derive(Serialize)]
pub struct EntryJson<'a> {
    pub kind: &'static str,
    pub id: &'a str,
    pub title: &'a str,
    pub deadline: String,
    pub not_reported: bool,
    pub days_overdue: Option<i64>,
    pub owner: Option<&'a str>,
    pub liaison: Option<&'a str>,
}

/// The list as JSON for scripts.
pub fn to_json<'a>(
    plan: &Plan,
    list: &'a [UnitReminder],
    period: Period,
    today: NaiveDate,
    by: NaiveDate,
    lang: Lang,
) -> RemindJson<'a> {
    RemindJson {
        period: period.to_string(),
        date: today.to_string(),
        reply_by: by.to_string(),
        units: list
            .iter()
            .map(|u| UnitJson {
                unit: &u.unit,
                contacts: u
                    .contacts
                    .iter()
                    .map(|c| ContactJson {
                        name: &c.name,
                        duty: c.duty,
                        role: c.role.as_deref(),
                        phone: c.phone.as_deref(),
                    })
                    .collect(),
                items: u
                    .entries
                    .iter()
                    .map(|e| EntryJson {
                        kind: e.kind,
                        id: &e.id,
                        title: &e.title,
                        deadline: e.deadline.to_string(),
                        not_reported: e.not_reported(),
                        days_overdue: e.days_overdue(),
                        owner: e.owner.as_deref(),
                        liaison: e.liaison.as_deref(),
                    })
                    .collect(),
                notice: notice(plan, u, period, today, by, lang),
            })
            .collect(),
    }
}
