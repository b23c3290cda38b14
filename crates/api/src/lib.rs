//! riptide's HTTP API: an axum [`Router`](axum::Router) factory.
//!
//! - Firecrawl-compatible v1 and v2 routes (scrape, crawl jobs, batch scrape,
//!   map) with Firecrawl's field names, status values and error shape;
//!   options riptide does not implement are refused with a 400, never ignored.
//! - Native routes: `POST /extract` (the `extracted-content` record, through
//!   the sandbox) and `GET /jobs/{id}/stream` (a job's records as NDJSON).
//! - `/healthz`, `/readyz`, `/metrics` (Prometheus), `/openapi.json`.
//! - Jobs live in a [`riptide_core::JobStore`] under the data directory and
//!   survive restarts, or in PostgreSQL ([`ApiConfig::database`]) where any
//!   number of `riptide worker` processes crawl them ([`WorkOrder`]).
//! - Safe defaults: bearer keys (required off loopback, see [`check_exposure`]),
//!   body caps, a page cap per job, a running-job cap and a rate limit per key,
//!   and the fetcher's SSRF guard, configured by the caller of [`AppState::new`].
//!
//! ```no_run
//! use riptide_api::{ApiConfig, AppState, ExtractorChoice, build_extractor, serve, shutdown_signal};
//! use riptide_extraction::NativeExtractor;
//! use riptide_fetch::{FetchConfig, SsrfPolicy};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let fetch = FetchConfig { ssrf: SsrfPolicy::guarded(), ..FetchConfig::default() };
//! let extractor = build_extractor(ExtractorChoice::Native, NativeExtractor::default());
//! let state = AppState::new(ApiConfig::default(), fetch, extractor)?;
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:3002").await?;
//! serve(listener, state, shutdown_signal()).await?;
//! # Ok(())
//! # }
//! ```

mod auth;
mod config;
mod error;
pub mod firecrawl;
mod jobs;
mod metrics;
mod openapi;
mod routes;
mod serve;
mod state;
mod wiring;
mod work;

pub use auth::Caller;
pub use config::ApiConfig;
pub use error::{AppError, ErrorBody};
pub use jobs::{JobManager, JobPages, JobSpec};
pub use metrics::{CountingExtractor, Metrics};
pub use openapi::description as openapi_description;
pub use routes::router;
pub use serve::{StartError, check_exposure, serve, shutdown_signal};
pub use state::AppState;
pub use wiring::{BuiltExtractor, ExtractorChoice, build_extractor};
pub use work::{ExtractorKind, WorkCrawler, WorkError, WorkOrder};
