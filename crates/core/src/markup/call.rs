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
