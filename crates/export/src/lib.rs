//! Publishing: a post or the whole blog as static files that look like the preview. The
//! article comes from the core's one template and Markdown configuration, so what the
//! author sees is what gets published.
//!
//! The whole blog is exported by [`site::export_site`], as [`site::Options`] say, into a
//! folder it keeps up to date: a second export writes only the files whose inputs
//! changed, and answers with a [`site::Summary`] of what it did. One post is exported by
//! [`post::export_post`], as a folder or as one self-contained file ([`post::Shape`]).
//! Every failure is an [`Error`], with a stable code for the shell.
//!
//! ```no_run
//! use std::path::Path;
//! use std::sync::atomic::AtomicBool;
//!
//! use quire_core::article::Site;
//! use quire_core::folder::ContentFolder;
//! use quire_export::post::{export_post, Shape};
//! use quire_export::site::{export_site, Options};
//!
//! let folder = ContentFolder::open(Path::new("blog"))?;
//! let site = Site {
//!     base_url: "https://example.org/".into(),
//!     ..Site::default()
//! };
//! let options = Options {
//!     drafts: false,
//!     today: "2026-01-01".into(),
//!     // What the export remembers between runs, outside what it publishes.
//!     records: "library.exports".into(),
//! };
//! let cancel = AtomicBool::new(false);
//! let summary = export_site(&folder, &site, Path::new("public"), &options, &cancel, &|done, total| {
//!     eprintln!("{done}/{total}");
//! })?;
//! println!("{} posts, {} files written", summary.posts, summary.written);
//!
//! let page = export_post(&folder, &site, "hello.md", Path::new("mail"), Shape::SingleFile)?;
//! println!("{}", page.display());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Underneath, [`source`] reads each post as an [`source::Entry`], [`manifest`] remembers
//! what the last export read and wrote, [`output`] writes only inside the output folder,
//! and [`feeds`], [`search`] and [`theme`] make the feeds, the search index and the pages'
//! look.

#![warn(missing_docs)]

pub mod error;
pub mod feeds;
mod lists;
pub mod manifest;
pub mod output;
mod pages;
pub mod post;
pub mod search;
pub mod site;
pub mod source;
pub mod theme;
pub mod urls;

pub use error::{Error, Result};
