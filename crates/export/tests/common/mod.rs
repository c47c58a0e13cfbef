//! What the export tests share: a content folder to write, an export, and checks over
//! the output folder.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use quire_core::article::Site;
use quire_core::folder::ContentFolder;
use quire_export::site::{export_site, Options, Summary};

pub fn site() -> Site {
    Site {
        base_url: "https://example.org/blog/".into(),
        description: "Notes on bread, tools and walks.".into(),
        per_page: 2,
        ..Site::default()
    }
}

pub fn export(
    content: &Path,
    site: &Site,
    out: &Path,
    drafts: bool,
) -> quire_export::Result<Summary> {
    export_keeping(content, site, out, drafts, &records())
}

/// [`export`], keeping the export's manifest in `records`.
pub fn export_keeping(
    content: &Path,
    site: &Site,
    out: &Path,
    drafts: bool,
    records: &Path,
) -> quire_export::Result<Summary> {
    let folder = ContentFolder::open(content).unwrap();
    let options = Options {
        drafts,
        today: "2026-01-01".into(),
        records: records.to_path_buf(),
    };
    export_site(
        &folder,
        site,
        out,
        &options,
        &AtomicBool::new(false),
        &|_, _| {},
    )
}

/// Where the tests' exports keep their manifests: one folder for the test process, each
/// output folder's manifest named by its (temporary, so unique) path.
pub fn records() -> PathBuf {
    std::env::temp_dir().join(format!("quire-export-records-{}", std::process::id()))
}

/// Every file below `dir`, as `/`-separated paths.
pub fn files(dir: &Path) -> BTreeSet<String> {
    walk(dir)
        .into_iter()
        .map(|p| {
            p.strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            out.push(
                u8::from_str_radix(std::str::from_utf8(&b[i + 1..i + 3]).unwrap(), 16).unwrap(),
            );
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// Every `href` and `src` of every HTML page that points inside the site must name a file
/// that exists. Returns how many links were followed.
pub fn check_links(dir: &Path) -> usize {
    let mut checked = 0;
    let mut broken = Vec::new();
    for page in files(dir).into_iter().filter(|p| p.ends_with(".html")) {
        let html = std::fs::read_to_string(dir.join(&page)).unwrap();
        let here = dir.join(&page);
        let base = here.parent().unwrap();
        for attr in ["href=\"", "src=\""] {
            for (i, _) in html.match_indices(attr) {
                let rest = &html[i + attr.len()..];
                let raw = &rest[..rest.find('"').unwrap()];
                // minijinja writes `/` in attributes as `&#x2f;`.
                let link = raw.replace("&#x2f;", "/").replace("&amp;", "&");
                let link = link.as_str();
                if link.starts_with("http")
                    || link.starts_with("data:")
                    || link.starts_with('#')
                    || link.starts_with("mailto:")
                {
                    continue;
                }
                let link = link.split(['#', '?']).next().unwrap();
                let mut target = base.join(decode(link));
                if link.ends_with('/') || link.is_empty() {
                    target = target.join("index.html");
                }
                checked += 1;
                if !target.is_file() {
                    broken.push(format!("{page}: {link}"));
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links: {broken:#?}");
    checked
}

/// The result pages of a query, from the site's own `search.js` run by Node.
pub fn search(dir: &Path, query: &str) -> Vec<String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/query.cjs");
    let out = std::process::Command::new("node")
        .arg(script)
        .arg(dir)
        .arg(query)
        .output()
        .expect("node runs (the ui's tests need it too)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Copies the sample `content/` folder into `to`, so a test may change it.
pub fn copy_sample(to: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
    for p in walk(&from) {
        let rel = p.strip_prefix(&from).unwrap();
        let dest = to.join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&p, dest).unwrap();
    }
}
