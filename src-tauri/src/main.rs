//! Quire's desktop shell. It holds no domain logic: commands take state, call
//! `quire-core`, and map the error to `{code, message}` for the ui.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod args;
mod assets;
mod commands;
mod error;
mod events;
mod follow;
mod importing;
mod instance;
mod ipc;
mod logging;
mod menu;
mod menu_table;
mod publishing;
mod state;
mod syncing;
mod webview;
mod writing;

use std::path::PathBuf;

use anyhow::Context;
use clap::Parser;
use tauri::Manager;

use args::Args;

/// The invoke handler of every command of the table: the functions it names.
macro_rules! command_table {
    ($(
        $(#[$doc:meta])*
        $module:ident :: $name:ident ( $($args:tt)* ) -> $result:ty;
    )*) => {
        tauri::generate_handler![$($module::$name),*]
    };
}

fn main() -> anyhow::Result<()> {
    webview::tune_environment();
    let args = Args::parse();
    if args.print_bindings {
        print!("{}", ipc::typescript());
        return Ok(());
    }
    if args.print_capability {
        print!("{}", ipc::capability());
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
    let requested = instance::Requested::new(args.file().map(|f| cwd.join(f)));
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
                follow::start(app.handle().clone(), locations, 0);
            }
            // After the state: "Open recent" lists the folders it remembers.
            app.set_menu(menu::build(app.handle())?)?;
            app.on_menu_event(menu::clicked);
            webview::prepare(app.handle());
            writing::start_spelling(app.handle());
            Ok(())
        })
        .register_asynchronous_uri_scheme_protocol(assets::SCHEME, assets::serve)
        .invoke_handler(include!("command_table.rs"))
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
    let mut state = state::AppState::open(
        &locations,
        home,
        log_dir,
        args.export_to,
        args.pick_folder,
        quire_core::clock::now_ms(),
    )
    .with_context(|| {
        format!(
            "opening the content folder {} with the library {}",
            locations.folder.display(),
            locations.library.display()
        )
    })?;
    state.import_from = args.import_from;
    Ok((state, locations))
}
