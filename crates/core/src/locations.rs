//! Where the content folder and the library are, for the app and the command line alike.
//!
//! Precedence: what the caller was given (`--folder`/`--library`, or `QUIRE_FOLDER`/
//! `QUIRE_LIBRARY`, which clap folds into the same value), then the last folder this
//! library opened, then `content/` in the working directory (the sample blog when run
//! from the repository). The library defaults to the platform data dir, so tests and
//! scripts that pass `--library` never touch an author's real one.

use std::path::{Path, PathBuf};

use crate::library::Library;
use crate::{Error, Result};

/// The content folder and the library file a run of Quire uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locations {
    /// The folder of Markdown posts.
    pub folder: PathBuf,
    /// The SQLite library file, outside the folder.
    pub library: PathBuf,
}

/// The library when none is given: `quire/library.sqlite3` in the platform's data dir.
pub fn default_library() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("quire")
        .join("library.sqlite3")
}

/// Where a new author's blog goes when they start from nothing: `Quire` in their documents
/// folder (`~/Documents/Quire`), where desktop editors keep what they write.
pub fn default_folder() -> PathBuf {
    dirs::document_dir()
        .or_else(|| dirs::home_dir().map(|home| home.join("Documents")))
        .unwrap_or_else(std::env::temp_dir)
        .join("Quire")
}

/// The first post of a blog started from nothing: how Quire works, in a few lines.
const FIRST_POST: &str = "This folder is your blog. Each post is a Markdown file in it: yours \
to keep, copy, back up or put in git, and to open in any other editor.

Write on the left; on the right is the page your readers will see, as you type. Save \
with Ctrl+S. When a post is ready, set its status to published, then export or publish the \
site.

Delete this post whenever you like.
";

/// Makes `dir` a content folder to start a blog in, with a first post (a draft dated
/// `today`). A folder that holds anything already is left as it is: it may be someone's.
pub fn start_folder(dir: &Path, today: &str) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(Error::io(dir))?;
    let empty = std::fs::read_dir(dir)
        .map_err(Error::io(dir))?
        .next()
        .is_none();
    if empty {
        let text = format!(
            "---\ntitle: Welcome to your blog\ndate: {today}\nstatus: draft\n---\n\n{FIRST_POST}"
        );
        crate::folder::ContentFolder::open(dir)?.write_atomic("welcome.md", &text)?;
    }
    Ok(())
}

/// Where the app writes its rolling log files: `QUIRE_LOG_DIR` if set, else `quire/logs`
/// in the platform's local data dir (Tauri's own choice of log dir on Linux).
pub fn default_log_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("QUIRE_LOG_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    dirs::data_local_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("quire")
        .join("logs")
}

/// The folder and library to open: see the module's precedence. `home` is the library
/// given (or the default one): it remembers the folder to open, and is that folder's
/// library unless it already belongs to another (see [`library_for`]).
pub fn resolve(folder: Option<PathBuf>, library: Option<PathBuf>, cwd: &Path) -> Result<Locations> {
    let home = library.unwrap_or_else(default_library);
    let folder = match folder {
        Some(f) => f,
        None => {
            let remembered = remembered_folders(&home)?;
            remembered
                .iter()
                .find(|p| p.is_dir())
                .cloned()
                .or_else(|| Some(cwd.join("content")).filter(|c| c.is_dir()))
                // Gone (moved, or on a drive not mounted): opening it says which folder
                // is missing, rather than that none was ever chosen.
                .or_else(|| remembered.into_iter().next())
                .ok_or(Error::NoFolder)?
        }
    };
    let library = library_for(&home, &folder)?;
    Ok(Locations { folder, library })
}

/// The setting, in the home library, of the folder the author switched to last.
const OPEN_FOLDER: &str = "open_folder";

/// The library of `folder`: `home` if it is new or already this folder's, else a file
/// beside it named after the folder (`library-<hash>.sqlite3`).
///
/// One library serves one folder: posts are known by their path in the folder, so two
/// folders in one library would take each other's posts for missing ones. Each folder
/// keeping its own library file means switching folders loses nothing: the drafts and
/// history of the one left stay in its library for when the author comes back.
pub fn library_for(home: &Path, folder: &Path) -> Result<PathBuf> {
    let owner = match readable(home)? {
        Some(library) => library.setting("last_folder")?.map(PathBuf::from),
        None => None,
    };
    let same = |a: &Path| canonical(a) == canonical(folder);
    if owner.as_deref().is_none_or(same) {
        return Ok(home.to_path_buf());
    }
    let key = crate::folder::content_hash(&canonical(folder).to_string_lossy());
    let stem = home
        .file_stem()
        .map_or("library".into(), |s| s.to_string_lossy());
    Ok(home.with_file_name(format!("{stem}-{}.sqlite3", &key[..16])))
}

/// The setting, in the home library, of the folders opened, newest first (JSON).
const RECENT_FOLDERS: &str = "recent_folders";

/// How many folders "Open recent" keeps.
const RECENT: usize = 10;

/// Remembers, in the home library, `folder` as the one to open next time, and first of
/// the recent ones.
pub fn remember_folder(home: &Path, folder: &Path) -> Result<()> {
    let library = Library::open(home)?;
    let mut recent = recent_in(&library)?;
    recent.retain(|f| f != folder);
    recent.insert(0, folder.to_path_buf());
    recent.truncate(RECENT);
    let json = serde_json::to_string(&recent).unwrap_or_else(|_| "[]".into());
    library.set_setting(RECENT_FOLDERS, &json)?;
    library.set_setting(OPEN_FOLDER, &folder.to_string_lossy())
}

/// The folders opened from `home`, newest first, for "Open recent": those switched to,
/// then the ones it remembers from before the list was kept.
pub fn recent_folders(home: &Path) -> Result<Vec<PathBuf>> {
    let Some(library) = readable(home)? else {
        return Ok(Vec::new());
    };
    let mut recent = recent_in(&library)?;
    for f in remembered_folders(home)? {
        if !recent.contains(&f) {
            recent.push(f);
        }
    }
    Ok(recent)
}

fn recent_in(library: &Library) -> Result<Vec<PathBuf>> {
    Ok(library
        .setting(RECENT_FOLDERS)?
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default())
}

/// The home library, if there is one to read: a damaged one remembers nothing here (it
/// is salvaged when the blog opens it).
fn readable(home: &Path) -> Result<Option<Library>> {
    if !home.exists() {
        return Ok(None);
    }
    match Library::open(home) {
        Ok(library) => Ok(Some(library)),
        Err(Error::LibraryDamaged { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Where exports of the blog whose library is `library` keep their manifests: a folder
/// beside the library (`library.sqlite3` → `library.exports/`), so each content folder's
/// exports remember on their own, and nothing an export needs to remember is ever in
/// what it publishes.
pub fn export_records(library: &Path) -> PathBuf {
    library.with_extension("exports")
}

/// Where a publish target keeps its export and, for a git target, its private repository:
/// beside the library (`library.sqlite3` → `library.publish/<target>`), never in the
/// content folder or an export folder the author reads. The name is made a safe folder
/// name and suffixed with a hash of the whole name, so two targets never share one.
pub fn publish_cache(library: &Path, target: &str) -> PathBuf {
    use sha2::{Digest, Sha256};
    let safe: String = target
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(40)
        .collect();
    let hash = Sha256::digest(target.as_bytes());
    let short: String = hash[..4].iter().map(|b| format!("{b:02x}")).collect();
    library
        .with_extension("publish")
        .join(format!("{safe}-{short}"))
}

/// The library of one Markdown file edited on its own (opened from outside any content
/// folder): beside `home`, in `files/`, named after the file's path. It keeps the file's
/// drafts and history, and is never remembered as a folder to reopen.
pub fn file_library(home: &Path, file: &Path) -> PathBuf {
    let hash = crate::folder::content_hash(&canonical(file).to_string_lossy());
    home.parent()
        .unwrap_or(Path::new("."))
        .join("files")
        .join(format!("file-{}.sqlite3", &hash[..16]))
}

/// A library's path with its folder made canonical: one library, however it was named
/// (`lib.sqlite3`, `./lib.sqlite3`, through a link), even before the file exists.
pub fn canonical_library(library: &Path) -> PathBuf {
    let dir = match library.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    match dir.canonicalize() {
        Ok(dir) => dir.join(library.file_name().unwrap_or_default()),
        Err(_) => library.to_path_buf(),
    }
}

fn canonical(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// The folders to open when none is given, best first: the one switched to last, then
/// the last the home library opened.
fn remembered_folders(home: &Path) -> Result<Vec<PathBuf>> {
    let Some(library) = readable(home)? else {
        return Ok(Vec::new());
    };
    let open = library.setting(OPEN_FOLDER)?;
    let last = library.setting("last_folder")?;
    Ok(open.into_iter().chain(last).map(PathBuf::from).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blog::Blog;

    #[test]
    fn each_folder_keeps_its_own_library_and_the_last_one_opens_next() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        let home = dir.path().join("data").join("library.sqlite3");
        std::fs::create_dir_all(home.parent().unwrap()).unwrap();

        // A new home library is the first folder's.
        assert_eq!(library_for(&home, &a).unwrap(), home);
        Blog::open(&a, &home).unwrap();
        assert_eq!(library_for(&home, &a).unwrap(), home);
        // Another folder gets a library of its own beside it, the same one every time.
        let of_b = library_for(&home, &b).unwrap();
        assert_ne!(of_b, home);
        assert_eq!(of_b.parent(), home.parent());
        assert_eq!(library_for(&home, &b).unwrap(), of_b);
        Blog::open(&b, &of_b).unwrap();
        assert_eq!(library_for(&home, &a).unwrap(), home);

        // Switching remembers the folder in the home library: the next start opens it.
        let cwd = dir.path();
        assert_eq!(resolve(None, Some(home.clone()), cwd).unwrap().folder, a);
        remember_folder(&home, &b).unwrap();
        let next = resolve(None, Some(home.clone()), cwd).unwrap();
        assert_eq!((next.folder, next.library), (b.clone(), of_b));
        // A remembered folder that is gone is passed over.
        std::fs::remove_dir_all(&b).unwrap();
        assert_eq!(resolve(None, Some(home), cwd).unwrap().folder, a);
    }

    #[test]
    fn a_blog_started_from_nothing_has_a_first_post_and_a_folder_with_files_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("Documents").join("Quire");
        start_folder(&new, "2026-12-07").unwrap();
        let first = std::fs::read_to_string(new.join("welcome.md")).unwrap();
        assert!(first.starts_with(
            "---\ntitle: Welcome to your blog\ndate: 2026-12-07\nstatus: draft\n---\n"
        ));
        let (meta, body) = crate::frontmatter::read(&first).unwrap();
        assert_eq!(meta.title.as_deref(), Some("Welcome to your blog"));
        assert!(body.contains("Markdown file"));

        let someones = dir.path().join("notes");
        std::fs::create_dir_all(&someones).unwrap();
        std::fs::write(someones.join("todo.txt"), "mine").unwrap();
        start_folder(&someones, "2026-12-07").unwrap();
        let names: Vec<_> = std::fs::read_dir(&someones)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("todo.txt")]);
    }

    #[test]
    fn recent_folders_are_newest_first_and_each_once() {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().join("library.sqlite3");
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        assert!(recent_folders(&home).unwrap().is_empty());
        remember_folder(&home, &a).unwrap();
        remember_folder(&home, &b).unwrap();
        remember_folder(&home, &a).unwrap();
        assert_eq!(recent_folders(&home).unwrap(), vec![a.clone(), b.clone()]);
        for i in 0..12 {
            remember_folder(&home, &dir.path().join(format!("f{i}"))).unwrap();
        }
        let recent = recent_folders(&home).unwrap();
        assert_eq!(recent.len(), RECENT, "{recent:?}");
        assert_eq!(recent[0], dir.path().join("f11"));
    }

    #[test]
    fn a_library_named_relatively_is_the_same_library() {
        let cwd = std::env::current_dir().unwrap().canonicalize().unwrap();
        let want = cwd.join("lib.sqlite3");
        assert_eq!(canonical_library(Path::new("lib.sqlite3")), want);
        assert_eq!(canonical_library(Path::new("./lib.sqlite3")), want);
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        std::fs::create_dir(&real).unwrap();
        std::os::unix::fs::symlink(&real, dir.path().join("link")).unwrap();
        assert_eq!(
            canonical_library(&dir.path().join("link/lib.sqlite3")),
            real.canonicalize().unwrap().join("lib.sqlite3")
        );
    }
}
