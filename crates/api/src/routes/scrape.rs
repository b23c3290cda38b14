//! `POST /v1/scrape` and `POST /v2/scrape`: one page, now.

use axum::Json;
use axum::extract::State;

use crate::AppError;
use crate::firecrawl::{self, PageFacts, ScrapeRequest, document, scrape_request, target_url};
use crate::routes::body::JsonBody;
use crate::routes::page;
use crate::routes::responses::ScrapeResponse;
use crate::state::AppState;

async fn scrape(
    state: AppState,
    body: serde_json::Value,
) -> Result<Json<ScrapeResponse>, AppError> {
    let request: ScrapeRequest = scrape_request(body)?;
    let url = target_url(&request.url)?;
    let output = request.options.output()?;
    let timeout = request
        .options
        .timeout()?
        .unwrap_or(state.config().scrape_timeout);
    let work = async {
        let fetched = page::fetch(&state, &url).await?;
        let html = if output.exclude.is_empty() {
            fetched.html.clone()
        } else {
            let exclude = firecrawl::exclusions(&output.exclude)?;
            let page = fetched.html.clone();
            tokio::task::spawn_blocking(move || firecrawl::without(&page, &exclude))
                .await
                .map_err(AppError::internal)?
        };
        let doc = page::extract(
            &state,
            html,
            Some(fetched.final_url.clone()),
            output.mode.clone(),
        )
        .await?;
        let facts = PageFacts {
            source_url: &request.url,
            final_url: &fetched.final_url,
            status: fetched.status,
            content_type: fetched.content_type.as_deref(),
            raw_html: Some(&fetched.html),
        };
        Ok::<_, AppError>(document(&doc, facts, &output.formats))
    };
    let data = tokio::time::timeout(timeout, work)
        .await
        .map_err(|_| AppError::Timeout(timeout.as_millis() as u64))??;
    Ok(Json(ScrapeResponse {
        success: true,
        data,
    }))
}

/// Scrapes one page (Firecrawl v1).
#[utoipa::path(post, path = "/v1/scrape", tag = "firecrawl v1", request_body = ScrapeRequest,
    responses((status = 200, body = ScrapeResponse), (status = "4XX", body = crate::ErrorBody)),
    security(("bearer" = [])))]
pub async fn scrape_v1(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> Result<Json<ScrapeResponse>, AppError> {
    scrape(state, body).await
}

/// Scrapes one page (Firecrawl v2).
#[utoipa::path(post, path = "/v2/scrape", tag = "firecrawl v2", request_body = ScrapeRequest,
    responses((status = 200, body = ScrapeResponse), (status = "4XX", body = crate::ErrorBody)),
    security(("bearer" = [])))]
pub async fn scrape_v2(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> Result<Json<ScrapeResponse>, AppError> {
    scrape(state, body).await
}
