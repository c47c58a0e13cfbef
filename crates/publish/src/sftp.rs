//! A server over SSH that has no rsync (shared hosts often let in SFTP only), through the
//! system `sftp` in batch mode: the same ssh, keys, agent and `~/.ssh/config` as rsync.
//!
//! SFTP cannot checksum a file on the server, so what to send is decided from what Quire
//! sent last time (by content hash, as the library recorded it) and from the server's
//! listing: a file missing there, or of another size than the export's, was deleted or
//! changed by hand and is sent again. Each file is written beside its place and renamed
//! over it (OpenSSH's `posix-rename`), so a publish cut off leaves each page old or new.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::AtomicBool;

use crate::listing::Listing;
use crate::mirror::Mirror;
use crate::rsync::ssh_command;
use crate::tool::{failure, run, Tool};
use crate::{Error, Result};

/// The SSH target `destination` (`[USER@]HOST:PATH`), over SFTP.
pub(crate) struct Sftp {
    pub target: String,
    pub destination: String,
    /// No one can answer a prompt (the window): ssh fails rather than waits.
    pub batch: bool,
    /// The ssh command, if not `ssh` (`QUIRE_SSH_COMMAND`).
    pub ssh: Option<String>,
    /// Where to keep the small script that runs that command for sftp, whose `-S` takes
    /// a program, not a command line.
    pub scratch: PathBuf,
}

impl Sftp {
    /// The host (`[USER@]HOST`) and the site's folder on it, without a trailing slash.
    fn split(&self) -> (&str, String) {
        let (host, path) = self
            .destination
            .split_once(':')
            .unwrap_or((&self.destination, ""));
        // sftp starts in the home folder and expands no `~`, which rsync's shell does.
        let path = path
            .strip_prefix("~/")
            .or_else(|| (path == "~").then_some(""))
            .unwrap_or(path);
        let path = match path.trim_end_matches('/') {
            "" if path.starts_with('/') => "/".to_string(),
            "" => ".".to_string(),
            p => p.to_string(),
        };
        (host, path)
    }

    fn command(&self) -> Result<Command> {
        let mut cmd = Tool::Sftp.command();
        // Names as they are: in the C locale sftp lists a Japanese page's name in octal
        // escapes, which no name of the site matches.
        cmd.env("LC_ALL", "C.UTF-8").args(["-b", "-"]);
        match &self.ssh {
            Some(given) => {
                std::fs::create_dir_all(&self.scratch)
                    .map_err(Error::io("create", &self.scratch))?;
                let script = self.scratch.join("ssh");
                let text = format!(
                    "#!/bin/sh\nexec {} \"$@\"\n",
                    ssh_command(Some(given), self.batch)
                );
                write_script(&script, &text)?;
                cmd.arg("-S").arg(script);
            }
            None if self.batch => {
                cmd.args(["-o", "BatchMode=yes"]);
            }
            None => {}
        }
        cmd.arg(self.split().0);
        Ok(cmd)
    }

    /// Runs the batch `script`, calling `line` with each line sftp prints (it echoes each
    /// command as `sftp> …` before running it). A command without a leading `-` that
    /// fails stops the batch, and the run fails.
    fn batch(
        &self,
        what: &str,
        script: &str,
        cancel: &AtomicBool,
        line: impl FnMut(&[u8]),
    ) -> Result<()> {
        let ran = run(
            Tool::Sftp,
            &self.target,
            self.command()?,
            Some(script.as_bytes()),
            cancel,
            line,
        )?;
        match ran.status.success() {
            true => Ok(()),
            false => Err(failure(&self.target, what, &ran)),
        }
    }
}

impl Mirror for Sftp {
    /// From the server's listing (one `ls` per folder of the site) and what was sent
    /// last time: SFTP has no checksum.
    fn differing(
        &self,
        _from: &Path,
        local: &Listing,
        sent: &Listing,
        cancel: &AtomicBool,
    ) -> Result<BTreeSet<String>> {
        let sizes = self.listing(local.keys(), cancel)?;
        Ok(local
            .iter()
            .filter(|(rel, want)| {
                sizes.get(*rel) != Some(&want.size)
                    || sent.get(*rel).is_none_or(|had| had.hash != want.hash)
            })
            .map(|(rel, _)| rel.clone())
            .collect())
    }

    fn upload(
        &self,
        from: &Path,
        files: &[String],
        cancel: &AtomicBool,
        sent: &dyn Fn(&str),
    ) -> Result<()> {
        if files.is_empty() {
            return Ok(());
        }
        let (_, base) = self.split();
        let mut script = String::new();
        // The site's folder and each folder a file goes in, parents first; `-`: one that
        // is there already is no error.
        let mut folders: BTreeSet<String> = ancestors(&base).into_iter().collect();
        for rel in files {
            let mut at = parent(rel);
            while at != "." {
                folders.insert(join(&base, at));
                at = parent(at);
            }
        }
        let mut folders: Vec<String> = folders.into_iter().collect();
        folders.sort_by_key(|f| f.matches('/').count());
        for folder in &folders {
            let folder = quoted(&self.target, folder)?;
            let _ = writeln!(script, "-mkdir {folder}");
            // The web server reads what the author's umask may have kept private.
            let _ = writeln!(script, "-chmod 755 {folder}");
        }
        for rel in files {
            let local = from.join(rel);
            let local = local
                .to_str()
                .ok_or_else(|| unsendable(&self.target, rel))?;
            let place = join(&base, rel);
            let part = join(&base, &format!("{}/.{}.quire-part", parent(rel), name(rel)));
            let _ = writeln!(
                script,
                "put {} {}",
                quoted(&self.target, local)?,
                quoted(&self.target, &part)?
            );
            let part = quoted(&self.target, &part)?;
            let _ = writeln!(script, "chmod 644 {part}");
            let _ = writeln!(script, "rename {part} {}", quoted(&self.target, &place)?);
        }
        let mut arrived = files.iter();
        self.batch("uploading", &script, cancel, |line| {
            if line.starts_with(b"sftp> rename ") {
                if let Some(rel) = arrived.next() {
                    sent(rel);
                }
            }
        })
    }

    fn delete(&self, files: &[String], cancel: &AtomicBool) -> Result<()> {
        if files.is_empty() {
            return Ok(());
        }
        // Only what is there is deleted, and a delete that fails fails the publish (a
        // page left online would be forgotten): `-rm` would pass over any error.
        let there = self.listing(files.iter(), cancel)?;
        let (_, base) = self.split();
        let mut script = String::new();
        for rel in files.iter().filter(|rel| there.contains_key(*rel)) {
            let _ = writeln!(script, "rm {}", quoted(&self.target, &join(&base, rel))?);
        }
        if script.is_empty() {
            return Ok(());
        }
        self.batch("deleting", &script, cancel, |_| {})
    }
}

impl Sftp {
    /// The files the server has in the folders of `files`, with their sizes, by path
    /// in the site: one `ls` per folder (with `-a`: dotfiles are files too).
    fn listing<'a>(
        &self,
        files: impl Iterator<Item = &'a String>,
        cancel: &AtomicBool,
    ) -> Result<BTreeMap<String, u64>> {
        let (_, base) = self.split();
        let folders: BTreeSet<&str> = files.map(|rel| parent(rel)).collect();
        let mut script = String::new();
        for folder in &folders {
            let _ = writeln!(
                script,
                "-ls -lna {}",
                quoted(&self.target, &join(&base, folder))?
            );
        }
        let prefix = match base.as_str() {
            "/" => "/".to_string(),
            b => format!("{b}/"),
        };
        let mut sizes = BTreeMap::new();
        self.batch("listing the server's files", &script, cancel, |line| {
            if let Some((size, name)) = listed(&String::from_utf8_lossy(line)) {
                if let Some(rel) = name.strip_prefix(&prefix) {
                    sizes.insert(rel.to_string(), size);
                }
            }
        })?;
        Ok(sizes)
    }
}

/// The size and name of a line of `ls -ln`:
/// `-rw-r--r--    ? 1000  1000   2048 Dec  8 01:36 site/post/index.html`. Folders and
/// other lines (sftp's echo of each command) are not files: `None`.
fn listed(line: &str) -> Option<(u64, &str)> {
    if !line.starts_with('-') {
        return None;
    }
    let mut rest = line;
    let mut fields = Vec::with_capacity(8);
    for _ in 0..8 {
        rest = rest.trim_start_matches(' ');
        let end = rest.find(' ')?;
        fields.push(&rest[..end]);
        rest = &rest[end..];
    }
    let name = rest.strip_prefix(' ')?;
    Some((fields[4].parse().ok()?, name))
}

/// `rel`'s folder in the site, `.` for the top.
fn parent(rel: &str) -> &str {
    rel.rsplit_once('/').map_or(".", |(dir, _)| dir)
}

fn name(rel: &str) -> &str {
    rel.rsplit_once('/').map_or(rel, |(_, n)| n)
}

fn join(base: &str, rel: &str) -> String {
    match (base, rel) {
        (b, ".") => b.to_string(),
        ("/", r) => format!("/{r}"),
        (b, r) => format!("{b}/{}", r.trim_start_matches("./")),
    }
}

/// The folders from the top of `path` down to it, for `mkdir` one at a time.
fn ancestors(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut at = String::new();
    for (i, part) in path.split('/').enumerate() {
        if part.is_empty() && i == 0 {
            at.push('/');
            continue;
        }
        if part.is_empty() || part == "." {
            continue;
        }
        if !at.is_empty() && !at.ends_with('/') {
            at.push('/');
        }
        at.push_str(part);
        out.push(at.clone());
    }
    out
}

/// A path as an argument of a command: in double quotes, where sftp expands no wildcard
/// (`put`, `ls` and `rm` expand them in bare words) and reads no escape but `\"`, so a
/// name with a quote, a backslash or a line break cannot be named: refused.
fn quoted(target: &str, path: &str) -> Result<String> {
    if path.contains(['"', '\\', '\n', '\r']) {
        return Err(Error::BadTarget {
            name: target.to_string(),
            reason: format!("the file name {path:?} cannot be sent over SFTP (it holds a quote, backslash or line break): rename it"),
        });
    }
    // sftp reads its batch a line of 2,048 bytes at a time: a longer line would be cut,
    // and its rest read as a command of its own.
    if path.len() > MAX_PATH {
        return Err(Error::BadTarget {
            name: target.to_string(),
            reason: format!(
                "the path {path:?} is too long to send over SFTP ({} bytes; at most {MAX_PATH})",
                path.len()
            ),
        });
    }
    Ok(format!("\"{path}\""))
}

/// The longest path a batch line may name: two of them and a command stay under sftp's
/// line of 2,048 bytes.
const MAX_PATH: usize = 960;

fn unsendable(target: &str, rel: &str) -> Error {
    Error::BadTarget {
        name: target.to_string(),
        reason: format!("the file name {rel:?} is not UTF-8 and cannot be sent over SFTP"),
    }
}

/// Writes the ssh wrapper, readable and runnable by its owner only.
fn write_script(path: &Path, text: &str) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, text).map_err(Error::io("write", path))?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700))
        .map_err(Error::io("write", path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listing_line_gives_size_and_name_with_its_spaces() {
        assert_eq!(
            listed("-rw-r--r--    ? 0        0            2048 Dec  8 01:36 www/a b/my  file.html"),
            Some((2048, "www/a b/my  file.html"))
        );
        assert_eq!(
            listed("drwxr-xr-x    ? 0        0            4096 Dec  8 01:36 www/x"),
            None
        );
        assert_eq!(listed("sftp> -ls -ln \"www\""), None);
        assert_eq!(
            listed("-rw-r--r--    ? 0        0            7 Jan  3  2024 /srv/www/index.html"),
            Some((7, "/srv/www/index.html"))
        );
    }

    #[test]
    fn folders_are_made_from_the_top_down() {
        assert_eq!(ancestors("/srv/www"), ["/srv", "/srv/www"]);
        assert_eq!(ancestors("sites/blog"), ["sites", "sites/blog"]);
        assert_eq!(ancestors("."), Vec::<String>::new());
        assert_eq!(join("/", "a/b"), "/a/b");
        assert_eq!(join("www", "."), "www");
        assert_eq!(parent("a/b/c.html"), "a/b");
        assert_eq!(parent("c.html"), ".");
    }

    #[test]
    fn names_are_quoted_where_wildcards_name_themselves() {
        assert_eq!(quoted("t", "a b/c.html").unwrap(), "\"a b/c.html\"");
        assert_eq!(quoted("t", "img/[1]*?.png").unwrap(), "\"img/[1]*?.png\"");
        assert!(quoted("t", "say \"hi\".html").is_err());
        assert!(quoted("t", "back\\slash").is_err());
        assert!(quoted("t", &"a/".repeat(500)).is_err());
    }

    #[test]
    fn a_home_folder_is_where_sftp_starts() {
        let sftp = |d: &str| Sftp {
            target: "t".into(),
            destination: d.into(),
            batch: true,
            ssh: None,
            scratch: PathBuf::new(),
        };
        assert_eq!(sftp("me@host:~/www").split().1, "www");
        assert_eq!(sftp("me@host:~").split().1, ".");
        assert_eq!(sftp("me@host:/srv/www/").split().1, "/srv/www");
        assert_eq!(sftp("host:").split().1, ".");
    }
}
