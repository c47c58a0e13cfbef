//! The app and the command line on one library at once: each has its own connection, and
//! neither may see "database is locked" or lose the other's writes.

use std::fs;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use quire_core::blog::Blog;

#[test]
fn the_editors_drafts_and_the_command_lines_writes_never_collide() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("content");
    fs::create_dir_all(&folder).unwrap();
    for n in 0..300 {
        fs::write(
            folder.join(format!("post-{n}.md")),
            format!(
                "---\ntitle: Post {n}\n---\n{}\n",
                "Words of a post. ".repeat(50)
            ),
        )
        .unwrap();
    }
    let library = dir.path().join("lib.sqlite3");
    let app = Blog::open(&folder, &library).unwrap();
    app.scan(1, false, &mut |_, _| {}).unwrap();
    let id = app.posts().unwrap()[0].id;
    let base = app.open_post(id).unwrap().base;

    let stop = Arc::new(AtomicBool::new(false));
    // The command line: rebuilds, new posts and settings, each run its own connection.
    let cli = {
        let (folder, library, stop) = (folder.clone(), library.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut runs = 0;
            while !stop.load(Ordering::Relaxed) {
                let blog = Blog::open(&folder, &library).expect("the command line opens it");
                match runs % 3 {
                    0 => {
                        blog.scan(10 + runs, true, &mut |_, _| {})
                            .expect("a rebuild beside the app");
                    }
                    1 => {
                        blog.create(
                            &format!("From the command line {runs}"),
                            "",
                            "2026-11-30",
                            runs,
                        )
                        .expect("a new post beside the app");
                    }
                    _ => blog
                        .set_setting("author", &format!("Author {runs}"))
                        .expect("a setting beside the app"),
                }
                runs += 1;
                // A script's next run starts a process: some milliseconds at least.
                std::thread::sleep(Duration::from_millis(10));
            }
            runs
        })
    };
    // The editor: a draft at every pause in typing.
    let started = Instant::now();
    let mut kept = 0;
    let mut slowest = Duration::ZERO;
    let mut base = base;
    let mut saves = 0;
    while started.elapsed() < Duration::from_secs(4) {
        let text = format!("---\ntitle: Post 0\n---\nTyped {kept} times.\n");
        let t = Instant::now();
        app.save_draft(id, &text, base.as_deref(), 100 + kept)
            .expect("a draft is kept while the command line writes");
        // Now and then a save: reads, then writes, in one transaction.
        if kept % 10 == 9 {
            base = app
                .save(id, &text, base.as_deref(), 100 + kept)
                .expect("a save beside the command line")
                .disk_hash;
            saves += 1;
            app.save_draft(id, &text, base.as_deref(), 100 + kept)
                .unwrap();
        }
        slowest = slowest.max(t.elapsed());
        kept += 1;
        std::thread::sleep(Duration::from_millis(5));
    }
    stop.store(true, Ordering::Relaxed);
    let runs = cli.join().expect("no command-line run failed");
    assert!(runs >= 3 && kept >= 50, "runs {runs}, drafts {kept}");
    let draft = app.open_post(id).unwrap();
    assert!(draft.from_draft);
    assert_eq!(
        draft.text,
        format!("---\ntitle: Post 0\n---\nTyped {} times.\n", kept - 1)
    );
    assert!(saves > 0);
    eprintln!(
        "{kept} drafts and {saves} saves beside {runs} command-line runs; the slowest took {slowest:?}"
    );
}
