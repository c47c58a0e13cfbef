//! A file's line endings and BOM survive the editor: what the author did not change is
//! written back byte for byte, and what they typed is what is written.

use quire_core::endings::{for_editor, restyle};

/// For any file text `original` and any editor text `edited`: writing the editor's view
/// of the file back gives the file unchanged, and what is written reads back in the
/// editor as what the author typed.
pub fn holds(original: &str, edited: &str) {
    let seen = for_editor(original);
    // Only the first BOM is one: a second is text (a zero-width no-break space).
    assert!(
        !seen.contains('\r')
            && seen.len() + original.starts_with('\u{feff}') as usize * 3 <= original.len(),
        "the editor sees LF and no BOM: {seen:?}"
    );
    assert_eq!(
        restyle(original, &seen),
        original,
        "nothing edited, nothing changed"
    );
    let written = restyle(original, edited);
    // The editor's text is taken as it is, but for its line breaks: a U+FEFF it starts
    // with is the author's, not a BOM.
    let typed = edited.replace("\r\n", "\n").replace('\r', "\n");
    if typed.starts_with('\u{feff}') && !original.starts_with('\u{feff}') {
        // A file that starts with U+FEFF starts with a BOM, by definition: typed first in
        // a file without one, it is read as one next time. Nothing can be written that
        // reads otherwise.
        return;
    }
    assert_eq!(
        for_editor(&written),
        typed,
        "the author's text is what is written (of {original:?})"
    );
}
