//! The roster (名册) driven from the TUI in tmux, one test per task: add and change a person,
//! add, rename and remove a unit, a removal refused with its references on screen, and an
//! unknown owner added from the measure form. Each checks the commit with `git`: its summary,
//! trailers and the new `units.ron`.

mod support;
#[path = "support/tmux.rs"]
mod tmux;

use support::TempPlan;
use tmux::Tmux;

/// The date `TempPlan` runs the binary on, and the periods the status line shows for it.
const TODAY: &str = "2026-11-27";
const PERIODS: &str = "2026-W48 2026-11 2026-Q4";

/// The TUI on `p`, on the roster screen.
fn roster(p: &TempPlan, name: &str) -> Tmux {
    let tui = Tmux::start(
        support::bin(),
        p.home.path(),
        TODAY,
        name,
        &format!("--repo '{}'", p.path().display()),
    );
    tui.wait_for_text(PERIODS);
    tui.keys(&["P"]);
    tui.wait_for_text("名册 · 人员（");
    tui
}

/// The units of the roster file, in order.
fn units(p: &TempPlan) -> Vec<String> {
    let text = p.read("units.ron");
    let units = text.split("people:").next().unwrap_or_default();
    units
        .lines()
        .filter_map(|l| l.trim().strip_prefix("name: \""))
        .map(|l| l.trim_end_matches("\",").to_string())
        .collect()
}

/// Moves from the people to the units and selects `name` (the detail under the units names
/// it with its kind).
fn select_unit(tui: &Tmux, p: &TempPlan, name: &str) {
    let list = units(p);
    let at = list
        .iter()
        .position(|u| u == name)
        .unwrap_or_else(|| panic!("{name} not in units.ron"));
    tui.keys(&["Tab", "g"]);
    tui.wait_for_text(&format!("{} · 市级单位", list[0]));
    let downs = vec!["j"; at];
    if !downs.is_empty() {
        tui.keys(&downs);
    }
    tui.wait_for_text(&format!("{name} · 市级单位"));
}

/// The full message of the last commit.
fn last_message(p: &TempPlan) -> String {
    p.git(&["log", "-1", "--format=%B"])
}

/// Confirms the commit the screen previews as `summary`, then waits for it to be made.
fn confirm(tui: &Tmux, summary: &str) {
    tui.wait_until(&format!("the preview of {summary}"), |s| {
        s.contains("将提交一次修改") && s.contains(summary)
    });
    tui.keys(&["y"]);
    tui.wait_until(&format!("the commit of {summary}"), |s| {
        s.lines()
            .any(|l| l.starts_with("已提交 ") && l.contains(summary))
    });
}

#[test]
fn a_person_is_added_from_the_roster() {
    let p = TempPlan::new();
    let tui = roster(&p, "add-person");
    tui.wait_for_text("名册中还没有人员");
    tui.keys(&["a"]);
    tui.wait_for_text("名册 新增人员");
    tui.type_text("陈静");
    tui.keys(&["Tab"]);
    tui.type_text("市财政局");
    tui.keys(&["Tab"]);
    tui.type_text("预算处科长");
    tui.keys(&["Tab"]);
    tui.type_text("0577-88961234");
    tui.keys(&["C-s"]);
    confirm(&tui, "名册 新增 陈静（市财政局）");
    tui.wait_until("the new person listed", |s| {
        s.contains("名册 · 人员（1）")
            && s.lines()
                .any(|l| l.contains("陈静") && l.contains("市财政局") && l.contains("预算处科长"))
    });
    let msg = last_message(&p);
    assert!(msg.starts_with("名册 新增 陈静（市财政局）\n"), "{msg}");
    assert!(msg.contains("Item: units\nField: people\n"), "{msg}");
    assert!(msg.contains("\"phone\":\"0577-88961234\""), "{msg}");
    assert!(
        p.read("units.ron").contains(
            "people: [\n        (\n            name: \"陈静\",\n            unit: \"市财政局\",\n            role: Some(\"预算处科长\"),\n            phone: Some(\"0577-88961234\"),\n        ),\n    ],"
        ),
        "{}",
        p.read("units.ron")
    );
    assert_eq!(p.commit_count(), 2);
    p.fsck();
}

#[test]
fn a_person_is_changed_from_the_roster() {
    let p = TempPlan::new();
    let r = p.run(&[
        "roster",
        "add-person",
        "张伟",
        "--unit",
        "市人社局",
        "--role",
        "科长",
    ]);
    assert_eq!(r.code, 0, "{r:?}");
    let tui = roster(&p, "edit-person");
    tui.wait_for_text("张伟 · 市人社局 · 科长");
    tui.keys(&["e"]);
    tui.wait_for_text("名册 修改 张伟");
    // Unit, then the post: its text replaced, then a phone.
    tui.keys(&["Tab", "C-w"]);
    tui.type_text("就业处处长");
    tui.keys(&["Tab"]);
    tui.type_text("0577-88960001");
    tui.keys(&["C-s"]);
    confirm(&tui, "名册 修改 张伟（职务、电话）");
    tui.wait_for_text("张伟 · 市人社局 · 就业处处长");
    tui.wait_for_text("电话 0577-88960001");
    let msg = last_message(&p);
    assert!(msg.starts_with("名册 修改 张伟（职务、电话）\n"), "{msg}");
    assert!(msg.contains("Item: units\nField: people\n"), "{msg}");
    assert!(
        p.read("units.ron").contains(
            "name: \"张伟\",\n            unit: \"市人社局\",\n            role: Some(\"就业处处长\"),\n            phone: Some(\"0577-88960001\"),"
        ),
        "{}",
        p.read("units.ron")
    );
    assert_eq!(p.commit_count(), 3);
    p.fsck();
}

#[test]
fn a_unit_is_added_from_the_roster() {
    let p = TempPlan::new();
    let tui = roster(&p, "add-unit");
    tui.keys(&["n"]);
    tui.wait_for_text("名册 新增单位");
    tui.type_text("市交通局");
    // The kind stays 市级单位; the full name follows.
    tui.keys(&["Tab", "Tab"]);
    tui.type_text("温州市交通运输局");
    tui.keys(&["C-s"]);
    confirm(&tui, "名册 新增单位 市交通局");
    // The new unit is selected: its detail names the full name and nothing uses it yet.
    tui.wait_until("the new unit selected", |s| {
        s.contains("市交通局 · 市级单位")
            && s.contains("温州市交通运输局")
            && s.contains("未被引用")
    });
    let msg = last_message(&p);
    assert!(msg.starts_with("名册 新增单位 市交通局\n"), "{msg}");
    assert!(msg.contains("Item: units\nField: units\n"), "{msg}");
    let units_ron = p.read("units.ron");
    assert!(
        units_ron.contains(
            "name: \"市交通局\",\n            kind: City,\n            full_name: Some(\"温州市交通运输局\"),"
        ),
        "{units_ron}"
    );
    // City units stay before the counties.
    let list = units(&p);
    let at = |n: &str| list.iter().position(|u| u == n).expect(n);
    assert!(at("市交通局") < at("鹿城区"), "{list:?}");
    assert_eq!(p.commit_count(), 2);
    p.fsck();
}

#[test]
fn a_unit_is_renamed_everywhere_from_the_roster() {
    let p = TempPlan::new();
    let tui = roster(&p, "rename-unit");
    select_unit(&tui, &p, "市文广旅局");
    tui.keys(&["e"]);
    tui.wait_for_text("名册 单位更名 市文广旅局（7处引用）");
    tui.keys(&["C-w"]);
    tui.type_text("市文化广电旅游局");
    tui.keys(&["C-s"]);
    confirm(&tui, "名册 单位更名 市文广旅局→市文化广电旅游局（7处引用）");
    tui.wait_for_text("市文化广电旅游局 · 市级单位");
    let msg = last_message(&p);
    assert!(
        msg.starts_with("名册 单位更名 市文广旅局→市文化广电旅游局（7处引用）\n"),
        "{msg}"
    );
    assert!(msg.contains("Item: units\nField: units\n"), "{msg}");
    assert!(msg.contains("Field: lead_unit\n"), "{msg}");
    let list = units(&p);
    assert!(list.contains(&"市文化广电旅游局".to_string()), "{list:?}");
    assert!(!list.contains(&"市文广旅局".to_string()), "{list:?}");
    // Every file that named it changed in the one commit, and nothing names it now.
    let files = p.git(&["show", "--name-only", "--format=", "HEAD"]);
    assert!(files.lines().count() > 1, "{files}");
    let grep = p.git_raw(&["grep", "-l", "市文广旅局"]);
    assert!(
        grep.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&grep.stdout)
    );
    assert_eq!(p.commit_count(), 2);
    assert_eq!(p.run(&["check"]).code, 0);
    p.fsck();
}

#[test]
fn an_unused_unit_is_removed_from_the_roster() {
    let p = TempPlan::new();
    let tui = roster(&p, "remove-unit");
    select_unit(&tui, &p, "市统计局");
    tui.wait_for_text("未被引用");
    tui.keys(&["x"]);
    confirm(&tui, "名册 删除单位 市统计局");
    let msg = last_message(&p);
    assert!(msg.starts_with("名册 删除单位 市统计局\n"), "{msg}");
    assert!(msg.contains("Item: units\nField: units\n"), "{msg}");
    assert!(!p.read("units.ron").contains("市统计局"));
    assert_eq!(units(&p).len(), 27);
    tui.wait_for_text("单位（27）");
    assert_eq!(p.commit_count(), 2);
    p.fsck();
}

#[test]
fn removing_a_unit_in_use_is_refused_with_its_references_on_screen() {
    let p = TempPlan::new();
    let tui = roster(&p, "remove-refused");
    select_unit(&tui, &p, "市体育局");
    let before = p.snapshot();
    tui.keys(&["x"]);
    let places = [
        "A8 配合单位",
        "A2-13 配合单位",
        "A8-06 牵头单位",
        "A8-07 牵头单位",
        "A8-08 牵头单位",
        "A8-09 牵头单位",
        "A8-10 牵头单位",
        "A8-11 牵头单位",
        "I14 牵头单位",
    ];
    let listed = |s: &str, place: &str| s.lines().any(|l| l.contains(&format!("  {place} ")));
    // Waits for the whole refusal: a capture can catch a frame half drawn.
    let screen = tui.wait_until("the refusal with every reference", |s| {
        s.contains("不能删除") && places.iter().all(|place| listed(s, place))
    });
    assert!(screen.contains("市体育局 仍被引用9处，未删除"), "{screen}");
    let listed = places.iter().filter(|place| listed(&screen, place)).count();
    assert_eq!(listed, 9);
    tui.keys(&["Escape"]);
    tui.wait_until("the refusal to close", |s| !s.contains("不能删除"));
    p.assert_unchanged(&before, "a refused removal");
    assert_eq!(p.commit_count(), 1);
}

#[test]
fn an_unknown_owner_is_added_from_the_measure_form_which_then_commits() {
    let p = TempPlan::new();
    let tui = Tmux::start(
        support::bin(),
        p.home.path(),
        TODAY,
        "unknown-owner",
        &format!("--repo '{}'", p.path().display()),
    );
    tui.wait_for_text(PERIODS);
    tui.select_by_search("站点规划", "A3-02");
    tui.keys(&["m"]);
    tui.wait_for_text("调整 A3-02");
    // From 完成时限 to 责任人: 开始日期, 报送频次, 责任人.
    tui.keys(&["Tab", "Tab", "Tab"]);
    tui.type_text("赵敏");
    tui.keys(&["C-s"]);
    tui.wait_for_text("责任人 赵敏 不在名册中");
    tui.keys(&["y"]);
    // The person form, with the name and the measure's lead unit filled in.
    tui.wait_until("the person form with the name and unit", |s| {
        s.contains("名册 新增人员")
            && s.lines().any(|l| l.contains("姓名") && l.contains("赵敏"))
            && s.lines()
                .any(|l| l.contains("所属单位") && l.contains("市人社局"))
    });
    tui.keys(&["Tab"]);
    tui.type_text("就业处副处长");
    tui.keys(&["C-s"]);
    confirm(&tui, "名册 新增 赵敏（市人社局）");
    // Back on the measure form, its input kept; its own commit follows.
    tui.wait_until("the measure form again with the owner kept", |s| {
        s.contains("调整 A3-02")
            && !s.contains("名册 新增人员")
            && s.lines()
                .any(|l| l.contains("责任人") && l.contains("赵敏"))
    });
    tui.keys(&["C-s"]);
    confirm(&tui, "调整 A3-02 责任人 无→赵敏");
    tui.wait_until("the form to close", |s| !s.contains("调整 A3-02 加强"));
    let log = p.git(&["log", "--format=%s", "-3"]);
    assert_eq!(
        log.lines().collect::<Vec<_>>(),
        [
            "调整 A3-02 责任人 无→赵敏",
            "名册 新增 赵敏（市人社局）",
            "初始化：温州市基本公共服务一体化改革实施方案(2025-2027年)"
        ]
    );
    let msg = last_message(&p);
    assert!(
        msg.contains("Item: A3-02\nField: owner\nFrom: null\nTo: \"赵敏\"\n"),
        "{msg}"
    );
    assert!(
        p.read("units.ron").contains(
            "name: \"赵敏\",\n            unit: \"市人社局\",\n            role: Some(\"就业处副处长\"),"
        ),
        "{}",
        p.read("units.ron")
    );
    let measure = p.git(&["show", "--name-only", "--format=", "HEAD"]);
    let measure = measure.trim();
    assert!(
        p.read(measure).contains("owner: Some(\"赵敏\"),"),
        "{}",
        p.read(measure)
    );
    assert_eq!(p.run(&["check"]).code, 0);
    p.fsck();
}
