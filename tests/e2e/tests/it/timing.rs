//! Figures, not assertions: keystroke → article painted on long posts, cold start →
//! editable, and the memory of an idle window. Printed for the closing notes; speed is
//! measured, not asserted in tests. The test fails only if the app stops working.

use std::panic::AssertUnwindSafe;
use std::time::{Duration, Instant};

use quire_e2e::app::{editor_text, open_post, serial, type_at_end, TestApp, WAIT};
use quire_e2e::driver::{app_pids, children, Driver};
use quire_e2e::session::Session;
use serde_json::json;

fn percentile(mut v: Vec<f64>, p: f64) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[((v.len() - 1) as f64 * p).round() as usize]
}

/// Milliseconds from each keydown to the first frame after the element at `shown` changed
/// (a keystroke may change nothing visible: the ui marks each render it shows), typing
/// `keys` characters into the element at `typed`.
fn keystroke_to_paint(s: &Session, keys: usize, typed: &str, shown: &str) -> Vec<f64> {
    s.execute(
        "window.__lat = []; window.__t0 = 0; \
         if (!window.__latWatch) { window.__latWatch = true; \
           document.addEventListener('keydown', () => { \
             if (!window.__t0) window.__t0 = performance.now(); }, true); } \
         if (window.__latObserver) window.__latObserver.disconnect(); \
         window.__latObserver = new MutationObserver(() => { if (window.__t0) { \
             const start = window.__t0; window.__t0 = 0; \
             requestAnimationFrame(() => window.__lat.push(performance.now() - start)); } }); \
         window.__latObserver.observe(document.querySelector(arguments[0]), \
           {childList: true, subtree: true, characterData: true, attributes: true});",
        json!([shown]),
    );
    let content = s.find(typed).unwrap();
    for i in 0..keys {
        s.type_into(&content, if i % 6 == 5 { " " } else { "x" });
        std::thread::sleep(Duration::from_millis(60));
    }
    std::thread::sleep(Duration::from_millis(500));
    s.execute("return window.__lat;", json!([]))
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_f64())
        .collect()
}

/// The same figure for a bare page in the same window, the floor under Quire's: the
/// window's page replaced by a plain text box whose text a block beside it shows on
/// each input, with no editor, no preview and no calls to the app. What WebKit itself
/// takes, on this machine, from a key to its echo painted.
fn bare_page_keystroke_to_paint(s: &Session, keys: usize) -> Vec<f64> {
    s.execute(
        "const box = document.createElement('textarea'); \
         box.setAttribute('data-testid', 'floor-input'); \
         const echo = document.createElement('div'); \
         echo.setAttribute('data-testid', 'floor-echo'); \
         for (const e of [box, echo]) { e.style.width = '600px'; e.style.height = '700px'; \
           e.style.display = 'inline-block'; e.style.verticalAlign = 'top'; } \
         box.addEventListener('input', () => { echo.textContent = box.value; }); \
         document.body.replaceChildren(box, echo); box.focus();",
        json!([]),
    );
    keystroke_to_paint(
        s,
        keys,
        "[data-testid=floor-input]",
        "[data-testid=floor-echo]",
    )
}

/// A `Field: N kB` line of a /proc file.
fn proc_kib(pid: u32, file: &str, field: &str) -> u64 {
    let text = std::fs::read_to_string(format!("/proc/{pid}/{file}")).unwrap_or_default();
    text.lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Resident memory of a process: (RSS, PSS). RSS counts the shared libraries in full
/// in each process; PSS splits them among the processes that map them.
fn memory_kib(pid: u32) -> (u64, u64) {
    (
        proc_kib(pid, "status", "VmRSS:"),
        proc_kib(pid, "smaps_rollup", "Pss:"),
    )
}

/// The app and every process under it (WebKit's web and network processes).
fn tree_memory_kib(root: u32) -> (u64, u64) {
    let mut total = memory_kib(root);
    for (child, _) in children(root) {
        let (rss, pss) = tree_memory_kib(child);
        total.0 += rss;
        total.1 += pss;
    }
    total
}

/// The posts typed into: plain prose (the figures before #11) and realistic long posts
/// (headings, nested lists, tables, code, footnotes, images, CJK), each 10k and 100k words.
/// The posts typed into, by kind and words: plain prose (the figures before #11) and
/// realistic long posts (headings, nested lists, tables, code, footnotes, images, CJK).
const POSTS: [(&str, usize); 4] = [
    ("prose", 10_000),
    ("prose", 100_000),
    ("realistic", 10_000),
    ("realistic", 100_000),
];

/// A typed post's file: first in the list, by name.
fn typed_path(kind: &str, words: usize) -> String {
    format!("aaa-{kind}-{}k.md", words / 1000)
}

struct Figures {
    cold: Duration,
    idle_kib: (u64, u64),
    /// With the 100k-word realistic post open at start.
    open_kib: (u64, u64),
    typing: Vec<(String, Vec<f64>)>,
}

/// Launches the app, opens each long post and types into it.
fn measure(app: &TestApp, driver: &Driver) -> Figures {
    // Cold start and idle memory on the sample posts alone: the long posts below would be
    // the first listed, and open at start.
    let samples = TestApp::with_samples();
    let started = Instant::now();
    let s = samples.launch(driver);
    s.wait_until("a post in the editor", WAIT, |s| {
        (!editor_text(s).is_empty()).then_some(())
    });
    let cold = started.elapsed();
    std::thread::sleep(Duration::from_secs(2));
    let idle_kib = tree_memory_kib(app_pids(&samples.library.display().to_string())[0]);
    s.end();

    let s = app.launch(driver);
    s.wait_until("a post in the editor", WAIT, |s| {
        (!editor_text(s).is_empty()).then_some(())
    });
    let mut typing = Vec::new();
    for (kind, words) in POSTS {
        open_post(&s, &typed_path(kind, words));
        std::thread::sleep(Duration::from_millis(500));
        type_at_end(&s, "");
        let lat = keystroke_to_paint(
            &s,
            40,
            "[data-testid=editor] .cm-content",
            "[data-testid=preview]",
        );
        assert!(lat.len() >= 10, "the preview followed the typing: {lat:?}");
        typing.push((
            format!("{words}-word {kind} post, keydown -> preview painted"),
            lat,
        ));
    }
    // Last, the floors under those figures, in the same window: Quire's page is gone after.
    // Figures of the platform, not of the app: one that cannot be taken is said, and the
    // app's figures above are kept.
    let floors = std::panic::catch_unwind(AssertUnwindSafe(|| floors(&s)));
    match floors {
        Ok(floors) => typing.extend(floors),
        Err(panic) => eprintln!("no floor figures: {}", panic_text(&panic)),
    }
    s.end();
    // A 100k-word realistic post opened at start: what holding it costs, apart from what
    // the typing above left for the collectors.
    let mut args = app.args();
    let long = typed_path("realistic", 100_000);
    args.insert(0, app.folder.join(&long).display().to_string());
    let s = app.start(driver, &args);
    s.wait_until("the long post shown", WAIT, |s| {
        (s.text_of("[data-testid=post-path]") == long
            && s.find("[data-testid=preview] .footnotes").is_some())
        .then_some(())
    });
    std::thread::sleep(Duration::from_secs(3));
    let open_kib = tree_memory_kib(app_pids(&app.library.display().to_string())[0]);
    s.end();
    Figures {
        cold,
        idle_kib,
        open_kib,
        typing,
    }
}

#[test]
fn figures_for_long_posts_start_and_memory() {
    let _serial = serial();
    let app = TestApp::with_samples();
    for (kind, words) in POSTS {
        let text = match kind {
            "prose" => quire_corpus::prose::post(words),
            _ => quire_corpus::realistic::post(words),
        };
        std::fs::write(app.folder.join(typed_path(kind, words)), text).unwrap();
    }
    let mut driver = Driver::start();
    let figures = match std::panic::catch_unwind(AssertUnwindSafe(|| measure(&app, &driver))) {
        Ok(figures) => figures,
        Err(panic) => {
            let message = panic_text(&panic);
            // A crash of WebKit's content process ends the WebDriver session with it. The
            // app reloads its page and goes on (a_crashed_page_reloads_with_the_draft), but
            // these figures need a session: the crash is reported, the old window closed,
            // and the figures taken once more in a new one. A second loss fails the test.
            if !message.contains("invalid session id") {
                std::panic::resume_unwind(panic);
            }
            eprintln!("WINDOW LOST WHILE MEASURING, measuring again in a new one: {message}");
            app.kill();
            drop(driver);
            driver = Driver::start();
            measure(&app, &driver)
        }
    };
    for (post, lat) in figures.typing {
        eprintln!(
            "{post}: p50 {:.1} ms, p95 {:.1} ms ({} frames)",
            percentile(lat.clone(), 0.5),
            percentile(lat.clone(), 0.95),
            lat.len()
        );
    }
    eprintln!(
        "cold start -> editable (incl. WebDriver session): {:?}",
        figures.cold
    );
    let mib = |(rss, pss): (u64, u64)| format!("RSS {} MiB, PSS {} MiB", rss / 1024, pss / 1024);
    eprintln!(
        "idle memory, app + WebKit processes: {}",
        mib(figures.idle_kib)
    );
    match bare_window_memory_kib() {
        Ok(kib) => eprintln!(
            "the floor, a bare WebKitGTK window with Quire's settings (PSS less Python's own): {}",
            mib(kib)
        ),
        Err(why) => eprintln!("no floor figure: {why}"),
    }
    eprintln!(
        "memory with the 100k-word realistic post open: {}",
        mib(figures.open_kib)
    );
    eprintln!(
        "memory with 10,000 posts listed: {}",
        mib(listed_memory(&driver))
    );
}

/// The keystroke figure of a bare CodeMirror 6 with Markdown (`ui/peers/codemirror.ts`, the
/// editor Quire's is built on) holding the realistic 10k-word post, put in place of the
/// window's page: the editor's own part of Quire's figures, with no preview and no calls
/// to the app. Built here with the ui's own Vite; an error says why there is no figure.
fn bare_editor_keystroke_to_paint(s: &Session, keys: usize) -> Result<Vec<f64>, String> {
    let out = tempfile::tempdir().map_err(|e| e.to_string())?;
    let ui = quire_e2e::app::repo().join("ui");
    // The ui's own Vite, never one fetched by npx.
    let vite = ui.join("node_modules/.bin/vite");
    if !vite.exists() {
        return Err(format!("{} is missing (npm ci in ui/)", vite.display()));
    }
    let built = std::process::Command::new(&vite)
        .args(["build", "--config", "peers/vite.config.ts"])
        .current_dir(&ui)
        .env("QUIRE_PEER_OUT", out.path())
        .output()
        .map_err(|e| format!("cannot run {}: {e}", vite.display()))?;
    if !built.status.success() {
        return Err(format!(
            "the peer did not build: {}",
            String::from_utf8_lossy(&built.stderr)
        ));
    }
    let script = std::fs::read_to_string(out.path().join("codemirror.js"))
        .map_err(|e| format!("the built peer: {e}"))?;
    s.execute(&format!("{script}\n;return 1;"), json!([]));
    s.execute(
        "const host = document.createElement('div'); \
         host.setAttribute('data-testid', 'floor-editor'); \
         host.style.width = '600px'; host.style.height = '700px'; host.style.display = 'flex'; \
         document.body.replaceChildren(host); \
         const view = window.quirePeerEditor(host, arguments[0]); \
         view.dom.style.width = '100%'; \
         view.dispatch({selection: {anchor: arguments[0].length}, scrollIntoView: true}); \
         view.focus(); return 1;",
        json!([quire_corpus::realistic::post(10_000)]),
    );
    std::thread::sleep(Duration::from_millis(500));
    Ok(keystroke_to_paint(
        s,
        keys,
        "[data-testid=floor-editor] .cm-content",
        "[data-testid=floor-editor] .cm-content",
    ))
}

/// The keystroke floors, in the window `s` (its page is replaced): a bare editor, if
/// it can be built here, then a bare page.
fn floors(s: &Session) -> Vec<(String, Vec<f64>)> {
    let mut floors = Vec::new();
    match bare_editor_keystroke_to_paint(s, 40) {
        Ok(lat) if lat.len() >= 10 => floors.push((
            "bare CodeMirror 6 + Markdown on the realistic 10k text (the editor's floor), \
             keydown -> editor painted"
                .to_string(),
            lat,
        )),
        Ok(lat) => eprintln!("no bare editor figure: {} frames for 40 keys", lat.len()),
        Err(why) => eprintln!("no bare editor figure: {why}"),
    }
    let lat = bare_page_keystroke_to_paint(s, 40);
    if lat.len() >= 10 {
        floors.push((
            "bare page, a text box and its echo (WebKit's floor), keydown -> echo painted".into(),
            lat,
        ));
    } else {
        eprintln!("no bare page figure: {} frames for 40 keys", lat.len());
    }
    floors
}

fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

/// (RSS, PSS) of a bare WebKitGTK window showing a tiny page, Quire's memory floor on
/// this machine: `tests/e2e/peers/webkit_floor.py`, through Python's GObject bindings.
/// Measured with no Quire window open, as PSS splits the shared libraries among every
/// process that maps them.
fn bare_window_memory_kib() -> Result<(u64, u64), String> {
    let probe = quire_e2e::app::repo().join("tests/e2e/peers/webkit_floor.py");
    let out = std::process::Command::new("/usr/bin/python3")
        .arg(&probe)
        .output()
        .map_err(|e| format!("cannot run /usr/bin/python3: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{} failed ({}): {}",
            probe.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let figures: serde_json::Value = serde_json::from_slice(&out.stdout).map_err(|e| {
        format!(
            "{} gave no figures ({e}): {}",
            probe.display(),
            String::from_utf8_lossy(&out.stderr)
        )
    })?;
    let kib = |name: &str| {
        figures[name]
            .as_u64()
            .ok_or_else(|| format!("{} gave no {name}: {figures}", probe.display()))
    };
    // Less the interpreter's own share, which a window in Rust does not have.
    let python = kib("python_pss_kib")?;
    Ok((kib("rss_kib")?, kib("pss_kib")?.saturating_sub(python)))
}

/// The app on a folder of 10,000 posts, once its list shows and its scan is done.
fn listed_memory(driver: &Driver) -> (u64, u64) {
    let app = TestApp::empty();
    quire_corpus::write_folder(&app.folder, 10_000, 50, |_| quire_corpus::prose::post(300));
    let s = app.launch(driver);
    // The list shows as the scan goes; the figure is for the library fully read.
    s.wait_until("10,000 posts listed", Duration::from_secs(120), |s| {
        // The list is virtual: its height is its rows'.
        let rows = s.execute(
            "const list = document.querySelector('[data-testid=post-list]'); \
             const row = list.querySelector('[data-testid=post-item]'); \
             return row ? list.scrollHeight / row.offsetHeight : 0;",
            json!([]),
        );
        (rows.as_f64().unwrap_or(0.0) >= 9_999.0).then_some(())
    });
    std::thread::sleep(Duration::from_secs(3));
    let pid = app_pids(&app.library.display().to_string())[0];
    let kib = tree_memory_kib(pid);
    s.end();
    kib
}
