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

/// Milliseconds from each keydown to the first frame after the preview showed a newer
/// render (a keystroke may change nothing visible: the ui marks each render it shows).
fn keystroke_to_paint(s: &Session, keys: usize) -> Vec<f64> {
    s.execute(
        "window.__lat = []; if (window.__latWatch) return; window.__latWatch = true; let t0 = 0; \
         document.addEventListener('keydown', () => { if (!t0) t0 = performance.now(); }, true); \
         new MutationObserver(() => { if (t0) { const start = t0; t0 = 0; \
           requestAnimationFrame(() => window.__lat.push(performance.now() - start)); } }) \
           .observe(document.querySelector('[data-testid=preview]'), \
             {childList: true, subtree: true, characterData: true, attributes: true});",
        json!([]),
    );
    type_at_end(s, "");
    let content = s.find("[data-testid=editor] .cm-content").unwrap();
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
        let lat = keystroke_to_paint(&s, 40);
        assert!(lat.len() >= 10, "the preview followed the typing: {lat:?}");
        typing.push((format!("{words}-word {kind} post"), lat));
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
            let message = panic.downcast_ref::<String>().cloned().unwrap_or_default();
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
            "{post}, keystroke -> preview painted: p50 {:.1} ms, p95 {:.1} ms ({} frames)",
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
    eprintln!(
        "memory with the 100k-word realistic post open: {}",
        mib(figures.open_kib)
    );
    eprintln!(
        "memory with 10,000 posts listed: {}",
        mib(listed_memory(&driver))
    );
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
