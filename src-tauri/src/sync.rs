//! The content folder, followed live: a start-up scan with progress, then the watcher.
//! Both run on their own thread with their own connection to the library (SQLite in WAL
//! mode takes a writer beside the ui's), so a 10,000-post scan never holds up a keystroke.
//! Core changes become Tauri events here, and only here.

use std::time::{Duration, Instant};

use quire_core::blog::Blog;
use quire_core::locations::Locations;
use quire_core::watch::{self, Batch};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager};

use crate::commands::now_ms;
use crate::error::ShellError;
use crate::state::AppState;

pub const DISK_CHANGE: &str = "disk-change";
pub const SCAN_PROGRESS: &str = "scan-progress";
pub const SCAN_DONE: &str = "scan-done";
pub const SYNC_ERROR: &str = "sync-error";

#[derive(Clone, Serialize)]
struct Progress {
    done: usize,
    total: usize,
}

pub fn start(app: AppHandle, locations: Locations) {
    std::thread::spawn(move || {
        if let Err(e) = run(&app, &locations) {
            let _ = app.emit(SYNC_ERROR, ShellError::from(e));
        }
    });
}

fn run(app: &AppHandle, locations: &Locations) -> quire_core::Result<()> {
    let blog = Blog::open(&locations.folder, &locations.library)?;
    let mut last = Instant::now();
    let report = blog.scan(now_ms(), false, &mut |done, total| {
        // A progress event per file would flood the ui on a large folder.
        if done == total || last.elapsed() > Duration::from_millis(100) {
            last = Instant::now();
            let _ = app.emit(SCAN_PROGRESS, Progress { done, total });
        }
    })?;
    if !report.changes.is_empty() {
        let _ = app.emit(DISK_CHANGE, &report.changes);
    }
    let _ = app.emit(SCAN_DONE, report.files);

    let sink_app = app.clone();
    let folder = blog.folder().clone();
    let handle = watch::watch(&folder, watch::DEBOUNCE, move |batch| match batch {
        Batch::Touched(paths) => match blog.reconcile(&paths, now_ms()) {
            Ok(changes) if changes.is_empty() => {}
            Ok(changes) => {
                let _ = sink_app.emit(DISK_CHANGE, &changes);
            }
            Err(e) => {
                let _ = sink_app.emit(SYNC_ERROR, ShellError::from(e));
            }
        },
        Batch::Failed(message) => {
            let _ = sink_app.emit(
                SYNC_ERROR,
                ShellError {
                    code: "watch",
                    message: format!("Quire stopped seeing changes in the folder: {message}"),
                },
            );
        }
    })?;
    app.state::<AppState>().keep_watching(handle);
    Ok(())
}
