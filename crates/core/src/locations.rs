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

/// The content folder and the library file a run of Quire uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locations {
    /// The folder of Markdown posts.
    pub folder: PathBuf,
    /// The SQLite library file, outside the folder.
    pub library: PathBuf,
}

/// The library when none is given: `quire/library.sqlite3` in the platform's data dir.
pub fn default_library() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("quire")
        .join("library.sqlite3")
}

/// Where the app writes its rolling log files: `QUIRE_LOG_DIR` if set, else `quire/logs`
/// in the platform's local data dir (Tauri's own choice of log dir on Linux).
pub fn default_log_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("QUIRE_LOG_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    dirs::data_local_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("quire")
        .join("logs")
}

/// The folder and library to open: see the module's precedence.
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
