//! The hot paths of DESIGN.md's performance table, each beside its raw-library baseline
//! measured in the same run:
//! - render: our whole article (front matter, one parse, counts, template) against
//!   `comrak::markdown_to_html` on the same Markdown, with our options and with defaults;
//!   and a live-preview keystroke (edit, render, changed blocks) against the same;
//! - autosave: one draft upsert of a 10k-word post against a bare SQLite insert of it.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use quire_core::article::{self, AssetLinks, Site};
use quire_core::library::{Library, PostIndex};
use quire_core::markdown;
use quire_core::preview::{Preview, TextEdit};

/// The file version the benched drafts are based on.
const BASE: &str = "0000000000000000000000000000000000000000000000000000000000000000";

const WORDS: &[&str] = &[
    "the", "quiet", "harbour", "morning", "light", "writer", "keeps", "a", "notebook", "of",
    "small", "things", "bread", "river", "walks", "and", "long", "letters", "between", "friends",
];

/// A deterministic post of about `words` words: sections, lists, a table and code.
fn post(words: usize) -> String {
    let mut out = String::from(
        "---\ntitle: Benchmark post\nauthor: Bench Writer\ndate: 2026-01-01\nlabel: Test\ntags: [a, b]\n---\n\n",
    );
    let mut n = 0usize;
    let mut section = 0;
    while n < words {
        section += 1;
        out.push_str(&format!("## Section {section}\n\n"));
        for p in 0..4 {
            for w in 0..60 {
                out.push_str(WORDS[(n + w * 7 + p) % WORDS.len()]);
                out.push(if w % 13 == 12 { '.' } else { ' ' });
            }
            n += 60;
            out.push_str(if p == 1 {
                "**bold** and *soft*.\n\n"
            } else {
                "\n\n"
            });
        }
        out.push_str("1. first point\n2. second point\n3. third point\n\n");
        if section % 5 == 0 {
            out.push_str("| a | b |\n|---|---|\n| 1 | 2 |\n\n```rust\nfn main() { println!(\"hi\"); }\n```\n\n");
        }
        n += 6;
    }
    out
}

fn render(c: &mut Criterion) {
    let site = Site::default();
    let links = AssetLinks::default();
    let mut group = c.benchmark_group("render");
    group.sample_size(30);
    // The plain posts the earlier figures were taken on, and realistic ones: headings,
    // nested lists, tables, code in eight languages, footnotes, images, quotes and CJK.
    let posts = [
        ("prose", 10_000usize, post(10_000)),
        ("prose", 100_000, post(100_000)),
        ("realistic", 10_000, quire_corpus::realistic::post(10_000)),
        ("realistic", 100_000, quire_corpus::realistic::post(100_000)),
    ];
    for (kind, words, text) in posts {
        let id = |name: &str| BenchmarkId::new(name, format!("{kind}-{words}"));
        let body = quire_core::frontmatter::read(&text).unwrap().1.to_string();
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(id("quire_article"), &text, |b, t| {
            b.iter(|| article::render(t, &site, &links).unwrap())
        });
        let ours = markdown::options();
        group.bench_with_input(id("comrak_same_options"), &body, |b, t| {
            b.iter(|| comrak::markdown_to_html(t, &ours))
        });
        // The preview renders with source positions (each block knows its line): the raw
        // library doing the same, the fair peer of a preview keystroke.
        let mut positions = markdown::options();
        positions.render.sourcepos = true;
        group.bench_with_input(id("comrak_same_options_sourcepos"), &body, |b, t| {
            b.iter(|| comrak::markdown_to_html(t, &positions))
        });
        let defaults = comrak::Options::default();
        group.bench_with_input(id("comrak_defaults"), &body, |b, t| {
            b.iter(|| comrak::markdown_to_html(t, &defaults))
        });
        // A keystroke in the live preview: the edit applied, the article rendered, and the
        // changed blocks found (typing and deleting a letter in turn, mid-post).
        group.bench_with_input(id("quire_preview_keystroke"), &text, |b, t| {
            let mut preview = Preview::new();
            preview.set_text(t.clone(), 1);
            preview.render(&site, &links).unwrap();
            // Mid-post, inside a sentence of a paragraph, as the editor counts (UTF-16).
            let middle = (t.len() / 2..).find(|&i| t.is_char_boundary(i)).unwrap();
            let byte = middle + t[middle..].find(". ").unwrap();
            let at = t[..byte].encode_utf16().count();
            let len = t.encode_utf16().count();
            let mut version = 1;
            b.iter(|| {
                let (edit, after) = if version % 2 == 1 {
                    (
                        TextEdit {
                            from: at,
                            to: at,
                            insert: "x".into(),
                        },
                        len + 1,
                    )
                } else {
                    (
                        TextEdit {
                            from: at,
                            to: at + 1,
                            insert: String::new(),
                        },
                        len,
                    )
                };
                preview.edit(version, version + 1, &[edit], after).unwrap();
                version += 1;
                preview.render(&site, &links).unwrap()
            })
        });
    }
    group.finish();
}

fn autosave(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let lib = Library::open(&dir.path().join("lib.sqlite3")).unwrap();
    let id = lib
        .index_post(
            &PostIndex {
                path: "p.md",
                title: "P",
                status: "draft",
                date: None,
                tags: &[],
                summary: None,
                slug: None,
                words: Some(10_000),
                disk_hash: None,
                problem: None,
                stat: None,
            },
            0,
        )
        .unwrap();
    let text = post(10_000);
    let mut group = c.benchmark_group("autosave_10k_words");
    let mut now = 0i64;
    group.bench_function("quire_save_draft", |b| {
        b.iter(|| {
            now += 1;
            lib.save_draft(id, &text, Some(BASE), now).unwrap()
        })
    });
    // The floor: the same bytes through a bare prepared statement with the same pragmas.
    let raw = rusqlite::Connection::open(dir.path().join("raw.sqlite3")).unwrap();
    raw.pragma_update(None, "journal_mode", "WAL").unwrap();
    raw.pragma_update(None, "synchronous", "NORMAL").unwrap();
    raw.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, text TEXT, at INTEGER)")
        .unwrap();
    raw.execute("INSERT INTO t VALUES (1, '', 0)", []).unwrap();
    group.bench_function("rusqlite_bare_upsert", |b| {
        b.iter(|| {
            now += 1;
            raw.prepare_cached(
                "INSERT INTO t (id, text, at) VALUES (1, ?1, ?2)
                 ON CONFLICT(id) DO UPDATE SET text = excluded.text, at = excluded.at",
            )
            .unwrap()
            .execute(rusqlite::params![text, now])
            .unwrap()
        })
    });
    group.finish();
}

/// File written on disk → domain change out of the watcher (debounce included), against
/// the floor of the same write seen by a bare notify watcher with no debounce.
fn disk_to_event(c: &mut Criterion) {
    use notify_debouncer_full::notify::{self, RecursiveMode, Watcher};
    use quire_core::blog::Blog;
    use quire_core::watch::{self, Batch};
    use std::sync::mpsc::channel;
    use std::time::{Duration, Instant};

    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("content");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("p.md"), post(1_000)).unwrap();
    let blog = Blog::open(&folder, &dir.path().join("lib.sqlite3")).unwrap();
    blog.scan(0, false, &mut |_, _| {}).unwrap();
    let (tx, rx) = channel();
    let handle_folder = blog.folder().clone();
    let _handle = watch::watch(&handle_folder, watch::DEBOUNCE, move |batch| {
        if let Batch::Touched(paths) = batch {
            let changes = blog.reconcile(&paths, 1).unwrap();
            if !changes.is_empty() {
                tx.send(Instant::now()).unwrap();
            }
        }
    })
    .unwrap();
    let mut samples = Vec::new();
    let mut n = 0u64;
    let mut group = c.benchmark_group("disk_write_to_change");
    group.sample_size(20);
    group.bench_function("quire_watch_debounced_reconciled", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                n += 1;
                let text = format!(
                    "{}

edit {n}
",
                    post(1_000)
                );
                let start = Instant::now();
                std::fs::write(folder.join("p.md"), text).unwrap();
                let seen = rx.recv_timeout(Duration::from_secs(5)).expect("a change");
                let took = seen - start;
                samples.push(took);
                total += took;
            }
            total
        })
    });

    let raw_dir = tempfile::tempdir().unwrap();
    let (rtx, rrx) = channel();
    let mut raw = notify::recommended_watcher(move |e: notify::Result<notify::Event>| {
        if let Ok(e) = e {
            if e.kind.is_modify() || e.kind.is_create() {
                let _ = rtx.send(Instant::now());
            }
        }
    })
    .unwrap();
    raw.watch(raw_dir.path(), RecursiveMode::Recursive).unwrap();
    group.bench_function("notify_raw_first_event", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                while rrx.try_recv().is_ok() {}
                let start = Instant::now();
                std::fs::write(raw_dir.path().join("p.md"), "x").unwrap();
                total += rrx.recv_timeout(Duration::from_secs(5)).unwrap() - start;
            }
            total
        })
    });
    group.finish();
    samples.sort();
    if !samples.is_empty() {
        let at = |p: f64| samples[((samples.len() - 1) as f64 * p).round() as usize];
        println!(
            "disk write -> change: p50 {:?}, p95 {:?} over {} writes",
            at(0.5),
            at(0.95),
            samples.len()
        );
    }
}

/// Reading a folder of 10,000 posts into a new library, and rescanning it unchanged,
/// against the floor of walking, reading and hashing the same files.
fn scan_10k(c: &mut Criterion) {
    use quire_core::blog::Blog;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("content");
    quire_corpus::write_folder(&folder, 10_000, 50, |_| post(300));
    let mut group = c.benchmark_group("scan_10k_posts");
    group.sample_size(10);
    let mut k = 0;
    // What the window waits for before it lists the posts: the words are counted after.
    group.bench_function("quire_first_scan", |b| {
        b.iter(|| {
            k += 1;
            let blog = Blog::open(&folder, &dir.path().join(format!("lib-{k}.sqlite3"))).unwrap();
            blog.scan_listing(0, false, &mut |_, _| {}).unwrap()
        })
    });
    // The same and the counts: what `quire list` waits for.
    group.bench_function("quire_first_scan_counted", |b| {
        b.iter(|| {
            k += 1;
            let blog = Blog::open(&folder, &dir.path().join(format!("lib-{k}.sqlite3"))).unwrap();
            blog.scan(0, false, &mut |_, _| {}).unwrap()
        })
    });
    let blog = Blog::open(&folder, &dir.path().join("warm.sqlite3")).unwrap();
    blog.scan(0, false, &mut |_, _| {}).unwrap();
    group.bench_function("quire_rescan_unchanged", |b| {
        b.iter(|| blog.scan(1, false, &mut |_, _| {}).unwrap())
    });
    // The library's size against the content's: once for these posts, once for 2,000
    // realistic ones of 1,500 words (what an author's folder holds).
    let size = |p: &std::path::Path| std::fs::metadata(p).map_or(0, |m| m.len());
    let folder_size = |f: &std::path::Path| -> u64 {
        walkdir::WalkDir::new(f)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| size(e.path()))
            .sum()
    };
    let real = dir.path().join("realistic");
    quire_corpus::write_folder(&real, 2_000, 20, |i| {
        quire_corpus::realistic::post(1_500 + i % 7)
    });
    for (name, f) in [("bench posts", &folder), ("realistic posts", &real)] {
        let lib = dir.path().join(format!("size-{}.sqlite3", name.len()));
        let blog = Blog::open(f, &lib).unwrap();
        blog.scan(0, false, &mut |_, _| {}).unwrap();
        drop(blog);
        println!(
            "library of {name}: {:.1} MB for {:.1} MB of posts ({:.2}x)",
            size(&lib) as f64 / 1e6,
            folder_size(f) as f64 / 1e6,
            size(&lib) as f64 / folder_size(f) as f64
        );
    }
    group.bench_function("walk_read_hash_floor", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for e in walkdir::WalkDir::new(&folder).into_iter().flatten() {
                if e.file_type().is_file() {
                    let text = std::fs::read_to_string(e.path()).unwrap();
                    n += quire_core::folder::content_hash(&text).len();
                }
            }
            n
        })
    });
    group.finish();
}

/// A post of a Hugo blog with 200 shortcodes (figures, videos, links to posts, the
/// site's own boxes, front matter values) beside the same post without them (#23).
fn shortcodes(c: &mut Criterion) {
    use quire_core::markup::{Dialect, Markup, Posts};
    let site = Site {
        markup: std::sync::Arc::new(Markup {
            dialect: Dialect::Hugo,
            posts: Posts::new(
                (0..500)
                    .map(|k| format!("posts/p{k}.md"))
                    .collect::<Vec<_>>()
                    .iter()
                    .map(String::as_str),
            ),
            ..Markup::default()
        }),
        ..Site::default()
    };
    let links = AssetLinks::default();
    let without = quire_corpus::realistic::post(10_000);
    let calls = [
        "{{< figure src=\"img/boat.jpg\" caption=\"The *boat* at dawn\" attr=\"Me\" >}}",
        "{{< youtube w7Ft2ymGmfc >}}",
        "See [the other post]({{< ref \"p7\" >}}) too.",
        "{{% notice tip %}}Mind the *tide*.{{% /notice %}}",
        "The mood: {{< param title >}}.",
    ];
    let mut with = String::with_capacity(without.len() * 2);
    let mut added = 0;
    for para in without.split_inclusive("\n\n") {
        with.push_str(para);
        // Between paragraphs, never inside a code block or table.
        let ends_block = !para.contains("```") && !para.trim_start().starts_with('|');
        if added < 200 && ends_block && para.ends_with("\n\n") {
            with.push_str(calls[added % calls.len()]);
            with.push_str("\n\n");
            added += 1;
        }
    }
    assert_eq!(added, 200, "room for 200 shortcodes");
    let mut group = c.benchmark_group("shortcodes");
    group.sample_size(30);
    group.bench_function("post_without_shortcodes", |b| {
        b.iter(|| article::render(&without, &site, &links).unwrap())
    });
    group.bench_function("post_with_200_shortcodes", |b| {
        b.iter(|| article::render(&with, &site, &links).unwrap())
    });
    // The same text in a plain folder, its shortcodes left as text: what the extra
    // paragraphs cost comrak alone, the floor of the line above.
    let plain = Site::default();
    group.bench_function("post_with_200_shortcodes_as_text", |b| {
        b.iter(|| article::render(&with, &plain, &links).unwrap())
    });
    group.bench_function("expand_only", |b| {
        let (meta, body) = quire_core::frontmatter::read(&with).unwrap();
        let page = quire_core::markup::Page {
            front: "",
            format: None,
            title: meta.title.as_deref().unwrap_or(""),
        };
        b.iter(|| {
            quire_core::markup::expand(body, &page, &site.markup, &links)
                .text
                .len()
        })
    });
    group.finish();
}

criterion_group!(
    benches,
    render,
    shortcodes,
    autosave,
    disk_to_event,
    scan_10k
);
criterion_main!(benches);
