//! The 督办台账 as an Excel workbook: an overview sheet, one sheet per lead unit, and a hidden
//! sheet with the period and a checksum of each row's exported state (read back by import).

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, ProtectionOptions, Workbook, Worksheet, XlsxError,
};

use super::ledger::{Ledger, LedgerRow, deadline_text, last_report_text, why_text};
use super::{light_word, person_text, reportable_lights};
use crate::model::{Id, Lang};

/// Name of the hidden sheet that identifies a ledger export.
pub const META_SHEET: &str = "_taskforce";
/// First cell of the hidden sheet.
pub const META_MARK: &str = "taskforce督办台账";
/// Name of the overview sheet.
pub fn overview_name(lang: Lang) -> &'static str {
    lang.pick("汇总", "Overview")
}

/// A column of a unit sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    Id,
    Title,
    Lead,
    Co,
    Owner,
    Liaison,
    Deadline,
    Light,
    Why,
    Last,
    // The columns a unit fills in for the period.
    FillLight,
    FillStatus,
    FillPercent,
    FillProgress,
    FillProblems,
    FillNext,
    FillAsks,
}

impl Col {
    /// The information columns, then the fill-in ones.
    pub const INFO: [Col; 10] = [
        Col::Id,
        Col::Title,
        Col::Lead,
        Col::Co,
        Col::Owner,
        Col::Liaison,
        Col::Deadline,
        Col::Light,
        Col::Why,
        Col::Last,
    ];
    pub const FILL: [Col; 7] = [
        Col::FillLight,
        Col::FillStatus,
        Col::FillPercent,
        Col::FillProgress,
        Col::FillProblems,
        Col::FillNext,
        Col::FillAsks,
    ];

    /// The column header; import finds columns by these words.
    pub fn header(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Col::Id => ("编号", "Id"),
            Col::Title => ("举措", "Measure"),
            Col::Lead => ("牵头单位", "Lead unit"),
            Col::Co => ("配合单位", "Co-units"),
            Col::Owner => ("责任人", "Owner"),
            Col::Liaison => ("联络员", "Liaison"),
            Col::Deadline => ("完成时限", "Deadline"),
            Col::Light => ("当前亮灯", "Light now"),
            Col::Why => ("亮灯原因", "Why"),
            Col::Last => ("最近报送", "Last report"),
            Col::FillLight => ("本期亮灯", "Light"),
            Col::FillStatus => ("状态", "Status"),
            Col::FillPercent => ("完成比例(%)", "Done (%)"),
            Col::FillProgress => ("进展情况", "Progress"),
            Col::FillProblems => ("存在问题", "Problems"),
            Col::FillNext => ("下一步工作", "Next steps"),
            Col::FillAsks => ("需协调事项", "Asks"),
        };
        lang.pick(zh, en)
    }

    /// Width in Excel character units (a Chinese character is about two).
    fn width(self) -> f64 {
        match self {
            Col::Id => 7.0,
            Col::Title => 24.0,
            Col::Lead => 10.0,
            Col::Co => 10.0,
            Col::Owner | Col::Liaison => 12.0,
            Col::Deadline => 10.0,
            Col::Light => 6.0,
            Col::Why => 16.0,
            Col::Last => 20.0,
            Col::FillLight => 6.0,
            Col::FillStatus => 9.0,
            Col::FillPercent => 7.0,
            Col::FillProgress | Col::FillProblems | Col::FillNext | Col::FillAsks => 18.0,
        }
    }
}

/// The columns of a unit sheet.
pub fn columns(with_fill: bool) -> Vec<Col> {
    let mut cols = Col::INFO.to_vec();
    if with_fill {
        cols.extend(Col::FILL);
    }
    cols
}

/// The rows of a sheet before the first measure: title, then headers.
pub const HEADER_ROW: u32 = 1;

fn xe(e: XlsxError) -> String {
    e.to_string()
}

/// Writes the workbook; `checksum` gives each row's checksum of its exported state.
pub fn write(
    ledger: &Ledger,
    checksum: &dyn Fn(&Id) -> String,
    lang: Lang,
) -> Result<Vec<u8>, String> {
    let mut wb = Workbook::new();
    // A fixed creation time keeps the same data giving the same bytes.
    let created = ExcelDateTime::from_ymd(
        chrono::Datelike::year(&ledger.today) as u16,
        chrono::Datelike::month(&ledger.today) as u8,
        chrono::Datelike::day(&ledger.today) as u8,
    )
    .map_err(xe)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(ledger.title(lang))
            .set_author(&ledger.plan.meta.taskforce)
            .set_creation_datetime(&created),
    );
    let base = Format::new()
        .set_font_name(lang.pick("宋体", "Calibri"))
        .set_font_size(10)
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let head = base
        .clone()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(Color::RGB(0xD9E1F2));
    let fill_head = head.clone().set_background_color(Color::RGB(0xFFF2CC));
    let title = Format::new()
        .set_font_name(lang.pick("黑体", "Calibri"))
        .set_font_size(14)
        .set_bold()
        .set_align(FormatAlign::Left)
        .set_align(FormatAlign::VerticalCenter);
    let fill = base.clone().set_unlocked();

    overview(&mut wb, ledger, lang, &title, &head, &base)?;
    let with_fill = ledger.period.is_some();
    let cols = columns(with_fill);
    for unit in &ledger.units {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(&unit.unit)).map_err(xe)?;
        page_setup(ws, HEADER_ROW)?;
        let last_col = (cols.len() - 1) as u16;
        let heading = format!("{} — {}", ledger.title(lang), unit.unit);
        ws.merge_range(0, 0, 0, last_col, &heading, &title)
            .map_err(xe)?;
        ws.set_row_height(0, 24).map_err(xe)?;
        for (c, col) in cols.iter().enumerate() {
            let f = if Col::FILL.contains(col) {
                &fill_head
            } else {
                &head
            };
            ws.write_string_with_format(HEADER_ROW, c as u16, col.header(lang), f)
                .map_err(xe)?;
            ws.set_column_width(c as u16, col.width()).map_err(xe)?;
        }
        ws.set_freeze_panes(HEADER_ROW + 1, 2).map_err(xe)?;
        ws.set_row_height(HEADER_ROW, 27).map_err(xe)?;
        for (i, row) in unit.rows.iter().enumerate() {
            let r = HEADER_ROW + 1 + i as u32;
            // Spreadsheets do not grow a row for wrapped text on their own: size it.
            let lines = cols
                .iter()
                .map(|col| lines_needed(&cell_text(ledger, row, *col, lang), col.width()))
                .max()
                .unwrap_or(1);
            ws.set_row_height(r, 13.5 * lines as f64).map_err(xe)?;
            for (c, col) in cols.iter().enumerate() {
                let c = c as u16;
                match col {
                    Col::FillPercent => match row.filed.and_then(|f| f.percent) {
                        Some(p) => ws.write_number_with_format(r, c, f64::from(p), &fill),
                        None => ws.write_blank(r, c, &fill),
                    },
                    _ => {
                        let text = cell_text(ledger, row, *col, lang);
                        let f = if Col::FILL.contains(col) {
                            &fill
                        } else {
                            &base
                        };
                        ws.write_string_with_format(r, c, &text, f)
                    }
                }
                .map_err(xe)?;
            }
        }
        if with_fill && !unit.rows.is_empty() {
            let first = HEADER_ROW + 1;
            let last = HEADER_ROW + unit.rows.len() as u32;
            let col_of = |c: Col| cols.iter().position(|x| *x == c).unwrap_or(0) as u16;
            let lights: Vec<String> = reportable_lights()
                .into_iter()
                .map(|l| l.label(lang).to_string())
                .collect();
            let v = DataValidation::new()
                .allow_list_strings(&lights)
                .map_err(xe)?
                .set_error_message(lang.pick("请从下拉列表选择亮灯", "pick a light from the list"))
                .map_err(xe)?;
            ws.add_data_validation(
                first,
                col_of(Col::FillLight),
                last,
                col_of(Col::FillLight),
                &v,
            )
            .map_err(xe)?;
            let statuses: Vec<&str> = super::reportable_statuses()
                .into_iter()
                .map(|s| s.label(lang))
                .collect();
            let v = DataValidation::new()
                .allow_list_strings(&statuses)
                .map_err(xe)?
                .set_error_message(lang.pick("请从下拉列表选择状态", "pick a status from the list"))
                .map_err(xe)?;
            ws.add_data_validation(
                first,
                col_of(Col::FillStatus),
                last,
                col_of(Col::FillStatus),
                &v,
            )
            .map_err(xe)?;
            let v = DataValidation::new()
                .allow_whole_number(DataValidationRule::Between(0, 100))
                .set_error_message(
                    lang.pick("完成比例为0到100的整数", "a whole number from 0 to 100"),
                )
                .map_err(xe)?;
            ws.add_data_validation(
                first,
                col_of(Col::FillPercent),
                last,
                col_of(Col::FillPercent),
                &v,
            )
            .map_err(xe)?;
        }
        // The id, title and other information columns are locked; the fill-in ones are not.
        ws.protect_with_options(&ProtectionOptions {
            format_columns: true,
            format_rows: true,
            ..ProtectionOptions::default()
        });
    }
    meta(&mut wb, ledger, checksum)?;
    wb.save_to_buffer().map_err(xe)
}

fn page_setup(ws: &mut Worksheet, header_row: u32) -> Result<(), String> {
    ws.set_landscape();
    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, header_row).map_err(xe)?;
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    ws.set_footer("&C第 &P 页，共 &N 页");
    Ok(())
}

/// How many lines `text` takes in a column `width` characters wide (a CJK character is two).
fn lines_needed(text: &str, width: f64) -> usize {
    // A wide character is about 1.7 width units in a 10-point CJK font.
    let per_line = (width - 0.5).max(2.0);
    text.split('\n')
        .map(|line| {
            let w = unicode_width::UnicodeWidthStr::width(line) as f64 * 0.85;
            ((w / per_line).ceil() as usize).max(1)
        })
        .sum::<usize>()
        .clamp(1, 12)
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
pub fn sheet_name(unit: &str) -> String {
    unit.chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect()
}

fn cell_text(ledger: &Ledger, row: &LedgerRow, col: Col, lang: Lang) -> String {
    let m = row.measure;
    let plan = ledger.plan;
    let filed = row.filed;
    match col {
        Col::Id => m.id.to_string(),
        Col::Title => m.title.clone(),
        Col::Lead => m.lead_unit.clone(),
        Col::Co => m.co_units.join("、"),
        Col::Owner => person_text(plan, m.owner.as_deref(), lang),
        Col::Liaison => person_text(plan, m.liaison.as_deref(), lang),
        Col::Deadline => deadline_text(m),
        Col::Light => light_word(row.assessment.light, lang),
        Col::Why => why_text(row, lang),
        Col::Last => last_report_text(row.last, lang),
        Col::FillLight => filed
            .and_then(|f| f.light)
            .map(|l| l.label(lang).to_string())
            .unwrap_or_default(),
        Col::FillStatus => filed
            .and_then(|f| f.status)
            .map(|s| s.label(lang).to_string())
            .unwrap_or_default(),
        Col::FillPercent => filed
            .and_then(|f| f.percent)
            .map(|p| p.to_string())
            .unwrap_or_default(),
        Col::FillProgress => filed.map(|f| f.progress.clone()).unwrap_or_default(),
        Col::FillProblems => filed.map(|f| f.problems.clone()).unwrap_or_default(),
        Col::FillNext => filed.map(|f| f.next_steps.clone()).unwrap_or_default(),
        Col::FillAsks => filed.map(|f| f.asks.clone()).unwrap_or_default(),
    }
}

fn overview(
    wb: &mut Workbook,
    ledger: &Ledger,
    lang: Lang,
    title: &Format,
    head: &Format,
    base: &Format,
) -> Result<(), String> {
    let ws = wb.add_worksheet();
    ws.set_name(overview_name(lang)).map_err(xe)?;
    let lights = crate::model::Light::ALL;
    let mut header: Vec<String> = vec![
        lang.pick("牵头单位", "Lead unit").into(),
        lang.pick("举措数", "Measures").into(),
    ];
    header.extend(lights.iter().map(|l| light_word(*l, lang)));
    if let Some(p) = ledger.period {
        header.push(format!("{p}{}", lang.pick("已报", " reported")));
        header.push(format!("{p}{}", lang.pick("未报", " not reported")));
    }
    page_setup(ws, 1)?;
    ws.merge_range(
        0,
        0,
        0,
        (header.len() - 1) as u16,
        &ledger.title(lang),
        title,
    )
    .map_err(xe)?;
    ws.set_row_height(0, 24).map_err(xe)?;
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(1, c as u16, h, head)
            .map_err(xe)?;
        ws.set_column_width(c as u16, if c == 0 { 16.0 } else { 14.0 })
            .map_err(xe)?;
    }
    ws.set_freeze_panes(2, 1).map_err(xe)?;
    let mut r = 2;
    let mut line = |ws: &mut Worksheet, name: &str, rows: Vec<&LedgerRow>| -> Result<(), String> {
        ws.write_string_with_format(r, 0, name, base).map_err(xe)?;
        ws.write_number_with_format(r, 1, rows.len() as f64, base)
            .map_err(xe)?;
        let counts = Ledger::counts(rows.iter().copied());
        for (i, (_, n)) in counts.iter().enumerate() {
            ws.write_number_with_format(r, 2 + i as u16, *n as f64, base)
                .map_err(xe)?;
        }
        if ledger.period.is_some() {
            let filed = rows.iter().filter(|x| x.filed.is_some()).count();
            let c = 2 + counts.len() as u16;
            ws.write_number_with_format(r, c, filed as f64, base)
                .map_err(xe)?;
            ws.write_number_with_format(r, c + 1, (rows.len() - filed) as f64, base)
                .map_err(xe)?;
        }
        r += 1;
        Ok(())
    };
    for unit in &ledger.units {
        line(ws, &unit.unit, unit.rows.iter().collect())?;
    }
    line(ws, lang.pick("合计", "Total"), ledger.rows().collect())?;
    Ok(())
}

fn meta(
    wb: &mut Workbook,
    ledger: &Ledger,
    checksum: &dyn Fn(&Id) -> String,
) -> Result<(), String> {
    let ws = wb.add_worksheet();
    ws.set_name(META_SHEET).map_err(xe)?;
    ws.set_hidden(true);
    let pairs = [
        (META_MARK, "1".to_string()),
        (
            "cycle",
            ledger
                .period
                .map(|p| p.cycle().key().to_string())
                .unwrap_or_default(),
        ),
        (
            "period",
            ledger.period.map(|p| p.to_string()).unwrap_or_default(),
        ),
        ("exported", ledger.today.to_string()),
    ];
    for (r, (k, v)) in pairs.iter().enumerate() {
        ws.write_string(r as u32, 0, *k).map_err(xe)?;
        ws.write_string(r as u32, 1, v).map_err(xe)?;
    }
    ws.write_string(5, 0, "id").map_err(xe)?;
    ws.write_string(5, 1, "checksum").map_err(xe)?;
    for (i, row) in ledger.rows().enumerate() {
        let r = 6 + i as u32;
        ws.write_string(r, 0, row.measure.id.as_str()).map_err(xe)?;
        ws.write_string(r, 1, checksum(&row.measure.id))
            .map_err(xe)?;
    }
    ws.protect();
    Ok(())
}
