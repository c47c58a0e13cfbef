//! The command line's grammar: every subcommand, flag and help text, declared once for
//! the parser (and for what is generated from it: help, a man page, completions).

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(name = "quire", version, about = "Write, list and render Quire posts")]
pub struct Cli {
    /// The content folder of Markdown posts (default: the last one opened, or ./content).
    #[arg(long, global = true, env = "QUIRE_FOLDER")]
    pub folder: Option<PathBuf>,
    /// The SQLite library file (default: in the platform data dir).
    #[arg(long, global = true, env = "QUIRE_LIBRARY")]
    pub library: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
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
    /// Publish the blog: export it, compare with what the target has, send the difference.
    ///
    /// Targets are set in the content folder's quire.toml as [publish.NAME] tables
    /// (git = "URL" with branch and domain, ssh = "[USER@]HOST:PATH", or folder = "DIR"),
    /// or given once by --git, --ssh or --to-folder. Only files that changed are sent (by
    /// content); a file changed or deleted on the target by hand is sent again; a file
    /// Quire never published is never deleted. A token for an https git remote is read
    /// from QUIRE_PUBLISH_TOKEN; QUIRE_SSH_COMMAND replaces the ssh command.
    Publish(Publish),
    /// Share the content folder through git: commit the saved changes under it (with a
    /// message naming the posts), fetch, integrate the upstream and push.
    ///
    /// A post changed on both sides is merged by Quire's three-way merge; where both
    /// changed the same lines the file keeps this machine's text, the other goes into
    /// the post's history, and the post is flagged for the merge panel (no conflict
    /// markers). A repository in the middle of a rebase, a merge or a detached HEAD, or
    /// with uncommitted changes outside the content folder, is left alone. A push the
    /// remote refuses because it moved is integrated again, never forced.
    Sync {
        /// Make the content folder a git repository whose remote `origin` is REMOTE (or
        /// add the remote to a repository that has none); the first sync pushes.
        #[arg(long, value_name = "REMOTE")]
        init: Option<String>,
        /// Print how the repository stands (branch, ahead and behind, changed files)
        /// and change nothing.
        #[arg(long, conflicts_with = "init")]
        status: bool,
    },
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
    /// Bring a blog in from WordPress, Ghost or Medium: each post becomes a Markdown file
    /// in the content folder (pages under pages/), its old address kept in its front
    /// matter. Running it again skips the posts already brought in; a malformed export
    /// imports nothing. Images stay on the old site and are listed, to fetch.
    Import(Import),
    /// Create a new post from a title and print its path.
    New {
        title: String,
        /// The author (default: the library's `author` setting).
        #[arg(long)]
        author: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum Export {
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

/// `quire publish`: where to, and how.
#[derive(clap::Args, Debug)]
pub struct Publish {
    /// The target's name in quire.toml (not needed when there is only one).
    pub name: Option<String>,
    /// Print the plan and send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask before a plan that deletes much of the site.
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Publish to this git repository, once.
    #[arg(long, value_name = "URL", conflicts_with_all = ["ssh", "to_folder", "name"])]
    pub git: Option<String>,
    /// The branch of --git (gh-pages if not given).
    #[arg(long, value_name = "BRANCH", requires = "git")]
    pub branch: Option<String>,
    /// Publish to this folder of a server over SSH ([USER@]HOST:PATH), once.
    #[arg(long, value_name = "[USER@]HOST:PATH", conflicts_with_all = ["to_folder", "name"])]
    pub ssh: Option<String>,
    /// Publish to this folder (a mounted or synced one), once. (`--folder` names the
    /// content folder, for every subcommand.)
    #[arg(long, value_name = "DIR", conflicts_with = "name")]
    pub to_folder: Option<PathBuf>,
    /// Print nothing but the summary and errors.
    #[arg(long)]
    pub quiet: bool,
    /// Remove the token kept in the system keyring for the target, and publish nothing.
    #[arg(long, conflicts_with_all = ["dry_run", "yes"])]
    pub forget_token: bool,
}

/// `quire import`: from where, and whether to write.
#[derive(clap::Args, Debug)]
pub struct Import {
    #[command(subcommand)]
    pub from: ImportFrom,
    /// Print what would be imported and write nothing.
    #[arg(long, global = true)]
    pub dry_run: bool,
}

#[derive(Subcommand, Debug)]
pub enum ImportFrom {
    /// A WordPress export (Tools → Export → All content): a WXR .xml file.
    Wordpress {
        /// The .xml file.
        file: PathBuf,
    },
    /// A Ghost export (Settings → Labs → Export): a .json file.
    Ghost {
        /// The .json file.
        file: PathBuf,
    },
    /// A Medium archive (Settings → Download your information), unpacked.
    Medium {
        /// The archive's folder, or its posts/ folder.
        dir: PathBuf,
    },
}
