//! A Ghost JSON export (Settings → Labs → Export): `{"db":[{"data":{"posts":[…],
//! "tags":[…],"posts_tags":[…],"users":[…],"posts_authors":[…]}}]}`. Only `html` is
//! read; Ghost's editor formats (mobiledoc, lexical) are its own and are ignored.

use std::path::Path;

use quire_core::frontmatter::Status;
use serde::Deserialize;

use crate::error::line_column;
use crate::post::{drop_millis, nonempty, slug_or_title, Export, ImportedPost, Kind, Source};
use crate::{html, Error, Result};

#[derive(Deserialize)]
struct File {
    db: Vec<Db>,
}

#[derive(Deserialize)]
struct Db {
    data: Data,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Data {
    posts: Vec<Post>,
    tags: Vec<Tag>,
    posts_tags: Vec<PostTag>,
    users: Vec<User>,
    posts_authors: Vec<PostAuthor>,
}

/// Ghost's ids: strings since 1.0, numbers before.
#[derive(Deserialize, Clone, PartialEq, Eq)]
#[serde(untagged)]
enum Id {
    Text(String),
    Number(i64),
}

impl std::fmt::Display for Id {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Id::Text(s) => f.write_str(s),
            Id::Number(n) => write!(f, "{n}"),
        }
    }
}

#[derive(Deserialize)]
struct Post {
    id: Id,
    uuid: Option<String>,
    title: Option<String>,
    slug: Option<String>,
    html: Option<String>,
    status: Option<String>,
    published_at: Option<String>,
    created_at: Option<String>,
    custom_excerpt: Option<String>,
    feature_image: Option<String>,
    canonical_url: Option<String>,
    /// `public`, or `members`/`paid`/`tiers`: a post for subscribers only.
    visibility: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    /// Before Ghost 4 a page was a post with `page: true` (or 1).
    page: Option<serde_json::Value>,
    /// Before Ghost 1.0 a post had one author.
    author_id: Option<Id>,
}

#[derive(Deserialize)]
struct Tag {
    id: Id,
    name: String,
}

#[derive(Deserialize)]
struct PostTag {
    post_id: Id,
    tag_id: Id,
    #[serde(default)]
    sort_order: i64,
}

#[derive(Deserialize)]
struct User {
    id: Id,
    name: String,
}

#[derive(Deserialize)]
struct PostAuthor {
    post_id: Id,
    author_id: Id,
    #[serde(default)]
    sort_order: i64,
}

/// Reads and converts the export at `path`: its posts and pages, drafts and scheduled
/// ones included.
pub fn read(path: &Path) -> Result<Export> {
    let text = std::fs::read_to_string(path).map_err(Error::read(path))?;
    parse(&text, path)
}

/// [`read`] of an export already in memory; `path` names it in errors.
pub fn parse(text: &str, path: &Path) -> Result<Export> {
    let file: File = serde_json::from_str(text).map_err(|e| {
        let reason = e.to_string();
        // serde_json ends its message with the place, which the error says itself.
        let reason = reason
            .rfind(" at line ")
            .map_or(reason.as_str(), |i| &reason[..i])
            .to_string();
        let (line, column) = if e.line() == 0 {
            line_column(text, text.len())
        } else {
            (e.line(), e.column())
        };
        Error::Syntax {
            path: path.to_path_buf(),
            line,
            column,
            reason,
        }
    })?;
    let data = file
        .db
        .into_iter()
        .next()
        .ok_or_else(|| Error::Shape {
            path: path.to_path_buf(),
            source_name: Source::Ghost.name(),
            place: "db".into(),
            reason: "the list is empty".into(),
        })?
        .data;
    let posts = data
        .posts
        .iter()
        .map(|p| post(p, &data))
        .collect::<Vec<_>>();
    Ok(Export::new(
        Source::Ghost,
        path.to_path_buf(),
        posts,
        Vec::new(),
    ))
}

fn post(p: &Post, data: &Data) -> ImportedPost {
    let title = nonempty(p.title.as_deref()).unwrap_or_else(|| "Untitled".into());
    let slug = slug_or_title(p.slug.as_deref(), &title);
    let page = p.kind.as_deref() == Some("page")
        || matches!(&p.page, Some(serde_json::Value::Bool(true)))
        || p.page.as_ref().and_then(serde_json::Value::as_i64) == Some(1);
    // A post for members only must not become a public page: it comes in as a draft.
    let public = p.visibility.as_deref().is_none_or(|v| v == "public");
    let status = match p.status.as_deref() {
        _ if !public => Status::Draft,
        Some("published") => Status::Published,
        Some("scheduled") => Status::Scheduled,
        // Drafts, and anything newer Ghost invents: never put out by mistake.
        _ => Status::Draft,
    };
    let mut tags: Vec<&PostTag> = data
        .posts_tags
        .iter()
        .filter(|t| t.post_id == p.id)
        .collect();
    tags.sort_by_key(|t| t.sort_order);
    let tags = tags
        .iter()
        .filter_map(|pt| data.tags.iter().find(|t| t.id == pt.tag_id))
        .map(|t| t.name.trim().to_string())
        // `#tags` are Ghost's internal ones, for its themes' routing.
        .filter(|name| !name.is_empty() && !name.starts_with('#'))
        .collect();
    let mut authors: Vec<&PostAuthor> = data
        .posts_authors
        .iter()
        .filter(|a| a.post_id == p.id)
        .collect();
    authors.sort_by_key(|a| a.sort_order);
    let author_id = authors
        .first()
        .map(|a| a.author_id.clone())
        .or_else(|| p.author_id.clone());
    let author = author_id
        .and_then(|id| data.users.iter().find(|u| u.id == id))
        .map(|u| u.name.clone());
    let converted = html::to_markdown(p.html.as_deref().unwrap_or(""));
    let date = p
        .published_at
        .as_deref()
        .or(p.created_at.as_deref())
        .map(drop_millis);
    ImportedPost {
        import_id: format!(
            "{}:{}",
            Source::Ghost.id_prefix(),
            p.uuid.clone().unwrap_or_else(|| p.id.to_string())
        ),
        kind: if page { Kind::Page } else { Kind::Post },
        // Ghost serves every post and page at /slug/.
        aliases: vec![format!("/{slug}/")],
        slug,
        title,
        date,
        author,
        tags,
        categories: Vec::new(),
        status,
        summary: nonempty(p.custom_excerpt.as_deref()),
        original_url: nonempty(p.canonical_url.as_deref()),
        cover: nonempty(p.feature_image.as_deref()),
        body: converted.markdown,
        images: converted.images,
    }
}
