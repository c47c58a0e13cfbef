//! The import's one error type; [`Error::code`] gives the stable code scripts branch on.

use std::path::PathBuf;

use quire_core::ErrorCode;

/// The import's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What stopped an import, with what a person needs to find the problem.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The engine failed: reading or writing the content folder.
    #[error(transparent)]
    Core(#[from] quire_core::Error),

    /// The export could not be read at all.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The export's file or folder.
        path: PathBuf,
        /// What the operating system reported.
        #[source]
        source: std::io::Error,
    },

    /// The export is not well-formed XML or JSON (a truncated download, say).
    #[error("{path} is malformed at line {line}, column {column}: {reason}; nothing was imported")]
    Syntax {
        /// The export's file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column (in characters) of the problem.
        column: usize,
        /// What the parser found.
        reason: String,
    },

    /// The export parses but is not shaped as the source's exports are.
    #[error("{path} is not a {source_name} export: {place}: {reason}; nothing was imported")]
    Shape {
        /// The export's file.
        path: PathBuf,
        /// WordPress, Ghost or Medium.
        source_name: &'static str,
        /// Where in it: an element, a JSON path, a line.
        place: String,
        /// What is missing or wrong there.
        reason: String,
    },
}

impl Error {
    /// The code the window branches on: the engine's own for its errors.
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Core(e) => e.code(),
            Error::Read { .. } => ErrorCode::Io,
            Error::Syntax { .. } => ErrorCode::MalformedExport,
            Error::Shape { .. } => ErrorCode::NotAnExport,
        }
    }

    /// A [`Error::Read`] of `path`, for `map_err`.
    pub(crate) fn read(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
        move |source| Error::Read {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// The 1-based line and column of byte `offset` in `text`, as an editor shows them.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}
