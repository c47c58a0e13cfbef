//! Nothing a post names leaves its folder: not a relative path, not a symlink, not an
//! image's file name.

use std::path::{Component, Path};

use quire_core::folder::ContentFolder;
use quire_core::images::{safe_name, ImageKind};

/// A content folder holding one image, and a link inside it that points outside.
pub struct Folder {
    _dir: tempfile::TempDir,
    /// The content folder.
    pub folder: ContentFolder,
}

impl Folder {
    /// A temp dir with `content/img/a.png`, `content/out` → the dir's `secret.png`, and
    /// that secret beside the folder.
    pub fn new() -> Folder {
        let dir = tempfile::tempdir().expect("a temp dir");
        let root = dir.path().join("content");
        std::fs::create_dir_all(root.join("img")).expect("the folder");
        let png = b"\x89PNG\r\n\x1a\n";
        std::fs::write(root.join("img/a.png"), png).expect("an image");
        std::fs::write(dir.path().join("secret.png"), png).expect("a file outside");
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path(), root.join("out")).expect("a link out");
        let folder = ContentFolder::open(&root).expect("the folder opens");
        Folder { _dir: dir, folder }
    }
}

impl Default for Folder {
    fn default() -> Self {
        Folder::new()
    }
}

/// For any `rel` a post could link: resolving it gives a path below the folder, or an
/// error; reading it as an asset reads a file below the folder, or fails; an image saved
/// under the name `rel` gets a plain file name.
pub fn holds(f: &Folder, rel: &str) {
    let root = f.folder.root();
    if let Ok(path) = f.folder.resolve(rel) {
        assert!(
            path.starts_with(root)
                && path
                    .strip_prefix(root)
                    .unwrap()
                    .components()
                    .all(|c| matches!(c, Component::Normal(_))),
            "{rel:?} resolved to {} outside {}",
            path.display(),
            root.display()
        );
    }
    if f.folder.read_asset(rel).is_ok() {
        let real = std::fs::canonicalize(f.folder.resolve(rel).unwrap()).unwrap();
        assert!(
            real.starts_with(root),
            "{rel:?} read {} outside",
            real.display()
        );
    }
    let name = safe_name(rel, ImageKind::Png);
    assert!(
        !name.is_empty()
            && !name.starts_with('.')
            && !name.contains(['/', '\\'])
            && Path::new(&name).components().count() == 1,
        "{rel:?} named an image {name:?}"
    );
}
