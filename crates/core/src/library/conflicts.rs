//! Posts a git sync could not merge by itself (migration 10): this machine and another
//! changed the same lines. The file keeps the author's text, so nothing they wrote moves
//! under them; the other machine's text becomes a revision from the remote, and the post
//! stays flagged, with the versions' common base, until the author settles it (a save of
//! the post does). No conflict marker is ever written into a post.

use rusqlite::{params, OptionalExtension};

use super::{Library, RevisionSource};
use crate::folder::content_hash;
use crate::{Error, Result};

/// A post's unsettled conflict: the three texts of its merge, less the author's (the file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The version both machines started from.
    pub base: String,
    /// The other machine's version.
    pub theirs: String,
    /// Where `theirs` came from, in words: the commit and its author.
    pub note: String,
}

impl Library {
    /// Flags post `id` as conflicted and records `conflict.theirs` in its history as a
    /// revision from the remote, noted. A later conflict replaces an earlier one: its
    /// `theirs` already holds the earlier remote change, which is in history as well.
    pub fn add_conflict(&self, id: i64, conflict: &Conflict, now: i64) -> Result<()> {
        let fail = || Error::sql("recording a conflict");
        self.add_revision(
            id,
            &conflict.theirs,
            &content_hash(&conflict.theirs),
            RevisionSource::Remote,
            now,
        )?;
        self.conn
            .execute(
                "UPDATE revisions SET note = ?2
                 WHERE id = (SELECT MAX(id) FROM revisions WHERE post_id = ?1)",
                params![id, conflict.note],
            )
            .map_err(fail())?;
        self.conn
            .execute(
                "INSERT OR REPLACE INTO conflicts (post_id, base, theirs, note, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id, conflict.base, conflict.theirs, conflict.note, now],
            )
            .map_err(fail())?;
        Ok(())
    }

    /// Post `id`'s unsettled conflict, if it has one.
    pub fn conflict(&self, id: i64) -> Result<Option<Conflict>> {
        self.conn
            .prepare_cached("SELECT base, theirs, note FROM conflicts WHERE post_id = ?1")
            .and_then(|mut s| {
                s.query_row([id], |r| {
                    Ok(Conflict {
                        base: r.get(0)?,
                        theirs: r.get(1)?,
                        note: r.get(2)?,
                    })
                })
                .optional()
            })
            .map_err(Error::sql("reading a conflict"))
    }

    /// The conflict of post `id` is settled.
    pub fn settle_conflict(&self, id: i64) -> Result<()> {
        self.conn
            .prepare_cached("DELETE FROM conflicts WHERE post_id = ?1")
            .and_then(|mut s| s.execute([id]))
            .map_err(Error::sql("settling a conflict"))?;
        Ok(())
    }
}
