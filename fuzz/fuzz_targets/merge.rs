#![no_main]
//! Any three texts as base, mine and theirs: the merge loses no line without a conflict.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|texts: (&str, &str, &str)| {
    let (base, mine, theirs) = texts;
    quire_properties::merge::holds(base, mine, theirs);
});
