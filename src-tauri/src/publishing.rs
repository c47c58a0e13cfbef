//! Publishing from the window: the targets of `quire.toml`, and one publish at a time on
//! the async runtime's blocking pool, its plan and progress on a channel, so typing never
//! waits on a server.

use std::sync::atomic::{AtomicU32, Ordering};

use quire_core::clock::{now_ms, today};
use quire_publish::publish::{credentials, prepare, Job, Step};
use quire_publish::{secrets, target};
use tauri::ipc::Channel;
use tauri::{AppHandle, State};
use tauri_plugin_opener::OpenerExt;

use crate::error::{CommandError, CommandResult};
use crate::ipc::{
    CancelPublishArgs, OpenSiteArgs, PublishArgs, PublishOutcome, PublishProgress,
    PublishTargetsArgs, RememberPublishTokenArgs, RemovePublishTargetArgs, Reply,
    SavePublishTargetArgs,
};
use crate::state::AppState;
use quire_core::error::ErrorCode;

/// The publish targets the content folder's `quire.toml` sets.
#[tauri::command(async)]
#[tracing::instrument(skip(state), err)]
pub fn publish_targets(
    state: State<'_, AppState>,
    args: PublishTargetsArgs,
) -> CommandResult<Reply<PublishTargetsArgs>> {
    let _ = args;
    Ok(target::configured(state.folder()?.root())?)
}

/// Sets a target in `quire.toml` from the Settings form.
#[tauri::command(async)]
#[tracing::instrument(skip(state), err)]
pub fn save_publish_target(
    state: State<'_, AppState>,
    args: SavePublishTargetArgs,
) -> CommandResult<Reply<SavePublishTargetArgs>> {
    let root = state.folder()?.root().to_path_buf();
    quire_publish::edit::save(&root, &args.target)?;
    Ok(target::configured(&root)?)
}

/// Removes a target from `quire.toml`.
#[tauri::command(async)]
#[tracing::instrument(skip(state), err)]
pub fn remove_publish_target(
    state: State<'_, AppState>,
    args: RemovePublishTargetArgs,
) -> CommandResult<Reply<RemovePublishTargetArgs>> {
    let root = state.folder()?.root().to_path_buf();
    quire_publish::edit::remove(&root, &args.name)?;
    Ok(target::configured(&root)?)
}

/// Exports, compares and sends (see the command table). Progress is thinned to about a
/// hundred messages however many files.
#[tauri::command(async)]
#[tracing::instrument(skip(state, on_progress), err)]
pub fn publish(
    state: State<'_, AppState>,
    args: PublishArgs,
    on_progress: Channel<PublishProgress>,
) -> CommandResult<Reply<PublishArgs>> {
    state.not_alone()?;
    let folder = state.folder()?;
    let target = target::choose(target::configured(folder.root())?, args.name.as_deref())?;
    let (kept, ssh) = credentials(&target);
    let token = args
        .token
        .map(|t| t.0)
        .filter(|t| !t.trim().is_empty())
        .or(kept);
    let job = Job {
        folder,
        site: state.current_site()?,
        library: state.locations().library,
        target,
        today: today(),
        now: now_ms(),
        token,
        // No terminal to answer ssh's questions: it fails with a message instead.
        batch: true,
        ssh,
    };
    state.publish_cancel.store(false, Ordering::SeqCst);
    let last = AtomicU32::new(u32::MAX);
    let progress = |step: Step| {
        let bucket = match &step {
            Step::Exporting { done, total } | Step::Sending { done, total } => {
                done * 100 / (*total).max(1)
            }
            _ => u32::MAX - 1,
        };
        if last.swap(bucket, Ordering::Relaxed) != bucket {
            let _ = on_progress.send(PublishProgress::Step { step });
        }
    };
    let prepared = prepare(job, &state.publish_cancel, &progress)?;
    let plan = prepared.plan().clone();
    let _ = on_progress.send(PublishProgress::Plan { plan: plan.clone() });
    if plan.confirm && !args.confirmed {
        return Ok(PublishOutcome::Confirm { plan });
    }
    let published = prepared.send(&state.publish_cancel, &progress)?;
    state.remember_address(published.address.clone());
    Ok(PublishOutcome::Published { published })
}

/// Keeps a token for a target of `quire.toml` in the system keyring.
#[tauri::command(async)]
#[tracing::instrument(skip(state), err)]
pub fn remember_publish_token(
    state: State<'_, AppState>,
    args: RememberPublishTokenArgs,
) -> CommandResult<Reply<RememberPublishTokenArgs>> {
    let folder = state.folder()?;
    let target = target::choose(target::configured(folder.root())?, Some(args.name.as_str()))?;
    secrets::remember(&target, &args.token.0)?;
    Ok(())
}

/// Opens the address the last publish sent the site to in the system's browser: only an
/// http(s) address Quire itself made from the base URL, never one the ui names.
#[tauri::command(async)]
#[tracing::instrument(skip(app, state), err)]
pub fn open_site(
    app: AppHandle,
    state: State<'_, AppState>,
    args: OpenSiteArgs,
) -> CommandResult<Reply<OpenSiteArgs>> {
    let _ = args;
    let address = state
        .last_address()
        .filter(|a| a.starts_with("https://") || a.starts_with("http://"))
        .ok_or_else(|| CommandError {
            code: ErrorCode::PublishTarget,
            message: "no published address to open: set Base URL in Settings, then publish".into(),
        })?;
    app.opener().open_url(&address, None::<&str>).map_err(|e| {
        CommandError::from(quire_publish::Error::Remote {
            target: address.clone(),
            cause: format!("cannot open it in the browser: {e}"),
        })
    })?;
    Ok(())
}

/// Asks the running publish to stop after the file in hand.
#[tauri::command]
pub fn cancel_publish(
    state: State<'_, AppState>,
    args: CancelPublishArgs,
) -> Reply<CancelPublishArgs> {
    let _ = args;
    state.publish_cancel.store(true, Ordering::SeqCst);
}
