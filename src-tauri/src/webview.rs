//! The webview's settings, and recovery from a dead web content process.
//!
//! WebKit renders the page in a separate process. If that process crashes or is killed
//! (out of memory, a driver bug), the window goes blank and stays blank: wry does not
//! reload it. The text is safe in the library (autosave), so reloading the page brings
//! the author back to the post with the draft restored, and losing at most the last
//! keystrokes before the autosave.

use tauri::{Manager, Runtime};

/// Settings for WebKit's processes, read from the environment when they start: set here,
/// before the window is made, unless the author's environment already says otherwise.
///
/// Measured on this app (PSS of the app and its WebKit processes, #11's closing note):
/// - the DMA-BUF renderer and compositing only serve GPU painting, which is off
///   (see [`prepare`]): 8–13 MB and 4–5 MB;
/// - glibc's per-thread malloc arenas in the web and network processes, which a text
///   editor's few threads do not need: up to 16 MB with 10,000 posts listed.
///
/// JavaScriptCore's optimizing JITs (`JSC_useDFGJIT=0`) would save 6–13 MB more, but the
/// editor then takes twice as long to answer a keystroke in a 100k-word post.
const WEBKIT_ENVIRONMENT: &[(&str, &str)] = &[
    ("WEBKIT_DISABLE_DMABUF_RENDERER", "1"),
    ("WEBKIT_DISABLE_COMPOSITING_MODE", "1"),
    ("MALLOC_ARENA_MAX", "2"),
    ("MALLOC_TRIM_THRESHOLD_", "131072"),
    ("MALLOC_MMAP_THRESHOLD_", "131072"),
];

/// Puts [`WEBKIT_ENVIRONMENT`] in this process's environment, for the WebKit processes it
/// starts. Called first thing in `main`, while no other thread reads the environment.
pub fn tune_environment() {
    if !cfg!(target_os = "linux") {
        return;
    }
    for (name, value) in WEBKIT_ENVIRONMENT {
        if std::env::var_os(name).is_none() {
            std::env::set_var(name, value);
        }
    }
}

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

/// A native file dialog over the window, as every dialog of a desktop app is: modal to
/// it, centred on it, in front of it.
pub fn file_dialog(app: &tauri::AppHandle) -> tauri_plugin_dialog::FileDialogBuilder<tauri::Wry> {
    use tauri_plugin_dialog::DialogExt;
    let dialog = app.dialog().file();
    match app.get_webview_window("main") {
        Some(window) => dialog.set_parent(&window),
        None => dialog,
    }
}
