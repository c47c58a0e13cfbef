//! Writing an export's posts into the content folder: the posts an earlier import brought
//! in are skipped, slugs are kept apart, and every file is written or none is.

use std::collections::HashSet;

use quire_core::folder::ContentFolder;
use quire_core::frontmatter::{self, Status};

use crate::post::{Asset, Export, ImportedPost, Kind};
use crate::Result;

/// A post written (or, in a dry run, that would be).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// Its file, relative to the content folder.
    pub path: String,
    /// Its title.
    pub title: String,
    /// Its status.
    pub status: Status,
}

/// A post left out because a file of the folder already holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The post's title in the export.
    pub title: String,
    /// The file that holds it, relative to the content folder.
    pub existing: String,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// The posts written, in the export's order.
    pub imported: Vec<Written>,
    /// The posts already imported before.
    pub skipped: Vec<Skipped>,
    /// The images the imported posts link to on the old site (and the old media library's
    /// files, when anything was imported): what to fetch before the old site goes.
    pub remote_images: Vec<Asset>,
}

impl Summary {
    /// How many of the imported posts are drafts.
    pub fn drafts(&self) -> usize {
        self.imported
            .iter()
            .filter(|w| w.status == Status::Draft)
            .count()
    }
}

/// Writes the posts of `export` that the folder does not hold yet; with `dry_run`, only
/// says what it would write. Nothing is half done: if a write fails, the files this
/// import wrote are removed again.
pub fn import(folder: &ContentFolder, export: &Export, dry_run: bool) -> Result<Summary> {
    let existing = imported_before(folder)?;
    let mut taken: HashSet<String> = folder.scan()?.into_iter().collect();
    let mut summary = Summary::default();
    let mut files: Vec<(String, String)> = Vec::new();
    let mut imported_ids: HashSet<String> = HashSet::new();
    for post in &export.posts {
        let known = existing.iter().find(|(key, _)| {
            *key == post.import_id || post.original_url.as_deref() == Some(key.as_str())
        });
        if let Some((_, file)) = known {
            summary.skipped.push(Skipped {
                title: post.title.clone(),
                existing: file.clone(),
            });
            continue;
        }
        let (path, slug) = free_path(folder, post, &mut taken);
        let post = ImportedPost {
            slug,
            ..post.clone()
        };
        imported_ids.insert(post.import_id.clone());
        summary.imported.push(Written {
            path: path.clone(),
            title: post.title.clone(),
            status: post.status,
        });
        files.push((path, post.text()));
    }
    summary.remote_images = export
        .assets
        .iter()
        .filter(|a| {
            a.used_by.iter().any(|id| imported_ids.contains(id))
                || (a.used_by.is_empty() && !imported_ids.is_empty())
        })
        .cloned()
        .collect();
    if !dry_run {
        write_all(folder, &files)?;
    }
    Ok(summary)
}

/// Each `import_id` and `original_url` found in the folder's front matter, with its file.
/// A file whose front matter does not parse holds none: it is the author's to fix, and
/// an import should not stop on it.
fn imported_before(folder: &ContentFolder) -> Result<Vec<(String, String)>> {
    let mut found = Vec::new();
    for rel in folder.scan()? {
        let Ok(text) = folder.read(&rel) else {
            continue;
        };
        let Ok(form) = frontmatter::edit::form(&text) else {
            continue;
        };
        for key in form.other {
            if key.key == "import_id" || key.key == "original_url" {
                if let Some(value) = scalar(&key.text) {
                    found.push((value, rel.clone()));
                }
            }
        }
    }
    Ok(found)
}

/// The value of a `key: "value"` (YAML) or `key = "value"` (TOML) line.
fn scalar(line: &str) -> Option<String> {
    let at = line.find([':', '='])?;
    let value = line[at + 1..].trim();
    let value = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .map(|v| v.replace("\\\"", "\"").replace("\\\\", "\\"))
        .or_else(|| {
            value
                .strip_prefix('\'')
                .and_then(|v| v.strip_suffix('\''))
                .map(|v| v.replace("''", "'"))
        })
        .unwrap_or_else(|| value.to_string());
    (!value.is_empty()).then_some(value)
}

/// A file for `post` that neither the folder nor this import uses, and the slug that
/// goes with it: `slug.md`, else `slug-2.md`, `slug-3.md`… (pages under `pages/`).
fn free_path(
    folder: &ContentFolder,
    post: &ImportedPost,
    taken: &mut HashSet<String>,
) -> (String, String) {
    let dir = match post.kind {
        Kind::Post => "",
        Kind::Page => "pages/",
    };
    let mut n = 1;
    loop {
        let slug = if n == 1 {
            post.slug.clone()
        } else {
            format!("{}-{n}", post.slug)
        };
        let path = format!("{dir}{slug}.md");
        let bundle = format!("{dir}{slug}/index.md");
        let on_disk = folder.resolve(&path).is_ok_and(|p| p.exists());
        if !taken.contains(&path) && !taken.contains(&bundle) && !on_disk {
            taken.insert(path.clone());
            return (path, slug);
        }
        n += 1;
    }
}

/// Writes every file, each atomically; on a failure, removes the ones written before it.
fn write_all(folder: &ContentFolder, files: &[(String, String)]) -> Result<()> {
    for (i, (path, text)) in files.iter().enumerate() {
        if let Err(e) = folder.write_atomic(path, text) {
            for (written, _) in &files[..i] {
                if let Ok(abs) = folder.resolve(written) {
                    let _ = std::fs::remove_file(abs);
                }
            }
            return Err(e.into());
        }
    }
    Ok(())
}
