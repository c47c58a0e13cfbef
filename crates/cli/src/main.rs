//! `quire`: the command line over the same engine as the desktop app.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use quire_core::article::{self, AssetLinks};
use quire_core::blog::Blog;
use quire_core::{folder, locations};

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
    /// Create a new post from a title and print its path.
    New {
        title: String,
        /// The author (default: the library's `author` setting).
        #[arg(long)]
        author: Option<String>,
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
                    let mut status = p.status.clone();
                    if p.problem.is_some() {
                        status = "unreadable".into();
                    } else if p.missing {
                        status = "missing".into();
                    }
                    println!(
                        "{:<10} {:<10} {:>7}  {}  ({})",
                        status,
                        p.date.as_deref().unwrap_or("-"),
                        p.words,
                        p.title,
                        p.path
                    );
                }
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

fn open_blog(folder: Option<PathBuf>, library: Option<PathBuf>) -> anyhow::Result<Blog> {
    let cwd = std::env::current_dir().context("reading the working directory")?;
    let loc = locations::resolve(folder, library, &cwd)?;
    Blog::open(&loc.folder, &loc.library).with_context(|| {
        format!(
            "opening {} with the library {}",
            loc.folder.display(),
            loc.library.display()
        )
    })
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}
