//! One URL from the frontier: politeness, fetch, extraction, links, record.

use std::sync::{Arc, PoisonError};
use std::time::{Duration, SystemTime};

use riptide_core::{
    BodyWanted, CrawlStore, ExtractInput, Extractor, FetchFailure, FetchRequest, FetchResponse,
    Fetcher, Finished, FrontierEntry, NewUrl, PageRecord, Validators,
};
use url::Url;

use crate::crawler::{CrawlEvent, Shared, now_ms};
use crate::links::page_links;
use crate::record::{CrawlRecord, PageOutcome, rfc3339};
use crate::scope::host_key;
use crate::{CrawlError, Order, SitemapMode};

/// What a page task did: the store write that ends its URL, and the event
/// to report once that write is committed. The scheduling loop commits the
/// writes of all tasks that finished together in one transaction.
pub(crate) struct TaskDone {
    pub(crate) outcome: TaskOutcome,
    pub(crate) write: Finished,
    /// The record of a [`Finished::Complete`] write, whose own `record` text
    /// stays empty until the commit: a journaled crawl writes the record to
    /// its output as it is, the others store it serialised.
    pub(crate) record: Option<CrawlRecord>,
}

/// What became of a page task's URL.
pub(crate) enum TaskOutcome {
    /// A record was stored.
    Recorded(CrawlEvent),
    /// The URL was dropped without a record.
    Skipped(CrawlEvent),
    /// The URL was put back for later.
    Deferred(CrawlEvent),
}

/// What the fetch told about a page, whatever becomes of it.
struct Fetched {
    final_url: Option<String>,
    status: u16,
    content_type: Option<String>,
    fetched_at: String,
    validators: Validators,
}

/// The result of extraction and link parsing, done on a blocking thread.
struct Parsed {
    outcome: PageOutcome,
    links: Vec<Url>,
    canonical: Option<Url>,
    noindex: bool,
}

impl<F, S, E> Shared<F, S, E>
where
    F: Fetcher,
    S: CrawlStore,
    E: Extractor + ?Sized + 'static,
{
    pub(crate) async fn process(
        self: Arc<Self>,
        entry: FrontierEntry,
    ) -> Result<TaskDone, CrawlError> {
        if !self.reserve_host_page(&entry.host) {
            return Ok(self.skip(&entry, "host_page_cap", Vec::new()));
        }
        let outcome = self.fetch_and_record(&entry).await;
        if !matches!(
            outcome,
            Ok(TaskDone {
                outcome: TaskOutcome::Recorded(_),
                ..
            })
        ) {
            self.release_host_page(&entry.host);
        }
        outcome
    }

    async fn fetch_and_record(
        self: &Arc<Self>,
        entry: &FrontierEntry,
    ) -> Result<TaskDone, CrawlError> {
        let gate = self.politeness.gate(&entry.host);
        let _turn = gate.turn(|| self.host_delay(entry)).await;
        let request = FetchRequest {
            url: entry.url.clone(),
            validators: entry.validators.clone(),
            wanted: BodyWanted::Html,
        };
        let fetched_at = rfc3339(SystemTime::now());
        match self.fetcher.fetch(&request).await {
            Ok(response) => self.record_response(entry, response, fetched_at).await,
            Err(err) => self.record_failure(entry, &err, fetched_at),
        }
    }

    /// The delay between request starts on the entry's host: the configured
    /// one, or robots.txt's `Crawl-delay` when that is longer, which is also
    /// noted in the store for the other workers sharing it. Asked once per
    /// host and crawl.
    async fn host_delay(&self, entry: &FrontierEntry) -> Duration {
        let configured = self.config.delay;
        if !self.config.obey_crawl_delay {
            return configured;
        }
        let rules = self.fetcher.site_rules(&entry.url).await;
        match rules.crawl_delay {
            Some(crawl_delay) if crawl_delay > configured => {
                // Not fatal: this worker still keeps the delay itself.
                if let Err(err) = self.store.note_host_delay(&entry.host, crawl_delay) {
                    log::warn!("noting the Crawl-delay of {}: {err}", entry.host);
                }
                crawl_delay
            }
            _ => configured,
        }
    }

    fn record_failure(
        &self,
        entry: &FrontierEntry,
        err: &F::Error,
        fetched_at: String,
    ) -> Result<TaskDone, CrawlError> {
        if let Some(wait) = err.retry_after()
            && entry.attempts + 1 < self.config.max_attempts
        {
            let due = now_ms().saturating_add(i64::try_from(wait.as_millis()).unwrap_or(i64::MAX));
            return Ok(TaskDone {
                outcome: TaskOutcome::Deferred(CrawlEvent::Deferred {
                    url: entry.url.clone(),
                }),
                write: Finished::Deferred {
                    id: entry.id,
                    not_before_ms: due,
                },
                record: None,
            });
        }
        if err.kind() == "robots_disallowed" {
            return Ok(self.skip(entry, "robots_disallowed", Vec::new()));
        }
        let outcome = PageOutcome::Failed {
            kind: err.kind().to_owned(),
            message: err.to_string(),
        };
        let facts = Fetched {
            final_url: None,
            status: 0,
            content_type: None,
            fetched_at,
            validators: Validators::default(),
        };
        Ok(self.complete(entry, facts, outcome, Vec::new()))
    }

    async fn record_response(
        self: &Arc<Self>,
        entry: &FrontierEntry,
        response: FetchResponse,
        fetched_at: String,
    ) -> Result<TaskDone, CrawlError> {
        let facts = Fetched {
            final_url: (response.final_url != entry.url).then(|| response.final_url.clone()),
            status: response.status,
            content_type: response.content_type.clone(),
            fetched_at,
            validators: response.validators.clone(),
        };
        let status = response.status;
        if status >= 400 {
            let outcome = PageOutcome::Failed {
                kind: "http_status".into(),
                message: format!("HTTP status {status}"),
            };
            return Ok(self.complete(entry, facts, outcome, Vec::new()));
        }
        if status == 304 || response.body_skipped || !response.is_html() {
            if response.robots.noindex {
                return Ok(self.skip(entry, "noindex", Vec::new()));
            }
            return Ok(self.complete(entry, facts, PageOutcome::Recorded, Vec::new()));
        }
        let Ok(page_url) = Url::parse(&response.final_url) else {
            return Ok(self.complete(entry, facts, PageOutcome::Recorded, Vec::new()));
        };
        let Parsed {
            outcome,
            links,
            canonical,
            noindex,
        } = self.parse(response, page_url.clone()).await?;
        let found = self.found_urls(entry, links);
        if let Some(canonical) = canonical {
            let canonical = self.normalizer.normalize_url(canonical);
            let this = self.normalizer.normalize_url(page_url);
            if let (Some(canonical), Some(this)) = (canonical, this)
                && canonical != this
                && self.scope.allows(&canonical)
            {
                let mut found = found;
                found.push(self.new_url(&canonical, entry.depth, Some(entry.url.clone())));
                return Ok(self.skip(entry, "canonical_elsewhere", found));
            }
        }
        if noindex {
            return Ok(self.skip(entry, "noindex", found));
        }
        Ok(self.complete(entry, facts, outcome, found))
    }

    /// Decodes, extracts and reads links on a blocking thread: parsing HTML is
    /// CPU work that would stall the async scheduler. The page's robots meta
    /// tags and the response's `X-Robots-Tag` directives count alike. A page
    /// the response already marks `noindex` is not extracted; one whose meta
    /// tags do is known only after extraction (whose parse may give the
    /// links), and its document then goes unrecorded.
    async fn parse(
        self: &Arc<Self>,
        response: FetchResponse,
        page_url: Url,
    ) -> Result<Parsed, CrawlError> {
        let shared = Arc::clone(self);
        tokio::task::spawn_blocking(move || {
            let decoded = riptide_core::charset::decode_html(
                &response.body,
                response.content_type.as_deref(),
            );
            let scan = || page_links(&decoded.text, &page_url);
            let (outcome, links) = match &shared.config.extract {
                Some(mode) if !response.robots.noindex => {
                    let input = ExtractInput {
                        html: &decoded.text,
                        url: Some(page_url.as_str()),
                        mode,
                    };
                    let (document, links) = shared.extractor.extract_with_links(&input);
                    let outcome = match document {
                        Ok(doc) => PageOutcome::Extracted(Box::new(doc)),
                        Err(err) => PageOutcome::Failed {
                            kind: err.kind().as_str().to_owned(),
                            message: err.to_string(),
                        },
                    };
                    (outcome, links.unwrap_or_else(scan))
                }
                _ => (PageOutcome::Recorded, scan()),
            };
            let robots = links.robots.union(response.robots);
            Parsed {
                outcome,
                links: if robots.nofollow {
                    Vec::new()
                } else {
                    links.links
                },
                canonical: links.canonical,
                noindex: robots.noindex,
            }
        })
        .await
        .map_err(|err| CrawlError::Task(err.to_string()))
    }

    /// The page's links that may enter the frontier: normalised, in scope,
    /// within depth, not traps, not already handed to the store.
    fn found_urls(&self, entry: &FrontierEntry, links: Vec<Url>) -> Vec<NewUrl> {
        let depth = entry.depth + 1;
        if self.config.sitemaps == SitemapMode::Only
            || self.config.max_depth.is_some_and(|max| depth > max)
        {
            return Vec::new();
        }
        let mut known = self.known.lock().unwrap_or_else(PoisonError::into_inner);
        links
            .into_iter()
            .filter_map(|link| self.normalizer.normalize_url(link))
            .filter(|url| self.scope.allows(url) && self.config.traps.check(url).is_none())
            .filter(|url| known.first_sighting(url.as_str()))
            .map(|url| self.new_url(&url, depth, Some(entry.url.clone())))
            .collect()
    }

    pub(crate) fn new_url(&self, url: &Url, depth: u32, referrer: Option<String>) -> NewUrl {
        NewUrl {
            url: url.to_string(),
            host: host_key(url),
            depth,
            referrer,
            priority: priority(self.config.order, url, depth),
        }
    }

    /// The page's record, its validators and the URLs found on it, to be
    /// stored in one transaction.
    fn complete(
        &self,
        entry: &FrontierEntry,
        facts: Fetched,
        outcome: PageOutcome,
        found: Vec<NewUrl>,
    ) -> TaskDone {
        let Fetched {
            final_url,
            status,
            content_type,
            fetched_at,
            validators,
        } = facts;
        let record = CrawlRecord {
            url: entry.url.clone(),
            final_url,
            status,
            content_type,
            fetched_at,
            depth: entry.depth,
            referrer: entry.referrer.clone(),
            outcome,
        };
        let failed = record.failed();
        let page = PageRecord {
            record: String::new(),
            status,
            failed,
            validators,
        };
        TaskDone {
            outcome: TaskOutcome::Recorded(CrawlEvent::Page {
                url: entry.url.clone(),
                status,
                failed,
            }),
            write: Finished::Complete {
                id: entry.id,
                page,
                found,
            },
            record: Some(record),
        }
    }

    fn skip(&self, entry: &FrontierEntry, reason: &str, found: Vec<NewUrl>) -> TaskDone {
        TaskDone {
            outcome: TaskOutcome::Skipped(CrawlEvent::Skipped {
                url: entry.url.clone(),
                reason: reason.to_owned(),
            }),
            write: Finished::Skipped {
                id: entry.id,
                reason: reason.to_owned(),
                found,
            },
            record: None,
        }
    }

    fn reserve_host_page(&self, host: &str) -> bool {
        let Some(cap) = self.config.traps.max_pages_per_host else {
            return true;
        };
        let mut pages = self
            .host_pages
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let count = pages.entry(host.to_owned()).or_default();
        if *count >= cap {
            return false;
        }
        *count += 1;
        true
    }

    fn release_host_page(&self, host: &str) {
        if self.config.traps.max_pages_per_host.is_some() {
            let mut pages = self
                .host_pages
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            if let Some(count) = pages.get_mut(host) {
                *count = count.saturating_sub(1);
            }
        }
    }
}

/// The frontier priority of a URL (lower is taken first).
pub(crate) fn priority(order: Order, url: &Url, depth: u32) -> i64 {
    match order {
        Order::BreadthFirst => i64::from(depth),
        Order::DepthFirst => -i64::from(depth),
        Order::BestFirst => {
            let segments =
                url.path_segments()
                    .map_or(0, |s| s.filter(|s| !s.is_empty()).count()) as i64;
            let params = url.query_pairs().count() as i64;
            i64::from(depth) * 1000 + segments * 100 + params * 50 + url.as_str().len() as i64
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn priorities_follow_the_order() {
        let short = url("http://e.com/about");
        let long = url("http://e.com/archive/2019/05/some-long-article-name?page=3");
        assert!(priority(Order::BreadthFirst, &long, 1) < priority(Order::BreadthFirst, &short, 2));
        assert!(priority(Order::DepthFirst, &short, 2) < priority(Order::DepthFirst, &long, 1));
        assert!(priority(Order::BestFirst, &short, 1) < priority(Order::BestFirst, &long, 1));
        assert!(
            priority(Order::BestFirst, &long, 0) < priority(Order::BestFirst, &short, 1),
            "depth still counts most"
        );
    }
}
