//! Rendering only the blocks around an edit.
//!
//! A keystroke changes one block of a long post, yet a whole render parses and highlights
//! every block (37 ms for a realistic 100k-word post on the reference machine, most of a
//! frame budget several times over). Markdown is almost local: a top-level block is parsed
//! the same whatever lies beyond the blank lines around it. So the preview keeps where each
//! top-level block of the shown article lies in the text, and renders a window of text:
//! the blocks the edit touched, one unchanged block either side, and the footnote
//! definitions the window refers to. The window's first and last blocks must come out as
//! they are shown; if they do, the edit did not leak past them, and the blocks between
//! replace the old ones. Whatever is not local falls back to a whole render:
//!
//! - headings (their anchors count the same titles above them) and the outline;
//! - link and footnote definitions, which any block may use;
//! - footnote references, whose numbers count the references above them: a window must
//!   keep the references it had, in order, and takes their numbered markup as shown;
//! - the post's first block (which may become, or stop being, the title), the front
//!   matter, and any edit a window cannot place.
//!
//! The property tests (`crates/properties`) check that every patch equals a fresh render.

use std::collections::HashMap;

use super::blocks::relative_lines;
use super::{line_breaks, Heading, Part, Shell, Shown};
use crate::article::{self, ArticleParts, AssetLinks, Site};
use crate::frontmatter::Meta;
use crate::markdown;
use crate::reading::Counts;

/// An edit, as bytes of the text: `from..old_to` of the shown text is `from..new_to` now.
#[derive(Debug, Clone, Copy)]
pub(super) struct Span {
    pub from: usize,
    pub old_to: usize,
    pub new_to: usize,
    /// Lines added (or, negative, removed).
    pub line_shift: i64,
}

/// The shown article as the source it came from.
#[derive(Debug)]
pub(super) struct Layout {
    /// The asset links it was rendered with: other links (an image changed on disk, the
    /// post moved) change images in every block.
    links: [String; 3],
    /// Lines before the body (the front matter's).
    body_line: u32,
    meta: Meta,
    title: String,
    /// The article's counts, title included.
    counts: Counts,
    /// The body's top-level blocks in text order.
    segments: Vec<Segment>,
    /// Each footnote definition's source, by its label in lower case.
    notes: HashMap<String, String>,
    outline: Vec<Heading>,
}

/// A top-level block of the body, as bytes of the text.
#[derive(Debug, Clone)]
struct Segment {
    /// Where its first line starts.
    start: usize,
    /// Where the line after its last starts.
    end: usize,
    /// Its first and last lines in the body, from 1.
    line: u32,
    end_line: u32,
    counts: Counts,
    heading: bool,
    /// A footnote definition's label: it shows with the notes at the article's end.
    note: Option<String>,
}

/// The segments a render around an edit replaces, and the window of text it renders.
#[derive(Debug)]
struct Window {
    /// The unchanged block before the edit (not a note).
    first: usize,
    /// The unchanged block after it, if any (not a note); none: the window runs to the end.
    last: Option<usize>,
    /// The window in the edited text.
    start: usize,
    end: usize,
    /// Bytes added (or, negative, removed).
    delta: isize,
}

impl Window {
    /// The segments it replaces.
    fn segments(&self, all: usize) -> std::ops::Range<usize> {
        self.first..self.last.map_or(all, |l| l + 1)
    }
}

/// A window rendered, checked against what is shown.
#[derive(Debug)]
struct Rendered {
    /// The blocks between the window's outer ones, and their editor lines.
    blocks: Vec<String>,
    lines: Vec<u32>,
    /// The shown blocks they replace.
    old_blocks: std::ops::Range<usize>,
    /// The window's segments, notes included, as the layout keeps them.
    segments: Vec<Segment>,
    /// The notes block again, on the line it moved to.
    notes: Option<(String, u32)>,
}

impl Layout {
    /// The layout of a whole render of `text` with `links`, or none if its blocks cannot
    /// be rendered alone: it defines links, or its blocks do not match the `blocks`
    /// rendered one to one.
    pub fn new(
        text: &str,
        parts: &ArticleParts,
        blocks: usize,
        links: &AssetLinks,
    ) -> Option<Layout> {
        let starts = line_starts(text);
        let body_line = usize::try_from(parts.body_line).ok()?;
        let body_start = *starts.get(body_line)?;
        if text[body_start..].lines().any(is_link_definition) {
            return None;
        }
        let at = |line: u32| -> Option<usize> {
            let index = body_line + usize::try_from(line).ok()?.checked_sub(1)?;
            Some(starts.get(index).copied().unwrap_or(text.len()))
        };
        let mut segments = Vec::with_capacity(parts.segments.len());
        for s in &parts.segments {
            segments.push(Segment {
                start: at(s.line)?,
                end: at(s.end_line.checked_add(1)?)?,
                line: s.line,
                end_line: s.end_line,
                counts: s.counts,
                heading: s.heading,
                note: s.note.clone(),
            });
        }
        segments.sort_by_key(|s| s.start);
        // A note inside a quote or list lies within another block's lines: a window could
        // not be cut around it.
        if segments.windows(2).any(|w| w[1].start < w[0].end) {
            return None;
        }
        let notes = segments
            .iter()
            .filter_map(|s| {
                let label = s.note.as_ref()?.to_lowercase();
                Some((label, text[s.start..s.end].to_string()))
            })
            .collect();
        let layout = Layout {
            links: links_of(links),
            body_line: parts.body_line,
            meta: parts.meta.clone(),
            title: parts.title.clone(),
            counts: parts.counts,
            segments,
            notes,
            outline: parts.headings.clone(),
        };
        // One shown block per segment that is not a note, and the notes after them all.
        let notes = layout.segments.iter().filter(|s| s.note.is_some()).count();
        (blocks == layout.segments.len() - notes + usize::from(notes > 0)).then_some(layout)
    }

    /// Renders the blocks around `span` in `text` (the shown text with the edit made),
    /// and updates the layout to match; none if this edit needs a whole render.
    pub fn render_around(
        &mut self,
        text: &str,
        span: Span,
        shown: &Shown,
        site: &Site,
        links: &AssetLinks,
    ) -> Option<Part> {
        if links_of(links) != self.links {
            return None;
        }
        // The notes block's line, and its elements' lines within it, follow the notes'
        // definitions, which may lie either side of the edit: a new line renders whole.
        if span.line_shift != 0 && self.notes_shown() {
            return None;
        }
        let window = self.window(text, span)?;
        let rendered = self.render_window(text, &window, span, shown, links)?;
        let old: Counts = self.segments[window.segments(self.segments.len())]
            .iter()
            .fold(Counts::default(), |c, s| c.plus(s.counts));
        let new: Counts = rendered
            .segments
            .iter()
            .fold(Counts::default(), |c, s| c.plus(s.counts));
        let counts = self.counts.minus(old).plus(new);
        let frame = article::frame(&self.meta, &self.title, counts, site, links).ok()?;
        self.counts = counts;
        Some(self.apply(window, rendered, frame, span))
    }

    /// The blocks an edit touched, with the unchanged block either side.
    fn window(&self, text: &str, span: Span) -> Option<Window> {
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
    fn render_window(
        &self,
        text: &str,
        window: &Window,
        span: Span,
        shown: &Shown,
        links: &AssetLinks,
    ) -> Option<Rendered> {
        // The window as it is: a newline added at the text's end would be a line of an
        // unclosed code block.
        let mut source = text[window.start..window.end].to_string();
        let window_len = source.len();
        let window_lines =
            u32::try_from(line_breaks(&source) + usize::from(!source.ends_with('\n'))).ok()?;
        let in_window = &self.segments[window.segments(self.segments.len())];
        let defined: Vec<String> = in_window
            .iter()
            .filter_map(|s| s.note.as_ref().map(|n| n.to_lowercase()))
            .collect();
        let mut appended: Vec<String> = Vec::new();
        let labels: Vec<String> = referenced_notes(&source)
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
            if !source.ends_with('\n') {
                source.push('\n');
            }
            source.push('\n');
            source.push_str(def);
            if !def.ends_with('\n') {
                source.push('\n');
            }
            appended.push(label);
        }
        let body = markdown::render(&source, false, links, true);
        let mut fresh = body.segments;
        fresh.sort_by_key(|s| s.line);
        let (inside, outside): (Vec<_>, Vec<_>) =
            fresh.into_iter().partition(|s| s.line <= window_lines);
        // The appended definitions stay definitions, and nothing of the window runs into
        // them (an unclosed code fence would).
        if outside.len() != appended.len()
            || outside.iter().any(|s| s.note.is_none())
            || inside.iter().any(|s| s.end_line > window_lines)
        {
            return None;
        }
        // The notes in the window are those shown, on the same lines (moved by the edit's
        // lines when after it).
        let base = self.segments[window.first].line;
        let shift_of = |s: &Segment| {
            if s.start > span.old_to {
                span.line_shift
            } else {
                0
            }
        };
        let moved = |s: &Segment| -> i64 { i64::from(s.line) + shift_of(s) };
        // Whole extents: a note continues over blank lines into an indented paragraph,
        // which a keystroke may make of the paragraph after it.
        let shown_notes = in_window.iter().filter(|s| s.note.is_some()).map(|s| {
            (
                s.note.clone(),
                moved(s),
                i64::from(s.end_line) + shift_of(s),
            )
        });
        let fresh_notes = inside.iter().filter(|s| s.note.is_some()).map(|s| {
            (
                s.note.clone(),
                i64::from(base) + i64::from(s.line) - 1,
                i64::from(base) + i64::from(s.end_line) - 1,
            )
        });
        if !shown_notes.eq(fresh_notes) {
            return None;
        }
        let (html, ranges, block_lines) = relative_lines(&body.html);
        let fresh_blocks: Vec<&markdown::Segment> =
            inside.iter().filter(|s| s.note.is_none()).collect();
        let n = fresh_blocks.len();
        if ranges.len() < n {
            return None;
        }
        let mut blocks: Vec<String> = ranges[..n]
            .iter()
            .map(|r| html[r.clone()].to_string())
            .collect();
        let to_text = |window_line: u32| {
            self.body_line
                .saturating_add(base)
                .saturating_add(window_line)
                .saturating_sub(1)
        };
        let lines: Vec<u32> = block_lines[..n].iter().map(|&l| to_text(l)).collect();
        // The shown blocks the window's replace.
        let old_first = self.block_of(window.first);
        let old_end = match window.last {
            Some(l) => self.block_of(l) + 1,
            None => shown.blocks.len() - usize::from(self.notes_shown()),
        };
        let old = shown.blocks.get(old_first..old_end)?;
        keep_footnote_numbers(&mut blocks, old)?;
        // The outer blocks as shown: the edit did not reach past them.
        let keeps_last = usize::from(window.last.is_some());
        if n < 1 + keeps_last || blocks[0] != old[0] || lines[0] != shown.lines[old_first] {
            return None;
        }
        if let Some(l) = window.last {
            let shown_line = i64::from(shown.lines[old_end - 1]) + span.line_shift;
            if blocks[n - 1] != old[old.len() - 1]
                || i64::from(lines[n - 1]) != shown_line
                || moved(&self.segments[l])
                    != i64::from(base) + i64::from(fresh_blocks[n - 1].line) - 1
            {
                return None;
            }
        }
        let middle = 1..n - keeps_last;
        if fresh_blocks[middle.clone()].iter().any(|s| s.heading) {
            return None;
        }
        // The notes at the article's end start on their first note's line, or the last
        // block's if that is below it: a window that reaches the end may move them.
        let notes = match window.last {
            Some(_) => None,
            None if self.notes_shown() => {
                let html = shown.blocks.last()?;
                let label = first_note_label(html)?;
                let note = self.segments.iter().find(|s| {
                    s.note
                        .as_deref()
                        .is_some_and(|n| n.eq_ignore_ascii_case(label))
                })?;
                let own = u32::try_from(moved(note))
                    .ok()?
                    .saturating_add(self.body_line);
                let line = own.max(*lines.last()?);
                (Some(&line) != shown.lines.last()).then(|| (html.clone(), line))
            }
            None => None,
        };
        let starts = line_starts(&source);
        let at = |line: u32| -> usize {
            let offset = usize::try_from(line)
                .ok()
                .and_then(|l| starts.get(l.checked_sub(1)?).copied())
                .unwrap_or(window_len);
            window.start + offset.min(window_len).min(window.end - window.start)
        };
        let segments = inside
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
            .collect();
        Some(Rendered {
            blocks: blocks.drain(middle.clone()).collect(),
            lines: lines[middle].to_vec(),
            old_blocks: old_first + 1..old_end - keeps_last,
            segments,
            notes,
        })
    }

    /// Takes the rendered window in place of the segments it replaces, and makes the part
    /// that changes the shown article.
    fn apply(
        &mut self,
        window: Window,
        rendered: Rendered,
        frame: article::Frame,
        span: Span,
    ) -> Part {
        let first_end_line = self.segments[window.first].end_line;
        let replaced = window.segments(self.segments.len());
        let after = replaced.start + rendered.segments.len();
        self.segments.splice(replaced, rendered.segments);
        let shift = i32::try_from(span.line_shift).unwrap_or(0);
        for s in &mut self.segments[after..] {
            s.start = s.start.saturating_add_signed(window.delta);
            s.end = s.end.saturating_add_signed(window.delta);
            s.line = s.line.saturating_add_signed(shift);
            s.end_line = s.end_line.saturating_add_signed(shift);
        }
        // Headings are never in the blocks an edit touched: those below the window's
        // first block (unchanged, above the edit) move with the lines.
        let window_line = self.body_line + first_end_line;
        let mut moved = false;
        if shift != 0 {
            for h in self.outline.iter_mut().filter(|h| h.line > window_line) {
                h.line = h.line.saturating_add_signed(shift);
                moved = true;
            }
        }
        let mut inserted = rendered.blocks;
        let mut lines = rendered.lines;
        let mut removed = rendered.old_blocks.len();
        if let Some((html, line)) = rendered.notes {
            inserted.push(html);
            lines.push(line);
            removed += 1;
        }
        Part {
            start: rendered.old_blocks.start,
            removed,
            inserted,
            lines,
            shift: span.line_shift,
            shell: Shell {
                head: frame.head,
                tail: frame.tail,
            },
            outline: moved.then(|| self.outline.clone()),
            title: self.title.clone(),
            words: self.counts.total(),
            chars: self.counts.chars,
            minutes: frame.minutes,
        }
    }

    /// Whether the article ends with its notes: a block after all the others.
    fn notes_shown(&self) -> bool {
        self.segments.iter().any(|s| s.note.is_some())
    }

    /// The shown block of segment `k` (not a note): notes show at the end, not in place.
    fn block_of(&self, k: usize) -> usize {
        self.segments[..k]
            .iter()
            .filter(|s| s.note.is_none())
            .count()
    }
}

fn links_of(links: &AssetLinks) -> [String; 3] {
    [
        links.prefix.clone(),
        links.suffix.clone(),
        links.root.clone(),
    ]
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

/// Whether a line of the bytes `from..to` of `text` (whole lines) may hold a link or
/// footnote definition. A line merely looking like one makes a whole render, never a
/// wrong one.
pub(super) fn defines(text: &str, from: usize, to: usize) -> bool {
    let start = text[..from.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let to = to.min(text.len());
    let end = text[to..].find('\n').map_or(text.len(), |i| to + i);
    text.get(start..end)
        .is_none_or(|lines| lines.lines().any(is_definition))
}

/// Whether a line may hold (part of) a link or footnote definition: `]:` anywhere. A
/// definition may sit in a quote or a list item (`> [d]: url`), or end a label begun on
/// the line before, and prose rarely writes `]:`.
fn is_definition(line: &str) -> bool {
    line.contains("]:")
}

/// Whether a line may hold a link definition, not only a footnote's.
fn is_link_definition(line: &str) -> bool {
    line.match_indices("]:").any(|(at, _)| {
        line[..at]
            .rfind('[')
            .is_none_or(|open| !line[open..].starts_with("[^"))
    })
}

/// Where each line of `text` starts.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}
