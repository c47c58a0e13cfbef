//! Publishing from the real window: a git target of `quire.toml` (a bare repository on
//! this machine, through the system's git), its plan, progress and summary; a second
//! publish that finds nothing changed; and the list's mark on a post changed since.

use std::fs;
use std::process::Command;

use quire_e2e::app::{
    artifact, open_post, screen_png, serial, type_at_end, visible, TestApp, WAIT,
};
use quire_e2e::driver::Driver;
use quire_e2e::session::Session;
use serde_json::json;

fn git(args: &[&str]) -> String {
    let out = Command::new("git").args(args).output().expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Clicks Publish and waits for the summary to start with `head`.
fn publish_and_wait(s: &Session, head: &str) {
    s.click(&s.find("[data-testid=publish]").unwrap());
    s.wait_until(&format!("the summary \"{head}…\""), WAIT, |s| {
        s.text_of("[data-testid=publish-summary]")
            .starts_with(head)
            .then_some(())
    });
}

fn hidden(s: &Session, testid: &str) -> bool {
    s.execute(
        "return document.querySelector(`[data-testid=${arguments[0]}]`).hidden;",
        json!([testid]),
    ) == json!(true)
}

#[test]
fn publish_to_a_git_branch_then_nothing_changed() {
    let _serial = serial();
    let app = TestApp::with_samples();
    // The target: a bare repository beside the content folder, as a file:// URL.
    let tmp = app.folder.parent().unwrap();
    let site = tmp.join("site.git");
    git(&["init", "--bare", "--quiet", &site.display().to_string()]);
    let settings = app.folder.join("quire.toml");
    let mut toml = fs::read_to_string(&settings).unwrap_or_default();
    if !toml.is_empty() && !toml.ends_with('\n') {
        toml.push('\n');
    }
    toml.push_str(&format!(
        "\n[publish.pages]\ngit = \"file://{}\"\n",
        site.display()
    ));
    fs::write(&settings, toml).unwrap();

    let driver = Driver::start();
    let s = app.launch(&driver);

    // The plan comes before anything is sent; the summary once it is.
    s.click(&s.find("[data-testid=publish]").unwrap());
    s.wait_until("the plan", WAIT, |s| {
        s.text_of("[data-testid=publish-plan]")
            .contains("to upload")
            .then_some(())
    });
    let plan = s.text_of("[data-testid=publish-plan]");
    assert!(
        plan.ends_with(&format!("— to gh-pages of file://{}", site.display())),
        "the plan names the branch and the repository: {plan}"
    );
    assert!(
        visible(&s, "[data-testid=publish-progress]"),
        "the progress shows while it runs"
    );
    artifact("publish-plan.png", &screen_png());
    s.wait_until("the summary", WAIT, |s| {
        s.text_of("[data-testid=publish-summary]")
            .starts_with("Published to pages")
            .then_some(())
    });
    let summary = s.text_of("[data-testid=publish-summary]");
    assert!(
        summary.contains("files sent") && summary.contains(" s"),
        "what was sent and how long: {summary}"
    );
    let bar = s.execute(
        "const p = document.querySelector('[data-testid=publish-progress]'); return [p.value, p.max, p.hidden];",
        json!([]),
    );
    assert_eq!(bar[0], bar[1], "the progress bar is full: {bar}");
    assert_eq!(bar[2], json!(false), "and shown: {bar}");
    assert!(
        hidden(&s, "publish-confirm"),
        "a first publish deletes nothing: no confirmation"
    );
    assert!(hidden(&s, "publish-chooser"), "one target: no chooser");
    assert_eq!(s.text_of("[data-testid=publish-cancel]"), "Close");
    artifact("publish-summary.png", &screen_png());

    let files = git(&[
        "--git-dir",
        &site.display().to_string(),
        "ls-tree",
        "-r",
        "--name-only",
        "gh-pages",
    ]);
    for page in ["index.html", "field-notes-on-bread/index.html", "atom.xml"] {
        assert!(
            files.lines().any(|f| f == page),
            "{page} is on gh-pages: {files}"
        );
    }
    assert!(
        !files.contains("shipping-small-tools"),
        "the draft is not published"
    );

    s.click(&s.find("[data-testid=publish-cancel]").unwrap());
    s.wait_until("the panel to close", WAIT, |s| {
        hidden(s, "publish-panel").then_some(())
    });

    // Again, with nothing changed: nothing is sent, and the summary says so.
    publish_and_wait(&s, "Nothing changed since the last publish to pages");
    artifact("publish-nothing-changed.png", &screen_png());
    let head = git(&[
        "--git-dir",
        &site.display().to_string(),
        "rev-list",
        "--count",
        "gh-pages",
    ]);
    assert_eq!(head.trim(), "1", "no second commit");
    s.click(&s.find("[data-testid=publish-cancel]").unwrap());

    // A published post edited and saved: its row says it changed since, and the filter finds it.
    assert!(
        s.find("[data-testid=changed-since-publish]").is_none(),
        "nothing changed yet"
    );
    open_post(&s, "welcome-to-quire.md");
    type_at_end(&s, " A line after publishing.");
    s.click(&s.find("[data-testid=save]").unwrap());
    s.wait_until("the changed mark", WAIT, |s| {
        s.find("[data-path='welcome-to-quire.md'] [data-testid=changed-since-publish]")
            .map(|_| ())
    });
    s.execute(
        "const e = document.querySelector('[data-testid=status-filter]'); \
         e.value = 'changed'; e.dispatchEvent(new Event('change', {bubbles: true}));",
        json!([]),
    );
    let shown = s.execute(
        "return [...document.querySelectorAll('[data-testid=post-item]')].map(e => e.dataset.path);",
        json!([]),
    );
    assert_eq!(shown, json!(["welcome-to-quire.md"]));
    artifact("publish-changed-filter.png", &screen_png());

    // Every published post gone from the folder, so most of the site: the plan waits for
    // the author's yes.
    for post in [
        "field-notes-on-bread.md",
        "朝の散歩.md",
        "welcome-to-quire.md",
    ] {
        fs::remove_file(app.folder.join(post)).unwrap();
    }
    fs::remove_dir_all(app.folder.join("hugo-notes")).unwrap();
    publish_and_wait(&s, "This publish would delete");
    assert!(visible(&s, "[data-testid=publish-confirm]"));
    let confirm = s.text_of("[data-testid=publish-confirm]");
    assert!(
        confirm.starts_with("Delete ") && confirm.ends_with(" files and publish"),
        "{confirm}"
    );
    artifact("publish-confirm.png", &screen_png());
    let before = git(&[
        "--git-dir",
        &site.display().to_string(),
        "rev-list",
        "--count",
        "gh-pages",
    ]);
    assert_eq!(before.trim(), "1", "nothing sent before the yes");
    s.click(&s.find("[data-testid=publish-confirm]").unwrap());
    s.wait_until("the summary after the yes", WAIT, |s| {
        s.text_of("[data-testid=publish-summary]")
            .starts_with("Published to pages")
            .then_some(())
    });
    let files = git(&[
        "--git-dir",
        &site.display().to_string(),
        "ls-tree",
        "-r",
        "--name-only",
        "gh-pages",
    ]);
    assert!(
        !files.contains("field-notes-on-bread/"),
        "the deleted post is gone from the site: {files}"
    );
    s.end();
}

/// With no target in `quire.toml`, the panel says how to add one.
#[test]
fn publish_without_a_target_explains_quire_toml() {
    let _serial = serial();
    let app = TestApp::with_samples();
    let settings = fs::read_to_string(app.folder.join("quire.toml")).unwrap_or_default();
    assert!(!settings.contains("[publish"), "the samples set no target");
    let driver = Driver::start();
    let s = app.launch(&driver);
    publish_and_wait(&s, "No publish target is set");
    assert!(
        visible(&s, "[data-testid=publish-help]"),
        "the example shows"
    );
    assert!(s
        .text_of("[data-testid=publish-help]")
        .contains("[publish.pages]"));
    artifact("publish-no-target.png", &screen_png());
    s.end();
}
