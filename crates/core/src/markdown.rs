//! The one Markdown configuration. Preview, export and the command line all come through
//! here, so what the author sees is what gets published.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, OnceLock};

use comrak::adapters::SyntaxHighlighterAdapter;

use comrak::nodes::{AstNode, NodeValue};
use comrak::options::Plugins;
use comrak::plugins::syntect::SyntectAdapter;
use comrak::{Arena, Options};

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
}

impl AssetLinks {
    /// Web addresses pass as they are; a relative path gets the prefix; anything else
    /// (`javascript:`, `file:`, `data:`) or a path leaving the folder is dropped.
    pub fn url(&self, raw: &str) -> Option<String> {
        let raw = raw.trim();
        if raw.starts_with("https://") || raw.starts_with("http://") {
            return Some(raw.to_string());
        }
        if raw.contains(':') || raw.starts_with('/') || raw.starts_with('\\') {
            return None;
        }
        let rel = raw.trim_start_matches("./");
        if rel.split(['/', '\\']).any(|part| part == "..") {
            return None;
        }
        Some(format!("{}{}{}", self.prefix, rel, self.suffix))
    }
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

/// Syntect loads its syntaxes and themes in tens of milliseconds: do it once per process.
fn highlighter() -> &'static CachedHighlighter {
    static ADAPTER: OnceLock<CachedHighlighter> = OnceLock::new();
    ADAPTER.get_or_init(|| CachedHighlighter {
        inner: SyntectAdapter::new(Some("InspiredGitHub")),
        cache: Mutex::new(HashMap::new()),
    })
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
        self.inner.write_pre_tag(output, attributes)
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
}

/// Renders a Markdown body in one parse: the same tree gives the HTML and the counts.
///
/// With `lift_title`, a first-level heading that opens the body becomes the title. Image
/// sources in the body are written through `links`, like the avatar.
pub fn render(body: &str, lift_title: bool, links: &AssetLinks) -> Body {
    let options = options();
    let arena = Arena::new();
    let root = comrak::parse_document(&arena, body, &options);

    let lifted_title = if lift_title {
        lift_leading_h1(root)
    } else {
        None
    };
    let mut counts = Counts::default();
    if let Some(t) = &lifted_title {
        counts.add_text(t);
    }
    walk(root, &mut counts, Some(links));

    let mut plugins = Plugins::default();
    plugins.render.codefence_syntax_highlighter = Some(highlighter());
    let mut html = String::with_capacity(body.len() + body.len() / 4);
    // Writing into a String cannot fail.
    let _ = comrak::format_html_with_plugins(root, &options, &mut html, &plugins);
    Body {
        html,
        counts,
        lifted_title,
    }
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
fn walk<'a>(node: &'a AstNode<'a>, counts: &mut Counts, links: Option<&AssetLinks>) {
    for n in node.descendants() {
        let mut data = n.data_mut();
        match &mut data.value {
            NodeValue::Text(t) => counts.add_text(t),
            NodeValue::Image(image) => {
                if let Some(links) = links {
                    image.url = links.url(&image.url).unwrap_or_default();
                }
            }
            _ => {}
        }
    }
}

fn lift_leading_h1<'a>(root: &'a AstNode<'a>) -> Option<String> {
    let first = root.first_child()?;
    let is_h1 = matches!(first.data().value, NodeValue::Heading(h) if h.level == 1);
    if !is_h1 {
        return None;
    }
    let mut title = String::new();
    for n in first.descendants() {
        match &n.data().value {
            NodeValue::Text(t) => title.push_str(t),
            NodeValue::Code(c) => title.push_str(&c.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => title.push(' '),
            _ => {}
        }
    }
    first.detach();
    Some(title.trim().to_string()).filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gfm_extensions_render() {
        let md = "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~ www.example.com\n\n- [x] done\n\nNote[^1]\n\n[^1]: The note.\n";
        let html = render(md, false, &AssetLinks::default()).html;
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<del>gone</del>"), "{html}");
        assert!(html.contains("href=\"http://www.example.com\""), "{html}");
        assert!(html.contains("type=\"checkbox\""), "{html}");
        assert!(html.contains("footnote"), "{html}");
    }

    #[test]
    fn raw_html_and_script_links_are_not_passed_through() {
        let md = "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))\n";
        let html = render(md, false, &AssetLinks::default()).html;
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn code_is_highlighted_and_not_counted() {
        let md = "Two words\n\n```rust\nfn main() { let many = words + here; }\n```\n";
        let body = render(md, false, &AssetLinks::default());
        assert_eq!(body.counts.words, 2);
        assert!(body.html.contains("<span style="), "{}", body.html);
    }

    #[test]
    fn leading_h1_becomes_title() {
        let body = render("# The *Title*\n\nText\n", true, &AssetLinks::default());
        assert_eq!(body.lifted_title.as_deref(), Some("The Title"));
        assert!(!body.html.contains("<h1"));
        let kept = render("# The Title\n\nText\n", false, &AssetLinks::default());
        assert!(kept.html.contains("<h1"));
    }

    #[test]
    fn headings_get_anchors() {
        let html = render("## Leveraging Data\n", false, &AssetLinks::default()).html;
        assert!(html.contains("id=\"leveraging-data\""), "{html}");
    }
}
