//! Posts written by a machine, the same every run, for benchmarks and timing tests.
//!
//! Plain prose is fast to render and flatters every figure; real long posts are several
//! times slower: headings, numbered and nested lists, tables, code in several languages,
//! footnotes, images, quotes and CJK paragraphs each cost the parser, the highlighter and
//! the webview something different. [`realistic`] writes that mix; [`prose`] is the plain
//! baseline the earlier figures were taken on.

pub mod prose;
pub mod realistic;

use std::path::Path;

/// Writes `count` posts made by `post(n)` under `root`, in `folders` subfolders
/// (`s0/post-0.md`, `s1/post-1.md`, …): a content folder as large blogs lay them out.
pub fn write_folder(root: &Path, count: usize, folders: usize, post: impl Fn(usize) -> String) {
    for i in 0..count {
        let sub = root.join(format!("s{}", i % folders.max(1)));
        std::fs::create_dir_all(&sub).expect("a folder in a temp dir");
        std::fs::write(sub.join(format!("post-{i}.md")), post(i)).expect("a post in a temp dir");
    }
}
