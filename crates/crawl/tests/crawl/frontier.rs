//! Order, limits, depth, resumption.

use riptide_core::CrawlStore;
use riptide_crawl::{CrawlConfig, Order};

use crate::{config, crawl, paths, records, state, tree_site};

#[test]
fn a_crawl_records_every_reachable_page_once() {
    let server = tree_site(40);
    let state = state();
    let stats = crawl(config(&server), &state);
    let records = records(&state);
    let paths = paths(&records, &server);
    assert_eq!(stats.pages, 41, "home and 40 pages");
    assert_eq!(paths.len(), 41);
    assert!(records.iter().all(|r| !r.failed()));
    assert_eq!(server.hits("/p/17"), 1, "each page is fetched once");
}

#[test]
fn the_page_limit_is_exact_under_concurrency() {
    for max in [1, 7, 23] {
        let server = tree_site(200);
        let state = state();
        let stats = crawl(
            CrawlConfig {
                max_pages: Some(max),
                concurrency: 16,
                per_host_concurrency: 16,
                ..config(&server)
            },
            &state,
        );
        assert_eq!(stats.pages, max);
        assert_eq!(records(&state).len() as u64, max);
        let fetched: usize = (0..200)
            .map(|i| server.hits(&format!("/p/{i}")))
            .sum::<usize>()
            + server.hits("/");
        assert_eq!(
            fetched as u64, max,
            "no page beyond the limit was even fetched"
        );
    }
}

#[test]
fn depth_is_limited() {
    let server = tree_site(100);
    let state = state();
    crawl(
        CrawlConfig {
            max_depth: Some(2),
            ..config(&server)
        },
        &state,
    );
    let records = records(&state);
    // home (0), /p/0 (1), /p/1 and /p/2 (2).
    assert_eq!(paths(&records, &server).len(), 4);
    assert!(records.iter().all(|r| r.depth <= 2));
    let p1 = records.iter().find(|r| r.url.ends_with("/p/1")).unwrap();
    assert_eq!(p1.referrer.as_deref(), Some(server.url("/p/0").as_str()));
}

#[test]
fn breadth_first_goes_level_by_level_and_depth_first_dives() {
    let bfs_server = tree_site(60);
    let bfs = state();
    crawl(
        CrawlConfig {
            concurrency: 1,
            per_host_concurrency: 1,
            ..config(&bfs_server)
        },
        &bfs,
    );
    let depths: Vec<u32> = records(&bfs).iter().map(|r| r.depth).collect();
    assert!(
        depths.windows(2).all(|w| w[0] <= w[1]),
        "breadth-first depths: {depths:?}"
    );

    let dfs_server = tree_site(60);
    let dfs = state();
    crawl(
        CrawlConfig {
            order: Order::DepthFirst,
            max_pages: Some(6),
            concurrency: 1,
            per_host_concurrency: 1,
            ..config(&dfs_server)
        },
        &dfs,
    );
    let depths: Vec<u32> = records(&dfs).iter().map(|r| r.depth).collect();
    assert_eq!(
        depths,
        [0, 1, 2, 3, 4, 5],
        "depth-first dives along one branch"
    );
}

#[test]
fn a_second_run_resumes_and_never_repeats_a_page() {
    let server = tree_site(50);
    let state = state();
    crawl(
        CrawlConfig {
            max_pages: Some(10),
            ..config(&server)
        },
        &state,
    );
    assert_eq!(records(&state).len(), 10);
    let stats = crawl(config(&server), &state);
    assert_eq!(stats.pages, 41, "the rest of the site");
    assert_eq!(stats.total_pages, 51);
    assert_eq!(paths(&records(&state), &server).len(), 51);
    assert_eq!(
        server.hits("/"),
        1,
        "the first run's pages are not fetched again"
    );
    assert_eq!(state.store.counts().unwrap().pending, 0);
}

#[test]
fn a_recrawl_sends_conditional_requests() {
    use riptide_testsite::{Response, Server};
    let server = Server::start(
        |req| match (req.path.as_str(), req.header("if-none-match")) {
            ("/robots.txt" | "/sitemap.xml", _) => Response::status(404),
            (_, Some("\"v1\"")) => Response::status(304),
            ("/", _) => crate::page("home", &["/a".into()]).header("etag", "\"v1\""),
            _ => crate::page("a", &[]).header("etag", "\"v1\""),
        },
    );
    let state = state();
    crawl(config(&server), &state);
    state.store.restart().unwrap();
    let stats = crawl(config(&server), &state);
    assert_eq!(
        stats.pages, 2,
        "both known URLs are fetched again, though a 304 has no links"
    );
    let records = records(&state);
    assert!(
        records
            .iter()
            .all(|r| r.status == 304 && r.outcome == riptide_crawl::PageOutcome::Recorded),
        "{records:?}"
    );
}
