//! Addresses of the exported pages. Links between pages are relative, so the site works
//! from any folder, from `file://` and under a base URL with a sub-path; canonical links,
//! feeds and the sitemap are absolute under the base URL.

use std::collections::HashMap;

use quire_core::article::AssetLinks;
use quire_core::folder::post_folder;

/// Percent-encodes one path segment: letters of any script are kept readable by browsers,
/// but an address must be ASCII, so everything outside the unreserved set is encoded.
pub fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A `/`-separated path with every segment encoded.
pub fn encode_path(path: &str) -> String {
    path.split('/')
        .map(encode_segment)
        .collect::<Vec<_>>()
        .join("/")
}

/// Reverses [`encode_segment`] for a link written in a post (`my%20photo.png`), to find
/// its file. Invalid escapes are kept as written.
pub fn decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| path.to_string())
}

/// The way up from the page at `page` (an output path like `tags/rust/index.html`) to the
/// site's root: `""`, `"../"`, `"../../"`.
pub fn root_from(page: &str) -> String {
    "../".repeat(page.matches('/').count())
}

/// The absolute address of the output file `path` under `base_url` (which ends in `/`),
/// with `index.html` left off as servers do; `None` without a base URL.
pub fn absolute(base_url: &str, path: &str) -> Option<String> {
    if base_url.is_empty() {
        return None;
    }
    let pretty = path.strip_suffix("index.html").unwrap_or(path);
    Some(format!("{base_url}{}", encode_path(pretty)))
}

/// Where a post's page is, seen from the files it shows.
pub enum Placement<'a> {
    /// On the site, at `<slug>/index.html`, for the post at this path in the content
    /// folder: the files keep their place in the folder, one level up.
    Site(&'a str),
    /// Beside its files, as in a one-post folder, for the post at this path. Links to the
    /// files in the map (paths from the post's folder) are replaced by its addresses: a
    /// single file's `data:` addresses.
    Beside(&'a str, HashMap<String, String>),
}

/// How a post's page links the files it shows, wherever the page is: the site and the
/// one-post export share this so that their pages link alike.
pub fn asset_links(placement: Placement<'_>) -> AssetLinks {
    match placement {
        Placement::Site(rel) => AssetLinks {
            prefix: format!("../{}", encode_path(post_folder(rel))),
            root: "../".into(),
            path: rel.to_string(),
            ..AssetLinks::default()
        },
        Placement::Beside(rel, inline) => AssetLinks {
            inline,
            path: rel.to_string(),
            ..AssetLinks::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_ascii() {
        assert_eq!(
            encode_segment("朝の散歩"),
            "%E6%9C%9D%E3%81%AE%E6%95%A3%E6%AD%A9"
        );
        assert_eq!(encode_segment("a b/c"), "a%20b%2Fc");
        assert_eq!(decode("my%20photo.png"), "my photo.png");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%E6%9C%9D"), "朝");
    }

    #[test]
    fn roots_and_absolute_addresses() {
        assert_eq!(root_from("index.html"), "");
        assert_eq!(root_from("tags/rust/index.html"), "../../");
        assert_eq!(
            absolute("https://ex.org/blog/", "my-post/index.html").as_deref(),
            Some("https://ex.org/blog/my-post/")
        );
        assert_eq!(
            absolute("https://ex.org/", "atom.xml").as_deref(),
            Some("https://ex.org/atom.xml")
        );
        assert_eq!(absolute("", "atom.xml"), None);
    }
}
