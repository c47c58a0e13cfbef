//! Quire's desktop shell. It holds no domain logic: commands take state, call
//! `quire-core`, and map the error to `{code, message}` for the ui.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod assets;
mod commands;
mod error;
mod instance;
mod ipc;
mod logging;
mod state;
mod sync;
mod webview;
mod writing;

use std::path::PathBuf;

use anyhow::Context;
use clap::Parser;
use tauri::Manager;

/// The Quire desktop editor.
#[derive(Parser, Debug)]
#[command(name = "quire-app", version)]
struct Args {
    /// A post to open: a Markdown file in the content folder. If Quire is already running
    /// on this library, its window comes to the front and opens the file.
    file: Option<PathBuf>,
    /// The content folder of Markdown posts (default: the last one opened, or ./content).
    #[arg(long, env = "QUIRE_FOLDER")]
    folder: Option<PathBuf>,
    /// The SQLite library file (default: in the platform data dir).
    #[arg(long, env = "QUIRE_LIBRARY")]
    library: Option<PathBuf>,
    /// Where to write the log files (default: the platform's local data dir).
    #[arg(long, env = "QUIRE_LOG_DIR")]
    log_dir: Option<PathBuf>,
    /// Export into this folder instead of asking with a dialog (for scripts and the
    /// end-to-end tests, which cannot drive a native dialog).
    #[arg(long, hide = true)]
    export_to: Option<PathBuf>,
    /// Take this folder when the author asks to choose the content folder, instead of
    /// asking with a dialog (for the end-to-end tests).
    #[arg(long, hide = true)]
    pick_folder: Option<PathBuf>,
    /// Print the TypeScript of the ui's commands and events (ui/src/bindings.ts) and exit.
    #[arg(long, hide = true)]
    print_bindings: bool,
}

fn main() -> anyhow::Result<()> {
    webview::tune_environment();
    let args = Args::parse();
    if args.print_bindings {
        print!("{}", ipc::typescript());
        return Ok(());
    }
    let log_dir = args
        .log_dir
        .clone()
        .unwrap_or_else(quire_core::locations::default_log_dir);
    let _log = logging::init(&log_dir)?;
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "Quire starts");
    let cwd = std::env::current_dir().context("reading the working directory")?;
    let home = args
        .library
        .clone()
        .unwrap_or_else(quire_core::locations::default_library);
    let context = tauri::generate_context!("../tauri.conf.json");
    let requested = instance::Requested::new(args.file.as_ref().map(|f| cwd.join(f)));
    tauri::Builder::default()
        .manage(requested)
        // First, and before the library is opened: a second launch on this library
        // hands over and exits without touching it (no migration, no salvage, no index
        // write racing the running one).
        .plugin(instance::plugin(&context.config().identifier, &home))
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .setup(move |app| {
            let (state, locations) = open_state(args, &cwd, home, log_dir)?;
            // Without a folder there is nothing to follow until the author picks one.
            let opened = state.blog().is_ok();
            app.manage(state);
            if opened {
                sync::start(app.handle().clone(), locations, 0);
            }
            webview::prepare(app.handle());
            writing::start_spelling(app.handle());
            Ok(())
        })
        .register_asynchronous_uri_scheme_protocol(assets::SCHEME, assets::serve)
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::list_posts,
            commands::posts_by_id,
            commands::search_posts,
            commands::list_tags,
            commands::rename_post,
            commands::duplicate_post,
            commands::trash_post,
            commands::list_trash,
            commands::restore_from_trash,
            commands::empty_trash,
            commands::front_form,
            commands::edit_front,
            writing::add_image,
            writing::spell_check,
            writing::choose_spelling,
            writing::choose_folder,
            commands::open_post,
            commands::render,
            commands::render_edits,
            commands::save_draft,
            commands::save_draft_shown,
            commands::save_post,
            commands::new_post,
            commands::history,
            commands::diff_revision,
            commands::restore_revision,
            commands::restore_to_disk,
            commands::merge_view,
            commands::accept_merge,
            commands::save_settings,
            commands::export_post,
            commands::export_site,
            commands::cancel_export,
            commands::theme_css,
            commands::reveal_export,
        ])
        .run(context)
        .context("running the Quire window")
}

/// The folder and library to open, opened: what the window starts on.
fn open_state(
    args: Args,
    cwd: &std::path::Path,
    home: PathBuf,
    log_dir: PathBuf,
) -> anyhow::Result<(state::AppState, quire_core::locations::Locations)> {
    let locations = match quire_core::locations::resolve(args.folder, args.library, cwd) {
        // No folder given or remembered: the window opens and asks for one.
        Err(quire_core::Error::NoFolder) => quire_core::locations::Locations {
            folder: PathBuf::new(),
            library: home.clone(),
        },
        found => found.context("finding the content folder and library")?,
    };
    let state = state::AppState::open(
        &locations,
        home,
        log_dir,
        args.export_to,
        args.pick_folder,
        commands::now_ms(),
    )
    .with_context(|| {
        format!(
            "opening the content folder {} with the library {}",
            locations.folder.display(),
            locations.library.display()
        )
    })?;
    Ok((state, locations))
}
