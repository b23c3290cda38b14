//! Jobs this server crawls itself: registered in a [`JobStore`], each with
//! its own crawl state (one SQLite file per job under the data directory), so
//! the crawler's [`riptide_core::CrawlStore`] is reused unchanged and a job's
//! pages survive the server.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use riptide_core::{
    CrawlStore, Extractor, FrontierCounts, JobCounts, JobRecord, JobState, JobStore,
};
use riptide_crawl::{CrawlEvent, Crawler};
use riptide_fetch::HttpFetcher;
use riptide_store::{SqliteStore, StoreError};
use tokio::task::AbortHandle;

use super::{Backend, JobPages, JobSpec, add_frontier, now_ms};
use crate::AppError;
use crate::metrics::Metrics;

/// The registry backend.
type Registry = Arc<dyn JobStore<Error = StoreError>>;

struct Running {
    store: Arc<SqliteStore>,
    task: AbortHandle,
}

/// The crawl tasks of this process, by job id.
type RunningJobs = Arc<Mutex<HashMap<String, Running>>>;

/// A registry and crawl states on local disk; the crawls run here.
pub(crate) struct LocalJobs {
    registry: Registry,
    dir: PathBuf,
    fetcher: Arc<HttpFetcher>,
    extractor: Arc<dyn Extractor>,
    metrics: Arc<Metrics>,
    running: RunningJobs,
}

fn lock(running: &RunningJobs) -> MutexGuard<'_, HashMap<String, Running>> {
    running.lock().unwrap_or_else(PoisonError::into_inner)
}

impl LocalJobs {
    /// Jobs registered in `registry`, their crawl states in `dir`.
    pub(crate) fn new(
        registry: Registry,
        dir: PathBuf,
        fetcher: Arc<HttpFetcher>,
        extractor: Arc<dyn Extractor>,
        metrics: Arc<Metrics>,
    ) -> Self {
        Self {
            registry,
            dir,
            fetcher,
            extractor,
            metrics,
            running: Arc::default(),
        }
    }

    fn state_path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.db"))
    }

    /// Opens the job's crawl state and spawns its crawl.
    fn launch(&self, id: &str, spec: &JobSpec) -> Result<(), AppError> {
        let store = Arc::new(SqliteStore::open(&self.state_path(id)).map_err(AppError::internal)?);
        let crawler = Crawler::new(
            spec.plan.config(),
            Arc::clone(&self.fetcher),
            Arc::clone(&store),
            Arc::clone(&self.extractor),
        )
        .map_err(|err| AppError::BadRequest(err.to_string()))?;
        let (registry, running, metrics) = (
            Arc::clone(&self.registry),
            Arc::clone(&self.running),
            Arc::clone(&self.metrics),
        );
        let job_id = id.to_owned();
        // The lock is held across the spawn so that the task cannot finish
        // (and remove its entry) before the entry exists.
        let mut tasks = lock(&self.running);
        let task = tokio::spawn(async move {
            let observe = |event: &CrawlEvent| {
                if let CrawlEvent::Page { status, .. } = event {
                    metrics.page_fetched((*status != 0).then_some(*status));
                }
            };
            let (state, error) = match crawler.run(&observe).await {
                Ok(_) => (JobState::Completed, None),
                Err(err) => {
                    log::error!("job {job_id} failed: {err}");
                    (
                        JobState::Failed,
                        Some("the crawl stopped on an internal error"),
                    )
                }
            };
            if let Err(err) = registry.finish(&job_id, state, error, now_ms()) {
                log::error!("recording the end of job {job_id}: {err}");
            }
            lock(&running).remove(&job_id);
        });
        tasks.insert(
            id.to_owned(),
            Running {
                store,
                task: task.abort_handle(),
            },
        );
        Ok(())
    }
}

impl Backend for LocalJobs {
    fn start(&self, record: &JobRecord, spec: &JobSpec) -> Result<(), AppError> {
        self.registry.create(record).map_err(AppError::internal)?;
        if let Err(err) = self.launch(&record.id, spec) {
            let _ = self.registry.finish(
                &record.id,
                JobState::Failed,
                Some("could not start"),
                now_ms(),
            );
            return Err(err);
        }
        Ok(())
    }

    fn resume(&self) -> Result<usize, AppError> {
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

    fn get(&self, id: &str) -> Result<Option<JobRecord>, AppError> {
        self.registry.get(id).map_err(AppError::internal)
    }

    fn running_count(&self, owner: &str) -> Result<u64, AppError> {
        self.registry
            .running_count(owner)
            .map_err(AppError::internal)
    }

    fn pages(&self, id: &str) -> Result<JobPages, AppError> {
        if let Some(running) = lock(&self.running).get(id) {
            return Ok(Arc::clone(&running.store) as JobPages);
        }
        let path = self.state_path(id);
        if !path.exists() {
            return Err(AppError::JobNotFound);
        }
        Ok(Arc::new(
            SqliteStore::open(&path).map_err(AppError::internal)?,
        ))
    }

    fn cancel(&self, id: &str) -> Result<bool, AppError> {
        let cancelled = self
            .registry
            .finish(id, JobState::Cancelled, None, now_ms())
            .map_err(AppError::internal)?;
        if cancelled && let Some(running) = lock(&self.running).remove(id) {
            running.task.abort();
        }
        Ok(cancelled)
    }

    fn shutdown(&self) {
        for (_, running) in lock(&self.running).drain() {
            running.task.abort();
        }
    }

    fn counts(&self) -> Result<JobCounts, AppError> {
        self.registry.counts().map_err(AppError::internal)
    }

    fn frontier(&self) -> FrontierCounts {
        let stores: Vec<_> = lock(&self.running)
            .values()
            .map(|r| Arc::clone(&r.store))
            .collect();
        let mut total = FrontierCounts::default();
        for counts in stores.iter().filter_map(|s| s.counts().ok()) {
            add_frontier(&mut total, counts);
        }
        total
    }
}
