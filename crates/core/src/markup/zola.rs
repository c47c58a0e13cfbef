//! Zola's shortcodes: `{{ name(key=value, …) }}` inline, `{% name(…) %}…{% end %}` around
//! a body, and `{{/* … */}}` / `{%/* … */%}` written out as the literal call.

use std::ops::Range;

use super::call::{self, tree, Node, Params, Tag};

/// The nodes of `text`; a body shortcode with no `{% end %}` stays text.
pub(super) fn parse(text: &str) -> Vec<Node> {
    tree(text, &lex(text))
}

fn lex(text: &str) -> Vec<(Range<usize>, Tag)> {
    let mut tags = Vec::new();
    let mut at = 0;
    while let Some((start, body, rest)) = call::next_opening(text, at) {
        let close = if body { "%}" } else { "}}" };
        match tag(rest, body, close) {
            Some((len, t)) => {
                tags.push((start..start + len, t));
                at = start + len;
            }
            None => at = start + 2,
        }
    }
    tags
}

/// The tag at the start of `rest`, and its length.
fn tag(rest: &str, body: bool, close: &str) -> Option<(usize, Tag)> {
    let inner_start = 2;
    let trimmed = rest[inner_start..].trim_start();
    if let Some(escaped) = trimmed.strip_prefix("/*") {
        let end = escaped.find("*/")?;
        let after = escaped[end + 2..].trim_start();
        if !after.starts_with(close) {
            return None;
        }
        let len = rest.len() - after.len() + close.len();
        let (open, shut) = if body { ("{%", "%}") } else { ("{{", "}}") };
        return Some((
            len,
            Tag::Literal(format!("{open}{}{shut}", &escaped[..end])),
        ));
    }
    if body && trimmed.starts_with("end") {
        let after = trimmed[3..].trim_start();
        if after.starts_with(close) {
            return Some((
                rest.len() - after.len() + close.len(),
                Tag::Close { name: None },
            ));
        }
        return None;
    }
    let name_len = trimmed
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(trimmed.len());
    if name_len == 0 || !trimmed[name_len..].starts_with('(') {
        return None;
    }
    let name = &trimmed[..name_len];
    let (params, used) = args(&trimmed[name_len + 1..])?;
    let after = trimmed[name_len + 1 + used..].trim_start();
    if !after.starts_with(close) {
        return None;
    }
    let len = rest.len() - after.len() + close.len();
    Some((
        len,
        Tag::Open {
            name: name.to_string(),
            params: Params::Named(params),
            paired: body,
            required: body,
        },
    ))
}

/// `key=value, …)`: the arguments and how many bytes up to and including the `)`.
fn args(s: &str) -> Option<(Vec<(String, String)>, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    let bytes = s.as_bytes();
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b',') {
            i += 1;
        }
        if bytes.get(i) == Some(&b')') {
            return Some((out, i + 1));
        }
        let key_len = s[i..].find(|c: char| !(c.is_alphanumeric() || c == '_'))?;
        if key_len == 0 {
            return None;
        }
        let key = s[i..i + key_len].to_string();
        i += key_len;
        i += s[i..].len() - s[i..].trim_start().len();
        if bytes.get(i) != Some(&b'=') {
            return None;
        }
        i += 1;
        i += s[i..].len() - s[i..].trim_start().len();
        let (value, used) = value(&s[i..])?;
        out.push((key, value));
        i += used;
    }
}

/// A value: a string in `"`, `'` or `` ` ``, an array `[…]`, or a bare number or word.
fn value(s: &str) -> Option<(String, usize)> {
    let first = s.chars().next()?;
    match first {
        '"' | '\'' | '`' => {
            let end = s[1..].find(first)? + 1;
            Some((s[1..end].to_string(), end + 1))
        }
        '[' => {
            let end = s.find(']')?;
            Some((s[..=end].to_string(), end + 1))
        }
        _ => {
            let end = s
                .find(|c: char| c == ',' || c == ')' || c.is_whitespace())
                .unwrap_or(s.len());
            (end > 0).then(|| (s[..end].to_string(), end))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::call::Call;

    #[test]
    fn inline_body_and_escaped() {
        let text = r#"{{ youtube(id="dQw4", autoplay=true) }} {% quote(author='Ann') %}Hi {{ b(x=[1, 2]) }}{% end %} {{/* x() */}} {{ not a call }}"#;
        let nodes = parse(text);
        let calls: Vec<&Call> = nodes
            .iter()
            .filter_map(|n| match n {
                Node::Call(c) => Some(c),
                _ => None,
            })
            .collect();
        assert_eq!(calls.len(), 2);
        assert_eq!(calls[0].named("id").as_deref(), Some("dQw4"));
        assert_eq!(calls[0].named("autoplay").as_deref(), Some("true"));
        assert_eq!(calls[1].named("author").as_deref(), Some("Ann"));
        assert_eq!(
            &text[calls[1].inner.clone().unwrap()],
            "Hi {{ b(x=[1, 2]) }}"
        );
        assert!(nodes
            .iter()
            .any(|n| matches!(n, Node::Literal(s) if s == "{{ x() }}")));
    }
}
