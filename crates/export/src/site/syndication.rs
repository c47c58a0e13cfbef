//! What other sites and readers' programs read of the blog: each tag's feed and the blog's
//! Atom, RSS and JSON feeds, the sitemap and robots.txt, and a page at each address a post
//! was once at.

use crate::feeds::{self, FeedOf};
use crate::lists::list_key;
use crate::manifest::key;
use crate::pages;
use crate::source::Entry;
use crate::Result;

use super::Build;

impl Build<'_> {
    /// Each tag's feed, the blog's feeds, the sitemap and robots.txt.
    pub(super) fn feeds(&self) -> Result<()> {
        self.tag_feeds()?;
        self.blog_feeds()?;
        self.sitemap()?;
        let site = self.export.site;
        self.run
            .emit("robots.txt", &key(&[&self.inputs.site_json]), || {
                Ok(feeds::robots(site).into_bytes())
            })
    }

    fn tag_feeds(&self) -> Result<()> {
        let site = self.export.site;
        for (slug, (name, posts)) in &self.tags {
            let path = format!("tags/{slug}/index.html");
            let k = key(&[&self.inputs.site_key, name, &list_key(posts)]);
            let feed = format!("tags/{slug}/atom.xml");
            self.run.emit(&feed, &k, || {
                let title = format!("{} · #{name}", site.title);
                let of = FeedOf {
                    title: &title,
                    path: &feed,
                    page: &path,
                };
                Ok(feeds::atom(site, &of, posts).into_bytes())
            })?;
        }
        Ok(())
    }

    /// The Atom, RSS and JSON feeds of the newest posts.
    fn blog_feeds(&self) -> Result<()> {
        let site = self.export.site;
        let newest: Vec<&Entry> = self
            .public
            .iter()
            .take(feeds::FEED_POSTS)
            .copied()
            .collect();
        let feed_key = key(&[&self.inputs.site_json, &list_key(&newest)]);
        let home = FeedOf {
            title: &site.title,
            path: "atom.xml",
            page: "index.html",
        };
        self.run.emit("atom.xml", &feed_key, || {
            Ok(feeds::atom(site, &home, &newest).into_bytes())
        })?;
        let rss = FeedOf {
            path: "rss.xml",
            ..home
        };
        self.run.emit("rss.xml", &feed_key, || {
            Ok(feeds::rss(site, &rss, &newest).into_bytes())
        })?;
        let json_feed = FeedOf {
            path: "feed.json",
            ..home
        };
        self.run.emit("feed.json", &feed_key, || {
            Ok(feeds::json_feed(site, &json_feed, &newest).into_bytes())
        })
    }

    /// Every page but the 404, with its post's date.
    fn sitemap(&self) -> Result<()> {
        let mut listed: Vec<(String, Option<String>)> = self
            .listed
            .iter()
            .map(|path| (path.clone(), None))
            .collect();
        listed.extend(self.public.iter().map(|e| (e.page(), e.date.clone())));
        listed.push(("tags/index.html".into(), None));
        listed.push(("search/index.html".into(), None));
        let sitemap_key = key(&[
            &self.inputs.site_json,
            &serde_json::to_string(&listed).unwrap_or_default(),
        ]);
        self.run.emit("sitemap.xml", &sitemap_key, || {
            Ok(feeds::sitemap(self.export.site, &listed).into_bytes())
        })
    }

    /// A page at each address a post was once at (its `aliases`), sending readers on to
    /// it, as Hugo writes them: old links to an imported blog keep working. An alias that
    /// is one of the site's own pages, or leaves the site, is left out.
    pub(super) fn aliases(&self) -> Result<()> {
        for entry in &self.public {
            for alias in &entry.aliases {
                let Some(path) = alias_page(alias) else {
                    continue;
                };
                // Not over a page of the site's, nor under one of its files (`style.css/`).
                let taken = self.run.made(&path)
                    || path
                        .match_indices('/')
                        .any(|(at, _)| self.run.made(&path[..at]));
                if taken {
                    continue;
                }
                let depth = path.matches('/').count();
                let target = format!(
                    "{}{}",
                    "../".repeat(depth),
                    entry.page().trim_end_matches("index.html")
                );
                let html = pages::redirect(self.export.site, &entry.title, &target);
                // An alias the output folder refuses costs its page, not the export.
                let made = self
                    .run
                    .emit(&path, &key(&[&html]), || Ok(html.clone().into_bytes()));
                if let Err(e) = made {
                    tracing::warn!(alias = %alias, error = %e, "an alias's page is left out");
                }
            }
        }
        Ok(())
    }
}

/// The page an alias (`/2019/03/old-slug/`, `old.html`) is written at, inside the output
/// folder; none for one that would leave it or names no page.
fn alias_page(alias: &str) -> Option<String> {
    let alias = alias.trim();
    if alias.contains("://") || alias.starts_with("//") || alias.contains(['?', '#', '\\']) {
        return None;
    }
    let parts: Vec<&str> = alias.split('/').filter(|p| !p.is_empty()).collect();
    if parts.is_empty() || parts.iter().any(|p| *p == ".." || *p == ".") {
        return None;
    }
    let path = parts.join("/");
    Some(if path.ends_with(".html") {
        path.to_string()
    } else {
        format!("{}/index.html", path.trim_end_matches('/'))
    })
}
