//! `riptide crawl`: a resumable crawl into JSONL, JSON or Markdown.

use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use riptide_api::{WorkCrawler, WorkOrder};
use riptide_core::{CrawlStore, ExtractMode};
use riptide_crawl::{CrawlConfig, CrawlEvent, CrawlStats, Order, Scope, SitemapMode, TrapGuards};
use riptide_fetch::FetchConfig;
use riptide_store::{PgDatabase, PgOptions, SqliteStore};

use crate::args::ModeArg;
use crate::crawl_args::{CrawlArgs, CrawlCommon, OrderArg, ScopeArg, SitemapArg};
use crate::crawl_output::DurableOutput;
use crate::exit::ExitCode;

/// How often the output is brought up to date with the state while crawling.
const DRAIN_EVERY: Duration = Duration::from_millis(200);

/// Runs `riptide crawl`.
pub fn run(args: CrawlArgs) -> anyhow::Result<ExitCode> {
    let Some(mode) = extract_mode(args.mode, &args.selectors) else {
        eprintln!("riptide: error: --mode custom needs at least one --selector");
        return Ok(ExitCode::Usage);
    };
    let common = &args.common;
    // The same order a worker runs, whether the crawl stays local or not.
    let order = WorkOrder {
        crawl: crawl_config(common, Some(mode))?,
        fetch: fetch_config(common),
        extractor: args.extractor.into(),
    };
    let stats = match &args.db {
        Some(url) => crawl_on_database(url, &args, order)?,
        None => {
            let state = StateFile::new(common.state.as_deref())?;
            let store =
                Arc::new(SqliteStore::open(state.path()).context("opening the crawl state")?);
            if args.recrawl {
                store.restart().context("restarting the crawl state")?;
            }
            let stats = if args.output_dir.is_some() {
                crawl_into_output(Arc::clone(&store), order, &args)?
            } else {
                crawl_journaled(Arc::clone(&store), order, &args)?
            };
            drop(store);
            state.cleanup();
            stats
        }
    };
    Ok(if stats.failures == 0 {
        ExitCode::Success
    } else {
        ExitCode::PartialFailure
    })
}

/// The extraction mode of `--mode` and `--selector`: selectors imply custom
/// mode; custom mode without a selector is `None` (a usage error).
fn extract_mode(mode: ModeArg, selectors: &[String]) -> Option<ExtractMode> {
    Some(match mode {
        _ if !selectors.is_empty() => ExtractMode::Custom(selectors.to_vec()),
        ModeArg::Custom => return None,
        ModeArg::Article => ExtractMode::Article,
        ModeArg::Full => ExtractMode::Full,
        ModeArg::Metadata => ExtractMode::Metadata,
    })
}

/// `riptide crawl --db`: stores the crawl as a new job, works on it like any
/// worker, and writes the output from the job's results once the job is done
/// (by this process and every worker that joined).
fn crawl_on_database(url: &str, args: &CrawlArgs, order: WorkOrder) -> anyhow::Result<CrawlStats> {
    let db =
        PgDatabase::connect(url, PgOptions::default()).context("connecting to the database")?;
    let id = db
        .create_job(&order.new_job(None))
        .context("creating the crawl job")?;
    if !args.common.quiet {
        eprintln!("riptide: crawl job {id}; more workers can join with `riptide worker --db URL`");
    }
    let store = Arc::new(db.job_store(id)?);
    let stats = crawl_into_output(store, order, args)?;
    db.finish_job_if_complete(id)?;
    Ok(stats)
}

/// Crawls into the output, copying records out of the store as they commit:
/// for a database shared with other workers, whose records all land there,
/// and for `--output-dir`, whose files are named by the records' sequence
/// numbers in the store.
fn crawl_into_output<S: CrawlStore>(
    store: Arc<S>,
    order: WorkOrder,
    args: &CrawlArgs,
) -> anyhow::Result<CrawlStats> {
    let WorkCrawler { crawler, extractor } = order.crawler(Arc::clone(&store))?;
    let mut output = open_output(&*store, args)?;
    let progress = Progress::new(&args.common);
    let started = Instant::now();
    let stats = alongside(
        &*store,
        &progress,
        || Ok(runtime()?.block_on(crawler.run(&|event| progress.observe(event)))?),
        || output.drain().map(drop),
    )?;
    wrap_up(
        &*store, output, &progress, &extractor, &stats, started, args,
    )?;
    Ok(stats)
}

/// Crawls into the output, the crawl writing each batch's records there
/// just before the batch commits, with the output's length: the state file
/// keeps no copy of the records, and no second pass reads them back (~13%
/// of the CPU per page on the crawl benchmark).
fn crawl_journaled(
    store: Arc<SqliteStore>,
    order: WorkOrder,
    args: &CrawlArgs,
) -> anyhow::Result<CrawlStats> {
    let WorkCrawler { crawler, extractor } = order.crawler(Arc::clone(&store))?;
    let mut output = open_output(&*store, args)?;
    // Records a crawl of this state stored before (by `--output-dir`) go first.
    output.drain()?;
    let progress = Progress::new(&args.common);
    let started = Instant::now();
    let stats = alongside(
        &*store,
        &progress,
        || {
            let observe = |event: &CrawlEvent| progress.observe(event);
            Ok(runtime()?.block_on(crawler.run_journaled(&observe, &mut output))?)
        },
        || Ok(()),
    )?;
    wrap_up(
        &*store, output, &progress, &extractor, &stats, started, args,
    )?;
    Ok(stats)
}

fn open_output<'s, S: CrawlStore>(
    store: &'s S,
    args: &CrawlArgs,
) -> anyhow::Result<DurableOutput<'s, S>> {
    DurableOutput::open(
        store,
        args.output.as_deref(),
        args.format,
        args.output_dir.as_deref(),
    )
}

/// Runs `crawl` on a thread of its own while this one calls `tick` and
/// refreshes the progress bar every [`DRAIN_EVERY`]. The wait ends as soon as
/// the crawl does, not at the next tick (sleeping a whole tick added ~100 ms
/// to every crawl, 5% of a 10,000-page crawl of the benchmark site).
fn alongside<S: CrawlStore>(
    store: &S,
    progress: &Progress,
    crawl: impl FnOnce() -> anyhow::Result<CrawlStats> + Send,
    mut tick: impl FnMut() -> anyhow::Result<()>,
) -> anyhow::Result<CrawlStats> {
    let (finished, done) = mpsc::channel::<()>();
    std::thread::scope(|scope| -> anyhow::Result<CrawlStats> {
        let crawl = scope.spawn(move || {
            // Dropping the sender, however the crawl ends, wakes the wait.
            let _finished = finished;
            crawl()
        });
        while let Err(RecvTimeoutError::Timeout) = done.recv_timeout(DRAIN_EVERY) {
            tick()?;
            // Counting scans the frontier: only worth it when someone looks.
            if !progress.bar.is_hidden()
                && let Ok(counts) = store.counts()
            {
                progress.queued(counts.pending + counts.in_flight);
            }
        }
        crawl
            .join()
            .map_err(|_| anyhow::anyhow!("the crawl thread panicked"))?
    })
}

/// Closes the output, then reports.
fn wrap_up<S: CrawlStore>(
    store: &S,
    output: DurableOutput<'_, S>,
    progress: &Progress,
    extractor: &riptide_api::BuiltExtractor,
    stats: &CrawlStats,
    started: Instant,
    args: &CrawlArgs,
) -> anyhow::Result<()> {
    output.finish()?;
    progress.bar.finish_and_clear();
    extractor.log_counters();
    if !args.common.quiet {
        print_summary(store, stats, started.elapsed());
    }
    Ok(())
}

/// A tokio runtime for the crawl: network waits on its threads, extraction on
/// its blocking pool. Extraction is CPU work, so the pool is kept near the
/// core count: hundreds of threads (tokio's default cap is 512) would only
/// add context switches and a malloc arena each, growing memory with the crawl.
pub(crate) fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    tokio::runtime::Builder::new_multi_thread()
        .max_blocking_threads(cores * 2 + 2)
        .enable_all()
        .build()
        .context("starting the async runtime")
}

/// The crawl settings from the command line.
pub(crate) fn crawl_config(
    common: &CrawlCommon,
    extract: Option<ExtractMode>,
) -> anyhow::Result<CrawlConfig> {
    let scope = match common.scope {
        _ if !common.domains.is_empty() => Scope::Domains(common.domains.clone()),
        ScopeArg::Domains => anyhow::bail!("--scope domains needs at least one --domain"),
        ScopeArg::Host => Scope::Host,
        ScopeArg::Domain => Scope::Domain,
        ScopeArg::Subdomains => Scope::Subdomains,
        ScopeArg::Any => Scope::Any,
    };
    Ok(CrawlConfig {
        seeds: common.urls.clone(),
        max_pages: common.max_pages,
        max_depth: common.max_depth,
        order: match common.order {
            OrderArg::Bfs => Order::BreadthFirst,
            OrderArg::Dfs => Order::DepthFirst,
            OrderArg::Best => Order::BestFirst,
        },
        scope,
        include: common.include.clone(),
        exclude: common.exclude.clone(),
        concurrency: usize::from(common.concurrency),
        per_host_concurrency: usize::from(common.per_host_concurrency),
        delay: Duration::from_millis(common.delay_ms),
        obey_crawl_delay: !common.ignore_robots,
        sitemaps: match common.sitemap {
            SitemapArg::Include => SitemapMode::Include,
            SitemapArg::Skip => SitemapMode::Skip,
            SitemapArg::Only => SitemapMode::Only,
        },
        traps: TrapGuards {
            max_pages_per_host: Some(common.max_pages_per_host),
            ..TrapGuards::default()
        },
        extract,
        ..CrawlConfig::default()
    })
}

/// The fetch settings from the command line.
pub(crate) fn fetch_config(common: &CrawlCommon) -> FetchConfig {
    let mut config = FetchConfig {
        respect_robots: !common.ignore_robots,
        robots_ttl: Duration::from_secs(common.robots_ttl_secs),
        ..FetchConfig::default()
    };
    if let Some(user_agent) = &common.user_agent {
        config.user_agent = user_agent.clone();
    }
    config
}

/// The crawl state file: the one given, or a temporary one removed at the end.
pub(crate) struct StateFile {
    path: PathBuf,
    temporary: bool,
}

impl StateFile {
    pub(crate) fn new(given: Option<&Path>) -> anyhow::Result<Self> {
        if let Some(path) = given {
            return Ok(Self {
                path: path.to_path_buf(),
                temporary: false,
            });
        }
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let name = format!("riptide-crawl-{}-{nanos}.db", std::process::id());
        Ok(Self {
            path: std::env::temp_dir().join(name),
            temporary: true,
        })
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn cleanup(self) {
        if self.temporary {
            for suffix in ["", "-wal", "-shm"] {
                let mut name = self.path.clone().into_os_string();
                name.push(suffix);
                let _ = std::fs::remove_file(name);
            }
        }
    }
}

/// The progress bar: pages done, queued, errors, rate.
pub(crate) struct Progress {
    pub(crate) bar: ProgressBar,
    errors: AtomicU64,
    queued: AtomicU64,
}

impl Progress {
    pub(crate) fn new(common: &CrawlCommon) -> Self {
        let bar = if common.no_progress || common.quiet || !io::stderr().is_terminal() {
            ProgressBar::hidden()
        } else {
            let bar = ProgressBar::new_spinner();
            if let Ok(style) =
                ProgressStyle::with_template("{spinner} {pos} pages, {msg}, {per_sec} [{elapsed}]")
            {
                bar.set_style(style);
            }
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        };
        Self {
            bar,
            errors: AtomicU64::new(0),
            queued: AtomicU64::new(0),
        }
    }

    pub(crate) fn observe(&self, event: &CrawlEvent) {
        if let CrawlEvent::Page { failed, .. } = event {
            if *failed {
                self.errors.fetch_add(1, Ordering::Relaxed);
            }
            self.bar.inc(1);
            self.refresh();
        }
    }

    pub(crate) fn queued(&self, queued: u64) {
        self.queued.store(queued, Ordering::Relaxed);
        self.refresh();
    }

    fn refresh(&self) {
        self.bar.set_message(format!(
            "{} queued, {} errors",
            self.queued.load(Ordering::Relaxed),
            self.errors.load(Ordering::Relaxed)
        ));
    }
}

/// Totals and the per-host table, on standard error.
pub(crate) fn print_summary<S: CrawlStore>(store: &S, stats: &CrawlStats, elapsed: Duration) {
    let rate = stats.pages as f64 / elapsed.as_secs_f64().max(0.001);
    eprintln!(
        "riptide: {} pages ({} failed, {} skipped) in {:.1}s, {rate:.0} pages/s; {} in the state, {} left in the frontier",
        stats.pages,
        stats.failures,
        stats.skipped,
        elapsed.as_secs_f64(),
        stats.total_pages,
        stats.pending
    );
    if let Ok(hosts) = store.host_summary() {
        eprintln!(
            "{:<40} {:>8} {:>8} {:>8}",
            "host", "pages", "failed", "skipped"
        );
        for host in hosts {
            eprintln!(
                "{:<40} {:>8} {:>8} {:>8}",
                host.host, host.pages, host.failures, host.skipped
            );
        }
    }
}
