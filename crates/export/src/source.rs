//! The posts an export reads: each file of the content folder as an [`Entry`] (what the
//! index, tag pages, feeds and neighbours' links need) and, for files that changed since
//! the last export, its rendered article.

use std::collections::HashMap;

use quire_core::article::{self, Site};
use quire_core::blog::file_title;
use quire_core::folder::{content_hash, ContentFolder};
use quire_core::frontmatter::Status;
use quire_core::markdown::local_path;
use quire_core::slug::slugify;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::urls::{asset_links, decode, Placement};
use quire_core::folder::post_folder;

/// A post as the lists of an exported site show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The file's path in the content folder.
    pub rel: String,
    /// The file's size and modification time when read: unchanged means not read again.
    pub size: u64,
    /// See `size`.
    pub mtime: i64,
    /// The content hash of the text.
    pub hash: String,
    /// Where the post is published: `<slug>/index.html`.
    pub slug: String,
    /// The title shown.
    pub title: String,
    /// `YYYY-MM-DD`, if the post has a date.
    pub date: Option<String>,
    /// `draft`, `published` or `scheduled`.
    pub status: String,
    /// The author shown.
    pub author: String,
    /// The summary, or else the first paragraph.
    pub summary: String,
    /// The cover image: a path from the content folder's root, or a web address.
    pub cover: Option<String>,
    /// The post's tags as written.
    pub tags: Vec<String>,
    /// Reading time in minutes.
    pub minutes: u64,
    /// Words, CJK characters counted as words.
    pub words: u64,
    /// The files beside the post its page shows, as paths from the content folder's root.
    pub images: Vec<String>,
    /// Addresses the post was once at, each to get a page that sends readers on.
    pub aliases: Vec<String>,
}

impl Entry {
    /// The post's page in the output folder.
    pub fn page(&self) -> String {
        format!("{}/index.html", self.slug)
    }

    /// Whether readers see the post: published, or scheduled for a day that has come;
    /// never dated after `today`. With `drafts`, every post.
    pub fn is_public(&self, today: &str, drafts: bool) -> bool {
        if drafts {
            return true;
        }
        let due = self.date.as_deref().is_none_or(|d| d <= today);
        match Status::parse(&self.status).unwrap_or_default() {
            Status::Published | Status::Scheduled => due,
            Status::Draft => false,
        }
    }
}

/// A post whose text was read and rendered in this export.
pub struct Fresh {
    /// The rendered `<article>` element.
    pub article_html: String,
}

/// What reading the folder found.
pub struct Sources {
    /// Every post that could be read, in path order.
    pub entries: Vec<Entry>,
    /// Rendered articles of the posts read in this run, by path.
    pub fresh: HashMap<String, Fresh>,
    /// Files that could not be read or whose front matter is malformed, with the reason.
    pub skipped: Vec<(String, String)>,
    /// The posts whose entry is not the last export's as it was (new, edited, touched):
    /// all the manifest has to record of this read.
    pub changed: Vec<String>,
    /// Posts the last export read that are no longer there (or no longer readable).
    pub gone: Vec<String>,
}

/// Reads every post of `folder`. `known` is what the last export read, by path: a file
/// whose size and time match its entry there is not read (its entry is moved over, not
/// copied: at 10,000 posts the copies cost more than the reading); one whose text hashes
/// the same is not rendered. `tick` is called after each post with the number of posts,
/// and answers whether to go on (false: cancelled).
pub fn read_all(
    folder: &ContentFolder,
    site: &Site,
    mut known: HashMap<String, Entry>,
    tick: &(dyn Fn(usize) -> bool + Sync),
) -> crate::Result<Sources> {
    let paths = folder.scan()?;
    let total = paths.len();
    let last: Vec<Option<Entry>> = paths.iter().map(|rel| known.remove(rel)).collect();
    let results: Vec<_> = paths
        .par_iter()
        .zip(last)
        .map(|(rel, last)| {
            let result = read_one(folder, site, last, rel);
            if tick(total) {
                Ok(result)
            } else {
                Err(crate::Error::Cancelled)
            }
        })
        .collect::<crate::Result<_>>()?;
    let mut sources = Sources {
        entries: Vec::with_capacity(results.len()),
        fresh: HashMap::new(),
        skipped: Vec::new(),
        changed: Vec::new(),
        gone: known.into_keys().collect(),
    };
    for (rel, result) in paths.into_iter().zip(results) {
        match result {
            Ok(Read::Same(entry)) => sources.entries.push(entry),
            Ok(Read::Touched(entry)) => {
                sources.changed.push(rel);
                sources.entries.push(entry);
            }
            Ok(Read::Fresh(entry, f)) => {
                sources.changed.push(rel.clone());
                sources.fresh.insert(rel, f);
                sources.entries.push(entry);
            }
            Err(e) => {
                sources.gone.push(rel.clone());
                sources.skipped.push((rel, e.to_string()));
            }
        }
    }
    Ok(sources)
}

/// A post as reading it found it, against the last export's entry.
enum Read {
    /// Size and time as recorded: the entry as it was.
    Same(Entry),
    /// Touched but with the same text: the entry with new size and time.
    Touched(Entry),
    /// New or edited: read and rendered.
    Fresh(Entry, Fresh),
}

fn read_one(
    folder: &ContentFolder,
    site: &Site,
    known: Option<Entry>,
    rel: &str,
) -> quire_core::Result<Read> {
    let stat = folder.stat(rel)?;
    if let Some(k) = known.as_ref() {
        if k.size == stat.size as u64 && k.mtime == stat.mtime {
            return Ok(Read::Same(known.expect("just matched")));
        }
    }
    let text = folder.read(rel)?;
    let hash = content_hash(&text);
    if let Some(mut entry) = known.filter(|k| k.hash == hash) {
        entry.size = stat.size as u64;
        entry.mtime = stat.mtime;
        return Ok(Read::Touched(entry));
    }
    let (entry, article_html) = render(rel, &text, site)?;
    Ok(Read::Fresh(
        Entry {
            size: stat.size as u64,
            mtime: stat.mtime,
            hash,
            ..entry
        },
        Fresh { article_html },
    ))
}

/// Renders a post's article for its page on the site, and its entry (without file stats).
pub fn render(rel: &str, text: &str, site: &Site) -> quire_core::Result<(Entry, String)> {
    let a = article::render(text, site, &asset_links(Placement::Site(rel)))?;
    let entry = entry_of(rel, text, &a, site);
    Ok((entry, a.html))
}

/// The entry of the post at `rel` whose text `text` rendered as `a`: what lists, feeds,
/// heads and the single-post export say of it (file stats left at zero).
pub fn entry_of(rel: &str, text: &str, a: &article::Article, site: &Site) -> Entry {
    let dir = post_folder(rel);
    let from_root = |p: &str| format!("{dir}{}", decode(p));
    let mut images: Vec<String> = a.images.iter().map(|p| from_root(p)).collect();
    let cover = a.meta.cover.as_deref().and_then(|c| match local_path(c) {
        Some(p) => {
            images.push(from_root(p));
            Some(from_root(p))
        }
        None if c.starts_with("https://") || c.starts_with("http://") => Some(c.to_string()),
        // `javascript:`, `file:`, `/etc/...`: not an image a page may show.
        None => None,
    });
    if let Some(p) = local_path(&site.avatar) {
        images.push(decode(p));
    }
    images.sort();
    images.dedup();
    let slug = slugify(a.meta.slug.as_deref().unwrap_or(&file_title(rel)));
    let author = a.meta.author.clone().unwrap_or_else(|| site.author.clone());
    Entry {
        rel: rel.to_string(),
        size: 0,
        mtime: 0,
        hash: content_hash(text),
        slug,
        title: a.title.clone(),
        date: a.meta.date.clone(),
        status: a.meta.status.as_str().to_string(),
        author,
        summary: a.meta.summary.clone().unwrap_or_else(|| a.excerpt.clone()),
        cover,
        tags: a.meta.tags.clone(),
        minutes: a.minutes,
        words: a.words,
        images,
        aliases: a.meta.aliases.clone(),
    }
}
