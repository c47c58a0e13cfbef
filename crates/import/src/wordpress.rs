//! A WordPress export (WXR: RSS 2.0 with the `wp:`, `content:`, `excerpt:` and `dc:`
//! namespaces), as Tools → Export writes it.

use std::path::Path;

use quire_core::frontmatter::Status;

use crate::post::{nonempty, slug_or_title, url_path, Export, ImportedPost, Kind, Source};
use crate::shortcode::{self, Attachment};
use crate::xml::{self, Element};
use crate::{html, Error, Result};

/// Reads and converts the export at `path`: its posts and pages (published, drafts and
/// scheduled; not the trash or autosaves), and its media library as remote images.
pub fn read(path: &Path) -> Result<Export> {
    let text = std::fs::read_to_string(path).map_err(Error::read(path))?;
    parse(&text, path)
}

/// [`read`] of an export already in memory; `path` names it in errors.
pub fn parse(text: &str, path: &Path) -> Result<Export> {
    let root = xml::parse(text, path)?;
    let shape = |place: &str, reason: &str| Error::Shape {
        path: path.to_path_buf(),
        source_name: Source::WordPress.name(),
        place: place.to_string(),
        reason: reason.to_string(),
    };
    if root.name != "rss" {
        return Err(shape(
            &format!("<{}>", root.name),
            "the root element is not <rss>",
        ));
    }
    let channel = root
        .child("channel")
        .ok_or_else(|| shape("<rss>", "it has no <channel>"))?;
    let items: Vec<&Element> = channel.all("item").collect();
    let authors: Vec<(&str, &str)> = channel
        .all("wp:author")
        .map(|a| {
            (
                a.text_of("wp:author_login"),
                a.text_of("wp:author_display_name"),
            )
        })
        .collect();
    let attachments: Vec<Attachment> = items
        .iter()
        .filter(|item| item.text_of("wp:post_type") == "attachment")
        .map(|item| Attachment {
            id: item.text_of("wp:post_id").to_string(),
            url: item.text_of("wp:attachment_url").to_string(),
            title: item.text_of("title").to_string(),
            parent: item.text_of("wp:post_parent").to_string(),
        })
        .filter(|a| !a.url.is_empty())
        .collect();
    let mut posts = Vec::new();
    for item in &items {
        let kind = match item.text_of("wp:post_type") {
            "post" => Kind::Post,
            "page" => Kind::Page,
            // Attachments, menu items, revisions, custom types: not posts.
            _ => continue,
        };
        // A password-protected post must not become a public page: it comes in as a draft.
        let protected = !item.text_of("wp:post_password").is_empty();
        let status = match item.text_of("wp:status") {
            "publish" if protected => Status::Draft,
            "publish" => Status::Published,
            "future" if protected => Status::Draft,
            "future" => Status::Scheduled,
            "draft" | "pending" | "private" => Status::Draft,
            // The trash, autosaves ("auto-draft") and revisions ("inherit").
            _ => continue,
        };
        posts.push(post(item, kind, status, &authors, &attachments));
    }
    let library = attachments.iter().map(|a| a.url.clone()).collect();
    Ok(Export::new(
        Source::WordPress,
        path.to_path_buf(),
        posts,
        library,
    ))
}

fn post(
    item: &Element,
    kind: Kind,
    status: Status,
    authors: &[(&str, &str)],
    attachments: &[Attachment],
) -> ImportedPost {
    let id = item.text_of("wp:post_id");
    let title = nonempty(Some(item.text_of("title"))).unwrap_or_else(|| "Untitled".into());
    let login = item.text_of("dc:creator");
    let author = authors
        .iter()
        .find(|(l, _)| *l == login)
        .map(|(_, name)| *name)
        .filter(|n| !n.is_empty())
        .unwrap_or(login);
    let category = |domain: &str| -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for c in item.all("category") {
            let name = c.text.trim();
            let default = c.attr("nicename") == Some("uncategorized");
            let new = !names.iter().any(|n| n == name);
            if c.attr("domain") == Some(domain) && !name.is_empty() && !default && new {
                names.push(name.to_string());
            }
        }
        names
    };
    let original_url = nonempty(Some(item.text_of("link")));
    let thumbnail = item
        .all("wp:postmeta")
        .find(|m| m.text_of("wp:meta_key") == "_thumbnail_id")
        .map(|m| m.text_of("wp:meta_value"));
    let cover = thumbnail
        .and_then(|id| attachments.iter().find(|a| a.id == id))
        .map(|a| a.url.clone());
    let content = shortcode::to_html(item.text_of("content:encoded"), id, attachments);
    let converted = html::to_markdown(&content);
    let guid = item.text_of("guid");
    ImportedPost {
        import_id: format!(
            "{}:{}",
            Source::WordPress.id_prefix(),
            if guid.is_empty() { id } else { guid }
        ),
        kind,
        slug: slug_or_title(Some(item.text_of("wp:post_name")), &title),
        title,
        date: date(item),
        author: nonempty(Some(author)),
        tags: category("post_tag"),
        categories: category("category"),
        status,
        summary: nonempty(Some(&html::plain_text(item.text_of("excerpt:encoded")))),
        aliases: original_url
            .as_deref()
            .and_then(url_path)
            .into_iter()
            .collect(),
        original_url,
        cover,
        body: converted.markdown,
        images: converted.images,
    }
}

/// The post's time in UTC when WordPress recorded it (`wp:post_date_gmt`; a draft has
/// zeros there), else the site's local time.
fn date(item: &Element) -> Option<String> {
    let iso = |s: &str| {
        let (day, time) = s.split_once(' ').unwrap_or((s, ""));
        let valid = day.len() == 10 && !day.starts_with("0000");
        valid.then(|| {
            if time.is_empty() {
                day.to_string()
            } else {
                format!("{day}T{time}")
            }
        })
    };
    iso(item.text_of("wp:post_date_gmt"))
        .map(|d| if d.len() > 10 { format!("{d}Z") } else { d })
        .or_else(|| iso(item.text_of("wp:post_date")))
}
