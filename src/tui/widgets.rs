//! Small text helpers shared by the views: every width is a display width, and no control
//! character from the data reaches the terminal.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Replaces control, direction and invisible characters with `�` and newlines with `⏎`, for a single line.
pub fn clean(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' => '⏎',
            c if !crate::store::codec::is_allowed_char(c) => '�',
            c => c,
        })
        .collect()
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
    fn control_characters_are_replaced() {
        assert_eq!(clean("a\u{1b}[2Jb\nc"), "a�[2Jb⏎c");
        assert_eq!(
            clean_lines("x\ny\u{7}"),
            vec!["x".to_string(), "y�".to_string()]
        );
    }
}
