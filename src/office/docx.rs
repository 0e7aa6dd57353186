//! Word documents in the layout of official documents (GB/T 9704-2012 proportions): A4, margins
//! 37/35/28/26 mm, 22 lines of 28 characters, the title in 方正小标宋 二号, body in 仿宋 三号,
//! headings in 黑体 (一、) and 楷体 (（一）), page numbers `— 1 —` in 宋体 四号 outside the
//! text block (odd pages right, even pages left).
//!
//! The same input gives the same bytes: the zip entries carry the fixed DOS epoch, document
//! properties a fixed date, and paragraph ids restart for every document.

use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, HeightRule, LineSpacing, LineSpacingType, PageMargin,
    PageNum, PageOrientationType, Paragraph, Run, RunFonts, SpecialIndentType, Tab, TabValueType,
    Table, TableCell, TableLayoutType, TableRow, WidthType,
};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::ledger::{Ledger, deadline_text, last_report_text, why_text};
use super::{light_word, person_text};
use crate::model::Lang;

/// Fonts of an official document. Offices have these installed; elsewhere the reader
/// substitutes its own 宋/仿宋/黑/楷 faces.
pub const TITLE_FONT: &str = "方正小标宋简体";
pub const BODY_FONT: &str = "仿宋_GB2312";
pub const HEI_FONT: &str = "黑体";
pub const KAI_FONT: &str = "楷体_GB2312";
pub const SONG_FONT: &str = "宋体";
const LATIN_FONT: &str = "Times New Roman";

/// Sizes in half-points: 二号 22pt, 三号 16pt, 四号 14pt, 小四 12pt, 五号 10.5pt.
const ERHAO: usize = 44;
const SANHAO: usize = 32;
const SIHAO: usize = 28;
const XIAOSI: usize = 24;
const WUHAO: usize = 21;
/// 28.95 pt exactly (22 lines in the 225 mm text block), in twentieths of a point.
const LINE: i32 = 579;
/// One character of 三号 text, in twips.
const CHAR: i32 = 320;

fn mm(v: f64) -> i32 {
    (v * 1440.0 / 25.4).round() as i32
}

fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(east_asia)
        .ascii(LATIN_FONT)
        .hi_ansi(LATIN_FONT)
}

fn run(text: &str, font: &str, size: usize) -> Run {
    Run::new().add_text(text).fonts(fonts(font)).size(size)
}

fn exact(line: i32) -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(line)
        .before(0)
        .after(0)
}

/// A document being written.
pub struct Writer {
    docx: Docx,
    /// Width of the text block in twips (for tables).
    width: i32,
    /// Body and heading size (三号, or 四号 for a one-page brief) and the line pitch.
    size: usize,
    line: i32,
    title_size: usize,
}

/// How dense a document is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Density {
    /// GB/T 9704: 三号 body, 22 lines a page.
    Official,
    /// A one-page brief (简报): 四号 body, 28 lines a page, 小二 title.
    Brief,
}

/// `— 1 —` aligned to one side with one character's indent.
fn page_number_footer(align: AlignmentType) -> Footer {
    let dash = |t: &str| run(t, SONG_FONT, SIHAO);
    let indent = match align {
        AlignmentType::Right => Paragraph::new().indent(None, None, Some(CHAR), None),
        _ => Paragraph::new().indent(Some(CHAR), None, None, None),
    };
    Footer::new().add_paragraph(
        indent
            .align(align)
            .add_run(dash("— "))
            .add_page_num(PageNum::new())
            .add_run(dash(" —")),
    )
}

impl Writer {
    /// A new portrait (or landscape, for wide tables) A4 document.
    pub fn new(landscape: bool) -> Writer {
        Writer::with_density(landscape, Density::Official)
    }

    /// A new document set at `density`.
    pub fn with_density(landscape: bool, density: Density) -> Writer {
        // Paragraph ids come from a per-thread counter; `comments_json` is the public call
        // that restarts it, so every document numbers its paragraphs from 1.
        let _ = Docx::new().comments_json();
        let (w, h) = (11906u32, 16838u32);
        let margin = PageMargin::new()
            .top(mm(37.0))
            .bottom(mm(35.0))
            .left(mm(28.0))
            .right(mm(26.0))
            .header(mm(15.0))
            .footer(mm(28.0) - 283);
        let mut docx = Docx::new()
            .default_fonts(fonts(BODY_FONT))
            .default_size(SANHAO)
            .created_at("2026-01-01T00:00:00Z")
            .updated_at("2026-01-01T00:00:00Z")
            .footer(page_number_footer(AlignmentType::Right))
            .even_footer(page_number_footer(AlignmentType::Left));
        let width = if landscape {
            docx = docx
                .page_size(h, w)
                .page_orient(PageOrientationType::Landscape)
                .page_margin(
                    PageMargin::new()
                        .top(mm(26.0))
                        .bottom(mm(24.0))
                        .left(mm(30.0))
                        .right(mm(30.0))
                        .header(mm(12.0))
                        .footer(mm(12.0)),
                );
            h as i32 - 2 * mm(30.0)
        } else {
            docx = docx.page_size(w, h).page_margin(margin);
            w as i32 - mm(28.0) - mm(26.0)
        };
        let (size, line, title_size) = match density {
            Density::Official => (SANHAO, LINE, ERHAO),
            Density::Brief => (SIHAO, 454, 36),
        };
        Writer {
            docx: docx.default_size(size),
            width,
            size,
            line,
            title_size,
        }
    }

    /// One character of body text, in twips.
    fn char(&self) -> i32 {
        self.size as i32 * 10
    }

    fn add(&mut self, p: Paragraph) {
        let docx = std::mem::replace(&mut self.docx, Docx::new());
        self.docx = docx.add_paragraph(p);
    }

    /// The title: 方正小标宋 二号, centred, with a blank line after.
    pub fn title(&mut self, text: &str) {
        self.add(
            Paragraph::new()
                .align(AlignmentType::Center)
                .line_spacing(exact(self.line * 4 / 3))
                .add_run(run(text, TITLE_FONT, self.title_size)),
        );
    }

    /// A centred line in 仿宋 (the 期数 under the title, a 文号).
    pub fn centered(&mut self, text: &str) {
        self.add(
            Paragraph::new()
                .align(AlignmentType::Center)
                .line_spacing(exact(self.line))
                .add_run(run(text, BODY_FONT, self.size)),
        );
    }

    /// An empty line.
    pub fn blank(&mut self) {
        self.add(Paragraph::new().line_spacing(exact(self.line)));
    }

    /// A heading: level 1 in 黑体, level 2 in 楷体, deeper in bold 仿宋; indented two characters.
    pub fn heading(&mut self, level: usize, text: &str) {
        let r = match level {
            1 => run(text, HEI_FONT, self.size),
            2 => run(text, KAI_FONT, self.size),
            _ => run(text, BODY_FONT, self.size).bold(),
        };
        self.add(
            Paragraph::new()
                .indent(
                    None,
                    Some(SpecialIndentType::FirstLine(2 * self.char())),
                    None,
                    None,
                )
                .line_spacing(exact(self.line))
                .keep_next(true)
                .add_run(r),
        );
    }

    /// A body paragraph: 仿宋 三号, first line indented two characters.
    pub fn para(&mut self, text: &str) {
        self.add(
            Paragraph::new()
                .indent(
                    None,
                    Some(SpecialIndentType::FirstLine(2 * self.char())),
                    None,
                    None,
                )
                .line_spacing(exact(self.line))
                .add_run(run(text, BODY_FONT, self.size)),
        );
    }

    /// A line flush right (the issuing office and date), `chars` characters from the margin.
    pub fn right(&mut self, text: &str, chars: i32) {
        self.add(
            Paragraph::new()
                .align(AlignmentType::Right)
                .indent(None, None, Some(chars * self.char()), None)
                .line_spacing(exact(self.line))
                .add_run(run(text, BODY_FONT, self.size)),
        );
    }

    /// A 分送 / 抄送 line: 仿宋 四号, indented one character, hanging after the label.
    pub fn distribution(&mut self, text: &str) {
        self.add(
            Paragraph::new()
                .indent(Some(CHAR), None, Some(CHAR), None)
                .line_spacing(exact(self.line))
                .add_run(run(text, BODY_FONT, SIHAO)),
        );
    }

    /// The closing line of the 版记: the issuing office flush left, the date flush right.
    pub fn colophon(&mut self, left: &str, right: &str) {
        let stop = (self.width - 2 * CHAR) as usize;
        self.add(
            Paragraph::new()
                .indent(Some(CHAR), None, Some(CHAR), None)
                .add_tab(Tab::new().val(TabValueType::Right).pos(stop))
                .line_spacing(exact(LINE))
                // 小四: a long office name and the date fit on one line.
                .add_run(run(left, BODY_FONT, XIAOSI))
                .add_run(Run::new().add_tab())
                .add_run(run(right, BODY_FONT, XIAOSI)),
        );
    }

    /// A table in 五号: bold 黑体 header row, column widths in proportion to `weights`.
    pub fn table(&mut self, header: &[String], rows: &[Vec<String>], weights: &[u32]) {
        let n = header.len().max(1);
        let weights: Vec<u32> = if weights.len() == n {
            weights.to_vec()
        } else {
            vec![1; n]
        };
        let total: u32 = weights.iter().sum::<u32>().max(1);
        let grid: Vec<usize> = weights
            .iter()
            .map(|w| (self.width as u32 * w / total) as usize)
            .collect();
        let cell = |text: &str, head: bool, w: usize| {
            let r = if head {
                run(text, HEI_FONT, WUHAO)
            } else {
                run(text, BODY_FONT, WUHAO)
            };
            let p = Paragraph::new()
                .line_spacing(
                    LineSpacing::new()
                        .line_rule(LineSpacingType::Auto)
                        .line(240)
                        .before(0)
                        .after(0),
                )
                .align(if head {
                    AlignmentType::Center
                } else {
                    AlignmentType::Left
                })
                // The header row stays on the page of the first body row.
                .keep_next(head)
                .add_run(r);
            TableCell::new().width(w, WidthType::Dxa).add_paragraph(p)
        };
        let mut table_rows = vec![
            TableRow::new(
                header
                    .iter()
                    .zip(&grid)
                    .map(|(h, w)| cell(h, true, *w))
                    .collect(),
            )
            .cant_split()
            .row_height(HEADER_MARK)
            .height_rule(HeightRule::AtLeast),
        ];
        for r in rows {
            table_rows.push(
                TableRow::new(
                    grid.iter()
                        .enumerate()
                        .map(|(i, w)| cell(r.get(i).map(String::as_str).unwrap_or(""), false, *w))
                        .collect(),
                )
                .cant_split(),
            );
        }
        let table = Table::new(table_rows)
            .set_grid(grid.clone())
            .layout(TableLayoutType::Fixed)
            .width(self.width as usize, WidthType::Dxa);
        let docx = std::mem::replace(&mut self.docx, Docx::new());
        self.docx = docx.add_table(table);
        // A table must not touch the next paragraph.
        self.add(
            Paragraph::new()
                .line_spacing(exact(LINE / 2))
                .add_run(Run::new().add_text("")),
        );
    }

    /// A page break.
    pub fn page_break(&mut self) {
        self.add(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)));
    }

    /// The finished document.
    pub fn finish(self) -> Vec<u8> {
        let mut buf = std::io::Cursor::new(Vec::new());
        // Packing into memory cannot fail short of running out of memory.
        if let Err(e) = self.docx.build().pack(&mut buf) {
            panic!("packing a document in memory failed: {e}");
        }
        let packed = buf.into_inner();
        repack(&packed).unwrap_or(packed)
    }
}

/// The row height that marks a table's header row (docx-rs cannot write `w:tblHeader`).
const HEADER_MARK: f32 = 1.0;
const HEADER_MARK_XML: &str = r#"<w:trHeight w:val="1" w:hRule="atLeast" />"#;

/// Repacks the document: every marked header row repeats at the top of each page
/// (`<w:tblHeader/>`), and the entries are compressed (docx-rs stores them) with the fixed
/// DOS-epoch time, so the bytes stay the same for the same input.
fn repack(packed: &[u8]) -> zip::result::ZipResult<Vec<u8>> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(packed))?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i)?;
        let name = entry.name().to_string();
        if entry.is_dir() {
            out.add_directory(name, options)?;
            continue;
        }
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes)?;
        if name == "word/document.xml" {
            let xml = String::from_utf8_lossy(&bytes).replace(HEADER_MARK_XML, "<w:tblHeader />");
            bytes = xml.into_bytes();
        }
        out.start_file(name, options)?;
        out.write_all(&bytes)?;
    }
    Ok(out.finish()?.into_inner())
}

/// Column weights of known tables, by their first two headers; others by their content.
fn weights_for(header: &[String], rows: &[Vec<String>]) -> Vec<u32> {
    let h: Vec<&str> = header.iter().map(String::as_str).collect();
    match h.as_slice() {
        ["编号", "事项", ..] if h.len() == 8 => vec![11, 22, 9, 10, 9, 6, 18, 8],
        ["编号", "事项", ..] if h.len() == 6 => vec![12, 30, 10, 12, 26, 10],
        ["行动", "举措", ..] => {
            let mut w = vec![34, 8];
            w.extend(std::iter::repeat_n(7, h.len() - 2));
            w
        }
        ["牵头单位", "举措", ..] => {
            let mut w = vec![18, 8];
            w.extend(std::iter::repeat_n(8, h.len() - 2));
            w
        }
        ["编号", "举措", ..] => {
            let mut w = vec![10, 26];
            w.extend(std::iter::repeat_n(
                64 / (h.len() as u32 - 2).max(1),
                h.len() - 2,
            ));
            w
        }
        ["序号", "指标", ..] if h.len() == 10 => vec![5, 20, 5, 8, 10, 10, 10, 10, 9, 15],
        _ => content_weights(header, rows),
    }
}

/// Weights from the widest cell of each column (a wide character counts two), between the
/// header's width and 30.
fn content_weights(header: &[String], rows: &[Vec<String>]) -> Vec<u32> {
    use unicode_width::UnicodeWidthStr;
    (0..header.len())
        .map(|c| {
            let head = header[c].width().max(4);
            let widest = rows
                .iter()
                .filter_map(|r| r.get(c))
                .map(|t| t.width())
                .max()
                .unwrap_or(0);
            // Two more for the cell margins.
            widest.clamp(head, 30.max(head)) as u32 + 2
        })
        .collect()
}

/// The Word version of a markdown document made by taskforce (minutes, the quarterly report,
/// the brief): headings, paragraphs, lists and tables, with no markup characters left.
///
/// The first heading is the title; the paragraphs between it and the next heading (`（2026年
/// 第2期）`, a 文号) are centred; `分送：`/`抄送：` and the closing `…印发` line are set as the
/// document's distribution lines.
pub fn from_markdown(markdown: &str, density: Density) -> Vec<u8> {
    let mut w = Writer::with_density(false, density);
    let parser = Parser::new_ext(markdown, Options::ENABLE_TABLES);
    let mut text = String::new();
    let mut list: Vec<Option<u64>> = Vec::new();
    let mut header: Vec<String> = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut in_head = false;
    let mut after_title = false;
    let mut in_item = false;
    let mut colophon = false;
    for event in parser {
        match event {
            Event::Start(Tag::Heading { .. })
            | Event::Start(Tag::Paragraph)
            | Event::Start(Tag::TableCell) => text.clear(),
            Event::Start(Tag::Item) => {
                text.clear();
                in_item = true;
            }
            Event::End(TagEnd::Heading(level)) => {
                let t = std::mem::take(&mut text);
                match level {
                    HeadingLevel::H1 => {
                        w.title(&t);
                        after_title = true;
                        continue;
                    }
                    HeadingLevel::H2 => {
                        if after_title {
                            w.blank();
                        }
                        w.heading(1, &t)
                    }
                    HeadingLevel::H3 => w.heading(2, &t),
                    _ => w.heading(3, &t),
                }
                after_title = false;
            }
            Event::End(TagEnd::Paragraph) if !in_item => {
                let t = std::mem::take(&mut text);
                if after_title {
                    // 期数 and 文号 between the title and the first heading.
                    for line in t.lines() {
                        w.centered(line);
                    }
                    continue;
                } else if t.starts_with("分送：") || t.starts_with("抄送：") {
                    if !colophon {
                        w.blank();
                        colophon = true;
                    }
                    w.distribution(&t);
                } else if t.ends_with("印发") {
                    match t.split_once('　') {
                        Some((office, date)) => w.colophon(office, date),
                        None => w.distribution(&t),
                    }
                } else {
                    for line in t.lines() {
                        w.para(line);
                    }
                }
            }
            Event::Start(Tag::List(start)) => list.push(start),
            Event::End(TagEnd::List(_)) => {
                list.pop();
            }
            Event::End(TagEnd::Item) => {
                in_item = false;
                let t = std::mem::take(&mut text);
                let prefix = match list.last_mut() {
                    Some(Some(n)) => {
                        let p = format!("{n}．");
                        *n += 1;
                        p
                    }
                    _ => String::new(),
                };
                w.para(&format!("{prefix}{}", t.trim()));
                after_title = false;
            }
            Event::Start(Tag::Table(_)) => {
                header.clear();
                rows.clear();
            }
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                header = std::mem::take(&mut row);
            }
            Event::End(TagEnd::TableCell) => row.push(std::mem::take(&mut text)),
            Event::End(TagEnd::TableRow) if !in_head => rows.push(std::mem::take(&mut row)),
            Event::End(TagEnd::Table) => {
                let weights = weights_for(&header, &rows);
                w.table(&header, &rows, &weights);
                after_title = false;
            }
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak => text.push(' '),
            Event::HardBreak => text.push('\n'),
            Event::Html(t) | Event::InlineHtml(t) => text.push_str(&t),
            _ => {}
        }
    }
    w.finish()
}

/// The 督办台账 as a Word table (A4 landscape): one section per lead unit.
pub fn ledger(ledger: &Ledger, lang: Lang) -> Vec<u8> {
    let mut w = Writer::new(true);
    w.title(&ledger.title(lang));
    w.centered(&match lang {
        Lang::Zh => format!(
            "（截至{}）",
            crate::meeting::minutes::date_text(ledger.today, lang)
        ),
        Lang::En => format!("(as of {})", ledger.today),
    });
    let header: Vec<String> = [
        ("编号", "Id"),
        ("举措", "Measure"),
        ("配合单位", "Co-units"),
        ("责任人", "Owner"),
        ("联络员", "Liaison"),
        ("完成时限", "Deadline"),
        ("亮灯", "Light"),
        ("亮灯原因", "Why"),
        ("最近报送", "Last report"),
    ]
    .iter()
    .map(|(zh, en)| lang.pick(zh, en).to_string())
    .collect();
    let mut header = header;
    let mut weights = vec![9, 24, 12, 12, 12, 13, 8, 20, 24];
    if let Some(p) = ledger.period {
        header.push(match lang {
            Lang::Zh => format!("本期（{p}）报送"),
            Lang::En => format!("Report for {p}"),
        });
        weights = vec![8, 20, 10, 10, 10, 12, 7, 17, 20, 20];
    }
    for (n, unit) in ledger.units.iter().enumerate() {
        let counts: Vec<String> = Ledger::counts(unit.rows.iter())
            .into_iter()
            .filter(|(_, c)| *c > 0)
            .map(|(l, c)| match lang {
                Lang::Zh => format!("{}{c}项", light_word(l, lang)),
                Lang::En => format!("{c} {}", light_word(l, lang)),
            })
            .collect();
        w.heading(
            1,
            &match lang {
                Lang::Zh => format!(
                    "{}、{}（{}项：{}）",
                    chinese_number(n + 1),
                    unit.unit,
                    unit.rows.len(),
                    counts.join("、")
                ),
                Lang::En => format!(
                    "{}. {} ({} measures: {})",
                    n + 1,
                    unit.unit,
                    unit.rows.len(),
                    counts.join(", ")
                ),
            },
        );
        let rows: Vec<Vec<String>> = unit
            .rows
            .iter()
            .map(|r| {
                let m = r.measure;
                let mut row = vec![
                    m.id.to_string(),
                    m.title.clone(),
                    m.co_units.join("、"),
                    person_text(ledger.plan, m.owner.as_deref(), lang),
                    person_text(ledger.plan, m.liaison.as_deref(), lang),
                    deadline_text(m),
                    light_word(r.assessment.light, lang),
                    why_text(r, lang),
                    last_report_text(r.last, lang),
                ];
                if ledger.period.is_some() {
                    row.push(match r.filed {
                        Some(f) => last_report_text(Some(f), lang),
                        None => lang.pick("未报送", "not reported").to_string(),
                    });
                }
                row
            })
            .collect();
        w.table(&header, &rows, &weights);
    }
    w.finish()
}

/// 一 … 九十九, for section numbers.
pub fn chinese_number(n: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n].to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", DIGITS[n % 10]),
        20..=99 if n.is_multiple_of(10) => format!("{}十", DIGITS[n / 10]),
        20..=99 => format!("{}十{}", DIGITS[n / 10], DIGITS[n % 10]),
        _ => n.to_string(),
    }
}
