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

use std::collections::{BTreeSet, HashSet};

use rayon::prelude::*;

use serde::Serialize;
use ts_rs::TS;

use crate::blog::{file_title, Blog, Indexed};
use crate::error::Problem;
use crate::folder::{content_hash, is_asset_path, is_hidden_path, is_post_path, ContentFolder};
use crate::library::{FileStat, Known, Packed, PostIndex, RevisionSource};
use crate::watch::is_dir;
use crate::{endings, Error, Result};

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

/// A new file that may be a moved post: held until the vanished posts are matched.
struct Found {
    rel: String,
    file: Read,
    stat: FileStat,
}

/// Posts counted per turn after a scan (see [`Blog::count_words`]): enough to keep every
/// core busy, few enough that a save waiting for the library waits a few milliseconds.
pub const COUNT_BATCH: usize = 64;

/// Files read per chunk of a scan: enough to keep every core busy, few enough that a
/// folder of large posts is not all in memory at once.
const READ_CHUNK: usize = 256;

/// A file read for the index: its text, hash and what the index records of it, and for a
/// new post its first revision, compressed.
struct Read {
    text: String,
    hash: String,
    indexed: Indexed,
    packed: Option<Vec<u8>>,
}

impl Read {
    fn of(folder: &ContentFolder, rel: &str, new: bool, count: bool) -> Result<Read> {
        let text = folder.read(rel)?;
        let hash = content_hash(&text);
        let indexed = if count {
            Indexed::of(rel, &text)
        } else {
            Indexed::listed(rel, &text)
        };
        let packed = new.then(|| Packed::new(&text).into_bytes()).flatten();
        Ok(Read {
            text,
            hash,
            indexed,
            packed,
        })
    }
}

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
        let changes =
            self.reconcile_with(&paths, now, force, count, true, &mut |done, total, bad| {
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
        self.reconcile_with(paths, now, true, true, false, &mut |_, _, _| {})
    }

    fn reconcile_with(
        &self,
        paths: &[String],
        now: i64,
        force: bool,
        count: bool,
        whole_folder: bool,
        progress: &mut dyn FnMut(usize, usize, bool),
    ) -> Result<Vec<Change>> {
        if self.library.is_read_only() {
            // Nothing can be recorded: the posts are listed as the library last knew them.
            return Ok(Vec::new());
        }
        let (paths, assets) = self.expand(paths)?;
        let total = paths.len();
        let mut done = 0;
        let mut changes = Vec::new();
        let mut vanished: Vec<(String, Known)> = Vec::new();

        // First what the library knows and what the disk says of each path: cheap, and it
        // finds the posts that vanished, which a new file may be one of (moved).
        let mut batch = self.library.batch();
        let mut to_read: Vec<(String, Option<Known>, FileStat)> = Vec::new();
        // For the whole folder, every file is statted on all cores and what the library
        // knows is read in one query: on one thread, a stat and a lookup per file were a
        // tenth of a first scan (30 ms for 10,000 files, 9 ms now). A watcher's few files
        // are not worth the pool, where counting may be busy.
        let folder = &self.folder;
        let stats: Vec<Result<FileStat>> = if whole_folder {
            paths.par_iter().map(|rel| folder.stat(rel)).collect()
        } else {
            paths.iter().map(|rel| folder.stat(rel)).collect()
        };
        let mut all_known = if whole_folder {
            Some(self.library.known_all()?)
        } else {
            None
        };
        for (rel, stat) in paths.iter().zip(stats) {
            batch.tick()?;
            // Each path once (a set): taken out of the map, not copied.
            let known = match &mut all_known {
                Some(all) => all.remove(rel.as_str()),
                None => self.library.known(rel)?,
            };
            let stat = match stat {
                Ok(stat) => stat,
                Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                    if let Some(k) = known.filter(|k| !k.missing) {
                        vanished.push((rel.clone(), k));
                    }
                    done += 1;
                    progress(done, total, false);
                    continue;
                }
                Err(e) => return Err(e),
            };
            let unchanged = known
                .as_ref()
                .is_some_and(|k| !k.missing && k.disk_hash.is_some() && k.stat == Some(stat));
            if unchanged && !force {
                done += 1;
                progress(done, total, false);
                continue;
            }
            to_read.push((rel.clone(), known, stat));
        }
        let vanished_hashes: HashSet<String> = vanished
            .iter()
            .filter_map(|(_, k)| k.disk_hash.clone())
            .collect();

        // Then the files to read: read, hashed, parsed and compressed on all cores, a chunk
        // at a time, while this thread writes the chunk before into the library.
        let read = |chunk: &[(String, Option<Known>, FileStat)]| -> Vec<Result<Read>> {
            chunk
                .par_iter()
                .map(|(rel, known, _)| Read::of(folder, rel, known.is_none(), count))
                .collect()
        };
        let mut appeared: Vec<Found> = Vec::new();
        let chunks: Vec<&[(String, Option<Known>, FileStat)]> =
            to_read.chunks(READ_CHUNK).collect();
        let unread = std::thread::scope(|scope| -> Result<Option<Error>> {
            let mut next = chunks.first().map(|c| scope.spawn(|| read(c)));
            for (k, chunk) in chunks.iter().enumerate() {
                let Some(reading) = next.take() else { break };
                let results = reading
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                next = chunks.get(k + 1).map(|c| scope.spawn(|| read(c)));
                for ((rel, known, stat), result) in chunk.iter().zip(results) {
                    batch.tick()?;
                    done += 1;
                    let file = match result {
                        Ok(file) => file,
                        Err(e @ (Error::NotText { .. } | Error::TooLarge { .. })) => {
                            let id = self.index_unreadable(rel, &e, *stat, now)?;
                            changes.push(match known {
                                Some(k) if !k.missing => Change::Modified {
                                    id,
                                    path: rel.clone(),
                                },
                                _ => Change::Created {
                                    id,
                                    path: rel.clone(),
                                },
                            });
                            progress(done, total, true);
                            continue;
                        }
                        // Gone since its stat (a checkout, a sync tool): as if it had been
                        // gone then. A move landing elsewhere is then a removal and a new
                        // post, which the history keeps all the same.
                        Err(Error::Io { source, .. })
                            if source.kind() == std::io::ErrorKind::NotFound =>
                        {
                            if let Some(k) = known.clone().filter(|k| !k.missing) {
                                vanished.push((rel.clone(), k));
                            }
                            progress(done, total, false);
                            continue;
                        }
                        // Unreadable for now (no permission, a lock another program
                        // holds): the reconcile stops there, keeping the files before.
                        Err(e) => return Ok(Some(e)),
                    };
                    match known {
                        // New, and no vanished post had these bytes: not a move, so written
                        // now rather than held until every file is read.
                        None if !vanished_hashes.contains(&file.hash) => {
                            changes.push(self.created(rel, &file, *stat, now)?);
                        }
                        None => appeared.push(Found {
                            rel: rel.clone(),
                            file,
                            stat: *stat,
                        }),
                        Some(k) if k.disk_hash.as_deref() == Some(file.hash.as_str()) => {
                            // Our own write, a touch, or a file restored as it was.
                            self.write_index(
                                rel,
                                &file.indexed,
                                &file.hash,
                                Some(*stat),
                                now,
                                false,
                            )?;
                            if k.missing {
                                changes.push(Change::Created {
                                    id: k.id,
                                    path: rel.clone(),
                                });
                            }
                        }
                        Some(k) => {
                            changes.push(
                                self.disk_changed(k, rel, &file.text, &file.hash, *stat, now)?,
                            );
                        }
                    }
                    progress(done, total, false);
                }
            }
            Ok(None)
        })?;
        if let Some(e) = unread {
            batch.finish()?;
            return Err(e);
        }

        // A post that vanished from one path and appeared at another with the same bytes
        // was moved or renamed: keep it as the same post, with its history.
        for (from, k) in vanished {
            let same = appeared
                .iter()
                .position(|f| k.disk_hash.as_deref() == Some(f.file.hash.as_str()));
            match same {
                Some(i) => {
                    let found = appeared.swap_remove(i);
                    self.library.rename_post(k.id, &found.rel)?;
                    self.write_index(
                        &found.rel,
                        &found.file.indexed,
                        &found.file.hash,
                        Some(found.stat),
                        now,
                        false,
                    )?;
                    changes.push(Change::Renamed {
                        id: k.id,
                        from,
                        to: found.rel,
                    });
                }
                None => {
                    self.library.set_missing(k.id, true)?;
                    changes.push(Change::Removed {
                        id: k.id,
                        path: from,
                    });
                }
            }
        }
        for found in appeared {
            batch.tick()?;
            changes.push(self.created(&found.rel, &found.file, found.stat, now)?);
        }
        for asset in assets {
            for id in self.asset_owners(&asset)? {
                changes.push(Change::Asset {
                    id,
                    path: asset.clone(),
                });
            }
        }
        batch.finish()?;
        Ok(changes)
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
            let dir = post.rsplit_once('/').map_or("", |(d, _)| d);
            let from_post = if dir.is_empty() {
                Some(asset)
            } else {
                asset.strip_prefix(dir).and_then(|r| r.strip_prefix('/'))
            };
            let Some(from_post) = from_post else { continue };
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

    fn disk_changed(
        &self,
        k: &Known,
        rel: &str,
        text: &str,
        hash: &str,
        stat: FileStat,
        now: i64,
    ) -> Result<Change> {
        self.index_text(rel, text, hash, Some(stat), now)?;
        // The draft first, so the history reads: what the author had, then what arrived.
        let draft = self.library.draft(k.id)?;
        let conflict = match &draft {
            Some(d) if d.text == endings::for_editor(text) => {
                // The disk caught up with the draft (saved by another tool): nothing to merge.
                self.library.clear_draft(k.id)?;
                false
            }
            Some(d) => {
                self.library.add_revision(
                    k.id,
                    &d.text,
                    &content_hash(&d.text),
                    RevisionSource::Draft,
                    now,
                )?;
                true
            }
            None => false,
        };
        self.library
            .add_revision(k.id, text, hash, RevisionSource::Disk, now)?;
        let path = rel.to_string();
        Ok(if conflict {
            Change::Conflict { id: k.id, path }
        } else if k.missing {
            Change::Created { id: k.id, path }
        } else {
            Change::Modified { id: k.id, path }
        })
    }

    fn index_unreadable(&self, rel: &str, e: &Error, stat: FileStat, now: i64) -> Result<i64> {
        self.library.index_post(
            &PostIndex {
                path: rel,
                title: &file_title(rel),
                status: "draft",
                date: None,
                tags: &[],
                summary: None,
                words: Some(0),
                disk_hash: None,
                problem: Some(&Problem::from(e)),
                stat: Some(stat),
            },
            now,
        )
    }

    /// Records a new post and its first revision.
    fn created(&self, rel: &str, file: &Read, stat: FileStat, now: i64) -> Result<Change> {
        let id = self.write_index(rel, &file.indexed, &file.hash, Some(stat), now, true)?;
        let packed = match &file.packed {
            Some(bytes) => Packed::from_bytes(bytes, file.text.len()),
            None => Packed::new(&file.text),
        };
        self.library
            .add_packed_revision(id, &packed, &file.hash, RevisionSource::Disk, now)?;
        Ok(Change::Created {
            id,
            path: rel.to_string(),
        })
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
