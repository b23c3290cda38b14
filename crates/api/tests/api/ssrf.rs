//! The SSRF guard as the API applies it: on by default, nothing reaches a
//! non-public address, however the URL gets there.

use axum::http::StatusCode;
use riptide_api::ExtractorChoice;
use riptide_fetch::SsrfPolicy;
use riptide_testsite::{Response, Server};
use serde_json::json;

use crate::common::{api_in, assert_error};

fn guarded(policy: SsrfPolicy) -> crate::common::TestApi {
    api_in(
        tempfile::tempdir().unwrap(),
        |_| {},
        policy,
        ExtractorChoice::Native,
    )
}

#[tokio::test]
async fn loopback_targets_are_refused() {
    let internal = Server::start(|_| Response::html("<p>internal admin page</p>"));
    let api = guarded(SsrfPolicy::guarded());
    let direct = internal.url("/admin");
    let by_name = format!("http://localhost:{}/admin", internal.addr().port());
    let metadata = "http://169.254.169.254/latest/meta-data/".to_owned();
    for url in [&direct, &by_name, &metadata] {
        for (route, body) in [
            ("/v1/scrape", json!({"url": url})),
            ("/v2/scrape", json!({"url": url})),
            ("/extract", json!({"url": url})),
        ] {
            let answer = api.call("POST", route, Some(body)).await;
            assert_error(
                &answer,
                StatusCode::FORBIDDEN,
                "forbidden",
                "not a public address",
            );
        }
    }
    assert_eq!(
        internal.total_hits(),
        0,
        "nothing reached the internal server"
    );
}

#[tokio::test]
async fn redirects_to_loopback_are_refused() {
    let internal = Server::start(|_| Response::html("<p>internal</p>"));
    let target = internal.url("/secret");
    let redirector = Server::start(move |_| Response::redirect(302, &target));
    // The redirector is explicitly allowed by name; where it points is still checked.
    let api = guarded(SsrfPolicy {
        allow_hosts: vec!["localhost".into()],
        ..SsrfPolicy::guarded()
    });
    let url = format!("http://localhost:{}/go", redirector.addr().port());
    let answer = api
        .call("POST", "/v2/scrape", Some(json!({"url": url})))
        .await;
    assert_error(
        &answer,
        StatusCode::FORBIDDEN,
        "forbidden",
        "not a public address",
    );
    assert_eq!(redirector.hits("/go"), 1);
    assert_eq!(internal.total_hits(), 0);
}

#[tokio::test]
async fn crawl_jobs_record_refused_pages_as_errors() {
    let internal = Server::start(|_| Response::html("<p>internal</p>"));
    let api = guarded(SsrfPolicy::guarded());
    let started = api
        .call("POST", "/v2/crawl", Some(json!({"url": internal.url("/")})))
        .await;
    let id = started.body["id"].as_str().unwrap().to_owned();
    let status = api.finished(&format!("/v2/crawl/{id}")).await;
    assert_eq!(status.body["completed"], 1);
    assert_eq!(status.body["data"], json!([]));
    let errors = api
        .call("GET", &format!("/v2/crawl/{id}/errors"), None)
        .await;
    assert!(
        errors.body["errors"][0]["error"]
            .as_str()
            .unwrap()
            .starts_with("ssrf_blocked"),
        "{}",
        errors.text
    );
    assert_eq!(internal.total_hits(), 0);
}
