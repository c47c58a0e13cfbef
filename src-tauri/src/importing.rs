//! Importing a blog from the window: the export picked in a native dialog, read whole and
//! written on the async runtime's blocking pool. The new files reach the list through the
//! folder's watcher, as any other program's do.

use std::path::PathBuf;

use quire_import::{ghost, medium, wordpress, write};
use tauri::{AppHandle, State};

use crate::error::CommandResult;
use crate::ipc::{ImportBlogArgs, ImportSource, ImportSummary, Reply};
use crate::state::AppState;

/// Reads the export and writes its posts into the content folder (see the command table).
#[tauri::command(async)]
#[tracing::instrument(skip(app, state), err)]
pub fn import_blog(
    app: AppHandle,
    state: State<'_, AppState>,
    args: ImportBlogArgs,
) -> CommandResult<Reply<ImportBlogArgs>> {
    state.not_alone()?;
    let Some(path) = state
        .import_from
        .clone()
        .or_else(|| pick(&app, args.source))
    else {
        return Ok(None);
    };
    let export = match args.source {
        ImportSource::Wordpress => wordpress::read(&path)?,
        ImportSource::Ghost => ghost::read(&path)?,
        ImportSource::Medium => medium::read(&path)?,
    };
    // Files written with the library read-only would have no history to fall back on.
    state.blog()?.writable()?;
    let summary = write::import(&state.folder()?, &export, false)?;
    Ok(Some(ImportSummary {
        source: args.source,
        imported: summary.imported.len() as u32,
        drafts: summary.drafts() as u32,
        skipped: summary.skipped.len() as u32,
        remote_images: summary
            .remote_images
            .iter()
            .map(|i| i.url.clone())
            .collect(),
    }))
}

/// The export the author picks: a file for WordPress and Ghost, a folder for Medium.
fn pick(app: &AppHandle, source: ImportSource) -> Option<PathBuf> {
    let dialog = crate::webview::file_dialog(app);
    let picked = match source {
        ImportSource::Wordpress => dialog
            .set_title("Import a WordPress export (.xml)")
            .add_filter("WordPress export", &["xml"])
            .blocking_pick_file(),
        ImportSource::Ghost => dialog
            .set_title("Import a Ghost export (.json)")
            .add_filter("Ghost export", &["json"])
            .blocking_pick_file(),
        ImportSource::Medium => dialog
            .set_title("Import a Medium archive: its posts folder")
            .blocking_pick_folder(),
    };
    picked.and_then(|f| f.into_path().ok())
}
