//! The store's errors: what failed, as data. A refusal of bad input is a [`Rejection`] naming
//! the [`Field`] it is about; each front end words it in the UI language, the CLI naming the
//! flag and the TUI the form field ([`Naming`]). The word tables are exhaustive matches, so a
//! new variant cannot ship untranslated or in one language only.
//!
//! Files: this one holds [`Error`]; `rejection` the refusal as data (its fields, purposes and
//! limits); `zh` and `en` word each refusal in one language.

mod en;
mod rejection;
mod zh;

use std::path::PathBuf;

use super::codec::Problem;
use crate::model::{Id, Lang};

pub use rejection::{Field, Limit, MilestoneAction, Purpose, Rejection, clean};

/// Everything that can go wrong in the store; each variant names what failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("git: {0}")]
    Git(#[from] git2::Error),
    #[error("{0} is not a taskforce plan repository (no plan.ron at the top of a git work tree)")]
    NotAPlan(PathBuf),
    #[error("{0} exists and is not empty; choose a new folder")]
    NotEmpty(PathBuf),
    #[error("the plan has {} problem(s):\n{}", .0.len(), .0.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Problem>),
    #[error("no action, measure or indicator with id {0}")]
    NotFound(Id),
    /// Bad input, as data; see [`Rejection`].
    #[error("{}", .0.words(Lang::En, Naming::Flags))]
    Rejected(Rejection),
    /// A condition of the repository or the machine (read-only, full disk, a file edited by
    /// hand), already written in the store's language.
    #[error("{0}")]
    Refused(String),
    #[error(
        "no git identity: set one with `git config --global user.name NAME` and `git config --global user.email MAIL`, or pass --author \"Name <mail>\""
    )]
    NoIdentity,
    #[error("{0}")]
    Locked(String),
    /// A message written in both languages; `Display` gives the Chinese text.
    #[error("{zh}")]
    Said { zh: String, en: String },
}

impl From<Rejection> for Error {
    fn from(r: Rejection) -> Error {
        Error::Rejected(r)
    }
}

/// How a front end names a field: the CLI by its flag, the TUI by the form's label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Naming {
    Flags,
    Labels,
}

impl Error {
    /// The message in `lang` for the command line (fields named by their flags).
    pub fn text(&self, lang: Lang) -> String {
        self.words(lang, Naming::Flags)
    }

    /// The message in `lang` for the TUI (fields named as the forms label them).
    pub fn for_tui(&self, lang: Lang) -> String {
        self.words(lang, Naming::Labels)
    }

    /// The message in `lang`, naming fields as `naming` says.
    pub fn words(&self, lang: Lang, naming: Naming) -> String {
        let zh = lang == Lang::Zh;
        match self {
            Error::Io { path, source } => {
                let what = match (source.kind(), zh) {
                    (std::io::ErrorKind::NotFound, true) => "不存在".to_string(),
                    (std::io::ErrorKind::PermissionDenied, true) => "没有权限".to_string(),
                    (_, true) => format!("读写失败（{source}）"),
                    (_, false) => source.to_string(),
                };
                if naming == Naming::Labels {
                    if zh {
                        format!("文件{what}")
                    } else {
                        format!("a file: {what}")
                    }
                } else if zh {
                    format!("{}：{what}", path.display())
                } else {
                    format!("{}: {what}", path.display())
                }
            }
            Error::Git(e) => {
                if zh {
                    format!("git 出错：{}", e.message())
                } else {
                    format!("git: {}", e.message())
                }
            }
            Error::NotAPlan(p) => {
                if zh {
                    format!(
                        "{} 不是 taskforce 计划仓库（git 工作区顶层没有 plan.ron）",
                        p.display()
                    )
                } else {
                    self.to_string()
                }
            }
            Error::NotEmpty(p) => {
                if zh {
                    format!("{} 已存在且不为空；请换一个新文件夹", p.display())
                } else {
                    self.to_string()
                }
            }
            Error::Invalid(problems) => {
                let list = problems
                    .iter()
                    .map(|p| format!("  {p}"))
                    .collect::<Vec<_>>()
                    .join("\n");
                if zh {
                    format!("计划有 {} 处问题：\n{list}", problems.len())
                } else {
                    self.to_string()
                }
            }
            Error::NotFound(id) => {
                if zh {
                    format!("没有编号为 {id} 的任务、举措或指标")
                } else {
                    self.to_string()
                }
            }
            Error::Rejected(r) => r.words(lang, naming),
            Error::Refused(text) | Error::Locked(text) => text.clone(),
            Error::NoIdentity => match (zh, naming) {
                (true, Naming::Flags) => "没有 git 身份（提交人）：用 git config --global user.name 姓名 和 git config --global user.email 邮箱 设置，或加 --author \"姓名 <邮箱>\"".into(),
                (true, Naming::Labels) => "尚未设置提交人：请退出后在终端设置 git 的 user.name（姓名）和 user.email（邮箱），再重新打开；未写入任何内容".into(),
                (false, Naming::Flags) => self.to_string(),
                (false, Naming::Labels) => "no committer is set: quit, set git's user.name and user.email in a terminal, then open again; nothing was written".into(),
            },
            Error::Said { zh: z, en } => lang.pick(z, en).to_string(),
        }
    }
}

#[cfg(test)]
mod tests;
