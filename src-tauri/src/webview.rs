//! The webview's settings, and recovery from a dead web content process.
//!
//! WebKit renders the page in a separate process. If that process crashes or is killed
//! (out of memory, a driver bug), the window goes blank and stays blank: wry does not
//! reload it. The text is safe in the library (autosave), so reloading the page brings
//! the author back to the post with the draft restored, and losing at most the last
//! keystrokes before the autosave.

use tauri::{Manager, Runtime};

/// Sets up the main window's webview, and reloads its page when its web process ends
/// (logged to stderr, so the reason is on record).
pub fn prepare<R: Runtime>(app: &tauri::AppHandle<R>) {
    let Some(window) = app.get_webview_window("main") else {
        tracing::warn!("no main window to watch");
        return;
    };
    #[cfg(target_os = "linux")]
    let result = window.with_webview(|platform| {
        use webkit2gtk::{SettingsExt, WebContextExt, WebViewExt};
        let view = platform.inner();
        // One local page, no browsing: WebKit's browser-sized caches only cost memory.
        if let Some(context) = view.context() {
            context.set_cache_model(webkit2gtk::CacheModel::DocumentViewer);
        }
        // Painting the page on the CPU: on machines without a GPU driver, compositing
        // goes through Mesa's software GL, which doubled keystroke → preview time in the
        // timing test (10k words: p95 41–46 ms composited, 16 ms not) and added ~90 MB;
        // a text page gains nothing from the GPU, and it sidesteps GL driver faults.
        if let Some(settings) = WebViewExt::settings(&view) {
            settings
                .set_hardware_acceleration_policy(webkit2gtk::HardwareAccelerationPolicy::Never);
        }
        view.connect_web_process_terminated(|view, reason| {
            tracing::warn!(?reason, "the page's web process ended; reloading it");
            view.reload();
        });
    });
    #[cfg(not(target_os = "linux"))]
    let result: tauri::Result<()> = Ok(());
    if let Err(e) = result {
        tracing::warn!(error = %e, "cannot watch the web process");
    }
}

/// Turns the webview's spell checker on for `languages` (Enchant's names, `en_US`), or
/// off when there are none.
pub fn set_spelling<R: Runtime>(app: &tauri::AppHandle<R>, languages: &[String]) {
    let Some(window) = app.get_webview_window("main") else {
        return;
    };
    #[cfg(target_os = "linux")]
    let result = {
        let languages = languages.to_vec();
        window.with_webview(move |platform| {
            use webkit2gtk::{WebContextExt, WebViewExt};
            if let Some(context) = platform.inner().context() {
                let names: Vec<&str> = languages.iter().map(String::as_str).collect();
                context.set_spell_checking_languages(&names);
                context.set_spell_checking_enabled(!names.is_empty());
            }
        })
    };
    #[cfg(not(target_os = "linux"))]
    let result: tauri::Result<()> = {
        let _ = (window, languages);
        Ok(())
    };
    if let Err(e) = result {
        tracing::warn!(error = %e, "cannot set the spell checker's languages");
    }
}
