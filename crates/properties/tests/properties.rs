//! Every property of `quire_properties`, for a bounded number of random cases on stable
//! Rust: the same checks the fuzz targets run without bound on nightly.

use proptest::prelude::*;
use quire_properties::paths::Folder;
use quire_properties::preview::{Edit, BODY, TYPED};
use quire_properties::{endings, front_matter, markup, merge, paths, preview};

/// Lines front matter is made of, well and badly formed.
const FRONT_LINES: &[&str] = &[
    "title: A post",
    "title: \"Quoted: with colon\"",
    "title: 'single'",
    "tags: [a, b]",
    "tags:",
    "  - one",
    "  - two # a comment",
    "- stray",
    "date: 2024-05-17",
    "date = 2024-05-17",
    "status: draft",
    "draft: true",
    "summary: >",
    "  folded text",
    "# a comment",
    "[extra]",
    "title = \"TOML\"",
    "weird: [unclosed",
    "  indented: 1",
    "anchor: &a x",
    "ref: *a",
    "",
    "---",
    "+++",
    "朝: 散歩",
];

fn front_matter_text() -> impl Strategy<Value = String> {
    let lines = prop::collection::vec(prop::sample::select(FRONT_LINES), 0..10);
    prop_oneof![
        (
            prop::sample::select(&["---", "+++"][..]),
            lines,
            any::<bool>(),
            ".{0,40}"
        )
            .prop_map(|(fence, lines, crlf, body)| {
                let nl = if crlf { "\r\n" } else { "\n" };
                format!("{fence}{nl}{}{nl}{fence}{nl}{body}", lines.join(nl))
            }),
        ".{0,200}",
    ]
}

/// What shortcodes, Liquid tags and Zola calls are made of, broken and whole.
const MARKUP_PARTS: &[&str] = &[
    "{{<",
    "{{%",
    ">}}",
    "%}}",
    "{%",
    "%}",
    "{{",
    "}}",
    "/*",
    "*/",
    "/",
    " ",
    "\n",
    "\n\n",
    "figure",
    "highlight go",
    "ref",
    "youtube",
    "x",
    "end",
    "endhighlight",
    "raw",
    "endraw",
    "src=\"a.png\"",
    "caption=\"a \\\" b\"",
    "`raw`",
    "id=",
    "(",
    ")",
    "path=\"a.jpg\"",
    "](@/posts/a.md)",
    "[l](",
    "post_url 2020-01-02-b",
    "site.title",
    "| relative_url",
    "*em*",
    "```",
    "# ",
    "- ",
    "朝",
    "\u{e000}",
    "\u{e001}",
    "\u{e010}",
];

fn markup_text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(prop::sample::select(MARKUP_PARTS), 0..24).prop_map(|p| p.concat()),
        ".{0,120}",
    ]
}

fn lines_of(vocabulary: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(vocabulary), 0..12).prop_map(|l| l.concat())
}

/// What line endings are made of, with words between them.
const ENDING_PARTS: &[&str] = &["a", "b c", "\r", "\n", "\r\n", "\u{feff}", " ", "\r\r\n"];

const MERGE_LINES: &[&str] = &["a\n", "b\n", "c\n", "d\n", "\n", "x\n", "y", "a"];

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let insert = prop_oneof![
        3 => prop::sample::select(TYPED).prop_map(str::to_string),
        1 => ".{0,12}",
    ];
    prop::collection::vec(
        (any::<u32>(), any::<u8>(), insert).prop_map(|(at, replace, insert)| Edit {
            at,
            replace,
            insert,
        }),
        0..24,
    )
}

fn rel_path() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z./\\\\:~ ]{0,24}",
        prop::sample::select(
            &[
                "../secret.png",
                "out/secret.png",
                "/etc/passwd",
                "img/a.png",
                "img/../../secret.png",
                "./img/a.png",
                "C:\\Windows\\x.png",
                "img//a.png",
                "..",
                ".",
            ][..]
        )
        .prop_map(str::to_string),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn front_matter_reads_and_edits_only_what_it_edits(text in front_matter_text()) {
        front_matter::holds(&text);
    }

    #[test]
    fn line_endings_and_the_bom_survive_the_editor(
        original in lines_of(ENDING_PARTS),
        edited in lines_of(ENDING_PARTS),
    ) {
        endings::holds(&original, &edited);
    }

    #[test]
    fn a_merge_loses_no_line_of_either_side(
        base in lines_of(MERGE_LINES),
        mine in lines_of(MERGE_LINES),
        theirs in lines_of(MERGE_LINES),
    ) {
        merge::holds(&base, &mine, &theirs);
    }

    #[test]
    fn a_merge_of_two_edits_of_one_text_loses_nothing(
        base in lines_of(MERGE_LINES),
        mine_at in any::<usize>(),
        theirs_at in any::<usize>(),
    ) {
        // The common case: both sides edited one base, each in one place.
        let edit = |at: usize, line: &str| {
            let mut lines: Vec<&str> = base.split_inclusive('\n').collect();
            lines.insert(at % (lines.len() + 1), line);
            lines.concat()
        };
        merge::holds(&base, &edit(mine_at, "mine\n"), &edit(theirs_at, "theirs\n"));
    }

    #[test]
    fn markup_renders_anything_and_leaves_plain_text_alone(text in markup_text()) {
        markup::holds(&text);
    }

    #[test]
    fn nothing_a_post_names_leaves_its_folder(rel in rel_path()) {
        thread_local!(static FOLDER: Folder = Folder::new());
        FOLDER.with(|f| paths::holds(f, &rel));
    }
}

proptest! {
    // Each case renders the whole article twice per edit: fewer cases, still hundreds of
    // edits in all.
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn preview_patches_make_the_article_after_any_edits(
        body in prop_oneof![Just(BODY.to_string()), ".{0,80}"],
        edits in edits(),
    ) {
        preview::holds(&body, &edits);
    }
}
