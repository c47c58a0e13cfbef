//! The commands the ui calls. Each one takes state, calls the core, maps the error.

use quire_core::article::{AssetLinks, Site};
use quire_core::blog::{source, OpenedPost};
use quire_core::library::{PostRow, RevisionInfo};
use quire_core::preview::{PreviewPatch, TextEdit};
use quire_core::sync::{DiffLine, MergeView};
use serde::Serialize;
use tauri::State;

use crate::assets::SCHEME;
use crate::error::CommandResult;
use crate::state::AppState;

pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

#[derive(Serialize)]
pub struct AppInfo {
    folder: String,
    library: String,
    site: Site,
    last_post: Option<i64>,
}

#[tauri::command(async)]
pub fn app_info(state: State<'_, AppState>) -> CommandResult<AppInfo> {
    let last_post = state.blog()?.last_opened()?;
    Ok(AppInfo {
        folder: state.locations.folder.display().to_string(),
        library: state.locations.library.display().to_string(),
        site: state.site(),
        last_post,
    })
}

#[tauri::command(async)]
pub fn list_posts(state: State<'_, AppState>) -> CommandResult<Vec<PostRow>> {
    Ok(state.blog()?.posts()?)
}

#[tauri::command(async)]
pub fn open_post(state: State<'_, AppState>, id: i64) -> CommandResult<OpenedPost> {
    Ok(state.blog()?.open_post(id)?)
}

fn links(path: Option<&str>, asset_version: Option<u32>) -> AssetLinks {
    AssetLinks {
        prefix: asset_prefix(path),
        suffix: asset_version.map(|v| format!("?v={v}")).unwrap_or_default(),
    }
}

/// The whole text: the preview starts over and the reply holds the whole article.
/// Renders without the library lock: it runs on every keystroke.
#[tauri::command(async)]
pub fn render(
    state: State<'_, AppState>,
    text: String,
    version: u64,
    path: Option<String>,
    asset_version: Option<u32>,
) -> CommandResult<PreviewPatch> {
    let mut preview = state.preview()?;
    preview.set_text(text, version);
    Ok(preview.render(&state.site(), &links(path.as_deref(), asset_version))?)
}

/// The editor's edits to text version `base`, making `version`: the reply holds only what
/// changed.
#[allow(clippy::too_many_arguments)] // each is one field of the ui's request
#[tauri::command(async)]
pub fn render_edits(
    state: State<'_, AppState>,
    base: u64,
    version: u64,
    edits: Vec<TextEdit>,
    length: usize,
    path: Option<String>,
    asset_version: Option<u32>,
) -> CommandResult<PreviewPatch> {
    let mut preview = state.preview()?;
    preview.edit(base, version, &edits, length)?;
    Ok(preview.render(&state.site(), &links(path.as_deref(), asset_version))?)
}

#[tauri::command(async)]
pub fn save_draft(state: State<'_, AppState>, id: i64, text: String) -> CommandResult<()> {
    Ok(state.blog()?.save_draft(id, &text, now_ms())?)
}

#[tauri::command(async)]
pub fn save_post(state: State<'_, AppState>, id: i64, text: String) -> CommandResult<PostRow> {
    Ok(state.blog()?.save(id, &text, now_ms())?)
}

#[tauri::command(async)]
pub fn new_post(state: State<'_, AppState>, title: String) -> CommandResult<PostRow> {
    let today = chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    Ok(state
        .blog()?
        .create(&title, &state.site().author, &today, now_ms())?)
}

/// Relative links in a post resolve against the post's own folder, as on the exported site.
fn asset_prefix(post_path: Option<&str>) -> String {
    let dir = post_path
        .and_then(|p| p.rsplit_once('/'))
        .map(|(dir, _)| format!("{dir}/"))
        .unwrap_or_default();
    if cfg!(windows) {
        format!("http://{SCHEME}.localhost/{dir}")
    } else {
        format!("{SCHEME}://localhost/{dir}")
    }
}

#[tauri::command(async)]
pub fn history(state: State<'_, AppState>, id: i64) -> CommandResult<Vec<RevisionInfo>> {
    Ok(state.blog()?.history(id)?)
}

#[tauri::command(async)]
pub fn diff_revision(
    state: State<'_, AppState>,
    id: i64,
    revision: i64,
    current: String,
) -> CommandResult<Vec<DiffLine>> {
    Ok(state.blog()?.diff_revision(id, revision, &current)?)
}

#[tauri::command(async)]
pub fn restore_revision(
    state: State<'_, AppState>,
    id: i64,
    revision: i64,
) -> CommandResult<String> {
    Ok(state.blog()?.restore_revision(id, revision, now_ms())?)
}

#[tauri::command(async)]
pub fn restore_to_disk(state: State<'_, AppState>, id: i64) -> CommandResult<PostRow> {
    Ok(state.blog()?.restore_to_disk(id, now_ms())?)
}

#[tauri::command(async)]
pub fn merge_view(
    state: State<'_, AppState>,
    id: i64,
    mine: String,
    base: Option<String>,
) -> CommandResult<MergeView> {
    Ok(state
        .blog()?
        .merge_view(id, &mine, base.as_deref(), now_ms())?)
}

#[tauri::command(async)]
pub fn accept_merge(state: State<'_, AppState>, id: i64, text: String) -> CommandResult<PostRow> {
    Ok(state.blog()?.save_as(id, &text, source::MERGE, now_ms())?)
}

/// Saves the blog's settings (author, site title, footer) and returns them as stored.
#[tauri::command(async)]
pub fn save_settings(state: State<'_, AppState>, site: Site) -> CommandResult<Site> {
    let blog = state.blog()?;
    blog.set_setting("author", &site.author)?;
    blog.set_setting("site_title", &site.title)?;
    blog.set_setting("footer", &site.footer)?;
    let stored = blog.site()?;
    state.set_site(stored.clone());
    Ok(stored)
}
