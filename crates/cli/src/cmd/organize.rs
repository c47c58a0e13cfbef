//! `quire rename`, `duplicate`, `status`, `trash` and `history`: the library's organizing
//! commands, each the core's one call with its result printed.

use std::path::{Path, PathBuf};

use anyhow::Context;
use quire_core::blog::Blog;
use quire_core::clock::now_ms;
use quire_core::frontmatter::Status;

use super::{local_time, post_id};

pub fn history(blog: &Blog, file: &Path) -> anyhow::Result<()> {
    let id = post_id(blog, file)?;
    for r in blog.history(id)? {
        let when = local_time(r.created_at, "%Y-%m-%d %H:%M:%S");
        let note = r.note.map(|n| format!("  {n}")).unwrap_or_default();
        println!(
            "{:>6}  {when}  {:<8} {:>7} bytes{note}",
            r.id,
            r.source.as_str(),
            r.bytes
        );
    }
    Ok(())
}

pub fn rename(blog: &Blog, file: &Path, title: &str) -> anyhow::Result<()> {
    let id = post_id(blog, file)?;
    let renamed = blog.rename(id, title, now_ms())?;
    println!("{}", renamed.post.path);
    if !renamed.links.is_empty() {
        eprintln!("these lines link to its old path; fix them by hand:");
        for l in &renamed.links {
            eprintln!("  {}:{}: {}", l.path, l.line, l.text);
        }
    }
    Ok(())
}

pub fn duplicate(blog: &Blog, file: &Path) -> anyhow::Result<()> {
    let id = post_id(blog, file)?;
    println!("{}", blog.duplicate(id, now_ms())?.path);
    Ok(())
}

pub fn status(blog: &Blog, file: &Path, status: &str) -> anyhow::Result<()> {
    let status = Status::parse(status).with_context(|| {
        format!("`{status}` is not a status; use draft, published or scheduled")
    })?;
    let id = post_id(blog, file)?;
    let row = blog.set_status(id, status, now_ms())?;
    println!("{}  {}", row.status.as_str(), row.path);
    Ok(())
}

/// `quire trash`: one of its four forms, as the flags (which clap keeps exclusive) choose.
pub fn trash_command(
    blog: &Blog,
    file: Option<PathBuf>,
    list: bool,
    restore: Option<PathBuf>,
    empty: bool,
) -> anyhow::Result<()> {
    match (file, restore) {
        (Some(file), _) => trash(blog, &file),
        (None, Some(path)) => self::restore(blog, &path),
        (None, None) if empty => self::empty(blog),
        (None, None) => {
            debug_assert!(list);
            self::list(blog)
        }
    }
}

pub fn trash(blog: &Blog, file: &Path) -> anyhow::Result<()> {
    let id = post_id(blog, file)?;
    let t = blog.trash(id, now_ms())?;
    println!(
        "trashed {} (restore: quire trash --restore {})",
        t.path, t.path
    );
    Ok(())
}

pub fn list(blog: &Blog) -> anyhow::Result<()> {
    for t in blog.trash_list()? {
        let when = local_time(t.trashed_at, "%Y-%m-%d %H:%M");
        println!("{when}  {}  ({})", t.path, t.title);
    }
    Ok(())
}

/// `file` names where the post was: it no longer exists, so it is taken relative to the
/// content folder, or as an absolute path inside it.
pub fn restore(blog: &Blog, file: &Path) -> anyhow::Result<()> {
    let root = blog.folder().root();
    let rel = if file.is_absolute() {
        file.strip_prefix(root)
            .with_context(|| format!("{} is not inside the content folder", file.display()))?
    } else {
        file
    };
    let rel = rel.to_string_lossy().replace('\\', "/");
    let rel = rel.trim_start_matches("./");
    let id = blog.trashed_at(rel)?;
    let row = blog.restore_from_trash(id, now_ms())?;
    println!("restored {}", row.path);
    Ok(())
}

pub fn empty(blog: &Blog) -> anyhow::Result<()> {
    let n = blog.empty_trash()?;
    println!("deleted {n} post{} for good", if n == 1 { "" } else { "s" });
    Ok(())
}
