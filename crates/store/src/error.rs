//! Why a store operation failed.

/// A crawl-state operation that failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// SQLite reported an error (file not writable, corrupt, locked by another crawl).
    #[error("crawl state: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The state file or database belongs to a newer riptide with another schema.
    #[error("crawl state has schema version {found}, this riptide understands {expected}")]
    SchemaVersion {
        /// The version in the file.
        found: i64,
        /// The version this build writes.
        expected: i64,
    },
    /// PostgreSQL reported an error, or stayed unreachable past the retry time.
    #[cfg(feature = "postgres")]
    #[error("crawl database: {0}")]
    Postgres(#[from] tokio_postgres::Error),
    /// The database URL does not parse.
    #[cfg(feature = "postgres")]
    #[error("invalid database URL: {0}")]
    InvalidUrl(String),
    /// The database client's runtime could not start.
    #[cfg(feature = "postgres")]
    #[error("starting the database client: {0}")]
    Runtime(std::io::Error),
    /// A PostgreSQL store was called on a current-thread async runtime, which
    /// cannot block: call it from a multi-thread runtime or a blocking thread.
    #[cfg(feature = "postgres")]
    #[error("the PostgreSQL store needs a multi-thread runtime or a blocking thread")]
    CurrentThreadRuntime,
    /// A stored job names a state or kind this build does not know.
    #[error("unreadable job: {0}")]
    UnreadableJob(#[from] riptide_core::ParseJobError),
    /// No job has this id.
    #[cfg(feature = "postgres")]
    #[error("no crawl job {0} in the database")]
    NoSuchJob(i64),
}
