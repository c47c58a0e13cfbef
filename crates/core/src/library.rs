//! The SQLite library: the index of posts, the drafts not yet on disk, and every revision
//! ever seen. It is one file outside the content folder.

use std::path::Path;
use std::time::Duration;

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::{Error, Result};

/// Append-only: a released migration is never edited, a change is a new entry.
const MIGRATIONS: &[&str] = &[
    // 1: posts, drafts, revisions, settings.
    "CREATE TABLE posts (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'draft',
        date TEXT,
        words INTEGER NOT NULL DEFAULT 0,
        disk_hash TEXT,
        problem TEXT,
        missing INTEGER NOT NULL DEFAULT 0,
        updated_at INTEGER NOT NULL
    );
    CREATE TABLE drafts (
        post_id INTEGER PRIMARY KEY REFERENCES posts(id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        updated_at INTEGER NOT NULL
    );
    CREATE TABLE revisions (
        id INTEGER PRIMARY KEY,
        post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
        hash TEXT NOT NULL,
        text TEXT NOT NULL,
        source TEXT NOT NULL,
        created_at INTEGER NOT NULL
    );
    CREATE INDEX revisions_by_post ON revisions(post_id, id);
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
];

/// A post as the library sidebar lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PostRow {
    pub id: i64,
    /// Relative to the content folder, `/`-separated.
    pub path: String,
    pub title: String,
    pub status: String,
    pub date: Option<String>,
    pub words: u64,
    /// Why the file cannot be opened or rendered, if it cannot.
    pub problem: Option<String>,
    pub missing: bool,
    pub has_draft: bool,
}

/// What the index stores about a file on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostIndex<'a> {
    pub path: &'a str,
    pub title: &'a str,
    pub status: &'a str,
    pub date: Option<&'a str>,
    pub words: u64,
    pub disk_hash: Option<&'a str>,
    pub problem: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Revision {
    pub id: i64,
    pub hash: String,
    pub source: String,
    pub created_at: i64,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Draft {
    pub text: String,
    pub updated_at: i64,
}

pub struct Library {
    conn: Connection,
}

impl Library {
    /// Opens (creating if needed) and migrates the library at `path`.
    pub fn open(path: &Path) -> Result<Library> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(Error::io(parent))?;
        }
        let fail = |source| Error::LibraryOpen {
            path: path.to_path_buf(),
            source,
        };
        let conn = Connection::open(path).map_err(fail)?;
        // WAL lets the UI read while a save writes; NORMAL is durable across app crashes
        // (only an OS crash may lose the last commit), which keeps autosave cheap.
        conn.busy_timeout(Duration::from_secs(5)).map_err(fail)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(fail)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(fail)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(fail)?;
        let mut library = Library { conn };
        library.migrate()?;
        Ok(library)
    }

    fn migrate(&mut self) -> Result<()> {
        let version: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(Error::sql("reading the schema version"))?;
        let known = MIGRATIONS.len() as i64;
        if version > known {
            return Err(Error::LibraryTooNew {
                found: version,
                known,
            });
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = self.conn.transaction().map_err(Error::sql("migrating"))?;
            tx.execute_batch(sql).map_err(Error::sql("migrating"))?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)
                .map_err(Error::sql("migrating"))?;
            tx.commit().map_err(Error::sql("migrating"))?;
        }
        Ok(())
    }

    pub fn schema_version(&self) -> Result<i64> {
        self.conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(Error::sql("reading the schema version"))
    }

    /// Inserts or updates a post's index row; returns its id, stable across rescans.
    pub fn index_post(&self, post: &PostIndex<'_>, now: i64) -> Result<i64> {
        self.conn
            .query_row(
                "INSERT INTO posts (path, title, status, date, words, disk_hash, problem, missing, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8)
                 ON CONFLICT(path) DO UPDATE SET title = excluded.title, status = excluded.status,
                   date = excluded.date, words = excluded.words, disk_hash = excluded.disk_hash,
                   problem = excluded.problem, missing = 0, updated_at = excluded.updated_at
                 RETURNING id",
                params![
                    post.path,
                    post.title,
                    post.status,
                    post.date,
                    post.words as i64,
                    post.disk_hash,
                    post.problem,
                    now
                ],
                |r| r.get(0),
            )
            .map_err(Error::sql("indexing a post"))
    }

    /// Marks posts whose files are gone. They keep their drafts and history.
    pub fn mark_missing_except(&self, present: &[String]) -> Result<()> {
        let tx = self
            .conn
            .unchecked_transaction()
            .map_err(Error::sql("marking missing posts"))?;
        tx.execute(
            "CREATE TEMP TABLE IF NOT EXISTS present (path TEXT PRIMARY KEY)",
            [],
        )
        .and_then(|_| tx.execute("DELETE FROM present", []))
        .map_err(Error::sql("marking missing posts"))?;
        {
            let mut insert = tx
                .prepare("INSERT OR IGNORE INTO present (path) VALUES (?1)")
                .map_err(Error::sql("marking missing posts"))?;
            for p in present {
                insert
                    .execute([p])
                    .map_err(Error::sql("marking missing posts"))?;
            }
        }
        tx.execute(
            "UPDATE posts SET missing = (path NOT IN (SELECT path FROM present))",
            [],
        )
        .map_err(Error::sql("marking missing posts"))?;
        tx.commit().map_err(Error::sql("marking missing posts"))
    }

    pub fn posts(&self) -> Result<Vec<PostRow>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT p.id, p.path, p.title, p.status, p.date, p.words, p.problem, p.missing,
                        EXISTS (SELECT 1 FROM drafts d WHERE d.post_id = p.id)
                 FROM posts p
                 ORDER BY p.missing, COALESCE(p.date, '') DESC, p.title COLLATE NOCASE",
            )
            .map_err(Error::sql("listing posts"))?;
        let rows = stmt
            .query_map([], row_to_post)
            .map_err(Error::sql("listing posts"))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(Error::sql("listing posts"))
    }

    pub fn post(&self, id: i64) -> Result<PostRow> {
        self.conn
            .query_row(
                "SELECT p.id, p.path, p.title, p.status, p.date, p.words, p.problem, p.missing,
                        EXISTS (SELECT 1 FROM drafts d WHERE d.post_id = p.id)
                 FROM posts p WHERE p.id = ?1",
                [id],
                row_to_post,
            )
            .optional()
            .map_err(Error::sql("reading a post"))?
            .ok_or(Error::NoSuchPost { id })
    }

    pub fn disk_hash(&self, id: i64) -> Result<Option<String>> {
        self.conn
            .query_row("SELECT disk_hash FROM posts WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()
            .map_err(Error::sql("reading a post"))?
            .ok_or(Error::NoSuchPost { id })
    }

    pub fn disk_hash_by_path(&self, path: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT disk_hash FROM posts WHERE path = ?1", [path], |r| {
                r.get(0)
            })
            .optional()
            .map_err(Error::sql("reading a post"))?
            .flatten())
    }

    /// Keeps the editor's text for a post. Called on every autosave, so it is one upsert.
    pub fn save_draft(&self, post_id: i64, text: &str, now: i64) -> Result<()> {
        self.conn
            .prepare_cached(
                "INSERT INTO drafts (post_id, text, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT(post_id) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at",
            )
            .and_then(|mut s| s.execute(params![post_id, text, now]))
            .map_err(Error::sql("saving a draft"))?;
        Ok(())
    }

    pub fn draft(&self, post_id: i64) -> Result<Option<Draft>> {
        self.conn
            .query_row(
                "SELECT text, updated_at FROM drafts WHERE post_id = ?1",
                [post_id],
                |r| {
                    Ok(Draft {
                        text: r.get(0)?,
                        updated_at: r.get(1)?,
                    })
                },
            )
            .optional()
            .map_err(Error::sql("reading a draft"))
    }

    pub fn clear_draft(&self, post_id: i64) -> Result<()> {
        self.conn
            .execute("DELETE FROM drafts WHERE post_id = ?1", [post_id])
            .map_err(Error::sql("clearing a draft"))?;
        Ok(())
    }

    /// Records a version of a post. A version identical to the latest one is stored once.
    /// Returns whether a new revision was written.
    pub fn add_revision(
        &self,
        post_id: i64,
        text: &str,
        hash: &str,
        source: &str,
        now: i64,
    ) -> Result<bool> {
        let latest: Option<String> = self
            .conn
            .query_row(
                "SELECT hash FROM revisions WHERE post_id = ?1 ORDER BY id DESC LIMIT 1",
                [post_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(Error::sql("reading revisions"))?;
        if latest.as_deref() == Some(hash) {
            return Ok(false);
        }
        self.conn
            .execute(
                "INSERT INTO revisions (post_id, hash, text, source, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![post_id, hash, text, source, now],
            )
            .map_err(Error::sql("recording a revision"))?;
        Ok(true)
    }

    /// A post's revisions, newest first.
    pub fn revisions(&self, post_id: i64) -> Result<Vec<Revision>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, hash, source, created_at, text FROM revisions WHERE post_id = ?1 ORDER BY id DESC",
            )
            .map_err(Error::sql("reading revisions"))?;
        let rows = stmt
            .query_map([post_id], |r| {
                Ok(Revision {
                    id: r.get(0)?,
                    hash: r.get(1)?,
                    source: r.get(2)?,
                    created_at: r.get(3)?,
                    text: r.get(4)?,
                })
            })
            .map_err(Error::sql("reading revisions"))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(Error::sql("reading revisions"))
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        self.conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()
            .map_err(Error::sql("reading a setting"))
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )
            .map_err(Error::sql("writing a setting"))?;
        Ok(())
    }
}

fn row_to_post(r: &rusqlite::Row<'_>) -> rusqlite::Result<PostRow> {
    Ok(PostRow {
        id: r.get(0)?,
        path: r.get(1)?,
        title: r.get(2)?,
        status: r.get(3)?,
        date: r.get(4)?,
        words: r.get::<_, i64>(5)? as u64,
        problem: r.get(6)?,
        missing: r.get(7)?,
        has_draft: r.get(8)?,
    })
}
