//! A synthetic plan of any size, with a long history, for benchmarks and scale tests.

use std::path::Path;

use chrono::NaiveDate;
use git2::{Repository, Signature};

use super::codec::to_canonical;
use super::history::{FieldChange, change_trailers, message};
use super::meetings::meeting_tag;
use super::{BundledSource, Error, Reports, Result, io_error, layout, load};
use crate::model::{
    Action, Cycle, Id, LeadSource, Light, Measure, Meeting, Period, Report, SCHEMA, Status,
};

fn id(text: &str) -> Result<Id> {
    Id::parse(text).map_err(|e| {
        Error::from(super::Rejection::BadId {
            value: e.to_string(),
        })
    })
}

fn ser<T: serde::Serialize>(v: &T) -> Result<String> {
    to_canonical(v).map_err(|e| Error::Refused(e.to_string()))
}

/// Writes a plan of `measures` measures (100 per action, so no folder grows large) into `dir`
/// and makes `commits` commits of reports on top of the initial one (plus a commit and a tag
/// for each meeting closed on the way). Returns the path of
/// the report file touched most often (for per-file history benchmarks).
pub fn generate(dir: &Path, measures: usize, commits: usize) -> Result<String> {
    let (plan, problems) = load(&BundledSource, Reports::All);
    let Some(plan) = plan.filter(|_| problems.is_empty()) else {
        return Err(Error::Invalid(problems));
    };
    let per_action = 100;
    let actions = measures.div_ceil(per_action).max(9);
    let repo = Repository::init(dir)?;
    let mut files: Vec<(String, String)> = vec![
        (layout::PLAN.into(), ser(&plan.meta)?),
        (layout::UNITS.into(), ser(&plan.roster)?),
    ];
    let template = &plan.measures[0];
    let mut all = Vec::new();
    for a in 1..=actions {
        let base = &plan.actions[(a - 1) % plan.actions.len()];
        let action = Action {
            id: id(&format!("A{a}"))?,
            number: a as u8,
            indicators: vec![],
            ..base.clone()
        };
        files.push((layout::action(&action.id), ser(&action)?));
        let count = measures
            .saturating_sub((a - 1) * per_action)
            .min(per_action);
        for n in 1..=count {
            let mid = id(&format!("A{a}-{n:02}"))?;
            let m = Measure {
                schema: SCHEMA,
                id: mid.clone(),
                action: action.id.clone(),
                title: format!(
                    "{}（合成{n}）",
                    plan.measures[(a * 7 + n) % plan.measures.len()].title
                ),
                lead_source: LeadSource::InferredFromAction,
                indicators: vec![],
                ..template.clone()
            };
            files.push((layout::measure(&mid), ser(&m)?));
            all.push(mid);
        }
    }
    for i in &plan.indicators {
        let mut i = i.clone();
        i.measures.retain(|m| all.contains(m));
        files.push((layout::indicator(&i.id), ser(&i)?));
    }
    for (path, text) in &files {
        let full = dir.join(path);
        if let Some(p) = full.parent() {
            std::fs::create_dir_all(p).map_err(io_error(p))?;
        }
        std::fs::write(&full, text).map_err(io_error(&full))?;
    }
    let mut index = repo.index()?;
    index.add_all(["*"].iter(), git2::IndexAddOption::DEFAULT, None)?;
    index.write()?;
    let sig = Signature::now("synth", "synth@example.org")?;
    let tree = repo.find_tree(index.write_tree()?)?;
    let mut parent =
        repo.find_commit(repo.commit(Some("HEAD"), &sig, &sig, "synthetic plan", &tree, &[])?)?;
    // The history: reports by several authors over about two years, in all three cycles, some
    // with a light; a monthly and a quarterly meeting closed (and tagged) as their period ends.
    // The first measure is reported on every 50th commit, always in the same file, so that
    // its history has entries spread over the whole range.
    let start = NaiveDate::from_ymd_opt(2025, 1, 6).unwrap_or_default();
    let days = 700i64;
    let hot = all[0].clone();
    let hot_path = layout::report(&hot, Cycle::Weekly.period_of(start));
    let mut tree = parent.tree()?;
    let units: Vec<String> = plan
        .roster
        .units
        .iter()
        .take(6)
        .map(|u| u.name.clone())
        .collect();
    let mut open: [Option<Period>; 2] = [None, None];
    let mut issues = [0u32; 2];
    let mut baselines = [parent.id(); 2];
    let mut index_of = std::collections::HashMap::new();
    for c in 0..commits {
        let day = start + chrono::Duration::days(c as i64 * days / commits.max(1) as i64);
        let when = day
            .and_hms_opt(9 + (c % 9) as u32, (c * 7 % 60) as u32, 0)
            .unwrap_or_default();
        // Meetings: when a month (quarter) is over, its meeting is recorded closed and tagged.
        for (k, kind) in [Cycle::Monthly, Cycle::Quarterly].into_iter().enumerate() {
            let period = kind.period_of(day);
            let Some(last) = open[k].replace(period) else {
                continue;
            };
            if last == period {
                continue;
            }
            issues[k] += 1;
            let meeting = Meeting {
                schema: SCHEMA,
                id: id(&Meeting::id_for(last))?,
                kind,
                period: last,
                issue: issues[k],
                time: when,
                place: "市政府第一会议室".into(),
                chair: units[0].clone(),
                attendees: units[1..].to_vec(),
                baseline: baselines[k].to_string(),
                closed: true,
                sign_off: Default::default(),
            };
            let path = layout::meeting(&meeting.id, kind);
            let blob = repo.blob(ser(&meeting)?.as_bytes())?;
            let mut update = git2::build::TreeUpdateBuilder::new();
            update.upsert(&path, blob, git2::FileMode::Blob);
            tree = repo.find_tree(update.create_updated(&repo, &tree)?)?;
            let label = if kind == Cycle::Monthly {
                "月度例会"
            } else {
                "季度例会"
            };
            let msg = message(
                &format!("{label} {} 结束", meeting.id),
                "",
                &[("Meeting".into(), meeting.id.to_string())],
            );
            let sig = signature(AUTHORS[0], when)?;
            let oid = repo.commit(Some("HEAD"), &sig, &sig, &msg, &tree, &[&parent])?;
            parent = repo.find_commit(oid)?;
            repo.tag(
                &meeting_tag(kind, last),
                parent.as_object(),
                &sig,
                &format!("{label} {}\n", meeting.id),
                true,
            )?;
            baselines[k] = oid;
        }
        let item = if c % 50 == 0 {
            hot.clone()
        } else {
            all[(c * 7919) % all.len()].clone()
        };
        let cycle = match c % 13 {
            0 if item != hot => Cycle::Quarterly,
            3 | 7 | 11 if item != hot => Cycle::Monthly,
            _ => Cycle::Weekly,
        };
        let period = if item == hot {
            Cycle::Weekly.period_of(start)
        } else {
            cycle.period_of(day)
        };
        let light = match c % 11 {
            2 => Some(Light::Yellow),
            5 => Some(Light::Red),
            8 => Some(Light::Green),
            _ => None,
        };
        let path = layout::report(&item, period);
        let n = index_of.entry(item.clone()).or_insert(0usize);
        *n += 1;
        let author = AUTHORS[c % AUTHORS.len()];
        let report = Report {
            schema: SCHEMA,
            item: item.clone(),
            period,
            light,
            status: Some(Status::InProgress),
            percent: Some(((*n * 3) % 100) as u8),
            progress: format!("第{c}次报送：按计划推进，完成阶段任务"),
            problems: if matches!(light, Some(Light::Yellow | Light::Red)) {
                "资金到位滞后，需协调".into()
            } else {
                String::new()
            },
            next_steps: String::new(),
            asks: String::new(),
            reported_by: author.0.into(),
            reported_on: day,
        };
        let blob = repo.blob(ser(&report)?.as_bytes())?;
        let mut update = git2::build::TreeUpdateBuilder::new();
        update.upsert(&path, blob, git2::FileMode::Blob);
        tree = repo.find_tree(update.create_updated(&repo, &tree)?)?;
        let mut changes = vec![FieldChange {
            id: item.to_string(),
            cycle: Some(cycle.key().into()),
            period: Some(period.to_string()),
            field: "progress".into(),
            from: serde_json::Value::Null,
            to: serde_json::Value::String(report.progress.clone()),
        }];
        if let Some(l) = light {
            changes.push(FieldChange {
                id: item.to_string(),
                cycle: Some(cycle.key().into()),
                period: Some(period.to_string()),
                field: "light".into(),
                from: serde_json::Value::Null,
                to: serde_json::to_value(l).unwrap_or_default(),
            });
        }
        let label = match period.cycle() {
            Cycle::Weekly => "周调度",
            Cycle::Monthly => "月调度",
            Cycle::Quarterly => "季调度",
        };
        let msg = message(
            &format!("{label} {period} {item} 进展"),
            "",
            &change_trailers(&changes),
        );
        let sig = signature(author, when)?;
        let oid = repo.commit(Some("HEAD"), &sig, &sig, &msg, &tree, &[&parent])?;
        parent = repo.find_commit(oid)?;
    }
    repo.checkout_head(Some(git2::build::CheckoutBuilder::new().force()))?;
    Ok(hot_path)
}

/// The people who file reports in a synthetic history.
const AUTHORS: [(&str, &str); 5] = [
    ("王明", "wangming@example.org"),
    ("李华", "lihua@example.org"),
    ("张伟", "zhangwei@example.org"),
    ("陈静", "chenjing@example.org"),
    ("刘洋", "liuyang@example.org"),
];

fn signature(who: (&str, &str), when: chrono::NaiveDateTime) -> Result<Signature<'static>> {
    let secs = when.and_utc().timestamp() - 8 * 3600;
    Ok(Signature::new(who.0, who.1, &git2::Time::new(secs, 480))?)
}
