//! The exporter's one error type; [`Error::code`] gives the shared code the ui and scripts
//! branch on.

use std::path::PathBuf;

use quire_core::ErrorCode;

/// The exporter's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What stopped an export, with what a person needs to fix it.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The engine failed: reading the folder, a setting, a post's front matter.
    #[error(transparent)]
    Core(#[from] quire_core::Error),

    /// A file of the output folder could not be written or removed.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file or folder.
        path: PathBuf,
        /// What the operating system reported.
        #[source]
        source: std::io::Error,
    },

    /// Two posts would be published at the same address.
    #[error("{first} and {second} would both be published at /{slug}/; give one of them another `slug:` in its front matter")]
    DuplicateSlug {
        /// The address both posts take.
        slug: String,
        /// One post's file, relative to the content folder.
        first: String,
        /// The other's.
        second: String,
    },

    /// A post's slug is one the site's own pages use.
    #[error("{file} would be published at /{slug}/, which the site's {slug} pages use; give it another `slug:` in its front matter")]
    ReservedSlug {
        /// The slug.
        slug: String,
        /// The post's file.
        file: String,
    },

    /// The output folder is inside the content folder, where the watcher would take the
    /// exported pages for posts' files.
    #[error("the output folder {out} is inside the content folder {folder}; export somewhere outside it")]
    OutputInsideFolder {
        /// The output folder.
        out: PathBuf,
        /// The content folder.
        folder: PathBuf,
    },

    /// A theme's template is missing or does not parse or render.
    #[error("the theme's template {name} failed: {source}")]
    Template {
        /// The template's file name.
        name: String,
        /// What minijinja reported, with the line.
        #[source]
        source: minijinja::Error,
    },

    /// The author cancelled; the pages written so far are complete files, the rest are
    /// as the previous export left them.
    #[error("the export was cancelled; the output folder holds whole pages, some from the previous export")]
    Cancelled,
}

impl Error {
    /// The stable code shared with the engine's errors.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Core(e) => e.code(),
            Error::Write { .. } => ErrorCode::Io,
            Error::DuplicateSlug { .. } | Error::ReservedSlug { .. } => ErrorCode::DuplicateSlug,
            Error::OutputInsideFolder { .. } => ErrorCode::OutputInsideFolder,
            Error::Template { .. } => ErrorCode::Template,
            Error::Cancelled => ErrorCode::Cancelled,
        }
    }

    pub(crate) fn write(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
        let path = path.into();
        move |source| Error::Write { path, source }
    }
}
