// Generated from the Rust types by `src-tauri/src/ipc.rs`; do not edit.
// Regenerate: UPDATE_BINDINGS=1 cargo test -p quire-app bindings

/**
 * What went wrong, as a stable machine-readable code. The ui, scripts and the library's
 * stored problems branch on this, never on a message's text. Serialized in snake_case.
 */
export type ErrorCode = "io" | "not_text" | "too_large" | "front_matter" | "library_open" | "library_too_new" | "library_damaged" | "library_read_only" | "library" | "path_escape" | "library_inside_folder" | "no_folder" | "folder_missing" | "no_such_post" | "no_such_revision" | "watch" | "unknown_setting" | "empty_title" | "unsaved" | "path_taken" | "preview_out_of_step" | "template" | "disk_changed" | "bad_setting" | "duplicate_slug" | "output_inside_folder" | "cancelled" | "not_an_image" | "image_too_big" | "not_a_post" | "publish_target" | "missing_tool" | "unreachable" | "auth_refused" | "no_keyring" | "branch_moved" | "remote_failed" | "file_alone" | "not_a_repository" | "repository_busy" | "sync_conflict" | "malformed_export" | "not_an_export" | "internal" | "ipc";

/**
 * A failed command or a failure reported by event.
 */
export type CommandError = { 
/**
 * What went wrong: the ui branches on this.
 */
code: ErrorCode, 
/**
 * The explanation for the author.
 */
message: string, };

/**
 * Why a post cannot be opened or rendered, as the library keeps it and the list shows it.
 */
export type Problem = { 
/**
 * What kind of problem: the ui branches on this.
 */
code: ErrorCode, 
/**
 * The explanation for the author.
 */
message: string, };

/**
 * Where a post is in its life, from its front matter's `status` (or Hugo's `draft`).
 */
export type Status = "draft" | "published" | "scheduled";

/**
 * A post as the library sidebar lists it.
 */
export type PostRow = { 
/**
 * The post's id, stable across renames and rescans.
 */
id: number, 
/**
 * Relative to the content folder, `/`-separated.
 */
path: string, 
/**
 * From the front matter, else the first heading, else the file name.
 */
title: string, 
/**
 * From the front matter.
 */
status: Status, 
/**
 * From the front matter, as written there.
 */
date: string | null, 
/**
 * Words of the body, CJK characters counted one each; `None` until the words of the
 * file version the library last saw are counted (just after a start-up scan).
 */
words: number | null, 
/**
 * Why the file cannot be opened or rendered, if it cannot.
 */
problem: Problem | null, 
/**
 * The file is gone from disk; the post and its history stay.
 */
missing: boolean, 
/**
 * The post has an unsaved draft in the library.
 */
has_draft: boolean, 
/**
 * From the front matter, as written there.
 */
tags: Array<string>, 
/**
 * When the post last changed, in milliseconds since the epoch: the later of the
 * file's modification and the draft's.
 */
edited: number, 
/**
 * Content hash of the file version the library last saw on disk: the version a save
 * made after this row must be based on.
 */
disk_hash: string | null, 
/**
 * When the post was last published (to any target), in milliseconds since the epoch.
 */
published: number | null, 
/**
 * The publish targets that have the post, by name.
 */
published_to: Array<string>, 
/**
 * The file changed since a target last received it.
 */
changed_since_publish: boolean, 
/**
 * A git sync met another machine's change to the same lines: the file kept the
 * author's, the other is in the history, and the author has to settle it.
 */
conflicted: boolean, };

/**
 * A post ready for the editor.
 */
export type OpenedPost = { 
/**
 * The post as the list shows it.
 */
post: PostRow, 
/**
 * The text for the editor.
 */
text: string, 
/**
 * True when `text` is an unsaved draft from the library rather than the file.
 */
from_draft: boolean, 
/**
 * True when the file changed on disk after the draft was started, or a git sync met
 * another machine's change to the same lines: the author merges.
 */
conflict: boolean, 
/**
 * Content hash of the file version `text` is based on (`None`: no file). Every save
 * and draft of this text names it, and the engine refuses to overwrite another one.
 */
base: string | null, };

/**
 * What keeping a draft found.
 */
export type DraftSaved = { 
/**
 * The file on disk is no longer the version the draft is based on: it changed under
 * the author's edits, and they must merge before saving.
 */
conflict: boolean, };

/**
 * What happened to a post on disk, as the app and `quire watch` report it.
 */
export type Change = { "kind": "created", 
/**
 * The post's id.
 */
id: number, 
/**
 * The post's path, relative to the content folder.
 */
path: string, } | { "kind": "modified", 
/**
 * The post's id.
 */
id: number, 
/**
 * The post's path, relative to the content folder.
 */
path: string, } | { "kind": "conflict", 
/**
 * The post's id.
 */
id: number, 
/**
 * The post's path, relative to the content folder.
 */
path: string, } | { "kind": "removed", 
/**
 * The post's id.
 */
id: number, 
/**
 * The path the file was at, relative to the content folder.
 */
path: string, } | { "kind": "renamed", 
/**
 * The post's id.
 */
id: number, 
/**
 * The old path, relative to the content folder.
 */
from: string, 
/**
 * The new path, relative to the content folder.
 */
to: string, } | { "kind": "asset", 
/**
 * The id of the post that links to the file.
 */
id: number, 
/**
 * The changed file's path, relative to the content folder.
 */
path: string, };

/**
 * Where a revision came from, as the history shows it.
 */
export type RevisionSource = "disk" | "editor" | "new" | "draft" | "merge" | "restore" | "remote";

/**
 * A revision as the history lists it.
 */
export type RevisionInfo = { 
/**
 * The revision's id, within its post.
 */
id: number, 
/**
 * Where this version came from.
 */
source: RevisionSource, 
/**
 * When it was recorded, in milliseconds since the epoch.
 */
created_at: number, 
/**
 * Its size in bytes of UTF-8.
 */
bytes: number, 
/**
 * Where it came from, in words, when its source does not say it all (a remote
 * version's commit and author).
 */
note: string | null, };

/**
 * A line of a diff from a revision to the current text.
 */
export type DiffKind = "same" | "add" | "del" | "gap";

/**
 * One line of [`Blog::diff_revision`].
 */
export type DiffLine = { 
/**
 * What the line is to the current text.
 */
kind: DiffKind, 
/**
 * The line, without its line ending.
 */
text: string, };

/**
 * One part of a merge, in text order: settled, or left for the author to settle.
 */
export type Chunk = { "kind": "resolved", 
/**
 * The text this part merges to.
 */
text: string, } | { "kind": "conflict", 
/**
 * This part as the base had it (empty if the base had none).
 */
base: string, 
/**
 * This part in the author's text.
 */
mine: string, 
/**
 * This part in the file on disk.
 */
theirs: string, };

/**
 * Everything the merge view shows.
 */
export type MergeView = { 
/**
 * The last version both sides shared.
 */
base: string, 
/**
 * The author's text.
 */
mine: string, 
/**
 * The file on disk.
 */
theirs: string, 
/**
 * Content hash of `theirs`: the version accepting the merge replaces.
 */
theirs_hash: string, 
/**
 * The merge, part by part.
 */
chunks: Array<Chunk>, 
/**
 * The merged text when no chunk conflicts.
 */
clean: string | null, 
/**
 * Where `theirs` came from when it is another machine's (a git sync's conflict):
 * its commit and author. `None`: it is the file on disk.
 */
remote: string | null, };

/**
 * The page around the article's body: everything before it and everything after it.
 */
export type Shell = { 
/**
 * The page up to the body's first block.
 */
head: string, 
/**
 * The page after the body's last block.
 */
tail: string, };

/**
 * What the window must change to show the newest render.
 */
export type PreviewPatch = { 
/**
 * The text version whose render this patch changes (0: none, the window starts over).
 * A window showing anything else must ask for the whole article.
 */
from: number, 
/**
 * The text version the patched window shows.
 */
version: number, 
/**
 * The new page around the body, when it changed (or when the window has none yet).
 */
shell: Shell | null, 
/**
 * The body's blocks `start .. start + removed` become `inserted`.
 */
start: number, 
/**
 * How many of the shown blocks, from `start` on, are replaced.
 */
removed: number, 
/**
 * The HTML of the blocks put in their place, in order.
 */
inserted: Array<string>, 
/**
 * The editor's line (from 1) where each inserted block starts.
 */
lines: Array<number>, 
/**
 * Lines added (or, negative, removed) before the blocks after the inserted ones: their
 * HTML is unchanged, their lines move by this much.
 */
shift: number, 
/**
 * The headings, when they (or their lines) changed since the last patch.
 */
outline: Array<Heading> | null, 
/**
 * The article's title, sent every time: it is small.
 */
title: string, 
/**
 * The word count, CJK characters counted one each.
 */
words: number, 
/**
 * Characters of prose (code and front matter left out).
 */
chars: number, 
/**
 * Reading time in whole minutes, rounded up.
 */
minutes: number, };

/**
 * One change to the text, as the editor (CodeMirror) reports it: `from..to` replaced by
 * `insert`. Offsets count UTF-16 code units, the way JavaScript strings do, and all of a
 * batch's offsets refer to the text before the batch.
 */
export type TextEdit = { 
/**
 * Start of the replaced range.
 */
from: number, 
/**
 * End of the replaced range.
 */
to: number, 
/**
 * The text put in its place.
 */
insert: string, };

/**
 * The generator whose markup a content folder's posts are written in.
 */
export type Dialect = "quire" | "hugo" | "jekyll" | "zola";

/**
 * The blog platform an import reads the export of.
 */
export type ImportSource = "wordpress" | "ghost" | "medium";

/**
 * What an import from the window brought in.
 */
export type ImportSummary = { source: ImportSource, 
/**
 * Posts written.
 */
imported: number, 
/**
 * Of those, drafts.
 */
drafts: number, 
/**
 * Posts an earlier import already brought in, left as they are.
 */
skipped: number, 
/**
 * Images still on the old site, linked from the posts, for the author to fetch.
 */
remote_images: Array<string>, };

/**
 * What the article page needs to know about the blog it belongs to.
 */
export type Site = { 
/**
 * The blog's name, in every page's title.
 */
title: string, 
/**
 * The line every article ends with.
 */
footer: string, 
/**
 * Shown when a post names no author; the author of new posts.
 */
author: string, 
/**
 * The pages' language, as a BCP 47 tag.
 */
lang: string, 
/**
 * What the blog is about: the site's description for search engines and feeds.
 */
description: string, 
/**
 * The address the site is published at, ending in `/` (may have a sub-path); empty
 * until the author sets one, and then exported links stay relative and feeds use
 * relative addresses.
 */
base_url: string, 
/**
 * Posts on each page of the exported index.
 */
per_page: number, 
/**
 * The avatar of posts that name none: an image in the content folder or a web address.
 */
avatar: string, 
/**
 * A theme folder inside the content folder; empty = `theme/` if there is one, else
 * the built-in theme.
 */
theme: string, 
/**
 * The reading rate for the "N min read" of Latin-script text, in words a minute.
 */
words_per_minute: number, 
/**
 * The reading rate of CJK text, in characters a minute.
 */
cjk_per_minute: number, 
/**
 * The largest image, in megabytes, the editor copies into the content folder when
 * one is pasted or dropped.
 */
image_limit_mb: number, 
/**
 * The generator whose markup the posts are written in: `auto` (told from the
 * folder), `quire`, `hugo`, `jekyll` or `zola`.
 */
dialect: string, 
/**
 * The dialect in use, as [`crate::blog::Blog::site`] found it (from the setting, the
 * site's configuration or the posts): what Settings shows and the editor marks. Not
 * a setting: what is sent back is ignored.
 */
dialect_found: Dialect, };

/**
 * Where the app works, and what it starts with.
 */
export type AppInfo = { 
/**
 * The content folder.
 */
folder: string, 
/**
 * The library file.
 */
library: string, 
/**
 * The folder of the app's log files.
 */
log: string, 
/**
 * The site settings.
 */
site: Site, 
/**
 * The post open when the app last closed.
 */
last_post: number | null, 
/**
 * Why no content folder is open (`folder_missing`, `no_folder`): the window offers
 * to choose one.
 */
unopened: CommandError | null, 
/**
 * Where a blog started from nothing goes (`~/Documents/Quire`).
 */
default_folder: string, 
/**
 * What salvaging a damaged library at start recovered.
 */
salvaged: Salvage | null, 
/**
 * The library is on a read-only location: posts can be read, not edited.
 */
read_only: boolean, 
/**
 * Why the file named on the command line could not be opened.
 */
open_error: CommandError | null, 
/**
 * The file named on the command line lies outside the content folder: the window
 * asks what to do with it.
 */
outside: OutsideFile | null, 
/**
 * The file edited alone, when the window is in that mode: no library features.
 */
alone: string | null, };

/**
 * What a salvage recovered, for the window's notice and the command line's stderr.
 */
export type Salvage = { 
/**
 * Where the damaged file was moved; it is kept.
 */
moved_to: string, 
/**
 * What happened, in one paragraph for the author: the window shows it as it is.
 */
message: string, 
/**
 * What SQLite said of it.
 */
reason: string, 
/**
 * Posts whose row was read (their ids, paths and titles).
 */
posts: number, 
/**
 * Unsaved drafts recovered.
 */
drafts: number, 
/**
 * Revisions recovered.
 */
revisions: number, 
/**
 * Posts in the trash recovered.
 */
trashed: number, };

/**
 * A post to open, named on a later launch's command line.
 */
export type OpenRequest = { 
/**
 * The post's id.
 */
id: number, };

/**
 * A Markdown file named on a command line (a double click in the file manager) that
 * lies outside the content folder: the window asks whether to open its folder as the
 * content folder or to edit the file alone. Nothing is read or written meanwhile.
 */
export type OutsideFile = { 
/**
 * The file.
 */
file: string, 
/**
 * Its folder.
 */
folder: string, 
/**
 * The content folder open now.
 */
content_folder: string, };

/**
 * How the author opens a file outside the content folder.
 */
export type OutsideChoice = "folder" | "file";

/**
 * What the window is asked to do from the menu bar.
 */
export type MenuAction = { 
/**
 * The action's id (`menu_table.rs`): a shortcut's (`save`, `newPost`…), or `undo`,
 * `redo`, `find`, `replace`, `openFolder`, `import`, `publish`, `sync`,
 * `theme:NAME`, or `restart` (the shell switched folders: the window starts over).
 */
action: string, };

/**
 * How far the start-up scan is.
 */
export type ScanProgress = { 
/**
 * Paths read so far.
 */
done: number, 
/**
 * Paths to read.
 */
total: number, };

/**
 * What an export did, for the one-line summary.
 */
export type Summary = { 
/**
 * Posts published.
 */
posts: number, 
/**
 * Files of the site, in all.
 */
files: number, 
/**
 * Files written because their inputs changed.
 */
written: number, 
/**
 * Files left as they were.
 */
unchanged: number, 
/**
 * Files of the previous export removed (deleted or unpublished posts).
 */
removed: number, 
/**
 * Posts read and rendered because they are new or their text changed; the others
 * came from the last export's record.
 */
rendered: number, 
/**
 * Posts left out because they could not be read, with the reason.
 */
skipped: Array<[string, string]>, 
/**
 * How long it took, in milliseconds.
 */
millis: number, 
/**
 * The output folder.
 */
out: string, };

/**
 * An exported file.
 */
export type Exported = { 
/**
 * Where it was written.
 */
path: string, };

/**
 * How far a site export is: pages rendered of the pages to render.
 */
export type ExportProgress = { done: number, total: number, };

/**
 * How a target receives the site.
 */
export type Kind = { "type": "git", 
/**
 * Any URL git takes: `file://`, `ssh://`, `git@host:repo`, `https://`.
 */
url: string, 
/**
 * The branch.
 */
branch: string, 
/**
 * The site's own domain, written as `CNAME` (GitHub Pages reads it).
 */
domain: string | null, 
/**
 * Each publish replaces the branch's history with one commit.
 */
replace_history: boolean, } | { "type": "ssh", 
/**
 * `[USER@]HOST:PATH`.
 */
destination: string, } | { "type": "folder", 
/**
 * The folder.
 */
dir: string, };

/**
 * A place to publish to.
 */
export type Target = { 
/**
 * Its name in `quire.toml`, or for a one-off target its address: what the library
 * records the target's files under.
 */
name: string, 
/**
 * How and where.
 */
kind: Kind, 
/**
 * An export folder the author chose, instead of the target's cache.
 */
export: string | null, };

/**
 * What a publish will send, as the author sees it before it starts.
 */
export type Plan = { 
/**
 * The target's name.
 */
target: string, 
/**
 * Where it publishes, in words: a branch and a URL, a host and a path, a folder.
 */
destination: string, 
/**
 * Files to send: new, changed, or changed or deleted on the target by hand.
 */
upload: number, 
/**
 * Files Quire published before that the site no longer has.
 */
delete: number, 
/**
 * Files the target already has as they are.
 */
unchanged: number, 
/**
 * The plan deletes much of the site: the author confirms it first.
 */
confirm: boolean, 
/**
 * The address readers open (the `base_url` setting), if set.
 */
address: string | null, };

/**
 * Where a publish is.
 */
export type Step = { "step": "exporting", 
/**
 * Done so far.
 */
done: number, 
/**
 * In all.
 */
total: number, } | { "step": "comparing" } | { "step": "sending", 
/**
 * Sent so far.
 */
done: number, 
/**
 * To send.
 */
total: number, } | { "step": "deleting" };

/**
 * What a publish did, for the one-line summary.
 */
export type Published = { 
/**
 * The target's name.
 */
target: string, 
/**
 * Where it went, in words.
 */
destination: string, 
/**
 * Files sent.
 */
uploaded: number, 
/**
 * Files deleted.
 */
deleted: number, 
/**
 * Files the target already had.
 */
unchanged: number, 
/**
 * How long it took, export included, in milliseconds.
 */
millis: number, 
/**
 * The address readers open (`base_url`), if set.
 */
address: string | null, 
/**
 * The commit pushed, for a git target that changed.
 */
commit: string | null, };

/**
 * How a publish ended: sent, or waiting for the author to confirm its plan.
 */
export type PublishOutcome = { "outcome": "published", 
/**
 * What was sent where.
 */
published: Published, } | { "outcome": "confirm", 
/**
 * The plan to confirm.
 */
plan: Plan, };

/**
 * What the `onProgress` channel of `publish` carries: the plan once it is made, then
 * each step.
 */
export type PublishProgress = { "kind": "plan", 
/**
 * The plan.
 */
plan: Plan, } | { "kind": "step", 
/**
 * Where it is.
 */
step: Step, };

/**
 * A secret the author typed (a token for an https remote): never printed, so a command's
 * arguments can be logged whole.
 */
export type Secret = string;

/**
 * The repository as the status bar and the list show it.
 */
export type RepoStatus = { 
/**
 * The branch checked out; `None` on a detached HEAD.
 */
branch: string | null, 
/**
 * Its upstream, as `origin/main`, if it has one.
 */
upstream: string | null, 
/**
 * Commits on the branch the upstream (as last fetched) does not have.
 */
ahead: number, 
/**
 * Commits on the upstream (as last fetched) the branch does not have.
 */
behind: number, 
/**
 * What the author is in the middle of, which a sync leaves alone.
 */
busy: string | null, 
/**
 * Files of the content folder that differ from `HEAD`, relative to the folder.
 */
files: Array<FileChange>, };

/**
 * A file of the content folder that differs from `HEAD`.
 */
export type FileChange = { 
/**
 * Relative to the content folder, `/`-separated.
 */
path: string, 
/**
 * How it differs.
 */
state: FileState, };

/**
 * How a file differs from `HEAD`.
 */
export type FileState = "new" | "changed" | "removed";

/**
 * What a sync did.
 */
export type SyncReport = { 
/**
 * The commit of the saved changes, if there were any.
 */
committed: Committed | null, 
/**
 * The upstream, as `origin/main`; `None` when the repository has no remote.
 */
upstream: string | null, 
/**
 * Commits brought in from the upstream.
 */
pulled: number, 
/**
 * Commits sent to the upstream.
 */
pushed: number, 
/**
 * Paths in the content folder the pull wrote, `/`-separated.
 */
changed: Array<string>, 
/**
 * Posts both sides changed that merged by themselves.
 */
merged: Array<string>, 
/**
 * Posts both sides changed on the same lines: the file keeps this machine's text.
 */
conflicted: Array<string>, 
/**
 * How long the sync took, in milliseconds.
 */
took_ms: number, 
/**
 * The report in one line ([`SyncReport::line`]), as the window shows it.
 */
summary: string, };

/**
 * A commit a sync made of the author's saved changes.
 */
export type Committed = { 
/**
 * Its id, abbreviated.
 */
id: string, 
/**
 * Its message's first line.
 */
message: string, };

/**
 * A commit that changed a post.
 */
export type GitVersion = { 
/**
 * The commit's id.
 */
commit: string, 
/**
 * Its abbreviated id, as git shows it.
 */
short: string, 
/**
 * Its author's name.
 */
author: string, 
/**
 * When it was authored, in milliseconds since the epoch.
 */
at: number, 
/**
 * Its message's first line.
 */
subject: string, };

/**
 * One piece of a snippet: text, and whether it is a match to highlight.
 */
export type Mark = { 
/**
 * The text, plain: the ui shows it as text, never as HTML.
 */
text: string, 
/**
 * The piece is one of the query's words.
 */
hit: boolean, };

/**
 * A post that matched, with the passage where it did.
 */
export type SearchHit = { 
/**
 * The post as the list shows it.
 */
post: PostRow, 
/**
 * Around the first match in the body, matches marked; empty when only the title,
 * tags or summary matched, or the query only filters.
 */
snippet: Array<Mark>, };

/**
 * What a search found.
 */
export type SearchResults = { 
/**
 * Best first: posts whose title matches, then by bm25.
 */
hits: Array<SearchHit>, 
/**
 * Posts not yet in the index (a scan just found them): the results may miss them.
 */
pending: number, };

/**
 * A tag and how many posts carry it.
 */
export type TagCount = { 
/**
 * As the first post to use it spells it.
 */
tag: string, 
/**
 * Posts on disk that carry it.
 */
count: number, };

/**
 * What a rename did.
 */
export type Renamed = { 
/**
 * The post at its new path.
 */
post: PostRow, 
/**
 * Lines of other posts that link to the old path: Quire does not rewrite other
 * posts behind the author's back, it lists them to fix.
 */
links: Array<LinkFrom>, };

/**
 * A line of a post that links to another post.
 */
export type LinkFrom = { 
/**
 * The linking post's path.
 */
path: string, 
/**
 * Its title.
 */
title: string, 
/**
 * The line, counted from 1.
 */
line: number, 
/**
 * The line's text, trimmed.
 */
text: string, };

/**
 * A post in the trash, as the trash list shows it.
 */
export type TrashedPost = { 
/**
 * The post's id, kept from when it was in the folder.
 */
id: number, 
/**
 * Where it was, relative to the content folder: where a restore puts it back.
 */
path: string, 
/**
 * Its title when it was trashed.
 */
title: string, 
/**
 * When it was trashed, in milliseconds since the epoch.
 */
trashed_at: number, 
/**
 * How many files went with it (a page bundle's images included).
 */
files: number, };

/**
 * The language of a front matter block, told by its fences.
 */
export type Format = "yaml" | "toml";

/**
 * The fields of a post that Quire understands. Everything else stays in the file.
 */
export type Meta = { 
/**
 * `None` when missing or blank: then the body's leading heading, or a fallback, stands in.
 */
title: string | null, 
/**
 * `None` when missing or blank: the site's author stands in.
 */
author: string | null, 
/**
 * The author's picture, as a path relative to the post or a web address.
 */
avatar: string | null, 
/**
 * `YYYY-MM-DD` when the file's date could be read as one.
 */
date: string | null, 
/**
 * A short label the article page shows above the title, like "Exclusive".
 */
label: string | null, 
/**
 * From a list or a comma-separated string (or Zola's `taxonomies.tags`).
 */
tags: Array<string>, 
/**
 * The line under the title: `summary`, or else `description`.
 */
summary: string | null, 
/**
 * A cover image's path or web address; the article page does not show it.
 */
cover: string | null, 
/**
 * From `status`, else Hugo's `draft` or Jekyll's `published` flag; published when
 * none is given, as the generators read it.
 */
status: Status, 
/**
 * The address the post is published at, if the file chooses one (Hugo, Zola and
 * Jekyll all read `slug`); else it is made from the file's name.
 */
slug: string | null, };

/**
 * A key the metadata form does not edit, shown as the file has it.
 */
export type OtherKey = { 
/**
 * The key; a key inside a TOML table is `table.key`.
 */
key: string, 
/**
 * Its lines in the file, exactly.
 */
text: string, };

/**
 * The front matter as the metadata form shows it.
 */
export type FrontForm = { 
/**
 * YAML or TOML; `None`: the post has no front matter yet (the form's first edit
 * creates YAML).
 */
format: Format | null, 
/**
 * The fields Quire knows.
 */
meta: Meta, 
/**
 * Every other key, read-only.
 */
other: Array<OtherKey>, };

/**
 * What to do with one front matter key.
 */
export type FieldValue = { "kind": "text", "value": string } | { "kind": "list", "value": Array<string> } | { "kind": "flag", "value": boolean } | { "kind": "remove" };

/**
 * One change to the front matter.
 */
export type FieldEdit = { 
/**
 * The key, as the file writes it (`title`, `tags`, …).
 */
key: string, 
/**
 * Its new value.
 */
value: FieldValue, };

/**
 * A heading of the body, for the outline.
 */
export type Heading = { 
/**
 * 1 for `#`, up to 6.
 */
level: number, 
/**
 * The heading's text, without its Markdown.
 */
text: string, 
/**
 * The line it starts on, from 1: in the body when [`render`] returns it, in the
 * whole text (front matter included) when the preview sends it.
 */
line: number, };

/**
 * An image copied beside its post.
 */
export type AddedImage = { 
/**
 * Where it is, relative to the content folder.
 */
path: string, 
/**
 * The link to it from the post, relative to the post's folder.
 */
link: string, 
/**
 * The Markdown to insert: `![alt](link)`.
 */
markdown: string, };

/**
 * The spell checker's languages: what the system offers and what is on.
 */
export type SpellCheck = { 
/**
 * Every language with a dictionary on this system.
 */
available: Array<string>, 
/**
 * The languages checked; none: spell checking is off.
 */
chosen: Array<string>, };

/**
 * Where the app's folder, library and log are, the site settings, the post to reopen.
 */
export type AppInfoArgs = Record<symbol, never>;

/**
 * Every post, for the list.
 */
export type ListPostsArgs = Record<symbol, never>;

/**
 * These posts' rows, to update only the rows a change touched; a post no longer in
 * the library is left out.
 */
export type PostsByIdArgs = { ids: Array<number>, };

/**
 * Full-text search (words as prefixes, "phrases", CJK runs, `tag:` and `status:`),
 * best first with snippets. Never a syntax error: the query is taken literally.
 */
export type SearchPostsArgs = { query: string, };

/**
 * Every tag of the posts on disk with its count, most used first.
 */
export type ListTagsArgs = Record<symbol, never>;

/**
 * Gives a post a new title, moving its file to the new slug; lists the links to fix.
 * `unsaved` if the post has unsaved changes (the ui saves first), `path_taken` if
 * another post has the slug, `empty_title` for a blank title.
 */
export type RenamePostArgs = { id: number, title: string, };

/**
 * Copies a post as a new draft beside it.
 */
export type DuplicatePostArgs = { id: number, };

/**
 * Moves a post to the trash in the library (restorable with its history).
 */
export type TrashPostArgs = { id: number, };

/**
 * The posts in the trash, most recent first.
 */
export type ListTrashArgs = Record<symbol, never>;

/**
 * Puts a trashed post back where it was; `path_taken` if something lives there now.
 */
export type RestoreFromTrashArgs = { id: number, };

/**
 * Deletes the trashed posts for good; answers how many.
 */
export type EmptyTrashArgs = Record<symbol, never>;

/**
 * The front matter of the editor's text, for the metadata form.
 */
export type FrontFormArgs = { text: string, };

/**
 * The editor's text with the form's edits made to its front matter, every other
 * byte as it was.
 */
export type EditFrontArgs = { text: string, edits: Array<FieldEdit>, };

/**
 * Copies an image beside the post (see `writing::add_image`: the image is the raw
 * body, these arguments come in a header); `not_an_image`, `image_too_big`.
 */
export type AddImageArgs = { id: number, name: string, };

/**
 * The spell checker's languages: the system's dictionaries and the chosen ones.
 */
export type SpellCheckArgs = Record<symbol, never>;

/**
 * Checks spelling in these languages (none: off); `bad_setting` for one without a
 * dictionary.
 */
export type ChooseSpellingArgs = { languages: Array<string>, };

/**
 * Switches to a content folder the author picks in a dialog the shell opens; false
 * if they cancel it. The ui starts over on the new folder.
 */
export type ChooseFolderArgs = Record<symbol, never>;

/**
 * Starts a blog in the default folder (`AppInfo::default_folder`, made with a first
 * post if it is new; one holding anything is left as it is) and switches to it. The
 * ui starts over on it.
 */
export type StartNewFolderArgs = Record<symbol, never>;

/**
 * Opens the file outside the content folder the window was told of (`OutsideFile`):
 * its folder as the content folder, or the file alone. The ui starts over on it;
 * `false` if no such file is waiting.
 */
export type OpenOutsideArgs = { choice: OutsideChoice, };

/**
 * A post's text for the editor: its draft if it has one, else its file.
 */
export type OpenPostArgs = { id: number, };

/**
 * The whole text as text version `version`: the reply is the whole article.
 */
export type RenderArgs = { text: string, version: number, 
/**
 * The post's path, for its images' links.
 */
path: string | null, 
/**
 * Bumped when an image changed on disk, to get past the webview's cache.
 */
assetVersion: number | null, };

/**
 * Edits to text version `base`, making `version`: the reply holds what changed.
 */
export type RenderEditsArgs = { base: number, version: number, edits: Array<TextEdit>, 
/**
 * The text's length after the edits, in UTF-16 code units.
 */
length: number, path: string | null, assetVersion: number | null, };

/**
 * Keeps the editor's text as the post's draft, based on file version `base`.
 */
export type SaveDraftArgs = { id: number, text: string, base: string | null, };

/**
 * Keeps the text the preview holds at `version` as the post's draft: the editor's
 * text when it has no edits since, without sending it again. `preview_out_of_step`
 * if the preview holds another version; the editor then sends its text (`save_draft`).
 */
export type SaveDraftShownArgs = { id: number, version: number, base: string | null, };

/**
 * Writes the post's file if it is still version `base`; else `disk_changed`.
 */
export type SavePostArgs = { id: number, text: string, base: string | null, };

/**
 * Creates a post from a title.
 */
export type NewPostArgs = { title: string, };

/**
 * A post's revisions, newest first.
 */
export type HistoryArgs = { id: number, };

/**
 * A revision's diff against the editor's text.
 */
export type DiffRevisionArgs = { id: number, revision: number, current: string, };

/**
 * Brings a revision back as the post's draft; answers its text.
 */
export type RestoreRevisionArgs = { id: number, revision: number, };

/**
 * Writes a post that went missing on disk back to its path.
 */
export type RestoreToDiskArgs = { id: number, };

/**
 * The three-way merge of the editor's text with the file on disk.
 */
export type MergeViewArgs = { id: number, mine: string, 
/**
 * The content hash of the version the editor last shared with the disk.
 */
base: string | null, };

/**
 * Saves the merged text over file version `base` (the merge view's `theirs_hash`).
 */
export type AcceptMergeArgs = { id: number, text: string, base: string, };

/**
 * Saves the site settings; answers them as stored.
 */
export type SaveSettingsArgs = { site: Site, };

/**
 * Exports the post as one self-contained HTML file, where the author picks in a save
 * dialog the shell opens (the ui never names a path); `null` if they cancel it.
 */
export type ExportPostArgs = { id: number, 
/**
 * The editor's text: what the preview shows is what is exported, saved or not.
 */
text: string, };

/**
 * Exports the blog into a folder the author picks in a dialog the shell opens,
 * reporting progress on the `onProgress` channel passed beside `args`; `null` if
 * they cancel the dialog, `cancelled` if they cancel the export.
 */
export type ExportSiteArgs = Record<symbol, never>;

/**
 * Stops a running site export after the pages in hand.
 */
export type CancelExportArgs = Record<symbol, never>;

/**
 * Imports a blog from `source`'s export, which the author picks in a dialog the
 * shell opens; `null` if they cancel it. The whole export is read first: a malformed
 * one (`malformed_export`, `not_an_export`) writes nothing.
 */
export type ImportBlogArgs = { source: ImportSource, };

/**
 * The publish targets of the content folder's `quire.toml`; `publish_target` if it
 * is badly written.
 */
export type PublishTargetsArgs = Record<symbol, never>;

/**
 * Publishes to the target `name` (the only one if `null`): exports, compares, sends
 * the plan on the `onProgress` channel, then sends the files, with progress there
 * too. A plan that deletes much of the site is answered as `confirm` and sends
 * nothing, unless `confirmed`.
 */
export type PublishArgs = { name: string | null, 
/**
 * The author saw this plan and said yes.
 */
confirmed: boolean, 
/**
 * A token the author typed for an https remote, for this publish only (else the
 * one kept in the keyring, or `QUIRE_PUBLISH_TOKEN`).
 */
token: Secret | null, };

/**
 * Keeps a token for the target `name` (an https git remote) in the system keyring,
 * so later publishes need not ask; `no_keyring` when no Secret Service answers.
 */
export type RememberPublishTokenArgs = { name: string, token: Secret, };

/**
 * Sets a publish target in `quire.toml` (replacing one of that name, every other line
 * kept); answers the targets now set. `publish_target` for a bad name or address.
 */
export type SavePublishTargetArgs = { target: Target, };

/**
 * Removes a publish target from `quire.toml`; answers the targets left.
 */
export type RemovePublishTargetArgs = { name: string, };

/**
 * Stops a running publish between files; every file on the target stays whole.
 */
export type CancelPublishArgs = Record<symbol, never>;

/**
 * Opens the address the last publish sent the site to in the system's browser;
 * `publish_target` when no publish this session knew one (no base URL).
 */
export type OpenSiteArgs = Record<symbol, never>;

/**
 * The git repository the content folder is in, as it stands (branch, ahead and
 * behind its upstream as last fetched, files changed against HEAD); `null` when the
 * folder is in no repository.
 */
export type RepoStatusArgs = Record<symbol, never>;

/**
 * Commits the saved changes under the content folder, fetches, integrates and
 * pushes; posts both sides changed on the same lines keep the author's text and are
 * flagged for the merge panel. `not_a_repository`, `repository_busy` (a rebase or
 * merge in progress: nothing touched), `sync_conflict` (other files: nothing
 * changed), `unreachable`, `auth_refused`, `branch_moved`, `remote_failed`.
 */
export type SyncArgs = Record<symbol, never>;

/**
 * Makes the content folder a git repository whose remote `origin` is `remote` (or
 * adds it to one that has no remote); `publish_target` for an empty address or a
 * repository that has a remote already.
 */
export type InitRepositoryArgs = { remote: string, };

/**
 * The git commits that changed the post (followed across renames), newest first;
 * none outside git.
 */
export type GitHistoryArgs = { id: number, };

/**
 * Line diff from the post as commit `commit` (one of its `git_history`) has it to
 * the editor's text.
 */
export type DiffGitVersionArgs = { id: number, commit: string, current: string, };

/**
 * Puts the post as commit `commit` has it back in the editor as a draft, recorded
 * as a restore; answers the text.
 */
export type RestoreGitVersionArgs = { id: number, commit: string, };

/**
 * The article stylesheet of the blog's custom theme, for the preview; `null` for the
 * built-in look.
 */
export type ThemeCssArgs = Record<symbol, never>;

/**
 * Shows the last exported file (or the exported site's home page) in the system's
 * file manager: only what Quire itself just wrote, never a path the ui names.
 */
export type RevealExportArgs = Record<symbol, never>;

/** Every command: what the ui sends under `args`, and what it answers. */
export type Commands = {
  app_info: { args: AppInfoArgs; result: AppInfo };
  list_posts: { args: ListPostsArgs; result: Array<PostRow> };
  posts_by_id: { args: PostsByIdArgs; result: Array<PostRow> };
  search_posts: { args: SearchPostsArgs; result: SearchResults };
  list_tags: { args: ListTagsArgs; result: Array<TagCount> };
  rename_post: { args: RenamePostArgs; result: Renamed };
  duplicate_post: { args: DuplicatePostArgs; result: PostRow };
  trash_post: { args: TrashPostArgs; result: TrashedPost };
  list_trash: { args: ListTrashArgs; result: Array<TrashedPost> };
  restore_from_trash: { args: RestoreFromTrashArgs; result: PostRow };
  empty_trash: { args: EmptyTrashArgs; result: number };
  front_form: { args: FrontFormArgs; result: FrontForm };
  edit_front: { args: EditFrontArgs; result: string };
  add_image: { args: AddImageArgs; result: AddedImage };
  spell_check: { args: SpellCheckArgs; result: SpellCheck };
  choose_spelling: { args: ChooseSpellingArgs; result: SpellCheck };
  choose_folder: { args: ChooseFolderArgs; result: boolean };
  start_new_folder: { args: StartNewFolderArgs; result: boolean };
  open_outside: { args: OpenOutsideArgs; result: boolean };
  open_post: { args: OpenPostArgs; result: OpenedPost };
  render: { args: RenderArgs; result: PreviewPatch };
  render_edits: { args: RenderEditsArgs; result: PreviewPatch };
  save_draft: { args: SaveDraftArgs; result: DraftSaved };
  save_draft_shown: { args: SaveDraftShownArgs; result: DraftSaved };
  save_post: { args: SavePostArgs; result: PostRow };
  new_post: { args: NewPostArgs; result: PostRow };
  history: { args: HistoryArgs; result: Array<RevisionInfo> };
  diff_revision: { args: DiffRevisionArgs; result: Array<DiffLine> };
  restore_revision: { args: RestoreRevisionArgs; result: string };
  restore_to_disk: { args: RestoreToDiskArgs; result: PostRow };
  merge_view: { args: MergeViewArgs; result: MergeView };
  accept_merge: { args: AcceptMergeArgs; result: PostRow };
  save_settings: { args: SaveSettingsArgs; result: Site };
  export_post: { args: ExportPostArgs; result: Exported | null };
  export_site: { args: ExportSiteArgs; result: Summary | null };
  cancel_export: { args: CancelExportArgs; result: null };
  import_blog: { args: ImportBlogArgs; result: ImportSummary | null };
  publish_targets: { args: PublishTargetsArgs; result: Array<Target> };
  publish: { args: PublishArgs; result: PublishOutcome };
  remember_publish_token: { args: RememberPublishTokenArgs; result: null };
  save_publish_target: { args: SavePublishTargetArgs; result: Array<Target> };
  remove_publish_target: { args: RemovePublishTargetArgs; result: Array<Target> };
  cancel_publish: { args: CancelPublishArgs; result: null };
  open_site: { args: OpenSiteArgs; result: null };
  repo_status: { args: RepoStatusArgs; result: RepoStatus | null };
  sync: { args: SyncArgs; result: SyncReport };
  init_repository: { args: InitRepositoryArgs; result: RepoStatus };
  git_history: { args: GitHistoryArgs; result: Array<GitVersion> };
  diff_git_version: { args: DiffGitVersionArgs; result: Array<DiffLine> };
  restore_git_version: { args: RestoreGitVersionArgs; result: string };
  theme_css: { args: ThemeCssArgs; result: string | null };
  reveal_export: { args: RevealExportArgs; result: null };
};

/** Every event the shell sends, by name, with its payload. */
export type Events = {
  "disk-change": Array<Change>;
  "scan-progress": ScanProgress;
  "scan-done": number;
  "words-counted": null;
  "sync-error": CommandError;
  "open-request": OpenRequest;
  "outside-file": OutsideFile;
  "menu-action": MenuAction;
};

/** Each menu bar action with its accelerator (`src-tauri/src/menu_table.rs`). */
export const MENU_ACCELERATORS: Record<string, string> = {
  newPost: "CmdOrCtrl+N",
  quickOpen: "CmdOrCtrl+P",
  save: "CmdOrCtrl+S",
  exportPost: "CmdOrCtrl+E",
  exportSite: "CmdOrCtrl+Shift+E",
  settings: "CmdOrCtrl+,",
  trashPanel: "CmdOrCtrl+Alt+T",
  quit: "CmdOrCtrl+Q",
  undo: "CmdOrCtrl+Z",
  redo: "CmdOrCtrl+Shift+Z",
  find: "CmdOrCtrl+F",
  replace: "CmdOrCtrl+H",
  search: "CmdOrCtrl+Shift+F",
  outline: "CmdOrCtrl+Shift+O",
  focusMode: "F8",
  typewriter: "F9",
  distractionFree: "F11",
  zoomIn: "CmdOrCtrl+=",
  zoomOut: "CmdOrCtrl+-",
  zoomReset: "CmdOrCtrl+Alt+0",
  metadata: "CmdOrCtrl+Shift+D",
  rename: "F2",
  duplicate: "CmdOrCtrl+Alt+D",
  history: "CmdOrCtrl+Shift+H",
  trash: "CmdOrCtrl+Shift+Delete",
  help: "F1",
};
