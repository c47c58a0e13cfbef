//! The one Markdown configuration. Preview, export and the command line all come through
//! here, so what the author sees is what gets published.

use std::collections::HashMap;

use comrak::html::{ChildRendering, Context};
use comrak::nodes::{AstNode, NodeValue, TableAlignment};
use comrak::options::Plugins;
use comrak::{Arena, Options};

use serde::Serialize;
use ts_rs::TS;

use crate::highlight;
use crate::reading::Counts;

/// How links to a post's own files (avatar, cover, images in the body) are written:
/// relative to the page when exported, through the app's asset scheme in the preview.
#[derive(Debug, Clone, Default)]
pub struct AssetLinks {
    /// Put before every relative link: empty on export, where the page sits beside its
    /// files; in the app, the asset address of the post's folder.
    pub prefix: String,
    /// Appended to every local link, e.g. `?v=3`: the preview bumps it when an image
    /// changes on disk, so the webview does not keep showing its cached copy.
    pub suffix: String,
    /// Put before a path from the content folder's root (the site's avatar): the asset
    /// address of the root in the app, the way up to the site's root on export.
    pub root: String,
    /// Addresses that replace links to these paths (relative to the post's folder): the
    /// `data:` URIs of a self-contained page.
    pub inline: HashMap<String, String>,
    /// The post's own path in the content folder, when known: a Jekyll post's date and
    /// slug come from its file name (see [`crate::frontmatter::Meta::place`]).
    pub path: String,
}

impl AssetLinks {
    /// Like [`AssetLinks::url`] for a path from the content folder's root
    /// (`assets/me.png`) rather than from the post's folder.
    pub fn root_url(&self, raw: &str) -> Option<String> {
        self.link(raw, &self.root)
    }

    /// Web addresses pass as they are; a relative path gets the prefix; anything else
    /// (`javascript:`, `file:`, `data:`) or a path leaving the folder is dropped.
    pub fn url(&self, raw: &str) -> Option<String> {
        self.link(raw, &self.prefix)
    }

    fn link(&self, raw: &str, prefix: &str) -> Option<String> {
        let raw = raw.trim();
        if raw.starts_with("https://") || raw.starts_with("http://") {
            return Some(raw.to_string());
        }
        let rel = local_path(raw)?;
        if let Some(inline) = self.inline.get(rel) {
            return Some(inline.clone());
        }
        Some(format!("{prefix}{rel}{}", self.suffix))
    }
}

/// The path of a link to a file beside the post, relative to the post's folder, if `raw`
/// is one that stays inside it: no scheme (`https:`, `javascript:`, `data:`), not absolute,
/// no `..`.
pub fn local_path(raw: &str) -> Option<&str> {
    let raw = raw.trim();
    if raw.is_empty() || raw.contains(':') || raw.starts_with('/') || raw.starts_with('\\') {
        return None;
    }
    let rel = raw.trim_start_matches("./");
    if rel.is_empty()
        || rel
            .split(['/', '\\'])
            .any(|part| part == ".." || part.is_empty())
    {
        return None;
    }
    Some(rel)
}

/// Comrak options for every rendering Quire does.
///
/// Raw HTML is not passed through (`unsafe` stays off): the preview runs inside the app's
/// webview, and a post copied from the web must not be able to run script there. Comrak
/// also drops `javascript:` and similar link targets in this mode.
pub fn options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.strikethrough = true;
    o.extension.table = true;
    o.extension.autolink = true;
    o.extension.tasklist = true;
    o.extension.footnotes = true;
    o.extension.header_id_prefix = Some(String::new());
    o.extension.superscript = false;
    o.parse.smart = true;
    o.render.r#unsafe = false;
    o.render.github_pre_lang = true;
    o
}

/// A rendered Markdown body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Body {
    /// The body as HTML, without the lifted title.
    pub html: String,
    /// The body's words and CJK characters, for the word count and reading time.
    pub counts: Counts,
    /// The text of a leading `# Heading`, removed from `html`, for posts with no title in
    /// their front matter: the article page shows the title once, in its header.
    pub lifted_title: Option<String>,
    /// The body's images that are files beside the post, as paths relative to its folder:
    /// what an export copies.
    pub images: Vec<String>,
    /// The text of the body's first paragraph, for lists and feeds of posts with no summary.
    pub excerpt: String,
    /// The body's headings, the lifted title's included; only when asked for source lines.
    pub headings: Vec<Heading>,
    /// The body's top-level blocks, in the tree's order (footnote definitions last);
    /// only when asked for source lines.
    pub segments: Vec<Segment>,
}

/// A top-level block of a body, what the live preview re-renders alone when an edit
/// stays inside it (see `preview`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// The line (in the body, from 1) it starts on.
    pub line: u32,
    /// The line it ends on.
    pub end_line: u32,
    /// Its words and characters.
    pub counts: Counts,
    /// Whether it is or holds a heading: headings' anchors depend on the headings before
    /// them, and the outline lists them.
    pub heading: bool,
    /// The label of a footnote definition: rendered with the notes at the article's end,
    /// not in its place.
    pub note: Option<String>,
}

/// Renders a Markdown body in one parse: the same tree gives the HTML and the counts.
///
/// With `lift_title`, a first-level heading that opens the body becomes the title. Image
/// sources in the body are written through `links`, like the avatar.
///
/// With `source_lines` (the live preview), block elements carry comrak's `data-sourcepos`
/// and the body's headings are listed: what the editor needs to find a block's line.
/// Export leaves both out: a published page has no use for them.
pub fn render(body: &str, lift_title: bool, links: &AssetLinks, source_lines: bool) -> Body {
    let mut options = options();
    options.render.sourcepos = source_lines;
    let arena = Arena::new();
    let root = comrak::parse_document(&arena, body, &options);
    crate::nesting::flatten(root);
    let lifted = if lift_title {
        lift_leading_h1(root)
    } else {
        None
    };
    let mut counts = Counts::default();
    let mut headings = Vec::new();
    if let Some(title) = &lifted {
        counts.add_text(&title.text);
        headings.push(title.clone());
    }
    let mut images = Vec::new();
    let mut segments = Vec::new();
    // Block by block, so that each block's counts are known: the preview adds them up.
    for block in root.children() {
        let mut block_counts = Counts::default();
        let headings_before = headings.len();
        walk(
            block,
            &mut block_counts,
            Some((links, &mut images)),
            source_lines.then_some(&mut headings),
        );
        counts = counts.plus(block_counts);
        if source_lines {
            let data = block.data();
            segments.push(Segment {
                line: u32::try_from(data.sourcepos.start.line).unwrap_or(u32::MAX),
                end_line: u32::try_from(data.sourcepos.end.line).unwrap_or(u32::MAX),
                counts: block_counts,
                heading: headings.len() > headings_before,
                note: match &data.value {
                    NodeValue::FootnoteDefinition(d) => Some(d.name.clone()),
                    _ => None,
                },
            });
        }
    }
    let excerpt = first_paragraph(root);

    let mut plugins = Plugins::default();
    plugins.render.codefence_syntax_highlighter = Some(highlight::highlighter());
    let mut html = String::with_capacity(body.len() + body.len() / 4);
    // Writing into a String cannot fail.
    let _ = ArticleHtml::format_document_with_plugins(root, &options, &mut html, &plugins);
    Body {
        html,
        counts,
        lifted_title: lifted.map(|h| h.text).filter(|t| !t.is_empty()),
        images,
        excerpt,
        headings: if source_lines { headings } else { Vec::new() },
        segments,
    }
}

comrak::create_formatter!(ArticleHtml, {
    NodeValue::TableCell => |context, node, entering| {
        return table_cell(context, node, entering);
    },
});

/// A table cell as comrak writes it, but a column's alignment as a class the stylesheet
/// aligns (`align-left`, `align-center`, `align-right`) rather than comrak's `align`
/// attribute, which HTML5 made obsolete (the Nu Html Checker rejects it).
fn table_cell<'a, T>(
    context: &mut Context<T>,
    node: &'a AstNode<'a>,
    entering: bool,
) -> Result<ChildRendering, std::fmt::Error> {
    use std::fmt::Write;
    let row = node.parent();
    let header = row.is_some_and(|r| matches!(r.data().value, NodeValue::TableRow(true)));
    if !entering {
        context.write_str(if header { "</th>" } else { "</td>" })?;
        return Ok(ChildRendering::HTML);
    }
    context.cr()?;
    context.write_str(if header { "<th" } else { "<td" })?;
    comrak::html::render_sourcepos(context, node)?;
    // The cell's column: the cells before it in its row (`preceding_siblings` counts the
    // cell itself).
    let column = node.preceding_siblings().count() - 1;
    let alignment = row
        .and_then(|r| r.parent())
        .and_then(|table| match &table.data().value {
            NodeValue::Table(t) => t.alignments.get(column).copied(),
            _ => None,
        });
    match alignment {
        Some(TableAlignment::Left) => context.write_str(" class=\"align-left\"")?,
        Some(TableAlignment::Center) => context.write_str(" class=\"align-center\"")?,
        Some(TableAlignment::Right) => context.write_str(" class=\"align-right\"")?,
        Some(TableAlignment::None) | None => {}
    }
    context.write_str(">")?;
    Ok(ChildRendering::HTML)
}

/// A heading of the body, for the outline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Heading {
    /// 1 for `#`, up to 6.
    pub level: u8,
    /// The heading's text, without its Markdown.
    pub text: String,
    /// The line it starts on, from 1: in the body when [`render`] returns it, in the
    /// whole text (front matter included) when the preview sends it.
    pub line: u32,
}

/// A heading node's outline entry.
fn heading<'a>(node: &'a AstNode<'a>, level: u8) -> Heading {
    Heading {
        level,
        text: plain_text(node),
        line: u32::try_from(node.data().sourcepos.start.line).unwrap_or(u32::MAX),
    }
}

/// The text of a node's inlines, code included, line breaks as spaces.
fn plain_text<'a>(node: &'a AstNode<'a>) -> String {
    let mut text = String::new();
    for n in node.descendants() {
        push_inline_text(n, &mut text);
    }
    text.trim().to_string()
}

/// Adds what a reader sees of one inline node: its text or code, a line break as a space.
fn push_inline_text<'a>(node: &'a AstNode<'a>, text: &mut String) {
    match &node.data().value {
        NodeValue::Text(t) => text.push_str(&crate::markup::without_marks(t)),
        NodeValue::Code(c) => text.push_str(&c.literal),
        NodeValue::SoftBreak | NodeValue::LineBreak => text.push(' '),
        _ => {}
    }
}

/// The words of a Markdown body, CJK characters counted one each, as the article counts
/// them, without rendering it (for the library index).
///
/// With the article's own options: a parse with fewer extensions would be faster, but
/// each one changes some text's words (a table drops the cells past its header's, smart
/// punctuation reads `<<b>` as a guillemet and a word, not as markup), and the list must
/// show the count the article shows. `same_count_as_the_article` holds this.
pub fn count_words(body: &str) -> u64 {
    let options = options();
    let arena = Arena::new();
    let root = comrak::parse_document(&arena, body, &options);
    let mut counts = Counts::default();
    walk(root, &mut counts, None, None);
    counts.total()
}

/// One pass over the tree for what rendering needs besides comrak: the counts, image
/// sources rewritten through `links`, and the headings for the outline.
///
/// Reading counts take prose only. Code blocks, inline code and raw HTML are not `Text`
/// nodes in comrak's tree, so walking text nodes already leaves them out: nobody reads a
/// stack trace at prose speed.
fn walk<'a>(
    node: &'a AstNode<'a>,
    counts: &mut Counts,
    mut links: Option<(&AssetLinks, &mut Vec<String>)>,
    mut headings: Option<&mut Vec<Heading>>,
) {
    for n in node.descendants() {
        let mut data = n.data_mut();
        match &mut data.value {
            NodeValue::Heading(h) => {
                let level = h.level;
                // Its text is in its children, read after this node's data is let go.
                drop(data);
                if let Some(headings) = headings.as_mut() {
                    headings.push(heading(n, level));
                }
            }
            NodeValue::Text(t) => counts.add_text(&crate::markup::without_marks(t)),
            NodeValue::Image(image) => {
                if let Some((links, images)) = links.as_mut() {
                    if let Some(rel) = local_path(&image.url) {
                        images.push(rel.to_string());
                    }
                    image.url = links.url(&image.url).unwrap_or_default();
                }
            }
            _ => {}
        }
    }
}

/// An excerpt stops here: a card's line or two, not the post.
const EXCERPT_CHARS: usize = 280;

/// The text of a post's lead, the Markdown before its "more" mark: its paragraphs' text,
/// cut at a word near [`EXCERPT_CHARS`].
pub fn excerpt(lead: &str) -> String {
    let arena = Arena::new();
    let root = comrak::parse_document(&arena, lead, &options());
    let mut text = String::new();
    for para in root
        .descendants()
        .filter(|n| matches!(n.data().value, NodeValue::Paragraph))
    {
        for n in para.descendants() {
            push_inline_text(n, &mut text);
        }
        text.push(' ');
        if text.len() > EXCERPT_CHARS * 4 {
            break;
        }
    }
    cut_excerpt(&text)
}

/// The first paragraph's text, cut at a word near [`EXCERPT_CHARS`].
fn first_paragraph<'a>(root: &'a AstNode<'a>) -> String {
    let Some(para) = root
        .children()
        .find(|n| matches!(n.data().value, NodeValue::Paragraph))
    else {
        return String::new();
    };
    let mut text = String::new();
    for n in para.descendants() {
        push_inline_text(n, &mut text);
        if text.len() > EXCERPT_CHARS * 4 {
            break;
        }
    }
    cut_excerpt(&text)
}

fn cut_excerpt(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= EXCERPT_CHARS {
        return text.to_string();
    }
    let cut: String = text.chars().take(EXCERPT_CHARS).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > EXCERPT_CHARS / 2 => &cut[..i],
        _ => &cut,
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// Takes a first-level heading that opens the body out of the tree; it stays in the
/// outline, where the author sees it in the editor.
fn lift_leading_h1<'a>(root: &'a AstNode<'a>) -> Option<Heading> {
    let first = root.first_child()?;
    let is_h1 = matches!(first.data().value, NodeValue::Heading(h) if h.level == 1);
    if !is_h1 {
        return None;
    }
    let title = heading(first, 1);
    first.detach();
    Some(title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_count_as_the_article() {
        let tricky = [
            "don't stop -- it's \"quoted\" and 'single' ... done",
            "| a b | c |\n|---|:-:|\n| d e | f-g | dropped cell |\nrow words too\n",
            "~~struck words~~ and ~single~ tildes, <<b>> guillemets",
            "- [x] done task\n- [ ] open task",
            "www.example.com/a_b_c and https://x.org/p?q=1&r=2 and me@example.com",
            "Note[^1] and[^long note] here.\n\n[^1]: The note.\n[^long note]: Another one.",
            "**bold**er *it*alic `code span` <b>html</b> [link text](https://x.y/z)",
            "朝の港 and 河边 mixed with words, 오늘은 too.",
            "```rust\nlet code = \"not words\";\n```\n\n    indented code\n\nAfter.",
        ];
        let corpus = [
            quire_corpus::realistic::post(3_000),
            quire_corpus::prose::post(2_000),
        ];
        for body in tricky
            .iter()
            .copied()
            .chain(corpus.iter().map(String::as_str))
        {
            let article = render(body, false, &AssetLinks::default(), false).counts;
            assert_eq!(count_words(body), article.total(), "{body}");
        }
    }

    #[test]
    fn gfm_extensions_render() {
        let md = "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~ www.example.com\n\n- [x] done\n\nNote[^1]\n\n[^1]: The note.\n";
        let html = render(md, false, &AssetLinks::default(), false).html;
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<del>gone</del>"), "{html}");
        assert!(html.contains("href=\"http://www.example.com\""), "{html}");
        assert!(html.contains("type=\"checkbox\""), "{html}");
        assert!(html.contains("footnote"), "{html}");
    }

    /// Column alignment is a class, never HTML5's obsolete `align` attribute, in the
    /// export and in the preview (whose cells also carry their source lines).
    #[test]
    fn aligned_columns_are_classes() {
        let md = "| l | c | r | n |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |\n";
        for source_lines in [false, true] {
            let html = render(md, false, &AssetLinks::default(), source_lines).html;
            assert!(!html.contains("align=\""), "{html}");
            for (cell, class) in [
                ("l", "left"),
                ("1", "left"),
                ("c", "center"),
                ("2", "center"),
                ("r", "right"),
                ("3", "right"),
            ] {
                let tag = if cell.parse::<u8>().is_ok() {
                    "td"
                } else {
                    "th"
                };
                let at = html
                    .find(&format!(">{cell}</{tag}>"))
                    .unwrap_or_else(|| panic!("{cell}: {html}"));
                let open = html[..at].rfind(&format!("<{tag}")).unwrap();
                assert!(
                    html[open..at].contains(&format!("class=\"align-{class}\"")),
                    "{cell}: {html}"
                );
            }
            assert!(
                html.contains(">n</th>") && html.contains(">4</td>"),
                "{html}"
            );
            let plain = |cell: &str, tag: &str| {
                let at = html.find(&format!(">{cell}</{tag}>")).unwrap();
                let open = html[..at].rfind(&format!("<{tag}")).unwrap();
                !html[open..at].contains("class=")
            };
            assert!(plain("n", "th") && plain("4", "td"), "{html}");
        }
    }

    #[test]
    fn raw_html_and_script_links_are_not_passed_through() {
        let md = "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))\n";
        let html = render(md, false, &AssetLinks::default(), false).html;
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn code_is_highlighted_and_not_counted() {
        let md = "Two words\n\n```rust\nfn main() { let many = words + here; }\n```\n";
        let body = render(md, false, &AssetLinks::default(), false);
        assert_eq!(body.counts.words, 2);
        assert!(body.html.contains("<span class=\"hl-"), "{}", body.html);
        assert!(!body.html.contains("style="), "{}", body.html);
    }

    #[test]
    fn leading_h1_becomes_title() {
        let body = render(
            "# The *Title*\n\nText\n",
            true,
            &AssetLinks::default(),
            false,
        );
        assert_eq!(body.lifted_title.as_deref(), Some("The Title"));
        assert!(!body.html.contains("<h1"));
        let kept = render(
            "# The Title\n\nText\n",
            false,
            &AssetLinks::default(),
            false,
        );
        assert!(kept.html.contains("<h1"));
    }

    #[test]
    fn headings_get_anchors() {
        let html = render("## Leveraging Data\n", false, &AssetLinks::default(), false).html;
        assert!(html.contains("id=\"leveraging-data\""), "{html}");
    }
}
