//! `riptide`: extract clean content from web pages, from the command line.
//!
//! The binary only parses arguments, wires the library crates together and
//! prints; the work happens in `riptide-extraction` and friends.

mod args;
mod crawl;
mod crawl_args;
mod crawl_output;
mod exit;
mod extract;
mod extractor;
mod fetching;
mod inputs;
mod json;
mod logger;
mod map;
mod output;
mod serve;
mod serve_args;
mod worker;

use clap::Parser;

use crate::args::{Cli, Command};
use crate::exit::ExitCode;
use crate::logger::Verbosity;

/// mimalloc instead of the system allocator: extraction and crawling
/// allocate many small, short-lived strings and nodes, and glibc's malloc
/// spent ~12% of a crawl's instructions on them. With mimalloc a crawl of
/// the benchmark site takes ~6% fewer instructions (callgrind) at the same
/// RSS (see `no_thp` in the workspace manifest).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    logger::init(verbosity(&cli.command));
    let result = match cli.command {
        Command::Extract(args) => extract::run(args),
        Command::Crawl(args) => crawl::run(args),
        Command::Map(args) => map::run(args),
        Command::Worker(args) => worker::run(args),
        Command::Serve(args) => serve::run(args),
    };
    match result {
        Ok(code) => code.into(),
        Err(err) => {
            eprintln!("riptide: error: {err:#}");
            ExitCode::Fatal.into()
        }
    }
}

fn verbosity(command: &Command) -> Verbosity {
    let (quiet, verbose) = match command {
        Command::Extract(args) => (args.quiet, args.verbose),
        Command::Crawl(args) => (args.common.quiet, args.common.verbose),
        Command::Map(args) => (args.common.quiet, args.common.verbose),
        Command::Worker(args) => (args.quiet, false),
        Command::Serve(_) => return Verbosity::Service,
    };
    match (quiet, verbose) {
        (true, _) => Verbosity::Quiet,
        (false, true) => Verbosity::Verbose,
        (false, false) => Verbosity::Normal,
    }
}
