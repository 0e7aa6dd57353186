//! `show I08` (and `--json`) through the binary: the indicator's printed row, this year's target
//! with where it comes from and its basis, and every value recorded with its period, value or
//! estimate, note, who and when, in both languages.

mod support;

use serde_json::Value;
use support::{Run, TempPlan, command};

/// Runs taskforce on `plan` with its commits dated `date` (as git allows).
fn run_at(plan: &TempPlan, date: &str, args: &[&str]) -> Run {
    let out = command(plan.home.path(), plan.dir.path())
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .arg("--repo")
        .arg(plan.path())
        .args(args)
        .output()
        .expect("run taskforce");
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert_eq!(run.code, 0, "{args:?}: {run:?}");
    run
}

/// I08 with a value for 2026-Q3, an estimate for Q4 and its 2026 target set.
fn plan_with_values() -> TempPlan {
    let plan = TempPlan::new();
    run_at(
        &plan,
        "2026-10-20 10:30:00 +0800",
        &[
            "indicator",
            "record",
            "I08",
            "--period",
            "2026-Q3",
            "--value",
            "560",
            "--note",
            "三季度统计：新建站点40个",
        ],
    );
    run_at(
        &plan,
        "2026-11-20 09:05:00 +0800",
        &[
            "indicator",
            "record",
            "I08",
            "--period",
            "2026-Q4",
            "--value",
            "600",
            "--estimated",
            "--note",
            "按在建站点测算",
        ],
    );
    run_at(
        &plan,
        "2026-11-21 16:00:00 +0800",
        &[
            "indicator",
            "target",
            "I08",
            "--year",
            "2026",
            "--value",
            "620",
            "--basis",
            "第11次月例会议定",
        ],
    );
    plan
}

#[test]
fn show_i08_gives_the_values_recorded_and_the_years_target_with_its_basis() {
    let plan = plan_with_values();
    let zh = plan.run(&["show", "I08"]);
    assert_eq!(zh.code, 0, "{zh:?}");
    assert_eq!(
        zh.stdout,
        "编号  指标名称              全省2024  温州2024  2025目标  2026目标         2027目标  牵头单位
I08   基层就业服务站点(个)  /         455       580       620（专班设定）  650       市人社局

2026年目标：620（专班设定）  依据：第11次月例会议定  设定人：王芳

监测值（2项）：
期次     数值           说明                      录入人  录入时间
2026-Q4  预计全年600个  按在建站点测算            王芳    2026-11-20 09:05
2026-Q3  560个          三季度统计：新建站点40个  王芳    2026-10-20 10:30
"
    );
    let en = plan.run(&["--lang", "en", "show", "I08"]);
    assert_eq!(en.code, 0, "{en:?}");
    assert_eq!(
        en.stdout,
        "id   indicator             prov 2024  city 2024  2025 target  2026 target                 2027 target  lead unit
I08  基层就业服务站点(个)  /          455        580          620 (set by the taskforce)  650          市人社局

2026 target: 620 (set by the taskforce)  basis: 第11次月例会议定  set by 王芳

values recorded (2):
period   value                        note                      recorded by  recorded at
2026-Q4  600 个 (full-year estimate)  按在建站点测算            王芳         2026-11-20 09:05
2026-Q3  560 个                       三季度统计：新建站点40个  王芳         2026-10-20 10:30
"
    );

    let json = plan.run(&["show", "I08", "--json"]);
    let v: Value = serde_json::from_str(&json.stdout).expect("json");
    assert_eq!(
        v["target"],
        serde_json::json!({"year": 2026, "text": "620", "source": "set", "basis": "第11次月例会议定", "set_by": "王芳"})
    );
    assert_eq!(
        v["observations"],
        serde_json::json!([
            {"period": "2026-Q4", "value": 600.0, "estimated": true, "note": "按在建站点测算",
             "recorded_by": "王芳", "recorded_at": "2026-11-20 09:05"},
            {"period": "2026-Q3", "value": 560.0, "estimated": false, "note": "三季度统计：新建站点40个",
             "recorded_by": "王芳", "recorded_at": "2026-10-20 10:30"},
        ])
    );
    // The fields `indicators --json` gives are all still there.
    assert_eq!(v["id"], "I08");
    assert_eq!(v["targets"]["2026"]["source"], "set");
}

#[test]
fn show_of_an_indicator_without_values_says_so_and_names_the_suggestion() {
    let plan = TempPlan::new();
    let zh = plan.run(&["show", "I01"]);
    assert!(
        zh.stdout.ends_with(
            "\n2026年目标：保持100（建议值：前后两年目标的线性插值，未经专班确认）\n\n监测值：尚无\n"
        ),
        "{}",
        zh.stdout
    );
    let en = plan.run(&["--lang", "en", "show", "I01"]);
    assert!(
        en.stdout.ends_with("\nvalues recorded: none\n"),
        "{}",
        en.stdout
    );
    let json = plan.run(&["show", "I01", "--json"]);
    let v: Value = serde_json::from_str(&json.stdout).expect("json");
    assert_eq!(v["observations"], serde_json::json!([]));
    assert_eq!(v["target"]["source"], "suggested");
    assert_eq!(v["target"]["basis"], Value::Null);
}
