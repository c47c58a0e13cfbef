//! `quire sync`: the content folder committed, pulled, merged and pushed through git, and
//! what came in taken into the library (conflicts flagged for the merge panel).

use std::io::IsTerminal;
use std::sync::atomic::AtomicBool;

use anyhow::Context;
use quire_core::blog::Blog;
use quire_core::clock::now_ms;
use quire_publish::sync::{FileState, Repository};
use quire_publish::Error;

pub fn run(blog: &Blog, init: Option<String>, status: bool) -> anyhow::Result<()> {
    let root = blog.folder().root();
    // No one can answer ssh's questions when stdin is not a terminal (a script, a hook).
    let batch = !std::io::stdin().is_terminal();
    if let Some(remote) = init {
        let repo = Repository::init(root, &remote, batch)
            .with_context(|| format!("making {} a git repository", root.display()))?;
        println!(
            "{} is in the git repository {}, whose remote origin is {remote}: `quire sync` commits and pushes",
            root.display(),
            repo.top().display()
        );
        return Ok(());
    }
    let repo = Repository::find(root, batch)?.ok_or_else(|| Error::NotARepository {
        folder: root.to_path_buf(),
    })?;
    let cancel = AtomicBool::new(false);
    if status {
        let status = repo.status(&cancel)?;
        let branch = status.branch.as_deref().unwrap_or("(no branch)");
        match &status.upstream {
            Some(u) => println!(
                "{branch} → {u}: {} ahead, {} behind (as last fetched)",
                status.ahead, status.behind
            ),
            None => println!("{branch}: no upstream"),
        }
        if let Some(what) = &status.busy {
            println!("in the middle of {what}: a sync leaves the repository alone");
        }
        for f in &status.files {
            let word = match f.state {
                FileState::New => "new",
                FileState::Changed => "changed",
                FileState::Removed => "removed",
            };
            println!("{word}\t{}", f.path);
        }
        return Ok(());
    }
    // What the pull brings is in the library before the push: a push that fails keeps
    // the conflicts flagged.
    let mut record = |changed: &[String], conflicts: &[_]| {
        blog.record_sync(changed, conflicts, now_ms())
            .map(drop)
            .map_err(Error::from)
    };
    let report = repo
        .sync(&cancel, &mut record)
        .with_context(|| format!("syncing {}", root.display()))?;
    println!("{}", report.line());
    for path in &report.conflicted {
        eprintln!(
            "{path}: both sides changed the same lines; the file keeps yours, theirs is in its history: open it in Quire to merge"
        );
    }
    Ok(())
}
