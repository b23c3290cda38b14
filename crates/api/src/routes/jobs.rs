//! Crawl and batch-scrape jobs: create, status (paged with `next`), cancel,
//! errors, and the native NDJSON stream of a job's records.

use std::time::{Duration, UNIX_EPOCH};

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use futures_util::stream;
use riptide_core::{JobKind, JobRecord, JobState};
use riptide_crawl::{CrawlRecord, PageOutcome, rfc3339};
use serde::Deserialize;

use crate::AppError;
use crate::auth::Caller;
use crate::firecrawl::{
    BatchScrapeRequest, CrawlPlan, CrawlRequest, Format, Output, PageFacts, ScopePlan,
    SitemapChoice, Version, batch_request, child_paths_only, crawl_request, document, page_limit,
    target_url, url_patterns,
};
use crate::jobs::{JobManager, JobSpec};
use crate::routes::body::JsonBody;
use crate::routes::responses::{JobCancelled, JobCreated, JobError, JobErrors, JobStatus};
use crate::state::AppState;

/// Records per status page.
const STATUS_PAGE: usize = 100;

/// How long a job's results are announced to last (Firecrawl's 24 hours).
const EXPIRES_AFTER: Duration = Duration::from_secs(24 * 3600);

/// How often the stream looks for new records.
const STREAM_POLL: Duration = Duration::from_millis(250);

/// `?skip=` of the status route: the position of the last record already seen.
#[derive(Debug, Deserialize)]
pub struct Page {
    skip: Option<i64>,
}

fn path_of(kind: JobKind) -> &'static str {
    match kind {
        JobKind::Crawl => "crawl",
        JobKind::BatchScrape => "batch/scrape",
    }
}

fn job_url(state: &AppState, version: Version, kind: JobKind, id: &str) -> String {
    format!(
        "{}{}/{}/{id}",
        state.config().public_url.trim_end_matches('/'),
        version.prefix(),
        path_of(kind)
    )
}

fn status_name(state: JobState) -> &'static str {
    match state {
        JobState::Running => "scraping",
        JobState::Completed => "completed",
        JobState::Failed => "failed",
        JobState::Cancelled => "cancelled",
    }
}

async fn create_crawl(
    state: AppState,
    caller: Caller,
    version: Version,
    body: serde_json::Value,
) -> Result<Json<JobCreated>, AppError> {
    let request: CrawlRequest = crawl_request(body, version)?;
    let config = state.config();
    let start = target_url(&request.url)?;
    let scrape = request.scrape_options.clone().unwrap_or_default();
    let output = scrape.output()?;
    job_output_supported(&output, scrape.timeout)?;
    let full_url = request.regex_on_full_url.unwrap_or(false);
    let mut include = url_patterns(request.include_paths.as_deref(), full_url)?;
    let exclude = url_patterns(request.exclude_paths.as_deref(), full_url)?;
    let entire = request
        .crawl_entire_domain
        .or(request.allow_backward_links)
        .unwrap_or(false);
    if include.is_empty() && !entire {
        include.extend(child_paths_only(&start));
    }
    let sitemaps = match (request.sitemap, request.ignore_sitemap) {
        (Some(SitemapChoice::Skip), _) | (None, Some(true)) => "skip",
        (Some(SitemapChoice::Only), _) => "only",
        _ => "include",
    };
    let scope = if request.allow_external_links == Some(true) {
        ScopePlan::Any
    } else if request.allow_subdomains == Some(true) {
        ScopePlan::Subdomains
    } else {
        ScopePlan::Host
    };
    let plan = CrawlPlan {
        seeds: vec![start.to_string()],
        max_pages: page_limit(
            request.limit,
            config.max_pages_per_job,
            config.max_pages_per_job,
        )?,
        max_depth: request.max_discovery_depth.or(request.max_depth),
        scope,
        include,
        exclude,
        sitemaps: sitemaps.into(),
        strip_all_params: request.ignore_query_parameters.unwrap_or(false),
        delay_ms: delay_ms(request.delay, config.crawl_delay)?,
        concurrency: concurrency(request.max_concurrency, config.job_concurrency),
        extract: Some(output.mode.clone()),
    };
    let spec = JobSpec {
        version,
        plan,
        output,
        invalid_urls: Vec::new(),
    };
    let record = state.jobs().start(JobKind::Crawl, &caller.owner, spec)?;
    Ok(Json(JobCreated {
        success: true,
        url: job_url(&state, version, JobKind::Crawl, &record.id),
        id: record.id,
        invalid_urls: None,
    }))
}

/// Jobs keep the extracted record of each page, not the page itself, and
/// extract in the crawler with one mode for every page.
fn job_output_supported(output: &Output, timeout: Option<u64>) -> Result<(), AppError> {
    if !output.exclude.is_empty() {
        return Err(AppError::Unsupported(
            "`excludeTags` is available from scrape only; jobs extract with onlyMainContent or includeTags".into(),
        ));
    }
    if output.formats.contains(&Format::RawHtml) {
        return Err(AppError::Unsupported(
            "format `rawHtml` is available from scrape only: jobs keep each page's extracted content, not the page".into(),
        ));
    }
    if timeout.is_some() {
        return Err(AppError::Unsupported(
            "a per-page `timeout` is not supported in jobs; the server's fetch deadlines apply"
                .into(),
        ));
    }
    Ok(())
}

/// Firecrawl's `delay` is in seconds, at most 60.
fn delay_ms(delay: Option<f64>, default: Duration) -> Result<u64, AppError> {
    match delay {
        None => Ok(default.as_millis() as u64),
        Some(secs) if (0.0..=60.0).contains(&secs) => Ok((secs * 1000.0) as u64),
        Some(_) => Err(AppError::BadRequest(
            "delay is in seconds and must be between 0 and 60".into(),
        )),
    }
}

fn concurrency(requested: Option<usize>, cap: usize) -> usize {
    requested.unwrap_or(cap).clamp(1, cap.max(1))
}

async fn create_batch(
    state: AppState,
    caller: Caller,
    version: Version,
    body: serde_json::Value,
) -> Result<Json<JobCreated>, AppError> {
    let request: BatchScrapeRequest = batch_request(body)?;
    let config = state.config();
    let output = request.options.output()?;
    job_output_supported(&output, request.options.timeout)?;
    let mut seeds = Vec::new();
    let mut invalid = Vec::new();
    for raw in &request.urls {
        match target_url(raw) {
            Ok(url) => seeds.push(url.to_string()),
            Err(err) if request.ignore_invalid_urls == Some(false) => return Err(err),
            Err(_) => invalid.push(raw.clone()),
        }
    }
    if seeds.is_empty() {
        return Err(AppError::BadRequest("no valid URL in `urls`".into()));
    }
    let plan = CrawlPlan {
        max_pages: page_limit(
            Some(seeds.len() as u64),
            config.max_pages_per_job,
            config.max_pages_per_job,
        )?,
        seeds,
        max_depth: Some(0),
        scope: ScopePlan::Any,
        include: Vec::new(),
        exclude: Vec::new(),
        sitemaps: "skip".into(),
        strip_all_params: false,
        delay_ms: config.crawl_delay.as_millis() as u64,
        concurrency: concurrency(request.max_concurrency, config.job_concurrency),
        extract: Some(output.mode.clone()),
    };
    let spec = JobSpec {
        version,
        plan,
        output,
        invalid_urls: invalid.clone(),
    };
    let record = state
        .jobs()
        .start(JobKind::BatchScrape, &caller.owner, spec)?;
    Ok(Json(JobCreated {
        success: true,
        url: job_url(&state, version, JobKind::BatchScrape, &record.id),
        id: record.id,
        invalid_urls: Some(invalid),
    }))
}

/// The job `id` of `kind` owned by the caller.
fn owned_job(
    state: &AppState,
    caller: &Caller,
    kind: JobKind,
    id: &str,
) -> Result<(JobRecord, JobSpec), AppError> {
    let (record, spec) = state.jobs().get(id, &caller.owner)?;
    if record.kind != kind {
        return Err(AppError::JobNotFound);
    }
    Ok((record, spec))
}

fn parse_record(raw: &str) -> Result<CrawlRecord, AppError> {
    serde_json::from_str(raw).map_err(AppError::internal)
}

async fn status(
    state: AppState,
    caller: Caller,
    version: Version,
    kind: JobKind,
    id: String,
    page: Page,
) -> Result<Json<JobStatus>, AppError> {
    let (record, spec) = owned_job(&state, &caller, kind, &id)?;
    let store = state.jobs().store(&id)?;
    let counts = store.counts().map_err(AppError::internal)?;
    let records = store
        .records_after(page.skip.unwrap_or(0), STATUS_PAGE)
        .map_err(AppError::internal)?;
    let mut data = Vec::with_capacity(records.len());
    for stored in &records {
        let crawled = parse_record(&stored.record)?;
        if let PageOutcome::Extracted(doc) = &crawled.outcome {
            let facts = PageFacts {
                source_url: &crawled.url,
                final_url: crawled.final_url.as_deref().unwrap_or(&crawled.url),
                status: crawled.status,
                content_type: crawled.content_type.as_deref(),
                raw_html: None,
            };
            data.push(document(doc, facts, &spec.output.formats));
        }
    }
    let next = (records.len() == STATUS_PAGE).then(|| {
        let last = records.last().map_or(0, |r| r.seq);
        format!("{}?skip={last}", job_url(&state, version, kind, &id))
    });
    let running = record.state == JobState::Running;
    let total = if running {
        counts.done + counts.pending + counts.in_flight
    } else {
        counts.done
    };
    let created = UNIX_EPOCH + Duration::from_millis(u64::try_from(record.created_ms).unwrap_or(0));
    Ok(Json(JobStatus {
        success: true,
        status: status_name(record.state),
        total,
        completed: counts.done,
        credits_used: counts.done,
        expires_at: rfc3339(created + EXPIRES_AFTER),
        next,
        data,
    }))
}

async fn cancel(
    state: AppState,
    caller: Caller,
    kind: JobKind,
    id: String,
) -> Result<Json<JobCancelled>, AppError> {
    owned_job(&state, &caller, kind, &id)?;
    let after = state.jobs().cancel(&id, &caller.owner)?;
    Ok(Json(JobCancelled {
        success: true,
        status: status_name(after),
    }))
}

async fn errors(
    state: AppState,
    caller: Caller,
    kind: JobKind,
    id: String,
) -> Result<Json<JobErrors>, AppError> {
    owned_job(&state, &caller, kind, &id)?;
    let store = state.jobs().store(&id)?;
    let mut errors = Vec::new();
    let mut after = 0;
    loop {
        let records = store
            .records_after(after, 1000)
            .map_err(AppError::internal)?;
        let Some(last) = records.last() else { break };
        after = last.seq;
        for stored in &records {
            let crawled = parse_record(&stored.record)?;
            if let PageOutcome::Failed { kind, message } = &crawled.outcome {
                errors.push(JobError {
                    id: stored.seq.to_string(),
                    timestamp: crawled.fetched_at.clone(),
                    url: crawled.url.clone(),
                    error: format!("{kind}: {message}"),
                });
            }
        }
    }
    Ok(Json(JobErrors {
        errors,
        robots_blocked: JobManager::robots_blocked(&store),
    }))
}

/// Streams a job's records as NDJSON (one extracted-content or error record
/// per line, as `riptide crawl` writes them) until the job is over.
#[utoipa::path(get, path = "/jobs/{id}/stream", tag = "native",
    params(("id" = String, Path, description = "A crawl or batch-scrape job id")),
    responses((status = 200, description = "NDJSON records", content_type = "application/x-ndjson", body = String),
              (status = 404, body = crate::ErrorBody)),
    security(("bearer" = [])))]
pub async fn stream_records(
    State(state): State<AppState>,
    axum::Extension(caller): axum::Extension<Caller>,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    state.jobs().get(&id, &caller.owner)?;
    let store = state.jobs().store(&id)?;
    let lines = stream::unfold((0i64, false), move |(after, done)| {
        let state = state.clone();
        let store = std::sync::Arc::clone(&store);
        let id = id.clone();
        let owner = caller.owner.clone();
        async move {
            if done {
                return None;
            }
            loop {
                let records = match store.records_after(after, 100) {
                    Ok(records) => records,
                    Err(err) => {
                        log::error!("streaming job {id}: {err}");
                        return None;
                    }
                };
                if let Some(last) = records.last() {
                    let mut chunk = String::new();
                    for record in &records {
                        chunk.push_str(&record.record);
                        chunk.push('\n');
                    }
                    return Some((Ok::<_, std::io::Error>(chunk), (last.seq, false)));
                }
                let running = state
                    .jobs()
                    .get(&id, &owner)
                    .is_ok_and(|(record, _)| record.state == JobState::Running);
                if !running || state.jobs().closing() {
                    return None;
                }
                tokio::time::sleep(STREAM_POLL).await;
            }
        }
    });
    Ok((
        [(header::CONTENT_TYPE, "application/x-ndjson")],
        Body::from_stream(lines),
    )
        .into_response())
}

/// One Firecrawl route per version and action, each documented in the
/// OpenAPI description; they only pin the version and job kind.
macro_rules! job_routes {
    ($version:expr, $tag:literal, $prefix:literal,
     $crawl:ident, $crawl_status:ident, $crawl_cancel:ident, $crawl_errors:ident,
     $batch:ident, $batch_status:ident, $batch_cancel:ident, $batch_errors:ident) => {
        /// Starts a crawl job.
        #[utoipa::path(post, path = concat!($prefix, "/crawl"), tag = $tag, request_body = CrawlRequest,
            responses((status = 200, body = JobCreated), (status = "4XX", body = crate::ErrorBody)),
            security(("bearer" = [])))]
        pub async fn $crawl(State(state): State<AppState>, axum::Extension(caller): axum::Extension<Caller>, JsonBody(body): JsonBody) -> Result<Json<JobCreated>, AppError> {
            create_crawl(state, caller, $version, body).await
        }

        /// A crawl job's status and documents (`?skip=` pages through them; follow `next`).
        #[utoipa::path(get, path = concat!($prefix, "/crawl/{id}"), tag = $tag,
            params(("id" = String, Path, description = "Job id"), ("skip" = Option<i64>, Query, description = "Position of the last record seen")),
            responses((status = 200, body = JobStatus), (status = 404, body = crate::ErrorBody)),
            security(("bearer" = [])))]
        pub async fn $crawl_status(State(state): State<AppState>, axum::Extension(caller): axum::Extension<Caller>, Path(id): Path<String>, Query(page): Query<Page>) -> Result<Json<JobStatus>, AppError> {
            status(state, caller, $version, JobKind::Crawl, id, page).await
        }

        /// Cancels a crawl job.
        #[utoipa::path(delete, path = concat!($prefix, "/crawl/{id}"), tag = $tag,
            params(("id" = String, Path, description = "Job id")),
            responses((status = 200, body = JobCancelled), (status = 404, body = crate::ErrorBody)),
            security(("bearer" = [])))]
        pub async fn $crawl_cancel(State(state): State<AppState>, axum::Extension(caller): axum::Extension<Caller>, Path(id): Path<String>) -> Result<Json<JobCancelled>, AppError> {
            cancel(state, caller, JobKind::Crawl, id).await
        }

        /// A crawl job's failed pages and robots.txt refusals.
        #[utoipa::path(get, path = concat!($prefix, "/crawl/{id}/errors"), tag = $tag,
            params(("id" = String, Path, description = "Job id")),
            responses((status = 200, body = JobErrors), (status = 404, body = crate::ErrorBody)),
            security(("bearer" = [])))]
        pub async fn $crawl_errors(State(state): State<AppState>, axum::Extension(caller): axum::Extension<Caller>, Path(id): Path<String>) -> Result<Json<JobErrors>, AppError> {
            errors(state, caller, JobKind::Crawl, id).await
        }

        /// Starts a batch-scrape job.
        #[utoipa::path(post, path = concat!($prefix, "/batch/scrape"), tag = $tag, request_body = BatchScrapeRequest,
            responses((status = 200, body = JobCreated), (status = "4XX", body = crate::ErrorBody)),
            security(("bearer" = [])))]
        pub async fn $batch(State(state): State<AppState>, axum::Extension(caller): axum::Extension<Caller>, JsonBody(body): JsonBody) -> Result<Json<JobCreated>, AppError> {
            create_batch(state, caller, $version, body).await
        }

        /// A batch-scrape job's status and documents.
        #[utoipa::path(get, path = concat!($prefix, "/batch/scrape/{id}"), tag = $tag,
            params(("id" = String, Path, description = "Job id"), ("skip" = Option<i64>, Query, description = "Position of the last record seen")),
            responses((status = 200, body = JobStatus), (status = 404, body = crate::ErrorBody)),
            security(("bearer" = [])))]
        pub async fn $batch_status(State(state): State<AppState>, axum::Extension(caller): axum::Extension<Caller>, Path(id): Path<String>, Query(page): Query<Page>) -> Result<Json<JobStatus>, AppError> {
            status(state, caller, $version, JobKind::BatchScrape, id, page).await
        }

        /// Cancels a batch-scrape job.
        #[utoipa::path(delete, path = concat!($prefix, "/batch/scrape/{id}"), tag = $tag,
            params(("id" = String, Path, description = "Job id")),
            responses((status = 200, body = JobCancelled), (status = 404, body = crate::ErrorBody)),
            security(("bearer" = [])))]
        pub async fn $batch_cancel(State(state): State<AppState>, axum::Extension(caller): axum::Extension<Caller>, Path(id): Path<String>) -> Result<Json<JobCancelled>, AppError> {
            cancel(state, caller, JobKind::BatchScrape, id).await
        }

        /// A batch-scrape job's failed pages.
        #[utoipa::path(get, path = concat!($prefix, "/batch/scrape/{id}/errors"), tag = $tag,
            params(("id" = String, Path, description = "Job id")),
            responses((status = 200, body = JobErrors), (status = 404, body = crate::ErrorBody)),
            security(("bearer" = [])))]
        pub async fn $batch_errors(State(state): State<AppState>, axum::Extension(caller): axum::Extension<Caller>, Path(id): Path<String>) -> Result<Json<JobErrors>, AppError> {
            errors(state, caller, JobKind::BatchScrape, id).await
        }
    };
}

job_routes!(
    Version::V1,
    "firecrawl v1",
    "/v1",
    crawl_v1,
    crawl_status_v1,
    crawl_cancel_v1,
    crawl_errors_v1,
    batch_v1,
    batch_status_v1,
    batch_cancel_v1,
    batch_errors_v1
);
job_routes!(
    Version::V2,
    "firecrawl v2",
    "/v2",
    crawl_v2,
    crawl_status_v2,
    crawl_cancel_v2,
    crawl_errors_v2,
    batch_v2,
    batch_status_v2,
    batch_cancel_v2,
    batch_errors_v2
);
