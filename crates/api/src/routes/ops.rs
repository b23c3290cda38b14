//! Operations: liveness, readiness, metrics and the OpenAPI description.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;

use crate::routes::responses::{Health, Ready};
use crate::state::AppState;

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "operations", responses((status = 200, body = Health)))]
pub async fn healthz() -> Json<Health> {
    Json(Health { status: "ok" })
}

/// The job registry answers and the extractor component is loaded.
#[utoipa::path(get, path = "/readyz", tag = "operations",
    responses((status = 200, body = Ready), (status = 503, body = Ready)))]
pub async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    let jobs = std::sync::Arc::clone(state.jobs());
    let store = tokio::task::spawn_blocking(move || jobs.reachable())
        .await
        .unwrap_or(false);
    let extractor = state.extractor_ready();
    let ready = store && extractor;
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = Ready {
        status: if ready { "ready" } else { "not_ready" },
        store,
        extractor,
    };
    (status, Json(body))
}

/// Prometheus metrics (text exposition format).
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, description = "Prometheus text format", content_type = "text/plain", body = String)))]
pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    let jobs = std::sync::Arc::clone(state.jobs());
    let (counts, frontier) =
        tokio::task::spawn_blocking(move || (jobs.counts().unwrap_or_default(), jobs.frontier()))
            .await
            .unwrap_or_default();
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics().render(counts, frontier),
    )
}

/// This description.
#[utoipa::path(get, path = "/openapi.json", tag = "operations",
    responses((status = 200, description = "OpenAPI 3.1 description", body = Object)))]
pub async fn openapi() -> impl IntoResponse {
    Json(crate::openapi::description())
}
