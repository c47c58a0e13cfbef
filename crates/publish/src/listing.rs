//! What the export holds, as a publish compares it: each file's content hash and size.
//! By content, never by modification time or size, so a page that did not change is
//! never sent again and one that did is never missed.

use std::collections::BTreeMap;
use std::path::Path;

use quire_core::library::Sent;
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::{Error, Result};

/// Files by their path in the site (`/`-separated).
pub type Listing = BTreeMap<String, Sent>;

/// The files `paths` of the folder `root`, hashed on every core.
pub fn hash_files(root: &Path, paths: &[String]) -> Result<Listing> {
    paths
        .par_iter()
        .map(|rel| {
            let path = root.join(rel);
            let bytes = std::fs::read(&path).map_err(Error::io("read", &path))?;
            Ok((rel.clone(), sent(&bytes)))
        })
        .collect()
}

/// A file's entry for these bytes.
pub fn sent(bytes: &[u8]) -> Sent {
    let digest = Sha256::digest(bytes);
    Sent {
        hash: digest.iter().map(|b| format!("{b:02x}")).collect(),
        size: bytes.len() as u64,
    }
}
