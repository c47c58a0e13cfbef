//! What each publish target last received (migration 8). Kept in the library, never in the
//! exported site: the site is uploaded whole, and this names every post, drafts' pages
//! never among them but unpublished ones once were.
//!
//! A target is known by its name (`[publish.NAME]` in `quire.toml`, or the one-off
//! target's address), so renaming a target starts it afresh: the next publish compares
//! with what the server holds and sends what differs, and deletes nothing.

use std::collections::BTreeMap;

use rusqlite::params;

use super::Library;
use crate::{Error, Result};

/// A file as a target last received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    /// The content hash the target's transport compares by (SHA-256, or git's blob id).
    pub hash: String,
    /// Its size in bytes.
    pub size: u64,
}

impl Library {
    /// Every file Quire sent to `target` that is still there as far as Quire knows, by
    /// its path in the site.
    pub fn publish_manifest(&self, target: &str) -> Result<BTreeMap<String, Sent>> {
        self.rows(
            "reading what a publish target received",
            "SELECT path, hash, size FROM publish_files WHERE target = ?1",
            [target],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    Sent {
                        hash: r.get(1)?,
                        size: r.get::<_, i64>(2)? as u64,
                    },
                ))
            },
        )
    }

    /// Records a publish to `target` that succeeded: `files` is now exactly what Quire
    /// has there, and the posts `posts` (paths in the content folder) went out as the
    /// file versions the library knows, at `now` (ms). One transaction: a publish is
    /// recorded whole or not at all.
    pub fn record_publish(
        &self,
        target: &str,
        files: &BTreeMap<String, Sent>,
        posts: &[String],
        now: i64,
    ) -> Result<()> {
        let fail = || Error::sql("recording a publish");
        self.atomically("recording a publish", |tx| {
            // Only the rows that differ are written: a publish of one edit changes a few
            // of a site's thousands of files, and rewriting them all was a tenth of it.
            let mut last: std::collections::HashMap<String, (String, i64)> = tx
                .prepare_cached("SELECT path, hash, size FROM publish_files WHERE target = ?1")
                .and_then(|mut q| {
                    q.query_map([target], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
                        .collect()
                })
                .map_err(fail())?;
            let mut upsert = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO publish_files (target, path, hash, size)
                     VALUES (?1, ?2, ?3, ?4)",
                )
                .map_err(fail())?;
            for (path, sent) in files {
                let size = sent.size as i64;
                if last
                    .remove(path)
                    .is_some_and(|(h, s)| h == sent.hash && s == size)
                {
                    continue;
                }
                upsert
                    .execute(params![target, path, sent.hash, size])
                    .map_err(fail())?;
            }
            let mut gone = tx
                .prepare_cached("DELETE FROM publish_files WHERE target = ?1 AND path = ?2")
                .map_err(fail())?;
            for path in last.keys() {
                gone.execute(params![target, path]).map_err(fail())?;
            }
            // A post no longer published (unpublished, deleted) leaves the target.
            tx.execute("DELETE FROM publish_posts WHERE target = ?1", [target])
                .map_err(fail())?;
            let mut post = tx
                .prepare_cached(
                    "INSERT INTO publish_posts (post_id, target, at, hash)
                     SELECT id, ?2, ?3, disk_hash FROM posts WHERE path = ?1 AND NOT trashed",
                )
                .map_err(fail())?;
            for path in posts {
                post.execute(params![path, target, now]).map_err(fail())?;
            }
            Ok(())
        })
    }

    /// Forgets what `target` received: its next publish compares with the server afresh.
    pub fn forget_target(&self, target: &str) -> Result<()> {
        let fail = || Error::sql("forgetting a publish target");
        self.atomically("forgetting a publish target", |tx| {
            tx.execute("DELETE FROM publish_files WHERE target = ?1", [target])
                .map_err(fail())?;
            tx.execute("DELETE FROM publish_posts WHERE target = ?1", [target])
                .map_err(fail())?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_publish_is_recorded_whole_and_replaces_the_last() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let library = Library::open(&dir.path().join("l.sqlite3")).expect("the library opens");
        let sent = |h: &str| Sent {
            hash: h.into(),
            size: 3,
        };
        let first = BTreeMap::from([
            ("a/index.html".to_string(), sent("1")),
            ("b".into(), sent("2")),
        ]);
        library
            .record_publish("site", &first, &[], 10)
            .expect("recorded");
        let second = BTreeMap::from([("a/index.html".to_string(), sent("3"))]);
        library
            .record_publish("site", &second, &[], 20)
            .expect("recorded");
        assert_eq!(library.publish_manifest("site").expect("read"), second);
        // Kept, added, and the same hash at another size: the record is the publish's.
        let third = BTreeMap::from([
            ("a/index.html".to_string(), sent("3")),
            (
                "c".into(),
                Sent {
                    hash: "3".into(),
                    size: 4,
                },
            ),
        ]);
        library
            .record_publish("site", &third, &[], 30)
            .expect("recorded");
        let fourth = BTreeMap::from([
            ("a/index.html".to_string(), sent("3")),
            ("c".into(), sent("3")),
        ]);
        library
            .record_publish("site", &fourth, &[], 40)
            .expect("recorded");
        assert_eq!(library.publish_manifest("site").expect("read"), fourth);
        assert!(library.publish_manifest("other").expect("read").is_empty());
        library.forget_target("site").expect("forgotten");
        assert!(library.publish_manifest("site").expect("read").is_empty());
    }
}
