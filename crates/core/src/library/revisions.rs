//! A post's revisions: every version of its text the library kept, stored compressed.
//!
//! The library keeps each file's first version whole when it first reads it, so that a
//! change made outside Quire can always be undone. Stored as they are, those texts made
//! the library as large as the content folder (116 MB for 121 MB of posts). So a text is
//! stored zstd-compressed in `packed`, with `text` left empty; prose compresses to a
//! quarter or less. Rows written before migration 6 keep their `text` until
//! [`Library::repack`] compresses them. Reading gives the same text either way: restore,
//! history and merge bases do not know how a revision is stored.

use std::borrow::Cow;

use rusqlite::{params, OptionalExtension};

use super::{Library, Revision, RevisionInfo, RevisionSource};
use crate::{Error, Result};

/// zstd's level for revisions: the fastest levels already take prose to a quarter, and a
/// first scan packs every file of the folder.
const LEVEL: i32 = 1;

/// The columns [`Stored::read`] reads, in its order.
const COLUMNS: &str = "id, hash, source, created_at, text, packed";

/// A revision as its row holds it.
struct Stored {
    id: i64,
    hash: String,
    source: RevisionSource,
    created_at: i64,
    text: String,
    packed: Option<Vec<u8>>,
}

impl Stored {
    fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Stored> {
        Ok(Stored {
            id: r.get(0)?,
            hash: r.get(1)?,
            source: r.get(2)?,
            created_at: r.get(3)?,
            text: r.get(4)?,
            packed: r.get(5)?,
        })
    }

    fn revision(self) -> Result<Revision> {
        Ok(Revision {
            text: unpack(self.id, self.text, self.packed)?,
            id: self.id,
            hash: self.hash,
            source: self.source,
            created_at: self.created_at,
        })
    }
}

/// A revision's text as the library stores it: made apart from the library, so that a
/// scan compresses many files at once on all cores.
pub struct Packed<'a> {
    /// The text, when it could not be compressed.
    plain: &'a str,
    packed: Option<Cow<'a, [u8]>>,
    /// The text's size.
    bytes: usize,
}

impl<'a> Packed<'a> {
    /// `text`, compressed.
    pub fn new(text: &'a str) -> Packed<'a> {
        let (plain, packed) = pack(text);
        Packed {
            plain,
            packed: packed.map(Cow::Owned),
            bytes: text.len(),
        }
    }

    /// The compressed bytes, to keep apart from the text; none if it could not be.
    pub fn into_bytes(self) -> Option<Vec<u8>> {
        self.packed.map(Cow::into_owned)
    }

    /// A text of `bytes` bytes compressed to `packed` by [`Packed::new`].
    pub fn from_bytes(packed: &'a [u8], bytes: usize) -> Packed<'a> {
        Packed {
            plain: "",
            packed: Some(Cow::Borrowed(packed)),
            bytes,
        }
    }
}

/// A text as it is stored: compressed, or as it is should compression fail (it only can
/// for want of memory), so that a version is never lost for the sake of space.
fn pack(text: &str) -> (&str, Option<Vec<u8>>) {
    thread_local! {
        // A compressor's context costs more to make than a short post to compress: one
        // per thread, kept.
        static COMPRESSOR: std::cell::RefCell<Option<zstd::bulk::Compressor<'static>>> =
            const { std::cell::RefCell::new(None) };
    }
    let packed = COMPRESSOR.with_borrow_mut(|slot| {
        if slot.is_none() {
            *slot = Some(zstd::bulk::Compressor::new(LEVEL)?);
        }
        match slot.as_mut() {
            Some(c) => c.compress(text.as_bytes()),
            None => unreachable!("made above"),
        }
    });
    match packed {
        Ok(packed) => ("", Some(packed)),
        Err(e) => {
            tracing::warn!(error = %e, "could not compress a revision; keeping it as it is");
            (text, None)
        }
    }
}

/// The text of revision `id` from its row's `text` and `packed`.
fn unpack(id: i64, text: String, packed: Option<Vec<u8>>) -> Result<String> {
    let Some(packed) = packed else {
        return Ok(text);
    };
    let damaged = |source| Error::RevisionDamaged {
        revision_id: id,
        source,
    };
    let bytes = zstd::stream::decode_all(packed.as_slice()).map_err(damaged)?;
    String::from_utf8(bytes)
        .map_err(|e| damaged(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))
}

impl Library {
    /// Records a version of a post. A version identical to the latest one is stored once.
    /// Returns whether a new revision was written.
    pub fn add_revision(
        &self,
        post_id: i64,
        text: &str,
        hash: &str,
        source: RevisionSource,
        now: i64,
    ) -> Result<bool> {
        self.add_packed_revision(post_id, &Packed::new(text), hash, source, now)
    }

    /// [`Library::add_revision`] of a text already packed.
    pub fn add_packed_revision(
        &self,
        post_id: i64,
        text: &Packed<'_>,
        hash: &str,
        source: RevisionSource,
        now: i64,
    ) -> Result<bool> {
        // Cached: a first scan asks this once per post, and preparing it cost more than
        // running it.
        let latest: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT hash FROM revisions WHERE post_id = ?1 ORDER BY id DESC LIMIT 1",
            )
            .and_then(|mut s| s.query_row([post_id], |r| r.get(0)).optional())
            .map_err(Error::sql("reading revisions"))?;
        if latest.as_deref() == Some(hash) {
            return Ok(false);
        }
        self.conn
            .prepare_cached(
                "INSERT INTO revisions (post_id, hash, text, packed, bytes, source, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )
            .and_then(|mut stmt| {
                stmt.execute(params![
                    post_id,
                    hash,
                    text.plain,
                    text.packed,
                    text.bytes as i64,
                    source,
                    now
                ])
            })
            .map_err(Error::sql("recording a revision"))?;
        Ok(true)
    }

    /// A post's revisions, newest first.
    pub fn revisions(&self, post_id: i64) -> Result<Vec<Revision>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM revisions WHERE post_id = ?1 ORDER BY id DESC"
            ))
            .map_err(Error::sql("reading revisions"))?;
        let rows = stmt
            .query_map([post_id], Stored::read)
            .map_err(Error::sql("reading revisions"))?;
        rows.map(|r| r.map_err(Error::sql("reading revisions"))?.revision())
            .collect()
    }

    /// A post's revisions, newest first, without their texts (the history list).
    pub fn revision_list(&self, post_id: i64) -> Result<Vec<RevisionInfo>> {
        self.rows(
            "reading revisions",
            "SELECT id, source, created_at, coalesce(bytes, length(CAST(text AS BLOB))), note
             FROM revisions WHERE post_id = ?1 ORDER BY id DESC",
            [post_id],
            |r| {
                Ok(RevisionInfo {
                    id: r.get(0)?,
                    source: r.get(1)?,
                    created_at: r.get(2)?,
                    bytes: r.get::<_, i64>(3)?.clamp(0, u32::MAX.into()) as u32,
                    note: r.get(4)?,
                })
            },
        )
    }

    /// The post's newest revision, if it has any.
    pub fn latest_revision(&self, post_id: i64) -> Result<Option<Revision>> {
        self.newest_revision(post_id, false)
    }

    /// The post's newest revision that was the file's bytes: not a draft kept from the
    /// editor, whose text has the editor's line endings.
    pub fn latest_file_revision(&self, post_id: i64) -> Result<Option<Revision>> {
        self.newest_revision(post_id, true)
    }

    fn newest_revision(&self, post_id: i64, file_only: bool) -> Result<Option<Revision>> {
        self.conn
            .query_row(
                &format!(
                    "SELECT {COLUMNS} FROM revisions
                     WHERE post_id = ?1 AND NOT (?2 AND source = 'draft')
                     ORDER BY id DESC LIMIT 1"
                ),
                params![post_id, file_only],
                Stored::read,
            )
            .optional()
            .map_err(Error::sql("reading a revision"))?
            .map(Stored::revision)
            .transpose()
    }

    /// One revision of a post, or [`Error::NoSuchRevision`] if it is not one of the post's.
    pub fn revision(&self, post_id: i64, revision_id: i64) -> Result<Revision> {
        self.conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM revisions WHERE post_id = ?1 AND id = ?2"),
                [post_id, revision_id],
                Stored::read,
            )
            .optional()
            .map_err(Error::sql("reading a revision"))?
            .ok_or(Error::NoSuchRevision {
                post_id,
                revision_id,
            })?
            .revision()
    }

    /// The text of the newest revision of a post with this content hash.
    pub fn text_by_hash(&self, post_id: i64, hash: &str) -> Result<Option<String>> {
        self.conn
            .query_row(
                "SELECT id, text, packed FROM revisions WHERE post_id = ?1 AND hash = ?2
                 ORDER BY id DESC LIMIT 1",
                params![post_id, hash],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .map_err(Error::sql("reading a revision"))?
            .map(|(id, text, packed)| unpack(id, text, packed))
            .transpose()
    }

    /// Compresses the revisions stored before migration 6, a few hundred at a time so a
    /// long first pass never holds the write lock for long; then gives the space back to
    /// the file system. Returns how many were packed. Run once, at open, after the
    /// migration that added `packed`.
    pub(super) fn repack(&self) -> Result<usize> {
        let mut packed_in_all = 0;
        let mut after = 0i64;
        loop {
            let rows: Vec<(i64, String)> = self.rows(
                "reading revisions to compress",
                "SELECT id, text FROM revisions WHERE id > ?1 AND packed IS NULL
                 ORDER BY id LIMIT 256",
                [after],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let Some(&(last, _)) = rows.last() else {
                break;
            };
            after = last;
            self.atomically("compressing revisions", |conn| {
                for (id, text) in &rows {
                    let (plain, packed) = pack(text);
                    if packed.is_none() {
                        continue;
                    }
                    conn.execute(
                        "UPDATE revisions SET text = ?2, packed = ?3, bytes = ?4 WHERE id = ?1",
                        params![id, plain, packed, text.len() as i64],
                    )
                    .map_err(Error::sql("compressing a revision"))?;
                }
                Ok(())
            })?;
            packed_in_all += rows.len();
        }
        if packed_in_all > 0 {
            tracing::info!(
                revisions = packed_in_all,
                "compressed the library's revisions"
            );
            // The freed pages go back to the file system: the point was a smaller file. A
            // reader elsewhere (the command line) makes SQLite refuse; the library then
            // reuses the space as it grows instead.
            if let Err(e) = self.conn.execute_batch("VACUUM") {
                tracing::warn!(error = %e, "could not compact the library");
            }
        }
        Ok(packed_in_all)
    }
}
