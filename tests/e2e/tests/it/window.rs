//! The real window: type, see the article, save, kill, relaunch, find every word.

use std::time::{Duration, Instant};

use quire_e2e::app::{
    artifact, editor_text, open_post, screen_png, serial, type_at_end, TestApp, WAIT,
};
use quire_e2e::driver::{app_pids, children_named, kill_hard, Driver};
use quire_e2e::session::{wait_until, Session, CONTROL, END, ENTER};
use serde_json::json;

#[test]
fn write_preview_save_kill_and_restore() {
    let _serial = serial();
    let app = TestApp::with_samples();
    let driver = Driver::start();
    let s = app.launch(&driver);

    // The sample posts are listed and one is open in the article preview.
    let items = s.find_all("[data-testid=post-item]");
    assert!(items.len() >= 5, "sample posts listed, got {}", items.len());
    s.wait_until("the first post's article", WAIT, |s| {
        Some(()).filter(|_| !s.text_of("[data-testid=preview] .q-title").is_empty())
    });
    // The welcome post: label, date, author with avatar (served from the content folder
    // through the app's asset scheme), reading time, title, body, footer.
    s.click(&s.find("[data-path='welcome-to-quire.md']").unwrap());
    s.wait_until("the welcome article", WAIT, |s| {
        (s.text_of("[data-testid=preview] .q-title") == "Welcome to Quire").then_some(())
    });
    for part in [
        ".q-date",
        ".q-label",
        ".q-author",
        ".q-reading-time",
        ".q-body h2",
        ".q-footer",
    ] {
        let css = format!("[data-testid=preview] {part}");
        assert!(!s.text_of(&css).is_empty(), "the article shows {part}");
    }
    s.wait_until("the avatar image to load", WAIT, |s| {
        s.execute(
            "const i = document.querySelector('[data-testid=preview] img.q-avatar'); \
             return !!i && i.complete && i.naturalWidth > 0;",
            json!([]),
        )
        .as_bool()
        .filter(|ok| *ok)
    });
    artifact("samples.png", &screen_png());
    // The app keeps a log file from its first run: start, the folder's scan.
    wait_until("the log file to record the scan", WAIT, || {
        let log = app.log();
        (log.contains("Quire starts") && log.contains("scanned the folder")).then_some(())
    });
    // An image in a post's body loads from the content folder too.
    s.click(&s.find("[data-path='field-notes-on-bread.md']").unwrap());
    s.wait_until("the body image to load", WAIT, |s| {
        s.execute(
            "const i = document.querySelector('[data-testid=preview] .q-body img'); \
             if (i) i.scrollIntoView(); \
             return !!i && i.complete && i.naturalWidth > 0;",
            json!([]),
        )
        .as_bool()
        .filter(|ok| *ok)
    });

    // Settings: the author of new posts.
    s.click(&s.find("[data-testid=settings-toggle]").unwrap());
    let author = s.wait_for("[data-testid=setting-author]", WAIT);
    s.execute(
        "arguments[0].value = '';",
        json!([{"element-6066-11e4-a52e-4f735466cecf": author.0}]),
    );
    s.type_into(&author, "Ada Lovelace");
    // Settings also say where the library and the log files are, for a bug report.
    assert_eq!(
        s.text_of("[data-testid=settings-log]"),
        format!("Logs: {}", app.log_dir.display())
    );
    assert_eq!(
        s.text_of("[data-testid=settings-library]"),
        format!("Library: {}", app.library.display())
    );
    artifact("settings.png", &screen_png());
    s.click(&s.find("[data-testid=settings-save]").unwrap());
    s.wait_until("the settings to close", WAIT, |s| {
        (s.text_of("[data-testid=notice]") == "Settings saved").then_some(())
    });

    // New post: title → slug → file with front matter defaults.
    s.click(&s.find("[data-testid=new-post]").unwrap());
    let title = s.wait_for("[data-testid=new-title]", WAIT);
    s.type_into(&title, &format!("Trip Report{ENTER}"));
    s.wait_until("the new post to open", WAIT, |s| {
        Some(()).filter(|_| s.text_of("[data-testid=post-path]") == "trip-report.md")
    });
    let file = app.folder.join("trip-report.md");
    let created = std::fs::read_to_string(&file).unwrap();
    assert!(created.contains("title: \"Trip Report\""), "{created}");
    assert!(created.contains("status: draft"), "{created}");
    assert!(created.contains("author: \"Ada Lovelace\""), "{created}");

    // Type Markdown; the article page follows on every keystroke.
    let content = s.find("[data-testid=editor] .cm-content").unwrap();
    s.click(&content);
    s.type_into(&content, &format!("{CONTROL}{END}{CONTROL}"));
    let typed = [
        "Three days on foot along the coast.",
        "",
        "## Packing list",
        "",
        "| Item | Count |",
        "|------|-------|",
        "| Socks | 3 |",
        "",
    ]
    .join(ENTER);
    let started = Instant::now();
    s.type_into(&content, &typed);
    s.wait_until("the heading in the preview", WAIT, |s| {
        Some(()).filter(|_| s.text_of("[data-testid=preview] .q-body h2") == "Packing list")
    });
    s.wait_until("the table in the preview", WAIT, |s| {
        Some(()).filter(|_| {
            s.text_of("[data-testid=preview] .q-body table")
                .contains("Socks")
        })
    });
    eprintln!(
        "typed {} keys and saw the table in {:?}",
        typed.len(),
        started.elapsed()
    );
    assert_eq!(s.text_of("[data-testid=preview] .q-title"), "Trip Report");
    assert_eq!(s.text_of("[data-testid=reading-time]"), "1 min read");
    let words = s.text_of("[data-testid=word-count]");
    assert!(
        words.ends_with("words") && !words.starts_with('0'),
        "{words}"
    );

    // Save writes the file atomically and leaves no temp file behind.
    s.click(&s.find("[data-testid=save]").unwrap());
    s.wait_until("the file on disk", WAIT, |_| {
        let on_disk = std::fs::read_to_string(&file).ok()?;
        on_disk.contains("| Socks | 3 |").then_some(())
    });
    let on_disk = std::fs::read_to_string(&file).unwrap();
    assert!(
        on_disk.starts_with("---\ntitle: \"Trip Report\""),
        "{on_disk}"
    );
    assert!(on_disk.contains("## Packing list"), "{on_disk}");
    let leftovers: Vec<_> = std::fs::read_dir(&app.folder)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temp files left: {leftovers:?}");
    s.wait_until("the saved state", WAIT, |s| {
        Some(()).filter(|_| s.text_of("[data-testid=save-state]") == "Saved to file")
    });
    artifact("app.png", &screen_png());

    // Type more, give autosave its second, then kill -9: no chance to flush on exit.
    let content = s.find("[data-testid=editor] .cm-content").unwrap();
    s.type_into(&content, &format!("{ENTER}The draft must survive a crash."));
    s.wait_until("the typed sentence in the editor", WAIT, |s| {
        editor_text(s).contains("survive a crash.").then_some(())
    });
    std::thread::sleep(Duration::from_millis(1000));
    app.kill();
    s.end();
    assert!(
        !std::fs::read_to_string(&file)
            .unwrap()
            .contains("survive a crash"),
        "the unsaved sentence must not have reached the file"
    );

    // Relaunch: the same post reopens with its draft.
    let s = app.launch(&driver);
    s.wait_until("the restored draft", WAIT, |s| {
        editor_text(s)
            .contains("The draft must survive a crash.")
            .then_some(())
    });
    assert_eq!(s.text_of("[data-testid=post-path]"), "trip-report.md");
    assert!(
        s.text_of("[data-testid=save-state]")
            .contains("Draft restored"),
        "{}",
        s.text_of("[data-testid=save-state]")
    );
    artifact("restored.png", &screen_png());
    s.end();
}

#[test]
fn bad_files_are_listed_and_never_rewritten() {
    let _serial = serial();
    let app = TestApp::empty();
    let broken = "---\ntitle: [never closed\n---\nBody text.\n";
    std::fs::write(app.folder.join("a-broken.md"), broken).unwrap();
    std::fs::write(app.folder.join("b-binary.md"), [0u8, 159, 146, 150, 0, 1]).unwrap();
    std::fs::write(
        app.folder.join("c-fine.md"),
        "---\ntitle: Fine\n---\nAll good.\n",
    )
    .unwrap();

    let driver = Driver::start();
    let s = app.launch(&driver);
    let list = s.text_of("[data-testid=post-list]");
    assert!(list.contains("unreadable"), "{list}");
    assert!(list.contains("front matter error"), "{list}");

    // Opening the broken post shows why, in words, and keeps the file as it was.
    s.click(&s.find("[data-path='a-broken.md']").unwrap());
    s.wait_until("the front matter error", WAIT, |s| {
        let e = s.text_of("[data-testid=preview-error]");
        e.contains("front matter is malformed").then_some(())
    });
    // Opening the binary file is refused with a message, not a crash.
    s.click(&s.find("[data-path='b-binary.md']").unwrap());
    s.wait_until("the unreadable notice", WAIT, |s| {
        s.text_of("[data-testid=notice]")
            .contains("not a text file")
            .then_some(())
    });
    s.end();
    assert_eq!(
        std::fs::read_to_string(app.folder.join("a-broken.md")).unwrap(),
        broken
    );
}

#[test]
fn a_crashed_page_reloads_with_the_draft() {
    let _serial = serial();
    let app = TestApp::with_samples();
    let driver = Driver::start();
    let s = app.launch(&driver);
    open_post(&s, "welcome-to-quire.md");
    type_at_end(&s, &format!("{ENTER}Typed before the crash."));
    s.wait_until("the typed sentence", WAIT, |s| {
        editor_text(s).contains("before the crash.").then_some(())
    });
    // Past the autosave (0.3 s idle).
    std::thread::sleep(Duration::from_millis(1000));

    // kill -9 WebKit's content process, as the kernel's OOM killer would.
    let app_pid = app_pids(&app.library.display().to_string())[0];
    let web = children_named(app_pid, "WebKitWebProces");
    assert_eq!(web.len(), 1, "one web process under the app: {web:?}");
    kill_hard(web[0]);

    // WebDriver's session ends with the page it drove ("page crash or hang"), so the
    // recovery is checked from outside: the app lives on, WebKit starts a new content
    // process only because the app reloads the page, and the draft the reloaded page
    // opens (as after a relaunch, see write_preview_save_kill_and_restore) is in the library.
    wait_until("a new web process under the app", WAIT, || {
        let now = children_named(app_pid, "WebKitWebProces");
        (now.len() == 1 && now != web).then_some(())
    });
    assert_eq!(
        app_pids(&app.library.display().to_string()),
        vec![app_pid],
        "the app survived its page"
    );
    let library = quire_core::library::Library::open(&app.library).unwrap();
    let post = library
        .posts()
        .unwrap()
        .into_iter()
        .find(|p| p.path == "welcome-to-quire.md")
        .unwrap();
    let draft = library.draft(post.id).unwrap().expect("a draft");
    assert!(
        draft.text.contains("Typed before the crash."),
        "{}",
        draft.text
    );
}

#[test]
fn a_keystroke_replaces_only_the_blocks_it_changed() {
    let _serial = serial();
    let app = TestApp::with_samples();
    let driver = Driver::start();
    let s = app.launch(&driver);
    open_post(&s, "welcome-to-quire.md");
    s.wait_until("the welcome article", WAIT, |s| {
        (s.text_of("[data-testid=preview] .q-title") == "Welcome to Quire").then_some(())
    });
    // Tag the nodes that a keystroke at the end of the post must leave alone: the first
    // paragraph and the avatar image (a replaced image would be fetched again).
    s.execute(
        "document.querySelector('[data-testid=preview] .q-body > p').__kept = true; \
         document.querySelector('[data-testid=preview] img').__kept = true;",
        json!([]),
    );
    type_at_end(&s, &format!("{ENTER}{ENTER}A closing line."));
    s.wait_until("the new paragraph in the preview", WAIT, |s| {
        s.text_of("[data-testid=preview] .q-body > p:last-of-type")
            .contains("A closing line.")
            .then_some(())
    });
    let kept = s.execute(
        "return [document.querySelector('[data-testid=preview] .q-body > p').__kept === true, \
                 document.querySelector('[data-testid=preview] img').__kept === true];",
        json!([]),
    );
    assert_eq!(kept, json!([true, true]), "unchanged blocks were replaced");
    s.end();
}

/// Keys as the keyboard sends them (xdotool, through X and GTK, not WebDriver): the
/// menu's accelerators reach the menu first, and each action runs once.
#[test]
fn the_menu_bar_takes_the_real_keys_once() {
    let _serial = serial();
    let app = TestApp::with_samples();
    let driver = Driver::start();
    let s = app.launch(&driver);
    open_post(&s, "welcome-to-quire.md");
    // The pointer over the window: with no window manager, X gives it the keys.
    let xdotool = |args: &[&str]| {
        let status = std::process::Command::new("xdotool")
            .args(args)
            .status()
            .expect("xdotool runs (apt-get install xdotool)");
        assert!(status.success(), "xdotool {args:?}");
    };
    xdotool(&["mousemove", "600", "400"]);
    let pressed = |s: &Session| {
        s.execute(
        "return document.querySelector('[data-testid=focus-mode]').getAttribute('aria-pressed');",
        json!([]),
    )
    };
    assert_eq!(pressed(&s), json!("false"));
    xdotool(&["key", "F8"]);
    // A toggle run twice would be back where it was.
    s.wait_until("focus mode on, once", WAIT, |s| {
        (pressed(s) == json!("true")).then_some(())
    });
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(pressed(&s), json!("true"), "the key ran its action once");
    xdotool(&["key", "F8"]);
    s.wait_until("focus mode off", WAIT, |s| {
        (pressed(s) == json!("false")).then_some(())
    });

    // Undo, from the Edit menu's Ctrl+Z, undoes the editor's typing.
    type_at_end(&s, "Menu undo check.");
    s.wait_until("the typed words", WAIT, |s| {
        editor_text(s).contains("Menu undo check.").then_some(())
    });
    xdotool(&["key", "ctrl+z"]);
    s.wait_until("the typing undone", WAIT, |s| {
        (!editor_text(s).contains("Menu undo check.")).then_some(())
    });
    artifact("menu-keys.png", &screen_png());
    s.end();
}
