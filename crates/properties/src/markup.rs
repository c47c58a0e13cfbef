//! The generators' markup: any text renders in every dialect without a panic, and a text
//! with no tag delimiter renders exactly as plain Markdown does.

use std::sync::Arc;

use quire_core::article::{self, AssetLinks, Site};
use quire_core::markup::{Dialect, Markup, Posts};

/// The dialects that expand markup.
pub const DIALECTS: [Dialect; 3] = [Dialect::Hugo, Dialect::Jekyll, Dialect::Zola];

fn site(dialect: Dialect) -> Site {
    Site {
        markup: Arc::new(Markup {
            dialect,
            posts: Posts::new(["posts/a.md", "_posts/2020-01-02-b.md"]),
            ..Markup::default()
        }),
        ..Site::default()
    }
}

/// Renders `text` in every dialect; where it has none of `{{`, `{%` and `](@/`, the
/// article must be the plain one, byte for byte, and its words the same.
pub fn holds(text: &str) {
    let links = AssetLinks::default();
    let plain = article::render(text, &Site::default(), &links);
    let untouched = !text.contains("{{") && !text.contains("{%") && !text.contains("](@/");
    for dialect in DIALECTS {
        let got = article::render(text, &site(dialect), &links);
        if !untouched {
            continue;
        }
        match (&plain, &got) {
            (Ok(a), Ok(b)) => {
                assert_eq!(
                    a.html, b.html,
                    "{dialect:?} changed a text with no markup: {text:?}"
                );
                assert_eq!(a.words, b.words, "{dialect:?}: {text:?}");
            }
            (Err(_), Err(_)) => {}
            _ => panic!("{dialect:?} and plain disagree on whether {text:?} renders"),
        }
    }
}
