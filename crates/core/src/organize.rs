//! Organizing the library: renaming a post (title, slug and file together), duplicating
//! it, changing its status, and the trash. Each keeps the post's history, and none writes
//! over the author's unsaved draft or another post.
//!
//! A post is a file, or a page bundle: a folder whose `index.md` is the post and whose
//! other files (its images) go wherever it goes.

use std::fs;

use serde::Serialize;
use ts_rs::TS;

use crate::blog::Blog;
use crate::folder::content_hash;
use crate::frontmatter::edit::{set_fields, FieldEdit, FieldValue};
use crate::frontmatter::{self, Status};
use crate::library::{PostRow, RevisionSource, TrashedPost};
use crate::{folder, slug, Error, Result};

/// What a rename did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Renamed {
    /// The post at its new path.
    pub post: PostRow,
    /// Lines of other posts that link to the old path: Quire does not rewrite other
    /// posts behind the author's back, it lists them to fix.
    pub links: Vec<LinkFrom>,
}

/// A line of a post that links to another post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LinkFrom {
    /// The linking post's path.
    pub path: String,
    /// Its title.
    pub title: String,
    /// The line, counted from 1.
    pub line: u32,
    /// The line's text, trimmed.
    pub text: String,
}

/// The folder of `dir/index.md` (any Markdown extension): the page bundle it may be the
/// post of. `_index.md` never is: Hugo's section pages head a folder of other posts.
fn index_dir(rel: &str) -> Option<&str> {
    let (dir, file) = rel.rsplit_once('/')?;
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    (stem == "index").then_some(dir)
}

/// The folder a path is in (`""` at the root), and its own name in it.
fn parent_and_name(rel: &str) -> (&str, &str) {
    rel.rsplit_once('/').unwrap_or(("", rel))
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// A Jekyll-style `2024-05-17-` at the start of a file name, kept across renames.
fn date_prefix(name: &str) -> &str {
    let prefix = name.get(..11).unwrap_or_default();
    let is_date = prefix.ends_with('-')
        && chrono::NaiveDate::parse_from_str(&prefix[..10], "%Y-%m-%d").is_ok();
    if is_date {
        prefix
    } else {
        ""
    }
}

/// Where a post at `rel` goes when its slug becomes `slug`: a file is renamed in its
/// folder (keeping its extension and date prefix), a bundle's folder is renamed.
fn moved_path(rel: &str, slug: &str, bundle: bool) -> String {
    let dir = folder::post_folder(rel);
    let file = &rel[dir.len()..];
    match index_dir(rel).filter(|_| bundle) {
        Some(bundle) => {
            let (parent, name) = parent_and_name(bundle);
            join(&join(parent, &format!("{}{slug}", date_prefix(name))), file)
        }
        None => {
            let ext = file.rsplit_once('.').map_or("md", |(_, e)| e);
            format!("{dir}{}{slug}.{ext}", date_prefix(file))
        }
    }
}

impl Blog {
    /// The page bundle folder of the post at `rel`: `dir/index.md` in a folder that holds
    /// no other post (else the folder is a section of posts, and moving or trashing it
    /// would take them along).
    pub(crate) fn bundle<'a>(&self, rel: &'a str) -> Result<Option<&'a str>> {
        let Some(dir) = index_dir(rel) else {
            return Ok(None);
        };
        let others = self
            .folder
            .files_below(dir)?
            .iter()
            .filter_map(|path| self.folder.relative(path))
            .any(|other| other != rel && folder::is_post_path(&other));
        Ok((!others).then_some(dir))
    }

    /// The post's file text, refusing when the library holds unsaved changes to it: an
    /// action on the file would leave them behind, or be undone by their next save.
    fn saved_text(&self, post: &PostRow) -> Result<String> {
        if self.library.draft(post.id)?.is_some() {
            return Err(Error::Unsaved {
                path: post.path.clone(),
            });
        }
        self.folder.read(&post.path)
    }

    /// What holds `rel`, if anything: a post of the library (one missing on disk too: its
    /// history is tied to the path), or a file or folder on disk.
    fn taken(&self, rel: &str, bundle: bool, except: i64) -> Result<Option<String>> {
        if let Some(k) = self.library.known(rel)?.filter(|k| k.id != except) {
            let post = self.library.post(k.id)?;
            let missing = if k.missing { " (missing on disk)" } else { "" };
            return Ok(Some(format!("“{}”{missing}", post.title)));
        }
        let on_disk = match index_dir(rel).filter(|_| bundle) {
            Some(dir) => self.folder.resolve(dir)?.exists(),
            None => self.folder.resolve(rel)?.exists(),
        };
        Ok(on_disk.then(|| "a file".to_string()))
    }

    /// Gives a post a new title: the front matter's `title` (and `slug`, if it has one)
    /// changes, and the file — or the bundle's folder — moves to the new slug's name. The
    /// post keeps its id, history and place in the list; links to it from other posts are
    /// listed for the author to fix.
    pub fn rename(&self, id: i64, title: &str, now: i64) -> Result<Renamed> {
        self.writable()?;
        let title = title.trim();
        if title.is_empty() {
            return Err(Error::EmptyTitle);
        }
        let post = self.library.post(id)?;
        let text = self.saved_text(&post)?;
        let (meta, _) = frontmatter::read(&text)?;
        let new_slug = slug::slugify(title);
        let old = post.path.clone();
        let bundle = self.bundle(&old)?.is_some();
        let new = moved_path(&old, &new_slug, bundle);
        if new != old {
            if let Some(by) = self.taken(&new, bundle, id)? {
                return Err(Error::PathTaken { path: new, by });
            }
        }
        let mut edits = vec![FieldEdit::text("title", title)];
        if meta.slug.is_some() {
            edits.push(FieldEdit::text("slug", &new_slug));
        }
        let renamed = set_fields(&text, &edits)?;
        self.expect_on_disk(&old, Some(&content_hash(&text)), &renamed)?;
        self.write_post(id, &old, &renamed, RevisionSource::Editor, now)?;
        if new != old {
            let (from, to) = match (index_dir(&old), index_dir(&new)) {
                (Some(a), Some(b)) if bundle => (a, b),
                _ => (old.as_str(), new.as_str()),
            };
            let (from, to) = (self.folder.resolve(from)?, self.folder.resolve(to)?);
            if let Some(parent) = to.parent() {
                fs::create_dir_all(parent).map_err(Error::io(parent))?;
            }
            fs::rename(&from, &to).map_err(Error::io(&from))?;
            self.library.rename_post(id, &new)?;
            let hash = content_hash(&renamed);
            let stat = self.folder.stat(&new).ok();
            self.index_text(&new, &renamed, &hash, stat, now)?;
        }
        let links = if new != old {
            self.links_to(&old, id)?
        } else {
            Vec::new()
        };
        Ok(Renamed {
            post: self.library.post(id)?,
            links,
        })
    }

    /// Lines of other posts with a link whose target names `rel`'s file or slug.
    pub fn links_to(&self, rel: &str, except: i64) -> Result<Vec<LinkFrom>> {
        let name = parent_and_name(index_dir(rel).unwrap_or(rel)).1;
        let stem = name.rsplit_once('.').map_or(name, |(s, _)| s).to_string();
        let mut links = Vec::new();
        for post in self.library.posts()? {
            if post.id == except || post.missing || post.problem.is_some() {
                continue;
            }
            let Ok(text) = self.folder.read(&post.path) else {
                continue;
            };
            if !text.contains(stem.as_str()) {
                continue;
            }
            for (n, line) in text.lines().enumerate() {
                if links_to_stem(line, &stem) {
                    links.push(LinkFrom {
                        path: post.path.clone(),
                        title: post.title.clone(),
                        line: n as u32 + 1,
                        text: line.trim().chars().take(200).collect(),
                    });
                }
            }
        }
        Ok(links)
    }

    /// Copies a post as a new draft beside it: "Title (copy)", a free file name (a
    /// bundle's folder is copied whole), no `slug` of its own. The copy has the text the
    /// author sees: the unsaved draft if there is one. Returns the new post.
    pub fn duplicate(&self, id: i64, now: i64) -> Result<PostRow> {
        self.writable()?;
        let post = self.library.post(id)?;
        let text = match self.library.draft(id)? {
            Some(draft) => self.in_files_style(&post.path, &draft.text).into_owned(),
            None => self.folder.read(&post.path)?,
        };
        let bundle = self.bundle(&post.path)?;
        let title = format!("{} (copy)", post.title);
        let base = slug::slugify(&title);
        let mut new = None;
        for n in 1..1000 {
            let slug = if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            };
            let candidate = moved_path(&post.path, &slug, bundle.is_some());
            if self.taken(&candidate, bundle.is_some(), id)?.is_none() {
                new = Some(candidate);
                break;
            }
        }
        let new = new.ok_or_else(|| Error::PathTaken {
            path: moved_path(&post.path, &base, bundle.is_some()),
            by: "a file".into(),
        })?;
        let copy = set_fields(
            &text,
            &[
                FieldEdit::text("title", &title),
                FieldEdit::text("status", Status::Draft.as_str()),
                FieldEdit {
                    key: "slug".into(),
                    value: FieldValue::Remove,
                },
            ],
        )?;
        if let (Some(from), Some(to)) = (bundle, index_dir(&new)) {
            for (rel, bytes) in self.bundle_files(from)? {
                if rel != post.path {
                    let inside = &rel[from.len()..];
                    self.folder.write_bytes(&format!("{to}{inside}"), &bytes)?;
                }
            }
        }
        self.write_new(&new, &copy, now)
    }

    /// Sets a post's status in its front matter (Hugo's `draft` flag if that is what the
    /// file uses) and saves it.
    pub fn set_status(&self, id: i64, status: Status, now: i64) -> Result<PostRow> {
        self.writable()?;
        let post = self.library.post(id)?;
        let text = self.saved_text(&post)?;
        let changed = set_fields(&text, &[FieldEdit::text("status", status.as_str())])?;
        self.save(id, &changed, Some(&content_hash(&text)), now)
    }

    /// Every file of the bundle folder `dir` (relative paths, bytes), hidden ones too:
    /// trashing the folder removes them all, so all of them are kept.
    fn bundle_files(&self, dir: &str) -> Result<Vec<(String, Vec<u8>)>> {
        let mut files = Vec::new();
        for path in self.folder.files_below(dir)? {
            // A name that is not UTF-8 could not be written back by its path.
            let rel = self.folder.relative(&path).ok_or_else(|| Error::Io {
                path: path.clone(),
                source: std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "its name is not UTF-8, so the trash could not put it back",
                ),
            })?;
            files.push((rel, fs::read(&path).map_err(Error::io(&path))?));
        }
        Ok(files)
    }

    /// Moves a post to the trash: its file (or bundle folder) leaves the content folder,
    /// its bytes, history and any draft stay in the library until the trash is emptied.
    pub fn trash(&self, id: i64, now: i64) -> Result<TrashedPost> {
        self.writable()?;
        let post = self.library.post(id)?;
        let bundle = self.bundle(&post.path)?;
        let files = match bundle {
            Some(dir) => self.bundle_files(dir)?,
            None if post.missing => Vec::new(),
            None => {
                let path = self.folder.resolve(&post.path)?;
                vec![(
                    post.path.clone(),
                    fs::read(&path).map_err(Error::io(&path))?,
                )]
            }
        };
        // The bytes are safe in the library before anything leaves the disk.
        self.library.trash_post(id, &files, now)?;
        let removed = match bundle {
            Some(dir) => {
                let dir = self.folder.resolve(dir)?;
                fs::remove_dir_all(&dir).map_err(Error::io(&dir))
            }
            None if files.is_empty() => Ok(()),
            None => {
                let path = self.folder.resolve(&post.path)?;
                fs::remove_file(&path).map_err(Error::io(&path))
            }
        };
        if let Err(e) = removed {
            // Partly removed (a file held open elsewhere): put back what went, then take
            // the post out of the trash, so the folder is as it was.
            for (rel, bytes) in &files {
                if !self.folder.resolve(rel)?.exists() {
                    self.folder.write_bytes(rel, bytes)?;
                }
            }
            self.library.untrash(id)?;
            return Err(e);
        }
        self.library
            .trashed_post(id)?
            .ok_or(Error::NoSuchPost { id })
    }

    /// The posts in the trash, most recently trashed first.
    pub fn trash_list(&self) -> Result<Vec<TrashedPost>> {
        self.library.trashed()
    }

    /// The post most recently trashed from `path`, or [`Error::NotInTrash`].
    pub fn trashed_at(&self, path: &str) -> Result<i64> {
        self.library
            .trashed_at_path(path)?
            .ok_or_else(|| Error::NotInTrash {
                path: path.to_string(),
            })
    }

    /// Puts a trashed post back at the path it had, with its files, history and draft.
    /// Refused if something now lives there.
    pub fn restore_from_trash(&self, id: i64, now: i64) -> Result<PostRow> {
        self.writable()?;
        let trashed = self
            .library
            .trashed_post(id)?
            .ok_or(Error::NoSuchPost { id })?;
        let files = self.library.trashed_files(id)?;
        for (rel, _) in &files {
            if let Some(by) = self.taken(rel, false, id)? {
                return Err(Error::PathTaken {
                    path: rel.clone(),
                    by,
                });
            }
        }
        if let Some(by) = self.taken(&trashed.path, false, id)? {
            return Err(Error::PathTaken {
                path: trashed.path,
                by,
            });
        }
        // The row takes its path back first, so that the watcher, seeing the files appear,
        // finds them known rather than new posts.
        self.library.untrash(id)?;
        for (i, (rel, bytes)) in files.iter().enumerate() {
            if let Err(e) = self.folder.write_bytes(rel, bytes) {
                // Back into the trash with every byte, and nothing half-restored on disk.
                for (written, _) in &files[..i] {
                    let _ = fs::remove_file(self.folder.resolve(written)?);
                }
                self.library.trash_post(id, &files, trashed.trashed_at)?;
                return Err(e);
            }
        }
        let post = self.library.post(id)?;
        match files.iter().find(|(rel, _)| *rel == post.path) {
            Some((_, bytes)) => {
                let text = String::from_utf8_lossy(bytes);
                let hash = content_hash(&text);
                let stat = self.folder.stat(&post.path).ok();
                self.index_text(&post.path, &text, &hash, stat, now)?;
            }
            // Trashed while missing: it stays missing, with its history to restore from.
            None => self.library.set_missing(id, true)?,
        }
        self.library.post(id)
    }

    /// Deletes the trashed posts for good; returns how many.
    pub fn empty_trash(&self) -> Result<usize> {
        self.library.empty_trash()
    }
}

/// Whether `line` holds a link target naming `stem`: `](…stem…)`, `href="…stem…"`, a
/// reference definition, or a Hugo `ref`/`relref`, with `stem` a whole path segment.
fn links_to_stem(line: &str, stem: &str) -> bool {
    let linky = line.contains("](")
        || line.contains("href")
        || line.contains("ref ")
        || line.trim_start().starts_with('[') && line.contains("]:");
    if !linky {
        return false;
    }
    line.match_indices(stem).any(|(i, _)| {
        let before = line[..i].chars().next_back();
        let after = line[i + stem.len()..].chars().next();
        matches!(before, Some('/' | '(' | '"' | '\'' | ' ' | ':'))
            && matches!(
                after,
                None | Some('/' | '.' | ')' | '#' | '"' | '\'' | '?' | ' ')
            )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moved_paths_keep_folders_extensions_and_date_prefixes() {
        assert_eq!(moved_path("notes/old.md", "new", false), "notes/new.md");
        assert_eq!(moved_path("old.markdown", "new", false), "new.markdown");
        assert_eq!(
            moved_path("2024-05-17-old.md", "new", false),
            "2024-05-17-new.md"
        );
        assert_eq!(
            moved_path("posts/old/index.md", "new", true),
            "posts/new/index.md"
        );
        assert_eq!(moved_path("old/index.md", "new", true), "new/index.md");
        // An index.md that heads other posts is renamed where it is.
        assert_eq!(moved_path("posts/index.md", "new", false), "posts/new.md");
    }

    #[test]
    fn link_lines() {
        assert!(links_to_stem(
            "See [the old one](../old-post/).",
            "old-post"
        ));
        assert!(links_to_stem("[ref]: /posts/old-post.md", "old-post"));
        assert!(links_to_stem("<a href=\"old-post.html\">", "old-post"));
        assert!(!links_to_stem("The old-post was fine.", "old-post"));
        assert!(!links_to_stem("[x](../old-posting/)", "old-post"));
    }
}
