//! Arguments of `riptide serve`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Args;
use riptide_fetch::IpNet;

use crate::crawl_args::CrawlExtractor;

/// Arguments of `riptide serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on. Any non-loopback address requires API keys.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:3002")]
    pub listen: SocketAddr,

    /// An accepted API key (repeatable; clients send `Authorization: Bearer KEY`).
    /// Prefer the RIPTIDE_API_KEYS environment variable (comma-separated): it
    /// does not show in the process list.
    #[arg(long = "api-key", value_name = "KEY")]
    pub api_keys: Vec<String>,

    /// Where jobs and their crawl state are kept (created if missing), when
    /// there is no --db.
    #[arg(long, value_name = "DIR", default_value = "riptide-data")]
    pub data_dir: PathBuf,

    /// Keep jobs in a PostgreSQL database (`postgres://user@host/db`) instead
    /// of the data directory: `riptide worker --db` processes, here or on
    /// other machines, crawl them; this server registers, shows and cancels them.
    #[arg(long, value_name = "URL")]
    pub db: Option<String>,

    /// Let fetches reach this host even though it resolves to a private or
    /// loopback address (repeatable). The SSRF guard refuses those otherwise.
    #[arg(long = "allow-host", value_name = "HOST")]
    pub allow_hosts: Vec<String>,

    /// Let fetches reach this network (CIDR, repeatable), e.g. 10.0.0.0/8 or 127.0.0.1/32.
    #[arg(long = "allow-net", value_name = "CIDR")]
    pub allow_nets: Vec<IpNet>,

    /// Refuse request bodies larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = 10 * 1024 * 1024)]
    pub max_body_bytes: usize,

    /// Pages one crawl or batch job may record at most.
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub max_pages_per_job: u64,

    /// Running jobs one API key may have at once.
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub max_jobs_per_key: u64,

    /// Requests per minute one API key may make (0: unlimited).
    #[arg(long, value_name = "N", default_value_t = 600)]
    pub rate_limit: u32,

    /// Pages in flight per job.
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..))]
    pub job_concurrency: u16,

    /// The server's public base URL, used in the `url` and `next` links of job responses
    /// (default: http://LISTEN, where LISTEN is the listen address).
    #[arg(long, value_name = "URL")]
    pub public_url: Option<String>,

    /// Which extractor runs the pages.
    #[arg(long, value_enum, default_value_t = CrawlExtractor::Sandbox)]
    pub extractor: CrawlExtractor,

    /// The User-Agent header of fetches.
    #[arg(long, value_name = "UA")]
    pub user_agent: Option<String>,
}
