//! The commands of the writing tools: images pasted or dropped into the editor, the
//! spell checker's languages, and switching the content folder. Thin like the others:
//! take state, call the core, map the error.

use std::path::{Path, PathBuf};

use quire_core::clock::today;
use quire_core::locations;

use tauri::ipc::{InvokeBody, Request};
use tauri::{AppHandle, Manager, State};

use crate::error::{CommandError, CommandResult};
use crate::instance::Requested;
use crate::ipc::*;
use crate::state::AppState;
use crate::{follow, webview};

/// The header that carries `add_image`'s arguments as JSON, since its body is the image.
pub const IMAGE_ARGS_HEADER: &str = "quire-args";

/// Copies an image beside the open post. The image comes as the request's raw body (a
/// 20 MB photo as a JSON array of numbers would be ~80 MB of text), the post's id and the
/// file's name as JSON in the [`IMAGE_ARGS_HEADER`] header.
#[tauri::command(async)]
#[tracing::instrument(skip_all, err)]
pub fn add_image(
    state: State<'_, AppState>,
    request: Request<'_>,
) -> CommandResult<Reply<AddImageArgs>> {
    let args: AddImageArgs = request
        .headers()
        .get(IMAGE_ARGS_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(|json| serde_json::from_str(json).ok())
        .ok_or_else(|| {
            CommandError::ipc(format!("add_image needs its {IMAGE_ARGS_HEADER} header"))
        })?;
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(CommandError::ipc(
            "add_image needs the image as its raw body".into(),
        ));
    };
    let limit = state.site().image_limit_mb;
    Ok(state.blog()?.add_image(args.id, &args.name, bytes, limit)?)
}

/// The system's language, as the C library picks it: `LC_ALL`, then `LC_MESSAGES`, then
/// `LANG`.
fn lang_env() -> Option<String> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
}

/// The spell checker's languages: the system's dictionaries and the author's choice.
#[tauri::command(async)]
#[tracing::instrument(skip_all, err)]
pub fn spell_check(
    state: State<'_, AppState>,
    _args: SpellCheckArgs,
) -> CommandResult<Reply<SpellCheckArgs>> {
    let dirs = quire_core::spelling::dictionary_dirs();
    Ok(state.blog()?.spell_check(&dirs, lang_env().as_deref())?)
}

/// Hands the chosen languages to the webview's checker as the window opens.
pub fn start_spelling(app: &AppHandle) {
    let dirs = quire_core::spelling::dictionary_dirs();
    let state = app.state::<AppState>();
    let chosen = state
        .blog()
        .ok()
        .and_then(|blog| blog.spell_check(&dirs, lang_env().as_deref()).ok());
    if let Some(check) = chosen {
        webview::set_spelling(app, &check.chosen);
    }
}

/// Keeps the author's spell-check languages and hands them to the webview's checker.
#[tauri::command(async)]
#[tracing::instrument(skip(app, state), err)]
pub fn choose_spelling(
    app: AppHandle,
    state: State<'_, AppState>,
    args: ChooseSpellingArgs,
) -> CommandResult<Reply<ChooseSpellingArgs>> {
    let dirs = quire_core::spelling::dictionary_dirs();
    let chosen = state.blog()?.choose_spelling(&dirs, &args.languages)?;
    webview::set_spelling(&app, &chosen.chosen);
    Ok(chosen)
}

/// Switches to a content folder the author picks in a dialog the shell opens: its own
/// library opens (the folder left keeps its drafts in its own), the new folder is scanned
/// and followed. `null` if they cancel the dialog.
#[tauri::command(async)]
#[tracing::instrument(skip(app, state), err)]
pub fn choose_folder(
    app: AppHandle,
    state: State<'_, AppState>,
    args: ChooseFolderArgs,
) -> CommandResult<Reply<ChooseFolderArgs>> {
    let folder = state.locations().folder;
    // First start: no folder yet; the dialog opens where a new one would go.
    let from = if folder.as_os_str().is_empty() {
        locations::default_folder()
            .parent()
            .map(PathBuf::from)
            .unwrap_or_default()
    } else {
        folder
    };
    let picked: Option<PathBuf> = match &state.pick_folder {
        Some(dir) => Some(dir.clone()),
        None => webview::file_dialog(&app)
            .set_title("Choose the content folder")
            .set_directory(from)
            .blocking_pick_folder()
            .and_then(|f| f.into_path().ok()),
    };
    let Some(folder) = picked else {
        return Ok(false);
    };
    let _ = args;
    switch_to(&app, &state, &folder)?;
    // The window starts over on the new folder and asks app_info then.
    Ok(true)
}

/// Starts a blog from nothing in `~/Documents/Quire` (its first post written, a folder
/// that holds anything left as it is) and switches to it.
#[tauri::command(async)]
#[tracing::instrument(skip(app, state), err)]
pub fn start_new_folder(
    app: AppHandle,
    state: State<'_, AppState>,
    args: StartNewFolderArgs,
) -> CommandResult<Reply<StartNewFolderArgs>> {
    let _ = args;
    let folder = locations::default_folder();
    locations::start_folder(&folder, &today())?;
    switch_to(&app, &state, &folder)?;
    Ok(true)
}

/// Opens the file outside the content folder the window was told of (see the table).
#[tauri::command(async)]
#[tracing::instrument(skip(app, state, requested), err)]
pub fn open_outside(
    app: AppHandle,
    state: State<'_, AppState>,
    requested: State<'_, Requested>,
    args: OpenOutsideArgs,
) -> CommandResult<Reply<OpenOutsideArgs>> {
    let Some(file) = state.take_outside() else {
        return Ok(false);
    };
    match args.choice {
        OutsideChoice::Folder => {
            let folder = file.parent().unwrap_or(Path::new("/"));
            switch_to(&app, &state, folder)?;
        }
        OutsideChoice::File => {
            state.open_file_alone(&file)?;
            // "Open recent" lists folders by their place: the open one is left out.
            crate::menu::refresh(&app);
        }
    }
    // The window starts over, then opens the file as a post of its new folder.
    requested.after_restart(file);
    Ok(true)
}

/// The window's folder becomes `folder`, with its own library, followed.
fn switch_to(app: &AppHandle, state: &AppState, folder: &Path) -> CommandResult<()> {
    let (locations, generation) = state.switch_folder(folder)?;
    follow::start(app.clone(), locations, generation);
    // The new folder's library has its own choice of languages.
    start_spelling(app);
    // "Open recent" has the folder left.
    crate::menu::refresh(app);
    Ok(())
}
