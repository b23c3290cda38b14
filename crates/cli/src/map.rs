//! `riptide map`: the URLs of a site, from its sitemaps and links, without extraction.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use riptide_core::{CrawlStore, Extractor};
use riptide_crawl::Crawler;
use riptide_extraction::NativeExtractor;
use riptide_fetch::HttpFetcher;
use riptide_store::SqliteStore;

use crate::crawl::{Progress, StateFile, crawl_config, fetch_config, print_summary, runtime};
use crate::crawl_args::MapArgs;
use crate::exit::ExitCode;

/// URLs listed per store query.
const PAGE: usize = 4096;

/// Runs `riptide map`: crawls without extracting, then lists every URL found
/// in scope (fetched or not), in discovery order.
pub fn run(args: MapArgs) -> anyhow::Result<ExitCode> {
    let common = &args.common;
    let state = StateFile::new(common.state.as_deref())?;
    let store = Arc::new(SqliteStore::open(state.path()).context("opening the crawl state")?);
    // Never called: extraction is off (`extract: None`); the crawler still needs one.
    let extractor: Arc<dyn Extractor> = Arc::new(NativeExtractor::default());
    let config = crawl_config(common, None)?;
    let fetcher = Arc::new(HttpFetcher::new(fetch_config(common))?);
    let crawler = Crawler::new(config, fetcher, Arc::clone(&store), extractor)?;
    let progress = Progress::new(common);
    let started = Instant::now();
    let stats = runtime()?.block_on(crawler.run(&|event| progress.observe(event)))?;
    progress.bar.finish_and_clear();

    let out: Box<dyn Write> = match &args.output {
        Some(path) => {
            Box::new(File::create(path).with_context(|| format!("creating {}", path.display()))?)
        }
        None => Box::new(io::stdout().lock()),
    };
    let mut out = BufWriter::new(out);
    let mut after = 0;
    loop {
        let urls = store.urls_after(after, PAGE)?;
        let Some((last, _)) = urls.last() else { break };
        after = *last;
        for (_, url) in &urls {
            writeln!(out, "{url}").context("writing output")?;
        }
    }
    out.flush().context("writing output")?;
    if !common.quiet {
        print_summary(&*store, &stats, started.elapsed());
    }
    drop(store);
    state.cleanup();
    Ok(ExitCode::Success)
}
