//! Over `https://`-style HTTP with a token, to `git http-backend` behind a loopback HTTP
//! server: the token reaches git, and never a URL, an argument list or the log.

use std::sync::atomic::{AtomicBool, Ordering};

use quire_publish::publish::credentials;
use quire_publish::secrets;
use quire_publish::target::{Kind, Target};

use crate::common::{git, Fixture};
use crate::support::githttp::GitHttp;
use crate::support::secrets::SecretService;

const TOKEN: &str = "tok-5f1e2d9c-quire-test";

/// Every process's command line while `f` runs, as far as `/proc` shows them.
fn command_lines_during<T>(f: impl FnOnce() -> T) -> (T, Vec<String>) {
    let done = AtomicBool::new(false);
    std::thread::scope(|s| {
        let watcher = s.spawn(|| {
            let mut seen = Vec::new();
            while !done.load(Ordering::Acquire) {
                for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
                    if let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) {
                        seen.push(String::from_utf8_lossy(&cmdline).replace('\0', " "));
                    }
                }
            }
            seen
        });
        let out = f();
        done.store(true, Ordering::Release);
        (out, watcher.join().expect("the watcher ends"))
    })
}

/// A bare repository `site.git` served over HTTP to whoever gives [`TOKEN`], and the
/// folder it is in.
fn served(blog: &Fixture) -> (GitHttp, std::path::PathBuf) {
    let srv = blog.dir.path().join("srv");
    std::fs::create_dir_all(&srv).expect("folder");
    git(&srv, &["init", "--quiet", "--bare", "site.git"]);
    (GitHttp::start(&srv, TOKEN), srv)
}

fn pages(url: &str) -> Target {
    Target {
        name: "pages".into(),
        kind: Kind::Git {
            url: url.into(),
            branch: "gh-pages".into(),
            domain: None,
            replace_history: false,
        },
        export: None,
    }
}

#[test]
fn a_token_reaches_git_and_never_the_url_the_arguments_or_the_log() {
    let blog = Fixture::with_posts();
    let (server, srv) = served(&blog);
    let t = pages(&server.url("site"));

    let refused = blog.publish_with(&t, |job| job.token = Some("wrong".into()));
    assert_eq!(refused.expect_err("a wrong token").code(), "auth_refused");

    let log = blog.dir.path().join("log.txt");
    let (published, lines) = command_lines_during(|| {
        let writer = std::fs::File::create(&log).expect("a log file");
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_writer(std::sync::Mutex::new(writer))
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            // Other tests running beside this one can make tracing skip a callsite for
            // this scoped subscriber; this line is ours, so the log is known to be live.
            tracing::info!("publishing with a token");
            blog.publish_with(&t, |job| job.token = Some(TOKEN.into()))
        })
    });
    let published = published.expect("published with the token");
    assert!(published.commit.is_some());
    assert!(git(
        &srv.join("site.git"),
        &["ls-tree", "-r", "--name-only", "gh-pages"]
    )
    .contains("index.html"));
    assert!(
        lines.iter().any(|l| l.contains("git")),
        "the watcher saw git run"
    );
    assert!(
        !lines.iter().any(|l| l.contains(TOKEN)),
        "the token is in no command line"
    );
    let logged = std::fs::read_to_string(&log).expect("read");
    assert!(
        logged.contains("publishing with a token"),
        "the log was written: {logged}"
    );
    assert!(!logged.contains(TOKEN), "the token is not logged");
    assert!(
        server
            .requests()
            .iter()
            .any(|r| r.contains("git-receive-pack") && r.ends_with(" 200")),
        "{:?}",
        server.requests()
    );
}

/// The only test that points this process at a D-Bus session: the keyring crate finds the
/// Secret Service through `DBUS_SESSION_BUS_ADDRESS`, as on the author's desktop.
#[test]
fn a_token_kept_in_the_keyring_is_used_until_forgotten_and_no_keyring_is_said() {
    if !SecretService::available() {
        eprintln!(
            "skipped: no dbus-daemon or gnome-keyring-daemon (apt-get install gnome-keyring)"
        );
        return;
    }
    let service = SecretService::start();
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", &service.address);
    std::env::remove_var(secrets::TOKEN_ENV);
    let blog = Fixture::with_posts();
    let (server, _srv) = served(&blog);
    let t = pages(&server.url("site"));
    assert!(secrets::takes_token(&t), "a loopback http server takes one");
    assert_eq!(credentials(&t).0, None, "nothing kept yet");

    secrets::remember(&t, TOKEN).expect("kept in the keyring");
    assert_eq!(credentials(&t).0.as_deref(), Some(TOKEN));
    let published = blog
        .publish_with(&t, |job| job.token = credentials(&t).0)
        .expect("published with the kept token");
    assert!(published.commit.is_some());
    // Kept for this target at this address only.
    let elsewhere = pages(&server.url("other"));
    assert_eq!(credentials(&elsewhere).0, None);
    // Nowhere but the keyring: not in the library, not in the folder.
    for file in crate::common::files(blog.dir.path()) {
        let bytes = std::fs::read(blog.dir.path().join(&file)).unwrap_or_default();
        assert!(
            !String::from_utf8_lossy(&bytes).contains(TOKEN),
            "the token is in {file}"
        );
    }

    secrets::forget(&t).expect("forgotten");
    assert_eq!(credentials(&t).0, None);
    blog.write(
        "bread.md",
        &crate::common::post("Bread", "2025-01-01", "A new loaf."),
    );
    let refused = blog.publish_with(&t, |job| job.token = credentials(&t).0);
    assert_eq!(refused.expect_err("no token").code(), "auth_refused");

    // No Secret Service answers: said, with the code the window branches on.
    drop(service);
    std::env::set_var(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/quire-test-bus",
    );
    let none = secrets::remember(&t, TOKEN).expect_err("no keyring");
    assert_eq!(none.code(), "no_keyring");
    assert!(none.to_string().contains("ask for it each time"), "{none}");
    std::env::remove_var("DBUS_SESSION_BUS_ADDRESS");
}
