//! The HTTP API's registry on PostgreSQL (`riptide serve --db`): its jobs are
//! rows of the `jobs` table like any crawl job, found by their public id and
//! owner. The server registers and reads them; workers crawl them.

use riptide_core::{JobCounts, JobRecord, JobState};

use super::PgDatabase;
use crate::StoreError;

impl PgDatabase {
    /// The API job `public_id` and its row id (the key of its frontier).
    pub fn api_job(&self, public_id: &str) -> Result<Option<(i64, JobRecord)>, StoreError> {
        let rows = self.run(async |client| {
            client
                .query(
                    "SELECT id, public_id, kind, owner, state, spec, error, created_ms, updated_ms
                     FROM jobs WHERE public_id = $1",
                    &[&public_id],
                )
                .await
        })?;
        let Some(row) = rows.first() else {
            return Ok(None);
        };
        let record = JobRecord {
            id: row.get(1),
            kind: row.get::<_, &str>(2).parse()?,
            owner: row.get(3),
            state: row.get::<_, &str>(4).parse()?,
            spec: row.get(5),
            error: row.get(6),
            created_ms: row.get(7),
            updated_ms: row.get(8),
        };
        Ok(Some((row.get(0), record)))
    }

    /// Moves the running API job `public_id` to a final state; false (and
    /// nothing changed) when it is unknown or already over, so that a cancel
    /// and the workers' completion racing each other cannot both win.
    pub fn finish_api_job(
        &self,
        public_id: &str,
        state: JobState,
        error: Option<&str>,
    ) -> Result<bool, StoreError> {
        let changed = self.run(async |client| {
            client
                .execute(
                    "UPDATE jobs SET state = $2, error = $3, updated_ms = riptide_now_ms()
                     WHERE public_id = $1 AND state = 'running'",
                    &[&public_id, &state.as_str(), &error],
                )
                .await
        })?;
        Ok(changed == 1)
    }

    /// How many jobs of `owner` are running.
    pub fn running_count(&self, owner: &str) -> Result<u64, StoreError> {
        let count: i64 = self.run(async |client| {
            Ok(client
                .query_one(
                    "SELECT count(*) FROM jobs WHERE owner = $1 AND state = 'running'",
                    &[&owner],
                )
                .await?
                .get(0))
        })?;
        Ok(u64::try_from(count).unwrap_or(0))
    }

    /// Jobs per state, every front's together.
    pub fn job_counts(&self) -> Result<JobCounts, StoreError> {
        let rows = self.run(async |client| {
            client
                .query("SELECT state, count(*) FROM jobs GROUP BY state", &[])
                .await
        })?;
        let mut counts = JobCounts::default();
        for row in &rows {
            counts.add(
                row.get::<_, &str>(0).parse()?,
                u64::try_from(row.get::<_, i64>(1)).unwrap_or(0),
            );
        }
        Ok(counts)
    }
}
