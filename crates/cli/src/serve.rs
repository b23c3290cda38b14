//! `riptide serve`: the HTTP API (riptide-api) with safe defaults: the SSRF
//! guard on, keys required off loopback, jobs resumed from the data directory.

use anyhow::Context;
use riptide_api::{ApiConfig, AppState, ExtractorKind};
use riptide_extraction::NativeExtractor;
use riptide_fetch::{FetchConfig, SsrfPolicy};

use crate::crawl::runtime;
use crate::exit::ExitCode;
use crate::serve_args::ServeArgs;

/// Runs `riptide serve` until SIGTERM or ctrl-c.
pub fn run(args: ServeArgs) -> anyhow::Result<ExitCode> {
    let config = api_config(&args);
    if let Err(err) = riptide_api::check_exposure(args.listen, &config) {
        eprintln!("riptide: error: {err}");
        return Ok(ExitCode::Usage);
    }
    let choice = ExtractorKind::from(args.extractor).choice();
    let extractor = riptide_api::build_extractor(choice, NativeExtractor::default());
    if let Some(err) = &extractor.sandbox_error {
        eprintln!(
            "riptide: warning: sandbox unavailable ({err}); extracting natively, /readyz reports not ready"
        );
    }
    runtime()?.block_on(async {
        let state = AppState::new(config, fetch_config(&args), extractor)?;
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .with_context(|| format!("listening on {}", args.listen))?;
        eprintln!("riptide: serving on http://{}", listener.local_addr()?);
        if args.db.is_some() {
            eprintln!(
                "riptide: jobs live in the database; `riptide worker --db URL` processes crawl them"
            );
        }
        riptide_api::serve(listener, state, riptide_api::shutdown_signal()).await?;
        eprintln!("riptide: stopped; running jobs resume at the next start");
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(ExitCode::Success)
}

/// API keys: `--api-key` values and the comma-separated `RIPTIDE_API_KEYS`.
fn api_keys(args: &ServeArgs) -> Vec<String> {
    let from_env = std::env::var("RIPTIDE_API_KEYS").unwrap_or_default();
    args.api_keys
        .iter()
        .map(String::as_str)
        .chain(from_env.split(','))
        .map(str::trim)
        .filter(|key| !key.is_empty())
        .map(str::to_owned)
        .collect()
}

fn api_config(args: &ServeArgs) -> ApiConfig {
    ApiConfig {
        data_dir: args.data_dir.clone(),
        database: args.db.clone(),
        api_keys: api_keys(args),
        max_body_bytes: args.max_body_bytes,
        max_pages_per_job: args.max_pages_per_job,
        max_jobs_per_key: args.max_jobs_per_key,
        rate_limit_per_minute: args.rate_limit,
        job_concurrency: usize::from(args.job_concurrency),
        public_url: args
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", args.listen)),
        ..ApiConfig::default()
    }
}

/// The server fetches for its callers: the SSRF guard is on.
fn fetch_config(args: &ServeArgs) -> FetchConfig {
    let mut config = FetchConfig {
        ssrf: SsrfPolicy {
            enabled: true,
            allow_hosts: args.allow_hosts.clone(),
            allow_nets: args.allow_nets.clone(),
        },
        ..FetchConfig::default()
    };
    if let Some(user_agent) = &args.user_agent {
        config.user_agent = user_agent.clone();
    }
    config
}
