//! Crawls one site with the `spider` crate (fetch and link discovery only, in
//! RAM, robots.txt ignored, no delay) and prints the pages crawled and the
//! elapsed time, as the peer measurement of `scripts/bench-crawl`.
//!
//!     spider-compare URL

use std::time::Instant;

use spider::tokio;
use spider::website::Website;

#[tokio::main]
async fn main() {
    let Some(url) = std::env::args().nth(1) else {
        eprintln!("usage: spider-compare URL");
        std::process::exit(2);
    };
    let mut website = Website::new(&url);
    website.with_respect_robots_txt(false).with_delay(0);
    let started = Instant::now();
    website.crawl().await;
    let elapsed = started.elapsed().as_secs_f64();
    let pages = website.get_links().len();
    println!(
        "spider: {pages} pages in {elapsed:.2} s, {:.0} pages/s",
        pages as f64 / elapsed
    );
}
