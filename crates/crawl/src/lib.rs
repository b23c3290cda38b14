//! riptide's crawler: a frontier and a scheduler, generic over the seams.
//!
//! [`Crawler`] takes any [`riptide_core::Fetcher`], [`riptide_core::CrawlStore`]
//! and [`riptide_core::Extractor`]; the fronts inject `riptide-fetch`,
//! `riptide-store` and the native or sandboxed extractor. The frontier lives
//! in the store, not in memory, so memory stays flat as a crawl grows and a
//! killed crawl resumes where it stopped.
//!
//! It provides breadth-first, depth-first and best-first order; scopes (host,
//! registrable domain, subdomains, a domain list) with include and exclude
//! patterns; a maximum depth; a maximum page count that is exact under
//! concurrency; URL normalisation; `rel=canonical`, `noindex` and `nofollow`;
//! sitemap discovery; crawler-trap guards; and per-host politeness under a
//! global concurrency limit.
//!
//! ```no_run
//! use std::sync::Arc;
//! use riptide_crawl::{CrawlConfig, Crawler};
//! use riptide_extraction::NativeExtractor;
//! use riptide_fetch::{FetchConfig, HttpFetcher};
//! use riptide_store::SqliteStore;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let config = CrawlConfig {
//!     seeds: vec!["https://example.org/".into()],
//!     max_pages: Some(100),
//!     ..CrawlConfig::default()
//! };
//! let crawler = Crawler::new(
//!     config,
//!     Arc::new(HttpFetcher::new(FetchConfig::default())?),
//!     Arc::new(SqliteStore::open("crawl.db".as_ref())?),
//!     Arc::new(NativeExtractor::default()),
//! )?;
//! let stats = crawler.run(&|event| eprintln!("{event:?}")).await?;
//! println!("{} pages", stats.pages);
//! # Ok(())
//! # }
//! ```

mod config;
mod crawler;
mod error;
mod known;
mod links;
mod normalize;
mod page;
mod politeness;
mod record;
mod scope;
mod seed;
mod sitemap;
mod traps;

pub use config::{CrawlConfig, Order};
pub use crawler::{CrawlEvent, CrawlStats, Crawler, RecordJournal};
pub use error::CrawlError;
pub use links::page_links;
pub use normalize::{DEFAULT_TRACKING_PARAMS, Normalizer};
pub use record::{CrawlRecord, PageOutcome, rfc3339};
pub use scope::{Scope, ScopeFilter, host_key, registrable_domain};
pub use sitemap::{MAX_SITEMAP_BYTES, Sitemap, SitemapError, SitemapMode, parse_sitemap};
pub use traps::TrapGuards;
