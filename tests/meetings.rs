//! Meetings end to end: real plan repositories made by the real binary, a history of reports
//! from two authors, monthly meetings with decisions, the typed review, the minutes, and the
//! quarterly report.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde_json::Value;

const ZHANG: &str = "张三 <zhang@example.cn>";
const LI: &str = "李四 <li@example.cn>";

struct Repo {
    _tmp: tempfile::TempDir,
    home: PathBuf,
    dir: PathBuf,
}

impl Repo {
    fn new() -> Repo {
        let tmp = tempfile::tempdir().unwrap();
        let home = tmp.path().join("home");
        std::fs::create_dir_all(&home).unwrap();
        let dir = tmp.path().join("plan");
        let repo = Repo {
            _tmp: tmp,
            home,
            dir,
        };
        let out = repo.raw("2026-09-01", &["init", repo.dir.to_str().unwrap()]);
        assert!(
            out.status.success(),
            "init failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        repo
    }

    fn raw(&self, today: &str, args: &[&str]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_taskforce"));
        cmd.env("HOME", &self.home)
            .env("XDG_DATA_HOME", self.home.join("data"))
            .env("TASKFORCE_TODAY", today)
            .env(
                "TASKFORCE_TEST_FSYNC",
                std::env::var("TASKFORCE_TEST_FSYNC").unwrap_or_else(|_| "0".into()),
            )
            .env_remove("TASKFORCE_REPO")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .current_dir(&self.home);
        if args.first() != Some(&"init") {
            cmd.arg("--repo").arg(&self.dir);
        }
        cmd.args(args).output().unwrap()
    }

    /// Runs a command that must succeed; returns stdout.
    fn ok(&self, today: &str, args: &[&str]) -> String {
        let out = self.raw(today, args);
        assert!(
            out.status.success(),
            "taskforce {args:?} failed ({}):\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn file(&self, path: &str) -> String {
        std::fs::read_to_string(self.dir.join(path)).unwrap()
    }
}

fn report(
    repo: &Repo,
    today: &str,
    who: &str,
    id: &str,
    period: &str,
    light: &str,
    problems: &str,
) {
    repo.ok(
        today,
        &[
            "set",
            id,
            "--cycle",
            "monthly",
            "--period",
            period,
            "--light",
            light,
            "--problems",
            problems,
            "--author",
            who,
        ],
    );
}

/// A parsed markdown document: headings, tables (rows of cell texts, header first), ordered
/// list items, and whether any raw HTML or code span appeared.
#[derive(Debug, Default)]
struct Doc {
    headings: Vec<(HeadingLevel, String)>,
    tables: Vec<Vec<Vec<String>>>,
    ordered_items: Vec<String>,
    html: usize,
    code: usize,
}

fn parse(markdown: &str) -> Doc {
    let mut doc = Doc::default();
    let mut text = String::new();
    let mut in_heading = None;
    let mut in_item = 0usize;
    let mut list_ordered = Vec::new();
    let mut row: Vec<String> = Vec::new();
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                in_heading = Some(level);
                text.clear();
            }
            Event::End(TagEnd::Heading(_)) => {
                doc.headings
                    .push((in_heading.take().unwrap(), std::mem::take(&mut text)));
            }
            Event::Start(Tag::Table(_)) => doc.tables.push(Vec::new()),
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => row.clear(),
            Event::End(TagEnd::TableHead) | Event::End(TagEnd::TableRow) => {
                doc.tables
                    .last_mut()
                    .unwrap()
                    .push(std::mem::take(&mut row));
            }
            Event::Start(Tag::TableCell) => text.clear(),
            Event::End(TagEnd::TableCell) => row.push(std::mem::take(&mut text)),
            Event::Start(Tag::List(first)) => list_ordered.push(first.is_some()),
            Event::End(TagEnd::List(_)) => {
                list_ordered.pop();
            }
            Event::Start(Tag::Item) => {
                in_item += 1;
                text.clear();
            }
            Event::End(TagEnd::Item) => {
                in_item -= 1;
                if list_ordered.last() == Some(&true) {
                    doc.ordered_items.push(std::mem::take(&mut text));
                }
            }
            Event::Text(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::Code(t) => {
                doc.code += 1;
                text.push_str(&t);
            }
            Event::Html(_) | Event::InlineHtml(_) => doc.html += 1,
            _ => {}
        }
    }
    let _ = in_item;
    doc
}

fn h2(doc: &Doc) -> Vec<String> {
    doc.headings
        .iter()
        .filter(|(l, _)| *l == HeadingLevel::H2)
        .map(|(_, t)| t.clone())
        .collect()
}

fn table_with<'a>(doc: &'a Doc, first_header: &str, second_header: &str) -> &'a Vec<Vec<String>> {
    doc.tables
        .iter()
        .find(|t| {
            t[0].first().map(String::as_str) == Some(first_header)
                && t[0].get(1).map(String::as_str) == Some(second_header)
        })
        .unwrap_or_else(|| {
            panic!(
                "no table with header {first_header} | {second_header}: {:?}",
                doc.tables.iter().map(|t| &t[0]).collect::<Vec<_>>()
            )
        })
}

fn assert_rectangular(doc: &Doc) {
    for t in &doc.tables {
        for r in t {
            assert_eq!(
                r.len(),
                t[0].len(),
                "row {r:?} does not match header {:?}",
                t[0]
            );
        }
    }
}

const MINUTES_SECTIONS: [&str; 4] = [
    "一、会议概况",
    "二、上次会议议定事项落实情况",
    "三、会议听取",
    "四、会议议定事项",
];

/// Builds the history of the acceptance test: September and October reports from two
/// authors, the October monthly meeting with three decisions, one closed, November reports,
/// and the November monthly meeting with one decision.
fn history() -> Repo {
    let r = Repo::new();
    report(
        &r,
        "2026-09-08",
        ZHANG,
        "A3-02",
        "2026-09",
        "yellow",
        "站点用地难",
    );
    report(&r, "2026-09-15", LI, "A4-01", "2026-09", "green", "");
    report(&r, "2026-10-08", ZHANG, "A3-02", "2026-10", "green", "");
    report(&r, "2026-10-09", LI, "A4-01", "2026-10", "green", "");
    r.ok(
        "2026-10-15",
        &[
            "meeting",
            "new",
            "monthly",
            "--date",
            "2026-10-15 14:30",
            "--chair",
            "王副市长",
            "--attendee",
            "市人社局",
            "--attendee",
            "市卫健委",
            "--place",
            "市行政管理中心3号楼",
            "--author",
            ZHANG,
        ],
    );
    r.ok(
        "2026-10-15",
        &[
            "meeting",
            "decide",
            "加快就业服务站点用地审批",
            "--lead",
            "市人社局",
            "--co",
            "市住建局",
            "--deadline",
            "2026-11-30",
            "--measure",
            "A3-02",
            "--author",
            ZHANG,
        ],
    );
    r.ok(
        "2026-10-15",
        &[
            "meeting",
            "decide",
            "完成慢病一体化门诊摸底",
            "--lead",
            "市卫健委",
            "--deadline",
            "2026-11-15",
            "--author",
            ZHANG,
        ],
    );
    r.ok(
        "2026-10-15",
        &[
            "meeting",
            "decide",
            "报送托育一件事方案",
            "--lead",
            "市教育局",
            "--deadline",
            "2026-12-31",
            "--author",
            ZHANG,
        ],
    );
    r.ok("2026-10-15", &["meeting", "close", "--author", ZHANG]);
    r.ok(
        "2026-10-20",
        &[
            "item",
            "set",
            "D2026-10-03",
            "--status",
            "closed",
            "--approved-by",
            "专班办公室",
            "--basis",
            "方案已印发",
            "--feedback",
            "已报送",
            "--author",
            LI,
        ],
    );
    report(
        &r,
        "2026-11-03",
        ZHANG,
        "A3-02",
        "2026-11",
        "red",
        "用地指标仍未落实",
    );
    report(&r, "2026-11-04", LI, "A4-01", "2026-11", "green", "");
    r.ok(
        "2026-11-12",
        &[
            "meeting",
            "new",
            "monthly",
            "--date",
            "2026-11-12 09:30",
            "--chair",
            "王副市长",
            "--attendee",
            "市人社局",
            "--author",
            LI,
        ],
    );
    r.ok(
        "2026-11-12",
        &[
            "meeting",
            "decide",
            "研究养老护理员补贴政策",
            "--lead",
            "市民政局",
            "--co",
            "市人社局",
            "--co",
            "市医保局",
            "--deadline",
            "2026-12-20",
            "--author",
            LI,
        ],
    );
    r.ok("2026-11-12", &["meeting", "close", "--author", LI]);
    r
}

fn change_set(json: &str) -> BTreeSet<(String, String, String, String)> {
    let v: Value = serde_json::from_str(json).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["kind"].as_str().unwrap().to_string(),
                c["id"].as_str().unwrap().to_string(),
                c["field"].as_str().unwrap().to_string(),
                c["author"].as_str().unwrap_or("-").to_string(),
            )
        })
        .collect()
}

#[test]
fn history_review_minutes_and_carried_items() {
    let r = history();
    let git_tags = Command::new("git")
        .args(["tag", "--list"])
        .current_dir(&r.dir)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&git_tags.stdout),
        "meeting/monthly/2026-10\nmeeting/monthly/2026-11\n"
    );

    // The November minutes: sections, tables and carried items.
    let minutes = r.file("minutes/M2026-11.md");
    let doc = parse(&minutes);
    assert_eq!(
        doc.headings[0],
        (
            HeadingLevel::H1,
            "温州市基本公共服务一体化改革专班 第2次月例会纪要".to_string()
        )
    );
    assert_eq!(
        doc.headings
            .iter()
            .filter(|(l, _)| *l == HeadingLevel::H1)
            .count(),
        1
    );
    assert_eq!(h2(&doc), MINUTES_SECTIONS);
    assert_eq!(doc.html, 0);
    assert_rectangular(&doc);
    let carried = table_with(&doc, "编号", "事项");
    assert_eq!(
        carried[0],
        [
            "编号",
            "事项",
            "责任单位",
            "时限",
            "提出会议",
            "结转次数",
            "落实情况",
            "状态"
        ]
    );
    let rows: BTreeMap<&str, (&str, &str, &str)> = carried[1..]
        .iter()
        .map(|r| (r[0].as_str(), (r[4].as_str(), r[5].as_str(), r[7].as_str())))
        .collect();
    assert_eq!(
        rows,
        BTreeMap::from([
            ("D2026-10-01", ("M2026-10", "1", "推进中")),
            ("D2026-10-02", ("M2026-10", "1", "推进中")),
            ("D2026-10-03", ("M2026-10", "1", "已销号")),
        ])
    );
    let lights = table_with(&doc, "行动", "举措");
    assert_eq!(lights.len(), 1 + 9 + 1);
    assert_eq!(lights[10][0], "合计");
    // A3-02 is red now; it was green at the October meeting.
    assert_eq!(lights[3][7], "+1");
    let flagged = table_with(&doc, "编号", "举措");
    assert_eq!(flagged.len(), 2);
    assert_eq!(
        (
            flagged[1][0].as_str(),
            flagged[1][3].as_str(),
            flagged[1][5].as_str()
        ),
        ("A3-02", "红灯", "用地指标仍未落实")
    );
    // Changes since October, grouped by action: A3-02 turned red (A4-01 stayed green, so A4
    // has no changes), then the October item struck off, which is tied to no measure. The
    // meeting's own decision is section 四, not a change heard.
    let change_heads: Vec<&str> = doc
        .headings
        .iter()
        .filter(|(l, _)| *l == HeadingLevel::H4)
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(change_heads, ["A3 “就业”圈链融通改革行动", "综合事项"]);
    assert_eq!(doc.ordered_items.len(), 1);
    assert!(
        doc.ordered_items[0].starts_with(
            "研究养老护理员补贴政策。由市民政局牵头，市人社局、市医保局配合，于2026年12月20日前完成"
        ),
        "{}",
        doc.ordered_items[0]
    );

    // Rendering again gives the same bytes, twice.
    let again = r.ok("2026-11-13", &["minutes", "M2026-11"]);
    assert_eq!(again, minutes);
    assert_eq!(r.ok("2026-11-14", &["minutes", "M2026-11"]), minutes);

    // Changes after the November meeting.
    r.ok(
        "2026-11-16",
        &[
            "item",
            "set",
            "D2026-10-01",
            "--status",
            "closed",
            "--approved-by",
            "王主任",
            "--author",
            LI,
        ],
    );
    report(
        &r,
        "2026-11-16",
        ZHANG,
        "A3-02",
        "2026-11",
        "yellow",
        "用地指标已报批",
    );
    report(
        &r,
        "2026-11-17",
        LI,
        "A5-01",
        "2026-11",
        "red",
        "护理员缺口大",
    );
    r.ok(
        "2026-11-18",
        &[
            "set",
            "A1-01",
            "--deadline",
            "2027-06-30",
            "--author",
            ZHANG,
        ],
    );
    r.ok(
        "2026-11-18",
        &["set", "A1-02", "--lead", "市卫健委", "--author", ZHANG],
    );
    r.ok(
        "2026-11-19",
        &[
            "indicator",
            "record",
            "I20",
            "--period",
            "2026-Q3",
            "--value",
            "88",
            "--author",
            LI,
        ],
    );
    r.ok(
        "2026-11-19",
        &[
            "landmark",
            "add",
            "--year",
            "2026",
            "--title",
            "托育一件事集成改革",
            "--measure",
            "A1-01",
            "--lead",
            "市教育局",
            "--author",
            ZHANG,
        ],
    );

    let json = r.ok("2026-11-20", &["diff", "--since", "last-monthly", "--json"]);
    let expected: BTreeSet<(String, String, String, String)> = [
        ("item_closed", "D2026-10-01", "status", "李四"),
        ("light", "A3-02", "light", "张三"),
        ("new_red", "A5-01", "light", "李四"),
        ("deadline_moved", "A1-01", "deadline", "张三"),
        ("lead", "A1-02", "lead_unit", "张三"),
        ("observation", "I20", "value", "李四"),
        // Its deadline (2026-11-15) passed after the meeting: time, not a commit.
        ("newly_overdue", "D2026-10-02", "overdue", "-"),
        ("landmark", "L2026-01", "title", "张三"),
    ]
    .into_iter()
    .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
    .collect();
    assert_eq!(change_set(&json), expected);
    let v: Value = serde_json::from_str(&json).unwrap();
    let light = v
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "A3-02")
        .unwrap();
    assert_eq!(
        (
            light["from"].as_str(),
            light["to"].as_str(),
            light["action"].as_str()
        ),
        (Some("Red"), Some("Yellow"), Some("A3"))
    );
    let moved = v
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "A1-01")
        .unwrap();
    assert_eq!(
        (moved["from"].as_str(), moved["to"].as_str()),
        (Some("2027-12-31"), Some("2027-06-30"))
    );
    for c in v.as_array().unwrap() {
        assert_eq!(c["commit"].is_string(), c["author"].is_string());
        assert_eq!(c["time"].is_string(), c["author"].is_string());
    }
    // Grouped by action: the actions appear in plan order.
    let actions: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["action"].as_str())
        .collect();
    let mut sorted = actions.clone();
    sorted.sort();
    assert_eq!(actions, sorted);
    // The same review by tag name.
    assert_eq!(
        change_set(&r.ok(
            "2026-11-20",
            &["diff", "--since", "meeting/monthly/2026-11", "--json"]
        )),
        expected
    );
    // Since the October meeting the review also holds the November changes and decision.
    let since_october = change_set(&r.ok(
        "2026-11-20",
        &["diff", "--since", "meeting/monthly/2026-10", "--json"],
    ));
    assert!(since_october.contains(&(
        "item_new".into(),
        "D2026-11-01".into(),
        "text".into(),
        "李四".into()
    )));
    assert!(!expected.iter().any(|e| e.1 == "D2026-11-01"));

    // The committed minutes stay reproducible after later changes.
    assert_eq!(r.ok("2026-11-20", &["minutes", "M2026-11"]), minutes);

    // A weekly dispatch later hears every earlier item: carried counts grow with each meeting.
    r.ok(
        "2026-11-26",
        &[
            "meeting",
            "new",
            "weekly",
            "--date",
            "2026-11-26 10:00",
            "--author",
            ZHANG,
        ],
    );
    let weekly = parse(&r.ok("2026-11-26", &["minutes"]));
    let carried = table_with(&weekly, "编号", "事项");
    let rows: BTreeMap<&str, (&str, &str)> = carried[1..]
        .iter()
        .map(|r| (r[0].as_str(), (r[5].as_str(), r[7].as_str())))
        .collect();
    assert_eq!(
        rows,
        BTreeMap::from([
            ("D2026-10-01", ("2", "已销号")),
            ("D2026-10-02", ("2", "逾期")),
            ("D2026-10-03", ("2", "已销号")),
            ("D2026-11-01", ("1", "推进中")),
        ])
    );
    assert_eq!(h2(&weekly), MINUTES_SECTIONS);

    // English minutes.
    let en = parse(&r.ok("2026-11-26", &["--lang", "en", "minutes", "M2026-11"]));
    assert_eq!(
        h2(&en),
        [
            "1. The meeting",
            "2. Follow-up of earlier decisions",
            "3. Reports heard",
            "4. Decisions"
        ]
    );

    let out = r.raw("2026-11-26", &["check"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn hostile_text_keeps_minutes_well_formed() {
    let r = Repo::new();
    let hostile = "站点|用地 `难` <script>alert(1)</script>\n# 不是标题\n- 不是列表 | **粗** [链接](http://x)";
    let flat =
        "站点|用地 `难` <script>alert(1)</script> # 不是标题 - 不是列表 | **粗** [链接](http://x)";
    report(&r, "2026-11-02", ZHANG, "A3-02", "2026-11", "red", hostile);
    r.ok(
        "2026-11-05",
        &[
            "meeting",
            "new",
            "monthly",
            "--date",
            "2026-11-05 09:00",
            "--place",
            "3号楼|<b>会议室</b>",
            "--author",
            ZHANG,
        ],
    );
    r.ok(
        "2026-11-05",
        &[
            "meeting",
            "decide",
            hostile,
            "--lead",
            "市人社局",
            "--deadline",
            "2026-12-31",
            "--author",
            ZHANG,
        ],
    );
    r.ok(
        "2026-11-05",
        &[
            "meeting",
            "decide",
            "1. 看似列表",
            "--lead",
            "市人社局",
            "--deadline",
            "2026-12-31",
            "--author",
            ZHANG,
        ],
    );
    // Control characters are refused at input, with exit code 2, and nothing is committed.
    let before = r.ok("2026-11-05", &["log", "--json"]);
    for bad in ["红色\u{1b}[31m警告", "响铃\u{7}", "回车\r换行"] {
        let out = r.raw(
            "2026-11-05",
            &[
                "meeting",
                "decide",
                bad,
                "--lead",
                "市人社局",
                "--deadline",
                "2026-12-31",
                "--author",
                ZHANG,
            ],
        );
        assert_eq!(out.status.code(), Some(2), "{bad:?} was accepted");
    }
    assert_eq!(r.ok("2026-11-05", &["log", "--json"]), before);
    r.ok("2026-11-05", &["meeting", "close", "--author", ZHANG]);

    let minutes = r.file("minutes/M2026-11.md");
    let doc = parse(&minutes);
    assert_eq!(h2(&doc), MINUTES_SECTIONS);
    assert_eq!(
        doc.headings
            .iter()
            .filter(|(l, _)| *l == HeadingLevel::H1)
            .count(),
        1
    );
    assert_eq!(doc.html, 0, "raw HTML leaked into the minutes:\n{minutes}");
    assert_eq!(
        doc.code, 0,
        "a code span leaked into the minutes:\n{minutes}"
    );
    assert_rectangular(&doc);
    let flagged = table_with(&doc, "编号", "举措");
    assert_eq!(flagged[1][5], flat);
    assert_eq!(doc.ordered_items.len(), 2);
    assert!(
        doc.ordered_items[0].starts_with(flat),
        "{}",
        doc.ordered_items[0]
    );
    assert!(
        doc.ordered_items[1].starts_with("1. 看似列表。"),
        "{}",
        doc.ordered_items[1]
    );
    assert!(
        minutes
            .lines()
            .any(|l| l == "- 地点：3号楼\\|&lt;b&gt;会议室&lt;/b&gt;"),
        "{minutes}"
    );
    assert_eq!(r.ok("2026-11-06", &["minutes", "M2026-11"]), minutes);
    pandoc_clean(&minutes);
}

fn quarterly_rows(markdown: &str) -> BTreeMap<String, Vec<String>> {
    let doc = parse(markdown);
    assert_rectangular(&doc);
    assert_eq!(
        h2(&doc),
        [
            "一、总体进展",
            "二、指标完成情况",
            "三、标志性成果",
            "四、存在问题",
            "五、下季度工作安排"
        ]
    );
    let t = table_with(&doc, "序号", "指标");
    assert_eq!(
        t[0],
        [
            "序号",
            "指标",
            "单位",
            "2024基期值",
            "本年目标",
            "本期值（或预计）",
            "序时进度/完成率",
            "判断",
            "牵头单位",
            "说明"
        ]
    );
    assert_eq!(t.len(), 25);
    t[1..].iter().map(|r| (r[0].clone(), r.clone())).collect()
}

#[test]
fn quarterly_report_pace_and_judgement() {
    let r = Repo::new();
    let rec = |id: &str, period: &str, value: &str, extra: &[&str]| {
        let mut args = vec![
            "indicator",
            "record",
            id,
            "--period",
            period,
            "--value",
            value,
            "--author",
            LI,
        ];
        args.extend_from_slice(extra);
        r.ok("2025-10-10", &args);
    };
    rec("I20", "2025-Q3", "88", &[]);
    rec("I07", "2025-Q3", "2000", &[]);
    rec("I11", "2025-Q2", "2.2", &[]);
    rec("I09", "2025-Q3", "89", &["--note", "年报口径"]);
    rec("I18", "2025-Q3", "1900", &["--estimated"]);
    rec("I16", "2027-Q1", "2", &[]);
    r.ok(
        "2025-10-10",
        &[
            "landmark",
            "add",
            "--year",
            "2025",
            "--title",
            "托育一件事",
            "--measure",
            "A1-01",
            "--lead",
            "市教育局",
            "--evidence",
            "市政府文件",
            "--author",
            LI,
        ],
    );

    let text = r.ok(
        "2025-10-10",
        &["report", "quarterly", "--period", "2025-Q3"],
    );
    let rows = quarterly_rows(&text);
    let cols = |n: &str| {
        let row = &rows[n];
        (
            row[4].as_str(),
            row[5].as_str(),
            row[6].as_str(),
            row[7].as_str(),
        )
    };
    // I20: the 2025 target (85) is below the 2024 baseline (89.63); 88 ≥ 85 reaches it.
    // 88 / 85 = 103.5%.
    assert_eq!(
        cols("20"),
        ("85", "88（2025-Q3）", "完成率103.5%", "达到/快于序时")
    );
    assert!(rows["20"][9].contains("本年目标低于基期值"));
    // I07, a yearly flow: 2000 of 2800 = 71.4% at the end of Q3 (75% elapsed): 3.6 points behind.
    assert_eq!(
        cols("7"),
        (
            "2800",
            "2000（2025-Q3）",
            "完成71.4%／序时75.0%",
            "略低于序时"
        )
    );
    // I11, cumulative from 1.6 to 3.7 (万栋): (2.2 − 1.6) / (3.7 − 1.6) = 28.6% at half-year.
    assert_eq!(
        cols("11"),
        ("3.7", "2.2（2025-Q2）", "完成28.6%／序时50.0%", "明显滞后")
    );
    assert!(rows["11"][9].contains("年初值1.6"));
    // I09, a rate with target ≥90.5: 89 is 1.5 points short; 89 / 90.5 = 98.3%.
    assert_eq!(
        cols("9"),
        ("≥90.5", "89（2025-Q3）", "完成率98.3%", "略低于序时")
    );
    assert!(rows["9"][9].contains("年报口径"));
    // I18, a full-year estimate of a flow: judged against the whole year, 1900 / 1800 = 105.6%.
    assert_eq!(
        cols("18"),
        (
            "≥1800",
            "1900（预计全年）（2025-Q3）",
            "完成105.6%／序时100.0%",
            "达到/快于序时"
        )
    );
    assert_eq!(cols("8"), ("580", "未报送", "—", "未报送"));
    let doc = parse(&text);
    let landmarks = table_with(&doc, "编号", "成果");
    assert_eq!(landmarks[1][0], "L2025-01");

    // 2026 has no column in the plan: shown as such, never invented, unless the taskforce
    // sets one (with its basis); a year the plan covers cannot be overridden.
    r.ok(
        "2026-10-10",
        &[
            "indicator",
            "record",
            "I08",
            "--period",
            "2026-Q3",
            "--value",
            "562",
            "--author",
            LI,
        ],
    );
    r.ok(
        "2026-10-10",
        &[
            "indicator",
            "record",
            "I20",
            "--period",
            "2026-Q3",
            "--value",
            "88",
            "--author",
            LI,
        ],
    );
    r.ok(
        "2026-10-10",
        &[
            "indicator",
            "target",
            "I08",
            "--year",
            "2026",
            "--value",
            "600",
            "--basis",
            "M2026-01议定",
            "--author",
            ZHANG,
        ],
    );
    let refused = r.raw(
        "2026-10-10",
        &[
            "indicator",
            "target",
            "I08",
            "--year",
            "2025",
            "--value",
            "600",
            "--basis",
            "x",
            "--author",
            ZHANG,
        ],
    );
    assert_eq!(refused.status.code(), Some(2));
    let rows = quarterly_rows(&r.ok(
        "2026-10-10",
        &["report", "quarterly", "--period", "2026-Q3"],
    ));
    // I20 has no 2026 target in the plan: the 建议值 (85 + 90) / 2 = 87.5 is offered and the
    // judgement says it is against a 建议值 (DOMAIN.md §5.2); 88 / 87.5 = 100.6%.
    assert_eq!(
        cols_of(&rows, "20"),
        (
            "87.5（建议值）",
            "88（2026-Q3）",
            "完成率100.6%",
            "达到/快于序时（对照建议值）"
        )
    );
    assert!(rows["20"][9].contains("线性插值，待专班确认"));
    // I08 is cumulative (到2027年累计建成650个): the year starts from the 2025 target 580, so
    // 562 against the taskforce's 600 is (562 − 580) / (600 − 580) = −90% of the year's increment.
    assert_eq!(
        cols_of(&rows, "8"),
        (
            "600（专班设定）",
            "562（2026-Q3）",
            "完成-90.0%／序时75.0%",
            "明显滞后"
        )
    );
    assert!(rows["8"][9].contains("目标依据：M2026-01议定"));
    let out = r.raw("2026-10-10", &["check"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // 2027: I16's target is 完成下达指标; the value is shown, not judged.
    let rows = quarterly_rows(&r.ok(
        "2027-04-10",
        &["report", "quarterly", "--period", "2027-Q1"],
    ));
    assert_eq!(
        cols_of(&rows, "16"),
        (
            "完成下达指标",
            "2（2027-Q1）",
            "—",
            "待上级下达指标，不作判断"
        )
    );
    assert_eq!(cols_of(&rows, "20").0, "90");

    // Landmarks: at most ten a year; remove and set.
    for n in 2..=10 {
        r.ok(
            "2025-10-10",
            &[
                "landmark",
                "add",
                "--year",
                "2025",
                "--title",
                &format!("成果{n}"),
                "--measure",
                "A1-01",
                "--lead",
                "市教育局",
                "--author",
                LI,
            ],
        );
    }
    let out = r.raw(
        "2025-10-10",
        &[
            "landmark",
            "add",
            "--year",
            "2025",
            "--title",
            "第十一项",
            "--measure",
            "A1-01",
            "--lead",
            "市教育局",
            "--author",
            LI,
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    r.ok(
        "2025-10-10",
        &["landmark", "remove", "L2025-03", "--author", LI],
    );
    r.ok(
        "2025-10-10",
        &[
            "landmark",
            "set",
            "L2025-01",
            "--status",
            "done",
            "--evidence",
            "验收报告",
            "--author",
            LI,
        ],
    );
    let doc = parse(&r.ok(
        "2025-10-10",
        &["report", "quarterly", "--period", "2025-Q3"],
    ));
    let landmarks = table_with(&doc, "编号", "成果");
    assert_eq!(landmarks.len(), 1 + 9);
    assert_eq!(
        (landmarks[1][4].as_str(), landmarks[1][5].as_str()),
        ("验收报告", "已完成待销号")
    );
    assert!(!landmarks.iter().any(|row| row[0] == "L2025-03"));
}

fn cols_of<'a>(
    rows: &'a BTreeMap<String, Vec<String>>,
    n: &str,
) -> (&'a str, &'a str, &'a str, &'a str) {
    let row = &rows[n];
    (
        row[4].as_str(),
        row[5].as_str(),
        row[6].as_str(),
        row[7].as_str(),
    )
}

/// Converts markdown to .docx with pandoc and asserts it prints nothing on stderr.
fn pandoc_clean(markdown: &str) {
    if Command::new("pandoc").arg("--version").output().is_err() {
        println!("SKIPPED: pandoc is not installed, so the .docx conversion was not checked");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("minutes.md");
    std::fs::write(&input, markdown).unwrap();
    let output = dir.path().join("minutes.docx");
    let out = Command::new("pandoc")
        .args(["-f", "gfm", "-t", "docx", "-o"])
        .arg(&output)
        .arg(&input)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pandoc failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "pandoc warned");
    assert!(std::fs::metadata(&output).unwrap().len() > 0);
}

#[test]
fn example_minutes_convert_with_pandoc() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples/minutes-M2026-11.md");
    let markdown = std::fs::read_to_string(&path).unwrap();
    let doc = parse(&markdown);
    // The example meeting has 会议指出 and 会议强调 paragraphs: their section comes before the
    // decisions.
    assert_eq!(
        h2(&doc),
        [
            "一、会议概况",
            "二、上次会议议定事项落实情况",
            "三、会议听取",
            "四、会议指出和强调",
            "五、会议议定事项"
        ]
    );
    assert_rectangular(&doc);
    pandoc_clean(&markdown);
    let report = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples/quarterly-2026-Q4.md");
    pandoc_clean(&std::fs::read_to_string(report).unwrap());
}
