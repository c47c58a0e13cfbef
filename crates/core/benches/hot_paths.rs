//! The hot paths of DESIGN.md's performance table, each beside its raw-library baseline
//! measured in the same run:
//! - render: our whole article (front matter, one parse, counts, template) against
//!   `comrak::markdown_to_html` on the same Markdown, with our options and with defaults;
//! - autosave: one draft upsert of a 10k-word post against a bare SQLite insert of it.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use quire_core::article::{self, AssetLinks, Site};
use quire_core::library::{Library, PostIndex};
use quire_core::markdown;

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
    for words in [10_000usize, 100_000] {
        let text = post(words);
        let body = quire_core::frontmatter::read(&text).unwrap().1.to_string();
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("quire_article", words), &text, |b, t| {
            b.iter(|| article::render(t, &site, &links).unwrap())
        });
        let ours = markdown::options();
        group.bench_with_input(
            BenchmarkId::new("comrak_same_options", words),
            &body,
            |b, t| b.iter(|| comrak::markdown_to_html(t, &ours)),
        );
        let defaults = comrak::Options::default();
        group.bench_with_input(BenchmarkId::new("comrak_defaults", words), &body, |b, t| {
            b.iter(|| comrak::markdown_to_html(t, &defaults))
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
                words: 10_000,
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
            lib.save_draft(id, &text, now).unwrap()
        })
    });
    // The floor: the same bytes through a bare prepared statement with the same pragmas.
    let raw = rusqlite::Connection::open(dir.path().join("raw.sqlite3")).unwrap();
    raw.pragma_update(None, "journal_mode", "WAL").unwrap();
    raw.pragma_update(None, "synchronous", "NORMAL").unwrap();
    raw.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, text TEXT, at INTEGER)")
        .unwrap();
    group.bench_function("rusqlite_bare_upsert", |b| {
        b.iter(|| {
            now += 1;
            raw.prepare_cached("INSERT OR REPLACE INTO t (id, text, at) VALUES (1, ?1, ?2)")
                .unwrap()
                .execute(rusqlite::params![text, now])
                .unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, render, autosave);
criterion_main!(benches);
