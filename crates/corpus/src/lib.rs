//! Posts written by a machine, the same every run, for benchmarks and timing tests.
//!
//! Plain prose is fast to render and flatters every figure; real long posts are several
//! times slower: headings, numbered and nested lists, tables, code in several languages,
//! footnotes, images, quotes and CJK paragraphs each cost the parser, the highlighter and
//! the webview something different. [`realistic`] writes that mix; [`prose`] is the plain
//! baseline the earlier figures were taken on.

pub mod prose;
pub mod realistic;
