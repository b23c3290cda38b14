//! `POST /extract`: the extracted-content record, through the real sandbox.

use axum::http::StatusCode;
use riptide_api::ExtractorChoice;
use riptide_sandbox::SandboxConfig;
use serde_json::json;

use crate::common::{ARTICLE, api, api_in, assert_error, loopback_allowed, site};

fn sandboxed(fuel: Option<u64>) -> crate::common::TestApi {
    let dir = tempfile::tempdir().unwrap();
    let sandbox = SandboxConfig {
        cache_dir: Some(dir.path().join("cache")),
        fuel: fuel.or(SandboxConfig::default().fuel),
        ..SandboxConfig::default()
    };
    api_in(
        dir,
        |_| {},
        loopback_allowed(),
        ExtractorChoice::Sandbox(sandbox),
    )
}

#[tokio::test]
async fn html_in_record_out_through_the_sandbox() {
    let api = sandboxed(None);
    let answer = api
        .call(
            "POST",
            "/extract",
            Some(json!({"html": ARTICLE, "url": "https://tides.example/north-sea"})),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let doc = &answer.body;
    assert_eq!(doc["title"], "Tides of the North Sea");
    assert!(doc["markdown"].as_str().unwrap().contains("strong tides"));
    assert!(doc["word_count"].as_u64().unwrap() > 20);
    assert_eq!(doc["links"][0]["url"], "https://tides.example/a");
    let metadata = api
        .call(
            "POST",
            "/extract",
            Some(json!({"html": ARTICLE, "mode": "metadata"})),
        )
        .await;
    assert_eq!(metadata.body["markdown"], "", "{}", metadata.text);
    assert_eq!(metadata.body["title"], "Tides of the North Sea");
    let custom = api
        .call(
            "POST",
            "/extract",
            Some(json!({"html": ARTICLE, "selectors": ["nav"]})),
        )
        .await;
    assert_eq!(
        custom.body["text"].as_str().unwrap().trim(),
        "Home",
        "{}",
        custom.text
    );
}

#[tokio::test]
async fn sandbox_limit_breaches_are_typed_errors_and_counted() {
    let api = sandboxed(Some(10_000));
    let answer = api
        .call("POST", "/extract", Some(json!({"html": ARTICLE})))
        .await;
    assert_error(
        &answer,
        StatusCode::UNPROCESSABLE_ENTITY,
        "unprocessable",
        "out_of_fuel",
    );
    let metrics = api.call("GET", "/metrics", None).await.text;
    assert!(
        metrics.contains("riptide_extractions_total{outcome=\"out_of_fuel\"} 1"),
        "{metrics}"
    );
    let ready = api.call("GET", "/readyz", None).await;
    assert_eq!(ready.body["extractor"], true, "the component is loaded");
}

#[tokio::test]
async fn urls_are_fetched_and_bad_requests_refused() {
    let site = site();
    let api = api();
    let fetched = api
        .call("POST", "/extract", Some(json!({"url": site.url("/a")})))
        .await;
    assert_eq!(fetched.body["title"], "Chapter A", "{}", fetched.text);
    assert_eq!(fetched.body["url"], site.url("/a"));
    for (body, mention) in [
        (json!({}), "html"),
        (
            json!({"html": ARTICLE, "mode": "summary"}),
            "unknown extraction mode",
        ),
        (json!({"html": ARTICLE, "mode": "custom"}), "selector"),
        (
            json!({"html": ARTICLE, "mode": "full", "selectors": ["p"]}),
            "custom",
        ),
        (
            json!({"html": ARTICLE, "selectors": ["p["]}),
            "invalid CSS selector",
        ),
        (json!({"html": ARTICLE, "extra": 1}), "extra"),
    ] {
        let answer = api.call("POST", "/extract", Some(body)).await;
        assert_error(&answer, StatusCode::BAD_REQUEST, "bad_request", mention);
    }
}
