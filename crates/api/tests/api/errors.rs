//! Malformed requests: every one answers in the error shape, and the server keeps serving.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::json;

use crate::common::{ARTICLE, api, api_with, assert_error, send};

#[tokio::test]
async fn bad_json_and_wrong_content_types() {
    let api = api();
    let broken = Request::post("/v1/scrape")
        .header("content-type", "application/json")
        .body(Body::from("{\"url\": "))
        .unwrap();
    let answer = send(api.router(), broken).await;
    assert_error(&answer, StatusCode::BAD_REQUEST, "bad_request", "JSON");
    let plain = Request::post("/extract")
        .header("content-type", "text/plain")
        .body(Body::from("{}"))
        .unwrap();
    assert_error(
        &send(api.router(), plain).await,
        StatusCode::BAD_REQUEST,
        "bad_request",
        "Content-Type",
    );
    let typed = api.call("POST", "/v1/crawl", Some(json!({"url": 5}))).await;
    assert_error(
        &typed,
        StatusCode::BAD_REQUEST,
        "bad_request",
        "invalid body",
    );
    assert_eq!(
        api.call("POST", "/extract", Some(json!({"html": ARTICLE})))
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let api = api_with(|c| c.max_body_bytes = 1024);
    let answer = api
        .call("POST", "/extract", Some(json!({"html": "x".repeat(4096)})))
        .await;
    assert_error(
        &answer,
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        "1024 bytes",
    );
}

#[tokio::test]
async fn unreachable_pages_do_not_leak_socket_detail() {
    let api = api();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let answer = api
        .call(
            "POST",
            "/v1/scrape",
            Some(json!({"url": format!("http://127.0.0.1:{port}/")})),
        )
        .await;
    assert_error(
        &answer,
        StatusCode::BAD_GATEWAY,
        "upstream",
        "fetching the URL failed",
    );
    assert!(
        !answer.text.contains("refused") && !answer.text.contains("tcp"),
        "{}",
        answer.text
    );
}
