//! The SQLite library: the index of posts, the drafts not yet on disk, and every revision
//! ever seen. It is one file outside the content folder.

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, Params, Row};
use serde::Serialize;
use ts_rs::TS;

use crate::error::Problem;
use crate::frontmatter::Status;
use crate::{Error, Result};

mod batch;
mod conflicts;
mod counts;
mod posts;
mod publishes;
mod revisions;
mod salvage;
mod schema;
mod search;
mod trash;

pub use batch::Batch;
pub use conflicts::Conflict;
pub use publishes::Sent;
pub use revisions::Packed;
pub use salvage::{Salvage, QUICK_CHECK_UP_TO};
pub use search::Unindexed;
pub use trash::TrashedPost;

use posts::{post_columns, row_to_post};
use schema::MIGRATIONS;

/// The setting that says every revision is stored compressed (see `revisions`).
const PACKED: &str = "revisions_packed";

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
    /// Another machine's version, met by a git sync where both changed the same lines.
    Remote,
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
            RevisionSource::Remote => "remote",
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
    /// When the post was last published (to any target), in milliseconds since the epoch.
    pub published: Option<i64>,
    /// The publish targets that have the post, by name.
    pub published_to: Vec<String>,
    /// The file changed since a target last received it.
    pub changed_since_publish: bool,
    /// A git sync met another machine's change to the same lines: the file kept the
    /// author's, the other is in the history, and the author has to settle it.
    pub conflicted: bool,
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
    /// From the front matter (or a Jekyll file name), as written: where the post is
    /// published, when it says.
    pub slug: Option<&'a str>,
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
    /// Where it came from, in words, when its source does not say it all (a remote
    /// version's commit and author).
    pub note: Option<String>,
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

    /// Every row `sql` selects with `params`, each read by `read`. Whatever fails, in
    /// SQLite or in `read`, is the error of `action`, as the author is told it.
    fn rows<T, C: FromIterator<T>>(
        &self,
        action: &'static str,
        sql: &str,
        params: impl Params,
        read: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<C> {
        let mut stmt = self.conn.prepare_cached(sql).map_err(Error::sql(action))?;
        let rows = stmt.query_map(params, read).map_err(Error::sql(action))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(Error::sql(action))
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
