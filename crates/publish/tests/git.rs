//! A git target: a local bare repository as the remote (`file://`).

use std::path::Path;
use std::sync::atomic::AtomicBool;

use quire_publish::publish::prepare;
use quire_publish::target::{Kind, Target};

use crate::common::{files, git, has_git, post, Fixture, DRAFT_TITLE, DRAFT_WORDS};

fn bare(dir: &Path) -> String {
    let repo = dir.join("remote.git");
    git(
        dir,
        &["init", "--quiet", "--bare", repo.to_str().expect("utf-8")],
    );
    format!("file://{}", repo.display())
}

fn target(url: &str, domain: Option<&str>) -> Target {
    Target {
        name: "pages".into(),
        kind: Kind::Git {
            url: url.into(),
            branch: "gh-pages".into(),
            domain: domain.map(String::from),
            replace_history: false,
        },
        export: None,
    }
}

fn remote(blog: &Fixture) -> std::path::PathBuf {
    blog.dir.path().join("remote.git")
}

/// The files of the branch's tip.
fn tree(blog: &Fixture) -> Vec<String> {
    let listed = git(&remote(blog), &["ls-tree", "-r", "--name-only", "gh-pages"]);
    listed.lines().map(String::from).collect()
}

/// Someone else commits `files` on the branch and pushes: their commit's id.
fn push_as_someone_else(blog: &Fixture, url: &str, files: &[(&str, &str)]) -> String {
    let clone = blog.dir.path().join("clone");
    let _ = std::fs::remove_dir_all(&clone);
    let into = clone.to_str().expect("utf-8");
    git(
        blog.dir.path(),
        &["clone", "--quiet", "--branch", "gh-pages", url, into],
    );
    for (name, text) in files {
        std::fs::write(clone.join(name), text).expect("written");
    }
    git(&clone, &["add", "."]);
    git(&clone, &["commit", "--quiet", "-m", "Their change"]);
    git(&clone, &["push", "--quiet", "origin", "gh-pages"]);
    git(&clone, &["rev-parse", "HEAD"])
}

fn commits(blog: &Fixture) -> usize {
    git(&remote(blog), &["rev-list", "--count", "gh-pages"])
        .parse()
        .expect("a count")
}

#[test]
fn the_first_publish_makes_the_branch_and_publishing_again_changes_nothing() {
    let blog = Fixture::with_posts();
    let url = bare(blog.dir.path());
    let t = target(&url, Some("blog.example.org"));

    let plan = blog.plan(&t).expect("planned");
    assert!(
        plan.upload > 5 && plan.delete == 0 && plan.unchanged == 0,
        "{plan:?}"
    );
    let first = blog.publish(&t).expect("published");
    assert!(
        first.commit.is_some() && first.uploaded == plan.upload,
        "{first:?}"
    );
    assert!(
        first.line().contains("Readers open https://example.org/"),
        "{}",
        first.line()
    );
    assert_eq!(commits(&blog), 1);

    let tree = tree(&blog);
    for f in ["index.html", "field-notes/index.html", ".nojekyll", "CNAME"] {
        assert!(tree.contains(&f.to_string()), "{f} in {tree:?}");
    }
    assert_eq!(
        git(&remote(&blog), &["show", "gh-pages:CNAME"]),
        "blog.example.org"
    );
    // What readers get holds nothing of the draft.
    let grep = std::process::Command::new("git")
        .current_dir(remote(&blog))
        .args([
            "grep",
            "-i",
            "-e",
            DRAFT_TITLE,
            "-e",
            DRAFT_WORDS,
            "gh-pages",
        ])
        .output()
        .expect("git grep runs");
    assert!(
        grep.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&grep.stdout)
    );

    let again = blog.plan(&t).expect("planned");
    assert_eq!((again.upload, again.delete), (0, 0), "{again:?}");
    let second = blog.publish(&t).expect("published");
    assert!(second.commit.is_none(), "{second:?}");
    assert!(
        second.line().starts_with("Nothing changed"),
        "{}",
        second.line()
    );
    assert_eq!(commits(&blog), 1, "no commit when nothing changed");

    assert!(!has_git(&blog.content), "no .git in the content folder");
    let cache = quire_core::locations::publish_cache(&blog.library, "pages");
    assert!(!has_git(&cache.join("site")), "no .git in the export");
}

#[test]
fn one_edited_post_is_one_commit_of_its_page_and_the_pages_that_list_it() {
    let blog = Fixture::with_posts();
    let url = bare(blog.dir.path());
    let t = target(&url, None);
    blog.publish(&t).expect("published");

    blog.write(
        "bread.md",
        &post(
            "Bread",
            "2025-01-01",
            "Flour, water, salt, and a long night.",
        ),
    );
    let published = blog.publish(&t).expect("published");
    assert!(published.commit.is_some());
    assert_eq!(commits(&blog), 2);
    let changed = git(
        &remote(&blog),
        &["diff", "--name-only", "gh-pages~1", "gh-pages"],
    );
    let changed: Vec<&str> = changed.lines().collect();
    assert!(changed.contains(&"bread/index.html"), "{changed:?}");
    assert!(
        !changed.contains(&"field-notes/index.html"),
        "an untouched post's page is not sent: {changed:?}"
    );
    assert_eq!(published.uploaded as usize, changed.len());
}

#[test]
fn files_someone_else_pushed_stay_and_only_quires_are_deleted() {
    let blog = Fixture::with_posts();
    let url = bare(blog.dir.path());
    let t = target(&url, None);
    blog.publish(&t).expect("published");

    // Someone adds a file and a CNAME of their own on the branch.
    let theirs = push_as_someone_else(
        &blog,
        &url,
        &[
            ("keybase.txt", "proof\n"),
            ("CNAME", "theirs.example.org\n"),
        ],
    );

    // A post is unpublished: its page goes, their files stay.
    blog.write(
        "winter-light.md",
        "---\ntitle: Winter Light\nstatus: draft\n---\nNot yet.\n",
    );
    let published = blog.publish(&t).expect("published");
    assert!(published.deleted >= 1, "{published:?}");
    let tree = tree(&blog);
    assert!(tree.contains(&"keybase.txt".to_string()), "{tree:?}");
    assert!(
        !tree.iter().any(|f| f.starts_with("winter-light/")),
        "{tree:?}"
    );
    assert_eq!(
        git(&remote(&blog), &["show", "gh-pages:CNAME"]),
        "theirs.example.org"
    );
    let parent = git(&remote(&blog), &["rev-parse", "gh-pages~1"]);
    assert_eq!(parent, theirs, "built on their commit, never over it");
}

#[test]
fn a_branch_that_moves_between_plan_and_send_is_built_on_not_overwritten() {
    let blog = Fixture::with_posts();
    let url = bare(blog.dir.path());
    let t = target(&url, None);
    blog.publish(&t).expect("published");
    blog.write(
        "bread.md",
        &post("Bread", "2025-01-01", "A different loaf."),
    );
    let cancel = AtomicBool::new(false);
    let prepared = prepare(blog.job(&t), &cancel, &|_| {}).expect("prepared");

    push_as_someone_else(&blog, &url, &[("robots.txt", "User-agent: *\n")]);

    prepared
        .send(&cancel, &|_| {})
        .expect("sent on the new tip");
    let tree = tree(&blog);
    assert!(tree.contains(&"robots.txt".to_string()), "{tree:?}");
    let page = git(&remote(&blog), &["show", "gh-pages:bread/index.html"]);
    assert!(page.contains("A different loaf."));
    assert_eq!(commits(&blog), 3);
}

#[test]
fn an_unreachable_remote_says_so_and_records_nothing() {
    let blog = Fixture::with_posts();
    let missing = blog.dir.path().join("nowhere.git");
    let t = target(&format!("file://{}", missing.display()), None);
    let e = blog.publish(&t).expect_err("nothing to reach");
    assert_eq!(e.code(), "unreachable", "{e}");
    assert!(
        e.to_string().contains("pages"),
        "the message names the target: {e}"
    );
    let library = quire_core::library::Library::open(&blog.library).expect("opens");
    assert!(library.publish_manifest("pages").expect("read").is_empty());
    assert!(files(&blog.content).iter().all(|f| f.ends_with(".md")));
}

#[test]
fn the_library_knows_which_posts_are_online_and_which_changed_since() {
    let blog = Fixture::with_posts();
    let url = bare(blog.dir.path());
    let t = target(&url, None);
    blog.publish(&t).expect("published");
    blog.write(
        "bread.md",
        &post("Bread", "2025-01-01", "Edited after publishing."),
    );
    let rows = blog.scanned().posts().expect("listed");
    let row = |path: &str| {
        rows.iter()
            .find(|r| r.path == path)
            .expect("listed")
            .clone()
    };
    assert_eq!(row("field-notes.md").published_to, ["pages"]);
    assert_eq!(row("field-notes.md").published, Some(1_000));
    assert!(!row("field-notes.md").changed_since_publish);
    assert!(row("bread.md").changed_since_publish);
    assert!(
        row("orchard.md").published.is_none(),
        "the draft was not published"
    );
}

/// A publish whose push failed (the remote went away after the plan was staged) leaves
/// the edit staged in the cache: the next publish, whose export writes nothing new, still
/// sends it. And an edit made while the remote was away is sent too.
#[test]
fn a_publish_whose_push_failed_is_finished_by_the_next() {
    let blog = Fixture::with_posts();
    let url = bare(blog.dir.path());
    let t = target(&url, None);
    blog.publish(&t).expect("first publish");
    let away = blog.dir.path().join("away.git");

    blog.write(
        "bread.md",
        &post("Bread", "2025-01-01", "A crust like a drum."),
    );
    std::fs::rename(remote(&blog), &away).expect("moved away");
    let failed = blog.publish(&t).expect_err("the remote is away");
    assert_eq!(failed.code(), "unreachable", "{failed}");

    std::fs::rename(&away, remote(&blog)).expect("back");
    let again = blog.publish(&t).expect("published");
    assert!(again.commit.is_some(), "{again:?}");
    let page = git(&remote(&blog), &["show", "gh-pages:bread/index.html"]);
    assert!(page.contains("A crust like a drum."), "the edit is online");

    // Twice in a row with the remote away, an edit between: both edits arrive.
    std::fs::rename(remote(&blog), &away).expect("moved away");
    blog.write("bread.md", &post("Bread", "2025-01-01", "Second loaf."));
    blog.publish(&t).expect_err("away");
    blog.write(
        "field-notes.md",
        &post("Field Notes", "2025-03-01", "Hail on the hill."),
    );
    blog.publish(&t).expect_err("away");
    std::fs::rename(&away, remote(&blog)).expect("back");
    blog.publish(&t).expect("published");
    let bread = git(&remote(&blog), &["show", "gh-pages:bread/index.html"]);
    let notes = git(&remote(&blog), &["show", "gh-pages:field-notes/index.html"]);
    assert!(bread.contains("Second loaf."));
    assert!(notes.contains("Hail on the hill."));
    // The branch holds the export, file for file, byte for byte.
    let site = quire_core::locations::publish_cache(&blog.library, "pages").join("site");
    let mut exported = files(&site);
    exported.push(".nojekyll".into());
    exported.sort();
    assert_eq!(tree(&blog), exported);
    for f in files(&site) {
        let online = git(&remote(&blog), &["show", &format!("gh-pages:{f}")]);
        let local = std::fs::read_to_string(site.join(&f)).unwrap_or_default();
        assert_eq!(online.trim_end(), local.trim_end(), "{f}");
    }
}

/// The branch deleted on the remote (or the repository made anew) while nothing changed
/// here: the site is sent whole again, not "nothing changed".
#[test]
fn a_branch_deleted_on_the_remote_is_published_again() {
    let blog = Fixture::with_posts();
    let url = bare(blog.dir.path());
    let t = target(&url, None);
    blog.publish(&t).expect("first publish");
    git(&remote(&blog), &["branch", "-D", "gh-pages"]);
    let again = blog.publish(&t).expect("published");
    assert!(again.commit.is_some(), "{again:?}");
    assert!(tree(&blog).contains(&"bread/index.html".to_string()));

    // And a repository made anew.
    std::fs::remove_dir_all(remote(&blog)).expect("removed");
    bare(blog.dir.path());
    let anew = blog.publish(&t).expect("published");
    assert!(anew.commit.is_some(), "{anew:?}");
    assert!(tree(&blog).contains(&"index.html".to_string()));
}
