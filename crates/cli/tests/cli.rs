//! The `quire` binary as a user runs it.

use std::fs;
use std::process::{Command, Output};

fn quire(args: &[&str], lib: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(args)
        .env("QUIRE_LIBRARY", lib)
        .env_remove("QUIRE_FOLDER")
        .output()
        .expect("quire runs")
}

/// A temp dir with an empty `content/` folder and a library path beside it (not inside).
fn blog_dirs() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("content");
    fs::create_dir_all(&folder).unwrap();
    let lib = dir.path().join("lib.sqlite3");
    (dir, folder, lib)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn render_prints_the_article_page() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.md");
    fs::write(
        &file,
        "---\ntitle: Rendered\nlabel: Exclusive\n---\n## Part\n\nText.\n",
    )
    .unwrap();
    let o = quire(&["render", file.to_str().unwrap()], &dir.path().join("lib"));
    assert!(o.status.success(), "{}", stderr(&o));
    let html = stdout(&o);
    assert!(html.starts_with("<!doctype html>"), "{html}");
    assert!(
        html.contains("<h1 class=\"q-title\">Rendered</h1>"),
        "{html}"
    );
    assert!(html.contains("id=\"part\""), "{html}");
    assert!(html.contains("1 min read"), "{html}");
}

/// A post of a Hugo site renders its shortcodes, as the preview and export do.
#[test]
fn render_follows_the_site_the_post_belongs_to() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("hugo.toml"),
        "baseURL = 'https://ex.org/'\n",
    )
    .unwrap();
    fs::create_dir_all(dir.path().join("content/posts")).unwrap();
    let file = dir.path().join("content/posts/p.md");
    fs::write(
        &file,
        "---\ntitle: Boats\n---\n{{< figure src=\"a.png\" caption=\"The boats\" >}}\n",
    )
    .unwrap();
    let o = quire(
        &["render", "--fragment", file.to_str().unwrap()],
        &dir.path().join("lib"),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let html = stdout(&o);
    assert!(
        html.contains("<figcaption><p>The boats</p></figcaption>"),
        "{html}"
    );
    assert!(!html.contains("{{"), "{html}");
}

#[test]
fn render_errors_are_clear_and_fail() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    let missing = quire(&["render", "/nonexistent/post.md"], &lib);
    assert!(!missing.status.success());
    assert!(
        stderr(&missing).contains("/nonexistent/post.md"),
        "{}",
        stderr(&missing)
    );

    let bad = dir.path().join("bad.md");
    fs::write(&bad, "---\ntitle: [x\n---\nBody").unwrap();
    let o = quire(&["render", bad.to_str().unwrap()], &lib);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("front matter is malformed"),
        "{}",
        stderr(&o)
    );

    let bin = dir.path().join("bin.md");
    fs::write(&bin, [0u8, 1, 2]).unwrap();
    let o = quire(&["render", bin.to_str().unwrap()], &lib);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("not a text file"), "{}", stderr(&o));
}

#[test]
fn new_then_list() {
    let (_dir, folder, lib) = blog_dirs();
    let f = folder.to_str().unwrap();
    let o = quire(
        &["--folder", f, "new", "My First Post", "--author", "Ada"],
        &lib,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).trim().ends_with("my-first-post.md"),
        "{}",
        stdout(&o)
    );
    let text = fs::read_to_string(folder.join("my-first-post.md")).unwrap();
    assert!(text.contains("author: \"Ada\""), "{text}");

    let o = quire(&["list", "--folder", f], &lib);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("draft") && out.contains("My First Post"),
        "{out}"
    );

    let o = quire(&["list", "--folder", f, "--json"], &lib);
    let row: serde_json::Value = serde_json::from_str(stdout(&o).lines().next().unwrap()).unwrap();
    assert_eq!(row["path"], "my-first-post.md");
}

#[test]
fn list_without_a_folder_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["list"])
        .current_dir(dir.path())
        .env("QUIRE_LIBRARY", dir.path().join("lib"))
        .env_remove("QUIRE_FOLDER")
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--folder"), "{}", stderr(&o));
}

#[test]
fn history_and_check() {
    let (_dir, folder, lib) = blog_dirs();
    let f = folder.to_str().unwrap();
    fs::write(folder.join("p.md"), "---\ntitle: P\n---\nOne\n").unwrap();
    assert!(quire(&["list", "--folder", f], &lib).status.success());
    fs::write(folder.join("p.md"), "---\ntitle: P\n---\nTwo\n").unwrap();
    fs::write(folder.join("q.md"), "---\ntitle: Q\n---\n").unwrap();

    let o = quire(&["check", "--folder", f], &lib);
    assert!(!o.status.success(), "differences are a failure");
    let out = stdout(&o);
    assert!(out.contains("changed on disk  p.md"), "{out}");
    assert!(out.contains("not in library   q.md"), "{out}");
    assert!(stderr(&o).contains("--rebuild"), "{}", stderr(&o));

    let o = quire(&["check", "--rebuild", "--folder", f], &lib);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = quire(&["check", "--folder", f], &lib);
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(stdout(&o).contains("folder and library agree"));

    let o = quire(
        &[
            "history",
            "--folder",
            f,
            folder.join("p.md").to_str().unwrap(),
        ],
        &lib,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<_> = stdout(&o).lines().map(String::from).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines.iter().all(|l| l.contains("disk")), "{lines:?}");
}

#[test]
fn watch_prints_json_lines() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("content");
    fs::create_dir_all(&folder).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["watch", "--folder", folder.to_str().unwrap()])
        .env("QUIRE_LIBRARY", dir.path().join("lib.sqlite3"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait for the watch to be in place before writing.
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    assert!(line.contains("watching"), "{line}");
    fs::write(folder.join("new.md"), "---\ntitle: New\n---\n").unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    let v: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert_eq!(v["kind"], "created");
    assert_eq!(v["path"], "new.md");
}

#[test]
fn settings_set_the_author_of_new_posts() {
    let (_dir, folder, lib) = blog_dirs();
    let f = folder.to_str().unwrap();
    let o = quire(&["settings", "author", "Grace Hopper", "--folder", f], &lib);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("author      Grace Hopper"),
        "{}",
        stdout(&o)
    );
    let o = quire(&["new", "Compilers", "--folder", f], &lib);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = fs::read_to_string(folder.join("compilers.md")).unwrap();
    assert!(text.contains("author: \"Grace Hopper\""), "{text}");

    let o = quire(&["settings", "colour", "blue", "--folder", f], &lib);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("no setting `colour`"), "{}", stderr(&o));
}

/// Runs `quire` with `input` on standard input.
fn quire_with_input(args: &[&str], lib: &std::path::Path, input: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(args)
        .env("QUIRE_LIBRARY", lib)
        .env_remove("QUIRE_FOLDER")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("quire runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// The command line's save goes through the engine's overwrite rule: a file changed
/// since Quire last saw it is not overwritten, and the text is kept as a draft.
#[test]
fn save_refuses_to_overwrite_an_outside_edit() {
    let (_dir, folder, lib) = blog_dirs();
    let f = folder.to_str().unwrap();
    let file = folder.join("p.md");
    fs::write(&file, "---\ntitle: P\n---\nFirst.\n").unwrap();
    assert!(quire(&["list", "--folder", f], &lib).status.success());

    // Quire has seen version 1: a save based on it goes through and prints the new one.
    let o = quire_with_input(
        &["save", file.to_str().unwrap(), "--folder", f],
        &lib,
        "---\ntitle: P\n---\nSecond.\n",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let version = stdout(&o).trim().to_string();
    assert_eq!(version.len(), 64, "a content hash: {version}");
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        "---\ntitle: P\n---\nSecond.\n"
    );

    // Another tool edits the file; Quire has not looked since.
    fs::write(&file, "---\ntitle: P\n---\nTheirs.\n").unwrap();
    let o = quire_with_input(
        &["save", file.to_str().unwrap(), "--folder", f],
        &lib,
        "---\ntitle: P\n---\nMine.\n",
    );
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("changed on disk") && stderr(&o).contains("nothing was written"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        "---\ntitle: P\n---\nTheirs.\n"
    );
    // An explicit base names the version on disk now: that save goes through.
    let theirs = quire_core::folder::content_hash("---\ntitle: P\n---\nTheirs.\n");
    let o = quire_with_input(
        &[
            "save",
            file.to_str().unwrap(),
            "--base",
            &theirs,
            "--folder",
            f,
        ],
        &lib,
        "---\ntitle: P\n---\nTheirs and mine.\n",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        "---\ntitle: P\n---\nTheirs and mine.\n"
    );
}

#[test]
fn paths_names_the_folder_library_and_logs() {
    let (dir, folder, lib) = blog_dirs();
    let o = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(["paths", "--folder", folder.to_str().unwrap()])
        .env("QUIRE_LIBRARY", &lib)
        .env("QUIRE_LOG_DIR", dir.path().join("logs"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains(&format!("library  {}", lib.display())),
        "{out}"
    );
    assert!(
        out.contains(&format!("logs     {}", dir.path().join("logs").display())),
        "{out}"
    );
    assert!(out.contains("folder   "), "{out}");
}

#[test]
fn search_finds_words_phrases_and_cjk_and_prints_json() {
    let (_dir, folder, lib) = blog_dirs();
    fs::write(
        folder.join("kyoto.md"),
        "---\ntitle: 京都の旅\ntags: [travel]\n---\n古いお寺をたくさん見ました。\n",
    )
    .unwrap();
    fs::write(
        folder.join("bread.md"),
        "---\ntitle: Sourdough notes\nstatus: published\n---\nThe starter doubled overnight, then collapsed.\n",
    )
    .unwrap();
    let f = folder.to_str().unwrap();

    let o = quire(&["--folder", f, "search", "お寺"], &lib);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("京都の旅  (kyoto.md)"), "{out}");
    assert!(out.contains("[お寺]"), "{out}");

    let o = quire(&["--folder", f, "search", "overn", "--json"], &lib);
    let hit: serde_json::Value = serde_json::from_str(stdout(&o).lines().next().unwrap()).unwrap();
    assert_eq!(hit["post"]["path"], "bread.md");
    let marked: Vec<&str> = hit["snippet"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["hit"] == true)
        .map(|m| m["text"].as_str().unwrap())
        .collect();
    assert_eq!(marked, ["overnight"]);

    // Filters, and a query FTS5 would refuse: searched literally, nothing found, success.
    let o = quire(&["--folder", f, "search", "tag:travel", "--json"], &lib);
    assert_eq!(stdout(&o).lines().count(), 1, "{}", stdout(&o));
    let o = quire(&["--folder", f, "search", "AND ( \""], &lib);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("no post matches"), "{}", stderr(&o));

    // A rebuild leaves the index whole.
    let o = quire(&["--folder", f, "check", "--rebuild"], &lib);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = quire(&["--folder", f, "search", "\"starter doubled\""], &lib);
    assert!(stdout(&o).contains("Sourdough notes"), "{}", stdout(&o));
}

#[test]
fn rename_duplicate_status_and_trash() {
    let (_dir, folder, lib) = blog_dirs();
    fs::write(
        folder.join("first.md"),
        "---\ntitle: First\nstatus: draft\n---\nHello.\n",
    )
    .unwrap();
    fs::write(
        folder.join("other.md"),
        "---\ntitle: Other\n---\nSee [first](first.md).\n",
    )
    .unwrap();
    let f = folder.to_str().unwrap();
    let first = folder.join("first.md");

    let o = quire(
        &[
            "--folder",
            f,
            "rename",
            first.to_str().unwrap(),
            "Second thoughts",
        ],
        &lib,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), "second-thoughts.md");
    assert!(stderr(&o).contains("other.md:4:"), "{}", stderr(&o));
    assert!(!first.exists());
    let o = quire(
        &["--folder", f, "rename", "second-thoughts.md", "Other"],
        &lib,
    );
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("other.md is already taken by “Other”"),
        "{}",
        stderr(&o)
    );
    let o = quire(&["--folder", f, "rename", "second-thoughts.md", " "], &lib);
    assert!(stderr(&o).contains("a title is needed"), "{}", stderr(&o));

    let o = quire(
        &["--folder", f, "status", "second-thoughts.md", "published"],
        &lib,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = fs::read_to_string(folder.join("second-thoughts.md")).unwrap();
    assert_eq!(
        text,
        "---\ntitle: Second thoughts\nstatus: published\n---\nHello.\n"
    );
    let o = quire(
        &["--folder", f, "status", "second-thoughts.md", "someday"],
        &lib,
    );
    assert!(stderr(&o).contains("not a status"), "{}", stderr(&o));

    let o = quire(&["--folder", f, "duplicate", "second-thoughts.md"], &lib);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), "second-thoughts-copy.md");
    let copy = fs::read_to_string(folder.join("second-thoughts-copy.md")).unwrap();
    assert!(
        copy.contains("title: Second thoughts (copy)") && copy.contains("status: draft"),
        "{copy}"
    );

    let o = quire(&["--folder", f, "trash", "second-thoughts.md"], &lib);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!folder.join("second-thoughts.md").exists());
    let o = quire(&["--folder", f, "trash", "--list"], &lib);
    assert!(
        stdout(&o).contains("second-thoughts.md  (Second thoughts)"),
        "{}",
        stdout(&o)
    );
    let o = quire(
        &["--folder", f, "trash", "--restore", "second-thoughts.md"],
        &lib,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        fs::read_to_string(folder.join("second-thoughts.md")).unwrap(),
        text
    );
    let o = quire(
        &["--folder", f, "trash", "--restore", "second-thoughts.md"],
        &lib,
    );
    assert!(
        stderr(&o).contains("no post in the trash was at second-thoughts.md"),
        "{}",
        stderr(&o)
    );

    quire(&["--folder", f, "trash", "second-thoughts-copy.md"], &lib);
    let o = quire(&["--folder", f, "trash", "--empty"], &lib);
    assert_eq!(stdout(&o).trim(), "deleted 1 post for good");
    let o = quire(&["--folder", f, "trash", "--list"], &lib);
    assert_eq!(stdout(&o), "");
}

#[test]
fn a_damaged_library_is_salvaged_and_said_on_stderr() {
    let (dir, folder, lib) = blog_dirs();
    let f = folder.to_str().unwrap();
    let o = quire(&["--folder", f, "new", "Kept Post"], &lib);
    assert!(o.status.success(), "{}", stderr(&o));
    fs::write(&lib, b"not a database at all").unwrap();

    let o = quire(&["list", "--folder", f], &lib);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("Kept Post"), "rebuilt from the files");
    let err = stderr(&o);
    assert!(
        err.contains("damaged") && err.contains(".damaged-"),
        "{err}"
    );
    let aside: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".damaged-"))
        .collect();
    assert_eq!(
        aside.len(),
        1,
        "the damaged file is kept beside the new one"
    );
    assert_eq!(fs::read(aside[0].path()).unwrap(), b"not a database at all");
}

/// As root (CI is), file modes do not stop a write: the library's folder is made
/// read-only by a read-only bind mount, in a user namespace of the test's own.
#[test]
fn a_library_on_a_read_only_location_opens_read_only() {
    let namespaces = Command::new("unshare")
        .args(["-r", "-m", "true"])
        .status()
        .is_ok_and(|s| s.success());
    if !namespaces {
        eprintln!("skipped: this system lets no user namespace mount a read-only folder");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("content");
    let shelf = dir.path().join("shelf");
    fs::create_dir_all(&folder).unwrap();
    fs::create_dir_all(&shelf).unwrap();
    let lib = shelf.join("lib.sqlite3");
    let f = folder.to_str().unwrap();
    let o = quire(&["--folder", f, "new", "On The Shelf"], &lib);
    assert!(o.status.success(), "{}", stderr(&o));

    let read_only = |args: &[&str]| {
        Command::new("unshare")
            .args(["-r", "-m", "sh", "-c"])
            .arg(r#"mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@""#)
            .arg("sh")
            .arg(&shelf)
            .arg(env!("CARGO_BIN_EXE_quire"))
            .args(args)
            .env("QUIRE_LIBRARY", &lib)
            .env_remove("QUIRE_FOLDER")
            .output()
            .unwrap()
    };
    let o = read_only(&["list", "--folder", f]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("On The Shelf"), "{}", stdout(&o));
    assert!(stderr(&o).contains("read-only"), "{}", stderr(&o));

    let o = read_only(&["settings", "author", "Someone"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("read-only"), "{}", stderr(&o));

    // No file is written that the library could not record.
    let o = read_only(&["--folder", f, "new", "Not Kept"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("read-only"), "{}", stderr(&o));
    assert!(!folder.join("not-kept.md").exists());
}

fn git(dir: &std::path::Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
    stdout(&out).trim_end().to_string()
}

#[test]
fn publish_plans_sends_and_says_where_and_nothing_changed_after() {
    let (dir, folder, lib) = blog_dirs();
    let remote = dir.path().join("site.git");
    git(
        dir.path(),
        &["init", "--quiet", "--bare", remote.to_str().unwrap()],
    );
    fs::write(
        folder.join("quire.toml"),
        format!(
            "base_url = \"https://example.org/\"\n[publish.pages]\ngit = \"file://{}\"\n",
            remote.display()
        ),
    )
    .unwrap();
    let mut posts = vec![("first".to_string(), "First Light".to_string())];
    posts.extend((0..30).map(|i| (format!("p{i}"), format!("Post {i}"))));
    for (slug, title) in &posts {
        fs::write(
            folder.join(format!("{slug}.md")),
            format!("---\ntitle: {title}\ndate: 2025-01-01\nstatus: published\n---\nText.\n"),
        )
        .unwrap();
    }
    let f = folder.to_str().unwrap();

    let none = quire(&["--folder", f, "publish", "elsewhere"], &lib);
    assert_eq!(none.status.code(), Some(1));
    assert!(
        stderr(&none).contains("\"elsewhere\"") && stderr(&none).contains("pages"),
        "{}",
        stderr(&none)
    );

    let dry = quire(&["--folder", f, "publish", "--dry-run"], &lib);
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert!(
        stdout(&dry).contains("to upload, 0 to delete, 0 unchanged"),
        "{}",
        stdout(&dry)
    );
    assert!(
        git(&remote, &["branch", "--list"]).is_empty(),
        "a dry run sends nothing"
    );

    let sent = quire(&["--folder", f, "publish"], &lib);
    assert!(sent.status.success(), "{}", stderr(&sent));
    let line = stdout(&sent);
    assert!(
        line.contains("Published to pages (gh-pages of file://"),
        "{line}"
    );
    assert!(line.contains("Readers open https://example.org/"), "{line}");
    assert!(
        git(&remote, &["ls-tree", "-r", "--name-only", "gh-pages"]).contains("first/index.html")
    );

    // A token is for an https remote: this one goes by the file system.
    let forget = quire(&["--folder", f, "publish", "pages", "--forget-token"], &lib);
    assert_eq!(forget.status.code(), Some(1));
    assert!(
        stderr(&forget).contains("only a git remote over https takes a token"),
        "{}",
        stderr(&forget)
    );

    let again = quire(&["--folder", f, "publish", "pages"], &lib);
    assert!(
        stdout(&again).contains("Nothing changed since the last publish to pages"),
        "{}",
        stdout(&again)
    );

    let listed = quire(&["--folder", f, "list", "--json"], &lib);
    let row: serde_json::Value =
        serde_json::from_str(stdout(&listed).lines().next().unwrap()).unwrap();
    assert_eq!(row["published_to"], serde_json::json!(["pages"]));
    assert_eq!(row["changed_since_publish"], serde_json::json!(false));

    // Deleting every post deletes much of the site: asked for, and refused without a yes.
    for (slug, _) in &posts {
        fs::remove_file(folder.join(format!("{slug}.md"))).unwrap();
    }
    let many = quire(&["--folder", f, "publish"], &lib);
    assert_eq!(many.status.code(), Some(1), "{}", stdout(&many));
    assert!(stderr(&many).contains("--yes"), "{}", stderr(&many));
    assert!(
        git(&remote, &["ls-tree", "-r", "--name-only", "gh-pages"]).contains("first/index.html")
    );

    let unreachable = quire(
        &[
            "--folder",
            f,
            "publish",
            "--git",
            "file:///nonexistent/quire-test.git",
        ],
        &lib,
    );
    assert_eq!(unreachable.status.code(), Some(1));
    assert!(
        stderr(&unreachable).contains("cannot reach"),
        "{}",
        stderr(&unreachable)
    );
}

#[test]
fn sync_with_an_unreachable_remote_fails_naming_it_and_keeps_the_commit() {
    let (dir, folder, lib) = blog_dirs();
    let remote = dir.path().join("blog.git");
    git(
        dir.path(),
        &[
            "init",
            "--quiet",
            "--bare",
            "-b",
            "main",
            remote.to_str().unwrap(),
        ],
    );
    git(&folder, &["init", "--quiet", "-b", "main"]);
    // The repository's own identity: CI machines have no global one.
    git(&folder, &["config", "user.name", "Ada"]);
    git(&folder, &["config", "user.email", "ada@example.org"]);
    let text = |body: &str| format!("---\ntitle: Harbour\nstatus: published\n---\n{body}\n");
    fs::write(folder.join("harbour.md"), text("Boats at dawn.")).unwrap();
    git(&folder, &["add", "--all"]);
    git(&folder, &["commit", "--quiet", "-m", "The blog"]);
    git(
        &folder,
        &["remote", "add", "origin", remote.to_str().unwrap()],
    );
    git(
        &folder,
        &["push", "--quiet", "--set-upstream", "origin", "main"],
    );
    let nowhere = dir.path().join("nowhere.git");
    let nowhere = nowhere.to_str().unwrap();
    git(&folder, &["remote", "set-url", "origin", nowhere]);
    let pushed = git(&remote, &["rev-parse", "main"]);

    fs::write(folder.join("harbour.md"), text("Boats before dawn.")).unwrap();
    let o = quire(&["--folder", folder.to_str().unwrap(), "sync"], &lib);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("origin") && stderr(&o).contains(nowhere),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        git(&folder, &["log", "-1", "--format=%s"]),
        "Edit \"Harbour\"; 1 post"
    );
    assert_eq!(git(&folder, &["status", "--porcelain"]), "");
    assert_ne!(git(&folder, &["rev-parse", "HEAD"]), pushed);
    assert_eq!(git(&remote, &["rev-parse", "main"]), pushed);
}

#[test]
fn import_wordpress_writes_posts_once_and_lists_remote_images() {
    let (dir, folder, lib) = blog_dirs();
    let export = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../import/tests/fixtures/wordpress.xml");
    let args = [
        "import",
        "wordpress",
        export.to_str().unwrap(),
        "--folder",
        folder.to_str().unwrap(),
    ];
    let dry = quire(&[&args[..], &["--dry-run"]].concat(), &lib);
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert!(
        stdout(&dry).starts_with("Would import 7 posts (1 draft) from WordPress"),
        "{}",
        stdout(&dry)
    );
    assert_eq!(fs::read_dir(&folder).unwrap().count(), 0);

    let o = quire(&args, &lib);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("Imported 7 posts (1 draft) from WordPress into "),
        "{out}"
    );
    assert!(out.contains("; 0 skipped as already imported.\n"), "{out}");
    assert!(out.contains("Remote images to fetch (3)"), "{out}");
    assert!(
        out.contains("  https://riverside.example/wp-content/uploads/2019/03/heron.jpg\n"),
        "{out}"
    );
    let heron = fs::read_to_string(folder.join("heron-at-the-weir.md")).unwrap();
    assert!(
        heron.starts_with("---\ntitle: \"Heron at the weir\"\n"),
        "{heron}"
    );
    assert!(folder.join("pages/about.md").is_file());

    let again = quire(&args, &lib);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(
        stdout(&again).starts_with("Imported 0 posts (0 drafts)"),
        "{}",
        stdout(&again)
    );
    assert!(stdout(&again).contains("7 skipped as already imported"));

    let cut = dir.path().join("cut.xml");
    let whole = fs::read_to_string(&export).unwrap();
    fs::write(&cut, &whole[..whole.len() / 2]).unwrap();
    let empty = dir.path().join("empty");
    fs::create_dir_all(&empty).unwrap();
    let bad = quire(
        &[
            "import",
            "wordpress",
            cut.to_str().unwrap(),
            "--folder",
            empty.to_str().unwrap(),
        ],
        &lib,
    );
    assert!(!bad.status.success());
    assert!(
        stderr(&bad).contains("cut.xml is malformed at line "),
        "{}",
        stderr(&bad)
    );
    assert_eq!(fs::read_dir(&empty).unwrap().count(), 0);
}
