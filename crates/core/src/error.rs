//! The one error type of the engine. Every variant carries the context a person needs to
//! act on it, and [`Error::code`] gives the stable [`ErrorCode`] every layer branches on:
//! the shell sends it to the ui, the library stores it with a post's problem, and the
//! ui's TypeScript type is generated from it.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The engine's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong, as a stable machine-readable code. The ui, scripts and the library's
/// stored problems branch on this, never on a message's text. Serialized in snake_case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// A file or folder could not be read or written.
    Io,
    /// A file is binary or not UTF-8.
    NotText,
    /// A file is over the size Quire opens.
    TooLarge,
    /// A post's front matter does not parse.
    FrontMatter,
    /// The library file could not be opened.
    LibraryOpen,
    /// The library was made by a newer Quire.
    LibraryTooNew,
    /// The library file is not a database, or is damaged, and could not be salvaged.
    LibraryDamaged,
    /// The library is on a read-only location: it can be read, not written.
    LibraryReadOnly,
    /// A query on the library failed.
    Library,
    /// A path would leave the content folder.
    PathEscape,
    /// The library file lies inside the content folder.
    LibraryInsideFolder,
    /// No content folder was given or remembered.
    NoFolder,
    /// The content folder does not exist.
    FolderMissing,
    /// No post has the given id.
    NoSuchPost,
    /// The post has no such revision.
    NoSuchRevision,
    /// Watching the content folder failed.
    Watch,
    /// A setting's name is not one Quire knows.
    UnknownSetting,
    /// A new post needs a title.
    EmptyTitle,
    /// The post has unsaved changes an action would overwrite; save them first.
    Unsaved,
    /// A rename or restore would land on a path another post or file already has.
    PathTaken,
    /// The preview holds another text version than the edits were made to.
    PreviewOutOfStep,
    /// The article template failed.
    Template,
    /// The file on disk is not the version a write was based on: nothing was written.
    DiskChanged,
    /// A setting's value is not what the setting expects.
    BadSetting,
    /// Two posts would be published at the same address.
    DuplicateSlug,
    /// The export's output folder is inside the content folder.
    OutputInsideFolder,
    /// The author cancelled a long job; what was done before is kept.
    Cancelled,
    /// A file given as an image is not one, by its content.
    NotAnImage,
    /// An image is over the size limit of the settings.
    ImageTooBig,
    /// A file given to open is not a post of the content folder.
    NotAPost,
    /// No publish target is set, or the one named is unknown or badly written.
    PublishTarget,
    /// A program a publish needs (`git`, `rsync`, `ssh`) is not installed.
    MissingTool,
    /// The publish target's host or repository cannot be reached.
    Unreachable,
    /// The publish target refused the credentials.
    AuthRefused,
    /// No system keyring (Secret Service) answers: a token cannot be kept, so it is
    /// asked for each time.
    NoKeyring,
    /// The published branch moved while Quire published; nothing was overwritten.
    BranchMoved,
    /// The publish target failed otherwise (disk full, permission denied on the server).
    RemoteFailed,
    /// The window edits one file on its own: the library's actions (new posts, trash,
    /// rename, import, export of the site, publish, sync) need its folder opened.
    FileAlone,
    /// The content folder is in no git repository (a sync needs one).
    NotARepository,
    /// The repository is in the middle of something the author started (a rebase, a
    /// merge, a detached HEAD, changes outside the content folder): a sync leaves it alone.
    RepositoryBusy,
    /// A sync met files of both sides it cannot merge (not posts): nothing was changed.
    SyncConflict,
    /// A blog's export to import is not well-formed XML or JSON (a truncated download).
    MalformedExport,
    /// A file to import parses, but is not the export of the blog platform named.
    NotAnExport,
    /// A bug in Quire (a panic while the library was held); the data is intact.
    Internal,
    /// The call never reached the engine (the shell refused its arguments). Made by the
    /// ui's api layer, listed here so every layer shares one list.
    Ipc,
}

impl ErrorCode {
    /// The code as it is serialized and stored.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Io => "io",
            ErrorCode::NotText => "not_text",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::FrontMatter => "front_matter",
            ErrorCode::LibraryOpen => "library_open",
            ErrorCode::LibraryTooNew => "library_too_new",
            ErrorCode::LibraryDamaged => "library_damaged",
            ErrorCode::LibraryReadOnly => "library_read_only",
            ErrorCode::Library => "library",
            ErrorCode::PathEscape => "path_escape",
            ErrorCode::LibraryInsideFolder => "library_inside_folder",
            ErrorCode::NoFolder => "no_folder",
            ErrorCode::FolderMissing => "folder_missing",
            ErrorCode::NoSuchPost => "no_such_post",
            ErrorCode::NoSuchRevision => "no_such_revision",
            ErrorCode::Watch => "watch",
            ErrorCode::UnknownSetting => "unknown_setting",
            ErrorCode::EmptyTitle => "empty_title",
            ErrorCode::Unsaved => "unsaved",
            ErrorCode::PathTaken => "path_taken",
            ErrorCode::PreviewOutOfStep => "preview_out_of_step",
            ErrorCode::Template => "template",
            ErrorCode::DiskChanged => "disk_changed",
            ErrorCode::BadSetting => "bad_setting",
            ErrorCode::DuplicateSlug => "duplicate_slug",
            ErrorCode::OutputInsideFolder => "output_inside_folder",
            ErrorCode::Cancelled => "cancelled",
            ErrorCode::NotAnImage => "not_an_image",
            ErrorCode::ImageTooBig => "image_too_big",
            ErrorCode::NotAPost => "not_a_post",
            ErrorCode::PublishTarget => "publish_target",
            ErrorCode::MissingTool => "missing_tool",
            ErrorCode::Unreachable => "unreachable",
            ErrorCode::AuthRefused => "auth_refused",
            ErrorCode::NoKeyring => "no_keyring",
            ErrorCode::BranchMoved => "branch_moved",
            ErrorCode::FileAlone => "file_alone",
            ErrorCode::NotARepository => "not_a_repository",
            ErrorCode::RepositoryBusy => "repository_busy",
            ErrorCode::SyncConflict => "sync_conflict",
            ErrorCode::RemoteFailed => "remote_failed",
            ErrorCode::MalformedExport => "malformed_export",
            ErrorCode::NotAnExport => "not_an_export",
            ErrorCode::Internal => "internal",
            ErrorCode::Ipc => "ipc",
        }
    }

    /// The code stored as `s`; an unknown code (from a newer Quire) reads as `Io`, the
    /// most general "could not read".
    pub fn parse(s: &str) -> ErrorCode {
        serde_json::from_value(serde_json::Value::String(s.to_string())).unwrap_or(ErrorCode::Io)
    }
}

/// Compares with the serialized code, as scripts and tests name it.
impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// Why a post cannot be opened or rendered, as the library keeps it and the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Problem {
    /// What kind of problem: the ui branches on this.
    pub code: ErrorCode,
    /// The explanation for the author.
    pub message: String,
}

impl From<&Error> for Problem {
    fn from(e: &Error) -> Problem {
        Problem {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

/// Everything that can go wrong in the engine, with the context a person needs to act on it.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("cannot read or write {path}: {source}")]
    Io {
        /// The file or folder that could not be read or written.
        path: PathBuf,
        /// What the operating system reported.
        #[source]
        source: std::io::Error,
    },

    /// A file is binary or not UTF-8.
    #[error("{path} is not a text file (it is binary or not UTF-8); Quire lists it but will not open it")]
    NotText {
        /// The file that is not text.
        path: PathBuf,
    },

    /// A file is over the size Quire opens.
    #[error("{path} is {size} bytes; Quire opens posts of at most {limit} bytes")]
    TooLarge {
        /// The file that is too large.
        path: PathBuf,
        /// The file's size in bytes.
        size: u64,
        /// The largest size Quire opens, in bytes.
        limit: u64,
    },

    /// A post's front matter does not parse.
    #[error("the front matter is malformed: {reason}. Fix it in the editor; the file on disk is left as it is")]
    FrontMatter {
        /// What the parser objected to.
        reason: String,
    },

    /// The library file could not be opened.
    #[error("the library {path} could not be opened: {source}")]
    LibraryOpen {
        /// The library file.
        path: PathBuf,
        /// What SQLite reported.
        #[source]
        source: rusqlite::Error,
    },

    /// The library was made by a newer Quire.
    #[error(
        "the library {} was made by {} (schema {found}); this Quire {} knows schema {known}: update Quire, or open another library with --library",
        path.display(),
        made_by.as_deref().map_or("a newer Quire".to_string(), |v| format!("Quire {v}")),
        env!("CARGO_PKG_VERSION")
    )]
    LibraryTooNew {
        /// The library file.
        path: PathBuf,
        /// The library's schema version.
        found: i64,
        /// The newest schema version this build can migrate to.
        known: i64,
        /// The version of Quire that last opened it, if it says.
        made_by: Option<String>,
    },

    /// A revision's stored text cannot be read back: that row of the library is damaged.
    #[error("revision {revision_id} in the library is damaged: {source}")]
    RevisionDamaged {
        /// The revision.
        revision_id: i64,
        /// What decompressing it said.
        source: std::io::Error,
    },

    /// The library file is not a database, or is damaged, and salvaging it failed.
    #[error("the library {} is damaged ({reason}) and could not be salvaged", path.display())]
    LibraryDamaged {
        /// The library file.
        path: PathBuf,
        /// What SQLite said of it.
        reason: String,
    },

    /// A write to a library opened read-only.
    #[error("the library {} is on a read-only location: Quire shows the posts but cannot keep drafts, saves or history; make the location writable or open another library with --library", path.display())]
    LibraryReadOnly {
        /// The library file.
        path: PathBuf,
    },

    /// A query on the library failed.
    #[error("library error while {action}: {source}")]
    Sqlite {
        /// What the engine was doing, as an -ing phrase ("saving a draft").
        action: &'static str,
        /// What SQLite reported.
        #[source]
        source: rusqlite::Error,
    },

    /// A path would leave the content folder.
    #[error("{path} is outside the content folder; Quire only reads and writes inside it")]
    PathEscape {
        /// The path as it was given.
        path: String,
    },

    /// The library file lies inside the content folder.
    #[error("the library file {library} is inside the content folder {folder}; keep it outside so it is never synced as a post")]
    LibraryInsideFolder {
        /// The library file.
        library: PathBuf,
        /// The content folder that holds it.
        folder: PathBuf,
    },

    /// No content folder was given or remembered.
    #[error("no content folder given: pass --folder DIR or set QUIRE_FOLDER")]
    NoFolder,

    /// The content folder does not exist.
    #[error("the content folder {path} does not exist or is not a folder")]
    FolderMissing {
        /// The folder that was asked for.
        path: PathBuf,
    },

    /// No post has the given id.
    #[error("there is no post with id {id} in the library")]
    NoSuchPost {
        /// The id that was asked for.
        id: i64,
    },

    /// The post has no such revision.
    #[error("post {post_id} has no revision {revision_id}")]
    NoSuchRevision {
        /// The post the revision was looked for in.
        post_id: i64,
        /// The revision id that was asked for.
        revision_id: i64,
    },

    /// Watching the content folder failed; holds the watcher's message.
    #[error("could not watch the content folder: {0}")]
    Watch(String),

    /// A setting's name is not one Quire knows.
    #[error("there is no setting `{key}`; the settings are author, site_title, footer, description, base_url, lang, per_page, avatar, theme, words_per_minute, cjk_per_minute and image_limit_mb")]
    UnknownSetting {
        /// The name that was asked for.
        key: String,
    },

    /// A new post needs a title, since its file name is made from it.
    #[error("a title is needed to make a post's file name")]
    EmptyTitle,

    /// The post has a draft in the library that the action would overwrite or leave behind.
    #[error("{path} has unsaved changes in Quire; save them (or restore the saved version) first")]
    Unsaved {
        /// The post's path, relative to the content folder.
        path: String,
    },

    /// The path a rename, duplicate or restore would write is taken.
    #[error("{path} is already taken by {by}; choose another title or move that first")]
    PathTaken {
        /// The path, relative to the content folder.
        path: String,
        /// What holds it: another post's title in quotes, or "a file".
        by: String,
    },

    /// A file pasted or dropped as an image is not a PNG, JPEG, GIF, WebP or AVIF image
    /// by its first bytes, whatever its name says.
    #[error(
        "{name} is not an image Quire can add (PNG, JPEG, GIF, WebP or AVIF); nothing was copied"
    )]
    NotAnImage {
        /// The file's name, as the author gave it.
        name: String,
    },

    /// An image is larger than the settings allow into the content folder.
    #[error("{name} is {size_mb:.1} MB, over the {limit_mb} MB limit for images (Settings → Largest image)")]
    ImageTooBig {
        /// The file's name, as the author gave it.
        name: String,
        /// Its size in megabytes.
        size_mb: f64,
        /// The limit, in megabytes.
        limit_mb: u32,
    },

    /// No post in the trash had this path.
    #[error("no post in the trash was at {path}; `quire trash --list` shows what is there")]
    NotInTrash {
        /// The path asked for.
        path: String,
    },

    /// The preview holds another text version than the edits were made to.
    #[error("the preview holds version {found} of the text, the edits were made to version {expected} or do not fit it; send the whole text")]
    PreviewOutOfStep {
        /// The text version the edits were made to.
        expected: u64,
        /// The text version the preview holds.
        found: u64,
    },

    /// The file on disk is not the version a write was based on: nothing was written.
    #[error("{path} changed on disk since this text was opened; merge the two versions before saving (nothing was written)")]
    DiskChanged {
        /// The post's path, relative to the content folder.
        path: String,
    },

    /// A setting's value is not what the setting expects.
    #[error("{origin}: `{value}` is not a valid {key}; expected {expected}")]
    BadSetting {
        /// The setting's name.
        key: String,
        /// The value that was refused.
        value: String,
        /// What a valid value looks like.
        expected: &'static str,
        /// Where the value was written: the settings, or `quire.toml`.
        origin: String,
    },

    /// A file given to open is not a post of the content folder.
    #[error("{} is not a post of the content folder {}: Quire opens .md and .markdown files inside it", path.display(), folder.display())]
    NotAPost {
        /// The file as it was given.
        path: PathBuf,
        /// The open content folder.
        folder: PathBuf,
    },

    /// The article template failed to render.
    #[error("the article template failed: {0}")]
    Template(#[from] minijinja::Error),
}

impl Error {
    /// SQLite's own error, for one that came from the library's database.
    pub fn sqlite_source(&self) -> Option<&rusqlite::Error> {
        match self {
            Error::LibraryOpen { source, .. } | Error::Sqlite { source, .. } => Some(source),
            _ => None,
        }
    }

    /// SQLite's own code, for an error that came from the library's database.
    pub fn sqlite_code(&self) -> Option<rusqlite::ErrorCode> {
        self.sqlite_source()?.sqlite_error_code()
    }

    /// A stable, machine-readable code: the UI and scripts branch on this, never on the text.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Io { .. } => ErrorCode::Io,
            Error::NotText { .. } => ErrorCode::NotText,
            Error::TooLarge { .. } => ErrorCode::TooLarge,
            Error::FrontMatter { .. } => ErrorCode::FrontMatter,
            Error::LibraryOpen { .. } => ErrorCode::LibraryOpen,
            Error::LibraryTooNew { .. } => ErrorCode::LibraryTooNew,
            Error::LibraryDamaged { .. } => ErrorCode::LibraryDamaged,
            Error::LibraryReadOnly { .. } => ErrorCode::LibraryReadOnly,
            Error::Sqlite { .. } if self.sqlite_code() == Some(rusqlite::ErrorCode::ReadOnly) => {
                ErrorCode::LibraryReadOnly
            }
            Error::Sqlite { .. } | Error::RevisionDamaged { .. } => ErrorCode::Library,
            Error::PathEscape { .. } => ErrorCode::PathEscape,
            Error::LibraryInsideFolder { .. } => ErrorCode::LibraryInsideFolder,
            Error::NoFolder => ErrorCode::NoFolder,
            Error::FolderMissing { .. } => ErrorCode::FolderMissing,
            Error::NoSuchPost { .. } => ErrorCode::NoSuchPost,
            Error::NoSuchRevision { .. } => ErrorCode::NoSuchRevision,
            Error::Watch(_) => ErrorCode::Watch,
            Error::UnknownSetting { .. } => ErrorCode::UnknownSetting,
            Error::EmptyTitle => ErrorCode::EmptyTitle,
            Error::Unsaved { .. } => ErrorCode::Unsaved,
            Error::PathTaken { .. } => ErrorCode::PathTaken,
            Error::NotInTrash { .. } => ErrorCode::NoSuchPost,
            Error::NotAnImage { .. } => ErrorCode::NotAnImage,
            Error::ImageTooBig { .. } => ErrorCode::ImageTooBig,
            Error::PreviewOutOfStep { .. } => ErrorCode::PreviewOutOfStep,
            Error::DiskChanged { .. } => ErrorCode::DiskChanged,
            Error::NotAPost { .. } => ErrorCode::NotAPost,
            Error::Template(_) => ErrorCode::Template,
            Error::BadSetting { .. } => ErrorCode::BadSetting,
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
        let path = path.into();
        move |source| Error::Io { path, source }
    }

    pub(crate) fn sql(action: &'static str) -> impl FnOnce(rusqlite::Error) -> Error {
        move |source| Error::Sqlite { action, source }
    }
}
