//! Bringing the upstream in. A fast-forward when only the remote moved; when both did, a
//! merge commit with both parents, built without touching the working tree:
//!
//! - git's `merge-tree` merges the trees as `git merge` would;
//! - every post both sides changed is merged again by Quire's own three-way merge (the
//!   merge the app's merge panel shows). Where both changed the same lines the post keeps
//!   this machine's text and the other goes to the library as a conflict: no conflict
//!   marker ever reaches a post;
//! - any other file git could not merge (an image, the site's configuration) stops the
//!   sync before anything changes here.
//!
//! Only then is the working tree moved, by a fast-forward to the merge commit, which git
//! refuses rather than overwrite anything.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::AtomicBool;

use quire_core::folder::is_post_path;
use quire_core::library::Conflict;
use quire_core::merge::{clean_text, merge3, SyncConflict};

use super::repository::Repository;
use super::{SyncReport, Upstream};
use crate::{Error, Result};

/// git's empty tree: the base of two histories that share no commit.
const EMPTY_TREE: &str = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

/// How many files a conflict message names.
const NAMED: usize = 5;

/// A post's texts on the three sides of a merge.
struct Sides {
    base: String,
    ours: String,
    theirs: String,
}

impl Repository {
    /// Integrates the upstream's `tip` into HEAD, adding to `report` what came in.
    pub(crate) fn integrate(
        &self,
        upstream: &Upstream,
        tip: &str,
        report: &mut SyncReport,
        cancel: &AtomicBool,
    ) -> Result<()> {
        let Some(head) = self.head(cancel)? else {
            // A branch with no commit yet takes the upstream as it is (a fast-forward from
            // nothing: `reset` wants a HEAD to start from).
            self.git(
                "checking out the upstream",
                &["merge", "--ff-only", "--quiet", tip],
                cancel,
            )?;
            report.pulled += self.count(None, tip, cancel)?;
            return Ok(());
        };
        let behind = self.count(Some(&head), tip, cancel)?;
        if behind == 0 {
            return Ok(());
        }
        let ahead = self.count(Some(tip), &head, cancel)?;
        let target = if ahead == 0 {
            tip.to_string()
        } else {
            self.merge_commit(upstream, &head, tip, report, cancel)?
        };
        self.git(
            "bringing the changes into the folder",
            &["merge", "--ff-only", "--quiet", &target],
            cancel,
        )?;
        report.pulled += behind;
        Ok(())
    }

    /// The merge commit of `head` and `tip`, built beside the working tree.
    fn merge_commit(
        &self,
        upstream: &Upstream,
        head: &str,
        tip: &str,
        report: &mut SyncReport,
        cancel: &AtomicBool,
    ) -> Result<String> {
        let base = self.try_git(&["merge-base", head, tip], None, cancel)?;
        let base = base.status.success().then(|| base.text());
        let mut args = vec!["merge-tree", "--write-tree", "-z", "--name-only"];
        if base.is_none() {
            args.push("--allow-unrelated-histories");
        }
        args.extend([head, tip]);
        let ran = self.try_git(&args, None, cancel)?;
        // 0: merged; 1: merged with conflicts (listed after the tree); else a failure.
        if !matches!(ran.status.code(), Some(0) | Some(1)) {
            if ran.stderr.contains("usage: git merge-tree") {
                return Err(Error::MissingTool {
                    target: self.words(),
                    tool: "git 2.38 or newer (for merge-tree --write-tree)",
                    package: "git",
                });
            }
            return Err(self.git_failure("merging", &ran));
        }
        let out = String::from_utf8_lossy(&ran.stdout).into_owned();
        // The tree, then the conflicted paths, then an empty entry and git's messages.
        let mut fields = out.split('\0');
        let tree = fields.next().unwrap_or("").trim().to_string();
        let conflicted: BTreeSet<String> = fields
            .take_while(|f| !f.is_empty())
            .map(str::to_string)
            .collect();
        let base_rev = base.clone().unwrap_or_else(|| EMPTY_TREE.to_string());
        let both = self.changed_on_both(&base_rev, head, tip, cancel)?;
        let texts = self.sides(&base_rev, head, tip, &both, cancel)?;
        let stuck: Vec<&String> = conflicted
            .iter()
            .filter(|p| !texts.contains_key(*p))
            .collect();
        if !stuck.is_empty() {
            let mut files = stuck
                .iter()
                .take(NAMED)
                .map(|p| p.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            if stuck.len() > NAMED {
                files.push_str(&format!(" and {} more", stuck.len() - NAMED));
            }
            return Err(Error::SyncConflict {
                remote: upstream.to_string(),
                files,
            });
        }
        // Each post both sides changed, as Quire merges it.
        let mut blobs = Vec::new();
        for (path, sides) in &texts {
            let chunks = merge3(&sides.base, &sides.ours, &sides.theirs);
            let rel = self.in_content(path).unwrap_or(path).to_string();
            let text = match clean_text(&chunks) {
                Some(merged) => {
                    report.merged.push(rel);
                    merged
                }
                None => {
                    let note = self.their_commit(&base_rev, tip, path, cancel)?;
                    report.conflicted.push(rel.clone());
                    report.conflicts.push(SyncConflict {
                        path: rel,
                        conflict: Conflict {
                            base: sides.base.clone(),
                            theirs: sides.theirs.clone(),
                            note,
                        },
                    });
                    sides.ours.clone()
                }
            };
            let blob = self
                .git_in(
                    "storing a merged post",
                    &["hash-object", "-w", "--stdin"],
                    Some(text.as_bytes()),
                    cancel,
                )?
                .text();
            blobs.push((path.clone(), blob));
        }
        let tree = if blobs.is_empty() {
            tree
        } else {
            self.tree_with(&tree, head, &blobs, cancel)?
        };
        let mut message = format!("Merge {upstream}");
        for path in &report.conflicted {
            message.push_str(&format!(
                "\n\n{path}: both sides changed the same lines; this side's text kept, the other's is in the post's history in Quire"
            ));
        }
        let commit = self
            .git(
                "committing the merge",
                &["commit-tree", &tree, "-p", head, "-p", tip, "-m", &message],
                cancel,
            )?
            .text();
        Ok(commit)
    }

    /// Posts in the content folder changed between `base` and both `head` and `tip`.
    fn changed_on_both(
        &self,
        base: &str,
        head: &str,
        tip: &str,
        cancel: &AtomicBool,
    ) -> Result<BTreeSet<String>> {
        let changed = |to: &str| -> Result<BTreeSet<String>> {
            Ok(self
                .differing(base, to, cancel)?
                .into_iter()
                .filter(|p| self.in_content(p).is_some_and(is_post_path))
                .collect())
        };
        let ours = changed(head)?;
        let theirs = changed(tip)?;
        Ok(ours.intersection(&theirs).cloned().collect())
    }

    /// The three texts of each of `paths` that is a text file on both sides (the base's
    /// may be missing: both added it); a post removed on one side, or not UTF-8, is left
    /// to git.
    fn sides(
        &self,
        base: &str,
        head: &str,
        tip: &str,
        paths: &BTreeSet<String>,
        cancel: &AtomicBool,
    ) -> Result<BTreeMap<String, Sides>> {
        if paths.is_empty() {
            return Ok(BTreeMap::new());
        }
        let mut asked = String::new();
        for path in paths {
            for rev in [base, head, tip] {
                asked.push_str(&format!("{rev}:{path}\n"));
            }
        }
        let ran = self.git_in(
            "reading the two sides",
            &["cat-file", "--batch"],
            Some(asked.as_bytes()),
            cancel,
        )?;
        let mut out = ran.stdout.as_slice();
        let mut texts = BTreeMap::new();
        for path in paths {
            let mut three = Vec::new();
            for _ in 0..3 {
                let (text, rest) = next_blob(out);
                out = rest;
                three.push(text);
            }
            // A post both sides added (each machine's first post) merges from nothing.
            if let [base, Some(ours), Some(theirs)] =
                <[Option<String>; 3]>::try_from(three).unwrap_or([None, None, None])
            {
                let base = base.unwrap_or_default();
                texts.insert(path.clone(), Sides { base, ours, theirs });
            }
        }
        Ok(texts)
    }

    /// Where the other side of `path` came from: its last commit there, and its author.
    fn their_commit(
        &self,
        base: &str,
        tip: &str,
        path: &str,
        cancel: &AtomicBool,
    ) -> Result<String> {
        let range = if base == EMPTY_TREE {
            tip.to_string()
        } else {
            format!("{base}..{tip}")
        };
        let ran = self.git(
            "reading the other side's commit",
            &["log", "-1", "--format=%h by %an: %s", &range, "--", path],
            cancel,
        )?;
        Ok(format!("from {}", ran.text()))
    }

    /// `tree` with `blobs` in place of its entries at their paths, modes as `head` has.
    fn tree_with(
        &self,
        tree: &str,
        head: &str,
        blobs: &[(String, String)],
        cancel: &AtomicBool,
    ) -> Result<String> {
        let index = self.git_dir().join("quire-sync-index");
        let _ = std::fs::remove_file(&index);
        let with_index = |what: &str, args: &[&str], stdin: Option<&[u8]>| {
            let mut cmd = self.command();
            cmd.env("GIT_INDEX_FILE", &index).args(args);
            let ran = crate::tool::run(
                crate::tool::Tool::Git,
                &self.words(),
                cmd,
                stdin,
                cancel,
                |_| {},
            )?;
            if !ran.status.success() {
                return Err(self.git_failure(what, &ran));
            }
            Ok(ran)
        };
        let built = (|| {
            with_index("reading the merged tree", &["read-tree", tree], None)?;
            let mut info = String::new();
            for (path, blob) in blobs {
                let mode = self.mode(head, path, cancel)?;
                info.push_str(&format!("{mode} {blob}\t{path}\n"));
            }
            with_index(
                "placing the merged posts",
                &["update-index", "--index-info"],
                Some(info.as_bytes()),
            )?;
            Ok(with_index("writing the merged tree", &["write-tree"], None)?.text())
        })();
        let _ = std::fs::remove_file(&index);
        built
    }

    /// The mode of `path` in `rev` (an executable post keeps its bit).
    fn mode(&self, rev: &str, path: &str, cancel: &AtomicBool) -> Result<String> {
        let ran = self.git(
            "reading a file's mode",
            &["ls-tree", rev, "--", path],
            cancel,
        )?;
        Ok(ran
            .text()
            .split(' ')
            .next()
            .filter(|m| m.len() == 6)
            .unwrap_or("100644")
            .to_string())
    }
}

/// One answer of `git cat-file --batch`: the blob's text (`None` if missing or not UTF-8)
/// and what follows it.
fn next_blob(out: &[u8]) -> (Option<String>, &[u8]) {
    let Some(end) = out.iter().position(|b| *b == b'\n') else {
        return (None, &[]);
    };
    let header = String::from_utf8_lossy(&out[..end]).into_owned();
    let rest = &out[end + 1..];
    let mut words = header.split(' ');
    let (_, kind, size) = (words.next(), words.next(), words.next());
    let Some(size) = size.and_then(|s| s.parse::<usize>().ok()) else {
        // `<object> missing`: nothing follows.
        return (None, rest);
    };
    let body = &rest[..size.min(rest.len())];
    let after = rest.get(size + 1..).unwrap_or(&[]);
    let text = (kind == Some("blob"))
        .then(|| String::from_utf8(body.to_vec()).ok())
        .flatten();
    (text, after)
}
