//! A post's history: every version Quire has seen, a diff of any of them against the
//! editor's text, and restoring one. Nothing here destroys a version: a restore is
//! recorded as a revision of its own.

use serde::Serialize;
use ts_rs::TS;

use crate::blog::Blog;
use crate::endings;
use crate::folder::content_hash;
use crate::library::{PostRow, RevisionInfo, RevisionSource};
use crate::Result;

/// One line of [`Blog::diff_revision`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DiffLine {
    /// What the line is to the current text.
    pub kind: DiffKind,
    /// The line, without its line ending.
    pub text: String,
}

/// A line of a diff from a revision to the current text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum DiffKind {
    /// In both.
    Same,
    /// In the current text only.
    Add,
    /// In the revision only.
    Del,
    /// Unchanged lines left out.
    Gap,
}

impl Blog {
    /// A post's revisions, newest first, without their texts.
    pub fn history(&self, id: i64) -> Result<Vec<RevisionInfo>> {
        self.library.revision_list(id)
    }

    /// Line diff from a revision to `current`, unchanged runs cut to three lines of context.
    pub fn diff_revision(&self, id: i64, revision_id: i64, current: &str) -> Result<Vec<DiffLine>> {
        let old = self.library.revision(id, revision_id)?.text;
        Ok(diff_version(&old, current))
    }

    /// Puts a revision back in the editor as a draft, recording the restore as a revision
    /// of its own: restoring never destroys what came after.
    pub fn restore_revision(&self, id: i64, revision_id: i64, now: i64) -> Result<String> {
        let raw = self.library.revision(id, revision_id)?.text;
        self.restore_text(id, raw, now)
    }

    /// Puts `raw`, an older version of the post from elsewhere (a git commit), back in
    /// the editor as [`Blog::restore_revision`] does: recorded, then the draft.
    pub fn restore_text(&self, id: i64, raw: String, now: i64) -> Result<String> {
        self.library
            .add_revision(id, &raw, &content_hash(&raw), RevisionSource::Restore, now)?;
        let text = endings::into_editor(raw);
        // The draft keeps the file version it was based on; a new one starts from the
        // version on disk now.
        let base = match self.library.draft(id)? {
            Some(d) => d.base_hash,
            None => self.library.post(id)?.disk_hash,
        };
        self.library.save_draft(id, &text, base.as_deref(), now)?;
        Ok(text)
    }

    /// Writes a post that went missing on disk back to its path, from its draft or, if it
    /// has none, its newest revision. The overwrite rule holds here too: if a file has
    /// come back at that path meanwhile, with other content, nothing is written
    /// ([`Error::DiskChanged`](crate::Error::DiskChanged)).
    pub fn restore_to_disk(&self, id: i64, now: i64) -> Result<PostRow> {
        self.writable()?;
        // A draft is the editor's text (so is a revision kept from one): it takes the
        // endings of the last version the file had, as a save would have given it.
        let file = self.library.latest_file_revision(id)?.map(|r| r.text);
        let text = match (self.library.draft(id)?, file) {
            (Some(d), Some(last)) => endings::restyle(&last, &d.text).into_owned(),
            (Some(d), None) => d.text,
            (None, Some(last)) => last,
            (None, None) => (self.library.latest_revision(id)?)
                .map(|r| r.text)
                .unwrap_or_default(),
        };
        let post = self.library.post(id)?;
        self.expect_on_disk(&post.path, None, &text)?;
        self.write_post(id, &post.path, &text, RevisionSource::Restore, now)
    }
}

/// Line diff from `old`, a version as a file holds it (any line endings), to the editor's
/// `current`.
pub fn diff_version(old: &str, current: &str) -> Vec<DiffLine> {
    diff_lines(&endings::for_editor(old), current)
}

/// Line diff from `old` to `new`, unchanged runs cut to three lines of context.
pub fn diff_lines(old: &str, new: &str) -> Vec<DiffLine> {
    let diff = similar::TextDiff::from_lines(old, new);
    let mut out = Vec::new();
    for (i, group) in diff.grouped_ops(3).iter().enumerate() {
        if i > 0 {
            out.push(DiffLine {
                kind: DiffKind::Gap,
                text: String::new(),
            });
        }
        for op in group {
            for change in diff.iter_changes(op) {
                let kind = match change.tag() {
                    similar::ChangeTag::Equal => DiffKind::Same,
                    similar::ChangeTag::Insert => DiffKind::Add,
                    similar::ChangeTag::Delete => DiffKind::Del,
                };
                out.push(DiffLine {
                    kind,
                    text: change.value().trim_end_matches(['\n', '\r']).to_string(),
                });
            }
        }
    }
    out
}
