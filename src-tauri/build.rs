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

/// Every command of the table, by name.
macro_rules! command_table {
    ($(
        $(#[$doc:meta])*
        $module:ident :: $name:ident ( $($args:tt)* ) -> $result:ty;
    )*) => {
        /// Every command the ui may call gets an `allow-…` permission, and the capability
        /// file (generated from the same table, see `ipc::capability`) grants exactly
        /// these: nothing the ui does not use.
        const COMMANDS: &[&str] = &[$(stringify!($name)),*];
    };
}

include!("src/command_table.rs");
