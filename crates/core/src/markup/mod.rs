//! The markup of the static site generators a content folder may belong to: Hugo's
//! shortcodes, Jekyll's Liquid tags and Zola's shortcodes, rendered in the preview and
//! the export as those sites show them, so that a post of a Hugo or Jekyll blog does not
//! show raw braces. Nothing in the file changes: all of this is rendering.
//!
//! Which generator's markup a folder uses is its [`Dialect`], told from the site's
//! configuration or from the posts themselves ([`Markup::of_folder`]). A plain Quire
//! folder has none, and renders exactly as it did before.

mod builtin;
mod call;
mod calls;
mod detect;
mod expand;
mod hugo;
mod liquid;
mod placeholder;
mod zola;

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use detect::{configured, of_folder, of_text};
pub use expand::{expand, Page};
pub use placeholder::{without_marks, Expanded};

/// The generator whose markup a content folder's posts are written in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    /// Plain Markdown: braces are text.
    #[default]
    Quire,
    /// `{{< shortcode >}}` and `{{% shortcode %}}`.
    Hugo,
    /// Liquid: `{% tag %}` and `{{ variable }}`; dates and slugs in `_posts/` file names.
    Jekyll,
    /// `{{ shortcode(args) }}` and `{% shortcode(args) %}…{% end %}`; `@/` links.
    Zola,
}

impl Dialect {
    /// The name the `dialect` setting uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::Quire => "quire",
            Dialect::Hugo => "hugo",
            Dialect::Jekyll => "jekyll",
            Dialect::Zola => "zola",
        }
    }

    /// The dialect a `dialect` setting names; `None` for `auto` (or anything else).
    pub fn parse(s: &str) -> Option<Dialect> {
        match s.trim().to_ascii_lowercase().as_str() {
            "quire" | "plain" => Some(Dialect::Quire),
            "hugo" => Some(Dialect::Hugo),
            "jekyll" => Some(Dialect::Jekyll),
            "zola" => Some(Dialect::Zola),
            _ => None,
        }
    }
}

/// What a folder's markup is rendered against: its dialect, the site's own variables
/// (Jekyll's `_config.yml`, Hugo's `[params]`) and its posts, which links name.
#[derive(Debug, Clone, Default)]
pub struct Markup {
    /// The dialect in use.
    pub dialect: Dialect,
    /// The site's variables by name (`baseurl`, `url`, `title`, a Hugo `param`).
    pub vars: BTreeMap<String, String>,
    /// Jekyll's `excerpt_separator`, when the site sets one: the summary ends there.
    pub excerpt_separator: Option<String>,
    /// The posts links may name.
    pub posts: Posts,
}

impl Markup {
    /// A short fingerprint of what rendering depends on: an export renders its posts
    /// again when it changes.
    pub fn fingerprint(&self) -> String {
        let mut s = format!("{}|", self.dialect.as_str());
        for (k, v) in &self.vars {
            s.push_str(k);
            s.push('=');
            s.push_str(v);
            s.push('|');
        }
        s.push_str(self.excerpt_separator.as_deref().unwrap_or(""));
        s.push('|');
        s.push_str(&self.posts.names);
        crate::folder::content_hash(&s)
    }
}

/// The posts of a folder, found by the names links give them: the path in the folder
/// (`posts/first.md`), without its extension, the file name, its stem, and a Jekyll
/// post's name without its date.
#[derive(Debug, Clone, Default)]
pub struct Posts {
    /// Name → the post's path in the folder.
    by_name: HashMap<String, String>,
    /// Path → the slug its front matter gives it (see [`Posts::set_slugs`]).
    slugs: HashMap<String, String>,
    count: usize,
    /// A hash of every path: a post added, moved or gone changes the links to it.
    names: String,
}

impl Posts {
    /// The posts at these paths in the content folder.
    pub fn new<'a>(paths: impl IntoIterator<Item = &'a str>) -> Posts {
        let mut by_name = HashMap::new();
        let mut count = 0;
        let mut all = String::new();
        for rel in paths {
            count += 1;
            all.push_str(rel);
            all.push('\n');
            let stem_path = rel.rsplit_once('.').map_or(rel, |(s, _)| s);
            let name = rel.rsplit('/').next().unwrap_or(rel);
            let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
            // Hugo's `posts/my-post/index.md` is named `posts/my-post` too.
            let bundle = stem_path
                .strip_suffix("/index")
                .or_else(|| stem_path.strip_suffix("/_index"));
            let mut names = vec![rel, stem_path, name, stem];
            if let Some(b) = bundle {
                names.push(b);
                names.push(b.rsplit('/').next().unwrap_or(b));
            }
            for n in names {
                // The fullest name wins: a path given whole is never another post's.
                by_name
                    .entry(n.to_string())
                    .or_insert_with(|| rel.to_string());
            }
        }
        Posts {
            by_name,
            slugs: HashMap::new(),
            count,
            names: crate::folder::content_hash(&all),
        }
    }

    /// The slugs posts' front matter gives them, `(path, slug)`: a link to such a post
    /// goes where it is published. They count in the fingerprint: a slug changed moves
    /// the links to it.
    pub fn set_slugs(&mut self, slugs: impl IntoIterator<Item = (String, String)>) {
        self.slugs = slugs.into_iter().collect();
        let mut all: Vec<_> = self.slugs.iter().collect();
        all.sort();
        let mut text = self.names.clone();
        for (path, slug) in all {
            text.push('\n');
            text.push_str(path);
            text.push('=');
            text.push_str(slug);
        }
        self.names = crate::folder::content_hash(&text);
    }

    /// Where the post at `rel` is published, below the site's root: its front matter's
    /// slug if it gives one, else its file name's.
    pub fn address(&self, rel: &str) -> String {
        match self.slugs.get(rel) {
            Some(slug) => crate::slug::slugify(slug),
            None => calls::post_slug(rel),
        }
    }

    /// The path of the post `name` names: a path from the content folder's root (with or
    /// without a leading `/`, an extension, a `content/` prefix) or a file name.
    pub fn find(&self, name: &str) -> Option<&str> {
        let name = name.trim().trim_start_matches('/');
        let name = name.split('#').next().unwrap_or(name);
        let name = name.strip_prefix("content/").unwrap_or(name);
        let name = name.strip_prefix("_posts/").unwrap_or(name);
        if let Some(p) = self.by_name.get(name) {
            return Some(p);
        }
        let trimmed = name.trim_end_matches('/');
        self.by_name
            .get(trimmed)
            .or_else(|| self.by_name.get(trimmed.rsplit('/').next()?))
            .map(String::as_str)
    }

    /// How many posts there are.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }
}

/// Whether `rel` is in a Jekyll site's `_posts/` or `_drafts/`, where a file's name and
/// folder say its date, slug and status (see [`crate::frontmatter::Meta::place`]) even
/// in a folder whose configuration says nothing.
pub fn jekyll_path(rel: &str) -> bool {
    rel.split('/')
        .rev()
        .skip(1)
        .any(|part| part == "_posts" || part == "_drafts")
}

/// The Markdown a reader reads of a post's `body`, for the word count the list shows:
/// its markup expanded in `dialect` (or, for a folder whose configuration names none, in
/// the dialect of the post's own signs), as the article counts it.
pub fn countable(body: &str, dialect: Option<Dialect>) -> std::borrow::Cow<'_, str> {
    let dialect = dialect.unwrap_or_else(|| of_text(body));
    if dialect == Dialect::Quire {
        return std::borrow::Cow::Borrowed(body);
    }
    let markup = Markup {
        dialect,
        ..Markup::default()
    };
    let page = Page {
        front: "",
        format: None,
        title: "",
    };
    expand(
        body,
        &page,
        &markup,
        &crate::markdown::AssetLinks::default(),
    )
    .text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posts_are_found_by_the_names_links_use() {
        let posts = Posts::new([
            "posts/first.md",
            "posts/bundle/index.md",
            "_posts/2010-07-21-name.md",
        ]);
        for (name, want) in [
            ("posts/first.md", "posts/first.md"),
            ("/posts/first", "posts/first.md"),
            ("first.md", "posts/first.md"),
            ("content/posts/first.md#part", "posts/first.md"),
            ("bundle", "posts/bundle/index.md"),
            ("posts/bundle/", "posts/bundle/index.md"),
            ("2010-07-21-name", "_posts/2010-07-21-name.md"),
            ("_posts/2010-07-21-name.md", "_posts/2010-07-21-name.md"),
        ] {
            assert_eq!(posts.find(name), Some(want), "{name}");
        }
        assert_eq!(posts.find("nowhere"), None);
    }
}
