//! The tables, created on first open.

use rusqlite::Connection;

use crate::StoreError;

/// Bumped when the tables change incompatibly.
pub(crate) const SCHEMA_VERSION: i64 = 1;

/// URL states in `frontier.state`.
pub(crate) const PENDING: i64 = 0;
pub(crate) const IN_FLIGHT: i64 = 1;
pub(crate) const DONE: i64 = 2;
pub(crate) const SKIPPED: i64 = 3;

const TABLES: &str = "
CREATE TABLE IF NOT EXISTS frontier (
    id         INTEGER PRIMARY KEY,
    url        TEXT    NOT NULL UNIQUE,
    host       TEXT    NOT NULL,
    depth      INTEGER NOT NULL,
    referrer   TEXT,
    priority   INTEGER NOT NULL,
    state      INTEGER NOT NULL DEFAULT 0,
    not_before INTEGER NOT NULL DEFAULT 0,
    attempts   INTEGER NOT NULL DEFAULT 0,
    reason     TEXT
);
CREATE INDEX IF NOT EXISTS frontier_order ON frontier (state, priority, id);
CREATE INDEX IF NOT EXISTS frontier_host ON frontier (host);
CREATE TABLE IF NOT EXISTS results (
    seq    INTEGER PRIMARY KEY AUTOINCREMENT,
    url_id INTEGER NOT NULL UNIQUE REFERENCES frontier (id),
    status INTEGER NOT NULL,
    failed INTEGER NOT NULL,
    record TEXT    NOT NULL
);
CREATE TABLE IF NOT EXISTS http_cache (
    url           TEXT PRIMARY KEY,
    etag          TEXT,
    last_modified TEXT
);
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
";

/// Configures the connection and creates the tables.
///
/// WAL lets readers run beside the writer; `synchronous = NORMAL` keeps every
/// committed transaction across a killed process (kill -9), only a power cut
/// can lose the last ones, which a crawl then simply fetches again.
pub(crate) fn prepare(conn: &Connection) -> Result<(), StoreError> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // Checkpoints (copying the WAL back into the file, with an fsync) every
    // 32 MiB of WAL instead of 4: a crawl rewrites the same frontier and index
    // pages over and over, and each checkpoint writes a page once however
    // often it changed. Memory is unaffected (the WAL is a file).
    conn.pragma_update(None, "wal_autocheckpoint", 8192)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.execute_batch(TABLES)?;
    let found: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if found == 0 {
        conn.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    } else if found != SCHEMA_VERSION {
        return Err(StoreError::SchemaVersion {
            found,
            expected: SCHEMA_VERSION,
        });
    }
    Ok(())
}
