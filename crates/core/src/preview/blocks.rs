//! The rendered body cut into its top-level blocks, each tied to its editor line.

use std::fmt::Write as _;
use std::ops::Range;

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
pub(super) fn block_ranges(html: &str) -> Vec<Range<usize>> {
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
pub(super) fn relative_lines(html: &str) -> (String, Vec<Range<usize>>, Vec<u32>) {
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
