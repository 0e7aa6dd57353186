//! Meeting commands: meeting new|decide|close, item set, diff, minutes, indicator record,
//! landmark add|remove|set, report quarterly.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::table::printable;
use super::write::{author, report_outcome};
use super::{CliResult, Context, Failure, out, out_json};
use crate::meeting::{QuarterlyInput, render_quarterly};
use crate::model::{Cycle, Id, ItemStatus, Period, Status};
use crate::store::{Decision, ItemEdit, LandmarkEdit, NewMeeting, ReviewFrom, Store};

#[derive(Debug, clap::Subcommand)]
pub enum MeetingAction {
    /// Open a meeting (weekly, monthly or quarterly); its baseline is the last meeting of the kind.
    New {
        /// weekly, monthly or quarterly.
        kind: String,
        /// When it is held: YYYY-MM-DD or "YYYY-MM-DD HH:MM" (default today 09:00).
        #[arg(long)]
        date: Option<String>,
        /// The period it covers (default: the period of --date).
        #[arg(long)]
        period: Option<String>,
        #[arg(long, default_value = "")]
        chair: String,
        /// A unit attending (repeat).
        #[arg(long = "attendee")]
        attendees: Vec<String>,
        #[arg(long, default_value = "")]
        place: String,
        /// 第N期 (default: the next number of the year for its kind).
        #[arg(long)]
        issue: Option<u32>,
        #[command(flatten)]
        sign_off: SignOffArgs,
        #[arg(long)]
        author: Option<String>,
    },
    /// Change the minutes' 文号, 出席, 列席, 分送 or 抄送 of the open meeting (lists given replace).
    Set {
        #[command(flatten)]
        sign_off: SignOffArgs,
        #[arg(long)]
        meeting: Option<String>,
        #[arg(long)]
        author: Option<String>,
    },
    /// Add a 会议指出 / 会议强调 / 会议要求 paragraph to the open meeting's minutes.
    Note {
        text: String,
        /// pointed (会议指出, default), stressed (会议强调) or required (会议要求).
        #[arg(long, default_value = "pointed")]
        kind: String,
        #[arg(long)]
        meeting: Option<String>,
        #[arg(long)]
        author: Option<String>,
    },
    /// Record a decision (议定事项) of the open meeting as a numbered action item.
    Decide {
        text: String,
        /// The lead unit (牵头单位).
        #[arg(long)]
        lead: String,
        /// A co-operating unit (配合单位; repeat).
        #[arg(long = "co")]
        co: Vec<String>,
        /// YYYY-MM-DD.
        #[arg(long)]
        deadline: String,
        /// The measure it concerns.
        #[arg(long)]
        measure: Option<String>,
        /// The meeting, when more than one is open.
        #[arg(long)]
        meeting: Option<String>,
        #[arg(long)]
        author: Option<String>,
    },
    /// Close the open meeting: write minutes/<id>.md, commit and tag meeting/<kind>/<period>.
    Close {
        #[arg(long)]
        meeting: Option<String>,
        #[arg(long)]
        author: Option<String>,
    },
}

/// The minutes' sign-off lines, as `meeting new` and `meeting set` take them.
#[derive(Debug, Clone, clap::Args)]
pub struct SignOffArgs {
    /// 文号 of the minutes (温公服专班纪〔2026〕12号).
    #[arg(long = "doc-no")]
    pub doc_no: Option<String>,
    /// 出席: NAME:POST (repeat), e.g. 王明:副市长.
    #[arg(long = "present")]
    pub present: Vec<String>,
    /// 列席: NAME:POST (repeat).
    #[arg(long = "observer")]
    pub observers: Vec<String>,
    /// 分送: a recipient (repeat).
    #[arg(long = "to")]
    pub distribution: Vec<String>,
    /// 抄送: a recipient (repeat).
    #[arg(long = "cc")]
    pub copies: Vec<String>,
}

impl SignOffArgs {
    fn to_sign_off(&self) -> crate::model::SignOff {
        crate::model::SignOff {
            doc_no: self.doc_no.clone(),
            present: self
                .present
                .iter()
                .map(|p| crate::model::Attendee::parse(p))
                .collect(),
            observers: self
                .observers
                .iter()
                .map(|p| crate::model::Attendee::parse(p))
                .collect(),
            notes: Vec::new(),
            distribution: self.distribution.clone(),
            copies: self.copies.clone(),
        }
    }

    /// Applies the given parts to `s`, leaving the others as they are.
    fn apply(&self, s: &mut crate::model::SignOff) {
        let new = self.to_sign_off();
        if new.doc_no.is_some() {
            s.doc_no = new.doc_no;
        }
        if !new.present.is_empty() {
            s.present = new.present;
        }
        if !new.observers.is_empty() {
            s.observers = new.observers;
        }
        if !new.distribution.is_empty() {
            s.distribution = new.distribution;
        }
        if !new.copies.is_empty() {
            s.copies = new.copies;
        }
    }
}

#[derive(Debug, clap::Subcommand)]
pub enum ItemAction {
    /// Update an action item: status (open, done, closed), feedback, deadline, lead unit.
    Set {
        id: String,
        /// open, done (awaiting review) or closed (销号; needs --approved-by).
        #[arg(long)]
        status: Option<String>,
        /// 落实情况.
        #[arg(long)]
        feedback: Option<String>,
        #[arg(long)]
        deadline: Option<String>,
        #[arg(long)]
        lead: Option<String>,
        /// Who approved the closure (销号).
        #[arg(long = "approved-by")]
        approved_by: Option<String>,
        /// The basis of the closure (evidence, document).
        #[arg(long)]
        basis: Option<String>,
        /// The day of the closure (default today).
        #[arg(long = "closed-on")]
        closed_on: Option<String>,
        #[arg(long)]
        author: Option<String>,
    },
}

#[derive(Debug, clap::Subcommand)]
pub enum IndicatorAction {
    /// Record a value (or a full-year estimate) of an indicator for a quarter: one commit.
    Record {
        id: String,
        /// 2026-Q3 (or a month, 2026-09).
        #[arg(long)]
        period: String,
        #[arg(long)]
        value: f64,
        /// The value is an estimate of the whole year (预计).
        #[arg(long)]
        estimated: bool,
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long)]
        author: Option<String>,
    },
    /// Set the target for a year the plan has no column for (专班设定), or the assigned figure
    /// of a 完成下达指标 cell (any plan year): one commit.
    Target(TargetArgs),
    /// Confirm the 建议值 (linear interpolation) for a year the plan has no column for: one
    /// commit; until then judgements against it say 建议值.
    Confirm {
        id: String,
        #[arg(long, default_value_t = 2026)]
        year: i32,
        /// Where it was confirmed (a meeting, a decision), added to the basis.
        #[arg(long)]
        basis: Option<String>,
        #[arg(long)]
        author: Option<String>,
    },
}

#[derive(Debug, clap::Args)]
pub struct TargetArgs {
    pub id: String,
    /// A year the plan's table has no column for (2026), or whose cell is 完成下达指标.
    #[arg(long)]
    pub year: i32,
    /// As the plan prints targets: 600, ≥80, 80以上, 保持100, 完成下达指标.
    #[arg(long)]
    pub value: String,
    /// Why this target: the meeting that set it, an interpolation agreed with the lead unit.
    #[arg(long)]
    pub basis: String,
    #[arg(long)]
    pub author: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct LandmarkFields {
    #[arg(long)]
    pub title: Option<String>,
    /// A linked measure (repeat).
    #[arg(long = "measure")]
    pub measures: Vec<String>,
    #[arg(long)]
    pub lead: Option<String>,
    /// A piece of evidence (佐证材料; repeat).
    #[arg(long)]
    pub evidence: Vec<String>,
    /// not-started, in-progress, done, closed, suspended.
    #[arg(long)]
    pub status: Option<String>,
    #[arg(long)]
    pub author: Option<String>,
}

#[derive(Debug, clap::Subcommand)]
pub enum LandmarkAction {
    /// Add one of the year's landmark achievements (at most 10 a year).
    Add {
        #[arg(long)]
        year: i32,
        #[command(flatten)]
        fields: LandmarkFields,
    },
    /// Remove a landmark achievement.
    Remove {
        id: String,
        #[arg(long)]
        author: Option<String>,
    },
    /// Change a landmark achievement (--measure and --evidence replace the lists).
    Set {
        id: String,
        #[command(flatten)]
        fields: LandmarkFields,
    },
}

#[derive(Debug, clap::Subcommand)]
pub enum ReportAction {
    /// The quarterly summary: progress, indicators against the year's targets, landmarks.
    Quarterly {
        /// The quarter (default: the current one).
        #[arg(long)]
        period: Option<String>,
        /// Write to FILE instead of stdout (FILE.docx: a Word document).
        #[arg(short, long)]
        output: Option<std::path::PathBuf>,
    },
    /// The one-page 简报 before a meeting: lights by unit, new reds and why, overdue 议定事项,
    /// indicators behind pace.
    Brief {
        /// weekly (default), monthly or quarterly: the meeting it is for.
        #[arg(long, default_value = "weekly")]
        cycle: String,
        /// Write to FILE.md or FILE.docx instead of stdout.
        #[arg(short, long)]
        output: Option<std::path::PathBuf>,
    },
}

fn id(text: &str) -> Result<Id, Failure> {
    Id::parse(text).map_err(|e| Failure::id(text, &e))
}

fn date(flag: &str, text: &str) -> Result<NaiveDate, Failure> {
    text.parse().map_err(|_| Failure::date(flag, text))
}

fn date_time(text: &str) -> Result<NaiveDateTime, Failure> {
    crate::store::parse_meeting_time(text).ok_or_else(|| Failure::date("--date", text))
}

fn kind(text: &str) -> Result<Cycle, Failure> {
    Cycle::parse(text).ok_or_else(|| {
        Failure::said(
            format!(
                "会议类型“{text}”：应为 weekly（周调度）、monthly（月例会）或 quarterly（季总结）"
            ),
            format!("meeting kind {text:?}: expected weekly, monthly or quarterly"),
        )
    })
}

/// Prints markdown, or writes it to a file: a `.docx` file gets the Word version.
fn write_or_print(text: &str, output: Option<&std::path::Path>) -> CliResult {
    write_or_print_as(text, output, crate::office::docx::Density::Official)
}

fn write_or_print_as(
    text: &str,
    output: Option<&std::path::Path>,
    density: crate::office::docx::Density,
) -> CliResult {
    match output {
        Some(path)
            if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("docx")) =>
        {
            super::office::write_file(path, &crate::office::docx::from_markdown(text, density))
        }
        // A bare file name is in the current folder (write_file makes the path absolute).
        Some(path) => super::office::write_file(path, text.as_bytes()),
        None => out(text),
    }
}

pub fn meeting(ctx: &Context, action: &MeetingAction) -> CliResult {
    let store = ctx.open()?;
    match action {
        MeetingAction::New {
            kind: k,
            date: d,
            period,
            chair,
            attendees,
            place,
            issue,
            sign_off,
            author: a,
        } => {
            let kind = kind(k)?;
            let time = match d {
                Some(d) => date_time(d)?,
                None => ctx
                    .today
                    .and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default()),
            };
            let period = period
                .as_deref()
                .map(|p| Period::parse(p).map_err(|_| Failure::period("--period", p)))
                .transpose()?;
            let who = author(&store, a.as_deref())?;
            let new = NewMeeting {
                kind,
                time,
                period,
                chair: chair.clone(),
                attendees: attendees.clone(),
                place: place.clone(),
                issue: *issue,
                sign_off: sign_off.to_sign_off(),
            };
            let (outcome, _) = store.new_meeting(&new, &who)?;
            report_outcome(ctx, &outcome)
        }
        MeetingAction::Set {
            sign_off,
            meeting,
            author: a,
        } => {
            let m = meeting.as_deref().map(id).transpose()?;
            let who = author(&store, a.as_deref())?;
            let outcome =
                store.edit_sign_off(m.as_ref(), "纪要署名信息", |s| sign_off.apply(s), &who)?;
            report_outcome(ctx, &outcome)
        }
        MeetingAction::Note {
            text,
            kind: k,
            meeting,
            author: a,
        } => {
            let kind = crate::model::NoteKind::parse(k).ok_or_else(|| {
                Failure::usage(match ctx.lang {
                    crate::model::Lang::Zh => format!(
                        "--kind {k}：应为 pointed（会议指出）、stressed（会议强调）或 required（会议要求）"
                    ),
                    crate::model::Lang::En => format!(
                        "--kind {k:?}: expected pointed, stressed or required"
                    ),
                })
            })?;
            let m = meeting.as_deref().map(id).transpose()?;
            let who = author(&store, a.as_deref())?;
            let outcome = store.meeting_note(m.as_ref(), kind, text, &who)?;
            report_outcome(ctx, &outcome)
        }
        MeetingAction::Decide {
            text,
            lead,
            co,
            deadline,
            measure,
            meeting,
            author: a,
        } => {
            let d = Decision {
                meeting: meeting.as_deref().map(id).transpose()?,
                text: text.clone(),
                lead: lead.clone(),
                co: co.clone(),
                deadline: date("--deadline", deadline)?,
                measure: measure.as_deref().map(id).transpose()?,
            };
            let who = author(&store, a.as_deref())?;
            let (outcome, _) = store.decide(&d, &who)?;
            report_outcome(ctx, &outcome)
        }
        MeetingAction::Close { meeting, author: a } => {
            let m = meeting.as_deref().map(id).transpose()?;
            let who = author(&store, a.as_deref())?;
            let (outcome, closed, path) = store.close_meeting(m.as_ref(), ctx.lang, &who)?;
            report_outcome(ctx, &outcome)?;
            eprintln!(
                "{} {} {}",
                ctx.lang.pick("纪要：", "minutes:"),
                store.root().join(path).display(),
                crate::store::meeting_tag(closed.kind, closed.period)
            );
            Ok(())
        }
    }
}

pub fn item(ctx: &Context, action: &ItemAction) -> CliResult {
    let ItemAction::Set {
        id: i,
        status,
        feedback,
        deadline,
        lead,
        approved_by,
        basis,
        closed_on,
        author: a,
    } = action;
    let item = id(i)?;
    let store = ctx.open()?;
    let status = status
        .as_deref()
        .map(|s| {
            ItemStatus::parse(s)
                .ok_or_else(|| Failure::expected("--status", s, &["open", "done", "closed"]))
        })
        .transpose()?;
    let edit = ItemEdit {
        status,
        feedback: feedback.clone(),
        deadline: deadline
            .as_deref()
            .map(|d| date("--deadline", d))
            .transpose()?,
        lead: lead.clone(),
        approved_by: approved_by.clone(),
        basis: basis.clone(),
        closed_on: closed_on
            .as_deref()
            .map(|d| date("--closed-on", d))
            .transpose()?,
    };
    if edit.status.is_none()
        && edit.feedback.is_none()
        && edit.deadline.is_none()
        && edit.lead.is_none()
        && edit.approved_by.is_none()
        && edit.basis.is_none()
    {
        return Err(Failure::said(
            "没有要修改的内容：用 --status、--feedback、--deadline、--lead、--approved-by 或 --basis",
            "nothing to set: give --status, --feedback, --deadline, --lead, --approved-by or --basis",
        ));
    }
    let who = author(&store, a.as_deref())?;
    let outcome = store.set_item(&item, &edit, &who, ctx.today)?;
    report_outcome(ctx, &outcome)
}

pub fn diff(ctx: &Context, since: Option<&str>, json: bool) -> CliResult {
    let store = ctx.open()?;
    let from = since.map(ReviewFrom::parse).unwrap_or(ReviewFrom::Default);
    // Two whole plans: the process ends after printing, so they are not freed one by one.
    let review = std::mem::ManuallyDrop::new(store.review(&from, ctx.today)?);
    if json {
        let list: Vec<super::json::DiffChange> = review.changes.iter().map(Into::into).collect();
        return out_json(&list);
    }
    let lang = ctx.lang;
    let mut text = format!(
        "{} {} ({}) → HEAD {} ({})\n",
        lang.pick("审阅：", "review:"),
        &review.base.to_string()[..8],
        review.base_date,
        &review.head.to_string()[..8],
        review.head_date
    );
    if review.changes.is_empty() {
        text.push_str(lang.pick("没有变化。\n", "nothing changed.\n"));
    }
    let mut current: Option<Option<&Id>> = None;
    for c in &review.changes {
        if current != Some(c.action.as_ref()) {
            current = Some(c.action.as_ref());
            let heading = match c.action.as_ref().and_then(|a| review.new.action(a)) {
                Some(a) => format!("{} {}", a.id, a.title),
                None => lang.pick("综合事项", "not tied to one action").to_string(),
            };
            text.push_str(&format!("\n{heading}\n"));
        }
        let by = match &c.by {
            Some(b) => format!(
                "{} {} {}",
                b.author,
                b.time.format("%Y-%m-%d %H:%M"),
                &b.commit[..8]
            ),
            None => match &c.fired {
                Some(f) => f.describe(lang),
                None => lang.pick("（时间推移）", "(time)").to_string(),
            },
        };
        let period = c
            .period
            .as_deref()
            .map(|p| format!(" {p}"))
            .unwrap_or_default();
        text.push_str(&format!(
            "  {} {}{period} {}{}{} → {}  [{by}]\n",
            c.kind.label(lang),
            c.id,
            crate::words::field_label(&c.field, lang),
            lang.pick("：", ": "),
            crate::meeting::minutes::value_text(&c.from, lang),
            crate::meeting::minutes::value_text(&c.to, lang)
        ));
    }
    out(&text
        .split('\n')
        .map(printable)
        .collect::<Vec<_>>()
        .join("\n"))
}

pub fn minutes(
    ctx: &Context,
    meeting: Option<&str>,
    output: Option<&std::path::Path>,
) -> CliResult {
    let store = ctx.open()?;
    let m = meeting.map(id).transpose()?;
    let found = store.find_meeting(m.as_ref(), ctx.today)?;
    let text = store.render_minutes(&found, ctx.lang)?;
    write_or_print(&text, output)
}

pub fn indicator(ctx: &Context, action: &IndicatorAction) -> CliResult {
    let store = ctx.open()?;
    let outcome = match action {
        IndicatorAction::Record {
            id: i,
            period,
            value,
            estimated,
            note,
            author: a,
        } => {
            let ind = id(i)?;
            let period = Period::parse(period).map_err(|_| Failure::period("--period", period))?;
            let who = author(&store, a.as_deref())?;
            store.record_observation(&ind, period, *value, *estimated, note, &who)?
        }
        IndicatorAction::Target(t) => {
            let ind = id(&t.id)?;
            let who = author(&store, t.author.as_deref())?;
            store
                .set_target(&ind, t.year, &t.value, &t.basis, &who)
                .map_err(|e| Failure::from_store(e, ctx.lang))?
        }
        IndicatorAction::Confirm {
            id: i,
            year,
            basis,
            author: a,
        } => {
            let ind = id(i)?;
            let who = author(&store, a.as_deref())?;
            store
                .confirm_target(&ind, *year, basis.as_deref(), &who)
                .map_err(|e| Failure::from_store(e, ctx.lang))?
        }
    };
    report_outcome(ctx, &outcome)
}

fn landmark_edit(f: &LandmarkFields) -> Result<LandmarkEdit, Failure> {
    let status = f
        .status
        .as_deref()
        .map(|s| {
            Status::parse(s).ok_or_else(|| {
                Failure::expected(
                    "--status",
                    s,
                    &["not-started", "in-progress", "done", "closed", "suspended"],
                )
            })
        })
        .transpose()?;
    Ok(LandmarkEdit {
        title: f.title.clone(),
        measures: if f.measures.is_empty() {
            None
        } else {
            Some(
                f.measures
                    .iter()
                    .map(|m| id(m))
                    .collect::<Result<Vec<_>, _>>()?,
            )
        },
        lead: f.lead.clone(),
        evidence: if f.evidence.is_empty() {
            None
        } else {
            Some(f.evidence.clone())
        },
        status,
    })
}

pub fn landmark(ctx: &Context, action: &LandmarkAction) -> CliResult {
    let store = ctx.open()?;
    let outcome = match action {
        LandmarkAction::Add { year, fields } => {
            let who = author(&store, fields.author.as_deref())?;
            store.landmark_add(*year, &landmark_edit(fields)?, &who)?.0
        }
        LandmarkAction::Remove { id: i, author: a } => {
            let who = author(&store, a.as_deref())?;
            store.landmark_remove(&id(i)?, &who)?
        }
        LandmarkAction::Set { id: i, fields } => {
            let who = author(&store, fields.author.as_deref())?;
            store.landmark_set(&id(i)?, &landmark_edit(fields)?, &who)?
        }
    };
    report_outcome(ctx, &outcome)
}

pub fn report(ctx: &Context, action: &ReportAction) -> CliResult {
    let (period, output) = match action {
        ReportAction::Quarterly { period, output } => (period, output),
        ReportAction::Brief { cycle, output } => {
            return brief(ctx, kind(cycle)?, output.as_deref());
        }
    };
    let period = match period {
        Some(p) => Period::parse(p).map_err(|_| Failure::period("--period", p))?,
        None => Cycle::Quarterly.period_of(ctx.today),
    };
    let Period::Quarter(year, quarter) = period else {
        return Err(Failure::said(
            format!("--period {period}：应为季度，如 2026-Q3"),
            format!("--period {period}: expected a quarter such as 2026-Q3"),
        ));
    };
    let store: Store = ctx.open()?;
    // Lights and overdue items as of the quarter's end, or today while it is running.
    let today = ctx.today.min(period.last_day());
    let plan = store.plan_for_report(today)?;
    let text = render_quarterly(&QuarterlyInput {
        plan: &plan,
        year,
        quarter,
        today,
        lang: ctx.lang,
    });
    write_or_print(&text, output.as_deref())
}

fn brief(ctx: &Context, kind: Cycle, output: Option<&std::path::Path>) -> CliResult {
    use crate::model::Lang;
    let store: Store = ctx.open()?;
    let review = store.review(&ReviewFrom::LastMeeting(kind), ctx.today)?;
    let plan = store.plan_for_report(ctx.today)?;
    let label = crate::model::meeting_kind_label(kind, ctx.lang);
    let since = match (
        plan.meetings.iter().rfind(|m| m.kind == kind && m.closed),
        ctx.lang,
    ) {
        (Some(m), Lang::Zh) => format!(
            "{}年第{}期{label}（{}）以来",
            m.period.first_day().format("%Y"),
            m.issue,
            crate::meeting::minutes::date_text(m.time.date(), ctx.lang)
        ),
        (Some(m), Lang::En) => format!(
            "since {label} no. {} of {} ({})",
            m.issue,
            m.period.first_day().format("%Y"),
            m.time.date()
        ),
        (None, Lang::Zh) => format!(
            "方案导入（{}）以来",
            crate::meeting::minutes::date_text(review.base_date, ctx.lang)
        ),
        (None, Lang::En) => format!("since the plan was imported ({})", review.base_date),
    };
    let text = crate::office::brief::render(&crate::office::brief::BriefInput {
        plan: &plan,
        changes: &review.changes,
        since,
        period: kind.period_of(ctx.today),
        today: ctx.today,
        lang: ctx.lang,
    });
    write_or_print_as(&text, output, crate::office::docx::Density::Brief)
}
