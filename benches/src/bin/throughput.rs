//! Single-threaded extraction throughput over a directory of pages.
//!
//! ```text
//! cargo run --release -p riptide-benches --bin throughput -- DIR [--mode article|full|metadata] [--rounds N] [--slowest N]
//! ```
//!
//! Every `*.html` / `*.htm` file under DIR is read into memory first; then each
//! round decodes and extracts every page once, on this thread. The best round
//! is reported as pages/s and MB/s (the last line is machine-readable for
//! `scripts/compare-trafilatura`). With no DIR, the repository's fixtures are used.
//! `--slowest N` then times each page alone and lists the N slowest on stderr.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use riptide_benches::{Page, extract_all, extract_page, fixtures_dir, load_dir};
use riptide_core::ExtractMode;

struct Args {
    dir: PathBuf,
    mode: ExtractMode,
    rounds: usize,
    slowest: usize,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        dir: fixtures_dir(),
        mode: ExtractMode::Article,
        rounds: 3,
        slowest: 0,
    };
    let mut raw = std::env::args().skip(1);
    while let Some(arg) = raw.next() {
        match arg.as_str() {
            "--mode" => {
                let value = raw.next().ok_or("--mode needs a value")?;
                args.mode = value.parse().map_err(|e| format!("{e}"))?;
                if matches!(args.mode, ExtractMode::Custom(_)) {
                    return Err("--mode custom is not supported here".into());
                }
            }
            "--rounds" => {
                let value = raw.next().ok_or("--rounds needs a value")?;
                args.rounds = value
                    .parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or("--rounds needs a positive number")?;
            }
            "--slowest" => {
                let value = raw.next().ok_or("--slowest needs a value")?;
                args.slowest = value.parse().map_err(|_| "--slowest needs a number")?;
            }
            "-h" | "--help" => return Err(String::new()),
            dir if !dir.starts_with('-') => args.dir = PathBuf::from(dir),
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("throughput: {message}");
            }
            eprintln!(
                "usage: throughput [DIR] [--mode article|full|metadata] [--rounds N] [--slowest N]"
            );
            return ExitCode::from(2);
        }
    };
    let pages = match load_dir(&args.dir) {
        Ok(pages) if !pages.is_empty() => pages,
        Ok(_) => {
            eprintln!("throughput: no *.html files under {}", args.dir.display());
            return ExitCode::from(2);
        }
        Err(err) => {
            eprintln!("throughput: reading {}: {err}", args.dir.display());
            return ExitCode::from(2);
        }
    };
    let mut best = f64::INFINITY;
    let mut stats = Default::default();
    for round in 1..=args.rounds {
        let start = Instant::now();
        stats = extract_all(&pages, &args.mode);
        let secs = start.elapsed().as_secs_f64();
        best = best.min(secs);
        eprintln!("round {round}: {:.3} s", secs);
    }
    let megabytes = stats.bytes as f64 / 1e6;
    println!(
        "{} pages ({:.1} MB, {} failed, {} words) in {:.3} s, mode {}, 1 thread",
        stats.pages, megabytes, stats.failed, stats.words, best, args.mode
    );
    println!(
        "pages_per_sec={:.1} mb_per_sec={:.2}",
        stats.pages as f64 / best,
        megabytes / best
    );
    if args.slowest > 0 {
        print_slowest(&pages, &args.mode, args.slowest);
    }
    ExitCode::SUCCESS
}

/// Times each page alone and prints the `n` slowest, to find what dominates.
fn print_slowest(pages: &[Page], mode: &ExtractMode, n: usize) {
    let mut timed: Vec<(f64, &Page)> = pages
        .iter()
        .map(|page| {
            let start = Instant::now();
            let _ = extract_page(page, mode);
            (start.elapsed().as_secs_f64(), page)
        })
        .collect();
    timed.sort_by(|a, b| b.0.total_cmp(&a.0));
    eprintln!("slowest pages:");
    for (secs, page) in timed.iter().take(n) {
        eprintln!(
            "  {:8.1} ms {:9} bytes  {}",
            secs * 1e3,
            page.bytes.len(),
            page.name
        );
    }
}
