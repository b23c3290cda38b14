//! The job-registry seam: long-running work (crawls, batch scrapes) that an
//! API starts, lists, cancels and resumes after a restart.
//!
//! A job record is small and backend-neutral: an id, a kind, an owner, a state
//! and an opaque JSON specification the front that created it knows how to
//! read back. The pages a job produces live elsewhere (each crawl job has its
//! own [`crate::CrawlStore`]), so a backend only has to keep these rows. Like
//! [`crate::CrawlStore`] the trait is synchronous: the embedded SQLite backend
//! answers in microseconds, and a PostgreSQL backend can block on its client.

use std::fmt;
use std::str::FromStr;

/// What kind of work a job does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobKind {
    /// A crawl from start URLs, following links.
    Crawl,
    /// A fixed list of URLs, each scraped once, no links followed.
    BatchScrape,
}

/// Where a job is in its life. Only `Running` jobs change; the others are final.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobState {
    /// Started and not finished; resumed when the server restarts.
    Running,
    /// Finished: the frontier is empty or the page limit was reached.
    Completed,
    /// Stopped by an error that is not about a single page.
    Failed,
    /// Stopped by its owner.
    Cancelled,
}

/// One job as the registry keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobRecord {
    /// Unique, unguessable id (it is the capability to read the job's results).
    pub id: String,
    /// What it does.
    pub kind: JobKind,
    /// Who started it (an API key's fingerprint); jobs are visible to their owner only.
    pub owner: String,
    /// Where it is.
    pub state: JobState,
    /// The front's specification of the job, serialised (opaque to the registry).
    pub spec: String,
    /// Why it failed, when it did.
    pub error: Option<String>,
    /// When it was created, Unix ms.
    pub created_ms: i64,
    /// When its state last changed, Unix ms.
    pub updated_ms: i64,
}

/// Jobs per state, for monitoring.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JobCounts {
    /// Running jobs.
    pub running: u64,
    /// Completed jobs.
    pub completed: u64,
    /// Failed jobs.
    pub failed: u64,
    /// Cancelled jobs.
    pub cancelled: u64,
}

impl JobCounts {
    /// Adds `n` jobs in `state`.
    pub fn add(&mut self, state: JobState, n: u64) {
        let count = match state {
            JobState::Running => &mut self.running,
            JobState::Completed => &mut self.completed,
            JobState::Failed => &mut self.failed,
            JobState::Cancelled => &mut self.cancelled,
        };
        *count += n;
    }
}

/// Where jobs are registered, so that they outlive the process that started them.
pub trait JobStore: Send + Sync + 'static {
    /// Why a registry operation failed.
    type Error: std::error::Error + Send + Sync + 'static;

    /// Registers a new job (its id must be new).
    fn create(&self, job: &JobRecord) -> Result<(), Self::Error>;

    /// The job with this id, if any.
    fn get(&self, id: &str) -> Result<Option<JobRecord>, Self::Error>;

    /// Every job in `state`, oldest first (the server resumes the running ones).
    fn list(&self, state: JobState) -> Result<Vec<JobRecord>, Self::Error>;

    /// Moves a running job to a final state at `now_ms`; returns false (and
    /// changes nothing) when the job is unknown or already final, so that a
    /// cancel and a completion racing each other cannot both win.
    fn finish(
        &self,
        id: &str,
        state: JobState,
        error: Option<&str>,
        now_ms: i64,
    ) -> Result<bool, Self::Error>;

    /// How many jobs of `owner` are running (for the per-owner cap).
    fn running_count(&self, owner: &str) -> Result<u64, Self::Error>;

    /// Jobs per state, all owners together.
    fn counts(&self) -> Result<JobCounts, Self::Error>;
}

impl JobState {
    /// The state's name as stored (`running`, `completed`, `failed`, `cancelled`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Running => "running",
            Self::Completed => "completed",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
        }
    }
}

impl JobKind {
    /// The kind's name as stored (`crawl`, `batch_scrape`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Crawl => "crawl",
            Self::BatchScrape => "batch_scrape",
        }
    }
}

/// A stored state or kind name this build does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown job {what} {value:?}")]
pub struct ParseJobError {
    what: &'static str,
    value: String,
}

impl FromStr for JobState {
    type Err = ParseJobError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [
            Self::Running,
            Self::Completed,
            Self::Failed,
            Self::Cancelled,
        ]
        .into_iter()
        .find(|state| state.as_str() == s)
        .ok_or_else(|| ParseJobError {
            what: "state",
            value: s.to_owned(),
        })
    }
}

impl FromStr for JobKind {
    type Err = ParseJobError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [Self::Crawl, Self::BatchScrape]
            .into_iter()
            .find(|kind| kind.as_str() == s)
            .ok_or_else(|| ParseJobError {
                what: "kind",
                value: s.to_owned(),
            })
    }
}

impl fmt::Display for JobState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for state in [
            JobState::Running,
            JobState::Completed,
            JobState::Failed,
            JobState::Cancelled,
        ] {
            assert_eq!(state.as_str().parse::<JobState>().unwrap(), state);
        }
        for kind in [JobKind::Crawl, JobKind::BatchScrape] {
            assert_eq!(kind.as_str().parse::<JobKind>().unwrap(), kind);
        }
        assert!("paused".parse::<JobState>().is_err());
    }
}
