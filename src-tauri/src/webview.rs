//! Recovery from a dead web content process.
//!
//! WebKit renders the page in a separate process. If that process crashes or is killed
//! (out of memory, a driver bug), the window goes blank and stays blank: wry does not
//! reload it. The text is safe in the library (autosave), so reloading the page brings
//! the author back to the post with the draft restored, and losing at most the last
//! keystrokes before the autosave.

use tauri::{Manager, Runtime};

/// Reload the main window's page when its web process ends. Logged to stderr so the
/// reason is on record.
pub fn reload_on_crash<R: Runtime>(app: &tauri::AppHandle<R>) {
    let Some(window) = app.get_webview_window("main") else {
        eprintln!("quire: no main window to watch");
        return;
    };
    #[cfg(target_os = "linux")]
    let result = window.with_webview(|platform| {
        use webkit2gtk::WebViewExt;
        platform
            .inner()
            .connect_web_process_terminated(|view, reason| {
                eprintln!("quire: the page's web process ended ({reason:?}); reloading it");
                view.reload();
            });
    });
    #[cfg(not(target_os = "linux"))]
    let result: tauri::Result<()> = Ok(());
    if let Err(e) = result {
        eprintln!("quire: cannot watch the web process: {e}");
    }
}
