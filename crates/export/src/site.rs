//! Exporting the whole blog: a page per public post, the paginated index, a page per tag,
//! feeds, sitemap, search, and the files the pages show. Incremental: each output file is
//! recorded with a key of everything it is made from, and is made again only when that
//! key changes; files of posts that are gone are removed, and nothing else in the folder
//! is touched.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use minijinja::context;
use quire_core::article::Site;
use quire_core::folder::ContentFolder;
use quire_core::frontmatter;
use quire_core::slug::slugify;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;
use ts_rs::TS;

use crate::feeds::{self, FeedOf};
use crate::manifest::{key, Key, Manifest};
use crate::output::Output;
use crate::pages::{self, ListView};
use crate::search;
use crate::source::{self, Entry};
use crate::theme::{Theme, SEARCH_JS};
use crate::urls::{encode_path, root_from};
use crate::{Error, Result};

/// Slugs the site's own pages use: a post cannot take them.
const RESERVED: &[&str] = &["tags", "page", "search"];

/// How to export.
#[derive(Debug, Clone)]
pub struct Options {
    /// Export drafts and posts dated in the future too.
    pub drafts: bool,
    /// Today, `YYYY-MM-DD`: posts dated later are not published yet.
    pub today: String,
}

/// What an export did, for the one-line summary.
#[derive(Debug, Clone, Default, Serialize, TS)]
pub struct Summary {
    /// Posts published.
    pub posts: usize,
    /// Files of the site, in all.
    pub files: usize,
    /// Files written because their inputs changed.
    pub written: usize,
    /// Files left as they were.
    pub unchanged: usize,
    /// Files of the previous export removed (deleted or unpublished posts).
    pub removed: usize,
    /// Posts left out because they could not be read, with the reason.
    pub skipped: Vec<(String, String)>,
    /// How long it took, in milliseconds.
    pub millis: u64,
    /// The output folder.
    pub out: String,
}

/// Progress through the pages to render: `(done, total)`.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// One page of a list of posts (the home page's or a tag's).
struct ListPage<'a> {
    /// Where the list's first page is: `""` or `tags/<slug>/`.
    base: String,
    heading: String,
    intro: Option<&'a str>,
    /// The posts on this page.
    posts: Vec<&'a Entry>,
    /// This page's number, from 0.
    n: usize,
    /// Pages in the list.
    pages: usize,
}

/// Adds the pages of one list, `per_page` posts each.
fn paginate<'a>(
    lists: &mut Vec<ListPage<'a>>,
    per_page: usize,
    base: String,
    heading: String,
    intro: Option<&'a str>,
    posts: &[&'a Entry],
) {
    let pages = posts.len().div_ceil(per_page).max(1);
    for n in 0..pages {
        lists.push(ListPage {
            base: base.clone(),
            heading: heading.clone(),
            intro,
            posts: posts
                .iter()
                .skip(n * per_page)
                .take(per_page)
                .copied()
                .collect(),
            n,
            pages,
        });
    }
}

/// Exports the blog in `folder` to `out_dir`. `cancel` is checked between pages.
pub fn export_site(
    folder: &ContentFolder,
    site: &Site,
    out_dir: &Path,
    options: &Options,
    cancel: &AtomicBool,
    progress: Progress<'_>,
) -> Result<Summary> {
    let started = Instant::now();
    let out = Output::create(out_dir, folder.root())?;
    let theme = Theme::load(folder, &site.theme)?;
    let old = Manifest::load(&out);
    // Progress runs over two passes: reading and rendering every post, then writing the
    // pages of the public ones.
    let done = AtomicUsize::new(0);
    let sources = source::read_all(folder, site, &old, &|total| {
        progress(done.fetch_add(1, Ordering::Relaxed) + 1, 2 * total);
        !cancel.load(Ordering::Relaxed)
    })?;
    let read = done.load(Ordering::Relaxed);

    let mut public: Vec<&Entry> = sources
        .entries
        .iter()
        .filter(|e| e.is_public(&options.today, options.drafts))
        .collect();
    // Newest first; undated posts after dated ones; then by title, then path, so the
    // order (and so every page) is the same on every run.
    public.sort_by(|a, b| {
        b.date
            .is_some()
            .cmp(&a.date.is_some())
            .then_with(|| b.date.cmp(&a.date))
            .then_with(|| a.title.cmp(&b.title))
            .then_with(|| a.rel.cmp(&b.rel))
    });
    check_slugs(&public)?;

    let site_json = serde_json::to_string(site).expect("settings serialize");
    let site_key = key(&[&theme.fingerprint, &site_json]);
    let run = Run {
        out: &out,
        old: &old,
        new: Mutex::new(BTreeMap::new()),
        written: AtomicUsize::new(0),
        unchanged: AtomicUsize::new(0),
    };

    // Post pages, in parallel.
    let total = read + public.len();
    public
        .par_iter()
        .enumerate()
        .try_for_each(|(i, entry)| -> Result<()> {
            if cancel.load(Ordering::Relaxed) {
                return Err(Error::Cancelled);
            }
            let newer = i.checked_sub(1).map(|j| public[j]);
            let older = public.get(i + 1).copied();
            let neighbour = |e: Option<&Entry>| {
                e.map(|e| format!("{}\n{}", e.slug, e.title))
                    .unwrap_or_default()
            };
            let page_key = key(&[&site_key, &entry.hash, &neighbour(newer), &neighbour(older)]);
            run.emit(&entry.page(), &page_key, || {
                let html = match sources.fresh.get(&entry.rel) {
                    Some(f) => f.article_html.clone(),
                    None => {
                        let text = folder.read(&entry.rel)?;
                        source::render(&entry.rel, &text, site)?.1
                    }
                };
                pages::post_page(&theme, site, entry, &html, newer, older)
            })?;
            progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
            Ok(())
        })?;

    // The files pages show, copied where they are in the content folder.
    let mut images: Vec<&str> = public
        .iter()
        .flat_map(|e| e.images.iter().map(String::as_str))
        .collect();
    images.sort_unstable();
    images.dedup();
    images.par_iter().try_for_each(|rel| -> Result<()> {
        let Ok(stat) = folder.stat(rel) else {
            // A missing image leaves a broken image on the page, as in the preview.
            return Ok(());
        };
        let k = key(&[&stat.size.to_string(), &stat.mtime.to_string()]);
        match run.emit(rel, &k, || Ok(folder.read_asset(rel)?.0)) {
            // An image outside the folder (a symlink out) or not an image: not published.
            Err(Error::Core(_)) => Ok(()),
            other => other,
        }
    })?;
    if cancel.load(Ordering::Relaxed) {
        return Err(Error::Cancelled);
    }

    // Lists: the paginated index and a page per tag, paginated alike (a change to one
    // post re-renders only the list pages it is on), rendered in parallel.
    let mut tags: BTreeMap<String, (String, Vec<&Entry>)> = BTreeMap::new();
    for e in &public {
        // A post listing one tag twice (or `Rust` and `rust`) is on its page once.
        let mut slugs: Vec<(String, &String)> = e.tags.iter().map(|t| (slugify(t), t)).collect();
        slugs.sort();
        slugs.dedup_by(|a, b| a.0 == b.0);
        for (slug, name) in slugs {
            tags.entry(slug)
                .or_insert_with(|| (name.clone(), Vec::new()))
                .1
                .push(e);
        }
    }
    let per_page = site.per_page.max(1) as usize;
    let mut lists: Vec<ListPage<'_>> = Vec::new();
    paginate(
        &mut lists,
        per_page,
        String::new(),
        site.title.clone(),
        Some(&site.description),
        &public,
    );
    for (slug, (name, posts)) in &tags {
        paginate(
            &mut lists,
            per_page,
            format!("tags/{slug}/"),
            format!("Posts tagged #{name}"),
            None,
            posts,
        );
    }
    lists.par_iter().try_for_each(|l| -> Result<()> {
        let path = list_path(&l.base, l.n + 1);
        let k = key(&[&site_key, &l.heading, &list_key(&l.posts), &l.pages.to_string()]);
        run.emit(&path, &k, || {
            let root = root_from(&path);
            let pagination = (l.pages > 1).then(|| {
                json!({
                    "current": l.n + 1,
                    "total": l.pages,
                    "newer_url": (l.n > 0).then(|| format!("{root}{}", encode_path(&list_path(&l.base, l.n)))),
                    "older_url": (l.n + 1 < l.pages).then(|| format!("{root}{}", encode_path(&list_path(&l.base, l.n + 2)))),
                })
            });
            let home = l.base.is_empty() && l.n == 0;
            let view = ListView {
                path: &path,
                heading: &l.heading,
                intro: l.intro,
                posts: &l.posts,
                pagination,
                home,
            };
            pages::list_page(&theme, site, view)
        })
    })?;
    let mut listed: Vec<(String, Option<String>)> = lists
        .iter()
        .map(|l| (list_path(&l.base, l.n + 1), None))
        .collect();
    for (slug, (name, posts)) in &tags {
        let path = format!("tags/{slug}/index.html");
        let k = key(&[&site_key, name, &list_key(posts)]);
        let feed = format!("tags/{slug}/atom.xml");
        run.emit(&feed, &k, || {
            let title = format!("{} · #{name}", site.title);
            let of = FeedOf {
                title: &title,
                path: &feed,
                page: &path,
            };
            Ok(feeds::atom(site, &of, posts).into_bytes())
        })?;
    }
    let tag_list: Vec<_> = tags
        .iter()
        .map(|(slug, (name, posts))| json!({"name": name, "url": format!("../tags/{}/index.html", encode_path(slug)), "count": posts.len()}))
        .collect();
    let tags_key = key(&[
        &site_key,
        &serde_json::to_string(&tag_list).unwrap_or_default(),
    ]);
    run.emit("tags/index.html", &tags_key, || {
        let page = pages::page_meta(site, "tags/index.html", "Tags", None, "website", None);
        pages::render(
            &theme,
            "tags.html",
            site,
            "tags/index.html",
            page,
            context! { heading => "Tags", tags => tag_list },
        )
    })?;

    // Feeds, sitemap, robots, the 404 page, the stylesheet and search.
    let newest: Vec<&Entry> = public.iter().take(feeds::FEED_POSTS).copied().collect();
    let feed_key = key(&[&site_json, &list_key(&newest)]);
    let home = FeedOf {
        title: &site.title,
        path: "atom.xml",
        page: "index.html",
    };
    run.emit("atom.xml", &feed_key, || {
        Ok(feeds::atom(site, &home, &newest).into_bytes())
    })?;
    let rss = FeedOf {
        path: "rss.xml",
        ..home
    };
    run.emit("rss.xml", &feed_key, || {
        Ok(feeds::rss(site, &rss, &newest).into_bytes())
    })?;
    let json_feed = FeedOf {
        path: "feed.json",
        ..home
    };
    run.emit("feed.json", &feed_key, || {
        Ok(feeds::json_feed(site, &json_feed, &newest).into_bytes())
    })?;

    listed.extend(public.iter().map(|e| (e.page(), e.date.clone())));
    listed.push(("tags/index.html".into(), None));
    listed.push(("search/index.html".into(), None));
    let sitemap_key = key(&[
        &site_json,
        &serde_json::to_string(&listed).unwrap_or_default(),
    ]);
    run.emit("sitemap.xml", &sitemap_key, || {
        Ok(feeds::sitemap(site, &listed).into_bytes())
    })?;
    run.emit("robots.txt", &key(&[&site_json]), || {
        Ok(feeds::robots(site).into_bytes())
    })?;
    run.emit("404.html", &site_key, || {
        let page = pages::page_meta(site, "404.html", "Page not found", None, "website", None);
        // Served for a missing page at any depth: links must not be relative to it.
        let root = if site.base_url.is_empty() {
            String::new()
        } else {
            site.base_url.clone()
        };
        theme
            .render(
                "404.html",
                context! { site, page, root, standalone => false },
            )
            .map(String::into_bytes)
    })?;
    run.emit("style.css", &key(&[&theme.css]), || {
        Ok(theme.css.clone().into_bytes())
    })?;
    run.emit("search/search.js", &key(&[SEARCH_JS]), || {
        Ok(SEARCH_JS.as_bytes().to_vec())
    })?;
    run.emit("search/index.html", &site_key, || {
        let page = pages::page_meta(site, "search/index.html", "Search", None, "website", None);
        pages::render(
            &theme,
            "search.html",
            site,
            "search/index.html",
            page,
            context! {},
        )
    })?;
    write_search(&run, folder, &public)?;

    if cancel.load(Ordering::Relaxed) {
        return Err(Error::Cancelled);
    }
    let new = run.new.into_inner().expect("no export thread panicked");
    let mut removed = 0;
    for path in old.outputs.keys() {
        if !new.contains_key(path) {
            out.remove(path)?;
            removed += 1;
        }
    }
    let summary = Summary {
        posts: public.len(),
        files: new.len(),
        written: run.written.load(Ordering::Relaxed),
        unchanged: run.unchanged.load(Ordering::Relaxed),
        removed,
        skipped: sources.skipped,
        millis: 0,
        out: out.root().display().to_string(),
    };
    Manifest::new(
        sources
            .entries
            .into_iter()
            .map(|e| (e.rel.clone(), e))
            .collect(),
        new,
    )
    .save(&out)?;
    Ok(Summary {
        millis: started.elapsed().as_millis() as u64,
        ..summary
    })
}

/// One export's bookkeeping: what was written, with which keys.
struct Run<'a> {
    out: &'a Output,
    old: &'a Manifest,
    new: Mutex<BTreeMap<String, String>>,
    written: AtomicUsize,
    unchanged: AtomicUsize,
}

impl Run<'_> {
    /// Records the output `path` made from inputs with key `k`, making and writing it only
    /// if the last export's key differs or the file is gone.
    fn emit(&self, path: &str, k: &str, make: impl FnOnce() -> Result<Vec<u8>>) -> Result<()> {
        let same = self.old.outputs.get(path).is_some_and(|old| old == k)
            && self.out.path(path)?.is_file();
        let wrote = if same {
            false
        } else {
            self.out.write(path, &make()?)?
        };
        let counter = if wrote {
            &self.written
        } else {
            &self.unchanged
        };
        counter.fetch_add(1, Ordering::Relaxed);
        self.record(path, k);
        Ok(())
    }

    /// Records an output known to be current, without counting it.
    fn record(&self, path: &str, k: &str) {
        self.new
            .lock()
            .expect("no export thread panicked")
            .insert(path.to_string(), k.to_string());
    }

    /// Records an output that is current as it is (counted as unchanged).
    fn keep(&self, path: &str, k: &str) {
        self.unchanged.fetch_add(1, Ordering::Relaxed);
        self.record(path, k);
    }
}

/// The output path of page `n` (from 1) of the list at `base` (`""` for the home page,
/// `tags/rust/` for a tag).
fn list_path(base: &str, n: usize) -> String {
    if n == 1 {
        format!("{base}index.html")
    } else {
        format!("{base}page/{n}/index.html")
    }
}

/// What a list shows of its posts, as a key: their text and place, not file times, so a
/// file touched but unchanged changes nothing.
fn list_key(posts: &[&Entry]) -> String {
    let mut k = Key::default();
    for e in posts {
        k.add(&e.rel).add(&e.hash).add(&e.slug).add(&e.status);
    }
    k.finish()
}

fn check_slugs(public: &[&Entry]) -> Result<()> {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for e in public {
        if RESERVED.contains(&e.slug.as_str()) {
            return Err(Error::ReservedSlug {
                slug: e.slug.clone(),
                file: e.rel.clone(),
            });
        }
        if let Some(first) = seen.insert(&e.slug, &e.rel) {
            let (first, second) = if first < e.rel.as_str() {
                (first, e.rel.as_str())
            } else {
                (e.rel.as_str(), first)
            };
            return Err(Error::DuplicateSlug {
                slug: e.slug.clone(),
                first: first.to_string(),
                second: second.to_string(),
            });
        }
    }
    Ok(())
}

/// The search index over the public posts, in blocks: a block is rebuilt only when one
/// of its posts changed, so an edit costs one block, not the blog.
fn write_search(run: &Run<'_>, folder: &ContentFolder, public: &[&Entry]) -> Result<()> {
    let blocks = search::block_count(public.len());
    run.emit("search/meta.js", &blocks.to_string(), || {
        Ok(search::meta_file(blocks).into_bytes())
    })?;
    let mut members: Vec<Vec<&Entry>> = vec![Vec::new(); blocks as usize];
    for e in public {
        members[search::block_of(&e.rel, blocks) as usize].push(e);
    }
    members
        .par_iter_mut()
        .enumerate()
        .try_for_each(|(b, posts)| -> Result<()> {
            posts.sort_by(|x, y| x.rel.cmp(&y.rel));
            let b = b as u32;
            let k = key(&[&blocks.to_string(), &list_key(posts)]);
            let files: Vec<String> = std::iter::once(format!("search/b{b}-posts.js"))
                .chain((0..search::SHARDS).map(|n| format!("search/b{b}-shard-{n}.js")))
                .collect();
            let current = files.iter().all(|f| {
                run.old.outputs.get(f).is_some_and(|old| *old == k)
                    && run.out.path(f).is_ok_and(|p| p.is_file())
            });
            if current {
                for f in &files {
                    run.keep(f, &k);
                }
                return Ok(());
            }
            let tokens: Vec<_> = posts
                .iter()
                .map(|e| {
                    let text = folder.read(&e.rel).unwrap_or_default();
                    let body = frontmatter::split(&text).map(|s| s.body).unwrap_or(&text);
                    (*e, search::post_tokens(e, body))
                })
                .collect();
            for (name, body) in search::block_files(b, &tokens) {
                // Each file is written only if its bytes changed.
                let path = format!("search/{name}");
                run.record(&path, &k);
                if run.out.write(&path, body.as_bytes())? {
                    run.written.fetch_add(1, Ordering::Relaxed);
                } else {
                    run.unchanged.fetch_add(1, Ordering::Relaxed);
                }
            }
            Ok(())
        })
}
