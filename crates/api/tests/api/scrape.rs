//! `POST /v1/scrape` and `/v2/scrape` against a real site.

use axum::http::StatusCode;
use serde_json::json;

use crate::common::{api, assert_error, site};

#[tokio::test]
async fn v1_scrape_returns_firecrawl_documents() {
    let site = site();
    let api = api();
    let url = site.url("/");
    let answer = api
        .call(
            "POST",
            "/v1/scrape",
            Some(json!({"url": url, "formats": ["markdown", "html", "rawHtml", "links"]})),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(answer.body["success"], true);
    let data = &answer.body["data"];
    assert!(
        data["markdown"].as_str().unwrap().contains("strong tides"),
        "{data}"
    );
    assert!(
        data["html"]
            .as_str()
            .unwrap()
            .contains("<p>The North Sea has strong tides"),
        "{data}"
    );
    assert!(
        data["rawHtml"].as_str().unwrap().contains("<nav>"),
        "rawHtml is the whole page"
    );
    assert!(
        !data["html"].as_str().unwrap().contains("<nav>"),
        "html is the main content"
    );
    assert!(
        data["links"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l == &json!(site.url("/a")))
    );
    let meta = &data["metadata"];
    assert_eq!(meta["title"], "Tides of the North Sea");
    assert_eq!(meta["sourceURL"], url);
    assert_eq!(meta["url"], url);
    assert_eq!(meta["statusCode"], 200);
}

#[tokio::test]
async fn exclude_tags_remove_elements_before_extraction() {
    let site = site();
    let api = api();
    let body = json!({"url": site.url("/"), "onlyMainContent": false, "excludeTags": ["nav", "p:nth-of-type(2)"]});
    let answer = api.call("POST", "/v2/scrape", Some(body)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let markdown = answer.body["data"]["markdown"].as_str().unwrap();
    assert!(markdown.contains("strong tides"), "{markdown}");
    assert!(!markdown.contains("Home"), "nav is excluded: {markdown}");
    assert!(
        !markdown.contains("Fishermen"),
        "the second paragraph is excluded: {markdown}"
    );
}

#[tokio::test]
async fn v2_scrape_accepts_format_objects_and_defaults_to_markdown() {
    let site = site();
    let api = api();
    let answer = api
        .call("POST", "/v2/scrape", Some(json!({"url": site.url("/a")})))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let data = answer.body["data"].as_object().unwrap();
    let keys: Vec<&str> = data.keys().map(String::as_str).collect();
    assert_eq!(keys, ["markdown", "metadata"]);
    let objects = api
        .call("POST", "/v2/scrape", Some(json!({"url": site.url("/a"), "formats": [{"type": "links"}], "onlyMainContent": false})))
        .await;
    assert_eq!(
        objects.body["data"]["links"],
        json!([site.url("/c")]),
        "{}",
        objects.text
    );
    let tags = api
        .call(
            "POST",
            "/v2/scrape",
            Some(json!({"url": site.url("/"), "includeTags": ["nav"]})),
        )
        .await;
    assert_eq!(
        tags.body["data"]["markdown"].as_str().unwrap().trim(),
        "[Home](/)".replace("/)", &format!("{})", site.url("/"))),
        "{}",
        tags.text
    );
}

#[tokio::test]
async fn a_missing_page_is_scraped_with_its_status() {
    let site = site();
    let api = api();
    let pdf = api
        .call(
            "POST",
            "/v1/scrape",
            Some(json!({"url": site.url("/file.pdf")})),
        )
        .await;
    assert_error(
        &pdf,
        StatusCode::UNPROCESSABLE_ENTITY,
        "unprocessable",
        "application/pdf",
    );
    let robots = api
        .call(
            "POST",
            "/v1/scrape",
            Some(json!({"url": site.url("/private")})),
        )
        .await;
    assert_error(&robots, StatusCode::FORBIDDEN, "forbidden", "robots.txt");
}

#[tokio::test]
async fn requests_riptide_cannot_honour_are_refused() {
    let site = site();
    let api = api();
    let url = site.url("/");
    for (body, code, mention) in [
        (json!({"url": url, "mobile": true}), "unsupported", "mobile"),
        (
            json!({"url": url, "actions": [{"type": "wait", "milliseconds": 5}]}),
            "unsupported",
            "actions",
        ),
        (
            json!({"url": url, "excludeTags": ["div["]}),
            "bad_request",
            "excludeTags",
        ),
        (
            json!({"url": url, "formats": ["screenshot"]}),
            "unsupported",
            "screenshot",
        ),
        (
            json!({"url": url, "formats": [{"type": "json", "prompt": "x"}]}),
            "unsupported",
            "json",
        ),
        (
            json!({"url": url, "colour": "blue"}),
            "bad_request",
            "colour",
        ),
        (json!({"formats": ["markdown"]}), "bad_request", "url"),
        (json!({"url": "ftp://example.com/"}), "bad_request", "http"),
        (json!({"url": url, "timeout": 5}), "bad_request", "timeout"),
        (json!(["not", "an", "object"]), "bad_request", "object"),
    ] {
        let answer = api.call("POST", "/v2/scrape", Some(body.clone())).await;
        assert_error(&answer, StatusCode::BAD_REQUEST, code, mention);
    }
    // Harmless values of unimplemented options are accepted.
    let ok = api
        .call("POST", "/v1/scrape", Some(json!({"url": url, "mobile": false, "waitFor": 0, "proxy": "auto", "origin": "python-sdk"})))
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
}
