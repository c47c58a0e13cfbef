//! Following the content folder: the start-up scan (changes made while Quire was closed),
//! then the watcher, each result judged by the sync rules and handed to a sink. The app's
//! sync thread and `quire watch` both run this one loop; they differ only in the sink
//! (Tauri events, JSON lines).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::blog::Blog;
use crate::search::INDEX_BATCH;
use crate::sync::{Change, ScanReport, COUNT_BATCH};
use crate::watch::{self, Batch, WatchHandle};
use crate::{Error, Result};

/// What following the folder reports, in order: progress, the scan's report, then
/// changes (and failures) as they come.
#[derive(Debug)]
pub enum FollowEvent {
    /// The start-up scan has read `done` of `total` paths. Sent at most every
    /// [`PROGRESS_EVERY`], and once at the end, so a large folder does not flood the sink.
    Progress {
        /// Paths read so far.
        done: usize,
        /// Paths to read.
        total: usize,
    },
    /// The start-up scan is done: what it found changed since the library last looked.
    Scanned(ScanReport),
    /// The words of the posts the scan listed are counted (sent only if it left any).
    Counted,
    /// Changes on disk since, as the sync rules judged them. Never empty.
    Changed(Vec<Change>),
    /// A batch could not be applied, or the watch itself failed (the folder was removed,
    /// the system ran out of watches). Following goes on where it can.
    Failed(Error),
}

/// How often the scan reports progress at most.
pub const PROGRESS_EVERY: Duration = Duration::from_millis(100);

/// Scans `blog`'s folder, then watches it, sending everything to `sink`. Returns when the
/// scan is done and the watch has started; the watch stops when the handle is dropped.
/// `now` gives the time (ms since the epoch) recorded with each change.
pub fn follow(
    blog: Blog,
    now: fn() -> i64,
    mut sink: impl FnMut(FollowEvent) + Send + 'static,
) -> Result<WatchHandle> {
    let span = tracing::info_span!("follow", folder = %blog.folder().root().display());
    let _entered = span.enter();
    let started = Instant::now();
    let mut last = started;
    // Listed first and counted after: the list shows a first scan's posts sooner.
    let report = blog.scan_listing(now(), false, &mut |done, total| {
        if done == total || last.elapsed() >= PROGRESS_EVERY {
            last = Instant::now();
            sink(FollowEvent::Progress { done, total });
        }
    })?;
    tracing::info!(
        files = report.files,
        changes = report.changes.len(),
        ms = started.elapsed().as_millis() as u64,
        "scanned the folder"
    );
    sink(FollowEvent::Scanned(report));

    let folder = blog.folder().clone();
    // The watch starts before the search index catches up with the scan (which takes
    // seconds for thousands of posts), so no change made meanwhile is missed; the two
    // take turns on the library.
    let shared = Arc::new(Mutex::new((blog, sink)));
    let watched = Arc::clone(&shared);
    let caught_up = Arc::new(AtomicBool::new(false));
    let done = Arc::clone(&caught_up);
    let watch_span = span.clone();
    let handle = watch::watch(&folder, watch::DEBOUNCE, move |batch| {
        let _entered = watch_span.enter();
        let mut guard = watched.lock().unwrap_or_else(PoisonError::into_inner);
        let (blog, sink) = &mut *guard;
        match batch {
            Batch::Touched(paths) => {
                let _batch = tracing::debug_span!("reconcile", paths = paths.len()).entered();
                match blog.reconcile(&paths, now()) {
                    Ok(changes) if changes.is_empty() => {}
                    Ok(changes) => {
                        tracing::debug!(?changes, "changed on disk");
                        sink(FollowEvent::Changed(changes));
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, ?paths, "could not apply a change on disk");
                        sink(FollowEvent::Failed(e));
                    }
                }
                // Saves from the window come back here too: this is how the search index
                // follows them without slowing the save itself. Until the start-up
                // catch-up is done, one batch, so a change here never waits for all of it.
                if caught_up.load(Ordering::Acquire) {
                    while one_batch(blog, sink, SEARCH) {}
                } else {
                    one_batch(blog, sink, SEARCH);
                }
            }
            Batch::Failed(message) => {
                tracing::warn!(%message, "the watch failed");
                sink(FollowEvent::Failed(Error::Watch(message)));
            }
        }
    })?;
    // The counts before the search index: the list shows them, while the index is only
    // seen when the author searches. One batch per turn, as below.
    let uncounted = {
        let guard = shared.lock().unwrap_or_else(PoisonError::into_inner);
        guard.0.words_to_count()
    };
    if uncounted.as_ref().is_ok_and(|n| *n > 0) {
        in_turns(&shared, COUNTING);
        // Also after a failure (a full or busy library): the counts made so far are shown,
        // the rest wait for the next start.
        let mut guard = shared.lock().unwrap_or_else(PoisonError::into_inner);
        (guard.1)(FollowEvent::Counted);
    }
    let started = Instant::now();
    in_turns(&shared, SEARCH);
    done.store(true, Ordering::Release);
    tracing::info!(
        ms = started.elapsed().as_millis() as u64,
        "the search index caught up"
    );
    Ok(handle)
}

/// Work that catches the library up in batches: what it is, for the log, and one batch,
/// which says how many are left.
type CatchUp = (&'static str, fn(&Blog) -> Result<u32>);

const COUNTING: CatchUp = ("could not count the words of posts", |blog| {
    blog.count_words(COUNT_BATCH)
});
const SEARCH: CatchUp = ("could not index posts for search", |blog| {
    blog.index_for_search(INDEX_BATCH)
});

/// Runs `work` until nothing is left or it fails, taking the lock for one batch at a
/// time: a change on disk waits for one batch at most.
fn in_turns<S: FnMut(FollowEvent)>(shared: &Mutex<(Blog, S)>, work: CatchUp) {
    loop {
        let mut guard = shared.lock().unwrap_or_else(PoisonError::into_inner);
        let (blog, sink) = &mut *guard;
        if !one_batch(blog, sink, work) {
            break;
        }
    }
}

/// One batch of `work`; whether there are more. A failure goes to the sink.
fn one_batch(blog: &Blog, sink: &mut impl FnMut(FollowEvent), (failed, batch): CatchUp) -> bool {
    match batch(blog) {
        Ok(left) => left > 0,
        Err(e) => {
            tracing::warn!(error = %e, "{failed}");
            sink(FollowEvent::Failed(e));
            false
        }
    }
}
