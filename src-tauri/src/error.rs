//! What the ui receives when a command fails: a stable `code` to branch on and a message
//! for the author. The code is the core's [`ErrorCode`], so every layer shares one list.

use quire_core::error::ErrorCode;
use serde::Serialize;
use ts_rs::TS;

/// A failed command or a failure reported by event.
#[derive(Debug, Clone, Serialize, TS)]
pub struct CommandError {
    /// What went wrong: the ui branches on this.
    pub code: ErrorCode,
    /// The explanation for the author.
    pub message: String,
}

impl From<quire_core::Error> for CommandError {
    fn from(e: quire_core::Error) -> Self {
        CommandError {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

impl From<quire_export::Error> for CommandError {
    fn from(e: quire_export::Error) -> Self {
        CommandError {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

impl From<quire_publish::Error> for CommandError {
    fn from(e: quire_publish::Error) -> Self {
        CommandError {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

impl From<quire_import::Error> for CommandError {
    fn from(e: quire_import::Error) -> Self {
        CommandError {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl CommandError {
    /// A failure of the shell's own: the system could not do what was asked (show a file).
    pub fn io(message: String) -> Self {
        CommandError {
            code: ErrorCode::Io,
            message,
        }
    }

    /// A call the ui made wrongly (a missing header or body): a bug, not the author's.
    pub fn ipc(message: String) -> Self {
        CommandError {
            code: ErrorCode::Ipc,
            message,
        }
    }

    /// A panic while another command held the library: the library itself is intact
    /// (SQLite transactions), so the author is told to restart rather than to worry.
    pub fn poisoned() -> Self {
        CommandError {
            code: ErrorCode::Internal,
            message: "Quire hit an internal error; restart it (your text is kept in the library)"
                .into(),
        }
    }
}

/// What every command returns.
pub type CommandResult<T> = Result<T, CommandError>;
