//! The engine on real folders and real libraries, as one test binary: each binary links
//! SQLite, comrak and syntect again, and eleven of them cost more to link than to run
//! (ripgrep's layout). `Cargo.toml` turns off the discovery of `tests/*.rs`, so a new
//! file here runs only once it is declared below.

mod common;

mod blog;
mod endings;
mod images;
mod interleavings;
mod library;
mod markup;
mod organize;
mod render;
mod salvage;
mod search;
mod sync;
mod two_writers;
