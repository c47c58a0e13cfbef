//! `quire save`: standard input written over a post, if the post is still the version the
//! text was based on.

use std::path::Path;

use anyhow::Context;
use quire_core::blog::Blog;
use quire_core::clock::now_ms;

pub fn run(blog: &Blog, file: &Path, base: Option<String>) -> anyhow::Result<()> {
    // A file Quire has never seen is taken in first, as it is now.
    let id = blog.post_for_file(file, now_ms())?;
    let base = match base {
        Some(b) => Some(b),
        None => blog.library().post(id)?.disk_hash,
    };
    let mut text = String::new();
    std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
        .context("reading the post's text from standard input")?;
    let row = blog
        .save(id, &text, base.as_deref(), now_ms())
        .with_context(|| format!("saving {}", file.display()))?;
    println!("{}", row.disk_hash.unwrap_or_default());
    Ok(())
}
