//! The preview's edit protocol: after any run of edits, the page the window builds from
//! the patches is the article a fresh render makes of the same text, block lines included.

use quire_core::article;
use quire_core::preview::{Preview, TextEdit};

use crate::window::{fresh_lines, links, site, utf16, Window};

/// A front matter that stays valid: edits go to the body, so every step renders.
pub const FRONT: &str = "---\ntitle: Preview test\nauthor: Ana\navatar: a.png\ntags: [x]\n---\n";

/// A body with a bit of everything: footnotes, lists, a table, code, an image, CJK, raw HTML.
pub const BODY: &str = "Intro with a footnote[^1] and **bold** text.\n\n\
## A heading\n\n\
- one\n- two\n  - nested\n\n\
| a | b |\n|---|---|\n| 1 | 2 |\n\n\
```rust\nfn main() { println!(\"<hi>\"); }\n```\n\n\
![a loaf](img/loaf.svg) then 朝の散歩 and 😀.\n\n\
> quoted\n> more\n\n\
<div>raw html</div>\n\n\
[^1]: The note.\n";

/// Fragments an author types, Markdown syntax among them.
pub const TYPED: &[&str] = &[
    "x",
    " ",
    "\n",
    "\n\n",
    "# ",
    "## Title\n",
    "- ",
    "1. ",
    "> ",
    "**",
    "`",
    "```\n",
    "|",
    "[^1]",
    "[^2]: more\n",
    "![i](p.png)",
    "😀",
    "朝",
    "<b>",
    "---\n",
    "    ",
    "word ",
];

/// One edit: where in the body (any number, taken modulo its length), how many bytes
/// after it to replace (at most 40), and what to type there.
#[derive(Debug, Clone)]
pub struct Edit {
    /// The place, modulo the body's length.
    pub at: u32,
    /// Bytes replaced after it.
    pub replace: u8,
    /// The text typed.
    pub insert: String,
}

/// For any body and edits: each patched page equals the fresh article, and each block's
/// line equals a fresh render's. Carriage returns are dropped, as the editor drops them.
pub fn holds(body: &str, edits: &[Edit]) {
    let mut text = format!("{FRONT}{}", body.replace('\r', ""));
    let mut preview = Preview::new();
    let mut window = Window::default();
    preview.set_text(text.clone(), 1);
    window.apply(preview.render(&site(), &links()).expect("the first render"));
    check(&window, &text, "the first render");
    for (step, edit) in edits.iter().enumerate() {
        let body_len = text.len() - FRONT.len();
        let mut a = FRONT.len() + edit.at as usize % (body_len + 1);
        while !text.is_char_boundary(a) {
            a -= 1;
        }
        let mut b = (a + edit.replace as usize % 41).min(text.len());
        while !text.is_char_boundary(b) {
            b -= 1;
        }
        let insert = edit.insert.replace('\r', "");
        let change = TextEdit {
            from: utf16(&text[..a]),
            to: utf16(&text[..b]),
            insert: insert.clone(),
        };
        text.replace_range(a..b, &insert);
        let version = step as u64 + 1;
        preview
            .edit(version, version + 1, &[change], utf16(&text))
            .unwrap_or_else(|e| panic!("edit {step}: {e}"));
        assert_eq!(preview.text(), text, "edit {step}: the preview's text");
        window.apply(preview.render(&site(), &links()).expect("a render"));
        check(&window, &text, &format!("edit {step}"));
    }
}

fn check(window: &Window, text: &str, when: &str) {
    let article = article::render(text, &site(), &links()).expect("the article");
    assert_eq!(
        window.page(),
        article.html,
        "{when}: the window's page differs from the article of:\n{text:?}"
    );
    assert_eq!(
        window.lines,
        fresh_lines(text),
        "{when}: the window's block lines differ for:\n{text:?}"
    );
    // The library's count (parsed with fewer extensions, for speed) is the article's.
    let body = quire_core::frontmatter::read(text)
        .expect("valid front matter")
        .1;
    assert_eq!(
        quire_core::markdown::count_words(body),
        article.words,
        "{when}: the library's word count differs from the article's for:\n{text:?}"
    );
}
