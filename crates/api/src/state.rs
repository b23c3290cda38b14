//! [`AppState`]: what every handler shares.

use std::sync::Arc;

use riptide_core::Extractor;
use riptide_fetch::{FetchConfig, HttpFetcher};
use riptide_store::{PgDatabase, PgOptions, SqliteJobs};

use crate::auth::{Keys, RateLimiter};
use crate::jobs::{Backend, JobManager, LocalJobs, SharedJobs};
use crate::metrics::{CountingExtractor, Metrics};
use crate::wiring::BuiltExtractor;
use crate::{ApiConfig, StartError};

/// The server's shared state (cheap to clone).
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    config: ApiConfig,
    keys: Keys,
    limiter: RateLimiter,
    metrics: Arc<Metrics>,
    extractor: Arc<dyn Extractor>,
    extractor_ready: bool,
    fetcher: Arc<HttpFetcher>,
    jobs: Arc<JobManager>,
}

impl AppState {
    /// Opens the job registry (the PostgreSQL database of `config.database`,
    /// else under `config.data_dir`) and wires the fetcher and extractor.
    /// Jobs are not resumed here: see [`AppState::resume_jobs`]. With a
    /// database, call it from a multi-thread runtime or a plain thread.
    pub fn new(
        config: ApiConfig,
        fetch: FetchConfig,
        extractor: BuiltExtractor,
    ) -> Result<Self, StartError> {
        let metrics = Arc::new(Metrics::default());
        let fetcher = Arc::new(HttpFetcher::new(fetch.clone())?);
        let extractor_kind = extractor.kind();
        let extractor_ready = extractor.sandbox_error.is_none();
        let counted: Arc<dyn Extractor> = Arc::new(CountingExtractor {
            inner: extractor.extractor,
            metrics: Arc::clone(&metrics),
        });
        let backend: Box<dyn Backend> = match &config.database {
            Some(url) => {
                let db = PgDatabase::connect(url, PgOptions::default())?;
                Box::new(SharedJobs::new(db, fetch, extractor_kind))
            }
            None => {
                let jobs_dir = config.data_dir.join("jobs");
                std::fs::create_dir_all(&jobs_dir).map_err(|err| StartError::DataDir {
                    path: jobs_dir.clone(),
                    reason: err.to_string(),
                })?;
                let registry = SqliteJobs::open(&config.data_dir.join("jobs.db"))?;
                Box::new(LocalJobs::new(
                    Arc::new(registry),
                    jobs_dir,
                    Arc::clone(&fetcher),
                    Arc::clone(&counted),
                    Arc::clone(&metrics),
                ))
            }
        };
        let jobs = Arc::new(JobManager::new(backend, config.max_jobs_per_key));
        Ok(Self {
            inner: Arc::new(Inner {
                keys: Keys::new(&config.api_keys),
                limiter: RateLimiter::new(config.rate_limit_per_minute),
                config,
                metrics,
                extractor: counted,
                extractor_ready,
                fetcher,
                jobs,
            }),
        })
    }

    /// Restarts the jobs left running by an earlier server; returns how many.
    /// Needs a tokio runtime.
    pub fn resume_jobs(&self) -> Result<usize, crate::AppError> {
        self.inner.jobs.resume_all()
    }

    /// The settings.
    pub fn config(&self) -> &ApiConfig {
        &self.inner.config
    }

    pub(crate) fn keys(&self) -> &Keys {
        &self.inner.keys
    }

    pub(crate) fn limiter(&self) -> &RateLimiter {
        &self.inner.limiter
    }

    /// The counters.
    pub fn metrics(&self) -> &Arc<Metrics> {
        &self.inner.metrics
    }

    /// The (counted) extractor.
    pub fn extractor(&self) -> &Arc<dyn Extractor> {
        &self.inner.extractor
    }

    /// False when the sandbox was asked for and could not be loaded.
    pub fn extractor_ready(&self) -> bool {
        self.inner.extractor_ready
    }

    /// The fetcher (SSRF policy included).
    pub fn fetcher(&self) -> &Arc<HttpFetcher> {
        &self.inner.fetcher
    }

    /// The jobs.
    pub fn jobs(&self) -> &Arc<JobManager> {
        &self.inner.jobs
    }
}
