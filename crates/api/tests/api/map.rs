//! `POST /v1/map` (strings) and `/v2/map` (objects).

use axum::http::StatusCode;
use serde_json::json;

use crate::common::{api, assert_error, site};

#[tokio::test]
async fn map_lists_the_site() {
    let site = site();
    let api = api();
    let v1 = api
        .call("POST", "/v1/map", Some(json!({"url": site.url("/")})))
        .await;
    assert_eq!(v1.status, StatusCode::OK, "{}", v1.text);
    assert_eq!(v1.body["success"], true);
    let links: Vec<&str> = v1.body["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    for path in ["/", "/a", "/b", "/c", "/private"] {
        assert!(
            links.contains(&site.url(path).as_str()),
            "{path} in {links:?}"
        );
    }
    let v2 = api
        .call(
            "POST",
            "/v2/map",
            Some(json!({"url": site.url("/"), "search": "/a", "sitemap": "include"})),
        )
        .await;
    assert_eq!(
        v2.body["links"],
        json!([{"url": site.url("/a")}]),
        "{}",
        v2.text
    );
    let limited = api
        .call(
            "POST",
            "/v2/map",
            Some(json!({"url": site.url("/"), "limit": 2})),
        )
        .await;
    assert_eq!(limited.body["links"].as_array().unwrap().len(), 2);
    assert_error(
        &api.call(
            "POST",
            "/v1/map",
            Some(json!({"url": site.url("/"), "sitemap": "skip"})),
        )
        .await,
        StatusCode::BAD_REQUEST,
        "bad_request",
        "sitemap",
    );
    assert_error(
        &api.call(
            "POST",
            "/v2/map",
            Some(json!({"url": site.url("/"), "location": {"country": "DE"}})),
        )
        .await,
        StatusCode::BAD_REQUEST,
        "unsupported",
        "location",
    );
}
