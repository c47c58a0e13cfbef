use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, RwLock};

use quire_core::article::Site;
use quire_core::blog::Blog;
use quire_core::folder::ContentFolder;
use quire_core::library::Salvage;
use quire_core::locations::{self, Locations};
use quire_core::preview::Preview;
use quire_core::watch::WatchHandle;

use crate::error::CommandError;

pub struct AppState {
    /// `None` while the content folder could not be opened at start (see
    /// [`AppState::unopened`]): the window offers to choose another.
    blog: Mutex<Option<Blog>>,
    /// Why there is no blog open: the folder is missing, or none was ever chosen.
    unopened: RwLock<Option<CommandError>>,
    /// What salvaging a damaged library at start recovered, for the window to say.
    pub salvaged: Option<Salvage>,
    /// Kept beside the library: rendering on every keystroke must not wait for the
    /// library lock. Changed only through [`AppState::set_site`].
    site: RwLock<Site>,
    locations: RwLock<Locations>,
    /// The library given at start (or the default one): it remembers the folder the
    /// author switched to, and names the libraries of other folders (see
    /// [`locations::library_for`]).
    home: PathBuf,
    /// Counts folder switches: a follow thread started for an earlier folder sees that
    /// it is stale, and neither reports nor keeps its watcher.
    generation: AtomicU64,
    /// Where the log files are, for the author to attach to a bug report.
    pub log_dir: PathBuf,
    /// For serving assets without taking the library lock.
    folder: RwLock<Option<ContentFolder>>,
    /// The text in the editor and the article the window shows for it. Its own lock:
    /// rendering never waits for the library.
    preview: Mutex<Preview>,
    /// The folder watcher; it stops when the app drops it.
    watch: Mutex<Option<WatchHandle>>,
    /// Where exports go without a dialog (`--export-to`), for scripts and tests.
    pub export_to: Option<PathBuf>,
    /// The folder "Choose…" takes without a dialog (`--pick-folder`), for the tests.
    pub pick_folder: Option<PathBuf>,
    /// Set to stop the running site export.
    pub export_cancel: AtomicBool,
    /// What the last export wrote, for "Show in folder".
    last_export: Mutex<Option<PathBuf>>,
    /// The post named on the command line at start (or why it cannot be opened), for the
    /// window to open first.
    requested: Mutex<Option<Result<i64, CommandError>>>,
}

impl AppState {
    /// Opens the blog at `locations`, salvaging a damaged library. A content folder that
    /// is missing (or was never chosen) does not stop the app: the state opens without a
    /// blog, and the window offers to choose a folder.
    pub fn open(
        locations: &Locations,
        home: PathBuf,
        log_dir: PathBuf,
        export_to: Option<PathBuf>,
        pick_folder: Option<PathBuf>,
        now: i64,
    ) -> quire_core::Result<AppState> {
        // The folder is scanned by the sync thread; the window opens on what the library
        // already knows.
        let opened = match locations.folder.as_os_str().is_empty() {
            true => Err(quire_core::Error::NoFolder),
            false => Blog::open_or_salvage(&locations.folder, &locations.library, now),
        };
        let (blog, salvaged, unopened) = match opened {
            Ok((blog, salvaged)) => (Some(blog), salvaged, None),
            Err(e @ (quire_core::Error::FolderMissing { .. } | quire_core::Error::NoFolder)) => {
                tracing::warn!(error = %e, "starting without a content folder");
                (None, None, Some(CommandError::from(e)))
            }
            Err(e) => return Err(e),
        };
        let site = match &blog {
            Some(blog) => blog.site()?,
            None => Site::default(),
        };
        Ok(AppState {
            folder: RwLock::new(blog.as_ref().map(|b| b.folder().clone())),
            watch: Mutex::new(None),
            preview: Mutex::new(Preview::new()),
            blog: Mutex::new(blog),
            unopened: RwLock::new(unopened),
            salvaged,
            site: RwLock::new(site),
            locations: RwLock::new(locations.clone()),
            home,
            generation: AtomicU64::new(0),
            log_dir,
            export_to,
            pick_folder,
            export_cancel: AtomicBool::new(false),
            last_export: Mutex::new(None),
            requested: Mutex::new(None),
        })
    }

    /// Keeps the post named on the command line for the window's start.
    pub fn request_open(&self, post: Result<i64, CommandError>) {
        if let Ok(mut r) = self.requested.lock() {
            *r = Some(post);
        }
    }

    /// The post named on the command line at start, once: a reload of the window goes
    /// back to the last post opened.
    pub fn take_requested(&self) -> Option<Result<i64, CommandError>> {
        self.requested.lock().ok().and_then(|mut r| r.take())
    }

    /// Why no blog is open, if none is: the window shows it and offers a folder.
    pub fn unopened(&self) -> Option<CommandError> {
        self.unopened.read().ok().and_then(|u| u.clone())
    }

    /// Keeps the watcher of the follow thread started at `generation`; one of a folder
    /// since left is dropped, which stops it.
    pub fn keep_watching(&self, generation: u64, handle: WatchHandle) {
        if let Ok(mut slot) = self.watch.lock() {
            if self.is_current(generation) {
                *slot = Some(handle);
            }
        }
    }

    /// The folder switch count: see [`AppState::is_current`].
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// Whether `generation` is still the open folder's.
    pub fn is_current(&self, generation: u64) -> bool {
        self.generation() == generation
    }

    pub fn locations(&self) -> Locations {
        self.locations
            .read()
            .map(|l| l.clone())
            .unwrap_or_else(|p| p.into_inner().clone())
    }

    pub fn folder(&self) -> Result<ContentFolder, CommandError> {
        self.folder
            .read()
            .map(|f| f.clone())
            .unwrap_or_else(|p| p.into_inner().clone())
            .ok_or_else(|| self.no_blog())
    }

    /// Makes `folder` the open content folder, with its own library (drafts and history
    /// of the folder left stay in that one's), and remembers it for the next start.
    /// Answers the new locations and generation, for the follow thread to start. On an
    /// error (no such folder, a library that will not open) nothing changed.
    pub fn switch_folder(&self, folder: &Path) -> quire_core::Result<(Locations, u64)> {
        let library = locations::library_for(&self.home, folder)?;
        let (blog, salvaged) = Blog::open_or_salvage(folder, &library, crate::commands::now_ms())?;
        if let Some(s) = salvaged {
            // Said in the log: the window starts over on the new folder and asks
            // app_info, which reports only the start's salvage.
            tracing::warn!(
                message = s.message,
                "salvaged the library of the folder switched to"
            );
        }
        let site = blog.site()?;
        let next = Locations {
            folder: blog.folder().root().to_path_buf(),
            library,
        };
        locations::remember_folder(&self.home, &next.folder)?;
        let mut guard = self.blog.lock().unwrap_or_else(|p| p.into_inner());
        // Under the library lock: no command sees the old folder with the new library.
        if let Ok(mut f) = self.folder.write() {
            *f = Some(blog.folder().clone());
        }
        *guard = Some(blog);
        if let Ok(mut u) = self.unopened.write() {
            *u = None;
        }
        self.set_site(site);
        if let Ok(mut l) = self.locations.write() {
            *l = next.clone();
        }
        if let Ok(mut p) = self.preview.lock() {
            *p = Preview::new();
        }
        let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        if let Ok(mut w) = self.watch.lock() {
            *w = None;
        }
        Ok((next, generation))
    }

    pub fn site(&self) -> Site {
        self.site.read().map(|s| s.clone()).unwrap_or_default()
    }

    pub fn set_site(&self, site: Site) {
        if let Ok(mut s) = self.site.write() {
            *s = site;
        }
    }

    pub fn blog(&self) -> Result<BlogGuard<'_>, CommandError> {
        let guard = self.blog.lock().map_err(|_| CommandError::poisoned())?;
        match *guard {
            Some(_) => Ok(BlogGuard(guard)),
            None => Err(self.no_blog()),
        }
    }

    fn no_blog(&self) -> CommandError {
        self.unopened()
            .unwrap_or_else(|| quire_core::Error::NoFolder.into())
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

/// The open blog, under its lock: made only when there is one.
pub struct BlogGuard<'a>(MutexGuard<'a, Option<Blog>>);

impl Deref for BlogGuard<'_> {
    type Target = Blog;

    fn deref(&self) -> &Blog {
        // Checked when the guard was made, and the lock is held since.
        self.0.as_ref().expect("a BlogGuard holds a blog")
    }
}
