//! Images pasted or dropped into a post, copied into a real content folder.

use std::fs;

const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

use crate::common::{fixture, Fixture};

/// Every file under the folder, relative, sorted.
fn files(f: &Fixture) -> Vec<String> {
    let mut all = Vec::new();
    let mut stack = vec![f.folder.clone()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(&f.folder).unwrap();
                all.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    all.sort();
    all
}

#[test]
fn a_plain_post_gets_an_images_folder_beside_it_and_names_never_collide() {
    let f = fixture(&[("notes/trip.md", b"# Trip\n")]);
    let id = f.id("notes/trip.md");
    let first = f
        .blog
        .add_image(id, "Harbour at Dawn.png", PNG, 20)
        .unwrap();
    assert_eq!(first.path, "notes/images/harbour-at-dawn.png");
    assert_eq!(first.link, "images/harbour-at-dawn.png");
    assert_eq!(
        first.markdown,
        "![harbour at dawn](images/harbour-at-dawn.png)"
    );
    assert_eq!(fs::read(f.folder.join(&first.path)).unwrap(), PNG);

    // The same name with other bytes: a new name. The same bytes again: the same file.
    let mut other = PNG.to_vec();
    other.push(0);
    let second = f
        .blog
        .add_image(id, "Harbour at Dawn.png", &other, 20)
        .unwrap();
    assert_eq!(second.path, "notes/images/harbour-at-dawn-2.png");
    let again = f
        .blog
        .add_image(id, "harbour at dawn.PNG", PNG, 20)
        .unwrap();
    assert_eq!(again.path, first.path);

    // A name that tries to leave the folder, or is in another script, lands safely.
    let escape = f
        .blog
        .add_image(id, "../../../etc/passwd.png", &other, 20)
        .unwrap();
    assert_eq!(escape.path, "notes/images/passwd.png");
    let kyoto = f.blog.add_image(id, "京都の庭.webp", PNG, 20).unwrap();
    assert_eq!(kyoto.path, "notes/images/京都の庭.png");
    assert_eq!(
        files(&f),
        [
            "notes/images/harbour-at-dawn-2.png",
            "notes/images/harbour-at-dawn.png",
            "notes/images/passwd.png",
            "notes/images/京都の庭.png",
            "notes/trip.md",
        ]
    );
}

#[test]
fn a_page_bundle_keeps_its_images_in_its_own_folder() {
    let f = fixture(&[("kyoto/index.md", b"# Kyoto\n"), ("top.md", b"# Top\n")]);
    let bundle = f
        .blog
        .add_image(f.id("kyoto/index.md"), "garden.png", PNG, 20)
        .unwrap();
    assert_eq!(
        (bundle.path.as_str(), bundle.link.as_str()),
        ("kyoto/garden.png", "garden.png")
    );
    let top = f
        .blog
        .add_image(f.id("top.md"), "garden.png", PNG, 20)
        .unwrap();
    assert_eq!(
        (top.path.as_str(), top.link.as_str()),
        ("images/garden.png", "images/garden.png")
    );
}

#[test]
fn too_big_or_not_an_image_is_refused_and_nothing_is_written() {
    let f = fixture(&[("post.md", b"# Post\n")]);
    let id = f.id("post.md");
    let mut big = PNG.to_vec();
    big.resize(2 * 1024 * 1024 + 1, 0);
    let err = f.blog.add_image(id, "big.png", &big, 2).unwrap_err();
    assert_eq!(err.code(), "image_too_big");
    assert!(
        err.to_string()
            .contains("big.png is 2.0 MB, over the 2 MB limit"),
        "{err}"
    );
    for (name, bytes) in [
        ("evil.png", &b"<svg onload=alert(1)>"[..]),
        ("page.jpg", b"<html><script>alert(1)</script>"),
        ("empty.gif", b""),
    ] {
        let err = f.blog.add_image(id, name, bytes, 20).unwrap_err();
        assert_eq!(err.code(), "not_an_image", "{name}");
        assert!(err.to_string().starts_with(name), "{err}");
    }
    assert_eq!(files(&f), ["post.md"]);
}
