//! A Quire app under test: a temp content folder and library, launched through the driver.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use serde_json::json;

use crate::driver::{app_binary, app_pids, kill_hard, Driver};
use crate::session::{Session, CONTROL, END};

pub const WAIT: Duration = Duration::from_secs(15);

/// One window at a time: the machine has two cores and one display.
pub fn serial() -> MutexGuard<'static, ()> {
    static SERIAL: Mutex<()> = Mutex::new(());
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub struct TestApp {
    _tmp: tempfile::TempDir,
    pub folder: PathBuf,
    pub library: PathBuf,
    /// The app's log folder, inside the test's temp dir.
    pub log_dir: PathBuf,
    /// Where exports go (`--export-to`): a test cannot drive a native dialog.
    pub export_dir: PathBuf,
}

impl TestApp {
    /// An empty content folder.
    pub fn empty() -> TestApp {
        let mut tmp = tempfile::tempdir().unwrap();
        // QUIRE_E2E_KEEP=1 keeps the folder and library of each test for a post-mortem.
        if std::env::var_os("QUIRE_E2E_KEEP").is_some() {
            tmp.disable_cleanup(true);
            eprintln!("keeping {}", tmp.path().display());
        }
        let folder = tmp.path().join("content");
        std::fs::create_dir_all(&folder).unwrap();
        TestApp {
            library: tmp.path().join("library.sqlite3"),
            log_dir: tmp.path().join("logs"),
            export_dir: tmp.path().join("exports"),
            folder,
            _tmp: tmp,
        }
    }

    /// A copy of the repository's sample `content/`.
    pub fn with_samples() -> TestApp {
        let app = TestApp::empty();
        copy_dir(&repo().join("content"), &app.folder);
        app
    }

    pub fn args(&self) -> Vec<String> {
        vec![
            "--folder".into(),
            self.folder.display().to_string(),
            "--library".into(),
            self.library.display().to_string(),
            "--log-dir".into(),
            self.log_dir.display().to_string(),
            "--export-to".into(),
            self.export_dir.display().to_string(),
        ]
    }

    /// Starts the app and waits for its post list.
    pub fn launch(&self, driver: &Driver) -> Session {
        let s = self.start(driver, &self.args());
        s.wait_for("[data-testid=post-item]", WAIT);
        s
    }

    /// Starts the app with `args` (this app's, changed), waiting for nothing in it.
    ///
    /// One retry: under Xvfb, GTK now and then fails to open the display for a window
    /// started right after another was killed; the second start is the real test.
    pub fn start(&self, driver: &Driver, args: &[String]) -> Session {
        let binary = app_binary().display().to_string();
        Session::launch(&driver.url, &binary, args)
            .or_else(|first| {
                eprintln!("app did not start ({first}); trying once more");
                Session::launch(&driver.url, &binary, args)
            })
            .expect("a WebDriver session on the app")
    }

    /// Everything the app has logged so far, from every log file.
    pub fn log(&self) -> String {
        let Ok(entries) = std::fs::read_dir(&self.log_dir) else {
            return String::new();
        };
        entries
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with("quire"))
            .filter_map(|e| std::fs::read_to_string(e.path()).ok())
            .collect()
    }

    /// `kill -9` of this test's app process: no chance to flush anything.
    pub fn kill(&self) {
        let pids = app_pids(&self.library.display().to_string());
        assert_eq!(pids.len(), 1, "one app process for this test: {pids:?}");
        kill_hard(pids[0]);
    }

    /// Writes a post the way editors save: a temp file beside it, renamed over it.
    pub fn write_like_an_editor(&self, rel: &str, text: &str) {
        let target = self.folder.join(rel);
        let tmp = target.with_file_name(format!(
            ".{}.swp-{}",
            target.file_name().unwrap().to_string_lossy(),
            std::process::id()
        ));
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(&tmp, &target).unwrap();
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// What is on the test display, as a PNG: the real pixels of the window. (WebDriver's own
/// screenshot waits for the page to paint again, which a page WebKit paints on the CPU
/// may not do for a long while when nothing changes on it.)
pub fn screen_png() -> Vec<u8> {
    fn run(program: &str, args: &[&str], input: Vec<u8>) -> Vec<u8> {
        let mut child = Command::new(program)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{program} runs (x11-apps, netpbm): {e}"));
        let mut stdin = child.stdin.take().expect("piped stdin");
        let writer = std::thread::spawn(move || stdin.write_all(&input));
        let out = child.wait_with_output().expect("output");
        writer.join().expect("writer").expect("input written");
        assert!(out.status.success(), "{program} failed");
        out.stdout
    }
    let xwd = run("xwd", &["-root", "-silent"], Vec::new());
    let pnm = run("xwdtopnm", &[], xwd);
    run("pnmtopng", &[], pnm)
}

/// Saves a file under `tests/artifacts/` for a person to look at after the run.
pub fn artifact(name: &str, bytes: &[u8]) {
    let dir = repo().join("tests/artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), bytes).unwrap();
}

/// The editor's view, as `EditorView.findFromDOM` finds it: `view` (or null) and the
/// content element `c`, for a script to go on from.
const EDITOR_VIEW: &str = "const c = document.querySelector('[data-testid=editor] .cm-content'); \
     const view = c && c.cmTile && c.cmTile.root && c.cmTile.root.view;";

/// Runs the window's button `testid` as the menu bar's item for it does (the toolbar
/// leaves the menu's actions out, and WebDriver cannot reach a native menu).
pub fn from_menu(s: &Session, testid: &str) {
    s.execute(
        "document.querySelector(`[data-testid=${arguments[0]}]`).click();",
        json!([testid]),
    );
}

/// Opens the post at `path` from the sidebar and waits until the editor holds it.
pub fn open_post(s: &Session, path: &str) {
    let item = s
        .find(&format!("[data-path='{path}']"))
        .unwrap_or_else(|| panic!("{path} is listed"));
    s.click(&item);
    s.wait_until(&format!("{path} open"), WAIT, |s| {
        (s.text_of("[data-testid=post-path]") == path).then_some(())
    });
}

/// Types `text` at the end of the post in the editor.
pub fn type_at_end(s: &Session, text: &str) {
    let content = s
        .find("[data-testid=editor] .cm-content")
        .expect("the editor");
    // The scroller, not the text: a post with a runaway line is not wrapped, and the
    // middle of its text can be far off screen.
    s.click(&s.find("[data-testid=editor] .cm-scroller").unwrap());
    s.type_into(&content, &format!("{CONTROL}{END}{CONTROL}{text}"));
}

/// The editor's whole text. CodeMirror draws only the lines near the viewport, so the
/// DOM's text is not enough for a long post: ask the editor itself (as
/// `EditorView.findFromDOM` does), falling back to what is drawn.
pub fn editor_text(s: &Session) -> String {
    let script =
        format!("{EDITOR_VIEW} return view ? view.state.doc.toString() : (c ? c.innerText : '');");
    s.execute(&script, json!([]))
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Whether the editor's text ends with `tail`, asked in the window: fetching a long
/// post's whole text through WebDriver would time the driver, not the app.
pub fn editor_ends_with(s: &Session, tail: &str) -> bool {
    let script = format!(
        "{EDITOR_VIEW} const d = view && view.state.doc; \
         return !!d && d.sliceString(Math.max(0, d.length - arguments[0].length)) === arguments[0];"
    );
    s.execute(&script, json!([tail])) == json!(true)
}

/// Whether an element is on screen: present, not hidden, with a box. Not by
/// `offsetParent`, which a fixed-position panel (a dialog) never has.
pub fn visible(s: &Session, css: &str) -> bool {
    s.execute(
        "const e = document.querySelector(arguments[0]); \
         return !!e && !e.hidden && getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0;",
        json!([css]),
    )
    .as_bool()
    .unwrap_or(false)
}
