//! `riptide worker`: works on the running crawl jobs of a PostgreSQL
//! database beside any number of other workers, until stopped.
//!
//! Jobs are taken oldest first, one at a time, whichever front created them
//! (`riptide crawl --db` or `riptide serve --db`): each carries the
//! [`WorkOrder`] to run. Within a job the store's leases share the frontier
//! between workers. Stopping a worker in any way (Ctrl-C, SIGKILL, a lost
//! machine) loses nothing: its leases run out and other workers fetch its
//! URLs. Output is written by the `riptide crawl --db` that created the job,
//! or served by the API.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Args;
use riptide_api::{WorkCrawler, WorkOrder};
use riptide_store::{JobRow, PgDatabase, PgOptions, PgStore};

use crate::crawl::{print_summary, runtime};
use crate::exit::ExitCode;

/// How long an idle worker waits for a new job before looking again (a new
/// job wakes it at once through LISTEN/NOTIFY).
const IDLE_WAIT: Duration = Duration::from_secs(30);

/// Arguments of `riptide worker`.
#[derive(Debug, Args)]
pub struct WorkerArgs {
    /// The PostgreSQL database (`postgres://user@host:port/db`).
    #[arg(long, value_name = "URL")]
    pub db: String,

    /// Exit once no job is running, instead of waiting for new jobs.
    #[arg(long)]
    pub exit_when_idle: bool,

    /// How long this worker's leases outlive it: after a crash, its URLs and
    /// hosts wait this long before other workers take them over.
    #[arg(long, value_name = "MS", default_value_t = 30_000)]
    pub lease_ttl_ms: u64,

    /// Print nothing on standard error but fatal errors.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Runs `riptide worker`.
pub fn run(args: WorkerArgs) -> anyhow::Result<ExitCode> {
    let options = PgOptions {
        lease_ttl: Duration::from_millis(args.lease_ttl_ms),
        ..PgOptions::default()
    };
    let db = PgDatabase::connect(&args.db, options).context("connecting to the database")?;
    let runtime = runtime()?;
    if !args.quiet {
        eprintln!("riptide: worker {} ready", db.worker());
    }
    loop {
        let jobs = db.running_jobs().context("listing jobs")?;
        if jobs.is_empty() {
            if args.exit_when_idle {
                return Ok(ExitCode::Success);
            }
            db.wait_for_change(IDLE_WAIT)?;
            continue;
        }
        for job in jobs {
            let crawler = match prepare(&db, &job) {
                Ok(crawler) => crawler,
                Err(err) => {
                    // Settings that cannot run must neither stop the worker
                    // nor be taken up again and again.
                    eprintln!("riptide: job {}: {err:#}", job.id);
                    db.fail_job(job.id, &format!("{err:#}"))?;
                    continue;
                }
            };
            if let Err(err) = work_on(&db, &runtime, job.id, &crawler, args.quiet) {
                // The database stayed away past the retries, say: the job is
                // fine, this worker tries again shortly.
                eprintln!("riptide: job {}: {err:#}", job.id);
                std::thread::sleep(Duration::from_secs(1));
            }
        }
    }
}

/// One job's crawler and its store.
type JobCrawler = (WorkCrawler<PgStore>, Arc<PgStore>);

/// The crawler of one job, built from its work order.
fn prepare(db: &Arc<PgDatabase>, job: &JobRow) -> anyhow::Result<JobCrawler> {
    let order = WorkOrder::parse(&job.config)?;
    let store = Arc::new(db.job_store(job.id)?);
    Ok((order.crawler(Arc::clone(&store))?, store))
}

/// Crawls one job until its frontier is empty (or its limit reached), then
/// marks it done.
fn work_on(
    db: &PgDatabase,
    runtime: &tokio::runtime::Runtime,
    id: i64,
    (work, store): &JobCrawler,
    quiet: bool,
) -> anyhow::Result<()> {
    let started = Instant::now();
    let stats = runtime.block_on(work.crawler.run(&|_| {}))?;
    db.finish_job_if_complete(id)?;
    work.extractor.log_counters();
    if !quiet {
        eprintln!("riptide: job {id}:");
        print_summary(&**store, &stats, started.elapsed());
    }
    Ok(())
}
