//! Typed history: commit messages carry trailers (`Item:`, `Field:`, `From:`, `To:` ...), so the
//! history of one item is read from messages, never from diffing whole trees.

use chrono::{DateTime, FixedOffset, TimeZone};
use serde::Serialize;
use serde_json::Value;

use super::{Result, Store};

/// One field of one item changed by a commit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    pub id: String,
    /// For cycle reports: `weekly`, `monthly` or `quarterly`.
    pub cycle: Option<String>,
    pub period: Option<String>,
    pub field: String,
    pub from: Value,
    pub to: Value,
}

/// A commit with its typed changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub commit: String,
    pub author: String,
    pub email: String,
    pub time: DateTime<FixedOffset>,
    pub summary: String,
    /// `Undo-Of`, `Redo-Of`, `Meeting` and other commit-level trailers.
    pub trailers: Vec<(String, String)>,
    pub changes: Vec<FieldChange>,
}

impl Entry {
    /// The value of a commit-level trailer.
    pub fn trailer(&self, key: &str) -> Option<&str> {
        self.trailers
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// The field-level differences between two versions of an object (absent = `None`).
pub fn diff_fields<T: Serialize>(old: Option<&T>, new: Option<&T>) -> Vec<(String, Value, Value)> {
    let to_map = |v: Option<&T>| match v.map(serde_json::to_value) {
        Some(Ok(Value::Object(m))) => m,
        _ => serde_json::Map::new(),
    };
    let (old, new) = (to_map(old), to_map(new));
    let mut keys: Vec<&String> = new.keys().collect();
    keys.extend(old.keys().filter(|k| !new.contains_key(*k)));
    keys.into_iter()
        .filter(|k| k.as_str() != "schema")
        .filter_map(|k| {
            let a = old.get(k).cloned().unwrap_or(Value::Null);
            let b = new.get(k).cloned().unwrap_or(Value::Null);
            // A new object's empty fields are not changes worth recording.
            let empty = |v: &Value| {
                v.is_null() || v.as_str() == Some("") || v.as_array().is_some_and(|a| a.is_empty())
            };
            (a != b && !(empty(&a) && empty(&b))).then(|| (k.clone(), a, b))
        })
        .collect()
}

/// A trailer value on one line: JSON, so text with newlines and `null` stay unambiguous.
pub fn encode(value: &Value) -> String {
    value.to_string()
}

/// Builds a commit message: summary, blank line, body, blank line, trailers.
pub fn message(summary: &str, body: &str, trailers: &[(String, String)]) -> String {
    let mut m = String::from(summary.trim());
    m.push_str("\n\n");
    if !body.trim().is_empty() {
        m.push_str(body.trim_end());
        m.push_str("\n\n");
    }
    for (k, v) in trailers {
        m.push_str(&format!("{k}: {v}\n"));
    }
    m
}

/// Trailers for field changes of one item.
pub fn change_trailers(changes: &[FieldChange]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut last: Option<(&str, &Option<String>, &Option<String>)> = None;
    for c in changes {
        let key = (c.id.as_str(), &c.cycle, &c.period);
        if last != Some(key) {
            out.push(("Item".into(), c.id.clone()));
            if let Some(cy) = &c.cycle {
                out.push(("Cycle".into(), cy.clone()));
            }
            if let Some(p) = &c.period {
                out.push(("Period".into(), p.clone()));
            }
            last = Some(key);
        }
        out.push(("Field".into(), c.field.clone()));
        out.push(("From".into(), encode(&c.from)));
        out.push(("To".into(), encode(&c.to)));
    }
    out
}

const CHANGE_KEYS: [&str; 6] = ["Item", "Cycle", "Period", "Field", "From", "To"];

/// Reads the trailer block (the last paragraph) of a commit message.
pub fn parse_trailers(message: &str) -> Vec<(String, String)> {
    let last = message.trim_end().rsplit("\n\n").next().unwrap_or("");
    let mut out = Vec::new();
    for line in last.lines() {
        let Some((k, v)) = line.split_once(": ") else {
            return Vec::new();
        };
        if k.is_empty() || !k.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Vec::new();
        }
        out.push((k.to_string(), v.to_string()));
    }
    out
}

/// Splits trailers into field changes and commit-level trailers.
pub fn changes_of(trailers: &[(String, String)]) -> (Vec<FieldChange>, Vec<(String, String)>) {
    let mut changes = Vec::new();
    let mut other = Vec::new();
    let (mut id, mut cycle, mut period, mut field, mut from) =
        (String::new(), None, None, String::new(), Value::Null);
    let decode = |v: &str| serde_json::from_str(v).unwrap_or_else(|_| Value::String(v.to_string()));
    for (k, v) in trailers {
        match k.as_str() {
            "Item" => {
                id = v.clone();
                cycle = None;
                period = None;
            }
            "Cycle" => cycle = Some(v.clone()),
            "Period" => period = Some(v.clone()),
            "Field" => field = v.clone(),
            "From" => from = decode(v),
            "To" => changes.push(FieldChange {
                id: id.clone(),
                cycle: cycle.clone(),
                period: period.clone(),
                field: field.clone(),
                from: std::mem::take(&mut from),
                to: decode(v),
            }),
            _ => other.push((k.clone(), v.clone())),
        }
    }
    debug_assert!(CHANGE_KEYS.len() == 6);
    (changes, other)
}

/// One typed change as a line: `A3-02 周报 2026-W48 亮灯: 无 → 黄`.
pub fn describe_change(c: &FieldChange, lang: crate::model::Lang) -> String {
    crate::words::change_line(c, lang)
}

/// Where a history walk stops.
#[derive(Debug, Clone)]
pub enum Since {
    /// Stop at this commit (exclusive).
    Commit(git2::Oid),
    /// Stop at commits older than this time.
    Time(DateTime<FixedOffset>),
}

impl Store {
    /// Resolves `--since`: a revision (commit, tag, branch) or a date (YYYY-MM-DD, local midnight).
    pub fn since(&self, text: &str) -> Result<Since> {
        if let Ok(date) = text.parse::<chrono::NaiveDate>() {
            let local = chrono::Local
                .from_local_datetime(&date.and_hms_opt(0, 0, 0).unwrap_or_default())
                .earliest()
                .ok_or_else(|| {
                    super::Error::from(super::Rejection::BadDate {
                        field: super::Field::Since,
                        value: text.to_string(),
                    })
                })?;
            return Ok(Since::Time(local.fixed_offset()));
        }
        let oid = self
            .repo
            .revparse_single(text)
            .and_then(|o| o.peel_to_commit())
            .map_err(|_| {
                super::Error::from(super::Rejection::BadDate {
                    field: super::Field::Since,
                    value: text.to_string(),
                })
            })?
            .id();
        Ok(Since::Commit(oid))
    }

    /// Commits (newest first) with the items their trailers name, from a cache in
    /// `.git/taskforce-history` that is extended with new commits and rebuilt when history
    /// was rewritten or the file is damaged; so `log ID` reads only the commits of that item.
    /// With the head to write the cache for when it was not up to date (see [`write_index`]).
    #[allow(clippy::type_complexity)]
    fn item_index(&self) -> Result<(Vec<(git2::Oid, Vec<String>)>, Option<git2::Oid>)> {
        let path = self.repo.path().join(HISTORY_FILE);
        let head = self.repo.head()?.peel_to_commit()?.id();
        let (cached_head, mut entries) = read_index(&path).unwrap_or_default();
        if cached_head == Some(head) {
            return Ok((entries, None));
        }
        let valid =
            cached_head.is_some_and(|c| self.repo.graph_descendant_of(head, c).unwrap_or(false));
        let fresh = match cached_head {
            Some(c) if valid => {
                // A few new commits: a walk that stops at the cached head.
                let mut walk = self.repo.revwalk()?;
                walk.push(head)?;
                walk.hide(c)?;
                let odb = self.repo.odb()?;
                let mut fresh = Vec::new();
                for oid in walk {
                    let oid = oid?;
                    let raw = odb.read(oid)?;
                    fresh.push((oid, super::cache_history::parse_commit(raw.data()).items));
                }
                fresh.extend(entries);
                fresh
            }
            _ => {
                entries.clear();
                super::cache_history::index_all(&self.repo, head)?
            }
        };
        Ok((fresh, Some(head)))
    }

    fn entry(&self, oid: git2::Oid, item: Option<&str>) -> Result<Option<Entry>> {
        let commit = self.repo.find_commit(oid)?;
        let time = commit.time();
        let offset = FixedOffset::east_opt(time.offset_minutes() * 60)
            .unwrap_or(FixedOffset::east_opt(0).expect("zero offset"));
        let time = offset
            .timestamp_opt(time.seconds(), 0)
            .single()
            .unwrap_or_default();
        let trailers = parse_trailers(commit.message().unwrap_or(""));
        let (mut changes, other) = changes_of(&trailers);
        if let Some(item) = item {
            changes.retain(|c| c.id == item);
            if changes.is_empty() {
                return Ok(None);
            }
        }
        let author = commit.author();
        Ok(Some(Entry {
            commit: oid.to_string(),
            author: author.name().unwrap_or("").to_string(),
            email: author.email().unwrap_or("").to_string(),
            time,
            summary: commit.summary().ok().flatten().unwrap_or("").to_string(),
            trailers: other,
            changes,
        }))
    }

    /// The typed history, newest first: every commit, or those that touch `item`.
    pub fn history(&self, item: Option<&str>, since: Option<&Since>) -> Result<Vec<Entry>> {
        if let (Some(item), None) = (item, since)
            && !super::cache::disabled()
        {
            let (index, stale) = self.item_index()?;
            let git_dir = self.repo.path().to_path_buf();
            // The cache is written on another thread while this one reads the entries.
            return std::thread::scope(|s| {
                if let Some(head) = stale {
                    let (git_dir, index) = (&git_dir, &index);
                    s.spawn(move || write_index(git_dir, head, index));
                }
                // Git checks no object's hash when reading either.
                let _fast = super::cache_history::FastReads::start();
                let mut out = Vec::new();
                for (oid, items) in &index {
                    if items.iter().any(|i| i == item)
                        && let Some(e) = self.entry(*oid, Some(item))?
                    {
                        out.push(e);
                    }
                }
                Ok(out)
            });
        }
        self.history_from(None, item, since)
    }

    /// The newest `limit` entries of the typed history (commits without typed changes
    /// included, as [`Store::history`] lists them), reading only those commits: for a first
    /// paint, before the whole history is loaded.
    pub fn recent_history(&self, limit: usize) -> Result<Vec<Entry>> {
        let mut walk = self.repo.revwalk()?;
        walk.push_head()?;
        walk.set_sorting(git2::Sort::NONE)?;
        let mut out = Vec::new();
        for oid in walk.take(limit) {
            if let Some(entry) = self.entry(oid?, None)? {
                out.push(entry);
            }
        }
        Ok(out)
    }

    /// HEAD and the typed entries of the commits since `since`, newest first, when HEAD is
    /// `since` followed by at most `limit` commits of one parent each (the app's own commits);
    /// `None` when HEAD went elsewhere or a merge came in, where only a whole walk gives the
    /// order [`Store::history`] lists.
    pub fn entries_since(
        &self,
        since: git2::Oid,
        limit: usize,
    ) -> Result<Option<(git2::Oid, Vec<Entry>)>> {
        let head = self.repo.head()?.peel_to_commit()?;
        let top = head.id();
        let mut out = Vec::new();
        let mut at = head;
        while at.id() != since {
            if out.len() == limit || at.parent_count() != 1 {
                return Ok(None);
            }
            if let Some(entry) = self.entry(at.id(), None)? {
                out.push(entry);
            }
            at = at.parent(0)?;
        }
        Ok(Some((top, out)))
    }

    /// The typed history from `start` (default HEAD) back to `since`, newest first. A walk from
    /// a given commit (the review of a past meeting) is sorted topologically, so every change
    /// comes before the older changes of the same field.
    pub fn history_from(
        &self,
        start: Option<git2::Oid>,
        item: Option<&str>,
        since: Option<&Since>,
    ) -> Result<Vec<Entry>> {
        let mut walk = self.repo.revwalk()?;
        match start {
            Some(oid) => {
                walk.push(oid)?;
                walk.set_sorting(git2::Sort::TOPOLOGICAL)?;
            }
            None => {
                walk.push_head()?;
                // No sorting: a streaming walk, newest first, without a pre-pass over all history.
                walk.set_sorting(git2::Sort::NONE)?;
            }
        }
        if let Some(Since::Commit(oid)) = since {
            walk.hide(*oid)?;
        }
        let odb = self.repo.odb()?;
        let mut out = Vec::new();
        for oid in walk {
            let oid = oid?;
            if let Some(item) = item {
                // Cheap filter on the raw object before parsing: the id must be in an Item trailer.
                let raw = odb.read(oid)?;
                if !contains(raw.data(), format!("\nItem: {item}\n").as_bytes()) {
                    continue;
                }
            }
            let Some(entry) = self.entry(oid, item)? else {
                continue;
            };
            if let Some(Since::Time(t)) = since
                && entry.time < *t
            {
                break;
            }
            out.push(entry);
        }
        Ok(out)
    }
}

/// The history cache in the `.git` folder.
const HISTORY_FILE: &str = "taskforce-history";
/// Its first line; a file without it (an older format) is rebuilt.
const HISTORY_SIGNATURE: &str = "taskforce-history 2";

/// The cached head and index, when the file is whole (its last line checks the rest).
#[allow(clippy::type_complexity)]
fn read_index(
    path: &std::path::Path,
) -> Option<(Option<git2::Oid>, Vec<(git2::Oid, Vec<String>)>)> {
    let text = std::fs::read_to_string(path).ok()?;
    let body_end = text.trim_end_matches('\n').rfind('\n')? + 1;
    let (body, sum) = text.split_at(body_end);
    let sum = u64::from_str_radix(sum.trim().strip_prefix("sum ")?, 16).ok()?;
    if super::cache::checksum(body.as_bytes()) != sum {
        return None;
    }
    let mut lines = body.lines();
    if lines.next()? != HISTORY_SIGNATURE {
        return None;
    }
    let head = git2::Oid::from_str(lines.next()?.strip_prefix("head ")?).ok()?;
    let mut entries = Vec::new();
    for l in lines {
        let mut parts = l.split(' ');
        let oid = git2::Oid::from_str(parts.next()?).ok()?;
        entries.push((oid, parts.map(str::to_string).collect()));
    }
    Some((Some(head), entries))
}

/// Writes the history cache (to a temporary file renamed over the old one). It is an
/// optimisation: failing to write it is not an error.
fn write_index(git_dir: &std::path::Path, head: git2::Oid, index: &[(git2::Oid, Vec<String>)]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = format!("{HISTORY_SIGNATURE}\nhead {head}\n").into_bytes();
    out.reserve(index.len() * 48);
    for (oid, items) in index {
        for b in oid.as_bytes() {
            out.extend_from_slice(&[HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xf)]]);
        }
        for i in items {
            out.push(b' ');
            out.extend_from_slice(i.as_bytes());
        }
        out.push(b'\n');
    }
    let sum = super::cache::checksum(&out);
    out.extend_from_slice(format!("sum {sum:016x}\n").as_bytes());
    let tmp = git_dir.join(format!("{HISTORY_FILE}.tmp-{}", std::process::id()));
    if std::fs::write(&tmp, out).is_err()
        || std::fs::rename(&tmp, git_dir.join(HISTORY_FILE)).is_err()
    {
        let _ = std::fs::remove_file(&tmp);
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn trailers_round_trip_with_awkward_text() {
        let changes = vec![
            FieldChange {
                id: "A3-02".into(),
                cycle: Some("weekly".into()),
                period: Some("2026-W48".into()),
                field: "light".into(),
                from: Value::Null,
                to: json!("Yellow"),
            },
            FieldChange {
                id: "A3-02".into(),
                cycle: Some("weekly".into()),
                period: Some("2026-W48".into()),
                field: "progress".into(),
                from: json!(""),
                to: json!("第一行\n第二行: \"引号\""),
            },
            FieldChange {
                id: "A3-02".into(),
                cycle: None,
                period: None,
                field: "status".into(),
                from: json!("NotStarted"),
                to: json!("InProgress"),
            },
        ];
        let mut trailers = change_trailers(&changes);
        trailers.push(("Undo-Of".into(), "abc".into()));
        let msg = message("周调度 2026-W48 A3-02 绿→黄", "正文\n\n第二段", &trailers);
        let parsed = parse_trailers(&msg);
        let (back, other) = changes_of(&parsed);
        assert_eq!(back, changes);
        assert_eq!(other, vec![("Undo-Of".to_string(), "abc".to_string())]);
    }

    #[test]
    fn diff_reports_only_changed_fields() {
        #[derive(Serialize)]
        struct T {
            schema: u32,
            a: u32,
            b: &'static str,
        }
        let d = diff_fields(
            Some(&T {
                schema: 1,
                a: 1,
                b: "x",
            }),
            Some(&T {
                schema: 2,
                a: 1,
                b: "y",
            }),
        );
        assert_eq!(d, vec![("b".to_string(), json!("x"), json!("y"))]);
        let d = diff_fields(
            None,
            Some(&T {
                schema: 1,
                a: 1,
                b: "x",
            }),
        );
        assert_eq!(d.len(), 2);
    }
}
