//! Publishing: a post or the whole blog as static files that look like the preview. The
//! article comes from the core's one template and Markdown configuration, so what the
//! author sees is what gets published.

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
