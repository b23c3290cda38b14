//! Why a store operation failed.

/// A crawl-state operation that failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// SQLite reported an error (file not writable, corrupt, locked by another crawl).
    #[error("crawl state: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The state file belongs to a newer riptide with another schema.
    #[error("crawl state has schema version {found}, this riptide understands {expected}")]
    SchemaVersion {
        /// The version in the file.
        found: i64,
        /// The version this build writes.
        expected: i64,
    },
}
