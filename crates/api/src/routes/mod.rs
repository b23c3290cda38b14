//! The routes and the [`router`] that assembles them.

pub(crate) mod body;
pub(crate) mod extract;
pub(crate) mod jobs;
pub(crate) mod map;
pub(crate) mod ops;
pub(crate) mod page;
pub(crate) mod responses;
pub(crate) mod scrape;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware;
use axum::routing::{get, post};

use crate::state::AppState;
use crate::{AppError, auth, metrics};

/// The whole API as an axum [`Router`]: Firecrawl v1 and v2, the native
/// routes, and the operations routes. Every route but `/healthz`, `/readyz`,
/// `/metrics` and `/openapi.json` requires a key (when keys are configured)
/// and counts toward the caller's rate limit.
pub fn router(state: AppState) -> Router {
    let protected = Router::new()
        .route("/v1/scrape", post(scrape::scrape_v1))
        .route("/v2/scrape", post(scrape::scrape_v2))
        .route("/v1/crawl", post(jobs::crawl_v1))
        .route("/v2/crawl", post(jobs::crawl_v2))
        .route(
            "/v1/crawl/{id}",
            get(jobs::crawl_status_v1).delete(jobs::crawl_cancel_v1),
        )
        .route(
            "/v2/crawl/{id}",
            get(jobs::crawl_status_v2).delete(jobs::crawl_cancel_v2),
        )
        .route("/v1/crawl/{id}/errors", get(jobs::crawl_errors_v1))
        .route("/v2/crawl/{id}/errors", get(jobs::crawl_errors_v2))
        .route("/v1/batch/scrape", post(jobs::batch_v1))
        .route("/v2/batch/scrape", post(jobs::batch_v2))
        .route(
            "/v1/batch/scrape/{id}",
            get(jobs::batch_status_v1).delete(jobs::batch_cancel_v1),
        )
        .route(
            "/v2/batch/scrape/{id}",
            get(jobs::batch_status_v2).delete(jobs::batch_cancel_v2),
        )
        .route("/v1/batch/scrape/{id}/errors", get(jobs::batch_errors_v1))
        .route("/v2/batch/scrape/{id}/errors", get(jobs::batch_errors_v2))
        .route("/v1/map", post(map::map_v1))
        .route("/v2/map", post(map::map_v2))
        .route("/extract", post(extract::extract))
        .route("/jobs/{id}/stream", get(jobs::stream_records))
        .route_layer(middleware::from_fn_with_state(state.clone(), auth::guard));
    let open = Router::new()
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/metrics", get(ops::metrics))
        .route("/openapi.json", get(ops::openapi));
    let max_body = state.config().max_body_bytes;
    protected
        .merge(open)
        .fallback(|| async { AppError::RouteNotFound })
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
        .layer(DefaultBodyLimit::max(max_body))
        .layer(middleware::from_fn_with_state(
            std::sync::Arc::clone(state.metrics()),
            metrics::track,
        ))
        .with_state(state)
}
