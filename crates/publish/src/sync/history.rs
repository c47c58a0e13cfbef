//! A post's git history, for the History panel beside Quire's own revisions: each commit
//! that changed it (followed across renames), and the post as that commit has it.

use std::sync::atomic::AtomicBool;

use serde::Serialize;
use ts_rs::TS;

use super::repository::Repository;
use crate::{Error, Result};

/// How many commits of a post the history lists: years of daily syncs.
const VERSIONS: usize = 500;

/// A commit that changed a post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct GitVersion {
    /// The commit's id.
    pub commit: String,
    /// Its abbreviated id, as git shows it.
    pub short: String,
    /// Its author's name.
    pub author: String,
    /// When it was authored, in milliseconds since the epoch.
    pub at: i64,
    /// Its message's first line.
    pub subject: String,
    /// The post's path from the repository's top at that commit (it may have been
    /// renamed since).
    #[serde(skip)]
    #[ts(skip)]
    pub path: String,
}

impl Repository {
    /// The commits that changed the post at `rel` (relative to the content folder),
    /// newest first, followed across renames.
    pub fn versions(&self, rel: &str, cancel: &AtomicBool) -> Result<Vec<GitVersion>> {
        if self.head(cancel)?.is_none() {
            return Ok(Vec::new());
        }
        let path = format!("{}{rel}", self.content_prefix());
        let limit = format!("--max-count={VERSIONS}");
        // Records start with RS; fields split by US; the path follows the header.
        let ran = self.git(
            "reading the post's git history",
            &[
                "log",
                "--follow",
                &limit,
                "--name-only",
                "--format=%x1e%H%x1f%h%x1f%an%x1f%at%x1f%s",
                "--",
                &path,
            ],
            cancel,
        )?;
        let out = String::from_utf8_lossy(&ran.stdout);
        Ok(out
            .split('\u{1e}')
            .filter_map(|record| {
                let (header, names) = record.split_once('\n')?;
                let mut f = header.split('\u{1f}');
                let (commit, short, author, at, subject) = (
                    f.next()?,
                    f.next()?,
                    f.next()?,
                    f.next()?,
                    f.next().unwrap_or(""),
                );
                let at_path = names.lines().map(str::trim).find(|l| !l.is_empty())?;
                Some(GitVersion {
                    commit: commit.to_string(),
                    short: short.to_string(),
                    author: author.to_string(),
                    at: at.parse::<i64>().unwrap_or(0) * 1000,
                    subject: subject.to_string(),
                    path: at_path.to_string(),
                })
            })
            .collect())
    }

    /// The post at `rel` as `commit` has it: `commit` must be one of its
    /// [`Repository::versions`] (an id from the window is only ever looked up there).
    pub fn version_text(&self, rel: &str, commit: &str, cancel: &AtomicBool) -> Result<String> {
        let version = self
            .versions(rel, cancel)?
            .into_iter()
            .find(|v| v.commit == commit)
            .ok_or_else(|| Error::Remote {
                target: self.words(),
                cause: format!("{rel} has no version in commit {commit}"),
            })?;
        let object = format!("{commit}:{}", version.path);
        let ran = self.git("reading the post's version", &["show", &object], cancel)?;
        Ok(String::from_utf8_lossy(&ran.stdout).into_owned())
    }
}
