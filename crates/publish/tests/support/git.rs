//! Running git as a test's someone else: the tests' and the benchmark's peer commits, and
//! the end-to-end tests' other machine.

use std::path::Path;
use std::process::{Command, Output};

/// Runs git in `dir` as `who` (an identity of its own: CI machines have none), with no
/// editor to wait for; what it did, whether or not it succeeded.
pub fn git_run_as(dir: &Path, who: &str, args: &[&str]) -> Output {
    Command::new("git")
        .current_dir(dir)
        .args(["-c", &format!("user.name={who}")])
        .args([
            "-c",
            &format!("user.email={}@example.org", who.to_lowercase()),
        ])
        .args(args)
        .env("GIT_EDITOR", "true")
        .output()
        .expect("git runs")
}

/// Runs git in `dir` as `who`; its output, trimmed. Panics with what git said if it fails.
pub fn git_as(dir: &Path, who: &str, args: &[&str]) -> String {
    let out = git_run_as(dir, who, args);
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim_end().to_string()
}

/// [`git_as`] someone else.
pub fn git(dir: &Path, args: &[&str]) -> String {
    git_as(dir, "Other", args)
}
