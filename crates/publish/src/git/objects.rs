//! What a publish commit needs besides the tree: whose it is, and the ids git gives
//! the small files Quire adds, known without running git.

use std::sync::atomic::AtomicBool;

use crate::tool::{run, Tool};

/// The author's git identity for the commit, or Quire's where git has none (a new
/// machine): a publish must not fail on "Please tell me who you are".
pub(crate) fn identity(
    author: &str,
    cancel: &AtomicBool,
    target: &str,
) -> Vec<(&'static str, String)> {
    // Once git knows who the author is, it goes on knowing: asked once a session.
    static KNOWN: AtomicBool = AtomicBool::new(false);
    if KNOWN.load(std::sync::atomic::Ordering::Relaxed) {
        return Vec::new();
    }
    let mut cmd = Tool::Git.command();
    cmd.args(["var", "GIT_AUTHOR_IDENT"]);
    let known = run(Tool::Git, target, cmd, None, cancel, |_| {}).is_ok_and(|r| r.status.success());
    if known {
        KNOWN.store(true, std::sync::atomic::Ordering::Relaxed);
        return Vec::new();
    }
    let name = if author.trim().is_empty() {
        "Quire"
    } else {
        author.trim()
    };
    vec![
        ("GIT_AUTHOR_NAME", name.to_string()),
        ("GIT_AUTHOR_EMAIL", "quire@localhost".to_string()),
        ("GIT_COMMITTER_NAME", name.to_string()),
        ("GIT_COMMITTER_EMAIL", "quire@localhost".to_string()),
    ]
}

/// The id git gives a blob of `bytes` (SHA-1 repositories, which `git init` makes): known
/// without running git.
pub(super) fn blob_id(bytes: &[u8]) -> String {
    use sha1::{Digest, Sha1};
    let mut hasher = Sha1::new();
    hasher.update(format!("blob {}\0", bytes.len()).as_bytes());
    hasher.update(bytes);
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn blob_ids_are_gits() {
        assert_eq!(
            super::blob_id(b""),
            "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"
        );
        assert_eq!(
            super::blob_id(b"hello\n"),
            "ce013625030ba8dba906f756967f9e9ca394464a"
        );
    }
}
