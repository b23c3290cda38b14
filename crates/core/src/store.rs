//! The crawl-state seam: frontier, seen set, HTTP cache and results behind one trait.
//!
//! The trait is synchronous on purpose: the embedded SQLite backend is a local
//! file whose calls take microseconds, and a crawler on an async runtime moves
//! them to a blocking thread. A PostgreSQL backend can implement the same trait
//! with a synchronous client (or block on its own runtime) without changing the crawler.

use crate::Validators;

/// A URL found somewhere, offered to the frontier.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewUrl {
    /// The normalised absolute URL; it is also the seen-set key.
    pub url: String,
    /// The URL's host, for per-host limits and summaries.
    pub host: String,
    /// Links followed from a start URL (start URLs and sitemap entries are 0).
    pub depth: u32,
    /// The page the URL was found on, if any.
    pub referrer: Option<String>,
    /// Frontier order: lower comes first (breadth-first uses the depth,
    /// depth-first its negation, best-first a negated score).
    pub priority: i64,
}

/// A URL taken from the frontier to be fetched.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontierEntry {
    /// The store's id for the URL.
    pub id: i64,
    /// The URL.
    pub url: String,
    /// Its host.
    pub host: String,
    /// Its depth.
    pub depth: u32,
    /// Where it was found.
    pub referrer: Option<String>,
    /// How many times it was put back for a later try.
    pub attempts: u32,
    /// The validators an earlier crawl stored for the URL, for a conditional
    /// request. They come with the claim, in the same query, so that a page
    /// task never waits on the store before fetching.
    pub validators: Validators,
}

/// The outcome of one fetched URL, stored with the URL's state in one transaction.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageRecord {
    /// The output record, serialised (opaque to the store).
    pub record: String,
    /// The HTTP status, 0 when no response was received.
    pub status: u16,
    /// True when the record describes a failure.
    pub failed: bool,
    /// Validators to send when the URL is fetched again.
    pub validators: Validators,
}

/// How an in-flight URL ends: one of [`CrawlStore::complete`],
/// [`CrawlStore::skip`] or [`CrawlStore::retry_later`], as a value so that
/// [`CrawlStore::finish`] can apply many in one transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finished {
    /// Stored with a record; `found` enters the frontier.
    Complete {
        /// The URL's id.
        id: i64,
        /// Its record.
        page: PageRecord,
        /// The URLs found on it.
        found: Vec<NewUrl>,
    },
    /// Dropped without a record; `found` still enters the frontier.
    Skipped {
        /// The URL's id.
        id: i64,
        /// Why (`noindex`, `robots_disallowed`, ...).
        reason: String,
        /// The URLs found on it.
        found: Vec<NewUrl>,
    },
    /// Put back, not to be claimed before `not_before_ms` (Unix ms).
    Deferred {
        /// The URL's id.
        id: i64,
        /// When it may be claimed again.
        not_before_ms: i64,
    },
}

/// A stored output record and its position in the output sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRecord {
    /// Increasing position: records are written out in this order, exactly once.
    pub seq: i64,
    /// The serialised record.
    pub record: String,
}

/// Frontier sizes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FrontierCounts {
    /// Waiting to be fetched.
    pub pending: u64,
    /// Taken, not finished (after a crash: to be recovered).
    pub in_flight: u64,
    /// Finished with a record.
    pub done: u64,
    /// Dropped without a record (robots, scope after redirect).
    pub skipped: u64,
    /// The earliest time (Unix ms) a pending URL becomes ready, if any is pending.
    pub next_ready_ms: Option<i64>,
}

/// Pages and failures of one host, for the end-of-crawl summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HostSummary {
    /// The host.
    pub host: String,
    /// Records written for it.
    pub pages: u64,
    /// How many of those are failures.
    pub failures: u64,
    /// URLs dropped without a record.
    pub skipped: u64,
}

/// Where a crawl keeps its state, so that a killed crawl resumes where it stopped.
pub trait CrawlStore: Send + Sync + 'static {
    /// Why a store operation failed.
    type Error: std::error::Error + Send + Sync + 'static;

    /// Adds the URLs never seen before to the frontier; returns how many were new.
    fn enqueue(&self, urls: &[NewUrl]) -> Result<usize, Self::Error>;

    /// Takes up to `limit` pending URLs that are ready at `now_ms` (Unix ms),
    /// in priority order, and marks them in flight.
    fn claim(&self, limit: usize, now_ms: i64) -> Result<Vec<FrontierEntry>, Self::Error>;

    /// Finishes an in-flight URL: stores its record and validators and
    /// enqueues the URLs found on it, all in one transaction.
    fn complete(&self, id: i64, page: &PageRecord, found: &[NewUrl]) -> Result<(), Self::Error>;

    /// Puts an in-flight URL back, not to be claimed before `not_before_ms`.
    fn retry_later(&self, id: i64, not_before_ms: i64) -> Result<(), Self::Error>;

    /// Finishes an in-flight URL without a record (robots.txt said no, ...),
    /// still enqueueing `found` (a redirect target, say).
    fn skip(&self, id: i64, reason: &str, found: &[NewUrl]) -> Result<(), Self::Error>;

    /// Applies the ends of several in-flight URLs. A backend that can should
    /// do it in one transaction (one commit instead of one per page); this
    /// default applies them one by one, which keeps every guarantee too.
    fn finish(&self, batch: &[Finished]) -> Result<(), Self::Error> {
        for finished in batch {
            match finished {
                Finished::Complete { id, page, found } => self.complete(*id, page, found)?,
                Finished::Skipped { id, reason, found } => self.skip(*id, reason, found)?,
                Finished::Deferred { id, not_before_ms } => {
                    self.retry_later(*id, *not_before_ms)?
                }
            }
        }
        Ok(())
    }

    /// Returns every in-flight URL to pending; run once when a crawl (re)starts.
    fn recover(&self) -> Result<u64, Self::Error>;

    /// Starts a new pass over everything known: every URL becomes pending
    /// again and the records and meta values are dropped, while the HTTP
    /// cache stays, so the pass sends conditional requests.
    fn restart(&self) -> Result<(), Self::Error>;

    /// The frontier's sizes.
    fn counts(&self) -> Result<FrontierCounts, Self::Error>;

    /// URLs known per host (any state), to resume per-host caps.
    fn host_counts(&self) -> Result<Vec<(String, u64)>, Self::Error>;

    /// Per-host pages, failures and skips.
    fn host_summary(&self) -> Result<Vec<HostSummary>, Self::Error>;

    /// Up to `limit` records with `seq > after`, in `seq` order. Records
    /// stored empty (written out by the crawl itself, see [`FinishNoting`])
    /// are left out.
    fn records_after(&self, after: i64, limit: usize) -> Result<Vec<StoredRecord>, Self::Error>;

    /// Known URLs (in any state) with `id > after`, in discovery order, with their ids.
    fn urls_after(&self, after: i64, limit: usize) -> Result<Vec<(i64, String)>, Self::Error>;

    /// Records a host's own politeness delay (robots.txt `Crawl-delay`).
    ///
    /// A store shared by several processes (PostgreSQL) keeps it, so that
    /// every worker spaces its requests to the host by it, not only the one
    /// that read robots.txt; a store only this process uses has nothing to
    /// share (the crawler spaces its own requests), so the default does nothing.
    fn note_host_delay(&self, host: &str, delay: std::time::Duration) -> Result<(), Self::Error> {
        let _ = (host, delay);
        Ok(())
    }

    /// Up to `limit` URLs finished without a record because of `reason`
    /// (`robots_disallowed`, ...), in discovery order.
    fn skipped(&self, reason: &str, limit: usize) -> Result<Vec<String>, Self::Error>;

    /// A small named value (output cursor, crawl settings).
    fn meta(&self, key: &str) -> Result<Option<String>, Self::Error>;

    /// Sets a small named value.
    fn set_meta(&self, key: &str, value: &str) -> Result<(), Self::Error>;

    /// Blocks until the frontier may have changed, or `timeout` passes.
    ///
    /// A store shared by several processes (PostgreSQL) wakes as soon as
    /// another worker adds or releases URLs; a store only this process writes
    /// has nothing to wait for, so the default just sleeps.
    fn wait_for_change(&self, timeout: std::time::Duration) -> Result<(), Self::Error> {
        std::thread::sleep(timeout);
        Ok(())
    }
}

/// A store that commits a meta value together with a batch of finished URLs,
/// in one transaction.
///
/// A crawl that writes its records straight to its own output file, instead
/// of storing them for a second pass to copy out, stores them empty and
/// commits how far the output got with the pages it holds. After a kill the
/// output is cut back to that point, and the pages written past it, never
/// committed, are fetched again: each record lands once, and the state file
/// keeps no second copy of the output. The embedded SQLite store does this; a
/// store shared by many workers (PostgreSQL) keeps the records, since its
/// output is written from all of theirs.
pub trait FinishNoting: CrawlStore {
    /// [`CrawlStore::finish`], also setting the meta value `key` to `value`
    /// in the same transaction.
    fn finish_noting(&self, batch: &[Finished], key: &str, value: &str) -> Result<(), Self::Error>;
}
