//! Seeding a crawl: the start URLs and what their sites' sitemaps list.

use std::collections::{HashSet, VecDeque};
use std::sync::Arc;

use riptide_core::{BodyWanted, CrawlStore, Extractor, FetchRequest, Fetcher, NewUrl};
use url::Url;

use crate::crawler::Shared;
use crate::sitemap::{MAX_SITEMAP_BYTES, Sitemap, parse_sitemap};
use crate::{CrawlError, SitemapMode};

/// Set once the start URLs and sitemaps are in the frontier, so that a
/// resumed crawl does not fetch the sitemaps again.
const SEEDED_KEY: &str = "crawl.seeded";

/// Sitemap files fetched per site at most (indexes included).
const MAX_SITEMAP_FILES: usize = 200;

impl<F, S, E> Shared<F, S, E>
where
    F: Fetcher,
    S: CrawlStore,
    E: Extractor + ?Sized + 'static,
{
    pub(crate) async fn seed(self: &Arc<Self>) -> Result<(), CrawlError> {
        if self
            .store
            .meta(SEEDED_KEY)
            .map_err(CrawlError::store)?
            .is_some()
        {
            return Ok(());
        }
        let seeds: Vec<Url> = self
            .config
            .seeds
            .iter()
            .filter_map(|s| self.normalizer.normalize(s, None))
            .collect();
        if self.config.sitemaps != SitemapMode::Only {
            let start: Vec<NewUrl> = seeds.iter().map(|url| self.new_url(url, 0, None)).collect();
            self.store.enqueue(&start).map_err(CrawlError::store)?;
        }
        if self.config.sitemaps != SitemapMode::Skip {
            let mut origins = HashSet::new();
            for seed in &seeds {
                if origins.insert(seed.origin().ascii_serialization()) {
                    self.seed_from_sitemaps(seed).await?;
                }
            }
        }
        self.store
            .set_meta(SEEDED_KEY, "1")
            .map_err(CrawlError::store)
    }

    /// Follows robots.txt `Sitemap:` lines and `/sitemap.xml` through
    /// sitemap indexes, enqueueing every listed page in scope.
    async fn seed_from_sitemaps(&self, seed: &Url) -> Result<(), CrawlError> {
        let mut queue: VecDeque<String> =
            self.fetcher.site_rules(seed.as_str()).await.sitemaps.into();
        if let Ok(default) = seed.join("/sitemap.xml") {
            queue.push_back(default.to_string());
        }
        let mut fetched = HashSet::new();
        while let Some(location) = queue.pop_front() {
            if fetched.len() >= MAX_SITEMAP_FILES || !fetched.insert(location.clone()) {
                continue;
            }
            let request = FetchRequest {
                url: location.clone(),
                wanted: BodyWanted::Any,
                ..FetchRequest::default()
            };
            // A missing or broken sitemap is common and harmless: links still work.
            let Ok(response) = self.fetcher.fetch(&request).await else {
                continue;
            };
            if response.status != 200 {
                continue;
            }
            match parse_sitemap(&response.body, MAX_SITEMAP_BYTES) {
                Ok(Sitemap::Index(children)) => queue.extend(children),
                Ok(Sitemap::Urls(urls)) => {
                    let found: Vec<NewUrl> = urls
                        .iter()
                        .filter_map(|u| self.normalizer.normalize(u, None))
                        .filter(|u| self.scope.allows(u) && self.config.traps.check(u).is_none())
                        .map(|u| self.new_url(&u, 0, Some(location.clone())))
                        .collect();
                    self.store.enqueue(&found).map_err(CrawlError::store)?;
                }
                Err(_) => {}
            }
        }
        Ok(())
    }
}
