//! Landmark achievements (标志性成果): at most ten a year, each tied to measures. One commit
//! per add, change or removal; each can be previewed first (the summary it would commit,
//! after the same checks).

use super::error::{Field, Purpose, Rejection, clean};
use super::git::{FileChange, Identity};
use super::labels::field_label;
use super::write::{
    Outcome, Prepared, Scope, bad_id, check_plan_year, check_unit, field_changes, put, short,
};
use super::{Error, Reports, Result, Store, layout};
use crate::model::{Id, Landmark, Lang, Plan, SCHEMA, Status};

/// Fields of a landmark achievement; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LandmarkEdit {
    pub title: Option<String>,
    pub measures: Option<Vec<Id>>,
    pub lead: Option<String>,
    pub evidence: Option<Vec<String>>,
    pub status: Option<Status>,
}

/// At most this many landmark achievements a year (每年滚动打造“十大改革标志性成果”).
pub const LANDMARKS_PER_YEAR: usize = 10;

/// One write of a landmark achievement, as a front end asks for it.
#[derive(Debug, Clone, PartialEq)]
pub enum LandmarkWrite {
    /// A new one for `year`.
    Add { year: i32, edit: LandmarkEdit },
    /// A change of `id`.
    Set { id: Id, edit: LandmarkEdit },
    /// The removal of `id`.
    Remove { id: Id },
}

impl Store {
    /// The summary `write_landmark` would commit, after the same checks; nothing is written.
    /// `None` when nothing would change.
    pub fn preview_landmark(&self, write: &LandmarkWrite) -> Result<Option<String>> {
        Ok(self.prepare_landmark(write)?.map(|p| p.summary))
    }

    /// Makes one landmark write. One commit.
    pub fn write_landmark(&self, write: &LandmarkWrite, author: &Identity) -> Result<Outcome> {
        self.write(author, || self.prepare_landmark(write))
    }

    /// Checks a landmark write and builds its file and commit message; `None` when nothing
    /// would change.
    fn prepare_landmark(&self, write: &LandmarkWrite) -> Result<Option<Prepared>> {
        match write {
            LandmarkWrite::Add { year, edit } => {
                Ok(Some(self.prepare_add(*year, edit)?.with_value(())))
            }
            LandmarkWrite::Set { id, edit } => self.prepare_set(id, edit),
            LandmarkWrite::Remove { id } => self.prepare_remove(id).map(Some),
        }
    }

    fn check_landmark(&self, plan: &Plan, l: &Landmark) -> Result<()> {
        if l.title.trim().is_empty() {
            return Err(Rejection::Empty {
                field: Field::Title,
            }
            .into());
        }
        check_unit(&plan.roster, Field::Lead, &l.lead_unit)?;
        for m in &l.measures {
            if plan.measure(m).is_none() {
                return Err(Rejection::NoSuchMeasure {
                    field: Field::Measure,
                    id: m.to_string(),
                }
                .into());
            }
        }
        if l.measures.is_empty() {
            return Err(Rejection::Required {
                field: Field::Measure,
                purpose: Purpose::Landmark,
            }
            .into());
        }
        Ok(())
    }

    /// Adds a landmark achievement for `year` (at most ten a year). One commit.
    pub fn landmark_add(
        &self,
        year: i32,
        edit: &LandmarkEdit,
        author: &Identity,
    ) -> Result<(Outcome, Id)> {
        self.write_new(author, || self.prepare_add(year, edit))
    }

    /// Checks a new landmark achievement and builds its file and message.
    fn prepare_add(&self, year: i32, edit: &LandmarkEdit) -> Result<Prepared<Id>> {
        let plan = self.load_valid(Reports::All)?;
        let of_year: Vec<&Landmark> = plan.landmarks.iter().filter(|l| l.year == year).collect();
        if of_year.len() >= LANDMARKS_PER_YEAR {
            return Err(Rejection::TooManyLandmarks {
                year,
                count: of_year.len(),
                max: LANDMARKS_PER_YEAR,
            }
            .into());
        }
        check_plan_year(&plan, year)?;
        let mut n = 1;
        let id = loop {
            let id = Id::parse(&format!("L{year}-{n:02}")).map_err(bad_id)?;
            if !plan.landmarks.iter().any(|l| l.id == id) {
                break id;
            }
            n += 1;
        };
        let landmark = Landmark {
            schema: SCHEMA,
            id: id.clone(),
            year,
            title: clean(Field::Title, edit.title.as_deref().unwrap_or(""))?,
            measures: edit.measures.clone().unwrap_or_default(),
            lead_unit: edit.lead.clone().ok_or(Rejection::Required {
                field: Field::Lead,
                purpose: Purpose::Landmark,
            })?,
            evidence: edit
                .evidence
                .iter()
                .flatten()
                .map(|e| clean(Field::Evidence, e))
                .collect::<Result<Vec<_>, _>>()?,
            status: edit.status.unwrap_or(Status::NotStarted),
        };
        self.check_landmark(&plan, &landmark)?;
        let path = layout::landmark(&id, year);
        self.ensure_clean(&path)?;
        let changes = field_changes(id.as_str(), Scope::Object, None, Some(&landmark));
        let summary = format!("标志性成果 {id}：{}", short(&landmark.title));
        let file = put(path, &landmark)?;
        Ok(Prepared::new(vec![file], summary, "", changes, Vec::new()).with_value(id))
    }

    /// Changes a landmark achievement. One commit.
    pub fn landmark_set(&self, id: &Id, edit: &LandmarkEdit, author: &Identity) -> Result<Outcome> {
        self.write_landmark(
            &LandmarkWrite::Set {
                id: id.clone(),
                edit: edit.clone(),
            },
            author,
        )
    }

    /// Checks a change of a landmark achievement and builds its file and commit message;
    /// `None` when nothing would change.
    fn prepare_set(&self, id: &Id, edit: &LandmarkEdit) -> Result<Option<Prepared>> {
        let plan = self.load_valid(Reports::All)?;
        let old = plan
            .landmarks
            .iter()
            .find(|l| &l.id == id)
            .cloned()
            .ok_or_else(|| Error::NotFound(id.clone()))?;
        let mut l = old.clone();
        if let Some(t) = &edit.title {
            l.title = clean(Field::Title, t)?;
        }
        if let Some(m) = &edit.measures {
            l.measures = m.clone();
        }
        if let Some(u) = &edit.lead {
            l.lead_unit = u.clone();
        }
        if let Some(e) = &edit.evidence {
            l.evidence = e
                .iter()
                .map(|x| clean(Field::Evidence, x))
                .collect::<Result<Vec<_>, _>>()?;
        }
        if let Some(s) = edit.status {
            l.status = s;
        }
        self.check_landmark(&plan, &l)?;
        let path = layout::landmark(id, l.year);
        self.ensure_clean(&path)?;
        let changes = field_changes(id.as_str(), Scope::Object, Some(&old), Some(&l));
        if changes.is_empty() {
            return Ok(None);
        }
        let fields: Vec<&str> = changes
            .iter()
            .map(|c| field_label(&c.field, Lang::Zh))
            .collect();
        let summary = format!("标志性成果 {id} 调整 {}", fields.join("、"));
        let file = put(path, &l)?;
        Ok(Some(Prepared::new(
            vec![file],
            summary,
            &l.title,
            changes,
            Vec::new(),
        )))
    }

    /// Removes a landmark achievement. One commit.
    pub fn landmark_remove(&self, id: &Id, author: &Identity) -> Result<Outcome> {
        self.write_landmark(&LandmarkWrite::Remove { id: id.clone() }, author)
    }

    /// Checks the removal of a landmark achievement and builds its commit message.
    fn prepare_remove(&self, id: &Id) -> Result<Prepared> {
        let plan = self.load_valid(Reports::All)?;
        let old = plan
            .landmarks
            .iter()
            .find(|l| &l.id == id)
            .cloned()
            .ok_or_else(|| Error::NotFound(id.clone()))?;
        let path = layout::landmark(id, old.year);
        self.ensure_clean(&path)?;
        let changes = field_changes(id.as_str(), Scope::Object, Some(&old), None);
        let summary = format!("删除标志性成果 {id}：{}", short(&old.title));
        let file = FileChange { path, bytes: None };
        Ok(Prepared::new(vec![file], summary, "", changes, Vec::new()))
    }
}
