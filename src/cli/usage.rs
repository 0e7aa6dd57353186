//! Usage errors (a misspelt flag, a value that does not parse) in the UI language: clap finds
//! them, and this module words the common kinds in Chinese; English keeps clap's own text.

use clap::Parser;
use clap::error::{ContextKind, ContextValue, ErrorKind};

use super::Args;
use crate::model::Lang;

/// The command line's arguments. A usage error is printed in the language `--lang` asks for
/// (Chinese by default) and ends the process with exit code 2; help and version print as clap
/// prints them.
pub fn parse_args() -> Args {
    match Args::try_parse() {
        Ok(args) => args,
        Err(e) => {
            let lang = lang_of(std::env::args().skip(1));
            match (lang, usage_words(&e)) {
                (Lang::Zh, Some(text)) => {
                    eprintln!("taskforce: {text}");
                    std::process::exit(2);
                }
                _ => e.exit(),
            }
        }
    }
}

/// The UI language the arguments ask for, read before they parse (`--lang en`, `--lang=en`).
pub fn lang_of(args: impl IntoIterator<Item = String>) -> Lang {
    let mut next_is_lang = false;
    let mut lang = Lang::Zh;
    for a in args {
        if a == "--" {
            break;
        }
        let value = if next_is_lang {
            next_is_lang = false;
            Some(a.as_str())
        } else if a == "--lang" {
            next_is_lang = true;
            None
        } else {
            a.strip_prefix("--lang=")
        };
        match value {
            Some("en") => lang = Lang::En,
            Some("zh") => lang = Lang::Zh,
            _ => {}
        }
    }
    lang
}

fn one(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join("、")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A usage error in Chinese, with the usage line; `None` for what is not an error (help,
/// version) or a kind not worded here.
pub fn usage_words(e: &clap::Error) -> Option<String> {
    let arg = || one(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = || one(e, ContextKind::InvalidValue).unwrap_or_default();
    let mut text = match e.kind() {
        ErrorKind::UnknownArgument => format!("不认识的参数 {}", arg()),
        ErrorKind::InvalidSubcommand => format!(
            "不认识的命令 {}",
            one(e, ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let mut t = format!("{} 的取值“{}”无效", arg(), value());
            if let Some(valid) = one(e, ContextKind::ValidValue) {
                t.push_str(&format!("；应为 {valid}"));
            }
            t
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数 {}", arg()),
        ErrorKind::MissingSubcommand => "缺少要执行的命令".to_string(),
        ErrorKind::ArgumentConflict => match one(e, ContextKind::PriorArg) {
            Some(prior) if prior != arg() => format!("{} 不能与 {prior} 同时使用", arg()),
            _ => format!("{} 只能给出一次", arg()),
        },
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("{} 的取值个数不对", arg())
        }
        ErrorKind::NoEquals => format!("{} 须用“=”给出取值", arg()),
        _ => return None,
    };
    if let Some(s) = one(e, ContextKind::SuggestedArg)
        .or_else(|| one(e, ContextKind::SuggestedSubcommand))
        .or_else(|| one(e, ContextKind::SuggestedValue))
    {
        text.push_str(&format!("（是否想用 {s}？）"));
    }
    if let Some(usage) = one(e, ContextKind::Usage) {
        let usage = usage.trim();
        let usage = usage.strip_prefix("Usage:").unwrap_or(usage).trim();
        text.push_str(&format!("\n用法：{usage}"));
    }
    text.push_str("\n加 --help 查看说明。");
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(args: &[&str]) -> clap::Error {
        match Args::try_parse_from(std::iter::once("taskforce").chain(args.iter().copied())) {
            Err(e) => e,
            Ok(a) => panic!("{args:?} parsed: {a:?}"),
        }
    }

    fn english_sentence(text: &str) -> Option<String> {
        text.split(|c: char| !(c.is_ascii_alphabetic() || c == ' '))
            .find(|run| {
                let w: Vec<&str> = run.split(' ').filter(|w| !w.is_empty()).collect();
                w.windows(2).any(|p| p.iter().all(|w| w.len() >= 3))
            })
            .map(str::to_string)
    }

    #[test]
    fn usage_errors_are_worded_in_chinese_with_the_usage_line() {
        let cases: &[(&[&str], &str)] = &[
            (
                &["set", "A3-02", "--done-milestone", "x"],
                "不认识的参数 --done-milestone",
            ),
            (&["sett"], "不认识的命令 sett（是否想用 set？）"),
            (
                &[
                    "indicator",
                    "record",
                    "I08",
                    "--period",
                    "2026-Q3",
                    "--value",
                    "abc",
                ],
                "--value <VALUE> 的取值“abc”无效",
            ),
            (
                &["set", "A3-02", "--lang", "fr"],
                "--lang <LANG> 的取值“fr”无效；应为 zh、en",
            ),
            (&["indicator", "target", "I08"], "缺少必需的参数"),
        ];
        let mut checked = 0;
        for (args, expected) in cases {
            let e = error(args);
            let text = usage_words(&e).unwrap_or_else(|| panic!("{args:?}: {e}"));
            assert!(text.contains(expected), "{args:?}: {text}");
            // The usage line is a command to type, not a sentence.
            let first = text.lines().next().unwrap_or_default();
            let words: String = first
                .split_whitespace()
                .filter(|w| !w.starts_with('-') && !w.starts_with('<') && !w.starts_with('['))
                .collect::<Vec<_>>()
                .join(" ");
            assert_eq!(english_sentence(&words), None, "{args:?}: {text}");
            checked += 1;
        }
        assert_eq!(checked, cases.len());
        let text = usage_words(&error(&["set", "A3-02", "--done-milestone", "x"])).expect("words");
        assert!(
            text.ends_with("\n用法：taskforce set --done-on <DATE> <ID>\n加 --help 查看说明。"),
            "{text}"
        );
        assert!(
            usage_words(&error(&["--help"])).is_none(),
            "help is not an error"
        );
    }

    #[test]
    fn the_language_is_read_before_the_arguments_parse() {
        let of = |a: &[&str]| lang_of(a.iter().map(|s| s.to_string()));
        assert_eq!(of(&["set", "--bogus"]), Lang::Zh);
        assert_eq!(of(&["--lang", "en", "set", "--bogus"]), Lang::En);
        assert_eq!(of(&["set", "--lang=en"]), Lang::En);
        assert_eq!(of(&["--", "--lang", "en"]), Lang::Zh);
    }
}
