//! Front matter: a parse never panics, and an edit through the metadata form rewrites
//! the edited key and nothing else the parser sees.

use quire_core::frontmatter::{self, edit::set_fields, edit::FieldEdit};

/// For any `text`: reading it never panics; when it reads, no edit rewrites it, setting
/// the title gives that title back with the body and the other fields unchanged, and an
/// edit that is refused leaves nothing half-done.
pub fn holds(text: &str) {
    let Ok((meta, body)) = frontmatter::read(text) else {
        return;
    };
    assert_eq!(
        set_fields(text, &[]).expect("no edit always applies"),
        text,
        "no edit, no change"
    );
    let title = "A title set by the form: with a colon, 'quotes' and # a hash";
    let Ok(edited) = set_fields(text, &[FieldEdit::text("title", title)]) else {
        // A layout the line-wise editor does not foresee is refused, never mangled.
        return;
    };
    let (after, after_body) = frontmatter::read(&edited).expect("an edit always reads back");
    assert_eq!(after.title.as_deref(), Some(title), "the title set");
    assert_eq!(after_body, body, "the body untouched");
    assert_eq!(after.tags, meta.tags, "the tags untouched");
    assert_eq!(after.date, meta.date, "the date untouched");
    assert_eq!(after.status, meta.status, "the status untouched");
    assert_eq!(after.summary, meta.summary, "the summary untouched");
}
