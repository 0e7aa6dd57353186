//! The indicators screen: the 24 indicators against this year's targets, with the pace and
//! judgement of the quarterly rule, and a sparkline of the selected indicator's observations.

use chrono::Datelike;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Cell, Paragraph, Row, Sparkline, StatefulWidget, Table, TableState, Widget,
};

use super::light_color;
use crate::meeting::quarterly::{Pace, number_text, pace_text};
use crate::meeting::{
    Judgement, TargetSource, judge_year, judgement_text, target_label, year_target,
};
use crate::model::{Indicator, Lang, Observation};
use crate::tui::app::App;
use crate::tui::widgets::{clean, clip};

/// The pace of `ind` in this year's current quarter, with the targets the taskforce set or
/// entered, else the 建议值.
pub fn pace(app: &App, ind: &Indicator) -> Pace {
    let (year, quarter) = crate::tui::app::year_quarter(app.today);
    let observations: Vec<&Observation> = app.plan.observations.iter().collect();
    judge_year(ind, year, quarter, &observations, &app.plan.targets)
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
fn years_text(app: &App, ind: &Indicator) -> String {
    let lang = app.lang;
    let mut parts = vec![format!(
        "{}{}",
        lang.pick("基期2024 ", "2024 "),
        clean(&ind.city_2024.text)
    )];
    for year in app.plan.meta.start.year()..=app.plan.meta.end.year() {
        let text = match year_target(ind, year, &app.plan.targets) {
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
fn series<'a>(app: &'a App, ind: &Indicator) -> Vec<&'a Observation> {
    let mut obs: Vec<&Observation> = app
        .plan
        .observations
        .iter()
        .filter(|o| o.indicator == ind.id)
        .collect();
    obs.sort_by_key(|o| (o.period.last_day(), o.period.first_day(), o.estimated));
    obs
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let (year, quarter) = crate::tui::app::year_quarter(app.today);
    let [top, bottom] = Layout::vertical([Constraint::Min(5), Constraint::Length(7)]).areas(area);
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
    // The name column takes what the others leave; a name longer than that ends in `…`.
    let name_cols = Layout::horizontal(widths.clone()).spacing(1).split(Rect {
        width: top.width.saturating_sub(2),
        ..top
    })[1]
        .width as usize;
    let rows: Vec<Row> = app
        .plan
        .indicators
        .iter()
        .map(|ind| {
            let p = pace(app, ind);
            let mut cells = vec![
                Cell::from(ind.id.to_string()),
                Cell::from(clip(&clean(&ind.name), name_cols)),
                Cell::from(clean(&ind.city_2024.text)),
                Cell::from(target_cell(&p, lang)),
                Cell::from(value_text(&p, lang)),
                Cell::from(pace_text(&p, lang)),
                Cell::from(Span::styled(
                    judgement_cell(&p, lang),
                    judgement_style(p.judgement),
                )),
            ];
            if wide {
                cells.insert(2, Cell::from(clean(&ind.unit)));
                cells.push(Cell::from(clean(&ind.lead_unit)));
            }
            Row::new(cells)
        })
        .collect();
    let any_suggested = app.plan.indicators.iter().any(|i| {
        year_target(i, year, &app.plan.targets).is_some_and(|(_, s)| s == TargetSource::Suggested)
    });
    let mut title = match lang {
        Lang::Zh => format!(
            " 指标（{}项）· {year}年第{quarter}季度 · 序时与判断按季度总结口径 ",
            app.plan.indicators.len()
        ),
        Lang::En => format!(
            " Indicators ({}) · {year} Q{quarter} · pace and judgement as in the quarterly report ",
            app.plan.indicators.len()
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
        .block(Block::bordered().title(title));
    let mut state = TableState::default().with_selected(Some(app.indicator_cursor));
    StatefulWidget::render(table, top, buf, &mut state);

    let Some(ind) = app.plan.indicators.get(app.indicator_cursor) else {
        return;
    };
    let p = pace(app, ind);
    let obs = series(app, ind);
    let block = Block::bordered().title(clean(&format!(
        " {} {}（{}）· {} · {}{} ",
        ind.id,
        ind.name,
        ind.unit,
        ind.lead_unit,
        lang.pick("监测值", "observations "),
        obs.len()
    )));
    let inner = block.inner(bottom);
    block.render(bottom, buf);
    let [text, spark] = Layout::vertical([Constraint::Length(3), Constraint::Min(1)]).areas(inner);
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
    let first = Line::from(vec![
        Span::raw(format!(
            "{}{} · {}{} · ",
            lang.pick("目标", "Target "),
            target_text(&p, lang),
            lang.pick("最新", "latest "),
            value_text(&p, lang)
        )),
        Span::styled(judgement_text(&p, lang), judgement_style(p.judgement)),
    ]);
    let mut years = vec![Span::raw(years_text(app, ind))];
    if p.source == TargetSource::Suggested {
        years.push(Span::styled(
            lang.pick("  按 c 确认建议值", "  c confirms the suggestion"),
            Style::default().fg(Color::Yellow),
        ));
    }
    let years = Line::from(years);
    let second = if values.is_empty() {
        Line::styled(
            lang.pick("尚无监测值", "no observations yet"),
            Style::default().fg(Color::DarkGray),
        )
    } else {
        Line::styled(
            clean(&values.join("  ")),
            Style::default().fg(Color::DarkGray),
        )
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
