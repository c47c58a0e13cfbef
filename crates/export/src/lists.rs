//! The site's lists of posts: the paginated home page and a paginated page per tag. A
//! list is cut into pages here, so a change to one post re-renders only the pages it is
//! on.

use std::collections::BTreeMap;

use quire_core::article::Site;
use quire_core::slug::slugify;

use crate::manifest::Key;
use crate::source::Entry;

/// A tag's name as first written and its posts, newest first.
pub type Tag<'a> = (String, Vec<&'a Entry>);

/// One page of a list of posts (the home page's or a tag's).
pub struct ListPage<'a> {
    /// Where the list's first page is: `""` or `tags/<slug>/`.
    pub base: String,
    /// The list's heading.
    pub heading: String,
    /// The words under the heading: the site's description on the home page.
    pub intro: Option<&'a str>,
    /// The posts on this page.
    pub posts: Vec<&'a Entry>,
    /// This page's number, from 0.
    pub n: usize,
    /// Pages in the list.
    pub pages: usize,
}

impl ListPage<'_> {
    /// This page's output path.
    pub fn path(&self) -> String {
        list_path(&self.base, self.n + 1)
    }
}

/// The tags of `public` (in order) by slug. A post listing one tag twice (or `Rust` and
/// `rust`) is on its page once.
pub fn tags<'a>(public: &[&'a Entry]) -> BTreeMap<String, Tag<'a>> {
    let mut tags: BTreeMap<String, Tag<'a>> = BTreeMap::new();
    for e in public {
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
    tags
}

/// Every list page of the site: the home page's, then each tag's, `site.per_page` posts a
/// page.
pub fn list_pages<'a>(
    site: &'a Site,
    public: &[&'a Entry],
    tags: &BTreeMap<String, Tag<'a>>,
) -> Vec<ListPage<'a>> {
    let per_page = site.per_page.max(1) as usize;
    let mut lists = Vec::new();
    paginate(
        &mut lists,
        per_page,
        String::new(),
        site.title.clone(),
        Some(&site.description),
        public,
    );
    for (slug, (name, posts)) in tags {
        paginate(
            &mut lists,
            per_page,
            format!("tags/{slug}/"),
            format!("Posts tagged #{name}"),
            None,
            posts,
        );
    }
    lists
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

/// The output path of page `n` (from 1) of the list at `base` (`""` for the home page,
/// `tags/rust/` for a tag).
pub fn list_path(base: &str, n: usize) -> String {
    if n == 1 {
        format!("{base}index.html")
    } else {
        format!("{base}page/{n}/index.html")
    }
}

/// What a list shows of its posts, as a key: their text and place, not file times, so a
/// file touched but unchanged changes nothing.
pub fn list_key(posts: &[&Entry]) -> String {
    let mut k = Key::default();
    for e in posts {
        k.add(&e.rel).add(&e.hash).add(&e.slug).add(&e.status);
    }
    k.finish()
}
