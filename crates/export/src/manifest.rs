//! What the last export wrote and from what: the output folder's memory between runs. It
//! lets an export re-render only the pages whose inputs changed, skip re-reading files
//! whose size and time are unchanged, and remove exactly the files it wrote before and
//! no longer writes, leaving the author's own files in the folder alone.
//!
//! It lives in the records folder the caller names (the library's, see
//! `quire_core::locations::export_records`), never in the output: it lists every post
//! read, drafts included, with title, summary and author, and whatever is in the output
//! folder gets uploaded by someone (#21).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::output::{write_whole, Output};
use crate::source::Entry;
use crate::Result;

/// Where exports before #21 kept the manifest: in the output folder, which published
/// every draft's title and summary with the site. Read once, so that the export after
/// the upgrade is still incremental and still removes what it wrote, then deleted.
pub const LEGACY_FILE: &str = ".quire-export";

/// Bumped when what a key covers changes, so an older manifest means "export it all".
/// 2: a post without a status is published, and posts' markup is rendered (#23).
const VERSION: u32 = 2;

/// The record of the last export.
///
/// At 10,000 posts it is megabytes, and rewriting it whole was a third of the time of an
/// export after one edit. So it is kept as a base, written whole now and then, and a log
/// each export appends its changes to ([`Delta`]); loading replays the log on the base.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    version: u32,
    /// Each post read, by its path in the content folder.
    #[serde(deserialize_with = "all_at_once")]
    pub sources: HashMap<String, Entry>,
    /// Each file written, by its path in the output folder, with the key of its inputs.
    #[serde(deserialize_with = "all_at_once")]
    pub outputs: BTreeMap<String, String>,
    /// The fingerprint of the posts' markup ([`quire_core::markup::Markup::fingerprint`])
    /// the sources were read with: another one reads them all again.
    pub markup: String,
    /// The base this was loaded from, if any.
    #[serde(skip)]
    loaded: Option<Loaded>,
}

/// A base as loaded, with its log.
#[derive(Debug)]
struct Loaded {
    /// A hash of the base's bytes: a log's records name the base they belong to, so a log
    /// left beside a newer base (written whole, then cut off before the old log was
    /// removed) is never replayed on it.
    base: String,
    /// The base's size, and the log's whole records': when the log outgrows half the
    /// base, the next save writes a new base.
    sizes: (u64, u64),
}

/// A map read as the sequence of pairs it is stored as (postcard writes a map and a
/// sequence of pairs alike), then built at once: a `BTreeMap` from sorted pairs in one
/// pass rather than 16,000 inserts, a `HashMap` at its full size.
fn all_at_once<'de, D, M, K, V>(d: D) -> std::result::Result<M, D::Error>
where
    D: serde::Deserializer<'de>,
    M: FromIterator<(K, V)>,
    K: Deserialize<'de>,
    V: Deserialize<'de>,
{
    let pairs = Vec::<(K, V)>::deserialize(d)?;
    Ok(pairs.into_iter().collect())
}

/// What one export changed in the manifest: a record of the log.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Delta {
    base: String,
    sources: Vec<Entry>,
    sources_gone: Vec<String>,
    outputs: Vec<(String, String)>,
    outputs_gone: Vec<String>,
}

/// Which posts an export read anew, and which of the last export's are gone: with the
/// outputs, all a save needs to write a [`Delta`] rather than the whole manifest.
pub struct Changes<'a> {
    /// Posts whose entries changed, by path.
    pub sources: &'a [String],
    /// Posts no longer read, by path.
    pub gone: &'a [String],
}

impl Manifest {
    /// A manifest of what this export read and wrote.
    pub fn new(
        sources: HashMap<String, Entry>,
        outputs: BTreeMap<String, String>,
        markup: String,
    ) -> Manifest {
        Manifest {
            version: VERSION,
            sources,
            outputs,
            markup,
            ..Manifest::default()
        }
    }

    /// The manifest of the last export into `out`, kept in `records`; or an empty one
    /// (everything is exported) if there is none or it is from another version or
    /// unreadable. A manifest an older Quire left in the output folder is taken if there
    /// is no other ([`Manifest::save`] deletes it).
    pub fn load(records: &Path, out: &Output) -> Result<Manifest> {
        let read = |path: &Path| {
            let bytes = std::fs::read(path).ok()?;
            let m = postcard::from_bytes::<Manifest>(&bytes).ok()?;
            (m.version == VERSION).then_some((m, bytes))
        };
        if let Some((mut m, bytes)) = read(&Manifest::path(records, out)) {
            m.loaded = Some(Loaded {
                base: base_id(&bytes),
                sizes: (bytes.len() as u64, 0),
            });
            m.replay(&Manifest::log_path(records, out));
            return Ok(m);
        }
        Ok(read(&out.path(LEGACY_FILE)?)
            .map(|(m, _)| m)
            .unwrap_or_default())
    }

    /// Applies the log's records for this base, up to the first that is cut short or
    /// unreadable (an export interrupted while appending: it is redone, as it would be
    /// had nothing been appended).
    fn replay(&mut self, log: &Path) {
        let Some(loaded) = self.loaded.as_mut() else {
            return;
        };
        let Ok(bytes) = std::fs::read(log) else {
            return;
        };
        let mut at = 0;
        while let Some(len) = bytes.get(at..at + 4) {
            let len = u32::from_le_bytes(len.try_into().expect("4 bytes")) as usize;
            let Some(record) = bytes.get(at + 4..at + 4 + len) else {
                break;
            };
            let Ok(delta) = postcard::from_bytes::<Delta>(record) else {
                break;
            };
            if delta.base != loaded.base {
                break;
            }
            for gone in delta.sources_gone {
                self.sources.remove(&gone);
            }
            for e in delta.sources {
                self.sources.insert(e.rel.clone(), e);
            }
            for gone in delta.outputs_gone {
                self.outputs.remove(&gone);
            }
            self.outputs.extend(delta.outputs);
            at += 4 + len;
        }
        loaded.sizes.1 = at as u64;
    }

    /// Records this export, last, so an interrupted export is redone from the old one;
    /// then deletes an older Quire's manifest from the output folder, now that this one
    /// holds what it knew. `last` is the manifest this export started from and `changes`
    /// what it read anew: when `last` is this folder's base with the same markup, only
    /// the difference is appended to the log.
    ///
    /// A manifest that cannot be written (a library on a read-only location) costs only
    /// the next export's speed and its removal of pages this one wrote: the site is
    /// written, so the export does not fail, and the old manifest goes all the same, as
    /// whatever is in the output folder is published.
    pub fn save(
        self,
        records: &Path,
        out: &Output,
        last: &Manifest,
        changes: Changes<'_>,
    ) -> Result<()> {
        let saved = match (&last.loaded, last.markup == self.markup) {
            (Some(base), true) => self.append(records, out, base, last, changes),
            _ => Err(std::io::Error::other("no base to append to")),
        };
        let whole = self;
        let saved = saved.or_else(|_| {
            let bytes = postcard::to_stdvec(&whole).expect("the manifest serializes");
            write_whole(&Manifest::path(records, out), &bytes).map_err(std::io::Error::other)?;
            match std::fs::remove_file(Manifest::log_path(records, out)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            }
        });
        if let Err(e) = saved {
            tracing::warn!(error = %e, "the export's manifest is not kept; the next export starts afresh");
        }
        drop_aside(whole);
        out.remove(LEGACY_FILE)
    }

    /// Appends what changed since `last` to the log, unless the log would then outgrow
    /// half the base (an error: the caller writes a new base).
    fn append(
        &self,
        records: &Path,
        out: &Output,
        base: &Loaded,
        last: &Manifest,
        changes: Changes<'_>,
    ) -> std::io::Result<()> {
        use std::io::{Seek, SeekFrom, Write};
        let mut delta = Delta {
            base: base.base.clone(),
            sources_gone: changes.gone.to_vec(),
            ..Delta::default()
        };
        delta.sources = changes
            .sources
            .iter()
            .filter_map(|rel| self.sources.get(rel).cloned())
            .collect();
        for (path, k) in &self.outputs {
            if last.outputs.get(path) != Some(k) {
                delta.outputs.push((path.clone(), k.clone()));
            }
        }
        delta.outputs_gone = last
            .outputs
            .keys()
            .filter(|p| !self.outputs.contains_key(*p))
            .cloned()
            .collect();
        let record = postcard::to_stdvec(&delta).expect("a delta serializes");
        let (whole, log) = base.sizes;
        if log + record.len() as u64 + 4 > whole / 2 {
            return Err(std::io::Error::other("the log has outgrown its base"));
        }
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(Manifest::log_path(records, out))?;
        // Past the last whole record: a record cut short by an interrupted export goes.
        file.set_len(log)?;
        file.seek(SeekFrom::Start(log))?;
        let mut bytes = (record.len() as u32).to_le_bytes().to_vec();
        bytes.extend_from_slice(&record);
        file.write_all(&bytes)
    }

    /// The manifest's file for the output folder `out`: one per output folder, named by
    /// a hash of its canonical path, so exports to two folders keep two records.
    fn path(records: &Path, out: &Output) -> PathBuf {
        Manifest::record(records, out, "manifest")
    }

    /// The log of changes since the manifest's base.
    fn log_path(records: &Path, out: &Output) -> PathBuf {
        Manifest::record(records, out, "manifest-log")
    }

    /// A record of the export into `out` named `what`, beside its manifest.
    pub(crate) fn record(records: &Path, out: &Output, what: &str) -> PathBuf {
        let name = key(&[&out.root().to_string_lossy()]);
        records.join(format!("{name}.{what}"))
    }
}

/// Frees `value` on a thread of its own: at 10,000 posts freeing a manifest is a tenth of
/// an export after one edit, and nothing waits for it. Where no thread can be made, here.
pub(crate) fn drop_aside<T: Send + 'static>(value: T) {
    let spawned = std::thread::Builder::new()
        .name("export-free".into())
        .spawn(move || drop(value));
    if let Err(e) = spawned {
        tracing::debug!(error = %e, "freeing the manifest in place");
    }
}

/// What names a base for its log: a hash of its bytes.
fn base_id(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest[..12].iter().map(|b| format!("{b:02x}")).collect()
}

/// One export's side of the manifest: each output it made, with the key of its inputs,
/// and how many it wrote. Shared by the steps that run in parallel.
pub(crate) struct Run<'a> {
    out: &'a Output,
    old: &'a Manifest,
    new: Mutex<BTreeMap<String, String>>,
    /// The files this export wrote (their bytes changed), for whoever keeps a copy of
    /// the output in step (a publish's git index).
    changed: Mutex<Vec<String>>,
    written: AtomicUsize,
    unchanged: AtomicUsize,
}

impl<'a> Run<'a> {
    /// An export into `out`, whose last export is recorded in `old`.
    pub(crate) fn new(out: &'a Output, old: &'a Manifest) -> Run<'a> {
        Run {
            out,
            old,
            new: Mutex::new(BTreeMap::new()),
            changed: Mutex::new(Vec::new()),
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
        }
    }

    /// Records the output `path` made from inputs with key `k`, making and writing it only
    /// if the last export's key differs or the file is gone.
    pub(crate) fn emit(
        &self,
        path: &str,
        k: &str,
        make: impl FnOnce() -> Result<Vec<u8>>,
    ) -> Result<()> {
        let same = self.old.outputs.get(path).is_some_and(|old| old == k)
            && self.out.path(path)?.is_file();
        let wrote = if same {
            false
        } else {
            self.out.write(path, &make()?)?
        };
        self.count(path, wrote);
        self.record(path, k);
        Ok(())
    }

    /// Whether every one of `paths` was made from inputs with key `k` last time and is
    /// still there: for files made together, which are remade together.
    pub(crate) fn current(&self, paths: &[String], k: &str) -> bool {
        paths.iter().all(|p| {
            self.old.outputs.get(p).is_some_and(|old| old == k)
                && self.out.path(p).is_ok_and(|p| p.is_file())
        })
    }

    /// Records an output that is current as it is (counted as unchanged).
    pub(crate) fn keep(&self, path: &str, k: &str) {
        self.unchanged.fetch_add(1, Ordering::Relaxed);
        self.record(path, k);
    }

    /// Records the output `path` with key `k` and writes `bytes` to it if they changed:
    /// for files made together under one key, which cannot tell which of them changed.
    pub(crate) fn write(&self, path: &str, k: &str, bytes: &[u8]) -> Result<()> {
        self.record(path, k);
        self.count(path, self.out.write(path, bytes)?);
        Ok(())
    }

    /// Every output of this export with its key, the files it wrote, and how many were
    /// written and how many left as they were.
    pub(crate) fn finish(self) -> (BTreeMap<String, String>, Vec<String>, usize, usize) {
        let outputs = self.new.into_inner().expect("no export thread panicked");
        let changed = self
            .changed
            .into_inner()
            .expect("no export thread panicked");
        (
            outputs,
            changed,
            self.written.into_inner(),
            self.unchanged.into_inner(),
        )
    }

    fn count(&self, path: &str, wrote: bool) {
        let counter = if wrote {
            self.changed
                .lock()
                .expect("no export thread panicked")
                .push(path.to_string());
            &self.written
        } else {
            &self.unchanged
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// Whether this export has already made `path`.
    pub(crate) fn made(&self, path: &str) -> bool {
        self.new
            .lock()
            .expect("no export thread panicked")
            .contains_key(path)
    }

    fn record(&self, path: &str, k: &str) {
        self.new
            .lock()
            .expect("no export thread panicked")
            .insert(path.to_string(), k.to_string());
    }
}

/// A short fingerprint of everything a page is made from.
pub fn key(parts: &[&str]) -> String {
    let mut k = Key::default();
    for p in parts {
        k.add(p);
    }
    k.finish()
}

/// A [`key`] built a part at a time, for inputs too many to gather first.
#[derive(Default)]
pub struct Key(Sha256);

impl Key {
    /// Adds one input; inputs are length-prefixed, so `("ab", "c")` ≠ `("a", "bc")`.
    pub fn add(&mut self, part: &str) -> &mut Key {
        self.0.update((part.len() as u64).to_le_bytes());
        self.0.update(part.as_bytes());
        self
    }

    /// The fingerprint.
    pub fn finish(self) -> String {
        let digest = self.0.finalize();
        digest[..12].iter().map(|b| format!("{b:02x}")).collect()
    }
}
