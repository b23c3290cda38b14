//! `POST /extract`: riptide's own route. Raw HTML (or a URL to fetch) and a
//! mode in, the `extracted-content` record out, through the sandbox.

use axum::Json;
use axum::extract::State;
use riptide_core::ExtractMode;
use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::AppError;
use crate::firecrawl::target_url;
use crate::routes::body::JsonBody;
use crate::routes::page;
use crate::state::AppState;

/// What to extract.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtractRequest {
    /// The page's HTML. Without it, `url` is fetched.
    pub html: Option<String>,
    /// The page's URL: the base for relative links, or the page to fetch.
    pub url: Option<String>,
    /// `article` (default), `full`, `metadata` or `custom`.
    pub mode: Option<String>,
    /// CSS selectors for `custom` mode (given alone they imply it).
    pub selectors: Option<Vec<String>>,
}

impl ExtractRequest {
    fn mode(&self) -> Result<ExtractMode, AppError> {
        let selectors = self.selectors.clone().unwrap_or_default();
        let mode = match self.mode.as_deref() {
            None if !selectors.is_empty() => ExtractMode::Custom(selectors),
            None => ExtractMode::Article,
            Some(name) => match name.parse::<ExtractMode>() {
                Ok(ExtractMode::Custom(_)) => ExtractMode::Custom(selectors),
                Ok(mode) if selectors.is_empty() => mode,
                Ok(_) => {
                    return Err(AppError::BadRequest(
                        "selectors are only used with mode `custom`".into(),
                    ));
                }
                Err(err) => return Err(AppError::BadRequest(err.to_string())),
            },
        };
        Ok(mode)
    }
}

/// Extracts one page into the extracted-content record (`wit/extractor.wit`).
#[utoipa::path(post, path = "/extract", tag = "native", request_body = ExtractRequest,
    responses((status = 200, description = "The extracted-content record", body = Object),
              (status = "4XX", body = crate::ErrorBody), (status = 503, body = crate::ErrorBody)),
    security(("bearer" = [])))]
pub async fn extract(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> Result<Json<Value>, AppError> {
    let request: ExtractRequest = serde_json::from_value(body)
        .map_err(|err| AppError::BadRequest(format!("invalid body: {err}")))?;
    let mode = request.mode()?;
    let (html, url) = match (request.html, request.url) {
        (Some(html), url) => (html, url),
        (None, Some(url)) => {
            let target = target_url(&url)?;
            let fetched = page::fetch(&state, &target).await?;
            (fetched.html, Some(fetched.final_url))
        }
        (None, None) => {
            return Err(AppError::BadRequest("give `html` or `url`".into()));
        }
    };
    let document = page::extract(&state, html, url, mode).await?;
    Ok(Json(
        serde_json::to_value(document).map_err(AppError::internal)?,
    ))
}
