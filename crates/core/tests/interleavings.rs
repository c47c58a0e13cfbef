//! 1,000 seeded interleavings of editor edits, saves, merges and outside writes: every
//! version that ever existed on either side must be in the post's revisions afterwards.

use std::collections::BTreeSet;
use std::fs;

use quire_core::blog::Blog;
use quire_core::sync::Change;

use crate::common::Rng;

fn text(rng: &mut Rng, side: &str, step: usize) -> String {
    let lines = 1 + rng.below(4);
    let mut body = String::new();
    for l in 0..lines {
        body.push_str(&format!(
            "{side} line {l} at step {step} ({})\n",
            rng.below(3)
        ));
    }
    format!("---\ntitle: Post\n---\n{body}")
}

#[test]
fn no_version_is_ever_lost() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("content");
    fs::create_dir_all(&folder).unwrap();
    let initial = "---\ntitle: Post\n---\nThe start.\n".to_string();
    fs::write(folder.join("post.md"), &initial).unwrap();
    let blog = Blog::open(&folder, &dir.path().join("lib.sqlite3")).unwrap();
    blog.scan(0, false, &mut |_, _| {}).unwrap();
    let id = blog.posts().unwrap()[0].id;

    let mut rng = Rng(0x5eed_cafe_f00d_1234);
    // Versions that existed: on disk, saved from the editor, or a draft when the disk
    // changed under it (the moment it could have been lost).
    let mut versions: BTreeSet<String> = BTreeSet::from([initial]);
    let mut draft: Option<String> = None;
    let mut conflicts = 0;

    for step in 1..=1_000usize {
        let now = step as i64;
        match rng.below(5) {
            // The author types: the draft is autosaved.
            0 | 1 => {
                let t = text(&mut rng, "editor", step);
                // The editor's base: the version it opened or last reloaded.
                let base = blog.open_post(id).unwrap().base;
                blog.save_draft(id, &t, base.as_deref(), now).unwrap();
                draft = Some(t);
            }
            // The author saves what the editor holds (merging first if it must).
            2 => {
                let opened = blog.open_post(id).unwrap();
                let (t, base) = if opened.conflict {
                    let view = blog
                        .merge_view(id, &opened.text, opened.base.as_deref(), now)
                        .unwrap();
                    // Keep both sides of every conflict, as the merge view's "both" does.
                    let merged = view
                        .chunks
                        .iter()
                        .map(|c| match c {
                            quire_core::merge::Chunk::Resolved { text } => text.clone(),
                            quire_core::merge::Chunk::Conflict { mine, theirs, .. } => {
                                format!("{mine}{theirs}")
                            }
                        })
                        .collect();
                    (merged, Some(view.theirs_hash))
                } else {
                    (opened.text, opened.base)
                };
                blog.save(id, &t, base.as_deref(), now).unwrap();
                versions.insert(t);
                draft = None;
            }
            // Another program writes the file; the watcher reports it.
            _ => {
                let t = text(&mut rng, "disk", step);
                fs::write(folder.join("post.md"), &t).unwrap();
                let changes = blog.reconcile(&["post.md".to_string()], now).unwrap();
                if let Some(d) = draft.take() {
                    if d != t {
                        assert_eq!(
                            changes,
                            vec![Change::Conflict {
                                id,
                                path: "post.md".into()
                            }]
                        );
                        conflicts += 1;
                        // The draft stays in the editor until the author merges.
                        draft = Some(d.clone());
                        versions.insert(d);
                    }
                }
                versions.insert(t);
            }
        }
    }
    assert!(conflicts > 50, "the run exercised conflicts ({conflicts})");
    let kept: BTreeSet<String> = blog
        .library()
        .revisions(id)
        .unwrap()
        .into_iter()
        .map(|r| r.text)
        .collect();
    let lost: Vec<_> = versions.difference(&kept).collect();
    assert!(
        lost.is_empty(),
        "{} versions lost, e.g. {:?}",
        lost.len(),
        lost.first()
    );
    if let Some(d) = draft {
        assert_eq!(blog.library().draft(id).unwrap().unwrap().text, d);
    }
}
