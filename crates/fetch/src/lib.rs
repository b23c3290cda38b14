//! riptide's polite HTTP client.
//!
//! [`HttpFetcher`] implements [`riptide_core::Fetcher`] with reqwest over rustls:
//! gzip, brotli, deflate and zstd bodies with a cap on *decompressed* bytes (a
//! compression bomb is an error, not an OOM), connect / total / between-bytes
//! timeouts, redirects followed by hand (a limit, loop detection and a
//! robots.txt check on every hop), retries with exponential backoff and jitter
//! on connect errors, 429 and 5xx honouring `Retry-After`, conditional requests
//! from stored validators, robots.txt cached per site, an identifiable
//! `User-Agent`, a content-type gate (non-HTML bodies are not downloaded
//! unless asked for), and an opt-in SSRF guard ([`SsrfPolicy`]) that refuses
//! non-public destinations after DNS resolution and on every redirect hop.
//!
//! ```no_run
//! use riptide_core::FetchRequest;
//! use riptide_fetch::{FetchConfig, HttpFetcher};
//!
//! # async fn run() -> Result<(), riptide_fetch::FetchError> {
//! let fetcher = HttpFetcher::new(FetchConfig::default())?;
//! let page = fetcher
//!     .get(&FetchRequest { url: "https://example.org/".into(), ..FetchRequest::default() })
//!     .await?;
//! println!("{} {} bytes from {}", page.status, page.body.len(), page.final_url);
//! # Ok(())
//! # }
//! ```

mod client;
mod config;
mod error;
mod retry;
mod robots;
mod ssrf;

pub use client::HttpFetcher;
pub use config::{DEFAULT_USER_AGENT, FetchConfig};
pub use error::FetchError;
pub use ssrf::{BlockedDestination, IpNet, ParseNetError, SsrfPolicy, is_public};
