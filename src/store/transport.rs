//! Talking to a remote: the system `git` when it exists (it honours `~/.ssh/config`, agents,
//! credential helpers and proxies), git2 otherwise (local and file remotes). What went wrong is
//! read from git's words into a cause a coordinator can act on, worded in the UI language;
//! git's own line is quoted only when the cause is not one of those.

use std::path::Path;
use std::process::Command;

use git2::Repository;

use super::{Error, Result, Store};
use crate::model::Lang;

/// Where the remote's meeting tags are fetched to before they are compared with ours.
pub(super) const REMOTE_TAGS: &str = "refs/taskforce/remote-tags";

/// Why talking to a remote failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trouble {
    /// No remote of that name is configured in this clone.
    NoSuchRemote,
    /// The address answers, but there is no repository there.
    NotFound,
    /// The host cannot be resolved or reached: offline, a wrong host, a server down.
    Unreachable,
    /// The server refused who we are (keys, passwords, host key, permissions).
    Refused,
    /// Anything else: git's own line, kept for the person who can read it.
    Other(String),
}

/// What was being done when it failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    Fetch,
    Push,
    Clone,
}

/// The cause in git's (or libgit2's) words.
pub fn classify(said: &str) -> Trouble {
    let has = |needles: &[&str]| needles.iter().any(|n| said.contains(n));
    if has(&[
        "Authentication failed",
        "Permission denied",
        "could not read Username",
        "could not read Password",
        "terminal prompts disabled",
        "Host key verification failed",
        "The requested URL returned error: 401",
        "The requested URL returned error: 403",
    ]) {
        Trouble::Refused
    } else if has(&[
        "Could not resolve host",
        "Name or service not known",
        "Temporary failure in name resolution",
        "Connection refused",
        "Connection timed out",
        "timed out",
        "Network is unreachable",
        "No route to host",
        "Failed to connect",
        "failed to resolve address",
    ]) {
        Trouble::Unreachable
    } else if has(&[
        "does not exist",
        "does not appear to be a git repository",
        "Repository not found",
        "not found",
        "The requested URL returned error: 404",
        "could not find repository",
        "failed to resolve path",
    ]) {
        Trouble::NotFound
    } else {
        // The remote's own words (a hook's refusal) come first, prefixed `remote:`.
        let lines = || {
            said.lines()
                .map(|l| l.trim().trim_start_matches("remote:").trim())
        };
        let line = lines()
            .find(|l| l.starts_with("fatal:") || l.starts_with("error:"))
            .or_else(|| lines().find(|l| !l.is_empty()))
            .unwrap_or("")
            .trim_start_matches("fatal:")
            .trim_start_matches("error:")
            .trim();
        Trouble::Other(super::codec::printable(line, false))
    }
}

/// The message for `trouble` while doing `act` with `remote` (a remote's name, or the address
/// being cloned) at `url`.
pub fn word(trouble: &Trouble, act: Act, remote: &str, url: &str, lang: Lang) -> String {
    let at = if url.is_empty() || url == remote {
        remote.to_string()
    } else {
        match lang {
            Lang::Zh => format!("{remote}（{url}）"),
            Lang::En => format!("{remote} ({url})"),
        }
    };
    let cause = match (trouble, lang) {
        (Trouble::NoSuchRemote, Lang::Zh) => format!(
            "本计划没有名为 {remote} 的远程仓库。请先设置共享仓库的地址：git remote add {remote} 地址"
        ),
        (Trouble::NoSuchRemote, Lang::En) => format!(
            "this plan has no remote named {remote}. Set the shared repository's address first: git remote add {remote} ADDRESS"
        ),
        (Trouble::NotFound, Lang::Zh) => {
            format!("{at} 处没有 git 仓库，请核对地址")
        }
        (Trouble::NotFound, Lang::En) => {
            format!("there is no git repository at {at}; check the address")
        }
        (Trouble::Unreachable, Lang::Zh) => {
            format!("连不上 {at}：网络不通，或服务器没有开")
        }
        (Trouble::Unreachable, Lang::En) => {
            format!("{at} cannot be reached: the network is down or the server is off")
        }
        (Trouble::Refused, Lang::Zh) => format!(
            "{at} 拒绝了身份验证或没有给权限：请检查 SSH 密钥或账号密码，或请管理员开通权限"
        ),
        (Trouble::Refused, Lang::En) => format!(
            "{at} refused who we are or gave no permission: check the SSH key or the account and password, or ask the administrator for access"
        ),
        (Trouble::Other(line), Lang::Zh) => format!("与 {at} 通信失败（git 提示：{line}）"),
        (Trouble::Other(line), Lang::En) => format!("talking to {at} failed (git says: {line})"),
    };
    let after = match (act, lang) {
        (Act::Fetch, Lang::Zh) => "未能同步；本地提交都已保留，仓库未作任何改动。",
        (Act::Fetch, Lang::En) => "Not synced; every local commit is kept and nothing was changed.",
        (Act::Push, Lang::Zh) => "未能推送；本地提交都已保留，下次同步时再推送。",
        (Act::Push, Lang::En) => {
            "Not pushed; every local commit is kept and is pushed at the next sync."
        }
        (Act::Clone, Lang::Zh) => "未能克隆。",
        (Act::Clone, Lang::En) => "Nothing was cloned.",
    };
    match lang {
        Lang::Zh => format!("{cause}。\n{after}")
            .replace("。。", "。")
            .replace("） ", "）"),
        Lang::En => format!("{cause}.\n{after}"),
    }
}

pub(super) fn has_git_cli() -> bool {
    Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

impl Store {
    /// Runs the system git in the work tree, never asking for a password on a terminal.
    fn git_cli(&self, args: &[&str]) -> Result<std::process::Output> {
        Command::new("git")
            .current_dir(&self.root)
            .env("GIT_TERMINAL_PROMPT", "0")
            .args(args)
            .output()
            .map_err(super::io_error(&self.root))
    }

    /// The remote's address, or the refusal that no such remote is configured.
    fn remote_url(&self, remote: &str, act: Act) -> Result<String> {
        match self.repo.find_remote(remote) {
            Ok(r) => Ok(r.url().unwrap_or("").to_string()),
            Err(_) => Err(Error::Refused(word(
                &Trouble::NoSuchRemote,
                act,
                remote,
                "",
                self.lang(),
            ))),
        }
    }

    fn trouble(&self, said: &str, act: Act, remote: &str, url: &str) -> Error {
        Error::Refused(word(&classify(said), act, remote, url, self.lang()))
    }

    /// The remote's branches into `refs/remotes/REMOTE/*`, its meeting tags into a side
    /// namespace (compared with ours later).
    pub(super) fn fetch(&self, remote: &str) -> Result<()> {
        let url = self.remote_url(remote, Act::Fetch)?;
        let heads = format!("+refs/heads/*:refs/remotes/{remote}/*");
        let tags = format!("+refs/tags/meeting/*:{REMOTE_TAGS}/{remote}/meeting/*");
        if has_git_cli() {
            let out = self.git_cli(&["fetch", "--quiet", "--no-tags", remote, &heads, &tags])?;
            if !out.status.success() {
                let said = String::from_utf8_lossy(&out.stderr);
                return Err(self.trouble(&said, Act::Fetch, remote, &url));
            }
            return Ok(());
        }
        let mut r = self.repo.find_remote(remote)?;
        r.fetch(&[heads.as_str(), tags.as_str()], None, None)
            .map_err(|e| self.trouble(e.message(), Act::Fetch, remote, &url))
    }

    /// Pushes the branch and the meeting tags the remote lacks. `Ok(false)`: rejected because
    /// the remote moved (fetch, merge and push again).
    pub(super) fn push(&self, remote: &str, branch: &str, tags: &[String]) -> Result<bool> {
        let url = self.remote_url(remote, Act::Push)?;
        let mut specs = vec![format!("refs/heads/{branch}:refs/heads/{branch}")];
        specs.extend(tags.iter().map(|t| format!("refs/tags/{t}:refs/tags/{t}")));
        if has_git_cli() {
            let mut args = vec!["push", "--quiet", "--porcelain", remote];
            args.extend(specs.iter().map(String::as_str));
            let out = self.git_cli(&args)?;
            if out.status.success() {
                return Ok(true);
            }
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            if text.contains("[rejected]")
                || text.contains("non-fast-forward")
                || text.contains("fetch first")
            {
                return Ok(false);
            }
            return Err(self.trouble(&text, Act::Push, remote, &url));
        }
        let mut r = self.repo.find_remote(remote)?;
        let rejected = std::cell::Cell::new(false);
        let mut callbacks = git2::RemoteCallbacks::new();
        callbacks.push_update_reference(|_, status| {
            if status.is_some() {
                rejected.set(true);
            }
            Ok(())
        });
        let mut opts = git2::PushOptions::new();
        opts.remote_callbacks(callbacks);
        let refs: Vec<&str> = specs.iter().map(String::as_str).collect();
        match r.push(&refs, Some(&mut opts)) {
            Ok(()) => Ok(!rejected.get()),
            Err(e) if e.code() == git2::ErrorCode::NotFastForward => Ok(false),
            Err(e) => Err(self.trouble(e.message(), Act::Push, remote, &url)),
        }
    }
}

/// Clones `url` into `dir` with the system git (or git2 for a local path); a failure is worded
/// in `lang`.
pub fn clone(url: &str, dir: &Path, lang: Lang) -> Result<()> {
    let failed = |said: &str| Error::Refused(word(&classify(said), Act::Clone, url, "", lang));
    if has_git_cli() {
        let out = Command::new("git")
            .env("GIT_TERMINAL_PROMPT", "0")
            .args(["clone", "--quiet", url])
            .arg(dir)
            .output()
            .map_err(super::io_error(dir))?;
        if !out.status.success() {
            return Err(failed(&String::from_utf8_lossy(&out.stderr)));
        }
        return Ok(());
    }
    Repository::clone(url, dir).map_err(|e| failed(e.message()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_words_become_causes() {
        let cases = [
            (
                "fatal: repository '/x.git' does not exist",
                Trouble::NotFound,
            ),
            (
                "fatal: '/srv/r.git' does not appear to be a git repository\nfatal: Could not read from remote repository.",
                Trouble::NotFound,
            ),
            (
                "ssh: Could not resolve hostname nohost.invalid: Name or service not known\r\nfatal: Could not read from remote repository.",
                Trouble::Unreachable,
            ),
            (
                "fatal: unable to access 'https://git.example/x/': Failed to connect to git.example port 443: Connection refused",
                Trouble::Unreachable,
            ),
            (
                "git@host: Permission denied (publickey).\r\nfatal: Could not read from remote repository.",
                Trouble::Refused,
            ),
            (
                "fatal: could not read Username for 'https://git.example': terminal prompts disabled",
                Trouble::Refused,
            ),
            (
                "remote: error: GH006: Protected branch update failed\nerror: failed to push some refs",
                Trouble::Other("GH006: Protected branch update failed".into()),
            ),
        ];
        for (said, want) in &cases {
            assert_eq!(classify(said), *want, "{said}");
        }
    }

    #[test]
    fn every_cause_is_worded_in_each_language_without_the_other() {
        let causes = [
            Trouble::NoSuchRemote,
            Trouble::NotFound,
            Trouble::Unreachable,
            Trouble::Refused,
            Trouble::Other("x".into()),
        ];
        let mut n = 0;
        for t in &causes {
            for act in [Act::Fetch, Act::Push, Act::Clone] {
                let zh = word(t, act, "origin", "/srv/plan.git", Lang::Zh);
                let en = word(t, act, "origin", "/srv/plan.git", Lang::En);
                assert!(zh.contains("origin"), "{zh}");
                // Chinese sentences; the only Latin words are the names, the address and the
                // git command a person types.
                let latin: String = zh
                    .replace("origin", "")
                    .replace("/srv/plan.git", "")
                    .replace("git remote add", "")
                    .replace("git", "")
                    .replace("SSH", "")
                    .chars()
                    .filter(|c| c.is_ascii_alphabetic())
                    .collect();
                assert!(
                    latin.is_empty() || latin == "x",
                    "English in {zh:?}: {latin}"
                );
                assert!(
                    !en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                    "{en}"
                );
                n += 1;
            }
        }
        assert_eq!(n, 15);
    }
}
