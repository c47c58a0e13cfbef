//! Quire's engine. It knows nothing of Tauri or of any UI: the desktop shell and the
//! command line are both thin adapters over these modules.
//!
//! The main types:
//!
//! - [`Blog`](blog::Blog): one content folder and the library that indexes it, and what
//!   an author does with them (open, save, rename, trash, search). The shell and the
//!   command line call this and little else.
//! - [`Library`](library::Library): the SQLite file beside the folder: the index of the
//!   posts, the drafts not yet on disk, and every revision ever seen.
//! - [`article::render`]: a post's text (front matter and Markdown) as the `<article>` the
//!   preview shows and the export writes; [`preview::Preview`] keeps it up to date a
//!   keystroke at a time.
//! - [`watch::watch`]: the folder's changes made by other programs, as paths touched,
//!   which [`Blog::reconcile`](blog::Blog::reconcile) turns into [`sync::Change`]s by
//!   the rules of [`sync`].
//!
//! A blog opened, brought up to date with its folder, rendered, then followed:
//!
//! ```no_run
//! use std::path::Path;
//! use std::sync::mpsc;
//!
//! use quire_core::article::{self, AssetLinks, Site};
//! use quire_core::blog::Blog;
//! use quire_core::watch::{self, Batch, DEBOUNCE};
//!
//! # fn main() -> quire_core::Result<()> {
//! let now = 1_700_000_000_000; // milliseconds since the epoch, as the library records
//! let blog = Blog::open(Path::new("content"), Path::new("library.sqlite3"))?;
//! // What changed while Quire was closed.
//! blog.scan(now, false, &mut |_done, _total| {})?;
//! for post in blog.posts()? {
//!     let text = blog.open_post(post.id)?.text;
//!     let page = article::render(&text, &Site::default(), &AssetLinks::default())?;
//!     println!("{}: {} words", page.title, page.words);
//! }
//! // What changes while it is open.
//! let (send, batches) = mpsc::channel();
//! let _watching = watch::watch(blog.folder(), DEBOUNCE, move |batch| {
//!     let _ = send.send(batch);
//! })?;
//! for batch in batches {
//!     if let Batch::Touched(paths) = batch {
//!         for change in blog.reconcile(&paths, now)? {
//!             println!("{change:?}");
//!         }
//!     }
//! }
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]

pub mod article;
pub mod blog;
pub mod clock;
pub mod endings;
pub mod error;
pub mod folder;
pub mod follow;
pub mod frontmatter;
pub mod highlight;
pub mod history;
pub mod images;
pub mod library;
pub mod locations;
pub mod markdown;
pub mod markup;
pub mod merge;
pub mod nesting;
pub mod organize;
pub mod preview;
pub mod reading;
pub mod search;
pub mod settings;
pub mod slug;
pub mod spelling;
pub mod sync;
pub mod watch;

pub use error::{Error, ErrorCode, Result};
