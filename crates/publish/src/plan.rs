//! What a publish will do, before it does it: the files to upload and to delete, in the
//! order that keeps the site whole while it happens, and whether the author must confirm.

use serde::Serialize;
use ts_rs::TS;

/// A plan that deletes more files than this is confirmed first, however big the site.
pub const CONFIRM_DELETES_OVER: usize = 256;

/// What a publish will send, as the author sees it before it starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Plan {
    /// The target's name.
    pub target: String,
    /// Where it publishes, in words: a branch and a URL, a host and a path, a folder.
    pub destination: String,
    /// Files to send: new, changed, or changed or deleted on the target by hand.
    pub upload: u32,
    /// Files Quire published before that the site no longer has.
    pub delete: u32,
    /// Files the target already has as they are.
    pub unchanged: u32,
    /// The plan deletes much of the site: the author confirms it first.
    pub confirm: bool,
    /// The address readers open (the `base_url` setting), if set.
    pub address: Option<String>,
    /// Paths to upload, in order (see [`order`]).
    #[serde(skip)]
    #[ts(skip)]
    pub uploads: Vec<String>,
    /// Paths to delete.
    #[serde(skip)]
    #[ts(skip)]
    pub deletes: Vec<String>,
}

impl Plan {
    /// Nothing to send and nothing to delete.
    pub fn is_empty(&self) -> bool {
        self.uploads.is_empty() && self.deletes.is_empty()
    }

    /// The plan in one line: "3 files to upload, 1 to delete, 2,140 unchanged".
    pub fn line(&self) -> String {
        format!(
            "{} to upload, {} to delete, {} unchanged",
            files(self.upload as usize),
            self.delete.to_string_with_commas(),
            self.unchanged.to_string_with_commas()
        )
    }
}

/// Whether deleting `deletes` of a site of `site` files (as the target has it now) needs
/// the author's yes: more than a quarter of it, or more than [`CONFIRM_DELETES_OVER`].
pub fn needs_confirmation(deletes: usize, site: usize) -> bool {
    deletes > CONFIRM_DELETES_OVER || deletes * 4 > site.max(1)
}

/// Sorts uploads so that nothing a reader can open links to a file not there yet: files
/// pages link to (images, styles, scripts) first, then posts' pages, then the pages that
/// list posts and the feeds, sitemap and search index that name them.
pub fn order(paths: &mut [String]) {
    paths.sort_by_key(|p| (rank(p), p.clone()));
}

pub(crate) fn rank(path: &str) -> u8 {
    let listing = path == "index.html"
        || path.starts_with("page/")
        || path.starts_with("tags/")
        || path.starts_with("search/")
        || !path.contains('/') && !path.ends_with(".css") && !path.ends_with(".js");
    let page = path.ends_with(".html");
    match (page, listing) {
        (_, true) => 2,
        (true, false) => 1,
        (false, false) => 0,
    }
}

/// "1 file", "2,140 files".
pub fn files(n: usize) -> String {
    match n {
        1 => "1 file".to_string(),
        n => format!("{} files", n.to_string_with_commas()),
    }
}

/// Thousands separated by commas, as the summary lines write numbers.
pub trait Commas {
    /// The number with a comma every three digits.
    fn to_string_with_commas(&self) -> String;
}

impl<T: ToString> Commas for T {
    fn to_string_with_commas(&self) -> String {
        let digits = self.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_come_before_the_pages_that_link_them_and_lists_last() {
        let mut paths: Vec<String> = [
            "index.html",
            "feed.xml",
            "bread/index.html",
            "bread/loaf.jpg",
            "style.css",
            "tags/food/index.html",
            "sitemap.xml",
            "page/2/index.html",
        ]
        .map(String::from)
        .to_vec();
        order(&mut paths);
        assert_eq!(
            paths,
            [
                "bread/loaf.jpg",
                "style.css",
                "bread/index.html",
                "feed.xml",
                "index.html",
                "page/2/index.html",
                "sitemap.xml",
                "tags/food/index.html"
            ]
        );
    }

    #[test]
    fn a_quarter_of_the_site_or_256_files_is_confirmed() {
        assert!(!needs_confirmation(0, 0));
        assert!(!needs_confirmation(25, 100));
        assert!(needs_confirmation(26, 100));
        assert!(!needs_confirmation(256, 100_000));
        assert!(needs_confirmation(257, 100_000));
        assert!(
            needs_confirmation(1, 0),
            "deleting from an empty listing is odd enough to ask"
        );
    }

    #[test]
    fn numbers_are_written_with_commas() {
        assert_eq!(1234567.to_string_with_commas(), "1,234,567");
        assert_eq!(999.to_string_with_commas(), "999");
        assert_eq!(files(1), "1 file");
        assert_eq!(files(2140), "2,140 files");
    }
}
