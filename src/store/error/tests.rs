//! Every rejection worded in both languages and both front ends.

use chrono::NaiveDate;

use super::*;
use crate::model::Cycle;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).expect("a date")
}

/// One rejection of every variant; the match makes a new variant fail to compile here
/// until it has a sample.
fn samples() -> Vec<Rejection> {
    let all = vec![
        Rejection::UnknownPerson {
            field: Field::Owner,
            name: "P1".into(),
            known: vec!["P2".into()],
        },
        Rejection::UnknownUnit {
            field: Field::Lead,
            name: "U1".into(),
        },
        Rejection::UnknownUnit {
            field: Field::RosterUnit,
            name: "U1".into(),
        },
        Rejection::OutOfRange {
            field: Field::Percent,
            value: 150,
            min: 0,
            max: Some(100),
        },
        Rejection::OutOfRange {
            field: Field::Issue,
            value: 0,
            min: 1,
            max: None,
        },
        Rejection::NotANumber {
            field: Field::Value,
            value: "NaN".into(),
        },
        Rejection::BadCharacter {
            field: Field::Progress,
            code: 7,
            at: 3,
            control: true,
        },
        Rejection::Empty {
            field: Field::Decision,
        },
        Rejection::NotOneLine {
            field: Field::RosterUnit,
        },
        Rejection::BadCommitter {
            email: false,
            code: 0x202e,
            at: 2,
        },
        Rejection::BadEnvDate {
            var: "GIT_COMMITTER_DATE".into(),
            value: "x".into(),
        },
        Rejection::Required {
            field: Field::Approver,
            purpose: Purpose::Closing,
        },
        Rejection::Required {
            field: Field::Reason,
            purpose: Purpose::Override,
        },
        Rejection::Required {
            field: Field::Basis,
            purpose: Purpose::Target,
        },
        Rejection::Required {
            field: Field::Measure,
            purpose: Purpose::Landmark,
        },
        Rejection::OnlyWhenClosing,
        Rejection::DateBefore {
            field: Field::Deadline,
            date: day(1),
            limit: day(2),
            of: Limit::Meeting,
        },
        Rejection::DateAfter {
            field: Field::Start,
            date: day(3),
            limit: day(2),
            of: Limit::Deadline,
        },
        Rejection::OutsidePlan {
            field: Field::Year,
            value: "2030".into(),
            start: day(1),
            end: day(30),
        },
        Rejection::WrongCycle {
            field: Field::Period,
            period: "2026-W48".into(),
            allowed: vec![Cycle::Quarterly, Cycle::Monthly],
        },
        Rejection::BadDate {
            field: Field::Since,
            value: "x".into(),
        },
        Rejection::BadId { value: "x".into() },
        Rejection::NoSuchMeasure {
            field: Field::Measure,
            id: "A9-99".into(),
        },
        Rejection::NoMeetingOpen { kind: None },
        Rejection::NoMeetingOpen {
            kind: Some(Cycle::Monthly),
        },
        Rejection::ManyMeetingsOpen {
            ids: vec!["M2026-W48".into(), "M2026-11".into()],
        },
        Rejection::MeetingClosed {
            id: "M2026-W48".into(),
        },
        Rejection::MeetingExists {
            id: "M2026-W48".into(),
        },
        Rejection::MeetingStillOpen {
            id: "M2026-W48".into(),
        },
        Rejection::NoMeetingHeld,
        Rejection::MeetingTagMissing {
            id: "M2026-W48".into(),
            tag: "weekly/2026-W48".into(),
        },
        Rejection::IssueTaken {
            issue: 3,
            year: 2026,
            meeting: "M2026-W48".into(),
        },
        Rejection::ReportedTwice { id: "A3-02".into() },
        Rejection::ReportOnClosed,
        Rejection::ClosingInReport,
        Rejection::ReportedInFuture {
            date: day(28),
            today: day(27),
        },
        Rejection::ReportedBeforePeriod {
            date: day(1),
            period: "2026-W49".into(),
            first: day(30),
        },
        Rejection::NotACoUnit {
            unit: "U1".into(),
            id: "A3-02".into(),
            now: vec![],
        },
        Rejection::CoUnitIsLead { unit: "U1".into() },
        Rejection::NoMilestone {
            id: "A3-02".into(),
            due: day(1),
            known: vec![day(2)],
            action: MilestoneAction::Remove,
        },
        Rejection::NoMilestone {
            id: "A3-02".into(),
            due: day(1),
            known: vec![],
            action: MilestoneAction::MarkDone,
        },
        Rejection::MilestoneOutside {
            id: "A3-02".into(),
            due: day(1),
            start: day(2),
            deadline: day(3),
        },
        Rejection::MilestoneTaken {
            id: "A3-02".into(),
            due: day(1),
        },
        Rejection::TargetInPlan {
            indicator: "I08".into(),
            year: 2026,
            text: "615".into(),
        },
        Rejection::BadTarget { value: "x".into() },
        Rejection::TargetNeedsFigure { value: "x".into() },
        Rejection::NoSuggestion {
            indicator: "I08".into(),
            year: 2026,
        },
        Rejection::TargetAlreadySet {
            indicator: "I08".into(),
            year: 2026,
            target: "615".into(),
            basis: "B1".into(),
            suggested: "600".into(),
        },
        Rejection::TooManyLandmarks {
            year: 2026,
            count: 10,
            max: 10,
        },
        Rejection::UnitExists { name: "U1".into() },
        Rejection::UnitNameTaken {
            old: "U1".into(),
            new: "U2".into(),
        },
        Rejection::UnitReferenced {
            name: "U1".into(),
            zh: vec!["A3-02 的牵头单位".into()],
            en: vec!["lead unit of A3-02".into()],
        },
        Rejection::ChangedLater {
            commit: "0123abcd".into(),
            path: "measures/A3/A3-02.ron".into(),
        },
        Rejection::ChangedSincePreview,
        Rejection::NoSuchChange {
            rev: "0123abcd".into(),
        },
        Rejection::NotRevertible {
            commit: "0123abcd".into(),
        },
    ];
    // Every variant appears above: this match has no wildcard.
    for r in &all {
        match r {
            Rejection::UnknownPerson { .. }
            | Rejection::UnknownUnit { .. }
            | Rejection::OutOfRange { .. }
            | Rejection::NotANumber { .. }
            | Rejection::BadCharacter { .. }
            | Rejection::Empty { .. }
            | Rejection::NotOneLine { .. }
            | Rejection::BadCommitter { .. }
            | Rejection::BadEnvDate { .. }
            | Rejection::Required { .. }
            | Rejection::OnlyWhenClosing
            | Rejection::DateBefore { .. }
            | Rejection::DateAfter { .. }
            | Rejection::OutsidePlan { .. }
            | Rejection::WrongCycle { .. }
            | Rejection::BadDate { .. }
            | Rejection::BadId { .. }
            | Rejection::NoSuchMeasure { .. }
            | Rejection::NoMeetingOpen { .. }
            | Rejection::ManyMeetingsOpen { .. }
            | Rejection::MeetingClosed { .. }
            | Rejection::MeetingExists { .. }
            | Rejection::MeetingStillOpen { .. }
            | Rejection::NoMeetingHeld
            | Rejection::MeetingTagMissing { .. }
            | Rejection::IssueTaken { .. }
            | Rejection::ReportedTwice { .. }
            | Rejection::ReportOnClosed
            | Rejection::ClosingInReport
            | Rejection::ReportedInFuture { .. }
            | Rejection::ReportedBeforePeriod { .. }
            | Rejection::NotACoUnit { .. }
            | Rejection::CoUnitIsLead { .. }
            | Rejection::NoMilestone { .. }
            | Rejection::MilestoneOutside { .. }
            | Rejection::MilestoneTaken { .. }
            | Rejection::TargetInPlan { .. }
            | Rejection::BadTarget { .. }
            | Rejection::TargetNeedsFigure { .. }
            | Rejection::NoSuggestion { .. }
            | Rejection::TargetAlreadySet { .. }
            | Rejection::TooManyLandmarks { .. }
            | Rejection::UnitExists { .. }
            | Rejection::UnitNameTaken { .. }
            | Rejection::UnitReferenced { .. }
            | Rejection::ChangedLater { .. }
            | Rejection::ChangedSincePreview
            | Rejection::NoSuchChange { .. }
            | Rejection::NotRevertible { .. } => {}
        }
    }
    all
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303f}' | '\u{4e00}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
}

/// Two English words in a row (three letters or more each), the mark of a sentence.
fn english_sentence(text: &str) -> Option<String> {
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_ascii_alphabetic() || c == ' '))
        .collect();
    for run in words {
        let w: Vec<&str> = run.split(' ').filter(|w| !w.is_empty()).collect();
        if w.windows(2).any(|p| p.iter().all(|w| w.len() >= 3)) {
            return Some(run.to_string());
        }
    }
    None
}

/// Command phrases the Chinese CLI may name (they are typed, not read).
const COMMANDS: &[&str] = &[
    "taskforce meeting new",
    "roster add-person",
    "git config user.name",
    "Name <mail>",
];

#[test]
fn every_rejection_is_worded_in_each_language_and_front_end() {
    let all = samples();
    assert!(all.len() >= 45, "{}", all.len());
    for r in &all {
        let zh_tui = r.words(Lang::Zh, Naming::Labels);
        let zh_cli = r.words(Lang::Zh, Naming::Flags);
        let en_tui = r.words(Lang::En, Naming::Labels);
        let en_cli = r.words(Lang::En, Naming::Flags);
        assert!(zh_tui.chars().any(is_cjk), "{r:?}: {zh_tui}");
        assert_eq!(english_sentence(&zh_tui), None, "{r:?}: {zh_tui}");
        assert!(!zh_tui.contains("--"), "{r:?}: {zh_tui}");
        assert!(!en_tui.contains("--"), "{r:?}: {en_tui}");
        for t in [&zh_tui, &en_tui] {
            assert!(
                !t.contains(".ron") && !t.contains("taskforce") && !t.contains(".md"),
                "{r:?}: {t}"
            );
        }
        let mut cli = zh_cli.clone();
        for c in COMMANDS {
            cli = cli.replace(c, "");
        }
        // A flag is a name, not a sentence.
        let cli: String = cli
            .split(' ')
            .filter(|w| !w.starts_with("--"))
            .collect::<Vec<_>>()
            .join("|");
        assert_eq!(english_sentence(&cli), None, "{r:?}: {zh_cli}");
        // Data in the samples is ASCII, so any CJK character is an untranslated word.
        for t in [&en_tui, &en_cli] {
            assert!(!t.chars().any(is_cjk), "{r:?}: {t}");
        }
    }
}

#[test]
fn the_cli_names_flags_and_the_tui_names_fields() {
    let r = Rejection::UnknownPerson {
        field: Field::Owner,
        name: "刘洋".into(),
        known: vec![],
    };
    assert_eq!(
        r.words(Lang::Zh, Naming::Labels),
        "责任人 刘洋：名册中没有此人（现有：无；请先在名册中添加）"
    );
    assert_eq!(
        r.words(Lang::Zh, Naming::Flags),
        "--owner 刘洋：名册中没有此人（现有：无；先用 roster add-person 添加）"
    );
    let r = Rejection::OutOfRange {
        field: Field::Percent,
        value: 150,
        min: 0,
        max: Some(100),
    };
    assert_eq!(
        r.words(Lang::Zh, Naming::Labels),
        "完成比例 150：应在 0 到 100 之间"
    );
    assert_eq!(
        r.words(Lang::En, Naming::Flags),
        "--percent 150: must be 0 to 100"
    );
}

#[test]
fn other_errors_are_worded_in_the_ui_language() {
    let e = Error::NoIdentity;
    let tui = e.for_tui(Lang::Zh);
    assert!(tui.contains("尚未设置提交人"), "{tui}");
    assert!(!tui.contains("--author"), "{tui}");
    assert!(!e.for_tui(Lang::En).chars().any(is_cjk));
    let e = Error::NotFound(Id::parse("A3-99").expect("id"));
    assert_eq!(e.text(Lang::Zh), "没有编号为 A3-99 的举措");
    assert_eq!(english_sentence(&e.text(Lang::Zh)), None);
    let named = |id: &str| Error::NotFound(Id::parse(id).expect("id"));
    for (id, zh, en) in [
        ("A3", "任务", "action"),
        ("I08", "指标", "indicator"),
        ("D2026-11-01", "议定事项", "action item"),
        ("L2026-01", "标志性成果", "landmark achievement"),
        ("M2026-11", "会议", "meeting"),
        ("units", "任务、举措或指标", "action, measure or indicator"),
    ] {
        assert_eq!(named(id).text(Lang::Zh), format!("没有编号为 {id} 的{zh}"));
        assert_eq!(named(id).text(Lang::En), format!("no {en} with id {id}"));
    }
    let io = Error::Io {
        path: "measures/A3/A3-02.ron".into(),
        source: std::io::Error::from_raw_os_error(28),
    };
    assert_eq!(io.text(Lang::Zh), "measures/A3/A3-02.ron：磁盘空间不足");
    assert_eq!(io.for_tui(Lang::Zh), "文件磁盘空间不足");
    let git = Error::Git(git2::Error::new(
        git2::ErrorCode::NotFound,
        git2::ErrorClass::Reference,
        "revspec 'nosuch' not found",
    ));
    assert_eq!(git.text(Lang::Zh), "git 出错：找不到所指的对象或版本");
    assert_eq!(git.text(Lang::En), "git: revspec 'nosuch' not found");
}
