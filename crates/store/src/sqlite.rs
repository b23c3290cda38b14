//! [`SqliteStore`]: the embedded implementation of [`CrawlStore`].

use std::path::Path;
use std::sync::{Mutex, MutexGuard, PoisonError};

use riptide_core::{
    CrawlStore, FinishNoting, Finished, FrontierCounts, FrontierEntry, HostSummary, NewUrl,
    PageRecord, StoredRecord, Validators,
};
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::StoreError;
use crate::schema::{self, DONE, IN_FLIGHT, PENDING, SKIPPED};

/// Crawl state in one SQLite file. One connection behind a mutex: SQLite
/// serialises writers anyway, and every call is a short transaction.
pub struct SqliteStore {
    conn: Mutex<Connection>,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore").finish_non_exhaustive()
    }
}

impl SqliteStore {
    /// Opens (or creates) the state file at `path`.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let conn = Connection::open(path)?;
        schema::prepare(&conn)?;
        Ok(Self {
            conn: Mutex::new(conn),
        })
    }

    /// Runs `work` in one transaction, committed when it succeeds.
    fn in_transaction<T>(
        &self,
        work: impl FnOnce(&Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let value = work(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave a transaction half-done:
        // rusqlite rolls back an unfinished transaction when it is dropped.
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn insert_urls(tx: &Transaction<'_>, urls: &[NewUrl]) -> Result<usize, StoreError> {
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO frontier (url, host, depth, referrer, priority) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut added = 0;
    for url in urls {
        added += insert.execute(params![
            url.url,
            url.host,
            url.depth,
            url.referrer,
            url.priority
        ])?;
    }
    Ok(added)
}

/// Finishes an in-flight URL with its record. A URL not in flight (finished
/// already by a duplicate call, or unknown) gets no second record.
fn finish(tx: &Transaction<'_>, batch: &[Finished]) -> Result<(), StoreError> {
    for finished in batch {
        match finished {
            Finished::Complete { id, page, found } => complete(tx, *id, page, found)?,
            Finished::Skipped { id, reason, found } => skip(tx, *id, reason, found)?,
            Finished::Deferred { id, not_before_ms } => retry_later(tx, *id, *not_before_ms)?,
        }
    }
    Ok(())
}

fn set_meta(conn: &Connection, key: &str, value: &str) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![key, value])?;
    Ok(())
}

fn complete(
    tx: &Transaction<'_>,
    id: i64,
    page: &PageRecord,
    found: &[NewUrl],
) -> Result<(), StoreError> {
    let changed = tx
        .prepare_cached("UPDATE frontier SET state = ?1 WHERE id = ?2 AND state = ?3")?
        .execute(params![DONE, id, IN_FLIGHT])?;
    if changed == 0 {
        return Ok(());
    }
    tx.prepare_cached(
        "INSERT INTO results (url_id, status, failed, record) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![id, page.status, page.failed, page.record])?;
    let Validators {
        etag,
        last_modified,
    } = &page.validators;
    if etag.is_some() || last_modified.is_some() {
        tx.prepare_cached(
            "INSERT OR REPLACE INTO http_cache (url, etag, last_modified)
             SELECT url, ?2, ?3 FROM frontier WHERE id = ?1",
        )?
        .execute(params![id, etag, last_modified])?;
    }
    insert_urls(tx, found)?;
    Ok(())
}

fn retry_later(tx: &Transaction<'_>, id: i64, not_before_ms: i64) -> Result<(), StoreError> {
    tx.prepare_cached(
        "UPDATE frontier SET state = ?1, not_before = ?2, attempts = attempts + 1 WHERE id = ?3 AND state = ?4",
    )?
    .execute(params![PENDING, not_before_ms, id, IN_FLIGHT])?;
    Ok(())
}

fn skip(tx: &Transaction<'_>, id: i64, reason: &str, found: &[NewUrl]) -> Result<(), StoreError> {
    tx.prepare_cached("UPDATE frontier SET state = ?1, reason = ?2 WHERE id = ?3 AND state = ?4")?
        .execute(params![SKIPPED, reason, id, IN_FLIGHT])?;
    insert_urls(tx, found)?;
    Ok(())
}

/// A non-negative SQL count (SQLite integers are signed).
fn count(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<u64> {
    Ok(u64::try_from(row.get::<_, Option<i64>>(idx)?.unwrap_or(0)).unwrap_or(0))
}

impl CrawlStore for SqliteStore {
    type Error = StoreError;

    fn enqueue(&self, urls: &[NewUrl]) -> Result<usize, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let added = insert_urls(&tx, urls)?;
        tx.commit()?;
        Ok(added)
    }

    fn claim(&self, limit: usize, now_ms: i64) -> Result<Vec<FrontierEntry>, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let entries = {
            let mut select = tx.prepare_cached(
                "SELECT f.id, f.url, f.host, f.depth, f.referrer, f.attempts, c.etag, c.last_modified
                 FROM frontier f LEFT JOIN http_cache c ON c.url = f.url
                 WHERE f.state = ?1 AND f.not_before <= ?2 ORDER BY f.priority, f.id LIMIT ?3",
            )?;
            let rows = select.query_map(params![PENDING, now_ms, limit as i64], |row| {
                Ok(FrontierEntry {
                    id: row.get(0)?,
                    url: row.get(1)?,
                    host: row.get(2)?,
                    depth: row.get(3)?,
                    referrer: row.get(4)?,
                    attempts: row.get(5)?,
                    validators: Validators {
                        etag: row.get(6)?,
                        last_modified: row.get(7)?,
                    },
                })
            })?;
            rows.collect::<Result<Vec<_>, _>>()?
        };
        {
            let mut mark = tx.prepare_cached("UPDATE frontier SET state = ?1 WHERE id = ?2")?;
            for entry in &entries {
                mark.execute(params![IN_FLIGHT, entry.id])?;
            }
        }
        tx.commit()?;
        Ok(entries)
    }

    fn complete(&self, id: i64, page: &PageRecord, found: &[NewUrl]) -> Result<(), StoreError> {
        self.in_transaction(|tx| complete(tx, id, page, found))
    }

    fn retry_later(&self, id: i64, not_before_ms: i64) -> Result<(), StoreError> {
        self.in_transaction(|tx| retry_later(tx, id, not_before_ms))
    }

    fn skip(&self, id: i64, reason: &str, found: &[NewUrl]) -> Result<(), StoreError> {
        self.in_transaction(|tx| skip(tx, id, reason, found))
    }

    fn finish(&self, batch: &[Finished]) -> Result<(), StoreError> {
        self.in_transaction(|tx| finish(tx, batch))
    }

    fn recover(&self) -> Result<u64, StoreError> {
        let changed = self.conn().execute(
            "UPDATE frontier SET state = ?1 WHERE state = ?2",
            params![PENDING, IN_FLIGHT],
        )?;
        Ok(changed as u64)
    }

    fn restart(&self) -> Result<(), StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        tx.execute("DELETE FROM results", [])?;
        tx.execute("DELETE FROM meta", [])?;
        tx.execute(
            "UPDATE frontier SET state = ?1, not_before = 0, attempts = 0, reason = NULL",
            params![PENDING],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn counts(&self) -> Result<FrontierCounts, StoreError> {
        let conn = self.conn();
        let mut counts = FrontierCounts::default();
        let mut select =
            conn.prepare_cached("SELECT state, count(*) FROM frontier GROUP BY state")?;
        let rows = select.query_map([], |row| Ok((row.get::<_, i64>(0)?, count(row, 1)?)))?;
        for row in rows {
            let (state, n) = row?;
            match state {
                PENDING => counts.pending = n,
                IN_FLIGHT => counts.in_flight = n,
                DONE => counts.done = n,
                SKIPPED => counts.skipped = n,
                _ => {}
            }
        }
        counts.next_ready_ms = conn
            .prepare_cached("SELECT min(not_before) FROM frontier WHERE state = ?1")?
            .query_row(params![PENDING], |row| row.get(0))?;
        Ok(counts)
    }

    fn host_counts(&self) -> Result<Vec<(String, u64)>, StoreError> {
        let conn = self.conn();
        let mut select =
            conn.prepare_cached("SELECT host, count(*) FROM frontier GROUP BY host")?;
        let rows = select.query_map([], |row| Ok((row.get(0)?, count(row, 1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn host_summary(&self) -> Result<Vec<HostSummary>, StoreError> {
        let conn = self.conn();
        let mut select = conn.prepare_cached(
            "SELECT f.host,
                    count(r.seq),
                    coalesce(sum(r.failed), 0),
                    sum(f.state = ?1)
             FROM frontier f LEFT JOIN results r ON r.url_id = f.id
             GROUP BY f.host ORDER BY f.host",
        )?;
        let rows = select.query_map(params![SKIPPED], |row| {
            Ok(HostSummary {
                host: row.get(0)?,
                pages: count(row, 1)?,
                failures: count(row, 2)?,
                skipped: count(row, 3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn records_after(&self, after: i64, limit: usize) -> Result<Vec<StoredRecord>, StoreError> {
        let conn = self.conn();
        let mut select = conn.prepare_cached(
            "SELECT seq, record FROM results WHERE seq > ?1 AND record <> '' ORDER BY seq LIMIT ?2",
        )?;
        let rows = select.query_map(params![after, limit as i64], |row| {
            Ok(StoredRecord {
                seq: row.get(0)?,
                record: row.get(1)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn urls_after(&self, after: i64, limit: usize) -> Result<Vec<(i64, String)>, StoreError> {
        let conn = self.conn();
        let mut select =
            conn.prepare_cached("SELECT id, url FROM frontier WHERE id > ?1 ORDER BY id LIMIT ?2")?;
        let rows = select.query_map(params![after, limit as i64], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn skipped(&self, reason: &str, limit: usize) -> Result<Vec<String>, StoreError> {
        let conn = self.conn();
        let mut select = conn.prepare_cached(
            "SELECT url FROM frontier WHERE state = ?1 AND reason = ?2 ORDER BY id LIMIT ?3",
        )?;
        let rows = select.query_map(params![SKIPPED, reason, limit as i64], |row| row.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        let conn = self.conn();
        let value = conn
            .prepare_cached("SELECT value FROM meta WHERE key = ?1")?
            .query_row(params![key], |row| row.get(0))
            .optional()?;
        Ok(value)
    }

    fn set_meta(&self, key: &str, value: &str) -> Result<(), StoreError> {
        set_meta(&self.conn(), key, value)
    }
}

impl FinishNoting for SqliteStore {
    fn finish_noting(&self, batch: &[Finished], key: &str, value: &str) -> Result<(), StoreError> {
        self.in_transaction(|tx| {
            finish(tx, batch)?;
            set_meta(tx, key, value)
        })
    }
}
