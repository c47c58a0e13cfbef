//! `quire`: the command line over the same engine as the desktop app.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use quire_core::article::{self, AssetLinks};
use quire_core::blog::Blog;
use quire_core::follow::{self, FollowEvent};
use quire_core::{folder, locations, Error};

mod organize;

#[derive(Parser, Debug)]
#[command(name = "quire", version, about = "Write, list and render Quire posts")]
struct Cli {
    /// The content folder of Markdown posts (default: the last one opened, or ./content).
    #[arg(long, global = true, env = "QUIRE_FOLDER")]
    folder: Option<PathBuf>,
    /// The SQLite library file (default: in the platform data dir).
    #[arg(long, global = true, env = "QUIRE_LIBRARY")]
    library: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Print a post as its finished article page (HTML).
    Render {
        /// The Markdown file to render.
        file: PathBuf,
        /// Print only the <article> element, not a whole page.
        #[arg(long)]
        fragment: bool,
    },
    /// List the posts of the content folder with status, date and words.
    List {
        /// One JSON object per line instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Print each change in the content folder as one JSON line, until interrupted.
    Watch,
    /// Write a post's file from the text on standard input, and print its new version.
    ///
    /// The file is written only if it is still the version the text was based on: `--base`
    /// (a version from `quire list --json` or an earlier save), by default the version
    /// Quire last saw. If someone changed the file since, nothing is written (the text is
    /// kept as the post's draft, for the app's merge).
    Save {
        /// The post's file, inside the content folder.
        file: PathBuf,
        /// The content hash of the file version the text was based on.
        #[arg(long)]
        base: Option<String>,
    },
    /// Print where the content folder, the library and the log files are.
    Paths,
    /// List the revisions of a post, newest first.
    History {
        /// The post's file, inside the content folder.
        file: PathBuf,
    },
    /// Report differences between the folder and the library.
    Check {
        /// Repair them: re-read every file into the library (drafts and history stay).
        #[arg(long)]
        rebuild: bool,
    },
    /// Show the blog's settings, or set one: author, site_title, footer, description,
    /// base_url, lang, per_page, avatar, theme. A `quire.toml` in the content folder wins.
    Settings {
        /// The setting to change.
        key: Option<String>,
        /// Its new value.
        value: Option<String>,
    },
    /// Publish: one post, or the whole blog as a static site.
    #[command(subcommand)]
    Export(Export),
    /// Search the posts' titles, tags, summaries and bodies; best matches first.
    ///
    /// Words match as prefixes, "quoted words" as a phrase; Chinese and Japanese by any
    /// run of two or more characters. `tag:NAME` and `status:draft|published|scheduled`
    /// filter. Whatever the query, it is searched literally, never refused.
    Search {
        /// What to look for.
        query: String,
        /// One JSON object per line (the post and its snippet) instead of text.
        #[arg(long)]
        json: bool,
        /// At most this many results.
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// Give a post a new title: its front matter, file name (or page bundle folder) and
    /// slug change together; its history stays. Prints the new path, and on stderr the
    /// lines of other posts that link to the old one.
    Rename {
        /// The post's file.
        file: PathBuf,
        /// The new title.
        title: String,
    },
    /// Copy a post as a new draft beside it ("Title (copy)"); prints the copy's path.
    Duplicate {
        /// The post's file.
        file: PathBuf,
    },
    /// Set a post's status in its front matter: draft, published or scheduled.
    Status {
        /// The post's file.
        file: PathBuf,
        /// draft, published or scheduled.
        status: String,
    },
    /// Move a post to Quire's trash (kept in the library with its history until emptied),
    /// or list, restore or empty the trash.
    Trash {
        /// The post's file to trash.
        #[arg(required_unless_present_any = ["list", "restore", "empty"])]
        file: Option<PathBuf>,
        /// List the trash.
        #[arg(long, conflicts_with_all = ["file", "restore", "empty"])]
        list: bool,
        /// Put back the post that was at this path.
        #[arg(long, value_name = "FILE", conflicts_with_all = ["file", "empty"])]
        restore: Option<PathBuf>,
        /// Delete the trashed posts and their history for good.
        #[arg(long, conflicts_with = "file")]
        empty: bool,
    },
    /// Create a new post from a title and print its path.
    New {
        title: String,
        /// The author (default: the library's `author` setting).
        #[arg(long)]
        author: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
enum Export {
    /// Export one post: DIR/<slug>/index.html with its images and stylesheet beside it.
    Post {
        /// The post's file.
        file: PathBuf,
        /// The folder to write into (created if missing; outside the content folder).
        #[arg(long)]
        out: PathBuf,
        /// Write one self-contained DIR/<slug>.html instead (stylesheet and images inside).
        #[arg(long)]
        single_file: bool,
    },
    /// Export the blog: pages, index, tags, feeds, sitemap and search. Only what changed
    /// since the last export into DIR is written again.
    Site {
        /// The folder to write into (created if missing; outside the content folder).
        #[arg(long)]
        out: PathBuf,
        /// Include drafts and posts dated in the future.
        #[arg(long)]
        drafts: bool,
        /// Print nothing but errors.
        #[arg(long)]
        quiet: bool,
    },
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("quire: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Render { file, fragment } => {
            let text =
                folder::read_text(&file).with_context(|| format!("reading {}", file.display()))?;
            let site = article::Site::default();
            let article = article::render(&text, &site, &AssetLinks::default())
                .with_context(|| format!("rendering {}", file.display()))?;
            if fragment {
                println!("{}", article.html);
            } else {
                println!("{}", article::page(&article, &site)?);
            }
        }
        Command::List { json } => {
            let blog = open_blog(cli.folder, cli.library)?;
            blog.scan(now_ms(), false, &mut |_, _| {})
                .context("reading the content folder")?;
            for p in blog.posts()? {
                if json {
                    println!("{}", serde_json::to_string(&p)?);
                } else {
                    let status = if p.problem.is_some() {
                        "unreadable"
                    } else if p.missing {
                        "missing"
                    } else {
                        p.status.as_str()
                    };
                    println!(
                        "{:<10} {:<10} {:>7}  {}  ({})",
                        status,
                        p.date.as_deref().unwrap_or("-"),
                        // `scan` counts every post's words; a library opened read-only
                        // may have some uncounted.
                        p.words.map_or_else(|| "-".to_string(), |w| w.to_string()),
                        p.title,
                        p.path
                    );
                }
            }
        }
        Command::Watch => {
            let blog = open_blog(cli.folder, cli.library)?;
            let root = blog.folder().root().to_path_buf();
            let (tx, rx) = std::sync::mpsc::channel();
            let _following = follow::follow(blog, now_ms, move |event| {
                // The receiver goes only when the command ends.
                let _ = tx.send(event);
            })
            .context("following the content folder")?;
            eprintln!("quire: watching {} (Ctrl+C to stop)", root.display());
            for event in rx {
                match event {
                    FollowEvent::Progress { .. } | FollowEvent::Counted => {}
                    FollowEvent::Scanned(report) => print_changes(&report.changes)?,
                    FollowEvent::Changed(changes) => print_changes(&changes)?,
                    FollowEvent::Failed(e @ Error::Watch(_)) => anyhow::bail!(e),
                    FollowEvent::Failed(e) => eprintln!("quire: {e}"),
                }
            }
        }
        Command::Save { file, base } => {
            let blog = open_blog(cli.folder, cli.library)?;
            // A file Quire has never seen is taken in first, as it is now.
            let id = blog.post_for_file(&file, now_ms())?;
            let base = match base {
                Some(b) => Some(b),
                None => blog.library().post(id)?.disk_hash,
            };
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
                .context("reading the post's text from standard input")?;
            let row = blog
                .save(id, &text, base.as_deref(), now_ms())
                .with_context(|| format!("saving {}", file.display()))?;
            println!("{}", row.disk_hash.unwrap_or_default());
        }
        Command::Paths => {
            let cwd = std::env::current_dir().context("reading the working directory")?;
            let loc = locations::resolve(cli.folder, cli.library, &cwd);
            match &loc {
                Ok(loc) => println!("folder   {}", loc.folder.display()),
                Err(e) => println!("folder   ({e})"),
            }
            let library = loc
                .map(|l| l.library)
                .unwrap_or_else(|_| locations::default_library());
            println!("library  {}", library.display());
            println!("logs     {}", locations::default_log_dir().display());
        }
        Command::History { file } => {
            let blog = open_blog(cli.folder, cli.library)?;
            let id = post_id(&blog, &file)?;
            for r in blog.history(id)? {
                let when = local_time(r.created_at, "%Y-%m-%d %H:%M:%S");
                println!(
                    "{:>6}  {when}  {:<8} {:>7} bytes",
                    r.id,
                    r.source.as_str(),
                    r.bytes
                );
            }
        }
        Command::Check { rebuild } => {
            let blog = open_blog(cli.folder, cli.library)?;
            let report = blog.check()?;
            for p in &report.not_in_library {
                println!("not in library   {p}");
            }
            for p in &report.changed_on_disk {
                println!("changed on disk  {p}");
            }
            for p in &report.missing_on_disk {
                println!("missing on disk  {p}");
            }
            if rebuild {
                let done = blog.scan(now_ms(), true, &mut |_, _| {})?;
                blog.rebuild_search()
                    .context("rebuilding the search index")?;
                println!(
                    "rebuilt: {} files read, {} changes applied",
                    done.files,
                    done.changes.len()
                );
            } else if report.is_clean() {
                println!("folder and library agree");
            } else {
                anyhow::bail!("folder and library differ; run `quire check --rebuild` to repair");
            }
        }
        Command::Settings { key, value } => {
            let blog = open_blog(cli.folder, cli.library)?;
            match (key, value) {
                (Some(key), Some(value)) => blog.set_setting(&key, &value)?,
                (Some(key), None) => {
                    anyhow::bail!("give a value for {key}: quire settings {key} VALUE")
                }
                _ => {}
            }
            let site = blog.site()?;
            let from_folder = blog.folder_settings()?;
            for (key, value) in quire_core::settings::list(&site) {
                let note = if from_folder.contains(&key) {
                    "  (from quire.toml)"
                } else {
                    ""
                };
                println!("{key:<12}{value}{note}");
            }
        }
        Command::Export(export) => run_export(cli.folder, cli.library, export)?,
        Command::Rename { file, title } => {
            organize::rename(&open_blog(cli.folder, cli.library)?, &file, &title)?
        }
        Command::Duplicate { file } => {
            organize::duplicate(&open_blog(cli.folder, cli.library)?, &file)?
        }
        Command::Status { file, status } => {
            organize::status(&open_blog(cli.folder, cli.library)?, &file, &status)?
        }
        Command::Trash {
            file,
            list,
            restore,
            empty,
        } => {
            let blog = open_blog(cli.folder, cli.library)?;
            match (file, restore) {
                (Some(file), _) => organize::trash(&blog, &file)?,
                (None, Some(path)) => organize::restore(&blog, &path)?,
                (None, None) if empty => organize::empty(&blog)?,
                (None, None) => {
                    debug_assert!(list);
                    organize::list(&blog)?
                }
            }
        }
        Command::Search { query, json, limit } => {
            let blog = open_blog(cli.folder, cli.library)?;
            blog.scan(now_ms(), false, &mut |_, _| {})
                .context("reading the content folder")?;
            blog.index_all_for_search()
                .context("updating the search index")?;
            let results = blog.search(&query, limit)?;
            for hit in &results.hits {
                if json {
                    println!("{}", serde_json::to_string(hit)?);
                    continue;
                }
                println!("{}  ({})", hit.post.title, hit.post.path);
                if !hit.snippet.is_empty() {
                    // Matches in brackets: plain text, whatever the terminal.
                    let passage: String = hit
                        .snippet
                        .iter()
                        .map(|m| {
                            if m.hit {
                                format!("[{}]", m.text)
                            } else {
                                m.text.clone()
                            }
                        })
                        .collect();
                    println!("    {passage}");
                }
            }
            if results.hits.is_empty() && !json {
                eprintln!("no post matches {query:?}");
            }
        }
        Command::New { title, author } => {
            let blog = open_blog(cli.folder, cli.library)?;
            let author = match author {
                Some(a) => a,
                None => blog.site()?.author,
            };
            let today = chrono::Local::now()
                .date_naive()
                .format("%Y-%m-%d")
                .to_string();
            let post = blog
                .create(&title, &author, &today, now_ms())
                .context("creating the post")?;
            println!("{}", blog.folder().root().join(&post.path).display());
        }
    }
    Ok(())
}

fn run_export(
    folder: Option<PathBuf>,
    library: Option<PathBuf>,
    export: Export,
) -> anyhow::Result<()> {
    let blog = open_blog(folder, library)?;
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
                today: chrono::Local::now()
                    .date_naive()
                    .format("%Y-%m-%d")
                    .to_string(),
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

fn open_blog(folder: Option<PathBuf>, library: Option<PathBuf>) -> anyhow::Result<Blog> {
    let cwd = std::env::current_dir().context("reading the working directory")?;
    let loc = locations::resolve(folder, library, &cwd)?;
    let (blog, salvage) =
        Blog::open_or_salvage(&loc.folder, &loc.library, now_ms()).with_context(|| {
            format!(
                "opening {} with the library {}",
                loc.folder.display(),
                loc.library.display()
            )
        })?;
    // On stderr, so that a script reading the command's output reads only that.
    if let Some(salvage) = salvage {
        eprintln!("quire: {}", salvage.message);
    }
    if blog.library().is_read_only() {
        eprintln!(
            "quire: the library {} is on a read-only location; it is opened read-only, so nothing can be saved",
            loc.library.display()
        );
    }
    Ok(blog)
}

/// The id of the post at `rel`, if the library knows it.
fn print_changes(changes: &[quire_core::sync::Change]) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    for c in changes {
        writeln!(out, "{}", serde_json::to_string(c)?)?;
    }
    out.flush()?;
    Ok(())
}

/// The post at `file`, after a scan: the library knows the folder as it is (the file's
/// history, the links a rename rewrites, what a trash takes).
fn post_id(blog: &Blog, file: &std::path::Path) -> anyhow::Result<i64> {
    blog.scan(now_ms(), false, &mut |_, _| {})
        .context("reading the content folder")?;
    Ok(blog.post_for_file(file, now_ms())?)
}

/// A time recorded in the library (ms since the epoch) in the local zone.
fn local_time(ms: i64, format: &str) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.with_timezone(&chrono::Local).format(format).to_string())
        .unwrap_or_default()
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}
