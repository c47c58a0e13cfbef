//! `quire check`: where the folder and the library disagree, and `--rebuild` to mend it.

use anyhow::Context;
use quire_core::blog::Blog;
use quire_core::clock::now_ms;

pub fn run(blog: &Blog, rebuild: bool) -> anyhow::Result<()> {
    let report = blog.check()?;
    for p in &report.not_in_library {
        println!("not in library   {p}");
    }
    for p in &report.changed_on_disk {
        println!("changed on disk  {p}");
    }
    for p in &report.missing_on_disk {
        println!("missing on disk  {p}");
    }
    if rebuild {
        let done = blog.scan(now_ms(), true, &mut |_, _| {})?;
        blog.rebuild_search()
            .context("rebuilding the search index")?;
        println!(
            "rebuilt: {} files read, {} changes applied",
            done.files,
            done.changes.len()
        );
    } else if report.is_clean() {
        println!("folder and library agree");
    } else {
        anyhow::bail!("folder and library differ; run `quire check --rebuild` to repair");
    }
    Ok(())
}
