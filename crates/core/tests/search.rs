//! Full-text search and tags over a real content folder and library.

use std::fs;

use quire_core::blog::Blog;
use quire_core::folder::content_hash;
use quire_core::frontmatter::Status;
use quire_core::search::{SearchResults, TagCount};

struct Fixture {
    _dir: tempfile::TempDir,
    folder: std::path::PathBuf,
    blog: Blog,
}

const POSTS: &[(&str, &str)] = &[
    (
        "rust-tools.md",
        "---\ntitle: Rust tools I use\ntags: [rust, tools]\nstatus: published\ndate: 2026-03-01\n---\n\
         A tour of the programs on my machine.\n\nCargo builds everything; clippy nags politely.\n",
    ),
    (
        "gardening.md",
        "---\ntitle: Tomatoes in a cold spring\ntags: [garden]\nstatus: published\ndate: 2026-04-02\n---\n\
         The tomatoes sulked until May. I read about rust on leaves, a fungus, and worried.\n\n\
         A static site about gardens would list every variety.\n",
    ),
    (
        "tokyo.md",
        "---\ntitle: 東京の春\ntags: [travel, Japan]\nstatus: draft\n---\n\
         私は東京大学の近くに住んでいます。桜がとてもきれいでした。\n",
    ),
    (
        "beijing.md",
        "---\ntitle: 北京笔记\ntags: [travel]\nstatus: published\ndate: 2025-10-01\n---\n\
         我在北京大学学习了三年，编程和Rust语言都是在那里学会的。\n",
    ),
    (
        "sites.md",
        "---\ntitle: Notes on publishing\ntags: [web]\nsummary: Why a static site generator.\nstatus: draft\n---\n\
         A site that is static survives its author. Static site generators are dull, in a good way.\n",
    ),
];

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("content");
    fs::create_dir_all(&folder).unwrap();
    for (name, text) in POSTS {
        fs::write(folder.join(name), text).unwrap();
    }
    let blog = Blog::open(&folder, &dir.path().join("lib.sqlite3")).unwrap();
    blog.scan(1, false, &mut |_, _| {}).unwrap();
    blog.index_all_for_search().unwrap();
    Fixture {
        _dir: dir,
        folder,
        blog,
    }
}

fn paths(r: &SearchResults) -> Vec<&str> {
    r.hits.iter().map(|h| h.post.path.as_str()).collect()
}

fn marked(r: &SearchResults, path: &str) -> Vec<String> {
    let hit = r.hits.iter().find(|h| h.post.path == path).unwrap();
    hit.snippet
        .iter()
        .filter(|m| m.hit)
        .map(|m| m.text.clone())
        .collect()
}

#[test]
fn title_matches_rank_first_and_snippets_mark_the_words() {
    let f = fixture();
    let r = f.blog.search("rust", 50).unwrap();
    // The Rust post by its title; the garden post mentions rust in passing; the Chinese
    // one has "Rust" inside a CJK run.
    assert_eq!(paths(&r)[0], "rust-tools.md");
    assert!(paths(&r).contains(&"gardening.md"), "{:?}", paths(&r));
    assert!(paths(&r).contains(&"beijing.md"), "{:?}", paths(&r));
    assert_eq!(marked(&r, "gardening.md"), ["rust"]);
    assert_eq!(r.pending, 0);
}

#[test]
fn prefixes_phrases_and_several_words() {
    let f = fixture();
    assert_eq!(
        paths(&f.blog.search("prog", 50).unwrap()),
        ["rust-tools.md"]
    );
    // Both words, anywhere; a phrase only where they stand together.
    let words = f.blog.search("static site", 50).unwrap();
    assert_eq!(words.hits.len(), 2, "{:?}", paths(&words));
    // Title then bm25: the post about static sites (summary and body) before the garden.
    assert_eq!(paths(&words)[0], "sites.md");
    let phrase = f.blog.search("\"site that is static\"", 50).unwrap();
    assert_eq!(paths(&phrase), ["sites.md"]);
    assert_eq!(marked(&phrase, "sites.md"), ["site that is static"]);
    assert!(f
        .blog
        .search("\"survives static\"", 50)
        .unwrap()
        .hits
        .is_empty());
}

#[test]
fn chinese_and_japanese_runs_of_two_or_more_characters() {
    let f = fixture();
    // 大学 is in both; 東京大学 only in the Japanese post; 北京大学 only in the Chinese one.
    let both = f.blog.search("大学", 50).unwrap();
    let mut found = paths(&both);
    found.sort();
    assert_eq!(found, ["beijing.md", "tokyo.md"]);
    assert_eq!(marked(&both, "tokyo.md"), ["大学"]);
    assert_eq!(paths(&f.blog.search("東京大学", 50).unwrap()), ["tokyo.md"]);
    assert_eq!(
        paths(&f.blog.search("北京大学", 50).unwrap()),
        ["beijing.md"]
    );
    // Characters of the run, but not together: no match.
    assert!(f.blog.search("京大学北", 50).unwrap().hits.is_empty());
    // The title's run ranks the post first; mixed scripts in one query.
    assert_eq!(paths(&f.blog.search("東京", 50).unwrap())[0], "tokyo.md");
    assert_eq!(
        paths(&f.blog.search("Rust语言", 50).unwrap()),
        ["beijing.md"]
    );
    assert_eq!(paths(&f.blog.search("きれい", 50).unwrap()), ["tokyo.md"]);
    // Digits between CJK characters: each side a run of its own.
    assert_eq!(paths(&f.blog.search("三年", 50).unwrap()), ["beijing.md"]);
}

#[test]
fn tag_and_status_filters_with_and_without_words() {
    let f = fixture();
    let travel = f.blog.search("tag:travel", 50).unwrap();
    let mut found = paths(&travel);
    found.sort();
    assert_eq!(found, ["beijing.md", "tokyo.md"]);
    assert!(travel.hits.iter().all(|h| h.snippet.is_empty()));
    assert_eq!(
        paths(&f.blog.search("tag:travel status:draft", 50).unwrap()),
        ["tokyo.md"]
    );
    // Case is ignored in tags; words narrow a filter further.
    assert_eq!(
        paths(&f.blog.search("TAG:japan", 50).unwrap()),
        ["tokyo.md"]
    );
    assert_eq!(
        paths(&f.blog.search("tag:travel 北京", 50).unwrap()),
        ["beijing.md"]
    );
    let drafts = f.blog.search("status:draft", 50).unwrap();
    assert!(drafts.hits.iter().all(|h| h.post.status == Status::Draft));
    assert_eq!(drafts.hits.len(), 2);
    assert!(f.blog.search("tag:nothing", 50).unwrap().hits.is_empty());
}

#[test]
fn tag_counts_and_rows_carry_tags() {
    let f = fixture();
    let tags = f.blog.tags().unwrap();
    assert_eq!(
        tags[0],
        TagCount {
            tag: "travel".into(),
            count: 2
        }
    );
    assert_eq!(tags.len(), 6, "{tags:?}");
    let tokyo = f
        .blog
        .posts()
        .unwrap()
        .into_iter()
        .find(|p| p.path == "tokyo.md")
        .unwrap();
    assert_eq!(tokyo.tags, ["travel", "Japan"]);
    assert!(tokyo.edited > 0);
    // A post gone from disk leaves the counts and the results.
    fs::remove_file(f.folder.join("tokyo.md")).unwrap();
    f.blog.scan(2, false, &mut |_, _| {}).unwrap();
    assert!(f.blog.tags().unwrap().iter().all(|t| t.tag != "Japan"));
    f.blog.index_all_for_search().unwrap();
    assert!(f.blog.search("東京", 50).unwrap().hits.is_empty());
}

#[test]
fn hostile_queries_search_literally() {
    let f = fixture();
    for q in [
        "\"",
        "AND (",
        "*",
        "NEAR(",
        "OR",
        "title:rust",
        "rust*",
        "^",
        "\"rust",
        "-",
        "tag:",
        "{",
        "'",
    ] {
        let r = f.blog.search(q, 50);
        assert!(r.is_ok(), "{q:?}: {r:?}");
    }
    // The unclosed quote is a phrase to the end; the operator is a word.
    assert_eq!(
        paths(&f.blog.search("\"rust", 50).unwrap())[0],
        "rust-tools.md"
    );
    assert_eq!(
        paths(&f.blog.search("rust*", 50).unwrap())[0],
        "rust-tools.md"
    );
}

#[test]
fn the_index_catches_up_off_the_save_path_and_rebuilds() {
    let f = fixture();
    let row = f
        .blog
        .posts()
        .unwrap()
        .into_iter()
        .find(|p| p.path == "sites.md")
        .unwrap();
    let text = fs::read_to_string(f.folder.join("sites.md")).unwrap();
    let edited = text.replace("dull", "wonderfully boring");
    f.blog
        .save(row.id, &edited, Some(&content_hash(&text)), 3)
        .unwrap();
    // The save changed the file and the list at once; the index follows when asked.
    let before = f.blog.search("wonderfully", 50).unwrap();
    assert!(before.hits.is_empty());
    assert_eq!(before.pending, 1);
    assert_eq!(f.blog.index_for_search(10).unwrap(), 0);
    assert_eq!(
        paths(&f.blog.search("wonderfully", 50).unwrap()),
        ["sites.md"]
    );
    assert!(f.blog.search("dull", 50).unwrap().hits.is_empty());

    f.blog.rebuild_search().unwrap();
    assert_eq!(
        paths(&f.blog.search("wonderfully", 50).unwrap()),
        ["sites.md"]
    );
    assert_eq!(f.blog.search("travel", 50).unwrap().hits.len(), 2);
}
