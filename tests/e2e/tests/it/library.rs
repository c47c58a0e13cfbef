//! The library in the real window: search as you type, quick open, filters, and a
//! library of 10,000 posts.

use std::fs;
use std::time::{Duration, Instant};

use quire_e2e::app::{artifact, from_menu, open_post, screen_png, serial, TestApp, WAIT};
use quire_e2e::driver::Driver;
use quire_e2e::session::{Session, CONTROL, ENTER};
use serde_json::json;

const ESCAPE: &str = "\u{e00c}";

/// Picks `value` in the `<select>` with this test id, as a click on an option would.
fn choose(s: &Session, testid: &str, value: &str) {
    s.execute(
        "const e = document.querySelector(`[data-testid=${arguments[0]}]`); \
         e.value = arguments[1]; e.dispatchEvent(new Event('change', {bubbles: true}));",
        json!([testid, value]),
    );
}

/// The paths of the rows the list shows, top to bottom.
fn listed(s: &Session) -> Vec<String> {
    s.execute(
        "return [...document.querySelectorAll('[data-testid=post-item]')] \
           .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top) \
           .map(e => e.dataset.path);",
        json!([]),
    )
    .as_array()
    .cloned()
    .unwrap_or_default()
    .into_iter()
    .filter_map(|v| v.as_str().map(String::from))
    .collect()
}

#[test]
fn search_quick_open_and_filters() {
    let _serial = serial();
    let app = TestApp::with_samples();
    fs::write(
        app.folder.join("kyoto-notes.md"),
        "---\ntitle: Notes from Kyoto\ntags: [travel]\nstatus: draft\n---\n\
         京都の古いお寺をたくさん見ました。The gardens were quiet at dawn.\n",
    )
    .unwrap();
    let driver = Driver::start();
    let s = app.launch(&driver);

    // Search as you type: a word in the body, the snippet marks it.
    let search = s.find("[data-testid=search]").unwrap();
    s.type_into(&search, "hydrat");
    let hit = s.wait_until("a search result", WAIT, |s| {
        s.find("[data-testid=search-result][data-path='field-notes-on-bread.md']")
    });
    let marks = s.execute(
        "return [...document.querySelectorAll('[data-testid=search-result] mark')].map(m => m.textContent);",
        json!([]),
    );
    assert!(
        marks.as_array().unwrap().iter().any(|m| m
            .as_str()
            .unwrap()
            .to_lowercase()
            .starts_with("hydrat")),
        "the snippet marks the word: {marks}"
    );
    artifact("library-search.png", &screen_png());
    s.click(&hit);
    s.wait_until("the post opened from its result", WAIT, |s| {
        (s.text_of("[data-testid=post-path]") == "field-notes-on-bread.md").then_some(())
    });

    // A Japanese run of two characters, anywhere in a line.
    let search = s.find("[data-testid=search]").unwrap();
    s.click(&search);
    s.type_into(&search, &format!("{CONTROL}a{CONTROL}お寺"));
    s.wait_until("the Japanese hit", WAIT, |s| {
        let paths = s.execute(
            "return [...document.querySelectorAll('[data-testid=search-result]')].map(e => e.dataset.path);",
            json!([]),
        );
        (paths == json!(["kyoto-notes.md"])).then_some(())
    });
    // Escape leaves the search for the list.
    s.type_into(&search, ESCAPE);
    s.wait_until("the list back", WAIT, |s| {
        (!listed(s).is_empty() && s.find("[data-testid=search-result]").is_none()).then_some(())
    });

    // Ctrl+P: the quick switcher, fuzzy on titles; Enter opens.
    let body = s.find("body").unwrap();
    s.type_into(&body, &format!("{CONTROL}p{CONTROL}"));
    let input = s.wait_for("[data-testid=quick-open] input", WAIT);
    s.type_into(&input, "shpsml");
    s.wait_until("the fuzzy match first", WAIT, |s| {
        s.find("[data-testid=quick-open-item][data-path='shipping-small-tools.md']")
    });
    artifact("library-quick-open.png", &screen_png());
    s.type_into(&input, ENTER);
    s.wait_until("the post opened from the switcher", WAIT, |s| {
        (s.text_of("[data-testid=post-path]") == "shipping-small-tools.md").then_some(())
    });

    // Filters: by tag, by status, and sorting by title.
    choose(&s, "tag-filter", "travel");
    s.wait_until("only the travel post", WAIT, |s| {
        (listed(s) == ["kyoto-notes.md"]).then_some(())
    });
    choose(&s, "tag-filter", "");
    choose(&s, "status-filter", "draft");
    s.wait_until("only drafts", WAIT, |s| {
        let mut l = listed(s);
        l.sort();
        (l == ["kyoto-notes.md", "shipping-small-tools.md"]).then_some(())
    });
    choose(&s, "status-filter", "all");
    choose(&s, "sort", "title");
    s.wait_until("sorted by title", WAIT, |s| {
        let l = listed(s);
        (l.first().map(String::as_str) == Some("field-notes-on-bread.md")).then_some(l)
    });
    open_post(&s, "kyoto-notes.md");
    s.end();
}

/// A small post of the generated library: 200–2,500 words would take minutes to write to
/// disk and scan in a test; the list's work does not depend on a post's length.
fn generated(i: usize) -> String {
    let tags = ["rust", "travel", "food", "notes", "books"];
    format!(
        "---\ntitle: Generated post {i:05}\ndate: 20{:02}-{:02}-{:02}\ntags: [{}]\nstatus: {}\n---\n\
         Post number {i} of the generated library. 第{i}号の記事です。\n",
        10 + i % 15,
        1 + i % 12,
        1 + i % 28,
        tags[i % tags.len()],
        if i.is_multiple_of(3) { "draft" } else { "published" },
    )
}

#[test]
fn ten_thousand_posts_open_and_scroll() {
    let _serial = serial();
    let app = TestApp::empty();
    for i in 0..10_000 {
        fs::write(app.folder.join(format!("p{i:05}.md")), generated(i)).unwrap();
    }
    let driver = Driver::start();
    // The first start reads every file into the library; the second is an author's day.
    let s = app.launch(&driver);
    s.wait_until("all 10,000 listed", Duration::from_secs(120), |s| {
        let n = s.execute(
            "return document.querySelector('[data-testid=tag-filter]').textContent;",
            json!([]),
        );
        n.as_str()
            .unwrap_or_default()
            .contains("2,000")
            .then_some(())
    });
    // The scan lists the posts before it counts their words: the counts follow, and the
    // rows in view show them.
    s.wait_until("the words counted", Duration::from_secs(60), |s| {
        let counted = s.execute(
            "return [...document.querySelectorAll('[data-testid=post-item] .post-words')] \
               .map(e => e.textContent);",
            json!([]),
        );
        let counted: Vec<String> = serde_json::from_value(counted).unwrap_or_default();
        (counted.len() > 5 && counted.iter().all(|c| c.ends_with(" words"))).then_some(())
    });
    s.end();

    // The same launch of the five sample posts, for the part of the figure that is the
    // window's own start (WebKit's processes, the WebDriver session).
    let samples = TestApp::with_samples();
    let started = Instant::now();
    samples.launch(&driver).end();
    let floor = started.elapsed().as_millis();

    let started = Instant::now();
    let s = app.launch(&driver);
    println!(
        "10,000 posts: launch to first rows painted {} ms (5 sample posts: {floor} ms)",
        started.elapsed().as_millis()
    );
    let rows = s.find_all("[data-testid=post-item]").len();
    assert!(
        rows > 5 && rows < 100,
        "a window of rows, not 10,000: {rows}"
    );

    // Sorted by title and scrolled to the end: the last posts are drawn, and still only a
    // window of rows.
    choose(&s, "sort", "title");
    s.wait_until("sorted by title", WAIT, |s| {
        (listed(s).first().map(String::as_str) == Some("p00000.md")).then_some(())
    });
    s.execute(
        "const l = document.querySelector('[data-testid=post-list]'); l.scrollTop = l.scrollHeight;",
        json!([]),
    );
    s.wait_until("the last post drawn", WAIT, |s| {
        (listed(s).last().map(String::as_str) == Some("p09999.md")).then_some(())
    });
    let rows = s.find_all("[data-testid=post-item]").len();
    assert!(rows < 100, "still a window of rows: {rows}");
    artifact("library-10k.png", &screen_png());

    // Search over all of them, CJK included.
    let search = s.find("[data-testid=search]").unwrap();
    let t = Instant::now();
    s.type_into(&search, "第1234号");
    s.wait_until("the one post", Duration::from_secs(60), |s| {
        s.find("[data-testid=search-result][data-path='p01234.md']")
    });
    println!(
        "10,000 posts: typed query to its result shown {} ms",
        t.elapsed().as_millis()
    );
    s.end();
}

/// Replaces the text of the input with this test id as typing would, then leaves it.
fn retype(s: &Session, testid: &str, text: &str) {
    let input = s.find(&format!("[data-testid={testid}]")).unwrap();
    s.execute(
        "document.querySelector(`[data-testid=${arguments[0]}]`).scrollIntoView({block: 'nearest'});",
        json!([testid]),
    );
    s.click(&input);
    s.type_into(&input, &format!("{CONTROL}a{CONTROL}{text}"));
}

#[test]
fn metadata_form_rename_trash_and_restore() {
    let _serial = serial();
    let app = TestApp::with_samples();
    let driver = Driver::start();
    let s = app.launch(&driver);
    let path = "field-notes-on-bread.md";
    let before = fs::read_to_string(app.folder.join(path)).unwrap();
    open_post(&s, path);

    // The form shows the front matter, and editing it edits the editor's front matter.
    s.wait_for("[data-testid=metadata-form]", WAIT);
    s.wait_until("the form filled", WAIT, |s| {
        let v = s.execute(
            "return document.querySelector('[data-testid=meta-title]').value;",
            json!([]),
        );
        (v == json!("Field Notes on Bread")).then_some(())
    });
    artifact("library-metadata-open.png", &screen_png());
    retype(&s, "meta-title", "Field Notes on Rye");
    retype(&s, "meta-tags", "cooking, rye");
    s.wait_until("the editor's front matter changed", WAIT, |s| {
        let text = quire_e2e::app::editor_text(s);
        (text.contains("title: Field Notes on Rye") && text.contains("  - rye\n")).then_some(())
    });
    artifact("library-metadata-form.png", &screen_png());
    s.click(&s.find("[data-testid=save]").unwrap());
    s.wait_until("saved with the form's values", WAIT, |_| {
        let text = fs::read_to_string(app.folder.join(path)).unwrap();
        text.contains("Field Notes on Rye").then_some(())
    });
    let after = fs::read_to_string(app.folder.join(path)).unwrap();
    let expected = before
        .replace("title: Field Notes on Bread", "title: Field Notes on Rye")
        .replace(
            "  - cooking\n  - baking\n  - sourdough\n",
            "  - cooking\n  - rye\n",
        );
    assert_eq!(after, expected, "only the title and tags changed on disk");

    // Rename: title, file name and the list follow.
    from_menu(&s, "rename");
    let input = s.wait_for("[data-testid=rename-title]", WAIT);
    s.type_into(&input, &format!("{CONTROL}a{CONTROL}Rye notes{ENTER}"));
    s.wait_until("renamed on disk", WAIT, |s| {
        (s.text_of("[data-testid=post-path]") == "rye-notes.md").then_some(())
    });
    assert!(app.folder.join("rye-notes.md").is_file());
    assert!(!app.folder.join(path).exists());
    s.wait_for("[data-testid=post-item][data-path='rye-notes.md']", WAIT);

    // Trash: the file leaves the folder and the list; the trash panel restores it.
    from_menu(&s, "trash");
    s.wait_until("trashed", WAIT, |s| {
        s.find("[data-testid=post-item][data-path='rye-notes.md']")
            .is_none()
            .then_some(())
    });
    assert!(!app.folder.join("rye-notes.md").exists());
    s.click(&s.find("[data-testid=trash-toggle]").unwrap());
    let restore = s.wait_until("the trash lists it", WAIT, |s| {
        s.find(
            "[data-testid=trash-list] [data-testid=restore-from-trash][data-path='rye-notes.md']",
        )
    });
    artifact("library-trash.png", &screen_png());
    s.click(&restore);
    s.wait_until("restored", WAIT, |s| {
        s.find("[data-testid=post-item][data-path='rye-notes.md']")
    });
    assert_eq!(
        fs::read_to_string(app.folder.join("rye-notes.md")).unwrap(),
        expected.replace("title: Field Notes on Rye", "title: Rye notes"),
        "the same bytes back"
    );
    s.end();
}
