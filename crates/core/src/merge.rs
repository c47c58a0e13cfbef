//! Three-way merge of a post: the last version both sides shared (base), the author's
//! draft (mine) and what arrived on disk (theirs).
//!
//! Line-based diff3: lines that both sides kept from the base are sync points; between two
//! sync points, a side that left the base alone takes the other side's change, identical
//! changes are taken once, and different changes are a conflict for the author to settle.

use serde::Serialize;
use similar::{capture_diff_slices, Algorithm, DiffOp};
use ts_rs::TS;

use crate::blog::Blog;
use crate::endings;
use crate::folder::content_hash;
use crate::library::{Conflict, RevisionSource};
use crate::sync::Change;
use crate::Result;

/// A post a git sync could not merge by itself: its path in the content folder, and the
/// conflict the library is to hold for it.
#[derive(Debug, Clone)]
pub struct SyncConflict {
    /// Relative to the content folder, `/`-separated.
    pub path: String,
    /// The base and the other machine's text.
    pub conflict: Conflict,
}

/// Everything the merge view shows.
#[derive(Debug, Clone, Serialize, TS)]
pub struct MergeView {
    /// The last version both sides shared.
    pub base: String,
    /// The author's text.
    pub mine: String,
    /// The file on disk.
    pub theirs: String,
    /// Content hash of `theirs`: the version accepting the merge replaces.
    pub theirs_hash: String,
    /// The merge, part by part.
    pub chunks: Vec<Chunk>,
    /// The merged text when no chunk conflicts.
    pub clean: Option<String>,
    /// Where `theirs` came from when it is another machine's (a git sync's conflict):
    /// its commit and author. `None`: it is the file on disk.
    pub remote: Option<String>,
}

impl Blog {
    /// The three texts of a conflict and their merge. `mine` is the editor's text;
    /// `base` is the content hash of the version the editor last shared with the disk
    /// (its [`OpenedPost::base`](crate::blog::OpenedPost::base)), else the version the
    /// draft started from. `mine` is recorded as a revision. Accepting the merge is a
    /// save based on [`MergeView::theirs_hash`].
    pub fn merge_view(
        &self,
        id: i64,
        mine: &str,
        base: Option<&str>,
        now: i64,
    ) -> Result<MergeView> {
        // A git sync's conflict is the one to settle: the file still holds the author's
        // side, and the other machine's is in the library.
        if let Some(view) = self.conflict_merge_view(id, mine)? {
            self.library
                .add_revision(id, mine, &content_hash(mine), RevisionSource::Draft, now)?;
            return Ok(view);
        }
        let post = self.library.post(id)?;
        // Merged as the editor holds text (a file's CRLF against the editor's LF would
        // differ on every line); the save of the merge gives the file its endings back.
        let theirs_raw = self.folder.read(&post.path)?;
        let theirs = endings::for_editor(&theirs_raw).into_owned();
        let base_hash = match base {
            Some(b) => Some(b.to_string()),
            None => self.library.draft(id)?.and_then(|d| d.base_hash),
        };
        // Every version Quire saw is a revision, so the base is found by its hash; a base
        // never seen merges against nothing, which shows every difference as a conflict.
        let base = match base_hash {
            Some(h) => self
                .library
                .text_by_hash(id, &h)?
                .map(endings::into_editor)
                .unwrap_or_default(),
            None => String::new(),
        };
        self.library
            .add_revision(id, mine, &content_hash(mine), RevisionSource::Draft, now)?;
        let chunks = merge3(&base, mine, &theirs);
        let clean = clean_text(&chunks);
        Ok(MergeView {
            base,
            mine: mine.to_string(),
            theirs_hash: content_hash(&theirs_raw),
            theirs,
            chunks,
            clean,
            remote: None,
        })
    }

    /// The merge view of a post a git sync flagged (see [`Blog::record_sync`]), or `None`
    /// when it has no conflict: base and theirs as the sync met them, `mine` the editor's
    /// text. The file still holds the author's side, so accepting the merge is a save
    /// based on the file as it is ([`MergeView::theirs_hash`] is its hash), which settles
    /// the conflict.
    pub fn conflict_merge_view(&self, id: i64, mine: &str) -> Result<Option<MergeView>> {
        let Some(conflict) = self.library.conflict(id)? else {
            return Ok(None);
        };
        let post = self.library.post(id)?;
        let on_disk = self.folder.read(&post.path)?;
        let base = endings::for_editor(&conflict.base).into_owned();
        let theirs = endings::for_editor(&conflict.theirs).into_owned();
        let chunks = merge3(&base, mine, &theirs);
        let clean = clean_text(&chunks);
        Ok(Some(MergeView {
            base,
            mine: mine.to_string(),
            theirs,
            theirs_hash: content_hash(&on_disk),
            chunks,
            clean,
            remote: Some(conflict.note),
        }))
    }

    /// What a git sync did to the content folder, taken into the library: `changed`
    /// (relative paths the pull wrote) read again, then each of `conflicts` flagged, the
    /// other machine's text kept in the post's history. Until this runs the other text
    /// is safe in git (the sync's merge commit has it as its second parent).
    pub fn record_sync(
        &self,
        changed: &[String],
        conflicts: &[SyncConflict],
        now: i64,
    ) -> Result<Vec<Change>> {
        let mut paths = changed.to_vec();
        paths.extend(conflicts.iter().map(|c| c.path.clone()));
        let changes = self.reconcile(&paths, now)?;
        for c in conflicts {
            if let Some(known) = self.library.known(&c.path)? {
                self.library.add_conflict(known.id, &c.conflict, now)?;
            }
        }
        Ok(changes)
    }
}

/// One part of a merge, in text order: settled, or left for the author to settle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Chunk {
    /// Text both sides agree on, or that only one side changed.
    Resolved {
        /// The text this part merges to.
        text: String,
    },
    /// Both sides changed this part differently.
    Conflict {
        /// This part as the base had it (empty if the base had none).
        base: String,
        /// This part in the author's text.
        mine: String,
        /// This part in the file on disk.
        theirs: String,
    },
}

/// Merges `mine` and `theirs` against `base`. Adjacent resolved text is joined.
pub fn merge3(base: &str, mine: &str, theirs: &str) -> Vec<Chunk> {
    let b: Vec<&str> = base.split_inclusive('\n').collect();
    let m: Vec<&str> = mine.split_inclusive('\n').collect();
    let t: Vec<&str> = theirs.split_inclusive('\n').collect();
    let in_mine = matches(&b, &m);
    let in_theirs = matches(&b, &t);

    let mut chunks = Vec::new();
    // Positions just past the last sync point, in base, mine and theirs.
    let (mut pb, mut pm, mut pt) = (0, 0, 0);
    for i in 0..=b.len() {
        let sync = if i == b.len() {
            Some((m.len(), t.len()))
        } else {
            in_mine[i].zip(in_theirs[i])
        };
        let Some((im, it)) = sync else { continue };
        // A line matched in both but behind what was already consumed cannot sync.
        if im < pm || it < pt {
            continue;
        }
        resolve(&b[pb..i], &m[pm..im], &t[pt..it], &mut chunks);
        if i < b.len() {
            push_resolved(&mut chunks, b[i]);
        }
        (pb, pm, pt) = (i + 1, im + 1, it + 1);
    }
    chunks
}

/// The merged text when there is no conflict.
pub fn clean_text(chunks: &[Chunk]) -> Option<String> {
    chunks
        .iter()
        .map(|c| match c {
            Chunk::Resolved { text } => Some(text.as_str()),
            Chunk::Conflict { .. } => None,
        })
        .collect()
}

/// For each base line, the index of the line it stays as in `other`, if it stays.
fn matches(base: &[&str], other: &[&str]) -> Vec<Option<usize>> {
    let mut out = vec![None; base.len()];
    for op in capture_diff_slices(Algorithm::Myers, base, other) {
        if let DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            for k in 0..len {
                out[old_index + k] = Some(new_index + k);
            }
        }
    }
    out
}

fn resolve(base: &[&str], mine: &[&str], theirs: &[&str], chunks: &mut Vec<Chunk>) {
    if mine == theirs || theirs == base {
        push_resolved(chunks, &mine.concat());
    } else if mine == base {
        push_resolved(chunks, &theirs.concat());
    } else {
        chunks.push(Chunk::Conflict {
            base: base.concat(),
            mine: mine.concat(),
            theirs: theirs.concat(),
        });
    }
}

fn push_resolved(chunks: &mut Vec<Chunk>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(Chunk::Resolved { text: last }) = chunks.last_mut() {
        last.push_str(text);
    } else {
        chunks.push(Chunk::Resolved {
            text: text.to_string(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separate_changes_merge_cleanly() {
        let base = "a\nb\nc\nd\n";
        let mine = "a\nB\nc\nd\n";
        let theirs = "a\nb\nc\nD\n";
        let chunks = merge3(base, mine, theirs);
        assert_eq!(clean_text(&chunks).as_deref(), Some("a\nB\nc\nD\n"));
    }

    #[test]
    fn same_line_changed_both_ways_conflicts() {
        let chunks = merge3("a\nb\nc\n", "a\nmine\nc\n", "a\ntheirs\nc\n");
        assert_eq!(
            chunks,
            vec![
                Chunk::Resolved { text: "a\n".into() },
                Chunk::Conflict {
                    base: "b\n".into(),
                    mine: "mine\n".into(),
                    theirs: "theirs\n".into()
                },
                Chunk::Resolved { text: "c\n".into() },
            ]
        );
        assert_eq!(clean_text(&chunks), None);
    }

    #[test]
    fn identical_changes_are_taken_once() {
        let chunks = merge3("a\n", "a\nnew\n", "a\nnew\n");
        assert_eq!(clean_text(&chunks).as_deref(), Some("a\nnew\n"));
    }

    #[test]
    fn appends_on_both_sides_conflict_but_keep_both_texts() {
        let chunks = merge3("a\n", "a\nmine\n", "a\ntheirs\n");
        let Chunk::Conflict { mine, theirs, .. } = &chunks[1] else {
            panic!("{chunks:?}")
        };
        assert_eq!((mine.as_str(), theirs.as_str()), ("mine\n", "theirs\n"));
    }

    #[test]
    fn empty_base_is_a_two_way_merge() {
        assert_eq!(
            clean_text(&merge3("", "x\n", "x\n")).as_deref(),
            Some("x\n")
        );
        assert!(clean_text(&merge3("", "x\n", "y\n")).is_none());
    }
}
