//! The live preview against the article it stands for: after any run of edits, the page
//! the window builds from the patches is byte for byte the article `render` makes of the
//! same text, with the real comrak and the real template.

use quire_core::article;
use quire_core::preview::{Preview, PreviewPatch, TextEdit};
use quire_properties::preview::{BODY, FRONT, TYPED};
use quire_properties::window::{fresh_lines, links, site, utf16, Window};

/// Types `insert` at byte `at` of `text` in both the text and the preview (which holds
/// version `version`, and then `version + 1`), and renders.
fn type_at(
    preview: &mut Preview,
    text: &mut String,
    at: usize,
    insert: &str,
    version: u64,
) -> PreviewPatch {
    let before = utf16(text);
    let edit = TextEdit {
        from: utf16(&text[..at]),
        to: utf16(&text[..at]),
        insert: insert.to_string(),
    };
    text.insert_str(at, insert);
    preview
        .edit(version, version + 1, &[edit], before + utf16(insert))
        .unwrap();
    preview.render(&site(), &links()).unwrap()
}

/// A preview of `text` as version 1, the window that shows it, and its outline.
fn shown(text: &str) -> (Preview, Window, Vec<quire_core::preview::Heading>) {
    let mut preview = Preview::new();
    let mut window = Window::default();
    preview.set_text(text.to_string(), 1);
    let first = preview.render(&site(), &links()).unwrap();
    let outline = first.outline.clone().unwrap();
    window.apply(first);
    (preview, window, outline)
}

/// Asserts that `window` and `outline` show what a fresh render of `text` does: the page,
/// the blocks with their line marks, their lines and the outline. Returns that render.
fn assert_shows_fresh(
    window: &Window,
    outline: &[quire_core::preview::Heading],
    text: &str,
    context: &str,
) -> PreviewPatch {
    let mut fresh = Preview::new();
    fresh.set_text(text.to_string(), 1);
    let whole = fresh.render(&site(), &links()).unwrap();
    assert_eq!(
        window.page(),
        article::render(text, &site(), &links()).unwrap().html,
        "{context}"
    );
    assert_eq!(window.blocks(), whole.inserted.as_slice(), "{context}");
    assert_eq!(window.lines, whole.lines, "{context}");
    assert_eq!(Some(outline), whole.outline.as_deref(), "{context}");
    whole
}

/// A seeded generator (an LCG, its high bits): a number below `n`, the same run every time.
fn dice(seed: u64) -> impl FnMut(usize) -> usize {
    let mut state = seed;
    move |n: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) % n as u64) as usize
    }
}

#[test]
fn patches_rebuild_the_exact_article_through_1000_edits() {
    let mut below = dice(0x0b5e_55ed_9a9e_2024);
    let mut text = format!("{FRONT}{BODY}");
    let mut preview = Preview::new();
    let mut window = Window::default();
    preview.set_text(text.clone(), 1);
    window.apply(preview.render(&site(), &links()).unwrap());
    assert_eq!(
        window.page(),
        article::render(&text, &site(), &links()).unwrap().html
    );

    let mut small_patches = 0;
    for step in 0..1000 {
        // Edit the body only: the front matter stays valid, so every step renders.
        let body_start = FRONT.len();
        let boundaries: Vec<usize> = (body_start..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let (mut a, mut b) = (
            boundaries[below(boundaries.len())],
            boundaries[below(boundaries.len())],
        );
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        if below(3) != 0 {
            b = a; // mostly typing, sometimes replacing a selection
        }
        if b - a > 40 {
            b = (a..=a + 40)
                .rev()
                .find(|&i| text.is_char_boundary(i))
                .unwrap();
        }
        let insert = TYPED[below(TYPED.len())];
        let edit = TextEdit {
            from: utf16(&text[..a]),
            to: utf16(&text[..b]),
            insert: insert.to_string(),
        };
        text.replace_range(a..b, insert);
        preview
            .edit(step as u64 + 1, step as u64 + 2, &[edit], utf16(&text))
            .unwrap_or_else(|e| panic!("step {step}: {e}"));
        assert_eq!(preview.text(), text, "step {step}");

        let patch = preview.render(&site(), &links()).unwrap();
        if patch.shell.is_none() && patch.inserted.len() <= 3 {
            small_patches += 1;
        }
        window.apply(patch);
        assert_eq!(
            window.page(),
            article::render(&text, &site(), &links()).unwrap().html,
            "step {step}: the window's page differs from the article of:\n{text}"
        );
        assert_eq!(
            window.lines,
            fresh_lines(&text),
            "step {step}: the window's block lines differ for:\n{text}"
        );
    }
    // The point of patches: most keystrokes send a few blocks, not the article.
    assert!(small_patches > 700, "only {small_patches} small patches");
}

#[test]
fn a_keystroke_in_a_long_post_sends_one_block() {
    let paragraph = "Some words in a paragraph of a long post. ".repeat(20);
    let mut text = format!("{FRONT}{}", format!("{paragraph}\n\n").repeat(500));
    let mut preview = Preview::new();
    preview.set_text(text.clone(), 1);
    let first = preview.render(&site(), &links()).unwrap();
    assert!(first.shell.is_some());
    assert_eq!(
        (first.start, first.removed, first.inserted.len()),
        (0, 0, 500)
    );

    // Type into the middle of paragraph 250.
    let at = FRONT.len() + 250 * (paragraph.len() + 2) + 5;
    let patch = type_at(&mut preview, &mut text, at, "x", 1);
    assert_eq!(patch.shell, None);
    assert_eq!((patch.start, patch.removed), (250, 1));
    assert_eq!(patch.inserted.len(), 1);
    assert!(patch.inserted[0].starts_with("<p data-line-offset=\"0\">Some xwords"));
}

#[test]
fn blocks_know_their_editor_lines_and_a_new_line_moves_the_rest_without_resending_them() {
    // Line 1-4: front matter; 5: blank; the body's blocks below.
    let front = "---\ntitle: Lines\ntags: [x]\n---\n";
    let mut text = format!(
        "{front}\nFirst paragraph.\n\n## Second\n\n- one\n- two\n\n  the second paragraph\n\n```rust\nfn x() {{}}\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    );
    let mut preview = Preview::new();
    preview.set_text(text.clone(), 1);
    let first = preview.render(&site(), &links()).unwrap();
    assert_eq!(first.lines, [6, 8, 10, 15, 19]);
    let list = &first.inserted[2];
    // Inside a block, each block element's line is an offset from the block's first.
    assert!(list.starts_with("<ul data-line-offset=\"0\">"), "{list}");
    assert!(list.contains("<li data-line-offset=\"1\">"), "{list}");
    assert!(
        list.contains("<p data-line-offset=\"3\">the second"),
        "{list}"
    );
    assert!(
        first.inserted[4].contains("<tr data-line-offset=\"2\">"),
        "{}",
        first.inserted[4]
    );
    // Inline elements carry no positions: they only add weight.
    assert!(!first.inserted.concat().contains("data-sourcepos"));
    let outline = first.outline.unwrap();
    assert_eq!(
        outline
            .iter()
            .map(|h| (h.level, h.text.as_str(), h.line))
            .collect::<Vec<_>>(),
        [(2, "Second", 8)]
    );

    // Enter at the end of the first paragraph: a blank line more, no block changes; the
    // four after it move down a line and are not sent again.
    let at = text.find("First paragraph.").unwrap() + "First paragraph.".len();
    let patch = type_at(&mut preview, &mut text, at, "\n", 1);
    assert_eq!(
        (patch.start, patch.removed, patch.inserted.len()),
        (1, 0, 0)
    );
    assert_eq!((patch.lines.as_slice(), patch.shift), (&[][..], 1));
    // The heading moved: the outline is sent again, with its new line.
    assert_eq!(patch.outline.unwrap()[0].line, 9);
    assert_eq!(fresh_lines(&text), [6, 9, 11, 16, 20]);

    // A keystroke that moves no heading sends no outline.
    let at = text.find("one").unwrap();
    let patch = type_at(&mut preview, &mut text, at, "x", 2);
    assert_eq!(patch.outline, None);
    assert_eq!((patch.start, patch.removed, patch.shift), (2, 1, 0));

    // A longer front matter moves every block: nothing but the shift is sent.
    text.insert_str(4, "author: Ana\n");
    let mut whole = Preview::new();
    whole.set_text(text.clone(), 9);
    assert_eq!(
        whole.render(&site(), &links()).unwrap().lines,
        [7, 10, 12, 17, 21]
    );
}

#[test]
fn the_outline_lists_every_heading_with_its_line() {
    let text = "---\ntitle: T\n---\n# Lifted title\n\nText\n\n## One `code`\n\n> ### Quoted *three*\n\nSetext two\n---\n";
    let mut preview = Preview::new();
    preview.set_text(text.to_string(), 1);
    let outline = preview.render(&site(), &links()).unwrap().outline.unwrap();
    let got: Vec<(u8, &str, u32)> = outline
        .iter()
        .map(|h| (h.level, h.text.as_str(), h.line))
        .collect();
    assert_eq!(
        got,
        [
            (1, "Lifted title", 4),
            (2, "One code", 8),
            (3, "Quoted three", 10),
            (2, "Setext two", 12)
        ]
    );
}

#[test]
fn a_bad_front_matter_keeps_the_last_article() {
    let mut preview = Preview::new();
    preview.set_text(format!("{FRONT}Body\n"), 1);
    preview.render(&site(), &links()).unwrap();
    let len = utf16(FRONT) + 5;
    // Break the front matter: an unclosed list.
    let at = utf16("---\ntitle: Preview test\nauthor: Ana\navatar: a.png\ntags: [x");
    preview
        .edit(
            1,
            2,
            &[TextEdit {
                from: at,
                to: at + 1,
                insert: String::new(),
            }],
            len - 1,
        )
        .unwrap();
    let err = preview.render(&site(), &links()).unwrap_err();
    assert_eq!(err.code(), "front_matter");
    // The edit was applied all the same: the next one builds on it.
    // Fixed again: only what changed since the last good render is sent (nothing).
    preview
        .edit(
            2,
            3,
            &[TextEdit {
                from: at,
                to: at,
                insert: "]".into(),
            }],
            len,
        )
        .unwrap();
    let patch = preview.render(&site(), &links()).unwrap();
    assert_eq!((patch.from, patch.version), (1, 3));
    assert_eq!(
        (patch.shell, patch.removed, patch.inserted.len()),
        (None, 0, 0)
    );
}

#[test]
fn a_footnote_defined_mid_post_keeps_the_block_lines_in_order() {
    let mut text =
        "Intro with a note.[^n]\n\n[^n]: Defined early.\n\nSecond paragraph.\n\nThird.\n"
            .to_string();
    let mut preview = Preview::new();
    preview.set_text(text.clone(), 1);
    let first = preview.render(&site(), &links()).unwrap();
    // Intro 1, second 5, third 7; the footnotes come last, never above the block before.
    assert_eq!(first.lines, [1, 5, 7, 7]);
    assert!(first.lines.windows(2).all(|w| w[0] <= w[1]));
    // An Enter at the top moves every block, and sends none of them again.
    let patch = type_at(&mut preview, &mut text, 0, "\n", 1);
    assert_eq!(
        (patch.removed, patch.inserted.len(), patch.shift),
        (0, 0, 1)
    );
}

#[test]
fn a_new_text_always_gets_its_outline_even_an_empty_one() {
    let mut preview = Preview::new();
    preview.set_text("## A heading\n".to_string(), 1);
    assert_eq!(
        preview
            .render(&site(), &links())
            .unwrap()
            .outline
            .unwrap()
            .len(),
        1
    );
    preview.set_text("No headings here.\n".to_string(), 2);
    assert_eq!(
        preview.render(&site(), &links()).unwrap().outline,
        Some(vec![])
    );
}

/// A realistic long post (headings, nested lists, tables, code, footnotes, images, quotes,
/// CJK) typed into all over: every patch still makes the fresh article, outline and counts
/// included, and most keystrokes render only the blocks around them.
#[test]
fn a_realistic_post_typed_into_anywhere_renders_as_a_whole_render_would() {
    let mut below = dice(0x5eed_0f11);
    let post = quire_corpus::realistic::post(2_500);
    let body = &post[post.find("\n---\n").unwrap() + 5..];
    let mut text = format!("{FRONT}{body}");
    let (mut preview, mut window, mut outline) = shown(&text);
    let steps = 400;
    for step in 0..steps {
        let mut at = FRONT.len() + below(text.len() - FRONT.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        // Mostly typing, sometimes Markdown, sometimes a deleted run.
        let (insert, to) = match below(10) {
            0..=5 => (["x", " ", "word ", "e"][below(4)], at),
            6 | 7 => (TYPED[below(TYPED.len())], at),
            _ => {
                let mut to = (at + below(30)).min(text.len());
                while !text.is_char_boundary(to) {
                    to -= 1;
                }
                ("", to)
            }
        };
        let edit = TextEdit {
            from: utf16(&text[..at]),
            to: utf16(&text[..to]),
            insert: insert.to_string(),
        };
        let before = text.clone();
        text.replace_range(at..to, insert);
        preview
            .edit(step + 1, step + 2, &[edit], utf16(&text))
            .unwrap();
        let patch = preview.render(&site(), &links()).unwrap();
        let (words, chars, minutes) = (patch.words, patch.chars, patch.minutes);
        if let Some(o) = &patch.outline {
            outline = o.clone();
        }
        window.apply(patch);
        let context = format!("step {step}: {insert:?} at {at}..{to} of:\n{before}");
        let whole = assert_shows_fresh(&window, &outline, &text, &context);
        assert_eq!(
            (words, chars, minutes),
            (whole.words, whole.chars, whole.minutes),
            "{context}"
        );
    }
    // Headings, footnote definitions and Markdown that reaches past a block render whole;
    // the rest, most of the keystrokes, only the blocks around them.
    let partial = preview.partial_renders();
    eprintln!("{partial} of {steps} keystrokes rendered only their blocks");
    assert!(
        partial > steps / 2,
        "{partial} of {steps} keystrokes rendered only their blocks"
    );
}

/// Edits the window path once got wrong (a review of #11), each typed into its post and
/// checked against a fresh render: the page, the blocks with their line marks, the
/// lines, the outline.
#[test]
fn edits_near_notes_definitions_and_quoted_headings_render_as_a_whole_render_would() {
    let cases: &[(&str, &[(&str, &str)])] = &[
        // Four spaces make the paragraph after a note part of the note.
        (
            "Intro[^1].\n\n[^1]: The note.\n\nPara C\n\nOutro\n",
            &[("Para C", "    ")],
        ),
        // A definition inside a quote serves every block.
        (
            "Intro.\n\nSee [the docs][d].\n\nOutro.\n\n> [d]: https://x.example\n",
            &[("the docs", "x")],
        ),
        // A new footnote definition in a list item.
        (
            "Intro.\n\nA note[^2] here.\n\nMiddle.\n\nOutro.\n",
            &[("Middle.", "- [^2]: new\n\n")],
        ),
        // Enter at the end of a post with notes above: the notes block moves.
        (
            "Intro[^1].\n\n[^1]: A note.\n\nMiddle\n\nClosing paragraph\n",
            &[("Closing", "\n"), ("Middle", "\n\n")],
        ),
        // A heading on a later line of the block before the edit stays where it is.
        (
            "First.\n\n> intro\n> ## Quoted\n\nPara B\n\nOutro.\n",
            &[("Para B", "\n")],
        ),
    ];
    for (body, edits) in cases {
        let mut text = format!("{FRONT}{body}");
        let (mut preview, mut window, mut outline) = shown(&text);
        for (k, (before, insert)) in edits.iter().enumerate() {
            let at = text.find(before).unwrap() + before.len() / 2;
            let at = (at..).find(|&i| text.is_char_boundary(i)).unwrap();
            let patch = type_at(&mut preview, &mut text, at, insert, k as u64 + 1);
            if let Some(o) = &patch.outline {
                outline = o.clone();
            }
            window.apply(patch);
            assert_shows_fresh(&window, &outline, &text, &text);
        }
    }
}
