//! The commands the ui calls. Each one takes state, calls the core, maps the error. Their
//! arguments and results are declared in [`crate::ipc`], which the ui's types come from.
//!
//! Every command has a span in the log; the ones that run on every keystroke are at
//! debug level, so they cost nothing unless asked for.

use quire_core::article::AssetLinks;
use quire_core::clock::{now_ms, today};
use quire_core::error::ErrorCode;
use quire_core::library::RevisionSource;
use quire_core::settings;
use quire_core::sync::COUNT_BATCH;
use std::sync::atomic::Ordering;

use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};
use tauri_plugin_opener::OpenerExt;

use crate::assets::SCHEME;
use crate::error::{CommandError, CommandResult};
use crate::events::emit;
use crate::instance::{self, Requested};
use crate::ipc::*;
use crate::state::AppState;

#[tauri::command(async)]
#[tracing::instrument(skip_all, err)]
pub fn app_info(
    state: State<'_, AppState>,
    requested: State<'_, Requested>,
    _args: AppInfoArgs,
) -> CommandResult<Reply<AppInfoArgs>> {
    let (last, read_only, unopened) = match state.blog() {
        Ok(blog) => (blog.last_opened()?, blog.library().is_read_only(), None),
        Err(e) if matches!(e.code, ErrorCode::NoFolder | ErrorCode::FolderMissing) => {
            (None, false, Some(e))
        }
        Err(e) => return Err(e),
    };
    let first = instance::first_post(&requested, &state, last);
    let locations = state.locations();
    Ok(AppInfo {
        folder: locations.folder.display().to_string(),
        library: locations.library.display().to_string(),
        log: state.log_dir.display().to_string(),
        site: state.site(),
        last_post: first.id,
        unopened,
        default_folder: quire_core::locations::default_folder()
            .display()
            .to_string(),
        salvaged: state.take_salvaged(),
        read_only,
        open_error: first.error,
        outside: first.outside,
        alone: state.alone().map(|f| f.display().to_string()),
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
pub fn posts_by_id(
    state: State<'_, AppState>,
    args: PostsByIdArgs,
) -> CommandResult<Reply<PostsByIdArgs>> {
    Ok(state.blog()?.library().posts_by_id(&args.ids)?)
}

/// Results beyond these are not worth a row: the author refines the query instead.
const SEARCH_LIMIT: usize = 50;

#[tauri::command(async)]
#[tracing::instrument(skip(state), err)]
pub fn search_posts(
    state: State<'_, AppState>,
    args: SearchPostsArgs,
) -> CommandResult<Reply<SearchPostsArgs>> {
    Ok(state.blog()?.search(&args.query, SEARCH_LIMIT)?)
}

#[tauri::command(async)]
#[tracing::instrument(skip_all, err)]
pub fn list_tags(
    state: State<'_, AppState>,
    _args: ListTagsArgs,
) -> CommandResult<Reply<ListTagsArgs>> {
    Ok(state.blog()?.tags()?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(state), err)]
pub fn rename_post(
    state: State<'_, AppState>,
    args: RenamePostArgs,
) -> CommandResult<Reply<RenamePostArgs>> {
    state.not_alone()?;
    Ok(state.blog()?.rename(args.id, &args.title, now_ms())?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(state), err)]
pub fn duplicate_post(
    state: State<'_, AppState>,
    args: DuplicatePostArgs,
) -> CommandResult<Reply<DuplicatePostArgs>> {
    state.not_alone()?;
    Ok(state.blog()?.duplicate(args.id, now_ms())?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(state), err)]
pub fn trash_post(
    state: State<'_, AppState>,
    args: TrashPostArgs,
) -> CommandResult<Reply<TrashPostArgs>> {
    state.not_alone()?;
    Ok(state.blog()?.trash(args.id, now_ms())?)
}

#[tauri::command(async)]
#[tracing::instrument(skip_all, err)]
pub fn list_trash(
    state: State<'_, AppState>,
    _args: ListTrashArgs,
) -> CommandResult<Reply<ListTrashArgs>> {
    Ok(state.blog()?.trash_list()?)
}

#[tauri::command(async)]
#[tracing::instrument(skip(state), err)]
pub fn restore_from_trash(
    state: State<'_, AppState>,
    args: RestoreFromTrashArgs,
) -> CommandResult<Reply<RestoreFromTrashArgs>> {
    state.not_alone()?;
    Ok(state.blog()?.restore_from_trash(args.id, now_ms())?)
}

#[tauri::command(async)]
#[tracing::instrument(skip_all, err)]
pub fn empty_trash(
    state: State<'_, AppState>,
    _args: EmptyTrashArgs,
) -> CommandResult<Reply<EmptyTrashArgs>> {
    state.not_alone()?;
    Ok(state.blog()?.empty_trash()? as u32)
}

#[tauri::command(async)]
#[tracing::instrument(level = "debug", skip_all, err)]
pub fn front_form(args: FrontFormArgs) -> CommandResult<Reply<FrontFormArgs>> {
    Ok(quire_core::frontmatter::edit::form(&args.text)?)
}

#[tauri::command(async)]
#[tracing::instrument(level = "debug", skip_all, err)]
pub fn edit_front(args: EditFrontArgs) -> CommandResult<Reply<EditFrontArgs>> {
    Ok(quire_core::frontmatter::edit::set_fields(
        &args.text,
        &args.edits,
    )?)
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
        path: path.unwrap_or_default().to_string(),
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

/// The autosave of a long post: its text is already in the core, kept up by the preview's
/// edits, so it does not cross the IPC again (a 750 KB post is ~10 ms of the webview's
/// main thread to send, every autosave).
#[tauri::command(async)]
#[tracing::instrument(level = "debug", skip_all, fields(id = args.id, version = args.version), err)]
pub fn save_draft_shown(
    state: State<'_, AppState>,
    args: SaveDraftShownArgs,
) -> CommandResult<Reply<SaveDraftShownArgs>> {
    // Copied out so that the next keystroke's render does not wait for the library.
    let text = state.preview()?.text_at(args.version)?.to_string();
    Ok(state
        .blog()?
        .save_draft(args.id, &text, args.base.as_deref(), now_ms())?)
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
    state.not_alone()?;
    Ok(state
        .blog()?
        .create(&args.title, &state.site().author, &today(), now_ms())?)
}

/// Relative links in a post resolve against the post's own folder, as on the exported site.
fn asset_prefix(post_path: Option<&str>) -> String {
    let dir = post_path.map_or("", quire_core::folder::post_folder);
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
    app: AppHandle,
    state: State<'_, AppState>,
    args: SaveSettingsArgs,
) -> CommandResult<Reply<SaveSettingsArgs>> {
    let blog = state.blog()?;
    for (key, value) in settings::list(&args.site) {
        blog.set_setting(key, &value)?;
    }
    let stored = blog.site()?;
    // Another dialect changes what a post's words are: they are counted again, a batch
    // at a time, off this command, and the list reads them once done.
    let recount = blog.words_to_count()? > 0;
    drop(blog);
    state.set_site(stored.clone());
    if recount {
        tauri::async_runtime::spawn_blocking(move || {
            let state = app.state::<AppState>();
            while let Ok(Ok(left)) = state.blog().map(|b| b.count_words(COUNT_BATCH)) {
                if left == 0 {
                    break;
                }
            }
            emit(&app, WORDS_COUNTED, ());
        });
    }
    Ok(stored)
}

/// Exports the post as one self-contained file. The destination comes from a dialog the
/// shell opens itself, so a compromised page cannot make Quire write a file anywhere.
#[tauri::command(async)]
#[tracing::instrument(skip(app, state), err)]
pub fn export_post(
    app: AppHandle,
    state: State<'_, AppState>,
    args: ExportPostArgs,
) -> CommandResult<Reply<ExportPostArgs>> {
    let post = state.blog()?.library().post(args.id)?;
    let name = format!("{}.html", quire_core::slug::slugify(&post.title));
    let file = match &state.export_to {
        Some(dir) => dir.join(name),
        None => match crate::webview::file_dialog(&app)
            .set_title("Export post as one HTML file")
            .set_file_name(&name)
            .add_filter("Web page", &["html"])
            .blocking_save_file()
            .and_then(|f| f.into_path().ok())
        {
            Some(f) => f,
            None => return Ok(None),
        },
    };
    let path = quire_export::post::export_single_file(
        &state.folder()?,
        &state.site(),
        &post.path,
        &args.text,
        &file,
    )?;
    let shown = path.display().to_string();
    state.remember_export(path);
    Ok(Some(Exported { path: shown }))
}

/// Exports the blog into a folder the author picks, off the ui's thread (this command runs
/// on the async runtime's blocking pool; pages render on all cores), with progress on
/// `on_progress`.
#[tauri::command(async)]
#[tracing::instrument(skip(app, state, on_progress), err)]
pub fn export_site(
    app: AppHandle,
    state: State<'_, AppState>,
    args: ExportSiteArgs,
    on_progress: Channel<ExportProgress>,
) -> CommandResult<Reply<ExportSiteArgs>> {
    state.not_alone()?;
    let _ = args;
    let out = match &state.export_to {
        Some(dir) => dir.join("site"),
        None => match crate::webview::file_dialog(&app)
            .set_title("Export the blog into a folder")
            .blocking_pick_folder()
            .and_then(|f| f.into_path().ok())
        {
            Some(f) => f,
            None => return Ok(None),
        },
    };
    state.export_cancel.store(false, Ordering::SeqCst);
    let options = quire_export::site::Options {
        drafts: false,
        today: today(),
        records: quire_core::locations::export_records(&state.locations().library),
    };
    // At most about a hundred messages, however many pages.
    let step = std::sync::atomic::AtomicUsize::new(0);
    let progress = |done: usize, total: usize| {
        let bucket = done * 100 / total.max(1);
        if done == total || step.fetch_max(bucket, Ordering::Relaxed) < bucket {
            let _ = on_progress.send(ExportProgress {
                done: done as u32,
                total: total as u32,
            });
        }
    };
    let summary = quire_export::site::export_site(
        &state.folder()?,
        &state.current_site()?,
        &out,
        &options,
        &state.export_cancel,
        &progress,
    )?;
    state.remember_export(std::path::PathBuf::from(&summary.out).join("index.html"));
    Ok(Some(summary))
}

/// Asks the running site export to stop.
#[tauri::command]
pub fn cancel_export(
    state: State<'_, AppState>,
    args: CancelExportArgs,
) -> Reply<CancelExportArgs> {
    let _ = args;
    state.export_cancel.store(true, Ordering::SeqCst);
}

/// The custom theme's article stylesheet, so the preview shows what the theme publishes.
#[tauri::command(async)]
#[tracing::instrument(skip(state), err)]
pub fn theme_css(
    state: State<'_, AppState>,
    args: ThemeCssArgs,
) -> CommandResult<Reply<ThemeCssArgs>> {
    let _ = args;
    Ok(quire_export::theme::article_css(
        &state.folder()?,
        &state.site().theme,
    )?)
}

/// Shows what the last export wrote in the file manager.
#[tauri::command(async)]
#[tracing::instrument(skip(app, state), err)]
pub fn reveal_export(
    app: AppHandle,
    state: State<'_, AppState>,
    args: RevealExportArgs,
) -> CommandResult<Reply<RevealExportArgs>> {
    let _ = args;
    let Some(path) = state.last_export() else {
        return Err(CommandError::io("nothing has been exported yet".into()));
    };
    app.opener().reveal_item_in_dir(&path).map_err(|e| {
        CommandError::io(format!(
            "could not show {} in the file manager: {e}",
            path.display()
        ))
    })
}
