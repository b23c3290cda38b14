//! Response bodies, in Firecrawl's field names where Firecrawl has the route.

use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

/// A scraped page.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScrapeResponse {
    /// Always true.
    pub success: bool,
    /// The document: the requested formats and `metadata`.
    #[schema(value_type = Object)]
    pub data: Value,
}

/// A job was started.
#[derive(Debug, Serialize, ToSchema)]
pub struct JobCreated {
    /// Always true.
    pub success: bool,
    /// The job id.
    pub id: String,
    /// Where its status is.
    pub url: String,
    /// Batch scrape: URLs dropped as invalid.
    #[serde(rename = "invalidURLs", skip_serializing_if = "Option::is_none")]
    pub invalid_urls: Option<Vec<String>>,
}

/// A job's status and one page of its documents.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct JobStatus {
    /// Always true.
    pub success: bool,
    /// `scraping`, `completed`, `failed` or `cancelled`.
    pub status: &'static str,
    /// Pages known to the job (recorded and still queued).
    pub total: u64,
    /// Pages recorded.
    pub completed: u64,
    /// Pages recorded (riptide has no credits; one page counts one).
    pub credits_used: u64,
    /// RFC 3339; riptide keeps results until the data directory is cleaned,
    /// this is 24 hours after creation as in Firecrawl.
    pub expires_at: String,
    /// The next page of documents, when there may be more.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// Documents of successfully extracted pages.
    #[schema(value_type = Vec<Object>)]
    pub data: Vec<Value>,
}

/// A job was cancelled (or had finished already).
#[derive(Debug, Serialize, ToSchema)]
pub struct JobCancelled {
    /// Always true.
    pub success: bool,
    /// The job's state: `cancelled`, or the state it had finished in.
    pub status: &'static str,
}

/// A failed page of a job.
#[derive(Debug, Serialize, ToSchema)]
pub struct JobError {
    /// The record's position in the job.
    pub id: String,
    /// When the page was fetched.
    pub timestamp: String,
    /// The page.
    pub url: String,
    /// What went wrong (the error kind and message).
    pub error: String,
}

/// A job's failed pages and the URLs robots.txt refused.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct JobErrors {
    /// Failed pages.
    pub errors: Vec<JobError>,
    /// URLs not fetched because robots.txt disallows them.
    pub robots_blocked: Vec<String>,
}

/// v1 map: URLs.
#[derive(Debug, Serialize, ToSchema)]
pub struct MapResponseV1 {
    /// Always true.
    pub success: bool,
    /// The URLs found.
    pub links: Vec<String>,
}

/// v2 map: URL objects.
#[derive(Debug, Serialize, ToSchema)]
pub struct MapResponseV2 {
    /// Always true.
    pub success: bool,
    /// The URLs found.
    pub links: Vec<MapLink>,
}

/// One URL of a v2 map.
#[derive(Debug, Serialize, ToSchema)]
pub struct MapLink {
    /// The URL.
    pub url: String,
}

/// Liveness.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok`.
    pub status: &'static str,
}

/// Readiness and what it depends on.
#[derive(Debug, Serialize, ToSchema)]
pub struct Ready {
    /// `ready` or `not_ready`.
    pub status: &'static str,
    /// The job registry answers.
    pub store: bool,
    /// The sandboxed extractor component is loaded (or native extraction was chosen).
    pub extractor: bool,
}
