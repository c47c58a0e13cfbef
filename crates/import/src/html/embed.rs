//! What HTML shows that Markdown has no element for: code blocks with their language,
//! embedded players and frames, Ghost's bookmark cards.

use dom_query::NodeRef;

use super::name;
use super::text::{collapse, destination, escape, longest_run};

/// A `<pre>` as a fenced code block, with its language from `class="language-x"`,
/// `lang`, `data-lang` or a SyntaxHighlighter `brush:` on it or its `<code>`.
pub(super) fn code_block(pre: &NodeRef) -> String {
    let mut code = String::new();
    pre_text(pre, &mut code);
    let code = code.trim_end_matches(['\n', ' ']).trim_start_matches('\n');
    let lang = language(pre)
        .or_else(|| {
            pre.children()
                .iter()
                .find(|c| name(c) == "code")
                .and_then(language)
        })
        .unwrap_or_default();
    let fence = "`".repeat(longest_run(code, '`').max(2) + 1);
    format!("{fence}{lang}\n{code}\n{fence}")
}

/// The text of a code block; Medium breaks its lines with `<br>`.
fn pre_text(node: &NodeRef, out: &mut String) {
    for child in node.children() {
        if child.is_text() {
            out.push_str(&child.text());
        } else if name(&child) == "br" {
            out.push('\n');
        } else if child.is_element() {
            pre_text(&child, out);
        }
    }
}

fn language(el: &NodeRef) -> Option<String> {
    let clean = |s: &str| {
        let s: String = s
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '+' | '#' | '_'))
            .collect();
        (!s.is_empty()).then(|| s.to_ascii_lowercase())
    };
    for attr in ["data-lang", "lang", "data-language"] {
        if let Some(lang) = el.attr(attr).and_then(|v| clean(v.trim())) {
            return Some(lang);
        }
    }
    let class = el.attr("class").unwrap_or_default();
    for word in class.split_whitespace() {
        for prefix in ["language-", "lang-"] {
            if let Some(lang) = word.strip_prefix(prefix).and_then(clean) {
                return Some(lang);
            }
        }
    }
    class
        .split_once("brush:")
        .and_then(|(_, rest)| clean(rest.trim_start()))
}

/// An embedded player or frame as a link to what it shows: YouTube and Vimeo by their
/// watch pages.
pub(super) fn media_link(el: &NodeRef) -> Option<String> {
    let src = el
        .attr("src")
        .or_else(|| el.attr("data"))
        .or_else(|| el.attr("data-src"))
        .or_else(|| {
            el.children()
                .iter()
                .filter(|c| name(c) == "source")
                .find_map(|c| c.attr("src"))
        })?
        .trim()
        .to_string();
    if src.is_empty() {
        return None;
    }
    let src = if src.starts_with("//") {
        format!("https:{src}")
    } else {
        src
    };
    let tag = name(el);
    let (label, url) =
        if let Some(id) = after_any(&src, &["youtube.com/embed/", "youtube-nocookie.com/embed/"]) {
            (
                "YouTube video",
                format!("https://www.youtube.com/watch?v={id}"),
            )
        } else if let Some(id) = after_any(&src, &["player.vimeo.com/video/"]) {
            ("Vimeo video", format!("https://vimeo.com/{id}"))
        } else if tag == "video" {
            ("Video", src)
        } else if tag == "audio" {
            ("Audio", src)
        } else {
            ("Embedded content", src)
        };
    let title = el
        .attr("title")
        .map(|t| escape(collapse(&t).trim(), false))
        .filter(|t| !t.is_empty());
    let text = match title {
        Some(t) => format!("{label}: {t}"),
        None => label.to_string(),
    };
    Some(format!("[{text}]({})", destination(&url)))
}

/// The id after one of `markers` in `src`, up to its query.
fn after_any(src: &str, markers: &[&str]) -> Option<String> {
    markers.iter().find_map(|m| {
        let id = &src[src.find(m)? + m.len()..];
        let id: String = id
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
            .collect();
        (!id.is_empty()).then_some(id)
    })
}

/// Ghost's bookmark card: a link with a title, a description and a thumbnail.
pub(super) fn is_bookmark(el: &NodeRef) -> bool {
    el.has_class("kg-bookmark-card")
}

pub(super) fn bookmark(el: &NodeRef) -> Option<String> {
    let link = el.descendants().into_iter().find(|d| name(d) == "a")?;
    let href = link.attr("href")?.to_string();
    let title = el
        .descendants()
        .into_iter()
        .find(|d| d.has_class("kg-bookmark-title"))
        .map(|t| escape(collapse(&t.text()).trim(), false))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| href.clone());
    Some(format!("[{title}]({})", destination(&href)))
}
