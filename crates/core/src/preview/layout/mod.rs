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

use super::{Heading, Part, Shell, Shown};
use crate::article::{self, ArticleParts, AssetLinks, Site};
use crate::frontmatter::Meta;
use crate::reading::Counts;

mod window;

use window::{Rendered, Window};

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
