//! A save changes only what the author changed: a file's line endings, BOM and last
//! newline survive open → edit → save, a merge, a restore and the metadata form, on real
//! files in a temp folder.

use std::fs;

use crate::common::fixture;
use quire_core::frontmatter::edit::FieldEdit;
use quire_core::library::RevisionSource;

/// Every style a shared folder holds: Unix, Windows, Windows with a BOM, a file that mixes
/// them (mostly CRLF), classic Mac, and files without a last newline.
const STYLES: &[(&str, &str)] = &[
    (
        "lf",
        "---\ntitle: Post\n---\nFirst line.\nSecond line.\nThird line.\n",
    ),
    (
        "crlf",
        "---\r\ntitle: Post\r\n---\r\nFirst line.\r\nSecond line.\r\nThird line.\r\n",
    ),
    (
        "bom-crlf",
        "\u{feff}---\r\ntitle: Post\r\n---\r\nFirst line.\r\nSecond line.\r\nThird line.\r\n",
    ),
    (
        "bom-lf",
        "\u{feff}---\ntitle: Post\n---\nFirst line.\nSecond line.\nThird line.\n",
    ),
    (
        "mixed",
        "---\r\ntitle: Post\r\n---\nFirst line.\r\nSecond line.\nThird line.\r\n",
    ),
    (
        "cr",
        "---\rtitle: Post\r---\rFirst line.\rSecond line.\rThird line.\r",
    ),
    (
        "crlf-no-last-newline",
        "---\r\ntitle: Post\r\n---\r\nFirst line.\r\nSecond line.\r\nThird line.",
    ),
    (
        "lf-no-last-newline",
        "---\ntitle: Post\n---\nFirst line.\nSecond line.\nThird line.",
    ),
];

/// The bytes a byte-faithful save must write: `raw` with `edit` applied where the editor
/// applied it, nothing else touched.
fn edited(raw: &str) -> String {
    raw.replacen("Second line.", "Second line, edited.", 1)
}

#[test]
fn open_edit_save_changes_only_the_edited_bytes_in_every_style() {
    for (name, raw) in STYLES {
        let rel = format!("{name}.md");
        let f = fixture(&[(&rel, raw.as_bytes())]);
        let id = f.id(&rel);
        let opened = f.blog.open_post(id).unwrap();
        assert!(
            !opened.text.contains('\r') && !opened.text.starts_with('\u{feff}'),
            "{name}: the editor gets LF and no BOM: {:?}",
            opened.text
        );
        let text = opened.text.replace("Second line.", "Second line, edited.");
        f.blog.save(id, &text, opened.base.as_deref(), 2).unwrap();
        let written = fs::read(f.folder.join(&rel)).unwrap();
        assert_eq!(
            String::from_utf8(written).unwrap(),
            edited(raw),
            "{name}: only the edit differs"
        );
        // The library knows the written bytes as its own: no conflict, nothing to merge.
        let again = f.blog.open_post(id).unwrap();
        assert!(!again.from_draft && !again.conflict, "{name}");
        assert_eq!(again.text, text, "{name}");
    }
}

#[test]
fn new_lines_take_the_files_dominant_ending() {
    let raw = "---\r\ntitle: Post\r\n---\nOne.\r\nTwo.\r\n";
    let f = fixture(&[("p.md", raw.as_bytes())]);
    let id = f.id("p.md");
    let opened = f.blog.open_post(id).unwrap();
    let text = opened
        .text
        .replace("One.\n", "One.\nInserted.\n\nAnd more.\n");
    f.blog.save(id, &text, opened.base.as_deref(), 2).unwrap();
    assert_eq!(
        f.read("p.md"),
        "---\r\ntitle: Post\r\n---\nOne.\r\nInserted.\r\n\r\nAnd more.\r\nTwo.\r\n",
        "kept lines keep theirs (the LF after ---), new ones get CRLF"
    );
}

#[test]
fn a_merge_keeps_the_files_endings() {
    let raw = "\u{feff}---\r\ntitle: Post\r\n---\r\nOne.\r\n\r\nTwo.\r\n";
    let f = fixture(&[("p.md", raw.as_bytes())]);
    let id = f.id("p.md");
    let opened = f.blog.open_post(id).unwrap();
    let mine = opened.text.replace("One.", "One, mine.");
    f.blog
        .save_draft(id, &mine, opened.base.as_deref(), 2)
        .unwrap();
    // Another Windows tool edits the other paragraph.
    let theirs = raw.replace("Two.", "Two, theirs.");
    fs::write(f.folder.join("p.md"), &theirs).unwrap();
    f.blog.reconcile(&["p.md".to_string()], 3).unwrap();

    let view = f
        .blog
        .merge_view(id, &mine, opened.base.as_deref(), 4)
        .unwrap();
    assert!(
        !view.theirs.contains('\r'),
        "merged as the editor holds text"
    );
    let merged = view.clean.expect("different paragraphs merge cleanly");
    f.blog
        .save_as(
            id,
            &merged,
            Some(&view.theirs_hash),
            RevisionSource::Merge,
            5,
        )
        .unwrap();
    assert_eq!(
        f.read("p.md"),
        "\u{feff}---\r\ntitle: Post\r\n---\r\nOne, mine.\r\n\r\nTwo, theirs.\r\n"
    );
}

#[test]
fn a_restored_revision_saves_in_the_files_style() {
    let raw = "---\r\ntitle: Post\r\n---\r\nOld words.\r\n";
    let f = fixture(&[("p.md", raw.as_bytes())]);
    let id = f.id("p.md");
    let opened = f.blog.open_post(id).unwrap();
    let newer = opened.text.replace("Old words.", "New words.");
    let saved = f.blog.save(id, &newer, opened.base.as_deref(), 2).unwrap();
    let first = f
        .blog
        .history(id)
        .unwrap()
        .into_iter()
        .min_by_key(|r| r.id)
        .unwrap();
    let restored = f.blog.restore_revision(id, first.id, 3).unwrap();
    assert_eq!(restored, "---\ntitle: Post\n---\nOld words.\n");
    f.blog
        .save(id, &restored, saved.disk_hash.as_deref(), 4)
        .unwrap();
    assert_eq!(f.read("p.md"), raw, "back to the very bytes it had");
}

#[test]
fn a_post_written_back_after_a_merge_view_keeps_crlf() {
    let raw = "---\r\ntitle: Post\r\n---\r\nOld words.\r\n";
    let f = fixture(&[("p.md", raw.as_bytes())]);
    let id = f.id("p.md");
    let opened = f.blog.open_post(id).unwrap();
    let mine = opened.text.replace("Old words.", "My words.");
    f.blog
        .save_draft(id, &mine, opened.base.as_deref(), 2)
        .unwrap();
    // The file changes under the draft; the merge view keeps the draft as a revision, in
    // the editor's endings.
    let file = f.folder.join("p.md");
    fs::write(&file, "---\r\ntitle: Post\r\n---\r\nTheir words.\r\n").unwrap();
    f.blog
        .merge_view(id, &mine, opened.base.as_deref(), 3)
        .unwrap();
    // Then the file goes, and the author writes the post back from the draft.
    fs::remove_file(&file).unwrap();
    f.blog.restore_to_disk(id, 4).unwrap();
    assert_eq!(
        f.read("p.md"),
        "---\r\ntitle: Post\r\n---\r\nMy words.\r\n",
        "the file's endings, not the editor's"
    );
}

#[test]
fn the_metadata_form_and_a_save_keep_crlf_and_the_bom() {
    let raw = "\u{feff}---\r\ntitle: Post\r\ntags: [a]\r\n---\r\nBody.\r\n";
    let f = fixture(&[("p.md", raw.as_bytes())]);
    let id = f.id("p.md");
    let opened = f.blog.open_post(id).unwrap();
    // The form edits the editor's text; the save gives it the file's style.
    let text = quire_core::frontmatter::edit::set_fields(
        &opened.text,
        &[FieldEdit::text("title", "Post, renamed")],
    )
    .unwrap();
    f.blog.save(id, &text, opened.base.as_deref(), 2).unwrap();
    assert_eq!(
        f.read("p.md"),
        "\u{feff}---\r\ntitle: Post, renamed\r\ntags: [a]\r\n---\r\nBody.\r\n"
    );
}

#[test]
fn a_draft_the_disk_caught_up_with_is_no_conflict_in_crlf() {
    let raw = "---\r\ntitle: Post\r\n---\r\nOne.\r\n";
    let f = fixture(&[("p.md", raw.as_bytes())]);
    let id = f.id("p.md");
    let opened = f.blog.open_post(id).unwrap();
    let mine = opened.text.replace("One.", "One, edited.");
    f.blog
        .save_draft(id, &mine, opened.base.as_deref(), 2)
        .unwrap();
    // Another tool writes the same words, in the file's CRLF.
    fs::write(f.folder.join("p.md"), mine.replace('\n', "\r\n")).unwrap();
    f.blog.reconcile(&["p.md".to_string()], 3).unwrap();
    let again = f.blog.open_post(id).unwrap();
    assert!(!again.from_draft && !again.conflict);
}
