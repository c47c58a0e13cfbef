//! WordPress's own markup made plain HTML before the Markdown conversion: the block
//! editor's comments (`<!-- wp:code {"language":"rust"} -->`), shortcodes (`[caption]`,
//! `[gallery]`, `[embed]`, `[audio]`, `[video]`, `[code]`), and the paragraphs the
//! classic editor stores as blank lines, which WordPress turns into `<p>` only when it
//! shows a post (`wpautop`).

/// A file of the old media library, as the export lists it (its bytes are not there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// `wp:post_id`: what `[gallery ids="…"]` and `_thumbnail_id` name.
    pub id: String,
    /// `wp:attachment_url`.
    pub url: String,
    /// Its title, used as the image's alternative text.
    pub title: String,
    /// `wp:post_parent`: the post it was uploaded to, which a `[gallery]` without ids shows.
    pub parent: String,
}

/// A post's `content:encoded` as HTML the converter reads: blocks' comments gone (a code
/// block's language kept on its `<pre>`), shortcodes expanded, paragraphs marked.
/// `post_id` and `attachments` resolve galleries.
pub fn to_html(content: &str, post_id: &str, attachments: &[Attachment]) -> String {
    let content = content.replace("\r\n", "\n");
    let content = strip_block_comments(&content);
    let content = expand_shortcodes(&content, post_id, attachments);
    autop(&content)
}

/// Removes `<!-- wp:… -->` and `<!-- /wp:… -->`, carrying a code block's `"language"`
/// to the `<pre>` that follows as `data-lang`.
fn strip_block_comments(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut language: Option<String> = None;
    while let Some(start) = rest.find("<!--") {
        push_with_language(&mut out, &rest[..start], &mut language);
        let comment = &rest[start..];
        let Some(end) = comment.find("-->") else {
            rest = comment;
            break;
        };
        let inner = comment[4..end].trim();
        let block = inner.starts_with("wp:") || inner.starts_with("/wp:");
        if !block && inner != "more" && !inner.starts_with("more ") && inner != "noteaser" {
            out.push_str(&comment[..end + 3]);
        } else if inner.starts_with("wp:") && inner.contains("code") {
            language = json_string(inner, "language").or_else(|| json_string(inner, "lang"));
        }
        rest = &comment[end + 3..];
    }
    push_with_language(&mut out, rest, &mut language);
    out
}

fn push_with_language(out: &mut String, text: &str, language: &mut Option<String>) {
    match (language.as_deref(), text.find("<pre")) {
        (Some(lang), Some(at)) => {
            let lang: String = lang
                .chars()
                .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '+' | '#' | '_'))
                .collect();
            out.push_str(&text[..at + 4]);
            out.push_str(&format!(" data-lang=\"{lang}\""));
            out.push_str(&text[at + 4..]);
            *language = None;
        }
        _ => out.push_str(text),
    }
}

/// The string value of `"key":"…"` in a block comment's JSON attributes.
fn json_string(json: &str, key: &str) -> Option<String> {
    let pattern = format!("\"{key}\"");
    let after = json[json.find(&pattern)? + pattern.len()..].trim_start();
    let after = after.strip_prefix(':')?.trim_start().strip_prefix('"')?;
    Some(after[..after.find('"')?].to_string())
}

/// The shortcodes this import understands; any other stays as text, where the author
/// sees it.
const KNOWN: &[&str] = &[
    "caption",
    "wp_caption",
    "gallery",
    "embed",
    "audio",
    "video",
    "code",
    "sourcecode",
];

/// Those that wrap content up to `[/name]`.
const ENCLOSING: &[&str] = &["caption", "wp_caption", "embed", "code", "sourcecode"];

fn expand_shortcodes(html: &str, post_id: &str, attachments: &[Attachment]) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let tag = &rest[open + 1..];
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let close = tag.find(']');
        let (true, Some(close)) = (KNOWN.contains(&name.as_str()), close) else {
            out.push('[');
            rest = tag;
            continue;
        };
        let attrs = attributes(&tag[name.len()..close]);
        let mut after = &tag[close + 1..];
        let mut content = "";
        if ENCLOSING.contains(&name.as_str()) || after.starts_with('[') {
            let end = format!("[/{name}]");
            if let Some(at) = after.find(&end) {
                content = &after[..at];
                after = &after[at + end.len()..];
            }
        }
        out.push_str(&expand(&name, &attrs, content, post_id, attachments));
        rest = after;
    }
    out.push_str(rest);
    out
}

/// `key="value"`, `key='value'`, `key=value` and bare values (as `""` keys).
fn attributes(s: &str) -> Vec<(String, String)> {
    let mut attrs = Vec::new();
    let mut rest = s.trim();
    while !rest.is_empty() {
        let key_end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let (key, after) = rest.split_at(key_end);
        let after = after.trim_start();
        if let Some(value) = after.strip_prefix('=') {
            let value = value.trim_start();
            let (val, next) = match value.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &value[1..];
                    let end = body.find(q).unwrap_or(body.len());
                    (&body[..end], body.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = value.find(char::is_whitespace).unwrap_or(value.len());
                    value.split_at(end)
                }
            };
            attrs.push((key.to_ascii_lowercase(), val.to_string()));
            rest = next.trim_start();
        } else {
            let bare = key.trim_matches(['"', '\'']);
            attrs.push((String::new(), bare.to_string()));
            rest = after;
        }
    }
    attrs
}

fn attr<'a>(attrs: &'a [(String, String)], keys: &[&str]) -> Option<&'a str> {
    keys.iter().find_map(|k| {
        attrs
            .iter()
            .find(|(key, v)| key == k && !v.is_empty())
            .map(|(_, v)| v.as_str())
    })
}

fn expand(
    name: &str,
    attrs: &[(String, String)],
    content: &str,
    post_id: &str,
    attachments: &[Attachment],
) -> String {
    match name {
        "caption" | "wp_caption" => {
            // The caption is the text after the image (or its link), or the old
            // `caption="…"` attribute.
            let split = content
                .rfind("</a>")
                .map(|i| i + 4)
                .or_else(|| content.rfind('>').map(|i| i + 1))
                .unwrap_or(0);
            let (image, text) = content.split_at(split);
            let text = attr(attrs, &["caption"]).unwrap_or(text).trim();
            format!("\n\n<figure>{image}<figcaption>{text}</figcaption></figure>\n\n")
        }
        "gallery" => gallery(attrs, post_id, attachments),
        "embed" => {
            let url = content.trim();
            format!("\n\n<p><a href=\"{url}\">{url}</a></p>\n\n")
        }
        "audio" | "video" => {
            let keys: &[&str] = if name == "audio" {
                &["src", "mp3", "m4a", "ogg", "wav", "wma", ""]
            } else {
                &["src", "mp4", "m4v", "webm", "ogv", "flv", ""]
            };
            let url = attr(attrs, keys).unwrap_or(content.trim());
            let file = url.rsplit('/').next().unwrap_or(url);
            let label = if name == "audio" { "Audio" } else { "Video" };
            format!("\n\n<p><a href=\"{url}\">{label}: {file}</a></p>\n\n")
        }
        _ => {
            // [code language="rust"]…[/code]: the code is raw text, not HTML.
            let lang = attr(attrs, &["language", "lang", ""]).unwrap_or("");
            let code = content
                .trim_matches('\n')
                .replace('&', "&amp;")
                .replace('<', "&lt;");
            format!("\n\n<pre data-lang=\"{lang}\"><code>{code}</code></pre>\n\n")
        }
    }
}

/// A gallery as a list of its images: those `ids` names, or else the files uploaded to
/// the post. Images the export does not list leave a note, so nothing vanishes silently.
fn gallery(attrs: &[(String, String)], post_id: &str, attachments: &[Attachment]) -> String {
    let ids: Vec<&str> = attr(attrs, &["ids", "include"])
        .map(|ids| {
            ids.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let images: Vec<&Attachment> = if ids.is_empty() {
        attachments.iter().filter(|a| a.parent == post_id).collect()
    } else {
        ids.iter()
            .filter_map(|id| attachments.iter().find(|a| a.id == *id))
            .collect()
    };
    let mut html = String::from("\n\n");
    if !images.is_empty() {
        html.push_str("<ul>");
        for a in &images {
            let alt = a.title.replace('"', "&quot;");
            html.push_str(&format!("<li><img src=\"{}\" alt=\"{alt}\"></li>", a.url));
        }
        html.push_str("</ul>");
    }
    let missing = if ids.is_empty() {
        0
    } else {
        ids.len() - images.len()
    };
    if images.is_empty() || missing > 0 {
        let which = if ids.is_empty() {
            String::new()
        } else {
            format!(" (ids {})", ids.join(", "))
        };
        let count = match (images.is_empty(), missing) {
            (true, _) => "A gallery".to_string(),
            (false, 1) => "1 more image of this gallery".to_string(),
            (false, n) => format!("{n} more images of this gallery"),
        };
        html.push_str(&format!(
            "<p><em>{count}{which} from the old blog: not in the export.</em></p>"
        ));
    }
    html.push_str("\n\n");
    html
}

/// Tags that start a block: a chunk beginning with one is HTML already, not a paragraph.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "audio",
    "blockquote",
    "caption",
    "center",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "iframe",
    "li",
    "nav",
    "noscript",
    "ol",
    "p",
    "pre",
    "script",
    "section",
    "style",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "video",
];

/// WordPress's `wpautop`, simplified: text between blank lines is a paragraph, and a
/// single line break inside one is a `<br>`. Code blocks are left as they are.
fn autop(html: &str) -> String {
    let mut chunks: Vec<String> = Vec::new();
    let mut chunk = String::new();
    let mut in_pre = false;
    for line in html.split('\n') {
        if line.trim().is_empty() && !in_pre {
            if !chunk.trim().is_empty() {
                chunks.push(std::mem::take(&mut chunk));
            }
            chunk.clear();
            continue;
        }
        if !chunk.is_empty() {
            chunk.push('\n');
        }
        chunk.push_str(line);
        let lower = line.to_ascii_lowercase();
        let opens = lower.matches("<pre").count();
        let closes = lower.matches("</pre>").count();
        in_pre = (in_pre || opens > 0) && opens + usize::from(in_pre) > closes;
    }
    if !chunk.trim().is_empty() {
        chunks.push(chunk);
    }
    chunks
        .into_iter()
        .map(|c| {
            let trimmed = c.trim();
            if starts_with_block(trimmed) {
                trimmed.to_string()
            } else {
                let lines: Vec<&str> = trimmed.lines().map(str::trim).collect();
                format!("<p>{}</p>", lines.join("<br>\n"))
            }
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn starts_with_block(chunk: &str) -> bool {
    let Some(tag) = chunk.strip_prefix('<') else {
        return false;
    };
    if tag.starts_with("!--") {
        return true;
    }
    let tag = tag.strip_prefix('/').unwrap_or(tag);
    let name: String = tag
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    BLOCK_TAGS.contains(&name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_from_blank_lines_but_not_in_code() {
        assert_eq!(
            autop("One\nline two\n\n<pre>a\n\nb</pre>\n\n<h2>H</h2>"),
            "<p>One<br>\nline two</p>\n\n<pre>a\n\nb</pre>\n\n<h2>H</h2>"
        );
    }

    #[test]
    fn block_comments_go_and_code_keeps_its_language() {
        let html = "<!-- wp:code {\"language\":\"rust\"} -->\n<pre class=\"wp-block-code\"><code>x</code></pre>\n<!-- /wp:code -->";
        assert_eq!(
            strip_block_comments(html),
            "\n<pre data-lang=\"rust\" class=\"wp-block-code\"><code>x</code></pre>\n"
        );
    }

    #[test]
    fn shortcode_attributes() {
        assert_eq!(
            attributes("id=\"a b\" width=300 align='left' https://x.org"),
            vec![
                ("id".to_string(), "a b".to_string()),
                ("width".to_string(), "300".to_string()),
                ("align".to_string(), "left".to_string()),
                (String::new(), "https://x.org".to_string()),
            ]
        );
    }
}
