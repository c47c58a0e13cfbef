//! `quire import`: read the whole export first (a malformed one stops here, nothing
//! written), then write the posts the folder does not hold yet, and say so in one line.

use std::path::PathBuf;

use anyhow::Context;
use quire_core::folder::ContentFolder;
use quire_core::locations;
use quire_import::{ghost, medium, wordpress, write};

use crate::cli::{Import, ImportFrom};

pub fn run(folder: Option<PathBuf>, library: Option<PathBuf>, args: Import) -> anyhow::Result<()> {
    let cwd = std::env::current_dir().context("reading the working directory")?;
    // The folder only: an import writes files, which the library reads at its next scan
    // as it reads any other program's.
    let loc = locations::resolve(folder, library, &cwd)?;
    let content = ContentFolder::open(&loc.folder)?;
    let export = match &args.from {
        ImportFrom::Wordpress { file } => wordpress::read(file)?,
        ImportFrom::Ghost { file } => ghost::read(file)?,
        ImportFrom::Medium { dir } => medium::read(dir)?,
    };
    let summary = write::import(&content, &export, args.dry_run)?;
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    println!(
        "{} {} ({}) from {} into {}; {} skipped as already imported.",
        if args.dry_run {
            "Would import"
        } else {
            "Imported"
        },
        count(summary.imported.len(), "post", "posts"),
        count(summary.drafts(), "draft", "drafts"),
        export.source.name(),
        content.root().display(),
        summary.skipped.len(),
    );
    if !summary.remote_images.is_empty() {
        println!(
            "Remote images to fetch ({}), linked where they are:",
            summary.remote_images.len()
        );
        for image in &summary.remote_images {
            println!("  {}", image.url);
        }
    }
    Ok(())
}
