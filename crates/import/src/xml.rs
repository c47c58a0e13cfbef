//! A WXR file as a tree of elements: small enough to hold whole (a blog of 5,000 posts
//! is tens of megabytes), and read once, so a malformed file fails before any post is
//! converted.

use std::path::Path;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::error::line_column;
use crate::{Error, Result};

/// An element with its attributes, its text (CDATA included) and its child elements.
#[derive(Debug, Clone, Default)]
pub(crate) struct Element {
    /// The qualified name as written (`wp:post_type`): WXR's prefixes are fixed.
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub text: String,
    pub children: Vec<Element>,
    /// Byte offset of the start tag, for errors that name a line.
    pub offset: usize,
}

impl Element {
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The text of the child `name`, trimmed; empty when there is none.
    pub fn text_of(&self, name: &str) -> &str {
        self.child(name).map_or("", |c| c.text.trim())
    }

    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The root element of `text`, the file at `path`; a syntax error or a file that ends
/// inside an element (a cut-off download) is an error with the line and column.
pub(crate) fn parse(text: &str, path: &Path) -> Result<Element> {
    let syntax = |offset: usize, reason: String| {
        let (line, column) = line_column(text, offset);
        Error::Syntax {
            path: path.to_path_buf(),
            line,
            column,
            reason,
        }
    };
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Element> = vec![Element::default()];
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader
            .read_event()
            .map_err(|e| syntax(reader.error_position() as usize, e.to_string()))?;
        let top = stack.last_mut().expect("the stack holds the document");
        match event {
            Event::Start(start) => {
                stack.push(element(&start, before).map_err(|e| syntax(before, e))?)
            }
            Event::Empty(start) => top
                .children
                .push(element(&start, before).map_err(|e| syntax(before, e))?),
            Event::End(_) => {
                let done = stack.pop().expect("quick-xml matches end tags");
                stack
                    .last_mut()
                    .expect("an end tag closes an element inside the document")
                    .children
                    .push(done);
            }
            Event::Text(t) => top.text.push_str(&t.xml10_content()),
            Event::CData(c) => top.text.push_str(&c.xml10_content()),
            Event::GeneralRef(r) => match r.resolve_char_ref() {
                Ok(Some(c)) => top.text.push(c),
                Ok(None) => top.text.push_str(
                    predefined(&r)
                        .ok_or_else(|| syntax(before, format!("unknown entity `&{};`", &*r)))?,
                ),
                Err(e) => return Err(syntax(before, e.to_string())),
            },
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if stack.len() > 1 {
        let open = stack.last().expect("more than the document");
        let (line, _) = line_column(text, open.offset);
        return Err(syntax(
            text.len(),
            format!(
                "the file ends inside <{}> (opened on line {line}); it may be cut off",
                open.name
            ),
        ));
    }
    let mut doc = stack.pop().expect("the document");
    doc.children
        .pop()
        .filter(|_| doc.children.is_empty())
        .ok_or_else(|| syntax(0, "there is no root element".into()))
}

fn element(start: &BytesStart, offset: usize) -> Result<Element, String> {
    let mut element = Element {
        name: start.name().as_ref().to_string(),
        offset,
        ..Element::default()
    };
    for attr in start.attributes() {
        let attr = attr.map_err(|e| e.to_string())?;
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|e| e.to_string())?;
        element
            .attrs
            .push((attr.key.as_ref().to_string(), value.into_owned()));
    }
    Ok(element)
}

fn predefined(name: &str) -> Option<&'static str> {
    Some(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => return None,
    })
}
