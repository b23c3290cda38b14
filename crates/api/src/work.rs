//! What a worker needs to crawl a job on a shared database, whichever front
//! created it (`riptide crawl --db` or `riptide serve --db`): the crawl, the
//! fetch settings (a server's SSRF policy included) and the extractor. It is
//! stored as the job's JSON settings, so every worker builds the same crawl.

use std::sync::Arc;

use riptide_core::{CrawlStore, Extractor, JobRecord};
use riptide_crawl::{CrawlConfig, CrawlError, Crawler};
use riptide_extraction::NativeExtractor;
use riptide_fetch::{FetchConfig, FetchError, HttpFetcher};
use riptide_sandbox::SandboxConfig;
use riptide_store::NewJob;
use serde::{Deserialize, Serialize};

use crate::wiring::{BuiltExtractor, ExtractorChoice, build_extractor};

/// One job's crawl, as every worker runs it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WorkOrder {
    /// What to crawl and how politely.
    pub crawl: CrawlConfig,
    /// How to fetch.
    pub fetch: FetchConfig,
    /// What extracts the pages.
    pub extractor: ExtractorKind,
}

/// Which extractor a worker runs; the sandbox keeps its default limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExtractorKind {
    /// The engine in the WebAssembly sandbox, native as fallback.
    Sandbox,
    /// The engine compiled in.
    Native,
}

/// Why a worker cannot run a job's settings.
#[derive(Debug, thiserror::Error)]
pub enum WorkError {
    /// The stored settings do not parse (a newer riptide wrote them, say).
    #[error("unreadable job settings: {0}")]
    Unreadable(#[from] serde_json::Error),
    /// The fetcher cannot be built from them.
    #[error(transparent)]
    Fetch(#[from] FetchError),
    /// The crawl cannot be built from them (an invalid pattern, no start URL).
    #[error(transparent)]
    Crawl(#[from] CrawlError),
}

impl ExtractorKind {
    /// The choice for [`build_extractor`].
    pub fn choice(self) -> ExtractorChoice {
        match self {
            Self::Sandbox => ExtractorChoice::Sandbox(SandboxConfig::default()),
            Self::Native => ExtractorChoice::Native,
        }
    }
}

/// A crawler a worker runs on `S`, with the extractor it built (for its counters).
pub struct WorkCrawler<S: CrawlStore> {
    /// The crawl.
    pub crawler: Crawler<HttpFetcher, S, dyn Extractor>,
    /// Its extractor.
    pub extractor: BuiltExtractor,
}

impl WorkOrder {
    /// The order stored in a job's settings.
    pub fn parse(config: &str) -> Result<Self, WorkError> {
        Ok(serde_json::from_str(config)?)
    }

    /// The database row of a new job running this order; `record` is the
    /// HTTP API's record of it, when the API creates it.
    pub fn new_job(&self, record: Option<JobRecord>) -> NewJob {
        NewJob {
            config: serde_json::to_string(self)
                .unwrap_or_else(|_| unreachable!("plain data always serialises")),
            max_pages: self.crawl.max_pages,
            host_delay: self.crawl.delay,
            record,
        }
    }

    /// The crawler of this order over `store`.
    pub fn crawler<S: CrawlStore>(self, store: Arc<S>) -> Result<WorkCrawler<S>, WorkError> {
        let fetcher = Arc::new(HttpFetcher::new(self.fetch)?);
        let extractor = build_extractor(self.extractor.choice(), NativeExtractor::default());
        if let Some(err) = &extractor.sandbox_error {
            log::warn!("sandbox unavailable ({err}); extracting natively");
        }
        let crawler = Crawler::new(self.crawl, fetcher, store, Arc::clone(&extractor.extractor))?;
        Ok(WorkCrawler { crawler, extractor })
    }
}

#[cfg(test)]
mod tests {
    use riptide_core::ExtractMode;
    use riptide_fetch::SsrfPolicy;

    use super::*;

    fn order() -> WorkOrder {
        WorkOrder {
            crawl: CrawlConfig {
                seeds: vec!["https://example.org/".into()],
                max_pages: Some(7),
                extract: Some(ExtractMode::Custom(vec!["main".into()])),
                ..CrawlConfig::default()
            },
            fetch: FetchConfig {
                ssrf: SsrfPolicy {
                    enabled: true,
                    allow_hosts: vec!["intranet".into()],
                    allow_nets: vec!["10.0.0.0/8".parse().unwrap()],
                },
                ..FetchConfig::default()
            },
            extractor: ExtractorKind::Native,
        }
    }

    #[test]
    fn an_order_reaches_workers_whole_ssrf_policy_included() {
        let job = order().new_job(None);
        assert_eq!(job.max_pages, Some(7));
        let back = WorkOrder::parse(&job.config).unwrap();
        assert_eq!(back.fetch.ssrf, order().fetch.ssrf);
        assert_eq!(back.crawl.extract, order().crawl.extract);
        assert_eq!(back.crawl.seeds, order().crawl.seeds);
        assert_eq!(back.extractor, ExtractorKind::Native);
        assert!(job.config.contains("\"10.0.0.0/8\""), "{}", job.config);
    }

    #[test]
    fn a_malformed_network_in_stored_settings_is_refused() {
        let config = order()
            .new_job(None)
            .config
            .replace("10.0.0.0/8", "10.0.0.0/99");
        assert!(matches!(
            WorkOrder::parse(&config),
            Err(WorkError::Unreadable(_))
        ));
    }
}
