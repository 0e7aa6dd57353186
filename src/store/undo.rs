//! Undo and redo as new commits, and recording hand edits with `commit`.

use std::path::Path;

use serde_json::Value;

use super::git::{FileChange, Identity};
use super::history::{Entry, FieldChange};
use super::load::typed_json;
use super::write::{Outcome, Prepared};
use super::{DirSource, Error, Reports, Result, Store, load};

/// Whether a revert undoes a change or redoes an undone one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevertKind {
    Undo,
    Redo,
}

/// A planned undo or redo: what it reverts and the files it restores.
#[derive(Debug, Clone)]
pub struct Revert {
    pub kind: RevertKind,
    /// The commit being reverted.
    pub target: Entry,
    /// The changes the revert will record (the target's, reversed).
    pub changes: Vec<FieldChange>,
    pub summary: String,
    /// Fields the target changed that a later commit changed again: reverting them would
    /// overwrite that later change, so the revert is refused while any is listed.
    pub blocked: Vec<LaterChange>,
    /// The meeting tag the revert removes (an undone close) or makes (a redone close).
    pub tag: Option<super::recover::TagOp>,
    head: git2::Oid,
    files: Vec<FileChange>,
}

/// A field the revert cannot restore because a later commit changed it again.
#[derive(Debug, Clone, PartialEq)]
pub struct LaterChange {
    /// The field's key: `A3-02@2026-12.light`, `A3-02.deadline`.
    pub key: String,
    /// The object (`A3-02`), its period for reports, and the field (`*`: the whole object,
    /// which one side removed).
    pub id: String,
    pub period: Option<String>,
    pub field: String,
    /// The later commits that changed the same object, newest first.
    pub by: Vec<Entry>,
}

impl LaterChange {
    /// The field in words: `A3-02 2026-12 亮灯`, `A3-02 2026-12 整条记录`.
    pub fn label(&self, lang: crate::model::Lang) -> String {
        format!(
            "{}{} {}",
            self.id,
            self.period
                .as_ref()
                .map(|p| format!(" {p}"))
                .unwrap_or_default(),
            match self.field.as_str() {
                "*" => lang.pick("整条记录", "the whole record"),
                f => crate::words::field_label(f, lang),
            }
        )
    }
}

impl Revert {
    /// The text shown before an undo or redo: what it reverts and each typed change (not yet made printable).
    pub fn preview(&self, lang: crate::model::Lang) -> String {
        let verb = match (self.kind, lang) {
            (RevertKind::Undo, crate::model::Lang::Zh) => "将撤销",
            (RevertKind::Redo, crate::model::Lang::Zh) => "将重做",
            (RevertKind::Undo, crate::model::Lang::En) => "will undo",
            (RevertKind::Redo, crate::model::Lang::En) => "will redo",
        };
        let t = &self.target;
        let short = t.commit.get(..8).unwrap_or(&t.commit);
        let mut text = format!(
            "{verb} {short} {} {} {}\n",
            t.time.format("%Y-%m-%d %H:%M"),
            t.author,
            t.summary
        );
        for c in &self.changes {
            text.push_str("    ");
            text.push_str(&super::history::describe_change(c, lang));
            text.push('\n');
        }
        match &self.tag {
            Some(super::recover::TagOp::Remove(name)) => text.push_str(&match lang {
                crate::model::Lang::Zh => format!("    删除标签 {name}（会议重新进行）\n"),
                crate::model::Lang::En => {
                    format!("    removes the tag {name} (the meeting is open again)\n")
                }
            }),
            Some(super::recover::TagOp::Make(name, _)) => text.push_str(&match lang {
                crate::model::Lang::Zh => format!("    加上标签 {name}\n"),
                crate::model::Lang::En => format!("    tags it {name}\n"),
            }),
            None => {}
        }
        for b in &self.blocked {
            let what = b.label(lang);
            text.push_str(&match lang {
                crate::model::Lang::Zh => format!("    无法撤销 {what}：之后又被修改"),
                crate::model::Lang::En => format!("    cannot revert {what}: changed again later"),
            });
            for e in &b.by {
                let short = e.commit.get(..8).unwrap_or(&e.commit);
                text.push_str(&format!(
                    "\n        {short} {} {} {}",
                    e.time.format("%Y-%m-%d %H:%M"),
                    e.author,
                    e.summary
                ));
            }
            text.push('\n');
        }
        text
    }
}

impl Store {
    /// The last change not yet undone, and how to revert it; `None` when there is nothing to undo.
    pub fn plan_undo(&self) -> Result<Option<Revert>> {
        let mut undone = std::collections::HashSet::new();
        for entry in self.history(None, None)? {
            if let Some(x) = entry.trailer("Undo-Of") {
                undone.insert(x.to_string());
                continue;
            }
            if undone.contains(&entry.commit) {
                continue;
            }
            let commit = self.repo.find_commit(git2::Oid::from_str(&entry.commit)?)?;
            if commit.parent_count() == 0 {
                return Ok(None);
            }
            let summary = format!("撤销：{}", entry.summary);
            return self.plan_revert(RevertKind::Undo, entry, summary).map(Some);
        }
        Ok(None)
    }

    /// How to revert any earlier change (`rev`: a commit id or its prefix, a tag): field by
    /// field, so later changes to other fields of the same files are kept; a field changed
    /// again later is listed in [`Revert::blocked`] with the commits that changed it.
    pub fn plan_revert_of(&self, rev: &str) -> Result<Revert> {
        let oid = self
            .repo
            .revparse_single(rev)
            .and_then(|o| o.peel_to_commit())
            .map_err(|_| super::Rejection::NoSuchChange { rev: rev.into() })?
            .id();
        let entry = self
            .history(None, None)?
            .into_iter()
            .find(|e| e.commit == oid.to_string())
            .ok_or_else(|| super::Rejection::NoSuchChange { rev: rev.into() })?;
        if self.repo.find_commit(oid)?.parent_count() != 1 {
            return Err(super::Rejection::NotRevertible {
                commit: entry.commit[..8].to_string(),
            }
            .into());
        }
        let summary = match entry.trailer("Undo-Of") {
            Some(_) => format!(
                "重做：{}",
                entry
                    .summary
                    .strip_prefix("撤销：")
                    .unwrap_or(&entry.summary)
            ),
            None => format!("撤销：{}", entry.summary),
        };
        let kind = if entry.trailer("Undo-Of").is_some() {
            RevertKind::Redo
        } else {
            RevertKind::Undo
        };
        self.plan_revert(kind, entry, summary)
    }

    /// The last undo not yet redone; `None` when the last change was not an undo.
    pub fn plan_redo(&self) -> Result<Option<Revert>> {
        let mut redone = std::collections::HashSet::new();
        for entry in self.history(None, None)? {
            if let Some(u) = entry.trailer("Redo-Of") {
                redone.insert(u.to_string());
                continue;
            }
            if entry.trailer("Undo-Of").is_none() {
                return Ok(None);
            }
            if redone.contains(&entry.commit) {
                continue;
            }
            let original = entry
                .summary
                .strip_prefix("撤销：")
                .unwrap_or(&entry.summary)
                .to_string();
            return self
                .plan_revert(RevertKind::Redo, entry, format!("重做：{original}"))
                .map(Some);
        }
        Ok(None)
    }

    fn plan_revert(&self, kind: RevertKind, target: Entry, summary: String) -> Result<Revert> {
        let commit = self
            .repo
            .find_commit(git2::Oid::from_str(&target.commit)?)?;
        let parent = commit.parent(0)?;
        let (new_tree, old_tree) = (commit.tree()?, parent.tree()?);
        let diff = self
            .repo
            .diff_tree_to_tree(Some(&old_tree), Some(&new_tree), None)?;
        let head = self.repo.head()?.peel_to_commit()?;
        let head_tree = head.tree()?;
        let blob = |tree: &git2::Tree, path: &str| -> Result<Option<Vec<u8>>> {
            match tree.get_path(Path::new(path)) {
                Ok(e) => Ok(Some(self.repo.find_blob(e.id())?.content().to_vec())),
                Err(_) => Ok(None),
            }
        };
        let mut files = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut blocked_keys = Vec::new();
        for delta in diff.deltas() {
            for file in [delta.old_file(), delta.new_file()] {
                let Some(path) = file.path().and_then(Path::to_str) else {
                    continue;
                };
                if !seen.insert(path.to_string()) {
                    continue;
                }
                let (new, old, now) = (
                    blob(&new_tree, path)?,
                    blob(&old_tree, path)?,
                    blob(&head_tree, path)?,
                );
                // The revert is a merge: from the target's version (base) to what HEAD holds
                // (ours) and to what it replaced (theirs). A field changed only by the target
                // goes back; one changed again later is a conflict.
                let merged = super::merge_file::merge_file(
                    path,
                    new.as_deref(),
                    now.as_deref(),
                    old.as_deref(),
                    &|_| None,
                );
                if merged.conflicts.is_empty() {
                    if merged.bytes != now {
                        files.push(FileChange {
                            path: path.to_string(),
                            bytes: merged.bytes,
                        });
                    }
                } else {
                    blocked_keys.extend(merged.conflicts);
                }
            }
        }
        let blocked = if blocked_keys.is_empty() {
            Vec::new()
        } else {
            // The later commits that changed each blocked object, newest first.
            let later: Vec<Entry> = self
                .history(None, None)?
                .into_iter()
                .take_while(|e| e.commit != target.commit)
                .collect();
            blocked_keys
                .into_iter()
                .map(|c| LaterChange {
                    by: later
                        .iter()
                        .filter(|e| e.changes.iter().any(|ch| ch.id == c.id))
                        .cloned()
                        .collect(),
                    key: c.key(),
                    period: c.period.map(|p| p.to_string()),
                    field: c.conflict.field.clone(),
                    id: c.id,
                })
                .collect()
        };
        let changes: Vec<FieldChange> = target
            .changes
            .iter()
            .map(|c| FieldChange {
                from: c.to.clone(),
                to: c.from.clone(),
                ..c.clone()
            })
            .collect();
        let tag = self.revert_tag(&changes, &files)?;
        Ok(Revert {
            kind,
            target,
            changes,
            summary,
            blocked,
            tag,
            head: head.id(),
            files,
        })
    }

    /// The meeting tag a revert removes or makes: undoing a close removes the tag that marks
    /// it; redoing a close (reverting its undo) tags the redo.
    fn revert_tag(
        &self,
        changes: &[FieldChange],
        files: &[FileChange],
    ) -> Result<Option<super::recover::TagOp>> {
        use super::recover::TagOp;
        let Some(closed) = changes.iter().find(|c| c.field == "closed") else {
            return Ok(None);
        };
        let Some(meeting) = files.iter().find_map(|f| {
            let bytes = f.bytes.as_deref()?;
            super::codec::parse::<crate::model::Meeting>(&f.path, bytes).ok()
        }) else {
            return Ok(None);
        };
        let name = super::meetings::meeting_tag(meeting.kind, meeting.period);
        if closed.to == Value::Bool(false) {
            let exists = self
                .repo
                .find_reference(&format!("refs/tags/{name}"))
                .is_ok();
            return Ok(exists.then_some(TagOp::Remove(name)));
        }
        let kind = crate::model::meeting_kind_label(meeting.kind, crate::model::Lang::Zh);
        Ok(Some(TagOp::Make(name, format!("{kind} {}\n", meeting.id))))
    }

    /// Commits a planned undo or redo, unless the plan moved since it was planned.
    pub fn apply_revert(&self, revert: &Revert, author: &Identity) -> Result<Outcome> {
        self.write(author, || {
            if self.repo.head()?.peel_to_commit()?.id() != revert.head {
                return Err(super::Rejection::ChangedSincePreview.into());
            }
            if let Some(b) = revert.blocked.first() {
                return Err(super::Rejection::ChangedLater {
                    commit: revert.target.commit[..8].to_string(),
                    path: b.label(self.lang()),
                }
                .into());
            }
            for f in &revert.files {
                self.ensure_clean(&f.path)?;
            }
            let key = match revert.kind {
                RevertKind::Undo => "Undo-Of",
                RevertKind::Redo => "Redo-Of",
            };
            let body = format!(
                "{} {} ({})",
                if revert.kind == RevertKind::Undo {
                    "撤销提交"
                } else {
                    "重做被撤销的提交"
                },
                &revert.target.commit[..12],
                revert.target.summary
            );
            let mut p = Prepared::new(
                revert.files.clone(),
                revert.summary.clone(),
                &body,
                revert.changes.clone(),
                vec![(key.into(), revert.target.commit.clone())],
            );
            p.tag = revert.tag.clone();
            Ok(Some(p))
        })
    }

    /// Files that differ between HEAD and the work tree (or index), repository-relative.
    pub fn dirty_paths(&self) -> Result<Vec<String>> {
        let mut index = self.repo.index()?;
        index.read(false)?;
        let mut opts = git2::StatusOptions::new();
        opts.include_untracked(true)
            .recurse_untracked_dirs(true)
            .include_ignored(false);
        let statuses = self.repo.statuses(Some(&mut opts))?;
        let mut out: Vec<String> = statuses
            .iter()
            .filter_map(|s| s.path().ok().map(str::to_string))
            .filter(|p| !is_temp_file(p))
            .collect();
        out.sort();
        Ok(out)
    }

    /// Validates hand-edited plan files as `check` does and commits them as one change. Only
    /// plan files are recorded; any other changed file is named and left alone. An index entry
    /// that is merely stale (the work tree equals HEAD) is put right, not committed.
    pub fn commit_hand_edits(&self, text: &str, author: &Identity) -> Result<Outcome> {
        self.write(author, || self.prepare_hand_edits(text))
    }

    /// The commit of the hand-edited plan files, after the checks `commit_hand_edits` makes.
    fn prepare_hand_edits(&self, text: &str) -> Result<Option<Prepared>> {
        let dirty = self.dirty_paths()?;
        let (plan_paths, others): (Vec<String>, Vec<String>) = dirty
            .into_iter()
            .partition(|p| super::layout::is_plan_file(p));
        let mut paths = Vec::new();
        let mut stale = Vec::new();
        for path in plan_paths {
            let in_head = self
                .repo
                .head()?
                .peel_to_tree()?
                .get_path(Path::new(&path))
                .ok()
                .map(|e| e.id());
            let in_tree = self.tree_oid(&path)?;
            if in_tree == in_head {
                stale.push((path, in_head));
            } else {
                paths.push(path);
            }
        }
        if !stale.is_empty() {
            let held = self.index_lock()?;
            self.write_index(&held, &stale)?;
        }
        if !others.is_empty() {
            let text = match self.lang() {
                crate::model::Lang::Zh => {
                    format!("以下文件不是计划文件，未记录：{}", others.join("、"))
                }
                crate::model::Lang::En => {
                    format!("not plan files, not recorded: {}", others.join(", "))
                }
            };
            if paths.is_empty() {
                return Err(Error::Refused(text));
            }
            self.notice(text);
        }
        if paths.is_empty() {
            return Ok(None);
        }
        let (_, problems) = load(&DirSource::new(&self.root), Reports::All);
        if problems.is_empty() {
            self.notice(match self.lang() {
                crate::model::Lang::Zh => format!("记录的计划文件：{}", paths.join("、")),
                crate::model::Lang::En => format!("plan files recorded: {}", paths.join(", ")),
            });
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        let mut files = Vec::new();
        let mut changes = Vec::new();
        for path in &paths {
            let full = self.root.join(path);
            let new = match super::durable::read_nofollow(&full) {
                Ok(b) => Some(b),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(e) => return Err(super::io_error(&full)(e)),
            };
            let old = self.head_bytes(path)?;
            // A default (默认) changed by hand is a value a person set: it loses its mark.
            let new = match (&old, new) {
                (Some(o), Some(n)) => Some(confirm_hand_set(path, o, n)?),
                (_, n) => n,
            };
            let typed = |b: &Option<Vec<u8>>| b.as_deref().and_then(|b| typed_json(path, b));
            let (old_t, new_t) = (typed(&old), typed(&new));
            if let Some((id, period, _)) = new_t.as_ref().or(old_t.as_ref()) {
                let to_map = |t: &Option<(String, Option<crate::model::Period>, Value)>| {
                    t.as_ref().map(|(_, _, v)| v.clone())
                };
                let (a, b) = (to_map(&old_t), to_map(&new_t));
                for (field, from, to) in super::history::diff_fields(a.as_ref(), b.as_ref()) {
                    if period.is_some() && matches!(field.as_str(), "item" | "period" | "indicator")
                    {
                        continue;
                    }
                    changes.push(FieldChange {
                        id: id.clone(),
                        cycle: period.map(|p| p.cycle().key().to_string()),
                        period: period.map(|p| p.to_string()),
                        field,
                        from,
                        to,
                    });
                }
            }
            files.push(FileChange {
                path: path.clone(),
                bytes: new,
            });
        }
        let text = super::error::clean(super::Field::Message, text)?;
        let summary = text.lines().next().unwrap_or("").trim().to_string();
        if summary.is_empty() {
            return Err(super::Rejection::Empty {
                field: super::Field::Message,
            }
            .into());
        }
        let mut body = text
            .lines()
            .skip(1)
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_string();
        body.push_str(&format!(
            "\n\n手工修改的文件：\n{}",
            paths
                .iter()
                .map(|p| format!("  {p}"))
                .collect::<Vec<_>>()
                .join("\n")
        ));
        let extra = vec![("Hand-Edit".into(), "true".into())];
        Ok(Some(Prepared::new(files, summary, &body, changes, extra)))
    }
}

/// Temporary files of an interrupted atomic write (`.A3-02.ron.tmp-1234`): never data.
fn is_temp_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.starts_with('.')
        && name
            .rsplit_once(".tmp-")
            .is_some_and(|(_, pid)| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
}

/// The bytes to commit for a hand-edited file: a measure whose start, deadline, cadence or
/// status was changed by hand no longer marks that field as a default (rewritten in canonical
/// form); anything else is committed as edited.
fn confirm_hand_set(path: &str, old: &[u8], new: Vec<u8>) -> Result<Vec<u8>> {
    use crate::model::{Assumed, Measure};
    if !path.starts_with(super::layout::MEASURES) {
        return Ok(new);
    }
    let (Ok(before), Ok(mut after)) = (
        super::codec::parse::<Measure>(path, old),
        super::codec::parse::<Measure>(path, &new),
    ) else {
        return Ok(new);
    };
    let changed = |f: Assumed| match f {
        Assumed::Start => before.start != after.start,
        Assumed::Deadline => before.deadline != after.deadline,
        Assumed::Cadence => before.cadence != after.cadence,
        Assumed::Status => before.status != after.status,
    };
    let set: Vec<Assumed> = after
        .assumed
        .iter()
        .copied()
        .filter(|f| changed(*f))
        .collect();
    if set.is_empty() {
        return Ok(new);
    }
    for f in set {
        after.confirm(f);
    }
    super::codec::to_canonical(&after)
        .map(String::into_bytes)
        .map_err(|e| Error::Said {
            zh: "无法写成 RON 格式，未写入任何内容".into(),
            en: format!("cannot serialize: {e}"),
        })
}
