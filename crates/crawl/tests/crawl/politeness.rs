//! Per-host concurrency, robots.txt in the crawl, Retry-After deferral.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use riptide_crawl::CrawlConfig;
use riptide_testsite::{Response, Server};

use crate::{config, crawl, page, paths, records, state};

#[test]
fn per_host_concurrency_holds_under_a_larger_global_limit() {
    let now = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    let (n, p) = (Arc::clone(&now), Arc::clone(&peak));
    let server = Server::start(move |req| {
        if req.path == "/robots.txt" || req.path == "/sitemap.xml" {
            return Response::status(404);
        }
        let inside = n.fetch_add(1, Ordering::SeqCst) + 1;
        p.fetch_max(inside, Ordering::SeqCst);
        // Hold the request a little so that overlapping requests would show.
        std::thread::sleep(Duration::from_millis(20));
        n.fetch_sub(1, Ordering::SeqCst);
        let links: Vec<String> = (0..12).map(|i| format!("/l/{i}")).collect();
        page("p", &links)
    });
    let state = state();
    let stats = crawl(
        CrawlConfig {
            concurrency: 16,
            per_host_concurrency: 2,
            ..config(&server)
        },
        &state,
    );
    assert_eq!(stats.pages, 13);
    assert!(
        peak.load(Ordering::SeqCst) <= 2,
        "peak {} requests at once",
        peak.load(Ordering::SeqCst)
    );
}

#[test]
fn robots_txt_rules_apply_to_the_crawl() {
    let server = Server::start(|req| match req.path.as_str() {
        "/robots.txt" => Response::typed(
            "text/plain",
            b"User-agent: *\nDisallow: /private/\n".to_vec(),
        ),
        "/" => page(
            "home",
            &["/public".into(), "/private/a".into(), "/private/b".into()],
        ),
        "/public" => page("public", &[]),
        _ => page("secret", &[]),
    });
    let state = state();
    let stats = crawl(config(&server), &state);
    let paths = paths(&records(&state), &server);
    assert_eq!(paths, ["/".to_owned(), "/public".to_owned()].into());
    assert_eq!(stats.skipped, 2);
    assert_eq!(server.hits("/private/a") + server.hits("/private/b"), 0);
}

#[test]
fn a_long_retry_after_defers_the_url_instead_of_failing_it() {
    let calls = Arc::new(AtomicUsize::new(0));
    let c = Arc::clone(&calls);
    let server = Server::start(move |req| match req.path.as_str() {
        "/robots.txt" | "/sitemap.xml" => Response::status(404),
        "/" => page("home", &["/busy".into()]),
        _ if c.fetch_add(1, Ordering::SeqCst) == 0 => {
            Response::status(429).header("retry-after", "1")
        }
        _ => page("busy", &[]),
    });
    let state = state();
    let stats = crawl(config(&server), &state);
    assert_eq!(stats.pages, 2);
    let busy = records(&state)
        .into_iter()
        .find(|r| r.url.ends_with("/busy"))
        .unwrap();
    assert_eq!(busy.status, 200, "recorded once, after the deferral");
    assert_eq!(server.hits("/busy"), 2);
}
