//! Fetching URL inputs of `riptide extract` with riptide-fetch.
//!
//! `extract` is synchronous (rayon workers); one small tokio runtime and one
//! fetcher (connection pool, robots.txt cache) are shared by every worker, so
//! many URLs of one site reuse connections and ask for robots.txt once.

use std::sync::OnceLock;

use riptide_core::{BodyWanted, FetchRequest};
use riptide_fetch::{FetchConfig, HttpFetcher};

use crate::inputs::{LoadError, Loaded};

struct Client {
    runtime: tokio::runtime::Runtime,
    fetcher: HttpFetcher,
}

static CLIENT: OnceLock<Result<Client, String>> = OnceLock::new();

fn client(limit: u64) -> Result<&'static Client, LoadError> {
    CLIENT
        .get_or_init(|| {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
                .map_err(|err| err.to_string())?;
            let config = FetchConfig {
                max_body_bytes: limit,
                ..FetchConfig::default()
            };
            let fetcher = HttpFetcher::new(config).map_err(|err| err.to_string())?;
            Ok(Client { runtime, fetcher })
        })
        .as_ref()
        .map_err(|err| LoadError::Fetch(err.clone()))
}

/// GETs `url` (robots.txt, redirects, retries, caps included) and returns
/// its body with the `Content-Type` and the final URL. HTTP error statuses
/// and non-HTML types are load errors: there is nothing to extract.
pub fn load_url(url: &str, limit: u64) -> Result<Loaded, LoadError> {
    let client = client(limit)?;
    let request = FetchRequest {
        url: url.to_owned(),
        wanted: BodyWanted::Html,
        ..FetchRequest::default()
    };
    let page = client
        .runtime
        .block_on(client.fetcher.get(&request))
        .map_err(|err| LoadError::Fetch(err.to_string()))?;
    if page.status >= 400 {
        return Err(LoadError::Fetch(format!(
            "HTTP status {} from {}",
            page.status, page.final_url
        )));
    }
    if page.body_skipped {
        let kind = page.content_type.as_deref().unwrap_or("unknown");
        return Err(LoadError::Fetch(format!(
            "{} is {kind}, not HTML",
            page.final_url
        )));
    }
    Ok(Loaded {
        bytes: page.body,
        content_type: page.content_type,
        url: Some(page.final_url),
    })
}
