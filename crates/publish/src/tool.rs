//! Running the system's `git`, `rsync` and `ssh`: the transports authors already trust,
//! with their `~/.ssh/config`, agents, known hosts and credential helpers. Each run can be
//! cancelled (the program is killed; `git` and `rsync` both leave whole files or none),
//! never waits on a prompt no one will see, and turns a failure into an error that names
//! the target and the cause.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::RecvTimeoutError;
use std::sync::Mutex;
use std::time::Duration;

use crate::{Error, Result};

/// A program a transport runs, with the Debian package that has it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Tool {
    Git,
    Rsync,
    Sftp,
}

impl Tool {
    pub(crate) fn program(self) -> &'static str {
        match self {
            Tool::Git => "git",
            Tool::Rsync => "rsync",
            Tool::Sftp => "sftp",
        }
    }

    fn package(self) -> &'static str {
        match self {
            Tool::Git => "git",
            Tool::Rsync => "rsync",
            Tool::Sftp => "openssh-client",
        }
    }

    /// A command for the program with what every run needs: messages in English (they are
    /// matched to name the cause) and no prompt on a terminal that may not be there.
    pub(crate) fn command(self) -> Command {
        let mut cmd = Command::new(self.program());
        cmd.env("LC_ALL", "C")
            .env("GIT_TERMINAL_PROMPT", "0")
            .stdin(Stdio::null());
        cmd
    }
}

/// What a finished run printed.
pub(crate) struct Ran {
    pub status: ExitStatus,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl Ran {
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).trim_end().to_string()
    }
}

/// Runs `cmd`, feeding it `stdin`, calling `line` with each line it prints (for progress)
/// and killing it if `cancel` is set. A program that is not installed is
/// [`Error::MissingTool`]; a failing exit status is the caller's to read.
pub(crate) fn run(
    tool: Tool,
    target: &str,
    mut cmd: Command,
    stdin: Option<&[u8]>,
    cancel: &AtomicBool,
    mut line: impl FnMut(&[u8]),
) -> Result<Ran> {
    if stdin.is_some() {
        cmd.stdin(Stdio::piped());
    }
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    tracing::debug!(tool = tool.program(), args = ?cmd.get_args().collect::<Vec<_>>(), "running");
    let mut child = cmd.spawn().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::MissingTool {
            target: target.to_string(),
            tool: tool.program(),
            package: tool.package(),
        },
        _ => Error::Remote {
            target: target.to_string(),
            cause: format!("cannot start {}: {e}", tool.program()),
        },
    })?;
    let input = child.stdin.take();
    let mut out = child.stdout.take().expect("stdout is piped");
    let mut err = child.stderr.take().expect("stderr is piped");
    let child = Mutex::new(child);
    // Dropped when the program has exited: wakes the watcher at once rather than at its
    // next look (a publish runs a dozen programs; a 20 ms wait each was a third of it).
    let (finished, exited) = std::sync::mpsc::channel::<()>();
    let killed = AtomicBool::new(false);
    let (stdout, stderr, status) = std::thread::scope(|s| {
        if let (Some(mut input), Some(bytes)) = (input, stdin) {
            // A program that exits early closes the pipe: its exit status says why.
            s.spawn(move || {
                let _ = input.write_all(bytes);
            });
        }
        let stderr = s.spawn(move || {
            let mut text = String::new();
            let _ = err.read_to_string(&mut text);
            text
        });
        let (child, killed) = (&child, &killed);
        s.spawn(move || {
            while let Err(RecvTimeoutError::Timeout) =
                exited.recv_timeout(Duration::from_millis(20))
            {
                if cancel.load(Ordering::Relaxed) && !killed.swap(true, Ordering::AcqRel) {
                    let _ = child.lock().expect("the child's lock").kill();
                }
            }
        });
        let mut stdout = Vec::new();
        let mut reader = BufReader::new(&mut out);
        loop {
            let start = stdout.len();
            match reader.read_until(b'\n', &mut stdout) {
                Ok(0) | Err(_) => break,
                Ok(_) => line(
                    stdout[start..]
                        .strip_suffix(b"\n")
                        .unwrap_or(&stdout[start..]),
                ),
            }
        }
        let stderr = stderr.join().unwrap_or_default();
        // Before the scope ends, which waits for the watcher: it stops on `finished`.
        let status = child.lock().expect("the child's lock").wait();
        drop(finished);
        (stdout, stderr, status)
    });
    let status = status.map_err(|e| Error::Remote {
        target: target.to_string(),
        cause: format!("{} did not finish: {e}", tool.program()),
    })?;
    if killed.load(Ordering::Acquire) {
        return Err(Error::Cancelled);
    }
    Ok(Ran {
        status,
        stdout,
        stderr,
    })
}

/// The error for a run that failed, its cause read from what the program printed: the
/// host cannot be reached, the credentials were refused, the server's disk is full. The
/// message keeps the program's own last lines, which say the rest.
pub(crate) fn failure(target: &str, what: &str, ran: &Ran) -> Error {
    let said = ran
        .stderr
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("hint:"))
        .collect::<Vec<_>>();
    let tail = said[said.len().saturating_sub(3)..].join("; ");
    let lower = ran.stderr.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    let target = target.to_string();
    if has(&[
        "permission denied (publickey",
        "authentication failed",
        "could not read username",
        "could not read password",
        "invalid username or password",
        "http 401",
        "http 403",
        "the requested url returned error: 401",
        "the requested url returned error: 403",
        "host key verification failed",
    ]) {
        return Error::AuthRefused {
            target,
            cause: format!("{what}: {tail}"),
        };
    }
    if has(&[
        "could not resolve",
        "connection refused",
        "connection timed out",
        "no route to host",
        "network is unreachable",
        "does not appear to be a git repository",
        "repository not found",
        "could not read from remote repository",
        "failed to connect",
        "couldn't connect",
        "connection closed",
        "connection unexpectedly closed",
        "unable to access",
    ]) {
        return Error::Unreachable {
            target,
            cause: format!("{what}: {tail}"),
        };
    }
    let cause = if has(&["no space left on device", "disk quota exceeded"]) {
        format!("{what}: the server's disk is full ({tail})")
    } else {
        format!("{what}: {tail}")
    };
    Error::Remote { target, cause }
}
