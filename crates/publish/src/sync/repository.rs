//! The repository a content folder is in, and the git runs a sync is made of.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::AtomicBool;

use super::message;
use super::status::RepoStatus;
use super::{Committed, Upstream};
use crate::tool::{failure, run, Ran, Tool};
use crate::{Error, Result};

/// The git working tree a content folder is in. The repository may be the whole site
/// (a Hugo site with the content folder a subfolder of it): a sync commits only what is
/// under the content folder.
#[derive(Debug, Clone)]
pub struct Repository {
    /// The working tree's top folder.
    top: PathBuf,
    /// The git directory (a worktree's own, where a rebase in progress is recorded).
    git_dir: PathBuf,
    /// The content folder from `top`, `/`-separated with a trailing `/`; empty when the
    /// content folder is the top.
    prefix: String,
    /// No one can answer a prompt (the window): ssh fails rather than waits.
    batch: bool,
}

impl Repository {
    /// The repository `content` is in, or `None` when it is in none (or `git` is not
    /// installed: then there is nothing Quire can do with one).
    pub fn find(content: &Path, batch: bool) -> Result<Option<Repository>> {
        let mut cmd = Tool::Git.command();
        cmd.arg("-C").arg(content).args([
            "rev-parse",
            "--show-toplevel",
            "--absolute-git-dir",
            "--show-prefix",
        ]);
        let cancel = AtomicBool::new(false);
        let ran = match run(
            Tool::Git,
            &content.display().to_string(),
            cmd,
            None,
            &cancel,
            |_| {},
        ) {
            Ok(ran) => ran,
            Err(Error::MissingTool { .. }) => return Ok(None),
            Err(e) => return Err(e),
        };
        if !ran.status.success() {
            // Not a repository, or inside a `.git`: either way, nothing to sync.
            return Ok(None);
        }
        let text = ran.text();
        let mut lines = text.lines();
        let (Some(top), Some(git_dir)) = (lines.next(), lines.next()) else {
            return Ok(None);
        };
        Ok(Some(Repository {
            top: PathBuf::from(top),
            git_dir: PathBuf::from(git_dir),
            prefix: lines.next().unwrap_or("").to_string(),
            batch,
        }))
    }

    /// Makes `content` a repository whose `origin` is `remote`; a repository already
    /// there gains the remote if it has none. The first sync commits and pushes.
    pub fn init(content: &Path, remote: &str, batch: bool) -> Result<Repository> {
        let remote = remote.trim();
        if remote.is_empty() || remote.starts_with('-') {
            return Err(Error::BadTarget {
                name: "origin".into(),
                reason: format!("{remote:?} is not a git remote's address"),
            });
        }
        let cancel = AtomicBool::new(false);
        let repo = match Repository::find(content, batch)? {
            Some(repo) => repo,
            None => {
                let mut cmd = Tool::Git.command();
                cmd.arg("-C").arg(content).args(["init", "--quiet"]);
                let what = content.display().to_string();
                let ran = run(Tool::Git, &what, cmd, None, &cancel, |_| {})?;
                if !ran.status.success() {
                    return Err(failure(&what, "git init", &ran));
                }
                Repository::find(content, batch)?.ok_or_else(|| Error::NotARepository {
                    folder: content.to_path_buf(),
                })?
            }
        };
        let remotes = repo.git("listing remotes", &["remote"], &cancel)?.text();
        if let Some(name) = remotes.lines().next() {
            let url = repo.remote_url(name, &cancel)?;
            return Err(Error::BadTarget {
                name: name.to_string(),
                reason: format!(
                    "the repository already has a remote, {name} ({url}): sync shares with it"
                ),
            });
        }
        repo.git(
            "adding the remote",
            &["remote", "add", "origin", remote],
            &cancel,
        )?;
        Ok(repo)
    }

    /// The working tree's top folder.
    pub fn top(&self) -> &Path {
        &self.top
    }

    pub(crate) fn git_dir(&self) -> &Path {
        &self.git_dir
    }

    /// The content folder from the top, with a trailing `/` (or empty).
    pub(crate) fn content_prefix(&self) -> &str {
        &self.prefix
    }

    /// The pathspec of the content folder.
    pub(crate) fn content_spec(&self) -> &str {
        if self.prefix.is_empty() {
            "."
        } else {
            &self.prefix
        }
    }

    /// `path` (from the top) in the content folder, if it is in it.
    pub(crate) fn in_content<'a>(&self, path: &'a str) -> Option<&'a str> {
        path.strip_prefix(self.prefix.as_str())
    }

    pub(crate) fn command(&self) -> Command {
        let mut cmd = Tool::Git.command();
        cmd.arg("-C")
            .arg(&self.top)
            .env("GIT_LITERAL_PATHSPECS", "1")
            .args(["-c", "core.quotePath=false"]);
        if self.batch && std::env::var_os("GIT_SSH_COMMAND").is_none() {
            cmd.env(
                "GIT_SSH_COMMAND",
                "ssh -o BatchMode=yes -o ConnectTimeout=20",
            );
        }
        // A connection that stalls fails instead of holding "Syncing…" up for ever.
        cmd.args([
            "-c",
            "http.lowSpeedLimit=1000",
            "-c",
            "http.lowSpeedTime=60",
        ]);
        cmd
    }

    /// Runs git; a failing exit is an error saying `what` failed.
    pub(crate) fn git(&self, what: &str, args: &[&str], cancel: &AtomicBool) -> Result<Ran> {
        self.git_in(what, args, None, cancel)
    }

    pub(crate) fn git_in(
        &self,
        what: &str,
        args: &[&str],
        stdin: Option<&[u8]>,
        cancel: &AtomicBool,
    ) -> Result<Ran> {
        let ran = self.try_git(args, stdin, cancel)?;
        if !ran.status.success() {
            return Err(self.git_failure(what, &ran));
        }
        Ok(ran)
    }

    /// Runs git; its exit status is the caller's to read.
    pub(crate) fn try_git(
        &self,
        args: &[&str],
        stdin: Option<&[u8]>,
        cancel: &AtomicBool,
    ) -> Result<Ran> {
        let mut cmd = self.command();
        cmd.args(args);
        run(Tool::Git, &self.words(), cmd, stdin, cancel, |_| {})
    }

    pub(crate) fn words(&self) -> String {
        format!("the git repository {}", self.top.display())
    }

    pub(crate) fn git_failure(&self, what: &str, ran: &Ran) -> Error {
        if ran.stderr.contains("Please tell me who you are")
            || ran.stderr.contains("empty ident name")
        {
            return Error::Remote {
                target: self.words(),
                cause: format!(
                    "{what}: git does not know who you are; set it once with git config --global user.name \"Your Name\" and user.email you@example.com"
                ),
            };
        }
        failure(&self.words(), what, ran)
    }

    /// The commit checked out, `None` on a branch with no commit yet.
    pub(crate) fn head(&self, cancel: &AtomicBool) -> Result<Option<String>> {
        let ran = self.try_git(&["rev-parse", "--verify", "--quiet", "HEAD"], None, cancel)?;
        Ok(ran.status.success().then(|| ran.text()))
    }

    /// Commits reachable from `head` and not from `from`.
    pub(crate) fn count(&self, from: Option<&str>, head: &str, cancel: &AtomicBool) -> Result<u32> {
        let range = match from {
            Some(from) => format!("{from}..{head}"),
            None => head.to_string(),
        };
        let ran = self.git("counting commits", &["rev-list", "--count", &range], cancel)?;
        Ok(ran.text().parse().unwrap_or(0))
    }

    /// Commits the saved changes under the content folder (new, changed and removed files
    /// git does not ignore), with a message naming the posts. `None`: nothing to commit.
    pub(crate) fn commit_saved(
        &self,
        status: &RepoStatus,
        cancel: &AtomicBool,
    ) -> Result<Option<Committed>> {
        if status.files.is_empty() {
            return Ok(None);
        }
        let spec = self.content_spec();
        self.git("adding the changes", &["add", "--all", "--", spec], cancel)?;
        let staged = self.git(
            "listing the changes",
            &["diff", "--cached", "--name-status", "-z", "-M", "--", spec],
            cancel,
        )?;
        let message = message::for_commit(self, &staged.stdout, cancel)?;
        let Some(message) = message else {
            return Ok(None);
        };
        // Only the content folder: the status check found nothing staged outside it, and
        // the pathspec keeps it so.
        self.git_in(
            "committing the changes",
            &["commit", "--quiet", "--file=-", "--", spec],
            Some(message.full.as_bytes()),
            cancel,
        )?;
        let id = self
            .git(
                "reading the commit",
                &["rev-parse", "--short", "HEAD"],
                cancel,
            )?
            .text();
        Ok(Some(Committed {
            id,
            message: message.subject,
        }))
    }

    /// The upstream of `branch`, or the remote it should go to (`origin`, or the only
    /// one); `None` when the repository has no remote.
    pub(crate) fn upstream(&self, branch: &str, cancel: &AtomicBool) -> Result<Option<Upstream>> {
        let config = |key: String| -> Result<Option<String>> {
            let ran = self.try_git(&["config", "--get", &key], None, cancel)?;
            Ok(ran.status.success().then(|| ran.text()))
        };
        let remote = config(format!("branch.{branch}.remote"))?;
        let merge = config(format!("branch.{branch}.merge"))?;
        if let (Some(remote), Some(merge)) = (remote, merge) {
            if remote != "." {
                let url = self.remote_url(&remote, cancel)?;
                return Ok(Some(Upstream {
                    branch: merge
                        .strip_prefix("refs/heads/")
                        .unwrap_or(&merge)
                        .to_string(),
                    remote,
                    url,
                    set: false,
                }));
            }
        }
        let remotes = self.git("listing remotes", &["remote"], cancel)?.text();
        let names: Vec<&str> = remotes.lines().collect();
        let remote = match names.as_slice() {
            [] => return Ok(None),
            [one] => one.to_string(),
            many if many.contains(&"origin") => "origin".to_string(),
            many => {
                return Err(Error::BadTarget {
                    name: many.join(", "),
                    reason: format!(
                        "the branch {branch} has no upstream and the repository has several remotes: set one with git push --set-upstream REMOTE {branch}"
                    ),
                })
            }
        };
        let url = self.remote_url(&remote, cancel)?;
        // A remote that has a default branch already (the other machine's `main`) is
        // joined there, whatever this new repository named its own.
        let branch = self
            .remote_default(&remote, cancel)
            .unwrap_or_else(|| branch.to_string());
        Ok(Some(Upstream {
            remote,
            url,
            branch,
            set: true,
        }))
    }

    /// The branch `remote`'s HEAD names, if it has one and can be reached (a failure
    /// here is met again, and said, by the fetch).
    fn remote_default(&self, remote: &str, cancel: &AtomicBool) -> Option<String> {
        let ran = self
            .try_git(&["ls-remote", "--symref", remote, "HEAD"], None, cancel)
            .ok()?;
        let text = ran.text();
        let line = text.lines().find(|l| l.starts_with("ref: "))?;
        let reference = line.strip_prefix("ref: ")?.split('\t').next()?;
        reference.strip_prefix("refs/heads/").map(str::to_string)
    }

    /// The address of `remote`, without credentials written into it.
    fn remote_url(&self, remote: &str, cancel: &AtomicBool) -> Result<String> {
        let url = self
            .git("reading the remote", &["remote", "get-url", remote], cancel)?
            .text();
        Ok(crate::address::without_credentials(&url))
    }

    /// Fetches the upstream branch; its tip, `None` when the remote has no such branch yet.
    pub(crate) fn fetch(&self, upstream: &Upstream, cancel: &AtomicBool) -> Result<Option<String>> {
        let refspec = format!("+refs/heads/{}:{}", upstream.branch, upstream.tracking());
        let ran = self.try_git(
            &["fetch", "--quiet", "--no-tags", &upstream.remote, &refspec],
            None,
            cancel,
        )?;
        if !ran.status.success() {
            if ran.stderr.contains("couldn't find remote ref") {
                return Ok(None);
            }
            return Err(failure(&upstream.remote_words(), "fetching", &ran));
        }
        self.tip(upstream, cancel)
    }

    /// The upstream's tip as last fetched.
    pub(crate) fn tip(&self, upstream: &Upstream, cancel: &AtomicBool) -> Result<Option<String>> {
        let ran = self.try_git(
            &["rev-parse", "--verify", "--quiet", &upstream.tracking()],
            None,
            cancel,
        )?;
        Ok(ran.status.success().then(|| ran.text()))
    }

    /// Pushes HEAD to the upstream branch, never forced. `false`: refused because the
    /// remote moved since the fetch.
    pub(crate) fn push(&self, upstream: &Upstream, cancel: &AtomicBool) -> Result<bool> {
        let refspec = format!("HEAD:refs/heads/{}", upstream.branch);
        let mut args = vec!["push", "--porcelain", "--quiet"];
        if upstream.set {
            args.push("--set-upstream");
        }
        args.extend([upstream.remote.as_str(), refspec.as_str()]);
        let ran = self.try_git(&args, None, cancel)?;
        if ran.status.success() {
            return Ok(true);
        }
        let said = format!("{}\n{}", ran.text(), ran.stderr);
        // A push that lands after the remote's refs were advertised to it (another
        // machine pushed in between) passes the client's check and is refused by the
        // remote's own: `[remote rejected]`, "cannot lock ref …: is at X but expected Y".
        if said.contains("[rejected]")
            || said.contains("fetch first")
            || said.contains("non-fast-forward")
            || said.contains("cannot lock ref")
            || said.contains("but expected")
        {
            return Ok(false);
        }
        Err(failure(&upstream.remote_words(), "pushing", &ran))
    }

    /// Paths in the content folder that differ between two commits (`None`: none before).
    pub(crate) fn changed_between(
        &self,
        from: Option<&str>,
        to: &str,
        cancel: &AtomicBool,
    ) -> Result<Vec<String>> {
        let Some(from) = from else {
            // A branch with no commit took the upstream whole: every file is new here.
            let ran = self.git(
                "listing what the pull brought",
                &[
                    "ls-tree",
                    "-r",
                    "--name-only",
                    "-z",
                    to,
                    "--",
                    self.content_spec(),
                ],
                cancel,
            )?;
            return Ok(split_z(&ran.stdout)
                .filter_map(|p| self.in_content(p).map(str::to_string))
                .collect());
        };
        if from == to {
            return Ok(Vec::new());
        }
        Ok(self
            .differing(from, to, cancel)?
            .into_iter()
            .filter_map(|p| self.in_content(&p).map(str::to_string))
            .collect())
    }

    /// Paths under the content folder, from the top, that differ between two commits (or
    /// trees), renames seen as a removal and an addition.
    pub(crate) fn differing(
        &self,
        from: &str,
        to: &str,
        cancel: &AtomicBool,
    ) -> Result<Vec<String>> {
        let ran = self.git(
            "comparing two versions",
            &[
                "diff",
                "--name-only",
                "-z",
                "--no-renames",
                from,
                to,
                "--",
                self.content_spec(),
            ],
            cancel,
        )?;
        Ok(split_z(&ran.stdout).map(str::to_string).collect())
    }
}

/// The NUL-separated entries git prints with `-z`, as text.
pub(crate) fn split_z(bytes: &[u8]) -> impl Iterator<Item = &str> {
    bytes
        .split(|b| *b == 0)
        .filter(|s| !s.is_empty())
        .map(|s| std::str::from_utf8(s).unwrap_or(""))
}
