//! The window of text around an edit, rendered alone and checked against what is shown,
//! step by step: the window's source with the notes it refers to, its render, its notes
//! and outer blocks compared with those shown, then what replaces them.

use std::ops::Range;

use super::{line_starts, Layout, Segment, Span};
use crate::markdown::{self, AssetLinks};
use crate::preview::blocks::relative_lines;
use crate::preview::{line_breaks, Shown};

/// The segments a render around an edit replaces, and the window of text it renders.
#[derive(Debug)]
pub(super) struct Window {
    /// The unchanged block before the edit (not a note).
    pub first: usize,
    /// The unchanged block after it, if any (not a note); none: the window runs to the end.
    pub last: Option<usize>,
    /// The window in the edited text.
    pub start: usize,
    pub end: usize,
    /// Bytes added (or, negative, removed).
    pub delta: isize,
}

impl Window {
    /// The segments it replaces.
    pub fn segments(&self, all: usize) -> Range<usize> {
        self.first..self.last.map_or(all, |l| l + 1)
    }
}

/// A window rendered, checked against what is shown.
#[derive(Debug)]
pub(super) struct Rendered {
    /// The blocks between the window's outer ones, and their editor lines.
    pub blocks: Vec<String>,
    pub lines: Vec<u32>,
    /// The shown blocks they replace.
    pub old_blocks: Range<usize>,
    /// The window's segments, notes included, as the layout keeps them.
    pub segments: Vec<Segment>,
    /// The notes block again, on the line it moved to.
    pub notes: Option<(String, u32)>,
}

/// The Markdown a window renders: its text, then the definitions of the notes it refers
/// to but does not hold.
struct Source {
    markdown: String,
    /// The window's own bytes and lines, before the definitions.
    len: usize,
    lines: u32,
    /// How many definitions were appended.
    appended: usize,
}

/// The window's blocks that are not notes, as rendered: their segments, their markup,
/// and their lines in the editor.
struct Blocks<'a> {
    segments: Vec<&'a markdown::Segment>,
    html: Vec<String>,
    lines: Vec<u32>,
}

/// A shown segment's lines, first and last, moved by the edit's lines when after it.
fn moved(s: &Segment, span: Span) -> (i64, i64) {
    let shift = if s.start > span.old_to {
        span.line_shift
    } else {
        0
    };
    (i64::from(s.line) + shift, i64::from(s.end_line) + shift)
}

impl Layout {
    /// The blocks an edit touched, with the unchanged block either side.
    pub(super) fn window(&self, text: &str, span: Span) -> Option<Window> {
        let segs = &self.segments;
        let delta = isize::try_from(span.new_to).ok()? - isize::try_from(span.old_to).ok()?;
        // Touched: its lines meet the edit, their ends included (typing on the line after
        // a paragraph may continue it).
        let lo = segs.partition_point(|s| s.end < span.from);
        let hi = segs.partition_point(|s| s.start <= span.old_to).max(lo);
        if segs[lo..hi].iter().any(|s| s.heading || s.note.is_some()) {
            return None;
        }
        let first = (0..lo).rev().find(|&k| segs[k].note.is_none())?;
        let last = (hi..segs.len()).find(|&k| segs[k].note.is_none());
        let old_len = text.len().checked_add_signed(-delta)?;
        let end = last
            .map_or(old_len, |k| segs[k].end)
            .checked_add_signed(delta)?;
        let start = segs[first].start;
        if start > span.from || end < span.new_to || end > text.len() || !text.is_char_boundary(end)
        {
            return None;
        }
        Some(Window {
            first,
            last,
            start,
            end,
            delta,
        })
    }

    /// Renders the window's text, with the definitions of the footnotes it refers to;
    /// none unless its outer blocks and its notes come out as shown.
    pub(super) fn render_window(
        &self,
        text: &str,
        window: &Window,
        span: Span,
        shown: &Shown,
        links: &AssetLinks,
    ) -> Option<Rendered> {
        let source = self.window_source(text, window)?;
        let body = markdown::render(&source.markdown, false, links, true);
        let inside = inside_window(&source, body.segments)?;
        // Window lines count from the window's first block.
        let base = self.segments[window.first].line;
        if !self.notes_as_shown(window, span, &inside, base) {
            return None;
        }
        let mut blocks = self.window_blocks(&body.html, &inside, base)?;
        let old = self.replaced(window, span, shown, base, &mut blocks)?;
        let notes = match window.last {
            Some(_) => None,
            None => self.end_notes(span, shown, *blocks.lines.last()?)?,
        };
        let keeps_last = usize::from(window.last.is_some());
        let middle = 1..blocks.html.len() - keeps_last;
        Some(Rendered {
            blocks: blocks.html.drain(middle.clone()).collect(),
            lines: blocks.lines[middle].to_vec(),
            old_blocks: old.start + 1..old.end - keeps_last,
            segments: layout_segments(window, &source, base, &inside),
            notes,
        })
    }

    /// The window as it is, then the definitions of the notes it refers to that it does
    /// not define; none if one is defined nowhere the layout knows.
    fn window_source(&self, text: &str, window: &Window) -> Option<Source> {
        // The window as it is: a newline added at the text's end would be a line of an
        // unclosed code block.
        let mut markdown = text[window.start..window.end].to_string();
        let len = markdown.len();
        let lines =
            u32::try_from(line_breaks(&markdown) + usize::from(!markdown.ends_with('\n'))).ok()?;
        let defined: Vec<String> = self.segments[window.segments(self.segments.len())]
            .iter()
            .filter_map(|s| s.note.as_ref().map(|n| n.to_lowercase()))
            .collect();
        let mut appended: Vec<String> = Vec::new();
        let labels: Vec<String> = referenced_notes(&markdown)
            .into_iter()
            .map(str::to_lowercase)
            .collect();
        for label in labels {
            if defined.contains(&label) || appended.contains(&label) {
                continue;
            }
            // A label the article does not define may still be defined by a note nothing
            // referred to (dropped from the tree, so not in the layout): only a whole
            // render can tell.
            let def = self.notes.get(&label)?;
            if !markdown.ends_with('\n') {
                markdown.push('\n');
            }
            markdown.push('\n');
            markdown.push_str(def);
            if !def.ends_with('\n') {
                markdown.push('\n');
            }
            appended.push(label);
        }
        Some(Source {
            markdown,
            len,
            lines,
            appended: appended.len(),
        })
    }

    /// Whether the notes in the window are those shown, on the same lines (moved by the
    /// edit's lines when after it).
    fn notes_as_shown(
        &self,
        window: &Window,
        span: Span,
        inside: &[markdown::Segment],
        base: u32,
    ) -> bool {
        // Whole extents: a note continues over blank lines into an indented paragraph,
        // which a keystroke may make of the paragraph after it.
        let shown_notes = self.segments[window.segments(self.segments.len())]
            .iter()
            .filter(|s| s.note.is_some())
            .map(|s| {
                let (line, end_line) = moved(s, span);
                (s.note.clone(), line, end_line)
            });
        let fresh_notes = inside.iter().filter(|s| s.note.is_some()).map(|s| {
            (
                s.note.clone(),
                i64::from(base) + i64::from(s.line) - 1,
                i64::from(base) + i64::from(s.end_line) - 1,
            )
        });
        shown_notes.eq(fresh_notes)
    }

    /// The window's blocks that are not notes, with their markup from the rendered
    /// `html` and their lines in the editor's text.
    fn window_blocks<'a>(
        &self,
        html: &str,
        inside: &'a [markdown::Segment],
        base: u32,
    ) -> Option<Blocks<'a>> {
        let (html, ranges, block_lines) = relative_lines(html);
        let segments: Vec<&markdown::Segment> =
            inside.iter().filter(|s| s.note.is_none()).collect();
        let n = segments.len();
        if ranges.len() < n {
            return None;
        }
        let to_text = |window_line: u32| {
            self.body_line
                .saturating_add(base)
                .saturating_add(window_line)
                .saturating_sub(1)
        };
        Some(Blocks {
            segments,
            html: ranges[..n]
                .iter()
                .map(|r| html[r.clone()].to_string())
                .collect(),
            lines: block_lines[..n].iter().map(|&l| to_text(l)).collect(),
        })
    }

    /// The shown blocks the window's replace, its outer ones included, once the outer
    /// blocks came out as shown (the edit did not reach past them) and no heading is
    /// between; the blocks take the shown numbers of their footnote references.
    fn replaced(
        &self,
        window: &Window,
        span: Span,
        shown: &Shown,
        base: u32,
        blocks: &mut Blocks,
    ) -> Option<Range<usize>> {
        let old_first = self.block_of(window.first);
        let old_end = match window.last {
            Some(l) => self.block_of(l) + 1,
            None => shown.blocks.len() - usize::from(self.notes_shown()),
        };
        let old = shown.blocks.get(old_first..old_end)?;
        keep_footnote_numbers(&mut blocks.html, old)?;
        let (html, lines, n) = (&blocks.html, &blocks.lines, blocks.html.len());
        let keeps_last = usize::from(window.last.is_some());
        if n < 1 + keeps_last || html[0] != old[0] || lines[0] != shown.lines[old_first] {
            return None;
        }
        if let Some(l) = window.last {
            let shown_line = i64::from(shown.lines[old_end - 1]) + span.line_shift;
            if html[n - 1] != old[old.len() - 1]
                || i64::from(lines[n - 1]) != shown_line
                || moved(&self.segments[l], span).0
                    != i64::from(base) + i64::from(blocks.segments[n - 1].line) - 1
            {
                return None;
            }
        }
        if blocks.segments[1..n - keeps_last].iter().any(|s| s.heading) {
            return None;
        }
        Some(old_first..old_end)
    }

    /// The notes block of a window that reaches the article's end, if it moved: the notes
    /// start on their first note's line, or the last block's (`last_line`) if that is
    /// below it. `Some(None)` when it did not move (or there are no notes); none when a
    /// whole render must tell.
    fn end_notes(
        &self,
        span: Span,
        shown: &Shown,
        last_line: u32,
    ) -> Option<Option<(String, u32)>> {
        if !self.notes_shown() {
            return Some(None);
        }
        let html = shown.blocks.last()?;
        let label = first_note_label(html)?;
        let note = self.segments.iter().find(|s| {
            s.note
                .as_deref()
                .is_some_and(|n| n.eq_ignore_ascii_case(label))
        })?;
        let own = u32::try_from(moved(note, span).0)
            .ok()?
            .saturating_add(self.body_line);
        let line = own.max(last_line);
        Some((Some(&line) != shown.lines.last()).then(|| (html.clone(), line)))
    }
}

/// The rendered window's segments, sorted, without the definitions appended to it; none
/// unless those stayed definitions and nothing of the window ran into them (an unclosed
/// code fence would).
fn inside_window(
    source: &Source,
    mut fresh: Vec<markdown::Segment>,
) -> Option<Vec<markdown::Segment>> {
    fresh.sort_by_key(|s| s.line);
    let (inside, outside): (Vec<_>, Vec<_>) =
        fresh.into_iter().partition(|s| s.line <= source.lines);
    if outside.len() != source.appended
        || outside.iter().any(|s| s.note.is_none())
        || inside.iter().any(|s| s.end_line > source.lines)
    {
        return None;
    }
    Some(inside)
}

/// The window's segments as the layout keeps them: bytes and lines of the edited text.
fn layout_segments(
    window: &Window,
    source: &Source,
    base: u32,
    inside: &[markdown::Segment],
) -> Vec<Segment> {
    let starts = line_starts(&source.markdown);
    let at = |line: u32| -> usize {
        let offset = usize::try_from(line)
            .ok()
            .and_then(|l| starts.get(l.checked_sub(1)?).copied())
            .unwrap_or(source.len);
        window.start + offset.min(source.len).min(window.end - window.start)
    };
    inside
        .iter()
        .map(|s| Segment {
            start: at(s.line),
            end: at(s.end_line + 1),
            line: base + s.line - 1,
            end_line: base + s.end_line - 1,
            counts: s.counts,
            heading: s.heading,
            note: s.note.clone(),
        })
        .collect()
}

/// Gives the footnote references of freshly rendered `blocks` the markup of those in the
/// `shown` blocks they replace: the window numbers its references from 1, the article
/// from its first. None unless both have the same references in the same order.
fn keep_footnote_numbers(blocks: &mut [String], shown: &[String]) -> Option<()> {
    let shown_refs: Vec<&str> = shown
        .iter()
        .flat_map(|b| footnote_refs(b).into_iter().map(|(_, r)| r))
        .collect();
    let mut next = shown_refs.iter();
    for block in blocks.iter_mut() {
        let refs = footnote_refs(block);
        if refs.is_empty() {
            continue;
        }
        let mut out = String::with_capacity(block.len());
        let mut rest = 0;
        for r in refs {
            let shown_ref = next.next()?;
            if ref_label(r.1) != ref_label(shown_ref) {
                return None;
            }
            out.push_str(&block[rest..r.0]);
            out.push_str(shown_ref);
            rest = r.0 + r.1.len();
        }
        out.push_str(&block[rest..]);
        *block = out;
    }
    next.next().is_none().then_some(())
}

const FOOTNOTE_REF: &str = "<sup class=\"footnote-ref\">";

/// Where each footnote reference of a rendered block is, and its markup.
fn footnote_refs(html: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = html[from..].find(FOOTNOTE_REF) {
        let start = from + at;
        let Some(len) = html[start..].find("</sup>") else {
            break;
        };
        let end = start + len + "</sup>".len();
        found.push((start, &html[start..end]));
        from = end;
    }
    found
}

/// The label of the first note in the notes block's markup.
fn first_note_label(html: &str) -> Option<&str> {
    let at = html.find(" id=\"fn-")? + " id=\"fn-".len();
    let len = html[at..].find('"')?;
    Some(&html[at..at + len])
}

/// The note a reference's markup links to: its `href`.
fn ref_label(markup: &str) -> Option<&str> {
    let at = markup.find("href=\"")? + "href=\"".len();
    let len = markup[at..].find('"')?;
    Some(&markup[at..at + len])
}

/// The labels of the `[^label]` references in `text` (not definitions), in order.
fn referenced_notes(text: &str) -> Vec<&str> {
    let mut labels = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find("[^") {
        let start = from + at + 2;
        let Some(len) = text[start..].find(']') else {
            break;
        };
        labels.push(&text[start..start + len]);
        from = start + len;
    }
    labels
}
