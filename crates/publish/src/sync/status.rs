//! Where the repository stands: its branch against the upstream, the files of the content
//! folder changed against `HEAD`, and whether the author is in the middle of something.

use std::sync::atomic::AtomicBool;

use serde::Serialize;
use ts_rs::TS;

use super::repository::{split_z, Repository};
use crate::Result;

/// The repository as the status bar and the list show it.
#[derive(Debug, Clone, Default, Serialize, TS)]
pub struct RepoStatus {
    /// The branch checked out; `None` on a detached HEAD.
    pub branch: Option<String>,
    /// Its upstream, as `origin/main`, if it has one.
    pub upstream: Option<String>,
    /// Commits on the branch the upstream (as last fetched) does not have.
    pub ahead: u32,
    /// Commits on the upstream (as last fetched) the branch does not have.
    pub behind: u32,
    /// What the author is in the middle of, which a sync leaves alone.
    pub busy: Option<String>,
    /// Files of the content folder that differ from `HEAD`, relative to the folder.
    pub files: Vec<FileChange>,
}

/// A file of the content folder that differs from `HEAD`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FileChange {
    /// Relative to the content folder, `/`-separated.
    pub path: String,
    /// How it differs.
    pub state: FileState,
}

/// How a file differs from `HEAD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum FileState {
    /// Not in `HEAD`.
    New,
    /// In `HEAD`, with other content.
    Changed,
    /// In `HEAD`, gone from the folder.
    Removed,
}

/// Marks in the git directory of what is in progress, in words.
const IN_PROGRESS: &[(&str, &str)] = &[
    ("rebase-merge", "a rebase"),
    ("rebase-apply", "a rebase"),
    ("MERGE_HEAD", "a merge"),
    ("CHERRY_PICK_HEAD", "a cherry-pick"),
    ("REVERT_HEAD", "a revert"),
    ("BISECT_LOG", "a bisect"),
];

/// How many paths outside the content folder a message names.
const NAMED: usize = 3;

impl Repository {
    /// One `git status` of the whole working tree.
    pub fn status(&self, cancel: &AtomicBool) -> Result<RepoStatus> {
        let ran = self.git(
            "reading the status",
            &[
                "status",
                "--porcelain=v2",
                "--branch",
                "-z",
                "--untracked-files=all",
            ],
            cancel,
        )?;
        let mut status = RepoStatus::default();
        let mut outside = Vec::new();
        let mut unmerged = false;
        let mut entries = split_z(&ran.stdout);
        while let Some(entry) = entries.next() {
            if let Some(header) = entry.strip_prefix("# ") {
                read_header(header, &mut status);
                continue;
            }
            let (kind, rest) = entry.split_once(' ').unwrap_or((entry, ""));
            let (state, path) = match kind {
                // `1 XY sub mH mI mW hH hI path`
                "1" => {
                    let fields: Vec<&str> = rest.splitn(8, ' ').collect();
                    let xy = fields.first().copied().unwrap_or("..");
                    let path = fields.get(7).copied().unwrap_or("");
                    (of_xy(xy), path)
                }
                // `2 XY sub mH mI mW hH hI Xscore path` NUL `origPath`: the new path is
                // new to HEAD, the old one removed.
                "2" => {
                    let fields: Vec<&str> = rest.splitn(9, ' ').collect();
                    let path = fields.get(8).copied().unwrap_or("");
                    if let Some(orig) = entries.next() {
                        self.note(orig, FileState::Removed, &mut status, &mut outside);
                    }
                    (FileState::New, path)
                }
                "u" => {
                    unmerged = true;
                    continue;
                }
                "?" => {
                    // Untracked files outside the content folder are the site's own
                    // business (build output, notes): not a change a sync would commit.
                    if let Some(rel) = self.in_content(rest) {
                        status.files.push(FileChange {
                            path: rel.to_string(),
                            state: FileState::New,
                        });
                    }
                    continue;
                }
                _ => continue,
            };
            self.note(path, state, &mut status, &mut outside);
        }
        status.busy = IN_PROGRESS
            .iter()
            .find(|(mark, _)| self.git_dir().join(mark).exists())
            .map(|(_, what)| what.to_string())
            .or_else(|| unmerged.then(|| "a merge with unresolved conflicts".into()))
            .or_else(|| {
                status
                    .branch
                    .is_none()
                    .then(|| "a detached HEAD (no branch is checked out)".into())
            })
            .or_else(|| {
                (!outside.is_empty()).then(|| {
                    let more = outside.len().saturating_sub(NAMED);
                    let mut named = outside[..outside.len().min(NAMED)].join(", ");
                    if more > 0 {
                        named.push_str(&format!(" and {more} more"));
                    }
                    format!("uncommitted changes outside the content folder ({named})")
                })
            });
        Ok(status)
    }

    fn note(
        &self,
        path: &str,
        state: FileState,
        status: &mut RepoStatus,
        outside: &mut Vec<String>,
    ) {
        match self.in_content(path) {
            Some(rel) => status.files.push(FileChange {
                path: rel.to_string(),
                state,
            }),
            None => outside.push(path.to_string()),
        }
    }
}

fn read_header(header: &str, status: &mut RepoStatus) {
    let (key, value) = header.split_once(' ').unwrap_or((header, ""));
    match key {
        "branch.head" if value != "(detached)" => status.branch = Some(value.to_string()),
        "branch.upstream" => status.upstream = Some(value.to_string()),
        "branch.ab" => {
            for part in value.split(' ') {
                if let Some(n) = part.strip_prefix('+') {
                    status.ahead = n.parse().unwrap_or(0);
                } else if let Some(n) = part.strip_prefix('-') {
                    status.behind = n.parse().unwrap_or(0);
                }
            }
        }
        _ => {}
    }
}

/// The index's and the work tree's letters of a changed entry, as one state.
fn of_xy(xy: &str) -> FileState {
    let mut letters = xy.chars();
    let (x, y) = (letters.next().unwrap_or('.'), letters.next().unwrap_or('.'));
    if x == 'A' {
        FileState::New
    } else if x == 'D' || y == 'D' {
        FileState::Removed
    } else {
        FileState::Changed
    }
}
