//! `quire list`: the library's posts, as a table or one JSON object a line.

use quire_core::blog::Blog;

pub fn run(blog: &Blog, json: bool) -> anyhow::Result<()> {
    super::scan(blog)?;
    for p in blog.posts()? {
        if json {
            println!("{}", serde_json::to_string(&p)?);
            continue;
        }
        let status = if p.problem.is_some() {
            "unreadable"
        } else if p.missing {
            "missing"
        } else {
            p.status.as_str()
        };
        println!(
            "{:<10} {:<10} {:>7}  {}  ({})",
            status,
            p.date.as_deref().unwrap_or("-"),
            // `scan` counts every post's words; a library opened read-only may have some
            // uncounted.
            p.words.map_or_else(|| "-".to_string(), |w| w.to_string()),
            p.title,
            p.path
        );
    }
    Ok(())
}
