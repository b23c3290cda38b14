//! Domain types and seam traits shared by every riptide crate.
//!
//! This crate is deliberately small and free of I/O, async runtimes and
//! heavyweight dependencies, so that the extraction engine can build for
//! `wasm32-wasip2` and every front (CLI, API, library) speaks the same types.
//!
//! ```
//! use riptide_core::{Document, ExtractMode};
//!
//! let mode: ExtractMode = "article".parse().unwrap();
//! assert_eq!(mode, ExtractMode::Article);
//! let doc = Document::default();
//! assert_eq!(doc.word_count, 0);
//! ```

pub mod charset;
mod document;
mod error;
mod extractor;
mod fallback;
mod fetcher;
mod jobs;
pub mod markup;
mod page_links;
mod robots_directives;
mod store;

pub use document::{Document, Link, Media, MediaKind};
pub use error::{ExtractError, ExtractErrorKind};
pub use extractor::{ExtractInput, ExtractMode, Extractor, ParseModeError};
pub use fallback::{BreakerConfig, BreakerCounters, BreakerState, Fallback};
pub use fetcher::{
    BodyWanted, FetchFailure, FetchRequest, FetchResponse, Fetcher, SiteRules, Validators,
    is_html_type,
};
pub use jobs::{JobCounts, JobKind, JobRecord, JobState, JobStore, ParseJobError};
pub use page_links::{PageLinks, PageLinksReader};
pub use robots_directives::RobotsDirectives;
pub use store::{
    CrawlStore, FinishNoting, Finished, FrontierCounts, FrontierEntry, HostSummary, NewUrl,
    PageRecord, StoredRecord,
};
