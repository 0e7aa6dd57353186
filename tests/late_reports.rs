//! Late reports (补报) through the real binary: `set --reported-on` accepted and refused in
//! words, the late mark in the commit, `log` and the exported ledger, and the light counting a
//! late report for its own period.

mod support;
#[path = "support/xlsx.rs"]
mod xlsx;

use support::TempPlan;
use xlsx::{col, read_book, text};

const TODAY: &str = "2026-11-27";
const OCTOBER: &str = "status/monthly/2026-10/A3/A3-02.ron";

fn late_october(p: &TempPlan) -> support::Run {
    p.run_on(
        TODAY,
        &[
            "set",
            "A3-02",
            "--cycle",
            "monthly",
            "--period",
            "2026-10",
            "--reported-on",
            "2026-11-20",
            "--light",
            "yellow",
            "--progress",
            "十月完成站点选址",
        ],
    )
}

#[test]
fn a_late_report_records_its_own_date_and_says_so_in_the_commit_and_the_log() {
    let p = TempPlan::new();
    let r = late_october(&p);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stdout.contains("月报 2026-10（补报）A3-02 未报→黄"),
        "{}",
        r.stdout
    );
    let file = p.read(OCTOBER);
    assert!(file.contains("reported_on: \"2026-11-20\""), "{file}");
    assert!(file.contains("progress: \"十月完成站点选址\""), "{file}");
    let message = p.git(&["log", "-1", "--format=%B"]);
    assert!(
        message.starts_with("月报 2026-10（补报）A3-02 未报→黄\n"),
        "{message}"
    );
    for trailer in [
        "Item: A3-02\n",
        "Cycle: monthly\n",
        "Period: 2026-10\n",
        "Field: reported_on\nFrom: null\nTo: \"2026-11-20\"\n",
        "Light: unreported→yellow",
    ] {
        assert!(message.contains(trailer), "{trailer:?} in\n{message}");
    }
    let log = p.run_on(TODAY, &["log", "A3-02"]);
    assert!(
        log.stdout.contains("A3-02 月报 2026-10 补报（2026-11-20）"),
        "{}",
        log.stdout
    );
    let log = p.run_on(TODAY, &["--lang", "en", "log", "A3-02"]);
    assert!(
        log.stdout
            .contains("A3-02 monthly report 2026-10 filed late on 2026-11-20"),
        "{}",
        log.stdout
    );
    // The late report counts for October: November is the period in progress, so no silence.
    let show = p.run_on(TODAY, &["show", "A3-02"]);
    assert!(
        show.stdout.contains("月报 2026-10报黄灯"),
        "{}",
        show.stdout
    );
    assert!(!show.stdout.contains("未报送（"), "{}", show.stdout);
    // The same date again changes nothing; another date is a change of its own.
    let again = late_october(&p);
    assert_eq!(again.code, 0, "{again:?}");
    assert!(again.stderr.contains("没有变化"), "{again:?}");
    let redated = p.run_on(
        TODAY,
        &[
            "set",
            "A3-02",
            "--cycle",
            "monthly",
            "--period",
            "2026-10",
            "--reported-on",
            "2026-11-21",
        ],
    );
    assert_eq!(redated.code, 0, "{redated:?}");
    assert!(
        redated
            .stdout
            .contains("月报 2026-10（补报）A3-02 报送日期（黄灯）"),
        "{}",
        redated.stdout
    );
    assert!(p.read(OCTOBER).contains("reported_on: \"2026-11-21\""));
    assert_eq!(p.commit_count(), 3);
    p.fsck();
}

#[test]
fn a_late_report_for_an_older_period_does_not_replace_a_newer_one() {
    let p = TempPlan::new();
    assert_eq!(late_october(&p).code, 0);
    // September, filed even later and blue: October's yellow still speaks for the measure.
    let r = p.run_on(
        TODAY,
        &[
            "set",
            "A3-02",
            "--cycle",
            "monthly",
            "--period",
            "2026-09",
            "--reported-on",
            "2026-11-26",
            "--light",
            "blue",
        ],
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stdout.contains("月报 2026-09（补报）A3-02 亮灯（黄灯）"),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr
            .contains("报送：蓝 · 计算：黄（月报 2026-10报黄灯）"),
        "{}",
        r.stderr
    );
    // Asked about a day before October's report came in, the light does not see it.
    let r = p.run_on("2026-11-19", &["show", "A3-02"]);
    assert!(
        r.code == 0 && !r.stdout.contains("月报 2026-10报黄灯"),
        "{r:?}"
    );
    assert!(r.stdout.contains("从未报送"), "{}", r.stdout);
}

#[test]
fn a_report_on_time_is_not_late_and_its_date_is_no_change_of_its_own() {
    let p = TempPlan::new();
    let r = p.run_on(
        TODAY,
        &[
            "set",
            "A3-02",
            "--cycle",
            "monthly",
            "--reported-on",
            "2026-11-20",
            "--light",
            "green",
        ],
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("月报 2026-11 A3-02 "), "{}", r.stdout);
    assert!(!r.stdout.contains("补报"), "{}", r.stdout);
    let message = p.git(&["log", "-1", "--format=%B"]);
    assert!(!message.contains("reported_on"), "{message}");
    assert!(
        p.read("status/monthly/2026-11/A3/A3-02.ron")
            .contains("reported_on: \"2026-11-20\"")
    );
}

#[test]
fn a_report_date_in_the_future_or_before_its_period_is_refused_in_words() {
    let p = TempPlan::new();
    let before = p.snapshot();
    let cases: [(&[&str], &str, &str); 4] = [
        (
            &["--period", "2026-10", "--reported-on", "2026-11-28"],
            "--reported-on 2026-11-28：晚于今天（2026-11-27），报送日期不能在将来",
            "--reported-on 2026-11-28: after today (2026-11-27); a report cannot be dated in the future",
        ),
        (
            &["--period", "2026-11", "--reported-on", "2026-10-31"],
            "--reported-on 2026-10-31：早于所报期次 2026-11 的开始日 2026-11-01，报送日期不能早于所报期次",
            "--reported-on 2026-10-31: before the period 2026-11 began on 2026-11-01; a report cannot be dated before its period",
        ),
        (
            &["--reported-on", "20261120"],
            "--reported-on “20261120”：不是日期（YYYY-MM-DD）",
            "--reported-on \"20261120\": not a date (YYYY-MM-DD)",
        ),
        (
            &["--period", "2026-W40", "--reported-on", "2026-11-20"],
            "--period 2026-W40",
            "--period 2026-W40",
        ),
    ];
    for (args, zh, en) in cases {
        for (lang, words) in [("zh", zh), ("en", en)] {
            let mut full = vec![
                "--lang", lang, "set", "A3-02", "--cycle", "monthly", "--light", "red",
            ];
            full.extend_from_slice(args);
            let r = p.run_on(TODAY, &full);
            assert_eq!(r.code, 2, "{args:?}: {r:?}");
            assert!(r.stderr.contains(words), "{args:?} {lang}: {}", r.stderr);
        }
    }
    // A report date belongs to a report: without --cycle it is refused too.
    let r = p.run_on(TODAY, &["set", "A3-02", "--reported-on", "2026-11-20"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("--reported-on）须配合 --cycle"),
        "{}",
        r.stderr
    );
    p.assert_unchanged(&before, "refused report dates");
}

#[test]
fn the_ledger_marks_a_late_report() {
    let p = TempPlan::new();
    assert_eq!(late_october(&p).code, 0);
    let out = p.dir.path().join("台账.xlsx");
    let r = p.run_on(
        TODAY,
        &[
            "export",
            "ledger",
            "--cycle",
            "monthly",
            "--unit",
            "市人社局",
            "-o",
            out.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(r.code, 0, "{r:?}");
    let book = read_book(&out);
    let (name, cells) = &book[1];
    assert_eq!(name, "市人社局");
    let (id_col, last_col) = (col(cells, "编号"), col(cells, "最近报送"));
    let row = cells
        .iter()
        .find(|((_, c), v)| *c == id_col && text(v) == "A3-02")
        .map(|((r, _), _)| *r)
        .expect("a row for A3-02");
    assert_eq!(
        text(&cells[&(row, last_col)]),
        "月报 2026-10（2026年11月20日补报）：十月完成站点选址"
    );
    // A measure reported on time is not marked.
    let on_time = p.run_on(
        TODAY,
        &["set", "A3-03", "--cycle", "monthly", "--progress", "按期"],
    );
    assert_eq!(on_time.code, 0, "{on_time:?}");
    let en = p.dir.path().join("ledger.xlsx");
    let r = p.run_on(
        TODAY,
        &[
            "--lang",
            "en",
            "export",
            "ledger",
            "--unit",
            "市人社局",
            "-o",
            en.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(r.code, 0, "{r:?}");
    let book = read_book(&en);
    let cells = &book[1].1;
    let (id_col, last_col) = (col(cells, "Id"), col(cells, "Last report"));
    let last = |id: &str| {
        let row = cells
            .iter()
            .find(|((_, c), v)| *c == id_col && text(v) == id)
            .map(|((r, _), _)| *r)
            .expect("row");
        text(&cells[&(row, last_col)])
    };
    assert_eq!(
        last("A3-02"),
        "monthly 2026-10（2026-11-20, late）: 十月完成站点选址"
    );
    assert_eq!(last("A3-03"), "monthly 2026-11（2026-11-27）: 按期");
}
