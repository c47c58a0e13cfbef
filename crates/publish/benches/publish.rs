//! Publishing a blog of 1,000 posts like authors' (200 to 2,500 words, realistic blocks:
//! tables, code, footnotes, images, CJK) to a local bare repository, beside plain `git`
//! doing the same in the same run:
//!
//! - `one changed post`: Quire's whole publish after one post is edited (the incremental
//!   export, the compare, the commit and the push) beside the floor: a one-file commit
//!   pushed by plain git (`git commit -a; git push`) from a clone of the same site.
//! - `first publish`: the site's first push to an empty repository (the export already
//!   made) beside `ghp-import`-style plain git (`git add -A; git commit; git push`).
//!
//! `cargo bench -p quire-publish`.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use quire_core::article::Site;
use quire_core::blog::Blog;
use quire_core::folder::ContentFolder;
use quire_publish::publish::{prepare, Job};
use quire_publish::target::{Kind, Target};

const POSTS: usize = 1_000;

/// Post `i`, as edited `edit` times.
fn post(i: usize, edit: usize) -> String {
    quire_corpus::realistic::blog_post(i, &format!("\nEdit {edit}.\n"))
}

// The tests' own: git run as someone else, panicking with what it said.
#[path = "../tests/support/git.rs"]
mod support;
use support::git;

struct Bench {
    dir: tempfile::TempDir,
    content: PathBuf,
    library: PathBuf,
}

impl Bench {
    fn new() -> Bench {
        let dir = tempfile::tempdir().expect("a temp dir");
        let content = dir.path().join("content");
        quire_corpus::write_folder(&content, POSTS, 10, |i| post(i, 0));
        let library = dir.path().join("library.sqlite3");
        Blog::open(&content, &library)
            .expect("opens")
            .scan(1, false, &mut |_, _| {})
            .expect("scanned");
        Bench {
            dir,
            content,
            library,
        }
    }

    fn target(&self, remote: &Path) -> Target {
        Target {
            name: format!("bench {}", remote.display()),
            kind: Kind::Git {
                url: format!("file://{}", remote.display()),
                branch: "gh-pages".into(),
                domain: None,
                replace_history: false,
            },
            export: None,
        }
    }

    fn publish(&self, target: &Target) -> Duration {
        let job = Job {
            folder: ContentFolder::open(&self.content).expect("opens"),
            site: Site {
                base_url: "https://example.org/".into(),
                ..Site::default()
            },
            library: self.library.clone(),
            target: target.clone(),
            today: "2026-12-01".into(),
            now: 1,
            token: None,
            batch: true,
            ssh: None,
        };
        let cancel = AtomicBool::new(false);
        let started = Instant::now();
        prepare(job, &cancel, &|_| {})
            .expect("prepared")
            .send(&cancel, &|_| {})
            .expect("published");
        started.elapsed()
    }

    fn bare(&self, name: &str) -> PathBuf {
        let remote = self.dir.path().join(name);
        let _ = std::fs::remove_dir_all(&remote);
        git(
            self.dir.path(),
            &["init", "--quiet", "--bare", remote.to_str().expect("utf-8")],
        );
        remote
    }
}

fn publishing(c: &mut Criterion) {
    let bench = Bench::new();
    let remote = bench.bare("site.git");
    let target = bench.target(&remote);
    bench.publish(&target);
    let site = quire_core::locations::publish_cache(&bench.library, &target.name).join("site");

    // Plain git's floor: a clone of the published branch, one file changed and pushed.
    let clone = bench.dir.path().join("clone");
    git(
        bench.dir.path(),
        &[
            "clone",
            "--quiet",
            "--branch",
            "gh-pages",
            &format!("file://{}", remote.display()),
            clone.to_str().expect("utf-8"),
        ],
    );
    let plain_remote = bench.bare("plain.git");
    git(
        &clone,
        &[
            "push",
            "--quiet",
            &format!("file://{}", plain_remote.display()),
            "gh-pages",
        ],
    );

    let mut group = c.benchmark_group("publish 1,000 posts to a local bare repository");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    let mut edit = 0;
    group.bench_function("one changed post: quire publish", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| {
                    edit += 1;
                    std::fs::write(bench.content.join("s3/post-3.md"), post(3, edit))
                        .expect("written");
                    bench.publish(&target)
                })
                .sum()
        })
    });
    group.bench_function("one changed post: plain git commit -a and push", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| {
                    edit += 1;
                    std::fs::write(clone.join("index.html"), format!("edit {edit}"))
                        .expect("written");
                    let started = Instant::now();
                    git(&clone, &["commit", "--quiet", "-a", "-m", "edit"]);
                    git(
                        &clone,
                        &[
                            "push",
                            "--quiet",
                            &format!("file://{}", plain_remote.display()),
                            "gh-pages",
                        ],
                    );
                    started.elapsed()
                })
                .sum()
        })
    });
    group.bench_function("first publish: quire publish (export made)", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|i| {
                    let remote = bench.bare(&format!("first-{edit}-{i}.git"));
                    // Into the export already made: this measures the sending.
                    let target = Target {
                        export: Some(site.clone()),
                        ..bench.target(&remote)
                    };
                    bench.publish(&target)
                })
                .sum()
        })
    });
    group.bench_function("first publish: plain git add -A, commit, push", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|i| {
                    let remote = bench.bare(&format!("plain-first-{i}.git"));
                    let repo = bench.dir.path().join(format!("plain-first-{i}"));
                    let _ = std::fs::remove_dir_all(&repo);
                    let started = Instant::now();
                    git(
                        bench.dir.path(),
                        &[
                            "init",
                            "--quiet",
                            "--separate-git-dir",
                            repo.to_str().expect("utf-8"),
                            site.to_str().expect("utf-8"),
                        ],
                    );
                    git(&site, &["add", "-A"]);
                    git(&site, &["commit", "--quiet", "-m", "publish"]);
                    git(
                        &site,
                        &[
                            "push",
                            "--quiet",
                            &format!("file://{}", remote.display()),
                            "HEAD:refs/heads/gh-pages",
                        ],
                    );
                    let elapsed = started.elapsed();
                    // `--separate-git-dir` leaves a `.git` file in the export: gone again.
                    let _ = std::fs::remove_file(site.join(".git"));
                    elapsed
                })
                .sum()
        })
    });
    group.finish();
}

criterion_group!(benches, publishing);
criterion_main!(benches);
