//! Where a blog is published: the `[publish.NAME]` tables of the content folder's
//! `quire.toml` (so a folder shared over git publishes the same way on every machine), or
//! a one-off target given by flags. No secret is ever read from or written to
//! `quire.toml`: a token comes from the environment or the keyring.
//!
//! ```toml
//! [publish.pages]
//! git = "git@github.com:me/me.github.io.git"
//! branch = "gh-pages"          # the default
//! domain = "blog.example.org"  # written as CNAME, kept across publishes
//!
//! [publish.server]
//! ssh = "me@example.org:/var/www/blog"
//!
//! [publish.nas]
//! folder = "/mnt/nas/blog"
//! ```

use std::path::{Path, PathBuf};

use quire_core::settings::FOLDER_SETTINGS_FILE;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Error, Result};

/// The branch a git target publishes to unless it names another: the one GitHub, GitLab
/// and Codeberg Pages serve from.
pub const DEFAULT_BRANCH: &str = "gh-pages";

/// A place to publish to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Target {
    /// Its name in `quire.toml`, or for a one-off target its address: what the library
    /// records the target's files under.
    pub name: String,
    /// How and where.
    pub kind: Kind,
    /// An export folder the author chose, instead of the target's cache.
    #[ts(type = "string | null")]
    pub export: Option<PathBuf>,
}

/// How a target receives the site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Kind {
    /// A branch of a git repository, through the system `git`.
    Git {
        /// Any URL git takes: `file://`, `ssh://`, `git@host:repo`, `https://`.
        url: String,
        /// The branch.
        branch: String,
        /// The site's own domain, written as `CNAME` (GitHub Pages reads it).
        domain: Option<String>,
        /// Each publish replaces the branch's history with one commit.
        replace_history: bool,
    },
    /// A folder on a server, through `rsync` over `ssh`.
    Ssh {
        /// `[USER@]HOST:PATH`.
        destination: String,
    },
    /// A mounted or synced folder.
    Folder {
        /// The folder.
        #[ts(type = "string")]
        dir: PathBuf,
    },
}

impl Target {
    /// Where the target publishes, for the plan and the summary.
    pub fn destination(&self) -> String {
        match &self.kind {
            Kind::Git { url, branch, .. } => format!("{branch} of {url}"),
            Kind::Ssh { destination } => destination.clone(),
            Kind::Folder { dir } => dir.display().to_string(),
        }
    }
}

/// A one-off target from the command line's flags, named after its address.
pub fn one_off(
    git: Option<String>,
    branch: Option<String>,
    ssh: Option<String>,
    folder: Option<PathBuf>,
) -> Result<Option<Target>> {
    let kind = match (git, ssh, folder) {
        (None, None, None) => return Ok(None),
        (Some(url), None, None) => Kind::Git {
            url,
            branch: branch.unwrap_or_else(|| DEFAULT_BRANCH.to_string()),
            domain: None,
            replace_history: false,
        },
        (None, Some(destination), None) => Kind::Ssh { destination },
        (None, None, Some(dir)) => Kind::Folder { dir },
        _ => {
            return Err(Error::BadTarget {
                name: "one-off".into(),
                reason: "give one of --git, --ssh and --to-folder".into(),
            })
        }
    };
    let name = match &kind {
        Kind::Git { url, branch, .. } => format!("git {url} {branch}"),
        Kind::Ssh { destination } => format!("ssh {destination}"),
        Kind::Folder { dir } => format!("folder {}", absolute(dir).display()),
    };
    let target = Target {
        name,
        kind,
        export: None,
    };
    check(&target)?;
    Ok(Some(target))
}

/// Every target in the content folder's `quire.toml`, by name, checked.
pub fn configured(root: &Path) -> Result<Vec<Target>> {
    let path = root.join(FOLDER_SETTINGS_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("read", path)(e)),
    };
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| Error::BadTarget {
            name: FOLDER_SETTINGS_FILE.into(),
            reason: e.message().to_string(),
        })?;
    let Some(publish) = table.get("publish") else {
        return Ok(Vec::new());
    };
    let Some(publish) = publish.as_table() else {
        return Err(bad("publish", "`publish` must be tables: [publish.NAME]"));
    };
    publish
        .iter()
        .map(|(name, value)| {
            let table = value
                .as_table()
                .ok_or_else(|| bad(name, "must be a table: [publish.NAME]"))?;
            let target = from_table(root, name, table)?;
            check(&target)?;
            Ok(target)
        })
        .collect()
}

/// The target to publish to: the one named, else the only one set.
pub fn choose(targets: Vec<Target>, name: Option<&str>) -> Result<Target> {
    let known = || match targets.is_empty() {
        true => "none".to_string(),
        false => targets
            .iter()
            .map(|t| t.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    };
    match name {
        Some(name) => match targets.iter().find(|t| t.name == name) {
            Some(t) => Ok(t.clone()),
            None => Err(Error::UnknownTarget {
                name: name.to_string(),
                known: known(),
            }),
        },
        None => match targets.len() {
            0 => Err(Error::NoTarget),
            1 => Ok(targets.into_iter().next().expect("one target")),
            _ => Err(Error::WhichTarget { known: known() }),
        },
    }
}

fn bad(name: &str, reason: &str) -> Error {
    Error::BadTarget {
        name: name.to_string(),
        reason: reason.to_string(),
    }
}

fn from_table(root: &Path, name: &str, table: &toml::Table) -> Result<Target> {
    let text = |key: &str| -> Result<Option<String>> {
        match table.get(key) {
            None => Ok(None),
            Some(toml::Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(bad(name, &format!("`{key}` must be a string"))),
        }
    };
    for key in table.keys() {
        if ![
            "git",
            "branch",
            "domain",
            "replace_history",
            "ssh",
            "folder",
            "export",
        ]
        .contains(&key.as_str())
        {
            // A secret has no place in a file shared over git: say so rather than ignore it.
            let why = match key.as_str() {
                "token" | "password" => "; credentials are kept in the system keyring or given by QUIRE_PUBLISH_TOKEN, never in quire.toml",
                _ => "",
            };
            return Err(bad(
                name,
                &format!("unknown key `{key}` (known: git, branch, domain, replace_history, ssh, folder, export){why}"),
            ));
        }
    }
    let replace_history = match table.get("replace_history") {
        None => false,
        Some(toml::Value::Boolean(b)) => *b,
        Some(_) => return Err(bad(name, "`replace_history` must be true or false")),
    };
    // Relative folders are relative to the content folder, so the file means the same on
    // every machine that shares it.
    let folder_path = |s: String| {
        let p = PathBuf::from(s);
        match p.is_absolute() {
            true => p,
            false => root.join(p),
        }
    };
    let kind = match (text("git")?, text("ssh")?, text("folder")?) {
        (Some(url), None, None) => Kind::Git {
            url,
            branch: text("branch")?.unwrap_or_else(|| DEFAULT_BRANCH.to_string()),
            domain: text("domain")?,
            replace_history,
        },
        (None, Some(destination), None) => Kind::Ssh { destination },
        (None, None, Some(dir)) => Kind::Folder {
            dir: folder_path(dir),
        },
        _ => return Err(bad(name, "set exactly one of git, ssh and folder")),
    };
    Ok(Target {
        name: name.to_string(),
        kind,
        export: text("export")?.map(folder_path),
    })
}

/// Refuses what would fail later, or worse: a URL carrying a password (it would show in
/// `ps` and logs), a branch name git refuses, an SSH destination without a path.
pub(crate) fn check(target: &Target) -> Result<()> {
    let name = &target.name;
    match &target.kind {
        Kind::Git {
            url,
            branch,
            domain,
            ..
        } => {
            if url.is_empty() || url.starts_with('-') {
                return Err(bad(name, "`git` must be a repository URL"));
            }
            if crate::address::has_credentials(url) {
                return Err(bad(name, "the URL carries credentials: give the token in the keyring or QUIRE_PUBLISH_TOKEN, never in the URL"));
            }
            let refname_ok = !branch.is_empty()
                && !branch.starts_with(['-', '/', '.'])
                && !branch.ends_with(['/', '.'])
                && !branch.contains("..")
                && !branch.contains("@{")
                && !branch
                    .chars()
                    .any(|c| c.is_whitespace() || c.is_control() || "~^:?*[\\".contains(c));
            if !refname_ok {
                return Err(bad(
                    name,
                    &format!("{branch:?} is not a branch name git accepts"),
                ));
            }
            if let Some(d) = domain {
                if d.is_empty() || d.contains(['/', ' ', ':']) {
                    return Err(bad(name, "`domain` is a host name, like blog.example.org"));
                }
            }
        }
        Kind::Ssh { destination } => {
            let ok = destination.split_once(':').is_some_and(|(host, path)| {
                !host.is_empty() && !host.starts_with('-') && !path.is_empty()
            });
            if !ok {
                return Err(bad(
                    name,
                    "`ssh` is [USER@]HOST:PATH, like me@example.org:/var/www/blog",
                ));
            }
        }
        Kind::Folder { dir } => {
            if dir.as_os_str().is_empty() {
                return Err(bad(name, "`folder` must name a folder"));
            }
        }
    }
    Ok(())
}

fn absolute(dir: &Path) -> PathBuf {
    std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(toml: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("a temp dir");
        std::fs::write(dir.path().join(FOLDER_SETTINGS_FILE), toml).expect("written");
        dir
    }

    #[test]
    fn targets_are_read_from_quire_toml_in_order() {
        let dir = write(
            "title = \"Blog\"\n[publish.pages]\ngit = \"file:///srv/site.git\"\ndomain = \"blog.example.org\"\n\
             [publish.nas]\nfolder = \"../site\"\n[publish.server]\nssh = \"me@host:/var/www\"\n",
        );
        let targets = configured(dir.path()).expect("read");
        let names: Vec<_> = targets.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["nas", "pages", "server"]);
        let pages = &targets[1];
        assert_eq!(
            pages.kind,
            Kind::Git {
                url: "file:///srv/site.git".into(),
                branch: DEFAULT_BRANCH.into(),
                domain: Some("blog.example.org".into()),
                replace_history: false
            }
        );
        assert_eq!(
            targets[0].kind,
            Kind::Folder {
                dir: dir.path().join("../site")
            }
        );
    }

    #[test]
    fn secrets_and_mistakes_in_quire_toml_are_refused_by_name() {
        let cases = [
            (
                "[publish.a]\ngit = \"https://x.org/r.git\"\ntoken = \"s3cret\"\n",
                "keyring",
            ),
            (
                "[publish.a]\ngit = \"https://me:s3cret@x.org/r.git\"\n",
                "credentials",
            ),
            ("[publish.a]\ngit = \"x\"\nssh = \"h:p\"\n", "exactly one"),
            ("[publish.a]\nssh = \"host-only\"\n", "HOST:PATH"),
            (
                "[publish.a]\ngit = \"x\"\nbranch = \"a b\"\n",
                "branch name",
            ),
            ("[publish]\na = 1\n", "table"),
        ];
        for (toml, expected) in cases {
            let dir = write(toml);
            let e = configured(dir.path()).expect_err(toml);
            assert_eq!(e.code(), "publish_target");
            let m = e.to_string();
            assert!(m.contains(expected), "{toml}: {m}");
            assert!(!m.contains("s3cret"), "the secret is not repeated: {m}");
        }
    }

    #[test]
    fn the_target_is_the_one_named_or_the_only_one() {
        let t = |name: &str| Target {
            name: name.into(),
            kind: Kind::Folder { dir: "/x".into() },
            export: None,
        };
        assert_eq!(choose(vec![t("a")], None).expect("the only").name, "a");
        assert_eq!(
            choose(vec![t("a"), t("b")], Some("b")).expect("named").name,
            "b"
        );
        assert_eq!(
            choose(vec![], None).expect_err("none").code(),
            "publish_target"
        );
        let e = choose(vec![t("a"), t("b")], None).expect_err("which");
        assert!(e.to_string().contains("a, b"), "{e}");
        let e = choose(vec![t("a")], Some("c")).expect_err("unknown");
        assert!(
            e.to_string().contains("\"c\"") && e.to_string().contains('a'),
            "{e}"
        );
    }
}
