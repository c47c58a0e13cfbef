//! `quire publish`: export, compare, show the plan, confirm a plan that deletes much of
//! the site, send, and say in one line what went where.

use std::io::{BufRead, IsTerminal, Write};
use std::sync::atomic::AtomicBool;

use anyhow::{bail, Context};
use quire_core::blog::Blog;
use quire_core::clock::{now_ms, today};
use quire_publish::publish::{from_environment, prepare, Job, Step};
use quire_publish::target;

use super::scan;
use crate::cli::Publish;

pub fn run(blog: &Blog, args: Publish) -> anyhow::Result<()> {
    let root = blog.folder().root();
    let target = match target::one_off(args.git, args.branch, args.ssh, args.to_folder)? {
        Some(t) => t,
        None => target::choose(target::configured(root)?, args.name.as_deref())?,
    };
    // The library must know the posts as they are to record which went out.
    scan(blog)?;
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
    let (token, ssh) = from_environment();
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
