//! Full-text search: how text becomes search tokens, what an author's query means, and the
//! snippet shown under a hit. The library's FTS5 table stores the tokens; this module is
//! everything around it that is not SQL.
//!
//! Chinese and Japanese are written without spaces, so no tokenizer can find their word
//! breaks without a dictionary. Instead every pair of adjacent CJK characters is a token,
//! and a query's CJK run becomes the phrase of its pairs: any run of two or more
//! characters is found, and only where those characters stand together. (FTS5's trigram
//! tokenizer misses two-character words, the most common length in Chinese.) The static
//! site's search uses the same tokens, so both find the same posts. The snippet under a
//! hit is `snippet.rs`.

use serde::Serialize;
use ts_rs::TS;

use crate::blog::Blog;
use crate::folder::content_hash;
use crate::frontmatter::{self, Status};
use crate::library::PostRow;
use crate::reading::is_cjk;
use crate::Result;

mod snippet;

pub use snippet::snippet;

/// Splits `text` into runs: lower-cased letters and digits outside CJK scripts, and runs
/// of CJK characters; `f` gets each run and whether it is CJK.
fn runs(text: &str, mut f: impl FnMut(&str, bool)) {
    let mut run = String::new();
    let mut run_cjk = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let cjk = is_cjk(c);
        if cjk || c.is_alphanumeric() {
            if !run.is_empty() && cjk != run_cjk {
                f(&run, run_cjk);
                run.clear();
            }
            run_cjk = cjk;
            run.push(c);
        } else if !run.is_empty() {
            f(&run, run_cjk);
            run.clear();
        }
    }
    if !run.is_empty() {
        f(&run, run_cjk);
    }
}

/// Splits text into search tokens: lower-cased runs of letters and digits, and every pair
/// of adjacent CJK characters (a lone CJK character is a token itself).
pub fn tokenize(text: &str, mut f: impl FnMut(&str)) {
    let mut pair = String::new();
    runs(text, |run, cjk| {
        if !cjk {
            return f(run);
        }
        let chars: Vec<char> = run.chars().collect();
        if chars.len() == 1 {
            return f(run);
        }
        for w in chars.windows(2) {
            pair.clear();
            pair.extend(w);
            f(&pair);
        }
    });
}

/// The tokens of `text`, collected: what [`tokenize`] hands out one at a time.
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    tokenize(text, |t| out.push(t.to_string()));
    out
}

/// The text as the index stores it: its tokens, separated by spaces, so that FTS5's own
/// tokenizer only has to split on them (and fold diacritics).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    tokenize(text, |t| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(t);
    });
    out
}

/// One thing the author looks for: a word (matched as a prefix) or a quoted phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Tokens that must stand together, in order.
    pub tokens: Vec<String>,
    /// The last token may be the start of a longer word.
    pub prefix: bool,
    /// The runs to highlight in a snippet: a CJK run whole, not its pairs.
    pub needles: Vec<String>,
}

/// A search as the author typed it: words and phrases, all of which must match, and the
/// `tag:` and `status:` filters.
///
/// Every query means something: quotes that do not close run to the end, FTS5's operators
/// and punctuation are taken as the words they are, and what has no letters is ignored.
/// Nothing the author types reaches FTS5 unquoted, so no query is a syntax error.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Words and phrases; a post must match all of them.
    pub terms: Vec<Term>,
    /// `tag:name` filters; a post must carry all of them (case ignored).
    pub tags: Vec<String>,
    /// A `status:` filter.
    pub status: Option<Status>,
}

impl Query {
    /// Reads a query.
    pub fn parse(text: &str) -> Query {
        let mut query = Query::default();
        let mut rest = text;
        loop {
            rest = rest.trim_start();
            if rest.is_empty() {
                return query;
            }
            // A filter's value may be quoted: `tag:"machine learning"`.
            if let Some(after) = strip_prefix_ci(rest, "tag:") {
                let (tag, _, tail) = next_piece(after);
                if !tag.trim().is_empty() {
                    query.tags.push(tag.trim().to_string());
                }
                rest = tail;
                continue;
            }
            if let Some(after) = strip_prefix_ci(rest, "status:") {
                let (value, _, tail) = next_piece(after);
                if let Some(status) = Status::parse(value) {
                    query.status = Some(status);
                    rest = tail;
                    continue;
                }
            }
            let (piece, quoted, tail) = next_piece(rest);
            query.push_term(piece, quoted);
            rest = tail;
        }
    }

    fn push_term(&mut self, text: &str, phrase: bool) {
        let mut tokens = Vec::new();
        tokenize(text, |t| tokens.push(t.to_string()));
        let Some(last) = tokens.last() else { return };
        // A lone CJK character is the start of the pairs the text was indexed as (`号`
        // of `号の`), so it matches as a prefix even at the end of a phrase.
        let lone_cjk = last.chars().count() == 1 && last.chars().all(is_cjk);
        let prefix = lone_cjk || (!phrase && !last.chars().any(is_cjk));
        let mut needles = Vec::new();
        runs(text, |run, _| needles.push(run.to_string()));
        if phrase {
            // The snippet's text has its spaces collapsed: a phrase is marked whole.
            needles = vec![needles.join(" ")];
        }
        self.terms.push(Term {
            tokens,
            prefix,
            needles,
        });
    }

    /// Whether the query looks for words at all (rather than only filtering).
    pub fn has_terms(&self) -> bool {
        !self.terms.is_empty()
    }

    /// The FTS5 expression: each term a quoted phrase, all of them required. `None` when
    /// the query has no words.
    pub fn fts(&self) -> Option<String> {
        if self.terms.is_empty() {
            return None;
        }
        let mut out = String::new();
        for term in &self.terms {
            if !out.is_empty() {
                out.push(' ');
            }
            // Tokens hold letters and digits only, so a quote can never end the string early.
            out.push('"');
            out.push_str(&term.tokens.join(" "));
            out.push('"');
            if term.prefix {
                out.push('*');
            }
        }
        Some(out)
    }
}

/// The next word or quoted phrase of `s`, whether it was quoted, and what follows it. A
/// quote that does not close runs to the end.
fn next_piece(s: &str) -> (&str, bool, &str) {
    if let Some(inner) = s.strip_prefix('"') {
        return match inner.find('"') {
            Some(end) => (&inner[..end], true, &inner[end + 1..]),
            None => (inner, true, ""),
        };
    }
    let end = s.find(char::is_whitespace).unwrap_or(s.len());
    (&s[..end], false, &s[end..])
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// One piece of a snippet: text, and whether it is a match to highlight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Mark {
    /// The text, plain: the ui shows it as text, never as HTML.
    pub text: String,
    /// The piece is one of the query's words.
    pub hit: bool,
}

/// A post that matched, with the passage where it did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SearchHit {
    /// The post as the list shows it.
    pub post: PostRow,
    /// Around the first match in the body, matches marked; empty when only the title,
    /// tags or summary matched, or the query only filters.
    pub snippet: Vec<Mark>,
}

/// What a search found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SearchResults {
    /// Best first: posts whose title matches, then by bm25.
    pub hits: Vec<SearchHit>,
    /// Posts not yet in the index (a scan just found them): the results may miss them.
    pub pending: u32,
}

/// A tag and how many posts carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TagCount {
    /// As the first post to use it spells it.
    pub tag: String,
    /// Posts on disk that carry it.
    pub count: u32,
}

/// Posts indexed per transaction: short enough that a save waiting on the library's write
/// lock waits a few milliseconds at most.
pub const INDEX_BATCH: usize = 64;

impl Blog {
    /// Brings up to `limit` posts into the search index (or takes out the ones gone from
    /// disk); returns how many are left. The text comes from the file as it is now, or,
    /// if it changed since the last scan, from the revision of the version the library
    /// knows (the next scan indexes the new one).
    pub fn index_for_search(&self, limit: usize) -> Result<u32> {
        // A read-only library is searched as it was indexed; nothing more can be kept.
        if self.library.is_read_only() {
            return Ok(0);
        }
        let stale = self.library.unindexed(limit)?;
        if stale.is_empty() {
            return Ok(0);
        }
        let mut batch = Vec::with_capacity(stale.len());
        for post in &stale {
            let text = match &post.disk_hash {
                None => None,
                Some(hash) => match self.folder.read(&post.path) {
                    Ok(text) if content_hash(&text) == *hash => Some(text),
                    _ => self.library.text_by_hash(post.id, hash)?,
                },
            };
            let fields = text.map(|text| {
                let body = frontmatter::split(&text).map_or(text.as_str(), |s| s.body);
                [
                    fold(&post.title),
                    fold(&post.tags.join(" ")),
                    fold(post.summary.as_deref().unwrap_or_default()),
                    fold(body),
                ]
            });
            batch.push((post, fields));
        }
        self.library.index_for_search(&batch)?;
        self.library.unindexed_count()
    }

    /// Brings the whole index up to date, a batch per transaction.
    pub fn index_all_for_search(&self) -> Result<()> {
        while self.index_for_search(INDEX_BATCH)? > 0 {}
        Ok(())
    }

    /// Empties the search index and builds it again from the files.
    pub fn rebuild_search(&self) -> Result<()> {
        self.library.clear_search()?;
        self.index_all_for_search()
    }

    /// The posts that match `query` (see [`Query`]), best first, at most `limit`, each with
    /// a snippet of its body. Whatever the author typed, this is a search, never a syntax
    /// error.
    pub fn search(&self, query: &str, limit: usize) -> Result<SearchResults> {
        let query = Query::parse(query);
        let posts = self.library.search(&query, limit)?;
        let hits = posts
            .into_iter()
            .map(|post| {
                let snippet = if query.has_terms() {
                    // A file unreadable since the last scan simply shows no passage.
                    self.folder
                        .read(&post.path)
                        .map(|text| {
                            let body = frontmatter::split(&text).map_or(text.as_str(), |s| s.body);
                            snippet(body, &query)
                        })
                        .unwrap_or_default()
                } else {
                    Vec::new()
                };
                SearchHit { post, snippet }
            })
            .collect();
        Ok(SearchResults {
            hits,
            pending: self.library.unindexed_count()?,
        })
    }

    /// Every tag of the posts on disk with how many carry it, most used first.
    pub fn tags(&self) -> Result<Vec<TagCount>> {
        self.library.tag_counts()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_words_and_cjk_pairs() {
        assert_eq!(
            tokens("Rust's 東京大学 café"),
            ["rust", "s", "東京", "京大", "大学", "café"]
        );
        assert_eq!(tokens("学"), ["学"]);
        assert_eq!(tokens("Rust编程"), ["rust", "编程"]);
    }

    #[test]
    fn a_lone_cjk_character_is_a_prefix() {
        assert_eq!(Query::parse("第1234号").fts().unwrap(), r#""第 1234 号"*"#);
        assert_eq!(Query::parse("\"号\"").fts().unwrap(), r#""号"*"#);
    }

    #[test]
    fn words_are_prefixes_and_phrases_are_exact() {
        let q = Query::parse(r#"rust "static site" 東京大学"#);
        assert_eq!(
            q.fts().unwrap(),
            r#""rust"* "static site" "東京 京大 大学""#
        );
    }

    #[test]
    fn filters_come_out_of_the_words() {
        let q = Query::parse(r#"tag:Rust status:draft tag:"machine learning" async"#);
        assert_eq!(q.tags, ["Rust", "machine learning"]);
        assert_eq!(q.status, Some(Status::Draft));
        assert_eq!(q.fts().unwrap(), r#""async"*"#);
        // A status that names none is a word like any other.
        let q = Query::parse("status:lost");
        assert_eq!(q.status, None);
        assert_eq!(q.fts().unwrap(), r#""status lost"*"#);
    }

    #[test]
    fn hostile_queries_are_literal() {
        for text in [
            "\"",
            "AND (",
            "*",
            "NEAR(a b)",
            "a OR b NOT c",
            "\"unclosed phrase",
            "col:umn",
            "^start",
            "''",
            "tag:",
            "tag:\"",
        ] {
            let q = Query::parse(text);
            if let Some(e) = q.fts() {
                // Every token is quoted; only letters, digits, spaces, quotes and stars.
                assert!(
                    e.chars()
                        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '"' | '*')),
                    "{text:?} -> {e}"
                );
            }
        }
        assert_eq!(Query::parse("AND (").fts().unwrap(), r#""and"*"#);
        assert_eq!(Query::parse("*").fts(), None);
    }

    #[test]
    fn snippet_marks_the_words_around_the_first_match() {
        let body = "# Notes\n\nA long introduction that says nothing much at all about anything, \
                    then **Rust** arrives and rusty tools follow. The end.";
        let q = Query::parse("rust");
        let s = snippet(body, &q);
        let hits: Vec<&str> = s
            .iter()
            .filter(|m| m.hit)
            .map(|m| m.text.as_str())
            .collect();
        assert_eq!(hits, ["Rust", "rusty"]);
        let text: String = s.iter().map(|m| m.text.as_str()).collect();
        assert!(text.starts_with('…'), "{text}");
        assert!(!text.contains("**"), "{text}");
        // A word inside another is not a match: "trust" holds "rust" but does not start with it.
        assert!(snippet("I trust it", &q).is_empty());
    }

    #[test]
    fn snippet_finds_cjk_runs_anywhere() {
        let q = Query::parse("大学");
        let s = snippet("私は東京大学で勉強しました。", &q);
        assert_eq!(
            s,
            [
                Mark {
                    text: "私は東京".into(),
                    hit: false
                },
                Mark {
                    text: "大学".into(),
                    hit: true
                },
                Mark {
                    text: "で勉強しました。".into(),
                    hit: false
                },
            ]
        );
    }
}
