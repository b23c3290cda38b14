//! PostgreSQL for scale-out: many `riptide worker` processes, on one or many
//! machines, crawl the same jobs through one database.
//!
//! [`PgDatabase`] is one process's connection to it (a small connection
//! pool, a LISTEN connection, the worker's identity) and the job registry;
//! [`PgStore`] is one job's frontier behind [`riptide_core::CrawlStore`].
//!
//! Work is leased, never just taken: a claimed URL and its host carry the
//! worker's name and an expiry that a heartbeat pushes forward while the
//! worker lives. A killed worker's leases run out and its URLs return to the
//! frontier; a live worker's never do. Connection errors (a database restart)
//! are retried with backoff; every write is idempotent under a retry.

mod frontier;
mod listen;
mod migrate;
mod pool;
mod registry;

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use riptide_core::JobRecord;
use tokio::runtime::{Handle, Runtime, RuntimeFlavor};
use tokio::sync::Notify;

pub use frontier::PgStore;

use crate::StoreError;
use listen::JOBS_CHANNEL;
use pool::Pool;

/// How a process uses the database.
#[derive(Debug, Clone)]
pub struct PgOptions {
    /// How long a lease outlives its worker's last heartbeat: the time a killed
    /// worker's URLs and hosts stay blocked. Heartbeats come three times per TTL.
    pub lease_ttl: Duration,
    /// Connections in the pool.
    pub connections: usize,
    /// How long an operation keeps retrying while the database is unreachable.
    pub retry_for: Duration,
}

impl Default for PgOptions {
    fn default() -> Self {
        Self {
            lease_ttl: Duration::from_secs(30),
            connections: 8,
            retry_for: Duration::from_secs(300),
        }
    }
}

/// A job as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobRow {
    /// The job's id.
    pub id: i64,
    /// The workers' settings its creator stored (JSON).
    pub config: String,
    /// `running`, `completed`, `failed` or `cancelled` (see [`riptide_core::JobState`]).
    pub state: String,
    /// Why it failed, when it did.
    pub error: Option<String>,
}

/// What a new job needs the database to enforce across workers.
#[derive(Debug, Clone, Default)]
pub struct NewJob {
    /// The settings, as JSON, for the workers to read back.
    pub config: String,
    /// The exact page limit, if any.
    pub max_pages: Option<u64>,
    /// The minimum time between two request starts on one host.
    pub host_delay: Duration,
    /// The HTTP API's record of the job (its id, owner, kind and
    /// specification), when the API created it; `None` for `riptide crawl --db`.
    pub record: Option<JobRecord>,
}

/// One process's handle on the database: its own small runtime (driving the
/// connections, the heartbeat and the listener), a pool and an identity.
pub struct PgDatabase {
    runtime: Option<Runtime>,
    pool: Arc<Pool>,
    changed: Arc<Notify>,
    worker: String,
    options: PgOptions,
}

impl std::fmt::Debug for PgDatabase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgDatabase")
            .field("worker", &self.worker)
            .finish_non_exhaustive()
    }
}

impl PgDatabase {
    /// Connects to `url` (`postgres://user@host:port/db` or key=value form),
    /// waiting up to `options.retry_for` for the server, and applies the
    /// embedded migrations.
    pub fn connect(url: &str, options: PgOptions) -> Result<Arc<Self>, StoreError> {
        let config = tokio_postgres::Config::from_str(url)
            .map_err(|err| StoreError::InvalidUrl(err.to_string()))?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("riptide-pg")
            .enable_all()
            .build()
            .map_err(StoreError::Runtime)?;
        let changed = Arc::new(Notify::new());
        runtime.spawn(listen::listen_forever(config.clone(), Arc::clone(&changed)));
        let db = Self {
            pool: Arc::new(Pool::new(config, options.connections, options.retry_for)),
            runtime: Some(runtime),
            changed,
            worker: worker_name(),
            options,
        };
        db.run(async |client| migrate::migrate(client).await)??;
        Ok(Arc::new(db))
    }

    /// This process's name in leases.
    pub fn worker(&self) -> &str {
        &self.worker
    }

    /// Stores a new running job and wakes idle workers; returns its id.
    pub fn create_job(&self, job: &NewJob) -> Result<i64, StoreError> {
        let max_pages = job.max_pages.map(|n| i64::try_from(n).unwrap_or(i64::MAX));
        let delay = i64::try_from(job.host_delay.as_millis()).unwrap_or(i64::MAX);
        let record = job.record.as_ref();
        let public_id = record.map(|r| r.id.as_str());
        let owner = record.map_or("", |r| r.owner.as_str());
        let kind = record.map_or("crawl", |r| r.kind.as_str());
        let spec = record.map_or("", |r| r.spec.as_str());
        self.run(async |client| {
            let tx = client.transaction().await?;
            let id: i64 = tx
                .query_one(
                    "INSERT INTO jobs (config, max_pages, host_delay_ms, public_id, owner, kind, spec)
                     VALUES ($1::text::jsonb, $2, $3, $4, $5, $6, $7) RETURNING id",
                    &[&job.config, &max_pages, &delay, &public_id, &owner, &kind, &spec],
                )
                .await?
                .get(0);
            tx.execute(
                "SELECT pg_notify($1, $2)",
                &[&JOBS_CHANNEL, &id.to_string()],
            )
            .await?;
            tx.commit().await?;
            Ok(id)
        })
    }

    /// One job.
    pub fn job(&self, id: i64) -> Result<Option<JobRow>, StoreError> {
        let rows = self.run(async |client| {
            client
                .query(
                    "SELECT id, config::text, state, error FROM jobs WHERE id = $1",
                    &[&id],
                )
                .await
        })?;
        Ok(rows.first().map(job_row))
    }

    /// The running jobs, oldest first.
    pub fn running_jobs(&self) -> Result<Vec<JobRow>, StoreError> {
        let rows = self.run(async |client| {
            client
                .query(
                    "SELECT id, config::text, state, error FROM jobs WHERE state = 'running' ORDER BY id",
                    &[],
                )
                .await
        })?;
        Ok(rows.iter().map(job_row).collect())
    }

    /// Marks a running job completed when nothing is left to do: its frontier
    /// holds no pending or leased URL, or its page limit is reached. Returns
    /// whether the job is over now (completed, or failed or cancelled meanwhile).
    pub fn finish_job_if_complete(&self, id: i64) -> Result<bool, StoreError> {
        let changed = self.run(async |client| {
            client
                .query(
                    "UPDATE jobs SET state = 'completed', updated_ms = riptide_now_ms()
                     WHERE id = $1 AND state = 'running' AND (
                         (max_pages IS NOT NULL AND pages >= max_pages)
                         OR NOT EXISTS (SELECT 1 FROM urls WHERE job = $1 AND state IN (0, 1)))
                     RETURNING id",
                    &[&id],
                )
                .await
        })?;
        if !changed.is_empty() {
            return Ok(true);
        }
        Ok(self.job(id)?.is_some_and(|job| job.state != "running"))
    }

    /// Marks a running job failed (its settings cannot run), so that workers
    /// stop taking it up; the reason is kept with it.
    pub fn fail_job(&self, id: i64, reason: &str) -> Result<(), StoreError> {
        self.run(async |client| {
            client
                .execute(
                    "UPDATE jobs SET state = 'failed', updated_ms = riptide_now_ms(), error = $2
                     WHERE id = $1 AND state = 'running'",
                    &[&id, &reason],
                )
                .await
        })?;
        Ok(())
    }

    /// The frontier of job `id`, for this worker.
    pub fn job_store(self: &Arc<Self>, id: i64) -> Result<PgStore, StoreError> {
        PgStore::open(Arc::clone(self), id)
    }

    /// Blocks until another process creates a job or changes a frontier, or
    /// `timeout` passes.
    pub fn wait_for_change(&self, timeout: Duration) -> Result<(), StoreError> {
        let changed = Arc::clone(&self.changed);
        self.block(async move {
            let _ = tokio::time::timeout(timeout, changed.notified()).await;
        })
    }

    /// Runs `op` on a pooled connection, retrying transient failures.
    fn run<T>(
        &self,
        op: impl AsyncFn(&mut tokio_postgres::Client) -> Result<T, tokio_postgres::Error>,
    ) -> Result<T, StoreError> {
        self.block(self.pool.run(op))?.map_err(StoreError::from)
    }

    /// Runs `future` to completion on this database's runtime. The store's
    /// trait is synchronous: from a thread of a multi-thread runtime the call
    /// moves off the async scheduler (`block_in_place`); from a plain or
    /// blocking thread it simply blocks. A current-thread runtime cannot
    /// block, so that is refused instead of deadlocking.
    fn block<T>(&self, future: impl Future<Output = T>) -> Result<T, StoreError> {
        let handle = self.handle();
        match Handle::try_current() {
            Ok(current) if current.runtime_flavor() == RuntimeFlavor::CurrentThread => {
                Err(StoreError::CurrentThreadRuntime)
            }
            Ok(_) => Ok(tokio::task::block_in_place(|| handle.block_on(future))),
            Err(_) => Ok(handle.block_on(future)),
        }
    }

    fn handle(&self) -> &Handle {
        self.runtime
            .as_ref()
            .map(Runtime::handle)
            .unwrap_or_else(|| unreachable!("the runtime lives until drop"))
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        // Dropping a runtime may happen inside another one (a test, a server):
        // shut down without waiting, which is allowed anywhere.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

fn job_row(row: &tokio_postgres::Row) -> JobRow {
    JobRow {
        id: row.get(0),
        config: row.get(1),
        state: row.get(2),
        error: row.get(3),
    }
}

/// A name unique among live workers: host name, process id and start time.
fn worker_name() -> String {
    let host = std::fs::read_to_string("/etc/hostname")
        .map(|s| s.trim().to_owned())
        .unwrap_or_else(|_| "host".into());
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{host}-{}-{nanos:x}", std::process::id())
}
