//! The commands the ui calls. Each one takes state, calls the core, maps the error. Their
//! arguments and results are declared in [`crate::ipc`], which the ui's types come from.
//!
//! Every command has a span in the log; the ones that run on every keystroke are at
//! debug level, so they cost nothing unless asked for.

use quire_core::article::AssetLinks;
use quire_core::library::RevisionSource;
use quire_core::settings;
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::assets::SCHEME;
use crate::error::CommandResult;
use crate::ipc::*;
use crate::state::AppState;

/// The time recorded with every change: milliseconds since the epoch.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Where the app works, and what it starts with.
#[derive(Serialize, TS)]
pub struct AppInfo {
    /// The content folder.
    folder: String,
    /// The library file.
    library: String,
    /// The folder of the app's log files.
    log: String,
    /// The site settings.
    site: quire_core::article::Site,
    /// The post open when the app last closed.
    last_post: Option<i64>,
}

#[tauri::command(async)]
#[tracing::instrument(skip_all, err)]
pub fn app_info(
    state: State<'_, AppState>,
    _args: AppInfoArgs,
) -> CommandResult<Reply<AppInfoArgs>> {
    let last_post = state.blog()?.last_opened()?;
    Ok(AppInfo {
        folder: state.locations.folder.display().to_string(),
        library: state.locations.library.display().to_string(),
        log: state.log_dir.display().to_string(),
        site: state.site(),
        last_post,
    })
}

#[tauri::command(async)]
#[tracing::instrument(skip_all, err)]
pub fn list_posts(
    state: State<'_, AppState>,
    _args: ListPostsArgs,
) -> CommandResult<Reply<ListPostsArgs>> {
    Ok(state.blog()?.posts()?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(state), err)]
pub fn open_post(
    state: State<'_, AppState>,
    args: OpenPostArgs,
) -> CommandResult<Reply<OpenPostArgs>> {
    Ok(state.blog()?.open_post(args.id)?)
}

fn links(path: Option<&str>, asset_version: Option<u32>) -> AssetLinks {
    AssetLinks {
        prefix: asset_prefix(path),
        suffix: asset_version.map(|v| format!("?v={v}")).unwrap_or_default(),
        root: asset_root(),
        ..AssetLinks::default()
    }
}

/// Renders without the library lock: it runs on every keystroke.
#[tauri::command(async)]
#[tracing::instrument(level = "debug", skip_all, fields(version = args.version), err)]
pub fn render(state: State<'_, AppState>, args: RenderArgs) -> CommandResult<Reply<RenderArgs>> {
    let mut preview = state.preview()?;
    preview.set_text(args.text, args.version);
    Ok(preview.render(
        &state.site(),
        &links(args.path.as_deref(), args.asset_version),
    )?)
}

#[tauri::command(async)]
#[tracing::instrument(level = "debug", skip_all, fields(base = args.base, version = args.version), err)]
pub fn render_edits(
    state: State<'_, AppState>,
    args: RenderEditsArgs,
) -> CommandResult<Reply<RenderEditsArgs>> {
    let mut preview = state.preview()?;
    preview.edit(args.base, args.version, &args.edits, args.length)?;
    Ok(preview.render(
        &state.site(),
        &links(args.path.as_deref(), args.asset_version),
    )?)
}

#[tauri::command(async)]
#[tracing::instrument(level = "debug", skip_all, fields(id = args.id), err)]
pub fn save_draft(
    state: State<'_, AppState>,
    args: SaveDraftArgs,
) -> CommandResult<Reply<SaveDraftArgs>> {
    Ok(state
        .blog()?
        .save_draft(args.id, &args.text, args.base.as_deref(), now_ms())?)
}

#[tauri::command(async)]
#[tracing::instrument(skip_all, fields(id = args.id), err)]
pub fn save_post(
    state: State<'_, AppState>,
    args: SavePostArgs,
) -> CommandResult<Reply<SavePostArgs>> {
    Ok(state
        .blog()?
        .save(args.id, &args.text, args.base.as_deref(), now_ms())?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(state), err)]
pub fn new_post(
    state: State<'_, AppState>,
    args: NewPostArgs,
) -> CommandResult<Reply<NewPostArgs>> {
    let today = chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    Ok(state
        .blog()?
        .create(&args.title, &state.site().author, &today, now_ms())?)
}

/// Relative links in a post resolve against the post's own folder, as on the exported site.
fn asset_prefix(post_path: Option<&str>) -> String {
    let dir = post_path
        .and_then(|p| p.rsplit_once('/'))
        .map(|(dir, _)| format!("{dir}/"))
        .unwrap_or_default();
    format!("{}{dir}", asset_root())
}

/// The asset address of the content folder's root.
fn asset_root() -> String {
    if cfg!(windows) {
        format!("http://{SCHEME}.localhost/")
    } else {
        format!("{SCHEME}://localhost/")
    }
}

#[tauri::command(async)]
#[tracing::instrument(skip(state), err)]
pub fn history(state: State<'_, AppState>, args: HistoryArgs) -> CommandResult<Reply<HistoryArgs>> {
    Ok(state.blog()?.history(args.id)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip_all, fields(id = args.id, revision = args.revision), err)]
pub fn diff_revision(
    state: State<'_, AppState>,
    args: DiffRevisionArgs,
) -> CommandResult<Reply<DiffRevisionArgs>> {
    Ok(state
        .blog()?
        .diff_revision(args.id, args.revision, &args.current)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(state), err)]
pub fn restore_revision(
    state: State<'_, AppState>,
    args: RestoreRevisionArgs,
) -> CommandResult<Reply<RestoreRevisionArgs>> {
    Ok(state
        .blog()?
        .restore_revision(args.id, args.revision, now_ms())?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(state), err)]
pub fn restore_to_disk(
    state: State<'_, AppState>,
    args: RestoreToDiskArgs,
) -> CommandResult<Reply<RestoreToDiskArgs>> {
    Ok(state.blog()?.restore_to_disk(args.id, now_ms())?)
}

#[tauri::command(async)]
#[tracing::instrument(skip_all, fields(id = args.id), err)]
pub fn merge_view(
    state: State<'_, AppState>,
    args: MergeViewArgs,
) -> CommandResult<Reply<MergeViewArgs>> {
    Ok(state
        .blog()?
        .merge_view(args.id, &args.mine, args.base.as_deref(), now_ms())?)
}

#[tauri::command(async)]
#[tracing::instrument(skip_all, fields(id = args.id), err)]
pub fn accept_merge(
    state: State<'_, AppState>,
    args: AcceptMergeArgs,
) -> CommandResult<Reply<AcceptMergeArgs>> {
    Ok(state.blog()?.save_as(
        args.id,
        &args.text,
        Some(&args.base),
        RevisionSource::Merge,
        now_ms(),
    )?)
}

/// Saves the blog's settings, each checked by the core, and returns them as stored.
#[tauri::command(async)]
#[tracing::instrument(skip_all, err)]
pub fn save_settings(
    state: State<'_, AppState>,
    args: SaveSettingsArgs,
) -> CommandResult<Reply<SaveSettingsArgs>> {
    let blog = state.blog()?;
    for (key, value) in settings::list(&args.site) {
        blog.set_setting(key, &value)?;
    }
    let stored = blog.site()?;
    state.set_site(stored.clone());
    Ok(stored)
}
