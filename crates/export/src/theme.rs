//! Themes: a folder of minijinja templates and stylesheets (`article.css` for the article,
//! which the live preview uses too, and `style.css` for the site around it). The built-in theme is used
//! unless the content folder has its own (`theme/`, or the folder the `theme` setting
//! names); a theme folder may hold only the files it changes, the rest come from the
//! built-in one. The article itself is the core's template, the preview's, so a page
//! shows a post exactly as the preview did.

use std::path::{Path, PathBuf};

use minijinja::Environment;
use quire_core::folder::ContentFolder;

use crate::manifest::key;
use crate::{Error, Result};

/// The templates a theme provides, with the built-in version of each.
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../theme/base.html")),
    ("post.html", include_str!("../theme/post.html")),
    ("list.html", include_str!("../theme/list.html")),
    ("tags.html", include_str!("../theme/tags.html")),
    ("search.html", include_str!("../theme/search.html")),
    ("404.html", include_str!("../theme/404.html")),
];

/// The built-in site stylesheet (chrome, cards, dark and print), after the article's.
const STYLE: &str = include_str!("../theme/style.css");
/// The search page's script.
pub const SEARCH_JS: &str = include_str!("../theme/search.js");

/// The theme folder in use: the `theme` setting's, else `theme/` if the content folder has
/// one; `None` for the built-in theme.
fn theme_dir(folder: &ContentFolder, setting: &str) -> Result<Option<PathBuf>> {
    if setting.is_empty() {
        let d = folder.resolve("theme")?;
        return Ok(d.is_dir().then_some(d));
    }
    let d = folder.resolve(setting)?;
    if !d.is_dir() {
        return Err(Error::Core(quire_core::Error::BadSetting {
            key: "theme".into(),
            value: setting.into(),
            expected: "a folder inside the content folder, like theme",
            origin: format!("settings: {} is not a folder", d.display()),
        }));
    }
    Ok(Some(d))
}

/// The theme's file `name`, or the built-in one when the theme has none.
fn read_file(dir: Option<&Path>, name: &str, builtin: &str) -> Result<String> {
    match dir.map(|d| d.join(name)).filter(|p| p.is_file()) {
        Some(path) => std::fs::read_to_string(&path)
            .map_err(|source| Error::Core(quire_core::Error::Io { path, source })),
        None => Ok(builtin.to_string()),
    }
}

/// The article's stylesheet of a custom theme (its `article.css`), for the live preview
/// to show the post as the theme will publish it; `None` when the article keeps the
/// built-in look, which the app already has.
pub fn article_css(folder: &ContentFolder, setting: &str) -> Result<Option<String>> {
    let Some(dir) = theme_dir(folder, setting)? else {
        return Ok(None);
    };
    if !dir.join("article.css").is_file() {
        return Ok(None);
    }
    read_file(Some(&dir), "article.css", "").map(Some)
}

/// HTML-escapes text as minijinja does, except `/`: addresses in canonical links, Open
/// Graph tags and hrefs stay readable (`https://…`, not `https:&#x2f;&#x2f;…`); a `/`
/// cannot end an attribute or start a tag, so escaping it adds nothing.
fn readable_escape(
    out: &mut minijinja::Output<'_>,
    state: &minijinja::State<'_, '_>,
    value: &minijinja::Value,
) -> std::result::Result<(), minijinja::Error> {
    let Some(text) = value
        .as_str()
        .filter(|_| !value.is_safe() && matches!(state.auto_escape(), minijinja::AutoEscape::Html))
    else {
        return minijinja::escape_formatter(out, state, value);
    };
    let escaped = crate::feeds::xml(text);
    std::fmt::Write::write_str(out, &escaped).map_err(|_| {
        minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "writing a page failed")
    })
}

/// A loaded theme.
pub struct Theme {
    env: Environment<'static>,
    /// The whole stylesheet of an exported page: the article's (as the preview), the code
    /// colours, then the theme's.
    pub css: String,
    /// Changes whenever a template or the stylesheet does: part of every page's key.
    pub fingerprint: String,
}

impl Theme {
    /// The theme for `folder`: the `theme` setting's folder, else `theme/` if it exists,
    /// else the built-in one.
    pub fn load(folder: &ContentFolder, setting: &str) -> Result<Theme> {
        let dir = theme_dir(folder, setting)?;
        let read = |name: &str, builtin: &str| read_file(dir.as_deref(), name, builtin);
        let mut env = Environment::new();
        env.set_formatter(readable_escape);
        let mut sources = Vec::new();
        for (name, builtin) in TEMPLATES {
            let text = read(name, builtin)?;
            sources.push(text.clone());
            env.add_template_owned(*name, text)
                .map_err(|source| Error::Template {
                    name: (*name).to_string(),
                    source,
                })?;
        }
        let css = format!(
            "{}\n{}\n{}\n{}",
            read("article.css", quire_core::article::CSS)?,
            quire_core::article::ALIGN_CSS,
            quire_core::article::HIGHLIGHT_CSS,
            read("style.css", STYLE)?
        );
        sources.push(css.clone());
        let refs: Vec<&str> = sources.iter().map(String::as_str).collect();
        Ok(Theme {
            env,
            css,
            fingerprint: key(&refs),
        })
    }

    /// Renders the template `name` with `ctx`.
    pub fn render(&self, name: &str, ctx: minijinja::Value) -> Result<String> {
        let template_error = |source| Error::Template {
            name: name.to_string(),
            source,
        };
        self.env
            .get_template(name)
            .map_err(template_error)?
            .render(ctx)
            .map_err(template_error)
    }
}
