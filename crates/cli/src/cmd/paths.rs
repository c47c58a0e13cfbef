//! `quire paths`: where the folder, the library and the logs are, even when the folder
//! cannot be found (that is when an author asks).

use std::path::PathBuf;

use anyhow::Context;
use quire_core::locations;

pub fn run(folder: Option<PathBuf>, library: Option<PathBuf>) -> anyhow::Result<()> {
    let cwd = std::env::current_dir().context("reading the working directory")?;
    let loc = locations::resolve(folder, library, &cwd);
    match &loc {
        Ok(loc) => println!("folder   {}", loc.folder.display()),
        Err(e) => println!("folder   ({e})"),
    }
    let library = loc
        .map(|l| l.library)
        .unwrap_or_else(|_| locations::default_library());
    println!("library  {}", library.display());
    println!("logs     {}", locations::default_log_dir().display());
    Ok(())
}
