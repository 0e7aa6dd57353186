//! A tmux server of its own running the TUI, for tests that drive it as a person would: type
//! keys, read the screen. Killed on drop; its socket lives in a temp dir.
//!
//! tmux is required (CI installs it). Raise the wait with `TASKFORCE_E2E_TIMEOUT=<seconds>`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn timeout() -> Duration {
    let secs = std::env::var("TASKFORCE_E2E_TIMEOUT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(15);
    Duration::from_secs(secs)
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

pub struct Tmux {
    socket: PathBuf,
    _dir: tempfile::TempDir,
}

impl Tmux {
    /// Runs `bin` with `args` (shell words) at 120×40 in `home`, which is also its HOME, with
    /// `today` as the date; the shell prints `EXIT=<code>` when it ends.
    pub fn start(bin: &str, home: &Path, today: &str, name: &str, args: &str) -> Tmux {
        Tmux::start_with_env(bin, home, today, name, "", args)
    }

    /// The same, with `env` (`NAME=value` shell words) added to the program's environment.
    pub fn start_with_env(
        bin: &str,
        home: &Path,
        today: &str,
        name: &str,
        env: &str,
        args: &str,
    ) -> Tmux {
        let ok = Command::new("tmux")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(
            ok,
            "tmux is not installed: these tests need it (apt-get install tmux)"
        );
        let dir = tempfile::Builder::new()
            .prefix(&format!("tf-tmux-{name}-"))
            .tempdir()
            .expect("socket dir");
        let socket = dir.path().join("tmux.sock");
        // The shell prints the exit code and stays, so a test can read it after quitting.
        let script = format!(
            "cd '{home}' && env -u XDG_DATA_HOME -u TASKFORCE_REPO HOME='{home}' GIT_CONFIG_NOSYSTEM=1 TASKFORCE_TODAY={today} TASKFORCE_TEST_FSYNC={fsync} {env} '{bin}' {args}; echo \"EXIT=$?\"; sleep 60",
            home = home.display(),
            fsync = std::env::var("TASKFORCE_TEST_FSYNC").unwrap_or_else(|_| "0".into()),
        );
        let tmux = Tmux { socket, _dir: dir };
        let out = tmux
            .cmd()
            .args([
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-x",
                "120",
                "-y",
                "40",
            ])
            .args(["-s", "tui", "sh", "-c", &script])
            .env("LANG", "C.UTF-8")
            .output()
            .expect("tmux new-session");
        assert!(
            out.status.success(),
            "tmux new-session failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        tmux
    }

    fn cmd(&self) -> Command {
        let mut cmd = Command::new("tmux");
        cmd.args(["-u", "-S"]).arg(&self.socket);
        cmd
    }

    pub fn screen(&self) -> String {
        let out = self
            .cmd()
            .args(["capture-pane", "-p", "-t", "tui"])
            .output()
            .expect("capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Sends tmux key names (`Down`, `C-s`, `q`).
    pub fn keys(&self, keys: &[&str]) {
        run(self.cmd().args(["send-keys", "-t", "tui"]).args(keys));
    }

    /// Types `text` literally (Chinese included).
    pub fn type_text(&self, text: &str) {
        run(self.cmd().args(["send-keys", "-t", "tui", "-l", text]));
    }

    /// Pastes `text` as a terminal paste (bracketed, when the program asked for it).
    pub fn paste(&self, text: &str) {
        run(self.cmd().args(["set-buffer", "--", text]));
        run(self.cmd().args(["paste-buffer", "-p", "-t", "tui"]));
    }

    /// Polls the screen until `check` holds; panics with the last screen after the timeout.
    pub fn wait_until(&self, what: &str, check: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if check(&screen) {
                return screen;
            }
            if start.elapsed() > timeout() {
                panic!("timed out waiting for {what}; the screen was:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn wait_for_text(&self, text: &str) -> String {
        self.wait_until(&format!("{text:?}"), |s| s.contains(text))
    }

    /// Searches the tree for `query` (Chinese included) and selects `id`, the match it narrows
    /// to; waits for its detail pane.
    pub fn select_by_search(&self, query: &str, id: &str) {
        self.keys(&["/"]);
        self.type_text(query);
        self.wait_until("the search to narrow the tree", |s| {
            s.contains(&format!("/{query}")) && tree_line(s, id).is_some()
        });
        // The selection follows the best (title) match while typing.
        self.keys(&["Enter"]);
        self.wait_for_text(&format!("┌ {id} "));
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd().arg("kill-server").output();
    }
}

/// The tree line of `id`, as shown on `screen`.
pub fn tree_line<'a>(screen: &'a str, id: &str) -> Option<&'a str> {
    screen
        .lines()
        .find(|l| l.contains(&format!(" {id} ")) && l.starts_with('│'))
}
