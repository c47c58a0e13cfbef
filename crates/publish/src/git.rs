//! A branch of a git repository as a target (GitHub, GitLab and Codeberg Pages; Netlify
//! and Cloudflare Pages builds; any server), through the system `git`, so `~/.ssh/config`,
//! ssh-agent, known hosts and credential helpers work as in a terminal.
//!
//! The work happens in a private bare repository in the target's cache, never a `.git`
//! in the export or the content folder. Each publish is one commit on the branch's tip:
//! its tree is the tip's, minus the files Quire published before and the site no longer
//! has, plus the export (and `.nojekyll`, and `CNAME` from the target's `domain`). Files
//! someone else put on the branch stay. Nothing changed → no commit. The push carries
//! `--force-with-lease` on the tip the commit was built on: a branch that moved meanwhile
//! is fetched and built on again, never overwritten.
//!
//! A token reaches git through a credential helper that reads it from git's environment:
//! never in a URL, an argument list or the log.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::AtomicBool;

use quire_core::library::Sent;

use crate::listing::Listing;
use crate::tool::{failure, run, Ran, Tool};
use crate::{Error, Result};

/// The ref the fetched tip of the branch is kept under in the cache repository.
const REMOTE_TIP: &str = "refs/quire/remote";
/// The ref of the last commit Quire pushed: when the branch is still there, the cached
/// index already matches it and only changed files are hashed again.
const PUBLISHED: &str = "refs/quire/published";

/// Environment variable the credential helper reads the token from.
const TOKEN_ENV: &str = "QUIRE_GIT_TOKEN";

/// The git target.
pub(crate) struct Git<'a> {
    pub target: &'a str,
    pub url: &'a str,
    pub branch: &'a str,
    pub domain: Option<&'a str>,
    pub replace_history: bool,
    /// The cache repository (bare).
    pub repo: PathBuf,
    /// The export: the work tree files are added from.
    pub site: &'a Path,
    pub token: Option<String>,
    /// No one can answer a prompt (the window): ssh fails rather than waits.
    pub batch: bool,
    /// The ssh command, if not git's own choice (`QUIRE_SSH_COMMAND`).
    pub ssh: Option<&'a str>,
    pub cancel: &'a AtomicBool,
}

/// A commit ready to push, and what it changes.
pub(crate) struct Staged {
    /// The tip it was built on (`None`: the branch is new).
    tip: Option<String>,
    /// The tree of the commit (`None`: the same as the tip's; nothing to publish).
    tree: Option<String>,
    pub uploads: Vec<String>,
    pub deletes: Vec<String>,
    /// Files of the new tree.
    pub files: usize,
    /// Files of the tip's tree.
    pub before: usize,
}

impl Git<'_> {
    fn git(&self) -> Command {
        let mut cmd = Tool::Git.command();
        cmd.env("GIT_DIR", &self.repo)
            .env("GIT_LITERAL_PATHSPECS", "1")
            .env("GIT_WORK_TREE", self.site)
            .env("GIT_INDEX_FILE", self.repo.join("quire-index"))
            // The author's global config stays (credential helpers, ssh commands, proxies)
            // but nothing of it may rewrite what is published.
            .args(["-c", "core.autocrlf=false", "-c", "core.safecrlf=false"])
            .args(["-c", "core.quotePath=false", "-c", "gc.auto=0"]);
        if let Some(ssh) = self.ssh {
            cmd.env("GIT_SSH_COMMAND", ssh);
        } else if self.batch && std::env::var_os("GIT_SSH_COMMAND").is_none() {
            cmd.env("GIT_SSH_COMMAND", "ssh -o BatchMode=yes");
        }
        if let Some(token) = &self.token {
            // The helper is in the argument list; the token only in git's environment.
            cmd.env(TOKEN_ENV, token).args([
                "-c",
                "credential.helper=",
                "-c",
                "credential.helper=!f() { test \"$1\" = get && echo username=quire && echo \"password=$QUIRE_GIT_TOKEN\"; }; f",
            ]);
        }
        cmd
    }

    fn run(&self, what: &str, args: &[&str], stdin: Option<&[u8]>) -> Result<Ran> {
        let mut cmd = self.git();
        cmd.args(args);
        let ran = run(Tool::Git, self.target, cmd, stdin, self.cancel, |_| {})?;
        if !ran.status.success() {
            return Err(failure(self.target, what, &ran));
        }
        Ok(ran)
    }

    /// Makes the cache repository on first use.
    fn init(&self) -> Result<()> {
        if self.repo.join("HEAD").exists() {
            return Ok(());
        }
        std::fs::create_dir_all(&self.repo).map_err(Error::io("create", &self.repo))?;
        let mut cmd = Tool::Git.command();
        cmd.args(["init", "--quiet", "--bare"]).arg(&self.repo);
        let ran = run(Tool::Git, self.target, cmd, None, self.cancel, |_| {})?;
        if !ran.status.success() {
            return Err(failure(self.target, "making the publish cache", &ran));
        }
        Ok(())
    }

    /// The branch's tip on the remote, fetched into the cache (`None`: no such branch yet).
    fn fetch(&self) -> Result<Option<String>> {
        let refspec = format!("+refs/heads/{}:{REMOTE_TIP}", self.branch);
        let mut cmd = self.git();
        cmd.args([
            "fetch",
            "--quiet",
            "--no-tags",
            "--no-write-fetch-head",
            "--",
        ])
        .args([self.url, &refspec]);
        let ran = run(Tool::Git, self.target, cmd, None, self.cancel, |_| {})?;
        if ran.status.success() {
            let tip = self.run(
                "reading the fetched branch",
                &["rev-parse", REMOTE_TIP],
                None,
            )?;
            return Ok(Some(tip.text()));
        }
        if ran.stderr.contains("couldn't find remote ref") {
            // The branch is gone or never was: the next commit starts it.
            let _ = self.run(
                "forgetting the branch",
                &["update-ref", "-d", REMOTE_TIP],
                None,
            );
            return Ok(None);
        }
        Err(failure(self.target, "fetching the branch", &ran))
    }

    /// Builds the next commit's tree in the cache's index from the tip and the export,
    /// and lists what it changes. `ours` is what Quire published before.
    pub fn stage(&self, export: &[String], ours: &BTreeMap<String, Sent>) -> Result<Staged> {
        self.init()?;
        let tip = self.fetch()?;
        let published = self
            .run(
                "reading the last publish",
                &["rev-parse", "--verify", "--quiet", PUBLISHED],
                None,
            )
            .ok()
            .map(|r| r.text());
        // The index is kept between publishes: while the branch is still at Quire's last
        // commit, it holds that tree with every file's stat, and adding the export
        // hashes only the files that changed.
        let base = match (&tip, self.replace_history) {
            (_, true) | (None, _) => None,
            (Some(t), false) => Some(t.as_str()),
        };
        if base.is_none() || base != published.as_deref() {
            match base {
                Some(tip) => self.run("reading the branch", &["read-tree", tip], None)?,
                None => self.run("starting a tree", &["read-tree", "--empty"], None)?,
            };
        }
        let exported: std::collections::BTreeSet<&str> =
            export.iter().map(String::as_str).collect();
        let gone: Vec<u8> = ours
            .keys()
            .filter(|p| !exported.contains(p.as_str()))
            .flat_map(|p| p.bytes().chain([0]))
            .collect();
        if !gone.is_empty() {
            self.run(
                "removing unpublished pages",
                &["update-index", "--force-remove", "-z", "--stdin"],
                Some(&gone),
            )?;
        }
        let list: Vec<u8> = export.iter().flat_map(|p| p.bytes().chain([0])).collect();
        self.run(
            "adding the export",
            &[
                "add",
                "--no-all",
                "--force",
                "--pathspec-from-file=-",
                "--pathspec-file-nul",
            ],
            Some(&list),
        )?;
        self.add_blob(".nojekyll", b"")?;
        if let Some(domain) = self.domain {
            self.add_blob("CNAME", format!("{domain}\n").as_bytes())?;
        }
        let tree = self.run("writing the tree", &["write-tree"], None)?.text();
        let before_tree = match &tip {
            Some(t) => Some(
                self.run(
                    "reading the branch",
                    &["rev-parse", &format!("{t}^{{tree}}")],
                    None,
                )?
                .text(),
            ),
            None => None,
        };
        let (uploads, deletes) = self.changes(before_tree.as_deref(), &tree)?;
        let files = self.count(&tree)?;
        let before = match &before_tree {
            Some(t) => self.count(t)?,
            None => 0,
        };
        let changed = before_tree.as_deref() != Some(tree.as_str())
            || self.replace_history && tip.is_some() && !self.is_single_commit(tip.as_deref())?;
        Ok(Staged {
            tip,
            tree: changed.then_some(tree),
            uploads,
            deletes,
            files,
            before,
        })
    }

    fn is_single_commit(&self, tip: Option<&str>) -> Result<bool> {
        let Some(tip) = tip else { return Ok(false) };
        let parents = self
            .run(
                "reading the branch",
                &["rev-list", "--parents", "-n", "1", tip],
                None,
            )?
            .text();
        Ok(parents.split_whitespace().count() == 1)
    }

    fn add_blob(&self, path: &str, bytes: &[u8]) -> Result<()> {
        let blob = self
            .run(
                "writing a file",
                &["hash-object", "-w", "--stdin"],
                Some(bytes),
            )?
            .text();
        self.run(
            "adding a file",
            &[
                "update-index",
                "--add",
                "--cacheinfo",
                &format!("100644,{blob},{path}"),
            ],
            None,
        )?;
        Ok(())
    }

    /// Paths added or changed, and deleted, from `before` (`None`: nothing) to `tree`.
    fn changes(&self, before: Option<&str>, tree: &str) -> Result<(Vec<String>, Vec<String>)> {
        let (mut uploads, mut deletes) = (Vec::new(), Vec::new());
        let listed = match before {
            Some(before) => self.run(
                "comparing with the branch",
                &[
                    "diff-tree",
                    "-r",
                    "-z",
                    "--no-renames",
                    "--name-status",
                    before,
                    tree,
                ],
                None,
            )?,
            None => self.run(
                "listing the site",
                &["ls-tree", "-r", "-z", "--name-only", tree],
                None,
            )?,
        };
        let mut fields = listed.stdout.split(|b| *b == 0).filter(|f| !f.is_empty());
        while let Some(field) = fields.next() {
            if before.is_none() {
                uploads.push(String::from_utf8_lossy(field).into_owned());
                continue;
            }
            let Some(path) = fields.next() else { break };
            let path = String::from_utf8_lossy(path).into_owned();
            match field {
                b"D" => deletes.push(path),
                _ => uploads.push(path),
            }
        }
        Ok((uploads, deletes))
    }

    fn count(&self, tree: &str) -> Result<usize> {
        let listed = self.run(
            "listing the site",
            &["ls-tree", "-r", "-z", "--name-only", tree],
            None,
        )?;
        Ok(listed
            .stdout
            .split(|b| *b == 0)
            .filter(|f| !f.is_empty())
            .count())
    }

    /// Commits and pushes what [`Git::stage`] made; returns the commit (`None`: nothing
    /// to publish). A push refused because the branch moved is [`Error::BranchMoved`]
    /// for the caller to stage again on the new tip.
    pub fn push(
        &self,
        staged: &Staged,
        message: &str,
        identity: &[(&str, String)],
    ) -> Result<Option<String>> {
        let Some(tree) = &staged.tree else {
            return Ok(None);
        };
        let mut args = vec!["commit-tree", tree.as_str(), "-m", message];
        let parent;
        if let (Some(tip), false) = (&staged.tip, self.replace_history) {
            parent = tip.clone();
            args.extend(["-p", parent.as_str()]);
        }
        let mut cmd = self.git();
        cmd.args(&args);
        for (k, v) in identity {
            cmd.env(k, v);
        }
        let ran = run(Tool::Git, self.target, cmd, None, self.cancel, |_| {})?;
        if !ran.status.success() {
            return Err(failure(self.target, "making the commit", &ran));
        }
        let commit = ran.text();
        let lease = format!(
            "--force-with-lease=refs/heads/{}:{}",
            self.branch,
            staged.tip.as_deref().unwrap_or("")
        );
        let refspec = format!("{commit}:refs/heads/{}", self.branch);
        let mut cmd = self.git();
        cmd.args([
            "push",
            "--quiet",
            "--porcelain",
            &lease,
            "--",
            self.url,
            &refspec,
        ]);
        let ran = run(Tool::Git, self.target, cmd, None, self.cancel, |_| {})?;
        if !ran.status.success() {
            let said = format!("{}\n{}", String::from_utf8_lossy(&ran.stdout), ran.stderr);
            if said.contains("stale info")
                || said.contains("fetch first")
                || said.contains("non-fast-forward")
            {
                return Err(Error::BranchMoved {
                    target: self.target.to_string(),
                    branch: self.branch.to_string(),
                });
            }
            return Err(failure(self.target, "pushing", &ran));
        }
        self.run(
            "remembering the publish",
            &["update-ref", PUBLISHED, &commit],
            None,
        )?;
        Ok(Some(commit))
    }

    /// What Quire now has on the branch: the export's files with their blob ids.
    pub fn manifest(&self, export: &[String]) -> Result<Listing> {
        let listed = self.run("listing the index", &["ls-files", "-s", "-z"], None)?;
        let exported: std::collections::BTreeSet<&str> =
            export.iter().map(String::as_str).collect();
        let mut out = Listing::new();
        for entry in listed.stdout.split(|b| *b == 0).filter(|e| !e.is_empty()) {
            // `<mode> <blob> <stage>\t<path>`
            let entry = String::from_utf8_lossy(entry);
            let Some((meta, path)) = entry.split_once('\t') else {
                continue;
            };
            if !exported.contains(path) {
                continue;
            }
            let blob = meta.split(' ').nth(1).unwrap_or_default().to_string();
            let size = std::fs::metadata(self.site.join(path))
                .map(|m| m.len())
                .unwrap_or(0);
            out.insert(path.to_string(), Sent { hash: blob, size });
        }
        Ok(out)
    }
}

/// The author's git identity for the commit, or Quire's where git has none (a new
/// machine): a publish must not fail on "Please tell me who you are".
pub(crate) fn identity(
    author: &str,
    cancel: &AtomicBool,
    target: &str,
) -> Vec<(&'static str, String)> {
    let mut cmd = Tool::Git.command();
    cmd.args(["var", "GIT_AUTHOR_IDENT"]);
    let known = run(Tool::Git, target, cmd, None, cancel, |_| {}).is_ok_and(|r| r.status.success());
    if known {
        return Vec::new();
    }
    let name = if author.trim().is_empty() {
        "Quire"
    } else {
        author.trim()
    };
    vec![
        ("GIT_AUTHOR_NAME", name.to_string()),
        ("GIT_AUTHOR_EMAIL", "quire@localhost".to_string()),
        ("GIT_COMMITTER_NAME", name.to_string()),
        ("GIT_COMMITTER_EMAIL", "quire@localhost".to_string()),
    ]
}
