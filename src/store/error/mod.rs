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
                let what = io_words(source, lang);
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
                    format!("git 出错：{}", git_words(e))
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
                    .map(|p| format!("  {}", p.words(lang)))
                    .collect::<Vec<_>>()
                    .join("\n");
                if zh {
                    format!("计划有 {} 处问题：\n{list}", problems.len())
                } else {
                    self.to_string()
                }
            }
            Error::NotFound(id) => {
                let (what_zh, what_en) = kind_of_id(id);
                if zh {
                    format!("没有编号为 {id} 的{what_zh}")
                } else {
                    format!("no {what_en} with id {id}")
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

/// What went wrong reading or writing a file, in `lang`: the system's words in English, the
/// common kinds in Chinese (the rest by their error number).
pub fn io_words(e: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind as K;
    if lang == Lang::En {
        return e.to_string();
    }
    match e.kind() {
        K::NotFound => "不存在".into(),
        K::PermissionDenied => "没有权限".into(),
        K::AlreadyExists => "已存在".into(),
        K::StorageFull => "磁盘空间不足".into(),
        K::ReadOnlyFilesystem => "文件系统是只读的".into(),
        K::IsADirectory => "是文件夹，不是文件".into(),
        K::NotADirectory => "路径中有一项不是文件夹".into(),
        K::DirectoryNotEmpty => "文件夹不为空".into(),
        K::InvalidData => "内容无效".into(),
        K::UnexpectedEof => "文件意外结束".into(),
        K::Interrupted => "被中断".into(),
        K::TimedOut => "超时".into(),
        _ => match e.raw_os_error() {
            Some(n) => format!("读写失败（错误码 {n}）"),
            None => "读写失败".into(),
        },
    }
}

/// A git error in Chinese, by its code.
fn git_words(e: &git2::Error) -> &'static str {
    use git2::ErrorCode as C;
    match e.code() {
        C::NotFound => "找不到所指的对象或版本",
        C::Exists => "对象已存在",
        C::Ambiguous => "版本名有歧义，请写得更完整",
        C::BareRepo => "仓库没有工作区",
        C::UnbornBranch => "分支还没有任何提交",
        C::Unmerged | C::MergeConflict | C::Conflict => "有未解决的合并冲突",
        C::NotFastForward => "无法快进合并",
        C::InvalidSpec => "版本写法无效",
        C::Locked => "仓库被另一个 git 进程锁定",
        C::Modified => "分支刚被另一个进程改动",
        C::Auth => "远程仓库身份验证失败",
        C::Certificate => "远程仓库证书无效",
        C::Uncommitted | C::IndexDirty => "有未提交的修改",
        C::Directory => "路径是文件夹",
        C::HashsumMismatch => "仓库对象校验失败",
        C::Owner => "仓库属于另一个用户，git 拒绝使用",
        C::Timeout => "操作超时",
        _ => "操作失败",
    }
}

/// What an id names, by its form (`A3` an action, `A3-02` a measure, `I08` an indicator,
/// `D2026-11-01` an action item, `L2026-01` a landmark, `M2026-11` a meeting).
fn kind_of_id(id: &Id) -> (&'static str, &'static str) {
    let s = id.as_str();
    let digit_after = |p: char| {
        s.strip_prefix(p)
            .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
    };
    if digit_after('A') {
        if s.contains('-') {
            ("举措", "measure")
        } else {
            ("任务", "action")
        }
    } else if digit_after('I') {
        ("指标", "indicator")
    } else if digit_after('D') {
        ("议定事项", "action item")
    } else if digit_after('L') {
        ("标志性成果", "landmark achievement")
    } else if digit_after('M') || digit_after('W') || digit_after('Q') {
        ("会议", "meeting")
    } else {
        ("任务、举措或指标", "action, measure or indicator")
    }
}

#[cfg(test)]
mod tests;
