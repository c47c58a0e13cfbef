//! The index of posts: a row per post file, written by the scan and the watcher, read by
//! the list and the search.

use std::collections::HashMap;

use rusqlite::{params, OptionalExtension};

use super::{FileStat, Known, Library, PostIndex, PostRow};
use crate::error::{ErrorCode, Problem};
use crate::frontmatter::Status;
use crate::{Error, Result};

/// The query [`row_to_known`] reads the rows of, then the path.
macro_rules! known_columns {
    () => {
        "SELECT id, disk_hash, size, mtime, missing, path FROM posts"
    };
}

fn row_to_known(r: &rusqlite::Row<'_>) -> rusqlite::Result<Known> {
    let size: Option<i64> = r.get(2)?;
    let mtime: Option<i64> = r.get(3)?;
    Ok(Known {
        id: r.get(0)?,
        disk_hash: r.get(1)?,
        stat: size
            .zip(mtime)
            .map(|(size, mtime)| FileStat { size, mtime }),
        missing: r.get(4)?,
    })
}

impl Library {
    /// Inserts or updates a post's index row; returns its id, stable across rescans.
    pub fn index_post(&self, post: &PostIndex<'_>, now: i64) -> Result<i64> {
        self.write_post(post, now, false)
    }

    /// [`Library::index_post`] of a path the library has no row for (a scan just looked),
    /// without looking again: a first scan writes thousands. If there is a row after all,
    /// this fails on the path's uniqueness and changes nothing.
    pub fn index_new_post(&self, post: &PostIndex<'_>, now: i64) -> Result<i64> {
        self.write_post(post, now, true)
    }

    fn write_post(&self, post: &PostIndex<'_>, now: i64, new: bool) -> Result<i64> {
        let tags = serde_json::to_string(post.tags).unwrap_or_else(|_| "[]".into());
        let fail = || Error::sql("indexing a post");
        let values = params![
            post.path,
            post.title,
            post.status,
            post.date,
            post.words.map(|w| w as i64),
            post.disk_hash,
            post.problem.map(|p| p.message.as_str()),
            now,
            post.stat.map(|s| s.size),
            post.stat.map(|s| s.mtime),
            post.problem.map(|p| p.code.as_str()),
            tags,
            post.summary,
            post.slug,
        ];
        self.atomically("indexing a post", |tx| {
            // An update, else an insert, rather than one upsert: its RETURNING made SQLite
            // build a table for each row, the most of a first scan's writes. A count not
            // given keeps the row's (see `words_hash`).
            let updated = if new {
                0
            } else {
                tx.prepare_cached(
                    "UPDATE posts SET title = ?2, status = ?3, date = ?4,
                       words = COALESCE(?5, words),
                       words_hash = CASE WHEN ?5 IS NULL THEN words_hash ELSE ?6 END,
                       disk_hash = ?6, problem = ?7, missing = 0, updated_at = ?8, size = ?9,
                       mtime = ?10, problem_code = ?11, tags = ?12, summary = ?13, slug = ?14
                     WHERE path = ?1",
                )
                .and_then(|mut s| s.execute(values))
                .map_err(fail())?
            };
            let id = if updated > 0 {
                let id = tx
                    .prepare_cached("SELECT id FROM posts WHERE path = ?1")
                    .and_then(|mut s| s.query_row([post.path], |r| r.get(0)))
                    .map_err(fail())?;
                tx.prepare_cached("DELETE FROM post_tags WHERE post_id = ?1")
                    .and_then(|mut s| s.execute([id]))
                    .map_err(Error::sql("indexing a post's tags"))?;
                id
            } else {
                tx.prepare_cached(
                    "INSERT INTO posts (path, title, status, date, words, words_hash, disk_hash,
                       problem, missing, updated_at, size, mtime, problem_code, tags, summary,
                       slug)
                     VALUES (?1, ?2, ?3, ?4, COALESCE(?5, 0),
                       CASE WHEN ?5 IS NULL THEN NULL ELSE ?6 END,
                       ?6, ?7, 0, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                )
                .and_then(|mut s| s.execute(values))
                .map_err(fail())?;
                // A new id has no tags: a post's go with it when it is deleted.
                tx.last_insert_rowid()
            };
            self.add_tags(tx, id, post.tags)?;
            Ok(id)
        })
    }

    /// The posts whose front matter (or Jekyll file name) says where they are published:
    /// `(path, slug)`, for the links other posts make to them.
    pub fn slugs(&self) -> Result<Vec<(String, String)>> {
        self.conn
            .prepare_cached(
                "SELECT path, slug FROM posts WHERE slug IS NOT NULL AND NOT trashed AND NOT missing",
            )
            .and_then(|mut q| {
                q.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<Vec<_>>>()
            })
            .map_err(Error::sql("reading the posts' slugs"))
    }

    /// Every post: missing ones last, then newest date first, then by title.
    pub fn posts(&self) -> Result<Vec<PostRow>> {
        self.rows(
            "listing posts",
            select_posts!(
                "WHERE NOT p.trashed
                 ORDER BY p.missing, COALESCE(p.date, '') DESC, p.title COLLATE NOCASE"
            ),
            [],
            row_to_post,
        )
    }

    /// The posts with these ids, in no particular order; an id with no post is left out.
    pub fn posts_by_id(&self, ids: &[i64]) -> Result<Vec<PostRow>> {
        let ids = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
        self.rows(
            "listing posts",
            select_posts!("WHERE p.id IN (SELECT value FROM json_each(?1)) AND NOT p.trashed"),
            [ids],
            row_to_post,
        )
    }

    /// The post with this id, or [`Error::NoSuchPost`].
    pub fn post(&self, id: i64) -> Result<PostRow> {
        self.conn
            .query_row(select_posts!("WHERE p.id = ?1"), [id], row_to_post)
            .optional()
            .map_err(Error::sql("reading a post"))?
            .ok_or(Error::NoSuchPost { id })
    }

    /// What the index knows of `path`, so a scan can tell a changed file from an unchanged
    /// one; `None` for a path it has never seen.
    pub fn known(&self, path: &str) -> Result<Option<Known>> {
        self.conn
            .prepare_cached(concat!(known_columns!(), " WHERE path = ?1"))
            .and_then(|mut s| s.query_row([path], row_to_known).optional())
            .map_err(Error::sql("reading a post"))
    }

    /// [`Library::known`] for every path the index has, trashed posts included (under
    /// their trash paths, which no file has): one query rather than one per file, for a
    /// scan of the whole folder.
    pub fn known_all(&self) -> Result<HashMap<String, Known>> {
        self.rows("reading the posts", known_columns!(), [], |r| {
            Ok((r.get(5)?, row_to_known(r)?))
        })
    }

    /// Every path the index knows, present on disk or not (trashed posts have none).
    pub fn paths(&self) -> Result<Vec<String>> {
        self.rows(
            "listing posts",
            "SELECT path FROM posts WHERE NOT trashed",
            [],
            |r| r.get(0),
        )
    }

    /// Moves a post to a new path, keeping its id, drafts and history. A stale row already
    /// at the new path (a post that went missing there earlier) gives way.
    pub fn rename_post(&self, id: i64, new_path: &str) -> Result<()> {
        self.atomically("renaming a post", |tx| {
            tx.execute(
                "UPDATE posts SET path = path || '#replaced-' || id WHERE path = ?1 AND id != ?2",
                params![new_path, id],
            )
            .and_then(|_| {
                tx.execute(
                    "UPDATE posts SET path = ?1, missing = 0 WHERE id = ?2",
                    params![new_path, id],
                )
            })
            .map_err(Error::sql("renaming a post"))?;
            Ok(())
        })
    }

    /// Marks a post's file as gone from disk, or back; the post's draft and history stay.
    pub fn set_missing(&self, id: i64, missing: bool) -> Result<()> {
        self.conn
            .execute(
                "UPDATE posts SET missing = ?1 WHERE id = ?2",
                params![missing, id],
            )
            .map_err(Error::sql("marking a post missing"))?;
        Ok(())
    }
}

/// The columns [`row_to_post`] reads, in its order, of the posts table named `p`.
macro_rules! post_columns {
    () => {
        "p.id, p.path, p.title, p.status, p.date,
         CASE WHEN p.words_hash IS p.disk_hash THEN p.words END, p.problem, p.missing,
         EXISTS (SELECT 1 FROM drafts d WHERE d.post_id = p.id), p.problem_code,
         p.disk_hash, p.tags,
         MAX(COALESCE(p.mtime, 0), COALESCE((SELECT d.updated_at FROM drafts d WHERE d.post_id = p.id), 0)),
         (SELECT MAX(pp.at) FROM publish_posts pp WHERE pp.post_id = p.id),
         (SELECT json_group_array(pp.target) FROM publish_posts pp WHERE pp.post_id = p.id),
         EXISTS (SELECT 1 FROM publish_posts pp WHERE pp.post_id = p.id AND pp.hash IS NOT p.disk_hash),
         EXISTS (SELECT 1 FROM conflicts c WHERE c.post_id = p.id)"
    };
}
pub(super) use post_columns;

/// The columns [`row_to_post`] reads, with `$tail` after the FROM.
macro_rules! select_posts {
    ($tail:literal) => {
        concat!("SELECT ", post_columns!(), " FROM posts p ", $tail)
    };
}
pub(super) use select_posts;

pub(super) fn row_to_post(r: &rusqlite::Row<'_>) -> rusqlite::Result<PostRow> {
    Ok(PostRow {
        id: r.get(0)?,
        path: r.get(1)?,
        title: r.get(2)?,
        status: Status::parse(&r.get::<_, String>(3)?).unwrap_or_default(),
        date: r.get(4)?,
        words: r.get::<_, Option<i64>>(5)?.map(|w| w as u64),
        problem: match r.get::<_, Option<String>>(6)? {
            Some(message) => Some(Problem {
                code: ErrorCode::parse(&r.get::<_, Option<String>>(9)?.unwrap_or_default()),
                message,
            }),
            None => None,
        },
        missing: r.get(7)?,
        has_draft: r.get(8)?,
        disk_hash: r.get(10)?,
        tags: serde_json::from_str(&r.get::<_, String>(11)?).unwrap_or_default(),
        edited: r.get(12)?,
        published: r.get(13)?,
        published_to: serde_json::from_str(&r.get::<_, String>(14)?).unwrap_or_default(),
        changed_since_publish: r.get(15)?,
        conflicted: r.get(16)?,
    })
}
