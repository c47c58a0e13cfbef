//! Sending events to the window: the one place a failed send is handled.

use serde::Serialize;
use tauri::{AppHandle, Emitter};

/// Sends an event (named in [`crate::ipc`]) to the window. A failed send is never dropped
/// silently: it goes to the log, where a bug report can find it.
pub fn emit<S: Serialize + Clone>(app: &AppHandle, event: &str, payload: S) {
    report_emit(event, app.emit(event, payload));
}

fn report_emit(event: &str, result: tauri::Result<()>) {
    if let Err(e) = result {
        tracing::warn!(event, error = %e, "could not send an event to the window");
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
            super::report_emit(crate::ipc::DISK_CHANGE, Ok(()));
            super::report_emit(
                crate::ipc::DISK_CHANGE,
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
