//! Write commands: set, log, undo, redo, commit, hooks.

use std::io::{BufRead, IsTerminal, Write as _};

use super::table::printable;
use super::{CliResult, Context, Failure, out, out_json};
use crate::model::{Cycle, Id, Light, Period, Status};
use crate::store::undo::{Revert, RevertKind};
use crate::store::{Identity, MeasureEdit, Outcome, ReportEdit, Store};

#[derive(Debug, clap::Args)]
pub struct SetArgs {
    /// The measure (A3-02).
    pub id: String,
    /// Record a cycle report: weekly, monthly or quarterly.
    #[arg(long)]
    pub cycle: Option<String>,
    /// The period reported on (default: the current week, month or quarter).
    #[arg(long)]
    pub period: Option<String>,
    /// The day the report came in (default today); after the period's end it is a late
    /// report (补报). Not in the future, not before the period begins.
    #[arg(long, value_name = "DATE")]
    pub reported_on: Option<String>,
    /// The reported light: green, blue, yellow, red (or 绿 蓝 黄 红).
    #[arg(long)]
    pub light: Option<String>,
    /// Lifecycle status: not-started, in-progress, done, closed, suspended.
    #[arg(long)]
    pub status: Option<String>,
    /// Share of the work done, 0 to 100.
    #[arg(long)]
    pub percent: Option<u8>,
    /// 进展情况.
    #[arg(long)]
    pub progress: Option<String>,
    /// 存在问题及困难.
    #[arg(long)]
    pub problems: Option<String>,
    /// 下一步工作.
    #[arg(long)]
    pub next: Option<String>,
    /// 需协调事项.
    #[arg(long)]
    pub asks: Option<String>,
    /// New deadline (YYYY-MM-DD).
    #[arg(long)]
    pub deadline: Option<String>,
    /// New owner (责任人), a person of the roster.
    #[arg(long)]
    pub owner: Option<String>,
    /// New lead unit, a unit of the roster.
    #[arg(long)]
    pub lead: Option<String>,
    /// Override the computed light (green, blue, yellow, red); needs --reason.
    #[arg(long, value_name = "LIGHT")]
    pub r#override: Option<String>,
    /// Why the light is overridden (required with --override).
    #[arg(long)]
    pub reason: Option<String>,
    /// Remove a light override: the computed light applies again.
    #[arg(long, conflicts_with = "override")]
    pub clear_override: bool,
    /// 报送频次: weekly, monthly or quarterly (the plan gives none; the default is monthly).
    #[arg(long)]
    pub cadence: Option<String>,
    /// Start date (YYYY-MM-DD; the default is the plan's start, 2025-01-01).
    #[arg(long)]
    pub start: Option<String>,
    /// Add a milestone (节点): DATE:TEXT, e.g. 2026-06-30:完成站点规划. Repeatable.
    #[arg(long, value_name = "DATE:TEXT")]
    pub milestone: Vec<String>,
    /// Mark the milestone due on DATE done (today, or --done-on). Repeatable.
    #[arg(long, value_name = "DATE")]
    pub milestone_done: Vec<String>,
    /// The day milestones given with --milestone-done were done (default today).
    #[arg(long, value_name = "DATE")]
    pub done_on: Option<String>,
    /// Remove the milestone due on DATE. Repeatable.
    #[arg(long, value_name = "DATE")]
    pub remove_milestone: Vec<String>,
    /// Add a co-unit (配合单位), a unit of the roster. Repeatable.
    #[arg(long, value_name = "UNIT")]
    pub co: Vec<String>,
    /// Remove a co-unit. Repeatable.
    #[arg(long, value_name = "UNIT")]
    pub remove_co: Vec<String>,
    /// 联络员: the person who files reports, a person of the roster.
    #[arg(long)]
    pub liaison: Option<String>,
    /// 销号 (with --status closed): who approved the closure (also --approved-by, as for items).
    #[arg(long, alias = "approved-by")]
    pub approver: Option<String>,
    /// 销号 (with --status closed): the basis (验收意见, 会议纪要文号 ...).
    #[arg(long)]
    pub basis: Option<String>,
    /// 销号 (with --status closed): the day it was struck off (default today).
    #[arg(long, value_name = "DATE")]
    pub closed_on: Option<String>,
    /// Commit as "Name <mail>" instead of the git identity.
    #[arg(long)]
    pub author: Option<String>,
}

/// Parses a date flag, refusing in the user's language.
fn date_flag(ctx: &Context, flag: &str, text: &str) -> Result<chrono::NaiveDate, Failure> {
    text.trim().parse().map_err(|_| {
        Failure::usage(match ctx.lang {
            crate::model::Lang::Zh => format!("{flag} “{text}”：不是日期（YYYY-MM-DD）"),
            crate::model::Lang::En => format!("{flag} {text:?}: not a date (YYYY-MM-DD)"),
        })
    })
}

/// The measure fields of point 5 (start, cadence, milestones, co-units, liaison, closure),
/// parsed into `edit`.
fn plan_fields(ctx: &Context, args: &SetArgs, edit: &mut MeasureEdit) -> Result<(), Failure> {
    let lang = ctx.lang;
    if let Some(c) = &args.cadence {
        edit.cadence = Some(Cycle::parse(c).ok_or_else(|| {
            Failure::usage(match lang {
                crate::model::Lang::Zh => {
                    format!("--cadence “{c}”：应为 weekly（每周）、monthly（每月）或 quarterly（每季度）")
                }
                crate::model::Lang::En => {
                    format!("--cadence {c:?}: expected weekly, monthly or quarterly")
                }
            })
        })?);
    }
    if let Some(d) = &args.start {
        edit.start = Some(date_flag(ctx, "--start", d)?);
    }
    for m in &args.milestone {
        let (date, text) = m.split_once([':', '：']).ok_or_else(|| {
            Failure::usage(lang.pick(
                "--milestone 应为 日期:内容，如 2026-06-30:完成站点规划",
                "--milestone expects DATE:TEXT, e.g. 2026-06-30:完成站点规划",
            ))
        })?;
        edit.add_milestones
            .push((date_flag(ctx, "--milestone", date)?, text.to_string()));
    }
    let done_on = match &args.done_on {
        Some(d) => date_flag(ctx, "--done-on", d)?,
        None => ctx.today,
    };
    if args.done_on.is_some() && args.milestone_done.is_empty() {
        return Err(Failure::usage(lang.pick(
            "--done-on 须与 --milestone-done 一起使用",
            "--done-on goes with --milestone-done",
        )));
    }
    for d in &args.milestone_done {
        edit.done_milestones
            .push((date_flag(ctx, "--milestone-done", d)?, done_on));
    }
    for d in &args.remove_milestone {
        edit.remove_milestones
            .push(date_flag(ctx, "--remove-milestone", d)?);
    }
    edit.add_co = args.co.iter().map(|u| u.trim().to_string()).collect();
    edit.remove_co = args
        .remove_co
        .iter()
        .map(|u| u.trim().to_string())
        .collect();
    edit.liaison = args.liaison.clone();
    edit.approved_by = args.approver.clone();
    edit.basis = args.basis.clone();
    edit.closed_on = match &args.closed_on {
        Some(d) => Some(date_flag(ctx, "--closed-on", d)?),
        None if edit.status == Some(Status::Closed) => Some(ctx.today),
        None => None,
    };
    if args.closed_on.is_some() && edit.status != Some(Status::Closed) {
        return Err(Failure::usage(lang.pick(
            "--closed-on 只用于销号（--status closed）",
            "--closed-on goes with --status closed (销号)",
        )));
    }
    Ok(())
}

impl SetArgs {
    /// Whether any flag that changes the measure itself (not a report) is given.
    fn measure_fields(&self) -> bool {
        self.deadline.is_some()
            || self.owner.is_some()
            || self.lead.is_some()
            || self.r#override.is_some()
            || self.clear_override
            || self.cadence.is_some()
            || self.start.is_some()
            || !self.milestone.is_empty()
            || !self.milestone_done.is_empty()
            || !self.remove_milestone.is_empty()
            || !self.co.is_empty()
            || !self.remove_co.is_empty()
            || self.liaison.is_some()
            || self.approver.is_some()
            || self.basis.is_some()
            || self.closed_on.is_some()
    }
}

pub(super) fn author(store: &Store, flag: Option<&str>) -> Result<Identity, Failure> {
    match flag {
        Some(text) => Identity::parse(text)
            .ok_or_else(|| Failure::expected("--author", text, &["\"Name <mail>\""])),
        None => store
            .identity()
            .ok_or_else(|| crate::store::Error::NoIdentity.into()),
    }
}

fn parse_id(text: &str) -> Result<Id, Failure> {
    Id::parse(text).map_err(|e| Failure::id(text, &e))
}

pub(super) fn report_outcome(ctx: &Context, outcome: &Outcome) -> CliResult {
    match outcome {
        Outcome::Unchanged => {
            eprintln!(
                "{}",
                ctx.lang
                    .pick("没有变化，未提交。", "nothing changed; no commit made.")
            );
        }
        Outcome::Committed {
            commit,
            summary,
            note,
            ..
        } => {
            if let Some(n) = note {
                eprintln!("{n}");
            }
            out(&format!("{} {}\n", &commit[..8], printable(summary)))?;
        }
    }
    Ok(())
}

pub fn set(ctx: &Context, args: &SetArgs) -> CliResult {
    let id = parse_id(&args.id)?;
    // The process ends with the command: the repository handle is left for the exit to reclaim
    // (freeing it would unmap and close every pack and free its caches, only to exit).
    let store = std::mem::ManuallyDrop::new(ctx.open()?);
    let status = match &args.status {
        Some(s) => Some(Status::parse(s).ok_or_else(|| {
            Failure::expected(
                "--status",
                s,
                &["not-started", "in-progress", "done", "closed", "suspended"],
            )
        })?),
        None => None,
    };
    let report_fields = args.light.is_some()
        || args.percent.is_some()
        || args.progress.is_some()
        || args.problems.is_some()
        || args.next.is_some()
        || args.asks.is_some();
    let measure_fields = args.measure_fields();
    let outcome = if let Some(cycle) = &args.cycle {
        let cycle = Cycle::parse(cycle).ok_or_else(|| {
            Failure::expected("--cycle", cycle, &["weekly", "monthly", "quarterly"])
        })?;
        if measure_fields {
            return Err(Failure::said(
                "--deadline、--owner、--lead、--cadence、--start、--milestone、--co、--liaison、--override 和销号参数修改的是举措本身：不要与 --cycle 同用",
                "--deadline, --owner, --lead, --cadence, --start, --milestone, --co, --liaison, --override and 销号 flags change the measure: use them without --cycle",
            ));
        }
        let period = match &args.period {
            Some(p) => {
                let p = Period::parse(p).map_err(|_| Failure::period("--period", p))?;
                if p.cycle() != cycle {
                    return Err(
                        crate::store::Error::from(crate::store::Rejection::WrongCycle {
                            field: crate::store::Field::Period,
                            period: p.to_string(),
                            allowed: vec![cycle],
                        })
                        .into(),
                    );
                }
                p
            }
            None => cycle.period_of(ctx.today),
        };
        let light = match &args.light {
            Some(l) => Some(Light::parse(l).ok_or_else(|| {
                Failure::expected("--light", l, &["green", "blue", "yellow", "red"])
            })?),
            None => None,
        };
        let edit = ReportEdit {
            light,
            status,
            percent: args.percent,
            progress: args.progress.clone(),
            problems: args.problems.clone(),
            next_steps: args.next.clone(),
            asks: args.asks.clone(),
            reported_on: args
                .reported_on
                .as_deref()
                .map(|d| date_flag(ctx, "--reported-on", d))
                .transpose()?,
        };
        let who = author(&store, args.author.as_deref())?;
        let (outcome, after) = store
            .set_report_with_light(&id, period, &edit, &who, ctx.today)
            .map_err(|e| Failure::from_store(e, ctx.lang))?;
        report_outcome(ctx, &outcome)?;
        return print_verdict(ctx, &store, &id, light, after);
    } else {
        if report_fields || args.period.is_some() || args.reported_on.is_some() {
            return Err(Failure::said(
                "报送内容（--light、--progress、--problems、--next、--asks、--percent、--period、--reported-on）须配合 --cycle",
                "report fields (--light, --progress, --problems, --next, --asks, --percent, --period, --reported-on) need --cycle",
            ));
        }
        let deadline = match &args.deadline {
            Some(d) => Some(d.parse().map_err(|_| Failure::date("--deadline", d))?),
            None => None,
        };
        if args.reason.is_some() && args.r#override.is_none() {
            return Err(Failure::said(
                "--reason 须配合 --override",
                "--reason goes with --override",
            ));
        }
        if !measure_fields && status.is_none() {
            return Err(Failure::said(
                "没有要修改的内容：用 --cycle 加报送内容，或 --deadline、--start、--cadence、--owner、--liaison、--lead、--co、--milestone、--status、--override",
                "nothing to set: give --cycle with report fields, or --deadline, --start, --cadence, --owner, --liaison, --lead, --co, --milestone, --status or --override",
            ));
        }
        let light_override = match &args.r#override {
            Some(l) => {
                let light = Light::parse(l).ok_or_else(|| {
                    Failure::expected("--override", l, &["green", "blue", "yellow", "red"])
                })?;
                Some(Some(crate::model::LightOverride {
                    light,
                    reason: args.reason.clone().unwrap_or_default(),
                    set_on: ctx.today,
                }))
            }
            None if args.clear_override => Some(None),
            None => None,
        };
        let mut edit = MeasureEdit {
            deadline,
            owner: args.owner.clone(),
            lead_unit: args.lead.clone(),
            status,
            light_override,
            ..MeasureEdit::default()
        };
        plan_fields(ctx, args, &mut edit)?;
        let who = author(&store, args.author.as_deref())?;
        store
            .set_measure(&id, &edit, &who, ctx.today)
            .map_err(|e| Failure::from_store(e, ctx.lang))?
    };
    report_outcome(ctx, &outcome)?;
    print_verdict(ctx, &store, &id, None, None)
}

/// After a `set`: the measure's light now and why, beside the light the unit reported
/// (`报送：黄 · 计算：红（落后序时进度33个百分点…）`), the same line the TUI form previews.
/// `known` is the light the write itself computed (from its own reads, under the writer lock);
/// without it the measure and its reports are read again.
fn print_verdict(
    ctx: &Context,
    store: &Store,
    id: &Id,
    reported: Option<Light>,
    known: Option<crate::model::Assessment>,
) -> CliResult {
    let assessment = match known {
        Some(a) => a,
        None => store.assess_measure(id, ctx.today)?,
    };
    eprintln!(
        "{}",
        printable(&crate::model::verdict(reported, &assessment, ctx.lang))
    );
    Ok(())
}

pub fn log(ctx: &Context, id: Option<&str>, since: Option<&str>, json: bool) -> CliResult {
    if let Some(id) = id {
        parse_id(id)?;
    }
    let store = ctx.open()?;
    let since = since.map(|s| store.since(s)).transpose()?;
    let entries = store.history(id, since.as_ref())?;
    if json {
        let list: Vec<_> = entries.iter().flat_map(super::json::log_changes).collect();
        return out_json(&list);
    }
    let mut text = String::new();
    for e in &entries {
        text.push_str(&format!(
            "{} {} {} {}\n",
            &e.commit[..8],
            e.time.format("%Y-%m-%d %H:%M"),
            e.author,
            e.summary
        ));
        text.push_str(&describe(ctx, &e.changes));
    }
    out(&printable_lines(&text))
}

fn printable_lines(text: &str) -> String {
    text.split('\n')
        .map(printable)
        .collect::<Vec<_>>()
        .join("\n")
}

fn describe(ctx: &Context, changes: &[crate::store::FieldChange]) -> String {
    changes
        .iter()
        .map(|c| format!("    {}\n", crate::words::change_line(c, ctx.lang)))
        .collect()
}

fn confirm(ctx: &Context, yes: bool, question: &str) -> Result<bool, Failure> {
    if yes {
        return Ok(true);
    }
    if !std::io::stdin().is_terminal() {
        return Err(Failure::usage(ctx.lang.pick(
            "没有终端可确认：请加 --yes",
            "no terminal to confirm on: pass --yes",
        )));
    }
    eprint!("{question} [y/N] ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(matches!(line.trim(), "y" | "Y" | "yes" | "是"))
}

/// The preview printed before an undo or redo.
pub fn preview(ctx: &Context, r: &Revert) -> String {
    printable_lines(&r.preview(ctx.lang))
}

pub fn revert(
    ctx: &Context,
    kind: RevertKind,
    commit: Option<&str>,
    yes: bool,
    author_flag: Option<&str>,
) -> CliResult {
    let store = ctx.open()?;
    let plan = match (kind, commit) {
        (_, Some(c)) => Some(store.plan_revert_of(c)?),
        (RevertKind::Undo, None) => store.plan_undo()?,
        (RevertKind::Redo, None) => store.plan_redo()?,
    };
    let Some(plan) = plan else {
        let msg = match kind {
            RevertKind::Undo => ctx.lang.pick("没有可撤销的修改。", "nothing to undo."),
            RevertKind::Redo => ctx.lang.pick("没有可重做的撤销。", "nothing to redo."),
        };
        return Err(Failure {
            code: 1,
            message: msg.into(),
        });
    };
    eprint!("{}", preview(ctx, &plan));
    if let Some(b) = plan.blocked.first() {
        // The preview lists each field and the later changes in the way; nothing is written.
        let refused = crate::store::Rejection::ChangedLater {
            commit: plan.target.commit[..8].to_string(),
            path: b.label(ctx.lang),
        };
        return Err(Failure::from_store(refused.into(), ctx.lang));
    }
    let who = author(&store, author_flag)?;
    if !confirm(ctx, yes, ctx.lang.pick("确认？", "Proceed?"))? {
        eprintln!("{}", ctx.lang.pick("已取消。", "cancelled."));
        return Ok(());
    }
    let outcome = store.apply_revert(&plan, &who)?;
    report_outcome(ctx, &outcome)
}

pub fn commit(ctx: &Context, message: &str, author_flag: Option<&str>) -> CliResult {
    let store = ctx.open()?;
    let who = author(&store, author_flag)?;
    let outcome = store.commit_hand_edits(message, &who)?;
    report_outcome(ctx, &outcome)
}

const HOOK: &str = r#"#!/bin/sh
# Installed by `taskforce hooks install`: refuse commits of invalid plan data.
tf=$(command -v taskforce 2>/dev/null)
[ -n "$tf" ] || tf="@EXE@"
if [ ! -x "$tf" ]; then
    echo "taskforce pre-commit hook: the taskforce command is not on PATH, so the plan was NOT checked." >&2
    echo "Install taskforce (cargo install --path .) or commit with --no-verify at your own risk." >&2
    exit 1
fi
# Check the staged snapshot, not the work tree.
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
git checkout-index --all --prefix="$tmp/" || exit 1
"$tf" check --dir "$tmp"
"#;

/// Writes `.git/hooks/pre-commit` (the check of staged plan files); the taskforce on PATH is
/// used, else the binary that installed the hook.
pub(super) fn install_hook(store: &Store) -> Result<std::path::PathBuf, Failure> {
    let dir = store.git_dir().join("hooks");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("pre-commit");
    if path.exists() {
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if !current.contains("taskforce hooks install") {
            return Err(Failure {
                code: 1,
                message: format!(
                    "{} exists and was not written by taskforce; not overwritten",
                    path.display()
                ),
            });
        }
    }
    let exe = std::env::current_exe()?
        .to_string_lossy()
        .replace(['"', '$', '`'], "");
    crate::store::write_atomic(&path, HOOK.replace("@EXE@", &exe).as_bytes())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))?;
    }
    Ok(path)
}

pub fn hooks_install(ctx: &Context) -> CliResult {
    let store = ctx.open()?;
    let path = install_hook(&store)?;
    store.install_merge_driver()?;
    eprintln!(
        "{} {}",
        ctx.lang
            .pick("已安装提交前检查：", "installed the pre-commit check:"),
        path.display()
    );
    eprintln!(
        "{}",
        ctx.lang.pick(
            "已登记字段级合并：git pull / git merge 按字段合并计划文件，不会留下冲突标记。",
            "registered the field-level merge: git pull and git merge merge plan files field by field, never leaving conflict markers.",
        )
    );
    Ok(())
}

pub fn roster(ctx: &Context, action: Option<super::RosterAction>) -> CliResult {
    let store = ctx.open()?;
    match action {
        Some(super::RosterAction::AddPerson {
            name,
            unit,
            role,
            phone,
            author: flag,
        }) => {
            let who = author(&store, flag.as_deref())?;
            let person = crate::model::Person {
                name,
                unit,
                role,
                phone,
            };
            let outcome = store.add_person(person, &who)?;
            report_outcome(ctx, &outcome)
        }
        Some(super::RosterAction::AddUnit {
            name,
            kind,
            full_name,
            author: flag,
        }) => {
            let kind = match kind.as_str() {
                "city" | "市级" => crate::model::UnitKind::City,
                "county" | "县级" => crate::model::UnitKind::County,
                other => {
                    return Err(Failure::usage(match ctx.lang {
                        crate::model::Lang::Zh => {
                            format!("--kind “{other}”：应为 city（市级单位）或 county（县级）")
                        }
                        crate::model::Lang::En => {
                            format!("--kind {other:?}: expected city or county")
                        }
                    }));
                }
            };
            let who = author(&store, flag.as_deref())?;
            let unit = crate::model::Unit {
                name,
                kind,
                full_name,
            };
            let outcome = store
                .add_unit(unit, &who)
                .map_err(|e| Failure::from_store(e, ctx.lang))?;
            report_outcome(ctx, &outcome)
        }
        Some(super::RosterAction::Rename {
            old,
            new,
            author: flag,
        }) => {
            let who = author(&store, flag.as_deref())?;
            let outcome = store
                .rename_unit(&old, &new, &who)
                .map_err(|e| Failure::from_store(e, ctx.lang))?;
            report_outcome(ctx, &outcome)
        }
        Some(super::RosterAction::Remove { name, author: flag }) => {
            let who = author(&store, flag.as_deref())?;
            let outcome = store
                .remove_unit(&name, &who)
                .map_err(|e| Failure::from_store(e, ctx.lang))?;
            report_outcome(ctx, &outcome)
        }
        None => {
            let roster: crate::model::Roster = store
                .read(crate::store::layout::UNITS)?
                .ok_or_else(|| Failure {
                    code: 1,
                    message: "units.ron is missing".into(),
                })?;
            let mut rows = Vec::new();
            for u in &roster.units {
                let kind = match u.kind {
                    crate::model::UnitKind::City => ctx.lang.pick("市级单位", "city unit"),
                    crate::model::UnitKind::County => ctx.lang.pick("县(市、区)", "county"),
                };
                rows.push(vec![
                    u.name.clone(),
                    kind.to_string(),
                    u.full_name.clone().unwrap_or_default(),
                ]);
            }
            for p in &roster.people {
                rows.push(vec![
                    p.name.clone(),
                    p.unit.clone(),
                    p.role.clone().unwrap_or_default(),
                    p.phone.clone().unwrap_or_default(),
                ]);
            }
            out(&super::table::render(&rows))
        }
    }
}

/// `taskforce gc`: merges the small packs commits leave; `--auto` only past the threshold a
/// commit uses to start it in the background, and quietly when another gc runs.
pub fn gc(ctx: &Context, auto: bool, git_dir: Option<std::path::PathBuf>) -> CliResult {
    let git_dir = match git_dir {
        Some(d) => d,
        None => ctx.open()?.repo().path().to_path_buf(),
    };
    let report = match crate::store::gc::gc(&git_dir) {
        Ok(r) => r,
        Err(crate::store::Error::Locked(_)) if auto => return Ok(()),
        Err(e) => return Err(Failure::from_store(e, ctx.lang)),
    };
    if auto {
        return Ok(());
    }
    out(&match ctx.lang {
        crate::model::Lang::Zh => format!(
            "整理完成：{} 个数据包中合并了 {} 个（{} 个对象）。\n",
            report.packs_before, report.merged, report.objects
        ),
        crate::model::Lang::En => format!(
            "gc: merged {} of {} packs ({} objects)\n",
            report.merged, report.packs_before, report.objects
        ),
    })
}
