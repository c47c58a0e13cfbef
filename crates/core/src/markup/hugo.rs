//! Hugo's shortcodes, parsed as Hugo's page lexer reads them: `{{< name params >}}` (its
//! output is HTML) and `{{% name params %}}` (its output is Markdown of the page), paired
//! with `{{< /name >}}` or closed in place with `/>}}`, and `{{</* … */>}}` written out as
//! the literal shortcode, the way Hugo's own documentation shows one.

use std::ops::Range;

use super::call::{tree, Node, Params, Tag};

/// A delimiter pair: `<` for HTML shortcodes, `%` for Markdown ones.
const MARKS: [u8; 2] = [b'<', b'%'];

/// The nodes of `text`: plain text and shortcode calls, each paired call holding its
/// inner text's range. A tag that does not parse stays text, as Hugo's error would leave
/// the author to fix it; a closing tag with no opening one is dropped.
pub(super) fn parse(text: &str) -> Vec<Node> {
    tree(text, &lex(text))
}

/// The tags of `text`, with their byte ranges, in order.
fn lex(text: &str) -> Vec<(Range<usize>, Tag)> {
    let bytes = text.as_bytes();
    let mut tags = Vec::new();
    let mut at = 0;
    while let Some(off) = text[at..].find("{{") {
        let start = at + off;
        let Some(&mark) = bytes.get(start + 2) else {
            break;
        };
        if !MARKS.contains(&mark) {
            at = start + 2;
            continue;
        }
        // A tag does not span a blank line: it is read within its paragraph only, so a
        // post of many lone `{{<` is not read to its end for each.
        let paragraph = text[start..].find("\n\n").map_or(text.len(), |k| start + k);
        match tag(&text[..paragraph], start, mark) {
            Some((end, t)) => {
                tags.push((start..end, t));
                at = end;
            }
            None => at = start + 2,
        }
    }
    tags
}

/// The tag opening at `start` (`{{` and `mark`), and where it ends.
fn tag(text: &str, start: usize, mark: u8) -> Option<(usize, Tag)> {
    let close = if mark == b'<' { ">}}" } else { "%}}" };
    let mut i = skip_space(text, start + 3);
    if text[i..].starts_with("/*") {
        // The escape: everything to `*/` and the closing delimiter is the tag's own text.
        let end = text[i + 2..].find("*/")? + i + 2;
        let after = skip_space(text, end + 2);
        if !text[after..].starts_with(close) {
            return None;
        }
        let open = if mark == b'<' { "{{<" } else { "{{%" };
        let inner = &text[i + 2..end];
        return Some((after + 3, Tag::Literal(format!("{open}{inner}{close}"))));
    }
    let closing = text[i..].starts_with('/');
    if closing {
        i = skip_space(text, i + 1);
    }
    let name_end = i + text[i..]
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '/' | '.')))
        .unwrap_or(text.len() - i);
    let name = text[i..name_end].trim_end_matches('/');
    if name.is_empty() {
        return None;
    }
    let name = name.to_string();
    i += name.len();
    let mut named = Vec::new();
    let mut positional = Vec::new();
    loop {
        i = skip_space(text, i);
        let rest = &text[i..];
        if rest.starts_with(close) {
            let params = if named.is_empty() {
                Params::Positional(positional)
            } else {
                Params::Named(named)
            };
            let tag = if closing {
                Tag::Close { name: Some(name) }
            } else {
                Tag::Open {
                    name,
                    params,
                    paired: true,
                    required: false,
                }
            };
            return Some((i + 3, tag));
        }
        if rest.starts_with('/') && text[skip_space(text, i + 1)..].starts_with(close) {
            let end = skip_space(text, i + 1) + 3;
            if closing {
                return None;
            }
            let params = if named.is_empty() {
                Params::Positional(positional)
            } else {
                Params::Named(named)
            };
            return Some((
                end,
                Tag::Open {
                    name,
                    params,
                    paired: false,
                    required: false,
                },
            ));
        }
        if closing || rest.is_empty() || rest.starts_with("}}") {
            return None;
        }
        let (value, next) = value(text, i)?;
        if text[next..].starts_with('=') && value.quoted.is_none() {
            // `key=value`: Hugo does not mix named and positional parameters.
            if !positional.is_empty() {
                return None;
            }
            let (v, after) = value_of(text, next + 1)?;
            named.push((value.text, v));
            i = after;
        } else {
            if !named.is_empty() {
                return None;
            }
            positional.push(value.text);
            i = next;
        }
    }
}

/// A parameter word and whether it was quoted.
struct Word {
    text: String,
    quoted: Option<char>,
}

/// A value after `=`.
fn value_of(text: &str, at: usize) -> Option<(String, usize)> {
    value(text, at).map(|(w, end)| (w.text, end))
}

/// The word at `at`: `"quoted \" text"`, `` `raw text` ``, or a bare word up to a space,
/// `=`, or the closing delimiter.
fn value(text: &str, at: usize) -> Option<(Word, usize)> {
    let rest = &text[at..];
    let first = rest.chars().next()?;
    match first {
        '"' => {
            let mut out = String::new();
            let mut chars = rest.char_indices().skip(1);
            while let Some((k, c)) = chars.next() {
                match c {
                    '\\' => {
                        let (_, e) = chars.next()?;
                        match e {
                            '"' | '\\' => out.push(e),
                            'n' => out.push('\n'),
                            't' => out.push('\t'),
                            other => {
                                out.push('\\');
                                out.push(other);
                            }
                        }
                    }
                    '"' => {
                        return Some((
                            Word {
                                text: out,
                                quoted: Some('"'),
                            },
                            at + k + 1,
                        ))
                    }
                    c => out.push(c),
                }
            }
            None
        }
        '`' => {
            let end = rest[1..].find('`')? + 1;
            Some((
                Word {
                    text: rest[1..end].to_string(),
                    quoted: Some('`'),
                },
                at + end + 1,
            ))
        }
        _ => {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '=')
                .unwrap_or(rest.len());
            let mut word = &rest[..end];
            // A bare word runs up to the closing delimiter, not into it.
            for close in [">}}", "%}}", "/>}}", "/%}}"] {
                if let Some(k) = word.find(close) {
                    word = &word[..k];
                }
            }
            if word.is_empty() {
                return None;
            }
            Some((
                Word {
                    text: word.to_string(),
                    quoted: None,
                },
                at + word.len(),
            ))
        }
    }
}

fn skip_space(text: &str, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    while i < bytes.len() && bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::call::Call;

    fn calls(text: &str) -> Vec<Call> {
        parse(text)
            .into_iter()
            .filter_map(|n| match n {
                Node::Call(c) => Some(c),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn named_positional_quoted_and_raw() {
        let c = &calls(r#"a {{< figure src="a.png" caption="Say \"hi\"" >}} b"#)[0];
        assert_eq!(c.name, "figure");
        assert_eq!(c.param("src", 0).as_deref(), Some("a.png"));
        assert_eq!(c.param("caption", 9).as_deref(), Some("Say \"hi\""));
        let c = &calls("{{< youtube w7Ft2ymGmfc >}}")[0];
        assert_eq!(c.param("id", 0).as_deref(), Some("w7Ft2ymGmfc"));
        let c = &calls("{{% highlight go `linenos=table,hl_lines=2` %}}x{{% /highlight %}}")[0];
        assert_eq!(c.param("", 1).as_deref(), Some("linenos=table,hl_lines=2"));
        assert_eq!(c.inner.clone().map(|r| r.len()), Some(1));
    }

    #[test]
    fn pairs_nest_and_close_in_place() {
        let text = "{{< box >}}A {{< box >}}B{{< /box >}} {{< br />}}C{{< /box >}} {{< x />}}";
        let top = calls(text);
        assert_eq!(top.len(), 2);
        assert_eq!(top[0].name, "box");
        let inner: Vec<_> = top[0]
            .children
            .iter()
            .filter_map(|n| match n {
                Node::Call(c) => Some(c.name.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(inner, ["box", "br"]);
        assert_eq!(top[1].name, "x");
        assert!(top[1].inner.is_none());
    }

    #[test]
    fn escapes_are_literal_and_bad_tags_stay_text() {
        let nodes = parse("see {{</* figure src=\"x\" */>}} and {{%/* y */%}}");
        let lits: Vec<_> = nodes
            .iter()
            .filter_map(|n| match n {
                Node::Literal(s) => Some(s.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(lits, [r#"{{< figure src="x" >}}"#, "{{% y %}}"]);
        for text in [
            "{{< >}}",
            "{{< a b=1 c >}}",
            "{{< a \"open >}}",
            "{{ plain }}",
            "{{<",
        ] {
            assert!(calls(text).is_empty(), "{text}");
        }
    }
}
