//! A post as an export gives it, and the Markdown file it becomes.

use std::path::PathBuf;

use quire_core::frontmatter::edit::quoted;
use quire_core::frontmatter::Status;

/// The blogging platform an export comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A WordPress export (WXR): Tools → Export.
    WordPress,
    /// A Ghost JSON export: Settings → Labs → Export.
    Ghost,
    /// A Medium archive: Settings → Download your information.
    Medium,
}

impl Source {
    /// The platform's name, as people write it.
    pub fn name(self) -> &'static str {
        match self {
            Source::WordPress => "WordPress",
            Source::Ghost => "Ghost",
            Source::Medium => "Medium",
        }
    }

    /// The prefix of the ids this source's posts get in `import_id`.
    pub(crate) fn id_prefix(self) -> &'static str {
        match self {
            Source::WordPress => "wordpress",
            Source::Ghost => "ghost",
            Source::Medium => "medium",
        }
    }
}

/// A blog post, or a page of the site (about, contact), which goes under `pages/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A dated post of the blog.
    Post,
    /// A page outside the stream of posts.
    Page,
}

/// One post of an export, converted: front matter fields and a Markdown body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedPost {
    /// The post's id in the old blog, with the source's prefix (`wordpress:…`): how a
    /// second import knows it when the post had no address of its own yet (a draft).
    pub import_id: String,
    /// Post or page.
    pub kind: Kind,
    /// The title, as the export has it (any script).
    pub title: String,
    /// The old slug, or one made from the title.
    pub slug: String,
    /// `YYYY-MM-DD`, or a full RFC 3339 date and time when the export has one.
    pub date: Option<String>,
    /// The author's display name.
    pub author: Option<String>,
    /// The post's tags.
    pub tags: Vec<String>,
    /// WordPress's categories (no other source has them).
    pub categories: Vec<String>,
    /// Draft, published or scheduled, as on the old blog.
    pub status: Status,
    /// The excerpt, custom excerpt or subtitle.
    pub summary: Option<String>,
    /// Where the post was published on the old blog.
    pub original_url: Option<String>,
    /// The old addresses' paths (`/2019/03/old-slug/`), for redirects.
    pub aliases: Vec<String>,
    /// The feature image's address.
    pub cover: Option<String>,
    /// The body, in Markdown.
    pub body: String,
    /// The images the body links to.
    pub images: Vec<String>,
}

/// An image the export names but does not hold: the post links to it where it is, and
/// the author may fetch it into the folder later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Its address on the old site.
    pub url: String,
    /// The import ids of the posts that show it; empty for a file of the old media
    /// library that no post shows.
    pub used_by: Vec<String>,
}

/// A whole export, read and converted, before anything is written.
#[derive(Debug, Clone)]
pub struct Export {
    /// Where it comes from.
    pub source: Source,
    /// The export's file or folder.
    pub path: PathBuf,
    /// Its posts and pages, in the export's order.
    pub posts: Vec<ImportedPost>,
    /// The images it names but does not hold.
    pub assets: Vec<Asset>,
}

impl Export {
    /// An export of `posts`, its assets gathered from their bodies and covers, then
    /// `library` (files no post shows).
    pub(crate) fn new(
        source: Source,
        path: PathBuf,
        posts: Vec<ImportedPost>,
        library: Vec<String>,
    ) -> Export {
        let mut assets: Vec<Asset> = Vec::new();
        let mut add = |url: &str, by: Option<&str>| {
            if url.is_empty() || url.starts_with("data:") {
                return;
            }
            let i = match assets.iter().position(|a| a.url == url) {
                Some(i) => i,
                None => {
                    assets.push(Asset {
                        url: url.to_string(),
                        used_by: Vec::new(),
                    });
                    assets.len() - 1
                }
            };
            if let Some(by) = by {
                if !assets[i].used_by.iter().any(|b| b == by) {
                    assets[i].used_by.push(by.to_string());
                }
            }
        };
        for post in &posts {
            for url in post.cover.iter().chain(&post.images) {
                add(url, Some(&post.import_id));
            }
        }
        for url in &library {
            add(url, None);
        }
        Export {
            source,
            path,
            posts,
            assets,
        }
    }
}

impl ImportedPost {
    /// The post's file: YAML front matter with double-quoted scalars (titles hold `:`
    /// and `#`), as Quire's own new posts have, then the body.
    pub fn text(&self) -> String {
        let mut front = String::from("---\n");
        let mut field = |key: &str, value: &str| {
            front.push_str(&format!("{key}: {}\n", quoted(value)));
        };
        field("title", &self.title);
        if let Some(date) = &self.date {
            field("date", date);
        }
        if let Some(author) = &self.author {
            field("author", author);
        }
        field("status", self.status.as_str());
        field("slug", &self.slug);
        if let Some(summary) = &self.summary {
            field("summary", summary);
        }
        if let Some(cover) = &self.cover {
            field("cover", cover);
        }
        if let Some(url) = &self.original_url {
            field("original_url", url);
        }
        field("import_id", &self.import_id);
        for (key, items) in [
            ("tags", &self.tags),
            ("categories", &self.categories),
            ("aliases", &self.aliases),
        ] {
            if !items.is_empty() {
                front.push_str(&format!("{key}:\n"));
                for item in items {
                    front.push_str(&format!("  - {}\n", quoted(item)));
                }
            }
        }
        front.push_str("---\n");
        let body = self.body.trim();
        if !body.is_empty() {
            front.push('\n');
            front.push_str(body);
            front.push('\n');
        }
        front
    }
}

/// The path of an absolute `url` (`/2019/03/old-slug/`): what the old links asked the
/// server for. `None` for the site's root and for addresses by query (`/?p=12`), which
/// no static site can answer.
pub fn url_path(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let path = &rest[rest.find('/')?..];
    if path.contains('?') {
        return None;
    }
    let path = path.split('#').next().unwrap_or(path);
    (path != "/").then(|| path.to_string())
}

/// `%xx` escapes decoded, as WordPress stores non-ASCII slugs; the text as it is when it
/// does not decode to UTF-8.
pub(crate) fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// A slug from the export (`raw`, percent-decoded and made safe for a file name), or
/// else one made from the title.
pub(crate) fn slug_or_title(raw: Option<&str>, title: &str) -> String {
    match raw.map(percent_decode).filter(|s| !s.trim().is_empty()) {
        Some(s) => quire_core::slug::slugify(&s),
        None => quire_core::slug::slugify(title),
    }
}

/// `2021-05-02T10:00:00.000Z` as `2021-05-02T10:00:00Z`: the milliseconds say nothing.
pub(crate) fn drop_millis(date: &str) -> String {
    match (date.find('.'), date.find(['Z', '+'])) {
        (Some(dot), Some(zone)) if dot < zone => format!("{}{}", &date[..dot], &date[zone..]),
        _ => date.to_string(),
    }
}

/// Text with empty ones made `None`, trimmed.
pub(crate) fn nonempty(s: Option<&str>) -> Option<String> {
    s.map(str::trim).filter(|s| !s.is_empty()).map(String::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_paths_and_percent_slugs() {
        assert_eq!(
            url_path("https://example.org/2019/03/old-slug/").as_deref(),
            Some("/2019/03/old-slug/")
        );
        assert_eq!(url_path("https://example.org/?p=12"), None);
        assert_eq!(url_path("https://example.org/"), None);
        assert_eq!(percent_decode("%e5%b7%9d-no"), "川-no");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(quoted("a \"b\" \\ c\nd"), "\"a \\\"b\\\" \\\\ c\\nd\"");
    }
}
