//! The live preview of the post being edited, kept in step with the editor by edits.
//!
//! On every keystroke the article must be rendered again, and comrak is fast at that. What
//! is slow for a long post is everything around it: the whole text crossing to the core,
//! the whole article crossing back, and the webview parsing and laying it out again. So
//! the preview keeps the text and the last article it showed: the editor sends only its
//! edits, and gets back only the top-level blocks of the body that changed (and the
//! header and footer when they changed). The HTML is the same the export writes: the
//! preview is [`article::render_parts`], cut into blocks.

use std::fmt::Write as _;
use std::ops::Range;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::article::{self, AssetLinks, Site};
use crate::error::{Error, Result};
pub use crate::markdown::Heading;

/// One change to the text, as the editor (CodeMirror) reports it: `from..to` replaced by
/// `insert`. Offsets count UTF-16 code units, the way JavaScript strings do, and all of a
/// batch's offsets refer to the text before the batch.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct TextEdit {
    /// Start of the replaced range.
    pub from: usize,
    /// End of the replaced range.
    pub to: usize,
    /// The text put in its place.
    pub insert: String,
}

/// The page around the article's body: everything before it and everything after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Shell {
    /// The page up to the body's first block.
    pub head: String,
    /// The page after the body's last block.
    pub tail: String,
}

/// What the window must change to show the newest render.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PreviewPatch {
    /// The text version whose render this patch changes (0: none, the window starts over).
    /// A window showing anything else must ask for the whole article.
    pub from: u64,
    /// The text version the patched window shows.
    pub version: u64,
    /// The new page around the body, when it changed (or when the window has none yet).
    pub shell: Option<Shell>,
    /// The body's blocks `start .. start + removed` become `inserted`.
    pub start: usize,
    /// How many of the shown blocks, from `start` on, are replaced.
    pub removed: usize,
    /// The HTML of the blocks put in their place, in order.
    pub inserted: Vec<String>,
    /// The editor's line (from 1) where each inserted block starts.
    pub lines: Vec<u32>,
    /// Lines added (or, negative, removed) before the blocks after the inserted ones: their
    /// HTML is unchanged, their lines move by this much.
    pub shift: i32,
    /// The headings, when they (or their lines) changed since the last patch.
    pub outline: Option<Vec<Heading>>,
    /// The article's title, sent every time: it is small.
    pub title: String,
    /// The word count, CJK characters counted one each.
    pub words: u64,
    /// Characters of prose (code and front matter left out).
    pub chars: u64,
    /// Reading time in whole minutes, rounded up.
    pub minutes: u64,
}

/// The text being edited and the article the window shows for it.
///
/// Each state of the text has a version the editor picks (a number it never reuses). An
/// edit names the version it was made to: if that is not this text's version (a reply
/// was lost, or requests crossed), nothing is applied and the editor sends the whole text.
#[derive(Debug, Default)]
pub struct Preview {
    version: u64,
    text: String,
    /// The text's length in UTF-16 code units, the editor's measure.
    utf16_len: usize,
    /// The text's line breaks, kept up by each edit rather than counted per keystroke.
    breaks: usize,
    /// The text version of the article the window shows (0: none).
    shown_version: u64,
    shown_shell: Option<Shell>,
    /// The body HTML shown, and where each of its top-level blocks lies in it.
    shown_body: String,
    shown_blocks: Vec<Range<usize>>,
    /// The editor line each shown block starts on.
    shown_lines: Vec<u32>,
    /// The line breaks in the text shown: what the lines after an edit moved by.
    shown_breaks: usize,
    /// The outline the window shows; none yet after a whole new text, so the first
    /// render always sends one (an empty one too, replacing the last post's).
    shown_outline: Option<Vec<Heading>>,
}

impl Preview {
    /// A preview with no text that has shown nothing yet.
    pub fn new() -> Preview {
        Preview::default()
    }

    /// Starts over with a whole text: the window has shown nothing of it, so the next
    /// render sends every part.
    pub fn set_text(&mut self, text: String, version: u64) {
        self.version = version;
        self.utf16_len = utf16_len(&text);
        self.breaks = line_breaks(&text);
        self.text = text;
        self.shown_version = 0;
        self.shown_shell = None;
        self.shown_body.clear();
        self.shown_blocks.clear();
        self.shown_lines.clear();
        self.shown_outline = None;
    }

    /// Applies the editor's edits to version `base`, making version `version`. `after`
    /// is the editor's text length after them, a check that both sides hold the same text.
    /// On an error nothing is applied, and the editor must send the whole text.
    pub fn edit(
        &mut self,
        base: u64,
        version: u64,
        edits: &[TextEdit],
        after: usize,
    ) -> Result<()> {
        let out_of_step = Error::PreviewOutOfStep {
            expected: base,
            found: self.version,
        };
        if base != self.version {
            return Err(out_of_step);
        }
        let before = self.utf16_len;
        let mut sorted: Vec<&TextEdit> = edits.iter().collect();
        sorted.sort_by_key(|e| e.from);
        let valid = sorted.iter().all(|e| e.from <= e.to && e.to <= before)
            && sorted.windows(2).all(|w| w[0].to <= w[1].from);
        if !valid {
            return Err(out_of_step);
        }
        let Some(bytes) = byte_offsets(&self.text, &sorted) else {
            // An offset in the middle of a surrogate pair: not the editor's text either.
            return Err(out_of_step);
        };
        let removed: usize = sorted.iter().map(|e| e.to - e.from).sum();
        let inserted: usize = sorted.iter().map(|e| utf16_len(&e.insert)).sum();
        let len = before - removed + inserted;
        if len != after {
            return Err(out_of_step);
        }
        // In place, last first, so the earlier byte offsets stay where they were.
        for (edit, (from, to)) in sorted.iter().zip(bytes).rev() {
            self.breaks =
                self.breaks - line_breaks(&self.text[from..to]) + line_breaks(&edit.insert);
            self.text.replace_range(from..to, &edit.insert);
        }
        self.version = version;
        self.utf16_len = len;
        Ok(())
    }

    /// The current text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text, if it is version `version` (the editor's text at that version); else
    /// `preview_out_of_step`.
    pub fn text_at(&self, version: u64) -> Result<&str> {
        if version != self.version || version == 0 {
            return Err(Error::PreviewOutOfStep {
                expected: version,
                found: self.version,
            });
        }
        Ok(&self.text)
    }

    /// Renders the current text and returns what changed since the last render shown.
    /// On an error (malformed front matter) nothing changes: the window keeps the last
    /// good article.
    pub fn render(&mut self, site: &Site, links: &AssetLinks) -> Result<PreviewPatch> {
        let parts = article::render_parts(&self.text, site, links, true)?;
        let (body, blocks, body_lines) = relative_lines(&parts.body);
        let lines: Vec<u32> = body_lines
            .iter()
            .map(|l| l.saturating_add(parts.body_line))
            .collect();
        let breaks = self.breaks;
        // Blocks after the edit keep their HTML and move by the lines the edit added.
        let shift = i64::try_from(breaks).unwrap_or(i64::MAX)
            - i64::try_from(self.shown_breaks).unwrap_or(i64::MAX);
        let moved = |old: u32, new: u32| i64::from(new) - i64::from(old) == shift;
        // Blocks are compared as slices of the old and new body: no copy per block.
        let old: Vec<(&str, u32)> = self
            .shown_blocks
            .iter()
            .map(|r| &self.shown_body[r.clone()])
            .zip(self.shown_lines.iter().copied())
            .collect();
        let new: Vec<(&str, u32)> = blocks
            .iter()
            .map(|r| &body[r.clone()])
            .zip(lines.iter().copied())
            .collect();
        let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
        let suffix = old[prefix..]
            .iter()
            .rev()
            .zip(new[prefix..].iter().rev())
            .take_while(|(a, b)| a.0 == b.0 && moved(a.1, b.1))
            .count();
        let shell = Shell {
            head: parts.head,
            tail: parts.tail,
        };
        let changed = &new[prefix..new.len() - suffix];
        let patch = PreviewPatch {
            from: self.shown_version,
            version: self.version,
            shell: (self.shown_shell.as_ref() != Some(&shell)).then(|| shell.clone()),
            start: prefix,
            removed: old.len() - prefix - suffix,
            inserted: changed.iter().map(|(b, _)| b.to_string()).collect(),
            lines: changed.iter().map(|(_, l)| *l).collect(),
            shift: if suffix == 0 {
                0
            } else {
                i32::try_from(shift).unwrap_or(0)
            },
            outline: (self.shown_outline.as_ref() != Some(&parts.headings))
                .then(|| parts.headings.clone()),
            title: parts.title,
            words: parts.words,
            chars: parts.chars,
            minutes: parts.minutes,
        };
        self.shown_version = self.version;
        self.shown_shell = Some(shell);
        self.shown_blocks = blocks;
        self.shown_body = body;
        self.shown_lines = lines;
        self.shown_breaks = breaks;
        self.shown_outline = Some(parts.headings);
        Ok(patch)
    }
}

fn line_breaks(s: &str) -> usize {
    s.bytes().filter(|&b| b == b'\n').count()
}

fn utf16_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().map(char::len_utf16).sum()
    }
}

/// The byte offsets of each edit's `from` and `to` (UTF-16 offsets), in one pass over the
/// text; `None` if one falls inside a character.
fn byte_offsets(text: &str, sorted: &[&TextEdit]) -> Option<Vec<(usize, usize)>> {
    if text.is_ascii() {
        return Some(sorted.iter().map(|e| (e.from, e.to)).collect());
    }
    let mut wanted: Vec<usize> = sorted.iter().flat_map(|e| [e.from, e.to]).collect();
    wanted.dedup();
    let mut found = Vec::with_capacity(wanted.len());
    let mut units = 0;
    let mut want = wanted.iter().peekable();
    for (byte, ch) in text.char_indices().chain([(text.len(), '\0')]) {
        while let Some(&&w) = want.peek() {
            if w == units {
                found.push((w, byte));
                want.next();
            } else if w < units {
                return None;
            } else {
                break;
            }
        }
        units += ch.len_utf16();
    }
    let at = |w: usize| found.iter().find(|(u, _)| *u == w).map(|(_, b)| *b);
    sorted
        .iter()
        .map(|e| Some((at(e.from)?, at(e.to)?)))
        .collect()
}

/// Elements with no closing tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Cuts rendered body HTML into its top-level blocks, each with the newline after it.
pub fn split_blocks(html: &str) -> Vec<&str> {
    block_ranges(html).into_iter().map(|r| &html[r]).collect()
}

/// Where the top-level blocks of rendered body HTML lie, each with the newline after it.
///
/// comrak escapes every `<` in text and attribute values (raw HTML is not passed through),
/// so tags can be found by `<` alone. The blocks always join back into `html`; should the
/// markup ever not nest as expected, it is one block, which is slower but still right.
fn block_ranges(html: &str) -> Vec<Range<usize>> {
    let whole = || {
        let all = 0..html.len();
        (!all.is_empty())
            .then_some(all)
            .into_iter()
            .collect::<Vec<_>>()
    };
    let bytes = html.as_bytes();
    let mut blocks: Vec<Range<usize>> = Vec::new();
    let mut depth: usize = 0;
    let mut start = 0;
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let open = i + off;
        if html[open..].starts_with("<!--") {
            let Some(end) = html[open..].find("-->") else {
                return whole();
            };
            i = open + end + 3;
        } else {
            let Some(end) = html[open..].find('>') else {
                return whole();
            };
            let tag = &html[open + 1..open + end];
            i = open + end + 1;
            if tag.starts_with('/') {
                let Some(d) = depth.checked_sub(1) else {
                    return whole();
                };
                depth = d;
            } else {
                let name = &tag[..tag.bytes().take_while(u8::is_ascii_alphanumeric).count()];
                let void = VOID.iter().any(|v| v.eq_ignore_ascii_case(name));
                if !tag.ends_with('/') && !void {
                    depth += 1;
                }
            }
        }
        if depth == 0 {
            // The block ends with the line it closes on.
            while i < bytes.len() && bytes[i] == b'\n' {
                i += 1;
            }
            blocks.push(start..i);
            start = i;
        }
    }
    if depth != 0 {
        return whole();
    }
    if start < html.len() {
        // Text after the last tag (comrak writes none) joins the last block.
        let from = blocks.pop().map_or(0, |last| last.start);
        blocks.push(from..html.len());
    }
    blocks
}

/// Elements whose line the preview keeps: what a reader sees as a block. Inline elements
/// (links, emphasis, code spans) lie on their block's lines and would only add weight.
const LINE_TAGS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "blockquote",
    "pre",
    "table",
    "tr",
    "hr",
    "section",
    "div",
    "dl",
    "dt",
    "dd",
];

const SOURCEPOS: &str = " data-sourcepos=\"";

/// The body's blocks with their source lines made relative to each block, and the line
/// (in the body, from 1) each block starts on.
///
/// comrak writes `data-sourcepos="3:1-4:9"` with lines counted from the top of the body:
/// one line added above a block would change its HTML, and the block diff would then send
/// every block after an edit. So each block element gets `data-line-offset`, its line less
/// its block's, and the block's line travels beside the HTML. Inline elements lose the
/// attribute. A block with no position (the footnotes' list has one only on its items)
/// takes its first element's; one with none at all (a comment) takes the previous block's,
/// and no block's line is above the one before it.
fn relative_lines(html: &str) -> (String, Vec<Range<usize>>, Vec<u32>) {
    let mut out = String::with_capacity(html.len());
    let mut ranges = Vec::new();
    let mut lines = Vec::new();
    for block in block_ranges(html) {
        let text = &html[block];
        let start = out.len();
        let first = text
            .find(SOURCEPOS)
            .and_then(|at| start_line(&text[at + SOURCEPOS.len()..]));
        let previous = lines.last().copied().unwrap_or(1);
        // Never above the block before: the footnotes come last whatever line their
        // definitions are on, and the window finds blocks by a search over ordered lines.
        let line = first.map_or(previous, |l| l.max(previous));
        let mut rest = text;
        while let Some(at) = rest.find(SOURCEPOS) {
            let value_start = at + SOURCEPOS.len();
            let Some(value_len) = rest[value_start..].find('"') else {
                break;
            };
            out.push_str(&rest[..at]);
            let tag_open = rest[..at].rfind('<').map_or("", |lt| &rest[lt + 1..at]);
            let name: &str = &tag_open[..tag_open
                .bytes()
                .take_while(u8::is_ascii_alphanumeric)
                .count()];
            if LINE_TAGS.contains(&name) {
                if let Some(l) = start_line(&rest[value_start..]) {
                    let offset = i64::from(l) - i64::from(line);
                    // Writing into a String cannot fail.
                    let _ = write!(out, " data-line-offset=\"{offset}\"");
                }
            }
            rest = &rest[value_start + value_len + 1..];
        }
        out.push_str(rest);
        ranges.push(start..out.len());
        lines.push(line);
    }
    (out, ranges, lines)
}

/// The start line of a `data-sourcepos` value (`3:1-4:9` → 3).
fn start_line(value: &str) -> Option<u32> {
    value[..value.find(':')?].parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(from: usize, to: usize, insert: &str) -> TextEdit {
        TextEdit {
            from,
            to,
            insert: insert.to_string(),
        }
    }

    #[test]
    fn blocks_join_back_and_split_at_the_top_level() {
        let html = "<h2 id=\"a\">A</h2>\n<p>one <em>two</em><br />\nthree</p>\n<!-- raw HTML omitted -->\n<ul>\n<li>x</li>\n</ul>\n<hr />\n";
        let blocks = split_blocks(html);
        assert_eq!(
            blocks,
            [
                "<h2 id=\"a\">A</h2>\n",
                "<p>one <em>two</em><br />\nthree</p>\n",
                "<!-- raw HTML omitted -->\n",
                "<ul>\n<li>x</li>\n</ul>\n",
                "<hr />\n",
            ]
        );
        assert_eq!(blocks.concat(), html);
    }

    #[test]
    fn markup_that_does_not_nest_is_one_block() {
        for html in ["<p>open", "</p><p>x</p>", "<p>a</p>\n<p"] {
            assert_eq!(split_blocks(html), [html]);
        }
        assert_eq!(split_blocks(""), Vec::<&str>::new());
        assert_eq!(split_blocks("<p>a</p>\ntail"), ["<p>a</p>\ntail"]);
    }

    #[test]
    fn edits_apply_in_utf16_offsets() {
        let mut p = Preview::new();
        p.set_text("a😀b 朝".to_string(), 1);
        // 😀 is two UTF-16 units: "a" 0, "😀" 1..3, "b" 3, " " 4, "朝" 5; length 6.
        p.edit(1, 2, &[edit(3, 4, "B"), edit(0, 0, ">")], 7)
            .unwrap();
        assert_eq!(p.text(), ">a😀B 朝");
        p.edit(2, 3, &[edit(6, 7, "夜")], 7).unwrap();
        assert_eq!(p.text(), ">a😀B 夜");
    }

    #[test]
    fn edits_out_of_step_are_refused_and_change_nothing() {
        let mut p = Preview::new();
        p.set_text("hello".to_string(), 7);
        for (base, edits, after) in [
            // An edit to another version: a lost or crossed request.
            (6, vec![edit(0, 1, "J")], 5),
            (8, vec![edit(0, 1, "J")], 5),
            // Past the end, overlapping, or leaving another length than the editor's.
            (7, vec![edit(4, 9, "")], 4),
            (7, vec![edit(0, 3, ""), edit(2, 4, "")], 0),
            (7, vec![edit(0, 1, "J")], 9),
        ] {
            let err = p.edit(base, 9, &edits, after).unwrap_err();
            assert_eq!(err.code(), "preview_out_of_step");
            assert_eq!(p.text(), "hello");
        }
        p.edit(7, 9, &[edit(0, 1, "J")], 5).unwrap();
        assert_eq!(p.text(), "Jello");
        let mut p = Preview::new();
        p.set_text("😀".to_string(), 1);
        let err = p.edit(1, 2, &[edit(1, 1, "x")], 3).unwrap_err();
        assert_eq!(err.code(), "preview_out_of_step");
    }
}
