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
/// that skip dot files leave it out of the published site.
pub const FILE: &str = ".quire-export.json";

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
            .and_then(|bytes| serde_json::from_slice::<Manifest>(&bytes).ok())
            .filter(|m| m.version == VERSION)
            .unwrap_or_default()
    }

    /// Writes the manifest, last, so an interrupted export is redone from the old one.
    pub fn save(mut self, out: &Output) -> Result<()> {
        self.version = VERSION;
        let bytes = serde_json::to_vec(&self).expect("the manifest serializes");
        out.write(FILE, &bytes)?;
        Ok(())
    }
}

/// A short fingerprint of everything a page is made from.
pub fn key(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p.as_bytes());
    }
    let digest = h.finalize();
    digest[..12].iter().map(|b| format!("{b:02x}")).collect()
}
