//! One module per subcommand, and what they share: opening the blog as the app would.

use std::path::{Path, PathBuf};

use anyhow::Context;
use quire_core::blog::Blog;
use quire_core::clock::now_ms;
use quire_core::locations;

use crate::cli::{Cli, Command};

mod check;
mod export;
mod import;
mod list;
mod new;
mod organize;
mod paths;
mod publish;
mod render;
mod save;
mod search;
mod settings;
mod sync;
mod watch;

/// Runs the subcommand `cli` names.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    let (folder, library) = (cli.folder, cli.library);
    // Every subcommand but two works on the blog; `render` and `paths` must work without
    // one (a file anywhere; a folder that is not there yet).
    let blog = || open_blog(folder.clone(), library.clone());
    match cli.command {
        Command::Render { file, fragment } => render::run(&file, fragment),
        Command::Paths => paths::run(folder, library),
        Command::List { json } => list::run(&blog()?, json),
        Command::Watch => watch::run(blog()?),
        Command::Save { file, base } => save::run(&blog()?, &file, base),
        Command::History { file } => organize::history(&blog()?, &file),
        Command::Check { rebuild } => check::run(&blog()?, rebuild),
        Command::Settings { key, value } => settings::run(&blog()?, key, value),
        Command::Export(what) => export::run(&blog()?, what),
        Command::Publish(what) => publish::run(&blog()?, what),
        Command::Rename { file, title } => organize::rename(&blog()?, &file, &title),
        Command::Duplicate { file } => organize::duplicate(&blog()?, &file),
        Command::Status { file, status } => organize::status(&blog()?, &file, &status),
        Command::Trash {
            file,
            list,
            restore,
            empty,
        } => organize::trash_command(&blog()?, file, list, restore, empty),
        Command::Sync { init, status } => sync::run(&blog()?, init, status),
        Command::Search { query, json, limit } => search::run(&blog()?, &query, json, limit),
        Command::Import(what) => import::run(folder, library, what),
        Command::New { title, author } => new::run(&blog()?, &title, author),
    }
}

/// The blog of `folder` with its `library` (each by default as the app finds them),
/// salvaged if damaged and said so on stderr.
fn open_blog(folder: Option<PathBuf>, library: Option<PathBuf>) -> anyhow::Result<Blog> {
    let cwd = std::env::current_dir().context("reading the working directory")?;
    let loc = locations::resolve(folder, library, &cwd)?;
    let (blog, salvage) =
        Blog::open_or_salvage(&loc.folder, &loc.library, now_ms()).with_context(|| {
            format!(
                "opening {} with the library {}",
                loc.folder.display(),
                loc.library.display()
            )
        })?;
    // On stderr, so that a script reading the command's output reads only that.
    if let Some(salvage) = salvage {
        eprintln!("quire: {}", salvage.message);
    }
    if blog.library().is_read_only() {
        eprintln!(
            "quire: the library {} is on a read-only location; it is opened read-only, so nothing can be saved",
            loc.library.display()
        );
    }
    Ok(blog)
}

/// Reads the folder into the library: what a listing, a search or a post's id must see.
fn scan(blog: &Blog) -> anyhow::Result<()> {
    blog.scan(now_ms(), false, &mut |_, _| {})
        .context("reading the content folder")?;
    Ok(())
}

/// The post at `file`, after a scan: the library knows the folder as it is (the file's
/// history, the links a rename rewrites, what a trash takes).
fn post_id(blog: &Blog, file: &Path) -> anyhow::Result<i64> {
    scan(blog)?;
    Ok(blog.post_for_file(file, now_ms())?)
}

/// A time recorded in the library (ms since the epoch) in the local zone.
fn local_time(ms: i64, format: &str) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.with_timezone(&chrono::Local).format(format).to_string())
        .unwrap_or_default()
}

/// Prints each change as one JSON line, flushed at once: a script reads them as they come.
fn print_changes(changes: &[quire_core::sync::Change]) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    for c in changes {
        writeln!(out, "{}", serde_json::to_string(c)?)?;
    }
    out.flush()?;
    Ok(())
}
