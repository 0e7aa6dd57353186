//! What a key (or a finished effect) asks the app to do, and the IO the app asks the loop to run.
//!
//! Actions are plain data; `App::update` hands them to the screen on top, which turns them into
//! state changes and at most one `Effect`.

use chrono::NaiveDate;

use crate::meeting::Change;
use crate::model::{ActionItem, Cycle, Id, Light, Meeting, Period, Plan};
use crate::store::roster::RosterChange;
use crate::store::undo::Revert;
use crate::store::{Decision, IndicatorWrite, ItemEdit, LandmarkWrite, NewMeeting};
use crate::store::{Entry, MeasureEdit, ReportEdit};

/// Facts about the repository shown in the status line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RepoInfo {
    pub path: String,
    pub branch: Option<String>,
    /// Uncommitted changes in the work tree; `None` until the worker has looked (first paint).
    pub dirty: Option<bool>,
    /// Commits ahead of and behind the upstream branch, when there is one.
    pub ahead_behind: Option<(usize, usize)>,
    /// When the last sync ran (`2026-12-01 09:30`), if ever.
    pub last_sync: Option<String>,
}

/// Everything the app shows, loaded from the store at one moment.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub plan: Plan,
    /// The plan's typed history, newest first.
    pub history: Vec<Entry>,
    pub repo: RepoInfo,
    /// Problems found while loading, shown as a message.
    pub problems: Vec<String>,
}

/// A snapshot as the worker loads it, with what the UI thread would otherwise compute on
/// taking it (the lights), so that taking a load never holds the screen.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub snapshot: Snapshot,
    pub lights: super::ctx::Lights,
    /// False for a first paint: the plan as last loaded and only the newest history entries,
    /// from the caches; the whole load follows.
    pub complete: bool,
    /// `snapshot.history` holds only the entries newer than those the app holds (a reload
    /// after commits on top of them): they go on top.
    pub newer_only: bool,
}

/// The typed review from a baseline to HEAD, as the review and meeting screens show it.
#[derive(Debug, Clone)]
pub struct ReviewData {
    /// The meeting kind whose last meeting is the baseline.
    pub kind: Cycle,
    pub base: String,
    pub base_date: NaiveDate,
    pub head: String,
    pub changes: Vec<Change>,
}

/// An action item of an earlier meeting on the agenda, with how often it has been carried.
#[derive(Debug, Clone, PartialEq)]
pub struct CarriedRow {
    pub item: ActionItem,
    pub raised_in: Id,
    pub carried: usize,
}

/// Everything the meeting screen shows about the open meeting of a kind.
#[derive(Debug, Clone)]
pub struct MeetingData {
    pub meeting: Meeting,
    /// The review from the meeting's baseline to HEAD.
    pub review: ReviewData,
    /// Open items of earlier meetings (and those closed since the baseline).
    pub carried: Vec<CarriedRow>,
    /// The minutes as they would be written now.
    pub minutes: String,
}

/// What importing one file would do, as the screen shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportPreview {
    pub file: String,
    /// `周调度 2026-W48`.
    pub period: String,
    /// Each report that would change: its commit summary and cell.
    pub changes: Vec<(String, bool)>,
    pub unchanged: usize,
    /// Problems: nothing can be committed while there is one.
    pub problems: Vec<String>,
}

impl ImportPreview {
    /// Rows changed since the export (shown with `！`): `y` confirms them.
    pub fn conflicts(&self) -> usize {
        self.changes.iter().filter(|(_, c)| *c).count()
    }

    /// Whether `y` would commit something.
    pub fn committable(&self) -> bool {
        self.problems.is_empty() && !self.changes.is_empty()
    }
}

/// A user intent or the result of an effect.
#[derive(Debug, Clone)]
pub enum Action {
    MoveUp,
    MoveDown,
    PageUp,
    PageDown,
    Home,
    End,
    Expand,
    Collapse,
    Toggle,
    ExpandAll,
    ScrollDetailDown,
    ScrollDetailUp,
    CollapseAll,
    StartSearch,
    /// A typed character (search query or form field).
    Input(char),
    /// Pasted text (search query or form field).
    Paste(String),
    DeleteChar,
    /// Delete: the character after the cursor.
    DeleteForward,
    /// Ctrl-W: the word before the cursor.
    DeleteWord,
    /// The cursor one word left or right.
    WordLeft,
    WordRight,
    /// Ctrl-Z: the form's last edit undone.
    Undo,
    /// Ctrl-Y: the form's last undone edit made again.
    Redo,
    /// Enter in the search line: keep the query and go back to the tree.
    AcceptSearch,
    /// Esc: clear the search, close a popup, leave a form or screen.
    Cancel,
    OpenFilters,
    FilterLight(Light),
    FilterStatus,
    FilterOverdue,
    FilterNotReported,
    FilterCycle,
    FilterAction,
    FilterLead,
    FilterOwner,
    ClearFilters,
    OpenForm,
    OpenMeasureForm,
    /// The form to update the selected action item (status, feedback, 销号).
    OpenItemForm,
    NextField,
    PrevField,
    ChoiceNext,
    ChoicePrev,
    NewLine,
    Submit,
    EditExternally,
    Confirm,
    ShowHistory,
    ShowReview,
    ShowMeeting,
    ShowIndicators,
    /// Confirm the selected indicator's 建议值 for this year as the taskforce's target.
    ConfirmSuggestedTarget,
    /// The form to set or confirm a year's target of the selected indicator, with its basis.
    OpenTargetForm,
    /// The landmarks screen (标志性成果).
    ShowLandmarks,
    /// A new landmark achievement for the year shown.
    NewLandmark,
    /// Remove the selected landmark achievement (after its preview).
    RemoveLandmark,
    /// The year before or after the one shown.
    PrevYear,
    NextYear,
    /// The 催办 screen.
    ShowRemind,
    /// Write every unit's 催办通知 to a file.
    WriteNotices,
    /// A file was written (its path).
    Wrote(String),
    /// The roster screen (名册): people and units.
    ShowRoster,
    /// A new person of the roster.
    AddPerson,
    /// A new unit of the roster.
    AddUnit,
    /// The selected person's unit, post and phone, or the selected unit's name.
    EditEntry,
    /// Remove the selected unit (refused while it is referenced).
    RemoveEntry,
    /// The other list of a screen with two (people ↔ units).
    SwitchList,
    /// The import screen.
    ShowImport,
    /// The `.xlsx` files of the current folder.
    ImportFilesListed(Vec<String>),
    /// What a returned workbook would commit.
    ImportPreviewed(Box<ImportPreview>),
    /// Next meeting kind (weekly → monthly → quarterly) on the review and meeting screens.
    SwitchKind,
    /// The review or meeting screen switched to this kind: the next one opens on it.
    KindChosen(Cycle),
    OpenDecisionForm,
    OpenMeetingForm,
    ShowMinutes,
    CloseMeeting,
    /// Reads the work tree and history again (hand edits do not move HEAD).
    Refresh,
    /// Sync with the remote: fetch, merge field by field, push.
    Sync,
    /// A sync finished: what it did.
    Synced(String),
    /// A meeting's minutes: its id, whether it is closed, the markdown.
    MinutesLoaded(Id, bool, String),
    /// A sync stopped: these fields changed both ways (nothing was written).
    SyncConflicts(Vec<crate::store::sync::SyncConflict>),
    /// On the conflict screen: the side for the selected conflict, or for all.
    TakeSide(crate::merge::Side),
    TakeAll(crate::merge::Side),
    PlanUndo,
    /// Plan the undo of the change selected in the history.
    PlanRevertSelected,
    ToggleHelp,
    Quit,
    /// The tree pane can show this many rows.
    Resize(u16, u16),
    Reloaded(Box<Snapshot>),
    /// A load from the worker (a first paint or a whole load).
    Loaded(Box<Loaded>),
    /// The branch, dirty flag or upstream changed without HEAD moving.
    RepoChanged(RepoInfo),
    /// The summary the store would commit.
    Previewed(String),
    Committed {
        commit: String,
        summary: String,
    },
    Unchanged,
    Failed(String),
    UndoPlanned(Option<Box<Revert>>),
    EditedExternally(String),
    ReviewLoaded(Box<ReviewData>),
    /// The open meeting of the kind asked for, or `None` when no meeting of it is open.
    MeetingLoaded(Cycle, Option<Box<MeetingData>>),
}

/// IO the run loop performs for the app; its result comes back as an `Action`.
#[derive(Debug, Clone)]
pub enum Effect {
    Quit,
    Reload,
    Sync,
    /// The minutes of a meeting (its record when closed, as of now when open).
    LoadMinutes(Id),
    /// Sync again, resolving each conflict (by its key) with the side chosen.
    SyncTaking(std::collections::HashMap<String, crate::merge::Side>),
    PreviewReport {
        id: Id,
        period: Period,
        edit: ReportEdit,
    },
    CommitReport {
        id: Id,
        period: Period,
        edit: ReportEdit,
    },
    PreviewMeasure {
        id: Id,
        edit: MeasureEdit,
    },
    CommitMeasure {
        id: Id,
        edit: MeasureEdit,
    },
    PreviewItem {
        id: Id,
        edit: ItemEdit,
    },
    CommitItem {
        id: Id,
        edit: ItemEdit,
    },
    PlanUndo,
    /// How reverting that earlier commit would go (field by field; later changes in the way).
    PlanRevert(String),
    ApplyRevert(Box<Revert>),
    /// Edit `text` in `$EDITOR`.
    EditExternally(String),
    /// The review since the last meeting of a kind.
    LoadReview(Cycle),
    /// The open meeting of a kind, its agenda and minutes.
    LoadMeeting(Cycle),
    PreviewDecision(Decision),
    CommitDecision(Decision),
    PreviewMeeting(NewMeeting),
    OpenMeeting(NewMeeting),
    CloseMeeting(Id),
    /// Confirm the 建议值 of an indicator for a year (`taskforce indicator confirm`).
    ConfirmTarget {
        indicator: Id,
        year: i32,
    },
    /// What an indicator write (a value, a target, a confirmed 建议值) would commit.
    PreviewIndicator(IndicatorWrite),
    WriteIndicator(IndicatorWrite),
    /// What a landmark write (add, change, remove) would commit.
    PreviewLandmark(LandmarkWrite),
    WriteLandmark(LandmarkWrite),
    /// Write `text` to the file `name` in the current folder.
    WriteFile(String, String),
    /// List the `.xlsx` files of the current folder.
    ListImportFiles,
    /// Read a returned workbook and compare it with the repository.
    PreviewImport(String),
    /// Commit a returned workbook (after its preview).
    CommitImport(String),
    /// What a change of the roster would commit.
    PreviewRoster(RosterChange),
    /// Commit a change of the roster (after its preview).
    CommitRoster(RosterChange),
}
