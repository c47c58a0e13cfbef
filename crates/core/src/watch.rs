//! Watching the content folder. notify reports raw file system events; this module turns
//! them, debounced, into the set of relative paths that were touched, and the sync rules
//! ([`crate::sync`]) decide what each touch means by comparing disk and library.
//!
//! Why not trust notify's event kinds for the domain change: every editor saves
//! differently. vim renames the old file to a backup and writes a new one; VS Code and
//! Sublime write a temp file and rename it over; `sed -i` and `git checkout` replace the
//! file. As events these are creates, deletes and renames; as content they are all one
//! modification. Comparing what is on disk after the burst with what the library knows
//! gives the same answer for all of them, and recognises Quire's own writes by hash.

use std::path::Path;
use std::time::Duration;

use notify_debouncer_full::notify::event::{AccessKind, AccessMode, EventKind};
use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use crate::folder::{is_hidden_path, ContentFolder};
use crate::{Error, Result};

/// How long the folder must be quiet before a burst of events is reported. Short enough
/// that an outside edit shows in the editor within the blink DESIGN.md asks for, long
/// enough to fold an editor's write-rename-chmod sequence into one change.
pub const DEBOUNCE: Duration = Duration::from_millis(50);

/// Stops watching when dropped.
pub struct WatchHandle {
    _debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
}

/// What the watcher reports: touched paths, or a failure of the watch itself (the folder
/// was removed, the OS ran out of watches) that the app should show.
pub enum Batch {
    /// The paths a burst touched, relative to the folder, sorted and without repeats.
    /// Folders and non-Markdown files are included for the sync rules to sort out.
    Touched(Vec<String>),
    /// The watcher's errors, joined into one message for the author.
    Failed(String),
}

/// Watches `folder` recursively and calls `sink` with each debounced batch.
pub fn watch(
    folder: &ContentFolder,
    debounce: Duration,
    mut sink: impl FnMut(Batch) + Send + 'static,
) -> Result<WatchHandle> {
    let root = folder.clone();
    let mut debouncer =
        new_debouncer(
            debounce,
            None,
            move |result: DebounceEventResult| match result {
                Ok(events) => {
                    let mut touched: Vec<String> = events
                        .iter()
                        .flat_map(|e| touched_paths(&e.event.kind, &e.event.paths, &root))
                        .collect();
                    touched.sort();
                    touched.dedup();
                    if !touched.is_empty() {
                        sink(Batch::Touched(touched));
                    }
                }
                Err(errors) => {
                    let text = errors.iter().map(|e| e.to_string()).collect::<Vec<_>>();
                    sink(Batch::Failed(text.join("; ")));
                }
            },
        )
        .map_err(|e| Error::Watch(e.to_string()))?;
    debouncer
        .watch(folder.root(), RecursiveMode::Recursive)
        .map_err(|e| Error::Watch(e.to_string()))?;
    Ok(WatchHandle {
        _debouncer: debouncer,
    })
}

/// The one mapping from a notify event to the paths it touched, relative to the folder.
///
/// - Reads (`Access` other than closing a file opened for writing) touch nothing: Quire's
///   own reads would otherwise echo back as changes.
/// - Creates, modifications (data, metadata, names), removals and unknown kinds touch
///   every path they name. A rename names both sides, so a move between subfolders is
///   seen from both ends and becomes one `Renamed`.
/// - Hidden paths (`.git/…`, `.post.md.swp`, Quire's `.quire-*.tmp`) are dropped here;
///   directories and non-Markdown files pass, because a renamed folder of posts arrives
///   as one event naming only the folder, and the sync rules expand it.
pub fn touched_paths(
    kind: &EventKind,
    paths: &[std::path::PathBuf],
    folder: &ContentFolder,
) -> Vec<String> {
    let relevant = match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => true,
        EventKind::Any | EventKind::Other => true,
    };
    if !relevant {
        return Vec::new();
    }
    paths
        .iter()
        .filter_map(|p| folder.relative(p))
        .filter(|rel| !rel.is_empty() && !is_hidden_path(rel))
        .collect()
}

/// Whether `rel` names something the sync rules should look inside: a folder on disk.
pub(crate) fn is_dir(folder: &ContentFolder, rel: &str) -> bool {
    folder
        .resolve(rel)
        .map(|p| Path::new(&p).is_dir())
        .unwrap_or(false)
}
