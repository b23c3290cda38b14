//! Crawl and batch-scrape jobs: registered in a [`JobStore`], each with its
//! own crawl state (one SQLite file per job under the data directory), so the
//! crawler's [`riptide_core::CrawlStore`] is reused unchanged and a job's
//! pages survive the server.
//!
//! A restart resumes every job still marked running (the crawler recovers
//! its in-flight URLs); finished jobs keep their pages. Shutting down aborts
//! the crawl tasks between two store transactions and leaves the jobs
//! marked running, so nothing is lost.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use riptide_core::{
    CrawlStore, Extractor, FrontierCounts, JobCounts, JobKind, JobRecord, JobState, JobStore,
};
use riptide_crawl::{CrawlEvent, Crawler};
use riptide_fetch::HttpFetcher;
use riptide_store::{SqliteStore, StoreError};
use serde::{Deserialize, Serialize};
use tokio::task::AbortHandle;

use crate::AppError;
use crate::firecrawl::{CrawlPlan, Output, Version};
use crate::metrics::Metrics;

/// The registry backend the server runs on.
pub type Registry = Arc<dyn JobStore<Error = StoreError>>;

/// The meta key under which a job's crawl state lists URLs robots.txt refused.
const ROBOTS_BLOCKED: &str = "api.robots_blocked";

/// URLs listed under [`ROBOTS_BLOCKED`] at most.
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

struct Running {
    store: Arc<SqliteStore>,
    task: AbortHandle,
}

/// Starts, tracks, cancels and resumes jobs.
pub struct JobManager {
    registry: Registry,
    dir: PathBuf,
    fetcher: Arc<HttpFetcher>,
    extractor: Arc<dyn Extractor>,
    metrics: Arc<Metrics>,
    max_jobs_per_owner: u64,
    running: Mutex<HashMap<String, Running>>,
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
    /// A manager over `registry`, keeping crawl states in `dir`.
    pub fn new(
        registry: Registry,
        dir: PathBuf,
        fetcher: Arc<HttpFetcher>,
        extractor: Arc<dyn Extractor>,
        metrics: Arc<Metrics>,
        max_jobs_per_owner: u64,
    ) -> Self {
        Self {
            registry,
            dir,
            fetcher,
            extractor,
            metrics,
            max_jobs_per_owner,
            running: Mutex::new(HashMap::new()),
            closing: AtomicBool::new(false),
        }
    }

    fn running(&self) -> MutexGuard<'_, HashMap<String, Running>> {
        self.running.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn state_path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.db"))
    }

    /// Registers and starts a job for `owner`.
    pub fn start(
        self: &Arc<Self>,
        kind: JobKind,
        owner: &str,
        spec: JobSpec,
    ) -> Result<JobRecord, AppError> {
        let running = self
            .registry
            .running_count(owner)
            .map_err(AppError::internal)?;
        if running >= self.max_jobs_per_owner {
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
        self.registry.create(&record).map_err(AppError::internal)?;
        if let Err(err) = self.launch(&record.id, &spec) {
            let _ = self.registry.finish(
                &record.id,
                JobState::Failed,
                Some("could not start"),
                now_ms(),
            );
            return Err(err);
        }
        Ok(record)
    }

    /// Starts every job the registry says is running; returns how many.
    pub fn resume_all(self: &Arc<Self>) -> Result<usize, AppError> {
        let jobs = self
            .registry
            .list(JobState::Running)
            .map_err(AppError::internal)?;
        let mut resumed = 0;
        for job in jobs {
            match serde_json::from_str::<JobSpec>(&job.spec) {
                Ok(spec) => match self.launch(&job.id, &spec) {
                    Ok(()) => resumed += 1,
                    Err(err) => log::error!("resuming job {}: {err}", job.id),
                },
                Err(err) => {
                    log::error!("job {} has an unreadable spec: {err}", job.id);
                    let _ = self.registry.finish(
                        &job.id,
                        JobState::Failed,
                        Some("unreadable job specification"),
                        now_ms(),
                    );
                }
            }
        }
        Ok(resumed)
    }

    /// Opens the job's crawl state and spawns its crawl.
    fn launch(self: &Arc<Self>, id: &str, spec: &JobSpec) -> Result<(), AppError> {
        let store = Arc::new(SqliteStore::open(&self.state_path(id)).map_err(AppError::internal)?);
        let crawler = Crawler::new(
            spec.plan.config(),
            Arc::clone(&self.fetcher),
            Arc::clone(&store),
            Arc::clone(&self.extractor),
        )
        .map_err(|err| AppError::BadRequest(err.to_string()))?;
        let manager = Arc::clone(self);
        let job_id = id.to_owned();
        let job_store = Arc::clone(&store);
        // The lock is held across the spawn so that the task cannot finish
        // (and remove its entry) before the entry exists.
        let mut running = self.running();
        let task = tokio::spawn(async move {
            let metrics = Arc::clone(&manager.metrics);
            let observe = |event: &CrawlEvent| observe(&metrics, &job_store, event);
            let outcome = crawler.run(&observe).await;
            let (state, error) = match outcome {
                Ok(_) => (JobState::Completed, None),
                Err(err) => {
                    log::error!("job {job_id} failed: {err}");
                    (
                        JobState::Failed,
                        Some("the crawl stopped on an internal error"),
                    )
                }
            };
            if let Err(err) = manager.registry.finish(&job_id, state, error, now_ms()) {
                log::error!("recording the end of job {job_id}: {err}");
            }
            manager.running().remove(&job_id);
        });
        running.insert(
            id.to_owned(),
            Running {
                store,
                task: task.abort_handle(),
            },
        );
        Ok(())
    }

    /// The job `id` if `owner` owns it (another owner's job does not exist for them).
    pub fn get(&self, id: &str, owner: &str) -> Result<(JobRecord, JobSpec), AppError> {
        let record = self
            .registry
            .get(id)
            .map_err(AppError::internal)?
            .filter(|job| job.owner == owner)
            .ok_or(AppError::JobNotFound)?;
        let spec = serde_json::from_str(&record.spec).map_err(AppError::internal)?;
        Ok((record, spec))
    }

    /// The crawl state of job `id` (shared while it runs, opened otherwise).
    pub fn store(&self, id: &str) -> Result<Arc<SqliteStore>, AppError> {
        if let Some(running) = self.running().get(id) {
            return Ok(Arc::clone(&running.store));
        }
        let path = self.state_path(id);
        if !path.exists() {
            return Err(AppError::JobNotFound);
        }
        Ok(Arc::new(
            SqliteStore::open(&path).map_err(AppError::internal)?,
        ))
    }

    /// Cancels a running job of `owner`; returns its state afterwards.
    pub fn cancel(&self, id: &str, owner: &str) -> Result<JobState, AppError> {
        let (record, _) = self.get(id, owner)?;
        if record.state != JobState::Running {
            return Ok(record.state);
        }
        if self
            .registry
            .finish(id, JobState::Cancelled, None, now_ms())
            .map_err(AppError::internal)?
        {
            if let Some(running) = self.running().remove(id) {
                running.task.abort();
            }
            return Ok(JobState::Cancelled);
        }
        // It finished meanwhile.
        Ok(self.get(id, owner)?.0.state)
    }

    /// URLs robots.txt kept job `id` from fetching.
    pub fn robots_blocked(store: &SqliteStore) -> Vec<String> {
        store
            .meta(ROBOTS_BLOCKED)
            .ok()
            .flatten()
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default()
    }

    /// Stops every crawl task; the jobs stay marked running and resume at
    /// the next start. Open record streams end too.
    pub fn shutdown(&self) {
        self.closing.store(true, Ordering::SeqCst);
        for (_, running) in self.running().drain() {
            running.task.abort();
        }
    }

    /// True once [`JobManager::shutdown`] ran.
    pub fn closing(&self) -> bool {
        self.closing.load(Ordering::SeqCst)
    }

    /// Jobs per state.
    pub fn counts(&self) -> Result<JobCounts, AppError> {
        self.registry.counts().map_err(AppError::internal)
    }

    /// Frontier sizes of the running jobs, summed.
    pub fn frontier(&self) -> FrontierCounts {
        let stores: Vec<_> = self
            .running()
            .values()
            .map(|r| Arc::clone(&r.store))
            .collect();
        let mut total = FrontierCounts::default();
        for counts in stores.iter().filter_map(|s| s.counts().ok()) {
            total.pending += counts.pending;
            total.in_flight += counts.in_flight;
            total.done += counts.done;
            total.skipped += counts.skipped;
        }
        total
    }

    /// Whether the registry answers.
    pub fn reachable(&self) -> bool {
        self.registry.counts().is_ok()
    }
}

/// Counts a crawl event and remembers robots.txt refusals.
fn observe(metrics: &Metrics, store: &SqliteStore, event: &CrawlEvent) {
    match event {
        CrawlEvent::Page { status, .. } => metrics.page_fetched((*status != 0).then_some(*status)),
        CrawlEvent::Skipped { url, reason } if reason == "robots_disallowed" => {
            let mut blocked = JobManager::robots_blocked(store);
            if blocked.len() < MAX_ROBOTS_BLOCKED {
                blocked.push(url.clone());
                if let Ok(json) = serde_json::to_string(&blocked) {
                    let _ = store.set_meta(ROBOTS_BLOCKED, &json);
                }
            }
        }
        _ => {}
    }
}
