//! The unit roster: add-unit, rename (everywhere, one commit), remove (refused while used).

mod support;

use support::TempPlan;

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

fn files_under(p: &TempPlan) -> Vec<(String, String)> {
    let out = p.git(&["ls-files"]);
    out.lines()
        .filter(|f| f.ends_with(".ron"))
        .map(|f| (f.to_string(), p.read(f)))
        .collect()
}

#[test]
fn add_unit_is_one_commit_and_check_accepts_it() {
    let p = TempPlan::new();
    let r = p.run(&[
        "roster",
        "add-unit",
        "市交通局",
        "--full-name",
        "温州市交通运输局",
    ]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("名册 新增单位 市交通局"), "{}", r.stdout);
    assert_eq!(p.commit_count(), 2);
    let units = p.read("units.ron");
    assert!(
        units.contains("name: \"市交通局\",\n            kind: City,\n            full_name: Some(\"温州市交通运输局\"),"),
        "{units}"
    );
    // City units stay before the counties.
    assert!(units.find("市交通局").unwrap() < units.find("鹿城区").unwrap());
    let r = p.run(&["roster", "add-unit", "洞头新区", "--kind", "county"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        p.read("units.ron")
            .trim_end()
            .ends_with("],\n    people: [],\n)")
    );
    // The same unit again changes nothing; a bad kind and a clash are refused in Chinese.
    let again = p.run(&["roster", "add-unit", "市交通局"]);
    assert_eq!(again.code, 0);
    assert!(again.stderr.contains("没有变化"), "{}", again.stderr);
    refused(
        &p,
        &["roster", "add-unit", "市交通局", "--kind", "county"],
        "名册中已有单位 市交通局",
    );
    refused(
        &p,
        &["roster", "add-unit", "市海洋局", "--kind", "province"],
        "--kind",
    );
    refused(&p, &["roster", "add-unit", "  "], "单位名称：为空或含换行");
    assert_eq!(p.commit_count(), 3);
    assert_eq!(p.run(&["check"]).code, 0);
    // The new unit can lead a measure.
    let r = p.run(&["set", "A6-07", "--lead", "市交通局"]);
    assert_eq!(r.code, 0, "{r:?}");
    p.fsck();
}

#[test]
fn rename_changes_every_reference_in_one_commit() {
    let p = TempPlan::new();
    let ok = |args: &[&str]| {
        let r = p.run(args);
        assert_eq!(r.code, 0, "{args:?}: {r:?}");
        r
    };
    ok(&[
        "meeting",
        "new",
        "monthly",
        "--date",
        "2026-11-27 14:30",
        "--chair",
        "王副市长",
        "--attendee",
        "市文广旅局",
        "--attendee",
        "市体育局",
    ]);
    ok(&[
        "meeting",
        "decide",
        "文化站建成率摸底",
        "--lead",
        "市文广旅局",
        "--co",
        "市体育局",
        "--deadline",
        "2026-12-31",
    ]);
    ok(&["roster", "add-person", "陈静", "--unit", "市文广旅局"]);
    let before_files = files_under(&p);
    let referencing: Vec<&String> = before_files
        .iter()
        .filter(|(_, t)| t.contains("\"市文广旅局\""))
        .map(|(f, _)| f)
        .collect();
    // units.ron, A8, A8-01..05, I13, the meeting and the item.
    assert_eq!(referencing.len(), 10, "{referencing:?}");
    let commits = p.commit_count();
    let r = ok(&["roster", "rename", "市文广旅局", "市文化广电旅游局"]);
    assert!(
        r.stdout
            .contains("名册 单位更名 市文广旅局→市文化广电旅游局（10处引用）"),
        "{}",
        r.stdout
    );
    assert_eq!(p.commit_count(), commits + 1, "one commit");
    let changed = p.git(&["show", "--name-only", "--format=", "HEAD"]);
    let mut changed: Vec<&str> = changed.lines().collect();
    changed.sort();
    let mut expected: Vec<&str> = referencing.iter().map(|s| s.as_str()).collect();
    expected.sort();
    assert_eq!(changed, expected);
    for (f, text) in files_under(&p) {
        assert!(
            !text.contains("\"市文广旅局\""),
            "{f} still names the old unit"
        );
    }
    assert!(
        p.read("indicators/I13.ron")
            .contains("lead_unit: \"市文化广电旅游局\"")
    );
    assert!(
        p.read("units.ron").contains("unit: \"市文化广电旅游局\""),
        "the person follows"
    );
    let body = p.git(&["log", "-1", "--format=%B"]);
    assert!(
        body.contains("A8-03 牵头单位") && body.contains("M2026-11 参会单位"),
        "{body}"
    );
    assert_eq!(p.run(&["check"]).code, 0);
    p.fsck();
    // Renaming to a name in use, or a unit that does not exist, is refused.
    refused(
        &p,
        &["roster", "rename", "市文化广电旅游局", "市体育局"],
        "名册中已有单位 市体育局",
    );
    refused(
        &p,
        &["roster", "rename", "市文广旅局", "市文旅局"],
        "名册中没有单位 市文广旅局",
    );
    let en = refused(
        &p,
        &["--lang", "en", "roster", "rename", "市文广旅局", "市文旅局"],
        "is not a unit of the roster",
    );
    assert!(!en.contains("名册"), "{en}");
    // The measure's history shows the rename as a change of its lead unit.
    let log = p.run(&["log", "A8-03"]);
    assert!(log.stdout.contains("名册 单位更名"), "{}", log.stdout);
}

#[test]
fn remove_is_refused_while_referenced_and_lists_the_references() {
    let p = TempPlan::new();
    let err = refused(&p, &["roster", "remove", "市体育局"], "市体育局 仍被引用");
    for place in [
        "A8 配合单位",
        "A8-07 牵头单位",
        "A8-11 牵头单位",
        "A2-13 配合单位",
        "I14 牵头单位",
    ] {
        assert!(err.contains(place), "{place} not listed: {err}");
    }
    let en = refused(
        &p,
        &["--lang", "en", "roster", "remove", "市体育局"],
        "still referenced",
    );
    assert!(en.contains("A8-07 lead_unit"), "{en}");
    refused(
        &p,
        &["roster", "remove", "市海洋局"],
        "名册中没有单位 市海洋局",
    );
    // An unused unit goes, in one commit.
    let r = p.run(&["roster", "remove", "市统计局"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("名册 删除单位 市统计局"), "{}", r.stdout);
    assert!(!p.read("units.ron").contains("市统计局"));
    assert_eq!(p.commit_count(), 2);
    assert_eq!(p.run(&["check"]).code, 0);
    p.fsck();
}

/// Each roster change the TUI makes: its preview says what its commit will, after the same
/// checks, and writes nothing; a person's unit, post and phone are changed in one commit.
#[test]
fn roster_previews_match_their_commits_and_write_nothing() {
    use taskforce::model::{Person, Unit, UnitKind};
    use taskforce::store::roster::RosterChange;
    use taskforce::store::{Identity, Outcome, Store};
    let p = TempPlan::new();
    let store = Store::open(&p.path()).expect("open");
    let who = Identity::parse("王芳 <wangfang@example.org>").expect("identity");
    let person = |unit: &str, role: Option<&str>, phone: Option<&str>| Person {
        name: "陈静".into(),
        unit: unit.into(),
        role: role.map(str::to_string),
        phone: phone.map(str::to_string),
    };
    let changes = [
        RosterChange::AddUnit(Unit {
            name: "市交通局".into(),
            kind: UnitKind::City,
            full_name: Some("温州市交通运输局".into()),
        }),
        RosterChange::AddPerson(person("市交通局", Some("科长"), None)),
        RosterChange::EditPerson(person("市财政局", Some("科长"), Some("0577-88961234"))),
        RosterChange::RenameUnit {
            old: "市交通局".into(),
            new: "市交通运输局".into(),
        },
        RosterChange::RemoveUnit("市交通运输局".into()),
    ];
    let expected = [
        "名册 新增单位 市交通局",
        "名册 新增 陈静（市交通局）",
        "名册 修改 陈静（单位、电话）",
        "名册 单位更名 市交通局→市交通运输局",
        "名册 删除单位 市交通运输局",
    ];
    let mut made = 0;
    for (change, expected) in changes.iter().zip(expected) {
        let before = p.snapshot();
        let preview = store.preview_roster(change).expect("preview");
        p.assert_unchanged(&before, expected);
        assert_eq!(preview.as_deref(), Some(expected));
        let Outcome::Committed { summary, .. } = store.change_roster(change, &who).expect("commit")
        else {
            panic!("{expected}: nothing committed");
        };
        assert_eq!(summary, expected);
        assert_eq!(p.git(&["log", "-1", "--format=%s"]).trim(), expected);
        made += 1;
    }
    assert_eq!(made, 5);
    assert_eq!(p.commit_count(), 6);
    let units = p.read("units.ron");
    assert!(
        units.contains(
            "name: \"陈静\",\n            unit: \"市财政局\",\n            role: Some(\"科长\"),\n            phone: Some(\"0577-88961234\"),"
        ),
        "{units}"
    );
    // The same details again change nothing; an unknown person or unit is refused at preview.
    let same = RosterChange::EditPerson(person("市财政局", Some("科长"), Some("0577-88961234")));
    assert_eq!(store.preview_roster(&same).expect("preview"), None);
    let mut nobody = person("市财政局", None, None);
    nobody.name = "赵敏".into();
    let refused = store
        .preview_roster(&RosterChange::EditPerson(nobody))
        .expect_err("unknown person");
    assert!(refused.for_tui(taskforce::model::Lang::Zh).contains("赵敏"));
    let refused = store
        .preview_roster(&RosterChange::EditPerson(person("市海洋局", None, None)))
        .expect_err("unknown unit");
    assert!(
        refused
            .for_tui(taskforce::model::Lang::Zh)
            .contains("市海洋局"),
        "{refused}"
    );
    assert_eq!(p.run(&["check"]).code, 0);
    p.fsck();
}
