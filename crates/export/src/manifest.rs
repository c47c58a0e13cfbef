//! What the last export wrote and from what: the output folder's memory between runs. It
//! lets an export re-render only the pages whose inputs changed, skip re-reading files
//! whose size and time are unchanged, and remove exactly the files it wrote before and
//! no longer writes, leaving the author's own files in the folder alone.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::output::Output;
use crate::source::Entry;
use crate::Result;

/// The manifest's file in the output folder. Hidden, so web servers and rsync filters
/// that skip dot files leave it out of the published site. Binary (postcard): for 10,000
/// posts it is read and written on every export, and JSON took ten times as long.
pub const FILE: &str = ".quire-export";

/// Bumped when what a key covers changes, so an older manifest means "export it all".
const VERSION: u32 = 1;

/// The record of the last export.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    version: u32,
    /// Each post read, by its path in the content folder.
    pub sources: HashMap<String, Entry>,
    /// Each file written, by its path in the output folder, with the key of its inputs.
    pub outputs: BTreeMap<String, String>,
}

impl Manifest {
    /// A manifest of what this export read and wrote.
    pub fn new(sources: HashMap<String, Entry>, outputs: BTreeMap<String, String>) -> Manifest {
        Manifest {
            version: VERSION,
            sources,
            outputs,
        }
    }

    /// The manifest in `out`, or an empty one (everything is exported) if there is none
    /// or it is from another version or unreadable.
    pub fn load(out: &Output) -> Manifest {
        let Ok(path) = out.path(FILE) else {
            return Manifest::default();
        };
        std::fs::read(&path)
            .ok()
            .and_then(|bytes| postcard::from_bytes::<Manifest>(&bytes).ok())
            .filter(|m| m.version == VERSION)
            .unwrap_or_default()
    }

    /// Writes the manifest, last, so an interrupted export is redone from the old one.
    pub fn save(mut self, out: &Output) -> Result<()> {
        self.version = VERSION;
        let bytes = postcard::to_stdvec(&self).expect("the manifest serializes");
        out.replace(FILE, &bytes)
    }
}

/// A short fingerprint of everything a page is made from.
pub fn key(parts: &[&str]) -> String {
    let mut k = Key::default();
    for p in parts {
        k.add(p);
    }
    k.finish()
}

/// A [`key`] built a part at a time, for inputs too many to gather first.
#[derive(Default)]
pub struct Key(Sha256);

impl Key {
    /// Adds one input; inputs are length-prefixed, so `("ab", "c")` ≠ `("a", "bc")`.
    pub fn add(&mut self, part: &str) -> &mut Key {
        self.0.update((part.len() as u64).to_le_bytes());
        self.0.update(part.as_bytes());
        self
    }

    /// The fingerprint.
    pub fn finish(self) -> String {
        let digest = self.0.finalize();
        digest[..12].iter().map(|b| format!("{b:02x}")).collect()
    }
}
