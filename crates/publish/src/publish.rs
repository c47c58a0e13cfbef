//! One publish: export the site into the target's cache (incrementally), compare it with
//! what the target has, show the plan, send it, record it.
//!
//! Only what changed is sent, by content hash; a file changed or deleted on the target by
//! hand is sent again; a file Quire never published is never deleted. Files go before the
//! pages that link them and deletions come last, so a reader never meets a broken link
//! mid-publish, and one cut off leaves each file old or new: the next publish finishes it.
//! The library records a publish only once it is complete.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use quire_core::article::Site;
use quire_core::folder::ContentFolder;
use quire_core::library::{Library, Sent};
use quire_core::locations;
use serde::Serialize;
use ts_rs::TS;

use crate::folder::Folder;
use crate::git::{self, Git, Staged};
use crate::listing::{hash_files, Listing};
use crate::mirror::Mirror;
use crate::plan::{self, files, needs_confirmation, Commas, Plan};
use crate::rsync::Rsync;
use crate::secrets;
use crate::sftp::Sftp;
use crate::ssh::Ssh;
use crate::target::{Kind, Target};
use crate::{Error, Result};

/// How often a git target is built on again when its branch moves during a publish.
const ATTEMPTS: usize = 3;

/// The private bare repository a git target is published from, in its cache.
const GIT_CACHE: &str = "repo.git";

/// What to publish, and where.
pub struct Job {
    /// The content folder.
    pub folder: ContentFolder,
    /// The site's settings.
    pub site: Site,
    /// The library file: what each target received is recorded there.
    pub library: PathBuf,
    /// Where to.
    pub target: Target,
    /// Today, `YYYY-MM-DD`: posts dated later are not published yet.
    pub today: String,
    /// Now, in ms: when the publish is recorded.
    pub now: i64,
    /// A token for an https git remote, from the keyring or the environment.
    pub token: Option<String>,
    /// No one can answer a prompt (the window): ssh fails rather than waits.
    pub batch: bool,
    /// The ssh command for rsync and git, if not `ssh`: `QUIRE_SSH_COMMAND`, read by the
    /// caller (like `GIT_SSH_COMMAND`; a test's loopback server, an unusual key).
    pub ssh: Option<String>,
}

/// What a publish to `target` goes with besides the author's ssh keys and git's own
/// credential helpers: a token for an https git remote (`QUIRE_PUBLISH_TOKEN`, else the
/// one kept in the system keyring, see [`crate::secrets`]) and an ssh command
/// (`QUIRE_SSH_COMMAND`), for [`Job::token`] and [`Job::ssh`]. Read by the command line
/// and the window alike.
pub fn credentials(target: &Target) -> (Option<String>, Option<String>) {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    (secrets::token(target), var("QUIRE_SSH_COMMAND"))
}

/// Where a publish is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "step", rename_all = "lowercase")]
pub enum Step {
    /// Exporting the site: `done` of `total` posts read and pages made.
    Exporting {
        /// Done so far.
        done: u32,
        /// In all.
        total: u32,
    },
    /// Comparing with what the target has.
    Comparing,
    /// Sending: `done` of `total` files.
    Sending {
        /// Sent so far.
        done: u32,
        /// To send.
        total: u32,
    },
    /// Deleting what the site no longer has.
    Deleting,
}

/// Reports each step.
pub type Progress<'a> = &'a (dyn Fn(Step) + Sync);

/// A publish ready to send: its plan, for the author to see (and confirm) first.
pub struct Prepared {
    job: Job,
    plan: Plan,
    site_dir: PathBuf,
    outputs: Vec<String>,
    /// What the export wrote or removed, when the git cache's index held the export as
    /// it was before: then only these are added to it.
    changed: Option<Vec<String>>,
    posts: Vec<String>,
    local: Listing,
    staged: Option<Staged>,
    /// What the target received from Quire before, as the library recorded it.
    ours: BTreeMap<String, Sent>,
    /// An SSH target goes by SFTP: rsync is missing at one end (found by the plan).
    over_sftp: Arc<AtomicBool>,
    started: Instant,
}

/// What a publish did, for the one-line summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Published {
    /// The target's name.
    pub target: String,
    /// Where it went, in words.
    pub destination: String,
    /// Files sent.
    pub uploaded: u32,
    /// Files deleted.
    pub deleted: u32,
    /// Files the target already had.
    pub unchanged: u32,
    /// How long it took, export included, in milliseconds.
    pub millis: u64,
    /// The address readers open (`base_url`), if set.
    pub address: Option<String>,
    /// The commit pushed, for a git target that changed.
    pub commit: Option<String>,
}

impl Published {
    /// The summary in one line.
    pub fn line(&self) -> String {
        let seconds = self.millis as f64 / 1000.0;
        let head = match self.uploaded + self.deleted {
            0 => format!(
                "Nothing changed since the last publish to {} ({}): {} in place, checked in {seconds:.2} s",
                self.target,
                self.destination,
                files(self.unchanged as usize)
            ),
            _ => format!(
                "Published to {} ({}): {} sent, {} deleted, {} unchanged in {seconds:.2} s",
                self.target,
                self.destination,
                files(self.uploaded as usize),
                self.deleted.to_string_with_commas(),
                self.unchanged.to_string_with_commas()
            ),
        };
        match &self.address {
            Some(a) => format!("{head}. Readers open {a}"),
            None => head,
        }
    }
}

/// Exports the site and compares it with the target: the plan. Nothing is sent yet.
pub fn prepare(job: Job, cancel: &AtomicBool, progress: Progress<'_>) -> Result<Prepared> {
    let started = Instant::now();
    if let Kind::Folder { dir } = &job.target.kind {
        apart(&job, dir)?;
    }
    let cache = locations::publish_cache(&job.library, &job.target.name);
    // Before the export changes the folder the index was made from.
    let index_current =
        matches!(job.target.kind, Kind::Git { .. }) && git::take_index_mark(&cache.join(GIT_CACHE));
    let site_dir = job
        .target
        .export
        .clone()
        .unwrap_or_else(|| cache.join("site"));
    let options = quire_export::site::Options {
        drafts: false,
        today: job.today.clone(),
        records: locations::export_records(&job.library),
    };
    let exported = |done: usize, total: usize| {
        progress(Step::Exporting {
            done: done as u32,
            total: total as u32,
        })
    };
    let summary = quire_export::site::export_site(
        &job.folder,
        &job.site,
        &site_dir,
        &options,
        cancel,
        &exported,
    )
    .map_err(|e| match e {
        quire_export::Error::Cancelled => Error::Cancelled,
        e => e.into(),
    })?;
    progress(Step::Comparing);
    let site_dir = PathBuf::from(&summary.out);
    let ours = Library::open(&job.library)?.publish_manifest(&job.target.name)?;
    let address = Some(job.site.base_url.clone()).filter(|a| !a.is_empty());
    let destination = job.target.destination();
    let mut prepared = Prepared {
        plan: Plan {
            target: job.target.name.clone(),
            destination,
            upload: 0,
            delete: 0,
            unchanged: 0,
            confirm: false,
            address,
            uploads: Vec::new(),
            deletes: Vec::new(),
        },
        job,
        site_dir,
        outputs: summary.outputs,
        changed: index_current.then_some(summary.changed),
        posts: summary.published,
        local: Listing::new(),
        staged: None,
        ours: BTreeMap::new(),
        over_sftp: Arc::default(),
        started,
    };
    prepared.compare(&ours, cancel)?;
    prepared.ours = ours;
    Ok(prepared)
}

impl Prepared {
    /// What sending will do.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    fn cache(&self) -> PathBuf {
        locations::publish_cache(&self.job.library, &self.job.target.name)
    }

    fn git<'a>(&'a self, cancel: &'a AtomicBool) -> Option<Git<'a>> {
        let Kind::Git {
            url,
            branch,
            domain,
            replace_history,
        } = &self.job.target.kind
        else {
            return None;
        };
        Some(Git {
            target: &self.job.target.name,
            url,
            branch,
            domain: domain.as_deref(),
            replace_history: *replace_history,
            repo: self.cache().join(GIT_CACHE),
            site: &self.site_dir,
            only_export: self.job.target.export.is_none(),
            token: self.job.token.clone(),
            batch: self.job.batch,
            ssh: self.job.ssh.as_deref(),
            cancel,
        })
    }

    /// The target as a [`Mirror`], unless it is a git branch.
    fn mirror(&self) -> Option<Box<dyn Mirror>> {
        match &self.job.target.kind {
            Kind::Git { .. } => None,
            Kind::Ssh { destination } => Some(Box::new(Ssh {
                rsync: Rsync {
                    target: self.job.target.name.clone(),
                    destination: destination.clone(),
                    scratch: self.cache().join("deleting"),
                    batch: self.job.batch,
                    ssh: self.job.ssh.clone(),
                },
                sftp: Sftp {
                    target: self.job.target.name.clone(),
                    destination: destination.clone(),
                    batch: self.job.batch,
                    ssh: self.job.ssh.clone(),
                    scratch: self.cache().join("sftp"),
                },
                over_sftp: self.over_sftp.clone(),
            })),
            Kind::Folder { dir } => Some(Box::new(Folder { dir: dir.clone() })),
        }
    }

    /// Fills the plan: what differs between the export and the target.
    fn compare(&mut self, ours: &BTreeMap<String, Sent>, cancel: &AtomicBool) -> Result<()> {
        let (mut uploads, deletes, site, unchanged) = match self.mirror() {
            None => {
                let git = self.git(cancel).expect("a git target");
                let staged = git.stage(&self.outputs, self.changed.as_deref(), ours, false)?;
                let found = (
                    staged.uploads.clone(),
                    staged.deletes.clone(),
                    staged.before,
                    staged.files.saturating_sub(staged.uploads.len()),
                );
                self.staged = Some(staged);
                found
            }
            Some(mirror) => {
                self.local = hash_files(&self.site_dir, &self.outputs)?;
                let differing = mirror.differing(&self.site_dir, &self.local, ours, cancel)?;
                let deletes: Vec<String> = ours
                    .keys()
                    .filter(|p| !self.local.contains_key(*p))
                    .cloned()
                    .collect();
                let unchanged = self.local.len() - differing.len();
                let site = mirror.size(ours.len());
                (differing.into_iter().collect(), deletes, site, unchanged)
            }
        };
        plan::order(&mut uploads);
        self.plan.upload = uploads.len() as u32;
        self.plan.delete = deletes.len() as u32;
        self.plan.unchanged = unchanged as u32;
        self.plan.confirm = !deletes.is_empty() && needs_confirmation(deletes.len(), site);
        self.plan.uploads = uploads;
        self.plan.deletes = deletes;
        Ok(())
    }

    /// Sends the plan and records it in the library.
    pub fn send(mut self, cancel: &AtomicBool, progress: Progress<'_>) -> Result<Published> {
        let total = self.plan.uploads.len() as u32;
        let done = AtomicUsize::new(0);
        let sent = |_: &str| {
            let n = done.fetch_add(1, Ordering::Relaxed) as u32 + 1;
            progress(Step::Sending {
                done: n.min(total),
                total,
            });
        };
        progress(Step::Sending { done: 0, total });
        let mut commit = None;
        let manifest = match self.mirror() {
            None => {
                commit = self.send_git(cancel, progress)?;
                let git = self.git(cancel).expect("a git target");
                git.manifest(self.staged.as_ref().expect("staged"), &self.outputs)
            }
            Some(mirror) => {
                mirror.upload(&self.site_dir, &self.plan.uploads, cancel, &sent)?;
                progress(Step::Deleting);
                mirror.delete(&self.plan.deletes, cancel)?;
                std::mem::take(&mut self.local)
            }
        };
        Library::open(&self.job.library)?.record_publish(
            &self.job.target.name,
            &manifest,
            &self.posts,
            self.job.now,
        )?;
        Ok(Published {
            target: self.plan.target.clone(),
            destination: self.plan.destination.clone(),
            uploaded: self.plan.upload,
            deleted: self.plan.delete,
            unchanged: self.plan.unchanged,
            millis: self.started.elapsed().as_millis() as u64,
            address: self.plan.address.clone(),
            commit,
        })
    }

    /// Pushes the staged commit; a branch that moved meanwhile is fetched and built on
    /// again (their commit kept), a few times, then given up on with nothing overwritten.
    fn send_git(&mut self, cancel: &AtomicBool, progress: Progress<'_>) -> Result<Option<String>> {
        let identity = git::identity(&self.job.site.author, cancel, &self.job.target.name);
        let message = format!(
            "Publish from Quire: {} sent, {} deleted",
            files(self.plan.upload as usize),
            self.plan.delete
        );
        for attempt in 1..=ATTEMPTS {
            let git = self.git(cancel).expect("a git target");
            let staged = self.staged.as_ref().expect("staged by compare");
            match git.push(staged, &message, &identity) {
                Err(Error::BranchMoved { .. }) if attempt < ATTEMPTS => {
                    tracing::info!(attempt, "the branch moved; building on its new tip");
                    let restaged = git.stage(&self.outputs, None, &self.ours, true)?;
                    self.staged = Some(restaged);
                }
                Ok(commit) => {
                    let total = self.plan.upload;
                    progress(Step::Sending { done: total, total });
                    return Ok(commit);
                }
                Err(e) => return Err(e),
            }
        }
        unreachable!("the last attempt returns")
    }
}

/// Refuses a folder target that holds the content folder or lies inside it: the watcher
/// would take the pages for posts, and a publish must never write among the author's
/// files.
fn apart(job: &Job, dir: &std::path::Path) -> Result<()> {
    let content = job.folder.root();
    let dir = std::path::absolute(dir).map_err(Error::io("read", dir))?;
    // Resolved as far as it exists: the folder itself may be made by the first publish.
    let dir = dir
        .ancestors()
        .find_map(|a| {
            a.canonicalize()
                .ok()
                .map(|c| c.join(dir.strip_prefix(a).unwrap_or(&dir)))
        })
        .unwrap_or(dir);
    if dir.starts_with(content) || content.starts_with(&dir) {
        return Err(Error::BadTarget {
            name: job.target.name.clone(),
            reason: format!(
                "the folder {} holds the content folder {} or is inside it; publish to a folder apart from it",
                dir.display(),
                content.display()
            ),
        });
    }
    Ok(())
}
