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
mod fetching;
mod inputs;
mod map;
mod output;
mod serve;
mod serve_args;

use clap::Parser;

use crate::args::{Cli, Command};
use crate::exit::ExitCode;

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => extract::run(args),
        Command::Crawl(args) => crawl::run(args),
        Command::Map(args) => map::run(args),
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
