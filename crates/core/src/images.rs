//! Images pasted or dropped into the editor, copied into the content folder beside their
//! post.
//!
//! Where they go: a page bundle (`slug/index.md`) keeps its images in its own folder, the
//! way Hugo and Zola expect, so they move and trash with it. A post that is one file gets
//! an `images/` folder beside it: turning the post into a bundle would move the file under
//! the author's (and their git's) feet, and a folder of its own per post would scatter
//! the content folder. Either way the link is relative to the post, so the preview, the
//! export and other editors all resolve it.

use serde::Serialize;
use ts_rs::TS;

use crate::blog::Blog;
use crate::folder::post_folder;
use crate::{slug, Error, Result};

/// Image formats the editor accepts, told by their first bytes: a name can lie, and a
/// browser shown an HTML or SVG file as an image is a script risk we do not take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    /// PNG.
    Png,
    /// JPEG.
    Jpeg,
    /// GIF.
    Gif,
    /// WebP.
    Webp,
    /// AVIF.
    Avif,
}

impl ImageKind {
    /// The file extension written for this kind, whatever the dropped file was called.
    pub fn extension(self) -> &'static str {
        match self {
            ImageKind::Png => "png",
            ImageKind::Jpeg => "jpg",
            ImageKind::Gif => "gif",
            ImageKind::Webp => "webp",
            ImageKind::Avif => "avif",
        }
    }
}

/// What `bytes` are by their signature, if an image of a kind Quire adds.
pub fn kind_of(bytes: &[u8]) -> Option<ImageKind> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(ImageKind::Png)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageKind::Jpeg)
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(ImageKind::Gif)
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(ImageKind::Webp)
    } else if bytes.len() >= 12
        && &bytes[4..8] == b"ftyp"
        && matches!(&bytes[8..12], b"avif" | b"avis")
    {
        Some(ImageKind::Avif)
    } else {
        None
    }
}

/// An image copied beside its post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AddedImage {
    /// Where it is, relative to the content folder.
    pub path: String,
    /// The link to it from the post, relative to the post's folder.
    pub link: String,
    /// The Markdown to insert: `![alt](link)`.
    pub markdown: String,
}

/// The file name for an image called `given` (any path, any script) of kind `kind`: its
/// last path part's stem as a slug (so never a path, never hidden), with the extension
/// of what the bytes are.
pub fn safe_name(given: &str, kind: ImageKind) -> String {
    let last = given.rsplit(['/', '\\']).next().unwrap_or(given);
    let stem = last.rsplit_once('.').map_or(last, |(stem, _)| stem);
    let stem = if stem.chars().any(char::is_alphanumeric) {
        slug::slugify(stem)
    } else {
        "image".to_string()
    };
    format!("{stem}.{}", kind.extension())
}

/// Alt text from a file name: its stem's words (`my-cat_photo.png` → `my cat photo`).
pub fn alt_text(name: &str) -> String {
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let words: Vec<&str> = stem
        .split(|c: char| c == '-' || c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    words.join(" ")
}

/// `name` itself, or `name` with `-2`, `-3`… before its extension: the first for which
/// `taken` answers None (free) or Some(true) (a file with the same bytes, reused).
fn unique_name(name: &str, mut taken: impl FnMut(&str) -> Result<Option<bool>>) -> Result<String> {
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    for n in 1u32.. {
        let candidate = if n == 1 {
            name.to_string()
        } else {
            format!("{stem}-{n}.{ext}")
        };
        match taken(&candidate)? {
            None | Some(true) => return Ok(candidate),
            Some(false) => {}
        }
    }
    unreachable!("some name below u32::MAX is free")
}

impl Blog {
    /// Copies the image `bytes`, named `given` by the author's system, beside the post
    /// `id` (see the module's rule) and returns the link to insert. Over `limit_mb`
    /// megabytes, or not an image by its content, it is refused and nothing is written.
    /// A file of the same name and bytes already there is reused, not copied again.
    pub fn add_image(
        &self,
        id: i64,
        given: &str,
        bytes: &[u8],
        limit_mb: u32,
    ) -> Result<AddedImage> {
        self.writable()?;
        let display = given
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(given)
            .to_string();
        let limit = u64::from(limit_mb) * 1024 * 1024;
        if bytes.len() as u64 > limit {
            return Err(Error::ImageTooBig {
                name: display,
                size_mb: bytes.len() as f64 / (1024.0 * 1024.0),
                limit_mb,
            });
        }
        let kind = kind_of(bytes).ok_or(Error::NotAnImage {
            name: display.clone(),
        })?;
        let post = self.library.post(id)?;
        let (dir, link_dir) = match self.bundle(&post.path)? {
            Some(bundle) => (bundle.to_string(), String::new()),
            None => (
                format!("{}images", post_folder(&post.path)),
                "images/".to_string(),
            ),
        };
        let name = unique_name(&safe_name(given, kind), |candidate| {
            let rel = format!("{dir}/{candidate}");
            let path = self.folder.resolve(&rel)?;
            if path.is_dir() {
                return Ok(Some(false));
            }
            match std::fs::read(&path) {
                Ok(existing) => Ok(Some(existing == bytes)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(source) => Err(Error::Io { path, source }),
            }
        })?;
        let path = format!("{dir}/{name}");
        if !self.folder.resolve(&path)?.exists() {
            self.folder.write_bytes(&path, bytes)?;
        }
        let link = format!("{link_dir}{name}");
        let alt = alt_text(&name).replace(['[', ']'], "");
        Ok(AddedImage {
            markdown: format!("![{alt}]({link})"),
            path,
            link,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_content_not_name() {
        assert_eq!(kind_of(b"\x89PNG\r\n\x1a\n...."), Some(ImageKind::Png));
        assert_eq!(kind_of(&[0xFF, 0xD8, 0xFF, 0xE0, 0]), Some(ImageKind::Jpeg));
        assert_eq!(kind_of(b"GIF89a..."), Some(ImageKind::Gif));
        assert_eq!(kind_of(b"RIFF\0\0\0\0WEBPVP8 "), Some(ImageKind::Webp));
        assert_eq!(kind_of(b"\0\0\0\x1cftypavif\0\0"), Some(ImageKind::Avif));
        for not in [
            &b""[..],
            b"<svg xmlns='http://www.w3.org/2000/svg'/>",
            b"<html><script>",
            b"\x89PN",
            b"RIFF\0\0\0\0WAVEfmt ",
            b"%PDF-1.7",
        ] {
            assert_eq!(kind_of(not), None, "{not:?}");
        }
    }

    #[test]
    fn names_are_safe_slugs_with_the_contents_extension() {
        assert_eq!(
            safe_name("Holiday Photo.PNG", ImageKind::Png),
            "holiday-photo.png"
        );
        // A lying extension: the bytes decide.
        assert_eq!(safe_name("cat.gif", ImageKind::Jpeg), "cat.jpg");
        // Paths, parent steps and hidden names never survive.
        assert_eq!(
            safe_name("../../etc/passwd.png", ImageKind::Png),
            "passwd.png"
        );
        assert_eq!(safe_name("C:\\Users\\me\\x.png", ImageKind::Png), "x.png");
        assert_eq!(safe_name(".hidden.png", ImageKind::Png), "hidden.png");
        assert_eq!(safe_name("..png", ImageKind::Png), "image.png");
        assert_eq!(safe_name("", ImageKind::Webp), "image.webp");
        // Other scripts stay readable.
        assert_eq!(
            safe_name("京都の庭 1.jpg", ImageKind::Jpeg),
            "京都の庭-1.jpg"
        );
        assert_eq!(safe_name("Café.png", ImageKind::Png), "café.png");
    }

    #[test]
    fn alt_text_is_the_names_words() {
        assert_eq!(alt_text("my-cat_photo.png"), "my cat photo");
        assert_eq!(alt_text("京都の庭-1.jpg"), "京都の庭 1");
    }

    #[test]
    fn unique_names_count_up_and_reuse_the_same_bytes() {
        let taken = |same: &'static [&'static str], other: &'static [&'static str]| {
            move |n: &str| {
                Ok(if same.contains(&n) {
                    Some(true)
                } else if other.contains(&n) {
                    Some(false)
                } else {
                    None
                })
            }
        };
        assert_eq!(unique_name("a.png", taken(&[], &[])).unwrap(), "a.png");
        assert_eq!(
            unique_name("a.png", taken(&[], &["a.png", "a-2.png"])).unwrap(),
            "a-3.png"
        );
        assert_eq!(
            unique_name("a.png", taken(&["a-2.png"], &["a.png"])).unwrap(),
            "a-2.png"
        );
    }
}
