//! Jekyll's Liquid in a post: `{% tag args %}`, block tags closed by `{% endtag %}`, and
//! `{{ variable | filter }}` outputs; `-` at either delimiter trims space, as in Liquid.

use std::ops::Range;

use super::call::{self, Call, Mark, Node, Params};

/// One Liquid tag or output, as the lexer found it.
#[derive(Debug)]
struct Tag {
    start: usize,
    end: usize,
    /// `{{ … }}` rather than `{% … %}`.
    output: bool,
    /// What is between the delimiters, trimmed.
    body: String,
}

impl Tag {
    fn name(&self) -> &str {
        self.body.split_whitespace().next().unwrap_or("")
    }

    fn args(&self) -> &str {
        self.body[self.name().len()..].trim()
    }
}

/// The nodes of `text`. `{% raw %}` keeps its text literal and `{% comment %}` hides
/// its; a block tag is paired with its `end` tag; a tag that does not close stays text.
pub(super) fn parse(text: &str) -> Vec<Node> {
    let tags = lex(text);
    let mut nodes = Vec::new();
    let ends = pairs(&tags);
    build(text, &tags, &ends, 0, tags.len(), 0..text.len(), &mut nodes);
    nodes
}

fn lex(text: &str) -> Vec<Tag> {
    let mut tags = Vec::new();
    let mut at = 0;
    while let Some((start, percent, rest)) = call::next_opening(text, at) {
        let (output, close) = if percent { (false, "%}") } else { (true, "}}") };
        let Some(len) = rest[2..].find(close) else {
            at = start + 2;
            continue;
        };
        let inner = &rest[2..2 + len];
        // `{{` in prose, with another tag's opening before this closing: not a tag.
        if inner.contains('{') {
            at = start + 2;
            continue;
        }
        let body = inner.trim_start_matches('-').trim_end_matches('-').trim();
        if body.is_empty() {
            at = start + 2;
            continue;
        }
        let end = start + 2 + len + 2;
        tags.push(Tag {
            start,
            end,
            output,
            body: body.to_string(),
        });
        // Inside `raw`, nothing is a tag until `endraw`.
        if !output && body == "raw" {
            match find_end(text, end, "endraw") {
                Some((s, e)) => {
                    tags.push(Tag {
                        start: s,
                        end: e,
                        output: false,
                        body: "endraw".into(),
                    });
                    at = e;
                }
                None => at = end,
            }
            continue;
        }
        at = end;
    }
    tags
}

/// The `{% name %}` tag at or after `from`.
fn find_end(text: &str, from: usize, name: &str) -> Option<(usize, usize)> {
    let mut at = from;
    while let Some(off) = text[at..].find("{%") {
        let start = at + off;
        let len = text[start + 2..].find("%}")?;
        let body = text[start + 2..start + 2 + len]
            .trim_start_matches('-')
            .trim_end_matches('-')
            .trim();
        if body == name {
            return Some((start, start + 2 + len + 2));
        }
        at = start + 2;
    }
    None
}

fn build(
    text: &str,
    tags: &[Tag],
    ends: &[Option<usize>],
    from: usize,
    to: usize,
    range: Range<usize>,
    out: &mut Vec<Node>,
) {
    let mut at = range.start;
    let mut k = from;
    while k < to {
        let tag = &tags[k];
        if tag.start > at {
            out.push(Node::Text(at..tag.start));
        }
        let name = tag.name().to_string();
        if tag.output {
            out.push(Node::Call(Call {
                name: "=".into(),
                params: Params::Positional(vec![tag.body.clone()]),
                source: text[tag.start..tag.end].to_string(),
                inner: None,
                children: Vec::new(),
            }));
            at = tag.end;
            k += 1;
            continue;
        }
        if name.starts_with("end") && name.len() > 3 {
            // An end tag whose opening tag is not there: nothing to show.
            at = tag.end;
            k += 1;
            continue;
        }
        let close = ends[k].filter(|&c| c < to);
        let mut call = Call {
            name: name.clone(),
            params: Params::Positional(words(tag.args())),
            source: text[tag.start..tag.end].to_string(),
            inner: None,
            children: Vec::new(),
        };
        match close {
            Some(c) => {
                let inner = tag.end..tags[c].start;
                match name.as_str() {
                    "raw" => {
                        out.push(Node::Literal(text[inner].to_string()));
                        at = tags[c].end;
                        k = c + 1;
                        continue;
                    }
                    "comment" => {
                        at = tags[c].end;
                        k = c + 1;
                        continue;
                    }
                    // Code is shown as written: no tag inside it is run.
                    "highlight" => {}
                    _ => build(
                        text,
                        tags,
                        ends,
                        k + 1,
                        c,
                        inner.clone(),
                        &mut call.children,
                    ),
                }
                call.source = text[tag.start..tags[c].end].to_string();
                call.inner = Some(inner);
                at = tags[c].end;
                k = c + 1;
            }
            None => {
                at = tag.end;
                k += 1;
            }
        }
        out.push(Node::Call(call));
    }
    if at < range.end {
        out.push(Node::Text(at..range.end));
    }
}

/// For each block tag, the index of the `end…` tag that closes it, the same tag opened
/// again in between counted.
fn pairs(tags: &[Tag]) -> Vec<Option<usize>> {
    call::pairs(tags.iter().map(|tag| {
        let name = tag.name();
        match name.strip_prefix("end").filter(|n| !n.is_empty()) {
            _ if tag.output => Mark::Neither,
            Some(opened) => Mark::Closes(Some(opened)),
            None => Mark::Opens(name),
        }
    }))
}

/// A tag's arguments as words, a quoted string one word without its quotes.
pub(super) fn words(args: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = args.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut word = String::new();
        if c == '"' || c == '\'' {
            chars.next();
            for d in chars.by_ref() {
                if d == c {
                    break;
                }
                word.push(d);
            }
        } else {
            while let Some(&d) = chars.peek() {
                if d.is_whitespace() {
                    break;
                }
                word.push(d);
                chars.next();
            }
        }
        out.push(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(nodes: &[Node]) -> Vec<String> {
        nodes
            .iter()
            .map(|n| match n {
                Node::Text(_) => "text".to_string(),
                Node::Literal(s) => format!("literal:{s}"),
                Node::Call(c) => c.name.clone(),
            })
            .collect()
    }

    #[test]
    fn raw_comment_blocks_and_outputs() {
        let text = "A {{ site.url }} {% raw %}{{ x }}{% endraw %}{% comment %}no{% endcomment %}\n\
                    {% highlight ruby linenos %}\n{{ code }}\n{% endhighlight %} {% include note.html %}";
        let nodes = parse(text);
        assert_eq!(
            names(&nodes),
            [
                "text",
                "=",
                "text",
                "literal:{{ x }}",
                "text",
                "highlight",
                "text",
                "include"
            ]
        );
        let Node::Call(h) = &nodes[5] else { panic!() };
        assert_eq!(h.param("", 0).as_deref(), Some("ruby"));
        assert_eq!(&text[h.inner.clone().unwrap()], "\n{{ code }}\n");
        assert!(h.children.is_empty());
    }

    #[test]
    fn trim_marks_and_unclosed() {
        let nodes = parse("{%- post_url 2010-07-21-name -%} {{ oops");
        assert_eq!(names(&nodes), ["post_url", "text"]);
        assert_eq!(words(r#"a "b c" 'd'"#), ["a", "b c", "d"]);
    }
}
