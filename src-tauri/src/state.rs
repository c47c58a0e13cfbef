use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Mutex, MutexGuard, RwLock};

use quire_core::article::Site;
use quire_core::blog::Blog;
use quire_core::folder::ContentFolder;
use quire_core::locations::Locations;
use quire_core::preview::Preview;
use quire_core::watch::WatchHandle;

use crate::error::CommandError;

pub struct AppState {
    blog: Mutex<Blog>,
    /// Kept beside the library: rendering on every keystroke must not wait for the
    /// library lock. Changed only through [`AppState::set_site`].
    site: RwLock<Site>,
    pub locations: Locations,
    /// Where the log files are, for the author to attach to a bug report.
    pub log_dir: PathBuf,
    /// For serving assets without taking the library lock.
    pub folder: ContentFolder,
    /// The text in the editor and the article the window shows for it. Its own lock:
    /// rendering never waits for the library.
    preview: Mutex<Preview>,
    /// The folder watcher; it stops when the app drops it.
    watch: Mutex<Option<WatchHandle>>,
    /// Where exports go without a dialog (`--export-to`), for scripts and tests.
    pub export_to: Option<PathBuf>,
    /// Set to stop the running site export.
    pub export_cancel: AtomicBool,
    /// What the last export wrote, for "Show in folder".
    last_export: Mutex<Option<PathBuf>>,
}

impl AppState {
    pub fn open(
        locations: &Locations,
        log_dir: PathBuf,
        export_to: Option<PathBuf>,
    ) -> quire_core::Result<AppState> {
        // The folder is scanned by the sync thread; the window opens on what the library
        // already knows.
        let blog = Blog::open(&locations.folder, &locations.library)?;
        let site = blog.site()?;
        let folder = blog.folder().clone();
        Ok(AppState {
            folder,
            watch: Mutex::new(None),
            preview: Mutex::new(Preview::new()),
            blog: Mutex::new(blog),
            site: RwLock::new(site),
            locations: locations.clone(),
            log_dir,
            export_to,
            export_cancel: AtomicBool::new(false),
            last_export: Mutex::new(None),
        })
    }

    pub fn keep_watching(&self, handle: WatchHandle) {
        if let Ok(mut slot) = self.watch.lock() {
            *slot = Some(handle);
        }
    }

    pub fn site(&self) -> Site {
        self.site.read().map(|s| s.clone()).unwrap_or_default()
    }

    pub fn set_site(&self, site: Site) {
        if let Ok(mut s) = self.site.write() {
            *s = site;
        }
    }

    pub fn blog(&self) -> Result<MutexGuard<'_, Blog>, CommandError> {
        self.blog.lock().map_err(|_| CommandError::poisoned())
    }

    /// Keeps what an export just wrote: the only path "Show in folder" will reveal.
    pub fn remember_export(&self, path: PathBuf) {
        if let Ok(mut last) = self.last_export.lock() {
            *last = Some(path);
        }
    }

    pub fn last_export(&self) -> Option<PathBuf> {
        self.last_export.lock().ok().and_then(|l| l.clone())
    }

    pub fn preview(&self) -> Result<MutexGuard<'_, Preview>, CommandError> {
        self.preview.lock().map_err(|_| CommandError::poisoned())
    }
}
