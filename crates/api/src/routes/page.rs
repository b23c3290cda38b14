//! One page, fetched and extracted: what scrape and `/extract` share.

use riptide_core::{BodyWanted, Document, ExtractInput, ExtractMode, FetchRequest};
use url::Url;

use crate::AppError;
use crate::state::AppState;

/// A fetched page, decoded.
pub struct Fetched {
    /// Where the body came from after redirects.
    pub final_url: String,
    /// The final status.
    pub status: u16,
    /// The `Content-Type` header.
    pub content_type: Option<String>,
    /// The body decoded to text.
    pub html: String,
}

/// Fetches `url` through the server's fetcher (robots.txt, SSRF guard,
/// caps) and decodes it; a non-HTML page is refused.
pub async fn fetch(state: &AppState, url: &Url) -> Result<Fetched, AppError> {
    let request = FetchRequest {
        url: url.to_string(),
        wanted: BodyWanted::Html,
        ..FetchRequest::default()
    };
    let outcome = state.fetcher().get(&request).await;
    state
        .metrics()
        .page_fetched(outcome.as_ref().ok().map(|page| page.status));
    let page = outcome.map_err(|err| AppError::from_fetch(&err))?;
    if page.body_skipped {
        return Err(AppError::Unprocessable(format!(
            "the page is {}, not HTML",
            page.content_type.as_deref().unwrap_or("of an unknown type")
        )));
    }
    let html = riptide_extraction::decode_html(&page.body, page.content_type.as_deref())
        .text
        .into_owned();
    Ok(Fetched {
        final_url: page.final_url,
        status: page.status,
        content_type: page.content_type,
        html,
    })
}

/// Extracts `html` on a blocking thread (extraction is CPU work).
pub async fn extract(
    state: &AppState,
    html: String,
    url: Option<String>,
    mode: ExtractMode,
) -> Result<Document, AppError> {
    let extractor = std::sync::Arc::clone(state.extractor());
    tokio::task::spawn_blocking(move || {
        extractor.extract(&ExtractInput {
            html: &html,
            url: url.as_deref(),
            mode: &mode,
        })
    })
    .await
    .map_err(AppError::internal)?
    .map_err(|err| AppError::from_extract(&err))
}
