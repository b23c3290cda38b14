//! The fetching seam: how a crawler asks for a page without knowing the HTTP stack.
//!
//! The trait is runtime-agnostic: its methods return plain [`Future`]s, so core
//! stays free of tokio while `riptide-fetch` implements it with reqwest and the
//! crawler drives it on whatever runtime it runs on.

use std::future::Future;
use std::time::Duration;

use crate::RobotsDirectives;

/// HTTP cache validators of a page: sent back as `If-None-Match` /
/// `If-Modified-Since` so an unchanged page costs a `304` and no body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// The `ETag` response header.
    pub etag: Option<String>,
    /// The `Last-Modified` response header.
    pub last_modified: Option<String>,
}

/// Which bodies a request wants downloaded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum BodyWanted {
    /// Only HTML (or an undeclared type): other bodies are not downloaded, and
    /// the response only records their type. This is the content-type gate.
    #[default]
    Html,
    /// Any body (sitemaps, robots-like resources).
    Any,
}

/// One page to fetch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FetchRequest {
    /// The absolute http(s) URL.
    pub url: String,
    /// Validators from an earlier fetch of the same URL, if any.
    pub validators: Validators,
    /// Which bodies to download.
    pub wanted: BodyWanted,
}

/// What a fetch returned (any final status, including 4xx and 5xx that were not retried away).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FetchResponse {
    /// The URL the body came from, after redirects.
    pub final_url: String,
    /// The HTTP status of the final response (`304` when the validators matched).
    pub status: u16,
    /// The `Content-Type` header, verbatim.
    pub content_type: Option<String>,
    /// The body, decompressed; empty for `304`, `HEAD`-like gates and skipped types.
    pub body: Vec<u8>,
    /// True when the body was not downloaded because its type was not wanted.
    pub body_skipped: bool,
    /// The validators the server sent with this response.
    pub validators: Validators,
    /// The `X-Robots-Tag` directives of this response that apply to this crawler.
    pub robots: RobotsDirectives,
}

impl FetchResponse {
    /// True when the declared type is HTML or XHTML, or nothing was declared
    /// (extraction then decides, as browsers sniff).
    pub fn is_html(&self) -> bool {
        is_html_type(self.content_type.as_deref())
    }
}

/// True for `text/html`, `application/xhtml+xml` and an absent type.
pub fn is_html_type(content_type: Option<&str>) -> bool {
    let Some(value) = content_type else {
        return true;
    };
    let essence = value.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("text/html")
        || essence.eq_ignore_ascii_case("application/xhtml+xml")
}

/// Facts a site's `robots.txt` states for this crawler, beyond allow/deny.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteRules {
    /// `Crawl-delay` for our user agent; it wins over a shorter configured delay.
    pub crawl_delay: Option<Duration>,
    /// `Sitemap:` lines, absolute URLs.
    pub sitemaps: Vec<String>,
}

/// What the crawler needs to know about a failed fetch, whatever the fetcher.
pub trait FetchFailure {
    /// A stable, machine-readable kind (`timeout`, `robots_disallowed`, ...),
    /// written in error records.
    fn kind(&self) -> &'static str;

    /// `Some(wait)` when the same URL should be tried again after `wait`
    /// (for example while the site's robots.txt answers 5xx); `None` when the
    /// failure is final for this crawl.
    fn retry_after(&self) -> Option<Duration>;
}

/// Anything that fetches pages politely: honouring robots.txt, size and time
/// limits, and retries. Implemented by `riptide-fetch`.
pub trait Fetcher: Send + Sync + 'static {
    /// Why a fetch failed.
    type Error: std::error::Error + FetchFailure + Send + Sync + 'static;

    /// Fetches one page. A URL that robots.txt disallows fails without a request.
    fn fetch(
        &self,
        request: &FetchRequest,
    ) -> impl Future<Output = Result<FetchResponse, Self::Error>> + Send;

    /// The robots.txt facts for the site of `url` (fetched once per site and cached).
    fn site_rules(&self, url: &str) -> impl Future<Output = SiteRules> + Send;
}
