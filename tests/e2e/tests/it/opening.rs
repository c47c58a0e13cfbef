//! Files opened from a file manager (`quire-app PATH`), in the real window: a Markdown
//! file outside the content folder asks whether to open its folder or the file alone, and
//! the one-file mode writes nothing but the file, on save; a path that does not exist is
//! said so, and the window stays usable.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use quire_e2e::app::{
    artifact, editor_text, screen_png, serial, type_at_end, visible, TestApp, WAIT,
};
use quire_e2e::driver::Driver;
use quire_e2e::session::{Session, CONTROL, ENTER};

const HARBOUR: &str = "---\ntitle: Harbour Notes\n---\n\nThe boats came in at dusk.\n";
const GULLS: &str = "---\ntitle: Gulls\n---\n\nLoud at dawn.\n";

/// Every file under `dir`, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walk(dir) {
        let rel = entry.strip_prefix(dir).unwrap().display().to_string();
        out.insert(rel, fs::read(&entry).unwrap());
    }
    out
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let path = e.unwrap().path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}

/// A folder of notes beside the test's content folder, holding two posts.
fn notes(app: &TestApp) -> std::path::PathBuf {
    let notes = app.folder.with_file_name("notes");
    fs::create_dir_all(&notes).unwrap();
    fs::write(notes.join("harbour.md"), HARBOUR).unwrap();
    fs::write(notes.join("gulls.md"), GULLS).unwrap();
    notes
}

/// The app started on its samples with `file` named, as a file manager starts it.
fn start_with(app: &TestApp, driver: &Driver, file: &Path) -> Session {
    let mut args = app.args();
    args.push(file.display().to_string());
    app.start(driver, &args)
}

fn wait_for_choice(s: &Session) {
    s.wait_until("the choice for a file outside the folder", WAIT, |s| {
        visible(s, "[data-testid=outside]").then_some(())
    });
}

#[test]
fn a_file_outside_the_folder_edited_alone_writes_nothing_but_itself() {
    let _serial = serial();
    let app = TestApp::with_samples();
    let notes = notes(&app);
    let before = files(&notes);
    let driver = Driver::start();
    let s = start_with(&app, &driver, &notes.join("harbour.md"));
    wait_for_choice(&s);
    let message = s.text_of("[data-testid=outside-message]");
    assert!(
        message.contains("harbour.md") && message.contains(&app.folder.display().to_string()),
        "it names the file and the content folder: {message}"
    );
    assert_eq!(
        files(&notes),
        before,
        "nothing is written while the author chooses"
    );
    artifact("outside-choice.png", &screen_png());

    s.click(&s.find("[data-testid=outside-file]").unwrap());
    s.wait_until("the file open on its own", WAIT, |s| {
        (s.text_of("[data-testid=post-path]") == "harbour.md"
            && visible(s, "[data-testid=alone-note]"))
        .then_some(())
    });
    assert_eq!(
        s.find_all("[data-testid=post-item]").len(),
        1,
        "the list holds the file alone, not its folder"
    );
    for testid in [
        "publish",
        "export-site",
        "import",
        "sync-bar",
        "new-post",
        "trash",
    ] {
        assert!(
            !visible(&s, &format!("[data-testid={testid}]")),
            "{testid} is put away with the library"
        );
    }
    assert!(visible(&s, "[data-testid=save]"));
    assert_eq!(files(&notes), before, "opening it wrote nothing");

    type_at_end(&s, "\nThe tide turned.");
    s.wait_until("the typed line", WAIT, |s| {
        editor_text(s).contains("The tide turned.").then_some(())
    });
    s.click(&s.find("[data-testid=save]").unwrap());
    s.wait_until("the file saved", WAIT, |_| {
        fs::read_to_string(notes.join("harbour.md"))
            .ok()?
            .contains("The tide turned.")
            .then_some(())
    });
    // A library action reached by its key is refused by the shell too, not only hidden:
    // Ctrl+N's new post would write a file into someone's folder.
    let body = s.find("body").unwrap();
    s.type_into(&body, &format!("{CONTROL}n{CONTROL}"));
    let title = s.wait_for("[data-testid=new-title]", WAIT);
    s.type_into(&title, &format!("Not here{ENTER}"));
    s.wait_until("the refusal", WAIT, |s| {
        s.text_of("[data-testid=notice]")
            .contains("on its own")
            .then_some(())
    });
    let after = files(&notes);
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>(),
        "no file added beside it"
    );
    assert_eq!(after["gulls.md"], before["gulls.md"]);
    artifact("outside-alone.png", &screen_png());
    s.end();
}

#[test]
fn a_file_outside_the_folder_opens_with_its_folder() {
    let _serial = serial();
    let app = TestApp::with_samples();
    let notes = notes(&app);
    let driver = Driver::start();
    let s = start_with(&app, &driver, &notes.join("harbour.md"));
    wait_for_choice(&s);
    s.click(&s.find("[data-testid=outside-folder]").unwrap());
    s.wait_for("[data-testid=post-item][data-path='gulls.md']", WAIT);
    s.wait_until("the file open in its folder", WAIT, |s| {
        (s.text_of("[data-testid=post-path]") == "harbour.md").then_some(())
    });
    assert!(!visible(&s, "[data-testid=alone-note]"));
    assert!(
        visible(&s, "[data-testid=publish]"),
        "the whole window, library and all"
    );
    assert_eq!(
        s.text_of("[data-testid=folder]"),
        notes.display().to_string(),
        "its folder is the content folder now"
    );
    s.end();
}

#[test]
fn a_path_that_does_not_exist_is_said_and_the_window_stays_usable() {
    let _serial = serial();
    let app = TestApp::with_samples();
    let driver = Driver::start();
    let gone = app.folder.with_file_name("gone.md");
    let s = start_with(&app, &driver, &gone);
    s.wait_until("the message", WAIT, |s| {
        let notice = s.text_of("[data-testid=notice]");
        notice.contains("gone.md").then_some(())
    });
    assert!(
        !visible(&s, "[data-testid=outside]"),
        "nothing to choose for a missing file"
    );
    s.wait_for(
        "[data-testid=post-item][data-path='field-notes-on-bread.md']",
        WAIT,
    );
    quire_e2e::app::open_post(&s, "field-notes-on-bread.md");
    artifact("open-missing.png", &screen_png());
    s.end();
}
