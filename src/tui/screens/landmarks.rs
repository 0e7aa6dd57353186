//! The landmarks screen (标志性成果): one plan year's landmark achievements, at most ten, with
//! the selected one's status, lead unit, linked measures (with their lights) and evidence.
//! From here one is added (`a`), changed (`e`: name, lead, measures, status, evidence) or
//! removed (`x`, after the commit's preview); ←→ moves between the plan's years.

use chrono::Datelike;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, StatefulWidget, Table, TableState, Widget};

use super::confirm::ConfirmScreen;
use super::indicators::{clip_line, inner_cols};
use super::{Notice, Outcome, Screen};
use crate::model::{Id, Landmark, Lang, Status};
use crate::store::{LANDMARKS_PER_YEAR, LandmarkWrite};
use crate::tui::action::{Action, Effect};
use crate::tui::ctx::Ctx;
use crate::tui::forms::Form;
use crate::tui::keys::{Binding, Key, Section, bind, more};
use crate::tui::node::Node;
use crate::tui::widgets::{clean, clip, light_color, light_glyph, wrap_lines};

/// The year shown, the selected row, and the landmark whose removal is being previewed.
#[derive(Debug, Clone)]
pub struct LandmarksScreen {
    pub year: i32,
    pub cursor: usize,
    /// The year's landmarks when last loaded, so the one just added gets selected.
    known: Vec<Id>,
    /// `x` asked for the preview of removing this one; its answer opens the confirmation.
    removing: Option<Id>,
}

impl LandmarksScreen {
    /// The landmarks of the year of `selected` when it is one, else of this year (within the
    /// plan's years), with `selected` selected.
    pub fn new(selected: Option<&Node>, ctx: &Ctx) -> LandmarksScreen {
        let selected = match selected {
            Some(Node::Landmark(id)) => ctx.plan.landmarks.iter().find(|l| &l.id == id),
            _ => None,
        };
        let (first, last) = years(ctx);
        let year = selected
            .map_or(ctx.today.year(), |l| l.year)
            .clamp(first, last);
        let mut screen = LandmarksScreen {
            year,
            cursor: 0,
            known: Vec::new(),
            removing: None,
        };
        screen.known = screen.ids(ctx);
        if let Some(l) = selected {
            screen.cursor = screen.known.iter().position(|x| x == &l.id).unwrap_or(0);
        }
        screen
    }

    /// The landmarks of the year shown, by id.
    pub fn of_year<'a>(&self, ctx: &Ctx<'a>) -> Vec<&'a Landmark> {
        let mut out: Vec<&Landmark> = ctx
            .data
            .plan
            .landmarks
            .iter()
            .filter(|l| l.year == self.year)
            .collect();
        out.sort_by(|a, b| a.id.cmp(&b.id));
        out
    }

    fn ids(&self, ctx: &Ctx) -> Vec<Id> {
        self.of_year(ctx)
            .into_iter()
            .map(|l| l.id.clone())
            .collect()
    }

    /// The selected landmark, if the year has any.
    pub fn selected<'a>(&self, ctx: &Ctx<'a>) -> Option<&'a Landmark> {
        self.of_year(ctx).get(self.cursor).copied()
    }

    fn show_year(&mut self, year: i32, ctx: &Ctx) {
        let (first, last) = years(ctx);
        self.year = year.clamp(first, last);
        self.cursor = 0;
        self.known = self.ids(ctx);
    }

    fn add(&self, ctx: &Ctx) -> Outcome {
        let count = self.of_year(ctx).len();
        if count >= LANDMARKS_PER_YEAR {
            return Outcome::error(match ctx.lang {
                Lang::Zh => format!(
                    "{}年已有{count}项标志性成果（每年至多{LANDMARKS_PER_YEAR}项）：请先删除（x）或调整（e）一项",
                    self.year
                ),
                Lang::En => format!(
                    "{} already has {count} landmarks (at most {LANDMARKS_PER_YEAR} a year): remove (x) or change (e) one first",
                    self.year
                ),
            });
        }
        Outcome::push(Form::new_landmark(self.year, ctx))
    }

    fn none_selected(&self, ctx: &Ctx) -> Outcome {
        Outcome::error(match ctx.lang {
            Lang::Zh => format!("{}年尚无标志性成果：按 a 新增", self.year),
            Lang::En => format!("no landmarks for {} yet: a adds one", self.year),
        })
    }
}

/// The plan's first and last year.
fn years(ctx: &Ctx) -> (i32, i32) {
    let meta = &ctx.plan.meta;
    (meta.start.year(), meta.end.year().max(meta.start.year()))
}

impl Screen for LandmarksScreen {
    fn keys(&self) -> &'static [Binding] {
        LANDMARK_KEYS
    }

    fn update(&mut self, action: Action, ctx: &Ctx) -> Outcome {
        let last = self.of_year(ctx).len().saturating_sub(1);
        let c = &mut self.cursor;
        match action {
            Action::MoveUp => *c = c.saturating_sub(1),
            Action::MoveDown => *c = (*c + 1).min(last),
            Action::Home => *c = 0,
            Action::End => *c = last,
            Action::PrevYear => self.show_year(self.year - 1, ctx),
            Action::NextYear => self.show_year(self.year + 1, ctx),
            Action::NewLandmark => return self.add(ctx),
            Action::OpenForm => {
                return match self.selected(ctx) {
                    Some(l) => Outcome::push(Form::landmark(l, ctx)),
                    None => self.none_selected(ctx),
                };
            }
            Action::RemoveLandmark => {
                let Some(l) = self.selected(ctx) else {
                    return self.none_selected(ctx);
                };
                self.removing = Some(l.id.clone());
                return Outcome::effect(Effect::PreviewLandmark(LandmarkWrite::Remove {
                    id: l.id.clone(),
                }));
            }
            Action::Previewed(summary) => {
                if let Some(id) = self.removing.take() {
                    let write = LandmarkWrite::Remove { id };
                    return Outcome::push(ConfirmScreen::commit(
                        summary,
                        Effect::WriteLandmark(write),
                    ));
                }
            }
            Action::Cancel => return Outcome::pop(),
            _ => {}
        }
        Outcome::none()
    }

    fn notify(&mut self, notice: &Notice, ctx: &Ctx) -> Option<Effect> {
        if let Notice::Reloaded = notice {
            let ids = self.ids(ctx);
            // The one just added is selected; after a removal the cursor stays in the list.
            if let Some(i) = ids.iter().position(|id| !self.known.contains(id)) {
                self.cursor = i;
            }
            self.cursor = self.cursor.min(ids.len().saturating_sub(1));
            self.known = ids;
        }
        None
    }

    fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        self.draw(area, buf, ctx);
    }
}

impl LandmarksScreen {
    fn draw(&self, area: Rect, buf: &mut Buffer, ctx: &Ctx) {
        let lang = ctx.lang;
        let list = self.of_year(ctx);
        let rows_shown = list.len().clamp(1, LANDMARKS_PER_YEAR) as u16;
        let [top, bottom] =
            Layout::vertical([Constraint::Length(rows_shown + 3), Constraint::Min(4)]).areas(area);
        // The linked measures get a column from 100 columns; the pane below always lists them.
        let wide = area.width >= 100;
        let mut widths = vec![
            Constraint::Length(8),
            Constraint::Fill(1),
            Constraint::Length(12),
            Constraint::Length(12),
        ];
        let mut header = vec![
            lang.pick("编号", "Id"),
            lang.pick("名称", "Title"),
            lang.pick("状态", "Status"),
            lang.pick("牵头单位", "Lead unit"),
        ];
        if wide {
            widths.extend([Constraint::Length(18), Constraint::Length(8)]);
            header.extend([
                lang.pick("关联举措", "Measures"),
                lang.pick("佐证", "Evidence"),
            ]);
        }
        let cols: Vec<usize> = Layout::horizontal(widths.clone())
            .spacing(1)
            .split(Rect {
                width: top.width.saturating_sub(2),
                ..top
            })
            .iter()
            .map(|r| r.width as usize)
            .collect();
        let rows: Vec<Row> = list
            .iter()
            .map(|l| {
                let mut texts = vec![
                    l.id.to_string(),
                    clean(&l.title),
                    l.status.label(lang).to_string(),
                    clean(&l.lead_unit),
                ];
                if wide {
                    let ms: Vec<&str> = l.measures.iter().map(Id::as_str).collect();
                    texts.push(ms.join("、"));
                    texts.push(match lang {
                        Lang::Zh => format!("{}项", l.evidence.len()),
                        Lang::En => l.evidence.len().to_string(),
                    });
                }
                Row::new(texts.into_iter().enumerate().map(|(i, t)| {
                    let t = clip(&t, cols.get(i).copied().unwrap_or(0));
                    if i == 2 {
                        Cell::from(Span::styled(t, status_style(l.status)))
                    } else {
                        Cell::from(t)
                    }
                }))
            })
            .collect();
        let title = match lang {
            Lang::Zh => format!(
                " 标志性成果 · {}年 · {}/{LANDMARKS_PER_YEAR}项 ",
                self.year,
                list.len()
            ),
            Lang::En => format!(
                " Landmarks · {} · {} of {LANDMARKS_PER_YEAR} ",
                self.year,
                list.len()
            ),
        };
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

        let Some(l) = list.get(self.cursor) else {
            let block = Block::bordered();
            let inner = block.inner(bottom);
            block.render(bottom, buf);
            let text = match lang {
                Lang::Zh => format!("{}年尚无标志性成果：按 a 新增，← → 换年", self.year),
                Lang::En => format!(
                    "no landmarks for {} yet: a adds one, ← → other years",
                    self.year
                ),
            };
            Paragraph::new(wrap_lines(vec![Line::raw(text)], inner.width)).render(inner, buf);
            return;
        };
        let block = Block::bordered().title(format!(" {} ", l.id));
        let inner = block.inner(bottom);
        block.render(bottom, buf);
        let mut lines = wrap_lines(detail_lines(l, ctx, usize::from(inner.width)), inner.width);
        let height = usize::from(inner.height);
        if lines.len() > height && height > 0 {
            // The pane is full: its last row says so; the form shows everything.
            lines.truncate(height - 1);
            lines.push(Line::styled(
                clip(
                    lang.pick(
                        "…（更多：按 e 在表单中查看）",
                        "… (more: e shows it all in the form)",
                    ),
                    usize::from(inner.width),
                ),
                Style::default().fg(Color::DarkGray),
            ));
        }
        Paragraph::new(lines).render(inner, buf);
    }
}

fn status_style(s: Status) -> Style {
    match s {
        Status::Closed | Status::DoneAwaitingClose => Style::default().fg(Color::Green),
        Status::Suspended => Style::default().fg(Color::DarkGray),
        _ => Style::default(),
    }
}

/// The lines of the pane under the list: name, status and lead, the linked measures with
/// their lights (a row each, cut at `cols`), and every piece of evidence.
fn detail_lines(l: &Landmark, ctx: &Ctx, cols: usize) -> Vec<Line<'static>> {
    let lang = ctx.lang;
    let label = |t: &str| Span::styled(format!("{t} "), Style::default().fg(Color::Cyan));
    let mut lines = vec![
        Line::from(Span::styled(
            clean(&l.title),
            Style::default().add_modifier(Modifier::BOLD),
        )),
        Line::from(vec![
            label(lang.pick("状态", "Status")),
            Span::styled(l.status.label(lang).to_string(), status_style(l.status)),
            Span::raw("  "),
            label(lang.pick("牵头单位", "Lead unit")),
            Span::raw(clean(&l.lead_unit)),
        ]),
        Line::from(label(lang.pick("关联举措", "Measures"))),
    ];
    for id in &l.measures {
        let line = match ctx.plan.measures.iter().position(|m| &m.id == id) {
            Some(i) => {
                let light = ctx.lights.light(i);
                vec![
                    Span::raw(format!("  {id} ")),
                    Span::styled(
                        light_glyph(light, lang),
                        Style::default().fg(light_color(light)),
                    ),
                    Span::raw(format!(" {}", clean(&ctx.plan.measures[i].title))),
                ]
            }
            None => vec![Span::raw(format!("  {id}"))],
        };
        // One row per measure: a long title is cut, the tree has it in full.
        lines.push(clip_line(line, cols));
    }
    let heading = match lang {
        Lang::Zh => format!("佐证材料（{}项）", l.evidence.len()),
        Lang::En => format!("Evidence ({})", l.evidence.len()),
    };
    lines.push(Line::from(label(&heading)));
    if l.evidence.is_empty() {
        lines.push(Line::styled(
            lang.pick("  尚无：按 e 补充", "  none yet: e adds some"),
            Style::default().fg(Color::DarkGray),
        ));
    }
    for e in &l.evidence {
        lines.push(Line::raw(format!("  · {}", clean(e))));
    }
    lines
}

/// The landmarks screen.
pub const LANDMARK_KEYS: &[Binding] = &[
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
        &[Key::plain(KeyCode::Left), Key::ch('h')],
        Action::PrevYear,
        "上一年",
        "previous year",
    ),
    bind(
        &[Key::plain(KeyCode::Right), Key::ch('l')],
        Action::NextYear,
        "下一年",
        "next year",
    ),
    bind(&[Key::ch('a')], Action::NewLandmark, "新增", "add"),
    bind(
        &[Key::ch('e'), Key::plain(KeyCode::Enter)],
        Action::OpenForm,
        "编辑",
        "edit",
    ),
    bind(&[Key::ch('x')], Action::RemoveLandmark, "删除", "remove"),
    bind(
        &[Key::plain(KeyCode::Esc), Key::ch('q'), Key::ch('L')],
        Action::Cancel,
        "返回",
        "back",
    ),
    bind(&[Key::ch('?')], Action::ToggleHelp, "帮助", "help"),
];

/// The landmarks screen in the help.
pub const SECTION: Section = Section {
    zh: "标志性成果（L）",
    en: "Landmarks (L)",
    keys: LANDMARK_KEYS,
};
