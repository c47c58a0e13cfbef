//! The window's menu bar, with Tauri's own menu API, from one table (`menu_table.rs`) that
//! says every item: its action, its words and its accelerator. Most actions are the window's (the ui runs
//! them as it runs the shortcut of the same name, and a ui test checks that each
//! accelerator here is the key its shortcut table names); a few are the shell's own
//! (quit, zoom, the logs, a recent folder).
//!
//! An accelerator on Linux is GTK's: the key goes to the menu before the page, so the ui
//! hears it once, as the menu's action. Cut, Copy, Paste and Select all are GTK's own
//! items, which only show their keys: the page keeps handling those keys itself.

use std::path::PathBuf;

use tauri::menu::{
    AboutMetadata, Menu, MenuBuilder, MenuEvent, MenuItemBuilder, PredefinedMenuItem, Submenu,
    SubmenuBuilder,
};
use tauri::{AppHandle, Manager, Wry};
use tauri_plugin_opener::OpenerExt;

use crate::events::emit;
use crate::ipc::{MenuAction, MENU_ACTION};
use crate::menu_table::{Line::*, MENU, THEMES};
use crate::state::AppState;
use crate::{follow, writing};

/// How much each zoom step changes the page's scale, and its bounds.
const ZOOM_STEP: f64 = 0.1;
const ZOOM_RANGE: (f64, f64) = (0.5, 2.5);

/// The menu bar, its recent folders as the home library remembers them.
pub fn build(app: &AppHandle) -> tauri::Result<Menu<Wry>> {
    let mut bar = MenuBuilder::new(app);
    for (title, lines) in MENU {
        let mut sub = SubmenuBuilder::new(app, *title);
        for line in *lines {
            sub = match line {
                Item(id, text, accel) => {
                    let mut item = MenuItemBuilder::with_id(*id, *text);
                    if let Some(accel) = accel {
                        item = item.accelerator(*accel);
                    }
                    sub.item(&item.build(app)?)
                }
                Separator => sub.separator(),
                Cut => sub.item(&PredefinedMenuItem::cut(app, Some("Cu&t"))?),
                Copy => sub.item(&PredefinedMenuItem::copy(app, Some("&Copy"))?),
                Paste => sub.item(&PredefinedMenuItem::paste(app, Some("P&aste"))?),
                SelectAll => sub.item(&PredefinedMenuItem::select_all(app, Some("Select &all"))?),
                Recent => sub.item(&recent(app)?),
                Theme => sub.item(&themes(app)?),
                About => sub.item(&PredefinedMenuItem::about(
                    app,
                    Some("&About Quire"),
                    Some(about()),
                )?),
            };
        }
        bar = bar.item(&sub.build()?);
    }
    bar.build()
}

fn themes(app: &AppHandle) -> tauri::Result<Submenu<Wry>> {
    let mut sub = SubmenuBuilder::new(app, "T&heme");
    for (id, text) in THEMES {
        sub = sub.text(*id, *text);
    }
    sub.build()
}

/// "Open recent": the folders the home library remembers, newest first, but the open one.
fn recent(app: &AppHandle) -> tauri::Result<Submenu<Wry>> {
    let mut sub = SubmenuBuilder::new(app, "Open &recent");
    let folders = recent_folders(app);
    if folders.is_empty() {
        let none = MenuItemBuilder::with_id("recent:none", "No other folder yet")
            .enabled(false)
            .build(app)?;
        return sub.item(&none).build();
    }
    for (i, folder) in folders.iter().enumerate() {
        // Underscores are mnemonics to GTK: doubled, they are themselves.
        let text = folder.display().to_string().replace('_', "__");
        sub = sub.text(format!("recent:{i}"), text);
    }
    sub.build()
}

fn recent_folders(app: &AppHandle) -> Vec<PathBuf> {
    let Some(state) = app.try_state::<AppState>() else {
        return Vec::new();
    };
    let open = state.locations().folder;
    quire_core::locations::recent_folders(&state.home())
        .unwrap_or_default()
        .into_iter()
        .filter(|f| *f != open)
        .collect()
}

fn about() -> AboutMetadata<'static> {
    AboutMetadata {
        name: Some("Quire".into()),
        version: Some(env!("CARGO_PKG_VERSION").into()),
        comments: Some("A blogging editor: Markdown on the left, the finished article on the right, every keystroke kept.".into()),
        license: Some(format!(
            "Quire is free software under the {} licence. It is built on Tauri, WebKitGTK, CodeMirror, comrak, SQLite and the other libraries listed in its package's copyright file.",
            env!("CARGO_PKG_LICENSE")
        )),
        ..AboutMetadata::default()
    }
}

/// What a click (or accelerator) on the menu does.
pub fn clicked(app: &AppHandle, event: MenuEvent) {
    let id = event.id().as_ref();
    match id {
        "quit" => {
            // Closed as the window's own close button closes it: the page keeps its
            // last keystrokes as it unloads.
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.close();
            }
        }
        "zoomIn" => zoom(app, Some(ZOOM_STEP)),
        "zoomOut" => zoom(app, Some(-ZOOM_STEP)),
        "zoomReset" => zoom(app, None),
        "showLogs" => {
            if let Some(state) = app.try_state::<AppState>() {
                if let Err(e) = app
                    .opener()
                    .open_path(state.log_dir.display().to_string(), None::<&str>)
                {
                    tracing::warn!(error = %e, "could not show the log folder");
                }
            }
        }
        _ => {
            if let Some(i) = id
                .strip_prefix("recent:")
                .and_then(|i| i.parse::<usize>().ok())
            {
                open_recent(app, i);
            } else {
                emit(
                    app,
                    MENU_ACTION,
                    MenuAction {
                        action: id.to_string(),
                    },
                );
            }
        }
    }
}

/// Opens the `i`th recent folder; the window starts over on it.
fn open_recent(app: &AppHandle, i: usize) {
    let Some(folder) = recent_folders(app).into_iter().nth(i) else {
        return;
    };
    let Some(state) = app.try_state::<AppState>() else {
        return;
    };
    match state.switch_folder(&folder) {
        Ok((locations, generation)) => {
            follow::start(app.clone(), locations, generation);
            writing::start_spelling(app);
            refresh(app);
            emit(
                app,
                MENU_ACTION,
                MenuAction {
                    action: "restart".into(),
                },
            );
        }
        Err(e) => emit(
            app,
            crate::ipc::SYNC_ERROR,
            crate::error::CommandError::from(e),
        ),
    }
}

/// Builds the menu again (its recent folders changed).
pub fn refresh(app: &AppHandle) {
    match build(app) {
        Ok(menu) => {
            if let Err(e) = app.set_menu(menu) {
                tracing::warn!(error = %e, "could not set the menu");
            }
        }
        Err(e) => tracing::warn!(error = %e, "could not build the menu"),
    }
}

fn zoom(app: &AppHandle, step: Option<f64>) {
    let Some(state) = app.try_state::<AppState>() else {
        return;
    };
    let level = match step {
        Some(step) => (state.zoom() + step).clamp(ZOOM_RANGE.0, ZOOM_RANGE.1),
        None => 1.0,
    };
    state.set_zoom(level);
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.set_zoom(level);
    }
}
