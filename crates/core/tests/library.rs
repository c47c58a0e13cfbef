//! The SQLite library on real files in temp dirs.

use quire_core::library::{Library, PostIndex, RevisionSource};

fn post<'a>(path: &'a str) -> PostIndex<'a> {
    PostIndex {
        path,
        title: "T",
        status: "draft",
        date: None,
        tags: &[],
        summary: None,
        slug: None,
        words: Some(1),
        disk_hash: Some("h"),
        problem: None,
        stat: None,
    }
}

#[test]
fn open_sets_pragmas_and_migrating_twice_is_harmless() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lib.sqlite3");
    let lib = Library::open(&path).unwrap();
    let v = lib.schema_version().unwrap();
    assert!(v >= 1);
    let id = lib.index_post(&post("a.md"), 1).unwrap();
    drop(lib);
    let lib = Library::open(&path).unwrap();
    assert_eq!(lib.schema_version().unwrap(), v);
    assert_eq!(lib.post(id).unwrap().path, "a.md");

    let conn = rusqlite::Connection::open(&path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn a_newer_library_is_refused_not_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lib.sqlite3");
    drop(Library::open(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", 999).unwrap();
    drop(conn);
    let err = Library::open(&path).err().expect("refused");
    assert_eq!(err.code(), "library_too_new");
}

#[test]
fn drafts_save_restore_and_clear() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lib.sqlite3");
    let lib = Library::open(&path).unwrap();
    let id = lib.index_post(&post("a.md"), 1).unwrap();
    assert!(lib.draft(id).unwrap().is_none());
    lib.save_draft(id, "first", None, 2).unwrap();
    lib.save_draft(id, "second", None, 3).unwrap();
    drop(lib);
    let lib = Library::open(&path).unwrap();
    let d = lib.draft(id).unwrap().unwrap();
    assert_eq!((d.text.as_str(), d.updated_at), ("second", 3));
    assert!(lib.post(id).unwrap().has_draft);
    lib.clear_draft(id).unwrap();
    assert!(lib.draft(id).unwrap().is_none());
}

#[test]
fn identical_consecutive_revisions_are_stored_once() {
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(&dir.path().join("lib.sqlite3")).unwrap();
    let id = lib.index_post(&post("a.md"), 1).unwrap();
    assert!(lib
        .add_revision(id, "v1", "h1", RevisionSource::Disk, 1)
        .unwrap());
    assert!(!lib
        .add_revision(id, "v1", "h1", RevisionSource::Editor, 2)
        .unwrap());
    assert!(lib
        .add_revision(id, "v2", "h2", RevisionSource::Editor, 3)
        .unwrap());
    assert!(lib
        .add_revision(id, "v1", "h1", RevisionSource::Disk, 4)
        .unwrap());
    let revs = lib.revisions(id).unwrap();
    let texts: Vec<_> = revs.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(texts, ["v1", "v2", "v1"]);
}

#[test]
fn missing_posts_are_marked_not_forgotten() {
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(&dir.path().join("lib.sqlite3")).unwrap();
    let a = lib.index_post(&post("a.md"), 1).unwrap();
    let b = lib.index_post(&post("b.md"), 1).unwrap();
    lib.save_draft(b, "kept", None, 2).unwrap();
    lib.set_missing(b, true).unwrap();
    assert!(!lib.post(a).unwrap().missing);
    let gone = lib.post(b).unwrap();
    assert!(gone.missing);
    assert_eq!(lib.draft(b).unwrap().unwrap().text, "kept");
}

/// Revisions are stored compressed, and read back as they were: the history, a restore
/// and a merge base see the same text, the history list the same size.
#[test]
fn revisions_are_stored_compressed_and_read_back_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lib.sqlite3");
    let lib = Library::open(&path).unwrap();
    let id = lib.index_post(&post("a.md"), 0).unwrap();
    let text = format!(
        "---\ntitle: A\n---\n{}",
        "Words of a long post, 朝の港. ".repeat(2000)
    );
    assert!(lib
        .add_revision(id, &text, "h1", RevisionSource::Disk, 1)
        .unwrap());
    assert_eq!(lib.latest_revision(id).unwrap().unwrap().text, text);
    assert_eq!(
        lib.text_by_hash(id, "h1").unwrap().as_deref(),
        Some(text.as_str())
    );
    let listed = lib.revision_list(id).unwrap();
    assert_eq!(listed[0].bytes as usize, text.len());
    assert_eq!(lib.revision(id, listed[0].id).unwrap().text, text);
    drop(lib);
    // Stored compressed: the text column is empty, the packed one a fraction of it.
    let raw = rusqlite::Connection::open(&path).unwrap();
    let (plain, packed): (String, Vec<u8>) = raw
        .query_row("SELECT text, packed FROM revisions", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(plain, "");
    assert!(
        packed.len() * 4 < text.len(),
        "{} of {} bytes",
        packed.len(),
        text.len()
    );
}

/// A library from before compression keeps its revisions' texts as they were until it is
/// opened: then they are compressed once, and read back the same.
#[test]
fn an_older_library_has_its_revisions_compressed_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lib.sqlite3");
    let lib = Library::open(&path).unwrap();
    let id = lib.index_post(&post("a.md"), 0).unwrap();
    drop(lib);
    // As an older Quire wrote them: the text in its column, nothing packed.
    let texts: Vec<String> = (0..300)
        .map(|n| {
            format!(
                "---\ntitle: A\n---\nVersion {n}. {}",
                "Some words again. ".repeat(50)
            )
        })
        .collect();
    let raw = rusqlite::Connection::open(&path).unwrap();
    for (n, text) in texts.iter().enumerate() {
        raw.execute(
            "INSERT INTO revisions (post_id, hash, text, source, created_at) VALUES (?1, ?2, ?3, 'disk', ?4)",
            rusqlite::params![id, format!("h{n}"), text, n as i64],
        )
        .unwrap();
    }
    raw.execute("DELETE FROM settings WHERE key = 'revisions_packed'", [])
        .unwrap();
    drop(raw);
    let before = std::fs::metadata(&path).unwrap().len();

    let lib = Library::open(&path).unwrap();
    let history = lib.revisions(id).unwrap();
    assert_eq!(history.len(), 300);
    for (revision, text) in history.iter().rev().zip(&texts) {
        assert_eq!(&revision.text, text);
    }
    assert_eq!(
        lib.revision_list(id).unwrap()[0].bytes as usize,
        texts[299].len()
    );
    drop(lib);
    let raw = rusqlite::Connection::open(&path).unwrap();
    let unpacked: i64 = raw
        .query_row(
            "SELECT count(*) FROM revisions WHERE packed IS NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(unpacked, 0);
    let after = std::fs::metadata(&path).unwrap().len();
    assert!(after * 2 < before, "{after} bytes after, {before} before");
}

#[test]
fn a_batch_ended_by_an_error_keeps_only_what_it_committed() {
    use quire_core::library::Batch;
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(&dir.path().join("lib.sqlite3")).unwrap();
    let paths: Vec<String> = (0..Batch::SIZE + 10).map(|i| format!("p{i}.md")).collect();
    let write = |lib: &Library, finish: bool| {
        let mut batch = lib.batch();
        for path in &paths {
            batch.tick().unwrap();
            let id = lib.index_post(&post(path), 1).unwrap();
            lib.add_revision(id, "text", "h", RevisionSource::Disk, 1)
                .unwrap();
        }
        if finish {
            batch.finish().unwrap();
        }
    };
    // Dropped unfinished, as a `?` part-way would: the units before the last commit stay,
    // each whole, and none after it.
    write(&lib, false);
    let posts = lib.posts().unwrap();
    assert_eq!(posts.len(), Batch::SIZE - 1);
    assert!(posts
        .iter()
        .all(|p| lib.revisions(p.id).unwrap().len() == 1));
    write(&lib, true);
    assert_eq!(lib.posts().unwrap().len(), Batch::SIZE + 10);
    // Outside a batch, each write is its own transaction again.
    lib.index_post(&post("after.md"), 2).unwrap();
    assert!(lib.posts().unwrap().iter().any(|p| p.path == "after.md"));
}

#[test]
fn an_index_without_a_count_keeps_the_count_of_the_same_version() {
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(&dir.path().join("lib.sqlite3")).unwrap();
    let id = lib.index_post(&post("a.md"), 1).unwrap();
    let uncounted = |hash| PostIndex {
        words: None,
        disk_hash: Some(hash),
        ..post("a.md")
    };
    // Read again at the same version without counting: the count stands.
    assert_eq!(lib.index_post(&uncounted("h"), 2).unwrap(), id);
    assert_eq!(lib.post(id).unwrap().words, Some(1));
    // Another version: unknown until counted.
    lib.index_post(&uncounted("h2"), 3).unwrap();
    assert_eq!(lib.post(id).unwrap().words, None);
    lib.set_counts(&[(id, "h2", 7)]).unwrap();
    assert_eq!(lib.post(id).unwrap().words, Some(7));
    // A count of a version the post has left is not recorded.
    lib.set_counts(&[(id, "h", 9)]).unwrap();
    assert_eq!(lib.post(id).unwrap().words, Some(7));
}
