//! The library's search over 10,000 generated posts (English, Chinese, Japanese and mixed;
//! 200–2,500 words drawn by Zipf's law from vocabularies of 20,000 words, as real text is;
//! headings, lists, code): each kind of query beside a bare FTS5 query of
//! the same words on the raw text (unicode61, no snippets, no join) in the same run; the
//! index build beside bare FTS5 inserts of the same texts; a draft save with the index in
//! place beside one in an empty library; and the list of 10,000 rows the window paints
//! first. p50/p95 per query kind are printed for the closing notes.
//!
//! `cargo bench -p quire-core --bench search` (setup writes and scans ~80 MB: about a minute).

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use quire_core::blog::Blog;
use quire_core::folder::content_hash;

const POSTS: usize = 10_000;

const EN: &[&str] = &[
    "the",
    "quiet",
    "harbour",
    "morning",
    "light",
    "writer",
    "keeps",
    "a",
    "notebook",
    "of",
    "small",
    "things",
    "bread",
    "river",
    "walks",
    "and",
    "long",
    "letters",
    "between",
    "friends",
    "garden",
    "static",
    "site",
    "generator",
    "compiler",
    "memory",
    "kitchen",
    "window",
    "train",
    "station",
    "mountain",
    "winter",
    "summer",
    "coffee",
    "library",
    "archive",
    "question",
    "answer",
    "teacher",
    "student",
    "market",
    "evening",
    "thunder",
    "harvest",
    "journey",
    "keyboard",
    "terminal",
    "function",
    "pattern",
    "network",
];
const ZH: &[&str] = &[
    "春眠不觉晓",
    "处处闻啼鸟",
    "夜来风雨声",
    "花落知多少",
    "北京大学",
    "学习编程",
    "语言",
    "今天天气很好",
    "我们去公园散步",
    "图书馆",
    "写作的习惯",
    "静静地",
];
const JA: &[&str] = &[
    "静かな朝",
    "駅までの道",
    "東京大学",
    "新しい道具",
    "使い方を覚える",
    "一番楽しい",
    "お寺",
    "桜がとてもきれい",
    "散歩しました",
    "記事を書く",
    "京都の古い町",
];

/// A tiny deterministic generator: the same library every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

/// Words drawn as real text draws them: Zipf's law over a vocabulary of `size`, so a few
/// words are in every post and most in few. The named words sit at ranks spread over
/// the whole range (the first is the most common), so queries for them cover the cases
/// from "in every post" to "in a few".
struct Vocabulary {
    words: Vec<String>,
    /// Cumulative weights 1/rank, for sampling by binary search.
    cumulative: Vec<f64>,
}

impl Vocabulary {
    fn new(size: usize, named: &[&str], make: impl Fn(usize) -> String) -> Vocabulary {
        let mut words: Vec<String> = (0..size).map(make).collect();
        let spacing = size / named.len();
        for (k, w) in named.iter().enumerate() {
            words[k * k * spacing / named.len()] = w.to_string();
        }
        let mut total = 0.0;
        let cumulative = (1..=size)
            .map(|r| {
                total += 1.0 / r as f64;
                total
            })
            .collect();
        Vocabulary { words, cumulative }
    }

    fn pick(&self, rng: &mut Lcg) -> &str {
        let total = *self.cumulative.last().unwrap();
        let x = rng.next(1 << 30) as f64 / (1u64 << 30) as f64 * total;
        let i = self.cumulative.partition_point(|&c| c < x);
        &self.words[i.min(self.words.len() - 1)]
    }
}

/// Pronounceable made-up words, distinct per rank.
fn latin_word(rank: usize) -> String {
    const SYL: &[&str] = &[
        "ka", "lo", "mi", "ren", "to", "sa", "vi", "dor", "el", "un", "pe", "gra",
    ];
    let mut n = rank + 1;
    let mut w = String::new();
    while n > 0 {
        w.push_str(SYL[n % SYL.len()]);
        n /= SYL.len();
    }
    w
}

/// CJK words of two or three characters, from the common Han block and kana.
fn cjk_word(rank: usize) -> String {
    let han = |k: usize| char::from_u32(0x4E00 + (k * 7919 % 6000) as u32).unwrap();
    let kana = |k: usize| char::from_u32(0x3042 + (k % 80) as u32).unwrap();
    let mut w = String::new();
    w.push(han(rank));
    w.push(if rank.is_multiple_of(3) {
        kana(rank / 3)
    } else {
        han(rank / 2 + 17)
    });
    if rank.is_multiple_of(2) {
        w.push(han(rank / 5 + 101));
    }
    w
}

struct Words {
    en: Vocabulary,
    cjk: Vocabulary,
}

fn post(i: usize, rng: &mut Lcg, v: &Words) -> String {
    let words = 200 + rng.next(2_300);
    let script = i % 10; // 0–5 English, 6–8 Chinese and Japanese, 9 mixed
    let tags = ["travel", "rust", "food", "notes", "books"];
    let mut out = format!(
        "---\ntitle: \"Post {i}: {} {}\"\ndate: 20{:02}-{:02}-{:02}\ntags: [{}, {}]\nsummary: \"About {} and {}.\"\nstatus: {}\n---\n\n",
        v.en.pick(rng),
        v.en.pick(rng),
        10 + i % 15,
        1 + i % 12,
        1 + i % 28,
        tags[i % 5],
        tags[(i / 5) % 5],
        v.en.pick(rng),
        v.en.pick(rng),
        if i.is_multiple_of(4) { "draft" } else { "published" },
    );
    let mut n = 0;
    let mut section = 0;
    while n < words {
        section += 1;
        out.push_str(&format!("## Section {section}\n\n"));
        for _ in 0..3 {
            for w in 0..50 {
                let cjk = matches!(script, 6..=8) || (script == 9 && w % 3 == 0);
                if cjk {
                    out.push_str(v.cjk.pick(rng));
                } else {
                    out.push_str(v.en.pick(rng));
                    out.push(' ');
                }
            }
            n += 50;
            out.push_str("\n\n");
        }
        out.push_str(
            "- a list item\n  - nested *point*\n\n```rust\nfn main() { println!(\"hi\"); }\n```\n\n",
        );
    }
    out
}

struct Library {
    _dir: tempfile::TempDir,
    blog: Blog,
    raw: rusqlite::Connection,
    texts: Vec<String>,
}

fn setup() -> Library {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("content");
    fs::create_dir_all(&folder).unwrap();
    let mut rng = Lcg(42);
    let words = Words {
        en: Vocabulary::new(20_000, EN, latin_word),
        cjk: Vocabulary::new(20_000, &[ZH, JA].concat(), cjk_word),
    };
    let mut texts = Vec::with_capacity(POSTS);
    for i in 0..POSTS {
        let text = post(i, &mut rng, &words);
        fs::write(folder.join(format!("post-{i:05}.md")), &text).unwrap();
        texts.push(text);
    }
    let blog = Blog::open(&folder, &dir.path().join("lib.sqlite3")).unwrap();
    let t = Instant::now();
    blog.scan(1, false, &mut |_, _| {}).unwrap();
    eprintln!("scan of {POSTS} posts: {:?}", t.elapsed());

    let t = Instant::now();
    blog.index_all_for_search().unwrap();
    let ours = t.elapsed();
    let raw = raw_index(dir.path(), &texts);
    eprintln!(
        "index build, {POSTS} posts: quire {:?}, bare FTS5 inserts {:?} ({:.2}x)",
        ours,
        raw.1,
        ours.as_secs_f64() / raw.1.as_secs_f64()
    );
    let lib_file = dir.path().join("lib.sqlite3");
    let check = rusqlite::Connection::open(&lib_file).unwrap();
    check.pragma_update(None, "wal_checkpoint", "TRUNCATE").ok();
    let revisions: i64 = check
        .query_row(
            "SELECT SUM(LENGTH(CAST(text AS BLOB))) FROM revisions",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let content: usize = texts.iter().map(String::len).sum();
    eprintln!(
        "content {} MB; library file {} MB, of which revision texts {} MB",
        content / 1_000_000,
        fs::metadata(&lib_file).unwrap().len() / 1_000_000,
        revisions / 1_000_000
    );
    Library {
        _dir: dir,
        blog,
        raw: raw.0,
        texts,
    }
}

/// The floor: the same texts into a plain FTS5 table (unicode61, content stored), one
/// transaction, no folding, no tags.
fn raw_index(dir: &Path, texts: &[String]) -> (rusqlite::Connection, Duration) {
    let conn = rusqlite::Connection::open(dir.join("raw.sqlite3")).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.pragma_update(None, "synchronous", "NORMAL").unwrap();
    conn.execute_batch(
        "CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')",
    )
    .unwrap();
    let t = Instant::now();
    let tx = conn.unchecked_transaction().unwrap();
    for text in texts {
        tx.execute("INSERT INTO t (body) VALUES (?1)", [text])
            .unwrap();
    }
    tx.commit().unwrap();
    (conn, t.elapsed())
}

/// p50 and p95 of `runs` timings of `f`.
fn percentiles(runs: usize, mut f: impl FnMut()) -> (Duration, Duration) {
    let mut v: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    v.sort();
    (v[runs / 2], v[(runs * 95).div_ceil(100) - 1])
}

const QUERIES: &[(&str, &str, &str)] = &[
    // (kind, our query, the bare FTS5 query of the same words)
    ("common", "the", "the"),
    ("word", "harbour", "harbour"),
    ("rare", "network", "network"),
    ("prefix", "harb", "harb*"),
    ("prefix_2", "ha", "ha*"),
    ("phrase", "\"quiet harbour\"", "\"quiet harbour\""),
    ("two_words", "kitchen winter", "kitchen winter"),
    ("cjk_2", "大学", "大学"),
    ("cjk_4", "静かな朝", "静かな朝"),
    ("cjk_zh", "春眠", "春眠"),
    ("filter", "tag:travel garden", "garden"),
];

fn bench(c: &mut Criterion) {
    let lib = setup();
    let mut group = c.benchmark_group("search_10k");
    group.sample_size(30);
    for (kind, ours, raw) in QUERIES {
        let hits = lib.blog.search(ours, 50).unwrap().hits.len();
        let (p50, p95) = percentiles(40, || {
            lib.blog.search(ours, 50).unwrap();
        });
        let mut stmt = lib
            .raw
            .prepare("SELECT rowid FROM t WHERE t MATCH ?1 ORDER BY rank LIMIT 50")
            .unwrap();
        // A bare unicode61 table reads a CJK run as one token: it finds whole runs only.
        let raw_hits = stmt
            .query_map([raw], |r| r.get::<_, i64>(0))
            .map(|rows| rows.count())
            .unwrap_or(0);
        let (r50, r95) = percentiles(40, || {
            let _ = stmt
                .query_map([raw], |r| r.get::<_, i64>(0))
                .map(|rows| rows.count());
        });
        eprintln!(
            "query {kind:<10} {ours:<22} {hits:>2} hits  p50 {p50:>10.2?}  p95 {p95:>10.2?}   bare FTS5 {raw_hits:>2} hits  p50 {r50:>10.2?}  p95 {r95:>10.2?}"
        );
        group.bench_function(format!("quire_{kind}"), |b| {
            b.iter(|| lib.blog.search(ours, 50).unwrap())
        });
        group.bench_function(format!("bare_fts5_{kind}"), |b| {
            b.iter(|| {
                stmt.query_map([raw], |r| r.get::<_, i64>(0))
                    .map(|rows| rows.count())
            })
        });
    }
    group.finish();

    // What the window asks for first: every row of the list.
    let mut group = c.benchmark_group("list_10k");
    group.bench_function("quire_posts", |b| b.iter(|| lib.blog.posts().unwrap()));
    group.finish();

    // A draft save with the search index (and 10,000 posts) in place, beside the same
    // save in a library of one post.
    let posts = lib.blog.posts().unwrap();
    let post = &posts[0];
    let text = &lib.texts[post.path[5..10].parse::<usize>().unwrap()];
    let base = content_hash(text);
    let empty_dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(empty_dir.path().join("c")).unwrap();
    fs::write(empty_dir.path().join("c/p.md"), text).unwrap();
    let small = Blog::open(
        &empty_dir.path().join("c"),
        &empty_dir.path().join("l.sqlite3"),
    )
    .unwrap();
    small.scan(1, false, &mut |_, _| {}).unwrap();
    let small_id = small.posts().unwrap()[0].id;
    let mut group = c.benchmark_group("draft_save");
    let mut now = 10i64;
    group.bench_function("quire_with_index_10k", |b| {
        b.iter(|| {
            now += 1;
            lib.blog
                .save_draft(post.id, text, Some(&base), now)
                .unwrap()
        })
    });
    group.bench_function("quire_one_post_library", |b| {
        b.iter(|| {
            now += 1;
            small.save_draft(small_id, text, Some(&base), now).unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
