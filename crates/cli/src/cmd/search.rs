//! `quire search`: the library's full-text search, as the app's search box runs it.

use anyhow::Context;
use quire_core::blog::Blog;

pub fn run(blog: &Blog, query: &str, json: bool, limit: usize) -> anyhow::Result<()> {
    super::scan(blog)?;
    blog.index_all_for_search()
        .context("updating the search index")?;
    let results = blog.search(query, limit)?;
    for hit in &results.hits {
        if json {
            println!("{}", serde_json::to_string(hit)?);
            continue;
        }
        println!("{}  ({})", hit.post.title, hit.post.path);
        if !hit.snippet.is_empty() {
            // Matches in brackets: plain text, whatever the terminal.
            let passage: String = hit
                .snippet
                .iter()
                .map(|m| {
                    if m.hit {
                        format!("[{}]", m.text)
                    } else {
                        m.text.clone()
                    }
                })
                .collect();
            println!("    {passage}");
        }
    }
    if results.hits.is_empty() && !json {
        eprintln!("no post matches {query:?}");
    }
    Ok(())
}
