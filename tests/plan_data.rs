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
    assert!(lines[1..].iter().all(|l| col(l) == first), "{}", r.stdout);
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
    assert!(again.stderr.contains("not empty"), "{}", again.stderr);
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
