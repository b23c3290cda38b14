//! Liveness, readiness, metrics, OpenAPI, and the error shape of unknown routes.

use axum::http::StatusCode;
use serde_json::json;

use crate::common::{ARTICLE, api, assert_error};

#[tokio::test]
async fn health_and_readiness() {
    let api = api();
    let health = api.call("GET", "/healthz", None).await;
    assert_eq!(
        (health.status, health.body.clone()),
        (StatusCode::OK, json!({"status": "ok"}))
    );
    let ready = api.call("GET", "/readyz", None).await;
    assert_eq!(ready.status, StatusCode::OK, "{}", ready.text);
    assert_eq!(
        ready.body,
        json!({"status": "ready", "store": true, "extractor": true})
    );
}

#[tokio::test]
async fn openapi_describes_every_route() {
    let api = api();
    let doc = api.call("GET", "/openapi.json", None).await;
    assert_eq!(doc.status, StatusCode::OK);
    let paths = doc.body["paths"].as_object().expect("paths");
    for path in [
        "/v1/scrape",
        "/v2/scrape",
        "/v1/crawl",
        "/v2/crawl",
        "/v1/crawl/{id}",
        "/v2/crawl/{id}/errors",
        "/v1/batch/scrape",
        "/v2/batch/scrape/{id}",
        "/v1/map",
        "/v2/map",
        "/extract",
        "/jobs/{id}/stream",
        "/healthz",
        "/readyz",
        "/metrics",
        "/openapi.json",
    ] {
        assert!(
            paths.contains_key(path),
            "{path} missing from the OpenAPI description"
        );
    }
    assert!(paths["/v2/crawl/{id}"].get("delete").is_some());
    assert_eq!(
        doc.body["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    assert!(
        doc.body["components"]["schemas"]
            .get("CrawlRequest")
            .is_some()
    );
}

#[tokio::test]
async fn metrics_count_requests_extractions_and_jobs() {
    let api = api();
    api.call("GET", "/healthz", None).await;
    api.call("POST", "/extract", Some(json!({"html": ARTICLE})))
        .await;
    api.call(
        "POST",
        "/extract",
        Some(json!({"html": ARTICLE, "selectors": ["p["]})),
    )
    .await;
    let metrics = api.call("GET", "/metrics", None).await;
    assert_eq!(metrics.status, StatusCode::OK);
    assert!(
        metrics.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let text = metrics.text;
    for line in [
        "riptide_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 1",
        "riptide_http_requests_total{route=\"/extract\",method=\"POST\",status=\"200\"} 1",
        "riptide_http_requests_total{route=\"/extract\",method=\"POST\",status=\"400\"} 1",
        "riptide_extractions_total{outcome=\"ok\"} 1",
        "riptide_extractions_total{outcome=\"invalid_selector\"} 1",
        "riptide_extractions_total{outcome=\"out_of_fuel\"} 0",
        "riptide_extractions_total{outcome=\"memory_limit\"} 0",
        "riptide_jobs{state=\"running\"} 0",
        "riptide_frontier_urls{state=\"pending\"} 0",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "missing {line:?} in\n{text}"
        );
    }
    assert!(text.contains("riptide_http_request_duration_seconds_count{route=\"/extract\"} 2"));
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_in_the_error_shape() {
    let api = api();
    assert_error(
        &api.call("GET", "/v3/scrape", None).await,
        StatusCode::NOT_FOUND,
        "not_found",
        "no such route",
    );
    assert_error(
        &api.call("GET", "/v1/scrape", None).await,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "method",
    );
    assert_error(
        &api.call("PUT", "/healthz", None).await,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "method",
    );
}
