//! The one error type of the engine. Every variant carries the context a person needs to
//! act on it, and [`Error::code`] gives the stable code the UI branches on.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read or write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{path} is not a text file (it is binary or not UTF-8); Quire lists it but will not open it")]
    NotText { path: PathBuf },

    #[error("{path} is {size} bytes; Quire opens posts of at most {limit} bytes")]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },

    #[error("the front matter is malformed: {reason}. Fix it in the editor; the file on disk is left as it is")]
    FrontMatter { reason: String },

    #[error("the library {path} could not be opened: {source}")]
    LibraryOpen {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },

    #[error("the library is newer than this Quire (schema {found}, this build knows {known}); update Quire")]
    LibraryTooNew { found: i64, known: i64 },

    #[error("library error while {action}: {source}")]
    Sqlite {
        action: &'static str,
        #[source]
        source: rusqlite::Error,
    },

    #[error("{path} is outside the content folder; Quire only reads and writes inside it")]
    PathEscape { path: String },

    #[error("the library file {library} is inside the content folder {folder}; keep it outside so it is never synced as a post")]
    LibraryInsideFolder { library: PathBuf, folder: PathBuf },

    #[error("no content folder given: pass --folder DIR or set QUIRE_FOLDER")]
    NoFolder,

    #[error("the content folder {path} does not exist or is not a folder")]
    FolderMissing { path: PathBuf },

    #[error("there is no post with id {id} in the library")]
    NoSuchPost { id: i64 },

    #[error("post {post_id} has no revision {revision_id}")]
    NoSuchRevision { post_id: i64, revision_id: i64 },

    #[error("could not watch the content folder: {0}")]
    Watch(String),

    #[error("there is no setting `{key}`; the settings are author, site_title and footer")]
    UnknownSetting { key: String },

    #[error("a title is needed to make a post's file name")]
    EmptyTitle,

    #[error("the preview holds version {found} of the text, the edits were made to version {expected} or do not fit it; send the whole text")]
    PreviewOutOfStep { expected: u64, found: u64 },

    #[error("the article template failed: {0}")]
    Template(#[from] minijinja::Error),
}

impl Error {
    /// A stable, machine-readable code: the UI and scripts branch on this, never on the text.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Io { .. } => "io",
            Error::NotText { .. } => "not_text",
            Error::TooLarge { .. } => "too_large",
            Error::FrontMatter { .. } => "front_matter",
            Error::LibraryOpen { .. } => "library_open",
            Error::LibraryTooNew { .. } => "library_too_new",
            Error::Sqlite { .. } => "library",
            Error::PathEscape { .. } => "path_escape",
            Error::LibraryInsideFolder { .. } => "library_inside_folder",
            Error::NoFolder => "no_folder",
            Error::FolderMissing { .. } => "folder_missing",
            Error::NoSuchPost { .. } => "no_such_post",
            Error::NoSuchRevision { .. } => "no_such_revision",
            Error::Watch(_) => "watch",
            Error::UnknownSetting { .. } => "unknown_setting",
            Error::EmptyTitle => "empty_title",
            Error::PreviewOutOfStep { .. } => "preview_out_of_step",
            Error::Template(_) => "template",
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
