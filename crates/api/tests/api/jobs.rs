//! Crawl and batch-scrape jobs: lifecycle, paging, errors, cancel, stream,
//! and resumption after a restart.

use axum::http::StatusCode;
use riptide_api::ExtractorChoice;
use serde_json::{Value, json};

use crate::common::{api, api_in, api_with, assert_error, loopback_allowed, site, slow_site};

fn urls(status: &Value) -> Vec<String> {
    let mut urls: Vec<String> = status["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["metadata"]["sourceURL"].as_str().unwrap().to_owned())
        .collect();
    urls.sort();
    urls
}

#[tokio::test]
async fn a_v1_crawl_runs_to_completion() {
    let site = site();
    let api = api();
    let started = api
        .call(
            "POST",
            "/v1/crawl",
            Some(
                json!({"url": site.url("/"), "scrapeOptions": {"formats": ["markdown", "links"]}}),
            ),
        )
        .await;
    assert_eq!(started.status, StatusCode::OK, "{}", started.text);
    assert_eq!(started.body["success"], true);
    let id = started.body["id"].as_str().unwrap();
    assert_eq!(id.len(), 36, "a UUID");
    assert_eq!(
        started.body["url"],
        format!("http://riptide.test/v1/crawl/{id}")
    );
    let status = api.finished(&format!("/v1/crawl/{id}")).await;
    let body = &status.body;
    assert_eq!(body["status"], "completed", "{}", status.text);
    // /, /a, /b, /c and /missing (404) are recorded; /private is refused by robots.txt.
    assert_eq!(
        (body["completed"].as_u64(), body["total"].as_u64()),
        (Some(5), Some(5)),
        "{body}"
    );
    assert_eq!(body["creditsUsed"], 5);
    assert!(body["expiresAt"].as_str().unwrap().ends_with('Z'));
    assert!(body.get("next").is_none());
    assert_eq!(
        urls(body),
        [
            site.url("/"),
            site.url("/a"),
            site.url("/b"),
            site.url("/c")
        ]
    );
    assert!(body["data"][0]["links"].is_array());
    assert!(body["data"][0].get("html").is_none());
    let errors = api
        .call("GET", &format!("/v1/crawl/{id}/errors"), None)
        .await;
    assert_eq!(errors.status, StatusCode::OK, "{}", errors.text);
    assert_eq!(
        errors.body["errors"].as_array().unwrap().len(),
        1,
        "{}",
        errors.text
    );
    assert_eq!(errors.body["errors"][0]["url"], site.url("/missing"));
    assert!(
        errors.body["errors"][0]["error"]
            .as_str()
            .unwrap()
            .contains("404")
    );
    assert_eq!(errors.body["robotsBlocked"], json!([site.url("/private")]));
    let done = api.call("DELETE", &format!("/v1/crawl/{id}"), None).await;
    assert_eq!(
        done.body["status"], "completed",
        "cancelling a finished job changes nothing"
    );
}

#[tokio::test]
async fn v2_crawl_options_shape_the_crawl() {
    let site = site();
    let api = api();
    let started = api
        .call(
            "POST",
            "/v2/crawl",
            Some(json!({
                "url": site.url("/"), "limit": 2, "sitemap": "skip", "excludePaths": ["^/b"],
                "scrapeOptions": {"formats": [{"type": "html"}]}
            })),
        )
        .await;
    let id = started.body["id"].as_str().unwrap().to_owned();
    let status = api.finished(&format!("/v2/crawl/{id}")).await;
    assert_eq!(status.body["completed"], 2, "{}", status.text);
    assert!(
        status.body["data"][0]["html"]
            .as_str()
            .unwrap()
            .contains("<p>")
    );
    let depth = api
        .call(
            "POST",
            "/v2/crawl",
            Some(json!({"url": site.url("/"), "maxDiscoveryDepth": 0})),
        )
        .await;
    let status = api
        .finished(&format!("/v2/crawl/{}", depth.body["id"].as_str().unwrap()))
        .await;
    assert_eq!(urls(&status.body), [site.url("/")]);
    let paths = api
        .call("POST", "/v2/crawl", Some(json!({"url": site.url("/a")})))
        .await;
    let status = api
        .finished(&format!("/v2/crawl/{}", paths.body["id"].as_str().unwrap()))
        .await;
    assert_eq!(
        urls(&status.body),
        [site.url("/a")],
        "only children of the start path by default"
    );
    assert_error(
        &api.call(
            "POST",
            "/v2/crawl",
            Some(json!({"url": site.url("/"), "limit": 51})),
        )
        .await,
        StatusCode::BAD_REQUEST,
        "bad_request",
        "cap of 50",
    );
    assert_error(
        &api.call(
            "POST",
            "/v2/crawl",
            Some(json!({"url": site.url("/"), "maxDepth": 1})),
        )
        .await,
        StatusCode::BAD_REQUEST,
        "bad_request",
        "maxDepth",
    );
    assert_error(
        &api.call(
            "POST",
            "/v2/crawl",
            Some(json!({"url": site.url("/"), "scrapeOptions": {"formats": ["rawHtml"]}})),
        )
        .await,
        StatusCode::BAD_REQUEST,
        "unsupported",
        "rawHtml",
    );
    assert_error(
        &api.call(
            "POST",
            "/v2/crawl",
            Some(json!({"url": site.url("/"), "webhook": "https://hook.example/"})),
        )
        .await,
        StatusCode::BAD_REQUEST,
        "unsupported",
        "webhook",
    );
    assert_error(
        &api.call("GET", "/v2/crawl/no-such-job", None).await,
        StatusCode::NOT_FOUND,
        "job_not_found",
        "job",
    );
}

#[tokio::test]
async fn status_pages_through_next() {
    let pages = riptide_testsite::Server::start(|req| {
        let links: String = (0..120)
            .map(|i| format!("<a href=\"/p{i}\">page {i}</a> "))
            .collect();
        let body = if req.path == "/" {
            links
        } else {
            "<p>a page with a little text on it for the extractor</p>".into()
        };
        riptide_testsite::Response::html(format!(
            "<html><body><article>{body}</article></body></html>"
        ))
    });
    let api = api_with(|c| c.max_pages_per_job = 200);
    let started = api
        .call(
            "POST",
            "/v1/crawl",
            Some(json!({"url": pages.url("/"), "limit": 121})),
        )
        .await;
    let id = started.body["id"].as_str().unwrap().to_owned();
    let first = api.finished(&format!("/v1/crawl/{id}")).await;
    assert_eq!(first.body["completed"], 121);
    assert_eq!(first.body["data"].as_array().unwrap().len(), 100);
    let next = first.body["next"].as_str().expect("a next link").to_owned();
    let path = next.strip_prefix("http://riptide.test").unwrap();
    let second = api.call("GET", path, None).await;
    assert_eq!(
        second.body["data"].as_array().unwrap().len(),
        21,
        "{}",
        second.text
    );
    assert!(second.body.get("next").is_none());
}

#[tokio::test]
async fn batch_scrape_reports_invalid_urls() {
    let site = site();
    let api = api();
    let started = api
        .call("POST", "/v2/batch/scrape", Some(json!({"urls": [site.url("/a"), "not a url", site.url("/c")], "formats": ["markdown"]})))
        .await;
    assert_eq!(started.status, StatusCode::OK, "{}", started.text);
    assert_eq!(started.body["invalidURLs"], json!(["not a url"]));
    let id = started.body["id"].as_str().unwrap();
    assert_eq!(
        started.body["url"],
        format!("http://riptide.test/v2/batch/scrape/{id}")
    );
    let status = api.finished(&format!("/v2/batch/scrape/{id}")).await;
    assert_eq!(status.body["status"], "completed");
    assert_eq!(
        urls(&status.body),
        [site.url("/a"), site.url("/c")],
        "links are not followed"
    );
    let errors = api
        .call("GET", &format!("/v1/batch/scrape/{id}/errors"), None)
        .await;
    assert_eq!(errors.body["errors"], json!([]));
    assert_error(
        &api.call("GET", &format!("/v2/crawl/{id}"), None).await,
        StatusCode::NOT_FOUND,
        "job_not_found",
        "job",
    );
    let strict = api
        .call(
            "POST",
            "/v1/batch/scrape",
            Some(json!({"urls": ["not a url"], "ignoreInvalidURLs": false})),
        )
        .await;
    assert_error(
        &strict,
        StatusCode::BAD_REQUEST,
        "bad_request",
        "invalid URL",
    );
}

#[tokio::test]
async fn cancelled_jobs_stop_and_say_so() {
    let site = slow_site();
    let api = api();
    let started = api
        .call(
            "POST",
            "/v2/crawl",
            Some(json!({"url": site.url("/0"), "limit": 40, "crawlEntireDomain": true})),
        )
        .await;
    let id = started.body["id"].as_str().unwrap().to_owned();
    let cancelled = api.call("DELETE", &format!("/v2/crawl/{id}"), None).await;
    assert_eq!(
        cancelled.body,
        json!({"success": true, "status": "cancelled"})
    );
    let status = api.call("GET", &format!("/v2/crawl/{id}"), None).await;
    assert_eq!(status.body["status"], "cancelled");
    let before = site.total_hits();
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    assert!(
        site.total_hits() <= before + 2,
        "the crawl stopped ({} -> {})",
        before,
        site.total_hits()
    );
}

#[tokio::test]
async fn the_stream_sends_every_record_as_ndjson() {
    let site = site();
    let api = api();
    let started = api
        .call("POST", "/v2/crawl", Some(json!({"url": site.url("/")})))
        .await;
    let id = started.body["id"].as_str().unwrap().to_owned();
    // The stream ends when the job does, whenever it is opened.
    let stream = api.call("GET", &format!("/jobs/{id}/stream"), None).await;
    assert_eq!(stream.status, StatusCode::OK);
    assert_eq!(stream.headers["content-type"], "application/x-ndjson");
    let records: Vec<Value> = stream
        .text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 5, "{}", stream.text);
    assert!(
        records
            .iter()
            .any(|r| r["outcome"]["failed"]["kind"] == "http_status")
    );
    assert!(
        records
            .iter()
            .all(|r| r["url"].as_str().unwrap().starts_with(&site.url("")))
    );
}

#[tokio::test]
async fn a_restarted_server_resumes_running_jobs_and_keeps_finished_ones() {
    let slow = slow_site();
    let fast = site();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().to_path_buf();
    let first = api_in(dir, |_| {}, loopback_allowed(), ExtractorChoice::Native);
    let done = first
        .call("POST", "/v2/crawl", Some(json!({"url": fast.url("/")})))
        .await;
    let done_id = done.body["id"].as_str().unwrap().to_owned();
    first.finished(&format!("/v2/crawl/{done_id}")).await;
    let running = first
        .call(
            "POST",
            "/v2/crawl",
            Some(json!({"url": slow.url("/0"), "limit": 6, "crawlEntireDomain": true})),
        )
        .await;
    let running_id = running.body["id"].as_str().unwrap().to_owned();
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    // Shut down as `serve` does at SIGTERM: the crawl task stops, the job stays running.
    first.state.jobs().shutdown();
    let crate::common::TestApi { dir, state } = first;
    drop(state);
    let second = api_in(dir, |_| {}, loopback_allowed(), ExtractorChoice::Native);
    assert_eq!(second.dir.path(), path);
    assert_eq!(second.state.resume_jobs().unwrap(), 1);
    let resumed = second.finished(&format!("/v2/crawl/{running_id}")).await;
    assert_eq!(resumed.body["status"], "completed");
    assert_eq!(resumed.body["completed"], 6, "{}", resumed.text);
    let kept = second
        .call("GET", &format!("/v2/crawl/{done_id}"), None)
        .await;
    assert_eq!(
        (kept.body["status"].clone(), kept.body["completed"].clone()),
        (json!("completed"), json!(5))
    );
    // A restart repeats no recorded page: only the (at most two) pages in
    // flight at shutdown are fetched a second time.
    let hits: usize = (0..6).map(|n| slow.hits(&format!("/{n}"))).sum();
    assert!((6..=8).contains(&hits), "{hits} page fetches for 6 pages");
}
