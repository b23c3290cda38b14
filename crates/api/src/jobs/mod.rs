//! Crawl and batch-scrape jobs: what the routes see of them, whichever
//! [`Backend`] keeps them.
//!
//! - [`local`]: jobs in a SQLite registry under the data directory, each with
//!   its own SQLite crawl state, crawled by this server. A restart resumes
//!   every job still marked running (the crawler recovers its in-flight
//!   URLs); shutting down aborts the crawl tasks between two store
//!   transactions and leaves the jobs marked running, so nothing is lost.
//! - [`shared`]: jobs in PostgreSQL (`riptide serve --db`), crawled by any
//!   number of `riptide worker` processes; the server registers jobs, reads
//!   their pages and cancels them, a thin front over the database.

mod local;
mod shared;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use riptide_core::{CrawlStore, FrontierCounts, JobCounts, JobKind, JobRecord, JobState};
use riptide_store::StoreError;
use serde::{Deserialize, Serialize};

use crate::AppError;
use crate::firecrawl::{CrawlPlan, Output, Version};

pub(crate) use local::LocalJobs;
pub(crate) use shared::SharedJobs;

/// A job's crawl state, as the routes read it.
pub type JobPages = Arc<dyn CrawlStore<Error = StoreError>>;

/// Robots.txt refusals listed per job at most.
const MAX_ROBOTS_BLOCKED: usize = 1000;

/// What a job does and how its pages are shown, as kept in the registry.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct JobSpec {
    /// The Firecrawl version that created it (its `url` and `next` links use it).
    pub version: Version,
    /// The crawl.
    pub plan: CrawlPlan,
    /// The formats of its documents.
    pub output: Output,
    /// Batch scrape: the URLs refused at submission.
    #[serde(default)]
    pub invalid_urls: Vec<String>,
}

/// Where jobs are registered and who crawls them.
pub(crate) trait Backend: Send + Sync {
    /// Registers `record` (running, new) and sets its crawl going.
    fn start(&self, record: &JobRecord, spec: &JobSpec) -> Result<(), AppError>;

    /// Sets the jobs an earlier server left running going again; how many.
    fn resume(&self) -> Result<usize, AppError>;

    /// The job `id`, whoever owns it.
    fn get(&self, id: &str) -> Result<Option<JobRecord>, AppError>;

    /// How many jobs of `owner` are running.
    fn running_count(&self, owner: &str) -> Result<u64, AppError>;

    /// The crawl state of job `id`.
    fn pages(&self, id: &str) -> Result<JobPages, AppError>;

    /// Moves the running job `id` to cancelled and stops its crawl; false
    /// when it was over already.
    fn cancel(&self, id: &str) -> Result<bool, AppError>;

    /// Stops the crawls this process runs; their jobs stay running.
    fn shutdown(&self);

    /// Jobs per state.
    fn counts(&self) -> Result<JobCounts, AppError>;

    /// Frontier sizes of the running jobs, summed.
    fn frontier(&self) -> FrontierCounts;
}

/// Starts, tracks, cancels and resumes jobs for their owners.
pub struct JobManager {
    backend: Box<dyn Backend>,
    max_jobs_per_owner: u64,
    closing: AtomicBool,
}

/// Unix milliseconds now.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// A random (v4) UUID, Firecrawl's job id format.
pub fn new_id() -> Result<String, AppError> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).map_err(AppError::internal)?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    Ok(format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    ))
}

impl JobManager {
    pub(crate) fn new(backend: Box<dyn Backend>, max_jobs_per_owner: u64) -> Self {
        Self {
            backend,
            max_jobs_per_owner,
            closing: AtomicBool::new(false),
        }
    }

    /// Registers and starts a job for `owner`.
    pub fn start(&self, kind: JobKind, owner: &str, spec: JobSpec) -> Result<JobRecord, AppError> {
        if self.backend.running_count(owner)? >= self.max_jobs_per_owner {
            return Err(AppError::TooManyJobs(self.max_jobs_per_owner));
        }
        let now = now_ms();
        let record = JobRecord {
            id: new_id()?,
            kind,
            owner: owner.to_owned(),
            state: JobState::Running,
            spec: serde_json::to_string(&spec).map_err(AppError::internal)?,
            error: None,
            created_ms: now,
            updated_ms: now,
        };
        self.backend.start(&record, &spec)?;
        Ok(record)
    }

    /// Restarts the jobs an earlier server left running (when this server
    /// crawls its jobs itself); returns how many.
    pub fn resume_all(&self) -> Result<usize, AppError> {
        self.backend.resume()
    }

    /// The job `id` if `owner` owns it (another owner's job does not exist for them).
    pub fn get(&self, id: &str, owner: &str) -> Result<(JobRecord, JobSpec), AppError> {
        let record = self
            .backend
            .get(id)?
            .filter(|job| job.owner == owner)
            .ok_or(AppError::JobNotFound)?;
        let spec = serde_json::from_str(&record.spec).map_err(AppError::internal)?;
        Ok((record, spec))
    }

    /// The crawl state of job `id`.
    pub fn store(&self, id: &str) -> Result<JobPages, AppError> {
        self.backend.pages(id)
    }

    /// Cancels a running job of `owner`; returns its state afterwards.
    pub fn cancel(&self, id: &str, owner: &str) -> Result<JobState, AppError> {
        let (record, _) = self.get(id, owner)?;
        if record.state != JobState::Running {
            return Ok(record.state);
        }
        if self.backend.cancel(id)? {
            return Ok(JobState::Cancelled);
        }
        // It finished meanwhile.
        Ok(self.get(id, owner)?.0.state)
    }

    /// URLs robots.txt kept a job from fetching (the first thousand).
    pub fn robots_blocked(store: &JobPages) -> Vec<String> {
        store
            .skipped("robots_disallowed", MAX_ROBOTS_BLOCKED)
            .unwrap_or_default()
    }

    /// Stops every crawl task of this process; the jobs stay marked running
    /// and resume at the next start. Open record streams end too.
    pub fn shutdown(&self) {
        self.closing.store(true, Ordering::SeqCst);
        self.backend.shutdown();
    }

    /// True once [`JobManager::shutdown`] ran.
    pub fn closing(&self) -> bool {
        self.closing.load(Ordering::SeqCst)
    }

    /// Jobs per state.
    pub fn counts(&self) -> Result<JobCounts, AppError> {
        self.backend.counts()
    }

    /// Frontier sizes of the running jobs, summed.
    pub fn frontier(&self) -> FrontierCounts {
        self.backend.frontier()
    }

    /// Whether the registry answers.
    pub fn reachable(&self) -> bool {
        self.backend.counts().is_ok()
    }
}

/// Adds one job's frontier to a total.
fn add_frontier(total: &mut FrontierCounts, counts: FrontierCounts) {
    total.pending += counts.pending;
    total.in_flight += counts.in_flight;
    total.done += counts.done;
    total.skipped += counts.skipped;
}
