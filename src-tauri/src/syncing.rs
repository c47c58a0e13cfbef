//! Sharing the content folder through git from the window: how the repository stands (for
//! the status bar and the list's marks), a sync on the async runtime's blocking pool (a
//! fetch and a push may take seconds; typing goes on), and making the folder a repository.
//! What the pull wrote reaches the editor through the folder's watcher, as any other
//! program's writes do.

use std::sync::atomic::AtomicBool;

use quire_core::clock::now_ms;
use quire_publish::sync::Repository;
use quire_publish::Error;
use tauri::State;

use crate::error::CommandResult;
use crate::ipc::{InitRepositoryArgs, Reply, RepoStatusArgs, SyncArgs};
use crate::state::AppState;

/// The repository the content folder is in, as it stands; `null` outside git.
#[tauri::command(async)]
#[tracing::instrument(skip(state), err)]
pub fn repo_status(
    state: State<'_, AppState>,
    args: RepoStatusArgs,
) -> CommandResult<Reply<RepoStatusArgs>> {
    let _ = args;
    let cancel = AtomicBool::new(false);
    match Repository::find(state.folder()?.root(), true)? {
        Some(repo) => Ok(Some(repo.status(&cancel)?)),
        None => Ok(None),
    }
}

/// Commits, pulls, merges and pushes (see the command table), then takes what came in
/// into the library. The library is held only for that last step.
#[tauri::command(async)]
#[tracing::instrument(skip(state), err)]
pub fn sync(state: State<'_, AppState>, args: SyncArgs) -> CommandResult<Reply<SyncArgs>> {
    let _ = args;
    let folder = state.folder()?;
    // No terminal to answer ssh's questions: it fails with a message instead.
    let repo = Repository::find(folder.root(), true)?.ok_or_else(|| Error::NotARepository {
        folder: folder.root().to_path_buf(),
    })?;
    let report = repo.sync(&AtomicBool::new(false))?;
    state
        .blog()?
        .record_sync(&report.changed, &report.conflicts, now_ms())?;
    Ok(report)
}

/// Makes the content folder a repository with the remote `origin` (see the table).
#[tauri::command(async)]
#[tracing::instrument(skip(state), err)]
pub fn init_repository(
    state: State<'_, AppState>,
    args: InitRepositoryArgs,
) -> CommandResult<Reply<InitRepositoryArgs>> {
    let repo = Repository::init(state.folder()?.root(), &args.remote, true)?;
    Ok(repo.status(&AtomicBool::new(false))?)
}
