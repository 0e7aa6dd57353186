//! Keys and key tables. Each screen declares its own tables (`screens::*`, `forms`); the help
//! overlay and the footer hints are built from those tables, so they cannot drift from the
//! bindings. This module only knows how a key is written and matched.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::widgets::{clip, width};
use crate::model::Lang;

/// A key with its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            mods: KeyModifiers::NONE,
        }
    }
    pub const fn ch(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }
    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            mods: KeyModifiers::CONTROL,
        }
    }
    pub const fn ctrl_key(code: KeyCode) -> Key {
        Key {
            code,
            mods: KeyModifiers::CONTROL,
        }
    }
    pub const fn alt(code: KeyCode) -> Key {
        Key {
            code,
            mods: KeyModifiers::ALT,
        }
    }

    /// How the key is written in help and hints.
    pub fn label(self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "S-Tab".into(),
            KeyCode::Backspace => "Bksp".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("C-{base}")
        } else if self.mods.contains(KeyModifiers::ALT) {
            format!("M-{base}")
        } else {
            base
        }
    }

    pub fn matches(self, event: &KeyEvent) -> bool {
        // Shift is part of the character for letters and of BackTab, so it is ignored.
        let mods = event.modifiers - KeyModifiers::SHIFT;
        self.code == event.code && self.mods == mods
    }
}

/// A key table row: the keys, the action, and its label in both languages.
#[derive(Debug)]
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub zh: &'static str,
    pub en: &'static str,
    /// Shown in the footer hints (every binding is in the help overlay).
    pub hint: bool,
}

impl Binding {
    /// The label in `lang`.
    pub fn label(&self, lang: Lang) -> &'static str {
        lang.pick(self.zh, self.en)
    }

    /// Every key of the binding, as `j/↓`.
    pub fn keys_label(&self) -> String {
        self.keys
            .iter()
            .map(|k| k.label())
            .collect::<Vec<_>>()
            .join("/")
    }
}

/// A binding shown in the footer hints and the help.
pub const fn bind(
    keys: &'static [Key],
    action: Action,
    zh: &'static str,
    en: &'static str,
) -> Binding {
    Binding {
        keys,
        action,
        zh,
        en,
        hint: true,
    }
}

/// A binding shown in the help only.
pub const fn more(
    keys: &'static [Key],
    action: Action,
    zh: &'static str,
    en: &'static str,
) -> Binding {
    Binding {
        keys,
        action,
        zh,
        en,
        hint: false,
    }
}

/// Moves shared by the scrolling screens.
pub const UP: Binding = more(
    &[Key::ch('k'), Key::plain(KeyCode::Up)],
    Action::MoveUp,
    "上移",
    "up",
);
pub const DOWN: Binding = more(
    &[Key::ch('j'), Key::plain(KeyCode::Down)],
    Action::MoveDown,
    "下移",
    "down",
);
pub const PAGE_UP: Binding = more(
    &[Key::plain(KeyCode::PageUp), Key::ctrl('b')],
    Action::PageUp,
    "上一页",
    "page up",
);
pub const PAGE_DOWN: Binding = more(
    &[Key::plain(KeyCode::PageDown), Key::ctrl('f')],
    Action::PageDown,
    "下一页",
    "page down",
);

/// Keys that work in every mode, after the screen's own table.
pub const GLOBAL_KEYS: &[Binding] = &[more(
    &[Key::ctrl('c')],
    Action::Quit,
    "退出（表单中的输入不保存）",
    "quit (form input is not kept)",
)];

/// A key table with its heading in the help overlay.
#[derive(Debug)]
pub struct Section {
    pub zh: &'static str,
    pub en: &'static str,
    pub keys: &'static [Binding],
}

impl Section {
    /// The heading in `lang`.
    pub fn title(&self, lang: Lang) -> &'static str {
        lang.pick(self.zh, self.en)
    }
}

/// The action bound to `event` in `table`; with `text`, an unbound character is typed.
pub fn action_for(table: &[Binding], text: bool, event: &KeyEvent) -> Option<Action> {
    if let Some(b) = table
        .iter()
        .chain(GLOBAL_KEYS)
        .find(|b| b.keys.iter().any(|k| k.matches(event)))
    {
        return Some(b.action.clone());
    }
    match event.code {
        KeyCode::Char(c)
            if text
                && !event
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(Action::Input(c))
        }
        _ => None,
    }
}

/// Hints for the footer: the first key of each hinted binding with its label.
pub fn hints(table: &[Binding], lang: Lang) -> Vec<(String, &'static str)> {
    table
        .iter()
        .filter(|b| b.hint)
        .map(|b| {
            (
                b.keys.first().map(|k| k.label()).unwrap_or_default(),
                b.label(lang),
            )
        })
        .collect()
}

/// Places every key of `hints` on one row of `cols` columns: full labels two apart when they
/// fit, then one apart, then labels shortened (each cut marked `…`), then keys alone.
/// Returns (column, text, is_key) pieces.
pub fn hint_layout(hints: &[(String, &str)], cols: usize) -> Vec<(usize, String, bool)> {
    let lay = |gap: usize, label_cols: Option<usize>| {
        let mut out = Vec::new();
        let mut x = 0;
        for (key, label) in hints {
            out.push((x, key.clone(), true));
            x += width(key);
            let label = match label_cols {
                Some(0) => String::new(),
                Some(n) => clip(label, n),
                None => label.to_string(),
            };
            if !label.is_empty() {
                out.push((x + 1, label.clone(), false));
                x += 1 + width(&label);
            }
            x += gap;
        }
        (out, x.saturating_sub(gap))
    };
    let longest = hints.iter().map(|(_, l)| width(l)).max().unwrap_or(0);
    let mut tries = vec![(2, None), (1, None)];
    tries.extend((2..longest).rev().map(|n| (1, Some(n))));
    tries.push((1, Some(0)));
    for (gap, label_cols) in tries {
        let (out, used) = lay(gap, label_cols);
        if used <= cols {
            return out;
        }
    }
    // Not even the keys fit: as many as there is room for.
    let (out, _) = lay(1, Some(0));
    out.into_iter()
        .filter(|(x, t, _)| x + width(t) <= cols)
        .collect()
}

/// The hint rows for `cols` columns: one row when every label fits whole on it; else two rows
/// of whole labels when they fit; else one row of shortened labels (see [`hint_layout`]).
pub fn hint_rows(hints: &[(String, &str)], cols: usize) -> Vec<Vec<(usize, String, bool)>> {
    // Every label whole, one column apart.
    let whole = |part: &[(String, &str)]| {
        let used: usize = part
            .iter()
            .map(|(k, l)| width(k) + if l.is_empty() { 0 } else { 1 + width(l) })
            .sum::<usize>()
            + part.len().saturating_sub(1);
        (used <= cols).then(|| hint_layout(part, cols))
    };
    if let Some(one) = whole(hints) {
        return vec![one];
    }
    // Two rows: as many hints on the first as fit whole, the rest on the second.
    let split = (1..hints.len())
        .rev()
        .find(|&n| whole(&hints[..n]).is_some())
        .unwrap_or(0);
    if split > 0
        && let (Some(first), Some(second)) = (whole(&hints[..split]), whole(&hints[split..]))
    {
        return vec![first, second];
    }
    vec![hint_layout(hints, cols)]
}
