//! Sharing the content folder through git, as authors on several machines do: the saved
//! changes committed with a message that names the posts, the upstream fetched and
//! integrated, the result pushed. All of it through the system `git`, so credentials,
//! ssh-agent and hooks work as they do in a terminal.
//!
//! Two posts changed on both sides are merged by Quire's own three-way merge, never by
//! conflict markers in the author's prose (see [`merge`]). A repository in the middle of
//! something the author started (a rebase, a merge, a detached HEAD, changes outside the
//! content folder) is left alone. A push the remote refuses because it moved is fetched
//! and integrated again, never forced.

mod history;
mod merge;
mod message;
mod repository;
mod status;

use std::sync::atomic::AtomicBool;
use std::time::Instant;

use quire_core::merge::SyncConflict;
use serde::Serialize;
use ts_rs::TS;

pub use history::GitVersion;
pub use repository::Repository;
pub use status::{FileChange, FileState, RepoStatus};

use crate::{Error, Result};

/// How many times a push refused because the remote moved is fetched, integrated and
/// pushed again before the sync gives up (someone is pushing continuously).
const PUSH_TRIES: usize = 4;

/// What a sync did.
#[derive(Debug, Clone, Default, Serialize, TS)]
pub struct SyncReport {
    /// The commit of the saved changes, if there were any.
    pub committed: Option<Committed>,
    /// The upstream, as `origin/main`; `None` when the repository has no remote.
    pub upstream: Option<String>,
    /// Commits brought in from the upstream.
    pub pulled: u32,
    /// Commits sent to the upstream.
    pub pushed: u32,
    /// Paths in the content folder the pull wrote, `/`-separated.
    pub changed: Vec<String>,
    /// Posts both sides changed that merged by themselves.
    pub merged: Vec<String>,
    /// Posts both sides changed on the same lines: the file keeps this machine's text.
    pub conflicted: Vec<String>,
    /// How long the sync took, in milliseconds.
    pub took_ms: u64,
    /// The report in one line ([`SyncReport::line`]), as the window shows it.
    pub summary: String,
    /// The other sides of the conflicts met since the last call of the sync's `record`.
    #[serde(skip)]
    #[ts(skip)]
    pub conflicts: Vec<SyncConflict>,
}

/// A commit a sync made of the author's saved changes.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Committed {
    /// Its id, abbreviated.
    pub id: String,
    /// Its message's first line.
    pub message: String,
}

impl SyncReport {
    /// The report in one line, as the window's status and the command line show it.
    pub fn line(&self) -> String {
        let seconds = format!("{:.1} s", self.took_ms as f64 / 1000.0);
        let mut parts = Vec::new();
        if let Some(c) = &self.committed {
            parts.push(format!("committed {} ({})", c.message, c.id));
        }
        if self.pulled > 0 {
            parts.push(format!("pulled {}", commits(self.pulled)));
        }
        if !self.merged.is_empty() {
            parts.push(format!("merged {}", posts(self.merged.len())));
        }
        if !self.conflicted.is_empty() {
            parts.push(format!(
                "{} changed on the same lines on both sides: yours kept, theirs in history",
                posts(self.conflicted.len())
            ));
        }
        if self.pushed > 0 {
            parts.push(format!("pushed {}", commits(self.pushed)));
        }
        let upstream = self.upstream.as_deref();
        let mut line = match (parts.is_empty(), upstream) {
            (true, Some(u)) => format!("Nothing to sync: up to date with {u}"),
            (true, None) => "Nothing to sync: no changes, and no remote to share with".into(),
            (false, _) => {
                let mut text = parts.join("; ");
                text[..1].make_ascii_uppercase();
                text
            }
        };
        match upstream {
            Some(u) if !parts.is_empty() => line.push_str(&format!(" — {u}, {seconds}")),
            None if !parts.is_empty() => {
                line.push_str(&format!(" — no remote to share with, {seconds}"))
            }
            _ => {}
        }
        line
    }
}

fn commits(n: u32) -> String {
    if n == 1 {
        "1 commit".into()
    } else {
        format!("{n} commits")
    }
}

pub(crate) fn posts(n: usize) -> String {
    if n == 1 {
        "1 post".into()
    } else {
        format!("{n} posts")
    }
}

/// What the caller does as soon as the pull has moved the working tree: take the paths it
/// wrote and the conflicts it met into the library ([`quire_core::blog::Blog::record_sync`]).
/// Called before the push, so a push that fails (refused credentials, a remote that keeps
/// moving) never loses a conflict: the merge is in place and the post is flagged.
pub type Record<'a> = dyn FnMut(&[String], &[SyncConflict]) -> Result<()> + 'a;

impl Repository {
    /// Commits the saved changes under the content folder, then fetches, integrates and
    /// pushes to the upstream, handing what each integration brought to `record`.
    ///
    /// A failure after the commit keeps the commit: it goes with the next sync.
    pub fn sync(&self, cancel: &AtomicBool, record: &mut Record<'_>) -> Result<SyncReport> {
        let started = Instant::now();
        let mut report = self.share(cancel, record)?;
        // A push retried after another integration may have met a post twice.
        for list in [
            &mut report.changed,
            &mut report.merged,
            &mut report.conflicted,
        ] {
            let mut seen = std::collections::BTreeSet::new();
            list.retain(|p| seen.insert(p.clone()));
        }
        report.took_ms = started.elapsed().as_millis() as u64;
        report.summary = report.line();
        Ok(report)
    }

    fn share(&self, cancel: &AtomicBool, record: &mut Record<'_>) -> Result<SyncReport> {
        let status = self.status(cancel)?;
        if let Some(what) = &status.busy {
            return Err(Error::RepositoryBusy {
                repo: self.top().to_path_buf(),
                what: what.clone(),
            });
        }
        let branch = status.branch.clone().unwrap_or_default();
        let mut report = SyncReport {
            committed: self.commit_saved(&status, cancel)?,
            ..SyncReport::default()
        };
        let Some(upstream) = self.upstream(&branch, cancel)? else {
            return Ok(report);
        };
        report.upstream = Some(upstream.to_string());
        for _ in 0..PUSH_TRIES {
            let tip = self.fetch(&upstream, cancel)?;
            if let Some(tip) = &tip {
                let before = self.head(cancel)?;
                self.integrate(&upstream, tip, &mut report, cancel)?;
                let after = self.head(cancel)?;
                if let Some(after) = after.filter(|a| before.as_ref() != Some(a)) {
                    let changed = self.changed_between(before.as_deref(), &after, cancel)?;
                    record(&changed, &report.conflicts)?;
                    report.conflicts.clear();
                    report.changed.extend(changed);
                }
            }
            let Some(head) = self.head(cancel)? else {
                break;
            };
            let ahead = self.count(tip.as_deref(), &head, cancel)?;
            if ahead == 0 {
                report.pushed = 0;
                return Ok(report);
            }
            if self.push(&upstream, cancel)? {
                report.pushed = ahead;
                return Ok(report);
            }
            tracing::info!(%upstream, "the push was refused: the remote moved; integrating again");
        }
        if let (Some(head), Some(tip)) = (self.head(cancel)?, self.tip(&upstream, cancel)?) {
            if self.count(Some(&tip), &head, cancel)? > 0 {
                return Err(Error::BranchMoved {
                    target: upstream.remote_words(),
                    branch: upstream.branch.clone(),
                });
            }
        }
        Ok(report)
    }
}

/// The branch a sync shares with, on a remote.
#[derive(Debug, Clone)]
pub(crate) struct Upstream {
    /// The remote's name.
    pub remote: String,
    /// Its address, without any credentials written into it.
    pub url: String,
    /// The branch there.
    pub branch: String,
    /// The local branch has no upstream yet: the first push sets it.
    pub set: bool,
}

impl Upstream {
    /// The ref the remote branch's tip is fetched into.
    pub fn tracking(&self) -> String {
        format!("refs/remotes/{}/{}", self.remote, self.branch)
    }

    /// The remote as errors name it.
    pub fn remote_words(&self) -> String {
        format!("{} ({})", self.remote, self.url)
    }
}

impl std::fmt::Display for Upstream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.remote, self.branch)
    }
}
