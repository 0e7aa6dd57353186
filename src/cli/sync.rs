//! Sharing: `merge-file`, the git merge driver that merges plan files field by field.

use std::path::Path;

use super::table::printable;
use super::{CliResult, Context, Failure};
use crate::merge::Side;
use crate::model::Lang;
use crate::store::merge_file::{FileConflict, merge_file};

/// One conflict as a line: `A3-02@2026-11.light：本方 "Yellow"，对方 "Red"`.
pub(super) fn conflict_line(c: &FileConflict, lang: Lang) -> String {
    let show = |v: &serde_json::Value| match v {
        serde_json::Value::Null => lang.pick("（无）", "(none)").to_string(),
        other => other.to_string(),
    };
    match lang {
        Lang::Zh => format!(
            "{}：本方 {}，对方 {}",
            c.key(),
            show(&c.conflict.ours),
            show(&c.conflict.theirs)
        ),
        Lang::En => format!(
            "{}: ours {}, theirs {}",
            c.key(),
            show(&c.conflict.ours),
            show(&c.conflict.theirs)
        ),
    }
}

/// `taskforce merge-file BASE OURS THEIRS PATH`, as git calls a merge driver (`%O %A %B %P`):
/// the field-level merge of the three versions is written to OURS. With a conflict, OURS keeps
/// our value of each conflicting field (never conflict markers), the conflicts are listed and
/// the exit code is 1, so git reports the file as conflicted.
pub fn merge_file_driver(
    ctx: &Context,
    base: &Path,
    ours: &Path,
    theirs: &Path,
    path: &str,
) -> CliResult {
    let read = |p: &Path| -> Result<Option<Vec<u8>>, Failure> {
        match std::fs::read(p) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e.into()),
        }
    };
    let (b, o, t) = (read(base)?, read(ours)?, read(theirs)?);
    // Git passes an empty file for a side where the path does not exist.
    let absent = |v: Option<Vec<u8>>| v.filter(|b| !b.is_empty());
    let (b, o, t) = (absent(b), absent(o), absent(t));
    let merged = merge_file(path, b.as_deref(), o.as_deref(), t.as_deref(), &|_| {
        None::<Side>
    });
    if let Some(bytes) = &merged.bytes
        && Some(bytes) != o.as_ref()
    {
        crate::store::write_atomic(ours, bytes)?;
    }
    if merged.conflicts.is_empty() {
        return Ok(());
    }
    let lines: Vec<String> = merged
        .conflicts
        .iter()
        .map(|c| printable(&conflict_line(c, ctx.lang)))
        .collect();
    Err(Failure {
        code: 1,
        message: match ctx.lang {
            Lang::Zh => format!(
                "{path}：同一字段两边改得不同，保留了本方的值：\n  {}\n用 taskforce sync --take ours|theirs 字段 解决，或在 git 中选定一方后提交。",
                lines.join("\n  ")
            ),
            Lang::En => format!(
                "{path}: the same field was changed differently on both sides; our value was kept:\n  {}\nResolve with taskforce sync --take ours|theirs FIELD, or pick a side in git and commit.",
                lines.join("\n  ")
            ),
        },
    })
}
