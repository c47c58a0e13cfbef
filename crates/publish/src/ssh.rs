//! A server over SSH as a target: rsync when both ends have it (it checksums on the
//! server, so only what differs is sent), SFTP when the server has no rsync or this
//! machine has none. Which one is found on the first contact and kept for the publish.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::listing::Listing;
use crate::mirror::Mirror;
use crate::rsync::Rsync;
use crate::sftp::Sftp;
use crate::{Error, Result};

/// The two ways to one server, and which one this publish goes by.
pub(crate) struct Ssh {
    pub rsync: Rsync,
    pub sftp: Sftp,
    /// Set once rsync turned out to be missing at either end: kept by the publish, so
    /// the plan's transport is also the sending's.
    pub over_sftp: Arc<AtomicBool>,
}

impl Ssh {
    fn sftp(&self) -> bool {
        self.over_sftp.load(Ordering::Relaxed)
    }
}

impl Mirror for Ssh {
    fn differing(
        &self,
        from: &Path,
        local: &Listing,
        sent: &Listing,
        cancel: &AtomicBool,
    ) -> Result<BTreeSet<String>> {
        if !self.sftp() {
            match self.rsync.differing(from, local, sent, cancel) {
                Err(Error::NoRsyncOnServer { cause, .. }) => {
                    tracing::info!(%cause, "the server has no rsync: sending over SFTP");
                }
                Err(Error::MissingTool { tool: "rsync", .. }) => {
                    tracing::info!("rsync is not installed here: sending over SFTP");
                }
                other => return other,
            }
            self.over_sftp.store(true, Ordering::Relaxed);
        }
        self.sftp.differing(from, local, sent, cancel)
    }

    fn upload(
        &self,
        from: &Path,
        files: &[String],
        cancel: &AtomicBool,
        sent: &dyn Fn(&str),
    ) -> Result<()> {
        match self.sftp() {
            true => self.sftp.upload(from, files, cancel, sent),
            false => self.rsync.upload(from, files, cancel, sent),
        }
    }

    fn delete(&self, files: &[String], cancel: &AtomicBool) -> Result<()> {
        match self.sftp() {
            true => self.sftp.delete(files, cancel),
            false => self.rsync.delete(files, cancel),
        }
    }
}
