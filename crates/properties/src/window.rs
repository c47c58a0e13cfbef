//! What the window holds of the preview: the page around the body, the body's blocks and
//! their editor lines, patched as the ui patches them. A test of the edit protocol compares
//! it with a fresh render.

use quire_core::article::{AssetLinks, Site};
use quire_core::preview::{Preview, PreviewPatch};

/// The site the preview properties render with.
pub fn site() -> Site {
    Site {
        title: "Blog".into(),
        footer: "Footer".into(),
        author: "Default".into(),
        lang: "en".into(),
        ..Site::default()
    }
}

/// The asset links the preview properties render with.
pub fn links() -> AssetLinks {
    AssetLinks {
        prefix: "asset://x/".into(),
        suffix: "?v=1".into(),
        ..AssetLinks::default()
    }
}

/// The preview as the window holds it.
#[derive(Default)]
pub struct Window {
    version: u64,
    head: String,
    blocks: Vec<String>,
    /// Each block's editor line.
    pub lines: Vec<u32>,
    tail: String,
}

impl Window {
    /// Applies a patch as the ui does; panics on one made for another version.
    pub fn apply(&mut self, patch: PreviewPatch) {
        assert!(
            patch.from == self.version || patch.from == 0,
            "a patch to what is shown"
        );
        if patch.from == 0 {
            self.blocks.clear();
            self.lines.clear();
        }
        self.version = patch.version;
        if let Some(shell) = patch.shell {
            self.head = shell.head;
            self.tail = shell.tail;
        }
        let after = patch.start + patch.inserted.len();
        assert_eq!(patch.lines.len(), patch.inserted.len());
        self.blocks
            .splice(patch.start..patch.start + patch.removed, patch.inserted);
        self.lines
            .splice(patch.start..patch.start + patch.removed, patch.lines);
        for line in &mut self.lines[after..] {
            *line = line
                .checked_add_signed(patch.shift)
                .expect("a shift keeps lines positive");
        }
    }

    /// The body's blocks as shown, line marks included.
    pub fn blocks(&self) -> &[String] {
        &self.blocks
    }

    /// The page without the preview's line marks: the exported article.
    pub fn page(&self) -> String {
        let page = format!("{}{}{}", self.head, self.blocks.concat(), self.tail);
        without_line_marks(&page)
    }
}

/// `html` without the preview's `data-line-offset` attributes.
pub fn without_line_marks(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(" data-line-offset=\"") {
        out.push_str(&rest[..at]);
        let value = &rest[at + " data-line-offset=\"".len()..];
        rest = &value[value.find('"').map_or(value.len(), |q| q + 1)..];
    }
    out.push_str(rest);
    out
}

/// The lines a fresh render gives each block: what the patched window must hold.
pub fn fresh_lines(text: &str) -> Vec<u32> {
    let mut fresh = Preview::new();
    fresh.set_text(text.to_string(), 1);
    fresh
        .render(&site(), &links())
        .expect("a fresh render")
        .lines
}

/// Length in UTF-16 code units, as the editor counts positions.
pub fn utf16(s: &str) -> usize {
    s.encode_utf16().count()
}
