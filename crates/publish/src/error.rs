//! The publisher's one error type. Every failure names the target and says, in words,
//! what the author can do; [`Error::code`] is what the window and scripts branch on.

use std::path::PathBuf;

use quire_core::ErrorCode;

/// The publisher's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What stopped a publish. Nothing local is ever lost to one: the content folder is only
/// read, and the library records a publish only once it is complete.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The engine failed: reading the folder or the library.
    #[error(transparent)]
    Core(#[from] quire_core::Error),

    /// The export under the publish failed.
    #[error(transparent)]
    Export(#[from] quire_export::Error),

    /// No target was named and none is set.
    #[error("no publish target is set: add one to quire.toml as [publish.NAME] with git = \"URL\", ssh = \"HOST:PATH\" or folder = \"DIR\", or give one with --git, --ssh or --to-folder")]
    NoTarget,

    /// The target named is not in `quire.toml`.
    #[error("no publish target is named {name:?}; quire.toml has {known}")]
    UnknownTarget {
        /// The name asked for.
        name: String,
        /// The names there are, in words.
        known: String,
    },

    /// Several targets are set and none was named.
    #[error("there are several publish targets ({known}): name the one to publish to")]
    WhichTarget {
        /// The names there are, in words.
        known: String,
    },

    /// A target's settings are wrong.
    #[error("publish target {name:?}: {reason}")]
    BadTarget {
        /// The target's name.
        name: String,
        /// What is wrong and what is expected.
        reason: String,
    },

    /// A program the target needs is not installed.
    #[error("{target} needs `{tool}`, which is not installed: install the {package} package")]
    MissingTool {
        /// The target.
        target: String,
        /// The program.
        tool: &'static str,
        /// The Debian package that has it.
        package: &'static str,
    },

    /// The server answers over SSH but has no `rsync` (a host that only offers SFTP):
    /// what tells the SSH target to send over SFTP instead; never shown to the author.
    #[error("{target} has no rsync on the server: {cause}")]
    NoRsyncOnServer {
        /// The target.
        target: String,
        /// What rsync said.
        cause: String,
    },

    /// The system keyring cannot keep or give a secret.
    #[error("the system keyring is out of reach for {target}: {cause}")]
    NoKeyring {
        /// The target.
        target: String,
        /// What the keyring said.
        cause: String,
    },

    /// The target's host or repository cannot be reached.
    #[error("cannot reach {target}: {cause}")]
    Unreachable {
        /// The target.
        target: String,
        /// What the transport said.
        cause: String,
    },

    /// The target refused the credentials.
    #[error("{target} refused the credentials: {cause}")]
    AuthRefused {
        /// The target.
        target: String,
        /// What the transport said.
        cause: String,
    },

    /// The branch moved again and again while Quire built on it.
    #[error("the branch {branch} of {target} keeps moving (someone else is publishing to it): nothing was overwritten; publish again when they are done")]
    BranchMoved {
        /// The target.
        target: String,
        /// The branch.
        branch: String,
    },

    /// The target failed otherwise.
    #[error("{target} failed: {cause}")]
    Remote {
        /// The target.
        target: String,
        /// What the transport said, or what was found.
        cause: String,
    },

    /// A local file of the publish could not be read or written.
    #[error("cannot {action} {path}: {source}")]
    Io {
        /// What was being done.
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// What the operating system reported.
        #[source]
        source: std::io::Error,
    },

    /// A sync was asked of a content folder in no git repository.
    #[error("{folder} is not in a git repository: run `quire sync --init REMOTE` (or Settings, Sync) to make it one")]
    NotARepository {
        /// The content folder.
        folder: PathBuf,
    },

    /// The repository is in the middle of something the author started in a terminal.
    #[error("the git repository {repo} is in the middle of {what}: Quire left it alone; finish it in a terminal, then sync again")]
    RepositoryBusy {
        /// The repository's top folder.
        repo: PathBuf,
        /// What is in progress, in words.
        what: String,
    },

    /// Both sides changed files Quire does not merge (images, configuration) in ways git
    /// cannot merge either.
    #[error("{remote} changed {files} as this machine did, in ways that cannot be merged: nothing was changed here; merge them in a terminal (git pull), then sync again")]
    SyncConflict {
        /// The remote, as `origin/main`.
        remote: String,
        /// The files, in words.
        files: String,
    },

    /// The author cancelled.
    #[error("the publish was cancelled: every file on the target is whole, old or new; publish again to finish")]
    Cancelled,
}

impl Error {
    /// The stable code shared with the engine's errors.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Core(e) => e.code(),
            Error::Export(e) => e.code(),
            Error::NoTarget
            | Error::UnknownTarget { .. }
            | Error::WhichTarget { .. }
            | Error::BadTarget { .. } => ErrorCode::PublishTarget,
            Error::MissingTool { .. } | Error::NoRsyncOnServer { .. } => ErrorCode::MissingTool,
            Error::Unreachable { .. } => ErrorCode::Unreachable,
            Error::AuthRefused { .. } => ErrorCode::AuthRefused,
            Error::NoKeyring { .. } => ErrorCode::NoKeyring,
            Error::BranchMoved { .. } => ErrorCode::BranchMoved,
            Error::Remote { .. } => ErrorCode::RemoteFailed,
            Error::Io { .. } => ErrorCode::Io,
            Error::Cancelled => ErrorCode::Cancelled,
            Error::NotARepository { .. } => ErrorCode::NotARepository,
            Error::RepositoryBusy { .. } => ErrorCode::RepositoryBusy,
            Error::SyncConflict { .. } => ErrorCode::SyncConflict,
        }
    }

    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
    ) -> impl FnOnce(std::io::Error) -> Error {
        let path = path.into();
        move |source| Error::Io {
            action,
            path,
            source,
        }
    }
}
