//! The office's paperwork on the command line: export ledger, import, remind, report brief.

use std::path::{Path, PathBuf};

use super::write::{author, report_outcome};
use super::{CliResult, Context, Failure};
use crate::model::{Cycle, Lang, Period, meeting_kind_label};
use crate::office::import::{self, ImportPreview};
use crate::office::ledger::Ledger;
use crate::store::Store;

#[derive(Debug, clap::Subcommand)]
pub enum ExportAction {
    /// The 督办台账: one sheet per lead unit (.xlsx) or a table (.docx). With --cycle or
    /// --period it has columns for the units to fill in and return (`taskforce import`).
    Ledger {
        /// weekly, monthly or quarterly: the current period of that cycle.
        #[arg(long)]
        cycle: Option<String>,
        /// The period to fill in (2026-W48, 2026-11, 2026-Q4).
        #[arg(long)]
        period: Option<String>,
        /// Only this lead unit.
        #[arg(long)]
        unit: Option<String>,
        /// FILE.xlsx or FILE.docx.
        #[arg(short, long)]
        output: PathBuf,
    },
}

/// The period of `--cycle` / `--period`, or none.
pub(super) fn period_of(
    ctx: &Context,
    cycle: Option<&str>,
    period: Option<&str>,
) -> Result<Option<Period>, Failure> {
    let period = period
        .map(|p| Period::parse(p).map_err(|_| Failure::period("--period", p)))
        .transpose()?;
    let cycle = cycle
        .map(|c| {
            Cycle::parse(c).ok_or_else(|| {
                Failure::usage(match ctx.lang {
                    Lang::Zh => format!("--cycle {c}：应为 weekly、monthly 或 quarterly"),
                    Lang::En => format!("--cycle {c}: expected weekly, monthly or quarterly"),
                })
            })
        })
        .transpose()?;
    match (cycle, period) {
        (Some(c), Some(p)) if p.cycle() != c => Err(Failure::usage(match ctx.lang {
            Lang::Zh => format!("--period {p} 不是 --cycle {} 的期次", c.key()),
            Lang::En => format!("--period {p} is not a period of --cycle {}", c.key()),
        })),
        (_, Some(p)) => Ok(Some(p)),
        (Some(c), None) => Ok(Some(c.period_of(ctx.today))),
        (None, None) => Ok(None),
    }
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

pub(super) fn write_file(path: &Path, bytes: &[u8]) -> CliResult {
    // A bare file name is in the current folder (its parent is the empty path).
    let full = if path.is_relative() {
        std::env::current_dir()?.join(path)
    } else {
        path.to_path_buf()
    };
    crate::store::write_atomic(&full, bytes)?;
    eprintln!("{}", path.display());
    Ok(())
}

pub fn export(ctx: &Context, action: &ExportAction) -> CliResult {
    let ExportAction::Ledger {
        cycle,
        period,
        unit,
        output,
    } = action;
    let period = period_of(ctx, cycle.as_deref(), period.as_deref())?;
    let store = ctx.open()?;
    let plan = store.plan_for_report(ctx.today)?;
    if let Some(u) = unit
        && !plan.measures.iter().any(|m| &m.lead_unit == u)
    {
        return Err(Failure::usage(match ctx.lang {
            Lang::Zh => format!("--unit {u}：没有由该单位牵头的举措"),
            Lang::En => format!("--unit {u}: no measure is led by this unit"),
        }));
    }
    let ledger = Ledger::build(&plan, period, unit.as_deref(), ctx.today);
    let bytes = match extension(output).as_str() {
        "xlsx" => {
            let sums =
                |id: &crate::model::Id| import::checksum(&store, id, period).unwrap_or_default();
            crate::office::ledger_xlsx::write(&ledger, &sums, ctx.lang).map_err(|e| Failure {
                code: 1,
                message: e,
            })?
        }
        "docx" => crate::office::docx::ledger(&ledger, ctx.lang),
        other => {
            return Err(Failure::usage(match ctx.lang {
                Lang::Zh => format!(
                    "-o {}：扩展名应为 .xlsx 或 .docx（不是“{other}”）",
                    output.display()
                ),
                Lang::En => format!(
                    "-o {}: the name must end in .xlsx or .docx",
                    output.display()
                ),
            }));
        }
    };
    write_file(output, &bytes)
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Returned ledger workbooks (.xlsx), each committed as one change.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Show what would be committed; commit nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Apply rows whose measure changed since the export (listed first without --yes).
    #[arg(long)]
    pub yes: bool,
    #[arg(long)]
    pub author: Option<String>,
}

/// The message lines of one file's preview.
pub fn preview_lines(p: &ImportPreview, lang: Lang) -> Vec<String> {
    let mut lines = Vec::new();
    for (id, place, summary) in &p.changes {
        let mark = if p.conflicts.iter().any(|(c, _)| c == id) {
            lang.pick("  ！", "  ! ")
        } else {
            "    "
        };
        lines.push(format!("{mark}{summary}  [{place}]"));
    }
    lines
}

pub fn import(ctx: &Context, args: &ImportArgs) -> CliResult {
    let store: Store = ctx.open()?;
    let lang = ctx.lang;
    let plan = store.plan_for_report(ctx.today)?;
    let who = author(&store, args.author.as_deref())?;
    let mut failed = 0;
    for path in &args.files {
        let returned = import::read(path, &plan, lang);
        if !returned.problems.is_empty() {
            for p in &returned.problems {
                eprintln!("{p}");
            }
            eprintln!(
                "{}",
                match lang {
                    Lang::Zh => format!(
                        "{}：{}处问题，本文件未提交任何内容。",
                        returned.file,
                        returned.problems.len()
                    ),
                    Lang::En => format!(
                        "{}: {} problem(s); nothing from this file was committed.",
                        returned.file,
                        returned.problems.len()
                    ),
                }
            );
            failed += 1;
            continue;
        }
        let Some(period) = returned.period else {
            continue;
        };
        let preview = import::preview(&store, &returned, &who, ctx.today)?;
        let head = match lang {
            Lang::Zh => format!(
                "{}：{} {period}，{}项有变化，{}项与已报送一致",
                returned.file,
                meeting_kind_label(period.cycle(), lang),
                preview.changes.len(),
                preview.unchanged
            ),
            Lang::En => format!(
                "{}: {} {period}, {} change(s), {} already recorded",
                returned.file,
                meeting_kind_label(period.cycle(), lang),
                preview.changes.len(),
                preview.unchanged
            ),
        };
        eprintln!("{head}");
        for line in preview_lines(&preview, lang) {
            eprintln!("{}", super::table::printable(&line));
        }
        if preview.changes.is_empty() {
            eprintln!(
                "{}",
                lang.pick("没有变化，未提交。", "nothing changed; no commit made.")
            );
            continue;
        }
        if !preview.conflicts.is_empty() && !args.yes {
            let ids: Vec<String> = preview
                .conflicts
                .iter()
                .map(|(i, _)| i.to_string())
                .collect();
            eprintln!(
                "{}",
                match lang {
                    Lang::Zh => format!(
                        "！标记的{}项（{}）在导出后已被修改：请核对后加 --yes 确认导入；本文件未提交。",
                        ids.len(),
                        ids.join("、")
                    ),
                    Lang::En => format!(
                        "the {} row(s) marked ! ({}) changed since the export: check them and pass --yes; nothing from this file was committed.",
                        ids.len(),
                        ids.join(", ")
                    ),
                }
            );
            failed += 1;
            continue;
        }
        if args.dry_run {
            eprintln!(
                "{}",
                lang.pick("（试运行，未提交）", "(dry run: nothing committed)")
            );
            continue;
        }
        let outcome = import::commit(&store, &returned, preview.changes.len(), &who, ctx.today)?;
        report_outcome(ctx, &outcome)?;
    }
    if failed > 0 {
        return Err(Failure::usage(match lang {
            Lang::Zh => format!("{failed}个文件未导入"),
            Lang::En => format!("{failed} file(s) not imported"),
        }));
    }
    Ok(())
}

#[derive(Debug, clap::Args)]
pub struct RemindArgs {
    /// weekly (default), monthly or quarterly.
    #[arg(long)]
    pub cycle: Option<String>,
    /// The period to chase (default: the current period of the cycle).
    #[arg(long)]
    pub period: Option<String>,
    /// Only this lead unit.
    #[arg(long)]
    pub unit: Option<String>,
    /// The day units must report by (default: the next working day).
    #[arg(long)]
    pub by: Option<String>,
    /// Print the 催办通知 of each unit instead of the list.
    #[arg(long)]
    pub notice: bool,
    /// Write the 催办通知 of each unit to FILE.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    #[arg(long)]
    pub json: bool,
}

pub fn remind(ctx: &Context, args: &RemindArgs) -> CliResult {
    use crate::office::remind;
    let lang = ctx.lang;
    let period = period_of(
        ctx,
        args.cycle.as_deref().or(Some("weekly")),
        args.period.as_deref(),
    )?
    .unwrap_or_else(|| Cycle::Weekly.period_of(ctx.today));
    let by = match &args.by {
        Some(d) => d.parse().map_err(|_| {
            Failure::usage(match lang {
                Lang::Zh => format!("--by {d}：不是日期（YYYY-MM-DD）"),
                Lang::En => format!("--by {d:?}: not a date (YYYY-MM-DD)"),
            })
        })?,
        None => remind::next_working_day(ctx.today),
    };
    let store = ctx.open()?;
    let plan = store.plan_for_report(ctx.today)?;
    let mut list = remind::build(&plan, period, ctx.today);
    if let Some(u) = &args.unit {
        list.retain(|x| &x.unit == u);
    }
    let notices: Vec<String> = list
        .iter()
        .map(|u| remind::notice(&plan, u, period, ctx.today, by, lang))
        .collect();
    if let Some(path) = &args.output {
        write_file(path, notices.join("\n\n").as_bytes())?;
        if !args.json && !args.notice {
            return Ok(());
        }
    }
    if args.json {
        return super::out_json(&remind::to_json(&plan, &list, period, ctx.today, by, lang));
    }
    if args.notice {
        return super::out(&notices.join("\n\n"));
    }
    let total: usize = list.iter().map(|u| u.entries.len()).sum();
    let mut t = match lang {
        Lang::Zh => format!(
            "催办 {} {period}（截至{}）：{}个单位，{total}项\n",
            meeting_kind_label(period.cycle(), lang),
            crate::meeting::minutes::date_text(ctx.today, lang),
            list.len()
        ),
        Lang::En => format!(
            "to chase for the {} {period} (as of {}): {} unit(s), {total} item(s)\n",
            meeting_kind_label(period.cycle(), lang),
            ctx.today,
            list.len()
        ),
    };
    if list.is_empty() {
        t.push_str(lang.pick(
            "全部已报送，无逾期事项。\n",
            "everything reported, nothing overdue.\n",
        ));
    }
    for u in &list {
        let contacts: Vec<String> = u
            .contacts
            .iter()
            .map(|c| remind::contact_text(c, lang))
            .collect();
        let contacts = if contacts.is_empty() {
            lang.pick("名册中无联系人", "no contact in the roster")
                .to_string()
        } else {
            contacts.join(lang.pick("；", "; "))
        };
        t.push_str(&match lang {
            Lang::Zh => format!("\n{}（{}项）  {contacts}\n", u.unit, u.entries.len()),
            Lang::En => format!("\n{} ({})  {contacts}\n", u.unit, u.entries.len()),
        });
        let rows: Vec<Vec<String>> = u
            .entries
            .iter()
            .map(|e| {
                vec![
                    format!("  {}", e.id),
                    super::table::printable(&e.title.replace('\n', " ")),
                    e.why_text(lang),
                ]
            })
            .collect();
        t.push_str(&super::table::render(&rows));
    }
    super::out(&t)
}
