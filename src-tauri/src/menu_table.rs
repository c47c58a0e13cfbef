//! The menu bar's items, as data: the shell builds the menu from it (`menu.rs`), and the
//! ui's bindings carry each action's accelerator, which a ui test checks against the
//! shortcut table, so a key the menu shows is the key that works.

/// One line of a submenu.
pub enum Line {
    /// An action: its id (the ui's shortcut action, or the shell's), words, accelerator.
    Item(&'static str, &'static str, Option<&'static str>),
    Separator,
    /// GTK's own clipboard and selection items.
    Cut,
    Copy,
    Paste,
    SelectAll,
    /// The folders opened before, a submenu.
    Recent,
    /// The window's look, a submenu.
    Theme,
    /// About Quire: its version and licence.
    About,
}

use Line::*;

/// The menu bar: each submenu's title and lines.
pub const MENU: &[(&str, &[Line])] = &[
    (
        "&File",
        &[
            Item("newPost", "&New post", Some("CmdOrCtrl+N")),
            Item("quickOpen", "&Go to a post…", Some("CmdOrCtrl+P")),
            Item("save", "&Save", Some("CmdOrCtrl+S")),
            Separator,
            Item("openFolder", "&Open folder…", None),
            Recent,
            Separator,
            Item("import", "&Import…", None),
            Item("exportPost", "&Export post", Some("CmdOrCtrl+E")),
            Item("exportSite", "Export si&te", Some("CmdOrCtrl+Shift+E")),
            Item("publish", "&Publish…", None),
            Item("sync", "S&ync", None),
            Separator,
            Item("settings", "Se&ttings", Some("CmdOrCtrl+,")),
            Item("trashPanel", "T&rash", Some("CmdOrCtrl+Alt+T")),
            Separator,
            Item("quit", "&Quit", Some("CmdOrCtrl+Q")),
        ],
    ),
    (
        "&Edit",
        &[
            Item("undo", "&Undo", Some("CmdOrCtrl+Z")),
            Item("redo", "&Redo", Some("CmdOrCtrl+Shift+Z")),
            Separator,
            Cut,
            Copy,
            Paste,
            SelectAll,
            Separator,
            Item("find", "&Find", Some("CmdOrCtrl+F")),
            Item("replace", "Find and re&place", Some("CmdOrCtrl+H")),
            Item("search", "Search all &posts", Some("CmdOrCtrl+Shift+F")),
        ],
    ),
    (
        "&View",
        &[
            Item("outline", "&Outline", Some("CmdOrCtrl+Shift+O")),
            Separator,
            Item("focusMode", "&Focus", Some("F8")),
            Item("typewriter", "&Typewriter", Some("F9")),
            Item("distractionFree", "&Distraction-free", Some("F11")),
            Separator,
            Theme,
            Separator,
            Item("zoomIn", "Zoom &in", Some("CmdOrCtrl+=")),
            Item("zoomOut", "Zoom o&ut", Some("CmdOrCtrl+-")),
            // Ctrl+0 is the editor's (a paragraph again, after Ctrl+1…6 made a heading).
            Item("zoomReset", "&Actual size", Some("CmdOrCtrl+Alt+0")),
        ],
    ),
    (
        "&Post",
        &[
            Item("metadata", "&Details", Some("CmdOrCtrl+Shift+D")),
            Item("rename", "&Rename…", Some("F2")),
            Item("duplicate", "D&uplicate", Some("CmdOrCtrl+Alt+D")),
            Item("history", "&History", Some("CmdOrCtrl+Shift+H")),
            Separator,
            Item("trash", "Move to &trash", Some("CmdOrCtrl+Shift+Delete")),
        ],
    ),
    (
        "&Help",
        &[
            Item("help", "&Keyboard shortcuts", Some("F1")),
            Item("showLogs", "Show &logs", None),
            Separator,
            About,
        ],
    ),
];

/// The theme submenu's items: the ui's theme names.
pub const THEMES: &[(&str, &str)] = &[
    ("theme:system", "&System"),
    ("theme:light", "&Light"),
    ("theme:dark", "&Dark"),
];

/// Every action with its accelerator.
pub fn accelerators() -> Vec<(&'static str, &'static str)> {
    MENU.iter()
        .flat_map(|(_, lines)| lines.iter())
        .filter_map(|line| match line {
            Item(id, _, Some(accel)) => Some((*id, *accel)),
            _ => None,
        })
        .collect()
}
