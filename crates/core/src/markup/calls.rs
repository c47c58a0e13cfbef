//! What each dialect's calls become: Hugo's built-ins, Jekyll's tags and values, Zola's
//! calls and `@/` links; anything else is a box.

use super::builtin;
use super::call::{Call, Params};
use super::detect::{toml_scalars, yaml_scalars};
use super::expand::{Expander, Output};
use crate::frontmatter::{Format, Meta};
use crate::highlight::{CodeOptions, LineNumbers};

impl Expander<'_, '_> {
    pub(super) fn hugo(&mut self, call: &Call) -> Output {
        match call.name.as_str() {
            "figure" => match call.named("src") {
                Some(src) => self.figure(call, &src),
                None => self.boxed(call),
            },
            "highlight" => match call.inner.clone() {
                Some(r) => {
                    let options = hugo_code_options(&call.param("", 1).unwrap_or_default());
                    self.code(
                        &call.param("", 0).unwrap_or_default(),
                        &self.body[r],
                        &options,
                    )
                }
                None => self.boxed(call),
            },
            "ref" | "relref" => match call.param("path", 0) {
                Some(name) => self.post_link(&name),
                None => self.boxed(call),
            },
            "youtube" | "vimeo" => match call.param("id", 0) {
                Some(id) => Output::Piece(builtin::video(
                    &call.name,
                    &id,
                    call.named("title").as_deref(),
                )),
                None => self.boxed(call),
            },
            "gist" => match (call.param("user", 0), call.param("id", 1)) {
                (Some(user), Some(id)) => {
                    let url = format!("https://gist.github.com/{user}/{id}");
                    let label = match call.param("file", 2) {
                        Some(f) => format!("{user}/{f}"),
                        None => format!("Gist by {user}"),
                    };
                    Output::Piece(builtin::link_card("GitHub Gist", &url, &label))
                }
                _ => self.boxed(call),
            },
            "x" | "twitter" | "tweet" => match (call.param("user", 0), call.param("id", 1)) {
                (Some(user), Some(id)) => Output::Piece(builtin::link_card(
                    "X",
                    &format!("https://x.com/{user}/status/{id}"),
                    &format!("Post by @{user}"),
                )),
                _ => self.boxed(call),
            },
            "instagram" => match call.param("id", 0) {
                Some(id) => Output::Piece(builtin::link_card(
                    "Instagram",
                    &format!("https://www.instagram.com/p/{id}/"),
                    "Instagram post",
                )),
                None => self.boxed(call),
            },
            "param" => match call.param("name", 0) {
                Some(name) => match self.page_value(&name).or_else(|| {
                    self.markup
                        .vars
                        .get(&format!("params.{}", name.to_ascii_lowercase()))
                        .cloned()
                }) {
                    // A value in a link's address is the address: Markdown, not a piece.
                    Some(v) if self.in_address() => Output::Markdown(v),
                    Some(v) => Output::Piece(builtin::text(&v)),
                    None => self.boxed(call),
                },
                None => self.boxed(call),
            },
            _ => self.boxed(call),
        }
    }

    pub(super) fn jekyll(&mut self, call: &Call) -> Output {
        match call.name.as_str() {
            "=" => {
                let expr = call.param("", 0).unwrap_or_default();
                match self.liquid_value(&expr) {
                    Some(v) if self.in_address() => Output::Markdown(v),
                    Some(v) => Output::Piece(builtin::text(&v)),
                    None => Output::Piece(builtin::boxed(&format!("{{{{ {expr} }}}}"), "", None)),
                }
            }
            "highlight" => match call.inner.clone() {
                Some(r) => {
                    let args = match &call.params {
                        Params::Positional(v) => v.clone(),
                        Params::Named(_) => Vec::new(),
                    };
                    let options = CodeOptions {
                        numbers: if args.iter().any(|a| a == "linenos") {
                            LineNumbers::Table
                        } else {
                            LineNumbers::Off
                        },
                        first: 1,
                        marked: Vec::new(),
                    };
                    self.code(
                        &call.param("", 0).unwrap_or_default(),
                        &self.body[r],
                        &options,
                    )
                }
                None => self.boxed(call),
            },
            "post_url" | "link" => match call.param("", 0) {
                Some(name) => self.post_link(&name),
                None => self.boxed(call),
            },
            _ => self.boxed(call),
        }
    }

    /// A Liquid output's value: `site.X`, `page.X`, a quoted string, through the
    /// `relative_url` and `absolute_url` filters; none for what Quire cannot know.
    fn liquid_value(&self, expr: &str) -> Option<String> {
        let mut parts = expr.split('|').map(str::trim);
        let var = parts.next()?;
        let mut value = if let Some(s) = var
            .strip_prefix('"')
            .and_then(|s| s.strip_suffix('"'))
            .or_else(|| var.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
        {
            s.to_string()
        } else if let Some(key) = var.strip_prefix("site.") {
            match key {
                "baseurl" | "url" => self.markup.vars.get(key).cloned().unwrap_or_default(),
                k => self.markup.vars.get(k).cloned()?,
            }
        } else if let Some(key) = var.strip_prefix("page.") {
            match key {
                "title" => self.page.title.to_string(),
                k => self.page_value(k)?,
            }
        } else {
            return None;
        };
        let base = self.markup.vars.get("baseurl").cloned().unwrap_or_default();
        for filter in parts {
            match filter {
                "relative_url" => {
                    value = format!(
                        "{}/{}",
                        base.trim_end_matches('/'),
                        value.trim_start_matches('/')
                    )
                }
                "absolute_url" => {
                    let url = self.markup.vars.get("url").cloned().unwrap_or_default();
                    value = format!(
                        "{}{}/{}",
                        url.trim_end_matches('/'),
                        base.trim_end_matches('/'),
                        value.trim_start_matches('/')
                    );
                }
                _ => {}
            }
        }
        Some(value)
    }

    pub(super) fn zola(&mut self, call: &Call) -> Output {
        let image = call
            .named("path")
            .or_else(|| call.named("src"))
            .filter(|p| is_image(p));
        match (call.name.as_str(), image) {
            (_, Some(src)) => self.figure(call, &src),
            ("youtube" | "vimeo", _) => match call.named("id") {
                Some(id) => Output::Piece(builtin::video(
                    &call.name,
                    &id,
                    call.named("title").as_deref(),
                )),
                None => self.boxed(call),
            },
            ("gist", _) => match call.named("url") {
                Some(url) if url.starts_with("https://gist.github.com/") => {
                    Output::Piece(builtin::link_card("GitHub Gist", &url, "Gist"))
                }
                _ => self.boxed(call),
            },
            _ => self.boxed(call),
        }
    }

    /// Zola's internal links, `[text](@/blog/post.md)`, as the post's address.
    pub(super) fn zola_links(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(at) = rest.find("](@/") {
            out.push_str(&rest[..at + 2]);
            let target = &rest[at + 4..];
            let end = target.find([')', ' ']).unwrap_or(target.len());
            let name = &target[..end];
            match self.markup.posts.find(name) {
                Some(rel) => {
                    out.push_str(&format!(
                        "{}{}/",
                        self.links.root,
                        self.markup.posts.address(rel)
                    ));
                    if let Some((_, anchor)) = name.split_once('#') {
                        out.push('#');
                        out.push_str(anchor);
                    }
                }
                None => out.push_str(&format!("#missing-{}", crate::slug::slugify(name))),
            }
            rest = &target[end..];
        }
        out.push_str(rest);
        out
    }

    /// A front matter value of the page (`param`, `page.X`), read from its text on demand.
    fn page_value(&self, key: &str) -> Option<String> {
        let key = key.to_ascii_lowercase();
        self.front
            .get_or_init(|| front_values(self.page.front, self.page.format))
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.clone())
    }
}

/// The address part of the post at `rel`, as the export names its folder.
pub(super) fn post_slug(rel: &str) -> String {
    let mut meta = Meta::default();
    meta.place(rel);
    crate::slug::slugify(&meta.slug.unwrap_or_else(|| crate::blog::file_title(rel)))
}

/// The top-level scalars of front matter (and Zola's `[extra]`), keys lowercased, as
/// Hugo's `param` finds them.
fn front_values(front: &str, format: Option<Format>) -> Vec<(String, String)> {
    let (top, extra) = match format {
        Some(Format::Yaml) => yaml_scalars(front, "extra"),
        Some(Format::Toml) => toml_scalars(front, "extra"),
        None => return Vec::new(),
    };
    top.into_iter()
        .chain(extra)
        .map(|(k, v)| (k.to_ascii_lowercase(), v))
        .collect()
}

fn is_image(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// Hugo's `highlight` options: `linenos=table|inline|true|false`, `hl_lines=2-3 5`,
/// `linenostart=5`, separated by commas.
fn hugo_code_options(s: &str) -> CodeOptions {
    let mut o = CodeOptions {
        first: 1,
        ..CodeOptions::default()
    };
    for part in s.split(',') {
        let Some((k, v)) = part.split_once('=') else {
            continue;
        };
        let v = v.trim().trim_matches(['"', '\'', '[', ']']);
        match k.trim() {
            "linenos" => {
                o.numbers = match v {
                    "inline" => LineNumbers::Inline,
                    "table" | "true" => LineNumbers::Table,
                    _ => LineNumbers::Off,
                }
            }
            "linenostart" => o.first = v.parse().unwrap_or(1),
            "hl_lines" => {
                for range in v.split_whitespace() {
                    let (a, b) = range.split_once('-').unwrap_or((range, range));
                    if let (Ok(a), Ok(b)) = (a.trim().parse(), b.trim().parse()) {
                        o.marked.push((a, b));
                    }
                }
            }
            _ => {}
        }
    }
    o
}
