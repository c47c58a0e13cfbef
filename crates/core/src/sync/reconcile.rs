//! A reconcile, pass by pass: stat every path, read and record the files that changed,
//! pair the posts that vanished with the files that appeared (renames), then the assets.
//! Each pass leaves what the next one needs in the [`Run`] they share.

use std::collections::{BTreeSet, HashSet};

use rayon::prelude::*;

use super::Change;
use crate::blog::{file_title, Blog, Indexed};
use crate::error::Problem;
use crate::folder::{content_hash, ContentFolder};
use crate::library::{Batch, FileStat, Known, Packed, PostIndex, RevisionSource};
use crate::markup::Dialect;
use crate::{endings, Error, Result};

/// How a reconcile goes about its paths.
#[derive(Debug, Clone, Copy)]
pub(super) struct ReconcileOptions {
    /// Re-read every file, even one whose size and mtime say it did not change.
    pub force: bool,
    /// Count the words of the files read, rather than leave them to
    /// [`Blog::count_words`].
    pub count: bool,
    /// The paths are the whole folder: worth every core for the stats, and one query for
    /// what the library knows.
    pub whole_folder: bool,
}

/// Files read per chunk of a scan: enough to keep every core busy, few enough that a
/// folder of large posts is not all in memory at once.
const READ_CHUNK: usize = 256;

/// A path the stat pass found changed (or that a forced reconcile reads anyway).
struct Pending {
    rel: String,
    known: Option<Known>,
    stat: FileStat,
}

/// A new file that may be a moved post: held until the vanished posts are matched.
struct Found {
    rel: String,
    file: Read,
    stat: FileStat,
}

/// A file read for the index: its text, hash and what the index records of it, and for a
/// new post its first revision, compressed.
struct Read {
    text: String,
    hash: String,
    indexed: Indexed,
    packed: Option<Vec<u8>>,
}

impl Read {
    fn of(
        folder: &ContentFolder,
        rel: &str,
        new: bool,
        count: bool,
        dialect: Option<Dialect>,
    ) -> Result<Read> {
        let text = folder.read(rel)?;
        let hash = content_hash(&text);
        let indexed = if count {
            Indexed::of(rel, &text, dialect)
        } else {
            Indexed::listed(rel, &text, dialect)
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

/// One reconcile under way: what its passes share.
struct Run<'b, 'p> {
    now: i64,
    options: ReconcileOptions,
    batch: Batch<'b>,
    changes: Vec<Change>,
    /// Posts whose file is gone from its path: removed, unless a new file is them moved.
    vanished: Vec<(String, Known)>,
    done: usize,
    total: usize,
    progress: &'p mut dyn FnMut(usize, usize, bool),
}

impl Run<'_, '_> {
    /// One more path done; `unreadable` when it was listed with a problem instead of read.
    fn step(&mut self, unreadable: bool) {
        self.done += 1;
        (self.progress)(self.done, self.total, unreadable);
    }

    /// The post at `rel` as the library knew it, gone from disk.
    fn vanish(&mut self, rel: &str, known: Option<Known>) {
        if let Some(k) = known.filter(|k| !k.missing) {
            self.vanished.push((rel.to_string(), k));
        }
    }
}

/// A file not there: gone since the library saw it, or since its stat.
fn is_gone(e: &Error) -> bool {
    matches!(e, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound)
}

impl Blog {
    /// Applies what is on disk now at `paths` to the library, pass by pass, and says what
    /// changed; `progress` hears of each path done (and whether it was unreadable).
    pub(super) fn reconcile_with(
        &self,
        paths: &[String],
        now: i64,
        options: ReconcileOptions,
        progress: &mut dyn FnMut(usize, usize, bool),
    ) -> Result<Vec<Change>> {
        if self.library.is_read_only() {
            // Nothing can be recorded: the posts are listed as the library last knew them.
            return Ok(Vec::new());
        }
        let (paths, assets) = self.expand(paths)?;
        let mut run = Run {
            now,
            options,
            batch: self.library.batch(),
            changes: Vec::new(),
            vanished: Vec::new(),
            done: 0,
            total: paths.len(),
            progress,
        };
        let pending = self.stat_pass(&paths, &mut run)?;
        let (appeared, unread) = self.read_pass(&pending, &mut run)?;
        if let Some(e) = unread {
            // What was recorded before the file that stopped it is kept.
            run.batch.finish()?;
            return Err(e);
        }
        self.rename_pass(appeared, &mut run)?;
        self.asset_pass(&assets, &mut run)?;
        run.batch.finish()?;
        Ok(run.changes)
    }

    /// What the library knows and what the disk says of each path: cheap, and it finds
    /// the posts that vanished, which a new file may be one of (moved). Returns the paths
    /// to read.
    fn stat_pass(&self, paths: &BTreeSet<String>, run: &mut Run) -> Result<Vec<Pending>> {
        // For the whole folder, every file is statted on all cores and what the library
        // knows is read in one query: on one thread, a stat and a lookup per file were a
        // tenth of a first scan (30 ms for 10,000 files, 9 ms now). A watcher's few files
        // are not worth the pool, where counting may be busy.
        let folder = &self.folder;
        let whole_folder = run.options.whole_folder;
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
        let mut pending = Vec::new();
        for (rel, stat) in paths.iter().zip(stats) {
            run.batch.tick()?;
            // Each path once (a set): taken out of the map, not copied.
            let known = match &mut all_known {
                Some(all) => all.remove(rel.as_str()),
                None => self.library.known(rel)?,
            };
            let stat = match stat {
                Ok(stat) => stat,
                Err(e) if is_gone(&e) => {
                    run.vanish(rel, known);
                    run.step(false);
                    continue;
                }
                Err(e) => return Err(e),
            };
            let unchanged = known
                .as_ref()
                .is_some_and(|k| !k.missing && k.disk_hash.is_some() && k.stat == Some(stat));
            if unchanged && !run.options.force {
                run.step(false);
                continue;
            }
            pending.push(Pending {
                rel: rel.clone(),
                known,
                stat,
            });
        }
        Ok(pending)
    }

    /// The files to read: read, hashed, parsed and compressed on all cores, a chunk at a
    /// time, while this thread records the chunk before. Returns the new files that may
    /// be moved posts, held for the rename pass, and the error that stopped the pass if
    /// one did.
    fn read_pass(&self, pending: &[Pending], run: &mut Run) -> Result<(Vec<Found>, Option<Error>)> {
        // A new file with none of these bytes is no move: recorded at once, not held.
        let vanished_hashes: HashSet<String> = run
            .vanished
            .iter()
            .filter_map(|(_, k)| k.disk_hash.clone())
            .collect();
        let folder = &self.folder;
        let count = run.options.count;
        let dialect = self.dialect.get();
        let read = |chunk: &[Pending]| -> Vec<Result<Read>> {
            chunk
                .par_iter()
                .map(|p| Read::of(folder, &p.rel, p.known.is_none(), count, dialect))
                .collect()
        };
        let mut appeared: Vec<Found> = Vec::new();
        let chunks: Vec<&[Pending]> = pending.chunks(READ_CHUNK).collect();
        let unread = std::thread::scope(|scope| -> Result<Option<Error>> {
            let mut next = chunks.first().map(|c| scope.spawn(|| read(c)));
            for (k, chunk) in chunks.iter().enumerate() {
                let Some(reading) = next.take() else { break };
                let results = reading
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                next = chunks.get(k + 1).map(|c| scope.spawn(|| read(c)));
                for (p, result) in chunk.iter().zip(results) {
                    run.batch.tick()?;
                    let file = match result {
                        Ok(file) => file,
                        Err(e) => match self.unread(p, e, run)? {
                            Some(stop) => return Ok(Some(stop)),
                            None => continue,
                        },
                    };
                    if p.known.is_none() && vanished_hashes.contains(&file.hash) {
                        appeared.push(Found {
                            rel: p.rel.clone(),
                            file,
                            stat: p.stat,
                        });
                    } else {
                        self.record(p, &file, run)?;
                    }
                    run.step(false);
                }
            }
            Ok(None)
        })?;
        Ok((appeared, unread))
    }

    /// A file the read pass could not read: listed with its problem if it is not text or
    /// too large, taken as vanished if it went since its stat. Any other error is
    /// returned, to stop the reconcile.
    fn unread(&self, p: &Pending, e: Error, run: &mut Run) -> Result<Option<Error>> {
        match e {
            Error::NotText { .. } | Error::TooLarge { .. } => {
                let id = self.index_unreadable(&p.rel, &e, p.stat, run.now)?;
                let path = p.rel.clone();
                run.changes.push(match &p.known {
                    Some(k) if !k.missing => Change::Modified { id, path },
                    _ => Change::Created { id, path },
                });
                run.step(true);
                Ok(None)
            }
            // Gone since its stat (a checkout, a sync tool): as if it had been gone then.
            // A move landing elsewhere is then a removal and a new post, which the
            // history keeps all the same.
            e if is_gone(&e) => {
                run.vanish(&p.rel, p.known.clone());
                run.step(false);
                Ok(None)
            }
            // Unreadable for now (no permission, a lock another program holds): the
            // reconcile stops there, keeping the files before.
            e => Ok(Some(e)),
        }
    }

    /// Records a file read at a path: a new post, or what changed of a known one.
    fn record(&self, p: &Pending, file: &Read, run: &mut Run) -> Result<()> {
        let (rel, now) = (&p.rel, run.now);
        match &p.known {
            // New, and no vanished post had these bytes: not a move, so written now rather
            // than held until every file is read.
            None => run.changes.push(self.created(rel, file, p.stat, now)?),
            Some(k) if k.disk_hash.as_deref() == Some(file.hash.as_str()) => {
                // Our own write, a touch, or a file restored as it was.
                self.write_index(rel, &file.indexed, &file.hash, Some(p.stat), now, false)?;
                if k.missing {
                    run.changes.push(Change::Created {
                        id: k.id,
                        path: rel.clone(),
                    });
                }
            }
            Some(k) => {
                let change = self.disk_changed(k, rel, &file.text, &file.hash, p.stat, now)?;
                run.changes.push(change);
            }
        }
        Ok(())
    }

    /// A post that vanished from one path and appeared at another with the same bytes was
    /// moved or renamed: kept as the same post, with its history. The rest are removed
    /// posts and new ones.
    fn rename_pass(&self, mut appeared: Vec<Found>, run: &mut Run) -> Result<()> {
        for (from, k) in std::mem::take(&mut run.vanished) {
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
                        run.now,
                        false,
                    )?;
                    run.changes.push(Change::Renamed {
                        id: k.id,
                        from,
                        to: found.rel,
                    });
                }
                None => {
                    self.library.set_missing(k.id, true)?;
                    run.changes.push(Change::Removed {
                        id: k.id,
                        path: from,
                    });
                }
            }
        }
        for found in appeared {
            run.batch.tick()?;
            let change = self.created(&found.rel, &found.file, found.stat, run.now)?;
            run.changes.push(change);
        }
        Ok(())
    }

    /// The touched images and other files, as changes of the posts that link to them.
    fn asset_pass(&self, assets: &[String], run: &mut Run) -> Result<()> {
        for asset in assets {
            for id in self.asset_owners(asset)? {
                run.changes.push(Change::Asset {
                    id,
                    path: asset.clone(),
                });
            }
        }
        Ok(())
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
                slug: None,
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
}
