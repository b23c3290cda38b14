//! Firecrawl compatibility: request bodies, options and documents of the v1
//! and v2 APIs, mapped onto riptide's crawler and extractor.

mod document;
mod exclude;
mod keys;
mod options;
mod requests;

pub use document::{PageFacts, document, markdown_to_html, metadata};
pub use exclude::{exclusions, without};
pub use options::{Format, FormatSpec, Output, ScrapeOptions};
pub use requests::{
    BatchScrapeRequest, CrawlPlan, CrawlRequest, MapRequest, ScopePlan, ScrapeRequest,
    SitemapChoice, Version, batch_request, child_paths_only, crawl_request, map_request,
    page_limit, scrape_request, target_url, url_patterns,
};
