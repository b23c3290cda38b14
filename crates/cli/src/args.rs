//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::exit::EXIT_CODES_HELP;

/// riptide: turn web pages into clean text, Markdown and metadata.
#[derive(Debug, Parser)]
#[command(name = "riptide", version, about, after_help = EXIT_CODES_HELP)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract main content and metadata from HTML files, directories, stdin or URLs.
    #[command(after_help = EXIT_CODES_HELP)]
    Extract(ExtractArgs),
    /// Crawl sites politely from start URLs, extracting every page; resumable with --state.
    #[command(after_help = EXIT_CODES_HELP)]
    Crawl(crate::crawl_args::CrawlArgs),
    /// List the URLs of a site (sitemaps and links) without extracting them.
    #[command(after_help = EXIT_CODES_HELP)]
    Map(crate::crawl_args::MapArgs),
    /// Work on the crawl jobs of a PostgreSQL database, beside other workers.
    #[command(after_help = EXIT_CODES_HELP)]
    Worker(crate::worker::WorkerArgs),
    /// Serve the HTTP API: Firecrawl-compatible scrape, crawl, map and batch
    /// scrape, /extract, jobs, metrics. Keys are required off loopback.
    #[command(after_help = EXIT_CODES_HELP)]
    Serve(crate::serve_args::ServeArgs),
}

/// Arguments of `riptide extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// HTML files, directories (every *.html / *.htm inside, recursively, sorted),
    /// `-` for standard input, or http(s) URLs. Defaults to `-`.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<String>,

    /// What to extract.
    #[arg(long, value_enum, default_value_t = ModeArg::Article)]
    pub mode: ModeArg,

    /// CSS selector for `--mode custom` (repeatable); implies custom mode.
    #[arg(long = "selector", value_name = "CSS")]
    pub selectors: Vec<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    pub format: Format,

    /// Base URL for resolving relative links of file and stdin inputs.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,

    /// Write output to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Pages extracted in parallel (default: all cores).
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,

    /// Which extractor runs the pages.
    #[arg(long, value_enum, default_value_t = ExtractorArg::Sandbox)]
    pub extractor: ExtractorArg,

    /// Sandbox: instruction budget per page. 0 turns fuel metering off
    /// (epoch-only: the deadline alone bounds the work, and pages run faster).
    #[arg(long, value_name = "UNITS", default_value_t = riptide_sandbox::DEFAULT_FUEL)]
    pub fuel: u64,

    /// Sandbox: memory limit per page, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = riptide_sandbox::DEFAULT_MEMORY_LIMIT_BYTES >> 20)]
    pub memory_mib: usize,

    /// Sandbox: wall-clock deadline per page, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = riptide_sandbox::DEFAULT_TIMEOUT.as_millis() as u64)]
    pub timeout_ms: u64,

    /// Refuse inputs larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 32 * 1024 * 1024)]
    pub max_input_bytes: usize,

    /// Never show a progress bar.
    #[arg(long)]
    pub no_progress: bool,

    /// Print nothing on standard error but fatal errors.
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Report each failed input on standard error, and log the sandbox's limit
    /// breaches, its circuit breaker's state changes and its counters.
    #[arg(short, long)]
    pub verbose: bool,
}

/// `--mode` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ModeArg {
    /// The main content, as a careful reader would find it.
    Article,
    /// All visible text of the page.
    Full,
    /// Metadata only.
    Metadata,
    /// The content under the `--selector` CSS selectors.
    Custom,
}

/// `--format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One JSON object per line.
    Jsonl,
    /// One JSON array of all records.
    Json,
    /// The Markdown of each page.
    Markdown,
    /// The plain text of each page.
    Text,
}

/// `--extractor` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExtractorArg {
    /// The extraction engine in a WebAssembly sandbox with memory, fuel and time
    /// limits; falls back to native only when the sandbox itself is unavailable.
    Sandbox,
    /// The extraction engine compiled into riptide, without a sandbox.
    Native,
}
