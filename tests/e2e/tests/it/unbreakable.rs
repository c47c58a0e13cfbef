//! The real window when things go wrong around it: a damaged library, a content folder
//! gone, a second launch, the command line writing the same library, a Windows-edited
//! file. Each must leave the author working, and lose nothing.

use std::fs;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use quire_e2e::app::{
    artifact, editor_text, open_post, screen_png, serial, type_at_end, visible, TestApp, WAIT,
};
use quire_e2e::driver::{app_binary, app_pids, cli_binary, Driver};
use quire_e2e::session::{wait_until, CONTROL};

#[test]
fn a_damaged_library_is_salvaged_and_the_window_says_so() {
    let _serial = serial();
    let app = TestApp::with_samples();
    fs::write(&app.library, b"not a library: a disk error ate it").unwrap();
    let driver = Driver::start();
    let s = app.launch(&driver);
    s.wait_until("the salvage notice", WAIT, |s| {
        visible(s, "[data-testid=library-notice]").then_some(())
    });
    let notice = s.text_of("[data-testid=library-notice-text]");
    assert!(
        notice.contains(".damaged-") && notice.contains("recovered"),
        "{notice}"
    );
    s.wait_for(
        "[data-testid=post-item][data-path='field-notes-on-bread.md']",
        WAIT,
    );
    artifact("salvaged-library.png", &screen_png());
    let aside = fs::read_dir(app.library.parent().unwrap())
        .unwrap()
        .flatten()
        .find(|e| e.file_name().to_string_lossy().contains(".damaged-"))
        .expect("the damaged file kept aside");
    assert_eq!(
        fs::read(aside.path()).unwrap(),
        b"not a library: a disk error ate it"
    );
    s.click(&s.find("[data-testid=library-notice-dismiss]").unwrap());
    assert!(!visible(&s, "[data-testid=library-notice]"));
    s.end();
}

#[test]
fn a_missing_content_folder_offers_another_instead_of_exiting() {
    let _serial = serial();
    let app = TestApp::with_samples();
    let gone = app.folder.with_file_name("unplugged-drive");
    let mut args = app.args();
    let at = args.iter().position(|a| a == "--folder").unwrap();
    args[at + 1] = gone.display().to_string();
    args.extend([
        "--pick-folder".to_string(),
        app.folder.display().to_string(),
    ]);
    let driver = Driver::start();
    let s = app.start(&driver, &args);
    s.wait_until("the missing-folder panel", WAIT, |s| {
        visible(s, "[data-testid=folder-missing]").then_some(())
    });
    assert!(
        s.text_of("[data-testid=folder-missing-message]")
            .contains("unplugged-drive"),
        "it names the folder"
    );
    artifact("folder-missing.png", &screen_png());
    s.click(&s.find("[data-testid=folder-missing-choose]").unwrap());
    s.wait_for(
        "[data-testid=post-item][data-path='field-notes-on-bread.md']",
        WAIT,
    );
    // The list may fill a moment before the panel goes: the panel must go, not at once.
    s.wait_until("the missing-folder panel to go", WAIT, |s| {
        (!visible(s, "[data-testid=folder-missing]")).then_some(())
    });
    s.end();
}

#[test]
fn a_first_start_with_no_folder_starts_a_new_blog_in_the_documents_folder() {
    let _serial = serial();
    let app = TestApp::empty();
    // A new machine: a home of the test's own, with no folder ever chosen.
    let home = app.folder.with_file_name("home");
    fs::create_dir_all(&home).unwrap();
    let mut args = app.args();
    let at = args.iter().position(|a| a == "--folder").unwrap();
    args.drain(at..at + 2);
    let home_text = home.display().to_string();
    let config = home.join(".config").display().to_string();
    let driver = Driver::start_with_env(&[("HOME", &home_text), ("XDG_CONFIG_HOME", &config)]);
    let s = app.start(&driver, &args);
    s.wait_until("the first-start panel", WAIT, |s| {
        visible(s, "[data-testid=folder-missing-create]").then_some(())
    });
    let blog = home.join("Documents").join("Quire");
    assert_eq!(
        s.text_of("[data-testid=folder-missing-create]"),
        format!("Start a new blog in {}", blog.display())
    );
    assert!(!blog.exists(), "nothing is made before the author asks");
    artifact("first-start.png", &screen_png());
    s.click(&s.find("[data-testid=folder-missing-create]").unwrap());
    s.wait_for("[data-testid=post-item][data-path='welcome.md']", WAIT);
    s.wait_until("the first post open", WAIT, |s| {
        (s.text_of("[data-testid=post-path]") == "welcome.md").then_some(())
    });
    assert!(!visible(&s, "[data-testid=folder-missing]"));
    let first = fs::read_to_string(blog.join("welcome.md")).unwrap();
    assert!(first.contains("title: Welcome to your blog"), "{first}");
    artifact("first-post.png", &screen_png());
    s.end();
}

// A D-Bus session of the test's own: the single-instance check finds the running Quire
// on it.
use crate::bus::SessionBus;

#[test]
fn a_second_launch_on_the_library_brings_the_window_forward_with_its_file() {
    let _serial = serial();
    let app = TestApp::with_samples();
    let bus = SessionBus::start();
    let driver = Driver::start_with_env(&[("DBUS_SESSION_BUS_ADDRESS", &bus.address)]);
    let s = app.launch(&driver);
    open_post(&s, "welcome-to-quire.md");

    // The author opens another post from a file manager: a second `quire-app FILE`.
    let started = Instant::now();
    hand_over(&app, &bus, &app.folder.join("shipping-small-tools.md"));
    eprintln!("the second launch handed over in {:?}", started.elapsed());
    s.wait_until("the file opened in the running window", WAIT, |s| {
        (s.text_of("[data-testid=post-path]") == "shipping-small-tools.md").then_some(())
    });
    assert_eq!(
        app_pids(&app.library.display().to_string()).len(),
        1,
        "one Quire on this library"
    );

    // Another library is another Quire: it starts beside this one.
    let other = TestApp::with_samples();
    let mut beside = Command::new(app_binary())
        .args(other.args())
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_secs(3));
    assert!(
        beside.try_wait().unwrap().is_none(),
        "a Quire on another library keeps running"
    );
    let _ = beside.kill();
    let _ = beside.wait();
    s.end();
}

/// A second `quire-app FILE` on `app`'s library, as a file manager starts it: it hands the
/// file to the running window over `bus`, and leaves.
fn hand_over(app: &TestApp, bus: &SessionBus, file: &std::path::Path) {
    let mut second = Command::new(app_binary())
        .args(app.args())
        .arg(file)
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let status = wait_until(
        "the second launch to hand over and leave",
        Duration::from_secs(20),
        || second.try_wait().unwrap(),
    );
    assert!(status.success(), "{status}");
}

/// A file manager's double click on a Markdown file outside the content folder, with
/// Quire running: the running window asks what to do with it, and the launch leaves.
#[test]
fn a_second_launch_with_a_file_outside_the_folder_asks_in_the_running_window() {
    let _serial = serial();
    let app = TestApp::with_samples();
    let notes = app.folder.with_file_name("notes");
    fs::create_dir_all(&notes).unwrap();
    fs::write(
        notes.join("harbour.md"),
        "---\ntitle: Harbour\n---\n\nBoats.\n",
    )
    .unwrap();
    let bus = SessionBus::start();
    let driver = Driver::start_with_env(&[("DBUS_SESSION_BUS_ADDRESS", &bus.address)]);
    let s = app.launch(&driver);

    hand_over(&app, &bus, &notes.join("harbour.md"));
    s.wait_until("the choice in the running window", WAIT, |s| {
        visible(s, "[data-testid=outside]").then_some(())
    });
    assert!(s
        .text_of("[data-testid=outside-message]")
        .contains("harbour.md"));
    // Cancel: the window goes on as it was, on its own folder.
    s.click(&s.find("[data-testid=outside-cancel]").unwrap());
    assert!(!visible(&s, "[data-testid=outside]"));
    s.wait_for(
        "[data-testid=post-item][data-path='field-notes-on-bread.md']",
        WAIT,
    );
    s.end();
}

#[test]
fn the_command_line_writes_the_library_while_the_author_types() {
    let _serial = serial();
    let app = TestApp::with_samples();
    let driver = Driver::start();
    let s = app.launch(&driver);
    open_post(&s, "welcome-to-quire.md");

    let writer = {
        let (folder, library) = (app.folder.clone(), app.library.clone());
        std::thread::spawn(move || {
            let started = Instant::now();
            let mut runs = Vec::new();
            let mut n = 0;
            while started.elapsed() < Duration::from_secs(8) {
                let args: Vec<String> = match n % 3 {
                    0 => vec!["check".into(), "--rebuild".into()],
                    1 => vec!["new".into(), format!("From a script {n}")],
                    _ => vec!["settings".into(), "author".into(), format!("Script {n}")],
                };
                let out = Command::new(cli_binary())
                    .arg("--folder")
                    .arg(&folder)
                    .args(&args)
                    .env("QUIRE_LIBRARY", &library)
                    .output()
                    .unwrap();
                runs.push((args.join(" "), out));
                n += 1;
            }
            runs
        })
    };
    let mut typed = String::new();
    let started = Instant::now();
    let mut n = 0;
    while started.elapsed() < Duration::from_secs(8) {
        let words = format!(" Word{n}");
        type_at_end(&s, &words);
        typed.push_str(&words);
        n += 1;
    }
    let runs = writer.join().unwrap();
    for (args, out) in &runs {
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "quire {args}: {err}");
        assert!(!err.contains("locked"), "quire {args}: {err}");
    }
    s.wait_until("the draft kept", WAIT, |s| {
        s.text_of("[data-testid=save-state]")
            .to_lowercase()
            .contains("draft")
            .then_some(())
    });
    let notice = s.text_of("[data-testid=notice]");
    assert!(!notice.contains("locked"), "the window said: {notice}");
    eprintln!(
        "{} command-line runs beside {n} bursts of typing",
        runs.len()
    );
    std::thread::sleep(Duration::from_millis(1500));
    app.kill();
    s.end();

    // Every word typed is in the draft the library kept. The window opens the post it
    // was on (by then far down a list the scripts' new posts lengthened, out of the DOM).
    let s = app.launch(&driver);
    s.wait_until("the post it was on, open again", WAIT, |s| {
        (s.text_of("[data-testid=post-path]") == "welcome-to-quire.md").then_some(())
    });
    let text = editor_text(&s);
    assert!(
        text.ends_with(&typed),
        "the end of the draft: {:?}",
        &text[text.len().saturating_sub(200)..]
    );
    assert!(
        app.folder.join("from-a-script-1.md").exists(),
        "the command line's posts were written"
    );
    s.end();
}

#[test]
fn a_windows_file_saved_from_the_editor_keeps_its_crlf_and_bom() {
    let _serial = serial();
    let app = TestApp::empty();
    let original =
        "\u{feff}---\r\ntitle: From Windows\r\n---\r\n\r\nFirst paragraph.\r\n\r\nLast line.\r\n";
    fs::write(app.folder.join("windows.md"), original).unwrap();
    let driver = Driver::start();
    let s = app.launch(&driver);
    open_post(&s, "windows.md");
    type_at_end(&s, "Added.");
    let content = s.find("[data-testid=editor] .cm-content").unwrap();
    s.type_into(&content, &format!("{CONTROL}s{CONTROL}"));
    let file = app.folder.join("windows.md");
    let expected = format!("{original}Added.");
    s.wait_until("the save on disk", WAIT, |_| {
        (fs::read_to_string(&file).ok()? == expected).then_some(())
    });
    s.end();
}
