//! The content folder and the library, kept in agreement. DESIGN.md's rules, in code:
//!
//! - The files are the truth for published text; the library never silently overrides them.
//! - A change on disk to a post with no unsaved draft just updates the post.
//! - A change on disk to a post with an unsaved draft is a conflict: both versions become
//!   revisions at once, and the author merges. Nothing is lost either way.
//! - A removed file keeps its post and history, marked missing, until the author deletes it.
//! - A file that reappears elsewhere with the same content is the same post, renamed.
//!
//! Quire's own writes set the post's disk hash before the watcher sees them, so they
//! compare equal here and produce no change.

use std::collections::BTreeSet;

use serde::Serialize;
use ts_rs::TS;

use crate::blog::Blog;
use crate::folder::{content_hash, is_asset_path, is_hidden_path, is_post_path, post_folder};
use crate::watch::is_dir;
use crate::Result;

mod reconcile;

use reconcile::ReconcileOptions;

/// What happened to a post on disk, as the app and `quire watch` report it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Change {
    /// A new post on disk, or the file of a missing post back at its path.
    Created {
        /// The post's id.
        id: i64,
        /// The post's path, relative to the content folder.
        path: String,
    },
    /// Changed on disk; the post had no unsaved draft.
    Modified {
        /// The post's id.
        id: i64,
        /// The post's path, relative to the content folder.
        path: String,
    },
    /// Changed on disk while the post had an unsaved draft; both are now revisions.
    Conflict {
        /// The post's id.
        id: i64,
        /// The post's path, relative to the content folder.
        path: String,
    },
    /// Gone from disk; the post and its history stay, marked missing.
    Removed {
        /// The post's id.
        id: i64,
        /// The path the file was at, relative to the content folder.
        path: String,
    },
    /// Moved to another path with the same content; the post keeps its id and history.
    Renamed {
        /// The post's id.
        id: i64,
        /// The old path, relative to the content folder.
        from: String,
        /// The new path, relative to the content folder.
        to: String,
    },
    /// An image or other file the post links to changed on disk.
    Asset {
        /// The id of the post that links to the file.
        id: i64,
        /// The changed file's path, relative to the content folder.
        path: String,
    },
}

/// What a full scan of the folder found and changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ScanReport {
    /// Post files found in the folder.
    pub files: usize,
    /// What changed in the library, post by post.
    pub changes: Vec<Change>,
    /// Files listed with a problem instead of read: binary, not UTF-8 or too large.
    pub unreadable: usize,
}

/// Differences between the folder and the library, found without changing either.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    /// Post files the library has no post for.
    pub not_in_library: Vec<String>,
    /// Posts whose file is gone though the library does not have them marked missing.
    pub missing_on_disk: Vec<String>,
    /// Files that differ from the version the library last saw, or are back though marked
    /// missing.
    pub changed_on_disk: Vec<String>,
}

impl CheckReport {
    /// True when the folder and the library agree.
    pub fn is_clean(&self) -> bool {
        self.not_in_library.is_empty()
            && self.missing_on_disk.is_empty()
            && self.changed_on_disk.is_empty()
    }
}

/// Posts counted per turn after a scan (see [`Blog::count_words`]): enough to keep every
/// core busy, few enough that a save waiting for the library waits a few milliseconds.
pub const COUNT_BATCH: usize = 64;

impl Blog {
    /// Reconciles every file in the folder and every post in the library: used at start
    /// (changes made while Quire was closed) and by `quire check --rebuild`. With `force`,
    /// files are re-read even when size and mtime say they did not change.
    pub fn scan(
        &self,
        now: i64,
        force: bool,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<ScanReport> {
        // Counted as they are read, not read again to be counted; then any a listing
        // before left uncounted (a window closed before it counted them).
        let report = self.scan_with(now, force, true, progress)?;
        while self.count_words(COUNT_BATCH)? > 0 {}
        Ok(report)
    }

    /// [`Blog::scan`] but for the words of the files it read, which [`Blog::count_words`]
    /// counts next: counting parses every file as Markdown, half the work of a first scan,
    /// and the list can show the posts without it.
    pub fn scan_listing(
        &self,
        now: i64,
        force: bool,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<ScanReport> {
        // A forced scan (`quire check --rebuild`) reads every file to set the index right,
        // counts included: a count the rules have changed since is counted again.
        self.scan_with(now, force, force, progress)
    }

    fn scan_with(
        &self,
        now: i64,
        force: bool,
        count: bool,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<ScanReport> {
        let on_disk = self.folder.scan()?;
        let files = on_disk.len();
        let mut paths: BTreeSet<String> = on_disk.into_iter().collect();
        paths.extend(self.library.paths()?);
        let paths: Vec<String> = paths.into_iter().collect();
        let mut unreadable = 0;
        let options = ReconcileOptions {
            force,
            count,
            whole_folder: true,
        };
        let changes = self.reconcile_with(&paths, now, options, &mut |done, total, bad| {
            unreadable += usize::from(bad);
            progress(done, total)
        })?;
        Ok(ScanReport {
            files,
            changes,
            unreadable,
        })
    }

    /// Applies what is on disk now at `paths` (relative, `/`-separated) to the library and
    /// says what changed. Paths that are not posts are ignored.
    ///
    /// Touched files are always re-read: two writes in the same millisecond with the same
    /// size look unchanged by size and mtime, and only the hash tells them apart.
    pub fn reconcile(&self, paths: &[String], now: i64) -> Result<Vec<Change>> {
        let options = ReconcileOptions {
            force: true,
            count: true,
            whole_folder: false,
        };
        self.reconcile_with(paths, now, options, &mut |_, _, _| {})
    }

    /// The post paths behind `paths`: posts as they are, and for a folder (a page bundle
    /// or a section moved as a whole) the posts inside it now and those the library had
    /// inside it before.
    ///
    /// Also returns the touched paths that are assets (images), for [`Change::Asset`].
    fn expand(&self, paths: &[String]) -> Result<(BTreeSet<String>, Vec<String>)> {
        let mut out = BTreeSet::new();
        let mut dirs = Vec::new();
        let mut assets = Vec::new();
        for p in paths {
            if is_post_path(p) {
                out.insert(p.clone());
            } else if is_hidden_path(p) {
                continue;
            } else if is_asset_path(p) {
                assets.push(p.clone());
            } else {
                dirs.push(p.as_str());
            }
        }
        if dirs.is_empty() {
            return Ok((out, assets));
        }
        let known = self.library.paths()?;
        for dir in dirs {
            let prefix = format!("{dir}/");
            out.extend(known.iter().filter(|k| k.starts_with(&prefix)).cloned());
            if is_dir(&self.folder, dir) {
                out.extend(
                    self.folder
                        .scan()?
                        .into_iter()
                        .filter(|f| f.starts_with(&prefix)),
                );
            }
        }
        Ok((out, assets))
    }

    /// The posts that link to `asset`: posts in its folder or a folder above it whose
    /// newest known text names it by its path from the post. A page bundle's images, and
    /// a shared `assets/` folder's, are found alike.
    fn asset_owners(&self, asset: &str) -> Result<Vec<i64>> {
        let mut owners = Vec::new();
        for post in self.library.paths()? {
            let Some(from_post) = asset.strip_prefix(post_folder(&post)) else {
                continue;
            };
            let Some(k) = self.library.known(&post)? else {
                continue;
            };
            let text = self.library.latest_revision(k.id)?.map(|r| r.text);
            if text.is_some_and(|t| t.contains(from_post)) {
                owners.push(k.id);
            }
        }
        Ok(owners)
    }

    /// Compares folder and library by content hash, changing neither.
    pub fn check(&self) -> Result<CheckReport> {
        let mut report = CheckReport::default();
        let on_disk: BTreeSet<String> = self.folder.scan()?.into_iter().collect();
        for rel in &on_disk {
            match self.library.known(rel)? {
                None => report.not_in_library.push(rel.clone()),
                Some(k) => {
                    let hash = self.folder.read(rel).ok().map(|t| content_hash(&t));
                    if k.missing || (hash.is_some() && hash != k.disk_hash) {
                        report.changed_on_disk.push(rel.clone());
                    }
                }
            }
        }
        for rel in self.library.paths()? {
            let gone = !on_disk.contains(&rel);
            if gone && self.library.known(&rel)?.is_some_and(|k| !k.missing) {
                report.missing_on_disk.push(rel);
            }
        }
        Ok(report)
    }
}
