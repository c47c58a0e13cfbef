//! Quire's desktop shell. It holds no domain logic: commands take state, call
//! `quire-core`, and map the error to `{code, message}` for the ui.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod assets;
mod commands;
mod error;
mod state;
mod sync;
mod webview;

use std::path::PathBuf;

use anyhow::Context;
use clap::Parser;

/// The Quire desktop editor.
#[derive(Parser, Debug)]
#[command(name = "quire-app", version)]
struct Args {
    /// The content folder of Markdown posts (default: the last one opened, or ./content).
    #[arg(long, env = "QUIRE_FOLDER")]
    folder: Option<PathBuf>,
    /// The SQLite library file (default: in the platform data dir).
    #[arg(long, env = "QUIRE_LIBRARY")]
    library: Option<PathBuf>,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let cwd = std::env::current_dir().context("reading the working directory")?;
    let locations = quire_core::locations::resolve(args.folder, args.library, &cwd)
        .context("finding the content folder and library")?;
    let state = state::AppState::open(&locations).with_context(|| {
        format!(
            "opening the content folder {} with the library {}",
            locations.folder.display(),
            locations.library.display()
        )
    })?;

    let sync_locations = locations.clone();
    tauri::Builder::default()
        .manage(state)
        .setup(move |app| {
            sync::start(app.handle().clone(), sync_locations);
            webview::prepare(app.handle());
            Ok(())
        })
        .register_asynchronous_uri_scheme_protocol(assets::SCHEME, assets::serve)
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::list_posts,
            commands::open_post,
            commands::render,
            commands::render_edits,
            commands::save_draft,
            commands::save_post,
            commands::new_post,
            commands::history,
            commands::diff_revision,
            commands::restore_revision,
            commands::restore_to_disk,
            commands::merge_view,
            commands::accept_merge,
            commands::save_settings,
        ])
        .run(tauri::generate_context!("../tauri.conf.json"))
        .context("running the Quire window")
}
