//! Exporting one post: a folder with its page, stylesheet and images, or a single
//! self-contained `.html` file (stylesheet inlined, images as `data:` addresses) that can
//! be mailed or opened anywhere.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use base64::Engine;
use minijinja::context;
use quire_core::article::{self, Site};
use quire_core::folder::ContentFolder;

use crate::output::Output;
use crate::pages;
use crate::source;
use crate::theme::Theme;
use crate::urls::{asset_links, decode, Placement};
use crate::Result;
use quire_core::folder::post_folder;

/// How one post is exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `<out>/<slug>/index.html` with `style.css` and the images beside it.
    Folder,
    /// `<out>/<slug>.html`, one file with everything inside.
    SingleFile,
}

/// Exports the post at `rel` (a path in `folder`) into `out_dir`; returns the page's path.
pub fn export_post(
    folder: &ContentFolder,
    site: &Site,
    rel: &str,
    out_dir: &Path,
    shape: Shape,
) -> Result<PathBuf> {
    let out = Output::create(out_dir, folder.root())?;
    let text = folder.read(rel)?;
    export(folder, site, rel, &text, &out, shape, None)
}

/// Exports `text`, the post at `rel` as the editor holds it (so unsaved words are in the
/// page, as they are in the preview), as one self-contained file at `file`, a name the
/// author chose (in the app, from a save dialog); returns its path.
pub fn export_single_file(
    folder: &ContentFolder,
    site: &Site,
    rel: &str,
    text: &str,
    file: &Path,
) -> Result<PathBuf> {
    let dir = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = file.file_name().and_then(|n| n.to_str()).ok_or_else(|| {
        crate::Error::Core(quire_core::Error::PathEscape {
            path: file.display().to_string(),
        })
    })?;
    let out = Output::create(dir, folder.root())?;
    export(folder, site, rel, text, &out, Shape::SingleFile, Some(name))
}

fn export(
    folder: &ContentFolder,
    site: &Site,
    rel: &str,
    text: &str,
    out: &Output,
    shape: Shape,
    name: Option<&str>,
) -> Result<PathBuf> {
    let theme = Theme::load(folder, &site.theme)?;
    let dir = post_folder(rel);
    // The first rendering finds the post's images; a single file then renders again with
    // each image inlined.
    let plain = article::render(
        text,
        site,
        &asset_links(Placement::Beside(rel, HashMap::new())),
    )?;
    let entry = source::entry_of(rel, text, &plain, site);
    let slug = entry.slug.clone();
    let mut files: Vec<(String, String)> = plain
        .images
        .iter()
        .map(|p| (p.clone(), format!("{dir}{}", decode(p))))
        .collect();
    if let Some(p) = quire_core::markdown::local_path(&site.avatar) {
        files.push((p.to_string(), decode(p)));
    }
    let (article, page_path, inline_css) = match shape {
        Shape::Folder => {
            for (link, from_root) in &files {
                if let Ok((bytes, _)) = folder.read_asset(from_root) {
                    out.write(&format!("{slug}/{}", decode(link)), &bytes)?;
                }
            }
            out.write(&format!("{slug}/style.css"), theme.css.as_bytes())?;
            (plain, format!("{slug}/index.html"), None)
        }
        Shape::SingleFile => {
            let article = inlined(folder, site, rel, text, &files)?;
            let file = name.map_or_else(|| format!("{slug}.html"), str::to_string);
            (article, file, Some(theme.css.clone()))
        }
    };
    // The head names the post's address on the published site, as its page there does.
    let page = pages::page_meta(
        site,
        &entry.page(),
        &entry.title,
        Some(&entry.summary),
        "article",
        None,
    );
    let html = theme.render(
        "post.html",
        context! {
            site, page, root => "", standalone => true, inline_css,
            article_html => article.html,
            json_ld => pages::blog_posting(site, &entry, None),
        },
    )?;
    out.write(&page_path, html.as_bytes())?;
    out.path(&page_path)
}

/// The post's article with each of `files` (its link in the post, its path from the
/// content folder's root) inside it as a `data:` address. Each image is linked through a
/// placeholder, swapped for its address after rendering: comrak's safe mode refuses
/// `data:` links it cannot vouch for (SVG among them), and these come from the author's
/// own files, read here.
fn inlined(
    folder: &ContentFolder,
    site: &Site,
    rel: &str,
    text: &str,
    files: &[(String, String)],
) -> Result<article::Article> {
    let mut inline = HashMap::new();
    let mut data_uris = Vec::new();
    for (link, from_root) in files {
        if let Ok((bytes, mime)) = folder.read_asset(from_root) {
            let data = base64::engine::general_purpose::STANDARD.encode(bytes);
            let token = format!("quire-inline-{}-end", data_uris.len());
            inline.insert(link.clone(), token.clone());
            data_uris.push((token, format!("data:{mime};base64,{data}")));
        }
    }
    let links = asset_links(Placement::Beside(rel, inline));
    let mut article = article::render(text, site, &links)?;
    for (token, uri) in &data_uris {
        article.html = article.html.replace(token.as_str(), uri);
    }
    Ok(article)
}
