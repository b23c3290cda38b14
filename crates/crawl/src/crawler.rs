//! [`Crawler`]: the scheduling loop over the store's frontier.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use regex::Regex;
use riptide_core::{CrawlStore, Extractor, Fetcher, FinishNoting, Finished};
use tokio::task::JoinSet;
use url::Url;

use crate::known::KnownUrls;
use crate::normalize::Normalizer;
use crate::page::{TaskDone, TaskOutcome};
use crate::politeness::Politeness;
use crate::record::CrawlRecord;
use crate::scope::ScopeFilter;
use crate::{CrawlConfig, CrawlError};

/// Something that happened during a crawl, for progress displays.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CrawlEvent {
    /// A page was fetched and recorded.
    Page {
        /// The URL.
        url: String,
        /// Its HTTP status (0 when no response arrived).
        status: u16,
        /// True when the record is a failure.
        failed: bool,
    },
    /// A URL was dropped without a record (robots.txt, noindex, canonical, host cap).
    Skipped {
        /// The URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// A URL was put back to be tried later.
    Deferred {
        /// The URL.
        url: String,
    },
}

/// Totals of one run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CrawlStats {
    /// Pages recorded in this run.
    pub pages: u64,
    /// How many of those are failures.
    pub failures: u64,
    /// URLs dropped without a record in this run.
    pub skipped: u64,
    /// Pages recorded in the state in total (earlier runs included).
    pub total_pages: u64,
    /// URLs left in the frontier (the page limit stopped the crawl first).
    pub pending: u64,
}

/// Where a crawl's records go when the store does not keep them: the
/// crawl's own output, written just before each batch of pages commits.
pub trait RecordJournal: Send {
    /// Writes the records of the pages about to commit, in order, and
    /// flushes them out of the process; returns the meta entry (key, value)
    /// that says how far the journal got, which commits with the pages.
    fn append(
        &mut self,
        records: Vec<CrawlRecord>,
    ) -> Result<(String, String), Box<dyn std::error::Error + Send + Sync>>;
}

/// What every page task shares.
pub(crate) struct Shared<F, S, E: ?Sized> {
    pub(crate) fetcher: Arc<F>,
    pub(crate) store: Arc<S>,
    pub(crate) extractor: Arc<E>,
    pub(crate) config: CrawlConfig,
    pub(crate) normalizer: Normalizer,
    pub(crate) scope: ScopeFilter,
    pub(crate) politeness: Politeness,
    /// Pages taken per host, for the per-host cap (exact under concurrency:
    /// reserved before fetching, released when a task records nothing).
    pub(crate) host_pages: Mutex<HashMap<String, u64>>,
    /// The found URLs already handed to the store.
    pub(crate) known: Mutex<KnownUrls>,
}

/// A crawl over a fetcher, a store and an extractor, all injected.
pub struct Crawler<F, S, E: ?Sized> {
    shared: Arc<Shared<F, S, E>>,
}

impl<F, S, E> Crawler<F, S, E>
where
    F: Fetcher,
    S: CrawlStore,
    E: Extractor + ?Sized + 'static,
{
    /// Validates the configuration and prepares the crawl.
    pub fn new(
        config: CrawlConfig,
        fetcher: Arc<F>,
        store: Arc<S>,
        extractor: Arc<E>,
    ) -> Result<Self, CrawlError> {
        let normalizer = Normalizer::new(config.strip_params.clone());
        let seeds = config
            .seeds
            .iter()
            .map(|s| {
                normalizer
                    .normalize(s, None)
                    .ok_or_else(|| CrawlError::InvalidSeed(s.clone()))
            })
            .collect::<Result<Vec<Url>, _>>()?;
        let scope = ScopeFilter::new(
            config.scope.clone(),
            &seeds,
            compile(&config.include)?,
            compile(&config.exclude)?,
        );
        let politeness = Politeness::new(config.per_host_concurrency);
        Ok(Self {
            shared: Arc::new(Shared {
                fetcher,
                store,
                extractor,
                config,
                normalizer,
                scope,
                politeness,
                host_pages: Mutex::new(HashMap::new()),
                known: Mutex::default(),
            }),
        })
    }

    /// Runs (or resumes) the crawl until the frontier is empty or the page
    /// limit is reached; `observe` sees every page as it is recorded. The
    /// records stay in the store, in order, for whoever reads them out.
    pub async fn run(
        &self,
        observe: &(dyn Fn(&CrawlEvent) + Send + Sync),
    ) -> Result<CrawlStats, CrawlError> {
        let store = &self.shared.store;
        self.run_committing(observe, &mut |batch, records| {
            let pages = batch.iter_mut().filter_map(|finished| match finished {
                Finished::Complete { page, .. } => Some(page),
                Finished::Skipped { .. } | Finished::Deferred { .. } => None,
            });
            for (page, record) in pages.zip(records) {
                page.record = serde_json::to_string(&record)
                    .map_err(|err| CrawlError::Task(err.to_string()))?;
            }
            store.finish(batch).map_err(CrawlError::store)
        })
        .await
    }

    /// [`Crawler::run`], with each batch's records handed to `journal` just
    /// before the batch commits instead of being stored: the store commits
    /// the journal's position with the pages (see [`FinishNoting`]).
    pub async fn run_journaled(
        &self,
        observe: &(dyn Fn(&CrawlEvent) + Send + Sync),
        journal: &mut dyn RecordJournal,
    ) -> Result<CrawlStats, CrawlError>
    where
        S: FinishNoting,
    {
        let store = &self.shared.store;
        self.run_committing(observe, &mut |batch, records| {
            let (key, value) = journal.append(records).map_err(CrawlError::Journal)?;
            store
                .finish_noting(batch, &key, &value)
                .map_err(CrawlError::store)
        })
        .await
    }

    /// The scheduling loop; `persist` commits each batch of finished URLs.
    async fn run_committing(
        &self,
        observe: &(dyn Fn(&CrawlEvent) + Send + Sync),
        persist: &mut Persist<'_>,
    ) -> Result<CrawlStats, CrawlError> {
        let shared = &self.shared;
        let store = &shared.store;
        store.recover().map_err(CrawlError::store)?;
        shared.seed().await?;
        self.load_host_pages()?;
        let mut done = store.counts().map_err(CrawlError::store)?.done;
        let mut stats = CrawlStats::default();
        let concurrency = shared.config.concurrency.max(1);
        // Claims come in batches: one transaction per few freed slots, not per page.
        let refill = (concurrency / 8).max(1);
        let commit_batch = (concurrency / 2).max(1);
        let mut tasks = JoinSet::new();
        // Finished tasks whose writes are not committed yet (see `COMMIT_DELAY`).
        let mut finished: Vec<TaskDone> = Vec::new();
        loop {
            // Uncommitted pages still count against the page limit.
            let in_flight = (tasks.len() + finished.len()) as u64;
            let budget = shared
                .config
                .max_pages
                .map_or(u64::MAX, |max| max.saturating_sub(done + in_flight));
            let want = budget.min((concurrency - tasks.len()) as u64) as usize;
            if want > 0 && (want >= refill || tasks.is_empty() || want as u64 == budget) {
                for entry in store.claim(want, now_ms()).map_err(CrawlError::store)? {
                    let shared = Arc::clone(shared);
                    tasks.spawn(async move { shared.process(entry).await });
                }
            }
            if tasks.is_empty() && !finished.is_empty() {
                done += commit(&mut finished, persist, &mut stats, observe)?;
                continue;
            }
            if tasks.is_empty() {
                let counts = store.counts().map_err(CrawlError::store)?;
                // A store shared with other workers: their pages count toward
                // the limit, and the URLs they hold may still add links.
                done = counts.done;
                let limit_reached = shared.config.max_pages.is_some_and(|max| done >= max);
                if limit_reached || (counts.pending == 0 && counts.in_flight == 0) {
                    stats.pending = counts.pending;
                    stats.total_pages = counts.done;
                    return Ok(stats);
                }
                // Wait until the first deferred URL is due, or until another
                // worker changes the frontier (polled each second otherwise).
                let due = match counts.next_ready_ms {
                    Some(ready) if counts.pending > 0 => ready - now_ms(),
                    _ => 1000,
                };
                let timeout = Duration::from_millis(due.clamp(5, 60_000) as u64);
                let store = Arc::clone(store);
                tokio::task::spawn_blocking(move || store.wait_for_change(timeout))
                    .await
                    .map_err(|err| CrawlError::Task(err.to_string()))?
                    .map_err(CrawlError::store)?;
                continue;
            }
            // Waits for the next task, but not longer than `COMMIT_DELAY`
            // while finished pages wait for their commit.
            let next = if finished.is_empty() {
                tasks.join_next().await
            } else {
                tokio::time::timeout(COMMIT_DELAY, tasks.join_next())
                    .await
                    .ok()
                    .flatten()
            };
            let timed_out = next.is_none();
            if let Some(first) = next {
                finished.push(joined(first)?);
            }
            while let Some(next) = tasks.try_join_next() {
                finished.push(joined(next)?);
            }
            if finished.len() >= commit_batch || timed_out || tasks.is_empty() {
                done += commit(&mut finished, persist, &mut stats, observe)?;
            }
        }
    }

    fn load_host_pages(&self) -> Result<(), CrawlError> {
        let summary = self
            .shared
            .store
            .host_summary()
            .map_err(CrawlError::store)?;
        let mut pages = self
            .shared
            .host_pages
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for host in summary {
            pages.insert(host.host, host.pages);
        }
        Ok(())
    }
}

/// Commits one batch of finished URLs: their store writes, and the records
/// of their [`Finished::Complete`] writes, one each, in the same order.
type Persist<'a> =
    dyn FnMut(&mut [Finished], Vec<CrawlRecord>) -> Result<(), CrawlError> + Send + 'a;

/// Commits the writes of `finished` in one transaction, then reports
/// them; returns how many pages were recorded.
fn commit(
    finished: &mut Vec<TaskDone>,
    persist: &mut Persist<'_>,
    stats: &mut CrawlStats,
    observe: &(dyn Fn(&CrawlEvent) + Send + Sync),
) -> Result<u64, CrawlError> {
    let mut outcomes = Vec::with_capacity(finished.len());
    let mut writes = Vec::with_capacity(finished.len());
    let mut records = Vec::with_capacity(finished.len());
    for done in finished.drain(..) {
        outcomes.push(done.outcome);
        writes.push(done.write);
        records.extend(done.record);
    }
    persist(&mut writes, records)?;
    let mut recorded = 0;
    for outcome in outcomes {
        match &outcome {
            TaskOutcome::Recorded(event) => {
                recorded += 1;
                stats.pages += 1;
                if matches!(event, CrawlEvent::Page { failed: true, .. }) {
                    stats.failures += 1;
                }
                observe(event);
            }
            TaskOutcome::Skipped(event) => {
                stats.skipped += 1;
                observe(event);
            }
            TaskOutcome::Deferred(event) => observe(event),
        }
    }
    Ok(recorded)
}

/// How long finished pages may wait for more to commit with them. Each commit
/// writes every B-tree page it touched to the WAL (the frontier's indexes,
/// the results table), so committing pages one by one, as they finish a
/// millisecond apart, costs several times the write of a batch; the crawl
/// benchmark spent 10% of its CPU in commits. Pages commit once half the
/// concurrency's worth have finished, when no task finishes for this long,
/// or when no task is left. (Committing every `concurrency / 8` pages, the
/// claim batch, cost ~8% more CPU per crawled page.) Until then they count
/// as in flight; a kill before the commit only means they are fetched again.
const COMMIT_DELAY: Duration = Duration::from_millis(20);

/// A joined task's result, a panic or cancellation becoming an error.
fn joined(
    result: Result<Result<TaskDone, CrawlError>, tokio::task::JoinError>,
) -> Result<TaskDone, CrawlError> {
    result.map_err(|err| CrawlError::Task(err.to_string()))?
}

fn compile(patterns: &[String]) -> Result<Vec<Regex>, CrawlError> {
    patterns
        .iter()
        .map(|p| {
            Regex::new(p).map_err(|err| CrawlError::InvalidPattern {
                pattern: p.clone(),
                reason: err.to_string(),
            })
        })
        .collect()
}

/// Milliseconds since the Unix epoch: the store's clock for deferred URLs
/// (wall time, so that deferrals survive a restart).
pub(crate) fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}
