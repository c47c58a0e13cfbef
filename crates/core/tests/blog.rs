//! A blog on a real folder and a real library: scan, open, draft, save, create.

use std::fs;
use std::path::Path;

use quire_core::blog::Blog;
use quire_core::library::RevisionSource;
use quire_core::ErrorCode;

use crate::common::id_of;

fn setup() -> (tempfile::TempDir, Blog) {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("content");
    fs::create_dir_all(folder.join("bundle")).unwrap();
    fs::write(
        folder.join("hello.md"),
        "---\ntitle: Hello\nweight: 7 # Hugo keeps this\ndate: 2024-05-17\nstatus: published\n---\nOne two three.\n",
    )
    .unwrap();
    fs::write(
        folder.join("bundle/index.md"),
        "+++\ntitle = \"Bundle\"\n[extra]\nmood = \"calm\"\n+++\nText\n",
    )
    .unwrap();
    fs::write(folder.join(".hidden.md"), "not a post").unwrap();
    let blog = Blog::open(&folder, &dir.path().join("lib.sqlite3")).unwrap();
    blog.scan(1, false, &mut |_, _| {}).unwrap();
    (dir, blog)
}

#[test]
fn scan_lists_posts_and_skips_hidden_files() {
    let (_dir, blog) = setup();
    let posts = blog.posts().unwrap();
    let paths: Vec<_> = posts.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths.len(), 2, "{paths:?}");
    let hello = posts.iter().find(|p| p.path == "hello.md").unwrap();
    assert_eq!(
        (hello.title.as_str(), hello.status.as_str(), hello.words),
        ("Hello", "published", Some(3))
    );
    assert_eq!(hello.date.as_deref(), Some("2024-05-17"));
    // Rescanning unchanged files adds no revisions.
    blog.scan(2, false, &mut |_, _| {}).unwrap();
    assert_eq!(blog.library().revisions(hello.id).unwrap().len(), 1);
}

#[test]
fn draft_wins_over_file_until_saved() {
    let (dir, blog) = setup();
    let id = id_of(&blog, "hello.md");
    let original = fs::read_to_string(dir.path().join("content/hello.md")).unwrap();
    let first = blog.open_post(id).unwrap();
    assert!(!first.from_draft);

    let edited = original.replace("One two three.", "One two three four.");
    let kept = blog
        .save_draft(id, &edited, first.base.as_deref(), 5)
        .unwrap();
    assert!(!kept.conflict);
    let opened = blog.open_post(id).unwrap();
    assert!(opened.from_draft);
    assert_eq!(opened.text, edited);
    assert_eq!(opened.base, first.base);
    // A draft never touches the file.
    assert_eq!(
        fs::read_to_string(dir.path().join("content/hello.md")).unwrap(),
        original
    );

    let row = blog.save(id, &edited, opened.base.as_deref(), 6).unwrap();
    assert_eq!(row.words, Some(4));
    assert!(!row.has_draft);
    let on_disk = fs::read_to_string(dir.path().join("content/hello.md")).unwrap();
    // Unknown keys and comments survive byte for byte.
    assert_eq!(on_disk, edited);
    assert!(on_disk.contains("weight: 7 # Hugo keeps this"));
    let revs = blog.library().revisions(id).unwrap();
    assert_eq!(revs[0].source, RevisionSource::Editor);
    assert_eq!(revs[0].text, edited);
    assert_eq!(revs[1].source, RevisionSource::Disk);
    assert_eq!(
        row.disk_hash,
        Some(quire_core::folder::content_hash(&edited))
    );
}

#[test]
fn saving_leaves_no_temp_file() {
    let (dir, blog) = setup();
    let id = id_of(&blog, "bundle/index.md");
    let base = blog.open_post(id).unwrap().base;
    blog.save(id, "+++\ntitle = \"B\"\n+++\nNew\n", base.as_deref(), 3)
        .unwrap();
    let names: Vec<_> = fs::read_dir(dir.path().join("content/bundle"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["index.md"]);
}

#[test]
fn malformed_front_matter_is_reported_and_never_saved() {
    let (dir, blog) = setup();
    let path = dir.path().join("content/broken.md");
    let broken = "---\ntitle: [oops\n---\nBody\n";
    fs::write(&path, broken).unwrap();
    blog.scan(3, false, &mut |_, _| {}).unwrap();
    let row = blog
        .posts()
        .unwrap()
        .into_iter()
        .find(|p| p.path == "broken.md")
        .unwrap();
    let problem = row.problem.clone().unwrap();
    assert_eq!(problem.code, ErrorCode::FrontMatter, "{row:?}");
    assert!(problem.message.contains("front matter"), "{row:?}");
    // It still opens, so the author can fix it in the editor…
    let opened = blog.open_post(row.id).unwrap();
    assert_eq!(opened.text, broken);
    // …but saving text that is still malformed is refused, and the file is untouched.
    let err = blog
        .save(
            row.id,
            "---\ntitle: [still\n---\nMore\n",
            opened.base.as_deref(),
            4,
        )
        .unwrap_err();
    assert_eq!(err.code(), "front_matter");
    assert_eq!(fs::read_to_string(&path).unwrap(), broken);
}

#[test]
fn binary_and_non_utf8_files_are_listed_as_unreadable() {
    let (dir, blog) = setup();
    fs::write(dir.path().join("content/bin.md"), [0u8, 1, 2, 3]).unwrap();
    fs::write(
        dir.path().join("content/latin1.md"),
        [0x63, 0x61, 0x66, 0xe9],
    )
    .unwrap();
    let report = blog.scan(3, false, &mut |_, _| {}).unwrap();
    assert_eq!(report.changes.len(), 2);
    assert_eq!(report.unreadable, 2);
    for name in ["bin.md", "latin1.md"] {
        let row = blog
            .posts()
            .unwrap()
            .into_iter()
            .find(|p| p.path == name)
            .unwrap();
        let problem = row.problem.clone().unwrap();
        assert_eq!(problem.code, ErrorCode::NotText, "{row:?}");
        assert!(problem.message.contains("not a text file"), "{row:?}");
        assert_eq!(blog.open_post(row.id).unwrap_err().code(), "not_text");
    }
}

#[test]
fn new_post_gets_a_slug_and_defaults() {
    let (dir, blog) = setup();
    let row = blog
        .create("Hello: again?", "Ada", "2026-11-25", 9)
        .unwrap();
    assert_eq!(row.path, "hello-again.md");
    let text = fs::read_to_string(dir.path().join("content/hello-again.md")).unwrap();
    assert_eq!(
        text,
        "---\ntitle: \"Hello: again?\"\nauthor: \"Ada\"\ndate: 2026-11-25\nstatus: draft\n---\n\n"
    );
    assert_eq!(row.title, "Hello: again?");
    // The same title again does not overwrite the first file.
    let second = blog.create("Hello again", "Ada", "2026-11-25", 10).unwrap();
    assert_eq!(second.path, "hello-again-2.md");
    assert_eq!(
        blog.create("   ", "Ada", "2026-11-25", 11)
            .unwrap_err()
            .code(),
        "empty_title"
    );
}

#[test]
fn library_inside_the_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("content");
    fs::create_dir_all(&folder).unwrap();
    let err = Blog::open(&folder, &folder.join("lib.sqlite3"))
        .err()
        .unwrap();
    assert_eq!(err.code(), "library_inside_folder");
    assert!(!Path::new(&folder.join("lib.sqlite3")).exists());
}

#[test]
fn paths_cannot_escape_the_folder() {
    let (dir, blog) = setup();
    fs::write(dir.path().join("secret.png"), b"x").unwrap();
    for bad in ["../secret.png", "/etc/passwd", "a/../../secret.png"] {
        assert_eq!(
            blog.folder().read_asset(bad).unwrap_err().code(),
            "path_escape",
            "{bad}"
        );
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            dir.path().join("secret.png"),
            dir.path().join("content/link.png"),
        )
        .unwrap();
        assert_eq!(
            blog.folder().read_asset("link.png").unwrap_err().code(),
            "path_escape"
        );
    }
}

/// The overwrite rule lives in the engine: a save names the file version it was based
/// on, and a file that is another version now is never overwritten, whoever calls.
#[test]
fn a_save_based_on_an_old_version_is_refused_and_nothing_on_disk_changes() {
    let (dir, blog) = setup();
    let path = dir.path().join("content/hello.md");
    let id = id_of(&blog, "hello.md");
    let opened = blog.open_post(id).unwrap();
    let mine = opened.text.replace("One two three.", "Mine.");

    // Another tool writes the file; the watcher has not told anyone yet.
    let theirs = opened.text.replace("One two three.", "Theirs.");
    fs::write(&path, &theirs).unwrap();
    let revisions_before = blog.library().revisions(id).unwrap().len();

    let err = blog.save(id, &mine, opened.base.as_deref(), 5).unwrap_err();
    assert_eq!(err.code(), ErrorCode::DiskChanged);
    assert!(err.to_string().contains("hello.md"), "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), theirs, "file untouched");
    assert_eq!(
        blog.library().revisions(id).unwrap().len(),
        revisions_before
    );
    // The refused text is not lost: it is the post's draft, based on the old version.
    let reopened = blog.open_post(id).unwrap();
    assert!(reopened.from_draft);
    assert_eq!(reopened.text, mine);
    assert_eq!(reopened.base, opened.base);

    // The merge names the version on disk; a save based on it goes through.
    let view = blog
        .merge_view(id, &mine, opened.base.as_deref(), 6)
        .unwrap();
    assert_eq!(view.theirs, theirs);
    let merged = format!("{mine}{}", "\nAnd theirs.\n");
    blog.save_as(
        id,
        &merged,
        Some(&view.theirs_hash),
        RevisionSource::Merge,
        7,
    )
    .unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), merged);
    assert!(!blog.open_post(id).unwrap().from_draft);
}

#[test]
fn a_save_with_no_base_never_replaces_a_file_but_the_same_text_goes_through() {
    let (dir, blog) = setup();
    let path = dir.path().join("content/hello.md");
    let id = id_of(&blog, "hello.md");
    let on_disk = fs::read_to_string(&path).unwrap();

    // "No file expected" while there is one: refused.
    let err = blog
        .save(id, "---\ntitle: X\n---\nNew\n", None, 2)
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::DiskChanged);
    assert_eq!(fs::read_to_string(&path).unwrap(), on_disk);

    // A file that already holds the text loses nothing by being written again.
    blog.save(id, &on_disk, Some("not the hash of anything"), 3)
        .unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), on_disk);
}

#[test]
fn a_draft_based_on_an_old_version_is_kept_and_flagged() {
    let (dir, blog) = setup();
    let path = dir.path().join("content/hello.md");
    let id = id_of(&blog, "hello.md");
    let opened = blog.open_post(id).unwrap();
    let theirs = opened.text.replace("One two three.", "Theirs.");
    fs::write(&path, &theirs).unwrap();
    blog.reconcile(&["hello.md".to_string()], 2).unwrap();

    let mine = opened.text.replace("One two three.", "Mine.");
    let kept = blog
        .save_draft(id, &mine, opened.base.as_deref(), 3)
        .unwrap();
    assert!(kept.conflict, "the file changed under the draft");
    let reopened = blog.open_post(id).unwrap();
    assert_eq!(
        (reopened.text.as_str(), reopened.conflict),
        (mine.as_str(), true)
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), theirs);
}

#[test]
fn restore_to_disk_never_replaces_a_file_that_came_back_different() {
    let (dir, blog) = setup();
    let path = dir.path().join("content/hello.md");
    let id = id_of(&blog, "hello.md");
    fs::remove_file(&path).unwrap();
    blog.reconcile(&["hello.md".to_string()], 2).unwrap();
    fs::write(&path, "---\ntitle: Someone else's\n---\nNew file.\n").unwrap();
    let err = blog.restore_to_disk(id, 3).unwrap_err();
    assert_eq!(err.code(), ErrorCode::DiskChanged);
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "---\ntitle: Someone else's\n---\nNew file.\n"
    );
}

#[test]
fn a_file_named_to_open_is_found_indexed_or_refused() {
    let f = crate::common::fixture(&[("known.md", b"---\ntitle: Known\n---\nHi.\n")]);
    let known = f.id("known.md");
    assert_eq!(
        f.blog.post_for_file(&f.folder.join("known.md"), 2).unwrap(),
        known
    );
    // Written a moment ago, before any scan or watcher saw it.
    fs::write(f.folder.join("fresh.md"), "---\ntitle: Fresh\n---\nNew.\n").unwrap();
    let fresh = f.blog.post_for_file(&f.folder.join("fresh.md"), 3).unwrap();
    assert_eq!(f.blog.library().post(fresh).unwrap().title, "Fresh");

    let outside = f.folder.parent().unwrap().join("outside.md");
    fs::write(&outside, "---\ntitle: Out\n---\n").unwrap();
    assert_eq!(
        f.blog.post_for_file(&outside, 4).unwrap_err().code(),
        "not_a_post"
    );
    fs::write(f.folder.join("notes.txt"), "plain").unwrap();
    assert_eq!(
        f.blog
            .post_for_file(&f.folder.join("notes.txt"), 4)
            .unwrap_err()
            .code(),
        "not_a_post"
    );
}
