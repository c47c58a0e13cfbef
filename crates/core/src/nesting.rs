//! A ceiling on how deeply a rendered post nests.
//!
//! Markdown lets `>` and list markers nest without end, and emphasis too. comrak parses
//! five hundred nested quotes in a blink, but a webview laying out five hundred nested
//! boxes takes seconds per change, and a reader follows a handful. Past
//! [`MAX_BLOCK_DEPTH`] quotes and lists (and [`MAX_INLINE_DEPTH`] emphases), deeper ones
//! are flattened into the deepest one allowed: every block and word is kept, in order,
//! only the extra levels go.
//!
//! This is done on the tree every render makes, so the preview and the export flatten
//! alike: what the author sees is what is published.

use comrak::nodes::{AstNode, NodeValue};

/// Quotes and lists (an item is its list's level) deeper than this are flattened.
pub const MAX_BLOCK_DEPTH: usize = 32;

/// Emphasis, strong, strikethrough and the like, nested deeper than this, are flattened.
pub const MAX_INLINE_DEPTH: usize = 32;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A list: it nests like a quote, and its items go with it.
    List,
    Item,
    Quote,
    Inline,
    Other,
}

fn kind(node: &AstNode<'_>) -> Kind {
    match node.data().value {
        NodeValue::List(_) => Kind::List,
        NodeValue::Item(_) | NodeValue::TaskItem(_) => Kind::Item,
        NodeValue::BlockQuote | NodeValue::MultilineBlockQuote(_) | NodeValue::Alert(_) => {
            Kind::Quote
        }
        NodeValue::Emph
        | NodeValue::Strong
        | NodeValue::Strikethrough
        | NodeValue::Highlight
        | NodeValue::Superscript
        | NodeValue::Underline
        | NodeValue::Subscript
        | NodeValue::SpoileredText => Kind::Inline,
        _ => Kind::Other,
    }
}

/// Flattens what nests deeper than the ceilings, in place. Iterative, like comrak's own
/// walks: the depth of a hostile post never reaches the stack.
pub fn flatten<'a>(root: &'a AstNode<'a>) {
    let mut unwrap = Vec::new();
    // A node, its quote-and-list depth and inline depth, and whether its list goes.
    let mut stack = vec![(root, 0usize, 0usize, false)];
    while let Some((node, blocks, inlines, list_goes)) = stack.pop() {
        let kind = kind(node);
        let (b, i, deep) = match kind {
            Kind::List | Kind::Quote => (blocks + 1, inlines, blocks + 1 > MAX_BLOCK_DEPTH),
            Kind::Inline => (blocks, inlines + 1, inlines + 1 > MAX_INLINE_DEPTH),
            // Never a list item without its list.
            Kind::Item => (blocks, inlines, list_goes),
            Kind::Other => (blocks, inlines, false),
        };
        // Below a node that goes, the depth is what it will be once it has gone.
        let (b, i) = match deep {
            true => {
                unwrap.push(node);
                (blocks, inlines)
            }
            false => (b, i),
        };
        for child in node.children() {
            stack.push((child, b, i, deep && kind == Kind::List));
        }
    }
    for node in unwrap {
        while let Some(child) = node.first_child() {
            node.insert_before(child);
        }
        node.detach();
    }
}

#[cfg(test)]
mod tests {
    use crate::markdown::{render, AssetLinks};

    fn html(md: &str) -> String {
        render(md, false, &AssetLinks::default(), false).html
    }

    #[test]
    fn quotes_past_the_ceiling_are_flattened_with_every_word_kept() {
        let md: String = (1..=500)
            .map(|d| format!("{} level {d}\n", ">".repeat(d)))
            .collect();
        let out = html(&md);
        assert_eq!(out.matches("<blockquote>").count(), super::MAX_BLOCK_DEPTH);
        for d in [1, 32, 33, 250, 500] {
            assert!(out.contains(&format!("level {d}</p>")), "level {d}");
        }
        let at = |d: usize| out.find(&format!("level {d}<")).unwrap();
        assert!(at(33) < at(250) && at(250) < at(500), "in order");
    }

    #[test]
    fn deep_lists_keep_their_items_whole() {
        let md: String = (0..200)
            .map(|d| format!("{}- item {d}\n", "  ".repeat(d)))
            .collect();
        let out = html(&md);
        assert_eq!(out.matches("<ul>").count(), super::MAX_BLOCK_DEPTH);
        assert_eq!(out.matches("<li>").count(), super::MAX_BLOCK_DEPTH);
        assert!(out.contains("item 0") && out.contains("item 199"));
        assert_eq!(out.matches("<ul>").count(), out.matches("</ul>").count());
    }

    #[test]
    fn deep_emphasis_is_flattened() {
        let md = format!("{}deep{}\n", "*".repeat(2000), "*".repeat(2000));
        let out = html(&md);
        let levels = out.matches("<em>").count() + out.matches("<strong>").count();
        assert!(levels <= super::MAX_INLINE_DEPTH, "{levels} levels");
        assert!(out.contains("deep"));
    }

    #[test]
    fn ordinary_nesting_is_left_alone() {
        let md = "> quote\n>\n> > inner\n\n- a\n  - b\n    - c\n\n***both*** and ~~*x*~~\n";
        let out = html(md);
        assert_eq!(out.matches("<blockquote>").count(), 2);
        assert_eq!(out.matches("<ul>").count(), 3);
        assert!(out.contains("<em><strong>both</strong></em>"));
    }
}
