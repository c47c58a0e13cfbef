//! A broken library never locks the author out: it is moved aside, what can be read of
//! it is salvaged, and the index is rebuilt from the files. Real SQLite files, damaged
//! the ways disks and crashes damage them.

use std::fs;
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use quire_core::blog::Blog;
use quire_core::library::Library;

use crate::common::id_of;

const NOW: i64 = 1_764_460_800_000; // 2025-11-30 00:00:00 UTC

struct Setup {
    _dir: tempfile::TempDir,
    folder: PathBuf,
    library: PathBuf,
}

/// Words that do not repeat: revisions are stored compressed, and a history of repeated
/// words would fit in a page or two.
fn filler(seed: u64, words: u64) -> String {
    (0..words)
        .map(|i| {
            format!(
                "w{:x}",
                (seed * 7919 + i).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 40
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn post(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n---\n{body}\n")
}

/// A folder of three posts and a library that has seen them: a draft on the first, and
/// a long history on the second (enough pages that damage lands among them).
fn setup() -> (Setup, i64) {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("content");
    fs::create_dir_all(&folder).unwrap();
    for (name, title) in [("a.md", "Alpha"), ("b.md", "Beta"), ("c.md", "Gamma")] {
        fs::write(folder.join(name), post(title, "Words on disk.")).unwrap();
    }
    let library = dir.path().join("library.sqlite3");
    let blog = Blog::open(&folder, &library).unwrap();
    blog.scan(1, false, &mut |_, _| {}).unwrap();
    let (a, b) = (id_of(&blog, "a.md"), id_of(&blog, "b.md"));
    let opened = blog.open_post(a).unwrap();
    blog.save_draft(
        a,
        &post("Alpha", "An unsaved paragraph."),
        opened.base.as_deref(),
        2,
    )
    .unwrap();
    let mut base = blog.open_post(b).unwrap().base;
    for n in 0..60i64 {
        let text = post("Beta", &format!("Version {n}. {}", filler(n as u64, 400)));
        base = blog
            .save(b, &text, base.as_deref(), 10 + n)
            .unwrap()
            .disk_hash;
    }
    drop(blog); // the last connection closes: the WAL is checkpointed into the file.
    (
        Setup {
            _dir: dir,
            folder,
            library,
        },
        a,
    )
}

fn opened(s: &Setup) -> (Blog, quire_core::library::Salvage) {
    let (blog, salvage) = Blog::open_or_salvage(&s.folder, &s.library, NOW).unwrap();
    let salvage = salvage.expect("the library was salvaged");
    blog.scan(NOW, false, &mut |_, _| {}).unwrap();
    (blog, salvage)
}

fn titles(blog: &Blog) -> Vec<String> {
    let mut t: Vec<String> = blog
        .posts()
        .unwrap()
        .into_iter()
        .filter(|p| !p.missing)
        .map(|p| p.title)
        .collect();
    t.sort();
    t
}

fn page_size(path: &Path) -> u64 {
    let bytes = fs::read(path).unwrap();
    match u16::from_be_bytes([bytes[16], bytes[17]]) {
        1 => 65536,
        n => n as u64,
    }
}

/// Garbage over one page of the library: page `page` (from 1), or one two thirds in.
fn damage_page(library: &Path, page: Option<u64>) {
    let size = page_size(library);
    let page = page.unwrap_or_else(|| fs::metadata(library).unwrap().len() / size * 2 / 3 + 1);
    let mut file = fs::OpenOptions::new().write(true).open(library).unwrap();
    file.seek(SeekFrom::Start(size * (page - 1))).unwrap();
    file.write_all(&vec![0xA5; size as usize]).unwrap();
}

#[test]
fn a_file_that_is_not_a_database_is_moved_aside_and_the_index_rebuilt() {
    let (s, _) = setup();
    fs::write(&s.library, b"this is not an SQLite file, just words").unwrap();
    let refused = Blog::open(&s.folder, &s.library).err().unwrap();
    assert_eq!(refused.code(), "library_damaged", "{refused}");

    let (blog, salvage) = opened(&s);
    assert_eq!(titles(&blog), ["Alpha", "Beta", "Gamma"]);
    assert_eq!(
        fs::read(&salvage.moved_to).unwrap(),
        b"this is not an SQLite file, just words",
        "the damaged file is kept, as it was"
    );
    assert!(
        salvage.moved_to.ends_with(".damaged-20251130-000000"),
        "{}",
        salvage.moved_to
    );
    assert_eq!((salvage.drafts, salvage.revisions), (0, 0));
    assert!(salvage.message.contains(&salvage.moved_to));
    // The next start finds a sound library and salvages nothing.
    drop(blog);
    let (_, again) = Blog::open_or_salvage(&s.folder, &s.library, NOW + 1).unwrap();
    assert!(again.is_none());
}

#[test]
fn a_truncated_library_gives_back_its_draft_and_what_history_it_still_has() {
    let (s, a) = setup();
    let len = fs::metadata(&s.library).unwrap().len();
    let file = fs::OpenOptions::new().write(true).open(&s.library).unwrap();
    file.set_len(len / 2).unwrap();
    drop(file);

    let (blog, salvage) = opened(&s);
    assert_eq!(titles(&blog), ["Alpha", "Beta", "Gamma"]);
    assert_eq!(salvage.drafts, 1, "{salvage:?}");
    assert!(salvage.revisions > 0, "{salvage:?}");
    let alpha = blog.open_post(a).unwrap();
    assert!(alpha.from_draft);
    assert!(alpha.text.contains("An unsaved paragraph."));
    assert!(
        !alpha.conflict,
        "the file is the version the draft started from"
    );
    assert_eq!(
        fs::metadata(&salvage.moved_to).unwrap().len(),
        len / 2,
        "kept aside as it was"
    );
}

#[test]
fn a_damaged_page_loses_only_the_rows_on_it() {
    let (s, a) = setup();
    // Garbage over a page in the middle of the revisions.
    damage_page(&s.library, None);

    let (blog, salvage) = opened(&s);
    assert_eq!(salvage.drafts, 1);
    // Sixty saves and the three first sightings, less what sat on one page.
    assert!(salvage.revisions >= 50, "{salvage:?}");
    assert!(blog.open_post(a).unwrap().from_draft);
    let b = blog
        .posts()
        .unwrap()
        .into_iter()
        .find(|p| p.path == "b.md")
        .unwrap();
    assert!(blog.history(b.id).unwrap().len() >= 45);
}

#[test]
fn a_draft_whose_post_row_was_lost_keeps_a_post_of_its_own() {
    let (s, _) = setup();
    let root: u64 = rusqlite::Connection::open(&s.library)
        .unwrap()
        .query_row(
            "SELECT rootpage FROM sqlite_master WHERE name = 'posts'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    damage_page(&s.library, Some(root));

    let (blog, salvage) = opened(&s);
    assert_eq!(salvage.posts, 0);
    assert_eq!(salvage.drafts, 1);
    let posts = blog.posts().unwrap();
    let recovered = posts
        .iter()
        .find(|p| p.title.starts_with("Recovered post"))
        .expect("the draft's post");
    assert!(recovered.missing && recovered.has_draft, "{recovered:?}");
    let text = blog.open_post(recovered.id).unwrap().text;
    assert!(text.contains("An unsaved paragraph."));
    assert_eq!(
        titles(&blog),
        ["Alpha", "Beta", "Gamma"],
        "the files, indexed again"
    );
}

#[test]
fn a_library_from_a_newer_quire_says_which_version_made_it() {
    let (s, _) = setup();
    {
        let lib = Library::open(&s.library).unwrap();
        lib.set_setting("quire_version", "9.4.1").unwrap();
        drop(lib);
        let conn = rusqlite::Connection::open(&s.library).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let e = Blog::open_or_salvage(&s.folder, &s.library, NOW)
        .err()
        .unwrap();
    assert_eq!(e.code(), "library_too_new");
    let message = e.to_string();
    assert!(
        message.contains("Quire 9.4.1") && message.contains("schema 99"),
        "{message}"
    );
    assert!(
        !s.library
            .with_file_name("library.sqlite3.damaged-20251130-000000")
            .exists(),
        "a newer library is refused, never moved aside"
    );
}

#[test]
fn a_library_another_quire_has_open_is_never_moved() {
    let (s, _) = setup();
    damage_page(&s.library, None);
    // Another Quire, or a quire command, has it open (in WAL mode, as Quire opens it).
    let other = rusqlite::Connection::open(&s.library).unwrap();
    other
        .query_row("SELECT count(*) FROM settings", [], |r| r.get::<_, i64>(0))
        .unwrap();

    let e = Blog::open_or_salvage(&s.folder, &s.library, NOW)
        .err()
        .unwrap();
    assert_eq!(e.code(), "library_damaged");
    assert!(e.to_string().contains("has it open"), "{e}");
    let kept: Vec<_> = fs::read_dir(s.library.parent().unwrap())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".damaged-") || n.contains(".salvaging"))
        .collect();
    assert!(kept.is_empty(), "nothing moved or left: {kept:?}");

    // Once it is closed, the next start salvages it.
    drop(other);
    let (_, salvage) = opened(&s);
    assert_eq!(salvage.drafts, 1);
}
