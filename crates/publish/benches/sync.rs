//! Syncing a content folder of 1,000 posts like authors' (200 to 2,500 words, realistic
//! blocks) with a local bare repository, beside plain `git` doing the same in the same run:
//!
//! - `one changed post: quire sync`: Quire's whole sync after one post is saved (the
//!   status, the commit with its message of titles, the fetch, the push) and the library
//!   taking the report ([`Blog::record_sync`]).
//! - `one changed post: plain git`: the floor, on an identical clone with its own
//!   identical remote: `git add -A; git commit -m edit; git pull --no-rebase; git push`.
//!
//! `cargo bench -p quire-publish --bench sync`.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use quire_core::blog::Blog;
use quire_publish::sync::Repository;

const POSTS: usize = 1_000;

/// Post `i`, as edited `edit` times.
fn post(i: usize, edit: usize) -> String {
    quire_corpus::realistic::blog_post(i, &format!("\nEdit {edit}.\n"))
}

// The tests' own: git run as someone else, panicking with what it said.
#[path = "../tests/support/git.rs"]
mod support;
use support::git;

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 temp path")
}

/// The blog committed once and pushed to two identical bare remotes, `quire.git` and
/// `plain.git`, each with a clone of its own: the two ways measured never pull each
/// other's commits.
struct Bench {
    dir: tempfile::TempDir,
}

impl Bench {
    fn new() -> Bench {
        let dir = tempfile::tempdir().expect("a temp dir");
        let seed = dir.path().join("seed");
        quire_corpus::write_folder(&seed, POSTS, 10, |i| post(i, 0));
        git(&seed, &["init", "--quiet", "-b", "main"]);
        git(&seed, &["add", "--all"]);
        git(&seed, &["commit", "--quiet", "-m", "The blog"]);
        let bench = Bench { dir };
        for name in ["quire", "plain"] {
            let bare = bench.dir.path().join(format!("{name}.git"));
            git(
                bench.dir.path(),
                &["init", "--quiet", "--bare", "-b", "main", path(&bare)],
            );
            git(&seed, &["push", "--quiet", path(&bare), "main"]);
            let clone = bench.clone_of(name);
            git(
                bench.dir.path(),
                &["clone", "--quiet", path(&bare), path(&clone)],
            );
            // Quire's git runs with the repository's identity, as an author's would.
            git(&clone, &["config", "user.name", "Ada"]);
            git(&clone, &["config", "user.email", "ada@example.org"]);
        }
        bench
    }

    fn clone_of(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

fn syncing(c: &mut Criterion) {
    let bench = Bench::new();
    let content = bench.clone_of("quire");
    let plain = bench.clone_of("plain");
    let blog = Blog::open(&content, &bench.dir.path().join("library.sqlite3")).expect("opens");
    blog.scan(1, false, &mut |_, _| {}).expect("scanned");
    let repo = Repository::find(&content, true)
        .expect("git runs")
        .expect("a repository");
    let cancel = AtomicBool::new(false);

    let mut group = c.benchmark_group("sync 1,000 posts with a local bare repository");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    let mut edit = 0;
    group.bench_function("one changed post: quire sync", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| {
                    edit += 1;
                    std::fs::write(content.join("s3/post-3.md"), post(3, edit)).expect("written");
                    let started = Instant::now();
                    let mut record = |changed: &[String], conflicts: &[_]| {
                        blog.record_sync(changed, conflicts, 1)
                            .map(drop)
                            .map_err(quire_publish::Error::from)
                    };
                    let report = repo.sync(&cancel, &mut record).expect("synced");
                    let took = started.elapsed();
                    assert_eq!(report.pushed, 1, "{report:?}");
                    took
                })
                .sum()
        })
    });
    group.bench_function(
        "one changed post: plain git add -A, commit, pull --no-rebase, push",
        |b| {
            b.iter_custom(|iters| {
                (0..iters)
                    .map(|_| {
                        edit += 1;
                        std::fs::write(plain.join("s3/post-3.md"), post(3, edit)).expect("written");
                        let started = Instant::now();
                        git(&plain, &["add", "-A"]);
                        git(&plain, &["commit", "--quiet", "-m", "edit"]);
                        git(&plain, &["pull", "--quiet", "--no-rebase"]);
                        git(&plain, &["push", "--quiet"]);
                        started.elapsed()
                    })
                    .sum()
            })
        },
    );
    group.finish();
}

criterion_group!(benches, syncing);
criterion_main!(benches);
