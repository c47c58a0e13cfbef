//! The content folder: the posts as plain files, shared with git, Hugo, Zola and other
//! editors. Every path that comes in is checked to stay inside it.

use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::library::FileStat;
use crate::{Error, Result};

/// Posts larger than this are listed but not opened: a 50 MB "post" is a mistake, and
/// loading it into the editor would freeze the window.
pub const MAX_POST_BYTES: u64 = 8 * 1024 * 1024;

/// The folder of posts, through which every read and write inside it passes.
#[derive(Debug, Clone)]
pub struct ContentFolder {
    root: PathBuf,
}

impl ContentFolder {
    /// Opens the folder at `root`. The path is made canonical so that the checks against
    /// symlinks and escapes compare like with like.
    pub fn open(root: &Path) -> Result<ContentFolder> {
        let root = fs::canonicalize(root).map_err(|_| Error::FolderMissing {
            path: root.to_path_buf(),
        })?;
        if !root.is_dir() {
            return Err(Error::FolderMissing { path: root });
        }
        Ok(ContentFolder { root })
    }

    /// The folder's canonical absolute path.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The absolute path of `rel`, refusing anything that would leave the folder:
    /// absolute paths, drive prefixes and `..` components.
    pub fn resolve(&self, rel: &str) -> Result<PathBuf> {
        let escape = || Error::PathEscape {
            path: rel.to_string(),
        };
        if rel.is_empty() {
            return Err(escape());
        }
        let mut path = self.root.clone();
        for component in Path::new(rel).components() {
            match component {
                Component::Normal(part) => path.push(part),
                Component::CurDir => {}
                _ => return Err(escape()),
            }
        }
        Ok(path)
    }

    /// Markdown files below the root, as sorted `/`-separated relative paths. Hidden files
    /// and folders (`.git`, editor swap files) are not posts.
    pub fn scan(&self) -> Result<Vec<String>> {
        let mut found: Vec<String> = self
            .walk(&self.root, false)?
            .into_iter()
            .filter(|path| is_markdown(path))
            .filter_map(|path| self.relative(&path))
            .collect();
        found.sort();
        Ok(found)
    }

    /// Every file below `rel` (a folder inside this one), hidden ones included: what
    /// moving or trashing that folder touches.
    pub fn files_below(&self, rel: &str) -> Result<Vec<PathBuf>> {
        self.walk(&self.resolve(rel)?, true)
    }

    /// The files below `root`, symlinks not followed; hidden files and folders only with
    /// `hidden`.
    fn walk(&self, root: &Path, hidden: bool) -> Result<Vec<PathBuf>> {
        let walker = walkdir::WalkDir::new(root)
            .follow_links(false)
            .into_iter()
            .filter_entry(|e| hidden || e.depth() == 0 || !is_hidden(e.file_name()));
        let mut files = Vec::new();
        for entry in walker {
            let entry = entry.map_err(|e| Error::Io {
                path: e.path().unwrap_or(root).to_path_buf(),
                source: e
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("walk failed")),
            })?;
            if entry.file_type().is_file() {
                files.push(entry.into_path());
            }
        }
        Ok(files)
    }

    /// `/`-separated path of `abs` inside the folder, if it is inside.
    pub fn relative(&self, abs: &Path) -> Option<String> {
        let rel = abs.strip_prefix(&self.root).ok()?;
        let parts: Vec<_> = rel
            .components()
            .map(|c| c.as_os_str().to_str())
            .collect::<Option<_>>()?;
        Some(parts.join("/"))
    }

    /// Reads a post inside the folder; see [`read_text`].
    pub fn read(&self, rel: &str) -> Result<String> {
        read_text(&self.resolve(rel)?)
    }

    /// The content hash of the file at `rel` as it is now, `None` if there is no file.
    /// Reads bytes, so a file that turned binary still has a version to compare.
    pub fn hash_on_disk(&self, rel: &str) -> Result<Option<String>> {
        let path = self.resolve(rel)?;
        match fs::read(&path) {
            Ok(bytes) => Ok(Some(bytes_hash(&bytes))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(Error::Io { path, source }),
        }
    }

    /// Writes `text` to `rel` so that a reader (git, Hugo, a crash) sees either the old
    /// file or the new one, never half of each: a temp file in the same folder, fsync,
    /// rename over, fsync the folder.
    pub fn write_atomic(&self, rel: &str, text: &str) -> Result<()> {
        self.write_bytes(rel, text.as_bytes())
    }

    /// [`ContentFolder::write_atomic`] for any bytes (a page bundle's image).
    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.resolve(rel)?;
        let dir = path.parent().unwrap_or(&self.root).to_path_buf();
        fs::create_dir_all(&dir).map_err(Error::io(&dir))?;
        // The temp name starts with a dot so that watchers and scans skip it.
        let mut tmp = tempfile_in(&dir)?;
        let result = (|| {
            tmp.1.write_all(bytes)?;
            tmp.1.sync_all()?;
            fs::rename(&tmp.0, &path)?;
            if let Ok(d) = fs::File::open(&dir) {
                let _ = d.sync_all();
            }
            Ok(())
        })();
        result.map_err(|source| {
            let _ = fs::remove_file(&tmp.0);
            Error::Io {
                path: path.clone(),
                source,
            }
        })
    }

    /// The bytes and media type of an asset (an avatar, an image) for the preview. Only
    /// image types are served, and a link that resolves outside the folder (through a
    /// symlink, say) is refused like a `..` path.
    pub fn read_asset(&self, rel: &str) -> Result<(Vec<u8>, &'static str)> {
        let escape = || Error::PathEscape {
            path: rel.to_string(),
        };
        let path = self.resolve(rel)?;
        let real = fs::canonicalize(&path).map_err(Error::io(&path))?;
        if !real.starts_with(&self.root) {
            return Err(escape());
        }
        let Some(mime) = asset_mime(&real) else {
            return Err(Error::NotText { path: real });
        };
        let bytes = fs::read(&real).map_err(Error::io(&real))?;
        Ok((bytes, mime))
    }

    /// Size and modification time (ms since the epoch) of `rel`.
    pub fn stat(&self, rel: &str) -> Result<FileStat> {
        let path = self.resolve(rel)?;
        let meta = fs::metadata(&path).map_err(Error::io(&path))?;
        let mtime = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_millis() as i64);
        Ok(FileStat {
            size: meta.len() as i64,
            mtime,
        })
    }

    /// A relative path for a new post named `slug` that no file uses yet.
    pub fn free_name(&self, slug: &str) -> Result<String> {
        for n in 1..10_000 {
            let name = if n == 1 {
                format!("{slug}.md")
            } else {
                format!("{slug}-{n}.md")
            };
            let bundle = self.resolve(slug)?.join("index.md");
            if !self.resolve(&name)?.exists() && (n > 1 || !bundle.exists()) {
                return Ok(name);
            }
        }
        Err(Error::Io {
            path: self.root.join(slug),
            source: std::io::Error::new(std::io::ErrorKind::AlreadyExists, "no free file name"),
        })
    }
}

/// Reads a post file as text, refusing binary, non-UTF-8 and oversized files with an
/// error that says which.
pub fn read_text(path: &Path) -> Result<String> {
    let size = fs::metadata(path).map_err(Error::io(path))?.len();
    if size > MAX_POST_BYTES {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            size,
            limit: MAX_POST_BYTES,
        });
    }
    let bytes = fs::read(path).map_err(Error::io(path))?;
    if bytes.contains(&0) {
        return Err(Error::NotText {
            path: path.to_path_buf(),
        });
    }
    String::from_utf8(bytes).map_err(|_| Error::NotText {
        path: path.to_path_buf(),
    })
}

fn tempfile_in(dir: &Path) -> Result<(PathBuf, fs::File)> {
    let pid = std::process::id();
    for attempt in 0..100u32 {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let path = dir.join(format!(".quire-{pid}-{nanos}-{attempt}.tmp"));
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Error::Io { path, source: e }),
        }
    }
    Err(Error::Io {
        path: dir.to_path_buf(),
        source: std::io::Error::new(std::io::ErrorKind::AlreadyExists, "no free temp name"),
    })
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(is_hidden_name)
}

/// The one rule for what Quire never looks at: a name starting with `.` (`.git`,
/// `.post.md.swp`, Quire's own `.quire-*.tmp`). Used by the scan, the watcher and the
/// sync rules alike, so a path hidden from one is hidden from all.
fn is_hidden_name(name: &str) -> bool {
    name.starts_with('.')
}

/// Whether a relative, `/`-separated path has a hidden part (see [`is_hidden_name`]).
pub fn is_hidden_path(rel: &str) -> bool {
    rel.split('/').any(is_hidden_name)
}

/// Whether a relative path names a post: a Markdown file with no hidden part. Editors'
/// swap and backup files (`.post.md.swp`, `post.md~`) and Quire's own temp files fail
/// this test, so they are never taken for posts.
pub fn is_post_path(rel: &str) -> bool {
    !is_hidden_path(rel) && !rel.split('/').any(str::is_empty) && is_markdown(Path::new(rel))
}

/// Whether a relative path names an image a post may show (what the preview serves).
pub fn is_asset_path(rel: &str) -> bool {
    asset_mime(Path::new(rel)).is_some()
}

/// The folder of the post at `rel`, as the start of a path: `posts/` for `posts/a.md` and
/// for the page bundle `posts/index.md`, empty at the root. The post's relative links and
/// images resolve against it, in the preview as on the exported site.
pub fn post_folder(rel: &str) -> &str {
    rel.rfind('/').map_or("", |i| &rel[..=i])
}

fn asset_mime(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "svg" => "image/svg+xml",
        _ => return None,
    })
}

/// Whether `path` has a post's extension: `.md` or `.markdown`, in lower case.
pub fn is_markdown(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("md" | "markdown")
    )
}

/// The content hash by which Quire knows versions apart, and its own writes from others'.
pub fn content_hash(text: &str) -> String {
    bytes_hash(text.as_bytes())
}

/// [`content_hash`] of raw bytes: the same value for the same UTF-8 text.
fn bytes_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for b in digest {
        hex.push_str(&format!("{b:02x}"));
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn post_folders() {
        assert_eq!(post_folder("a.md"), "");
        assert_eq!(post_folder("posts/a.md"), "posts/");
        assert_eq!(post_folder("posts/a/index.md"), "posts/a/");
        assert_eq!(post_folder("2024/05/a.md"), "2024/05/");
    }
}
