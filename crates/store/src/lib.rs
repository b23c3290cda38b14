//! riptide's crawl state: one embedded SQLite file, or PostgreSQL for scale-out.
//!
//! [`SqliteStore`] implements [`riptide_core::CrawlStore`]: the frontier and
//! the seen set (one table, the URL is unique), the HTTP cache (validators
//! for conditional requests), the output records and a small key-value table.
//! It also implements [`riptide_core::FinishNoting`], for a crawl that writes
//! its records to its own output and commits only the output's length here.
//! The file runs in WAL mode, and every state change of a URL happens in one
//! transaction with its effects (its record, the links found on it), so a
//! process killed at any instant leaves a consistent file: in-flight URLs are
//! put back by [`CrawlStore::recover`] and fetched again, finished ones never are.
//!
//! With the `postgres` feature, the `postgres` module holds the same trait over a
//! PostgreSQL database shared by many `riptide worker` processes.
//! [`SqliteJobs`] implements [`riptide_core::JobStore`], the registry of an
//! API's long-running jobs, in a file of its own.
//!
//! ```
//! use riptide_core::{CrawlStore, NewUrl, PageRecord};
//! use riptide_store::SqliteStore;
//!
//! let dir = tempfile::tempdir().unwrap();
//! let store = SqliteStore::open(&dir.path().join("crawl.db")).unwrap();
//! let start = NewUrl { url: "https://example.org/".into(), host: "example.org".into(), ..NewUrl::default() };
//! assert_eq!(store.enqueue(&[start.clone(), start]).unwrap(), 1);
//! let claimed = store.claim(10, 0).unwrap();
//! let page = PageRecord { record: "{}".into(), status: 200, ..PageRecord::default() };
//! store.complete(claimed[0].id, &page, &[]).unwrap();
//! assert_eq!(store.records_after(0, 10).unwrap().len(), 1);
//! assert_eq!(store.counts().unwrap().done, 1);
//! ```

mod error;
mod jobs;
#[cfg(feature = "postgres")]
pub mod postgres;
mod schema;
mod sqlite;

pub use error::StoreError;
pub use jobs::SqliteJobs;
#[cfg(feature = "postgres")]
pub use postgres::{JobRow, NewJob, PgDatabase, PgOptions, PgStore};
pub use sqlite::SqliteStore;

#[doc(no_inline)]
pub use riptide_core::{CrawlStore, JobStore};
