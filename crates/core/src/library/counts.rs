//! Word counts filled in after a scan: see migration 7. A start-up scan lists the posts it
//! read before their words are counted, and [`crate::blog::Blog::count_words`] counts them
//! next, a batch at a time.

use rusqlite::params;

use super::Library;
use crate::{Error, Result};

/// A post whose words are not counted for the file version the library knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uncounted {
    /// The post's id.
    pub id: i64,
    /// Where its file is.
    pub path: String,
    /// The file version to count.
    pub disk_hash: String,
    /// The file's front matter could not be read, so its whole text is the body.
    pub front_matter_failed: bool,
}

/// The posts whose words are still to count, as the partial index `posts_uncounted` holds
/// them.
const UNCOUNTED: &str = "FROM posts WHERE
    NOT missing AND NOT trashed AND disk_hash IS NOT NULL AND words_hash IS NOT disk_hash";

impl Library {
    /// Up to `limit` posts whose words are still to count.
    pub fn uncounted(&self, limit: usize) -> Result<Vec<Uncounted>> {
        self.rows(
            "finding posts to count",
            &format!(
                "SELECT id, path, disk_hash, problem_code IS 'front_matter' {UNCOUNTED} LIMIT ?1"
            ),
            [limit as i64],
            |r| {
                Ok(Uncounted {
                    id: r.get(0)?,
                    path: r.get(1)?,
                    disk_hash: r.get(2)?,
                    front_matter_failed: r.get(3)?,
                })
            },
        )
    }

    /// How many posts' words are still to count.
    pub fn uncounted_count(&self) -> Result<u32> {
        self.conn
            .prepare_cached(&format!("SELECT COUNT(*) {UNCOUNTED}"))
            .and_then(|mut s| s.query_row([], |r| r.get(0)))
            .map_err(Error::sql("counting posts to count"))
    }

    /// Records counts, in one transaction: each `(id, disk_hash, words)` only if the post
    /// is still at that file version (a change read meanwhile brought its own count).
    pub fn set_counts(&self, counts: &[(i64, &str, u64)]) -> Result<()> {
        let fail = || Error::sql("recording word counts");
        self.atomically("recording word counts", |tx| {
            let mut stmt = tx
                .prepare_cached(
                    "UPDATE posts SET words = ?1, words_hash = ?2 WHERE id = ?3 AND disk_hash IS ?2",
                )
                .map_err(fail())?;
            for (id, hash, words) in counts {
                stmt.execute(params![*words as i64, hash, id])
                    .map_err(fail())?;
            }
            Ok(())
        })
    }

    /// Every post's words are to count again (what counts as words changed).
    pub fn forget_counts(&self) -> Result<()> {
        self.conn
            .execute(
                "UPDATE posts SET words_hash = NULL WHERE words_hash IS NOT NULL",
                [],
            )
            .map_err(Error::sql("forgetting word counts"))?;
        Ok(())
    }
}
