#![no_main]
//! Any body and any run of edits: the patched preview is the fresh article.

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use quire_properties::preview::{Edit, TYPED};

fn edits(u: &mut Unstructured<'_>) -> Result<(String, Vec<Edit>)> {
    let body: String = u.arbitrary()?;
    let mut edits = Vec::new();
    // Bounded, so that one input stays fast: the fuzzer finds long runs by many inputs.
    for _ in 0..u.int_in_range(0..=32)? {
        let insert = if u.ratio(3, 4)? {
            u.choose(TYPED)?.to_string()
        } else {
            u.arbitrary::<String>()?.chars().take(16).collect()
        };
        edits.push(Edit {
            at: u.arbitrary()?,
            replace: u.arbitrary()?,
            insert,
        });
    }
    Ok((body.chars().take(400).collect(), edits))
}

fuzz_target!(|data: &[u8]| {
    if let Ok((body, edits)) = edits(&mut Unstructured::new(data)) {
        quire_properties::preview::holds(&body, &edits);
    }
});
