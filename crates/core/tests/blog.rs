//! A blog on a real folder and a real library: scan, open, draft, save, create.

use std::fs;
use std::path::Path;

use quire_core::blog::Blog;

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

fn id_of(blog: &Blog, path: &str) -> i64 {
    blog.posts()
        .unwrap()
        .into_iter()
        .find(|p| p.path == path)
        .unwrap()
        .id
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
        ("Hello", "published", 3)
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
    assert!(!blog.open_post(id).unwrap().from_draft);

    let edited = original.replace("One two three.", "One two three four.");
    blog.save_draft(id, &edited, 5).unwrap();
    let opened = blog.open_post(id).unwrap();
    assert!(opened.from_draft);
    assert_eq!(opened.text, edited);
    // A draft never touches the file.
    assert_eq!(
        fs::read_to_string(dir.path().join("content/hello.md")).unwrap(),
        original
    );

    let row = blog.save(id, &edited, 6).unwrap();
    assert_eq!(row.words, 4);
    assert!(!row.has_draft);
    let on_disk = fs::read_to_string(dir.path().join("content/hello.md")).unwrap();
    // Unknown keys and comments survive byte for byte.
    assert_eq!(on_disk, edited);
    assert!(on_disk.contains("weight: 7 # Hugo keeps this"));
    let revs = blog.library().revisions(id).unwrap();
    assert_eq!(revs[0].source, "editor");
    assert_eq!(revs[0].text, edited);
    assert_eq!(revs[1].source, "disk");
}

#[test]
fn saving_leaves_no_temp_file() {
    let (dir, blog) = setup();
    let id = id_of(&blog, "bundle/index.md");
    blog.save(id, "+++\ntitle = \"B\"\n+++\nNew\n", 3).unwrap();
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
    assert!(
        row.problem.as_deref().unwrap().contains("front matter"),
        "{row:?}"
    );
    // It still opens, so the author can fix it in the editor…
    assert_eq!(blog.open_post(row.id).unwrap().text, broken);
    // …but saving text that is still malformed is refused, and the file is untouched.
    let err = blog
        .save(row.id, "---\ntitle: [still\n---\nMore\n", 4)
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
        assert!(
            row.problem.as_deref().unwrap().contains("not a text file"),
            "{row:?}"
        );
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
