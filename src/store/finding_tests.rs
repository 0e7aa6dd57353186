//! Every finding worded in both languages; the parser's words kept for English.

use super::*;

fn day(d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, d).expect("a date")
}

fn syntax(e: ron::error::Error) -> Finding {
    Finding::Syntax((&e).into())
}

/// One finding of every variant; the match makes a new variant fail to compile here until
/// it has a sample.
fn samples() -> Vec<Finding> {
    use ron::error::Error as E;
    let all = vec![
        Finding::CannotRead {
            kind: ErrorKind::PermissionDenied,
            text: "Permission denied (os error 13)".into(),
        },
        Finding::CannotRead {
            kind: ErrorKind::Other,
            text: "Input/output error".into(),
        },
        Finding::CrlfLineEnds,
        Finding::UnexpectedFolder,
        Finding::NotRonFile,
        Finding::ExpectedFolder,
        Finding::UnsafeFileName("identifier \"A 1\" may only use ASCII letters".into()),
        Finding::UnsafeFolderName("identifier is empty".into()),
        Finding::Link,
        Finding::SpecialFile,
        Finding::TooLarge {
            bytes: 2_000_000,
            max: 1_048_576,
        },
        Finding::NotUtf8,
        Finding::BadCharacter {
            code: 0x1b,
            control: true,
            escaped: false,
        },
        Finding::BadCharacter {
            code: 0x202e,
            control: false,
            escaped: true,
        },
        Finding::ExtensionAttributes,
        syntax(E::ExpectedComma),
        syntax(E::MissingStructField {
            field: "deadline",
            outer: None,
        }),
        syntax(E::NoSuchStructField {
            expected: &["deadline"],
            found: "dedline".into(),
            outer: None,
        }),
        syntax(E::DuplicateStructField {
            field: "owner",
            outer: None,
        }),
        syntax(E::NoSuchEnumVariant {
            expected: &["Green"],
            found: "Purple".into(),
            outer: None,
        }),
        syntax(E::InvalidValueForType {
            expected: "a string".into(),
            found: "the unsigned integer `5`".into(),
        }),
        syntax(E::Eof),
        syntax(E::TrailingCharacters),
        syntax(E::Message("premature end of input".into())),
        syntax(E::UnclosedBlockComment),
        Finding::NotAPlanObject,
        Finding::SchemaUnsupported(9),
        Finding::IdMismatch("A3-99".into()),
        Finding::DuplicateId {
            id: "A3-02".into(),
            first: "measures/A3/A3-02.ron".into(),
        },
        Finding::Dangling {
            what: Referent::Indicator,
            id: "I99".into(),
        },
        Finding::Dangling {
            what: Referent::Meeting,
            id: "M2026-13".into(),
        },
        Finding::UnitNotInRoster("U1".into()),
        Finding::OwnerNotInRoster("P1".into()),
        Finding::UnitTwice("U1".into()),
        Finding::PersonUnitUnknown {
            person: "P1".into(),
            unit: "U1".into(),
        },
        Finding::PlanEndsBeforeStart,
        Finding::MeasureMisfiled {
            id: "A3-02".into(),
            folder: "A4".into(),
        },
        Finding::MeasureActionMismatch {
            id: "A3-02".into(),
            action: "A3".into(),
        },
        Finding::DateOrder {
            rule: DateRule::DeadlineBeforeStart,
            before: day(20),
            after: day(1),
        },
        Finding::DateOrder {
            rule: DateRule::MilestoneBeforeStart,
            before: day(20),
            after: day(1),
        },
        Finding::OverrideNeedsReason,
        Finding::OverrideUnreported,
        Finding::ClosedWithoutClosure,
        Finding::ClosureIncomplete,
        Finding::ClosureNotClosed,
        Finding::PrintedMismatch {
            text: "90.5".into(),
            parsed: Parsed::AtLeast(90.5).into(),
        },
        Finding::ObservationMisfiled,
        Finding::ValueNotANumber,
        Finding::TargetMisfiled,
        Finding::TargetMismatch {
            text: "615".into(),
            parsed: Parsed::Maintain(615.0).into(),
        },
        Finding::TargetInPlan {
            indicator: "I08".into(),
            year: 2025,
        },
        Finding::TargetNeedsBasis,
        Finding::LandmarkMisfiled {
            year: 2026,
            folder: "2027".into(),
        },
        Finding::TooManyLandmarks {
            year: 2026,
            count: 11,
        },
        Finding::MeetingKindMismatch,
        Finding::ItemMisfiled {
            meeting: "M2026-11".into(),
            folder: "M2026-10".into(),
        },
        Finding::ReportMisfiled {
            item: "A3-02".into(),
            period: "2026-W48".into(),
        },
        Finding::ReportItemMismatch,
        Finding::ReportPeriodMismatch,
        Finding::NotAPeriodFolder(Cycle::Monthly),
        Finding::PercentOver(150),
        Finding::ReportedUnreported,
        Finding::ReportedBeforePeriod {
            on: day(1),
            period: "2026-W48".into(),
        },
    ];
    for f in &all {
        match f {
            Finding::CannotRead { .. }
            | Finding::CrlfLineEnds
            | Finding::UnexpectedFolder
            | Finding::NotRonFile
            | Finding::ExpectedFolder
            | Finding::UnsafeFileName(_)
            | Finding::UnsafeFolderName(_)
            | Finding::Link
            | Finding::SpecialFile
            | Finding::TooLarge { .. }
            | Finding::NotUtf8
            | Finding::BadCharacter { .. }
            | Finding::ExtensionAttributes
            | Finding::Syntax(_)
            | Finding::NotAPlanObject
            | Finding::SchemaUnsupported(_)
            | Finding::IdMismatch(_)
            | Finding::DuplicateId { .. }
            | Finding::Dangling { .. }
            | Finding::UnitNotInRoster(_)
            | Finding::OwnerNotInRoster(_)
            | Finding::UnitTwice(_)
            | Finding::PersonUnitUnknown { .. }
            | Finding::PlanEndsBeforeStart
            | Finding::MeasureMisfiled { .. }
            | Finding::MeasureActionMismatch { .. }
            | Finding::DateOrder { .. }
            | Finding::OverrideNeedsReason
            | Finding::OverrideUnreported
            | Finding::ClosedWithoutClosure
            | Finding::ClosureIncomplete
            | Finding::ClosureNotClosed
            | Finding::PrintedMismatch { .. }
            | Finding::ObservationMisfiled
            | Finding::ValueNotANumber
            | Finding::TargetMisfiled
            | Finding::TargetMismatch { .. }
            | Finding::TargetInPlan { .. }
            | Finding::TargetNeedsBasis
            | Finding::LandmarkMisfiled { .. }
            | Finding::TooManyLandmarks { .. }
            | Finding::MeetingKindMismatch
            | Finding::ItemMisfiled { .. }
            | Finding::ReportMisfiled { .. }
            | Finding::ReportItemMismatch
            | Finding::ReportPeriodMismatch
            | Finding::NotAPeriodFolder(_)
            | Finding::PercentOver(_)
            | Finding::ReportedUnreported
            | Finding::ReportedBeforePeriod { .. } => {}
        }
    }
    all
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303f}' | '\u{4e00}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')
}

/// Two English words in a row (three letters or more each), the mark of a sentence.
fn english_sentence(text: &str) -> Option<String> {
    text.split(|c: char| !(c.is_ascii_alphabetic() || c == ' '))
        .find(|run| {
            let w: Vec<&str> = run.split(' ').filter(|w| !w.is_empty()).collect();
            w.windows(2).any(|p| p.iter().all(|w| w.len() >= 3))
        })
        .map(str::to_string)
}

#[test]
fn every_finding_is_worded_in_each_language() {
    let all = samples();
    assert_eq!(all.len(), 63);
    for f in &all {
        let zh = f.words(Lang::Zh);
        let en = f.words(Lang::En);
        assert!(zh.chars().any(is_cjk), "{f:?}: {zh}");
        // A command the user types is not a sentence.
        let zh_text = zh.replace("taskforce fmt", "");
        assert_eq!(english_sentence(&zh_text), None, "{f:?}: {zh}");
        // Data in the samples is ASCII, so any CJK character is an untranslated word.
        assert!(!en.chars().any(is_cjk), "{f:?}: {en}");
        assert!(en.chars().any(|c| c.is_ascii_lowercase()), "{f:?}: {en}");
    }
}

#[test]
fn the_parser_keeps_its_own_words_in_english_and_is_named_in_chinese() {
    let f = syntax(ron::error::Error::MissingStructField {
        field: "deadline",
        outer: Some("Measure".into()),
    });
    assert_eq!(f.words(Lang::Zh), "缺少字段 deadline");
    assert_eq!(
        f.words(Lang::En),
        "Unexpected missing field named `deadline` in `Measure`"
    );
    assert_eq!(
        syntax(ron::error::Error::ExpectedComma).words(Lang::Zh),
        "此处应为逗号“,”"
    );
}

#[test]
fn a_problem_names_its_place_and_keeps_its_english_message() {
    let p = super::super::Problem::at(
        "measures/A3/A3-02.ron",
        (17, 9),
        Finding::Dangling {
            what: Referent::Indicator,
            id: "I99".into(),
        },
    );
    assert_eq!(p.message, "unknown indicator I99 (dangling reference)");
    assert_eq!(
        p.to_string(),
        "measures/A3/A3-02.ron:17:9: unknown indicator I99 (dangling reference)"
    );
    assert_eq!(
        p.words(Lang::Zh),
        "measures/A3/A3-02.ron:17:9: 引用了不存在的指标 I99"
    );
    let whole = super::super::Problem::file("landmarks/2026", Finding::PlanEndsBeforeStart);
    assert_eq!(
        whole.words(Lang::Zh),
        "landmarks/2026: 方案的结束日期早于开始日期"
    );
}
