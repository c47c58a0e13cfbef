//! The content folder, followed live by the core's one follow loop
//! ([`quire_core::follow`]) on its own thread with its own connection to the library
//! (SQLite in WAL mode takes a writer beside the ui's), so a 10,000-post scan never holds
//! up a keystroke. The follow loop's events become the window's here, and only here.

use quire_core::blog::Blog;
use quire_core::clock::now_ms;
use quire_core::follow::{self, FollowEvent};
use quire_core::locations::Locations;
use tauri::{AppHandle, Manager};

use crate::error::CommandError;
use crate::events::emit;
use crate::ipc::{ScanProgress, DISK_CHANGE, SCAN_DONE, SCAN_PROGRESS, SYNC_ERROR, WORDS_COUNTED};
use crate::state::AppState;

/// Starts following the folder on a thread of its own, for the folder switch count
/// `generation`: once the author switches folders, this thread's reports are dropped.
pub fn start(app: AppHandle, locations: Locations, generation: u64) {
    std::thread::spawn(move || {
        if let Err(e) = run(&app, &locations, generation) {
            tracing::error!(error = %e, "could not follow the content folder");
            if app.state::<AppState>().is_current(generation) {
                emit(&app, SYNC_ERROR, CommandError::from(e));
            }
        }
    });
}

fn run(app: &AppHandle, locations: &Locations, generation: u64) -> quire_core::Result<()> {
    let blog = Blog::open(&locations.folder, &locations.library)?;
    let sink = app.clone();
    let handle = follow::follow(blog, now_ms, move |event| {
        if !sink.state::<AppState>().is_current(generation) {
            return;
        }
        report(&sink, event)
    })?;
    app.state::<AppState>().keep_watching(generation, handle);
    Ok(())
}

fn report(sink: &AppHandle, event: FollowEvent) {
    match event {
        FollowEvent::Progress { done, total } => {
            emit(sink, SCAN_PROGRESS, ScanProgress { done, total })
        }
        FollowEvent::Scanned(report) => {
            if !report.changes.is_empty() {
                emit(sink, DISK_CHANGE, &report.changes);
            }
            emit(sink, SCAN_DONE, report.files);
        }
        FollowEvent::Counted => emit(sink, WORDS_COUNTED, ()),
        FollowEvent::Changed(changes) => emit(sink, DISK_CHANGE, &changes),
        FollowEvent::Failed(e) => emit(sink, SYNC_ERROR, CommandError::from(e)),
    }
}
