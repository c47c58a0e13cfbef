//! Sharing the content folder through git from the real window: the status bar's branch,
//! ahead and behind, the list's marks of posts not yet committed, Sync and its summary,
//! and a post both machines changed on the same lines opening in the merge panel, the
//! author's text kept in the file and no conflict marker anywhere.

use quire_e2e::app::{artifact, screen_png, serial, visible, TestApp, WAIT};
use quire_e2e::driver::Driver;

// The publish tests' other machine: git as someone, with an identity of its own.
#[path = "../../../../crates/publish/tests/support/git.rs"]
#[allow(dead_code)]
mod other;
use other::git_as as git;

const BREAD: &str = "---\ntitle: Field Notes on Bread\n---\n\nThe crumb was open.\n\nThe crust sang as it cooled.\n";

#[test]
fn sync_shows_ahead_and_behind_the_summary_and_the_merge_of_a_conflict() {
    let _serial = serial();
    let app = TestApp::empty();
    let tmp = app.folder.parent().unwrap().to_path_buf();
    let remote = tmp.join("remote.git");
    git(
        &tmp,
        "Ada",
        &[
            "init",
            "--quiet",
            "--bare",
            "-b",
            "main",
            remote.to_str().unwrap(),
        ],
    );

    // This machine: the content folder is the repository, pushed once.
    let here = &app.folder;
    std::fs::write(here.join("bread.md"), BREAD).unwrap();
    git(here, "Ada", &["init", "--quiet", "-b", "main"]);
    // The app commits as the repository says: no global identity on a CI machine.
    git(here, "Ada", &["config", "user.name", "Ada"]);
    git(here, "Ada", &["config", "user.email", "ada@example.org"]);
    git(here, "Ada", &["add", "-A"]);
    git(here, "Ada", &["commit", "--quiet", "-m", "Add bread"]);
    git(
        here,
        "Ada",
        &["remote", "add", "origin", remote.to_str().unwrap()],
    );
    git(here, "Ada", &["push", "--quiet", "-u", "origin", "main"]);

    // The other machine changes the last line and pushes.
    let there = tmp.join("there");
    git(
        &tmp,
        "Ben",
        &[
            "clone",
            "--quiet",
            remote.to_str().unwrap(),
            there.to_str().unwrap(),
        ],
    );
    let theirs = BREAD.replace("sang as it cooled", "crackled on the rack (Ben)");
    std::fs::write(there.join("bread.md"), &theirs).unwrap();
    git(&there, "Ben", &["commit", "--quiet", "-am", "Ben's crust"]);
    git(&there, "Ben", &["push", "--quiet"]);

    // Here: a committed new post (ahead 1), the remote fetched (behind 1), and the same
    // line changed and saved but not committed.
    std::fs::write(
        here.join("winter.md"),
        "---\ntitle: Winter Light\n---\n\nLow sun.\n",
    )
    .unwrap();
    git(here, "Ada", &["add", "winter.md"]);
    git(here, "Ada", &["commit", "--quiet", "-m", "Add winter"]);
    git(here, "Ada", &["fetch", "--quiet"]);
    let mine = BREAD.replace("sang as it cooled", "sang as it cooled on the sill (Ada)");
    std::fs::write(here.join("bread.md"), &mine).unwrap();

    let driver = Driver::start();
    let s = app.launch(&driver);
    s.wait_until("the branch in the status bar", WAIT, |s| {
        (s.text_of("[data-testid=sync-status]") == "main ↑1 ↓1").then_some(())
    });
    s.wait_until("bread.md marked as edited", WAIT, |s| {
        (s.text_of("[data-path='bread.md'] [data-testid=git-mark]") == "edited").then_some(())
    });
    artifact("sync-before.png", &screen_png());

    s.click(&s.find("[data-testid=sync]").unwrap());
    s.wait_until("the summary", WAIT, |s| {
        let summary = s.text_of("[data-testid=sync-summary]");
        summary.contains("pushed").then_some(())
    });
    let summary = s.text_of("[data-testid=sync-summary]");
    assert!(
        summary.starts_with("Committed Edit \"Field Notes on Bread\"; 1 post")
            && summary.contains("pulled 1 commit")
            && summary.contains("1 post changed on the same lines on both sides")
            && summary.contains("origin/main"),
        "the summary says what was committed, pulled and kept: {summary}"
    );
    s.wait_until("the merge panel on bread.md", WAIT, |s| {
        (visible(s, "[data-testid=merge]") && s.text_of("[data-testid=post-path]") == "bread.md")
            .then_some(())
    });
    assert_eq!(
        s.text_of("[data-testid=conflict-text]"),
        "Another machine changed the same lines"
    );
    s.wait_until("the status caught up", WAIT, |s| {
        (s.text_of("[data-testid=sync-status]") == "main ↑0 ↓0").then_some(())
    });
    artifact("sync-conflict.png", &screen_png());

    // The file keeps the author's words; git has both sides and no marker.
    assert_eq!(
        std::fs::read_to_string(here.join("bread.md")).unwrap(),
        mine
    );
    let pushed = git(here, "Ada", &["show", "origin/main:bread.md"]);
    assert!(
        !pushed.contains("<<<<<<<") && pushed.contains("(Ada)"),
        "{pushed}"
    );
    let parents = git(here, "Ada", &["rev-list", "--parents", "-n1", "HEAD"]);
    assert_eq!(
        parents.split(' ').count(),
        3,
        "a merge with both parents: {parents}"
    );

    // The author takes the merge: the next sync sends the resolution.
    s.click(&s.find("[data-testid=merge-accept]").unwrap());
    s.wait_until("the conflict banner to go", WAIT, |s| {
        (!visible(s, "[data-testid=conflict-banner]")).then_some(())
    });
    s.click(&s.find("[data-testid=sync]").unwrap());
    s.wait_until("the resolution pushed", WAIT, |s| {
        let summary = s.text_of("[data-testid=sync-summary]");
        (summary.starts_with("Committed") && summary.contains("pushed 1 commit")).then_some(())
    });
    let resolved = git(here, "Ada", &["show", "origin/main:bread.md"]);
    assert_eq!(
        resolved,
        std::fs::read_to_string(here.join("bread.md"))
            .unwrap()
            .trim_end()
    );

    // The History lists git's commits beside Quire's revisions, the other machine's
    // version among them; a commit diffs against the editor like a revision.
    s.click(&s.find("[data-testid=history-toggle]").unwrap());
    s.wait_for("[data-testid=revision-item][data-source=remote]", WAIT);
    s.wait_until("Ben's commit in the history", WAIT, |s| {
        s.text_of("[data-testid=revision-list]")
            .contains("Ben: Ben's crust")
            .then_some(())
    });
    let bens = git(here, "Ada", &["log", "-1", "--format=%H", "--author=Ben"]);
    artifact("sync-history-list.png", &screen_png());
    s.execute(
        "document.querySelector(`[data-commit='${arguments[0]}']`).scrollIntoView({block: 'center'});",
        serde_json::json!([bens]),
    );
    s.click(
        &s.find(&format!(
            "[data-testid=revision-item][data-commit='{bens}']"
        ))
        .expect("Ben's commit is listed"),
    );
    s.wait_until("the diff from Ben's commit", WAIT, |s| {
        s.text_of("[data-testid=revision-diff]")
            .contains("crackled on the rack (Ben)")
            .then_some(())
    });
    artifact("sync-history.png", &screen_png());
    s.end();
}
