//! The properties as one test binary, as in `quire-core`: one link of the engine, not one
//! per file. `Cargo.toml` turns off the discovery of `tests/*.rs`, so a new file here
//! runs only once it is declared below.
//!
//! proptest finds the failing cases it kept by the path of the file that holds the test:
//! `properties.proptest-regressions` beside `properties.rs`, as long as no folder above it
//! holds a `main.rs` or `lib.rs` (it would look in a `proptest-regressions` folder beside
//! that one instead). Hence `tests.rs` here, not `tests/<name>/main.rs`.

mod preview;
mod properties;
