//! Returns in: reads the filled unit sheets of an exported 督办台账 back into cycle reports.
//!
//! Every problem names the file, sheet and cell (`A3就业.xlsx!市人社局!M7: …`); a file with any
//! problem commits nothing. A row whose measure or report changed since the export (its
//! checksum) is a conflict that the user must confirm.

use std::collections::HashMap;
use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};

use super::ledger_xlsx::{Col, HEADER_ROW, META_MARK, META_SHEET, columns, overview_name};
use super::reportable_lights;
use crate::model::{Id, Lang, Light, Period, Plan, Status};
use crate::store::{ReportEdit, Store, clean_text, layout};

/// One filled row of a returned sheet.
#[derive(Debug, Clone)]
pub struct ReturnRow {
    pub id: Id,
    /// The measure's lead unit: the unit that reports it.
    pub unit: String,
    pub sheet: String,
    /// 1-based spreadsheet row.
    pub row: u32,
    pub edit: ReportEdit,
}

/// A returned workbook, read and checked.
#[derive(Debug, Clone)]
pub struct Returned {
    /// The file name as given (for messages and the commit trailer).
    pub file: String,
    pub period: Option<Period>,
    pub rows: Vec<ReturnRow>,
    /// The checksum of each row's state when it was exported.
    pub exported: HashMap<Id, String>,
    /// Every problem, each naming file, sheet and cell.
    pub problems: Vec<String>,
}

impl Returned {
    /// The lead units of the returned rows, in order.
    pub fn units(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for r in &self.rows {
            if !out.contains(&r.unit) {
                out.push(r.unit.clone());
            }
        }
        out
    }
}

/// `A1`-style name of a 0-based cell.
pub fn cell_name(row: u32, col: u32) -> String {
    let mut letters = String::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.insert(0, (b'A' + rem as u8) as char);
        n = (n - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

fn text_of(d: Option<&Data>) -> String {
    match d {
        None | Some(Data::Empty) => String::new(),
        Some(Data::String(s)) => s.trim().to_string(),
        Some(Data::Float(f)) => {
            if f.fract() == 0.0 {
                format!("{}", *f as i64)
            } else {
                f.to_string()
            }
        }
        Some(Data::Int(i)) => i.to_string(),
        Some(Data::Bool(b)) => b.to_string(),
        Some(other) => other.to_string(),
    }
}

/// The checksum of a measure's exported state: its file and its report for `period` at HEAD.
pub fn checksum(store: &Store, id: &Id, period: Option<Period>) -> crate::store::Result<String> {
    let mut bytes = store.head_bytes(&layout::measure(id))?.unwrap_or_default();
    bytes.push(0);
    if let Some(p) = period {
        bytes.extend(
            store
                .head_bytes(&layout::report(id, p))?
                .unwrap_or_default(),
        );
    }
    let oid = git2::Oid::hash_object(git2::ObjectType::Blob, &bytes)?;
    Ok(oid.to_string()[..16].to_string())
}

fn parse_light(text: &str, lang: Lang) -> Result<Light, String> {
    let t = text.trim().trim_end_matches('灯');
    reportable_lights()
        .into_iter()
        .find(|l| l.label(Lang::Zh) == t || l.key().eq_ignore_ascii_case(t))
        .ok_or_else(|| {
            let allowed: Vec<&str> = reportable_lights()
                .into_iter()
                .map(|l| l.label(lang))
                .collect();
            match lang {
                Lang::Zh => format!("亮灯“{text}”不是{}之一", allowed.join("、")),
                Lang::En => format!("light {text:?} is not one of {}", allowed.join(", ")),
            }
        })
}

fn parse_percent(d: Option<&Data>, lang: Lang) -> Result<Option<u8>, String> {
    let value = match d {
        None | Some(Data::Empty) => return Ok(None),
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        Some(other) => {
            let t = text_of(Some(other));
            let t = t.trim().trim_end_matches(['%', '％']);
            if t.is_empty() {
                return Ok(None);
            }
            t.parse::<f64>().map_err(|_| match lang {
                Lang::Zh => format!("完成比例“{t}”不是数字"),
                Lang::En => format!("percent {t:?} is not a number"),
            })?
        }
    };
    if !(0.0..=100.0).contains(&value) {
        return Err(match lang {
            Lang::Zh => format!("完成比例 {} 超出0–100", text_of(d)),
            Lang::En => format!("percent {} is outside 0–100", text_of(d)),
        });
    }
    if value.fract() != 0.0 {
        return Err(match lang {
            Lang::Zh => format!("完成比例 {value} 须为整数"),
            Lang::En => format!("percent {value} must be a whole number"),
        });
    }
    Ok(Some(value as u8))
}

/// Reads a returned workbook; never fails: everything wrong is a problem of the result.
pub fn read(path: &Path, plan: &Plan, lang: Lang) -> Returned {
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let mut out = Returned {
        file: file.clone(),
        period: None,
        rows: Vec::new(),
        exported: HashMap::new(),
        problems: Vec::new(),
    };
    let mut wb = match open_workbook_auto(path) {
        Ok(wb) => wb,
        Err(e) => {
            out.problems.push(match lang {
                Lang::Zh => format!(
                    "{file}: 无法读取工作簿（{}）",
                    if path.exists() {
                        "不是有效的 .xlsx 工作簿"
                    } else {
                        "文件不存在"
                    }
                ),
                Lang::En => format!("{file}: cannot read the workbook: {e}"),
            });
            return out;
        }
    };
    let names = wb.sheet_names();
    let meta = names
        .iter()
        .any(|n| n == META_SHEET)
        .then(|| wb.worksheet_range(META_SHEET).ok())
        .flatten();
    let Some(meta) = meta.filter(|m| text_of(m.get_value((0, 0))) == META_MARK) else {
        out.problems.push(match lang {
            Lang::Zh => format!(
                "{file}: 不是taskforce导出的督办台账（缺少隐藏工作表{META_SHEET}），请用 taskforce export ledger 导出后填报"
            ),
            Lang::En => format!(
                "{file}: not a ledger exported by taskforce (no hidden sheet {META_SHEET}); fill in a sheet from `taskforce export ledger`"
            ),
        });
        return out;
    };
    let period_text = text_of(meta.get_value((2, 1)));
    match Period::parse(&period_text) {
        Ok(p) => out.period = Some(p),
        Err(_) => {
            out.problems.push(match lang {
                Lang::Zh => format!(
                    "{file}: 这是不含填报栏的全量台账（未指定期次），无可导入内容；请用 --cycle 或 --period 导出填报台账"
                ),
                Lang::En => format!(
                    "{file}: a whole-plan ledger without a period has nothing to import; export one with --cycle or --period"
                ),
            });
            return out;
        }
    }
    if let (Some((r0, _)), Some((r1, _))) = (meta.start(), meta.end()) {
        for r in r0.max(6)..=r1 {
            let id = text_of(meta.get_value((r, 0)));
            if let Ok(id) = Id::parse(&id) {
                out.exported.insert(id, text_of(meta.get_value((r, 1))));
            }
        }
    }
    let overview = [overview_name(Lang::Zh), overview_name(Lang::En)];
    let mut seen: HashMap<Id, String> = HashMap::new();
    for name in names
        .iter()
        .filter(|n| *n != META_SHEET && !overview.contains(&n.as_str()))
    {
        let Ok(range) = wb.worksheet_range(name) else {
            continue;
        };
        read_sheet(&file, name, &range, plan, lang, &mut out, &mut seen);
    }
    out
}

fn read_sheet(
    file: &str,
    sheet: &str,
    range: &calamine::Range<Data>,
    plan: &Plan,
    lang: Lang,
    out: &mut Returned,
    seen: &mut HashMap<Id, String>,
) {
    let Some((_, _)) = range.start() else {
        return;
    };
    let Some((last_row, last_col)) = range.end() else {
        return;
    };
    let at = |row: u32, col: u32| format!("{file}!{sheet}!{}", cell_name(row, col));
    // Columns by their header words (either language), so a moved column is still found.
    let mut found: HashMap<u32, Col> = HashMap::new();
    for c in 0..=last_col {
        let h = text_of(range.get_value((HEADER_ROW, c)));
        if let Some(col) = columns(true)
            .into_iter()
            .find(|col| col.header(Lang::Zh) == h || col.header(Lang::En) == h)
        {
            found.insert(c, col);
        }
    }
    let col_of = |want: Col| found.iter().find(|(_, c)| **c == want).map(|(i, _)| *i);
    let Some(id_col) = col_of(Col::Id) else {
        out.problems.push(match lang {
            Lang::Zh => format!("{}: 找不到表头“编号”，请勿修改表头", at(HEADER_ROW, 0)),
            Lang::En => format!(
                "{}: no \"Id\" header; do not edit the headers",
                at(HEADER_ROW, 0)
            ),
        });
        return;
    };
    let missing: Vec<&str> = Col::FILL
        .iter()
        .filter(|c| col_of(**c).is_none())
        .map(|c| c.header(lang))
        .collect();
    if !missing.is_empty() {
        out.problems.push(match lang {
            Lang::Zh => format!(
                "{file}!{sheet}: 缺少填报列：{}，请勿删除表头",
                missing.join("、")
            ),
            Lang::En => format!(
                "{file}!{sheet}: missing fill-in columns: {}",
                missing.join(", ")
            ),
        });
        return;
    }
    let fill = |c: Col| col_of(c).unwrap_or(0);
    for r in HEADER_ROW + 1..=last_row {
        let values: Vec<(Col, u32, Option<&Data>)> = Col::FILL
            .iter()
            .map(|c| (*c, fill(*c), range.get_value((r, fill(*c)))))
            .collect();
        if values.iter().all(|(_, _, d)| text_of(*d).is_empty()) {
            continue;
        }
        let id_text = text_of(range.get_value((r, id_col)));
        let id = match Id::parse(&id_text) {
            Ok(id) if plan.measure(&id).is_some() => id,
            _ => {
                out.problems.push(match lang {
                    Lang::Zh if id_text.is_empty() => {
                        format!("{}: 填报行缺少编号", at(r, id_col))
                    }
                    Lang::Zh => format!("{}: 编号“{id_text}”不是方案中的举措", at(r, id_col)),
                    Lang::En => format!(
                        "{}: {id_text:?} is not a measure of the plan",
                        at(r, id_col)
                    ),
                });
                continue;
            }
        };
        if let Some(first) = seen.insert(id.clone(), at(r, id_col)) {
            out.problems.push(match lang {
                Lang::Zh => format!("{}: {id} 重复填报（已见于 {first}）", at(r, id_col)),
                Lang::En => format!("{}: {id} is filled twice (also at {first})", at(r, id_col)),
            });
            continue;
        }
        let mut edit = ReportEdit::default();
        let mut ok = true;
        for (col, c, d) in values {
            let text = text_of(d);
            let mut problem = |msg: String| {
                out.problems.push(format!("{}: {msg}", at(r, c)));
                ok = false;
            };
            match col {
                Col::FillLight if !text.is_empty() => match parse_light(&text, lang) {
                    Ok(l) => edit.light = Some(l),
                    Err(e) => problem(e),
                },
                Col::FillStatus if !text.is_empty() => match Status::parse(&text) {
                    Some(Status::Closed) => problem(match lang {
                        Lang::Zh => "状态“已销号”须经专班审核销号，台账中请填“已完成待销号”".to_string(),
                        Lang::En => "status \"closed\" is the taskforce's decision; report \"done, awaiting close\"".to_string(),
                    }),
                    Some(s) => edit.status = Some(s),
                    None => {
                        let all: Vec<&str> = super::reportable_statuses()
                            .iter()
                            .map(|s| s.label(lang))
                            .collect();
                        problem(match lang {
                            Lang::Zh => format!("状态“{text}”不是{}之一", all.join("、")),
                            Lang::En => format!("status {text:?} is not one of {}", all.join(", ")),
                        })
                    }
                },
                Col::FillPercent => match parse_percent(d, lang) {
                    Ok(p) => edit.percent = p,
                    Err(e) => problem(e),
                },
                Col::FillProgress | Col::FillProblems | Col::FillNext | Col::FillAsks
                    if !text.is_empty() =>
                {
                    match clean_text(col.header(lang), &text) {
                        Ok(t) => {
                            let slot = match col {
                                Col::FillProgress => &mut edit.progress,
                                Col::FillProblems => &mut edit.problems,
                                Col::FillNext => &mut edit.next_steps,
                                _ => &mut edit.asks,
                            };
                            *slot = Some(t);
                        }
                        Err(_) => problem(match lang {
                            Lang::Zh => format!("{}含有控制字符", col.header(lang)),
                            Lang::En => {
                                format!("{} contains a control character", col.header(lang))
                            }
                        }),
                    }
                }
                _ => {}
            }
        }
        if ok {
            let unit = plan
                .measure(&id)
                .map(|m| m.lead_unit.clone())
                .unwrap_or_else(|| sheet.to_string());
            out.rows.push(ReturnRow {
                unit,
                id,
                sheet: sheet.to_string(),
                row: r + 1,
                edit,
            });
        }
    }
}

/// Commits the rows of a checked file as one commit: the units and the file name go into
/// `Unit:` and `Source-file:` trailers. Call it only for a file without problems whose
/// conflicts (if any) the user has confirmed.
pub fn commit(
    store: &Store,
    returned: &Returned,
    changes: usize,
    author: &crate::store::Identity,
    today: chrono::NaiveDate,
) -> crate::store::Result<crate::store::Outcome> {
    let Some(period) = returned.period else {
        return Ok(crate::store::Outcome::Unchanged);
    };
    let edits: Vec<(Id, ReportEdit)> = returned
        .rows
        .iter()
        .map(|r| (r.id.clone(), r.edit.clone()))
        .collect();
    let units = returned.units();
    let summary = format!(
        "导入台账 {} {period}：{} {changes}项（{}）",
        crate::model::meeting_kind_label(period.cycle(), Lang::Zh),
        units.join("、"),
        returned.file
    );
    let mut extra: Vec<(String, String)> = units
        .iter()
        .map(|u| ("Unit".to_string(), u.clone()))
        .collect();
    extra.push(("Source-file".into(), returned.file.clone()));
    store.set_reports(period, &edits, &summary, &extra, author, today)
}

/// What importing one file would do, after the store has seen the rows.
#[derive(Debug, Clone, Default)]
pub struct ImportPreview {
    /// Rows that change a report: id, sheet row, the commit summary of that report.
    pub changes: Vec<(Id, String, String)>,
    /// Rows whose item changed since the export: they need confirmation.
    pub conflicts: Vec<(Id, String)>,
    /// Rows already recorded exactly so.
    pub unchanged: usize,
}

/// Compares the rows with the repository: which would change a report, which conflict.
pub fn preview(
    store: &Store,
    returned: &Returned,
    author: &crate::store::Identity,
    today: chrono::NaiveDate,
) -> crate::store::Result<ImportPreview> {
    let Some(period) = returned.period else {
        return Ok(ImportPreview::default());
    };
    let edits: Vec<(Id, ReportEdit)> = returned
        .rows
        .iter()
        .map(|r| (r.id.clone(), r.edit.clone()))
        .collect();
    let mut plan = ImportPreview::default();
    for ((id, summary), row) in store
        .preview_reports(period, &edits, author, today)?
        .into_iter()
        .zip(&returned.rows)
    {
        let place = format!("{}!{}!A{}", returned.file, row.sheet, row.row);
        match summary {
            None => plan.unchanged += 1,
            Some(s) => {
                let now = checksum(store, &id, Some(period))?;
                if returned.exported.get(&id).is_some_and(|c| *c != now)
                    || !returned.exported.contains_key(&id)
                {
                    plan.conflicts.push((id.clone(), place.clone()));
                }
                plan.changes.push((id, place, s));
            }
        }
    }
    Ok(plan)
}
