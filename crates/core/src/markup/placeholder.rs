//! The placeholders a call's HTML waits in while comrak renders the Markdown around it,
//! as Hugo's shortcodes wait, and how the rendered page gets them back
//! ([`Expanded::restore`]).

use std::borrow::Cow;

use super::builtin::{self, Kind, Piece};

/// Opens a placeholder; its index follows as private-use digits, then [`CLOSE`]. Private
/// use characters: no Markdown syntax, no word, never escaped by comrak.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';
const DIGIT_ZERO: u32 = 0xE010;

/// A body with its generator markup expanded.
#[derive(Debug, Clone)]
pub struct Expanded<'t> {
    /// The Markdown to render: the body itself when it has no markup.
    pub text: Cow<'t, str>,
    pub(super) pieces: Vec<Piece>,
    /// Files beside the post that the calls show (a figure's image), relative to its
    /// folder: what an export copies.
    pub images: Vec<String>,
}

impl Expanded<'_> {
    /// Whether anything was expanded: then the body's blocks are not the text's, and the
    /// preview renders the whole body on every edit.
    pub fn changed(&self) -> bool {
        matches!(self.text, Cow::Owned(_))
    }

    /// The rendered `html` with each placeholder's HTML in its place: a piece that is a
    /// paragraph's only content replaces the paragraph (keeping its source position), one
    /// amid text goes inline, one inside a tag (an image's `alt`) is text.
    pub fn restore(&self, html: String) -> String {
        if self.pieces.is_empty() {
            return html;
        }
        let mut out = String::with_capacity(html.len() + html.len() / 2);
        let mut rest = html.as_str();
        while let Some(at) = rest.find(OPEN) {
            let after_open = &rest[at + OPEN.len_utf8()..];
            out.push_str(&rest[..at]);
            // The author's text cannot hold these characters (see `clean`); should one be
            // here all the same, it is shown, and nothing after it is skipped.
            let piece = after_open.find(CLOSE).and_then(|close| {
                let piece = self.pieces.get(decode(&after_open[..close])?)?;
                Some((piece, close))
            });
            let Some((piece, close)) = piece else {
                out.push(char::REPLACEMENT_CHARACTER);
                rest = after_open;
                continue;
            };
            rest = &after_open[close + CLOSE.len_utf8()..];
            if out.rfind('<').map(|i| i + 1) > out.rfind('>').map(|i| i + 1) {
                out.push_str(&builtin::escape(&piece.text));
                continue;
            }
            match piece.kind {
                Kind::Opens => {
                    // `<p …>` + opening: the element, with the paragraph's position, then
                    // the paragraph inside it.
                    let attrs = match paragraph_open(&out) {
                        Some(open) => {
                            let attrs = out[open + 2..out.len() - 1].to_string();
                            out.truncate(open);
                            attrs
                        }
                        None => String::new(),
                    };
                    push_with_attrs(&mut out, &piece.block, &attrs);
                    out.push_str("<p>");
                    continue;
                }
                Kind::Closes => {
                    if let Some(after) = rest.strip_prefix("</p>") {
                        out.push_str("</p>");
                        out.push_str(&piece.block);
                        rest = after;
                    } else {
                        out.push_str(&piece.block);
                    }
                    continue;
                }
                Kind::Whole => {}
            }
            if let (Some(open), true) = (paragraph_open(&out), rest.starts_with("</p>")) {
                let attrs = out[open + 2..out.len() - 1].to_string();
                out.truncate(open);
                push_with_attrs(&mut out, &piece.block, &attrs);
                rest = &rest["</p>".len()..];
                continue;
            }
            out.push_str(&piece.inline);
        }
        out.push_str(rest);
        out
    }
}

/// Where `out` ends with a paragraph's opening tag (`<p>`, or `<p data-sourcepos="…">`
/// in the preview), that tag's start.
pub(super) fn paragraph_open(out: &str) -> Option<usize> {
    let open = out.rfind("<p")?;
    let tag = &out[open..];
    (tag == "<p>" || (tag.starts_with("<p ") && tag.ends_with('>') && !tag[1..].contains('<')))
        .then_some(open)
}

/// Pushes `html`, with `attrs` (a paragraph's, like ` data-sourcepos="3:1-3:9"`) added to
/// its first element.
fn push_with_attrs(out: &mut String, html: &str, attrs: &str) {
    match html.find('>') {
        Some(gt) if !attrs.is_empty() && !html.starts_with("</") => {
            let gt = if html[..gt].ends_with('/') {
                gt - 1
            } else {
                gt
            };
            out.push_str(&html[..gt]);
            out.push_str(attrs);
            out.push_str(&html[gt..]);
        }
        _ => out.push_str(html),
    }
}

/// `text` without placeholders: what a reader reads of it (the word count, the outline).
pub fn without_marks(text: &str) -> Cow<'_, str> {
    if !text.contains(OPEN) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut inside = false;
    for c in text.chars() {
        match c {
            OPEN => inside = true,
            CLOSE => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    Cow::Owned(out)
}

/// `text` with the characters placeholders are made of replaced: typed or pasted by the
/// author, they could otherwise pass for a placeholder, or cut one's HTML short.
pub(super) fn clean(text: &str) -> Cow<'_, str> {
    let ours = |c: char| (OPEN..=char::from_u32(DIGIT_ZERO + 15).unwrap_or(OPEN)).contains(&c);
    // They all start with the byte 0xEE in UTF-8: most text has none, found at memchr's
    // speed, and is not decoded at all.
    if !text.as_bytes().contains(&0xEE) || !text.contains(ours) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if ours(c) {
                    char::REPLACEMENT_CHARACTER
                } else {
                    c
                }
            })
            .collect(),
    )
}

pub(super) fn placeholder(index: usize) -> String {
    let mut s = String::new();
    s.push(OPEN);
    for d in index.to_string().chars() {
        let digit = d.to_digit(10).unwrap_or(0);
        s.push(char::from_u32(DIGIT_ZERO + digit).unwrap_or(OPEN));
    }
    s.push(CLOSE);
    s
}

fn decode(digits: &str) -> Option<usize> {
    let mut n: usize = 0;
    for c in digits.chars() {
        let d = (c as u32).checked_sub(DIGIT_ZERO).filter(|d| *d < 10)?;
        n = n.checked_mul(10)?.checked_add(d as usize)?;
    }
    Some(n)
}
