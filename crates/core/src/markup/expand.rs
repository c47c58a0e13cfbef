//! A body's generator markup turned into what comrak renders: as Hugo does it, a call
//! whose output is HTML leaves a placeholder in the Markdown, filled in once the
//! Markdown is HTML ([`Expanded::restore`]); a call whose output is Markdown (a
//! `highlight` block, a link's address) is written into the Markdown itself.

use std::borrow::Cow;

use super::builtin::{self, Kind, Piece};
use super::call::{Call, Node};
use super::{hugo, liquid, zola, Dialect, Markup};
use crate::frontmatter::{Format, Meta};
use crate::highlight::{CodeOptions, LineNumbers};
use crate::markdown::AssetLinks;

/// Opens a placeholder; its index follows as private-use digits, then [`CLOSE`]. Private
/// use characters: no Markdown syntax, no word, never escaped by comrak.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';
const DIGIT_ZERO: u32 = 0xE010;

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

/// A body with its generator markup expanded.
#[derive(Debug, Clone)]
pub struct Expanded<'t> {
    /// The Markdown to render: the body itself when it has no markup.
    pub text: Cow<'t, str>,
    pieces: Vec<Piece>,
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
fn paragraph_open(out: &str) -> Option<usize> {
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
fn clean(text: &str) -> Cow<'_, str> {
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

fn placeholder(index: usize) -> String {
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
struct Expander<'a, 'p> {
    body: &'a str,
    page: &'a Page<'p>,
    markup: &'a Markup,
    links: &'a AssetLinks,
    out: String,
    pieces: Vec<Piece>,
    images: Vec<String>,
    /// The page's front matter values, read once when a call first asks for one.
    front: std::cell::OnceCell<Vec<(String, String)>>,
}

/// What a call becomes.
enum Output {
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
    fn code(&self, lang: &str, code: &str, options: &CodeOptions) -> Output {
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
    fn boxed(&mut self, call: &Call) -> Output {
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
    fn inline_html(&self, md: &str) -> String {
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
    fn figure(&mut self, call: &Call, src: &str) -> Output {
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
    fn in_address(&self) -> bool {
        self.out.ends_with("](") || self.out.ends_with("=\"")
    }

    /// A link to the post `name` names: its address in a link's address, else the address
    /// as text, as Hugo writes it; a post not there is a link shown missing.
    fn post_link(&self, name: &str) -> Output {
        let anchor = name.split_once('#').map(|(_, a)| a);
        match self.markup.posts.find(name) {
            Some(rel) => {
                let mut url = format!("{}{}/", self.links.root, post_slug(rel));
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

    fn hugo(&mut self, call: &Call) -> Output {
        match call.name.as_str() {
            "figure" => match call.named("src") {
                Some(src) => self.figure(call, &src),
                None => self.boxed(call),
            },
            "highlight" => match call.inner.clone() {
                Some(r) => {
                    let options = hugo_code_options(&call.param("", 1).unwrap_or_default());
                    self.code(
                        &call.param("", 0).unwrap_or_default(),
                        &self.body[r],
                        &options,
                    )
                }
                None => self.boxed(call),
            },
            "ref" | "relref" => match call.param("path", 0) {
                Some(name) => self.post_link(&name),
                None => self.boxed(call),
            },
            "youtube" | "vimeo" => match call.param("id", 0) {
                Some(id) => Output::Piece(builtin::video(
                    &call.name,
                    &id,
                    call.named("title").as_deref(),
                )),
                None => self.boxed(call),
            },
            "gist" => match (call.param("user", 0), call.param("id", 1)) {
                (Some(user), Some(id)) => {
                    let url = format!("https://gist.github.com/{user}/{id}");
                    let label = match call.param("file", 2) {
                        Some(f) => format!("{user}/{f}"),
                        None => format!("Gist by {user}"),
                    };
                    Output::Piece(builtin::link_card("GitHub Gist", &url, &label))
                }
                _ => self.boxed(call),
            },
            "x" | "twitter" | "tweet" => match (call.param("user", 0), call.param("id", 1)) {
                (Some(user), Some(id)) => Output::Piece(builtin::link_card(
                    "X",
                    &format!("https://x.com/{user}/status/{id}"),
                    &format!("Post by @{user}"),
                )),
                _ => self.boxed(call),
            },
            "instagram" => match call.param("id", 0) {
                Some(id) => Output::Piece(builtin::link_card(
                    "Instagram",
                    &format!("https://www.instagram.com/p/{id}/"),
                    "Instagram post",
                )),
                None => self.boxed(call),
            },
            "param" => match call.param("name", 0) {
                Some(name) => match self.page_value(&name).or_else(|| {
                    self.markup
                        .vars
                        .get(&format!("params.{}", name.to_ascii_lowercase()))
                        .cloned()
                }) {
                    // A value in a link's address is the address: Markdown, not a piece.
                    Some(v) if self.in_address() => Output::Markdown(v),
                    Some(v) => Output::Piece(builtin::text(&v)),
                    None => self.boxed(call),
                },
                None => self.boxed(call),
            },
            _ => self.boxed(call),
        }
    }

    fn jekyll(&mut self, call: &Call) -> Output {
        match call.name.as_str() {
            "=" => {
                let expr = call.param("", 0).unwrap_or_default();
                match self.liquid_value(&expr) {
                    Some(v) if self.in_address() => Output::Markdown(v),
                    Some(v) => Output::Piece(builtin::text(&v)),
                    None => Output::Piece(builtin::boxed(&format!("{{{{ {expr} }}}}"), "", None)),
                }
            }
            "highlight" => match call.inner.clone() {
                Some(r) => {
                    let args = match &call.params {
                        super::call::Params::Positional(v) => v.clone(),
                        super::call::Params::Named(_) => Vec::new(),
                    };
                    let options = CodeOptions {
                        numbers: if args.iter().any(|a| a == "linenos") {
                            LineNumbers::Table
                        } else {
                            LineNumbers::Off
                        },
                        first: 1,
                        marked: Vec::new(),
                    };
                    self.code(
                        &call.param("", 0).unwrap_or_default(),
                        &self.body[r],
                        &options,
                    )
                }
                None => self.boxed(call),
            },
            "post_url" | "link" => match call.param("", 0) {
                Some(name) => self.post_link(&name),
                None => self.boxed(call),
            },
            _ => self.boxed(call),
        }
    }

    /// A Liquid output's value: `site.X`, `page.X`, a quoted string, through the
    /// `relative_url` and `absolute_url` filters; none for what Quire cannot know.
    fn liquid_value(&self, expr: &str) -> Option<String> {
        let mut parts = expr.split('|').map(str::trim);
        let var = parts.next()?;
        let mut value = if let Some(s) = var
            .strip_prefix('"')
            .and_then(|s| s.strip_suffix('"'))
            .or_else(|| var.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
        {
            s.to_string()
        } else if let Some(key) = var.strip_prefix("site.") {
            match key {
                "baseurl" | "url" => self.markup.vars.get(key).cloned().unwrap_or_default(),
                k => self.markup.vars.get(k).cloned()?,
            }
        } else if let Some(key) = var.strip_prefix("page.") {
            match key {
                "title" => self.page.title.to_string(),
                k => self.page_value(k)?,
            }
        } else {
            return None;
        };
        let base = self.markup.vars.get("baseurl").cloned().unwrap_or_default();
        for filter in parts {
            match filter {
                "relative_url" => {
                    value = format!(
                        "{}/{}",
                        base.trim_end_matches('/'),
                        value.trim_start_matches('/')
                    )
                }
                "absolute_url" => {
                    let url = self.markup.vars.get("url").cloned().unwrap_or_default();
                    value = format!(
                        "{}{}/{}",
                        url.trim_end_matches('/'),
                        base.trim_end_matches('/'),
                        value.trim_start_matches('/')
                    );
                }
                _ => {}
            }
        }
        Some(value)
    }

    fn zola(&mut self, call: &Call) -> Output {
        let image = call
            .named("path")
            .or_else(|| call.named("src"))
            .filter(|p| is_image(p));
        match (call.name.as_str(), image) {
            (_, Some(src)) => self.figure(call, &src),
            ("youtube" | "vimeo", _) => match call.named("id") {
                Some(id) => Output::Piece(builtin::video(
                    &call.name,
                    &id,
                    call.named("title").as_deref(),
                )),
                None => self.boxed(call),
            },
            ("gist", _) => match call.named("url") {
                Some(url) if url.starts_with("https://gist.github.com/") => {
                    Output::Piece(builtin::link_card("GitHub Gist", &url, "Gist"))
                }
                _ => self.boxed(call),
            },
            _ => self.boxed(call),
        }
    }

    /// Zola's internal links, `[text](@/blog/post.md)`, as the post's address.
    fn zola_links(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(at) = rest.find("](@/") {
            out.push_str(&rest[..at + 2]);
            let target = &rest[at + 4..];
            let end = target.find([')', ' ']).unwrap_or(target.len());
            let name = &target[..end];
            match self.markup.posts.find(name) {
                Some(rel) => {
                    out.push_str(&format!("{}{}/", self.links.root, post_slug(rel)));
                    if let Some((_, anchor)) = name.split_once('#') {
                        out.push('#');
                        out.push_str(anchor);
                    }
                }
                None => out.push_str(&format!("#missing-{}", crate::slug::slugify(name))),
            }
            rest = &target[end..];
        }
        out.push_str(rest);
        out
    }

    /// A front matter value of the page (`param`, `page.X`), read from its text on demand.
    fn page_value(&self, key: &str) -> Option<String> {
        let key = key.to_ascii_lowercase();
        self.front
            .get_or_init(|| front_values(self.page.front, self.page.format))
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.clone())
    }
}

/// The address part of the post at `rel`, as the export names its folder.
fn post_slug(rel: &str) -> String {
    let mut meta = Meta::default();
    meta.place(rel);
    crate::slug::slugify(&meta.slug.unwrap_or_else(|| crate::blog::file_title(rel)))
}

/// The top-level scalars of front matter (and Zola's `[extra]`), keys lowercased, as
/// Hugo's `param` finds them.
fn front_values(front: &str, format: Option<Format>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    match format {
        Some(Format::Yaml) => {
            if let Ok(serde_yaml::Value::Mapping(map)) = serde_yaml::from_str(front) {
                for (k, v) in &map {
                    let value = match v {
                        serde_yaml::Value::String(s) => s.clone(),
                        serde_yaml::Value::Number(n) => n.to_string(),
                        serde_yaml::Value::Bool(b) => b.to_string(),
                        _ => continue,
                    };
                    if let Some(k) = k.as_str() {
                        out.push((k.to_ascii_lowercase(), value));
                    }
                }
            }
        }
        Some(Format::Toml) => {
            if let Ok(t) = front.parse::<toml::Table>() {
                let extra = t.get("extra").and_then(toml::Value::as_table);
                for (k, v) in t.iter().chain(extra.into_iter().flatten()) {
                    let value = match v {
                        toml::Value::String(s) => s.clone(),
                        toml::Value::Integer(i) => i.to_string(),
                        toml::Value::Float(f) => f.to_string(),
                        toml::Value::Boolean(b) => b.to_string(),
                        toml::Value::Datetime(d) => d.to_string(),
                        _ => continue,
                    };
                    out.push((k.to_ascii_lowercase(), value));
                }
            }
        }
        None => {}
    }
    out
}

fn is_image(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// Hugo's `highlight` options: `linenos=table|inline|true|false`, `hl_lines=2-3 5`,
/// `linenostart=5`, separated by commas.
fn hugo_code_options(s: &str) -> CodeOptions {
    let mut o = CodeOptions {
        first: 1,
        ..CodeOptions::default()
    };
    for part in s.split(',') {
        let Some((k, v)) = part.split_once('=') else {
            continue;
        };
        let v = v.trim().trim_matches(['"', '\'', '[', ']']);
        match k.trim() {
            "linenos" => {
                o.numbers = match v {
                    "inline" => LineNumbers::Inline,
                    "table" | "true" => LineNumbers::Table,
                    _ => LineNumbers::Off,
                }
            }
            "linenostart" => o.first = v.parse().unwrap_or(1),
            "hl_lines" => {
                for range in v.split_whitespace() {
                    let (a, b) = range.split_once('-').unwrap_or((range, range));
                    if let (Ok(a), Ok(b)) = (a.trim().parse(), b.trim().parse()) {
                        o.marked.push((a, b));
                    }
                }
            }
            _ => {}
        }
    }
    o
}
