//! A body's generator markup turned into what comrak renders: as Hugo does it, a call
//! whose output is HTML leaves a placeholder in the Markdown, filled in once the
//! Markdown is HTML ([`Expanded::restore`]); a call whose output is Markdown (a
//! `highlight` block, a link's address) is written into the Markdown itself.

use std::borrow::Cow;

use super::builtin::{self, Kind, Piece};
use super::call::{Call, Node};
use super::placeholder::{clean, placeholder, Expanded};
use super::{hugo, liquid, zola, Dialect, Markup};
use crate::frontmatter::Format;
use crate::highlight::CodeOptions;
use crate::markdown::AssetLinks;

/// The post a body belongs to, for the calls that read it (`param`, `page.title`).
#[derive(Debug, Clone, Copy)]
pub struct Page<'a> {
    /// Its front matter's text, between the fences.
    pub front: &'a str,
    /// The front matter's language.
    pub format: Option<Format>,
    /// Its title as the page shows it.
    pub title: &'a str,
}

/// Where a caption the page's pass renders goes in a figure's HTML, until it is cut there.
const CAPTION: &str = "\u{1}";

/// Whether a caption has Markdown in it; plain words need no Markdown pass.
fn needs_markdown(md: &str) -> bool {
    md.contains(['*', '_', '`', '[', '<', '&', '!', '\\', '~', '\n'])
}

/// A caption's text without its inline Markdown, as Hugo's `markdownify | plainify`
/// gives the image's `alt`.
fn plain_markdown(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut rest = md;
    while let Some(c) = rest.chars().next() {
        if c == '[' {
            // `[text](address)` → text
            if let Some(close) = rest.find("](") {
                if let Some(end) = rest[close..].find(')') {
                    out.push_str(&rest[1..close]);
                    rest = &rest[close + end + 1..];
                    continue;
                }
            }
        }
        if !matches!(c, '*' | '`' | '~' | '\\') {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Expands `body`'s markup in `markup`'s dialect. A plain Quire folder, or a body with no
/// sign of markup, comes back as it is.
pub fn expand<'t>(
    body: &'t str,
    page: &Page<'_>,
    markup: &Markup,
    links: &AssetLinks,
) -> Expanded<'t> {
    let unchanged = || Expanded {
        text: Cow::Borrowed(body),
        pieces: Vec::new(),
        images: Vec::new(),
    };
    let signs = match markup.dialect {
        Dialect::Quire => false,
        Dialect::Hugo => body.contains("{{<") || body.contains("{{%"),
        Dialect::Jekyll => body.contains("{%") || body.contains("{{"),
        Dialect::Zola => body.contains("{{") || body.contains("{%") || body.contains("](@/"),
    };
    if !signs {
        return unchanged();
    }
    let nodes = parse(markup.dialect, body);
    let only_text = nodes.iter().all(|n| matches!(n, Node::Text(_)));
    if only_text && !body.contains("](@/") {
        return unchanged();
    }
    let mut x = Expander {
        body,
        page,
        markup,
        links,
        out: String::with_capacity(body.len() + 64),
        pieces: Vec::new(),
        images: Vec::new(),
        front: std::cell::OnceCell::new(),
    };
    x.nodes(&nodes);
    Expanded {
        text: Cow::Owned(x.out),
        pieces: x.pieces,
        images: x.images,
    }
}

fn parse(dialect: Dialect, text: &str) -> Vec<Node> {
    match dialect {
        Dialect::Quire => vec![Node::Text(0..text.len())],
        Dialect::Hugo => hugo::parse(text),
        Dialect::Jekyll => liquid::parse(text),
        Dialect::Zola => zola::parse(text),
    }
}

/// One expansion under way.
pub(super) struct Expander<'a, 'p> {
    pub(super) body: &'a str,
    pub(super) page: &'a Page<'p>,
    pub(super) markup: &'a Markup,
    pub(super) links: &'a AssetLinks,
    pub(super) out: String,
    pub(super) pieces: Vec<Piece>,
    pub(super) images: Vec<String>,
    /// The page's front matter values, read once when a call first asks for one.
    pub(super) front: std::cell::OnceCell<Vec<(String, String)>>,
}

/// What a call becomes.
pub(super) enum Output {
    /// Markdown written in its place.
    Markdown(String),
    /// HTML, through a placeholder.
    Piece(Piece),
}

impl Expander<'_, '_> {
    fn nodes(&mut self, nodes: &[Node]) {
        for node in nodes {
            match node {
                Node::Text(r) => {
                    let text = &self.body[r.clone()];
                    if self.markup.dialect == Dialect::Zola && text.contains("](@/") {
                        let linked = self.zola_links(text);
                        self.out.push_str(&clean(&linked));
                    } else {
                        self.out.push_str(&clean(text));
                    }
                }
                Node::Literal(s) => self.out.push_str(&clean(s)),
                Node::Call(call) => {
                    let output = match self.markup.dialect {
                        Dialect::Hugo => self.hugo(call),
                        Dialect::Jekyll => self.jekyll(call),
                        Dialect::Zola => self.zola(call),
                        Dialect::Quire => Output::Markdown(call.source.clone()),
                    };
                    self.emit(call, output);
                }
            }
        }
    }

    fn emit(&mut self, call: &Call, output: Output) {
        let at_line_start = self.out.is_empty() || self.out.ends_with('\n');
        match output {
            Output::Markdown(s) => self.out.push_str(&clean(&s)),
            Output::Piece(p) => {
                self.out.push_str(&placeholder(self.pieces.len()));
                self.pieces.push(p);
                // A call alone on its lines keeps the lines after it where they were,
                // so the preview's blocks still match the editor's lines.
                if at_line_start {
                    let lines = call.source.matches('\n').count();
                    self.out.extend(std::iter::repeat_n('\n', lines));
                }
            }
        }
    }

    /// A highlighted code block, through the highlighter fenced code uses.
    pub(super) fn code(&self, lang: &str, code: &str, options: &CodeOptions) -> Output {
        // The code starts on the line after the opening tag.
        let code = code
            .strip_prefix("\r\n")
            .or_else(|| code.strip_prefix('\n'))
            .unwrap_or(code);
        // And ends on the line before the closing tag.
        let code = code
            .strip_suffix("\r\n")
            .or_else(|| code.strip_suffix('\n'))
            .unwrap_or(code);
        let html = crate::highlight::code_block(lang, code, options);
        Output::Piece(Piece::same(html, String::new()))
    }

    /// The inner text of a paired call, rendered: its own calls expanded, its Markdown
    /// made HTML.
    fn inner_html(&mut self, call: &Call) -> Option<String> {
        call.inner.as_ref()?;
        let mut sub = Expander {
            body: self.body,
            page: self.page,
            markup: self.markup,
            links: self.links,
            out: String::new(),
            pieces: Vec::new(),
            images: Vec::new(),
            front: self.front.clone(),
        };
        sub.nodes(&call.children);
        let expanded = Expanded {
            text: Cow::Owned(sub.out),
            pieces: sub.pieces,
            images: Vec::new(),
        };
        self.images.extend(sub.images);
        let html = crate::markdown::render(&expanded.text, false, self.links, false).html;
        Some(expanded.restore(html))
    }

    /// A call Quire cannot run, as a box.
    ///
    /// A box alone on its line has its inner content rendered with the page, between its
    /// opening and closing HTML, as Hugo renders `{{% %}}`: one Markdown pass for the
    /// whole post, not one for each box. Amid a paragraph, the inner content is rendered
    /// on its own.
    pub(super) fn boxed(&mut self, call: &Call) -> Output {
        let at_line_start = self.out.is_empty() || self.out.ends_with('\n');
        if call.inner.is_none() || !at_line_start {
            let inner = self.inner_html(call);
            return Output::Piece(builtin::boxed(
                &call.name,
                &call.params_text(),
                inner.as_deref(),
            ));
        }
        let (open, close) = builtin::box_around(&call.name, &call.params_text());
        self.out.push_str(&placeholder(self.pieces.len()));
        self.pieces.push(open);
        // The opening and closing HTML each stand as a paragraph of their own; the inner
        // text's own line breaks make as much of the blank lines as they can, so the
        // lines after the box move as little as may be.
        let inner_breaks = call.inner.clone().map_or(0, |r| {
            self.body[r].bytes().take_while(|&b| b == b'\n').count()
        });
        self.out
            .push_str(&"\n".repeat(2usize.saturating_sub(inner_breaks)));
        self.nodes(&call.children);
        while !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
        self.out.push_str(&placeholder(self.pieces.len()));
        self.pieces.push(close);
        Output::Markdown(String::new())
    }

    /// Inline Markdown (a caption) as HTML, without its paragraph.
    pub(super) fn inline_html(&self, md: &str) -> String {
        // Most captions are plain words: no Markdown pass for them.
        if !needs_markdown(md) {
            return builtin::escape(md);
        }
        let html = crate::markdown::render(md, false, self.links, false).html;
        let html = html.trim_end();
        html.strip_prefix("<p>")
            .and_then(|h| h.strip_suffix("</p>"))
            .unwrap_or(html)
            .to_string()
    }

    /// A figure. A caption with Markdown in it, in a figure alone on its line, is
    /// rendered by the page's own pass, between the figure's opening and closing HTML:
    /// a Markdown pass per caption would cost more than the rest of the post.
    pub(super) fn figure(&mut self, call: &Call, src: &str) -> Output {
        if let Some(rel) = crate::markdown::local_path(src) {
            self.images.push(rel.to_string());
        }
        let at_line_start = self.out.is_empty() || self.out.ends_with('\n');
        let caption = call.named("caption").filter(|c| !c.trim().is_empty());
        let in_page = at_line_start && caption.as_deref().is_some_and(needs_markdown);
        let rendered = caption.as_deref().map(|c| {
            if in_page {
                builtin::Caption {
                    html: CAPTION.to_string(),
                    plain: plain_markdown(c),
                }
            } else {
                let html = self.inline_html(c);
                builtin::Caption {
                    plain: builtin::plain(&html),
                    html,
                }
            }
        });
        let piece = builtin::figure(call, src, self.links, rendered, &|md| self.inline_html(md));
        let (Some(caption), true) = (caption, in_page) else {
            return Output::Piece(piece);
        };
        let html = piece.block;
        let split = html
            .split_once(&format!("<p>{CAPTION}"))
            .and_then(|(open, rest)| Some((open, rest.split_once("</p></figcaption>")?.0)));
        let Some((open, attr)) = split else {
            return Output::Piece(Piece::same(html.clone(), piece.text));
        };
        let opens = Piece {
            kind: Kind::Opens,
            ..Piece::same(open.to_string(), piece.text.clone())
        };
        let closes = Piece {
            kind: Kind::Closes,
            ..Piece::same("</figcaption></figure>".to_string(), String::new())
        };
        self.out.push_str(&placeholder(self.pieces.len()));
        self.pieces.push(opens);
        // One line, so the lines after it stay where they were.
        self.out
            .push_str(&clean(&caption.replace(['\r', '\n'], " ")));
        if !attr.is_empty() {
            self.out.push_str(&placeholder(self.pieces.len()));
            self.pieces
                .push(Piece::same(attr.to_string(), String::new()));
        }
        self.out.push_str(&placeholder(self.pieces.len()));
        self.pieces.push(closes);
        Output::Markdown(String::new())
    }

    /// Whether the call sits in a link's address: `[text](` just before it.
    pub(super) fn in_address(&self) -> bool {
        self.out.ends_with("](") || self.out.ends_with("=\"")
    }

    /// A link to the post `name` names: its address in a link's address, else the address
    /// as text, as Hugo writes it; a post not there is a link shown missing.
    pub(super) fn post_link(&self, name: &str) -> Output {
        let anchor = name.split_once('#').map(|(_, a)| a);
        match self.markup.posts.find(name) {
            Some(rel) => {
                let mut url = format!("{}{}/", self.links.root, self.markup.posts.address(rel));
                if let Some(a) = anchor {
                    url.push('#');
                    url.push_str(a);
                }
                if self.in_address() {
                    Output::Markdown(url)
                } else {
                    Output::Piece(builtin::text(&url))
                }
            }
            None if self.in_address() => {
                Output::Markdown(format!("#missing-{}", crate::slug::slugify(name)))
            }
            None => Output::Piece(builtin::missing_link(name)),
        }
    }
}
