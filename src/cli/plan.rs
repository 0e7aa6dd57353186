//! Reading commands: check, list, show, indicators, fmt.

use std::path::PathBuf;

use super::json::{
    ActionDetail, ActionRow, CheckProblem, Counts, IndicatorJson, ListRow, MeasureDetail,
    MeasureRow, PeriodReport,
};
use super::table::{printable, render};
use super::{CliResult, Context, Failure, out, out_json};
use crate::model::{
    Assessment, Assumed, Cycle, Id, Indicator, Lang, Light, LightCounts, Measure, Plan, Printed,
    Status, assess,
};
use crate::store::{self, DirSource, Reports, Store, canonical_files};

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only this action (A3).
    #[arg(long)]
    pub action: Option<String>,
    /// Only measures whose owner (责任人) or lead unit is this name.
    #[arg(long)]
    pub owner: Option<String>,
    /// Only measures with this light (green, blue, yellow, red).
    #[arg(long)]
    pub light: Option<String>,
    /// Only measures with this status (not-started, in-progress, done, closed, suspended).
    #[arg(long)]
    pub status: Option<String>,
    /// Only measures past their deadline and not finished.
    #[arg(long)]
    pub overdue: bool,
    /// Only measures without a report for the current period (of --cycle, default each measure's cadence).
    #[arg(long)]
    pub not_reported: bool,
    /// The cycle for --not-reported: weekly, monthly or quarterly.
    #[arg(long)]
    pub cycle: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    pub id: String,
    /// Also show the reports of this period (2026-W47, 2026-10, 2026-Q3).
    #[arg(long)]
    pub period: Vec<String>,
    #[arg(long)]
    pub json: bool,
}

/// The plan for reading commands: a file that fails validation is named on stderr and the
/// rest of the plan is still shown; only an unusable plan.ron or units.ron stops the command.
pub(super) fn load(ctx: &Context) -> Result<(Store, Plan), Failure> {
    load_with(ctx, |store| store.load(Reports::All))
}

/// [`load`], with the plan (or the part of it a command needs) from `read`.
fn load_with(
    ctx: &Context,
    read: impl FnOnce(&Store) -> (Option<Plan>, Vec<store::Problem>),
) -> Result<(Store, Plan), Failure> {
    let store = ctx.open()?;
    let (plan, problems) = read(&store);
    let Some(plan) = plan else {
        return Err(store::Error::Invalid(problems).into());
    };
    if !problems.is_empty() {
        let mut files: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        files.dedup();
        eprintln!(
            "{}",
            printable(&match ctx.lang {
                Lang::Zh => format!(
                    "警告：{} 个文件未通过检查，其内容未显示或可能不完整（用 taskforce check 查看）：{}",
                    files.len(),
                    files.join("、")
                ),
                Lang::En => format!(
                    "warning: {} file(s) fail check and are left out or may be incomplete (see taskforce check): {}",
                    files.len(),
                    files.join(", ")
                ),
            })
        );
        for p in &problems {
            eprintln!("  {}", printable(&p.words(ctx.lang)));
        }
    }
    Ok((store, plan))
}

pub fn check(ctx: &Context, json: bool, dir: Option<PathBuf>) -> CliResult {
    let (problems, style) = match dir {
        Some(dir) => {
            let (_, problems, style) = store::load_with_style(&DirSource::new(&dir), Reports::All);
            (problems, style)
        }
        None => ctx.open()?.check_worktree(),
    };
    if !json {
        for p in &style {
            eprintln!("{}", printable(&p.words(ctx.lang)));
        }
    }
    if json {
        let list: Vec<CheckProblem> = problems.iter().map(CheckProblem::from).collect();
        out_json(&list)?;
    } else {
        for p in &problems {
            eprintln!("{}", printable(&p.words(ctx.lang)));
        }
    }
    if problems.is_empty() {
        if !json {
            eprintln!(
                "{}",
                ctx.lang.pick(
                    "检查通过：计划数据有效。",
                    "check passed: the plan is valid."
                )
            );
        }
        Ok(())
    } else {
        Err(Failure::said(
            format!("发现 {} 处问题", problems.len()),
            format!("{} problem(s) found", problems.len()),
        ))
    }
}

fn parse_or<T>(
    what: &str,
    text: &Option<String>,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Option<T>, Failure> {
    match text {
        None => Ok(None),
        Some(t) => parse(t).map(Some).ok_or_else(|| {
            Failure::said(
                format!("{what} “{t}”：无法识别"),
                format!("unknown {what} {t:?}"),
            )
        }),
    }
}

/// Whether the measure passes the list filters.
struct Filter {
    action: Option<String>,
    owner: Option<String>,
    light: Option<Light>,
    status: Option<Status>,
    overdue: bool,
    not_reported: Option<Option<Cycle>>,
}

impl Filter {
    fn new(args: &ListArgs) -> Result<Filter, Failure> {
        let cycle = parse_or("--cycle", &args.cycle, Cycle::parse)?;
        Ok(Filter {
            action: args.action.clone(),
            owner: args.owner.clone(),
            light: parse_or("--light", &args.light, Light::parse)?,
            status: parse_or("--status", &args.status, Status::parse)?,
            overdue: args.overdue,
            not_reported: args.not_reported.then_some(cycle),
        })
    }

    /// Whether a filter on measures is active (then actions without a match are left out).
    fn selects_measures(&self) -> bool {
        self.owner.is_some()
            || self.light.is_some()
            || self.status.is_some()
            || self.overdue
            || self.not_reported.is_some()
    }

    /// Whether `m` passes, given its light and whether it reported for its own cadence's
    /// current period (computed once per measure by `list`).
    fn keeps(&self, plan: &Plan, m: &Measure, light: Light, reported: bool, ctx: &Context) -> bool {
        if self
            .action
            .as_deref()
            .is_some_and(|a| m.action.as_str() != a)
        {
            return false;
        }
        if let Some(o) = &self.owner
            && m.owner.as_deref() != Some(o.as_str())
            && m.lead_unit != *o
        {
            return false;
        }
        if self.light.is_some_and(|l| light != l) {
            return false;
        }
        if self.status.is_some_and(|s| m.status != s) {
            return false;
        }
        if self.overdue && (m.deadline >= ctx.today || m.status.is_done()) {
            return false;
        }
        if let Some(cycle) = self.not_reported {
            let done = match cycle {
                Some(c) if c != m.cadence => plan.reported(&m.id, c, ctx.today),
                _ => reported,
            };
            if done {
                return false;
            }
        }
        true
    }
}

/// One measure of `list` as assessed once: its light (and reasons) and whether it reported
/// for the current period of its cadence.
struct Assessed<'a> {
    measure: &'a Measure,
    assessment: Assessment,
    reported: bool,
}

pub fn list(ctx: &Context, args: &ListArgs) -> CliResult {
    let (_, plan) = load(ctx)?;
    if let Some(a) = &args.action
        && !plan.actions.iter().any(|x| x.id.as_str() == a)
    {
        return Err(Failure::said(
            format!("没有任务“{a}”（A1 至 A{}）", plan.actions.len()),
            format!("no action {a:?} (A1 to A{})", plan.actions.len()),
        ));
    }
    let filter = Filter::new(args)?;
    let lang = ctx.lang;
    let meetings = plan.meeting_days();
    let mut json_rows = Vec::new();
    let mut rows = Vec::new();
    let mut any_assumed = false;
    for action in &plan.actions {
        if filter
            .action
            .as_deref()
            .is_some_and(|a| action.id.as_str() != a)
        {
            continue;
        }
        // Every measure of the action is assessed once: the counts need them all.
        let all: Vec<Assessed> = plan
            .measures_of(&action.id)
            .map(|m| {
                let reports = plan.reports_of(&m.id);
                // As `Plan::reported`, from the reports already looked up.
                let period = m.cadence.period_of(ctx.today);
                Assessed {
                    measure: m,
                    assessment: assess(m, &reports, &meetings, ctx.today),
                    reported: reports.iter().any(|r| r.period == period),
                }
            })
            .collect();
        let kept: Vec<&Assessed> = all
            .iter()
            .filter(|x| filter.keeps(&plan, x.measure, x.assessment.light, x.reported, ctx))
            .collect();
        if kept.is_empty() && filter.selects_measures() {
            continue;
        }
        let mut counts = LightCounts::default();
        for x in &all {
            match x.assessment.light {
                Light::Green => counts.green += 1,
                Light::Blue => counts.blue += 1,
                Light::Unreported => counts.unreported += 1,
                Light::Yellow => counts.yellow += 1,
                Light::Red => counts.red += 1,
            }
        }
        if args.json {
            let unreported = all.iter().filter(|x| !x.reported).count();
            json_rows.push(ListRow::Action(ActionRow::new(
                action,
                Counts::new(&counts, Some(unreported)),
            )));
            for x in kept {
                json_rows.push(ListRow::Measure(MeasureRow::assessed(
                    x.measure,
                    &x.assessment,
                    x.reported,
                    ctx.today,
                )));
            }
            continue;
        }
        let summary = match lang {
            Lang::Zh => format!(
                "绿{} 蓝{} 黄{} 红{} 未报{}",
                counts.green, counts.blue, counts.yellow, counts.red, counts.unreported
            ),
            Lang::En => format!(
                "G{} B{} Y{} R{} unreported {}",
                counts.green, counts.blue, counts.yellow, counts.red, counts.unreported
            ),
        };
        rows.push(vec![
            action.id.to_string(),
            action.title.clone(),
            action.lead_unit.clone(),
            summary,
        ]);
        for x in kept {
            let m = x.measure;
            // `*` marks a default the plan does not give (legend below the table).
            let star = |f: Assumed| if m.is_assumed(f) { "*" } else { " " };
            any_assumed |= !m.assumed.is_empty();
            rows.push(vec![
                format!("  {}", m.id),
                format!(
                    "{} {}{}",
                    x.assessment.light.label(lang),
                    m.status.label(lang),
                    star(Assumed::Status)
                ),
                m.lead_unit.clone(),
                format!("{}{} {}", m.deadline, star(Assumed::Deadline), m.title),
            ]);
        }
    }
    if args.json {
        write_json(&json_rows)
    } else {
        let mut text = render(&rows);
        if any_assumed {
            text.push_str(lang.pick(
                "* 默认值：方案未载明，待专班确认（show 查看全部默认项）\n",
                "* default: not given by the plan, to be confirmed by the taskforce (show lists every default)\n",
            ));
        }
        out(&text)
    }
}

/// Prints a value as JSON on stdout (the bytes of `out_json`), serialized straight into one
/// buffered writer: a large list is not built as a string first.
fn write_json<T: serde::Serialize + ?Sized>(value: &T) -> CliResult {
    use std::io::Write as _;
    let broken = |kind: Option<std::io::ErrorKind>| kind == Some(std::io::ErrorKind::BrokenPipe);
    let stdout = std::io::stdout().lock();
    let mut w = std::io::BufWriter::with_capacity(1 << 16, stdout);
    if let Err(e) = serde_json::to_writer_pretty(&mut w, value) {
        if broken(e.io_error_kind()) {
            std::process::exit(0);
        }
        return Err(Failure {
            code: 1,
            message: e.to_string(),
        });
    }
    match w.write_all(b"\n").and_then(|()| w.flush()) {
        Err(e) if broken(Some(e.kind())) => std::process::exit(0),
        other => Ok(other?),
    }
}

pub fn show(ctx: &Context, args: &ShowArgs) -> CliResult {
    let id = Id::parse(&args.id).map_err(|e| Failure::id(&args.id, &e))?;
    let (store, plan) = load_with(ctx, |store| store.load_item(&id))?;
    if let Some(m) = plan.measure(&id) {
        let mut periods: Vec<crate::model::Period> =
            Cycle::ALL.iter().map(|c| c.period_of(ctx.today)).collect();
        for p in &args.period {
            let p = crate::model::Period::parse(p).map_err(|_| Failure::period("--period", p))?;
            if !periods.contains(&p) {
                periods.push(p);
            }
        }
        // The latest report too, when it is for an earlier period (a 周报 of last week).
        if let Some(latest) = crate::meeting::minutes::latest_report(&plan, &id)
            && !periods.contains(&latest.period)
        {
            periods.push(latest.period);
        }
        let mut reports = Vec::new();
        for p in &periods {
            let r = match plan.report(&id, *p) {
                Some(r) => Some(r.clone()),
                // A report file that cannot be read is named, and the rest is shown.
                None => match super::report::read_report(&store, &id, *p) {
                    Ok(r) => r,
                    Err(e) => {
                        eprintln!("{}", printable(&e.message));
                        None
                    }
                },
            };
            reports.push((*p, r));
        }
        return if args.json {
            out_json(&MeasureDetail {
                row: MeasureRow::new(&plan, m, ctx),
                source_text: &m.source_text,
                requirement: m.requirement.as_deref(),
                indicators: &m.indicators,
                milestones: &m.milestones,
                reports: reports
                    .iter()
                    .map(|(p, r)| PeriodReport::new(*p, r.as_ref()))
                    .collect(),
            })
        } else {
            out(&super::report::describe_measure(&plan, m, &reports, ctx))
        };
    }
    if let Some(a) = plan.action(&id) {
        let counts = plan.light_counts(plan.measures_of(&a.id), ctx.today);
        if args.json {
            return out_json(&ActionDetail::new(&plan, a, Counts::new(&counts, None)));
        }
        let mut text = format!(
            "{} {}\n{}: {}{}\n\n{}\n",
            a.id,
            a.title,
            ctx.lang.pick("牵头单位", "lead unit"),
            a.lead_unit,
            if a.lead_source.is_inferred() {
                ctx.lang.pick("（推定）", " (inferred)")
            } else {
                ""
            },
            a.text
        );
        for m in plan.measures_of(&a.id) {
            text.push_str(&format!(
                "  {} {} {}\n",
                m.id,
                plan.assess(m, ctx.today).light.label(ctx.lang),
                m.title
            ));
        }
        return out(&printable_block(&text));
    }
    if let Some(i) = plan.indicator(&id) {
        use super::show_indicator;
        return if args.json {
            out_json(&show_indicator::json(&store, &plan, i, ctx))
        } else {
            let row = render(&indicator_rows(std::slice::from_ref(i), &plan, ctx.lang));
            out(&(row + &show_indicator::text(&store, &plan, i, ctx)))
        };
    }
    Err(Failure::said(
        format!("没有编号为 {id} 的任务、举措或指标"),
        format!("no action, measure or indicator with id {id}"),
    ))
}

/// Keeps newlines, replaces every other control character.
pub(super) fn printable_block(text: &str) -> String {
    text.split('\n')
        .map(printable)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The indicator table as printed, with the year the plan has no column for (2026) between
/// 2025 and 2027: the taskforce's target or the 建议值, marked as such; an assigned figure
/// follows a 完成下达指标 cell.
fn indicator_rows(list: &[Indicator], plan: &Plan, lang: Lang) -> Vec<Vec<String>> {
    use crate::meeting::{TargetSource, year_target};
    let mut rows = vec![
        match lang {
            Lang::Zh => [
                "编号",
                "指标名称",
                "全省2024",
                "温州2024",
                "2025目标",
                "2026目标",
                "2027目标",
                "牵头单位",
            ],
            Lang::En => [
                "id",
                "indicator",
                "prov 2024",
                "city 2024",
                "2025 target",
                "2026 target",
                "2027 target",
                "lead unit",
            ],
        }
        .iter()
        .map(|s| s.to_string())
        .collect(),
    ];
    let year = |i: &Indicator, y: i32, printed: Option<&Printed>| -> String {
        match (printed, year_target(i, y, &plan.targets)) {
            (Some(p), Some((t, TargetSource::Assigned))) => {
                format!("{}（{}）", p.text, t.text)
            }
            (Some(p), _) => p.text.clone(),
            (None, Some((t, source))) => format!("{}{}", t.text, source.marker(lang)),
            (None, None) => "—".into(),
        }
    };
    for i in list {
        rows.push(vec![
            i.id.to_string(),
            i.printed_name.clone(),
            i.province_2024.text.clone(),
            i.city_2024.text.clone(),
            year(i, 2025, Some(&i.target_2025)),
            year(i, 2026, None),
            year(i, 2027, Some(&i.target_2027)),
            i.lead_unit.clone(),
        ]);
    }
    rows
}

pub fn indicators(ctx: &Context, json: bool) -> CliResult {
    let (_, plan) = load(ctx)?;
    if json {
        let list: Vec<IndicatorJson> = plan
            .indicators
            .iter()
            .map(|i| IndicatorJson::new(i, &plan))
            .collect();
        out_json(&list)
    } else {
        out(&render(&indicator_rows(&plan.indicators, &plan, ctx.lang)))
    }
}

pub fn fmt(ctx: &Context, dir: Option<PathBuf>, check: bool) -> CliResult {
    let root = match dir {
        Some(d) => d,
        None => ctx.open()?.root().to_path_buf(),
    };
    let source = DirSource::new(&root);
    let (plan, problems) = store::load(&source, Reports::All);
    let Some(plan) = plan.filter(|_| problems.is_empty()) else {
        return Err(store::Error::Invalid(problems).into());
    };
    let files = canonical_files(&plan).map_err(|e| Failure {
        code: 1,
        message: e.to_string(),
    })?;
    let mut changed = 0;
    for (path, text) in files {
        let full = root.join(&path);
        let current = std::fs::read(&full)?;
        if current != text.as_bytes() {
            changed += 1;
            if check {
                eprintln!("{path}: not in canonical form");
            } else {
                std::fs::write(&full, text)?;
                eprintln!("{path}: rewritten");
            }
        }
    }
    if check && changed > 0 {
        return Err(Failure::said(
            format!("{changed} 个文件不是规范格式"),
            format!("{changed} file(s) not in canonical form"),
        ));
    }
    Ok(())
}
