//! The sync rules on real folders, with the real watcher (notify) where timing matters.

use std::fs;
use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use quire_core::blog::Blog;
use quire_core::folder::content_hash;
use quire_core::history::DiffKind;
use quire_core::library::{PostRow, RevisionSource};
use quire_core::sync::Change;
use quire_core::watch::{self, Batch, WatchHandle};

struct Watched {
    dir: tempfile::TempDir,
    blog: Arc<Mutex<Blog>>,
    rx: Receiver<Vec<Change>>,
    handle: Option<WatchHandle>,
}

/// The content hash of the file at `rel` now: the version a save replaces.
fn disk_hash(w: &Watched, rel: &str) -> String {
    content_hash(&fs::read_to_string(w.path(rel)).unwrap())
}

fn post(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n---\n{body}\n")
}

/// The listed row of the post at `path`.
fn row(blog: &Blog, path: &str) -> PostRow {
    blog.posts()
        .unwrap()
        .into_iter()
        .find(|p| p.path == path)
        .unwrap()
}

impl Watched {
    fn new() -> Watched {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("content");
        fs::create_dir_all(folder.join("a")).unwrap();
        fs::create_dir_all(folder.join("b")).unwrap();
        fs::write(folder.join("post.md"), post("Post", "First version.")).unwrap();
        fs::write(folder.join("a/moved.md"), post("Moved", "I travel.")).unwrap();
        let blog = Blog::open(&folder, &dir.path().join("lib.sqlite3")).unwrap();
        blog.scan(0, false, &mut |_, _| {}).unwrap();
        let blog = Arc::new(Mutex::new(blog));
        let (tx, rx) = channel();
        let sink_blog = blog.clone();
        let folder_handle = sink_blog.lock().unwrap().folder().clone();
        let handle = watch::watch(&folder_handle, watch::DEBOUNCE, move |batch| {
            if let Batch::Touched(paths) = batch {
                let changes = sink_blog.lock().unwrap().reconcile(&paths, 1).unwrap();
                if !changes.is_empty() {
                    let _ = tx.send(changes);
                }
            }
        })
        .unwrap();
        // inotify watches are in place once watch() returns; give the debouncer a tick.
        std::thread::sleep(Duration::from_millis(50));
        Watched {
            dir,
            blog,
            rx,
            handle: Some(handle),
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join("content").join(rel)
    }

    /// Every change reported until the folder has been quiet for `quiet`.
    fn changes(&self, quiet: Duration) -> Vec<Change> {
        let mut all = Vec::new();
        let deadline = Instant::now() + Duration::from_secs(10);
        while let Ok(batch) = self.rx.recv_timeout(quiet) {
            all.extend(batch);
            assert!(Instant::now() < deadline, "changes never settled: {all:?}");
        }
        all
    }

    fn settle(&self) -> Vec<Change> {
        self.changes(Duration::from_millis(400))
    }

    fn id(&self, rel: &str) -> i64 {
        row(&self.blog.lock().unwrap(), rel).id
    }

    fn revision_texts(&self, id: i64) -> Vec<String> {
        let blog = self.blog.lock().unwrap();
        blog.library()
            .revisions(id)
            .unwrap()
            .into_iter()
            .map(|r| r.text)
            .collect()
    }
}

fn only_modified(changes: &[Change], id: i64, pattern: &str) {
    assert!(!changes.is_empty(), "{pattern}: no change seen");
    for c in changes {
        assert!(
            matches!(c, Change::Modified { id: i, path } if *i == id && path == "post.md"),
            "{pattern}: expected only modifications of post.md, got {changes:?}"
        );
    }
}

#[test]
fn created_modified_removed() {
    let w = Watched::new();
    fs::write(w.path("new.md"), post("New", "Hello.")).unwrap();
    let c = w.settle();
    let id = w.id("new.md");
    assert_eq!(
        c,
        vec![Change::Created {
            id,
            path: "new.md".into()
        }]
    );

    fs::write(w.path("new.md"), post("New", "Hello again.")).unwrap();
    assert_eq!(
        w.settle(),
        vec![Change::Modified {
            id,
            path: "new.md".into()
        }]
    );

    fs::remove_file(w.path("new.md")).unwrap();
    assert_eq!(
        w.settle(),
        vec![Change::Removed {
            id,
            path: "new.md".into()
        }]
    );
    let blog = w.blog.lock().unwrap();
    let row = blog.library().post(id).unwrap();
    assert!(row.missing);
    assert_eq!(
        blog.library().revisions(id).unwrap().len(),
        2,
        "history kept"
    );
}

#[test]
fn hidden_temp_and_other_files_are_ignored() {
    let w = Watched::new();
    fs::write(w.path(".hidden.md"), "x").unwrap();
    fs::write(w.path("notes.txt"), "x").unwrap();
    fs::write(w.path("post.md~"), "x").unwrap();
    fs::create_dir_all(w.path(".git")).unwrap();
    fs::write(w.path(".git/HEAD.md"), "x").unwrap();
    assert_eq!(w.settle(), vec![]);
}

#[test]
fn our_own_saves_are_recognised_by_hash() {
    let w = Watched::new();
    let id = w.id("post.md");
    w.blog
        .lock()
        .unwrap()
        .save(
            id,
            &post("Post", "Saved by Quire."),
            Some(&disk_hash(&w, "post.md")),
            2,
        )
        .unwrap();
    assert_eq!(w.settle(), vec![]);
}

#[test]
fn every_save_by_rename_pattern_is_one_modification() {
    let w = Watched::new();
    let id = w.id("post.md");
    let p = w.path("post.md");
    let dir = w.path("");

    // vim (backupcopy=no): rename the file to a backup, write a new one, drop the backup.
    fs::rename(&p, dir.join("post.md~")).unwrap();
    fs::write(&p, post("Post", "vim")).unwrap();
    fs::remove_file(dir.join("post.md~")).unwrap();
    only_modified(&w.settle(), id, "vim");

    // VS Code / Sublime: a hidden temp file renamed over the post.
    fs::write(dir.join(".post.md.tmp-1234"), post("Post", "vscode")).unwrap();
    fs::rename(dir.join(".post.md.tmp-1234"), &p).unwrap();
    only_modified(&w.settle(), id, "vscode");

    // sed -i: a visible temp file without the .md ending, renamed over.
    fs::write(dir.join("sedX1b2C3"), post("Post", "sed")).unwrap();
    fs::rename(dir.join("sedX1b2C3"), &p).unwrap();
    only_modified(&w.settle(), id, "sed -i");

    // git checkout: unlink and create anew.
    fs::remove_file(&p).unwrap();
    fs::write(&p, post("Post", "git")).unwrap();
    only_modified(&w.settle(), id, "git checkout");

    let texts = w.revision_texts(id);
    for v in ["vim", "vscode", "sed", "git"] {
        assert!(
            texts.iter().any(|t| t.contains(&format!("\n{v}\n"))),
            "{v} kept: {texts:?}"
        );
    }
}

#[test]
fn rapid_repeated_writes_end_at_the_last_version() {
    let w = Watched::new();
    let id = w.id("post.md");
    for i in 0..30 {
        fs::write(w.path("post.md"), post("Post", &format!("write {i}"))).unwrap();
    }
    let changes = w.settle();
    assert!(!changes.is_empty());
    assert!(
        changes.iter().all(|c| matches!(c, Change::Modified { .. })),
        "{changes:?}"
    );
    let texts = w.revision_texts(id);
    assert!(
        texts[0].contains("write 29"),
        "newest revision is the last write: {texts:?}"
    );
}

#[test]
fn a_move_across_subfolders_keeps_the_post_and_its_history() {
    let w = Watched::new();
    let id = w.id("a/moved.md");
    w.blog
        .lock()
        .unwrap()
        .save(
            id,
            &post("Moved", "Edited before the move."),
            Some(&disk_hash(&w, "a/moved.md")),
            2,
        )
        .unwrap();
    w.settle();
    fs::rename(w.path("a/moved.md"), w.path("b/moved.md")).unwrap();
    assert_eq!(
        w.settle(),
        vec![Change::Renamed {
            id,
            from: "a/moved.md".into(),
            to: "b/moved.md".into()
        }]
    );
    assert_eq!(w.id("b/moved.md"), id);
    assert_eq!(w.revision_texts(id).len(), 2);
}

#[test]
fn a_renamed_folder_moves_its_posts() {
    let w = Watched::new();
    let id = w.id("a/moved.md");
    fs::rename(w.path("a"), w.path("c")).unwrap();
    let changes = w.settle();
    assert!(
        changes.contains(&Change::Renamed {
            id,
            from: "a/moved.md".into(),
            to: "c/moved.md".into()
        }),
        "{changes:?}"
    );
}

#[test]
fn delete_then_recreate() {
    let w = Watched::new();
    let id = w.id("post.md");
    fs::remove_file(w.path("post.md")).unwrap();
    assert_eq!(
        w.settle(),
        vec![Change::Removed {
            id,
            path: "post.md".into()
        }]
    );
    fs::write(w.path("post.md"), post("Post", "Back again.")).unwrap();
    assert_eq!(
        w.settle(),
        vec![Change::Created {
            id,
            path: "post.md".into()
        }]
    );
    assert!(!w.blog.lock().unwrap().library().post(id).unwrap().missing);
}

#[test]
fn a_change_under_a_draft_is_a_conflict_and_keeps_both() {
    let w = Watched::new();
    let id = w.id("post.md");
    let base = fs::read_to_string(w.path("post.md")).unwrap();
    let mine = base.replace("First version.", "First version.\n\nMy new paragraph.");
    let base_hash = content_hash(&base);
    w.blog
        .lock()
        .unwrap()
        .save_draft(id, &mine, Some(&base_hash), 2)
        .unwrap();
    let theirs = base.replace("title: Post", "title: Post, retitled");
    fs::write(w.path("post.md"), &theirs).unwrap();
    assert_eq!(
        w.settle(),
        vec![Change::Conflict {
            id,
            path: "post.md".into()
        }]
    );

    let texts = w.revision_texts(id);
    assert!(
        texts.contains(&mine) && texts.contains(&theirs),
        "{texts:?}"
    );
    let blog = w.blog.lock().unwrap();
    let opened = blog.open_post(id).unwrap();
    assert!(opened.from_draft && opened.conflict);
    assert_eq!(
        opened.text, mine,
        "the draft is still what the editor shows"
    );

    // Non-overlapping changes merge by themselves; nothing is written until accepted.
    let view = blog.merge_view(id, &mine, Some(&base_hash), 3).unwrap();
    let merged = view.clean.expect("clean merge");
    assert!(
        merged.contains("retitled") && merged.contains("My new paragraph."),
        "{merged}"
    );
    assert_eq!(fs::read_to_string(w.path("post.md")).unwrap(), theirs);
    assert_eq!(
        blog.save(id, &merged, Some(&base_hash), 4)
            .unwrap_err()
            .code(),
        "disk_changed",
        "a save based on the old version is refused"
    );
    blog.save_as(
        id,
        &merged,
        Some(&view.theirs_hash),
        RevisionSource::Merge,
        4,
    )
    .unwrap();
    assert_eq!(fs::read_to_string(w.path("post.md")).unwrap(), merged);
    assert!(!blog.open_post(id).unwrap().conflict);
}

#[test]
fn changes_while_not_watching_are_found_at_start() {
    let mut w = Watched::new();
    drop(w.handle.take());
    let id = w.id("post.md");
    let moved = w.id("a/moved.md");
    fs::write(w.path("post.md"), post("Post", "Edited while closed.")).unwrap();
    fs::write(w.path("fresh.md"), post("Fresh", "Written while closed.")).unwrap();
    fs::remove_file(w.path("a/moved.md")).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    assert!(
        w.rx.try_recv().is_err(),
        "the stopped watcher reported nothing"
    );

    let blog = w.blog.lock().unwrap();
    let report = blog.scan(5, false, &mut |_, _| {}).unwrap();
    let fresh = blog
        .posts()
        .unwrap()
        .into_iter()
        .find(|p| p.path == "fresh.md")
        .unwrap()
        .id;
    let mut changes = report.changes.clone();
    changes.sort_by_key(|c| format!("{c:?}"));
    assert_eq!(
        changes,
        vec![
            Change::Created {
                id: fresh,
                path: "fresh.md".into()
            },
            Change::Modified {
                id,
                path: "post.md".into()
            },
            Change::Removed {
                id: moved,
                path: "a/moved.md".into()
            },
        ]
    );
}

#[test]
fn rebuild_keeps_drafts_and_history() {
    let w = Watched::new();
    let id = w.id("post.md");
    let blog = w.blog.lock().unwrap();
    let base = blog.open_post(id).unwrap().base;
    blog.save_draft(id, "unsaved words", base.as_deref(), 2)
        .unwrap();
    let before = blog.history(id).unwrap();
    let report = blog.scan(3, true, &mut |_, _| {}).unwrap();
    assert!(report.changes.is_empty(), "{:?}", report.changes);
    assert_eq!(blog.history(id).unwrap(), before);
    assert_eq!(
        blog.library().draft(id).unwrap().unwrap().text,
        "unsaved words"
    );
    assert!(blog.check().unwrap().is_clean());
}

#[test]
fn check_reports_without_changing() {
    let mut w = Watched::new();
    drop(w.handle.take());
    fs::write(w.path("post.md"), "changed").unwrap();
    fs::write(w.path("extra.md"), "new").unwrap();
    fs::remove_file(w.path("a/moved.md")).unwrap();
    let blog = w.blog.lock().unwrap();
    let report = blog.check().unwrap();
    assert_eq!(report.changed_on_disk, vec!["post.md"]);
    assert_eq!(report.not_in_library, vec!["extra.md"]);
    assert_eq!(report.missing_on_disk, vec!["a/moved.md"]);
    // Checking twice gives the same answer: nothing was repaired.
    assert_eq!(blog.check().unwrap(), report);
}

#[test]
fn restore_to_disk_and_restore_revision() {
    let w = Watched::new();
    let id = w.id("post.md");
    let first = fs::read_to_string(w.path("post.md")).unwrap();
    fs::remove_file(w.path("post.md")).unwrap();
    w.settle();
    {
        let blog = w.blog.lock().unwrap();
        let row = blog.restore_to_disk(id, 3).unwrap();
        assert!(!row.missing);
    }
    assert_eq!(fs::read_to_string(w.path("post.md")).unwrap(), first);
    assert_eq!(w.settle(), vec![], "restoring is our own write");

    let blog = w.blog.lock().unwrap();
    let base = blog.open_post(id).unwrap().base;
    blog.save(id, &post("Post", "Second version."), base.as_deref(), 4)
        .unwrap();
    let oldest = blog.history(id).unwrap().pop().unwrap();
    let diff = blog
        .diff_revision(id, oldest.id, &post("Post", "Second version."))
        .unwrap();
    assert!(
        diff.iter()
            .any(|l| l.kind == DiffKind::Del && l.text == "First version."),
        "{diff:?}"
    );
    assert!(
        diff.iter()
            .any(|l| l.kind == DiffKind::Add && l.text == "Second version."),
        "{diff:?}"
    );
    let text = blog.restore_revision(id, oldest.id, 5).unwrap();
    assert_eq!(text, first);
    let newest = &blog.history(id).unwrap()[0];
    assert_eq!(newest.source, RevisionSource::Restore);
    assert_eq!(blog.open_post(id).unwrap().text, first);
}

#[test]
fn a_changed_image_is_reported_for_the_posts_that_show_it() {
    let w = Watched::new();
    fs::create_dir_all(w.path("bundle")).unwrap();
    fs::write(
        w.path("bundle/index.md"),
        post("Bundle", "![Photo](photo.png)"),
    )
    .unwrap();
    fs::write(
        w.path("post.md"),
        post("Post", "![Shared](bundle/photo.png)"),
    )
    .unwrap();
    w.settle();
    let bundle = w.id("bundle/index.md");
    let top = w.id("post.md");
    let moved = w.id("a/moved.md");
    fs::write(w.path("bundle/photo.png"), b"\x89PNG not really").unwrap();
    let mut changes = w.settle();
    changes.sort_by_key(|c| format!("{c:?}"));
    let path = "bundle/photo.png".to_string();
    let mut expected = vec![
        Change::Asset {
            id: bundle,
            path: path.clone(),
        },
        Change::Asset { id: top, path },
    ];
    expected.sort_by_key(|c| format!("{c:?}"));
    assert_eq!(changes, expected);
    assert!(!changes
        .iter()
        .any(|c| matches!(c, Change::Asset { id, .. } if *id == moved)));
    fs::write(w.path("bundle/other.png"), b"unused").unwrap();
    assert_eq!(w.settle(), vec![], "an image no post shows changes nothing");
}

/// A start-up scan reads files a chunk at a time on all cores: across chunks, a post
/// moved while Quire was closed is still the same post, a changed one a modification, a
/// file that is not text a post with a problem, and every new one created with its first
/// revision, in the library as a scan one file at a time would have left it.
#[test]
fn a_scan_across_many_files_finds_every_change() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("content");
    for i in 0..700 {
        let sub = folder.join(format!("s{}", i % 7));
        fs::create_dir_all(&sub).unwrap();
        fs::write(
            sub.join(format!("p{i}.md")),
            post(&format!("Post {i}"), &format!("Body {i}.")),
        )
        .unwrap();
    }
    let library = dir.path().join("lib.sqlite3");
    let blog = Blog::open(&folder, &library).unwrap();
    let first = blog.scan(1, false, &mut |_, _| {}).unwrap();
    assert_eq!(first.changes.len(), 700);
    assert!(first
        .changes
        .iter()
        .all(|c| matches!(c, Change::Created { .. })));
    let id_of = |blog: &Blog, path: &str| row(blog, path).id;
    let moved = id_of(&blog, "s3/p3.md");
    let edited = id_of(&blog, "s6/p650.md");
    let removed = id_of(&blog, "s0/p7.md");
    assert_eq!(blog.library().revisions(edited).unwrap().len(), 1);
    drop(blog);

    fs::rename(folder.join("s3/p3.md"), folder.join("s5/moved.md")).unwrap();
    fs::write(
        folder.join("s6/p650.md"),
        post("Post 650", "Edited while closed."),
    )
    .unwrap();
    fs::remove_file(folder.join("s0/p7.md")).unwrap();
    fs::write(folder.join("s1/binary.md"), [0u8, 159, 146, 150, 0, 1]).unwrap();
    fs::write(
        folder.join("s2/new.md"),
        post("New", "Written while closed."),
    )
    .unwrap();
    let blog = Blog::open(&folder, &library).unwrap();
    let mut seen = Vec::new();
    let report = blog
        .scan(2, false, &mut |done, total| seen.push((done, total)))
        .unwrap();
    let mut changes = report.changes.clone();
    changes.sort_by_key(|c| format!("{c:?}"));
    let binary = id_of(&blog, "s1/binary.md");
    let new = id_of(&blog, "s2/new.md");
    let mut expected = vec![
        Change::Created {
            id: binary,
            path: "s1/binary.md".into(),
        },
        Change::Created {
            id: new,
            path: "s2/new.md".into(),
        },
        Change::Modified {
            id: edited,
            path: "s6/p650.md".into(),
        },
        Change::Removed {
            id: removed,
            path: "s0/p7.md".into(),
        },
        Change::Renamed {
            id: moved,
            from: "s3/p3.md".into(),
            to: "s5/moved.md".into(),
        },
    ];
    expected.sort_by_key(|c| format!("{c:?}"));
    assert_eq!(changes, expected);
    assert_eq!(report.unreadable, 1);
    // Progress counts every path once, up to all of them.
    assert!(seen.windows(2).all(|w| w[0].0 < w[1].0));
    assert_eq!(seen.last().map(|s| s.0), seen.last().map(|s| s.1));
    // The moved post kept its history; the edited one has its new version too.
    assert_eq!(blog.library().revisions(moved).unwrap().len(), 1);
    let history = blog.library().revisions(edited).unwrap();
    assert_eq!(history.len(), 2);
    assert!(history[0].text.contains("Edited while closed."));
    assert!(blog.library().revisions(new).unwrap()[0]
        .text
        .contains("Written while closed."));
}

/// The words of `text` as the list counts them: the body's, or the whole text's when the
/// front matter cannot be read.
fn listed_words(text: &str) -> u64 {
    let body = quire_core::frontmatter::read(text).map_or(text, |(_, body)| body);
    quire_core::markdown::count_words(body)
}

#[test]
fn a_listing_scan_leaves_the_counts_to_count_words() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("content");
    fs::create_dir_all(&folder).unwrap();
    let mut texts = Vec::new();
    for i in 0..150 {
        let text = post(&format!("Post {i}"), &"word ".repeat(i + 1));
        fs::write(folder.join(format!("p{i}.md")), &text).unwrap();
        texts.push((format!("p{i}.md"), text));
    }
    // Front matter that cannot be read: its whole text is counted.
    let broken = "---\ntitle: [never closed\n---\nthree more words\n".to_string();
    fs::write(folder.join("broken.md"), &broken).unwrap();
    texts.push(("broken.md".into(), broken));
    let blog = Blog::open(&folder, &dir.path().join("lib.sqlite3")).unwrap();
    let report = blog.scan_listing(1, false, &mut |_, _| {}).unwrap();
    assert_eq!(report.changes.len(), 151);
    assert!(blog.posts().unwrap().iter().all(|p| p.words.is_none()));
    assert_eq!(blog.words_to_count().unwrap(), 151);

    // Changed after it was listed: counted as listed (from its revision), and the change
    // brings its own count when it is read.
    let listed_p7 = texts[7].1.clone();
    fs::write(
        folder.join("p7.md"),
        post("Post 7", "now five words in all"),
    )
    .unwrap();
    let mut left = Vec::new();
    loop {
        let n = blog.count_words(64).unwrap();
        left.push(n);
        if n == 0 {
            break;
        }
    }
    assert_eq!(left, vec![87, 23, 0]);
    let words = |blog: &Blog, path: &str| row(blog, path).words;
    for (path, text) in &texts {
        let text = if path == "p7.md" { &listed_p7 } else { text };
        assert_eq!(words(&blog, path), Some(listed_words(text)), "{path}");
    }
    assert_eq!(words(&blog, "broken.md"), Some(6));
    blog.reconcile(&["p7.md".into()], 2).unwrap();
    assert_eq!(words(&blog, "p7.md"), Some(5));

    // Read again unchanged (a forced scan, as `quire check --rebuild`): counted again, so
    // a count made by other rules (an older Quire) is set right.
    let p3 = row(&blog, "p3.md");
    blog.library()
        .set_counts(&[(p3.id, p3.disk_hash.as_deref().unwrap(), 999)])
        .unwrap();
    assert_eq!(words(&blog, "p3.md"), Some(999));
    blog.scan_listing(3, true, &mut |_, _| {}).unwrap();
    assert_eq!(blog.words_to_count().unwrap(), 0);
    assert_eq!(words(&blog, "p3.md"), Some(4));
    // Changed while closed: a change is counted as it is read, never left at the old count.
    fs::write(folder.join("p3.md"), post("Post 3", "two words")).unwrap();
    blog.scan_listing(4, false, &mut |_, _| {}).unwrap();
    assert_eq!(words(&blog, "p3.md"), Some(2));
    assert_eq!(blog.words_to_count().unwrap(), 0);
}

#[test]
fn following_a_folder_lists_its_posts_then_their_counts() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("content");
    fs::create_dir_all(&folder).unwrap();
    for i in 0..3 {
        fs::write(folder.join(format!("p{i}.md")), post("P", "one two three")).unwrap();
    }
    let blog = Blog::open(&folder, &dir.path().join("lib.sqlite3")).unwrap();
    let (tx, rx) = channel();
    let handle = quire_core::follow::follow(
        blog,
        || 1,
        move |event| {
            let name = match event {
                quire_core::follow::FollowEvent::Progress { .. } => return,
                quire_core::follow::FollowEvent::Scanned(r) => {
                    format!("scanned {}", r.changes.len())
                }
                quire_core::follow::FollowEvent::Counted => "counted".into(),
                other => format!("{other:?}"),
            };
            let _ = tx.send(name);
        },
    )
    .unwrap();
    let events: Vec<String> = rx.try_iter().collect();
    assert_eq!(events, ["scanned 3", "counted"]);
    drop(handle);
    let blog = Blog::open(&folder, &dir.path().join("lib.sqlite3")).unwrap();
    assert!(blog.posts().unwrap().iter().all(|p| p.words == Some(3)));
}

#[test]
fn a_file_that_cannot_be_read_stops_a_reconcile_after_the_files_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("content");
    fs::create_dir_all(folder.join("b.md")).unwrap();
    fs::write(folder.join("a.md"), post("A", "Read first.")).unwrap();
    fs::write(folder.join("c.md"), post("C", "After.")).unwrap();
    let blog = Blog::open(&folder, &dir.path().join("lib.sqlite3")).unwrap();
    // `b.md` is a folder: named like a post, it cannot be read as one.
    let paths: Vec<String> = ["a.md", "b.md", "c.md"].map(String::from).to_vec();
    assert!(blog.reconcile(&paths, 1).is_err());
    let listed: Vec<String> = blog.posts().unwrap().into_iter().map(|p| p.path).collect();
    assert_eq!(
        listed,
        ["a.md"],
        "the post read before the failure is kept, whole"
    );
    let a = blog.posts().unwrap()[0].id;
    assert_eq!(blog.library().revisions(a).unwrap().len(), 1);
}
