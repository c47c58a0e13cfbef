//! `quire-package-files DIR`: what a package installs beside `quire`, made from the
//! grammar in `cli.rs` so that it never drifts from it — a man page for `quire` and one
//! for each subcommand (`DIR/man/quire.1`, `DIR/man/quire-export-site.1`, …) and the
//! completions for bash (`DIR/completions/quire.bash`), zsh (`DIR/completions/_quire`)
//! and fish (`DIR/completions/quire.fish`). `.ci/package` runs it.
//!
//! A program of its own rather than a hidden subcommand of `quire`: the completion
//! generators list hidden subcommands too, and the shipped `quire` needs none of this.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::CommandFactory;
use clap_complete::Shell;

// The grammar only: this program builds `quire`'s command from it, never parses with it
// (so the fields are never read here).
#[allow(dead_code)]
#[path = "../cli.rs"]
mod cli;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let (Some(out), None) = (args.next(), args.next()) else {
        eprintln!("usage: quire-package-files DIR");
        return ExitCode::from(2);
    };
    match write(Path::new(&out)) {
        Ok(written) => {
            for path in written {
                println!("{}", path.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("quire-package-files: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Writes the man pages and completions under `out`; returns the files written.
fn write(out: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let man = out.join("man");
    fs::create_dir_all(&man).with_context(|| format!("creating {}", man.display()))?;
    clap_mangen::generate_to(cli::Cli::command(), &man)
        .with_context(|| format!("writing the man pages into {}", man.display()))?;

    let completions = out.join("completions");
    fs::create_dir_all(&completions)
        .with_context(|| format!("creating {}", completions.display()))?;
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
        clap_complete::generate_to(shell, &mut cli::Cli::command(), "quire", &completions)
            .with_context(|| format!("writing the {shell} completions"))?;
    }

    let mut written = Vec::new();
    for dir in [&man, &completions] {
        for entry in fs::read_dir(dir)? {
            written.push(entry?.path());
        }
    }
    written.sort();
    Ok(written)
}
