//! The meeting screen: the open meeting of a kind with its agenda (facts, carried items, red
//! and yellow measures, the review, this meeting's decisions); from it a meeting is opened,
//! decisions recorded, the minutes previewed and the meeting closed.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::confirm::ConfirmScreen;
use super::minutes::MinutesScreen;
use super::review::{ReviewScreen, change_lines, heading, next_kind, scrolled, since_text};
use super::{Notice, Outcome, Screen, scroll};
use crate::meeting::minutes::latest_report;
use crate::model::{Cycle, Lang, Light, meeting_kind_label};
use crate::tui::action::{Action, Effect, MeetingData};
use crate::tui::ctx::Ctx;
use crate::tui::forms::Form;
use crate::tui::keys::{Binding, DOWN, Key, PAGE_DOWN, PAGE_UP, Section, UP, bind, more};
use crate::tui::node::Node;
use crate::tui::widgets::{clean, light_color, light_glyph, wrap_lines};

/// The meeting screen of one kind.
#[derive(Debug, Clone)]
pub struct MeetingScreen {
    pub kind: Cycle,
    /// The open meeting of `kind`, once loaded (`None` also when none is open).
    pub meeting: Option<MeetingData>,
    /// Whether the screen has its data.
    pub loaded: bool,
    /// The first line shown.
    pub scroll: usize,
    /// The meeting form was opened from here: the next reload lands on the meeting opened,
    /// whatever its kind.
    pub opening: bool,
}

impl MeetingScreen {
    /// The meeting screen of `kind`, loading.
    pub fn new(kind: Cycle) -> MeetingScreen {
        MeetingScreen {
            kind,
            meeting: None,
            loaded: false,
            scroll: 0,
            opening: false,
        }
    }

    /// The kind the meeting screen opens on: `preferred` when a meeting of it is open, else
    /// the kind of the latest open meeting, else `preferred`.
    pub fn landing(preferred: Cycle, ctx: &Ctx) -> Cycle {
        let open = |k: Cycle| ctx.plan.meetings.iter().any(|m| !m.closed && m.kind == k);
        if open(preferred) {
            return preferred;
        }
        ctx.plan
            .meetings
            .iter()
            .filter(|m| !m.closed)
            .max_by_key(|m| m.time)
            .map_or(preferred, |m| m.kind)
    }

    /// The message when there is no open meeting: how to open one, or that it is loading.
    fn none_open(&self, ctx: &Ctx) -> Outcome {
        let kind = meeting_kind_label(self.kind, ctx.lang);
        let text = if self.loaded {
            match ctx.lang {
                Lang::Zh => format!("没有进行中的{kind}：按 n 召开"),
                Lang::En => format!("no {kind} is open: press n to open one"),
            }
        } else {
            ctx.lang
                .pick("会议尚在载入", "the meeting is loading")
                .into()
        };
        Outcome::error(text)
    }
}

impl Screen for MeetingScreen {
    fn keys(&self) -> &'static [Binding] {
        MEETING_KEYS
    }

    fn update(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        if scroll(&mut self.scroll, &action, ctx.page, ctx.lines) {
            return Outcome::none();
        }
        match action {
            Action::SwitchKind => {
                let kind = next_kind(self.kind);
                *self = MeetingScreen::new(kind);
                Outcome::effect(Effect::LoadMeeting(kind)).with_app(Action::KindChosen(kind))
            }
            Action::ShowReview => Outcome::replace(ReviewScreen::new(self.kind))
                .with_effect(Effect::LoadReview(self.kind)),
            Action::OpenMeetingForm => match &self.meeting {
                Some(m) => Outcome::error(match ctx.lang {
                    Lang::Zh => format!("会议 {} 尚未结束：先按 x 结束", m.meeting.id),
                    Lang::En => {
                        format!("meeting {} is still open: close it first (x)", m.meeting.id)
                    }
                }),
                None => {
                    self.opening = true;
                    Outcome::push(Form::meeting(self.kind, ctx))
                }
            },
            Action::OpenDecisionForm => match &self.meeting {
                Some(data) => {
                    let measure = match ctx.selected {
                        Some(Node::Measure(id)) => Some(id),
                        _ => None,
                    };
                    Outcome::push(Form::decision(&data.meeting, measure))
                }
                None => self.none_open(ctx),
            },
            Action::ShowMinutes => match &self.meeting {
                Some(data) => Outcome::push(MinutesScreen::new(self.kind, data)),
                None => self.none_open(ctx),
            },
            Action::CloseMeeting => match &self.meeting {
                Some(data) => Outcome::push(ConfirmScreen::close(&data.meeting, ctx)),
                None => self.none_open(ctx),
            },
            Action::OpenForm => crate::tui::forms::report::open_in(self.kind, ctx),
            Action::Refresh => Outcome::effect(Effect::Reload),
            Action::Cancel => Outcome::pop(),
            _ => Outcome::none(),
        }
    }

    fn notify(&mut self, notice: &Notice, ctx: &Ctx) -> Option<Effect> {
        match notice {
            // A meeting just opened from here, of another kind: show it.
            Notice::Reloaded if self.opening => {
                self.opening = false;
                let kind = MeetingScreen::landing(self.kind, ctx);
                if kind != self.kind {
                    *self = MeetingScreen::new(kind);
                }
                Some(Effect::LoadMeeting(self.kind))
            }
            // The agenda follows HEAD.
            Notice::Reloaded => Some(Effect::LoadMeeting(self.kind)),
            Notice::MeetingLoaded(kind, meeting) if *kind == self.kind => {
                self.meeting = meeting.cloned();
                self.loaded = true;
                None
            }
            _ => None,
        }
    }

    fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let lang = ctx.lang;
        let kind = meeting_kind_label(self.kind, lang);
        let Some(data) = &self.meeting else {
            let block =
                Block::bordered().title(format!(" {} · {kind} ", lang.pick("会议", "Meeting")));
            let inner = block.inner(area);
            block.render(area, buf);
            let mut lines = Vec::new();
            if self.loaded {
                lines.push(Line::raw(match lang {
                    Lang::Zh => format!("没有进行中的{kind}。"),
                    Lang::En => format!("No {kind} is open."),
                }));
                lines.push(Line::raw(lang.pick(
                "按 n 召开（类型、时间、主持、地点、参会单位），按 c 切换周调度/月例会/季总结。",
                "Press n to open one (kind, time, chair, place, attending units), c to switch kind.",
            )));
                let held: Vec<String> = ctx
                    .plan
                    .meetings
                    .iter()
                    .filter(|m| m.kind == self.kind)
                    .rev()
                    .take(5)
                    .map(|m| {
                        format!(
                            "  {} {} {}",
                            m.id,
                            m.time.format("%Y-%m-%d"),
                            clean(&m.chair)
                        )
                    })
                    .collect();
                if !held.is_empty() {
                    lines.push(Line::raw(""));
                    lines.push(heading(lang.pick("已召开", "Held").to_string()));
                    lines.extend(held.into_iter().map(Line::raw));
                }
            } else {
                lines.push(Line::raw(lang.pick("载入中……", "loading…")));
            }
            Paragraph::new(wrap_lines(lines, inner.width)).render(inner, buf);
            return;
        };
        let m = &data.meeting;
        let title = match lang {
            Lang::Zh => format!(
                " {kind} {}（{}年第{}期）进行中 ",
                m.id,
                m.period.first_day().format("%Y"),
                m.issue
            ),
            Lang::En => format!(" {kind} {} (issue {}) open ", m.id, m.issue),
        };
        let block = Block::bordered()
            .title(title)
            .border_style(Style::default().fg(Color::Cyan));
        let inner = block.inner(area);
        block.render(area, buf);
        scrolled(agenda_lines(ctx, self.kind, data), self.scroll, inner, buf);
    }

    fn lines(&self, ctx: &Ctx) -> usize {
        self.meeting
            .as_ref()
            .map_or(0, |data| agenda_lines(ctx, self.kind, data).len())
    }
}

/// The agenda of the open meeting: its facts, the carried items, the red and yellow
/// measures, the review and this meeting's decisions.
fn agenda_lines(ctx: &Ctx, kind: Cycle, data: &MeetingData) -> Vec<Line<'static>> {
    let lang = ctx.lang;
    let kind = meeting_kind_label(kind, lang);
    let m = &data.meeting;
    let none = lang.pick("（未填写）", "(not recorded)");
    let or_none = |s: &str| {
        if s.trim().is_empty() {
            none.to_string()
        } else {
            clean(s)
        }
    };
    let sep = lang.pick("、", ", ");
    let mut lines = vec![
        Line::raw(format!(
            "{}{}   {}{}   {}{}",
            lang.pick("时间：", "Time: "),
            m.time.format("%Y-%m-%d %H:%M"),
            lang.pick("地点：", "Place: "),
            or_none(&m.place),
            lang.pick("主持：", "Chair: "),
            or_none(&m.chair)
        )),
        Line::raw(format!(
            "{}{}",
            lang.pick("参会单位：", "Attending: "),
            or_none(&m.attendees.join(sep))
        )),
        Line::raw(format!(
            "{}{}",
            lang.pick("审阅：", "Review: "),
            since_text(ctx, &data.review)
        )),
        Line::raw(""),
    ];

    // Carried items of earlier meetings.
    lines.push(heading(match lang {
        Lang::Zh => format!("上次会议议定事项落实情况（{}项）", data.carried.len()),
        Lang::En => format!("Earlier decisions ({})", data.carried.len()),
    }));
    if data.carried.is_empty() {
        lines.push(Line::raw(lang.pick("  （无）", "  (none)")));
    }
    for c in &data.carried {
        let state = if c.item.is_overdue(ctx.today) {
            lang.pick("逾期", "overdue")
        } else {
            c.item.status.label(lang)
        };
        let carried = match lang {
            Lang::Zh => format!("结转{}次", c.carried),
            Lang::En => format!("carried {}×", c.carried),
        };
        lines.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(
                format!("{} ", c.item.id),
                Style::default().fg(Color::Yellow),
            ),
            Span::raw(clean(&c.item.text)),
        ]));
        lines.push(Line::styled(
            format!(
                "      {} · {} {} · {}{} · {carried} · {state}",
                clean(&c.item.lead_unit),
                lang.pick("时限", "by"),
                c.item.deadline,
                lang.pick("提出于", "raised in "),
                c.raised_in
            ),
            Style::default().fg(Color::DarkGray),
        ));
        // The latest 落实情况 (the lead unit's feedback), where the decision stands.
        if !c.item.feedback.trim().is_empty() {
            lines.push(Line::raw(format!(
                "      {}{}",
                lang.pick("落实情况：", "Feedback: "),
                clean(&c.item.feedback)
            )));
        }
    }
    lines.push(Line::raw(""));

    // Red and yellow measures with their problems and asks.
    let flagged: Vec<(usize, Light)> = ctx
        .plan
        .measures
        .iter()
        .enumerate()
        .map(|(i, _)| (i, ctx.lights.light(i)))
        .filter(|(_, l)| matches!(l, Light::Red | Light::Yellow))
        .collect();
    lines.push(heading(match lang {
        Lang::Zh => format!("红黄灯举措（{}项）", flagged.len()),
        Lang::En => format!("Red and yellow measures ({})", flagged.len()),
    }));
    if flagged.is_empty() {
        lines.push(Line::raw(lang.pick("  （无）", "  (none)")));
    }
    let mut sorted = flagged;
    sorted.sort_by_key(|(i, l)| (*l != Light::Red, *i));
    for (i, light) in sorted {
        let measure = &ctx.plan.measures[i];
        lines.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(
                light_glyph(light, lang),
                Style::default()
                    .fg(light_color(light))
                    .add_modifier(Modifier::BOLD),
            ),
            Span::raw(format!(
                " {} {} · {}",
                measure.id,
                clean(&measure.title),
                clean(&measure.lead_unit)
            )),
        ]));
        if let Some(r) = latest_report(&ctx.plan, &measure.id) {
            for (label, text) in [
                (lang.pick("问题：", "Problems: "), &r.problems),
                (lang.pick("下一步：", "Next: "), &r.next_steps),
                (lang.pick("需协调：", "Asks: "), &r.asks),
            ] {
                if !text.trim().is_empty() {
                    lines.push(Line::raw(format!("      {label}{}", clean(text))));
                }
            }
        }
    }
    lines.push(Line::raw(""));

    // The review.
    lines.push(heading(match lang {
        Lang::Zh => format!("自上次{kind}以来的变化（{}项）", data.review.changes.len()),
        Lang::En => format!(
            "Changes since the last {kind} ({})",
            data.review.changes.len()
        ),
    }));
    lines.extend(change_lines(ctx, &data.review.changes));
    lines.push(Line::raw(""));

    // This meeting's decisions.
    let decided: Vec<&crate::model::ActionItem> = ctx
        .plan
        .items
        .iter()
        .filter(|i| i.meeting == m.id)
        .collect();
    lines.push(heading(match lang {
        Lang::Zh => format!("本次会议议定事项（{}项）", decided.len()),
        Lang::En => format!("Decisions of this meeting ({})", decided.len()),
    }));
    if decided.is_empty() {
        lines.push(Line::raw(lang.pick(
            "  （尚无；按 d 记录）",
            "  (none yet; press d to record one)",
        )));
    }
    for item in decided {
        let co = if item.co_units.is_empty() {
            String::new()
        } else {
            format!(
                "，{}{}",
                lang.pick("配合：", "with "),
                clean(&item.co_units.join(sep))
            )
        };
        lines.push(Line::from(vec![
            Span::styled(
                format!("  {}. ", item.number),
                Style::default().add_modifier(Modifier::BOLD),
            ),
            Span::raw(clean(&item.text)),
        ]));
        lines.push(Line::styled(
            format!(
                "      {} · {}{co} · {} {}",
                item.id,
                clean(&item.lead_unit),
                lang.pick("时限", "by"),
                item.deadline
            ),
            Style::default().fg(Color::DarkGray),
        ));
    }
    lines
}

/// The meeting screen.
pub const MEETING_KEYS: &[Binding] = &[
    UP,
    DOWN,
    PAGE_UP,
    PAGE_DOWN,
    bind(
        &[Key::ch('c'), Key::plain(KeyCode::Tab)],
        Action::SwitchKind,
        "切换周/月/季",
        "weekly/monthly/quarterly",
    ),
    bind(
        &[Key::ch('n')],
        Action::OpenMeetingForm,
        "召开会议",
        "open a meeting",
    ),
    bind(
        &[Key::ch('d')],
        Action::OpenDecisionForm,
        "议定事项",
        "record a decision",
    ),
    bind(&[Key::ch('p')], Action::ShowMinutes, "纪要预览", "minutes"),
    more(
        &[Key::ch('e')],
        Action::OpenForm,
        "填报所选举措（本会议周期）",
        "report on the selected measure (this cycle)",
    ),
    bind(
        &[Key::ch('x')],
        Action::CloseMeeting,
        "结束会议",
        "close the meeting",
    ),
    more(&[Key::ch('r')], Action::ShowReview, "会前审阅", "review"),
    more(&[Key::ch('R')], Action::Refresh, "重新载入", "reload"),
    bind(
        &[Key::plain(KeyCode::Esc), Key::ch('q')],
        Action::Cancel,
        "返回",
        "back",
    ),
    bind(&[Key::ch('?')], Action::ToggleHelp, "帮助", "help"),
];

/// The meeting screen in the help.
pub const SECTION: Section = Section {
    zh: "会议（M）",
    en: "Meeting (M)",
    keys: MEETING_KEYS,
};
