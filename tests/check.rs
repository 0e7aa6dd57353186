//! `taskforce check`: every validation rule, each with a failing and a passing case.

mod support;

use support::TempPlan;

/// `check` in English: these tests read the parser's and the validator's own words (the
/// Chinese wording is tested in tests/refusals.rs).
fn check(p: &TempPlan) -> support::Run {
    p.run(&["--lang", "en", "check"])
}

fn replace(p: &TempPlan, rel: &str, from: &str, to: &str) {
    let text = p.read(rel);
    assert!(text.contains(from), "{rel} lacks {from:?}");
    p.write(rel, &text.replacen(from, to, 1));
}

#[test]
fn bundled_plan_passes() {
    let p = TempPlan::new();
    let r = p.run(&["check"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stderr.contains("检查通过"));
}

#[test]
fn syntax_error_names_file_line_and_column() {
    let p = TempPlan::new();
    replace(
        &p,
        "measures/A3/A3-02.ron",
        "    deadline: \"2027-12-31\",",
        "    deadline: \"2027-12-31\"",
    );
    let r = check(&p);
    assert_eq!(r.code, 2);
    let line = r
        .stderr
        .lines()
        .find(|l| l.starts_with("measures/A3/A3-02.ron:"))
        .expect(&r.stderr);
    // The missing comma is noticed where the next field starts: line 15, column 5.
    assert!(
        line.starts_with("measures/A3/A3-02.ron:15:5: Expected comma"),
        "{line}"
    );
    assert_eq!(
        r.stderr.lines().filter(|l| l.contains(".ron")).count(),
        1,
        "no follow-on problems: {}",
        r.stderr
    );
}

#[test]
fn unsafe_id_dangling_reference_and_unknown_owner_in_one_run() {
    let p = TempPlan::new();
    // An unsafe id (a file name that is not an allowed id).
    let text = p.read("measures/A1/A1-01.ron");
    p.write("measures/A1/A1 01.ron", &text);
    // A dangling reference.
    replace(&p, "measures/A3/A3-02.ron", "    \"I08\",", "    \"I99\",");
    // An owner who is not in the roster.
    replace(
        &p,
        "measures/A5/A5-01.ron",
        "owner: None",
        "owner: Some(\"李四\")",
    );
    let r = check(&p);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("measures/A1/A1 01.ron: unsafe file name"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("measures/A3/A3-02.ron:17:9: unknown indicator I99 (dangling reference)"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("measures/A5/A5-01.ron:11:17: owner 李四 is not in the roster"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("3 problem(s) found"), "{}", r.stderr);
}

#[test]
fn owner_in_roster_passes() {
    let p = TempPlan::new();
    replace(
        &p,
        "units.ron",
        "people: []",
        "people: [(name: \"李四\", unit: \"市民政局\", role: None)]",
    );
    replace(
        &p,
        "measures/A5/A5-01.ron",
        "owner: None",
        "owner: Some(\"李四\")",
    );
    assert_eq!(check(&p).code, 0);
}

#[test]
fn unknown_field_is_reported_not_dropped() {
    let p = TempPlan::new();
    replace(
        &p,
        "measures/A3/A3-02.ron",
        "    tags: [],",
        "    tags: [],\n    colour: \"red\",",
    );
    let r = check(&p);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("measures/A3/A3-02.ron:") && r.stderr.contains("colour"),
        "{}",
        r.stderr
    );
}

#[test]
fn duplicate_id_and_misfiled_measure() {
    let p = TempPlan::new();
    let text = p.read("measures/A3/A3-02.ron");
    p.write("measures/A4/A3-02.ron", &text);
    let r = check(&p);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("duplicate id A3-02"), "{}", r.stderr);
    assert!(r.stderr.contains("filed under A4/"), "{}", r.stderr);
}

#[test]
fn id_must_match_file_name() {
    let p = TempPlan::new();
    replace(
        &p,
        "measures/A3/A3-02.ron",
        "id: \"A3-02\"",
        "id: \"A3-99\"",
    );
    let r = check(&p);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("id A3-99 does not match the file name"),
        "{}",
        r.stderr
    );
}

#[test]
fn impossible_dates() {
    let p = TempPlan::new();
    replace(
        &p,
        "measures/A3/A3-02.ron",
        "deadline: \"2027-12-31\"",
        "deadline: \"2026-02-30\"",
    );
    let r = check(&p);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("measures/A3/A3-02.ron:14:16: input is out of range"),
        "{}",
        r.stderr
    );
    assert_eq!(
        r.stderr.lines().filter(|l| l.contains(".ron")).count(),
        1,
        "{}",
        r.stderr
    );
    replace(
        &p,
        "measures/A3/A3-02.ron",
        "deadline: \"2026-02-30\"",
        "deadline: \"2024-06-30\"",
    );
    let r = check(&p);
    assert!(
        r.stderr.contains("the deadline is before the start"),
        "{}",
        r.stderr
    );
    replace(
        &p,
        "measures/A3/A3-02.ron",
        "deadline: \"2024-06-30\"",
        "deadline: \"2026-06-30\"",
    );
    assert_eq!(check(&p).code, 0);
}

#[test]
fn lead_unit_must_be_in_the_roster() {
    let p = TempPlan::new();
    replace(
        &p,
        "measures/A3/A3-02.ron",
        "lead_unit: \"市人社局\"",
        "lead_unit: \"市人力社保局\"",
    );
    let r = check(&p);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("unit 市人力社保局 is not in the roster"),
        "{}",
        r.stderr
    );
    replace(
        &p,
        "measures/A3/A3-02.ron",
        "lead_unit: \"市人力社保局\"",
        "lead_unit: \"瑞安市\"",
    );
    assert_eq!(check(&p).code, 0);
}

#[test]
fn control_characters_are_rejected_with_position() {
    let p = TempPlan::new();
    replace(
        &p,
        "measures/A3/A3-02.ron",
        "title: \"加强",
        "title: \"\\u{1b}[2J加强",
    );
    let r = check(&p);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("measures/A3/A3-02.ron:5:13: control character U+001B"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains('\u{1b}'));
}

#[test]
fn printed_indicator_value_must_match_its_parsed_form() {
    let p = TempPlan::new();
    replace(
        &p,
        "indicators/I09.ron",
        "parsed: AtLeast(90.5)",
        "parsed: Exactly(90.5)",
    );
    let r = check(&p);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("printed value \"≥90.5\" does not match"),
        "{}",
        r.stderr
    );
}

#[test]
fn check_json_lists_every_problem() {
    let p = TempPlan::new();
    replace(
        &p,
        "measures/A3/A3-02.ron",
        "InferredFromIndicator(\"I08\")",
        "InferredFromIndicator(\"I99\")",
    );
    replace(&p, "indicators/I08.ron", "\"A3-02\"", "\"A3-77\"");
    let r = p.run(&["check", "--json"]);
    assert_eq!(r.code, 2);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let list = v.as_array().expect("array");
    assert_eq!(list.len(), 2, "{v}");
    assert_eq!(list[0]["path"], "indicators/I08.ron");
    assert!(list[0]["line"].as_u64().unwrap() > 0);
}

#[test]
fn hostile_files_are_reported_never_crash_and_are_never_rewritten() {
    let p = TempPlan::new();
    let path = "measures/A3/A3-02.ron";
    let original = p.read(path);
    let nested = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let hostile: Vec<(&str, Vec<u8>)> = vec![
        (
            "deep nesting",
            original
                .replace("tags: []", &format!("tags: {nested}"))
                .into_bytes(),
        ),
        (
            "oversized",
            format!("{original}//{}\n", "x".repeat(2 << 20)).into_bytes(),
        ),
        (
            "invalid UTF-8",
            [
                &original.as_bytes()[..20],
                &[0xff, 0xfe],
                &original.as_bytes()[20..],
            ]
            .concat(),
        ),
        ("NUL byte", original.replace("加强", "加\0强").into_bytes()),
        (
            "truncated",
            original.as_bytes()[..original.len() / 2].to_vec(),
        ),
        ("empty", Vec::new()),
        (
            "binary noise",
            (0..4096u32)
                .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
                .collect(),
        ),
    ];
    for (what, bytes) in hostile {
        std::fs::write(p.path().join(path), &bytes).expect("write");
        let r = p.run(&["check"]);
        assert_eq!(r.code, 2, "{what}: {r:?}");
        assert!(
            r.stderr.contains("measures/A3/A3-02.ron"),
            "{what}: {}",
            r.stderr
        );
        let r = p.run(&["set", "A3-02", "--deadline", "2027-01-01"]);
        assert_ne!(r.code, 0, "{what}: set must refuse");
        assert!(!r.stderr.contains("panicked"), "{what}: {}", r.stderr);
        assert_eq!(
            std::fs::read(p.path().join(path)).expect("read"),
            bytes,
            "{what}: the file was changed"
        );
        // The other items are still listed, and the invalid file is named.
        let r = p.run(&["list", "--json"]);
        assert_eq!(r.code, 0, "{what}: {r:?}");
        assert!(r.stdout.contains("A3-01"), "{what}: {}", r.stdout);
        assert!(
            r.stderr.contains("未通过检查") && r.stderr.contains(path),
            "{what}: {}",
            r.stderr
        );
    }
    std::fs::write(p.path().join(path), &original).expect("restore");
    assert_eq!(p.run(&["check"]).code, 0);
}

#[test]
fn a_crlf_checkout_is_read_as_a_style_problem_and_stays_writable() {
    let p = TempPlan::new();
    let attributes = p.read(".gitattributes");
    assert_eq!(attributes, taskforce::store::GITATTRIBUTES);
    assert!(attributes.contains("\n*.ron -text merge=taskforce\nminutes/*.md -text\n"));
    // What core.autocrlf=true or an eol=crlf attribute checks out.
    let files: Vec<String> = p
        .git(&["ls-files", "*.ron"])
        .lines()
        .map(str::to_string)
        .collect();
    assert!(files.len() > 100);
    for f in &files {
        let text = p.read(f);
        p.write(f, &text.replace('\n', "\r\n"));
    }
    let r = check(&p);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(
        r.stderr.matches("CRLF line ends (style").count(),
        files.len(),
        "{}",
        r.stderr
    );
    let r = p.run(&["list", "--action", "A3"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("A3-02"));
    // The CRLF files are not hand edits: a write goes through and stores LF.
    let r = p.run(&["set", "A3-02", "--deadline", "2027-03-31"]);
    assert_eq!(r.code, 0, "{r:?}");
    let committed = p.git(&["show", "HEAD:measures/A3/A3-02.ron"]);
    assert!(committed.contains("2027-03-31") && !committed.contains('\r'));
    assert!(
        p.run(&["fmt", "--check"]).code != 0,
        "fmt --check names CRLF files"
    );
}
