//! Keys, rate limits and per-key job caps.

use axum::http::StatusCode;
use serde_json::json;

use crate::common::{ARTICLE, api_with, assert_error, slow_site};

#[tokio::test]
async fn keys_are_required_when_configured() {
    let api = api_with(|c| c.api_keys = vec!["k-one".into(), "k-two".into()]);
    let body = json!({"html": ARTICLE});
    assert_error(
        &api.call("POST", "/extract", Some(body.clone())).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        "API key",
    );
    assert_error(
        &api.call_as("POST", "/extract", Some(body.clone()), Some("nope"))
            .await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        "API key",
    );
    let ok = api
        .call_as("POST", "/extract", Some(body), Some("k-two"))
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
    // Operations routes stay open for probes and scrapers.
    assert_eq!(
        api.call("GET", "/healthz", None).await.status,
        StatusCode::OK
    );
    assert_eq!(
        api.call("GET", "/metrics", None).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_rate_limit_answers_429_with_retry_after() {
    let api = api_with(|c| {
        c.api_keys = vec!["a".into(), "b".into()];
        c.rate_limit_per_minute = 2;
    });
    let body = json!({"html": ARTICLE});
    for _ in 0..2 {
        assert_eq!(
            api.call_as("POST", "/extract", Some(body.clone()), Some("a"))
                .await
                .status,
            StatusCode::OK
        );
    }
    let limited = api
        .call_as("POST", "/extract", Some(body.clone()), Some("a"))
        .await;
    assert_error(
        &limited,
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
        "rate limit",
    );
    let retry: u64 = limited.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=30).contains(&retry), "Retry-After {retry}");
    assert_eq!(
        api.call_as("POST", "/extract", Some(body), Some("b"))
            .await
            .status,
        StatusCode::OK,
        "limits are per key"
    );
}

#[tokio::test]
async fn jobs_belong_to_their_key_and_are_capped_per_key() {
    let site = slow_site();
    let api = api_with(|c| {
        c.api_keys = vec!["a".into(), "b".into()];
        c.max_jobs_per_key = 1;
    });
    let crawl = json!({"url": site.url("/0"), "limit": 20, "crawlEntireDomain": true});
    let started = api
        .call_as("POST", "/v2/crawl", Some(crawl.clone()), Some("a"))
        .await;
    assert_eq!(started.status, StatusCode::OK, "{}", started.text);
    let id = started.body["id"].as_str().unwrap().to_owned();
    let second = api
        .call_as("POST", "/v2/crawl", Some(crawl.clone()), Some("a"))
        .await;
    assert_error(
        &second,
        StatusCode::TOO_MANY_REQUESTS,
        "too_many_jobs",
        "limit 1",
    );
    let other = api
        .call_as("GET", &format!("/v2/crawl/{id}"), None, Some("b"))
        .await;
    assert_error(
        &other,
        StatusCode::NOT_FOUND,
        "job_not_found",
        "job not found",
    );
    let cancelled = api
        .call_as("DELETE", &format!("/v2/crawl/{id}"), None, Some("a"))
        .await;
    assert_eq!(cancelled.body["status"], "cancelled", "{}", cancelled.text);
    let third = api
        .call_as("POST", "/v2/crawl", Some(crawl), Some("a"))
        .await;
    assert_eq!(
        third.status,
        StatusCode::OK,
        "a cancelled job frees its slot: {}",
        third.text
    );
    api.state.jobs().shutdown();
}
