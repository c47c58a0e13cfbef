#![no_main]
//! Any text as a post: front matter parse, and an edit through the metadata form.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    quire_properties::front_matter::holds(text);
});
