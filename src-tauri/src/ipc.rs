//! The shapes that cross between the ui and the shell, declared once, here and in the
//! core's types: each command's arguments and result (from `command_table.rs`), each
//! event's name and payload. The TypeScript the ui compiles against (`ui/src/bindings.ts`)
//! and the window's capability file are generated from these, and a test fails when a
//! committed file, or `ui/src/api.ts`, is not what they say.
//!
//! It imports nothing of the shell but its error and the menu's table: the commands, the follow thread and the
//! instance hand-over all import from here, never the other way.

use serde::{Deserialize, Serialize};
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
use quire_publish::plan::Plan;
use quire_publish::publish::{Published, Step};
use quire_publish::sync::{Committed, FileChange, FileState, GitVersion, RepoStatus, SyncReport};
use quire_publish::target::{Kind, Target};

use crate::error::CommandError;

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

/// Declares each command's arguments, as the struct the ui sends under `args`, with its
/// result; and the lists the bindings and the capability are generated from.
macro_rules! command_table {
    ($(
        $(#[$doc:meta])*
        $module:ident :: $name:ident ( $args:ident {
            $($(#[$fdoc:meta])* $field:ident : $ty:ty),* $(,)?
        } ) -> $result:ty;
    )*) => {
        $(
            $(#[$doc])*
            #[derive(Debug, Deserialize, TS)]
            #[serde(rename_all = "camelCase")]
            pub struct $args {
                $($(#[$fdoc])* pub $field: $ty,)*
            }
            impl Command for $args {
                const NAME: &'static str = stringify!($name);
                type Result = $result;
            }
        )*

        /// Every command's wire name, in the table's order.
        pub const COMMANDS: &[&str] = &[$(stringify!($name)),*];

        /// Every command: its name, its arguments' and result's TypeScript names.
        fn commands(cfg: &Config) -> Vec<(&'static str, String, String)> {
            fn row<C: Command + TS>(cfg: &Config) -> (&'static str, String, String) {
                (C::NAME, C::name(cfg), <Reply<C> as TS>::name(cfg))
            }
            vec![$(row::<$args>(cfg)),*]
        }

        /// The declarations of every command's arguments.
        fn argument_declarations(cfg: &Config) -> Vec<(Option<String>, String)> {
            vec![$((<$args as TS>::docs(), <$args as TS>::decl(cfg))),*]
        }
    };
}

include!("command_table.rs");

/// A secret the author typed (a token for an https remote): never printed, so a command's
/// arguments can be logged whole.
#[derive(Deserialize, TS)]
#[serde(transparent)]
#[ts(type = "string")]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

// ---- Results the core does not declare -----------------------------------------------

/// Where the app works, and what it starts with.
#[derive(Serialize, TS)]
pub struct AppInfo {
    /// The content folder.
    pub folder: String,
    /// The library file.
    pub library: String,
    /// The folder of the app's log files.
    pub log: String,
    /// The site settings.
    pub site: Site,
    /// The post open when the app last closed.
    pub last_post: Option<i64>,
    /// Why no content folder is open (`folder_missing`, `no_folder`): the window offers
    /// to choose one.
    pub unopened: Option<CommandError>,
    /// Where a blog started from nothing goes (`~/Documents/Quire`).
    pub default_folder: String,
    /// What salvaging a damaged library at start recovered.
    pub salvaged: Option<quire_core::library::Salvage>,
    /// The library is on a read-only location: posts can be read, not edited.
    pub read_only: bool,
    /// Why the file named on the command line could not be opened.
    pub open_error: Option<CommandError>,
    /// The file named on the command line lies outside the content folder: the window
    /// asks what to do with it.
    pub outside: Option<OutsideFile>,
    /// The file edited alone, when the window is in that mode: no library features.
    pub alone: Option<String>,
}

/// An exported file.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Exported {
    /// Where it was written.
    pub path: String,
}

/// The blog platform an import reads the export of.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ImportSource {
    /// A WordPress WXR file (Tools → Export).
    Wordpress,
    /// A Ghost JSON export (Settings → Labs → Export).
    Ghost,
    /// The `posts/` folder of a Medium archive.
    Medium,
}

/// What an import from the window brought in.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportSummary {
    pub source: ImportSource,
    /// Posts written.
    pub imported: u32,
    /// Of those, drafts.
    pub drafts: u32,
    /// Posts an earlier import already brought in, left as they are.
    pub skipped: u32,
    /// Images still on the old site, linked from the posts, for the author to fetch.
    pub remote_images: Vec<String>,
}

/// How far a site export is: pages rendered of the pages to render.
#[derive(Debug, Clone, Copy, Serialize, TS)]
pub struct ExportProgress {
    pub done: u32,
    pub total: u32,
}

/// How a publish ended: sent, or waiting for the author to confirm its plan.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "outcome", rename_all = "lowercase")]
pub enum PublishOutcome {
    /// Sent and recorded.
    Published {
        /// What was sent where.
        published: Published,
    },
    /// The plan deletes much of the site: nothing was sent; publish again, confirmed.
    Confirm {
        /// The plan to confirm.
        plan: Plan,
    },
}

/// What the `onProgress` channel of `publish` carries: the plan once it is made, then
/// each step.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum PublishProgress {
    /// The export is compared: this is what will be sent.
    Plan {
        /// The plan.
        plan: Plan,
    },
    /// A step of the publish.
    Step {
        /// Where it is.
        step: Step,
    },
}

// ---- Events ----------------------------------------------------------------------------

/// Posts changed on disk: `Change[]`.
pub const DISK_CHANGE: &str = "disk-change";
/// The start-up scan's progress: `ScanProgress`.
pub const SCAN_PROGRESS: &str = "scan-progress";
/// The start-up scan is done: the number of files it found.
pub const SCAN_DONE: &str = "scan-done";
/// The words of the posts the start-up scan listed are counted: the list reads them again.
pub const WORDS_COUNTED: &str = "words-counted";
/// Following the folder failed somewhere: `CommandError`.
pub const SYNC_ERROR: &str = "sync-error";
/// The window is asked to open a post: `OpenRequest`.
pub const OPEN_REQUEST: &str = "open-request";
/// A later launch named a Markdown file outside the content folder: `OutsideFile`.
pub const OUTSIDE_FILE: &str = "outside-file";
/// The author chose an item of the menu bar that the window carries out: `MenuAction`.
pub const MENU_ACTION: &str = "menu-action";

/// Gives a payload's TypeScript name.
pub type PayloadName = fn(&Config) -> String;

/// Every event the shell sends, with its payload's TypeScript name (for the bindings).
pub const EVENTS: &[(&str, PayloadName)] = &[
    (DISK_CHANGE, |c| <Vec<Change> as TS>::name(c)),
    (SCAN_PROGRESS, |c| <ScanProgress as TS>::name(c)),
    (SCAN_DONE, |c| <usize as TS>::name(c)),
    (WORDS_COUNTED, |c| <() as TS>::name(c)),
    (SYNC_ERROR, |c| <CommandError as TS>::name(c)),
    (OPEN_REQUEST, |c| <OpenRequest as TS>::name(c)),
    (OUTSIDE_FILE, |c| <OutsideFile as TS>::name(c)),
    (MENU_ACTION, |c| <MenuAction as TS>::name(c)),
];

/// What the window is asked to do from the menu bar.
#[derive(Debug, Clone, Serialize, TS)]
pub struct MenuAction {
    /// The action's id (`menu_table.rs`): a shortcut's (`save`, `newPost`…), or `undo`,
    /// `redo`, `find`, `replace`, `openFolder`, `import`, `publish`, `sync`,
    /// `theme:NAME`, or `restart` (the shell switched folders: the window starts over).
    pub action: String,
}

/// How far the start-up scan is.
#[derive(Clone, Serialize, TS)]
pub struct ScanProgress {
    /// Paths read so far.
    pub done: usize,
    /// Paths to read.
    pub total: usize,
}

/// A post to open, named on a later launch's command line.
#[derive(Clone, Serialize, TS)]
pub struct OpenRequest {
    /// The post's id.
    pub id: i64,
}

/// A Markdown file named on a command line (a double click in the file manager) that
/// lies outside the content folder: the window asks whether to open its folder as the
/// content folder or to edit the file alone. Nothing is read or written meanwhile.
#[derive(Debug, Clone, Serialize, TS)]
pub struct OutsideFile {
    /// The file.
    pub file: String,
    /// Its folder.
    pub folder: String,
    /// The content folder open now.
    pub content_folder: String,
}

/// How the author opens a file outside the content folder.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum OutsideChoice {
    /// Its folder becomes the content folder (with a library of its own).
    Folder,
    /// The file alone: editor, preview, save, export; no library features.
    File,
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
        quire_core::markup::Dialect,
        ImportSource,
        ImportSummary,
        Site,
        AppInfo,
        quire_core::library::Salvage,
        OpenRequest,
        OutsideFile,
        OutsideChoice,
        MenuAction,
        ScanProgress,
        Summary,
        Exported,
        ExportProgress,
        Kind,
        Target,
        Plan,
        Step,
        Published,
        PublishOutcome,
        PublishProgress,
        Secret,
        RepoStatus,
        FileChange,
        FileState,
        SyncReport,
        Committed,
        GitVersion,
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
    );
    decls.extend(argument_declarations(&cfg));
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
    // Data, not a type: the ui's test holds each accelerator against its shortcut table.
    out.push_str(
        "\n/** Each menu bar action with its accelerator (`src-tauri/src/menu_table.rs`). */\n",
    );
    out.push_str("export const MENU_ACCELERATORS: Record<string, string> = {\n");
    for (id, accel) in crate::menu_table::accelerators() {
        out.push_str(&format!("  {id}: \"{accel}\",\n"));
    }
    out.push_str("};\n");
    out
}

/// The window's capability (`capabilities/main.json`): listening to the shell's events
/// and an `allow-…` permission for each command of the table (build.rs generates those
/// permissions from the same table), nothing else.
pub fn capability() -> String {
    let mut permissions = vec![
        "core:event:allow-listen".to_string(),
        "core:event:allow-unlisten".to_string(),
    ];
    permissions.extend(
        COMMANDS
            .iter()
            .map(|name| format!("allow-{}", name.replace('_', "-"))),
    );
    let list = permissions
        .iter()
        .map(|p| format!("    \"{p}\""))
        .collect::<Vec<_>>()
        .join(",\n");
    format!(
        "{{\n  \"identifier\": \"main\",\n  \"description\": \"{CAPABILITY_WHY}\",\n  \"windows\": [\"main\"],\n  \"permissions\": [\n{list}\n  ]\n}}\n"
    )
}

/// Why the window may do what `capability` grants, and no more.
const CAPABILITY_WHY: &str = "What the main window's ui may do: Quire's own commands and listening to its events. No file system, shell or HTTP access; export destinations are chosen in dialogs the shell opens, never named by the ui.";

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    const BINDINGS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../ui/src/bindings.ts");
    const CAPABILITY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/capabilities/main.json");

    /// `fresh` must be what `path` holds: written there first with `UPDATE_BINDINGS` set.
    fn assert_current(path: &str, fresh: &str, what: &str) {
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(path, fresh).unwrap();
        }
        let committed = std::fs::read_to_string(Path::new(path)).unwrap_or_default();
        assert!(
            committed == fresh,
            "{what} is out of date with the Rust types; regenerate it with\n  \
             UPDATE_BINDINGS=1 cargo test -p quire-app bindings\nand commit it"
        );
    }

    /// The committed TypeScript must be what the Rust types generate: a changed result
    /// type without regenerated bindings fails here, before the ui can drift.
    #[test]
    fn bindings_are_current() {
        assert_current(BINDINGS, &super::typescript(), "ui/src/bindings.ts");
    }

    /// The capability grants exactly the table's commands, or the ui's call of a new one
    /// is refused at run time (and a removed one stays allowed).
    #[test]
    fn bindings_capability_is_current() {
        assert_current(CAPABILITY, &super::capability(), "capabilities/main.json");
    }

    /// The handler (main.rs) and the permissions (build.rs) come from the table through
    /// `include!`; the ui's one caller of commands, `api.ts`, is written by hand, so it is
    /// read here: it calls every command of the table and no other.
    #[test]
    fn the_ui_calls_exactly_the_tables_commands() {
        let api = include_str!("../../ui/src/api.ts");
        let mut called = BTreeSet::new();
        for opener in ["call(\"", "invoke(\""] {
            for (i, _) in api.match_indices(opener) {
                let rest = &api[i + opener.len()..];
                let name = &rest[..rest.find('"').unwrap()];
                called.insert(name.to_string());
            }
        }
        let table: BTreeSet<String> = super::COMMANDS.iter().map(|c| c.to_string()).collect();
        assert_eq!(called, table, "ui/src/api.ts and command_table.rs disagree");
    }
}
