//! The export's integration tests, in one binary as ripgrep's are: cargo links a binary
//! per top-level file here, each with the crate and its dependencies, so the tests live in
//! modules below and only this file is at the top.

mod blogs;
mod common;
mod post;
mod site;
