//! A folder target: a mounted or synced folder.

use quire_publish::target::{Kind, Target};

use crate::common::{files, post, Fixture, DRAFT_TITLE, DRAFT_WORDS};

fn target(blog: &Fixture) -> Target {
    Target {
        name: "nas".into(),
        kind: Kind::Folder {
            dir: blog.dir.path().join("nas"),
        },
        export: None,
    }
}

#[test]
fn the_folder_gets_the_site_and_only_what_changed_after() {
    let blog = Fixture::with_posts();
    let t = target(&blog);
    let nas = blog.dir.path().join("nas");
    std::fs::create_dir_all(&nas).expect("folder");
    std::fs::write(nas.join("stray.txt"), "mine\n").expect("written");

    let first = blog.publish(&t).expect("published");
    let cache = quire_core::locations::publish_cache(&blog.library, "nas").join("site");
    let mut expected = files(&cache);
    expected.push("stray.txt".into());
    expected.sort();
    assert_eq!(
        files(&nas),
        expected,
        "the folder holds the export and the stray file"
    );
    assert_eq!(first.uploaded as usize, expected.len() - 1);
    for f in files(&nas) {
        let text = String::from_utf8_lossy(&std::fs::read(nas.join(&f)).expect("read")).to_string();
        assert!(
            !text.contains(DRAFT_TITLE) && !text.contains(DRAFT_WORDS),
            "{f} holds the draft"
        );
    }

    // Changed and deleted by hand on the target: sent again.
    std::fs::remove_file(nas.join("bread/index.html")).expect("deleted");
    std::fs::write(nas.join("index.html"), "defaced").expect("written");
    let plan = blog.plan(&t).expect("planned");
    assert_eq!((plan.upload, plan.delete), (2, 0), "{plan:?}");
    blog.publish(&t).expect("published");
    assert_eq!(files(&nas), expected);
    assert_ne!(
        std::fs::read_to_string(nas.join("index.html")).expect("read"),
        "defaced"
    );

    // A deleted post's page goes; the stray file stays.
    std::fs::remove_file(blog.content.join("winter-light.md")).expect("deleted");
    blog.write("bread.md", &post("Bread", "2025-01-01", "Rye this time."));
    let published = blog.publish(&t).expect("published");
    assert!(published.deleted >= 1, "{published:?}");
    assert!(!nas.join("winter-light/index.html").exists());
    assert!(
        !nas.join("winter-light").exists(),
        "the emptied folder goes too"
    );
    assert!(nas.join("stray.txt").exists());
    assert!(std::fs::read_to_string(nas.join("bread/index.html"))
        .expect("read")
        .contains("Rye this time."));
}

#[test]
fn deleting_much_of_the_site_is_confirmed_first() {
    let blog = Fixture::with_posts();
    let t = target(&blog);
    for i in 0..40 {
        blog.write(
            &format!("p{i}.md"),
            &post(&format!("Post {i}"), "2025-04-01", "words"),
        );
    }
    blog.publish(&t).expect("published");
    for i in 0..40 {
        std::fs::remove_file(blog.content.join(format!("p{i}.md"))).expect("deleted");
    }
    let plan = blog.plan(&t).expect("planned");
    assert!(plan.delete >= 40 && plan.confirm, "{plan:?}");
    let small = Fixture::with_posts();
    let t = target(&small);
    small.publish(&t).expect("published");
    small.write("more.md", &post("More", "2025-04-01", "more"));
    let plan = small.plan(&t).expect("planned");
    assert!(!plan.confirm, "adding asks nothing: {plan:?}");
}

#[test]
fn a_folder_target_in_or_around_the_content_folder_is_refused() {
    let blog = Fixture::with_posts();
    for dir in [
        blog.content.join("public"),
        blog.content.clone(),
        blog.dir.path().to_path_buf(),
    ] {
        let t = Target {
            name: "bad".into(),
            kind: Kind::Folder { dir: dir.clone() },
            export: None,
        };
        let e = blog.publish(&t).expect_err("refused");
        assert_eq!(e.code(), "publish_target", "{}: {e}", dir.display());
    }
    assert!(
        files(&blog.content).iter().all(|f| f.ends_with(".md")),
        "nothing written there"
    );
}
