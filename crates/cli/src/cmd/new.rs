//! `quire new`: a post from a title, dated today, by the blog's author unless named.

use anyhow::Context;
use quire_core::blog::Blog;
use quire_core::clock::{now_ms, today};

pub fn run(blog: &Blog, title: &str, author: Option<String>) -> anyhow::Result<()> {
    let author = match author {
        Some(a) => a,
        None => blog.site()?.author,
    };
    let post = blog
        .create(title, &author, &today(), now_ms())
        .context("creating the post")?;
    println!("{}", blog.folder().root().join(&post.path).display());
    Ok(())
}
