//! Opening, annotating and closing meetings.

use super::*;
use crate::model::{Lang, Meeting, NoteKind};

#[test]
fn a_new_meeting_is_one_commit_of_its_record() {
    let t = TempStore::new();
    let before = t.commits();
    let root = t.git(&["rev-list", "--max-parents=0", "HEAD"]);
    let preview = t.store.preview_meeting(&monthly(20)).expect("preview");
    assert_eq!(t.commits(), before, "a preview writes nothing");
    let (outcome, meeting) = t
        .store
        .new_meeting(&monthly(20), &who())
        .expect("new meeting");
    assert_eq!(summary(&outcome), "召开月例会 M2026-11（2026年第1期）");
    assert_eq!(preview, summary(&outcome));
    assert_eq!(t.commits(), before + 1);
    assert_eq!(t.changed(), ["A meetings/monthly/M2026-11.ron"]);
    let message = t.message();
    assert!(message.starts_with("召开月例会 M2026-11（2026年第1期）\n\n基线 "));
    assert!(message.contains("\nMeeting: M2026-11\n"), "{message}");
    let file: Meeting =
        ron::from_str(&t.committed("meetings/monthly/M2026-11.ron")).expect("a meeting file");
    assert_eq!(file, meeting);
    assert_eq!(
        file.baseline,
        root.trim(),
        "the first meeting starts at the first commit"
    );
    assert_eq!(file.issue, 1);
    assert!(!file.closed);
    assert_eq!(
        file.attendees,
        ["市教育局", "市人社局"],
        "duplicates dropped"
    );
    t.assert_clean();
}

#[test]
fn a_second_meeting_of_a_kind_waits_for_the_first_to_close() {
    let t = TempStore::new();
    t.open_meeting(20);
    let before = t.commits();
    let mut december = monthly(20);
    december.time = NaiveDate::from_ymd_opt(2026, 12, 18)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("a time");
    assert_eq!(
        rejection(t.store.new_meeting(&december, &who())),
        Rejection::MeetingStillOpen {
            id: "M2026-11".into()
        }
    );
    assert_eq!(
        rejection(t.store.new_meeting(&monthly(21), &who())),
        Rejection::MeetingExists {
            id: "M2026-11".into()
        }
    );
    assert_eq!(t.commits(), before, "nothing written by a refusal");
    t.store
        .close_meeting(None, Lang::Zh, &who())
        .expect("close");
    let mut zero = december.clone();
    zero.issue = Some(0);
    assert!(matches!(
        rejection(t.store.new_meeting(&zero, &who())),
        Rejection::OutOfRange { min: 1, .. }
    ));
    let mut taken = december.clone();
    taken.issue = Some(1);
    assert!(matches!(
        rejection(t.store.new_meeting(&taken, &who())),
        Rejection::IssueTaken { issue: 1, .. }
    ));
    let (outcome, next) = t.store.new_meeting(&december, &who()).expect("december");
    assert_eq!(summary(&outcome), "召开月例会 M2026-12（2026年第2期）");
    let tag = t.git(&["rev-parse", "meeting/monthly/2026-11^{commit}"]);
    assert_eq!(next.baseline, tag.trim(), "the baseline is the last close");
    t.assert_clean();
}

#[test]
fn closing_writes_the_minutes_and_the_closed_record_in_one_tagged_commit() {
    let t = TempStore::new();
    let meeting = t.open_meeting(20);
    let minutes = t.store.render_minutes(&meeting, Lang::Zh).expect("minutes");
    let before = t.commits();
    let (outcome, closed, path) = t
        .store
        .close_meeting(None, Lang::Zh, &who())
        .expect("close");
    assert_eq!(path, "minutes/M2026-11.md");
    assert_eq!(
        summary(&outcome),
        "月例会 M2026-11 结束：纪要 minutes/M2026-11.md，议定事项0项"
    );
    assert_eq!(t.commits(), before + 1);
    assert_eq!(
        t.changed(),
        ["A minutes/M2026-11.md", "M meetings/monthly/M2026-11.ron"]
    );
    assert_eq!(
        t.committed(&path),
        minutes,
        "the minutes as rendered before"
    );
    let file: Meeting =
        ron::from_str(&t.committed("meetings/monthly/M2026-11.ron")).expect("a meeting file");
    assert!(file.closed);
    assert_eq!(file, closed);
    assert_eq!(t.tags_at_head(), ["meeting/monthly/2026-11"]);
    assert_eq!(
        t.store.render_minutes(&closed, Lang::Zh).expect("again"),
        minutes,
        "a closed meeting renders the bytes it wrote"
    );
    assert_eq!(
        rejection(t.store.close_meeting(None, Lang::Zh, &who())),
        Rejection::NoMeetingOpen { kind: None }
    );
    t.assert_clean();
}

#[test]
fn notes_and_sign_off_are_commits_on_the_open_meeting() {
    let t = TempStore::new();
    t.open_meeting(20);
    let outcome = t
        .store
        .meeting_note(None, NoteKind::Stressed, "要压实责任，\n按期销号", &who())
        .expect("note");
    assert_eq!(
        summary(&outcome),
        "月例会 M2026-11 会议强调：要压实责任， 按期销号"
    );
    let file: Meeting =
        ron::from_str(&t.committed("meetings/monthly/M2026-11.ron")).expect("a meeting file");
    assert_eq!(file.sign_off.notes.len(), 1);
    assert_eq!(file.sign_off.notes[0].text, "要压实责任，\n按期销号");
    let doc = |s: &mut SignOff| s.doc_no = Some(" 温公服专班纪〔2026〕12号 ".into());
    let outcome = t
        .store
        .edit_sign_off(None, "文号", doc, &who())
        .expect("doc no");
    assert_eq!(summary(&outcome), "月例会 M2026-11 文号");
    let before = t.commits();
    assert_eq!(
        t.store
            .edit_sign_off(None, "文号", doc, &who())
            .expect("same"),
        Outcome::Unchanged
    );
    assert_eq!(t.commits(), before, "the same sign-off is no commit");
    let file: Meeting =
        ron::from_str(&t.committed("meetings/monthly/M2026-11.ron")).expect("a meeting file");
    assert_eq!(
        file.sign_off.doc_no.as_deref(),
        Some("温公服专班纪〔2026〕12号")
    );
    assert_eq!(
        rejection(t.store.meeting_note(None, NoteKind::Pointed, "  ", &who())),
        Rejection::Empty {
            field: super::super::Field::Note
        }
    );
    t.assert_clean();
}

#[test]
fn meeting_times_parse_as_the_command_line_writes_them() {
    let nine = |d: &str| date(d).and_hms_opt(9, 0, 0);
    assert_eq!(
        super::super::parse_meeting_time("2026-11-20"),
        nine("2026-11-20")
    );
    assert_eq!(
        super::super::parse_meeting_time(" 2026-11-20T14:30 "),
        Some(at(20))
    );
    assert_eq!(
        super::super::parse_meeting_time("2026-11-20 14:30"),
        Some(at(20))
    );
    assert_eq!(super::super::parse_meeting_time("20/11/2026"), None);
    assert_eq!(
        super::super::meeting_tag(Cycle::Quarterly, crate::model::Period::Quarter(2026, 4)),
        "meeting/quarterly/2026-Q4"
    );
}
