//! HTML to Markdown: the bodies of WordPress, Ghost and Medium posts as plain CommonMark
//! with GitHub's tables, readable as text and rendered by Quire as the old blog showed
//! them. What Markdown cannot say (an embedded player, a gallery's layout) becomes a link
//! or a list, never raw HTML the author would have to clean up.

use dom_query::{Document, NodeRef};

mod embed;
mod text;

use embed::{bookmark, code_block, is_bookmark, media_link};
use text::{collapse, destination, escape, inline_code, tidy};

/// A body converted: its Markdown and the images it links to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Converted {
    /// CommonMark with GFM tables, ending without a newline.
    pub markdown: String,
    /// The `src` of each image, in order of appearance, once each.
    pub images: Vec<String>,
}

/// `html` (a fragment, as exports store bodies) as Markdown.
pub fn to_markdown(html: &str) -> Converted {
    let doc = Document::from(html);
    match doc.body() {
        Some(body) => node_to_markdown(&body),
        None => Converted::default(),
    }
}

/// The children of `node` (a body, a Medium `<section>`) as Markdown.
pub fn node_to_markdown(node: &NodeRef) -> Converted {
    let mut writer = Writer::default();
    let blocks = writer.blocks(node);
    Converted {
        markdown: join_blocks(&blocks),
        images: writer.images,
    }
}

/// The text of `html`, whitespace collapsed: an excerpt for front matter.
pub fn plain_text(html: &str) -> String {
    if !html.contains('<') && !html.contains('&') {
        return collapse(html).trim().to_string();
    }
    let doc = Document::from(html);
    collapse(&doc.body().map(|b| b.text().to_string()).unwrap_or_default())
        .trim()
        .to_string()
}

/// A piece of the output between blank lines; lists are told apart because a nested
/// list follows its item's text with no blank line.
#[derive(Debug, Clone)]
struct Block {
    text: String,
    list: bool,
}

impl Block {
    fn text(text: String) -> Block {
        Block { text, list: false }
    }
}

fn join_blocks(blocks: &[Block]) -> String {
    blocks
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[derive(Default)]
struct Writer {
    images: Vec<String>,
    /// Inside a table cell, where a line break must stay on the row's line.
    in_cell: bool,
}

const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "audio",
    "blockquote",
    "center",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "embed",
    "fieldset",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "iframe",
    "li",
    "main",
    "nav",
    "object",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "ul",
    "video",
];

/// What is never content: scripts, styles, a form's controls.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "head", "button", "input", "select", "textarea",
    "svg", "link", "meta",
];

fn name(node: &NodeRef) -> String {
    node.node_name()
        .map(|n| n.to_ascii_lowercase())
        .unwrap_or_default()
}

fn is_block(node: &NodeRef) -> bool {
    node.is_element() && BLOCKS.contains(&name(node).as_str())
}

impl Writer {
    /// The children of `node` as blocks: runs of inline content become paragraphs.
    fn blocks(&mut self, node: &NodeRef) -> Vec<Block> {
        let mut out = Vec::new();
        let mut run = String::new();
        for child in node.children() {
            if is_block(&child) {
                flush(&mut run, &mut out);
                self.block(&child, &mut out);
            } else {
                self.inline(&child, &mut run);
            }
        }
        flush(&mut run, &mut out);
        out
    }

    fn block(&mut self, el: &NodeRef, out: &mut Vec<Block>) {
        let tag = name(el);
        match tag.as_str() {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = usize::from(tag.as_bytes()[1] - b'0');
                let text = self.inline_text(el).replace('\n', " ");
                if !text.is_empty() {
                    out.push(Block::text(format!("{} {text}", "#".repeat(level))));
                }
            }
            "ul" | "ol" => {
                if let Some(list) = self.list(el, tag == "ol") {
                    out.push(list);
                }
            }
            "pre" => out.push(Block::text(code_block(el))),
            "blockquote" => {
                let inner = join_blocks(&self.blocks(el));
                if !inner.is_empty() {
                    let quoted: Vec<String> = inner
                        .lines()
                        .map(|l| {
                            if l.is_empty() {
                                ">".into()
                            } else {
                                format!("> {l}")
                            }
                        })
                        .collect();
                    out.push(Block::text(quoted.join("\n")));
                }
            }
            "figure" => self.figure(el, out),
            "table" => {
                if let Some(table) = self.table(el) {
                    out.push(Block::text(table));
                }
            }
            "hr" => out.push(Block::text("---".into())),
            "iframe" | "embed" | "object" | "video" | "audio" => {
                if let Some(link) = media_link(el) {
                    out.push(Block::text(link));
                }
            }
            "dt" => {
                let text = self.inline_text(el);
                if !text.is_empty() {
                    out.push(Block::text(format!("**{text}**")));
                }
            }
            _ if is_bookmark(el) => {
                if let Some(link) = bookmark(el) {
                    out.push(Block::text(link));
                }
            }
            _ => out.extend(self.blocks(el)),
        }
    }

    fn list(&mut self, el: &NodeRef, ordered: bool) -> Option<Block> {
        let mut number: usize = el
            .attr("start")
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(1);
        let mut items = Vec::new();
        let mut loose = false;
        for li in el.children() {
            let blocks = if li.is_element() && name(&li) == "li" {
                self.blocks(&li)
            } else if is_block(&li) {
                let mut out = Vec::new();
                self.block(&li, &mut out);
                out
            } else {
                // Text between items is only the source's indentation.
                continue;
            };
            let marker = if ordered {
                format!("{number}. ")
            } else {
                "- ".to_string()
            };
            number += 1;
            let mut body = String::new();
            for (i, b) in blocks.iter().enumerate() {
                if i > 0 {
                    body.push_str(if b.list { "\n" } else { "\n\n" });
                    loose |= !b.list;
                }
                body.push_str(&b.text);
            }
            let pad = " ".repeat(marker.len());
            let mut item = marker;
            for (i, line) in body.lines().enumerate() {
                if i > 0 {
                    item.push('\n');
                    if !line.is_empty() {
                        item.push_str(&pad);
                    }
                }
                item.push_str(line);
            }
            items.push(item.trim_end().to_string());
        }
        (!items.is_empty()).then(|| Block {
            text: items.join(if loose { "\n\n" } else { "\n" }),
            list: true,
        })
    }

    /// An image with its caption as an italic line below it; a figure of anything else
    /// (a table, an embed) as its content with the caption after.
    fn figure(&mut self, el: &NodeRef, out: &mut Vec<Block>) {
        let mut caption = String::new();
        let mut content = Vec::new();
        let mut run = String::new();
        for child in el.children() {
            if child.is_element() && name(&child) == "figcaption" {
                caption = self.inline_text(&child);
            } else if is_block(&child) {
                flush(&mut run, &mut content);
                self.block(&child, &mut content);
            } else {
                self.inline(&child, &mut run);
            }
        }
        flush(&mut run, &mut content);
        out.extend(content);
        if !caption.is_empty() {
            let caption = caption.replace('\n', " ");
            // Emphasis inside the caption takes `*`, so the caption's own is `_`.
            let mark = if caption.contains('*') { "_" } else { "*" };
            out.push(Block::text(format!("{mark}{caption}{mark}")));
        }
    }

    fn table(&mut self, el: &NodeRef) -> Option<String> {
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut trs = Vec::new();
        table_rows(el, &mut trs);
        self.in_cell = true;
        for tr in &trs {
            let cells: Vec<String> = tr
                .children()
                .iter()
                .filter(|c| matches!(name(c).as_str(), "td" | "th"))
                .map(|c| self.inline_text(c).replace('|', "\\|"))
                .collect();
            rows.push(cells);
        }
        self.in_cell = false;
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        if width == 0 {
            return None;
        }
        let line = |cells: &[String]| {
            let mut s = String::from("|");
            for i in 0..width {
                s.push_str(&format!(" {} |", cells.get(i).map_or("", String::as_str)));
            }
            s
        };
        let mut lines = vec![line(&rows[0]), format!("|{}", " --- |".repeat(width))];
        lines.extend(rows[1..].iter().map(|r| line(r)));
        Some(lines.join("\n"))
    }

    /// The inline content of `el` on its own, trimmed.
    fn inline_text(&mut self, el: &NodeRef) -> String {
        let mut s = String::new();
        for child in el.children() {
            self.inline(&child, &mut s);
        }
        tidy(&s)
    }

    fn inline(&mut self, node: &NodeRef, out: &mut String) {
        if node.is_text() {
            let text = collapse(&node.text());
            // A space at the start of a line is only the source's layout.
            let text = if out.is_empty() || out.ends_with('\n') {
                text.trim_start()
            } else {
                &text
            };
            out.push_str(&escape(text, out.is_empty() || out.ends_with('\n')));
            return;
        }
        if !node.is_element() {
            return;
        }
        let tag = name(node);
        if SKIPPED.contains(&tag.as_str()) {
            return;
        }
        match tag.as_str() {
            "em" | "i" | "cite" | "dfn" => self.wrapped(node, "*", out),
            "strong" | "b" => self.wrapped(node, "**", out),
            "del" | "s" | "strike" => self.wrapped(node, "~~", out),
            "code" | "kbd" | "samp" | "tt" => {
                let code = collapse(&node.text());
                if !code.trim().is_empty() {
                    out.push_str(&inline_code(&code));
                }
            }
            "br" => out.push_str(if self.in_cell { "<br>" } else { "\\\n" }),
            "img" => {
                if let Some(image) = self.image(node) {
                    out.push_str(&image);
                }
            }
            "a" => self.link(node, out),
            "iframe" | "video" | "audio" | "embed" | "object" => {
                if let Some(link) = media_link(node) {
                    out.push_str(&link);
                }
            }
            "hr" => {}
            _ => {
                // A block inside inline content (a div in a link): its words, apart.
                let block = is_block(node);
                if block && !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
                for child in node.children() {
                    self.inline(&child, out);
                }
                if block && !out.ends_with(' ') {
                    out.push(' ');
                }
            }
        }
    }

    /// `inner` between `mark`s, with its outer spaces moved outside: `* a*` is not emphasis.
    fn wrapped(&mut self, node: &NodeRef, mark: &str, out: &mut String) {
        let mut inner = String::new();
        for child in node.children() {
            self.inline(&child, &mut inner);
        }
        let trimmed = inner.trim();
        if trimmed.is_empty() {
            out.push_str(&inner);
            return;
        }
        if inner.starts_with(char::is_whitespace) {
            out.push(' ');
        }
        out.push_str(&format!("{mark}{trimmed}{mark}"));
        if inner.ends_with(char::is_whitespace) {
            out.push(' ');
        }
    }

    fn link(&mut self, node: &NodeRef, out: &mut String) {
        let mut inner = String::new();
        for child in node.children() {
            self.inline(&child, &mut inner);
        }
        let inner = tidy(&inner);
        let href = node.attr("href").map(|h| h.trim().to_string());
        match href.filter(|h| !h.is_empty()) {
            None => out.push_str(&inner),
            Some(href) if inner.is_empty() => out.push_str(&format!("<{href}>")),
            Some(href) if inner == escape(&href, false) && href.contains("://") => {
                out.push_str(&format!("<{href}>"))
            }
            Some(href) => out.push_str(&format!("[{inner}]({})", destination(&href))),
        }
    }

    fn image(&mut self, node: &NodeRef) -> Option<String> {
        let src = ["src", "data-src", "data-lazy-src"]
            .iter()
            .filter_map(|a| node.attr(a))
            .map(|s| s.trim().to_string())
            .find(|s| !s.is_empty() && !s.starts_with("data:"))?;
        let alt = collapse(&node.attr("alt").unwrap_or_default())
            .trim()
            .replace(['[', ']'], "");
        if !self.images.contains(&src) {
            self.images.push(src.clone());
        }
        Some(format!("![{alt}]({})", destination(&src)))
    }
}

/// The rows of a table in document order, whether in thead, tbody or straight in it.
fn table_rows<'a>(node: &NodeRef<'a>, rows: &mut Vec<NodeRef<'a>>) {
    for child in node.children() {
        match name(&child).as_str() {
            "tr" => rows.push(child),
            "thead" | "tbody" | "tfoot" => table_rows(&child, rows),
            _ => {}
        }
    }
}

/// Ends a run of inline content as a paragraph, if it holds any.
fn flush(run: &mut String, out: &mut Vec<Block>) {
    let mut text = tidy(run);
    run.clear();
    // A paragraph of only an address (WordPress's auto-embeds) is a link to it.
    let bare = text.replace('\\', "");
    if !bare.contains(char::is_whitespace)
        && (bare.starts_with("https://") || bare.starts_with("http://"))
    {
        text = format!("<{bare}>");
    }
    if !text.is_empty() {
        out.push(Block::text(text));
    }
}

#[cfg(test)]
mod tests {
    use super::to_markdown;

    fn md(html: &str) -> String {
        to_markdown(html).markdown
    }

    #[test]
    fn paragraphs_emphasis_links_and_escapes() {
        assert_eq!(
            md("<p>One <em>two</em> <strong>three </strong>four</p><p>A <a href=\"https://x.org/a\">link</a> and 2*3 and snake_case</p>"),
            "One *two* **three** four\n\nA [link](https://x.org/a) and 2\\*3 and snake_case"
        );
        assert_eq!(md("<p># not a heading</p>"), "\\# not a heading");
        assert_eq!(md("<p>1. not a list</p>"), "1\\. not a list");
    }

    #[test]
    fn nested_lists_and_tables() {
        assert_eq!(
            md("<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul><ol start=\"3\"><li>x</li></ol>"),
            "- a\n  - b\n- c\n\n3. x"
        );
        assert_eq!(
            md("<table><thead><tr><th>A</th><th>B</th></tr></thead><tbody><tr><td>1|2</td><td>x<br>y</td></tr></tbody></table>"),
            "| A | B |\n| --- | --- |\n| 1\\|2 | x<br>y |"
        );
    }

    #[test]
    fn code_quotes_figures_and_embeds() {
        assert_eq!(
            md("<pre><code class=\"language-rust\">fn main() {\n    let a = 1 &lt; 2;\n}\n</code></pre>"),
            "```rust\nfn main() {\n    let a = 1 < 2;\n}\n```"
        );
        assert_eq!(
            md("<blockquote><p>one</p><p>two</p></blockquote>"),
            "> one\n>\n> two"
        );
        let figure = to_markdown(
            "<figure><img src=\"https://x.org/a.jpg\" alt=\"A [b]\"><figcaption>The <em>river</em></figcaption></figure>",
        );
        assert_eq!(
            figure.markdown,
            "![A b](https://x.org/a.jpg)\n\n_The *river*_"
        );
        assert_eq!(figure.images, vec!["https://x.org/a.jpg"]);
        assert_eq!(
            md("<iframe src=\"https://www.youtube.com/embed/abc_12?feature=oembed\"></iframe>"),
            "[YouTube video](https://www.youtube.com/watch?v=abc_12)"
        );
        assert_eq!(md("<p>a<!-- note -->b<script>x()</script></p>"), "ab");
    }
}
