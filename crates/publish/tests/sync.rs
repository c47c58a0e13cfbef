//! Sharing the content folder through git, as two machines do: two clones of one local
//! bare repository, each with its own library, synced with the real `git`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::AtomicBool;

use quire_core::blog::Blog;
use quire_core::clock::now_ms;
use quire_core::library::{PostRow, RevisionInfo, RevisionSource};
use quire_core::ErrorCode;
use quire_publish::sync::{FileChange, FileState, Repository, SyncReport};

use crate::support::git::{git, git_run_as};

/// A post of three paragraphs, so that two machines can change different ones.
fn post(title: &str, paragraphs: [&str; 3]) -> String {
    format!(
        "---\ntitle: {title}\ndate: 2025-03-01\nstatus: published\n---\n\n{}\n\n{}\n\n{}\n",
        paragraphs[0], paragraphs[1], paragraphs[2]
    )
}

const HARBOUR: [&str; 3] = [
    "The boats came in at dawn.",
    "Gulls over the pier.",
    "Nets drying in the sun.",
];

fn harbour() -> String {
    post("Harbour", HARBOUR)
}

fn harbour_with(i: usize, paragraph: &str) -> String {
    let mut paragraphs = HARBOUR;
    paragraphs[i] = paragraph;
    post("Harbour", paragraphs)
}

/// A bare repository on `main`, the remote every machine of a test shares.
struct Remote {
    dir: tempfile::TempDir,
    bare: PathBuf,
}

impl Remote {
    /// The remote holding `files` (from the top of the repository) in one commit.
    fn with(files: &[(&str, &str)]) -> Remote {
        let dir = tempfile::tempdir().expect("a temp dir");
        let bare = dir.path().join("blog.git");
        git(
            dir.path(),
            &["init", "--quiet", "--bare", "-b", "main", path(&bare)],
        );
        let seed = dir.path().join("seed");
        git(dir.path(), &["init", "--quiet", "-b", "main", path(&seed)]);
        for (rel, text) in files {
            write(&seed.join(rel), text);
        }
        git(&seed, &["add", "--all"]);
        git(&seed, &["commit", "--quiet", "-m", "The blog"]);
        git(&seed, &["push", "--quiet", path(&bare), "main"]);
        Remote { dir, bare }
    }

    /// A clone of the remote committing as `who`: its own identity, as CI has no global one.
    fn clone(&self, who: &str) -> PathBuf {
        let top = self.dir.path().join(who);
        git(
            self.dir.path(),
            &["clone", "--quiet", path(&self.bare), path(&top)],
        );
        identify(&top, who);
        top
    }

    /// The commit `main` is at.
    fn tip(&self) -> String {
        git(&self.bare, &["rev-parse", "main"])
    }

    /// `rel` as `main` has it.
    fn show(&self, rel: &str) -> String {
        git(&self.bare, &["show", &format!("main:{rel}")])
    }

    /// Whether `commit` is in the history of `main`.
    fn has(&self, commit: &str) -> bool {
        Command::new("git")
            .current_dir(&self.bare)
            .args(["merge-base", "--is-ancestor", commit, "main"])
            .status()
            .expect("git runs")
            .success()
    }
}

fn identify(top: &Path, who: &str) {
    git(top, &["config", "user.name", who]);
    git(
        top,
        &[
            "config",
            "user.email",
            &format!("{}@example.org", who.to_lowercase()),
        ],
    );
}

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 temp path")
}

fn write(file: &Path, text: &str) {
    fs::create_dir_all(file.parent().expect("a parent")).expect("a folder");
    fs::write(file, text).expect("written");
}

/// One machine: its clone, the content folder in it, its library and the repository.
struct Side {
    top: PathBuf,
    content: PathBuf,
    blog: Blog,
    repo: Repository,
    _library: tempfile::TempDir,
}

impl Side {
    /// The machine whose content folder is `top/folder` (`""`: the top), its library
    /// scanned.
    fn open(top: &Path, folder: &str) -> Side {
        let content = if folder.is_empty() {
            top.to_path_buf()
        } else {
            top.join(folder)
        };
        let library = tempfile::tempdir().expect("a temp dir");
        let blog =
            Blog::open(&content, &library.path().join("library.sqlite3")).expect("the blog opens");
        blog.scan(now_ms(), false, &mut |_, _| {}).expect("scanned");
        let repo = Repository::find(&content, true)
            .expect("git runs")
            .expect("the folder is in a repository");
        Side {
            top: top.to_path_buf(),
            content,
            blog,
            repo,
            _library: library,
        }
    }

    /// A sync as the window runs it: the repository's, then the library's.
    fn try_sync(&self) -> quire_publish::Result<SyncReport> {
        let mut record = |changed: &[String], conflicts: &[_]| {
            self.blog
                .record_sync(changed, conflicts, now_ms())
                .map(drop)
                .map_err(quire_publish::Error::from)
        };
        self.repo.sync(&AtomicBool::new(false), &mut record)
    }

    fn sync(&self) -> SyncReport {
        self.try_sync().expect("synced")
    }

    fn post(&self, rel: &str) -> PostRow {
        self.blog
            .posts()
            .expect("listed")
            .into_iter()
            .find(|p| p.path == rel)
            .unwrap_or_else(|| panic!("{rel} in the library"))
    }

    /// The author saves `text` as post `rel` in the editor.
    fn save(&self, rel: &str, text: &str) -> PostRow {
        let row = self.post(rel);
        self.blog
            .save(row.id, text, row.disk_hash.as_deref(), now_ms())
            .expect("saved")
    }

    /// The post at `rel`'s revision from the other machine, and its text.
    fn remote_version(&self, rel: &str) -> (RevisionInfo, String) {
        let row = self.post(rel);
        let history = self.blog.history(row.id).expect("a history");
        let revision = history
            .iter()
            .find(|r| r.source == RevisionSource::Remote)
            .unwrap_or_else(|| panic!("a revision from the remote in {history:?}"))
            .clone();
        let text = self
            .blog
            .library()
            .revision(row.id, revision.id)
            .expect("the revision")
            .text;
        (revision, text)
    }

    fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.content.join(rel)).expect("read")
    }

    fn git(&self, args: &[&str]) -> String {
        git(&self.top, args)
    }

    fn head(&self) -> String {
        self.git(&["rev-parse", "HEAD"])
    }
}

/// Every file of a working tree but git's own, with its bytes.
fn files(top: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in fs::read_dir(dir).expect("a folder") {
            let path = entry.expect("an entry").path();
            if path.file_name().is_some_and(|n| n == ".git") {
                continue;
            }
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.insert(path.clone(), fs::read(&path).expect("read"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(top, &mut out);
    out
}

/// Files of a working tree holding a conflict marker.
fn with_markers(top: &Path) -> Vec<PathBuf> {
    files(top)
        .into_iter()
        .filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains("<<<<<<<"))
        .map(|(p, _)| p)
        .collect()
}

/// What a test compares before and after a sync that must leave the repository alone.
#[derive(Debug, PartialEq)]
struct Snapshot {
    head: String,
    status: String,
    files: BTreeMap<PathBuf, Vec<u8>>,
}

fn snapshot(top: &Path) -> Snapshot {
    Snapshot {
        head: git(top, &["rev-parse", "HEAD"]),
        status: git(top, &["status", "--porcelain", "--untracked-files=all"]),
        files: files(top),
    }
}

#[test]
fn an_edit_on_one_machine_reaches_the_other_and_its_library() {
    let remote = Remote::with(&[("post.md", &harbour())]);
    let a = Side::open(&remote.clone("Ada"), "");
    let b = Side::open(&remote.clone("Bea"), "");

    let edited = post(
        "Harbour at Dawn",
        [HARBOUR[0], "Gulls, loud, over the pier.", HARBOUR[2]],
    );
    let saved = a.save("post.md", &edited);
    let sent = a.sync();
    assert!(sent.committed.is_some(), "{sent:?}");
    assert_eq!(sent.pushed, 1, "{sent:?}");
    assert_eq!(remote.show("post.md"), edited.trim_end());

    let got = b.sync();
    assert_eq!((got.pulled, got.pushed), (1, 0), "{got:?}");
    assert!(got.committed.is_none(), "{got:?}");
    assert_eq!(got.changed, vec!["post.md".to_string()]);
    assert_eq!(b.read("post.md"), edited);
    let row = b.post("post.md");
    assert_eq!(row.title, "Harbour at Dawn");
    assert_eq!(row.disk_hash, saved.disk_hash);
    assert!(!row.conflicted);
    assert_eq!(b.head(), a.head());
}

#[test]
fn edits_to_different_paragraphs_of_a_post_merge_on_both_machines() {
    let remote = Remote::with(&[("post.md", &harbour())]);
    let a = Side::open(&remote.clone("Ada"), "");
    let b = Side::open(&remote.clone("Bea"), "");

    a.save(
        "post.md",
        &harbour_with(0, "The boats came in before dawn."),
    );
    a.sync();
    b.save("post.md", &harbour_with(2, "Nets drying in the wind."));
    let merged = b.sync();
    assert_eq!(merged.merged, vec!["post.md".to_string()], "{merged:?}");
    assert!(merged.conflicted.is_empty(), "{merged:?}");
    assert_eq!((merged.pulled, merged.pushed), (1, 2), "{merged:?}");

    let both = post(
        "Harbour",
        [
            "The boats came in before dawn.",
            HARBOUR[1],
            "Nets drying in the wind.",
        ],
    );
    assert_eq!(b.read("post.md"), both);
    a.sync();
    assert_eq!(a.read("post.md"), both);
    assert_eq!(remote.show("post.md"), both.trim_end());
    for side in [&a, &b] {
        let row = side.post("post.md");
        assert!(!row.conflicted);
        assert_eq!(row.disk_hash, Some(quire_core::folder::content_hash(&both)));
    }
}

/// Ada changes the harbour post's second paragraph at `rel` and syncs; Bea changes the
/// same line her way and has not synced yet: their texts, and Ada's commit.
fn same_line_changed(a: &Side, b: &Side, rel: &str) -> (String, String, String) {
    let theirs = harbour_with(1, "Gulls, loud, over the pier.");
    let mine = harbour_with(1, "Gulls wheeling over the pier.");
    a.save(rel, &theirs);
    let their_commit = a.sync().committed.expect("Ada's edit is committed").id;
    b.save(rel, &mine);
    (theirs, mine, their_commit)
}

#[test]
fn the_same_line_changed_on_both_keeps_this_sides_text_and_the_other_in_history() {
    let remote = Remote::with(&[("post.md", &harbour())]);
    let a = Side::open(&remote.clone("Ada"), "");
    let b = Side::open(&remote.clone("Bea"), "");

    let (theirs, mine, their_commit) = same_line_changed(&a, &b, "post.md");
    let their_commit = a.git(&["rev-parse", &their_commit]);
    let report = b.sync();
    assert_eq!(report.conflicted, vec!["post.md".to_string()], "{report:?}");
    assert!(report.merged.is_empty(), "{report:?}");
    assert!(report.pushed >= 1, "{report:?}");

    assert_eq!(b.read("post.md"), mine);
    let row = b.post("post.md");
    assert!(row.conflicted, "{row:?}");
    let (remote_rev, text) = b.remote_version("post.md");
    assert_eq!(text, theirs);
    let note = remote_rev.note.clone().expect("a note");
    let short = note
        .strip_prefix("from ")
        .and_then(|n| n.split(' ').next())
        .unwrap_or_else(|| panic!("a commit in {note:?}"));
    assert!(
        short.len() >= 7 && their_commit.starts_with(short),
        "{note:?} names {their_commit}"
    );
    assert!(note.contains("by Ada"), "{note:?}");
    let view = b
        .blog
        .conflict_merge_view(row.id, &mine)
        .expect("a merge view")
        .expect("the post has a conflict");
    assert_eq!(view.theirs, theirs);
    assert!(view.clean.is_none());

    for side in [&a, &b] {
        assert_eq!(with_markers(&side.top), Vec::<PathBuf>::new());
    }
    assert!(!b.git(&["show", "HEAD:post.md"]).contains("<<<<<<<"));
    assert!(!remote.show("post.md").contains("<<<<<<<"));
    let parents = b.git(&["rev-list", "--parents", "-n1", "HEAD"]);
    assert_eq!(parents.split(' ').count(), 3, "a merge commit: {parents}");
    assert!(parents.contains(&their_commit), "{parents}");
    assert_eq!(remote.tip(), b.head());

    // The author settles it by saving, and the settlement goes out with the next sync.
    let resolved = harbour_with(1, "Gulls wheeling, loud, over the pier.");
    let settled = b
        .blog
        .save(row.id, &resolved, row.disk_hash.as_deref(), now_ms())
        .expect("saved");
    assert!(!settled.conflicted);
    assert!(!b.post("post.md").conflicted);
    let sent = b.sync();
    assert_eq!(sent.pushed, 1, "{sent:?}");
    assert_eq!(remote.show("post.md"), resolved.trim_end());
    let got = a.sync();
    assert!(got.conflicted.is_empty(), "{got:?}");
    assert_eq!(a.read("post.md"), resolved);
    assert!(!a.post("post.md").conflicted);
}

#[test]
fn a_push_raced_by_another_machine_is_integrated_and_pushed_never_forced() {
    let remote = Remote::with(&[
        ("post.md", &harbour()),
        ("other.md", &post("Other", HARBOUR)),
    ]);
    let a = Side::open(&remote.clone("Ada"), "");
    let b_top = remote.clone("Bea");
    let marker = remote.dir.path().join("raced");
    // Between Ada's fetch and her push: Bea commits another post and pushes first.
    let hook = a.top.join(".git/hooks/pre-push");
    write(
        &hook,
        &format!(
            "#!/bin/sh\ncat >/dev/null\n[ -e '{marker}' ] && exit 0\ntouch '{marker}'\n\
             unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_PREFIX\n\
             cd '{b}' || exit 1\n\
             printf 'Bea was here.\\n' >> other.md\n\
             git commit --quiet -am 'Bea edits Other' || exit 1\n\
             git push --quiet origin main || exit 1\n",
            marker = marker.display(),
            b = b_top.display(),
        ),
    );
    make_executable(&hook);

    a.save(
        "post.md",
        &harbour_with(0, "The boats came in before dawn."),
    );
    let before = remote.tip();
    let report = a.sync();
    assert!(marker.exists(), "the hook raced the push");
    let theirs = git(&b_top, &["rev-parse", "HEAD"]);
    assert_ne!(theirs, before, "Bea pushed");
    let mine = a.git(&["rev-parse", "HEAD^1"]);
    assert!(remote.has(&theirs), "Bea's commit is on the remote");
    assert!(remote.has(&mine), "Ada's commit is on the remote");
    assert!(remote.has(&before));
    assert_eq!(remote.tip(), a.head());
    assert_eq!(report.pulled, 1, "{report:?}");
    assert!(report.pushed >= 2, "{report:?}");
    assert!(a.read("other.md").ends_with("Bea was here.\n"));
    assert_eq!(
        a.read("post.md"),
        harbour_with(0, "The boats came in before dawn.")
    );
}

fn make_executable(file: &Path) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(file, fs::Permissions::from_mode(0o755)).expect("chmod");
}

#[test]
fn an_unreachable_remote_keeps_the_commit_for_the_next_sync() {
    let remote = Remote::with(&[("post.md", &harbour())]);
    let a = Side::open(&remote.clone("Ada"), "");
    let nowhere = remote.dir.path().join("nowhere.git");
    a.git(&["remote", "set-url", "origin", path(&nowhere)]);
    let before = remote.tip();

    a.save("post.md", &harbour_with(2, "Nets drying in the wind."));
    let err = a.try_sync().expect_err("the remote cannot be reached");
    assert_eq!(err.code(), ErrorCode::Unreachable, "{err}");
    assert_eq!(err.code().as_str(), "unreachable");
    let said = err.to_string();
    assert!(
        said.contains("origin") && said.contains(path(&nowhere)),
        "{said}"
    );
    assert_eq!(
        a.git(&["log", "-1", "--format=%s"]),
        "Edit \"Harbour\"; 1 post"
    );
    let committed = a.head();
    assert_ne!(committed, before);
    assert_eq!(a.git(&["status", "--porcelain"]), "");
    assert_eq!(remote.tip(), before);

    a.git(&["remote", "set-url", "origin", path(&remote.bare)]);
    let report = a.sync();
    assert!(report.committed.is_none(), "{report:?}");
    assert_eq!(report.pushed, 1, "{report:?}");
    assert_eq!(remote.tip(), committed);
}

/// Runs git expecting it to fail (a rebase that stops).
fn git_failing(dir: &Path, args: &[&str]) {
    let out = git_run_as(dir, "Other", args);
    assert!(!out.status.success(), "git {args:?} was to stop");
}

/// Syncs a repository the author is in the middle of something in: refused as busy,
/// nothing of it changed. `what` is in the error's words.
fn assert_left_alone(side: &Side, what: &str) {
    let before = snapshot(&side.top);
    let status = side.repo.status(&AtomicBool::new(false)).expect("a status");
    assert!(
        status.busy.as_deref().is_some_and(|b| b.contains(what)),
        "{status:?}"
    );
    let err = side.try_sync().expect_err("a busy repository");
    assert!(
        matches!(err, quire_publish::Error::RepositoryBusy { .. }),
        "{err:?}"
    );
    assert_eq!(err.code().as_str(), "repository_busy");
    assert!(err.to_string().contains(what), "{err}");
    assert_eq!(snapshot(&side.top), before);
}

#[test]
fn a_repository_mid_rebase_is_left_untouched() {
    let remote = Remote::with(&[
        ("post.md", &harbour()),
        ("site.css", "body {\n  color: black;\n}\n"),
    ]);
    let top = remote.clone("Ada");
    git(&top, &["checkout", "--quiet", "-b", "navy"]);
    write(&top.join("site.css"), "body {\n  color: navy;\n}\n");
    git(&top, &["commit", "--quiet", "-am", "Navy"]);
    git(&top, &["checkout", "--quiet", "main"]);
    write(&top.join("site.css"), "body {\n  color: maroon;\n}\n");
    git(&top, &["commit", "--quiet", "-am", "Maroon"]);
    git(&top, &["checkout", "--quiet", "navy"]);
    git_failing(&top, &["rebase", "main"]);
    assert!(top.join(".git/rebase-merge").exists() || top.join(".git/rebase-apply").exists());
    let side = Side::open(&top, "");
    // A saved post a sync would otherwise commit.
    side.save(
        "post.md",
        &harbour_with(0, "The boats came in before dawn."),
    );

    assert_left_alone(&side, "a rebase");
    assert!(
        side.read("site.css").contains("<<<<<<<"),
        "still the author's to settle"
    );
}

#[test]
fn a_detached_head_is_left_untouched() {
    let remote = Remote::with(&[("post.md", &harbour())]);
    let top = remote.clone("Ada");
    git(&top, &["checkout", "--quiet", "--detach", "HEAD"]);
    let side = Side::open(&top, "");
    side.save(
        "post.md",
        &harbour_with(0, "The boats came in before dawn."),
    );

    assert_left_alone(&side, "detached HEAD");
}

/// A Hugo site: the repository is the site, the content folder one folder of it.
fn hugo_site() -> Remote {
    Remote::with(&[
        (
            "hugo.toml",
            "baseURL = 'https://example.org/'\ntitle = 'Harbour'\n",
        ),
        (
            "layouts/_default/single.html",
            "<article>{{ .Content }}</article>\n",
        ),
        ("content/posts/harbour.md", &harbour()),
    ])
}

#[test]
fn uncommitted_changes_outside_the_content_folder_are_left_untouched() {
    let remote = hugo_site();
    let top = remote.clone("Ada");
    write(&top.join("hugo.toml"), "baseURL = 'https://example.net/'\n");
    let side = Side::open(&top, "content");
    side.save(
        "posts/harbour.md",
        &harbour_with(0, "The boats came in before dawn."),
    );

    assert_left_alone(&side, "outside the content folder (hugo.toml)");
}

#[test]
fn a_content_subfolder_commits_only_itself() {
    let remote = hugo_site();
    let top = remote.clone("Ada");
    let side = Side::open(&top, "content");
    write(&top.join("notes.txt"), "Ideas, not for the site.\n");
    side.save(
        "posts/harbour.md",
        &harbour_with(0, "The boats came in before dawn."),
    );
    write(
        &side.content.join("posts/gulls.md"),
        &post("Gulls", ["One.", "Two.", "Three."]),
    );
    // Git quotes such names unless told not to; the status and the commit must not.
    write(
        &side.content.join("posts/été au port.md"),
        &post("Été au port", ["Un.", "Deux.", "Trois."]),
    );

    let status = side.repo.status(&AtomicBool::new(false)).expect("a status");
    assert_eq!(status.busy, None, "{status:?}");
    let mut changed = status.files.clone();
    changed.sort_by(|x, y| x.path.cmp(&y.path));
    assert_eq!(
        changed,
        vec![
            FileChange {
                path: "posts/gulls.md".into(),
                state: FileState::New
            },
            FileChange {
                path: "posts/harbour.md".into(),
                state: FileState::Changed
            },
            FileChange {
                path: "posts/été au port.md".into(),
                state: FileState::New
            },
        ]
    );

    let report = side.sync();
    assert_eq!(report.pushed, 1, "{report:?}");
    assert_eq!(
        side.git(&[
            "-c",
            "core.quotePath=false",
            "show",
            "--name-only",
            "--format=",
            "HEAD"
        ]),
        "content/posts/gulls.md\ncontent/posts/harbour.md\ncontent/posts/été au port.md"
    );
    assert_eq!(
        report.committed.as_ref().map(|c| c.message.as_str()),
        Some("Edit \"Harbour\", add \"Gulls\", \"Été au port\"; 3 posts"),
        "{report:?}"
    );
    assert_eq!(
        side.git(&["status", "--porcelain", "--untracked-files=all"]),
        "?? notes.txt"
    );
    assert_eq!(
        side.git(&[
            "status",
            "--porcelain",
            "--untracked-files=all",
            "--",
            "content"
        ]),
        ""
    );
    assert_eq!(remote.tip(), side.head());
    assert_eq!(
        remote.show("content/posts/gulls.md"),
        post("Gulls", ["One.", "Two.", "Three."]).trim_end()
    );
}

#[test]
fn a_conflict_in_a_content_subfolder_is_flagged_on_its_post() {
    let remote = hugo_site();
    let a = Side::open(&remote.clone("Ada"), "content");
    let b = Side::open(&remote.clone("Bea"), "content");
    let rel = "posts/harbour.md";
    let (theirs, mine, _) = same_line_changed(&a, &b, rel);

    let report = b.sync();
    assert_eq!(report.conflicted, vec![rel.to_string()], "{report:?}");
    assert!(
        report.conflicts.is_empty(),
        "handed to the library before the push: {report:?}"
    );
    assert_eq!(b.read(rel), mine);
    let row = b.post(rel);
    assert!(row.conflicted, "{row:?}");
    assert_eq!(b.remote_version(&row.path).1, theirs);
    assert_eq!(with_markers(&b.top), Vec::<PathBuf>::new());
    assert_eq!(remote.show("content/posts/harbour.md"), mine.trim_end());
}

#[test]
fn the_commit_names_posts_by_title_and_nothing_to_do_commits_nothing() {
    let remote = Remote::with(&[("field-notes.md", &post("Field Notes", HARBOUR))]);
    let a = Side::open(&remote.clone("Ada"), "");
    a.save(
        "field-notes.md",
        &post("Field Notes", [HARBOUR[0], HARBOUR[1], "Rain on the hill."]),
    );
    a.blog
        .create("Winter Light", "Ada", "2025-03-02", now_ms())
        .expect("created");

    let report = a.sync();
    let subject = "Edit \"Field Notes\", add \"Winter Light\"; 2 posts";
    assert_eq!(
        report.committed.as_ref().map(|c| c.message.as_str()),
        Some(subject),
        "{report:?}"
    );
    assert_eq!(a.git(&["log", "-1", "--format=%s"]), subject);
    assert_eq!(remote.tip(), a.head());

    let tip = remote.tip();
    let again = a.sync();
    assert!(again.committed.is_none(), "{again:?}");
    assert_eq!((again.pulled, again.pushed), (0, 0), "{again:?}");
    assert!(
        again.line().starts_with("Nothing to sync"),
        "{}",
        again.line()
    );
    assert_eq!(remote.tip(), tip);
    assert_eq!(a.head(), tip);
}

#[test]
fn a_folder_outside_git_is_made_a_repository_and_its_first_sync_sets_the_upstream() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let content = dir.path().join("content");
    write(&content.join("harbour.md"), &harbour());
    assert!(
        Repository::find(&content, true)
            .expect("git runs")
            .is_none(),
        "{} is in no repository",
        content.display()
    );
    let bare = dir.path().join("blog.git");
    git(
        dir.path(),
        &["init", "--quiet", "--bare", "-b", "main", path(&bare)],
    );

    let repo = Repository::init(&content, path(&bare), true).expect("made a repository");
    identify(&content, "Ada");
    assert_eq!(
        repo.top().canonicalize().expect("a folder"),
        content.canonicalize().expect("a folder")
    );
    let again = Repository::init(&content, path(&bare), true);
    assert!(again.is_err(), "a remote is there already");

    let report = repo
        .sync(&AtomicBool::new(false), &mut |_, _| Ok(()))
        .expect("synced");
    assert!(report.committed.is_some(), "{report:?}");
    assert_eq!(report.pushed, 1, "{report:?}");
    let branch = git(&content, &["branch", "--show-current"]);
    assert_eq!(
        git(&content, &["rev-parse", "--abbrev-ref", "@{u}"]),
        format!("origin/{branch}")
    );
    assert_eq!(
        git(&bare, &["rev-parse", &branch]),
        git(&content, &["rev-parse", "HEAD"])
    );
    assert_eq!(
        git(&bare, &["show", &format!("{branch}:harbour.md")]),
        harbour().trim_end()
    );
}

#[test]
fn a_file_both_sides_changed_that_cannot_merge_stops_the_sync_with_nothing_changed() {
    let remote = Remote::with(&[
        ("post.md", &harbour()),
        ("other.md", &post("Other", HARBOUR)),
        ("site.css", "body {\n  color: black;\n}\n"),
    ]);
    let a = Side::open(&remote.clone("Ada"), "");
    let b = Side::open(&remote.clone("Bea"), "");
    write(&a.content.join("site.css"), "body {\n  color: navy;\n}\n");
    a.sync();
    let theirs = remote.tip();
    write(&b.content.join("site.css"), "body {\n  color: maroon;\n}\n");
    b.git(&["commit", "--quiet", "-am", "Maroon"]);

    let refused = |side: &Side| {
        let err = side.try_sync().expect_err("cannot merge site.css");
        assert!(
            matches!(err, quire_publish::Error::SyncConflict { .. }),
            "{err:?}"
        );
        assert_eq!(err.code().as_str(), "sync_conflict");
        assert!(err.to_string().contains("site.css"), "{err}");
        assert_eq!(with_markers(&side.top), Vec::<PathBuf>::new());
        assert!(!side.top.join(".git/MERGE_HEAD").exists());
    };

    // Nothing saved to commit: the repository exactly as it was.
    let before = snapshot(&b.top);
    refused(&b);
    assert_eq!(snapshot(&b.top), before);

    // A saved post: its commit stays (for the next sync), every file as it was.
    b.save("other.md", &post("Other", [HARBOUR[0], HARBOUR[1], "Sun."]));
    let before = snapshot(&b.top);
    refused(&b);
    let after = snapshot(&b.top);
    assert_eq!(after.files, before.files);
    assert_eq!(after.status, "");
    assert_eq!(b.git(&["rev-parse", "HEAD~1"]), before.head);
    assert_eq!(
        b.git(&["show", "--name-only", "--format=", "HEAD"]),
        "other.md"
    );
    assert_eq!(remote.tip(), theirs);
}

#[test]
fn a_push_that_fails_after_the_merge_keeps_the_conflict_flagged() {
    let remote = Remote::with(&[("post.md", &harbour())]);
    let a = Side::open(&remote.clone("Ada"), "");
    let b = Side::open(&remote.clone("Bea"), "");
    let (theirs, mine, _) = same_line_changed(&a, &b, "post.md");
    // The remote takes no push from here (a protected branch, credentials refused).
    let hook = b.top.join(".git/hooks/pre-push");
    write(
        &hook,
        "#!/bin/sh\necho 'pushes are refused here' >&2\nexit 1\n",
    );
    make_executable(&hook);

    let err = b.try_sync().expect_err("the push is refused");
    assert!(err.to_string().contains("pushes are refused here"), "{err}");
    // The merge is in place, and the library knows of the conflict all the same.
    assert_eq!(b.read("post.md"), mine);
    let row = b.post("post.md");
    assert!(row.conflicted, "{row:?}");
    assert_eq!(b.remote_version(&row.path).1, theirs);
}

#[test]
fn a_first_post_both_machines_added_is_merged_as_a_post_not_stopped_on() {
    let remote = Remote::with(&[("post.md", &harbour())]);
    let a = Side::open(&remote.clone("Ada"), "");
    let b = Side::open(&remote.clone("Bea"), "");
    let ada = post("Welcome", ["Ada's first words.", "Two.", "Three."]);
    let bea = post("Welcome", ["Bea's first words.", "Two.", "Three."]);
    write(&a.content.join("welcome.md"), &ada);
    a.sync();
    write(&b.content.join("welcome.md"), &bea);

    let report = b.sync();
    assert_eq!(
        report.conflicted,
        vec!["welcome.md".to_string()],
        "{report:?}"
    );
    assert_eq!(b.read("welcome.md"), bea);
    assert!(b.post("welcome.md").conflicted);
    assert!(with_markers(&b.top).is_empty());
}
