//! The output folder. Every path written is checked to stay inside it, every file is
//! written whole (a temp file renamed over), and a file whose bytes did not change is not
//! touched, so a web server's or rsync's view of "changed" is the author's.

use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::{Error, Result};

/// The folder an export writes into.
#[derive(Debug, Clone)]
pub struct Output {
    root: PathBuf,
}

impl Output {
    /// The output folder at `root`, created if missing and refused if it lies inside the
    /// content folder `content` (the watcher would read the exported pages as posts).
    pub fn create(root: &Path, content: &Path) -> Result<Output> {
        fs::create_dir_all(root).map_err(Error::write(root))?;
        let root = fs::canonicalize(root).map_err(Error::write(root))?;
        if root.starts_with(content) {
            return Err(Error::OutputInsideFolder {
                out: root,
                folder: content.to_path_buf(),
            });
        }
        Ok(Output { root })
    }

    /// The folder's canonical path.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The absolute path of the output file `rel`, refusing any path that would leave the
    /// folder: absolute paths, `..`, and empty or dot segments.
    pub fn path(&self, rel: &str) -> Result<PathBuf> {
        let bad = || {
            Error::Core(quire_core::Error::PathEscape {
                path: rel.to_string(),
            })
        };
        if rel.is_empty()
            || rel
                .split('/')
                .any(|p| p.is_empty() || p == "." || p == "..")
        {
            return Err(bad());
        }
        let mut path = self.root.clone();
        for c in Path::new(rel).components() {
            match c {
                Component::Normal(p) => path.push(p),
                _ => return Err(bad()),
            }
        }
        Ok(path)
    }

    /// Writes `bytes` to `rel` unless the file already holds exactly them. Returns whether
    /// it wrote.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<bool> {
        let path = self.path(rel)?;
        if let Ok(meta) = fs::metadata(&path) {
            if meta.len() == bytes.len() as u64 && fs::read(&path).is_ok_and(|old| old == bytes) {
                return Ok(false);
            }
        }
        write_whole(&path, bytes)?;
        Ok(true)
    }

    /// Copies `from` to `rel` unless the copy there has the same size and is not older.
    pub fn copy(&self, from: &Path, rel: &str) -> Result<bool> {
        let to = self.path(rel)?;
        let src = fs::metadata(from).map_err(Error::write(from))?;
        if let Ok(dst) = fs::metadata(&to) {
            let newer = match (src.modified(), dst.modified()) {
                (Ok(s), Ok(d)) => s > d,
                _ => true,
            };
            if dst.len() == src.len() && !newer {
                return Ok(false);
            }
        }
        let bytes = fs::read(from).map_err(Error::write(from))?;
        write_whole(&to, &bytes)?;
        Ok(true)
    }

    /// Removes the output file `rel` (a page of a deleted post) and the folders it leaves
    /// empty. A file already gone is fine.
    pub fn remove(&self, rel: &str) -> Result<()> {
        let path = self.path(rel)?;
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(Error::Write { path, source }),
        }
        let mut dir = path.parent();
        while let Some(d) = dir {
            // Stops at the first folder that is not empty (or is the root).
            if d == self.root || fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
        Ok(())
    }
}

/// A temp file beside `path`, filled, synced and renamed over it: a reader (a web server
/// mid-upload, a crash) sees the old file or the new one.
pub(crate) fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(path);
    fs::create_dir_all(dir).map_err(Error::write(dir))?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        // Flushed to the file system but not synced: a static site is rebuilt from the
        // posts, so a power cut costs a re-export, not words; syncing every page would
        // make exporting thousands of pages many times slower.
        fs::rename(&tmp, path)
    })();
    result.map_err(|source| {
        let _ = fs::remove_file(&tmp);
        Error::Write {
            path: path.to_path_buf(),
            source,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside() {
        let content = tempfile::tempdir().unwrap();
        let out = tempfile::tempdir().unwrap();
        let o = Output::create(out.path(), content.path()).unwrap();
        for bad in ["../x", "a/../../x", "/etc/passwd", "", "a//b", "./a"] {
            assert!(o.path(bad).is_err(), "{bad}");
        }
        assert!(o.write("a/b/index.html", b"x").unwrap());
        assert!(!o.write("a/b/index.html", b"x").unwrap());
        o.remove("a/b/index.html").unwrap();
        assert!(!out.path().join("a").exists());
    }

    #[test]
    fn output_inside_content_is_refused() {
        let content = tempfile::tempdir().unwrap();
        let inside = content.path().join("public");
        let canon = fs::canonicalize(content.path()).unwrap();
        let e = Output::create(&inside, &canon).unwrap_err();
        assert_eq!(e.code(), "output_inside_folder");
    }
}
