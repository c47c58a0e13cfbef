//! Which generator a content folder belongs to: its site's configuration in the folder
//! or the folders above it, else the signs in its posts.

use std::collections::BTreeMap;
use std::path::Path;

use super::{Dialect, Markup, Posts};
use crate::frontmatter::{toml_scalar, yaml_scalar};

/// How many folders up a site's configuration is looked for: a Hugo site's
/// `content/posts/` is two below its `hugo.toml`.
const LEVELS_UP: usize = 3;
/// Posts read for signs when no configuration says: enough to see a site's habits.
const SAMPLED_POSTS: usize = 200;
/// What of each sampled post is read.
const SAMPLED_BYTES: usize = 16 * 1024;

/// The markup of the content folder at `root`, whose posts are at `paths`: the dialect
/// `setting` names, or for `auto` the one its site's configuration or its posts show.
pub fn of_folder(root: &Path, setting: &str, paths: &[String]) -> Markup {
    let config = configuration(root);
    let dialect = Dialect::parse(setting)
        .or(config.as_ref().map(|c| c.dialect))
        .unwrap_or_else(|| from_posts(root, paths));
    let (vars, excerpt_separator) = match &config {
        Some(c) if c.dialect == dialect => (c.vars.clone(), c.excerpt_separator.clone()),
        _ => (BTreeMap::new(), None),
    };
    Markup {
        dialect,
        vars,
        excerpt_separator,
        posts: Posts::new(paths.iter().map(String::as_str)),
    }
}

/// A site configuration found.
struct Config {
    dialect: Dialect,
    vars: BTreeMap<String, String>,
    excerpt_separator: Option<String>,
}

/// The configuration of the site `root` belongs to, if one is in it or above it.
fn configuration(root: &Path) -> Option<Config> {
    for dir in root.ancestors().take(LEVELS_UP + 1) {
        let read = |name: &str| std::fs::read_to_string(dir.join(name)).ok();
        let has_content = dir.join("content").is_dir();
        for name in ["hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json"] {
            if let Some(text) = read(name) {
                return Some(hugo(&text, name));
            }
        }
        if let Some(text) = read("zola.toml") {
            return Some(zola(&text));
        }
        for name in ["_config.yml", "_config.yaml"] {
            if let Some(text) = read(name) {
                return Some(jekyll(&text));
            }
        }
        if has_content {
            if let Some(text) = read("config.toml") {
                // Zola writes `base_url`, Hugo `baseURL`.
                return Some(if text.contains("base_url") {
                    zola(&text)
                } else {
                    hugo(&text, "config.toml")
                });
            }
            for name in ["config.yaml", "config.yml", "config.json"] {
                if let Some(text) = read(name) {
                    return Some(hugo(&text, name));
                }
            }
        }
    }
    None
}

fn hugo(text: &str, name: &str) -> Config {
    let mut vars = BTreeMap::new();
    let (top, params) = if name.ends_with(".toml") {
        toml_scalars(text, "params")
    } else {
        // YAML reads JSON too.
        yaml_scalars(text, "params")
    };
    for (k, v) in top {
        vars.insert(k.to_ascii_lowercase(), v);
    }
    // `{{< param x >}}` reads the site's `[params]` when the page has no `x`.
    for (k, v) in params {
        vars.insert(format!("params.{}", k.to_ascii_lowercase()), v);
    }
    Config {
        dialect: Dialect::Hugo,
        vars,
        excerpt_separator: None,
    }
}

/// Settings by name, as text.
pub(super) type Scalars = Vec<(String, String)>;

/// A TOML document's top-level scalar values, and those of its table `nested` (a Hugo
/// site's `[params]`, a Zola post's `[extra]`).
pub(super) fn toml_scalars(text: &str, nested: &str) -> (Scalars, Scalars) {
    let Ok(t) = toml::from_str::<toml::Table>(text) else {
        return (Vec::new(), Vec::new());
    };
    let of = |t: &toml::Table| -> Vec<(String, String)> {
        t.iter()
            .filter_map(|(k, v)| Some((k.clone(), toml_scalar(v)?)))
            .collect()
    };
    let params = match t.get(nested) {
        Some(toml::Value::Table(p)) => of(p),
        _ => Vec::new(),
    };
    (of(&t), params)
}

/// A YAML document's top-level scalar values, and those of its mapping `nested`.
pub(super) fn yaml_scalars(text: &str, nested: &str) -> (Scalars, Scalars) {
    let Ok(serde_yaml::Value::Mapping(map)) = serde_yaml::from_str::<serde_yaml::Value>(text)
    else {
        return (Vec::new(), Vec::new());
    };
    let of = |m: &serde_yaml::Mapping| -> Vec<(String, String)> {
        m.iter()
            .filter_map(|(k, v)| Some((k.as_str()?.to_string(), yaml_scalar(v)?)))
            .collect()
    };
    let params = match map.get(nested) {
        Some(serde_yaml::Value::Mapping(p)) => of(p),
        _ => Vec::new(),
    };
    (of(&map), params)
}

fn zola(text: &str) -> Config {
    let vars = toml_scalars(text, "params").0.into_iter().collect();
    Config {
        dialect: Dialect::Zola,
        vars,
        excerpt_separator: None,
    }
}

fn jekyll(text: &str) -> Config {
    let vars: BTreeMap<String, String> = yaml_scalars(text, "params").0.into_iter().collect();
    let excerpt_separator = vars.get("excerpt_separator").cloned();
    Config {
        dialect: Dialect::Jekyll,
        vars,
        excerpt_separator,
    }
}

/// The dialect the posts' own signs show, for a folder opened on its own (a Hugo
/// `content/` or a Jekyll `_posts/` copied elsewhere): Hugo's delimiters, Jekyll's dated
/// file names and Liquid tags, Zola's `+++` front matter with `[extra]` or
/// `[taxonomies]` and its calls. No sign: plain Quire.
fn from_posts(root: &Path, paths: &[String]) -> Dialect {
    let mut hugo = 0usize;
    let mut jekyll = 0usize;
    let mut zola = 0usize;
    if root.file_name().is_some_and(|n| n == "_posts") {
        jekyll += 10;
    }
    for rel in paths.iter().take(SAMPLED_POSTS) {
        // A dated file name alone is no sign: plenty of plain folders date their files.
        if super::jekyll_path(rel) {
            jekyll += 1;
        }
        let Ok(text) = read_start(&root.join(rel)) else {
            continue;
        };
        let [h, j, z] = signs(&text);
        hugo += h;
        jekyll += j;
        zola += z;
    }
    best(hugo, jekyll, zola)
}

/// The signs of each dialect in one post's text: Hugo's delimiters, Liquid's tags,
/// Zola's front matter tables and calls.
fn signs(text: &str) -> [usize; 3] {
    let mut found = [0; 3];
    if text.contains("{{<") || text.contains("{{%") {
        found[0] += 2;
    }
    if [
        "{% highlight",
        "{% raw",
        "{% include",
        "{% post_url",
        "{% link",
        "{{ site.",
        "{{ page.",
    ]
    .iter()
    .any(|sign| text.contains(sign))
    {
        found[1] += 2;
    }
    if let Some(after) = text.strip_prefix("+++") {
        let front = after.split("+++").next().unwrap_or("");
        if front.contains("[extra]") || front.contains("[taxonomies]") {
            found[2] += 2;
        }
    }
    // Zola's front matter is always TOML: a `{{ f(x) }}` elsewhere is a template
    // language's (Vue, Handlebars) in a code sample.
    if text.starts_with("+++") && zola_call(text) {
        found[2] += 2;
    }
    found
}

/// The dialect of one post's own signs, for a folder whose configuration says none.
pub fn of_text(text: &str) -> Dialect {
    let [hugo, jekyll, zola] = signs(text);
    best(hugo, jekyll, zola)
}

/// The dialect a folder's `dialect` setting or its site's configuration names, without
/// reading its posts; `None` when only the posts could tell.
pub fn configured(root: &Path, setting: &str) -> Option<Dialect> {
    Dialect::parse(setting).or_else(|| configuration(root).map(|c| c.dialect))
}

fn best(hugo: usize, jekyll: usize, zola: usize) -> Dialect {
    let top = hugo.max(jekyll).max(zola);
    if top == 0 {
        Dialect::Quire
    } else if top == hugo {
        Dialect::Hugo
    } else if top == jekyll {
        Dialect::Jekyll
    } else {
        Dialect::Zola
    }
}

/// Whether `text` has a `{{ name(` or `{% name(` call, as only Zola writes.
fn zola_call(text: &str) -> bool {
    let mut rest = text;
    while let Some(at) = rest.find(['{']) {
        let after = &rest[at + 1..];
        if let Some(inner) = after.strip_prefix('{').or_else(|| after.strip_prefix('%')) {
            let inner = inner.trim_start();
            let name = inner
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(inner.len());
            if name > 0 && inner[name..].starts_with('(') {
                return true;
            }
        }
        rest = after;
    }
    false
}

fn read_start(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut buf = Vec::with_capacity(SAMPLED_BYTES);
    std::fs::File::open(path)?
        .take(SAMPLED_BYTES as u64)
        .read_to_end(&mut buf)?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, rel: &str, text: &str) {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn configuration_above_the_folder_decides() {
        let site = tempfile::tempdir().unwrap();
        write(
            site.path(),
            "hugo.toml",
            "baseURL = 'https://ex.org/'\n[params]\nauthor = 'Ann'\n",
        );
        write(site.path(), "content/posts/a.md", "plain\n");
        let m = of_folder(&site.path().join("content/posts"), "auto", &["a.md".into()]);
        assert_eq!(m.dialect, Dialect::Hugo);
        assert_eq!(m.vars.get("params.author").map(String::as_str), Some("Ann"));
        assert_eq!(
            m.vars.get("baseurl").map(String::as_str),
            Some("https://ex.org/")
        );

        let zola = tempfile::tempdir().unwrap();
        write(zola.path(), "config.toml", "base_url = \"https://z.org\"\n");
        write(zola.path(), "content/a.md", "x");
        assert_eq!(
            of_folder(&zola.path().join("content"), "auto", &[]).dialect,
            Dialect::Zola
        );

        let jekyll = tempfile::tempdir().unwrap();
        write(
            jekyll.path(),
            "_config.yml",
            "baseurl: /blog\nexcerpt_separator: <!--more-->\n",
        );
        let m = of_folder(jekyll.path(), "", &[]);
        assert_eq!(m.dialect, Dialect::Jekyll);
        assert_eq!(m.excerpt_separator.as_deref(), Some("<!--more-->"));
        assert_eq!(
            of_folder(jekyll.path(), "quire", &[]).dialect,
            Dialect::Quire
        );
    }

    #[test]
    fn posts_show_their_dialect_and_plain_stays_plain() {
        let cases: [(&str, &str, Dialect); 5] = [
            ("a.md", "Look {{< figure src=\"a.png\" >}}", Dialect::Hugo),
            (
                "2020-01-02-a.md",
                "{% highlight ruby %}x{% endhighlight %}",
                Dialect::Jekyll,
            ),
            (
                "a.md",
                "+++\ntitle = \"a\"\n[taxonomies]\ntags = []\n+++\n",
                Dialect::Zola,
            ),
            (
                "a.md",
                "---\ntitle: a\n---\nBraces {like this} and {{ here.\n",
                Dialect::Quire,
            ),
            (
                "2024-05-01-trip.md",
                "---\ntitle: a\n---\n```vue\n{{ fmt(x) }} and {{ msg }}\n```\n",
                Dialect::Quire,
            ),
        ];
        for (rel, text, want) in cases {
            let dir = tempfile::tempdir().unwrap();
            write(dir.path(), rel, text);
            assert_eq!(
                of_folder(dir.path(), "auto", &[rel.to_string()]).dialect,
                want,
                "{text}"
            );
        }
    }
}
