//! The article page: front matter and body through the one template that both the live
//! preview and the exported site use.

use std::sync::{Arc, OnceLock};

use minijinja::{context, Environment};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::frontmatter::{self, Meta};
pub use crate::markdown::AssetLinks;
use crate::markup::{self, Dialect, Markup, Page};
use crate::reading::Counts;
use crate::{markdown, Result};

/// The stylesheet of the article page, shared by the preview (the ui imports this file)
/// and by exported pages.
pub const CSS: &str = include_str!("../templates/article.css");
/// The alignment of table columns (`align-left`, `align-center`, `align-right`): kept with
/// every theme's article stylesheet, as a theme's replaces the built-in one.
pub const ALIGN_CSS: &str = include_str!("../templates/align.css");

/// The colours of highlighted code (see [`crate::highlight::highlight_css`]), shared the same way.
pub const HIGHLIGHT_CSS: &str = include_str!("../templates/highlight.css");

/// What the article page needs to know about the blog it belongs to.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct Site {
    /// The blog's name, in every page's title.
    pub title: String,
    /// The line every article ends with.
    pub footer: String,
    /// Shown when a post names no author; the author of new posts.
    pub author: String,
    /// The pages' language, as a BCP 47 tag.
    pub lang: String,
    /// What the blog is about: the site's description for search engines and feeds.
    pub description: String,
    /// The address the site is published at, ending in `/` (may have a sub-path); empty
    /// until the author sets one, and then exported links stay relative and feeds use
    /// relative addresses.
    pub base_url: String,
    /// Posts on each page of the exported index.
    pub per_page: u32,
    /// The avatar of posts that name none: an image in the content folder or a web address.
    pub avatar: String,
    /// A theme folder inside the content folder; empty = `theme/` if there is one, else
    /// the built-in theme.
    pub theme: String,
    /// The reading rate for the "N min read" of Latin-script text, in words a minute.
    pub words_per_minute: u32,
    /// The reading rate of CJK text, in characters a minute.
    pub cjk_per_minute: u32,
    /// The largest image, in megabytes, the editor copies into the content folder when
    /// one is pasted or dropped.
    pub image_limit_mb: u32,
    /// The generator whose markup the posts are written in: `auto` (told from the
    /// folder), `quire`, `hugo`, `jekyll` or `zola`.
    pub dialect: String,
    /// The dialect in use, as [`crate::blog::Blog::site`] found it (from the setting, the
    /// site's configuration or the posts): what Settings shows and the editor marks. Not
    /// a setting: what is sent back is ignored.
    #[serde(default)]
    pub dialect_found: Dialect,
    /// What the posts' markup is rendered against, made from the folder by
    /// [`crate::blog::Blog::site`]; plain Markdown by default.
    #[serde(skip)]
    #[ts(skip)]
    pub markup: Arc<Markup>,
}

impl Default for Site {
    fn default() -> Self {
        Site {
            title: "My Quire blog".into(),
            footer: "Written with Quire. Plain Markdown, yours to keep.".into(),
            author: "Anonymous".into(),
            lang: "en".into(),
            description: String::new(),
            base_url: String::new(),
            per_page: 10,
            avatar: String::new(),
            theme: String::new(),
            words_per_minute: crate::reading::LATIN_WPM,
            cjk_per_minute: crate::reading::CJK_CPM,
            image_limit_mb: 20,
            dialect: "auto".into(),
            dialect_found: Dialect::Quire,
            markup: Arc::default(),
        }
    }
}

/// Where the body goes in the rendered template. Front matter values come before the
/// body and only the site's own footer after it, so the last mark is the body's even if a
/// file smuggles the mark into its title.
const BODY_MARK: &str = "\u{1}quire-body\u{1}";

/// A post rendered as its article.
#[derive(Debug, Clone, Serialize)]
pub struct Article {
    /// The `<article>` element: header, body, footer.
    pub html: String,
    /// The title shown: the front matter's, else a leading `# Heading`, else "Untitled".
    pub title: String,
    /// The word count, with each CJK character counted as a word.
    pub words: u64,
    /// Reading time in whole minutes, rounded up.
    pub minutes: u64,
    /// The post's front matter.
    pub meta: Meta,
    /// Files beside the post the page shows (body images, avatar), relative to its folder.
    pub images: Vec<String>,
    /// The first paragraph's text, for lists and feeds when the post has no summary.
    pub excerpt: String,
}

fn env() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        // Names ending in .html are auto-escaped: every front matter value is text.
        env.add_template("article.html", include_str!("../templates/article.html"))
            .expect("article template parses");
        env.add_template("page.html", include_str!("../templates/page.html"))
            .expect("page template parses");
        env
    })
}

/// An article in parts: the page around the body (header before it, footer after it) and
/// the body, so that the live preview can send only the part that changed.
#[derive(Debug, Clone)]
pub struct ArticleParts {
    /// The page before the body: the `<article>` opening and its header.
    pub head: String,
    /// The rendered Markdown body.
    pub body: String,
    /// The page after the body: the footer and the closing tags.
    pub tail: String,
    /// As [`Article::title`].
    pub title: String,
    /// As [`Article::words`].
    pub words: u64,
    /// As [`Article::minutes`].
    pub minutes: u64,
    /// Characters of prose, for the status bar.
    pub chars: u64,
    /// How many lines of the text come before the body (the front matter's): the body's
    /// line 1 is the text's line `body_line + 1`.
    pub body_line: u32,
    /// The headings, with their lines in the whole text; only with source lines.
    pub headings: Vec<markdown::Heading>,
    /// As [`Article::meta`].
    pub meta: Meta,
    /// As [`Article::images`].
    pub images: Vec<String>,
    /// As [`Article::excerpt`].
    pub excerpt: String,
    /// The body's words and CJK characters, title included.
    pub counts: Counts,
    /// The body's top-level blocks; only with source lines.
    pub segments: Vec<markdown::Segment>,
}

/// Renders a whole post file (front matter and Markdown) as its article.
///
/// Malformed front matter is an error rather than a guess: the caller shows it and keeps
/// the last good preview.
pub fn render(text: &str, site: &Site, assets: &AssetLinks) -> Result<Article> {
    let parts = render_parts(text, site, assets, false)?;
    let mut html = String::with_capacity(parts.head.len() + parts.body.len() + parts.tail.len());
    html.push_str(&parts.head);
    html.push_str(&parts.body);
    html.push_str(&parts.tail);
    Ok(Article {
        html,
        title: parts.title,
        words: parts.words,
        minutes: parts.minutes,
        meta: parts.meta,
        images: parts.images,
        excerpt: parts.excerpt,
    })
}

/// [`render`], with the body and the page around it kept apart; with `source_lines` (the
/// live preview) the body's blocks carry their source positions and its headings are
/// listed (see [`markdown::render`]).
pub fn render_parts(
    text: &str,
    site: &Site,
    assets: &AssetLinks,
    source_lines: bool,
) -> Result<ArticleParts> {
    let split = frontmatter::split(text)?;
    let mut meta = frontmatter::parse(&split)?;
    let body = split.body;
    if site.markup.dialect == Dialect::Jekyll || markup::jekyll_path(&assets.path) {
        meta.place(&assets.path);
    }
    let page = Page {
        front: split.front,
        format: split.format,
        title: meta.title.as_deref().unwrap_or(""),
    };
    let expanded = markup::expand(body, &page, &site.markup, assets);
    let mut rendered = markdown::render(&expanded.text, meta.title.is_none(), assets, source_lines);
    if expanded.changed() {
        rendered.html = expanded.restore(rendered.html);
        rendered.images.extend(expanded.images.iter().cloned());
        // The preview cannot tell which of the text's blocks a shortcode's output is.
        rendered.segments.clear();
    }
    // A plain folder's posts keep their first paragraph as the summary, as before. The
    // live preview (source lines) shows no summary: not worth a second pass per keystroke.
    let lead = (site.markup.dialect != Dialect::Quire && !source_lines)
        .then(|| summary_lead(body, &site.markup))
        .flatten();
    if let Some(lead) = lead {
        rendered.excerpt = markdown::excerpt(&markup::without_marks(
            &markup::expand(lead, &page, &site.markup, assets).text,
        ));
    }
    // The body is the text's tail: the lines above it are the front matter's.
    let body_line = text
        .get(..text.len().saturating_sub(body.len()))
        .map_or(0, |front| front.bytes().filter(|&b| b == b'\n').count());
    let body_line = u32::try_from(body_line).unwrap_or(u32::MAX);
    let mut headings = rendered.headings;
    for h in &mut headings {
        h.line = h.line.saturating_add(body_line);
    }
    let title = meta
        .title
        .clone()
        .or(rendered.lifted_title)
        .unwrap_or_else(|| "Untitled".to_string());
    let counts = rendered.counts;
    let frame = frame(&meta, &title, counts, site, assets)?;
    let mut images = rendered.images;
    images.extend(frame.avatar);
    Ok(ArticleParts {
        head: frame.head,
        body: rendered.html,
        tail: frame.tail,
        title,
        words: counts.total(),
        chars: counts.chars,
        body_line,
        headings,
        minutes: frame.minutes,
        meta,
        images,
        excerpt: rendered.excerpt,
        counts,
        segments: rendered.segments,
    })
}

/// The part of `body` before its "more" mark (`<!--more-->`, Zola's `<!-- more -->`, or
/// Jekyll's `excerpt_separator`), which lists and feeds show as its summary.
fn summary_lead<'b>(body: &'b str, markup: &Markup) -> Option<&'b str> {
    if let Some(sep) = markup
        .excerpt_separator
        .as_deref()
        .filter(|s| !s.trim().is_empty())
    {
        if let Some(at) = body.find(sep) {
            return Some(&body[..at]);
        }
    }
    let at = body.find("<!--")?;
    let rest = body[at + 4..].trim_start();
    rest.strip_prefix("more")
        .filter(|r| r.trim_start().starts_with("-->"))
        .map(|_| &body[..at])
}

/// The page around an article's body: its header (which shows the reading time) and
/// footer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    /// The page up to the body.
    pub head: String,
    /// The page after the body.
    pub tail: String,
    /// The reading time the header shows.
    pub minutes: u64,
    /// The avatar, when it is a file beside the post: what an export copies.
    pub avatar: Option<String>,
}

/// Renders the page around a body of `counts` for a post of `meta` titled `title`. The
/// preview calls it alone when a keystroke changed only the body's counts.
pub fn frame(
    meta: &Meta,
    title: &str,
    counts: Counts,
    site: &Site,
    assets: &AssetLinks,
) -> Result<Frame> {
    let author = meta.author.clone().unwrap_or_else(|| site.author.clone());
    let date_long = meta.date.as_deref().and_then(long_date);
    let minutes = counts.minutes_at(site.words_per_minute, site.cjk_per_minute);
    // A post without an avatar shows the site's, a path from the folder's root (or a web
    // address) rather than from the post's folder.
    let (avatar_url, avatar) = match meta.avatar.as_deref() {
        Some(a) => (assets.url(a), markdown::local_path(a).map(str::to_string)),
        None if !site.avatar.is_empty() => (assets.root_url(&site.avatar), None),
        None => (None, None),
    };
    // The body is spliced in after templating: handing a long post's HTML to the template
    // engine would copy it twice more on every keystroke.
    let shell = env().get_template("article.html")?.render(context! {
        site => site,
        title => title,
        author => &author,
        initials => initials(&author),
        avatar_url => avatar_url,
        date => &meta.date,
        date_long => date_long,
        label => &meta.label,
        tags => &meta.tags,
        summary => &meta.summary,
        minutes => minutes,
        body_html => BODY_MARK,
    })?;
    let (head, tail) = shell
        .rsplit_once(BODY_MARK)
        .expect("the article template places the body once");
    Ok(Frame {
        head: head.to_string(),
        tail: tail.to_string(),
        minutes,
        avatar,
    })
}

/// A complete, self-contained HTML page for one article, as exported.
pub fn page(article: &Article, site: &Site) -> Result<String> {
    Ok(env().get_template("page.html")?.render(context! {
        site => site,
        lang => &site.lang,
        title => &article.title,
        summary => &article.meta.summary,
        css => format!("{CSS}\n{ALIGN_CSS}"),
        article => &article.html,
    })?)
}

/// `2024-05-17` → `Friday, May 17, 2024`, as the reader's page shows it.
pub fn long_date(day: &str) -> Option<String> {
    let date = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?;
    Some(date.format("%A, %B %-d, %Y").to_string())
}

fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asset_links_stay_inside() {
        let links = AssetLinks {
            prefix: "quire-asset://localhost/".into(),
            ..AssetLinks::default()
        };
        assert_eq!(
            links.url("assets/a.png").as_deref(),
            Some("quire-asset://localhost/assets/a.png")
        );
        assert_eq!(
            links.url("https://x.org/a.png").as_deref(),
            Some("https://x.org/a.png")
        );
        assert_eq!(links.url("../secret.png"), None);
        assert_eq!(links.url("/etc/passwd"), None);
        assert_eq!(links.url("javascript:alert(1)"), None);
    }

    #[test]
    fn header_shows_what_the_reader_sees() {
        let text = "---\ntitle: A <b>bold</b> plan\nauthor: Ada Lovelace\ndate: 2024-05-17\nlabel: Exclusive\n---\nSome words here.\n";
        let a = render(text, &Site::default(), &AssetLinks::default()).unwrap();
        assert!(a.html.contains("Friday, May 17, 2024"), "{}", a.html);
        assert!(a.html.contains("A &lt;b&gt;bold&lt;"), "{}", a.html);
        assert!(!a.html.contains("<b>"), "{}", a.html);
        assert!(a.html.contains(">AL<"), "{}", a.html);
        assert!(a.html.contains("1 min read"), "{}", a.html);
        assert_eq!(a.words, 3);
    }

    #[test]
    fn initials_of_names() {
        assert_eq!(initials("Iuliana Mihai"), "IM");
        assert_eq!(initials("ada"), "A");
        assert_eq!(initials(""), "");
    }
}
