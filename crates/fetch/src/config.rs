//! Fetch settings.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::SsrfPolicy;

/// The default `User-Agent`: names the crawler and where to learn about it,
/// so that site operators can identify it and write robots.txt rules for it.
pub const DEFAULT_USER_AGENT: &str = concat!(
    "riptide/",
    env!("CARGO_PKG_VERSION"),
    " (+https://github.com/riptide-rs/riptide)"
);

/// How [`crate::HttpFetcher`] fetches. It serialises so that a job on a
/// shared database carries the fetch settings of its creator to every worker
/// (the SSRF policy of a server included).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FetchConfig {
    /// The `User-Agent` header; its product token (before the first `/`) is
    /// the name matched against robots.txt groups.
    pub user_agent: String,
    /// Deadline for establishing a connection (TCP + TLS).
    pub connect_timeout: Duration,
    /// Deadline for one whole request, body included.
    pub total_timeout: Duration,
    /// Deadline between two reads: catches stalled servers that trickle bytes.
    pub read_timeout: Duration,
    /// Bodies are refused beyond this many bytes *after* decompression.
    pub max_body_bytes: u64,
    /// Redirects followed per fetch.
    pub max_redirects: usize,
    /// Extra attempts after a connect error, a 429 or a 5xx.
    pub max_retries: u32,
    /// The first backoff; each retry doubles it (with full jitter).
    pub backoff_base: Duration,
    /// The longest wait between two attempts, and the longest `Retry-After`
    /// honoured in place: longer ones become [`crate::FetchError::RetryLater`].
    pub max_backoff: Duration,
    /// How long a site whose robots.txt answered 5xx (or was unreachable) is left alone.
    pub robots_retry: Duration,
    /// How long a fetched robots.txt is trusted before it is fetched again.
    pub robots_ttl: Duration,
    /// Whether robots.txt is obeyed. Turning it off is for your own sites only.
    pub respect_robots: bool,
    /// Which destinations may be reached; open by default (a local crawl is
    /// legitimate), guarded by servers that fetch for their callers.
    pub ssrf: SsrfPolicy,
}

impl Default for FetchConfig {
    fn default() -> Self {
        Self {
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            connect_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(60),
            read_timeout: Duration::from_secs(20),
            max_body_bytes: 32 * 1024 * 1024,
            max_redirects: 10,
            max_retries: 3,
            backoff_base: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            robots_retry: Duration::from_secs(60),
            robots_ttl: Duration::from_secs(24 * 60 * 60),
            respect_robots: true,
            ssrf: SsrfPolicy::default(),
        }
    }
}

impl FetchConfig {
    /// The robots.txt product token: the user agent up to the first `/` or space.
    pub fn robots_token(&self) -> &str {
        let end = self
            .user_agent
            .find(|c: char| c == '/' || c.is_whitespace())
            .unwrap_or(self.user_agent.len());
        &self.user_agent[..end]
    }
}
