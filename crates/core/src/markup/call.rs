//! What the three generators' tags have in common once parsed: a named call with
//! parameters, maybe around inner text.

use std::ops::Range;

/// A shortcode's or tag's parameters: by name, or by position (Hugo does not mix them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Params {
    Named(Vec<(String, String)>),
    Positional(Vec<String>),
}

/// A piece of a post's text, as a generator's template language sees it.
#[derive(Debug, Clone)]
pub(super) enum Node {
    /// Text with no tag in it: Markdown for the page.
    Text(Range<usize>),
    /// Text to show as it is written (an escaped shortcode, a `{% raw %}` block).
    Literal(String),
    /// A shortcode, tag or variable.
    Call(Call),
}

/// One shortcode or tag.
#[derive(Debug, Clone)]
pub(super) struct Call {
    /// Its name (`figure`, `highlight`, `post_url`; `page.title` for a variable).
    pub name: String,
    pub params: Params,
    /// The call as written, opening to closing tag: what a box shows of a call Quire
    /// cannot run.
    pub source: String,
    /// The text between its opening and closing tags, for a paired call.
    pub inner: Option<Range<usize>>,
    /// The inner text's nodes.
    pub children: Vec<Node>,
}

impl Call {
    /// The parameter named `name`, or else the one at `position`.
    pub fn param(&self, name: &str, position: usize) -> Option<String> {
        match &self.params {
            Params::Named(named) => named
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone()),
            Params::Positional(values) => values.get(position).cloned(),
        }
    }

    /// The named parameter `name` only.
    pub fn named(&self, name: &str) -> Option<String> {
        match &self.params {
            Params::Named(named) => named
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone()),
            Params::Positional(_) => None,
        }
    }

    /// The parameters as a reader would read them: `src="a.png" caption="A"`, or the
    /// positional values.
    pub fn params_text(&self) -> String {
        match &self.params {
            Params::Named(named) => named
                .iter()
                .map(|(k, v)| format!("{k}=\"{v}\""))
                .collect::<Vec<_>>()
                .join(" "),
            Params::Positional(values) => values
                .iter()
                .map(|v| {
                    if v.contains(char::is_whitespace) || v.is_empty() {
                        format!("\"{v}\"")
                    } else {
                        v.clone()
                    }
                })
                .collect::<Vec<_>>()
                .join(" "),
        }
    }
}

/// A shortcode tag as a lexer (Hugo's, Zola's) found it, before it is paired.
#[derive(Debug)]
pub(super) enum Tag {
    /// Opens a call. `paired`: a closing tag may follow (not Hugo's `/>}}`); `required`:
    /// one must, or the tag stays text (Zola's body shortcodes).
    Open {
        name: String,
        params: Params,
        paired: bool,
        required: bool,
    },
    /// Closes the open call named `name`, or the innermost one (Zola's `{% end %}`).
    Close { name: Option<String> },
    /// An escaped tag, written out as this text.
    Literal(String),
}

/// What a tag does to the calls open around it, for [`pairs`].
pub(super) enum Mark<'a> {
    Opens(&'a str),
    /// Closes the innermost open call of that name, or of any name.
    Closes(Option<&'a str>),
    Neither,
}

/// For each opening tag, the index of the tag that closes it: the first closing tag of
/// its name that no later opening of the same name took. One pass, as a post may hold
/// hundreds of tags.
pub(super) fn pairs<'a>(marks: impl Iterator<Item = Mark<'a>>) -> Vec<Option<usize>> {
    let mut closes = Vec::new();
    let mut open: Vec<(usize, &str)> = Vec::new();
    for (k, mark) in marks.enumerate() {
        closes.push(None);
        match mark {
            Mark::Opens(name) => open.push((k, name)),
            Mark::Closes(name) => {
                let found = match name {
                    Some(name) => open.iter().rposition(|(_, n)| *n == name),
                    None => open.len().checked_sub(1),
                };
                if let Some(pos) = found {
                    closes[open[pos].0] = Some(k);
                    open.remove(pos);
                }
            }
            Mark::Neither => {}
        }
    }
    closes
}

/// The nodes of `text` from its tags: text between them, escaped tags as literal text,
/// and calls, each paired one around the nodes of its inner text. A closing tag with no
/// opening one is dropped.
pub(super) fn tree(text: &str, tags: &[(Range<usize>, Tag)]) -> Vec<Node> {
    let closes = pairs(tags.iter().map(|(_, tag)| match tag {
        Tag::Open {
            name, paired: true, ..
        } => Mark::Opens(name),
        Tag::Close { name } => Mark::Closes(name.as_deref()),
        _ => Mark::Neither,
    }));
    let mut nodes = Vec::new();
    build(
        text,
        tags,
        &closes,
        0..tags.len(),
        0..text.len(),
        &mut nodes,
    );
    nodes
}

fn build(
    text: &str,
    tags: &[(Range<usize>, Tag)],
    closes: &[Option<usize>],
    of: Range<usize>,
    range: Range<usize>,
    out: &mut Vec<Node>,
) {
    let mut at = range.start;
    let mut k = of.start;
    while k < of.end {
        let (span, tag) = &tags[k];
        if span.start > at {
            out.push(Node::Text(at..span.start));
        }
        at = span.end;
        k += 1;
        let Tag::Open {
            name,
            params,
            required,
            ..
        } = tag
        else {
            if let Tag::Literal(s) = tag {
                out.push(Node::Literal(s.clone()));
            }
            continue;
        };
        let mut call = Call {
            name: name.clone(),
            params: params.clone(),
            source: text[span.clone()].to_string(),
            inner: None,
            children: Vec::new(),
        };
        match closes[k - 1].filter(|&c| c < of.end) {
            Some(close) => {
                let inner = span.end..tags[close].0.start;
                build(
                    text,
                    tags,
                    closes,
                    k..close,
                    inner.clone(),
                    &mut call.children,
                );
                call.inner = Some(inner);
                call.source = text[span.start..tags[close].0.end].to_string();
                at = tags[close].0.end;
                k = close + 1;
            }
            // Never closed where it must be: the text stays as it is.
            None if *required => {
                out.push(Node::Text(span.clone()));
                continue;
            }
            None => {}
        }
        out.push(Node::Call(call));
    }
    if at < range.end {
        out.push(Node::Text(at..range.end));
    }
}

/// The next `{{` or `{%` in `text` from `at`, as Liquid and Zola open their tags: where
/// it is, whether it is `{%`, and the text from it to the end of its paragraph, as a tag
/// does not span a blank line (nor is a post of many lone `{{` read to its end for each).
pub(super) fn next_opening(text: &str, mut at: usize) -> Option<(usize, bool, &str)> {
    while let Some(off) = text[at..].find('{') {
        let start = at + off;
        let rest = &text[start..];
        let percent = rest.starts_with("{%");
        if percent || rest.starts_with("{{") {
            let paragraph = rest.find("\n\n").unwrap_or(rest.len());
            return Some((start, percent, &rest[..paragraph]));
        }
        at = start + 1;
    }
    None
}
