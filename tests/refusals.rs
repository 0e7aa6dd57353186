//! Refusals of the CLI are worded in the UI language: Chinese by default with no English
//! sentence, English with `--lang en` with no Chinese but the data.

mod support;

use support::TempPlan;

fn refusal(p: &TempPlan, args: &[&str]) -> String {
    let before = p.snapshot();
    let r = p.run(args);
    assert_eq!(r.code, 2, "{args:?}: {r:?}");
    p.assert_unchanged(&before, &format!("{args:?}"));
    r.stderr
}

fn english_words(text: &str) -> usize {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| {
            w.len() >= 3 && !["taskforce", "roster", "add", "person", "meeting", "new"].contains(w)
        })
        .count()
}

#[test]
fn refusals_follow_the_ui_language() {
    let p = TempPlan::new();
    let cases: &[&[&str]] = &[
        &["set", "A3-02", "--owner", "刘洋"],
        &["set", "A3-02", "--cycle", "monthly", "--percent", "150"],
        &["set", "A3-02", "--lead", "不存在的局"],
        &["set", "A3-02", "--deadline", "2020-01-01"],
        &["set", "A3-02", "--override", "red"],
        &["set", "A3-99", "--deadline", "2026-12-31"],
        &[
            "meeting",
            "decide",
            "x",
            "--lead",
            "市海洋局",
            "--deadline",
            "2026-12-31",
        ],
    ];
    let mut checked = 0;
    for args in cases {
        let zh = refusal(&p, args);
        // Flags and the ids they name are not sentences.
        let words: String = zh
            .split_whitespace()
            .filter(|w| !w.starts_with("--") && !w.starts_with("taskforce:"))
            .collect::<Vec<_>>()
            .join(" ");
        assert!(english_words(&words) <= 1, "{args:?}: {zh}");
        let mut en_args = vec!["--lang", "en"];
        en_args.extend_from_slice(args);
        let en = refusal(&p, &en_args);
        let data = ["刘洋", "不存在的局", "市海洋局"];
        let mut rest = en.clone();
        for d in data {
            rest = rest.replace(d, "");
        }
        assert!(
            !rest.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{args:?}: {en}"
        );
        checked += 1;
    }
    assert_eq!(checked, cases.len());
}
