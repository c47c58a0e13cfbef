//! A target that holds the site's files as files — a server over SSH, a folder — as
//! opposed to a git branch, which holds commits. Each compares, uploads and deletes in
//! its own way; what to send and in which order is decided once, in `publish`.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::atomic::AtomicBool;

use crate::listing::Listing;
use crate::Result;

/// A copy of the site on a target, kept in step file by file.
pub(crate) trait Mirror {
    /// The files of `local` (the export in `from`) the target does not hold as they are:
    /// missing, or changed by hand since. `sent` is what Quire sent it last time, for a
    /// target that cannot compare contents itself.
    fn differing(
        &self,
        from: &Path,
        local: &Listing,
        sent: &Listing,
        cancel: &AtomicBool,
    ) -> Result<BTreeSet<String>>;

    /// Sends `files` from `from` in their order, each whole, calling `sent` as each
    /// arrives.
    fn upload(
        &self,
        from: &Path,
        files: &[String],
        cancel: &AtomicBool,
        sent: &dyn Fn(&str),
    ) -> Result<()>;

    /// Deletes `files` from the target, and nothing else.
    fn delete(&self, files: &[String], cancel: &AtomicBool) -> Result<()>;

    /// How many files the target holds now, for the confirmation rule; `known` is how
    /// many Quire sent it, all a remote target can tell without listing it.
    fn size(&self, known: usize) -> usize {
        known
    }
}
