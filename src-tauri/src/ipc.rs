//! The shapes that cross between the ui and the shell, declared once, here and in the
//! core's types: each command's arguments and result, each event's payload. The
//! TypeScript the ui compiles against (`ui/src/bindings.ts`) is generated from these, and
//! a test fails when the committed file is not what they generate.

use serde::Deserialize;
use ts_rs::{Config, TS};

use quire_core::article::Site;
use quire_core::blog::{DraftSaved, OpenedPost};
use quire_core::error::{ErrorCode, Problem};
use quire_core::frontmatter::edit::{FieldEdit, FieldValue, FrontForm, OtherKey};
use quire_core::frontmatter::{Format, Meta, Status};
use quire_core::history::{DiffKind, DiffLine};
use quire_core::images::AddedImage;
use quire_core::library::{PostRow, RevisionInfo, RevisionSource, TrashedPost};
use quire_core::merge::{Chunk, MergeView};
use quire_core::organize::{LinkFrom, Renamed};
use quire_core::preview::{Heading, PreviewPatch, Shell, TextEdit};
use quire_core::search::{Mark, SearchHit, SearchResults, TagCount};
use quire_core::spelling::SpellCheck;
use quire_core::sync::Change;

use quire_export::site::Summary;

use crate::commands::{AppInfo, ExportProgress, Exported};
use crate::error::CommandError;
use crate::sync::{ScanProgress, EVENTS};

/// A command the ui may call: its wire name and what it answers. The command's function
/// returns `CommandResult<Reply<Self>>`, so the result type is written once.
pub trait Command {
    /// The name the ui invokes.
    const NAME: &'static str;
    /// What the command answers on success.
    type Result: TS;
}

/// The result type of command `C`.
pub type Reply<C> = <C as Command>::Result;

/// Declares a command's arguments, as the struct the ui sends under `args`, and its result.
macro_rules! command {
    ($(#[$doc:meta])* $args:ident = $name:literal { $($(#[$fdoc:meta])* $field:ident: $ty:ty),* $(,)? } -> $result:ty) => {
        $(#[$doc])*
        #[derive(Debug, Deserialize, TS)]
        #[serde(rename_all = "camelCase")]
        pub struct $args {
            $($(#[$fdoc])* pub $field: $ty,)*
        }
        impl Command for $args {
            const NAME: &'static str = $name;
            type Result = $result;
        }
    };
}

command!(
    /// Where the app's folder, library and log are, the site settings, the post to reopen.
    AppInfoArgs = "app_info" {} -> AppInfo
);
command!(
    /// Every post, for the list.
    ListPostsArgs = "list_posts" {} -> Vec<PostRow>
);
command!(
    /// These posts' rows, to update only the rows a change touched; a post no longer in
    /// the library is left out.
    PostsByIdArgs = "posts_by_id" { ids: Vec<i64> } -> Vec<PostRow>
);
command!(
    /// Full-text search (words as prefixes, "phrases", CJK runs, `tag:` and `status:`),
    /// best first with snippets. Never a syntax error: the query is taken literally.
    SearchPostsArgs = "search_posts" { query: String } -> SearchResults
);
command!(
    /// Every tag of the posts on disk with its count, most used first.
    ListTagsArgs = "list_tags" {} -> Vec<TagCount>
);
command!(
    /// Gives a post a new title, moving its file to the new slug; lists the links to fix.
    /// `unsaved` if the post has unsaved changes (the ui saves first), `path_taken` if
    /// another post has the slug, `empty_title` for a blank title.
    RenamePostArgs = "rename_post" { id: i64, title: String } -> Renamed
);
command!(
    /// Copies a post as a new draft beside it.
    DuplicatePostArgs = "duplicate_post" { id: i64 } -> PostRow
);
command!(
    /// Moves a post to the trash in the library (restorable with its history).
    TrashPostArgs = "trash_post" { id: i64 } -> TrashedPost
);
command!(
    /// The posts in the trash, most recent first.
    ListTrashArgs = "list_trash" {} -> Vec<TrashedPost>
);
command!(
    /// Puts a trashed post back where it was; `path_taken` if something lives there now.
    RestoreFromTrashArgs = "restore_from_trash" { id: i64 } -> PostRow
);
command!(
    /// Deletes the trashed posts for good; answers how many.
    EmptyTrashArgs = "empty_trash" {} -> u32
);
command!(
    /// The front matter of the editor's text, for the metadata form.
    FrontFormArgs = "front_form" { text: String } -> FrontForm
);
command!(
    /// The editor's text with the form's edits made to its front matter, every other
    /// byte as it was.
    EditFrontArgs = "edit_front" { text: String, edits: Vec<FieldEdit> } -> String
);
command!(
    /// Copies an image beside the post (see `writing::add_image`: the image is the raw
    /// body, these arguments come in a header); `not_an_image`, `image_too_big`.
    AddImageArgs = "add_image" { id: i64, name: String } -> AddedImage
);
command!(
    /// The spell checker's languages: the system's dictionaries and the chosen ones.
    SpellCheckArgs = "spell_check" {} -> SpellCheck
);
command!(
    /// Checks spelling in these languages (none: off); `bad_setting` for one without a
    /// dictionary.
    ChooseSpellingArgs = "choose_spelling" { languages: Vec<String> } -> SpellCheck
);
command!(
    /// Switches to a content folder the author picks in a dialog the shell opens; false
    /// if they cancel it. The ui starts over on the new folder.
    ChooseFolderArgs = "choose_folder" {} -> bool
);
command!(
    /// A post's text for the editor: its draft if it has one, else its file.
    OpenPostArgs = "open_post" { id: i64 } -> OpenedPost
);
command!(
    /// The whole text as text version `version`: the reply is the whole article.
    RenderArgs = "render" {
        text: String,
        version: u64,
        /// The post's path, for its images' links.
        path: Option<String>,
        /// Bumped when an image changed on disk, to get past the webview's cache.
        asset_version: Option<u32>,
    } -> PreviewPatch
);
command!(
    /// Edits to text version `base`, making `version`: the reply holds what changed.
    RenderEditsArgs = "render_edits" {
        base: u64,
        version: u64,
        edits: Vec<TextEdit>,
        /// The text's length after the edits, in UTF-16 code units.
        length: usize,
        path: Option<String>,
        asset_version: Option<u32>,
    } -> PreviewPatch
);
command!(
    /// Keeps the editor's text as the post's draft, based on file version `base`.
    SaveDraftArgs = "save_draft" { id: i64, text: String, base: Option<String> } -> DraftSaved
);
command!(
    /// Keeps the text the preview holds at `version` as the post's draft: the editor's
    /// text when it has no edits since, without sending it again. `preview_out_of_step`
    /// if the preview holds another version; the editor then sends its text (`save_draft`).
    SaveDraftShownArgs = "save_draft_shown" { id: i64, version: u64, base: Option<String> } -> DraftSaved
);
command!(
    /// Writes the post's file if it is still version `base`; else `disk_changed`.
    SavePostArgs = "save_post" { id: i64, text: String, base: Option<String> } -> PostRow
);
command!(
    /// Creates a post from a title.
    NewPostArgs = "new_post" { title: String } -> PostRow
);
command!(
    /// A post's revisions, newest first.
    HistoryArgs = "history" { id: i64 } -> Vec<RevisionInfo>
);
command!(
    /// A revision's diff against the editor's text.
    DiffRevisionArgs = "diff_revision" { id: i64, revision: i64, current: String } -> Vec<DiffLine>
);
command!(
    /// Brings a revision back as the post's draft; answers its text.
    RestoreRevisionArgs = "restore_revision" { id: i64, revision: i64 } -> String
);
command!(
    /// Writes a post that went missing on disk back to its path.
    RestoreToDiskArgs = "restore_to_disk" { id: i64 } -> PostRow
);
command!(
    /// The three-way merge of the editor's text with the file on disk.
    MergeViewArgs = "merge_view" {
        id: i64,
        mine: String,
        /// The content hash of the version the editor last shared with the disk.
        base: Option<String>,
    } -> MergeView
);
command!(
    /// Saves the merged text over file version `base` (the merge view's `theirs_hash`).
    AcceptMergeArgs = "accept_merge" { id: i64, text: String, base: String } -> PostRow
);
command!(
    /// Saves the site settings; answers them as stored.
    SaveSettingsArgs = "save_settings" { site: Site } -> Site
);
command!(
    /// Exports the post as one self-contained HTML file, where the author picks in a save
    /// dialog the shell opens (the ui never names a path); `null` if they cancel it.
    ExportPostArgs = "export_post" {
        id: i64,
        /// The editor's text: what the preview shows is what is exported, saved or not.
        text: String,
    } -> Option<Exported>
);
command!(
    /// Exports the blog into a folder the author picks in a dialog the shell opens,
    /// reporting progress on the `onProgress` channel passed beside `args`; `null` if
    /// they cancel the dialog, `cancelled` if they cancel the export.
    ExportSiteArgs = "export_site" {} -> Option<Summary>
);
command!(
    /// The article stylesheet of the blog's custom theme, for the preview; `null` for the
    /// built-in look.
    ThemeCssArgs = "theme_css" {} -> Option<String>
);
command!(
    /// Shows the last exported file (or the exported site's home page) in the system's
    /// file manager: only what Quire itself just wrote, never a path the ui names.
    RevealExportArgs = "reveal_export" {} -> ()
);
command!(
    /// Stops a running site export after the pages in hand.
    CancelExportArgs = "cancel_export" {} -> ()
);

/// Every command: its name, its arguments' and result's TypeScript names, and the
/// declarations they need.
fn commands(cfg: &Config) -> Vec<(&'static str, String, String)> {
    fn row<C: Command + TS>(cfg: &Config) -> (&'static str, String, String) {
        (C::NAME, C::name(cfg), <Reply<C> as TS>::name(cfg))
    }
    vec![
        row::<AppInfoArgs>(cfg),
        row::<ListPostsArgs>(cfg),
        row::<PostsByIdArgs>(cfg),
        row::<SearchPostsArgs>(cfg),
        row::<ListTagsArgs>(cfg),
        row::<RenamePostArgs>(cfg),
        row::<DuplicatePostArgs>(cfg),
        row::<TrashPostArgs>(cfg),
        row::<ListTrashArgs>(cfg),
        row::<RestoreFromTrashArgs>(cfg),
        row::<EmptyTrashArgs>(cfg),
        row::<FrontFormArgs>(cfg),
        row::<EditFrontArgs>(cfg),
        row::<AddImageArgs>(cfg),
        row::<SpellCheckArgs>(cfg),
        row::<ChooseSpellingArgs>(cfg),
        row::<ChooseFolderArgs>(cfg),
        row::<OpenPostArgs>(cfg),
        row::<RenderArgs>(cfg),
        row::<RenderEditsArgs>(cfg),
        row::<SaveDraftArgs>(cfg),
        row::<SaveDraftShownArgs>(cfg),
        row::<SavePostArgs>(cfg),
        row::<NewPostArgs>(cfg),
        row::<HistoryArgs>(cfg),
        row::<DiffRevisionArgs>(cfg),
        row::<RestoreRevisionArgs>(cfg),
        row::<RestoreToDiskArgs>(cfg),
        row::<MergeViewArgs>(cfg),
        row::<AcceptMergeArgs>(cfg),
        row::<SaveSettingsArgs>(cfg),
        row::<ExportPostArgs>(cfg),
        row::<ExportSiteArgs>(cfg),
        row::<CancelExportArgs>(cfg),
        row::<ThemeCssArgs>(cfg),
        row::<RevealExportArgs>(cfg),
    ]
}

/// The generated `ui/src/bindings.ts`.
pub fn typescript() -> String {
    // Ids, sizes and times are far below 2^53: plain numbers, as JSON carries them.
    let cfg = Config::new().with_large_int("number");
    let mut decls: Vec<(Option<String>, String)> = Vec::new();
    macro_rules! declare {
        ($($t:ty),* $(,)?) => {
            $(decls.push((<$t as TS>::docs(), <$t as TS>::decl(&cfg)));)*
        };
    }
    declare!(
        ErrorCode,
        CommandError,
        Problem,
        Status,
        PostRow,
        OpenedPost,
        DraftSaved,
        Change,
        RevisionSource,
        RevisionInfo,
        DiffKind,
        DiffLine,
        Chunk,
        MergeView,
        Shell,
        PreviewPatch,
        TextEdit,
        Site,
        AppInfo,
        quire_core::library::Salvage,
        crate::instance::OpenRequest,
        ScanProgress,
        Summary,
        Exported,
        ExportProgress,
        Mark,
        SearchHit,
        SearchResults,
        TagCount,
        Renamed,
        LinkFrom,
        TrashedPost,
        Format,
        Meta,
        OtherKey,
        FrontForm,
        FieldValue,
        FieldEdit,
        Heading,
        AddedImage,
        SpellCheck,
        AppInfoArgs,
        ListPostsArgs,
        PostsByIdArgs,
        SearchPostsArgs,
        ListTagsArgs,
        RenamePostArgs,
        DuplicatePostArgs,
        TrashPostArgs,
        ListTrashArgs,
        RestoreFromTrashArgs,
        EmptyTrashArgs,
        FrontFormArgs,
        EditFrontArgs,
        AddImageArgs,
        SpellCheckArgs,
        ChooseSpellingArgs,
        ChooseFolderArgs,
        OpenPostArgs,
        RenderArgs,
        RenderEditsArgs,
        SaveDraftArgs,
        SaveDraftShownArgs,
        SavePostArgs,
        NewPostArgs,
        HistoryArgs,
        DiffRevisionArgs,
        RestoreRevisionArgs,
        RestoreToDiskArgs,
        MergeViewArgs,
        AcceptMergeArgs,
        SaveSettingsArgs,
        ExportPostArgs,
        ExportSiteArgs,
        CancelExportArgs,
        ThemeCssArgs,
        RevealExportArgs,
    );
    let mut out = String::from(
        "// Generated from the Rust types by `src-tauri/src/ipc.rs`; do not edit.\n\
         // Regenerate: UPDATE_BINDINGS=1 cargo test -p quire-app bindings\n\n",
    );
    for (docs, decl) in decls {
        if let Some(docs) = docs {
            out.push_str(&docs);
        }
        out.push_str("export ");
        out.push_str(&decl);
        out.push_str("\n\n");
    }
    out.push_str("/** Every command: what the ui sends under `args`, and what it answers. */\n");
    out.push_str("export type Commands = {\n");
    for (name, args, result) in commands(&cfg) {
        out.push_str(&format!(
            "  {name}: {{ args: {args}; result: {result} }};\n"
        ));
    }
    out.push_str("};\n\n/** Every event the shell sends, by name, with its payload. */\n");
    out.push_str("export type Events = {\n");
    for (name, payload) in EVENTS.iter().map(|(n, f)| (n, f(&cfg))) {
        out.push_str(&format!("  \"{name}\": {payload};\n"));
    }
    out.push_str("};\n");
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    const BINDINGS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../ui/src/bindings.ts");

    /// The committed TypeScript must be what the Rust types generate: a changed result
    /// type without regenerated bindings fails here, before the ui can drift.
    #[test]
    fn bindings_are_current() {
        let fresh = super::typescript();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(BINDINGS, &fresh).unwrap();
        }
        let committed = std::fs::read_to_string(Path::new(BINDINGS)).unwrap_or_default();
        assert!(
            committed == fresh,
            "ui/src/bindings.ts is out of date with the Rust types; regenerate it with\n  \
             UPDATE_BINDINGS=1 cargo test -p quire-app bindings\nand commit it"
        );
    }

    /// Every command has its `allow-…` permission generated (build.rs) and granted to
    /// the window (capabilities/main.json), or the ui's call is refused at run time.
    #[test]
    fn every_command_is_permitted() {
        let build = include_str!("../build.rs");
        let capability = include_str!("../capabilities/main.json");
        let cfg = ts_rs::Config::new();
        for (name, _, _) in super::commands(&cfg) {
            assert!(
                build.contains(&format!("\"{name}\"")),
                "{name} missing in build.rs"
            );
            let allow = format!("\"allow-{}\"", name.replace('_', "-"));
            assert!(capability.contains(&allow), "{allow} missing in main.json");
        }
    }
}
