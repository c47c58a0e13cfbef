//! What several test modules share.

use std::fs;
use std::path::PathBuf;

use quire_core::blog::Blog;

/// A content folder of `files`, scanned into a fresh library, in a temp dir.
pub struct Fixture {
    _dir: tempfile::TempDir,
    pub folder: PathBuf,
    pub blog: Blog,
}

pub fn fixture(files: &[(&str, &[u8])]) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("content");
    for (rel, bytes) in files {
        let path = folder.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    fs::create_dir_all(&folder).unwrap();
    let blog = Blog::open(&folder, &dir.path().join("lib.sqlite3")).unwrap();
    blog.scan(1, false, &mut |_, _| {}).unwrap();
    Fixture {
        _dir: dir,
        folder,
        blog,
    }
}

/// The id of the post at `path`.
pub fn id_of(blog: &Blog, path: &str) -> i64 {
    blog.posts()
        .unwrap()
        .into_iter()
        .find(|p| p.path == path)
        .unwrap_or_else(|| panic!("no post at {path}"))
        .id
}

impl Fixture {
    /// The id of the post at `path`.
    pub fn id(&self, path: &str) -> i64 {
        id_of(&self.blog, path)
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.folder.join(rel)).unwrap()
    }
}

/// A small deterministic generator (xorshift): the same seed gives the same run.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}
