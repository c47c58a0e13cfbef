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

use clap::Parser;
use serde::Serialize;
use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Manager, Wry};
use ts_rs::TS;

use crate::commands::now_ms;
use crate::error::CommandError;
use crate::state::AppState;
use crate::sync::{emit, SYNC_ERROR};

/// The window is asked to open a post: `OpenRequest`.
pub const OPEN_REQUEST: &str = "open-request";

/// A post to open, named on a later launch's command line.
#[derive(Clone, Serialize, TS)]
pub struct OpenRequest {
    /// The post's id.
    pub id: i64,
}

/// The single-instance plugin for the library `home` (as given, or the default one).
pub fn plugin(identifier: &str, home: &Path) -> TauriPlugin<Wry> {
    tauri_plugin_single_instance::Builder::new()
        .dbus_id(bus_name(identifier, home))
        .callback(|app, argv, cwd| {
            bring_to_front(app);
            let file = crate::Args::try_parse_from(&argv).ok().and_then(|a| a.file);
            if let Some(file) = file {
                match post_for(app, &Path::new(&cwd).join(file)) {
                    Ok(id) => emit(app, OPEN_REQUEST, OpenRequest { id }),
                    Err(e) => emit(app, SYNC_ERROR, e),
                }
            }
        })
        .build()
}

/// The post of a file named on the command line, in the open folder.
pub fn post_for(app: &AppHandle, file: &Path) -> Result<i64, CommandError> {
    let state = app.state::<AppState>();
    let blog = state.blog()?;
    Ok(blog.post_for_file(file, now_ms())?)
}

/// A D-Bus well-known name per library: the app's identifier and a hash of the library's
/// canonical path (its folder's, for a library not made yet). Each element of a bus name
/// must start with a letter, hence the `l`.
fn bus_name(identifier: &str, home: &Path) -> String {
    let canonical = home
        .parent()
        .and_then(|dir| dir.canonicalize().ok())
        .map(|dir| dir.join(home.file_name().unwrap_or_default()))
        .unwrap_or_else(|| PathBuf::from(home));
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
