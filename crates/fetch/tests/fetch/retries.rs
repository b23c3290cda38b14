//! Retries, Retry-After, timeouts and connect failures.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use riptide_core::FetchFailure;
use riptide_fetch::{FetchConfig, FetchError};
use riptide_testsite::{Response, Server};

use crate::{config, fetcher, get};

/// A site whose `/flaky` answers `first` for the first `failures` requests, then 200.
fn flaky(failures: usize, first: Response) -> Server {
    let count = Arc::new(AtomicUsize::new(0));
    Server::start(move |req| match req.path.as_str() {
        "/robots.txt" => Response::status(404),
        _ if count.fetch_add(1, Ordering::SeqCst) < failures => first.clone(),
        _ => Response::html("<p>finally</p>"),
    })
}

#[test]
fn rate_limits_are_waited_out_with_retry_after() {
    let server = flaky(2, Response::status(429).header("retry-after", "0"));
    let page = get(&fetcher(config()), &server.url("/flaky")).unwrap();
    assert_eq!(page.status, 200);
    assert_eq!(server.hits("/flaky"), 3);
}

#[test]
fn server_errors_are_retried_with_backoff() {
    let server = flaky(3, Response::status(503));
    assert_eq!(
        get(&fetcher(config()), &server.url("/flaky"))
            .unwrap()
            .status,
        200
    );
    assert_eq!(server.hits("/flaky"), 4);
}

#[test]
fn retries_give_up_with_the_last_status() {
    let server = flaky(100, Response::status(500));
    let page = get(
        &fetcher(FetchConfig {
            max_retries: 2,
            ..config()
        }),
        &server.url("/flaky"),
    )
    .unwrap();
    assert_eq!(page.status, 500);
    assert_eq!(server.hits("/flaky"), 3);
}

#[test]
fn a_long_retry_after_is_handed_to_the_caller() {
    let server = flaky(100, Response::status(429).header("retry-after", "3600"));
    let err = get(&fetcher(config()), &server.url("/flaky")).unwrap_err();
    assert!(
        matches!(err, FetchError::RetryLater { status: 429, .. }),
        "{err}"
    );
    assert_eq!(err.retry_after(), Some(Duration::from_secs(3600)));
    assert_eq!(server.hits("/flaky"), 1, "an hour is not waited in place");
}

#[test]
fn client_errors_are_not_retried() {
    let server = flaky(100, Response::status(404));
    assert_eq!(
        get(&fetcher(config()), &server.url("/flaky"))
            .unwrap()
            .status,
        404
    );
    assert_eq!(server.hits("/flaky"), 1);
}

#[test]
fn a_stalled_body_times_out() {
    let server = Server::start(|req| match req.path.as_str() {
        "/robots.txt" => Response::status(404),
        _ => Response::html("<p>late</p>").stalled(Duration::from_secs(30)),
    });
    let f = fetcher(FetchConfig {
        read_timeout: Duration::from_millis(200),
        ..config()
    });
    let err = get(&f, &server.url("/stall")).unwrap_err();
    assert_eq!(err.kind(), "timeout", "{err}");
}

#[test]
fn a_slow_response_hits_the_total_deadline() {
    let server = Server::start(|req| match req.path.as_str() {
        "/robots.txt" => Response::status(404),
        _ => Response::html("<p>late</p>").stalled(Duration::from_secs(30)),
    });
    let f = fetcher(FetchConfig {
        total_timeout: Duration::from_millis(300),
        ..config()
    });
    assert!(matches!(
        get(&f, &server.url("/slow")),
        Err(FetchError::Timeout(_))
    ));
}

#[test]
fn refused_connections_are_retried_then_reported() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let f = fetcher(FetchConfig {
        respect_robots: false,
        ..config()
    });
    let err = get(&f, &format!("http://127.0.0.1:{port}/")).unwrap_err();
    assert!(matches!(err, FetchError::Connect(_)), "{err}");
}

#[test]
fn validators_make_conditional_requests() {
    let server = Server::start(
        |req| match (req.path.as_str(), req.header("if-none-match")) {
            ("/robots.txt", _) => Response::status(404),
            (_, Some("\"v1\"")) => Response::status(304),
            _ => Response::html("<p>v1</p>")
                .header("etag", "\"v1\"")
                .header("last-modified", "Wed, 21 Oct 2015 07:28:00 GMT"),
        },
    );
    let f = fetcher(config());
    let first = get(&f, &server.url("/page")).unwrap();
    assert_eq!(first.validators.etag.as_deref(), Some("\"v1\""));
    assert!(first.validators.last_modified.is_some());
    let request = riptide_core::FetchRequest {
        url: server.url("/page"),
        validators: first.validators.clone(),
        ..Default::default()
    };
    let second = crate::block_on(f.get(&request)).unwrap();
    assert_eq!(second.status, 304);
    assert!(second.body.is_empty());
}
