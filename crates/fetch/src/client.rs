//! [`HttpFetcher`]: redirects, retries, caps and the content-type gate around reqwest.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::header::{
    CONTENT_LENGTH, CONTENT_TYPE, ETAG, HeaderMap, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED,
    LOCATION, RETRY_AFTER,
};
use reqwest::redirect::Policy;
use riptide_core::{
    BodyWanted, FetchRequest, FetchResponse, Fetcher, RobotsDirectives, SiteRules, Validators,
    is_html_type,
};
use url::Url;

use crate::robots::RobotsCache;
use crate::ssrf::GuardedResolver;
use crate::{FetchConfig, FetchError, retry};

/// The polite HTTP client: one per crawl (it pools connections and caches robots.txt).
pub struct HttpFetcher {
    client: reqwest::Client,
    config: FetchConfig,
    robots: RobotsCache,
}

impl std::fmt::Debug for HttpFetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpFetcher")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl HttpFetcher {
    /// Builds the client. Redirects are followed here, not by reqwest, so that
    /// each hop is checked against robots.txt and loops are caught.
    pub fn new(config: FetchConfig) -> Result<Self, FetchError> {
        // reqwest is built without a default crypto provider; ring is the
        // small one. Installing fails harmlessly when one is already installed.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut builder = reqwest::Client::builder();
        if config.ssrf.enabled {
            // A proxy would resolve names itself, past the guard: none is used.
            builder = builder.no_proxy().dns_resolver(Arc::new(GuardedResolver {
                policy: Arc::new(config.ssrf.clone()),
            }));
        }
        let client = builder
            .user_agent(config.user_agent.clone())
            .redirect(Policy::none())
            .connect_timeout(config.connect_timeout)
            .timeout(config.total_timeout)
            .read_timeout(config.read_timeout)
            .build()
            .map_err(|err| FetchError::Http(err.to_string()))?;
        Ok(Self {
            client,
            config,
            robots: RobotsCache::default(),
        })
    }

    /// The settings in use.
    pub fn config(&self) -> &FetchConfig {
        &self.config
    }

    /// Fetches one URL: robots.txt, redirects, retries, then the body under its cap.
    pub async fn get(&self, request: &FetchRequest) -> Result<FetchResponse, FetchError> {
        let mut url = parse_url(&request.url)?;
        let mut visited = HashSet::from([url.clone()]);
        for hop in 0..=self.config.max_redirects {
            self.config.ssrf.check_url(&url)?;
            if self.config.respect_robots
                && !self
                    .robots
                    .rules(&self.client, &self.config, &url)
                    .await?
                    .is_url_allowed(&url)
            {
                return Err(FetchError::RobotsDisallowed(url.to_string()));
            }
            let validators = if hop == 0 {
                Some(&request.validators)
            } else {
                None
            };
            let response = self.send_with_retries(&url, validators).await?;
            let status = response.status();
            if status.is_redirection() && status.as_u16() != 304 {
                let next = redirect_target(&url, response.headers())?;
                if !visited.insert(next.clone()) {
                    return Err(FetchError::RedirectLoop(next.to_string()));
                }
                url = next;
                continue;
            }
            return self.finish(url, response, request.wanted).await;
        }
        Err(FetchError::TooManyRedirects {
            limit: self.config.max_redirects,
        })
    }

    /// The robots.txt facts for `url`'s site; none when it cannot be had.
    pub async fn rules_for(&self, url: &str) -> SiteRules {
        let Ok(url) = parse_url(url) else {
            return SiteRules::default();
        };
        match self.robots.rules(&self.client, &self.config, &url).await {
            Ok(robots) => SiteRules {
                crawl_delay: robots.crawl_delay(),
                sitemaps: robots.sitemaps().iter().map(Url::to_string).collect(),
            },
            Err(_) => SiteRules::default(),
        }
    }

    /// Sends one request, retrying connect errors, 429 and 5xx with backoff.
    async fn send_with_retries(
        &self,
        url: &Url,
        validators: Option<&Validators>,
    ) -> Result<reqwest::Response, FetchError> {
        let mut attempt = 0;
        loop {
            let mut builder = self.client.get(url.clone());
            if let Some(validators) = validators {
                if let Some(etag) = &validators.etag {
                    builder = builder.header(IF_NONE_MATCH, etag);
                }
                if let Some(date) = &validators.last_modified {
                    builder = builder.header(IF_MODIFIED_SINCE, date);
                }
            }
            let last = attempt >= self.config.max_retries;
            match builder.send().await {
                Ok(response) if retry::is_retryable_status(response.status().as_u16()) => {
                    let status = response.status().as_u16();
                    let asked = response
                        .headers()
                        .get(RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| retry::parse_retry_after(v, SystemTime::now()));
                    if let Some(wait) = asked.filter(|wait| last || *wait > self.config.max_backoff)
                    {
                        return Err(FetchError::RetryLater {
                            status,
                            retry_after: wait,
                        });
                    }
                    if last {
                        return Ok(response);
                    }
                    let wait = asked.unwrap_or_else(|| self.backoff(attempt));
                    tokio::time::sleep(wait).await;
                }
                Ok(response) => return Ok(response),
                Err(err) => match FetchError::from_reqwest(&err) {
                    FetchError::Connect(_) if !last => {
                        tokio::time::sleep(self.backoff(attempt)).await;
                    }
                    failure => return Err(failure),
                },
            }
            attempt += 1;
        }
    }

    fn backoff(&self, attempt: u32) -> Duration {
        retry::backoff(attempt, self.config.backoff_base, self.config.max_backoff)
    }

    /// Reads the final response into a [`FetchResponse`], applying the
    /// content-type gate and the body cap.
    async fn finish(
        &self,
        url: Url,
        response: reqwest::Response,
        wanted: BodyWanted,
    ) -> Result<FetchResponse, FetchError> {
        let status = response.status().as_u16();
        let headers = response.headers();
        let content_type = header_string(headers, CONTENT_TYPE.as_str());
        let validators = Validators {
            etag: header_string(headers, ETAG.as_str()),
            last_modified: header_string(headers, LAST_MODIFIED.as_str()),
        };
        let robots = RobotsDirectives::from_header_values(
            headers
                .get_all("x-robots-tag")
                .iter()
                .filter_map(|v| v.to_str().ok()),
            self.config.robots_token(),
        );
        let skip =
            status == 304 || (wanted == BodyWanted::Html && !is_html_type(content_type.as_deref()));
        let body = if skip {
            Vec::new()
        } else {
            read_body(response, self.config.max_body_bytes).await?
        };
        Ok(FetchResponse {
            final_url: url.to_string(),
            status,
            content_type,
            body,
            body_skipped: skip && status != 304,
            validators,
            robots,
        })
    }
}

impl Fetcher for HttpFetcher {
    type Error = FetchError;

    fn fetch(
        &self,
        request: &FetchRequest,
    ) -> impl Future<Output = Result<FetchResponse, FetchError>> + Send {
        self.get(request)
    }

    fn site_rules(&self, url: &str) -> impl Future<Output = SiteRules> + Send {
        self.rules_for(url)
    }
}

fn parse_url(raw: &str) -> Result<Url, FetchError> {
    let invalid = |reason: String| FetchError::InvalidUrl {
        url: raw.to_owned(),
        reason,
    };
    let url = Url::parse(raw).map_err(|err| invalid(err.to_string()))?;
    match url.scheme() {
        "http" | "https" => Ok(url),
        other => Err(invalid(format!("scheme {other} is not http(s)"))),
    }
}

fn redirect_target(from: &Url, headers: &HeaderMap) -> Result<Url, FetchError> {
    let location = headers
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| FetchError::BadRedirect(from.to_string()))?;
    let mut next = from
        .join(location)
        .map_err(|_| FetchError::BadRedirect(location.to_owned()))?;
    next.set_fragment(None);
    match next.scheme() {
        "http" | "https" => Ok(next),
        _ => Err(FetchError::BadRedirect(location.to_owned())),
    }
}

fn header_string(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// Reads the decompressed body chunk by chunk and stops as soon as it passes
/// `limit`, so a compression bomb costs at most `limit` bytes of memory.
async fn read_body(mut response: reqwest::Response, limit: u64) -> Result<Vec<u8>, FetchError> {
    let declared = response
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let encoded = response
        .headers()
        .contains_key(reqwest::header::CONTENT_ENCODING);
    if declared.is_some_and(|len| len > limit && !encoded) {
        return Err(FetchError::BodyTooLarge { limit });
    }
    let mut body = Vec::with_capacity(declared.unwrap_or(0).min(limit).min(1 << 20) as usize);
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|err| FetchError::from_reqwest(&err))?
    {
        if (body.len() + chunk.len()) as u64 > limit {
            return Err(FetchError::BodyTooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}
