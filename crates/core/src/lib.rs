//! Quire's engine. It knows nothing of Tauri or of any UI: the desktop shell and the
//! command line are both thin adapters over these modules.

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
