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
use crate::ipc::{OpenRequest, OPEN_REQUEST, SYNC_ERROR};
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
                    Err(e) => emit(app, SYNC_ERROR, e),
                }
            }
        })
        .build()
}

/// The post the window opens first: the file a launch named (or why it cannot be opened),
/// else `last`, the post open when the app last closed.
pub fn first_post(
    requested: &Requested,
    state: &AppState,
    last: Option<i64>,
) -> (Option<i64>, Option<CommandError>) {
    match requested.take_for_window().map(|f| state.post_for_file(&f)) {
        Some(Ok(id)) => (Some(id), None),
        Some(Err(e)) => (last, Some(e)),
        None => (last, None),
    }
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
