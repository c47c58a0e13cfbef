//! Moving a blog into Quire: a WordPress export (WXR), a Ghost JSON export or a Medium
//! archive becomes Markdown posts in the content folder.
//!
//! An import runs in two steps, so that a bad export writes nothing at all. First the
//! whole export is read and every post converted ([`wordpress::read`], [`ghost::read`],
//! [`medium::read`]), giving an [`post::Export`]; any malformed part stops it there with
//! an [`Error`] naming the file and the place. Then [`write::import`] skips the posts an
//! earlier import already brought in (by their old address or id in the folder's front
//! matter), and writes the rest.
//!
//! ```no_run
//! use std::path::Path;
//!
//! use quire_core::folder::ContentFolder;
//! use quire_import::{wordpress, write};
//!
//! let folder = ContentFolder::open(Path::new("content"))?;
//! let export = wordpress::read(Path::new("blog.WordPress.2024-01-01.xml"))?;
//! let summary = write::import(&folder, &export, false)?;
//! println!("{} imported, {} already there", summary.imported.len(), summary.skipped.len());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The posts' HTML becomes Markdown in [`html`]; WordPress's own markup (shortcodes,
//! block comments, paragraphs without `<p>`) is made plain HTML first in [`shortcode`].

#![warn(missing_docs)]

pub mod error;
pub mod ghost;
pub mod html;
pub mod medium;
pub mod post;
pub mod shortcode;
pub mod wordpress;
pub mod write;
mod xml;

pub use error::{Error, Result};
