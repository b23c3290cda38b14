//! [`SqliteJobs`]: the embedded implementation of [`JobStore`], one small
//! SQLite file beside the jobs' own crawl-state files.

use std::path::Path;
use std::sync::{Mutex, MutexGuard, PoisonError};

use riptide_core::{JobCounts, JobRecord, JobState, JobStore};
use rusqlite::{Connection, OptionalExtension, params};

use crate::StoreError;

const TABLES: &str = "
CREATE TABLE IF NOT EXISTS jobs (
    id         TEXT    PRIMARY KEY,
    kind       TEXT    NOT NULL,
    owner      TEXT    NOT NULL,
    state      TEXT    NOT NULL,
    spec       TEXT    NOT NULL,
    error      TEXT,
    created_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS jobs_state ON jobs (state, owner);
";

const COLUMNS: &str = "id, kind, owner, state, spec, error, created_ms, updated_ms";

/// The job registry in one SQLite file (WAL, one connection behind a mutex).
pub struct SqliteJobs {
    conn: Mutex<Connection>,
}

impl std::fmt::Debug for SqliteJobs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteJobs").finish_non_exhaustive()
    }
}

impl SqliteJobs {
    /// Opens (or creates) the registry at `path`.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.execute_batch(TABLES)?;
        Ok(Self {
            conn: Mutex::new(conn),
        })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A row to a record; an unknown kind or state (a newer riptide's) is an error.
fn record(row: &rusqlite::Row<'_>) -> rusqlite::Result<JobRecord> {
    let parse_err = |idx: usize, err: riptide_core::ParseJobError| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(err))
    };
    Ok(JobRecord {
        id: row.get(0)?,
        kind: row
            .get::<_, String>(1)?
            .parse()
            .map_err(|e| parse_err(1, e))?,
        owner: row.get(2)?,
        state: row
            .get::<_, String>(3)?
            .parse()
            .map_err(|e| parse_err(3, e))?,
        spec: row.get(4)?,
        error: row.get(5)?,
        created_ms: row.get(6)?,
        updated_ms: row.get(7)?,
    })
}

impl JobStore for SqliteJobs {
    type Error = StoreError;

    fn create(&self, job: &JobRecord) -> Result<(), StoreError> {
        self.conn().execute(
            &format!("INSERT INTO jobs ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
            params![
                job.id,
                job.kind.as_str(),
                job.owner,
                job.state.as_str(),
                job.spec,
                job.error,
                job.created_ms,
                job.updated_ms
            ],
        )?;
        Ok(())
    }

    fn get(&self, id: &str) -> Result<Option<JobRecord>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                &format!("SELECT {COLUMNS} FROM jobs WHERE id = ?1"),
                [id],
                record,
            )
            .optional()?)
    }

    fn list(&self, state: JobState) -> Result<Vec<JobRecord>, StoreError> {
        let conn = self.conn();
        let mut select = conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM jobs WHERE state = ?1 ORDER BY created_ms, id"
        ))?;
        let rows = select.query_map([state.as_str()], record)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    fn finish(
        &self,
        id: &str,
        state: JobState,
        error: Option<&str>,
        now_ms: i64,
    ) -> Result<bool, StoreError> {
        let changed = self.conn().execute(
            "UPDATE jobs SET state = ?1, error = ?2, updated_ms = ?3 WHERE id = ?4 AND state = ?5",
            params![
                state.as_str(),
                error,
                now_ms,
                id,
                JobState::Running.as_str()
            ],
        )?;
        Ok(changed == 1)
    }

    fn running_count(&self, owner: &str) -> Result<u64, StoreError> {
        let count: i64 = self.conn().query_row(
            "SELECT COUNT(*) FROM jobs WHERE state = ?1 AND owner = ?2",
            params![JobState::Running.as_str(), owner],
            |row| row.get(0),
        )?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    fn counts(&self) -> Result<JobCounts, StoreError> {
        let conn = self.conn();
        let mut select = conn.prepare_cached("SELECT state, COUNT(*) FROM jobs GROUP BY state")?;
        let mut counts = JobCounts::default();
        let rows = select.query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
        })?;
        for row in rows {
            let (state, n) = row?;
            if let Ok(state) = state.parse() {
                counts.add(state, u64::try_from(n).unwrap_or(0));
            }
        }
        Ok(counts)
    }
}
