//! Where the content folder and the library are, for the app and the command line alike.
//!
//! Precedence: what the caller was given (`--folder`/`--library`, or `QUIRE_FOLDER`/
//! `QUIRE_LIBRARY`, which clap folds into the same value), then the last folder this
//! library opened, then `content/` in the working directory (the sample blog when run
//! from the repository). The library defaults to the platform data dir, so tests and
//! scripts that pass `--library` never touch an author's real one.

use std::path::{Path, PathBuf};

use crate::library::Library;
use crate::{Error, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locations {
    pub folder: PathBuf,
    pub library: PathBuf,
}

pub fn default_library() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("quire")
        .join("library.sqlite3")
}

pub fn resolve(folder: Option<PathBuf>, library: Option<PathBuf>, cwd: &Path) -> Result<Locations> {
    let library = library.unwrap_or_else(default_library);
    let folder = match folder {
        Some(f) => f,
        None => last_folder(&library)?
            .or_else(|| Some(cwd.join("content")).filter(|c| c.is_dir()))
            .ok_or(Error::NoFolder)?,
    };
    Ok(Locations { folder, library })
}

fn last_folder(library: &Path) -> Result<Option<PathBuf>> {
    if !library.exists() {
        return Ok(None);
    }
    let last = Library::open(library)?.setting("last_folder")?;
    Ok(last.map(PathBuf::from).filter(|p| p.is_dir()))
}
