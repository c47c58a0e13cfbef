//! The live preview of the post being edited, kept in step with the editor by edits.
//!
//! On every keystroke the article must be rendered again, and comrak is fast at that. What
//! is slow for a long post is everything around it: the whole text crossing to the core,
//! the whole article crossing back, and the webview parsing and laying it out again. So
//! the preview keeps the text and the last article it showed: the editor sends only its
//! edits, and gets back only the top-level blocks of the body that changed (and the
//! header and footer when they changed). The HTML is the same the export writes: the
//! preview is [`article::render_parts`], cut into blocks.

mod blocks;
mod layout;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::article::{self, AssetLinks, Site};
use crate::error::{Error, Result};
pub use crate::markdown::Heading;
use blocks::relative_lines;
pub use blocks::split_blocks;
use layout::Layout;

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
    /// Where the last edit ended: the next is most likely near it.
    mark: Mark,
    /// What changed in the text since the article shown.
    change: Change,
    shown: Shown,
    /// The shown article's blocks as source ranges, for rendering only the blocks around
    /// an edit; none when the whole text must be rendered (see [`layout`]).
    layout: Option<Layout>,
    /// Renders since the last whole text that rendered only the blocks around an edit:
    /// what a long post's keystrokes cost depends on it.
    partial_renders: u64,
}

/// The article the window shows.
#[derive(Debug, Default)]
struct Shown {
    /// Its text version (0: none).
    version: u64,
    shell: Option<Shell>,
    /// The body's top-level blocks, as HTML whose lines are relative to the block's.
    blocks: Vec<String>,
    /// The editor line each block starts on.
    lines: Vec<u32>,
    /// The line breaks in its text: what the lines after an edit moved by.
    breaks: usize,
    /// Its outline; none yet after a whole new text, so the first render always sends
    /// one (an empty one too, replacing the last post's).
    outline: Option<Vec<Heading>>,
}

/// How the text differs from the shown article's.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Change {
    /// Not at all.
    #[default]
    None,
    /// In one span: the bytes `from..old_to` of the shown text are `from..new_to` now.
    /// `definitions`: a line of the span, before or after, looks like a link or footnote
    /// definition, which any block of the post may use.
    Span {
        from: usize,
        old_to: usize,
        new_to: usize,
        definitions: bool,
    },
    /// Anywhere: render it all.
    Whole,
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
        self.mark = Mark::default();
        self.change = Change::Whole;
        self.shown = Shown::default();
        self.layout = None;
        self.partial_renders = 0;
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
        let Some(bytes) = byte_offsets(&self.text, self.utf16_len, self.mark, &sorted) else {
            // An offset in the middle of a surrogate pair: not the editor's text either.
            return Err(out_of_step);
        };
        let removed: usize = sorted.iter().map(|e| e.to - e.from).sum();
        let inserted: usize = sorted.iter().map(|e| utf16_len(&e.insert)).sum();
        let len = before - removed + inserted;
        if len != after {
            return Err(out_of_step);
        }
        self.note_change(&sorted, &bytes);
        // In place, last first, so the earlier byte offsets stay where they were.
        for (edit, (from, to)) in sorted.iter().zip(&bytes).rev() {
            self.breaks =
                self.breaks - line_breaks(&self.text[*from..*to]) + line_breaks(&edit.insert);
            self.text.replace_range(*from..*to, &edit.insert);
        }
        if let Change::Span {
            new_to,
            definitions: false,
            from,
            old_to,
        } = self.change
        {
            let definitions = layout::defines(&self.text, from, new_to);
            self.change = Change::Span {
                from,
                old_to,
                new_to,
                definitions,
            };
        }
        // Where the last edit ends now: each edit before it moved it by what it added.
        if let (Some(last), Some(&(from, _))) = (sorted.last(), bytes.last()) {
            let (mut units, mut byte) = (
                last.from + utf16_len(&last.insert),
                from + last.insert.len(),
            );
            for (e, (f, t)) in sorted.iter().zip(&bytes).take(sorted.len() - 1) {
                units = units + utf16_len(&e.insert) - (e.to - e.from);
                byte = byte + e.insert.len() - (t - f);
            }
            self.mark = Mark { units, byte };
        }
        self.version = version;
        self.utf16_len = len;
        Ok(())
    }

    /// Records where edits about to be applied (byte offsets in the text before them)
    /// change it: one span around them all, or the whole text once two batches come
    /// between renders (a render failed), which is rare enough not to merge spans for.
    fn note_change(&mut self, sorted: &[&TextEdit], bytes: &[(usize, usize)]) {
        let (Some(first), Some(last)) = (bytes.first(), bytes.last()) else {
            return;
        };
        self.change = match self.change {
            Change::None => {
                let grown: usize = sorted.iter().map(|e| e.insert.len()).sum();
                let shrunk: usize = bytes.iter().map(|(f, t)| t - f).sum();
                Change::Span {
                    from: first.0,
                    old_to: last.1,
                    new_to: last.1 + grown - shrunk,
                    definitions: layout::defines(&self.text, first.0, last.1),
                }
            }
            _ => Change::Whole,
        };
    }

    /// How many renders since the last whole text rendered only the blocks around an edit.
    pub fn partial_renders(&self) -> u64 {
        self.partial_renders
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
    ///
    /// An edit inside the body renders only the blocks around it when it can be told that
    /// nothing else changed ([`layout`]); anything else renders the whole article.
    pub fn render(&mut self, site: &Site, links: &AssetLinks) -> Result<PreviewPatch> {
        if let (
            Change::Span {
                from,
                old_to,
                new_to,
                definitions: false,
            },
            Some(layout),
        ) = (self.change, self.layout.as_mut())
        {
            let span = layout::Span {
                from,
                old_to,
                new_to,
                line_shift: i64::try_from(self.breaks).unwrap_or(i64::MAX)
                    - i64::try_from(self.shown.breaks).unwrap_or(i64::MAX),
            };
            if let Some(part) = layout.render_around(&self.text, span, &self.shown, site, links) {
                self.partial_renders += 1;
                return Ok(self.show_part(part));
            }
        }
        self.render_whole(site, links)
    }

    /// Renders the whole article, and sends the blocks that differ from those shown.
    fn render_whole(&mut self, site: &Site, links: &AssetLinks) -> Result<PreviewPatch> {
        let parts = article::render_parts(&self.text, site, links, true)?;
        let (body, ranges, body_lines) = relative_lines(&parts.body);
        let blocks: Vec<String> = ranges.iter().map(|r| body[r.clone()].to_string()).collect();
        let lines: Vec<u32> = body_lines
            .iter()
            .map(|l| l.saturating_add(parts.body_line))
            .collect();
        let breaks = self.breaks;
        // Blocks after the edit keep their HTML and move by the lines the edit added.
        let shift = i64::try_from(breaks).unwrap_or(i64::MAX)
            - i64::try_from(self.shown.breaks).unwrap_or(i64::MAX);
        let moved = |old: u32, new: u32| i64::from(new) - i64::from(old) == shift;
        let old = &self.shown;
        let same = |(a, b): (usize, usize)| old.blocks[a] == blocks[b] && old.lines[a] == lines[b];
        let prefix = (0..old.blocks.len().min(blocks.len()))
            .take_while(|&k| same((k, k)))
            .count();
        let suffix = (0..(old.blocks.len() - prefix).min(blocks.len() - prefix))
            .take_while(|&k| {
                let (a, b) = (old.blocks.len() - 1 - k, blocks.len() - 1 - k);
                old.blocks[a] == blocks[b] && moved(old.lines[a], lines[b])
            })
            .count();
        let shell = Shell {
            head: parts.head.clone(),
            tail: parts.tail.clone(),
        };
        self.layout = Layout::new(&self.text, &parts, blocks.len(), links);
        let part = Part {
            start: prefix,
            removed: old.blocks.len() - prefix - suffix,
            inserted: blocks[prefix..blocks.len() - suffix].to_vec(),
            lines: lines[prefix..lines.len() - suffix].to_vec(),
            shift: if suffix == 0 { 0 } else { shift },
            shell,
            outline: Some(parts.headings),
            title: parts.title,
            words: parts.words,
            chars: parts.chars,
            minutes: parts.minutes,
        };
        Ok(self.show_part(part))
    }

    /// Puts a rendered part on the shown article, and makes the patch that does the same
    /// in the window.
    fn show_part(&mut self, part: Part) -> PreviewPatch {
        let shown = &mut self.shown;
        let end = part.start + part.removed;
        let after = part.start + part.inserted.len();
        shown
            .blocks
            .splice(part.start..end, part.inserted.iter().cloned());
        shown
            .lines
            .splice(part.start..end, part.lines.iter().copied());
        let shift = i32::try_from(part.shift).unwrap_or(0);
        if shift != 0 {
            for line in &mut shown.lines[after..] {
                *line = line.saturating_add_signed(shift);
            }
        }
        let patch = PreviewPatch {
            from: shown.version,
            version: self.version,
            shell: (shown.shell.as_ref() != Some(&part.shell)).then(|| part.shell.clone()),
            start: part.start,
            removed: part.removed,
            inserted: part.inserted,
            lines: part.lines,
            shift: if after < shown.blocks.len() { shift } else { 0 },
            outline: part
                .outline
                .as_ref()
                .filter(|o| shown.outline.as_ref() != Some(o))
                .cloned(),
            title: part.title,
            words: part.words,
            chars: part.chars,
            minutes: part.minutes,
        };
        shown.version = self.version;
        shown.shell = Some(part.shell);
        shown.breaks = self.breaks;
        if let Some(outline) = part.outline {
            shown.outline = Some(outline);
        }
        self.change = Change::None;
        patch
    }
}

/// What a render changed: blocks `start .. start + removed` became `inserted`, and the
/// rest as [`PreviewPatch`] says.
#[derive(Debug)]
struct Part {
    start: usize,
    removed: usize,
    inserted: Vec<String>,
    lines: Vec<u32>,
    shift: i64,
    shell: Shell,
    /// The outline, when it may have changed.
    outline: Option<Vec<Heading>>,
    title: String,
    words: u64,
    chars: u64,
    minutes: u64,
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

/// A place in the text known in both measures: bytes, and the editor's UTF-16 units.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Mark {
    units: usize,
    byte: usize,
}

/// The byte offsets of each edit's `from` and `to` (UTF-16 offsets); `None` if one falls
/// inside a character. Each is counted from the nearest known place (the text's ends,
/// where the last edit ended, the offset before): typing stays near the last edit, so a
/// keystroke in a long post with CJK does not walk the text from its start.
fn byte_offsets(
    text: &str,
    units: usize,
    mark: Mark,
    sorted: &[&TextEdit],
) -> Option<Vec<(usize, usize)>> {
    // Bytes equal units only for ASCII (any other character takes more bytes than units).
    if text.len() == units {
        return Some(sorted.iter().map(|e| (e.from, e.to)).collect());
    }
    let end = Mark {
        units,
        byte: text.len(),
    };
    let mut previous = Mark::default();
    let mut locate = |wanted: usize| -> Option<usize> {
        let near = [Mark::default(), mark, end, previous]
            .into_iter()
            .min_by_key(|m| m.units.abs_diff(wanted))?;
        let byte = walk(text, near, wanted)?;
        previous = Mark {
            units: wanted,
            byte,
        };
        Some(byte)
    };
    sorted
        .iter()
        .map(|e| Some((locate(e.from)?, locate(e.to)?)))
        .collect()
}

/// The byte offset `wanted` UTF-16 units into `text`, walked from `from`.
fn walk(text: &str, from: Mark, wanted: usize) -> Option<usize> {
    let Mark {
        mut units,
        mut byte,
    } = from;
    if wanted >= units {
        for ch in text.get(byte..)?.chars() {
            if units >= wanted {
                break;
            }
            units += ch.len_utf16();
            byte += ch.len_utf8();
        }
    } else {
        for ch in text.get(..byte)?.chars().rev() {
            if units <= wanted {
                break;
            }
            units -= ch.len_utf16();
            byte -= ch.len_utf8();
        }
    }
    (units == wanted).then_some(byte)
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
