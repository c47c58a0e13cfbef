//! A post of a Hugo site in the real window: the preview shows its `figure` with the
//! image and its `youtube` as a card, never the shortcodes' braces, and nothing is
//! fetched from another site (no player, no thumbnail) while the author writes.

use std::fs;

use quire_e2e::app::{artifact, open_post, screen_png, serial, TestApp, WAIT};
use quire_e2e::driver::Driver;
use serde_json::json;

#[test]
fn a_hugo_post_shows_its_figure_and_video_card_and_fetches_nothing() {
    let _serial = serial();
    let app = TestApp::empty();
    // The site's configuration above the content folder makes it a Hugo site.
    fs::write(
        app.folder.parent().unwrap().join("hugo.toml"),
        "baseURL = 'https://example.org/'\n",
    )
    .unwrap();
    fs::create_dir_all(app.folder.join("posts")).unwrap();
    fs::write(
        app.folder.join("posts/boats.png"),
        crate::writing::png(320, 120),
    )
    .unwrap();
    fs::write(
        app.folder.join("posts/harbour.md"),
        "---\ntitle: The harbour at dawn\n---\nThe boats came in before six.\n\n\
         {{< figure src=\"boats.png\" caption=\"The *boats*, unloading\" >}}\n\n\
         {{< youtube id=\"w7Ft2ymGmfc\" title=\"Tide coming in\" >}}\n\n\
         {{% notice %}}Mind the *ropes*.{{% /notice %}}\n",
    )
    .unwrap();
    let driver = Driver::start();
    let s = app.launch(&driver);
    open_post(&s, "posts/harbour.md");
    s.wait_until("the figure's image loaded", WAIT, |s| {
        s.execute(
            "const i = document.querySelector('[data-testid=preview] .q-body figure img'); \
             return !!i && i.complete && i.naturalWidth === 320;",
            json!([]),
        )
        .as_bool()
        .filter(|&b| b)
    });
    let caption = s.text_of("[data-testid=preview] .q-body figcaption");
    assert_eq!(caption, "The boats, unloading");
    let card = s.text_of("[data-testid=preview] .q-body .embed.video");
    assert!(
        card.contains("Tide coming in") && card.contains("YouTube"),
        "{card}"
    );
    let body = s.text_of("[data-testid=preview] .q-body");
    assert!(!body.contains("{{"), "no shortcode shows as text: {body}");
    assert!(
        s.find("[data-testid=preview] .shortcode[data-shortcode=notice]")
            .is_some(),
        "the site's own shortcode is a box"
    );
    // Every resource the window loaded is its own: the app, the ipc and asset schemes.
    let foreign = s.execute(
        "return [...document.querySelectorAll('iframe, video, [src], [srcset]')]\
           .map(e => e.currentSrc || e.src || e.getAttribute('src') || '')\
           .concat(performance.getEntriesByType('resource').map(r => r.name))\
           .filter(u => /^(https?:)?\\/\\//.test(u) && !/^https?:\\/\\/(tauri|ipc|asset|quire-asset)\\.localhost\\//.test(u) && !/^http:\\/\\/127\\.0\\.0\\.1|^http:\\/\\/localhost/.test(u));",
        json!([]),
    );
    assert_eq!(foreign, json!([]), "requests that left the window");
    artifact("hugo-post.png", &screen_png());
    s.end();
}
