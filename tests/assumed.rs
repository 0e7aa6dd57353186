//! Defaults the plan does not give (start, deadline, cadence, status) are marked 默认 until a
//! person sets them; the measure fields a person sets with `set`; 销号 needs approval.

mod support;

use serde_json::Value;
use support::TempPlan;

fn ok(p: &TempPlan, args: &[&str]) -> String {
    let r = p.run(args);
    assert_eq!(r.code, 0, "{args:?}: {r:?}");
    r.stdout
}

fn refused(p: &TempPlan, args: &[&str], needle: &str) -> String {
    let before = p.snapshot();
    let r = p.run(args);
    assert_eq!(r.code, 2, "{args:?}: {r:?}");
    assert!(
        r.stderr.contains(needle),
        "{args:?}: {needle:?} not in {}",
        r.stderr
    );
    p.assert_unchanged(&before, &format!("{args:?}"));
    r.stderr
}

fn assumed(p: &TempPlan, id: &str) -> Vec<String> {
    let v: Value = serde_json::from_str(&ok(p, &["show", id, "--json"])).expect("json");
    v["assumed"]
        .as_array()
        .expect("assumed")
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn defaults_are_shown_as_defaults_in_show_list_and_json() {
    let p = TempPlan::new();
    let show = ok(&p, &["show", "A1-01"]);
    for line in [
        "开始日期: 2025-01-01（默认）",
        "完成时限: 2027-12-31（默认） (剩399天)",
        "状态: 未启动（默认）",
        "报送频次: 每月（默认）",
        "（默认：方案未载明，待专班确认；用 set 设定后取消标记）",
    ] {
        assert!(show.lines().any(|l| l == line), "{line:?} not in\n{show}");
    }
    // 到2027年 in the clause gives the deadline: it is not a default.
    let a107 = ok(&p, &["show", "A1-07"]);
    assert!(
        a107.lines().any(|l| l == "完成时限: 2027-12-31 (剩399天)"),
        "{a107}"
    );
    assert_eq!(
        assumed(&p, "A1-01"),
        ["start", "deadline", "cadence", "status"]
    );
    assert_eq!(assumed(&p, "A1-07"), ["start", "cadence", "status"]);
    let en = ok(&p, &["--lang", "en", "show", "A1-01"]);
    assert!(
        en.contains("deadline: 2027-12-31 (default) (399 days left)"),
        "{en}"
    );
    assert!(en.contains("reporting cadence: monthly (default)"), "{en}");
    // list marks defaults with * and explains the mark once.
    let list = ok(&p, &["list", "--action", "A1"]);
    let row = |id: &str| {
        list.lines()
            .find(|l| l.trim_start().starts_with(id))
            .unwrap_or_else(|| panic!("{id} in {list}"))
            .to_string()
    };
    assert!(row("A1-01").contains("未启动*") && row("A1-01").contains("2027-12-31* "));
    assert!(row("A1-07").contains("2027-12-31  "), "{}", row("A1-07"));
    assert_eq!(
        list.lines().last(),
        Some("* 默认值：方案未载明，待专班确认（show 查看全部默认项）")
    );
    let json: Value = serde_json::from_str(&ok(&p, &["list", "--json"])).expect("json");
    let measures: Vec<&Value> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "measure")
        .collect();
    assert_eq!(measures.len(), 99);
    let with_default_deadline = measures
        .iter()
        .filter(|m| {
            m["assumed"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f == "deadline")
        })
        .count();
    assert_eq!(
        with_default_deadline, 93,
        "six clauses say 到2027年 or 三年"
    );
}

#[test]
fn setting_a_field_removes_its_default_mark_in_one_commit() {
    let p = TempPlan::new();
    let out = ok(&p, &["set", "A3-02", "--cadence", "weekly"]);
    assert!(out.contains("调整 A3-02 报送频次 每月→每周"), "{out}");
    let file = p.read("measures/A3/A3-02.ron");
    assert!(file.contains("    cadence: Weekly,\n"), "{file}");
    assert!(
        file.contains("    assumed: [\n        Start,\n        Status,\n    ],\n"),
        "{file}"
    );
    assert!(ok(&p, &["show", "A3-02"]).contains("报送频次: 每周\n"));
    // Setting the default's own value confirms it.
    let out = ok(&p, &["set", "A1-01", "--deadline", "2027-12-31"]);
    assert!(
        out.contains("调整 A1-01 确认完成时限（原为默认值）"),
        "{out}"
    );
    assert_eq!(assumed(&p, "A1-01"), ["start", "cadence", "status"]);
    // A status a unit reports is a person's word, too.
    ok(
        &p,
        &[
            "set",
            "A1-02",
            "--cycle",
            "monthly",
            "--status",
            "in-progress",
            "--percent",
            "10",
        ],
    );
    assert_eq!(assumed(&p, "A1-02"), ["start", "deadline", "cadence"]);
    // Once nothing is a default, the field is gone from the file.
    ok(
        &p,
        &[
            "set",
            "A1-01",
            "--start",
            "2025-03-01",
            "--cadence",
            "monthly",
            "--status",
            "in-progress",
        ],
    );
    assert!(!p.read("measures/A1/A1-01.ron").contains("assumed"));
    assert!(!ok(&p, &["show", "A1-01"]).contains("默认"));
    assert_eq!(p.commit_count(), 5);
    assert_eq!(p.run(&["check"]).code, 0);
    p.fsck();
}

#[test]
fn milestones_co_units_liaison_and_start_are_editable_and_validated() {
    let p = TempPlan::new();
    let out = ok(
        &p,
        &[
            "set",
            "A3-02",
            "--milestone",
            "2026-06-30:完成站点规划",
            "--milestone",
            "2026-12-31：建成600个",
            "--co",
            "市资规局",
            "--co",
            "市财政局",
            "--start",
            "2026-01-01",
        ],
    );
    assert!(
        out.contains("调整 A3-02 配合单位 新增 市资规局、市财政局，开始日期 2025-01-01→2026-01-01，节点 新增 2026-06-30 完成站点规划，节点 新增 2026-12-31 建成600个"),
        "{out}"
    );
    let file = p.read("measures/A3/A3-02.ron");
    assert!(file.contains("        (\n            due: \"2026-06-30\",\n            what: \"完成站点规划\",\n            done_on: None,\n        ),"), "{file}");
    refused(
        &p,
        &["set", "A3-02", "--co", "市海洋局"],
        "--co 市海洋局：名册中没有这个单位",
    );
    refused(&p, &["set", "A3-02", "--co", "市人社局"], "已是牵头单位");
    refused(
        &p,
        &["set", "A3-02", "--remove-co", "市卫健委"],
        "市卫健委 不是A3-02的配合单位（现有：市资规局、市财政局）",
    );
    refused(
        &p,
        &["set", "A3-02", "--liaison", "张三"],
        "--liaison 张三：名册中没有此人",
    );
    refused(
        &p,
        &["set", "A3-02", "--milestone", "2026-06-30:重复"],
        "A3-02已有 2026-06-30 的节点",
    );
    refused(
        &p,
        &["set", "A3-02", "--milestone", "2028-03-31:超出"],
        "节点日期 2028-03-31 不在A3-02的开始日期 2026-01-01 与完成时限 2027-12-31 之间",
    );
    refused(
        &p,
        &["set", "A3-02", "--milestone", "没有日期"],
        "--milestone 应为 日期:内容",
    );
    refused(
        &p,
        &["set", "A3-02", "--milestone-done", "2026-07-01"],
        "A3-02没有 2026-07-01 的节点，无法标记完成（现有：2026-06-30、2026-12-31）",
    );
    refused(
        &p,
        &["set", "A3-02", "--start", "2028-01-01"],
        "--start 2028-01-01：晚于完成时限 2027-12-31",
    );
    refused(
        &p,
        &["set", "A3-02", "--cadence", "daily"],
        "--cadence “daily”：应为 weekly",
    );
    refused(
        &p,
        &["set", "A3-02", "--cycle", "weekly", "--co", "市财政局"],
        "不要与 --cycle 同用",
    );
    let en = refused(
        &p,
        &["--lang", "en", "set", "A3-02", "--co", "市海洋局"],
        "not a unit of the roster",
    );
    assert!(!en.contains("名册"), "{en}");
    ok(&p, &["roster", "add-person", "刘洋", "--unit", "市人社局"]);
    let out = ok(
        &p,
        &[
            "set",
            "A3-02",
            "--liaison",
            "刘洋",
            "--remove-co",
            "市财政局",
            "--milestone-done",
            "2026-06-30",
            "--done-on",
            "2026-06-28",
            "--remove-milestone",
            "2026-12-31",
        ],
    );
    assert!(
        out.contains("调整 A3-02 配合单位 删除 市财政局，联络员 无→刘洋，节点 2026-06-30 已完成（2026-06-28），节点 删除 2026-12-31 建成600个"),
        "{out}"
    );
    let v: Value = serde_json::from_str(&ok(&p, &["show", "A3-02", "--json"])).unwrap();
    assert_eq!(v["co_units"], serde_json::json!(["市资规局"]));
    assert_eq!(v["liaison"], "刘洋");
    assert_eq!(
        v["milestones"],
        serde_json::json!([{"due": "2026-06-30", "what": "完成站点规划", "done_on": "2026-06-28"}])
    );
    let log = ok(&p, &["log", "A3-02"]);
    assert!(
        log.contains("A3-02 节点 2026-06-30 已完成（2026-06-28）；删去节点 2026-12-31 建成600个"),
        "{log}"
    );
    assert_eq!(p.commit_count(), 4);
    assert_eq!(p.run(&["check"]).code, 0);
    p.fsck();
}

#[test]
fn closing_a_measure_needs_approver_basis_and_date() {
    let p = TempPlan::new();
    refused(
        &p,
        &["set", "A5-03", "--status", "closed"],
        "销号须写明审批人（--approver）",
    );
    refused(
        &p,
        &[
            "set",
            "A5-03",
            "--status",
            "closed",
            "--approver",
            "专班办公室",
        ],
        "销号须写明依据（--basis）",
    );
    refused(
        &p,
        &[
            "set",
            "A5-03",
            "--status",
            "closed",
            "--approved-by",
            "专班办公室",
        ],
        "销号须写明依据（--basis）",
    );
    refused(
        &p,
        &["set", "A5-03", "--status", "closed", "--basis", "验收"],
        "销号须写明审批人（--approver）",
    );
    let en = refused(
        &p,
        &["--lang", "en", "set", "A5-03", "--status", "closed"],
        "closing needs the approver (--approver)",
    );
    assert!(!en.contains("销号须"), "{en}");
    refused(
        &p,
        &["set", "A5-03", "--cycle", "monthly", "--status", "closed"],
        "销号须经审核，不能随报送提交",
    );
    refused(
        &p,
        &["set", "A5-03", "--approver", "专班办公室"],
        "只在状态调整为已销号时填写",
    );
    let out = ok(
        &p,
        &[
            "set",
            "A5-03",
            "--status",
            "closed",
            "--approver",
            "专班办公室",
            "--basis",
            "验收意见〔2026〕3号",
            "--closed-on",
            "2026-11-20",
        ],
    );
    assert!(
        out.contains("调整 A5-03 状态 未启动→已销号，销号（专班办公室，依据：验收意见〔2026〕3号，2026-11-20）"),
        "{out}"
    );
    let file = p.read("measures/A5/A5-03.ron");
    assert!(
        file.contains("    closure: Some((\n        date: \"2026-11-20\",\n        approved_by: \"专班办公室\",\n        basis: \"验收意见〔2026〕3号\",\n    )),\n"),
        "{file}"
    );
    assert!(
        ok(&p, &["show", "A5-03"])
            .contains("销号: 2026-11-20 专班办公室 (依据: 验收意见〔2026〕3号)\n")
    );
    // A report cannot reopen it; a person can, and the closure goes.
    refused(
        &p,
        &[
            "set",
            "A5-03",
            "--cycle",
            "monthly",
            "--status",
            "in-progress",
        ],
        "举措已销号",
    );
    ok(&p, &["set", "A5-03", "--status", "in-progress"]);
    assert!(
        p.read("measures/A5/A5-03.ron")
            .contains("    closure: None,\n")
    );
    assert_eq!(p.commit_count(), 3);
    // A hand edit that closes without a closure does not pass check.
    let text = p
        .read("measures/A5/A5-04.ron")
        .replace("status: NotStarted", "status: Closed");
    p.write("measures/A5/A5-04.ron", &text);
    let check = p.run(&["check"]);
    assert_eq!(check.code, 2);
    assert!(
        check.stderr.contains("measures/A5/A5-04.ron")
            && check.stderr.contains("状态为已销号，但缺少销号信息"),
        "{}",
        check.stderr
    );
    p.fsck();
}

#[test]
fn a_default_changed_by_hand_and_committed_loses_its_mark() {
    let p = TempPlan::new();
    let path = "measures/A2/A2-01.ron";
    let text = p
        .read(path)
        .replace("deadline: \"2027-12-31\"", "deadline: \"2026-12-31\"");
    p.write(path, &text);
    // Another file edited by hand keeps its bytes as edited.
    let a2 = p
        .read("measures/A2/A2-02.ron")
        .replace("owner: None", "owner: None ");
    p.write("measures/A2/A2-02.ron", &a2);
    ok(&p, &["commit", "-m", "补录完成时限"]);
    let file = p.read(path);
    assert!(file.contains("    deadline: \"2026-12-31\",\n"), "{file}");
    assert!(
        file.contains(
            "    assumed: [\n        Start,\n        Cadence,\n        Status,\n    ],\n"
        ),
        "{file}"
    );
    assert_eq!(p.read("measures/A2/A2-02.ron"), a2);
    assert_eq!(p.git(&["status", "--porcelain"]), "");
    assert_eq!(p.git(&["show", &format!("HEAD:{path}")]), file);
    assert!(ok(&p, &["show", "A2-01"]).contains("完成时限: 2026-12-31 ("));
    assert_eq!(p.run(&["check"]).code, 0);
    p.fsck();
}

#[test]
fn the_quarterly_report_says_how_many_values_are_defaults() {
    let p = TempPlan::new();
    let sentence = |report: &str| -> String {
        report
            .lines()
            .find(|l| l.contains("为默认值"))
            .unwrap_or_else(|| panic!("no default sentence in\n{report}"))
            .to_string()
    };
    let report = ok(&p, &["report", "quarterly", "--period", "2026-Q4"]);
    assert_eq!(
        sentence(&report),
        "开始日期99项、完成时限93项、报送频次99项、状态99项为默认值（方案未载明），待专班确认。"
    );
    ok(
        &p,
        &[
            "set",
            "A1-01",
            "--deadline",
            "2027-12-31",
            "--cadence",
            "weekly",
        ],
    );
    let report = ok(&p, &["report", "quarterly", "--period", "2026-Q4"]);
    assert_eq!(
        sentence(&report),
        "开始日期99项、完成时限92项、报送频次98项、状态99项为默认值（方案未载明），待专班确认。"
    );
    let en = ok(
        &p,
        &["--lang", "en", "report", "quarterly", "--period", "2026-Q4"],
    );
    assert!(
        en.contains("Defaults the plan does not give, awaiting the taskforce's confirmation: start of 99 measure(s), deadline of 92 measure(s)"),
        "{en}"
    );
}
