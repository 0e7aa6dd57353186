//! A synthetic plan of any size, with a long history, for benchmarks and scale tests.

use std::path::Path;

use chrono::NaiveDate;
use git2::{Repository, Signature};

use super::codec::to_canonical;
use super::history::{FieldChange, change_trailers, message};
use super::{BundledSource, Error, Reports, Result, io_error, layout, load};
use crate::model::{Action, Cycle, Id, LeadSource, Measure, Period, Report, SCHEMA, Status};

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
/// and makes `commits` commits of weekly reports on top of the initial one. Returns the path of
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
    // The history: weekly reports, one per commit, cycling over measures; the first measure is
    // reported on every 50th commit so that its history has entries spread over the whole range.
    let start = NaiveDate::from_ymd_opt(2025, 1, 6).unwrap_or_default();
    let hot = all[0].clone();
    let hot_path = layout::report(&hot, Cycle::Weekly.period_of(start));
    let mut tree = parent.tree()?;
    for c in 0..commits {
        let item = if c % 50 == 0 {
            hot.clone()
        } else {
            all[c % all.len()].clone()
        };
        let period = if item == hot {
            Cycle::Weekly.period_of(start)
        } else {
            Period::Week(2025, (c / all.len() % 52 + 1) as u8)
        };
        let report = Report {
            schema: SCHEMA,
            item: item.clone(),
            period,
            light: None,
            status: Some(Status::InProgress),
            percent: Some((c % 100) as u8),
            progress: format!("第{c}次报送"),
            problems: String::new(),
            next_steps: String::new(),
            asks: String::new(),
            reported_by: "synth".into(),
            reported_on: start,
        };
        let path = layout::report(&item, period);
        let blob = repo.blob(ser(&report)?.as_bytes())?;
        let mut update = git2::build::TreeUpdateBuilder::new();
        update.upsert(&path, blob, git2::FileMode::Blob);
        tree = repo.find_tree(update.create_updated(&repo, &tree)?)?;
        let change = FieldChange {
            id: item.to_string(),
            cycle: Some("weekly".into()),
            period: Some(period.to_string()),
            field: "progress".into(),
            from: serde_json::Value::Null,
            to: serde_json::Value::String(report.progress.clone()),
        };
        let msg = message(
            &format!("周调度 {period} {item} 进展"),
            "",
            &change_trailers(&[change]),
        );
        let oid = repo.commit(Some("HEAD"), &sig, &sig, &msg, &tree, &[&parent])?;
        parent = repo.find_commit(oid)?;
    }
    repo.checkout_head(Some(git2::build::CheckoutBuilder::new().force()))?;
    Ok(hot_path)
}
