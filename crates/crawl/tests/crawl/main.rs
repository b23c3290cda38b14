//! The crawler with its real parts (riptide-fetch, SQLite, the native
//! extractor) against HTTP servers on 127.0.0.1.

mod frontier;
mod pages;
mod politeness;
mod sitemaps;
mod traps;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use riptide_core::CrawlStore;
use riptide_crawl::{CrawlConfig, CrawlRecord, CrawlStats, Crawler};
use riptide_extraction::NativeExtractor;
use riptide_fetch::{FetchConfig, HttpFetcher};
use riptide_store::SqliteStore;
use riptide_testsite::{Response, Server};

/// A state file in a temporary directory.
struct State {
    _dir: tempfile::TempDir,
    store: Arc<SqliteStore>,
}

fn state() -> State {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SqliteStore::open(&dir.path().join("crawl.db")).unwrap());
    State { _dir: dir, store }
}

/// Crawl settings for tests: no delay, some concurrency.
fn config(server: &Server) -> CrawlConfig {
    CrawlConfig {
        seeds: vec![server.url("/")],
        delay: Duration::ZERO,
        concurrency: 8,
        per_host_concurrency: 8,
        ..CrawlConfig::default()
    }
}

fn fetch_config() -> FetchConfig {
    FetchConfig {
        backoff_base: Duration::from_millis(5),
        max_backoff: Duration::from_millis(50),
        read_timeout: Duration::from_secs(5),
        ..FetchConfig::default()
    }
}

fn crawl(config: CrawlConfig, state: &State) -> CrawlStats {
    crawl_with(config, fetch_config(), state)
}

fn crawl_with(config: CrawlConfig, fetch: FetchConfig, state: &State) -> CrawlStats {
    let crawler = Crawler::new(
        config,
        Arc::new(HttpFetcher::new(fetch).unwrap()),
        Arc::clone(&state.store),
        Arc::new(NativeExtractor::default()),
    )
    .unwrap();
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
        .block_on(crawler.run(&|_| {}))
        .unwrap()
}

fn records(state: &State) -> Vec<CrawlRecord> {
    state
        .store
        .records_after(0, 1_000_000)
        .unwrap()
        .iter()
        .map(|stored| serde_json::from_str(&stored.record).unwrap())
        .collect()
}

/// The URL paths of the records, checking that none repeats.
fn paths(records: &[CrawlRecord], server: &Server) -> HashSet<String> {
    let prefix = server.url("");
    let paths: Vec<String> = records
        .iter()
        .map(|r| r.url.trim_start_matches(&prefix).to_owned())
        .collect();
    let unique: HashSet<String> = paths.iter().cloned().collect();
    assert_eq!(
        unique.len(),
        paths.len(),
        "a page was recorded twice: {paths:?}"
    );
    unique
}

/// An article page with links.
fn page(title: &str, links: &[String]) -> Response {
    let anchors: String = links
        .iter()
        .map(|l| format!("<li><a href=\"{l}\">{l}</a></li>"))
        .collect();
    Response::html(format!(
        "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>\
         <p>{title} is a page of the test site, with a paragraph long enough to be its main content.</p>\
         <ul>{anchors}</ul></article></body></html>"
    ))
}

/// A binary tree of `n` pages: `/` links to `/p/0`, `/p/i` to `/p/2i+1` and `/p/2i+2`.
fn tree_site(n: usize) -> Server {
    Server::start(move |req| {
        let path = req.path.as_str();
        if path == "/robots.txt" || path == "/sitemap.xml" {
            return Response::status(404);
        }
        if path == "/" {
            return page("home", &["/p/0".to_owned()]);
        }
        match path
            .strip_prefix("/p/")
            .and_then(|i| i.parse::<usize>().ok())
        {
            Some(i) if i < n => {
                let links: Vec<String> = [2 * i + 1, 2 * i + 2]
                    .iter()
                    .filter(|c| **c < n)
                    .map(|c| format!("/p/{c}"))
                    .collect();
                page(&format!("page {i}"), &links)
            }
            _ => Response::status(404),
        }
    })
}
