#![no_main]
//! Any path a post can name: nothing resolves, reads or is saved outside the folder.

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use quire_properties::paths::Folder;

/// One folder for the whole run: made once, read many times. The fuzzer's threads never
/// share it (libFuzzer runs one input at a time per process).
static FOLDER: OnceLock<std::sync::Mutex<Folder>> = OnceLock::new();

fuzz_target!(|rel: &str| {
    let folder = FOLDER.get_or_init(|| std::sync::Mutex::new(Folder::new()));
    let folder = folder.lock().unwrap_or_else(|e| e.into_inner());
    quire_properties::paths::holds(&folder, rel);
});
