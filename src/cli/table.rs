//! Plain-text tables aligned by display width (a Chinese character is two columns).

use unicode_width::UnicodeWidthStr;

/// Replaces characters that must never reach a terminal; newlines become `⏎`.
pub fn printable(text: &str) -> String {
    crate::store::codec::printable(text, false)
}

/// Display width of `text` in terminal columns.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// Pads `text` with spaces to `cols` display columns.
pub fn pad(text: &str, cols: usize) -> String {
    let w = width(text);
    if w >= cols {
        text.to_string()
    } else {
        format!("{text}{}", " ".repeat(cols - w))
    }
}

/// Rows of cells printed with each column padded to its widest cell; the last column is not padded.
pub fn render(rows: &[Vec<String>]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| width(s))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            let cell = printable(cell);
            if c + 1 == row.len() {
                line.push_str(&cell);
            } else {
                line.push_str(&pad(&cell, widths[c]));
                line.push_str("  ");
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_chinese_by_display_width() {
        let out = render(&[
            vec!["A1".into(), "市教育局".into(), "x".into()],
            vec!["A10".into(), "市残联".into(), "y".into()],
        ]);
        assert_eq!(out, "A1   市教育局  x\nA10  市残联    y\n");
    }

    #[test]
    fn control_characters_never_printed() {
        assert_eq!(printable("a\u{1b}[2Jb\nc"), "a�[2Jb⏎c");
    }
}
