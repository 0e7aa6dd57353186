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

/// `taskforce clone URL [DIR]`: a clone of a shared plan, with the merge driver and the
/// pre-commit check set up; says where the plan is and whether commits can be made.
pub fn clone(ctx: &Context, url: &str, dir: Option<&Path>) -> CliResult {
    let dir = match dir {
        Some(d) => d.to_path_buf(),
        None => {
            let name = url
                .trim_end_matches('/')
                .rsplit(['/', ':'])
                .next()
                .unwrap_or("plan")
                .trim_end_matches(".git");
            std::path::PathBuf::from(if name.is_empty() { "plan" } else { name })
        }
    };
    if dir.exists() && std::fs::read_dir(&dir).map(|mut d| d.next().is_some())? {
        return Err(Failure::usage(match ctx.lang {
            Lang::Zh => format!("{} 已存在且不为空，请换一个文件夹", dir.display()),
            Lang::En => format!(
                "{} exists and is not empty; choose a new folder",
                dir.display()
            ),
        }));
    }
    crate::store::sync::clone(url, &dir, ctx.lang).map_err(|e| Failure {
        code: 1,
        message: e.to_string(),
    })?;
    let store = match crate::store::Store::open(&dir) {
        Ok(s) => s,
        Err(_) => {
            return Err(Failure::usage(match ctx.lang {
                Lang::Zh => format!(
                    "{url} 不是 taskforce 计划仓库（顶层没有 plan.ron）；已克隆到 {}，可删除",
                    dir.display()
                ),
                Lang::En => format!(
                    "{url} is not a taskforce plan repository (no plan.ron at the top); it was cloned into {}, which you may delete",
                    dir.display()
                ),
            }));
        }
    };
    store.install_merge_driver()?;
    super::write::install_hook(&store)?;
    let root = store.root().display().to_string();
    match ctx.lang {
        Lang::Zh => eprintln!("已克隆计划仓库：{root}\n以后用 taskforce --repo {root} sync 同步。"),
        Lang::En => eprintln!(
            "cloned the plan repository: {root}\nsync it with taskforce --repo {root} sync"
        ),
    }
    if crate::store::Identity::from_repo(store.repo()).is_none() {
        eprintln!(
            "{}",
            ctx.lang.pick(
                "提示：尚未设置 git 身份，提交前请设置：git config --global user.name 姓名；git config --global user.email 邮箱",
                "note: no git identity yet; before committing set one: git config --global user.name NAME; git config --global user.email MAIL",
            )
        );
    }
    Ok(())
}

/// `taskforce sync [REMOTE] [--take ours|theirs KEY]… [--json]`.
pub fn sync(
    ctx: &Context,
    remote: &str,
    take: &[(String, String)],
    author_flag: Option<&str>,
    json: bool,
) -> CliResult {
    let store = ctx.open()?;
    let mut chosen = std::collections::HashMap::new();
    for (side, key) in take {
        let side = Side::parse(side).ok_or_else(|| {
            Failure::usage(match ctx.lang {
                Lang::Zh => format!("--take {side}：应为 ours（本方）或 theirs（对方）"),
                Lang::En => format!("--take {side}: expected ours or theirs"),
            })
        })?;
        chosen.insert(key.clone(), side);
    }
    let who = super::write::author(&store, author_flag)?;
    let result = store.sync(remote, &chosen, &who)?;
    use crate::store::sync::Synced;
    match result {
        Synced::Done(report) => {
            if json {
                return super::out_json(&serde_json::to_value(&report).unwrap_or_default());
            }
            let lang = ctx.lang;
            let mut text = match lang {
                Lang::Zh => format!(
                    "已同步 {}/{}：收到{}个提交，推送{}个提交",
                    report.remote, report.branch, report.pulled, report.pushed
                ),
                Lang::En => format!(
                    "synced with {}/{}: {} commits received, {} pushed",
                    report.remote, report.branch, report.pulled, report.pushed
                ),
            };
            if let Some(m) = &report.merge {
                text.push_str(&match lang {
                    Lang::Zh => format!(
                        "；合并提交 {}（两边都改过的文件{}个按字段合并）",
                        &m[..8],
                        report.merged_files
                    ),
                    Lang::En => format!(
                        "; merge commit {} ({} files changed on both sides merged field by field)",
                        &m[..8],
                        report.merged_files
                    ),
                });
            }
            text.push_str(lang.pick("。\n", ".\n"));
            for (key, side) in &report.resolved {
                let side = match (side, lang) {
                    (Side::Ours, Lang::Zh) => "取本方",
                    (Side::Theirs, Lang::Zh) => "取对方",
                    (Side::Ours, Lang::En) => "kept ours",
                    (Side::Theirs, Lang::En) => "took theirs",
                };
                text.push_str(&format!("  {key} {side}\n"));
            }
            if !report.tags_received.is_empty() {
                text.push_str(&format!(
                    "{}{}\n",
                    lang.pick("收到会议标签：", "meeting tags received: "),
                    report.tags_received.join(lang.pick("、", ", "))
                ));
            }
            for t in &report.tag_conflicts {
                text.push_str(&match lang {
                    Lang::Zh => format!(
                        "注意：会议标签 {t} 在本地和远程指向不同的提交（两位协调员各自结束了同一次会议），未改动本地标签，请商定后处理。\n"
                    ),
                    Lang::En => format!(
                        "note: the meeting tag {t} names different commits here and on the remote (the same meeting was closed twice); the local tag is unchanged, agree which one stands\n"
                    ),
                });
            }
            if let Some(why) = &report.not_pushed {
                text.push_str(&format!("{why}\n"));
            }
            super::out(&printable(&text).replace('⏎', "\n"))
        }
        Synced::Conflicts(conflicts) => {
            if json {
                super::out_json(&serde_json::to_value(&conflicts).unwrap_or_default())?;
            } else {
                let lang = ctx.lang;
                let mut text = match lang {
                    Lang::Zh => format!(
                        "同步未完成：{}处字段两边改得不同。仓库保持原样（HEAD、暂存区和工作区都未改动）。\n",
                        conflicts.len()
                    ),
                    Lang::En => format!(
                        "not synced: {} fields were changed differently on both sides. The repository is exactly as it was (HEAD, index and work tree untouched).\n",
                        conflicts.len()
                    ),
                };
                for c in &conflicts {
                    let by = |a: &Option<crate::store::sync::SideAuthor>| {
                        a.as_ref()
                            .map(|a| format!("{} {}", a.author, a.time))
                            .unwrap_or_default()
                    };
                    let show = |v: &serde_json::Value| match v {
                        serde_json::Value::String(s) if s.is_empty() => {
                            lang.pick("（空）", "(empty)").to_string()
                        }
                        other => crate::meeting::minutes::value_text(other, lang),
                    };
                    text.push_str(&match lang {
                        Lang::Zh => format!(
                            "  {}\n    本方：{}（{}）\n    对方：{}（{}）\n",
                            c.key,
                            show(&c.file.conflict.ours),
                            by(&c.ours_by),
                            show(&c.file.conflict.theirs),
                            by(&c.theirs_by)
                        ),
                        Lang::En => format!(
                            "  {}\n    ours:   {} ({})\n    theirs: {} ({})\n",
                            c.key,
                            show(&c.file.conflict.ours),
                            by(&c.ours_by),
                            show(&c.file.conflict.theirs),
                            by(&c.theirs_by)
                        ),
                    });
                }
                let first = conflicts.first().map(|c| c.key.as_str()).unwrap_or("");
                text.push_str(&match lang {
                    Lang::Zh => format!(
                        "逐项选定后再同步，例如：taskforce sync --take theirs {first}（或 --take ours）\n"
                    ),
                    Lang::En => format!(
                        "choose for each and sync again, e.g. taskforce sync --take theirs {first} (or --take ours)\n"
                    ),
                });
                eprint!("{}", printable(&text).replace('⏎', "\n"));
            }
            Err(Failure {
                code: 3,
                message: ctx
                    .lang
                    .pick(
                        "存在并发修改冲突，未同步",
                        "concurrent edits conflict; nothing synced",
                    )
                    .to_string(),
            })
        }
        Synced::Invalid(problems) => Err(Failure {
            code: 3,
            message: match ctx.lang {
                Lang::Zh => format!(
                    "合并后的计划无法通过检查，未同步（仓库保持原样）：\n{}",
                    problems
                        .iter()
                        .map(|p| format!("  {}", p.words(ctx.lang)))
                        .collect::<Vec<_>>()
                        .join("\n")
                ),
                Lang::En => format!(
                    "the merged plan would fail check, so nothing was synced (the repository is as it was):\n{}",
                    problems
                        .iter()
                        .map(|p| format!("  {}", p.words(ctx.lang)))
                        .collect::<Vec<_>>()
                        .join("\n")
                ),
            },
        }),
    }
}
