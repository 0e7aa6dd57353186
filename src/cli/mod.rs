//! The command line: clap arguments and one function per subcommand. Only this module prints.

mod json;
mod meet;
mod office;
mod plan;
mod report;
mod show_indicator;
mod sync;
pub mod table;
mod usage;
mod write;

use std::io::Write;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use crate::model::Lang;
use crate::store::{self, Error, Store};

pub use usage::parse_args;

/// taskforce: the Wenzhou basic-public-services integration plan, tracked in git.
#[derive(Debug, Parser)]
#[command(name = "taskforce", version, about, long_about = None)]
pub struct Args {
    /// The plan repository (default: $TASKFORCE_REPO, the current folder, or the user data folder).
    #[arg(long, global = true, value_name = "DIR")]
    pub repo: Option<PathBuf>,
    /// Language of labels and minutes.
    #[arg(long, global = true, value_enum, default_value = "zh")]
    pub lang: LangArg,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum LangArg {
    Zh,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print shell completions (bash, zsh, fish, elvish, powershell) on stdout.
    Completions { shell: clap_complete::Shell },
    /// Print the manual page (roff) on stdout: `taskforce man > taskforce.1`.
    Man,
    /// Clone a shared plan (a bare repository on a shared drive, Gitea, GitLab) into DIR, with
    /// the field-level merge and the pre-commit check set up.
    Clone { url: String, dir: Option<PathBuf> },
    /// Fetch from REMOTE (default origin), merge field by field, push. A field changed both
    /// ways stops the sync with nothing changed; decide with --take ours|theirs KEY.
    Sync {
        #[arg(default_value = "origin")]
        remote: String,
        /// Resolve a conflict: ours or theirs, then its key (A3-02@2026-11.light); repeat.
        #[arg(long, num_args = 2, value_names = ["SIDE", "KEY"])]
        take: Vec<String>,
        /// The merge commit's author as "Name <mail>" instead of the git identity.
        #[arg(long)]
        author: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The git merge driver (`%O %A %B %P`): merges a plan file field by field into OURS;
    /// exit 1 with the conflicts listed when the same field changed both ways.
    #[command(name = "merge-file", hide = true)]
    MergeFile {
        base: PathBuf,
        ours: PathBuf,
        theirs: PathBuf,
        path: String,
    },
    /// Create a plan repository in DIR from the bundled plan, with one commit.
    Init { dir: PathBuf },
    /// Validate every file of the plan repository; exit 2 when anything is wrong.
    Check {
        #[arg(long)]
        json: bool,
        /// Check a folder of plan files (e.g. a git snapshot) instead of the repository.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Actions and measures with their lights.
    List(plan::ListArgs),
    /// One action, measure or indicator in detail.
    Show(plan::ShowArgs),
    /// The 24 indicators with every printed value of the plan.
    Indicators {
        #[arg(long)]
        json: bool,
    },
    /// Record a cycle report, or change a measure (deadline, start, cadence, owner, liaison, lead
    /// unit, co-units, milestones, status, 销号): one commit.
    Set(Box<write::SetArgs>),
    /// The typed history: who changed which field, from what to what, newest first.
    Log {
        /// Only changes of this item.
        id: Option<String>,
        /// Only changes after this revision (commit, tag) or date (YYYY-MM-DD).
        #[arg(long)]
        since: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Revert the last change, or the change COMMIT (any earlier one, field by field), as a new
    /// commit, after showing what it reverts and any later change that stands in the way.
    Undo {
        commit: Option<String>,
        #[arg(long)]
        yes: bool,
        #[arg(long)]
        author: Option<String>,
    },
    /// Revert the last undo.
    Redo {
        #[arg(long)]
        yes: bool,
        #[arg(long)]
        author: Option<String>,
    },
    /// Validate hand-edited files and commit them as one change.
    Commit {
        #[arg(short, long)]
        message: String,
        #[arg(long)]
        author: Option<String>,
    },
    /// Git hooks: `taskforce hooks install` adds a pre-commit check.
    Hooks {
        #[command(subcommand)]
        action: HooksAction,
    },
    /// Merge the small packs each commit writes (geometrically, like `git repack --geometric=2`).
    Gc {
        /// Only when packs have piled up (what a commit starts in the background).
        #[arg(long)]
        auto: bool,
        /// The repository's git folder (instead of --repo).
        #[arg(long, hide = true)]
        git_dir: Option<PathBuf>,
    },
    /// Write a synthetic plan of N measures with M commits of history (for benchmarks).
    #[command(hide = true)]
    Synth {
        dir: PathBuf,
        #[arg(long, default_value_t = 10_000)]
        measures: usize,
        #[arg(long, default_value_t = 0)]
        commits: usize,
    },
    /// The unit roster: units and people that lead and owner fields must use.
    Roster {
        #[command(subcommand)]
        action: Option<RosterAction>,
    },
    /// Rewrite every plan file in canonical form (or, with --check, list the files that are not).
    Fmt {
        /// A folder of plan files instead of the repository (e.g. tasks/).
        dir: Option<PathBuf>,
        #[arg(long)]
        check: bool,
    },
    /// Meetings: open one, record decisions (议定事项), close it (minutes, commit, tag).
    Meeting {
        #[command(subcommand)]
        action: meet::MeetingAction,
    },
    /// Action items decided in meetings.
    Item {
        #[command(subcommand)]
        action: meet::ItemAction,
    },
    /// The typed review since the last meeting of a kind, a revision or a date, grouped by action.
    Diff {
        /// last-weekly, last-monthly, last-quarterly, a revision or a date (YYYY-MM-DD).
        #[arg(long)]
        since: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Render a meeting's minutes again (default: the open meeting, else the latest).
    Minutes {
        meeting: Option<String>,
        /// Write to FILE instead of stdout.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Indicator values: `indicator record I08 --period 2026-Q3 --value 520`.
    Indicator {
        #[command(subcommand)]
        action: meet::IndicatorAction,
    },
    /// The year's landmark achievements (标志性成果).
    Landmark {
        #[command(subcommand)]
        action: meet::LandmarkAction,
    },
    /// Files for the office: `export ledger -o 台账.xlsx --cycle weekly` (or .docx).
    Export {
        #[command(subcommand)]
        action: office::ExportAction,
    },
    /// Read returned ledger workbooks: each file's filled rows become one commit.
    Import(office::ImportArgs),
    /// 催办: what has not reported for the period or is overdue, by lead unit, with contacts
    /// and a ready notice per unit.
    Remind(office::RemindArgs),
    /// Reports: `report quarterly [--period 2026-Q3]`.
    Report {
        #[command(subcommand)]
        action: meet::ReportAction,
    },
}

#[derive(Debug, Subcommand)]
pub enum RosterAction {
    /// Add a person (责任人 / 联络员) of a unit: one commit.
    AddPerson {
        name: String,
        #[arg(long)]
        unit: String,
        #[arg(long)]
        role: Option<String>,
        /// A phone number, shown in the 催办 list.
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        author: Option<String>,
    },
    /// Add a unit: one commit (`名册 新增单位 NAME`).
    AddUnit {
        name: String,
        /// city (a city department, the default) or county (a county-level division).
        #[arg(long, default_value = "city")]
        kind: String,
        /// The unit's full name where NAME is a short one.
        #[arg(long)]
        full_name: Option<String>,
        #[arg(long)]
        author: Option<String>,
    },
    /// Rename a unit everywhere it is referenced: one commit.
    Rename {
        old: String,
        new: String,
        #[arg(long)]
        author: Option<String>,
    },
    /// Remove a unit; refused while anything references it (the references are listed).
    Remove {
        name: String,
        #[arg(long)]
        author: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum HooksAction {
    /// Write .git/hooks/pre-commit, which runs `taskforce check` on the staged files.
    Install,
}

/// A failure with its exit code: 2 for bad usage or invalid data, 1 for run-time failures.
#[derive(Debug)]
pub struct Failure {
    pub code: i32,
    pub message: String,
}

impl Failure {
    /// Bad usage in the UI language (exit 2).
    pub fn said(zh: impl Into<String>, en: impl Into<String>) -> Failure {
        match ui_lang() {
            Lang::Zh => Failure::usage(zh),
            Lang::En => Failure::usage(en),
        }
    }

    /// A period flag that does not parse.
    pub fn period(flag: &str, text: &str) -> Failure {
        Failure::said(
            format!("{flag} “{text}”：期次应写作 2026-W48、2026-11 或 2026-Q4"),
            format!("{flag} {text:?}: expected a period such as 2026-W48, 2026-11 or 2026-Q4"),
        )
    }

    /// A value that is not one of `choices`.
    pub fn expected(flag: &str, text: &str, choices: &[&str]) -> Failure {
        Failure::said(
            format!("{flag} “{text}”：应为 {}", choices.join("、")),
            format!("{flag} {text:?}: expected {}", choices.join(", ")),
        )
    }

    /// A date flag that does not parse.
    pub fn date(flag: &str, text: &str) -> Failure {
        Failure::said(
            format!("{flag} “{text}”：不是日期（YYYY-MM-DD）"),
            format!("{flag} {text:?}: not a date (YYYY-MM-DD)"),
        )
    }

    /// A text that is not an id.
    pub fn id(text: &str, e: &crate::model::IdError) -> Failure {
        Failure::said(
            format!(
                "“{text}”：不是有效的编号（{}）",
                crate::words::id_error(e, Lang::Zh)
            ),
            format!("{text:?}: not a valid id ({e})"),
        )
    }

    /// Bad usage or invalid data (exit 2).
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure {
            code: 2,
            message: message.into(),
        }
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        let code = match e {
            Error::Invalid(_)
            | Error::NotFound(_)
            | Error::NoIdentity
            | Error::NotAPlan(_)
            | Error::NotEmpty(_) => 2,
            Error::Rejected(_) | Error::Said { .. } => 2,
            _ => 1,
        };
        Failure {
            code,
            message: e.text(ui_lang()),
        }
    }
}

/// The UI language of this process, for store errors turned into failures by `?`.
static ENGLISH: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Sets the language store errors are worded in.
pub fn set_ui_lang(lang: Lang) {
    ENGLISH.store(lang == Lang::En, std::sync::atomic::Ordering::Relaxed);
}

fn ui_lang() -> Lang {
    if ENGLISH.load(std::sync::atomic::Ordering::Relaxed) {
        Lang::En
    } else {
        Lang::Zh
    }
}

impl Failure {
    /// A store error in the user's language.
    pub fn from_store(e: Error, lang: Lang) -> Failure {
        let message = e.text(lang);
        Failure {
            message,
            ..Failure::from(e)
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        Failure {
            code: 1,
            message: store::error::io_words(&e, ui_lang()),
        }
    }
}

/// Result of a subcommand.
pub type CliResult = Result<(), Failure>;

/// Shared context of every subcommand.
pub struct Context {
    pub lang: Lang,
    pub repo_flag: Option<PathBuf>,
    pub today: NaiveDate,
}

impl Context {
    /// Opens the resolved repository, telling the user when it was just created.
    pub fn open(&self) -> Result<Store, Failure> {
        let (dir, created) = store::resolve(self.repo_flag.as_deref())?;
        if created {
            eprintln!("{}", self.created_message(&dir));
        }
        let store = Store::open(&dir)?;
        store.set_lang(self.lang);
        store.set_echo(true);
        store.recover();
        Ok(store)
    }

    /// Says where the plan repository was created on first use.
    pub fn created_message(&self, dir: &std::path::Path) -> String {
        match self.lang {
            Lang::Zh => format!("已用内置方案新建计划仓库：{}", dir.display()),
            Lang::En => format!(
                "created the plan repository {} from the bundled plan",
                dir.display()
            ),
        }
    }
}

/// Today, or `$TASKFORCE_TODAY` (YYYY-MM-DD) to see the plan as of another day.
pub fn today() -> Result<NaiveDate, Failure> {
    match std::env::var("TASKFORCE_TODAY") {
        Ok(v) if !v.is_empty() => v.parse().map_err(|_| Failure::date("TASKFORCE_TODAY", &v)),
        _ => Ok(chrono::Local::now().date_naive()),
    }
}

/// Runs one subcommand.
pub fn run(command: Command, ctx: &Context) -> CliResult {
    set_ui_lang(ctx.lang);
    store::set_command_name(command_name(&command));
    match command {
        Command::Completions { shell } => {
            let mut cmd = <Args as clap::CommandFactory>::command();
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut cmd, "taskforce", &mut out);
            self::out(&String::from_utf8_lossy(&out))
        }
        Command::Man => {
            let mut out = Vec::new();
            clap_mangen::Man::new(<Args as clap::CommandFactory>::command()).render(&mut out)?;
            self::out(&String::from_utf8_lossy(&out))
        }
        Command::Init { dir } => {
            let s = Store::init(&dir)?;
            println!(
                "{}",
                ctx.lang
                    .pick("已创建计划仓库：", "created plan repository: ")
                    .to_string()
                    + &s.root().display().to_string()
            );
            Ok(())
        }
        Command::Check { json, dir } => plan::check(ctx, json, dir),
        Command::Set(args) => write::set(ctx, &args),
        Command::Log { id, since, json } => write::log(ctx, id.as_deref(), since.as_deref(), json),
        Command::Undo {
            commit,
            yes,
            author,
        } => write::revert(
            ctx,
            crate::store::undo::RevertKind::Undo,
            commit.as_deref(),
            yes,
            author.as_deref(),
        ),
        Command::Redo { yes, author } => write::revert(
            ctx,
            crate::store::undo::RevertKind::Redo,
            None,
            yes,
            author.as_deref(),
        ),
        Command::Commit { message, author } => write::commit(ctx, &message, author.as_deref()),
        Command::Hooks {
            action: HooksAction::Install,
        } => write::hooks_install(ctx),
        Command::Roster { action } => write::roster(ctx, action),
        Command::List(args) => plan::list(ctx, &args),
        Command::Show(args) => plan::show(ctx, &args),
        Command::Indicators { json } => plan::indicators(ctx, json),
        Command::Fmt { dir, check } => plan::fmt(ctx, dir, check),
        Command::Gc { auto, git_dir } => write::gc(ctx, auto, git_dir),
        Command::Synth {
            dir,
            measures,
            commits,
        } => {
            let hot = store::synth::generate(&dir, measures, commits)?;
            println!("{hot}");
            Ok(())
        }
        Command::Meeting { action } => meet::meeting(ctx, &action),
        Command::Item { action } => meet::item(ctx, &action),
        Command::Diff { since, json } => meet::diff(ctx, since.as_deref(), json),
        Command::Minutes { meeting, output } => {
            meet::minutes(ctx, meeting.as_deref(), output.as_deref())
        }
        Command::Indicator { action } => meet::indicator(ctx, &action),
        Command::Landmark { action } => meet::landmark(ctx, &action),
        Command::Report { action } => meet::report(ctx, &action),
        Command::MergeFile {
            base,
            ours,
            theirs,
            path,
        } => sync::merge_file_driver(ctx, &base, &ours, &theirs, &path),
        Command::Clone { url, dir } => sync::clone(ctx, &url, dir.as_deref()),
        Command::Sync {
            remote,
            take,
            author,
            json,
        } => {
            let pairs: Vec<(String, String)> = take
                .chunks(2)
                .map(|c| (c[0].clone(), c.get(1).cloned().unwrap_or_default()))
                .collect();
            sync::sync(ctx, &remote, &pairs, author.as_deref(), json)
        }
        Command::Export { action } => office::export(ctx, &action),
        Command::Import(args) => office::import(ctx, &args),
        Command::Remind(args) => office::remind(ctx, &args),
    }
}

/// The subcommand's name, for the writer-lock record another waiting command reports.
fn command_name(command: &Command) -> &'static str {
    match command {
        Command::Completions { .. } => "completions",
        Command::Man => "man",
        Command::Init { .. } => "init",
        Command::Check { .. } => "check",
        Command::List(_) => "list",
        Command::Show(_) => "show",
        Command::Indicators { .. } => "indicators",
        Command::Set(_) => "set",
        Command::Log { .. } => "log",
        Command::Undo { .. } => "undo",
        Command::Redo { .. } => "redo",
        Command::Commit { .. } => "commit",
        Command::Hooks { .. } => "hooks",
        Command::Synth { .. } => "synth",
        Command::Gc { .. } => "gc",
        Command::Roster { .. } => "roster",
        Command::Fmt { .. } => "fmt",
        Command::Meeting { .. } => "meeting",
        Command::Item { .. } => "item",
        Command::Diff { .. } => "diff",
        Command::Minutes { .. } => "minutes",
        Command::Indicator { .. } => "indicator",
        Command::Landmark { .. } => "landmark",
        Command::Report { .. } => "report",
        Command::MergeFile { .. } => "merge-file",
        Command::Clone { .. } => "clone",
        Command::Sync { .. } => "sync",
        Command::Export { .. } => "export",
        Command::Import(_) => "import",
        Command::Remind(_) => "remind",
    }
}

/// Writes `text` to stdout; a closed pipe (`| head`) ends quietly.
pub fn out(text: &str) -> CliResult {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        other => Ok(other?),
    }
}

/// Prints a value as JSON on stdout.
pub fn out_json<T: serde::Serialize + ?Sized>(value: &T) -> CliResult {
    let mut text = serde_json::to_string_pretty(value).map_err(|e| Failure {
        code: 1,
        message: e.to_string(),
    })?;
    text.push('\n');
    out(&text)
}
