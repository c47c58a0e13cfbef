//! Exporting one post: as a folder, and as one self-contained file.

use std::fs;

use crate::common::*;
use quire_core::folder::ContentFolder;
use quire_export::post::{export_post, Shape};

/// Exports `rel` of a copy of the sample folder; answers the page, the output folder and
/// the copy (kept alive for the test).
fn export_sample(
    rel: &str,
    shape: Shape,
) -> (std::path::PathBuf, tempfile::TempDir, tempfile::TempDir) {
    let content = tempfile::tempdir().unwrap();
    copy_sample(content.path());
    let out = tempfile::tempdir().unwrap();
    let folder = ContentFolder::open(content.path()).unwrap();
    let page = export_post(&folder, &site(), rel, out.path(), shape).unwrap();
    (page, out, content)
}

#[test]
fn a_post_exports_as_a_folder_with_its_images_and_stylesheet() {
    let (page, out, _content) = export_sample("field-notes-on-bread.md", Shape::Folder);
    assert_eq!(
        page,
        fs::canonicalize(out.path())
            .unwrap()
            .join("field-notes-on-bread/index.html")
    );
    let files = files(out.path());
    assert!(
        files.contains("field-notes-on-bread/assets/loaf.svg"),
        "{files:#?}"
    );
    assert!(files.contains("field-notes-on-bread/style.css"));
    check_links(out.path());
}

#[test]
fn a_single_file_carries_everything_and_shows_what_the_preview_shows() {
    let (page, out, content) = export_sample("welcome-to-quire.md", Shape::SingleFile);
    assert_eq!(files(out.path()).len(), 1, "one file only");
    let html = fs::read_to_string(&page).unwrap();
    assert!(html.contains("<style>"), "the stylesheet is inlined");
    assert!(html.contains(".hl-"), "with the code colours");
    assert!(html.contains("src=\"data:image"), "the avatar is embedded");
    assert!(
        !html.contains("src=\"assets/"),
        "no link to a file left behind"
    );
    assert!(!html.contains("rel=\"stylesheet\""));
    let text = fs::read_to_string(content.path().join("welcome-to-quire.md")).unwrap();
    let preview = quire_core::article::render(&text, &site(), &Default::default()).unwrap();
    assert!(html.contains(&format!("<h1 class=\"q-title\">{}</h1>", preview.title)));
    assert!(html.contains(&format!("{} min read", preview.minutes)));
    let body_start = preview.html.find("<div class=\"q-body\">").unwrap();
    let body_end = preview.html.find("<footer").unwrap();
    // The body is the preview's, except image addresses (the avatar is in the header).
    assert!(html.contains(&preview.html[body_start..body_end]));
}
