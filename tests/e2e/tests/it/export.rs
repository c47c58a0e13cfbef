//! Publishing from the real window: the open post as one file, the site with progress,
//! a summary and Cancel. Exports go to the folder given with `--export-to`, since a test
//! cannot drive the native dialogs the author would see.

use std::fs;

use quire_e2e::app::{
    artifact, from_menu, open_post, screen_png, serial, type_at_end, visible, TestApp, WAIT,
};
use quire_e2e::driver::Driver;
use quire_e2e::session::{Session, ENTER};
use serde_json::json;

/// The text of `css` inside the `.q-article` of `html`, parsed by the webview itself.
fn exported_text(s: &Session, html: &str, css: &str) -> String {
    s.execute(
        "const d = new DOMParser().parseFromString(arguments[0], 'text/html'); \
         const e = d.querySelector(arguments[1]); \
         return e ? e.textContent.replace(/\\s+/g, ' ').trim() : '';",
        json!([html, css]),
    )
    .as_str()
    .unwrap_or_default()
    .to_string()
}

fn preview_text(s: &Session, css: &str) -> String {
    s.execute(
        "const e = document.querySelector('[data-testid=preview] ' + arguments[0]); \
         return e ? e.textContent.replace(/\\s+/g, ' ').trim() : '';",
        json!([css]),
    )
    .as_str()
    .unwrap_or_default()
    .to_string()
}

#[test]
fn export_the_open_post_and_the_whole_site() {
    let _serial = serial();
    let app = TestApp::with_samples();
    let driver = Driver::start();
    let s = app.launch(&driver);

    // A post with an image, edited but not saved: the export is what the preview shows.
    open_post(&s, "field-notes-on-bread.md");
    type_at_end(&s, &format!("{ENTER}{ENTER}A closing line typed just now."));
    s.wait_until("the preview to show the new line", WAIT, |s| {
        preview_text(s, ".q-body")
            .contains("A closing line typed just now.")
            .then_some(())
    });
    from_menu(&s, "export");
    s.wait_until("the export summary", WAIT, |s| {
        s.text_of("[data-testid=export-summary]")
            .starts_with("Exported to")
            .then_some(())
    });
    let file = app.export_dir.join("field-notes-on-bread.html");
    assert!(
        s.text_of("[data-testid=export-summary]")
            .contains(&file.display().to_string()),
        "the summary names the file"
    );
    assert!(
        visible(&s, "[data-testid=export-reveal]"),
        "Show in folder is offered"
    );
    artifact("export-post.png", &screen_png());
    let html = fs::read_to_string(&file).unwrap();
    for part in [
        ".q-title",
        ".q-reading-time",
        ".q-body",
        ".q-date",
        ".q-author",
    ] {
        assert_eq!(
            exported_text(&s, &html, part),
            preview_text(&s, part),
            "the exported {part} is the preview's"
        );
    }
    assert!(html.contains("<style>"), "one self-contained file");
    assert!(html.contains("src=\"data:image"), "its image inside it");
    assert_eq!(
        fs::read_dir(&app.export_dir).unwrap().count(),
        1,
        "nothing but the file"
    );

    // The whole site: progress, then the summary.
    from_menu(&s, "export-site");
    s.wait_until("the site's export summary", WAIT, |s| {
        s.text_of("[data-testid=export-summary]")
            .starts_with("Exported 4 posts")
            .then_some(())
    });
    let done = s.execute(
        "const p = document.querySelector('[data-testid=export-progress]'); return [p.value, p.max];",
        json!([]),
    );
    assert_eq!(done[0], done[1], "the progress bar is full: {done}");
    artifact("export-site.png", &screen_png());
    let site = app.export_dir.join("site");
    for page in [
        "index.html",
        "field-notes-on-bread/index.html",
        "atom.xml",
        "sitemap.xml",
        "search/index.html",
        "assets/loaf.svg",
    ] {
        assert!(site.join(page).is_file(), "{page} exported");
    }
    assert!(
        !site.join("shipping-small-tools").exists(),
        "the draft is not published"
    );
    s.click(&s.find("[data-testid=export-cancel]").unwrap());
    s.wait_until("the panel to close", WAIT, |s| {
        s.execute(
            "return document.querySelector('[data-testid=export-panel]').hidden;",
            json!([]),
        )
        .as_bool()
        .filter(|h| *h)
    });
    s.end();
}

#[test]
fn a_long_site_export_can_be_cancelled() {
    let _serial = serial();
    let app = TestApp::empty();
    // Enough posts that the export runs for seconds, well past a WebDriver round trip.
    for i in 0..6000 {
        fs::write(
            app.folder.join(format!("post-{i:04}.md")),
            format!(
                "---\ntitle: Post {i}\ndate: 2024-01-{:02}\nstatus: published\ntags: [t{}]\n---\n## Part\n\nWords about post {i}, with a table.\n\n| a | b |\n|---|---|\n| {i} | x |\n\n```rust\nfn main() {{}}\n```\n",
                1 + i % 28,
                i % 9
            ),
        )
        .unwrap();
    }
    let driver = Driver::start();
    let s = app.launch(&driver);
    from_menu(&s, "export-site");
    s.wait_until("the export to start rendering", WAIT, |s| {
        s.text_of("[data-testid=export-summary]")
            .starts_with("Rendering pages")
            .then_some(())
    });
    s.click(&s.find("[data-testid=export-cancel]").unwrap());
    s.wait_until("the export to stop", WAIT, |s| {
        s.text_of("[data-testid=export-summary]")
            .starts_with("Export cancelled")
            .then_some(())
    });
    artifact("export-cancelled.png", &screen_png());
    // What was written are whole pages: no temp file left behind.
    let site = app.export_dir.join("site");
    let mut stack = vec![site];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(&dir).into_iter().flatten().flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            assert!(!name.ends_with(".tmp"), "a half-written file: {name}");
            if e.path().is_dir() {
                stack.push(e.path());
            }
        }
    }
    s.end();
}

#[test]
fn a_custom_theme_shows_in_the_preview() {
    let _serial = serial();
    let app = TestApp::with_samples();
    fs::create_dir(app.folder.join("theme")).unwrap();
    fs::write(
        app.folder.join("theme/article.css"),
        ".q-title { color: rgb(1, 2, 3); }\n",
    )
    .unwrap();
    let driver = Driver::start();
    let s = app.launch(&driver);
    open_post(&s, "welcome-to-quire.md");
    s.wait_until("the theme's colour on the title", WAIT, |s| {
        s.execute(
            "const t = document.querySelector('[data-testid=preview] .q-title'); \
             return t ? getComputedStyle(t).color : '';",
            json!([]),
        )
        .as_str()
        .filter(|c| *c == "rgb(1, 2, 3)")
        .map(str::to_string)
    });
    s.end();
}
