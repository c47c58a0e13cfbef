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
enum Nests {
    Block,
    Inline,
    No,
}

fn nests(node: &AstNode<'_>) -> Nests {
    match node.data().value {
        NodeValue::BlockQuote
        | NodeValue::MultilineBlockQuote(_)
        | NodeValue::Alert(_)
        | NodeValue::List(_) => Nests::Block,
        NodeValue::Emph
        | NodeValue::Strong
        | NodeValue::Strikethrough
        | NodeValue::Highlight
        | NodeValue::Superscript
        | NodeValue::Underline
        | NodeValue::Subscript
        | NodeValue::SpoileredText => Nests::Inline,
        _ => Nests::No,
    }
}

/// Flattens what nests deeper than the ceilings, in place; says how many levels went.
/// Iterative, like comrak's own walks: the depth of a hostile post never reaches the stack.
pub fn flatten<'a>(root: &'a AstNode<'a>) -> usize {
    let mut unwrap = Vec::new();
    let mut stack = vec![(root, 0usize, 0usize, false)];
    while let Some((node, blocks, inlines, in_unwrapped_list)) = stack.pop() {
        let kind = nests(node);
        let (b, i) = match kind {
            Nests::Block => (blocks + 1, inlines),
            Nests::Inline => (blocks, inlines + 1),
            Nests::No => (blocks, inlines),
        };
        let is_item = matches!(
            node.data().value,
            NodeValue::Item(_) | NodeValue::TaskItem(_)
        );
        // An item goes with its list: never a list item without its list.
        let deep = match kind {
            Nests::Block => b > MAX_BLOCK_DEPTH,
            Nests::Inline => i > MAX_INLINE_DEPTH,
            Nests::No => is_item && in_unwrapped_list,
        };
        let is_list = matches!(node.data().value, NodeValue::List(_));
        // Below a node that goes, the depth is what it will be once it has gone.
        let (cb, ci) = if deep { (blocks, inlines) } else { (b, i) };
        if deep {
            unwrap.push(node);
        }
        for child in node.children() {
            stack.push((child, cb, ci, deep && is_list));
        }
    }
    for node in &unwrap {
        while let Some(child) = node.first_child() {
            node.insert_before(child);
        }
        node.detach();
    }
    unwrap.len()
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
