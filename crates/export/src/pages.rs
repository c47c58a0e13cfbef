//! What each kind of page shows: its head (title, description, canonical address, Open
//! Graph), its JSON-LD, and the context its template gets. The site and the one-post
//! export both build their pages here, so a post's head reads the same wherever it is
//! published.

use minijinja::context;
use quire_core::article::{long_date, Site};
use quire_core::slug::slugify;
use serde::Serialize;
use serde_json::json;

use crate::search;
use crate::source::Entry;
use crate::theme::Theme;
use crate::urls::{absolute, encode_path, root_from};
use crate::Result;

/// A link to another page, for the newer/older links of a post.
#[derive(Serialize)]
struct Link {
    title: String,
    url: String,
}

/// A post as a card on a list page.
#[derive(Serialize)]
struct Card {
    url: String,
    title: String,
    date: Option<String>,
    date_long: Option<String>,
    summary: String,
    cover_url: Option<String>,
    minutes: u64,
    tags: Vec<TagLink>,
}

/// A tag as a card links it.
#[derive(Serialize)]
struct TagLink {
    name: String,
    url: String,
}

/// The head of a page: title, description, canonical address, Open Graph type and image.
pub fn page_meta(
    site: &Site,
    path: &str,
    heading: &str,
    description: Option<&str>,
    og_type: &str,
    image: Option<String>,
) -> serde_json::Value {
    let title = if heading == site.title {
        heading.to_string()
    } else {
        format!("{heading} · {}", site.title)
    };
    json!({
        "title": title,
        "heading": heading,
        "description": description.filter(|d| !d.is_empty()).or(Some(site.description.as_str()).filter(|d| !d.is_empty())),
        "canonical": absolute(&site.base_url, path),
        "og_type": og_type,
        "image": image,
    })
}

/// The JSON-LD `BlogPosting` of a post's page, safe inside its `<script>` element.
pub fn blog_posting(site: &Site, e: &Entry, image: Option<String>) -> String {
    let ld = json!({
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": e.title,
        "description": e.summary,
        "datePublished": e.date,
        "author": {"@type": "Person", "name": e.author},
        "url": absolute(&site.base_url, &e.page()),
        "image": image,
        "inLanguage": site.lang,
        "keywords": e.tags,
        "wordCount": e.words,
    });
    search::script_safe(&ld.to_string())
}

/// The JSON-LD `Blog` of the home page, safe inside its `<script>` element.
fn blog(site: &Site) -> String {
    search::script_safe(
        &json!({"@context": "https://schema.org", "@type": "Blog", "name": site.title, "description": site.description, "url": absolute(&site.base_url, "index.html")}).to_string(),
    )
}

/// Renders a site page's template with what every page has.
pub fn render(
    theme: &Theme,
    template: &str,
    site: &Site,
    path: &str,
    page: serde_json::Value,
    extra: minijinja::Value,
) -> Result<Vec<u8>> {
    let ctx = context! { site, page, root => root_from(path), standalone => false, ..extra };
    Ok(theme.render(template, ctx)?.into_bytes())
}

/// A post's page on the site, linking the posts before and after it.
pub fn post_page(
    theme: &Theme,
    site: &Site,
    e: &Entry,
    article_html: &str,
    newer: Option<&Entry>,
    older: Option<&Entry>,
) -> Result<Vec<u8>> {
    let path = e.page();
    let root = root_from(&path);
    let link = |n: Option<&Entry>| {
        n.map(|n| Link {
            title: n.title.clone(),
            url: format!("{root}{}", encode_path(&n.page())),
        })
    };
    let image = e.cover.as_deref().and_then(|c| {
        if c.starts_with("http") {
            Some(c.to_string())
        } else {
            absolute(&site.base_url, c)
        }
    });
    let json_ld = blog_posting(site, e, image.clone());
    let page = page_meta(site, &path, &e.title, Some(&e.summary), "article", image);
    render(
        theme,
        "post.html",
        site,
        &path,
        page,
        context! {
            article_html,
            newer => link(newer),
            older => link(older),
            json_ld,
        },
    )
}

/// One page of a list of posts, as its template shows it.
pub struct ListView<'a> {
    /// The page's output path.
    pub path: &'a str,
    /// The list's heading.
    pub heading: &'a str,
    /// The words under the heading, if any.
    pub intro: Option<&'a str>,
    /// The posts on this page.
    pub posts: &'a [&'a Entry],
    /// Where this page is among the list's pages, if there are several.
    pub pagination: Option<serde_json::Value>,
    /// Whether this is the site's home page, which describes the blog as a whole.
    pub home: bool,
}

/// A page of a list of posts: the home page's or a tag's.
pub fn list_page(theme: &Theme, site: &Site, view: ListView<'_>) -> Result<Vec<u8>> {
    let ListView {
        path,
        heading,
        intro,
        posts,
        pagination,
        home,
    } = view;
    let root = root_from(path);
    let cards: Vec<Card> = posts.iter().map(|e| card(e, &root)).collect();
    let page = page_meta(site, path, heading, intro, "website", None);
    let ld = home.then(|| blog(site));
    render(
        theme,
        "list.html",
        site,
        path,
        page,
        context! {
            heading,
            intro => intro.filter(|i| !i.is_empty()),
            cards,
            pagination,
            json_ld => ld,
        },
    )
}

/// A post's card on a list page whose way up to the site's root is `root`.
fn card(e: &Entry, root: &str) -> Card {
    Card {
        url: format!("{root}{}", encode_path(&e.page())),
        title: e.title.clone(),
        date: e.date.clone(),
        date_long: e.date.as_deref().and_then(long_date),
        summary: e.summary.clone(),
        cover_url: e.cover.as_deref().map(|c| {
            if c.starts_with("http") {
                c.to_string()
            } else {
                format!("{root}{}", encode_path(c))
            }
        }),
        minutes: e.minutes,
        tags: e
            .tags
            .iter()
            .map(|t| TagLink {
                name: t.clone(),
                url: format!("{root}tags/{}/index.html", encode_path(&slugify(t))),
            })
            .collect(),
    }
}

/// A page that sends readers on to `target` (relative to it): where a post once was.
pub fn redirect(site: &Site, title: &str, target: &str) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<link rel=\"canonical\" href=\"{to}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={to}\">\n</head>\n<body>\n<p>This post has moved: <a href=\"{to}\">{title}</a>.</p>\n</body>\n</html>\n",
        lang = esc(&site.lang),
        title = esc(title),
        to = esc(target),
    )
}
