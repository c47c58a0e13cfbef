//! Moving a blog in from the window: Import → WordPress takes the export (given by
//! `--import-from`, as a test cannot drive the native dialog), the panel sums it up with
//! the images left on the old site, and the posts come into the list.

use std::fs;

use quire_e2e::app::{artifact, repo, screen_png, serial, TestApp, WAIT};
use quire_e2e::driver::Driver;

#[test]
fn a_wordpress_export_comes_in_from_the_window() {
    let _serial = serial();
    let app = TestApp::empty();
    fs::write(
        app.folder.join("mine.md"),
        "---\ntitle: Mine\n---\nAlready here.\n",
    )
    .unwrap();
    let export = repo().join("crates/import/tests/fixtures/wordpress.xml");
    let mut args = app.args();
    args.extend(["--import-from".to_string(), export.display().to_string()]);
    let driver = Driver::start();
    let s = app.start(&driver, &args);
    s.wait_for("[data-testid=post-item]", WAIT);
    s.click(&s.find("[data-testid=import]").expect("the Import button"));
    s.wait_for("[data-testid=import-panel]:not([hidden])", WAIT);
    s.click(&s.find("[data-testid=import-wordpress]").unwrap());
    let summary = s.wait_until("the import's summary", WAIT, |s| {
        let text = s.text_of("[data-testid=import-summary]");
        text.starts_with("Imported").then_some(text)
    });
    assert!(
        summary.contains("7 posts (1 draft) from WordPress"),
        "{summary}"
    );
    let images = s.find_all("[data-testid=import-images] li");
    assert_eq!(images.len(), 3, "the remote images are listed");
    // The posts reach the list through the folder's watcher.
    s.wait_for("[data-path='heron-at-the-weir.md']", WAIT);
    artifact("import.png", &screen_png());
    // Importing again brings nothing twice.
    s.click(&s.find("[data-testid=import-wordpress]").unwrap());
    s.wait_until("the second import's summary", WAIT, |s| {
        s.text_of("[data-testid=import-summary]")
            .contains("7 posts were already here")
            .then_some(())
    });
    s.end();
    let posts = fs::read_dir(&app.folder).unwrap().count();
    assert_eq!(posts, 1 + 6 + 1, "mine, six posts and the pages folder");
}
