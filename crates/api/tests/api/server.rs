//! End to end on a real socket: `serve` with its exposure check, a crawl of
//! a local site through HTTP, and a graceful shutdown.

use std::net::SocketAddr;

use riptide_api::{ApiConfig, StartError, check_exposure};
use serde_json::{Value, json};

use riptide_core::JobState;

use crate::common::{api, api_with, site, slow_site};

async fn get(client: &reqwest::Client, url: &str, key: &str) -> Value {
    let text = client
        .get(url)
        .bearer_auth(key)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    serde_json::from_str(&text).unwrap()
}

#[tokio::test]
async fn crawl_over_a_real_socket_then_shut_down_gracefully() {
    let site = site();
    let api = api_with(|c| c.api_keys = vec!["e2e-key".into()]);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(riptide_api::serve(listener, api.state.clone(), async {
        let _ = stopped.await;
    }));
    let client = reqwest::Client::new();
    let created: Value = serde_json::from_str(
        &client
            .post(format!("{base}/v2/crawl"))
            .bearer_auth("e2e-key")
            .header("content-type", "application/json")
            .body(json!({"url": site.url("/")}).to_string())
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    )
    .unwrap();
    let id = created["id"].as_str().expect("a job id").to_owned();
    let mut status = Value::Null;
    for _ in 0..600 {
        status = get(&client, &format!("{base}/v2/crawl/{id}"), "e2e-key").await;
        if status["status"] != "scraping" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(status["status"], "completed", "{status}");
    assert_eq!(status["data"].as_array().unwrap().len(), 4);
    let stream = client
        .get(format!("{base}/jobs/{id}/stream"))
        .bearer_auth("e2e-key")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(stream.lines().count(), 5);
    let unauthorized = client
        .get(format!("{base}/v2/crawl/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(unauthorized.status(), 401);
    stop.send(()).unwrap();
    server.await.unwrap().expect("serve returns cleanly");
}

#[test]
fn exposure_without_keys_is_refused() {
    let open: SocketAddr = "0.0.0.0:3002".parse().unwrap();
    let loopback: SocketAddr = "127.0.0.1:3002".parse().unwrap();
    let v6_loopback: SocketAddr = "[::1]:3002".parse().unwrap();
    let config = ApiConfig::default();
    assert!(matches!(
        check_exposure(open, &config),
        Err(StartError::Unprotected(_))
    ));
    assert!(check_exposure(loopback, &config).is_ok());
    assert!(check_exposure(v6_loopback, &config).is_ok());
    let keyed = ApiConfig {
        api_keys: vec!["k".into()],
        ..ApiConfig::default()
    };
    assert!(check_exposure(open, &keyed).is_ok());
}

#[tokio::test]
async fn shutdown_ends_open_streams_and_keeps_jobs_running() {
    let slow = slow_site();
    let api = api();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(riptide_api::serve(listener, api.state.clone(), async {
        let _ = stopped.await;
    }));
    let client = reqwest::Client::new();
    let created: Value = serde_json::from_str(
        &client
            .post(format!("{base}/v1/crawl"))
            .header("content-type", "application/json")
            .body(
                json!({"url": slow.url("/0"), "limit": 30, "crawlEntireDomain": true}).to_string(),
            )
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    )
    .unwrap();
    let id = created["id"].as_str().unwrap().to_owned();
    let stream = tokio::spawn(client.get(format!("{base}/jobs/{id}/stream")).send());
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    stop.send(()).unwrap();
    server
        .await
        .unwrap()
        .expect("serve returns while a stream was open");
    let response = stream.await.unwrap().unwrap();
    let text = response.text().await.unwrap();
    assert!(text.lines().count() < 30, "the stream ended before the job");
    let (job, _) = api.state.jobs().get(&id, "anonymous").unwrap();
    assert_eq!(
        job.state,
        JobState::Running,
        "an interrupted job resumes at the next start"
    );
}
