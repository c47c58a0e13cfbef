//! A server over SSH as a target, through `rsync` over the system `ssh`: the transport
//! every host has, with the author's keys, agent and `~/.ssh/config`. rsync compares by
//! checksum (`-c`, never by time or size) and writes each file whole (a temp file renamed
//! over), so a publish cut off leaves each file old or new and the next one finishes it.
//!
//! `QUIRE_SSH_COMMAND` replaces the ssh command (see [`crate::publish::Job::ssh`]).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::AtomicBool;

use crate::listing::Listing;
use crate::tool::{failure, run, Tool};
use crate::{Error, Result};

/// The SSH target `destination` (`[USER@]HOST:PATH`).
pub(crate) struct Rsync {
    pub target: String,
    pub destination: String,
    /// Where to make the empty folders a deletion is sent from.
    pub scratch: PathBuf,
    /// No one can answer a prompt (the window): ssh fails rather than waits.
    pub batch: bool,
    /// The ssh command, if not `ssh` (`QUIRE_SSH_COMMAND`).
    pub ssh: Option<String>,
}

impl Rsync {
    fn command(&self, from: &Path, files: &[u8]) -> (Command, Vec<u8>) {
        let ssh = match &self.ssh {
            Some(cmd) => cmd.clone(),
            None if self.batch => "ssh -o BatchMode=yes".to_string(),
            None => "ssh".to_string(),
        };
        let mut cmd = Tool::Rsync.command();
        cmd.arg("-e")
            .arg(ssh)
            .args(["-r", "--files-from=-", "--from0", "--mkpath"])
            .arg(format!("{}/", from.display()))
            .arg(destination_dir(&self.destination));
        (cmd, files.to_vec())
    }

    /// The files of `local` the server does not hold as they are: missing, or changed by
    /// hand since (by checksum).
    pub fn differing(
        &self,
        from: &Path,
        local: &Listing,
        cancel: &AtomicBool,
    ) -> Result<BTreeSet<String>> {
        let (mut cmd, stdin) = self.command(from, &nul_list(local.keys()));
        cmd.args(["--dry-run", "-c", "--out-format=%i %n"]);
        let mut differing = BTreeSet::new();
        let ran = run(
            Tool::Rsync,
            &self.target,
            cmd,
            Some(&stdin),
            cancel,
            |line| {
                let line = String::from_utf8_lossy(line);
                // `>f+++++++++ a/b.html`: a file to send (`cd…` lines are folders).
                if let Some((change, name)) = line.split_once(' ') {
                    if change.as_bytes().get(1) == Some(&b'f') {
                        differing.insert(name.to_string());
                    }
                }
            },
        )?;
        if !ran.status.success() {
            return Err(failure(&self.target, "comparing with the server", &ran));
        }
        Ok(differing)
    }

    /// Sends `files` from `from`, calling `sent` as each arrives.
    pub fn upload(
        &self,
        from: &Path,
        files: &[String],
        cancel: &AtomicBool,
        sent: &dyn Fn(&str),
    ) -> Result<()> {
        if files.is_empty() {
            return Ok(());
        }
        let (mut cmd, stdin) = self.command(from, &nul_list(files));
        // rsync sorts what it sends, so order is kept by sending each rank on its own:
        // the caller calls this once per rank.
        cmd.args(["-c", "--chmod=D755,F644", "--out-format=%n"]);
        let ran = run(
            Tool::Rsync,
            &self.target,
            cmd,
            Some(&stdin),
            cancel,
            |line| {
                let name = String::from_utf8_lossy(line);
                if !name.ends_with('/') {
                    sent(&name);
                }
            },
        )?;
        if !ran.status.success() {
            return Err(failure(&self.target, "uploading", &ran));
        }
        Ok(())
    }

    /// Deletes `files` on the server: rsync deletes what is named but missing on the
    /// sending side (`--delete-missing-args`), sent from empty folders of the same shape
    /// so nothing else is touched.
    pub fn delete(&self, files: &[String], cancel: &AtomicBool) -> Result<()> {
        if files.is_empty() {
            return Ok(());
        }
        let _ = std::fs::remove_dir_all(&self.scratch);
        for rel in files {
            let parent = self.scratch.join(rel);
            let parent = parent.parent().unwrap_or(&self.scratch);
            std::fs::create_dir_all(parent).map_err(Error::io("create", parent))?;
        }
        let (mut cmd, stdin) = self.command(&self.scratch, &nul_list(files));
        cmd.arg("--delete-missing-args");
        let ran = run(Tool::Rsync, &self.target, cmd, Some(&stdin), cancel, |_| {});
        let _ = std::fs::remove_dir_all(&self.scratch);
        let ran = ran?;
        if !ran.status.success() {
            return Err(failure(&self.target, "deleting", &ran));
        }
        Ok(())
    }
}

/// `HOST:PATH/`: the trailing slash makes rsync copy into the folder, not make one in it.
fn destination_dir(destination: &str) -> String {
    match destination.ends_with('/') {
        true => destination.to_string(),
        false => format!("{destination}/"),
    }
}

fn nul_list<'a>(paths: impl IntoIterator<Item = &'a String>) -> Vec<u8> {
    let mut out = Vec::new();
    for p in paths {
        out.extend_from_slice(p.as_bytes());
        out.push(0);
    }
    out
}
