//! Firecrawl request bodies (v1 and v2 together) and the crawl plans they become.
//!
//! Each body is checked key by key first ([`KeyPolicy`]): the two versions
//! differ in a few names (v1 `maxDepth`, `ignoreSitemap`, `allowBackwardLinks`;
//! v2 `sitemap`, `crawlEntireDomain`), and each accepts only its own.

use std::time::Duration;

use riptide_core::ExtractMode;
use riptide_crawl::{CrawlConfig, Order, Scope, SitemapMode, TrapGuards};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;
use utoipa::ToSchema;

use super::keys::{KeyPolicy, Neutral, SCRAPE_NEUTRAL, SCRAPE_SUPPORTED};
use super::options::ScrapeOptions;
use crate::AppError;

/// Which Firecrawl API a request came through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Version {
    /// `/v1/...`, what older integrations call.
    V1,
    /// `/v2/...`, what current SDKs call.
    V2,
}

impl Version {
    /// The path prefix.
    pub fn prefix(self) -> &'static str {
        match self {
            Self::V1 => "/v1",
            Self::V2 => "/v2",
        }
    }
}

/// `POST /v{1,2}/scrape`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ScrapeRequest {
    /// The page (a missing scheme means `http://`).
    pub url: String,
    /// How to scrape it.
    #[serde(flatten)]
    pub options: ScrapeOptions,
}

/// `POST /v{1,2}/crawl`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CrawlRequest {
    /// The start URL.
    pub url: String,
    /// Regular expressions on the URL path (the full URL with
    /// `regexOnFullURL`); when given, a URL must match one.
    pub include_paths: Option<Vec<String>>,
    /// Regular expressions; matching URLs are not crawled.
    pub exclude_paths: Option<Vec<String>>,
    /// v1: how deep to follow links.
    pub max_depth: Option<u32>,
    /// How many links deep to follow from the start URL.
    pub max_discovery_depth: Option<u32>,
    /// Pages to record at most (default and maximum: the server's per-job cap).
    pub limit: Option<u64>,
    /// v2: also crawl pages outside the start URL's path (siblings, parents).
    pub crawl_entire_domain: Option<bool>,
    /// v1: the same as `crawlEntireDomain`.
    pub allow_backward_links: Option<bool>,
    /// Follow links to other sites.
    pub allow_external_links: Option<bool>,
    /// Follow links to subdomains of the start host.
    pub allow_subdomains: Option<bool>,
    /// v2: `include` (default), `skip` or `only`.
    pub sitemap: Option<SitemapChoice>,
    /// v1: skip sitemaps.
    pub ignore_sitemap: Option<bool>,
    /// Treat URLs differing only in their query as one page.
    pub ignore_query_parameters: Option<bool>,
    /// Match `includePaths`/`excludePaths` against the full URL.
    #[serde(rename = "regexOnFullURL")]
    pub regex_on_full_url: Option<bool>,
    /// Seconds between two requests to the site.
    pub delay: Option<f64>,
    /// Pages in flight at once (at most the server's job concurrency).
    pub max_concurrency: Option<usize>,
    /// How to scrape each page.
    pub scrape_options: Option<ScrapeOptions>,
}

/// `POST /v{1,2}/batch/scrape`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BatchScrapeRequest {
    /// The pages.
    pub urls: Vec<String>,
    /// Drop invalid URLs and report them (default) instead of failing the request.
    #[serde(rename = "ignoreInvalidURLs")]
    pub ignore_invalid_urls: Option<bool>,
    /// Pages in flight at once (at most the server's job concurrency).
    pub max_concurrency: Option<usize>,
    /// How to scrape each page.
    #[serde(flatten)]
    pub options: ScrapeOptions,
}

/// `POST /v{1,2}/map`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MapRequest {
    /// The site.
    pub url: String,
    /// Keep only URLs containing this text (case-insensitive).
    pub search: Option<String>,
    /// v2: `include` (default), `skip` or `only`.
    pub sitemap: Option<SitemapChoice>,
    /// v1: skip sitemaps.
    pub ignore_sitemap: Option<bool>,
    /// v1: only the URLs sitemaps list.
    pub sitemap_only: Option<bool>,
    /// Include subdomains of the host (default true).
    pub include_subdomains: Option<bool>,
    /// URLs to return at most (default 5000, at most the per-job cap).
    pub limit: Option<u64>,
    /// Milliseconds to spend at most (default: the server's map timeout).
    pub timeout: Option<u64>,
    /// Treat URLs differing only in their query as one (default true).
    pub ignore_query_parameters: Option<bool>,
    /// As in crawl.
    pub include_paths: Option<Vec<String>>,
    /// As in crawl.
    pub exclude_paths: Option<Vec<String>>,
    /// As in crawl.
    #[serde(rename = "regexOnFullURL")]
    pub regex_on_full_url: Option<bool>,
}

/// Sitemap use, as v2 writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SitemapChoice {
    /// Seed from sitemaps and follow links.
    Include,
    /// Ignore sitemaps.
    Skip,
    /// Only the URLs sitemaps list.
    Only,
}

const CRAWL_V1: &[&str] = &[
    "url",
    "includePaths",
    "excludePaths",
    "maxDepth",
    "maxDiscoveryDepth",
    "limit",
    "allowBackwardLinks",
    "crawlEntireDomain",
    "allowExternalLinks",
    "allowSubdomains",
    "ignoreSitemap",
    "ignoreQueryParameters",
    "regexOnFullURL",
    "delay",
    "maxConcurrency",
    "scrapeOptions",
];
const CRAWL_V2: &[&str] = &[
    "url",
    "includePaths",
    "excludePaths",
    "maxDiscoveryDepth",
    "limit",
    "crawlEntireDomain",
    "allowExternalLinks",
    "allowSubdomains",
    "sitemap",
    "ignoreQueryParameters",
    "regexOnFullURL",
    "delay",
    "maxConcurrency",
    "scrapeOptions",
];
const CRAWL_NEUTRAL: &[(&str, Neutral)] = &[
    ("ignoreRobotsTxt", Neutral::Off),
    ("robotsUserAgent", Neutral::Off),
    ("deduplicateSimilarURLs", Neutral::OnOrNull),
    ("webhook", Neutral::Off),
    ("prompt", Neutral::Off),
    ("zeroDataRetention", Neutral::Off),
    ("origin", Neutral::Any),
    ("integration", Neutral::Any),
];
const MAP_V1: &[&str] = &[
    "url",
    "search",
    "ignoreSitemap",
    "sitemapOnly",
    "includeSubdomains",
    "limit",
    "timeout",
    "ignoreQueryParameters",
    "includePaths",
    "excludePaths",
    "regexOnFullURL",
];
const MAP_V2: &[&str] = &[
    "url",
    "search",
    "sitemap",
    "includeSubdomains",
    "limit",
    "timeout",
    "ignoreQueryParameters",
    "includePaths",
    "excludePaths",
    "regexOnFullURL",
];
const MAP_NEUTRAL: &[(&str, Neutral)] = &[
    ("useIndex", Neutral::AnyBool),
    ("filterByPath", Neutral::OnOrNull),
    ("ignoreCache", Neutral::AnyBool),
    ("location", Neutral::Off),
    ("headers", Neutral::Off),
    ("allowExternalLinks", Neutral::Off),
    ("allowSubdomains", Neutral::Off),
    ("crawlEntireDomain", Neutral::Off),
    ("deduplicateSimilarURLs", Neutral::OnOrNull),
    ("ignoreRobotsTxt", Neutral::Off),
    ("useMock", Neutral::Off),
    ("origin", Neutral::Any),
    ("integration", Neutral::Any),
];
const BATCH_EXTRA: &[&str] = &["urls", "ignoreInvalidURLs", "maxConcurrency"];
const BATCH_NEUTRAL: &[(&str, Neutral)] =
    &[("webhook", Neutral::Off), ("appendToId", Neutral::Off)];

/// Checks the keys of a body (and of its nested `scrapeOptions`), then
/// deserialises what is left.
fn parse<T: DeserializeOwned>(
    body: Value,
    policy: &KeyPolicy,
    nested_scrape_options: bool,
) -> Result<T, AppError> {
    let Value::Object(mut map) = body else {
        return Err(AppError::BadRequest(
            "the body must be a JSON object".into(),
        ));
    };
    policy.apply(&mut map, "")?;
    if nested_scrape_options && let Some(Value::Object(nested)) = map.get_mut("scrapeOptions") {
        scrape_policy().apply(nested, "scrapeOptions.")?;
    }
    serde_json::from_value(Value::Object(map))
        .map_err(|err| AppError::BadRequest(format!("invalid body: {err}")))
}

fn scrape_policy() -> KeyPolicy {
    KeyPolicy {
        supported: &[SCRAPE_SUPPORTED],
        neutral: &[SCRAPE_NEUTRAL],
    }
}

/// Parses a scrape body.
pub fn scrape_request(body: Value) -> Result<ScrapeRequest, AppError> {
    let policy = KeyPolicy {
        supported: &[SCRAPE_SUPPORTED, &["url"]],
        neutral: &[SCRAPE_NEUTRAL],
    };
    parse(body, &policy, false)
}

/// Parses a batch-scrape body.
pub fn batch_request(body: Value) -> Result<BatchScrapeRequest, AppError> {
    let policy = KeyPolicy {
        supported: &[SCRAPE_SUPPORTED, BATCH_EXTRA],
        neutral: &[SCRAPE_NEUTRAL, BATCH_NEUTRAL],
    };
    parse(body, &policy, false)
}

/// Parses a crawl body of `version`.
pub fn crawl_request(body: Value, version: Version) -> Result<CrawlRequest, AppError> {
    let policy = KeyPolicy {
        supported: match version {
            Version::V1 => &[CRAWL_V1],
            Version::V2 => &[CRAWL_V2],
        },
        neutral: &[CRAWL_NEUTRAL],
    };
    parse(body, &policy, true)
}

/// Parses a map body of `version`.
pub fn map_request(body: Value, version: Version) -> Result<MapRequest, AppError> {
    let policy = KeyPolicy {
        supported: match version {
            Version::V1 => &[MAP_V1],
            Version::V2 => &[MAP_V2],
        },
        neutral: &[MAP_NEUTRAL],
    };
    parse(body, &policy, false)
}

/// A URL as Firecrawl accepts it: `example.com` means `http://example.com`.
pub fn target_url(raw: &str) -> Result<Url, AppError> {
    let raw = raw.trim();
    let with_scheme = if raw.contains("://") {
        raw.to_owned()
    } else {
        format!("http://{raw}")
    };
    let url = Url::parse(&with_scheme)
        .map_err(|err| AppError::BadRequest(format!("invalid URL {raw:?}: {err}")))?;
    match (url.scheme(), url.host_str()) {
        ("http" | "https", Some(_)) => Ok(url),
        _ => Err(AppError::BadRequest(format!(
            "invalid URL {raw:?}: only http(s) URLs with a host are supported"
        ))),
    }
}

/// Which hosts a crawl plan covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScopePlan {
    /// The start hosts.
    Host,
    /// The start hosts and their subdomains.
    Subdomains,
    /// Anywhere.
    Any,
}

/// A crawl as riptide runs it: the serialisable part of a [`CrawlConfig`],
/// kept in the job registry so that a restarted server resumes the same crawl.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CrawlPlan {
    /// Start URLs.
    pub seeds: Vec<String>,
    /// Pages to record at most.
    pub max_pages: u64,
    /// Link depth to follow at most.
    pub max_depth: Option<u32>,
    /// Which hosts.
    pub scope: ScopePlan,
    /// URL regexes, one must match.
    pub include: Vec<String>,
    /// URL regexes, none may match.
    pub exclude: Vec<String>,
    /// `include`, `skip` or `only`.
    pub sitemaps: String,
    /// Drop every query parameter when normalising.
    pub strip_all_params: bool,
    /// Milliseconds between two requests to one host.
    pub delay_ms: u64,
    /// Pages in flight.
    pub concurrency: usize,
    /// What to extract (`None`: record pages without extracting, for map).
    pub extract: Option<ExtractMode>,
}

impl CrawlPlan {
    /// The crawler's configuration.
    pub fn config(&self) -> CrawlConfig {
        let mut config = CrawlConfig {
            seeds: self.seeds.clone(),
            max_pages: Some(self.max_pages),
            max_depth: self.max_depth,
            order: Order::BreadthFirst,
            scope: match self.scope {
                ScopePlan::Host => Scope::Host,
                ScopePlan::Subdomains => Scope::Subdomains,
                ScopePlan::Any => Scope::Any,
            },
            include: self.include.clone(),
            exclude: self.exclude.clone(),
            concurrency: self.concurrency.max(1),
            per_host_concurrency: self.concurrency.clamp(1, 2),
            delay: Duration::from_millis(self.delay_ms),
            sitemaps: match self.sitemaps.as_str() {
                "skip" => SitemapMode::Skip,
                "only" => SitemapMode::Only,
                _ => SitemapMode::Include,
            },
            traps: TrapGuards::default(),
            extract: self.extract.clone(),
            ..CrawlConfig::default()
        };
        if self.strip_all_params {
            config.strip_params = vec!["*".into()];
        }
        config
    }
}

/// Firecrawl matches `includePaths`/`excludePaths` against the URL's path;
/// riptide's crawler matches the whole URL, so a path pattern is rewritten to
/// one over the URL: `^/blog` becomes `^[^:]+://[^/]+/blog`, and an
/// unanchored `blog` may match anywhere in the path.
pub fn url_pattern(path_pattern: &str, full_url: bool) -> Result<String, AppError> {
    let rewritten = if full_url {
        path_pattern.to_owned()
    } else if let Some(anchored) = path_pattern.strip_prefix('^') {
        format!("^[^:]+://[^/]+(?:{anchored})")
    } else {
        format!("^[^:]+://[^/]+[^?#]*?(?:{path_pattern})")
    };
    regex::Regex::new(&rewritten).map_err(|err| {
        AppError::BadRequest(format!("invalid path pattern {path_pattern:?}: {err}"))
    })?;
    Ok(rewritten)
}

/// The include pattern that keeps a crawl under its start URL's path (the
/// Firecrawl default); `None` when the start path is the root.
pub fn child_paths_only(start: &Url) -> Option<String> {
    let path = start.path();
    if path == "/" || path.is_empty() {
        return None;
    }
    let origin = start.origin().ascii_serialization();
    Some(format!(
        "^{}{}",
        regex::escape(&origin),
        regex::escape(path.trim_end_matches('/'))
    ))
}

/// Converts patterns, refusing invalid ones.
pub fn url_patterns(patterns: Option<&[String]>, full_url: bool) -> Result<Vec<String>, AppError> {
    patterns
        .unwrap_or_default()
        .iter()
        .map(|p| url_pattern(p, full_url))
        .collect()
}

/// Checks a requested page limit against the server's cap.
pub fn page_limit(requested: Option<u64>, default: u64, cap: u64) -> Result<u64, AppError> {
    match requested {
        Some(0) => Err(AppError::BadRequest("limit must be at least 1".into())),
        Some(limit) if limit > cap => Err(AppError::BadRequest(format!(
            "limit {limit} is over this server's cap of {cap} pages per job"
        ))),
        Some(limit) => Ok(limit),
        None => Ok(default.min(cap)),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn versions_accept_their_own_names() {
        let v1 = json!({"url": "example.com", "maxDepth": 2, "ignoreSitemap": true});
        let crawl = crawl_request(v1.clone(), Version::V1).unwrap();
        assert_eq!(
            (crawl.max_depth, crawl.ignore_sitemap),
            (Some(2), Some(true))
        );
        assert!(
            matches!(crawl_request(v1, Version::V2), Err(AppError::BadRequest(m)) if m.contains("ignoreSitemap"))
        );
        let depth = json!({"url": "example.com", "maxDepth": 2});
        assert!(
            matches!(crawl_request(depth, Version::V2), Err(AppError::BadRequest(m)) if m.contains("maxDepth"))
        );
        let v2 = json!({"url": "https://e.com", "sitemap": "skip", "crawlEntireDomain": true});
        assert!(crawl_request(v2, Version::V2).is_ok());
    }

    #[test]
    fn unimplemented_options_pass_only_with_harmless_values() {
        let ok = json!({"url": "e.com", "mobile": false, "proxy": "auto", "origin": "js-sdk", "waitFor": 0});
        assert!(scrape_request(ok).is_ok());
        let err = scrape_request(json!({"url": "e.com", "mobile": true})).unwrap_err();
        assert!(matches!(err, AppError::Unsupported(m) if m.contains("mobile")));
        let err = crawl_request(
            json!({"url": "e.com", "scrapeOptions": {"actions": [{"type": "click"}]}}),
            Version::V2,
        )
        .unwrap_err();
        assert!(matches!(err, AppError::Unsupported(m) if m.contains("scrapeOptions.actions")));
        let err = scrape_request(json!({"url": "e.com", "bogus": 1})).unwrap_err();
        assert!(matches!(err, AppError::BadRequest(m) if m.contains("bogus")));
        let err = crawl_request(
            json!({"url": "e.com", "ignoreRobotsTxt": true}),
            Version::V1,
        )
        .unwrap_err();
        assert!(matches!(err, AppError::Unsupported(_)));
    }

    #[test]
    fn path_patterns_match_paths() {
        let re = |p: &str| regex::Regex::new(&url_pattern(p, false).unwrap()).unwrap();
        assert!(re("^/blog").is_match("https://e.com/blog/a"));
        assert!(!re("^/blog").is_match("https://blog.e.com/x"));
        assert!(re("post").is_match("https://e.com/a/post-1"));
        assert!(!re("post").is_match("https://e.com/a?x=post"));
        assert!(url_pattern("(", false).is_err());
        let start = Url::parse("https://e.com/docs/").unwrap();
        let child = regex::Regex::new(&child_paths_only(&start).unwrap()).unwrap();
        assert!(child.is_match("https://e.com/docs/a"));
        assert!(!child.is_match("https://e.com/blog"));
        assert_eq!(
            child_paths_only(&Url::parse("https://e.com/").unwrap()),
            None
        );
    }

    #[test]
    fn urls_and_limits() {
        assert_eq!(
            target_url("example.com").unwrap().as_str(),
            "http://example.com/"
        );
        assert!(target_url("ftp://example.com").is_err());
        assert_eq!(page_limit(None, 10_000, 500).unwrap(), 500);
        assert!(page_limit(Some(501), 10_000, 500).is_err());
        assert!(page_limit(Some(0), 10_000, 500).is_err());
    }
}
