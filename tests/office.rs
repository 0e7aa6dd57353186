//! The office's paperwork through the real binary: the ledger out as a workbook and back in,
//! the 催办 list, and Word documents.

mod support;
#[path = "support/xlsx.rs"]
mod xlsx;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use calamine::Data;
use support::TempPlan;
use xlsx::{Fill, col, ids_on, read_book, s, text, write_filled};

fn soffice() -> Option<PathBuf> {
    ["/usr/bin/soffice", "/usr/local/bin/soffice"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

/// Converts with LibreOffice headless; the PDF must exist and have pages.
fn converts_to_pdf(file: &Path) {
    let Some(soffice) = soffice() else {
        panic!(
            "soffice is needed (Debian: libreoffice-calc-nogui, libreoffice-writer-nogui; .ci/run installs them)"
        );
    };
    let out = file.parent().expect("parent");
    let profile = out.join("lo-profile");
    let r = std::process::Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(out)
        .arg(file)
        .output()
        .expect("run soffice");
    assert!(r.status.success(), "soffice failed: {r:?}");
    let pdf = file.with_extension("pdf");
    let bytes = std::fs::read(&pdf).unwrap_or_else(|e| panic!("{}: {e}", pdf.display()));
    assert!(bytes.starts_with(b"%PDF"), "not a PDF");
    assert!(bytes.len() > 2000, "PDF too small");
}

#[test]
fn ledger_round_trip_bad_cell_reimport_and_conflict() {
    let p = TempPlan::new();
    let work = p.dir.path();
    let units = ["市教育局", "市人社局", "市卫健委", "市民政局", "市住建局"];
    let mut files = Vec::new();
    let mut expected: BTreeMap<String, (String, u8, String)> = BTreeMap::new();
    for (u, unit) in units.iter().enumerate() {
        let out = work.join(format!("{unit}.xlsx"));
        let r = p.run(&[
            "export",
            "ledger",
            "--cycle",
            "weekly",
            "--unit",
            unit,
            "-o",
            out.to_str().expect("utf-8"),
        ]);
        assert_eq!(r.code, 0, "{r:?}");
        let book = read_book(&out);
        let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["汇总", *unit, "_taskforce"]);
        let meta = &book[2].1;
        assert_eq!(text(&meta[&(2, 1)]), "2026-W48");
        let ids = ids_on(&book, unit);
        assert!(ids.len() >= 6, "{unit} has {} measures", ids.len());
        let fills: Vec<Fill> = ids
            .iter()
            .take(6)
            .enumerate()
            .map(|(i, id)| {
                let light = ["绿", "黄", "红"][(u + i) % 3];
                let percent = (10 * (i + 1) + u) as u8;
                let progress = format!("{unit}第{}项进展", i + 1);
                expected.insert(id.clone(), (light.to_string(), percent, progress.clone()));
                (
                    id.clone(),
                    vec![
                        ("本期亮灯", s(light)),
                        ("状态", s("推进中")),
                        ("完成比例(%)", Data::Float(f64::from(percent))),
                        ("进展情况", s(&progress)),
                        ("存在问题", s(if i == 0 { "用地指标紧张" } else { "" })),
                    ],
                )
            })
            .collect();
        let returned = work.join(format!("回收-{unit}.xlsx"));
        write_filled(&book, unit, &fills, &returned);
        files.push(returned);
    }
    assert_eq!(expected.len(), 30);

    // A dry run commits nothing and says what would be committed.
    let before = p.snapshot();
    let mut args: Vec<&str> = vec!["import", "--dry-run"];
    args.extend(files.iter().map(|f| f.to_str().expect("utf-8")));
    let r = p.run(&args);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stderr
            .contains("回收-市教育局.xlsx：周调度 2026-W48，6项有变化"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("试运行"), "{}", r.stderr);
    p.assert_unchanged(&before, "dry run");

    let commits = p.commit_count();
    let mut args: Vec<&str> = vec!["import"];
    args.extend(files.iter().map(|f| f.to_str().expect("utf-8")));
    let r = p.run(&args);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(p.commit_count(), commits + 5, "one commit per file");
    // Each commit holds exactly its unit's six reports, with the unit and file in trailers.
    let log = p.git(&["log", "-5", "--format=%s%n%b%n---"]);
    for unit in units {
        assert!(
            log.contains(&format!("Unit: {unit}\nSource-file: 回收-{unit}.xlsx")),
            "{log}"
        );
    }
    for rev in 0..5 {
        let names = p.git(&["show", "--name-only", "--format=", &format!("HEAD~{rev}")]);
        let reports: Vec<&str> = names
            .lines()
            .filter(|l| l.starts_with("status/weekly/2026-W48/"))
            .collect();
        assert_eq!(reports.len(), 6, "HEAD~{rev}: {names}");
    }
    // Exactly those reports, with the values filled in.
    let listed = p.git(&["ls-files", "status/weekly/2026-W48"]);
    let filed: Vec<&str> = listed.lines().collect();
    assert_eq!(filed.len(), 30, "{listed}");
    for (id, (light, percent, progress)) in &expected {
        let prefix = id.split('-').next().expect("action");
        let ron = p.read(&format!("status/weekly/2026-W48/{prefix}/{id}.ron"));
        let key = match light.as_str() {
            "绿" => "Green",
            "黄" => "Yellow",
            _ => "Red",
        };
        assert!(ron.contains(&format!("light: Some({key})")), "{id}: {ron}");
        assert!(
            ron.contains(&format!("percent: Some({percent})")),
            "{id}: {ron}"
        );
        assert!(
            ron.contains(&format!("progress: \"{progress}\"")),
            "{id}: {ron}"
        );
        assert!(ron.contains("status: Some(InProgress)"), "{id}: {ron}");
    }
    let r = p.run(&["check"]);
    assert_eq!(r.code, 0, "{r:?}");
    p.fsck();

    // The same import twice: no new commit.
    let before = p.snapshot();
    let r = p.run(&args);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stderr.contains("6项与已报送一致"), "{}", r.stderr);
    p.assert_unchanged(&before, "re-import");

    // One bad cell: the error names file, sheet and cell; nothing from that file is committed.
    let out = work.join("再报.xlsx");
    let r = p.run(&[
        "export",
        "ledger",
        "--cycle",
        "weekly",
        "--unit",
        "市文广旅局",
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(r.code, 0, "{r:?}");
    let book = read_book(&out);
    let ids = ids_on(&book, "市文广旅局");
    let percent_col = col(&book[1].1, "完成比例(%)");
    let bad = work.join("A6文旅.xlsx");
    write_filled(
        &book,
        "市文广旅局",
        &[
            (
                ids[0].clone(),
                vec![("完成比例(%)", Data::Float(50.0)), ("进展情况", s("正常"))],
            ),
            (ids[1].clone(), vec![("完成比例(%)", Data::Float(150.0))]),
        ],
        &bad,
    );
    let before = p.snapshot();
    let r = p.run(&["import", bad.to_str().expect("utf-8")]);
    assert_eq!(r.code, 2, "{r:?}");
    let cell = format!(
        "{}{}",
        (b'A' + percent_col as u8) as char,
        4 // the second measure's row: title, header, first measure, second measure
    );
    assert!(
        r.stderr.contains(&format!(
            "A6文旅.xlsx!市文广旅局!{cell}: 完成比例 150 超出0–100"
        )),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("本文件未提交任何内容"), "{}", r.stderr);
    p.assert_unchanged(&before, "bad cell");

    // Every bad cell of a file is named, and still nothing is committed: a light not in the
    // list, 销号 (the taskforce's decision), a control character, a fraction, an id not in the
    // plan.
    let worse = work.join("多处错误.xlsx");
    write_filled(
        &book,
        "市文广旅局",
        &[
            (
                ids[0].clone(),
                vec![("本期亮灯", s("紫")), ("状态", s("已销号"))],
            ),
            (
                ids[1].clone(),
                vec![
                    ("进展情况", s("正常\u{1b}[31m")),
                    ("完成比例(%)", Data::Float(33.5)),
                ],
            ),
        ],
        &worse,
    );
    let r = p.run(&["import", worse.to_str().expect("utf-8")]);
    assert_eq!(r.code, 2, "{r:?}");
    for want in [
        "多处错误.xlsx!市文广旅局!K3: 亮灯“紫”不是绿、蓝、黄、红之一",
        "多处错误.xlsx!市文广旅局!L3: 状态“已销号”须经专班审核销号",
        "多处错误.xlsx!市文广旅局!N4: 进展情况含有控制字符",
        "多处错误.xlsx!市文广旅局!M4: 完成比例 33.5 须为整数",
        "多处错误.xlsx：4处问题，本文件未提交任何内容。",
    ] {
        assert!(r.stderr.contains(want), "missing {want:?} in {}", r.stderr);
    }
    let junk = work.join("坏文件.xlsx");
    std::fs::write(&junk, "这不是工作簿").expect("write");
    let r = p.run(&["--lang", "en", "import", junk.to_str().expect("utf-8")]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("坏文件.xlsx: cannot read the workbook"),
        "{}",
        r.stderr
    );
    p.assert_unchanged(&before, "bad cells");

    // A row whose measure changed after the export needs confirmation.
    let r = p.run(&["set", &ids[0], "--deadline", "2027-06-30"]);
    assert_eq!(r.code, 0, "{r:?}");
    let late = work.join("晚报.xlsx");
    write_filled(
        &book,
        "市文广旅局",
        &[(ids[0].clone(), vec![("进展情况", s("已完成方案起草"))])],
        &late,
    );
    let before = p.snapshot();
    let r = p.run(&["import", late.to_str().expect("utf-8")]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("在导出后已被修改"), "{}", r.stderr);
    assert!(r.stderr.contains(&ids[0]), "{}", r.stderr);
    p.assert_unchanged(&before, "conflict without --yes");
    let r = p.run(&["import", "--yes", late.to_str().expect("utf-8")]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(p.commit_count(), commits + 7);

    // The workbook opens in LibreOffice.
    converts_to_pdf(&out);
}

#[test]
fn whole_plan_ledger_and_bad_input() {
    let p = TempPlan::new();
    let out = p.dir.path().join("台账.xlsx");
    let r = p.run(&["export", "ledger", "-o", out.to_str().expect("utf-8")]);
    assert_eq!(r.code, 0, "{r:?}");
    let book = read_book(&out);
    // Overview first, one sheet per lead unit, the hidden sheet last; no fill-in columns.
    assert_eq!(book[0].0, "汇总");
    assert_eq!(book.last().expect("sheets").0, "_taskforce");
    let total: usize = book[1..book.len() - 1]
        .iter()
        .map(|(n, _)| ids_on(&book, n).len())
        .sum();
    assert_eq!(total, 99);
    let headers: Vec<String> = book[1]
        .1
        .iter()
        .filter(|((r, _), _)| *r == 1)
        .map(|(_, v)| text(v))
        .collect();
    assert_eq!(
        headers,
        [
            "编号",
            "举措",
            "牵头单位",
            "配合单位",
            "责任人",
            "联络员",
            "完成时限",
            "当前亮灯",
            "亮灯原因",
            "最近报送"
        ]
    );
    // The overview's total row counts all 99.
    let overview = &book[0].1;
    let total_row = overview
        .iter()
        .find(|(_, v)| text(v) == "合计")
        .map(|((r, _), _)| *r)
        .expect("total row");
    assert_eq!(text(&overview[&(total_row, 1)]), "99");

    // A whole-plan ledger has nothing to import; a file that is not a ledger is refused.
    let r = p.run(&["import", out.to_str().expect("utf-8")]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("无可导入内容"), "{}", r.stderr);
    let other = p.dir.path().join("其他.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet()
        .write_string(0, 0, "编号")
        .expect("write");
    wb.save(&other).expect("save");
    let r = p.run(&["import", other.to_str().expect("utf-8")]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("其他.xlsx: 不是taskforce导出的督办台账"),
        "{}",
        r.stderr
    );
    let r = p.run(&["export", "ledger", "-o", "x.pdf"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains(".xlsx 或 .docx"), "{}", r.stderr);
}

#[test]
fn remind_lists_exactly_the_unreported_and_overdue_by_unit_with_contacts() {
    let p = TempPlan::new();
    let ok = |args: &[&str]| {
        let r = p.run(args);
        assert_eq!(r.code, 0, "{args:?}: {r:?}");
        r
    };
    ok(&[
        "roster",
        "add-person",
        "刘洋",
        "--unit",
        "市人社局",
        "--role",
        "就业处处长",
        "--phone",
        "0577-88001234",
    ]);
    ok(&[
        "roster",
        "add-person",
        "张伟",
        "--unit",
        "市人社局",
        "--role",
        "科员",
        "--phone",
        "13800001111",
    ]);
    ok(&["set", "A3-03", "--owner", "刘洋"]);
    // The liaison has no command yet: a hand edit committed with `commit`.
    let path = "measures/A3/A3-03.ron";
    let ron = p
        .read(path)
        .replace("liaison: None", "liaison: Some(\"张伟\")");
    p.write(path, &ron);
    ok(&["commit", "-m", "A3-03 联络员"]);
    // 市人社局 leads A3-01 … A3-10: seven report for the week, three do not.
    for id in [
        "A3-01", "A3-02", "A3-04", "A3-05", "A3-06", "A3-07", "A3-08",
    ] {
        ok(&["set", id, "--cycle", "weekly", "--progress", "按计划推进"]);
    }
    // A reported measure past its deadline is chased too.
    ok(&["set", "A3-02", "--deadline", "2026-11-20"]);
    // An overdue decision of 市人社局, and one of another unit not yet due.
    ok(&[
        "meeting",
        "new",
        "monthly",
        "--date",
        "2026-10-15 09:30",
        "--chair",
        "王副市长",
    ]);
    ok(&[
        "meeting",
        "decide",
        "加快站点用地审批",
        "--lead",
        "市人社局",
        "--deadline",
        "2026-11-10",
    ]);
    ok(&[
        "meeting",
        "decide",
        "制定培训补贴细则",
        "--lead",
        "市民政局",
        "--deadline",
        "2026-12-31",
    ]);

    let r = ok(&["remind", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["period"], "2026-W48");
    let units = v["units"].as_array().expect("units");
    assert!(!units.is_empty());
    let hr = units
        .iter()
        .find(|u| u["unit"] == "市人社局")
        .expect("市人社局 listed");
    let items: Vec<(String, bool, Option<i64>)> = hr["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| {
            (
                i["id"].as_str().expect("id").to_string(),
                i["not_reported"].as_bool().expect("bool"),
                i["days_overdue"].as_i64(),
            )
        })
        .collect();
    assert_eq!(
        items,
        [
            ("A3-02".to_string(), false, Some(7)),
            ("A3-03".to_string(), true, None),
            ("A3-09".to_string(), true, None),
            ("A3-10".to_string(), true, None),
            ("D2026-10-01".to_string(), false, Some(17)),
        ]
    );
    let contacts: Vec<(String, String, String)> = hr["contacts"]
        .as_array()
        .expect("contacts")
        .iter()
        .map(|c| {
            (
                c["name"].as_str().expect("name").to_string(),
                c["duty"].as_str().expect("duty").to_string(),
                c["phone"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        contacts,
        [
            (
                "张伟".to_string(),
                "联络员".to_string(),
                "13800001111".to_string()
            ),
            (
                "刘洋".to_string(),
                "责任人".to_string(),
                "0577-88001234".to_string()
            ),
        ]
    );
    let notice = hr["notice"].as_str().expect("notice");
    assert!(notice.starts_with("催办通知\n\n市人社局：\n"), "{notice}");
    assert!(notice.contains("1. A3-02 "), "{notice}");
    assert!(
        notice.contains("已逾期7天（完成时限2026年11月20日）"),
        "{notice}"
    );
    assert!(
        notice.contains("5. 议定事项D2026-10-01 加快站点用地审批（已逾期17天"),
        "{notice}"
    );
    assert!(
        notice.contains("联络员 张伟（科员，13800001111）"),
        "{notice}"
    );
    // The decision not yet due, and every measure that reported on time, are not chased.
    let all = r.stdout.clone();
    assert!(!all.contains("D2026-10-02"), "{all}");
    for id in ["A3-01", "A3-04", "A3-05", "A3-06", "A3-07", "A3-08"] {
        assert!(!all.contains(&format!("\"{id}\"")), "{id} reported: {all}");
    }
    // 市教育局 reported nothing: all 24 of its measures, with no contact in the roster.
    let edu = units
        .iter()
        .find(|u| u["unit"] == "市教育局")
        .expect("市教育局");
    assert_eq!(edu["items"].as_array().expect("items").len(), 24);

    // The text list groups by unit; the notices go to a file.
    let r = ok(&["remind", "--unit", "市人社局"]);
    assert!(
        r.stdout
            .starts_with("催办 周调度 2026-W48（截至2026年11月27日）：1个单位，5项\n"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("市人社局（5项）  联络员 张伟（科员，13800001111）；责任人 刘洋（就业处处长，0577-88001234）"), "{}", r.stdout);
    let file = p.dir.path().join("催办.txt");
    ok(&[
        "remind",
        "--unit",
        "市人社局",
        "-o",
        file.to_str().expect("utf-8"),
    ]);
    assert_eq!(std::fs::read_to_string(&file).expect("notice file"), notice);
    let r = p.run(&["--lang", "en", "remind", "--cycle", "daily"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("expected weekly, monthly or quarterly"),
        "{}",
        r.stderr
    );
}

/// The paragraphs of a .docx (text of each `<w:p>`), the number of tables, and the zip
/// entries' modification years.
fn docx_text(path: &Path) -> (Vec<String>, usize, Vec<u16>) {
    let file = std::fs::File::open(path).expect("open docx");
    let mut zip = zip::ZipArchive::new(file).expect("zip");
    let mut years = Vec::new();
    for i in 0..zip.len() {
        let e = zip.by_index(i).expect("entry");
        years.push(e.last_modified().map_or(0, |t| t.year()));
    }
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("word/document.xml").expect("document.xml"),
        &mut xml,
    )
    .expect("read xml");
    let tables = xml.matches("<w:tbl>").count();
    let mut paras = Vec::new();
    for p in xml.split("<w:p ").skip(1) {
        let p = p.split("</w:p>").next().unwrap_or("");
        let mut text = String::new();
        for piece in p.split("<w:t").skip(1) {
            let Some(start) = piece.find('>') else {
                continue;
            };
            if piece[..start].contains('/') {
                continue;
            }
            let body = &piece[start + 1..];
            let end = body.find("</w:t>").unwrap_or(body.len());
            text.push_str(
                &body[..end]
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&apos;", "'")
                    .replace("&amp;", "&"),
            );
        }
        if !text.is_empty() {
            paras.push(text);
        }
    }
    (paras, tables, years)
}

#[test]
fn minutes_an_office_can_sign_off_in_markdown_and_word() {
    let p = TempPlan::new();
    let ok = |args: &[&str]| {
        let r = p.run(args);
        assert_eq!(r.code, 0, "{args:?}: {r:?}");
        r
    };
    ok(&[
        "set",
        "A3-02",
        "--cycle",
        "monthly",
        "--period",
        "2026-10",
        "--light",
        "green",
        "--progress",
        "选址完成",
    ]);
    ok(&[
        "meeting",
        "new",
        "monthly",
        "--date",
        "2026-10-15 14:30",
        "--chair",
        "王副市长",
        "--issue",
        "10",
        "--attendee",
        "市人社局",
    ]);
    ok(&[
        "meeting",
        "decide",
        "加快站点用地审批",
        "--lead",
        "市人社局",
        "--deadline",
        "2026-11-30",
    ]);
    ok(&["meeting", "close"]);
    // The issue number is taken already; the next one is the default.
    let r = p.run(&[
        "meeting",
        "new",
        "monthly",
        "--date",
        "2026-11-12",
        "--issue",
        "10",
    ]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("M2026-10"), "{}", r.stderr);
    // Filed before the meeting: a report filed after it is not part of its review.
    let r = p.run_on(
        "2026-11-10",
        &[
            "set",
            "A3-02",
            "--cycle",
            "monthly",
            "--period",
            "2026-11",
            "--light",
            "red",
            "--problems",
            "用地未落实",
        ],
    );
    assert_eq!(r.code, 0, "{r:?}");
    ok(&[
        "meeting",
        "new",
        "monthly",
        "--date",
        "2026-11-12 09:30",
        "--chair",
        "王副市长",
        "--place",
        "3号楼会议室",
        "--attendee",
        "市人社局",
        "--attendee",
        "市民政局",
        "--doc-no",
        "温公服专班纪〔2026〕11号",
        "--present",
        "王明:副市长",
        "--present",
        "陈华：市政府副秘书长",
        "--observer",
        "林芳:市资规局副局长",
        "--to",
        "专班各成员单位",
        "--cc",
        "市政府办公室",
    ]);
    ok(&["meeting", "note", "总体推进有序，但部分举措连续未报送。"]);
    ok(&[
        "meeting",
        "note",
        "--kind",
        "stressed",
        "红灯举措要逐项明确整改措施。",
    ]);
    let r = p.run(&["meeting", "note", "--kind", "loud", "x"]);
    assert_eq!(r.code, 2);
    ok(&[
        "meeting",
        "set",
        "--cc",
        "市委办公室",
        "--cc",
        "市政府办公室",
    ]);
    ok(&[
        "meeting",
        "decide",
        "提请市政府专题研究用地",
        "--lead",
        "市发展改革委",
        "--deadline",
        "2026-12-15",
        "--measure",
        "A3-02",
    ]);
    ok(&["meeting", "close"]);

    let md = p.read("minutes/M2026-11.md");
    for want in [
        "（2026年第11期）\n\n温公服专班纪〔2026〕11号\n",
        "- 出席：王明（副市长）、陈华（市政府副秘书长）\n",
        "- 列席：林芳（市资规局副局长）\n",
        "- 审阅范围：自2026年第10期月例会（2026年10月15日）以来\n",
        "## 四、会议指出和强调\n\n会议指出，总体推进有序，但部分举措连续未报送。\n\n会议强调，红灯举措要逐项明确整改措施。\n",
        "## 五、会议议定事项\n",
        "- 新增红灯：加强基层就业服务站点规划（A3-02）由未报变为红灯（月报 2026-11报红灯）。\n",
        "分送：专班各成员单位\n\n抄送：市委办公室、市政府办公室\n\n温州市基本公共服务一体化改革专班办公室　2026年11月12日印发\n",
    ] {
        assert!(md.contains(want), "missing {want:?} in:\n{md}");
    }
    // 会议听取 gives the unreported count and the indicators' pace.
    assert!(
        md.contains("；本期（2026-11）未报送进展98项。24项指标中，"),
        "{md}"
    );
    // No commit id and no audit columns: the review speaks in sentences.
    let meeting = p.read("meetings/monthly/M2026-11.ron");
    let baseline = meeting
        .split("baseline: \"")
        .nth(1)
        .and_then(|s| s.get(..7))
        .expect("baseline");
    assert!(!md.contains(baseline), "commit id in the minutes: {md}");
    assert!(!md.contains("修改人") && !md.contains("王芳"), "{md}");

    // A bare file name is written in the current folder (exit 0), byte for byte the minutes.
    ok(&["minutes", "M2026-11", "-o", "纪要.md"]);
    assert_eq!(
        std::fs::read_to_string(p.dir.path().join("纪要.md")).expect("纪要.md"),
        md
    );

    // The Word version: same headings, tables and text, no markup, fixed bytes.
    let a = p.dir.path().join("纪要.docx");
    let b = p.dir.path().join("纪要2.docx");
    ok(&["minutes", "M2026-11", "-o", a.to_str().expect("utf-8")]);
    std::thread::sleep(std::time::Duration::from_millis(2100));
    ok(&["minutes", "M2026-11", "-o", b.to_str().expect("utf-8")]);
    assert_eq!(
        std::fs::read(&a).expect("a"),
        std::fs::read(&b).expect("b"),
        "same input, same bytes"
    );
    let (paras, tables, years) = docx_text(&a);
    assert!(
        !years.is_empty() && years.iter().all(|y| *y == 1980),
        "{years:?}"
    );
    assert_eq!(
        paras[0],
        "温州市基本公共服务一体化改革专班 第11次月例会纪要"
    );
    assert_eq!(paras[1], "（2026年第11期）");
    assert_eq!(paras[2], "温公服专班纪〔2026〕11号");
    let headings: Vec<&String> = paras
        .iter()
        .filter(|t| {
            ["一、", "二、", "三、", "四、", "五、"]
                .iter()
                .any(|h| t.starts_with(h))
        })
        .collect();
    assert_eq!(
        headings,
        [
            "一、会议概况",
            "二、上次会议议定事项落实情况",
            "三、会议听取",
            "四、会议指出和强调",
            "五、会议议定事项"
        ]
    );
    assert!(
        paras.contains(&"出席：王明（副市长）、陈华（市政府副秘书长）".to_string()),
        "{paras:?}"
    );
    assert!(
        paras.contains(&"会议强调，红灯举措要逐项明确整改措施。".to_string()),
        "{paras:?}"
    );
    assert!(
        paras
            .iter()
            .any(|t| t.starts_with("1．提请市政府专题研究用地。由市发展改革委牵头")),
        "{paras:?}"
    );
    assert!(
        paras.contains(&"温州市基本公共服务一体化改革专班办公室2026年11月12日印发".to_string()),
        "{paras:?}"
    );
    assert_eq!(
        tables,
        md.matches("\n|---").count(),
        "every markdown table is a Word table"
    );
    assert!(tables >= 3);
    for t in &paras {
        for bad in ["|", "**", "\\", "##", "&lt;", "- "] {
            assert!(!t.contains(bad), "markup {bad:?} in {t:?}");
        }
    }
    converts_to_pdf(&a);

    // The quarterly report and the ledger as Word documents.
    let q = p.dir.path().join("季度.docx");
    ok(&[
        "report",
        "quarterly",
        "--period",
        "2026-Q4",
        "-o",
        q.to_str().expect("utf-8"),
    ]);
    let (paras, tables, _) = docx_text(&q);
    assert_eq!(
        paras[0],
        "温州市基本公共服务一体化改革专班 2026年第4季度工作总结"
    );
    assert!(paras.contains(&"一、总体进展".to_string()), "{paras:?}");
    assert!(tables >= 2);
    let l = p.dir.path().join("台账.docx");
    ok(&["export", "ledger", "-o", l.to_str().expect("utf-8")]);
    let (paras, tables, _) = docx_text(&l);
    assert_eq!(
        paras[0],
        "温州市基本公共服务一体化改革专班 督办台账（全部举措）"
    );
    let units: Vec<&String> = paras.iter().filter(|t| t.contains("项：")).collect();
    assert_eq!(tables, units.len());
    assert!(
        units.iter().any(|u| u.contains("市人社局（10项：")),
        "{units:?}"
    );
    assert!(paras.contains(&"A3-02".to_string()), "{paras:?}");
    converts_to_pdf(&l);
}

fn pdf_pages(pdf: &Path) -> usize {
    let out = std::process::Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo (Debian: poppler-utils; .ci/run installs it)");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count: {text}"))
}

#[test]
fn one_page_brief_for_the_leader() {
    let p = TempPlan::new();
    let ok = |args: &[&str]| {
        let r = p.run(args);
        assert_eq!(r.code, 0, "{args:?}: {r:?}");
        r
    };
    ok(&[
        "set",
        "A3-02",
        "--cycle",
        "weekly",
        "--light",
        "red",
        "--problems",
        "用地指标未落实",
    ]);
    ok(&[
        "set",
        "A5-03",
        "--cycle",
        "weekly",
        "--progress",
        "按计划推进",
    ]);
    ok(&[
        "meeting",
        "new",
        "monthly",
        "--date",
        "2026-10-15",
        "--chair",
        "王副市长",
    ]);
    ok(&[
        "meeting",
        "decide",
        "加快站点用地审批",
        "--lead",
        "市人社局",
        "--deadline",
        "2026-11-10",
    ]);
    ok(&["meeting", "close"]);
    ok(&[
        "indicator",
        "record",
        "I08",
        "--period",
        "2026-Q3",
        "--value",
        "420",
    ]);
    ok(&[
        "indicator",
        "target",
        "I08",
        "--year",
        "2026",
        "--value",
        "615",
        "--basis",
        "线性插值",
    ]);

    let md = p.dir.path().join("简报.md");
    ok(&["report", "brief", "-o", md.to_str().expect("utf-8")]);
    let text = std::fs::read_to_string(&md).expect("brief");
    for want in [
        "# 温州市基本公共服务一体化改革专班 周调度简报\n",
        "（2026-W48　截至2026年11月27日）",
        "本期应报送99项，已报送2项，未报送97项。",
        "| 市人社局 | 10 | 0 | 0 | 9 | 0 | 1 | 9 |",
        "统计范围：方案导入（",
        // The cause and who filed it (dated by the commit).
        "1. A3-02 加强基层就业服务站点规划（市人社局）：周报 2026-W48报红灯（王芳",
        "报送）。存在问题：用地指标未落实\n",
        "1. D2026-10-01 加快站点用地审批（市人社局牵头，时限2026年11月10日，已逾期17天）：未反馈落实情况",
        "1. I08 基层就业服务站点（市人社局）：",
    ] {
        assert!(text.contains(want), "missing {want:?} in:\n{text}");
    }
    let docx = p.dir.path().join("简报.docx");
    ok(&["report", "brief", "-o", docx.to_str().expect("utf-8")]);
    let (paras, tables, _) = docx_text(&docx);
    assert_eq!(paras[0], "温州市基本公共服务一体化改革专班 周调度简报");
    assert_eq!(tables, 1);
    for h in [
        "一、总体情况",
        "二、新增红灯及原因",
        "三、逾期议定事项",
        "四、落后序时的指标",
    ] {
        assert!(paras.contains(&h.to_string()), "{h}: {paras:?}");
    }
    converts_to_pdf(&docx);
    assert_eq!(
        pdf_pages(&docx.with_extension("pdf")),
        1,
        "the brief fits one page"
    );
}
