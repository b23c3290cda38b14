//! `POST /v1/map` and `POST /v2/map`: a site's URLs, found by a crawl that
//! does not extract (as `riptide map` does), bounded by `limit` and `timeout`.

use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use riptide_core::CrawlStore;
use riptide_crawl::Crawler;
use riptide_store::SqliteStore;

use crate::AppError;
use crate::firecrawl::{
    CrawlPlan, MapRequest, ScopePlan, SitemapChoice, Version, map_request, page_limit, target_url,
    url_patterns,
};
use crate::jobs::new_id;
use crate::routes::body::JsonBody;
use crate::routes::responses::{MapLink, MapResponseV1, MapResponseV2};
use crate::state::AppState;

/// Firecrawl's default number of URLs.
const DEFAULT_LIMIT: u64 = 5000;

/// The URLs of the site, in discovery order, filtered by `search`.
async fn map_urls(
    state: &AppState,
    version: Version,
    body: serde_json::Value,
) -> Result<Vec<String>, AppError> {
    let request: MapRequest = map_request(body, version)?;
    let config = state.config();
    let start = target_url(&request.url)?;
    let limit = page_limit(request.limit, DEFAULT_LIMIT, config.max_pages_per_job)?;
    let timeout = request
        .timeout
        .map_or(config.map_timeout, Duration::from_millis)
        .min(config.map_timeout);
    let sitemaps = match (
        request.sitemap,
        request.sitemap_only,
        request.ignore_sitemap,
    ) {
        (Some(SitemapChoice::Only), _, _) | (None, Some(true), _) => "only",
        (Some(SitemapChoice::Skip), _, _) | (None, _, Some(true)) => "skip",
        _ => "include",
    };
    let full_url = request.regex_on_full_url.unwrap_or(false);
    let plan = CrawlPlan {
        seeds: vec![start.to_string()],
        max_pages: limit,
        max_depth: None,
        scope: if request.include_subdomains.unwrap_or(true) {
            ScopePlan::Subdomains
        } else {
            ScopePlan::Host
        },
        include: url_patterns(request.include_paths.as_deref(), full_url)?,
        exclude: url_patterns(request.exclude_paths.as_deref(), full_url)?,
        sitemaps: sitemaps.into(),
        strip_all_params: request.ignore_query_parameters.unwrap_or(true),
        delay_ms: config.crawl_delay.as_millis() as u64,
        concurrency: config.job_concurrency,
        extract: None,
    };
    let path = config
        .data_dir
        .join("jobs")
        .join(format!("map-{}.db", new_id()?));
    let store = Arc::new(SqliteStore::open(&path).map_err(AppError::internal)?);
    let found = crawl_for_urls(state, &plan, Arc::clone(&store), timeout, limit).await;
    drop(store);
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.clone().into_os_string();
        name.push(suffix);
        let _ = std::fs::remove_file(name);
    }
    let mut urls = found?;
    if let Some(search) = request
        .search
        .as_deref()
        .map(str::to_lowercase)
        .filter(|s| !s.is_empty())
    {
        urls.retain(|url| url.to_lowercase().contains(&search));
    }
    Ok(urls)
}

/// Crawls without extracting until done, `limit` pages or `timeout`, then lists the URLs found.
async fn crawl_for_urls(
    state: &AppState,
    plan: &CrawlPlan,
    store: Arc<SqliteStore>,
    timeout: Duration,
    limit: u64,
) -> Result<Vec<String>, AppError> {
    let crawler = Crawler::new(
        plan.config(),
        Arc::clone(state.fetcher()),
        Arc::clone(&store),
        Arc::clone(state.extractor()),
    )
    .map_err(|err| AppError::BadRequest(err.to_string()))?;
    let metrics = Arc::clone(state.metrics());
    let observe = move |event: &riptide_crawl::CrawlEvent| {
        if let riptide_crawl::CrawlEvent::Page { status, .. } = event {
            metrics.page_fetched((*status != 0).then_some(*status));
        }
    };
    // Out of time is not an error: the URLs found so far are the answer.
    if let Ok(outcome) = tokio::time::timeout(timeout, crawler.run(&observe)).await {
        outcome.map_err(AppError::internal)?;
    }
    let urls = store
        .urls_after(0, usize::try_from(limit).unwrap_or(usize::MAX))
        .map_err(AppError::internal)?;
    Ok(urls.into_iter().map(|(_, url)| url).collect())
}

/// Lists a site's URLs (Firecrawl v1: strings).
#[utoipa::path(post, path = "/v1/map", tag = "firecrawl v1", request_body = MapRequest,
    responses((status = 200, body = MapResponseV1), (status = "4XX", body = crate::ErrorBody)),
    security(("bearer" = [])))]
pub async fn map_v1(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> Result<Json<MapResponseV1>, AppError> {
    let links = map_urls(&state, Version::V1, body).await?;
    Ok(Json(MapResponseV1 {
        success: true,
        links,
    }))
}

/// Lists a site's URLs (Firecrawl v2: objects).
#[utoipa::path(post, path = "/v2/map", tag = "firecrawl v2", request_body = MapRequest,
    responses((status = 200, body = MapResponseV2), (status = "4XX", body = crate::ErrorBody)),
    security(("bearer" = [])))]
pub async fn map_v2(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> Result<Json<MapResponseV2>, AppError> {
    let links = map_urls(&state, Version::V2, body).await?;
    Ok(Json(MapResponseV2 {
        success: true,
        links: links.into_iter().map(|url| MapLink { url }).collect(),
    }))
}
