//! Running git as a test's someone else: the tests' and the benchmark's peer commits.

use std::path::Path;
use std::process::Command;

/// Runs git in `dir`; its output, trimmed. Panics with what git said if it fails.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=Other",
            "-c",
            "user.email=other@example.org",
        ])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim_end().to_string()
}
