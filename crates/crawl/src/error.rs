//! Why a crawl stopped.

/// A failure that stops the whole crawl. Failures of single pages never do:
/// they become records.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CrawlError {
    /// A start URL does not parse or is not http(s).
    #[error("invalid start URL {0:?}")]
    InvalidSeed(String),
    /// An include or exclude pattern is not a valid regular expression.
    #[error("invalid pattern {pattern:?}: {reason}")]
    InvalidPattern {
        /// The pattern.
        pattern: String,
        /// The regex parser's complaint.
        reason: String,
    },
    /// The crawl state could not be read or written.
    #[error("crawl state: {0}")]
    Store(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The crawl's own output could not be written (see [`crate::RecordJournal`]).
    #[error("writing the output: {0}")]
    Journal(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// A page task panicked (a bug); the crawl stops so that no page is lost silently.
    #[error("page task failed: {0}")]
    Task(String),
}

impl CrawlError {
    pub(crate) fn store(err: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::Store(Box::new(err))
    }
}
