//! The three-way merge loses nothing: a line either side added is in the merge, or in a
//! conflict for the author to settle.

use quire_core::merge::{clean_text, merge3, Chunk};
use similar::{capture_diff_slices, Algorithm, DiffOp};

/// For any three texts: a side that changed nothing takes the other side whole, the same
/// change on both sides merges to it, and every line either side added to `base` is in a
/// resolved part of the merge or in that side of a conflict.
pub fn holds(base: &str, mine: &str, theirs: &str) {
    let chunks = merge3(base, mine, theirs);
    let clean = clean_text(&chunks);
    if mine == base {
        assert_eq!(clean.as_deref(), Some(theirs), "only theirs changed");
    }
    if theirs == base {
        assert_eq!(clean.as_deref(), Some(mine), "only mine changed");
    }
    if mine == theirs {
        assert_eq!(clean.as_deref(), Some(mine), "both made the same change");
    }
    let resolved: Vec<&str> = chunks
        .iter()
        .filter_map(|c| match c {
            Chunk::Resolved { text } => Some(text.as_str()),
            Chunk::Conflict { .. } => None,
        })
        .flat_map(|t| t.split_inclusive('\n'))
        .collect();
    for (side, text, of) in [("mine", mine, Side::Mine), ("theirs", theirs, Side::Theirs)] {
        let in_conflicts: Vec<&str> = chunks
            .iter()
            .filter_map(|c| match (c, of) {
                (Chunk::Conflict { mine, .. }, Side::Mine) => Some(mine.as_str()),
                (Chunk::Conflict { theirs, .. }, Side::Theirs) => Some(theirs.as_str()),
                _ => None,
            })
            .flat_map(|t| t.split_inclusive('\n'))
            .collect();
        for line in added(base, text) {
            assert!(
                resolved.contains(&line) || in_conflicts.contains(&line),
                "{side}'s line {line:?} is lost: {chunks:?}"
            );
        }
    }
}

#[derive(Clone, Copy)]
enum Side {
    Mine,
    Theirs,
}

/// The lines `other` has that `base` has not, by a line diff.
fn added<'a>(base: &str, other: &'a str) -> Vec<&'a str> {
    let b: Vec<&str> = base.split_inclusive('\n').collect();
    let o: Vec<&'a str> = other.split_inclusive('\n').collect();
    let mut out = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &b, &o) {
        match op {
            DiffOp::Insert {
                new_index, new_len, ..
            }
            | DiffOp::Replace {
                new_index, new_len, ..
            } => out.extend_from_slice(&o[new_index..new_index + new_len]),
            DiffOp::Equal { .. } | DiffOp::Delete { .. } => {}
        }
    }
    out
}
