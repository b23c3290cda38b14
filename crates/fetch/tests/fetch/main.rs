//! riptide-fetch against real HTTP servers on 127.0.0.1.

mod body;
mod redirects;
mod retries;
mod robots;
mod ssrf;

use std::time::Duration;

use riptide_core::{BodyWanted, FetchRequest, FetchResponse};
use riptide_fetch::{FetchConfig, FetchError, HttpFetcher};

/// Settings for tests: short backoffs so retries do not slow the suite down.
fn config() -> FetchConfig {
    FetchConfig {
        backoff_base: Duration::from_millis(5),
        max_backoff: Duration::from_millis(50),
        connect_timeout: Duration::from_secs(5),
        ..FetchConfig::default()
    }
}

fn fetcher(config: FetchConfig) -> HttpFetcher {
    HttpFetcher::new(config).expect("client builds")
}

fn get(fetcher: &HttpFetcher, url: &str) -> Result<FetchResponse, FetchError> {
    get_wanted(fetcher, url, BodyWanted::Html)
}

fn get_wanted(
    fetcher: &HttpFetcher,
    url: &str,
    wanted: BodyWanted,
) -> Result<FetchResponse, FetchError> {
    let request = FetchRequest {
        url: url.to_owned(),
        wanted,
        ..FetchRequest::default()
    };
    block_on(fetcher.get(&request))
}

fn block_on<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(future)
}
