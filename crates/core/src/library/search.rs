//! The library's tags and its full-text index: the SQL behind the list's filters and
//! [`crate::search`].

use rusqlite::{params, Connection};

use super::{post_columns, row_to_post, Library, PostRow};
use crate::search::{Query, TagCount};
use crate::{Error, Result};

/// A post whose text the search index does not hold yet (or holds an older version of).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unindexed {
    /// The post's id, the index's rowid.
    pub id: i64,
    /// Where its file is.
    pub path: String,
    /// The file version to index; `None`: the post has no readable file, drop it.
    pub disk_hash: Option<String>,
    /// As the list shows it.
    pub title: String,
    /// From the front matter.
    pub tags: Vec<String>,
    /// From the front matter.
    pub summary: Option<String>,
}

/// Posts the index does not hold as they are: a file version it has not seen, or a post
/// gone from disk that it still holds.
const STALE: &str = "FROM posts WHERE
    (NOT missing AND NOT trashed AND disk_hash IS NOT NULL AND search_hash IS NOT disk_hash)
    OR ((missing OR trashed OR disk_hash IS NULL) AND search_hash IS NOT NULL)";

/// Weights of title, tags, summary and body in the ranking.
const RANK: &str = "bm25(search, 10.0, 5.0, 3.0, 1.0)";

impl Library {
    /// Adds a post's tags, to the ones it has (none, as `index_post` calls it).
    pub(super) fn add_tags(&self, tx: &Connection, id: i64, tags: &[String]) -> Result<()> {
        let mut insert = tx
            .prepare_cached("INSERT OR IGNORE INTO post_tags (tag, post_id) VALUES (?1, ?2)")
            .map_err(Error::sql("indexing a post's tags"))?;
        for tag in tags.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
            insert
                .execute(params![tag, id])
                .map_err(Error::sql("indexing a post's tags"))?;
        }
        Ok(())
    }

    /// Every tag of the posts on disk, most used first.
    pub fn tag_counts(&self) -> Result<Vec<TagCount>> {
        self.rows(
            "counting tags",
            "SELECT MIN(t.tag), COUNT(*) FROM post_tags t JOIN posts p ON p.id = t.post_id
             WHERE NOT p.missing AND NOT p.trashed GROUP BY t.tag ORDER BY COUNT(*) DESC, t.tag",
            [],
            |r| {
                Ok(TagCount {
                    tag: r.get(0)?,
                    count: r.get(1)?,
                })
            },
        )
    }

    /// Up to `limit` posts the index must catch up with.
    pub fn unindexed(&self, limit: usize) -> Result<Vec<Unindexed>> {
        let sql = format!("SELECT id, path, CASE WHEN missing OR trashed THEN NULL ELSE disk_hash END, title, tags, summary {STALE} LIMIT ?1");
        self.rows("finding posts to index", &sql, [limit as i64], |r| {
            Ok(Unindexed {
                id: r.get(0)?,
                path: r.get(1)?,
                disk_hash: r.get(2)?,
                title: r.get(3)?,
                tags: serde_json::from_str(&r.get::<_, String>(4)?).unwrap_or_default(),
                summary: r.get(5)?,
            })
        })
    }

    /// How many posts the index has yet to catch up with.
    pub fn unindexed_count(&self) -> Result<u32> {
        self.conn
            .prepare_cached(&format!("SELECT COUNT(*) {STALE}"))
            .and_then(|mut s| s.query_row([], |r| r.get(0)))
            .map_err(Error::sql("counting posts to index"))
    }

    /// Puts posts in the index, in one transaction: each with its folded (tokenized)
    /// title, tags, summary and body, or `None` to take it out.
    pub fn index_for_search(&self, posts: &[(&Unindexed, Option<[String; 4]>)]) -> Result<()> {
        let fail = || Error::sql("indexing posts for search");
        self.atomically("indexing posts for search", |tx| {
        for (post, fields) in posts {
            for table in [
                "DELETE FROM search WHERE rowid = ?1",
                "DELETE FROM search_title WHERE rowid = ?1",
            ] {
                tx.prepare_cached(table)
                    .and_then(|mut s| s.execute([post.id]))
                    .map_err(fail())?;
            }
            if let Some([title, tags, summary, body]) = fields {
                tx.prepare_cached(
                    "INSERT INTO search (rowid, title, tags, summary, body) VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .and_then(|mut s| s.execute(params![post.id, title, tags, summary, body]))
                .map_err(fail())?;
                tx.prepare_cached("INSERT INTO search_title (rowid, title) VALUES (?1, ?2)")
                    .and_then(|mut s| s.execute(params![post.id, title]))
                    .map_err(fail())?;
            }
            tx.prepare_cached("UPDATE posts SET search_hash = ?1 WHERE id = ?2")
                .and_then(|mut s| s.execute(params![post.disk_hash, post.id]))
                .map_err(fail())?;
        }
        Ok(())
        })
    }

    /// Empties the index, so that every post is indexed again.
    pub fn clear_search(&self) -> Result<()> {
        self.conn
            .execute_batch(
                "DELETE FROM search; DELETE FROM search_title; UPDATE posts SET search_hash = NULL;",
            )
            .map_err(Error::sql("clearing the search index"))
    }

    /// The posts on disk that match `query`, best first, at most `limit`: those whose
    /// title matches, then by bm25 over title, tags, summary and body (weighted in that
    /// order). A query of filters only lists the posts they keep, newest first.
    pub fn search(&self, query: &Query, limit: usize) -> Result<Vec<PostRow>> {
        let tags = serde_json::to_string(&query.tags).unwrap_or_else(|_| "[]".into());
        let status = query.status.map(|s| s.as_str());
        // Both kinds of query share the filters: ?1 status, ?2 tags (a JSON array), ?3 limit.
        let filters = "NOT p.missing AND NOT p.trashed AND (?1 IS NULL OR p.status = ?1)
            AND (?2 = '[]' OR NOT EXISTS (SELECT 1 FROM json_each(?2) j WHERE NOT EXISTS
                (SELECT 1 FROM post_tags t WHERE t.post_id = p.id AND t.tag = j.value)))";
        let Some(words) = query.fts() else {
            let sql = format!(
                "SELECT {} FROM posts p WHERE {filters}
                 ORDER BY COALESCE(p.date, '') DESC, p.title COLLATE NOCASE LIMIT ?3",
                post_columns!()
            );
            return self.rows(
                "searching",
                &sql,
                params![status, tags, limit as i64],
                row_to_post,
            );
        };
        let sql = format!(
            // The best ids first, then the rows of those only: a common word matches
            // thousands of posts, and a list row costs two lookups of drafts.
            "WITH hits AS (SELECT rowid AS id, {RANK} AS rank FROM search WHERE search MATCH ?4),
                  titled AS (SELECT rowid AS id FROM search_title WHERE search_title MATCH ?4),
                  best AS (SELECT h.id, h.id IN titled AS in_title, h.rank FROM hits h
                           JOIN posts p ON p.id = h.id WHERE {filters}
                           ORDER BY in_title DESC, h.rank LIMIT ?3)
             SELECT {} FROM best b JOIN posts p ON p.id = b.id
             ORDER BY b.in_title DESC, b.rank",
            post_columns!()
        );
        self.rows(
            "searching",
            &sql,
            params![status, tags, limit as i64, words],
            row_to_post,
        )
    }
}
