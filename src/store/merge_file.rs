//! The field-level merge of one file of the plan: parse the three versions as the plan object
//! their path names, merge field by field ([`crate::merge`]), write the result canonically.
//! Used by `sync` for every file both sides changed, and by `merge-file`, the git merge
//! driver, so a plain `git pull` merges the same way.

use serde::Serialize;

use super::load::{canonical_from_json, typed_json};
use crate::merge::{Conflict, Side, merge};
use crate::model::Period;

/// The result of merging one file.
#[derive(Debug, Clone, PartialEq)]
pub struct FileMerge {
    /// The merged bytes (`None`: the file is removed); with conflicts, our side's value for
    /// each conflicting field.
    pub bytes: Option<Vec<u8>>,
    /// The conflicts left, each with its object.
    pub conflicts: Vec<FileConflict>,
}

/// One conflicting field of one object of the plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileConflict {
    pub path: String,
    /// The object: `A3-02`, `units`; for reports and observations with the period.
    pub id: String,
    pub period: Option<Period>,
    #[serde(flatten)]
    pub conflict: Conflict,
}

impl FileConflict {
    /// The name `sync --take` uses: `A3-02.deadline`, `A3-02@2026-11.light`,
    /// `units.people[刘洋].unit`.
    pub fn key(&self) -> String {
        let object = match self.period {
            Some(p) => format!("{}@{p}", self.id),
            None => self.id.clone(),
        };
        format!("{object}.{}", self.conflict.field)
    }
}

/// The object a path holds: its id and period, from whichever version parses.
fn object_of(path: &str, versions: &[Option<&[u8]>]) -> (String, Option<Period>) {
    versions
        .iter()
        .flatten()
        .find_map(|b| typed_json(path, b).map(|(id, period, _)| (id, period)))
        .unwrap_or_else(|| (path.to_string(), None))
}

/// Merges the three versions of the file at `path` (`None`: absent). `choose` picks a side for
/// a conflict by its [`FileConflict::key`]. A file that is not a plan object, or a version that
/// does not parse, merges only when the sides agree or one side left it unchanged.
pub fn merge_file(
    path: &str,
    base: Option<&[u8]>,
    ours: Option<&[u8]>,
    theirs: Option<&[u8]>,
    choose: &dyn Fn(&str) -> Option<Side>,
) -> FileMerge {
    let (id, period) = object_of(path, &[ours, theirs, base]);
    let object = match period {
        Some(p) => format!("{id}@{p}"),
        None => id.clone(),
    };
    let whole = |b: Option<&[u8]>, o: Option<&[u8]>, t: Option<&[u8]>| {
        if o == t || b == t {
            return FileMerge {
                bytes: o.map(<[u8]>::to_vec),
                conflicts: Vec::new(),
            };
        }
        if b == o {
            return FileMerge {
                bytes: t.map(<[u8]>::to_vec),
                conflicts: Vec::new(),
            };
        }
        let text = |v: Option<&[u8]>| {
            v.map_or(serde_json::Value::Null, |b| {
                serde_json::Value::String(String::from_utf8_lossy(b).into_owned())
            })
        };
        match choose(&format!("{object}.*")) {
            Some(Side::Theirs) => FileMerge {
                bytes: t.map(<[u8]>::to_vec),
                conflicts: Vec::new(),
            },
            Some(Side::Ours) => FileMerge {
                bytes: o.map(<[u8]>::to_vec),
                conflicts: Vec::new(),
            },
            None => FileMerge {
                bytes: o.map(<[u8]>::to_vec),
                conflicts: vec![FileConflict {
                    path: path.to_string(),
                    id: id.clone(),
                    period,
                    conflict: Conflict {
                        field: "*".into(),
                        base: text(b),
                        ours: text(o),
                        theirs: text(t),
                    },
                }],
            },
        }
    };
    let parse = |v: Option<&[u8]>| -> Option<Option<serde_json::Value>> {
        match v {
            None => Some(None),
            Some(b) => typed_json(path, b).map(|(_, _, json)| Some(json)),
        }
    };
    let (Some(b), Some(o), Some(t)) = (parse(base), parse(ours), parse(theirs)) else {
        return whole(base, ours, theirs);
    };
    let merged = merge(b.as_ref(), o.as_ref(), t.as_ref(), &|field: &str| {
        choose(&format!("{object}.{field}"))
    });
    let bytes = match merged.value {
        None => None,
        Some(value) => match canonical_from_json(path, value) {
            Some(Ok(text)) => Some(text.into_bytes()),
            // The merged fields do not make an object of this kind: keep ours whole.
            _ => return whole(base, ours, theirs),
        },
    };
    FileMerge {
        bytes,
        conflicts: merged
            .conflicts
            .into_iter()
            .map(|conflict| FileConflict {
                path: path.to_string(),
                id: id.clone(),
                period,
                conflict,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(light: &str, problems: &str, percent: &str) -> Vec<u8> {
        format!(
            r#"(schema: 1, item: "A3-02", period: "2026-11", light: {light}, status: None,
            percent: {percent}, progress: "", problems: "{problems}", next_steps: "", asks: "",
            reported_by: "张三", reported_on: "2026-11-20")"#
        )
        .into_bytes()
    }

    #[test]
    fn a_report_merges_field_by_field_and_is_written_canonically() {
        let path = "status/monthly/2026-11/A3/A3-02.ron";
        let base = report("None", "", "None");
        let ours = report("Some(Yellow)", "", "None");
        let theirs = report("None", "选址难", "None");
        let m = merge_file(path, Some(&base), Some(&ours), Some(&theirs), &|_| None);
        assert!(m.conflicts.is_empty());
        let text = String::from_utf8(m.bytes.unwrap()).unwrap();
        assert!(text.contains("light: Some(Yellow)"), "{text}");
        assert!(text.contains("problems: \"选址难\""), "{text}");
        assert!(text.ends_with(")\n"));

        let theirs = report("Some(Red)", "", "Some(40)");
        let m = merge_file(path, Some(&base), Some(&ours), Some(&theirs), &|_| None);
        assert_eq!(m.conflicts.len(), 1);
        assert_eq!(m.conflicts[0].key(), "A3-02@2026-11.light");
        let m = merge_file(path, Some(&base), Some(&ours), Some(&theirs), &|k| {
            (k == "A3-02@2026-11.light").then_some(Side::Theirs)
        });
        let text = String::from_utf8(m.bytes.unwrap()).unwrap();
        assert!(text.contains("light: Some(Red)") && text.contains("percent: Some(40)"));
    }

    #[test]
    fn other_files_conflict_whole_unless_one_side_kept_them() {
        let m = merge_file(
            "minutes/M2026-11.md",
            Some(b"a"),
            Some(b"a"),
            Some(b"b"),
            &|_| None,
        );
        assert_eq!((m.bytes, m.conflicts.len()), (Some(b"b".to_vec()), 0));
        let m = merge_file(
            "minutes/M2026-11.md",
            Some(b"a"),
            Some(b"c"),
            Some(b"b"),
            &|_| None,
        );
        assert_eq!(m.conflicts.len(), 1);
        assert_eq!(m.conflicts[0].key(), "minutes/M2026-11.md.*");
    }
}
