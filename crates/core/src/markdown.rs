//! The one Markdown configuration. Preview, export and the command line all come through
//! here, so what the author sees is what gets published.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, OnceLock};

use comrak::adapters::SyntaxHighlighterAdapter;

use comrak::nodes::{AstNode, NodeValue};
use comrak::options::Plugins;
use comrak::plugins::syntect::{SyntectAdapter, SyntectAdapterBuilder};
use comrak::{Arena, Options};

use serde::Serialize;
use ts_rs::TS;

use crate::reading::Counts;

/// How links to a post's own files (avatar, cover, images in the body) are written:
/// relative to the page when exported, through the app's asset scheme in the preview.
#[derive(Debug, Clone, Default)]
pub struct AssetLinks {
    /// Put before every relative link: empty on export, where the page sits beside its
    /// files; in the app, the asset address of the post's folder.
    pub prefix: String,
    /// Appended to every local link, e.g. `?v=3`: the preview bumps it when an image
    /// changes on disk, so the webview does not keep showing its cached copy.
    pub suffix: String,
    /// Put before a path from the content folder's root (the site's avatar): the asset
    /// address of the root in the app, the way up to the site's root on export.
    pub root: String,
    /// Addresses that replace links to these paths (relative to the post's folder): the
    /// `data:` URIs of a self-contained page.
    pub inline: HashMap<String, String>,
}

impl AssetLinks {
    /// Like [`AssetLinks::url`] for a path from the content folder's root
    /// (`assets/me.png`) rather than from the post's folder.
    pub fn root_url(&self, raw: &str) -> Option<String> {
        self.link(raw, &self.root)
    }

    /// Web addresses pass as they are; a relative path gets the prefix; anything else
    /// (`javascript:`, `file:`, `data:`) or a path leaving the folder is dropped.
    pub fn url(&self, raw: &str) -> Option<String> {
        self.link(raw, &self.prefix)
    }

    fn link(&self, raw: &str, prefix: &str) -> Option<String> {
        let raw = raw.trim();
        if raw.starts_with("https://") || raw.starts_with("http://") {
            return Some(raw.to_string());
        }
        let rel = local_path(raw)?;
        if let Some(inline) = self.inline.get(rel) {
            return Some(inline.clone());
        }
        Some(format!("{prefix}{rel}{}", self.suffix))
    }
}

/// The path of a link to a file beside the post, relative to the post's folder, if `raw`
/// is one that stays inside it: no scheme (`https:`, `javascript:`, `data:`), not absolute,
/// no `..`.
pub fn local_path(raw: &str) -> Option<&str> {
    let raw = raw.trim();
    if raw.is_empty() || raw.contains(':') || raw.starts_with('/') || raw.starts_with('\\') {
        return None;
    }
    let rel = raw.trim_start_matches("./");
    if rel.is_empty()
        || rel
            .split(['/', '\\'])
            .any(|part| part == ".." || part.is_empty())
    {
        return None;
    }
    Some(rel)
}

/// Comrak options for every rendering Quire does.
///
/// Raw HTML is not passed through (`unsafe` stays off): the preview runs inside the app's
/// webview, and a post copied from the web must not be able to run script there. Comrak
/// also drops `javascript:` and similar link targets in this mode.
pub fn options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.strikethrough = true;
    o.extension.table = true;
    o.extension.autolink = true;
    o.extension.tasklist = true;
    o.extension.footnotes = true;
    o.extension.header_id_prefix = Some(String::new());
    o.extension.superscript = false;
    o.parse.smart = true;
    o.render.r#unsafe = false;
    o.render.github_pre_lang = true;
    o
}

/// Highlighted code carries classes with this prefix, coloured by [`highlight_css`]: classes
/// rather than inline styles, so pages keep a `style-src 'self'` policy and code follows
/// the reader's light or dark scheme.
const HIGHLIGHT_PREFIX: &str = "hl-";
/// The code colours in light pages and in dark ones.
const LIGHT_THEME: &str = "InspiredGitHub";
const DARK_THEME: &str = "base16-ocean.dark";

/// Syntect loads its syntaxes and themes in tens of milliseconds: do it once per process.
fn highlighter() -> &'static CachedHighlighter {
    static ADAPTER: OnceLock<CachedHighlighter> = OnceLock::new();
    ADAPTER.get_or_init(|| CachedHighlighter {
        inner: SyntectAdapterBuilder::new()
            .css_with_class_prefix(HIGHLIGHT_PREFIX)
            .build(),
        cache: Mutex::new(HashMap::new()),
    })
}

/// The stylesheet that colours highlighted code: each colour as `light-dark(light, dark)`
/// of the two themes, so code follows the page's color-scheme, the reader's system on an
/// exported page and the editor's theme switch in the preview. The preview imports the
/// committed copy in `templates/highlight.css`; a test keeps it equal to this.
pub fn highlight_css() -> String {
    use syntect::highlighting::ThemeSet;
    use syntect::html::{css_for_theme_with_class_style, ClassStyle};
    let themes = ThemeSet::load_defaults();
    let style = ClassStyle::SpacedPrefixed {
        prefix: HIGHLIGHT_PREFIX,
    };
    let css = |name: &str| {
        css_for_theme_with_class_style(&themes.themes[name], style)
            .expect("the built-in themes make CSS")
    };
    let mut out = format!(
        "/* Code colours, generated by quire_core::markdown::highlight_css(): do not edit.\n   \
         Light: {LIGHT_THEME}; dark: {DARK_THEME}. */\n"
    );
    let light = &themes.themes[LIGHT_THEME];
    let dark = &themes.themes[DARK_THEME];
    let merged = merge_schemes(
        &css_rules(&css(LIGHT_THEME)),
        &css_rules(&css(DARK_THEME)),
        &|sel| scope_colour(light, sel),
        &|sel| scope_colour(dark, sel),
    );
    for (selector, decls) in merged {
        out.push_str(&selector);
        out.push_str(" {");
        for (prop, value) in decls {
            out.push_str(&format!(" {prop}: {value};"));
        }
        out.push_str(" }\n");
    }
    out
}

/// A stylesheet's rules, as syntect writes them (`a, b { prop: value; ... }`, comments,
/// nothing nested), one per selector.
type Rules = Vec<(String, Vec<(String, String)>)>;

fn css_rules(css: &str) -> Rules {
    let mut plain = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(open) = rest.find("/*") {
        plain.push_str(&rest[..open]);
        rest = rest[open..]
            .find("*/")
            .map_or("", |close| &rest[open + close + 2..]);
    }
    plain.push_str(rest);
    let mut rules = Vec::new();
    let mut rest = plain.as_str();
    while let (Some(open), Some(close)) = (rest.find('{'), rest.find('}')) {
        let decls: Vec<(String, String)> = rest[open + 1..close]
            .split(';')
            .filter_map(|d| d.split_once(':'))
            .map(|(p, v)| (p.trim().to_string(), v.trim().to_string()))
            .collect();
        // One rule per selector: the two themes group their selectors differently.
        for selector in rest[..open].split(',') {
            let selector = selector.split_whitespace().collect::<Vec<_>>().join(" ");
            rules.push((selector, decls.clone()));
        }
        rest = &rest[close + 1..];
    }
    rules
}

/// The text colour `theme` gives the scopes a class selector stands for
/// (`.hl-constant.hl-language .hl-x` is the stack `constant.language x`).
fn scope_colour(theme: &syntect::highlighting::Theme, selector: &str) -> Option<String> {
    use syntect::highlighting::Highlighter;
    use syntect::parsing::Scope;
    let stack: Option<Vec<Scope>> = selector
        .split_whitespace()
        .map(|part| {
            let names: Vec<&str> = part
                .split('.')
                .filter_map(|c| c.strip_prefix(HIGHLIGHT_PREFIX))
                .collect();
            Scope::new(&names.join(".")).ok()
        })
        .collect();
    let c = Highlighter::new(theme).style_for_stack(&stack?).foreground;
    Some(format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b))
}

/// A colour of a theme for a selector it has no rule for.
type ColourOf<'a> = &'a dyn Fn(&str) -> Option<String>;

/// One rule per selector of either theme. Colours differing between the two become
/// `light-dark()`; where a theme has no rule for a selector its colour is what the theme
/// gives those scopes (`light_of`, `dark_of`). Other properties (italic, bold) are the
/// light theme's: `light-dark()` takes colours only, and a dark theme's font style is
/// not worth a second rule set.
fn merge_schemes(light: &Rules, dark: &Rules, light_of: ColourOf, dark_of: ColourOf) -> Rules {
    let find =
        |rules: &Rules, sel: &str| rules.iter().find(|(s, _)| s == sel).map(|(_, d)| d.clone());
    let mut selectors: Vec<&String> = light.iter().map(|(s, _)| s).collect();
    selectors.extend(
        dark.iter()
            .map(|(s, _)| s)
            .filter(|s| find(light, s).is_none()),
    );
    selectors.dedup();
    selectors
        .into_iter()
        .map(|sel| {
            let l = find(light, sel).unwrap_or_default();
            let d = find(dark, sel).unwrap_or_default();
            let get = |decls: &[(String, String)], prop: &str| {
                decls
                    .iter()
                    .find(|(p, _)| p == prop)
                    .map(|(_, v)| v.clone())
            };
            let mut decls = Vec::new();
            for prop in ["color", "background-color"] {
                let (a, b) = (get(&l, prop), get(&d, prop));
                if a.is_none() && b.is_none() {
                    continue;
                }
                let fallback = |of: ColourOf| match prop {
                    "color" => of(sel).unwrap_or_else(|| "currentcolor".into()),
                    _ => "transparent".into(),
                };
                let a = a.unwrap_or_else(|| fallback(light_of));
                let b = b.unwrap_or_else(|| fallback(dark_of));
                let value = if a == b {
                    a
                } else {
                    format!("light-dark({a}, {b})")
                };
                decls.push((prop.to_string(), value));
            }
            decls.extend(
                l.into_iter()
                    .filter(|(p, _)| p != "color" && p != "background-color"),
            );
            (sel.clone(), decls)
        })
        .collect()
}

/// Highlighting is most of a render's cost when a post has code, and while the author
/// types the code blocks almost never change between keystrokes: keep their HTML.
struct CachedHighlighter {
    inner: SyntectAdapter,
    cache: Mutex<HashMap<(Option<String>, String), String>>,
}

/// Past this many cached blocks the cache starts over: a bound, not a tuned size.
const HIGHLIGHT_CACHE_BLOCKS: usize = 2_048;

impl SyntaxHighlighterAdapter for CachedHighlighter {
    fn write_highlighted(
        &self,
        output: &mut dyn fmt::Write,
        lang: Option<&str>,
        code: &str,
    ) -> fmt::Result {
        let key = (lang.map(str::to_string), code.to_string());
        if let Some(html) = self.cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
            return output.write_str(&html);
        }
        let mut html = String::new();
        self.inner.write_highlighted(&mut html, lang, code)?;
        output.write_str(&html)?;
        if let Ok(mut cache) = self.cache.lock() {
            if cache.len() >= HIGHLIGHT_CACHE_BLOCKS {
                cache.clear();
            }
            cache.insert(key, html);
        }
        Ok(())
    }

    fn write_pre_tag(
        &self,
        output: &mut dyn fmt::Write,
        attributes: HashMap<&'static str, Cow<'_, str>>,
    ) -> fmt::Result {
        // syntect's adapter writes its own class and drops the rest; the preview needs the
        // source position it was handed (comrak has escaped it: digits, `:` and `-`).
        let sourcepos = attributes.get("data-sourcepos").map(|v| v.to_string());
        let mut tag = String::new();
        self.inner.write_pre_tag(&mut tag, attributes)?;
        if let (Some(pos), Some(end)) = (sourcepos, tag.rfind('>')) {
            tag.insert_str(end, &format!(" data-sourcepos=\"{pos}\""));
        }
        output.write_str(&tag)
    }

    fn write_code_tag(
        &self,
        output: &mut dyn fmt::Write,
        attributes: HashMap<&'static str, Cow<'_, str>>,
    ) -> fmt::Result {
        self.inner.write_code_tag(output, attributes)
    }
}

/// A rendered Markdown body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Body {
    /// The body as HTML, without the lifted title.
    pub html: String,
    /// The body's words and CJK characters, for the word count and reading time.
    pub counts: Counts,
    /// The text of a leading `# Heading`, removed from `html`, for posts with no title in
    /// their front matter: the article page shows the title once, in its header.
    pub lifted_title: Option<String>,
    /// The body's images that are files beside the post, as paths relative to its folder:
    /// what an export copies.
    pub images: Vec<String>,
    /// The text of the body's first paragraph, for lists and feeds of posts with no summary.
    pub excerpt: String,
    /// The body's headings, the lifted title's included; only when asked for source lines.
    pub headings: Vec<Heading>,
}

/// Renders a Markdown body in one parse: the same tree gives the HTML and the counts.
///
/// With `lift_title`, a first-level heading that opens the body becomes the title. Image
/// sources in the body are written through `links`, like the avatar.
///
/// With `source_lines` (the live preview), block elements carry comrak's `data-sourcepos`
/// and the body's headings are listed: what the editor needs to find a block's line.
/// Export leaves both out: a published page has no use for them.
pub fn render(body: &str, lift_title: bool, links: &AssetLinks, source_lines: bool) -> Body {
    let mut options = options();
    options.render.sourcepos = source_lines;
    let arena = Arena::new();
    let root = comrak::parse_document(&arena, body, &options);
    let headings = if source_lines {
        headings(root)
    } else {
        Vec::new()
    };

    let lifted_title = if lift_title {
        lift_leading_h1(root)
    } else {
        None
    };
    let mut counts = Counts::default();
    if let Some(t) = &lifted_title {
        counts.add_text(t);
    }
    let mut images = Vec::new();
    walk(root, &mut counts, Some((links, &mut images)));
    let excerpt = first_paragraph(root);

    let mut plugins = Plugins::default();
    plugins.render.codefence_syntax_highlighter = Some(highlighter());
    let mut html = String::with_capacity(body.len() + body.len() / 4);
    // Writing into a String cannot fail.
    let _ = comrak::format_html_with_plugins(root, &options, &mut html, &plugins);
    Body {
        html,
        counts,
        lifted_title,
        images,
        excerpt,
        headings,
    }
}

/// A heading of the body, for the outline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Heading {
    /// 1 for `#`, up to 6.
    pub level: u8,
    /// The heading's text, without its Markdown.
    pub text: String,
    /// The line it starts on, from 1: in the body when [`render`] returns it, in the
    /// whole text (front matter included) when the preview sends it.
    pub line: u32,
}

/// Every heading, nested ones (in a quote or a list) included, in document order.
fn headings<'a>(root: &'a AstNode<'a>) -> Vec<Heading> {
    root.descendants()
        .filter_map(|n| {
            let level = match n.data().value {
                NodeValue::Heading(h) => h.level,
                _ => return None,
            };
            let line = u32::try_from(n.data().sourcepos.start.line).unwrap_or(u32::MAX);
            Some(Heading {
                level,
                text: plain_text(n),
                line,
            })
        })
        .collect()
}

/// The text of a node's inlines, code included, line breaks as spaces.
fn plain_text<'a>(node: &'a AstNode<'a>) -> String {
    let mut text = String::new();
    for n in node.descendants() {
        match &n.data().value {
            NodeValue::Text(t) => text.push_str(t),
            NodeValue::Code(c) => text.push_str(&c.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

/// Counts words of a Markdown body without rendering it (for the library index).
pub fn count_words(body: &str) -> Counts {
    let options = options();
    let arena = Arena::new();
    let root = comrak::parse_document(&arena, body, &options);
    let mut counts = Counts::default();
    walk(root, &mut counts, None);
    counts
}

/// One pass over the tree for what rendering needs besides comrak: the counts, and image
/// sources rewritten through `links`.
///
/// Reading counts take prose only. Code blocks, inline code and raw HTML are not `Text`
/// nodes in comrak's tree, so walking text nodes already leaves them out: nobody reads a
/// stack trace at prose speed.
fn walk<'a>(
    node: &'a AstNode<'a>,
    counts: &mut Counts,
    mut links: Option<(&AssetLinks, &mut Vec<String>)>,
) {
    for n in node.descendants() {
        let mut data = n.data_mut();
        match &mut data.value {
            NodeValue::Text(t) => counts.add_text(t),
            NodeValue::Image(image) => {
                if let Some((links, images)) = links.as_mut() {
                    if let Some(rel) = local_path(&image.url) {
                        images.push(rel.to_string());
                    }
                    image.url = links.url(&image.url).unwrap_or_default();
                }
            }
            _ => {}
        }
    }
}

/// An excerpt stops here: a card's line or two, not the post.
const EXCERPT_CHARS: usize = 280;

/// The first paragraph's text, cut at a word near [`EXCERPT_CHARS`].
fn first_paragraph<'a>(root: &'a AstNode<'a>) -> String {
    let Some(para) = root
        .children()
        .find(|n| matches!(n.data().value, NodeValue::Paragraph))
    else {
        return String::new();
    };
    let mut text = String::new();
    for n in para.descendants() {
        match &n.data().value {
            NodeValue::Text(t) => text.push_str(t),
            NodeValue::Code(c) => text.push_str(&c.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => text.push(' '),
            _ => {}
        }
        if text.len() > EXCERPT_CHARS * 4 {
            break;
        }
    }
    let text = text.trim();
    if text.chars().count() <= EXCERPT_CHARS {
        return text.to_string();
    }
    let cut: String = text.chars().take(EXCERPT_CHARS).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > EXCERPT_CHARS / 2 => &cut[..i],
        _ => &cut,
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

fn lift_leading_h1<'a>(root: &'a AstNode<'a>) -> Option<String> {
    let first = root.first_child()?;
    let is_h1 = matches!(first.data().value, NodeValue::Heading(h) if h.level == 1);
    if !is_h1 {
        return None;
    }
    let title = plain_text(first);
    first.detach();
    Some(title).filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gfm_extensions_render() {
        let md = "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~ www.example.com\n\n- [x] done\n\nNote[^1]\n\n[^1]: The note.\n";
        let html = render(md, false, &AssetLinks::default(), false).html;
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<del>gone</del>"), "{html}");
        assert!(html.contains("href=\"http://www.example.com\""), "{html}");
        assert!(html.contains("type=\"checkbox\""), "{html}");
        assert!(html.contains("footnote"), "{html}");
    }

    #[test]
    fn raw_html_and_script_links_are_not_passed_through() {
        let md = "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))\n";
        let html = render(md, false, &AssetLinks::default(), false).html;
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn code_is_highlighted_and_not_counted() {
        let md = "Two words\n\n```rust\nfn main() { let many = words + here; }\n```\n";
        let body = render(md, false, &AssetLinks::default(), false);
        assert_eq!(body.counts.words, 2);
        assert!(body.html.contains("<span class=\"hl-"), "{}", body.html);
        assert!(!body.html.contains("style="), "{}", body.html);
    }

    #[test]
    fn committed_highlight_css_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/templates/highlight.css");
        let want = highlight_css();
        if std::env::var_os("UPDATE_CSS").is_some() {
            std::fs::write(path, &want).unwrap();
        }
        let have = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            have == want,
            "templates/highlight.css is stale: run UPDATE_CSS=1 cargo test -p quire-core highlight"
        );
    }

    #[test]
    fn leading_h1_becomes_title() {
        let body = render(
            "# The *Title*\n\nText\n",
            true,
            &AssetLinks::default(),
            false,
        );
        assert_eq!(body.lifted_title.as_deref(), Some("The Title"));
        assert!(!body.html.contains("<h1"));
        let kept = render(
            "# The Title\n\nText\n",
            false,
            &AssetLinks::default(),
            false,
        );
        assert!(kept.html.contains("<h1"));
    }

    #[test]
    fn headings_get_anchors() {
        let html = render("## Leveraging Data\n", false, &AssetLinks::default(), false).html;
        assert!(html.contains("id=\"leveraging-data\""), "{html}");
    }
}
