//! The one config lives at the repository's top level, where the user asked for it.

fn main() {
    println!("cargo:rerun-if-changed=../tauri.conf.json");
    println!("cargo:rerun-if-changed=../ui/dist");
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .config_path("../tauri.conf.json")
            .app_manifest(manifest),
    )
    .expect("tauri build step failed");
}

/// Every command the ui may call gets an `allow-…` permission, and the capability file
/// grants exactly these: nothing the ui does not use.
const COMMANDS: &[&str] = &[
    "app_info",
    "list_posts",
    "posts_by_id",
    "search_posts",
    "list_tags",
    "rename_post",
    "duplicate_post",
    "trash_post",
    "list_trash",
    "restore_from_trash",
    "empty_trash",
    "front_form",
    "edit_front",
    "add_image",
    "spell_check",
    "choose_spelling",
    "choose_folder",
    "open_post",
    "render",
    "render_edits",
    "save_draft",
    "save_draft_shown",
    "save_post",
    "new_post",
    "history",
    "diff_revision",
    "restore_revision",
    "restore_to_disk",
    "merge_view",
    "accept_merge",
    "save_settings",
    "export_post",
    "export_site",
    "cancel_export",
    "theme_css",
    "reveal_export",
];
