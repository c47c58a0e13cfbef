//! Writes grouped into transactions: one per unit of work, or one per [`Batch::SIZE`]
//! units of a scan.

use rusqlite::Connection;

use super::Library;
use crate::{Error, Result};

/// Writes grouped into transactions; see [`Library::batch`]. A batch ended by
/// [`Batch::finish`] is committed; one dropped without it (an error stopped the work) is
/// rolled back to its last commit, which falls between two units of work, so a unit is
/// never kept in part.
pub struct Batch<'a> {
    library: &'a Library,
    count: usize,
}

impl Batch<'_> {
    /// Writes per transaction.
    pub const SIZE: usize = 256;

    /// Counts one unit of work, committing every [`Batch::SIZE`].
    pub fn tick(&mut self) -> Result<()> {
        self.count += 1;
        if self.library.batched.get() && self.count.is_multiple_of(Self::SIZE) {
            self.commit()?;
            self.library.begin_batch();
        }
        Ok(())
    }

    /// Commits what the batch wrote since its last commit.
    pub fn finish(self) -> Result<()> {
        if self.library.batched.get() {
            self.commit()?;
        }
        Ok(())
    }

    fn commit(&self) -> Result<()> {
        self.library.batched.set(false);
        if let Err(e) = self.library.conn.execute_batch("COMMIT") {
            // Never left open (a full disk, a busy lock): later writes would nest in it,
            // hold the library from other connections, and be lost with it.
            let _ = self.library.conn.execute_batch("ROLLBACK");
            return Err(Error::sql("committing a batch")(e));
        }
        Ok(())
    }
}

impl Drop for Batch<'_> {
    fn drop(&mut self) {
        if self.library.batched.replace(false) && !self.library.conn.is_autocommit() {
            let _ = self.library.conn.execute_batch("ROLLBACK");
        }
    }
}

impl Library {
    /// Runs `f` as one unit: in a transaction of its own, or nested (a savepoint) inside
    /// the caller's [`Batch`].
    ///
    /// A transaction of its own takes the write lock at its start (IMMEDIATE): one that
    /// read first and wrote later would fail at once, past any busy timeout, if another
    /// connection (the command line beside the app) wrote in between.
    pub(super) fn atomically<R>(
        &self,
        what: &'static str,
        f: impl FnOnce(&Connection) -> Result<R>,
    ) -> Result<R> {
        if self.batched.get() {
            // Saving a point for every file of a scan cost more than its writes; the batch
            // is rolled back whole instead.
            return f(&self.conn);
        }
        let (begin, commit, rollback) = if self.conn.is_autocommit() {
            ("BEGIN IMMEDIATE", "COMMIT", "ROLLBACK")
        } else {
            (
                "SAVEPOINT atomically",
                "RELEASE atomically",
                "ROLLBACK TO atomically; RELEASE atomically",
            )
        };
        // Begin and commit are cached: inside a scan's batch they run once per file, and
        // preparing them each time cost as much as the writes between them.
        let run = |sql: &str| {
            self.conn
                .prepare_cached(sql)
                .and_then(|mut s| s.execute([]))
        };
        run(begin).map_err(Error::sql(what))?;
        match f(&self.conn) {
            Ok(r) => match run(commit).map(drop) {
                Ok(()) => Ok(r),
                Err(e) => {
                    // Never left open: later writes would nest in it and be lost with it.
                    let _ = self.conn.execute_batch(rollback);
                    Err(Error::sql(what)(e))
                }
            },
            Err(e) => {
                let _ = self.conn.execute_batch(rollback);
                Err(e)
            }
        }
    }

    /// Groups the many small writes of a scan into transactions of [`Batch::SIZE`]: a
    /// commit per file would cost more than the file. Nothing is held back from other
    /// connections for longer than one batch.
    pub fn batch(&self) -> Batch<'_> {
        self.begin_batch();
        Batch {
            library: self,
            count: 0,
        }
    }

    /// Opens a batch's transaction, IMMEDIATE for the reason given at `atomically`. If it
    /// cannot begin (another writer holds the library), the writes go one by one.
    pub(super) fn begin_batch(&self) {
        let began = self.conn.is_autocommit() && self.conn.execute_batch("BEGIN IMMEDIATE").is_ok();
        self.batched.set(began);
    }
}
