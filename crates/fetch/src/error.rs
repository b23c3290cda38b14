//! Why a fetch failed.

use std::time::Duration;

use riptide_core::FetchFailure;

use crate::BlockedDestination;

/// Why a page could not be fetched. Statuses such as 404 are not errors: they
/// come back as responses, because a crawl records them.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    /// The URL does not parse or is not http(s).
    #[error("invalid URL {url:?}: {reason}")]
    InvalidUrl {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The site's robots.txt disallows the URL for our user agent; nothing was requested.
    #[error("robots.txt disallows {0}")]
    RobotsDisallowed(String),
    /// The site's robots.txt answered with a server error or could not be reached:
    /// RFC 9309 says to crawl nothing there for now.
    #[error("robots.txt of {origin} is unreachable; retry in {retry_after:?}")]
    RobotsUnavailable {
        /// The site.
        origin: String,
        /// When to try again.
        retry_after: Duration,
    },
    /// No connection could be made, after every retry.
    #[error("cannot connect: {0}")]
    Connect(String),
    /// The connect, total or between-bytes deadline passed.
    #[error("timed out: {0}")]
    Timeout(String),
    /// More redirects than the limit.
    #[error("more than {limit} redirects")]
    TooManyRedirects {
        /// The limit.
        limit: usize,
    },
    /// A redirect led back to a URL already visited in the same chain.
    #[error("redirect loop back to {0}")]
    RedirectLoop(String),
    /// A redirect without a usable `Location`.
    #[error("redirect without a valid Location: {0}")]
    BadRedirect(String),
    /// The (decompressed) body is larger than the limit: a compression bomb
    /// or simply an oversized page. Reading stopped at the limit.
    #[error("body larger than {limit} bytes")]
    BodyTooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// The server asked us to come back later than we are willing to wait now
    /// (429/503 with a long Retry-After, after every retry).
    #[error("server asked to retry in {retry_after:?} (status {status})")]
    RetryLater {
        /// The status that asked.
        status: u16,
        /// How long it asked to wait.
        retry_after: Duration,
    },
    /// The SSRF guard refused the destination (an IP literal, a redirect
    /// target or a name resolving to a non-public address); nothing was sent.
    #[error(transparent)]
    Blocked(#[from] BlockedDestination),
    /// Any other transport or protocol failure (reset connection, corrupt compression).
    #[error("HTTP error: {0}")]
    Http(String),
}

impl FetchFailure for FetchError {
    fn kind(&self) -> &'static str {
        match self {
            Self::InvalidUrl { .. } => "invalid_url",
            Self::RobotsDisallowed(_) => "robots_disallowed",
            Self::RobotsUnavailable { .. } => "robots_unavailable",
            Self::Connect(_) => "connect",
            Self::Timeout(_) => "timeout",
            Self::TooManyRedirects { .. } => "too_many_redirects",
            Self::RedirectLoop(_) => "redirect_loop",
            Self::BadRedirect(_) => "bad_redirect",
            Self::BodyTooLarge { .. } => "body_too_large",
            Self::RetryLater { .. } => "retry_later",
            Self::Blocked(_) => "ssrf_blocked",
            Self::Http(_) => "http",
        }
    }

    fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::RobotsUnavailable { retry_after, .. } | Self::RetryLater { retry_after, .. } => {
                Some(*retry_after)
            }
            _ => None,
        }
    }
}

impl FetchError {
    /// Classifies a reqwest error: timeouts and connect failures get their own kinds.
    pub(crate) fn from_reqwest(err: &reqwest::Error) -> Self {
        let message = error_chain(err);
        let mut source = std::error::Error::source(err);
        while let Some(cause) = source {
            if let Some(blocked) = cause.downcast_ref::<BlockedDestination>() {
                return Self::Blocked(blocked.clone());
            }
            source = cause.source();
        }
        if err.is_timeout() {
            Self::Timeout(message)
        } else if err.is_connect() {
            Self::Connect(message)
        } else {
            Self::Http(message)
        }
    }
}

/// The error and its sources on one line: reqwest's top-level message alone
/// ("error sending request") hides the cause.
fn error_chain(err: &dyn std::error::Error) -> String {
    let mut message = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}
