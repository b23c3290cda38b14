//! Crawler traps: an endless calendar, ever-deeper relative paths, query explosions.

use riptide_crawl::{CrawlConfig, TrapGuards};
use riptide_testsite::{Response, Server};

use crate::{config, crawl, page, paths, records, state};

/// Every month links to the next one, forever.
fn calendar() -> Server {
    Server::start(|req| {
        let path = req.path.as_str();
        if path == "/robots.txt" || path == "/sitemap.xml" {
            return Response::status(404);
        }
        let month: u64 = path
            .strip_prefix("/cal/")
            .and_then(|m| m.parse().ok())
            .unwrap_or(0);
        page(&format!("month {month}"), &[format!("/cal/{}", month + 1)])
    })
}

#[test]
fn an_infinite_calendar_stops_at_the_per_host_cap() {
    let server = calendar();
    let state = state();
    let traps = TrapGuards {
        max_pages_per_host: Some(25),
        ..TrapGuards::default()
    };
    let stats = crawl(
        CrawlConfig {
            traps,
            ..config(&server)
        },
        &state,
    );
    assert_eq!(stats.pages, 25);
    assert_eq!(records(&state).len(), 25);
    assert_eq!(server.hits("/cal/25"), 0);
}

#[test]
fn relative_link_loops_and_query_explosions_are_not_followed() {
    let server = Server::start(|req| {
        let path = req.path.as_str();
        if path == "/robots.txt" || path == "/sitemap.xml" {
            return Response::status(404);
        }
        let q = path.split_once('?').map_or("", |(_, q)| q);
        // A relative link that grows the path forever, and one that adds a parameter.
        page(path, &["a/".into(), format!("?{q}&p{}=1", q.len())])
    });
    let state = state();
    crawl(config(&server), &state);
    let paths = paths(&records(&state), &server);
    // Without guards this site never ends. With them: 4 path depths (the
    // segment may repeat 3 times) times 17 query lengths (0 to 16 parameters).
    assert!(
        paths.len() <= 4 * 17,
        "the guards bound the crawl: {} pages",
        paths.len()
    );
    assert!(
        paths.iter().all(|p| p.matches("a/").count() <= 3),
        "{paths:?}"
    );
    assert!(
        paths.iter().all(|p| p.matches('&').count() <= 16),
        "{paths:?}"
    );
}
