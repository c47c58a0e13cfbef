//! Sharing the content folder through git from the window: how the repository stands (for
//! the status bar and the list's marks), a sync on the async runtime's blocking pool (a
//! fetch and a push may take seconds; typing goes on), and making the folder a repository.
//! What the pull wrote reaches the editor through the folder's watcher, as any other
//! program's writes do.

use std::sync::atomic::AtomicBool;

use quire_core::clock::now_ms;
use quire_core::history::diff_version;
use quire_core::merge::SyncConflict;
use quire_publish::sync::Repository;
use quire_publish::Error;
use tauri::State;

use crate::error::CommandResult;
use crate::ipc::{
    DiffGitVersionArgs, GitHistoryArgs, InitRepositoryArgs, Reply, RepoStatusArgs,
    RestoreGitVersionArgs, SyncArgs,
};
use crate::state::AppState;

/// The repository the content folder is in, as it stands; `null` outside git.
#[tauri::command(async)]
#[tracing::instrument(skip(state), err)]
pub fn repo_status(
    state: State<'_, AppState>,
    args: RepoStatusArgs,
) -> CommandResult<Reply<RepoStatusArgs>> {
    let _ = args;
    // One file on its own is not the repository's: its folder may be anyone's project.
    if state.alone().is_some() {
        return Ok(None);
    }
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
    state.not_alone()?;
    let _ = args;
    let folder = state.folder()?;
    // No terminal to answer ssh's questions: it fails with a message instead.
    let repo = Repository::find(folder.root(), true)?.ok_or_else(|| Error::NotARepository {
        folder: folder.root().to_path_buf(),
    })?;
    // Taken into the library as soon as the pull has moved the folder, before the push;
    // not if the author switched folders meanwhile (the other side stays in git's merge).
    let generation = state.generation();
    let mut record = |changed: &[String], conflicts: &[SyncConflict]| {
        if !state.is_current(generation) {
            return Ok(());
        }
        let blog = state.blog().map_err(|e| Error::Remote {
            target: "the library".into(),
            cause: e.message,
        })?;
        blog.record_sync(changed, conflicts, now_ms())
            .map(drop)
            .map_err(Error::from)
    };
    Ok(repo.sync(&AtomicBool::new(false), &mut record)?)
}

/// Makes the content folder a repository with the remote `origin` (see the table).
#[tauri::command(async)]
#[tracing::instrument(skip(state), err)]
pub fn init_repository(
    state: State<'_, AppState>,
    args: InitRepositoryArgs,
) -> CommandResult<Reply<InitRepositoryArgs>> {
    state.not_alone()?;
    let repo = Repository::init(state.folder()?.root(), &args.remote, true)?;
    Ok(repo.status(&AtomicBool::new(false))?)
}

/// The commits that changed post `id`, newest first; none outside git.
#[tauri::command(async)]
#[tracing::instrument(skip(state), err)]
pub fn git_history(
    state: State<'_, AppState>,
    args: GitHistoryArgs,
) -> CommandResult<Reply<GitHistoryArgs>> {
    let path = state.blog()?.library().post(args.id)?.path;
    let cancel = AtomicBool::new(false);
    match Repository::find(state.folder()?.root(), true)? {
        Some(repo) => Ok(repo.versions(&path, &cancel)?),
        None => Ok(Vec::new()),
    }
}

/// The line diff from post `id` as `commit` has it to the editor's text.
#[tauri::command(async)]
#[tracing::instrument(skip_all, fields(id = args.id), err)]
pub fn diff_git_version(
    state: State<'_, AppState>,
    args: DiffGitVersionArgs,
) -> CommandResult<Reply<DiffGitVersionArgs>> {
    let old = version_text(&state, args.id, &args.commit)?;
    Ok(diff_version(&old, &args.current))
}

/// Puts post `id` as `commit` has it back in the editor, as a draft (see the table).
#[tauri::command(async)]
#[tracing::instrument(skip(state), err)]
pub fn restore_git_version(
    state: State<'_, AppState>,
    args: RestoreGitVersionArgs,
) -> CommandResult<Reply<RestoreGitVersionArgs>> {
    let old = version_text(&state, args.id, &args.commit)?;
    Ok(state.blog()?.restore_text(args.id, old, now_ms())?)
}

/// The post as a commit of its history has it; the library is not held meanwhile.
fn version_text(state: &AppState, id: i64, commit: &str) -> CommandResult<String> {
    let path = state.blog()?.library().post(id)?.path;
    let root = state.folder()?.root().to_path_buf();
    let repo = Repository::find(&root, true)?.ok_or(Error::NotARepository { folder: root })?;
    Ok(repo.version_text(&path, commit, &AtomicBool::new(false))?)
}
