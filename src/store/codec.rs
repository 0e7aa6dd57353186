//! Canonical RON: one fixed pretty configuration, NFC text, no control characters.

use std::fmt;

use ron::extensions::Extensions;
use ron::ser::PrettyConfig;
use serde::Serialize;
use serde::de::DeserializeOwned;
use unicode_normalization::{UnicodeNormalization, is_nfc};

use super::finding::Finding;
use crate::model::Lang;

/// A problem found in a file, with its position when known (line and column from 1).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub path: String,
    pub line: usize,
    pub col: usize,
    /// The problem in English: what `check --json` prints for scripts.
    pub message: String,
    /// The problem as data, worded per language by [`Problem::words`].
    pub finding: Finding,
}

impl Problem {
    /// A problem that concerns the whole file.
    pub fn file(path: &str, finding: Finding) -> Problem {
        Problem::at(path, (0, 0), finding)
    }

    /// A problem at a position.
    pub fn at(path: &str, (line, col): (usize, usize), finding: Finding) -> Problem {
        Problem {
            path: path.to_string(),
            line,
            col,
            message: finding.words(Lang::En),
            finding,
        }
    }

    /// `path:line:col: problem` in `lang` (the position left out when the whole file is meant).
    pub fn words(&self, lang: Lang) -> String {
        let text = self.finding.words(lang);
        if self.line == 0 {
            format!("{}: {text}", self.path)
        } else {
            format!("{}:{}:{}: {text}", self.path, self.line, self.col)
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.words(Lang::En))
    }
}

fn config() -> PrettyConfig {
    PrettyConfig::new()
        .new_line("\n")
        .indentor("    ")
        .struct_names(false)
        .separate_tuple_members(false)
        .enumerate_arrays(false)
        .compact_arrays(false)
        .escape_strings(true)
        .extensions(Extensions::empty())
}

/// Serializes `value` canonically: fixed layout, escaped strings, trailing newline.
pub fn to_canonical<T: Serialize>(value: &T) -> Result<String, ron::Error> {
    let mut text = ron::ser::to_string_pretty(value, config())?;
    text.push('\n');
    Ok(text)
}

/// Parses a RON file; every problem carries the file's path and a position.
/// No plan object comes near this size; a larger file is refused rather than parsed.
pub const MAX_FILE_BYTES: usize = 1 << 20;

pub fn parse<T: DeserializeOwned>(path: &str, bytes: &[u8]) -> Result<T, Vec<Problem>> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(vec![Problem::file(
            path,
            Finding::TooLarge {
                bytes: bytes.len(),
                max: MAX_FILE_BYTES,
            },
        )]);
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let before = &bytes[..e.valid_up_to()];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let col = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
        vec![Problem::at(path, (line, col), Finding::NotUtf8)]
    })?;
    // A file checked out with CRLF line ends (Git for Windows' core.autocrlf, an eol=crlf
    // attribute) is read as if it had LF ones; `check` names it as a style problem.
    let unix;
    let text = if text.contains("\r\n") {
        unix = text.replace("\r\n", "\n");
        &unix
    } else {
        text
    };
    let problems = control_characters(path, text);
    if !problems.is_empty() {
        return Err(problems);
    }
    if let Some(n) = text
        .split('\n')
        .position(|l| l.trim_start().starts_with("#!["))
    {
        return Err(vec![Problem::at(
            path,
            (n + 1, 1),
            Finding::ExtensionAttributes,
        )]);
    }
    let normalized;
    let text = if is_nfc(text) {
        text
    } else {
        normalized = text.nfc().collect::<String>();
        &normalized
    };
    ron::from_str(text).map_err(|e| {
        let pos = e.span.start;
        vec![Problem::at(
            path,
            (pos.line, pos.col),
            Finding::Syntax((&e.code).into()),
        )]
    })
}

/// What kind of refused character `c` is, for messages.
pub fn char_kind(c: char) -> &'static str {
    if c.is_control() {
        "control character"
    } else {
        "invisible or direction character"
    }
}

/// `text` safe to show: every control, direction or invisible character becomes `�`; a newline
/// becomes `⏎` (one line) unless `keep_newlines`. The one sanitiser of the crate: the TUI, the
/// CLI and the store's notices all show data through it.
pub fn printable(text: &str, keep_newlines: bool) -> String {
    text.chars()
        .map(|c| match c {
            '\n' if keep_newlines => '\n',
            '\n' => '⏎',
            c if !is_allowed_char(c) => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// Whether a file has CRLF line ends (accepted, but not the canonical form).
pub fn has_crlf(bytes: &[u8]) -> bool {
    bytes.windows(2).any(|w| w == b"\r\n")
}

/// Whether `c` may appear in text: everything printable, plus the newline.
pub fn is_allowed_char(c: char) -> bool {
    c == '\n' || !(c.is_control() || is_bidi_control(c))
}

/// Direction marks and overrides, invisible characters and line separators can disguise text in
/// a terminal or a commit message; treat them as controls.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c,
        '\u{00AD}'                       // soft hyphen
        | '\u{061C}'                     // Arabic letter mark
        | '\u{180E}'                     // Mongolian vowel separator
        | '\u{200B}'..='\u{200F}'        // zero-width space, joiners, LRM, RLM
        | '\u{2028}' | '\u{2029}'        // line and paragraph separators
        | '\u{202A}'..='\u{202E}'        // embeddings and overrides
        | '\u{2060}'..='\u{2064}'        // word joiner, invisible operators
        | '\u{2066}'..='\u{2069}'        // isolates
        | '\u{206A}'..='\u{206F}'        // deprecated format characters
        | '\u{FEFF}'                     // zero-width no-break space (BOM)
        | '\u{FFF9}'..='\u{FFFB}'        // interlinear annotations
    )
}

/// Finds control characters written raw or as escapes (`\u{1b}`, `\x1b`, `\t`, `\r`).
fn control_characters(path: &str, text: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (n, line) in text.split('\n').enumerate() {
        let mut chars = line.char_indices().peekable();
        let mut col = 0;
        while let Some((i, c)) = chars.next() {
            col += 1;
            let here = (n + 1, col);
            if !is_allowed_char(c) {
                problems.push(Problem::at(
                    path,
                    here,
                    Finding::BadCharacter {
                        code: c as u32,
                        control: c.is_control(),
                        escaped: false,
                    },
                ));
            } else if c == '\\' {
                let rest = &line[i + 1..];
                let escaped = escaped_char(rest);
                if let Some(e) = escaped
                    && !is_allowed_char(e)
                {
                    problems.push(Problem::at(
                        path,
                        here,
                        Finding::BadCharacter {
                            code: e as u32,
                            control: e.is_control(),
                            escaped: true,
                        },
                    ));
                }
                // Skip the escaped character so `\\` does not start a second escape.
                if chars.next().is_some() {
                    col += 1;
                }
            }
        }
    }
    problems
}

fn escaped_char(rest: &str) -> Option<char> {
    let mut it = rest.chars();
    match it.next()? {
        't' => Some('\t'),
        'r' => Some('\r'),
        '0' => Some('\0'),
        'b' => Some('\u{8}'),
        'f' => Some('\u{c}'),
        'x' => u32::from_str_radix(rest.get(1..3)?, 16)
            .ok()
            .and_then(char::from_u32),
        'u' => {
            let body = rest.strip_prefix("u{")?;
            let end = body.find('}')?;
            u32::from_str_radix(&body[..end], 16)
                .ok()
                .and_then(char::from_u32)
        }
        _ => None,
    }
}

/// Checks a value given on the command line or in a form: NFC, no control characters.
pub fn clean_text(field: &str, text: &str) -> Result<String, String> {
    check_chars(text).map_err(|(at, c)| {
        format!(
            "{field}: {} U+{:04X} at character {at} is not allowed",
            char_kind(c),
            c as u32,
        )
    })
}

/// `text` in NFC, or the first disallowed character with its position (from 1).
pub fn check_chars(text: &str) -> Result<String, (usize, char)> {
    if let Some((i, c)) = text.chars().enumerate().find(|&(_, c)| !is_allowed_char(c)) {
        return Err((i + 1, c));
    }
    Ok(text.nfc().collect())
}

/// Line and column (from 1) of the first occurrence of `needle` in `text`.
pub fn locate(text: &[u8], needle: &str) -> (usize, usize) {
    let Ok(text) = std::str::from_utf8(text) else {
        return (0, 0);
    };
    match text.find(needle) {
        Some(i) => {
            let before = &text[..i];
            let line = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            (line, col)
        }
        None => (0, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Period, Report};

    #[derive(Debug, serde::Deserialize, serde::Serialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Sample {
        name: String,
        n: u32,
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let err = parse::<Sample>("x.ron", b"(\n    name: \"a\",\n    n: ,\n)\n").unwrap_err();
        assert_eq!(err.len(), 1);
        assert_eq!((err[0].line, err[0].col), (3, 7));
        assert!(err[0].to_string().starts_with("x.ron:3:7: "), "{}", err[0]);
    }

    #[test]
    fn unknown_field_is_an_error() {
        let err = parse::<Sample>("x.ron", b"(name: \"a\", n: 1, colour: \"red\")").unwrap_err();
        assert!(err[0].message.contains("colour"), "{}", err[0]);
    }

    #[test]
    fn control_characters_are_rejected_with_position() {
        let err = parse::<Sample>("x.ron", "(name: \"a\u{1b}[2J\", n: 1)".as_bytes()).unwrap_err();
        assert_eq!((err[0].line, err[0].col), (1, 10));
        let err = parse::<Sample>("x.ron", b"(\n name: \"a\\u{1b}\", n: 1)").unwrap_err();
        assert_eq!((err[0].line, err[0].col), (2, 10));
        assert!(err[0].message.contains("U+001B"));
        // An escaped backslash followed by `t` is text, not a tab.
        assert!(parse::<Sample>("x.ron", br#"(name: "a\\t", n: 1)"#).is_ok());
        assert!(parse::<Sample>("x.ron", br#"(name: "line\nbreak", n: 1)"#).is_ok());
    }

    #[test]
    fn text_is_normalized_to_nfc() {
        let s: Sample = parse("x.ron", "(name: \"e\u{301}\", n: 1)".as_bytes()).unwrap();
        assert_eq!(s.name, "\u{e9}");
    }

    #[test]
    fn canonical_output_round_trips() {
        let r = Report {
            schema: 1,
            item: "A3-02".parse().unwrap(),
            period: Period::parse("2026-W48").unwrap(),
            light: None,
            status: None,
            percent: Some(40),
            progress: "完成“15分钟”站点\n规划|初稿 \"引号\"".into(),
            problems: String::new(),
            next_steps: String::new(),
            asks: String::new(),
            reported_by: "张三".into(),
            reported_on: "2026-11-27".parse().unwrap(),
        };
        let text = to_canonical(&r).unwrap();
        assert!(text.ends_with(")\n"));
        assert!(text.contains("完成“15分钟”站点\\n规划"), "{text}");
        let back: Report = parse("r.ron", text.as_bytes()).unwrap();
        assert_eq!(back, r);
        assert_eq!(to_canonical(&back).unwrap(), text);
    }

    #[test]
    fn direction_invisible_and_separator_characters_are_refused() {
        for c in [
            '\u{202E}', '\u{200F}', '\u{061C}', '\u{2028}', '\u{2029}', '\u{200B}', '\u{FEFF}',
        ] {
            let e = clean_text("name", &format!("王{c}芳")).unwrap_err();
            assert!(
                e.contains(&format!("U+{:04X}", c as u32)) && !e.contains(c),
                "{e}"
            );
            let err =
                parse::<Sample>("x.ron", format!("(name: \"a{c}\", n: 1)").as_bytes()).unwrap_err();
            assert!(
                err[0].message.contains("invisible or direction character"),
                "{err:?}"
            );
        }
        assert_eq!(clean_text("name", "王芳 Wang").unwrap(), "王芳 Wang");
    }

    #[test]
    fn crlf_files_are_read_and_extension_attributes_refused() {
        let s: Sample = parse("x.ron", b"(\r\n    name: \"a\",\r\n    n: 1,\r\n)\r\n").unwrap();
        assert_eq!(s.name, "a");
        assert!(has_crlf(b"a\r\nb"));
        let err = parse::<Sample>("x.ron", b"#![enable(implicit_some)]\n(name: \"a\", n: 1)")
            .unwrap_err();
        assert!(err[0].message.contains("#![enable"), "{err:?}");
        // A lone CR is still a control character.
        assert!(parse::<Sample>("x.ron", b"(name: \"a\rb\", n: 1)").is_err());
    }

    #[test]
    fn clean_text_rejects_controls() {
        assert_eq!(clean_text("progress", "ok\n第二行").unwrap(), "ok\n第二行");
        let e = clean_text("progress", "bad\u{7}").unwrap_err();
        assert!(e.contains("U+0007") && e.contains("character 4"), "{e}");
    }
}
