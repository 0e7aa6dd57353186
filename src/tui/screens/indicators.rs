//! The indicators screen: the 24 indicators against this year's targets, with the pace and
//! judgement of the quarterly rule, and a sparkline of the selected indicator's observations.
//! From here a value is recorded (`e`), a year's target set or its 建议值 confirmed (`t`,
//! `c`), and every observation read (Enter, `indicator_detail`).

use chrono::Datelike;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Cell, Paragraph, Row, Sparkline, StatefulWidget, Table, TableState, Widget,
};

use super::indicator_acts::{act, pace};
use super::indicator_detail::IndicatorDetailScreen;
use super::{Outcome, Screen};
use crate::meeting::quarterly::{Pace, number_text, pace_text};
use crate::meeting::{Judgement, TargetSource, judgement_text, target_label, year_target};
use crate::model::{Indicator, Lang, Observation};
use crate::tui::action::{Action, Effect};
use crate::tui::ctx::{Ctx, year_quarter};
use crate::tui::keys::{Binding, Key, Section, bind, more};
use crate::tui::widgets::{clean, clip, light_color, width};

/// The indicators table's selected row.
#[derive(Debug, Clone, Default)]
pub struct IndicatorsScreen {
    pub cursor: usize,
}

impl IndicatorsScreen {
    /// The table with row `cursor` selected.
    pub fn new(cursor: usize) -> IndicatorsScreen {
        IndicatorsScreen { cursor }
    }
}

impl Screen for IndicatorsScreen {
    fn keys(&self) -> &'static [Binding] {
        INDICATOR_KEYS
    }

    fn update(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        let last = ctx.plan.indicators.len().saturating_sub(1);
        let c = &mut self.cursor;
        match action {
            Action::MoveUp => *c = c.saturating_sub(1),
            Action::MoveDown => *c = (*c + 1).min(last),
            Action::Home => *c = 0,
            Action::End => *c = last,
            Action::Cancel => return Outcome::pop(),
            _ => {
                return match ctx.plan.indicators.get(self.cursor) {
                    Some(ind) if matches!(action, Action::Toggle) => {
                        Outcome::push(IndicatorDetailScreen::new(ind.id.clone()))
                    }
                    Some(ind) => act(action, ind, ctx),
                    None => Outcome::none(),
                };
            }
        }
        Outcome::none()
    }

    fn notify(&mut self, _notice: &super::Notice, ctx: &Ctx) -> Option<Effect> {
        self.cursor = self.cursor.min(ctx.plan.indicators.len().saturating_sub(1));
        None
    }

    fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        self.draw(area, buf, ctx);
    }
}

/// The target in a table cell: a 建议值 carries `*` (the title explains it), so the mark
/// survives a narrow column.
fn target_cell(p: &Pace, lang: Lang) -> String {
    match (&p.target_text, p.source) {
        (Some(t), TargetSource::Suggested) => format!("{}*", clean(t)),
        (Some(t), TargetSource::Set) => {
            format!("{}{}", clean(t), lang.pick("（专班设定）", " (set)"))
        }
        (Some(t), TargetSource::Assigned) => {
            format!("{}{}", clean(t), lang.pick("（下达）", " (assigned)"))
        }
        (Some(t), TargetSource::Plan) => clean(t),
        (None, _) => lang.pick("方案未设定", "not set").to_string(),
    }
}

/// The judgement in a table cell: one against a 建议值 carries `*`.
fn judgement_cell(p: &Pace, lang: Lang) -> String {
    let mut t = p.judgement.label(lang).to_string();
    if p.source == TargetSource::Suggested && p.judgement.light().is_some() {
        t.push('*');
    }
    t
}

fn target_text(p: &Pace, lang: Lang) -> String {
    match target_label(p, lang) {
        Some(t) => clean(&t),
        None => lang.pick("方案未设定", "not set").to_string(),
    }
}

/// Every plan year's target of `ind`: `2025目标 580 · 2026目标 615（建议值） · 2027目标 650`.
fn years_text(ctx: &Ctx, ind: &Indicator) -> String {
    let lang = ctx.lang;
    let mut parts = vec![format!(
        "{}{}",
        lang.pick("基期2024 ", "2024 "),
        clean(&ind.city_2024.text)
    )];
    for year in ctx.plan.meta.start.year()..=ctx.plan.meta.end.year() {
        let text = match year_target(ind, year, &ctx.plan.targets) {
            Some((p, source)) => format!("{}{}", clean(&p.text), source.marker(lang)),
            None => lang.pick("未设定", "not set").to_string(),
        };
        parts.push(match lang {
            Lang::Zh => format!("{year}目标 {text}"),
            Lang::En => format!("{year} target {text}"),
        });
    }
    parts.join(" · ")
}

fn value_text(p: &Pace, lang: Lang) -> String {
    match (p.value, p.period) {
        (Some(v), Some(period)) => {
            let est = if p.estimated {
                lang.pick("预计", "est. ")
            } else {
                ""
            };
            match lang {
                Lang::Zh => format!("{est}{}（{period}）", number_text(v)),
                Lang::En => format!("{est}{} ({period})", number_text(v)),
            }
        }
        _ => lang.pick("未报送", "none").to_string(),
    }
}

fn judgement_style(j: Judgement) -> Style {
    match j.light() {
        Some(l) => Style::default().fg(light_color(l)),
        None => Style::default().fg(Color::DarkGray),
    }
}

/// The observations of `ind`, oldest first.
fn series<'a>(ctx: &'a Ctx<'a>, ind: &Indicator) -> Vec<&'a Observation> {
    let mut obs: Vec<&Observation> = ctx
        .plan
        .observations
        .iter()
        .filter(|o| o.indicator == ind.id)
        .collect();
    obs.sort_by_key(|o| (o.period.last_day(), o.period.first_day(), o.estimated));
    obs
}

impl IndicatorsScreen {
    fn draw(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let lang = ctx.lang;
        let (year, quarter) = year_quarter(ctx.today);
        let [top, bottom] =
            Layout::vertical([Constraint::Min(5), Constraint::Length(7)]).areas(area);
        // Unit and lead unit get columns of their own on wide terminals (the panel below names
        // both for the selected row); pace and judgement are spelled out from 110 columns.
        let wide = area.width >= 150;
        let roomy = area.width >= 110;
        let mut header = vec![
            "",
            lang.pick("指标", "Indicator"),
            lang.pick("基期2024", "2024"),
        ];
        let target_header = format!("{year}{}", lang.pick("目标", " target"));
        header.push(&target_header);
        header.extend([
            lang.pick("最新值（期）", "Latest (period)"),
            lang.pick("进度", "Pace"),
            lang.pick("判断", "Judgement"),
        ]);
        if wide {
            header.insert(2, lang.pick("单位", "Unit"));
            header.push(lang.pick("牵头单位", "Lead unit"));
        }
        let widths: Vec<Constraint> = if wide {
            vec![
                Constraint::Length(3),
                Constraint::Fill(1),
                Constraint::Length(6),
                Constraint::Length(8),
                Constraint::Length(16),
                Constraint::Length(18),
                Constraint::Length(24),
                Constraint::Length(20),
                Constraint::Length(12),
            ]
        } else {
            let (pace, judgement) = if roomy { (22, 20) } else { (10, 10) };
            vec![
                Constraint::Length(3),
                Constraint::Fill(1),
                Constraint::Length(8),
                Constraint::Length(10),
                Constraint::Length(15),
                Constraint::Length(pace),
                Constraint::Length(judgement),
            ]
        };
        // Every cell is cut to its column, ending in `…`; the name column takes what the
        // others leave.
        let cols: Vec<usize> = Layout::horizontal(widths.clone())
            .spacing(1)
            .split(Rect {
                width: top.width.saturating_sub(2),
                ..top
            })
            .iter()
            .map(|r| r.width as usize)
            .collect();
        let rows: Vec<Row> = ctx
            .plan
            .indicators
            .iter()
            .map(|ind| {
                let p = pace(ctx, ind);
                let mut texts = vec![
                    ind.id.to_string(),
                    clean(&ind.name),
                    clean(&ind.city_2024.text),
                    target_cell(&p, lang),
                    value_text(&p, lang),
                    pace_text(&p, lang),
                    judgement_cell(&p, lang),
                ];
                if wide {
                    texts.insert(2, clean(&ind.unit));
                    texts.push(clean(&ind.lead_unit));
                }
                let judgement = if wide { 7 } else { 6 };
                Row::new(texts.into_iter().enumerate().map(|(i, t)| {
                    let t = clip(&t, cols.get(i).copied().unwrap_or(0));
                    if i == judgement {
                        Cell::from(Span::styled(t, judgement_style(p.judgement)))
                    } else {
                        Cell::from(t)
                    }
                }))
            })
            .collect();
        let any_suggested = ctx.plan.indicators.iter().any(|i| {
            year_target(i, year, &ctx.plan.targets)
                .is_some_and(|(_, s)| s == TargetSource::Suggested)
        });
        let mut title = match lang {
            Lang::Zh => format!(
                " 指标（{}项）· {year}年第{quarter}季度 · 序时与判断按季度总结口径 ",
                ctx.plan.indicators.len()
            ),
            Lang::En => format!(
                " Indicators ({}) · {year} Q{quarter} · pace and judgement as in the quarterly report ",
                ctx.plan.indicators.len()
            ),
        };
        if any_suggested {
            title.push_str(lang.pick("· *为建议值 ", "· * suggested "));
        }
        let table = Table::new(rows, widths)
            .header(
                Row::new(header.into_iter().map(String::from).collect::<Vec<_>>())
                    .style(Style::default().add_modifier(Modifier::BOLD)),
            )
            .column_spacing(1)
            .row_highlight_style(Style::default().add_modifier(Modifier::REVERSED))
            .block(Block::bordered().title(clip(&title, inner_cols(top))));
        let mut state = TableState::default().with_selected(Some(self.cursor));
        StatefulWidget::render(table, top, buf, &mut state);

        let Some(ind) = ctx.plan.indicators.get(self.cursor) else {
            return;
        };
        let p = pace(ctx, ind);
        let obs = series(ctx, ind);
        let block = Block::bordered().title(clip(
            &clean(&format!(
                " {} {}（{}）· {} · {}{} ",
                ind.id,
                ind.name,
                ind.unit,
                ind.lead_unit,
                lang.pick("监测值", "observations "),
                obs.len()
            )),
            inner_cols(bottom),
        ));
        let inner = block.inner(bottom);
        block.render(bottom, buf);
        let [text, spark] =
            Layout::vertical([Constraint::Length(3), Constraint::Min(1)]).areas(inner);
        let values: Vec<String> = obs
            .iter()
            .map(|o| {
                let est = if o.estimated {
                    lang.pick("预计", "est.")
                } else {
                    ""
                };
                format!("{} {est}{}", o.period, number_text(o.value))
            })
            .collect();
        let cols = text.width as usize;
        let first = clip_line(
            vec![
                Span::raw(format!(
                    "{}{} · {}{} · ",
                    lang.pick("目标", "Target "),
                    target_text(&p, lang),
                    lang.pick("最新", "latest "),
                    value_text(&p, lang)
                )),
                Span::styled(judgement_text(&p, lang), judgement_style(p.judgement)),
            ],
            cols,
        );
        // What to do next comes first, so a narrow terminal cuts the years rather than it.
        let todo = match p.source {
            TargetSource::Suggested => lang.pick(
                "按 c 确认建议值，t 设定目标  ",
                "c confirms the suggestion, t sets a target  ",
            ),
            _ if p.target_text.is_none() => lang.pick("按 t 设定目标  ", "t sets a target  "),
            _ => "",
        };
        let years = clip_line(
            vec![
                Span::styled(todo, Style::default().fg(Color::Yellow)),
                Span::raw(years_text(ctx, ind)),
            ],
            cols,
        );
        let dim = Style::default().fg(Color::DarkGray);
        let second = if values.is_empty() {
            Line::styled(
                clip(
                    lang.pick(
                        "尚无监测值：按 e 记录，Enter 看详情",
                        "no observations yet: e records one, Enter shows the detail",
                    ),
                    cols,
                ),
                dim,
            )
        } else {
            // The newest values are the ones to see: a narrow pane cuts the oldest.
            let all = clean(&values.join("  "));
            let shown = if width(&all) > cols {
                let mut v: Vec<String> = Vec::new();
                for x in values.iter().rev() {
                    let next = 2 + width(x) + v.iter().map(|y| width(y) + 2).sum::<usize>();
                    if next > cols {
                        break;
                    }
                    v.insert(0, clean(x));
                }
                format!("…{}", v.join("  "))
            } else {
                all
            };
            Line::styled(clip(&shown, cols), dim)
        };
        Paragraph::new(vec![first, years, second]).render(text, buf);
        // Bars from zero, in hundredths so decimals still show; negative values draw empty.
        let data: Vec<u64> = obs
            .iter()
            .map(|o| (o.value.max(0.0) * 100.0).round() as u64)
            .collect();
        Sparkline::default()
            .data(&data)
            .style(Style::default().fg(Color::Cyan))
            .render(spark, buf);
    }
}

/// Columns inside a bordered box of `area`.
pub(super) fn inner_cols(area: Rect) -> usize {
    usize::from(area.width.saturating_sub(2))
}

/// `spans` on one line of at most `cols` columns; when cut, the last one shown ends in `…`.
pub(super) fn clip_line(spans: Vec<Span<'static>>, cols: usize) -> Line<'static> {
    let total: usize = spans.iter().map(|s| width(&s.content)).sum();
    if total <= cols {
        return Line::from(spans);
    }
    let mut out = Vec::new();
    let mut used = 0;
    for s in spans {
        let w = width(&s.content);
        if used + w < cols {
            used += w;
            out.push(s);
            continue;
        }
        out.push(Span::styled(
            clip(&format!("{}…", s.content), cols - used),
            s.style,
        ));
        break;
    }
    Line::from(out)
}

/// The indicators screen.
pub const INDICATOR_KEYS: &[Binding] = &[
    bind(
        &[Key::ch('k'), Key::plain(KeyCode::Up)],
        Action::MoveUp,
        "上移",
        "up",
    ),
    bind(
        &[Key::ch('j'), Key::plain(KeyCode::Down)],
        Action::MoveDown,
        "下移",
        "down",
    ),
    more(
        &[Key::plain(KeyCode::Home), Key::ch('g')],
        Action::Home,
        "到顶",
        "top",
    ),
    more(
        &[Key::plain(KeyCode::End), Key::ch('G')],
        Action::End,
        "到底",
        "bottom",
    ),
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
        &[Key::plain(KeyCode::Enter)],
        Action::Toggle,
        "详情",
        "detail",
    ),
    bind(
        &[Key::plain(KeyCode::Esc), Key::ch('q'), Key::ch('i')],
        Action::Cancel,
        "返回",
        "back",
    ),
    bind(&[Key::ch('?')], Action::ToggleHelp, "帮助", "help"),
];

/// The indicators screen in the help.
pub const SECTION: Section = Section {
    zh: "指标（i）",
    en: "Indicators (i)",
    keys: INDICATOR_KEYS,
};
