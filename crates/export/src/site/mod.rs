//! Exporting the whole blog: a page per public post, the paginated index, a page per tag,
//! feeds, sitemap, search, and the files the pages show. Incremental: each output file is
//! recorded with a key of everything it is made from, and is made again only when that
//! key changes; files of posts that are gone are removed, and nothing else in the folder
//! is touched.
//!
//! [`export_site`] runs in named steps, each reading what the ones before it left: read,
//! order, posts, images, lists, feeds, static files, search, prune. The feeds, the
//! sitemap and the aliases' pages are `syndication.rs`.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Instant;

use minijinja::context;
use quire_core::article::Site;
use quire_core::folder::ContentFolder;
use quire_core::frontmatter;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;
use ts_rs::TS;

use crate::lists::{self, list_key, ListPage, Tag};
use crate::manifest::{key, Changes, Manifest, Run};
use crate::output::Output;
use crate::pages::{self, ListView};
use crate::search;
use crate::source::{self, Entry, Sources};
use crate::theme::{Theme, SEARCH_JS};
use crate::urls::{encode_path, root_from};
use crate::{Error, Result};

mod syndication;

/// Slugs the site's own pages use: a post cannot take them.
const RESERVED: &[&str] = &["tags", "page", "search"];

/// How to export.
#[derive(Debug, Clone)]
pub struct Options {
    /// Export drafts and posts dated in the future too.
    pub drafts: bool,
    /// Today, `YYYY-MM-DD`: posts dated later are not published yet.
    pub today: String,
    /// Where the export keeps its manifest (what it wrote, and from what) between runs:
    /// the library's records folder (`quire_core::locations::export_records`), never the
    /// output, which is published whole and must hold nothing but the site.
    pub records: PathBuf,
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
    /// Posts read and rendered because they are new or their text changed; the others
    /// came from the last export's record.
    pub rendered: usize,
    /// Posts left out because they could not be read, with the reason.
    pub skipped: Vec<(String, String)>,
    /// How long it took, in milliseconds.
    pub millis: u64,
    /// The output folder.
    pub out: String,
    /// The published posts, by path in the content folder: what a publish records as
    /// sent. Not for the ui, which shows the count.
    #[serde(skip)]
    #[ts(skip)]
    pub published: Vec<String>,
    /// Every file of the site, by path in the output folder: what a publish sends.
    /// Other files in the folder are not the export's.
    #[serde(skip)]
    #[ts(skip)]
    pub outputs: Vec<String>,
    /// The files this export wrote or removed, by path in the output folder: all that
    /// differs from the folder as the last export left it.
    #[serde(skip)]
    #[ts(skip)]
    pub changed: Vec<String>,
}

/// Progress through the pages to render: `(done, total)`.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

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
    let export = Export {
        folder,
        site,
        options,
        cancel,
        progress,
        done: AtomicUsize::new(0),
    };
    let inputs = export.read(out_dir)?;
    let mut build = Build::order(&export, &inputs)?;
    build.posts()?;
    build.images()?;
    build.lists()?;
    build.feeds()?;
    build.static_files()?;
    build.aliases()?;
    build.search()?;
    let built = build.finish()?;
    let summary = prune(inputs, built, &options.records)?;
    Ok(Summary {
        millis: started.elapsed().as_millis() as u64,
        ..summary
    })
}

/// What the caller asked for, which every step reads.
struct Export<'a> {
    folder: &'a ContentFolder,
    site: &'a Site,
    options: &'a Options,
    cancel: &'a AtomicBool,
    progress: Progress<'a>,
    /// Progress so far, over both passes: reading every post, then writing the pages of
    /// the public ones.
    done: AtomicUsize,
}

impl Export<'_> {
    /// Opens the output folder and the theme, and reads every post; a post whose file is
    /// unchanged since the last export is taken from that export's manifest instead.
    fn read(&self, out_dir: &Path) -> Result<Inputs> {
        let out = Output::create(out_dir, self.folder.root())?;
        let theme = Theme::load(self.folder, &self.site.theme)?;
        let mut old = Manifest::load(&self.options.records, &out)?;
        let markup = self.site.markup.fingerprint();
        if old.markup != markup {
            // What a post's entry says (its summary, words, images) depends on its markup.
            old.sources.clear();
        }
        // Until every post is read, the second pass's length (the public posts) is not
        // known: it is taken to be as long as the first.
        let known = std::mem::take(&mut old.sources);
        let sources = source::read_all(self.folder, self.site, known, &|total| {
            self.tick(2 * total);
            !self.cancel.load(Ordering::Relaxed)
        })?;
        let site_json = serde_json::to_string(self.site).expect("settings serialize");
        let site_key = key(&[&theme.fingerprint, &site_json, &markup]);
        Ok(Inputs {
            read: self.done.load(Ordering::Relaxed),
            out,
            theme,
            old,
            sources,
            site_json,
            site_key,
            markup,
        })
    }

    /// One step of progress out of `total`.
    fn tick(&self, total: usize) {
        (self.progress)(self.done.fetch_add(1, Ordering::Relaxed) + 1, total);
    }

    fn check_cancel(&self) -> Result<()> {
        if self.cancel.load(Ordering::Relaxed) {
            return Err(Error::Cancelled);
        }
        Ok(())
    }
}

/// What the read step found, which the later steps make the site from.
struct Inputs {
    out: Output,
    theme: Theme,
    /// The last export's manifest.
    old: Manifest,
    sources: Sources,
    /// Posts read: the first pass of progress.
    read: usize,
    /// The settings, as every feed's key covers them.
    site_json: String,
    /// What every page is made from besides its posts: the theme and the settings.
    site_key: String,
    /// The fingerprint of the posts' markup, which the manifest keeps.
    markup: String,
}

/// The site while its steps make it: the public posts in order, and what was written.
struct Build<'a> {
    export: &'a Export<'a>,
    inputs: &'a Inputs,
    /// The posts readers see, newest first.
    public: Vec<&'a Entry>,
    /// Their tags, by slug.
    tags: BTreeMap<String, Tag<'a>>,
    /// The list pages' paths, for the sitemap.
    listed: Vec<String>,
    run: Run<'a>,
}

/// What a finished build wrote, for the prune step.
struct Built {
    /// Posts published, by path in the content folder.
    published: Vec<String>,
    /// Every output of this export, with its key.
    outputs: BTreeMap<String, String>,
    /// The files it wrote.
    changed: Vec<String>,
    written: usize,
    unchanged: usize,
}

impl<'a> Build<'a> {
    /// The posts readers see, in the order every list and feed shows them, with their
    /// tags. Two posts at one address, or one at an address of the site's own pages, fail
    /// the export here, before anything is written.
    fn order(export: &'a Export<'a>, inputs: &'a Inputs) -> Result<Build<'a>> {
        let options = export.options;
        let mut public: Vec<&Entry> = inputs
            .sources
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
        Ok(Build {
            export,
            inputs,
            tags: lists::tags(&public),
            public,
            listed: Vec::new(),
            run: Run::new(&inputs.out, &inputs.old),
        })
    }

    /// A page per public post, in parallel. A page links its neighbours by title, so its
    /// key covers theirs.
    fn posts(&self) -> Result<()> {
        let public = &self.public;
        let total = self.inputs.read + public.len();
        public
            .par_iter()
            .enumerate()
            .try_for_each(|(i, entry)| -> Result<()> {
                self.export.check_cancel()?;
                let newer = i.checked_sub(1).map(|j| public[j]);
                let older = public.get(i + 1).copied();
                let neighbour = |e: Option<&Entry>| {
                    e.map(|e| format!("{}\n{}", e.slug, e.title))
                        .unwrap_or_default()
                };
                let page_key = key(&[
                    &self.inputs.site_key,
                    &entry.hash,
                    &neighbour(newer),
                    &neighbour(older),
                ]);
                self.run.emit(&entry.page(), &page_key, || {
                    let html = self.article(entry)?;
                    let theme = &self.inputs.theme;
                    pages::post_page(theme, self.export.site, entry, &html, newer, older)
                })?;
                self.export.tick(total);
                Ok(())
            })
    }

    /// A post's article: as rendered when it was read, or, if its file was unchanged and
    /// so not read, rendered now.
    fn article(&self, entry: &Entry) -> Result<String> {
        if let Some(fresh) = self.inputs.sources.fresh.get(&entry.rel) {
            return Ok(fresh.article_html.clone());
        }
        let text = self.export.folder.read(&entry.rel)?;
        Ok(source::render(&entry.rel, &text, self.export.site)?.1)
    }

    /// The files the pages show, copied where they are in the content folder.
    fn images(&self) -> Result<()> {
        let folder = self.export.folder;
        let mut images: Vec<&str> = self
            .public
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
            match self.run.emit(rel, &k, || Ok(folder.read_asset(rel)?.0)) {
                // An image outside the folder (a symlink out) or not an image: not published.
                Err(Error::Core(_)) => Ok(()),
                other => other,
            }
        })?;
        self.export.check_cancel()
    }

    /// The paginated home page and a page per tag paginated alike, in parallel, then the
    /// page of all tags.
    fn lists(&mut self) -> Result<()> {
        let lists = lists::list_pages(self.export.site, &self.public, &self.tags);
        lists.par_iter().try_for_each(|l| self.list_page(l))?;
        self.listed = lists.iter().map(ListPage::path).collect();
        self.tag_index()
    }

    fn list_page(&self, l: &ListPage<'_>) -> Result<()> {
        let path = l.path();
        let k = key(&[
            &self.inputs.site_key,
            &l.heading,
            &list_key(&l.posts),
            &l.pages.to_string(),
        ]);
        self.run.emit(&path, &k, || {
            let root = root_from(&path);
            let page_url = |n| format!("{root}{}", encode_path(&lists::list_path(&l.base, n)));
            let pagination = (l.pages > 1).then(|| {
                json!({
                    "current": l.n + 1,
                    "total": l.pages,
                    "newer_url": (l.n > 0).then(|| page_url(l.n)),
                    "older_url": (l.n + 1 < l.pages).then(|| page_url(l.n + 2)),
                })
            });
            let view = ListView {
                path: &path,
                heading: &l.heading,
                intro: l.intro,
                posts: &l.posts,
                pagination,
                home: l.base.is_empty() && l.n == 0,
            };
            pages::list_page(&self.inputs.theme, self.export.site, view)
        })
    }

    /// The page of every tag, with how many posts each has.
    fn tag_index(&self) -> Result<()> {
        let site = self.export.site;
        let tag_list: Vec<_> = self
            .tags
            .iter()
            .map(|(slug, (name, posts))| json!({"name": name, "url": format!("../tags/{}/index.html", encode_path(slug)), "count": posts.len()}))
            .collect();
        let tags_key = key(&[
            &self.inputs.site_key,
            &serde_json::to_string(&tag_list).unwrap_or_default(),
        ]);
        self.run.emit("tags/index.html", &tags_key, || {
            let page = pages::page_meta(site, "tags/index.html", "Tags", None, "website", None);
            pages::render(
                &self.inputs.theme,
                "tags.html",
                site,
                "tags/index.html",
                page,
                context! { heading => "Tags", tags => tag_list },
            )
        })
    }

    /// The files every site has whatever its posts: the 404 page, the stylesheet, and
    /// search's page and script.
    fn static_files(&self) -> Result<()> {
        let site = self.export.site;
        let theme = &self.inputs.theme;
        let site_key = &self.inputs.site_key;
        self.run.emit("404.html", site_key, || {
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
        self.run.emit("style.css", &key(&[&theme.css]), || {
            Ok(theme.css.clone().into_bytes())
        })?;
        self.run.emit("search/search.js", &key(&[SEARCH_JS]), || {
            Ok(SEARCH_JS.as_bytes().to_vec())
        })?;
        self.run.emit("search/index.html", site_key, || {
            let page = pages::page_meta(site, "search/index.html", "Search", None, "website", None);
            pages::render(
                theme,
                "search.html",
                site,
                "search/index.html",
                page,
                context! {},
            )
        })
    }

    /// The search index over the public posts, in blocks: a block is rebuilt only when one
    /// of its posts changed, so an edit costs one block, not the blog.
    fn search(&self) -> Result<()> {
        let blocks = search::block_count(self.public.len());
        self.run.emit("search/meta.js", &blocks.to_string(), || {
            Ok(search::meta_file(blocks).into_bytes())
        })?;
        let mut members: Vec<Vec<&Entry>> = vec![Vec::new(); blocks as usize];
        for e in &self.public {
            members[search::block_of(&e.rel, blocks) as usize].push(e);
        }
        members
            .par_iter_mut()
            .enumerate()
            .try_for_each(|(b, posts)| {
                posts.sort_by(|x, y| x.rel.cmp(&y.rel));
                self.search_block(b as u32, blocks, posts)
            })
    }

    /// Block `b` of `blocks` of the search index, holding `posts`.
    fn search_block(&self, b: u32, blocks: u32, posts: &[&Entry]) -> Result<()> {
        let run = &self.run;
        let k = key(&[&blocks.to_string(), &list_key(posts)]);
        let files: Vec<String> = std::iter::once(format!("search/b{b}-posts.js"))
            .chain((0..search::SHARDS).map(|n| format!("search/b{b}-shard-{n}.js")))
            .collect();
        if run.current(&files, &k) {
            for f in &files {
                run.keep(f, &k);
            }
            return Ok(());
        }
        let cache_path = Manifest::record(
            &self.export.options.records,
            &self.inputs.out,
            &format!("search-{b}-of-{blocks}"),
        );
        let mut cache = search::TokenCache::load(&cache_path);
        let cached: Vec<_> = posts.iter().map(|e| cache.take(e)).collect();
        let tokens: Vec<_> = posts
            .par_iter()
            .zip(cached)
            .map(|(e, cached)| {
                let tokens = cached.unwrap_or_else(|| {
                    let text = self.export.folder.read(&e.rel).unwrap_or_default();
                    let body = frontmatter::split(&text).map(|s| s.body).unwrap_or(&text);
                    search::post_tokens(e, body)
                });
                (*e, tokens)
            })
            .collect();
        for (name, body) in search::block_files(b, &tokens) {
            run.write(&format!("search/{name}"), &k, body.as_bytes())?;
        }
        search::TokenCache::save(&cache_path, &tokens);
        Ok(())
    }

    /// Ends the build, unless it was cancelled: nothing is removed or recorded then, so
    /// the next export starts from the last finished one.
    fn finish(self) -> Result<Built> {
        self.export.check_cancel()?;
        let (outputs, changed, written, unchanged) = self.run.finish();
        Ok(Built {
            published: self.public.iter().map(|e| e.rel.clone()).collect(),
            outputs,
            changed,
            written,
            unchanged,
        })
    }
}

/// Removes what the last export wrote and this one did not (pages of deleted or
/// unpublished posts), then records this export in the manifest, last, so an interrupted
/// export is redone from the old one.
fn prune(inputs: Inputs, built: Built, records: &Path) -> Result<Summary> {
    let Inputs {
        out,
        old,
        sources,
        markup,
        ..
    } = inputs;
    let mut removed = 0;
    let mut changed = built.changed;
    for path in old.outputs.keys() {
        if !built.outputs.contains_key(path) {
            out.remove(path)?;
            changed.push(path.clone());
            removed += 1;
        }
    }
    let summary = Summary {
        posts: built.published.len(),
        files: built.outputs.len(),
        written: built.written,
        unchanged: built.unchanged,
        removed,
        rendered: sources.fresh.len(),
        skipped: sources.skipped,
        millis: 0,
        out: out.root().display().to_string(),
        published: built.published,
        outputs: built.outputs.keys().cloned().collect(),
        changed,
    };
    let changes = Changes {
        sources: &sources.changed,
        gone: &sources.gone,
    };
    let entries = sources.entries.into_iter().map(|e| (e.rel.clone(), e));
    let manifest = Manifest::new(entries.collect(), built.outputs, markup);
    let saved = manifest.save(records, &out, &old, changes);
    crate::manifest::drop_aside(old);
    saved?;
    Ok(summary)
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
