//! A server over SSH as a target, through `rsync` over the system `ssh`: the transport
//! every host has, with the author's keys, agent and `~/.ssh/config`. rsync compares by
//! checksum (`-c`, never by time or size) and writes each file whole (a temp file renamed
//! over), so a publish cut off leaves each file old or new and the next one finishes it.
//!
//! `QUIRE_SSH_COMMAND` replaces the ssh command (see [`crate::publish::Job::ssh`]). A
//! server with no rsync is sent to over SFTP instead (`ssh.rs`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::AtomicBool;

use crate::listing::Listing;
use crate::mirror::Mirror;
use crate::plan;
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
    fn command(&self, from: &Path) -> Command {
        let ssh = ssh_command(self.ssh.as_deref(), self.batch);
        let mut cmd = Tool::Rsync.command();
        cmd.arg("-e")
            .arg(ssh)
            // `-8`: names it prints as they are, not `\#346`-escaped, so a Japanese
            // page's name reads back as the site's.
            .args(["-r", "-8", "--files-from=-", "--from0", "--mkpath"])
            .arg(format!("{}/", from.display()))
            .arg(destination_dir(&self.destination));
        cmd
    }

    /// Runs rsync on `files` with `args`, each line it prints given to `line`; `what` names
    /// the step in an error.
    fn rsync(
        &self,
        what: &str,
        from: &Path,
        files: &[u8],
        args: &[&str],
        cancel: &AtomicBool,
        line: impl FnMut(&[u8]),
    ) -> Result<()> {
        let mut cmd = self.command(from);
        cmd.args(args);
        let ran = run(Tool::Rsync, &self.target, cmd, Some(files), cancel, line)?;
        match ran.status.success() {
            true => Ok(()),
            false if no_rsync_on_server(&ran.stderr) => Err(Error::NoRsyncOnServer {
                target: self.target.clone(),
                cause: ran.stderr.lines().next().unwrap_or_default().to_string(),
            }),
            false => Err(failure(&self.target, what, &ran)),
        }
    }
}

impl Mirror for Rsync {
    /// By checksum on the server (`-c`), in a dry run.
    fn differing(
        &self,
        from: &Path,
        local: &Listing,
        _sent: &Listing,
        cancel: &AtomicBool,
    ) -> Result<BTreeSet<String>> {
        let mut differing = BTreeSet::new();
        let args = ["--dry-run", "-c", "--out-format=%i %n"];
        self.rsync(
            "comparing with the server",
            from,
            &nul_list(local.keys()),
            &args,
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
        Ok(differing)
    }

    fn upload(
        &self,
        from: &Path,
        files: &[String],
        cancel: &AtomicBool,
        sent: &dyn Fn(&str),
    ) -> Result<()> {
        // rsync sorts what it is given: one run per rank of the order keeps it.
        for rank in files.chunk_by(|a, b| plan::rank(a) == plan::rank(b)) {
            let args = ["-c", "--chmod=D755,F644", "--out-format=%n"];
            self.rsync("uploading", from, &nul_list(rank), &args, cancel, |line| {
                let name = String::from_utf8_lossy(line);
                if !name.ends_with('/') {
                    sent(&name);
                }
            })?;
        }
        Ok(())
    }

    /// rsync deletes what is named but missing on the sending side
    /// (`--delete-missing-args`), sent from empty folders of the same shape so nothing
    /// else is touched.
    fn delete(&self, files: &[String], cancel: &AtomicBool) -> Result<()> {
        if files.is_empty() {
            return Ok(());
        }
        let _ = std::fs::remove_dir_all(&self.scratch);
        for rel in files {
            let parent = self.scratch.join(rel);
            let parent = parent.parent().unwrap_or(&self.scratch);
            std::fs::create_dir_all(parent).map_err(Error::io("create", parent))?;
        }
        let args = ["--delete-missing-args"];
        let deleted = self.rsync(
            "deleting",
            &self.scratch,
            &nul_list(files),
            &args,
            cancel,
            |_| {},
        );
        let _ = std::fs::remove_dir_all(&self.scratch);
        deleted
    }
}

/// Whether rsync failed because the server has none: not installed there ("command not
/// found"), or a host that lets in SFTP only, whose answer is no rsync's ("protocol
/// version mismatch").
fn no_rsync_on_server(stderr: &str) -> bool {
    [
        "command not found",
        "rsync: not found",
        "protocol version mismatch",
    ]
    .iter()
    .any(|said| stderr.contains(said))
}

/// `HOST:PATH/`: the trailing slash makes rsync copy into the folder, not make one in it.
fn destination_dir(destination: &str) -> String {
    match destination.ends_with('/') {
        true => destination.to_string(),
        false => format!("{destination}/"),
    }
}

/// The ssh command line: `QUIRE_SSH_COMMAND` if given, else `ssh`, failing rather than
/// prompting where no one can answer.
pub(crate) fn ssh_command(given: Option<&str>, batch: bool) -> String {
    match given {
        Some(cmd) => cmd.to_string(),
        None if batch => "ssh -o BatchMode=yes".to_string(),
        None => "ssh".to_string(),
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
