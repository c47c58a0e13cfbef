//! Publishing: the blog exported (incrementally, into the target's own cache) and sent to
//! where readers read it — a git branch, a server over SSH, a folder — through the tools
//! that already do that well (the system `git`, `rsync` over `ssh`, or `sftp` where the
//! server has no rsync), only what changed,
//! and never a file Quire did not put there deleted.
//!
//! [`sync`] shares the content folder itself through git, for authors whose host builds
//! the site from their repository, or who write on several machines.
//!
//! [`publish::prepare`] exports and compares, giving the [`plan::Plan`] the author sees;
//! [`publish::Prepared::send`] carries it out and records it in the library.

#![warn(missing_docs)]

mod address;
pub mod edit;
pub mod error;
mod folder;
mod git;
pub mod listing;
mod mirror;
pub mod plan;
pub mod publish;
mod rsync;
pub mod secrets;
mod sftp;
mod ssh;
pub mod sync;
pub mod target;
mod tool;

pub use error::{Error, Result};
