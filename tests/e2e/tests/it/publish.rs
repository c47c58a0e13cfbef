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

/// The files of the gh-pages branch of the bare repository `site`, a line each.
fn branch_files(site: &std::path::Path) -> String {
    let dir = site.display().to_string();
    git(&[
        "--git-dir",
        &dir,
        "ls-tree",
        "-r",
        "--name-only",
        "gh-pages",
    ])
}

/// How many commits the gh-pages branch of `site` has.
fn commits(site: &std::path::Path) -> String {
    let dir = site.display().to_string();
    git(&["--git-dir", &dir, "rev-list", "--count", "gh-pages"])
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

    let files = branch_files(&site);
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
    let head = commits(&site);
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
    let before = commits(&site);
    assert_eq!(before.trim(), "1", "nothing sent before the yes");
    s.click(&s.find("[data-testid=publish-confirm]").unwrap());
    s.wait_until("the summary after the yes", WAIT, |s| {
        s.text_of("[data-testid=publish-summary]")
            .starts_with("Published to pages")
            .then_some(())
    });
    let files = branch_files(&site);
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

/// Scrolls the settings panel to the end of its Publish section, for a screenshot of it;
/// the screenshot is the display's pixels, so the window is given time to paint.
fn show_publish_section(s: &Session) {
    s.execute(
        "document.querySelector('[data-testid=target-add]').scrollIntoView({block: 'end'});",
        json!([]),
    );
    std::thread::sleep(std::time::Duration::from_millis(400));
}

/// A git target added in Settings lands in `quire.toml` as `[publish.pages]`, every other
/// line kept; Publish then sends to it; a name `quire.toml` cannot take is refused beside
/// its form, with what was typed kept.
#[test]
fn a_target_set_in_settings_is_written_to_quire_toml_and_published_to() {
    let _serial = serial();
    let app = TestApp::with_samples();
    let tmp = app.folder.parent().unwrap();
    let site = tmp.join("pages.git");
    git(&["init", "--bare", "--quiet", &site.display().to_string()]);
    let url = format!("file://{}", site.display());
    let settings = app.folder.join("quire.toml");
    let before =
        "# Shared with the folder over git.\nauthor = \"Mara Ellison\" # the samples' author\n";
    fs::write(&settings, before).unwrap();

    let driver = Driver::start();
    let s = app.launch(&driver);
    s.click(&s.find("[data-testid=settings-toggle]").unwrap());
    s.wait_until("the Publish section, with no target", WAIT, |s| {
        visible(s, "[data-testid=publish-targets-empty]").then_some(())
    });
    assert!(s
        .text_of("[data-testid=publish-targets]")
        .contains("QUIRE_PUBLISH_TOKEN"));
    s.click(&s.find("[data-testid=target-add]").unwrap());
    let new = "[data-testid=publish-target-form][data-name='']";
    s.type_into(
        &s.find(&format!("{new} [data-testid=target-name]")).unwrap(),
        "pages",
    );
    s.type_into(
        &s.find(&format!("{new} [data-testid=target-url]")).unwrap(),
        &url,
    );
    show_publish_section(&s);
    artifact("publish-targets-filled.png", &screen_png());
    s.click(&s.find(&format!("{new} [data-testid=target-save]")).unwrap());
    s.wait_until("the target saved", WAIT, |s| {
        s.find("[data-testid=publish-target-form][data-name=pages]")
    });
    let written = fs::read_to_string(&settings).unwrap();
    assert!(
        written.starts_with(before),
        "the other lines are kept: {written}"
    );
    assert!(
        written.contains("[publish.pages]\n") && written.contains(&format!("git = \"{url}\"")),
        "the target is in quire.toml: {written}"
    );
    assert!(
        !written.contains("branch"),
        "the default branch is not written: {written}"
    );
    s.click(&s.find("[data-testid=settings-cancel]").unwrap());

    // Publish, from the toolbar: the one target.
    publish_and_wait(&s, "Published to pages");
    let files = branch_files(&site);
    assert!(files.lines().any(|f| f == "index.html"), "{files}");
    s.click(&s.find("[data-testid=publish-cancel]").unwrap());

    // A name with a space: refused, the reason beside the form, the typing kept.
    s.click(&s.find("[data-testid=settings-toggle]").unwrap());
    s.wait_until("the saved target's form", WAIT, |s| {
        s.find("[data-testid=publish-target-form][data-name=pages]")
    });
    s.click(&s.find("[data-testid=target-add]").unwrap());
    s.type_into(
        &s.find(&format!("{new} [data-testid=target-name]")).unwrap(),
        "two words",
    );
    s.type_into(
        &s.find(&format!("{new} [data-testid=target-url]")).unwrap(),
        &url,
    );
    s.click(&s.find(&format!("{new} [data-testid=target-save]")).unwrap());
    let error = format!("{new} [data-testid=target-error]");
    s.wait_until("the refusal", WAIT, |s| visible(s, &error).then_some(()));
    let message = s.text_of(&error);
    assert!(
        message.contains("two words") && message.contains("letters, digits, - and _"),
        "{message}"
    );
    let kept = s.execute(
        "const f = document.querySelector(arguments[0]); \
         return [f.querySelector('[data-testid=target-name]').value, f.querySelector('[data-testid=target-url]').value];",
        json!([new]),
    );
    assert_eq!(kept, json!(["two words", url]), "what was typed is kept");
    assert_eq!(
        fs::read_to_string(&settings).unwrap(),
        written,
        "nothing written"
    );
    show_publish_section(&s);
    artifact("publish-targets-refused.png", &screen_png());
    s.end();
}

/// With the "Missing on disk" banner in the toolbar, every button stays in the window
/// (1280 px wide): the ones that do not fit wrap onto a second row.
#[test]
fn the_toolbar_keeps_every_button_in_view_with_the_missing_banner() {
    let _serial = serial();
    let app = TestApp::with_samples();
    let driver = Driver::start();
    let s = app.launch(&driver);
    open_post(&s, "welcome-to-quire.md");
    // With no banner, one row.
    let rows = s.execute(
        "return new Set([...document.querySelectorAll('.toolbar button')] \
           .filter(b => b.getClientRects().length > 0) \
           .map(b => Math.round(b.getBoundingClientRect().top))).size;",
        json!([]),
    );
    assert_eq!(rows, json!(1), "the toolbar's buttons in one row");
    artifact("toolbar.png", &screen_png());
    fs::remove_file(app.folder.join("welcome-to-quire.md")).unwrap();
    s.wait_until("the missing banner", WAIT, |s| {
        visible(s, "[data-testid=missing-banner]").then_some(())
    });
    let out = s.execute(
        "const w = document.documentElement.clientWidth; \
         const bar = document.querySelector('.toolbar').getBoundingClientRect(); \
         const out = [...document.querySelectorAll('.toolbar button')] \
           .filter(b => b.getClientRects().length > 0) \
           .map(b => [b.dataset.testid, b.getBoundingClientRect()]) \
           .filter(([, r]) => r.left < 0 || r.right > w || r.top < bar.top || r.bottom > bar.bottom || r.width < 20) \
           .map(([id, r]) => `${id} at ${r.left}..${r.right}`); \
         return [w, out];",
        json!([]),
    );
    eprintln!("window width and buttons out of view: {out}");
    assert_eq!(out[1], json!([]), "every toolbar button in view: {out}");
    assert!(visible(&s, "[data-testid=save]"));
    artifact("toolbar-missing-banner.png", &screen_png());
    s.end();
}
