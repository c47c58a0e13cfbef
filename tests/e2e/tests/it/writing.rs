//! The writing tools in the real window: scroll sync both ways and click-to-line on a
//! 100,000-word post, the outline, images dropped into the editor, focus mode, themes,
//! selection counts, the shortcuts panel, spell checking and switching content folders.

use std::fs;
use std::time::Duration;

use quire_e2e::app::{
    artifact, editor_text, open_post, screen_png, serial, visible, TestApp, WAIT,
};
use quire_e2e::driver::Driver;
use quire_e2e::session::{Session, CONTROL};
use serde_json::{json, Value};

const ESCAPE: &str = "\u{e00c}";
const F1: &str = "\u{e031}";
const F8: &str = "\u{e038}";

/// The editor's view, as CodeMirror hangs it on its content element.
const VIEW: &str =
    "const view = document.querySelector('[data-testid=editor] .cm-content').cmTile.root.view;";

/// A post of `sections` sections of `words` words each; every line names its section, so
/// a test can tell which section any line or block belongs to.
fn long_post(sections: usize, words: usize) -> String {
    let mut text = String::from("---\ntitle: A long walk\n---\n");
    let filler = "the harbour wall ran on past the old sheds and the gulls ";
    let prose = |n: usize, which: &str| {
        let mut p = format!("Section {n} {which}:");
        while p.split_whitespace().count() < words / 2 {
            p.push(' ');
            p.push_str(filler.trim());
        }
        p
    };
    for n in 1..=sections {
        text.push_str(&format!(
            "## Section {n}\n\n{}\n\n- Section {n} item one\n- Section {n} item two\n\n{}\n\n",
            prose(n, "opening"),
            prose(n, "closing")
        ));
    }
    text
}

/// The section number a line of [`long_post`] names.
fn section_of(text: &str) -> Option<u64> {
    let rest = &text[text.find("Section ")? + "Section ".len()..];
    rest.split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

/// The text of the editor's first line in view.
fn editor_top_line(s: &Session) -> String {
    s.execute(
        &format!(
            "{VIEW} const top = view.scrollDOM.getBoundingClientRect().top; \
             const block = view.lineBlockAtHeight(top - view.documentTop + 2); \
             return view.state.doc.lineAt(block.from).text;"
        ),
        json!([]),
    )
    .as_str()
    .unwrap_or_default()
    .to_string()
}

/// The text of the preview's first block element in view (a heading, paragraph or item).
fn preview_top_block(s: &Session) -> String {
    s.execute(
        "const preview = document.querySelector('[data-testid=preview]'); \
         let pane = preview; \
         while (pane && pane.scrollHeight <= pane.clientHeight) pane = pane.parentElement; \
         const top = pane.getBoundingClientRect().top; \
         const blocks = [...preview.querySelectorAll('.q-body h2, .q-body p, .q-body li')]; \
         const first = blocks.find(b => b.getBoundingClientRect().bottom > top + 4); \
         return first ? first.textContent : '';",
        json!([]),
    )
    .as_str()
    .unwrap_or_default()
    .to_string()
}

/// The line the editor's cursor is on.
fn cursor_line(s: &Session) -> String {
    s.execute(
        &format!("{VIEW} return view.state.doc.lineAt(view.state.selection.main.head).text;"),
        json!([]),
    )
    .as_str()
    .unwrap_or_default()
    .to_string()
}

#[test]
fn scroll_sync_click_to_line_and_outline_on_a_100k_word_post() {
    let _serial = serial();
    let app = TestApp::with_samples();
    let text = long_post(400, 250);
    let words = text.split_whitespace().count();
    assert!(words > 100_000, "{words} words");
    fs::write(app.folder.join("long-walk.md"), &text).unwrap();
    let driver = Driver::start();
    let s = app.launch(&driver);
    open_post(&s, "long-walk.md");
    s.wait_until("the whole post in the preview", WAIT, |s| {
        s.find("[data-testid=preview] h2[id='section-400']")
    });

    // Scrolling the editor to section 300 brings the preview to section 300.
    s.execute(
        &format!(
            "{VIEW} const line = view.state.doc.toString().split('\\n').indexOf('## Section 300') + 1; \
             view.scrollDOM.scrollTop = view.lineBlockAt(view.state.doc.line(line).from).top;"
        ),
        json!([]),
    );
    s.wait_until("the editor at section 300", WAIT, |s| {
        (section_of(&editor_top_line(s)) == Some(300)).then_some(())
    });
    let top = s.wait_until("the preview at section 300", WAIT, |s| {
        let top = preview_top_block(s);
        (section_of(&top) == Some(300)).then_some(top)
    });
    artifact("writing-scroll-sync.png", &screen_png());

    // Scrolling the preview to section 120's closing paragraph brings the editor there.
    s.execute(
        "const p = [...document.querySelectorAll('[data-testid=preview] .q-body p')] \
           .find(p => p.textContent.startsWith('Section 120 closing')); \
         p.scrollIntoView({block: 'start'});",
        json!([]),
    );
    s.wait_until("the editor at section 120", WAIT, |s| {
        let line = editor_top_line(s);
        (section_of(&line) == Some(120)).then_some(())
    });
    assert_ne!(section_of(&top), Some(120));

    // A click on a preview paragraph puts the cursor on its source line.
    let item = s
        .find("[data-testid=preview] .q-body li[data-line-offset]")
        .map(|_| ())
        .and_then(|_| {
            s.execute(
                "const li = [...document.querySelectorAll('[data-testid=preview] .q-body li')] \
                   .find(li => li.textContent.includes('Section 120 item two')); \
                 const pane = document.querySelector('.preview-scroll'); \
                 pane.scrollTop += li.getBoundingClientRect().top - pane.getBoundingClientRect().top - 200; \
                 li.dataset.testTarget = 'yes'; return true;",
                json!([]),
            )
            .as_bool()
        });
    assert_eq!(
        item,
        Some(true),
        "the list item of section 120 is in the preview"
    );
    let li = s.find("[data-test-target=yes]").unwrap();
    s.click(&li);
    s.wait_until("the cursor on the item's line", WAIT, |s| {
        (cursor_line(s) == "- Section 120 item two").then_some(())
    });

    // The outline lists every heading; a click jumps both panes to it, and the section
    // the cursor is in is the current one.
    if !visible(&s, "[data-testid=outline]") {
        let toggle = s.find("[data-testid=outline-toggle]").unwrap();
        s.click(&toggle);
    }
    s.wait_until("400 headings in the outline", WAIT, |s| {
        (s.find_all("[data-testid=outline-item]").len() == 400).then_some(())
    });
    let current = s.wait_until("section 120 current", WAIT, |s| {
        let current = s.execute(
            "const c = document.querySelector('[data-testid=outline-item][aria-current=true]'); \
             return c ? c.textContent : null;",
            json!([]),
        );
        current.as_str().map(String::from)
    });
    assert_eq!(current.trim(), "Section 120");
    s.execute(
        "const row = [...document.querySelectorAll('[data-testid=outline-item]')] \
           .find(r => r.textContent.trim() === 'Section 42'); \
         row.scrollIntoView(); row.dataset.testTarget = 'row';",
        json!([]),
    );
    let row = s.find("[data-test-target=row]").unwrap();
    s.click(&row);
    s.wait_until("the cursor on the heading", WAIT, |s| {
        (cursor_line(s) == "## Section 42").then_some(())
    });
    s.wait_until("the editor at section 42", WAIT, |s| {
        (section_of(&editor_top_line(s)) == Some(42)).then_some(())
    });
    s.wait_until("the preview at section 42", WAIT, |s| {
        (section_of(&preview_top_block(s)) == Some(42)).then_some(())
    });
    artifact("writing-outline.png", &screen_png());
    s.end();
}

/// A valid `width`×`height` PNG, red: drawn and decoded for real by the webview.
pub(crate) fn png(width: u32, height: u32) -> Vec<u8> {
    fn crc(bytes: &[u8]) -> u32 {
        let mut c = 0xffff_ffffu32;
        for &b in bytes {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    0xedb8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
        }
        !c
    }
    fn adler(bytes: &[u8]) -> u32 {
        let (mut a, mut b) = (1u32, 0u32);
        for &x in bytes {
            a = (a + u32::from(x)) % 65521;
            b = (b + a) % 65521;
        }
        (b << 16) | a
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc(&body).to_be_bytes());
    }
    // Each row: filter type 0, then RGB pixels.
    let row: Vec<u8> = std::iter::once(0)
        .chain((0..width).flat_map(|_| [200, 40, 40]))
        .collect();
    let raw = row.repeat(height as usize);
    // Stored (uncompressed) deflate blocks of at most 65,535 bytes.
    let mut z = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (i, block) in blocks.iter().enumerate() {
        z.push(u8::from(i + 1 == blocks.len()));
        let len = block.len() as u16;
        z.extend_from_slice(&len.to_le_bytes());
        z.extend_from_slice(&(!len).to_le_bytes());
        z.extend_from_slice(block);
    }
    z.extend_from_slice(&adler(&raw).to_be_bytes());
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &z);
    chunk(&mut out, b"IEND", &[]);
    out
}

/// Drops a file named `name` holding `bytes` (or `size` zero bytes after them) on the
/// editor, as a file dragged from the desktop arrives: a `drop` event whose
/// DataTransfer holds a File. WebDriver cannot drag a desktop file, so the event is
/// synthetic; everything after it (the ui's drop handler, the command, the copy, the
/// preview) is the real path.
fn drop_file(s: &Session, name: &str, bytes: &[u8], size: usize) {
    let numbers: Vec<Value> = bytes.iter().map(|&b| json!(b)).collect();
    s.execute(
        "const [name, head, size] = arguments; \
         const data = new Uint8Array(Math.max(size, head.length)); data.set(head); \
         const file = new File([data], name, {type: name.endsWith('.png') ? 'image/png' : ''}); \
         const dt = new DataTransfer(); dt.items.add(file); \
         const target = document.querySelector('[data-testid=editor] .cm-content'); \
         const r = target.getBoundingClientRect(); \
         target.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true, \
           clientX: r.left + 20, clientY: r.top + 10}));",
        json!([name, numbers, size]),
    );
}

fn notice(s: &Session) -> String {
    s.text_of("[data-testid=notice]")
}

/// The relative luminance (0 black .. 1 white) of an element's computed background,
/// looking up through transparent ancestors.
fn background_luminance(s: &Session, css: &str) -> f64 {
    s.execute(
        "let e = document.querySelector(arguments[0]); \
         while (e) { const c = getComputedStyle(e).backgroundColor; \
           const m = c.match(/[\\d.]+/g); \
           if (m && (m.length < 4 || Number(m[3]) > 0)) \
             return (0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2]) / 255; \
           e = e.parentElement; } \
         return 1;",
        json!([css]),
    )
    .as_f64()
    .unwrap()
}

#[test]
fn images_focus_theme_counts_shortcuts_and_spelling() {
    let _serial = serial();
    let app = TestApp::with_samples();
    let driver = Driver::start();
    let s = app.launch(&driver);
    open_post(&s, "field-notes-on-bread.md");

    // An image dropped into the editor is copied beside the post and shown.
    let image = png(64, 48);
    drop_file(&s, "Crumb Shot.png", &image, 0);
    s.wait_until("the image link in the text", WAIT, |s| {
        editor_text(s)
            .contains("![crumb shot](images/crumb-shot.png)")
            .then_some(())
    });
    assert_eq!(
        fs::read(app.folder.join("images/crumb-shot.png")).unwrap(),
        image
    );
    s.wait_until("the image drawn in the preview", WAIT, |s| {
        let w = s.execute(
            "const i = document.querySelector('[data-testid=preview] img[src*=\"crumb-shot.png\"]'); \
             return i && i.complete ? i.naturalWidth : 0;",
            json!([]),
        );
        (w.as_u64() == Some(64)).then_some(())
    });
    artifact("writing-image.png", &screen_png());

    // Over the limit (20 MB by default) or not an image by its bytes: refused, with a
    // message, and nothing written or inserted.
    let before = editor_text(&s);
    drop_file(&s, "huge.png", &image, 21 * 1024 * 1024);
    s.wait_until("the size refusal", WAIT, |s| {
        notice(s).contains("over the 20 MB limit").then_some(())
    });
    drop_file(
        &s,
        "fake.png",
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        0,
    );
    s.wait_until("the content refusal", WAIT, |s| {
        notice(s).contains("fake.png is not an image").then_some(())
    });
    assert_eq!(editor_text(&s), before);
    let mut images: Vec<String> = fs::read_dir(app.folder.join("images"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    images.sort();
    assert_eq!(images, ["crumb-shot.png"]);

    // Selection counts: select all, and the status bar counts the selection.
    let content = s.find("[data-testid=editor] .cm-content").unwrap();
    s.click(&content);
    s.type_into(&content, &format!("{CONTROL}a{CONTROL}"));
    let counted = s.wait_until("the selection's counts", WAIT, |s| {
        let t = s.text_of("[data-testid=selection-count]");
        t.contains("words").then_some(t)
    });
    assert!(counted.contains("characters"), "{counted}");

    // Focus mode dims all but the paragraph with the cursor.
    s.execute(
        &format!(
            "{VIEW} view.dispatch({{selection: {{anchor: view.state.doc.length}}}}); view.focus();"
        ),
        json!([]),
    );
    s.type_into(&content, F8);
    s.wait_until("lines dimmed", WAIT, |s| {
        (s.find_all("[data-testid=editor] .cm-dimmed").len() > 3).then_some(())
    });
    assert_eq!(
        s.execute(
            "return document.querySelector('[data-testid=focus-mode]').getAttribute('aria-pressed');",
            json!([])
        ),
        json!("true")
    );
    artifact("writing-focus.png", &screen_png());
    s.type_into(&content, F8);
    s.wait_until("nothing dimmed", WAIT, |s| {
        s.find_all("[data-testid=editor] .cm-dimmed")
            .is_empty()
            .then_some(())
    });

    // Typewriter scrolling keeps the cursor's line mid-height.
    let typewriter = s.find("[data-testid=typewriter]").unwrap();
    s.click(&typewriter);
    s.click(&content);
    s.execute(
        &format!(
            "{VIEW} view.dispatch({{selection: {{anchor: view.state.doc.length}}}}); view.focus();"
        ),
        json!([]),
    );
    s.type_into(&content, "x");
    s.wait_until("the cursor mid-height", WAIT, |s| {
        let at = s.execute(
            &format!(
                "{VIEW} const r = view.scrollDOM.getBoundingClientRect(); \
                 const c = view.coordsAtPos(view.state.selection.main.head); \
                 return c ? (c.top - r.top) / r.height : null;"
            ),
            json!([]),
        );
        at.as_f64().filter(|f| (0.3..0.7).contains(f))
    });
    s.click(&typewriter);

    // The theme switch: light, then dark; editor, sidebar and preview all follow.
    let toggle = s.find("[data-testid=theme-toggle]").unwrap();
    for _ in 0..3 {
        let theme = s.execute("return document.documentElement.dataset.theme;", json!([]));
        if theme == json!("light") {
            break;
        }
        s.click(&toggle);
    }
    std::thread::sleep(Duration::from_millis(300));
    let light = [
        background_luminance(&s, "[data-testid=editor] .cm-editor"),
        background_luminance(&s, "[data-testid=post-list]"),
        background_luminance(&s, "[data-testid=preview] .q-body"),
    ];
    assert!(
        light.iter().all(|&l| l > 0.8),
        "light backgrounds: {light:?}"
    );
    artifact("writing-light.png", &screen_png());
    s.click(&toggle);
    s.wait_until("dark", WAIT, |s| {
        (s.execute("return document.documentElement.dataset.theme;", json!([])) == json!("dark"))
            .then_some(())
    });
    std::thread::sleep(Duration::from_millis(300));
    let dark = [
        background_luminance(&s, "[data-testid=editor] .cm-editor"),
        background_luminance(&s, "[data-testid=post-list]"),
        background_luminance(&s, "[data-testid=preview] .q-body"),
    ];
    assert!(dark.iter().all(|&l| l < 0.25), "dark backgrounds: {dark:?}");
    let ink = s.execute(
        "return getComputedStyle(document.querySelector('[data-testid=preview] .q-body p')).color;",
        json!([]),
    );
    assert_ne!(
        ink,
        json!("rgb(26, 26, 26)"),
        "the preview's text turned light"
    );
    artifact("writing-dark.png", &screen_png());

    // F1: every shortcut, listed; Escape closes it.
    s.type_into(&content, F1);
    s.wait_until("the shortcuts panel", WAIT, |s| {
        visible(s, "[data-testid=shortcuts-help]").then_some(())
    });
    let help = s.text_of("[data-testid=shortcuts-help]");
    for shortcut in ["Ctrl+S", "Ctrl+B", "Ctrl+K", "F8", "F1"] {
        assert!(help.contains(shortcut), "{shortcut} in the panel: {help}");
    }
    artifact("writing-shortcuts.png", &screen_png());
    let body = s.find("body").unwrap();
    s.type_into(&body, ESCAPE);
    s.wait_until("the panel closed", WAIT, |s| {
        (!visible(s, "[data-testid=shortcuts-help]")).then_some(())
    });

    // Spell checking: on in the editor, off in code; the system's English dictionary is
    // offered in the settings and chosen by default.
    assert_eq!(
        s.execute(
            "return document.querySelector('[data-testid=editor] .cm-content').getAttribute('spellcheck');",
            json!([])
        ),
        json!("true")
    );
    let settings = s.find("[data-testid=settings-toggle]").unwrap();
    s.click(&settings);
    s.wait_until("en_US offered and chosen", WAIT, |s| {
        let checked = s.execute(
            "const box = [...document.querySelectorAll('[data-testid=spellcheck-languages] input[type=checkbox]')] \
               .find(b => b.value === 'en_US'); return box ? box.checked : null;",
            json!([]),
        );
        (checked == json!(true)).then_some(())
    });
    s.end();
}

#[test]
fn switching_the_content_folder_keeps_the_drafts_of_the_one_left() {
    let _serial = serial();
    let app = TestApp::with_samples();
    let other = app.folder.parent().unwrap().join("other-blog");
    fs::create_dir_all(&other).unwrap();
    fs::write(
        other.join("harbour-diary.md"),
        "---\ntitle: Harbour diary\n---\nThe boats came in late.\n",
    )
    .unwrap();
    let driver = Driver::start();
    let mut args = app.args();
    args.extend(["--pick-folder".to_string(), other.display().to_string()]);
    let s = app.start(&driver, &args);
    s.wait_for("[data-testid=post-item]", WAIT);
    open_post(&s, "field-notes-on-bread.md");
    quire_e2e::app::type_at_end(&s, " An unsaved line.");
    s.wait_until("the draft kept", WAIT, |s| {
        s.text_of("[data-testid=save-state]")
            .to_lowercase()
            .contains("draft")
            .then_some(())
    });

    let settings = s.find("[data-testid=settings-toggle]").unwrap();
    s.click(&settings);
    let choose = s.wait_for("[data-testid=choose-folder]", WAIT);
    s.click(&choose);
    // The switch ends with the window starting over, so the list can show the new
    // folder's posts (from the rescan's events) a moment before the reload: wait for the
    // restarted window's whole state, not its first sign.
    s.wait_until("the other folder, its posts and its name", WAIT, |s| {
        let shown = s
            .find("[data-testid=post-item][data-path='harbour-diary.md']")
            .is_some()
            && s.find("[data-path='field-notes-on-bread.md']").is_none()
            && s.text_of("[data-testid=folder]").contains("other-blog");
        shown.then_some(())
    });
    s.end();

    // The next start, with no folder given, opens the one switched to.
    let no_folder: Vec<String> = app
        .args()
        .chunks(2)
        .filter(|pair| pair[0] != "--folder")
        .flatten()
        .cloned()
        .collect();
    let s = app.start(&driver, &no_folder);
    s.wait_for(
        "[data-testid=post-item][data-path='harbour-diary.md']",
        WAIT,
    );
    s.end();

    // And the first folder still has its draft.
    let s = app.launch(&driver);
    open_post(&s, "field-notes-on-bread.md");
    s.wait_until("the draft back", WAIT, |s| {
        editor_text(s).contains("An unsaved line.").then_some(())
    });
    s.end();
}
