//! The trash: posts taken out of the content folder, kept in the library with their
//! files' bytes, history and draft until the trash is emptied.
//!
//! The library rather than the system trash: a restore must put the post back at the
//! path it had with its history attached, on every system, and the system trash (absent
//! on many Linux desktops, and emptied by other programs) could not promise either.

use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use super::Library;
use crate::{Error, Result};

/// A post in the trash, as the trash list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TrashedPost {
    /// The post's id, kept from when it was in the folder.
    pub id: i64,
    /// Where it was, relative to the content folder: where a restore puts it back.
    pub path: String,
    /// Its title when it was trashed.
    pub title: String,
    /// When it was trashed, in milliseconds since the epoch.
    pub trashed_at: i64,
    /// How many files went with it (a page bundle's images included).
    pub files: u32,
}

impl Library {
    /// Moves a post into the trash: its files' bytes (relative paths) are kept, and its row
    /// leaves the folder's paths, so a new file at its old path is a new post.
    pub fn trash_post(&self, id: i64, files: &[(String, Vec<u8>)], now: i64) -> Result<()> {
        let fail = || Error::sql("moving a post to the trash");
        self.atomically("moving a post to the trash", |tx| {
        tx.execute(
            "INSERT INTO trash (post_id, path, trashed_at) SELECT id, path, ?2 FROM posts WHERE id = ?1",
            params![id, now],
        )
        .map_err(fail())?;
        for (rel, bytes) in files {
            tx.execute(
                "INSERT INTO trash_files (post_id, rel, bytes) VALUES (?1, ?2, ?3)",
                params![id, rel, bytes],
            )
            .map_err(fail())?;
        }
        // `\0` cannot be in a file name, so no file on disk ever maps to this row.
        tx.execute(
            "UPDATE posts SET trashed = 1, path = 'trash' || char(0) || id || char(0) || path WHERE id = ?1",
            [id],
        )
        .map_err(fail())?;
        Ok(())
        })
    }

    /// The posts in the trash, most recently trashed first.
    pub fn trashed(&self) -> Result<Vec<TrashedPost>> {
        self.rows(
            "listing the trash",
            "SELECT t.post_id, t.path, p.title, t.trashed_at,
                    (SELECT COUNT(*) FROM trash_files f WHERE f.post_id = t.post_id)
             FROM trash t JOIN posts p ON p.id = t.post_id
             ORDER BY t.trashed_at DESC, t.post_id DESC",
            [],
            |r| {
                Ok(TrashedPost {
                    id: r.get(0)?,
                    path: r.get(1)?,
                    title: r.get(2)?,
                    trashed_at: r.get(3)?,
                    files: r.get(4)?,
                })
            },
        )
    }

    /// The post in the trash with this id, if it is there.
    pub fn trashed_post(&self, id: i64) -> Result<Option<TrashedPost>> {
        Ok(self.trashed()?.into_iter().find(|t| t.id == id))
    }

    /// The post most recently trashed from `path`, if any.
    pub fn trashed_at_path(&self, path: &str) -> Result<Option<i64>> {
        self.conn
            .query_row(
                "SELECT post_id FROM trash WHERE path = ?1 ORDER BY trashed_at DESC, post_id DESC LIMIT 1",
                [path],
                |r| r.get(0),
            )
            .optional()
            .map_err(Error::sql("reading the trash"))
    }

    /// The files kept with a trashed post: relative paths and bytes.
    pub fn trashed_files(&self, id: i64) -> Result<Vec<(String, Vec<u8>)>> {
        self.rows(
            "reading the trash",
            "SELECT rel, bytes FROM trash_files WHERE post_id = ?1 ORDER BY rel",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    }

    /// Takes a post out of the trash: back at its old path, its kept bytes dropped (the
    /// caller has written them back).
    pub fn untrash(&self, id: i64) -> Result<()> {
        let fail = || Error::sql("restoring a post from the trash");
        self.atomically("restoring a post from the trash", |tx| {
            tx.execute(
                "UPDATE posts SET trashed = 0, path = (SELECT path FROM trash WHERE post_id = ?1)
             WHERE id = ?1 AND trashed",
                [id],
            )
            .map_err(fail())?;
            tx.execute("DELETE FROM trash WHERE post_id = ?1", [id])
                .map_err(fail())?;
            Ok(())
        })
    }

    /// Deletes every trashed post for good, with its history and draft; returns how many.
    pub fn empty_trash(&self) -> Result<usize> {
        let fail = || Error::sql("emptying the trash");
        self.atomically("emptying the trash", |tx| {
            for table in ["search", "search_title"] {
                tx.execute(
                    &format!(
                        "DELETE FROM {table} WHERE rowid IN (SELECT id FROM posts WHERE trashed)"
                    ),
                    [],
                )
                .map_err(fail())?;
            }
            tx.execute("DELETE FROM posts WHERE trashed", [])
                .map_err(fail())
        })
    }
}
