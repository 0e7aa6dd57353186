//! Refusals of the CLI are worded in the UI language: Chinese by default with no English
//! sentence, English with `--lang en` with no Chinese but the data. The same holds for what
//! `check` finds in a broken plan.

mod support;

use support::TempPlan;

fn refusal(p: &TempPlan, args: &[&str]) -> String {
    let before = p.snapshot();
    let r = p.run(args);
    assert_eq!(r.code, 2, "{args:?}: {r:?}");
    p.assert_unchanged(&before, &format!("{args:?}"));
    r.stderr
}

/// Two English words in a row (three letters or more each), the mark of a sentence.
fn english_sentence(text: &str) -> Option<String> {
    text.split(|c: char| !(c.is_ascii_alphabetic() || c == ' '))
        .find(|run| {
            let w: Vec<&str> = run.split(' ').filter(|w| !w.is_empty()).collect();
            w.windows(2).any(|p| p.iter().all(|w| w.len() >= 3))
        })
        .map(str::to_string)
}

/// The words of a Chinese message that are not names: flags, paths, file names and the usage
/// line (a command to type) are left out.
fn sentence_words(zh: &str) -> String {
    let mut zh = zh.to_string();
    // Commands the message tells the user to type.
    for c in ["taskforce meeting new", "roster add-person", "git config"] {
        zh = zh.replace(c, "");
    }
    zh.lines()
        .filter(|l| !l.starts_with("用法："))
        .flat_map(str::split_whitespace)
        .filter(|w| {
            !w.starts_with("--")
                && !w.starts_with("taskforce:")
                && !w.contains('/')
                && !w.contains(".ron")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// `args` refused in Chinese (no English sentence) and in English (no Chinese but `data`).
fn assert_worded(p: &TempPlan, args: &[&str], data: &[&str]) {
    let zh = refusal(p, args);
    assert!(has_cjk(&zh), "{args:?}: {zh}");
    assert_eq!(
        english_sentence(&sentence_words(&zh)),
        None,
        "{args:?}: {zh}"
    );
    let mut en_args = vec!["--lang", "en"];
    en_args.extend_from_slice(args);
    let mut rest = refusal(p, &en_args);
    for d in data {
        rest = rest.replace(d, "");
    }
    assert!(!has_cjk(&rest), "{args:?}: {rest}");
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
        // Ids, values and dates that do not parse.
        &["set", "A 3", "--deadline", "2026-12-31"],
        &["set", "A3-02", "--deadline", "2026/12/31"],
        &["show", "A3-02", "--period", "2026-13"],
        &["list", "--light", "purple"],
        &["meeting", "new", "yearly"],
        // Objects that do not exist, named by what they are.
        &["item", "set", "D2026-11-01", "--status", "done"],
        &["landmark", "set", "L2026-09", "--title", "新标题"],
        &["item", "set", "D2026-11-01"],
        // Usage errors found by the argument parser.
        &["set", "A3-02", "--done-milestone", "2026-12-31"],
        &["sett", "A3-02"],
        &[
            "indicator",
            "record",
            "I08",
            "--period",
            "2026-Q3",
            "--value",
            "abc",
        ],
        &["indicator", "target", "I08"],
    ];
    let data = ["刘洋", "不存在的局", "市海洋局", "新标题"];
    let mut checked = 0;
    for args in cases {
        assert_worded(&p, args, &data);
        checked += 1;
    }
    assert_eq!(checked, cases.len());
}

#[test]
fn objects_that_do_not_exist_are_named_by_what_they_are() {
    let p = TempPlan::new();
    for (args, zh) in [
        (
            &["item", "set", "D2026-11-01", "--status", "done"][..],
            "没有编号为 D2026-11-01 的议定事项",
        ),
        (
            &["landmark", "remove", "L2026-09"][..],
            "没有编号为 L2026-09 的标志性成果",
        ),
        (
            &["set", "A3-99", "--deadline", "2026-12-31"][..],
            "没有编号为 A3-99 的举措",
        ),
    ] {
        let text = refusal(&p, args);
        assert!(text.contains(zh), "{args:?}: {text}");
    }
    let en = refusal(
        &p,
        &[
            "--lang",
            "en",
            "item",
            "set",
            "D2026-11-01",
            "--status",
            "done",
        ],
    );
    assert!(en.contains("no action item with id D2026-11-01"), "{en}");
}

#[test]
fn check_names_every_problem_in_the_ui_language() {
    let p = TempPlan::new();
    let measure = p.read("measures/A3/A3-02.ron");
    p.write(
        "measures/A3/A3-02.ron",
        &measure
            .replace("\"I08\",\n    ],", "\"I99\",\n    ],")
            .replace("lead_unit: \"市人社局\"", "lead_unit: \"卫生局\"")
            .replace("deadline: \"2027-12-31\"", "deadline: \"2024-12-31\""),
    );
    let other = p.read("measures/A3/A3-03.ron");
    p.write(
        "measures/A3/A3-03.ron",
        &other.replace("id: \"A3-03\"", "id: \"A3-04\""),
    );
    p.write("measures/A3/A3-09.ron", "(schema: 1, id: \"A3-09\",");
    p.write("measures/A3/notes.txt", "草稿");
    let zh = p.run(&["check"]);
    assert_eq!(zh.code, 2, "{zh:?}");
    let en = p.run(&["--lang", "en", "check"]);
    assert_eq!(en.code, 2, "{en:?}");
    for want in [
        "measures/A3/A3-02.ron:",
        "引用了不存在的指标 I99",
        "单位 卫生局 不在名册中",
        "完成时限早于开始日期（2024-12-31 早于 2025-01-01）",
        "编号 A3-04 与文件名不符",
        "measures/A3/A3-09.ron:1:",
        "measures/A3/notes.txt: 此处不应有该文件（应为“编号.ron”）",
        "处问题",
    ] {
        assert!(
            zh.stderr.contains(want),
            "missing {want:?} in {}",
            zh.stderr
        );
    }
    for want in [
        "unknown indicator I99 (dangling reference)",
        "unit 卫生局 is not in the roster (units.ron)",
        "the deadline is before the start (2024-12-31 < 2025-01-01)",
        "id A3-04 does not match the file name",
        "unexpected file (expected NAME.ron)",
        "problem(s) found",
    ] {
        assert!(
            en.stderr.contains(want),
            "missing {want:?} in {}",
            en.stderr
        );
    }
    let lines: Vec<&str> = zh.stderr.lines().collect();
    assert!(lines.len() >= 7, "{}", zh.stderr);
    for line in &lines {
        assert_eq!(english_sentence(&sentence_words(line)), None, "{line}");
    }
    assert!(!has_cjk(&en.stderr.replace("卫生局", "")), "{}", en.stderr);
}
