//! The SQLite library: the index of posts, the drafts not yet on disk, and every revision
//! ever seen. It is one file outside the content folder.

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{ErrorCode, Problem};
use crate::frontmatter::Status;
use crate::{Error, Result};

mod counts;
mod revisions;
mod salvage;
mod search;
mod trash;

pub use revisions::Packed;
pub use salvage::{Salvage, QUICK_CHECK_UP_TO};
pub use search::Unindexed;
pub use trash::TrashedPost;

/// The setting that says every revision is stored compressed (see `revisions`).
const PACKED: &str = "revisions_packed";

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
    // 2: the disk version a draft started from (the merge base), and the file's size and
    // mtime so a start-up scan can skip hashing files that did not change.
    "ALTER TABLE drafts ADD COLUMN base_hash TEXT;
    ALTER TABLE posts ADD COLUMN size INTEGER;
    ALTER TABLE posts ADD COLUMN mtime INTEGER;",
    // 3: the code of a post's problem, so the ui branches on it and not on the message.
    // Rows from before get the code their message implies.
    "ALTER TABLE posts ADD COLUMN problem_code TEXT;
    UPDATE posts SET problem_code = CASE WHEN problem LIKE '%front matter%'
        THEN 'front_matter' ELSE 'not_text' END WHERE problem IS NOT NULL;",
    // 4: tags and summary for the list's filters, and full-text search. The search table
    // keeps no copy of the text (contentless): the files are the text, and the library
    // must stay small (no prefix indexes either: they triple its size, and a prefix of
    // three letters or more is found fast without). Titles are also indexed alone:
    // "title matches first" then reads short doclists rather than the body's.
    // `search_hash` is the file version the search table holds, so the index catches up
    // off the save path. Clearing the stat makes the next scan read every file again,
    // filling the new columns.
    "ALTER TABLE posts ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE posts ADD COLUMN summary TEXT;
    ALTER TABLE posts ADD COLUMN search_hash TEXT;
    UPDATE posts SET mtime = NULL;
    CREATE TABLE post_tags (
        tag TEXT NOT NULL COLLATE NOCASE,
        post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
        PRIMARY KEY (tag, post_id)
    ) WITHOUT ROWID;
    CREATE INDEX post_tags_by_post ON post_tags(post_id);
    CREATE VIRTUAL TABLE search USING fts5(
        title, tags, summary, body,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE VIRTUAL TABLE search_title USING fts5(
        title,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2'
    );",
    // 5: the trash. A trashed post keeps its row (history, draft) under a path no file
    // can have, and its files' bytes are kept here until the trash is emptied. The partial
    // index holds the posts the search index has yet to catch up with: nearly none, so
    // counting them costs nothing.
    "ALTER TABLE posts ADD COLUMN trashed INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE trash (
        post_id INTEGER PRIMARY KEY REFERENCES posts(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        trashed_at INTEGER NOT NULL
    );
    CREATE INDEX trash_by_path ON trash(path);
    CREATE TABLE trash_files (
        post_id INTEGER NOT NULL REFERENCES trash(post_id) ON DELETE CASCADE,
        rel TEXT NOT NULL,
        bytes BLOB NOT NULL,
        PRIMARY KEY (post_id, rel)
    );
    CREATE INDEX posts_search_stale ON posts(id) WHERE
        (NOT missing AND NOT trashed AND disk_hash IS NOT NULL AND search_hash IS NOT disk_hash)
        OR ((missing OR trashed OR disk_hash IS NULL) AND search_hash IS NOT NULL);",
    // 6: revisions stored compressed (see `revisions`): `packed` holds the text zstd-
    // compressed and `text` is then empty; `bytes` is the text's size, for the history
    // list. Older rows are compressed once, after this migration, by `Library::repack`.
    "ALTER TABLE revisions ADD COLUMN packed BLOB;
    ALTER TABLE revisions ADD COLUMN bytes INTEGER;",
    // 7: `words_hash` is the file version `words` counts. A start-up scan lists new and
    // changed posts before it counts their words (a Markdown parse of every file, half of
    // a first scan's work), then counts them; meanwhile a count is unknown, never stale.
    // The partial index holds the posts still to count: nearly none, so finding them
    // costs nothing.
    "ALTER TABLE posts ADD COLUMN words_hash TEXT;
    UPDATE posts SET words_hash = disk_hash;
    CREATE INDEX posts_uncounted ON posts(id) WHERE
        NOT missing AND NOT trashed AND disk_hash IS NOT NULL AND words_hash IS NOT disk_hash;",
];

/// Writes grouped into transactions; see [`Library::batch`]. A batch ended by
/// [`Batch::finish`] is committed; one dropped without it (an error stopped the work) is
/// rolled back to its last commit, which falls between two units of work, so a unit is
/// never kept in part.
pub struct Batch<'a> {
    library: &'a Library,
    count: usize,
}

impl Batch<'_> {
    /// Writes per transaction.
    pub const SIZE: usize = 256;

    /// Counts one unit of work, committing every [`Batch::SIZE`].
    pub fn tick(&mut self) -> Result<()> {
        self.count += 1;
        if self.library.batched.get() && self.count.is_multiple_of(Self::SIZE) {
            self.commit()?;
            self.library.begin_batch();
        }
        Ok(())
    }

    /// Commits what the batch wrote since its last commit.
    pub fn finish(self) -> Result<()> {
        if self.library.batched.get() {
            self.commit()?;
        }
        Ok(())
    }

    fn commit(&self) -> Result<()> {
        self.library.batched.set(false);
        if let Err(e) = self.library.conn.execute_batch("COMMIT") {
            // Never left open (a full disk, a busy lock): later writes would nest in it,
            // hold the library from other connections, and be lost with it.
            let _ = self.library.conn.execute_batch("ROLLBACK");
            return Err(Error::sql("committing a batch")(e));
        }
        Ok(())
    }
}

impl Drop for Batch<'_> {
    fn drop(&mut self) {
        if self.library.batched.replace(false) && !self.library.conn.is_autocommit() {
            let _ = self.library.conn.execute_batch("ROLLBACK");
        }
    }
}

/// Where a revision came from, as the history shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum RevisionSource {
    /// Read from the file on disk (written by another tool, or found at a scan).
    Disk,
    /// Saved from the editor.
    Editor,
    /// Created as a new post.
    New,
    /// The author's unsaved draft, kept when the file changed under it.
    Draft,
    /// The result of a three-way merge.
    Merge,
    /// An older revision brought back, or a missing file written back.
    Restore,
}

impl RevisionSource {
    /// The name stored in the library.
    pub fn as_str(self) -> &'static str {
        match self {
            RevisionSource::Disk => "disk",
            RevisionSource::Editor => "editor",
            RevisionSource::New => "new",
            RevisionSource::Draft => "draft",
            RevisionSource::Merge => "merge",
            RevisionSource::Restore => "restore",
        }
    }
}

impl ToSql for RevisionSource {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for RevisionSource {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        // The stored name is the serialized one, so serde reads it back; what a newer
        // Quire may have written is, at least, a version that existed.
        let name = serde_json::Value::String(value.as_str()?.to_string());
        Ok(serde_json::from_value(name).unwrap_or(RevisionSource::Disk))
    }
}

/// A post as the library sidebar lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PostRow {
    /// The post's id, stable across renames and rescans.
    pub id: i64,
    /// Relative to the content folder, `/`-separated.
    pub path: String,
    /// From the front matter, else the first heading, else the file name.
    pub title: String,
    /// From the front matter.
    pub status: Status,
    /// From the front matter, as written there.
    pub date: Option<String>,
    /// Words of the body, CJK characters counted one each; `None` until the words of the
    /// file version the library last saw are counted (just after a start-up scan).
    pub words: Option<u64>,
    /// Why the file cannot be opened or rendered, if it cannot.
    pub problem: Option<Problem>,
    /// The file is gone from disk; the post and its history stay.
    pub missing: bool,
    /// The post has an unsaved draft in the library.
    pub has_draft: bool,
    /// From the front matter, as written there.
    pub tags: Vec<String>,
    /// When the post last changed, in milliseconds since the epoch: the later of the
    /// file's modification and the draft's.
    pub edited: i64,
    /// Content hash of the file version the library last saw on disk: the version a save
    /// made after this row must be based on.
    pub disk_hash: Option<String>,
}

/// What the index stores about a file on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostIndex<'a> {
    /// Relative to the content folder, `/`-separated: the row's key.
    pub path: &'a str,
    /// From the front matter, else the first heading, else the file name.
    pub title: &'a str,
    /// The front matter's status, as [`Status::as_str`] names it.
    pub status: &'a str,
    /// `YYYY-MM-DD` from the front matter, if it has one.
    pub date: Option<&'a str>,
    /// From the front matter.
    pub tags: &'a [String],
    /// From the front matter.
    pub summary: Option<&'a str>,
    /// Words of the body, CJK characters counted one each; `None`: not counted yet (a
    /// count the row has of this same version stays).
    pub words: Option<u64>,
    /// Content hash of the file as read; `None` when it could not be read as text.
    pub disk_hash: Option<&'a str>,
    /// Why the file cannot be opened or rendered; `None` clears an earlier problem.
    pub problem: Option<&'a Problem>,
    /// The file's size and mtime (ms) when it was read, if known.
    pub stat: Option<FileStat>,
}

/// A file's size and modification time: when both match, a scan skips hashing the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStat {
    /// In bytes.
    pub size: i64,
    /// In milliseconds since the epoch; 0 when the system cannot tell.
    pub mtime: i64,
}

/// What the index knows of a path, to tell a changed file from an unchanged one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Known {
    /// The post's id.
    pub id: i64,
    /// Content hash of the file version last seen on disk; `None` if it was not text.
    pub disk_hash: Option<String>,
    /// The file's size and mtime when last read; `None` if they were not recorded.
    pub stat: Option<FileStat>,
    /// The file was gone at the last look.
    pub missing: bool,
}

/// One recorded version of a post, with its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Revision {
    /// The revision's id; newer revisions have larger ones.
    pub id: i64,
    /// Content hash of `text`.
    pub hash: String,
    /// Where this version came from.
    pub source: RevisionSource,
    /// When it was recorded, in milliseconds since the epoch.
    pub created_at: i64,
    /// The whole file text of this version, front matter included.
    pub text: String,
}

/// A revision as the history lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RevisionInfo {
    /// The revision's id, within its post.
    pub id: i64,
    /// Where this version came from.
    pub source: RevisionSource,
    /// When it was recorded, in milliseconds since the epoch.
    pub created_at: i64,
    /// Its size in bytes of UTF-8.
    pub bytes: u32,
}

/// The editor's unsaved text for a post, kept in the library until it is saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Draft {
    /// The whole text, front matter included.
    pub text: String,
    /// When it was last kept, in milliseconds since the epoch.
    pub updated_at: i64,
    /// The disk version the draft was started from: the base of a three-way merge.
    pub base_hash: Option<String>,
}

/// The library file: the index of posts, their drafts and revisions, and the settings.
pub struct Library {
    conn: Connection,
    path: PathBuf,
    read_only: bool,
    /// A [`Batch`]'s transaction is open: each write in it needs no savepoint of its own,
    /// since the batch is undone whole if anything in it fails.
    batched: Cell<bool>,
}

impl Library {
    /// Opens (creating if needed) and migrates the library at `path`.
    ///
    /// A file that is not a database is [`Error::LibraryDamaged`]: see
    /// [`Library::open_or_salvage`]. A library on a read-only location opens read-only
    /// ([`Library::is_read_only`]).
    pub fn open(path: &Path) -> Result<Library> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(Error::io(parent))?;
        }
        let damaged = |e: Error| match salvage::is_damage(&e) {
            Some(reason) => Error::LibraryDamaged {
                path: path.to_path_buf(),
                reason,
            },
            None => e,
        };
        let conn = Connection::open(path).map_err(|source| Error::LibraryOpen {
            path: path.to_path_buf(),
            source,
        });
        match conn.and_then(|conn| Library::prepare(conn, path)) {
            Ok(library) => Ok(library),
            Err(e) if path.exists() && salvage::is_read_only_location(&e) => {
                Library::open_read_only(path).map_err(damaged)
            }
            Err(e) => Err(damaged(e)),
        }
    }

    /// [`Library::open`] at start: checked (SQLite's quick check, on a library up to
    /// [`QUICK_CHECK_UP_TO`]), and a damaged library salvaged: moved aside as
    /// `<name>.damaged-<time>` (`now`, in ms), a new one made from every row that can
    /// still be read.
    /// The [`Salvage`] says what was recovered; the start-up scan rebuilds the rest.
    pub fn open_or_salvage(path: &Path, now: i64) -> Result<(Library, Option<Salvage>)> {
        let reason = match Library::open(path) {
            Ok(library) if library.read_only => return Ok((library, None)),
            Ok(library) => match salvage::quick_check(&library.conn, path) {
                None => {
                    library.note_version()?;
                    return Ok((library, None));
                }
                Some(reason) => reason,
            },
            Err(Error::LibraryDamaged { reason, .. }) => reason,
            Err(e) => return Err(e),
        };
        let (library, report) = salvage::salvage(path, &reason, now)?;
        Ok((library, Some(report)))
    }

    fn prepare(conn: Connection, path: &Path) -> Result<Library> {
        let fail = |source| Error::LibraryOpen {
            path: path.to_path_buf(),
            source,
        };
        if conn.is_readonly(rusqlite::MAIN_DB).map_err(fail)? {
            // SQLite fell back to reading a file it may not write.
            return Err(Error::LibraryReadOnly {
                path: path.to_path_buf(),
            });
        }
        // WAL lets the UI read while a save writes; NORMAL is durable across app crashes
        // (only an OS crash may lose the last commit), which keeps autosave cheap.
        conn.busy_timeout(Duration::from_secs(5)).map_err(fail)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(fail)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(fail)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(fail)?;
        let mut library = Library {
            conn,
            path: path.to_path_buf(),
            read_only: false,
            batched: Cell::new(false),
        };
        library.migrate()?;
        // Revisions from before migration 6 are compressed once; a pass cut short (a
        // crash, a kill, another Quire holding the library) goes on at the next open. It
        // only saves space: a library that cannot be compressed now opens all the same.
        if library.setting(PACKED)?.is_none() {
            match library.repack() {
                Ok(_) => library.set_setting(PACKED, "1")?,
                Err(e) => {
                    tracing::warn!(error = %e, "could not compress the library's revisions yet")
                }
            }
        }
        Ok(library)
    }

    /// Opens a library on a read-only location (a mounted backup, a locked-down share):
    /// immutable, so SQLite needs no lock or journal file beside it. It must be at this
    /// build's schema, since it cannot be migrated.
    fn open_read_only(path: &Path) -> Result<Library> {
        let fail = |source| Error::LibraryOpen {
            path: path.to_path_buf(),
            source,
        };
        let uri = format!("file:{}?immutable=1", uri_path(path));
        let conn = Connection::open_with_flags(
            uri,
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(fail)?;
        let library = Library {
            conn,
            path: path.to_path_buf(),
            read_only: true,
            batched: Cell::new(false),
        };
        let version = library.schema_version()?;
        let known = MIGRATIONS.len() as i64;
        if version > known {
            return Err(library.too_new(version));
        }
        if version < known {
            // An older library needs migrating, which a read-only one cannot be.
            return Err(Error::LibraryReadOnly {
                path: path.to_path_buf(),
            });
        }
        tracing::warn!(library = %path.display(), "the library is on a read-only location; opened read-only");
        Ok(library)
    }

    /// Records which Quire opened the library last, so that an older one, refusing it,
    /// can say which version made it. Written only when it changed: a start must not wait
    /// for the write lock a command-line rebuild may hold.
    fn note_version(&self) -> Result<()> {
        let this = env!("CARGO_PKG_VERSION");
        if self.setting("quire_version")?.as_deref() != Some(this) {
            self.set_setting("quire_version", this)?;
        }
        Ok(())
    }

    /// The library was opened read-only (it is on a read-only location): posts can be
    /// listed and read, nothing can be kept.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// The library file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn too_new(&self, found: i64) -> Error {
        Error::LibraryTooNew {
            path: self.path.clone(),
            found,
            known: MIGRATIONS.len() as i64,
            made_by: self.setting("quire_version").ok().flatten(),
        }
    }

    fn migrate(&mut self) -> Result<()> {
        let version = self.schema_version()?;
        let known = MIGRATIONS.len() as i64;
        if version > known {
            return Err(self.too_new(version));
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            // The write lock first, then the version again: the app and the command line
            // starting at once on a new library must not both apply a migration.
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(Error::sql("migrating"))?;
            let now: i64 = tx
                .pragma_query_value(None, "user_version", |r| r.get(0))
                .map_err(Error::sql("reading the schema version"))?;
            if now > i as i64 {
                continue;
            }
            tx.execute_batch(sql).map_err(Error::sql("migrating"))?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)
                .map_err(Error::sql("migrating"))?;
            tx.commit().map_err(Error::sql("migrating"))?;
        }
        Ok(())
    }

    /// Runs `f` as one unit: in a transaction of its own, or nested (a savepoint) inside
    /// the caller's [`Batch`].
    ///
    /// A transaction of its own takes the write lock at its start (IMMEDIATE): one that
    /// read first and wrote later would fail at once, past any busy timeout, if another
    /// connection (the command line beside the app) wrote in between.
    fn atomically<R>(
        &self,
        what: &'static str,
        f: impl FnOnce(&Connection) -> Result<R>,
    ) -> Result<R> {
        if self.batched.get() {
            // Saving a point for every file of a scan cost more than its writes; the batch
            // is rolled back whole instead.
            return f(&self.conn);
        }
        let (begin, commit, rollback) = if self.conn.is_autocommit() {
            ("BEGIN IMMEDIATE", "COMMIT", "ROLLBACK")
        } else {
            (
                "SAVEPOINT atomically",
                "RELEASE atomically",
                "ROLLBACK TO atomically; RELEASE atomically",
            )
        };
        // Begin and commit are cached: inside a scan's batch they run once per file, and
        // preparing them each time cost as much as the writes between them.
        let run = |sql: &str| {
            self.conn
                .prepare_cached(sql)
                .and_then(|mut s| s.execute([]))
        };
        run(begin).map_err(Error::sql(what))?;
        match f(&self.conn) {
            Ok(r) => match run(commit).map(drop) {
                Ok(()) => Ok(r),
                Err(e) => {
                    // Never left open: later writes would nest in it and be lost with it.
                    let _ = self.conn.execute_batch(rollback);
                    Err(Error::sql(what)(e))
                }
            },
            Err(e) => {
                let _ = self.conn.execute_batch(rollback);
                Err(e)
            }
        }
    }

    /// Groups the many small writes of a scan into transactions of [`Batch::SIZE`]: a
    /// commit per file would cost more than the file. Nothing is held back from other
    /// connections for longer than one batch.
    pub fn batch(&self) -> Batch<'_> {
        self.begin_batch();
        Batch {
            library: self,
            count: 0,
        }
    }

    /// Opens a batch's transaction, IMMEDIATE for the reason given at `atomically`. If it
    /// cannot begin (another writer holds the library), the writes go one by one.
    fn begin_batch(&self) {
        let began = self.conn.is_autocommit() && self.conn.execute_batch("BEGIN IMMEDIATE").is_ok();
        self.batched.set(began);
    }

    /// The schema version the library file is at: how many migrations have been applied.
    pub fn schema_version(&self) -> Result<i64> {
        self.conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(Error::sql("reading the schema version"))
    }

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
                       mtime = ?10, problem_code = ?11, tags = ?12, summary = ?13
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
                       problem, missing, updated_at, size, mtime, problem_code, tags, summary)
                     VALUES (?1, ?2, ?3, ?4, COALESCE(?5, 0),
                       CASE WHEN ?5 IS NULL THEN NULL ELSE ?6 END,
                       ?6, ?7, 0, ?8, ?9, ?10, ?11, ?12, ?13)",
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

    /// Every post: missing ones last, then newest date first, then by title.
    pub fn posts(&self) -> Result<Vec<PostRow>> {
        let mut stmt = self
            .conn
            .prepare_cached(select_posts!(
                "WHERE NOT p.trashed
                 ORDER BY p.missing, COALESCE(p.date, '') DESC, p.title COLLATE NOCASE"
            ))
            .map_err(Error::sql("listing posts"))?;
        let rows = stmt
            .query_map([], row_to_post)
            .map_err(Error::sql("listing posts"))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(Error::sql("listing posts"))
    }

    /// The posts with these ids, in no particular order; an id with no post is left out.
    pub fn posts_by_id(&self, ids: &[i64]) -> Result<Vec<PostRow>> {
        let ids = serde_json::to_string(ids).unwrap_or_else(|_| "[]".into());
        let mut stmt = self
            .conn
            .prepare_cached(select_posts!(
                "WHERE p.id IN (SELECT value FROM json_each(?1)) AND NOT p.trashed"
            ))
            .map_err(Error::sql("listing posts"))?;
        let rows = stmt
            .query_map([ids], row_to_post)
            .map_err(Error::sql("listing posts"))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(Error::sql("listing posts"))
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
            .prepare_cached("SELECT id, disk_hash, size, mtime, missing FROM posts WHERE path = ?1")
            .and_then(|mut s| {
                s.query_row([path], |r| {
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
                })
                .optional()
            })
            .map_err(Error::sql("reading a post"))
    }

    /// Every path the index knows, present on disk or not (trashed posts have none).
    pub fn paths(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT path FROM posts WHERE NOT trashed")
            .map_err(Error::sql("listing posts"))?;
        let rows = stmt
            .query_map([], |r| r.get(0))
            .map_err(Error::sql("listing posts"))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(Error::sql("listing posts"))
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

    /// Keeps the editor's unsaved text. Called on every autosave, so it is one upsert.
    ///
    /// `base` is the content hash of the file version the text was started from (`None`:
    /// no file); it is the merge base if the file changes under the draft. Returns the
    /// hash of the file version the library last saw on disk (`None` if the file is
    /// missing), for the caller to compare.
    pub fn save_draft(
        &self,
        post_id: i64,
        text: &str,
        base: Option<&str>,
        now: i64,
    ) -> Result<Option<String>> {
        self.conn
            .prepare_cached(
                "INSERT INTO drafts (post_id, text, updated_at, base_hash) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(post_id) DO UPDATE SET text = excluded.text,
                   updated_at = excluded.updated_at, base_hash = excluded.base_hash
                 RETURNING (SELECT CASE WHEN missing THEN NULL ELSE disk_hash END
                            FROM posts WHERE id = ?1)",
            )
            .and_then(|mut s| s.query_row(params![post_id, text, now, base], |r| r.get(0)))
            .map_err(Error::sql("saving a draft"))
    }

    /// The post's unsaved draft, if it has one.
    pub fn draft(&self, post_id: i64) -> Result<Option<Draft>> {
        self.conn
            .query_row(
                "SELECT text, updated_at, base_hash FROM drafts WHERE post_id = ?1",
                [post_id],
                |r| {
                    Ok(Draft {
                        text: r.get(0)?,
                        updated_at: r.get(1)?,
                        base_hash: r.get(2)?,
                    })
                },
            )
            .optional()
            .map_err(Error::sql("reading a draft"))
    }

    /// Drops the post's draft, once its text is saved or the file on disk caught up with it.
    pub fn clear_draft(&self, post_id: i64) -> Result<()> {
        self.conn
            .execute("DELETE FROM drafts WHERE post_id = ?1", [post_id])
            .map_err(Error::sql("clearing a draft"))?;
        Ok(())
    }

    /// The value stored under `key`, if any.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        self.conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()
            .map_err(Error::sql("reading a setting"))
    }

    /// Stores `value` under `key`. Any key is accepted, since the engine keeps its own
    /// (`last_folder`, `last_post`) here; `Blog::set_setting` checks the author's.
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

/// The columns [`row_to_post`] reads, in its order, of the posts table named `p`.
macro_rules! post_columns {
    () => {
        "p.id, p.path, p.title, p.status, p.date,
         CASE WHEN p.words_hash IS p.disk_hash THEN p.words END, p.problem, p.missing,
         EXISTS (SELECT 1 FROM drafts d WHERE d.post_id = p.id), p.problem_code,
         p.disk_hash, p.tags,
         MAX(COALESCE(p.mtime, 0), COALESCE((SELECT d.updated_at FROM drafts d WHERE d.post_id = p.id), 0))"
    };
}
use post_columns;

/// The columns [`row_to_post`] reads, with `$tail` after the FROM.
macro_rules! select_posts {
    ($tail:literal) => {
        concat!("SELECT ", post_columns!(), " FROM posts p ", $tail)
    };
}
use select_posts;

fn row_to_post(r: &rusqlite::Row<'_>) -> rusqlite::Result<PostRow> {
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
    })
}

/// `path` for an SQLite URI: the characters that would end the path or start an escape
/// are percent-encoded.
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for c in path.to_string_lossy().chars() {
        match c {
            '%' | '?' | '#' => out.push_str(&format!("%{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}
