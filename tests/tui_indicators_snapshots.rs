//! Snapshots of the indicator and landmark screens and their forms, with Chinese text, at 80×24
//! and 120×40: the bundled plan plus values, a target set by the taskforce and landmarks, on a
//! fixed date, drawn into a TestBackend.

#[path = "support/frames.rs"]
mod frames;
use chrono::{FixedOffset, NaiveDate, TimeZone};
use frames::draw;
use insta::assert_snapshot;
use serde_json::json;
use taskforce::model::{Id, Landmark, Lang, Observation, Period, Plan, Printed, SetTarget, Status};
use taskforce::store::{BundledSource, Entry, FieldChange, Reports, load};
use taskforce::tui::screens::indicator_detail::IndicatorDetailScreen;
use taskforce::tui::screens::landmarks::LandmarksScreen;
use taskforce::tui::{Action, App, RepoInfo, Snapshot};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).expect("date")
}

fn id(text: &str) -> Id {
    Id::parse(text).expect("id")
}

fn observation(p: &str, value: f64, estimated: bool, note: &str) -> Observation {
    Observation {
        schema: 1,
        indicator: id("I08"),
        period: Period::parse(p).expect("period"),
        value,
        estimated,
        note: note.into(),
        recorded_by: "王芳".into(),
    }
}

fn landmark(n: u32, title: &str, measures: &[&str], status: Status, evidence: &[&str]) -> Landmark {
    Landmark {
        schema: 1,
        id: id(&format!("L2026-{n:02}")),
        year: 2026,
        title: title.into(),
        measures: measures.iter().map(|m| id(m)).collect(),
        lead_unit: "市人社局".into(),
        evidence: evidence.iter().map(|e| e.to_string()).collect(),
        status,
    }
}

/// The commit that recorded I08's 2026-Q3 value, so the detail says when.
fn history() -> Vec<Entry> {
    let time = FixedOffset::east_opt(8 * 3600)
        .expect("offset")
        .with_ymd_and_hms(2026, 11, 20, 10, 30, 0)
        .single()
        .expect("time");
    vec![Entry {
        commit: "5c1d2e3f00000000000000000000000000000000".into(),
        author: "王芳".into(),
        email: "wangfang@example.org".into(),
        time,
        summary: "指标 I08 基层就业服务站点 2026-Q3：560个".into(),
        trailers: Vec::new(),
        changes: vec![FieldChange {
            id: "I08".into(),
            cycle: None,
            period: Some("2026-Q3".into()),
            field: "value".into(),
            from: json!(null),
            to: json!(560.0),
        }],
    }]
}

fn app() -> App {
    let (plan, problems) = load(&BundledSource, Reports::All);
    assert!(problems.is_empty(), "{problems:?}");
    let p = plan.expect("bundled plan");
    let landmarks = vec![
        landmark(
            1,
            "“15分钟就业服务圈”全域覆盖",
            &["A3-02", "A3-05"],
            Status::InProgress,
            &["市政府常务会议纪要〔2026〕12号", "浙江日报头版报道"],
        ),
        landmark(
            2,
            "托育服务“一件事”集成改革",
            &["A1-01"],
            Status::DoneAwaitingClose,
            &["省级推广案例"],
        ),
        landmark(
            3,
            "山区海岛巡回诊疗全覆盖",
            &["A4-03"],
            Status::NotStarted,
            &[],
        ),
    ];
    let mut plan = Plan::new(
        p.meta,
        p.roster,
        p.actions,
        p.measures,
        p.indicators,
        landmarks,
        p.meetings,
        p.items,
        vec![
            observation("2026-Q2", 520.0, false, "二季度统计快报"),
            observation("2026-Q3", 560.0, false, "三季度统计：新建站点40个"),
            observation("2026-Q4", 600.0, true, "按在建站点测算"),
        ],
        p.reports,
    );
    plan.targets = vec![SetTarget {
        schema: 1,
        indicator: id("I09"),
        year: 2026,
        target: Printed::from_text("≥92").expect("target"),
        basis: "第11次月例会议定".into(),
        set_by: "王芳".into(),
    }];
    let snapshot = Snapshot {
        plan,
        history: history(),
        repo: RepoInfo {
            path: "/home/wangfang/plan".into(),
            branch: Some("main".into()),
            dirty: Some(false),
            ..RepoInfo::default()
        },
        problems: Vec::new(),
    };
    App::new(snapshot, Lang::Zh, today())
}

/// Draws `app` at both sizes and snapshots each as `name_WxH`; returns the wider screen's text.
fn snap(name: &str, app: &mut App) -> String {
    let mut text = String::new();
    for (w, h) in SIZES {
        let terminal = draw(app, w, h);
        assert_snapshot!(format!("{name}_{w}x{h}"), terminal.backend());
        text = format!("{:?}", terminal.backend());
    }
    text
}

fn on_i08(app: &mut App) {
    app.update(Action::ShowIndicators);
    for _ in 0..7 {
        app.update(Action::MoveDown);
    }
}

#[test]
fn indicators_with_values_and_their_detail() {
    let mut app = app();
    on_i08(&mut app);
    let screen = snap("indicators_i08", &mut app);
    assert!(screen.contains("e 记录监测值"), "{screen}");
    app.update(Action::Toggle);
    assert!(app.on::<IndicatorDetailScreen>());
    let screen = snap("indicator_detail_i08", &mut app);
    for expected in [
        "全省2024 / · 温州2024 455 · 2025目标 580 · 2027目标 650",
        "2026-Q3 560个  王芳 · 2026-11-20 10:30",
        "说明：三季度统计：新建站点40个",
        "预计全年 600个",
    ] {
        assert!(screen.contains(expected), "{expected}: {screen}");
    }
}

#[test]
fn indicator_forms() {
    let mut app = app();
    on_i08(&mut app);
    app.update(Action::OpenForm);
    let screen = snap("observation_form", &mut app);
    assert!(
        screen.contains("记录监测值 I08 基层就业服务站点（个）"),
        "{screen}"
    );
    app.update(Action::Cancel);
    app.update(Action::OpenTargetForm);
    let screen = snap("target_form_suggested", &mut app);
    assert!(screen.contains("2026年 · 建议值 615"), "{screen}");
    app.update(Action::Cancel);
    app.update(Action::MoveDown);
    app.update(Action::OpenTargetForm);
    let screen = snap("target_form_set", &mut app);
    assert!(screen.contains("第11次月例会议定"), "{screen}");
    assert!(
        !screen.contains("--"),
        "no CLI flag in the Chinese TUI: {screen}"
    );
}

#[test]
fn landmarks_screen_form_and_removal() {
    let mut app = app();
    app.update(Action::ShowLandmarks);
    assert!(app.on::<LandmarksScreen>());
    let screen = snap("landmarks", &mut app);
    assert!(screen.contains("标志性成果 · 2026年 · 3/10项"), "{screen}");
    assert!(screen.contains("· 浙江日报头版报道"), "{screen}");
    app.update(Action::OpenForm);
    snap("landmark_form", &mut app);
    app.update(Action::Cancel);
    app.update(Action::MoveDown);
    app.update(Action::RemoveLandmark);
    app.update(Action::Previewed(
        "删除标志性成果 L2026-02：托育服务“一件事”集成改革".into(),
    ));
    snap("landmark_removal", &mut app);
    app.update(Action::Cancel);
    app.update(Action::NextYear);
    let screen = snap("landmarks_empty_year", &mut app);
    assert!(
        screen.contains("2027年尚无标志性成果：按 a 新增"),
        "{screen}"
    );
}
