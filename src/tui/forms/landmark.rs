//! The landmark form: one of the year's landmark achievements (标志性成果) — its name, lead
//! unit, linked measures, status and evidence — added or changed.

use super::field::{Field, Input, Inputs, Pick};
use super::{Form, Spec, Submission, title};
use crate::model::{Id, Landmark, Lang, Status};
use crate::store::{LandmarkEdit, LandmarkWrite};
use crate::tui::action::Effect;
use crate::tui::ctx::Ctx;
use crate::tui::node::Node;
use crate::tui::widgets::clip;

/// A name in the form's title is cut to this many columns, so the title fits its border.
const TITLE_COLS: usize = 30;

/// The fields, in order.
const FIELDS: [Field; 5] = [
    Field::Title,
    Field::Lead,
    Field::Measures,
    Field::Status,
    Field::Evidence,
];

/// A new landmark achievement of a year, or a change of one.
#[derive(Debug, Clone)]
pub struct LandmarkForm {
    /// The one changed; `None` for a new one.
    pub id: Option<Id>,
    pub year: i32,
}

fn statuses(lang: Lang) -> Vec<(Pick, String)> {
    Status::ALL
        .iter()
        .map(|&s| (Pick::Status(s), s.label(lang).to_string()))
        .collect()
}

impl Form {
    /// A new landmark achievement of `year`; the measure selected in the tree, if one is, is
    /// its first linked measure and gives the lead unit.
    pub fn new_landmark(year: i32, ctx: &Ctx) -> Form {
        let measure = match ctx.selected {
            Some(Node::Measure(id)) => ctx.plan.measure(id),
            _ => None,
        };
        let inputs = Inputs(vec![
            Input::text(Field::Title, ""),
            Input::text(
                Field::Lead,
                measure.map(|m| m.lead_unit.clone()).unwrap_or_default(),
            ),
            Input::text(
                Field::Measures,
                measure.map(|m| m.id.to_string()).unwrap_or_default(),
            ),
            Input::choice(
                Field::Status,
                statuses(ctx.lang),
                Pick::Status(Status::InProgress),
            ),
            Input::text(Field::Evidence, ""),
        ]);
        Form::new(LandmarkForm { id: None, year }, inputs, Field::Title)
    }

    /// A change of `l`, filled with what it holds.
    pub fn landmark(l: &Landmark, ctx: &Ctx) -> Form {
        let measures: Vec<&str> = l.measures.iter().map(Id::as_str).collect();
        let inputs = Inputs(vec![
            Input::text(Field::Title, l.title.clone()),
            Input::text(Field::Lead, l.lead_unit.clone()),
            Input::text(Field::Measures, measures.join("、")),
            Input::choice(Field::Status, statuses(ctx.lang), Pick::Status(l.status)),
            Input::text(Field::Evidence, l.evidence.join("\n")),
        ]);
        let spec = LandmarkForm {
            id: Some(l.id.clone()),
            year: l.year,
        };
        Form::new(spec, inputs, Field::Status)
    }
}

/// The measure ids of `text`, separated by 、 , ; or spaces; lower case is read as upper.
pub fn measure_ids(text: &str, lang: Lang) -> Result<Vec<Id>, String> {
    let mut ids: Vec<Id> = Vec::new();
    for part in text.split(|c: char| "、,，;；".contains(c) || c.is_whitespace()) {
        if part.is_empty() {
            continue;
        }
        let id = Id::parse(&part.to_ascii_uppercase()).map_err(|_| {
            let label = Field::Measures.label(lang);
            match lang {
                Lang::Zh => format!("{label}须为举措编号（如 A3-02）：{part}"),
                Lang::En => format!("{label} must be measure ids (A3-02): {part}"),
            }
        })?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

impl LandmarkForm {
    /// The write, or a message about an invalid value. Lists are sent whole: the store keeps
    /// what did not change out of the commit.
    pub fn write(&self, inputs: &Inputs, lang: Lang) -> Result<LandmarkWrite, String> {
        if inputs.text(Field::Title).trim().is_empty() {
            return Err(lang
                .pick("请填写标志性成果的名称", "the landmark's title is empty")
                .into());
        }
        let evidence = inputs
            .text(Field::Evidence)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        let status = match inputs.pick(Field::Status) {
            Pick::Status(s) => Some(s),
            _ => None,
        };
        let edit = LandmarkEdit {
            title: Some(inputs.text(Field::Title).trim().to_string()),
            measures: Some(measure_ids(inputs.text(Field::Measures), lang)?),
            lead: inputs.some(Field::Lead),
            evidence: Some(evidence),
            status,
        };
        Ok(match &self.id {
            Some(id) => LandmarkWrite::Set {
                id: id.clone(),
                edit,
            },
            None => LandmarkWrite::Add {
                year: self.year,
                edit,
            },
        })
    }
}

impl Spec for LandmarkForm {
    fn title(&self, ctx: &Ctx) -> String {
        let lang = ctx.lang;
        match &self.id {
            Some(id) => {
                let name = ctx
                    .plan
                    .landmarks
                    .iter()
                    .find(|l| &l.id == id)
                    .map(|l| clip(&l.title, TITLE_COLS))
                    .unwrap_or_default();
                title(lang.pick("标志性成果", "Landmark"), id.as_str(), &name)
            }
            None => title(
                lang.pick("新增标志性成果", "New landmark"),
                &match lang {
                    Lang::Zh => format!("{}年", self.year),
                    Lang::En => self.year.to_string(),
                },
                "",
            ),
        }
    }

    fn fields(&self, _inputs: &Inputs) -> Vec<Field> {
        FIELDS.to_vec()
    }

    fn hint(&self, _inputs: &Inputs, lang: Lang) -> Option<&'static str> {
        Some(lang.pick(
            "关联举措填编号，用、分隔（如 A3-02、A3-05）；佐证材料每行一项（Alt-Enter 换行）",
            "measures by id, separated by 、 (A3-02、A3-05); evidence one piece a line (Alt-Enter for a new line)",
        ))
    }

    fn submit(&self, inputs: &Inputs, ctx: &Ctx) -> Result<Submission, String> {
        let write = self.write(inputs, ctx.lang)?;
        Ok(Submission {
            preview: Effect::PreviewLandmark(write.clone()),
            commit: Effect::WriteLandmark(write),
        })
    }
}
