//! Over SSH to a loopback `sshd` started by the test with throwaway keys: rsync into a
//! folder on the server, and git over `ssh://`.

use std::sync::atomic::{AtomicBool, Ordering};

use quire_publish::publish::{prepare, Step};
use quire_publish::target::{Kind, Target};

use crate::common::{files, git, post, Fixture};
use crate::support::sshd::Sshd;

fn server() -> Option<Sshd> {
    available().then(Sshd::start)
}

/// A host that lets in SFTP only, as shared hosts do: no rsync runs there.
fn sftp_only_server() -> Option<Sshd> {
    available().then(Sshd::start_sftp_only)
}

fn available() -> bool {
    if !Sshd::available() {
        // Only where openssh-server is missing: `.ci/setup` installs it.
        eprintln!("skipped: no sshd on this machine (apt-get install openssh-server)");
    }
    Sshd::available()
}

fn ssh_target(sshd: &Sshd, dir: &std::path::Path) -> Target {
    Target {
        name: "server".into(),
        kind: Kind::Ssh {
            destination: format!("{}@{}:{}", sshd.user(), sshd.host(), dir.display()),
        },
        export: None,
    }
}

#[test]
fn rsync_sends_the_site_keeps_strays_and_resends_what_was_changed_by_hand() {
    let Some(sshd) = server() else { return };
    sends_the_site_keeps_strays_and_resends_what_was_changed_by_hand(&sshd);
}

#[test]
fn a_server_without_rsync_gets_the_site_over_sftp() {
    let Some(sshd) = sftp_only_server() else {
        return;
    };
    // No command runs on that server, rsync's included: the site arriving is SFTP's doing.
    sends_the_site_keeps_strays_and_resends_what_was_changed_by_hand(&sshd);
}

fn sends_the_site_keeps_strays_and_resends_what_was_changed_by_hand(sshd: &Sshd) {
    let blog = Fixture::with_posts();
    // A name with a space and a wildcard in it, which SFTP's commands must name as is.
    std::fs::write(
        blog.content.join("dawn [1].svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .expect("written");
    blog.write(
        "dawn.md",
        &post("Dawn", "2025-04-01", "![Sky](dawn%20%5B1%5D.svg)"),
    );
    // A page whose name is not ASCII, which the listing must name as the site does.
    blog.write("朝.md", &post("朝の散歩", "2025-04-02", "静かな朝。"));
    let www = blog.dir.path().join("www");
    std::fs::create_dir_all(&www).expect("folder");
    std::fs::write(www.join("stray.txt"), "the host's own\n").expect("written");
    let t = ssh_target(sshd, &www);
    let ssh = |job: &mut quire_publish::publish::Job| job.ssh = Some(sshd.ssh_command());

    let first = blog
        .publish_with(&t, ssh)
        .unwrap_or_else(|e| panic!("{e}\n{}", sshd.log()));
    let export = quire_core::locations::publish_cache(&blog.library, "server").join("site");
    assert!(
        export.join("dawn [1].svg").is_file(),
        "{:?}",
        files(&export)
    );
    let mut expected = files(&export);
    expected.push("stray.txt".into());
    expected.sort();
    assert_eq!(
        files(&www),
        expected,
        "the server holds the export, and its stray file"
    );
    for f in files(&export) {
        assert_eq!(
            std::fs::read(www.join(&f)).expect("read"),
            std::fs::read(export.join(&f)).expect("read"),
            "{f}"
        );
    }
    assert_eq!(first.uploaded as usize, expected.len() - 1);
    let again = blog.publish_with(&t, ssh).expect("published");
    assert_eq!((again.uploaded, again.deleted), (0, 0), "{again:?}");

    // Deleted and changed by hand on the server: sent again; nothing else is.
    std::fs::remove_file(www.join("bread/index.html")).expect("deleted");
    std::fs::write(www.join("index.html"), "defaced").expect("written");
    let again = blog.publish_with(&t, ssh).expect("published");
    assert_eq!((again.uploaded, again.deleted), (2, 0), "{again:?}");
    assert_eq!(files(&www), expected);
    assert_eq!(
        std::fs::read(www.join("index.html")).expect("read"),
        std::fs::read(export.join("index.html")).expect("read")
    );

    // An edited post: its page and the pages that list it, and nothing else.
    blog.write(
        "bread.md",
        &post(
            "Bread",
            "2025-01-01",
            "Flour, water, salt and a long night.",
        ),
    );
    let edited = blog.publish_with(&t, ssh).expect("published");
    assert!(
        edited.uploaded >= 1 && edited.uploaded < first.uploaded,
        "{edited:?}"
    );
    assert!(std::fs::read_to_string(www.join("bread/index.html"))
        .expect("read")
        .contains("a long night"));

    // A deleted post's page disappears; the stray file stays.
    std::fs::remove_file(blog.content.join("winter-light.md")).expect("deleted");
    let gone = blog.publish_with(&t, ssh).expect("published");
    assert!(gone.deleted >= 1, "{gone:?}");
    assert!(!www.join("winter-light/index.html").exists());
    assert!(www.join("stray.txt").exists());
    assert!(
        !files(&www).iter().any(|f| f.contains("quire-part")),
        "no half-sent file is left: {:?}",
        files(&www)
    );
}

#[test]
fn a_publish_cut_off_midway_is_finished_by_the_next() {
    let Some(sshd) = server() else { return };
    cut_off_midway_and_finished_by_the_next(&sshd);
}

#[test]
fn a_publish_over_sftp_cut_off_midway_is_finished_by_the_next() {
    let Some(sshd) = sftp_only_server() else {
        return;
    };
    cut_off_midway_and_finished_by_the_next(&sshd);
}

fn cut_off_midway_and_finished_by_the_next(sshd: &Sshd) {
    let blog = Fixture::with_posts();
    for i in 0..30 {
        blog.write(
            &format!("p{i}.md"),
            &post(&format!("Post {i}"), "2025-05-01", "words"),
        );
    }
    let www = blog.dir.path().join("www");
    let t = ssh_target(sshd, &www);
    let mut job = blog.job(&t);
    job.ssh = Some(sshd.ssh_command());
    let cancel = AtomicBool::new(false);
    let prepared = prepare(job, &cancel, &|_| {}).expect("prepared");
    // Cancelled once the first files are across: the rest never leave.
    let cut = prepared.send(&cancel, &|step| {
        if matches!(step, Step::Sending { done, .. } if done >= 1) {
            cancel.store(true, Ordering::Relaxed);
        }
    });
    assert_eq!(cut.expect_err("cancelled").code(), "cancelled");
    let export = quire_core::locations::publish_cache(&blog.library, "server").join("site");
    assert!(
        files(&www).len() < files(&export).len(),
        "cut off before the end"
    );
    let library = quire_core::library::Library::open(&blog.library).expect("opens");
    assert!(
        library.publish_manifest("server").expect("read").is_empty(),
        "not recorded"
    );

    blog.publish_with(&t, |job| job.ssh = Some(sshd.ssh_command()))
        .expect("published");
    let mut on_server = files(&www);
    on_server.retain(|f| !f.contains(".quire-part"));
    assert_eq!(
        on_server,
        files(&export),
        "the next publish finishes the site"
    );
}

#[test]
fn git_over_ssh_publishes_to_a_bare_repository_on_the_server() {
    let Some(sshd) = server() else { return };
    let blog = Fixture::with_posts();
    let repo = blog.dir.path().join("site.git");
    git(
        blog.dir.path(),
        &["init", "--quiet", "--bare", repo.to_str().expect("utf-8")],
    );
    let t = Target {
        name: "pages".into(),
        kind: Kind::Git {
            url: format!(
                "ssh://{}@{}:{}{}",
                sshd.user(),
                sshd.host(),
                sshd.port(),
                repo.display()
            ),
            branch: "gh-pages".into(),
            domain: None,
            replace_history: false,
        },
        export: None,
    };
    let ssh =
        |job: &mut quire_publish::publish::Job| job.ssh = Some(sshd.ssh_command_without_port());
    let first = blog
        .publish_with(&t, ssh)
        .unwrap_or_else(|e| panic!("{e}\n{}", sshd.log()));
    assert!(first.commit.is_some());
    let page = git(&repo, &["show", "gh-pages:field-notes/index.html"]);
    assert!(page.contains("Rain on the hill."));
    let second = blog.publish_with(&t, ssh).expect("published");
    assert!(second.commit.is_none(), "nothing changed: {second:?}");
}
