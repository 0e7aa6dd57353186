//! Minutes (markdown) laid out as terminal text: headings in bold, lists with hanging indents,
//! tables drawn with their columns sized by display width, every line broken the Chinese way
//! to the width it is shown at. No markdown syntax (`#`, `|`, `---`) reaches the screen.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;

use super::widgets::{clean, fit, width, wrap};

/// A block of the document, as parsed.
enum Block {
    Heading(HeadingLevel, String),
    Paragraph(String),
    Item(String),
    Table(Vec<Vec<String>>),
}

fn blocks(md: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut table: Vec<Vec<String>> = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut in_item = 0usize;
    for event in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Item) => {
                in_item += 1;
                text.clear();
            }
            Event::End(TagEnd::Item) => {
                in_item -= 1;
                out.push(Block::Item(std::mem::take(&mut text)));
            }
            Event::End(TagEnd::Heading(level)) => {
                out.push(Block::Heading(level, std::mem::take(&mut text)));
            }
            Event::End(TagEnd::Paragraph) if in_item == 0 => {
                out.push(Block::Paragraph(std::mem::take(&mut text)));
            }
            Event::End(TagEnd::TableCell) => row.push(std::mem::take(&mut text)),
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                table.push(std::mem::take(&mut row));
            }
            Event::End(TagEnd::Table) => out.push(Block::Table(std::mem::take(&mut table))),
            Event::Text(t) | Event::Code(t) => text.push_str(&clean(&t)),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    out
}

/// Column widths for a table `total` columns wide (separators included): each column its
/// natural width when they fit; otherwise narrow columns keep theirs and the wide ones share
/// what is left evenly.
fn column_widths(rows: &[Vec<String>], total: usize) -> Vec<usize> {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let natural: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|t| width(t))
                .max()
                .unwrap_or(0)
                .max(1)
        })
        .collect();
    let room = total.saturating_sub(cols + 1).max(cols);
    if natural.iter().sum::<usize>() <= room {
        return natural;
    }
    // Water-filling: the largest share s with sum(min(natural, s)) <= room.
    let mut widths = natural.clone();
    let mut share = room / cols.max(1);
    loop {
        let fixed: usize = natural.iter().filter(|&&n| n <= share).sum();
        let wide = natural.iter().filter(|&&n| n > share).count();
        if wide == 0 {
            break;
        }
        let next = (room.saturating_sub(fixed)) / wide;
        if next <= share {
            share = next.max(2);
            break;
        }
        share = next;
    }
    for w in &mut widths {
        *w = (*w).min(share).max(2);
    }
    widths
}

/// Whether a cell is a figure (`12`, `+1`, `-3`, `45%`, `0.5`): right-aligned like one.
fn is_number(text: &str) -> bool {
    let t = text
        .trim()
        .trim_start_matches(['+', '-'])
        .trim_end_matches('%');
    !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// A table as text: the header in bold over a rule, columns parted by `│`, no outer box (a
/// box would read as a pane of the screen).
fn table_lines(rows: &[Vec<String>], total: usize, out: &mut Vec<Line<'static>>) {
    // Separators: ` │ ` between columns, none at the edges.
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths = column_widths(rows, (total + 1).saturating_sub(2 * cols.saturating_sub(1)));
    for (i, row) in rows.iter().enumerate() {
        let cells: Vec<Vec<String>> = widths
            .iter()
            .enumerate()
            .map(|(c, w)| wrap(row.get(c).map(String::as_str).unwrap_or(""), *w))
            .collect();
        let height = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let style = if i == 0 {
            Style::default().add_modifier(Modifier::BOLD)
        } else {
            Style::default()
        };
        for k in 0..height {
            let parts: Vec<String> = cells
                .iter()
                .zip(&widths)
                .map(|(lines, w)| {
                    let text = lines.get(k).map(String::as_str).unwrap_or("");
                    if i > 0 && is_number(text) {
                        format!("{}{text}", " ".repeat(w.saturating_sub(width(text))))
                    } else {
                        fit(text, *w)
                    }
                })
                .collect();
            out.push(Line::styled(
                parts.join(" │ ").trim_end().to_string(),
                style,
            ));
        }
        if i == 0 && rows.len() > 1 {
            let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
            out.push(Line::from(rule.join("─┼─")));
        }
    }
}

/// `md` laid out for `cols` columns.
pub fn render(md: &str, cols: u16) -> Vec<Line<'static>> {
    let cols = (cols as usize).max(8);
    let mut out: Vec<Line<'static>> = Vec::new();
    let mut last_was_item = false;
    for block in blocks(md) {
        let is_item = matches!(block, Block::Item(_));
        let continues_list = is_item && last_was_item;
        if !out.is_empty() && !continues_list {
            out.push(Line::default());
        }
        last_was_item = is_item;
        match block {
            Block::Heading(level, text) => {
                let style = Style::default().add_modifier(Modifier::BOLD);
                let style = if level == HeadingLevel::H1 {
                    style.add_modifier(Modifier::UNDERLINED)
                } else {
                    style
                };
                let lines = wrap(&text, cols);
                let centered = level == HeadingLevel::H1;
                for l in lines {
                    let line = Line::styled(l, style);
                    out.push(if centered { line.centered() } else { line });
                }
            }
            Block::Paragraph(text) => out.extend(wrap(&text, cols).into_iter().map(Line::from)),
            Block::Item(text) => {
                for (i, l) in wrap(&text, cols.saturating_sub(2)).into_iter().enumerate() {
                    let lead = if i == 0 { "· " } else { "  " };
                    out.push(Line::from(format!("{lead}{l}")));
                }
            }
            Block::Table(rows) => table_lines(&rows, cols, &mut out),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTES: &str = "# 温州市基本公共服务一体化改革专班 第1次月例会纪要\n\n（2026年第1期）\n\n## 一、会议概况\n\n- 时间：2026年12月1日 09:00\n- 参会单位：市教育局、市财政局、市人社局、市卫生健康委、市民政局、市住房城乡建设局\n\n### （一）各行动亮灯情况\n\n| 行动 | 举措 | 绿 | 红 |\n|---|---|---|---|\n| A1 “托育”普惠一体改革行动 | 11 | 0 | 1 |\n| 合计 | 99 | 0 | 2 |\n\n### （三）红灯、黄灯举措\n\n| 编号 | 举措 | 原因 | 存在问题 |\n|---|---|---|---|\n| A3-02 | 加强基层就业服务站点规划 | 落后序时进度43个百分点（月报 2026-12报完成20%）；月报 2026-12报红灯 | 资金未到位，选址尚未确定 |\n";

    fn text(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn no_markdown_syntax_and_every_line_fits() {
        for cols in [40u16, 78, 118, 198] {
            let lines = text(&render(MINUTES, cols));
            assert!(lines.len() > 10, "{lines:?}");
            for l in &lines {
                assert!(
                    width(l) <= cols as usize,
                    "{cols}: {l:?} is {} wide",
                    width(l)
                );
                assert!(
                    !l.starts_with('#') && !l.contains("|---") && !l.starts_with("- "),
                    "{l:?}"
                );
                for p in ['，', '。', '、', '；', '）', '：'] {
                    assert!(
                        !l.trim_start_matches(['│', '·', ' ']).starts_with(p),
                        "{l:?}"
                    );
                }
            }
            assert!(lines.iter().any(|l| l.contains("温州市基本公共服务")));
            assert!(
                lines
                    .iter()
                    .any(|l| l.starts_with("· 时间：2026年12月1日 09:00"))
            );
        }
    }

    #[test]
    fn tables_are_drawn_with_aligned_columns() {
        let lines = text(&render(MINUTES, 118));
        let top = lines.iter().position(|l| l.starts_with("行动")).unwrap();
        let table: Vec<&String> = lines[top..].iter().take_while(|l| !l.is_empty()).collect();
        // Header, rule, two rows; the separators line up under the rule's crossings.
        assert_eq!(table.len(), 4, "{table:#?}");
        assert!(
            table[1].starts_with('─') && table[1].contains('┼'),
            "{}",
            table[1]
        );
        let crossings = |l: &str, mark: char| -> Vec<usize> {
            let mut at = 0;
            let mut out = Vec::new();
            for c in l.chars() {
                if c == mark {
                    out.push(at);
                }
                at += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            }
            out
        };
        let rule = crossings(table[1], '┼');
        assert_eq!(rule.len(), 3, "{}", table[1]);
        for row in [table[0], table[2], table[3]] {
            assert_eq!(crossings(row, '│'), rule, "{row}");
        }
        assert!(
            table[2].contains("A1 “托育”普惠一体改革行动"),
            "{}",
            table[2]
        );
        assert!(table[3].starts_with("合计"));
    }

    #[test]
    fn a_wide_table_wraps_its_wide_cells_and_keeps_narrow_ones() {
        let lines = text(&render(MINUTES, 60));
        let start = lines.iter().position(|l| l.starts_with("编号")).unwrap();
        let table: Vec<&String> = lines[start..]
            .iter()
            .take_while(|l| !l.is_empty())
            .collect();
        assert!(table.iter().all(|l| width(l) <= 60), "{table:#?}");
        // The id column keeps its width: A3-02 whole on one line.
        assert!(table.iter().any(|l| l.starts_with("A3-02 ")), "{table:#?}");
        // The reason wraps over several lines and every character of it is still there.
        let joined: String = table
            .iter()
            .skip(2)
            .map(|l| l.split('│').nth(2).unwrap_or("").trim().to_string())
            .collect();
        assert!(joined.contains("落后序时进度43个百分点"), "{joined}");
        assert!(table.len() > 4, "{table:#?}");
    }
}
