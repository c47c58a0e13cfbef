//! A library file that is not a database, or is damaged, never locks the author out.
//!
//! The library is a cache of the files plus the drafts and history that exist nowhere
//! else. So a damaged one is moved aside (kept, never deleted: a better tool may read more
//! of it), a new one is made, every row that can still be read is copied into it, and the
//! start-up scan rebuilds the index from the files as for any library.

use std::path::{Path, PathBuf};

use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags};
use serde::Serialize;
use ts_rs::TS;

use super::Library;
use crate::{Error, Result};

/// Past this size the check at start costs more than a start should (it reads every
/// page): a bigger library is salvaged only when it fails to open.
pub const QUICK_CHECK_UP_TO: u64 = 64 << 20;

/// How far past an unreadable stretch of a table the salvage looks for more rows.
const PROBE: i64 = 100_000;

/// What a salvage recovered, for the window's notice and the command line's stderr.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Salvage {
    /// Where the damaged file was moved; it is kept.
    pub moved_to: String,
    /// What happened, in one paragraph for the author: the window shows it as it is.
    pub message: String,
    /// What SQLite said of it.
    pub reason: String,
    /// Posts whose row was read (their ids, paths and titles).
    pub posts: u32,
    /// Unsaved drafts recovered.
    pub drafts: u32,
    /// Revisions recovered.
    pub revisions: u32,
    /// Posts in the trash recovered.
    pub trashed: u32,
}

impl Salvage {
    fn describe(&self) -> String {
        let counted = |n: u32, noun: &str| match n {
            1 => format!("1 {noun}"),
            n => format!("{n} {noun}s"),
        };
        format!(
            "The library was damaged ({}). It was moved to {} and kept there, and a new one \
             was made: {}, {} and {} were recovered from the old one, and the posts were \
             read again from the folder.",
            self.reason,
            self.moved_to,
            counted(self.drafts, "draft"),
            counted(self.revisions, "revision"),
            counted(self.trashed, "trashed post"),
        )
    }
}

/// Whether SQLite's error means the file is not a database, or a damaged one.
pub(crate) fn is_damage(e: &Error) -> Option<String> {
    let source = e.sqlite_source()?;
    matches!(
        source.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
    )
    .then(|| source.to_string())
}

/// Whether the error is SQLite's way of saying the library's location may not be
/// written: the file is read-only, or no journal can be made beside it.
pub(crate) fn is_read_only_location(e: &Error) -> bool {
    matches!(e, Error::LibraryReadOnly { .. })
        || matches!(
            e.sqlite_code(),
            Some(
                rusqlite::ErrorCode::ReadOnly
                    | rusqlite::ErrorCode::CannotOpen
                    | rusqlite::ErrorCode::PermissionDenied
            )
        )
}

/// `PRAGMA quick_check` on a library small enough to check at every start: `Some(what
/// is wrong)` for a damaged one. Only damage counts: a check that could not run (the
/// library busy, memory short) says nothing, and the library opens as it is.
pub(crate) fn quick_check(conn: &Connection, path: &Path) -> Option<String> {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > QUICK_CHECK_UP_TO {
        return None;
    }
    match conn.query_row("PRAGMA quick_check(1)", [], |r| r.get::<_, String>(0)) {
        Ok(ok) if ok == "ok" => None,
        Ok(problem) => Some(problem),
        Err(e) => is_damage(&Error::sql("checking the library")(e)),
    }
}

/// Makes a new library at `path` from every row that can be read of the damaged one
/// there, which is kept beside it as `<name>.damaged-<time>` (its WAL with it), `now`
/// (ms) being that time.
///
/// The new library is built under another name and put in place only once the copy is
/// done, so a salvage cut short leaves the damaged file where it was, to be salvaged at
/// the next start. A library another connection has open is not touched: the running
/// Quire would go on writing to the moved file.
pub fn salvage(path: &Path, reason: &str, now: i64) -> Result<(Library, Salvage)> {
    if in_use(path) {
        return Err(Error::LibraryDamaged {
            path: path.to_path_buf(),
            reason: format!(
                "{reason}; another Quire or quire command has it open: close it and start again"
            ),
        });
    }
    tracing::warn!(library = %path.display(), reason, "salvaging a damaged library");
    let building = with_suffix(path, ".salvaging");
    remove_with_journal(&building);
    let aside = aside_path(path, now);
    let mut salvage = Salvage {
        moved_to: aside.display().to_string(),
        reason: reason.to_string(),
        message: String::new(),
        posts: 0,
        drafts: 0,
        revisions: 0,
        trashed: 0,
    };
    let built = (|| {
        let new = Library::open(&building)?;
        if let Ok(old) = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        ) {
            // A file shorter than its header says is refused whole unless the schema is
            // "writable": then SQLite reads the pages that are there.
            let _ = old.pragma_update(None, "writable_schema", true);
            copy_rows(&old, &new.conn, &mut salvage)?;
        }
        Ok(())
    })();
    if let Err(e) = built {
        remove_with_journal(&building);
        return Err(e);
    }
    // The WAL holds the last commits: it goes with the file, under the name SQLite looks
    // for, and first, so that it never meets the new library. The shared-memory index
    // is rebuilt from it.
    let wal = with_suffix(path, "-wal");
    let aside_wal = with_suffix(&aside, "-wal");
    if wal.exists() {
        std::fs::rename(&wal, &aside_wal).map_err(Error::io(&wal))?;
    }
    if let Err(e) = std::fs::rename(path, &aside) {
        let _ = std::fs::rename(&aside_wal, &wal);
        remove_with_journal(&building);
        return Err(Error::io(path)(e));
    }
    let _ = std::fs::remove_file(with_suffix(path, "-shm"));
    if let Err(e) = std::fs::rename(&building, path) {
        let _ = std::fs::rename(&aside, path);
        let _ = std::fs::rename(&aside_wal, &wal);
        return Err(Error::io(&building)(e));
    }
    salvage.message = salvage.describe();
    Ok((Library::open(path)?, salvage))
}

/// Whether another connection has the library open: in WAL mode each holds a shared
/// lock on the file, so an exclusive one is refused at once. A file that is no
/// database at all cannot be open anywhere.
fn in_use(path: &Path) -> bool {
    let Ok(conn) = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    ) else {
        return false;
    };
    let _ = conn.busy_timeout(std::time::Duration::ZERO);
    let _ = conn.pragma_update(None, "locking_mode", "EXCLUSIVE");
    let locked = conn.execute_batch("BEGIN EXCLUSIVE; ROLLBACK");
    matches!(
        locked.as_ref().err().and_then(|e| e.sqlite_error_code()),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// Removes a library file and its journal files, if there are any.
fn remove_with_journal(path: &Path) {
    for p in [
        path.to_path_buf(),
        with_suffix(path, "-wal"),
        with_suffix(path, "-shm"),
    ] {
        let _ = std::fs::remove_file(p);
    }
}

fn aside_path(path: &Path, now: i64) -> PathBuf {
    let stamp = chrono::DateTime::from_timestamp_millis(now)
        .unwrap_or_default()
        .format("%Y%m%d-%H%M%S");
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "library".into());
    let mut aside = path.with_file_name(format!("{name}.damaged-{stamp}"));
    let mut n = 2;
    while aside.exists() {
        aside = path.with_file_name(format!("{name}.damaged-{stamp}-{n}"));
        n += 1;
    }
    aside
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Copies what can be read of each table into the new library, in an order that keeps
/// references whole, then gives rows whose post row was lost a post to belong to.
fn copy_rows(old: &Connection, new: &Connection, salvage: &mut Salvage) -> Result<()> {
    let fail = Error::sql("salvaging the library");
    new.execute_batch("PRAGMA foreign_keys = OFF; BEGIN")
        .map_err(fail)?;
    // The search index is not copied (it is rebuilt from the files), so no post may say
    // it is there; and with no size and mtime, the scan reads every file again.
    let skip = |table: &str, column: &str| {
        table == "posts" && matches!(column, "search_hash" | "size" | "mtime")
    };
    for table in [
        "settings",
        "posts",
        "drafts",
        "revisions",
        "trash",
        "trash_files",
        "post_tags",
    ] {
        let copied = copy_table(old, new, table, skip)?;
        match table {
            "posts" => salvage.posts = copied,
            "drafts" => salvage.drafts = copied,
            "revisions" => salvage.revisions = copied,
            "trash" => salvage.trashed = copied,
            _ => {}
        }
    }
    // A draft or revision whose post row was lost keeps a post of its own, shown as
    // missing: the author can write it back to disk from there.
    new.execute_batch(
        "INSERT OR IGNORE INTO posts (id, path, title, missing, updated_at)
         SELECT DISTINCT post_id,
                'recovered-' || post_id || '-' || lower(hex(randomblob(3))) || '.md',
                'Recovered post ' || post_id, 1, 0
         FROM (SELECT post_id FROM drafts UNION SELECT post_id FROM revisions
               UNION SELECT post_id FROM trash UNION SELECT post_id FROM trash_files)
         WHERE post_id NOT IN (SELECT id FROM posts);
         DELETE FROM trash_files WHERE post_id NOT IN (SELECT post_id FROM trash);
         DELETE FROM post_tags WHERE post_id NOT IN (SELECT id FROM posts);
         COMMIT; PRAGMA foreign_keys = ON;",
    )
    .map_err(Error::sql("salvaging the library"))?;
    Ok(())
}

/// Copies the readable rows of `table`, by the columns both libraries have. Returns how
/// many were copied.
fn copy_table(
    old: &Connection,
    new: &Connection,
    table: &str,
    skip: impl Fn(&str, &str) -> bool,
) -> Result<u32> {
    let old_columns = columns(old, table);
    let columns: Vec<String> = columns(new, table)
        .into_iter()
        .filter(|c| old_columns.contains(c) && !skip(table, c))
        .collect();
    if columns.is_empty() {
        return Ok(0);
    }
    let list = columns
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let marks = vec!["?"; columns.len()].join(", ");
    let mut insert = new
        .prepare(&format!(
            "INSERT OR IGNORE INTO \"{table}\" ({list}) VALUES ({marks})"
        ))
        .map_err(Error::sql("salvaging the library"))?;
    let mut copied = 0;
    for row in readable_rows(old, table, &list, columns.len()) {
        if insert
            .execute(rusqlite::params_from_iter(row))
            .map_err(Error::sql("salvaging the library"))?
            > 0
        {
            copied += 1;
        }
    }
    Ok(copied)
}

/// A table's column names; none if its schema cannot be read.
fn columns(conn: &Connection, table: &str) -> Vec<String> {
    let Ok(mut stmt) = conn.prepare(&format!("PRAGMA table_info(\"{table}\")")) else {
        return Vec::new();
    };
    stmt.query_map([], |r| r.get::<_, String>(1))
        .map(|rows| rows.filter_map(|r| r.ok()).collect())
        .unwrap_or_default()
}

/// Every row of `table` that can be read. A damaged page stops a scan in key order, so
/// the rows after it are looked for by their keys, one by one for a stretch past the last
/// key read; the scan goes on from the next row found.
fn readable_rows(old: &Connection, table: &str, list: &str, width: usize) -> Vec<Vec<Value>> {
    let mut rows = Vec::new();
    let read = |r: &rusqlite::Row<'_>| -> rusqlite::Result<(i64, Vec<Value>)> {
        let rowid = r.get(0)?;
        let values = (1..=width)
            .map(|i| r.get(i))
            .collect::<rusqlite::Result<_>>()?;
        Ok((rowid, values))
    };
    let Ok(mut scan) = old.prepare(&format!(
        "SELECT rowid, {list} FROM \"{table}\" WHERE rowid > ?1 ORDER BY rowid"
    )) else {
        // A table without rowids (the tag index): whatever one scan reads.
        return plain_rows(old, table, list, width);
    };
    let Ok(mut one) = old.prepare(&format!(
        "SELECT rowid, {list} FROM \"{table}\" WHERE rowid = ?1"
    )) else {
        return rows;
    };
    let mut after = i64::MIN;
    loop {
        let Ok(mut found) = scan.query([after]) else {
            break;
        };
        let mut stopped = false;
        loop {
            match found.next() {
                Ok(Some(r)) => match read(r) {
                    Ok((rowid, values)) => {
                        after = rowid;
                        rows.push(values);
                    }
                    Err(_) => {
                        stopped = true;
                        break;
                    }
                },
                Ok(None) => break,
                Err(_) => {
                    stopped = true;
                    break;
                }
            }
        }
        drop(found);
        if !stopped {
            break;
        }
        // Past the damage: the next row that can be read, looked for one key at a time
        // (rowids start at 1, however little was read before).
        let mut next = None;
        let from = after.max(0) + 1;
        for rowid in from..from.saturating_add(PROBE) {
            match one.query_row([rowid], read) {
                Ok((rowid, values)) => {
                    rows.push(values);
                    next = Some(rowid);
                    break;
                }
                Err(_) => continue,
            }
        }
        match next {
            Some(rowid) => after = rowid,
            None => break,
        }
    }
    rows
}

fn plain_rows(old: &Connection, table: &str, list: &str, width: usize) -> Vec<Vec<Value>> {
    let mut rows = Vec::new();
    let Ok(mut stmt) = old.prepare(&format!("SELECT {list} FROM \"{table}\"")) else {
        return rows;
    };
    let Ok(mut found) = stmt.query([]) else {
        return rows;
    };
    while let Ok(Some(r)) = found.next() {
        match (0..width)
            .map(|i| r.get(i))
            .collect::<rusqlite::Result<Vec<Value>>>()
        {
            Ok(values) => rows.push(values),
            Err(_) => break,
        }
    }
    rows
}
