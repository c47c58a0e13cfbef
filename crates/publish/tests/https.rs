//! Over `https://`-style HTTP with a token, to `git http-backend` behind a loopback HTTP
//! server: the token reaches git, and never a URL, an argument list or the log.

use std::sync::atomic::{AtomicBool, Ordering};

use quire_publish::target::{Kind, Target};

use crate::common::{git, Fixture};
use crate::support::githttp::GitHttp;

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

#[test]
fn a_token_reaches_git_and_never_the_url_the_arguments_or_the_log() {
    let blog = Fixture::with_posts();
    let srv = blog.dir.path().join("srv");
    std::fs::create_dir_all(&srv).expect("folder");
    git(&srv, &["init", "--quiet", "--bare", "site.git"]);
    let server = GitHttp::start(&srv, TOKEN);
    let t = Target {
        name: "pages".into(),
        kind: Kind::Git {
            url: server.url("site"),
            branch: "gh-pages".into(),
            domain: None,
            replace_history: false,
        },
        export: None,
    };

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
