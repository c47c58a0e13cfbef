//! `quire export post` and `quire export site`: what the preview shows, as static files.

use anyhow::Context;
use quire_core::blog::Blog;
use quire_core::clock::today;
use quire_core::locations;

use crate::cli::Export;

pub fn run(blog: &Blog, export: Export) -> anyhow::Result<()> {
    let site = blog.site()?;
    match export {
        Export::Post {
            file,
            out,
            single_file,
        } => {
            let rel = blog.file_in_folder(&file)?;
            let shape = if single_file {
                quire_export::post::Shape::SingleFile
            } else {
                quire_export::post::Shape::Folder
            };
            let page = quire_export::post::export_post(blog.folder(), &site, &rel, &out, shape)
                .with_context(|| format!("exporting {rel}"))?;
            println!("{}", page.display());
        }
        Export::Site { out, drafts, quiet } => {
            let options = quire_export::site::Options {
                drafts,
                today: today(),
                records: locations::export_records(blog.library().path()),
            };
            let bar = if quiet || !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
                indicatif::ProgressBar::hidden()
            } else {
                indicatif::ProgressBar::new(0).with_style(
                    indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} pages {msg}")
                        .expect("the progress template parses"),
                )
            };
            let cancel = std::sync::atomic::AtomicBool::new(false);
            let progress = |done: usize, total: usize| {
                bar.set_length(total as u64);
                bar.set_position(done as u64);
            };
            let summary = quire_export::site::export_site(
                blog.folder(),
                &site,
                &out,
                &options,
                &cancel,
                &progress,
            )
            .with_context(|| format!("exporting the site to {}", out.display()))?;
            bar.finish_and_clear();
            for (file, reason) in &summary.skipped {
                eprintln!("quire: skipped {file}: {reason}");
            }
            if !quiet {
                println!(
                    "exported {} posts to {}: {} files written, {} unchanged, {} removed, {} skipped in {:.2} s",
                    summary.posts,
                    out.display(),
                    summary.written,
                    summary.unchanged,
                    summary.removed,
                    summary.skipped.len(),
                    summary.millis as f64 / 1000.0
                );
                if site.base_url.is_empty() {
                    eprintln!("quire: no base_url set, so feeds and the sitemap use relative addresses: quire settings base_url https://your.site/");
                }
            }
        }
    }
    Ok(())
}
