//! The content folder, followed live by the core's one follow loop
//! ([`quire_core::follow`]) on its own thread with its own connection to the library
//! (SQLite in WAL mode takes a writer beside the ui's), so a 10,000-post scan never holds
//! up a keystroke. Core events become Tauri events here, and only here.

use quire_core::blog::Blog;
use quire_core::follow::{self, FollowEvent};
use quire_core::locations::Locations;
use quire_core::sync::Change;
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager};
use ts_rs::{Config, TS};

use crate::commands::now_ms;
use crate::error::CommandError;
use crate::state::AppState;

/// Posts changed on disk: `Change[]`.
pub const DISK_CHANGE: &str = "disk-change";
/// The start-up scan's progress: `ScanProgress`.
pub const SCAN_PROGRESS: &str = "scan-progress";
/// The start-up scan is done: the number of files it found.
pub const SCAN_DONE: &str = "scan-done";
/// The words of the posts the start-up scan listed are counted: the list reads them again.
pub const WORDS_COUNTED: &str = "words-counted";
/// Following the folder failed somewhere: `CommandError`.
pub const SYNC_ERROR: &str = "sync-error";

/// Gives a payload's TypeScript name.
pub type PayloadName = fn(&Config) -> String;

/// Every event the shell sends, with its payload's TypeScript name (for the bindings).
pub const EVENTS: &[(&str, PayloadName)] = &[
    (DISK_CHANGE, |c| <Vec<Change> as TS>::name(c)),
    (SCAN_PROGRESS, |c| <ScanProgress as TS>::name(c)),
    (SCAN_DONE, |c| <usize as TS>::name(c)),
    (WORDS_COUNTED, |c| <() as TS>::name(c)),
    (SYNC_ERROR, |c| <CommandError as TS>::name(c)),
    (crate::instance::OPEN_REQUEST, |c| {
        <crate::instance::OpenRequest as TS>::name(c)
    }),
];

/// How far the start-up scan is.
#[derive(Clone, Serialize, TS)]
pub struct ScanProgress {
    /// Paths read so far.
    done: usize,
    /// Paths to read.
    total: usize,
}

/// Sends an event to the window. A failed send is never dropped silently: it goes to the
/// log, where a bug report can find it.
pub fn emit<S: Serialize + Clone>(app: &AppHandle, event: &str, payload: S) {
    report_emit(event, app.emit(event, payload));
}

fn report_emit(event: &str, result: tauri::Result<()>) {
    if let Err(e) = result {
        tracing::warn!(event, error = %e, "could not send an event to the window");
    }
}

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

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    /// What a subscriber wrote, shared with the test.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// A failed emit is a warning in the log, naming the event and the failure.
    #[test]
    fn a_failed_emit_is_logged() {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            super::report_emit(super::DISK_CHANGE, Ok(()));
            super::report_emit(
                super::DISK_CHANGE,
                Err(tauri::Error::Io(std::io::Error::other(
                    "the window is gone",
                ))),
            );
        });
        let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        assert_eq!(log.lines().count(), 1, "{log}");
        assert!(
            log.contains("WARN")
                && log.contains("disk-change")
                && log.contains("the window is gone"),
            "{log}"
        );
    }
}
