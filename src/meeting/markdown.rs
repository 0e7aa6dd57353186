//! Escaping user text for GitHub-flavoured markdown.

/// Text for a table cell: one line, `|` escaped, markdown punctuation backslash-escaped,
/// `<`, `>` and `&` as HTML entities, control characters removed.
pub fn cell(text: &str) -> String {
    let text = inline(text);
    if text.is_empty() {
        "—".to_string()
    } else {
        text
    }
}

/// Text inside a paragraph or list item: one line, inline markdown characters escaped
/// (`\\`, backticks, `*`, `_`, `[`, `]`, `|`, `~`, `$`, `!`), `<`, `>` and `&` as entities,
/// and a leading `-`, `+`, `#` or `1.` escaped, so user text can never open a heading,
/// list, table, code span, link or HTML.
pub fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') {
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        let at_start = out.is_empty();
        // `1.` or `1)` followed by a space (or nothing) would open an ordered list.
        let after_leading_digits = !out.is_empty()
            && out.bytes().all(|b| b.is_ascii_digit())
            && chars.peek().is_none_or(|n| n.is_whitespace());
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '$' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '-' | '+' | '#' if at_start => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if after_leading_digits => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A markdown table: header row, delimiter row and body rows, every cell already escaped.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut t = String::new();
    t.push_str(&format!("| {} |\n", header.join(" | ")));
    t.push_str(&format!("|{}\n", "---|".repeat(header.len())));
    for r in rows {
        t.push_str(&format!("| {} |\n", r.join(" | ")));
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_is_neutralised() {
        assert_eq!(cell("a|b"), "a\\|b");
        assert_eq!(cell("一行\n二行"), "一行 二行");
        assert_eq!(cell("<script>"), "&lt;script&gt;");
        assert_eq!(cell("`code`"), "\\`code\\`");
        assert_eq!(cell("a\u{1b}[31mb"), "a\\[31mb");
        assert_eq!(cell(""), "—");
        assert_eq!(inline("# 标题"), "\\# 标题");
        assert_eq!(inline("1. 第一"), "1\\. 第一");
        assert_eq!(inline("- 项"), "\\- 项");
        assert_eq!(cell("66.7"), "66.7");
    }
}
