//! What the ui receives when a command fails: a stable `code` to branch on and a message
//! for the author.

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct ShellError {
    pub code: &'static str,
    pub message: String,
}

impl From<quire_core::Error> for ShellError {
    fn from(e: quire_core::Error) -> Self {
        ShellError {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

impl ShellError {
    /// A panic while another command held the library: the library itself is intact
    /// (SQLite transactions), so the author is told to restart rather than to worry.
    pub fn poisoned() -> Self {
        ShellError {
            code: "internal",
            message: "Quire hit an internal error; restart it (your text is kept in the library)"
                .into(),
        }
    }
}

pub type CommandResult<T> = Result<T, ShellError>;
