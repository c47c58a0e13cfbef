//! The library's schema: its migrations, applied in order when it opens.

use super::Library;
use crate::{Error, Result};

/// Append-only: a released migration is never edited, a change is a new entry.
pub(super) const MIGRATIONS: &[&str] = &[
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
    // 8: what each publish target last received (see `publishes`): every file Quire sent
    // it, by content hash, so the next publish sends the difference and deletes only what
    // was Quire's; and which version of each post went out, for "changed since publish".
    "CREATE TABLE publish_files (
        target TEXT NOT NULL,
        path TEXT NOT NULL,
        hash TEXT NOT NULL,
        size INTEGER NOT NULL,
        PRIMARY KEY (target, path)
    ) WITHOUT ROWID;
    CREATE TABLE publish_posts (
        post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
        target TEXT NOT NULL,
        at INTEGER NOT NULL,
        hash TEXT,
        PRIMARY KEY (post_id, target)
    ) WITHOUT ROWID;",
    // 9: a post that says nothing of its status is published, as Hugo, Zola and Jekyll
    // read it (it was a draft), and a Jekyll file name gives a date and slug: every file
    // is read again at the next scan for what it says now.
    "UPDATE posts SET mtime = NULL;",
    // 10: a git sync that met the same lines changed on another machine (see
    // `conflicts`): the other machine's version is a revision, noted with its commit and
    // author, and the post stays flagged, with the versions' common base, until the
    // author settles it.
    "ALTER TABLE revisions ADD COLUMN note TEXT;
    CREATE TABLE conflicts (
        post_id INTEGER PRIMARY KEY REFERENCES posts(id) ON DELETE CASCADE,
        base TEXT NOT NULL,
        theirs TEXT NOT NULL,
        note TEXT NOT NULL,
        created_at INTEGER NOT NULL
    );",
    // 11: a post's `slug:` as its front matter gives it, so a Hugo `ref` or a Jekyll
    // `post_url` to it links where the post is published, not where its file name says;
    // every file is read again at the next scan for it.
    "ALTER TABLE posts ADD COLUMN slug TEXT;
    UPDATE posts SET mtime = NULL;",
];

impl Library {
    pub(super) fn too_new(&self, found: i64) -> Error {
        Error::LibraryTooNew {
            path: self.path.clone(),
            found,
            known: MIGRATIONS.len() as i64,
            made_by: self.setting("quire_version").ok().flatten(),
        }
    }

    pub(super) fn migrate(&mut self) -> Result<()> {
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

    /// The schema version the library file is at: how many migrations have been applied.
    pub fn schema_version(&self) -> Result<i64> {
        self.conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(Error::sql("reading the schema version"))
    }
}
