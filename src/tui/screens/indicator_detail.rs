//! One indicator in full, over the indicators table: the plan's printed values, every plan
//! year's target with where it comes from and its basis, every observation recorded (value or
//! estimate, note, who and when), this year's pace and the linked measures. The same keys as
//! the table record a value, set a target or confirm the 建议值.

use chrono::Datelike;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::indicator_acts::{act, pace};
use super::{Outcome, Screen, scroll};
use crate::meeting::quarterly::{number_text, pace_text};
use crate::meeting::{TargetSource, judgement_text, year_target};
use crate::model::{Direction, Id, Indicator, IndicatorKind, Lang, Observation};
use crate::tui::action::Action;
use crate::tui::ctx::Ctx;
use crate::tui::keys::{Binding, DOWN, Key, PAGE_DOWN, PAGE_UP, Section, UP, bind};
use crate::tui::widgets::{clean, clip, light_color, light_glyph, wrap_lines};

/// The columns the content is measured at for scrolling: the narrowest usable terminal's
/// pane, so a wider one never hides the last lines (it may scroll a line or two early).
const MEASURED_COLS: u16 = 78;

/// The indicator shown, kept by id so a reload never changes it, and the first line shown.
#[derive(Debug, Clone)]
pub struct IndicatorDetailScreen {
    pub id: Id,
    pub scroll: usize,
}

impl IndicatorDetailScreen {
    /// The detail of indicator `id`, from the top.
    pub fn new(id: Id) -> IndicatorDetailScreen {
        IndicatorDetailScreen { id, scroll: 0 }
    }
}

impl Screen for IndicatorDetailScreen {
    fn keys(&self) -> &'static [Binding] {
        DETAIL_KEYS
    }

    fn update(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        if scroll(&mut self.scroll, &action, ctx.page, ctx.lines) {
            return Outcome::none();
        }
        match (action, ctx.plan.indicator(&self.id)) {
            (Action::Cancel, _) => Outcome::pop(),
            (action, Some(ind)) => act(action, ind, ctx),
            (_, None) => Outcome::none(),
        }
    }

    fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let Some(ind) = ctx.plan.indicator(&self.id) else {
            return;
        };
        let title = match ctx.lang {
            Lang::Zh => format!(" {} {}（{}） ", ind.id, ind.name, ind.unit),
            Lang::En => format!(" {} {} ({}) ", ind.id, ind.name, ind.unit),
        };
        let block = Block::bordered()
            .title(clip(
                &clean(&title),
                usize::from(area.width.saturating_sub(2)),
            ))
            .border_style(Style::default().fg(Color::Cyan));
        let inner = block.inner(area);
        block.render(area, buf);
        let lines = wrap_lines(detail_lines(ind, ctx), inner.width);
        let height = usize::from(inner.height);
        let from = self.scroll.min(lines.len().saturating_sub(height));
        let shown: Vec<Line> = lines.into_iter().skip(from).take(height).collect();
        Paragraph::new(shown).render(inner, buf);
    }

    fn lines(&self, ctx: &Ctx) -> usize {
        ctx.plan.indicator(&self.id).map_or(0, |ind| {
            wrap_lines(detail_lines(ind, ctx), MEASURED_COLS).len()
        })
    }
}

fn heading(text: String) -> Line<'static> {
    Line::from(Span::styled(
        format!("── {text} ──"),
        Style::default()
            .fg(Color::Cyan)
            .add_modifier(Modifier::BOLD),
    ))
}

fn field(name: &str, value: &str) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{name} "), Style::default().fg(Color::Cyan)),
        Span::raw(clean(value)),
    ])
}

fn kind_label(kind: IndicatorKind, lang: Lang) -> &'static str {
    match kind {
        IndicatorKind::Rate => lang.pick("比率", "rate"),
        IndicatorKind::Cumulative => lang.pick("累计", "cumulative"),
        IndicatorKind::AnnualFlow => lang.pick("年度新增", "per year"),
        IndicatorKind::Count => lang.pick("数量", "count"),
        IndicatorKind::Index => lang.pick("指数", "index"),
    }
}

fn direction_label(d: Direction, lang: Lang) -> &'static str {
    match d {
        Direction::HigherBetter => lang.pick("越高越好", "higher is better"),
        Direction::LowerBetter => lang.pick("越低越好", "lower is better"),
        Direction::Maintain => lang.pick("保持", "maintain"),
    }
}

/// When the observation `o` was last committed (`2026-11-25 10:00`), from the history.
fn recorded_at(ctx: &Ctx, o: &Observation) -> Option<String> {
    let period = o.period.to_string();
    ctx.history_of(o.indicator.as_str())
        .find(|e| {
            e.changes
                .iter()
                .any(|c| c.id == o.indicator.as_str() && c.period.as_deref() == Some(&period))
        })
        .map(|e| e.time.format("%Y-%m-%d %H:%M").to_string())
}

/// Every line of the detail of `ind`, before wrapping.
pub fn detail_lines(ind: &Indicator, ctx: &Ctx) -> Vec<Line<'static>> {
    let lang = ctx.lang;
    let dim = Style::default().fg(Color::DarkGray);
    let mut lines = vec![Line::from(Span::styled(
        clean(&ind.name),
        Style::default().add_modifier(Modifier::BOLD),
    ))];
    let group = match &ind.subgroup {
        Some(s) => format!("{} · {s}", ind.group),
        None => ind.group.clone(),
    };
    lines.push(field(lang.pick("类型", "Group"), &group));
    lines.push(field(
        lang.pick("口径", "Kind"),
        &format!(
            "{} · {}",
            kind_label(ind.kind, lang),
            direction_label(ind.direction, lang)
        ),
    ));
    lines.push(field(lang.pick("牵头单位", "Lead unit"), &ind.lead_unit));

    lines.push(heading(
        lang.pick("方案印发值", "As printed in the plan").into(),
    ));
    lines.push(field(lang.pick("原名", "Printed name"), &ind.printed_name));
    lines.push(Line::raw(clean(&match lang {
        Lang::Zh => format!(
            "全省2024 {} · 温州2024 {} · 2025目标 {} · 2027目标 {}",
            ind.province_2024.text, ind.city_2024.text, ind.target_2025.text, ind.target_2027.text
        ),
        Lang::En => format!(
            "province 2024 {} · city 2024 {} · 2025 target {} · 2027 target {}",
            ind.province_2024.text, ind.city_2024.text, ind.target_2025.text, ind.target_2027.text
        ),
    })));

    lines.push(heading(lang.pick("年度目标", "Targets by year").into()));
    let meta = &ctx.plan.meta;
    for year in meta.start.year()..=meta.end.year() {
        let set = ctx
            .plan
            .targets
            .iter()
            .find(|t| t.indicator == ind.id && t.year == year);
        let (text, note) = match year_target(ind, year, &ctx.plan.targets) {
            Some((p, TargetSource::Plan)) => (p.text, lang.pick("（方案）", " (plan)")),
            Some((p, TargetSource::Suggested)) => (
                p.text,
                lang.pick(
                    "（建议值：前后两年目标的线性插值，未经专班确认；按 c 确认，t 设定）",
                    " (suggested: halfway between the neighbouring years; c confirms, t sets)",
                ),
            ),
            Some((p, source)) => (p.text, source.marker(lang)),
            None => (
                lang.pick("未设定", "not set").to_string(),
                lang.pick("（按 t 设定）", " (t sets one)"),
            ),
        };
        let year_text = match lang {
            Lang::Zh => format!("{year}年 "),
            Lang::En => format!("{year} "),
        };
        lines.push(Line::from(vec![
            Span::styled(year_text, Style::default().fg(Color::Cyan)),
            Span::raw(clean(&text)),
            Span::styled(note, dim),
        ]));
        if let Some(t) = set {
            lines.push(Line::styled(
                clean(&match lang {
                    Lang::Zh => format!("    依据：{} · 设定人：{}", t.basis, t.set_by),
                    Lang::En => format!("    basis: {} · set by {}", t.basis, t.set_by),
                }),
                dim,
            ));
        }
    }

    let mut obs: Vec<&Observation> = ctx
        .plan
        .observations
        .iter()
        .filter(|o| o.indicator == ind.id)
        .collect();
    obs.sort_by_key(|o| std::cmp::Reverse((o.period.last_day(), o.period.first_day())));
    lines.push(heading(match lang {
        Lang::Zh => format!("监测值（{}项，新的在前）", obs.len()),
        Lang::En => format!("Values recorded ({}, newest first)", obs.len()),
    }));
    if obs.is_empty() {
        lines.push(Line::styled(
            lang.pick("尚无监测值：按 e 记录", "none yet: e records one"),
            dim,
        ));
    }
    for o in obs {
        let value = if o.estimated {
            match lang {
                Lang::Zh => format!("预计全年 {}{}", number_text(o.value), ind.unit),
                Lang::En => format!("full-year estimate {} {}", number_text(o.value), ind.unit),
            }
        } else {
            match lang {
                Lang::Zh => format!("{}{}", number_text(o.value), ind.unit),
                Lang::En => format!("{} {}", number_text(o.value), ind.unit),
            }
        };
        let mut who = clean(&o.recorded_by);
        if let Some(at) = recorded_at(ctx, o) {
            who = format!("{who} · {at}");
        }
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", o.period), Style::default().fg(Color::Cyan)),
            Span::styled(clean(&value), Style::default().add_modifier(Modifier::BOLD)),
            Span::styled(format!("  {who}"), dim),
        ]));
        if !o.note.trim().is_empty() {
            lines.push(Line::raw(clean(&format!(
                "    {}{}",
                lang.pick("说明：", "note: "),
                o.note.trim()
            ))));
        }
    }

    let p = pace(ctx, ind);
    lines.push(heading(match lang {
        Lang::Zh => format!("{}年进度", ctx.today.year()),
        Lang::En => format!("{} pace", ctx.today.year()),
    }));
    let judgement_style = match p.judgement.light() {
        Some(l) => Style::default().fg(light_color(l)),
        None => dim,
    };
    lines.push(Line::from(vec![
        Span::raw(format!("{} · ", pace_text(&p, lang))),
        Span::styled(judgement_text(&p, lang), judgement_style),
    ]));

    lines.push(heading(lang.pick("关联举措", "Linked measures").into()));
    if ind.measures.is_empty() {
        lines.push(Line::styled(lang.pick("（无）", "(none)"), dim));
    }
    for id in &ind.measures {
        let found = ctx.plan.measures.iter().position(|m| &m.id == id);
        lines.push(match found {
            Some(i) => {
                let light = ctx.lights.light(i);
                Line::from(vec![
                    Span::raw(format!("{id} ")),
                    Span::styled(
                        light_glyph(light, lang),
                        Style::default().fg(light_color(light)),
                    ),
                    Span::raw(format!(" {}", clean(&ctx.plan.measures[i].title))),
                ])
            }
            None => Line::raw(id.to_string()),
        });
    }
    lines
}

/// The indicator's detail.
pub const DETAIL_KEYS: &[Binding] = &[
    UP,
    DOWN,
    PAGE_UP,
    PAGE_DOWN,
    bind(
        &[Key::ch('e')],
        Action::OpenForm,
        "记录监测值",
        "record a value",
    ),
    bind(
        &[Key::ch('t')],
        Action::OpenTargetForm,
        "设定目标",
        "set a target",
    ),
    bind(
        &[Key::ch('c')],
        Action::ConfirmSuggestedTarget,
        "确认建议值",
        "confirm the suggestion",
    ),
    bind(
        &[
            Key::plain(KeyCode::Esc),
            Key::plain(KeyCode::Enter),
            Key::ch('q'),
        ],
        Action::Cancel,
        "返回",
        "back",
    ),
    bind(&[Key::ch('?')], Action::ToggleHelp, "帮助", "help"),
];

/// The indicator's detail in the help.
pub const SECTION: Section = Section {
    zh: "指标详情（指标中按 Enter）",
    en: "Indicator detail (Enter in Indicators)",
    keys: DETAIL_KEYS,
};
