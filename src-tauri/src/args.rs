//! The app's command line. A module of its own: a second launch's arguments are parsed
//! again by the running instance (`instance`), which opens the file they name.

use std::path::PathBuf;

use clap::Parser;

/// The Quire desktop editor.
#[derive(Parser, Debug)]
#[command(name = "quire-app", version)]
pub struct Args {
    /// A post to open: a Markdown file in the content folder. If Quire is already running
    /// on this library, its window comes to the front and opens the file. A file manager
    /// passes every file selected (the desktop entry's `%F`); the window opens the first.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
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
    /// Import this export (a WordPress or Ghost file, a Medium folder) instead of asking
    /// with a dialog (for the end-to-end tests).
    #[arg(long, hide = true)]
    pub import_from: Option<PathBuf>,
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

impl Args {
    /// The post to open, if the command line names any.
    pub fn file(&self) -> Option<&PathBuf> {
        self.files.first()
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    /// The desktop entry's `%F` passes every file selected: the app starts (rather than
    /// refusing the command line) and opens the first.
    #[test]
    fn several_files_open_the_first() {
        let args = super::Args::try_parse_from(["quire-app", "a.md", "b.md"]).unwrap();
        assert_eq!(args.file().unwrap().to_str(), Some("a.md"));
        let none = super::Args::try_parse_from(["quire-app"]).unwrap();
        assert!(none.file().is_none());
    }
}
