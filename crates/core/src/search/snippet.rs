//! The snippet under a search hit: the passage around the first of the query's words, as
//! prose (Markdown's markup left out), every one of the words marked in it.

use super::{Mark, Query};
use crate::reading::is_cjk;

/// Characters of context a snippet shows before its first match.
const BEFORE: usize = 50;
/// Characters a snippet shows at most.
const WIDTH: usize = 180;
/// A body is searched for a snippet only this far, so one enormous post cannot slow
/// every query that finds it.
const SCAN_LIMIT: usize = 256 * 1024;

/// The passage of `body` around the first of the query's words, with every one of them
/// in it marked. Markdown's markup characters are left out and whitespace collapsed, so
/// the passage reads as prose. Empty when the body has none of the words.
pub fn snippet(body: &str, query: &Query) -> Vec<Mark> {
    let mut cut = body.len().min(SCAN_LIMIT);
    while !body.is_char_boundary(cut) {
        cut -= 1;
    }
    let needles: Vec<(Vec<char>, bool)> = query
        .terms
        .iter()
        .flat_map(|t| t.needles.iter().map(|n| (n.chars().collect(), t.prefix)))
        .collect();
    // Most bodies are long and the passage is short: find the first match in the raw
    // text without copying it, and make only its neighbourhood plain.
    let Some(first) = first_match(&body[..cut], &needles) else {
        // A phrase may stand across a line break or markup in the raw text.
        let phrase = needles.iter().any(|(n, _)| n.contains(&' '));
        return if phrase {
            passage(&body[..cut], &needles)
        } else {
            Vec::new()
        };
    };
    let mut from = first.saturating_sub(BEFORE * 8);
    while !body.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (first + WIDTH * 8).min(cut);
    while !body.is_char_boundary(to) {
        to += 1;
    }
    let mut marks = passage(&body[from..to], &needles);
    if marks.is_empty() {
        // The match spanned markup that the plain text drops (`**a** b`): look at it all.
        marks = passage(&body[..cut], &needles);
    }
    if from > 0 && marks.first().is_some_and(|m| !m.text.starts_with('…')) {
        marks.insert(
            0,
            Mark {
                text: "…".into(),
                hit: false,
            },
        );
    }
    marks
}

/// The byte offset of the first match of a needle in `text`, compared as [`match_at`]
/// does. Runs over every hit's body on every query, so the usual needles take fast
/// paths: CJK has no case (a plain substring search), ASCII compares bytes.
fn first_match(text: &str, needles: &[(Vec<char>, bool)]) -> Option<usize> {
    needles
        .iter()
        .filter_map(|(n, _)| {
            let needle: String = n.iter().collect();
            if n.iter().all(|&c| is_cjk(c)) {
                text.find(&needle)
            } else if needle.is_ascii() {
                first_ascii_word(text.as_bytes(), needle.as_bytes())
            } else {
                first_folded_word(text, n)
            }
        })
        .min()
}

/// The first place `needle` (lower-case ASCII) starts a word in `text`, case ignored.
fn first_ascii_word(text: &[u8], needle: &[u8]) -> Option<usize> {
    let first = needle[0];
    let mut from = 0;
    while let Some(i) = text[from..]
        .iter()
        .position(|b| b.to_ascii_lowercase() == first)
        .map(|i| from + i)
    {
        let starts_word = i == 0 || !is_word_byte(text, i);
        if starts_word
            && text.len() - i >= needle.len()
            && text[i..i + needle.len()].eq_ignore_ascii_case(needle)
        {
            return Some(i);
        }
        from = i + 1;
    }
    None
}

/// Whether the character before byte `i` is a letter or digit (of any script).
fn is_word_byte(text: &[u8], i: usize) -> bool {
    let b = text[i - 1];
    if b.is_ascii() {
        return b.is_ascii_alphanumeric();
    }
    // A multi-byte character: decode it from its start.
    let start = (0..i).rev().find(|&j| text[j] & 0xC0 != 0x80).unwrap_or(0);
    std::str::from_utf8(&text[start..i])
        .ok()
        .and_then(|s| s.chars().next())
        .is_some_and(char::is_alphanumeric)
}

/// The general case: one character at a time, each folded.
fn first_folded_word(text: &str, n: &[char]) -> Option<usize> {
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        let starts_word = prev.is_none_or(|p| !p.is_alphanumeric());
        prev = Some(c);
        if !starts_word || fold_char(c) != n[0] {
            continue;
        }
        let mut rest = text[i..].chars().map(fold_char);
        if n.iter().all(|&nc| rest.next() == Some(nc)) {
            return Some(i);
        }
    }
    None
}

/// The passage of `body` around its first match, as marks. Empty when there is none.
fn passage(body: &str, needles: &[(Vec<char>, bool)]) -> Vec<Mark> {
    let text = plain(body);
    let chars: Vec<char> = text.chars().collect();
    let lower: Vec<char> = chars.iter().map(|&c| fold_char(c)).collect();
    let Some(first) = (0..lower.len()).find(|&i| match_at(&lower, i, needles).is_some()) else {
        return Vec::new();
    };
    let mut start = first.saturating_sub(BEFORE);
    if start > 0 {
        // Start at a word, not in the middle of one (CJK has no spaces to look for).
        if let Some(space) = chars[start..first].iter().position(|&c| c == ' ') {
            start += space + 1;
        }
    }
    let end = (start + WIDTH).min(chars.len());
    let mut marks: Vec<Mark> = Vec::new();
    let push = |text: String, hit: bool, marks: &mut Vec<Mark>| match marks.last_mut() {
        Some(last) if last.hit == hit => last.text.push_str(&text),
        _ => marks.push(Mark { text, hit }),
    };
    if start > 0 {
        push("…".into(), false, &mut marks);
    }
    let mut i = start;
    while i < end {
        match match_at(&lower, i, needles) {
            Some(len) => {
                let stop = (i + len).min(end);
                push(chars[i..stop].iter().collect(), true, &mut marks);
                i = stop;
            }
            None => {
                push(chars[i].to_string(), false, &mut marks);
                i += 1;
            }
        }
    }
    if end < chars.len() {
        push("…".into(), false, &mut marks);
    }
    marks
}

/// Case folded one character to one, so positions in the folded text are positions in
/// the original.
fn fold_char(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// The length of the needle that matches at `i`, if any. A word matches at the start of a
/// word only (it is a prefix search) and is marked to the word's end; a CJK run matches
/// anywhere.
fn match_at(text: &[char], i: usize, needles: &[(Vec<char>, bool)]) -> Option<usize> {
    needles.iter().find_map(|(n, prefix)| {
        let starts_word = is_cjk(n[0]) || i == 0 || !text[i - 1].is_alphanumeric();
        if !starts_word || !text[i..].starts_with(n) {
            return None;
        }
        let mut end = i + n.len();
        if *prefix {
            while end < text.len() && text[end].is_alphanumeric() && !is_cjk(text[end]) {
                end += 1;
            }
        }
        Some(end - i)
    })
}

/// The body as prose: whitespace collapsed, Markdown's markup characters dropped.
fn plain(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut space = false;
    for c in body.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if matches!(c, '#' | '*' | '_' | '`' | '>' | '|' | '[' | ']' | '~') {
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}
