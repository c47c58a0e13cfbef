//! `quire watch`: the app's follow loop, its changes printed as JSON lines.

use anyhow::Context;
use quire_core::blog::Blog;
use quire_core::clock::now_ms;
use quire_core::follow::{self, FollowEvent};
use quire_core::Error;

pub fn run(blog: Blog) -> anyhow::Result<()> {
    let root = blog.folder().root().to_path_buf();
    let (tx, rx) = std::sync::mpsc::channel();
    let _following = follow::follow(blog, now_ms, move |event| {
        // The receiver goes only when the command ends.
        let _ = tx.send(event);
    })
    .context("following the content folder")?;
    eprintln!("quire: watching {} (Ctrl+C to stop)", root.display());
    for event in rx {
        match event {
            FollowEvent::Progress { .. } | FollowEvent::Counted => {}
            FollowEvent::Scanned(report) => super::print_changes(&report.changes)?,
            FollowEvent::Changed(changes) => super::print_changes(&changes)?,
            FollowEvent::Failed(e @ Error::Watch(_)) => anyhow::bail!(e),
            FollowEvent::Failed(e) => eprintln!("quire: {e}"),
        }
    }
    Ok(())
}
