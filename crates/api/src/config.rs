//! Server settings: limits, keys and where job state lives.

use std::path::PathBuf;
use std::time::Duration;

/// What the server allows and where it keeps its jobs.
#[derive(Debug, Clone)]
pub struct ApiConfig {
    /// Where the job registry and each job's crawl state live (without `database`).
    pub data_dir: PathBuf,
    /// A PostgreSQL URL: jobs live in that database and `riptide worker`
    /// processes crawl them, the server only registers, reads and cancels
    /// them. Without it, jobs live under `data_dir` and this server crawls them.
    pub database: Option<String>,
    /// Accepted bearer keys; empty means no authentication (loopback only,
    /// which [`crate::serve`] enforces).
    pub api_keys: Vec<String>,
    /// Request bodies are refused beyond this many bytes.
    pub max_body_bytes: usize,
    /// Pages one crawl or batch job may record at most (a larger `limit` is refused).
    pub max_pages_per_job: u64,
    /// Running jobs one key may have at once.
    pub max_jobs_per_key: u64,
    /// Requests per minute one key may make (a burst of as many is allowed).
    pub rate_limit_per_minute: u32,
    /// Pages in flight per job.
    pub job_concurrency: usize,
    /// Longest `POST /v*/map` crawl before it answers with what it found.
    pub map_timeout: Duration,
    /// Default deadline for one scrape when the request gives none.
    pub scrape_timeout: Duration,
    /// Minimum time between two requests to one host within a job.
    pub crawl_delay: Duration,
    /// The public base URL used in `url` and `next` links of job responses.
    pub public_url: String,
}

impl Default for ApiConfig {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("riptide-data"),
            database: None,
            api_keys: Vec::new(),
            max_body_bytes: 10 * 1024 * 1024,
            max_pages_per_job: 10_000,
            max_jobs_per_key: 8,
            rate_limit_per_minute: 600,
            job_concurrency: 8,
            map_timeout: Duration::from_secs(60),
            scrape_timeout: Duration::from_secs(30),
            crawl_delay: Duration::from_millis(250),
            public_url: "http://127.0.0.1:3002".into(),
        }
    }
}
