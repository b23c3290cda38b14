//! Arguments of `riptide crawl` and `riptide map`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use riptide_api::ExtractorKind;

use crate::args::{Format, ModeArg};

/// Settings shared by `crawl` and `map`: where to go and how politely.
#[derive(Debug, Clone, Args)]
pub struct CrawlCommon {
    /// Start URLs (http or https).
    #[arg(value_name = "URL", required = true)]
    pub urls: Vec<String>,

    /// Stop after this many pages (exact, whatever the concurrency).
    #[arg(long, value_name = "N")]
    pub max_pages: Option<u64>,

    /// Follow links at most this deep (start URLs are depth 0).
    #[arg(long, value_name = "D")]
    pub max_depth: Option<u32>,

    /// Crawl state file (SQLite). Running the same command again resumes the
    /// crawl, after a kill -9 too. Without it the state lives in a temporary file.
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,

    /// Which hosts belong to the crawl.
    #[arg(long, value_enum, default_value_t = ScopeArg::Host)]
    pub scope: ScopeArg,

    /// A domain (with its subdomains) to crawl; repeatable; implies `--scope domains`.
    #[arg(long = "domain", value_name = "DOMAIN")]
    pub domains: Vec<String>,

    /// Only follow URLs matching this regular expression (repeatable: any may match).
    #[arg(long, value_name = "REGEX")]
    pub include: Vec<String>,

    /// Never follow URLs matching this regular expression (repeatable).
    #[arg(long, value_name = "REGEX")]
    pub exclude: Vec<String>,

    /// Frontier order.
    #[arg(long, value_enum, default_value_t = OrderArg::Bfs)]
    pub order: OrderArg,

    /// Use of sitemaps (robots.txt `Sitemap:` lines and /sitemap.xml).
    #[arg(long, value_enum, default_value_t = SitemapArg::Include)]
    pub sitemap: SitemapArg,

    /// Minimum milliseconds between two requests to one host (a longer
    /// robots.txt Crawl-delay wins).
    #[arg(long, value_name = "MS", default_value_t = 250)]
    pub delay_ms: u64,

    /// Requests in flight per host.
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..))]
    pub per_host_concurrency: u16,

    /// Requests in flight in total.
    #[arg(long, value_name = "N", default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..))]
    pub concurrency: u16,

    /// At most this many pages per host (a guard against crawler traps).
    #[arg(long, value_name = "N", default_value_t = 1_000_000)]
    pub max_pages_per_host: u64,

    /// The User-Agent header (its first word is matched against robots.txt groups).
    #[arg(long, value_name = "UA")]
    pub user_agent: Option<String>,

    /// Ignore robots.txt rules and Crawl-delay. Only for sites you run.
    #[arg(long)]
    pub ignore_robots: bool,

    /// Seconds a fetched robots.txt is trusted before it is fetched again.
    #[arg(long, value_name = "SECS", default_value_t = 24 * 60 * 60)]
    pub robots_ttl_secs: u64,

    /// Never show a progress bar.
    #[arg(long)]
    pub no_progress: bool,

    /// Print nothing on standard error but fatal errors.
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Also log the sandbox's limit breaches, its circuit breaker's state
    /// changes and its counters on standard error.
    #[arg(short, long)]
    pub verbose: bool,
}

/// Arguments of `riptide crawl`.
#[derive(Debug, Args)]
pub struct CrawlArgs {
    /// Where and how to crawl.
    #[command(flatten)]
    pub common: CrawlCommon,

    /// Write records to FILE instead of standard output (appended across resumes, never duplicated).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    pub format: Format,

    /// Also write one Markdown file per extracted page into DIR.
    #[arg(long, value_name = "DIR")]
    pub output_dir: Option<PathBuf>,

    /// What to extract from each page.
    #[arg(long, value_enum, default_value_t = ModeArg::Article)]
    pub mode: ModeArg,

    /// CSS selector for `--mode custom` (repeatable); implies custom mode.
    #[arg(long = "selector", value_name = "CSS")]
    pub selectors: Vec<String>,

    /// Which extractor runs the pages.
    #[arg(long, value_enum, default_value_t = CrawlExtractor::Sandbox)]
    pub extractor: CrawlExtractor,

    /// Fetch every URL of a finished --state again, with conditional requests
    /// (unchanged pages come back as 304 records); the output starts afresh.
    /// To resume an interrupted re-crawl, run again without this flag.
    #[arg(long, requires = "state")]
    pub recrawl: bool,

    /// Crawl on a PostgreSQL database (`postgres://user@host/db`) instead of a
    /// local state file: the crawl becomes a job that `riptide worker`
    /// processes, here or on other machines, work on together.
    #[arg(long, value_name = "URL", conflicts_with = "state")]
    pub db: Option<String>,
}

/// Arguments of `riptide map`.
#[derive(Debug, Args)]
pub struct MapArgs {
    /// Where and how to crawl.
    #[command(flatten)]
    pub common: CrawlCommon,

    /// Write the URL list to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `--extractor` values of `riptide crawl`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CrawlExtractor {
    /// The extraction engine in the WebAssembly sandbox (memory, fuel and time
    /// limits per page); native only while the sandbox itself is unavailable.
    Sandbox,
    /// The extraction engine compiled into riptide, without a sandbox.
    Native,
}

impl From<CrawlExtractor> for ExtractorKind {
    fn from(choice: CrawlExtractor) -> Self {
        match choice {
            CrawlExtractor::Sandbox => Self::Sandbox,
            CrawlExtractor::Native => Self::Native,
        }
    }
}

/// `--scope` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScopeArg {
    /// The start URLs' hosts only.
    Host,
    /// The start URLs' registrable domains (all their subdomains).
    Domain,
    /// The start URLs' hosts and their subdomains.
    Subdomains,
    /// The domains given with `--domain`.
    Domains,
    /// Anywhere (bound it with --max-depth / --max-pages).
    Any,
}

/// `--order` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OrderArg {
    /// Breadth-first.
    Bfs,
    /// Depth-first.
    Dfs,
    /// Best-first: short, shallow URLs first.
    Best,
}

/// `--sitemap` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SitemapArg {
    /// Seed from sitemaps and follow links.
    Include,
    /// Ignore sitemaps.
    Skip,
    /// Only the URLs that sitemaps list.
    Only,
}
