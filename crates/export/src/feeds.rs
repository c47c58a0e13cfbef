//! Feeds (Atom, RSS 2.0, JSON Feed 1.1), the sitemap and robots.txt. Written by hand: each
//! is a few lines of well-known XML or JSON, and every value goes through one escape.

use quire_core::article::Site;
use serde_json::json;

use crate::source::Entry;
use crate::urls::{absolute, encode_path};

/// The newest posts a feed carries.
pub const FEED_POSTS: usize = 20;

/// `&`, `<`, `>`, `"` and `'` as entities (valid in XML and HTML alike); control
/// characters XML 1.0 forbids dropped.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// The address of an output file: absolute under the base URL, else as a path from the
/// site's root (readers resolve it against the feed's own address).
fn url(site: &Site, path: &str) -> String {
    absolute(&site.base_url, path)
        .unwrap_or_else(|| encode_path(path.strip_suffix("index.html").unwrap_or(path)))
}

fn rfc3339(date: Option<&str>) -> String {
    format!("{}T00:00:00Z", date.unwrap_or("1970-01-01"))
}

fn rfc2822(date: Option<&str>) -> String {
    chrono::NaiveDate::parse_from_str(date.unwrap_or("1970-01-01"), "%Y-%m-%d")
        .map(|d| d.format("%a, %d %b %Y 00:00:00 +0000").to_string())
        .unwrap_or_default()
}

/// A feed's identity: its title and where it and its site's page live.
pub struct FeedOf<'a> {
    /// The feed's title.
    pub title: &'a str,
    /// The output path of the feed file (`atom.xml`, `tags/rust/atom.xml`).
    pub path: &'a str,
    /// The output path of the page the feed follows (`index.html`, `tags/rust/index.html`).
    pub page: &'a str,
}

/// An Atom feed of `posts` (newest first).
pub fn atom(site: &Site, of: &FeedOf<'_>, posts: &[&Entry]) -> String {
    let updated = rfc3339(posts.first().and_then(|p| p.date.as_deref()));
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n<title>{}</title>\n<subtitle>{}</subtitle>\n<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<id>{}</id>\n<updated>{updated}</updated>\n<generator>Quire</generator>\n",
        xml(&site.lang),
        xml(of.title),
        xml(&site.description),
        xml(&url(site, of.path)),
        xml(&url(site, of.page)),
        xml(&url(site, of.path)),
    );
    for p in posts.iter().take(FEED_POSTS) {
        let link = url(site, &p.page());
        out.push_str(&format!(
            "<entry>\n<title>{}</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<id>{}</id>\n<published>{}</published>\n<updated>{}</updated>\n<author><name>{}</name></author>\n<summary type=\"text\">{}</summary>\n",
            xml(&p.title),
            xml(&link),
            xml(&link),
            rfc3339(p.date.as_deref()),
            rfc3339(p.date.as_deref()),
            xml(&p.author),
            xml(&p.summary),
        ));
        for t in &p.tags {
            out.push_str(&format!("<category term=\"{}\"/>\n", xml(t)));
        }
        out.push_str("</entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// An RSS 2.0 feed of `posts` (newest first).
pub fn rss(site: &Site, of: &FeedOf<'_>, posts: &[&Entry]) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n<title>{}</title>\n<link>{}</link>\n<description>{}</description>\n<language>{}</language>\n<generator>Quire</generator>\n<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>\n",
        xml(of.title),
        xml(&url(site, of.page)),
        xml(&site.description),
        xml(&site.lang),
        xml(&url(site, of.path)),
    );
    for p in posts.iter().take(FEED_POSTS) {
        let link = url(site, &p.page());
        out.push_str(&format!(
            "<item>\n<title>{}</title>\n<link>{}</link>\n<guid>{}</guid>\n<pubDate>{}</pubDate>\n<description>{}</description>\n",
            xml(&p.title),
            xml(&link),
            xml(&link),
            rfc2822(p.date.as_deref()),
            xml(&p.summary),
        ));
        for t in &p.tags {
            out.push_str(&format!("<category>{}</category>\n", xml(t)));
        }
        out.push_str("</item>\n");
    }
    out.push_str("</channel>\n</rss>\n");
    out
}

/// A JSON Feed 1.1 of `posts` (newest first).
pub fn json_feed(site: &Site, of: &FeedOf<'_>, posts: &[&Entry]) -> String {
    let items: Vec<_> = posts
        .iter()
        .take(FEED_POSTS)
        .map(|p| {
            let link = url(site, &p.page());
            json!({
                "id": link,
                "url": link,
                "title": p.title,
                "summary": p.summary,
                "content_text": p.summary,
                "date_published": rfc3339(p.date.as_deref()),
                "authors": [{"name": p.author}],
                "tags": p.tags,
            })
        })
        .collect();
    let feed = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": of.title,
        "home_page_url": url(site, of.page),
        "feed_url": url(site, of.path),
        "description": site.description,
        "language": site.lang,
        "items": items,
    });
    serde_json::to_string_pretty(&feed).expect("a feed serializes") + "\n"
}

/// `sitemap.xml` listing `pages` (output paths, with the day each last changed if known).
pub fn sitemap(site: &Site, pages: &[(String, Option<String>)]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, day) in pages {
        out.push_str(&format!("<url><loc>{}</loc>", xml(&url(site, path))));
        if let Some(d) = day {
            out.push_str(&format!("<lastmod>{}</lastmod>", xml(d)));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// `robots.txt`: everything may be crawled; the sitemap named when its address is known.
pub fn robots(site: &Site) -> String {
    match absolute(&site.base_url, "sitemap.xml") {
        Some(u) => format!("User-agent: *\nAllow: /\n\nSitemap: {u}\n"),
        None => "User-agent: *\nAllow: /\n".to_string(),
    }
}
