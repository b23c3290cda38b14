//! What a crawl does: start URLs, limits, order, scope, politeness.

use std::time::Duration;

use riptide_core::ExtractMode;
use serde::{Deserialize, Serialize};

use crate::normalize::DEFAULT_TRACKING_PARAMS;
use crate::{Scope, SitemapMode, TrapGuards};

/// The order in which the frontier hands out URLs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Order {
    /// Shallowest first (by depth, then discovery order).
    #[default]
    BreadthFirst,
    /// Deepest first.
    DepthFirst,
    /// Best score first: short, shallow URLs (few path segments and query
    /// parameters) are taken as the more important pages of a site.
    BestFirst,
}

/// Settings of one crawl. The fronts (CLI flags, API bodies) map onto it;
/// it serialises so that a job on a shared database carries it to every worker.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CrawlConfig {
    /// Start URLs.
    pub seeds: Vec<String>,
    /// Stop after recording this many pages (exact, whatever the concurrency).
    pub max_pages: Option<u64>,
    /// Do not follow links deeper than this (start URLs are depth 0).
    pub max_depth: Option<u32>,
    /// Frontier order.
    pub order: Order,
    /// Which hosts belong to the crawl.
    pub scope: Scope,
    /// Regular expressions; when any is given, a URL must match one.
    pub include: Vec<String>,
    /// Regular expressions; a URL matching any is not followed.
    pub exclude: Vec<String>,
    /// Pages in flight at once, all hosts together.
    pub concurrency: usize,
    /// Pages in flight at once on one host.
    pub per_host_concurrency: usize,
    /// Minimum time between two request starts on one host; a longer
    /// robots.txt `Crawl-delay` wins.
    pub delay: Duration,
    /// Whether robots.txt `Crawl-delay` applies (off only for your own sites).
    pub obey_crawl_delay: bool,
    /// Sitemap use.
    pub sitemaps: SitemapMode,
    /// Crawler-trap limits.
    pub traps: TrapGuards,
    /// Query parameters removed during normalisation (`prefix*` allowed).
    pub strip_params: Vec<String>,
    /// What to extract from HTML pages; `None` records pages without
    /// extracting them (`riptide map`).
    pub extract: Option<ExtractMode>,
    /// Tries per URL when the server or robots.txt says "later".
    pub max_attempts: u32,
}

impl Default for CrawlConfig {
    fn default() -> Self {
        Self {
            seeds: Vec::new(),
            max_pages: None,
            max_depth: None,
            order: Order::default(),
            scope: Scope::default(),
            include: Vec::new(),
            exclude: Vec::new(),
            concurrency: 16,
            per_host_concurrency: 2,
            delay: Duration::from_millis(250),
            obey_crawl_delay: true,
            sitemaps: SitemapMode::default(),
            traps: TrapGuards::default(),
            strip_params: DEFAULT_TRACKING_PARAMS
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
            extract: Some(ExtractMode::Article),
            max_attempts: 3,
        }
    }
}
