//! `quire`: the command line over the same engine as the desktop app. The grammar is in
//! [`cli`]; each subcommand is a module of [`cmd`] (as Zola's `src/cmd/`), a few lines
//! over the core.

use std::process::ExitCode;

use clap::Parser;

mod cli;
mod cmd;

fn main() -> ExitCode {
    match cmd::run(cli::Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("quire: {e:#}");
            ExitCode::FAILURE
        }
    }
}
