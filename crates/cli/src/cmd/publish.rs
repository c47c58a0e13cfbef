//! `quire publish`: export, compare, show the plan, confirm a plan that deletes much of
//! the site, send, and say in one line what went where.

use std::io::{BufRead, IsTerminal, Write};
use std::sync::atomic::AtomicBool;

use anyhow::{bail, Context};
use quire_core::blog::Blog;
use quire_core::clock::{now_ms, today};
use quire_core::error::ErrorCode;
use quire_publish::publish::{credentials, prepare, Job, Step};
use quire_publish::secrets;
use quire_publish::target::{self, Target};

use super::scan;
use crate::cli::Publish;

pub fn run(blog: &Blog, args: Publish) -> anyhow::Result<()> {
    let root = blog.folder().root();
    let target = match target::one_off(
        args.git.clone(),
        args.branch.clone(),
        args.ssh.clone(),
        args.to_folder.clone(),
    )? {
        Some(t) => t,
        None => target::choose(target::configured(root)?, args.name.as_deref())?,
    };
    if args.forget_token {
        secrets::forget(&target)?;
        println!("No token is kept for {} now.", target.name);
        return Ok(());
    }
    // The library must know the posts as they are to record which went out.
    scan(blog)?;
    let (token, ssh) = credentials(&target);
    let asked = std::io::stdin().is_terminal() && secrets::takes_token(&target);
    match publish(blog, &args, &target, token, ssh.clone()) {
        Err(e) if asked && refused(&e) => {
            // git's own helpers and the keyring had nothing it took: ask, as git would.
            eprintln!("{e:#}");
            let token = rpassword::prompt_password(format!(
                "Token for {} (kept in the system keyring once it works): ",
                target.destination()
            ))
            .context("reading the token")?;
            publish(blog, &args, &target, Some(token.clone()), ssh)?;
            match secrets::remember(&target, &token) {
                Ok(()) => eprintln!(
                    "The token for {} is kept in the system keyring.",
                    target.name
                ),
                Err(e) => eprintln!("{e}"),
            }
            Ok(())
        }
        other => other,
    }
}

/// Whether a publish failed because the remote refused the credentials (or had none).
fn refused(e: &anyhow::Error) -> bool {
    e.downcast_ref::<quire_publish::Error>()
        .is_some_and(|e| e.code() == ErrorCode::AuthRefused)
}

fn publish(
    blog: &Blog,
    args: &Publish,
    target: &Target,
    token: Option<String>,
    ssh: Option<String>,
) -> anyhow::Result<()> {
    let terminal = std::io::stderr().is_terminal();
    let bar = if args.quiet || !terminal {
        indicatif::ProgressBar::hidden()
    } else {
        indicatif::ProgressBar::new(0).with_style(
            indicatif::ProgressStyle::with_template("{msg} {bar:40} {pos}/{len}")
                .expect("the progress template parses"),
        )
    };
    let progress = |step: Step| match step {
        Step::Exporting { done, total } => {
            bar.set_message("exporting");
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
        Step::Comparing => bar.set_message(format!("comparing with {}", target.name)),
        Step::Sending { done, total } => {
            bar.set_message("sending");
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
        Step::Deleting => bar.set_message("deleting"),
    };
    let job = Job {
        folder: blog.folder().clone(),
        site: blog.site()?,
        library: blog.library().path().to_path_buf(),
        target: target.clone(),
        today: today(),
        now: now_ms(),
        token,
        batch: !std::io::stdin().is_terminal(),
        ssh,
    };
    let cancel = AtomicBool::new(false);
    let prepared = prepare(job, &cancel, &progress)
        .with_context(|| format!("publishing to {}", target.name))?;
    bar.finish_and_clear();
    let plan = prepared.plan();
    if !args.quiet || args.dry_run {
        println!("{} ({}): {}", plan.target, plan.destination, plan.line());
    }
    if args.dry_run {
        return Ok(());
    }
    if plan.confirm && !args.yes {
        let question = format!(
            "This deletes {} files of the site on {}. Publish? [y/N] ",
            plan.delete, plan.target
        );
        if !std::io::stdin().is_terminal() {
            bail!(
                "the plan deletes {} files of the site on {}: run again with --yes to publish it",
                plan.delete,
                plan.target
            );
        }
        eprint!("{question}");
        std::io::stderr().flush().ok();
        let mut answer = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut answer)
            .context("reading the answer")?;
        if !matches!(answer.trim(), "y" | "Y" | "yes") {
            bail!("not published: nothing was sent");
        }
    }
    let published = prepared
        .send(&cancel, &progress)
        .with_context(|| format!("publishing to {}", target.name))?;
    bar.finish_and_clear();
    println!("{}", published.line());
    Ok(())
}
