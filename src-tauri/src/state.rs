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
    /// The open blog, or why there is none (the folder is missing, or none was ever
    /// chosen): the window then offers to choose one.
    blog: Mutex<Result<Blog, CommandError>>,
    /// What salvaging a damaged library recovered (at start or on a folder switch), for
    /// the window to say once.
    salvaged: Mutex<Option<Salvage>>,
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
    /// For serving assets without taking the library lock; set with the blog.
    folder: RwLock<Result<ContentFolder, CommandError>>,
    /// The text in the editor and the article the window shows for it. Its own lock:
    /// rendering never waits for the library.
    preview: Mutex<Preview>,
    /// The folder watcher; it stops when the app drops it.
    watch: Mutex<Option<WatchHandle>>,
    /// Where exports go without a dialog (`--export-to`), for scripts and tests.
    pub export_to: Option<PathBuf>,
    /// The folder "Choose…" takes without a dialog (`--pick-folder`), for the tests.
    pub pick_folder: Option<PathBuf>,
    /// The export "Import" takes without a dialog (`--import-from`), for the tests.
    pub import_from: Option<PathBuf>,
    /// Set to stop the running site export.
    pub export_cancel: AtomicBool,
    /// Set to stop the running publish between files.
    pub publish_cancel: AtomicBool,
    /// What the last export wrote, for "Show in folder".
    last_export: Mutex<Option<PathBuf>>,
    /// The address the last publish sent the site to, for "Open the site".
    last_address: Mutex<Option<String>>,
    /// A Markdown file named on a command line that lies outside the content folder,
    /// while the author chooses: its folder as the content folder, or the file alone.
    /// The window names no path: it answers with the choice only.
    outside: Mutex<Option<PathBuf>>,
    /// The file edited on its own, if the window is in that mode (see
    /// [`AppState::open_file_alone`]).
    alone: RwLock<Option<PathBuf>>,
    /// The page's zoom, 1.0 as laid out; the menu's View ▸ Zoom steps it.
    zoom: RwLock<f64>,
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
        let (blog, salvaged) = match opened {
            Ok((blog, salvaged)) => (Ok(blog), salvaged),
            Err(e @ (quire_core::Error::FolderMissing { .. } | quire_core::Error::NoFolder)) => {
                tracing::warn!(error = %e, "starting without a content folder");
                (Err(CommandError::from(e)), None)
            }
            Err(e) => return Err(e),
        };
        let site = match &blog {
            Ok(blog) => blog.site()?,
            Err(_) => Site::default(),
        };
        Ok(AppState {
            folder: RwLock::new(
                blog.as_ref()
                    .map(|b| b.folder().clone())
                    .map_err(Clone::clone),
            ),
            watch: Mutex::new(None),
            preview: Mutex::new(Preview::new()),
            blog: Mutex::new(blog),
            salvaged: Mutex::new(salvaged),
            site: RwLock::new(site),
            locations: RwLock::new(locations.clone()),
            home,
            generation: AtomicU64::new(0),
            log_dir,
            export_to,
            pick_folder,
            import_from: None,
            export_cancel: AtomicBool::new(false),
            publish_cancel: AtomicBool::new(false),
            last_export: Mutex::new(None),
            last_address: Mutex::new(None),
            outside: Mutex::new(None),
            alone: RwLock::new(None),
            zoom: RwLock::new(1.0),
        })
    }

    /// What the last salvage recovered, once: the window says it as it starts.
    pub fn take_salvaged(&self) -> Option<Salvage> {
        self.salvaged.lock().ok().and_then(|mut s| s.take())
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
    }

    /// Makes `folder` the open content folder, with its own library (drafts and history
    /// of the folder left stay in that one's), and remembers it for the next start.
    /// Answers the new locations and generation, for the follow thread to start. On an
    /// error (no such folder, a library that will not open) nothing changed.
    pub fn switch_folder(&self, folder: &Path) -> quire_core::Result<(Locations, u64)> {
        let library = locations::library_for(&self.home, folder)?;
        let (blog, salvaged) =
            Blog::open_or_salvage(folder, &library, quire_core::clock::now_ms())?;
        let next = Locations {
            folder: blog.folder().root().to_path_buf(),
            library,
        };
        locations::remember_folder(&self.home, &next.folder)?;
        let generation = self.install(blog, salvaged, &next, None)?;
        Ok((next, generation))
    }

    /// Edits `file` on its own: its folder opens with a library of the file's own (see
    /// [`locations::file_library`]), never scanned, followed or remembered, so nothing of
    /// that folder is read or written but the file, and only when the author saves. The
    /// window starts over in the one-file mode. Answers the generation.
    pub fn open_file_alone(&self, file: &Path) -> quire_core::Result<u64> {
        let folder = file.parent().unwrap_or(Path::new("/"));
        let library = locations::file_library(&self.home, file);
        if let Some(dir) = library.parent() {
            std::fs::create_dir_all(dir).map_err(|source| quire_core::Error::Io {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let (blog, salvaged) =
            Blog::open_or_salvage(folder, &library, quire_core::clock::now_ms())?;
        let next = Locations {
            folder: blog.folder().root().to_path_buf(),
            library,
        };
        self.install(blog, salvaged, &next, Some(file.to_path_buf()))
    }

    /// Makes `blog` the open one; `alone` is the file edited on its own, if that is the
    /// mode. Answers the new generation.
    fn install(
        &self,
        blog: Blog,
        salvaged: Option<Salvage>,
        next: &Locations,
        alone: Option<PathBuf>,
    ) -> quire_core::Result<u64> {
        let site = blog.site()?;
        let mut guard = self.blog.lock().unwrap_or_else(|p| p.into_inner());
        // Under the library lock: no command sees the old folder with the new library.
        if let Ok(mut f) = self.folder.write() {
            *f = Ok(blog.folder().clone());
        }
        *guard = Ok(blog);
        if let Ok(mut a) = self.alone.write() {
            *a = alone;
        }
        // The address the last publish went to was the folder left's.
        self.remember_address(None);
        // The window starts over on the new folder and says this as it does.
        if let Ok(mut s) = self.salvaged.lock() {
            *s = salvaged;
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
        Ok(generation)
    }

    /// The library given at start (or the default one): it remembers the folders.
    pub fn home(&self) -> PathBuf {
        self.home.clone()
    }

    pub fn zoom(&self) -> f64 {
        self.zoom.read().map(|z| *z).unwrap_or(1.0)
    }

    pub fn set_zoom(&self, level: f64) {
        if let Ok(mut z) = self.zoom.write() {
            *z = level;
        }
    }

    /// Refuses a library action while one file is edited on its own: the page hides them,
    /// and a menu item or a script must meet the same no here.
    pub fn not_alone(&self) -> Result<(), CommandError> {
        match self.alone() {
            None => Ok(()),
            Some(file) => Err(CommandError {
                code: quire_core::error::ErrorCode::FileAlone,
                message: format!(
                    "{} is open on its own: open its folder (File, Open folder…) to use the library",
                    file.display()
                ),
            }),
        }
    }

    /// The file edited on its own, if the window is in that mode.
    pub fn alone(&self) -> Option<PathBuf> {
        self.alone.read().ok().and_then(|a| a.clone())
    }

    /// Keeps `file`, outside the content folder, for the author's choice.
    pub fn set_outside(&self, file: Option<PathBuf>) {
        if let Ok(mut o) = self.outside.lock() {
            *o = file;
        }
    }

    /// The file outside the content folder the author is choosing about, taken.
    pub fn take_outside(&self) -> Option<PathBuf> {
        self.outside.lock().ok().and_then(|mut o| o.take())
    }

    pub fn site(&self) -> Site {
        self.site.read().map(|s| s.clone()).unwrap_or_default()
    }

    pub fn set_site(&self, site: Site) {
        if let Ok(mut s) = self.site.write() {
            *s = site;
        }
    }

    /// The site settings made again from the posts as the library knows them now (the
    /// names and slugs links find them by), and kept: an export or a publish must not go
    /// by the posts as they were when the folder was opened.
    pub fn current_site(&self) -> Result<Site, CommandError> {
        let site = self.blog()?.site()?;
        self.set_site(site.clone());
        Ok(site)
    }

    /// The post of a file named on a command line, in the open folder.
    pub fn post_for_file(&self, file: &Path) -> Result<i64, CommandError> {
        Ok(self
            .blog()?
            .post_for_file(file, quire_core::clock::now_ms())?)
    }

    /// The open blog, under its lock, or why none is open.
    pub fn blog(&self) -> Result<BlogGuard<'_>, CommandError> {
        let guard = self.blog.lock().map_err(|_| CommandError::poisoned())?;
        match &*guard {
            Ok(_) => Ok(BlogGuard(guard)),
            Err(e) => Err(e.clone()),
        }
    }

    /// Keeps what an export just wrote: the only path "Show in folder" will reveal.
    pub fn remember_export(&self, path: PathBuf) {
        if let Ok(mut last) = self.last_export.lock() {
            *last = Some(path);
        }
    }

    /// Keeps the address a publish just sent the site to: the only one "Open the site"
    /// opens.
    pub fn remember_address(&self, address: Option<String>) {
        if let Ok(mut last) = self.last_address.lock() {
            *last = address;
        }
    }

    pub fn last_address(&self) -> Option<String> {
        self.last_address.lock().ok().and_then(|a| a.clone())
    }

    pub fn last_export(&self) -> Option<PathBuf> {
        self.last_export.lock().ok().and_then(|l| l.clone())
    }

    pub fn preview(&self) -> Result<MutexGuard<'_, Preview>, CommandError> {
        self.preview.lock().map_err(|_| CommandError::poisoned())
    }
}

/// The open blog, under its lock: made only when there is one.
pub struct BlogGuard<'a>(MutexGuard<'a, Result<Blog, CommandError>>);

impl Deref for BlogGuard<'_> {
    type Target = Blog;

    fn deref(&self) -> &Blog {
        // Checked when the guard was made, and the lock is held since.
        self.0.as_ref().expect("a BlogGuard holds a blog")
    }
}
