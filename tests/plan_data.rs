//! The plan as data: the bundled plan, check, init, list/show/indicators and their JSON.

mod support;

use serde_json::Value;
use support::TempPlan;
use taskforce::model::{Id, Parsed};
use taskforce::store::{self, BundledSource, Reports, Source, canonical_files};

fn plan_text() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/plan.txt"))
        .expect("docs/plan.txt")
}

fn bundled() -> taskforce::model::Plan {
    let (plan, problems) = store::load(&BundledSource, Reports::All);
    assert_eq!(problems, vec![], "bundled plan has problems");
    plan.expect("bundled plan loads")
}

fn all_paths(source: &dyn Source, dir: &str, out: &mut Vec<String>) {
    for e in source.list(dir) {
        let path = if dir.is_empty() {
            e.name.clone()
        } else {
            format!("{dir}/{}", e.name)
        };
        if e.is_dir {
            all_paths(source, &path, out)
        } else {
            out.push(path)
        }
    }
}

#[test]
fn every_bundled_file_round_trips_byte_for_byte() {
    let plan = bundled();
    let files = canonical_files(&plan).expect("serialize");
    let mut on_disk = Vec::new();
    all_paths(&BundledSource, "", &mut on_disk);
    assert_eq!(
        files.len(),
        on_disk.len(),
        "every bundled file is a plan object"
    );
    for (path, text) in files {
        let bytes = BundledSource.read(&path).expect("bundled file");
        assert_eq!(
            String::from_utf8(bytes).expect("utf-8"),
            text,
            "{path} is not canonical"
        );
    }
}

#[test]
fn bundled_plan_is_faithful_to_the_published_text() {
    let plan = bundled();
    let text = plan_text();
    assert_eq!(plan.actions.len(), 9);
    assert!(
        plan.measures.len() >= 70,
        "{} measures",
        plan.measures.len()
    );
    for a in &plan.actions {
        assert!(text.contains(&a.text), "{} text is not verbatim", a.id);
        assert!(a.text.contains(&a.title));
    }
    for m in &plan.measures {
        assert!(
            text.contains(&m.title),
            "{} title {:?} is not a verbatim phrase",
            m.id,
            m.title
        );
        assert!(
            text.contains(&m.source_text),
            "{} source is not verbatim",
            m.id
        );
        assert!(
            m.source_text.contains(&m.title),
            "{} title is not in its source clause",
            m.id
        );
        if let Some(r) = &m.requirement {
            assert!(
                m.source_text.contains(r.as_str()) || text.contains(r.as_str()),
                "{} requirement",
                m.id
            );
        }
        assert!(
            !m.title.contains('(') || text.contains(&m.title),
            "{} title adds brackets",
            m.id
        );
        assert!(
            m.lead_source.is_inferred(),
            "{}: the plan names no lead unit for measures",
            m.id
        );
        assert_eq!(
            m.status,
            taskforce::model::Status::NotStarted,
            "{}: no invented status",
            m.id
        );
        assert!(
            m.owner.is_none() && m.milestones.is_empty(),
            "{}: no invented owners or milestones",
            m.id
        );
    }
    // Quantified targets of section 二 are kept on their measures.
    let req = |id: &str| {
        plan.measure(&Id::parse(id).unwrap())
            .unwrap()
            .requirement
            .clone()
    };
    assert_eq!(req("A1-07").as_deref(), Some("到2027年托幼一体托位达80%"));
    assert_eq!(
        req("A3-02").as_deref(),
        Some("到2027年累计建成基层站点650个")
    );
    assert_eq!(
        req("A6-04").as_deref(),
        Some("三年建设筹集保障性住房1.6万套(间)")
    );
    // Roster: the city units the plan names and the 12 county-level divisions.
    let counties = plan
        .roster
        .units
        .iter()
        .filter(|u| u.kind == taskforce::model::UnitKind::County)
        .count();
    assert_eq!(counties, 12);
    for unit in [
        "市教育局",
        "市卫健委",
        "市民政局",
        "市人社局",
        "市住建局",
        "市文广旅局",
        "市体育局",
        "市医保局",
        "市残联",
        "市发展改革委",
    ] {
        assert!(plan.roster.has_unit(unit), "{unit}");
    }
}

/// The indicator table parsed independently from the plan text: (name, 4 printed values, lead).
fn table_rows() -> Vec<(String, [String; 4], String)> {
    let text = plan_text();
    let table = text
        .split("基本公共服务一体化改革发展指标清单\n")
        .nth(1)
        .expect("table");
    table
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let mut cells: Vec<String> = line.split('|').map(|c| c.trim().to_string()).collect();
            if !cells[0].chars().all(|c| c.is_ascii_digit()) {
                cells.remove(0);
            }
            (
                cells[1].clone(),
                [
                    cells[2].clone(),
                    cells[3].clone(),
                    cells[4].clone(),
                    cells[5].clone(),
                ],
                cells[6].clone(),
            )
        })
        .collect()
}

#[test]
fn init_then_indicators_json_reproduces_the_table() {
    let p = TempPlan::new();
    let r = p.run(&["indicators", "--json"]);
    assert_eq!(r.code, 0, "{r:?}");
    let json: Value = serde_json::from_str(&r.stdout).expect("json");
    let rows = json.as_array().expect("array");
    let table = table_rows();
    assert_eq!(rows.len(), 24);
    assert_eq!(table.len(), 24);
    for (row, (name, values, lead)) in rows.iter().zip(&table) {
        for key in ["id", "name", "unit", "group", "lead_unit"] {
            assert!(row.get(key).is_some(), "missing {key}");
        }
        assert_eq!(row["printed_name"], name.as_str());
        assert_eq!(row["lead_unit"], lead.as_str());
        for (col, printed) in ["province_2024", "city_2024", "target_2025", "target_2027"]
            .iter()
            .zip(values)
        {
            assert_eq!(row[col]["text"], printed.as_str(), "{} {col}", row["id"]);
            let parsed = &row[col]["parsed"];
            assert!(parsed["kind"].is_string(), "{} {col} parsed", row["id"]);
            let expected = Parsed::parse(printed).expect("parses");
            assert_eq!(
                parsed["value"].as_f64(),
                expected.number(),
                "{} {col}",
                row["id"]
            );
        }
    }
    let i20 = &rows[19];
    assert_eq!(i20["city_2024"]["text"], "89.63");
    assert_eq!(
        i20["target_2025"]["parsed"],
        serde_json::json!({"kind": "exactly", "value": 85.0})
    );
    assert_eq!(rows[15]["target_2027"]["parsed"]["kind"], "assigned");
    assert_eq!(
        rows[0]["target_2025"]["parsed"],
        serde_json::json!({"kind": "maintain", "value": 100.0})
    );
    assert_eq!(
        rows[13]["target_2027"]["parsed"],
        serde_json::json!({"kind": "above", "value": 80.0})
    );
    assert_eq!(rows[2]["city_2024"]["parsed"]["kind"], "missing");
}

#[test]
fn list_json_has_the_documented_shape() {
    let p = TempPlan::new();
    let r = p.run(&["list", "--json"]);
    assert_eq!(r.code, 0, "{r:?}");
    let json: Value = serde_json::from_str(&r.stdout).expect("json");
    let rows = json.as_array().expect("array");
    let actions: Vec<&Value> = rows.iter().filter(|r| r["kind"] == "action").collect();
    let measures: Vec<&Value> = rows.iter().filter(|r| r["kind"] == "measure").collect();
    assert_eq!(actions.len(), 9);
    assert!(measures.len() >= 70);
    for row in rows {
        for key in [
            "id",
            "kind",
            "title",
            "parent",
            "lead_unit",
            "owner",
            "deadline",
            "status",
            "light",
        ] {
            assert!(
                row.as_object().expect("object").contains_key(key),
                "{key} missing in {row}"
            );
        }
    }
    let text = plan_text();
    for m in &measures {
        assert!(text.contains(m["title"].as_str().expect("title")));
        assert!(
            m["parent"]
                .as_str()
                .is_some_and(|p| m["id"].as_str().expect("id").starts_with(p))
        );
        // Nothing was ever reported: 未报, never green.
        assert_eq!(m["light"], "unreported");
        assert_eq!(m["deadline"], "2027-12-31");
    }
    let a3 = p.run(&["list", "--action", "A3", "--json"]);
    let a3: Value = serde_json::from_str(&a3.stdout).expect("json");
    assert_eq!(a3.as_array().expect("array").len(), 11);
    // A measure filter leaves out actions without a matching measure.
    let r = p.run(&[
        "set",
        "A5-03",
        "--cycle",
        "weekly",
        "--light",
        "red",
        "--progress",
        "滞后",
    ]);
    assert_eq!(r.code, 0, "{r:?}");
    let red: Value =
        serde_json::from_str(&p.run(&["list", "--light", "red", "--json"]).stdout).expect("json");
    let ids: Vec<&str> = red
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec!["A5", "A5-03"]);
    let unreported: Value = serde_json::from_str(
        &p.run(&[
            "list",
            "--not-reported",
            "--cycle",
            "weekly",
            "--action",
            "A5",
            "--json",
        ])
        .stdout,
    )
    .expect("json");
    assert_eq!(
        unreported.as_array().unwrap().len(),
        1 + 11,
        "A5 and its 11 measures without a weekly report"
    );
    let bad = p.run(&["list", "--action", "A10"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("A10"), "{}", bad.stderr);
}

#[test]
fn list_human_output_aligns_chinese_by_display_width() {
    let p = TempPlan::new();
    let r = p.run(&["list", "--action", "A3"]);
    assert_eq!(r.code, 0);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(lines[0].starts_with("A3 "), "{}", lines[0]);
    // The deadline column starts at the same display column on every measure row.
    let col = |l: &str| {
        let i = l.find("2027-12-31").expect("deadline");
        unicode_width::UnicodeWidthStr::width(&l[..i])
    };
    let first = col(lines[1]);
    let rows: Vec<&&str> = lines[1..]
        .iter()
        .filter(|l| l.starts_with("  A3-"))
        .collect();
    assert_eq!(rows.len(), 10);
    assert!(rows.iter().all(|l| col(l) == first), "{}", r.stdout);
    // The last line explains the default mark.
    assert!(
        lines.last().unwrap().starts_with("* 默认值"),
        "{}",
        r.stdout
    );
}

#[test]
fn show_json_and_text() {
    let p = TempPlan::new();
    let r = p.run(&["show", "A1-07", "--json"]);
    assert_eq!(r.code, 0, "{r:?}");
    let v: Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(v["id"], "A1-07");
    assert_eq!(v["requirement"], "到2027年托幼一体托位达80%");
    assert_eq!(v["lead_unit"], "市教育局");
    assert_eq!(v["reports"].as_array().expect("reports").len(), 3);
    assert!(v["reports"][0]["report"].is_null());
    let t = p.run(&["show", "A1-07"]);
    assert!(t.stdout.contains("未报送"), "{}", t.stdout);
    assert!(
        t.stdout.contains("牵头单位: 市教育局（推定）"),
        "{}",
        t.stdout
    );
    let en = p.run(&["--lang", "en", "show", "A1-07"]);
    assert!(
        en.stdout.contains("not reported") && en.stdout.contains("(inferred)"),
        "{}",
        en.stdout
    );
    let missing = p.run(&["show", "A1-99"]);
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("A1-99"));
}

#[test]
fn init_makes_one_commit_that_fsck_accepts() {
    let p = TempPlan::new();
    assert_eq!(p.commit_count(), 1);
    p.fsck();
    assert_eq!(p.git(&["status", "--porcelain"]), "");
    let r = p.run(&["check"]);
    assert_eq!(r.code, 0, "{r:?}");
    // A second init into a non-empty folder refuses.
    let again = p.run(&["init", p.path().to_str().unwrap()]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("已存在且不为空"), "{}", again.stderr);
}

#[test]
fn repository_resolution_env_cwd_and_data_dir() {
    let p = TempPlan::new();
    // The current folder, when it is a plan repository (even a subfolder of it).
    let sub = p.path().join("measures");
    let r = p.run_in(&sub, &["show", "A3-02", "--json"]);
    assert_eq!(r.code, 0, "{r:?}");
    // $TASKFORCE_REPO.
    let out = support::command(p.home.path(), p.home.path())
        .env("TASKFORCE_REPO", p.path())
        .args(["list", "--json"])
        .output()
        .expect("run");
    assert!(out.status.success());
    // Else the user data folder, created on first use with a message saying where.
    let home = support::empty_home();
    let out = support::command(home.path(), home.path())
        .args(["list", "--json"])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    let created = home.path().join(".local/share/taskforce/plan");
    assert!(stderr.contains(&created.display().to_string()), "{stderr}");
    assert!(created.join("plan.ron").is_file());
    let out = support::command(home.path(), home.path())
        .args(["list", "--json"])
        .output()
        .expect("run");
    assert!(
        String::from_utf8_lossy(&out.stderr).is_empty(),
        "second run says nothing"
    );
}

/// Lead and co-units checked against the plan's own indicator table (DOMAIN.md §6.3): the
/// table's lead of a field leads the measures of that field, and a unit leading an indicator
/// linked to a measure co-operates on it.
#[test]
fn lead_units_follow_the_indicator_table() {
    let plan = bundled();
    let table = table_rows();
    let m = |id: &str| plan.measure(&Id::parse(id).unwrap()).expect(id).clone();
    let lead = |id: &str| m(id).lead_unit;
    let co = |id: &str| m(id).co_units;
    // The table's lead per field (rows 14, 20, 21).
    assert_eq!(table[13].2, "市体育局");
    assert_eq!(table[19].2, "市医保局");
    assert_eq!(table[20].2, "市残联");
    for id in ["A8-06", "A8-07", "A8-08", "A8-09", "A8-10", "A8-11"] {
        assert_eq!(lead(id), "市体育局", "{id}");
    }
    for id in ["A8-01", "A8-02", "A8-03", "A8-04", "A8-05"] {
        assert_eq!(lead(id), "市文广旅局", "{id}");
    }
    for id in ["A7-11", "A7-12", "A7-13"] {
        assert_eq!(lead(id), "市残联", "{id}");
    }
    assert_eq!(lead("A4-12"), "市医保局");
    assert_eq!(lead("A4-13"), "市医保局");
    assert_eq!(lead("A5-12"), "市民政局");
    assert_eq!(co("A5-12").first().map(String::as_str), Some("市医保局"));
    assert_eq!(
        m("A4-13").lead_source,
        taskforce::model::LeadSource::InferredFromIndicator(Id::parse("I20").unwrap())
    );
    // 医育融合, 托育标准, 托育人才, 托育机构 (补助、联合执法) in A1: 市卫健委 co-operates.
    for id in ["A1-04", "A1-08", "A1-10", "A1-11"] {
        assert_eq!(lead(id), "市教育局", "{id}");
        assert!(
            co(id).contains(&"市卫健委".to_string()),
            "{id}: {:?}",
            co(id)
        );
    }
    assert_eq!(co("A2-09"), vec!["市委编办"]);
    assert_eq!(co("A6-05"), vec!["市资规局", "市财政局"]);
    assert_eq!(co("A7-01"), vec!["市医保局"], "I20 is 市医保局's");

    let mut checked = 0;
    for measure in &plan.measures {
        // No unit is both lead and co-unit, none is listed twice, each is in the roster.
        assert!(
            !measure.co_units.contains(&measure.lead_unit),
            "{}",
            measure.id
        );
        let mut seen = std::collections::HashSet::new();
        for u in &measure.co_units {
            assert!(seen.insert(u), "{}: {u} twice", measure.id);
            assert!(plan.roster.has_unit(u), "{}: {u}", measure.id);
        }
        // Every unit leading a linked indicator row leads or co-operates on the measure.
        for i in &measure.indicators {
            let row = &table[plan.indicator(i).expect("indicator").number as usize - 1];
            assert!(
                measure.lead_unit == row.2 || measure.co_units.contains(&row.2),
                "{}: {} leads {i}",
                measure.id,
                row.2
            );
            checked += 1;
        }
        // A measure led by a unit other than its action's names the indicator it follows.
        let action = plan.action(&measure.action).expect("action");
        if measure.lead_unit != action.lead_unit {
            assert!(
                matches!(
                    &measure.lead_source,
                    taskforce::model::LeadSource::InferredFromIndicator(i)
                        if table[plan.indicator(i).unwrap().number as usize - 1].2 == measure.lead_unit
                ),
                "{}",
                measure.id
            );
        }
    }
    assert!(checked >= 24, "{checked} indicator links checked");
    // The units the 保障措施 and the decisions need are in the roster, with full names.
    for (unit, full) in [
        ("市财政局", "温州市财政局"),
        ("市资规局", "温州市自然资源和规划局"),
        ("市委编办", "中共温州市委机构编制委员会办公室"),
        ("市市场监管局", "温州市市场监督管理局"),
        ("市数据局", "温州市数据局"),
        ("市统计局", "温州市统计局"),
    ] {
        let u = plan
            .roster
            .units
            .iter()
            .find(|u| u.name == unit)
            .unwrap_or_else(|| panic!("{unit} missing"));
        assert_eq!(u.full_name.as_deref(), Some(full));
        assert_eq!(u.kind, taskforce::model::UnitKind::City);
    }
}
