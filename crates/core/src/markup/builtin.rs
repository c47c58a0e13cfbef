//! The HTML of the generators' built-in shortcodes, written here from their parameters:
//! every value escaped, every address checked, and nothing that makes a request to
//! another site until the reader clicks (the preview's CSP stays as strict as it is).

use super::call::Call;
use crate::markdown::AssetLinks;

/// What a shortcode becomes on the page.
#[derive(Debug, Clone)]
pub(super) struct Piece {
    /// Its HTML when it stands alone as a paragraph (a figure, a card, a box).
    pub block: String,
    /// Its HTML amid a paragraph's text.
    pub inline: String,
    /// Its text, where only text may go (inside an attribute).
    pub text: String,
    /// Whether it is whole, or opens or closes an element around a paragraph the page's
    /// own Markdown pass renders (a figure's caption).
    pub kind: Kind,
}

/// See [`Piece::kind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Whole,
    /// Takes the place of the opening `<p>` of the paragraph it starts.
    Opens,
    /// Takes the place of the closing `</p>` of the paragraph it ends.
    Closes,
}

impl Piece {
    /// A piece that is the same HTML alone and amid text.
    pub fn same(html: String, text: String) -> Piece {
        Piece {
            inline: html.clone(),
            block: html,
            text,
            kind: Kind::Whole,
        }
    }
}

/// A figure's caption, rendered.
pub(super) struct Caption {
    /// As HTML.
    pub html: String,
    /// As text, for the image's `alt` when it has none.
    pub plain: String,
}

/// `s` with HTML's special characters escaped, for text and attribute values.
pub(super) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An address a link or image may have: a web address, a path inside the content folder
/// (through `links`), or a path from the site's root (`/images/a.png`, as Hugo's static
/// files are named); never `javascript:`, `data:`, or another site by `//host`.
pub(super) fn address(raw: &str, links: &AssetLinks) -> Option<String> {
    let raw = raw.trim();
    if let Some(url) = links.url(raw) {
        return Some(url);
    }
    // `//host` and `/\host` are other sites to a browser.
    let other_site = raw.starts_with("//") || raw.starts_with("/\\");
    (raw.starts_with('/') && !other_site && !raw.contains(':')).then(|| raw.to_string())
}

/// Hugo's `figure`: the image (linked if `link` is set), and a caption of its `title`,
/// `caption` and `attr` (with `attrlink`), the caption's Markdown rendered by `inline`.
pub(super) fn figure(
    call: &Call,
    src: &str,
    links: &AssetLinks,
    caption: Option<Caption>,
    inline: &dyn Fn(&str) -> String,
) -> Piece {
    let get = |k: &str| call.named(k).filter(|v| !v.is_empty());
    let mut html = String::from("<figure");
    if let Some(class) = get("class") {
        html.push_str(&format!(" class=\"{}\"", escape(&class)));
    }
    html.push('>');
    let link = get("link").and_then(|l| address(&l, links));
    if let Some(l) = &link {
        html.push_str(&format!("<a href=\"{}\"", escape(l)));
        if let Some(t) = get("target") {
            html.push_str(&format!(" target=\"{}\"", escape(&t)));
        }
        if let Some(r) = get("rel") {
            html.push_str(&format!(" rel=\"{}\"", escape(&r)));
        }
        html.push('>');
    }
    let alt = get("alt").or_else(|| caption.as_ref().map(|c| c.plain.clone()));
    html.push_str(&format!(
        "<img src=\"{}\"",
        escape(&address(src, links).unwrap_or_default())
    ));
    if let Some(alt) = &alt {
        html.push_str(&format!(" alt=\"{}\"", escape(alt)));
    }
    for k in ["width", "height"] {
        if let Some(v) = get(k) {
            html.push_str(&format!(" {k}=\"{}\"", escape(&v)));
        }
    }
    html.push('>');
    if link.is_some() {
        html.push_str("</a>");
    }
    let title = get("title");
    let attr = get("attr");
    if title.is_some() || caption.is_some() || attr.is_some() {
        html.push_str("<figcaption>");
        if let Some(t) = &title {
            html.push_str(&format!("<h4>{}</h4>", escape(t)));
        }
        if caption.is_some() || attr.is_some() {
            html.push_str("<p>");
            if let Some(c) = &caption {
                html.push_str(&c.html);
            }
            if let Some(a) = &attr {
                match get("attrlink").and_then(|l| address(&l, links)) {
                    Some(l) => {
                        html.push_str(&format!(" <a href=\"{}\">{}</a>", escape(&l), inline(a)))
                    }
                    None => html.push_str(&inline(a)),
                }
            }
            html.push_str("</p>");
        }
        html.push_str("</figcaption>");
    }
    html.push_str("</figure>");
    let text = alt.or(title).unwrap_or_default();
    Piece::same(html, text)
}

/// A video as a card that links to it: no player, no thumbnail, no request to the video
/// site until the reader follows the link.
pub(super) fn video(provider: &str, id: &str, title: Option<&str>) -> Piece {
    let (site, url) = match provider {
        "vimeo" => ("Vimeo", format!("https://vimeo.com/{}", encode(id))),
        _ => (
            "YouTube",
            format!("https://www.youtube.com/watch?v={}", encode(id)),
        ),
    };
    let label = title.map_or_else(|| format!("{site} video {id}"), str::to_string);
    let block = format!(
        "<figure class=\"embed video\" data-provider=\"{p}\"><a class=\"embed-link\" href=\"{u}\" rel=\"noopener\"><span class=\"embed-play\" aria-hidden=\"true\">▶</span> <span class=\"embed-title\">{l}</span> <span class=\"embed-site\">{s}</span></a></figure>",
        p = escape(provider),
        u = escape(&url),
        l = escape(&label),
        s = site,
    );
    let inline = format!(
        "<a href=\"{}\" rel=\"noopener\">{}</a>",
        escape(&url),
        escape(&label)
    );
    Piece {
        block,
        inline,
        text: label,
        kind: Kind::Whole,
    }
}

/// A link to a post on another site (a gist, a post on X or Instagram), as a card.
pub(super) fn link_card(kind: &str, url: &str, label: &str) -> Piece {
    let block = format!(
        "<figure class=\"embed link\" data-provider=\"{k}\"><a class=\"embed-link\" href=\"{u}\" rel=\"noopener\"><span class=\"embed-title\">{l}</span> <span class=\"embed-site\">{k}</span></a></figure>",
        k = escape(kind),
        u = escape(url),
        l = escape(label),
    );
    let inline = format!(
        "<a href=\"{}\" rel=\"noopener\">{}</a>",
        escape(url),
        escape(label)
    );
    Piece {
        block,
        inline,
        text: label.to_string(),
        kind: Kind::Whole,
    }
}

/// A call Quire cannot run: a quiet box with its name and parameters, and its inner
/// content rendered.
pub(super) fn boxed(name: &str, params: &str, inner: Option<&str>) -> Piece {
    let head = if params.is_empty() {
        format!("<code>{}</code>", escape(name))
    } else {
        format!(
            "<code>{}</code> <span class=\"shortcode-params\">{}</span>",
            escape(name),
            escape(params)
        )
    };
    let block = format!(
        "<aside class=\"shortcode\" data-shortcode=\"{}\"><p class=\"shortcode-name\">{head}</p>{}</aside>",
        escape(name),
        inner.unwrap_or("")
    );
    let inline = format!(
        "<span class=\"shortcode\" data-shortcode=\"{}\">{head}</span>",
        escape(name)
    );
    Piece {
        block,
        inline,
        text: name.to_string(),
        kind: Kind::Whole,
    }
}

/// A box's opening and closing HTML, around inner content the page renders in place.
pub(super) fn box_around(name: &str, params: &str) -> (Piece, Piece) {
    let whole = boxed(name, params, Some("\u{1}"));
    let (open, close) = whole
        .block
        .split_once('\u{1}')
        .unwrap_or((&whole.block, ""));
    (
        Piece::same(open.to_string(), name.to_string()),
        Piece::same(close.to_string(), String::new()),
    )
}

/// Text as an inline piece.
pub(super) fn text(s: &str) -> Piece {
    Piece::same(escape(s), s.to_string())
}

/// A link to a post that is not there, shown as such with the name it was given.
pub(super) fn missing_link(name: &str) -> Piece {
    Piece::same(
        format!(
            "<a class=\"missing-link\" title=\"No post named {n}\">{n}</a>",
            n = escape(name)
        ),
        name.to_string(),
    )
}

/// The text of rendered HTML: its tags dropped, its entities read.
pub(super) fn plain(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
        .trim()
        .to_string()
}

/// An id or name as one part of an address.
fn encode(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_stay_safe() {
        let links = AssetLinks::default();
        assert_eq!(address("a.png", &links).as_deref(), Some("a.png"));
        assert_eq!(address("/img/a.png", &links).as_deref(), Some("/img/a.png"));
        assert_eq!(
            address("https://ex.org/a.png", &links).as_deref(),
            Some("https://ex.org/a.png")
        );
        for bad in [
            "javascript:alert(1)",
            "//evil.example/x.png",
            "/\\evil.example/x.png",
            "../up.png",
            "data:x",
        ] {
            assert_eq!(address(bad, &links), None, "{bad}");
        }
        let v = video("youtube", "a\"b<c>", Some("<T>"));
        assert!(v.block.contains("watch?v=abc\""), "{}", v.block);
        assert!(v.block.contains("&lt;T&gt;"), "{}", v.block);
        assert!(!v.block.contains("<iframe"), "{}", v.block);
    }
}
