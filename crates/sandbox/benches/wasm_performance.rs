//! `wasm_performance`: what the sandbox costs against the native engine.
//!
//! - `cold_start`: a new process (this binary, re-run as a child) that builds a
//!   sandbox from the warm AOT cache and extracts its first page, against a new
//!   process that extracts the same page natively: the difference is what the
//!   sandbox adds to a start. The parts (engine, cached-component load, link
//!   and pre-instantiation, first call, and within it the guest's own time)
//!   are printed as means over fresh child processes.
//! - `instantiate`: a fresh store and instance per document (a trivial call).
//! - `per_page`: a sample of pages (the eval sets under `/work/shared/eval`
//!   or `$RIPTIDE_EVAL_DIR` when present, else the extraction fixtures),
//!   native vs sandboxed with every limit on vs sandboxed with epoch
//!   interruption only (no fuel metering).
//! - `threads`: the same sample on 1 and 2 threads sharing one extractor.
//!
//! Compare within a group: sandboxed / native is the number that matters.
//! Group settings leave the timing to the command line, e.g.
//! `cargo bench -p riptide-sandbox --bench wasm_performance -- --warm-up-time 1 --measurement-time 5`.

use std::hint::black_box;
use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group};
use riptide_core::{ExtractInput, ExtractMode, Extractor};
use riptide_extraction::NativeExtractor;
use riptide_sandbox::{CacheOutcome, Sandbox, SandboxConfig};

/// Pages per sample: enough variety, short enough iterations.
const SAMPLE_PAGES: usize = 24;

fn sample_pages() -> Vec<String> {
    let eval = std::env::var_os("RIPTIDE_EVAL_DIR")
        .map_or_else(|| PathBuf::from("/work/shared/eval"), PathBuf::from);
    let mut pages = riptide_benches::load_dir(&eval).unwrap_or_default();
    if pages.is_empty() {
        pages = riptide_benches::fixture_pages();
    }
    // Every n-th page: a spread over both eval sets rather than the first few.
    let step = (pages.len() / SAMPLE_PAGES).max(1);
    pages
        .iter()
        .step_by(step)
        .take(SAMPLE_PAGES)
        .map(|page| {
            riptide_core::charset::decode_html(&page.bytes, None)
                .text
                .into_owned()
        })
        .collect()
}

fn run_all<'a>(extractor: &dyn Extractor, pages: impl IntoIterator<Item = &'a String>) {
    for html in pages {
        let input = ExtractInput {
            html,
            url: None,
            mode: &ExtractMode::Article,
        };
        let _ = black_box(extractor.extract(&input));
    }
}

fn cache_dir() -> PathBuf {
    std::env::temp_dir().join("riptide-bench-components")
}

fn config(fuel: bool) -> SandboxConfig {
    let defaults = SandboxConfig::default();
    SandboxConfig {
        cache_dir: Some(cache_dir()),
        fuel: if fuel { defaults.fuel } else { None },
        ..defaults
    }
}

/// Set in a child process: which extractor's cold start it runs.
const CHILD: &str = "RIPTIDE_BENCH_COLD_START";

/// The first page a new process extracts.
const FIRST_PAGE: &str = "<html><head><title>First</title></head><body><article><h1>First</h1>\
    <p>The first page a new process extracts, long enough to count as text.</p></article></body></html>";

fn first_page_input() -> ExtractInput<'static> {
    ExtractInput {
        html: FIRST_PAGE,
        url: None,
        mode: &ExtractMode::Article,
    }
}

/// The child's side of a cold start: build the extractor, extract the first
/// page, print the parts in nanoseconds (engine, load, link, first call,
/// guest time within the first call; only the first call for native).
fn cold_start_child(kind: &str) {
    match kind {
        "sandbox" => {
            let sandbox = Sandbox::new(config(true)).expect("sandbox");
            assert_eq!(sandbox.cache_outcome(), CacheOutcome::Hit, "warm cache");
            let started = Instant::now();
            let (_, stats) = sandbox
                .extract_with_stats(&first_page_input())
                .expect("first page");
            let first_call = started.elapsed();
            let parts = sandbox.startup_timings();
            println!(
                "{} {} {} {} {}",
                parts.engine.as_nanos(),
                parts.load.as_nanos(),
                parts.link.as_nanos(),
                first_call.as_nanos(),
                stats.guest_time.as_nanos()
            );
        }
        "native" => {
            let started = Instant::now();
            NativeExtractor::default()
                .extract(&first_page_input())
                .expect("first page");
            println!("{}", started.elapsed().as_nanos());
        }
        other => panic!("unknown cold start {other:?}"),
    }
}

/// Runs this binary as a child doing one cold start; returns what it printed.
fn spawn_cold_start(kind: &str) -> Vec<u128> {
    let output = Command::new(std::env::current_exe().expect("bench binary"))
        .env(CHILD, kind)
        .output()
        .expect("child process");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .map(|part| part.parse().expect("nanoseconds"))
        .collect()
}

fn cold_start(c: &mut Criterion) {
    drop(Sandbox::new(config(true)).expect("sandbox")); // warm the AOT cache
    report_startup_parts();
    let mut group = c.benchmark_group("cold_start");
    group.sample_size(20);
    for kind in ["sandbox", "native"] {
        group.bench_function(format!("new_process_first_page_{kind}"), |b| {
            b.iter(|| spawn_cold_start(kind))
        });
    }
    group.finish();
}

/// Criterion times whole processes; the parts of a start are printed instead.
fn report_startup_parts() {
    const STARTS: u32 = 20;
    let mut sums = [0u128; 5];
    let mut native = 0u128;
    for _ in 0..STARTS {
        for (sum, part) in sums.iter_mut().zip(spawn_cold_start("sandbox")) {
            *sum += part;
        }
        native += spawn_cold_start("native")[0];
    }
    let mean = |sum: u128| Duration::from_nanos((sum / u128::from(STARTS)) as u64);
    let [engine, load, link, first_call, guest] = sums.map(mean);
    eprintln!(
        "cold_start parts (mean of {STARTS} new processes, cached component): engine {engine:?}, \
         load {load:?}, link+pre-instantiate {link:?}, first call {first_call:?} \
         (guest {guest:?}, so instantiate and copies {:?}); total {:?}; native first page {:?}",
        first_call.saturating_sub(guest),
        engine + load + link + first_call,
        mean(native),
    );
}

fn instantiate(c: &mut Criterion) {
    let sandbox = Sandbox::new(config(true)).expect("sandbox");
    c.bench_function("instantiate/fresh_store_instance_and_trivial_call", |b| {
        b.iter(|| black_box(sandbox.modes().expect("modes")))
    });
}

fn per_page(c: &mut Criterion) {
    let pages = sample_pages();
    let bytes: usize = pages.iter().map(String::len).sum();
    let native = NativeExtractor::default();
    let limited = Sandbox::new(config(true)).expect("sandbox");
    let epoch_only = Sandbox::new(config(false)).expect("sandbox");
    let mut group = c.benchmark_group("per_page");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("native", |b| b.iter(|| run_all(&native, &pages)));
    group.bench_function("sandboxed_all_limits", |b| {
        b.iter(|| run_all(&limited, &pages))
    });
    group.bench_function("sandboxed_epoch_only", |b| {
        b.iter(|| run_all(&epoch_only, &pages))
    });
    group.finish();
}

fn threads(c: &mut Criterion) {
    let pages = Arc::new(sample_pages());
    let bytes: usize = pages.iter().map(String::len).sum();
    let native: Arc<dyn Extractor> = Arc::new(NativeExtractor::default());
    let sandboxed: Arc<dyn Extractor> = Arc::new(Sandbox::new(config(true)).expect("sandbox"));
    let mut group = c.benchmark_group("threads");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    for threads in [1, 2] {
        for (name, extractor) in [("native", &native), ("sandboxed", &sandboxed)] {
            group.bench_with_input(BenchmarkId::new(name, threads), &threads, |b, &threads| {
                b.iter(|| parallel(extractor, &pages, threads))
            });
        }
    }
    group.finish();
}

/// Splits the sample between `threads` threads sharing one extractor.
fn parallel(extractor: &Arc<dyn Extractor>, pages: &Arc<Vec<String>>, threads: usize) {
    std::thread::scope(|scope| {
        for worker in 0..threads {
            scope.spawn(move || {
                run_all(
                    extractor.as_ref(),
                    pages.iter().skip(worker).step_by(threads),
                );
            });
        }
    });
}

criterion_group!(benches, cold_start, instantiate, per_page, threads);

/// `criterion_main!`, except that a child process runs one cold start instead.
fn main() {
    if let Ok(kind) = std::env::var(CHILD) {
        cold_start_child(&kind);
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
