//! robots.txt: fetched once per site, cached, and consulted before every request.
//!
//! RFC 9309 decides what an answer means: a 2xx body is parsed; a 4xx means
//! no rules (everything allowed); a 5xx or an unreachable server means crawl
//! nothing there for now, so the site is left alone for `robots_retry` and
//! asked again afterwards. Rules in force are kept for `robots_ttl` (24 hours
//! by default, as RFC 9309 suggests) and fetched again after that, so a long
//! crawl follows a site's changed robots.txt.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use reqwest::header::{LOCATION, USER_AGENT};
use robotxt::Robots;
use url::Url;

use crate::{FetchConfig, FetchError};

/// robots.txt files are parsed up to this size (RFC 9309 asks for at least 500 KiB).
const MAX_ROBOTS_BYTES: usize = robotxt::BYTE_LIMIT;

/// Redirects followed for robots.txt, as RFC 9309 asks.
const MAX_ROBOTS_REDIRECTS: usize = 5;

/// What is known about one site's robots.txt.
enum State {
    /// Rules in force until the instant, then fetched again.
    Rules(Arc<Robots>, Instant),
    /// The file answered 5xx or could not be reached; ask again after this instant.
    Unreachable(Instant),
}

/// The per-site cache. One async lock per site makes concurrent first requests
/// to a site wait for a single robots.txt fetch instead of each fetching it.
#[derive(Default)]
pub(crate) struct RobotsCache {
    sites: Mutex<HashMap<String, Arc<tokio::sync::Mutex<Option<State>>>>>,
}

impl RobotsCache {
    /// The rules for `url`'s site, fetching them on first use.
    pub(crate) async fn rules(
        &self,
        client: &reqwest::Client,
        config: &FetchConfig,
        url: &Url,
    ) -> Result<Arc<Robots>, FetchError> {
        let origin = url.origin().ascii_serialization();
        let slot = {
            let mut sites = self
                .sites
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            Arc::clone(sites.entry(origin.clone()).or_default())
        };
        let mut state = slot.lock().await;
        let now = Instant::now();
        match &*state {
            Some(State::Rules(rules, until)) if *until > now => return Ok(Arc::clone(rules)),
            Some(State::Unreachable(until)) if *until > now => {
                return Err(FetchError::RobotsUnavailable {
                    origin,
                    retry_after: *until - now,
                });
            }
            _ => {}
        }
        match fetch_robots(client, config, url).await? {
            Some(rules) => {
                let rules = Arc::new(rules);
                *state = Some(State::Rules(Arc::clone(&rules), now + config.robots_ttl));
                Ok(rules)
            }
            None => {
                *state = Some(State::Unreachable(now + config.robots_retry));
                Err(FetchError::RobotsUnavailable {
                    origin,
                    retry_after: config.robots_retry,
                })
            }
        }
    }
}

/// Fetches and parses robots.txt for `url`'s site; `None` when it must be
/// treated as unreachable (5xx, network failure). A site the SSRF guard
/// refuses is an error (nothing was sent); a robots.txt redirect to a refused
/// destination counts as no robots.txt, like a redirect chain that ends nowhere.
async fn fetch_robots(
    client: &reqwest::Client,
    config: &FetchConfig,
    url: &Url,
) -> Result<Option<Robots>, FetchError> {
    let token = config.robots_token();
    let Ok(mut target) = url.join("/robots.txt") else {
        return Ok(None);
    };
    for hop in 0..=MAX_ROBOTS_REDIRECTS {
        if let Err(blocked) = config.ssrf.check_url(&target) {
            return if hop == 0 {
                Err(blocked.into())
            } else {
                Ok(Some(Robots::allow_all()))
            };
        }
        let response = match client
            .get(target.clone())
            .header(USER_AGENT, &config.user_agent)
            .send()
            .await
        {
            Ok(response) => response,
            Err(err) => {
                return match FetchError::from_reqwest(&err) {
                    FetchError::Blocked(blocked) if hop == 0 => Err(blocked.into()),
                    FetchError::Blocked(_) => Ok(Some(Robots::allow_all())),
                    _ => Ok(None),
                };
            }
        };
        let status = response.status();
        if status.is_redirection() {
            let next = response
                .headers()
                .get(LOCATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|location| target.join(location).ok());
            match next {
                Some(next) => target = next,
                None => return Ok(None),
            }
            continue;
        }
        if status.is_success() {
            return Ok(read_capped(response, MAX_ROBOTS_BYTES)
                .await
                .map(|body| Robots::parse(&body, token)));
        }
        if status.is_client_error() {
            return Ok(Some(Robots::allow_all()));
        }
        return Ok(None);
    }
    // Too many redirects: RFC 9309 allows treating the file as unavailable.
    Ok(Some(Robots::allow_all()))
}

/// Reads at most `limit` bytes of a body; a longer robots.txt is cut, not refused.
async fn read_capped(mut response: reqwest::Response, limit: usize) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.ok()? {
        body.extend_from_slice(&chunk);
        if body.len() >= limit {
            body.truncate(limit);
            break;
        }
    }
    Some(body)
}
