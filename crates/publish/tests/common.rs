//! A blog to publish: a content folder with published posts and a draft, its library,
//! and running git in a folder.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use quire_core::article::Site;
use quire_core::blog::Blog;
use quire_core::folder::ContentFolder;
use quire_publish::plan::Plan;
use quire_publish::publish::{prepare, Job, Published};
use quire_publish::target::Target;

pub use crate::support::git::git;

/// Words only the draft has: no published file may contain them.
pub const DRAFT_TITLE: &str = "Unannounced Orchard Plans";
pub const DRAFT_WORDS: &str = "quince espalier secret";

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub content: PathBuf,
    pub library: PathBuf,
}

pub fn post(title: &str, date: &str, body: &str) -> String {
    format!("---\ntitle: {title}\ndate: {date}\nstatus: published\ntags: [walks]\n---\n{body}\n")
}

impl Fixture {
    pub fn with_posts() -> Fixture {
        let dir = tempfile::tempdir().expect("a temp dir");
        let content = dir.path().join("content");
        std::fs::create_dir_all(&content).expect("content folder");
        let blog = Fixture {
            library: dir.path().join("data").join("library.sqlite3"),
            content,
            dir,
        };
        blog.write(
            "field-notes.md",
            &post("Field Notes", "2025-03-01", "Rain on the hill."),
        );
        blog.write(
            "winter-light.md",
            &post("Winter Light", "2025-02-01", "Low sun, long shadows."),
        );
        blog.write(
            "bread.md",
            &post("Bread", "2025-01-01", "Flour, water, salt, time."),
        );
        blog.write(
            "orchard.md",
            &format!("---\ntitle: {DRAFT_TITLE}\nstatus: draft\nsummary: {DRAFT_WORDS}\n---\n{DRAFT_WORDS} in the body.\n"),
        );
        blog
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.content.join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("folder");
        std::fs::write(path, text).expect("written");
    }

    pub fn site(&self) -> Site {
        Site {
            base_url: "https://example.org/".into(),
            ..Site::default()
        }
    }

    /// The library, scanned: it knows the folder as it is.
    pub fn scanned(&self) -> Blog {
        let blog = Blog::open(&self.content, &self.library).expect("the blog opens");
        blog.scan(1, false, &mut |_, _| {}).expect("scanned");
        blog
    }

    pub fn job(&self, target: &Target) -> Job {
        drop(self.scanned());
        Job {
            folder: ContentFolder::open(&self.content).expect("the folder opens"),
            site: self.site(),
            library: self.library.clone(),
            target: target.clone(),
            today: "2026-01-01".into(),
            now: 1_000,
            token: None,
            batch: true,
            ssh: None,
        }
    }

    pub fn plan(&self, target: &Target) -> quire_publish::Result<Plan> {
        let cancel = AtomicBool::new(false);
        Ok(prepare(self.job(target), &cancel, &|_| {})?.plan().clone())
    }

    pub fn publish(&self, target: &Target) -> quire_publish::Result<Published> {
        self.publish_with(target, |_| {})
    }

    /// [`Fixture::publish`] with the job changed by `set` (an ssh command, a token).
    pub fn publish_with(
        &self,
        target: &Target,
        set: impl FnOnce(&mut Job),
    ) -> quire_publish::Result<Published> {
        let cancel = AtomicBool::new(false);
        let mut job = self.job(target);
        set(&mut job);
        prepare(job, &cancel, &|_| {})?.send(&cancel, &|_| {})
    }
}

/// Every file below `dir`, as `/`-separated paths, sorted.
pub fn files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).expect("listed").flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).expect("below root");
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    if dir.exists() {
        walk(dir, dir, &mut out);
    }
    out.sort();
    out
}

/// Whether any file below `dir` is or holds a `.git`.
pub fn has_git(dir: &Path) -> bool {
    walkdir(dir)
        .iter()
        .any(|p| p.file_name().is_some_and(|n| n == ".git"))
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            out.push(p.clone());
            if p.is_dir() {
                out.extend(walkdir(&p));
            }
        }
    }
    out
}
