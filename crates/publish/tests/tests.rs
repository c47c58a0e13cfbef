//! Publishing to real targets: a local bare repository, a folder, a loopback SSH server,
//! a loopback git HTTP server; and the content folder synced between two clones of one
//! bare repository. One test binary (see the core's `tests/tests.rs`).

mod common;
mod support {
    pub mod bus;
    pub mod git;
    pub mod githttp;
    pub mod secrets;
    pub mod sshd;
}

mod folder;
mod git;
mod https;
mod ssh;
mod sync;
