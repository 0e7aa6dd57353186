//! Small text helpers shared by the views: every width is a display width, and no control
//! character from the data reaches the terminal.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};

use crate::model::{Cycle, Lang, Light};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Replaces control, direction and invisible characters with `�` and newlines with `⏎`, for a single line.
pub fn clean(text: &str) -> String {
    crate::store::codec::printable(text, false)
}

/// The lines of `text`, each cleaned of control characters.
pub fn clean_lines(text: &str) -> Vec<String> {
    text.split('\n').map(clean).collect()
}

/// Display width in terminal columns.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// `text` cut to at most `cols` columns, ending in `…` when cut; a wide glyph is never split.
pub fn clip(text: &str, cols: usize) -> String {
    if width(text) <= cols {
        return text.to_string();
    }
    if cols == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > cols - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    // Char widths and string widths can disagree (emoji sequences), so check the result.
    while width(&out) > cols - 1 && out.pop().is_some() {}
    out.push('…');
    out
}

/// Punctuation that may not start a line (closing marks, pauses, ellipses).
fn no_line_start(c: char) -> bool {
    "，。、；：！？）」』】》〉”’…·%,.;:!?)]}".contains(c)
}

/// Punctuation that may not end a line (opening marks).
fn no_line_end(c: char) -> bool {
    "（「『【《〈“‘([{".contains(c)
}

/// Characters that stay together with their neighbours: numbers and Latin words.
fn joins(c: char) -> bool {
    c.is_ascii_alphanumeric() || "._-/:%+".contains(c)
}

/// The unbreakable pieces of `chars`: a run of digits and Latin letters, or one character.
fn pieces<T: Copy>(chars: &[(char, T)]) -> Vec<Vec<(char, T)>> {
    let mut out: Vec<Vec<(char, T)>> = Vec::new();
    for &(c, t) in chars {
        match out.last_mut() {
            Some(last) if joins(c) && last.last().is_some_and(|&(p, _)| joins(p)) => {
                last.push((c, t));
            }
            _ => out.push(vec![(c, t)]),
        }
    }
    out
}

fn piece_width<T>(p: &[(char, T)]) -> usize {
    p.iter().map(|(c, _)| c.width().unwrap_or(0)).sum()
}

/// Breaks `chars` into rows of at most `cols` columns, Chinese style: no row starts with
/// closing punctuation or ends with an opening one, numbers and Latin words stay whole unless
/// longer than a row, and rows after the first keep the first row's indent.
pub fn wrap_chars<T: Copy>(chars: &[(char, T)], cols: usize) -> Vec<Vec<(char, T)>> {
    if cols == 0 {
        return vec![Vec::new()];
    }
    let indent: Vec<(char, T)> = chars
        .iter()
        .take_while(|(c, _)| *c == ' ')
        .copied()
        .collect();
    let indent = if indent.len() * 2 >= cols {
        Vec::new()
    } else {
        indent
    };
    let mut rows: Vec<Vec<Vec<(char, T)>>> = vec![Vec::new()];
    let mut used = 0;
    for piece in pieces(chars) {
        let w = piece_width(&piece);
        if used + w <= cols {
            used += w;
            if let Some(r) = rows.last_mut() {
                r.push(piece);
            }
            continue;
        }
        if piece.iter().all(|(c, _)| *c == ' ') {
            // A space at the break is dropped.
            rows.push(vec![indent.clone()]);
            used = piece_width(&indent);
            continue;
        }
        // Start a new row, taking along what may not be left at the end of this one, and
        // the last piece when this one may not start a row.
        let mut carry: Vec<Vec<(char, T)>> = Vec::new();
        if let Some(row) = rows.last_mut() {
            // Closing marks in a row (`），`) go down together with the character before them.
            let starts_badly = |p: Option<&Vec<(char, T)>>| {
                p.and_then(|p| p.first())
                    .is_some_and(|(c, _)| no_line_start(*c))
            };
            if starts_badly(Some(&piece)) {
                while row.len() > 1 {
                    let last = row.pop().unwrap_or_default();
                    let again = starts_badly(Some(&last));
                    carry.insert(0, last);
                    if !again {
                        break;
                    }
                }
            }
            while row.len() > 1
                && row
                    .last()
                    .and_then(|p| p.last())
                    .is_some_and(|(c, _)| no_line_end(*c))
            {
                carry.insert(0, row.pop().unwrap_or_default());
            }
        }
        let mut row: Vec<Vec<(char, T)>> = Vec::new();
        if !indent.is_empty() {
            row.push(indent.clone());
        }
        row.extend(carry);
        row.push(piece);
        used = row.iter().map(|p| piece_width(p)).sum();
        rows.push(row);
        // A piece longer than a row is cut by characters.
        while used > cols {
            let flat: Vec<(char, T)> = rows.pop().unwrap_or_default().concat();
            let mut head = Vec::new();
            let mut w = 0;
            let mut rest = flat.into_iter().peekable();
            while let Some(&(c, t)) = rest.peek() {
                let cw = c.width().unwrap_or(0);
                if w + cw > cols && !head.is_empty() {
                    break;
                }
                head.push((c, t));
                w += cw;
                rest.next();
            }
            let tail: Vec<(char, T)> = rest.collect();
            rows.push(vec![head]);
            used = piece_width(&tail);
            rows.push(vec![tail]);
        }
    }
    rows.into_iter().map(|r| r.concat()).collect()
}

/// `text` broken into rows of at most `cols` columns (see [`wrap_chars`]).
pub fn wrap(text: &str, cols: usize) -> Vec<String> {
    let chars: Vec<(char, ())> = text.chars().map(|c| (c, ())).collect();
    wrap_chars(&chars, cols)
        .into_iter()
        .map(|r| r.into_iter().map(|(c, _)| c).collect())
        .collect()
}

/// Styled lines broken into rows of at most `cols` columns, keeping each character's style.
pub fn wrap_lines(
    lines: Vec<ratatui::text::Line<'_>>,
    cols: u16,
) -> Vec<ratatui::text::Line<'static>> {
    use ratatui::text::{Line, Span};
    let mut out = Vec::new();
    for line in lines {
        let line_style = line.style;
        let alignment = line.alignment;
        let chars: Vec<(char, Style)> = line
            .spans
            .iter()
            .flat_map(|s| {
                let style = line_style.patch(s.style);
                s.content.chars().map(move |c| (c, style))
            })
            .collect();
        for row in wrap_chars(&chars, cols as usize) {
            let mut spans: Vec<Span<'static>> = Vec::new();
            let mut text = String::new();
            let mut current: Option<Style> = None;
            for (c, style) in row {
                if current.is_some_and(|s| s != style) {
                    spans.push(Span::styled(
                        std::mem::take(&mut text),
                        current.unwrap_or_default(),
                    ));
                }
                current = Some(style);
                text.push(c);
            }
            if let Some(style) = current {
                spans.push(Span::styled(text, style));
            }
            let mut l = Line::from(spans).style(line_style);
            l.alignment = alignment;
            out.push(l);
        }
    }
    out
}

/// `text` padded with spaces to `cols` columns (or clipped to them).
pub fn fit(text: &str, cols: usize) -> String {
    let t = clip(text, cols);
    let w = width(&t);
    format!("{t}{}", " ".repeat(cols.saturating_sub(w)))
}

/// A rectangle of `w` by `h` centered in `area`, kept inside it.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Clears `area` for a popup. A wide glyph just left of it would be cut in half by the popup's
/// border, so it is blanked too.
pub fn clear(area: Rect, buf: &mut Buffer) {
    ratatui::widgets::Widget::render(ratatui::widgets::Clear, area, buf);
    if area.x == 0 {
        return;
    }
    for y in area.top()..area.bottom() {
        if let Some(cell) = buf.cell_mut((area.x - 1, y))
            && width(cell.symbol()) > 1
        {
            cell.set_symbol(" ");
        }
    }
}

/// Writes `left` and a right-aligned `right` on one row, clipping `left` to make room.
pub fn left_right(
    buf: &mut Buffer,
    area: Rect,
    left: &[(String, Style)],
    right: &[(String, Style)],
) {
    let total = area.width as usize;
    let right_w: usize = right.iter().map(|(t, _)| width(t)).sum();
    let right_w = if right_w + 8 > total { 0 } else { right_w };
    let mut x = area.x;
    let mut room = total - right_w;
    for (text, style) in left {
        if room == 0 {
            break;
        }
        let t = clip(text, room);
        let w = width(&t).min(room);
        buf.set_stringn(x, area.y, &t, w, *style);
        x += w as u16;
        room -= w;
    }
    if right_w > 0 {
        let mut x = area.x + (total - right_w) as u16;
        for (text, style) in right {
            buf.set_stringn(x, area.y, text, width(text), *style);
            x += width(text) as u16;
        }
    }
}

/// The colour of a light.
pub fn light_color(light: Light) -> Color {
    match light {
        Light::Green => Color::Green,
        Light::Blue => Color::Blue,
        Light::Unreported => Color::DarkGray,
        Light::Yellow => Color::Yellow,
        Light::Red => Color::Red,
    }
}

/// The name of a cycle's report: 周报, 月报, 季报.
pub fn cycle_label(cycle: Cycle, lang: Lang) -> &'static str {
    match cycle {
        Cycle::Weekly => lang.pick("周报", "weekly"),
        Cycle::Monthly => lang.pick("月报", "monthly"),
        Cycle::Quarterly => lang.pick("季报", "quarterly"),
    }
}

/// A two-column glyph for a light: the Chinese label, or a letter in English.
pub fn light_glyph(light: Light, lang: Lang) -> &'static str {
    match (lang, light) {
        (Lang::Zh, Light::Unreported) => "未",
        (Lang::Zh, l) => l.label(Lang::Zh),
        (Lang::En, Light::Green) => "G ",
        (Lang::En, Light::Unreported) => "U ",
        (Lang::En, Light::Blue) => "B ",
        (Lang::En, Light::Yellow) => "Y ",
        (Lang::En, Light::Red) => "R ",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clip_never_splits_a_wide_glyph() {
        assert_eq!(clip("托育服务", 5), "托育…");
        assert_eq!(width(&clip("托育服务", 4)), 3);
        assert_eq!(clip("托育", 4), "托育");
        assert_eq!(fit("托", 3), "托 ");
    }

    #[test]
    fn a_popup_never_leaves_half_a_wide_glyph() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 6, 1));
        buf.set_string(0, 0, "托育服", Style::default());
        clear(Rect::new(3, 0, 3, 1), &mut buf);
        assert_eq!(buf, Buffer::with_lines(["托    "]));
    }

    #[test]
    fn clip_holds_for_emoji_sequences() {
        for text in ["👩‍👩‍👧‍👦家庭服务", "🕊️和平", "a\u{301}b\u{200d}c"]
        {
            for cols in 0..8 {
                assert!(width(&clip(text, cols)) <= cols, "{text:?} at {cols}");
            }
        }
    }

    #[test]
    fn chinese_lines_break_between_characters_not_before_punctuation_or_inside_numbers() {
        let rows = wrap("选址受阻，资金未到位，预计2026年12月底前解决", 12);
        assert!(rows.iter().all(|r| width(r) <= 12), "{rows:?}");
        assert_eq!(
            rows.concat(),
            "选址受阻，资金未到位，预计2026年12月底前解决"
        );
        for r in &rows[1..] {
            let first = r.chars().next().expect("a character");
            assert!(!no_line_start(first), "{rows:?}");
        }
        assert!(
            rows.iter()
                .all(|r| !r.ends_with("20") && !r.starts_with("26")),
            "{rows:?}"
        );
        // A comma that would start a row takes the character before it along.
        assert_eq!(wrap("一二三四五，六", 10), vec!["一二三四", "五，六"]);
        // Two closing marks in a row go down with the character before them.
        let rows = wrap("请设置邮箱（邮箱），再重新打开", 12);
        let rows_b = wrap("请设置user.email（邮箱），再重新打开", 20);
        assert!(
            rows_b
                .iter()
                .skip(1)
                .all(|r| !r.starts_with('）') && !r.starts_with('，')),
            "{rows_b:?}"
        );
        assert_eq!(rows, vec!["请设置邮箱", "（邮箱），再", "重新打开"]);
        // An opening mark does not end a row.
        assert_eq!(wrap("一二三四“五六”", 10), vec!["一二三四", "“五六”"]);
        // A number longer than the row is cut, never lost.
        assert_eq!(wrap("1234567890", 4).concat(), "1234567890");
        // Continuation rows keep the indent.
        assert_eq!(wrap("  一二三四五六", 8), vec!["  一二三", "  四五六"]);
    }

    #[test]
    fn control_characters_are_replaced() {
        assert_eq!(clean("a\u{1b}[2Jb\nc"), "a�[2Jb⏎c");
        assert_eq!(
            clean_lines("x\ny\u{7}"),
            vec!["x".to_string(), "y�".to_string()]
        );
    }
}
