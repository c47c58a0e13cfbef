//! Properties of Quire's parsers and protocols that must hold for any input. Each
//! `holds` function panics, saying what broke, when its property does not hold: the
//! property tests call them with bounded random cases on stable Rust, and the fuzz
//! targets (`fuzz/`) call them for as long as the fuzzer runs.

pub mod endings;
pub mod front_matter;
pub mod markup;
pub mod merge;
pub mod paths;
pub mod preview;
pub mod window;
