//! The README's command blocks work when pasted in order into a shell: every line runs, and
//! only the lines the README says are refused fail.

mod support;

use std::process::Command;

/// The ```sh blocks of the README sections named `sections`, as shell lines (continuations
/// joined).
fn blocks(readme: &str, sections: &[&str]) -> Vec<String> {
    let mut lines = Vec::new();
    let mut section = "";
    let mut inside = false;
    let mut pending = String::new();
    for line in readme.lines() {
        if let Some(title) = line.strip_prefix("## ") {
            section = title;
            continue;
        }
        if line.starts_with("```") {
            inside = line == "```sh" && sections.iter().any(|s| section.starts_with(s));
            continue;
        }
        if !inside || line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        if let Some(head) = line.strip_suffix('\\') {
            pending.push_str(head);
            continue;
        }
        pending.push_str(line);
        lines.push(std::mem::take(&mut pending));
    }
    lines
}

#[test]
fn the_readme_commands_run_when_pasted_in_order() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let lines = blocks(&readme, &["Commands", "Meetings"]);
    assert!(lines.len() > 40, "{} lines", lines.len());
    let home = support::empty_home();
    let bin_dir = home.path().join("bin");
    std::fs::create_dir_all(&bin_dir).expect("bin");
    std::os::unix::fs::symlink(support::bin(), bin_dir.join("taskforce")).expect("symlink");
    let git = |args: &[&str]| {
        let ok = Command::new("git")
            .args(args)
            .env("HOME", home.path())
            .env("GIT_CONFIG_GLOBAL", home.path().join(".gitconfig"))
            .status()
            .expect("git")
            .success();
        assert!(ok, "git {args:?}");
    };
    git(&["config", "--global", "user.name", "王芳"]);
    git(&["config", "--global", "user.email", "wang@example.org"]);
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    // One shell for the whole block, as a paste would run it; each line reports its status.
    let script: String = lines
        .iter()
        .enumerate()
        .map(|(i, l)| format!("{l}\necho \"@@ {i} $?\" >&2\n"))
        .collect();
    let out = Command::new("sh")
        .arg("-c")
        .arg(&script)
        .current_dir(home.path())
        .env("PATH", path)
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join(".local/share"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", home.path().join(".gitconfig"))
        .env("TASKFORCE_TODAY", "2026-11-27")
        .env("TASKFORCE_TEST_FSYNC", support::test_fsync())
        .env_remove("TASKFORCE_REPO")
        .output()
        .expect("sh");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut ran = 0;
    for mark in stderr.lines().filter_map(|l| l.strip_prefix("@@ ")) {
        let (i, code) = mark.split_once(' ').expect("index and status");
        let i: usize = i.parse().expect("index");
        let refused = lines[i].contains("refused");
        assert_eq!(
            code == "0",
            !refused,
            "line {i} `{}` exited {code}:\n{stderr}",
            lines[i]
        );
        ran += 1;
    }
    assert_eq!(ran, lines.len(), "{stderr}");
}
