// The one table of the commands the ui may call: for each, the shell function that
// serves it, the arguments the ui sends (as a struct, under `args`) and what it answers.
// Not a module: `ipc.rs` (the argument structs, the TypeScript bindings, the capability
// file), `main.rs` (the invoke handler) and `build.rs` (the `allow-…` permissions) each
// `include!` it with their own `command_table!` macro, so adding a command is adding a
// row here and writing its function. A test checks what is generated and `ui/src/api.ts`
// against it.
command_table! {
    /// Where the app's folder, library and log are, the site settings, the post to reopen.
    commands::app_info(AppInfoArgs {}) -> AppInfo;
    /// Every post, for the list.
    commands::list_posts(ListPostsArgs {}) -> Vec<PostRow>;
    /// These posts' rows, to update only the rows a change touched; a post no longer in
    /// the library is left out.
    commands::posts_by_id(PostsByIdArgs { ids: Vec<i64> }) -> Vec<PostRow>;
    /// Full-text search (words as prefixes, "phrases", CJK runs, `tag:` and `status:`),
    /// best first with snippets. Never a syntax error: the query is taken literally.
    commands::search_posts(SearchPostsArgs { query: String }) -> SearchResults;
    /// Every tag of the posts on disk with its count, most used first.
    commands::list_tags(ListTagsArgs {}) -> Vec<TagCount>;
    /// Gives a post a new title, moving its file to the new slug; lists the links to fix.
    /// `unsaved` if the post has unsaved changes (the ui saves first), `path_taken` if
    /// another post has the slug, `empty_title` for a blank title.
    commands::rename_post(RenamePostArgs { id: i64, title: String }) -> Renamed;
    /// Copies a post as a new draft beside it.
    commands::duplicate_post(DuplicatePostArgs { id: i64 }) -> PostRow;
    /// Moves a post to the trash in the library (restorable with its history).
    commands::trash_post(TrashPostArgs { id: i64 }) -> TrashedPost;
    /// The posts in the trash, most recent first.
    commands::list_trash(ListTrashArgs {}) -> Vec<TrashedPost>;
    /// Puts a trashed post back where it was; `path_taken` if something lives there now.
    commands::restore_from_trash(RestoreFromTrashArgs { id: i64 }) -> PostRow;
    /// Deletes the trashed posts for good; answers how many.
    commands::empty_trash(EmptyTrashArgs {}) -> u32;
    /// The front matter of the editor's text, for the metadata form.
    commands::front_form(FrontFormArgs { text: String }) -> FrontForm;
    /// The editor's text with the form's edits made to its front matter, every other
    /// byte as it was.
    commands::edit_front(EditFrontArgs { text: String, edits: Vec<FieldEdit> }) -> String;
    /// Copies an image beside the post (see `writing::add_image`: the image is the raw
    /// body, these arguments come in a header); `not_an_image`, `image_too_big`.
    writing::add_image(AddImageArgs { id: i64, name: String }) -> AddedImage;
    /// The spell checker's languages: the system's dictionaries and the chosen ones.
    writing::spell_check(SpellCheckArgs {}) -> SpellCheck;
    /// Checks spelling in these languages (none: off); `bad_setting` for one without a
    /// dictionary.
    writing::choose_spelling(ChooseSpellingArgs { languages: Vec<String> }) -> SpellCheck;
    /// Switches to a content folder the author picks in a dialog the shell opens; false
    /// if they cancel it. The ui starts over on the new folder.
    writing::choose_folder(ChooseFolderArgs {}) -> bool;
    /// Starts a blog in the default folder (`AppInfo::default_folder`, made with a first
    /// post if it is new; one holding anything is left as it is) and switches to it. The
    /// ui starts over on it.
    writing::start_new_folder(StartNewFolderArgs {}) -> bool;
    /// Opens the file outside the content folder the window was told of (`OutsideFile`):
    /// its folder as the content folder, or the file alone. The ui starts over on it;
    /// `false` if no such file is waiting.
    writing::open_outside(OpenOutsideArgs { choice: OutsideChoice }) -> bool;
    /// A post's text for the editor: its draft if it has one, else its file.
    commands::open_post(OpenPostArgs { id: i64 }) -> OpenedPost;
    /// The whole text as text version `version`: the reply is the whole article.
    commands::render(RenderArgs {
        text: String,
        version: u64,
        /// The post's path, for its images' links.
        path: Option<String>,
        /// Bumped when an image changed on disk, to get past the webview's cache.
        asset_version: Option<u32>,
    }) -> PreviewPatch;
    /// Edits to text version `base`, making `version`: the reply holds what changed.
    commands::render_edits(RenderEditsArgs {
        base: u64,
        version: u64,
        edits: Vec<TextEdit>,
        /// The text's length after the edits, in UTF-16 code units.
        length: usize,
        path: Option<String>,
        asset_version: Option<u32>,
    }) -> PreviewPatch;
    /// Keeps the editor's text as the post's draft, based on file version `base`.
    commands::save_draft(SaveDraftArgs { id: i64, text: String, base: Option<String> }) -> DraftSaved;
    /// Keeps the text the preview holds at `version` as the post's draft: the editor's
    /// text when it has no edits since, without sending it again. `preview_out_of_step`
    /// if the preview holds another version; the editor then sends its text (`save_draft`).
    commands::save_draft_shown(SaveDraftShownArgs { id: i64, version: u64, base: Option<String> }) -> DraftSaved;
    /// Writes the post's file if it is still version `base`; else `disk_changed`.
    commands::save_post(SavePostArgs { id: i64, text: String, base: Option<String> }) -> PostRow;
    /// Creates a post from a title.
    commands::new_post(NewPostArgs { title: String }) -> PostRow;
    /// A post's revisions, newest first.
    commands::history(HistoryArgs { id: i64 }) -> Vec<RevisionInfo>;
    /// A revision's diff against the editor's text.
    commands::diff_revision(DiffRevisionArgs { id: i64, revision: i64, current: String }) -> Vec<DiffLine>;
    /// Brings a revision back as the post's draft; answers its text.
    commands::restore_revision(RestoreRevisionArgs { id: i64, revision: i64 }) -> String;
    /// Writes a post that went missing on disk back to its path.
    commands::restore_to_disk(RestoreToDiskArgs { id: i64 }) -> PostRow;
    /// The three-way merge of the editor's text with the file on disk.
    commands::merge_view(MergeViewArgs {
        id: i64,
        mine: String,
        /// The content hash of the version the editor last shared with the disk.
        base: Option<String>,
    }) -> MergeView;
    /// Saves the merged text over file version `base` (the merge view's `theirs_hash`).
    commands::accept_merge(AcceptMergeArgs { id: i64, text: String, base: String }) -> PostRow;
    /// Saves the site settings; answers them as stored.
    commands::save_settings(SaveSettingsArgs { site: Site }) -> Site;
    /// Exports the post as one self-contained HTML file, where the author picks in a save
    /// dialog the shell opens (the ui never names a path); `null` if they cancel it.
    commands::export_post(ExportPostArgs {
        id: i64,
        /// The editor's text: what the preview shows is what is exported, saved or not.
        text: String,
    }) -> Option<Exported>;
    /// Exports the blog into a folder the author picks in a dialog the shell opens,
    /// reporting progress on the `onProgress` channel passed beside `args`; `null` if
    /// they cancel the dialog, `cancelled` if they cancel the export.
    commands::export_site(ExportSiteArgs {}) -> Option<Summary>;
    /// Stops a running site export after the pages in hand.
    commands::cancel_export(CancelExportArgs {}) -> ();
    /// Imports a blog from `source`'s export, which the author picks in a dialog the
    /// shell opens; `null` if they cancel it. The whole export is read first: a malformed
    /// one (`malformed_export`, `not_an_export`) writes nothing.
    importing::import_blog(ImportBlogArgs { source: ImportSource }) -> Option<ImportSummary>;
    /// The publish targets of the content folder's `quire.toml`; `publish_target` if it
    /// is badly written.
    publishing::publish_targets(PublishTargetsArgs {}) -> Vec<Target>;
    /// Publishes to the target `name` (the only one if `null`): exports, compares, sends
    /// the plan on the `onProgress` channel, then sends the files, with progress there
    /// too. A plan that deletes much of the site is answered as `confirm` and sends
    /// nothing, unless `confirmed`.
    publishing::publish(PublishArgs {
        name: Option<String>,
        /// The author saw this plan and said yes.
        confirmed: bool,
        /// A token the author typed for an https remote, for this publish only (else the
        /// one kept in the keyring, or `QUIRE_PUBLISH_TOKEN`).
        token: Option<Secret>,
    }) -> PublishOutcome;
    /// Keeps a token for the target `name` (an https git remote) in the system keyring,
    /// so later publishes need not ask; `no_keyring` when no Secret Service answers.
    publishing::remember_publish_token(RememberPublishTokenArgs { name: String, token: Secret }) -> ();
    /// Sets a publish target in `quire.toml` (replacing one of that name, every other line
    /// kept); answers the targets now set. `publish_target` for a bad name or address.
    publishing::save_publish_target(SavePublishTargetArgs { target: Target }) -> Vec<Target>;
    /// Removes a publish target from `quire.toml`; answers the targets left.
    publishing::remove_publish_target(RemovePublishTargetArgs { name: String }) -> Vec<Target>;
    /// Stops a running publish between files; every file on the target stays whole.
    publishing::cancel_publish(CancelPublishArgs {}) -> ();
    /// Opens the address the last publish sent the site to in the system's browser;
    /// `publish_target` when no publish this session knew one (no base URL).
    publishing::open_site(OpenSiteArgs {}) -> ();
    /// The git repository the content folder is in, as it stands (branch, ahead and
    /// behind its upstream as last fetched, files changed against HEAD); `null` when the
    /// folder is in no repository.
    syncing::repo_status(RepoStatusArgs {}) -> Option<RepoStatus>;
    /// Commits the saved changes under the content folder, fetches, integrates and
    /// pushes; posts both sides changed on the same lines keep the author's text and are
    /// flagged for the merge panel. `not_a_repository`, `repository_busy` (a rebase or
    /// merge in progress: nothing touched), `sync_conflict` (other files: nothing
    /// changed), `unreachable`, `auth_refused`, `branch_moved`, `remote_failed`.
    syncing::sync(SyncArgs {}) -> SyncReport;
    /// Makes the content folder a git repository whose remote `origin` is `remote` (or
    /// adds it to one that has no remote); `publish_target` for an empty address or a
    /// repository that has a remote already.
    syncing::init_repository(InitRepositoryArgs { remote: String }) -> RepoStatus;
    /// The git commits that changed the post (followed across renames), newest first;
    /// none outside git.
    syncing::git_history(GitHistoryArgs { id: i64 }) -> Vec<GitVersion>;
    /// Line diff from the post as commit `commit` (one of its `git_history`) has it to
    /// the editor's text.
    syncing::diff_git_version(DiffGitVersionArgs { id: i64, commit: String, current: String }) -> Vec<DiffLine>;
    /// Puts the post as commit `commit` has it back in the editor as a draft, recorded
    /// as a restore; answers the text.
    syncing::restore_git_version(RestoreGitVersionArgs { id: i64, commit: String }) -> String;
    /// The article stylesheet of the blog's custom theme, for the preview; `null` for the
    /// built-in look.
    commands::theme_css(ThemeCssArgs {}) -> Option<String>;
    /// Shows the last exported file (or the exported site's home page) in the system's
    /// file manager: only what Quire itself just wrote, never a path the ui names.
    commands::reveal_export(RevealExportArgs {}) -> ();
}
