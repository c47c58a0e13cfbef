//! The site's full-text search, as static files: an inverted index split into shards by
//! a token's first character, and `search.js`, which loads only the shards a query needs
//! (with `<script>` elements, so it works from `file://` as well as from any server).
//!
//! Why our own index rather than pagefind: pagefind's Rust API brings a large dependency
//! tree (and its CJK segmentation needs its `extended` build with dictionaries), which
//! would add minutes to every build of Quire; this index is a few hundred lines we test
//! end to end. Chinese and Japanese are indexed as overlapping character pairs, so any
//! run of two or more characters is found without a dictionary's guess at word breaks;
//! Latin words match by prefix. The core's tokenizer (the library's search uses it too) and
//! the one in `search.js` must agree:
//! the tests run the real `search.js` over an exported index.

use std::collections::HashMap;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde_json::json;
use sha2::{Digest, Sha256};

pub use quire_core::search::tokenize;

use crate::source::Entry;

/// Shards of the index: a query loads one per distinct first character of its words.
pub const SHARDS: u32 = 64;

/// Score of a token found in a title, tags, summary; in the body each occurrence is worth 1
/// up to [`BODY_CAP`].
const TITLE: u32 = 10;
const TAG: u32 = 5;
const SUMMARY: u32 = 3;
const BODY_CAP: u32 = 10;

/// The shard a token lives in.
pub fn shard_of(token: &str) -> u32 {
    token.chars().next().map_or(0, |c| c as u32 % SHARDS)
}

/// One post's tokens with their scores.
pub fn post_tokens(entry: &Entry, body: &str) -> Tokens {
    Tokens::from_scores(scores(entry, body))
}

fn scores(entry: &Entry, body: &str) -> HashMap<String, u32> {
    // Most tokens of a body repeat: count in place, allocating a token's string once.
    let mut scores: HashMap<String, u32> = HashMap::new();
    tokenize(body, |t| match scores.get_mut(t) {
        Some(n) => *n += 1,
        None => {
            scores.insert(t.to_string(), 1);
        }
    });
    for n in scores.values_mut() {
        *n = (*n).min(BODY_CAP);
    }
    let mut bonus = |text: &str, points: u32| {
        let mut seen: Vec<String> = Vec::new();
        tokenize(text, |t| {
            if seen.iter().any(|s| s == t) {
                return;
            }
            seen.push(t.to_string());
            match scores.get_mut(t) {
                Some(n) => *n += points,
                None => {
                    scores.insert(t.to_string(), points);
                }
            }
        });
    };
    bonus(&entry.title, TITLE);
    bonus(&entry.tags.join(" "), TAG);
    bonus(&entry.summary, SUMMARY);
    scores
}

/// The tokens of a block's posts, kept between exports beside the manifest: an edit
/// tokenizes again only the posts that changed, not the hundreds it shares a block with
/// (that was most of the time an export of one changed post took).
#[derive(Debug, Default)]
pub struct TokenCache {
    /// By post path: the text's content hash and its tokens with their scores.
    posts: HashMap<String, (String, Tokens)>,
}

/// A post's tokens with their scores: the tokens in one string, a line each, so a block's
/// hundreds of thousands of tokens are a few hundred allocations to read and write, not
/// one each (reading them one by one was most of an export after one edit).
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Tokens {
    /// The tokens, each followed by `\n` (a token is letters and digits, never a line
    /// break).
    text: String,
    /// Each token's score, in the same order.
    scores: Vec<u32>,
}

impl Tokens {
    fn from_scores(scores: HashMap<String, u32>) -> Tokens {
        let mut tokens = Tokens {
            text: String::new(),
            scores: Vec::with_capacity(scores.len()),
        };
        for (t, score) in scores {
            tokens.text.push_str(&t);
            tokens.text.push('\n');
            tokens.scores.push(score);
        }
        tokens
    }

    /// Each token with its score.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u32)> {
        self.text
            .split_terminator('\n')
            .zip(self.scores.iter().copied())
    }
}

/// The cache as it is stored: read owned, written borrowed (the same bytes).
#[derive(serde::Deserialize)]
struct Stored {
    version: u32,
    posts: Vec<(String, String, Tokens)>,
}

#[derive(serde::Serialize)]
struct Storing<'a> {
    version: u32,
    posts: Vec<(&'a str, &'a str, &'a Tokens)>,
}

/// Bumped when tokens or scores are computed or stored differently: an older cache is
/// not read. 2: tokens in one string a post.
const TOKEN_CACHE_VERSION: u32 = 2;

impl TokenCache {
    /// The cache at `path`; an empty one if there is none or it cannot be read.
    pub fn load(path: &std::path::Path) -> TokenCache {
        let stored = std::fs::read(path)
            .ok()
            .and_then(|bytes| postcard::from_bytes::<Stored>(&bytes).ok())
            .filter(|c| c.version == TOKEN_CACHE_VERSION);
        TokenCache {
            posts: stored
                .map(|s| {
                    s.posts
                        .into_iter()
                        .map(|(rel, hash, t)| (rel, (hash, t)))
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// Takes the tokens of `entry` out of the cache if it has them for its text.
    pub fn take(&mut self, entry: &Entry) -> Option<Tokens> {
        match self.posts.remove(&entry.rel) {
            Some((hash, tokens)) if hash == entry.hash => Some(tokens),
            _ => None,
        }
    }

    /// Saves exactly these posts' tokens to `path`. Failing costs only the next export's
    /// time.
    pub fn save(path: &std::path::Path, posts: &[(&Entry, Tokens)]) {
        let storing = Storing {
            version: TOKEN_CACHE_VERSION,
            posts: posts
                .iter()
                .map(|(e, tokens)| (e.rel.as_str(), e.hash.as_str(), tokens))
                .collect(),
        };
        let bytes = postcard::to_stdvec(&storing).expect("the token cache serializes");
        if let Err(e) = crate::output::write_whole(path, &bytes) {
            tracing::warn!(error = %e, "the search tokens are not kept; the next export reads the posts again");
        }
    }
}

/// Posts per block of the index, about: an edit rewrites only its block's files, and a
/// query loads one posts file and a few shards per block.
pub const BLOCK_POSTS: usize = 500;

/// How many blocks `n` posts are split into: a power of two, so the count (and with it
/// every block) changes only when the blog doubles.
pub fn block_count(n: usize) -> u32 {
    (n.div_ceil(BLOCK_POSTS).max(1) as u32).next_power_of_two()
}

/// The block a post's file belongs to: from its path, so it stays put as others come and go.
pub fn block_of(rel: &str, blocks: u32) -> u32 {
    let digest = Sha256::digest(rel.as_bytes());
    let n = u64::from_le_bytes(digest[..8].try_into().expect("8 bytes"));
    (n % u64::from(blocks)) as u32
}

/// `meta.js`: how many shards and blocks the index has.
pub fn meta_file(blocks: u32) -> String {
    format!("QuireSearch.receiveMeta({{\"shards\":{SHARDS},\"blocks\":{blocks}}});\n")
}

/// The files of block `b`, `(name under search/, contents)`: its posts and one shard per
/// token group. `posts` are the block's public posts, each with its [`post_tokens`].
pub fn block_files(b: u32, posts: &[(&Entry, Tokens)]) -> Vec<(String, String)> {
    let mut shards: Vec<FxHashMap<&str, Vec<(u32, u32)>>> =
        (0..SHARDS).map(|_| FxHashMap::default()).collect();
    for (i, (_, tokens)) in posts.iter().enumerate() {
        for (t, score) in tokens.iter() {
            shards[shard_of(t) as usize]
                .entry(t)
                .or_default()
                .push((i as u32, score));
        }
    }
    let list: Vec<_> = posts
        .iter()
        .map(|(e, _)| json!([e.page(), e.title, e.date, e.summary]))
        .collect();
    let mut files = vec![(
        format!("b{b}-posts.js"),
        format!(
            "QuireSearch.receivePosts({b}, {});\n",
            script_safe(&serde_json::Value::Array(list).to_string())
        ),
    )];
    // Each shard on its own core: writing the block's JSON is most of an edit's export.
    let shard_files: Vec<(String, String)> = shards
        .into_par_iter()
        .enumerate()
        .map(|(n, shard)| shard_file(b, n, shard))
        .collect();
    files.extend(shard_files);
    files
}

/// Shard `n` of block `b`: each token with its postings, sorted, so an unchanged shard is
/// byte-for-byte the same file.
fn shard_file(b: u32, n: usize, shard: FxHashMap<&str, Vec<(u32, u32)>>) -> (String, String) {
    let mut tokens: Vec<_> = shard.into_iter().collect();
    tokens.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut body = format!("QuireSearch.receiveShard({b}, {n}, {{");
    let mut number = itoa::Buffer::new();
    for (i, (t, postings)) in tokens.iter().enumerate() {
        if i > 0 {
            body.push(',');
        }
        // Only the tokens need escaping: the rest is digits and punctuation.
        body.push_str(&script_safe(
            &serde_json::to_string(t).expect("a string serializes"),
        ));
        body.push_str(":[");
        for (j, (p, s)) in postings.iter().enumerate() {
            if j > 0 {
                body.push(',');
            }
            body.push('[');
            body.push_str(number.format(*p));
            body.push(',');
            body.push_str(number.format(*s));
            body.push(']');
        }
        body.push(']');
    }
    body.push_str("});\n");
    (format!("b{b}-shard-{n}.js"), body)
}

/// JSON made safe to sit in a script or a `<script>` element: no `</script>` can close it.
pub fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

#[cfg(test)]
mod tests {
    use super::*;
    use quire_core::search::tokens;

    #[test]
    fn same_tokens_as_search_js() {
        // The same cases as theme/search.test.cjs.
        assert_eq!(tokens("Hello, World's 2nd"), ["hello", "world", "s", "2nd"]);
        assert_eq!(
            tokens("静かな朝です"),
            ["静か", "かな", "な朝", "朝で", "です"]
        );
        assert_eq!(tokens("朝"), ["朝"]);
        assert_eq!(tokens("Rust と 日本語"), ["rust", "と", "日本", "本語"]);
        assert_eq!(shard_of("rust"), 'r' as u32 % SHARDS);
    }

    #[test]
    fn blocks_grow_by_doubling_and_keep_their_posts() {
        assert_eq!(block_count(0), 1);
        assert_eq!(block_count(500), 1);
        assert_eq!(block_count(501), 2);
        assert_eq!(block_count(10_000), 32);
        let b = block_of("notes/a.md", 8);
        assert!(b < 8);
        assert_eq!(block_of("notes/a.md", 8), b);
    }
}
