//! One Quire per library. Two windows on one library would each autosave their own view
//! of the same post, so a second launch hands its command line to the running window
//! (which comes to the front, and opens the file it was given) and exits.
//!
//! The instance is named after the home library (`--library`, or the default one), not
//! the app: Quire on another library (a test's, a second blog's) is another instance and
//! runs beside it. The home library, because it is known before any library is opened:
//! the folders switched to from it have libraries of their own beside it (see
//! `locations::library_for`), and one Quire holds them all. The name is checked on
//! D-Bus; without a session bus there is no way to find the running one, and the
//! plugin starts normally. (On Windows and macOS the plugin has no per-name instances:
//! there it is one Quire per user.)

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use clap::Parser;
use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Manager, Wry};

use crate::args::Args;
use crate::error::CommandError;
use crate::events::emit;
use crate::ipc::{OpenRequest, OutsideFile, OPEN_REQUEST, OUTSIDE_FILE, SYNC_ERROR};
use crate::state::AppState;

/// The file a launch named (this one's, or a later one's), kept until the window asks for
/// it. A later launch can come before the library is open (a salvage, a migration) or
/// before the window listens for [`OPEN_REQUEST`]: an event then would go nowhere, so the
/// file waits here for the window's start (`app_info`). Once the window has asked, it
/// listens, and later files are sent to it at once.
#[derive(Default)]
pub struct Requested {
    file: Mutex<Option<PathBuf>>,
    listening: AtomicBool,
}

impl Requested {
    /// `file` (absolute), named on this launch's command line.
    pub fn new(file: Option<PathBuf>) -> Requested {
        Requested {
            file: Mutex::new(file),
            listening: AtomicBool::new(false),
        }
    }

    /// A later launch named `file`: answers it when the window listens, else keeps it.
    fn ask(&self, file: PathBuf) -> Option<PathBuf> {
        let mut slot = self.file.lock().unwrap_or_else(|p| p.into_inner());
        // Under the lock: the window cannot start between the check and the keeping.
        if self.listening.load(Ordering::SeqCst) {
            return Some(file);
        }
        *slot = Some(file);
        None
    }

    /// The window starts over (on another folder, or a file alone) and is to open `file`
    /// once it has.
    pub fn after_restart(&self, file: PathBuf) {
        let mut slot = self.file.lock().unwrap_or_else(|p| p.into_inner());
        self.listening.store(false, Ordering::SeqCst);
        *slot = Some(file);
    }

    /// The window starts: the file waiting for it, if any. The ui listens before it asks.
    pub fn take_for_window(&self) -> Option<PathBuf> {
        let mut slot = self.file.lock().unwrap_or_else(|p| p.into_inner());
        self.listening.store(true, Ordering::SeqCst);
        slot.take()
    }
}

/// The single-instance plugin for the library `home` (as given, or the default one).
pub fn plugin(identifier: &str, home: &Path) -> TauriPlugin<Wry> {
    tauri_plugin_single_instance::Builder::new()
        .dbus_id(bus_name(identifier, home))
        .callback(|app, argv, cwd| {
            bring_to_front(app);
            let file = Args::try_parse_from(&argv)
                .ok()
                .and_then(|a| a.file().cloned());
            let Some(file) = file.map(|f| Path::new(&cwd).join(f)) else {
                return;
            };
            let Some(file) = app.state::<Requested>().ask(file) else {
                return;
            };
            // The window listens, so it started, so the state is there.
            if let Some(state) = app.try_state::<AppState>() {
                match state.post_for_file(&file) {
                    Ok(id) => emit(app, OPEN_REQUEST, OpenRequest { id }),
                    Err(e) => match outside(&state, &file) {
                        Some(o) => emit(app, OUTSIDE_FILE, o),
                        None => emit(app, SYNC_ERROR, e),
                    },
                }
            }
        })
        .build()
}

/// What the window opens first.
pub struct FirstPost {
    /// The post: the file a launch named, else `last`, the one open when the app closed.
    pub id: Option<i64>,
    /// Why the file named cannot be opened.
    pub error: Option<CommandError>,
    /// The file named lies outside the content folder: the author chooses.
    pub outside: Option<OutsideFile>,
}

/// The post the window opens first (see [`FirstPost`]).
pub fn first_post(requested: &Requested, state: &AppState, last: Option<i64>) -> FirstPost {
    let Some(file) = requested.take_for_window() else {
        return FirstPost {
            id: last,
            error: None,
            outside: None,
        };
    };
    match state.post_for_file(&file) {
        Ok(id) => FirstPost {
            id: Some(id),
            error: None,
            outside: None,
        },
        Err(e) => {
            let outside = outside(state, &file);
            FirstPost {
                id: last,
                error: outside.is_none().then_some(e),
                outside,
            }
        }
    }
}

/// `file`, when it is a Markdown file outside the content folder: kept for the author's
/// choice, and described for the window.
fn outside(state: &AppState, file: &Path) -> Option<OutsideFile> {
    let abs = state.blog().ok()?.outside_file(file)?;
    state.set_outside(Some(abs.clone()));
    Some(OutsideFile {
        file: abs.display().to_string(),
        folder: abs.parent()?.display().to_string(),
        content_folder: state.locations().folder.display().to_string(),
    })
}

/// A D-Bus well-known name per library: the app's identifier and a hash of the library's
/// canonical path (its folder's, for a library not made yet). Each element of a bus name
/// must start with a letter, hence the `l`.
fn bus_name(identifier: &str, home: &Path) -> String {
    let canonical = quire_core::locations::canonical_library(home);
    let hash = quire_core::folder::content_hash(&canonical.to_string_lossy());
    format!("{identifier}.l{}", &hash[..16])
}

fn bring_to_front(app: &AppHandle) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_library_is_an_instance_of_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let a = bus_name("app.quire.editor", &dir.path().join("a.sqlite3"));
        let b = bus_name("app.quire.editor", &dir.path().join("b.sqlite3"));
        assert_ne!(a, b);
        assert_eq!(
            a,
            bus_name("app.quire.editor", &dir.path().join("./a.sqlite3")),
            "one library, however it is named"
        );
        assert!(a.starts_with("app.quire.editor.l") && a.len() == "app.quire.editor.l".len() + 16);
    }
}
