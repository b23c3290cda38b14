//! Jobs on PostgreSQL (`riptide serve --db`): the server registers each job
//! with the [`WorkOrder`] every `riptide worker` runs, reads its pages as the
//! workers record them and cancels it (workers claim URLs of running jobs
//! only). It crawls nothing itself and has nothing to resume or stop: the
//! jobs belong to the database.

use std::sync::Arc;

use riptide_core::{CrawlStore, FrontierCounts, JobCounts, JobRecord, JobState};
use riptide_fetch::FetchConfig;
use riptide_store::PgDatabase;

use super::{Backend, JobPages, JobSpec, add_frontier};
use crate::AppError;
use crate::work::{ExtractorKind, WorkOrder};

/// The jobs of a PostgreSQL database shared with workers.
pub(crate) struct SharedJobs {
    db: Arc<PgDatabase>,
    /// The fetch settings workers use for this server's jobs (its SSRF policy).
    fetch: FetchConfig,
    /// The extractor workers run for this server's jobs.
    extractor: ExtractorKind,
}

impl SharedJobs {
    pub(crate) fn new(db: Arc<PgDatabase>, fetch: FetchConfig, extractor: ExtractorKind) -> Self {
        Self {
            db,
            fetch,
            extractor,
        }
    }

    /// The row id of API job `id`.
    fn row(&self, id: &str) -> Result<i64, AppError> {
        self.db
            .api_job(id)
            .map_err(AppError::internal)?
            .map(|(row, _)| row)
            .ok_or(AppError::JobNotFound)
    }
}

impl Backend for SharedJobs {
    fn start(&self, record: &JobRecord, spec: &JobSpec) -> Result<(), AppError> {
        let order = WorkOrder {
            crawl: spec.plan.config(),
            fetch: self.fetch.clone(),
            extractor: self.extractor,
        };
        self.db
            .create_job(&order.new_job(Some(record.clone())))
            .map_err(AppError::internal)?;
        Ok(())
    }

    fn resume(&self) -> Result<usize, AppError> {
        Ok(0)
    }

    fn get(&self, id: &str) -> Result<Option<JobRecord>, AppError> {
        Ok(self
            .db
            .api_job(id)
            .map_err(AppError::internal)?
            .map(|(_, record)| record))
    }

    fn running_count(&self, owner: &str) -> Result<u64, AppError> {
        self.db.running_count(owner).map_err(AppError::internal)
    }

    fn pages(&self, id: &str) -> Result<JobPages, AppError> {
        let store = self
            .db
            .job_store(self.row(id)?)
            .map_err(AppError::internal)?;
        Ok(Arc::new(store))
    }

    fn cancel(&self, id: &str) -> Result<bool, AppError> {
        self.db
            .finish_api_job(id, JobState::Cancelled, None)
            .map_err(AppError::internal)
    }

    fn shutdown(&self) {}

    fn counts(&self) -> Result<JobCounts, AppError> {
        self.db.job_counts().map_err(AppError::internal)
    }

    fn frontier(&self) -> FrontierCounts {
        let mut total = FrontierCounts::default();
        for job in self.db.running_jobs().unwrap_or_default() {
            if let Ok(counts) = self.db.job_store(job.id).and_then(|store| store.counts()) {
                add_frontier(&mut total, counts);
            }
        }
        total
    }
}
