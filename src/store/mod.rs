//! The store: RON files in a git repository. Only this module touches the disk and git.
//!
//! Reading goes through a [`Source`] (work tree, git tree, or the bundled plan), so the same
//! parser and validator serve `check`, the TUI and the typed diff at any revision.

mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
}
mod cache;
mod cache_history;
mod cache_review;
mod cached;
pub mod codec;
mod durable;
pub mod error;
pub mod finding;
pub mod gc;
mod git;
pub mod history;
mod indicators;
mod info;
mod items;
mod labels;
mod landmarks;
pub mod layout;
mod load;
mod measures;
pub mod meetings;
pub mod merge_file;
mod recover;
mod reports;
pub mod review;
pub mod roster;
pub mod source;
pub mod sync;
pub mod synth;
#[cfg(test)]
mod tests;
mod transport;
pub mod undo;
mod validate;
mod wire;
mod write;

use std::path::{Path, PathBuf};

pub use codec::{Problem, clean_text, to_canonical};
pub use durable::{FAILPOINTS, fsync_on};
pub use git::{
    FileChange, Identity, LOCK_WAIT, STALE_LOCK_AGE, WriteLock, enable_fsync, set_command_name,
    write_atomic,
};
pub use history::{Entry, FieldChange, Since};
pub use indicators::IndicatorWrite;
pub use info::RepoState;
pub use items::{Decision, ItemEdit};
pub use labels::{cadence_label, field_label, show_value};
pub use landmarks::{LANDMARKS_PER_YEAR, LandmarkEdit, LandmarkWrite};
pub use load::{
    Reports, canonical_files, canonical_from_json, file_problems, load, load_with_style, typed_json,
};
pub use measures::MeasureEdit;
pub use meetings::{NewMeeting, Review, ReviewFrom, meeting_tag, parse_meeting_time};
pub use reports::ReportEdit;
pub use source::{BundledSource, DirSource, Source, TreeSource};
pub use write::LightPreview;
pub use write::Outcome;

pub use error::{Error, Field, Limit, MilestoneAction, Naming, Purpose, Rejection};
pub use finding::Finding;

use crate::model::{Id, Plan};

/// The `.gitattributes` that `init` writes.
pub const GITATTRIBUTES: &str = "# Written by taskforce init: plan files are kept byte for byte, and merged field by\n# field (git config merge.taskforce.driver, set by taskforce init, clone and hooks install).\n*.ron -text merge=taskforce\nminutes/*.md -text\n";

/// Result of store operations.
pub type Result<T, E = Error> = std::result::Result<T, E>;

pub(crate) fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// An open plan repository.
pub struct Store {
    root: PathBuf,
    repo: git2::Repository,
    /// The language of the messages the store writes for users.
    lang: std::cell::Cell<crate::model::Lang>,
    /// Print notices (recoveries, removed locks) on stderr as they happen; else keep them.
    echo: std::cell::Cell<bool>,
    notices: std::cell::RefCell<Vec<String>>,
    /// A meeting tag the next `commit_files` puts on its commit (a close) or removes (an
    /// undone close).
    pending_tag: std::cell::RefCell<Option<recover::TagOp>>,
    /// When the waits of the current write end (set when it starts waiting for the lock).
    deadline: std::cell::Cell<Option<std::time::Instant>>,
    /// What a write read under the writer lock, so it reads each file once (see `write.rs`).
    reads: std::cell::RefCell<Option<write::Reads>>,
}

impl Store {
    fn new(root: PathBuf, repo: git2::Repository) -> Store {
        Store {
            root,
            repo,
            lang: Default::default(),
            echo: Default::default(),
            notices: Default::default(),
            pending_tag: Default::default(),
            deadline: Default::default(),
            reads: Default::default(),
        }
    }

    /// The language of the messages the store writes (Chinese unless set).
    pub fn lang(&self) -> crate::model::Lang {
        self.lang.get()
    }

    /// Sets the language of the store's messages.
    pub fn set_lang(&self, lang: crate::model::Lang) {
        self.lang.set(lang);
    }

    /// Prints notices on stderr as they happen (the command line), instead of keeping them
    /// for [`Store::take_notices`] (the TUI).
    pub fn set_echo(&self, echo: bool) {
        self.echo.set(echo);
    }

    /// Tells the user something the store did on its own (a recovery, a removed lock): printed
    /// at once on the command line, so it shows even when the command then fails.
    pub(crate) fn notice(&self, text: String) {
        if self.echo.get() {
            eprintln!("taskforce: {}", printable_notice(&text));
        } else {
            self.notices.borrow_mut().push(text);
        }
    }

    /// The notices kept so far (when not printed at once).
    pub fn take_notices(&self) -> Vec<String> {
        std::mem::take(&mut *self.notices.borrow_mut())
    }

    /// The note of an outcome: warnings of the write, then kept notices.
    pub(crate) fn take_note(&self, lock: &mut WriteLock) -> Option<String> {
        let mut parts = self.take_notices();
        parts.extend(lock.recovered.take());
        (!parts.is_empty()).then(|| parts.join("\n"))
    }

    /// Opens the plan repository whose work tree is `root`.
    pub fn open(root: &Path) -> Result<Store> {
        enable_fsync();
        let repo = git2::Repository::open(root).map_err(|_| Error::NotAPlan(root.to_path_buf()))?;
        let top = repo
            .workdir()
            .ok_or_else(|| Error::NotAPlan(root.to_path_buf()))?
            .to_path_buf();
        if !top.join(layout::PLAN).is_file() {
            return Err(Error::NotAPlan(root.to_path_buf()));
        }
        Ok(Store::new(top, repo))
    }

    /// Whether `dir` is the top of a plan repository.
    pub fn is_plan(dir: &Path) -> bool {
        dir.join(layout::PLAN).is_file() && dir.join(".git").exists()
    }

    /// Creates a plan repository in `dir` from the bundled plan, with one initial commit.
    pub fn init(dir: &Path) -> Result<Store> {
        enable_fsync();
        if dir.exists() {
            let mut entries = std::fs::read_dir(dir).map_err(io_error(dir))?;
            if entries.next().is_some() {
                return Err(Error::NotEmpty(dir.to_path_buf()));
            }
        }
        std::fs::create_dir_all(dir).map_err(io_error(dir))?;
        let mut opts = git2::RepositoryInitOptions::new();
        opts.initial_head("main");
        let repo = git2::Repository::init_opts(dir, &opts)?;
        for (path, bytes) in bundled::FILES {
            let full = dir.join(path);
            if let Some(parent) = full.parent() {
                std::fs::create_dir_all(parent).map_err(io_error(parent))?;
            }
            git::write_atomic(&full, bytes)?;
        }
        // Plan files are kept byte for byte: no line-end conversion by core.autocrlf (Git for
        // Windows) or a text attribute, which would make every file differ from its commit.
        git::write_atomic(&dir.join(".gitattributes"), GITATTRIBUTES.as_bytes())?;
        let root = repo
            .workdir()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| dir.to_path_buf());
        let store = Store::new(root, repo);
        store.initial_commit()?;
        store.install_merge_driver()?;
        Ok(store)
    }

    /// The work tree's top folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The underlying git repository, for tests and tools; the front ends use the operations.
    #[doc(hidden)]
    pub fn repo(&self) -> &git2::Repository {
        &self.repo
    }

    /// Loads and validates the plan in the work tree.
    pub fn load(&self, reports: Reports) -> (Option<Plan>, Vec<Problem>) {
        let Reports::All = reports;
        let (plan, problems, _) = self.load_with_style();
        (plan, problems)
    }

    /// Loads the plan as committed at `rev` (a commit id, tag or branch).
    pub fn load_at(&self, rev: &str, reports: Reports) -> Result<(Option<Plan>, Vec<Problem>)> {
        let Reports::All = reports;
        let tree = self.repo.revparse_single(rev)?.peel_to_tree()?;
        self.plan_of_tree(tree.id())
    }

    /// Loads the work tree's plan and fails on any problem.
    pub fn load_valid(&self, reports: Reports) -> Result<Plan> {
        match self.load(reports) {
            (Some(plan), problems) if problems.is_empty() => Ok(plan),
            (_, problems) => Err(Error::Invalid(problems)),
        }
    }
}

/// A notice with its control and invisible characters shown as U+FFFD.
fn printable_notice(text: &str) -> String {
    codec::printable(text, true)
}

/// The repository to use: `--repo`, `$TASKFORCE_REPO`, the current folder if it is a plan, else
/// the user data folder, created from the bundled plan on first use (then `true`: the front
/// end says where).
pub fn resolve(flag: Option<&Path>) -> Result<(PathBuf, bool)> {
    if let Some(dir) = flag {
        return Ok((dir.to_path_buf(), false));
    }
    if let Some(dir) = std::env::var_os("TASKFORCE_REPO").filter(|v| !v.is_empty()) {
        return Ok((PathBuf::from(dir), false));
    }
    let cwd = std::env::current_dir();
    // The usual case first, without opening the repository twice: the current folder is the top
    // of a plan (a plan file beside a `.git` folder git would take for a repository).
    if let Ok(cwd) = &cwd
        && cwd.join(layout::PLAN).is_file()
        && cwd.join(".git/HEAD").is_file()
        && cwd.join(".git/objects").is_dir()
        && cwd.join(".git/refs").is_dir()
    {
        return Ok((cwd.clone(), false));
    }
    if let Ok(cwd) = cwd
        && let Ok(repo) = git2::Repository::discover(&cwd)
        && let Some(top) = repo.workdir()
        && top.join(layout::PLAN).is_file()
    {
        return Ok((top.to_path_buf(), false));
    }
    let base = directories::BaseDirs::new()
        .map(|d| d.data_dir().to_path_buf())
        .ok_or_else(|| Error::Said {
            zh: "找不到主文件夹：请用 --repo 指定计划文件夹".into(),
            en: "no home folder: pass --repo DIR".into(),
        })?;
    let dir = base.join("taskforce").join("plan");
    if Store::is_plan(&dir) {
        return Ok((dir, false));
    }
    Store::init(&dir)?;
    Ok((dir, true))
}

impl Store {
    /// Reads and parses one file of the work tree; `None` when it does not exist.
    pub fn read<T: serde::de::DeserializeOwned>(&self, path: &str) -> Result<Option<T>> {
        match self.work_bytes(None, path)? {
            Some(bytes) => codec::parse(path, &bytes).map(Some).map_err(Error::Invalid),
            None => Ok(None),
        }
    }

    /// The report of `item` for `period`, if one was filed.
    pub fn read_report(
        &self,
        item: &Id,
        period: crate::model::Period,
    ) -> Result<Option<crate::model::Report>> {
        self.read(&layout::report(item, period))
    }
}
