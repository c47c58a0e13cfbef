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

mod objects;
use objects::blob_id;
pub(crate) use objects::identity;

/// The ref the fetched tip of the branch is kept under in the cache repository.
const REMOTE_TIP: &str = "refs/quire/remote";
/// The ref of the last commit Quire pushed: when the branch is still there, the cached
/// index already matches it and only changed files are hashed again.
const PUBLISHED: &str = "refs/quire/published";

/// Environment variable the credential helper reads the token from.
const TOKEN_ENV: &str = "QUIRE_GIT_TOKEN";
/// And the one host it gives the token for.
const TOKEN_HOST_ENV: &str = "QUIRE_GIT_HOST";

/// A file in the cache repository that says its index holds the export folder exactly as
/// it is (plus the branch's other files): then only the files an export changed need
/// adding, not every file of the site looked at again. Taken away before each export and
/// put back once the index is staged, so an export or a stage cut off means a whole add.
const INDEX_CURRENT: &str = "quire-index-current";

/// Whether the cache repository `repo`'s index held the export as it was before this
/// export, which may change it: the mark is taken away.
pub(crate) fn take_index_mark(repo: &Path) -> bool {
    std::fs::remove_file(repo.join(INDEX_CURRENT)).is_ok()
}

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
    /// `site` holds the export and nothing else (the target's own cache, not a folder
    /// the author named).
    pub only_export: bool,
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
    /// The new tree's paths with their blob ids.
    index: BTreeMap<String, String>,
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
            .args(["-c", "core.quotePath=false", "-c", "gc.auto=0"])
            .args(["-c", "maintenance.auto=false"]);
        if let Some(ssh) = self.ssh {
            cmd.env("GIT_SSH_COMMAND", ssh);
        } else if self.batch && std::env::var_os("GIT_SSH_COMMAND").is_none() {
            cmd.env("GIT_SSH_COMMAND", "ssh -o BatchMode=yes");
        }
        if let Some(token) = &self.token {
            // The helper is in the argument list; the token only in git's environment.
            // It answers for the remote's own host only: a redirect elsewhere gets none.
            let host = crate::address::host(self.url).map_or("", |(_, h)| h);
            cmd.env(TOKEN_ENV, token).env(TOKEN_HOST_ENV, host).args([
                "-c",
                "credential.helper=",
                "-c",
                "credential.helper=!f() { test \"$1\" = get || return 0; h=; while read -r l; do case \"$l\" in host=*) h=\"${l#host=}\";; esac; done; test \"$h\" = \"$QUIRE_GIT_HOST\" && echo username=quire && echo \"password=$QUIRE_GIT_TOKEN\"; }; f",
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

    /// Fetches the branch's tip into the cache; false if the branch does not exist (yet).
    fn fetch(&self) -> Result<bool> {
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
            return Ok(true);
        }
        if ran.stderr.contains("couldn't find remote ref") {
            // The branch is gone or never was: the next commit starts it.
            let _ = self.run(
                "forgetting the branch",
                &["update-ref", "-d", REMOTE_TIP],
                None,
            );
            return Ok(false);
        }
        Err(failure(self.target, "fetching the branch", &ran))
    }

    /// The cache's refs, each with its commit and tree, in one run of git.
    fn refs(&self) -> Result<BTreeMap<String, (String, String)>> {
        let listed = self.run(
            "reading the branch",
            &[
                "for-each-ref",
                "--format=%(refname) %(objectname) %(tree)",
                "refs/quire/",
            ],
            None,
        )?;
        Ok(listed
            .text()
            .lines()
            .filter_map(|l| {
                let mut parts = l.split(' ');
                let name = parts.next()?.to_string();
                Some((name, (parts.next()?.to_string(), parts.next()?.to_string())))
            })
            .collect())
    }

    /// Builds the next commit's tree in the cache's index from the tip and the export,
    /// and lists what it changes. `ours` is what Quire published before; `changed`, when
    /// the index held the export before it was last made ([`take_index_mark`]), the files
    /// that export wrote or removed.
    ///
    /// With `fetch` false, the branch is taken to be where Quire's last push left it,
    /// when that is the last thing known of it: the push's lease finds out otherwise,
    /// and the caller stages again with `fetch`; with nothing to push, it is fetched
    /// after all. A network round trip saved on every publish of an edit.
    ///
    /// A dozen short runs of git: each costs a few milliseconds, which is most of what
    /// publishing one changed post costs.
    pub fn stage(
        &self,
        export: &[String],
        changed: Option<&[String]>,
        ours: &BTreeMap<String, Sent>,
        fetch: bool,
    ) -> Result<Staged> {
        self.init()?;
        let mut refs = self.refs()?;
        let ours_last = refs.contains_key(REMOTE_TIP)
            && refs.get(REMOTE_TIP).map(|r| &r.0) == refs.get(PUBLISHED).map(|r| &r.0);
        let asked = fetch || !ours_last;
        let fetched = if asked {
            let fetched = self.fetch()?;
            refs = self.refs()?;
            fetched
        } else {
            true
        };
        let (tip, before_tree) = match (fetched, refs.get(REMOTE_TIP)) {
            (true, Some((commit, tree))) => (Some(commit.clone()), Some(tree.clone())),
            _ => (None, None),
        };
        let published = refs.get(PUBLISHED).map(|(commit, _)| commit.as_str());
        // The index is kept between publishes: while the branch is still at Quire's last
        // commit, it holds that tree with every file's stat, and adding the export
        // hashes only the files that changed.
        let base = match (&tip, self.replace_history) {
            (_, true) | (None, _) => None,
            (Some(t), false) => Some(t.as_str()),
        };
        let index_kept = base.is_some() && base == published;
        if !index_kept {
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
        let quick = index_kept && self.only_export && changed.is_some();
        if let (true, Some(changed)) = (quick, changed) {
            // The index held the export before this one: only what it changed.
            // `--replace`: a page that became a folder (or the other way) replaces it.
            if !changed.is_empty() {
                let list: Vec<u8> = changed.iter().flat_map(|p| p.bytes().chain([0])).collect();
                self.run(
                    "adding the export",
                    &[
                        "update-index",
                        "--add",
                        "--remove",
                        "--replace",
                        "-z",
                        "--stdin",
                    ],
                    Some(&list),
                )?;
            }
        } else if self.only_export {
            self.add_all()?;
        } else {
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
        }
        let mut index = self.index()?;
        if quick && !export.iter().all(|p| index.contains_key(p)) {
            // The mark said the index held the export, and it does not (its file lost, a
            // Quire that kept no mark): every file is looked at after all.
            tracing::warn!("the publish cache's index missed files of the export; adding them all");
            self.add_all()?;
            index = self.index()?;
        }
        let mut extras = vec![(".nojekyll", String::new())];
        if let Some(domain) = self.domain {
            extras.push(("CNAME", format!("{domain}\n")));
        }
        if self.add_extras(&index, &extras)? {
            index = self.index()?;
        }
        let tree = self.run("writing the tree", &["write-tree"], None)?.text();
        let (uploads, deletes, added) = self.changes(before_tree.as_deref(), &tree)?;
        let files = index.len();
        let before = (files + deletes.len()).saturating_sub(added);
        let changed = before_tree.as_deref() != Some(tree.as_str())
            || self.replace_history && tip.is_some() && !self.is_single_commit(tip.as_deref())?;
        if !changed && !asked {
            // "Nothing changed" is said of the branch as it is, not as it was left: it may
            // have been deleted or moved since. (A change needs no look: the push's lease
            // finds out.)
            return self.stage(export, None, ours, true);
        }
        if self.only_export {
            // Failing costs only the next publish a whole add.
            let _ = std::fs::write(self.repo.join(INDEX_CURRENT), b"");
        }
        Ok(Staged {
            tip,
            tree: changed.then_some(tree),
            uploads,
            deletes,
            files,
            before,
            index,
        })
    }

    /// Adds the whole export folder. Matching thousands of paths one by one took git
    /// longer than the rest of the publish: the folder is the export's alone, so all of
    /// it is the export.
    fn add_all(&self) -> Result<()> {
        self.run(
            "adding the export",
            &["add", "--no-all", "--force", "."],
            None,
        )?;
        Ok(())
    }

    /// The index: each path with its blob id.
    fn index(&self) -> Result<BTreeMap<String, String>> {
        let listed = self.run("listing the index", &["ls-files", "-s", "-z"], None)?;
        let mut out = BTreeMap::new();
        for entry in listed.stdout.split(|b| *b == 0).filter(|e| !e.is_empty()) {
            // `<mode> <blob> <stage>\t<path>`
            let entry = String::from_utf8_lossy(entry);
            if let Some((meta, path)) = entry.split_once('\t') {
                let blob = meta.split(' ').nth(1).unwrap_or_default().to_string();
                out.insert(path.to_string(), blob);
            }
        }
        Ok(out)
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

    /// Puts `.nojekyll` and `CNAME` in the index unless they are there as they should
    /// be (nearly always, after the first publish); true if it changed the index.
    fn add_extras(
        &self,
        index: &BTreeMap<String, String>,
        extras: &[(&str, String)],
    ) -> Result<bool> {
        let mut changed = false;
        for (path, text) in extras {
            let blob = blob_id(text.as_bytes());
            if index.get(*path) == Some(&blob) {
                continue;
            }
            self.run(
                "writing a file",
                &["hash-object", "-w", "--stdin"],
                Some(text.as_bytes()),
            )?;
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
            changed = true;
        }
        Ok(changed)
    }

    /// Paths added or changed, and deleted, from `before` (`None`: nothing) to `tree`,
    /// and how many were added.
    fn changes(
        &self,
        before: Option<&str>,
        tree: &str,
    ) -> Result<(Vec<String>, Vec<String>, usize)> {
        let (mut uploads, mut deletes, mut added) = (Vec::new(), Vec::new(), 0);
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
                added += 1;
                continue;
            }
            let Some(path) = fields.next() else { break };
            let path = String::from_utf8_lossy(path).into_owned();
            match field {
                b"D" => deletes.push(path),
                b"A" => {
                    added += 1;
                    uploads.push(path)
                }
                _ => uploads.push(path),
            }
        }
        Ok((uploads, deletes, added))
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
        // The branch is where this push left it, as far as Quire knows: the next publish
        // builds on it without asking the remote first.
        let refs = format!("update {PUBLISHED} {commit}\nupdate {REMOTE_TIP} {commit}\n");
        self.run(
            "remembering the publish",
            &["update-ref", "--stdin"],
            Some(refs.as_bytes()),
        )?;
        Ok(Some(commit))
    }

    /// What Quire now has on the branch: the export's files with their blob ids.
    pub fn manifest(&self, staged: &Staged, export: &[String]) -> Listing {
        export
            .iter()
            .filter_map(|path| {
                let blob = staged.index.get(path)?;
                let size = std::fs::metadata(self.site.join(path)).map_or(0, |m| m.len());
                Some((
                    path.clone(),
                    Sent {
                        hash: blob.clone(),
                        size,
                    },
                ))
            })
            .collect()
    }
}
