//! A Medium archive (Settings → Download your information): its `posts/` folder holds
//! one HTML page per story, drafts named `draft_*.html`. Tags and images are not in it:
//! the stories link to their images on Medium's servers.

use std::path::{Path, PathBuf};

use dom_query::Document;
use quire_core::frontmatter::Status;

use crate::post::{
    drop_millis, nonempty, slug_or_title, url_path, Export, ImportedPost, Kind, Source,
};
use crate::{html, Error, Result};

/// Reads and converts the stories of the archive at `dir` (the unpacked archive, or its
/// `posts/` folder).
pub fn read(dir: &Path) -> Result<Export> {
    let posts_dir = if dir.join("posts").is_dir() {
        dir.join("posts")
    } else {
        dir.to_path_buf()
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&posts_dir)
        .map_err(Error::read(&posts_dir))?
        .map(|entry| entry.map(|e| e.path()).map_err(Error::read(&posts_dir)))
        .collect::<Result<_>>()?;
    files.retain(|f| f.extension().is_some_and(|e| e == "html"));
    files.sort();
    if files.is_empty() {
        return Err(Error::Shape {
            path: dir.to_path_buf(),
            source_name: Source::Medium.name(),
            place: posts_dir.display().to_string(),
            reason: "there are no .html stories in it".into(),
        });
    }
    let posts = files
        .iter()
        .map(|file| {
            let text = std::fs::read_to_string(file).map_err(Error::read(file))?;
            story(&text, file)
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Export::new(
        Source::Medium,
        dir.to_path_buf(),
        posts,
        Vec::new(),
    ))
}

/// One story's page; `file` names it in errors and tells a draft by its name.
fn story(text: &str, file: &Path) -> Result<ImportedPost> {
    let doc = Document::from(text);
    let missing = |place: &str| Error::Shape {
        path: file.to_path_buf(),
        source_name: Source::Medium.name(),
        place: place.to_string(),
        reason: "the story's page has no such element".into(),
    };
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let draft = name.starts_with("draft_");
    let title = nonempty(Some(&doc.select("h1.p-name").text()))
        .or_else(|| nonempty(Some(&doc.select("title").text())))
        .ok_or_else(|| missing("<h1 class=\"p-name\">"))?;
    let body = doc.select("section[data-field=\"body\"]");
    if !body.exists() {
        return Err(missing("<section data-field=\"body\">"));
    }
    // The title and subtitle open the body too; they are the front matter's here.
    body.select(".graf--title, .graf--subtitle").remove();
    body.select(".section--first .section-divider").remove();
    let mut markdown = Vec::new();
    let mut images = Vec::new();
    for node in body.nodes() {
        let converted = html::node_to_markdown(node);
        markdown.push(converted.markdown);
        images.extend(converted.images);
    }
    let canonical = nonempty(doc.select("a.p-canonical").attr("href").as_deref());
    let subtitle = nonempty(Some(&doc.select("section[data-field=\"subtitle\"]").text()));
    let date = nonempty(doc.select("time.dt-published").attr("datetime").as_deref())
        .map(|d| drop_millis(&d));
    let author = nonempty(Some(&doc.select("a.p-author").text()));
    let slug = slug_or_title(canonical.as_deref().and_then(story_slug).as_deref(), &title);
    let stem = name.trim_end_matches(".html");
    Ok(ImportedPost {
        // The story's id ends its file name (`2019-03-14_Title-1a2b3c4d5e6f`).
        import_id: format!(
            "{}:{}",
            Source::Medium.id_prefix(),
            stem.rsplit('-').next().unwrap_or(stem)
        ),
        kind: Kind::Post,
        title,
        slug,
        date,
        author,
        tags: Vec::new(),
        categories: Vec::new(),
        status: if draft {
            Status::Draft
        } else {
            Status::Published
        },
        summary: subtitle,
        aliases: canonical
            .as_deref()
            .and_then(url_path)
            .into_iter()
            .collect(),
        original_url: canonical,
        cover: None,
        body: markdown.join("\n\n"),
        images,
    })
}

/// The slug of a story's address (`…/@ann/old-slug-1a2b3c4d5e6f`) without Medium's id.
fn story_slug(url: &str) -> Option<String> {
    let last = url.trim_end_matches('/').rsplit('/').next()?;
    let (slug, id) = last.rsplit_once('-')?;
    let is_id = id.len() >= 8 && id.chars().all(|c| c.is_ascii_hexdigit());
    (is_id && !slug.is_empty()).then(|| slug.to_string())
}
