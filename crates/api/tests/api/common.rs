//! A test server: a state in a temporary data directory, the SSRF guard on
//! with 127.0.0.0/8 allowed (the test sites live there), and helpers to call
//! the router.

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use riptide_api::{ApiConfig, AppState, ExtractorChoice, build_extractor};
use riptide_extraction::NativeExtractor;
use riptide_fetch::{FetchConfig, SsrfPolicy};
use riptide_testsite::{Response, Server};
use serde_json::Value;
use tower::ServiceExt;

pub struct TestApi {
    pub dir: tempfile::TempDir,
    pub state: AppState,
}

/// Settings for tests: no politeness delay, small caps.
pub fn config(dir: &std::path::Path) -> ApiConfig {
    ApiConfig {
        data_dir: dir.to_path_buf(),
        crawl_delay: Duration::ZERO,
        max_pages_per_job: 50,
        public_url: "http://riptide.test".into(),
        ..ApiConfig::default()
    }
}

/// The guard on, loopback allowed (the test sites are on 127.0.0.1).
pub fn loopback_allowed() -> SsrfPolicy {
    SsrfPolicy {
        allow_nets: vec!["127.0.0.0/8".parse().unwrap()],
        ..SsrfPolicy::guarded()
    }
}

pub fn fetch_config(ssrf: SsrfPolicy) -> FetchConfig {
    FetchConfig {
        ssrf,
        backoff_base: Duration::from_millis(5),
        max_backoff: Duration::from_millis(50),
        ..FetchConfig::default()
    }
}

pub fn api_in(
    dir: tempfile::TempDir,
    tweak: impl FnOnce(&mut ApiConfig),
    ssrf: SsrfPolicy,
    extractor: ExtractorChoice,
) -> TestApi {
    let mut config = config(dir.path());
    tweak(&mut config);
    let extractor = build_extractor(extractor, NativeExtractor::default());
    assert!(extractor.sandbox_error.is_none(), "the sandbox loads");
    let state = AppState::new(config, fetch_config(ssrf), extractor).expect("state");
    TestApi { dir, state }
}

/// The default test API: native extraction, loopback allowed.
pub fn api() -> TestApi {
    api_with(|_| {})
}

pub fn api_with(tweak: impl FnOnce(&mut ApiConfig)) -> TestApi {
    api_in(
        tempfile::tempdir().unwrap(),
        tweak,
        loopback_allowed(),
        ExtractorChoice::Native,
    )
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
    pub text: String,
}

impl TestApi {
    pub fn router(&self) -> Router {
        riptide_api::router(self.state.clone())
    }

    pub async fn call(&self, method: &str, uri: &str, body: Option<Value>) -> Answer {
        self.call_as(method, uri, body, None).await
    }

    pub async fn call_as(
        &self,
        method: &str,
        uri: &str,
        body: Option<Value>,
        key: Option<&str>,
    ) -> Answer {
        let mut request = Request::builder().method(method).uri(uri);
        if let Some(key) = key {
            request = request.header("authorization", format!("Bearer {key}"));
        }
        let request = match body {
            Some(body) => request
                .header("content-type", "application/json")
                .body(Body::from(body.to_string())),
            None => request.body(Body::empty()),
        }
        .unwrap();
        send(self.router(), request).await
    }

    /// Polls a job until it is no longer `scraping` (bounded, not timed).
    pub async fn finished(&self, status_url: &str) -> Answer {
        for _ in 0..600 {
            let answer = self.call("GET", status_url, None).await;
            assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
            if answer.body["status"] != "scraping" {
                return answer;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("job {status_url} did not finish");
    }
}

pub async fn send(router: Router, request: Request<Body>) -> Answer {
    let response = router.oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Answer {
        status,
        headers,
        body,
        text,
    }
}

/// Asserts the error shape: `{"success": false, "error": "...", "code": code}`.
pub fn assert_error(answer: &Answer, status: StatusCode, code: &str, mentions: &str) {
    assert_eq!(answer.status, status, "{}", answer.text);
    assert_eq!(answer.body["success"], false, "{}", answer.text);
    assert_eq!(answer.body["code"], code, "{}", answer.text);
    let error = answer.body["error"].as_str().expect("error message");
    assert!(
        error.contains(mentions),
        "{error:?} should mention {mentions:?}"
    );
}

pub const ARTICLE: &str = "<html><head><title>Tides of the North Sea</title></head><body>\
    <nav><a href=\"/\">Home</a></nav><article><h1>Tides of the North Sea</h1>\
    <p>The North Sea has strong tides that shape its coasts, sandbanks and estuaries over centuries.</p>\
    <p>Fishermen, sailors and engineers have studied them for generations, and the records go back far.</p>\
    <p>See the <a href=\"/a\">first chapter</a> and the <a href=\"/b\">second chapter</a> for details.</p>\
    </article></body></html>";

fn page(title: &str, links: &[&str]) -> String {
    let links: String = links
        .iter()
        .map(|href| format!("<p>Read more in <a href=\"{href}\">the chapter at {href}</a> of this long guide.</p>"))
        .collect();
    format!(
        "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>\
         <p>This page about {title} has enough text to be an article worth extracting by any measure.</p>\
         {links}</article></body></html>"
    )
}

/// A small site: `/` links to `/a`, `/b` and `/missing` (404); `/a` links to
/// `/c`; `/private` is disallowed by robots.txt and linked from `/b`;
/// `/file.pdf` is not HTML.
pub fn site() -> Server {
    Server::start(|req| match req.path.as_str() {
        "/" => Response::html(ARTICLE.replace(
            "</article>",
            "<p><a href=\"/missing\">gone</a></p></article>",
        )),
        "/a" => Response::html(page("Chapter A", &["/c"])),
        "/b" => Response::html(page("Chapter B", &["/private"])),
        "/c" => Response::html(page("Chapter C", &[])),
        "/private" => Response::html(page("Private", &[])),
        "/robots.txt" => Response::typed(
            "text/plain",
            b"User-agent: *\nDisallow: /private\n".to_vec(),
        ),
        "/file.pdf" => Response::typed("application/pdf", b"%PDF-1.4".to_vec()),
        _ => Response::status(404),
    })
}

/// A site whose pages answer slowly, so that jobs on it are still running.
pub fn slow_site() -> Server {
    Server::start(|req| match req.path.as_str() {
        "/robots.txt" => Response::status(404),
        path => {
            let n: u32 = path.trim_start_matches('/').parse().unwrap_or(0);
            let next = format!("/{}", n + 1);
            Response::html(page(&format!("Page {n}"), &[&next])).stalled(Duration::from_millis(300))
        }
    })
}
