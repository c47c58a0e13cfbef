//! A blog: one content folder and the library that indexes it. This is the surface the
//! desktop shell and the command line call; each method is one thing an author does.

use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;
use ts_rs::TS;

use crate::article::Site;
use crate::error::Problem;
use crate::folder::{content_hash, ContentFolder};
use crate::frontmatter::{self, Meta};
use crate::library::{FileStat, Library, PostIndex, PostRow, RevisionSource, Salvage};
use crate::markup::{self, Dialect};
use crate::{endings, markdown, settings, slug, Error, Result};

/// One content folder and the library that indexes it.
pub struct Blog {
    pub(crate) folder: ContentFolder,
    pub(crate) library: Library,
    /// The generator markup the folder's setting or site configuration names, for the
    /// word counts the list shows (see [`crate::markup::countable`]). A cell: changing
    /// the setting changes it, and the counts are made again.
    pub(crate) dialect: std::cell::Cell<Option<Dialect>>,
}

/// A post ready for the editor.
#[derive(Debug, Clone, Serialize, TS)]
pub struct OpenedPost {
    /// The post as the list shows it.
    pub post: PostRow,
    /// The text for the editor.
    pub text: String,
    /// True when `text` is an unsaved draft from the library rather than the file.
    pub from_draft: bool,
    /// True when the file changed on disk after the draft was started, or a git sync met
    /// another machine's change to the same lines: the author merges.
    pub conflict: bool,
    /// Content hash of the file version `text` is based on (`None`: no file). Every save
    /// and draft of this text names it, and the engine refuses to overwrite another one.
    pub base: Option<String>,
}

/// What keeping a draft found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct DraftSaved {
    /// The file on disk is no longer the version the draft is based on: it changed under
    /// the author's edits, and they must merge before saving.
    pub conflict: bool,
}

impl Blog {
    /// Opens the library at `library` and the content folder at `folder`. The library must
    /// live outside the folder, or syncing the folder would sync the database too.
    pub fn open(folder: &Path, library: &Path) -> Result<Blog> {
        Blog::open_with(folder, library, Library::open)
    }

    /// [`Blog::open`], salvaging a damaged library (see [`Library::open_or_salvage`]);
    /// `now` (ms) names the damaged file kept aside. The [`Salvage`] is for the author.
    pub fn open_or_salvage(
        folder: &Path,
        library: &Path,
        now: i64,
    ) -> Result<(Blog, Option<Salvage>)> {
        let mut report = None;
        let blog = Blog::open_with(folder, library, |path| {
            let (library, salvage) = Library::open_or_salvage(path, now)?;
            report = salvage;
            Ok(library)
        })?;
        Ok((blog, report))
    }

    fn open_with(
        folder: &Path,
        library: &Path,
        open: impl FnOnce(&Path) -> Result<Library>,
    ) -> Result<Blog> {
        let folder = ContentFolder::open(folder)?;
        let lib_abs = crate::locations::canonical_library(library);
        if lib_abs.starts_with(folder.root()) {
            return Err(Error::LibraryInsideFolder {
                library: lib_abs,
                folder: folder.root().to_path_buf(),
            });
        }
        let library = open(library)?;
        if !library.is_read_only() {
            library.set_setting("last_folder", &folder.root().to_string_lossy())?;
        }
        let dialect = folder_dialect(folder.root(), &library)?;
        Ok(Blog {
            folder,
            library,
            dialect: std::cell::Cell::new(dialect),
        })
    }

    /// Refuses an action that writes files when the library is read-only: the files
    /// would change with no history, no index and no draft to fall back on.
    pub fn writable(&self) -> Result<()> {
        match self.library.is_read_only() {
            true => Err(Error::LibraryReadOnly {
                path: self.library.path().to_path_buf(),
            }),
            false => Ok(()),
        }
    }

    /// The content folder, for reads that need no library: resolving paths, serving assets.
    pub fn folder(&self) -> &ContentFolder {
        &self.folder
    }

    /// The library, for queries the blog has no method of its own for (revisions, a post's row).
    pub fn library(&self) -> &Library {
        &self.library
    }

    /// Indexes `text` as the content of `rel`. Malformed front matter is recorded as the
    /// post's problem; the file itself is left alone.
    pub(crate) fn index_text(
        &self,
        rel: &str,
        text: &str,
        hash: &str,
        stat: Option<FileStat>,
        now: i64,
    ) -> Result<i64> {
        self.write_index(
            rel,
            &Indexed::of(rel, text, self.dialect.get()),
            hash,
            stat,
            now,
            false,
        )
    }

    /// Records what [`Indexed::of`] read of the text of `rel`; `new`: the library has no
    /// row at `rel` (see [`Library::index_new_post`]).
    pub(crate) fn write_index(
        &self,
        rel: &str,
        indexed: &Indexed,
        hash: &str,
        stat: Option<FileStat>,
        now: i64,
        new: bool,
    ) -> Result<i64> {
        let meta = &indexed.meta;
        let write = if new {
            Library::index_new_post
        } else {
            Library::index_post
        };
        write(
            &self.library,
            &PostIndex {
                path: rel,
                title: &indexed.title,
                status: meta.status.as_str(),
                date: meta.date.as_deref(),
                tags: &meta.tags,
                summary: meta.summary.as_deref(),
                slug: meta.slug.as_deref(),
                words: indexed.words,
                disk_hash: Some(hash),
                problem: indexed.problem.as_ref(),
                stat,
            },
            now,
        )
    }

    /// `file` (named on a command line) as a path in the content folder: relative to the
    /// working directory, or else to the folder.
    pub fn file_in_folder(&self, file: &Path) -> Result<String> {
        let abs = std::fs::canonicalize(file)
            .or_else(|_| std::fs::canonicalize(self.folder.root().join(file)))
            .map_err(Error::io(file))?;
        self.folder
            .relative(&abs)
            .ok_or_else(|| self.not_a_post(file))
    }

    /// The post of the Markdown file at `file` (named on a command line), indexed now if
    /// the library has not seen it yet. A post the library knows is not read again: a
    /// save to it still meets the version the library last saw.
    pub fn post_for_file(&self, file: &Path, now: i64) -> Result<i64> {
        let rel = Some(self.file_in_folder(file)?)
            .filter(|rel| crate::folder::is_post_path(rel))
            .ok_or_else(|| self.not_a_post(file))?;
        if let Some(known) = self.library.known(&rel)?.filter(|k| !k.missing) {
            return Ok(known.id);
        }
        self.reconcile(std::slice::from_ref(&rel), now)?;
        self.library
            .known(&rel)?
            .map(|k| k.id)
            .ok_or_else(|| self.not_a_post(file))
    }

    /// `file` (named on a command line) when it is a Markdown file that exists outside
    /// the content folder, made absolute: the author may open its folder, or the file
    /// alone. `None` for a file of the folder, a missing one, or one that is not Markdown.
    pub fn outside_file(&self, file: &Path) -> Option<std::path::PathBuf> {
        let abs = std::fs::canonicalize(file).ok()?;
        (abs.is_file() && crate::folder::is_markdown(&abs) && self.folder.relative(&abs).is_none())
            .then_some(abs)
    }

    fn not_a_post(&self, file: &Path) -> Error {
        Error::NotAPost {
            path: file.to_path_buf(),
            folder: self.folder.root().to_path_buf(),
        }
    }

    /// Every post the library knows, for the list.
    pub fn posts(&self) -> Result<Vec<PostRow>> {
        self.library.posts()
    }

    /// The text the editor should show: the unsaved draft if there is one, else the file.
    /// The post is remembered as the one to reopen at the next start.
    pub fn open_post(&self, id: i64) -> Result<OpenedPost> {
        let post = self.library.post(id)?;
        if !self.library.is_read_only() {
            self.library.set_setting("last_post", &id.to_string())?;
        }
        if let Some(draft) = self.library.draft(id)? {
            let disk_hash = self.library.known(&post.path)?.and_then(|k| k.disk_hash);
            let conflict =
                post.conflicted || (draft.base_hash.is_some() && draft.base_hash != disk_hash);
            return Ok(OpenedPost {
                post,
                text: draft.text,
                from_draft: true,
                conflict,
                base: draft.base_hash,
            });
        }
        let raw = self.folder.read(&post.path)?;
        let base = Some(content_hash(&raw));
        Ok(OpenedPost {
            // A git sync met another machine's change to the same lines.
            conflict: post.conflicted,
            post,
            text: endings::into_editor(raw),
            from_draft: false,
            base,
        })
    }

    /// Keeps the editor's unsaved text, based on the file version `base` (see
    /// [`OpenedPost::base`]). Cheap enough for every pause in typing: one upsert.
    ///
    /// The draft is always kept. If the file on disk, as the library last saw it, is
    /// another version than `base`, the answer says so: the file changed under the edits
    /// (perhaps before the watcher's news of it reached the editor) and the author merges.
    /// A file gone from disk is not a conflict; the post shows as missing instead.
    pub fn save_draft(
        &self,
        id: i64,
        text: &str,
        base: Option<&str>,
        now: i64,
    ) -> Result<DraftSaved> {
        let on_disk = self.library.save_draft(id, text, base, now)?;
        Ok(DraftSaved {
            conflict: on_disk.is_some() && on_disk.as_deref() != base,
        })
    }

    /// Writes the editor's text to the post's file and records it as a revision.
    ///
    /// `base` names the file version the text was based on. If the file on disk is another
    /// version now (another tool wrote it, and the author has not seen that), nothing is
    /// written and the error is [`Error::DiskChanged`]: overwriting would lose the other
    /// tool's words. The caller keeps the text as a draft and offers the merge.
    ///
    /// Text whose front matter does not parse is refused too: the draft stays in the
    /// library, and the file on disk stays as it was, until the author fixes it.
    pub fn save(&self, id: i64, text: &str, base: Option<&str>, now: i64) -> Result<PostRow> {
        self.save_as(id, text, base, RevisionSource::Editor, now)
    }

    /// [`Blog::save`], recording where the text came from (the editor, a merge).
    pub fn save_as(
        &self,
        id: i64,
        text: &str,
        base: Option<&str>,
        source: RevisionSource,
        now: i64,
    ) -> Result<PostRow> {
        self.writable()?;
        frontmatter::read(text)?;
        let post = self.library.post(id)?;
        let styled = self.in_files_style(&post.path, text);
        if let Err(e) = self.expect_on_disk(&post.path, base, &styled) {
            // Refused, not lost: the text stays as the post's draft, based on the version
            // it was made from, and the merge takes it from there.
            self.library.save_draft(id, text, base, now)?;
            return Err(e);
        }
        let row = self.write_post(id, &post.path, &styled, source, now)?;
        if !row.conflicted {
            return Ok(row);
        }
        // The author's save of a post a git sync flagged is their settlement of it.
        self.library.settle_conflict(id)?;
        self.library.post(id)
    }

    /// `text` (the editor's, in `\n`) with the line endings, BOM and all of the file at
    /// `rel` as it is now (see [`endings::restyle`]); as it is when there is no file.
    pub(crate) fn in_files_style<'a>(&self, rel: &str, text: &'a str) -> std::borrow::Cow<'a, str> {
        match self.folder.read(rel) {
            Ok(raw) => endings::restyle(&raw, text),
            Err(_) => std::borrow::Cow::Borrowed(text),
        }
    }

    /// The overwrite rule, the one place it lives: a write of `text` to `rel` may replace
    /// only the file version `base` (`None`: no file at all), or a file that already
    /// holds `text` (nothing of anyone's is lost then).
    ///
    /// The file is read now rather than trusting the library's last sight of it: the
    /// watcher reports a change some tens of milliseconds after it happens. A writer that
    /// slips in between this check and the rename is not caught; that window is the
    /// length of one atomic write.
    pub(crate) fn expect_on_disk(&self, rel: &str, base: Option<&str>, text: &str) -> Result<()> {
        let on_disk = self.folder.hash_on_disk(rel)?;
        if on_disk.as_deref() == base || on_disk.as_deref() == Some(&content_hash(text)) {
            return Ok(());
        }
        Err(Error::DiskChanged {
            path: rel.to_string(),
        })
    }

    /// Writes `text` to the post's file atomically, indexes it, records it as a revision
    /// from `source` and drops the draft it replaces. Callers check
    /// [`Blog::expect_on_disk`] first.
    pub(crate) fn write_post(
        &self,
        id: i64,
        rel: &str,
        text: &str,
        source: RevisionSource,
        now: i64,
    ) -> Result<PostRow> {
        self.folder.write_atomic(rel, text)?;
        let hash = content_hash(text);
        let stat = self.folder.stat(rel).ok();
        self.index_text(rel, text, &hash, stat, now)?;
        self.library.add_revision(id, text, &hash, source, now)?;
        self.library.clear_draft(id)?;
        self.library.post(id)
    }

    /// Creates a post file from a title with Quire's front matter defaults.
    pub fn create(&self, title: &str, author: &str, today: &str, now: i64) -> Result<PostRow> {
        self.writable()?;
        let title = title.trim();
        if title.is_empty() {
            return Err(Error::EmptyTitle);
        }
        let rel = self.folder.free_name(&slug::slugify(title))?;
        let text = format!(
            "---\ntitle: {}\nauthor: {}\ndate: {today}\nstatus: draft\n---\n\n",
            // Titles may hold `:` or `#`, which plain scalars cannot.
            frontmatter::edit::quoted(title),
            frontmatter::edit::quoted(author)
        );
        self.write_new(&rel, &text, now)
    }

    /// Writes a new post's file at `rel` (free, as the caller made sure), indexes it and
    /// records its first revision.
    pub(crate) fn write_new(&self, rel: &str, text: &str, now: i64) -> Result<PostRow> {
        self.folder.write_atomic(rel, text)?;
        let hash = content_hash(text);
        let stat = self.folder.stat(rel).ok();
        let id = self.index_text(rel, text, &hash, stat, now)?;
        self.library
            .add_revision(id, text, &hash, RevisionSource::New, now)?;
        self.library.post(id)
    }

    /// The post opened last, if it is still in the library.
    pub fn last_opened(&self) -> Result<Option<i64>> {
        let id = self
            .library
            .setting("last_post")?
            .and_then(|v| v.parse().ok());
        Ok(id.filter(|id| self.library.post(*id).is_ok()))
    }

    /// Changes one of the blog-wide settings of [`Blog::site`], refusing a value the
    /// setting does not accept (the error names the setting and what it expects).
    ///
    /// A change of the dialect the folder is written for changes what its posts' words
    /// are (a shortcode is markup, not prose): every count is made again (see
    /// [`Blog::count_words`]); meanwhile the list shows none rather than a stale one.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        let value = settings::check(key, value, "settings")?;
        self.library.set_setting(key, &value)?;
        if key == "dialect" {
            let now = folder_dialect(self.folder.root(), &self.library)?;
            if self.dialect.replace(now) != now {
                self.library.forget_counts()?;
            }
        }
        Ok(())
    }

    /// The blog-wide settings: the defaults, then the library's, then the content
    /// folder's `quire.toml`, which wins because it travels with the posts.
    pub fn site(&self) -> Result<Site> {
        let mut site = Site::default();
        for setting in settings::SETTINGS {
            if let Some(v) = self.library.setting(setting.key)? {
                // A value stored by an older Quire that no longer passes is skipped, not fatal.
                if let Ok(v) = settings::check(setting.key, &v, "settings") {
                    settings::apply(&mut site, setting.key, v)?;
                }
            }
        }
        for (key, value) in settings::read_folder_file(self.folder.root())? {
            settings::apply(&mut site, key, value)?;
        }
        // The folder's files, not the library's list: a folder opened for the first time
        // (or the command line, which does not scan first) has its posts all the same.
        let paths = self.folder.scan()?;
        let mut found = markup::of_folder(self.folder.root(), &site.dialect, &paths);
        // Where a post says it is published, as the last scan read it.
        found.posts.set_slugs(self.library.slugs()?);
        site.dialect_found = found.dialect;
        site.markup = std::sync::Arc::new(found);
        Ok(site)
    }

    /// The settings `quire.toml` sets, which the library's cannot override.
    pub fn folder_settings(&self) -> Result<Vec<&'static str>> {
        Ok(settings::read_folder_file(self.folder.root())?
            .into_iter()
            .map(|(k, _)| k)
            .collect())
    }
}

/// What the index records of a post's text, read off it without the library: a scan
/// reads many files at once on all cores, and writes them one by one.
pub(crate) struct Indexed {
    meta: Meta,
    title: String,
    words: Option<u64>,
    problem: Option<Problem>,
}

impl Indexed {
    /// Reads the text of `rel`. Malformed front matter is the post's problem, and the
    /// whole text is then its body.
    pub(crate) fn of(rel: &str, text: &str, dialect: Option<Dialect>) -> Indexed {
        Indexed::read(rel, text, dialect, true)
    }

    /// [`Indexed::of`] but for the word count, which [`Blog::count_words`] fills in.
    pub(crate) fn listed(rel: &str, text: &str, dialect: Option<Dialect>) -> Indexed {
        Indexed::read(rel, text, dialect, false)
    }

    /// `dialect`: the folder's, as its setting or configuration names it.
    fn read(rel: &str, text: &str, dialect: Option<Dialect>, count: bool) -> Indexed {
        let (mut meta, body, problem) = match frontmatter::read(text) {
            Ok((meta, body)) => (meta, body, None),
            Err(e) => (Meta::default(), text, Some(Problem::from(&e))),
        };
        if dialect == Some(Dialect::Jekyll) || markup::jekyll_path(rel) {
            meta.place(rel);
        }
        let words = count.then(|| markdown::count_words(&markup::countable(body, dialect)));
        let title = meta
            .title
            .clone()
            .or_else(|| leading_heading(body))
            .unwrap_or_else(|| file_title(rel));
        Indexed {
            meta,
            title,
            words,
            problem,
        }
    }
}

/// The words the list shows for `text`: its body's, or the whole text's when its front
/// matter could not be read, as [`Indexed::of`] counts them.
fn count_words(text: &str, front_matter_failed: bool, dialect: Option<Dialect>) -> u64 {
    let body = if front_matter_failed {
        text
    } else {
        frontmatter::split(text).map_or(text, |s| s.body)
    };
    markdown::count_words(&markup::countable(body, dialect))
}

impl Blog {
    /// How many posts [`Blog::count_words`] has yet to count.
    pub fn words_to_count(&self) -> Result<u32> {
        self.library.uncounted_count()
    }

    /// Counts the words of up to `limit` posts a scan listed uncounted
    /// ([`Blog::scan_listing`]); returns how many are left. The files are read and counted
    /// on all cores. A file changed since it was listed is counted from the revision of
    /// the version the library knows: the change brings its own count when it is read.
    pub fn count_words(&self, limit: usize) -> Result<u32> {
        if self.library.is_read_only() {
            return Ok(0);
        }
        let posts = self.library.uncounted(limit)?;
        if posts.is_empty() {
            return Ok(0);
        }
        let folder = &self.folder;
        let dialect = self.dialect.get();
        let from_files: Vec<Option<u64>> = posts
            .par_iter()
            .map(|p| {
                let text = folder.read(&p.path).ok()?;
                (content_hash(&text) == p.disk_hash)
                    .then(|| count_words(&text, p.front_matter_failed, dialect))
            })
            .collect();
        let mut counts = Vec::with_capacity(posts.len());
        for (p, words) in posts.iter().zip(from_files) {
            let words = match words {
                Some(words) => words,
                None => match self.library.text_by_hash(p.id, &p.disk_hash) {
                    Ok(Some(text)) => count_words(&text, p.front_matter_failed, dialect),
                    // Neither the file nor the history has that version whole (the file
                    // changed again, its revision is damaged): nothing to count, and
                    // asking again would find nothing more. Its next change is counted.
                    Ok(None) | Err(_) => 0,
                },
            };
            counts.push((p.id, p.disk_hash.as_str(), words));
        }
        self.library.set_counts(&counts)?;
        self.library.uncounted_count()
    }
}

fn leading_heading(body: &str) -> Option<String> {
    let line = body.lines().find(|l| !l.trim().is_empty())?;
    let title = line.strip_prefix("# ")?.trim();
    (!title.is_empty()).then(|| title.to_string())
}

/// The dialect the folder at `root` is written in: its `quire.toml`'s setting, else the
/// library's, else what its site configuration says.
fn folder_dialect(root: &Path, library: &Library) -> Result<Option<Dialect>> {
    let setting = settings::read_folder_file(root)
        .ok()
        .and_then(|s| s.into_iter().find(|(k, _)| *k == "dialect").map(|(_, v)| v))
        .or(library.setting("dialect")?)
        .unwrap_or_default();
    Ok(markup::configured(root, &setting))
}

/// The title the text of the post at `rel` gives it, as the list shows it: its front
/// matter's, else its leading heading, else its file's name.
pub fn post_title(rel: &str, text: &str) -> String {
    Indexed::listed(rel, text, None).title
}

/// `notes/my-post.md` → `my-post`; `my-post/index.md` → `my-post`.
pub fn file_title(rel: &str) -> String {
    let path = Path::new(rel);
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or(rel);
    if stem == "index" {
        if let Some(dir) = path
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|s| s.to_str())
        {
            return dir.to_string();
        }
    }
    stem.to_string()
}
