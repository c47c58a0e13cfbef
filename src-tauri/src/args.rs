//! The app's command line. A module of its own: a second launch's arguments are parsed
//! again by the running instance (`instance`), which opens the file they name.

use std::path::PathBuf;

use clap::Parser;

/// The Quire desktop editor.
#[derive(Parser, Debug)]
#[command(name = "quire-app", version)]
pub struct Args {
    /// A post to open: a Markdown file in the content folder. If Quire is already running
    /// on this library, its window comes to the front and opens the file.
    pub file: Option<PathBuf>,
    /// The content folder of Markdown posts (default: the last one opened, or ./content).
    #[arg(long, env = "QUIRE_FOLDER")]
    pub folder: Option<PathBuf>,
    /// The SQLite library file (default: in the platform data dir).
    #[arg(long, env = "QUIRE_LIBRARY")]
    pub library: Option<PathBuf>,
    /// Where to write the log files (default: the platform's local data dir).
    #[arg(long, env = "QUIRE_LOG_DIR")]
    pub log_dir: Option<PathBuf>,
    /// Export into this folder instead of asking with a dialog (for scripts and the
    /// end-to-end tests, which cannot drive a native dialog).
    #[arg(long, hide = true)]
    pub export_to: Option<PathBuf>,
    /// Take this folder when the author asks to choose the content folder, instead of
    /// asking with a dialog (for the end-to-end tests).
    #[arg(long, hide = true)]
    pub pick_folder: Option<PathBuf>,
    /// Print the TypeScript of the ui's commands and events (ui/src/bindings.ts) and exit.
    #[arg(long, hide = true)]
    pub print_bindings: bool,
    /// Print the window's capability (capabilities/main.json) and exit.
    #[arg(long, hide = true)]
    pub print_capability: bool,
}
